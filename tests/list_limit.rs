//! `[resources] list_limit`: long lists of places are split over pages (…/page/2/), the
//! directory's home stops listing every place, and an area with more places than the limit
//! gets no printable list.

use crate::common;
use common::SiteTest;

/// The base fixture with `list_limit = 2` and five more salons in 北A地区: 7 salons (6 in
/// 北A地区, one in 南圏域) and one city-wide window.
fn small_limit() -> SiteTest {
    let config = std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap();
    assert!(config.contains("stale_months = 12\n"));
    let mut t = SiteTest::fixture("base").write(
        "config.toml",
        config.replace("stale_months = 12\n", "stale_months = 12\nlist_limit = 2\n"),
    );
    for n in 1..=5 {
        t = t.write(
            &format!("content/resources/salon-extra-{n}.md"),
            format!(
                "+++\nname = \"追加サロン{n}\"\nkind = \"salon\"\narea = \"kita-a\"\n\
                 verified = 2026-10-01\n+++\n説明です。\n"
            ),
        );
    }
    t.build().succeeds()
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

#[test]
fn a_kind_with_more_places_than_the_limit_goes_on_over_pages() {
    let t = small_limit();
    // 7 salons, 2 a page: pages 1 to 4.
    let p1 = t.read("resources/kinds/salon/index.html");
    let p2 = t.read("resources/kinds/salon/page/2/index.html");
    let p3 = t.read("resources/kinds/salon/page/3/index.html");
    let p4 = t.read("resources/kinds/salon/page/4/index.html");
    assert!(!t.out.join("resources/kinds/salon/page/5").exists());
    assert!(!t.out.join("resources/kinds/salon/page/1").exists());
    for (n, html) in [(1, &p1), (2, &p2), (3, &p3)] {
        assert_eq!(count(html, "<li class=\"resource\""), 2, "page {n}");
        assert!(
            html.contains("<nav class=\"pager\" aria-label=\"ページ\">"),
            "page {n}"
        );
        assert!(html.contains(&format!("4ページ中 {n}ページ目")), "page {n}");
        assert!(html.contains(&format!("{n}ページ目（表示中）")), "page {n}");
    }
    assert!(p1.contains("7件のうち、1件目から2件目までを表示しています"));
    assert!(p3.contains("7件のうち、5件目から6件目までを表示しています"));
    // Links relative to each page, with rel next/prev and the current page marked.
    assert!(p1.contains(
        "<a href=\"../../../resources/kinds/salon/page/2/index.html\" rel=\"next\">次のページ</a>"
    ));
    assert!(!p1.contains("rel=\"prev\""));
    assert!(p2.contains(
        "<a href=\"../../../../../resources/kinds/salon/index.html\" rel=\"prev\">前のページ</a>"
    ));
    assert!(p2.contains(
        "<a href=\"../../../../../resources/kinds/salon/page/3/index.html\" rel=\"next\">"
    ));
    assert!(p2.contains("page/2/index.html\" aria-current=\"page\">2ページ目（表示中）"));
    assert!(p3.contains("rel=\"next\""));
    assert!(!p4.contains("rel=\"next\""));
    assert_eq!(count(&p4, "<li class=\"resource\""), 1);
    assert!(p4.contains("7件のうち、7件目を表示しています"));
    // Each page has its own title.
    assert!(p1.contains("<title>ふれあい・いきいきサロン"));
    assert!(p2.contains("<title>ふれあい・いきいきサロン（2ページ目）"));
    // Every salon is on exactly one page.
    let all = format!("{p1}{p2}{p3}{p4}");
    assert_eq!(count(&all, "北A地区サロン（サンプル）</a>"), 1);
    assert_eq!(count(&all, "南圏域サロン（サンプル）</a>"), 1);
    for n in 1..=5 {
        assert_eq!(
            count(&all, &format!("追加サロン{n}</a>")),
            1,
            "追加サロン{n}"
        );
    }
}

#[test]
fn a_list_within_the_limit_has_no_pager() {
    let t = small_limit();
    // 相談窓口: one place.
    let html = t.read("resources/kinds/soudan/index.html");
    assert!(!html.contains("class=\"pager\""));
    assert!(!html.contains("ページ目"));
    assert!(!t.out.join("resources/kinds/soudan/page").exists());
}

#[test]
fn the_directory_home_stops_listing_every_place_past_the_limit() {
    let t = small_limit();
    let html = t.read("resources/index.html");
    assert!(
        html.contains("すべての場所（<span class=\"count-n\">8</span>件）"),
        "{html}"
    );
    assert!(html.contains("場所が多いため、このページにはすべてを並べていません。"));
    assert!(!html.contains("<li class=\"resource\""));
    // The ways in are still there, with their counts.
    assert!(html.contains("kinds/salon/index.html"));
    assert!(html.contains("areas/kita-a/index.html"));
}

#[test]
fn a_large_area_is_paginated_and_has_no_printable_list() {
    let t = small_limit();
    // 北A地区: its 6 salons, then the city-wide window (wider) — 7 places, 4 pages.
    let p1 = t.read("resources/areas/kita-a/index.html");
    assert!(p1.contains("場所が多いため、この地区の印刷用の一覧は作っていません。"));
    assert!(!p1.contains("印刷用の一覧を開く"));
    assert!(!t.out.join("resources/areas/kita-a/print").exists());
    let p4 = t.read("resources/areas/kita-a/page/4/index.html");
    assert!(!t.out.join("resources/areas/kita-a/page/5").exists());
    assert!(p4.contains("テスト市総合相談窓口"));
    assert!(p4.contains("<h2 id=\"wider\">"));
    assert!(!p4.contains("<h2 id=\"inside\">"));
    assert!(!p1.contains("テスト市総合相談窓口"));
    assert!(p1.contains("7件です"));
    // The area tree on the directory home links no print page for it either; an area
    // within the limit keeps its printable list.
    let minami = t.read("resources/areas/minami/index.html");
    assert!(minami.contains("印刷用の一覧を開く"));
    assert!(
        t.out
            .join("resources/areas/minami/print/index.html")
            .exists()
    );
    assert!(!minami.contains("class=\"pager\""));
}

#[test]
fn a_link_to_a_print_page_that_is_not_made_is_reported() {
    let config = std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap();
    let page =
        "+++\ntitle = \"印刷\"\n+++\n[市全域の印刷用](../resources/areas/city/print/index.html)\n";
    // Within the limit the print page exists and the link is fine …
    SiteTest::fixture("base")
        .write("content/print-link.md", page)
        .build()
        .succeeds();
    // … past it (3 places, limit 1) the page is not made and the link is broken.
    SiteTest::fixture("base")
        .write(
            "config.toml",
            config.replace("stale_months = 12\n", "stale_months = 12\nlist_limit = 1\n"),
        )
        .write("content/print-link.md", page)
        .build()
        .fails()
        .stderr_contains("resources/areas/city/print/index.html");
}
