//! Expected dates read off a printed calendar of 2024–2028.

use super::*;
use crate::schedule::eval::{days_in_month, default_anchor, is_year_end};

fn rule(toml_rule: &str) -> Schedule {
    schedule(&format!(
        "[[rules]]\nopens_at = \"9:00\"\ncloses_at = \"10:00\"\n{toml_rule}"
    ))
}

/// Dates of `year`-`month` on which the schedule has an opening.
fn open_days(s: &Schedule, year: i32, month: u32) -> Vec<u32> {
    (1..=days_in_month(year, month))
        .filter(|&d| !s.occurs_on(ymd(year, month, d)).is_empty())
        .collect()
}

#[test]
fn salon_second_and_fourth_saturdays_within_the_period() {
    let s = schedule(SALON);
    let morning = vec![(hm(11, 0), hm(14, 0))];
    // April 2026: Saturdays 4, 11, 18, 25.
    assert_eq!(s.occurs_on(ymd(2026, 4, 11)), morning);
    assert_eq!(s.occurs_on(ymd(2026, 4, 25)), morning);
    assert_eq!(s.occurs_on(ymd(2026, 4, 18)), vec![], "third Saturday");
    assert_eq!(s.occurs_on(ymd(2026, 4, 4)), vec![], "first Saturday");
    // March 2026: Saturdays 7, 14, 21, 28 — before valid_from.
    assert_eq!(s.occurs_on(ymd(2026, 3, 14)), vec![]);
    // March 2027: Saturdays 6, 13, 20, 27 — the last month of the period.
    assert_eq!(s.occurs_on(ymd(2027, 3, 27)), morning);
    // April 2027: Saturdays 3, 10, 17, 24 — after valid_to.
    assert_eq!(s.occurs_on(ymd(2027, 4, 10)), vec![]);
}

#[test]
fn salon_every_other_wednesday_counted_from_2024() {
    let s = schedule(SALON);
    let afternoon = vec![(hm(13, 30), hm(15, 30))];
    // 2024-01-01 → 2025-12-29 (a Monday) is 728 days = 104 weeks: an "on" week, so the
    // on-Wednesdays of 2026 are 2025-12-31 + 14k: 1/14, 1/28, 2/11, 2/25, 3/11 …
    assert_eq!(open_days(&s, 2026, 1), vec![14, 28]);
    assert_eq!(
        open_days(&s, 2026, 2),
        vec![25],
        "2/11 is 建国記念の日 (closed)"
    );
    // April: Wednesdays 8 and 22, Saturdays 11 and 25.
    assert_eq!(open_days(&s, 2026, 4), vec![8, 11, 22, 25]);
    // May: 5/6 is 振替休日 (closed); 5/20; Saturdays 9 and 23.
    assert_eq!(open_days(&s, 2026, 5), vec![9, 20, 23]);
    // September: 9/9; 9/23 秋分の日 (closed); Saturdays 12 and 26.
    assert_eq!(open_days(&s, 2026, 9), vec![9, 12, 26]);
    // December: 12/2, 12/16, 12/30 (年末年始, closed); Saturdays 12, 26; the party on 12/20.
    assert_eq!(open_days(&s, 2026, 12), vec![2, 12, 16, 20, 26]);
    assert_eq!(s.occurs_on(ymd(2026, 1, 7)), vec![], "an off week");
    assert_eq!(s.occurs_on(ymd(2026, 1, 14)), afternoon);
    assert_eq!(s.occurs_on(ymd(2026, 12, 20)), vec![(hm(10, 0), hm(12, 0))]);
}

#[test]
fn open_at_includes_the_start_and_excludes_the_end() {
    let s = schedule(SALON);
    assert!(!s.is_open_at(at(2026, 4, 11, 10, 59)));
    assert!(s.is_open_at(at(2026, 4, 11, 11, 0)));
    assert!(s.is_open_at(at(2026, 4, 11, 13, 59)));
    assert!(!s.is_open_at(at(2026, 4, 11, 14, 0)));
    assert!(!s.is_open_at(at(2026, 4, 18, 12, 0)), "third Saturday");
    assert!(s.is_open_at(ymd(2026, 4, 22).and_hms_opt(15, 29, 59).unwrap()));
}

