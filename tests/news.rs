//! お知らせ: 和暦 dates, the 新着 mark, the Atom feed, and the rules that keep drafts,
//! future-dated and expired items out of lists, the feed and the sitemap.

use crate::common;
use common::SiteTest;

/// The base fixture with a news section. The harness pins today to 2026-11-23.
fn news_site() -> SiteTest {
    SiteTest::fixture("base")
        .write(
            "config.toml",
            std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap()
                + "\n[news]\nnew_days = 14\n",
        )
        .write("content/news/_index.md", "+++\ntitle = \"お知らせ\"\n+++\n")
        .write(
            "content/news/recent.md",
            "+++\ntitle = \"最近のお知らせ\"\ndate = 2026-11-20\n+++\n本文。\n",
        )
        .write(
            "content/news/older.md",
            "+++\ntitle = \"前のお知らせ\"\ndate = 2026-04-01\n+++\n本文。\n",
        )
        .write(
            "content/news/future.md",
            "+++\ntitle = \"来月のお知らせ\"\ndate = 2026-12-01\n+++\n",
        )
        .write(
            "content/news/draft.md",
            "+++\ntitle = \"下書きのお知らせ\"\ndate = 2026-11-01\ndraft = true\n+++\n",
        )
        .write(
            "content/news/expired.md",
            "+++\ntitle = \"終わった催し\"\ndate = 2026-10-01\nexpires = 2026-11-01\n+++\n",
        )
}

#[test]
fn news_list_shows_wareki_dates_newest_first_with_the_new_mark() {
    let t = news_site().build().succeeds();
    let list = t.read("news/index.html");
    let recent = list.find("最近のお知らせ").unwrap();
    let older = list.find("前のお知らせ").unwrap();
    assert!(recent < older, "newest first");
    assert!(list.contains("<time datetime=\"2026-11-20\">令和8年11月20日（2026年）</time>"));
    assert!(list.contains("<time datetime=\"2026-04-01\">令和8年4月1日（2026年）</time>"));
    // 3 days old: new; over 7 months old: not.
    assert_eq!(list.matches("<span class=\"new\">新着</span>").count(), 1);
    t.file_contains("index.html", "最近のお知らせ")
        .file_contains(
            "news/recent/index.html",
            "掲載日 <time datetime=\"2026-11-20\">",
        );
}

#[test]
fn drafts_future_and_expired_items_stay_out_of_lists_feed_and_sitemap() {
    let t = news_site().build().succeeds();
    assert!(
        !t.out.join("news/future").exists(),
        "not published before its date"
    );
    assert!(!t.out.join("news/draft").exists());
    for f in [
        "news/index.html",
        "index.html",
        "news/atom.xml",
        "sitemap.xml",
    ] {
        let text = t.read(f);
        for gone in [
            "来月のお知らせ",
            "下書きのお知らせ",
            "終わった催し",
            "news/expired",
            "news/future",
            "news/draft",
        ] {
            assert!(!text.contains(gone), "{f} contains {gone}");
        }
    }
    // An expired notice still answers at its address (links to it keep working).
    t.file_contains("news/expired/index.html", "終わった催し");
}

