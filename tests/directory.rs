//! The resource directory: pages, links both ways between places and the plan, areas,
//! the 相談先ナビ, and the checks on resource files.

use crate::common;
use common::SiteTest;

#[test]
fn a_place_has_its_page_with_a_tel_link_and_its_plan_measure() {
    SiteTest::fixture("base")
        .build()
        .succeeds()
        .file_contains(
            "resources/salon-kita-a/index.html",
            "<h1>北A地区サロン（サンプル）</h1>",
        )
        .file_contains(
            "resources/salon-kita-a/index.html",
            "href=\"tel:0857000001\"",
        )
        .file_contains(
            "resources/salon-kita-a/index.html",
            "この場所は架空のサンプルです",
        )
        .file_contains(
            "resources/salon-kita-a/index.html",
            "href=\"../../plan/1/1/1/index.html\"",
        )
        .file_contains("resources/salon-kita-a/index.html", "車いすで入れる")
        // its opening days as a calendar file, named for what a resident does with it
        .file_contains(
            "resources/salon-kita-a/index.html",
            "salon-kita-a.ics\">開いている日を、スマートフォンやパソコンのカレンダーに入れる</a>",
        )
        // 情報確認日 dated as news and notices are (verified = 2026-10-01)
        .file_contains(
            "resources/salon-kita-a/index.html",
            // the year and the date each kept on one line (render/nowrap.rs)
            "<dt>情報確認日</dt><dd><time datetime=\"2026-10-01\">令和<span class=\"nw\">8年</span><span class=\"nw\">10月1日</span>（<span class=\"nw\">2026年</span>）</time></dd>",
        );
}

#[test]
fn a_measure_lists_the_places_that_carry_it_out() {
    SiteTest::fixture("base")
        .build()
        .succeeds()
        .file_contains("plan/1/1/1/index.html", "この取組に関わる場所")
        .file_contains(
            "plan/1/1/1/index.html",
            "href=\"../../../../resources/salon-kita-a/index.html\"",
        )
        // The goal above it lists it too (it is part of that goal's work).
        .file_contains("plan/1/index.html", "salon-kita-a");
}

#[test]
fn a_place_linked_to_a_measure_and_to_the_plan_above_it_is_listed_once_on_each() {
    let src =
        std::fs::read_to_string("tests/fixtures/base/content/resources/salon-kita-a.md").unwrap();
    let both = src.replace("measures = [\"1-1-1\"]", "measures = [\"1-1-1\", \"1-1\"]");
    assert_ne!(both, src, "the fixture names its measure as expected");
    let t = SiteTest::fixture("base")
        .write("content/resources/salon-kita-a.md", both)
        .build()
        .succeeds();
    let link = "resources/salon-kita-a/index.html\"";
    for page in [
        "plan/1/index.html",
        "plan/1/1/index.html",
        "plan/1/1/1/index.html",
    ] {
        let html = t.read(page);
        let listed = html.split("<li class=\"resource\"").skip(1);
        assert_eq!(
            listed.filter(|item| item.contains(link)).count(),
            1,
            "{page}"
        );
    }
}

#[test]
fn a_city_wide_window_shows_up_in_every_area() {
    let t = SiteTest::fixture("base").build().succeeds();
    for area in ["kita", "kita-a", "minami"] {
        let html = t.read(&format!("resources/areas/{area}/index.html"));
        assert!(html.contains("テスト市総合相談窓口"), "{area}");
        assert!(html.contains("<h2 id=\"wider\">テスト市全域"), "{area}");
    }
    // A 地区 place is listed in its 地区 and in the 圏域 containing it, not elsewhere.
    assert!(
        t.read("resources/areas/kita/index.html")
            .contains("北A地区サロン")
    );
    assert!(
        t.read("resources/areas/kita-a/index.html")
            .contains("北A地区サロン")
    );
    assert!(
        !t.read("resources/areas/minami/index.html")
            .contains("北A地区サロン")
    );
    t.file_contains(
        "resources/areas/kita-a/print/index.html",
        "北A地区の相談先・居場所",
    )
    .file_contains(
        "resources/areas/kita-a/print/index.html",
        "電話 0857-00-0001",
    );
}

