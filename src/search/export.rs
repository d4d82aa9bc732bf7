//! The browser export: the tantivy index's postings, field statistics and fieldnorms turned
//! into `.js` files that `assets/search/search.js` loads with `<script>` tags.
//!
//! Numbers are written as base-64 varints in JS strings (alphabet [`ALPHABET`]; each digit
//! carries 5 bits, bit 6 = "more digits follow", least significant group first). A term's
//! value in a term shard is, per field it occurs in: `field, count`, then per posting
//! `doc delta, fieldnorm id << 1 | (tf > 1)`, and `tf - 2` when tf > 1.
//!
//! Files (`search/`): `index.js` the manifest (field statistics, which file holds a term,
//! facet vocabularies, variants), `t/<group><n>.js` light term shards and
//! `t/<group>h<bucket>.js` heavy terms with the result rows of their best documents (see
//! [`write_term_shards`]; groups `m` title, body and reading grams, `k` the kana ones of
//! those, `u` unigrams: see [`file_group`]), `d/<n>.js` result rows [`DOCS_PER_SHARD`] at a
//! time, `f.js` the facets of every document. A query loads its term files in one round, then the doc
//! shards of those of its results that no term file brought.
//!
//! Everything here is derived from the index and `docs` in doc id order, from sorted term
//! dictionaries and sorted maps: two builds of the same docs give the same bytes.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, TERMINATED};

use super::index::{Built, TEXT_FIELDS};
use super::snippet::{SNIPPET_CHARS, Snippet, TEXT_CHARS};
use super::tokenize::Grams;
use super::{SearchDoc, SearchError, SearchStats, Variants};

/// The varint digits (URL- and JS-string-safe).
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Aim for term shards of about this many bytes (a shard holds whole terms).
const TARGET_SHARD_BYTES: usize = 4_000;

/// Choices of the index and its browser export (tests change them).
#[derive(Clone, Copy, Debug)]
pub struct ExportOptions {
    /// Every document's reading covers its whole text (the site's furigana engine made
    /// them): a kana-only query's runs of four or more characters are then looked up in
    /// `reading_4` alone (see [`query_tokens`](super::tokenize::query_tokens)). Without
    /// the engine a reading is at most a place's 名称_カナ, and kana queries use bigrams in
    /// every field.
    pub readings: bool,
    /// A term whose encoded postings are longer than this is heavy: its bucket gets a file
    /// of its own.
    pub heavy_term_bytes: usize,
    /// A heavy bucket's file also carries the result data of each of its terms' best this
    /// many documents (scored as that term alone), so that a query of heavy terms usually
    /// has its results without a second round of requests.
    pub top_docs: usize,
    /// From this many documents on, the tantivy index is made in two halves on two threads
    /// and merged (see [`SPLIT_MIN_DOCS`](super::index::SPLIT_MIN_DOCS)).
    pub split_min_docs: usize,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            readings: true,
            heavy_term_bytes: 2_000,
            top_docs: 10,
            split_min_docs: super::index::SPLIT_MIN_DOCS,
        }
    }
}
/// Documents per `search/d/<n>.js`.
pub const DOCS_PER_SHARD: usize = 2;
/// Documents per `search/x/<n>.js`.
pub const TEXTS_PER_SHARD: usize = 4;

/// Appends `v` as a varint.
pub fn varint(out: &mut String, mut v: u32) {
    loop {
        let digit = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            out.push(ALPHABET[digit] as char);
            return;
        }
        out.push(ALPHABET[digit | 32] as char);
    }
}

/// FNV-1a, 32 bits, over the UTF-8 bytes (the client computes the same).
pub fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// How one group's terms are spread over files, as the manifest tells the client.
#[derive(Serialize)]
struct GroupFiles {
    /// Light shards: a term not in a heavy bucket is in `<group><fnv1a % shards>.js`.
    shards: usize,
    /// Heavy buckets: a term whose `fnv1a % buckets` is listed is in `<group>h<bucket>.js`.
    buckets: u32,
    /// The listed buckets, ascending, as varints of the gaps (the first one from 0).
    heavy: String,
}

