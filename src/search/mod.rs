//! Offline Japanese search: a tantivy index built at build time, and a compact export of it
//! that a small dependency-free browser client (`assets/search/search.js`) searches from
//! `file://` as well as over HTTP.
//!
//! # Tokens
//! Character bigrams over normalized text (NFKC, katakana → hiragana, lower case; see
//! [`tokenize`]), spelling [`Variants`] replaced by their canonical spelling first. A
//! dictionary tokenizer cannot be shipped to the browser, bigrams can be computed there
//! exactly as here.
//!
//! # Fields and boosts
//! | field | contents | tokens | boost |
//! |---|---|---|---|
//! | `title` | the title | bigrams | 3.0 |
//! | `body` | the plain text | bigrams | 1.0 |
//! | `reading` | hiragana reading of title + body | bigrams | 1.0, only for kana-only queries |
//! | `title_1`, `body_1` | the same texts | one token per kanji/kana | 3.0, 1.0 |
//! | `reading_4` | the reading | four-character grams | 1.0, only for kana-only queries |
//! | `kind`, `area`, `audience` | display names, raw, stored | — | (facets) |
//! | `url` | stored | — | — |
//!
//! # Query semantics (Rust and the browser alike)
//! The query is tokenized like the index; repeated tokens count once. Every token is
//! required (AND). A token matches in any of its fields: a single kanji/kana token (a query
//! like 食, or 市 in 「市 窓口」) in the `*_1` fields, every other token in `title`/`body`,
//! plus `reading` when the query (normalized, before variants) is kana only. A kana-only
//! query's runs of four or more characters give four-character grams instead, looked up in
//! `reading_4` alone, so that their characters have to follow each other in the reading
//! (bigrams of kana are common: ちいきしょくどう would otherwise find a page with ちい, いき,
//! しょ … anywhere); not when the index was built without [`ExportOptions::readings`]
//! (no furigana engine, so no reading of the text). In
//! tantivy terms the query is `BooleanQuery(Must: [BooleanQuery(Should: [TermQuery ×
//! boost per field]) per token])`, scored by tantivy's BM25 (k1 = 1.2, b = 0.75); the sum is
//! then multiplied by the document's [`SearchDoc::boost`]. Ties go to the lower doc id
//! (the order of `docs` given to [`build`]). The browser computes every step in f32 like
//! tantivy; only the order in which tantivy adds the per-field and per-token scores can
//! differ, so scores agree to within a few ulps (the parity test allows 1e-4).
//!
//! # Output (paths under the output root)
//! - `search/index.js` — the manifest (`window.tsunaguSearchIndex = {…}`);
//! - `search/t/<group><n>.js` — term shards (group `m` title, body, reading and `reading_4`,
//!   `k` the kana terms of those, `u` unigrams; `n` = FNV-1a 32 of the term's UTF-8 modulo
//!   the group's shard count), and `search/t/<group>h<bucket>.js` the terms with long
//!   posting lists, with the result rows of their best documents (see `export.rs`);
//! - `search/d/<n>.js` — result rows of docs `n*D .. n*D+D`: url, title, facets, and the
//!   [`Snippet`] (the start of the text; with the readings and school grades of its words
//!   and the title's, which the client shows as ruby and by which a kana-only query marks
//!   the kanji it found), `search/f.js` — facets;
//! - `search/x/<n>.js` — longer texts, for an excerpt around a match that the title and
//!   snippet do not show (loaded for those results only);
//! - `search/tantivy/` — the tantivy index (for `tsunagu search`) and `tsunagu.json`.
//!
//! Everything under `search/` except `search/tantivy/` is byte-identical between two builds of
//! the same documents. The tantivy files are not: segment file names are random UUIDs and
//! `meta.json` records them (the index content — terms, postings, stored fields — is the
//! same).

mod export;
mod index;
mod query;
pub mod snippet;
pub mod tokenize;
mod variants;

use std::path::Path;
use std::sync::Arc;

pub use export::ExportOptions;
pub use query::{Hit, Opened, query};
pub use snippet::Snippet;
pub use variants::Variants;

/// One page to index.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SearchDoc {
    /// Relative to the site root, e.g. `resources/x/index.html`.
    pub url: String,
    pub title: String,
    /// Plain text.
    pub body: String,
    /// Hiragana reading of title + body; may be empty.
    pub reading: String,
    /// Display name, e.g. 施策 or ふれあい・いきいきサロン.
    pub kind: String,
    /// Display name or "".
    pub area: String,
    pub audience: Vec<String>,
    /// Multiplies the document's score; default 1.0.
    pub boost: f32,
    /// The text shown under the title in results, with the readings of its words and the
    /// title's: made by the site's furigana engine. Without it, the start of `body`.
    pub snippet: Option<Snippet>,
    /// The text of `search/x/` (the body, white space collapsed, up to
    /// [`TEXT_CHARS`](snippet::TEXT_CHARS) characters) with the readings of its words: made
    /// by the site's furigana engine, so that an excerpt from further on shows furigana
    /// and a hiragana query marks the kanji it found. Without it, the body's text alone.
    pub text: Option<Snippet>,
}

impl Default for SearchDoc {
    fn default() -> Self {
        SearchDoc {
            url: String::new(),
            title: String::new(),
            body: String::new(),
            reading: String::new(),
            kind: String::new(),
            area: String::new(),
            audience: Vec::new(),
            boost: 1.0,
            snippet: None,
            text: None,
        }
    }
}

