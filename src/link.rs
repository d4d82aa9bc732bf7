//! Link stage: resolve references between files and render every Markdown fragment once.
//!
//! Steps:
//! 1. index every output page by content path (for `@/path.md` links) and every glossary
//!    term by name (for `[[用語]]`);
//! 2. render the fragments of pages, the plan and the glossary in parallel (rayon), each
//!    with the same read-only [`Resolver`];
//! 3. record where each glossary term is used;
//! 4. check that no two sources produce the same output file.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::Site;
use crate::diagnostics::{Diagnostic, Diagnostics, Problem, display_path};
use crate::markdown::{self, Ids, Mode, Rendered, Resolver};

/// Pages the generator makes itself, by URL (checked against content pages).
pub fn generated_urls(site: &Site) -> Vec<String> {
    let mut v = vec![
        "404.html".to_string(),
        "sitemap.xml".to_string(),
        "search/index.html".to_string(),
    ];
    if let Some(rc) = &site.config.resources {
        // The directory's home is generated; content/<section>/_index.md only feeds it.
        v.extend([
            "resources.csv".into(),
            "resources.json".into(),
            rc.areas_url(),
        ]);
        v.extend(rc.kinds.iter().map(|t| rc.kind_url(&t.id)));
        v.extend(rc.audiences.iter().map(|t| rc.audience_url(&t.id)));
        let counts = crate::render::directory::area_counts(site);
        for (i, a) in site.config.areas.iter().enumerate() {
            v.push(rc.area_url(&a.id));
            if crate::render::directory::area_printable(site, &counts, i) {
                v.push(rc.area_print_url(&a.id));
            }
        }
    }
    if let Some(pc) = &site.config.plan {
        v.push("actors/index.html".into());
        v.extend(
            pc.actors
                .iter()
                .map(|a| format!("actors/{}/index.html", a.id)),
        );
        v.push("priority/index.html".into());
        if !pc.categories.is_empty() {
            v.push("support/index.html".into());
            v.extend(
                pc.categories
                    .iter()
                    .map(|c| format!("support/{}/index.html", c.id)),
            );
        }
    }
    v
}

fn content_path_of(source: &std::path::Path) -> String {
    let s = display_path(source);
    s.strip_prefix("content/").unwrap_or(&s).to_string()
}

