use super::*;
use crate::diagnostics::Problem;
use crate::schedule::check::{ByDayError, parse_byday, parse_minutes};
use crate::schedule::{ByDay, DateEntry, Freq, RawDate, RawRule, Rule};
use chrono::Weekday;

#[test]
fn the_spec_example_is_checked_into_its_model() {
    let s = schedule(SALON);
    assert_eq!(
        s,
        Schedule {
            rules: vec![
                Rule {
                    freq: Freq::Monthly,
                    interval: 1,
                    byday: vec![
                        ByDay {
                            nth: Some(2),
                            weekday: Weekday::Sat
                        },
                        ByDay {
                            nth: Some(4),
                            weekday: Weekday::Sat
                        },
                    ],
                    bymonthday: vec![],
                    opens_at: hm(11, 0),
                    closes_at: hm(14, 0),
                    valid_from: Some(ymd(2026, 4, 1)),
                    valid_to: Some(ymd(2027, 3, 31)),
                    description: None,
                },
                Rule {
                    freq: Freq::Weekly,
                    interval: 2,
                    byday: vec![ByDay {
                        nth: None,
                        weekday: Weekday::Wed
                    }],
                    bymonthday: vec![],
                    opens_at: hm(13, 30),
                    closes_at: hm(15, 30),
                    valid_from: None,
                    valid_to: None,
                    description: None,
                },
            ],
            dates: vec![DateEntry {
                date: ymd(2026, 12, 20),
                opens_at: hm(10, 0),
                closes_at: hm(12, 0),
                description: Some("クリスマス会".into()),
            }],
            closed_holidays: true,
            closed_year_end: true,
            closed_dates: vec![ymd(2026, 8, 13)],
            notes: Some("8月はお休みです".into()),
        }
    );
}

#[test]
fn every_problem_is_reported_with_its_field_and_value() {
    let errs = errors(
        r#"
closed_dates = [2026-06-14]
[[rules]]
freq = "daily"
byday = ["2SAT", "MO"]
opens_at = "25:00"
closes_at = "17:00"

[[rules]]
freq = "weekly"
byday = ["2SA"]
bymonthday = [15]
opens_at = "9:00"
closes_at = "12:00"

[[rules]]
freq = "monthly"
interval = 0
byday = ["6SA", "0MO", "-1FR"]
opens_at = "17:00"
closes_at = "9:00"

[[rules]]
freq = "monthly"
byday = ["1MO"]
bymonthday = [32, -2, 0, 31]
opens_at = "9:00"
closes_at = "10:00"
valid_from = 2026-04-01
valid_to = 2026-03-31

[[rules]]
freq = "weekly"
opens_at = "24:00"
closes_at = "24:00"

[[dates]]
date = 2026-06-13
opens_at = "9:60"
closes_at = "9:00:00"

[[dates]]
date = 2026-06-14
opens_at = "9:00"
closes_at = "10:00"
"#,
    );
    let got: Vec<(&str, &str)> = errs
        .iter()
        .map(|e| (e.field.as_str(), e.value.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("schedule.rules[0].freq", "daily"),
            ("schedule.rules[0].byday", "2SAT"),
            ("schedule.rules[0].opens_at", "25:00"),
            ("schedule.rules[1].byday", "2SA"),
            ("schedule.rules[1].bymonthday", "15"),
            ("schedule.rules[2].interval", "0"),
            ("schedule.rules[2].byday", "6SA"),
            ("schedule.rules[2].byday", "0MO"),
            ("schedule.rules[2].closes_at", "9:00"),
            ("schedule.rules[3].bymonthday", "32"),
            ("schedule.rules[3].bymonthday", "-2"),
            ("schedule.rules[3].bymonthday", "0"),
            ("schedule.rules[3].bymonthday", "32"),
            ("schedule.rules[3].valid_to", "2026-03-31"),
            ("schedule.rules[4].byday", ""),
            ("schedule.rules[4].opens_at", "24:00"),
            ("schedule.dates[0].opens_at", "9:60"),
            ("schedule.dates[0].closes_at", "9:00:00"),
            ("schedule.closed_dates", "2026-06-14"),
        ]
    );
    assert!(
        errs.iter().all(|e| matches!(
            &e.problem,
            Problem::Field {
                hint_ja: Some(_),
                hint_en: Some(_),
                ..
            }
        )),
        "every problem has a hint in both languages"
    );
}

