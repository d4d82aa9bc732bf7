//! The calendar file and the browser data.

use super::*;
use crate::schedule::holidays_json;
use serde_json::json;

const SALON: &str = r#"
closed_holidays = true
closed_year_end = true
closed_dates = [2026-08-13]
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

fn unfold(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .map(String::from)
        .collect()
}

fn lines_starting<'a>(lines: &'a [String], prefix: &str) -> Vec<&'a str> {
    lines
        .iter()
        .filter(|l| l.starts_with(prefix))
        .map(String::as_str)
        .collect()
}

#[test]
fn a_whole_calendar_file() {
    // Mondays from Wednesday 2026-07-01 to 2026-08-31: 7/6, 7/13, 7/20 (海の日), 7/27, 8/3 …
    let s = schedule(
        r#"
closed_holidays = true
notes = "雨の日は休み, 連絡します"
[[rules]]
freq = "weekly"
byday = ["MO"]
opens_at = "9:00"
closes_at = "12:00"
valid_from = 2026-07-01
valid_to = 2026-08-31
[[dates]]
date = 2026-08-16
opens_at = "10:00"
closes_at = "12:00"
description = "夏祭り; 雨天決行"
"#,
    );
    let ics = s.ics(
        "salon-1@example.jp",
        "こやまサロン",
        Some("鳥取市〇〇町1-2-3, 公民館"),
        Some("https://example.jp/resources/salon/"),
    );
    let want = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//tsunagu//schedule//JA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:こやまサロン",
        "X-WR-TIMEZONE:Asia/Tokyo",
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Tokyo",
        "X-LIC-LOCATION:Asia/Tokyo",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0900",
        "TZOFFSETTO:+0900",
        "TZNAME:JST",
        "DTSTART:19700101T000000",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:salon-1@example.jp-rule-1",
        "DTSTAMP:20260701T000000Z",
        "DTSTART;TZID=Asia/Tokyo:20260706T090000",
        "DTEND;TZID=Asia/Tokyo:20260706T120000",
        "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20260831T145959Z",
        "EXDATE;TZID=Asia/Tokyo:20260720T090000",
        "SUMMARY:こやまサロン",
        "DESCRIPTION:毎週 月曜日 9時〜12時（2026年7月1日〜2026年8月31日）\\n祝日は休み\\n雨の日は休み\\, 連絡します",
        "LOCATION:鳥取市〇〇町1-2-3\\, 公民館",
        "URL:https://example.jp/resources/salon/",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:salon-1@example.jp-date-1",
        "DTSTAMP:20260701T000000Z",
        "DTSTART;TZID=Asia/Tokyo:20260816T100000",
        "DTEND;TZID=Asia/Tokyo:20260816T120000",
        "SUMMARY:こやまサロン（夏祭り\\; 雨天決行）",
        "DESCRIPTION:2026年8月16日（日） 10時〜12時 夏祭り\\; 雨天決行",
        "LOCATION:鳥取市〇〇町1-2-3\\, 公民館",
        "URL:https://example.jp/resources/salon/",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ];
    assert_eq!(unfold(&ics), want);
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
    }
    assert_eq!(
        ics,
        s.ics(
            "salon-1@example.jp",
            "こやまサロン",
            Some("鳥取市〇〇町1-2-3, 公民館"),
            Some("https://example.jp/resources/salon/"),
        ),
        "deterministic"
    );
}

#[test]
fn salon_events_start_on_their_first_opening_and_skip_closed_days() {
    let ics = schedule(SALON).ics("salon", "サロン", None, None);
    let lines = unfold(&ics);
    assert_eq!(
        lines_starting(&lines, "DTSTART;"),
        [
            // 2nd Saturday of April 2026.
            "DTSTART;TZID=Asia/Tokyo:20260411T110000",
            // The first on-Wednesday from 2026-01-01 (2025-12-31 was one: 104 weeks).
            "DTSTART;TZID=Asia/Tokyo:20260114T133000",
            "DTSTART;TZID=Asia/Tokyo:20261220T100000",
        ]
    );
    assert_eq!(
        lines_starting(&lines, "RRULE:"),
        [
            "RRULE:FREQ=MONTHLY;BYDAY=2SA,4SA;UNTIL=20270331T145959Z",
            "RRULE:FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=WE",
        ]
    );
    // No 2nd/4th Saturday from 2026-04-11 to 2027-03-31 is closed. The Wednesdays every
    // two weeks from 2026-01-14, for two years (to 2028-01-13), that are closed:
    // 2026-02-11 建国記念の日, 05-06 振替休日, 09-23 秋分の日, 12-30 年末年始,
    // 2027-05-05 こどもの日, 08-11 山の日, 11-03 文化の日, 12-29 年末年始.
    let ex: Vec<&str> = ["20260211", "20260506", "20260923", "20261230", "20270505"]
        .into_iter()
        .chain(["20270811", "20271103", "20271229"])
        .collect();
    let want: Vec<String> = ex
        .iter()
        .map(|d| format!("EXDATE;TZID=Asia/Tokyo:{d}T133000"))
        .collect();
    assert_eq!(lines_starting(&lines, "EXDATE"), want);
    assert_eq!(
        lines_starting(&lines, "DTSTAMP:")[0],
        "DTSTAMP:20260401T000000Z"
    );
    assert_eq!(
        lines_starting(&lines, "SUMMARY:")[2],
        "SUMMARY:サロン（クリスマス会）"
    );
}

