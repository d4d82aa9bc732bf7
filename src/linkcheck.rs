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
use std::sync::{Arc, Mutex, OnceLock};

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

/// What a page's scan found, in the order of its references: broken links, and links
/// with a `#fragment` into another page, checked when every page's ids are known.
enum Finding {
    Broken(Broken),
    /// `href` points at `target`, which must have the id `id`.
    Fragment {
        href: String,
        target: String,
        id: String,
    },
}

/// One page's scan: what the checker keeps of a page once it is written (not its HTML).
struct PageScan {
    url: String,
    /// The page's ids, sorted.
    ids: Vec<Box<str>>,
    findings: Vec<Finding>,
    /// The [`Scanner::watch`]ed files this page links to.
    uses: Vec<Box<str>>,
}

/// The link checker fed page by page (from the render threads), so that no page needs to
/// stay in memory until every page is made: whether a link's target exists is decided
/// when the page is scanned (every output path is known before the first page); a
/// `#fragment` into another page waits for [`Scanner::finish`].
pub struct Scanner {
    /// Looked up for every link of every page: foldhash, not SipHash.
    all: HashSet<String, foldhash::fast::RandomState>,
    base: String,
    scans: Mutex<Vec<Arc<PageScan>>>,
    /// Files published only when a page links to them ([`Scanner::used`]).
    watched: HashSet<String, foldhash::fast::RandomState>,
    /// The scans of pages kept from an earlier build (`serve`), and what `all` and `base`
    /// hash to (set at the first kept page: every path is known by then).
    memo: Option<(Arc<Memo>, OnceLock<blake3::Hash>)>,
}

/// The scans of the pages a preview keeps between builds ([`Scanner::kept_page`]): a page
/// whose text is the very copy scanned before, in a build with the same set of paths,
/// has the same scan. Held by the page cache.
#[derive(Default)]
pub struct Memo {
    state: Mutex<MemoState>,
}

#[derive(Default)]
struct MemoState {
    /// The paths and base the scans were made against.
    generation: Option<blake3::Hash>,
    /// Page path → the text scanned (the page cache's copy) and its scan.
    scans: HashMap<String, (Arc<str>, Arc<PageScan>)>,
}

impl Scanner {
    /// A scanner for a site served at `base_path` (the site's `base_path`); `paths` are
    /// the output paths of every file of the build (pages and others).
    pub fn new(base_path: &str, paths: impl IntoIterator<Item = String>) -> Scanner {
        Scanner {
            all: paths.into_iter().collect(),
            base: base_path.trim_end_matches('/').to_string(),
            scans: Mutex::new(Vec::new()),
            watched: HashSet::default(),
            memo: None,
        }
    }

    /// Watch these output paths (among the build's): [`Scanner::used`] tells which of them
    /// a page links to.
    pub fn watch(mut self, paths: impl IntoIterator<Item = String>) -> Scanner {
        self.watched.extend(paths);
        self
    }

    /// The watched paths some page links to (or takes an image from).
    pub fn used(&self) -> HashSet<String> {
        let scans = self.scans.lock().unwrap_or_else(|e| e.into_inner());
        scans
            .iter()
            .flat_map(|s| s.uses.iter().map(|u| u.to_string()))
            .collect()
    }

    /// Reuse (and keep) the scans of pages kept between builds.
    pub fn with_memo(mut self, memo: Arc<Memo>) -> Scanner {
        self.memo = Some((memo, OnceLock::new()));
        self
    }

    /// More output paths of the build (the render's, before its first page).
    pub fn add_paths(&mut self, paths: impl IntoIterator<Item = String>) {
        self.all.extend(paths);
    }

    /// Scan one output file (only `.html` pages are scanned).
    pub fn page(&self, url: &str, html: &str) {
        if let Some(scan) = self.scan_page(url, html) {
            self.push(Arc::new(scan));
        }
    }

