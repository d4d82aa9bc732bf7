//! The text a result shows under its title: the start of the page's body, white space
//! collapsed, with the readings of its kanji words when the furigana engine made them, so
//! that the browser can mark 地域食堂 for the query ちいきしょくどう.

use serde::{Deserialize, Serialize};

use super::export::{read_varint, varint};

/// Characters of body text kept for snippets.
pub const SNIPPET_CHARS: usize = 160;
/// Characters of a document's text in `search/x/`, for excerpts (white space collapsed):
/// enough for a whole chapter of a plan (the Tottori plan's chapter 6, in `seeds/`, is
/// 27,633), so that a match anywhere on a page can be shown; the limit only keeps one
/// huge page from making a file the size of itself.
pub const TEXT_CHARS: usize = 50_000;

/// A snippet and the readings of its words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    pub text: String,
    /// The words of `text` that have a reading, in order, as the browser reads them: per
    /// word, [`varint`]s of its start (counted from the end of the word before), its
    /// length, its school grade (`data-g` of its ruby) and its reading's length, then the
    /// reading; UTF-16 code units all (what the browser's string indices count). Compact:
    /// a site's snippets are all held at once. [`Snippet::words`] reads it.
    pub readings: String,
    /// The words of the document's title, the same way (positions in the title as it is).
    pub title_readings: String,
    /// The words of the document's kind and area names (its result's meta line), the same
    /// way; the index's vocabularies take them from the first document of each name.
    #[serde(default)]
    pub kind_readings: String,
    #[serde(default)]
    pub area_readings: String,
}

/// A piece of a text: its characters, and for a word its reading and school grade.
pub type Piece<'a> = (&'a str, Option<(&'a str, u8)>);

/// Writes [`Snippet::readings`].
#[derive(Default)]
struct Encoder {
    out: String,
    end: u32,
}

impl Encoder {
    fn push(&mut self, start: u32, len: u32, grade: u8, reading: &str) {
        varint(&mut self.out, start - self.end);
        varint(&mut self.out, len);
        varint(&mut self.out, u32::from(grade));
        varint(&mut self.out, reading.encode_utf16().count() as u32);
        self.out.push_str(reading);
        self.end = start + len;
    }
}

/// A word of a [`Snippet`] and its reading, at UTF-16 positions of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordReading {
    pub start: usize,
    pub len: usize,
    pub grade: u8,
    pub reading: String,
}

impl Snippet {
    /// The snippet of a body without readings.
    pub fn of_body(body: &str) -> Snippet {
        Snippet::from_pieces([(body, None)])
    }

