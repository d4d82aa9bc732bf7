//! Excel workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`) and OpenDocument spreadsheets
//! (`.ods`), read with `calamine` into the same [`Table`] a CSV file becomes, so that every
//! check after it is the CSV's.
//!
//! - What a file is comes from its first bytes ([`sniff`]), not its name: a zip with
//!   `xl/workbook.xml` is an `.xlsx`, an OLE compound file an `.xls` (or an encrypted
//!   workbook, which is said so), text is CSV. Anything else is one error naming what the
//!   file seems to be.
//! - The first visible worksheet is read, or the one `--sheet` names.
//! - The header is the first row with a 名称 column, or (without one) the first row that
//!   is not empty; rows above it (a title, a date) are skipped with a warning. Empty rows
//!   and columns around the table are skipped as in a CSV file.
//! - A cell becomes the text the CSV file Excel saves would hold, in a form the checks
//!   read: text as it is, numbers with up to 15 significant digits and no `.0`
//!   (`6800001`), dates `2026-04-01`, times `10:00` (`10:00:30` with seconds), date-times
//!   `2026-04-01 10:00`, TRUE/FALSE, a formula its last calculated value. An error value
//!   (`#N/A`) and a number are marked ([`CellKind`]) for the checks to report.
//! - Positions are the row number and column number as Excel shows them (column D is 4).

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{
    Data, ExcelDateTime, Ods, OdsError, Reader, SheetType, SheetVisible, Sheets, Xls, XlsError,
    Xlsb, XlsbError, Xlsx, XlsxError, open_workbook_from_rs,
};

use super::{Cell, CellKind, Record, Table, field_error};
use crate::diagnostics::{Diagnostic, Pos, Severity};
use crate::opendata::columns::{Col, halfwidth};
use crate::opendata::values;

/// The first bytes of an OLE compound file: `.xls`, and also an encrypted `.xlsx`, a `.doc`.
const OLE: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";

/// What a file's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    /// Text: read as CSV.
    Text,
    /// A workbook calamine reads.
    Workbook(Format),
    /// Neither: what it seems to be.
    Other(What),
}

/// The kind of workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    /// `.xls`, or an OLE file that is something else (calamine says which).
    Xls,
    Ods,
}

/// What a file that is no table seems to be, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct What {
    pub ja: &'static str,
    pub en: &'static str,
}

const HINT_JA: &str = "Excel で開き、「名前を付けて保存」で「CSV UTF-8（コンマ区切り）」を選んで保存するか、.xlsx のまま指定してください。";
const HINT_EN: &str =
    "open it in Excel and save it as \"CSV UTF-8 (Comma delimited)\", or give the .xlsx itself";
const BROKEN_HINT_JA: &str = "Excel で開けるか確かめてください。開けるなら「名前を付けて保存」で保存し直してから、もう一度指定してください（コピーが途中で終わったファイルなどは開けません）。";
const BROKEN_HINT_EN: &str =
    "check that Excel opens it; if it does, save it again and give the new file";

/// What `bytes` are: a workbook, text (CSV), or something else. The file's name is not
/// consulted: it can be wrong (an .xls that is a web page, a CSV named .xlsx), the bytes
/// cannot.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    const fn other(ja: &'static str, en: &'static str) -> Sniffed {
        Sniffed::Other(What { ja, en })
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(OLE) {
        return Sniffed::Workbook(Format::Xls);
    }
    if bytes.starts_with(b"%PDF") {
        return other("PDF ファイル", "a PDF file");
    }
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return other(
            "UTF-16 のテキスト（Excel の「Unicode テキスト」形式）",
            "UTF-16 text (Excel's \"Unicode Text\")",
        );
    }
    if bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(b"\xff\xd8\xff")
        || bytes.starts_with(b"GIF8")
    {
        return other("画像ファイル", "an image");
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return other("テキストではないファイル", "binary data, not text");
    }
    let start = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = start.trim_ascii_start();
    let head = start[..start.len().min(14)].to_ascii_lowercase();
    if head.starts_with(b"<!doctype html") || head.starts_with(b"<html") {
        return other("Web ページ（HTML）のファイル", "a web page (HTML) file");
    }
    if head.starts_with(b"<?xml") {
        return other("XML のファイル", "an XML file");
    }
    Sniffed::Text
}

