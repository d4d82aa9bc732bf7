//! Benchmark of the furigana engine: prints numbers, asserts nothing.
//!
//! `cargo run --release --bin tsunagu-bench-furigana [-- ROOT [ROUNDS]]`
//!
//! 1. loads the engine with ROOT's `content/readings.toml` (if any) and times it;
//! 2. reads every `.md` file under ROOT/content (default: the example portal);
//! 3. annotates every line, ROUNDS times (default 5), on one thread and then in parallel
//!    with rayon, and prints the median characters per second of each;
//! 4. builds the whole site ROUNDS times with the `tsunagu` binary next to this one
//!    (`tsunagu -q build`), as it is and with `furigana = false` in a copy of its
//!    config, alternating, and prints the median wall time of each and the difference.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rayon::prelude::*;
use tsunagu::furigana::{Furigana, Segment, load_site_readings};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let rounds: usize = match args.next() {
        Some(n) => n.parse().context("ROUNDS must be a number")?,
        None => 5,
    };

    let entries = load_site_readings(&root).map_err(|errors| {
        anyhow::anyhow!("{} problem(s) in the site's readings.toml", errors.len())
    })?;
    let started = Instant::now();
    let engine = Furigana::new(&entries)?;
    let load = started.elapsed();

    let mut lines = Vec::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let entry = entry?;
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path())
                .with_context(|| format!("reading {}", entry.path().display()))?;
            lines.extend(text.lines().map(str::to_string));
            files += 1;
        }
    }
    let chars: usize = lines.iter().map(|l| l.chars().count()).sum();
    anyhow::ensure!(
        chars > 0,
        "no text under {}",
        root.join("content").display()
    );

    // The first pass, on a fresh engine (what a build pays: each word's dictionary entry is
    // read once), timed on its own; it also counts what comes out.
    let started = Instant::now();
    let segments: Vec<Vec<Segment>> = lines.iter().map(|l| engine.annotate(l)).collect();
    let cold = started.elapsed();
    let rubies: usize = segments
        .iter()
        .flatten()
        .filter(|s| matches!(s, Segment::Ruby { .. }))
        .count();
    let unknown: std::collections::BTreeSet<String> =
        lines.iter().flat_map(|l| engine.unknown_words(l)).collect();

    let sequential = median(rounds, || {
        for l in &lines {
            std::hint::black_box(engine.annotate(l));
        }
    });
    let parallel = median(rounds, || {
        lines.par_iter().for_each(|l| {
            std::hint::black_box(engine.annotate(l));
        });
    });
    let per_second = |d: Duration| chars as f64 / d.as_secs_f64();

    println!("furigana benchmark ({})", root.display());
    println!(
        "  load (IPADIC + {} site readings): {load:.2?}",
        entries.len()
    );
    println!(
        "  text: {files} files, {} lines, {chars} characters",
        lines.len()
    );
    println!("  rubies: {rubies}, unknown kanji words: {}", unknown.len());
    println!(
        "  annotate, first pass (fresh engine, 1 thread): {cold:.2?} = {:.0} chars/s",
        per_second(cold)
    );
    println!(
        "  annotate, 1 thread:  {sequential:.2?} (median of {rounds}) = {:.0} chars/s",
        per_second(sequential)
    );
    println!(
        "  annotate, rayon ({} threads): {parallel:.2?} = {:.0} chars/s",
        rayon::current_num_threads(),
        per_second(parallel)
    );
    if !unknown.is_empty() {
        let list: Vec<&str> = unknown.iter().map(String::as_str).collect();
        println!("  unknown: {}", list.join(" "));
    }
    site_builds(&root, rounds)
}

/// Whole-site builds with furigana on and off, by the real binary.
fn site_builds(root: &Path, rounds: usize) -> anyhow::Result<()> {
    let exe = std::env::current_exe()?.with_file_name("tsunagu");
    anyhow::ensure!(
        exe.exists(),
        "{} not found: run `cargo build --release` first",
        exe.display()
    );
    let work = std::env::temp_dir().join(format!("tsunagu-bench-furigana-{}", std::process::id()));
    let result = compare_builds(root, &exe, &work, rounds);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn compare_builds(root: &Path, exe: &Path, work: &Path, rounds: usize) -> anyhow::Result<()> {
    // The same site with furigana off: a copy whose config says so.
    let off = work.join("off");
    std::fs::create_dir_all(&off)?;
    for top in ["config.toml", "content", "themes", "static"] {
        let from = root.join(top);
        if !from.exists() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&from).sort_by_file_name() {
            let entry = entry?;
            let rel = entry.path().strip_prefix(root)?;
            let to = off.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to)?;
            } else {
                std::fs::copy(entry.path(), &to)?;
            }
        }
    }
    let config = std::fs::read_to_string(off.join("config.toml"))?;
    let mut lines: Vec<String> = config
        .lines()
        .filter(|l| !l.trim_start().starts_with("furigana ="))
        .map(str::to_string)
        .collect();
    let first_table = lines
        .iter()
        .position(|l| l.trim_start().starts_with('['))
        .unwrap_or(lines.len());
    lines.insert(first_table, "furigana = false".into());
    std::fs::write(off.join("config.toml"), lines.join("\n"))?;

    let build = |site: &Path, out: &str| -> anyhow::Result<Duration> {
        let t = Instant::now();
        let run = std::process::Command::new(exe)
            .args(["-q", "build", "--root"])
            .arg(site)
            .arg("--output")
            .arg(work.join(out))
            .output()?;
        anyhow::ensure!(
            run.status.success(),
            "the build of {} failed:\n{}",
            site.display(),
            String::from_utf8_lossy(&run.stderr)
        );
        Ok(t.elapsed())
    };
    build(root, "out-warm")?;
    let (mut on, mut plain) = (Vec::new(), Vec::new());
    for _ in 0..rounds.max(1) {
        on.push(build(root, "out-on")?);
        plain.push(build(&off, "out-off")?);
    }
    on.sort();
    plain.sort();
    let (on, plain) = (on[on.len() / 2], plain[plain.len() / 2]);
    println!("  site build (tsunagu -q build, median of {rounds}):");
    println!("    furigana on:  {on:.2?}");
    println!("    furigana off: {plain:.2?}");
    println!(
        "    furigana adds {:.2?} = {:+.1}%",
        on.saturating_sub(plain),
        (on.as_secs_f64() / plain.as_secs_f64() - 1.0) * 100.0
    );
    Ok(())
}

fn median(rounds: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..rounds.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}
