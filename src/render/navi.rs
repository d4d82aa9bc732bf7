//! Pages of the 相談先ナビ: a question with its options, or an answer with the numbers to
//! call and the matching 相談窓口 grouped by area, city-wide first.

use super::{Job, Views, crumb};
use crate::content::resource::Resource;

pub(super) fn jobs(v: &Views, jobs: &mut Vec<Job>) {
    let site = v.site;
    let (Some(navi), Some(rc)) = (&site.navi, &site.config.resources) else {
        return;
    };
    let cfg = &site.config;
    let home = crumb("index.html", "ホーム");
    // the districts each area takes in (東部圏域: 湖東地区, …), for a resident who knows the
    // district they live in but not its area; none for the widest. The same on every step.
    let districts: Vec<Vec<&str>> = (0..cfg.areas.len())
        .map(|a| match cfg.area_parent[a] {
            None => Vec::new(),
            Some(_) => (0..cfg.areas.len())
                .filter(|&d| d != a && !cfg.area_parent.contains(&Some(d)))
                .filter(|&d| cfg.area_chain(d).contains(&a))
                .map(|d| cfg.areas[d].name.as_str())
                .collect(),
        })
        .collect();
    for (i, step) in navi.steps.iter().enumerate() {
        let mut c = v.base(&step.url, &step.title, step.description.as_deref());
        let mut crumbs = vec![home.clone()];
        crumbs.extend(
            navi.path_to(i)
                .into_iter()
                .map(|j| crumb(&navi.steps[j].url, &navi.steps[j].title)),
        );
        if i == 0 {
            crumbs.truncate(1);
        }
        c.insert("breadcrumbs", &crumbs);
        let options: Vec<serde_json::Value> = step
            .options
            .iter()
            .filter_map(|o| {
                let t = navi.step(&o.to)?;
                Some(serde_json::json!({"label": o.label, "description": o.description, "url": navi.steps[t].url}))
            })
            .collect();
        let numbers: Vec<serde_json::Value> = step
            .numbers
            .iter()
            .map(|&n| {
                let num = &navi.numbers[n];
                serde_json::json!({
                    "name": num.name, "phone": num.phone,
                    "href": crate::opendata::phone::tel_uri(&num.phone),
                    "hours": num.hours, "description": num.description,
                })
            })
            .collect();
        // Matching places: those named, then those of the kinds (and audiences) asked for.
        let mut matched: Vec<&Resource> =
            step.resources.iter().map(|&r| &site.resources[r]).collect();
        if !step.kinds.is_empty() {
            for r in &site.resources {
                let kind_ok = step.kinds.contains(&r.kind);
                let aud_ok = step.audience.is_empty()
                    || r.audience.iter().any(|a| step.audience.contains(a));
                if kind_ok && aud_ok && !matched.iter().any(|m| m.id == r.id) {
                    matched.push(r);
                }
            }
        }
        // Grouped by the area each serves, in area order (widest first).
        let groups: Vec<serde_json::Value> = (0..cfg.areas.len())
            .filter_map(|a| {
                let list: Vec<_> = matched
                    .iter()
                    .filter(|r| r.area == a)
                    .map(|r| v.resource(r))
                    .collect();
                (!list.is_empty()).then(|| {
                    serde_json::json!({
                        "area": cfg.areas[a].name,
                        "url": rc.area_url(&cfg.areas[a].id),
                        "districts": districts[a],
                        "resources": list,
                    })
                })
            })
            .collect();
        c.insert(
            "step",
            &serde_json::json!({
                "title": step.title,
                "question": step.question,
                "content": step.rendered.html,
                "quick_exit": step.quick_exit,
                "is_answer": step.options.is_empty(),
            }),
        );
        c.insert("options", &options);
        c.insert("numbers", &numbers);
        c.insert("groups", &groups);
        c.insert("quick_exit_url", &rc.quick_exit_url);
        c.insert("start_url", &navi.steps[0].url);
        jobs.push(Job::new(&step.url, "navi.html", c));
    }
}
