//! Characters and readings: which characters need a reading, katakana → hiragana folding,
//! and the alignment of a word's reading to its kanji so okurigana stay outside the ruby.
//!
//! Alignment splits a word into runs of kanji and runs of kana (見守り → 見守 + り,
//! 取り組み → 取 + り + 組 + み) and finds the reading of each kanji run by matching the
//! kana runs against the reading, left to right, shortest kanji reading first, with
//! backtracking. 取り組み / とりくみ gives 取[と]り組[く]み.

/// One piece of an aligned word: a kanji run with its reading, or kana written as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Kana(String),
    Kanji { base: String, reading: String },
}

/// A kanji, or a character written inside kanji compounds that has no reading of its own
/// to show separately: 々 (repeat), 〆, 〇, and the small ヶ/ヵ of 1ヶ所.
pub fn is_kanji(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}'
        | '々' | '〆' | '〇' | 'ヶ' | 'ヵ')
}

/// Hiragana and katakana, including the long vowel mark ー and the iteration marks.
pub fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A1}'..='\u{30FA}' | 'ー' | 'ヽ' | 'ヾ')
        && !matches!(c, 'ヶ' | 'ヵ')
}

/// Whether `text` has at least one character that a reading would be shown for.
pub fn has_kanji(text: &str) -> bool {
    text.chars().any(is_kanji)
}

/// Katakana → hiragana by code point (ア → あ, ヴ → ゔ); ー and everything else kept.
/// Deliberately not a romaji round trip, which turns センター into せんたあ.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// A katakana as its hiragana (ヴ as ゔ); any other character as it is.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        '\u{30A1}'..='\u{30F6}' | 'ヽ' | 'ヾ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Align `reading` (any kana) to `surface`. `None` when the kana of the surface cannot
/// be found in the reading in order (the reading belongs to another spelling).
pub fn align(surface: &str, reading: &str) -> Option<Vec<Piece>> {
    let runs = runs(surface);
    let reading: Vec<char> = fold(reading).chars().collect();
    let mut readings = Vec::new();
    if !solve(&runs, 0, &reading, 0, &mut readings) {
        return None;
    }
    let mut pieces = Vec::with_capacity(runs.len());
    let mut taken = readings.into_iter();
    for run in runs {
        match run {
            Run::Kana(text) => pieces.push(Piece::Kana(text)),
            Run::Kanji(base) => pieces.push(Piece::Kanji {
                base,
                reading: taken.next()?,
            }),
        }
    }
    Some(pieces)
}

/// Whole-word fallback: the reading with the kana shared at both ends stripped, over the
/// span from the first to the last kanji. Used when [`align`] finds no solution.
pub fn align_loose(surface: &str, reading: &str) -> Vec<Piece> {
    let chars: Vec<char> = surface.chars().collect();
    let first = chars.iter().position(|&c| is_kanji(c));
    let last = chars.iter().rposition(|&c| is_kanji(c));
    let (Some(first), Some(last)) = (first, last) else {
        return vec![Piece::Kana(surface.to_string())];
    };
    let mut reading: Vec<char> = fold(reading).chars().collect();
    let head: Vec<char> = chars[..first].to_vec();
    let tail: Vec<char> = chars[last + 1..].to_vec();
    let folded_head: Vec<char> = head.iter().map(|&c| fold_char(c)).collect();
    let folded_tail: Vec<char> = tail.iter().map(|&c| fold_char(c)).collect();
    let mut pieces = Vec::new();
    let mut base_start = first;
    let mut base_end = last + 1;
    if reading.starts_with(&folded_head) && reading.len() > folded_head.len() {
        reading.drain(..folded_head.len());
    } else {
        base_start = 0;
    }
    if reading.ends_with(&folded_tail) && reading.len() > folded_tail.len() {
        reading.truncate(reading.len() - folded_tail.len());
    } else {
        base_end = chars.len();
    }
    if base_start > 0 {
        pieces.push(Piece::Kana(chars[..base_start].iter().collect()));
    }
    pieces.push(Piece::Kanji {
        base: chars[base_start..base_end].iter().collect(),
        reading: reading.into_iter().collect(),
    });
    if base_end < chars.len() {
        pieces.push(Piece::Kana(chars[base_end..].iter().collect()));
    }
    pieces
}

