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
    let config = std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap();
    let t = SiteTest::fixture("base")
        .write("config.toml", format!("minify_js = false\n{config}"))
        .build()
        .succeeds();
    for rel in THEME_SCRIPTS {
        assert!(output(&t, rel) == theme_source(rel), "{rel} changed");
    }
}

#[test]
fn a_theme_folder_s_scripts_are_minified_and_one_that_does_not_parse_is_kept_with_a_warning() {
    let config = std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap();
    let broken = "// 地図を開く\nfunction open() {\n  var url = ;\n}\n";
    let fine = "// 地図を開く\nfunction openMap(where) {\n  return 'map.html#' + where;\n}\n";
    let site_script = "// サイトの static/ のファイルは、そのまま書き出されます\nvar a = 1;\n";
    let t = SiteTest::fixture("base").write("config.toml", format!("theme = \"x\"\n{config}"));
    common::copy_dir(
        &common::repo().join("themes/default"),
        &t.root.join("themes/x"),
    );
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
