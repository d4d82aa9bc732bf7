//! The bodies of the fuzz targets, shared by `fuzz/fuzz_targets/*.rs` (libFuzzer) and
//! `tests/fuzz_regressions.rs` (which replays `fuzz/regressions/<target>/*` in the normal
//! test suite). Each function must return without panicking for every input.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tsunagu::diagnostics::{Diagnostic, Lang};

fn render_all(diags: &[Diagnostic]) {
    for d in diags {
        let _ = d.render(Lang::Ja);
        let _ = d.render(Lang::En);
    }
}

/// Front matter: split a content file, parse its front matter as a resource and as a
/// free-form value, locate keys, render the messages.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let split = match tsunagu::content::front_matter::split(text) {
        Ok(s) => s,
        Err(d) => {
            render_all(&[d]);
            return;
        }
    };
    let (front, line, format) = (split.front, split.front_line, split.format);
    assert!(split.body_line >= 1);
    match tsunagu::content::front_matter::parse::<tsunagu::content::resource::ResourceFront>(
        front, line, format,
    ) {
        Ok(_) => {}
        Err(d) => render_all(&[d]),
    }
    if let Err(d) = tsunagu::content::front_matter::parse::<serde_json::Value>(front, line, format)
    {
        render_all(&[d]);
    }
    for key in ["name", "title", "schedule", "kind"] {
        let _ = tsunagu::content::front_matter::locate_key(front, line, key);
        let _ = tsunagu::content::front_matter::locate_value(front, line, key, "x");
    }
}

/// Markdown with author readings `{漢字|かんじ}`: parse, render (no pages, no glossary),
/// and the ruby markup parser on its own.
pub fn markdown_ruby(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    use std::collections::HashMap;
    use tsunagu::markdown::{Mode, Resolver, Unwrap};
    let file = Path::new("content/fuzz.md");
    let frag = tsunagu::markdown::parse(text, 1, file);
    let pages: HashMap<String, String> = HashMap::new();
    let terms: HashMap<String, String> = HashMap::new();
    let markers = [tsunagu::config::Marker {
        label: "（変更）".to_string(),
        style: tsunagu::config::MarkerStyle::Changed,
        description: None,
    }];
    for (unwrap, raw_html) in [
        (Unwrap::None, tsunagu::config::RawHtml::Escape),
        (Unwrap::None, tsunagu::config::RawHtml::Sanitize),
        (Unwrap::Paragraph, tsunagu::config::RawHtml::Escape),
        (Unwrap::Item, tsunagu::config::RawHtml::Sanitize),
    ] {
        let resolver = Resolver {
            pages: &pages,
            terms: Some(&terms),
            markers: &markers,
            media: None,
            raw_html,
            failed: &Default::default(),
            glossary_failed: false,
        };
        let mut diags = Vec::new();
        let mode = Mode {
            unwrap,
            min_heading: Some(2),
        };
        // rendering uses up a fragment's events: each mode renders a copy
        let r = frag.clone().render_once(mode, &resolver, &mut diags);
        render_all(&diags);
        let _ = tsunagu::markdown::resolve_root(&r.html, "../");
    }
    let _ = tsunagu::furigana::check_markup(text);
    let segs = tsunagu::furigana::parse_author_markup(text);
    let _ = tsunagu::furigana::to_html(&segs);
    let bracket = tsunagu::furigana::to_bracket(&segs);
    let _ = tsunagu::furigana::parse_bracket(&bracket);
}

/// The schedule: a `[schedule]` table in TOML, checked, described, evaluated over a
/// year, written as iCalendar and as the browser's JSON.
pub fn schedule(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for s in text.split(['\n', ',']).take(8) {
        let _ = tsunagu::schedule::check::parse_minutes(s);
        let _ = tsunagu::schedule::check::parse_byday(s);
    }
    let Ok(raw) = toml::from_str::<tsunagu::schedule::RawSchedule>(text) else {
        return;
    };
    let schedule = match raw.check() {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                let _ = e.problem.message(Lang::Ja);
                let _ = e.problem.message(Lang::En);
            }
            return;
        }
    };
    let _ = schedule.describe_ja();
    let _ = schedule.describe_en();
    let _ = schedule.closing_lines_ja();
    let _ = schedule.to_browser_json();
    let _ = schedule.ics(
        "fuzz",
        "ふれあいサロン",
        Some("市役所"),
        Some("https://example.jp/"),
    );
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    for d in start.iter_days().take(400) {
        let _ = schedule.occurs_on(d);
        let _ = schedule.is_closed_on(d);
        let _ = schedule.is_open_at(d.and_hms_opt(12, 0, 0).unwrap());
    }
    let _ = schedule.is_open_during(start, start + chrono::Days::new(40));
}

