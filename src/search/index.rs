//! The tantivy side: schema, tokenizer registration, building the index in a RAM directory
//! and handing its files out (renamed so that two builds give the same bytes).

use std::borrow::Borrow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::directory::OwnedBytes;
use tantivy::directory::{Directory, RamDirectory};
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexSettings, IndexWriter, ReloadPolicy, Searcher, TantivyDocument};

use super::tokenize::{Grams, TsunaguTokenizer};
use super::{SearchDoc, SearchError, Variants};

pub const BIGRAM_TOKENIZER: &str = "tsunagu_bigram";
pub const UNIGRAM_TOKENIZER: &str = "tsunagu_unigram";
pub const QUADGRAM_TOKENIZER: &str = "tsunagu_quadgram";
/// Where the tantivy index goes, relative to the output root.
pub const TANTIVY_DIR: &str = "search/tantivy";
/// Our own file beside tantivy's: the variants table, needed at query time.
pub const CONFIG_FILE: &str = "tsunagu.json";
/// Memory for the single indexing thread: large enough that a site fits in one segment
/// (more segments are merged into one anyway, see [`build_index`]).
const WRITER_MEMORY: usize = 400_000_000;

/// Every this many documents, the memory of the documents indexed so far (the caller's,
/// let go one by one, and the writer's copies) goes back to the system: freed in small
/// pieces all over the heap, it would otherwise stay with the process while the indexing
/// memory grows beside it.
const TRIM_EVERY: usize = 5_000;

/// Which text of a [`SearchDoc`] a field indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Title,
    Body,
    Reading,
}

/// A searched text field.
pub struct TextField {
    pub name: &'static str,
    pub boost: f32,
    /// The tokens it holds; a query token is looked up in the fields of its kind.
    pub grams: Grams,
    pub source: Source,
}

impl TextField {
    /// A reading field is searched by kana-only queries alone.
    pub fn reading(&self) -> bool {
        self.source == Source::Reading
    }
}

/// Number of searched fields.
pub const TEXT_FIELD_COUNT: usize = 6;

/// The searched fields, in the order the browser export numbers them (0..6).
///
/// The reading has no unigram field: a query of one kana would find nearly every page by
/// the reading of one of its kanji, and indexing one would cost a quarter of the tokens.
/// A single kana still finds pages that have it in their title or text. It has a quadgram
/// field: a kana query's runs of four or more characters are looked up there (see
/// [`query_tokens`](super::tokenize::query_tokens)).
pub const TEXT_FIELDS: [TextField; TEXT_FIELD_COUNT] = [
    TextField {
        name: "title",
        boost: 3.0,
        grams: Grams::Bigrams,
        source: Source::Title,
    },
    TextField {
        name: "body",
        boost: 1.0,
        grams: Grams::Bigrams,
        source: Source::Body,
    },
    TextField {
        name: "reading",
        boost: 1.0,
        grams: Grams::Bigrams,
        source: Source::Reading,
    },
    TextField {
        name: "title_1",
        boost: 3.0,
        grams: Grams::Unigrams,
        source: Source::Title,
    },
    TextField {
        name: "body_1",
        boost: 1.0,
        grams: Grams::Unigrams,
        source: Source::Body,
    },
    TextField {
        name: "reading_4",
        boost: 1.0,
        grams: Grams::Quadgrams,
        source: Source::Reading,
    },
];

