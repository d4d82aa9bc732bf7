//! ウェブアクセシビリティ方針 and 試験結果 pages: made from `[accessibility]` and the results
//! data file; no data file → "no test yet"; a broken data file → a Japanese error with the
//! file and line; sites without `[accessibility]` get neither page.

use crate::common;
use common::SiteTest;

const POLICY: &str = r#"
[accessibility]
target = "JIS X 8341-3:2016 の適合レベル AA に準拠"
scope = "テスト市のこのサイトのすべてのページ"
exceptions = ["外部のサイトのページ"]
contact = "テスト市 福祉課（電話 0000-00-0000）"
policy_date = 2026-11-01
"#;

fn site(extra: &str) -> SiteTest {
    SiteTest::fixture("base").write(
        "config.toml",
        std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap() + extra,
    )
}

fn results() -> String {
    std::fs::read_to_string(common::fixtures().join("accessibility/results.toml")).unwrap()
}

#[test]
fn policy_page_comes_from_the_config_and_is_linked_from_every_footer() {
    let t = site(POLICY).build().succeeds();
    t.file_contains(
        "accessibility/index.html",
        "<h1>ウェブアクセシビリティ方針</h1>",
    )
    .file_contains(
        "accessibility/index.html",
        "テスト市のこのサイトのすべてのページ",
    )
    .file_contains("accessibility/index.html", "<li>外部のサイトのページ</li>")
    .file_contains(
        "accessibility/index.html",
        "テスト市 福祉課（電話 0000-00-0000）",
    )
    .file_contains("accessibility/index.html", "令和8年11月1日（2026年）")
    .file_contains("accessibility/index.html", "まだ試験の結果はありません")
    .file_contains(
        "index.html",
        "<a href=\"accessibility/index.html\">ウェブアクセシビリティ方針</a>",
    )
    .file_contains(
        "index.html",
        "<a href=\"accessibility/results/index.html\">ウェブアクセシビリティ試験結果</a>",
    )
    .file_contains(
        "accessibility/results/index.html",
        "<a href=\"../../accessibility/index.html\">ウェブアクセシビリティ方針</a>",
    );
}

#[test]
fn without_a_results_file_the_results_page_says_no_test_has_been_run() {
    site(POLICY)
        .build()
        .succeeds()
        .file_contains("accessibility/results/index.html", "まだ試験をしていません")
        .file_lacks("accessibility/results/index.html", "<table");
}

#[test]
fn results_page_shows_date_tools_pages_and_honest_verdicts() {
    let t = site(POLICY)
        .write("content/accessibility-results.toml", results())
        .build()
        .succeeds();
    let html = t.read("accessibility/results/index.html");
    assert!(html.contains("<time datetime=\"2026-11-20\">令和8年11月20日（2026年）</time>"));
    assert!(html.contains("<li>axe-core 4.14.1: WCAG 2.2 A/AA の自動試験</li>"));
    assert!(html.contains("<li>Nu Html Checker 26.9.27: HTML の文法</li>"));
    assert!(html.contains("<li>キーボード操作: 12件 合格</li>"));
    assert!(html.contains("<dt>試験したページ</dt><dd>3ページ"));
    assert!(html.contains("<dt>問題がなかったページ</dt><dd>2ページ"));
    // Automated tools only: never 「準拠」, even for a clean page.
    assert!(html.contains("<dt>対応度の表記</dt><dd><strong>一部準拠</strong>"));
    assert!(!html.contains(">準拠<"));
    let row = |url: &str| {
        let start = html
            .find(&format!("<span class=\"results-url\">{url}</span>"))
            .unwrap();
        html[start..start + html[start..].find("</tr>").unwrap()].to_string()
    };
    assert!(row("index.html").contains("<td>0</td><td>0</td><td>一部準拠</td>"));
    assert!(row("glossary/index.html").contains("<td>2</td><td>1</td><td>非準拠</td>"));
    // Pages of this build are linked; a tested page that is gone is not.
    assert!(html.contains("<a href=\"../../index.html\">ホーム</a>"));
    assert!(html.contains("<a href=\"../../glossary/index.html\">用語集</a>"));
    assert!(html.contains("消えたページ（今はないページ）"));
    // The policy page gives the date of the last test.
    // The data file is read by the build, not published.
    assert!(!t.out.join("accessibility-results.toml").exists());
    t.file_contains(
        "accessibility/index.html",
        "令和8年11月20日（2026年）に試験をしました",
    );
}

#[test]
fn a_site_that_declares_human_testing_and_passes_everything_is_conformant() {
    let clean = results().replace("axe = 2\nvnu = 1", "axe = 0\nvnu = 0");
    let html = site(&format!("{POLICY}human_tested = true\n"))
        .write("content/accessibility-results.toml", clean)
        .build()
        .succeeds()
        .read("accessibility/results/index.html");
    assert!(html.contains("<dt>対応度の表記</dt><dd><strong>準拠</strong>"));
    assert!(html.contains("<td>0</td><td>0</td><td>準拠</td>"));
}

#[test]
fn a_malformed_results_file_is_reported_with_file_line_and_hint() {
    let broken = results().replace("axe = 2", "axe = \"たくさん\"");
    let line = broken.lines().position(|l| l.contains("たくさん")).unwrap() + 1;
    let t = site(POLICY)
        .write("content/accessibility-results.toml", broken)
        .build()
        .fails();
    let e = t.stderr();
    assert!(
        e.contains(&format!("content/accessibility-results.toml:{line}:")),
        "file and line:\n{e}"
    );
    assert!(e.contains("axe"), "field:\n{e}");
    assert!(e.contains("半角の整数"), "expected type in Japanese:\n{e}");
    assert!(e.contains("bash tests/run.sh"), "hint:\n{e}");
}

#[test]
fn a_results_file_with_a_syntax_error_is_reported_too() {
    let t = site(POLICY)
        .write(
            "content/accessibility-results.toml",
            "date = 2026-11-20\n[[pages]\n",
        )
        .build()
        .fails();
    let e = t.stderr();
    assert!(e.contains("content/accessibility-results.toml:2:"), "{e}");
}

#[test]
fn sites_without_the_table_get_no_accessibility_pages() {
    let t = site("").build().succeeds();
    assert!(!t.out.join("accessibility").exists());
    t.file_lacks("index.html", "ウェブアクセシビリティ方針");
}

#[test]
fn an_unknown_key_in_the_table_is_an_error() {
    site(&format!("{POLICY}targett = \"AA\"\n"))
        .build()
        .fails()
        .stderr_contains("targett");
}
