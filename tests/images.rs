//! Image processing: outputs are read back with independent decoders (the `image` crate
//! for pixels, `kamadak-exif` for metadata). Every test image is made here, in code.

use crate::common;

use std::fs;
use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use tsunagu::diagnostics::{Lang, Severity};
use tsunagu::images::{ImageJob, Processed, Settings, process_all, process_all_with_stats};

const RED: Rgb<u8> = Rgb([220, 20, 20]);
const BLUE: Rgb<u8> = Rgb([20, 20, 220]);

/// A `w`×`h` picture, left half red, right half blue: its orientation can be checked.
fn halves(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, _| if x < w / 2 { RED } else { BLUE })
}

fn encode(img: &image::DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

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

/// A site folder with its sources and cache folder.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        Site {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn cache(&self) -> std::path::PathBuf {
        self.dir.path().join(".tsunagu-cache/images")
    }

    fn add(&self, name: &str, bytes: &[u8]) -> ImageJob {
        let source = self.dir.path().join("content/resources").join(name);
        fs::create_dir_all(source.parent().unwrap()).unwrap();
        fs::write(&source, bytes).unwrap();
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        ImageJob {
            source,
            display: format!("content/resources/{name}"),
            out_base: format!("resources/{stem}"),
        }
    }

    fn cache_files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.cache())
            .map(|rd| {
                rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

/// Output paths with the decoded size of each file, checking its format by its extension.
fn decoded_sizes(p: &Processed) -> Vec<(String, u32, u32)> {
    p.outputs
        .iter()
        .map(|(path, bytes)| {
            let format = ImageFormat::from_path(path).unwrap();
            let img = image::load_from_memory_with_format(bytes, format)
                .unwrap_or_else(|e| panic!("{path} does not decode: {e}"));
            (path.clone(), img.width(), img.height())
        })
        .collect()
}

fn owned(list: &[(&str, u32, u32)]) -> Vec<(String, u32, u32)> {
    list.iter()
        .map(|&(p, w, h)| (p.to_string(), w, h))
        .collect()
}

fn is_red(p: Rgb<u8>) -> bool {
    p.0[0] > 150 && p.0[2] < 100
}

fn is_blue(p: Rgb<u8>) -> bool {
    p.0[2] > 150 && p.0[0] < 100
}

#[test]
fn gps_and_all_exif_are_removed_and_orientation_is_applied() {
    let site = Site::new();
    let source = jpeg_with_exif(&halves(1200, 800), 6);
    // The fixture really carries a GPS position and orientation 6.
    let exif = read_exif(&source).unwrap();
    assert!(
        exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
            .is_some()
    );
    let orientation = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .unwrap();
    assert_eq!(orientation.value.get_uint(0), Some(6));
    assert_eq!(image::load_from_memory(&source).unwrap().width(), 1200);

    let job = site.add("salon.jpg", &source);
    let (done, diags) = process_all(&[job], &site.cache(), &Settings::default());
    assert!(diags.is_empty(), "{diags:?}");
    let p = &done[0];
    // Upright: 800×1200. 480 fits; 960 does not, so the source width 800 is added.
    assert_eq!(
        decoded_sizes(p),
        owned(&[
            ("resources/salon-480.jpg", 480, 720),
            ("resources/salon-800.jpg", 800, 1200),
            ("resources/salon-480.webp", 480, 720),
            ("resources/salon-800.webp", 800, 1200),
        ])
    );
    assert_eq!((p.width, p.height), (800, 1200));
    assert_eq!(p.src, "resources/salon-800.jpg");
    assert_eq!(
        p.srcset,
        "resources/salon-480.jpg 480w, resources/salon-800.jpg 800w"
    );
    assert_eq!(
        p.srcset_webp,
        "resources/salon-480.webp 480w, resources/salon-800.webp 800w"
    );
    for (path, bytes) in &p.outputs {
        assert!(
            matches!(read_exif(bytes), Err(exif::Error::NotFound(_))),
            "{path} still has EXIF"
        );
        for needle in [&b"Exif\0"[..], b"Tsunagu", b"EXIF", b"XMP"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{path} contains {needle:?}"
            );
        }
        // Rotated clockwise: the red left half is now the top half.
        let img = image::load_from_memory(bytes).unwrap().to_rgb8();
        let (w, h) = img.dimensions();
        assert!(is_red(*img.get_pixel(w / 2, h / 4)), "{path} top");
        assert!(is_blue(*img.get_pixel(w / 2, h * 3 / 4)), "{path} bottom");
    }
}

#[test]
fn png_gives_resized_png_and_webp_with_transparency() {
    let site = Site::new();
    let mut img = RgbaImage::from_pixel(2000, 1000, Rgba([30, 120, 60, 255]));
    for y in 0..1000 {
        for x in 0..100 {
            img.put_pixel(x, y, Rgba([0, 0, 0, 0]));
        }
    }
    let job = site.add("map.png", &encode(&img.into(), ImageFormat::Png));
    let (done, diags) = process_all(&[job], &site.cache(), &Settings::default());
    assert!(diags.is_empty(), "{diags:?}");
    let p = &done[0];
    assert_eq!(
        decoded_sizes(p),
        owned(&[
            ("resources/map-480.png", 480, 240),
            ("resources/map-960.png", 960, 480),
            ("resources/map-1440.png", 1440, 720),
            ("resources/map-480.webp", 480, 240),
            ("resources/map-960.webp", 960, 480),
            ("resources/map-1440.webp", 1440, 720),
        ])
    );
    assert_eq!((p.width, p.height), (1440, 720));
    for (path, bytes) in &p.outputs {
        let out = image::load_from_memory(bytes).unwrap().to_rgba8();
        assert_eq!(out.get_pixel(2, 100).0[3], 0, "{path} keeps transparency");
        assert_eq!(
            out.get_pixel(out.width() - 2, 100).0,
            [30, 120, 60, 255],
            "{path}"
        );
    }
}

#[test]
fn small_images_are_never_upscaled() {
    let site = Site::new();
    let job = site.add(
        "icon.jpg",
        &encode(&halves(300, 200).into(), ImageFormat::Jpeg),
    );
    let (done, _) = process_all(&[job], &site.cache(), &Settings::default());
    assert_eq!(
        decoded_sizes(&done[0]),
        owned(&[
            ("resources/icon-300.jpg", 300, 200),
            ("resources/icon-300.webp", 300, 200),
        ])
    );
    assert_eq!(done[0].src, "resources/icon-300.jpg");
}

#[test]
fn gif_first_frame_and_webp_sources() {
    let site = Site::new();
    let gif = site.add(
        "flyer.gif",
        &encode(&halves(600, 300).into(), ImageFormat::Gif),
    );
    let webp = site.add(
        "hall.webp",
        &encode(&halves(1000, 500).into(), ImageFormat::WebP),
    );
    let (done, diags) = process_all(&[gif, webp], &site.cache(), &Settings::default());
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        decoded_sizes(&done[0]),
        owned(&[
            ("resources/flyer-480.png", 480, 240),
            ("resources/flyer-600.png", 600, 300),
            ("resources/flyer-480.webp", 480, 240),
            ("resources/flyer-600.webp", 600, 300),
        ])
    );
    assert_eq!(
        decoded_sizes(&done[1]),
        owned(&[
            ("resources/hall-480.jpg", 480, 240),
            ("resources/hall-960.jpg", 960, 480),
            ("resources/hall-480.webp", 480, 240),
            ("resources/hall-960.webp", 960, 480),
        ])
    );
}

