//! `tsunagu build`

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostics, Lang};
use crate::site;

/// Build; returns success and, on failure, the closing line printed after the report.
pub fn run(
    root: &Path,
    output: Option<PathBuf>,
    diags: &mut Diagnostics,
    lang: Lang,
) -> (bool, Option<String>) {
    let out = output.unwrap_or_else(|| root.join("public"));
    match site::build(root, &out, diags) {
        Some(built) => {
            tracing::info!(
                "{} {} ({} files)",
                match lang {
                    Lang::Ja => "書き出しました:",
                    Lang::En => "built",
                },
                out.display(),
                built.page_count + built.statics.len()
            );
            (true, None)
        }
        None => (
            false,
            Some(match lang {
                Lang::Ja => format!(
                    "サイトは書き出していません。{} は前のままです。",
                    out.display()
                ),
                Lang::En => format!("nothing was written; {} is unchanged", out.display()),
            }),
        ),
    }
}
