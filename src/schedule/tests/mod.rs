//! Unit tests of the schedule engine. Every expected value was worked out by hand from a
//! printed calendar (the weekday of each date is noted where it matters).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::{RawSchedule, Schedule, ScheduleError};

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
