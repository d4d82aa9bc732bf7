//! Loading content: every Markdown file under `content/` becomes part of the [`Site`] model.
//!
//! Steps of [`load`]:
//! 1. walk `content/` (walkdir, sorted, links not followed) and check every name;
//! 2. read and split every `.md` file in parallel (rayon), parsing front matter and body;
//! 3. sort the files into the plan tree ([`plan`]), the glossary ([`glossary`]) and
//!    ordinary pages and sections ([`page`]);
//! 4. collect every problem on the way instead of stopping at the first.
//!
//! Files other than Markdown under `content/` are copied to the output as they are.

pub mod front_matter;
pub mod glossary;
pub mod navi;
pub mod page;
pub mod plan;
pub mod resource;

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, Problem};
use crate::markdown::Fragment;

pub use glossary::{Glossary, Term};
pub use page::Page;
pub use plan::{Entry, Node, NodeKind, Plan};

/// The whole site, built by the load and link stages, then read-only.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Ordinary pages and sections; the home page (`content/_index.md`) is one of them.
    pub pages: Vec<Page>,
    pub plan: Option<Plan>,
    pub glossary: Option<Glossary>,
    /// Local resources, ordered by kind, then reading of the name.
    pub resources: Vec<resource::Resource>,
    /// やさしい日本語 companions; each page's `companion_of` is the URL of its original.
    pub easy: Vec<Page>,
    /// 相談先ナビ, when `content/navi/` exists.
    pub navi: Option<navi::Navi>,
    /// Non-Markdown files under `content/`: (source, path relative to content/).
    pub assets: Vec<(PathBuf, PathBuf)>,
    /// Each configured actor's `role`, rendered (link stage).
    pub actor_roles: Vec<String>,
    /// The last accessibility test run (`[accessibility]`), when its data file exists.
    pub accessibility_results: Option<crate::accessibility::Results>,
    /// Processed images and published files (filled by the build before linking).
    pub media: crate::images::Media,
}

/// One Markdown file, read and split.
#[derive(Debug)]
pub struct SourceFile {
    /// Relative to the site root, e.g. `content/plan/1/1/1.md`.
    pub rel: PathBuf,
    /// Relative to `content/`, with `/`, e.g. `plan/1/1/1.md`.
    pub content_path: String,
    pub text: String,
}

impl SourceFile {
    /// Path components relative to `content/`, without the `.md` extension of the last one.
    pub fn segments(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.content_path.split('/').collect();
        if let Some(last) = v.last_mut() {
            *last = last.strip_suffix(".md").unwrap_or(last);
        }
        v
    }

    pub fn is_index(&self) -> bool {
        self.content_path == "_index.md" || self.content_path.ends_with("/_index.md")
    }
}

/// A file's front matter (typed) and parsed body.
pub struct Parsed<F> {
    pub front: F,
    pub front_text: String,
    pub front_line: usize,
    pub body: Fragment,
}

/// Split and parse one file. Errors go to `diags`.
pub fn parse_file<F: serde::de::DeserializeOwned>(
    file: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed<F>> {
    let split = match front_matter::split(&file.text) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d.in_file(&file.rel));
            return None;
        }
    };
    match front_matter::parse_all::<F>(split.front, split.front_line, split.format) {
        Ok(front) => Some(Parsed {
            front,
            front_text: split.front.to_string(),
            front_line: split.front_line,
            body: crate::markdown::parse(split.body, split.body_line, &file.rel),
        }),
        Err(found) => {
            diags.extend(found.into_iter().map(|d| d.in_file(&file.rel)));
            None
        }
    }
}

impl<F> Parsed<F> {
    /// Where `key` is set in the front matter (first line of it if not found).
    pub fn key_pos(&self, key: &str) -> Pos {
        front_matter::locate_key(&self.front_text, self.front_line, key).unwrap_or(Pos {
            line: self.front_line,
            col: 1,
        })
    }

