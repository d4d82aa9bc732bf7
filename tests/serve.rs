//! `tsunagu serve`, driven as a person would: the real binary on a loopback port chosen by
//! the system (`--port 0`), plain HTTP/1.1 requests written by hand (so that `..` reaches
//! the server as typed), files edited on disk. Every wait is bounded; the server is killed
//! when a test ends, whatever happens.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::SiteTest;

/// Longest wait for anything (start, a rebuild showing up).
const TIMEOUT: Duration = Duration::from_secs(10);
/// Start-up includes the first build of a debug binary: a little more.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `tsunagu serve`, killed on drop.
struct Serve {
    child: Child,
    url: String,
    addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(site: &SiteTest, extra: &[&str]) -> (Child, Arc<Mutex<String>>) {
    let root = site.root.to_string_lossy().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["serve", "--root", &root])
        .args(extra)
        .env("LANG", "ja_JP.UTF-8")
        .env("TSUNAGU_TODAY", "2026-11-23")
        .env_remove("LC_ALL")
        .env_remove("TSUNAGU_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = Arc::new(Mutex::new(String::new()));
    let pipe = child.stderr.take().unwrap();
    let sink = stderr.clone();
    // Drain stderr for the whole run, so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let mut s = sink.lock().unwrap();
            s.push_str(&line);
            s.push('\n');
        }
    });
    (child, stderr)
}

