//! The glossary (用語解説): one file, one `## 用語` section per term.
//!
//! Terms are referenced from any Markdown as `[[用語]]`; the link stage checks that every
//! referenced term exists and records where each term is used.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pulldown_cmark::{Event, Tag};
use serde::Deserialize;

use super::{SourceFile, parse_file};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, Problem};
use crate::markdown::{self, Ev, Fragment, Rendered};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFront {
    #[serde(deserialize_with = "crate::content::front_matter::non_empty")]
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    order: Order,
    #[serde(default)]
    extra: BTreeMap<String, serde_json::Value>,
}

/// How the glossary page lists its terms: `order` in the glossary's front matter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// As written in the file (the default: a plan's glossary often goes from one idea to
    /// the next, 自助・共助・公助).
    #[default]
    Written,
    /// In 五十音 order of the terms' readings, under あ行, か行, … headings.
    Reading,
}

/// The rows of the 五十音 table a reading can begin with, and a last one for a reading
/// that begins with anything else (Latin letters, digits, a kanji the analyser could not
/// read): the headings of a glossary in [`Order::Reading`], with their anchors.
pub const ROWS: [(&str, &str); 11] = [
    ("あ行", "gojuon-a"),
    ("か行", "gojuon-ka"),
    ("さ行", "gojuon-sa"),
    ("た行", "gojuon-ta"),
    ("な行", "gojuon-na"),
    ("は行", "gojuon-ha"),
    ("ま行", "gojuon-ma"),
    ("や行", "gojuon-ya"),
    ("ら行", "gojuon-ra"),
    ("わ行", "gojuon-wa"),
    ("英数字・その他", "gojuon-other"),
];

/// The index in [`ROWS`] of the row `reading` (hiragana or katakana) begins in: が in か行,
/// ぱ in は行, ゃ in や行.
pub fn row_of(reading: &str) -> usize {
    let Some(c) = reading.chars().next() else {
        return ROWS.len() - 1;
    };
    match crate::furigana::kana::fold_char(c) {
        'ぁ'..='お' | 'ゔ' => 0,
        'か'..='ご' | 'ゕ' | 'ゖ' => 1,
        'さ'..='ぞ' => 2,
        'た'..='ど' => 3,
        'な'..='の' => 4,
        'は'..='ぽ' => 5,
        'ま'..='も' => 6,
        'ゃ'..='よ' => 7,
        'ら'..='ろ' => 8,
        'ゎ'..='ん' => 9,
        _ => ROWS.len() - 1,
    }
}

#[derive(Debug)]
pub struct Term {
    /// The term as written in its heading (markers removed).
    pub term: String,
    /// Markers printed on the heading.
    pub markers: Vec<usize>,
    pub anchor: String,
    pub pos: Pos,
    pub definition: Fragment,
    pub rendered: Rendered,
    /// Pages that use the term: (url, title), filled by the link stage.
    pub used_by: Vec<(String, String)>,
    /// The term's reading in hiragana, set by [`Glossary::sort_by_reading`].
    pub reading: String,
}

#[derive(Debug)]
pub struct Glossary {
    pub title: String,
    pub description: Option<String>,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub source: PathBuf,
    pub content_path: String,
    pub url: String,
    pub intro: Fragment,
    pub intro_html: Rendered,
    pub order: Order,
    pub terms: Vec<Term>,
}

impl Glossary {
    pub fn term_url(&self, t: &Term) -> String {
        format!("{}#{}", self.url, t.anchor)
    }

    /// Puts the terms in 五十音 order: by the row of the table their reading begins in
    /// ([`row_of`]), then by ICU's Japanese collation of the readings (JIS X 4061: か
    /// before が before かあ, ー read as the vowel before it), then by the terms as written.
    /// `reading` gives a term's reading in hiragana (the furigana engine's, which takes the
    /// site's reading dictionary and the author's `{漢字|かんじ}` into account).
    pub fn sort_by_reading(&mut self, reading: impl Fn(&str) -> String) {
        for t in &mut self.terms {
            t.reading = reading(&t.term);
        }
        let prefs = icu_collator::CollatorPreferences::from(icu_locale_core::locale!("ja"));
        let collator = icu_collator::Collator::try_new(prefs, Default::default()).ok();
        self.terms.sort_by(|a, b| {
            row_of(&a.reading)
                .cmp(&row_of(&b.reading))
                .then_with(|| match &collator {
                    Some(c) => c.compare(&a.reading, &b.reading),
                    None => a.reading.cmp(&b.reading),
                })
                .then_with(|| a.term.cmp(&b.term))
        });
    }