#[test]
fn the_atom_feed_is_well_formed_and_deterministic() {
    let a = news_site().build().succeeds();
    let feed = a.read("news/atom.xml");
    assert!(feed.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    assert!(feed.contains("<updated>2026-11-20T00:00:00+09:00</updated>"));
    assert!(feed.contains("<id>https://example.jp/news/recent/</id>"));
    assert_eq!(feed.matches("<entry>").count(), 2);
    let b = news_site().build().succeeds();
    assert_eq!(feed, b.read("news/atom.xml"), "same input, same feed");
}

/// `news_site` with `per_page = 2`, an intro on the section and three more items: five
/// listed items (2026-11-20, 11-10, 10-20, 06-01, 04-01), so three pages.
fn paged_news_site() -> SiteTest {
    let mut t = news_site()
        .write(
            "config.toml",
            std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap()
                + "\n[news]\nnew_days = 14\nper_page = 2\n",
        )
        .write(
            "content/news/_index.md",
            "+++\ntitle = \"お知らせ\"\n+++\n社協からのお知らせです。\n",
        );
    for (slug, date) in [
        ("a", "2026-11-10"),
        ("b", "2026-10-20"),
        ("c", "2026-06-01"),
    ] {
        t = t.write(
            &format!("content/news/{slug}.md"),
            format!("+++\ntitle = \"追加のお知らせ{slug}\"\ndate = {date}\n+++\n本文。\n"),
        );
    }
    t
}

#[test]
fn a_long_news_list_goes_on_over_pages_newest_first() {
    let t = paged_news_site().build().succeeds();
    let p1 = t.read("news/index.html");
    let p2 = t.read("news/page/2/index.html");
    let p3 = t.read("news/page/3/index.html");
    assert!(!t.out.join("news/page/4").exists());
    assert!(!t.out.join("news/page/1").exists());
    // Two items a page, in date order across the pages; each item on exactly one page.
    let titles = [
        "最近のお知らせ",
        "追加のお知らせa",
        "追加のお知らせb",
        "追加のお知らせc",
        "前のお知らせ",
    ];
    let pages = [&p1, &p1, &p2, &p2, &p3];
    for (title, page) in titles.iter().zip(pages) {
        assert!(page.contains(&format!("{title}</a>")), "{title}");
    }
    let all = format!("{p1}{p2}{p3}");
    for title in titles {
        assert_eq!(all.matches(&format!("{title}</a>")).count(), 1, "{title}");
    }
    assert!(p1.find("最近のお知らせ").unwrap() < p1.find("追加のお知らせa").unwrap());
    assert!(p2.find("追加のお知らせb").unwrap() < p2.find("追加のお知らせc").unwrap());
    // Where the reader is, and the way on.
    assert!(p1.contains("5件のうち、1件目から2件目までを表示しています（3ページ中 1ページ目）。"));
    assert!(p3.contains("5件のうち、5件目を表示しています（3ページ中 3ページ目）。"));
    assert!(p1.contains("<a href=\"../news/page/2/index.html\" rel=\"next\">次のページ</a>"));
    assert!(!p1.contains("rel=\"prev\""));
    assert!(p2.contains("<a href=\"../../../news/index.html\" rel=\"prev\">前のページ</a>"));
    assert!(p2.contains("<a href=\"../../../news/page/3/index.html\" rel=\"next\">次のページ</a>"));
    assert!(p2.contains("aria-current=\"page\">2ページ目（表示中）</a>"));
    assert!(!p3.contains("rel=\"next\""));
    // Each page has its own title; the section's text opens the first page only; later
    // pages sit under the first in the breadcrumbs.
    assert!(p1.contains("<title>お知らせ | "));
    assert!(p2.contains("<title>お知らせ（2ページ目） | "));
    assert!(p2.contains("<h1>お知らせ（2ページ目）</h1>"));
    assert_eq!(all.matches("社協からのお知らせです。").count(), 1);
    assert!(p1.contains("社協からのお知らせです。"));
    assert!(p2.contains("<li><a href=\"../../../news/index.html\">お知らせ</a></li>"));
    // the home page is ホーム there, as in every other page's breadcrumbs (not its title)
    assert!(p1.contains("<li><a href=\"../index.html\">ホーム</a></li>"));
    assert!(p2.contains("<li><a href=\"../../../index.html\">ホーム</a></li>"));
    // The feed and the home page are not split: the feed has every item.
    let feed = t.read("news/atom.xml");
    for title in titles {
        assert!(feed.contains(&format!("<title>{title}</title>")), "{title}");
    }
    t.file_contains("sitemap.xml", "news/page/3/");
}

#[test]
fn a_news_list_within_a_page_has_no_pager() {
    let t = news_site().build().succeeds();
    let list = t.read("news/index.html");
    assert!(!list.contains("class=\"pager\""));
    assert!(!list.contains("を表示しています"));
    assert!(!t.out.join("news/page").exists());
}

#[test]
fn dates_as_the_city_writes_them_and_a_wrong_one_at_its_own_line() {
    // 令和 and 年月日 dates, in TOML strings and YAML
    let t = news_site()
        .write(
            "content/news/wareki.md",
            "---\ntitle: 和暦のお知らせ\ndescription: 説明\ndate: 令和8年11月2日\nexpires: 2027年1月31日\n---\n",
        )
        .write(
            "content/news/toml.md",
            "+++\ntitle = \"TOMLのお知らせ\"\ndate = \"令和８年１１月３日\"\n+++\n",
        )
        .build()
        .succeeds();
    let list = t.read("news/index.html");
    assert!(list.contains("<time datetime=\"2026-11-02\">"), "{list}");
    assert!(list.contains("<time datetime=\"2026-11-03\">"), "{list}");
    // a date that is none: told once, at its own line (serde_norway put it at line 2,
    // under title, and each line after it in turn)
    let t = news_site()
        .write(
            "content/news/bad.md",
            "---\ntitle: お知らせ\ndescription: 説明\ndate: 令和8年2月30日\n---\n",
        )
        .check()
        .fails()
        .stderr_contains("content/news/bad.md:4:1（項目: date）")
        .stderr_contains("エラー 1件");
    assert!(!t.stderr().contains("項目: title"), "{}", t.stderr());
}
