//! `tsunagu import resources FILE.csv`: a spreadsheet of places becomes one Markdown file
//! per row under `content/<resources section>/`.
//!
//! 1. The file is read as UTF-8 (with or without BOM) or Shift_JIS/CP932; bytes neither
//!    can read are errors with their line and character.
//! 2. The header row is matched to the standard columns ([`Col`](super::columns::Col),
//!    common variants too); unknown columns are listed once as a warning.
//! 3. Every row is checked (values, [`super::phone`] numbers); a bad cell is an error
//!    「N行目の「列」: …」 naming the line of the CSV file (the header is line 1; a row with
//!    a quoted line break is counted from its first line) and the column. The position
//!    printed after the file name is `line:column`, the column being the CSV column number.
//! 4. Only if no row is bad are files written: `<id>.md` with the id from the ID column
//!    (reduced to `[a-z0-9-]`), or `r-` and 8 hex digits of a fixed hash of 名称 and 住所
//!    (of the ID itself when it has letters other than ASCII).
//!    An existing file with that id is updated: columns present in the CSV replace their
//!    fields, everything else (body, `measures`, `photos`, `[extra]`, `[private]` …) stays.
//!    A schedule whose cells match what the existing schedule exports is kept as it is, and
//!    a file whose values do not change is not rewritten (its comments and layout stay).

use std::path::{Path, PathBuf};

mod cells;
mod rows;
mod schedule;

pub use schedule::schedule_from_cells;

use super::columns::halfwidth;
use super::decode::{self, Encoding};
use super::values;
use crate::config::{Config, Term};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, Problem, Severity};
use rows::Ctx;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files created, relative to the site root.
    pub added: Vec<PathBuf>,
    /// Existing files whose content changed.
    pub updated: Vec<PathBuf>,
    /// Existing files the CSV left as they were.
    pub unchanged: Vec<PathBuf>,
}

/// Import `csv` (as named to the user: messages cite this path) into the site at `root`.
/// `kind` is the 種別 for rows without a known one. Problems go to `diags`; `None` — and
/// nothing written — if there was any error.
pub fn resources(
    root: &Path,
    config: &Config,
    csv: &Path,
    kind: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Summary> {
    let mut found = Vec::new();
    let planned = plan(root, config, csv, kind, &mut found);
    let failed = found.iter().any(|d| d.severity == Severity::Error);
    diags.extend(found);
    if failed {
        return None;
    }
    let planned = planned?;
    write(root, planned, diags)
}

/// One file to write.
struct Planned {
    rel: PathBuf,
    text: String,
    existed: Option<String>,
}

fn field_error(file: &Path, ja: String, en: String) -> Diagnostic {
    Diagnostic::error(Problem::Field {
        ja,
        en,
        hint_ja: None,
        hint_en: None,
    })
    .in_file(file)
}

fn plan(
    root: &Path,
    config: &Config,
    csv: &Path,
    kind: Option<&str>,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<Planned>> {
    let Some(rc) = &config.resources else {
        out.push(field_error(
            Path::new(crate::config::CONFIG_FILE),
            "config.toml に [resources] の設定がないため、相談先を取り込めません。".into(),
            "config.toml has no [resources] section, so resources cannot be imported".into(),
        ));
        return None;
    };
    let default_kind = match kind {
        None => None,
        Some(k) => match find_term(&rc.kinds, k) {
            Some(i) => Some(rc.kinds[i].id.clone()),
            None => {
                let mut d = field_error(
                    csv,
                    format!("--kind の種別「{k}」は設定されていません。"),
                    format!("the kind `{k}` given with --kind is not configured"),
                );
                d.problem = with_hint(d.problem, known_hint(&rc.kinds));
                out.push(d.field("--kind"));
                return None;
            }
        },
    };
    let bytes = match std::fs::read(csv) {
        Ok(b) => b,
        Err(e) => {
            out.push(
                Diagnostic::error(Problem::Unreadable {
                    detail: e.to_string(),
                })
                .in_file(csv),
            );
            return None;
        }
    };
    plan_bytes(root, config, csv, &bytes, default_kind, out)
}

/// Decode, parse and check the CSV `bytes` (named `csv` in messages) without writing
/// anything; the number of files an import would write, or `None` after an error. The
/// entry point of the CSV fuzz target (`fuzz/`).
pub fn check_bytes(
    root: &Path,
    config: &Config,
    csv: &Path,
    bytes: &[u8],
    out: &mut Vec<Diagnostic>,
) -> Option<usize> {
    config.resources.as_ref()?;
    plan_bytes(root, config, csv, bytes, None, out).map(|p| p.len())
}

fn plan_bytes(
    root: &Path,
    config: &Config,
    csv: &Path,
    bytes: &[u8],
    default_kind: Option<String>,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<Planned>> {
    let rc = config.resources.as_ref()?;
    let text = match decode::decode(bytes) {
        Ok((t, _)) => t,
        Err(e) => {
            report_decode(csv, &e, out);
            return None;
        }
    };
    let table = read_table(csv, &text, out)?;
    let ctx = Ctx {
        root,
        config,
        csv,
        section: rc.section.clone(),
        kinds: &rc.kinds,
        audiences: &rc.audiences,
        accessibility: &rc.accessibility,
        default_kind,
    };
    ctx.rows(&table, out)
}

fn with_hint(p: Problem, (ja, en): (String, String)) -> Problem {
    match p {
        Problem::Field { ja: m, en: e, .. } => Problem::Field {
            ja: m,
            en: e,
            hint_ja: Some(ja),
            hint_en: Some(en),
        },
        other => other,
    }
}

fn known_hint(list: &[Term]) -> (String, String) {
    let names: Vec<String> = list
        .iter()
        .map(|t| format!("{}（{}）", t.name, t.id))
        .collect();
    if names.is_empty() {
        (
            "config.toml にまだ何も設定されていません。".into(),
            "nothing is configured in config.toml yet".into(),
        )
    } else {
        (
            format!("使えるのは {} です。", names.join("、")),
            format!("configured: {}", names.join(", ")),
        )
    }
}

fn report_decode(csv: &Path, e: &decode::DecodeError, out: &mut Vec<Diagnostic>) {
    let (enc_ja, enc_en) = match e.encoding {
        Encoding::Utf8 => ("UTF-8", "UTF-8"),
        Encoding::ShiftJis => ("Shift_JIS（CP932）", "Shift_JIS (CP932)"),
    };
    for b in &e.bad {
        let hex: Vec<String> = b.bytes.iter().map(|x| format!("0x{x:02X}")).collect();
        out.push(
            Diagnostic::error(Problem::Field {
                ja: format!(
                    "{}行目 {}文字目に、{enc_ja} として読めない文字があります（{}）。",
                    b.line,
                    b.col,
                    hex.join(" ")
                ),
                en: format!(
                    "line {}, character {}: bytes that are not {enc_en} text ({})",
                    b.line,
                    b.col,
                    hex.join(" ")
                ),
                hint_ja: Some(
                    "Excel なら「名前を付けて保存」で「CSV UTF-8（コンマ区切り）」を選んで保存し直してください。".into(),
                ),
                hint_en: Some("save the file again as \"CSV UTF-8\"".into()),
            })
            .in_file(csv)
            .at(Pos {
                line: b.line,
                col: b.col,
            }),
        );
    }
    if e.total > e.bad.len() {
        out.push(field_error(
            csv,
            format!(
                "読めない文字がほかに {} か所あります。",
                e.total - e.bad.len()
            ),
            format!("{} more places cannot be read", e.total - e.bad.len()),
        ));
    }
}

/// The CSV: the header cells and every data row with the line it starts on.
struct Table {
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

fn read_table(csv: &Path, text: &str, out: &mut Vec<Diagnostic>) -> Option<Table> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header = None;
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                out.push(
                    field_error(
                        csv,
                        format!("{line}行目を CSV として読めません（{e}）。"),
                        format!("line {line} is not valid CSV ({e})"),
                    )
                    .at(Pos { line, col: 1 }),
                );
                return None;
            }
        };
        let line = rec.position().map_or(1, |p| p.line() as usize);
        let cells: Vec<String> = rec.iter().map(values::clean).collect();
        if header.is_none() {
            header = Some(cells);
        } else if cells.iter().any(|c| !c.is_empty()) {
            rows.push((line, cells));
        }
    }
    let Some(header) = header else {
        out.push(field_error(
            csv,
            "CSV ファイルが空です。".into(),
            "the CSV file is empty".into(),
        ));
        return None;
    };
    Some(Table { header, rows })
}

