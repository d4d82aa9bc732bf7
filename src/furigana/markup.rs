//! Readings written by the author, which win over everything else:
//!
//! - `{漢字|かんじ}`: one reading for the whole word;
//! - `{漢字|かん|じ}`: one reading per character (as many readings as characters).
//!
//! A `{` starts markup only when a `|` follows before the closing `}` (so `{注}` stays
//! text). Malformed markup is kept as the text it is and reported by [`check_markup`].

use crate::diagnostics::Diagnostic;

use super::{Segment, Source};

/// A piece of text after reading the author's markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part<'a> {
    /// Text to analyse.
    Plain(&'a str),
    /// Malformed markup, kept verbatim and not analysed.
    Literal(&'a str),
    /// Readings the author gave: (base, reading) pairs.
    Ruby(Vec<(String, String)>),
}

/// Malformed author markup, at byte `offset` of the text that was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    pub offset: usize,
    pub message_ja: String,
    pub message_en: String,
    pub hint_ja: String,
    pub hint_en: String,
}

impl MarkupError {
    /// As a diagnostic for staff; the caller adds the file and position.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::field_error(&self.message_ja, &self.message_en)
            .hint(&self.hint_ja, &self.hint_en)
    }
}

/// Every malformed `{…|…}` in `text`.
pub fn check_markup(text: &str) -> Vec<MarkupError> {
    let mut errors = Vec::new();
    scan(text, &mut |_| {}, &mut |e| errors.push(e));
    errors
}

/// The author's rubies as [`Segment::Ruby`] with [`Source::Author`]; everything else,
/// malformed markup included, as unanalysed [`Segment::Text`].
pub fn parse_author_markup(text: &str) -> Vec<Segment> {
    parts(text)
        .into_iter()
        .flat_map(|part| match part {
            Part::Plain(t) | Part::Literal(t) => vec![Segment::Text(t.to_string())],
            Part::Ruby(pairs) => pairs
                .into_iter()
                .map(|(base, reading)| Segment::Ruby {
                    base,
                    reading,
                    source: Source::Author,
                })
                .collect(),
        })
        .collect()
}

pub(crate) fn parts(text: &str) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    scan(text, &mut |p| out.push(p), &mut |_| {});
    out
}

/// What separates a ruby base from its readings: `|`, or `｜` (full width).
const BARS: [char; 2] = ['|', '｜'];

const FORMAT_HINT_JA: &str =
    "読みは {漢字|かんじ}（まとめて）か {漢字|かん|じ}（1文字ずつ）のように書きます。";
const FORMAT_HINT_EN: &str =
    "write {漢字|かんじ} (whole word) or {漢字|かん|じ} (one reading per character)";

fn scan<'a>(text: &'a str, part: &mut dyn FnMut(Part<'a>), error: &mut dyn FnMut(MarkupError)) {
    let mut plain_from = 0;
    let mut at = 0;
    while let Some(found) = text[at..].find('{') {
        let open = at + found;
        let body_start = open + 1;
        let stop = text[body_start..]
            .find(['}', '{', '\n'])
            .map_or(text.len(), |i| body_start + i);
        let body = &text[body_start..stop];
        let closed = text[stop..].starts_with('}');
        // the bar as typed with a Japanese input method (｜) as well
        if !body.contains(BARS) {
            at = body_start;
            continue;
        }
        let shown = &text[open..if closed { stop + 1 } else { stop }];
        let mut fields = body.split(BARS);
        let base = fields.next().unwrap_or_default();
        let readings: Vec<&str> = fields.collect();
        let chars = base.chars().count();
        let problem = if !closed {
            Some((
                format!("読みの書き方「{shown}」が「}}」で閉じられていません。"),
                format!("the reading markup `{shown}` is not closed by `}}`"),
            ))
        } else if base.trim().is_empty() {
            Some((
                format!("読みの書き方「{shown}」に、読みを付ける文字がありません。"),
                format!("the reading markup `{shown}` has no text to read"),
            ))
        } else if readings.iter().any(|r| r.trim().is_empty()) {
            Some((
                format!("読みの書き方「{shown}」に、空の読みがあります。"),
                format!("the reading markup `{shown}` has an empty reading"),
            ))
        } else if readings.len() > 1 && readings.len() != chars {
            Some((
                format!(
                    "読みの書き方「{shown}」は、読みが{}つですが、文字は{chars}文字です。",
                    readings.len()
                ),
                format!(
                    "the reading markup `{shown}` has {} readings for {chars} characters",
                    readings.len()
                ),
            ))
        } else {
            None
        };
        let end = if closed { stop + 1 } else { stop };
        if let Some((ja, en)) = problem {
            error(MarkupError {
                offset: open,
                message_ja: ja,
                message_en: en,
                hint_ja: FORMAT_HINT_JA.into(),
                hint_en: FORMAT_HINT_EN.into(),
            });
            if plain_from < open {
                part(Part::Plain(&text[plain_from..open]));
            }
            part(Part::Literal(&text[open..end]));
            plain_from = end;
            at = end;
            continue;
        }
        if plain_from < open {
            part(Part::Plain(&text[plain_from..open]));
        }
        let pairs = if readings.len() == 1 {
            vec![(base.to_string(), readings[0].to_string())]
        } else {
            base.chars()
                .zip(readings)
                .map(|(c, r)| (c.to_string(), r.to_string()))
                .collect()
        };
        part(Part::Ruby(pairs));
        plain_from = end;
        at = end;
    }
    if plain_from < text.len() {
        part(Part::Plain(&text[plain_from..]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ruby(base: &str, reading: &str) -> Segment {
        Segment::Ruby {
            base: base.into(),
            reading: reading.into(),
            source: Source::Author,
        }
    }

    #[test]
    fn whole_word_and_per_character_readings() {
        assert_eq!(
            parse_author_markup("{皆生|かいけ}温泉"),
            [ruby("皆生", "かいけ"), Segment::Text("温泉".into())]
        );
        assert_eq!(
            parse_author_markup("{漢字|かん|じ}"),
            [ruby("漢", "かん"), ruby("字", "じ")]
        );
    }

    #[test]
    fn braces_without_a_bar_are_text() {
        assert_eq!(
            parse_author_markup("{注}と{ }"),
            [Segment::Text("{注}と{ }".into())]
        );
        assert!(check_markup("{注}").is_empty());
    }

    #[test]
    fn malformed_markup_is_reported_and_kept() {
        let text = "あ{漢字|かん|じ|い}い{用瀬|もちがせ";
        let errors = check_markup(text);
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].offset, "あ".len());
        assert!(errors[0].message_ja.contains("読みが3つ"), "{errors:?}");
        assert!(errors[1].message_en.contains("not closed"));
        assert_eq!(
            parts(text),
            [
                Part::Plain("あ"),
                Part::Literal("{漢字|かん|じ|い}"),
                Part::Plain("い"),
                Part::Literal("{用瀬|もちがせ"),
            ]
        );
    }

    #[test]
    fn empty_parts_are_errors() {
        assert_eq!(check_markup("{|かな}").len(), 1);
        assert_eq!(check_markup("{漢字|}").len(), 1);
        assert_eq!(check_markup("{漢字|かん||}").len(), 1);
    }
}