    /// The terms by row of the 五十音 table (index in [`ROWS`], terms in order), for a
    /// glossary in [`Order::Reading`] (sorted by [`Glossary::sort_by_reading`]); empty for
    /// one in [`Order::Written`].
    pub fn rows(&self) -> Vec<(usize, &[Term])> {
        if self.order != Order::Reading {
            return Vec::new();
        }
        self.terms
            .chunk_by(|a, b| row_of(&a.reading) == row_of(&b.reading))
            .map(|terms| (row_of(&terms[0].reading), terms))
            .collect()
    }
}

pub fn load(config: &Config, file: SourceFile, diags: &mut Diagnostics) -> Option<Glossary> {
    let mut d = Vec::new();
    let parsed = parse_file::<GlossaryFront>(&file, &mut d);
    diags.extend(d);
    let parsed = parsed?;
    let markers = config
        .plan
        .as_ref()
        .map(|p| p.markers.as_slice())
        .unwrap_or(&[]);
    let mut intro: Vec<Ev> = Vec::new();
    let mut terms: Vec<Term> = Vec::new();
    let mut seen: BTreeMap<String, Pos> = BTreeMap::new();
    let events = &parsed.body.events;
    let mut i = 0;
    while i < events.len() {
        let end = match events[i].event {
            Event::Start(_) => markdown::find_end(events, i),
            _ => i,
        };
        let block = &events[i..=end];
        let heading_level = match &block[0].event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        };
        let pos = block[0].pos.unwrap_or(Pos { line: 1, col: 1 });
        match heading_level {
            Some(2) => {
                let text = markdown::plain_text(&block[1..block.len() - 1]);
                let (term, term_markers) = markdown::strip_markers(text.trim(), markers);
                if term.is_empty() {
                    diags.push(
                        Diagnostic::error(Problem::EmptyTerm)
                            .in_file(&file.rel)
                            .at(pos),
                    );
                } else if let Some(first) = seen.get(&term) {
                    diags.push(
                        Diagnostic::error(Problem::DuplicateTerm {
                            term: term.clone(),
                            first: format!(
                                "{}:{}:{}",
                                crate::diagnostics::display_path(&file.rel),
                                first.line,
                                first.col
                            ),
                        })
                        .in_file(&file.rel)
                        .at(pos),
                    );
                } else {
                    seen.insert(term.clone(), pos);
                    terms.push(Term {
                        anchor: format!("term-{}", markdown::slugify(&term)),
                        term,
                        markers: term_markers,
                        pos,
                        definition: Fragment {
                            file: file.rel.clone(),
                            events: Vec::new(),
                        },
                        rendered: Rendered::default(),
                        used_by: Vec::new(),
                        reading: String::new(),
                    });
                }
            }
            Some(level) if terms.is_empty() || level < 3 => {
                diags.push(
                    Diagnostic::error(Problem::HeadingLevel {
                        found: level,
                        expected_max: 2,
                    })
                    .in_file(&file.rel)
                    .at(pos),
                );
            }
            _ => match terms.last_mut() {
                Some(t) => t.definition.events.extend_from_slice(block),
                None => intro.extend_from_slice(block),
            },
        }
        i = end + 1;
    }
    // Two terms whose slugs collide still need distinct anchors.
    let mut ids = markdown::Ids::default();
    for t in &mut terms {
        t.anchor = ids.unique(&t.anchor);
    }
    let url = crate::content::page::url_for(&file);
    Some(Glossary {
        title: parsed.front.title,
        description: parsed.front.description,
        extra: parsed.front.extra,
        source: file.rel.clone(),
        content_path: file.content_path.clone(),
        url,
        intro: Fragment {
            file: file.rel,
            events: intro,
        },
        intro_html: Rendered::default(),
        order: parsed.front.order,
        terms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_is_in_the_row_of_its_first_kana() {
        let row = |r: &str| ROWS[row_of(r)].0;
        for (reading, expected) in [
            ("あいさつ", "あ行"),
            ("ゔぃ", "あ行"),
            ("がっこう", "か行"),
            ("ゲートキーパー", "か行"),
            ("じょせい", "さ行"),
            ("っと", "た行"),
            ("ぢ", "た行"),
            ("のぞみ", "な行"),
            ("ぱん", "は行"),
            ("ボランティア", "は行"),
            ("もり", "ま行"),
            ("ゃ", "や行"),
            ("よなご", "や行"),
            ("ろうじん", "ら行"),
            ("をかし", "わ行"),
            ("ん", "わ行"),
            ("ＮＰＯ", "英数字・その他"),
            ("110ばん", "英数字・その他"),
            ("ー", "英数字・その他"),
            ("鑑", "英数字・その他"),
            ("", "英数字・その他"),
        ] {
            assert_eq!(row(reading), expected, "{reading}");
        }
    }
}
