//! Responsive images: every photo or drawing of the site becomes a set of smaller files
//! for phones, in its own format and in WebP, with no metadata left in them.
//!
//! [`process_all`] takes one [`ImageJob`] per source image and returns, in the same order,
//! a [`Processed`] per image that worked and a [`Diagnostic`] per image that did not (in
//! plain Japanese, naming the file); one bad image never stops the others. Images are
//! processed in parallel.
//!
//! For each image: the header is read first and an image over [`Settings::max_pixels`] is
//! refused before any pixel is decoded. Then the image is decoded (JPEG, PNG, GIF — first
//! frame — or WebP), turned upright by its EXIF orientation (phones store photos sideways
//! and say so in EXIF), resized to each of [`Settings::widths`] it can fill (never
//! upscaled) and encoded twice per width: `{out_base}-{width}.jpg` (or `.png`) and
//! `{out_base}-{width}.webp`. Encoders see raw pixels only: the GPS position, camera
//! serial number and every other EXIF/XMP field of a staff member's phone photo are gone.
//!
//! The fallback format is the source's: JPEG stays JPEG, PNG stays PNG; a GIF's first
//! frame becomes PNG, a WebP source JPEG (PNG if it has transparency). WebP files are lossy
//! (libwebp, at [`Settings::jpeg_quality`]) for photos and lossless for PNG and GIF
//! sources, which are usually drawings or screenshots with text.
//!
//! Results are cached in `cache_dir` (module `cache`): an unchanged image is
//! not decoded again, and entries no longer used by the site are deleted at the end of
//! each run.

mod cache;
mod pipeline;
pub mod wire;

pub use wire::Media;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use pipeline::{Failure, Rendered};

/// Bump when a change to the pipeline changes its outputs: every cache entry is then
/// recomputed.
pub const PIPELINE_VERSION: u32 = 1;

/// The `sizes` attribute for images in the page's content column (at most 60rem wide).
pub const SIZES: &str = "(max-width: 60rem) 100vw, 60rem";

/// One source image to process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageJob {
    /// Absolute path of the source file.
    pub source: PathBuf,
    /// The path shown to staff in messages, e.g. `content/resources/salon.jpg`.
    pub display: String,
    /// Output path without extension, relative to the output root, e.g. `resources/salon`.
    pub out_base: String,
}

/// How images are processed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Output widths in pixels. Widths wider than an image are skipped (never upscaled).
    pub widths: Vec<u32>,
    /// JPEG quality 1–100; also the quality of lossy WebP.
    pub jpeg_quality: u8,
    /// Also write WebP files.
    pub webp: bool,
    /// Images with more pixels than this are refused before decoding.
    pub max_pixels: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            widths: vec![480, 960, 1440],
            jpeg_quality: 80,
            webp: true,
            max_pixels: 40_000_000,
        }
    }
}

/// The outputs of one image and what a page needs to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// [`ImageJob::display`] of the source.
    pub display: String,
    /// Intrinsic size of the largest output (for `width`/`height`: no layout shift).
    pub width: u32,
    pub height: u32,
    /// Files to write: path relative to the output root, and bytes. Fallback-format files
    /// first, then WebP, each from narrow to wide.
    pub outputs: Vec<(String, Vec<u8>)>,
    /// `srcset` of the fallback format: `resources/salon-480.jpg 480w, …`, URL paths
    /// (percent-encoded where needed) relative to the output root.
    pub srcset: String,
    /// `srcset` of the WebP files; empty when no WebP was made (WebP turned off, or an
    /// image too tall for WebP): then render a plain `<img>`.
    pub srcset_webp: String,
    /// URL path of the largest fallback-format output, relative to the output root.
    pub src: String,
    /// Whether the outputs came from the cache (nothing was decoded).
    pub from_cache: bool,
}

/// Counts of one [`process_all_with_stats`] run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Images actually decoded (cache misses that got past the header checks).
    pub decoded: usize,
    /// Images served from the cache.
    pub cache_hits: usize,
    /// Stale cache files deleted.
    pub stale_removed: usize,
}

/// Process every image of the site. See the module documentation.
///
/// `jobs` must be all the images of the site: cache entries not used by any of them are
/// deleted at the end.
pub fn process_all(
    jobs: &[ImageJob],
    cache_dir: &Path,
    settings: &Settings,
) -> (Vec<Processed>, Vec<Diagnostic>) {
    let (processed, diagnostics, _) = process_all_with_stats(jobs, cache_dir, settings);
    (processed, diagnostics)
}