#[test]
fn open_during_a_week() {
    let s = schedule(SALON);
    // Mon 4/13 – Sun 4/19: Wednesday 4/15 is an off week, Saturday 4/18 the third.
    assert!(!s.is_open_during(ymd(2026, 4, 13), ymd(2026, 4, 19)));
    // Mon 4/20 – Sun 4/26: Wednesday 4/22.
    assert!(s.is_open_during(ymd(2026, 4, 20), ymd(2026, 4, 26)));
    // Mon 12/28 – Sun 2027-01-03: 12/30 is 年末年始; 1/2 is the first Saturday.
    assert!(!s.is_open_during(ymd(2026, 12, 28), ymd(2027, 1, 3)));
    // One day: the party.
    assert!(s.is_open_during(ymd(2026, 12, 20), ymd(2026, 12, 20)));
    assert!(
        !s.is_open_during(ymd(2026, 4, 26), ymd(2026, 4, 20)),
        "an empty period"
    );
}

#[test]
fn weekday_closures_and_explicit_dates() {
    let s = schedule(
        r#"
closed_holidays = true
closed_year_end = true
closed_dates = [2026-08-13]
[[rules]]
freq = "weekly"
byday = ["MO", "TU", "WE", "TH", "FR"]
opens_at = "9:00"
closes_at = "17:00"
[[dates]]
date = 2026-11-03
opens_at = "10:00"
closes_at = "12:00"
"#,
    );
    let day = vec![(hm(9, 0), hm(17, 0))];
    assert_eq!(s.occurs_on(ymd(2026, 8, 12)), day, "Wednesday");
    assert_eq!(s.occurs_on(ymd(2026, 8, 13)), vec![], "closed_dates");
    assert_eq!(s.occurs_on(ymd(2026, 8, 11)), vec![], "山の日 (Tuesday)");
    assert_eq!(
        s.occurs_on(ymd(2026, 9, 22)),
        vec![],
        "国民の休日 (Tuesday)"
    );
    assert_eq!(s.occurs_on(ymd(2026, 1, 2)), vec![], "年末年始 (Friday)");
    assert_eq!(s.occurs_on(ymd(2026, 1, 5)), day, "Monday after 年末年始");
    assert_eq!(
        s.occurs_on(ymd(2026, 12, 28)),
        day,
        "Monday before 年末年始"
    );
    assert_eq!(s.occurs_on(ymd(2026, 12, 29)), vec![]);
    assert_eq!(s.occurs_on(ymd(2026, 8, 15)), vec![], "Saturday");
    assert_eq!(
        s.occurs_on(ymd(2026, 11, 3)),
        vec![(hm(10, 0), hm(12, 0))],
        "文化の日 is closed, but the date written explicitly opens"
    );
    // Tue 12/29 – Sun 2027-01-03 is all closed.
    assert!(!s.is_open_during(ymd(2026, 12, 29), ymd(2027, 1, 3)));
    assert!(s.is_open_during(ymd(2026, 12, 29), ymd(2027, 1, 4)));

    let open_on_holidays = Schedule {
        closed_holidays: false,
        ..s.clone()
    };
    assert_eq!(open_on_holidays.occurs_on(ymd(2026, 8, 11)), day);
    assert_eq!(
        open_on_holidays.occurs_on(ymd(2026, 11, 3)),
        vec![(hm(9, 0), hm(17, 0))],
        "the date's 10–12 lies inside 9–17 and is joined into it"
    );
}

