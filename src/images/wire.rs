//! Images in pages: every JPEG, PNG, GIF or WebP under `content/` goes through the
//! pipeline; the originals (with their EXIF and GPS) are never published, only the
//! processed copies. Markdown images and resource photos then become `<picture>` elements
//! ([`Media::picture`]).
//!
//! How a Markdown image's path is read (same for links to files): `photo.jpg` or
//! `img/photo.jpg` is relative to the Markdown file's folder under `content/`
//! (`content/news/a.md` → `content/news/photo.jpg`); `/photo.jpg` starts at `content/` (or
//! `static/`).
//!
//! An image is decorative (a line, an ornament: nothing a reader would miss) when its
//! alternative text is exactly `装飾` (or `（装飾）`, `decorative`): it gets `alt=""`
//! and screen readers skip it. Any other image without alternative text is an error.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{ImageJob, Processed, Settings, Stats};
use crate::diagnostics::{Diagnostic, display_path};

/// Where processed images are cached, under the site's root.
pub const CACHE_DIR: &str = ".tsunagu-cache/images";

/// Alternative texts that mark an image as decorative.
pub const DECORATIVE: [&str; 4] = ["装飾", "（装飾）", "(装飾)", "decorative"];

/// The site's images and other files, by path relative to `content/` (`news/photo.jpg`).
#[derive(Debug, Default)]
pub struct Media {
    pub processed: HashMap<String, Processed>,
    /// Images that could not be processed, with their problem (naming the image).
    pub failed: HashMap<String, Diagnostic>,
    /// Every other file that is published as it is (content assets and `static/` files).
    pub files: HashSet<String>,
    /// Failed images that a page refers to (reported there, with the page's line).
    pub referenced_failures: Mutex<HashSet<String>>,
    /// Output files of the processed images: output path and bytes.
    pub outputs: Vec<(String, Vec<u8>)>,
}

/// What an image reference resolves to.
pub enum Found<'a> {
    Image(&'a Processed),
    Failed(&'a Diagnostic),
    /// A file published as it is (an SVG drawing, a PDF): its output path.
    File(String),
    Missing(String),
}

/// Whether the pipeline handles this file (by extension).
pub fn is_raster(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "jpg" | "jpeg" | "png" | "gif" | "webp"
        )
    })
}

/// Whether `url` leaves the site (never checked) or only points inside the same page.
pub fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    url.starts_with("//")
        || [
            "http:", "https:", "mailto:", "tel:", "data:", "ftp:", "sms:",
        ]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// The path relative to `content/` that `url` (written in `file`, a path relative to the
/// site root such as `content/news/a.md`) points to; `None` when it climbs out of the site.
pub fn resolve(file: &Path, url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = crate::serve::state::percent_decode(path).unwrap_or_else(|| path.to_string());
    let mut parts: Vec<String> = Vec::new();
    if !path.starts_with('/') {
        let dir = display_path(file.parent().unwrap_or(Path::new("")));
        let dir = dir.strip_prefix("content").unwrap_or(&dir);
        parts.extend(dir.split('/').filter(|s| !s.is_empty()).map(String::from));
    }
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts.join("/"))
}

impl Media {
    /// Process every image among `assets` (removed from it: originals are not published);
    /// `statics` are the other published files' output paths.
    pub fn prepare(
        root: &Path,
        assets: &mut Vec<(PathBuf, PathBuf)>,
        statics: impl Iterator<Item = String>,
    ) -> (Media, Stats) {
        let (images, rest): (Vec<_>, Vec<_>) =
            assets.drain(..).partition(|(_, rel)| is_raster(rel));
        *assets = rest;
        let jobs: Vec<ImageJob> = images
            .iter()
            .map(|(src, rel)| {
                let rel = display_path(rel);
                let base = match rel.rsplit_once('.') {
                    Some((b, _)) => b.to_string(),
                    None => rel.clone(),
                };
                ImageJob {
                    source: src.clone(),
                    display: format!("content/{rel}"),
                    out_base: base,
                }
            })
            .collect();
        let (processed, failed, stats) =
            super::process_all_with_stats(&jobs, &root.join(CACHE_DIR), &Settings::default());
        let key = |display: &str| {
            display
                .strip_prefix("content/")
                .unwrap_or(display)
                .to_string()
        };
        let mut media = Media {
            files: assets
                .iter()
                .map(|(_, rel)| display_path(rel))
                .chain(statics)
                .collect(),
            ..Media::default()
        };
        for mut p in processed {
            media.outputs.append(&mut p.outputs);
            media.processed.insert(key(&p.display), p);
        }
        for d in failed {
            let k = key(d.file.as_deref().unwrap_or(""));
            media.failed.insert(k, d);
        }
        (media, stats)
    }

    /// What the content path `path` is.
    pub fn find(&self, path: &str) -> Found<'_> {
        if let Some(p) = self.processed.get(path) {
            Found::Image(p)
        } else if let Some(d) = self.failed.get(path) {
            if let Ok(mut seen) = self.referenced_failures.lock() {
                seen.insert(path.to_string());
            }
            Found::Failed(d)
        } else if self.files.contains(path) {
            Found::File(path.to_string())
        } else {
            Found::Missing(path.to_string())
        }
    }

    /// Problems of images no page refers to (those referred to are reported at the
    /// reference).
    pub fn unreferenced_failures(&self) -> Vec<Diagnostic> {
        let seen = self
            .referenced_failures
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default();
        let mut v: Vec<Diagnostic> = self
            .failed
            .iter()
            .filter(|(k, _)| !seen.contains(*k))
            .map(|(_, d)| d.clone())
            .collect();
        v.sort_by(|a, b| a.file.cmp(&b.file));
        v
    }

    /// `<picture>` for a processed image; `alt` as written (a decorative marker gives
    /// `alt=""`). Paths start at the site root through [`crate::markdown::ROOT_MARK`].
    pub fn picture(p: &Processed, alt: &str) -> String {
        let alt = if is_decorative(alt) { "" } else { alt.trim() };
        p.picture_html(alt, crate::markdown::ROOT_MARK)
    }
}

