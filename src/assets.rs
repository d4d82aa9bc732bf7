//! Static files: the theme's, then the site's `static/` (which wins on a clash), then
//! non-Markdown files found under `content/`, all copied as they are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Problem, display_path};
use crate::theme::Source;

/// Output path → source, for every static file.
pub fn collect(
    theme_statics: &[(String, Source)],
    site_root: &Path,
    content_assets: &[(PathBuf, PathBuf)],
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Source> {
    let mut files: BTreeMap<String, Source> = theme_statics.iter().cloned().collect();
    let dir = site_root.join("static");
    if dir.is_dir() {
        for entry in WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
                    files.insert(display_path(rel), Source::File(e.path().to_path_buf()));
                }
                Ok(_) => {}
                Err(e) => diags.push(
                    Diagnostic::error(Problem::Unreadable {
                        detail: e.to_string(),
                    })
                    .in_file(
                        e.path()
                            .and_then(|p| p.strip_prefix(site_root).ok())
                            .unwrap_or(Path::new("static")),
                    ),
                ),
            }
        }
    }
    for (src, rel) in content_assets {
        files.insert(display_path(rel), Source::File(src.clone()));
    }
    files
}
