//! `tsunagu import resources FILE [--sheet NAME] [--kind KIND] [--root DIR]`: bring a
//! spreadsheet of places (UTF-8 or Shift_JIS CSV, or an Excel workbook; 自治体標準
//! オープンデータセット columns) into the site as one Markdown file per row. Nothing is
//! written unless every row is correct.

use std::path::PathBuf;

use clap::Subcommand;

use crate::config::Config;
use crate::diagnostics::{Diagnostics, Lang};
use crate::opendata::import;

#[derive(Subcommand, Debug)]
pub enum ImportWhat {
    /// Import resources (相談先・居場所) from a CSV file or an Excel workbook (.xlsx) into
    /// content/<resources section>/. Existing files with the same id are updated in place:
    /// the file's columns replace their fields; other fields, comments and the Markdown
    /// text are kept, and an empty cell never removes a value.
    Resources {
        /// The file: CSV (UTF-8, with or without BOM, or Shift_JIS as Excel saves it), or an
        /// Excel workbook (.xlsx, .xlsm, .xls) or .ods, whose first sheet is read.
        file: PathBuf,
        /// The sheet of a workbook to read, by its name (the first visible sheet without it).
        #[arg(long)]
        sheet: Option<String>,
        /// 種別 for rows without one, or with one that is not configured: an id or name
        /// from [[resources.kinds]].
        #[arg(long)]
        kind: Option<String>,
        /// The site's folder (where config.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// Run an import; returns success and the closing line.
pub fn run(what: ImportWhat, diags: &mut Diagnostics, lang: Lang) -> (bool, Option<String>) {
    let ImportWhat::Resources {
        file,
        sheet,
        kind,
        root,
    } = what;
    let nothing = || match lang {
        Lang::Ja => "ファイルは何も書き込んでいません。".to_string(),
        Lang::En => "no file was written".to_string(),
    };
    let Some(config) = Config::load(&root, diags) else {
        return (false, Some(nothing()));
    };
    match import::resources(
        &root,
        &config,
        &file,
        kind.as_deref(),
        sheet.as_deref(),
        diags,
    ) {
        Some(s) => {
            let (added, updated, same) = (s.added.len(), s.updated.len(), s.unchanged.len());
            let line = match lang {
                Lang::Ja if same > 0 => {
                    format!("{added}件追加、{updated}件更新しました（変更なし {same}件）。")
                }
                Lang::Ja => format!("{added}件追加、{updated}件更新しました。"),
                Lang::En => format!("{added} added, {updated} updated, {same} unchanged"),
            };
            (true, Some(line))
        }
        None => (false, Some(nothing())),
    }
}