/// A zip: a workbook by the parts it holds, or what else it is.
fn sniff_zip(bytes: &[u8]) -> Sniffed {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Most likely a workbook cut short (a copy that did not finish …): calamine says
        // why it cannot open it.
        return Sniffed::Workbook(Format::Xlsx);
    };
    let has = |name: &str| zip.index_for_name(name).is_some();
    if has("xl/workbook.xml") {
        return Sniffed::Workbook(Format::Xlsx);
    }
    if has("xl/workbook.bin") {
        return Sniffed::Workbook(Format::Xlsb);
    }
    let word = has("word/document.xml");
    let powerpoint = has("ppt/presentation.xml");
    let mut mimetype = String::new();
    if let Ok(mut f) = zip.by_name("mimetype") {
        let _ = f.by_ref().take(200).read_to_string(&mut mimetype);
    }
    let mimetype = mimetype.trim();
    if mimetype == "application/vnd.oasis.opendocument.spreadsheet" {
        return Sniffed::Workbook(Format::Ods);
    }
    Sniffed::Other(if word {
        What {
            ja: "Word の文書（.docx）",
            en: "a Word document (.docx)",
        }
    } else if powerpoint {
        What {
            ja: "PowerPoint のファイル（.pptx）",
            en: "a PowerPoint file (.pptx)",
        }
    } else if mimetype.starts_with("application/vnd.oasis.opendocument.") {
        What {
            ja: "表計算ではない OpenDocument のファイル（.odt など）",
            en: "an OpenDocument file that is not a spreadsheet (.odt …)",
        }
    } else {
        What {
            ja: "ZIP 形式のファイル（Excel のブックではありません）",
            en: "a zip file that is not a workbook",
        }
    })
}

/// The error for a file that is neither CSV nor a workbook.
pub(super) fn not_a_table(file: &Path, what: &What) -> Diagnostic {
    field_error(
        file,
        format!(
            "このファイルは{}のようで、相談先の一覧として読めません。読めるのは CSV ファイルと Excel のブック（.xlsx・.xlsm・.xls）、.ods です。",
            what.ja
        ),
        format!(
            "this file seems to be {}: only CSV files and workbooks (.xlsx, .xlsm, .xls, .ods) can be imported",
            what.en
        ),
    )
    .hint(HINT_JA, HINT_EN)
}

/// The error for `--sheet` with a CSV file.
pub(super) fn sheet_of_csv(file: &Path, name: &str) -> Diagnostic {
    field_error(
        file,
        format!(
            "--sheet（「{name}」）は Excel のブックを読むときだけ使えます。このファイルは CSV（テキスト）です。"
        ),
        format!("--sheet (`{name}`) is for workbooks; this file is CSV text"),
    )
    .hint(
        "CSV ファイルなら --sheet を付けずに、ブックなら .xlsx のファイルを指定してください。",
        "leave out --sheet for a CSV file, or give the .xlsx file",
    )
    .field("--sheet")
}

/// 「読んだのはシート「S」です。…」: which sheet was read and how to read another.
pub(super) fn other_sheets_hint(sheet: &str, names: &[String]) -> (String, String) {
    if names.len() > 1 {
        (
            format!(
                "読んだのはシート「{sheet}」です。ほかのシートを読むときは --sheet でシートの名前を指定してください（このブックのシート: {}）。",
                quoted_ja(names)
            ),
            format!(
                "sheet `{sheet}` was read; give --sheet to read another ({})",
                quoted_en(names)
            ),
        )
    } else {
        (
            "表の一番上の行に「名称」「住所」などの列名を書いてください。".into(),
            "write the column names (名称, 住所 …) in the table's first row".into(),
        )
    }
}

