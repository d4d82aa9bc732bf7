//! Checking a schedule as staff wrote it ([`RawSchedule`]) into a [`Schedule`], reporting
//! every problem with the front-matter key and the value as written, in plain Japanese and
//! English.
//!
//! Staff often type in a Japanese input mode, so full-width digits, letters and signs
//! (`１３：３０`, `２ＳＡ`, `－１ＦＲ`) are read as their ASCII forms, and case is ignored.

use chrono::{NaiveDate, NaiveTime, Weekday};

use super::{ByDay, DateEntry, Freq, RawDate, RawRule, RawSchedule, Rule, Schedule};
use crate::diagnostics::Problem;

/// One problem in a written `[schedule]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleError {
    /// Path of the bad value, with the front-matter key names and 0-based indexes:
    /// `schedule.rules[1].byday`.
    pub field: String,
    /// The bad value as written (for locating it in the file); empty when a value is missing.
    pub value: String,
    /// What is wrong and how to fix it: always a [`Problem::Field`].
    pub problem: Problem,
}

impl ScheduleError {
    fn new(field: String, value: impl Into<String>, text: Text) -> Self {
        ScheduleError {
            field,
            value: value.into(),
            problem: Problem::Field {
                ja: text.ja,
                en: text.en,
                hint_ja: Some(text.hint_ja),
                hint_en: Some(text.hint_en),
            },
        }
    }
}

struct Text {
    ja: String,
    en: String,
    hint_ja: String,
    hint_en: String,
}

fn text(ja: impl Into<String>, en: impl Into<String>, hint_ja: &str, hint_en: &str) -> Text {
    Text {
        ja: ja.into(),
        en: en.into(),
        hint_ja: hint_ja.into(),
        hint_en: hint_en.into(),
    }
}

/// Full-width ASCII (`１３：３０`, `２ＳＡ`), the minus sign and the ideographic space read as
/// ASCII; surrounding spaces removed.
pub fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{2212}' | '\u{2010}' | '\u{2011}' | '\u{2013}' => '-',
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Minutes after midnight of `H:MM` / `HH:MM`, `0:00` to `24:00` (after [`normalize`]).
pub fn parse_minutes(s: &str) -> Option<u16> {
    let s = normalize(s);
    let (h, m) = s.split_once(':')?;
    let digits = |t: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 1..=2) || !digits(m, 2..=2) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return None;
    }
    Some(h * 60 + m)
}

/// The [`NaiveTime`] of a minute count; 24:00 (1440) is stored as 00:00 (see the module docs
/// of [`crate::schedule`]: a closing time of 00:00 means midnight at the end of the day).
pub fn time_of_minutes(minutes: u16) -> NaiveTime {
    NaiveTime::from_hms_opt(u32::from(minutes / 60 % 24), u32::from(minutes % 60), 0)
        .unwrap_or(NaiveTime::MIN)
}

/// Why a `BYDAY` value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByDayError {
    /// Not `[+-]N` followed by a two-letter day.
    Syntax,
    /// The ordinal is 0, above 5 or below -5.
    Ordinal(i32),
}

/// Parse one RFC 5545 `BYDAY` value: `MO`, `2SA`, `+2SA`, `-1FR` (after [`normalize`], any
/// case). The ordinal is checked to be 1..=5 or -5..=-1; whether the rule allows one is up to
/// the caller.
pub fn parse_byday(s: &str) -> Result<ByDay, ByDayError> {
    let s = normalize(s).to_ascii_uppercase();
    let split = s.len().checked_sub(2).ok_or(ByDayError::Syntax)?;
    let (num, day) = (s.get(..split), s.get(split..));
    let (Some(num), Some(day)) = (num, day) else {
        return Err(ByDayError::Syntax);
    };
    let weekday = match day {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return Err(ByDayError::Syntax),
    };
    if num.is_empty() {
        return Ok(ByDay { nth: None, weekday });
    }
    let unsigned = num.strip_prefix(['+', '-']).unwrap_or(num);
    if unsigned.is_empty() || unsigned.len() > 2 || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ByDayError::Syntax);
    }
    let n: i32 = num.parse().map_err(|_| ByDayError::Syntax)?;
    if n == 0 || !(-5..=5).contains(&n) {
        return Err(ByDayError::Ordinal(n));
    }
    Ok(ByDay {
        nth: i8::try_from(n).ok(),
        weekday,
    })
}

const TIME_HINT_JA: &str = "\"9:00\" や \"13:30\" のように、0:00〜24:00 の24時間制で書きます。";
const TIME_HINT_EN: &str = "write a 24-hour time from 0:00 to 24:00, like \"9:00\" or \"13:30\"";

