//! Unit tests of the schedule engine. Every expected value was worked out by hand from a
//! printed calendar (the weekday of each date is noted where it matters).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::{RawSchedule, Schedule, ScheduleError};

/// The spec's salon: 第2・第4土曜 11:00–14:00 from 2026-04-01 to 2027-03-31, 隔週水曜
/// 13:30–15:30 (no valid_from: weeks counted from 2024-01-01), a Christmas party on
/// 2026-12-20, closed on holidays, 年末年始 and 2026-08-13. Shared by the tests that check,
/// evaluate and describe it (output.rs keeps its own, without `notes`).
const SALON: &str = r#"
closed_holidays = true
closed_year_end = true
closed_dates = [2026-08-13]
notes = "8月はお休みです"

[[rules]]
freq = "monthly"
byday = ["2SA", "4SA"]
opens_at = "11:00"
closes_at = "14:00"
valid_from = 2026-04-01
valid_to = 2027-03-31

[[rules]]
freq = "weekly"
interval = 2
byday = ["WE"]
opens_at = "13:30"
closes_at = "15:30"

[[dates]]
date = 2026-12-20
opens_at = "10:00"
closes_at = "12:00"
description = "クリスマス会"
"#;

mod check;
mod eval;
mod ja;
mod output;

/// A `[schedule]` table written as in front matter (without the `[schedule]` header).
fn raw(toml_text: &str) -> RawSchedule {
    toml::from_str(toml_text).unwrap()
}

fn schedule(toml_text: &str) -> Schedule {
    match raw(toml_text).check() {
        Ok(s) => s,
        Err(e) => panic!("{e:#?}"),
    }
}

fn errors(toml_text: &str) -> Vec<ScheduleError> {
    match raw(toml_text).check() {
        Ok(s) => panic!("expected errors, got {s:#?}"),
        Err(e) => e,
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
    ymd(y, mo, d).and_time(hm(h, mi))
}
