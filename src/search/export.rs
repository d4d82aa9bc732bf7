//! The browser export: the tantivy index's postings, field statistics and fieldnorms turned
//! into `.js` files that `assets/search/search.js` loads with `<script>` tags.
//!
//! Numbers are written as base-64 varints in JS strings (alphabet [`ALPHABET`]; each digit
//! carries 5 bits, bit 6 = "more digits follow", least significant group first). A term's
//! value in a term shard is, per field it occurs in: `field, count`, then per posting
//! `doc delta, fieldnorm id << 1 | (tf > 1)`, and `tf - 2` when tf > 1.
//!
//! Everything here is derived from the index and `docs` in doc id order, from sorted term
//! dictionaries and sorted maps: two builds of the same docs give the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, TERMINATED};

use super::index::{Built, TEXT_FIELDS};
use super::{SearchDoc, SearchError, SearchStats, Variants};

/// The varint digits (URL- and JS-string-safe).
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Aim for term shards of about this many bytes (a shard holds whole terms).
const TARGET_SHARD_BYTES: usize = 4_000;
/// A term whose encoded postings are longer than this gets a file of its own.
const HEAVY_TERM_BYTES: usize = 2_000;
/// Documents per `search/d/<n>.js`.
pub const DOCS_PER_SHARD: usize = 2;
/// Characters of body text kept for snippets.
pub const SNIPPET_CHARS: usize = 160;

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

/// Writes `search/t/<group><n>.js`: each term goes to shard `fnv1a(term) % count`; a
/// heavy term (value over [`HEAVY_TERM_BYTES`]) gets its own file `<group><n>-<k>.js` and its
/// shard holds the number `k` instead, so that a query never loads another term's long
/// posting list. Returns the shard count per group and the number of files.
fn write_term_shards(
    terms: &BTreeMap<(char, String), String>,
    out: &mut Vec<(String, Vec<u8>)>,
) -> Result<(BTreeMap<char, usize>, usize), SearchError> {
    let mut counts = BTreeMap::new();
    let mut files = 0;
    let shard_js = |id: &str, data: &str| -> Result<(String, Vec<u8>), SearchError> {
        let js = format!(
            "window.tsunaguSearchShard({},{data});\n",
            serde_json::to_string(id)?
        );
        Ok((format!("search/t/{id}.js"), js.into_bytes()))
    };
    for group in GROUPS {
        let in_group = || {
            terms
                .range((group, String::new())..)
                .take_while(|((g, _), _)| *g == group)
        };
        let light: usize = in_group()
            .filter(|(_, v)| v.len() <= HEAVY_TERM_BYTES)
            .map(|((_, t), v)| t.len() + v.len() + 6)
            .sum();
        let count = light.div_ceil(TARGET_SHARD_BYTES).max(1);
        counts.insert(group, count);
        let mut shards: Vec<BTreeMap<&str, serde_json::Value>> = vec![BTreeMap::new(); count];
        let mut heavy: Vec<Vec<(&str, &str)>> = vec![Vec::new(); count];
        for ((_, term), value) in in_group() {
            let n = (fnv1a(term) as usize) % count;
            if value.len() > HEAVY_TERM_BYTES {
                shards[n].insert(term, heavy[n].len().into());
                heavy[n].push((term, value));
            } else {
                shards[n].insert(term, value.as_str().into());
            }
        }
        for (n, shard) in shards.iter().enumerate() {
            let id = format!("{group}{n}");
            out.push(shard_js(&id, &serde_json::to_string(shard)?)?);
            files += 1;
            for (k, (term, value)) in heavy[n].iter().enumerate() {
                let one: BTreeMap<&str, &str> = [(*term, *value)].into();
                out.push(shard_js(
                    &format!("{id}-{k}"),
                    &serde_json::to_string(&one)?,
                )?);
                files += 1;
            }
        }
    }
    Ok((counts, files))
}

/// Shard group of a field: `m` title/body, `r` reading, `u` the unigram fields.
fn group_of(field: usize) -> char {
    match (TEXT_FIELDS[field].unigram, TEXT_FIELDS[field].reading) {
        (true, _) => 'u',
        (false, true) => 'r',
        (false, false) => 'm',
    }
}

const GROUPS: [char; 3] = ['m', 'r', 'u'];

#[derive(Serialize)]
struct FieldStats {
    name: &'static str,
    boost: f32,
    /// Total tokens of the field over all docs (tantivy's `total_num_tokens`).
    tokens: u64,
    group: char,
    unigram: bool,
    reading: bool,
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: u32,
    docs: u64,
    k1: f32,
    b: f32,
    fields: Vec<FieldStats>,
    /// Shard count per group.
    shards: BTreeMap<char, usize>,
    #[serde(rename = "docShard")]
    doc_shard: usize,
    kinds: Vec<&'a str>,
    areas: Vec<&'a str>,
    audiences: Vec<&'a str>,
    /// Doc id → boost, for docs whose boost is not 1.
    boosts: BTreeMap<u32, f32>,
    variants: &'a [Vec<String>],
}