/// The schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub text: [Field; TEXT_FIELD_COUNT],
    pub url: Field,
    pub stored_title: Field,
    pub kind: Field,
    pub area: Field,
    pub audience: Field,
    /// The document's index in the `docs` given to `build` (fast).
    pub ord: Field,
    /// [`SearchDoc::boost`] (fast).
    pub boost: Field,
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TEXT_FIELDS.map(|f| {
        let tokenizer = match f.grams {
            Grams::Unigrams => UNIGRAM_TOKENIZER,
            Grams::Bigrams => BIGRAM_TOKENIZER,
            Grams::Quadgrams => QUADGRAM_TOKENIZER,
        };
        // no positions: no query uses them (the quadgram field is how a kana query's
        // characters have to follow each other)
        let record = IndexRecordOption::WithFreqs;
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record);
        b.add_text_field(
            f.name,
            TextOptions::default().set_indexing_options(indexing),
        )
    });
    let fields = Fields {
        text,
        url: b.add_text_field("url", STORED),
        stored_title: b.add_text_field("title_text", STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        area: b.add_text_field("area", STRING | STORED),
        audience: b.add_text_field("audience", STRING | STORED),
        ord: b.add_u64_field("ord", FAST),
        boost: b.add_f64_field("boost", FAST),
    };
    (b.build(), fields)
}

/// The fields of an opened index, checked against [`schema`].
pub fn fields_of(schema: &Schema, path: &Path) -> Result<Fields, SearchError> {
    let get = |name: &str| {
        schema.get_field(name).map_err(|_| SearchError::Index {
            path: path.display().to_string(),
            problem: format!("no field {name}: not a tsunagu search index"),
        })
    };
    let mut text = [Field::from_field_id(0); TEXT_FIELD_COUNT];
    for (slot, f) in text.iter_mut().zip(TEXT_FIELDS.iter()) {
        *slot = get(f.name)?;
    }
    Ok(Fields {
        text,
        url: get("url")?,
        stored_title: get("title_text")?,
        kind: get("kind")?,
        area: get("area")?,
        audience: get("audience")?,
        ord: get("ord")?,
        boost: get("boost")?,
    })
}

pub fn register_tokenizers(index: &Index, variants: Arc<Variants>) {
    let (bigram, unigram, quadgram) = TsunaguTokenizer::family(variants);
    let tokenizers = index.tokenizers();
    tokenizers.register(BIGRAM_TOKENIZER, TextAnalyzer::builder(bigram).build());
    tokenizers.register(UNIGRAM_TOKENIZER, TextAnalyzer::builder(unigram).build());
    tokenizers.register(QUADGRAM_TOKENIZER, TextAnalyzer::builder(quadgram).build());
}

/// `search/tantivy/tsunagu.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct IndexConfig {
    pub format: u32,
    pub variants: Vec<Vec<String>>,
    /// [`ExportOptions::readings`](super::ExportOptions::readings), needed at query time.
    pub readings: bool,
}

/// The [`IndexConfig::format`] this version writes and reads.
pub const CONFIG_FORMAT: u32 = 2;

impl IndexConfig {
    pub fn new(variants: &Variants, readings: bool) -> Self {
        IndexConfig {
            format: CONFIG_FORMAT,
            variants: variants.groups().to_vec(),
            readings,
        }
    }
}

/// A built index in RAM and its searcher.
pub struct Built {
    pub searcher: Searcher,
    pub fields: Fields,
    /// The RAM directory the index lives in (its files are read from here without a copy).
    ram: RamDirectory,
    index: Index,
}

/// From this many documents on, [`build_index`] indexes the first and second half on two
/// threads and merges the two: a large site's index is made after its pages, when the
/// other core would be idle (50,000 pages: tantivy 10.2 s → 7.5 s, merge included). Always
/// two parts, whatever the machine: the files do not depend on its number of cores.
pub const SPLIT_MIN_DOCS: usize = 20_000;

