//! The command line itself, as staff read it: Japanese (the harness runs with
//! LANG=ja_JP.UTF-8), English with `--lang en` or LANG=en_*.

use crate::common;

use common::SiteTest;

/// `tsunagu ARGS` in a copy of the base site (a mistake that ran would build only the copy).
fn run(args: &[&str]) -> SiteTest {
    SiteTest::fixture("base").run_in_site(args, &[])
}

#[test]
fn search_before_a_build_says_so_in_japanese() {
    let t = run(&["search", "福祉"]).fails();
    let err = t.stderr();
    assert!(
        err.contains("エラー: 検索インデックスがありません（./public/search/tantivy）。\n  ヒント: 先に `tsunagu build` でサイトを作るか"),
        "{err}"
    );
    assert!(!err.contains("no search index here"), "{err}");
    let t = run(&["--lang", "en", "search", "福祉"]).fails();
    assert!(
        t.stderr().contains(
            "error: cannot search: search index at ./public/search/tantivy: no search index here (run `tsunagu build` first)"
        ),
        "{}",
        t.stderr()
    );
}
