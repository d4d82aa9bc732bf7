//! The search tokenizer, shared by the index (tantivy) and the query side.
//!
//! The browser client (`themes/default/static/assets/search/search.js`) ports every step of
//! this file; change one, change the other (the parity test in `tests/search.rs` and
//! `tests/browser/search-parity.test.mjs` catches a mismatch).
//!
//! 1. [`normalize`]: NFKC, katakana folded to hiragana by code point (ー kept), lower case.
//! 2. [`Variants::apply`](super::Variants::apply): each variant spelling → its canonical one.
//! 3. Split into runs: *CJK runs* (kanji, kana, 々〆〇, ー) and *word runs* (any other letter
//!    or digit: Latin, full-width Latin after NFKC, digits …); everything else separates.
//! 4. [`bigrams`]: a CJK run of two or more characters → its overlapping character bigrams;
//!    a CJK run of one character → that character; a word run → one token. Positions
//!    increase by one per token over the whole text (tantivy's `NgramTokenizer` puts every
//!    token at position 0).
//! 5. [`unigrams`]: every CJK character as its own token, for the `*_1` fields that answer
//!    one-character queries (食 finds 給食 and 食堂 alike).
//! 6. [`quadgrams`]: the overlapping four-character grams of every CJK run of four or more
//!    characters, for `reading_4`, where a long kana query's grams are looked up
//!    ([`query_tokens`]).

use std::sync::{Arc, Mutex};

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

use super::Variants;

/// Kanji, kana and the marks that live inside Japanese words (after [`normalize`]).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'      // 々 〆 〇
        | '\u{3041}'..='\u{309F}'    // hiragana, ゝ ゞ ゟ
        | '\u{30A0}'..='\u{30FA}'    // katakana left unfolded (ヷ ヸ ヹ ヺ)
        | '\u{30FC}'..='\u{30FF}'    // ー ヽ ヾ ヿ (not ・, which separates)
        | '\u{31F0}'..='\u{31FF}'    // small katakana extension
        | '\u{3400}'..='\u{4DBF}'    // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'    // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'    // CJK compatibility ideographs
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B…
    )
}

/// A character of a word run: a letter or digit that is not [`is_cjk`]
/// (JS: `/[\p{Alphabetic}\p{N}]/u`, the same Unicode properties as `char::is_alphanumeric`).
pub fn is_word(c: char) -> bool {
    !is_cjk(c) && c.is_alphanumeric()
}

/// Hiragana (and ー): a query made only of these also searches the reading field.
pub fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30FC}')
}

/// Katakana → hiragana by code point: ァ..ヶ → ぁ..ゖ, ヽヾ → ゝゞ. ー and ヷ–ヺ stay.
pub fn fold_kana(c: char) -> char {
    match c {
        '\u{30A1}'..='\u{30F6}' | '\u{30FD}'..='\u{30FE}' => {
            char::from_u32(c as u32 - 0x60).unwrap_or(c)
        }
        _ => c,
    }
}

