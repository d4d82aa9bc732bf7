//! Reading one CSV cell: numbers, dates, yes/no, lists, weekdays and times as staff type
//! them in a spreadsheet (full-width digits, 〒, 2026/4/1, 月〜金, 9時30分 …).

use chrono::{NaiveDate, Weekday};

use super::columns::halfwidth;

/// What is wrong with a cell, in both languages, with a hint in both.
#[derive(Debug, Clone, PartialEq)]
pub struct BadValue {
    pub ja: String,
    pub en: String,
    pub hint_ja: Option<String>,
    pub hint_en: Option<String>,
}

impl BadValue {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        BadValue {
            ja: ja.into(),
            en: en.into(),
            hint_ja: None,
            hint_en: None,
        }
    }

    pub fn hint(mut self, ja: impl Into<String>, en: impl Into<String>) -> Self {
        self.hint_ja = Some(ja.into());
        self.hint_en = Some(en.into());
        self
    }
}

/// Trim spaces (also 「　」) and unify line ends.
pub fn clean(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim_matches(|c: char| c.is_whitespace())
        .to_string()
}

/// A coordinate in degrees; `range` is Japan's extent for this axis.
pub fn coordinate(s: &str, range: std::ops::RangeInclusive<f64>) -> Result<f64, BadValue> {
    let t = halfwidth(s).replace(['．', '。'], ".");
    let v: f64 = t.trim().parse().map_err(|_| {
        BadValue::new(
            format!("「{s}」は数ではありません。"),
            format!("`{s}` is not a number"),
        )
        .hint(
            "度の単位の小数で書いてください（例: 35.5011）。",
            "write decimal degrees, e.g. 35.5011",
        )
    })?;
    if !v.is_finite() || !range.contains(&v) {
        return Err(BadValue::new(
            format!(
                "「{s}」は日本の範囲（{}〜{}）の外です。",
                range.start(),
                range.end()
            ),
            format!(
                "`{s}` is outside Japan ({} to {})",
                range.start(),
                range.end()
            ),
        )
        .hint(
            "緯度と経度を入れちがえていないか確かめてください。",
            "check that latitude and longitude are not swapped",
        ));
    }
    Ok(v)
}

/// `680-0000` from `〒680-0000`, `6800000`, `６８０－００００`.
pub fn postal_code(s: &str) -> Result<String, BadValue> {
    let digits: String = halfwidth(s)
        .chars()
        .filter(|c| !matches!(c, '〒' | '-' | 'ー' | '－' | '−' | '‐' | ' '))
        .collect();
    if digits.len() == 7 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(format!("{}-{}", &digits[..3], &digits[3..]))
    } else {
        Err(BadValue::new(
            format!("郵便番号「{s}」は7けたの数字ではありません。"),
            format!("the postal code `{s}` is not 7 digits"),
        )
        .hint(
            "「680-0000」のように書いてください。",
            "write it like 680-0000",
        ))
    }
}

/// 要予約 → true, 予約不要 → false, empty → unknown.
pub fn booking(s: &str) -> Result<Option<bool>, BadValue> {
    let t = halfwidth(s).trim().to_lowercase();
    match t.as_str() {
        "" => Ok(None),
        "要" | "要予約" | "必要" | "予約必要" | "あり" | "有" | "要す" | "○" | "〇" | "true"
        | "yes" | "1" => Ok(Some(true)),
        "不要" | "予約不要" | "なし" | "無" | "不要です" | "×" | "false" | "no" | "0" => {
            Ok(Some(false))
        }
        _ => Err(BadValue::new(
            format!("予約「{s}」の意味がわかりません。"),
            format!("cannot tell whether `{s}` means booking is required"),
        )
        .hint(
            "「要予約」「予約不要」のどちらかを書くか、わからなければ空にしてください。",
            "write 要予約 (required) or 予約不要 (not required), or leave it empty",
        )),
    }
}

/// サンプル: 1 / empty.
pub fn flag(s: &str) -> Result<bool, BadValue> {
    let t = halfwidth(s).trim().to_lowercase();
    match t.as_str() {
        "" | "0" | "false" | "no" | "いいえ" => Ok(false),
        "1" | "true" | "yes" | "はい" | "○" | "〇" => Ok(true),
        _ => Err(BadValue::new(
            format!("「{s}」は 1 か空のどちらかにしてください。"),
            format!("`{s}` should be 1 or empty"),
        )),
    }
}