    pub fn value_pos(&self, key: &str, value: &str) -> Pos {
        front_matter::locate_value(&self.front_text, self.front_line, key, value)
            .unwrap_or_else(|| self.key_pos(key))
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Natural order: `2` before `10`, then plain string order.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn key(s: &str) -> Vec<(u8, u64, String)> {
        let mut out = Vec::new();
        let mut chars = s.chars().peekable();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() {
                let mut n = String::new();
                while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    n.push(d);
                    chars.next();
                }
                out.push((0, n.parse().unwrap_or(u64::MAX), n));
            } else {
                let mut t = String::new();
                while let Some(&d) = chars.peek().filter(|d| !d.is_ascii_digit()) {
                    t.push(d);
                    chars.next();
                }
                out.push((1, 0, t));
            }
        }
        out
    }
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// Read every file under `content/`.
fn read_files(
    config: &Config,
    diags: &mut Diagnostics,
) -> (Vec<SourceFile>, Vec<(PathBuf, PathBuf)>) {
    let content = config.root.join("content");
    let mut paths = Vec::new();
    let mut assets = Vec::new();
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(Problem::Unreadable {
                detail: "content フォルダがありません / no content folder".into(),
            })
            .in_file(Path::new("content")),
        );
        return (Vec::new(), assets);
    }
    let walker = WalkDir::new(&content)
        .follow_links(false)
        .sort_by(|a, b| {
            natural_cmp(
                &a.file_name().to_string_lossy(),
                &b.file_name().to_string_lossy(),
            )
        })
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(&config.root).ok())
                    .unwrap_or(Path::new("content"))
                    .to_path_buf();
                diags.push(
                    Diagnostic::error(Problem::Unreadable {
                        detail: e.to_string(),
                    })
                    .in_file(&rel),
                );
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&config.root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let name = entry.file_name().to_string_lossy().to_string();
        if !valid_name(&name) {
            diags.push(Diagnostic::error(Problem::BadFileName { name }).in_file(&rel));
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        let in_content = entry
            .path()
            .strip_prefix(&content)
            .unwrap_or(entry.path())
            .to_path_buf();
        if name.ends_with(".md") {
            paths.push((rel, in_content));
        } else if entry.file_type().is_file() && !name.ends_with(".toml") {
            // Data files (readings.toml, variants.toml) are read by the build, not published.
            assets.push((entry.path().to_path_buf(), in_content));
        }
    }
    let results: Vec<Result<SourceFile, Diagnostic>> = paths
        .into_par_iter()
        .map(|(rel, in_content)| {
            let bytes = std::fs::read(config.root.join(&rel)).map_err(|e| {
                Diagnostic::error(Problem::Unreadable {
                    detail: e.to_string(),
                })
                .in_file(&rel)
            })?;
            let mut text = String::from_utf8(bytes)
                .map_err(|_| Diagnostic::error(Problem::NotUtf8).in_file(&rel))?;
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(SourceFile {
                content_path: crate::diagnostics::display_path(&in_content),
                rel,
                text,
            })
        })
        .collect();
    let mut files = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    (files, assets)
}

/// Today's date: `TSUNAGU_TODAY` (YYYY-MM-DD) when set, for reproducible builds and tests,
/// else the local date.
pub fn today() -> chrono::NaiveDate {
    std::env::var("TSUNAGU_TODAY")
        .ok()
        .and_then(|s| crate::dates::parse(&s))
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Load stage: read and parse everything. Returns `None` only when nothing usable is left;
/// otherwise problems are in `diags` and the caller decides.
pub fn load(config: Config, diags: &mut Diagnostics) -> Site {
    let (files, assets) = read_files(&config, diags);
    let plan_prefix = config.plan.as_ref().map(|p| format!("{}/", p.section));
    // やさしい日本語 companions (`NAME.easy.md`) are pages of their own, whatever folder.
    let (easy_files, files): (Vec<SourceFile>, Vec<SourceFile>) = files
        .into_iter()
        .partition(|f| f.content_path.ends_with(".easy.md"));
    let (plan_files, rest): (Vec<SourceFile>, Vec<SourceFile>) = files.into_iter().partition(|f| {
        plan_prefix
            .as_ref()
            .is_some_and(|p| f.content_path.starts_with(p.as_str()))
    });
    let res_prefix = config.resources.as_ref().map(|r| format!("{}/", r.section));
    let (resource_files, rest): (Vec<SourceFile>, Vec<SourceFile>) =
        rest.into_iter().partition(|f| {
            res_prefix
                .as_ref()
                .is_some_and(|p| f.content_path.starts_with(p.as_str()) && !f.is_index())
        });
    let navi_prefix = config.resources.as_ref().map(|r| format!("{}/", r.navi));
    let (navi_files, rest): (Vec<SourceFile>, Vec<SourceFile>) = rest.into_iter().partition(|f| {
        navi_prefix
            .as_ref()
            .is_some_and(|p| f.content_path.starts_with(p.as_str()))
    });
    let (glossary_files, page_files): (Vec<SourceFile>, Vec<SourceFile>) = rest
        .into_iter()
        .partition(|f| f.content_path == config.glossary);

    let plan = config
        .plan
        .as_ref()
        .map(|pc| plan::load(pc, plan_files, diags));
    let glossary = glossary_files
        .into_iter()
        .next()
        .and_then(|f| glossary::load(&config, f, diags));
    let today = today();
    let pages = page::load(page_files, today, diags);
    let easy = page::load_easy(easy_files, today, diags);
    let resources = resource::load::load(&config, plan.as_ref(), resource_files, today, diags);
    let navi = navi::load(&config, navi_files, &resources, diags);
    let accessibility_results = crate::accessibility::load(&config, diags);
    Site {
        config,
        pages,
        plan,
        glossary,
        resources,
        easy,
        navi,
        assets,
        actor_roles: Vec::new(),
        accessibility_results,
        media: crate::images::Media::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_puts_2_before_10() {
        let mut v = vec!["10", "2", "1", "b", "a", "1-2", "1-10"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, vec!["1", "1-2", "1-10", "2", "10", "a", "b"]);
    }

    #[test]
    fn names_must_be_url_safe() {
        assert!(valid_name("salon-list_2.md"));
        assert!(!valid_name("サロン.md"));
        assert!(!valid_name("a b.md"));
        assert!(!valid_name(".hidden"));
    }
}
