//! The pipeline: load → link → render → write, each stage timed.
//!
//! Every stage collects problems and goes on where it can, so one run lists them all.
//! Nothing is written unless the run has no errors.

use std::path::Path;
use std::time::Instant;

use tracing::info;

use crate::config::Config;
use crate::content::{self, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
use crate::output::{self, Item};
use crate::render::{self, Output};
use crate::theme::{self, Source};
use crate::{assets, link};

fn log_time(start: Instant, what: &str) {
    info!("{what}: {} ms", start.elapsed().as_millis());
}

/// The table of spelling variants for search (子ども/子供/こども …), under content/.
pub const VARIANTS_FILE: &str = "variants.toml";

/// A site loaded, linked and rendered in memory.
pub struct Built {
    pub site: Site,
    pub pages: Vec<Output>,
    pub statics: Vec<(String, Source)>,
    /// Binary outputs (the search index).
    pub files: Vec<(String, Vec<u8>)>,
    /// The furigana engine the build used (loaded once; `check` reuses it).
    pub furigana: Option<crate::furigana::Furigana>,
}

/// Load, link and render the site at `root`. Problems go to `diags`; `None` if any error.
pub fn build_in_memory(root: &Path, diags: &mut Diagnostics) -> Option<Built> {
    let t = Instant::now();
    let config = Config::load(root, diags)?;
    let mut site = content::load(config, diags);
    log_time(t, "読み込み (load)");

    let t = Instant::now();
    link::link(&mut site, diags);
    log_time(t, "リンク (link)");

    let t = Instant::now();
    let theme = match theme::load(root, &site.config.theme) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let mut found = Vec::new();
    let statics: Vec<(String, Source)> = assets::collect(
        theme.as_ref().map_or(&[][..], |t| &t.statics),
        root,
        &site.assets,
        &mut found,
    )
    .into_iter()
    .collect();
    diags.extend(found);
    if diags.has_errors() {
        return None;
    }
    let furigana = if site.config.furigana {
        let t = Instant::now();
        let user = match crate::furigana::load_site_readings(root) {
            Ok(u) => u,
            Err(d) => {
                diags.extend(d);
                return None;
            }
        };
        match crate::furigana::Furigana::new(&user) {
            Ok(f) => {
                log_time(t, "ふりがな辞書 (furigana dictionary)");
                Some(f)
            }
            Err(e) => {
                diags.push(Diagnostic::field_error(
                    format!("ふりがなの辞書を読み込めません（{e}）。"),
                    format!("the furigana dictionary cannot be loaded ({e})"),
                ));
                return None;
            }
        }
    } else {
        None
    };
    let pages = match render::render(&site, &theme?.tera, furigana.as_ref()) {
        Ok(p) => p,
        Err(errs) => {
            diags.extend(errs);
            return None;
        }
    };
    log_time(t, "描画 (render)");

    let t = Instant::now();
    let mut files = Vec::new();
    let variants = match std::fs::read_to_string(root.join("content").join(VARIANTS_FILE)) {
        Ok(text) => match crate::search::Variants::parse_toml(&text) {
            Ok(v) => v,
            Err(e) => {
                diags.push(
                    Diagnostic::field_error(
                        format!("表記ゆれの表を読めません（{e}）。"),
                        format!("cannot read the variants table ({e})"),
                    )
                    .in_file(&Path::new("content").join(VARIANTS_FILE)),
                );
                return None;
            }
        },
        Err(_) => crate::search::Variants::default(),
    };
    let docs = render::search_docs::documents(&site, furigana.as_ref());
    match crate::search::build(&docs, &variants, &mut files) {
        Ok(stats) => info!(
            "検索索引: {} 件 / documents ({:?})",
            docs.len(),
            stats.browser_bytes
        ),
        Err(e) => {
            diags.push(Diagnostic::field_error(
                format!("検索索引を作れません（{e}）。"),
                format!("cannot build the search index ({e})"),
            ));
            return None;
        }
    }
    log_time(t, "検索索引 (search index)");

    info!("{} ページ / pages", pages.len());
    Some(Built {
        site,
        pages,
        statics,
        files,
        furigana,
    })
}

/// Build the site at `root` into `out`. On any error nothing is written.
pub fn build(root: &Path, out: &Path, diags: &mut Diagnostics) -> Option<Built> {
    let built = build_in_memory(root, diags)?;
    let t = Instant::now();
    let mut items: Vec<Item> = built
        .statics
        .iter()
        .map(|(rel, src)| match src {
            Source::File(p) => Item::Copy(p.clone(), rel.clone()),
            Source::Embedded(b) => Item::Bytes(rel.clone(), b.to_vec()),
        })
        .chain(
            built
                .files
                .iter()
                .map(|(u, b)| Item::Bytes(u.clone(), b.clone())),
        )
        .collect();
    // Generated pages win over a static file of the same name.
    items.retain(|i| built.pages.iter().all(|(u, _)| u != i.path()));
    items.extend(
        built
            .pages
            .iter()
            .map(|(u, h)| Item::Bytes(u.clone(), h.clone().into_bytes())),
    );
    if let Err(e) = output::write_atomic(out, &items) {
        diags.push(Diagnostic::error(Problem::Output {
            detail: format!("{}: {e}", out.display()),
        }));
        return None;
    }
    log_time(t, "書き出し (write)");
    Some(built)
}
