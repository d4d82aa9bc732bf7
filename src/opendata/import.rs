//! `tsunagu import resources FILE`: a spreadsheet of places — a CSV file or an Excel
//! workbook — becomes one Markdown file per row under `content/<resources section>/`.
//!
//! 1. The file's first bytes say what it is ([`workbook::sniff`]): an Excel workbook
//!    (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`) or an OpenDocument spreadsheet (`.ods`) is read
//!    with `calamine` (see [`workbook`]); text is a CSV file; anything else (a Word file, a
//!    PDF, an encrypted workbook …) is one error saying what the file seems to be.
//!    A CSV file is read as UTF-8 (with or without BOM) or Shift_JIS/CP932; bytes neither
//!    can read are errors with their line and character.
//!    A workbook's first visible worksheet is read, or the one named by `--sheet`; its
//!    header is the first row with a 名称 column (or, without one, the first row that is
//!    not empty), and rows above it are skipped with a warning. Its cells become the text
//!    a CSV file would hold (numbers without `.0`, dates `YYYY-MM-DD`, times `HH:MM`,
//!    formulas their last value), so every later step is the CSV's.
//! 2. The header row is matched to the standard columns ([`Col`](super::columns::Col),
//!    common variants too); unknown columns are listed once as a warning.
//! 3. Every row is checked (values, [`super::phone`] numbers); a bad cell is an error
//!    「N行目の「列」: …」 naming the line of the file the cell is on and the column. The
//!    position printed after the file name is `line:column` of the start of the cell's
//!    value, in characters, as an editor counts them: lines end in `\n`, `\r\n` (as Excel
//!    writes) or `\r`, and a quoted line break inside a cell moves the following cells and
//!    rows down a line.
//!    In a workbook the error reads 「シート「S」のN行目 D列「列」: …」 with the row number
//!    and column letter Excel shows, and the position is `row:column number` (D is 4).
//!    A cell Excel shows as an error (`#N/A`, `#REF!` …) is an error there, and so is a
//!    phone number or postal code stored as a number that is no longer valid (Excel drops
//!    its leading 0).
//! 4. Only if no row is bad are files written: `<id>.md` with the id from the ID column
//!    (reduced to `[a-z0-9-]`), or `r-` and 8 hex digits of a fixed hash of 名称 and 住所
//!    (of the ID itself when it has letters other than ASCII).
//!    An existing file with that id is updated: columns present in the CSV replace their
//!    fields; everything else (body, `measures`, `photos`, `[extra]`, `[private]`,
//!    `closed_dates`, `[[schedule.dates]]` …) stays. An empty cell never removes a value
//!    from the file: the value stays, with a warning naming the file and the field. The
//!    front matter is edited in place (see [`super::merge`]): untouched lines, comments and
//!    the body stay byte for byte. A schedule whose cells match what the existing schedule
//!    exports is kept as it is, and a file whose values do not change is not rewritten.

use std::path::{Path, PathBuf};

mod cells;
mod rows;
mod schedule;
mod workbook;

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

