//! The bad-input catalogue: what a staff member, a copied file or an imported CSV can
//! feed the build. Each case ends with a clear Japanese message naming the file (and the
//! line where there is one) and exit 1, or builds correctly; never a panic.

use crate::common;
use common::SiteTest;

fn base() -> SiteTest {
    SiteTest::fixture("base")
}

/// Fails with exit 1, no panic, nothing written, every needle in stderr.
fn fails_with(t: SiteTest, needles: &[&str]) -> SiteTest {
    let t = t.build().fails();
    let e = t.stderr();
    assert!(!e.contains("panicked"), "{e}");
    assert!(!t.out.exists(), "nothing may be written");
    for n in needles {
        assert!(e.contains(n), "stderr lacks {n:?}:\n{e}");
    }
    t
}

fn builds(t: SiteTest) -> SiteTest {
    let t = t.build().succeeds();
    assert!(!t.stderr().contains("panicked"));
    t
}

fn about(body: &str) -> String {
    format!("+++\ntitle = \"このサイトについて\"\n+++\n{body}")
}

/// The base fixture's resource with `line` added to its front matter.
fn salon_with(line: &str) -> String {
    let text =
        std::fs::read_to_string(common::fixtures().join("base/content/resources/salon-minami.md"))
            .unwrap();
    text.replacen("sample = true", &format!("sample = true\n{line}"), 1)
}

// --- encodings and line endings -------------------------------------------------------

#[test]
fn invalid_utf8_bytes() {
    fails_with(
        base().write(
            "content/about.md",
            b"+++\ntitle = \"a\"\n+++\n\xff\xfe abc\n",
        ),
        &["content/about.md", "UTF-8"],
    );
}

#[test]
fn shift_jis_content_file_suggests_utf8() {
    let text = about("市の案内です。\n");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    fails_with(
        base().write("content/about.md", sjis.as_ref()),
        &["content/about.md", "UTF-8", "保存し直して"],
    );
}

/// Only the broken file's own error is reported, not one more for every reference to it.
fn errors(t: &SiteTest) -> Vec<String> {
    t.stderr()
        .lines()
        .filter(|l| l.starts_with("エラー:"))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_glossary_saved_as_shift_jis_is_one_error_not_one_per_term_used() {
    let text = std::fs::read_to_string(common::repo().join("content/glossary.md")).unwrap();
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let t = SiteTest::example()
        .write("content/glossary.md", sjis.as_ref())
        .check()
        .fails();
    // The example uses its terms in seven files and in config.toml: each was an error of
    // its own, 「用語解説のファイルがありません」 under a glossary that is there.
    assert_eq!(
        errors(&t),
        ["エラー: 文字コードが UTF-8 ではありません。"],
        "{}",
        t.stderr()
    );
    assert!(
        t.stderr().contains("場所: content/glossary.md"),
        "{}",
        t.stderr()
    );
}

#[test]
fn a_link_to_a_page_whose_front_matter_is_broken_is_not_an_error_twice() {
    let t = base()
        .write(
            "content/guide.md",
            "+++
title: \"利用の手引き\"\n+++\n本文\n",
        )
        .write(
            "content/about.md",
            about("くわしくは[利用の手引き](@/guide.md)を見てください。[ない](@/nothing.md)\n"),
        )
        .check()
        .fails();
    let e = errors(&t);
    assert_eq!(e.len(), 2, "{}", t.stderr());
    // the broken page's own error, and the link to a page that is not there at all
    assert!(t.stderr().contains("content/guide.md:2:"), "{}", t.stderr());
    assert!(t.stderr().contains("@/nothing.md"), "{}", t.stderr());
    assert!(!t.stderr().contains("@/guide.md"), "{}", t.stderr());
}

#[test]
fn a_term_unknown_in_an_actor_s_role_is_placed_in_config_toml() {
    let config = std::fs::read_to_string(common::repo().join("config.toml")).unwrap();
    let config = config.replacen("・[[公助]]", "・[[公助の例]]", 1);
    let (n, line) = config
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("[[公助の例]]"))
        .unwrap();
    let col = line[..line.find("[[公助の例]]").unwrap()].chars().count() + 1;
    SiteTest::example()
        .write("config.toml", &config)
        .check()
        .fails()
        .stderr_contains(&format!("場所: config.toml:{}:{col}", n + 1))
        .stderr_contains("用語「公助の例」");
}

