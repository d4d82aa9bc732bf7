//! A schedule in words, as Japanese public sites write it (「毎月 第2・第4土曜日 11時〜14時」),
//! in simple English, and the 利用可能曜日・開始時間・終了時間・利用可能日時特記事項 columns of
//! the 自治体標準オープンデータセット.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

use super::eval::{close_minutes, open_minutes};
use super::{ByDay, DateEntry, Freq, Rule, Schedule};

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// 月 火 水 木 金 土 日
pub fn weekday_ja(w: Weekday) -> &'static str {
    ["月", "火", "水", "木", "金", "土", "日"][w.num_days_from_monday() as usize]
}

fn weekday_en(w: Weekday) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][w.num_days_from_monday() as usize]
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `9時`, `13時30分`, `24時` from minutes after midnight.
fn time_ja(minutes: u16) -> String {
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h}時"),
        (h, m) => format!("{h}時{m}分"),
    }
}

/// `09:00`, `24:00` from minutes after midnight.
fn time_hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `9:00`, `24:00`
fn time_en(minutes: u16) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

fn span_ja(opens: NaiveTime, closes: NaiveTime) -> String {
    format!(
        "{}〜{}",
        time_ja(open_minutes(opens)),
        time_ja(close_minutes(closes))
    )
}

fn span_en(opens: NaiveTime, closes: NaiveTime) -> String {
    format!(
        "{}–{}",
        time_en(open_minutes(opens)),
        time_en(close_minutes(closes))
    )
}

/// 2026年4月1日
pub fn date_ja(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// 1 April 2026
fn date_en(d: NaiveDate) -> String {
    format!(
        "{} {} {}",
        d.day(),
        MONTHS_EN[d.month0() as usize],
        d.year()
    )
}

/// Sorted, deduplicated weekdays, with runs of three or more consecutive days as ranges:
/// 月曜日〜金曜日, 月曜日・水曜日, 月曜日〜水曜日・土曜日.
fn weekday_list(days: &[Weekday], name: fn(Weekday) -> String, range: &str, sep: &str) -> String {
    let mut idx: Vec<u32> = days.iter().map(|w| w.num_days_from_monday()).collect();
    idx.sort_unstable();
    idx.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && idx[j + 1] == idx[j] + 1 {
            j += 1;
        }
        let w = |k: usize| name(WEEKDAYS[idx[k] as usize]);
        if j - i >= 2 {
            parts.push(format!("{}{range}{}", w(i), w(j)));
        } else {
            parts.extend((i..=j).map(w));
        }
        i = j + 1;
    }
    parts.join(sep)
}

/// Sort key putting 1..5 first, then -5..-1 (最終 last).
fn ordinal_key(n: i8) -> i16 {
    if n > 0 {
        i16::from(n)
    } else {
        20 + i16::from(n)
    }
}

fn ordinal_ja(n: i8) -> String {
    match n {
        -1 => "最終".into(),
        n if n < 0 => format!("最後から{}番目の", n.unsigned_abs()),
        n => format!("第{n}"),
    }
}

fn ordinal_en(n: i8) -> String {
    match n {
        -1 => "last".into(),
        -2 => "second to last".into(),
        n if n < 0 => format!("{}th from last", n.unsigned_abs()),
        1 => "1st".into(),
        2 => "2nd".into(),
        3 => "3rd".into(),
        n => format!("{n}th"),
    }
}

/// Ordinal days grouped by weekday, Monday first: `[(土, [2, 4]), …]`.
fn ordinal_groups(byday: &[ByDay]) -> Vec<(Weekday, Vec<i8>)> {
    let mut groups: Vec<(Weekday, Vec<i8>)> = Vec::new();
    for w in WEEKDAYS {
        let mut ns: Vec<i8> = byday
            .iter()
            .filter(|b| b.weekday == w)
            .filter_map(|b| b.nth)
            .collect();
        ns.sort_by_key(|&n| ordinal_key(n));
        ns.dedup();
        if !ns.is_empty() {
            groups.push((w, ns));
        }
    }
    groups
}

fn plain_weekdays(byday: &[ByDay]) -> Vec<Weekday> {
    byday
        .iter()
        .filter(|b| b.nth.is_none())
        .map(|b| b.weekday)
        .collect()
}

fn monthdays_sorted(days: &[i8]) -> Vec<i8> {
    let mut v = days.to_vec();
    v.sort_by_key(|&d| {
        if d > 0 {
            i16::from(d)
        } else {
            100 + i16::from(d)
        }
    });
    v.dedup();
    v
}

fn monthday_ja(d: i8) -> String {
    if d == -1 {
        "末日".into()
    } else {
        format!("{d}日")
    }
}

