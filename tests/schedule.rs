//! The schedule engine on the hand-written fixtures of `tests/fixtures/schedule/`:
//!
//! - each fixture's `[expect]` table (worked out by hand from a printed calendar) holds;
//! - the `.ics` reads back with two independent parsers: `ical` (structure, DTSTART) and
//!   `rrule` (expanding RRULE and EXDATE gives exactly the days the engine opens);
//! - `target/schedule-parity.json` is written for `tests/browser/open-now.test.mjs`, which
//!   requires `open-now.js` to give the same answers as the Rust engine.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde::Deserialize;
use serde_json::{Value, json};
use tsunagu::schedule::{RawSchedule, Schedule, holidays_json};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    schedule: RawSchedule,
    expect: Expect,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    ja: Option<Vec<String>>,
    #[serde(default)]
    csv_days: Option<String>,
    #[serde(default)]
    csv_hours: Option<(String, String)>,
    #[serde(default)]
    open: Vec<String>,
    #[serde(default)]
    closed: Vec<String>,
    /// DTSTART of each VEVENT, in order (local time).
    #[serde(default)]
    dtstart: Option<Vec<String>>,
    #[serde(default)]
    spans: BTreeMap<String, Vec<(u16, u16)>>,
    #[serde(default)]
    at: Vec<At>,
    #[serde(default)]
    during: Vec<During>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct At {
    at: String,
    open: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct During {
    from: String,
    to: String,
    open: bool,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> Vec<(String, Fixture, Schedule)> {
    let dir = root().join("tests/fixtures/schedule");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "{} fixtures", paths.len());
    paths
        .iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(p).unwrap();
            let f: Fixture =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let s = f
                .schedule
                .check()
                .unwrap_or_else(|e| panic!("{name}: {e:#?}"));
            (name, f, s)
        })
        .collect()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|_| panic!("date {s}"))
}

fn datetime(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap_or_else(|_| panic!("time {s}"))
}

fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