fn quoted_ja(names: &[String]) -> String {
    names.iter().map(|n| format!("「{n}」")).collect()
}

fn quoted_en(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `A` for column 1, `Z` for 26, `AA` for 27: the letters Excel shows above a column.
pub fn column_letters(col: usize) -> String {
    let mut n = col;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Why a workbook could not be opened.
enum OpenError {
    Encrypted,
    /// An `.ods` whose used area is larger than calamine reads (it reads every sheet as
    /// the workbook is opened): the number of cells it allows.
    TooLarge(usize),
    Broken(String),
}

fn open(bytes: &[u8], format: Format) -> Result<Sheets<Cursor<&[u8]>>, OpenError> {
    let cursor = Cursor::new(bytes);
    let broken = |e: &dyn std::fmt::Display| OpenError::Broken(e.to_string());
    match format {
        Format::Xlsx => match open_workbook_from_rs::<Xlsx<_>, _>(cursor) {
            Ok(w) => Ok(Sheets::Xlsx(w)),
            Err(XlsxError::Password) => Err(OpenError::Encrypted),
            Err(e) => Err(broken(&e)),
        },
        Format::Xlsb => match open_workbook_from_rs::<Xlsb<_>, _>(cursor) {
            Ok(w) => Ok(Sheets::Xlsb(w)),
            Err(XlsbError::Password) => Err(OpenError::Encrypted),
            Err(e) => Err(broken(&e)),
        },
        Format::Ods => match open_workbook_from_rs::<Ods<_>, _>(cursor) {
            Ok(w) => Ok(Sheets::Ods(w)),
            Err(OdsError::Password) => Err(OpenError::Encrypted),
            Err(OdsError::CellLimitExceeded { max, .. }) => Err(OpenError::TooLarge(max)),
            Err(e) => Err(broken(&e)),
        },
        Format::Xls => match open_workbook_from_rs::<Xls<_>, _>(cursor.clone()) {
            Ok(w) => Ok(Sheets::Xls(w)),
            Err(XlsError::Password) => Err(OpenError::Encrypted),
            Err(e) => {
                // An encrypted .xlsx or .xlsb is an OLE file holding an EncryptedPackage.
                match open_workbook_from_rs::<Xlsx<_>, _>(cursor) {
                    Err(XlsxError::Password) => Err(OpenError::Encrypted),
                    _ => Err(broken(&e)),
                }
            }
        },
    }
}

/// Read the worksheet `sheet` (or the first visible one) of the workbook `bytes` into a
/// [`Table`]; `None` after an error.
pub(super) fn read(
    file: &Path,
    bytes: &[u8],
    format: Format,
    sheet: Option<&str>,
    out: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let mut book = match open(bytes, format) {
        Ok(b) => b,
        Err(OpenError::Encrypted) => {
            out.push(
                field_error(
                    file,
                    "このブックはパスワードで保護（暗号化）されているため、読めません。".into(),
                    "the workbook is protected with a password (encrypted) and cannot be read"
                        .into(),
                )
                .hint(
                    "Excel で開き、「ファイル」→「情報」→「ブックの保護」でパスワードを外して保存し直すか、「CSV UTF-8（コンマ区切り）」で保存したファイルを指定してください。",
                    "remove the password in Excel (File → Info → Protect Workbook) and save again, or save it as \"CSV UTF-8\"",
                ),
            );
            return None;
        }
        Err(OpenError::TooLarge(max)) => {
            out.push(too_large(file, None, max));
            return None;
        }
        Err(OpenError::Broken(detail)) => {
            let kind_ja = if format == Format::Xls {
                "Excel 97-2003 のブック（.xls）として読めません。Word の文書（.doc）など別のファイルか、壊れています"
            } else {
                "Excel のブックとして開けません。ファイルが壊れているようです"
            };
            out.push(
                field_error(
                    file,
                    format!("{kind_ja}（{detail}）。"),
                    format!("the workbook cannot be read ({detail})"),
                )
                .hint(BROKEN_HINT_JA, BROKEN_HINT_EN),
            );
            return None;
        }
    };
    let sheets: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    let names: Vec<String> = sheets.iter().map(|(n, _)| n.clone()).collect();
    let name = match sheet {
        Some(want) => match find_sheet(&names, want) {
            Some(n) => n,
            None => {
                out.push(unknown_sheet(file, want, &names));
                return None;
            }
        },
        None => match sheets
            .iter()
            .find(|(_, visible)| *visible)
            .or(sheets.first())
        {
            Some((n, _)) => n.clone(),
            None => {
                out.push(field_error(
                    file,
                    "このブックには表のシート（ワークシート）がありません。".into(),
                    "the workbook has no worksheet".into(),
                ));
                return None;
            }
        },
    };
    let cells = match used_cells(&mut book, &name) {
        Ok(c) => c,
        Err(Unread::TooMany) => {
            out.push(
                field_error(
                    file,
                    format!(
                        "シート「{name}」は大きすぎて読めません（値の入ったセルが{MAX_CELLS}個を超えています）。"
                    ),
                    format!("sheet `{name}` is too large to read (over {MAX_CELLS} cells with a value)"),
                )
                .hint(
                    "相談先・居場所の一覧だけを新しいシートに貼り付けて保存し、そのシートを --sheet で指定してください。",
                    "copy the list alone to a new sheet, save, and give that sheet with --sheet",
                ),
            );
            return None;
        }
        Err(Unread::Broken(e)) => {
            out.push(
                field_error(
                    file,
                    format!("シート「{name}」を読めません（{e}）。"),
                    format!("sheet `{name}` cannot be read ({e})"),
                )
                .hint(BROKEN_HINT_JA, BROKEN_HINT_EN),
            );
            return None;
        }
    };
    let Some(records) = records(cells) else {
        out.push(too_large(file, Some(&name), MAX_CELLS));
        return None;
    };
    table(file, name, names, records, out)
}

/// At most this many cells with a value are read from a sheet, and made into rows: a list of
/// places has far fewer (10,000 rows of 100 columns is a million). A sheet with more is
/// refused instead of filling the memory.
const MAX_CELLS: usize = 5_000_000;

enum Unread {
    TooMany,
    Broken(String),
}

/// The cells of sheet `name` holding a value: (row, column, value), counted from 0.
///
/// `.xlsx` and `.xlsb` are read a cell at a time, so that a workbook whose used area is
/// huge (one stray value in XFD1048576 makes it 17 billion cells) costs only the cells it
/// has: calamine's `worksheet_range` allocates the whole area, and such a file took all
/// of this machine's 23 GB before the system stopped it. `.xls` cannot be larger than
/// 65,536 × 256 and calamine stops an `.ods` at 100 million cells; those are read whole.
fn used_cells(
    book: &mut Sheets<Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<(u32, u32, Data)>, Unread> {
    type Cells = Vec<(u32, u32, Data)>;
    fn keep(cells: &mut Cells, (row, col): (u32, u32), data: Data) -> Result<(), Unread> {
        if data == Data::Empty {
            return Ok(());
        }
        if cells.len() == MAX_CELLS {
            return Err(Unread::TooMany);
        }
        cells.push((row, col, data));
        Ok(())
    }
    let mut cells = Vec::new();
    let broken = |e: &dyn std::fmt::Display| Unread::Broken(e.to_string());
    /// Every cell a cell reader gives (the .xlsx and .xlsb readers are two types).
    fn drain<'a, E: std::fmt::Display>(
        cells: &mut Cells,
        mut next: impl FnMut() -> Result<Option<calamine::Cell<calamine::DataRef<'a>>>, E>,
    ) -> Result<(), Unread> {
        while let Some(cell) = next().map_err(|e| Unread::Broken(e.to_string()))? {
            keep(cells, cell.get_position(), cell.get_value().clone().into())?;
        }
        Ok(())
    }
    match &mut *book {
        Sheets::Xlsx(x) => {
            let mut reader = x.worksheet_cells_reader(name).map_err(|e| broken(&e))?;
            drain(&mut cells, || reader.next_cell())?;
        }
        Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(name).map_err(|e| broken(&e))?;
            drain(&mut cells, || reader.next_cell())?;
        }
        other => {
            let range = other.worksheet_range(name).map_err(|e| broken(&e))?;
            let (row0, col0) = range.start().unwrap_or((0, 0));
            for (r, c, data) in range.used_cells() {
                keep(&mut cells, (row0 + r as u32, col0 + c as u32), data.clone())?;
            }
        }
    }
    // A cell merged over several rows (種別 typed once for the rows of a group) holds its
    // value in its first row only: each of its rows gets it, in its first column. The
    // value of a cell merged across columns stays in the first, where it already is.
    let merged = match book {
        Sheets::Xlsx(x) => x.worksheet_merge_cells(name).and_then(Result::ok),
        Sheets::Xls(x) => x.worksheet_merge_cells(name),
        _ => None,
    };
    let mut spread = Vec::new();
    if let Some(regions) = merged.filter(|r| !r.is_empty()) {
        let at: std::collections::HashMap<(u32, u32), usize> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| ((c.0, c.1), i))
            .collect();
        for region in regions {
            let ((top, left), (bottom, _)) = (region.start, region.end);
            let Some(&first) = at.get(&(top, left)) else {
                continue;
            };
            for row in top.saturating_add(1)..=bottom {
                if !at.contains_key(&(row, left)) {
                    spread.push(((row, left), cells[first].2.clone()));
                }
            }
        }
    }
    for (place, data) in spread {
        keep(&mut cells, place, data)?;
    }
    Ok(cells)
}

