//! A schedule as an RFC 5545 iCalendar file (`.ics`), written by hand so that the output is
//! deterministic and every line is under our control.
//!
//! - One `VEVENT` per rule: `DTSTART`/`DTEND` in Asia/Tokyo on the first open occurrence on
//!   or after `valid_from` (or 2026-01-01 when the rule has none), an `RRULE` (`FREQ`,
//!   `INTERVAL`, `WKST`, `BYDAY`, `BYMONTHDAY`, `UNTIL` = the end of `valid_to` in UTC), and
//!   one `EXDATE` per closed occurrence: national holidays and 年末年始 up to `valid_to`
//!   (at most [`MAX_SCAN_DAYS`], about ten years, from `DTSTART`), or for two years from
//!   `DTSTART` when there is no `valid_to`; listed `closed_dates` always.
//!   Starting on an occurrence keeps the interval counting of [`super::eval`]: a later
//!   occurrence lies a whole number of intervals after the anchor too.
//! - One `VEVENT` per one-off date.
//! - `DTSTAMP` is the earliest `valid_from` of the rules (else 2026-01-01) and each `UID` is
//!   `uid_base` with `-rule-N` or `-date-N`: the same schedule gives the same bytes.
//! - Lines end in CRLF, are folded at 75 octets (never inside a UTF-8 character), and TEXT
//!   values escape `\`, `;`, `,` and newlines.

use chrono::{Months, NaiveDate, NaiveTime};

use super::eval::{MAX_SCAN_DAYS, close_minutes, open_minutes};
use super::ja::{date_entry_ja, rule_ja};
use super::{Freq, Rule, Schedule};
use crate::holidays;

/// The first day looked at for rules without `valid_from`.
pub fn default_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or(NaiveDate::MIN)
}

const VTIMEZONE: &[&str] = &[
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
];

/// Escape a TEXT value (RFC 5545 3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Append `line` folded at 75 octets (continuation lines start with a space), with CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = 74;
    }
}

/// `20260411T110000` (local time); 24:00 is 00:00 of the next day.
fn local(date: NaiveDate, minutes: u16) -> String {
    let (date, minutes) = if minutes >= 24 * 60 {
        (date.succ_opt().unwrap_or(date), minutes - 24 * 60)
    } else {
        (date, minutes)
    };
    format!(
        "{}T{:02}{:02}00",
        date.format("%Y%m%d"),
        minutes / 60,
        minutes % 60
    )
}

/// The first occurrence of `rule` on or after its start that the schedule does not close.
pub(crate) fn first_open(schedule: &Schedule, rule: &Rule) -> Option<NaiveDate> {
    let start = rule.valid_from.unwrap_or_else(default_start);
    start
        .iter_days()
        .take(MAX_SCAN_DAYS as usize)
        .take_while(|d| rule.valid_to.is_none_or(|t| *d <= t))
        .find(|d| rule.occurs_on(*d) && !schedule.is_closed_on(*d))
}

/// The closed occurrences of `rule` from `first` on (see the module docs).
pub(crate) fn exdates(schedule: &Schedule, rule: &Rule, first: NaiveDate) -> Vec<NaiveDate> {
    let horizon = match rule.valid_to {
        Some(t) => t,
        None => first
            .checked_add_months(Months::new(24))
            .and_then(|d| d.pred_opt())
            .unwrap_or(first),
    };
    let horizon = match holidays::add_days(first, MAX_SCAN_DAYS - 1) {
        Some(cap) => horizon.min(cap),
        None => horizon,
    };
    let mut out: Vec<NaiveDate> = first
        .iter_days()
        .take_while(|d| *d <= horizon)
        .filter(|d| rule.occurs_on(*d) && schedule.is_closed_on(*d))
        .collect();
    out.extend(
        (schedule.closed_dates.iter())
            .filter(|d| **d > horizon && rule.occurs_on(**d))
            .copied(),
    );
    out
}

fn rrule(rule: &Rule) -> String {
    let mut parts = vec![match rule.freq {
        Freq::Weekly => "FREQ=WEEKLY".to_string(),
        Freq::Monthly => "FREQ=MONTHLY".to_string(),
    }];
    if rule.interval > 1 {
        parts.push(format!("INTERVAL={}", rule.interval));
        if rule.freq == Freq::Weekly {
            parts.push("WKST=MO".into());
        }
    }
    if !rule.byday.is_empty() {
        let days: Vec<String> = (rule.byday.iter())
            .map(|b| {
                let code = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
                    [b.weekday.num_days_from_monday() as usize];
                match b.nth {
                    Some(n) => format!("{n}{code}"),
                    None => code.to_string(),
                }
            })
            .collect();
        parts.push(format!("BYDAY={}", days.join(",")));
    }
    if !rule.bymonthday.is_empty() {
        let days: Vec<String> = rule.bymonthday.iter().map(i8::to_string).collect();
        parts.push(format!("BYMONTHDAY={}", days.join(",")));
    }
    if let Some(to) = rule.valid_to {
        // The end of valid_to in Japan (23:59:59 JST) is 14:59:59 UTC.
        parts.push(format!("UNTIL={}T145959Z", to.format("%Y%m%d")));
    }
    format!("RRULE:{}", parts.join(";"))
}