struct CsvSite {
    _tmp: PathBuf,
    root: PathBuf,
    config: tsunagu::config::Config,
}

fn csv_site() -> &'static CsvSite {
    static SITE: OnceLock<CsvSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let tmp = std::env::temp_dir().join(format!("tsunagu-fuzz-csv-{}", std::process::id()));
        let root = tmp.join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let repo = if repo.join("tests/fixtures").is_dir() {
            repo.to_path_buf()
        } else {
            repo.parent().unwrap().to_path_buf()
        };
        std::fs::copy(
            repo.join("tests/fixtures/base/config.toml"),
            root.join("config.toml"),
        )
        .unwrap();
        let mut diags = tsunagu::diagnostics::Diagnostics::default();
        let config = tsunagu::config::Config::load(&root, &mut diags).expect("base config");
        CsvSite {
            _tmp: tmp,
            root,
            config,
        }
    })
}

/// CSV import: decode (UTF-8 / CP932), parse and check every row as `tsunagu import
/// resources` does, without writing.
pub fn csv_import(data: &[u8]) {
    let site = csv_site();
    let mut diags = Vec::new();
    let _ = tsunagu::opendata::import::check_bytes(
        &site.root,
        &site.config,
        Path::new("fuzz.csv"),
        data,
        &mut diags,
    );
    render_all(&diags);
}

fn search_index() -> &'static tsunagu::search::Opened {
    static INDEX: OnceLock<tsunagu::search::Opened> = OnceLock::new();
    INDEX.get_or_init(|| {
        use tsunagu::search::SearchDoc;
        let docs = vec![
            SearchDoc {
                url: "a/index.html".into(),
                title: "ふれあい・いきいきサロン".into(),
                body: "地域の高齢者が集まる居場所です。子ども食堂 ｶﾀｶﾅ ABC 123".into(),
                reading: "ふれあいいきいきさろん".into(),
                kind: "サロン".into(),
                ..Default::default()
            },
            SearchDoc {
                url: "b/index.html".into(),
                title: "地域福祉計画".into(),
                body: "見守り 支え合い こども 子供 Wi-Fi".into(),
                ..Default::default()
            },
        ];
        let variants =
            tsunagu::search::Variants::from_groups([["子ども", "子供", "こども"]]).unwrap();
        let mut files = Vec::new();
        tsunagu::search::build(&docs, &variants, &mut files).unwrap();
        let dir = std::env::temp_dir().join(format!("tsunagu-fuzz-search-{}", std::process::id()));
        for (name, bytes) in files {
            let p = dir.join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        tsunagu::search::open(&dir.join("search/tantivy")).unwrap()
    })
}

/// The search query: tokenizer (normalization, variants, bigrams) and a real query
/// against a small tantivy index.
pub fn search_query(data: &[u8]) {
    let Ok(q) = std::str::from_utf8(data) else {
        return;
    };
    use tsunagu::search::tokenize;
    let normalized = tokenize::normalize(q);
    for t in tokenize::bigrams(&normalized)
        .into_iter()
        .chain(tokenize::unigrams(&normalized))
        .chain(tokenize::quadgrams(&normalized))
    {
        assert!(t.from <= t.to && t.to <= normalized.len());
        assert!(normalized.is_char_boundary(t.from) && normalized.is_char_boundary(t.to));
    }
    let variants = tsunagu::search::Variants::from_groups([["子ども", "子供", "こども"]]).unwrap();
    for readings in [false, true] {
        for t in tokenize::query_tokens(q, &variants, readings).tokens {
            assert!(!t.text.is_empty());
        }
    }
    let _ = search_index().search(q, 10);
}
