//! Views and pages of the resource directory: its home (browse by kind, area and who it
//! is for), one page per resource, per kind, per audience and per area, and a printable
//! list per area. Everything here works without JavaScript; `directory.js` only adds
//! 「今日ひらいている」 filters and 「近い順」 sorting on top.

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;

use super::pager::paged_jobs;
use super::{Job, LinkView, Views, crumb};
use crate::config::{ResourcesConfig, Term};
use crate::content::Site;
use crate::content::resource::Resource;

#[derive(Serialize, Clone)]
pub(crate) struct TermView {
    id: String,
    name: String,
    url: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct AreaView {
    id: String,
    name: String,
    kana: String,
    level: String,
    url: String,
    print_url: String,
    count: usize,
    children: Vec<AreaView>,
}

#[derive(Serialize, Clone)]
pub(crate) struct ResourceView {
    id: String,
    name: String,
    name_kana: String,
    url: String,
    sample: bool,
    kind: TermView,
    area: TermView,
    /// Widest first: 鳥取市全域 ＞ 中央圏域 ＞ 中央地区.
    area_path: Vec<TermView>,
    audience: Vec<TermView>,
    accessibility: Vec<TermView>,
    services: Vec<String>,
    postal_code: Option<String>,
    address: Option<String>,
    access: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    phone: Option<String>,
    phone_href: Option<String>,
    fax: Option<String>,
    email: Option<String>,
    website: Option<String>,
    schedule_lines: Vec<String>,
    /// Compact schedule for the browser's open-now filter (JSON text).
    schedule_json: Option<String>,
    fee: Option<String>,
    /// 予約が必要です / 予約はいりません; none when unknown.
    booking: Option<&'static str>,
    languages: Vec<String>,
    operator: Option<String>,
    /// 情報確認日 as news dates are shown (令和8年10月1日（2026年）), and for `<time datetime>`.
    verified: Option<String>,
    verified_datetime: Option<String>,
    notes: Option<String>,
    measures: Vec<LinkView>,
    html: String,
    ics_url: Option<String>,
    /// Photos: `<picture>` (or `<img>` for a drawing published as it is).
    photos: Vec<String>,
}

fn term(list: &[Term], i: usize, url: impl Fn(&str) -> String) -> TermView {
    let t = &list[i];
    TermView {
        id: t.id.clone(),
        name: t.name.clone(),
        url: url(&t.id),
    }
}

impl Views<'_> {
    fn rc(&self) -> &ResourcesConfig {
        self.site
            .config
            .resources
            .as_ref()
            .expect("resource views exist only with [resources]")
    }

    fn area_term(&self, i: usize) -> TermView {
        let a = &self.site.config.areas[i];
        TermView {
            id: a.id.clone(),
            name: a.name.clone(),
            url: self.rc().area_url(&a.id),
        }
    }

    /// The schedule text of a place: made up front for the site's own places (found by
    /// where they lie in its list), made here for any other.
    fn schedule_text<'r>(&'r self, r: &'r Resource) -> Option<Cow<'r, ScheduleText>> {
        let places = self.site.resources.as_ptr_range();
        let at = r as *const Resource;
        if places.contains(&at) {
            let i = (at as usize - places.start as usize) / std::mem::size_of::<Resource>();
            if let Some(made) = self.schedules.get(i) {
                return made.as_ref().map(Cow::Borrowed);
            }
        }
        r.schedule.as_ref().map(|s| Cow::Owned(ScheduleText::of(s)))
    }

