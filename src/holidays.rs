//! Japanese national holidays (国民の祝日・振替休日・国民の休日), computed from the rules of
//! 国民の祝日に関する法律 as in force since 2020, for the years 2022 to 2099.
//!
//! - fixed days: 元日 1/1, 建国記念の日 2/11, 天皇誕生日 2/23, 昭和の日 4/29, 憲法記念日 5/3,
//!   みどりの日 5/4, こどもの日 5/5, 山の日 8/11, 文化の日 11/3, 勤労感謝の日 11/23;
//! - Happy Monday days: 成人の日 (2nd Monday of January), 海の日 (3rd Monday of July),
//!   敬老の日 (3rd Monday of September), スポーツの日 (2nd Monday of October);
//! - 春分の日 and 秋分の日 by the standard approximation of the equinox date, valid for
//!   1980–2099: `floor(20.8431 + 0.242194 (y − 1980) − floor((y − 1980) / 4))` for March and
//!   `floor(23.2488 + …)` for September (computed here in integers, with no rounding error);
//! - 振替休日 (article 3-2): a holiday on a Sunday moves to the next day that is not a holiday;
//! - 国民の休日 (article 3-3): a day between two holidays is a holiday.
//!
//! Years outside 2022–2099 have no holidays here: the special dates of 2019–2021 (the
//! enthronement, the Olympic moves) are not modelled, and the equinox formula changes
//! after 2099. The equinoxes are officially fixed a year ahead by the Cabinet Office from
//! the National Astronomical Observatory's ephemeris; the formula agrees with the dates
//! published for 2022–2027 (see the tests).

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// First year with holidays here.
pub const FIRST_YEAR: i32 = 2022;
/// Last year with holidays here.
pub const LAST_YEAR: i32 = 2099;

/// 振替休日
pub const SUBSTITUTE: &str = "振替休日";
/// 国民の休日
pub const BRIDGE: &str = "国民の休日";

/// The name of the national holiday on `date`, or `None` on a working day or a date
/// outside 2022–2099.
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return None;
    }
    if let Some(name) = statutory(date) {
        return Some(name);
    }
    // 振替休日: walk back over the run of holidays just before `date`; if the run
    // contains a Sunday, the holiday on that Sunday moved to `date`. A run never crosses a
    // year boundary: 12/31 and 1/1 are never both holidays of the run (12/31 is not one).
    let mut day = date.pred_opt()?;
    while statutory(day).is_some() {
        if day.weekday() == Weekday::Sun {
            return Some(SUBSTITUTE);
        }
        day = day.pred_opt()?;
    }
    // 国民の休日: both neighbours are 国民の祝日.
    if statutory(date.pred_opt()?).is_some() && statutory(date.succ_opt()?).is_some() {
        return Some(BRIDGE);
    }
    None
}

/// Every national holiday from `from` to `to`, both included, in date order.
pub fn holidays_between(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, &'static str)> {
    let from = from.max(NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap_or(from));
    let to = to.min(NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap_or(to));
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        if let Some(name) = holiday_name(day) {
            out.push((day, name));
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    out
}

/// Whether `date` is a national holiday (any of the three kinds).
pub fn is_holiday(date: NaiveDate) -> bool {
    holiday_name(date).is_some()
}

/// The 国民の祝日 named in article 2 (not 振替休日 or 国民の休日), for any year.
fn statutory(date: NaiveDate) -> Option<&'static str> {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let monday = |n: u8| nth_monday(y, m, n) == Some(d);
    Some(match (m, d) {
        (1, 1) => "元日",
        (1, _) if monday(2) => "成人の日",
        (2, 11) => "建国記念の日",
        (2, 23) => "天皇誕生日",
        (3, _) if spring_equinox(y) == Some(d) => "春分の日",
        (4, 29) => "昭和の日",
        (5, 3) => "憲法記念日",
        (5, 4) => "みどりの日",
        (5, 5) => "こどもの日",
        (7, _) if monday(3) => "海の日",
        (8, 11) => "山の日",
        (9, _) if monday(3) => "敬老の日",
        (9, _) if autumn_equinox(y) == Some(d) => "秋分の日",
        (10, _) if monday(2) => "スポーツの日",
        (11, 3) => "文化の日",
        (11, 23) => "勤労感謝の日",
        _ => return None,
    })
}

