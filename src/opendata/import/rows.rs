//! One CSV row → one resource's front matter: the header, ids, 名称・種別・地域 and the
//! plain text columns. Checked values are in [`super::cells`].

use std::collections::BTreeMap;
use std::path::Path;

use super::workbook::column_letters;
use super::{CellKind, Planned, Table, field_error, find_term, hashed_id, known_hint, slug};
use crate::config::{Config, Term};
use crate::content::resource::ResourceFront;
use crate::diagnostics::{Diagnostic, Pos, Problem, Severity};
use crate::opendata::columns::Col;
use crate::opendata::merge::{self, Existing};
use crate::opendata::values::BadValue;

pub(super) struct Ctx<'a> {
    pub(super) root: &'a Path,
    pub(super) config: &'a Config,
    pub(super) csv: &'a Path,
    /// The worksheet read, when the file is a workbook.
    pub(super) sheet: Option<&'a str>,
    /// Every worksheet of that workbook, for hints.
    pub(super) sheet_names: &'a [String],
    pub(super) section: String,
    pub(super) kinds: &'a [Term],
    pub(super) audiences: &'a [Term],
    pub(super) accessibility: &'a [Term],
    pub(super) default_kind: Option<String>,
}

/// A data row's cells by column.
pub(super) struct Row<'r> {
    /// The line the row starts on.
    pub(super) line: usize,
    pub(super) cells: BTreeMap<Col, RowCell<'r>>,
}

/// One cell of a row: where the value starts, the header as written, the value, and what
/// the workbook held.
pub(super) struct RowCell<'r> {
    pos: Pos,
    header: &'r str,
    value: &'r str,
    kind: CellKind,
}

impl Row<'_> {
    /// The cell's value; `None` for a column the file does not have, and for an error
    /// cell (`#N/A` …), which is reported once by itself.
    pub(super) fn get(&self, c: Col) -> Option<&str> {
        self.cells
            .get(&c)
            .filter(|cell| cell.kind != CellKind::Error)
            .map(|cell| cell.value)
    }

    /// Whether the workbook stored the cell as a number.
    pub(super) fn is_number(&self, c: Col) -> bool {
        self.cells
            .get(&c)
            .is_some_and(|cell| cell.kind == CellKind::Number)
    }
}

