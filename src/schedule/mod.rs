//! When a place is open: HSDS 3.0-style schedule rules (which are RFC 5545 recurrence
//! rules), one-off dates, and closures (national holidays, 年末年始, listed dates).
//!
//! The same [`Schedule`] feeds the Japanese description on the page, the `.ics` calendar,
//! the open-data CSV/JSON and the browser's 「今日ひらいている」 filter.
//!
//! Written by staff in a resource's front matter:
//!
//! ```toml
//! [schedule]
//! closed_holidays = true        # 祝日は休み
//! closed_year_end = true        # 年末年始（12月29日〜1月3日）は休み
//! closed_dates = [2026-08-13]   # ほかに休む日
//! notes = "雨天中止"
//!
//! [[schedule.rules]]
//! freq = "monthly"              # weekly | monthly
//! byday = ["2SA", "4SA"]        # 第2・第4土曜 (weekly: ["MO", "WE"])
//! opens_at = "11:00"
//! closes_at = "14:00"
//! valid_from = 2026-04-01       # optional
//! valid_to = 2027-03-31         # optional
//!
//! [[schedule.dates]]            # irregular dates
//! date = 2026-06-14
//! opens_at = "10:00"
//! closes_at = "12:00"
//! ```
//!
//! [`RawSchedule::check`] turns the written form into a [`Schedule`] and reports every
//! problem ([`ScheduleError`]). Times are `H:MM` or `HH:MM` from `0:00` to `24:00`; a
//! closing time of 24:00 (or 0:00) is stored as `00:00` and means midnight at the end of the
//! day. The modules:
//!
//! - [`check`]: checking, with messages for staff in Japanese and English;
//! - [`eval`]: [`Schedule::occurs_on`], [`Schedule::is_open_at`],
//!   [`Schedule::is_open_during`], and how `interval` is counted (the anchor);
//! - [`ja`]: [`Schedule::describe_ja`] (「毎月 第2・第4土曜日 11時〜14時」),
//!   [`Schedule::describe_en`] and the open-data CSV columns;
//! - [`ics`]: [`Schedule::ics`], an iCalendar file;
//! - [`browser`]: [`Schedule::to_browser_json`] and [`holidays_json`] for `open-now.js`.
//!
//! National holidays come from [`crate::holidays`].

pub mod browser;
pub mod check;
pub mod eval;
pub mod ics;
pub mod ja;
#[cfg(test)]
mod tests;

pub use browser::holidays_json;
pub use check::ScheduleError;

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// Recurrence frequency (RFC 5545 `FREQ`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Freq {
    Weekly,
    Monthly,
}

/// One `BYDAY` value: a weekday, with an ordinal in monthly rules (`2SA` = second
/// Saturday, `-1FR` = last Friday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByDay {
    pub nth: Option<i8>,
    pub weekday: Weekday,
}

/// A recurring opening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub freq: Freq,
    /// Every `interval` weeks/months (RFC 5545 `INTERVAL`), default 1.
    pub interval: u32,
    pub byday: Vec<ByDay>,
    /// Days of the month (monthly rules), 1..=31 or -1 for the last day.
    pub bymonthday: Vec<i8>,
    pub opens_at: NaiveTime,
    pub closes_at: NaiveTime,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub description: Option<String>,
}

/// A one-off opening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateEntry {
    pub date: NaiveDate,
    pub opens_at: NaiveTime,
    pub closes_at: NaiveTime,
    pub description: Option<String>,
}

/// Everything about when a place is open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    pub rules: Vec<Rule>,
    pub dates: Vec<DateEntry>,
    /// Closed on Japanese national holidays (祝日・振替休日・国民の休日).
    pub closed_holidays: bool,
    /// Closed from 29 December to 3 January (年末年始).
    pub closed_year_end: bool,
    pub closed_dates: Vec<NaiveDate>,
    pub notes: Option<String>,
}

/// The schedule as staff write it (front matter `[schedule]`); checked into a [`Schedule`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSchedule {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RawRule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<RawDate>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed_holidays: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed_year_end: bool,
    #[serde(
        default,
        deserialize_with = "crate::dates::date_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub closed_dates: Vec<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// `weekly` or `monthly`.
    pub freq: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<u32>,
    /// RFC 5545 BYDAY values: `MO`…`SU`, with an ordinal in monthly rules: `2SA`, `-1FR`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub byday: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bymonthday: Vec<i8>,
    /// `HH:MM`, 24-hour.
    pub opens_at: String,
    pub closes_at: String,
    #[serde(
        default,
        deserialize_with = "crate::dates::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_from: Option<NaiveDate>,
    #[serde(
        default,
        deserialize_with = "crate::dates::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_to: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDate {
    #[serde(deserialize_with = "crate::dates::date")]
    pub date: NaiveDate,
    pub opens_at: String,
    pub closes_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}