pub fn is_decorative(alt: &str) -> bool {
    DECORATIVE.contains(&alt.trim())
}

/// A 注意 when an image's alternative text says nothing a person can use: a file name
/// (`ok.png`, `IMG_0012`, the image's own name) or a bare word for "picture" (画像, 写真).
/// Cameras and word processors fill alt in this way; screen readers then read it aloud.
pub fn uninformative_alt(alt: &str, src: &str) -> Option<Diagnostic> {
    let a = alt.trim();
    let lower = a.to_ascii_lowercase();
    let name = src.rsplit('/').next().unwrap_or(src);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let file_like = [
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".heic", ".bmp",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
        || ["img_", "img-", "dsc", "dscn", "p10", "image0"]
            .iter()
            .any(|p| lower.starts_with(p) && a.chars().any(|c| c.is_ascii_digit()))
        || a == name
        || a == stem;
    let generic = [
        "画像",
        "写真",
        "イメージ",
        "図",
        "image",
        "photo",
        "picture",
        "img",
        "画像です",
        "写真です",
    ]
    .contains(&lower.as_str());
    (!a.is_empty() && !is_decorative(a) && (file_like || generic)).then(|| {
        Diagnostic::warning(crate::diagnostics::Problem::Field {
            ja: format!(
                "画像「{src}」の代わりの文章（alt）が「{a}」です。画面を読み上げて使う人には、何が写っているか伝わりません。"
            ),
            en: format!("the alternative text of `{src}` is `{a}`, which says nothing of what it shows"),
            hint_ja: Some(
                "写っているものを文で書いてください（例: 公民館で体操をする参加者）。飾りだけの画像なら「装飾」と書きます。"
                    .into(),
            ),
            hint_en: Some(
                "describe what it shows; write 装飾 for an image that is only decoration".into(),
            ),
        })
    })
}

/// The problem of a failed image, placed at the reference that uses it.
pub fn at_reference(
    d: &Diagnostic,
    file: &Path,
    pos: Option<crate::diagnostics::Pos>,
) -> Diagnostic {
    use crate::diagnostics::{Lang, Problem};
    let image = d.file.clone().unwrap_or_default();
    Diagnostic {
        problem: Problem::Field {
            ja: format!("画像「{image}」: {}", d.problem.message(Lang::Ja)),
            en: format!("image `{image}`: {}", d.problem.message(Lang::En)),
            hint_ja: d.problem.hint(Lang::Ja),
            hint_en: d.problem.hint(Lang::En),
        },
        file: None,
        ..d.clone()
    }
    .in_file(file)
    .at_opt(pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_text_that_says_nothing_is_told_and_a_description_is_not() {
        for (alt, src) in [
            ("ok.png", "photos/ok.png"),
            ("IMG_0012", "a.jpg"),
            ("DSC01234.JPG", "a.jpg"),
            ("salon-2026", "news/salon-2026.jpg"),
            ("写真", "a.jpg"),
            ("Image", "a.jpg"),
        ] {
            assert!(uninformative_alt(alt, src).is_some(), "{alt}");
        }
        for (alt, src) in [
            ("公民館で体操をする参加者", "a.jpg"),
            ("写真：地区の夏祭り", "a.jpg"),
            ("装飾", "line.png"),
            ("", "a.png"),
            ("2026年の地図", "map.png"),
        ] {
            assert!(uninformative_alt(alt, src).is_none(), "{alt}");
        }
    }

    #[test]
    fn paths_are_read_from_the_markdown_files_folder() {
        let f = Path::new("content/news/a.md");
        assert_eq!(resolve(f, "photo.jpg").as_deref(), Some("news/photo.jpg"));
        assert_eq!(resolve(f, "./img/p.png").as_deref(), Some("news/img/p.png"));
        assert_eq!(resolve(f, "../salon.jpg").as_deref(), Some("salon.jpg"));
        assert_eq!(resolve(f, "/top.jpg").as_deref(), Some("top.jpg"));
        assert_eq!(resolve(f, "../../x.jpg"), None);
        assert_eq!(
            resolve(Path::new("content/about.md"), "%E5%86%99.jpg#x").as_deref(),
            Some("写.jpg")
        );
    }

    #[test]
    fn external_urls_are_recognised() {
        for u in [
            "https://a.jp/",
            "HTTP://a",
            "mailto:a@b",
            "tel:0857",
            "//cdn",
        ] {
            assert!(is_external(u), "{u}");
        }
        for u in ["a.jpg", "/a/", "../a.md", "#top"] {
            assert!(!is_external(u), "{u}");
        }
    }

    #[test]
    fn decorative_markers() {
        assert!(is_decorative("装飾"));
        assert!(is_decorative(" （装飾） "));
        assert!(!is_decorative("装飾のある門"));
        assert!(!is_decorative(""));
    }
}
