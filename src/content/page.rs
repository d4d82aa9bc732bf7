//! Ordinary pages and sections (Zola-like): `about.md` is a page, `news/_index.md` a section
//! listing the pages in `news/`, `_index.md` the home page.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Deserialize;

use super::{SourceFile, natural_cmp, parse_file};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{Fragment, Rendered};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageFront {
    #[serde(deserialize_with = "crate::content::front_matter::non_empty")]
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    draft: bool,
    /// Publication date; a page dated in the future is not published yet.
    #[serde(default, deserialize_with = "crate::dates::opt_date")]
    date: Option<chrono::NaiveDate>,
    /// After this date the page leaves lists, feeds, the sitemap and search (event notices).
    #[serde(default, deserialize_with = "crate::dates::opt_date")]
    expires: Option<chrono::NaiveDate>,
    #[serde(default)]
    template: Option<String>,
    #[serde(default)]
    extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug)]
pub struct Page {
    pub source: PathBuf,
    pub content_path: String,
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: i64,
    pub date: Option<chrono::NaiveDate>,
    /// True when `expires` has passed: the page exists but is listed nowhere.
    pub expired: bool,
    pub template: Option<String>,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub is_section: bool,
    /// Index of the section page this page belongs to.
    pub parent: Option<usize>,
    /// Pages of a section, ordered by weight then name.
    pub children: Vec<usize>,
    pub body: Fragment,
    pub rendered: Rendered,
    /// For a やさしい日本語 companion: the URL of the page it rewrites.
    pub companion_of: Option<String>,
}

impl Page {
    pub fn is_home(&self) -> bool {
        self.content_path == "_index.md"
    }
}

/// `about.md` → `about/index.html`; `news/_index.md` → `news/index.html`; `_index.md` → `index.html`.
pub fn url_for(file: &SourceFile) -> String {
    let segs = file.segments();
    let segs: Vec<&str> = if file.is_index() {
        segs[..segs.len() - 1].to_vec()
    } else {
        segs
    };
    if segs.is_empty() {
        "index.html".into()
    } else {
        format!("{}/index.html", segs.join("/"))
    }
}

/// Load やさしい日本語 companions: `about.easy.md` rewrites `about.md` and is published at
/// `about/easy/index.html`; `_index.easy.md` of a folder rewrites that folder's page (also a
/// generated one, such as the directory's home or the navigator's start).
pub fn load_easy(
    files: Vec<SourceFile>,
    today: chrono::NaiveDate,
    diags: &mut Diagnostics,
) -> Vec<Page> {
    let mut pages = load(
        files
            .into_iter()
            .map(|f| SourceFile {
                content_path: f.content_path.replace(".easy.md", ".md"),
                ..f
            })
            .collect(),
        today,
        diags,
    );
    for p in &mut pages {
        let original = p.url.clone();
        p.url = match original.strip_suffix("index.html") {
            Some(dir) => format!("{dir}easy/index.html"),
            None => format!("easy/{original}"),
        };
        p.content_path = p.content_path.replace(".md", ".easy.md");
        p.companion_of = Some(original);
        p.parent = None;
        p.children.clear();
    }
    pages
}

/// A page's own template is a file name of the theme's templates folder
/// (`wide.html`), never a path: `template = "../../etc/passwd"` is refused.
fn template_name_ok(
    p: &super::Parsed<PageFront>,
    file: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let Some(t) = &p.front.template else {
        return true;
    };
    let ok = t.ends_with(".html")
        && !t.starts_with('.')
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok {
        diags.push(
            Diagnostic::field_error(
                format!("template「{t}」はテンプレートのファイル名ではありません。"),
                format!("template `{t}` is not a template file name"),
            )
            .hint(
                "themes/（テーマ名）/templates/ にあるファイル名だけを書きます。例: template = \"wide.html\"",
                "write only a file name from themes/<theme>/templates/, e.g. template = \"wide.html\"",
            )
            .in_file(&file.rel)
            .at(p.key_pos("template"))
            .field("template"),
        );
    }
    ok
}

