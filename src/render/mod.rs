//! Render stage: every output page from the read-only [`Site`] through Tera templates.
//!
//! Steps: load the theme's templates → build one view (plain serde data, no logic left for
//! templates) per output page → render all pages in parallel (rayon) → replace the root
//! mark in each page with its relative path to the site root, so every link is relative
//! and the site works from a web server, a sub-folder or `file://` alike.

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::{MarkerStyle, PlanConfig};
use crate::content::{Entry, Node, NodeKind, Plan, Site};
use crate::diagnostics::Diagnostic;
use crate::markdown::{ROOT_MARK, marker_html, resolve_root};

pub mod cache;
pub(crate) mod directory;
mod navi;
mod news;
pub mod nowrap;
mod pager;
pub mod ruby;
pub mod search_docs;

/// One rendered output file: path relative to the output root, and its bytes.
pub type Output = (String, String);

/// A rendered file's text: made by this render, or shared with the page cache of `serve`,
/// which then holds the one copy of an unchanged page (the preview serves that same copy).
#[derive(Debug, Clone)]
pub enum Html {
    Owned(String),
    Shared(std::sync::Arc<str>),
}

impl Html {
    /// The text as a shared string, copied only if it was not shared yet.
    pub fn into_shared(self) -> std::sync::Arc<str> {
        match self {
            Html::Owned(s) => s.into(),
            Html::Shared(a) => a,
        }
    }

    /// The text as an owned string, copied only if it was shared.
    pub fn into_string(self) -> String {
        match self {
            Html::Owned(s) => s,
            Html::Shared(a) => a.to_string(),
        }
    }
}

impl std::ops::Deref for Html {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Html::Owned(s) => s,
            Html::Shared(a) => a,
        }
    }
}

impl PartialEq for Html {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl From<String> for Html {
    fn from(s: String) -> Self {
        Html::Owned(s)
    }
}

/// Plain-text heading of a node: `基本目標Ⅰ 住民参加と…`, `（１） 地区を単位…`.
pub fn node_heading(pc: &PlanConfig, n: &Node) -> String {
    let prefix = match n.kind {
        NodeKind::Goal => format!("{}{}", pc.levels.goal, n.label),
        NodeKind::BasicPlan => format!("{}{}", pc.levels.basic_plan, n.label),
        NodeKind::Measure | NodeKind::Item => n.label.clone(),
    };
    match (prefix.is_empty(), n.title.is_empty()) {
        (_, true) => prefix,
        (true, false) => n.title.clone(),
        (false, false) => format!("{prefix}　{}", n.title),
    }
}

/// Short name for breadcrumbs and lists: `基本目標Ⅰ`, `施策（１）`.
fn node_short(pc: &PlanConfig, n: &Node) -> String {
    let level = match n.kind {
        NodeKind::Goal => &pc.levels.goal,
        NodeKind::BasicPlan => &pc.levels.basic_plan,
        NodeKind::Measure => &pc.levels.measure,
        NodeKind::Item => &pc.levels.item,
    };
    format!("{level}{}", n.label)
}

/// Relative path from `url` (a file path in the output) to the output root.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

#[derive(Serialize, Clone)]
pub(crate) struct LinkView {
    url: String,
    title: String,
    short: String,
    label: String,
    markers_html: String,
    priority: Option<String>,
}

#[derive(Serialize, Clone)]
struct ActorView {
    id: String,
    name: String,
    heading: String,
    role_html: String,
    description: String,
    url: String,
}

#[derive(Serialize, Clone)]
struct CategoryView {
    id: String,
    name: String,
    description: String,
    url: String,
    count: usize,
}

#[derive(Serialize, Clone)]
struct EntryView {
    html: String,
    removed: bool,
}

#[derive(Serialize, Clone)]
struct ActionsView {
    actor: ActorView,
    entries: Vec<EntryView>,
}

#[derive(Serialize, Clone)]
struct NodeView {
    id: String,
    kind: NodeKind,
    level: String,
    label: String,
    title: String,
    heading: String,
    markers_html: String,
    subtitle: Option<String>,
    priority: Option<String>,
    support: Vec<CategoryView>,
    lead_html: String,
    targets_markers_html: String,
    targets: Vec<EntryView>,
    actions: Vec<ActionsView>,
    items: Vec<NodeView>,
    children: Vec<LinkView>,
    url: String,
    anchor: Option<String>,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
    current: bool,
}

/// Everything templates may read, computed once.
pub(crate) struct Views<'a> {
    pub(crate) site: &'a Site,
    pub(crate) pc: Option<&'a PlanConfig>,
    actors: Vec<ActorView>,
    categories: Vec<CategoryView>,
    /// For each plan node, the places linked to it or to a node below it (indexes into
    /// `site.resources`, in their order).
    places_by_node: Vec<Vec<usize>>,
    /// Each place's schedule as the pages show it (lines) and as the browser reads it
    /// (JSON), made once: a place is listed on many pages.
    schedules: Vec<Option<directory::ScheduleText>>,
}

