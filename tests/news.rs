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
