//! `tsunagu check`: every check of a build, nothing written.

use std::path::Path;

use crate::diagnostics::{Diagnostics, Lang};
use crate::site;

pub fn run(root: &Path, diags: &mut Diagnostics, lang: Lang) -> (bool, Option<String>) {
    let built = site::build_in_memory(root, diags);
    if let Some(b) = &built
        && let Some(f) = &b.furigana
    {
        unknown_words(f, &b.site, diags);
    }
    let ok = built.is_some();
    let closing = (ok && diags.is_empty()).then(|| {
        match lang {
            Lang::Ja => "問題は見つかりませんでした。",
            Lang::En => "no problems found",
        }
        .to_string()
    });
    (ok, closing)
}

/// Words the furigana analyzer did not know, per file, as warnings: staff add their
/// readings to content/readings.toml.
fn unknown_words(
    f: &crate::furigana::Furigana,
    site: &crate::content::Site,
    diags: &mut Diagnostics,
) {
    use crate::diagnostics::{Diagnostic, Problem};
    let mut texts: Vec<(&Path, String)> = Vec::new();
    for p in site.pages.iter().chain(site.easy.iter()) {
        texts.push((&p.source, format!("{}\n{}", p.title, p.rendered.text)));
    }
    if let Some(plan) = &site.plan {
        for n in &plan.nodes {
            let mut t = format!("{}\n{}", n.title, n.lead_html.text);
            for e in n
                .targets
                .iter()
                .chain(n.actions.iter().flat_map(|a| a.entries.iter()))
            {
                t.push('\n');
                t.push_str(&e.rendered.text);
            }
            texts.push((&n.source, t));
        }
    }
    for r in &site.resources {
        texts.push((&r.source, format!("{}\n{}", r.front.name, r.rendered.text)));
    }
    // One warning per file, words in order of appearance.
    let mut by_file: Vec<(&Path, Vec<String>)> = Vec::new();
    for (file, text) in texts {
        let words = f.unknown_words(&text);
        if words.is_empty() {
            continue;
        }
        match by_file.iter_mut().find(|(p, _)| *p == file) {
            Some((_, list)) => {
                for w in words {
                    if !list.contains(&w) {
                        list.push(w);
                    }
                }
            }
            None => by_file.push((file, words)),
        }
    }
    for (file, words) in by_file {
        let list = words.join("、");
        diags.push(
            Diagnostic::warning(Problem::Field {
                ja: format!("ふりがなの辞書にない言葉があります: {list}"),
                en: format!("words the furigana dictionary does not know: {list}"),
                hint_ja: Some(format!(
                    "読みを付けるには {} に [[readings]] surface = \"{}\" reading = \"…\" を加えます。",
                    crate::furigana::READINGS_FILE,
                    words[0]
                )),
                hint_en: Some(format!("add their readings to {}", crate::furigana::READINGS_FILE)),
            })
            .in_file(file),
        );
    }
}

/// The problems as JSON: `{"errors": N, "warnings": N, "problems": [{severity, file, line,
/// column, field, message, hint}]}`, sorted by file and position.
pub fn json(diags: &Diagnostics, lang: Lang) -> String {
    let problems: Vec<serde_json::Value> = diags
        .sorted()
        .into_iter()
        .map(|d| {
            serde_json::json!({
                "severity": match d.severity {
                    crate::diagnostics::Severity::Error => "error",
                    crate::diagnostics::Severity::Warning => "warning",
                },
                "file": d.file,
                "line": d.pos.map(|p| p.line),
                "column": d.pos.map(|p| p.col),
                "field": d.field,
                "message": d.problem.message(lang),
                "hint": d.problem.hint(lang),
            })
        })
        .collect();
    let errors = diags.error_count();
    serde_json::json!({
        "errors": errors,
        "warnings": problems.len() - errors,
        "problems": problems,
    })
    .to_string()
}