fn serve(site: &SiteTest, extra: &[&str]) -> Serve {
    let mut args = vec!["--port", "0"];
    args.extend_from_slice(extra);
    let (child, stderr) = spawn(site, &args);
    let mut s = Serve {
        child,
        url: String::new(),
        addr: "127.0.0.1:9".parse().unwrap(),
        stderr,
    };
    let start = Instant::now();
    while start.elapsed() < START_TIMEOUT {
        let text = s.stderr.lock().unwrap().clone();
        if let Some(i) = text.find("http://") {
            let url: String = text[i..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect();
            let host = url["http://".len()..].trim_end_matches('/');
            s.addr = host.parse().expect("URL names an address");
            s.url = url;
            return s;
        }
        if let Ok(Some(status)) = s.child.try_wait() {
            panic!("serve exited ({status}):\n{text}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("serve printed no URL:\n{}", s.stderr.lock().unwrap());
}

struct Resp {
    status: u16,
    head: String,
    body: String,
}

impl Resp {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// `GET target` exactly as written, with `host` as the Host header.
fn get_as(addr: SocketAddr, target: &str, host: &str) -> Resp {
    let mut s = TcpStream::connect_timeout(&addr, TIMEOUT).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Resp {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn get(srv: &Serve, target: &str) -> Resp {
    get_as(srv.addr, target, &srv.addr.to_string())
}

/// GET `target` until `ok` holds, at most [`TIMEOUT`] (and 200 tries).
fn poll(srv: &Serve, target: &str, ok: impl Fn(&Resp) -> bool) -> Resp {
    let start = Instant::now();
    let mut last = get(srv, target);
    for _ in 0..200 {
        if ok(&last) || start.elapsed() > TIMEOUT {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
        last = get(srv, target);
    }
    assert!(
        ok(&last),
        "GET {target} never matched; last answer {}:\n{}\n--- stderr:\n{}",
        last.status,
        last.body,
        srv.stderr.lock().unwrap()
    );
    last
}

/// The `data-build` of a served page.
fn build_of(page: &str) -> String {
    let i = page.find("data-build=\"").expect("live script") + "data-build=\"".len();
    page[i..].split('"').next().unwrap().to_string()
}

#[test]
fn pages_and_css_are_served_and_nothing_outside_the_site() {
    let site = SiteTest::fixture("base");
    let srv = serve(&site, &[]);
    assert!(srv.url.starts_with("http://127.0.0.1:"), "{}", srv.url);
    let err = srv.stderr.lock().unwrap().clone();
    assert!(
        err.contains(&format!("プレビュー: {} （終了は Ctrl+C）", srv.url)),
        "{err}"
    );

    let home = get(&srv, "/");
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("テスト市 地域福祉ポータル"),
        "{}",
        home.body
    );
    assert_eq!(
        home.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body
            .contains("<script src=\"/__tsunagu/live.js\" data-build=\"")
    );
    assert!(!home.body.contains("tsunagu-overlay"));
    let about = get(&srv, "/about/");
    assert_eq!(about.status, 200);
    assert!(about.body.contains("このサイトについて"));
    assert_eq!(
        get(&srv, "/about").status,
        301,
        "a folder without its slash"
    );

    let css = get(&srv, "/assets/tsunagu.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("Content-Type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert!(!css.body.contains("live.js"), "only pages get the script");
    let js = get(&srv, "/__tsunagu/live.js");
    assert_eq!(js.status, 200);
    assert!(
        js.header("Content-Type")
            .unwrap()
            .starts_with("text/javascript")
    );

    for bad in [
        "/../config.toml",
        "/%2e%2e/config.toml",
        "/%2E%2E%2Fconfig.toml",
        "/assets/../../config.toml",
        "/..%5cconfig.toml",
        "/config.toml",
        "/content/about.md",
    ] {
        let r = get(&srv, bad);
        assert_eq!(r.status, 404, "{bad}");
        assert!(!r.body.contains("base_url"), "{bad} leaked config.toml");
        assert!(!r.body.contains("+++"), "{bad} leaked a source file");
    }
    let missing = get(&srv, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("ページが見つかりません"),
        "the site's 404 page"
    );

    // Bound to loopback: a page asked for under another host name (DNS rebinding) is refused.
    assert_eq!(get_as(srv.addr, "/", "evil.example").status, 403);
    assert_eq!(
        get_as(srv.addr, "/", &format!("localhost:{}", srv.addr.port())).status,
        200
    );
}

#[test]
fn edits_show_up_and_errors_show_an_overlay_until_fixed() {
    let site = SiteTest::fixture("base");
    let srv = serve(&site, &[]);
    let about =
        |body: &str| format!("+++\ntitle = \"このサイトについて\"\n+++\n## 目的\n\n{body}\n");
    std::fs::write(site.root.join("content/about.md"), about("EDITED-TEXT-ONE")).unwrap();
    let page = poll(&srv, "/about/", |r| r.body.contains("EDITED-TEXT-ONE"));
    assert!(!page.body.contains("role=\"alert\""));

    // An open tab's long poll is answered `reload` when its page changes.
    let since = build_of(&page.body);
    let addr = srv.addr;
    let waiting = std::thread::spawn(move || {
        get_as(
            addr,
            &format!("/__tsunagu/events?since={since}&path=%2Fabout%2F"),
            &addr.to_string(),
        )
    });
    std::thread::sleep(Duration::from_millis(300));

    // Break the front matter: the last good page stays, with the overlay on top.
    std::fs::write(
        site.root.join("content/about.md"),
        "+++\ntitle = \"このサイトについて\"\n## 目的\n\nBROKEN-TEXT\n",
    )
    .unwrap();
    let broken = poll(&srv, "/about/", |r| r.body.contains("role=\"alert\""));
    assert_eq!(broken.status, 200);
    assert!(broken.body.contains("content/about.md"), "{}", broken.body);
    assert!(broken.body.contains("エラー"));
    assert!(broken.body.contains("ヒント"));
    assert!(broken.body.contains("data-tsunagu-close"), "a close button");
    assert!(
        broken.body.contains("EDITED-TEXT-ONE"),
        "last good page kept"
    );
    assert!(!broken.body.contains("BROKEN-TEXT"));
    // Under the pages' Content-Security-Policy (style-src 'self', script-src 'self') the
    // overlay's style and the reload script must be files, not inline.
    assert!(
        broken
            .body
            .contains("<meta http-equiv=\"Content-Security-Policy\"")
    );
    assert!(!broken.body.contains("<style"), "{}", broken.body);
    assert!(!broken.body.contains(" style=\""), "{}", broken.body);
    assert!(
        broken
            .body
            .contains("<link rel=\"stylesheet\" href=\"/__tsunagu/overlay.css\">")
    );
    let css = get(&srv, "/__tsunagu/overlay.css");
    assert_eq!(css.status, 200);
    assert!(css.body.contains("#tsunagu-overlay{"), "{}", css.body);
    assert!(
        get(&srv, "/").body.contains("role=\"alert\""),
        "every page shows it"
    );
    let answer = waiting.join().unwrap();
    assert_eq!(answer.body, "reload");
    let err = srv.stderr.lock().unwrap().clone();
    assert!(
        err.contains("content/about.md"),
        "reported on the terminal too:\n{err}"
    );

    // Fixed: the overlay is gone and the new text is there.
    std::fs::write(site.root.join("content/about.md"), about("FIXED-TEXT-TWO")).unwrap();
    let fixed = poll(&srv, "/about/", |r| r.body.contains("FIXED-TEXT-TWO"));
    assert!(!fixed.body.contains("role=\"alert\""));
    assert!(!fixed.body.contains("tsunagu-overlay"));
}

#[test]
fn a_site_that_never_built_shows_the_error_page_until_fixed() {
    let site = SiteTest::fixture("base").write("content/about.md", "title = \"x\"\n本文\n");
    let srv = serve(&site, &[]);
    let page = get(&srv, "/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("role=\"alert\""));
    assert!(page.body.contains("content/about.md"));
    assert!(page.body.contains("まだ一度も"), "{}", page.body);
    std::fs::write(
        site.root.join("content/about.md"),
        "+++\ntitle = \"このサイトについて\"\n+++\n本文\n",
    )
    .unwrap();
    let home = poll(&srv, "/", |r| r.status == 200);
    assert!(home.body.contains("テスト市 地域福祉ポータル"));
    assert!(!home.body.contains("role=\"alert\""));
}

#[test]
fn english_messages_and_a_busy_port() {
    let site = SiteTest::fixture("base");
    let srv = serve(&site, &["--lang", "en"]);
    let err = srv.stderr.lock().unwrap().clone();
    assert!(err.contains("preview: http://127.0.0.1:"), "{err}");
    // A second server on the same port explains what to do, and exits 1.
    let port = srv.addr.port().to_string();
    let (mut second, stderr) = spawn(&site, &["--port", &port]);
    let start = Instant::now();
    let status = loop {
        if let Some(s) = second.try_wait().unwrap() {
            break Some(s);
        }
        if start.elapsed() > START_TIMEOUT {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let _ = second.kill();
    let _ = second.wait();
    assert_eq!(status.and_then(|s| s.code()), Some(1));
    // The pipe reader may still be finishing.
    std::thread::sleep(Duration::from_millis(200));
    let text = stderr.lock().unwrap().clone();
    assert!(
        text.contains("待ち受けできません") && text.contains("--port"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = SiteTest::fixture("base");
    let mut srv = serve(&site, &[]);
    assert_eq!(get(&srv, "/").status, 200);
    let pid = srv.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = srv.child.try_wait().unwrap() {
            break Some(s);
        }
        if start.elapsed() > TIMEOUT {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.is_some_and(|s| s.success()), "{status:?}");
    std::thread::sleep(Duration::from_millis(200));
    let err = srv.stderr.lock().unwrap().clone();
    assert!(err.contains("プレビューを終了しました。"), "{err}");
    assert!(TcpStream::connect_timeout(&srv.addr, Duration::from_secs(1)).is_err());
}

/// A preview rebuild renders again only the pages whose inputs changed (the page cache
/// of `tsunagu serve`), and what it serves is what a build from scratch makes of the same
/// files: after an edit to a measure's text, to its title, to a template and to the
/// reading dictionary.
#[test]
fn a_rebuild_renders_only_the_pages_an_edit_touched() {
    use tsunagu::diagnostics::Diagnostics;
    use tsunagu::render::Html;
    use tsunagu::render::cache::PageCache;
    use tsunagu::site::{Reuse, build_in_memory_with};

    let site = SiteTest::example();
    let root = site.root.clone();
    let cache = Arc::new(PageCache::new());
    // What serve keeps between builds: the page cache and the furigana engine.
    let kept = Mutex::new(Reuse {
        pages: Some(cache.clone()),
        skip_search: true,
        ..Reuse::default()
    });
    let build_with = |reuse: &Reuse| {
        let mut diags = Diagnostics::default();
        let built = build_in_memory_with(&root, reuse, &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        built.expect("the example portal builds")
    };
    let build = |_: &Mutex<Reuse>| {
        let mut reuse = kept.lock().unwrap();
        let built = build_with(&reuse);
        reuse.furigana = built.furigana_input.clone().zip(built.furigana.clone());
        built.pages
    };
    let from_scratch = || {
        build_with(&Reuse {
            skip_search: true,
            ..Reuse::default()
        })
        .pages
    };
    let edit = |rel: &str, f: &dyn Fn(String) -> String| {
        let p = root.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, f(text)).unwrap();
    };
    let same = |served: &[(String, Html)], what: &str| {
        let fresh = from_scratch();
        assert_eq!(served.len(), fresh.len(), "{what}: the same files");
        for ((u1, h1), (u2, h2)) in served.iter().zip(&fresh) {
            assert_eq!(u1, u2, "{what}");
            assert!(h1 == h2, "{what}: {u1} differs from a build from scratch");
        }
    };

    let first = build(&kept);
    let pages = first.iter().filter(|(u, _)| u.ends_with(".html")).count();
    assert!(pages > 100, "{pages}");
    assert_eq!(cache.stats().rendered, pages);
    assert_eq!(cache.stats().reused, 0);

    // Nothing changed: nothing is rendered, and each page is the copy the cache kept (the
    // preview serves it as it is, with no copy per page and build).
    let again = build(&kept);
    assert_eq!(cache.stats().rendered, 0);
    assert_eq!(cache.stats().reused, pages);
    assert!(again == first);
    for ((url, a), (_, b)) in again.iter().zip(&first) {
        match (a, b) {
            (Html::Shared(a), Html::Shared(b)) if url.ends_with(".html") => {
                assert!(Arc::ptr_eq(a, b), "{url}: a copy of the kept page")
            }
            _ if url.ends_with(".html") => panic!("{url}: not the cache's copy"),
            _ => {}
        }
    }

    // A sentence added to a measure: its page and the few that show its text.
    let measure = "content/plan/1/1/1.md";
    edit(measure, &|t| {
        format!("{t}- 見守り合いの新しい仕組みを試します。\n")
    });
    let served = build(&kept);
    let body_edit = cache.stats();
    assert!(
        (1..=pages / 10).contains(&body_edit.rendered),
        "{body_edit:?} of {pages}"
    );
    assert_eq!(body_edit.rendered + body_edit.reused, pages);
    let page = &served
        .iter()
        .find(|(u, _)| u == "plan/1/1/1/index.html")
        .unwrap()
        .1;
    assert!(common::strip_ruby(page).contains("見守り合いの新しい仕組みを試します。"));
    same(&served, "text edit");

    // Its title: also the pages that list it or link to it.
    edit(measure, &|t| {
        t.replace(
            "title = \"地区を単位とする福祉ネットワーク機能の確立\"",
            "title = \"地区ごとの福祉ネットワークづくり\"",
        )
    });
    let served = build(&kept);
    let title_edit = cache.stats();
    assert!(title_edit.rendered > body_edit.rendered, "{title_edit:?}");
    assert!(title_edit.reused > 0, "{title_edit:?}");
    same(&served, "title edit");

    // A template (even a comment in it): every page.
    edit("themes/default/templates/base.html", &|t| {
        format!("{t}{{# 注 #}}\n")
    });
    let served = build(&kept);
    assert_eq!(cache.stats().rendered, pages);
    same(&served, "template edit");

    // The reading dictionary makes a new furigana engine: every page.
    edit("content/readings.toml", &|t| {
        // A reading the analyzer does not give (as a local name's would be).
        format!("{t}\n[[readings]]\nsurface = \"仕組み\"\nreading = \"しぐみ\"\n")
    });
    let served = build(&kept);
    assert_eq!(cache.stats().rendered, pages);
    same(&served, "readings edit");
    let page = &served
        .iter()
        .find(|(u, _)| u == "plan/1/1/1/index.html")
        .unwrap()
        .1;
    assert!(page.contains("<rt>しぐ</rt>"), "the new reading is used");
}