impl Ctx<'_> {
    fn header_warnings(&self, table: &Table, out: &mut Vec<Diagnostic>) -> Vec<Option<Col>> {
        let mut cols = Vec::new();
        let mut unknown = Vec::new();
        let mut seen: BTreeMap<Col, &str> = BTreeMap::new();
        let header_line = table.header.line;
        for (i, cell) in table.header.cells.iter().enumerate() {
            let h = cell.text.as_str();
            let col = Col::from_header(h);
            match col {
                Some(c) => {
                    if let Some(first) = seen.get(&c) {
                        out.push(self.warning(
                            cell.pos,
                            format!("列「{h}」は列「{first}」と同じ項目のため、読み込みません。"),
                            format!("the column `{h}` means the same as `{first}` and is ignored"),
                        ));
                        cols.push(None);
                        continue;
                    }
                    seen.insert(c, h);
                }
                None => {
                    let has_data = table
                        .rows
                        .iter()
                        .any(|r| r.cells.get(i).is_some_and(|v| !v.text.is_empty()));
                    if !h.is_empty() {
                        unknown.push((format!("「{h}」"), format!("`{h}`")));
                    } else if has_data && self.sheet.is_some() {
                        let letters = column_letters(cell.pos.col);
                        unknown.push((
                            format!("{letters}列（見出しなし）"),
                            format!("column {letters} (no header)"),
                        ));
                    } else if has_data {
                        unknown.push((
                            format!("{}列目（見出しなし）", i + 1),
                            format!("column {} (no header)", i + 1),
                        ));
                    }
                }
            }
            cols.push(col);
        }
        if !unknown.is_empty() {
            let (list_ja, list_en): (Vec<String>, Vec<String>) = unknown.into_iter().unzip();
            out.push(self.warning(
                Pos {
                    line: header_line,
                    col: 1,
                },
                format!(
                    "次の列は使わないため、読み込みません: {}",
                    list_ja.join("、")
                ),
                format!(
                    "these columns are not used and were ignored: {}",
                    list_en.join(", ")
                ),
            ));
        }
        cols
    }

    fn warning(&self, pos: Pos, ja: String, en: String) -> Diagnostic {
        let mut d = field_error(self.csv, ja, en).at(pos);
        d.severity = Severity::Warning;
        d
    }

    pub(super) fn rows(&self, table: &Table, out: &mut Vec<Diagnostic>) -> Option<Vec<Planned>> {
        let cols = self.header_warnings(table, out);
        let has = |c: Col| cols.contains(&Some(c));
        let header_line = table.header.line;
        if !has(Col::Name) {
            let (row_ja, row_en) = self.row_name(header_line);
            let mut d = field_error(
                self.csv,
                format!("{row_ja}（見出し）に「名称」の列がありません。"),
                format!("{row_en} (the header) has no 名称 (name) column"),
            )
            .at(Pos {
                line: header_line,
                col: 1,
            })
            .field(Col::Name.header());
            if let Some(sheet) = self.sheet {
                let (ja, en) = super::workbook::other_sheets_hint(sheet, self.sheet_names);
                d = d.hint(ja, en);
            }
            out.push(d);
            return None;
        }
        if table.rows.is_empty() {
            out.push(self.warning(
                Pos {
                    line: header_line,
                    col: 1,
                },
                "データの行がありません。".into(),
                "the file has no data rows".into(),
            ));
        }
        let mut planned = Vec::new();
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut kind_warned: Vec<String> = Vec::new();
        let width = table.header.cells.len();
        for record in &table.rows {
            let (line, cells) = (record.line, &record.cells);
            if cells.len() != width {
                out.push(
                    field_error(
                        self.csv,
                        format!(
                            "{line}行目の列の数（{}）が見出し（{}）と合いません。",
                            cells.len(),
                            width
                        ),
                        format!(
                            "line {line} has {} cells but the header has {}",
                            cells.len(),
                            width
                        ),
                    )
                    // The first cell too many, or the start of a row that is short.
                    .at(cells.get(width).map_or(Pos { line, col: 1 }, |c| c.pos)),
                );
                continue;
            }
            let mut row = Row {
                line,
                cells: BTreeMap::new(),
            };
            for (i, c) in cols.iter().enumerate() {
                if let Some(c) = c {
                    let cell = &cells[i];
                    let header = table.header.cells[i].text.as_str();
                    row.cells.insert(
                        *c,
                        RowCell {
                            pos: cell.pos,
                            header,
                            value: cell.text.as_str(),
                            kind: cell.kind,
                        },
                    );
                }
            }
            // Error cells (#N/A …): one error each; the other cells are checked as usual
            // and what they would say about the error cells is left out.
            let broken: Vec<(Col, Pos, &str)> = (row.cells.iter())
                .filter(|(_, cell)| cell.kind == CellKind::Error)
                .map(|(c, cell)| (*c, cell.pos, cell.header))
                .collect();
            for (c, _, _) in &broken {
                out.push(self.error_cell(&row, *c));
            }
            if broken.iter().any(|(c, _, _)| *c == Col::Id) {
                // Without its ID the row's file is unknown.
                continue;
            }
            let before = out.len();
            if let Some(p) = self.row(&row, &mut ids, &mut kind_warned, out) {
                planned.push(p);
            }
            if !broken.is_empty() {
                let found = out.split_off(before);
                let about_broken = |d: &Diagnostic| {
                    (broken.iter())
                        .any(|(_, p, h)| d.pos == Some(*p) && d.field.as_deref() == Some(*h))
                };
                out.extend(found.into_iter().filter(|d| !about_broken(d)));
            }
        }
        Some(planned)
    }

    /// 「5行目」, or 「シート「S」の5行目」 in a workbook.
    fn row_name(&self, line: usize) -> (String, String) {
        match self.sheet {
            None => (format!("{line}行目"), format!("line {line}")),
            Some(s) => (
                format!("シート「{s}」の{line}行目"),
                format!("sheet `{s}`, row {line}"),
            ),
        }
    }

    /// 「5行目の「電話番号」」, or in a workbook 「シート「S」の5行目 D列「電話番号」」 (the
    /// row number and column letter Excel shows); without the letter for a column the
    /// file does not have.
    fn cell_name<'r>(&self, row: &Row<'r>, c: Col) -> (Pos, &'r str, String, String) {
        let (pos, header, present) = cell_place(row, c);
        let line = pos.line;
        let (ja, en) = match self.sheet {
            None => (
                format!("{line}行目の「{header}」"),
                format!("line {line}, column `{header}`"),
            ),
            Some(s) if present => {
                let letters = column_letters(pos.col);
                (
                    format!("シート「{s}」の{line}行目 {letters}列「{header}」"),
                    format!("sheet `{s}`, row {line}, column {letters} (`{header}`)"),
                )
            }
            Some(s) => (
                format!("シート「{s}」の{line}行目の「{header}」"),
                format!("sheet `{s}`, row {line}, column `{header}`"),
            ),
        };
        (pos, header, ja, en)
    }

    /// An error about one cell of `row`, at the start of its value (or of the row, for a
    /// column the file does not have).
    pub(super) fn cell_error(&self, row: &Row, c: Col, bad: BadValue) -> Diagnostic {
        let (pos, header, ja, en) = self.cell_name(row, c);
        Diagnostic::error(Problem::Field {
            ja: format!("{ja}: {}", bad.ja),
            en: format!("{en}: {}", bad.en),
            hint_ja: bad.hint_ja,
            hint_en: bad.hint_en,
        })
        .in_file(self.csv)
        .at(pos)
        .field(header)
    }

    /// A workbook's cell that holds an error value (`#N/A`, `#REF!` …) instead of one.
    fn error_cell(&self, row: &Row, c: Col) -> Diagnostic {
        let value = row.cells.get(&c).map_or("", |cell| cell.value);
        self.cell_error(
            row,
            c,
            BadValue::new(
                format!("セルがエラー「{value}」になっています。"),
                format!("the cell shows the error `{value}`"),
            )
            .hint(
                "Excel でこのセルの数式か参照先を直すか、値を書き込んでください。",
                "fix the cell's formula or what it refers to in Excel, or type the value",
            ),
        )
    }

    fn row(
        &self,
        row: &Row,
        ids: &mut BTreeMap<String, usize>,
        kind_warned: &mut Vec<String>,
        out: &mut Vec<Diagnostic>,
    ) -> Option<Planned> {
        let errors_before = out.len();
        let name = row.get(Col::Name).unwrap_or("");
        let id = row
            .get(Col::Id)
            .filter(|v| !v.is_empty())
            .map(|v| slug(v).unwrap_or_else(|| hashed_id(&[v])))
            .unwrap_or_else(|| hashed_id(&[name, row.get(Col::Address).unwrap_or("")]));
        if let Some(first) = ids.get(&id) {
            let (ja, en) = if row.get(Col::Id).is_some_and(|v| !v.is_empty()) {
                (
                    format!("ID「{id}」が {first}行目と重なっています。"),
                    format!("the ID `{id}` is also used on line {first}"),
                )
            } else {
                (
                    format!("{first}行目と名称・住所が同じです。ID の列で区別してください。"),
                    format!("same name and address as line {first}; add an ID column"),
                )
            };
            let c = if row.get(Col::Id).is_some() {
                Col::Id
            } else {
                Col::Name
            };
            out.push(self.cell_error(row, c, BadValue::new(ja, en)));
            return None;
        }
        ids.insert(id.clone(), row.line);
        let rel = Path::new("content")
            .join(&self.section)
            .join(format!("{id}.md"));
        let existing = match merge::read_existing(self.root, &rel) {
            Ok(e) => e,
            Err(d) => {
                out.push(d);
                return None;
            }
        };
        let mut front = match &existing {
            Some(e) => e.front.clone(),
            None => match merge::blank_front() {
                Ok(f) => f,
                Err(e) => {
                    out.push(field_error(self.csv, e.clone(), e));
                    return None;
                }
            },
        };
        self.apply(row, &mut front, existing.as_ref(), kind_warned, out);
        if let Some(e) = &existing {
            self.keep_over_empty(row, &mut front, e, &rel, out);
        }
        self.apply_schedule(row, &mut front, existing.as_ref(), &rel, out);
        if out[errors_before..]
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            return None;
        }
        // Same values: the file stays exactly as it is (comments, layout, YAML …).
        if let Some(e) = existing.as_ref().filter(|e| e.front == front) {
            return Some(Planned {
                rel,
                text: e.text.clone(),
                existed: Some(e.text.clone()),
            });
        }
        let written = match &existing {
            Some(e) => merge::updated_text(e, &front),
            None => merge::file_text(&front, "").map(|t| (t, merge::Written::New)),
        };
        match written {
            Ok((text, how)) => {
                if how == merge::Written::Rewritten {
                    out.push(rewritten_warning(&rel, existing.as_ref()));
                }
                Some(Planned {
                    rel,
                    text,
                    existed: existing.map(|e| e.text),
                })
            }
            Err(e) => {
                out.push(self.cell_error(row, Col::Name, BadValue::new(e.clone(), e)));
                None
            }
        }
    }

    /// Overlay the row's cells on `front`.
    fn apply(
        &self,
        row: &Row,
        front: &mut ResourceFront,
        existing: Option<&Existing>,
        kind_warned: &mut Vec<String>,
        out: &mut Vec<Diagnostic>,
    ) {
        let mut err = |c: Col, bad: BadValue| out.push(self.cell_error(row, c, bad));
        let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
        // 名称
        let name = row.get(Col::Name).unwrap_or("");
        if name.is_empty() {
            err(
                Col::Name,
                BadValue::new("名称が空です。", "the name is empty").hint(
                    "施設や窓口の名前を書いてください。",
                    "write the place's name",
                ),
            );
        }
        front.name = name.to_string();
        // 種別
        match row.get(Col::Kind).filter(|v| !v.is_empty()) {
            Some(v) => {
                match (find_term(self.kinds, v), &self.default_kind) {
                    (Some(i), _) => front.kind = self.kinds[i].id.clone(),
                    (None, Some(k)) => {
                        front.kind = k.clone();
                        if !kind_warned.iter().any(|w| w == v) {
                            kind_warned.push(v.to_string());
                            let mut d = self.cell_error(
                            row,
                            Col::Kind,
                            BadValue::new(
                                format!("種別「{v}」は設定にないため、--kind の「{k}」にしました（この値の行すべて）。"),
                                format!("the kind `{v}` is not configured; used `{k}` from --kind (every row with this value)"),
                            ),
                        );
                            d.severity = Severity::Warning;
                            out.push(d);
                        }
                    }
                    (None, None) => {
                        let (hja, hen) = known_hint(self.kinds);
                        out.push(self.cell_error(
                        row,
                        Col::Kind,
                        BadValue::new(
                            format!("種別「{v}」は設定されていません。"),
                            format!("the kind `{v}` is not configured"),
                        )
                        .hint(
                            format!("{hja}すべての行を同じ種別にするなら --kind を付けてください。"),
                            format!("{hen}; or give --kind for every row"),
                        ),
                    ));
                    }
                }
            }
            None => match &self.default_kind {
                Some(k) => front.kind = k.clone(),
                None if existing.is_some() => {}
                None => {
                    let (hja, hen) = known_hint(self.kinds);
                    out.push(self.cell_error(
                        row,
                        Col::Kind,
                        BadValue::new("種別がありません。", "the kind is missing").hint(
                            format!("「種別」の列に書くか、--kind で指定してください。{hja}"),
                            format!("fill in the 種別 column or give --kind; {hen}"),
                        ),
                    ));
                }
            },
        }
        // 地域
        match row.get(Col::Area).filter(|v| !v.is_empty()) {
            Some(v) => match self.find_area(v) {
                Ok(i) => front.area = self.config.areas[i].id.clone(),
                Err(bad) => out.push(self.cell_error(row, Col::Area, bad)),
            },
            None if existing.is_some() => {}
            None => out.push(self.cell_error(
                row,
                Col::Area,
                BadValue::new("地域がありません。", "the area is missing").hint(
                    format!("「地域」の列に、{}", self.area_list().0),
                    format!("fill in the 地域 column: {}", self.area_list().1),
                ),
            )),
        }
        let set_text = |c: Col, slot: &mut Option<String>| {
            if let Some(v) = row.get(c) {
                *slot = opt(v);
            }
        };
        set_text(Col::NameKana, &mut front.name_kana);
        set_text(Col::Address, &mut front.address);
        set_text(Col::Access, &mut front.access);
        set_text(Col::Fee, &mut front.fee);
        set_text(Col::Operator, &mut front.operator);
        set_text(Col::Notes, &mut front.notes);
        self.apply_checked(row, front, out);
    }

    /// A column of the CSV that is empty in this row never removes a value from the file:
    /// the value stays and a warning names the file, the field and the value.
    fn keep_over_empty(
        &self,
        row: &Row,
        front: &mut ResourceFront,
        existing: &Existing,
        rel: &Path,
        out: &mut Vec<Diagnostic>,
    ) {
        type Keep = fn(&mut ResourceFront, &ResourceFront) -> bool;
        let fields: [(Col, &str, Keep); 19] = [
            (Col::NameKana, "name_kana", |n, o| {
                keep(&mut n.name_kana, &o.name_kana)
            }),
            (Col::Audience, "audience", |n, o| {
                keep(&mut n.audience, &o.audience)
            }),
            (Col::PostalCode, "postal_code", |n, o| {
                keep(&mut n.postal_code, &o.postal_code)
            }),
            (Col::Address, "address", |n, o| {
                keep(&mut n.address, &o.address)
            }),
            (Col::Access, "access", |n, o| keep(&mut n.access, &o.access)),
            (Col::Lat, "lat", |n, o| keep(&mut n.lat, &o.lat)),
            (Col::Lon, "lon", |n, o| keep(&mut n.lon, &o.lon)),
            (Col::Phone, "phone", |n, o| keep(&mut n.phone, &o.phone)),
            (Col::Fax, "fax", |n, o| keep(&mut n.fax, &o.fax)),
            (Col::Email, "email", |n, o| keep(&mut n.email, &o.email)),
            (Col::Url, "website", |n, o| keep(&mut n.website, &o.website)),
            (Col::Fee, "fee", |n, o| keep(&mut n.fee, &o.fee)),
            (Col::Booking, "booking", |n, o| {
                keep(&mut n.booking, &o.booking)
            }),
            (Col::Accessibility, "accessibility", |n, o| {
                keep(&mut n.accessibility, &o.accessibility)
            }),
            (Col::Languages, "languages", |n, o| {
                keep(&mut n.languages, &o.languages)
            }),
            (Col::Operator, "operator", |n, o| {
                keep(&mut n.operator, &o.operator)
            }),
            (Col::Verified, "verified", |n, o| {
                keep(&mut n.verified, &o.verified)
            }),
            (Col::Notes, "notes", |n, o| keep(&mut n.notes, &o.notes)),
            (Col::Sample, "sample", |n, o| keep(&mut n.sample, &o.sample)),
        ];
        let old = toml::Value::try_from(&existing.front).ok();
        for (c, key, restore) in fields {
            if row.get(c) != Some("") || !restore(front, &existing.front) {
                continue;
            }
            let shown = old
                .as_ref()
                .and_then(|v| v.get(key))
                .map_or_else(String::new, shown_value);
            let reason = EmptyReason::Empty;
            out.push(self.kept_warning(row, c, rel, key, &shown, reason));
        }
    }

    /// 「N行目の「列」が空のため、FILE の KEY（VALUE）はそのまま残しました。」
    pub(super) fn kept_warning(
        &self,
        row: &Row,
        c: Col,
        rel: &Path,
        key: &str,
        shown: &str,
        reason: EmptyReason,
    ) -> Diagnostic {
        let file = rel.display();
        let (ja_why, en_why) = match reason {
            EmptyReason::Empty => ("が空のため", "is empty"),
            EmptyReason::NoNotes => (
                "に特記事項の文がないため",
                "has no text besides the opening hours and closures",
            ),
            EmptyReason::NoClosure => (
                "に休みの決まり（祝日は休み など）がないため",
                "does not say the place is closed then",
            ),
        };
        let value_ja = if shown.is_empty() {
            " ".to_string()
        } else {
            format!("（{shown}）")
        };
        let value_en = if shown.is_empty() {
            String::new()
        } else {
            format!(" ({shown})")
        };
        let (pos, header, cell_ja, cell_en) = self.cell_name(row, c);
        let table = if self.sheet.is_some() { "Excel" } else { "CSV" };
        let mut d = Diagnostic::error(Problem::Field {
            ja: format!(
                "{cell_ja}{ja_why}、{file} の {key}{value_ja}はそのまま残しました。"
            ),
            en: format!("{cell_en} {en_why}, so {key}{value_en} in {file} was kept"),
            hint_ja: Some(format!(
                "この値が古いときは、{table} のセルに正しい値を書くか、{file} から {key} を消してください。"
            )),
            hint_en: Some(format!(
                "if it is out of date, fill in the cell or delete {key} from {file}"
            )),
        })
        .in_file(self.csv)
        .at(pos)
        .field(header);
        d.severity = Severity::Warning;
        d
    }

    fn area_list(&self) -> (String, String) {
        let names: Vec<String> = self
            .config
            .areas
            .iter()
            .map(|a| format!("{}（{}）", a.name, a.id))
            .collect();
        (
            format!(
                "設定されている地域（{}）のどれかを書いてください。",
                names.join("、")
            ),
            format!("one of {}", names.join(", ")),
        )
    }

    fn find_area(&self, v: &str) -> Result<usize, BadValue> {
        let areas = &self.config.areas;
        if let Some(i) = areas.iter().position(|a| a.id == v) {
            return Ok(i);
        }
        let by_name: Vec<usize> = (0..areas.len()).filter(|&i| areas[i].name == v).collect();
        match by_name.as_slice() {
            [i] => Ok(*i),
            [] => {
                let (hja, hen) = self.area_list();
                Err(BadValue::new(
                    format!("地域「{v}」は設定されていません。"),
                    format!("the area `{v}` is not configured"),
                )
                .hint(hja, hen))
            }
            _ => Err(BadValue::new(
                format!("「{v}」という名前の地域が複数あります。"),
                format!("more than one area is called `{v}`"),
            )
            .hint(
                "地域の id で書いてください。",
                "write the area's id instead",
            )),
        }
    }
}

