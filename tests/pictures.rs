//! Images and links in pages (`build`, `check`): Markdown images and resource photos become `<picture>` with
//! responsive sizes; the published files carry no EXIF (read back with kamadak-exif); a
//! missing alt text, a missing or damaged image stop the build with the file and line of
//! the reference; the image cache is reused and swept.

use crate::common;

use std::io::Cursor;

use common::SiteTest;
use image::{ImageFormat, Rgb, RgbImage};

fn le16(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}

fn le32(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}

/// One IFD entry: tag, type, count, value or offset (little-endian TIFF).
fn entry(v: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
    le16(v, tag);
    le16(v, kind);
    le32(v, count);
    le32(v, value);
}

/// A minimal EXIF block (TIFF, little-endian) with Make, Orientation and a GPS IFD holding
/// a position in Tottori city, laid out by hand:
/// 0 header · 8 IFD0 (3 entries) · 50 Make · 58 GPS IFD (5 entries) · 124 latitude ·
/// 148 longitude · 172 end.
fn exif_tiff(orientation: u16) -> Vec<u8> {
    const BYTE: u16 = 1;
    const ASCII: u16 = 2;
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const RATIONAL: u16 = 5;
    let mut t = b"II\x2a\x00".to_vec();
    le32(&mut t, 8);
    le16(&mut t, 3);
    entry(&mut t, 0x010f, ASCII, 8, 50); // Make
    entry(&mut t, 0x0112, SHORT, 1, u32::from(orientation)); // Orientation
    entry(&mut t, 0x8825, LONG, 1, 58); // GPSInfo IFD
    le32(&mut t, 0); // no next IFD
    assert_eq!(t.len(), 50);
    t.extend_from_slice(b"Tsunagu\0");
    assert_eq!(t.len(), 58);
    le16(&mut t, 5);
    entry(&mut t, 0x0000, BYTE, 4, u32::from_le_bytes([2, 3, 0, 0])); // GPSVersionID
    entry(&mut t, 0x0001, ASCII, 2, u32::from(b'N')); // GPSLatitudeRef
    entry(&mut t, 0x0002, RATIONAL, 3, 124); // GPSLatitude
    entry(&mut t, 0x0003, ASCII, 2, u32::from(b'E')); // GPSLongitudeRef
    entry(&mut t, 0x0004, RATIONAL, 3, 148); // GPSLongitude
    le32(&mut t, 0);
    assert_eq!(t.len(), 124);
    for (num, den) in [(35, 1), (30, 1), (1234, 100), (134, 1), (14, 1), (0, 1)] {
        le32(&mut t, num);
        le32(&mut t, den);
    }
    assert_eq!(t.len(), 172);
    t
}

/// A JPEG encoded by `image`, with an EXIF APP1 segment spliced in after SOI.
fn jpeg_with_exif(img: &RgbImage, orientation: u16) -> Vec<u8> {
    let plain = encode(&img.clone().into(), ImageFormat::Jpeg);
    assert_eq!(&plain[..2], [0xff, 0xd8]);
    let tiff = exif_tiff(orientation);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xff, 0xe1]);
    out.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&plain[2..]);
    out
}

fn read_exif(bytes: &[u8]) -> Result<exif::Exif, exif::Error> {
    exif::Reader::new().read_from_container(&mut Cursor::new(bytes))
}

fn photo() -> Vec<u8> {
    let img = RgbImage::from_fn(1200, 800, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    jpeg_with_exif(&img, 1)
}

fn encode(img: &image::DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

const PAGE: &str = "+++\ntitle = \"サロンの様子\"\n+++\n本文です。\n\n![公民館で体操をする参加者](salon.jpg)\n\n![装飾](salon.jpg)\n";

fn site_with_photo() -> SiteTest {
    let bytes = photo();
    assert!(read_exif(&bytes).is_ok(), "the test photo has EXIF");
    SiteTest::fixture("base")
        .write("content/salon.md", PAGE)
        .write("content/salon.jpg", bytes)
}

#[test]
fn a_markdown_photo_becomes_a_picture_without_any_exif() {
    let t = site_with_photo().build().succeeds();
    let html = t.read_raw("salon/index.html");
    assert!(
        html.contains("<picture><source type=\"image/webp\" srcset=\"../salon-480.webp 480w, ../salon-960.webp 960w, ../salon-1200.webp 1200w\""),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"../salon-1200.jpg\" srcset=\"../salon-480.jpg 480w, ../salon-960.jpg 960w, ../salon-1200.jpg 1200w\" sizes=\"(max-width: 60rem) 100vw, 60rem\" width=\"1200\" height=\"800\" alt=\"公民館で体操をする参加者\">"),
        "{html}"
    );
    assert!(
        html.contains("height=\"800\" alt=\"\">"),
        "decorative image: {html}"
    );
    // The original, with its GPS position, is not published; every copy has no EXIF.
    assert!(!t.out.join("salon.jpg").exists());
    for name in [
        "salon-480.jpg",
        "salon-960.jpg",
        "salon-1200.jpg",
        "salon-480.webp",
        "salon-1200.webp",
    ] {
        let bytes = std::fs::read(t.out.join(name)).unwrap();
        assert!(read_exif(&bytes).is_err(), "{name} has EXIF");
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "{name} has an Exif marker"
        );
    }
    let (w, h) = image::load_from_memory(&std::fs::read(t.out.join("salon-480.jpg")).unwrap())
        .map(|i| (i.width(), i.height()))
        .unwrap();
    assert_eq!((w, h), (480, 320));
}

