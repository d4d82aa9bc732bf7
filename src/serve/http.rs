//! Answering requests from the current [`Snapshot`]: pages with the live-reload script (and
//! the error overlay) injected, other built files as they are, the site's 404 page for
//! anything else. Nothing is ever read from disk here: only the built set exists.
//!
//! `/__tsunagu/live.js` is the reload script; `/__tsunagu/events?since=N&path=P` is its
//! long poll, parked in [`Waiters`] until the page at `P` served at build `N` is out of date
//! (answer `reload`) or [`POLL_TIMEOUT`] passes (answer `wait`).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::server::{Method, Request, Response};

use super::overlay;
use super::state::{Current, Snapshot, percent_decode};
use crate::diagnostics::Lang;

/// How long a long poll is held before it is answered `wait` (the browser then asks again).
pub const POLL_TIMEOUT: Duration = Duration::from_secs(20);
/// At most this many long polls are held; more are told to come back later.
const MAX_WAITERS: usize = 64;

const LIVE_JS: &str = include_str!("live.js");

/// What the server needs besides the snapshot.
pub struct Ctx {
    pub current: Arc<Current>,
    pub waiters: Waiters,
    pub lang: Lang,
    /// Distinguishes this run: a tab left open from an earlier run reloads.
    pub instance: u64,
    /// When bound to loopback only: refuse other `Host` names (DNS rebinding).
    pub loopback_only: bool,
}

type Resp = Response;

/// `resp` with the header `name: value` (left out when sent if the value is not plain
/// ASCII, see `server`).
fn with(resp: Resp, name: &str, value: &str) -> Resp {
    resp.with_header(name, value)
}

fn respond_bytes(status: u16, content_type: &str, body: Vec<u8>) -> Resp {
    Response::new(status, body)
        .with_header("Content-Type", content_type)
        .with_header("Cache-Control", "no-store")
        .with_header("X-Content-Type-Options", "nosniff")
}

fn text(status: u16, body: &str) -> Resp {
    respond_bytes(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

/// The `Content-Type` of an output path, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// The script tag that makes a served page reload itself.
fn live_tag(instance: u64, id: u64) -> String {
    format!("<script src=\"/__tsunagu/live.js\" data-build=\"{instance:x}-{id}\" defer></script>")
}

/// `html` with the live-reload script before `</head>` and the overlay (if any) right after
/// `<body …>`, so it is the first thing a keyboard or screen reader reaches.
pub fn inject(html: &str, tag: &str, overlay: Option<&str>) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + tag.len() + overlay.map_or(0, str::len));
    let head_end = lower.find("</head>");
    let body_start = lower
        .find("<body")
        .and_then(|i| lower[i..].find('>').map(|j| i + j + 1));
    let mut last = 0;
    let mut spots: Vec<(usize, &str)> = Vec::new();
    match head_end {
        Some(i) => spots.push((i, tag)),
        None => spots.push((0, tag)),
    }
    if let Some(o) = overlay {
        spots.push((body_start.unwrap_or(html.len()), o));
    }
    spots.sort_by_key(|(i, _)| *i);
    for (i, piece) in spots {
        out.push_str(&html[last..i]);
        out.push_str(piece);
        last = i;
    }
    out.push_str(&html[last..]);
    out
}

/// Parked long polls.
#[derive(Default)]
pub struct Waiters {
    list: Mutex<Vec<Waiter>>,
}

struct Waiter {
    request: Request,
    since: u64,
    path: String,
    deadline: Instant,
}

impl Waiters {
    fn park(&self, w: Waiter) {
        let mut list = self.list.lock().unwrap_or_else(PoisonError::into_inner);
        if list.len() >= MAX_WAITERS {
            drop(list);
            let _ = w.request.respond(text(503, "busy"));
        } else {
            list.push(w);
        }
    }

    /// Answer the polls `snap` makes stale (`reload`), and those past their deadline
    /// (`wait`); all of them when `all` (shutting down).
    pub fn wake(&self, snap: &Snapshot, all: bool) {
        let now = Instant::now();
        let due: Vec<(Waiter, bool)> = {
            let mut list = self.list.lock().unwrap_or_else(PoisonError::into_inner);
            let (due, keep): (Vec<Waiter>, Vec<Waiter>) = list
                .drain(..)
                .partition(|w| all || w.deadline <= now || snap.is_stale(w.since, &w.path));
            *list = keep;
            due.into_iter()
                .map(|w| {
                    let stale = snap.is_stale(w.since, &w.path);
                    (w, stale)
                })
                .collect()
        };
        for (w, stale) in due {
            let _ = w
                .request
                .respond(text(200, if stale { "reload" } else { "wait" }));
        }
    }
}

/// The query parameter `name` of `url`, undecoded.
fn param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then_some(v)
    })
}

/// Whether the `Host` header names this machine (any port).
fn host_is_loopback(req: &Request) -> bool {
    let Some(host) = req.host() else {
        return true;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(n, _)| n)
    };
    let name = name.to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name == "::1" || name.starts_with("127.")
}

