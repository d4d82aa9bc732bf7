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
pub(crate) mod kana;
mod markup;
mod output;
mod protect;
mod readings;
mod rules;

pub use kana::{fold as katakana_to_hiragana, has_kanji};
pub use markup::{MarkupError, check_markup, parse_author_markup};
pub use output::{parse_bracket, to_bracket, to_html, with_grades};
pub use protect::protected_spans;
pub use readings::{READINGS_FILE, load_site_readings, parse_readings};

use markup::Part;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

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

/// A memo of the engine, keyed by text: foldhash instead of SipHash, which spent about
/// 1 ns per byte of every run, line and sentence looked up (the keys are the site's own
/// text; lookups only, nothing depends on the order).
type Memo<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The furigana engine: the analyser with its dictionaries. `Send + Sync`.
pub struct Furigana {
    analyzer: dict::Analyzer,
    /// Readings of lines already read (see [`Furigana::reading`]); also filled by the
    /// page pass, so the search index does not analyse a text the pages already did.
    readings: RwLock<Memo<String, String>>,
    /// The ruby markup of text runs the page pass made (see `render::ruby`). Kept with the
    /// engine, so a preview that keeps its engine across rebuilds analyses only the runs an
    /// edit changed; the same engine always gives a run the same markup.
    markup: RwLock<Memo<String, Arc<str>>>,
    /// Bytes of markup kept for runs longer than [`MARKUP_RUN_MAX`] (see
    /// [`LONG_MARKUP_BUDGET`]).
    long_kept: AtomicUsize,
    /// Sentences analysed, with what the analysis made of them (see [`sentences`]): a
    /// sentence that recurs in other paragraphs, or in a search document's line joined
    /// otherwise than the page's text runs, is not analysed again.
    sentences: RwLock<Memo<Box<str>, Arc<Analysed>>>,
    /// Bytes [`Furigana::sentences`] holds, about (see [`SENTENCE_BUDGET`]).
    sentences_kept: AtomicUsize,
    /// Sentences given to the analyser, and their characters.
    sentences_analysed: AtomicUsize,
    sentence_chars_analysed: AtomicUsize,
}

/// A sentence as the analyser read it.
#[derive(Debug)]
struct Analysed {
    segments: Vec<Segment>,
    /// Its kanji words the analyser did not know.
    unknown: Vec<String>,
}

/// Bytes of sentences and their segments [`Furigana::sentences`] keeps; past it, sentences
/// are analysed without being remembered. What recurs most is met early: on the generated
/// 50,000-page site, 8 MB instead of 24 analyses 1.92 M characters instead of 1.72 M, for
/// the same build time and 53 MiB less peak RSS (937 against 990 MiB, of the 1 GiB allowed);
/// at 10,000 pages both hold every sentence.
const SENTENCE_BUDGET: usize = 8 << 20;

/// How many runs' markup [`Furigana::keep_markup`] keeps (a bound, as for readings).
const MARKUP_KEPT: usize = 200_000;

/// The longest run (bytes) whose markup [`Furigana::keep_markup`] keeps. What recurs from
/// page to page is short (navigation, headings, names); a longer run is nearly always a
/// paragraph seen once, and its markup (about six times its length) was most of the memo:
/// on a 50,000-page site, runs of 256 bytes or more were 57,000 of the 146,000 kept and
/// 1,900 of its 2.46 million hits, and about 165 MB.
const MARKUP_RUN_MAX: usize = 255;

/// Bytes of markup kept for longer runs all the same. The ruby pass analyses the content's
/// paragraphs before the pages are rendered (`render::ruby::Annotator::learn_site`), and
/// the pages find them here; this bound lets a small or middling site have all of them,
/// and a large one the first of them, without the memo growing with the site. A paragraph
/// learned there also has its reading remembered, which the search documents read: at
/// 10,000 pages, 48 MB instead of 16 took 0.6 s of CPU (of 9.5) off the build, which reads
/// them before the pages are rendered (`site::SEARCH_BESIDE_MAX`), for 18 MB of peak RSS.
pub(crate) const LONG_MARKUP_BUDGET: usize = 48 << 20;

/// How many lines [`Furigana::reading`] remembers (a long `serve` session must not grow
/// without end); past it, lines are read without being remembered.
const READINGS_KEPT: usize = 200_000;

impl std::fmt::Debug for Furigana {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Furigana")
    }
}

