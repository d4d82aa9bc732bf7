//! The slow stage: the search index is not rebuilt on every keystroke. After a good build
//! the builder [`offer`](Throttle::offer)s it here; a background thread runs the stage on
//! the newest offered build, at most once every [`INTERVAL`], and publishes its files
//! (`search/…`) into the current snapshot. Pages keep being served, and updated, meanwhile;
//! the search files lag the pages by at most a few seconds.
//!
//! # The site's stage
//! [`site_stage`] runs [`crate::site::search_files`] on a build made with
//! `Reuse::skip_search` (the preview's builder skips the search stage): no rebuild waits
//! for the index.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::state::{Body, Current, Files, Outcome};
use crate::site::Built;

/// The shortest time between two runs of the slow stage.
pub const INTERVAL: Duration = Duration::from_secs(3);

/// Output paths under this prefix belong to the slow stage.
pub const PREFIX: &str = "search/";

/// A stage to run on a build `T`: the files it produces, `None` when it has none.
pub type Stage<T> = dyn Fn(&T) -> Option<Vec<(String, Vec<u8>)>> + Send + Sync;

/// The site's search stage for the site at `root`, when `site` offers it as a separate
/// stage (the hook point: see the module docs).
pub fn site_stage(root: &std::path::Path) -> Option<Arc<Stage<Built>>> {
    let root = root.to_path_buf();
    Some(Arc::new(move |built: &Built| {
        match crate::site::search_files(&root, &built.site, built.furigana.as_deref()) {
            Ok(files) => Some(files),
            Err(d) => {
                // Pages keep being served; the search box keeps the previous index.
                tracing::warn!("{}", d.problem.message(crate::diagnostics::Lang::Ja));
                None
            }
        }
    }))
}

/// Runs a slow stage in the background, at most once per interval.
pub struct Throttle<T> {
    tx: Option<Sender<Arc<T>>>,
    thread: Option<JoinHandle<()>>,
    /// The latest files of the stage: the builder adds them to every build.
    latest: Arc<Mutex<Files>>,
}

impl<T: Send + Sync + 'static> Throttle<T> {
    /// A throttle publishing into `current`; `stage` `None` = nothing to run.
    pub fn new(current: Arc<Current>, stage: Option<Arc<Stage<T>>>, interval: Duration) -> Self {
        let latest = Arc::new(Mutex::new(Files::new()));
        let Some(stage) = stage else {
            return Throttle {
                tx: None,
                thread: None,
                latest,
            };
        };
        let (tx, rx) = channel();
        let l = latest.clone();
        let thread = std::thread::Builder::new()
            .name("tsunagu-search".into())
            .spawn(move || run(&rx, &*stage, interval, &current, &l))
            .ok();
        Throttle {
            tx: thread.is_some().then_some(tx),
            thread,
            latest,
        }
    }

    /// Hand over the newest good build (older ones not yet run are skipped).
    pub fn offer(&self, built: Arc<T>) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(built);
        }
    }

    /// Add the stage's latest files to a build's files (the build's own files win).
    pub fn merge_into(&self, files: &mut Files) {
        let latest = self.latest.lock().unwrap_or_else(PoisonError::into_inner);
        for (k, v) in latest.iter() {
            files.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
}

impl<T> Throttle<T> {
    /// Stop the thread (after the run in progress, if any).
    pub fn stop(&mut self) {
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl<T> Drop for Throttle<T> {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run<T>(
    rx: &Receiver<Arc<T>>,
    stage: &Stage<T>,
    interval: Duration,
    current: &Current,
    latest: &Mutex<Files>,
) {
    let mut last_run: Option<Instant> = None;
    while let Ok(mut built) = rx.recv() {
        // Wait out the interval, taking newer builds as they come.
        if let Some(t) = last_run {
            while let Some(left) = interval.checked_sub(t.elapsed()) {
                match rx.recv_timeout(left) {
                    Ok(b) => built = b,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        }
        while let Ok(b) = rx.try_recv() {
            built = b;
        }
        last_run = Some(Instant::now());
        let Some(out) = stage(&built) else { continue };
        let files: Files = out
            .into_iter()
            .map(|(k, v)| (k, Body::Shared(v.into())))
            .collect();
        *latest.lock().unwrap_or_else(PoisonError::into_inner) = files.clone();
        current.update(|s| {
            let mut all: Files = s
                .files
                .iter()
                .filter(|(k, _)| !k.starts_with(PREFIX))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            all.extend(files);
            // Only on top of a good build that is still current; a failed one keeps them.
            (s.good && s.overlay.is_none())
                .then(|| {
                    s.next(Outcome::Good {
                        files: all,
                        base_path: s.base_path.clone(),
                    })
                })
                .flatten()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_stage_runs_at_most_once_per_interval_on_the_newest_build() {
        let current = Arc::new(Current::default());
        current.update(|s| {
            s.next(Outcome::Good {
                files: [("index.html".to_string(), Body::Static(b"home"))].into(),
                base_path: "/".into(),
            })
        });
        let runs = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (r, s2) = (runs.clone(), seen.clone());
        let stage: Arc<Stage<u32>> = Arc::new(move |n: &u32| {
            r.fetch_add(1, Ordering::SeqCst);
            s2.lock().unwrap().push(*n);
            Some(vec![(
                format!("{PREFIX}index.js"),
                n.to_string().into_bytes(),
            )])
        });
        let interval = Duration::from_millis(300);
        let mut t = Throttle::new(current.clone(), Some(stage), interval);
        let wait_for = |n: usize| {
            let start = Instant::now();
            while runs.load(Ordering::SeqCst) < n && start.elapsed() < Duration::from_secs(5) {
                std::thread::sleep(Duration::from_millis(5));
            }
            Instant::now()
        };
        for n in 0..10 {
            t.offer(Arc::new(n));
        }
        let first = wait_for(1);
        for n in 10..20 {
            t.offer(Arc::new(n));
        }
        let second = wait_for(2);
        std::thread::sleep(Duration::from_millis(50));
        t.stop();
        let seen = seen.lock().unwrap().clone();
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert_eq!(seen[1], 19, "the newest build is indexed: {seen:?}");
        assert!(second - first >= interval - Duration::from_millis(20));
        let snap = current.get();
        assert_eq!(snap.files["search/index.js"].bytes(), b"19");
        assert!(!snap.is_stale(1, "/"), "new search files reload no page");
        let mut files = Files::new();
        t.merge_into(&mut files);
        assert!(files.contains_key("search/index.js"));
    }

    #[test]
    fn no_stage_no_thread() {
        let t: Throttle<u32> = Throttle::new(Arc::new(Current::default()), None, INTERVAL);
        t.offer(Arc::new(1));
        assert!(t.thread.is_none());
    }
}