/// The index of the term with this id or name.
fn find_term(list: &[Term], value: &str) -> Option<usize> {
    let v = halfwidth(value);
    let v = v.trim();
    list.iter()
        .position(|t| t.id == v)
        .or_else(|| list.iter().position(|t| halfwidth(&t.name) == v))
}

/// `A-001` → `a-001`; `None` when the id has characters other than ASCII letters,
/// digits and separators (`サロン1` would lose its letters), or nothing is left.
pub fn slug(raw: &str) -> Option<String> {
    let t = halfwidth(raw).to_ascii_lowercase();
    let mut out = String::new();
    for c in t.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if matches!(c, '-' | '_' | ' ' | '.' | '/' | '#') {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            return None;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    (!out.is_empty()).then_some(out)
}

/// `r-` and 8 hex digits of FNV-1a over the parts, separated by U+001F.
pub fn hashed_id(parts: &[&str]) -> String {
    format!("r-{:08x}", super::fnv32(parts.join("\u{1f}").as_bytes()))
}

/// Write every planned file (each through a temporary file renamed into place).
fn write(root: &Path, planned: Vec<Planned>, diags: &mut Diagnostics) -> Option<Summary> {
    let mut summary = Summary::default();
    for p in planned {
        if p.existed.as_deref() == Some(p.text.as_str()) {
            summary.unchanged.push(p.rel);
            continue;
        }
        let path = root.join(&p.rel);
        let tmp = path.with_extension("md.import-tmp");
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&tmp, &p.text))
            .and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            diags.push(
                Diagnostic::error(Problem::Output {
                    detail: format!("{}: {e}", p.rel.display()),
                })
                .in_file(&p.rel),
            );
            return None;
        }
        if p.existed.is_some() {
            summary.updated.push(p.rel);
        } else {
            summary.added.push(p.rel);
        }
    }
    Some(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_the_id_column() {
        assert_eq!(slug("A-001").as_deref(), Some("a-001"));
        assert_eq!(slug("No. 12").as_deref(), Some("no-12"));
        assert_eq!(slug("ＡＢ＿１").as_deref(), Some("ab-1"));
        assert_eq!(slug("salon_kohoku").as_deref(), Some("salon-kohoku"));
        assert_eq!(slug("サロン1"), None);
        assert_eq!(slug("--"), None);
        assert_eq!(
            hashed_id(&["サロン", "鳥取市"]),
            hashed_id(&["サロン", "鳥取市"])
        );
        assert_ne!(
            hashed_id(&["サロン", "鳥取市"]),
            hashed_id(&["サロン鳥取市", ""])
        );
        assert!(hashed_id(&["a"]).starts_with("r-") && hashed_id(&["a"]).len() == 10);
    }
}