#[test]
fn webp_can_be_turned_off() {
    let site = Site::new();
    let job = site.add(
        "a.jpg",
        &encode(&halves(1000, 500).into(), ImageFormat::Jpeg),
    );
    let settings = Settings {
        webp: false,
        widths: vec![320],
        ..Settings::default()
    };
    let (done, _) = process_all(&[job], &site.cache(), &settings);
    let p = &done[0];
    assert_eq!(
        decoded_sizes(p),
        owned(&[("resources/a-320.jpg", 320, 160)])
    );
    assert_eq!(p.srcset_webp, "");
    assert!(p.picture_html("a", "").starts_with("<img "));
}

#[test]
fn a_cache_hit_decodes_nothing_and_returns_the_same_files() {
    let site = Site::new();
    let jobs = [
        site.add(
            "a.jpg",
            &encode(&halves(1000, 600).into(), ImageFormat::Jpeg),
        ),
        site.add("b.png", &encode(&halves(500, 300).into(), ImageFormat::Png)),
    ];
    let settings = Settings::default();
    let (first, d1, s1) = process_all_with_stats(&jobs, &site.cache(), &settings);
    assert!(d1.is_empty());
    assert_eq!((s1.decoded, s1.cache_hits), (2, 0));
    assert!(first.iter().all(|p| !p.from_cache));
    assert_eq!(site.cache_files().len(), 2);

    let (second, d2, s2) = process_all_with_stats(&jobs, &site.cache(), &settings);
    assert!(d2.is_empty());
    assert_eq!((s2.decoded, s2.cache_hits, s2.stale_removed), (0, 2, 0));
    assert!(second.iter().all(|p| p.from_cache));
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(
            Processed {
                from_cache: true,
                ..a.clone()
            },
            *b
        );
    }

    // Other settings are another key: decoded again.
    let other = Settings {
        jpeg_quality: 60,
        ..Settings::default()
    };
    let (_, _, s3) = process_all_with_stats(&jobs, &site.cache(), &other);
    assert_eq!((s3.decoded, s3.cache_hits, s3.stale_removed), (2, 0, 2));
}