/// A 注意 for `expires` on or before `date`: the page would be listed on no day at all.
fn expires_after_date(
    p: &super::Parsed<PageFront>,
    file: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) {
    if let (Some(date), Some(expires)) = (p.front.date, p.front.expires)
        && expires <= date
    {
        diags.push(
            Diagnostic::warning(crate::diagnostics::Problem::Field {
                ja: format!(
                    "掲載終了日（expires: {expires}）が掲載日（date: {date}）より前か同じ日なので、このページはどの一覧にも出ません。"
                ),
                en: format!("expires ({expires}) is not after date ({date}): the page is never listed"),
                hint_ja: Some("日付が入れ替わっていないか、年がまちがっていないか確かめてください。".into()),
                hint_en: Some("check that the dates are not swapped and the years are right".into()),
            })
            .in_file(&file.rel)
            .at(p.key_pos("expires"))
            .field("expires"),
        );
    }
}

fn folder_of(content_path: &str) -> &str {
    content_path.rsplit_once('/').map_or("", |(d, _)| d)
}

pub fn load(
    files: Vec<SourceFile>,
    today: chrono::NaiveDate,
    diags: &mut Diagnostics,
) -> Vec<Page> {
    let parsed: Vec<(Option<Page>, Vec<Diagnostic>)> = files
        .into_par_iter()
        .map(|file| {
            let mut d = Vec::new();
            // Drafts are dropped here: nothing of them reaches the output.
            let page = parse_file::<PageFront>(&file, &mut d)
                .filter(|p| template_name_ok(p, &file, &mut d))
                .inspect(|p| expires_after_date(p, &file, &mut d))
                .filter(|p| !p.front.draft && p.front.date.is_none_or(|d| d <= today))
                .map(|p| Page {
                    url: url_for(&file),
                    is_section: file.is_index(),
                    source: file.rel.clone(),
                    content_path: file.content_path.clone(),
                    title: p.front.title,
                    description: p.front.description,
                    weight: p.front.weight.unwrap_or(0),
                    date: p.front.date,
                    expired: p.front.expires.is_some_and(|e| e < today),
                    template: p.front.template,
                    extra: p.front.extra,
                    parent: None,
                    children: Vec::new(),
                    body: p.body,
                    rendered: Rendered::default(),
                    companion_of: None,
                });
            (page, d)
        })
        .collect();
    let mut pages = Vec::new();
    for (p, d) in parsed {
        diags.extend(d);
        pages.extend(p);
    }
    pages.sort_by(|a, b| natural_cmp(&a.content_path, &b.content_path));
    // Attach each page to the nearest section above it.
    let sections: BTreeMap<String, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_section)
        .map(|(i, p)| (folder_of(&p.content_path).to_string(), i))
        .collect();
    for page in &mut pages {
        let mut folder = folder_of(&page.content_path).to_string();
        if page.is_section {
            if folder.is_empty() {
                continue;
            }
            folder = folder_of(&folder).to_string();
        }
        loop {
            if let Some(&s) = sections.get(&folder) {
                page.parent = Some(s);
                break;
            }
            if folder.is_empty() {
                break;
            }
            folder = folder_of(&folder).to_string();
        }
    }
    for i in 0..pages.len() {
        if let Some(p) = pages[i].parent {
            pages[p].children.push(i);
        }
    }
    // Dated pages (news) newest first; others by weight then name. Expired pages stay
    // reachable but are not listed.
    type Key = (std::cmp::Reverse<Option<chrono::NaiveDate>>, i64, String);
    let keys: Vec<Key> = pages
        .iter()
        .map(|p| (std::cmp::Reverse(p.date), p.weight, p.content_path.clone()))
        .collect();
    let expired: Vec<bool> = pages.iter().map(|p| p.expired).collect();
    for p in &mut pages {
        p.children.retain(|&c| !expired[c]);
        p.children.sort_by(|&a, &b| {
            (&keys[a].0, keys[a].1)
                .cmp(&(&keys[b].0, keys[b].1))
                .then_with(|| natural_cmp(&keys[a].2, &keys[b].2))
        });
    }
    pages
}
