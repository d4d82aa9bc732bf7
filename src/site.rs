//! The pipeline: load → link → render → write, each stage timed.
//!
//! Every stage collects problems and goes on where it can, so one run lists them all.
//! Nothing is written unless the run has no errors.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tracing::{debug, info};

use crate::config::Config;
use crate::content::{self, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::output::{self, Item};
use crate::render;
use crate::theme::{self, Source};
use crate::{assets, link};

fn log_time(start: Instant, what: &str) {
    debug!(
        "{what}: {} ms{}",
        start.elapsed().as_millis(),
        memory_note()
    );
}

/// `, RSS N MiB (peak M MiB)` of this process, for the stage timings (Linux; empty
/// elsewhere): where the memory of a large build goes.
pub(crate) fn memory_note() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let kib = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    match (kib("VmRSS:"), kib("VmHWM:")) {
        (Some(now), Some(peak)) => format!(", RSS {} MiB (peak {} MiB)", now / 1024, peak / 1024),
        _ => String::new(),
    }
}

/// Give the memory the render's threads freed back to the system before the next stage
/// (the allocator keeps it for a while otherwise, and the search stage then adds to a peak
/// that is mostly free memory).
pub(crate) fn release_free_memory() {
    // SAFETY: mi_collect only frees what the allocator holds unused; `true` makes it give
    // the memory back to the system now instead of after a delay.
    #[cfg(feature = "mimalloc")]
    unsafe {
        libmimalloc_sys::mi_collect(true)
    }
    #[cfg(all(not(feature = "mimalloc"), target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: malloc_trim only returns unused heap pages to the kernel.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// The table of spelling variants for search (子ども/子供/こども …), under content/.
pub const VARIANTS_FILE: &str = "variants.toml";

/// A site loaded, linked and rendered (in memory, or written by [`build`]).
pub struct Built {
    pub site: Site,
    /// The rendered files, sorted by path (empty after [`build`], which writes each page
    /// as it is made).
    pub pages: Vec<(String, render::Html)>,
    /// How many files the render made.
    pub page_count: usize,
    pub statics: Vec<(String, Source)>,
    /// Binary outputs (images, the search index; empty after [`build`]).
    pub files: Vec<(String, Vec<u8>)>,
    /// The furigana engine the build used (loaded once; `check` and `serve` reuse it).
    pub furigana: Option<Arc<crate::furigana::Furigana>>,
    /// What that engine was made from (`serve` keeps the engine while this stays equal).
    pub furigana_input: Option<crate::furigana::EngineInput>,
}

/// What a build may take from an earlier one, and what it may leave out (`serve`).
#[derive(Default, Clone)]
pub struct Reuse {
    /// A furigana engine and what it was made from: used instead of making one again when
    /// the site's current readings and names are the same (and the site has furigana on).
    pub furigana: Option<(crate::furigana::EngineInput, Arc<crate::furigana::Furigana>)>,
    /// Leave the search index out of [`Built::files`]: the caller builds it later with
    /// [`search_files`].
    pub skip_search: bool,
    /// Pages of the earlier renders: a page whose inputs did not change is not rendered
    /// again.
    pub pages: Option<Arc<render::cache::PageCache>>,
    /// Make the search index after the pages, as a site of more than
    /// [`SEARCH_BESIDE_MAX`] files does, not beside them (the same files either way).
    pub search_after_pages: bool,
}

/// What the site's furigana engine is made from: `content/readings.toml`, and the names
/// given with their reading: resources (名称_カナ), areas and the directory's terms.
pub fn furigana_input(
    site: &Site,
    root: &Path,
) -> Result<crate::furigana::EngineInput, Vec<Diagnostic>> {
    let terms = site
        .config
        .resources
        .iter()
        .flat_map(|r| r.kinds.iter().chain(&r.audiences).chain(&r.accessibility));
    Ok(crate::furigana::EngineInput {
        readings: crate::furigana::load_site_readings(root)?,
        names: site
            .resources
            .iter()
            .filter_map(|r| Some((r.front.name.clone(), r.front.name_kana.clone()?)))
            .chain(
                site.config
                    .areas
                    .iter()
                    .filter_map(|a| Some((a.name.clone(), a.kana.clone()?))),
            )
            .chain(terms.filter_map(|t| Some((t.name.clone(), t.kana.clone()?))))
            .collect(),
    })
}

/// Load, link and render the site at `root`. Problems go to `diags`; `None` if any error.
pub fn build_in_memory(root: &Path, diags: &mut Diagnostics) -> Option<Built> {
    build_in_memory_with(root, &Reuse::default(), diags)
}

/// [`build_in_memory`], reusing what `reuse` offers.
pub fn build_in_memory_with(root: &Path, reuse: &Reuse, diags: &mut Diagnostics) -> Option<Built> {
    run(root, reuse, diags, None)
}

/// What happens to each rendered file: the link checker scans it, then it is kept in
/// memory or written into the new output folder at once.
struct PageSink<'a> {
    scanner: crate::linkcheck::Scanner,
    store: Store<'a>,
}

