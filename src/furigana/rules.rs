//! Readings fixed after analysis, where IPADIC reads each word on its own:
//!
//! - numbers with their counters: IPADIC reads 三 / 百 / 日 one by one (さん ひゃく にち);
//!   a run of kanji numerals and the counter after it become one word read as a whole,
//!   with the sound changes of counting: 三百 さんびゃく, 三日 みっか, 一人 ひとり,
//!   一週間 いっしゅうかん, 十分 (minutes) じゅっぷん, 四月一日 …ついたち. After Arabic
//!   digits (which stay plain) only the counter changes: 10分 → 分[ぷん], 3階 → 階[がい];
//! - 方 read ほう but meaning a person (必要な方は → かた), unless a comparison follows
//!   (方がよい) or a direction (方へ);
//! - 間 after の read ま → あいだ (夏休みの間);
//! - 行 on its own read くだり (literary) → ぎょう (次の行, 3行);
//! - a day of the week written as its kanji alone, （水）or 月〜金: すい, げつ, きん (IPADIC
//!   reads みず, つき, かね);
//! - the verb 来る by what follows: 来られます こ, 来ます き (IPADIC: きた).

use super::dict::Word;

const NUMERALS: &str = "一二三四五六七八九十百千万";

/// Apply every rule to the analysed words of `text`.
pub(crate) fn apply<'a>(text: &'a str, words: Vec<Word<'a>>) -> Vec<Word<'a>> {
    let mut out: Vec<Word<'a>> = Vec::with_capacity(words.len());
    let mut words = words.into_iter().peekable();
    while let Some(mut word) = words.next() {
        if let Some(value) = kanji_number(&word) {
            // Gather the whole run of numeral words.
            let start = word.start;
            let mut end = start + word.surface.len();
            let mut run = word.surface.to_string();
            while let Some(next) = words.next_if(|w| w.number && kanji_number(w).is_some()) {
                run.push_str(next.surface);
                end = next.start + next.surface.len();
            }
            let value = parse_kanji_number(&run).unwrap_or(value);
            let after_month = text[..start].ends_with('月');
            let counter = words
                .peek()
                .filter(|w| w.counter || counter_kind(w.surface).is_some());
            let (reading, end) = match counter.and_then(|c| {
                let end = c.start + c.surface.len();
                if let Some(no) = minutes_then_no(text, c) {
                    return read_with_counter(value, "分", "フン", false).map(|r| (r + no, end));
                }
                read_with_counter(value, c.surface, c.reading.as_deref()?, after_month)
                    .map(|r| (r, end))
            }) {
                Some((reading, end)) => {
                    words.next();
                    (reading, end)
                }
                None => (number_reading(value), end),
            };
            out.push(Word {
                surface: &text[start..end],
                start,
                reading: Some(reading),
                site: false,
                number: true,
                counter: false,
            });
            continue;
        }
        if let (Some(value), Some(next)) = (digits_number(word.surface), words.peek_mut()) {
            // 4日 よっか, 1日 ついたち (after a month) cannot be split between the digits and
            // 日: the two become one word (the only rubies that cover Arabic digits).
            let after_month = text[..word.start].ends_with('月');
            let day = ["日", "日間"]
                .contains(&next.surface)
                .then(|| read_with_counter(value, "日", "ニチ", after_month))
                .flatten()
                .filter(|r| *r != format!("{}にち", number_reading(value)))
                .map(|r| {
                    r + if next.surface == "日間" {
                        "かん"
                    } else {
                        ""
                    }
                });
            if let Some(reading) = day {
                let end = next.start + next.surface.len();
                words.next();
                out.push(Word {
                    surface: &text[word.start..end],
                    start: word.start,
                    reading: Some(reading),
                    site: false,
                    number: true,
                    counter: false,
                });
                continue;
            }
            if let Some(no) = minutes_then_no(text, next) {
                next.reading = counter_after_digits(value, "分").map(|r| r + no);
            } else if let Some(reading) = counter_after_digits(value, next.surface) {
                next.reading = Some(reading);
            }
        }
        context(text, &mut word);
        out.push(word);
    }
    out
}