/// [`ALPHABET`] digit → its value (0 for a byte that is not a digit).
const DIGIT: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut d = 0;
    while d < 64 {
        table[ALPHABET[d] as usize] = d as u8;
        d += 1;
    }
    table
};

/// Reads one varint of [`varint`] at `*i`.
pub(super) fn read_varint(s: &[u8], i: &mut usize) -> u32 {
    let (mut v, mut shift) = (0u32, 0);
    loop {
        let d = u32::from(DIGIT[usize::from(s[*i])]);
        *i += 1;
        v |= (d & 31) << shift;
        shift += 5;
        if d & 32 == 0 {
            return v;
        }
    }
}

/// What the export needs to score a term on its own (tantivy's BM25, in f64: only to pick
/// the documents whose result data travels with a heavy term).
struct Scoring<'a> {
    docs: u64,
    fields: &'a [FieldStats],
    boosts: &'a BTreeMap<u32, f32>,
}

impl Scoring<'_> {
    /// The best `n` documents for a term's encoded values (all their fields), best first.
    fn top_docs(&self, values: &[&str], n: usize) -> Vec<u32> {
        // (doc, score) per posting, then summed per doc in the order the fields came
        let mut scores: Vec<(u32, f64)> = Vec::new();
        for value in values {
            self.add_scores(value.as_bytes(), &mut scores);
        }
        scores.sort_by_key(|&(d, _)| d); // stable: a doc's fields stay in order
        let mut ranked: Vec<(u32, f64)> = Vec::with_capacity(scores.len());
        for (d, sc) in scores {
            match ranked.last_mut() {
                Some((last, sum)) if *last == d => *sum += sc,
                _ => ranked.push((d, sc)),
            }
        }
        for (d, sc) in &mut ranked {
            *sc *= f64::from(self.boosts.get(d).copied().unwrap_or(1.0));
        }
        // best first, ties to the lower doc: a total order, so the best `n` are picked out
        // before they are sorted (a common term has thousands of documents)
        let order = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if n == 0 {
            return Vec::new();
        }
        if ranked.len() > n {
            ranked.select_nth_unstable_by(n - 1, order);
            ranked.truncate(n);
        }
        ranked.sort_by(order);
        ranked.into_iter().map(|(d, _)| d).collect()
    }

    fn add_scores(&self, s: &[u8], scores: &mut Vec<(u32, f64)>) {
        let mut i = 0;
        while i < s.len() {
            let field = &self.fields[read_varint(s, &mut i) as usize];
            let count = read_varint(s, &mut i);
            let (k1, b) = (1.2f64, 0.75f64);
            let df = f64::from(count);
            let idf = (1.0 + (self.docs as f64 - df + 0.5) / (df + 0.5)).ln();
            let weight = idf * (1.0 + k1) * f64::from(field.boost);
            let avg = field.tokens as f64 / self.docs.max(1) as f64;
            let mut doc = 0;
            for _ in 0..count {
                doc += read_varint(s, &mut i);
                let v = read_varint(s, &mut i);
                let tf = if v & 1 == 1 {
                    read_varint(s, &mut i) + 2
                } else {
                    1
                };
                let len = f64::from(FieldNormReader::id_to_fieldnorm((v >> 1) as u8));
                let norm = k1 * (1.0 - b + b * len / avg.max(f64::MIN_POSITIVE));
                let tf = f64::from(tf);
                scores.push((doc, weight * tf / (tf + norm)));
            }
        }
    }
}