    pub(crate) fn resource(&self, r: &Resource) -> ResourceView {
        let rc = self.rc();
        let schedule = self.schedule_text(r);
        let cfg = &self.site.config;
        let f = &r.front;
        let mut chain = cfg.area_chain(r.area);
        chain.reverse();
        let measures = match &self.site.plan {
            Some(plan) => r
                .measures
                .iter()
                .map(|&i| {
                    let n = &plan.nodes[i];
                    let mut l = self.link(n);
                    // A sub-item is named with its measure: 「（１） … ＞ ② …」.
                    l.title = match (self.pc, n.kind, n.parent) {
                        (Some(pc), crate::content::NodeKind::Item, Some(p)) => format!(
                            "{} ＞ {}",
                            super::node_heading(pc, &plan.nodes[p]),
                            super::node_heading(pc, n)
                        ),
                        (Some(pc), _, _) => super::node_heading(pc, n),
                        _ => n.title.clone(),
                    };
                    l
                })
                .collect(),
            None => Vec::new(),
        };
        ResourceView {
            id: r.id.clone(),
            name: f.name.clone(),
            name_kana: f.name_kana.clone().unwrap_or_default(),
            url: r.url.clone(),
            sample: f.sample,
            kind: term(&rc.kinds, r.kind, |id| rc.kind_url(id)),
            area: self.area_term(r.area),
            area_path: chain.iter().map(|&i| self.area_term(i)).collect(),
            audience: r
                .audience
                .iter()
                .map(|&i| term(&rc.audiences, i, |id| rc.audience_url(id)))
                .collect(),
            accessibility: r
                .accessibility
                .iter()
                .map(|&i| term(&rc.accessibility, i, |_| String::new()))
                .collect(),
            services: f.services.clone(),
            postal_code: f.postal_code.clone(),
            address: f.address.clone(),
            access: f.access.clone(),
            lat: f.lat,
            lon: f.lon,
            phone_href: f.phone.as_deref().and_then(crate::opendata::phone::tel_uri),
            phone: f.phone.clone(),
            fax: f.fax.clone(),
            email: f.email.clone(),
            website: f.website.clone(),
            schedule_lines: schedule
                .as_ref()
                .map(|s| s.lines.clone())
                .unwrap_or_default(),
            schedule_json: schedule.map(|s| s.json.clone()),
            fee: f.fee.clone(),
            booking: f.booking.map(|b| {
                if b {
                    "予約が必要です"
                } else {
                    "予約はいりません"
                }
            }),
            languages: f.languages.clone(),
            operator: f.operator.clone(),
            verified: f.verified.map(crate::dates::wareki_and_western),
            verified_datetime: f.verified.map(|d| d.to_string()),
            notes: f.notes.clone(),
            measures,
            html: r.rendered.html.clone(),
            ics_url: r
                .schedule
                .as_ref()
                .map(|_| format!("{}/{}/{}.ics", rc.section, r.id, r.id)),
            photos: f
                .photos
                .iter()
                .filter_map(|p| {
                    use crate::images::wire::Found;
                    let path = format!("{}/{}", rc.section, p.src);
                    match self.site.media.find(&path) {
                        Found::Image(img) => Some(crate::images::Media::picture(img, &p.alt)),
                        Found::File(path) => Some(format!(
                            "<img src=\"{}{}\" alt=\"{}\" loading=\"lazy\">",
                            crate::markdown::ROOT_MARK,
                            crate::images::url_path(&path),
                            crate::markdown::escape(p.alt.trim())
                        )),
                        // Reported by the resource loader or the image stage.
                        Found::Failed(_) | Found::Missing(_) => None,
                    }
                })
                .collect(),
        }
    }

    /// Resources serving area `i`: those of the area and the areas inside it, and those of
    /// the wider areas containing it.
    fn resources_for_area(&self, i: usize) -> (Vec<&Resource>, Vec<&Resource>) {
        let cfg = &self.site.config;
        let chain = cfg.area_chain(i);
        let mut inside = Vec::new();
        let mut wider = Vec::new();
        for r in &self.site.resources {
            let rchain = cfg.area_chain(r.area);
            if rchain.contains(&i) {
                inside.push(r);
            } else if chain[1..].contains(&r.area) {
                wider.push(r);
            }
        }
        (inside, wider)
    }

    /// The areas below `parent` (all with `None`); `counts` from [`area_counts`].
    fn area_tree(&self, parent: Option<usize>, counts: &[usize]) -> Vec<AreaView> {
        let cfg = &self.site.config;
        let limit = self.rc().list_limit.max(1);
        (0..cfg.areas.len())
            .filter(|&i| cfg.area_parent[i] == parent)
            .map(|i| {
                let a = &cfg.areas[i];
                AreaView {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    kana: a.kana.clone().unwrap_or_default(),
                    level: cfg
                        .area_levels
                        .iter()
                        .find(|l| l.id == a.level)
                        .map(|l| l.name.clone())
                        .unwrap_or_default(),
                    url: self.rc().area_url(&a.id),
                    print_url: if counts[i] <= limit {
                        self.rc().area_print_url(&a.id)
                    } else {
                        String::new()
                    },
                    count: counts[i],
                    children: self.area_tree(Some(i), counts),
                }
            })
            .collect()
    }

    /// Places linked to plan node `i` or to any node below it.
    pub(crate) fn places_for_node(&self, i: usize) -> Vec<ResourceView> {
        self.places_by_node.get(i).map_or_else(Vec::new, |places| {
            places
                .iter()
                .map(|&r| self.resource(&self.site.resources[r]))
                .collect()
        })
    }
}