enum Store<'a> {
    Memory(Mutex<Vec<(String, render::Html)>>),
    Disk(&'a output::Staging),
    /// Only the link checker looks at the pages.
    Nothing,
}

impl render::Sink for PageSink<'_> {
    fn paths(&mut self, paths: &[&str]) {
        self.scanner.add_paths(paths.iter().map(|p| p.to_string()));
    }

    fn file(&self, url: String, content: render::Html) -> Result<(), Diagnostic> {
        match &content {
            render::Html::Shared(kept) => self.scanner.kept_page(&url, kept),
            render::Html::Owned(made) => self.scanner.page(&url, made),
        }
        match &self.store {
            Store::Memory(pages) => {
                if let Ok(mut pages) = pages.lock() {
                    pages.push((url, content));
                }
                Ok(())
            }
            Store::Disk(staging) => staging
                .write(&url, content.as_bytes())
                .map_err(|e| output_error(staging.out(), &url, &e)),
            Store::Nothing => Ok(()),
        }
    }
}

fn output_error(out: &Path, rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Problem::Output {
        detail: if rel.is_empty() {
            format!("{}: {e}", out.display())
        } else {
            format!("{}: {rel}: {e}", out.display())
        },
    })
}

/// The pipeline; with `staging`, every file goes into it as soon as it is made and the
/// returned [`Built`] holds neither pages nor files.
fn run(
    root: &Path,
    reuse: &Reuse,
    diags: &mut Diagnostics,
    staging: Option<&output::Staging>,
) -> Option<Built> {
    let t = Instant::now();
    let config = Config::load(root, diags)?;
    // IPADIC loads on another thread while the content loads, unless serve keeps an engine.
    let mut preload =
        (config.furigana && reuse.furigana.is_none()).then(crate::furigana::Preload::start);
    let mut site = content::load(config, diags);
    let load_failed = diags.has_errors();
    log_time(t, "読み込み (load)");

    let t = Instant::now();
    let mut found = Vec::new();
    let static_paths: Vec<String> = assets::collect(&[], root, &[], &mut found)
        .into_keys()
        .collect();
    let (media, stats) =
        crate::images::Media::prepare(root, &mut site.assets, static_paths.into_iter());
    site.media = media;
    debug!(
        "画像 (images): {} ms, 変換 {} / decoded, キャッシュ {} / cached, 削除 {} / stale removed",
        t.elapsed().as_millis(),
        stats.decoded,
        stats.cache_hits,
        stats.stale_removed
    );

    let t = Instant::now();
    link::link(&mut site, diags);
    diags.extend(site.media.unreferenced_failures());
    log_time(t, "リンク (link)");

    let t = Instant::now();
    let mut found = Vec::new();
    let theme = match theme::load(root, &site.config.theme, site.config.minify_js, &mut found) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let statics: Vec<(String, Source)> = assets::collect(
        theme.as_ref().map_or(&[][..], |t| &t.statics),
        root,
        &site.assets,
        &mut found,
    )
    .into_iter()
    .collect();
    diags.extend(found);
    // A file under content/ that is not a page is published only when a page links to it
    // (or shows it): a list of names or a draft left beside the pages stays private.
    let content_files: HashSet<String> = site
        .assets
        .iter()
        .map(|(_, rel)| crate::diagnostics::display_path(rel))
        .collect();
    if diags.has_errors() {
        // Problems found while linking (images, alt texts, links written in Markdown)
        // leave every page in place: render once more so the link checker's findings
        // come in the same run. Not after a loading error, where missing pages would
        // make every link to them look broken.
        if !load_failed && let Some(theme) = &theme {
            let other = statics
                .iter()
                .map(|(u, _)| u.clone())
                .chain(site.media.outputs.iter().map(|(u, _)| u.clone()));
            let mut sink = PageSink {
                scanner: crate::linkcheck::Scanner::new(&site.config.base_path, other),
                store: Store::Nothing,
            };
            if render::render_into(&site, &theme.tera, None, None, &mut sink).is_ok() {
                diags.extend(sink.scanner.finish(root, &site));
            }
        }
        return None;
    }
    let furigana = if !site.config.furigana {
        None
    } else {
        let t = Instant::now();
        let input = furigana_input(&site, root)
            .map_err(|d| diags.extend(d))
            .ok()?;
        match &reuse.furigana {
            Some((was, f)) if *was == input => Some((input, f.clone())),
            _ => match engine(&input, preload.take()) {
                Ok(f) => {
                    log_time(t, "ふりがな辞書 (furigana dictionary)");
                    Some((input, Arc::new(f)))
                }
                Err(d) => {
                    diags.push(d);
                    return None;
                }
            },
        }
    };
    if site
        .glossary
        .as_ref()
        .is_some_and(|g| g.order == crate::content::glossary::Order::Reading)
    {
        sort_glossary(&mut site, root, furigana.as_ref().map(|(_, f)| &**f), diags)?;
    }
    let (furigana_input, furigana) = furigana.unzip();
    let theme = theme?;
    let mut files = std::mem::take(&mut site.media.outputs);
    let other: Vec<String> = statics
        .iter()
        .map(|(u, _)| u.clone())
        .chain(files.iter().map(|(u, _)| u.clone()))
        .collect();
    let (held, mut statics): (Vec<_>, Vec<_>) = statics
        .into_iter()
        .partition(|(rel, _)| content_files.contains(rel));
    if let Some(staging) = staging {
        // Statics and images first: a page of the same path replaces its file.
        let items: Vec<Item> = statics
            .iter()
            .map(static_item)
            .chain(
                files
                    .iter()
                    .map(|(u, b)| Item::Bytes(u.as_str().into(), b.as_slice().into())),
            )
            .collect();
        if let Err(e) = staging.write_items(&items) {
            diags.push(output_error(staging.out(), "", &e));
            return None;
        }
        drop(items);
        files.clear();
    }
    let scanner = crate::linkcheck::Scanner::new(&site.config.base_path, other)
        .watch(held.iter().map(|(rel, _)| rel.clone()));
    let mut sink = PageSink {
        scanner: match &reuse.pages {
            Some(cache) => scanner.with_memo(cache.links()),
            None => scanner,
        },
        store: match staging {
            Some(s) => Store::Disk(s),
            None => Store::Memory(Mutex::new(Vec::new())),
        },
    };
    if let Some(cache) = &reuse.pages {
        // What every page shares besides its context: templates, config, engine.
        let mut generation = blake3::Hasher::new();
        generation.update(theme.fingerprint.as_bytes());
        generation
            .update(&std::fs::read(root.join(crate::config::CONFIG_FILE)).unwrap_or_default());
        cache.begin(generation.finalize(), furigana.as_ref());
    }
    // The search index is made beside the pages (see `render::render_beside`) up to
    // SEARCH_BESIDE_MAX files, after them above that.
    let search_into = |docs, variants, page_paths: &render::Paths| {
        search_index_files(docs, &variants, furigana.is_some(), page_paths, staging)
    };
    let rendered = render::render_beside(
        &site,
        &theme.tera,
        furigana.as_deref(),
        reuse.pages.as_deref(),
        &mut sink,
        |page_paths| {
            if reuse.skip_search || reuse.search_after_pages || page_paths.len() > SEARCH_BESIDE_MAX
            {
                return None;
            }
            // the documents now, on every core; the index beside the pages
            let docs = search_documents(root, &site, furigana.as_deref());
            Some(|page_paths: &render::Paths| {
                let (docs, variants) = docs?;
                search_into(docs, variants, page_paths)
            })
        },
    );
    let page_count = match rendered.result {
        Ok(n) => n,
        Err(errs) => {
            diags.extend(errs);
            return None;
        }
    };
    if let Some(cache) = &reuse.pages {
        let stats = cache.stats();
        debug!(
            "描画: {} ページを描画、{} ページは前回のまま / rendered, reused",
            stats.rendered, stats.reused
        );
    }
    release_free_memory();
    log_time(t, "描画 (render)");

    let t = Instant::now();
    let PageSink { scanner, store } = sink;
    let used = scanner.used();
    let broken = scanner.finish(root, &site);
    log_time(t, "リンク確認 (link check)");
    if !broken.is_empty() {
        diags.extend(broken);
        return None;
    }
    let (held, unused): (Vec<_>, Vec<_>) =
        held.into_iter().partition(|(rel, _)| used.contains(rel));
    diags.extend(unused.iter().map(|(rel, _)| unlinked_file(rel)));
    if let Some(staging) = staging {
        if let Err(e) = staging.write_items(&held.iter().map(static_item).collect::<Vec<_>>()) {
            diags.push(output_error(staging.out(), "", &e));
            return None;
        }
    } else {
        statics.extend(held);
    }
    let pages = match store {
        Store::Memory(pages) => {
            let mut pages = pages.into_inner().unwrap_or_else(|e| e.into_inner());
            pages.sort_by(|a, b| a.0.cmp(&b.0));
            pages
        }
        Store::Disk(_) | Store::Nothing => Vec::new(),
    };
    let searched = match rendered.beside {
        Some(searched) => Some(searched),
        None if reuse.skip_search => None,
        None => Some(search_documents(root, &site, furigana.as_deref()).and_then(
            |(docs, variants)| {
                if staging.is_some()
                    && let Some(f) = &furigana
                {
                    // nothing after this uses the engine's memos: let them go before the
                    // index takes its memory
                    f.forget_memos();
                    release_free_memory();
                }
                search_into(docs, variants, &rendered.paths)
            },
        )),
    };
    match searched {
        Some(Ok(search_files)) => files.extend(search_files),
        Some(Err(d)) => {
            diags.push(d);
            return None;
        }
        None => {}
    }

    info!("{page_count} ページ / pages");
    Some(Built {
        furigana_input,
        site,
        pages,
        page_count,
        statics,
        files,
        furigana,
    })
}