/// Everything a site's engine is made from: the reading dictionary
/// (`content/readings.toml`) and the names that come with their own reading (a resource's
/// 名称 and 名称_カナ). Two equal inputs make the same engine, so a preview can keep its
/// engine while the input stays the same.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EngineInput {
    pub readings: Vec<UserEntry>,
    /// (name, its reading in katakana or hiragana), as staff wrote them.
    pub names: Vec<(String, String)>,
}

/// IPADIC being loaded on another thread (about 8 ms) while a build loads its content;
/// [`Preload::for_site`] waits for it and makes the site's engine.
pub struct Preload(Loading);

enum Loading {
    Thread(std::thread::JoinHandle<Result<lindera_core::dictionary::Dictionary, FuriganaError>>),
    Here,
}

impl Preload {
    /// Start loading IPADIC on a thread of its own.
    pub fn start() -> Preload {
        match std::thread::Builder::new().name("ipadic".into()).spawn(|| {
            let dictionary = dict::system_dictionary()?;
            dict::touch(&dictionary);
            Ok(dictionary)
        }) {
            Ok(handle) => Preload(Loading::Thread(handle)),
            // No thread to be had: load it when it is needed, on the caller's thread.
            Err(_) => Preload::now(),
        }
    }

    /// Load IPADIC when [`Preload::for_site`] is called, on the caller's thread.
    fn now() -> Preload {
        Preload(Loading::Here)
    }

    /// The site's engine (see [`Furigana::for_site`]) over the IPADIC loaded here.
    pub fn for_site(self, input: &EngineInput) -> Result<Furigana, FuriganaError> {
        let dictionary = match self.0 {
            Loading::Thread(handle) => handle.join().unwrap_or_else(|_| {
                Err(FuriganaError::Dictionary(
                    "the thread loading it stopped".into(),
                ))
            })?,
            Loading::Here => dict::system_dictionary()?,
        };
        Furigana::for_site_with(dictionary, input)
    }
}

impl Furigana {
    /// Load IPADIC and the site's readings (`user` wins over the analyser).
    pub fn new(user: &[UserEntry]) -> Result<Furigana, FuriganaError> {
        Ok(Furigana::from_analyzer(dict::Analyzer::new(user)?))
    }

    fn from_analyzer(analyzer: dict::Analyzer) -> Furigana {
        Furigana {
            analyzer,
            readings: RwLock::new(Memo::default()),
            markup: RwLock::new(Memo::default()),
            long_kept: AtomicUsize::new(0),
            sentences: RwLock::new(Memo::default()),
            sentences_kept: AtomicUsize::new(0),
            sentences_analysed: AtomicUsize::new(0),
            sentence_chars_analysed: AtomicUsize::new(0),
        }
    }

    /// The engine of a site. A name's given reading is used wherever the name appears,
    /// when the analyser (with the reading dictionary) would read it otherwise; the
    /// reading dictionary still wins for a surface it lists itself. A reading that does
    /// not fit its name (its kana do not match the name's kana) is not used.
    pub fn for_site(input: &EngineInput) -> Result<Furigana, FuriganaError> {
        Preload::now().for_site(input)
    }

    fn for_site_with(
        dictionary: lindera_core::dictionary::Dictionary,
        input: &EngineInput,
    ) -> Result<Furigana, FuriganaError> {
        let mut engine = Furigana::from_analyzer(dict::Analyzer::with_dictionary(
            dictionary,
            &input.readings,
        )?);
        let mut entries: Vec<UserEntry> = Vec::new();
        for (name, kana) in &input.names {
            if let Some((surface, reading)) = engine.name_reading(name, kana)
                && !entries.iter().any(|e| e.surface == surface)
            {
                tracing::debug!("ふりがな: {surface} → {reading}（{name} の名称_カナ）");
                entries.push(UserEntry { surface, reading });
            }
        }
        if entries.is_empty() {
            return Ok(engine);
        }
        // The reading dictionary last: for the same surface the last entry wins.
        entries.extend(input.readings.iter().cloned());
        // The same IPADIC with the names added (not loaded a second time).
        engine.analyzer.set_user(&entries)?;
        // what the names' readings were found with was analysed without them
        engine.forget_memos();
        Ok(engine)
    }

