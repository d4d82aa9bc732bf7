//! Searching the tantivy index (`tsunagu search`): the query is built with tantivy's own
//! `BooleanQuery` / `TermQuery` / `BoostQuery` (no query parser), so the ranking is
//! tantivy's BM25; the browser client reproduces it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocId, Index, ReloadPolicy, Score, Searcher, SegmentReader, TantivyDocument, Term};

use super::index::{
    CONFIG_FILE, CONFIG_FORMAT, Fields, IndexConfig, TEXT_FIELDS, fields_of, register_tokenizers,
};
use super::tokenize::{QueryTokens, query_tokens};
use super::{SearchError, Variants};

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// tantivy's doc id (= the position in the `docs` given to `build`, = the export's id).
    pub doc: u32,
    /// Relative to the site root.
    pub url: String,
    pub title: String,
    pub kind: String,
    pub area: String,
    pub audience: Vec<String>,
    pub score: f32,
}

/// An opened index with its variants.
pub struct Opened {
    searcher: Searcher,
    fields: Fields,
    variants: Variants,
    readings: bool,
}

/// Searches the index in `index_dir` (`<output>/search/tantivy`): the best `limit` hits.
pub fn query(index_dir: &Path, q: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
    Opened::open(index_dir)?.search(q, limit)
}

/// The query for `tokens`, or `None` when the query has no token (it finds nothing).
pub fn build_query(fields: &Fields, tokens: &QueryTokens) -> Option<BooleanQuery> {
    if tokens.tokens.is_empty() {
        return None;
    }
    let musts = tokens
        .tokens
        .iter()
        .map(|tok| {
            let shoulds: Vec<(Occur, Box<dyn Query>)> = TEXT_FIELDS
                .iter()
                .zip(fields.text.iter())
                .filter(|(f, _)| f.grams == tok.grams && (!f.reading() || tokens.kana_only))
                .map(|(f, &field)| {
                    let term = TermQuery::new(
                        Term::from_field_text(field, &tok.text),
                        IndexRecordOption::WithFreqs,
                    );
                    let q: Box<dyn Query> = if f.boost == 1.0 {
                        Box::new(term)
                    } else {
                        Box::new(BoostQuery::new(Box::new(term), f.boost))
                    };
                    (Occur::Should, q)
                })
                .collect();
            let should: Box<dyn Query> = Box::new(BooleanQuery::new(shoulds));
            (Occur::Must, should)
        })
        .collect();
    Some(BooleanQuery::new(musts))
}

impl Opened {
    pub fn open(index_dir: &Path) -> Result<Opened, SearchError> {
        let err = |problem: String| SearchError::Index {
            path: index_dir.display().to_string(),
            problem,
        };
        if !index_dir.join("meta.json").is_file() {
            return Err(SearchError::NoIndex {
                path: index_dir.display().to_string(),
            });
        }
        let config_path: PathBuf = index_dir.join(CONFIG_FILE);
        let config: IndexConfig = serde_json::from_slice(&std::fs::read(&config_path)?)?;
        if config.format != CONFIG_FORMAT {
            return Err(err(format!(
                "unknown format {} in {CONFIG_FILE}",
                config.format
            )));
        }
        let variants = Variants::from_groups(config.variants)?;
        let index = Index::open_in_dir(index_dir)?;
        register_tokenizers(&index, Arc::new(variants.clone()));
        let fields = fields_of(&index.schema(), index_dir)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Opened {
            searcher: reader.searcher(),
            fields,
            variants,
            readings: config.readings,
        })
    }

    /// The best `limit` hits for `q`: BM25 × the doc's boost, ties by ascending doc id.
    pub fn search(&self, q: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let tokens = query_tokens(q, &self.variants, self.readings);
        let Some(query) = build_query(&self.fields, &tokens) else {
            return Ok(Vec::new());
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let collector = TopDocs::with_limit(limit).tweak_score(|segment: &SegmentReader| {
            let boosts = segment
                .fast_fields()
                .f64("boost")
                .ok()
                .map(|c| c.first_or_default_col(1.0));
            move |doc: DocId, score: Score| match &boosts {
                Some(b) => score * b.get_val(doc) as f32,
                None => score,
            }
        });
        let top = self.searcher.search(&query, &collector)?;
        let f = &self.fields;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = self.searcher.doc(addr)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            hits.push(Hit {
                doc: addr.doc_id,
                url: text(f.url),
                title: text(f.stored_title),
                kind: text(f.kind),
                area: text(f.area),
                audience: doc
                    .get_all(f.audience)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                score,
            });
        }
        Ok(hits)
    }
}