/// Writes `search/t/<group>…js` so that the client knows from the manifest alone which one
/// file holds a term (one round of requests per query): each term whose encoded postings
/// are longer than `heavy_term_bytes` marks its bucket `fnv1a(term) % buckets` heavy, and
/// every term of a heavy bucket goes to that bucket's own file `<group>h<bucket>.js` (a
/// query never loads another term's long posting list, but for the rare light term that
/// shares a heavy bucket), with the result rows of each of its terms' best `top_docs`
/// documents; the other terms go to `fnv1a(term) % shards` of about
/// [`TARGET_SHARD_BYTES`] each. Returns the layout per group and the number of files.
fn write_term_shards(
    terms: &[(char, String, String)],
    rows: &Rows,
    scoring: &Scoring,
    options: ExportOptions,
    out: &mut Out,
) -> Result<(BTreeMap<char, GroupFiles>, usize), SearchError> {
    let mut layout = BTreeMap::new();
    let mut files = 0;
    let mut shard_js =
        |id: &str, data: &BTreeMap<&str, &str>, docs: &BTreeSet<u32>| -> Result<(), SearchError> {
            let mut js = format!(
                "window.tsunaguSearchShard({},{}",
                serde_json::to_string(id)?,
                serde_json::to_string(data)?
            );
            if !docs.is_empty() {
                // [[doc, url, title, kind, area, audience, text(, readings)], …]
                let readings = id.starts_with('k');
                let with_ids: Vec<RowWithId> = docs
                    .iter()
                    .map(|&d| RowWithId(d, rows.get(d as usize, readings)))
                    .collect();
                js.push(',');
                js.push_str(&serde_json::to_string(&with_ids)?);
            }
            js.push_str(");\n");
            out.file(&format!("search/t/{id}.js"), js.as_bytes())
        };
    // a small site's terms are short: a lower threshold there gives its common terms
    // their own files with result rows too (the 10,000-page corpus keeps the option's)
    let small = (scoring.docs as usize / 4).max(128);
    let heavy_bytes = options.heavy_term_bytes.min(small);
    for group in GROUPS {
        // the group's (term, value, hash), in term order (`terms` is sorted)
        let in_group: Vec<(&str, &str, u32)> = terms
            .iter()
            .filter(|(g, _, _)| *g == group)
            .map(|(_, t, v)| (t.as_str(), v.as_str(), fnv1a(t)))
            .collect();
        let heavy_count = in_group
            .iter()
            .filter(|(_, v, _)| v.len() > heavy_bytes)
            .count();
        // sparse enough that few light terms share a heavy bucket
        let buckets = if heavy_count == 0 {
            0
        } else {
            (heavy_count as u32 * 16).next_power_of_two()
        };
        let heavy: BTreeSet<u32> = in_group
            .iter()
            .filter(|(_, v, _)| v.len() > heavy_bytes)
            .map(|(_, _, h)| h % buckets)
            .collect();
        let is_heavy = |h: u32| buckets > 0 && heavy.contains(&(h % buckets));
        let light: usize = in_group
            .iter()
            .filter(|(_, _, h)| !is_heavy(*h))
            .map(|(t, v, _)| t.len() + v.len() + 6)
            .sum();
        let count = light.div_ceil(TARGET_SHARD_BYTES).max(1);
        let mut shards: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); count];
        let mut own: BTreeMap<u32, (BTreeMap<&str, &str>, BTreeSet<u32>)> = BTreeMap::new();
        for &(term, value, h) in &in_group {
            if is_heavy(h) {
                let (bucket_terms, docs) = own.entry(h % buckets).or_default();
                bucket_terms.insert(term, value);
                docs.extend(scoring.top_docs(&[value], options.top_docs));
            } else {
                shards[(h % count as u32) as usize].insert(term, value);
            }
        }
        for (n, shard) in shards.iter().enumerate() {
            shard_js(&format!("{group}{n}"), shard, &BTreeSet::new())?;
            files += 1;
        }
        for (bucket, (terms, docs)) in &own {
            shard_js(&format!("{group}h{bucket}"), terms, docs)?;
            files += 1;
        }
        let mut list = String::new();
        let mut prev = 0;
        for &b in &heavy {
            varint(&mut list, b - prev);
            prev = b;
        }
        layout.insert(
            group,
            GroupFiles {
                shards: count,
                buckets,
                heavy: list,
            },
        );
    }
    Ok((layout, files))
}