/// NFKC, katakana folded to hiragana, lower case (JS:
/// `s.normalize('NFKC')`, fold, `.toLowerCase()`).
///
/// Most of a Japanese text is ASCII, kana, kanji and CJK punctuation, which NFKC leaves as
/// they are and which have no case ([`plain`]): those runs are copied (ASCII lower-cased),
/// and only what lies between them goes through NFKC, each part with the plain character
/// before it (a combining mark after it would compose with it). A text with Σ is done in
/// one piece: its lower case depends on the letters around it.
pub fn normalize(text: &str) -> String {
    if text.contains('Σ') {
        return normalize_whole(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < text.len() {
        let Some(other) = text[at..].find(|c: char| !plain(c)).map(|p| at + p) else {
            push_plain(&text[at..], &mut out);
            break;
        };
        // the plain character just before goes with the rest (it may compose with it)
        let from = text[at..other]
            .char_indices()
            .last()
            .map_or(other, |(p, _)| at + p);
        push_plain(&text[at..from], &mut out);
        let to = text[other..].find(plain).map_or(text.len(), |p| other + p);
        out.push_str(&normalize_whole(&text[from..to]));
        at = to;
    }
    out
}

/// Unchanged by NFKC whatever surrounds it, and without case: ASCII (lower-cased by
/// [`push_plain`]), kana, kanji and CJK punctuation (the ranges of Unicode 14 where NFKC
/// maps a character to itself, it has combining class 0 and no case;
/// `plain_characters_normalize_as_the_whole_text_does` checks every one).
fn plain(c: char) -> bool {
    c.is_ascii()
        || matches!(c,
            '\u{3001}'..='\u{3029}'
            | '\u{3030}'..='\u{3035}'
            | '\u{3037}'
            | '\u{303B}'..='\u{303F}'
            | '\u{3041}'..='\u{3096}'
            | '\u{309D}'..='\u{309E}'
            | '\u{30A0}'..='\u{30FE}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
        )
}

/// A run of [`plain`] characters, normalized: ASCII lower-cased, katakana folded.
fn push_plain(run: &str, out: &mut String) {
    if run.is_ascii() {
        out.extend(run.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.extend(run.chars().map(|c| fold_kana(c.to_ascii_lowercase())));
    }
}

/// [`normalize`] of a whole text in one piece.
fn normalize_whole(text: &str) -> String {
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    let folded: String = if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        text.chars().map(fold_kana).collect() // most Japanese text: skip the NFKC pass
    } else {
        text.nfkc().map(fold_kana).collect()
    };
    folded.to_lowercase()
}

/// One token: its text, where it is, and which kind of field it is looked up in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    pub text: String,
    /// Byte offsets in the normalized text.
    pub from: usize,
    pub to: usize,
    /// [`Grams::Unigrams`] for a single CJK character (a one-character run, or any character
    /// in [`unigrams`]), [`Grams::Quadgrams`] for four, [`Grams::Bigrams`] for the rest (two
    /// CJK characters, or a word).
    pub grams: Grams,
}

/// Where a token is in the normalized text (byte offsets), and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    from: usize,
    to: usize,
    grams: Grams,
}

/// Calls `each(cjk, starts, end)` for every run of `normalized` (a separator, or a change
/// between CJK and word characters, ends a run): whether it is a CJK run, where each of its
/// characters starts and where it ends. `starts` is the caller's buffer, reused.
fn for_each_run(
    normalized: &str,
    starts: &mut Vec<usize>,
    mut each: impl FnMut(bool, &[usize], usize),
) {
    let mut run: Option<bool> = None;
    starts.clear();
    for (i, c) in normalized.char_indices() {
        let class = if is_cjk(c) {
            Some(true)
        } else if is_word(c) {
            Some(false)
        } else {
            None
        };
        if class != run || class.is_none() {
            if let Some(cjk) = run {
                each(cjk, starts, i);
            }
            starts.clear();
            run = class;
        }
        if class.is_some() {
            starts.push(i);
        }
    }
    if let Some(cjk) = run {
        each(cjk, starts, normalized.len());
    }
}

/// One run's spans for fields of the `grams` kind:
/// - bigrams: a word run is one token; a CJK run of one character is that character, a longer
///   one gives its overlapping bigrams;
/// - unigrams: every character of a CJK run;
/// - quadgrams: a CJK run of four or more characters gives its overlapping four-character
///   grams, a shorter one nothing.
fn run_spans(grams: Grams, cjk: bool, starts: &[usize], end: usize, out: &mut Vec<Span>) {
    let at = |k: usize| starts.get(k).copied().unwrap_or(end);
    let len = starts.len();
    let windows = |n: usize, kind: Grams, out: &mut Vec<Span>| {
        if len >= n {
            out.extend((0..=len - n).map(|k| Span {
                from: at(k),
                to: at(k + n),
                grams: kind,
            }));
        }
    };
    match (grams, cjk) {
        (Grams::Bigrams, false) => out.push(Span {
            from: at(0),
            to: end,
            grams: Grams::Bigrams,
        }),
        (_, false) => {}
        (Grams::Bigrams, true) if len == 1 => windows(1, Grams::Unigrams, out),
        (grams, true) => windows(grams.size(), grams, out),
    }
}

/// The spans of `normalized`'s tokens for fields of the `grams` kind, in position order.
fn spans(grams: Grams, normalized: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut starts = Vec::new();
    for_each_run(normalized, &mut starts, |cjk, run, end| {
        run_spans(grams, cjk, run, end, &mut spans)
    });
    spans
}

/// The tokens of `spans` in `normalized`.
fn toks(spans: Vec<Span>, normalized: &str) -> Vec<Tok> {
    spans
        .into_iter()
        .map(|s| Tok {
            text: normalized[s.from..s.to].to_string(),
            from: s.from,
            to: s.to,
            grams: s.grams,
        })
        .collect()
}

