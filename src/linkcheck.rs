//! The internal link checker, run on the rendered pages by `build`, `check` and `serve`:
//! every `href`, `src` and `srcset` of every page that stays inside the site must name a
//! file of the build, and a `#fragment` must be the `id` of an element of the target page.
//! External links (`http:`, `https:`, `mailto:`, `tel:` …) are not fetched.
//!
//! Problems are reported against the Markdown file the page comes from, at the line and
//! column where the link is written when it can be found in the file (a link written as
//! `@/plan/1.md#目指す姿` is found by its `#目指す姿`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::Site;
use crate::diagnostics::{Diagnostic, LineIndex};

/// One broken reference found in one page.
struct Broken {
    page: String,
    href: String,
    /// The target page exists but has no element with this id.
    missing_id: Option<String>,
}

/// Check every page; `other` are the output paths of every file that is not a page.
pub fn check(
    root: &Path,
    site: &Site,
    pages: &[(String, String)],
    other: &HashSet<String>,
) -> Vec<Diagnostic> {
    let html_pages: Vec<&(String, String)> =
        pages.iter().filter(|(u, _)| u.ends_with(".html")).collect();
    let ids: HashMap<&str, HashSet<String>> = html_pages
        .par_iter()
        .map(|(u, h)| (u.as_str(), ids_of(h)))
        .collect();
    let all: HashSet<&str> = pages
        .iter()
        .map(|(u, _)| u.as_str())
        .chain(other.iter().map(String::as_str))
        .collect();
    let base = site.config.base_path.trim_end_matches('/').to_string();
    let broken: Vec<Broken> = html_pages
        .par_iter()
        .flat_map_iter(|(url, html)| {
            let mut found = Vec::new();
            let mut seen = HashSet::new();
            for href in references(html) {
                if !seen.insert(href.clone())
                    || crate::images::wire::is_external(&href)
                    || href.starts_with("javascript:")
                {
                    continue;
                }
                let (path, frag) = match href.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (href.as_str(), None),
                };
                let path = path.split('?').next().unwrap_or("");
                let target = if path.is_empty() {
                    Some(url.to_string())
                } else {
                    resolve(url, path, &base).and_then(|t| {
                        // The search index is written after the pages (and later still by
                        // serve): its files are taken as present.
                        if all.contains(t.as_str())
                            || (t.starts_with("search/") && !t.ends_with(".html"))
                        {
                            Some(t)
                        } else {
                            let idx = format!("{}/index.html", t.trim_end_matches('/'));
                            all.contains(idx.as_str()).then_some(idx)
                        }
                    })
                };
                match (target, frag) {
                    (None, _) => found.push(Broken {
                        page: url.to_string(),
                        href,
                        missing_id: None,
                    }),
                    (Some(t), Some(f)) if !f.is_empty() && t.ends_with(".html") => {
                        let f =
                            crate::serve::state::percent_decode(f).unwrap_or_else(|| f.to_string());
                        if !ids.get(t.as_str()).is_some_and(|s| s.contains(&f)) {
                            found.push(Broken {
                                page: url.to_string(),
                                href,
                                missing_id: Some(f),
                            });
                        }
                    }
                    _ => {}
                }
            }
            found
        })
        .collect();
    let sources = sources(site);
    let mut texts: HashMap<PathBuf, Option<String>> = HashMap::new();
    broken
        .into_iter()
        .map(|b| {
            let source = sources.get(b.page.as_str());
            // As staff wrote it: pages carry 「#まどぐち」 percent-encoded.
            let href = crate::serve::state::percent_decode(&b.href)
                .unwrap_or_else(|| b.href.clone());
            let mut d = match &b.missing_id {
                None => Diagnostic::field_error(
                    format!("リンク先「{href}」が見つかりません（ページ {}）。", b.page),
                    format!("the link target `{href}` does not exist (page {})", b.page),
                )
                .hint(
                    "ほかのページへのリンクは [文字](@/content からのパス.md) の形で書くと、まちがいがすぐ分かります。画像やファイルは Markdown と同じフォルダに置きます。",
                    "write links to pages as [text](@/path/from/content.md); put images and files next to the Markdown file",
                ),
                Some(id) => Diagnostic::field_error(
                    format!("リンク先「{href}」のページに、見出し（id）「{id}」がありません（ページ {}）。", b.page),
                    format!("the page of the link `{href}` has no heading (id) `{id}` (page {})", b.page),
                )
                .hint(
                    "# の後ろは、リンク先のページの見出しの文字と同じにします（例: ## 相談の窓口 → #相談の窓口）。見出しの文字を変えたときは、リンクも直してください。",
                    "the part after # must match a heading of the target page (## 相談の窓口 → #相談の窓口); update links when a heading changes",
                ),
            };
            if let Some(src) = source {
                let text = texts
                    .entry(src.clone())
                    .or_insert_with(|| std::fs::read_to_string(root.join(src)).ok());
                d = d.in_file(src);
                if let Some(text) = text {
                    let needle = match &b.missing_id {
                        Some(id) if !text.contains(&href) => format!("#{id}"),
                        _ => href.clone(),
                    };
                    if let Some(at) = text.find(&needle) {
                        d = d.at(LineIndex::new(text, 1).pos(at));
                    }
                }
            }
            d
        })
        .collect()
}