#[test]
fn a_latitude_written_as_a_person_would_says_how_to_write_it() {
    for (line, said) in [
        ("lat = \"35.5°\"", "半角の数（例: 35.5。"),
        ("lat = \"35度24分\"", "半角の数（例: 35.5。"),
        (
            "lat = 35.5°",
            "値「35.5°」に、数のほかの文字や記号が付いています。",
        ),
        (
            "lat = 北緯35.5",
            "値「北緯35.5」に、数のほかの文字や記号が付いています。",
        ),
    ] {
        let text = salon_with("").replacen("lat = 35.40", line, 1);
        assert!(text.contains(line));
        let t = base()
            .write("content/resources/salon-minami.md", text)
            .check()
            .fails();
        let e = t.stderr();
        assert!(e.contains(said), "{line}:\n{e}");
        assert!(
            e.contains("content/resources/salon-minami.md:6:"),
            "{line}:\n{e}"
        );
        // serde's name for the type and TOML's English stay out of it
        assert!(!e.contains("f64") && !e.contains("invalid"), "{line}:\n{e}");
    }
}

#[test]
fn a_table_header_written_twice_is_named() {
    let config = std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap();
    let lines = config.lines().count();
    // `[resources]` again at the end (it said 「項目「」が2回書かれています」)
    let t = base()
        .write(
            "config.toml",
            format!("{config}\n[resources]\nsection = \"x\"\n"),
        )
        .check()
        .fails();
    let e = t.stderr();
    assert!(
        e.contains("エラー: [resources] が2回書かれています。"),
        "{e}"
    );
    assert!(
        e.contains(&format!("場所: config.toml:{}:", lines + 2)),
        "{e}"
    );
    assert!(!e.contains("項目「」"), "{e}");
    // one actor written with single brackets after the others
    let t = base()
        .write(
            "config.toml",
            format!("{config}\n[plan.actors]\nid = \"x\"\nname = \"x\"\n"),
        )
        .check()
        .fails();
    let e = t.stderr();
    assert!(
        e.contains("エラー: [[plan.actors]] と [plan.actors] の両方が書かれています。"),
        "{e}"
    );
    assert!(
        e.contains("[plan.actors] を [[plan.actors]] に直してください"),
        "{e}"
    );
}

#[test]
fn utf8_bom_is_accepted() {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(about("BOMつきのファイルです。\n").as_bytes());
    builds(base().write("content/about.md", bytes))
        .file_contains("about/index.html", "BOMつきのファイルです。");
}

#[test]
fn crlf_line_endings_build_and_lines_are_counted_right() {
    let crlf = |s: &str| s.replace('\n', "\r\n");
    builds(base().write(
        "content/about.md",
        crlf(&about("## 目的\n\n改行がCRLFです。\n")),
    ))
    .file_contains("about/index.html", "改行がCRLFです。");
    // line 5 (after 3 lines of front matter and a blank line)
    fails_with(
        base().write("content/about.md", crlf(&about("\n[[存在しない用語]]\n"))),
        &["content/about.md:5:1", "存在しない用語"],
    );
}

#[test]
fn nul_bytes() {
    fails_with(
        base().write("content/about.md", "+++\ntitle = \"a\0b\"\n+++\nx\n"),
        &["content/about.md:2:"],
    );
}

// --- empty, huge and deep ---------------------------------------------------------------

#[test]
fn empty_file() {
    fails_with(
        base().write("content/about.md", ""),
        &["content/about.md:1:1", "前付け"],
    );
}

