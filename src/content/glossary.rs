//! The glossary (用語解説): one file, one `## 用語` section per term.
//!
//! Terms are referenced from any Markdown as `[[用語]]`; the link stage checks that every
//! referenced term exists and records where each term is used.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pulldown_cmark::{Event, Tag};
use serde::Deserialize;

use super::{SourceFile, parse_file};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, Problem};
use crate::markdown::{self, Ev, Fragment, Rendered};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFront {
    #[serde(deserialize_with = "crate::content::front_matter::non_empty")]
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug)]
pub struct Term {
    /// The term as written in its heading (markers removed).
    pub term: String,
    /// Markers printed on the heading.
    pub markers: Vec<usize>,
    pub anchor: String,
    pub pos: Pos,
    pub definition: Fragment,
    pub rendered: Rendered,
    /// Pages that use the term: (url, title), filled by the link stage.
    pub used_by: Vec<(String, String)>,
}

#[derive(Debug)]
pub struct Glossary {
    pub title: String,
    pub description: Option<String>,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub source: PathBuf,
    pub content_path: String,
    pub url: String,
    pub intro: Fragment,
    pub intro_html: Rendered,
    pub terms: Vec<Term>,
}

impl Glossary {
    pub fn term_url(&self, t: &Term) -> String {
        format!("{}#{}", self.url, t.anchor)
    }
}

pub fn load(config: &Config, file: SourceFile, diags: &mut Diagnostics) -> Option<Glossary> {
    let mut d = Vec::new();
    let parsed = parse_file::<GlossaryFront>(&file, &mut d);
    diags.extend(d);
    let parsed = parsed?;
    let markers = config
        .plan
        .as_ref()
        .map(|p| p.markers.as_slice())
        .unwrap_or(&[]);
    let mut intro: Vec<Ev> = Vec::new();
    let mut terms: Vec<Term> = Vec::new();
    let mut seen: BTreeMap<String, Pos> = BTreeMap::new();
    let events = &parsed.body.events;
    let mut i = 0;
    while i < events.len() {
        let end = match events[i].event {
            Event::Start(_) => markdown::find_end(events, i),
            _ => i,
        };
        let block = &events[i..=end];
        let heading_level = match &block[0].event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        };
        let pos = block[0].pos.unwrap_or(Pos { line: 1, col: 1 });
        match heading_level {
            Some(2) => {
                let text = markdown::plain_text(&block[1..block.len() - 1]);
                let (term, term_markers) = markdown::strip_markers(text.trim(), markers);
                if term.is_empty() {
                    diags.push(
                        Diagnostic::error(Problem::EmptyTerm)
                            .in_file(&file.rel)
                            .at(pos),
                    );
                } else if let Some(first) = seen.get(&term) {
                    diags.push(
                        Diagnostic::error(Problem::DuplicateTerm {
                            term: term.clone(),
                            first: format!(
                                "{}:{}:{}",
                                crate::diagnostics::display_path(&file.rel),
                                first.line,
                                first.col
                            ),
                        })
                        .in_file(&file.rel)
                        .at(pos),
                    );
                } else {
                    seen.insert(term.clone(), pos);
                    terms.push(Term {
                        anchor: format!("term-{}", markdown::slugify(&term)),
                        term,
                        markers: term_markers,
                        pos,
                        definition: Fragment {
                            file: file.rel.clone(),
                            events: Vec::new(),
                        },
                        rendered: Rendered::default(),
                        used_by: Vec::new(),
                    });
                }
            }
            Some(level) if terms.is_empty() || level < 3 => {
                diags.push(
                    Diagnostic::error(Problem::HeadingLevel {
                        found: level,
                        expected_max: 2,
                    })
                    .in_file(&file.rel)
                    .at(pos),
                );
            }
            _ => match terms.last_mut() {
                Some(t) => t.definition.events.extend_from_slice(block),
                None => intro.extend_from_slice(block),
            },
        }
        i = end + 1;
    }
    // Two terms whose slugs collide still need distinct anchors.
    let mut ids = markdown::Ids::default();
    for t in &mut terms {
        t.anchor = ids.unique(&t.anchor);
    }
    let url = crate::content::page::url_for(&file);
    Some(Glossary {
        title: parsed.front.title,
        description: parsed.front.description,
        extra: parsed.front.extra,
        source: file.rel.clone(),
        content_path: file.content_path.clone(),
        url,
        intro: Fragment {
            file: file.rel,
            events: intro,
        },
        intro_html: Rendered::default(),
        terms,
    })
}
