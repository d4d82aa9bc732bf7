//! Static files: the theme's `static/`, then the site's `static/` (which wins on a clash),
//! then non-Markdown files found under `content/`, all copied as they are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Problem, display_path};

/// Output path → source file, for every static file.
pub fn collect(
    theme_dir: &Path,
    site_root: &Path,
    content_assets: &[(PathBuf, PathBuf)],
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, PathBuf> {
    let mut files = BTreeMap::new();
    for dir in [theme_dir.join("static"), site_root.join("static")] {
        if !dir.is_dir() {
            continue;
        }
        for entry in WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
                    files.insert(display_path(rel), e.path().to_path_buf());
                }
                Ok(_) => {}
                Err(e) => diags.push(
                    Diagnostic::error(Problem::Unreadable {
                        detail: e.to_string(),
                    })
                    .in_file(
                        e.path()
                            .unwrap_or(&dir)
                            .strip_prefix(site_root)
                            .unwrap_or(&dir),
                    ),
                ),
            }
        }
    }
    for (src, rel) in content_assets {
        files.insert(display_path(rel), src.clone());
    }
    files
}
