//! The pages of an earlier render, kept by `serve` so that a rebuild renders again only
//! the pages an edit touched.
//!
//! A page is a function of its template set, its context (every datum the template may
//! read: [`Views`](super::Views) puts no logic in templates, and tsunagu registers no Tera
//! functions that reach outside the context), its root path and the furigana engine that
//! annotates it. The cache keys each page by a hash of its template name, root and
//! context, under a *generation* that hashes what every page shares (the theme's templates,
//! `config.toml`, which furigana engine). A rebuild still makes every context — that is
//! how it learns which pages changed — but renders, resolves and annotates only the pages
//! whose key differs: an edit to a measure's body renders that measure's page and the
//! pages that show its text; an edit to its title also the pages that list or link it;
//! an edit to a template or `config.toml` renders every page.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tera::Context;

use crate::furigana::Furigana;

/// Rendered pages by output path, with the key each was rendered under.
#[derive(Default)]
pub struct PageCache {
    state: Mutex<State>,
    rendered: AtomicUsize,
    reused: AtomicUsize,
    /// The link checker's scans of the kept pages.
    links: Arc<crate::linkcheck::Memo>,
}

#[derive(Default)]
struct State {
    generation: Option<blake3::Hash>,
    /// Held so that its address cannot be taken by another engine while pages annotated
    /// by it are kept.
    engine: Option<Arc<Furigana>>,
    pages: HashMap<String, (blake3::Hash, Arc<str>)>,
}

/// How many pages the last render made anew and how many it took from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    pub rendered: usize,
    pub reused: usize,
}

impl PageCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Start a render: `generation` hashes what all pages share except the engine; when it
    /// or the engine differs from the last render's, every kept page is dropped.
    pub(crate) fn begin(&self, generation: blake3::Hash, engine: Option<&Arc<Furigana>>) {
        self.rendered.store(0, Ordering::Relaxed);
        self.reused.store(0, Ordering::Relaxed);
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let same_engine = match (&state.engine, engine) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        if state.generation != Some(generation) || !same_engine {
            state.pages.clear();
            state.generation = Some(generation);
            state.engine = engine.cloned();
        }
    }

    /// The page at `url` if it was rendered under `key` (the kept copy, not a new one).
    pub(crate) fn get(&self, url: &str, key: &blake3::Hash) -> Option<Arc<str>> {
        let state = self.state.lock().ok()?;
        let (k, html) = state.pages.get(url)?;
        if k != key {
            return None;
        }
        self.reused.fetch_add(1, Ordering::Relaxed);
        Some(html.clone())
    }

    /// Keep the page at `url`, rendered under `key`; returns the kept copy.
    pub(crate) fn put(&self, url: &str, key: blake3::Hash, html: String) -> Arc<str> {
        self.rendered.fetch_add(1, Ordering::Relaxed);
        let html: Arc<str> = html.into();
        if let Ok(mut state) = self.state.lock() {
            state.pages.insert(url.to_string(), (key, html.clone()));
        }
        html
    }

    /// End a render: pages no longer made are forgotten.
    pub(crate) fn finish(&self, urls: &std::collections::HashSet<String>) {
        if let Ok(mut state) = self.state.lock() {
            state.pages.retain(|u, _| urls.contains(u));
        }
    }

    /// The link checker's scans of the kept pages (see [`crate::linkcheck::Scanner::kept_page`]).
    pub(crate) fn links(&self) -> Arc<crate::linkcheck::Memo> {
        self.links.clone()
    }

    /// What the last render did.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            rendered: self.rendered.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
        }
    }
}

/// The key of one page: its template, root and context (taken as JSON and given back).
///
/// The context is hashed as JSON text, written through a buffer: JSON is an unambiguous
/// encoding of the value (strings quoted and escaped, every container delimited), and one
/// stream of large writes lets blake3 hash whole chunks at a time.
pub(crate) fn page_key(template: &str, root: &str, context: Context) -> (blake3::Hash, Context) {
    use std::io::Write;
    let mut h = blake3::Hasher::new();
    hash_text(&mut h, template);
    hash_text(&mut h, root);
    let json = context.into_json();
    let written = {
        let mut w = std::io::BufWriter::with_capacity(32 * 1024, &mut h);
        serde_json::to_writer(&mut w, &json)
            .map_err(std::io::Error::from)
            .and_then(|()| w.flush())
    };
    if written.is_err() {
        // Neither a hasher nor a JSON value can fail to write; should one ever, the page
        // gets a key no other render has, so it is rendered afresh.
        static NEVER_AGAIN: AtomicUsize = AtomicUsize::new(0);
        h.update(b"unhashable");
        h.update(&NEVER_AGAIN.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    }
    // An object always comes back as a context.
    let context = Context::from_value(json).unwrap_or_default();
    (h.finalize(), context)
}

/// Feed a string into `h`, its length first.
pub(crate) fn hash_text(h: &mut blake3::Hasher, s: &str) {
    h.update(&(s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(template: &str, root: &str, v: serde_json::Value) -> blake3::Hash {
        page_key(template, root, Context::from_value(v).unwrap()).0
    }

    #[test]
    fn the_key_is_the_same_for_the_same_page_and_differs_for_any_change() {
        let page = json!({"title": "地域福祉", "items": [{"name": "ab", "n": 1}, {"name": "c"}], "x": null});
        let k = key("page.html", "../", page.clone());
        assert_eq!(k, key("page.html", "../", page.clone()));
        // The context comes back whole.
        let (_, back) = page_key(
            "page.html",
            "../",
            Context::from_value(page.clone()).unwrap(),
        );
        assert_eq!(back.into_json(), page);
        let others = [
            key("node.html", "../", page.clone()),
            key("page.html", "../../", page.clone()),
            // text moved from one string to the next, from a key into a value
            key(
                "page.html",
                "../",
                json!({"title": "地域福祉", "items": [{"name": "a", "n": 1}, {"name": "bc"}], "x": null}),
            ),
            key(
                "page.html",
                "../",
                json!({"title": "地域福祉", "items": [{"name": "ab", "n": 1}, {"name": "c"}], "x": "null"}),
            ),
            key(
                "page.html",
                "../",
                json!({"title": "地域福祉", "items": [{"name": "ab", "n": 1.0}, {"name": "c"}], "x": null}),
            ),
            key(
                "page.html",
                "../",
                json!({"title": "地域福祉", "items": [{"name": "ab", "n": 1}, {"name": "c"}]}),
            ),
            key(
                "page.html",
                "../",
                json!({"title": "地域福祉", "items": [{"name": "ab", "n": 1}, {"name": "c"}, {}], "x": null}),
            ),
            key(
                "page.html",
                "../",
                json!({"title": "地域福祉\"", "items": [{"name": "ab", "n": 1}, {"name": "c"}], "x": null}),
            ),
            // template and root: the same characters split differently
            key("page.html.", "./", page.clone()),
        ];
        for (i, o) in others.iter().enumerate() {
            assert_ne!(*o, k, "change {i} kept the key");
        }
    }
}