#[test]
fn fixtures_match_their_hand_written_expectations() {
    let mut failures = Vec::new();
    let mut checks = 0;
    for (name, f, s) in fixtures() {
        let e = &f.expect;
        let mut fail = |what: String| failures.push(format!("{name}: {what}"));
        if let Some(ja) = &e.ja {
            checks += 1;
            if &s.describe_ja() != ja {
                fail(format!("describe_ja {:?} ≠ {ja:?}", s.describe_ja()));
            }
        }
        if let Some(days) = &e.csv_days {
            checks += 1;
            if &s.csv_days() != days {
                fail(format!("csv_days {:?} ≠ {days:?}", s.csv_days()));
            }
        }
        if let Some(hours) = &e.csv_hours {
            checks += 1;
            if &s.csv_hours() != hours {
                fail(format!("csv_hours {:?} ≠ {hours:?}", s.csv_hours()));
            }
        }
        for d in &e.open {
            checks += 1;
            if s.occurs_on(date(d)).is_empty() {
                fail(format!("{d} should be open"));
            }
        }
        for d in &e.closed {
            checks += 1;
            if !s.occurs_on(date(d)).is_empty() {
                fail(format!("{d} should be closed: {:?}", s.occurs_on(date(d))));
            }
        }
        for (d, want) in &e.spans {
            checks += 1;
            if &s.minutes_on(date(d)) != want {
                fail(format!("{d}: {:?} ≠ {want:?}", s.minutes_on(date(d))));
            }
        }
        for a in &e.at {
            checks += 1;
            if s.is_open_at(datetime(&a.at)) != a.open {
                fail(format!("at {} should be open = {}", a.at, a.open));
            }
        }
        for p in &e.during {
            checks += 1;
            if s.is_open_during(date(&p.from), date(&p.to)) != p.open {
                fail(format!("{}..{} should be open = {}", p.from, p.to, p.open));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checks > 200, "only {checks} checks");
}

/// `(name, params, value)` of every property of one component.
type Props = Vec<(String, Vec<(String, Vec<String>)>, String)>;

fn props(p: &[ical::property::Property]) -> Props {
    p.iter()
        .map(|p| {
            (
                p.name.clone(),
                p.params.clone().unwrap_or_default(),
                p.value.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn values<'a>(p: &'a Props, name: &str) -> Vec<&'a str> {
    p.iter()
        .filter(|(n, _, _)| n == name)
        .map(|(_, _, v)| v.as_str())
        .collect()
}

fn tzid(p: &Props, name: &str) -> Vec<String> {
    p.iter()
        .filter(|(n, _, _)| n == name)
        .map(|(_, params, _)| {
            params
                .iter()
                .find(|(k, _)| k == "TZID")
                .map(|(_, v)| v.join(","))
                .unwrap_or_default()
        })
        .collect()
}

fn calendar(ics: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(ics.as_bytes());
    let cal = parser.next().expect("one VCALENDAR").expect("parses");
    assert!(parser.next().is_none(), "exactly one VCALENDAR");
    cal
}

#[test]
fn calendar_files_read_back_with_the_ical_parser() {
    for (name, f, s) in fixtures() {
        let ics = s.ics(
            &format!("{name}@example.jp"),
            "テスト, 施設",
            Some("公民館"),
            None,
        );
        assert!(ics.ends_with("\r\n"), "{name}");
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{name}: {line:?}");
        }
        assert_eq!(
            ics,
            s.ics(
                &format!("{name}@example.jp"),
                "テスト, 施設",
                Some("公民館"),
                None
            )
        );

        let cal = calendar(&ics);
        let top = props(&cal.properties);
        assert_eq!(values(&top, "VERSION"), ["2.0"], "{name}");
        assert_eq!(values(&top, "PRODID"), ["-//tsunagu//schedule//JA"]);
        assert_eq!(values(&top, "CALSCALE"), ["GREGORIAN"]);
        assert_eq!(values(&top, "X-WR-TIMEZONE"), ["Asia/Tokyo"]);
        assert_eq!(cal.timezones.len(), 1);
        assert_eq!(
            values(&props(&cal.timezones[0].properties), "TZID"),
            ["Asia/Tokyo"]
        );

        let mut starts = Vec::new();
        let mut uids = Vec::new();
        for ev in &cal.events {
            let p = props(&ev.properties);
            assert_eq!(tzid(&p, "DTSTART"), ["Asia/Tokyo"], "{name}");
            assert_eq!(tzid(&p, "DTEND"), ["Asia/Tokyo"], "{name}");
            assert!(tzid(&p, "EXDATE").iter().all(|t| t == "Asia/Tokyo"));
            assert_eq!(values(&p, "DTSTAMP").len(), 1);
            assert_eq!(
                values(&p, "SUMMARY")[0].split("\\, ").next(),
                Some("テスト")
            );
            starts.push(values(&p, "DTSTART")[0].to_string());
            uids.push(values(&p, "UID")[0].to_string());
            let (start, end) = (values(&p, "DTSTART")[0], values(&p, "DTEND")[0]);
            assert!(end > start, "{name}: {start} → {end}");
        }
        let mut unique = uids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), uids.len(), "{name}: UIDs {uids:?}");
        if let Some(want) = &f.expect.dtstart {
            assert_eq!(&starts, want, "{name}");
        }
    }
}

/// The last day whose closures are written as EXDATE (see `schedule::ics`).
fn horizon(first: NaiveDate, valid_to: Option<NaiveDate>) -> NaiveDate {
    valid_to.unwrap_or_else(|| {
        first
            .checked_add_months(Months::new(24))
            .unwrap()
            .pred_opt()
            .unwrap()
    })
}

#[test]
fn rrule_expansion_gives_the_days_the_engine_opens() {
    let mut compared = 0;
    for (name, _, s) in fixtures() {
        let cal = calendar(&s.ics(&name, "x", None, None));
        for ev in &cal.events {
            let p = props(&ev.properties);
            let uid = values(&p, "UID")[0];
            let Some(i) = uid
                .rsplit_once("-rule-")
                .map(|(_, n)| n.parse::<usize>().unwrap() - 1)
            else {
                assert!(values(&p, "RRULE").is_empty());
                continue;
            };
            let rule = &s.rules[i];
            let dtstart = values(&p, "DTSTART")[0];
            let first = NaiveDate::parse_from_str(&dtstart[..8], "%Y%m%d").unwrap();
            let mut text = format!(
                "DTSTART;TZID=Asia/Tokyo:{dtstart}\nRRULE:{}",
                values(&p, "RRULE")[0]
            );
            for ex in values(&p, "EXDATE") {
                text.push_str(&format!("\nEXDATE;TZID=Asia/Tokyo:{ex}"));
            }
            let set: rrule::RRuleSet = text
                .parse()
                .unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
            let last = horizon(first, rule.valid_to);
            // The end of `last` in Japan, as an instant.
            let end = rrule::Tz::UTC
                .from_utc_datetime(&last.and_time(NaiveTime::from_hms_opt(14, 59, 59).unwrap()));
            let result = set.before(end).all(u16::MAX);
            assert!(!result.limited, "{name}");
            let expanded: Vec<NaiveDate> = result.dates.iter().map(|d| d.date_naive()).collect();
            let engine: Vec<NaiveDate> = days(first, last)
                .filter(|d| rule.occurs_on(*d) && !s.is_closed_on(*d))
                .collect();
            assert_eq!(expanded, engine, "{name} rule {}", i + 1);
            compared += engine.len();
            // Every expanded time is the opening time.
            let opens = &dtstart[9..];
            assert!(
                result
                    .dates
                    .iter()
                    .all(|d| d.format("%H%M%S").to_string() == opens)
            );
        }
    }
    assert!(compared > 1000, "compared {compared} days");
}

fn hhmm(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

/// Writes `target/schedule-parity.json`: for every fixture, the browser data and the Rust
/// engine's answers on every day from December 2025 to January 2027, at opening and closing
/// boundaries, at midnight and noon of every day of 2026, and for every week and month of
/// 2026.
#[test]
fn browser_parity_cases() {
    let first = date("2025-12-01");
    let last = date("2027-01-31");
    let year = (date("2026-01-01"), date("2026-12-31"));
    let mut schedules = Vec::new();
    for (name, _, s) in fixtures() {
        let mut day_cases = Vec::new();
        let mut at_cases = Vec::new();
        for d in days(first, last) {
            let spans = s.minutes_on(d);
            assert_eq!(s.is_open_during(d, d), !spans.is_empty(), "{name} {d}");
            day_cases.push(json!([d.format("%Y-%m-%d").to_string(), spans]));
            if d < year.0 || d > year.1 {
                continue;
            }
            let mut minutes = vec![0u16, 720];
            for &(o, c) in &spans {
                minutes.extend([o.saturating_sub(1), o, c - 1, c]);
            }
            for m in minutes {
                let t = d.and_time(NaiveTime::MIN) + chrono::Duration::minutes(i64::from(m));
                at_cases.push(json!([hhmm(t), s.is_open_at(t)]));
            }
        }
        let mut during = Vec::new();
        let mut monday = date("2025-12-29");
        while monday <= year.1 {
            let sunday = monday + chrono::Days::new(6);
            during.push((monday, sunday));
            monday = monday + chrono::Days::new(7);
        }
        for m in 1..=12 {
            let start = NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
            let end = start
                .checked_add_months(Months::new(1))
                .unwrap()
                .pred_opt()
                .unwrap();
            during.push((start, end));
        }
        during.push(year);
        during.push((date("2026-05-10"), date("2026-05-01")));
        during.push((date("2020-01-01"), date("2040-12-31")));
        let during: Vec<Value> = during
            .into_iter()
            .map(|(a, b)| {
                json!([
                    a.format("%Y-%m-%d").to_string(),
                    b.format("%Y-%m-%d").to_string(),
                    s.is_open_during(a, b)
                ])
            })
            .collect();
        schedules.push(json!({
            "name": name,
            "data": s.to_browser_json(),
            "days": day_cases,
            "at": at_cases,
            "during": during,
        }));
    }
    let out = json!({
        "generated_by": "tests/schedule.rs (cargo test)",
        "holidays": holidays_json(2025, 2027),
        "schedules": schedules,
    });
    let path = root().join("target/schedule-parity.json");
    write_atomically(&path, &serde_json::to_string(&out).unwrap());
}

fn write_atomically(path: &Path, text: &str) {
    let dir = path.parent().unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let tmp = dir.join(format!(".schedule-parity.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}