    /// The part of `name` the analyser reads otherwise than `kana` says, with the reading
    /// `kana` gives it: 「川原地区 防災の会（サンプル）」 with カワラチクボウサイノカイ gives
    /// (川原地区, かわらちく). The name is cut at its symbols and spaces (which the kana
    /// usually leave out), and trailing parts the kana leave out are dropped; `None` when
    /// the analyser already agrees, or when more than one part disagrees or the reading
    /// does not fit (its kana do not match the part's kana).
    fn name_reading(&self, name: &str, kana: &str) -> Option<(String, String)> {
        let separator = |c: char| !(kana::is_kanji(c) || c.is_alphanumeric() || c == 'ー');
        let kana: String = kana::fold(kana)
            .chars()
            .filter(|&c| !separator(c))
            .collect();
        let parts: Vec<&str> = name.split(separator).filter(|p| !p.is_empty()).collect();
        let readings: Vec<String> = parts.iter().map(|p| self.reading(p)).collect();
        for keep in (1..=parts.len()).rev() {
            let (parts, readings) = (&parts[..keep], &readings[..keep]);
            if readings.concat() == kana {
                return None;
            }
            for (i, part) in parts.iter().enumerate() {
                let before = readings[..i].concat();
                let after = readings[i + 1..].concat();
                if !kana::has_kanji(part)
                    || kana.len() <= before.len() + after.len()
                    || !kana.starts_with(&before)
                    || !kana.ends_with(&after)
                {
                    continue;
                }
                let middle = &kana[before.len()..kana.len() - after.len()];
                if kana::align(part, middle).is_some() {
                    return Some((part.to_string(), middle.to_string()));
                }
            }
        }
        None
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
    /// Read line by line; a line read before (here or by the page pass, through
    /// [`Furigana::remember_reading`]) is not analysed again.
    pub fn reading(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if !kana::has_kanji(line) {
                out.push_str(&kana::fold(line));
                continue;
            }
            let known = self.readings.read().ok().and_then(|m| m.get(line).cloned());
            match known {
                Some(r) => out.push_str(&r),
                None => {
                    let segments = self.annotate(line);
                    out.push_str(&self.remember_reading(line, &segments));
                    // A page may show the line as a text run of its own (a name, an
                    // address): the ruby pass finds its markup here instead of analysing
                    // it again.
                    if self.would_keep(line) {
                        self.keep_markup(line, output::to_html(&segments).into());
                    }
                }
            }
        }
        out
    }

    /// The markup kept for the text run `run` by [`Furigana::keep_markup`].
    pub fn known_markup(&self, run: &str) -> Option<Arc<str>> {
        self.markup.read().ok()?.get(run).cloned()
    }

    /// Would [`Furigana::keep_markup`] keep the markup of `run` now? A long run only while
    /// the [`LONG_MARKUP_BUDGET`] has room for it and its markup (about six times its
    /// length): seven times its length.
    pub fn would_keep(&self, run: &str) -> bool {
        let room = run.len() <= MARKUP_RUN_MAX
            || self.long_kept.load(Ordering::Relaxed) + 7 * run.len() <= LONG_MARKUP_BUDGET;
        room && self.markup.read().is_ok_and(|m| m.len() < MARKUP_KEPT)
    }

    /// Keep the ruby markup made for the text run `run`: up to [`MARKUP_KEPT`] runs, a run
    /// longer than [`MARKUP_RUN_MAX`] bytes only while the [`LONG_MARKUP_BUDGET`] lasts.
    pub fn keep_markup(&self, run: &str, markup: Arc<str>) {
        if run.len() > MARKUP_RUN_MAX {
            let cost = run.len() + markup.len();
            let kept = self.long_kept.fetch_add(cost, Ordering::Relaxed);
            if kept + cost > LONG_MARKUP_BUDGET {
                self.long_kept.fetch_sub(cost, Ordering::Relaxed);
                return;
            }
        }
        if let Ok(mut m) = self.markup.write()
            && m.len() < MARKUP_KEPT
        {
            m.insert(run.to_string(), markup);
        }
    }

    /// Let go of both memos (the markup of runs and the readings of lines): a build that
    /// has made its pages and its search documents needs neither again.
    pub fn forget_memos(&self) {
        if let Ok(mut m) = self.markup.write() {
            *m = Memo::default();
        }
        self.long_kept.store(0, Ordering::Relaxed);
        if let Ok(mut m) = self.readings.write() {
            *m = Memo::default();
        }
        if let Ok(mut m) = self.sentences.write() {
            *m = Memo::default();
        }
        self.sentences_kept.store(0, Ordering::Relaxed);
    }