fn texts(e: &ScheduleError) -> (String, String, String) {
    match &e.problem {
        Problem::Field {
            ja, en, hint_ja, ..
        } => (ja.clone(), en.clone(), hint_ja.clone().unwrap_or_default()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn messages_name_the_value_in_plain_words() {
    let errs = errors(
        "[[rules]]\nfreq = \"monthly\"\nbyday = [\"2SAT\"]\nopens_at = \"9:00\"\ncloses_at = \"10:00\"\n",
    );
    let (ja, en, hint) = texts(&errs[0]);
    assert_eq!(ja, "曜日「2SAT」が読めません。");
    assert_eq!(en, "cannot read the day `2SAT`");
    assert!(
        hint.starts_with("MO TU WE TH FR SA SU のどれかを書きます。"),
        "{hint}"
    );
    assert!(hint.contains("2SA（第2土曜日）"), "{hint}");

    let errs = errors(
        "[[rules]]\nfreq = \"weekly\"\nbyday = [\"2SA\"]\nopens_at = \"9:00\"\ncloses_at = \"10:00\"\n",
    );
    let (ja, _, hint) = texts(&errs[0]);
    assert!(ja.contains("毎週のルールでは"), "{ja}");
    assert!(hint.contains("freq = \"monthly\""), "{hint}");

    let errs = errors(
        "[[rules]]\nfreq = \"weekly\"\nbyday = [\"MO\"]\nopens_at = \"17:00\"\ncloses_at = \"9:00\"\n",
    );
    let (ja, _, _) = texts(&errs[0]);
    assert_eq!(
        ja,
        "終わりの時刻「9:00」が、始まりの時刻「17:00」と同じか、それより前です。"
    );
}

#[test]
fn full_width_digits_letters_and_colons_are_read() {
    let s = schedule(
        r#"
[[rules]]
freq = "Monthly"
byday = ["２ＳＡ", "－１ＦＲ", "+3mo", " we "]
opens_at = "１３：３０"
closes_at = "　１５:００ "
"#,
    );
    let r = &s.rules[0];
    assert_eq!(r.freq, Freq::Monthly);
    assert_eq!(
        r.byday,
        vec![
            ByDay {
                nth: Some(2),
                weekday: Weekday::Sat
            },
            ByDay {
                nth: Some(-1),
                weekday: Weekday::Fri
            },
            ByDay {
                nth: Some(3),
                weekday: Weekday::Mon
            },
            ByDay {
                nth: None,
                weekday: Weekday::Wed
            },
        ]
    );
    assert_eq!((r.opens_at, r.closes_at), (hm(13, 30), hm(15, 0)));
}

#[test]
fn times_from_0_00_to_24_00() {
    for (s, want) in [
        ("0:00", 0),
        ("00:00", 0),
        ("9:00", 540),
        ("09:05", 545),
        ("23:59", 1439),
        ("24:00", 1440),
        ("１７：１５", 1035),
    ] {
        assert_eq!(parse_minutes(s), Some(want), "{s}");
    }
    for s in [
        "24:01",
        "25:00",
        "9:0",
        "9:000",
        "900",
        "9:60",
        "-1:00",
        "",
        ":",
        "9:",
        ":30",
        "9:00:00",
        "10時",
        "9.00",
        "0x:00",
        "１２３:00",
        "９:５",
        "+9:00",
        "٩:٠٠",
    ] {
        assert_eq!(parse_minutes(s), None, "{s:?}");
    }
}

#[test]
fn midnight_closing_is_the_end_of_the_day() {
    let s = schedule(
        r#"
[[rules]]
freq = "weekly"
byday = ["FR"]
opens_at = "22:00"
closes_at = "24:00"
[[rules]]
freq = "weekly"
byday = ["SA"]
opens_at = "0:00"
closes_at = "0:00"
"#,
    );
    assert_eq!(
        (s.rules[0].opens_at, s.rules[0].closes_at),
        (hm(22, 0), hm(0, 0))
    );
    assert_eq!(
        (s.rules[1].opens_at, s.rules[1].closes_at),
        (hm(0, 0), hm(0, 0))
    );
}

#[test]
fn byday_values() {
    let b = |nth, weekday| Ok(ByDay { nth, weekday });
    assert_eq!(parse_byday("MO"), b(None, Weekday::Mon));
    assert_eq!(parse_byday("su"), b(None, Weekday::Sun));
    assert_eq!(parse_byday("5TH"), b(Some(5), Weekday::Thu));
    assert_eq!(parse_byday("-5TU"), b(Some(-5), Weekday::Tue));
    assert_eq!(parse_byday("+1SA"), b(Some(1), Weekday::Sat));
    assert_eq!(parse_byday("6SA"), Err(ByDayError::Ordinal(6)));
    assert_eq!(parse_byday("-6SA"), Err(ByDayError::Ordinal(-6)));
    assert_eq!(parse_byday("0SA"), Err(ByDayError::Ordinal(0)));
    assert_eq!(parse_byday("10SA"), Err(ByDayError::Ordinal(10)));
    for bad in [
        "",
        "S",
        "SAT",
        "2SAT",
        "MON",
        "土",
        "土曜",
        "2土",
        "--1FR",
        "+-1FR",
        "1-FR",
        "+SA",
        "-SA",
        "123SA",
        "1 SA",
        "SA1",
        "99999999999SA",
        "🙂SA",
        "é",
        "ＭＯＮ",
    ] {
        assert_eq!(parse_byday(bad), Err(ByDayError::Syntax), "{bad:?}");
    }
}

#[test]
fn monthdays_and_the_last_day() {
    let s = schedule(
        "[[rules]]\nfreq = \"monthly\"\nbymonthday = [31, -1, 1, 31]\nopens_at = \"9:00\"\ncloses_at = \"10:00\"\n",
    );
    assert_eq!(s.rules[0].bymonthday, vec![31, -1, 1], "repeats dropped");
    let errs = errors(
        "[[rules]]\nfreq = \"monthly\"\nbymonthday = [0, 32, -31]\nopens_at = \"9:00\"\ncloses_at = \"10:00\"\n",
    );
    let values: Vec<&str> = errs.iter().map(|e| e.value.as_str()).collect();
    assert_eq!(values, ["0", "32", "-31"]);
}

#[test]
fn optional_text_is_trimmed_and_dates_sorted() {
    let s = schedule(
        r#"
notes = "  "
closed_dates = [2026-08-14, 2026-08-13, 2026-08-14]
[[dates]]
date = 2026-12-20
opens_at = "13:00"
closes_at = "15:00"
description = " "
[[dates]]
date = 2026-06-01
opens_at = "10:00"
closes_at = "12:00"
"#,
    );
    assert_eq!(s.notes, None);
    assert_eq!(s.closed_dates, vec![ymd(2026, 8, 13), ymd(2026, 8, 14)]);
    assert_eq!(s.dates[0].date, ymd(2026, 6, 1));
    assert_eq!(s.dates[1].description, None);
    assert_eq!(RawSchedule::default().check(), Ok(Schedule::default()));
}

/// Nothing a person can type makes the checker (or the rest of the engine) panic.
#[test]
fn weird_values_never_panic() {
    let weird = [
        "",
        " ",
        "　",
        "🙂",
        "\u{0}",
        "\u{FEFF}9:00",
        "９",
        "：",
        "-",
        "+",
        "--",
        "24:00",
        "0:00",
        "23:59",
        "2SA",
        "-1FR",
        "SA",
        "ＭＯ",
        "\n",
        "\\",
        "\"",
        "9999999999999999:00",
        "1:１",
        "ｍｏｎｔｈｌｙ",
        "WEEKLY",
        "monthly ",
        "weekly\u{0}",
    ];
    for a in weird {
        for b in weird {
            let raw = RawSchedule {
                rules: vec![RawRule {
                    freq: a.into(),
                    interval: Some(u32::MAX),
                    byday: vec![a.into(), b.into()],
                    bymonthday: vec![i8::MIN, -1, 0, 31, i8::MAX],
                    opens_at: a.into(),
                    closes_at: b.into(),
                    valid_from: Some(NaiveDate::MIN),
                    valid_to: Some(NaiveDate::MAX),
                    description: Some(b.into()),
                }],
                dates: vec![RawDate {
                    date: NaiveDate::MAX,
                    opens_at: a.into(),
                    closes_at: b.into(),
                    description: None,
                }],
                closed_holidays: true,
                closed_year_end: true,
                closed_dates: vec![NaiveDate::MIN, NaiveDate::MAX],
                notes: Some(a.into()),
            };
            if let Ok(s) = raw.check() {
                let _ = s.describe_ja();
                let _ = s.occurs_on(NaiveDate::MAX);
            }
        }
    }
    // A rule that checks, evaluated at the ends of the calendar.
    let raw = RawSchedule {
        rules: vec![RawRule {
            freq: "ｗｅｅｋｌｙ".into(),
            interval: Some(u32::MAX),
            byday: vec!["SU".into()],
            bymonthday: vec![],
            opens_at: "0:00".into(),
            closes_at: "24:00".into(),
            valid_from: Some(NaiveDate::MIN),
            valid_to: Some(NaiveDate::MAX),
            description: None,
        }],
        ..RawSchedule::default()
    };
    let s = raw.check().unwrap();
    for d in [NaiveDate::MIN, NaiveDate::MAX] {
        let _ = s.occurs_on(d);
        let _ = s.is_open_during(d, d);
        let _ = s.is_open_at(d.and_time(NaiveTime::MIN));
    }
    let _ = s.is_open_during(NaiveDate::MIN, NaiveDate::MAX);
    let _ = s.ics("x", "y", None, None);
    let _ = s.to_browser_json();
    let _ = (
        s.describe_ja(),
        s.describe_en(),
        s.csv_days(),
        s.csv_hours(),
        s.csv_notes(),
    );
}