struct Event<'a> {
    uid: String,
    date: NaiveDate,
    opens: NaiveTime,
    closes: NaiveTime,
    summary: String,
    description: String,
    extra: Vec<String>,
    location: Option<&'a str>,
    url: Option<&'a str>,
}

fn push_event(out: &mut String, stamp: &str, e: &Event) {
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}", escape_text(&e.uid)));
    push_line(out, &format!("DTSTAMP:{stamp}"));
    push_line(
        out,
        &format!(
            "DTSTART;TZID=Asia/Tokyo:{}",
            local(e.date, open_minutes(e.opens))
        ),
    );
    push_line(
        out,
        &format!(
            "DTEND;TZID=Asia/Tokyo:{}",
            local(e.date, close_minutes(e.closes))
        ),
    );
    for line in &e.extra {
        push_line(out, line);
    }
    push_line(out, &format!("SUMMARY:{}", escape_text(&e.summary)));
    push_line(out, &format!("DESCRIPTION:{}", escape_text(&e.description)));
    if let Some(l) = e.location {
        push_line(out, &format!("LOCATION:{}", escape_text(l)));
    }
    if let Some(u) = e.url {
        // A URI value is not TEXT: no escaping, but no line breaks either.
        let u: String = u.chars().filter(|c| !c.is_control()).collect();
        push_line(out, &format!("URL:{u}"));
    }
    push_line(out, "END:VEVENT");
}

fn titled(summary: &str, description: Option<&str>) -> String {
    match description {
        Some(d) => format!("{summary}（{d}）"),
        None => summary.to_string(),
    }
}

impl Schedule {
    /// The schedule as an iCalendar file (see the module docs), CRLF line endings.
    pub fn ics(
        &self,
        uid_base: &str,
        summary: &str,
        location: Option<&str>,
        url: Option<&str>,
    ) -> String {
        let stamp = (self.rules.iter().filter_map(|r| r.valid_from).min())
            .unwrap_or_else(default_start)
            .format("%Y%m%dT000000Z")
            .to_string();
        let closing = self.closing_lines_ja();
        let with_closing = |first: String| {
            std::iter::once(first)
                .chain(closing.iter().cloned())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut out = String::new();
        for line in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//tsunagu//schedule//JA",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        ] {
            push_line(&mut out, line);
        }
        push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(summary)));
        push_line(&mut out, "X-WR-TIMEZONE:Asia/Tokyo");
        for line in VTIMEZONE {
            push_line(&mut out, line);
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let Some(first) = first_open(self, rule) else {
                continue;
            };
            let mut extra = vec![rrule(rule)];
            extra.extend(exdates(self, rule, first).into_iter().map(|d| {
                format!(
                    "EXDATE;TZID=Asia/Tokyo:{}",
                    local(d, open_minutes(rule.opens_at))
                )
            }));
            let event = Event {
                uid: format!("{uid_base}-rule-{}", i + 1),
                date: first,
                opens: rule.opens_at,
                closes: rule.closes_at,
                summary: titled(summary, rule.description.as_deref()),
                description: with_closing(rule_ja(rule)),
                extra,
                location,
                url,
            };
            push_event(&mut out, &stamp, &event);
        }
        for (i, d) in self.dates.iter().enumerate() {
            let event = Event {
                uid: format!("{uid_base}-date-{}", i + 1),
                date: d.date,
                opens: d.opens_at,
                closes: d.closes_at,
                summary: titled(summary, d.description.as_deref()),
                description: date_entry_ja(d),
                extra: Vec::new(),
                location,
                url,
            };
            push_event(&mut out, &stamp, &event);
        }
        push_line(&mut out, "END:VCALENDAR");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_counts_octets_and_keeps_characters_whole() {
        let mut out = String::new();
        let long = format!("DESCRIPTION:{}", "あ".repeat(40));
        push_line(&mut out, &long);
        let lines: Vec<&str> = out.split("\r\n").collect();
        // "DESCRIPTION:" is 12 octets; each あ is 3: 12 + 21×3 = 75, then 19 left (57 + 1).
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 1 + 19 * 3);
        assert_eq!(lines[2], "");
        assert!(lines.iter().all(|l| l.len() <= 75));
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));

        let mut short = String::new();
        push_line(&mut short, "VERSION:2.0");
        assert_eq!(short, "VERSION:2.0\r\n");
    }

    #[test]
    fn text_escapes() {
        assert_eq!(
            escape_text("a,b;c\\d\ne\r\u{7}"),
            "a\\,b\\;c\\\\d\\ne",
            "comma, semicolon, backslash, newline; CR and controls dropped"
        );
    }

    #[test]
    fn local_times_and_midnight() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(local(d, 9 * 60 + 5), "20261231T090500");
        assert_eq!(local(d, 24 * 60), "20270101T000000");
    }
}
