//! Search: relevance on a hand-written corpus (tests/fixtures/search/docs.json, 60 pages of a
//! welfare portal), determinism of the browser export, the CLI, and the Rust half of the
//! Rust ↔ browser parity test.
//!
//! Expected rankings are derived from the documents by reasoning (which titles/readings
//! contain what, how long the fields are), not copied from the engine's output.
//!
//! The index is exported to `target/search-parity-site/` and the results of the parity
//! queries to `target/search-parity.json`; `tests/browser/search-parity.test.mjs` then runs
//! the same queries through `assets/search/search.js` and requires the same results.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tsunagu::search::{self, ExportOptions, Hit, SearchDoc, Variants};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn docs() -> Vec<SearchDoc> {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/search/docs.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn variants() -> Variants {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/search/variants.toml")).unwrap();
    Variants::parse_toml(&text).unwrap()
}

fn write_site(dir: &Path, files: &[(String, Vec<u8>)]) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).unwrap();
    }
    for (path, bytes) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

/// 60 pages have no term with long postings: a low threshold makes most terms "heavy" so
/// that the parity site has both kinds of term files (heavy buckets with result rows, and
/// light shards) as a large site has.
fn small_corpus_options() -> ExportOptions {
    ExportOptions {
        heavy_term_bytes: 24,
        top_docs: 3,
        ..ExportOptions::default()
    }
}

/// The fixture's site, built once: `target/search-parity-site/`.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let mut out = Vec::new();
        let stats =
            search::build_with(&docs(), &variants(), small_corpus_options(), &mut out).unwrap();
        assert_eq!(stats.docs, 60);
        let dir = repo().join("target/search-parity-site");
        write_site(&dir, &out);
        dir
    })
}

fn q(query: &str) -> Vec<Hit> {
    search::query(&site().join("search/tantivy"), query, 100).unwrap()
}

fn urls(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.url.as_str()).collect()
}

/// `resources/salon-x/index.html` → `salon-x`; plan pages keep their path (`plan/1/2/1`).
fn slug(url: &str) -> &str {
    let path = url.trim_end_matches("/index.html");
    if path.starts_with("plan/") {
        return path;
    }
    path.rsplit('/').next().unwrap_or(path)
}

fn slugs(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| slug(&h.url)).collect()
}

fn sorted(mut v: Vec<&str>) -> Vec<&str> {
    v.sort_unstable();
    v
}

