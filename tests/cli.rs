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
        out.contains("使い方: tsunagu new [オプション] <種類> <ファイル>"),
        "{out}"
    );
    assert!(
        out.contains("<種類>      作るものの種類: page（ページ）"),
        "{out}"
    );
    assert!(
        out.contains("--root <フォルダー>  サイトのフォルダー"),
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
    assert!(out.contains("取り込むファイル：CSV"), "{out}");
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

/// A usage error: exit status 2, nothing on standard output, `lines` on standard error
/// (in order), and the closing hint.
fn usage_error(args: &[&str], lines: &[&str], hint: &str) -> String {
    let t = run(args);
    let err = t.stderr();
    assert_eq!(t.status(), 2, "{args:?}:\n{err}");
    assert_eq!(t.stdout(), "", "{args:?}");
    let mut rest = err.as_str();
    for line in lines {
        let at = rest
            .find(line)
            .unwrap_or_else(|| panic!("{args:?}: no {line:?} in:\n{err}"));
        rest = &rest[at + line.len()..];
    }
    assert!(
        err.trim_end()
            .ends_with(&format!("ヒント: 使い方は {hint} --help で見られます。")),
        "{args:?}: no hint to {hint} --help at the end of:\n{err}"
    );
    for english in ["error:", "Usage:", "tip:", "For more information"] {
        assert!(!err.contains(english), "{args:?}: {english:?} in:\n{err}");
    }
    err
}

#[test]
fn an_invalid_value_names_the_choices() {
    usage_error(
        &["new", "event", "content/x.md"],
        &["エラー: 「event」は選べません。選べるのは page・news・resource・measure です。"],
        "tsunagu new",
    );
    usage_error(
        &["new", "nwes", "content/x.md"],
        &["「nwes」は選べません。", "「news」のことですか？"],
        "tsunagu new",
    );
    usage_error(
        &["check", "--format", "xml"],
        &["エラー: --format に「xml」は選べません。選べるのは text・json です。"],
        "tsunagu check",
    );
    usage_error(
        &["build", "--root"],
        &["エラー: --root の値がありません。--root の後に値を書いてください。"],
        "tsunagu build",
    );
}

#[test]
fn an_unknown_command_suggests_the_near_one() {
    usage_error(
        &["biuld"],
        &[
            "エラー: コマンド「biuld」はありません。「build」のことですか？",
            "使い方: tsunagu [オプション] <コマンド>",
        ],
        "tsunagu",
    );
    usage_error(
        &["import", "resurces", "x.csv"],
        &["エラー: コマンド「resurces」はありません。「resources」のことですか？"],
        "tsunagu import",
    );
    usage_error(
        &["help", "biuld"],
        &["エラー: コマンド「biuld」はありません。"],
        "tsunagu",
    );
    usage_error(
        &["xyzzy"],
        &["エラー: コマンド「xyzzy」はありません。使えるコマンドは build・check・new"],
        "tsunagu",
    );
}

#[test]
fn an_unknown_option_is_named() {
    usage_error(
        &["build", "--rot", "."],
        &[
            "エラー: 「--rot」という指定はありません。「--root」のことですか？",
            "使い方: tsunagu build [オプション]",
        ],
        "tsunagu build",
    );
    usage_error(
        &["build", "--no-such-flag"],
        &["エラー: 「--no-such-flag」という指定はありません。"],
        "tsunagu build",
    );
    usage_error(
        &["--output", "x", "build"],
        &["エラー: 「--output」は tsunagu build --output のように、コマンドの後に書きます。"],
        "tsunagu",
    );
    usage_error(
        &["build", "public"],
        &["エラー: 「public」は、ここには書けません。"],
        "tsunagu build",
    );
}

#[test]
fn a_missing_argument_is_named_with_the_usage() {
    usage_error(
        &["new", "page"],
        &[
            "エラー: 作るファイルの場所が指定されていません。",
            "使い方: tsunagu new [オプション] <種類> <ファイル>",
        ],
        "tsunagu new",
    );
    usage_error(
        &["search"],
        &["エラー: 探す言葉が指定されていません。"],
        "tsunagu search",
    );
    usage_error(
        &["import", "resources"],
        &["エラー: 取り込むファイルが指定されていません。"],
        "tsunagu import resources",
    );
    usage_error(
        &["gen-corpus", "--out", "x"],
        &["エラー: --pages が指定されていません。"],
        "tsunagu gen-corpus",
    );
}

#[test]
fn an_option_given_twice_is_named() {
    usage_error(
        &["build", "--lang", "en", "--lang", "ja"],
        &["エラー: --lang は一度だけ指定できます。"],
        "tsunagu build",
    );
}

#[test]
fn a_value_of_the_wrong_kind_says_what_is_wanted() {
    usage_error(
        &["serve", "--port", "abc"],
        &["エラー: --port に「abc」は使えません。数字で指定してください。"],
        "tsunagu serve",
    );
    usage_error(
        &["serve", "--port", "70000"],
        &["エラー: --port に「70000」は使えません。使える範囲の外の数です。"],
        "tsunagu serve",
    );
    usage_error(
        &["serve", "--bind", "localhost"],
        &["エラー: --bind に「localhost」は使えません。127.0.0.1 のような IP アドレスで"],
        "tsunagu serve",
    );
}

#[test]
fn a_missing_command_lists_the_commands() {
    usage_error(
        &["-q"],
        &["エラー: tsunagu の後に、コマンドを書いてください。使えるコマンドは build・check"],
        "tsunagu",
    );
    // nothing at all: the help, on standard error, still a usage error
    let t = run(&[]);
    assert_eq!(t.status(), 2);
    assert!(t.stderr().contains("使い方: tsunagu"), "{}", t.stderr());
    assert!(!t.stderr().contains("Usage:"), "{}", t.stderr());
}

#[test]
fn usage_errors_follow_the_language() {
    usage_error(
        &["--lang", "ja", "new", "event", "content/x.md"],
        &["エラー: 「event」は選べません。"],
        "tsunagu new",
    );
    let t = run(&["--lang", "en", "new", "event", "content/x.md"]);
    assert_eq!(t.status(), 2);
    assert!(
        t.stderr()
            .contains("error: invalid value 'event' for '<WHAT>'"),
        "{}",
        t.stderr()
    );
    let t = run(&["--lang=en", "biuld"]);
    assert_eq!(t.status(), 2);
    assert!(
        t.stderr().contains("unrecognized subcommand 'biuld'"),
        "{}",
        t.stderr()
    );
    assert!(!t.stderr().contains("エラー"), "{}", t.stderr());
    let t = SiteTest::fixture("base").run_in_site(&["biuld"], &[("LANG", "en_US.UTF-8")]);
    assert_eq!(t.status(), 2);
    assert!(
        t.stderr().contains("unrecognized subcommand 'biuld'"),
        "{}",
        t.stderr()
    );
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
    // the summary counts no files: there is none to count (it said 「（ファイル 0件）」)
    assert!(err.ends_with("エラー 1件、注意 0件。\n"), "{err}");
    let t = run(&["--lang", "en", "search", "福祉"]).fails();
    assert!(
        t.stderr().contains(
            "error: cannot search: search index at ./public/search/tantivy: no search index here (run `tsunagu build` first)"
        ),
        "{}",
        t.stderr()
    );
}