/// Check an opening and closing time pair; errors go to `errors` under `path.opens_at` /
/// `path.closes_at`.
fn check_times(
    path: &str,
    opens: &str,
    closes: &str,
    errors: &mut Vec<ScheduleError>,
) -> Option<(NaiveTime, NaiveTime)> {
    let unreadable = |key: &str, v: &str| {
        ScheduleError::new(
            format!("{path}.{key}"),
            v,
            text(
                format!("時刻「{v}」が読めません。"),
                format!("cannot read the time `{v}`"),
                TIME_HINT_JA,
                TIME_HINT_EN,
            ),
        )
    };
    let open = parse_minutes(opens);
    let close = parse_minutes(closes);
    if open.is_none() {
        errors.push(unreadable("opens_at", opens));
    }
    if close.is_none() {
        errors.push(unreadable("closes_at", closes));
    }
    let (open, close) = (open?, close?);
    // A closing time of 0:00 is midnight at the end of the day, the same as 24:00.
    let close = if close == 0 { 24 * 60 } else { close };
    if open == 24 * 60 {
        errors.push(ScheduleError::new(
            format!("{path}.opens_at"),
            opens,
            text(
                format!("始まりの時刻「{opens}」は使えません。"),
                format!("an opening time cannot be `{opens}`"),
                "始まりの時刻は 0:00〜23:59 で書きます。",
                "opening times go from 0:00 to 23:59",
            ),
        ));
        return None;
    }
    if open >= close {
        errors.push(ScheduleError::new(
            format!("{path}.closes_at"),
            closes,
            text(
                format!("終わりの時刻「{closes}」が、始まりの時刻「{opens}」と同じか、それより前です。"),
                format!("the closing time `{closes}` is not after the opening time `{opens}`"),
                "opens_at に始まり、closes_at に終わりの時刻を書きます。夜中の0時をまたぐときは、24:00 までと、次の日の 0:00 からの2つに分けて書きます。",
                "write the opening time in opens_at and the closing time in closes_at; split a night that goes past midnight into one part until 24:00 and one from 0:00",
            ),
        ));
        return None;
    }
    Some((time_of_minutes(open), time_of_minutes(close)))
}

fn check_rule(i: usize, raw: &RawRule, errors: &mut Vec<ScheduleError>) -> Option<Rule> {
    let path = format!("schedule.rules[{i}]");
    let before = errors.len();
    let freq = match normalize(&raw.freq).to_ascii_lowercase().as_str() {
        "weekly" => Some(Freq::Weekly),
        "monthly" => Some(Freq::Monthly),
        _ => {
            errors.push(ScheduleError::new(
                format!("{path}.freq"),
                &raw.freq,
                text(
                    format!("くり返し「{}」が読めません。", raw.freq),
                    format!("cannot read the frequency `{}`", raw.freq),
                    "毎週なら freq = \"weekly\"、毎月なら freq = \"monthly\" と書きます。",
                    "write freq = \"weekly\" or freq = \"monthly\"",
                ),
            ));
            None
        }
    };
    let interval = raw.interval.unwrap_or(1);
    if interval == 0 {
        errors.push(ScheduleError::new(
            format!("{path}.interval"),
            "0",
            text(
                "間隔 interval = 0 は使えません。",
                "interval = 0 cannot be used",
                "1 以上の数を書きます。隔週・隔月なら interval = 2 です。",
                "write 1 or more; every other week (or month) is interval = 2",
            ),
        ));
    }

    let mut byday: Vec<ByDay> = Vec::new();
    for v in &raw.byday {
        let bad = |t: Text| ScheduleError::new(format!("{path}.byday"), v, t);
        match parse_byday(v) {
            Ok(b) if b.nth.is_some() && freq == Some(Freq::Weekly) => errors.push(bad(text(
                format!("毎週のルールでは、曜日「{v}」のように何番目かを付けられません。"),
                format!("a weekly rule cannot have a numbered day like `{v}`"),
                "第2土曜日のように月ごとに決まる日は freq = \"monthly\" のルールに書きます。毎週の土曜日なら SA とだけ書きます。",
                "days like the second Saturday belong in a rule with freq = \"monthly\"; every Saturday is just SA",
            ))),
            Ok(b) => {
                if !byday.contains(&b) {
                    byday.push(b);
                }
            }
            Err(ByDayError::Ordinal(n)) => errors.push(bad(text(
                format!("曜日「{v}」の「{n}」は使えません。"),
                format!("`{n}` in the day `{v}` cannot be used"),
                "第1〜第5は 1〜5 を、最終は -1 を曜日の前に付けます（2SA は第2土曜日、-1FR は最終金曜日）。",
                "put 1 to 5 before the day for the first to fifth, -1 for the last (2SA: second Saturday, -1FR: last Friday)",
            ))),
            Err(ByDayError::Syntax) => errors.push(bad(text(
                format!("曜日「{v}」が読めません。"),
                format!("cannot read the day `{v}`"),
                "MO TU WE TH FR SA SU のどれかを書きます。月ごとのときは 2SA（第2土曜日）や -1FR（最終金曜日）のように書きます。",
                "write one of MO TU WE TH FR SA SU; in monthly rules 2SA (second Saturday) or -1FR (last Friday)",
            ))),
        }
    }

    let mut bymonthday: Vec<i8> = Vec::new();
    if freq == Some(Freq::Weekly) && !raw.bymonthday.is_empty() {
        errors.push(ScheduleError::new(
            format!("{path}.bymonthday"),
            raw.bymonthday[0].to_string(),
            text(
                "毎週のルールには日付（bymonthday）を書けません。",
                "a weekly rule cannot have days of the month (bymonthday)",
                "毎月15日のような日は freq = \"monthly\" のルールに書きます。",
                "days like the 15th of every month belong in a rule with freq = \"monthly\"",
            ),
        ));
    } else {
        for &d in &raw.bymonthday {
            if (1..=31).contains(&d) || d == -1 {
                if !bymonthday.contains(&d) {
                    bymonthday.push(d);
                }
            } else {
                errors.push(ScheduleError::new(
                    format!("{path}.bymonthday"),
                    d.to_string(),
                    text(
                        format!("日付「{d}」は使えません。"),
                        format!("`{d}` is not a day of the month"),
                        "1〜31 の数を書きます。月の最後の日（末日）は -1 です。",
                        "write 1 to 31; the last day of the month is -1",
                    ),
                ));
            }
        }
        if !raw.byday.is_empty() && !raw.bymonthday.is_empty() {
            errors.push(ScheduleError::new(
                format!("{path}.bymonthday"),
                raw.bymonthday[0].to_string(),
                text(
                    "1つのルールに曜日（byday）と日付（bymonthday）の両方は書けません。",
                    "one rule cannot have both days of the week (byday) and days of the month (bymonthday)",
                    "「第2土曜日と毎月15日」のようなときは、[[schedule.rules]] を2つに分けて書きます。",
                    "for “the second Saturday and the 15th”, write two [[schedule.rules]]",
                ),
            ));
        }
    }
    if raw.byday.is_empty() && (raw.bymonthday.is_empty() || freq == Some(Freq::Weekly)) {
        errors.push(ScheduleError::new(
            format!("{path}.byday"),
            "",
            text(
                "開く曜日（byday）が書かれていません。",
                "the days of the week (byday) are missing",
                "byday = [\"MO\", \"WE\"] のように書きます。月ごとのルールなら byday = [\"2SA\"] や bymonthday = [15] も使えます。",
                "write byday = [\"MO\", \"WE\"]; monthly rules may use byday = [\"2SA\"] or bymonthday = [15]",
            ),
        ));
    }

    let times = check_times(&path, &raw.opens_at, &raw.closes_at, errors);

    if let (Some(from), Some(to)) = (raw.valid_from, raw.valid_to)
        && from > to
    {
        errors.push(ScheduleError::new(
            format!("{path}.valid_to"),
            to.to_string(),
            text(
                format!("期間の終わり（valid_to）{to} が、始まり（valid_from）{from} より前です。"),
                format!(
                    "the end of the period (valid_to) {to} is before its start (valid_from) {from}"
                ),
                "valid_from に始まりの日、valid_to に終わりの日を書きます。",
                "write the first day in valid_from and the last day in valid_to",
            ),
        ));
    }

    if errors.len() > before {
        return None;
    }
    let (opens_at, closes_at) = times?;
    Some(Rule {
        freq: freq?,
        interval,
        byday,
        bymonthday,
        opens_at,
        closes_at,
        valid_from: raw.valid_from,
        valid_to: raw.valid_to,
        description: clean(raw.description.as_deref()),
    })
}

