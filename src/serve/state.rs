//! What the preview serves: an immutable [`Snapshot`] of the whole built site, replaced as a
//! whole (an `Arc` swap under a lock held only for the swap), so a request never sees half
//! of one build and half of another.
//!
//! Every snapshot carries a build number and, for every file, the number of the build that
//! last changed it. An open page asks "has anything I show changed since build N?": only the
//! tabs whose page (or the shared CSS/JS, or the error overlay) actually changed reload.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// The bytes of one served file: embedded in the binary, or read once and shared.
#[derive(Debug, Clone)]
pub enum Body {
    Static(&'static [u8]),
    Shared(Arc<[u8]>),
}

impl Body {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Body::Static(b) => b,
            Body::Shared(b) => b,
        }
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            // A page the render took from its cache is the very copy served before.
            (Body::Shared(a), Body::Shared(b)) if Arc::ptr_eq(a, b) => true,
            _ => self.bytes() == other.bytes(),
        }
    }
}

/// The files of one good build, by output path (`index.html`, `assets/tsunagu.css`).
pub type Files = HashMap<String, Body>;

/// One published state of the preview.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Increases whenever something a page shows changes; never reused in one run.
    pub id: u64,
    /// The last good build's files (empty until a build succeeds).
    pub files: Files,
    /// Whether any build has succeeded yet.
    pub good: bool,
    /// The site's base path (`/` or `/sub/`): requests under it are served too.
    pub base_path: String,
    /// The error overlay of the latest build, when it failed (HTML, in the server's language).
    pub overlay: Option<String>,
    /// Output path → the build that last added, changed or removed it.
    pub changed_at: HashMap<String, u64>,
    /// The build that last changed any file that is not a page (CSS, JS, images).
    pub assets_at: u64,
    /// The build that last showed, changed or removed the overlay.
    pub overlay_at: u64,
}

/// The result of one build, as the preview sees it.
pub enum Outcome {
    Good { files: Files, base_path: String },
    Failed { overlay: String },
}

impl Snapshot {
    /// The state after `outcome`; `None` when nothing a visitor could see changed.
    pub fn next(&self, outcome: Outcome) -> Option<Snapshot> {
        let id = self.id + 1;
        match outcome {
            Outcome::Failed { overlay } => {
                if self.overlay.as_deref() == Some(overlay.as_str()) {
                    return None;
                }
                Some(Snapshot {
                    id,
                    files: self.files.clone(),
                    good: self.good,
                    base_path: self.base_path.clone(),
                    overlay: Some(overlay),
                    changed_at: self.changed_at.clone(),
                    assets_at: self.assets_at,
                    overlay_at: id,
                })
            }
            Outcome::Good { files, base_path } => {
                let mut changed_at = self.changed_at.clone();
                let mut assets_at = self.assets_at;
                let mut any = false;
                let mut mark = |path: &str, changed_at: &mut HashMap<String, u64>| {
                    changed_at.insert(path.to_string(), id);
                    // The search index is fetched on demand: no page shows it.
                    if !path.ends_with(".html") && !path.starts_with(super::search::PREFIX) {
                        assets_at = id;
                    }
                    any = true;
                };
                for (path, body) in &files {
                    if self.files.get(path) != Some(body) {
                        mark(path, &mut changed_at);
                    }
                }
                for path in self.files.keys() {
                    if !files.contains_key(path) {
                        mark(path, &mut changed_at);
                    }
                }
                let overlay_gone = self.overlay.is_some();
                if !any && !overlay_gone && self.good && base_path == self.base_path {
                    return None;
                }
                Some(Snapshot {
                    id,
                    files,
                    good: true,
                    base_path,
                    overlay: None,
                    changed_at,
                    assets_at,
                    overlay_at: if overlay_gone { id } else { self.overlay_at },
                })
            }
        }
    }

    /// The output path a URL path maps to, whether or not it exists: `/` → `index.html`,
    /// `/x/` → `x/index.html`, `/a.css` → `a.css`. `None` for anything that could leave the
    /// built set: `.` or `..` segments, backslashes, NUL, bad percent-encoding.
    pub fn key_of(&self, url_path: &str) -> Option<String> {
        let path = url_path.split(['?', '#']).next().unwrap_or("");
        let decoded = percent_decode(path)?;
        if decoded.contains(['\\', '\0']) || !decoded.starts_with('/') {
            return None;
        }
        let mut rest = decoded.as_str();
        if self.base_path.len() > 1 {
            if let Some(r) = rest.strip_prefix(self.base_path.trim_end_matches('/')) {
                if r.is_empty() || r.starts_with('/') {
                    rest = r;
                }
            }
        }
        let mut parts = Vec::new();
        for seg in rest.split('/') {
            match seg {
                "" => {}
                "." | ".." => return None,
                s => parts.push(s),
            }
        }
        if rest.ends_with('/') || parts.is_empty() {
            parts.push("index.html");
        }
        Some(parts.join("/"))
    }

    /// Whether a page served at build `since` for `url_path` is out of date now.
    pub fn is_stale(&self, since: u64, url_path: &str) -> bool {
        if self.overlay_at > since || self.assets_at > since {
            return true;
        }
        let Some(key) = self.key_of(url_path) else {
            return false;
        };
        // A path that was never built shows the 404 page.
        let key = if self.changed_at.contains_key(&key) {
            key
        } else {
            "404.html".to_string()
        };
        self.changed_at.get(&key).is_some_and(|&at| at > since)
    }
}

