//! Watching what a build reads — `content/`, `static/`, `themes/` and `config.toml` — and
//! turning bursts of file events (an editor's save is often several) into one rebuild.
//!
//! A batch ends when no relevant event came for [`QUIET`] (100 ms), or [`MAX_WAIT`] after
//! its first. Where the system says a write is finished (Linux: the file was closed after
//! writing, or renamed into place), waiting that long only delays the preview: once every
//! file written in the batch is finished, the batch ends after [`SETTLED`] instead. A file
//! is never read while its writer still has it open, so a half-saved file is not built.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RenameMode};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};

/// A batch of changes ends after this long without another one.
pub const QUIET: Duration = Duration::from_millis(100);
/// …or this long without another event once every written file is closed again…
pub const SETTLED: Duration = Duration::from_millis(15);
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
        // Files written in this batch and not yet closed.
        let mut open: Vec<PathBuf> = Vec::new();
        let mut first: Option<Instant> = None;
        loop {
            if stop.load(Ordering::SeqCst) {
                return None;
            }
            let wait = match first {
                None => TICK,
                Some(t) => {
                    let quiet = if open.is_empty() { SETTLED } else { QUIET };
                    quiet.min(MAX_WAIT.saturating_sub(t.elapsed()))
                }
            };
            match self.rx.recv_timeout(wait) {
                Ok(Ok(ev)) => {
                    if self.take(ev, &mut batch, &mut open) && first.is_none() {
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

    /// Add the relevant paths of `ev` to `batch` and keep `open` (files being written) up
    /// to date; watch folders that appeared. Whether `ev` was relevant.
    fn take(&mut self, ev: Event, batch: &mut Vec<PathBuf>, open: &mut Vec<PathBuf>) -> bool {
        let progress = match ev.kind {
            // Reads (our own builds too) change nothing.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => Write::Finished,
            EventKind::Access(_) => return false,
            EventKind::Create(CreateKind::File)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => Write::Started,
            EventKind::Modify(ModifyKind::Name(RenameMode::From)) => Write::Finished,
            _ => Write::Whole,
        };
        let mut any = false;
        for p in ev.paths {
            let Some(rel) = relevant(&self.root, &p) else {
                continue;
            };
            any = true;
            let created = matches!(ev.kind, EventKind::Create(_) | EventKind::Modify(_));
            if rel.components().count() == 1 && created && p.is_dir() {
                let _ = self.watcher.watch(&p, RecursiveMode::Recursive);
            }
            match progress {
                Write::Started if !open.contains(&rel) => open.push(rel.clone()),
                Write::Finished => open.retain(|o| *o != rel),
                _ => {}
            }
            if !batch.contains(&rel) {
                batch.push(rel);
            }
        }
        any
    }
}

/// What an event says about a file being written.
#[derive(Clone, Copy)]
enum Write {
    /// Written to: more may come until it is closed.
    Started,
    /// Closed after writing, or moved away.
    Finished,
    /// A change complete in itself (renamed into place, removed, attributes).
    Whole,
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

    /// Batches until one contains `want` (at most 10, or until `stop`): all their paths.
    fn until(changes: &mut Changes, stop: &AtomicBool, want: &str) -> Vec<PathBuf> {
        let mut seen = Vec::new();
        for _ in 0..10 {
            let Some(batch) = changes.next_batch(stop) else {
                break;
            };
            seen.extend(batch);
            if seen.contains(&PathBuf::from(want)) {
                break;
            }
        }
        seen
    }

    #[test]
    fn bursts_of_writes_are_batched_and_new_folders_watched() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let mut changes = Changes::watch(dir.path()).unwrap();
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let s = stop.clone();
        // However slow the machine, the test ends.
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(20));
            s.store(true, Ordering::SeqCst);
        });
        for i in 0..5 {
            std::fs::write(dir.path().join("content/a.md"), format!("{i}")).unwrap();
        }
        std::fs::write(dir.path().join("content/b.md"), "b").unwrap();
        let seen = until(&mut changes, &stop, "content/b.md");
        assert!(seen.contains(&PathBuf::from("content/a.md")), "{seen:?}");
        assert!(seen.contains(&PathBuf::from("content/b.md")), "{seen:?}");
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        until(&mut changes, &stop, "static");
        std::fs::write(dir.path().join("static/x.css"), "x").unwrap();
        let seen = until(&mut changes, &stop, "static/x.css");
        assert!(seen.contains(&PathBuf::from("static/x.css")), "{seen:?}");
        assert!(!stop.load(Ordering::SeqCst), "took too long");
    }

    #[test]
    fn a_file_is_open_from_its_first_write_until_closed() {
        let dir = tempfile::tempdir().unwrap();
        let mut changes = Changes::watch(dir.path()).unwrap();
        let root = changes.root.clone();
        let (mut batch, mut open) = (Vec::new(), Vec::new());
        let ev = |kind| Event::new(kind).add_path(root.join("content/a.md"));
        let data = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Content));
        assert!(changes.take(ev(data), &mut batch, &mut open));
        assert_eq!(open, [PathBuf::from("content/a.md")]);
        let read = EventKind::Access(AccessKind::Open(AccessMode::Read));
        assert!(
            !changes.take(ev(read), &mut batch, &mut open),
            "reads are not changes"
        );
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert!(changes.take(ev(closed), &mut batch, &mut open));
        assert!(open.is_empty());
        assert_eq!(batch, [PathBuf::from("content/a.md")]);
        let outside = Event::new(data).add_path(root.join("public/index.html"));
        assert!(!changes.take(outside, &mut batch, &mut open));
    }
}