/// Docs whose title or body contains every one of `words` (plain substring search).
fn containing(words: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = docs()
        .into_iter()
        .filter(|d| {
            words
                .iter()
                .all(|w| d.title.contains(w) || d.body.contains(w))
        })
        .map(|d| slug(&d.url).to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn kanji_query_ranks_pages_with_it_in_the_title_first() {
    // 地域食堂 is in the title of exactly these four pages (title boost 3); five more
    // mention it once in their body.
    let hits = q("地域食堂");
    let titled = [
        "shokudo-minna",
        "shokudo-hamamura",
        "plan/1/2/1",
        "2025-05-shokudo-map",
    ];
    assert_eq!(
        sorted(slugs(&hits)[..4].to_vec()),
        sorted(titled.to_vec()),
        "{:?}",
        slugs(&hits)
    );
    // AND of 地域・域食・食堂: 域食 only occurs inside 地域食堂
    assert_eq!(sorted(slugs(&hits)), containing(&["地域食堂"]));
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn hiragana_reading_finds_the_places() {
    // readings with ちいきしょくどう: the two 地域食堂 resources (short readings), the measure
    // and the news item (longer readings) — the resources come first.
    let hits = q("ちいきしょくどう");
    assert_eq!(hits.len(), 4, "{:?}", slugs(&hits));
    assert_eq!(
        sorted(slugs(&hits)[..2].to_vec()),
        ["shokudo-hamamura", "shokudo-minna"]
    );
    assert_eq!(hits[0].kind, "地域食堂・こども食堂");

    // こども is a variant of 子ども: the three 子ども／こども／子供 食堂 have it in their
    // title (子ど, ども ×3) and their reading (all tokens), and short fields.
    let hits = q("こどもしょくどう");
    let top3 = sorted(slugs(&hits)[..3].to_vec());
    assert_eq!(
        top3,
        ["shokudo-egao", "shokudo-himawari", "shokudo-kodomo-kitchen"]
    );
}

#[test]
fn a_kana_query_needs_its_characters_in_a_row_in_the_reading() {
    // The salon's reading has every bigram of ちいきしょくどう (ちい いき きし しょ ょく くど
    // どう), but not in a row; only the 食堂's reading has the word itself.
    let page = |url: &str, title: &str, reading: &str| SearchDoc {
        url: url.to_string(),
        title: title.to_string(),
        body: title.to_string(),
        reading: reading.to_string(),
        ..SearchDoc::default()
    };
    let docs = [
        page("shokudo/", "地域食堂", "ちいきしょくどう"),
        page(
            "salon/",
            "サロン",
            "ちいきの いきいき きしゃ しょくば くどう",
        ),
    ];
    let found = |readings: bool| {
        let options = ExportOptions {
            readings,
            ..ExportOptions::default()
        };
        let mut out = Vec::new();
        search::build_with(&docs, &Variants::default(), options, &mut out).unwrap();
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path(), &out);
        let hits = search::query(&dir.path().join("search/tantivy"), "ちいきしょくどう", 5);
        let urls: Vec<String> = hits.unwrap().into_iter().map(|h| h.url).collect();
        urls
    };
    assert_eq!(found(true), ["shokudo/"]);
    // an index without readings (no furigana engine) keeps to bigrams: both pages match
    assert_eq!(
        sorted(found(false).iter().map(String::as_str).collect()),
        ["salon/", "shokudo/"]
    );
}

#[test]
fn a_place_name_typed_in_hiragana_comes_first() {
    assert_eq!(
        slugs(&q("まつのみかい")),
        ["salon-matsunomi"],
        "松の実会, read まつのみかい"
    );
    assert_eq!(slugs(&q("せいねんこうけん"))[0], "kouken-center");
    assert_eq!(slugs(&q("ほっとあい")), ["hotto-ai"]);
    assert_eq!(slugs(&q("ﾎｯﾄｱｲ")), ["hotto-ai"], "half-width katakana");
}

#[test]
fn katakana_half_width_and_hiragana_are_the_same_query() {
    let hits = q("サロン");
    assert_eq!(hits, q("ｻﾛﾝ"));
    assert_eq!(hits, q("さろん"));
    // ゆうひ has サロン in its title, reading and body; the ふたば twins (same length) only
    // in title and reading; identical twins tie and the lower doc id goes first.
    assert_eq!(
        slugs(&hits)[..3],
        ["salon-yuuhi", "salon-futaba-1", "salon-futaba-2"]
    );
    assert_eq!(hits[1].score, hits[2].score);
}

#[test]
fn one_character_queries_use_the_unigram_fields() {
    // 食 as a whole word nowhere, but inside 食堂, 給食, 食事, 食品, 昼食 …
    let hits = q("食");
    assert_eq!(sorted(slugs(&hits)), containing(&["食"]));
    assert!(hits.len() > 10);
    // a kanji that only ends a word (給食 is not in the corpus, 昼食 is)
    assert!(slugs(&q("昼")).contains(&"shokudo-kodomo-kitchen"));
}

#[test]
fn variants_give_identical_results() {
    let hits = q("子ども食堂");
    assert!(hits.len() >= 5);
    for v in ["子供食堂", "こども食堂", "コドモ食堂", "ｺﾄﾞﾓ食堂"] {
        assert_eq!(hits, q(v), "{v}");
    }
    let hits = q("障がい");
    assert_eq!(hits, q("障害"));
    // 障害 is written 障害 in plan/3/2/1 and 障がい in the 相談支援センター
    assert!(slugs(&hits).contains(&"plan/3/2/1") && slugs(&hits).contains(&"shougai-soudan"));
}

#[test]
fn words_separated_by_space_are_all_required() {
    let hits = q("権利擁護 相談");
    assert_eq!(
        sorted(slugs(&hits)),
        ["hotto-ai", "houkatsu-miho", "kouken-center"]
    );
    assert_eq!(sorted(slugs(&hits)), containing(&["権利擁護", "相談"]));
    assert!(
        q("権利擁護　宇宙").is_empty(),
        "full-width space separates too"
    );
}

#[test]
fn latin_and_digits_full_or_half_width() {
    let hits = q("NPO");
    assert_eq!(hits, q("ＮＰＯ"));
    assert_eq!(hits, q("npo"));
    assert_eq!(
        slugs(&hits),
        ["npo", "volunteer-center"],
        "title match first"
    );
    assert_eq!(slugs(&q("ＡＢＣ１２３")), ["2025-10-sns"]);
    assert_eq!(
        sorted(slugs(&q("２０２５"))),
        ["2025-04-salon-kenshu", "plan/4/1/1"]
    );
    assert!(
        q("abc").is_empty(),
        "a Latin run is one token: abc123 is not abc"
    );
}

#[test]
fn queries_without_hits_or_tokens() {
    for query in ["宇宙ステーション", "xyz", "、。！", "", "   "] {
        assert!(q(query).is_empty(), "{query}");
    }
    assert!(
        search::query(&site().join("search/tantivy"), "サロン", 0)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn hits_carry_the_display_fields_and_limit_applies() {
    let hits = search::query(&site().join("search/tantivy"), "相談", 3).unwrap();
    assert_eq!(hits.len(), 3);
    let all = q("相談");
    assert_eq!(hits[..], all[..3]);
    let hotto = &q("ほっとあい")[0];
    assert_eq!(hotto.title, "権利擁護センター ほっとあい");
    assert_eq!(hotto.kind, "権利擁護");
    assert_eq!(hotto.area, "市全域");
    assert_eq!(hotto.audience, ["高齢者", "障がいのある人"]);
}

#[test]
fn doc_boost_multiplies_the_score() {
    // the FAQ page has boost 0.5: rebuilt with 1.0, its score doubles
    let boosted = q("よくある質問");
    assert_eq!(slugs(&boosted), ["faq"]);
    let mut plain = docs();
    for d in &mut plain {
        d.boost = 1.0;
    }
    let mut out = Vec::new();
    search::build(&plain, &variants(), &mut out).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), &out);
    let unboosted = search::query(&dir.path().join("search/tantivy"), "よくある質問", 5).unwrap();
    assert!((unboosted[0].score * 0.5 - boosted[0].score).abs() < 1e-6);
}

#[test]
fn browser_export_is_byte_identical_between_builds() {
    let build = || {
        let mut out = Vec::new();
        search::build_with(&docs(), &variants(), small_corpus_options(), &mut out).unwrap();
        out.retain(|(p, _)| !p.starts_with("search/tantivy/"));
        out.sort();
        out
    };
    let (a, b) = (build(), build());
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two builds");
    }
    assert!(a.iter().any(|(p, _)| p == "search/index.js"));
    let light = |p: &str| {
        p.strip_prefix("search/t/m")
            .and_then(|n| n.strip_suffix(".js"))
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
    };
    assert!(a.iter().any(|(p, _)| light(p)), "light shards");
    // a heavy bucket's file carries result rows after the terms: …,[[doc,"url",…]]);
    let heavy: Vec<&str> = a
        .iter()
        .filter(|(p, _)| p.starts_with("search/t/mh"))
        .map(|(_, b)| std::str::from_utf8(b).unwrap())
        .collect();
    assert!(!heavy.is_empty(), "heavy buckets");
    assert!(
        heavy.iter().all(|js| js.contains("},[[")),
        "rows in every heavy file"
    );
    assert!(a.iter().any(|(p, _)| p == "search/d/0.js"));
}

/// A large site's index is made in two halves on two threads and merged
/// (`ExportOptions::split_min_docs`): the browser files are the ones a single part gives,
/// the tantivy index answers every query alike with the same doc ids, and two builds give
/// the same bytes.
#[test]
fn an_index_made_in_two_parts_is_the_one_made_in_one() {
    let build = |split_min_docs: usize| {
        let options = ExportOptions {
            split_min_docs,
            ..small_corpus_options()
        };
        let mut out = Vec::new();
        search::build_with(&docs(), &variants(), options, &mut out).unwrap();
        out.sort();
        out
    };
    let one = build(usize::MAX);
    let two = build(2);
    assert_eq!(two, build(2), "two builds in two parts differ");
    let browser = |files: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .filter(|(p, _)| !p.starts_with("search/tantivy/"))
            .cloned()
            .collect()
    };
    let (b1, b2) = (browser(&one), browser(&two));
    assert!(b1.len() > 20, "{} browser files", b1.len());
    assert_eq!(b1.len(), b2.len());
    for ((p1, x1), (p2, x2)) in b1.iter().zip(&b2) {
        assert_eq!(p1, p2);
        assert!(x1 == x2, "{p1} differs when the index is made in two parts");
    }
    // the merged index is not the same bytes (its store is two parts'), but one segment
    // whose documents answer alike
    assert_ne!(one, two, "the test must make a merged index");
    let dir = tempfile::tempdir().unwrap();
    write_site(&dir.path().join("one"), &one);
    write_site(&dir.path().join("two"), &two);
    let meta = std::fs::read_to_string(dir.path().join("two/search/tantivy/meta.json")).unwrap();
    assert_eq!(meta.matches("segment_id").count(), 1, "{meta}");
    let mut answered = 0;
    for query in [
        "地域食堂",
        "ちいきしょくどう",
        "サロン",
        "相談",
        "食",
        "見守り",
        "ボランティア",
        "こども",
        "湖東",
        "あ",
    ] {
        let a = search::query(&dir.path().join("one/search/tantivy"), query, 100).unwrap();
        let b = search::query(&dir.path().join("two/search/tantivy"), query, 100).unwrap();
        assert_eq!(a, b, "{query}");
        answered += usize::from(!a.is_empty());
    }
    assert!(answered >= 8, "only {answered} queries found anything");
}