/// Indexes `docs` (in this order: doc id = position) into one segment in RAM: from
/// `split_min_docs` documents on, each half on a thread of its own, the two merged in order.
/// Each document is dropped once it is indexed (the caller may hand them over one by one).
pub fn build_index<D: Borrow<SearchDoc> + Send>(
    mut docs: Vec<D>,
    variants: Arc<Variants>,
    split_min_docs: usize,
) -> Result<Built, SearchError> {
    if docs.len() < split_min_docs.max(2) {
        let (ram, index) = index_part(docs, 0, variants)?;
        return open_built(ram, index);
    }
    let half = docs.len() / 2;
    let second = docs.split_off(half);
    let (first, second) = std::thread::scope(|scope| {
        let other = variants.clone();
        let second = scope.spawn(move || index_part(second, half, other));
        let first = index_part(docs, 0, variants.clone());
        let second = second.join().unwrap_or_else(|_| {
            Err(SearchError::Index {
                path: TANTIVY_DIR.to_string(),
                problem: "an indexing thread stopped".to_string(),
            })
        });
        (first, second)
    });
    let indexes = [first?.1, second?.1];
    let ram = RamDirectory::create();
    let index = tantivy::indexer::merge_indices(&indexes, ram.clone())?;
    drop(indexes);
    crate::site::release_free_memory();
    register_tokenizers(&index, variants);
    open_built(ram, index)
}

/// Indexes one run of documents (the first of them has ord `start`) into an index of its
/// own, in one segment.
fn index_part<D: Borrow<SearchDoc>>(
    docs: Vec<D>,
    start: usize,
    variants: Arc<Variants>,
) -> Result<(RamDirectory, Index), SearchError> {
    let (schema, f) = schema();
    let ram = RamDirectory::create();
    let index = Index::create(ram.clone(), schema, IndexSettings::default())?;
    register_tokenizers(&index, variants);
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(1, WRITER_MEMORY)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    for (i, d) in docs.into_iter().enumerate() {
        let d = d.borrow();
        let mut doc = TantivyDocument::new();
        for (tf, field) in TEXT_FIELDS.iter().zip(f.text.iter()) {
            let text = match tf.source {
                Source::Title => &d.title,
                Source::Body => &d.body,
                Source::Reading => &d.reading,
            };
            if !text.is_empty() {
                doc.add_text(*field, text);
            }
        }
        doc.add_text(f.url, &d.url);
        doc.add_text(f.stored_title, &d.title);
        doc.add_text(f.kind, &d.kind);
        doc.add_text(f.area, &d.area);
        for a in &d.audience {
            doc.add_text(f.audience, a);
        }
        doc.add_u64(f.ord, (start + i) as u64);
        doc.add_f64(f.boost, f64::from(d.boost));
        writer.add_document(doc)?;
        if i % TRIM_EVERY == TRIM_EVERY - 1 {
            crate::site::release_free_memory();
        }
    }
    crate::site::release_free_memory();
    writer.commit()?;
    // the indexing memory is free now: give it back before the export fills the heap again
    crate::site::release_free_memory();
    let ids = index.searchable_segment_ids()?;
    if ids.len() > 1 {
        writer.merge(&ids).wait()?;
    }
    writer.garbage_collect_files().wait()?;
    writer.wait_merging_threads()?;
    Ok((ram, index))
}

/// The searcher of a built index, which must have one segment.
fn open_built(ram: RamDirectory, index: Index) -> Result<Built, SearchError> {
    let fields = fields_of(&index.schema(), Path::new(TANTIVY_DIR))?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    if searcher.segment_readers().len() > 1 {
        return Err(SearchError::Index {
            path: TANTIVY_DIR.to_string(),
            problem: "the index has more than one segment after merging".to_string(),
        });
    }
    Ok(Built {
        searcher,
        fields,
        ram,
        index,
    })
}

impl Built {
    /// Hands each of the index's live files to `write` (name, bytes; sorted by name), read
    /// from the RAM directory without a copy; the searcher is let go first.
    pub fn write_files(self, write: &mut super::WriteFile) -> Result<(), SearchError> {
        let Built {
            searcher,
            ram,
            index,
            ..
        } = self;
        drop(searcher);
        let files = live_files(&index, &ram)?;
        drop(index);
        for (name, bytes) in deterministic_segment_ids(files)? {
            write(&name, &bytes)?;
        }
        Ok(())
    }
}

