//! Dated pages (お知らせ): list entries with 和暦 dates and the 「新着」 mark, the home
//! page's latest items, and the Atom feed. Drafts and pages dated in the future never get
//! this far (the loader drops them); expired pages are kept out of every list.

use serde::Serialize;

use crate::content::{Page, Site};
use crate::markdown::escape;

/// A page as listed in a section or on the home page.
#[derive(Serialize, Clone)]
pub(crate) struct ListedPage {
    url: String,
    title: String,
    /// `令和8年4月1日（2026年）`
    date: Option<String>,
    /// `2026-04-01`, for `<time datetime>`.
    datetime: Option<String>,
    is_new: bool,
}

pub(crate) fn listed(site: &Site, p: &Page) -> ListedPage {
    let today = crate::content::today();
    let new_days = site.config.news.as_ref().map_or(0, |n| n.new_days) as i64;
    ListedPage {
        url: p.url.clone(),
        title: p.title.clone(),
        date: p.date.map(crate::dates::wareki_and_western),
        datetime: p.date.map(|d| d.to_string()),
        is_new: p
            .date
            .is_some_and(|d| new_days > 0 && (today - d).num_days() < new_days),
    }
}

/// The news section's page, if configured and present.
fn section(site: &Site) -> Option<&Page> {
    let news = site.config.news.as_ref()?;
    let url = news.list_url();
    site.pages.iter().find(|p| p.url == url)
}

/// The latest items for the home page.
pub(crate) fn latest(site: &Site) -> Vec<ListedPage> {
    let (Some(news), Some(sec)) = (&site.config.news, section(site)) else {
        return Vec::new();
    };
    sec.children
        .iter()
        .take(news.on_home)
        .map(|&i| listed(site, &site.pages[i]))
        .collect()
}

/// `news/atom.xml`: the section's items, newest first. Deterministic: the feed's
/// `updated` is its newest item's date, not the time of the build.
pub(crate) fn feed(site: &Site) -> Option<(String, String)> {
    let news = site.config.news.as_ref()?;
    let sec = section(site)?;
    let base = &site.config.base_url;
    let abs = |url: &str| format!("{base}{}", url.strip_suffix("index.html").unwrap_or(url));
    let items: Vec<&Page> = sec.children.iter().map(|&i| &site.pages[i]).collect();
    let stamp = |d: Option<chrono::NaiveDate>| {
        d.map_or("2000-01-01T00:00:00+09:00".to_string(), |d| {
            format!("{d}T00:00:00+09:00")
        })
    };
    let updated = stamp(items.iter().filter_map(|p| p.date).max());
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ja\">\n",
    );
    x.push_str(&format!(
        "  <title>{}（{}）</title>\n",
        escape(&sec.title),
        escape(&site.config.title)
    ));
    x.push_str(&format!("  <id>{}</id>\n", escape(&abs(&sec.url))));
    x.push_str(&format!(
        "  <link rel=\"alternate\" href=\"{}\"/>\n",
        escape(&abs(&sec.url))
    ));
    x.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        escape(&format!("{base}{}", news.feed_url()))
    ));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    for p in items {
        let summary: String = p.rendered.text.chars().take(200).collect();
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", escape(&p.title)));
        x.push_str(&format!("    <id>{}</id>\n", escape(&abs(&p.url))));
        x.push_str(&format!(
            "    <link rel=\"alternate\" href=\"{}\"/>\n",
            escape(&abs(&p.url))
        ));
        x.push_str(&format!("    <updated>{}</updated>\n", stamp(p.date)));
        x.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            escape(&site.config.title)
        ));
        x.push_str(&format!("    <summary>{}</summary>\n", escape(&summary)));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    Some((news.feed_url(), x))
}
