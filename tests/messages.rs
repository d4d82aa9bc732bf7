//! What `build` prints on standard error when it is not a terminal (CI, logs): `-q` only
//! problems, the default a short summary, `-v` stage timings — and never the debug output
//! of the libraries underneath, nor the terminal's self-updating progress line.

use crate::common;

use common::SiteTest;

fn build(flag: Option<&str>) -> String {
    let t = SiteTest::fixture("base");
    let root = t.root.to_string_lossy().to_string();
    let out = t.out.to_string_lossy().to_string();
    let mut args = Vec::new();
    if let Some(f) = flag {
        args.push(f);
    }
    args.extend(["build", "--root", &root, "--output", &out]);
    let t = t.run(&args).succeeds();
    assert!(t.out.join("index.html").is_file());
    t.stderr()
}

/// No progress line when standard error is a pipe: no carriage return, no 描画中.
fn no_progress(err: &str) {
    assert!(!err.contains('\r'), "progress line in piped output:\n{err}");
    assert!(
        !err.contains("描画中"),
        "progress line in piped output:\n{err}"
    );
}

#[test]
fn quiet_prints_no_info_lines() {
    let err = build(Some("-q"));
    assert!(!err.contains("INFO"), "{err}");
    assert!(!err.contains("DEBUG"), "{err}");
    assert!(!err.contains("書き出しました"), "{err}");
    no_progress(&err);
}

#[test]
fn default_prints_a_summary_without_timings() {
    let err = build(None);
    assert!(err.contains("書き出しました"), "{err}");
    assert!(!err.contains("DEBUG"), "{err}");
    assert!(!err.contains("描画 (render)"), "{err}");
    no_progress(&err);
}

#[test]
fn verbose_prints_stage_timings_but_not_library_debug_lines() {
    let err = build(Some("-v"));
    for stage in [
        "読み込み (load)",
        "描画 (render)",
        "検索索引 (search index)",
        "書き出し (write)",
    ] {
        assert!(err.contains(stage), "no timing of {stage}:\n{err}");
    }
    // tantivy's own debug lines (its schema as JSON, commits, garbage collection) and
    // globset's are for its developers.
    for noise in [
        "metas",
        "index_settings",
        "Garbage collect",
        "commit",
        "glob",
    ] {
        assert!(!err.contains(noise), "library debug line {noise:?}:\n{err}");
    }
    no_progress(&err);
}