#[test]
fn directory_home_browses_by_kind_area_and_audience() {
    SiteTest::fixture("base")
        .build()
        .succeeds()
        .file_contains("resources/index.html", "種類から探す")
        .file_contains("resources/index.html", "お住まいの地区から探す")
        // a district's count takes in the windows of its area and of the city: said so
        .file_contains(
            "resources/index.html",
            "圏域と地区の数には、その地域を受け持つ市全域・圏域の窓口も含みます。",
        )
        .file_contains(
            "resources/index.html",
            "href=\"../resources/kinds/salon/index.html\"",
        )
        .file_contains(
            "resources/index.html",
            "href=\"../resources/areas/kita-a/index.html\"",
        )
        .file_contains("resources/kinds/salon/index.html", "北A地区サロン")
        .file_lacks("resources/kinds/salon/index.html", "総合相談窓口")
        .file_contains("resources/for/elderly/index.html", "北A地区サロン")
        .file_contains("index.html", "href=\"navi/index.html\"");
}

#[test]
fn the_navigator_asks_then_answers_with_numbers_and_places() {
    let t = SiteTest::fixture("base").build().succeeds();
    assert!(
        t.read("navi/index.html")
            .contains("誰のことで困っていますか")
    );
    let elderly = t.read("navi/elderly/index.html");
    assert!(elderly.contains("テスト市総合相談窓口"));
    assert!(elderly.contains("北A地区サロン"));
    assert!(!elderly.contains("このページをすぐ閉じる"));
    // City-wide windows come first, then each area.
    assert!(elderly.find("テスト市全域").unwrap() < elderly.find("北A地区").unwrap());
    let abuse = t.read("navi/abuse/index.html");
    assert!(abuse.contains("このページをすぐ閉じる"));
    assert!(abuse.contains("href=\"tel:189\""));
    assert!(!abuse.contains("北A地区サロン"), "only the kinds asked for");
}

#[test]
fn the_navigator_says_which_districts_each_area_takes_in() {
    let t = SiteTest::example().build().succeeds();
    let care = common::strip_ruby(&t.read("navi/elderly-care/index.html"));
    // config.toml: 山根地区 and 川原地区 have parent = "nanbu-ken"
    let south = care.find(">南部圏域</h3>").unwrap();
    assert!(
        care[south..].starts_with(
            ">南部圏域</h3>\n    <p class=\"area-districts\">受け持つ地区：山根地区、川原地区</p>"
        ),
        "{}",
        &care[south..south + 200]
    );
    // the city-wide group takes in every district: the sentence above the groups says so
    let city = care.find(">鳥取市全域</h3>").unwrap();
    let city_end = city + care[city..].find("</section>").unwrap();
    assert!(!care[city..city_end].contains("area-districts"));
    // a place's opening days, one rule a line
    assert!(care.contains("祝日・年末年始（<span class=\"nw\">12月29日</span>〜<span class=\"nw\">1月3日</span>）は休み<br>"), "{care}");
}

#[test]
fn drafts_and_private_fields_never_reach_the_output() {
    let t = SiteTest::fixture("base")
        .write(
            "content/resources/secret.md",
            "+++\nname = \"下書きの場所\"\nkind = \"salon\"\narea = \"city\"\ndraft = true\n+++\n",
        )
        .write(
            "content/resources/with-private.md",
            "+++\nname = \"公開の場所\"\nkind = \"salon\"\narea = \"city\"\nverified = 2026-10-01\n\n[private]\ncontact = \"担当者の携帯 090-9999-0000\"\n+++\n",
        )
        .build()
        .succeeds();
    assert!(!t.out.join("resources/secret").exists());
    for f in t.html_files() {
        let html = t.read(&f);
        assert!(!html.contains("090-9999-0000"), "{f} leaks a private field");
        assert!(!html.contains("下書きの場所"), "{f} shows a draft");
    }
}

fn bad(case: &str, place: &str) -> String {
    let t = SiteTest::fixture(&format!("errors/{case}"))
        .build()
        .fails()
        .stderr_contains(place);
    let e = t.stderr();
    insta::assert_snapshot!(case, e);
    e
}

#[test]
fn unknown_kind_area_audience_measure_and_feature() {
    let e = bad("resource_refs", "content/resources/bad-refs.md:3:1");
    for needle in [
        "種別「saloon」は設定されていません",
        "「salon」の書きまちがい",
        "対象「kodomo」",
        "地域「kita-b」",
        "計画の項目「1-1-9」",
        "bad-refs.md:6:",
        "バリアフリー情報「wheelchairs」",
    ] {
        assert!(e.contains(needle), "missing {needle}:\n{e}");
    }
}

