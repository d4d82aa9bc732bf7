//! `tsunagu serve`: the live preview (see [`crate::serve`]). Runs until Ctrl+C.

use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::diagnostics::Lang;
use crate::serve::{self, Options};

/// Serve until Ctrl+C (or SIGTERM); returns success and the closing line.
pub fn run(root: &Path, port: u16, bind: Option<IpAddr>, lang: Lang) -> (bool, Option<String>) {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    if let Err(e) = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)) {
        tracing::warn!("Ctrl+C: {e}");
    }
    let opts = Options {
        root: root.to_path_buf(),
        port,
        bind,
        lang,
    };
    let running = match serve::start(&opts, stop) {
        Ok(r) => r,
        Err(e) => return (false, Some(e.0)),
    };
    eprintln!(
        "{}",
        match lang {
            Lang::Ja => format!("プレビュー: {} （終了は Ctrl+C）", running.url),
            Lang::En => format!("preview: {} (press Ctrl+C to stop)", running.url),
        }
    );
    if bind.is_some_and(|ip| !ip.is_loopback()) {
        eprintln!(
            "{}",
            match lang {
                Lang::Ja => "注意: ほかの機器からも見られます。公開前の内容に気をつけてください。",
                Lang::En =>
                    "note: other machines can see this preview, unpublished content included",
            }
        );
    }
    running.wait();
    (
        true,
        Some(
            match lang {
                Lang::Ja => "プレビューを終了しました。",
                Lang::En => "preview stopped",
            }
            .to_string(),
        ),
    )
}