/// Where the value of column `c` starts in `row`, its header as written, and whether the
/// file has the column (the start of the row and the standard name for one it has not).
fn cell_place<'r>(row: &Row<'r>, c: Col) -> (Pos, &'r str, bool) {
    row.cells.get(&c).map_or(
        (
            Pos {
                line: row.line,
                col: 1,
            },
            c.header(),
            false,
        ),
        |cell| (cell.pos, cell.header, true),
    )
}

/// Why a value of the file was kept although the CSV has its column.
#[derive(Debug, Clone, Copy)]
pub(super) enum EmptyReason {
    /// The cell is empty.
    Empty,
    /// 利用可能日時特記事項 has no text left once the hours and closures are read from it.
    NoNotes,
    /// 利用可能日時特記事項 does not name this closure.
    NoClosure,
}

/// A field without a value: `None`, an empty list, `false`.
trait Blank {
    fn blank(&self) -> bool;
}

impl<T> Blank for Option<T> {
    fn blank(&self) -> bool {
        self.is_none()
    }
}

impl<T> Blank for Vec<T> {
    fn blank(&self) -> bool {
        self.is_empty()
    }
}

impl Blank for bool {
    fn blank(&self) -> bool {
        !*self
    }
}

/// `new` takes `old`'s value if it has none and `old` has one; whether it did.
fn keep<T: Blank + Clone>(new: &mut T, old: &T) -> bool {
    let restore = new.blank() && !old.blank();
    if restore {
        *new = old.clone();
    }
    restore
}