/// The rows holding a value, each with a cell for every column from the leftmost to the
/// rightmost used anywhere in the sheet (as the sheet's used area has them: what a CSV
/// file saved from it would hold). `None` if that is more than [`MAX_CELLS`] cells.
fn records(mut cells: Vec<(u32, u32, Data)>) -> Option<Vec<Record>> {
    cells.sort_by_key(|&(row, col, _)| (row, col));
    let col0 = cells.iter().map(|c| c.1).min().unwrap_or(0) as usize;
    let width = cells
        .iter()
        .map(|c| c.1 as usize + 1 - col0)
        .max()
        .unwrap_or(0);
    let mut rows: Vec<u32> = cells.iter().map(|c| c.0).collect();
    rows.dedup();
    if rows.len().saturating_mul(width) > MAX_CELLS {
        return None;
    }
    let mut records: Vec<Record> = Vec::with_capacity(rows.len());
    let mut cells = cells.into_iter().peekable();
    for row in rows {
        let line = row as usize + 1;
        let mut record = Record {
            line,
            cells: Vec::with_capacity(width),
        };
        for j in 0..width {
            let col = (col0 + j) as u32;
            let data = cells.next_if(|c| c.0 == row && c.1 == col).map(|c| c.2);
            let (text, kind) = cell_text(data.as_ref().unwrap_or(&Data::Empty));
            record.cells.push(Cell {
                text: values::clean(&text),
                pos: Pos {
                    line,
                    col: col0 + j + 1,
                },
                kind,
            });
        }
        records.push(record);
    }
    Some(records)
}