/// For each plan node, the places linked to it or to any node below it, in the places'
/// order (each place once).
pub(crate) fn places_by_node(site: &Site) -> Vec<Vec<usize>> {
    let Some(plan) = &site.plan else {
        return Vec::new();
    };
    let mut by_node: Vec<Vec<usize>> = vec![Vec::new(); plan.nodes.len()];
    for (r, place) in site.resources.iter().enumerate() {
        for &m in &place.measures {
            let mut node = Some(m);
            while let Some(n) = node {
                // a place linked to two nodes under the same one is listed there once
                if by_node[n].last() != Some(&r) {
                    by_node[n].push(r);
                }
                node = plan.nodes[n].parent;
            }
        }
    }
    by_node
}

/// How many places area `i`'s page lists (those of the area and the areas inside it, and
/// those of the wider areas containing it), for every area.
pub(crate) fn area_counts(site: &Site) -> Vec<usize> {
    let cfg = &site.config;
    let n = cfg.areas.len();
    let mut direct = vec![0; n];
    let mut inside = vec![0; n];
    for r in &site.resources {
        direct[r.area] += 1;
        for a in cfg.area_chain(r.area) {
            inside[a] += 1;
        }
    }
    (0..n)
        .map(|i| {
            inside[i]
                + cfg.area_chain(i)[1..]
                    .iter()
                    .map(|&j| direct[j])
                    .sum::<usize>()
        })
        .collect()
}

/// Whether area `i` has a printable list: not when it has more places than
/// `[resources] list_limit` (hundreds of printed sheets help nobody; its smaller areas have
/// theirs).
pub(crate) fn area_printable(site: &Site, counts: &[usize], i: usize) -> bool {
    site.config
        .resources
        .as_ref()
        .is_some_and(|rc| counts[i] <= rc.list_limit.max(1))
}

/// Pushes the pages of a list of `count` places at `url` (page 1 titled `title`),
/// `list_limit` a page: `make(range, context)` fills a page's context for the places
/// `range` of the list.
fn paginated<'v>(
    v: &'v Views<'_>,
    jobs: &mut Vec<Job<'v>>,
    url: &str,
    (title, description): (&str, Option<&'v str>),
    template: &str,
    count: usize,
    make: impl Fn(std::ops::Range<usize>, &mut tera::Context) + Send + Sync + 'v,
) {
    let limit = v.rc().list_limit;
    // Each page's context is made when it is rendered (the lists are long).
    paged_jobs(jobs, url, title, template, count, limit, move |page| {
        let mut c = v.base(&page.url, &page.title, description);
        make(page.range.clone(), &mut c);
        c
    });
}

/// Group resource views by kind, in configured order: `[{kind, resources}]`.
fn by_kind(v: &Views, list: &[&Resource]) -> Vec<serde_json::Value> {
    let rc = v.rc();
    (0..rc.kinds.len())
        .filter_map(|k| {
            let items: Vec<ResourceView> = list
                .iter()
                .filter(|r| r.kind == k)
                .map(|r| v.resource(r))
                .collect();
            (!items.is_empty()).then(|| {
                serde_json::json!({
                    "kind": term(&rc.kinds, k, |id| rc.kind_url(id)),
                    "resources": items,
                })
            })
        })
        .collect()
}

/// A place's schedule as its page and lists show it, and as the browser's open-now filter
/// reads it.
#[derive(Clone)]
pub(crate) struct ScheduleText {
    lines: Vec<String>,
    json: String,
}

impl ScheduleText {
    fn of(s: &crate::schedule::Schedule) -> ScheduleText {
        ScheduleText {
            lines: s.describe_ja(),
            json: s.to_browser_json().to_string(),
        }
    }
}

/// The [`ScheduleText`] of every place of the site, in their order.
pub(crate) fn schedule_texts(site: &Site) -> Vec<Option<ScheduleText>> {
    site.resources
        .par_iter()
        .map(|r| r.schedule.as_ref().map(ScheduleText::of))
        .collect()
}

/// The page's canonical address: `https://example.jp/resources/x/`.
fn absolute(site: &Site, url: &str) -> String {
    format!(
        "{}{}",
        site.config.base_url,
        url.strip_suffix("index.html").unwrap_or(url)
    )
}

/// `example.jp` from `https://example.jp/tottori/`, for calendar event ids.
fn host(site: &Site) -> &str {
    let u = &site.config.base_url;
    let rest = u.split_once("://").map_or(u.as_str(), |(_, r)| r);
    rest.split('/')
        .next()
        .filter(|h| !h.is_empty())
        .unwrap_or("tsunagu")
}

fn jsonld(site: &Site, r: &Resource) -> String {
    crate::opendata::jsonld::resource(site, r, &absolute(site, &r.url))
}