#[test]
fn overlapping_and_touching_openings_are_joined() {
    let s = schedule(
        r#"
[[rules]]
freq = "weekly"
byday = ["MO", "TU"]
opens_at = "13:00"
closes_at = "15:00"
[[rules]]
freq = "weekly"
byday = ["MO"]
opens_at = "9:00"
closes_at = "12:00"
[[rules]]
freq = "weekly"
byday = ["MO"]
opens_at = "12:00"
closes_at = "13:00"
[[rules]]
freq = "weekly"
byday = ["MO"]
opens_at = "14:00"
closes_at = "16:30"
[[rules]]
freq = "weekly"
byday = ["TU"]
opens_at = "9:00"
closes_at = "10:00"
"#,
    );
    // 2026-04-13 is a Monday, 4/14 a Tuesday.
    assert_eq!(s.occurs_on(ymd(2026, 4, 13)), vec![(hm(9, 0), hm(16, 30))]);
    assert_eq!(s.minutes_on(ymd(2026, 4, 13)), vec![(540, 990)]);
    assert_eq!(
        s.occurs_on(ymd(2026, 4, 14)),
        vec![(hm(9, 0), hm(10, 0)), (hm(13, 0), hm(15, 0))]
    );
}

#[test]
fn last_and_fifth_weekdays() {
    // Fridays: January 2026 2, 9, 16, 23, 30; February 6, 13, 20, 27; May 1 … 29.
    let last = rule("freq = \"monthly\"\nbyday = [\"-1FR\"]");
    assert_eq!(open_days(&last, 2026, 1), vec![30]);
    assert_eq!(open_days(&last, 2026, 2), vec![27]);
    assert_eq!(open_days(&last, 2026, 5), vec![29]);
    let fifth = rule("freq = \"monthly\"\nbyday = [\"5FR\"]");
    assert_eq!(open_days(&fifth, 2026, 1), vec![30]);
    assert_eq!(open_days(&fifth, 2026, 2), Vec::<u32>::new());
    let second_last = rule("freq = \"monthly\"\nbyday = [\"-2FR\", \"1MO\"]");
    // Mondays of January 2026: 5, 12, 19, 26.
    assert_eq!(open_days(&second_last, 2026, 1), vec![5, 23]);
    // A plain weekday in a monthly rule is every such day: Saturdays of February 2026.
    let every = rule("freq = \"monthly\"\nbyday = [\"SA\"]");
    assert_eq!(open_days(&every, 2026, 2), vec![7, 14, 21, 28]);
}

#[test]
fn days_of_the_month() {
    let s = rule("freq = \"monthly\"\nbymonthday = [15, -1, 31]");
    assert_eq!(open_days(&s, 2026, 1), vec![15, 31]);
    assert_eq!(open_days(&s, 2026, 2), vec![15, 28]);
    assert_eq!(open_days(&s, 2026, 4), vec![15, 30], "no 31st in April");
    assert_eq!(open_days(&s, 2028, 2), vec![15, 29], "leap year");
}

#[test]
fn intervals_count_from_valid_from() {
    // Every 3 weeks from Wednesday 2026-04-01: the anchor week starts Monday 3/30.
    let s =
        rule("freq = \"weekly\"\ninterval = 3\nbyday = [\"MO\", \"TH\"]\nvalid_from = 2026-04-01");
    assert_eq!(
        open_days(&s, 2026, 3),
        Vec::<u32>::new(),
        "3/30 is before valid_from"
    );
    // Weeks of 3/30 (Th 4/2), 4/20 (Mo 4/20, Th 4/23); then 5/11 (Mo 5/11, Th 5/14).
    assert_eq!(open_days(&s, 2026, 4), vec![2, 20, 23]);
    assert_eq!(open_days(&s, 2026, 5), vec![11, 14]);

    // Every other month from 2026-05-10: May (its first Monday 5/4 is too early), July …
    let m = rule("freq = \"monthly\"\ninterval = 2\nbyday = [\"1MO\"]\nvalid_from = 2026-05-10");
    assert_eq!(open_days(&m, 2026, 5), Vec::<u32>::new());
    assert_eq!(
        open_days(&m, 2026, 6),
        Vec::<u32>::new(),
        "6/1 is in an off month"
    );
    assert_eq!(open_days(&m, 2026, 7), vec![6]);
    assert_eq!(open_days(&m, 2026, 9), vec![7]);
}