/// A sheet (`None`: one of the workbook's) whose table spans more than `max` cells: most
/// often one stray value far from it.
fn too_large(file: &Path, sheet: Option<&str>, max: usize) -> Diagnostic {
    let (ja, en) = match sheet {
        Some(name) => (format!("シート「{name}」の表"), format!("sheet `{name}`")),
        None => (
            "このブックのシート".to_string(),
            "a sheet of the workbook".to_string(),
        ),
    };
    field_error(
        file,
        format!("{ja}が大きすぎて読めません（表の範囲が{max}セルを超えています）。"),
        format!("{en} is too large to read (its table spans over {max} cells)"),
    )
    .hint(
        "表から遠く離れたセル（ずっと右や下）に何か入っていないか確かめ、あれば消して保存し直してください。",
        "look for a cell far right of or below the table holding something, delete it and save again",
    )
}

/// The header and data rows of a worksheet's rows.
fn table(
    file: &Path,
    name: String,
    names: Vec<String>,
    mut records: Vec<Record>,
    out: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let filled = |r: &Record| r.cells.iter().any(|c| !c.text.is_empty());
    let header_at = records
        .iter()
        .position(|r| {
            r.cells
                .iter()
                .any(|c| Col::from_header(&c.text) == Some(Col::Name))
        })
        .or_else(|| records.iter().position(filled));
    let Some(at) = header_at else {
        let (hint_ja, hint_en) = other_sheets_hint(&name, &names);
        out.push(
            field_error(
                file,
                format!("シート「{name}」には何も入力されていません。"),
                format!("sheet `{name}` is empty"),
            )
            .hint(hint_ja, hint_en),
        );
        return None;
    };
    let rows = records.split_off(at + 1);
    let header = records.pop()?;
    let above: Vec<usize> = records
        .iter()
        .filter(|r| filled(r))
        .map(|r| r.line)
        .collect();
    if let (Some(first), Some(last)) = (above.first(), above.last()) {
        let (lines, lines_en) = if first == last {
            (format!("{first}行目"), format!("row {first}"))
        } else {
            (
                format!("{first}〜{last}行目"),
                format!("rows {first} to {last}"),
            )
        };
        let mut d = field_error(
            file,
            format!(
                "シート「{name}」の{}行目を見出しとして読み、その上の{lines}は表の題などとみなして読み込みませんでした。",
                header.line
            ),
            format!(
                "sheet `{name}`: row {} was read as the header; what is above it ({lines_en}) was skipped as a title",
                header.line
            ),
        )
        .hint(
            "見出しの行がちがうときは、表の上の行を消すか、見出しの行に「名称」の列があるか確かめてください。",
            "if that is not the header, delete the rows above the table, or check that the header has a 名称 column",
        )
        .at(Pos {
            line: header.line,
            col: 1,
        });
        d.severity = Severity::Warning;
        out.push(d);
    }
    let rows = rows.into_iter().filter(filled).collect();
    Some(Table {
        header,
        rows,
        sheet: Some(name),
        sheet_names: names,
    })
}