/// What [`build`] produced.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct SearchStats {
    pub docs: usize,
    /// Distinct (field, term) pairs exported.
    pub terms: usize,
    pub term_shards: usize,
    pub doc_shards: usize,
    /// `search/x/` files (texts for excerpts).
    pub text_shards: usize,
    /// Bytes of the browser export (everything under `search/` but `search/tantivy/`).
    pub browser_bytes: usize,
    /// Bytes of `search/tantivy/`.
    pub tantivy_bytes: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index: {0}")]
    Json(#[from] serde_json::Error),
    #[error("variants.toml: {0}")]
    Variants(String),
    #[error("search document {url}: {problem}")]
    Doc { url: String, problem: String },
    #[error("search index at {path}: {problem}")]
    Index { path: String, problem: String },
    /// No index at `path` (the site was not built yet, or `--index` points elsewhere).
    #[error("search index at {path}: no search index here (run `tsunagu build` first)")]
    NoIndex { path: String },
}

/// Takes each file of the index as it is made: its path relative to the output root (under
/// `search/`) and its bytes.
pub type WriteFile<'a> = dyn FnMut(&str, &[u8]) -> Result<(), SearchError> + 'a;

/// Builds the tantivy index and its browser export for `docs`, appending the files to write
/// to `out` (paths relative to the output root, all under `search/`).
pub fn build(
    docs: &[SearchDoc],
    variants: &Variants,
    out: &mut Vec<(String, Vec<u8>)>,
) -> Result<SearchStats, SearchError> {
    build_with(docs, variants, ExportOptions::default(), out)
}

/// [`build`] with other choices for the browser export (tests use it to make small indexes
/// take the paths of large ones).
pub fn build_with(
    docs: &[SearchDoc],
    variants: &Variants,
    options: ExportOptions,
    out: &mut Vec<(String, Vec<u8>)>,
) -> Result<SearchStats, SearchError> {
    check(docs)?;
    let mut files = Vec::new();
    let rows = docs.iter().map(export::Row::new).collect();
    let stats = build_rows(
        rows,
        docs.iter().collect(),
        variants,
        options,
        &mut |path, bytes| {
            files.push((path.to_string(), bytes.to_vec()));
            Ok(())
        },
    )?;
    out.extend(files);
    Ok(stats)
}

/// [`build_with`] for a build that writes as it goes: each document is let go once it is
/// indexed, and each file is handed to `write` (path relative to the output root, bytes)
/// as soon as it is made, so that the site's search files are never all in memory at once.
/// The same files and bytes as [`build_with`]; on an error, files may have been written.
pub fn build_into(
    docs: Vec<SearchDoc>,
    variants: &Variants,
    options: ExportOptions,
    write: &mut WriteFile,
) -> Result<SearchStats, SearchError> {
    check(&docs)?;
    let rows: Vec<export::Row> = docs.iter().map(export::Row::new).collect();
    build_rows(rows, docs, variants, options, write)
}

/// Every document can be indexed: a url, a boost ≥ 0.
fn check(docs: &[SearchDoc]) -> Result<(), SearchError> {
    for d in docs {
        if !(d.boost.is_finite() && d.boost >= 0.0) {
            return Err(SearchError::Doc {
                url: d.url.clone(),
                problem: format!("boost must be a number ≥ 0, not {}", d.boost),
            });
        }
        if d.url.is_empty() {
            return Err(SearchError::Doc {
                url: d.title.clone(),
                problem: "empty url".to_string(),
            });
        }
    }
    Ok(())
}

/// Index `docs` (whose export rows are `rows`), then write the browser export and the
/// index's files.
fn build_rows<D: std::borrow::Borrow<SearchDoc> + Send>(
    rows: Vec<export::Row>,
    docs: Vec<D>,
    variants: &Variants,
    options: ExportOptions,
    write: &mut WriteFile,
) -> Result<SearchStats, SearchError> {
    let variants = Arc::new(variants.clone());
    // the texts go first: the documents are let go as they are indexed
    let mut out = export::Out { write, bytes: 0 };
    let text_shards = export::write_texts(&docs, &mut out)?;
    let text_bytes = out.bytes;
    let t = std::time::Instant::now();
    let built = index::build_index(docs, variants.clone(), options.split_min_docs)?;
    tracing::debug!(
        "search: tantivy index of {} docs in {:.2?}",
        rows.len(),
        t.elapsed()
    );
    let t = std::time::Instant::now();
    let mut out = export::Out { write, bytes: 0 };
    let mut stats = export::export(&built, &rows, &variants, options, &mut out)?;
    stats.browser_bytes = text_bytes + out.bytes;
    stats.text_shards = text_shards;
    drop(rows);
    tracing::debug!("search: browser export in {:.2?}", t.elapsed());
    let mut tantivy_bytes = 0;
    built.write_files(&mut |name, bytes| {
        tantivy_bytes += bytes.len();
        write(&format!("{}/{name}", index::TANTIVY_DIR), bytes)
    })?;
    let config = serde_json::to_vec(&index::IndexConfig::new(&variants, options.readings))?;
    tantivy_bytes += config.len();
    write(
        &format!("{}/{}", index::TANTIVY_DIR, index::CONFIG_FILE),
        &config,
    )?;
    stats.tantivy_bytes = tantivy_bytes;
    Ok(stats)
}

/// Opens the index written by [`build`] (`<output>/search/tantivy`).
pub fn open(index_dir: &Path) -> Result<Opened, SearchError> {
    query::Opened::open(index_dir)
}
