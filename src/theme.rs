//! Themes: Tera templates plus static files.
//!
//! A site uses `themes/NAME/` when that folder exists. The default theme is also built
//! into the binary, so a site without a `themes/` folder (most staff sites, every test
//! fixture) still builds with `theme = "default"`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tera::Tera;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Problem, display_path};

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    Embedded(&'static [u8]),
    /// Made while loading the theme: a script of a theme folder, minified.
    Made(Arc<[u8]>),
}

pub struct Theme {
    pub tera: Tera,
    /// Output path → source.
    pub statics: Vec<(String, Source)>,
    /// A hash of every template's name and text (a preview renders every page again
    /// when it changes).
    pub fingerprint: blake3::Hash,
}

/// Hash of (name, text) pairs, in the order given.
fn fingerprint<'a>(templates: impl Iterator<Item = (String, &'a [u8])>) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    for (name, text) in templates {
        h.update(&(name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update(&(text.len() as u64).to_le_bytes());
        h.update(text);
    }
    h.finalize()
}

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../themes/default/templates/", $name)))),*]
    };
}

const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded!(
    "404.html",
    "accessibility.html",
    "accessibility_results.html",
    "actor.html",
    "actors.html",
    "area.html",
    "area_print.html",
    "area_tree.html",
    "areas.html",
    "base.html",
    "directory.html",
    "glossary.html",
    "index.html",
    "macros.html",
    "navi.html",
    "node.html",
    "page.html",
    "plan.html",
    "print_items.html",
    "priority.html",
    "resource.html",
    "resource_list.html",
    "search.html",
    "section.html",
    "support.html",
    "support_list.html",
    "ui_text.html",
);

const DEFAULT_STATICS: &[(&str, &[u8])] = &[
    (
        "assets/tsunagu.css",
        include_bytes!("../themes/default/static/assets/tsunagu.css"),
    ),
    (
        "assets/directory.js",
        include_bytes!("../themes/default/static/assets/directory.js"),
    ),
    (
        "assets/open-now.js",
        include_bytes!("../themes/default/static/assets/open-now.js"),
    ),
    (
        "assets/search-ui.js",
        include_bytes!("../themes/default/static/assets/search-ui.js"),
    ),
    (
        "assets/search/search.js",
        include_bytes!("../themes/default/static/assets/search/search.js"),
    ),
    (
        "assets/prefs.js",
        include_bytes!("../themes/default/static/assets/prefs.js"),
    ),
    (
        "assets/settings.js",
        include_bytes!("../themes/default/static/assets/settings.js"),
    ),
    (
        "assets/read-aloud.js",
        include_bytes!("../themes/default/static/assets/read-aloud.js"),
    ),
];

/// Whether a static file is a script to minify.
fn is_script(rel: &str) -> bool {
    rel.ends_with(".js") || rel.ends_with(".mjs")
}

/// A theme folder's script, minified; `None` (copy the file as it is) when it cannot be
/// read as UTF-8 (the copy reports an unreadable file) or parsed (a warning says where).
fn minified_file(path: &Path, shown: &Path, warnings: &mut Vec<Diagnostic>) -> Option<Source> {
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    match crate::minify::script(&text) {
        Ok(m) => Some(Source::Made(Arc::from(m.into_bytes()))),
        Err(e) => {
            let d = Diagnostic::warning(Problem::Field {
                ja: format!(
                    "JavaScript の文法の誤りのため、縮小せずにそのまま書き出しました（{}）。",
                    e.message
                ),
                en: format!("a JavaScript syntax error; copied without minifying ({})", e.message),
                hint_ja: Some(
                    "このスクリプトはブラウザーでも動かない可能性があります。テーマを作った人に連絡してください。".into(),
                ),
                hint_en: Some("browsers may not run this script either: check the theme".into()),
            })
            .in_file(shown);
            warnings.push(match e.offset {
                Some(at) => d.at(crate::diagnostics::Pos::in_text(&text, at, 1)),
                None => d,
            });
            None
        }
    }
}

/// The built-in theme's statics minified where they are scripts (`None` for the others),
/// made once per process: a preview rebuilds often.
fn default_minified() -> &'static [Option<Box<[u8]>>] {
    static MINIFIED: OnceLock<Vec<Option<Box<[u8]>>>> = OnceLock::new();
    MINIFIED.get_or_init(|| {
        DEFAULT_STATICS
            .iter()
            .map(|(p, b)| {
                let text = std::str::from_utf8(b).ok().filter(|_| is_script(p))?;
                // A built-in script that does not parse is a bug the theme's tests catch
                // (`the_built_in_scripts_minify`); the build goes on with the original.
                crate::minify::script(text)
                    .ok()
                    .map(|m| m.into_bytes().into())
            })
            .collect()
    })
}