/// `%XX` decoding; `None` for malformed escapes or a result that is not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The current snapshot, shared by the server threads, the builder and the search stage.
#[derive(Default)]
pub struct Current {
    snapshot: RwLock<Arc<Snapshot>>,
    /// Held while computing and installing a successor, so two publishers never race.
    publish: Mutex<()>,
}

impl Current {
    pub fn get(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Install the successor `f` computes from the current snapshot, if any; returns the
    /// snapshot now current and whether it changed.
    pub fn update(&self, f: impl FnOnce(&Snapshot) -> Option<Snapshot>) -> (Arc<Snapshot>, bool) {
        let _one = self.publish.lock().unwrap_or_else(PoisonError::into_inner);
        let cur = self.get();
        match f(&cur) {
            Some(next) => {
                let next = Arc::new(next);
                *self
                    .snapshot
                    .write()
                    .unwrap_or_else(PoisonError::into_inner) = next.clone();
                (next, true)
            }
            None => (cur, false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &'static str)]) -> Files {
        list.iter()
            .map(|(p, b)| (p.to_string(), Body::Static(b.as_bytes())))
            .collect()
    }

    fn good(list: &[(&str, &'static str)]) -> Outcome {
        Outcome::Good {
            files: files(list),
            base_path: "/".into(),
        }
    }

    #[test]
    fn urls_map_to_output_paths_and_never_leave_the_site() {
        let s = Snapshot {
            base_path: "/".into(),
            ..Snapshot::default()
        };
        assert_eq!(s.key_of("/").as_deref(), Some("index.html"));
        assert_eq!(s.key_of("/x/?a=1").as_deref(), Some("x/index.html"));
        assert_eq!(s.key_of("/a%20b.css").as_deref(), Some("a b.css"));
        assert_eq!(s.key_of("//a//b.js").as_deref(), Some("a/b.js"));
        for bad in [
            "/../config.toml",
            "/%2e%2e/config.toml",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/a/%2e/b",
            "/..%5cconfig.toml",
            "/%00",
            "/%zz",
            "/%e3%81",
            "config.toml",
        ] {
            assert_eq!(s.key_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_base_path_is_served_as_well_as_the_root() {
        let s = Snapshot {
            base_path: "/sub/".into(),
            ..Snapshot::default()
        };
        assert_eq!(s.key_of("/sub/").as_deref(), Some("index.html"));
        assert_eq!(s.key_of("/sub").as_deref(), Some("index.html"));
        assert_eq!(s.key_of("/sub/x/").as_deref(), Some("x/index.html"));
        assert_eq!(s.key_of("/x/").as_deref(), Some("x/index.html"));
        assert_eq!(s.key_of("/subway/").as_deref(), Some("subway/index.html"));
    }

    #[test]
    fn only_pages_that_changed_are_stale() {
        let s0 = Snapshot::default();
        let s1 = s0
            .next(good(&[
                ("index.html", "home"),
                ("a/index.html", "a"),
                ("404.html", "nf"),
                ("s.css", "c"),
            ]))
            .unwrap();
        assert_eq!(s1.id, 1);
        let s2 = s1
            .next(good(&[
                ("index.html", "home"),
                ("a/index.html", "a2"),
                ("404.html", "nf"),
                ("s.css", "c"),
            ]))
            .unwrap();
        assert!(s2.is_stale(1, "/a/"));
        assert!(!s2.is_stale(1, "/"));
        assert!(!s2.is_stale(1, "/missing/"));
        assert!(!s2.is_stale(2, "/a/"));
        // Nothing changed: no new snapshot, nobody reloads.
        assert!(
            s2.next(good(&[
                ("index.html", "home"),
                ("a/index.html", "a2"),
                ("404.html", "nf"),
                ("s.css", "c"),
            ]))
            .is_none()
        );
        // CSS changed: every page is stale.
        let s3 = s2
            .next(good(&[
                ("index.html", "home"),
                ("a/index.html", "a2"),
                ("404.html", "nf"),
                ("s.css", "c2"),
            ]))
            .unwrap();
        assert!(s3.is_stale(2, "/"));
        // A removed page is stale where it was; a new page is stale where the 404 was.
        let s4 = s3
            .next(good(&[
                ("index.html", "home"),
                ("b/index.html", "b"),
                ("404.html", "nf"),
                ("s.css", "c2"),
            ]))
            .unwrap();
        assert!(s4.is_stale(3, "/a/"));
        assert!(s4.is_stale(3, "/b/"));
        assert!(!s4.is_stale(3, "/"));
    }

    #[test]
    fn a_failure_keeps_the_pages_and_shows_the_overlay_until_fixed() {
        let s1 = Snapshot::default()
            .next(good(&[("index.html", "home")]))
            .unwrap();
        let s2 = s1
            .next(Outcome::Failed {
                overlay: "x".into(),
            })
            .unwrap();
        assert_eq!(s2.files.len(), 1);
        assert!(s2.is_stale(1, "/"));
        assert!(
            s2.next(Outcome::Failed {
                overlay: "x".into()
            })
            .is_none(),
            "the same errors again change nothing"
        );
        let s3 = s2.next(good(&[("index.html", "home")])).unwrap();
        assert!(s3.overlay.is_none());
        assert!(s3.is_stale(2, "/"));
        assert!(!s3.is_stale(3, "/"));
    }

    #[test]
    fn updates_install_whole_snapshots() {
        let cur = Current::default();
        let (s, changed) = cur.update(|s| s.next(good(&[("index.html", "a")])));
        assert!(changed);
        assert_eq!(s.id, 1);
        assert_eq!(cur.get().id, 1);
        let (_, changed) = cur.update(|_| None);
        assert!(!changed);
    }
}