/// 2026-04-01, 2026/4/1, 2026年4月1日, 2026.4.1 (full-width digits too).
pub fn date(s: &str) -> Result<NaiveDate, BadValue> {
    let t = halfwidth(s);
    let t = t.trim();
    let parts: Vec<&str> = t
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    let parsed = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => match (y.parse(), m.parse(), d.parse()) {
            (Ok(y), Ok(m), Ok(d)) => NaiveDate::from_ymd_opt(y, m, d),
            _ => None,
        },
        _ => None,
    };
    parsed.ok_or_else(|| {
        BadValue::new(
            format!("「{s}」は日付として読めません。"),
            format!("`{s}` is not a date"),
        )
        .hint(
            "西暦で「2026-04-01」または「2026/4/1」のように書いてください。",
            "write a date like 2026-04-01",
        )
    })
}

/// A list cell: values separated by `;` (as exported), `；`, `,`, `、`, or line breaks.
pub fn list(s: &str) -> Vec<String> {
    s.split([';', '；', ',', '，', '、', '\n'])
        .map(clean)
        .filter(|v| !v.is_empty())
        .collect()
}

fn weekday_of(s: &str) -> Option<Weekday> {
    let s = s.trim();
    let s = s
        .strip_suffix("曜日")
        .or_else(|| s.strip_suffix("曜"))
        .unwrap_or(s);
    Some(match s.to_ascii_uppercase().as_str() {
        "月" | "MO" | "MON" => Weekday::Mon,
        "火" | "TU" | "TUE" => Weekday::Tue,
        "水" | "WE" | "WED" => Weekday::Wed,
        "木" | "TH" | "THU" => Weekday::Thu,
        "金" | "FR" | "FRI" => Weekday::Fri,
        "土" | "SA" | "SAT" => Weekday::Sat,
        "日" | "SU" | "SUN" => Weekday::Sun,
        _ => return None,
    })
}