/// The worksheet named `want`: exactly, or with full-width letters, spaces and case
/// aside (「ｓｈｅｅｔ１」 for `Sheet1`).
fn find_sheet(names: &[String], want: &str) -> Option<String> {
    if let Some(n) = names.iter().find(|n| *n == want) {
        return Some(n.clone());
    }
    let loose = |s: &str| halfwidth(s).trim().to_lowercase();
    let want = loose(want);
    names.iter().find(|n| loose(n) == want).cloned()
}

fn unknown_sheet(file: &Path, want: &str, names: &[String]) -> Diagnostic {
    field_error(
        file,
        format!("シート「{want}」はこのブックにありません。"),
        format!("the workbook has no sheet `{want}`"),
    )
    .hint(
        format!(
            "このブックのシートは{}です。--sheet にはこのどれかを書いてください。",
            quoted_ja(names)
        ),
        format!(
            "its sheets are {}; give one of them with --sheet",
            quoted_en(names)
        ),
    )
    .field("--sheet")
}

/// A cell as the text the checks read, and what it held.
fn cell_text(data: &Data) -> (String, CellKind) {
    match data {
        Data::Empty => (String::new(), CellKind::Text),
        Data::String(s) => (s.clone(), CellKind::Text),
        Data::Int(i) => (i.to_string(), CellKind::Number),
        Data::Float(f) => (number_text(*f), CellKind::Number),
        Data::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).into(), CellKind::Text),
        Data::DateTime(d) => (date_time_text(d), CellKind::Text),
        Data::DateTimeIso(s) => (iso_date_time_text(s), CellKind::Text),
        Data::DurationIso(s) => (iso_duration_text(s), CellKind::Text),
        Data::Error(e) => (e.to_string(), CellKind::Error),
    }
}

