//! Benchmark of `tsunagu serve`: how long from saving a content file to the preview serving
//! the changed page.
//!
//! Copies the example portal (`config.toml`, `content/`, `static/`, `themes/` of the
//! repository, or of the folder given as the first argument) to a temporary folder, starts
//! the preview on a free loopback port, then 10 times edits `content/plan/1/1/1.md` and
//! polls `GET /plan/1/1/1/` until the new text is there. Prints min / median / max in ms
//! (target: < 200 ms), and the time of one full in-memory build for comparison.
//!
//! `cargo run --release --bin tsunagu-bench-serve`

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use tsunagu::diagnostics::{Diagnostics, Lang};
use tsunagu::serve::{self, Options};

const EDITS: usize = 10;
const FILE: &str = "content/plan/1/1/1.md";
const PAGE: &str = "/plan/1/1/1/";
const TIMEOUT: Duration = Duration::from_secs(10);

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            std::fs::copy(entry.path(), dest)?;
        }
    }
    Ok(())
}

fn get(addr: SocketAddr, target: &str) -> std::io::Result<String> {
    let mut s = TcpStream::connect_timeout(&addr, TIMEOUT)?;
    s.set_read_timeout(Some(TIMEOUT))?;
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    Ok(String::from_utf8_lossy(&raw).into_owned())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(mut v: Vec<Duration>) -> String {
    v.sort();
    if v.is_empty() {
        return "no samples".into();
    }
    format!(
        "min {:.0} ms / median {:.0} ms / max {:.0} ms",
        ms(v[0]),
        ms(v[v.len() / 2]),
        ms(v[v.len() - 1])
    )
}

fn run(repo: &Path, site: &Path) -> Result<bool, String> {
    std::fs::create_dir_all(site).map_err(|e| format!("{}: {e}", site.display()))?;
    for part in ["config.toml", "content", "static", "themes"] {
        let p = repo.join(part);
        let r = if p.is_dir() {
            copy_dir(&p, &site.join(part))
        } else if p.is_file() {
            std::fs::copy(&p, site.join(part)).map(|_| ())
        } else {
            Ok(())
        };
        r.map_err(|e| format!("copy {}: {e}", p.display()))?;
    }
    let original = std::fs::read_to_string(site.join(FILE)).map_err(|e| format!("{FILE}: {e}"))?;

    let mut builds = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let mut diags = Diagnostics::default();
        tsunagu::site::build_in_memory(site, &mut diags)
            .ok_or_else(|| format!("the site does not build:\n{}", diags.report(Lang::En)))?;
        builds.push(t.elapsed());
    }

    let stop = Arc::new(AtomicBool::new(false));
    let opts = Options {
        root: site.to_path_buf(),
        port: 0,
        bind: None,
        lang: Lang::En,
    };
    let running = serve::start(&opts, stop).map_err(|e| e.to_string())?;
    let addr: SocketAddr = running
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .map_err(|e| format!("{}: {e}", running.url))?;

    let mut times = Vec::new();
    let mut all_seen = true;
    for i in 0..EDITS {
        let marker = format!("BENCH-EDIT-{i}");
        let edited = original.replacen("\ntitle = \"", &format!("\ntitle = \"{marker}"), 1);
        std::thread::sleep(Duration::from_millis(300));
        std::fs::write(site.join(FILE), &edited).map_err(|e| format!("{FILE}: {e}"))?;
        let saved = Instant::now();
        let mut seen = false;
        while saved.elapsed() < TIMEOUT {
            if get(addr, PAGE).is_ok_and(|b| b.contains(&marker)) {
                seen = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        if seen {
            let t = saved.elapsed();
            eprintln!("edit {}: {:.0} ms", i + 1, ms(t));
            times.push(t);
        } else {
            eprintln!("edit {}: not served within {} s", i + 1, TIMEOUT.as_secs());
            all_seen = false;
        }
    }
    running.shutdown();

    println!("tsunagu serve benchmark: example portal, {EDITS} edits of {FILE}");
    println!(
        "full in-memory build (site::build_in_memory, 3 runs): {}",
        summary(builds)
    );
    println!(
        "save -> GET {PAGE} returns the change ({} of {EDITS}): {} (target < 200 ms)",
        times.len(),
        summary(times)
    );
    Ok(all_seen)
}

fn main() -> ExitCode {
    // TSUNAGU_LOG=info shows the build's stage timings.
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_env("TSUNAGU_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_target(false)
            .without_time()
            .with_writer(std::io::stderr)
            .try_init();
    }
    let repo = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let site = std::env::temp_dir().join(format!("tsunagu-bench-serve-{}", std::process::id()));
    let result = run(&repo, &site);
    let _ = std::fs::remove_dir_all(&site);
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