    /// Scan one output file whose text is kept between builds: with a [`Memo`], a page
    /// scanned before as this same copy, against the same paths, is not scanned again.
    pub fn kept_page(&self, url: &str, html: &Arc<str>) {
        let Some((memo, generation)) = &self.memo else {
            return self.page(url, html);
        };
        let generation = *generation.get_or_init(|| self.generation());
        if let Ok(mut state) = memo.state.lock() {
            if state.generation != Some(generation) {
                state.scans.clear();
                state.generation = Some(generation);
            }
            if let Some((text, scan)) = state.scans.get(url)
                && Arc::ptr_eq(text, html)
            {
                let scan = scan.clone();
                drop(state);
                return self.push(scan);
            }
        }
        let Some(scan) = self.scan_page(url, html) else {
            return;
        };
        let scan = Arc::new(scan);
        if let Ok(mut state) = memo.state.lock() {
            state
                .scans
                .insert(url.to_string(), (html.clone(), scan.clone()));
        }
        self.push(scan);
    }

    /// What the scans depend on besides the page: every path of the build, and the base.
    fn generation(&self) -> blake3::Hash {
        let mut paths: Vec<&str> = self.all.iter().map(String::as_str).collect();
        paths.sort_unstable();
        let mut watched: Vec<&str> = self.watched.iter().map(String::as_str).collect();
        watched.sort_unstable();
        let mut h = blake3::Hasher::new();
        for p in std::iter::once(self.base.as_str()).chain(paths) {
            crate::render::cache::hash_text(&mut h, p);
        }
        crate::render::cache::hash_text(&mut h, "watched:");
        for p in watched {
            crate::render::cache::hash_text(&mut h, p);
        }
        h.finalize()
    }

    fn push(&self, scan: Arc<PageScan>) {
        if let Ok(mut scans) = self.scans.lock() {
            scans.push(scan);
        }
    }

    /// One page's scan; `None` for a file that is not a page.
    fn scan_page(&self, url: &str, html: &str) -> Option<PageScan> {
        if !url.ends_with(".html") {
            return None;
        }
        let (ids, references) = scan(html);
        let mut ids: Vec<Box<str>> = ids.into_iter().map(String::into_boxed_str).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut findings = Vec::new();
        let mut uses = Vec::new();
        let mut seen = HashSet::with_hasher(foldhash::fast::RandomState::default());
        for href in references {
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
                resolve(url, path, &self.base).and_then(|t| {
                    // The search index is written beside or after the pages (and later
                    // still by serve): its files are taken as present.
                    if self.all.contains(t.as_str())
                        || (t.starts_with("search/") && !t.ends_with(".html"))
                    {
                        Some(t)
                    } else {
                        let idx = format!("{}/index.html", t.trim_end_matches('/'));
                        self.all.contains(idx.as_str()).then_some(idx)
                    }
                })
            };
            if let Some(t) = &target
                && self.watched.contains(t.as_str())
            {
                uses.push(t.as_str().into());
            }
            match (target, frag) {
                (None, _) => findings.push(Finding::Broken(Broken {
                    page: url.to_string(),
                    href,
                    missing_id: None,
                })),
                (Some(t), Some(f)) if !f.is_empty() && t.ends_with(".html") => {
                    let f = crate::serve::state::percent_decode(f).unwrap_or_else(|| f.to_string());
                    if t == url {
                        if ids.binary_search_by(|i| (**i).cmp(f.as_str())).is_err() {
                            findings.push(Finding::Broken(Broken {
                                page: url.to_string(),
                                href,
                                missing_id: Some(f),
                            }));
                        }
                    } else {
                        findings.push(Finding::Fragment {
                            href,
                            target: t,
                            id: f,
                        });
                    }
                }
                _ => {}
            }
        }
        Some(PageScan {
            url: url.to_string(),
            ids,
            findings,
            uses,
        })
    }

    /// Every problem found, as diagnostics (in the order of the pages' paths).
    pub fn finish(self, root: &Path, site: &Site) -> Vec<Diagnostic> {
        diagnostics(root, site, self.broken())
    }

    /// Every broken reference, by page path, then in the order of the page's references.
    fn broken(self) -> Vec<Broken> {
        let mut scans = self.scans.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some((memo, _)) = &self.memo
            && let Ok(mut state) = memo.state.lock()
        {
            // Pages no longer made are forgotten.
            let made: HashSet<&str> = scans.iter().map(|s| s.url.as_str()).collect();
            state.scans.retain(|u, _| made.contains(u.as_str()));
        }
        scans.sort_by(|a, b| a.url.cmp(&b.url));
        let ids: HashMap<&str, &[Box<str>]> = scans
            .iter()
            .map(|s| (s.url.as_str(), s.ids.as_slice()))
            .collect();
        let has_id = |page: &str, id: &str| {
            ids.get(page)
                .is_some_and(|l| l.binary_search_by(|i| (**i).cmp(id)).is_ok())
        };
        let mut broken = Vec::new();
        for s in &scans {
            for f in &s.findings {
                match f {
                    Finding::Broken(b) => broken.push(Broken {
                        page: b.page.clone(),
                        href: b.href.clone(),
                        missing_id: b.missing_id.clone(),
                    }),
                    Finding::Fragment { href, target, id } if !has_id(target, id) => {
                        broken.push(Broken {
                            page: s.url.clone(),
                            href: href.clone(),
                            missing_id: Some(id.clone()),
                        })
                    }
                    Finding::Fragment { .. } => {}
                }
            }
        }
        broken
    }
}