/// The tokens of the bigram fields (title, body, reading), in position order: a CJK run of
/// two or more characters gives its overlapping bigrams, a CJK run of one character that
/// character, a word run one token.
pub fn bigrams(normalized: &str) -> Vec<Tok> {
    toks(spans(Grams::Bigrams, normalized), normalized)
}

/// The tokens of the unigram fields (`title_1`, `body_1`): every CJK character.
pub fn unigrams(normalized: &str) -> Vec<Tok> {
    toks(spans(Grams::Unigrams, normalized), normalized)
}

/// The tokens of the quadgram field (`reading_4`): the overlapping four-character grams of
/// every CJK run of four or more characters.
pub fn quadgrams(normalized: &str) -> Vec<Tok> {
    toks(spans(Grams::Quadgrams, normalized), normalized)
}

/// A query, tokenized: distinct tokens in first-seen order, and whether the reading fields
/// are searched (the query, normalized but before variants, has kana and nothing else).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTokens {
    pub tokens: Vec<Tok>,
    pub kana_only: bool,
}

/// Tokenizes a query like the index: [`normalize`], variants, then each run as the bigram
/// fields do — but when the query is kana only and the index has `readings` (every
/// document's reading covers its whole text), a run of four or more characters gives
/// every other one of its [`quadgrams`] and the last one, looked up in `reading_4` alone:
/// they overlap, so they have to follow each other in the reading as in the query, and
/// ちいきしょくどう does not find a page for having ちい, いき, しょ … somewhere. A single
/// CJK token is looked up in the unigram fields, a bigram or word in the bigram fields.
pub fn query_tokens(q: &str, variants: &Variants, readings: bool) -> QueryTokens {
    let normalized = normalize(q);
    let mut saw_kana = false;
    let mut kana_only = true;
    for c in normalized.chars() {
        if is_kana(c) {
            saw_kana = true;
        } else if is_cjk(c) || is_word(c) {
            kana_only = false;
        }
    }
    let kana_only = kana_only && saw_kana;
    let text = variants.apply(&normalized);
    let mut spans = Vec::new();
    let mut starts = Vec::new();
    for_each_run(&text, &mut starts, |cjk, run, end| {
        if !(readings && kana_only && cjk && run.len() >= Grams::Quadgrams.size()) {
            return run_spans(Grams::Bigrams, cjk, run, end, &mut spans);
        }
        // every other gram, and the last: each overlaps the next by two or three characters,
        // which holds them in a row about as well as all of them would, with half the
        // files for the browser to load
        let mut grams = Vec::new();
        run_spans(Grams::Quadgrams, cjk, run, end, &mut grams);
        let last = grams.len() - 1;
        spans.extend(
            grams
                .into_iter()
                .enumerate()
                .filter(|&(k, _)| k % 2 == 0 || k == last)
                .map(|(_, g)| g),
        );
    });
    let mut tokens: Vec<Tok> = Vec::new();
    for t in toks(spans, &text) {
        if !tokens.iter().any(|u| u.text == t.text) {
            tokens.push(t);
        }
    }
    QueryTokens { tokens, kana_only }
}

/// Which tokens a [`TsunaguTokenizer`] emits, and which fields a query token is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grams {
    Unigrams,
    Bigrams,
    Quadgrams,
}

impl Grams {
    /// Characters per CJK token (the browser manifest's `grams`).
    pub fn size(self) -> usize {
        match self {
            Grams::Unigrams => 1,
            Grams::Bigrams => 2,
            Grams::Quadgrams => 4,
        }
    }
}

/// The tantivy tokenizer: normalization + variants + [`bigrams`], [`unigrams`] or
/// [`quadgrams`]. Registered as [`BIGRAM_TOKENIZER`](super::index::BIGRAM_TOKENIZER),
/// [`UNIGRAM_TOKENIZER`](super::index::UNIGRAM_TOKENIZER) and
/// [`QUADGRAM_TOKENIZER`](super::index::QUADGRAM_TOKENIZER). Token offsets are byte offsets in
/// the *normalized* text (tantivy's snippets are not used).
#[derive(Clone)]
pub struct TsunaguTokenizer {
    variants: Arc<Variants>,
    grams: Grams,
    /// The texts prepared last (see [`TsunaguTokenizer::family`]): the input, and it
    /// normalized with its variants replaced.
    last: Arc<Mutex<Prepared>>,
}