/// Readings that depend on the words around (方, 間), and 行.
fn context(text: &str, word: &mut Word<'_>) {
    let before = &text[..word.start];
    let after = &text[word.start + word.surface.len()..];
    let reading = word.reading.as_deref();
    if word.surface == "方" && reading == Some("ホウ") {
        let comparison = [
            "がい",
            "がよ",
            "が良",
            "が便利",
            "が安心",
            "が早",
            "が多",
            "が少",
            "へ",
        ];
        let kana_before = before
            .chars()
            .last()
            .is_some_and(|c| !super::kana::is_kanji(c));
        if kana_before && !comparison.iter().any(|p| after.starts_with(p)) {
            word.reading = Some("かた".into());
        }
    } else if word.surface == "間" && reading == Some("マ") && before.ends_with('の') {
        word.reading = Some("あいだ".into());
    } else if let Some(day) = weekday(word.surface).filter(|_| {
        // a day of the week written alone: （水）, 月〜金, 月・水・金
        let open = ['（', '(', '〜', '～', '・', '、', '/', '／'];
        let close = ['）', ')', '〜', '～', '・', '、', '/', '／'];
        let b = before.chars().last();
        let a = after.chars().next();
        // the end of a range or list may be followed by a space (月〜金 9時から)
        let ends_list = b.is_some_and(|c| "〜～・、".contains(c));
        (b.is_some_and(|c| open.contains(&c)) || b.is_none())
            && (a.is_some_and(|c| close.contains(&c) || (ends_list && c.is_whitespace()))
                || a.is_none())
            && (b.is_some() || a.is_some())
    }) {
        word.reading = Some(day.into());
    } else if word.surface == "来ら" && after.starts_with('れ') {
        // 来られる, taken for the classical 来る (きたる): 来ら read きたら
        word.reading = Some("こら".into());
    } else if word.surface == "来" {
        // 来る as a verb: こ before られ・ない・よう, き before ます・て・た (IPADIC takes
        // 来 before られます for the adnominal 来る, きたる)
        let ko = ["られ", "ない", "なかっ", "なく", "よう", "させ"];
        let ki = ["ます", "まし", "ませ", "て", "た"];
        if ko.iter().any(|p| after.starts_with(p)) {
            word.reading = Some("こ".into());
        } else if ki.iter().any(|p| after.starts_with(p)) {
            word.reading = Some("き".into());
        }
    } else if word.surface == "行" && reading == Some("クダリ") {
        // IPADIC's noun 行 is くだり; in today's writing the noun is ぎょう (行く, 行う and
        // 行事 are other words and keep their readings).
        word.reading = Some("ぎょう".into());
    }
}

/// The reading of a day of the week written as its one kanji (水 → すい).
fn weekday(surface: &str) -> Option<&'static str> {
    Some(match surface {
        "月" => "げつ",
        "火" => "か",
        "水" => "すい",
        "木" => "もく",
        "金" => "きん",
        "土" => "ど",
        "日" => "にち",
        _ => return None,
    })
}

fn kanji_number(word: &Word<'_>) -> Option<u64> {
    if word.number && word.surface.chars().all(|c| NUMERALS.contains(c)) {
        parse_kanji_number(word.surface)
    } else {
        None
    }
}

/// 三百五十 → 350. `None` for zero or nonsense.
fn parse_kanji_number(text: &str) -> Option<u64> {
    let (mut total, mut section, mut digit) = (0u64, 0u64, None::<u64>);
    for c in text.chars() {
        let d = "一二三四五六七八九".chars().position(|n| n == c);
        match (d, c) {
            (Some(d), _) => {
                if digit.is_some() {
                    return None; // 一二: a list of digits, not a number
                }
                digit = Some(d as u64 + 1);
            }
            (None, '十') => section += digit.take().unwrap_or(1) * 10,
            (None, '百') => section += digit.take().unwrap_or(1) * 100,
            (None, '千') => section += digit.take().unwrap_or(1) * 1000,
            (None, '万') => {
                total += (section + digit.take().unwrap_or(0)).max(1) * 10_000;
                section = 0;
            }
            _ => return None,
        }
    }
    let value = total + section + digit.unwrap_or(0);
    (value > 0 && value < 100_000_000).then_some(value)
}

fn digits_number(text: &str) -> Option<u64> {
    if text.is_empty() || text.chars().count() > 8 {
        return None;
    }
    text.chars().try_fold(0u64, |acc, c| {
        let d = c
            .to_digit(10)
            .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))?;
        Some(acc * 10 + u64::from(d))
    })
}

const DIGITS: [&str; 10] = [
    "",
    "いち",
    "に",
    "さん",
    "よん",
    "ご",
    "ろく",
    "なな",
    "はち",
    "きゅう",
];