/// Day of the month of the `n`th Monday of `month`.
fn nth_monday(year: i32, month: u32, n: u8) -> Option<u32> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n).map(|d| d.day())
}

/// 春分日 (March), 1980–2099.
pub fn spring_equinox(year: i32) -> Option<u32> {
    equinox(year, 20_843_100)
}

/// 秋分日 (September), 1980–2099.
pub fn autumn_equinox(year: i32) -> Option<u32> {
    equinox(year, 23_248_800)
}

/// `floor(base/1e6 + 0.242194 n − floor(n / 4))` with `n = year − 1980`, in integers.
fn equinox(year: i32, base: i64) -> Option<u32> {
    if !(1980..=2099).contains(&year) {
        return None;
    }
    let n = i64::from(year - 1980);
    let micro = base + 242_194 * n - 1_000_000 * (n / 4);
    u32::try_from(micro / 1_000_000).ok()
}

/// `date + n` days, or `None` past the end of the calendar.
pub(crate) fn add_days(date: NaiveDate, n: u64) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn list(year: i32) -> Vec<(String, &'static str)> {
        holidays_between(ymd(year, 1, 1), ymd(year, 12, 31))
            .into_iter()
            .map(|(d, n)| (d.format("%m-%d").to_string(), n))
            .collect()
    }

    fn table(rows: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
        rows.iter().map(|(d, n)| (d.to_string(), *n)).collect()
    }

    /// 内閣府「国民の祝日について」2025年（令和7年）. 2/23, 5/4 and 11/23 are Sundays.
    #[test]
    fn official_2025() {
        let want = table(&[
            ("01-01", "元日"),
            ("01-13", "成人の日"),
            ("02-11", "建国記念の日"),
            ("02-23", "天皇誕生日"),
            ("02-24", "振替休日"),
            ("03-20", "春分の日"),
            ("04-29", "昭和の日"),
            ("05-03", "憲法記念日"),
            ("05-04", "みどりの日"),
            ("05-05", "こどもの日"),
            ("05-06", "振替休日"),
            ("07-21", "海の日"),
            ("08-11", "山の日"),
            ("09-15", "敬老の日"),
            ("09-23", "秋分の日"),
            ("10-13", "スポーツの日"),
            ("11-03", "文化の日"),
            ("11-23", "勤労感謝の日"),
            ("11-24", "振替休日"),
        ]);
        assert_eq!(list(2025), want);
    }

    /// 2026年（令和8年）: 5/3 is a Sunday (5/4, 5/5 are holidays, so 5/6 is 振替休日);
    /// 9/22 lies between 敬老の日 9/21 and 秋分の日 9/23.
    #[test]
    fn official_2026() {
        let want = table(&[
            ("01-01", "元日"),
            ("01-12", "成人の日"),
            ("02-11", "建国記念の日"),
            ("02-23", "天皇誕生日"),
            ("03-20", "春分の日"),
            ("04-29", "昭和の日"),
            ("05-03", "憲法記念日"),
            ("05-04", "みどりの日"),
            ("05-05", "こどもの日"),
            ("05-06", "振替休日"),
            ("07-20", "海の日"),
            ("08-11", "山の日"),
            ("09-21", "敬老の日"),
            ("09-22", "国民の休日"),
            ("09-23", "秋分の日"),
            ("10-12", "スポーツの日"),
            ("11-03", "文化の日"),
            ("11-23", "勤労感謝の日"),
        ]);
        assert_eq!(list(2026), want);
    }

    /// 2027年（令和9年）: 春分の日 3/21 is a Sunday.
    #[test]
    fn official_2027() {
        let want = table(&[
            ("01-01", "元日"),
            ("01-11", "成人の日"),
            ("02-11", "建国記念の日"),
            ("02-23", "天皇誕生日"),
            ("03-21", "春分の日"),
            ("03-22", "振替休日"),
            ("04-29", "昭和の日"),
            ("05-03", "憲法記念日"),
            ("05-04", "みどりの日"),
            ("05-05", "こどもの日"),
            ("07-19", "海の日"),
            ("08-11", "山の日"),
            ("09-20", "敬老の日"),
            ("09-23", "秋分の日"),
            ("10-11", "スポーツの日"),
            ("11-03", "文化の日"),
            ("11-23", "勤労感謝の日"),
        ]);
        assert_eq!(list(2027), want);
    }

    #[test]
    fn equinoxes_known_from_the_formula_by_hand() {
        // n = 46: 20.8431 + 11.140924 − 11 = 20.98 → 20; 23.2488 + 11.140924 − 11 → 23.
        assert_eq!(spring_equinox(2026), Some(20));
        assert_eq!(autumn_equinox(2026), Some(23));
        // n = 64: 20.8431 + 15.500416 − 16 = 20.34 → 20; 23.2488 + 15.500416 − 16 = 22.75 → 22.
        assert_eq!(spring_equinox(2044), Some(20));
        assert_eq!(autumn_equinox(2044), Some(22));
        // n = 116: 20.8431 + 28.094504 − 29 = 19.94 → 19 (春分の日 is 3/19 in 2096).
        assert_eq!(spring_equinox(2096), Some(19));
        assert_eq!(spring_equinox(1979), None);
        assert_eq!(autumn_equinox(2100), None);
    }

    #[test]
    fn bridge_days_in_later_years() {
        // 2032: 敬老の日 is the 3rd Monday, 9/20; 秋分 n = 52: 23.2488 + 12.594088 − 13
        // = 22.84 → 9/22, so 9/21 (Tuesday) lies between them.
        assert_eq!(holiday_name(ymd(2032, 9, 20)), Some("敬老の日"));
        assert_eq!(holiday_name(ymd(2032, 9, 21)), Some(BRIDGE));
        assert_eq!(holiday_name(ymd(2032, 9, 22)), Some("秋分の日"));
        // 2037: 9/21 is the 3rd Monday; 秋分 n = 57: 23.2488 + 13.805058 − 14 = 23.05 → 9/23.
        assert_eq!(holiday_name(ymd(2037, 9, 21)), Some("敬老の日"));
        assert_eq!(holiday_name(ymd(2037, 9, 22)), Some(BRIDGE));
    }

    #[test]
    fn substitute_after_a_run_of_holidays() {
        // 2031-05-04 is a Sunday → 5/5 is こどもの日, so 5/6 (Tuesday) is 振替休日.
        assert_eq!(holiday_name(ymd(2031, 5, 4)), Some("みどりの日"));
        assert_eq!(holiday_name(ymd(2031, 5, 6)), Some(SUBSTITUTE));
        assert_eq!(holiday_name(ymd(2031, 5, 7)), None);
        // 2028-01-01 is a Saturday: no substitute (only Sundays move).
        assert_eq!(holiday_name(ymd(2028, 1, 3)), None);
        // 2023-01-01 is a Sunday → 1/2 is 振替休日.
        assert_eq!(holiday_name(ymd(2023, 1, 2)), Some(SUBSTITUTE));
    }

    #[test]
    fn outside_the_supported_years_and_the_calendar() {
        assert_eq!(holiday_name(ymd(2021, 1, 1)), None);
        assert_eq!(holiday_name(ymd(2100, 1, 1)), None);
        assert_eq!(holiday_name(NaiveDate::MIN), None);
        assert_eq!(holiday_name(NaiveDate::MAX), None);
        assert!(holidays_between(NaiveDate::MIN, NaiveDate::MAX).len() > 1000);
        assert!(holidays_between(ymd(2026, 2, 1), ymd(2026, 1, 1)).is_empty());
        assert!(is_holiday(ymd(2026, 9, 22)));
        assert!(!is_holiday(ymd(2026, 9, 24)));
    }
}