    /// The snippet of a body given as pieces in order: text, and for a word its reading. A
    /// word (a ruby base: no white space) that the snippet's end cuts keeps its characters
    /// up to the end but loses its reading.
    pub fn from_pieces<'a>(pieces: impl IntoIterator<Item = Piece<'a>>) -> Snippet {
        Snippet::within(pieces, SNIPPET_CHARS)
    }

    /// `body` with white space collapsed as in a snippet, cut after `limit` characters.
    pub fn collapsed(body: &str, limit: usize) -> String {
        Snippet::within([(body, None)], limit).text
    }

    /// [`Snippet::from_pieces`] cut after `limit` characters.
    pub fn within<'a>(pieces: impl IntoIterator<Item = Piece<'a>>, limit: usize) -> Snippet {
        let mut s = Snippet::default();
        let mut words = Encoder::default();
        // characters so far, the text's UTF-16 length, and a space owed before the next
        // character (white space between words becomes one space, none at either end)
        let (mut n, mut units, mut space) = (0, 0u32, false);
        for (text, reading) in pieces {
            let start = units + u32::from(space && !text.trim_start().is_empty());
            let mut whole = true;
            for c in text.chars() {
                if c.is_whitespace() {
                    space = n > 0;
                    continue;
                }
                if n >= limit {
                    whole = false;
                    break;
                }
                if space {
                    s.text.push(' ');
                    n += 1;
                    units += 1;
                    space = false;
                    if n >= limit {
                        whole = false;
                        break;
                    }
                }
                s.text.push(c);
                n += 1;
                units += c.len_utf16() as u32;
            }
            if let Some((reading, grade)) =
                reading.filter(|(r, _)| whole && !r.is_empty() && units > start)
            {
                words.push(start, units - start, grade, reading);
            }
            if n >= limit {
                break;
            }
        }
        s.readings = words.out;
        s
    }

    /// [`Snippet::title_readings`] of a title given as pieces (its characters as they are).
    pub fn title_words<'a>(pieces: impl IntoIterator<Item = Piece<'a>>) -> String {
        let mut words = Encoder::default();
        let mut units = 0;
        for (text, reading) in pieces {
            let start = units;
            units += text.encode_utf16().count() as u32;
            if let Some((reading, grade)) = reading.filter(|(r, _)| !r.is_empty() && units > start)
            {
                words.push(start, units - start, grade, reading);
            }
        }
        words.out
    }

    /// The words of [`Snippet::readings`] (or of [`Snippet::title_readings`]).
    pub fn words(readings: &str) -> Vec<WordReading> {
        let units: Vec<u16> = readings.encode_utf16().collect();
        let bytes: Vec<u8> = units
            .iter()
            .map(|&u| u8::try_from(u).unwrap_or(0))
            .collect();
        let (mut i, mut end, mut out) = (0, 0, Vec::new());
        while i < units.len() {
            let start = end + read_varint(&bytes, &mut i) as usize;
            let len = read_varint(&bytes, &mut i) as usize;
            let grade = read_varint(&bytes, &mut i) as u8;
            let n = read_varint(&bytes, &mut i) as usize;
            let Some(reading) = units.get(i..i + n) else {
                break;
            };
            out.push(WordReading {
                start,
                len,
                grade,
                reading: String::from_utf16_lossy(reading),
            });
            i += n;
            end = start + len;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(start: usize, len: usize, grade: u8, reading: &str) -> WordReading {
        WordReading {
            start,
            len,
            grade,
            reading: reading.to_string(),
        }
    }

    #[test]
    fn white_space_is_collapsed_and_the_text_cut() {
        assert_eq!(
            Snippet::of_body("  相談  窓口\n\nです ").text,
            "相談 窓口 です"
        );
        let long = Snippet::of_body(&"あ".repeat(500));
        assert_eq!(long.text.chars().count(), SNIPPET_CHARS);
        assert!(long.readings.is_empty());
        let spaced = Snippet::of_body(&format!("{} い", "あ".repeat(SNIPPET_CHARS - 1)));
        // the space between words counts: the next word has no room left
        assert_eq!(spaced.text, format!("{} ", "あ".repeat(SNIPPET_CHARS - 1)));
    }

    #[test]
    fn pieces_give_the_same_text_as_the_body_and_word_positions_in_utf16() {
        let pieces = [
            ("\n  ", None),
            ("地域", Some(("ちいき", 6))),
            ("の", None),
            ("𠮟", Some(("しっ", 7))),
            ("る ", None),
            ("\n", None),
            ("食堂", Some(("しょくどう", 2))),
            ("です。", None),
        ];
        let body: String = pieces.iter().map(|(t, _)| *t).collect();
        let s = Snippet::from_pieces(pieces);
        assert_eq!(s.text, Snippet::of_body(&body).text);
        assert_eq!(s.text, "地域の𠮟る 食堂です。");
        // 𠮟 is two UTF-16 units: 食堂 starts at 地域の (3) + 𠮟 (2) + る (1) + space (1)
        assert_eq!(
            Snippet::words(&s.readings),
            [
                word(0, 2, 6, "ちいき"),
                word(3, 2, 7, "しっ"),
                word(7, 2, 2, "しょくどう")
            ]
        );
        // start from the word before's end (0, 1, 2), length, grade, reading length: one
        // digit each
        assert_eq!(s.readings, "ACGDちいきBCHCしっCCCFしょくどう");
    }

    #[test]
    fn a_word_cut_by_the_end_loses_its_reading() {
        let lead = "あ".repeat(SNIPPET_CHARS - 1);
        let s = Snippet::from_pieces([(lead.as_str(), None), ("地域", Some(("ちいき", 6)))]);
        assert_eq!(s.text, format!("{lead}地"));
        assert!(s.readings.is_empty());
        let s = Snippet::from_pieces([
            (lead.as_str(), None),
            ("地", Some(("ち", 2))),
            ("域", Some(("いき", 6))),
        ]);
        assert_eq!(
            Snippet::words(&s.readings),
            [word(SNIPPET_CHARS - 1, 1, 2, "ち")]
        );
    }

    #[test]
    fn a_longer_text_is_collapsed_the_same_way() {
        let body = format!("  相談  窓口\n\n{} ", "あ".repeat(500));
        let text = Snippet::collapsed(&body, 300);
        assert_eq!(text.chars().count(), 300);
        assert!(text.starts_with(&Snippet::of_body(&body).text));
        assert!(text.starts_with("相談 窓口 あ"));
    }

    #[test]
    fn far_words_take_longer_varints() {
        let lead = "あ".repeat(100);
        let s = Snippet::from_pieces([(lead.as_str(), None), ("地域", Some(("ちいき", 6)))]);
        assert_eq!(Snippet::words(&s.readings), [word(100, 2, 6, "ちいき")]);
    }

    #[test]
    fn a_titles_words_are_where_they_are_in_it() {
        // no white space collapsed: the positions are the title's own
        let t = Snippet::title_words([
            ("②　　", None),
            ("地域", Some(("ちいき", 6))),
            ("の", None),
            ("充実", Some(("じゅうじつ", 7))),
        ]);
        assert_eq!(
            Snippet::words(&t),
            [word(3, 2, 6, "ちいき"), word(6, 2, 7, "じゅうじつ")]
        );
    }
}
