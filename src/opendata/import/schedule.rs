//! The schedule columns (利用可能曜日, 開始時間, 終了時間, 利用可能日時特記事項) → `[schedule]`.
//!
//! Plain weekdays with both times become one weekly rule; anything else is kept as text in
//! `schedule.notes`, exactly as written. Because tsunagu's own export writes the schedule's
//! full Japanese description into 利用可能日時特記事項 (「毎週 月〜金曜日 9時〜17時。祝日は休み」),
//! the part of that cell which is just the description of the rule read from the other
//! columns — and the standard closure sentences 「祝日は休み」「年末年始（…）は休み」 — is
//! recognised and not copied into the notes a second time.

use crate::opendata::values;
use crate::schedule::{RawRule, RawSchedule};

/// The schedule for one row's cells; `None` when every cell is empty.
pub fn schedule_from_cells(
    days: &str,
    opens: &str,
    closes: &str,
    notes: &str,
) -> Option<RawSchedule> {
    let rule = match (
        values::weekdays(days),
        values::time(opens),
        values::time(closes),
    ) {
        (Some(d), Some(o), Some(c)) => Some(RawRule {
            freq: "weekly".into(),
            interval: None,
            byday: d
                .into_iter()
                .map(|d| values::byday_code(d).to_string())
                .collect(),
            bymonthday: Vec::new(),
            opens_at: o,
            closes_at: c,
            valid_from: None,
            valid_to: None,
            description: None,
        }),
        _ => None,
    };
    let mut schedule = RawSchedule::default();
    if let Some(rule) = rule {
        let candidate = RawSchedule {
            rules: vec![rule],
            ..RawSchedule::default()
        };
        // The schedule check is the judge: a rule it refuses (closing before opening …)
        // is kept as text instead.
        if candidate.check().is_ok() {
            schedule = candidate;
        }
    }
    let mut parts = Vec::new();
    if schedule.rules.is_empty() {
        let hours = if opens.is_empty() && closes.is_empty() {
            String::new()
        } else {
            format!("{opens}〜{closes}")
        };
        let written: Vec<&str> = [days, hours.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if !written.is_empty() {
            parts.push(written.join(" "));
        }
    }
    let rest = recognise_description(&mut schedule, notes);
    if !rest.is_empty() {
        parts.push(rest);
    }
    if !parts.is_empty() {
        schedule.notes = Some(parts.join("\n"));
    }
    (schedule != RawSchedule::default()).then_some(schedule)
}

/// If `notes` starts with the description tsunagu writes for `schedule` (its rules, with or
/// without the holiday and year-end closures), set those closures and return the rest.
fn recognise_description(schedule: &mut RawSchedule, notes: &str) -> String {
    let mut best: Option<(usize, bool, bool)> = None;
    let flags = [(true, true), (true, false), (false, true), (false, false)];
    // With the rules' description first (as exported), or the closure sentence alone (as
    // staff often write it in this column).
    for (rules, (holidays, year_end)) in [true, false]
        .into_iter()
        .flat_map(|r| flags.map(|f| (r, f)))
    {
        let candidate = RawSchedule {
            closed_holidays: holidays,
            closed_year_end: year_end,
            rules: if rules {
                schedule.rules.clone()
            } else {
                Vec::new()
            },
            ..schedule.clone()
        };
        let Ok(checked) = candidate.check() else {
            continue;
        };
        let desc = checked.csv_notes();
        if desc.is_empty() || !notes.starts_with(&desc) {
            continue;
        }
        let after = &notes[desc.len()..];
        let whole = after.is_empty() || desc.ends_with('。') || after.starts_with('。');
        if whole && best.is_none_or(|(len, _, _)| desc.len() > len) {
            best = Some((desc.len(), holidays, year_end));
        }
    }
    match best {
        Some((len, holidays, year_end)) => {
            schedule.closed_holidays = holidays;
            schedule.closed_year_end = year_end;
            values::clean(notes[len..].trim_start_matches('。'))
        }
        None => notes.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_rules_from_plain_days() {
        let s = schedule_from_cells("月〜金", "9:00", "17:00", "").unwrap();
        assert_eq!(s.rules.len(), 1);
        assert_eq!(s.rules[0].byday, vec!["MO", "TU", "WE", "TH", "FR"]);
        assert_eq!(
            (s.rules[0].opens_at.as_str(), s.rules[0].closes_at.as_str()),
            ("09:00", "17:00")
        );
        assert_eq!(s.notes, None);
        assert!(s.rules[0].freq == "weekly" && s.rules[0].interval.is_none());
    }

    #[test]
    fn everything_else_is_kept_as_written() {
        let s = schedule_from_cells("第2・第4土曜", "11:00", "14:00", "雨天中止").unwrap();
        assert!(s.rules.is_empty());
        assert_eq!(
            s.notes.as_deref(),
            Some("第2・第4土曜 11:00〜14:00\n雨天中止")
        );
        let s = schedule_from_cells("月", "", "", "").unwrap();
        assert_eq!(s.notes.as_deref(), Some("月"));
        let s = schedule_from_cells("月", "17:00", "9:00", "").unwrap();
        assert!(s.rules.is_empty(), "closing before opening is not a rule");
        assert_eq!(s.notes.as_deref(), Some("月 17:00〜9:00"));
        assert_eq!(schedule_from_cells("", "", "", ""), None);
    }

    #[test]
    fn exported_descriptions_are_not_copied_twice() {
        let plain = schedule_from_cells("月,火,水,木,金", "09:00", "17:00", "").unwrap();
        let checked = plain.check().unwrap();
        let desc = checked.csv_notes();
        assert!(!desc.is_empty());
        let again = schedule_from_cells("月,火,水,木,金", "09:00", "17:00", &desc).unwrap();
        assert_eq!(again, plain);

        let closed = RawSchedule {
            closed_holidays: true,
            ..plain.clone()
        };
        let desc = closed.check().unwrap().csv_notes();
        let text = format!("{desc}。雨天中止");
        let s = schedule_from_cells("月,火,水,木,金", "09:00", "17:00", &text).unwrap();
        assert!(s.closed_holidays && !s.closed_year_end);
        assert_eq!(s.notes.as_deref(), Some("雨天中止"));
        assert_eq!(
            s.check().unwrap().csv_notes(),
            text,
            "exports the same cell"
        );

        let s = schedule_from_cells("", "", "", "祝日は休み").unwrap();
        assert!(s.closed_holidays);
        assert_eq!(s.notes, None);
        let s = schedule_from_cells("月〜金", "9:00", "17:00", "祝日は休み。雨の日は中止").unwrap();
        assert!(s.closed_holidays && s.rules.len() == 1);
        assert_eq!(s.notes.as_deref(), Some("雨の日は中止"));
        let s = schedule_from_cells("", "", "", "祝日は休みです").unwrap();
        assert!(!s.closed_holidays, "only whole sentences are recognised");
        assert_eq!(s.notes.as_deref(), Some("祝日は休みです"));
    }
}