#[test]
fn ten_megabyte_page_builds() {
    let line = "地域の見守り活動について説明します。abc 123\n\n";
    let body = line.repeat(10 * 1024 * 1024 / line.len());
    let t = builds(base().write("content/about.md", about(&body)));
    let html = std::fs::metadata(t.out.join("about/index.html"))
        .unwrap()
        .len();
    assert!(
        html > 10 * 1024 * 1024,
        "the whole page is written ({html} bytes)"
    );
}

#[test]
fn ten_thousand_nested_list_items() {
    let mut body = String::new();
    for i in 0..10_000 {
        body.push_str(&"  ".repeat(i));
        body.push_str("- 項目\n");
    }
    let t = builds(base().write("content/about.md", about(&body)));
    assert!(t.read("about/index.html").matches("<li>").count() >= 10_000);
}

#[test]
fn ten_thousand_nested_quotes() {
    let body = format!("{} 引用\n", ">".repeat(10_000));
    builds(base().write("content/about.md", about(&body)));
}

// --- files and paths ---------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn symlink_loop_between_files() {
    let t = base();
    std::os::unix::fs::symlink("b.md", t.root.join("content/a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", t.root.join("content/b.md")).unwrap();
    fails_with(t, &["content/a.md", "content/b.md", "循環"]);
}

#[cfg(unix)]
#[test]
fn symlink_loop_between_folders_is_not_followed() {
    let t = base();
    std::fs::create_dir_all(t.root.join("content/loop")).unwrap();
    std::os::unix::fs::symlink("..", t.root.join("content/loop/up")).unwrap();
    builds(t);
}

#[test]
fn directory_named_like_a_page() {
    let t = base();
    std::fs::create_dir_all(t.root.join("content/dir.md")).unwrap();
    let t = builds(t);
    assert!(!t.out.join("dir").exists());
}

#[test]
fn template_path_out_of_the_theme() {
    fails_with(
        base().write(
            "content/about.md",
            "+++\ntitle = \"a\"\ntemplate = \"../../../../etc/passwd\"\n+++\nx\n",
        ),
        &["content/about.md:3:1", "template", "ファイル名"],
    );
}

#[test]
fn link_out_of_the_content_folder() {
    fails_with(
        base().write("content/about.md", about("\n[x](@/../../etc/passwd.md)\n")),
        &[
            "content/about.md:5:1",
            "@/../../etc/passwd.md",
            "見つかりません",
        ],
    );
}

#[test]
fn photo_with_an_absolute_path() {
    let t = base().write(
        "content/resources/salon-minami.md",
        salon_with("photos = [{ src = \"/etc/passwd\", alt = \"集会所の入口\" }]"),
    );
    fails_with(
        t,
        &[
            "content/resources/salon-minami.md",
            "写真「/etc/passwd」が見つかりません",
        ],
    );
}

#[test]
fn photo_path_climbing_out() {
    let t = base().write(
        "content/resources/salon-minami.md",
        salon_with("photos = [{ src = \"../../../../../../etc/passwd\", alt = \"入口\" }]"),
    );
    fails_with(t, &["content/resources/salon-minami.md", "見つかりません"]);
}

#[test]
fn zero_byte_photo() {
    let t = base().write("content/resources/empty.jpg", "").write(
        "content/resources/salon-minami.md",
        salon_with("photos = [{ src = \"empty.jpg\", alt = \"集会所の入口\" }]"),
    );
    fails_with(
        t,
        &["content/resources/salon-minami.md", "empty.jpg", "空です"],
    );
}

#[test]
fn hundred_megapixel_image_in_a_page_is_refused_before_decoding() {
    let t = base()
        .write("content/huge.png", common::png_claiming(10_000, 10_000))
        .write(
            "content/about.md",
            about("## 地図\n\n![市の全体地図](huge.png)\n"),
        );
    // Decoding the few bytes would say 「壊れている」: the size must be refused first.
    let t = fails_with(
        t,
        &[
            "content/about.md:6:1",
            "huge.png",
            "画像が大きすぎます（10000×10000 ピクセル、約10,000万画素）。扱えるのは4,000万画素までです。",
            "ヒント",
        ],
    );
    assert!(!t.stderr().contains("壊れ"), "{}", t.stderr());
}