/// Shard group of a field: `u` the unigram fields, `m` the others (title, body and reading:
/// a kana query searches all three, so one file serves it; and `reading_4`, whose terms
/// are all four characters long).
fn group_of(field: usize) -> char {
    if TEXT_FIELDS[field].grams == Grams::Unigrams {
        'u'
    } else {
        'm'
    }
}

/// The group of files a term of a field in `group` is in: `k` for the kana terms of `m`
/// (all that a kana-only query looks up there), else `group`. The rows in the heavy files
/// of `k` carry the readings of their words, which mark 地域食堂 for ちいきしょくどう;
/// the others' rows go without (they would be half as large again): a query with kanji
/// by a visitor who reads with furigana loads the doc shards of its results for them.
fn file_group(group: char, term: &str) -> char {
    if group == 'm' && term.chars().all(super::tokenize::is_kana) {
        'k'
    } else {
        group
    }
}

const GROUPS: [char; 3] = ['k', 'm', 'u'];

#[derive(Serialize)]
struct FieldStats {
    name: &'static str,
    boost: f32,
    /// Total tokens of the field over all docs (tantivy's `total_num_tokens`).
    tokens: u64,
    group: char,
    /// Characters per CJK token ([`Grams::size`]).
    grams: usize,
    reading: bool,
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: u32,
    docs: u64,
    k1: f32,
    b: f32,
    fields: Vec<FieldStats>,
    /// Which file holds a term, per group.
    terms: BTreeMap<char, GroupFiles>,
    #[serde(rename = "docShard")]
    doc_shard: usize,
    #[serde(rename = "textShard")]
    text_shard: usize,
    kinds: Vec<&'a str>,
    areas: Vec<&'a str>,
    audiences: Vec<&'a str>,
    /// The words of each of `kinds` and `areas` with their readings (as
    /// [`Snippet::title_readings`]), when the documents have readings.
    #[serde(rename = "kindWords", skip_serializing_if = "Vec::is_empty")]
    kind_words: Vec<&'a str>,
    #[serde(rename = "areaWords", skip_serializing_if = "Vec::is_empty")]
    area_words: Vec<&'a str>,
    /// Doc id → boost, for docs whose boost is not 1.
    boosts: BTreeMap<u32, f32>,
    variants: &'a [Vec<String>],
    /// [`ExportOptions::readings`].
    readings: bool,
}

/// What the browser export needs of a document: everything but its texts, and the start
/// of its body for snippets (made before the documents are indexed and let go).
pub struct Row {
    url: String,
    title: String,
    kind: String,
    area: String,
    audience: Vec<String>,
    boost: f32,
    /// [`SearchDoc::snippet`], or the start of the body.
    snippet: Snippet,
}

impl Row {
    pub fn new(d: &SearchDoc) -> Row {
        Row {
            url: d.url.clone(),
            title: d.title.clone(),
            kind: d.kind.clone(),
            area: d.area.clone(),
            audience: d.audience.clone(),
            boost: d.boost,
            snippet: d
                .snippet
                .clone()
                .unwrap_or_else(|| Snippet::of_body(&d.body)),
        }
    }
}

/// Where the export's files go, each as soon as it is made; counts their bytes.
pub struct Out<'a> {
    pub write: &'a mut super::WriteFile<'a>,
    pub bytes: usize,
}

impl Out<'_> {
    fn file(&mut self, path: &str, bytes: &[u8]) -> Result<(), SearchError> {
        self.bytes += bytes.len();
        (self.write)(path, bytes)
    }
}

/// The facet vocabularies: display names, sorted; a row refers to them by position.
struct Vocab<'a> {
    kinds: Vec<&'a str>,
    areas: Vec<&'a str>,
    audiences: Vec<&'a str>,
}