pub fn link(site: &mut Site, diags: &mut Diagnostics) {
    // 1. Indexes.
    let mut pages: HashMap<String, String> = HashMap::new();
    let outputs: HashMap<String, String> = generated_urls(site)
        .into_iter()
        .map(|u| (u, "tsunagu".to_string()))
        .collect();
    let mut outputs = outputs;
    let mut claim = |url: &str, source: &std::path::Path, diags: &mut Diagnostics| {
        let src = display_path(source);
        if let Some(first) = outputs.get(url) {
            if first != &src {
                diags.push(
                    Diagnostic::error(Problem::DuplicateOutput {
                        url: url.to_string(),
                        first: first.clone(),
                    })
                    .in_file(source),
                );
            }
        } else {
            outputs.insert(url.to_string(), src);
        }
    };
    for p in &site.pages {
        pages.insert(p.content_path.clone(), p.url.clone());
        claim(&p.url, &p.source, diags);
    }
    // Generated pages can be linked as if they had a file: @/resources/_index.md.
    if let Some(rc) = &site.config.resources {
        pages.insert(format!("{}/_index.md", rc.section), rc.home_url());
    }
    for p in &site.easy {
        pages.insert(p.content_path.clone(), p.url.clone());
        claim(&p.url, &p.source, diags);
    }
    for r in &site.resources {
        pages.insert(r.content_path.clone(), r.url.clone());
        claim(&r.url, &r.source, diags);
    }
    if let Some(n) = &site.navi {
        for s in &n.steps {
            pages.insert(s.content_path.clone(), s.url.clone());
            claim(&s.url, &s.source, diags);
        }
    }
    if let Some(g) = &site.glossary {
        pages.insert(g.content_path.clone(), g.url.clone());
        claim(&g.url, &g.source, diags);
    }
    if let Some(plan) = &site.plan {
        pages.insert(content_path_of(&plan.source), plan.url.clone());
        claim(&plan.url, &plan.source, diags);
        for n in plan.nodes.iter().filter(|n| n.has_page()) {
            pages.insert(content_path_of(&n.source), n.url.clone());
        }
    }
    let terms: Option<HashMap<String, String>> = site.glossary.as_ref().map(|g| {
        g.terms
            .iter()
            .map(|t| (t.term.clone(), g.term_url(t)))
            .collect()
    });
    let no_markers = Vec::new();
    let markers = site
        .config
        .plan
        .as_ref()
        .map_or(&no_markers, |p| &p.markers)
        .clone();
    // Files whose own error was reported while loading: links to them are not errors twice.
    let failed: std::collections::HashSet<String> = diags
        .files_with_errors()
        .into_iter()
        .filter_map(|f| f.strip_prefix("content/").map(str::to_string))
        .collect();
    let resolver = Resolver {
        pages: &pages,
        terms: terms.as_ref(),
        markers: &markers,
        media: Some(&site.media),
        raw_html: site.config.markdown.raw_html,
        glossary_failed: terms.is_none() && failed.contains(&site.config.glossary),
        failed: &failed,
    };

    // 2. Render. Actor roles come from config.toml and may reference terms too.
    let mut roles_diags = Vec::new();
    let config_file = std::path::Path::new(crate::config::CONFIG_FILE);
    site.actor_roles = site
        .config
        .plan
        .iter()
        .flat_map(|pc| pc.actors.iter())
        .map(|a| {
            let role = a.role.as_deref().unwrap_or("");
            let start = a
                .role_at
                .unwrap_or(crate::diagnostics::Pos { line: 1, col: 1 });
            let frag = markdown::parse(role, start.line, config_file);
            let mut d = Vec::new();
            let html = markdown::render(
                config_file,
                &frag.events,
                Mode::INLINE,
                &resolver,
                &mut Ids::default(),
                &mut d,
            )
            .html;
            // The role is one line of config.toml: columns count from its opening quote.
            for p in d.iter_mut().filter_map(|d| d.pos.as_mut()) {
                if p.line == start.line {
                    p.col += start.col - 1;
                }
            }
            roles_diags.extend(d);
            html
        })
        .collect();
    diags.extend(roles_diags);
    let mut found: Vec<Diagnostic> = site
        .pages
        .par_iter_mut()
        .flat_map_iter(|p| {
            let mut d = Vec::new();
            p.rendered = p.body.render_once(Mode::PAGE, &resolver, &mut d);
            d
        })
        .collect();
    if let Some(plan) = &mut site.plan {
        let mut d = Vec::new();
        plan.intro_html = plan.intro.render_once(Mode::PAGE, &resolver, &mut d);
        found.extend(d);
        found.par_extend(plan.nodes.par_iter_mut().flat_map_iter(|n| {
            let mut d = Vec::new();
            let mut ids = Ids::default();
            n.lead_html = markdown::render(
                &n.source,
                &std::mem::take(&mut n.lead.events),
                Mode::BLOCK,
                &resolver,
                &mut ids,
                &mut d,
            );
            let entries = n
                .targets
                .iter_mut()
                .chain(n.actions.iter_mut().flat_map(|a| a.entries.iter_mut()));
            for e in entries {
                e.rendered = markdown::render(
                    &n.source,
                    &std::mem::take(&mut e.events),
                    Mode::ITEM,
                    &resolver,
                    &mut ids,
                    &mut d,
                );
            }
            d
        }));
    }
    found.par_extend(site.easy.par_iter_mut().flat_map_iter(|p| {
        let mut d = Vec::new();
        p.rendered = p.body.render_once(Mode::PAGE, &resolver, &mut d);
        d
    }));
    if let Some(n) = &mut site.navi {
        found.par_extend(n.steps.par_iter_mut().flat_map_iter(|s| {
            let mut d = Vec::new();
            s.rendered = s.body.render_once(Mode::PAGE, &resolver, &mut d);
            d
        }));
    }
    found.par_extend(site.resources.par_iter_mut().flat_map_iter(|r| {
        let mut d = Vec::new();
        r.rendered = r.body.render_once(Mode::PAGE, &resolver, &mut d);
        d
    }));
    if let Some(g) = &mut site.glossary {
        let mut d = Vec::new();
        g.intro_html = g.intro.render_once(Mode::BLOCK, &resolver, &mut d);
        for t in &mut g.terms {
            t.rendered = t.definition.render_once(Mode::BLOCK, &resolver, &mut d);
        }
        found.extend(d);
    }
    diags.extend(found);

    // 3. Where each term is used.
    if let Some(g) = &mut site.glossary {
        let mut used: HashMap<String, Vec<(String, String)>> = HashMap::new();
        let mut note = |r: &Rendered, url: &str, title: &str| {
            for t in &r.terms {
                let list = used.entry(t.clone()).or_default();
                if !list.iter().any(|(u, _)| u == url) {
                    list.push((url.to_string(), title.to_string()));
                }
            }
        };
        if let Some(plan) = &site.plan {
            note(&plan.intro_html, &plan.url, &plan.title);
            for n in &plan.nodes {
                let title = crate::render::node_heading(site.config.plan.as_ref().unwrap(), n);
                let href = n.href();
                note(&n.lead_html, &href, &title);
                for e in n
                    .targets
                    .iter()
                    .chain(n.actions.iter().flat_map(|a| a.entries.iter()))
                {
                    note(&e.rendered, &href, &title);
                }
            }
        }
        for p in &site.pages {
            note(&p.rendered, &p.url, &p.title);
        }
        for t in &mut g.terms {
            t.used_by = used.get(&t.term).cloned().unwrap_or_default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parsed_markdown_is_let_go_once_rendered() {
        let root = std::path::Path::new("tests/fixtures/base");
        let mut diags = Diagnostics::default();
        let config = crate::config::Config::load(root, &mut diags).expect("the fixture loads");
        let mut site = crate::content::load(config, &mut diags);
        let parsed = |site: &Site| {
            let plan = site.plan.as_ref().expect("the fixture has a plan");
            site.pages
                .iter()
                .map(|p| p.body.events.len())
                .sum::<usize>()
                + site
                    .resources
                    .iter()
                    .map(|r| r.body.events.len())
                    .sum::<usize>()
                + plan.intro.events.len()
                + plan
                    .nodes
                    .iter()
                    .map(|n| {
                        n.lead.events.len()
                            + n.targets
                                .iter()
                                .chain(n.actions.iter().flat_map(|a| a.entries.iter()))
                                .map(|e| e.events.len())
                                .sum::<usize>()
                    })
                    .sum::<usize>()
        };
        assert!(parsed(&site) > 0, "the content has Markdown to render");
        link(&mut site, &mut diags);
        assert!(!diags.has_errors());
        assert_eq!(parsed(&site), 0, "every fragment's events let go");
        assert!(site.pages.iter().any(|p| p.rendered.html.contains("<p>")));
        assert!(site.resources.iter().all(|r| !r.rendered.html.is_empty()));
    }
}
