//! The morphological analyser: lindera 0.28 with IPADIC (compiled into the binary), plus
//! a user dictionary built in memory from the site's readings and a few words IPADIC
//! lacks (令和, 社協). User words get lindera's "simple user word" cost (−10000) and the
//! connection context of a place name, so the lattice cuts the text where they are and
//! reads their neighbours in context (米子市 → 米子 + 市[し]).
//!
//! Site readings must win whatever the lattice prefers, so after analysis the leftmost
//! longest site surfaces are laid over the words (鹿野町 beats 鹿野 + 町); a word that
//! straddles one is analysed again without the overlapping part.

use lindera_core::dictionary::{Dictionary, UserDictionary};
use lindera_core::mode::Mode;
use lindera_core::prefix_dict::PrefixDict;
use lindera_core::viterbi::Lattice;
use lindera_core::word_entry::{WordEntry, WordId};
use lindera_dictionary::{DictionaryConfig, DictionaryKind, load_dictionary_from_config};
use lindera_tokenizer::tokenizer::Tokenizer;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};
use yada::DoubleArray;
use yada::builder::DoubleArrayBuilder;

use super::{FuriganaError, UserEntry};

/// Words of welfare portals that IPADIC reads wrongly or not at all, with their readings.
/// Kept short and general: local names belong in the site's `content/readings.toml`.
const BUILTIN: &[(&str, &str)] = &[
    ("令和", "れいわ"),
    ("協働", "きょうどう"),
    ("口腔", "こうくう"),
    ("公助", "こうじょ"),
    ("互助", "ごじょ"),
    ("漁協", "ぎょきょう"),
    ("社協", "しゃきょう"),
    ("集会所", "しゅうかいじょ"),
    ("障がい", "しょうがい"),
    ("避難所", "ひなんじょ"),
    ("保健所", "ほけんじょ"),
    ("立上げ", "たちあげ"),
    // okurigana left out as notices write them; IPADIC reads 申 as さる (申込みは) and
    // gives 引取り only と
    ("申込み", "もうしこみ"),
    ("引取り", "ひきとり"),
    ("ひとり親", "ひとりおや"),
    ("通帳", "つうちょう"),
];

/// The cost lindera gives a user word written without costs (see lindera-ipadic-builder).
const USER_WORD_COST: i16 = -10000;

/// One analysed word.
pub(crate) struct Word<'a> {
    pub surface: &'a str,
    pub start: usize,
    pub reading: Option<String>,
    /// Read from the site's dictionary.
    pub site: bool,
    /// A numeral (名詞,数: 三, 百).
    pub number: bool,
    /// A counter (名詞,接尾,助数詞: 人, 回, か所).
    pub counter: bool,
}

/// What the analysis needs of a dictionary entry. lindera deserialises an entry's
/// details on every token; this keeps them per word id (a text uses a few thousand
/// distinct words), which took a sixth of a large build's time.
#[derive(Clone)]
struct WordInfo {
    reading: Option<Arc<str>>,
    /// A numeral (名詞,数).
    number: bool,
    /// A counter (名詞,接尾,助数詞).
    counter: bool,
}

impl WordInfo {
    fn of(details: Vec<&str>, id: WordId) -> WordInfo {
        let pos = |i: usize| details.get(i).copied().unwrap_or("");
        WordInfo {
            reading: (!id.is_unknown() && details.len() >= 8 && details[7] != "*")
                .then(|| Arc::from(details[7])),
            number: pos(0) == "名詞" && pos(1) == "数",
            counter: pos(1) == "接尾" && pos(2) == "助数詞",
        }
    }
}

pub(crate) struct Analyzer {
    tokenizer: Tokenizer,
    /// [`WordInfo`] by word id (number, system dictionary) — unknown words share one id
    /// and one entry, which is right: their details are the same placeholder.
    details: RwLock<HashMap<(u32, bool), WordInfo>>,
    /// For each user-dictionary word id: whether it came from the site (else built in).
    site_word: Vec<bool>,
    /// Site surfaces by first character, longest first.
    site: HashMap<char, Vec<(String, String)>>,
}

