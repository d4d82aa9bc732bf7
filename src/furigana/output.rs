//! Writing annotated text out: bracket notation (`地域[ちいき]福祉[ふくし]`), ruby HTML,
//! and reading bracket notation back (for test corpora and tools).

use std::fmt::Write as _;

use super::grades::{BEYOND, base_grade, grade};
use super::kana::is_kanji;
use super::{Segment, Source};
use crate::markdown::escape_into;

/// Every ruby as `base[reading]`, text as it is.
pub fn to_bracket(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Text(t) => out.push_str(t),
            Segment::Ruby { base, reading, .. } => {
                let _ = write!(out, "{base}[{reading}]");
            }
        }
    }
    out
}

/// HTML with `<ruby data-g="N">base<rp>（</rp><rt>reading</rt><rp>）</rp></ruby>`, all
/// text escaped. `data-g` is the school grade of the base (see [`super::grades`]), so a
/// stylesheet can hide readings of kanji learnt by a chosen grade.
pub fn to_html(segments: &[Segment]) -> String {
    let mut out = String::new();
    for (s, g) in with_grades(segments) {
        match s {
            Segment::Text(t) => escape_into(&mut out, t),
            Segment::Ruby { base, reading, .. } => {
                let _ = write!(out, "<ruby data-g=\"{}\">", g.unwrap_or(BEYOND));
                escape_into(&mut out, base);
                out.push_str("<rp>（</rp><rt>");
                escape_into(&mut out, reading);
                out.push_str("</rt><rp>）</rp></ruby>");
            }
        }
    }
    out
}

/// Each segment with the school grade its ruby's `data-g` shows (`None` for text): the
/// highest of its base's kanji, or for a base of 々 alone the kanji before it.
pub fn with_grades(segments: &[Segment]) -> impl Iterator<Item = (&Segment, Option<u8>)> {
    let mut previous = None;
    segments.iter().map(move |s| match s {
        Segment::Text(t) => {
            previous = t
                .chars()
                .last()
                .filter(|&c| is_kanji(c))
                .map(|c| grade(c).unwrap_or(BEYOND));
            (s, None)
        }
        Segment::Ruby { base, .. } => {
            let g = base_grade(base, previous);
            previous = Some(g);
            (s, Some(g))
        }
    })
}

/// Read bracket notation back: `base[reading]`, where the base is the run of kanji
/// (with 々 ヶ) just before `[`. Rubies come back as [`Source::Author`]. A `[` that does
/// not follow a kanji stays text.
pub fn parse_bracket(text: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut pending = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|i| open + i) else {
            break;
        };
        let before = &rest[..open];
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_kanji(c))
            .last()
            .map_or(before.len(), |(i, _)| i);
        let (text_part, base) = before.split_at(start);
        if base.is_empty() {
            pending.push_str(&rest[..=close]);
        } else {
            pending.push_str(text_part);
            if !pending.is_empty() {
                out.push(Segment::Text(std::mem::take(&mut pending)));
            }
            out.push(Segment::Ruby {
                base: base.to_string(),
                reading: rest[open + 1..close].to_string(),
                source: Source::Author,
            });
        }
        rest = &rest[close + 1..];
    }
    pending.push_str(rest);
    if !pending.is_empty() {
        out.push(Segment::Text(pending));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ruby(base: &str, reading: &str) -> Segment {
        Segment::Ruby {
            base: base.into(),
            reading: reading.into(),
            source: Source::Analyzer,
        }
    }

    #[test]
    fn bracket_and_html() {
        let segs = vec![
            ruby("地域", "ちいき"),
            Segment::Text("の<".into()),
            ruby("見守", "みまも"),
            Segment::Text("り".into()),
        ];
        assert_eq!(to_bracket(&segs), "地域[ちいき]の<見守[みまも]り");
        assert_eq!(
            to_html(&segs),
            "<ruby data-g=\"6\">地域<rp>（</rp><rt>ちいき</rt><rp>）</rp></ruby>の&lt;\
             <ruby data-g=\"3\">見守<rp>（</rp><rt>みまも</rt><rp>）</rp></ruby>り"
        );
    }

    #[test]
    fn repeat_mark_alone_takes_the_grade_before_it() {
        let segs = vec![ruby("人", "ひと"), ruby("々", "びと")];
        assert!(to_html(&segs).contains("<ruby data-g=\"1\">々"));
    }

    #[test]
    fn bracket_round_trip() {
        let text = "第[だい]2土曜[どよう]、取[と]り組[く]み、1ヶ所[かしょ]、[注]";
        let segs = parse_bracket(text);
        assert_eq!(to_bracket(&segs), text);
        assert_eq!(
            segs.iter()
                .filter(|s| matches!(s, Segment::Ruby { .. }))
                .count(),
            5
        );
    }
}