/// Import `csv` (a CSV file or a workbook, as named to the user: messages cite this path)
/// into the site at `root`. `kind` is the 種別 for rows without a known one; `sheet` the
/// worksheet of a workbook to read (the first visible one without it). Problems go to
/// `diags`; `None` — and nothing written — if there was any error.
pub fn resources(
    root: &Path,
    config: &Config,
    csv: &Path,
    kind: Option<&str>,
    sheet: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Summary> {
    let mut found = Vec::new();
    let planned = plan(root, config, csv, kind, sheet, &mut found);
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
    sheet: Option<&str>,
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
    plan_bytes(root, config, csv, &bytes, sheet, default_kind, out)
}

/// Read and check the file `bytes` (a CSV file or a workbook, named `csv` in messages)
/// without writing anything; the number of files an import would write, or `None` after
/// an error. The entry point of the CSV fuzz target (`fuzz/`).
pub fn check_bytes(
    root: &Path,
    config: &Config,
    csv: &Path,
    bytes: &[u8],
    out: &mut Vec<Diagnostic>,
) -> Option<usize> {
    config.resources.as_ref()?;
    plan_bytes(root, config, csv, bytes, None, None, out).map(|p| p.len())
}

fn plan_bytes(
    root: &Path,
    config: &Config,
    csv: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
    default_kind: Option<String>,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<Planned>> {
    let rc = config.resources.as_ref()?;
    let table = match workbook::sniff(bytes) {
        workbook::Sniffed::Workbook(format) => workbook::read(csv, bytes, format, sheet, out)?,
        workbook::Sniffed::Other(what) => {
            out.push(workbook::not_a_table(csv, &what));
            return None;
        }
        workbook::Sniffed::Text => {
            if let Some(name) = sheet {
                out.push(workbook::sheet_of_csv(csv, name));
                return None;
            }
            let text = match decode::decode(bytes) {
                Ok((t, _)) => t,
                Err(e) => {
                    report_decode(csv, &e, out);
                    return None;
                }
            };
            read_table(csv, &text, out)?
        }
    };
    let ctx = Ctx {
        root,
        config,
        csv,
        sheet: table.sheet.as_deref(),
        sheet_names: &table.sheet_names,
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

/// One cell: its text (see [`values::clean`]) and where its value starts in the file
/// (for a workbook: its row and column number).
struct Cell {
    text: String,
    pos: Pos,
    kind: CellKind,
}

/// What a cell held before it became text: a CSV file's cells are all text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellKind {
    Text,
    /// A workbook's number (without its number format): a phone number or postal code
    /// stored as one has lost its leading 0.
    Number,
    /// A workbook's error value (`#N/A`, `#REF!` …): the text is that value.
    Error,
}

/// One record of the CSV file (one row of a worksheet): the line it starts on and its cells.
struct Record {
    line: usize,
    cells: Vec<Cell>,
}

/// The CSV: the header record and every data record that has a value; `sheet` names the
/// worksheet when the file is a workbook, `sheet_names` all of its worksheets.
struct Table {
    header: Record,
    rows: Vec<Record>,
    sheet: Option<String>,
    sheet_names: Vec<String>,
}

/// Line starts of a text whose lines end in `\r\n`, `\n` or a lone `\r` (the line ends
/// the CSV parser accepts), to turn byte offsets into line and character column.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        Lines { text, starts }
    }

    fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        Pos {
            line: line + 1,
            col: self.text[self.starts[line]..offset].chars().count() + 1,
        }
    }
}

/// Every record of `text` as raw fields, each with the byte offset where its value starts,
/// and the offset where the record starts. The fields are read one by one with `csv_core`
/// (the parser of the `csv` crate, with its default settings: `,` `"` and any of `\r\n`,
/// `\n`, `\r` ending a record, empty lines skipped), so that every cell knows its place:
/// the `csv` crate only tells where a record starts, and with `\r\n` line ends it tells
/// the line before (the `\n` is read as part of the next record).
fn records(text: &str) -> Vec<(usize, Vec<(String, usize)>)> {
    use csv_core::ReadFieldResult;
    let bytes = text.as_bytes();
    let mut reader = csv_core::Reader::new();
    // A field's text is never longer than the input.
    let mut out = vec![0u8; bytes.len().max(64)];
    let mut records = Vec::new();
    let mut fields: Vec<(String, usize)> = Vec::new();
    let mut record_start = 0;
    let mut field = Vec::new();
    let mut field_start = None;
    let mut at = 0;
    loop {
        let input = &bytes[at..];
        let start = *field_start.get_or_insert(at);
        let (result, read, written) = reader.read_field(input, &mut out);
        at += read;
        field.extend_from_slice(&out[..written]);
        match result {
            ReadFieldResult::InputEmpty if input.is_empty() => break,
            ReadFieldResult::InputEmpty => {}
            ReadFieldResult::OutputFull => {
                if written == 0 {
                    out.resize(out.len().saturating_mul(2), 0);
                }
            }
            ReadFieldResult::Field { record_end } => {
                let mut value = start;
                if fields.is_empty() {
                    // Line ends before a record (the `\n` of `\r\n`, empty lines).
                    while matches!(bytes.get(value), Some(b'\r' | b'\n')) {
                        value += 1;
                    }
                    record_start = value;
                }
                if bytes.get(value) == Some(&b'"') {
                    value += 1;
                }
                let raw = String::from_utf8_lossy(&field).into_owned();
                // The spaces before a value are not part of it (see `values::clean`).
                if !raw.trim().is_empty() {
                    while let Some(c) = text.get(value..at).and_then(|t| t.chars().next()) {
                        if !c.is_whitespace() {
                            break;
                        }
                        value += c.len_utf8();
                    }
                }
                fields.push((raw, value.min(bytes.len())));
                field.clear();
                field_start = None;
                if record_end {
                    records.push((record_start, std::mem::take(&mut fields)));
                }
            }
            ReadFieldResult::End => break,
        }
    }
    if !fields.is_empty() {
        records.push((record_start, fields));
    }
    records
}

