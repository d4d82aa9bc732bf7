//! Output integrity: two builds of the same input are byte-identical, and a build killed
//! at any moment (SIGKILL: no chance to clean up) leaves the previous output exactly as it
//! was; what it left next to the output is removed by the next build.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::SiteTest;

/// Every file under `dir`: relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn build_command(root: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tsunagu"));
    c.args(["build", "-q", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .env("LANG", "ja_JP.UTF-8")
        .env("TSUNAGU_TODAY", "2026-11-23")
        .env_remove("TSUNAGU_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn assert_same(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    assert_eq!(names_a, names_b, "{what}: the file lists differ");
    let differing: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(
        differing.is_empty(),
        "{what}: these files differ: {differing:?}"
    );
}

#[test]
fn two_builds_of_the_example_portal_are_byte_identical() {
    let t = SiteTest::example();
    let second = t.out.with_file_name("public2");
    let t = t.build().succeeds();
    let status = build_command(&t.root, &second).status().unwrap();
    assert!(status.success());
    let a = snapshot(&t.out);
    let b = snapshot(&second);
    assert!(
        a.keys()
            .any(|k| k.starts_with("search/tantivy/") && k.ends_with(".store")),
        "the search index is part of the comparison"
    );
    assert!(a.len() > 100, "only {} files", a.len());
    assert_same(&a, &b, "two builds");
}

#[test]
fn a_killed_build_leaves_the_previous_output_intact() {
    let t = SiteTest::example();
    // A previous output that differs from what the next build would write, so a partial
    // swap cannot go unnoticed.
    let t = t.build().succeeds();
    std::fs::write(t.out.join("previous-build.txt"), "前回の出力").unwrap();
    let before = snapshot(&t.out);
    let parent = t.out.parent().unwrap().to_path_buf();

    // The length of a build: the fastest of three (the first may run beside another test
    // or with cold caches, which would put every kill moment after the end).
    let mut full = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        let status = build_command(&t.root, &t.out).status().unwrap();
        assert!(status.success());
        full = full.min(started.elapsed());
    }
    let complete = snapshot(&t.out);
    // The build just replaced the output: put the previous one back.
    std::fs::remove_dir_all(&t.out).unwrap();
    restore(&t.out, &before);
    assert_same(&snapshot(&t.out), &before, "restored");

    // Right after spawning, at fixed moments, and through the whole length of a build
    // (the writing and the swap come at the end).
    // (moment, whether it is in the second half of a build, where the writing is)
    let mut moments: Vec<(Duration, bool)> = [0, 50, 150, 300]
        .iter()
        .map(|&ms| (Duration::from_millis(ms), false))
        .collect();
    for percent in [50, 70, 80, 85, 90, 93, 96, 98] {
        moments.push((full * percent / 100, true));
    }
    let (mut completed, mut late_kills) = (0, 0);
    for (at, late) in moments {
        let mut child = build_command(&t.root, &t.out).spawn().unwrap();
        std::thread::sleep(at);
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        if finished || status.success() {
            // The build won the race: the new output is complete; start again from the
            // previous one.
            completed += 1;
            std::fs::remove_dir_all(&t.out).unwrap();
            restore(&t.out, &before);
            continue;
        }
        assert!(
            t.out.is_dir(),
            "killed after {at:?}: the output folder is gone"
        );
        // Either the previous output, untouched, or (killed after the swap, while the
        // old copy was being deleted) the complete new one: never a mix.
        let now = snapshot(&t.out);
        if now == complete {
            completed += 1;
            std::fs::remove_dir_all(&t.out).unwrap();
            restore(&t.out, &before);
            continue;
        }
        assert_same(&now, &before, &format!("killed after {at:?}"));
        late_kills += usize::from(late);
        // Nothing half-written under the output's own name; only dot-leftovers beside it.
        for e in std::fs::read_dir(&parent).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().to_string();
            assert!(
                ["site", "public"].contains(&name.as_str()) || name.starts_with(".public."),
                "killed after {at:?}: unexpected {name}"
            );
        }
    }
    // Not a test of nothing: builds were killed, and some of them in their second half.
    // (How many of the late moments come before the end depends on how busy the machine
    // is: a build may run faster than the three that were timed.)
    assert!(
        late_kills >= 2 && completed < 10,
        "too few builds killed mid-way: {late_kills} in their second half, {completed} of 12 completed"
    );

    // The next build finishes and removes every leftover of the killed ones.
    std::fs::create_dir_all(parent.join(".public.new-999999999")).unwrap();
    std::fs::write(parent.join(".public.new-999999999/x.html"), "x").unwrap();
    let status = build_command(&t.root, &t.out).status().unwrap();
    assert!(status.success());
    assert!(!t.out.join("previous-build.txt").exists());
    let left: Vec<String> = std::fs::read_dir(&parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".public.") && n != ".public.prev")
        .collect();
    assert!(left.is_empty(), "leftovers not removed: {left:?}");
}

fn restore(out: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (rel, bytes) in files {
        let p = out.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}
