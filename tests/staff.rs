//! Staff tools: `tsunagu new` writes ready-to-fill files; `tsunagu check --format json`
//! gives tools the same problems as the Japanese report.

use crate::common;
use common::SiteTest;

fn root(t: &SiteTest) -> String {
    t.root.to_string_lossy().to_string()
}

#[test]
fn new_files_are_valid_and_only_the_blanks_are_questioned() {
    for (what, path) in [
        ("page", "content/guide.md"),
        ("news", "content/news/2026-12-notice.md"),
        ("resource", "content/resources/new-place.md"),
        ("measure", "content/plan/1/1/2.md"),
    ] {
        let t = SiteTest::fixture("base");
        let r = root(&t);
        let t = t.run(&["new", what, path, "--root", &r]).succeeds();
        let text = std::fs::read_to_string(t.root.join(path)).unwrap();
        assert!(
            text.starts_with("+++\n# "),
            "{what}: fields explained in comments"
        );
        // The file parses: whatever check reports is about values, never TOML syntax.
        let t = t.check();
        assert!(
            !t.stderr().contains("TOML の書き方に誤り"),
            "{what}:\n{}",
            t.stderr()
        );
    }
}

#[test]
fn a_filled_in_page_builds_and_existing_files_are_never_overwritten() {
    let t = SiteTest::fixture("base");
    let r = root(&t);
    let t = t
        .run(&["new", "page", "content/guide", "--root", &r])
        .succeeds();
    let path = t.root.join("content/guide.md");
    let filled = std::fs::read_to_string(&path)
        .unwrap()
        .replace("title = \"\"", "title = \"使い方\"");
    std::fs::write(&path, &filled).unwrap();
    let t = t
        .build()
        .succeeds()
        .file_contains("guide/index.html", "<h1>使い方</h1>");
    // Keep the site (its temporary folder) alive until the last check.
    let _kept = t
        .run(&["new", "page", "content/guide.md", "--root", &r])
        .fails()
        .stderr_contains("上書きはしません");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), filled);
}

#[test]
fn check_json_lists_every_problem_with_its_place() {
    let t = SiteTest::fixture("errors/many");
    let r = root(&t);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["check", "--format", "json", "--root", &r])
        .env("TSUNAGU_TODAY", "2026-11-23")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["errors"], 4);
    let first = &v["problems"][0];
    assert_eq!(first["file"], "content/about.md");
    assert_eq!(first["line"], 2);
    assert_eq!(first["column"], 1);
    assert_eq!(first["field"], "titel");
    assert_eq!(first["severity"], "error");
    assert!(first["message"].as_str().unwrap().contains("titel"));
    assert!(first["hint"].as_str().unwrap().contains("title"));
}

#[test]
fn easy_japanese_companions_link_both_ways() {
    let t = SiteTest::fixture("base")
        .write(
            "content/about.easy.md",
            "+++\ntitle = \"この ページに ついて\"\n+++\nやさしい 日本語の ページです。\n",
        )
        .write(
            "content/navi/_index.easy.md",
            "+++\ntitle = \"相談先ナビ（やさしい日本語）\"\n+++\nしつもんに こたえます。\n",
        )
        .build()
        .succeeds()
        .file_contains(
            "about/index.html",
            "<a href=\"../about/easy/index.html\">やさしい日本語のページ</a>",
        )
        .file_contains(
            "about/easy/index.html",
            "<a href=\"../../about/index.html\">もとのページ（ふつうの日本語）</a>",
        )
        .file_contains("about/easy/index.html", "<h1>この ページに ついて</h1>")
        // A generated page (the navigator's start) gets its companion too.
        .file_contains("navi/index.html", "href=\"../navi/easy/index.html\"");
    // Companions are not listed as pages of their own.
    t.file_lacks("index.html", "この ページに ついて");
}

#[test]
fn check_lists_words_the_furigana_dictionary_does_not_know() {
    SiteTest::fixture("base")
        .write(
            "content/about.md",
            "+++\ntitle = \"このサイトについて\"\n+++\n𠮷田地区の集会所です。\n",
        )
        .check()
        .succeeds()
        .stderr_contains("注意: ふりがなの辞書にない言葉があります: 𠮷")
        .stderr_contains("場所: content/about.md")
        .stderr_contains("content/readings.toml に [[readings]] surface = \"𠮷");
}