    /// Remember the reading of `line` (no line break), annotated as `segments`; returns it.
    pub fn remember_reading(&self, line: &str, segments: &[Segment]) -> String {
        let reading = reading_of(segments);
        if let Ok(mut m) = self.readings.write()
            && m.len() < READINGS_KEPT
        {
            m.insert(line.to_string(), reading.clone());
        }
        reading
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

    /// Analyse `text` (no author markup, nothing protected) sentence by sentence, each
    /// sentence found in [`Furigana::sentences`] or analysed and kept there.
    fn analyse(&self, text: &str, out: &mut Vec<Segment>, unknown: &mut Vec<String>) {
        if !kana::has_kanji(text) {
            push_text(out, text);
            return;
        }
        for sentence in sentences(text) {
            if !kana::has_kanji(sentence) {
                push_text(out, sentence);
                continue;
            }
            let known = self
                .sentences
                .read()
                .ok()
                .and_then(|m| m.get(sentence).cloned());
            let analysed = match known {
                Some(a) => a,
                None => {
                    let mut analysed = Analysed {
                        segments: Vec::new(),
                        unknown: Vec::new(),
                    };
                    self.analyse_sentence(sentence, &mut analysed.segments, &mut analysed.unknown);
                    let analysed = Arc::new(analysed);
                    self.keep_sentence(sentence, &analysed);
                    analysed
                }
            };
            for segment in &analysed.segments {
                match segment {
                    Segment::Text(t) => push_text(out, t),
                    ruby => out.push(ruby.clone()),
                }
            }
            unknown.extend(analysed.unknown.iter().cloned());
        }
    }

    /// Keep `analysed` for `sentence` while [`SENTENCE_BUDGET`] lasts.
    fn keep_sentence(&self, sentence: &str, analysed: &Arc<Analysed>) {
        let cost = 2 * sentence.len()
            + analysed
                .segments
                .iter()
                .map(|s| match s {
                    Segment::Text(t) => t.len() + 32,
                    Segment::Ruby { base, reading, .. } => base.len() + reading.len() + 64,
                })
                .sum::<usize>()
            + 64;
        let kept = self.sentences_kept.fetch_add(cost, Ordering::Relaxed);
        if kept + cost > SENTENCE_BUDGET {
            self.sentences_kept.fetch_sub(cost, Ordering::Relaxed);
            return;
        }
        if let Ok(mut m) = self.sentences.write() {
            m.insert(sentence.into(), analysed.clone());
        }
    }

    /// How many sentences this engine gave the analyser, and their characters.
    pub fn sentences_analysed(&self) -> (usize, usize) {
        (
            self.sentences_analysed.load(Ordering::Relaxed),
            self.sentence_chars_analysed.load(Ordering::Relaxed),
        )
    }

    /// Analyse one sentence with the analyser.
    fn analyse_sentence(&self, text: &str, out: &mut Vec<Segment>, unknown: &mut Vec<String>) {
        self.sentences_analysed.fetch_add(1, Ordering::Relaxed);
        self.sentence_chars_analysed
            .fetch_add(text.chars().count(), Ordering::Relaxed);
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
            if word.surface.chars().all(|c| c == '〇') {
                // 〇〇 stands for a name left out (まるまる), not for zero: no reading.
                push_text(out, word.surface);
                continue;
            }
            if word.number
                && kana::has_kanji(word.surface)
                && word
                    .surface
                    .starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
            {
                // Digits with 日 read as one word (4日 よっか): one ruby over both.
                if let Some(reading) = word.reading {
                    out.push(Segment::Ruby {
                        base: word.surface.to_string(),
                        reading,
                        source: Source::Analyzer,
                    });
                    continue;
                }
            }
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

/// The shortest start of `text` made of whole sentences (see [`sentences`]) with at least
/// `chars` characters other than white space, or all of it: what a caller that needs only
/// the start of a long text can annotate, its sentences being the ones the whole text's
/// annotation remembers.
pub fn sentences_holding(text: &str, chars: usize) -> &str {
    let mut end = 0;
    let mut count = 0;
    for sentence in sentences(text) {
        if count >= chars {
            break;
        }
        end += sentence.len();
        count += sentence.chars().filter(|c| !c.is_whitespace()).count();
    }
    &text[..end]
}

/// `text` cut into sentences: each ends after 。！？ or a line break, with the closing
/// brackets, quotes, spaces and line breaks that follow it. The analyser reads a sentence
/// alike wherever it stands, so a sentence is the unit [`Furigana::sentences`] remembers.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len();
        let mut ended = false;
        for (i, c) in rest.char_indices() {
            let follows = matches!(
                c,
                '」' | '』'
                    | '）'
                    | ')'
                    | '】'
                    | '〕'
                    | '〉'
                    | '》'
                    | '”'
                    | '\n'
                    | ' '
                    | '\u{3000}'
            );
            if ended && !follows {
                end = i;
                break;
            }
            if matches!(c, '。' | '！' | '？' | '!' | '?' | '\n') {
                ended = true;
            }
        }
        let (sentence, tail) = rest.split_at(end);
        rest = tail;
        Some(sentence)
    })
}