/// [`process_all`], also returning what was done (for logs and tests).
pub fn process_all_with_stats(
    jobs: &[ImageJob],
    cache_dir: &Path,
    settings: &Settings,
) -> (Vec<Processed>, Vec<Diagnostic>, Stats) {
    let decoded = AtomicUsize::new(0);
    let results: Vec<Outcome> = jobs
        .par_iter()
        .map(|job| process_one(job, cache_dir, settings, &decoded))
        .collect();
    let mut stats = Stats {
        decoded: decoded.into_inner(),
        ..Stats::default()
    };
    let mut used = HashSet::new();
    let mut processed = Vec::new();
    let mut diagnostics = Vec::new();
    for (key, result) in results {
        used.extend(key);
        match result {
            Ok(p) => {
                stats.cache_hits += usize::from(p.from_cache);
                processed.push(p);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    stats.stale_removed = cache::sweep(cache_dir, &used);
    tracing::debug!(
        images = jobs.len(),
        decoded = stats.decoded,
        cache_hits = stats.cache_hits,
        stale_removed = stats.stale_removed,
        "images processed"
    );
    (processed, diagnostics, stats)
}

/// One image: its cache key (when it has outputs) and its outputs or problem.
type Outcome = (Option<[u8; 32]>, Result<Processed, Diagnostic>);

fn process_one(
    job: &ImageJob,
    cache_dir: &Path,
    settings: &Settings,
    decoded: &AtomicUsize,
) -> Outcome {
    let bytes = match std::fs::read(&job.source) {
        Ok(b) => b,
        Err(e) => return (None, Err(unreadable_file(job, &e))),
    };
    let key = cache::key(&bytes, settings);
    if let Some(rendered) = cache::load(cache_dir, &key) {
        return (Some(key), Ok(assemble(job, rendered, true)));
    }
    // Decoders are third-party code fed with files from anywhere: a panic inside one is
    // reported like any damaged file instead of stopping the build.
    let rendered = catch_unwind(AssertUnwindSafe(|| {
        let (format, w, h) = pipeline::header(&bytes)?;
        pipeline::check_size(w, h, settings.max_pixels)?;
        decoded.fetch_add(1, Ordering::Relaxed);
        let img = pipeline::decode(&bytes, format, settings.max_pixels)?;
        pipeline::render(&img, format, settings)
    }))
    .unwrap_or_else(|_| Err(Failure::Unreadable("the decoder stopped".into())));
    match rendered {
        Ok(rendered) => {
            if let Err(e) = cache::store(cache_dir, &key, &rendered) {
                tracing::warn!(
                    "cannot write the image cache in {}: {e}",
                    cache_dir.display()
                );
            }
            (Some(key), Ok(assemble(job, rendered, false)))
        }
        Err(failure) => (None, Err(diagnostic(job, &failure))),
    }
}

fn assemble(job: &ImageJob, rendered: Rendered, from_cache: bool) -> Processed {
    let mut srcset = Vec::new();
    let mut srcset_webp = Vec::new();
    let (mut width, mut height, mut src) = (0, 0, String::new());
    let mut outputs = Vec::with_capacity(rendered.files.len());
    for f in rendered.files {
        let path = format!("{}-{}.{}", job.out_base, f.width, f.ext);
        let candidate = format!("{} {}w", url_path(&path), f.width);
        if f.ext == "webp" {
            srcset_webp.push(candidate);
        } else {
            srcset.push(candidate);
            if f.width >= width {
                (width, height, src) = (f.width, f.height, url_path(&path));
            }
        }
        outputs.push((path, f.bytes));
    }
    Processed {
        display: job.display.clone(),
        width,
        height,
        outputs,
        srcset: srcset.join(", "),
        srcset_webp: srcset_webp.join(", "),
        src,
        from_cache,
    }
}

/// `path` as a URL path: bytes other than ASCII letters, digits and `-_./~` are
/// percent-encoded (a space or comma would otherwise break a `srcset`).
pub(crate) fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-_./~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Processed {
    /// The `<picture>` element for this image. `root` leads from the page to the output
    /// root (`""`, `"../"`, `"../../"`: links stay relative so the site works from a USB
    /// stick); `alt` is plain text and is escaped here.
    pub fn picture_html(&self, alt: &str, root: &str) -> String {
        let prefix = |srcset: &str| {
            srcset
                .split(", ")
                .map(|c| format!("{root}{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let img = format!(
            "<img src=\"{root}{}\" srcset=\"{}\" sizes=\"{SIZES}\" width=\"{}\" height=\"{}\" alt=\"{}\">",
            self.src,
            prefix(&self.srcset),
            self.width,
            self.height,
            escape_attr(alt)
        );
        if self.srcset_webp.is_empty() {
            return img;
        }
        format!(
            "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\">{img}</picture>",
            prefix(&self.srcset_webp)
        )
    }
}

fn with_file(mut d: Diagnostic, job: &ImageJob) -> Diagnostic {
    d.file = Some(job.display.clone());
    d
}

fn unreadable_file(job: &ImageJob, e: &std::io::Error) -> Diagnostic {
    with_file(
        Diagnostic::field_error(
            format!("画像ファイルを読み込めません（{e}）。"),
            format!("cannot read the image file ({e})"),
        )
        .hint(
            "ファイルがその場所にあるか、ほかのソフトで開いたままになっていないか確かめてください。",
            "check that the file exists and is not locked by another program",
        ),
        job,
    )
}

/// Pixels in 万 (10,000s), the unit Japanese cameras and phones use (1200万画素).
fn man(pixels: u64) -> String {
    let m = pixels.div_ceil(10_000);
    let digits = m.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn diagnostic(job: &ImageJob, failure: &Failure) -> Diagnostic {
    let d = match failure {
        Failure::Empty => Diagnostic::field_error(
            "画像ファイルが空です（0 バイト）。",
            "the image file is empty (0 bytes)",
        )
        .hint(
            "コピーが途中で止まった可能性があります。元の画像をもう一度コピーしてください。",
            "the copy may have been interrupted: copy the original image again",
        ),
        Failure::Unreadable(detail) => {
            tracing::debug!("{}: {detail}", job.display);
            Diagnostic::field_error(
                "画像を読み込めません。ファイルが壊れているか、対応していない形式です（JPEG・PNG・GIF・WebP に対応）。",
                "cannot read the image: the file is damaged or not in a supported format (JPEG, PNG, GIF or WebP)",
            )
            .hint(
                "画像をパソコンで開けるか確かめ、開けたら JPEG（写真）か PNG（図・イラスト）で保存し直してください。",
                "open the image on a computer; if it opens, save it again as JPEG (photos) or PNG (drawings)",
            )
        }
        Failure::TooLarge {
            width,
            height,
            limit,
        } => {
            let pixels = u64::from(*width) * u64::from(*height);
            Diagnostic::field_error(
                format!(
                    "画像が大きすぎます（{width}×{height} ピクセル、約{}万画素）。扱えるのは{}万画素までです。",
                    man(pixels),
                    man(*limit)
                ),
                format!(
                    "the image is too large ({width}×{height} pixels, {pixels} pixels); the limit is {limit} pixels"
                ),
            )
            .hint(
                "画像ソフトで幅 3000 ピクセル程度に縮小してから保存し直してください。ウェブでは十分な大きさです。",
                "resize it to about 3000 pixels wide in an image editor: that is plenty for the web",
            )
        }
        Failure::Encode(detail) => Diagnostic::field_error(
            format!("画像を変換できませんでした（{detail}）。"),
            format!("cannot convert the image ({detail})"),
        )
        .hint(
            "縦または横に極端に長い画像は変換できません。画像ソフトで切り分けるか縮小してください。",
            "images of extreme proportions cannot be converted: crop or resize it",
        ),
    };
    with_file(d, job)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_are_safe_in_srcset() {
        assert_eq!(
            url_path("resources/salon-480.jpg"),
            "resources/salon-480.jpg"
        );
        assert_eq!(url_path("a b,c.jpg"), "a%20b%2Cc.jpg");
        assert_eq!(url_path("写真.jpg"), "%E5%86%99%E7%9C%9F.jpg");
    }

    #[test]
    fn man_counts_in_ten_thousands() {
        assert_eq!(man(40_000_000), "4,000");
        assert_eq!(man(400_000_000), "40,000");
        assert_eq!(man(12_000_000), "1,200");
        assert_eq!(man(5), "1");
    }

    fn sample() -> Processed {
        let job = ImageJob {
            source: PathBuf::from("/x/salon.jpg"),
            display: "content/resources/salon.jpg".into(),
            out_base: "resources/salon".into(),
        };
        let file = |width, height, ext: &str| pipeline::Encoded {
            width,
            height,
            ext: ext.into(),
            bytes: vec![0],
        };
        let rendered = Rendered {
            files: vec![
                file(480, 270, "jpg"),
                file(960, 540, "jpg"),
                file(480, 270, "webp"),
                file(960, 540, "webp"),
            ],
        };
        assemble(&job, rendered, false)
    }

    #[test]
    fn assemble_names_outputs_and_srcsets() {
        let p = sample();
        let paths: Vec<&str> = p.outputs.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "resources/salon-480.jpg",
                "resources/salon-960.jpg",
                "resources/salon-480.webp",
                "resources/salon-960.webp"
            ]
        );
        assert_eq!(
            p.srcset,
            "resources/salon-480.jpg 480w, resources/salon-960.jpg 960w"
        );
        assert_eq!(
            p.srcset_webp,
            "resources/salon-480.webp 480w, resources/salon-960.webp 960w"
        );
        assert_eq!(p.src, "resources/salon-960.jpg");
        assert_eq!((p.width, p.height), (960, 540));
    }

    #[test]
    fn picture_html_is_relative_and_escaped() {
        let p = sample();
        let html = p.picture_html("体操 \"いきいき\" & <歌>", "../../");
        assert_eq!(
            html,
            "<picture><source type=\"image/webp\" srcset=\"../../resources/salon-480.webp 480w, ../../resources/salon-960.webp 960w\" sizes=\"(max-width: 60rem) 100vw, 60rem\">\
             <img src=\"../../resources/salon-960.jpg\" srcset=\"../../resources/salon-480.jpg 480w, ../../resources/salon-960.jpg 960w\" sizes=\"(max-width: 60rem) 100vw, 60rem\" \
             width=\"960\" height=\"540\" alt=\"体操 &quot;いきいき&quot; &amp; &lt;歌&gt;\"></picture>"
        );
        let plain = Processed {
            srcset_webp: String::new(),
            ..p
        };
        assert!(
            plain
                .picture_html("a", "")
                .starts_with("<img src=\"resources/")
        );
    }
}