fn template_error(e: &tera::Error) -> Problem {
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail.push_str(" / ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    Problem::Template { detail }
}

/// A template syntax error at its place: Tera's message names the template's full path
/// (`Failed to parse "/…/themes/x/templates/page.html"`) and its position (` --> 5:2`);
/// the diagnostic names the file relative to the site and the line:column, and keeps
/// Tera's explanation (the last line, `expected …`) as the detail. Without a position,
/// the templates folder (`fallback`) is named.
fn located(e: &tera::Error, root: &Path, fallback: &str) -> Diagnostic {
    let Problem::Template { detail } = template_error(e) else {
        unreachable!("template_error makes Template problems")
    };
    let file = detail
        .split("Failed to parse \"")
        .nth(1)
        .and_then(|r| r.split('"').next());
    let pos = detail.split(" --> ").nth(1).and_then(|r| {
        let r = r.split_whitespace().next()?;
        let (l, c) = r.split_once(':')?;
        Some(crate::diagnostics::Pos {
            line: l.parse().ok()?,
            col: c.parse().ok()?,
        })
    });
    match (file, pos) {
        (Some(file), Some(pos)) => {
            let path = Path::new(file);
            let rel = path.strip_prefix(root).unwrap_or(path);
            let why = detail
                .lines()
                .rev()
                .map(|l| l.trim().trim_start_matches("= ").trim())
                .find(|l| !l.is_empty() && !l.starts_with('|') && !l.starts_with('^'))
                .unwrap_or("")
                .to_string();
            Diagnostic::error(Problem::Template { detail: why })
                .in_file(rel)
                .at(pos)
        }
        _ => Diagnostic::error(Problem::Template { detail }).in_file(Path::new(fallback)),
    }
}

fn configure(tera: &mut Tera) {
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which bloats every URL; quotes and `<>&` suffice.
    tera.set_escape_fn(crate::markdown::escape);
    // `{{ line | keep_together | safe }}`: escaped, dates and times kept on one line
    tera.register_filter(
        "keep_together",
        |value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>| {
            let text = match value {
                tera::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Ok(tera::Value::String(crate::render::nowrap::keep_together(
                &text,
            )))
        },
    );
}

/// Load theme `name` for the site at `root`. With `minify`, its scripts are minified
/// (see [`crate::minify`]); a script that cannot be parsed is kept as it is, with a
/// warning in `warnings`.
pub fn load(
    root: &Path,
    name: &str,
    minify: bool,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Theme, Diagnostic> {
    let dir = root.join("themes").join(name);
    if dir.join("templates").is_dir() {
        let glob = format!("{}/templates/**/*", dir.display());
        let rel = display_path(&Path::new("themes").join(name).join("templates"));
        let mut tera = Tera::new(&glob).map_err(|e| located(&e, root, &rel))?;
        configure(&mut tera);
        let tdir = dir.join("templates");
        let texts: Vec<(String, Vec<u8>)> = WalkDir::new(&tdir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = display_path(e.path().strip_prefix(&tdir).unwrap_or(e.path()));
                // Unreadable now: Tera read it a moment ago; the name alone keys it.
                (rel, std::fs::read(e.path()).unwrap_or_default())
            })
            .collect();
        let fingerprint = fingerprint(texts.iter().map(|(n, t)| (n.clone(), t.as_slice())));
        let mut statics = Vec::new();
        let sdir = dir.join("static");
        for e in WalkDir::new(&sdir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if e.file_type().is_file() {
                let rel = display_path(e.path().strip_prefix(&sdir).unwrap_or(e.path()));
                let shown = e.path().strip_prefix(root).unwrap_or(e.path());
                let minified = if minify && is_script(&rel) {
                    minified_file(e.path(), shown, warnings)
                } else {
                    None
                };
                let source = minified.unwrap_or_else(|| Source::File(e.path().to_path_buf()));
                statics.push((rel, source));
            }
        }
        return Ok(Theme {
            tera,
            statics,
            fingerprint,
        });
    }
    if name != "default" {
        return Err(Diagnostic::error(Problem::Config {
            detail: format!(
                "テーマ「{name}」が見つかりません（themes/{name}/templates がありません）"
            ),
        })
        .in_file(Path::new(crate::config::CONFIG_FILE))
        .field("theme"));
    }
    let mut tera = Tera::default();
    tera.add_raw_templates(DEFAULT_TEMPLATES.iter().copied())
        .map_err(|e| Diagnostic::error(template_error(&e)))?;
    configure(&mut tera);
    Ok(Theme {
        tera,
        statics: DEFAULT_STATICS
            .iter()
            .enumerate()
            .map(|(i, (p, b))| {
                // minified only when asked: with `minify_js = false` nothing is parsed
                let minified = minify.then(|| default_minified()[i].as_deref()).flatten();
                (p.to_string(), Source::Embedded(minified.unwrap_or(b)))
            })
            .collect(),
        fingerprint: fingerprint(
            DEFAULT_TEMPLATES
                .iter()
                .map(|(n, t)| (n.to_string(), t.as_bytes())),
        ),
    })
}

pub fn render_error(e: &tera::Error) -> Diagnostic {
    Diagnostic::error(template_error(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_template_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = DEFAULT_TEMPLATES.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn every_default_static_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
        let mut on_disk: Vec<String> = WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| display_path(e.path().strip_prefix(&dir).unwrap()))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<&str> = DEFAULT_STATICS.iter().map(|(n, _)| *n).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn the_built_in_scripts_minify() {
        let scripts: Vec<_> = DEFAULT_STATICS
            .iter()
            .zip(default_minified())
            .filter(|((p, _), _)| is_script(p))
            .collect();
        assert!(scripts.len() >= 7, "{}", scripts.len());
        for ((p, b), m) in scripts {
            let m = m.as_ref().unwrap_or_else(|| {
                let e = crate::minify::script(std::str::from_utf8(b).unwrap());
                panic!("{p} does not minify: {e:?}")
            });
            assert!(
                m.len() < b.len() * 9 / 10,
                "{p}: {} -> {}",
                b.len(),
                m.len()
            );
        }
    }

    #[test]
    fn the_built_in_theme_loads_without_a_themes_folder() {
        let dir = tempfile::tempdir().unwrap();
        let theme = load(dir.path(), "default", true, &mut Vec::new()).unwrap();
        assert!(theme.tera.get_template_names().any(|n| n == "node.html"));
        assert!(load(dir.path(), "other", true, &mut Vec::new()).is_err());
    }
}