#[test]
fn required_texts_left_empty_are_errors_at_their_place() {
    for (what, path, field) in [
        ("page", "content/guide.md", "title"),
        ("news", "content/news/2026-12-notice.md", "title"),
        ("resource", "content/resources/new-place.md", "name"),
        ("measure", "content/plan/1/1/2.md", "label"),
    ] {
        let t = SiteTest::fixture("base");
        let r = root(&t);
        let t = t.run(&["new", what, path, "--root", &r]).succeeds();
        let text = std::fs::read_to_string(t.root.join(path)).unwrap();
        // the blank as `new` wrote it: its line, and the column of its quotes
        let blank = format!("{field} = \"\"");
        let (line, col) = text
            .lines()
            .enumerate()
            .find_map(|(i, l)| l.starts_with(&blank).then(|| (i + 1, blank.len() - 1)))
            .unwrap_or_else(|| panic!("{what}: no {blank} in\n{text}"));
        t.check()
            .fails()
            .stderr_contains(&format!("「{field}」が空です。"))
            .stderr_contains(&format!("{path}:{line}:{col}（項目: {field}）"))
            .stderr_contains("住民が見るページに題名や名前が出ません");
    }
}

#[test]
fn values_that_look_right_to_a_person_but_are_not_are_told() {
    let place = |extra: &str| {
        format!(
            "+++\nname = \"南圏域サロン\"\nkind = \"salon\"\narea = \"minami\"\n{extra}+++\n本文\n"
        )
    };
    // wrong: errors at their lines; nothing built
    let t = SiteTest::fixture("base")
        .write(
            "content/resources/a.md",
            place("postal_code = \"680-000\"\nemail = \"soudan＠example.jp\"\nname_kana = \"南ケンイキサロン\"\n"),
        )
        .check()
        .fails()
        .stderr_contains("郵便番号「680-000」は7けたの数字ではありません。")
        .stderr_contains("content/resources/a.md:5:1（項目: postal_code）")
        .stderr_contains("メールアドレス「soudan＠example.jp」の形が正しくありません。")
        .stderr_contains("content/resources/a.md:6:1（項目: email）")
        .stderr_contains("かなでない文字「南」があります。")
        .stderr_contains("content/resources/a.md:7:1（項目: name_kana）")
        .stderr_contains("エラー 2件、注意 2件");
    assert!(!t.stderr().contains("panicked"));
    // right, as an input method types them: accepted, and the postal code shown in its
    // one form
    let t = SiteTest::fixture("base")
        .write(
            "content/resources/a.md",
            place("address = \"テスト市南町1\"\npostal_code = \"〒６８０－０００１\"\nemail = \"soudan@example.jp\"\nname_kana = \"ミナミケンイキ・サロン（ミナミ）\"\n"),
        )
        .build()
        .succeeds();
    assert!(t.read("resources/a/index.html").contains("〒680-0001"));
    // a 注意 (the page is still built) for alt text that is a file name or a bare word,
    // and for an item that expires before it is dated
    SiteTest::fixture("base")
        .write(
            "content/about.md",
            "+++\ntitle = \"このサイト\"\ndate = 2026-10-01\nexpires = 2025-10-31\n+++\n![IMG_0012.JPG](a.png)\n\n![画像](a.png)\n\n![公民館で体操をする参加者](a.png)\n",
        )
        .write("content/a.png", {
            let mut png = Vec::new();
            image::DynamicImage::new_rgb8(4, 4)
                .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                .unwrap();
            png
        })
        .build()
        .succeeds()
        .stderr_contains("content/about.md:4:1（項目: expires）")
        .stderr_contains("掲載終了日（expires: 2025-10-31）が掲載日（date: 2026-10-01）より前か同じ日")
        .stderr_contains("代わりの文章（alt）が「IMG_0012.JPG」です。")
        .stderr_contains("代わりの文章（alt）が「画像」です。")
        .stderr_contains("注意 3件");
}
