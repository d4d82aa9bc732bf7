//! `tsunagu serve`: the live preview for staff.
//!
//! The site is built in memory ([`crate::site::build_in_memory`]) and served from memory by a
//! small HTTP/1.1 server ([`server`]) on `127.0.0.1` (another address only when asked for
//! with `--bind`). Edits to `content/`, `static/`, `themes/` or `config.toml` are noticed
//! ([`watch`]), debounced, and rebuilt in the background while the previous build keeps
//! being served; the new build replaces the old one as a whole ([`state`]).
//!
//! Every served page gets a small script (`/__tsunagu/live.js`, never part of `build`
//! output) that long-polls the server and reloads the page when a build changes it. When a
//! build fails, the last good pages stay and show the problems in an [`overlay`]; a fixed
//! file makes the overlay go away.
//!
//! # What a rebuild redoes
//! The in-memory build ([`crate::site::build_in_memory`]) runs again — loading, linking
//! and making every page's context, which is how it learns what changed — but nothing
//! costly is redone for what the edit did not touch:
//! - pages: a page is rendered, resolved and annotated again only when its template, its
//!   context or the furigana engine changed ([`crate::render::cache`]): an edit to a
//!   measure's text renders that measure's page and the few that show its text; an edit
//!   to a template or `config.toml` renders every page;
//! - furigana: the engine is kept (made again only when `content/readings.toml` or a
//!   name's reading changes), and with it the ruby markup of every text run it already
//!   annotated (`render::ruby`);
//! - static files are not read again unless their size or time changed ([`build`]);
//!   images come from their cache;
//! - the search index is a separate stage run in the background at most every few seconds
//!   ([`search`]).
//!
//! In the browser, each open tab learns whether *its* page (or the CSS/JS, or the overlay)
//! changed, and only those tabs reload. `tsunagu-bench-serve` measures save → changed page
//! served; the time is the debounce ([`watch`]: ~15 ms once the editor closed the file,
//! else 100 ms of quiet) plus one build.

mod build;
pub mod http;
pub mod overlay;
pub mod search;
pub mod server;
pub mod state;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::diagnostics::Lang;
use http::{Ctx, Waiters};
use state::{Current, Outcome};

/// How often idle threads look at the stop flag.
const TICK: Duration = Duration::from_millis(200);

/// How to run the preview.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// `0`: any free port.
    pub port: u16,
    /// `None`: 127.0.0.1 only.
    pub bind: Option<IpAddr>,
    pub lang: Lang,
}

/// A running preview.
pub struct Running {
    /// `http://127.0.0.1:1111/`
    pub url: String,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    ctx: Arc<Ctx>,
    server: Arc<server::Server>,
}

/// Why the preview could not start (in the staff's language).
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Build the site once, start serving it and watching its files. Problems of the builds
/// are printed on standard error as they happen.
pub fn start(opts: &Options, stop: Arc<AtomicBool>) -> Result<Running, StartError> {
    let lang = opts.lang;
    let current = Arc::new(Current::default());
    let stage = search::site_stage(&opts.root);
    let mut builder = build::Builder::new(&opts.root, lang).skip_search(stage.is_some());
    let throttle = search::Throttle::new(current.clone(), stage, search::INTERVAL);
    publish(&current, &throttle, builder.build(false), lang, None);

    let ip = opts.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let server = server::Server::bind(SocketAddr::new(ip, opts.port))
        .map_err(|e| StartError(bind_error(ip, opts.port, &e.to_string(), lang)))?;
    let server = Arc::new(server);
    let url = url_of(server.local_addr());

    let ctx = Arc::new(Ctx {
        current: current.clone(),
        waiters: Waiters::default(),
        lang,
        instance: instance_id(),
        loopback_only: ip.is_loopback(),
    });
    let mut threads = Vec::new();
    let spawn = |name: &str, f: Box<dyn FnOnce() + Send>| {
        std::thread::Builder::new()
            .name(format!("tsunagu-{name}"))
            .spawn(f)
            .map_err(|e| StartError(e.to_string()))
    };
    {
        let (server, ctx, stop) = (server.clone(), ctx.clone(), stop.clone());
        threads.push(spawn(
            "accept",
            Box::new(move || {
                let handle = Arc::new(move |req| http::handle(&ctx, req));
                server.run(&stop, handle);
            }),
        )?);
    }
    {
        let (server, ctx, stop) = (server.clone(), ctx.clone(), stop.clone());
        threads.push(spawn(
            "poll",
            Box::new(move || {
                while !stop.load(Ordering::SeqCst) {
                    std::thread::sleep(TICK);
                    ctx.waiters.wake(&ctx.current.get(), false);
                }
                // Stopping: let the accept loop see it.
                server.wake();
            }),
        )?);
    }
    match watch::Changes::watch(&opts.root) {
        Ok(mut changes) => {
            let (ctx, stop) = (ctx.clone(), stop.clone());
            threads.push(spawn(
                "build",
                Box::new(move || {
                    let mut throttle = throttle;
                    while let Some(batch) = changes.next_batch(&stop) {
                        let had_good = ctx.current.get().good;
                        let done = builder.build(had_good);
                        publish(&ctx.current, &throttle, done, lang, Some((&ctx, &batch)));
                    }
                    throttle.stop();
                }),
            )?);
        }
        Err(e) => eprintln!(
            "{}",
            match lang {
                Lang::Ja => format!(
                    "注意: ファイルの変更を見張れません（{e}）。直したあとは serve を起動し直してください。"
                ),
                Lang::En =>
                    format!("warning: cannot watch the files ({e}); restart serve after edits"),
            }
        ),
    }
    Ok(Running {
        url,
        stop,
        threads,
        ctx,
        server,
    })
}

