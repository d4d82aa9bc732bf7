//! Dates written by staff: a TOML date (`verified = 2026-04-01`), a YAML/TOML string
//! (`"2026-04-01"`, `"令和8年4月1日"`), or a TOML datetime whose date part is taken.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

/// Parse `2026-04-01` (also `2026/04/01`, as staff often type it, and the Japanese
/// `2026年4月1日` and `令和8年4月1日`, as the city's documents date things).
pub fn parse(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.contains('年') {
        return parse_japanese(s);
    }
    let s = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y/%m/%d"))
        .ok()
}

/// `2026年4月1日`, `令和8年4月1日`, `令和元年5月1日`, with half- or full-width digits and
/// anything after 日 (a weekday) ignored. An era's year must fall inside the era:
/// 令和元年4月1日 (still 平成) and 平成32年 are no dates.
fn parse_japanese(s: &str) -> Option<NaiveDate> {
    let s: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    let (era, rest) = ERAS
        .iter()
        .enumerate()
        .find_map(|(i, (name, _))| s.strip_prefix(name).map(|r| (Some(i), r)))
        .unwrap_or((None, s.as_str()));
    let (y, rest) = rest.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, _) = rest.split_once('日')?;
    let y: i32 = match (era, y.trim()) {
        (Some(_), "元") => 1,
        (_, y) => y.parse().ok()?,
    };
    let start = |i: usize| {
        let (y, m, d) = ERAS[i].1;
        NaiveDate::from_ymd_opt(y, m, d)
    };
    let year = match era {
        Some(i) => ERAS[i].1.0 + y - 1,
        None => y,
    };
    let date = NaiveDate::from_ymd_opt(year, m.trim().parse().ok()?, d.trim().parse().ok()?)?;
    if let Some(i) = era {
        // ERAS is newest first: an era ends where the one before it in the list starts
        let after_start = date >= start(i)?;
        let before_end = i == 0 || date < start(i - 1)?;
        if y < 1 || !after_start || !before_end {
            return None;
        }
    }
    Some(date)
}

/// Japanese eras since 1989: (name, first day).
const ERAS: [(&str, (i32, u32, u32)); 2] = [("令和", (2019, 5, 1)), ("平成", (1989, 1, 8))];

/// `2026-04-01` → `令和8年4月1日` (the first year is 元年). Dates before 平成 are given in
/// the Western calendar only.
pub fn wareki(d: NaiveDate) -> String {
    use chrono::Datelike;
    for (name, (y, m, day)) in ERAS {
        let start = NaiveDate::from_ymd_opt(y, m, day).expect("era start dates are valid");
        if d >= start {
            let n = d.year() - y + 1;
            let year = if n == 1 {
                "元".to_string()
            } else {
                n.to_string()
            };
            return format!("{name}{year}年{}月{}日", d.month(), d.day());
        }
    }
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// `令和8年4月1日（2026年）`: how Japanese public sites date notices.
pub fn wareki_and_western(d: NaiveDate) -> String {
    use chrono::Datelike;
    let w = wareki(d);
    if w.starts_with(|c: char| c.is_ascii_digit()) {
        w
    } else {
        format!("{w}（{}年）", d.year())
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Raw {
    Toml(toml::value::Datetime),
    Text(String),
}

fn from_raw<E: serde::de::Error>(raw: Raw) -> Result<NaiveDate, E> {
    let text = match raw {
        Raw::Toml(d) => d.to_string(),
        Raw::Text(s) => s,
    };
    parse(&text).ok_or_else(|| {
        E::invalid_value(serde::de::Unexpected::Str(&text), &"a date like 2026-04-01")
    })
}

/// `#[serde(deserialize_with = "crate::dates::date")]`
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    from_raw(Raw::deserialize(d)?)
}

/// `#[serde(default, deserialize_with = "crate::dates::opt_date")]`
pub fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Option::<Raw>::deserialize(d)?.map(from_raw).transpose()
}

/// `#[serde(default, deserialize_with = "crate::dates::date_list")]`
pub fn date_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
    Vec::<Raw>::deserialize(d)?
        .into_iter()
        .map(from_raw)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        #[serde(deserialize_with = "date")]
        d: NaiveDate,
        #[serde(default, deserialize_with = "date_list")]
        list: Vec<NaiveDate>,
    }

    #[test]
    fn japanese_era_dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(wareki(d(2026, 4, 1)), "令和8年4月1日");
        assert_eq!(wareki(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(wareki(d(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(wareki(d(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(wareki(d(1989, 1, 7)), "1989年1月7日");
        assert_eq!(wareki_and_western(d(2026, 4, 1)), "令和8年4月1日（2026年）");
    }

    #[test]
    fn japanese_dates_as_documents_write_them() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        for (text, want) in [
            ("令和8年4月1日", d(2026, 4, 1)),
            ("令和８年４月１日", d(2026, 4, 1)),
            ("2026年4月1日", d(2026, 4, 1)),
            ("2026年4月1日（水）", d(2026, 4, 1)),
            ("令和元年5月1日", d(2019, 5, 1)),
            ("平成31年4月30日", d(2019, 4, 30)),
            ("平成元年1月8日", d(1989, 1, 8)),
            // not dates: before the era began, after it ended, no such day, no day
            ("令和元年4月30日", None),
            ("平成31年5月1日", None),
            ("平成元年1月7日", None),
            ("令和0年5月1日", None),
            ("令和8年2月30日", None),
            ("令和8年4月", None),
            ("昭和60年4月1日", None),
        ] {
            assert_eq!(parse(text), want, "{text}");
        }
        // and back: every day of 平成 and 令和 reads as it is written
        let mut day = d(1989, 1, 8).unwrap();
        while day < d(2031, 1, 1).unwrap() {
            assert_eq!(parse(&wareki(day)), Some(day), "{}", wareki(day));
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn toml_dates_strings_and_slashes() {
        let want = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        assert_eq!(toml::from_str::<T>("d = 2026-04-01").unwrap().d, want);
        assert_eq!(toml::from_str::<T>("d = \"2026-04-01\"").unwrap().d, want);
        assert_eq!(toml::from_str::<T>("d = \"2026/04/01\"").unwrap().d, want);
        assert_eq!(
            serde_norway::from_str::<T>("d: 2026-04-01").unwrap().d,
            want
        );
        let t = toml::from_str::<T>("d = 2026-04-01\nlist = [2026-08-13, \"2026-08-14\"]").unwrap();
        assert_eq!(t.list.len(), 2);
        assert!(
            toml::from_str::<T>("d = \"2026-02-30\"").is_err(),
            "impossible dates are refused"
        );
    }
}
