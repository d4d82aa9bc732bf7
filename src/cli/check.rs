//! `tsunagu check`: every check of a build, nothing written.

use std::path::Path;

use crate::diagnostics::{Diagnostics, Lang};
use crate::site;

pub fn run(root: &Path, diags: &mut Diagnostics, lang: Lang) -> (bool, Option<String>) {
    let ok = site::build_in_memory(root, diags).is_some();
    let closing = (ok && diags.is_empty()).then(|| {
        match lang {
            Lang::Ja => "問題は見つかりませんでした。",
            Lang::En => "no problems found",
        }
        .to_string()
    });
    (ok, closing)
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
