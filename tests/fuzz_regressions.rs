//! Replays the fuzz inputs kept in the repository through the fuzz targets' own code
//! (`fuzz/harness.rs`): `fuzz/regressions/<target>/*` are inputs that once crashed (kept
//! after the fix), `fuzz/seeds/<target>/*` the starting corpus. None may panic.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["regressions", "seeds"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            let r = std::panic::catch_unwind(|| run(&bytes));
            assert!(r.is_ok(), "{} panicked", f.display());
            n += 1;
        }
    }
    n
}

#[test]
fn front_matter() {
    assert!(replay("front_matter", harness::front_matter) > 0);
}

#[test]
fn markdown_ruby() {
    assert!(replay("markdown_ruby", harness::markdown_ruby) > 0);
}

#[test]
fn schedule() {
    assert!(replay("schedule", harness::schedule) > 0);
}

#[test]
fn csv_import() {
    assert!(replay("csv_import", harness::csv_import) > 0);
}

#[test]
fn search_query() {
    assert!(replay("search_query", harness::search_query) > 0);
}