/// The reading of a number as said when counting (1 to 99,999,999).
fn number_reading(value: u64) -> String {
    let mut out = String::new();
    if value >= 10_000 {
        out.push_str(&below_10000(value / 10_000));
        out.push_str("まん");
    }
    out.push_str(&below_10000(value % 10_000));
    out
}

fn below_10000(v: u64) -> String {
    let (t, h, ten, u) = (v / 1000, v / 100 % 10, v / 10 % 10, v % 10);
    let mut out = String::new();
    match t {
        0 => {}
        1 => out.push_str("せん"),
        3 => out.push_str("さんぜん"),
        8 => out.push_str("はっせん"),
        _ => {
            out.push_str(DIGITS[t as usize]);
            out.push_str("せん");
        }
    }
    match h {
        0 => {}
        1 => out.push_str("ひゃく"),
        3 => out.push_str("さんびゃく"),
        6 => out.push_str("ろっぴゃく"),
        8 => out.push_str("はっぴゃく"),
        _ => {
            out.push_str(DIGITS[h as usize]);
            out.push_str("ひゃく");
        }
    }
    if ten > 0 {
        if ten > 1 {
            out.push_str(DIGITS[ten as usize]);
        }
        out.push_str("じゅう");
    }
    out.push_str(DIGITS[u as usize]);
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// 回, 週間, か所 …: 1, 6, 8, 10 and 100 end in っ (いっかい).
    Sokuon,
    /// 分, 本, 杯, 匹, 泊: っ + p-sound, and a voiced/p-sound after さん.
    HRow(&'static str, &'static str, &'static str),
    Person,
    Day,
    /// 時, 時間, 月 (がつ): 4 よ / し, 7 しち, 9 く.
    Clock,
    /// 年, 円: 4 よ.
    Yo,
}

fn counter_kind(counter: &str) -> Option<Kind> {
    Some(match counter {
        "回" | "週間" | "か月" | "ヶ月" | "カ月" | "箇月" | "か所" | "ヶ所" | "カ所" | "箇所"
        | "個" | "件" | "冊" | "歳" | "才" | "通" | "点" | "軒" | "階" | "校" | "社" | "区"
        | "周" | "頭" | "着" | "期" | "世帯" | "週" => Kind::Sokuon,
        "分" => Kind::HRow("ふん", "ぷん", "ぷん"),
        "本" => Kind::HRow("ほん", "ぼん", "ぽん"),
        "杯" => Kind::HRow("はい", "ばい", "ぱい"),
        "匹" => Kind::HRow("ひき", "びき", "ぴき"),
        "泊" => Kind::HRow("はく", "ぱく", "ぱく"),
        "人" => Kind::Person,
        "日" => Kind::Day,
        "時" | "時間" | "月" => Kind::Clock,
        "年" | "円" => Kind::Yo,
        _ => return None,
    })
}

/// `value` + counter as one reading; `None` for counters without rules (then the
/// number alone is merged and the counter keeps its own reading).
fn read_with_counter(
    value: u64,
    counter: &str,
    reading: &str,
    after_month: bool,
) -> Option<String> {
    let kind = counter_kind(counter)?;
    let counter_reading = super::kana::fold(reading);
    let number = number_reading(value);
    let u = value % 10;
    Some(match kind {
        Kind::Person => match value {
            1 => "ひとり".into(),
            2 => "ふたり".into(),
            _ if u == 4 => format!("{}よにん", strip_last(&number, "よん")),
            _ => format!("{number}にん"),
        },
        Kind::Day => {
            const DAYS: [&str; 11] = [
                "",
                "ついたち",
                "ふつか",
                "みっか",
                "よっか",
                "いつか",
                "むいか",
                "なのか",
                "ようか",
                "ここのか",
                "とおか",
            ];
            match value {
                1 if !after_month => "いちにち".into(),
                1..=10 => DAYS[value as usize].into(),
                14 => "じゅうよっか".into(),
                20 => "はつか".into(),
                24 => "にじゅうよっか".into(),
                _ => format!("{number}にち"),
            }
        }
        Kind::Clock => {
            let month = counter == "月";
            let last = match u {
                4 if month => "し",
                4 => "よ",
                7 => "しち",
                9 => "く",
                _ => return Some(format!("{number}{counter_reading}")),
            };
            format!(
                "{}{last}{counter_reading}",
                strip_last(&number, DIGITS[u as usize])
            )
        }
        Kind::Yo if u == 4 => format!("{}よ{counter_reading}", strip_last(&number, "よん")),
        Kind::Yo => format!("{number}{counter_reading}"),
        Kind::Sokuon => {
            let counter_reading = if counter == "階" && u == 3 {
                "がい".into()
            } else {
                counter_reading
            };
            format!("{}{counter_reading}", sokuon(&number))
        }
        Kind::HRow(plain, after_san, p) => {
            let n = sokuon(&number);
            let tail = if n.ends_with('っ') {
                p
            } else if n.ends_with("さん") || (n.ends_with("よん") && plain == "ふん") {
                after_san
            } else {
                plain
            };
            format!("{n}{tail}")
        }
    })
}

/// IPADIC has 分の as one counter read ぶんの, for fractions (3分の1 さんぶんのいち). When no
/// number follows it is minutes and の (40分の予約 よんじゅっぷんの): `Some("の")`.
fn minutes_then_no(text: &str, word: &Word<'_>) -> Option<&'static str> {
    let after = &text[word.start + word.surface.len()..];
    let number = |c: char| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十百千".contains(c)
    };
    (word.surface == "分の" && !after.starts_with(number)).then_some("の")
}

/// The counter's own reading after Arabic digits, where it differs from IPADIC's.
fn counter_after_digits(value: u64, counter: &str) -> Option<String> {
    match counter {
        // IPADIC reads 月 and 日 alone as つき and ひ.
        "月" => return Some("がつ".into()),
        "日" => return Some("にち".into()),
        _ => {}
    }
    let kind = counter_kind(counter)?;
    let number = number_reading(value);
    match kind {
        Kind::HRow(..) => {
            let full = read_with_counter(value, counter, "", false)?;
            Some(full[sokuon(&number).len()..].to_string())
        }
        Kind::Sokuon if counter == "階" && value % 10 == 3 => Some("がい".into()),
        _ => None,
    }
}

/// 1, 6, 8, 10, 100 before a counter starting with k, s, t or h: いち → いっ …
fn sokuon(number: &str) -> String {
    for (full, short) in [
        ("いち", "いっ"),
        ("ろく", "ろっ"),
        ("はち", "はっ"),
        ("じゅう", "じゅっ"),
        ("ひゃく", "ひゃっ"),
    ] {
        if let Some(head) = number.strip_suffix(full) {
            return format!("{head}{short}");
        }
    }
    number.to_string()
}

fn strip_last<'a>(number: &'a str, last: &str) -> &'a str {
    number.strip_suffix(last).unwrap_or(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_kanji_number("三百五十"), Some(350));
        assert_eq!(parse_kanji_number("二万五千"), Some(25_000));
        assert_eq!(parse_kanji_number("十一"), Some(11));
        assert_eq!(parse_kanji_number("一二三"), None);
        assert_eq!(number_reading(350), "さんびゃくごじゅう");
        assert_eq!(number_reading(8_600), "はっせんろっぴゃく");
        assert_eq!(number_reading(25_000), "にまんごせん");
        assert_eq!(digits_number("１０"), Some(10));
    }

    #[test]
    fn counters() {
        let r = |v, c, reading| read_with_counter(v, c, reading, false).unwrap_or_default();
        assert_eq!(r(1, "週間", "シュウカン"), "いっしゅうかん");
        assert_eq!(r(3, "日", "ニチ"), "みっか");
        assert_eq!(r(1, "日", "ニチ"), "いちにち");
        assert_eq!(
            read_with_counter(1, "日", "ニチ", true).as_deref(),
            Some("ついたち")
        );
        assert_eq!(r(1, "人", "ニン"), "ひとり");
        assert_eq!(r(4, "人", "ニン"), "よにん");
        assert_eq!(r(10, "分", "フン"), "じゅっぷん");
        assert_eq!(r(3, "本", "ホン"), "さんぼん");
        assert_eq!(r(4, "時", "ジ"), "よじ");
        assert_eq!(r(9, "月", "ガツ"), "くがつ");
        assert_eq!(r(14, "時", "ジ"), "じゅうよじ");
        assert_eq!(r(1, "か月", "カゲツ"), "いっかげつ");
        assert_eq!(r(3, "階", "カイ"), "さんがい");
        assert_eq!(counter_after_digits(10, "分").as_deref(), Some("ぷん"));
        assert_eq!(counter_after_digits(5, "分"), Some("ふん".into()));
        assert_eq!(counter_after_digits(3, "回"), None);
        assert_eq!(counter_after_digits(12, "月").as_deref(), Some("がつ"));
    }
}
