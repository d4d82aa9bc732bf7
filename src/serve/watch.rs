//! Watching what a build reads — `content/`, `static/`, `themes/` and `config.toml` — and
//! turning bursts of file events (an editor's save is often several) into one rebuild:
//! a batch ends when no relevant event came for [`QUIET`], or [`MAX_WAIT`] after its first.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::EventKind;
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};

/// A batch of changes ends after this long without another one.
pub const QUIET: Duration = Duration::from_millis(100);
/// …or this long after its first change, whatever keeps happening.
pub const MAX_WAIT: Duration = Duration::from_millis(1000);
/// How often a blocked wait looks at the stop flag.
const TICK: Duration = Duration::from_millis(200);

/// The folders of a site root whose changes matter (besides `config.toml`).
const DIRS: [&str; 3] = ["content", "static", "themes"];

/// Changes to a site's sources, in debounced batches.
pub struct Changes {
    root: PathBuf,
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<Event>>,
}

impl Changes {
    /// Start watching the site at `root`.
    pub fn watch(root: &Path) -> notify::Result<Changes> {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(move |ev| {
            let _ = tx.send(ev);
        })?;
        // The root itself, not recursively: config.toml, and folders created later.
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        for d in DIRS {
            let p = root.join(d);
            if p.is_dir() {
                watcher.watch(&p, RecursiveMode::Recursive)?;
            }
        }
        Ok(Changes { root, watcher, rx })
    }

    /// Block until a batch of relevant changes is complete: the changed paths (relative to
    /// the root). `None` when `stop` was set or watching ended.
    pub fn next_batch(&mut self, stop: &AtomicBool) -> Option<Vec<PathBuf>> {
        let mut batch = Vec::new();
        let mut first: Option<Instant> = None;
        loop {
            if stop.load(Ordering::SeqCst) {
                return None;
            }
            let wait = match first {
                None => TICK,
                Some(t) => QUIET.min(MAX_WAIT.saturating_sub(t.elapsed())),
            };
            match self.rx.recv_timeout(wait) {
                Ok(Ok(ev)) => {
                    let before = batch.len();
                    self.take(ev, &mut batch);
                    if batch.len() > before && first.is_none() {
                        first = Some(Instant::now());
                    }
                }
                // A watch error (e.g. too many files for inotify): rebuild to be safe.
                Ok(Err(e)) => {
                    tracing::warn!("watch: {e}");
                    first.get_or_insert_with(Instant::now);
                }
                Err(RecvTimeoutError::Timeout) => {
                    if first.is_some() {
                        return Some(batch);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return None,
            }
            if first.is_some_and(|t| t.elapsed() >= MAX_WAIT) {
                return Some(batch);
            }
        }
    }

    /// Add the relevant paths of `ev` to `batch`; watch folders that appeared.
    fn take(&mut self, ev: Event, batch: &mut Vec<PathBuf>) {
        if matches!(ev.kind, EventKind::Access(_)) {
            return;
        }
        for p in ev.paths {
            let Some(rel) = relevant(&self.root, &p) else {
                continue;
            };
            if rel.components().count() == 1
                && p.is_dir()
                && matches!(ev.kind, EventKind::Create(_) | EventKind::Modify(_))
            {
                let _ = self.watcher.watch(&p, RecursiveMode::Recursive);
            }
            if !batch.contains(&rel) {
                batch.push(rel);
            }
        }
    }
}

/// `path` relative to `root` when a build reads it; `None` for anything else (the output
/// folder, editors' swap and backup files).
pub fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let first = match rel.components().next()? {
        Component::Normal(s) => s.to_str()?,
        _ => return None,
    };
    if !(DIRS.contains(&first) || rel == Path::new(crate::config::CONFIG_FILE)) {
        return None;
    }
    let name = rel.file_name()?.to_string_lossy();
    let junk = name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913";
    (!junk).then(|| rel.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_a_build_reads_is_relevant() {
        let root = Path::new("/site");
        let rel = |p: &str| relevant(root, Path::new(p)).map(|p| p.to_string_lossy().into_owned());
        assert_eq!(rel("/site/content/a.md").as_deref(), Some("content/a.md"));
        assert_eq!(rel("/site/config.toml").as_deref(), Some("config.toml"));
        assert_eq!(
            rel("/site/themes/x/templates/base.html").as_deref(),
            Some("themes/x/templates/base.html")
        );
        assert_eq!(rel("/site/static").as_deref(), Some("static"));
        assert_eq!(rel("/site/public/index.html"), None);
        assert_eq!(rel("/site/config.toml~"), None);
        assert_eq!(rel("/site/content/.a.md.swp"), None);
        assert_eq!(rel("/site/content/4913"), None);
        assert_eq!(rel("/elsewhere/content/a.md"), None);
    }

    #[test]
    fn a_burst_of_writes_is_one_batch() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let mut changes = Changes::watch(dir.path()).unwrap();
        let stop = AtomicBool::new(false);
        for i in 0..5 {
            std::fs::write(dir.path().join("content/a.md"), format!("{i}")).unwrap();
        }
        std::fs::write(dir.path().join("content/b.md"), "b").unwrap();
        let batch = changes.next_batch(&stop).unwrap();
        assert!(batch.contains(&PathBuf::from("content/a.md")), "{batch:?}");
        assert!(batch.contains(&PathBuf::from("content/b.md")), "{batch:?}");
        // A folder created after the start is watched too.
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        let _ = changes.next_batch(&stop).unwrap();
        std::fs::write(dir.path().join("static/x.css"), "x").unwrap();
        let batch = changes.next_batch(&stop).unwrap();
        assert!(batch.contains(&PathBuf::from("static/x.css")), "{batch:?}");
        stop.store(true, Ordering::SeqCst);
        assert!(changes.next_batch(&stop).is_none());
    }
}