// --- ids and references --------------------------------------------------------------------

#[test]
fn two_resources_with_the_same_id() {
    let text =
        std::fs::read(common::fixtures().join("base/content/resources/salon-minami.md")).unwrap();
    fails_with(
        base().write("content/resources/sub/salon-minami.md", text),
        &["content/resources/sub/salon-minami.md", "重なっています"],
    );
}

#[test]
fn navi_step_leading_to_itself() {
    let text = "+++\ntitle = \"高齢の家族のこと\"\nkinds = [\"salon\", \"soudan\"]\n\
                audience = [\"elderly\"]\nresources = [\"soudan-city\"]\n\
                question = \"どちらですか\"\n\n[[options]]\nlabel = \"もどる\"\nto = \"elderly\"\n\
                +++\nまずは相談してください。\n";
    fails_with(
        base().write("content/navi/elderly.md", text),
        &["content/navi/elderly.md:10:", "このページ自身", "to"],
    );
}

#[test]
fn duplicate_navi_number_ids() {
    let text =
        std::fs::read_to_string(common::fixtures().join("base/content/navi/_index.md")).unwrap();
    let dup = "[[numbers]]\nid = \"189\"\nname = \"もう一つ\"\nphone = \"189\"\n";
    let text = text.replacen("[[numbers]]", &format!("{dup}\n[[numbers]]"), 1);
    // The second definition (the fixture's own) starts on line 18; its id is on line 19.
    fails_with(
        base().write("content/navi/_index.md", text),
        &[
            "content/navi/_index.md:19:1",
            "電話番号の id「189」が2回定義されています",
            "id",
            "ヒント",
        ],
    );
}

// --- dates ----------------------------------------------------------------------------------

#[test]
fn impossible_toml_date() {
    let t = base().write(
        "content/resources/salon-minami.md",
        std::fs::read_to_string(common::fixtures().join("base/content/resources/salon-minami.md"))
            .unwrap()
            .replace("verified = 2026-10-01", "verified = 2026-02-30"),
    );
    fails_with(
        t,
        &[
            "content/resources/salon-minami.md:8:",
            "日付が正しくありません",
            "2026-02-28",
        ],
    );
}

#[test]
fn impossible_month() {
    fails_with(
        base().write(
            "content/about.md",
            "+++\ntitle = \"a\"\ndate = 2026-13-01\n+++\nx\n",
        ),
        &["content/about.md:3:", "日付が正しくありません"],
    );
}

#[test]
fn impossible_date_as_a_string() {
    fails_with(
        base().write(
            "content/about.md",
            "+++\ntitle = \"a\"\ndate = \"2026-02-30\"\n+++\nx\n",
        ),
        &["content/about.md:3:", "date", "2026-04-01"],
    );
}

#[test]
fn wareki_date_is_not_accepted_and_the_form_is_shown() {
    fails_with(
        base().write(
            "content/about.md",
            "+++\ntitle = \"a\"\ndate = \"令和8年2月30日\"\n+++\nx\n",
        ),
        &["content/about.md:3:", "date", "2026-04-01"],
    );
}

#[test]
fn impossible_closed_date_in_a_schedule() {
    let text =
        std::fs::read_to_string(common::fixtures().join("base/content/resources/salon-minami.md"))
            .unwrap()
            .replace(
                "[schedule]\n",
                "[schedule]\nclosed_dates = [\"2026-02-30\"]\n",
            );
    fails_with(
        base().write("content/resources/salon-minami.md", text),
        &["content/resources/salon-minami.md:12:", "closed_dates"],
    );
}

#[test]
fn impossible_opening_time() {
    let text =
        std::fs::read_to_string(common::fixtures().join("base/content/resources/salon-minami.md"))
            .unwrap()
            .replace("opens_at = \"10:00\"", "opens_at = \"25:00\"");
    fails_with(
        base().write("content/resources/salon-minami.md", text),
        &["content/resources/salon-minami.md:", "25:00"],
    );
}