/// The site's furigana engine, from `preload` when the dictionary is being loaded already.
fn engine(
    input: &crate::furigana::EngineInput,
    preload: Option<crate::furigana::Preload>,
) -> Result<crate::furigana::Furigana, Diagnostic> {
    preload
        .map_or_else(
            || crate::furigana::Furigana::for_site(input),
            |p| p.for_site(input),
        )
        .map_err(|e| {
            Diagnostic::field_error(
                format!("ふりがなの辞書を読み込めません（{e}）。"),
                format!("the furigana dictionary cannot be loaded ({e})"),
            )
        })
}

/// Puts the glossary's terms in 五十音 order of their readings: from the site's furigana
/// engine, or, on a site with furigana off, from one made for this alone. `None` (with the
/// problem in `diags`) when no engine can be made.
fn sort_glossary(
    site: &mut Site,
    root: &Path,
    furigana: Option<&crate::furigana::Furigana>,
    diags: &mut Diagnostics,
) -> Option<()> {
    let own;
    let engine = match furigana {
        Some(f) => f,
        None => {
            let input = furigana_input(site, root)
                .map_err(|d| diags.extend(d))
                .ok()?;
            own = engine(&input, None).map_err(|d| diags.push(d)).ok()?;
            &own
        }
    };
    if let Some(g) = &mut site.glossary {
        g.sort_by_reading(|term| engine.reading(term));
    }
    Some(())
}