/// The index's live files: tantivy's managed files and `meta.json`, no lock files.
fn live_files(index: &Index, ram: &RamDirectory) -> Result<Vec<(String, Bytes)>, SearchError> {
    let dir = index.directory();
    let mut paths: Vec<PathBuf> = dir.list_managed_files().into_iter().collect();
    paths.push(PathBuf::from("meta.json"));
    paths.push(PathBuf::from(".managed.json"));
    paths.sort();
    paths.dedup();
    let mut files = Vec::new();
    for path in paths {
        let name = path.to_string_lossy().to_string();
        if name.starts_with(".tantivy-") || !dir.exists(&path).unwrap_or(false) {
            continue;
        }
        // the raw bytes, footer included, straight from the RAM directory (the managed
        // directory's `open_read` would strip tantivy's footer, `atomic_read` copies)
        let bytes = ram
            .open_read(&path)
            .map_err(|e| SearchError::Io(std::io::Error::other(e.to_string())))?
            .read_bytes()?;
        files.push((name, Bytes::Shared(bytes)));
    }
    Ok(files)
}

/// A file's bytes: shared with the RAM directory, or made here.
enum Bytes {
    Shared(OwnedBytes),
    Own(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Shared(b) => b.as_slice(),
            Bytes::Own(v) => v,
        }
    }
}

/// Tantivy names segments with random UUIDs; two builds of the same site must be
/// byte-identical, so each segment is renamed after a hash of its own files, and
/// `.managed.json` (written in hash-set order) is rewritten sorted.
fn deterministic_segment_ids(
    files: Vec<(String, Bytes)>,
) -> Result<Vec<(String, Bytes)>, SearchError> {
    let meta = files.iter().find(|(n, _)| n == "meta.json");
    let meta: serde_json::Value = match meta {
        Some((_, bytes)) => serde_json::from_slice(bytes)?,
        None => return Ok(files),
    };
    let old_ids: Vec<String> = meta["segments"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["segment_id"].as_str().map(String::from))
        .collect();
    // (old simple id, old hyphenated id, new simple id, new hyphenated id)
    let mut renames = Vec::new();
    for hyphenated in old_ids {
        let simple = hyphenated.replace('-', "");
        let mut hasher = blake3::Hasher::new();
        for (name, bytes) in files.iter().filter(|(n, _)| n.starts_with(&simple)) {
            hasher.update(&name.as_bytes()[simple.len()..]);
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        }
        let new_simple = hasher.finalize().to_hex()[..32].to_string();
        let new_hyphenated = format!(
            "{}-{}-{}-{}-{}",
            &new_simple[..8],
            &new_simple[8..12],
            &new_simple[12..16],
            &new_simple[16..20],
            &new_simple[20..]
        );
        renames.push((simple, hyphenated, new_simple, new_hyphenated));
    }
    let mut out: Vec<(String, Bytes)> = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        if name == ".managed.json" {
            continue;
        }
        if name == "meta.json" {
            let mut text = String::from_utf8(bytes.to_vec()).map_err(std::io::Error::other)?;
            for (_, old, _, new) in &renames {
                text = text.replace(old.as_str(), new);
            }
            // a merge of parts (see `build_index`) names their random ids in its payload
            if let Some(payload) = meta["payload"].as_str() {
                text = text.replace(&serde_json::to_string(payload)?, "null");
            }
            out.push((name, Bytes::Own(text.into_bytes())));
            continue;
        }
        let renamed = renames
            .iter()
            .find(|(old, ..)| name.starts_with(old.as_str()))
            .map(|(old, _, new, _)| format!("{new}{}", &name[old.len()..]));
        out.push((renamed.unwrap_or(name), bytes));
    }
    let mut managed: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
    managed.sort_unstable();
    let managed = serde_json::to_vec(&managed)?;
    out.push((".managed.json".to_string(), Bytes::Own(managed)));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}