/// A value of the front matter as staff read it: text as it is (its first line, at most 40
/// characters), lists joined with 「、」.
pub(super) fn shown_value(v: &toml::Value) -> String {
    let text = match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(items) => items
            .iter()
            .map(|i| match i {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("、"),
        other => other.to_string(),
    };
    let first = text.lines().next().unwrap_or("");
    let short: String = first.chars().take(40).collect();
    if short != text {
        format!("「{short}…」")
    } else {
        format!("「{short}」")
    }
}

/// A file whose front matter had to be written anew: every value is kept, but not its
/// comments or layout (a YAML front matter becomes TOML).
fn rewritten_warning(rel: &Path, existing: Option<&Existing>) -> Diagnostic {
    let yaml = existing.is_some_and(|e| e.format == crate::content::front_matter::Format::Yaml);
    let (ja, en) = if yaml {
        (
            "前付けが YAML（---）のため、TOML（+++）で書き直しました。値はすべて残っていますが、コメントや並び順は残っていません。",
            "the YAML front matter (---) was written anew as TOML (+++): every value is kept, but not its comments or layout",
        )
    } else {
        (
            "前付けをその場で書き換えられなかったため、全体を書き直しました。値はすべて残っていますが、コメントや並び順は残っていません。",
            "the front matter could not be changed in place and was written anew: every value is kept, but not its comments or layout",
        )
    };
    let mut d = Diagnostic::error(Problem::Field {
        ja: ja.into(),
        en: en.into(),
        hint_ja: Some("コメントが要るときは、書き直されたファイルに足してください。".into()),
        hint_en: Some("add the comments again to the new file if they are needed".into()),
    })
    .in_file(rel);
    d.severity = Severity::Warning;
    d
}
