//! Furigana: readings (ruby) for the kanji of Japanese text.
//!
//! [`Furigana`] is loaded once per build (IPADIC decompression, ~0.2 s) and shared
//! read-only between threads. [`Furigana::annotate`] turns text into [`Segment`]s:
//!
//! 1. author markup `{漢字|かんじ}` / `{漢字|かん|じ}` is taken as written ([`markup`]);
//! 2. URLs, e-mail addresses and phone numbers are kept as plain text ([`protect`]);
//! 3. the rest is analysed by lindera with IPADIC, the site's reading dictionary
//!    (`content/readings.toml`, [`readings`]) winning over IPADIC ([`dict`]);
//! 4. numbers are read with their counters (三日 みっか, 一人 ひとり) and a few words by
//!    their neighbours (必要な方 かた) ([`rules`]);
//! 5. each word's reading is folded to hiragana and aligned to its kanji so okurigana
//!    stay outside the ruby: 見守り → 見守[みまも]り, 取り組み → 取[と]り組[く]み ([`kana`]);
//! 6. kana, Latin, digits and symbols stay text; a kanji word IPADIC does not know
//!    stays text and is reported by [`Furigana::unknown_words`].
//!
//! [`to_bracket`] and [`to_html`] write the result out; `<ruby data-g="N">` carries the
//! school grade of the kanji ([`grades`]). [`Furigana::reading`] gives the whole text in
//! hiragana for the search index.

mod dict;
pub mod grades;
mod kana;
mod markup;
mod output;
mod protect;
mod readings;
mod rules;

pub use kana::{fold as katakana_to_hiragana, has_kanji};
pub use markup::{MarkupError, check_markup, parse_author_markup};
pub use output::{escape_into, parse_bracket, to_bracket, to_html};
pub use protect::protected_spans;
pub use readings::{READINGS_FILE, load_site_readings, parse_readings};

use markup::Part;

/// A reading the site wants used wherever `surface` appears (`content/readings.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEntry {
    pub surface: String,
    pub reading: String,
}

/// Where a reading came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Written in the text as `{漢字|かんじ}`.
    Author,
    /// The site's reading dictionary.
    Site,
    /// The morphological analyser (IPADIC and the built-in additions).
    Analyzer,
}

/// A piece of annotated text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    Ruby {
        base: String,
        reading: String,
        source: Source,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum FuriganaError {
    #[error("the reading dictionary cannot be loaded: {0}")]
    Dictionary(String),
    #[error("the text cannot be analysed: {0}")]
    Analysis(String),
}

/// The furigana engine: the analyser with its dictionaries. `Send + Sync`.
pub struct Furigana {
    analyzer: dict::Analyzer,
}

impl std::fmt::Debug for Furigana {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Furigana")
    }
}

impl Furigana {
    /// Load IPADIC and the site's readings (`user` wins over the analyser).
    pub fn new(user: &[UserEntry]) -> Result<Furigana, FuriganaError> {
        Ok(Furigana {
            analyzer: dict::Analyzer::new(user)?,
        })
    }

    /// `text` as text and rubies, adjacent text merged.
    pub fn annotate(&self, text: &str) -> Vec<Segment> {
        self.run(text, &mut Vec::new())
    }

    /// Like [`Furigana::annotate`], also pushing onto `unknown` each kanji word the
    /// analyser did not know (left without a reading), in order of appearance.
    pub fn annotate_with_unknown(&self, text: &str, unknown: &mut Vec<String>) -> Vec<Segment> {
        self.run(text, unknown)
    }

    /// The kanji words of `text` left without a reading, each once, in order.
    pub fn unknown_words(&self, text: &str) -> Vec<String> {
        let mut words = Vec::new();
        self.run(text, &mut words);
        let mut seen = std::collections::HashSet::new();
        words.retain(|w| seen.insert(w.clone()));
        words
    }

    /// The whole text in hiragana: kanji replaced by their readings, katakana folded,
    /// everything else kept. For the search index (ちいきしょくどう finds 地域食堂).
    pub fn reading(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for s in self.annotate(text) {
            match s {
                Segment::Text(t) => out.push_str(&kana::fold(&t)),
                Segment::Ruby { reading, .. } => out.push_str(&kana::fold(&reading)),
            }
        }
        out
    }

    fn run(&self, text: &str, unknown: &mut Vec<String>) -> Vec<Segment> {
        let mut out = Vec::new();
        for part in markup::parts(text) {
            match part {
                Part::Literal(t) => push_text(&mut out, t),
                Part::Ruby(pairs) => {
                    for (base, reading) in pairs {
                        out.push(Segment::Ruby {
                            base,
                            reading,
                            source: Source::Author,
                        });
                    }
                }
                Part::Plain(t) => {
                    let mut at = 0;
                    for span in protect::protected_spans(t) {
                        self.analyse(&t[at..span.start], &mut out, unknown);
                        push_text(&mut out, &t[span.clone()]);
                        at = span.end;
                    }
                    self.analyse(&t[at..], &mut out, unknown);
                }
            }
        }
        out
    }

    fn analyse(&self, text: &str, out: &mut Vec<Segment>, unknown: &mut Vec<String>) {
        if !kana::has_kanji(text) {
            push_text(out, text);
            return;
        }
        let Ok(words) = self.analyzer.words(text) else {
            push_text(out, text);
            return;
        };
        let words = rules::apply(text, words);
        let mut covered = 0;
        // End of the last unknown kanji word, to join pieces IPADIC splits (1–2 chars).
        let mut unknown_end = None;
        for word in words {
            if word.start > covered {
                push_text(out, &text[covered..word.start]);
            }
            covered = word.start + word.surface.len();
            let reading = word
                .reading
                .as_deref()
                .filter(|_| kana::has_kanji(word.surface));
            let Some(reading) = reading else {
                push_text(out, word.surface);
                if kana::has_kanji(word.surface) {
                    match (unknown_end, unknown.last_mut()) {
                        (Some(end), Some(last)) if end == word.start => last.push_str(word.surface),
                        _ => unknown.push(word.surface.to_string()),
                    }
                    unknown_end = Some(covered);
                }
                continue;
            };
            let source = if word.site {
                Source::Site
            } else {
                Source::Analyzer
            };
            let pieces = kana::align(word.surface, reading)
                .unwrap_or_else(|| kana::align_loose(word.surface, reading));
            for piece in pieces {
                match piece {
                    kana::Piece::Kana(t) => push_text(out, &t),
                    kana::Piece::Kanji { base, reading } => out.push(Segment::Ruby {
                        base,
                        reading,
                        source,
                    }),
                }
            }
        }
        if covered < text.len() {
            push_text(out, &text[covered..]);
        }
    }
}

fn push_text(out: &mut Vec<Segment>, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(Segment::Text(t)) => t.push_str(text),
        _ => out.push(Segment::Text(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Furigana>();
    }
}
