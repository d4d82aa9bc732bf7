//! Page weight benchmark: what a first visit to each page transfers, gzip-compressed — the
//! HTML plus every stylesheet and script it references (each counted on every page, as a
//! visitor with an empty cache would load it), images excluded. Prints the median, p90 and
//! maximum, the five heaviest pages, and the number of font files in the site (target: no
//! web fonts at all; median ≤ 30 KB). Prints numbers only; asserts nothing.
//!
//! ```sh
//! cargo run --release --bin tsunagu-bench-weight               # builds the example portal
//! cargo run --release --bin tsunagu-bench-weight -- SITE_DIR   # a built site folder
//! ```
//! A folder with a `config.toml` is a site source and is built into a temporary folder
//! first; any other folder is taken as an already built site.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use flate2::Compression;
use flate2::write::GzEncoder;
use tsunagu::diagnostics::{Diagnostics, Lang};
use walkdir::WalkDir;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).expect("writing to memory");
    e.finish().expect("writing to memory").len()
}

/// `src`/`href` values of `<script src>` and `<link rel="stylesheet" href>` in `html`.
fn assets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let attr = |name: &str| -> Option<String> {
            let k = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            Some(tag[k..k + tag[k..].find('"')?].to_string())
        };
        if tag.starts_with("script") {
            out.extend(attr("src"));
        } else if tag.starts_with("link") && attr("rel").is_some_and(|r| r == "stylesheet") {
            out.extend(attr("href"));
        }
        rest = &rest[end..];
    }
    out
}

fn kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / 1024.0)
}

fn main() -> ExitCode {
    let arg = std::env::args().nth(1).map(PathBuf::from);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let source = match &arg {
        None => Some(repo.clone()),
        Some(d) if d.join("config.toml").is_file() => Some(d.clone()),
        Some(_) => None,
    };
    let temp = std::env::temp_dir().join(format!("tsunagu-bench-weight-{}", std::process::id()));
    let site: PathBuf = match source {
        Some(root) => {
            let mut diags = Diagnostics::default();
            if tsunagu::site::build(&root, &temp, &mut diags).is_none() {
                eprint!("{}", diags.report(Lang::Ja));
                eprintln!("{} を作れませんでした", root.display());
                return ExitCode::FAILURE;
            }
            println!("built {} into {}", root.display(), temp.display());
            temp.clone()
        }
        None => arg.clone().expect("a folder"),
    };

    let mut cache: HashMap<PathBuf, usize> = HashMap::new();
    let mut pages: Vec<(String, usize, usize)> = Vec::new(); // (page, total, html only)
    let mut fonts = 0;
    let mut missing = BTreeMap::new();
    for e in WalkDir::new(&site)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let p = e.path();
        let ext = p
            .extension()
            .map(|x| x.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if matches!(ext.as_str(), "woff" | "woff2" | "ttf" | "otf" | "eot") {
            fonts += 1;
        }
        if ext != "html" || !e.file_type().is_file() {
            continue;
        }
        let Ok(html) = std::fs::read_to_string(p) else {
            continue;
        };
        let html_gz = gzip_len(html.as_bytes());
        let mut total = html_gz;
        for a in assets(&html) {
            if a.contains("://") {
                *missing.entry(format!("external: {a}")).or_insert(0) += 1;
                continue;
            }
            // 404.html links from the site's base path (`/assets/…`), other pages relatively
            let file = match a.strip_prefix('/') {
                Some(abs) => normalize(&site.join(abs)),
                None => normalize(&p.parent().unwrap_or(&site).join(&a)),
            };
            let size = *cache
                .entry(file.clone())
                .or_insert_with(|| std::fs::read(&file).map(|b| gzip_len(&b)).unwrap_or(0));
            if size == 0 {
                *missing.entry(a).or_insert(0) += 1;
            }
            total += size;
        }
        let rel = p
            .strip_prefix(&site)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/");
        pages.push((rel, total, html_gz));
    }
    if temp.exists() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    if pages.is_empty() {
        eprintln!("no HTML pages in {}", site.display());
        return ExitCode::FAILURE;
    }
    let mut totals: Vec<usize> = pages.iter().map(|p| p.1).collect();
    totals.sort_unstable();
    let at = |q: f64| totals[((totals.len() - 1) as f64 * q).round() as usize];
    let mut html_only: Vec<usize> = pages.iter().map(|p| p.2).collect();
    html_only.sort_unstable();
    println!(
        "pages: {}  (first visit: HTML + CSS + JS, gzip, images excluded)",
        pages.len()
    );
    println!(
        "median {}   p90 {}   max {}   (target: median ≤ 30 KB)",
        kb(at(0.5)),
        kb(at(0.9)),
        kb(at(1.0))
    );
    println!(
        "HTML alone: median {}   max {}",
        kb(html_only[html_only.len() / 2]),
        kb(*html_only.last().unwrap())
    );
    let mut shared: Vec<_> = cache.iter().collect();
    shared.sort();
    println!("stylesheets and scripts (gzip):");
    for (f, n) in shared {
        let rel = f.strip_prefix(&site).unwrap_or(f);
        println!("  {:>9}  {}", kb(*n), rel.display());
    }
    pages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("heaviest pages:");
    for (rel, total, html) in pages.iter().take(5) {
        println!("  {:>9}  (HTML {:>9})  {rel}", kb(*total), kb(*html));
    }
    println!("font files: {fonts}  (target: 0)");
    for (a, n) in missing {
        println!("not found or external, referenced {n} times: {a}");
    }
    ExitCode::SUCCESS
}

/// Resolve `.` and `..` without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