#[test]
fn a_closed_first_day_moves_the_start() {
    // Weekdays, closed for 年末年始: 2026-01-01 (Thu) and 01-02 (Fri) are closed, so the
    // event starts on Monday 01-05; 2026-12-29 … 2027-01-01 (Tue–Fri) are excluded.
    let s = schedule(
        r#"
closed_year_end = true
[[rules]]
freq = "weekly"
byday = ["MO", "TU", "WE", "TH", "FR"]
opens_at = "9:00"
closes_at = "24:00"
"#,
    );
    let lines = unfold(&s.ics("u", "s", None, None));
    assert_eq!(
        lines_starting(&lines, "DTSTART;"),
        ["DTSTART;TZID=Asia/Tokyo:20260105T090000"]
    );
    assert_eq!(
        lines_starting(&lines, "DTEND;"),
        ["DTEND;TZID=Asia/Tokyo:20260106T000000"],
        "24:00 is midnight of the next day"
    );
    let ex = lines_starting(&lines, "EXDATE");
    assert_eq!(
        ex,
        [
            "EXDATE;TZID=Asia/Tokyo:20261229T090000",
            "EXDATE;TZID=Asia/Tokyo:20261230T090000",
            "EXDATE;TZID=Asia/Tokyo:20261231T090000",
            "EXDATE;TZID=Asia/Tokyo:20270101T090000",
            // 2027-12-29 (Wed), 30 (Thu), 31 (Fri); the horizon ends 2028-01-04 (Tue):
            // 2028-01-03 is a Monday.
            "EXDATE;TZID=Asia/Tokyo:20271229T090000",
            "EXDATE;TZID=Asia/Tokyo:20271230T090000",
            "EXDATE;TZID=Asia/Tokyo:20271231T090000",
            "EXDATE;TZID=Asia/Tokyo:20280103T090000",
        ]
    );
}

#[test]
fn rules_that_never_open_have_no_event() {
    let s = schedule(
        "[[rules]]\nfreq = \"monthly\"\ninterval = 12\nbymonthday = [30]\nvalid_from = 2026-02-01\nopens_at = \"9:00\"\ncloses_at = \"10:00\"\n",
    );
    let ics = s.ics("u", "s", None, None);
    assert!(!ics.contains("BEGIN:VEVENT"), "{ics}");
    assert!(ics.contains("BEGIN:VTIMEZONE"));
}

#[test]
fn browser_json_is_compact() {
    assert_eq!(
        schedule(SALON).to_browser_json(),
        json!({
            "rules": [
                {"freq": "monthly", "interval": 1, "byday": [[2, 5], [4, 5]],
                 "open": 660, "close": 840, "from": "2026-04-01", "to": "2027-03-31"},
                {"freq": "weekly", "interval": 2, "byday": [[null, 2]], "open": 810, "close": 930},
            ],
            "dates": [{"date": "2026-12-20", "open": 600, "close": 720}],
            "closed_holidays": true,
            "closed_year_end": true,
            "closed_dates": ["2026-08-13"],
        })
    );
    let s = schedule(
        "[[rules]]\nfreq = \"monthly\"\nbymonthday = [15, -1]\nopens_at = \"18:00\"\ncloses_at = \"24:00\"\n",
    );
    assert_eq!(
        s.to_browser_json(),
        json!({
            "rules": [{"freq": "monthly", "interval": 1, "bymonthday": [15, -1], "open": 1080, "close": 1440}],
            "dates": [],
            "closed_holidays": false,
            "closed_year_end": false,
            "closed_dates": [],
        })
    );
}

#[test]
fn holiday_lists_for_the_browser() {
    let h = holidays_json(2026, 2026);
    let list = h.as_array().unwrap();
    assert_eq!(list.len(), 18);
    assert_eq!(list[0], "2026-01-01");
    assert_eq!(list[13], "2026-09-22");
    assert_eq!(list[17], "2026-11-23");
    // 2025 has 19, 2026 18, 2027 17.
    assert_eq!(holidays_json(2025, 2027).as_array().unwrap().len(), 54);
    assert_eq!(holidays_json(2027, 2026), json!([]));
    assert!(holidays_json(i32::MIN, i32::MAX).as_array().unwrap().len() > 1000);
}