/// Plain weekdays — `月,水,金`, `月〜金`, `月曜日・木曜日`, `平日`, `毎日`, `月〜金、土` —
/// as weekdays Monday first; `None` for anything else (第2土曜, 隔週, 祝日 …).
pub fn weekdays(s: &str) -> Option<Vec<Weekday>> {
    let t = halfwidth(s);
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    let mut days: Vec<Weekday> = Vec::new();
    for part in t.split([',', '、', '・', ';', '；', '/', '／', ' ']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match part {
            "平日" => days.extend((0..5).filter_map(|i| Weekday::try_from(i).ok())),
            "毎日" => days.extend((0..7).filter_map(|i| Weekday::try_from(i).ok())),
            _ => {
                if let Some((a, b)) = part.split_once(['〜', '~', '～', '-', '−']) {
                    let (a, b) = (weekday_of(a)?, weekday_of(b)?);
                    let (from, to) = (a.num_days_from_monday(), b.num_days_from_monday());
                    if from > to {
                        return None;
                    }
                    days.extend((from..=to).filter_map(|i| Weekday::try_from(i as u8).ok()));
                } else {
                    days.push(weekday_of(part)?);
                }
            }
        }
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    (!days.is_empty()).then_some(days)
}

/// RFC 5545 BYDAY code of a weekday.
pub fn byday_code(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// `HH:MM` (00:00 to 24:00) from `9:00`, `09:00:00`, `９：００`, `9時`, `9時30分`; `None` otherwise.
pub fn time(s: &str) -> Option<String> {
    let t = halfwidth(s);
    let t = t.trim();
    let (h, m) = if let Some(rest) = t.strip_suffix('分') {
        let (h, m) = rest.split_once('時')?;
        (h, m)
    } else if let Some(h) = t.strip_suffix('時') {
        (h, "0")
    } else {
        let mut it = t.split(':');
        let h = it.next()?;
        let m = it.next()?;
        match it.next() {
            None => {}
            Some(sec) if sec.len() == 2 && sec.parse::<u32>().ok() == Some(0) => {}
            Some(_) => return None,
        }
        (h, m)
    };
    if h.is_empty() || h.len() > 2 || m.is_empty() || m.len() > 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    // 24:00 is the end of the day, as the schedule check accepts it.
    ((h < 24 && m < 60) || (h == 24 && m == 0)).then(|| format!("{h:02}:{m:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Weekday::*;

    #[test]
    fn coordinates_in_japan_only() {
        assert_eq!(coordinate("35.5", 20.0..=46.0), Ok(35.5));
        assert_eq!(coordinate("３５．５", 20.0..=46.0), Ok(35.5));
        assert!(coordinate("abc", 20.0..=46.0).is_err());
        assert!(coordinate("134.2", 20.0..=46.0).is_err());
        assert!(coordinate("NaN", 20.0..=46.0).is_err());
        assert!(coordinate("inf", 122.0..=154.0).is_err());
    }

    #[test]
    fn postal_codes_dates_flags() {
        assert_eq!(postal_code("〒680-0000").as_deref(), Ok("680-0000"));
        assert_eq!(postal_code("６８００００１").as_deref(), Ok("680-0001"));
        assert!(postal_code("680-000").is_err());
        let d = NaiveDate::from_ymd_opt(2026, 4, 1);
        for s in [
            "2026-04-01",
            "2026/4/1",
            "2026年4月1日",
            "２０２６／４／１",
            "2026.04.01",
        ] {
            assert_eq!(date(s).ok(), d, "{s}");
        }
        assert!(date("2026-02-30").is_err());
        assert!(date("令和8年4月1日").is_err());
        assert!(date("").is_err());
        assert_eq!(booking("要予約"), Ok(Some(true)));
        assert_eq!(booking("予約不要"), Ok(Some(false)));
        assert_eq!(booking(""), Ok(None));
        assert!(booking("たぶん").is_err());
        assert_eq!(flag("1"), Ok(true));
        assert_eq!(flag(""), Ok(false));
        assert!(flag("2").is_err());
    }

    #[test]
    fn lists_split_on_common_separators() {
        assert_eq!(list("高齢者;子ども"), vec!["高齢者", "子ども"]);
        assert_eq!(
            list(" 高齢者、 子ども ；障がいのある人"),
            vec!["高齢者", "子ども", "障がいのある人"]
        );
        assert!(list(" ; ").is_empty());
        assert_eq!(
            list("ふれあい・いきいきサロン"),
            vec!["ふれあい・いきいきサロン"]
        );
    }

    #[test]
    fn plain_weekdays() {
        assert_eq!(weekdays("月〜金"), Some(vec![Mon, Tue, Wed, Thu, Fri]));
        assert_eq!(weekdays("月,水,金"), Some(vec![Mon, Wed, Fri]));
        assert_eq!(weekdays("金曜日・月曜日"), Some(vec![Mon, Fri]));
        assert_eq!(
            weekdays("月～金、土"),
            Some(vec![Mon, Tue, Wed, Thu, Fri, Sat])
        );
        assert_eq!(weekdays("平日"), Some(vec![Mon, Tue, Wed, Thu, Fri]));
        assert_eq!(weekdays("毎日").map(|v| v.len()), Some(7));
        assert_eq!(weekdays("MO,TU"), Some(vec![Mon, Tue]));
        assert_eq!(weekdays("第2・第4土曜"), None);
        assert_eq!(weekdays("月〜金（祝日を除く）"), None);
        assert_eq!(weekdays("土〜月"), None);
        assert_eq!(weekdays(""), None);
    }

    #[test]
    fn times() {
        assert_eq!(time("9:00").as_deref(), Some("09:00"));
        assert_eq!(time("09:30:00").as_deref(), Some("09:30"));
        assert_eq!(time("９：００").as_deref(), Some("09:00"));
        assert_eq!(time("9時").as_deref(), Some("09:00"));
        assert_eq!(time("13時30分").as_deref(), Some("13:30"));
        assert_eq!(time("24:00").as_deref(), Some("24:00"));
        assert_eq!(time("24:30"), None);
        assert_eq!(time("9:60"), None);
        assert_eq!(time("午前9時"), None);
        assert_eq!(time("9:00:30"), None);
        assert_eq!(time(""), None);
    }
}