/// Answer one request.
pub fn handle(ctx: &Ctx, req: Request) {
    if ctx.loopback_only && !host_is_loopback(&req) {
        let _ = req.respond(text(403, "forbidden host"));
        return;
    }
    // A HEAD answer leaves out the body itself (`Request::respond`).
    if !matches!(req.method(), Method::Get | Method::Head) {
        let _ = req.respond(with(text(405, "method not allowed"), "Allow", "GET, HEAD"));
        return;
    }
    let url = req.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    let snap = ctx.current.get();
    match path {
        "/__tsunagu/live.js" => {
            let _ = req.respond(respond_bytes(
                200,
                content_type("live.js"),
                LIVE_JS.as_bytes().to_vec(),
            ));
        }
        overlay::STYLE_URL => {
            let _ = req.respond(respond_bytes(
                200,
                content_type("overlay.css"),
                overlay::STYLE.as_bytes().to_vec(),
            ));
        }
        "/__tsunagu/events" => events(ctx, &snap, req, &url),
        _ => {
            let resp = page(ctx, &snap, path);
            let _ = req.respond(resp);
        }
    }
}

fn events(ctx: &Ctx, snap: &Snapshot, req: Request, url: &str) {
    let since = param(url, "since").unwrap_or("");
    // The page's own path, `encodeURIComponent(location.pathname)`: decoded once here.
    let path = param(url, "path")
        .and_then(percent_decode)
        .filter(|p| snap.key_of(p).is_some())
        .unwrap_or_else(|| "/".into());
    let parsed = since.split_once('-').and_then(|(inst, id)| {
        let inst = u64::from_str_radix(inst, 16).ok()?;
        Some((inst, id.parse::<u64>().ok()?))
    });
    let since = match parsed {
        Some((inst, id)) if inst == ctx.instance => id,
        // From an earlier run of the server (or garbled): reload.
        _ => {
            let _ = req.respond(text(200, "reload"));
            return;
        }
    };
    if snap.is_stale(since, &path) {
        let _ = req.respond(text(200, "reload"));
        return;
    }
    ctx.waiters.park(Waiter {
        request: req,
        since,
        path,
        deadline: Instant::now() + POLL_TIMEOUT,
    });
    // A build may have landed between `snap` and parking: check once more.
    ctx.waiters.wake(&ctx.current.get(), false);
}

/// The answer for a site path.
fn page(ctx: &Ctx, snap: &Snapshot, path: &str) -> Resp {
    let tag = live_tag(ctx.instance, snap.id);
    if !snap.good {
        let overlay = snap.overlay.as_deref().unwrap_or("");
        let body = inject(&overlay::error_page(overlay, ctx.lang), &tag, None);
        return respond_bytes(500, content_type(".html"), body.into_bytes());
    }
    let key = snap.key_of(path);
    if let Some(body) = key.as_deref().and_then(|k| snap.files.get(k)) {
        let key = key.as_deref().unwrap_or_default();
        return serve_file(snap, key, body.bytes(), 200, &tag);
    }
    // `/x` where `x/index.html` exists: relative links need the slash.
    if let Some(k) = &key {
        if !path.ends_with('/') && snap.files.contains_key(&format!("{k}/index.html")) {
            return with(text(301, ""), "Location", &format!("{path}/"));
        }
    }
    match snap.files.get("404.html") {
        Some(body) => serve_file(snap, "404.html", body.bytes(), 404, &tag),
        None => text(404, "404 Not Found"),
    }
}

fn serve_file(snap: &Snapshot, key: &str, bytes: &[u8], status: u16, tag: &str) -> Resp {
    let ty = content_type(key);
    if ty.starts_with("text/html") {
        let html = String::from_utf8_lossy(bytes);
        let body = inject(&html, tag, snap.overlay.as_deref());
        respond_bytes(status, ty, body.into_bytes())
    } else {
        respond_bytes(status, ty, bytes.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_in_the_head_and_the_overlay_first_in_the_body() {
        let html = "<html><HEAD><title>t</title></HEAD><body class=\"x\"><p>hi</p></body></html>";
        let out = inject(html, "<s>", Some("<o>"));
        assert_eq!(
            out,
            "<html><HEAD><title>t</title><s></HEAD><body class=\"x\"><o><p>hi</p></body></html>"
        );
        assert_eq!(inject("<p>x</p>", "<s>", None), "<s><p>x</p>");
        assert_eq!(inject("<p>x</p>", "<s>", Some("<o>")), "<s><p>x</p><o>");
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("assets/tsunagu.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type("x.ICS"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("data/r.csv"), "text/csv; charset=utf-8");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("photo.JPG"), "image/jpeg");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn query_parameters_are_found_by_name() {
        assert_eq!(param("/e?since=a-1&path=%2F", "path"), Some("%2F"));
        assert_eq!(param("/e?since=a-1", "since"), Some("a-1"));
        assert_eq!(param("/e", "since"), None);
    }
}