/// Texts given to a tokenizer, each with its normalized form (variants replaced).
type Prepared = Vec<(String, Arc<str>)>;

/// Texts kept by a tokenizer: a document's title, body and reading, and one more.
const KEPT: usize = 4;

impl TsunaguTokenizer {
    pub fn new(variants: Arc<Variants>, grams: Grams) -> Self {
        TsunaguTokenizer {
            variants,
            grams,
            last: Arc::default(),
        }
    }

    /// A tokenizer of each kind, sharing the texts they prepare: a document's title, body
    /// and reading each go into fields of two kinds, and are prepared once.
    /// In order: bigrams, unigrams, quadgrams.
    pub fn family(variants: Arc<Variants>) -> (Self, Self, Self) {
        let bigrams = TsunaguTokenizer::new(variants, Grams::Bigrams);
        let unigrams = TsunaguTokenizer {
            grams: Grams::Unigrams,
            ..bigrams.clone()
        };
        let quadgrams = TsunaguTokenizer {
            grams: Grams::Quadgrams,
            ..bigrams.clone()
        };
        (bigrams, unigrams, quadgrams)
    }

    /// `text` normalized and with its variants replaced; the last [`KEPT`] texts are kept.
    fn prepared(&self, text: &str) -> Arc<str> {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, done)) = last.iter().find(|(s, _)| s == text) {
            return done.clone();
        }
        let done: Arc<str> = self.variants.apply(&normalize(text)).into();
        if last.len() == KEPT {
            last.remove(0);
        }
        last.push((text.to_string(), done.clone()));
        done
    }

    /// The tokens of `text`, as indexed.
    pub fn tokens(&self, text: &str) -> Vec<Tok> {
        let text = self.prepared(text);
        toks(spans(self.grams, &text), &text)
    }
}

/// The tokens of one text, handed to tantivy one by one (one [`Token`] filled in turn).
pub struct SpanTokenStream {
    text: Arc<str>,
    spans: Vec<Span>,
    next: usize,
    token: Token,
}

