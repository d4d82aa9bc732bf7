//! The glossary page: terms as written, or in 五十音 order (`order = "reading"`).

use crate::common::{self, SiteTest};

/// The `<h2>` row headings and `<dt id=…>` terms of the glossary page's `<main>`, in order,
/// ruby removed: `["h2 あ行", "dt えんくるり事業", …]`.
fn headings_and_terms(html: &str) -> Vec<String> {
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    let main = common::strip_ruby(main);
    let mut out = Vec::new();
    let mut rest = main.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let tag = if rest.starts_with("h2") {
            "h2"
        } else if rest.starts_with("dt id=") {
            "dt"
        } else {
            continue;
        };
        let open_end = rest.find('>').unwrap() + 1;
        let close = rest.find(&format!("</{tag}>")).unwrap();
        let inner = &rest[open_end..close];
        // the text before any marker (（追加）) or other markup
        let text = inner.split('<').next().unwrap().trim();
        out.push(format!("{tag} {text}"));
        rest = &rest[close..];
    }
    out
}

#[test]
fn the_example_glossary_is_in_gojuon_order_under_its_rows() {
    let t = SiteTest::example().build().succeeds();
    let html = t.read("glossary/index.html");
    // きょうじょ, げーときーぱー, こうじょ, ごじょ: voiced after unvoiced, ー as the vowel
    assert_eq!(
        headings_and_terms(&html),
        [
            "h2 あ行",
            "dt えんくるり事業",
            "h2 か行",
            "dt 共助",
            "dt ゲートキーパー",
            "dt 公助",
            "dt 互助",
            "h2 さ行",
            "dt 支え愛マップ",
            "h2 た行",
            "dt つながりサポーター",
            "h2 な行",
            "dt 認知症サポーター",
        ]
    );
    // the rows are a list of links to their headings, empty rows left out
    let nav = &html[html.find("<nav aria-label=\"五十音の行\">").unwrap()..];
    let nav = common::strip_ruby(&nav[..nav.find("</nav>").unwrap()]);
    for (label, id) in [("あ行", "a"), ("か行", "ka"), ("な行", "na")] {
        assert!(
            nav.contains(&format!("<a href=\"#gojuon-{id}\">{label}</a>")),
            "{nav}"
        );
        assert!(html.contains(&format!("<h2 id=\"gojuon-{id}\"")), "{id}");
    }
    assert!(
        !nav.contains("は行") && !html.contains("gojuon-ha"),
        "{nav}"
    );
    // the terms' anchors, which pages link to, are the same as before
    assert!(html.contains("<dt id=\"term-共助\">"));
    // two definitions end in the plan's （追加）: the page says what it means, as a plan
    // page does (config.toml: label 追加, no description of its own)
    let plain = common::strip_ruby(&html);
    assert!(
        plain.contains("<summary>文の終わりの（追加）は何ですか</summary>"),
        "{plain}"
    );
    assert!(plain.contains("この計画で新しく加えたものです。"));
}

const TERMS: &str = "## 互助\n助け合い。\n\n## ＮＰＯ法人\n法人。\n\n## 日下サロン連絡会\n連絡会。\n\n\
## 共助\n制度。\n\n## ボランティア\n活動。\n\n## ほのぼの会\n集まり。\n";

fn glossary(order: &str) -> String {
    format!("+++\ntitle = \"用語解説\"\n{order}+++\n\n{TERMS}")
}

#[test]
fn a_site_without_furigana_sorts_its_glossary_by_readings_with_its_own_dictionary() {
    let config = std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap();
    let t = SiteTest::fixture("base")
        .write("config.toml", format!("furigana = false\n{config}"))
        .write("content/glossary.md", glossary("order = \"reading\"\n"))
        // 日下 is くさか to the analyser (か行); the site says ひのした (は行)
        .write(
            "content/readings.toml",
            "[[readings]]\nsurface = \"日下\"\nreading = \"ひのした\"\n",
        )
        .build()
        .succeeds();
    let html = t.read("glossary/index.html");
    assert_eq!(
        headings_and_terms(&html),
        [
            "h2 か行",
            "dt 共助",
            "dt 互助",
            "h2 は行",
            "dt 日下サロン連絡会",
            "dt ほのぼの会",
            "dt ボランティア",
            "h2 英数字・その他",
            "dt ＮＰＯ法人",
        ]
    );
    // the readings only order the terms: a site without furigana shows none
    assert!(!html.contains("<ruby"), "{html}");
}

#[test]
fn a_glossary_without_an_order_keeps_the_order_it_was_written_in() {
    for order in ["", "order = \"written\"\n"] {
        let t = SiteTest::fixture("base")
            .write("content/glossary.md", glossary(order))
            .build()
            .succeeds();
        let html = t.read("glossary/index.html");
        assert_eq!(
            headings_and_terms(&html),
            [
                "dt 互助",
                "dt ＮＰＯ法人",
                "dt 日下サロン連絡会",
                "dt 共助",
                "dt ボランティア",
                "dt ほのぼの会",
            ],
            "{order}"
        );
        assert!(html.contains("<nav aria-label=\"用語の一覧\">"), "{order}");
    }
}

#[test]
fn an_unknown_order_is_an_error_that_names_the_choices() {
    SiteTest::fixture("base")
        .write("content/glossary.md", glossary("order = \"aiueo\"\n"))
        .build()
        .fails()
        .stderr_contains("content/glossary.md:3:")
        .stderr_contains("order")
        .stderr_contains("written")
        .stderr_contains("reading");
}