/// Files the directory adds beside its pages: open data, one calendar per place with a
/// schedule, and the holiday list the browser's open-now filter needs.
pub(super) fn files(site: &Site) -> Vec<super::Output> {
    let Some(rc) = &site.config.resources else {
        return Vec::new();
    };
    let mut out = vec![
        (
            "resources.csv".to_string(),
            String::from_utf8(crate::opendata::csv::export(site))
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ),
        (
            "resources.json".to_string(),
            crate::opendata::hsds::export(site),
        ),
    ];
    // On every core: each calendar scans two years of days for closed occurrences, and
    // a preview rebuild makes them all again.
    let calendars: Vec<super::Output> = site
        .resources
        .par_iter()
        .filter_map(|r| {
            let s = r.schedule.as_ref()?;
            let location = r.front.address.as_deref();
            let page = absolute(site, &r.url);
            Some((
                format!("{}/{}/{}.ics", rc.section, r.id, r.id),
                s.ics(
                    &format!("{}@{}", r.id, host(site)),
                    &r.front.name,
                    location,
                    Some(&page),
                ),
            ))
        })
        .collect();
    out.extend(calendars);
    // Holidays from last year to five years ahead of the build: covers any schedule shown.
    let year = chrono::Datelike::year(&crate::content::today());
    let holidays = crate::schedule::holidays_json(year - 1, year + 5);
    out.push((
        "assets/holidays.js".to_string(),
        format!("window.tsunaguHolidays = {holidays};\n"),
    ));
    out
}