/// Check every page; `other` are the output paths of every file that is not a page.
pub fn check(
    root: &Path,
    site: &Site,
    pages: &[(String, String)],
    other: &HashSet<String>,
) -> Vec<Diagnostic> {
    let scanner = Scanner::new(
        &site.config.base_path,
        pages
            .iter()
            .map(|(u, _)| u.clone())
            .chain(other.iter().cloned()),
    );
    pages.par_iter().for_each(|(u, h)| scanner.page(u, h));
    scanner.finish(root, site)
}

fn diagnostics(root: &Path, site: &Site, broken: Vec<Broken>) -> Vec<Diagnostic> {
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

/// The ids of a page and every `href`, `src` and `srcset` URL in it (hrefs first, then
/// srcs, then srcset candidates), read in one pass over the page: each `="` is found
/// (memchr) and the attribute name before it, after a space, is looked at.
fn scan(html: &str) -> (Vec<String>, Vec<String>) {
    let bytes = html.as_bytes();
    let (mut ids, mut hrefs, mut srcs, mut sets) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let named = |i: usize, name: &[u8]| {
        i > name.len() && bytes[i - name.len() - 1] == b' ' && &bytes[i - name.len()..i] == name
    };
    for i in memchr::memmem::find_iter(bytes, b"=\"") {
        let which = if named(i, b"href") {
            &mut hrefs
        } else if named(i, b"src") {
            &mut srcs
        } else if named(i, b"id") {
            &mut ids
        } else if named(i, b"srcset") {
            &mut sets
        } else {
            continue;
        };
        let start = i + 2;
        if let Some(end) = memchr::memchr(b'"', &bytes[start..]) {
            let value = &html[start..start + end];
            which.push(
                crate::markdown::unescape(value, false).map_or_else(String::new, String::from),
            );
        }
    }
    for set in sets {
        srcs.extend(
            set.split(',')
                .filter_map(|c| c.split_whitespace().next())
                .map(str::to_string),
        );
    }
    hrefs.extend(srcs);
    (ids, hrefs)
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
    fn pages_scanned_in_any_order_report_missing_targets_and_ids() {
        let pages = [
            (
                "a/index.html",
                r##"<main id="top"><a href="../b/#here">b</a><a href="../b/#gone">x</a><a href="#top">t</a><a href="#nope">n</a><a href="../c/">c</a><a href="https://example.org/x">e</a><a href="../search/t/m1.js">s</a></main>"##,
            ),
            (
                "b/index.html",
                r#"<h2 id="here">h</h2><a href="../a/">a</a>"#,
            ),
            ("sitemap.xml", r#"<a href="nowhere/">not a page</a>"#),
        ];
        let found = |order: &[usize]| {
            let scanner = Scanner::new("", pages.iter().map(|(u, _)| u.to_string()));
            for &i in order {
                scanner.page(pages[i].0, pages[i].1);
            }
            scanner
                .broken()
                .into_iter()
                .map(|b| (b.page, b.href, b.missing_id))
                .collect::<Vec<_>>()
        };
        let expected = vec![
            (
                "a/index.html".to_string(),
                "../b/#gone".to_string(),
                Some("gone".to_string()),
            ),
            ("a/index.html".into(), "#nope".into(), Some("nope".into())),
            ("a/index.html".into(), "../c/".into(), None),
        ];
        assert_eq!(found(&[0, 1, 2]), expected);
        assert_eq!(found(&[2, 1, 0]), expected);
    }

    #[test]
    fn references_and_ids_are_read() {
        let h = r#"<a href="x/">a</a><img src="a.jpg" srcset="a-1.jpg 1w, a-2.jpg 2w" alt=""><h2 id="目指す姿">"#;
        let (ids, refs) = scan(h);
        assert_eq!(refs, ["x/", "a.jpg", "a-1.jpg", "a-2.jpg"]);
        assert_eq!(ids, ["目指す姿"]);
        // Names that only end like one (data-href, xsrc, grid), a value at the very start,
        // an unterminated value and escaped quotes in text are not references.
        let h = r#"href="start" <p data-href="a" xsrc="b" grid="c" class="id">x="y" &quot;</p><a title="t" href="a&amp;b">"#;
        let (ids, refs) = scan(h);
        assert_eq!(refs, ["a&b"]);
        assert!(ids.is_empty());
        assert_eq!(scan(r#"<a href="open"#), (vec![], vec![]));
    }

    #[test]
    fn kept_pages_are_scanned_again_only_when_their_copy_or_the_paths_change() {
        let memo = Arc::new(Memo::default());
        let a: Arc<str> = Arc::from(r#"<a href="../b/#x">b</a><a href="../c/">c</a>"#);
        let b: Arc<str> = Arc::from(r#"<p id="x"></p>"#);
        let paths = |extra: &[&str]| -> Vec<String> {
            ["a/index.html", "b/index.html"]
                .iter()
                .chain(extra)
                .map(|s| s.to_string())
                .collect()
        };
        // One build: the scan of a/ and what is broken.
        let build = |paths: Vec<String>, pages: &[(&str, &Arc<str>)]| {
            let scanner = Scanner::new("", paths).with_memo(memo.clone());
            for (u, h) in pages {
                scanner.kept_page(u, h);
            }
            let scan_of_a = (scanner.scans.lock().unwrap().iter())
                .find(|s| s.url == "a/index.html")
                .cloned();
            let broken: Vec<String> = scanner.broken().into_iter().map(|b| b.href).collect();
            (scan_of_a.unwrap(), broken)
        };
        let (s1, broken) = build(paths(&[]), &[("a/index.html", &a), ("b/index.html", &b)]);
        assert_eq!(broken, ["../c/"]);
        // The same copy against the same paths: the scan is kept, and so is the finding.
        let (s2, broken) = build(paths(&[]), &[("a/index.html", &a), ("b/index.html", &b)]);
        assert!(Arc::ptr_eq(&s1, &s2));
        assert_eq!(broken, ["../c/"]);
        // c/ is made now: scanned again, nothing broken.
        let (s3, broken) = build(
            paths(&["c/index.html"]),
            &[("a/index.html", &a), ("b/index.html", &b)],
        );
        assert!(!Arc::ptr_eq(&s2, &s3));
        assert!(broken.is_empty(), "{broken:?}");
        // A page rendered again is a new copy: scanned again, even with the same text.
        let again: Arc<str> = Arc::from(&*a);
        let (s4, _) = build(
            paths(&["c/index.html"]),
            &[("a/index.html", &again), ("b/index.html", &b)],
        );
        assert!(!Arc::ptr_eq(&s3, &s4));
        // b/ lost its id: the fragment into it is broken, though a/ is not scanned again.
        let b2: Arc<str> = Arc::from("<p></p>");
        let (s5, broken) = build(
            paths(&["c/index.html"]),
            &[("a/index.html", &again), ("b/index.html", &b2)],
        );
        assert!(Arc::ptr_eq(&s4, &s5));
        assert_eq!(broken, ["../b/#x"]);
        // A page no longer made is forgotten.
        let scanner = Scanner::new("", paths(&[])).with_memo(memo.clone());
        scanner.kept_page("b/index.html", &b);
        let _ = scanner.broken();
        let state = memo.state.lock().unwrap();
        assert_eq!(state.scans.keys().collect::<Vec<_>>(), ["b/index.html"]);
    }
}