#[test]
fn build_into_writes_the_files_build_with_returns() {
    // A build streams the search files to the output as they are made (build_into); they
    // must be the files, in the order and with the bytes, of the in-memory build.
    let mut held = Vec::new();
    let held_stats =
        search::build_with(&docs(), &variants(), small_corpus_options(), &mut held).unwrap();
    let mut streamed: Vec<(String, Vec<u8>)> = Vec::new();
    let streamed_stats =
        search::build_into(docs(), &variants(), small_corpus_options(), &mut |p, b| {
            streamed.push((p.to_string(), b.to_vec()));
            Ok(())
        })
        .unwrap();
    assert_eq!(streamed_stats, held_stats);
    assert_eq!(streamed.len(), held.len());
    for ((pa, ba), (pb, bb)) in streamed.iter().zip(&held) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs");
    }
    // Bad documents are found before anything is written.
    let bad = SearchDoc {
        url: "x.html".into(),
        boost: -1.0,
        ..SearchDoc::default()
    };
    let mut written = 0;
    let result = search::build_into(
        vec![docs()[0].clone(), bad],
        &Variants::default(),
        ExportOptions::default(),
        &mut |_, _| {
            written += 1;
            Ok(())
        },
    );
    assert!(result.is_err());
    assert_eq!(written, 0);
}