#[test]
fn malformed_phone_swapped_coordinates_and_missing_alt() {
    let e = bad("resource_values", "content/resources/bad-values.md:5:1");
    assert!(e.contains("電話番号「857-00-0001」"), "{e}");
    assert!(e.contains("日本の外"), "{e}");
    assert!(e.contains("bad-values.md:6:1"), "{e}");
    assert!(e.contains("代わりの文章（alt）"), "{e}");
}

#[test]
fn navigator_references_are_checked() {
    let e = bad("navi_refs", "content/navi/elderly.md:3:");
    assert!(e.contains("種別「houkatsu」"), "{e}");
    assert!(e.contains("場所「no-such-place」"), "{e}");
    assert!(e.contains("電話番号「119」"), "{e}");
}

#[test]
fn an_old_verification_date_is_a_warning_not_an_error() {
    let t = SiteTest::fixture("errors/resource_stale")
        .build()
        .succeeds()
        .stderr_contains("注意: 情報確認日（2025-06-01）から17か月たっています。")
        .stderr_contains("content/resources/salon-kita-a.md:5:1");
    assert!(t.out.join("resources/salon-kita-a/index.html").exists());
}

#[test]
fn photos_are_shown_with_their_alt_text_and_missing_ones_are_reported() {
    let t = SiteTest::fixture("directory/photo")
        .build()
        .fails()
        .stderr_contains("写真「missing.jpg」が見つかりません。")
        .stderr_contains("content/resources/salon-kita-a.md:13:8");
    assert!(!t.stderr().contains("salon.svg"), "{}", t.stderr());
    SiteTest::fixture("directory/photo")
        .write(
            "content/resources/salon-kita-a.md",
            "+++\nname = \"北A地区サロン\"\nkind = \"salon\"\narea = \"kita-a\"\nverified = 2026-10-01\n\n[[photos]]\nsrc = \"salon.svg\"\nalt = \"公民館で体操をする参加者\"\n+++\n",
        )
        .build()
        .succeeds()
        .file_contains(
            "resources/salon-kita-a/index.html",
            "<img src=\"../../resources/salon.svg\" alt=\"公民館で体操をする参加者\" loading=\"lazy\">",
        );
}

#[test]
fn phone_numbers_typed_full_width_come_out_half_width_everywhere() {
    let file = "content/resources/soudan-city.md";
    let text = std::fs::read_to_string(common::fixtures().join("base").join(file))
        .unwrap()
        .replace(
            "phone = \"0857-00-0002\"",
            "phone = \"０８５７－００－０００２\"\nfax = \"０８５７（００）０００３\"",
        );
    let t = SiteTest::fixture("base")
        .write(file, text)
        .build()
        .succeeds();
    let page = t.read_raw("resources/soudan-city/index.html");
    assert!(page.contains("href=\"tel:0857000002\""), "the link dials");
    assert!(
        page.contains("\"telephone\":\"0857-00-0002\""),
        "structured data"
    );
    assert!(
        page.contains("\"faxNumber\":\"0857-00-0003\""),
        "structured data"
    );
    assert!(t.read_raw("resources.csv").contains("0857-00-0002"));
    for out in [
        "resources/soudan-city/index.html",
        "resources.csv",
        "resources.json",
    ] {
        let s = t.read_raw(out);
        assert!(
            !s.contains('０') && !s.contains('－'),
            "{out} keeps full-width digits"
        );
    }
}

#[test]
fn a_fee_that_is_a_bare_number_is_a_warning_with_the_unit_to_add() {
    // What a cell formatted `#,##0"円"` gives on import: the number without its unit.
    let file = |fee: &str| {
        format!(
            "+++\nname = \"北A地区サロン\"\nkind = \"salon\"\narea = \"kita-a\"\nverified = 2026-10-01\nfee = \"{fee}\"\n+++\n"
        )
    };
    let t = SiteTest::fixture("base")
        .write("content/resources/salon-kita-a.md", file("1,000"))
        .build()
        .succeeds()
        .stderr_contains("注意: 料金（fee）が「1,000」と数だけで、単位がありません。")
        .stderr_contains("content/resources/salon-kita-a.md:6:1（項目: fee）")
        .stderr_contains("「1,000円」「1,000円（お茶代）」のように単位を付けて");
    assert!(t.out.join("resources/salon-kita-a/index.html").exists());
    for fee in ["100円", "無料", "子ども無料、大人300円"] {
        let t = SiteTest::fixture("base")
            .write("content/resources/salon-kita-a.md", file(fee))
            .build()
            .succeeds();
        assert!(!t.stderr().contains("料金（fee）"), "{fee}: {}", t.stderr());
    }
}