#[test]
fn intervals_without_valid_from_count_from_january_2024() {
    assert_eq!(default_anchor(), ymd(2024, 1, 1));
    // Every other month: January 2024 is on, so the odd months of every year are.
    let m = rule("freq = \"monthly\"\ninterval = 2\nbymonthday = [10]");
    assert_eq!(open_days(&m, 2026, 1), vec![10]);
    assert_eq!(open_days(&m, 2026, 2), Vec::<u32>::new());
    assert_eq!(open_days(&m, 2026, 11), vec![10]);
    assert_eq!(
        open_days(&m, 2023, 12),
        Vec::<u32>::new(),
        "before the anchor too"
    );
    // Every other week: the week of 2024-01-01 is on; Tuesday 2024-01-02 and 2024-01-16.
    let w = rule("freq = \"weekly\"\ninterval = 2\nbyday = [\"TU\"]");
    assert_eq!(open_days(&w, 2024, 1), vec![2, 16, 30]);
    // December 2023: Tuesday 12/19 is two weeks before 1/2; 12/26 is not.
    assert_eq!(open_days(&w, 2023, 12), vec![5, 19]);
}

#[test]
fn midnight_and_whole_days() {
    let s = schedule(
        r#"
[[rules]]
freq = "weekly"
byday = ["FR"]
opens_at = "22:00"
closes_at = "24:00"
[[rules]]
freq = "weekly"
byday = ["SU"]
opens_at = "0:00"
closes_at = "0:00"
"#,
    );
    // 2026-04-17 is a Friday, 4/18 a Saturday, 4/19 a Sunday.
    assert!(s.is_open_at(at(2026, 4, 17, 23, 59)));
    assert!(!s.is_open_at(at(2026, 4, 18, 0, 0)));
    assert!(s.is_open_at(at(2026, 4, 19, 0, 0)));
    assert!(s.is_open_at(at(2026, 4, 19, 23, 59)));
    assert_eq!(s.minutes_on(ymd(2026, 4, 17)), vec![(1320, 1440)]);
    assert_eq!(s.minutes_on(ymd(2026, 4, 19)), vec![(0, 1440)]);
    assert_eq!(s.occurs_on(ymd(2026, 4, 19)), vec![(hm(0, 0), hm(0, 0))]);
}

#[test]
fn long_periods_are_bounded() {
    // February only (every 12 months from February 2026), never a 31st: never open.
    let never =
        rule("freq = \"monthly\"\ninterval = 12\nbymonthday = [31]\nvalid_from = 2026-02-01");
    assert!(!never.is_open_during(NaiveDate::MIN, NaiveDate::MAX));
    // A rule that starts in 2090 is found from a period that starts in 2026.
    let late = rule("freq = \"weekly\"\nbyday = [\"MO\"]\nvalid_from = 2090-01-01");
    assert!(late.is_open_during(ymd(2026, 1, 1), ymd(2099, 12, 31)));
    assert!(!late.is_open_during(ymd(2026, 1, 1), ymd(2089, 12, 31)));
}

#[test]
fn calendar_helpers() {
    assert_eq!(days_in_month(2026, 2), 28);
    assert_eq!(days_in_month(2028, 2), 29);
    assert_eq!(days_in_month(2100, 2), 28);
    assert_eq!(days_in_month(2000, 2), 29);
    assert_eq!(days_in_month(2026, 9), 30);
    assert_eq!(days_in_month(2026, 12), 31);
    assert!(is_year_end(ymd(2026, 12, 29)));
    assert!(is_year_end(ymd(2027, 1, 3)));
    assert!(!is_year_end(ymd(2026, 12, 28)));
    assert!(!is_year_end(ymd(2027, 1, 4)));
}
