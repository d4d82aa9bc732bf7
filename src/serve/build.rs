//! One build for the preview: [`site::build_in_memory`], then the built set as served
//! files. What is kept between builds: the furigana engine, the rendered pages (a page is
//! rendered again only when its template, context or engine changed: see
//! [`crate::render::cache`]), and static files (theme assets, `static/`, images in
//! `content/`), which are read again only when their size or modification time changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::overlay;
use super::state::{Body, Files, Outcome};
use crate::diagnostics::{Diagnostic, Diagnostics, Lang, Problem, display_path};
use crate::furigana::{EngineInput, Furigana};
use crate::render::cache::PageCache;
use crate::site::{self, Built};
use crate::theme::Source;

/// What one build produced.
pub struct Done {
    pub outcome: Outcome,
    pub diags: Diagnostics,
    /// The built site, when the build succeeded (for the slow stage).
    pub built: Option<Arc<Built>>,
    pub took: Duration,
}

/// A static file read earlier: (size, modification time, bytes).
type Cached = (u64, Option<SystemTime>, Arc<[u8]>);

/// Builds the site at a root again and again, keeping unchanged static files in memory.
pub struct Builder {
    root: PathBuf,
    lang: Lang,
    statics: HashMap<PathBuf, Cached>,
    /// The furigana engine of the last build and what it was made from: it is made again
    /// only when `content/readings.toml` or a name's reading (名称_カナ) changes.
    furigana: Option<(EngineInput, Arc<Furigana>)>,
    /// Whether builds leave the search index out (it is built in the background).
    skip_search: bool,
    /// The pages of the earlier builds: only pages whose inputs changed are rendered.
    pages: Arc<PageCache>,
}

impl Builder {
    pub fn new(root: &Path, lang: Lang) -> Self {
        Builder {
            root: root.to_path_buf(),
            lang,
            statics: HashMap::new(),
            furigana: None,
            skip_search: false,
            pages: Arc::new(PageCache::new()),
        }
    }

    /// Leave the search index out of every build (the caller builds it in the background).
    pub fn skip_search(mut self, skip: bool) -> Self {
        self.skip_search = skip;
        self
    }

    /// Build once. `had_good`: whether an earlier build succeeded (the overlay says so).
    pub fn build(&mut self, had_good: bool) -> Done {
        let start = Instant::now();
        let mut diags = Diagnostics::default();
        // The build reuses the engine when it is made from the same readings and names.
        let reuse = site::Reuse {
            furigana: self.furigana.clone(),
            skip_search: self.skip_search,
            pages: Some(self.pages.clone()),
            search_after_pages: false,
        };
        let mut built = site::build_in_memory_with(&self.root, &reuse, &mut diags);
        if let Some(b) = &built
            && let (Some(input), Some(f)) = (&b.furigana_input, &b.furigana)
        {
            self.furigana = Some((input.clone(), f.clone()));
        }
        let files = built.as_mut().map(|b| self.files(b, &mut diags));
        let (outcome, built) = match (built, files) {
            (Some(b), Some(files)) if !diags.has_errors() => (
                Outcome::Good {
                    files,
                    base_path: b.site.config.base_path.clone(),
                },
                Some(Arc::new(b)),
            ),
            _ => (
                Outcome::Failed {
                    overlay: overlay::render(&diags, self.lang, had_good),
                },
                None,
            ),
        };
        Done {
            outcome,
            diags,
            built,
            took: start.elapsed(),
        }
    }

    /// The files of a build: statics first, generated files over them (as `site::build`
    /// writes them). The pages move out of `built` (the slow stage does not read them); a
    /// page the render took from its cache is served from the cache's copy.
    fn files(&mut self, built: &mut Built, diags: &mut Diagnostics) -> Files {
        let mut files = Files::with_capacity(built.pages.len() + built.statics.len());
        let mut seen = std::collections::HashSet::new();
        for (rel, src) in &built.statics {
            let body = match src {
                Source::Embedded(b) => Body::Static(b),
                Source::Made(b) => Body::Shared(b.clone()),
                Source::File(p) => {
                    seen.insert(p.clone());
                    match self.read(p) {
                        Ok(b) => Body::Shared(b),
                        Err(e) => {
                            let shown = p.strip_prefix(&self.root).unwrap_or(p);
                            diags.push(
                                Diagnostic::error(Problem::Unreadable {
                                    detail: e.to_string(),
                                })
                                .in_file(Path::new(&display_path(shown))),
                            );
                            continue;
                        }
                    }
                }
            };
            files.insert(rel.clone(), body);
        }
        self.statics.retain(|p, _| seen.contains(p));
        // Generated files (the search index), then pages, win over statics of the same name.
        for (url, bytes) in &built.files {
            files.insert(url.clone(), Body::Shared(Arc::from(bytes.as_slice())));
        }
        for (url, html) in std::mem::take(&mut built.pages) {
            files.insert(url, Body::Shared(html.into_shared().into()));
        }
        files
    }

    fn read(&mut self, p: &Path) -> std::io::Result<Arc<[u8]>> {
        let meta = std::fs::metadata(p)?;
        let (len, modified) = (meta.len(), meta.modified().ok());
        if let Some((l, m, bytes)) = self.statics.get(p) {
            if *l == len && *m == modified && modified.is_some() {
                return Ok(bytes.clone());
            }
        }
        let bytes: Arc<[u8]> = std::fs::read(p)?.into();
        self.statics
            .insert(p.to_path_buf(), (len, modified, bytes.clone()));
        Ok(bytes)
    }
}