/// IPADIC as compiled into the binary (copied out of it: about 8 ms, most of an engine's
/// load time). [`Analyzer::with_dictionary`] takes one loaded ahead, on another thread.
pub(crate) fn system_dictionary() -> Result<Dictionary, FuriganaError> {
    load_dictionary_from_config(DictionaryConfig {
        kind: Some(DictionaryKind::IPADIC),
        path: None,
    })
    .map_err(|e| FuriganaError::Dictionary(e.to_string()))
}

/// Read one byte of every page of the tables IPADIC leaves in the binary (the words, 59 MB,
/// their index and the connection costs), so the analysis does not stop at a page fault
/// for each word it meets first: on a preload thread, a third of a first pass's time.
pub(crate) fn touch(dictionary: &Dictionary) {
    let mut sum = 0u8;
    for table in [
        &dictionary.words_data[..],
        &dictionary.words_idx_data[..],
        &dictionary.cost_matrix.costs_data[..],
    ] {
        for page in table.chunks(4096) {
            sum = sum.wrapping_add(page[0]);
        }
    }
    std::hint::black_box(sum);
}

impl Analyzer {
    pub fn new(user: &[UserEntry]) -> Result<Analyzer, FuriganaError> {
        Analyzer::with_dictionary(system_dictionary()?, user)
    }

    /// An analyser over `dictionary` (IPADIC, see [`system_dictionary`]) and `user`.
    pub fn with_dictionary(
        dictionary: Dictionary,
        user: &[UserEntry],
    ) -> Result<Analyzer, FuriganaError> {
        let mut analyzer = Analyzer {
            tokenizer: Tokenizer::new(dictionary, None, Mode::Normal),
            details: RwLock::new(HashMap::new()),
            site_word: Vec::new(),
            site: HashMap::new(),
        };
        analyzer.set_user(user)?;
        Ok(analyzer)
    }

    /// Replace the user words (the built-in ones and `user`), keeping IPADIC as loaded.
    pub fn set_user(&mut self, user: &[UserEntry]) -> Result<(), FuriganaError> {
        // Site entries override built-in ones with the same surface.
        let mut words: BTreeMap<&str, (&str, bool)> = BUILTIN
            .iter()
            .map(|&(surface, reading)| (surface, (reading, false)))
            .collect();
        let mut site: HashMap<char, Vec<(String, String)>> = HashMap::new();
        for e in user {
            let Some(first) = e.surface.chars().next() else {
                continue;
            };
            if !e.reading.is_empty() {
                // A surface given twice: the last reading wins, here and in `words`.
                words.insert(&e.surface, (&e.reading, true));
                let list = site.entry(first).or_default();
                list.retain(|(surface, _)| *surface != e.surface);
                list.push((e.surface.clone(), e.reading.clone()));
            }
        }
        for list in site.values_mut() {
            list.sort_by_key(|(surface, _)| std::cmp::Reverse(surface.len()));
        }
        let context = place_context(&self.tokenizer.dictionary);
        let (user_dictionary, site_word) = build_user_dictionary(&words, context)?;
        self.tokenizer.user_dictionary = Some(user_dictionary);
        self.site_word = site_word;
        self.site = site;
        // User word ids now mean other words; IPADIC's stay as they were.
        if let Ok(mut details) = self.details.write() {
            details.retain(|&(_, system), _| system);
        }
        Ok(())
    }