#[test]
fn a_resource_photo_becomes_a_picture() {
    let t = SiteTest::fixture("base")
        .write(
            "content/resources/salon-minami.md",
            "+++\nname = \"南サロン\"\nkind = \"salon\"\narea = \"minami\"\nverified = 2026-10-01\n\n[[photos]]\nsrc = \"minami.jpg\"\nalt = \"椅子に座って体操をする参加者\"\n+++\n説明。\n",
        )
        .write("content/resources/minami.jpg", photo())
        .build()
        .succeeds();
    let html = t.read_raw("resources/salon-minami/index.html");
    assert!(
        html.contains("<picture><source type=\"image/webp\""),
        "{html}"
    );
    assert!(
        html.contains("width=\"1200\" height=\"800\" alt=\"椅子に座って体操をする参加者\""),
        "{html}"
    );
    assert!(!t.out.join("resources/minami.jpg").exists());
    assert!(t.out.join("resources/minami-960.webp").is_file());
}

#[test]
fn an_image_without_alt_text_fails_in_japanese() {
    SiteTest::fixture("base")
        .write(
            "content/salon.md",
            "+++\ntitle = \"サロン\"\n+++\n\n![](salon.jpg)\n",
        )
        .write("content/salon.jpg", photo())
        .build()
        .fails()
        .stderr_contains("画像「salon.jpg」に代わりの文章（alt）がありません。")
        .stderr_contains("content/salon.md:5:1");
}

#[test]
fn a_damaged_image_is_reported_with_its_path_and_the_reference_and_other_errors_too() {
    let t = SiteTest::fixture("base")
        .write(
            "content/salon.md",
            "+++\ntitle = \"サロン\"\n+++\n\n![体操の様子](broken.jpg)\n\n![地図](nowhere.png)\n",
        )
        .write(
            "content/broken.jpg",
            b"\xff\xd8\xff\xe0 this is not really a JPEG",
        )
        .write("content/unused.png", b"not a png either")
        .build()
        .fails()
        .stderr_contains("content/salon.md:5:1")
        .stderr_contains("画像「content/broken.jpg」: 画像を読み込めません。")
        .stderr_contains("画像「nowhere.png」が見つかりません。")
        .stderr_contains("content/salon.md:7:1")
        .stderr_contains("content/unused.png");
    assert!(!t.out.exists(), "nothing written");
}

fn cache_files(t: &SiteTest) -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
    let mut v: Vec<_> = walk(&t.root.join(".tsunagu-cache/images"));
    v.sort();
    v
}

fn walk(dir: &std::path::Path) -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            v.extend(walk(&e.path()));
        } else {
            v.push((e.path(), e.metadata().unwrap().modified().unwrap()));
        }
    }
    v
}

#[test]
fn the_cache_is_reused_and_stale_entries_are_removed() {
    let t = site_with_photo().build().succeeds();
    let first = cache_files(&t);
    assert!(!first.is_empty());
    std::thread::sleep(std::time::Duration::from_millis(20));
    let root = t.root.to_string_lossy().to_string();
    let out = t.out.to_string_lossy().to_string();
    let t = t
        .run(&["-v", "build", "--root", &root, "--output", &out])
        .succeeds()
        .stderr_contains("変換 0 / decoded, キャッシュ 1 / cached");
    assert_eq!(cache_files(&t), first, "cache entries untouched");
    // Another photo in its place: the old entry is deleted.
    let other = encode(
        &RgbImage::from_pixel(800, 600, Rgb([1, 2, 3])).into(),
        ImageFormat::Jpeg,
    );
    let t = t
        .write("content/salon.jpg", other)
        .run(&["-v", "build", "--root", &root, "--output", &out])
        .succeeds()
        .stderr_contains("変換 1 / decoded, キャッシュ 0 / cached, 削除 1 / stale removed");
    let now = cache_files(&t);
    assert!(first.iter().all(|f| !now.contains(f)), "{first:?} {now:?}");
}

#[test]
fn broken_page_links_anchors_and_images_are_reported_per_file_with_lines() {
    let t = SiteTest::fixture("base")
        .write(
            "content/links.md",
            "+++\ntitle = \"リンク集\"\n+++\n\n## 窓口\n\n[ある見出し](#窓口) と [ない見出し](#まどぐち)。\n\n[ないページ](../nowhere/) と [ある用語解説](../glossary/)。\n\n[外のサイト](https://example.jp/nowhere) [電話](tel:0857000000)\n\n![ない図](zu.svg)\n",
        )
        .check()
        .fails()
        .stderr_contains("リンク先「#まどぐち」のページに、見出し（id）「まどぐち」がありません")
        .stderr_contains("content/links.md:7:")
        .stderr_contains("リンク先「../nowhere/」が見つかりません")
        .stderr_contains("content/links.md:9:")
        .stderr_contains("画像「zu.svg」が見つかりません。")
        .stderr_contains("content/links.md:13:1");
    let err = t.stderr();
    assert!(
        !err.contains("#窓口」"),
        "a good anchor is not reported:\n{err}"
    );
    assert!(
        !err.contains("glossary"),
        "a good link is not reported:\n{err}"
    );
    assert!(
        !err.contains("example.jp"),
        "external links are not checked:\n{err}"
    );
}

#[test]
fn the_example_portal_has_no_broken_links() {
    let t = SiteTest::example().check();
    let err = t.stderr();
    assert!(!err.contains("リンク先"), "{err}");
    assert_eq!(t.status(), 0, "{err}");
}