/// Every page of the directory.
pub(super) fn jobs<'v>(v: &'v Views<'_>, jobs: &mut Vec<Job<'v>>) {
    let site: &Site = v.site;
    let Some(rc) = &site.config.resources else {
        return;
    };
    let home = crumb("index.html", "ホーム");
    let dir_url = rc.home_url();
    let dir_crumb = crumb(&dir_url, &rc.title);
    let all: Vec<&Resource> = site.resources.iter().collect();
    let kinds: Vec<serde_json::Value> = rc
        .kinds
        .iter()
        .enumerate()
        .map(|(k, t)| {
            serde_json::json!({
                "term": term(&rc.kinds, k, |id| rc.kind_url(id)),
                "description": t.description,
                "count": all.iter().filter(|r| r.kind == k).count(),
            })
        })
        .collect();
    let audiences: Vec<serde_json::Value> = rc
        .audiences
        .iter()
        .enumerate()
        .map(|(a, _)| {
            serde_json::json!({
                "term": term(&rc.audiences, a, |id| rc.audience_url(id)),
                "count": all.iter().filter(|r| r.audience.contains(&a)).count(),
            })
        })
        .collect();
    let counts = area_counts(site);
    let areas = v.area_tree(None, &counts);
    let limit = rc.list_limit.max(1);

    // Directory home; content/<section>/_index.md, if any, gives its title and intro.
    let intro = site.pages.iter().find(|p| p.url == dir_url);
    let title = intro.map_or(rc.title.clone(), |p| p.title.clone());
    let mut c = v.base(
        &dir_url,
        &title,
        intro.and_then(|p| p.description.as_deref()),
    );
    c.insert(
        "intro",
        &intro.map(|p| p.rendered.html.clone()).unwrap_or_default(),
    );
    c.insert("kinds", &kinds);
    c.insert("audiences", &audiences);
    c.insert("areas", &areas);
    // Every place on the home only while they are few: past `list_limit` the kind, area
    // and audience pages (above on the same page) are the way in.
    let listed = all.len() <= limit;
    c.insert("listed", &listed);
    if listed {
        c.insert("groups", &by_kind(v, &all));
    } else {
        c.insert("groups", &Vec::<serde_json::Value>::new());
    }
    c.insert("count", &all.len());
    c.insert("has_samples", &all.iter().any(|r| r.front.sample));
    c.insert("breadcrumbs", &vec![home.clone()]);
    jobs.push(Job::new(&dir_url, "directory.html", c));

    for r in &site.resources {
        let (home, dir_crumb) = (home.clone(), dir_crumb.clone());
        jobs.push(Job::later(&r.url, "resource.html", move || {
            let view = v.resource(r);
            let mut c = v.base(&r.url, &r.front.name, None);
            c.insert("r", &view);
            c.insert(
                "breadcrumbs",
                &vec![home, dir_crumb, crumb(&view.kind.url, &view.kind.name)],
            );
            c.insert("current_short", &r.front.name);
            c.insert("jsonld", &jsonld(site, r));
            c
        }));
    }

    for (k, t) in rc.kinds.iter().enumerate() {
        let url = rc.kind_url(&t.id);
        let list: Vec<&Resource> = all.iter().copied().filter(|r| r.kind == k).collect();
        let desc = t.description.as_deref();
        paginated(
            v,
            jobs,
            &url,
            (&t.name, desc),
            "resource_list.html",
            list.len(),
            {
                let (home, dir_crumb) = (home.clone(), dir_crumb.clone());
                move |range, c| {
                    c.insert("heading", &t.name);
                    c.insert("lead", &t.description);
                    c.insert("groups", &Vec::<serde_json::Value>::new());
                    c.insert(
                        "resources",
                        &list[range]
                            .iter()
                            .map(|r| v.resource(r))
                            .collect::<Vec<_>>(),
                    );
                    c.insert("breadcrumbs", &vec![home.clone(), dir_crumb.clone()]);
                }
            },
        );
    }
    for (a, t) in rc.audiences.iter().enumerate() {
        let url = rc.audience_url(&t.id);
        let list: Vec<&Resource> = all
            .iter()
            .copied()
            .filter(|r| r.audience.contains(&a))
            .collect();
        let heading = format!("{}のための場所・窓口", t.name);
        let desc = t.description.as_deref();
        paginated(
            v,
            jobs,
            &url,
            (&heading, desc),
            "resource_list.html",
            list.len(),
            {
                let (home, dir_crumb, heading) = (home.clone(), dir_crumb.clone(), heading.clone());
                move |range, c| {
                    c.insert("heading", &heading);
                    c.insert("lead", &t.description);
                    c.insert("groups", &by_kind(v, &list[range]));
                    c.insert("resources", &Vec::<ResourceView>::new());
                    c.insert("breadcrumbs", &vec![home.clone(), dir_crumb.clone()]);
                }
            },
        );
    }

    // Areas: the tree, one page each, and a printable list each.
    let areas_url = &rc.areas_url();
    let mut c = v.base(areas_url, "お住まいの地区から探す", None);
    c.insert("areas", &areas);
    c.insert("breadcrumbs", &vec![home.clone(), dir_crumb.clone()]);
    jobs.push(Job::new(areas_url, "areas.html", c));
    let areas_crumb = crumb(areas_url, "地区から探す");
    let cfg = &site.config;
    for (i, a) in cfg.areas.iter().enumerate() {
        let (inside, wider) = v.resources_for_area(i);
        let count = inside.len() + wider.len();
        let mut chain = cfg.area_chain(i);
        chain.reverse();
        let wider_names: Vec<String> = chain[..chain.len() - 1]
            .iter()
            .map(|&j| cfg.areas[j].name.clone())
            .collect();
        let children: Vec<AreaView> = v.area_tree(Some(i), &counts);
        // The places `range` of the area's list (its own places first, then the wider
        // areas' ones).
        let fill = std::sync::Arc::new(
            move |c: &mut tera::Context, range: std::ops::Range<usize>| {
                let n = inside.len();
                let (ia, ib) = (range.start.min(n), range.end.min(n));
                let (wa, wb) = (range.start.max(n) - n, range.end.max(n) - n);
                c.insert("area", &v.area_term(i));
                c.insert("inside", &by_kind(v, &inside[ia..ib]));
                c.insert("wider", &by_kind(v, &wider[wa..wb]));
                c.insert("wider_names", &wider_names);
                c.insert("children", &children);
                c.insert("count", &count);
            },
        );
        let url = rc.area_url(&a.id);
        let mut crumbs = vec![home.clone(), dir_crumb.clone(), areas_crumb.clone()];
        crumbs.extend(chain[..chain.len() - 1].iter().map(|&j| {
            let t = v.area_term(j);
            crumb(&t.url, &t.name)
        }));
        let printable = area_printable(site, &counts, i);
        let title = format!("{}の相談先・居場所", a.name);
        paginated(v, jobs, &url, (&title, None), "area.html", count, {
            let fill = fill.clone();
            move |range, c| {
                fill(c, range);
                c.insert("breadcrumbs", &crumbs);
                c.insert("current_short", &a.name);
                if printable {
                    c.insert("print_url", &rc.area_print_url(&a.id));
                } else {
                    c.insert("print_url", "");
                }
            }
        });

        if printable {
            let purl = rc.area_print_url(&a.id);
            jobs.push(Job::later(&purl.clone(), "area_print.html", move || {
                let mut c = v.base(
                    &purl,
                    &format!("{}の相談先・居場所（印刷用）", a.name),
                    None,
                );
                fill(&mut c, 0..count);
                c.insert("area_page", &url);
                c
            }));
        }
    }
}