/// For each name of a vocabulary, the readings of its words, from the first row that has
/// the name (`field` gives a row's name and readings); none without `readings`.
fn vocab_words<'a>(
    names: &[&str],
    rows: &[&'a Row],
    readings: bool,
    field: impl Fn(&'a Row) -> (&'a String, &'a String),
) -> Vec<&'a str> {
    if !readings {
        return Vec::new();
    }
    let mut first: BTreeMap<&str, &str> = BTreeMap::new();
    for &row in rows {
        let (name, words) = field(row);
        first.entry(name.as_str()).or_insert(words.as_str());
    }
    names
        .iter()
        .map(|n| first.get(n).copied().unwrap_or(""))
        .collect()
}

fn idx(list: &[&str], s: &str) -> i64 {
    list.iter().position(|x| *x == s).map_or(-1, |i| i as i64)
}

/// The result rows in doc id order, with their vocabularies.
struct Rows<'a> {
    order: Vec<&'a Row>,
    vocab: Vocab<'a>,
    /// [`ExportOptions::readings`]: the rows of the doc shards and of the kana terms' heavy
    /// files then always have their snippets' readings (`""` for none), so that the client
    /// knows a row without them (from another heavy file) is not all a kana-only query
    /// needs.
    readings: bool,
}

impl Rows<'_> {
    /// Doc `doc`'s row; with its snippet's readings if `readings` (and the site has them).
    fn get(&self, doc: usize, readings: bool) -> Option<RowJson<'_>> {
        self.order.get(doc).map(|row| RowJson {
            row,
            vocab: &self.vocab,
            readings: readings && self.readings,
        })
    }
}

/// A result row as the browser reads it: `[url, title, kind, area, [audience…], text]`
/// (vocabulary positions, -1 for none); in the files that carry them (see [`file_group`]),
/// then the readings of the text's and of the title's words ([`Snippet::readings`],
/// [`Snippet::title_readings`]).
struct RowJson<'a> {
    row: &'a Row,
    vocab: &'a Vocab<'a>,
    /// The snippet's readings go with the row.
    readings: bool,
}

impl RowJson<'_> {
    fn elements<S: serde::ser::SerializeSeq>(&self, seq: &mut S) -> Result<(), S::Error> {
        let (r, v) = (self.row, self.vocab);
        let aud: Vec<i64> = r.audience.iter().map(|a| idx(&v.audiences, a)).collect();
        seq.serialize_element(&r.url)?;
        seq.serialize_element(&r.title)?;
        seq.serialize_element(&idx(&v.kinds, &r.kind))?;
        seq.serialize_element(&idx(&v.areas, &r.area))?;
        seq.serialize_element(&aud)?;
        seq.serialize_element(&r.snippet.text)?;
        if self.readings {
            seq.serialize_element(&r.snippet.readings)?;
            seq.serialize_element(&r.snippet.title_readings)?;
        }
        Ok(())
    }

    /// Elements in [`RowJson::elements`].
    fn len(&self) -> usize {
        if self.readings { 8 } else { 6 }
    }
}

impl Serialize for RowJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        self.elements(&mut seq)?;
        seq.end()
    }
}

/// `[doc, url, title, kind, area, [audience…], text(, readings, title readings)]`: a row
/// with its doc id, as a heavy term's file carries it (just `[doc]` for a doc id without a
/// row).
struct RowWithId<'a>(u32, Option<RowJson<'a>>);

impl Serialize for RowWithId<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq =
            serializer.serialize_seq(Some(1 + self.1.as_ref().map_or(0, RowJson::len)))?;
        seq.serialize_element(&self.0)?;
        if let Some(row) = &self.1 {
            row.elements(&mut seq)?;
        }
        seq.end()
    }
}

