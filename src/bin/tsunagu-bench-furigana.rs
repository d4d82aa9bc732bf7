//! Benchmark of the furigana engine: prints numbers, asserts nothing.
//!
//! `cargo run --release --bin tsunagu-bench-furigana [-- ROOT [ROUNDS]]`
//!
//! 1. loads the engine with ROOT's `content/readings.toml` (if any) and times it;
//! 2. reads every `.md` file under ROOT/content (default: the example portal);
//! 3. annotates every line, ROUNDS times (default 5), on one thread and then in parallel
//!    with rayon, and prints the median characters per second of each.

use std::path::PathBuf;
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

    // Warm up once (and count what comes out).
    let segments: Vec<Vec<Segment>> = lines.iter().map(|l| engine.annotate(l)).collect();
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