// --- configuration and theme ------------------------------------------------------------------

#[test]
fn unknown_config_key() {
    let config = std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap();
    fails_with(
        base().write("config.toml", format!("titel = \"x\"\n{config}")),
        &["config.toml:1:1", "titel", "「title」の書きまちがい"],
    );
}

#[test]
fn missing_config_file() {
    let t = base();
    std::fs::remove_file(t.root.join("config.toml")).unwrap();
    fails_with(t, &["config.toml", "ファイルがありません"]);
}

#[test]
fn tera_syntax_error_in_a_theme_template() {
    let config = std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap();
    let t = base()
        .write("config.toml", format!("theme = \"x\"\n{config}"))
        .write(
            "themes/x/templates/page.html",
            "<html>\n<body>\n{% if page.title %}\n{{ page.title \n</body>\n",
        );
    fails_with(
        t,
        &[
            "テンプレートの誤り",
            "themes/x/templates/page.html:5:2",
            "expected an expression",
        ],
    );
}

#[test]
fn unknown_theme() {
    let config = std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap();
    fails_with(
        base().write("config.toml", format!("theme = \"nothing\"\n{config}")),
        &["config.toml", "テーマ「nothing」が見つかりません"],
    );
}

// --- CSV import -------------------------------------------------------------------------------

fn import(bytes: &[u8]) -> SiteTest {
    let t = base();
    let csv = t.root.join("data.csv");
    std::fs::write(&csv, bytes).unwrap();
    let root = t.root.to_string_lossy().to_string();
    let csv = csv.to_string_lossy().to_string();
    let t = t.run(&["import", "resources", &csv, "--root", &root]);
    assert!(!t.stderr().contains("panicked"), "{}", t.stderr());
    t
}

#[test]
fn csv_without_the_name_column() {
    let t = import("ID,種別,地域\nx-1,salon,minami\n".as_bytes()).fails();
    assert!(t.stderr().contains("data.csv"), "{}", t.stderr());
    assert!(t.stderr().contains("名称"), "{}", t.stderr());
}

#[test]
fn csv_with_extra_columns_imports_the_known_ones() {
    let t = import("ID,名称,種別,地域,独自の列\nx-1,北のサロン,salon,minami,なにか\n".as_bytes())
        .succeeds();
    let text = std::fs::read_to_string(t.root.join("content/resources/x-1.md")).unwrap();
    assert!(text.contains("北のサロン"), "{text}");
    assert!(!text.contains("なにか"), "{text}");
}

#[test]
fn csv_with_a_quoted_newline_in_a_field() {
    let t = import(
        "ID,名称,種別,地域,備考\nx-1,北のサロン,salon,minami,\"一行目\n二行目\"\n".as_bytes(),
    )
    .succeeds();
    let text = std::fs::read_to_string(t.root.join("content/resources/x-1.md")).unwrap();
    assert!(text.contains("一行目") && text.contains("二行目"), "{text}");
}

#[test]
fn csv_row_with_more_cells_than_the_header() {
    let t = import("ID,名称,種別,地域\nx-1,北のサロン,salon,minami,余り,もう一つ\n".as_bytes());
    assert!(matches!(t.status(), 0 | 1), "{}", t.stderr());
    if t.status() == 1 {
        assert!(t.stderr().contains("data.csv:2"), "{}", t.stderr());
    }
}

#[test]
fn csv_with_an_invalid_cp932_sequence() {
    let mut bytes = encoding_rs::SHIFT_JIS
        .encode("ID,名称,種別,地域\r\nx-1,サロン")
        .0
        .into_owned();
    bytes.extend_from_slice(b"\x82,salon,minami\r\n");
    let t = import(&bytes).fails();
    assert!(t.stderr().contains("data.csv:2:"), "{}", t.stderr());
    assert!(t.stderr().contains("Shift_JIS"), "{}", t.stderr());
    assert!(!t.root.join("content/resources/x-1.md").exists());
}