    /// The words of `text` in order, site surfaces laid over the analysis.
    pub fn words<'a>(&'a self, text: &'a str) -> Result<Vec<Word<'a>>, FuriganaError> {
        let words = self.analyse(text)?;
        let matches = self.site_matches(text);
        if matches.is_empty() {
            return Ok(words);
        }
        let mut out = Vec::with_capacity(words.len());
        let mut matches = matches.into_iter().peekable();
        let mut covered = 0;
        for word in words {
            let end = word.start + word.surface.len();
            if end <= covered {
                continue;
            }
            // Site matches that start before this word ends.
            while let Some((m_start, m_end, reading)) = matches.next_if(|m| m.0 < end) {
                if m_start > covered {
                    self.again(text, covered.max(word.start), m_start, &mut out)?;
                }
                out.push(Word {
                    surface: &text[m_start..m_end],
                    start: m_start,
                    reading: Some(reading.to_string()),
                    site: true,
                    number: false,
                    counter: false,
                });
                covered = m_end;
            }
            if end <= covered {
                continue;
            }
            if word.start >= covered {
                out.push(word);
            } else {
                self.again(text, covered, end, &mut out)?;
            }
            covered = end;
        }
        Ok(out)
    }

    /// Analyse `text[from..to]` (part of a word cut by a site match) on its own.
    fn again<'a>(
        &'a self,
        text: &'a str,
        from: usize,
        to: usize,
        out: &mut Vec<Word<'a>>,
    ) -> Result<(), FuriganaError> {
        for mut w in self.analyse(&text[from..to])? {
            w.start += from;
            out.push(w);
        }
        Ok(())
    }

    /// Leftmost longest occurrences of site surfaces: (start, end, reading).
    fn site_matches<'a>(&'a self, text: &str) -> Vec<(usize, usize, &'a str)> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(c) = text[at..].chars().next() {
            let found = self.site.get(&c).and_then(|list| {
                list.iter()
                    .find(|(surface, _)| text[at..].starts_with(surface.as_str()))
            });
            match found {
                Some((surface, reading)) => {
                    out.push((at, at + surface.len(), reading.as_str()));
                    at += surface.len();
                }
                None => at += c.len_utf8(),
            }
        }
        out
    }

    /// The analyser's words for `text`. They cover the text with no gaps.
    fn analyse<'a>(&'a self, text: &'a str) -> Result<Vec<Word<'a>>, FuriganaError> {
        let tokens = self.tokenize(text);
        let mut out = Vec::with_capacity(tokens.len());
        for (start, end, id) in tokens {
            let surface = &text[start..end];
            let key = (id.0, id.1);
            let cached = self.details.read().ok().and_then(|c| c.get(&key).cloned());
            let info = match cached {
                Some(info) => info,
                None => {
                    let details = self.details_of(id);
                    let info = WordInfo::of(details.iter().map(String::as_str).collect(), id);
                    if let Ok(mut cache) = self.details.write() {
                        cache.insert(key, info.clone());
                    }
                    info
                }
            };
            let site = !id.is_system()
                && !id.is_unknown()
                && self.site_word.get(id.0 as usize).copied().unwrap_or(false);
            out.push(Word {
                surface,
                start,
                reading: info.reading.map(|r| r.to_string()),
                site,
                number: info.number,
                counter: info.counter,
            });
        }
        Ok(out)
    }
}

thread_local! {
    /// The lattice of [`Analyzer::tokenize`], kept per thread: lindera makes a new one per
    /// call, and allocating its rows took a third of the analysis.
    static LATTICE: std::cell::RefCell<Lattice> = std::cell::RefCell::new(Lattice::default());
}

impl Analyzer {
    /// lindera's `Tokenizer::tokenize` (same sentence split, same lattice), with the
    /// lattice reused: (byte start, byte end, word id) of each word of `text`.
    fn tokenize(&self, text: &str) -> Vec<(usize, usize, WordId)> {
        let t = &self.tokenizer;
        let mut out = Vec::new();
        LATTICE.with_borrow_mut(|lattice| {
            let mut offset = 0;
            for sentence in text.split_inclusive(['。', '、', '\n', '\t']) {
                lattice.set_text(
                    &t.dictionary.dict,
                    &t.user_dictionary.as_ref().map(|d| &d.dict),
                    &t.dictionary.char_definitions,
                    &t.dictionary.unknown_dictionary,
                    sentence,
                    &t.mode,
                );
                lattice.calculate_path_costs(&t.dictionary.cost_matrix, &t.mode);
                let words = lattice.tokens_offset();
                for (i, &(start, id)) in words.iter().enumerate() {
                    let end = words.get(i + 1).map_or(sentence.len(), |w| w.0);
                    out.push((offset + start, offset + end, id));
                }
                offset += sentence.len();
            }
        });
        out
    }

