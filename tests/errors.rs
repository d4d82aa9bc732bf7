//! Bad input gets a clear answer: every case exits 1, names the file and line, writes
//! nothing, and prints the message staff will read. That message is part of the
//! interface, so each one is a reviewed snapshot (tests/snapshots/).

use crate::common;
use common::SiteTest;

/// Build fixture `errors/<case>`, expect failure with `place` (file:line:col) in stderr,
/// and snapshot stderr.
fn bad(case: &str, place: &str) -> String {
    let t = SiteTest::fixture(&format!("errors/{case}"))
        .build()
        .fails()
        .stderr_contains(place)
        .stderr_contains("サイトは書き出していません");
    assert!(!t.out.exists(), "{case}: nothing may be written");
    assert!(!t.stderr().contains("panicked"), "{case}: {}", t.stderr());
    let e = t.stderr();
    insta::assert_snapshot!(case, e);
    e
}

#[test]
fn toml_syntax() {
    bad("toml_syntax", "content/about.md:2:");
}

#[test]
fn yaml_syntax() {
    bad("yaml_syntax", "content/about.md:3:");
}

#[test]
fn unknown_field_suggests_the_right_name() {
    let e = bad("unknown_field", "content/plan/1/1/1.md:3:1");
    assert!(e.contains("「title」の書きまちがい"), "{e}");
}

#[test]
fn missing_field() {
    let e = bad("missing_field", "content/plan/1/1/1.md:2:1");
    assert!(e.contains("label"), "{e}");
}

#[test]
fn wrong_type_names_the_field() {
    let e = bad("wrong_type", "content/plan/1/1/1.md:4:");
    assert!(e.contains("priority"), "{e}");
}

#[test]
fn unknown_glossary_term() {
    let e = bad("unknown_term", "content/plan/1/1/1.md:8:");
    assert!(e.contains("「共助」の書きまちがい"), "{e}");
}

#[test]
fn broken_internal_link() {
    bad("broken_link", "content/about.md:6:1");
}

#[test]
fn unknown_category() {
    let e = bad("unknown_category", "content/plan/1/1/1.md:4:");
    assert!(e.contains("「地域づくり」の書きまちがい"), "{e}");
}

#[test]
fn duplicate_id() {
    let e = bad("duplicate_id", "content/plan/1/1");
    assert!(e.contains("1-1"), "{e}");
}

#[test]
fn misspelt_actor_heading() {
    let e = bad("misspelt_actor", "content/plan/1/1/1.md:9:1");
    assert!(e.contains("「市社協」の書きまちがい"), "{e}");
}

#[test]
fn shift_jis_file() {
    let e = bad("not_utf8", "content/about.md");
    assert!(e.contains("UTF-8"), "{e}");
}

#[test]
fn no_front_matter() {
    bad("no_front_matter", "content/about.md:1:1");
}

#[test]
fn unclosed_front_matter() {
    bad("unclosed_front_matter", "content/about.md:1:1");
}

#[test]
fn non_ascii_file_name() {
    bad("bad_file_name", "content/サロン.md");
}

#[test]
fn heading_levels() {
    let e = bad("heading_levels", "content/about.md:4:1");
    assert!(e.contains("content/about.md:8:1"), "{e}");
}

#[test]
fn missing_alt_text() {
    bad("missing_alt", "content/about.md:6:1");
}

#[test]
fn missing_parent_index() {
    let e = bad("missing_index", "content/plan/2/1.md");
    assert!(e.contains("content/plan/2/_index.md"), "{e}");
}

/// Regression guard: one run lists every problem in every file, not just the first.
#[test]
fn every_problem_of_a_run_is_listed() {
    let e = bad("many", "content/about.md:2:1");
    assert!(e.contains("1回目は content/glossary.md:5:1"), "{e}");
    for place in [
        "content/plan/1/1/1.md:4:",
        "content/plan/1/1/1.md:8:",
        "content/glossary.md:8:1",
    ] {
        assert!(e.contains(place), "missing {place}:\n{e}");
    }
    assert!(e.contains("エラー 4件"), "{e}");
}

#[test]
fn check_reports_the_same_problems_and_writes_nothing() {
    let t = SiteTest::fixture("errors/unknown_field").check().fails();
    assert!(t.stderr().contains("content/plan/1/1/1.md:3:1"));
    assert!(!t.out.exists());
}

#[test]
fn messages_in_english_on_request() {
    let root = common::fixtures().join("errors/unknown_field");
    let t = SiteTest::fixture("errors/unknown_field");
    let r = t.root.to_string_lossy().to_string();
    let _ = root;
    let t = t
        .run(&["check", "-q", "--lang", "en", "--root", &r])
        .fails();
    assert!(
        t.stderr().contains("unknown field `titel`"),
        "{}",
        t.stderr()
    );
    assert!(
        t.stderr().contains("did you mean `title`?"),
        "{}",
        t.stderr()
    );
}

#[test]
fn usage_errors_exit_2() {
    let t = SiteTest::fixture("base").run(&["build", "--no-such-flag"]);
    assert_eq!(t.status(), 2);
}

#[test]
fn every_wrong_field_of_a_file_is_listed_at_once() {
    // columns: the value's first character (draft = "はい": column 9; draft: はい: column 8)
    let t = SiteTest::fixture("base")
        .write(
            "content/about.md",
            "+++\ntitle = \"このサイト\"\ndescripton = \"説明\"\nwieght = 3\ndraft = \"はい\"\n+++\n本文\n",
        )
        .write(
            "content/yaml.md",
            "---\ntitle: テスト\ndraft: はい\nweight: 一\n---\n本文\n",
        )
        .check()
        .fails()
        .stderr_contains("「descripton」という項目はありません。")
        .stderr_contains("content/about.md:3:1（項目: descripton）")
        .stderr_contains("content/about.md:4:1（項目: wieght）")
        .stderr_contains("content/about.md:5:9（項目: draft）")
        .stderr_contains("content/yaml.md:3:8（項目: draft）")
        .stderr_contains("content/yaml.md:4:9（項目: weight）")
        .stderr_contains("true（はい）か false（いいえ）で書いてください。")
        .stderr_contains("エラー 5件");
    // the YAML message has no English left in it
    assert!(!t.stderr().contains("invalid type"), "{}", t.stderr());
    // a misspelt required field is one mistake, not two
    let t = SiteTest::fixture("base")
        .write("content/about.md", "+++\ntitel = \"このサイト\"\n+++\n")
        .check()
        .fails()
        .stderr_contains("「title」の書きまちがいではありませんか。");
    assert!(
        !t.stderr().contains("必須の項目「title」"),
        "{}",
        t.stderr()
    );
    // but one left out is reported beside an unknown field
    SiteTest::fixture("base")
        .write("content/about.md", "+++\nmemo = \"下書き\"\n+++\n")
        .check()
        .fails()
        .stderr_contains("「memo」という項目はありません。")
        .stderr_contains("必須の項目「title」がありません。");
}
