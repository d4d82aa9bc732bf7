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
//! | `title_1`, `body_1`, `reading_1` | the same texts | one token per kanji/kana | 3.0, 1.0, 1.0 |
//! | `kind`, `area`, `audience` | display names, raw, stored | — | (facets) |
//! | `url` | stored | — | — |
//!
//! # Query semantics (Rust and the browser alike)
//! The query is tokenized like the index; repeated tokens count once. Every token is
//! required (AND). A token matches in any of its fields: a single kanji/kana token (a query
//! like 食, or 市 in 「市 窓口」) in the `*_1` fields, every other token in `title`/`body`,
//! plus the reading fields when the query (normalized, before variants) is kana only. In
//! tantivy terms the query is `BooleanQuery(Must: [BooleanQuery(Should: [TermQuery ×
//! boost per field]) per token])`, scored by tantivy's BM25 (k1 = 1.2, b = 0.75); the sum is
//! then multiplied by the document's [`SearchDoc::boost`]. Ties go to the lower doc id
//! (the order of `docs` given to [`build`]). The browser computes every step in f32 like
//! tantivy; only the order in which tantivy adds the per-field and per-token scores can
//! differ, so scores agree to within a few ulps (the parity test allows 1e-4).
//!
//! # Output (paths under the output root)
//! - `search/index.js` — the manifest (`window.tsunaguSearchIndex = {…}`);
//! - `search/t/<group><n>.js` — term shards (group `m` title/body, `r` reading, `u` unigrams;
//!   `n` = FNV-1a 32 of the term's UTF-8 modulo the group's shard count); a term with a long
//!   posting list has its own file `<group><n>-<k>.js`, its shard holding just `k`;
//! - `search/d/<n>.js` — result metadata of docs `n*D .. n*D+D`, `search/f.js` — facets;
//! - `search/tantivy/` — the tantivy index (for `tsunagu search`) and `tsunagu.json`.
//!
//! Everything under `search/` except `search/tantivy/` is byte-identical between two builds of
//! the same documents. The tantivy files are not: segment file names are random UUIDs and
//! `meta.json` records them (the index content — terms, postings, stored fields — is the
//! same).

mod export;
mod index;
mod query;
pub mod tokenize;
mod variants;

use std::path::Path;
use std::sync::Arc;

pub use export::ExportOptions;
pub use query::{Hit, Opened, query};
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
}

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
    let variants = Arc::new(variants.clone());
    let t = std::time::Instant::now();
    let built = index::build_index(docs, variants.clone())?;
    tracing::debug!(
        "search: tantivy index of {} docs in {:.2?}",
        docs.len(),
        t.elapsed()
    );
    let t = std::time::Instant::now();
    let mut files = Vec::new();
    let mut stats = export::export(&built, docs, &variants, options, &mut files)?;
    tracing::debug!("search: browser export in {:.2?}", t.elapsed());
    stats.browser_bytes = files.iter().map(|(_, b)| b.len()).sum();
    let config = serde_json::to_vec(&index::IndexConfig::new(&variants))?;
    let tantivy_files = built
        .files
        .into_iter()
        .chain([(index::CONFIG_FILE.to_string(), config)]);
    for (name, bytes) in tantivy_files {
        stats.tantivy_bytes += bytes.len();
        files.push((format!("{}/{name}", index::TANTIVY_DIR), bytes));
    }
    out.extend(files);
    Ok(stats)
}

/// Opens the index written by [`build`] (`<output>/search/tantivy`).
pub fn open(index_dir: &Path) -> Result<Opened, SearchError> {
    query::Opened::open(index_dir)
}