#[derive(Debug)]
enum Run {
    Kana(String),
    Kanji(String),
}

/// Runs of kanji and of everything else (kana, and rarely Latin or digits, which then
/// have to appear verbatim in the reading for the alignment to succeed).
fn runs(surface: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for c in surface.chars() {
        match (out.last_mut(), is_kanji(c)) {
            (Some(Run::Kanji(s)), true) | (Some(Run::Kana(s)), false) => s.push(c),
            (_, true) => out.push(Run::Kanji(c.to_string())),
            (_, false) => out.push(Run::Kana(c.to_string())),
        }
    }
    out
}

/// Depth-first search: each kanji run takes at least one reading character, shortest
/// first; kana runs must match the reading exactly (after folding).
fn solve(runs: &[Run], i: usize, reading: &[char], at: usize, out: &mut Vec<String>) -> bool {
    let Some(run) = runs.get(i) else {
        return at == reading.len();
    };
    match run {
        Run::Kana(text) => {
            let want: Vec<char> = text.chars().map(fold_char).collect();
            let end = at + want.len();
            end <= reading.len()
                && reading[at..end] == want[..]
                && solve(runs, i + 1, reading, end, out)
        }
        Run::Kanji(_) => {
            // Leave at least one reading character for every later kanji run.
            let later: usize = runs[i + 1..]
                .iter()
                .map(|r| match r {
                    Run::Kanji(_) => 1,
                    Run::Kana(t) => t.chars().count(),
                })
                .sum();
            let max = reading.len().saturating_sub(at + later);
            for len in 1..=max {
                out.push(reading[at..at + len].iter().collect());
                if solve(runs, i + 1, reading, at + len, out) {
                    return true;
                }
                out.pop();
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Kana(t) => t.clone(),
                Piece::Kanji { base, reading } => format!("{base}[{reading}]"),
            })
            .collect()
    }

    #[test]
    fn folds_katakana_by_code_point() {
        assert_eq!(fold("センター"), "せんたー");
        assert_eq!(fold("ヴァイオリン"), "ゔぁいおりん");
        assert_eq!(fold("ABC１２"), "ABC１２");
    }

    #[test]
    fn okurigana_stay_outside() {
        let a = |s, r| show(&align(s, r).unwrap_or_default());
        assert_eq!(a("見守り", "ミマモリ"), "見守[みまも]り");
        assert_eq!(a("行って", "イッテ"), "行[い]って");
        assert_eq!(a("取り組み", "トリクミ"), "取[と]り組[く]み");
        assert_eq!(a("話し合い", "ハナシアイ"), "話[はな]し合[あ]い");
        assert_eq!(a("問い合わせ", "トイアワセ"), "問[と]い合[あ]わせ");
        assert_eq!(a("様々", "サマザマ"), "様々[さまざま]");
        assert_eq!(a("か所", "カショ"), "か所[しょ]");
        assert_eq!(a("お知らせ", "オシラセ"), "お知[し]らせ");
        assert_eq!(a("地域", "チイキ"), "地域[ちいき]");
    }

    #[test]
    fn mismatched_reading_has_no_alignment() {
        assert!(align("見守り", "ミマモル").is_none());
        assert!(align("取り組み", "トリクム").is_none());
    }

    #[test]
    fn loose_alignment_keeps_matching_ends_outside() {
        assert_eq!(
            show(&align_loose("お茶々", "おちゃちゃ")),
            "お茶々[ちゃちゃ]"
        );
        assert_eq!(show(&align_loose("見守り", "ミマモル")), "見守り[みまもる]");
    }
}