    /// A word's details as lindera gives them (`Token::get_details`).
    fn details_of(&self, id: WordId) -> Vec<String> {
        if id.is_unknown() {
            return vec!["UNK".to_string()];
        }
        let details = if id.is_system() {
            self.tokenizer.dictionary.word_details(id.0 as usize)
        } else {
            self.tokenizer
                .user_dictionary
                .as_ref()
                .and_then(|d| d.word_details(id.0 as usize))
        };
        details.unwrap_or_default()
    }
}

/// The connection ids of a place name (名詞,固有名詞,地域,一般), taken from IPADIC's own
/// entry for 鳥取; lindera's default (0) if that entry is missing.
fn place_context(dictionary: &Dictionary) -> (u16, u16) {
    let wanted = ["名詞", "固有名詞", "地域", "一般"];
    dictionary
        .dict
        .find_surface("鳥取")
        .into_iter()
        .find(|e| {
            dictionary
                .word_details(e.word_id.0 as usize)
                .is_some_and(|d| d.len() >= 4 && d[..4].iter().eq(wanted.iter()))
        })
        .map_or((0, 0), |e| (e.left_id, e.right_id))
}

/// The same structure lindera builds from a user CSV file, built from memory.
fn build_user_dictionary(
    words: &BTreeMap<&str, (&str, bool)>,
    (left_id, right_id): (u16, u16),
) -> Result<(UserDictionary, Vec<bool>), FuriganaError> {
    let fail = |what: &str| FuriganaError::Dictionary(format!("user dictionary: {what}"));
    let mut words_data = Vec::new();
    let mut words_idx_data = Vec::new();
    let mut vals_data = Vec::new();
    let mut keyset: Vec<(&[u8], u32)> = Vec::with_capacity(words.len());
    let mut site_word = Vec::with_capacity(words.len());
    // BTreeMap order = sorted by surface, as the double array builder needs.
    for (id, (surface, (reading, site))) in words.iter().enumerate() {
        let id = u32::try_from(id).map_err(|_| fail("too many words"))?;
        let details: Vec<String> = [
            "名詞",
            "固有名詞",
            "地域",
            "一般",
            "*",
            "*",
            surface,
            reading,
            reading,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let offset = u32::try_from(words_data.len()).map_err(|_| fail("too large"))?;
        words_idx_data.extend_from_slice(&offset.to_le_bytes());
        bincode::serialize_into(&mut words_data, &details).map_err(|e| fail(&e.to_string()))?;
        WordEntry {
            word_id: WordId(id, false),
            word_cost: USER_WORD_COST,
            left_id,
            right_id,
        }
        .serialize(&mut vals_data)
        .map_err(|e| fail(&e.to_string()))?;
        // One entry per surface: offset `id`, count 1.
        keyset.push((surface.as_bytes(), (id << 5) | 1));
        site_word.push(*site);
    }
    let da = if keyset.is_empty() {
        DoubleArrayBuilder::build(&[(b"\0".as_slice(), 0)])
    } else {
        DoubleArrayBuilder::build(&keyset)
    }
    .ok_or_else(|| fail("cannot build the double array"))?;
    let dict = PrefixDict {
        da: DoubleArray::new(da),
        vals_data,
        is_system: false,
    };
    Ok((
        UserDictionary {
            dict,
            words_idx_data,
            words_data,
        },
        site_word,
    ))
}