fn check_date(
    i: usize,
    raw: &RawDate,
    closed: &[NaiveDate],
    errors: &mut Vec<ScheduleError>,
) -> Option<DateEntry> {
    let path = format!("schedule.dates[{i}]");
    let times = check_times(&path, &raw.opens_at, &raw.closes_at, errors);
    if closed.contains(&raw.date) {
        errors.push(ScheduleError::new(
            "schedule.closed_dates".into(),
            raw.date.to_string(),
            text(
                format!(
                    "{} が、開く日（[[schedule.dates]]）と休む日（closed_dates）の両方に書かれています。",
                    raw.date
                ),
                format!(
                    "{} is both an opening date ([[schedule.dates]]) and a closed date (closed_dates)",
                    raw.date
                ),
                "どちらか一方を消してください。",
                "remove one of them",
            ),
        ));
        return None;
    }
    let (opens_at, closes_at) = times?;
    Some(DateEntry {
        date: raw.date,
        opens_at,
        closes_at,
        description: clean(raw.description.as_deref()),
    })
}

fn clean(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

impl RawSchedule {
    /// Check everything, reporting every problem (not only the first).
    pub fn check(&self) -> Result<Schedule, Vec<ScheduleError>> {
        let mut errors = Vec::new();
        let rules: Vec<Rule> = (self.rules.iter().enumerate())
            .filter_map(|(i, r)| check_rule(i, r, &mut errors))
            .collect();
        let mut dates: Vec<DateEntry> = (self.dates.iter().enumerate())
            .filter_map(|(i, d)| check_date(i, d, &self.closed_dates, &mut errors))
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        dates.sort_by_key(|d| (d.date, d.opens_at));
        let mut closed_dates = self.closed_dates.clone();
        closed_dates.sort();
        closed_dates.dedup();
        Ok(Schedule {
            rules,
            dates,
            closed_holidays: self.closed_holidays,
            closed_year_end: self.closed_year_end,
            closed_dates,
            notes: clean(self.notes.as_deref()),
        })
    }
}