#[test]
fn stale_cache_entries_are_deleted() {
    let site = Site::new();
    let a = site.add(
        "a.jpg",
        &encode(&halves(700, 400).into(), ImageFormat::Jpeg),
    );
    let b = site.add(
        "b.jpg",
        &encode(&halves(640, 400).into(), ImageFormat::Jpeg),
    );
    let settings = Settings::default();
    process_all(&[a.clone(), b.clone()], &site.cache(), &settings);
    let both = site.cache_files();
    assert_eq!(both.len(), 2);
    fs::write(site.cache().join("notes.txt"), "kept").unwrap();

    let (_, _, stats) = process_all_with_stats(std::slice::from_ref(&a), &site.cache(), &settings);
    assert_eq!((stats.cache_hits, stats.stale_removed), (1, 1));
    let left = site.cache_files();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(left.contains(&"notes.txt".to_string()));

    // An edited image gets a new entry; the old one goes.
    fs::write(
        &a.source,
        encode(&halves(710, 400).into(), ImageFormat::Jpeg),
    )
    .unwrap();
    let (_, _, stats) = process_all_with_stats(&[a], &site.cache(), &settings);
    assert_eq!((stats.decoded, stats.stale_removed), (1, 1));
    let entries: Vec<_> = site
        .cache_files()
        .into_iter()
        .filter(|n| n.ends_with(".img"))
        .collect();
    assert_eq!(entries.len(), 1);
    assert!(!both.contains(&entries[0]));
}

#[test]
fn a_damaged_cache_entry_is_recomputed() {
    let site = Site::new();
    let job = site.add(
        "a.jpg",
        &encode(&halves(700, 400).into(), ImageFormat::Jpeg),
    );
    let settings = Settings::default();
    let (first, _) = process_all(std::slice::from_ref(&job), &site.cache(), &settings);
    let entry = site.cache().join(&site.cache_files()[0]);
    let data = fs::read(&entry).unwrap();
    for damaged in [
        data[..data.len() / 2].to_vec(),
        b"garbage".to_vec(),
        Vec::new(),
    ] {
        fs::write(&entry, damaged).unwrap();
        let (again, diags, stats) =
            process_all_with_stats(std::slice::from_ref(&job), &site.cache(), &settings);
        assert!(diags.is_empty());
        assert_eq!((stats.decoded, stats.cache_hits), (1, 0));
        assert_eq!(again[0].outputs, first[0].outputs);
        assert_eq!(fs::read(&entry).unwrap(), data, "the entry is rewritten");
    }
}

#[test]
fn a_corrupt_image_is_reported_and_the_others_still_processed() {
    let site = Site::new();
    let jobs = [
        site.add(
            "one.jpg",
            &encode(&halves(600, 400).into(), ImageFormat::Jpeg),
        ),
        site.add("broken.png", b"\x89PNG\r\n\x1a\nthis is not a png at all"),
        site.add("text.jpg", "これは画像ではありません".as_bytes()),
        site.add(
            "two.jpg",
            &encode(&halves(500, 400).into(), ImageFormat::Jpeg),
        ),
    ];
    let (done, diags, stats) = process_all_with_stats(&jobs, &site.cache(), &Settings::default());
    let names: Vec<&str> = done.iter().map(|p| p.display.as_str()).collect();
    assert_eq!(
        names,
        ["content/resources/one.jpg", "content/resources/two.jpg"]
    );
    assert_eq!(diags.len(), 2);
    assert_eq!(stats.decoded, 2);
    let files: Vec<_> = diags.iter().map(|d| d.file.as_deref().unwrap()).collect();
    assert_eq!(
        files,
        ["content/resources/broken.png", "content/resources/text.jpg"]
    );
    for d in &diags {
        assert_eq!(d.severity, Severity::Error);
        let ja = d.render(Lang::Ja);
        assert!(
            ja.contains("画像を読み込めません。ファイルが壊れているか、対応していない形式です（JPEG・PNG・GIF・WebP に対応）。"),
            "{ja}"
        );
        assert!(ja.contains("ヒント"), "{ja}");
        assert!(d.render(Lang::En).contains("JPEG, PNG, GIF or WebP"));
    }
    assert_eq!(
        site.cache_files().len(),
        2,
        "nothing cached for the bad files"
    );
}