/// A static file as an item to write.
fn static_item((rel, src): &(String, Source)) -> Item<'_> {
    match src {
        Source::File(p) => Item::Copy(p.clone(), rel.clone()),
        Source::Embedded(b) => Item::Bytes(rel.as_str().into(), (*b).into()),
        Source::Made(b) => Item::Bytes(rel.as_str().into(), b[..].into()),
    }
}

/// The warning for a file under content/ that no page links to (`rel`: its path there).
fn unlinked_file(rel: &str) -> Diagnostic {
    let lower = rel.to_lowercase();
    let page_like = lower.ends_with(".md") || lower.ends_with(".markdown");
    let (hint_ja, hint_en) = if page_like {
        (
            "ページにするには、名前の終わりを「.md」（半角の小文字）にしてください。",
            "to make it a page, end its name in \".md\" (lower case)",
        )
    } else {
        (
            "公開するには、ページからリンクしてください。名簿など公開しないファイルは content フォルダの外に置いてください。",
            "link to it from a page to publish it; keep files that are not for the public (lists of names…) outside the content folder",
        )
    };
    Diagnostic::warning(Problem::Field {
        ja: "どのページからもリンクされていないため、このファイルは公開していません。".into(),
        en: "no page links to this file, so it is not published".into(),
        hint_ja: Some(hint_ja.into()),
        hint_en: Some(hint_en.into()),
    })
    .in_file(&Path::new("content").join(rel))
}

