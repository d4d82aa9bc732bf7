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
