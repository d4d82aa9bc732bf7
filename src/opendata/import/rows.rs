//! One CSV row → one resource's front matter: the header, ids, 名称・種別・地域 and the
//! plain text columns. Checked values are in [`super::cells`].

use std::collections::BTreeMap;
use std::path::Path;

use super::{Planned, Table, field_error, find_term, hashed_id, known_hint, slug};
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
    pub(super) section: String,
    pub(super) kinds: &'a [Term],
    pub(super) audiences: &'a [Term],
    pub(super) accessibility: &'a [Term],
    pub(super) default_kind: Option<String>,
}

/// A data row's cells by column, with the header as written and the column number.
pub(super) struct Row<'r> {
    pub(super) line: usize,
    pub(super) cells: BTreeMap<Col, (usize, &'r str, &'r str)>,
}

impl Row<'_> {
    pub(super) fn get(&self, c: Col) -> Option<&str> {
        self.cells.get(&c).map(|(_, _, v)| *v)
    }
}

impl Ctx<'_> {
    fn header_warnings(&self, table: &Table, out: &mut Vec<Diagnostic>) -> Vec<Option<Col>> {
        let mut cols = Vec::new();
        let mut unknown = Vec::new();
        let mut seen: BTreeMap<Col, &str> = BTreeMap::new();
        for (i, h) in table.header.iter().enumerate() {
            let col = Col::from_header(h);
            match col {
                Some(c) => {
                    if let Some(first) = seen.get(&c) {
                        out.push(self.warning(
                            Pos {
                                line: 1,
                                col: i + 1,
                            },
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
                        .any(|(_, r)| r.get(i).is_some_and(|v| !v.is_empty()));
                    if !h.is_empty() {
                        unknown.push((format!("「{h}」"), format!("`{h}`")));
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
                Pos { line: 1, col: 1 },
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
        if !has(Col::Name) {
            out.push(
                field_error(
                    self.csv,
                    "1行目（見出し）に「名称」の列がありません。".into(),
                    "line 1 (the header) has no 名称 (name) column".into(),
                )
                .at(Pos { line: 1, col: 1 })
                .field(Col::Name.header()),
            );
            return None;
        }
        if table.rows.is_empty() {
            out.push(self.warning(
                Pos { line: 1, col: 1 },
                "データの行がありません。".into(),
                "the file has no data rows".into(),
            ));
        }
        let mut planned = Vec::new();
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut kind_warned: Vec<String> = Vec::new();
        for (line, cells) in &table.rows {
            if cells.len() != table.header.len() {
                out.push(
                    field_error(
                        self.csv,
                        format!(
                            "{line}行目の列の数（{}）が見出し（{}）と合いません。",
                            cells.len(),
                            table.header.len()
                        ),
                        format!(
                            "line {line} has {} cells but the header has {}",
                            cells.len(),
                            table.header.len()
                        ),
                    )
                    .at(Pos {
                        line: *line,
                        col: 1,
                    }),
                );
                continue;
            }
            let mut row = Row {
                line: *line,
                cells: BTreeMap::new(),
            };
            for (i, c) in cols.iter().enumerate() {
                if let Some(c) = c {
                    row.cells
                        .insert(*c, (i + 1, table.header[i].as_str(), cells[i].as_str()));
                }
            }
            if let Some(p) = self.row(&row, &mut ids, &mut kind_warned, out) {
                planned.push(p);
            }
        }
        Some(planned)
    }

    /// An error about one cell of `row`.
    pub(super) fn cell_error(&self, row: &Row, c: Col, bad: BadValue) -> Diagnostic {
        let (col, header) = row
            .cells
            .get(&c)
            .map_or((1, c.header()), |(i, h, _)| (*i, *h));
        Diagnostic::error(Problem::Field {
            ja: format!("{}行目の「{header}」: {}", row.line, bad.ja),
            en: format!("line {}, column `{header}`: {}", row.line, bad.en),
            hint_ja: bad.hint_ja,
            hint_en: bad.hint_en,
        })
        .in_file(self.csv)
        .at(Pos {
            line: row.line,
            col,
        })
        .field(header)
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
        let body = existing.as_ref().map_or("", |e| e.body.as_str());
        match merge::file_text(&front, body) {
            Ok(text) => Some(Planned {
                rel,
                text,
                existed: existing.map(|e| e.text),
            }),
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
        set_text(Col::Fee, &mut front.fee);
        set_text(Col::Operator, &mut front.operator);
        set_text(Col::Notes, &mut front.notes);
        self.apply_checked(row, front, out);
        self.apply_schedule(row, front, existing);
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