/// The page URL → the Markdown file it comes from (relative to the root).
fn sources(site: &Site) -> HashMap<&str, PathBuf> {
    let mut m = HashMap::new();
    for p in site.pages.iter().chain(site.easy.iter()) {
        m.insert(p.url.as_str(), p.source.clone());
    }
    for r in &site.resources {
        m.insert(r.url.as_str(), r.source.clone());
    }
    if let Some(n) = &site.navi {
        for s in &n.steps {
            m.insert(s.url.as_str(), s.source.clone());
        }
    }
    if let Some(g) = &site.glossary {
        m.insert(g.url.as_str(), g.source.clone());
    }
    if let Some(plan) = &site.plan {
        m.insert(plan.url.as_str(), plan.source.clone());
        for n in &plan.nodes {
            m.insert(n.url.as_str(), n.source.clone());
        }
    }
    m
}

/// `target` (a URL path, relative to the page at `page` or starting with `/`) as an output
/// path; `None` when it climbs out of the site.
fn resolve(page: &str, target: &str, base: &str) -> Option<String> {
    let decoded = crate::serve::state::percent_decode(target).unwrap_or_else(|| target.to_string());
    let mut parts: Vec<&str> = Vec::new();
    let rest = if let Some(abs) = decoded.strip_prefix('/') {
        let abs = format!("/{abs}");
        let stripped = abs
            .strip_prefix(base)
            .filter(|_| !base.is_empty())
            .map(str::to_string)
            .unwrap_or(abs);
        return resolve("index.html", stripped.trim_start_matches('/'), "");
    } else {
        parts.extend(
            page.rsplit_once('/')
                .map_or("", |(d, _)| d)
                .split('/')
                .filter(|s| !s.is_empty()),
        );
        decoded.as_str()
    };
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if rest.ends_with('/') || out.is_empty() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str("index.html");
    }
    Some(out)
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Values of the attribute `name="…"` in `html`.
fn attr_values<'a>(html: &'a str, name: &'a str) -> impl Iterator<Item = String> + 'a {
    let pat = format!(" {name}=\"");
    let len = pat.len();
    let starts: Vec<usize> = html.match_indices(pat.as_str()).map(|(i, _)| i).collect();
    starts.into_iter().filter_map(move |i| {
        let start = i + len;
        let end = html[start..].find('"')?;
        Some(unescape(&html[start..start + end]))
    })
}

fn ids_of(html: &str) -> HashSet<String> {
    attr_values(html, "id").collect()
}

/// Every `href`, `src` and `srcset` URL of a page.
fn references(html: &str) -> Vec<String> {
    let mut v: Vec<String> = attr_values(html, "href")
        .chain(attr_values(html, "src"))
        .collect();
    for set in attr_values(html, "srcset") {
        v.extend(
            set.split(',')
                .filter_map(|c| c.split_whitespace().next())
                .map(str::to_string),
        );
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_from_the_page() {
        assert_eq!(
            resolve("a/b/index.html", "../c/", "").as_deref(),
            Some("a/c/index.html")
        );
        assert_eq!(
            resolve("a/index.html", "x.jpg", "").as_deref(),
            Some("a/x.jpg")
        );
        assert_eq!(
            resolve("a/index.html", "/news/", "").as_deref(),
            Some("news/index.html")
        );
        assert_eq!(
            resolve("a/index.html", "/sub/news/", "/sub").as_deref(),
            Some("news/index.html")
        );
        assert_eq!(resolve("index.html", "../x", ""), None);
        assert_eq!(
            resolve("a/index.html", "../", "").as_deref(),
            Some("index.html")
        );
    }

    #[test]
    fn references_and_ids_are_read() {
        let h = r#"<a href="x/">a</a><img src="a.jpg" srcset="a-1.jpg 1w, a-2.jpg 2w" alt=""><h2 id="目指す姿">"#;
        assert_eq!(references(h), ["x/", "a.jpg", "a-1.jpg", "a-2.jpg"]);
        assert!(ids_of(h).contains("目指す姿"));
    }
}