/// Annotated text in hiragana.
fn reading_of(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Text(t) => out.push_str(&kana::fold(t)),
            Segment::Ruby { reading, .. } => out.push_str(&kana::fold(reading)),
        }
    }
    out
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
    fn sentences_holding_cuts_after_whole_sentences() {
        let text = "地域の食堂。子ども（小学生）も来ます。」 相談は無料です。";
        assert_eq!(sentences_holding(text, 0), "");
        assert_eq!(sentences_holding(text, 1), "地域の食堂。");
        assert_eq!(
            sentences_holding(text, 7),
            "地域の食堂。子ども（小学生）も来ます。」 "
        );
        assert_eq!(sentences_holding(text, 1000), text);
    }

    #[test]
    fn text_is_cut_after_each_sentence_with_its_closing_brackets() {
        let text = "今日は晴れ。「明日は雨です！」と言った。\n次の日（雨？）は\n";
        let cut: Vec<&str> = sentences(text).collect();
        assert_eq!(
            cut,
            [
                "今日は晴れ。",
                "「明日は雨です！」",
                "と言った。\n",
                "次の日（雨？）",
                "は\n"
            ]
        );
        assert_eq!(cut.concat(), text);
        assert_eq!(sentences("").count(), 0);
        assert_eq!(sentences("見守り").collect::<Vec<_>>(), ["見守り"]);
    }

    /// A sentence seen before, in another paragraph, is read from the memo: the same
    /// segments and unknown words as the analyser gives, without analysing it again.
    #[test]
    fn a_sentence_that_recurs_is_analysed_once() {
        let f = Furigana::new(&[]).unwrap();
        let fresh = Furigana::new(&[]).unwrap();
        let first = "地域の見守り活動に参加しましょう。詳しくは社協へ。";
        let second = "毎月の集いです。地域の見守り活動に参加しましょう。";
        f.annotate(first);
        assert_eq!(f.sentences_analysed().0, 2);
        let mut unknown = Vec::new();
        let again = f.annotate_with_unknown(second, &mut unknown);
        assert_eq!(f.sentences_analysed().0, 3, "only 毎月の集いです。 is new");
        let mut fresh_unknown = Vec::new();
        assert_eq!(
            again,
            fresh.annotate_with_unknown(second, &mut fresh_unknown)
        );
        assert_eq!(unknown, fresh_unknown);
        // a word the analyser does not know is listed again when its sentence recurs
        let odd = "㐂㐃の会に行く。";
        let analysed = f.unknown_words(odd);
        let recurring = f.unknown_words(odd);
        assert_eq!(f.sentences_analysed().0, 4, "the second time from the memo");
        assert!(!analysed.is_empty(), "{analysed:?}");
        assert_eq!(analysed, fresh.unknown_words(odd));
        assert_eq!(recurring, analysed);
    }

    #[test]
    fn a_name_keeps_its_own_reading_where_the_analyser_reads_it_otherwise() {
        let name = "鹿野すこやか会館";
        let input = EngineInput {
            readings: Vec::new(),
            names: vec![(name.into(), "シカノスコヤカカイカン".into())],
        };
        let plain = Furigana::new(&[]).unwrap();
        assert_ne!(
            plain.reading(name),
            "しかのすこやかかいかん",
            "IPADIC misreads it"
        );
        let f = Furigana::for_site(&input).unwrap();
        assert_eq!(f.reading(name), "しかのすこやかかいかん");
        let text = format!("{name}で会いましょう");
        assert!(
            to_bracket(&f.annotate(&text)).starts_with("鹿野[しかの]すこやか会館[かいかん]で"),
            "{}",
            to_bracket(&f.annotate(&text))
        );
    }

    #[test]
    fn a_reading_that_does_not_fit_its_name_is_not_used() {
        let input = EngineInput {
            readings: Vec::new(),
            names: vec![("ふれあい会館".into(), "サロンカイカン".into())],
        };
        let f = Furigana::for_site(&input).unwrap();
        assert_eq!(f.reading("ふれあい会館"), "ふれあいかいかん");
    }

    #[test]
    fn the_reading_dictionary_wins_over_a_names_reading() {
        let input = EngineInput {
            readings: vec![UserEntry {
                surface: "皆生会館".into(),
                reading: "かいけかいかん".into(),
            }],
            names: vec![("皆生会館".into(), "ミナオカイカン".into())],
        };
        let f = Furigana::for_site(&input).unwrap();
        assert_eq!(f.reading("皆生会館"), "かいけかいかん");
    }

    #[test]
    fn the_part_of_a_name_read_otherwise_is_found() {
        let f = Furigana::new(&[]).unwrap();
        let found = |name: &str, kana: &str| f.name_reading(name, kana);
        assert_eq!(
            found(
                "鹿野地区 防災・支え愛の会（サンプル）",
                "シカノチクボウサイササエアイノカイ"
            ),
            Some(("鹿野地区".to_string(), "しかのちく".to_string()))
        );
        assert_eq!(
            found(
                "相談支援事業所「あおば」",
                "ソウダンシエンジギョウショアオバ"
            ),
            None,
            "the analyser agrees"
        );
        assert_eq!(
            found("ふれあい会館", "サロンカイカン"),
            None,
            "does not fit"
        );
    }

    /// The site engine keeps the IPADIC it loaded and swaps its user words for the names'
    /// readings: it must read exactly as an engine loaded afresh with all those words,
    /// also for user words it analysed before the swap: reading the name analyses 社協, a
    /// built-in user word; adding 上野 (sorted first) gives 社協's old number to 口腔.
    #[test]
    fn the_preloaded_engine_reads_as_one_loaded_afresh() {
        let readings = vec![UserEntry {
            surface: "鹿野".into(),
            reading: "しかの".into(),
        }];
        let input = EngineInput {
            readings: readings.clone(),
            names: vec![("上野社協サロン".into(), "ウワノシャキョウサロン".into())],
        };
        let preloaded = Preload::start().for_site(&input).unwrap();
        let (surface, reading) = Furigana::new(&readings)
            .unwrap()
            .name_reading("上野社協サロン", "ウワノシャキョウサロン")
            .expect("IPADIC reads 上野 otherwise");
        let mut all = vec![UserEntry { surface, reading }];
        all.extend(readings);
        let afresh = Furigana::new(&all).unwrap();
        for text in [
            "上野社協サロンは鹿野にあります",
            "令和の協働と口腔ケア、社協の集会所",
            "障がいのある人の避難所と保健所の立上げ",
        ] {
            assert_eq!(
                to_bracket(&preloaded.annotate(text)),
                to_bracket(&afresh.annotate(text)),
                "{text}"
            );
        }
        assert_eq!(
            preloaded.reading("上野社協サロン"),
            "うわのしゃきょうさろん"
        );
    }

    #[test]
    fn long_runs_keep_their_markup_within_a_budget() {
        // Long runs (paragraphs, seen once) filled the memo of a large site.
        let f = Furigana::new(&[]).unwrap();
        let short = "地域の相談窓口";
        let long = "見守り活動を行っています。".repeat(8);
        assert!(long.len() > MARKUP_RUN_MAX);
        f.keep_markup(short, "s".into());
        f.keep_markup(&long, "l".into());
        assert_eq!(f.known_markup(short).as_deref(), Some("s"));
        assert_eq!(f.known_markup(&long).as_deref(), Some("l"));
        // a run whose markup would pass the budget is not kept; short runs still are
        let big: Arc<str> = "x".repeat(LONG_MARKUP_BUDGET).into();
        let other = "支え合いの地域づくりを進めます。".repeat(8);
        f.keep_markup(&other, big);
        assert_eq!(f.known_markup(&other), None);
        f.keep_markup("相談", "t".into());
        assert_eq!(f.known_markup("相談").as_deref(), Some("t"));
        // a build's end lets go of the memos and of what the budget counted
        f.forget_memos();
        f.keep_markup(&other, "o".into());
        assert_eq!(f.known_markup(&other).as_deref(), Some("o"));
    }

    #[test]
    fn engine_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Furigana>();
    }
}