/// Writes `search/<dir>/<n>.js`: `window.<function>(n, <value as JSON>);`.
fn numbered_file(
    out: &mut Out,
    dir: &str,
    function: &str,
    n: usize,
    value: &impl Serialize,
) -> Result<(), SearchError> {
    let js = format!(
        "window.{function}({n},{});\n",
        serde_json::to_string(value)?
    );
    out.file(&format!("search/{dir}/{n}.js"), js.as_bytes())
}

/// A document's entry in `search/x/`: its text, or `[text, readings]` when its words have
/// readings ([`Snippet::readings`]).
#[derive(Serialize)]
#[serde(untagged)]
enum TextEntry<'a> {
    Plain(Cow<'a, str>),
    Read(Cow<'a, str>, &'a str),
}

/// Writes `search/x/<n>.js`, the texts of [`TEXTS_PER_SHARD`] documents a file (doc id
/// order): each document's body, white space collapsed, up to [`TEXT_CHARS`] characters,
/// with its words' readings when the document has them ([`SearchDoc::text`]); `""` when
/// its snippet holds all of it. The client loads them for the results whose title and
/// snippet do not show what the query found, to show it in an excerpt from further on.
/// Returns the number of files.
pub fn write_texts<D: std::borrow::Borrow<SearchDoc>>(
    docs: &[D],
    out: &mut Out,
) -> Result<usize, SearchError> {
    let mut files = 0;
    for (n, chunk) in docs.chunks(TEXTS_PER_SHARD).enumerate() {
        let texts: Vec<TextEntry> = chunk
            .iter()
            .map(|d| {
                let d = d.borrow();
                let (text, readings): (Cow<str>, &str) = match &d.text {
                    Some(t) => (t.text.as_str().into(), &t.readings),
                    None => (Snippet::collapsed(&d.body, TEXT_CHARS).into(), ""),
                };
                if text.chars().count() <= SNIPPET_CHARS {
                    TextEntry::Plain("".into())
                } else if readings.is_empty() {
                    TextEntry::Plain(text)
                } else {
                    TextEntry::Read(text, readings)
                }
            })
            .collect();
        numbered_file(out, "x", "tsunaguSearchTexts", n, &texts)?;
        files += 1;
    }
    Ok(files)
}