/// A number as Excel's General format shows it: whole numbers without `.0`, others with at
/// most 15 significant digits (`0.1 + 0.2` is `0.3`).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    if !f.is_finite() {
        return f.to_string();
    }
    format!("{f:.14e}")
        .parse::<f64>()
        .map_or_else(|_| f.to_string(), |r| r.to_string())
}

/// `HH:MM`, or `HH:MM:SS` when there are seconds.
fn clock(h: u32, m: u32, s: u32) -> String {
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// An Excel date, time or duration: `2026-04-01`, `10:00`, `2026-04-01 10:00`, `36:00`.
fn date_time_text(d: &ExcelDateTime) -> String {
    use chrono::Timelike;
    let v = d.as_f64();
    if d.is_duration() {
        let secs = (v * 86_400.0).round();
        if !(0.0..1e12).contains(&secs) {
            return number_text(v);
        }
        let secs = secs as u64;
        let (h, m, s) = (secs / 3600, secs / 60 % 60, (secs % 60) as u32);
        return match u32::try_from(h) {
            Ok(h) => clock(h, m as u32, s),
            Err(_) => number_text(v),
        };
    }
    let Some(dt) = d.as_datetime() else {
        return number_text(v);
    };
    let time = clock(dt.hour(), dt.minute(), dt.second());
    if (0.0..1.0).contains(&v) {
        // A time without a date (Excel stores 10:00 as 0.41666…).
        time
    } else if dt.time() == chrono::NaiveTime::MIN {
        dt.format("%Y-%m-%d").to_string()
    } else {
        format!("{} {time}", dt.format("%Y-%m-%d"))
    }
}

/// An OpenDocument date or date-time (`2026-04-01`, `2026-04-01T10:00:00`) as an Excel one.
fn iso_date_time_text(s: &str) -> String {
    use chrono::{NaiveDateTime, NaiveTime, Timelike};
    match NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        Ok(dt) if dt.time() == NaiveTime::MIN => dt.format("%Y-%m-%d").to_string(),
        Ok(dt) => format!(
            "{} {}",
            dt.format("%Y-%m-%d"),
            clock(dt.hour(), dt.minute(), dt.second())
        ),
        Err(_) => s.to_string(),
    }
}