#[test]
fn build_rejects_bad_documents() {
    let bad = SearchDoc {
        url: "x.html".into(),
        boost: f32::NAN,
        ..SearchDoc::default()
    };
    assert!(search::build(&[bad], &Variants::default(), &mut Vec::new()).is_err());
    let nameless = SearchDoc {
        title: "題".into(),
        ..SearchDoc::default()
    };
    assert!(search::build(&[nameless], &Variants::default(), &mut Vec::new()).is_err());
    let mut out = Vec::new();
    let stats = search::build(&[], &Variants::default(), &mut out).unwrap();
    assert_eq!(stats.docs, 0);
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), &out);
    assert!(
        search::query(&dir.path().join("search/tantivy"), "地域", 5)
            .unwrap()
            .is_empty()
    );
    assert!(search::query(&dir.path().join("nowhere"), "地域", 5).is_err());
}

#[test]
fn cli_prints_ranked_results() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["search", "地域食堂", "--json", "--limit", "2", "--index"])
        .arg(site())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let want = q("地域食堂");
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0]["url"], want[0].url.as_str());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["--lang", "en", "search", "まつのみかい", "--index"])
        .arg(site().join("search/tantivy"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("ふれあい・いきいきサロン 松の実会"),
        "{stdout}"
    );
    assert!(stdout.contains("resources/salon-matsunomi/index.html"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["search", "地域", "--root", "/nonexistent-site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

/// Queries for the parity test: every kind of input the browser must handle like tantivy.
const PARITY_QUERIES: &[&str] = &[
    // kanji
    "地域食堂",
    "相談窓口",
    "権利擁護",
    "成年後見制度",
    "地域福祉",
    "高齢者",
    "見守り",
    "社会福祉協議会",
    "支援",
    "地区",
    // hiragana (reading field)
    "ちいきしょくどう",
    "こどもしょくどう",
    "まつのみかい",
    "せいねんこうけん",
    "ほっとあい",
    "そうだん",
    "えしこに",
    // katakana, half-width katakana
    "サロン",
    "ｻﾛﾝ",
    "ボランティア",
    "ﾎﾞﾗﾝﾃｨｱ",
    "センター",
    "ネットワーク",
    // Latin and digits, full and half width
    "NPO",
    "ＮＰＯ",
    "ＡＢＣ１２３",
    "abc123",
    "2025",
    "２０２５",
    "SNS",
    "JIS",
    // one character
    "食",
    "市",
    "の",
    "サ",
    "昼",
    // several words
    "権利擁護 相談",
    "地域食堂 湖山",
    "サロン　体操",
    "高齢者 虐待 通報",
    // variants
    "子供食堂",
    "子ども食堂",
    "こども食堂",
    "障害",
    "障がい",
    // mixed
    "NPO法人",
    "ふれあい・いきいきサロン",
    "Tiếng Việt",
    "0857",
    // no hits
    "宇宙ステーション",
    "xyz",
    "、。",
    "",
];

/// The fixture's index built as for a site without the furigana engine (readings are then
/// only 名称_カナ, and kana queries use bigrams): `target/search-parity-site-plain/`, built
/// once (two tests read it: each writing it again raced, one deleting what the other read).
fn plain_site() -> PathBuf {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let mut out = Vec::new();
        let options = ExportOptions {
            readings: false,
            ..small_corpus_options()
        };
        search::build_with(&docs(), &variants(), options, &mut out).unwrap();
        let dir = repo().join("target/search-parity-site-plain");
        write_site(&dir, &out);
        dir
    })
    .clone()
}

/// tantivy's tokens and top 10 for every parity query on the index in `site`.
fn parity_cases(site: &Path, readings: bool) -> (Vec<serde_json::Value>, usize) {
    let index = site.join("search/tantivy");
    let mut queries = Vec::new();
    let mut with_hits = 0;
    for &query in PARITY_QUERIES {
        let hits = search::query(&index, query, 10).unwrap();
        with_hits += usize::from(!hits.is_empty());
        let tokens = search::tokenize::query_tokens(query, &variants(), readings);
        queries.push(serde_json::json!({
            "q": query,
            "tokens": tokens.tokens.iter().map(|t| &t.text).collect::<Vec<_>>(),
            "kanaOnly": tokens.kana_only,
            "hits": hits.iter().map(|h| serde_json::json!({
                "doc": h.doc, "url": h.url, "score": h.score
            })).collect::<Vec<_>>(),
        }));
    }
    (queries, with_hits)
}

#[test]
fn parity_results_for_the_browser_client() {
    assert!(PARITY_QUERIES.len() >= 40);
    let (queries, with_hits) = parity_cases(site(), true);
    assert!(
        with_hits >= 35,
        "most parity queries should find something: {with_hits}"
    );
    let plain = plain_site();
    let (plain_queries, plain_hits) = parity_cases(&plain, false);
    assert!(plain_hits >= 30, "without readings: {plain_hits}");
    let json = serde_json::json!({
        "site": site(),
        "queries": queries,
        "plain": { "site": plain, "queries": plain_queries },
    });
    let path = repo().join("target/search-parity.json");
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    // touch urls() so the helper is used by at least one test in every configuration
    assert!(urls(&q("えしこに")).contains(&"resources/eshikoni/index.html"));
}

/// A small site makes its search index beside the pages, a large one after them (to bound
/// memory): the same files either way, for the example portal.
#[test]
fn the_index_made_beside_the_pages_is_the_one_made_after_them() {
    use tsunagu::diagnostics::Diagnostics;
    use tsunagu::site::{Reuse, build_in_memory_with};
    let build = |search_after_pages| {
        let mut diags = Diagnostics::default();
        let reuse = Reuse {
            search_after_pages,
            ..Reuse::default()
        };
        let built = build_in_memory_with(&repo(), &reuse, &mut diags).expect("builds");
        assert!(!diags.has_errors());
        built
    };
    let beside = build(false);
    let after = build(true);
    let search_files = |b: &tsunagu::site::Built| -> Vec<(String, Vec<u8>)> {
        b.files
            .iter()
            .filter(|(path, _)| path.starts_with("search/"))
            .cloned()
            .collect()
    };
    let made = search_files(&beside);
    assert!(
        made.iter().any(|(p, _)| p == "search/index.js"),
        "the manifest"
    );
    assert!(made.iter().any(|(p, _)| p.starts_with("search/tantivy/")));
    assert!(made.len() > 100, "{} search files", made.len());
    assert!(made == search_files(&after), "the same search files");
    assert!(beside.pages == after.pages, "the same pages");
}

/// The arguments of an export file's one call, `window.f(a, b, …);`.
fn call_args(path: &str, bytes: &[u8]) -> Vec<serde_json::Value> {
    let js = std::str::from_utf8(bytes).unwrap().trim_end();
    let args = js
        .split_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(");"))
        .unwrap_or_else(|| panic!("{path}: not a call"));
    serde_json::from_str(&format!("[{args}]")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The rows of a `search/d/<n>.js` or `search/t/<id>.js` file (a heavy file's rows start
/// with their doc id, which is dropped here).
fn rows_of(path: &str, bytes: &[u8]) -> Vec<Vec<serde_json::Value>> {
    let args = call_args(path, bytes);
    let rows = if path.starts_with("search/d/") {
        args.get(1).cloned()
    } else {
        args.get(2).cloned()
    };
    let mut rows: Vec<Vec<serde_json::Value>> = rows
        .map(|r| serde_json::from_value(r).unwrap())
        .unwrap_or_default();
    if path.starts_with("search/t/") {
        for row in &mut rows {
            row.remove(0);
        }
        rows.retain(|r| !r.is_empty());
    }
    rows
}

/// The files of the example portal, built in memory once for the tests that read them.
fn example_files() -> &'static [(String, Vec<u8>)] {
    static FILES: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        let mut diags = tsunagu::diagnostics::Diagnostics::default();
        let built = tsunagu::site::build_in_memory(&repo(), &mut diags).expect("builds");
        assert!(!diags.has_errors());
        built.files
    })
}

/// A text's words with their readings and grades: (the word as the UTF-16 positions cut it,
/// reading, grade), from `readings` as the export writes them.
fn words_of(text: &str, readings: &serde_json::Value) -> Vec<(String, String, u8)> {
    let text: Vec<u16> = text.encode_utf16().collect();
    let mut end = 0;
    search::Snippet::words(readings.as_str().unwrap())
        .into_iter()
        .map(|w| {
            assert!(
                w.start >= end && w.len > 0,
                "in order, not overlapping: {w:?}"
            );
            end = w.start + w.len;
            let word = String::from_utf16(&text[w.start..end]).expect("cut between characters");
            assert!((1..=7).contains(&w.grade), "{word}: grade {}", w.grade);
            (word, w.reading, w.grade)
        })
        .collect()
}

#[test]
fn result_rows_carry_the_readings_of_their_words_where_a_kana_query_or_furigana_needs_them() {
    let files = example_files();
    let mut words = std::collections::BTreeMap::new();
    let (mut doc_rows, mut kana_rows, mut other_rows) = (0, 0, 0);
    for (path, bytes) in files {
        let kana_file = path.starts_with("search/t/k");
        if !(path.starts_with("search/d/") || path.starts_with("search/t/")) {
            continue;
        }
        for row in rows_of(path, bytes) {
            if path.starts_with("search/d/") || kana_file {
                // the doc shards and the kana terms' files (all that a kana-only query
                // loads): every row has the readings of its snippet's and title's words
                assert_eq!(row.len(), 8, "{path}: {row:?}");
                let title = row[1].as_str().unwrap();
                let snippet = row[5].as_str().unwrap();
                let both = words_of(snippet, &row[6])
                    .into_iter()
                    .chain(words_of(title, &row[7]));
                for (word, reading, grade) in both {
                    assert!(
                        !word.contains(char::is_whitespace),
                        "{path}: a word has no space: {word}"
                    );
                    assert!(
                        reading
                            .chars()
                            .all(|c| ('\u{3041}'..='\u{309F}').contains(&c) || c == 'ー'),
                        "{path}: {word} reads {reading}"
                    );
                    words.insert(word, (reading, grade));
                }
                if kana_file {
                    kana_rows += 1;
                } else {
                    doc_rows += 1;
                }
            } else {
                // the other terms' files go without (a query with kanji does not use them)
                assert_eq!(row.len(), 6, "{path}: {row:?}");
                other_rows += 1;
            }
        }
    }
    assert!(
        doc_rows > 100 && kana_rows > 100 && other_rows > 100,
        "{doc_rows} {kana_rows} {other_rows}"
    );
    // words of the plan's text, read as every dictionary reads them; the grade is the
    // highest of the word's kanji in 学年別漢字配当表 (域 6, 堂 5, 談 3; 祉 and 充 are
    // not in it: 7, beyond grade 6)
    for (word, reading, grade) in [
        ("地域", "ちいき", 6),
        ("食堂", "しょくどう", 5),
        ("福祉", "ふくし", 7),
        ("相談", "そうだん", 3),
        ("充実", "じゅうじつ", 7),
    ] {
        assert_eq!(
            words.get(word),
            Some(&(reading.to_string(), grade)),
            "{word}"
        );
    }
}

/// The manifest (`search/index.js`) among a build's files.
fn manifest_of(files: &[(String, Vec<u8>)]) -> serde_json::Value {
    let (_, bytes) = files
        .iter()
        .find(|(p, _)| p == "search/index.js")
        .expect("search/index.js");
    let text = std::str::from_utf8(bytes).unwrap();
    let json = text
        .trim_end()
        .strip_prefix("window.tsunaguSearchIndex=")
        .and_then(|m| m.strip_suffix(';'))
        .expect("window.tsunaguSearchIndex=…;");
    serde_json::from_str(json).unwrap()
}

#[test]
fn the_kind_and_area_names_carry_the_readings_of_their_words() {
    let files = example_files();
    let manifest = manifest_of(files);
    let mut read = std::collections::BTreeMap::new();
    for (names, words) in [("kinds", "kindWords"), ("areas", "areaWords")] {
        let (names, words) = (
            manifest[names].as_array().unwrap(),
            manifest[words].as_array().unwrap(),
        );
        assert_eq!(names.len(), words.len(), "one entry per name");
        assert!(names.len() >= 10, "{names:?}");
        for (name, w) in names.iter().zip(words) {
            let name = name.as_str().unwrap();
            read.insert(name.to_string(), words_of(name, w));
        }
    }
    let word = |w: &str, r: &str, g: u8| (w.to_string(), r.to_string(), g);
    // grades from 学年別漢字配当表: 地 2, 域 6, 食 2, 堂 5, 湖 3, 東 2, 区 3; 湖東 from
    // the area's kana in config.toml (ことうちく)
    assert_eq!(
        read["地域食堂・こども食堂"],
        [
            word("地域", "ちいき", 6),
            word("食堂", "しょくどう", 5),
            word("食堂", "しょくどう", 5)
        ]
    );
    assert_eq!(
        read["湖東地区"],
        [word("湖東", "ことう", 3), word("地区", "ちく", 3)]
    );
    // a name all in kana has no words to read
    assert_eq!(read["ふれあい・いきいきサロン"], []);
}

#[test]
fn texts_for_excerpts_go_on_where_the_snippets_stop() {
    let files = example_files();
    let manifest = manifest_of(files);
    let (per_doc_shard, per_text_shard) = (
        manifest["docShard"].as_u64().unwrap() as usize,
        manifest["textShard"].as_u64().unwrap() as usize,
    );
    assert!(per_text_shard > 1, "{per_text_shard}");
    let (mut snippets, mut texts) = (Vec::new(), Vec::new());
    let mut files: Vec<&(String, Vec<u8>)> = files.iter().collect();
    files.sort_by_key(|(p, _)| {
        let n = p.rsplit('/').next().and_then(|f| f.strip_suffix(".js"));
        n.and_then(|n| n.parse::<usize>().ok()).unwrap_or(0)
    });
    for (path, bytes) in files {
        if path.starts_with("search/d/") {
            let args = call_args(path, bytes);
            assert_eq!(
                args[0].as_u64().unwrap() as usize * per_doc_shard,
                snippets.len()
            );
            for row in args[1].as_array().unwrap() {
                let row = row.as_array().unwrap();
                snippets.push((
                    row[0].as_str().unwrap().to_string(),
                    row[5].as_str().unwrap().to_string(),
                ));
            }
        } else if path.starts_with("search/x/") {
            let args = call_args(path, bytes);
            assert_eq!(
                args[0].as_u64().unwrap() as usize * per_text_shard,
                texts.len()
            );
            let shard = args[1].as_array().unwrap();
            assert!(!shard.is_empty() && shard.len() <= per_text_shard);
            // a text, or [text, the readings of its words] (the example has furigana)
            texts.extend(shard.iter().map(|t| match t {
                serde_json::Value::Array(pair) => {
                    assert_eq!(pair.len(), 2, "{t}");
                    let text = pair[0].as_str().unwrap().to_string();
                    let words = words_of(&text, &pair[1]);
                    (text, words)
                }
                t => (t.as_str().unwrap().to_string(), Vec::new()),
            }));
        }
    }
    assert_eq!(snippets.len(), texts.len(), "a text for every document");
    let (mut longer, mut read) = (0, 0);
    for ((url, snippet), (text, words)) in snippets.iter().zip(&texts) {
        // "" where the snippet holds the whole text; else the text from its start on
        if !text.is_empty() {
            assert!(text.starts_with(snippet.as_str()), "{url}");
            assert!(text.chars().count() > snippet.chars().count(), "{url}");
            longer += 1;
        }
        // a word is a run of the text with a kanji in it, its reading kana
        for (word, reading, _) in words {
            assert!(word.chars().any(is_kanji), "{url}: {word}");
            assert!(
                !reading.is_empty()
                    && reading
                        .chars()
                        .all(|c| ('ぁ'..='ゖ').contains(&c) || c == 'ー'),
                "{url}: {word}[{reading}]"
            );
        }
        read += usize::from(!words.is_empty());
    }
    assert!(longer > 20, "{longer} texts");
    assert_eq!(
        read, longer,
        "every text with kanji has its words' readings"
    );
    // 民生委員 is in the items of this measure (content/plan/2/1/4.md, line 13), past its
    // snippet: its text has it, for an excerpt, with its words' readings (民生 is read
    // みんせい, 委員 いいん), for furigana and for the query みんせいいいん
    let (i, (_, snippet)) = snippets
        .iter()
        .enumerate()
        .find(|(_, (url, _))| url == "plan/2/1/4/index.html")
        .unwrap();
    let (text, words) = &texts[i];
    assert!(
        !snippet.contains("民生委員") && text.contains("民生委員"),
        "{snippet}"
    );
    let read: Vec<(&str, &str)> = words
        .iter()
        .map(|(w, r, _)| (w.as_str(), r.as_str()))
        .collect();
    assert!(
        read.windows(2)
            .any(|p| p == [("民生", "みんせい"), ("委員", "いいん")]),
        "{read:?}"
    );
    // the longest page of the example (content/plan/4/6.md, over 2,500 characters) has
    // its text to its last line, so that a match there gets an excerpt too
    let (i, _) = snippets
        .iter()
        .enumerate()
        .find(|(_, (url, _))| url == "plan/4/6/index.html")
        .unwrap();
    let (text, words) = &texts[i];
    assert!(text.chars().count() > 2_500, "{}", text.chars().count());
    assert!(
        text.ends_with("活動を通じて「居場所づくり」の支援をします。"),
        "{}",
        text.chars()
            .skip(text.chars().count() - 80)
            .collect::<String>()
    );
    assert!(
        words.iter().any(|(w, r, _)| w == "鑑別" && r == "かんべつ"),
        "{words:?}"
    );
}

/// A CJK ideograph (the ranges the pages' furigana reads).
fn is_kanji(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}' | '々')
}

