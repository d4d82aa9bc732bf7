use super::*;

/// The one line of a schedule with one rule.
fn line(toml_rule: &str) -> String {
    let s = schedule(&format!("[[rules]]\n{toml_rule}"));
    let lines = s.describe_ja();
    assert_eq!(lines.len(), 1, "{lines:?}");
    lines[0].clone()
}

#[test]
fn the_salon_as_a_public_site_writes_it() {
    assert_eq!(
        schedule(SALON).describe_ja(),
        vec![
            "毎月 第2・第4土曜日 11時〜14時（2026年4月1日〜2027年3月31日）",
            "隔週 水曜日 13時30分〜15時30分",
            "2026年12月20日（日） 10時〜12時 クリスマス会",
            "祝日・年末年始（12月29日〜1月3日）は休み",
            "2026年8月13日は休み",
            "8月はお休みです",
        ]
    );
}

#[test]
fn weekdays_collapse_into_ranges() {
    let t = "opens_at = \"9:00\"\ncloses_at = \"17:00\"\nfreq = \"weekly\"\n";
    let with = |days: &str| line(&format!("{t}byday = [{days}]"));
    assert_eq!(
        with(r#""MO","TU","WE","TH","FR""#),
        "毎週 月曜日〜金曜日 9時〜17時"
    );
    assert_eq!(
        with(r#""FR","MO","WE""#),
        "毎週 月曜日・水曜日・金曜日 9時〜17時"
    );
    assert_eq!(
        with(r#""MO","TU","WE","SA""#),
        "毎週 月曜日〜水曜日・土曜日 9時〜17時"
    );
    assert_eq!(with(r#""SA","SU""#), "毎週 土曜日・日曜日 9時〜17時");
    assert_eq!(with(r#""MO","TU""#), "毎週 月曜日・火曜日 9時〜17時");
    assert_eq!(
        with(r#""MO","TU","WE","TH","FR","SA","SU""#),
        "毎週 月曜日〜日曜日 9時〜17時"
    );
}

#[test]
fn times_with_minutes_and_midnight() {
    assert_eq!(
        line("freq = \"weekly\"\nbyday = [\"WE\"]\nopens_at = \"13:30\"\ncloses_at = \"15:30\""),
        "毎週 水曜日 13時30分〜15時30分"
    );
    assert_eq!(
        line("freq = \"weekly\"\nbyday = [\"FR\"]\nopens_at = \"0:00\"\ncloses_at = \"24:00\""),
        "毎週 金曜日 0時〜24時"
    );
    assert_eq!(
        line("freq = \"weekly\"\nbyday = [\"FR\"]\nopens_at = \"9:05\"\ncloses_at = \"0:00\""),
        "毎週 金曜日 9時5分〜24時"
    );
}

#[test]
fn monthly_days() {
    let t = "opens_at = \"10:00\"\ncloses_at = \"12:00\"\nfreq = \"monthly\"\n";
    let with = |rest: &str| line(&format!("{t}{rest}"));
    assert_eq!(with("byday = [\"-1FR\"]"), "毎月 最終金曜日 10時〜12時");
    assert_eq!(
        with("byday = [\"-1SA\", \"2SA\"]"),
        "毎月 第2・最終土曜日 10時〜12時"
    );
    assert_eq!(
        with("byday = [\"3WE\", \"1MO\"]"),
        "毎月 第1月曜日・第3水曜日 10時〜12時"
    );
    assert_eq!(
        with("byday = [\"-2TH\"]"),
        "毎月 最後から2番目の木曜日 10時〜12時"
    );
    assert_eq!(with("bymonthday = [15]"), "毎月 15日 10時〜12時");
    assert_eq!(with("bymonthday = [-1, 1]"), "毎月 1日・末日 10時〜12時");
    assert_eq!(with("byday = [\"SA\"]"), "毎月 土曜日 10時〜12時");
}

#[test]
fn intervals_validity_and_descriptions() {
    let t = "opens_at = \"10:00\"\ncloses_at = \"12:00\"\n";
    let with = |rest: &str| line(&format!("{t}{rest}"));
    assert_eq!(
        with("freq = \"weekly\"\ninterval = 2\nbyday = [\"WE\"]"),
        "隔週 水曜日 10時〜12時"
    );
    assert_eq!(
        with("freq = \"weekly\"\ninterval = 3\nbyday = [\"WE\"]"),
        "3週ごと 水曜日 10時〜12時"
    );
    assert_eq!(
        with("freq = \"monthly\"\ninterval = 2\nbymonthday = [1]"),
        "隔月 1日 10時〜12時"
    );
    assert_eq!(
        with("freq = \"monthly\"\ninterval = 3\nbymonthday = [1]"),
        "3か月ごと 1日 10時〜12時"
    );
    assert_eq!(
        with("freq = \"weekly\"\nbyday = [\"TU\"]\nvalid_from = 2026-04-01"),
        "毎週 火曜日 10時〜12時（2026年4月1日から）"
    );
    assert_eq!(
        with("freq = \"weekly\"\nbyday = [\"TU\"]\nvalid_to = 2027-03-31\ndescription = \"体操\""),
        "毎週 火曜日 10時〜12時 体操（2027年3月31日まで）"
    );
}

#[test]
fn closures_alone_and_several_closed_dates() {
    let s = schedule("closed_holidays = true");
    assert_eq!(s.describe_ja(), vec!["祝日は休み"]);
    let s = schedule("closed_year_end = true");
    assert_eq!(s.describe_ja(), vec!["年末年始（12月29日〜1月3日）は休み"]);
    let s = schedule("closed_dates = [2027-01-04, 2026-08-14, 2026-08-13]");
    assert_eq!(
        s.describe_ja(),
        vec!["2026年8月13日・8月14日・2027年1月4日は休み"]
    );
    assert!(Schedule::default().describe_ja().is_empty());
}

#[test]
fn csv_columns() {
    let salon = schedule(SALON);
    assert_eq!(salon.csv_days(), "水,第2土,第4土");
    assert_eq!(salon.csv_hours(), ("11:00".into(), "14:00".into()));
    assert_eq!(
        salon.csv_notes(),
        "毎月 第2・第4土曜日 11時〜14時（2026年4月1日〜2027年3月31日）。隔週 水曜日 13時30分〜15時30分。\
         2026年12月20日（日） 10時〜12時 クリスマス会。祝日・年末年始（12月29日〜1月3日）は休み。\
         2026年8月13日は休み。8月はお休みです"
    );

    let weekdays = schedule(
        r#"
notes = "雨天中止。"
[[rules]]
freq = "weekly"
byday = ["FR", "MO", "TU", "WE", "TH"]
opens_at = "9:00"
closes_at = "17:00"
[[rules]]
freq = "weekly"
byday = ["MO", "SA"]
opens_at = "18:00"
closes_at = "24:00"
[[rules]]
freq = "monthly"
bymonthday = [-1, 15]
byday = []
opens_at = "9:00"
closes_at = "10:00"
[[rules]]
freq = "monthly"
byday = ["-1FR"]
opens_at = "9:00"
closes_at = "10:00"
"#,
    );
    assert_eq!(weekdays.csv_days(), "月,火,水,木,金,土,15日,末日,最終金");
    assert_eq!(weekdays.csv_hours(), ("09:00".into(), "17:00".into()));
    assert!(
        weekdays
            .csv_notes()
            .ends_with("最終金曜日 9時〜10時。雨天中止。")
    );
    assert!(!weekdays.csv_notes().contains("。。"));

    let only_dates =
        schedule("[[dates]]\ndate = 2026-06-01\nopens_at = \"18:30\"\ncloses_at = \"24:00\"\n");
    assert_eq!(only_dates.csv_hours(), ("18:30".into(), "24:00".into()));
    assert_eq!(only_dates.csv_days(), "");
    assert_eq!(
        Schedule::default().csv_hours(),
        (String::new(), String::new())
    );
}

#[test]
fn english() {
    assert_eq!(
        schedule(SALON).describe_en(),
        vec![
            "Every month: the 2nd and 4th Saturday, 11:00–14:00 (1 April 2026 – 31 March 2027)",
            "Every 2 weeks: Wednesday, 13:30–15:30",
            "Sunday 20 December 2026, 10:00–12:00: クリスマス会",
            "Closed on national holidays and over the New Year (29 December – 3 January)",
            "Closed on 13 August 2026",
            "8月はお休みです",
        ]
    );
    assert_eq!(
        schedule(
            "[[rules]]\nfreq = \"weekly\"\nbyday = [\"MO\",\"TU\",\"WE\",\"TH\",\"FR\"]\nopens_at = \"9:00\"\ncloses_at = \"17:00\""
        )
        .describe_en(),
        vec!["Every week: Monday–Friday, 9:00–17:00"]
    );
}