/// Writes the browser files for a built index into `out`.
pub fn export(
    built: &Built,
    docs: &[SearchDoc],
    variants: &Variants,
    out: &mut Vec<(String, Vec<u8>)>,
) -> Result<SearchStats, SearchError> {
    let searcher = &built.searcher;
    let segments = searcher.segment_readers();
    let num_docs: u64 = segments.iter().map(|s| u64::from(s.max_doc())).sum();

    // doc id → docs[ord]
    let mut order: Vec<&SearchDoc> = Vec::with_capacity(docs.len());
    let mut terms: BTreeMap<(char, String), String> = BTreeMap::new();
    let mut pair_count = 0;
    let mut fields = Vec::new();
    for (fi, tf) in TEXT_FIELDS.iter().enumerate() {
        fields.push(FieldStats {
            name: tf.name,
            boost: tf.boost,
            tokens: 0,
            group: group_of(fi),
            unigram: tf.unigram,
            reading: tf.reading,
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
                let entry = terms.entry((group_of(fi), term)).or_default();
                varint(entry, fi as u32);
                varint(entry, count);
                entry.push_str(&enc);
                pair_count += 1;
            }
        }
    }

    let (shard_counts, term_shards) = write_term_shards(&terms, out)?;

    // vocabularies, doc shards, facets
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
    let kinds: Vec<&str> = kinds.into_iter().collect();
    let areas: Vec<&str> = areas.into_iter().collect();
    let audiences: Vec<&str> = audiences.into_iter().collect();
    let idx = |list: &[&str], s: &str| list.iter().position(|x| *x == s).map_or(-1, |i| i as i64);

    let mut doc_shards = 0;
    let mut facet_kind = String::new();
    let mut facet_area = String::new();
    let mut facet_audience = String::new();
    let mut boosts = BTreeMap::new();
    for (n, chunk) in order.chunks(DOCS_PER_SHARD).enumerate() {
        let rows: Vec<serde_json::Value> = chunk
            .iter()
            .map(|d| {
                let aud: Vec<i64> = d.audience.iter().map(|a| idx(&audiences, a)).collect();
                serde_json::json!([
                    d.url,
                    d.title,
                    idx(&kinds, &d.kind),
                    idx(&areas, &d.area),
                    aud,
                    snippet_text(&d.body)
                ])
            })
            .collect();
        let js = format!(
            "window.tsunaguSearchDocs({n},{});\n",
            serde_json::to_string(&rows)?
        );
        out.push((format!("search/d/{n}.js"), js.into_bytes()));
        doc_shards += 1;
    }
    for (id, d) in order.iter().enumerate() {
        varint(&mut facet_kind, (idx(&kinds, &d.kind) + 1) as u32);
        varint(&mut facet_area, (idx(&areas, &d.area) + 1) as u32);
        let mut aud: Vec<u32> = d
            .audience
            .iter()
            .map(|a| idx(&audiences, a) as u32)
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
    let facets =
        serde_json::json!({"kind": facet_kind, "area": facet_area, "audience": facet_audience});
    let js = format!(
        "window.tsunaguSearchFacets({});\n",
        serde_json::to_string(&facets)?
    );
    out.push(("search/f.js".to_string(), js.into_bytes()));

    let manifest = Manifest {
        format: 1,
        docs: num_docs,
        k1: 1.2,
        b: 0.75,
        fields,
        shards: shard_counts,
        doc_shard: DOCS_PER_SHARD,
        kinds,
        areas,
        audiences,
        boosts,
        variants: variants.groups(),
    };
    let js = format!(
        "window.tsunaguSearchIndex={};\n",
        serde_json::to_string(&manifest)?
    );
    out.push(("search/index.js".to_string(), js.into_bytes()));

    Ok(SearchStats {
        docs: order.len(),
        terms: pair_count,
        term_shards,
        doc_shards,
        browser_bytes: 0,
        tantivy_bytes: 0,
    })
}

/// The start of the body, white space collapsed, for snippets.
fn snippet_text(body: &str) -> String {
    let mut out = String::new();
    let mut n = 0;
    for word in body.split_whitespace() {
        if n > 0 {
            out.push(' ');
            n += 1;
        }
        for c in word.chars() {
            if n >= SNIPPET_CHARS {
                return out;
            }
            out.push(c);
            n += 1;
        }
        if n >= SNIPPET_CHARS {
            break;
        }
    }
    out
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
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn snippet_text_collapses_space_and_stops() {
        assert_eq!(snippet_text("  相談  窓口\n\nです "), "相談 窓口 です");
        assert_eq!(
            snippet_text(&"あ".repeat(500)).chars().count(),
            SNIPPET_CHARS
        );
    }
}
