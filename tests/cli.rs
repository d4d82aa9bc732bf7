//! The command line itself, as staff read it: Japanese (the harness runs with
//! LANG=ja_JP.UTF-8), English with `--lang en` or LANG=en_*.

use crate::common;

use common::SiteTest;

/// `tsunagu ARGS` in a copy of the base site (a mistake that ran would build only the copy).
fn run(args: &[&str]) -> SiteTest {
    SiteTest::fixture("base").run_in_site(args, &[])
}

/// clap's English words that must not be left in the Japanese help.
const ENGLISH: &[&str] = &[
    "Usage:",
    "Commands:",
    "Arguments:",
    "Options:",
    "Print help",
    "Print version",
    "Print this message",
    "[OPTIONS]",
    "[default:",
    "[possible values:",
];

fn japanese_help(args: &[&str]) -> String {
    let t = run(args);
    assert_eq!(t.status(), 0, "{}", t.stderr());
    let out = t.stdout();
    for word in ENGLISH {
        assert!(!out.contains(word), "{args:?} prints {word:?}:\n{out}");
    }
    out
}

#[test]
fn help_is_in_japanese() {
    let out = japanese_help(&["--help"]);
    for text in [
        "使い方: tsunagu [オプション] <コマンド>",
        "コマンド:",
        "オプション:",
        "サイトを作り、出力フォルダー（ふだんはサイトのフォルダーの中の public）に書き出します。",
        "-h, --help",
        "使い方を表示します",
        "バージョンを表示します",
        "この説明か、指定したコマンドの使い方を表示します。",
        "エラーだけを表示します",
    ] {
        assert!(out.contains(text), "no {text:?} in:\n{out}");
    }
    // -h is the same help; -V prints the version, also with exit status 0
    assert_eq!(japanese_help(&["-h"]), out);
    let t = run(&["-V"]);
    assert_eq!(t.status(), 0, "{}", t.stderr());
    assert!(t.stdout().starts_with("tsunagu "), "{}", t.stdout());
}

#[test]
fn build_help_is_in_japanese() {
    let out = japanese_help(&["build", "--help"]);
    for text in [
        "使い方: tsunagu build [オプション]",
        "オプション:",
        "サイトのフォルダー（config.toml のある場所） ［指定しないときは今いるフォルダー］",
        "出力フォルダー。作るのに成功したときだけ置きかえます",
        "使い方を表示します",
    ] {
        assert!(out.contains(text), "no {text:?} in:\n{out}");
    }
}

#[test]
fn arguments_choices_and_defaults_are_in_japanese() {
    let out = japanese_help(&["new", "--help"]);
    assert!(out.contains("引数:"), "{out}");
    assert!(
        out.contains("<WHAT>  作るものの種類: page（ページ）"),
        "{out}"
    );
    let out = japanese_help(&["check", "--help"]);
    assert!(
        out.contains("［選べるのは text・json、指定しないときは text］"),
        "{out}"
    );
    let out = japanese_help(&["serve", "--help"]);
    assert!(out.contains("［指定しないときは 1111］"), "{out}");
    // clap's `help` command and the commands under a command
    let out = japanese_help(&["help", "import", "resources"]);
    assert!(out.contains("取り込む CSV ファイル"), "{out}");
    let out = japanese_help(&["import", "--help"]);
    assert!(out.contains("相談先・居場所の一覧"), "{out}");
}

#[test]
fn help_is_in_english_with_lang_en() {
    for args in [
        &["--lang", "en", "--help"][..],
        &["--lang=en", "build", "--help"],
        &["build", "--help", "--lang", "en"],
    ] {
        let t = run(args);
        assert_eq!(t.status(), 0, "{}", t.stderr());
        let out = t.stdout();
        for text in ["Usage:", "Options:", "Print help"] {
            assert!(out.contains(text), "{args:?}: no {text:?} in:\n{out}");
        }
        assert!(!out.contains("使い方"), "{args:?}:\n{out}");
    }
    let out = run(&["--lang", "en", "--help"]).stdout();
    assert!(out.contains("Commands:"), "{out}");
    assert!(out.contains("An accessible static site generator"), "{out}");
    assert!(
        out.contains("Build the site into the output folder"),
        "{out}"
    );
    let out = run(&["build", "--help", "--lang", "en"]).stdout();
    assert!(out.contains("[default: .]"), "{out}");
}

#[test]
fn help_follows_lang_in_the_environment_and_the_flag_wins() {
    let t = SiteTest::fixture("base").run_in_site(&["--help"], &[("LANG", "en_US.UTF-8")]);
    assert_eq!(t.status(), 0);
    assert!(t.stdout().contains("Usage:"), "{}", t.stdout());
    // --lang wins over LANG
    let t = SiteTest::fixture("base")
        .run_in_site(&["--help", "--lang", "ja"], &[("LANG", "en_US.UTF-8")]);
    assert!(t.stdout().contains("使い方:"), "{}", t.stdout());
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
