//! A theme's scripts in the output: minified (`minify_js`, on by default), a script that
//! does not parse copied as it is with a warning, and the site's own `static/` untouched.

use crate::common;
use common::SiteTest;

const THEME_SCRIPTS: [&str; 7] = [
    "assets/directory.js",
    "assets/open-now.js",
    "assets/prefs.js",
    "assets/read-aloud.js",
    "assets/search-ui.js",
    "assets/search/search.js",
    "assets/settings.js",
];

fn theme_source(rel: &str) -> Vec<u8> {
    std::fs::read(common::repo().join("themes/default/static").join(rel)).unwrap()
}

fn output(t: &SiteTest, rel: &str) -> Vec<u8> {
    std::fs::read(t.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The base fixture with `line` put first in its config.toml.
fn base_with(line: &str) -> SiteTest {
    let config = std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap();
    SiteTest::fixture("base").write("config.toml", format!("{line}\n{config}"))
}

/// The base fixture with a theme folder `themes/x`, a copy of the default theme.
fn with_theme_folder() -> SiteTest {
    let t = base_with("theme = \"x\"");
    common::copy_dir(
        &common::repo().join("themes/default"),
        &t.root.join("themes/x"),
    );
    t
}

/// Build without `-q`, so that warnings are printed.
fn build_loud(t: SiteTest) -> SiteTest {
    let root = t.root.to_string_lossy().to_string();
    let out = t.out.to_string_lossy().to_string();
    let t = t
        .run(&["build", "--root", &root, "--output", &out])
        .succeeds();
    assert!(!t.stderr().contains("panicked"));
    t
}

/// The comments of a script's source: each must be gone from the output. Only `/** … */`
/// blocks and `// ` lines of at least 20 characters, so that no short fragment also
/// matches code by chance.
fn comments(src: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in src.lines() {
        let line = line.trim();
        if let Some(c) = line.strip_prefix("// ").filter(|c| c.chars().count() >= 20) {
            found.push(c.to_string());
        }
        if let Some(c) = line.strip_prefix("* ").filter(|c| c.chars().count() >= 20) {
            found.push(c.to_string());
        }
    }
    found
}

#[test]
fn the_built_in_theme_s_scripts_are_minified() {
    // The base fixture has no themes/ folder: the theme built into the binary.
    let t = SiteTest::fixture("base").build().succeeds();
    let (mut before, mut after) = (0, 0);
    for rel in THEME_SCRIPTS {
        let src = theme_source(rel);
        let out = output(&t, rel);
        before += src.len();
        after += out.len();
        assert!(
            out.len() < src.len() * 9 / 10,
            "{rel}: {} -> {}",
            src.len(),
            out.len()
        );
        let out = String::from_utf8(out).unwrap();
        let src = String::from_utf8(src).unwrap();
        let gone = comments(&src);
        assert!(!gone.is_empty(), "{rel} has comments to remove");
        for c in gone {
            assert!(!out.contains(&c), "{rel} keeps the comment {c:?}");
        }
        // The code itself is there: the functions each script defines, by name, and the
        // text of its string literals (whose quotes the minifier may change).
        let code: Vec<&str> = src
            .lines()
            .filter(|l| !["//", "*", "/*"].iter().any(|c| l.trim().starts_with(c)))
            .collect();
        let functions = code
            .iter()
            .flat_map(|l| l.split("function ").skip(1))
            .filter_map(|rest| rest.split('(').next())
            .filter(|name| !name.is_empty() && !name.contains(' '))
            .map(|name| format!("function {name}("));
        let strings = code
            .iter()
            .flat_map(|l| l.split('\'').skip(1).step_by(2))
            .filter(|s| s.chars().count() >= 4 && !s.contains(['\\', ' ']))
            .map(str::to_string);
        let kept: Vec<String> = functions.chain(strings).collect();
        assert!(kept.len() >= 3, "{rel}: {kept:?}");
        for k in kept {
            assert!(out.contains(&k), "{rel} lost {k:?}");
        }
    }
    assert!(after < before * 3 / 4, "{before} -> {after} bytes");
}

#[test]
fn minify_js_false_copies_the_scripts_as_they_are() {
    let t = base_with("minify_js = false").build().succeeds();
    for rel in THEME_SCRIPTS {
        assert!(output(&t, rel) == theme_source(rel), "{rel} changed");
    }
}

#[test]
fn a_theme_folder_s_scripts_are_minified_and_one_that_does_not_parse_is_kept_with_a_warning() {
    let broken = "// 地図を開く\nfunction open() {\n  var url = ;\n}\n";
    let fine = "// 地図を開く\nfunction openMap(where) {\n  return 'map.html#' + where;\n}\n";
    let site_script = "// サイトの static/ のファイルは、そのまま書き出されます\nvar a = 1;\n";
    let t = with_theme_folder();
    let t = build_loud(
        t.write("themes/x/static/assets/broken.js", broken)
            .write("themes/x/static/assets/fine.js", fine)
            .write("static/site.js", site_script),
    );
    let e = t.stderr();
    assert!(e.contains("注意: JavaScript の文法の誤り"), "{e}");
    assert!(e.contains("themes/x/static/assets/broken.js:3:13"), "{e}");
    assert_eq!(e.matches("JavaScript の文法").count(), 1, "{e}");
    assert_eq!(output(&t, "assets/broken.js"), broken.as_bytes());
    let fine_out = String::from_utf8(output(&t, "assets/fine.js")).unwrap();
    assert!(!fine_out.contains("地図を開く"), "{fine_out}");
    assert!(fine_out.contains("function openMap(where)"), "{fine_out}");
    assert!(fine_out.len() < fine.len(), "{fine_out}");
    // The theme folder's own copies of the built-in scripts, too.
    let src = theme_source("assets/search/search.js");
    assert!(output(&t, "assets/search/search.js").len() < src.len() * 9 / 10);
    assert_eq!(output(&t, "site.js"), site_script.as_bytes());
}

/// `window.tsunaguUiText = "…";` of a built site, as its HTML.
fn ui_text(t: &SiteTest) -> String {
    let js = String::from_utf8(output(t, "assets/ui-text.js")).unwrap();
    let json = js
        .trim_end()
        .strip_prefix("window.tsunaguUiText = ")
        .and_then(|j| j.strip_suffix(';'))
        .unwrap_or_else(|| panic!("{js}"));
    serde_json::from_str::<String>(json).unwrap()
}

#[test]
fn the_scripts_strings_are_one_file_with_the_site_s_furigana() {
    let t = SiteTest::fixture("base").build().succeeds();
    let html = ui_text(&t);
    // 表示の設定, read as every dictionary reads it; 表 3, 示 5, 設 5, 定 3 in
    // 学年別漢字配当表
    assert!(
        html.contains(
            "<span data-ui=\"settings\"><ruby data-g=\"5\">表示<rp>（</rp><rt>ひょうじ</rt>\
             <rp>）</rp></ruby>の<ruby data-g=\"5\">設定<rp>（</rp><rt>せってい</rt><rp>）</rp>\
             </ruby></span>"
        ),
        "{html}"
    );
    // every string the template has, each once
    let template =
        std::fs::read_to_string(common::repo().join("themes/default/templates/ui_text.html"))
            .unwrap();
    let keys: Vec<&str> = template
        .split("data-ui=\"")
        .skip(1)
        .filter_map(|k| k.split('"').next())
        .collect();
    assert!(keys.len() >= 30, "{keys:?}");
    for k in keys.iter().filter(|k| !k.contains("{{")) {
        assert_eq!(html.matches(&format!("data-ui=\"{k}\"")).count(), 1, "{k}");
    }
    // the parts of dates, made by loops: every month and day once
    for k in (1..=12)
        .map(|m| format!("month-{m}"))
        .chain((1..=31).map(|d| format!("day-{d}")))
    {
        assert_eq!(html.matches(&format!("data-ui=\"{k}\"")).count(), 1, "{k}");
    }
    // read as parts of a date: 1日 ついたち (not いちにち), 20日 はつか, 4月 がつ
    for (key, reading) in [
        ("day-1", "ついたち"),
        ("day-20", "はつか"),
        ("month-4", "がつ"),
    ] {
        let at = html.find(&format!("data-ui=\"{key}\"")).unwrap();
        let entry = &html[at..at + html[at..].find("</span>").unwrap()];
        assert!(entry.contains(&format!("<rt>{reading}</rt>")), "{entry}");
    }
    // and the pages load it, before the scripts that read it
    let page = t.read("index.html");
    let at = |s: &str| {
        page.find(s)
            .unwrap_or_else(|| panic!("{s} not in index.html"))
    };
    assert!(at("assets/prefs.js") < at("assets/ui-text.js"));
    assert!(at("assets/ui-text.js") < at("assets/settings.js"));
}

#[test]
fn without_furigana_the_scripts_strings_are_plain() {
    let t = base_with("furigana = false").build().succeeds();
    let html = ui_text(&t);
    assert!(!html.contains("<ruby"), "{html}");
    assert!(
        html.contains("<span data-ui=\"settings\">表示の設定</span>"),
        "{html}"
    );
}

#[test]
fn a_theme_without_the_strings_template_builds_without_the_file() {
    let t = with_theme_folder();
    // an older theme: no strings template, and its pages do not load the file
    std::fs::remove_file(t.root.join("themes/x/templates/ui_text.html")).unwrap();
    let base = t.root.join("themes/x/templates/base.html");
    let html = std::fs::read_to_string(&base).unwrap();
    let line = "<script src=\"{{ root }}assets/ui-text.js\" defer></script>\n";
    assert!(html.contains(line));
    std::fs::write(&base, html.replace(line, "")).unwrap();
    let t = t.build().succeeds();
    assert!(!t.out.join("assets/ui-text.js").exists());
    assert!(t.out.join("index.html").exists());
}
