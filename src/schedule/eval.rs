//! When a checked [`Schedule`] is open: on a date, at a moment, during a period.
//!
//! The rules, in the order they are applied (the browser's `open-now.js` does exactly the
//! same, and a test compares the two on every day of 2026):
//!
//! 1. A [`Rule`] occurs on a date inside its validity period whose weekday (weekly rules)
//!    or whose place in the month (monthly rules) matches `byday` or `bymonthday`:
//!    `2SA` is the second Saturday (days 8–14), `-1FR` the last Friday (the last 7 days),
//!    a plain `SA` in a monthly rule every Saturday; `bymonthday` 31 skips months with fewer
//!    days and -1 is the last day.
//! 2. `interval` counts weeks (or months) from an **anchor**: the week (Monday to Sunday)
//!    or the month of `valid_from`; without `valid_from`, the week of Monday 1 January
//!    2024 (ISO week 1 of 2024) or the month January 2024. `interval = 2` in a weekly
//!    rule with no `valid_from` so means the weeks of 2024-01-01, 2024-01-15, 2024-01-29 …
//! 3. Closures (national holidays, 年末年始 29 December–3 January, `closed_dates`) remove the
//!    occurrences of the rules on those days.
//! 4. One-off dates are explicit and always open: a closure never removes them.
//! 5. The day's openings are sorted, and overlapping or touching ones are joined
//!    (9:00–12:00 and 12:00–17:00 become 9:00–17:00).
//!
//! A closing time of 00:00 is midnight at the end of the day (24:00).

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::check::time_of_minutes;
use super::{ByDay, Freq, Rule, Schedule};
use crate::holidays;

/// [`Schedule::is_open_during`] looks at most this many days after the start of the period
/// (about ten years) for each rule.
pub const MAX_SCAN_DAYS: u64 = 3660;

/// Anchor of interval counting when a rule has no `valid_from`: Monday of ISO week 1 of
/// 2024, which is also the first day of January 2024.
pub fn default_anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Minutes after midnight of an opening time.
pub fn open_minutes(t: NaiveTime) -> u16 {
    // hour < 24 and minute < 60, so this is at most 1439.
    u16::try_from(t.hour() * 60 + t.minute()).unwrap_or(0)
}

/// Minutes after midnight of a closing time: 00:00 is the end of the day, 1440.
pub fn close_minutes(t: NaiveTime) -> u16 {
    match open_minutes(t) {
        0 => 24 * 60,
        m => m,
    }
}

/// Number of days in a month.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if NaiveDate::from_ymd_opt(year, 2, 29).is_some() => 29,
        2 => 28,
        _ => 31,
    }
}

/// 年末年始: 29 December to 3 January.
pub fn is_year_end(date: NaiveDate) -> bool {
    matches!((date.month(), date.day()), (12, 29..=31) | (1, 1..=3))
}

fn monday_of(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - i64::from(date.weekday().num_days_from_monday())
}

fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

impl ByDay {
    /// Whether `date` is this day: the weekday, and with an ordinal the `nth` such weekday
    /// of its month (from the end when negative).
    pub fn matches(&self, date: NaiveDate) -> bool {
        if date.weekday() != self.weekday {
            return false;
        }
        let day = date.day();
        match self.nth {
            None => true,
            Some(n) if n > 0 => (day - 1) / 7 + 1 == u32::from(n.unsigned_abs()),
            Some(n) => {
                let from_end = days_in_month(date.year(), date.month()) - day;
                from_end / 7 + 1 == u32::from(n.unsigned_abs())
            }
        }
    }
}

impl Rule {
    /// The date interval counting starts from (see the module docs): the Monday of the week
    /// of `valid_from` for weekly rules, the first of its month for monthly rules, else
    /// [`default_anchor`].
    pub fn anchor(&self) -> NaiveDate {
        let Some(from) = self.valid_from else {
            return default_anchor();
        };
        match self.freq {
            Freq::Weekly => from
                .checked_sub_days(chrono::Days::new(u64::from(
                    from.weekday().num_days_from_monday(),
                )))
                .unwrap_or(from),
            Freq::Monthly => from.with_day(1).unwrap_or(from),
        }
    }