#[test]
fn an_empty_or_missing_file_is_reported() {
    let site = Site::new();
    let empty = site.add("empty.jpg", b"");
    let mut missing = site.add("gone.jpg", b"x");
    fs::remove_file(&missing.source).unwrap();
    missing.display = "content/resources/gone.jpg".into();
    let (done, diags) = process_all(&[empty, missing], &site.cache(), &Settings::default());
    assert!(done.is_empty());
    let texts: Vec<String> = diags.iter().map(|d| d.render(Lang::Ja)).collect();
    assert!(
        texts[0].contains("画像ファイルが空です（0 バイト）。"),
        "{}",
        texts[0]
    );
    assert!(
        texts[0].contains("content/resources/empty.jpg"),
        "{}",
        texts[0]
    );
    assert!(
        texts[1].contains("画像ファイルを読み込めません"),
        "{}",
        texts[1]
    );
    assert!(
        texts[1].contains("content/resources/gone.jpg"),
        "{}",
        texts[1]
    );
}

#[test]
fn a_huge_image_is_refused_from_its_header_without_decoding() {
    let site = Site::new();
    let header = common::png_claiming(20000, 20000);
    assert!(header.len() < 100);
    // The header alone is a valid start of a PNG: the size comes from it.
    let dims = image::ImageReader::new(Cursor::new(&header))
        .with_guessed_format()
        .unwrap()
        .into_dimensions()
        .unwrap();
    assert_eq!(dims, (20000, 20000));
    let job = site.add("poster.png", &header);
    let (done, diags, stats) = process_all_with_stats(&[job], &site.cache(), &Settings::default());
    assert!(done.is_empty());
    assert_eq!(stats.decoded, 0, "refused before decoding");
    let ja = diags[0].render(Lang::Ja);
    assert!(
        ja.contains("画像が大きすぎます（20000×20000 ピクセル、約40,000万画素）。扱えるのは4,000万画素までです。"),
        "{ja}"
    );
    assert!(ja.contains("content/resources/poster.png"), "{ja}");
    assert!(site.cache_files().is_empty());
}

#[test]
fn the_pixel_limit_is_configurable() {
    let site = Site::new();
    let job = site.add("a.png", &encode(&halves(100, 100).into(), ImageFormat::Png));
    let strict = Settings {
        max_pixels: 9_999,
        ..Settings::default()
    };
    let (done, diags, stats) =
        process_all_with_stats(std::slice::from_ref(&job), &site.cache(), &strict);
    assert!(done.is_empty());
    assert_eq!(stats.decoded, 0);
    assert!(diags[0].render(Lang::En).contains("100×100 pixels"));
    let (done, diags) = process_all(
        &[job],
        &site.cache(),
        &Settings {
            max_pixels: 10_000,
            ..strict
        },
    );
    assert!(diags.is_empty());
    assert_eq!(done.len(), 1);
}

#[test]
fn results_keep_the_order_of_the_jobs() {
    let site = Site::new();
    let jobs: Vec<ImageJob> = (0..12u32)
        .map(|i| {
            let img = halves(200 + i * 10, 100);
            site.add(
                &format!("p{i}.jpg"),
                &encode(&img.into(), ImageFormat::Jpeg),
            )
        })
        .collect();
    let (done, diags) = process_all(&jobs, &site.cache(), &Settings::default());
    assert!(diags.is_empty());
    for (i, p) in done.iter().enumerate() {
        assert_eq!(p.display, format!("content/resources/p{i}.jpg"));
        assert_eq!(p.width, 200 + i as u32 * 10);
    }
}
