//! Progress of long stages for people watching a terminal.
//!
//! On a terminal (standard error), a long stage shows one line that updates itself in
//! place — `描画中 120/223 ページ` — and is erased when the stage ends, leaving the plain
//! log lines. When standard error is a file or a pipe (CI, tests, `2> log.txt`), or with
//! `-q`, nothing is printed: the log lines alone tell what happened.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Set by the command line: `-q`, or a language for the label.
static QUIET: AtomicBool = AtomicBool::new(false);
static ENGLISH: AtomicBool = AtomicBool::new(false);

/// How often the line is redrawn at most.
const EVERY: Duration = Duration::from_millis(100);

/// Called once by the command line.
pub fn configure(quiet: bool, english: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
    ENGLISH.store(english, Ordering::Relaxed);
}

/// A counter of done items for one stage; shared by the threads doing the work.
pub struct Progress {
    label: &'static str,
    total: usize,
    done: AtomicUsize,
    /// `None` when nothing is shown; else the time of the last redraw.
    shown: Option<Mutex<Option<Instant>>>,
}

impl Progress {
    /// `label_ja`/`label_en`: what is being done (`描画中` / `rendering`); `total` items.
    pub fn new(label_ja: &'static str, label_en: &'static str, total: usize) -> Self {
        let on = !QUIET.load(Ordering::Relaxed) && std::io::stderr().is_terminal();
        Progress {
            label: if ENGLISH.load(Ordering::Relaxed) {
                label_en
            } else {
                label_ja
            },
            total,
            done: AtomicUsize::new(0),
            shown: on.then(|| Mutex::new(None)),
        }
    }

    /// One more item done.
    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let Some(shown) = &self.shown else { return };
        // Another thread drawing right now: skip this redraw.
        let Ok(mut last) = shown.try_lock() else {
            return;
        };
        if last.is_some_and(|t| t.elapsed() < EVERY) && done < self.total {
            return;
        }
        *last = Some(Instant::now());
        let unit = if ENGLISH.load(Ordering::Relaxed) {
            "pages"
        } else {
            "ページ"
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[K{} {done}/{} {unit}", self.label, self.total);
        let _ = err.flush();
    }
}

impl Drop for Progress {
    /// Erase the line: the stage's log line follows.
    fn drop(&mut self) {
        if let Some(shown) = &self.shown
            && shown.lock().is_ok_and(|l| l.is_some())
        {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }
}