/// Writes the browser files for a built index into `out`; `docs` are the rows of the
/// documents in the order they were indexed.
pub fn export(
    built: &Built,
    docs: &[Row],
    variants: &Variants,
    options: ExportOptions,
    out: &mut Out,
) -> Result<SearchStats, SearchError> {
    let searcher = &built.searcher;
    let segments = searcher.segment_readers();
    let num_docs: u64 = segments.iter().map(|s| u64::from(s.max_doc())).sum();

    // doc id → docs[ord]
    let mut order: Vec<&Row> = Vec::with_capacity(docs.len());
    // (group, term, one field's encoded postings), field by field
    let mut pairs: Vec<(char, String, String)> = Vec::new();
    let mut pair_count = 0;
    let mut fields = Vec::new();
    for (fi, tf) in TEXT_FIELDS.iter().enumerate() {
        fields.push(FieldStats {
            name: tf.name,
            boost: tf.boost,
            tokens: 0,
            group: group_of(fi),
            grams: tf.grams.size(),
            reading: tf.reading(),
        });
    }
    if let Some(seg) = segments.first() {
        let ords = seg.fast_fields().u64("ord")?.first_or_default_col(0);
        for doc in 0..seg.max_doc() {
            let ord = ords.get_val(doc) as usize;
            order.push(docs.get(ord).ok_or_else(|| SearchError::Index {
                path: "search/tantivy".to_string(),
                problem: format!("doc {doc} has ord {ord} of {}", docs.len()),
            })?);
        }
        for (fi, &field) in built.fields.text.iter().enumerate() {
            let inverted = seg.inverted_index(field)?;
            fields[fi].tokens = inverted.total_num_tokens();
            let norms = seg.get_fieldnorms_reader(field)?;
            let mut stream = inverted.terms().stream()?;
            while let Some((key, info)) = stream.next() {
                let term = String::from_utf8_lossy(key).into_owned();
                let mut postings =
                    inverted.read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?;
                let mut enc = String::new();
                let mut count = 0u32;
                let mut prev = 0u32;
                while postings.doc() != TERMINATED {
                    let doc = postings.doc();
                    let tf = postings.term_freq();
                    varint(&mut enc, doc - prev);
                    let more = u32::from(tf > 1);
                    varint(&mut enc, (u32::from(norms.fieldnorm_id(doc)) << 1) | more);
                    if tf > 1 {
                        varint(&mut enc, tf - 2);
                    }
                    prev = doc;
                    count += 1;
                    postings.advance();
                }
                if count == 0 {
                    continue;
                }
                let mut value = String::with_capacity(enc.len() + 4);
                varint(&mut value, fi as u32);
                varint(&mut value, count);
                value.push_str(&enc);
                pairs.push((file_group(group_of(fi), &term), term, value));
                pair_count += 1;
            }
        }
    }
    // a term's values, field after field (the sort is stable, and the fields came in order)
    pairs.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut terms: Vec<(char, String, String)> = Vec::with_capacity(pairs.len());
    for (group, term, value) in pairs {
        match terms.last_mut() {
            Some((g, t, v)) if *g == group && *t == term => v.push_str(&value),
            _ => terms.push((group, term, value)),
        }
    }

    // vocabularies, result rows, doc shards, facets
    let kinds: BTreeSet<&str> = order
        .iter()
        .map(|d| d.kind.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    let areas: BTreeSet<&str> = order
        .iter()
        .map(|d| d.area.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    let audiences: BTreeSet<&str> = order
        .iter()
        .flat_map(|d| d.audience.iter().map(String::as_str))
        .collect();
    let vocab = Vocab {
        kinds: kinds.into_iter().collect(),
        areas: areas.into_iter().collect(),
        audiences: audiences.into_iter().collect(),
    };
    let rows = Rows {
        order,
        vocab,
        readings: options.readings,
    };
    let (
        order,
        Vocab {
            kinds,
            areas,
            audiences,
        },
    ) = (&rows.order, &rows.vocab);

    // doc id → [url, title, kind, area, audience, text], DOCS_PER_SHARD a file
    let mut doc_shards = 0;
    for n in 0..order.len().div_ceil(DOCS_PER_SHARD) {
        let chunk: Vec<RowJson> = (n * DOCS_PER_SHARD..((n + 1) * DOCS_PER_SHARD).min(order.len()))
            .filter_map(|d| rows.get(d, true))
            .collect();
        numbered_file(out, "d", "tsunaguSearchDocs", n, &chunk)?;
        doc_shards += 1;
    }
    let mut facet_kind = String::new();
    let mut facet_area = String::new();
    let mut facet_audience = String::new();
    let mut boosts = BTreeMap::new();
    for (id, d) in order.iter().enumerate() {
        varint(&mut facet_kind, (idx(kinds, &d.kind) + 1) as u32);
        varint(&mut facet_area, (idx(areas, &d.area) + 1) as u32);
        let mut aud: Vec<u32> = d
            .audience
            .iter()
            .map(|a| idx(audiences, a) as u32)
            .collect();
        aud.sort_unstable();
        aud.dedup();
        varint(&mut facet_audience, aud.len() as u32);
        for a in aud {
            varint(&mut facet_audience, a);
        }
        if d.boost != 1.0 {
            boosts.insert(id as u32, d.boost);
        }
    }

    let scoring = Scoring {
        docs: num_docs,
        fields: &fields,
        boosts: &boosts,
    };
    let (shard_counts, term_shards) = write_term_shards(&terms, &rows, &scoring, options, out)?;
    drop(terms);

    let facets =
        serde_json::json!({"kind": facet_kind, "area": facet_area, "audience": facet_audience});
    let js = format!(
        "window.tsunaguSearchFacets({});\n",
        serde_json::to_string(&facets)?
    );
    out.file("search/f.js", js.as_bytes())?;

    let manifest = Manifest {
        format: 4,
        docs: num_docs,
        k1: 1.2,
        b: 0.75,
        fields,
        terms: shard_counts,
        doc_shard: DOCS_PER_SHARD,
        text_shard: TEXTS_PER_SHARD,
        kind_words: vocab_words(kinds, order, options.readings, |d| {
            (&d.kind, &d.snippet.kind_readings)
        }),
        area_words: vocab_words(areas, order, options.readings, |d| {
            (&d.area, &d.snippet.area_readings)
        }),
        kinds: kinds.clone(),
        areas: areas.clone(),
        audiences: audiences.clone(),
        boosts,
        variants: variants.groups(),
        readings: options.readings,
    };
    let js = format!(
        "window.tsunaguSearchIndex={};\n",
        serde_json::to_string(&manifest)?
    );
    out.file("search/index.js", js.as_bytes())?;

    Ok(SearchStats {
        docs: rows.order.len(),
        terms: pair_count,
        term_shards,
        doc_shards,
        text_shards: 0,
        browser_bytes: 0,
        tantivy_bytes: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_use_five_bits_per_digit() {
        let mut s = String::new();
        for v in [0, 31, 32, 1023, 1024] {
            varint(&mut s, v);
        }
        assert_eq!(s, "AfgB_fggB");
    }

    #[test]
    fn read_varint_reads_what_varint_writes() {
        let mut s = String::new();
        let values = [0, 1, 31, 32, 1023, 1024, 70_000, (1 << 30) - 1];
        for v in values {
            varint(&mut s, v);
        }
        let mut i = 0;
        let back: Vec<u32> = values
            .iter()
            .map(|_| read_varint(s.as_bytes(), &mut i))
            .collect();
        assert_eq!(back, values);
        assert_eq!(i, s.len());
    }

    fn stats(name: &'static str, boost: f32, tokens: u64) -> FieldStats {
        FieldStats {
            name,
            boost,
            tokens,
            group: 'm',
            grams: 2,
            reading: false,
        }
    }

    /// One field's postings as the export encodes them: (doc, fieldnorm id, tf).
    fn postings(field: u32, list: &[(u32, u32, u32)]) -> String {
        let mut s = String::new();
        varint(&mut s, field);
        varint(&mut s, list.len() as u32);
        let mut prev = 0;
        for &(doc, norm, tf) in list {
            varint(&mut s, doc - prev);
            varint(&mut s, norm << 1 | u32::from(tf > 1));
            if tf > 1 {
                varint(&mut s, tf - 2);
            }
            prev = doc;
        }
        s
    }

    #[test]
    fn top_docs_ranks_by_bm25_over_fields_with_boosts() {
        let fields = [stats("title", 3.0, 40), stats("body", 1.0, 400)];
        let boosts = BTreeMap::from([(4, 0.5)]);
        let scoring = Scoring {
            docs: 10,
            fields: &fields,
            boosts: &boosts,
        };
        // doc 1: in a short title; doc 2: twice in a short body; doc 3: once in a long body;
        // doc 4: as doc 1 but boosted by 0.5; doc 5: as doc 2 (ties go to the lower doc)
        let title = postings(0, &[(1, 4, 1), (4, 4, 1)]);
        let body = postings(1, &[(2, 10, 2), (3, 60, 1), (5, 10, 2)]);
        let value = format!("{title}{body}");
        assert_eq!(scoring.top_docs(&[&value], 10), [1, 4, 2, 5, 3]);
        assert_eq!(scoring.top_docs(&[&value], 2), [1, 4]);
        // a second value (the reading term's title/body postings) adds up per doc
        let reading = postings(1, &[(3, 4, 3)]);
        assert_eq!(scoring.top_docs(&[&value, &reading], 1), [3]);
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
    }
}