#[test]
fn an_index_without_readings_has_rows_without_them() {
    let dir = plain_site();
    let mut rows = 0;
    for entry in walkdir::WalkDir::new(dir.join("search")) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !(rel.starts_with("search/d/") || rel.starts_with("search/t/"))
            || !entry.file_type().is_file()
        {
            continue;
        }
        for row in rows_of(&rel, &std::fs::read(entry.path()).unwrap()) {
            assert_eq!(row.len(), 6, "{rel}: {row:?}");
            rows += 1;
        }
    }
    assert!(rows >= 60, "{rows} rows");
    // the texts for excerpts are plain texts
    let mut texts = 0;
    for entry in std::fs::read_dir(dir.join("search/x")).unwrap() {
        let path = entry.unwrap().path();
        let rel = format!("search/x/{}", path.file_name().unwrap().to_string_lossy());
        let args = call_args(&rel, &std::fs::read(&path).unwrap());
        for t in args[1].as_array().unwrap() {
            assert!(t.is_string(), "{rel}: {t}");
            texts += 1;
        }
    }
    assert!(texts >= 60, "{texts} texts");
    let text = std::fs::read_to_string(dir.join("search/index.js")).unwrap();
    let manifest = manifest_of(&[("search/index.js".into(), text.into_bytes())]);
    assert!(manifest["kinds"].as_array().is_some_and(|k| !k.is_empty()));
    for words in ["kindWords", "areaWords"] {
        assert!(manifest.get(words).is_none(), "{words} without readings");
    }
}