impl Tokenizer for TsunaguTokenizer {
    type TokenStream<'a> = SpanTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanTokenStream {
        let text = self.prepared(text);
        SpanTokenStream {
            spans: spans(self.grams, &text),
            text,
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for SpanTokenStream {
    fn advance(&mut self) -> bool {
        let Some(s) = self.spans.get(self.next) else {
            return false;
        };
        self.token.text.clear();
        self.token.text.push_str(&self.text[s.from..s.to]);
        self.token.offset_from = s.from;
        self.token.offset_to = s.to;
        self.token.position = self.next;
        self.token.position_length = 1;
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(toks: &[Tok]) -> Vec<&str> {
        toks.iter().map(|t| t.text.as_str()).collect()
    }

    fn bi(s: &str) -> Vec<String> {
        bigrams(&normalize(s)).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn nfkc_folds_half_width_katakana_to_hiragana() {
        assert_eq!(normalize("ｻﾛﾝ"), "さろん");
        assert_eq!(normalize("サロン"), "さろん");
        // the half-width voiced mark composes before folding
        assert_eq!(normalize("ｶﾞｲﾄﾞ"), "がいど");
        assert_eq!(normalize("ボランティアセンター"), "ぼらんてぃあせんたー");
    }

    #[test]
    fn full_width_latin_and_digits_become_one_lower_case_word() {
        assert_eq!(normalize("ＡＢＣ１２３"), "abc123");
        assert_eq!(bi("ＡＢＣ１２３"), ["abc123"]);
        assert_eq!(
            bi("NPO法人 ｻﾛﾝ2025"),
            ["npo", "法人", "さろ", "ろん", "2025"]
        );
    }

    #[test]
    fn cjk_runs_become_overlapping_bigrams_with_increasing_positions() {
        let toks = TsunaguTokenizer::new(Arc::new(Variants::default()), Grams::Bigrams);
        let mut tok = toks.clone();
        let mut stream = tok.token_stream("地域食堂、市");
        let mut seen = Vec::new();
        while stream.advance() {
            seen.push((stream.token().text.clone(), stream.token().position));
        }
        let want = [("地域", 0), ("域食", 1), ("食堂", 2), ("市", 3)];
        let want: Vec<(String, usize)> = want.iter().map(|(t, p)| (t.to_string(), *p)).collect();
        assert_eq!(seen, want);
    }

    #[test]
    fn a_one_character_run_is_its_unigram() {
        let toks = bigrams(&normalize("市 の 窓口"));
        assert_eq!(texts(&toks), ["市", "の", "窓口"]);
        let grams: Vec<Grams> = toks.iter().map(|t| t.grams).collect();
        assert_eq!(grams, [Grams::Unigrams, Grams::Unigrams, Grams::Bigrams]);
    }

    #[test]
    fn runs_end_where_the_kind_of_character_changes() {
        assert_eq!(bi("市a地域b"), ["市", "a", "地域", "b"]);
        assert_eq!(bi("食 堂食"), ["食", "堂食"]);
        assert_eq!(bi("abc地域食堂def"), ["abc", "地域", "域食", "食堂", "def"]);
        assert_eq!(bi("x"), ["x"]);
        assert_eq!(bi("、市、"), ["市"]);
        let toks = bigrams(&normalize("a市 地域"));
        let spans: Vec<(usize, usize, Grams)> =
            toks.iter().map(|t| (t.from, t.to, t.grams)).collect();
        assert_eq!(
            spans,
            [
                (0, 1, Grams::Bigrams),
                (1, 4, Grams::Unigrams),
                (5, 11, Grams::Bigrams)
            ]
        );
    }

    #[test]
    fn a_text_in_two_fields_is_prepared_once_and_tokenized_alike() {
        let v = Arc::new(
            Variants::parse_toml("[[variants]]\nwords = [\"子ども\", \"子供\"]\n")
                .expect("valid variants"),
        );
        let (bi, uni, quad) = TsunaguTokenizer::family(v);
        let plain = TsunaguTokenizer::new(Arc::new(Variants::default()), Grams::Bigrams);
        for _ in 0..2 {
            assert_eq!(
                texts(&bi.tokens("子供食堂")),
                ["子ど", "ども", "も食", "食堂"]
            );
            assert_eq!(
                texts(&uni.tokens("子供食堂")),
                ["子", "ど", "も", "食", "堂"]
            );
            assert_eq!(texts(&quad.tokens("子供食堂")), ["子ども食", "ども食堂"]);
            // another variants table does not get the first one's text
            assert_eq!(texts(&plain.tokens("子供食堂")), ["子供", "供食", "食堂"]);
        }
    }

    /// [`normalize`] copies plain runs and normalizes the rest piece by piece: it must give
    /// what normalizing the whole text in one piece gives, for every plain character alone,
    /// before and after what NFKC changes, and in mixed texts.
    #[test]
    fn plain_characters_normalize_as_the_whole_text_does() {
        let plain_chars: Vec<char> = (0..=0x2FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| plain(c))
            .collect();
        assert!(plain_chars.len() > 27_000, "{}", plain_chars.len());
        // what follows or precedes a plain character: combining marks (voicing, acute),
        // full-width and half-width forms, compatibility characters, upper case, Hangul
        let others = [
            "\u{3099}", "\u{309A}", "\u{0301}", "Ａ", "ｶ", "ﾞ", "①", "㍻", "\u{3000}", "Ä", "İ",
            "ᄀ", "ᅡ", "ヿ", "゛", "ｰ",
        ];
        let mut checked = 0;
        for &c in &plain_chars {
            let alone = c.to_string();
            assert_eq!(normalize(&alone), normalize_whole(&alone), "{c:?}");
            for o in others {
                for text in [format!("{c}{o}"), format!("{o}{c}"), format!("{c}{o}{c}")] {
                    assert_eq!(normalize(&text), normalize_whole(&text), "{text:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 1_000_000);
        for text in [
            "ちいきの（サンプル）ＡＢＣ１２３　ｶﾞｲﾄﾞ",
            "見守り\u{3099}か\u{3099}Ｔｅｌ：０８５７",
            "ΣΑΣ ΟΔΟΣ",
            "ἈΣ abc ΟΔΟΣ、地域",
            "",
            "ｶ",
            "かﾞ",
        ] {
            assert_eq!(normalize(text), normalize_whole(text), "{text:?}");
        }
        // the parts really are done in pieces
        assert_eq!(normalize("カガ（ＡＢ）Ｃｄ"), "かが(ab)cd");
    }

    #[test]
    fn quadgrams_come_from_runs_of_four_or_more() {
        let toks = quadgrams(&normalize("ちいきしょくどう、市の窓口 abcd ﾁｲｷ"));
        assert_eq!(
            texts(&toks),
            [
                "ちいきし",
                "いきしょ",
                "きしょく",
                "しょくど",
                "ょくどう",
                "市の窓口"
            ]
        );
        assert!(toks.iter().all(|t| t.grams == Grams::Quadgrams));
        assert!(quadgrams(&normalize("相談 ふくし")).is_empty());
    }

    #[test]
    fn a_kana_query_uses_quadgrams_for_long_runs_when_the_index_has_readings() {
        let v = Variants::default();
        let q = query_tokens("ちいきしょくどう ふくし", &v, true);
        // grams 0, 2 and 4 of 5; then a run of three characters: bigrams
        assert_eq!(
            texts(&q.tokens),
            ["ちいきし", "きしょく", "ょくどう", "ふく", "くし"]
        );
        let grams: Vec<Grams> = q.tokens.iter().map(|t| t.grams).collect();
        assert_eq!(
            &grams[2..],
            [Grams::Quadgrams, Grams::Bigrams, Grams::Bigrams]
        );
        // an even count of grams ends with the last one too: 0, 2 and 3 of 4
        let q = query_tokens("しゃかいふくし", &v, true);
        assert_eq!(texts(&q.tokens), ["しゃかい", "かいふく", "いふくし"]);
        let q = query_tokens("せいねんこうけん", &v, true);
        assert_eq!(texts(&q.tokens), ["せいねん", "ねんこう", "こうけん"]);
        let q = query_tokens("ふれあい", &v, true);
        assert_eq!(texts(&q.tokens), ["ふれあい"]);
        // without readings, or with kanji in the query, runs give bigrams
        let plain = query_tokens("ちいきしょくどう", &v, false);
        assert!(plain.kana_only);
        assert_eq!(plain.tokens.len(), 7);
        assert!(plain.tokens.iter().all(|t| t.grams == Grams::Bigrams));
        let mixed = query_tokens("地域しょくどう", &v, true);
        assert!(mixed.tokens.iter().all(|t| t.grams == Grams::Bigrams));
    }

    #[test]
    fn unigrams_cover_every_cjk_character() {
        assert_eq!(
            texts(&unigrams(&normalize("給食と食堂 abc"))),
            ["給", "食", "と", "食", "堂"]
        );
    }

    #[test]
    fn separators_split_runs_and_prolonged_sound_mark_is_kept() {
        assert_eq!(
            bi("ふれあい・いきいきサロン"),
            [
                "ふれ", "れあ", "あい", "いき", "きい", "いき", "きさ", "さろ", "ろん"
            ]
        );
        assert_eq!(bi("センター"), ["せん", "んた", "たー"]);
        assert_eq!(bi("「相談」"), ["相談"]);
        assert!(bi("、。！？ ").is_empty());
    }

    #[test]
    fn query_tokens_are_distinct_and_kana_only_is_detected() {
        let v = Variants::default();
        let q = query_tokens("ちいき ちいき", &v, true);
        assert_eq!(texts(&q.tokens), ["ちい", "いき"]);
        assert!(q.kana_only);
        assert!(
            query_tokens("ｻﾛﾝ", &v, true).kana_only,
            "half-width katakana is kana"
        );
        assert!(!query_tokens("地域 ちいき", &v, true).kana_only);
        assert!(!query_tokens("npo さろん", &v, true).kana_only);
        assert!(!query_tokens("、", &v, true).kana_only);
        assert!(query_tokens("、", &v, true).tokens.is_empty());
    }

    #[test]
    fn variants_are_replaced_before_tokenizing() {
        let v = Variants::parse_toml("[[variants]]\nwords = [\"子ども\", \"子供\", \"こども\"]\n")
            .expect("valid variants");
        let t = TsunaguTokenizer::new(Arc::new(v.clone()), Grams::Bigrams);
        assert_eq!(
            texts(&t.tokens("子供食堂")),
            ["子ど", "ども", "も食", "食堂"]
        );
        assert_eq!(
            texts(&t.tokens("コドモ食堂")),
            ["子ど", "ども", "も食", "食堂"]
        );
        let q = query_tokens("こども", &v, true);
        assert_eq!(texts(&q.tokens), ["子ど", "ども"]);
        assert!(q.kana_only, "kana-only is decided before variants");
    }
}