    /// Whether the rule's pattern and validity include `date`. Closures are not applied:
    /// see [`Schedule::occurs_on`].
    pub fn occurs_on(&self, date: NaiveDate) -> bool {
        if self.valid_from.is_some_and(|f| date < f) || self.valid_to.is_some_and(|t| date > t) {
            return false;
        }
        let interval = i64::from(self.interval.max(1));
        let anchor = self.anchor();
        let in_step = match self.freq {
            Freq::Weekly => ((monday_of(date) - monday_of(anchor)) / 7).rem_euclid(interval) == 0,
            Freq::Monthly => (month_index(date) - month_index(anchor)).rem_euclid(interval) == 0,
        };
        if !in_step {
            return false;
        }
        let last = days_in_month(date.year(), date.month());
        self.byday.iter().any(|b| b.matches(date))
            || self.bymonthday.iter().any(|&d| match d {
                -1 => date.day() == last,
                d => i64::from(d) == i64::from(date.day()),
            })
    }
}

impl Schedule {
    /// Whether the rules are closed on `date`: a national holiday (with `closed_holidays`),
    /// 年末年始 (with `closed_year_end`) or one of `closed_dates`.
    pub fn is_closed_on(&self, date: NaiveDate) -> bool {
        (self.closed_holidays && holidays::is_holiday(date))
            || (self.closed_year_end && is_year_end(date))
            || self.closed_dates.contains(&date)
    }

    /// The openings on `date` in minutes after midnight (`(540, 1020)` is 9:00–17:00; the
    /// end of the day is 1440), sorted, with overlapping and touching openings joined.
    pub fn minutes_on(&self, date: NaiveDate) -> Vec<(u16, u16)> {
        let mut spans: Vec<(u16, u16)> = Vec::new();
        if !self.is_closed_on(date) {
            spans.extend(
                self.rules
                    .iter()
                    .filter(|r| r.occurs_on(date))
                    .map(|r| (open_minutes(r.opens_at), close_minutes(r.closes_at))),
            );
        }
        spans.extend(
            self.dates
                .iter()
                .filter(|d| d.date == date)
                .map(|d| (open_minutes(d.opens_at), close_minutes(d.closes_at))),
        );
        spans.sort_unstable();
        let mut out: Vec<(u16, u16)> = Vec::with_capacity(spans.len());
        for (open, close) in spans {
            match out.last_mut() {
                Some(last) if open <= last.1 => last.1 = last.1.max(close),
                _ => out.push((open, close)),
            }
        }
        out
    }

    /// The openings on `date`, sorted, after closures (see the module docs). A closing time
    /// of 00:00 means midnight at the end of the day.
    pub fn occurs_on(&self, date: NaiveDate) -> Vec<(NaiveTime, NaiveTime)> {
        self.minutes_on(date)
            .into_iter()
            .map(|(o, c)| (time_of_minutes(o), time_of_minutes(c)))
            .collect()
    }

    /// Whether the place is open at the local (Japan) time `at`: an opening includes its
    /// start and excludes its end (open 9:00–17:00 is open at 16:59, closed at 17:00).
    pub fn is_open_at(&self, at: NaiveDateTime) -> bool {
        let second = at.time().num_seconds_from_midnight();
        self.minutes_on(at.date())
            .iter()
            .any(|&(o, c)| u32::from(o) * 60 <= second && second < u32::from(c) * 60)
    }

    /// Whether the place opens on any day from `from` to `to`, both included (「今週ひらいている」).
    /// Each rule is looked at from the later of `from` and its `valid_from`, for at most
    /// [`MAX_SCAN_DAYS`] days.
    pub fn is_open_during(&self, from: NaiveDate, to: NaiveDate) -> bool {
        if from > to {
            return false;
        }
        if self.dates.iter().any(|d| from <= d.date && d.date <= to) {
            return true;
        }
        self.rules.iter().any(|rule| {
            let start = rule.valid_from.map_or(from, |f| f.max(from));
            let mut end = rule.valid_to.map_or(to, |t| t.min(to));
            if let Some(cap) = holidays::add_days(start, MAX_SCAN_DAYS - 1) {
                end = end.min(cap);
            }
            start
                .iter_days()
                .take_while(|d| *d <= end)
                .any(|d| rule.occurs_on(d) && !self.is_closed_on(d))
        })
    }
}