impl<'a> Views<'a> {
    fn new(site: &'a Site) -> Self {
        let pc = site.config.plan.as_ref();
        let actors = pc
            .map(|pc| {
                pc.actors
                    .iter()
                    .enumerate()
                    .map(|(i, a)| ActorView {
                        id: a.id.clone(),
                        name: a.name.clone(),
                        heading: a.heading.clone().unwrap_or_else(|| a.name.clone()),
                        role_html: site.actor_roles.get(i).cloned().unwrap_or_default(),
                        description: a.description.clone().unwrap_or_default(),
                        url: format!("actors/{}/index.html", a.id),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let categories = match (pc, &site.plan) {
            (Some(pc), Some(plan)) => pc
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| CategoryView {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    description: c.description.clone().unwrap_or_default(),
                    url: format!("support/{}/index.html", c.id),
                    count: plan.nodes.iter().filter(|n| n.support.contains(&i)).count(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let places_by_node = directory::places_by_node(site);
        let schedules = directory::schedule_texts(site);
        Views {
            site,
            pc,
            actors,
            categories,
            places_by_node,
            schedules,
        }
    }

    fn markers(&self, idx: &[usize]) -> String {
        self.pc
            .map(|pc| marker_html(idx, &pc.markers))
            .unwrap_or_default()
    }

    fn entry(&self, e: &Entry) -> EntryView {
        let removed = self.pc.is_some_and(|pc| {
            e.rendered
                .markers
                .iter()
                .any(|&m| pc.markers[m].style == MarkerStyle::Removed)
        });
        EntryView {
            html: e.rendered.html.clone(),
            removed,
        }
    }

    pub(crate) fn link(&self, n: &Node) -> LinkView {
        let pc = self.pc.expect("plan nodes exist only with a plan config");
        LinkView {
            url: n.href(),
            title: n.title.clone(),
            short: node_short(pc, n),
            label: n.label.clone(),
            markers_html: self.markers(&n.markers),
            priority: n.priority.map(|p| p.label()),
        }
    }

    fn node(&self, plan: &Plan, i: usize) -> NodeView {
        let pc = self.pc.expect("plan nodes exist only with a plan config");
        let n = &plan.nodes[i];
        let level = match n.kind {
            NodeKind::Goal => &pc.levels.goal,
            NodeKind::BasicPlan => &pc.levels.basic_plan,
            NodeKind::Measure => &pc.levels.measure,
            NodeKind::Item => &pc.levels.item,
        };
        let (items, children): (Vec<usize>, Vec<usize>) = n
            .children
            .iter()
            .partition(|&&c| plan.nodes[c].kind == NodeKind::Item);
        NodeView {
            id: n.id.clone(),
            kind: n.kind,
            level: level.clone(),
            label: n.label.clone(),
            title: n.title.clone(),
            heading: node_heading(pc, n),
            markers_html: self.markers(&n.markers),
            subtitle: n.subtitle.clone(),
            priority: n.priority.map(|p| p.label()),
            support: n
                .support
                .iter()
                .map(|&c| self.categories[c].clone())
                .collect(),
            lead_html: n.lead_html.html.clone(),
            targets_markers_html: self.markers(&n.targets_markers),
            targets: n.targets.iter().map(|e| self.entry(e)).collect(),
            actions: n
                .actions
                .iter()
                .map(|a| ActionsView {
                    actor: self.actors[a.actor].clone(),
                    entries: a.entries.iter().map(|e| self.entry(e)).collect(),
                })
                .collect(),
            items: items.iter().map(|&c| self.node(plan, c)).collect(),
            children: children
                .iter()
                .map(|&c| self.link(&plan.nodes[c]))
                .collect(),
            url: n.url.clone(),
            anchor: n.anchor.clone(),
        }
    }

    fn nav(&self, current: &str) -> Vec<NavItem> {
        let mut items: Vec<(String, String)> = vec![("ホーム".into(), "index.html".into())];
        if let Some(rc) = &self.site.config.resources {
            items.push((
                "相談先・居場所".into(),
                format!("{}/index.html", rc.section),
            ));
            if let Some(n) = &self.site.navi {
                items.push(("相談先ナビ".into(), n.steps[0].url.clone()));
            }
        }
        if let (Some(_), Some(plan)) = (self.pc, &self.site.plan) {
            items.push(("計画の体系".into(), plan.url.clone()));
            items.push(("重点的な取組".into(), "priority/index.html".into()));
            items.push(("主体別の取組".into(), "actors/index.html".into()));
            if !self.categories.is_empty() {
                items.push((
                    self.pc.unwrap().support_title.clone(),
                    "support/index.html".into(),
                ));
            }
        }
        if let Some(g) = &self.site.glossary {
            items.push((g.title.clone(), g.url.clone()));
        }
        if let Some(home) = self.site.pages.iter().find(|p| p.is_home()) {
            for &c in &home.children {
                let p = &self.site.pages[c];
                items.push((p.title.clone(), p.url.clone()));
            }
        }
        let section_of = |u: &str| u.split('/').next().unwrap_or("").to_string();
        items
            .into_iter()
            .map(|(title, url)| {
                let here = url == current
                    || (url != "index.html"
                        && section_of(&url) == section_of(current)
                        && current.contains('/'));
                NavItem {
                    title,
                    url,
                    current: here,
                }
            })
            .collect()
    }

    /// The context every template gets.
    pub(crate) fn base(&self, url: &str, title: &str, description: Option<&str>) -> Context {
        let mut c = Context::new();
        let cfg = &self.site.config;
        c.insert(
            "site",
            &serde_json::json!({
                "title": cfg.title,
                "description": cfg.description,
                "base_url": cfg.base_url,
                "extra": cfg.extra,
            }),
        );
        c.insert("root", &root_of(url));
        c.insert("page_url", url);
        c.insert("page_title", title);
        c.insert("description", description.unwrap_or(&cfg.description));
        c.insert("nav", &self.nav(url));
        c.insert("breadcrumbs", &Vec::<LinkView>::new());
        c.insert("current_short", "");
        // やさしい日本語: a switch between a page and its companion.
        if let Some(e) = self
            .site
            .easy
            .iter()
            .find(|e| e.companion_of.as_deref() == Some(url))
        {
            c.insert("easy_url", &e.url);
        }
        if let Some(rc) = &self.site.config.resources {
            c.insert(
                "directory",
                &serde_json::json!({
                    "title": rc.title,
                    "url": rc.home_url(),
                "areas_url": rc.areas_url(),
                    "navi_url": self.site.navi.as_ref().map(|n| n.steps[0].url.clone()),
                    "navi_title": self.site.navi.as_ref().map(|n| n.steps[0].title.clone()),
                }),
            );
        }
        if let Some(a) = &cfg.accessibility {
            c.insert(
                "accessibility",
                &serde_json::json!({"policy_url": a.policy_url(), "results_url": a.results_url()}),
            );
        }
        if let Some(pc) = self.pc {
            c.insert("levels", &pc.levels);
            c.insert("support_title", &pc.support_title);
        }
        if let Some(plan) = &self.site.plan {
            c.insert(
                "plan",
                &serde_json::json!({
                    "title": plan.title,
                    "vision": plan.vision,
                    "url": plan.url,
                }),
            );
        }
        c
    }
}

pub(crate) fn crumb(url: &str, short: &str) -> LinkView {
    LinkView {
        url: url.into(),
        title: short.into(),
        short: short.into(),
        label: String::new(),
        markers_html: String::new(),
        priority: None,
    }
}

/// A page to render: output path, template and context.
pub(crate) struct Job<'a> {
    pub(crate) url: String,
    pub(crate) template: String,
    context: JobContext<'a>,
    /// Root used for links (relative, except for 404.html).
    pub(crate) root: String,
}

/// A job's context: made up front, or only when its page is rendered. The contexts of
/// the many pages of one kind (pages, places, plan nodes, lists) are made late: all of
/// them at once take more memory than the rendered pages (about 60 KB per page).
enum JobContext<'a> {
    Ready(Context),
    Later(Box<dyn FnOnce() -> Context + Send + 'a>),
}

impl<'a> Job<'a> {
    pub(crate) fn new(url: &str, template: &str, context: Context) -> Job<'a> {
        Job {
            root: root_of(url),
            url: url.into(),
            template: template.into(),
            context: JobContext::Ready(context),
        }
    }

    /// A job whose context `make` makes when the page is rendered.
    pub(crate) fn later(
        url: &str,
        template: &str,
        make: impl FnOnce() -> Context + Send + 'a,
    ) -> Job<'a> {
        Job {
            root: root_of(url),
            url: url.into(),
            template: template.into(),
            context: JobContext::Later(Box::new(make)),
        }
    }

    fn context(self) -> (String, String, String, Context) {
        let c = match self.context {
            JobContext::Ready(c) => c,
            JobContext::Later(make) => make(),
        };
        (self.url, self.template, self.root, c)
    }
}

fn jobs<'v>(v: &'v Views<'_>) -> Vec<Job<'v>> {
    let site = v.site;
    let mut jobs = Vec::new();
    let job = Job::new;

    // Ordinary pages, sections and the home page. The directory's home is made by the
    // directory (an `_index.md` in its folder only gives it a title and an intro).
    let dir_home = site
        .config
        .resources
        .as_ref()
        .map(|rc| format!("{}/index.html", rc.section));
    for p in site
        .pages
        .iter()
        .filter(|p| Some(&p.url) != dir_home.as_ref())
    {
        let template = match (&p.template, p.is_home(), p.is_section) {
            (Some(t), _, _) => t.clone(),
            (None, true, _) => "index.html".into(),
            (None, false, true) => "section.html".into(),
            (None, false, false) => "page.html".into(),
        };
        // The news section's list goes on over pages of `per_page` items; every other
        // page lists all its children.
        let news_url = site.config.news.as_ref().map(|n| n.list_url());
        let per_page = match &site.config.news {
            Some(n) if news_url.as_ref() == Some(&p.url) => n.per_page,
            _ => p.children.len(),
        };
        let make = move |page: &pager::ListPage| {
            let mut c = v.base(&page.url, &page.title, p.description.as_deref());
            // The section's own text opens its first page only.
            let content = if page.n == 1 {
                p.rendered.html.as_str()
            } else {
                ""
            };
            c.insert(
                "page",
                &serde_json::json!({
                    "title": p.title,
                    "content": content,
                    "extra": p.extra,
                    "url": page.url,
                }),
            );
            let kids: Vec<news::ListedPage> = p.children[page.range.clone()]
                .iter()
                .map(|&i| news::listed(site, &site.pages[i]))
                .collect();
            c.insert("pages", &kids);
            c.insert("date", &p.date.map(crate::dates::wareki_and_western));
            c.insert("datetime", &p.date.map(|d| d.to_string()));
            if p.is_home() {
                c.insert("news", &news::latest(site));
                c.insert("news_url", &news_url);
            }
            if p.is_home()
                && let Some(plan) = &site.plan
            {
                let goals: Vec<NodeView> = plan.goals.iter().map(|&g| v.node(plan, g)).collect();
                c.insert("goals", &goals);
            }
            let mut crumbs = Vec::new();
            let mut parent = p.parent;
            while let Some(i) = parent {
                // the home page is ホーム, as in every other page's breadcrumbs
                let up = &site.pages[i];
                let short = if up.is_home() { "ホーム" } else { &up.title };
                crumbs.push(crumb(&up.url, short));
                parent = up.parent;
            }
            crumbs.reverse();
            // Page 2 on of a list sits under its first page.
            if page.n > 1 {
                crumbs.push(crumb(&p.url, &p.title));
            }
            if !p.is_home() {
                c.insert("breadcrumbs", &crumbs);
            }
            c
        };
        let count = p.children.len();
        pager::paged_jobs(
            &mut jobs, &p.url, &p.title, &template, count, per_page, make,
        );
    }

    if let Some(g) = &site.glossary {
        let mut c = v.base(&g.url, &g.title, g.description.as_deref());
        let term = |t: &crate::content::glossary::Term| {
            serde_json::json!({
                "term": t.term,
                "anchor": t.anchor,
                "markers_html": v.markers(&t.markers),
                "html": t.rendered.html,
                "used_by": t.used_by.iter().map(|(u, title)| serde_json::json!({"url": u, "title": title})).collect::<Vec<_>>(),
            })
        };
        let terms: Vec<serde_json::Value> = g.terms.iter().map(term).collect();
        // in 五十音 order: the same terms again, under the rows of the table (あ行, か行, …);
        // a row is the next run of `terms`
        let mut at = 0;
        let rows: Vec<serde_json::Value> = g
            .rows()
            .into_iter()
            .map(|(row, in_row)| {
                let (label, anchor) = crate::content::glossary::ROWS[row];
                let run = &terms[at..at + in_row.len()];
                at += in_row.len();
                serde_json::json!({"label": label, "anchor": anchor, "terms": run})
            })
            .collect();
        if let Some(pc) = v.pc {
            c.insert("marker_legend", &marker_legend(pc, &terms));
        }
        c.insert(
            "glossary",
            &serde_json::json!({"title": g.title, "intro": g.intro_html.html, "terms": terms, "rows": rows}),
        );
        c.insert("breadcrumbs", &vec![crumb("index.html", "ホーム")]);
        jobs.push(job(&g.url, "glossary.html", c));
    }

    if let (Some(pc), Some(plan)) = (v.pc, &site.plan) {
        let home = crumb("index.html", "ホーム");
        let plan_crumb = crumb(&plan.url, &plan.title);

        // The plan's own page: intro and the whole tree.
        let mut c = v.base(&plan.url, &plan.title, plan.description.as_deref());
        let goals: Vec<NodeView> = plan.goals.iter().map(|&g| v.node(plan, g)).collect();
        let tree: Vec<serde_json::Value> =
            plan.goals.iter().map(|&g| tree_json(v, plan, g)).collect();
        c.insert("intro", &plan.intro_html.html);
        c.insert("goals", &goals);
        c.insert("tree", &tree);
        c.insert("actors", &v.actors);
        c.insert("breadcrumbs", &vec![home.clone()]);
        jobs.push(job(&plan.url, "plan.html", c));

        // One page per goal, basic plan and measure, with previous / next in reading order.
        let pages: Vec<usize> = (0..plan.nodes.len())
            .filter(|&i| plan.nodes[i].has_page())
            .collect();
        for (k, &i) in pages.iter().enumerate() {
            let n = &plan.nodes[i];
            let prev = k.checked_sub(1).and_then(|k| pages.get(k)).copied();
            let next = pages.get(k + 1).copied();
            let (home, plan_crumb) = (home.clone(), plan_crumb.clone());
            jobs.push(Job::later(&n.url, "node.html", move || {
                let heading = node_heading(pc, n);
                let mut c = v.base(&n.url, &heading, n.description.as_deref());
                let node = v.node(plan, i);
                c.insert("marker_legend", &marker_legend(pc, &node));
                c.insert("node", &node);
                c.insert("places", &v.places_for_node(i));
                let mut crumbs = vec![home, plan_crumb];
                for &a in &plan.ancestry(i)[..plan.ancestry(i).len() - 1] {
                    let an = &plan.nodes[a];
                    crumbs.push(crumb(&an.url, &node_short(pc, an)));
                }
                c.insert("breadcrumbs", &crumbs);
                c.insert("current_short", &node_short(pc, n));
                let neighbour = |j: Option<usize>| {
                    j.map(|j| {
                        let m = &plan.nodes[j];
                        let mut l = v.link(m);
                        l.title = node_heading(pc, m);
                        l
                    })
                };
                c.insert("prev", &neighbour(prev));
                c.insert("next", &neighbour(next));
                c
            }));
        }

        // Actors: what does each one do across the plan?
        let mut c = v.base("actors/index.html", "主体別の取組", None);
        let counts: Vec<usize> = (0..pc.actors.len())
            .map(|a| {
                plan.nodes
                    .iter()
                    .flat_map(|n| n.actions.iter())
                    .filter(|x| x.actor == a)
                    .map(|x| x.entries.len())
                    .sum()
            })
            .collect();
        c.insert("actors", &v.actors);
        c.insert("counts", &counts);
        c.insert("breadcrumbs", &vec![home.clone()]);
        jobs.push(job("actors/index.html", "actors.html", c));
        for (a, actor) in v.actors.iter().enumerate() {
            let url = format!("actors/{}/index.html", actor.id);
            let mut c = v.base(&url, &actor.heading, None);
            // Grouped by goal, each node with the path between the goal and it.
            let mut goals: Vec<serde_json::Value> = Vec::new();
            for &g in &plan.goals {
                let nodes: Vec<serde_json::Value> = (0..plan.nodes.len())
                    .filter(|&i| plan.ancestry(i)[0] == g)
                    .filter_map(|i| {
                        let n = &plan.nodes[i];
                        let acts = n.actions.iter().find(|x| x.actor == a)?;
                        let anc = plan.ancestry(i);
                        // Between the goal and the node (nothing when the node is the goal).
                        let between = anc.get(1..anc.len().saturating_sub(1)).unwrap_or(&[]);
                        let path: Vec<String> = between
                            .iter()
                            .map(|&j| node_heading(pc, &plan.nodes[j]))
                            .collect();
                        Some(serde_json::json!({
                            "node": v.link(n),
                            "heading": node_heading(pc, n),
                            "path": path,
                            "entries": acts.entries.iter().map(|e| v.entry(e)).collect::<Vec<_>>(),
                        }))
                    })
                    .collect();
                if !nodes.is_empty() {
                    let gn = &plan.nodes[g];
                    goals.push(serde_json::json!({
                        "heading": node_heading(pc, gn),
                        "url": gn.url,
                        "nodes": nodes,
                    }));
                }
            }
            c.insert("actor", actor);
            c.insert("goals", &goals);
            c.insert("count", &counts[a]);
            c.insert(
                "breadcrumbs",
                &vec![home.clone(), crumb("actors/index.html", "主体別の取組")],
            );
            jobs.push(job(&url, "actor.html", c));
        }

        // Priority items (重点).
        let mut c = v.base("priority/index.html", "重点的な取組", None);
        let prio: Vec<NodeView> = plan
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.priority.is_some())
            .map(|(i, _)| {
                let mut nv = v.node(plan, i);
                nv.url = plan.nodes[i].href();
                nv
            })
            .collect();
        c.insert("nodes", &prio);
        c.insert("breadcrumbs", &vec![home.clone()]);
        jobs.push(job("priority/index.html", "priority.html", c));

        // Support categories (重層的支援).
        if !v.categories.is_empty() {
            let mut c = v.base("support/index.html", &pc.support_title, None);
            c.insert("categories", &v.categories);
            c.insert("breadcrumbs", &vec![home.clone()]);
            jobs.push(job("support/index.html", "support_list.html", c));
            for (ci, cat) in v.categories.iter().enumerate() {
                let title = format!("{}：{}", pc.support_title, cat.name);
                let mut c = v.base(&cat.url, &title, None);
                let nodes: Vec<LinkView> = plan
                    .nodes
                    .iter()
                    .filter(|n| n.support.contains(&ci))
                    .map(|n| {
                        let mut l = v.link(n);
                        l.title = node_heading(pc, n);
                        l
                    })
                    .collect();
                c.insert("category", cat);
                c.insert("nodes", &nodes);
                c.insert(
                    "breadcrumbs",
                    &vec![home.clone(), crumb("support/index.html", &pc.support_title)],
                );
                jobs.push(job(&cat.url, "support.html", c));
            }
        }
    }

    // The search page: results with JavaScript; without it, ways to browse instead.
    let mut c = v.base("search/index.html", "サイト内検索", None);
    let mut filters = Vec::new();
    if let Some(rc) = &site.config.resources {
        let names = |l: &[crate::config::Term]| {
            l.iter()
                .map(|t| serde_json::json!({"name": t.name}))
                .collect::<Vec<_>>()
        };
        filters
            .push(serde_json::json!({"key": "kind", "label": "種類", "options": names(&rc.kinds)}));
        // An area with narrower ones finds the places in them too: the option lists them
        // (a place has the narrowest area it is in).
        let config = &site.config;
        let area_options = (0..config.areas.len())
            .map(|i| {
                let mut option = serde_json::json!({"name": config.areas[i].name});
                let within: Vec<&str> = (0..config.areas.len())
                    .filter(|&j| j != i && config.area_chain(j).contains(&i))
                    .map(|j| config.areas[j].name.as_str())
                    .collect();
                if !within.is_empty() {
                    option["within"] = serde_json::json!(within);
                }
                option
            })
            .collect::<Vec<_>>();
        filters.push(serde_json::json!({"key": "area", "label": "地区", "options": area_options}));
        filters.push(serde_json::json!({"key": "audience", "label": "対象", "options": names(&rc.audiences)}));
        c.insert(
            "kinds",
            &rc.kinds
                .iter()
                .map(|t| serde_json::json!({"name": t.name, "url": rc.kind_url(&t.id)}))
                .collect::<Vec<_>>(),
        );
    }
    c.insert("filters", &filters);
    if let (Some(pc), Some(plan)) = (v.pc, &site.plan) {
        c.insert("goals", &plan.goals.iter().map(|&g| serde_json::json!({"heading": node_heading(pc, &plan.nodes[g]), "url": plan.nodes[g].url})).collect::<Vec<_>>());
    }
    jobs.push(Job::new("search/index.html", "search.html", c));

    for e in &site.easy {
        let mut c = v.base(&e.url, &e.title, e.description.as_deref());
        c.insert(
            "page",
            &serde_json::json!({
                "title": e.title, "content": e.rendered.html, "extra": e.extra, "url": e.url,
            }),
        );
        c.insert("standard_url", &e.companion_of);
        c.insert("date", &Option::<String>::None);
        jobs.push(Job::new(&e.url, "page.html", c));
    }
    directory::jobs(v, &mut jobs);
    navi::jobs(v, &mut jobs);
    crate::accessibility::jobs(v, &mut jobs);

    // 404: served at any depth, so its links start from the site's base path.
    let mut c = v.base("404.html", "ページが見つかりません", None);
    c.insert("root", &site.config.base_path);
    let mut not_found = Job::new("404.html", "404.html", c);
    not_found.root = site.config.base_path.clone();
    jobs.push(not_found);
    jobs
}

fn tree_json(v: &Views, plan: &Plan, i: usize) -> serde_json::Value {
    let n = &plan.nodes[i];
    let pc = v.pc.expect("plan");
    let children: Vec<serde_json::Value> = n
        .children
        .iter()
        .filter(|&&c| plan.nodes[c].kind != NodeKind::Item)
        .map(|&c| tree_json(v, plan, c))
        .collect();
    serde_json::json!({
        "url": n.href(),
        "heading": node_heading(pc, n),
        "markers_html": v.markers(&n.markers),
        "priority": n.priority.map(|p| p.label()),
        "children": children,
    })
}

/// Where the rendered files go, one by one as they are made: a build writes each into
/// its output folder at once instead of holding the whole site in memory.
pub trait Sink: Sync {
    /// Every path the render makes, before the first file.
    fn paths(&mut self, paths: &[&str]);
    /// One finished file (called from several threads, in no particular order; each path
    /// once).
    fn file(&self, url: String, content: Html) -> Result<(), Diagnostic>;
}

/// The serial part of [`render_into`]: the jobs (one per page, a later job of a path
/// winning), the paths announced to `sink`, and the open data, calendars, feed and sitemap
/// written. Returns the jobs, the count of files, their paths, and the errors of those
/// writes.
fn prepare<'v>(
    views: &'v Views,
    more: Vec<Output>,
    sink: &mut dyn Sink,
) -> (Vec<Job<'v>>, usize, Paths, Vec<Diagnostic>) {
    let site = views.site;
    let mut jobs = jobs(views);
    // Two jobs of the same path: the later one wins (as it always has).
    let mut seen = std::collections::HashSet::new();
    let mut keep: Vec<bool> = jobs
        .iter()
        .rev()
        .map(|j| seen.insert(j.url.clone()))
        .collect();
    keep.reverse();
    let mut keep = keep.into_iter();
    jobs.retain(|_| keep.next().unwrap_or(true));
    drop(seen);
    let mut extra: Vec<Output> = sitemap(site, &jobs);
    extra.extend(more);
    extra.extend(directory::files(site));
    extra.extend(news::feed(site));
    let paths: Vec<&str> = jobs
        .iter()
        .map(|j| j.url.as_str())
        .chain(extra.iter().map(|(u, _)| u.as_str()))
        .collect();
    sink.paths(&paths);
    let paths: Paths = paths.into_iter().map(String::from).collect();
    let count = jobs.len() + extra.len();
    // The open data, calendars, feed and sitemap go first (a build writes them at once
    // and they need not wait in memory for the pages; an error later discards them).
    let mut errors: Vec<Diagnostic> = Vec::new();
    for (url, content) in extra {
        if let Err(d) = sink.file(url, content.into()) {
            errors.push(d);
        }
    }
    crate::site::release_free_memory();
    tracing::debug!(
        "描画: {} 件の下準備 / jobs prepared{}",
        jobs.len(),
        crate::site::memory_note()
    );
    (jobs, count, paths, errors)
}

/// The paths of the files a render makes.
pub type Paths = std::collections::HashSet<String>;

/// Render every page into `sink`; returns how many files were made. Errors (template
/// problems, or the sink's) are returned, not panicked; files may have gone to the sink
/// before an error (the files beside the pages — sitemap, open data, feed — go first).
/// With a `cache` (begun by the caller for this template set, config and engine), a page
/// whose template, root and context are those of the cached one is taken from it.
pub fn render_into(
    site: &Site,
    tera: &Tera,
    furigana: Option<&crate::furigana::Furigana>,
    cache: Option<&cache::PageCache>,
    sink: &mut dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let none: Option<fn(&Paths)> = None;
    render_beside(site, tera, furigana, cache, sink, |_| none).result
}

/// What [`render_beside`] made.
pub struct Rendered<R> {
    /// As [`render_into`] returns it.
    pub result: Result<usize, Vec<Diagnostic>>,
    /// What the work beside the pages returned, if there was any.
    pub beside: Option<R>,
    /// The paths of the render's files.
    pub paths: Paths,
}

/// [`render_into`], and work beside the pages on a thread of its own. `beside` is called
/// on the calling thread with every core free, once the content's text has been analysed
/// for the ruby pass (so the furigana engine's memos hold it), with the paths of the
/// render's files; the work it returns, if any, then runs on its own thread while the
/// pages render. A build makes its search index there: the documents in the first part,
/// the index in the second, on the core the pages leave free whenever rayon's threads wait
/// or the render ends unevenly.
pub fn render_beside<B, R>(
    site: &Site,
    tera: &Tera,
    furigana: Option<&crate::furigana::Furigana>,
    cache: Option<&cache::PageCache>,
    sink: &mut dyn Sink,
    beside: impl FnOnce(&Paths) -> Option<B>,
) -> Rendered<R>
where
    B: FnOnce(&Paths) -> R + Send,
    R: Send,
{
    let annotator = furigana.map(ruby::Annotator::new);
    std::thread::scope(|scope| {
        // While this thread prepares the jobs and writes the open data, the other cores
        // analyse the content's text for the ruby pass. Not with a page cache (a preview):
        // a rebuild renders only the pages an edit touched, and its engine knows the rest.
        let learning = annotator
            .as_ref()
            .filter(|_| cache.is_none())
            .map(|a| scope.spawn(move || a.learn_site(site)));
        let views = Views::new(site);
        let (ui_text, ui_error) = match ui_text(tera, annotator.as_ref()) {
            Ok(file) => (file, None),
            Err(d) => (None, Some(d)),
        };
        let (jobs, count, paths, mut errors) = prepare(&views, ui_text.into_iter().collect(), sink);
        errors.extend(ui_error);
        if let Some(l) = learning {
            // A panic there is a bug: let it be one here too.
            if let Err(p) = l.join() {
                std::panic::resume_unwind(p);
            }
        }
        let Some(side) = beside(&paths) else {
            let result = render_jobs(jobs, count, errors, tera, annotator.as_ref(), cache, sink);
            return Rendered {
                result,
                beside: None,
                paths,
            };
        };
        let side = scope.spawn(move || (side(&paths), paths));
        let result = render_jobs(jobs, count, errors, tera, annotator.as_ref(), cache, sink);
        match side.join() {
            Ok((r, paths)) => Rendered {
                result,
                beside: Some(r),
                paths,
            },
            Err(p) => std::panic::resume_unwind(p),
        }
    })
}

/// The theme's template of its scripts' strings (see [`ui_text`]).
const UI_TEXT_TEMPLATE: &str = "ui_text.html";

/// The markers a node's page shows (its own, its sub-items', its actions', in whatever
/// list they are nested), or the glossary's terms, each with what it means: the legend
/// under the page's heading.
/// They are found in the page's HTML as [`crate::markdown::marker_html`] wrote them.
fn marker_legend(pc: &PlanConfig, node: &impl serde::Serialize) -> Vec<serde_json::Value> {
    let html = serde_json::to_string(node).unwrap_or_default();
    pc.markers
        .iter()
        .filter(|m| html.contains(&format!("（{}）</span>", crate::markdown::escape(&m.label))))
        .map(|m| {
            serde_json::json!({
                "label": m.label,
                "style": m.style,
                "meaning": m.meaning(),
            })
        })
        .collect()
}

/// The theme's strings for its scripts ([`UI_TEXT_TEMPLATE`]: elements `[data-ui=KEY]`),
/// with the site's furigana, as `assets/ui-text.js`: one file for every page, which its
/// scripts read through prefs.js's `tsunaguText`. `None` for a theme without the template.
fn ui_text(tera: &Tera, annotator: Option<&ruby::Annotator>) -> Result<Option<Output>, Diagnostic> {
    if !tera.get_template_names().any(|n| n == UI_TEXT_TEMPLATE) {
        return Ok(None);
    }
    // `furigana`: whether readings are made, for the few a string cannot give the
    // analyzer the context of (1日 of a date is ついたち)
    let mut c = tera::Context::new();
    c.insert("furigana", &annotator.is_some());
    let html = tera
        .render(UI_TEXT_TEMPLATE, &c)
        .map_err(|e| crate::theme::render_error(&e))?;
    let html = match annotator {
        Some(a) => a.fragment(&html),
        None => html,
    };
    let json = serde_json::Value::String(html).to_string();
    Ok(Some((
        "assets/ui-text.js".to_string(),
        format!("window.tsunaguUiText = {json};\n"),
    )))
}

/// The parallel part of [`render_into`]: every job rendered (or taken from the cache),
/// annotated and handed to `sink`.
fn render_jobs(
    jobs: Vec<Job>,
    count: usize,
    errors: Vec<Diagnostic>,
    tera: &Tera,
    annotator: Option<&ruby::Annotator>,
    cache: Option<&cache::PageCache>,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let made: Option<std::collections::HashSet<String>> =
        cache.map(|_| jobs.iter().map(|j| j.url.clone()).collect());
    let progress = crate::progress::Progress::new("描画中", "rendering", jobs.len());
    let errors: Vec<Diagnostic> = errors
        .into_iter()
        .chain(
            jobs.into_par_iter()
                .filter_map(|j| {
                    progress.tick();
                    let (url, template, root, context) = j.context();
                    let (key, context) = match cache {
                        Some(_) => {
                            let (k, c) = cache::page_key(&template, &root, context);
                            (Some(k), c)
                        }
                        None => (None, context),
                    };
                    if let (Some(c), Some(k)) = (cache, &key)
                        && let Some(html) = c.get(&url, k)
                    {
                        return sink.file(url, Html::Shared(html)).err();
                    }
                    let html = match tera.render(&template, &context) {
                        Ok(h) => h,
                        Err(e) => return Some(crate::theme::render_error(&e)),
                    };
                    drop(context);
                    let html = resolve_root(&html, &root);
                    let html = match annotator {
                        Some(a) => a.page(&html),
                        None => html,
                    };
                    debug_assert!(!html.contains(ROOT_MARK));
                    let html = match (cache, key) {
                        (Some(c), Some(k)) => Html::Shared(c.put(&url, k, html)),
                        _ => Html::Owned(html),
                    };
                    sink.file(url, html).err()
                })
                .collect::<Vec<_>>(),
        )
        .collect();
    drop(progress);
    if let (Some(c), Some(made)) = (cache, made) {
        c.finish(&made);
    }
    if !errors.is_empty() {
        let mut errors = errors;
        errors.sort_by(|a, b| {
            a.problem
                .message(crate::diagnostics::Lang::En)
                .cmp(&b.problem.message(crate::diagnostics::Lang::En))
        });
        errors.dedup();
        return Err(errors);
    }
    Ok(count)
}

/// Every page rendered into memory, sorted by path.
pub fn render(
    site: &Site,
    tera: &Tera,
    furigana: Option<&crate::furigana::Furigana>,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    struct Collect(std::sync::Mutex<Vec<Output>>);
    impl Sink for Collect {
        fn paths(&mut self, paths: &[&str]) {
            if let Ok(v) = self.0.get_mut() {
                v.reserve(paths.len());
            }
        }
        fn file(&self, url: String, content: Html) -> Result<(), Diagnostic> {
            if let Ok(mut v) = self.0.lock() {
                v.push((url, content.into_string()));
            }
            Ok(())
        }
    }
    let mut sink = Collect(std::sync::Mutex::new(Vec::new()));
    render_into(site, tera, furigana, None, &mut sink)?;
    let mut out = sink.0.into_inner().unwrap_or_else(|e| e.into_inner());
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// URLs per sitemap file: the sitemap protocol's limit (sitemaps.org).
const SITEMAP_MAX_URLS: usize = 50_000;

/// `sitemap.xml` of every page but the 404 page and expired news; above
/// [`SITEMAP_MAX_URLS`], a sitemap index of `sitemap1.xml`, `sitemap2.xml` ….
fn sitemap(site: &Site, jobs: &[Job]) -> Vec<Output> {
    let expired: std::collections::HashSet<&str> = site
        .pages
        .iter()
        .filter(|p| p.expired)
        .map(|p| p.url.as_str())
        .collect();
    let mut urls: Vec<String> = jobs
        .iter()
        .map(|j| &j.url)
        .filter(|u| u.ends_with(".html") && *u != "404.html")
        .filter(|u| !expired.contains(u.as_str()))
        .map(|u| {
            let path = u.strip_suffix("index.html").unwrap_or(u);
            format!("{}{}", site.config.base_url, path)
        })
        .collect();
    urls.sort();
    sitemap_files(&site.config.base_url, &urls, SITEMAP_MAX_URLS)
}

/// The sitemap files of `urls`: one `sitemap.xml` of up to `max` URLs, or an index of
/// files of `max` URLs each.
fn sitemap_files(base_url: &str, urls: &[String], max: usize) -> Vec<Output> {
    const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    const NS: &str = "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"";
    let list = |tag: &str, item: &str, locs: &mut dyn Iterator<Item = &str>| {
        let mut s = format!("{XML}<{tag} {NS}>\n");
        for loc in locs {
            s.push_str(&format!("  <{item}><loc>"));
            crate::markdown::escape_into(&mut s, loc);
            s.push_str(&format!("</loc></{item}>\n"));
        }
        s.push_str(&format!("</{tag}>\n"));
        s
    };
    let urlset = |urls: &[String]| list("urlset", "url", &mut urls.iter().map(String::as_str));
    let max = max.max(1);
    if urls.len() <= max {
        return vec![("sitemap.xml".to_string(), urlset(urls))];
    }
    let parts: Vec<Output> = (urls.chunks(max).enumerate())
        .map(|(i, chunk)| (format!("sitemap{}.xml", i + 1), urlset(chunk)))
        .collect();
    let locs: Vec<String> = parts
        .iter()
        .map(|(name, _)| format!("{base_url}{name}"))
        .collect();
    let index = list(
        "sitemapindex",
        "sitemap",
        &mut locs.iter().map(String::as_str),
    );
    std::iter::once(("sitemap.xml".to_string(), index))
        .chain(parts)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_over_the_limit_becomes_an_index_of_sitemaps() {
        let base = "https://example.jp/a&b/";
        let urls: Vec<String> = (1..=5).map(|i| format!("{base}p{i}/")).collect();
        let locs = |xml: &str| -> Vec<String> {
            xml.split("<loc>")
                .skip(1)
                .map(|l| l.split("</loc>").next().unwrap().replace("&amp;", "&"))
                .collect()
        };
        let one = sitemap_files(base, &urls, 5);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "sitemap.xml");
        assert!(
            one[0]
                .1
                .contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
        );
        assert_eq!(locs(&one[0].1), urls);
        assert!(
            one[0]
                .1
                .contains("<loc>https://example.jp/a&amp;b/p1/</loc>")
        );

        let split = sitemap_files(base, &urls, 2);
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap1.xml",
                "sitemap2.xml",
                "sitemap3.xml"
            ]
        );
        let index = &split[0].1;
        assert!(index.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex "));
        assert!(index.ends_with("</sitemapindex>\n"));
        assert_eq!(
            locs(index),
            ["sitemap1.xml", "sitemap2.xml", "sitemap3.xml"].map(|n| format!("{base}{n}"))
        );
        // Every URL once, in order, at most 2 a file.
        let mut all = Vec::new();
        for (_, xml) in &split[1..] {
            assert!(xml.contains("<urlset ") && xml.ends_with("</urlset>\n"));
            let l = locs(xml);
            assert!((1..=2).contains(&l.len()), "{l:?}");
            all.extend(l);
        }
        assert_eq!(all, urls);
    }

    #[test]
    fn roots_are_relative() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("plan/1/index.html"), "../../");
    }
}