impl Running {
    /// Wait until the stop flag is set, then finish: open pages' polls are answered and the
    /// port is closed.
    pub fn wait(self) {
        for t in self.threads {
            let _ = t.join();
        }
        self.ctx.waiters.wake(&self.ctx.current.get(), true);
        drop(self.server);
    }

    /// Set the stop flag and [`wait`](Running::wait).
    pub fn shutdown(self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wait();
    }
}

/// Install a build's result, report it, wake the pages it changed.
fn publish(
    current: &Current,
    throttle: &search::Throttle<crate::site::Built>,
    mut done: build::Done,
    lang: Lang,
    ctx: Option<(&Ctx, &[PathBuf])>,
) {
    if let Outcome::Good { files, .. } = &mut done.outcome {
        throttle.merge_into(files);
    }
    let failed = matches!(done.outcome, Outcome::Failed { .. });
    let first = current.get().id == 0;
    // On the terminal first: by the time a page shows the overlay, the report is there.
    if !done.diags.is_empty() {
        eprint!("{}", done.diags.report(lang));
    }
    let (snap, changed) = current.update(|s| s.next(done.outcome));
    let ms = done.took.as_millis();
    let pages = snap
        .changed_at
        .iter()
        .filter(|(k, at)| **at == snap.id && k.ends_with(".html"))
        .count();
    if let Some((_, batch)) = ctx {
        let what: Vec<String> = batch
            .iter()
            .take(3)
            .map(|p| crate::diagnostics::display_path(p))
            .collect();
        tracing::debug!("変更 / changed: {}", what.join(", "));
    }
    let pages = if changed { pages } else { 0 };
    match (lang, failed, first) {
        (Lang::Ja, true, _) => {
            eprintln!("更新できませんでした（{ms} ms）。直して保存すると、もう一度作ります。");
        }
        (Lang::En, true, _) => eprintln!("build failed ({ms} ms); save a fix to try again"),
        (Lang::Ja, false, true) => tracing::info!("作りました: ページ {pages}件（{ms} ms）"),
        (Lang::En, false, true) => tracing::info!("built: {pages} page(s) ({ms} ms)"),
        (Lang::Ja, false, false) => {
            tracing::info!("更新しました: 変わったページ {pages}件（{ms} ms）");
        }
        (Lang::En, false, false) => tracing::info!("rebuilt: {pages} page(s) changed ({ms} ms)"),
    }
    if let Some(b) = done.built {
        throttle.offer(b);
    }
    if changed {
        if let Some((ctx, _)) = ctx {
            ctx.waiters.wake(&snap, false);
        }
    }
}

fn bind_error(ip: IpAddr, port: u16, detail: &str, lang: Lang) -> String {
    let addr = SocketAddr::new(ip, port);
    match lang {
        Lang::Ja => format!(
            "エラー: {addr} で待ち受けできません（{detail}）。\n  ヒント: 別の serve が動いていれば止めるか、--port で別の番号を指定してください（--port 0 なら空いている番号を使います）。"
        ),
        Lang::En => format!(
            "error: cannot listen on {addr} ({detail})\n  hint: stop the other server or choose another --port (--port 0 picks a free one)"
        ),
    }
}

/// The URL to open: an unspecified address (`0.0.0.0`) is reachable as 127.0.0.1 here.
fn url_of(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// A number that differs between two runs of the server.
fn instance_id() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    nanos ^ (u64::from(std::process::id()) << 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_reachable_address() {
        let a: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert_eq!(url_of(a), "http://127.0.0.1:8080/");
        let a: SocketAddr = "[::1]:1111".parse().unwrap();
        assert_eq!(url_of(a), "http://[::1]:1111/");
        let a: SocketAddr = "192.0.2.1:1".parse().unwrap();
        assert_eq!(url_of(a), "http://192.0.2.1:1/");
    }
}