/// An OpenDocument time (`PT10H00M00S`, an ISO 8601 duration) as `10:00`.
fn iso_duration_text(s: &str) -> String {
    let Some(rest) = s.strip_prefix("PT") else {
        return s.to_string();
    };
    let mut total = 0.0;
    let mut number = String::new();
    for c in rest.chars() {
        let unit = match c {
            'H' => 3600.0,
            'M' => 60.0,
            'S' => 1.0,
            _ => {
                number.push(c);
                continue;
            }
        };
        match number.parse::<f64>() {
            Ok(n) => total += n * unit,
            Err(_) => return s.to_string(),
        }
        number.clear();
    }
    if !number.is_empty() || !(0.0..1e9).contains(&total) {
        return s.to_string();
    }
    let secs = total.round() as u64;
    clock(
        (secs / 3600) as u32,
        (secs / 60 % 60) as u32,
        (secs % 60) as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTimeType};

    #[test]
    fn column_letters_as_excel_shows_them() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(4), "D");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(52), "AZ");
        assert_eq!(column_letters(703), "AAA");
        assert_eq!(column_letters(16_384), "XFD");
    }

    fn excel(v: f64, kind: ExcelDateTimeType) -> String {
        cell_text(&Data::DateTime(ExcelDateTime::new(v, kind, false))).0
    }

    #[test]
    fn cells_read_as_the_csv_file_would_hold_them() {
        let text = |d: Data| cell_text(&d);
        assert_eq!(
            text(Data::Float(6_800_001.0)),
            ("6800001".into(), CellKind::Number)
        );
        assert_eq!(text(Data::Int(189)), ("189".into(), CellKind::Number));
        assert_eq!(text(Data::Float(35.51)).0, "35.51");
        assert_eq!(text(Data::Float(0.1 + 0.2)).0, "0.3");
        assert_eq!(text(Data::Float(-2.5)).0, "-2.5");
        assert_eq!(text(Data::Bool(true)).0, "TRUE");
        assert_eq!(
            text(Data::Error(CellErrorType::NA)),
            ("#N/A".into(), CellKind::Error)
        );
        assert_eq!(
            text(Data::String("0857-23-0001".into())),
            ("0857-23-0001".into(), CellKind::Text)
        );
        // 2026-04-01 is day 46113 of Excel's 1900 calendar; 10:00 is 10/24 of a day.
        let dt = ExcelDateTimeType::DateTime;
        assert_eq!(excel(46_113.0, dt), "2026-04-01");
        assert_eq!(excel(10.0 / 24.0, dt), "10:00");
        assert_eq!(excel(9.5 / 24.0, dt), "09:30");
        assert_eq!(excel((10.0 * 3600.0 + 30.0) / 86_400.0, dt), "10:00:30");
        assert_eq!(excel(46_113.0 + 13.5 / 24.0, dt), "2026-04-01 13:30");
        assert_eq!(excel(1.5, ExcelDateTimeType::TimeDelta), "36:00");
        // The 1904 calendar (old Mac workbooks) counts from 1904-01-01.
        let mac = ExcelDateTime::new(44_651.0, dt, true);
        assert_eq!(cell_text(&Data::DateTime(mac)).0, "2026-04-01");
        // OpenDocument spreadsheets.
        assert_eq!(text(Data::DateTimeIso("2026-04-01".into())).0, "2026-04-01");
        assert_eq!(
            text(Data::DateTimeIso("2026-04-01T00:00:00".into())).0,
            "2026-04-01"
        );
        assert_eq!(
            text(Data::DateTimeIso("2026-04-01T13:30:00".into())).0,
            "2026-04-01 13:30"
        );
        assert_eq!(text(Data::DurationIso("PT10H00M00S".into())).0, "10:00");
        assert_eq!(text(Data::DurationIso("PT09H30M00S".into())).0, "09:30");
        assert_eq!(text(Data::DurationIso("PT1X".into())).0, "PT1X");
    }

    #[test]
    fn sheets_are_found_by_name_full_width_or_not() {
        let names = vec!["施設一覧".to_string(), "Sheet2".to_string()];
        assert_eq!(find_sheet(&names, "施設一覧").as_deref(), Some("施設一覧"));
        assert_eq!(
            find_sheet(&names, "ｓｈｅｅｔ２ ").as_deref(),
            Some("Sheet2")
        );
        assert_eq!(find_sheet(&names, "Sheet3"), None);
    }

    #[test]
    fn files_are_told_apart_by_their_first_bytes() {
        assert_eq!(sniff("名称,住所\r\n".as_bytes()), Sniffed::Text);
        assert_eq!(sniff(b""), Sniffed::Text);
        assert_eq!(sniff(OLE), Sniffed::Workbook(Format::Xls));
        assert!(matches!(sniff(b"%PDF-1.7\n"), Sniffed::Other(_)));
        assert_eq!(sniff(b"PK\x03\x04cut"), Sniffed::Workbook(Format::Xlsx));
        assert!(matches!(sniff(b"\xff\xfeI\0D\0"), Sniffed::Other(_)));
        assert!(matches!(
            sniff(b"\xef\xbb\xbf <!DOCTYPE html><table>"),
            Sniffed::Other(_)
        ));
    }
}