fn read_table(csv: &Path, text: &str, out: &mut Vec<Diagnostic>) -> Option<Table> {
    let lines = Lines::new(text);
    let mut header = None;
    let mut rows = Vec::new();
    for (start, fields) in records(text) {
        let record = Record {
            line: lines.pos(start).line,
            cells: fields
                .into_iter()
                .map(|(raw, at)| Cell {
                    text: values::clean(&raw),
                    pos: lines.pos(at),
                    kind: CellKind::Text,
                })
                .collect(),
        };
        if header.is_none() {
            header = Some(record);
        } else if record.cells.iter().any(|c| !c.text.is_empty()) {
            rows.push(record);
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
    Some(Table {
        header,
        rows,
        sheet: None,
        sheet_names: Vec::new(),
    })
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

    /// Each record's line and its cells' (line, column).
    fn places(text: &str) -> Vec<(usize, Vec<(usize, usize)>)> {
        let mut out = Vec::new();
        let table = read_table(Path::new("t.csv"), text, &mut out).unwrap();
        assert!(out.is_empty());
        std::iter::once(&table.header)
            .chain(&table.rows)
            .map(|r| {
                let cells = r.cells.iter().map(|c| (c.pos.line, c.pos.col)).collect();
                (r.line, cells)
            })
            .collect()
    }

    #[test]
    fn cells_know_where_their_values_start() {
        let two = vec![(1, vec![(1, 1), (1, 3)]), (2, vec![(2, 1), (2, 3)])];
        assert_eq!(places("a,b\nc,d\n"), two);
        assert_eq!(places("a,b\r\nc,d\r\n"), two, "CRLF");
        assert_eq!(places("a,b\rc,d"), two, "CR, no final line end");
        assert_eq!(
            places("a,\"x\r\ny\"\r\nc, d\r\n"),
            vec![(1, vec![(1, 1), (1, 4)]), (3, vec![(3, 1), (3, 4)])],
            "a quoted line break; a value starts after the quote and the spaces"
        );
        assert_eq!(
            places("\r\n\r\na,b\r\n\r\nc,\r\n"),
            vec![(3, vec![(3, 1), (3, 3)]), (5, vec![(5, 1), (5, 3)])],
            "empty lines are skipped, an empty cell is where it would start"
        );
        assert_eq!(
            places("名称,住所\r\nサロン,\"鳥取\"\"市\"\"\"\r\n"),
            vec![(1, vec![(1, 1), (1, 4)]), (2, vec![(2, 1), (2, 6)])],
            "columns in characters"
        );
        let mut out = Vec::new();
        let t = read_table(
            Path::new("t.csv"),
            "名称,住所\r\nサロン,\"鳥取\"\"市\"\"\"\r\n",
            &mut out,
        )
        .unwrap();
        assert_eq!(t.rows[0].cells[1].text, "鳥取\"市\"");
    }

    /// The records the csv crate reads from `text` (no header, rows of any length).
    fn csv_crate_records(text: &str) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn cells_are_the_csv_crates_records() {
        let text =
            "ID,名称,備考\r\nx,\"a\"\"b\",\"1\n2\"\r\n\r\ny,  c ,\"d\"e\r\nz\n\"unclosed,\r\n";
        let want: Vec<Vec<String>> = csv_crate_records(text)
            .iter()
            .map(|r| r.iter().map(|c| values::clean(c)).collect())
            .collect();
        let mut out = Vec::new();
        let t = read_table(Path::new("t.csv"), text, &mut out).unwrap();
        let got: Vec<Vec<String>> = std::iter::once(&t.header)
            .chain(&t.rows)
            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn every_short_text_parses_like_the_csv_crate_and_points_at_its_values() {
        const ALPHABET: [char; 6] = ['a', ',', '"', '\r', '\n', ' '];
        // Every text of 1 to 5 of these characters (9,330 texts).
        let mut layer = vec![String::new()];
        let mut texts = Vec::new();
        for _ in 0..5 {
            layer = (layer.iter())
                .flat_map(|t| ALPHABET.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(layer.iter().cloned());
        }
        for text in &texts {
            let want = csv_crate_records(text);
            let got = records(text);
            let cells: Vec<Vec<String>> = got
                .iter()
                .map(|(_, r)| r.iter().map(|(raw, _)| raw.clone()).collect())
                .collect();
            assert_eq!(cells, want, "{text:?}");
            for (start, fields) in &got {
                assert!(!matches!(text.as_bytes().get(*start), Some(b'\r' | b'\n')));
                for (raw, at) in fields {
                    let first = raw.trim_start().chars().next();
                    // At the value's first character (or, in a badly quoted cell like
                    // `""a`, at a quote before it).
                    if let Some(c) = first {
                        let here = &text[*at..];
                        assert!(
                            here.starts_with(c) || here.starts_with('"'),
                            "{text:?}: {raw:?} at {at}"
                        );
                    }
                }
            }
        }
    }
}