/// 第2・第4土曜日・15日 …: the days of a rule.
fn days_ja(rule: &Rule) -> String {
    let mut parts = Vec::new();
    let plain = plain_weekdays(&rule.byday);
    if !plain.is_empty() {
        parts.push(weekday_list(
            &plain,
            |w| format!("{}曜日", weekday_ja(w)),
            "〜",
            "・",
        ));
    }
    for (w, ns) in ordinal_groups(&rule.byday) {
        let labels: Vec<String> = ns.into_iter().map(ordinal_ja).collect();
        parts.push(format!("{}{}曜日", labels.join("・"), weekday_ja(w)));
    }
    parts.extend(
        monthdays_sorted(&rule.bymonthday)
            .into_iter()
            .map(monthday_ja),
    );
    parts.join("・")
}

fn days_en(rule: &Rule) -> String {
    let mut parts = Vec::new();
    let plain = plain_weekdays(&rule.byday);
    if !plain.is_empty() {
        parts.push(weekday_list(&plain, |w| weekday_en(w).into(), "–", ", "));
    }
    for (w, ns) in ordinal_groups(&rule.byday) {
        let labels: Vec<String> = ns.into_iter().map(ordinal_en).collect();
        parts.push(format!("the {} {}", labels.join(" and "), weekday_en(w)));
    }
    for d in monthdays_sorted(&rule.bymonthday) {
        parts.push(match d {
            -1 => "the last day".into(),
            1 | 21 | 31 => format!("the {d}st"),
            2 | 22 => format!("the {d}nd"),
            3 | 23 => format!("the {d}rd"),
            d => format!("the {d}th"),
        });
    }
    parts.join(", ")
}

fn every_ja(rule: &Rule) -> String {
    match (rule.freq, rule.interval) {
        (Freq::Weekly, 0 | 1) => "毎週".into(),
        (Freq::Weekly, 2) => "隔週".into(),
        (Freq::Weekly, n) => format!("{n}週ごと"),
        (Freq::Monthly, 0 | 1) => "毎月".into(),
        (Freq::Monthly, 2) => "隔月".into(),
        (Freq::Monthly, n) => format!("{n}か月ごと"),
    }
}

fn every_en(rule: &Rule) -> String {
    match (rule.freq, rule.interval) {
        (Freq::Weekly, 0 | 1) => "Every week".into(),
        (Freq::Weekly, n) => format!("Every {n} weeks"),
        (Freq::Monthly, 0 | 1) => "Every month".into(),
        (Freq::Monthly, n) => format!("Every {n} months"),
    }
}

/// 「（2026年4月1日〜2027年3月31日）」, 「（2026年4月1日から）」, 「（2027年3月31日まで）」
fn validity_ja(rule: &Rule) -> String {
    match (rule.valid_from, rule.valid_to) {
        (Some(f), Some(t)) => format!("（{}〜{}）", date_ja(f), date_ja(t)),
        (Some(f), None) => format!("（{}から）", date_ja(f)),
        (None, Some(t)) => format!("（{}まで）", date_ja(t)),
        (None, None) => String::new(),
    }
}

fn validity_en(rule: &Rule) -> String {
    match (rule.valid_from, rule.valid_to) {
        (Some(f), Some(t)) => format!(" ({} – {})", date_en(f), date_en(t)),
        (Some(f), None) => format!(" (from {})", date_en(f)),
        (None, Some(t)) => format!(" (until {})", date_en(t)),
        (None, None) => String::new(),
    }
}

/// One line for a rule: 「毎月 第2・第4土曜日 11時〜14時 体操（2026年4月1日〜2027年3月31日）」.
pub fn rule_ja(rule: &Rule) -> String {
    let mut s = format!(
        "{} {} {}",
        every_ja(rule),
        days_ja(rule),
        span_ja(rule.opens_at, rule.closes_at)
    );
    if let Some(d) = &rule.description {
        s.push(' ');
        s.push_str(d);
    }
    s.push_str(&validity_ja(rule));
    s
}

/// One line for a one-off date: 「2026年12月20日（日） 10時〜12時 クリスマス会」.
pub fn date_entry_ja(d: &DateEntry) -> String {
    let mut s = format!(
        "{}（{}） {}",
        date_ja(d.date),
        weekday_ja(d.date.weekday()),
        span_ja(d.opens_at, d.closes_at)
    );
    if let Some(desc) = &d.description {
        s.push(' ');
        s.push_str(desc);
    }
    s
}

impl Schedule {
    /// The schedule in Japanese, one line per rule, one-off date and closure, then the notes.
    pub fn describe_ja(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.rules.iter().map(rule_ja).collect();
        lines.extend(self.dates.iter().map(date_entry_ja));
        lines.extend(self.closing_lines_ja());
        lines
    }

