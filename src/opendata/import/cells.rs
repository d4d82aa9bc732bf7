//! The columns whose values are checked (郵便番号, 緯度・経度, 電話番号, メール, URL, 予約,
//! 情報確認日, 対象, バリアフリー情報 …) and the schedule columns.

use std::path::Path;

use super::rows::{Ctx, EmptyReason, Row, shown_value};
use super::{find_term, known_hint, schedule::schedule_from_cells};
use crate::content::resource::ResourceFront;
use crate::diagnostics::Diagnostic;
use crate::opendata::columns::Col;
use crate::opendata::merge::Existing;
use crate::opendata::values::{self, BadValue};
use crate::schedule::RawSchedule;

/// How to keep a number's leading 0 in Excel.
const TEXT_FORMAT_JA: &str = "Excel でこの列を選んで「セルの書式設定」の表示形式を「文字列」にしてから、0 から入れ直してください（「0857-23-0001」「680-0001」のようにハイフンを入れて書いても文字列になります）。";
const TEXT_FORMAT_EN: &str = "in Excel, format the column as Text and type the value again from its 0 (with hyphens, like 0857-23-0001 or 680-0001, it stays text too)";

impl Ctx<'_> {
    /// Columns whose values are checked: numbers, phone numbers, lists of terms …
    pub(super) fn apply_checked(
        &self,
        row: &Row,
        front: &mut ResourceFront,
        out: &mut Vec<Diagnostic>,
    ) {
        let mut err = |c: Col, bad: BadValue| out.push(self.cell_error(row, c, bad));
        let present = |c: Col| row.get(c).filter(|v| !v.is_empty());
        if row.get(Col::PostalCode).is_some() {
            front.postal_code = match present(Col::PostalCode).map(values::postal_code) {
                None => None,
                Some(Ok(p)) => Some(p),
                Some(Err(b)) if row.is_number(Col::PostalCode) => {
                    let b = BadValue {
                        ja: format!(
                            "{}数値として保存されているため、先頭の 0 が消えているのかもしれません。",
                            b.ja
                        ),
                        en: format!("{} (it was stored as a number: a leading 0 may be lost)", b.en),
                        ..b
                    }
                    .hint(TEXT_FORMAT_JA, TEXT_FORMAT_EN);
                    err(Col::PostalCode, b);
                    None
                }
                Some(Err(b)) => {
                    err(Col::PostalCode, b);
                    None
                }
            };
        }
        let mut coordinate_bad = false;
        for (c, range) in [(Col::Lat, 20.0..=46.0), (Col::Lon, 122.0..=154.0)] {
            if row.get(c).is_none() {
                continue;
            }
            let v = match present(c).map(|v| values::coordinate(v, range)) {
                None => None,
                Some(Ok(x)) => Some(x),
                Some(Err(b)) => {
                    err(c, b);
                    coordinate_bad = true;
                    continue;
                }
            };
            if c == Col::Lat {
                front.lat = v;
            } else {
                front.lon = v;
            }
        }
        if !coordinate_bad && front.lat.is_some() != front.lon.is_some() {
            let missing = if front.lat.is_none() {
                Col::Lat
            } else {
                Col::Lon
            };
            err(
                missing,
                BadValue::new(
                    format!(
                        "{}がありません。緯度と経度は両方書くか、両方空にしてください。",
                        missing.header()
                    ),
                    "write both latitude and longitude, or neither",
                ),
            );
        }
        for (c, slot) in [(Col::Phone, &mut front.phone), (Col::Fax, &mut front.fax)] {
            if row.get(c).is_none() {
                continue;
            }
            *slot = match present(c) {
                None => None,
                Some(v) => match crate::opendata::phone::normalize(v) {
                    Ok(n) => Some(n),
                    // Excel keeps 0857230001 typed into a cell as the number 857230001.
                    Err(_) if row.is_number(c) => {
                        err(
                            c,
                            BadValue::new(
                                format!("「{v}」は数値として保存されているため、先頭の 0 が消えていて、電話番号として読めません。"),
                                format!("`{v}` was stored as a number, so its leading 0 is lost and it is not a phone number"),
                            )
                            .hint(TEXT_FORMAT_JA, TEXT_FORMAT_EN),
                        );
                        None
                    }
                    Err(_) => {
                        err(
                            c,
                            BadValue::new(
                                format!("「{v}」は電話番号の形になっていません。"),
                                format!("`{v}` is not a phone number"),
                            )
                            .hint(
                                crate::opendata::phone::HINT_JA,
                                crate::opendata::phone::HINT_EN,
                            ),
                        );
                        None
                    }
                },
            };
        }
        if row.get(Col::Email).is_some() {
            front.email = present(Col::Email).and_then(|v| {
                let ok = v.split_once('@').is_some_and(|(a, b)| {
                    !a.is_empty() && b.contains('.') && !b.starts_with('.') && !b.ends_with('.')
                }) && !v.chars().any(|c| c.is_whitespace() || c == ',');
                if !ok {
                    err(
                        Col::Email,
                        BadValue::new(
                            format!("「{v}」はメールアドレスの形になっていません。"),
                            format!("`{v}` is not an email address"),
                        ),
                    );
                }
                ok.then(|| v.to_string())
            });
        }
        if row.get(Col::Url).is_some() {
            front.website = present(Col::Url).and_then(|v| {
                let ok = (v.starts_with("https://") || v.starts_with("http://"))
                    && !v.chars().any(char::is_whitespace);
                if !ok {
                    err(
                        Col::Url,
                        BadValue::new(
                            format!("「{v}」は URL の形になっていません。"),
                            format!("`{v}` is not a URL"),
                        )
                        .hint(
                            "「https://」から始めて書いてください。",
                            "start it with https://",
                        ),
                    );
                }
                ok.then(|| v.to_string())
            });
        }
        if let Some(v) = row.get(Col::Booking) {
            match values::booking(v) {
                Ok(b) => front.booking = b,
                Err(b) => err(Col::Booking, b),
            }
        }
        if let Some(v) = row.get(Col::Sample) {
            match values::flag(v) {
                Ok(b) => front.sample = b,
                Err(b) => err(Col::Sample, b),
            }
        }
        if row.get(Col::Verified).is_some() {
            front.verified = match present(Col::Verified).map(values::date) {
                None => None,
                Some(Ok(d)) => Some(d),
                Some(Err(b)) => {
                    err(Col::Verified, b);
                    None
                }
            };
        }
        if let Some(v) = row.get(Col::Languages) {
            front.languages = values::list(v);
        }
        for (c, list, slot, what_ja, what_en) in [
            (
                Col::Audience,
                self.audiences,
                &mut front.audience,
                "対象",
                "audience",
            ),
            (
                Col::Accessibility,
                self.accessibility,
                &mut front.accessibility,
                "バリアフリー情報",
                "accessibility feature",
            ),
        ] {
            let Some(v) = row.get(c) else { continue };
            let mut ids = Vec::new();
            for item in values::list(v) {
                match find_term(list, &item) {
                    Some(i) => {
                        if !ids.contains(&list[i].id) {
                            ids.push(list[i].id.clone());
                        }
                    }
                    None => {
                        let (hja, hen) = known_hint(list);
                        err(
                            c,
                            BadValue::new(
                                format!("{what_ja}「{item}」は設定されていません。"),
                                format!("the {what_en} `{item}` is not configured"),
                            )
                            .hint(
                                format!("{hja}複数あるときは「;」で区切ります。"),
                                format!("{hen}; separate several with ;"),
                            ),
                        );
                    }
                }
            }
            *slot = ids;
        }
    }

    /// 利用可能曜日・開始時間・終了時間・利用可能日時特記事項 → `[schedule]`.
    ///
    /// Cells that say what the existing schedule exports leave it as it is (monthly rules,
    /// closures, comments). Otherwise the cells give the rules, `notes`, `closed_holidays`
    /// and `closed_year_end`; `closed_dates` and `[[schedule.dates]]` have no column and
    /// always stay as the file has them, and a value the cells do not give (empty hours, no
    /// notes text, no closure sentence) stays too, with a warning.
    pub(super) fn apply_schedule(
        &self,
        row: &Row,
        front: &mut ResourceFront,
        existing: Option<&Existing>,
        rel: &Path,
        out: &mut Vec<Diagnostic>,
    ) {
        let cols = [Col::Days, Col::Opens, Col::Closes, Col::ScheduleNotes];
        if cols.iter().all(|c| row.get(*c).is_none()) {
            return;
        }
        let cell = |c: Col| row.get(c).unwrap_or("");
        let kept = existing.and_then(|e| e.front.schedule.as_ref());
        if let Some((raw, Ok(s))) = kept.map(|raw| (raw, raw.check())) {
            let (opens, closes) = s.csv_hours();
            let exported = [s.csv_days(), opens, closes, s.csv_notes()];
            if cols
                .iter()
                .zip(&exported)
                .all(|(c, e)| row.get(*c).is_none_or(|v| v == values::clean(e)))
            {
                front.schedule = Some(raw.clone());
                return;
            }
        }
        let from_cells = schedule_from_cells(
            cell(Col::Days),
            cell(Col::Opens),
            cell(Col::Closes),
            cell(Col::ScheduleNotes),
        );
        let Some(old) = kept else {
            front.schedule = from_cells;
            return;
        };
        // 利用可能日時特記事項 as tsunagu exports this file's schedule (a CSV exported, its
        // hours changed): the notes and closures stay as the file has them, and the other
        // cells give the rule. (Hours that are not a plain rule go into the notes, so then
        // the cells are read as usual.)
        let exported_notes = old.check().ok().map(|s| values::clean(&s.csv_notes()));
        let hours_only =
            schedule_from_cells(cell(Col::Days), cell(Col::Opens), cell(Col::Closes), "");
        let from_cells = match hours_only {
            Some(h) if h.notes.is_some() => from_cells,
            _ if row.get(Col::ScheduleNotes) != exported_notes.as_deref() => from_cells,
            hours => Some(RawSchedule {
                rules: hours.map(|h| h.rules).unwrap_or_default(),
                notes: old.notes.clone(),
                closed_holidays: old.closed_holidays,
                closed_year_end: old.closed_year_end,
                ..RawSchedule::default()
            }),
        };
        let mut new = from_cells.unwrap_or_default();
        new.closed_dates = old.closed_dates.clone();
        new.dates = old.dates.clone();
        let mut warn = |c: Col, key: &str, shown: String, reason: EmptyReason| {
            if row.get(c).is_some() {
                out.push(self.kept_warning(row, c, rel, key, &shown, reason));
            }
        };
        let hours = [Col::Days, Col::Opens, Col::Closes];
        if new.rules.is_empty()
            && !old.rules.is_empty()
            && hours.iter().all(|c| cell(*c).is_empty())
        {
            new.rules = old.rules.clone();
            let only_rules = RawSchedule {
                rules: old.rules.clone(),
                ..RawSchedule::default()
            };
            let shown = only_rules
                .check()
                .map(|s| format!("「{}」", s.csv_notes()))
                .unwrap_or_default();
            let c = hours
                .into_iter()
                .find(|c| row.get(*c).is_some())
                .unwrap_or(Col::Days);
            warn(c, "schedule.rules", shown, EmptyReason::Empty);
        }
        let notes_reason = if cell(Col::ScheduleNotes).is_empty() {
            EmptyReason::Empty
        } else {
            EmptyReason::NoNotes
        };
        if new.notes.is_none() {
            if let Some(n) = &old.notes {
                new.notes = Some(n.clone());
                let shown = shown_value(&toml::Value::String(n.clone()));
                warn(Col::ScheduleNotes, "schedule.notes", shown, notes_reason);
            }
        }
        let closure_reason = if cell(Col::ScheduleNotes).is_empty() {
            EmptyReason::Empty
        } else {
            EmptyReason::NoClosure
        };
        if old.closed_holidays && !new.closed_holidays {
            new.closed_holidays = true;
            let shown = "「祝日は休み」".to_string();
            warn(
                Col::ScheduleNotes,
                "schedule.closed_holidays",
                shown,
                closure_reason,
            );
        }
        if old.closed_year_end && !new.closed_year_end {
            new.closed_year_end = true;
            let shown = "「年末年始は休み」".to_string();
            warn(
                Col::ScheduleNotes,
                "schedule.closed_year_end",
                shown,
                closure_reason,
            );
        }
        front.schedule = (new != RawSchedule::default()).then_some(new);
    }
}
