//! Lists split over pages (`…/page/2/index.html`): the directory's long lists and the
//! news section.

use serde::Serialize;

use super::Job;

/// Page `n` (from 1) of the list page at `url`: page 1 is `url` itself, then
/// `…/page/2/index.html` and so on.
pub(crate) fn page_url(url: &str, n: usize) -> String {
    if n <= 1 {
        return url.to_string();
    }
    let base = url.strip_suffix("index.html").unwrap_or(url);
    format!("{base}page/{n}/index.html")
}

/// The title of page `n` of a list titled `title`: `お知らせ（2ページ目）`.
pub(crate) fn page_title(title: &str, n: usize) -> String {
    if n <= 1 {
        return title.to_string();
    }
    format!("{title}（{n}ページ目）")
}

#[derive(Serialize)]
struct PagerLink {
    n: usize,
    url: String,
    current: bool,
}

/// The page links of a list split over several pages.
#[derive(Serialize)]
pub(crate) struct Pager {
    current: usize,
    total: usize,
    /// First and last place shown here (from 1), and how many in all.
    from: usize,
    to: usize,
    count: usize,
    prev: Option<String>,
    next: Option<String>,
    /// `None` stands for skipped page numbers (…).
    pages: Vec<Option<PagerLink>>,
}

/// Number of pages for `count` places, `limit` a page.
pub(crate) fn page_count(count: usize, limit: usize) -> usize {
    count.div_ceil(limit).max(1)
}

pub(crate) fn pager(url: &str, current: usize, count: usize, limit: usize) -> Pager {
    let total = page_count(count, limit);
    let shown = |n: usize| total <= 9 || n == 1 || n == total || n.abs_diff(current) <= 2;
    let mut pages = Vec::new();
    for n in 1..=total {
        if shown(n) {
            pages.push(Some(PagerLink {
                n,
                url: page_url(url, n),
                current: n == current,
            }));
        } else if pages.last().is_some_and(Option::is_some) {
            pages.push(None);
        }
    }
    Pager {
        current,
        total,
        from: (current - 1) * limit + 1,
        to: (current * limit).min(count),
        count,
        prev: (current > 1).then(|| page_url(url, current - 1)),
        next: (current < total).then(|| page_url(url, current + 1)),
        pages,
    }
}

/// One page of a list split over pages, as [`paged_jobs`] hands it to its `make`.
pub(crate) struct ListPage {
    /// From 1.
    pub n: usize,
    pub url: String,
    /// The list's title, with 「（2ページ目）」 from page 2 on.
    pub title: String,
    /// The items of the list this page shows.
    pub range: std::ops::Range<usize>,
}

/// Pushes a job per page of a list of `count` items at `url` (page 1 titled `title`),
/// `limit` a page: `make` makes each page's context when the page is rendered, and the
/// page links are added when there is more than one page.
pub(crate) fn paged_jobs<'v>(
    jobs: &mut Vec<Job<'v>>,
    url: &str,
    title: &str,
    template: &str,
    count: usize,
    limit: usize,
    make: impl Fn(&ListPage) -> tera::Context + Send + Sync + 'v,
) {
    let limit = limit.max(1);
    let total = page_count(count, limit);
    let make = std::sync::Arc::new(make);
    for n in 1..=total {
        let page = ListPage {
            n,
            url: page_url(url, n),
            title: page_title(title, n),
            range: (n - 1) * limit..(n * limit).min(count),
        };
        let (make, list_url) = (make.clone(), url.to_string());
        jobs.push(Job::later(&page.url.clone(), template, move || {
            let mut c = make(&page);
            if total > 1 {
                c.insert("pager", &pager(&list_url, n, count, limit));
            }
            c
        }));
    }
}