/// Above this many files, a build makes its search index after the pages instead of beside
/// them: the index's memory would add to the render's. A 50,000-page site (50,164 files)
/// peaked at 1.17 GiB with its index made beside the pages, 0.91 GiB after them; a
/// 10,000-page one at 396 MiB and 315 MiB. Since the parsed Markdown is let go after the
/// link stage: 1.04 GiB beside, 0.72 GiB after, for 50,000 pages.
pub const SEARCH_BESIDE_MAX: usize = 25_000;

/// The search stage on its own: the index files (`search/…`) of a rendered site.
pub fn search_files(
    root: &Path,
    site: &Site,
    furigana: Option<&crate::furigana::Furigana>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let (docs, variants) = search_documents(root, site, furigana)?;
    search_index_files(
        docs,
        &variants,
        furigana.is_some(),
        &render::Paths::new(),
        None,
    )
}

/// The index of `docs`: each of its files goes into `staging` as it is made, or into the
/// list returned without one; a file of one of the render's `page_paths` is left out
/// (generated pages win over other files of the same path).
fn search_index_files(
    docs: Vec<crate::search::SearchDoc>,
    variants: &crate::search::Variants,
    furigana: bool,
    page_paths: &render::Paths,
    staging: Option<&output::Staging>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let t = Instant::now();
    let mut files = Vec::new();
    let mut failed = None;
    let result = search_index(docs, variants, furigana, &mut |rel, b| {
        if page_paths.contains(rel) {
            return Ok(());
        }
        let Some(staging) = staging else {
            files.push((rel.to_string(), b.to_vec()));
            return Ok(());
        };
        staging.write(rel, b).map_err(|e| {
            failed = Some(output_error(staging.out(), "search/", &e));
            crate::search::SearchError::Io(std::io::Error::new(e.kind(), e.to_string()))
        })
    });
    log_time(t, "検索索引 (search index)");
    result.map(|()| files).map_err(|d| failed.unwrap_or(d))
}

/// The search documents of the site, with their readings, and the variants table.
fn search_documents(
    root: &Path,
    site: &Site,
    furigana: Option<&crate::furigana::Furigana>,
) -> Result<(Vec<crate::search::SearchDoc>, crate::search::Variants), Diagnostic> {
    let variants = match std::fs::read_to_string(root.join("content").join(VARIANTS_FILE)) {
        Ok(text) => crate::search::Variants::parse_toml(&text).map_err(|e| {
            Diagnostic::field_error(
                format!("表記ゆれの表を読めません（{e}）。"),
                format!("cannot read the variants table ({e})"),
            )
            .in_file(&Path::new("content").join(VARIANTS_FILE))
        })?,
        Err(_) => crate::search::Variants::default(),
    };
    let t = Instant::now();
    let docs = render::search_docs::documents(site, furigana);
    debug!("search: {} documents in {:.2?}", docs.len(), t.elapsed());
    Ok((docs, variants))
}

/// The index of `docs` (with their readings when the site has `furigana`), each of its
/// files handed to `write` as it is made.
fn search_index(
    docs: Vec<crate::search::SearchDoc>,
    variants: &crate::search::Variants,
    furigana: bool,
    write: &mut crate::search::WriteFile,
) -> Result<(), Diagnostic> {
    let count = docs.len();
    let options = crate::search::ExportOptions {
        readings: furigana,
        ..Default::default()
    };
    match crate::search::build_into(docs, variants, options, write) {
        Ok(stats) => {
            debug!(
                "検索索引: {count} 件 / documents ({:?})",
                stats.browser_bytes
            );
            Ok(())
        }
        Err(e) => Err(Diagnostic::field_error(
            format!("検索索引を作れません（{e}）。"),
            format!("cannot build the search index ({e})"),
        )),
    }
}

/// Build the site at `root` into `out`. On any error nothing is written: every file goes
/// into a new folder as soon as it is made (the site is never held in memory as a whole),
/// and that folder takes the place of `out` only when the build has succeeded.
pub fn build(root: &Path, out: &Path, diags: &mut Diagnostics) -> Option<Built> {
    let staging = match output::Staging::new(out) {
        Ok(s) => s,
        Err(e) => {
            diags.push(output_error(out, "", &e));
            return None;
        }
    };
    // On any error `staging` is dropped, which removes the new folder.
    let built = run(root, &Reuse::default(), diags, Some(&staging))?;
    let t = Instant::now();
    if let Err(e) = staging.commit() {
        diags.push(output_error(out, "", &e));
        return None;
    }
    log_time(t, "書き出し (write)");
    Some(built)
}