    /// The closure lines and the notes of [`describe_ja`](Schedule::describe_ja):
    /// 「祝日・年末年始（12月29日〜1月3日）は休み」, 「2026年8月13日・8月14日は休み」, notes.
    pub fn closing_lines_ja(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let closures: Vec<&str> = [
            (self.closed_holidays, "祝日"),
            (self.closed_year_end, "年末年始（12月29日〜1月3日）"),
        ]
        .into_iter()
        .filter_map(|(on, s)| on.then_some(s))
        .collect();
        if !closures.is_empty() {
            lines.push(format!("{}は休み", closures.join("・")));
        }
        if !self.closed_dates.is_empty() {
            let mut year = None;
            let days: Vec<String> = (self.closed_dates.iter())
                .map(|d| {
                    let same_year = year == Some(d.year());
                    year = Some(d.year());
                    if same_year {
                        format!("{}月{}日", d.month(), d.day())
                    } else {
                        date_ja(*d)
                    }
                })
                .collect();
            lines.push(format!("{}は休み", days.join("・")));
        }
        lines.extend(self.notes.clone());
        lines
    }

    /// The schedule in simple English, one line per rule, one-off date and closure, then the
    /// notes (which stay as written).
    pub fn describe_en(&self) -> Vec<String> {
        let mut lines: Vec<String> = (self.rules.iter())
            .map(|r| {
                let mut s = format!(
                    "{}: {}, {}",
                    every_en(r),
                    days_en(r),
                    span_en(r.opens_at, r.closes_at)
                );
                if let Some(d) = &r.description {
                    s.push_str(&format!(": {d}"));
                }
                s + &validity_en(r)
            })
            .collect();
        lines.extend(self.dates.iter().map(|d| {
            let mut s = format!(
                "{} {}, {}",
                weekday_en(d.date.weekday()),
                date_en(d.date),
                span_en(d.opens_at, d.closes_at)
            );
            if let Some(desc) = &d.description {
                s.push_str(&format!(": {desc}"));
            }
            s
        }));
        match (self.closed_holidays, self.closed_year_end) {
            (true, true) => lines.push(
                "Closed on national holidays and over the New Year (29 December – 3 January)"
                    .into(),
            ),
            (true, false) => lines.push("Closed on national holidays".into()),
            (false, true) => {
                lines.push("Closed over the New Year (29 December – 3 January)".into())
            }
            (false, false) => {}
        }
        if !self.closed_dates.is_empty() {
            let days: Vec<String> = self.closed_dates.iter().map(|d| date_en(*d)).collect();
            lines.push(format!("Closed on {}", days.join(", ")));
        }
        lines.extend(self.notes.clone());
        lines
    }

    /// 利用可能曜日: "月,火,水,木,金", "第2土,第4土", "15日,末日" — the days of every rule,
    /// weekdays first, without repeats.
    pub fn csv_days(&self) -> String {
        let mut tokens: Vec<String> = Vec::new();
        let mut push = |t: String| {
            if !tokens.contains(&t) {
                tokens.push(t);
            }
        };
        let mut plain: Vec<u32> = (self.rules.iter())
            .flat_map(|r| plain_weekdays(&r.byday))
            .map(|w| w.num_days_from_monday())
            .collect();
        plain.sort_unstable();
        for i in plain {
            push(weekday_ja(WEEKDAYS[i as usize]).into());
        }
        for r in &self.rules {
            for (w, ns) in ordinal_groups(&r.byday) {
                for n in ns {
                    push(format!("{}{}", ordinal_ja(n), weekday_ja(w)));
                }
            }
            for d in monthdays_sorted(&r.bymonthday) {
                push(monthday_ja(d));
            }
        }
        tokens.join(",")
    }

    /// 開始時間・終了時間 ("11:00", "14:00") of the first rule (or, with no rule, of the first
    /// one-off date); empty strings when there is neither.
    pub fn csv_hours(&self) -> (String, String) {
        let first = (self.rules.first().map(|r| (r.opens_at, r.closes_at)))
            .or_else(|| self.dates.first().map(|d| (d.opens_at, d.closes_at)));
        match first {
            Some((o, c)) => (time_hhmm(open_minutes(o)), time_hhmm(close_minutes(c))),
            None => (String::new(), String::new()),
        }
    }

    /// 利用可能日時特記事項: the [`describe_ja`](Schedule::describe_ja) lines joined with
    /// 「。」 (a line already ending in 「。」 gets no second one).
    pub fn csv_notes(&self) -> String {
        let mut out = String::new();
        for line in self.describe_ja() {
            if !out.is_empty() && !out.ends_with('。') {
                out.push('。');
            }
            out.push_str(&line);
        }
        out
    }
}
