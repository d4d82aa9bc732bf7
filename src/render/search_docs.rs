//! What the search index holds: one document per plan page, place, glossary term, page and
//! navigator step — with a hiragana reading from the furigana engine, so ちいきしょくどう
//! finds 地域食堂. Drafts and expired pages never get here.

use crate::content::{NodeKind, Site};
use crate::furigana::grades::BEYOND;
use crate::furigana::{Furigana, Segment, katakana_to_hiragana, sentences_holding, with_grades};
use crate::search::snippet::{Piece, TEXT_CHARS};
use crate::search::{SearchDoc, Snippet};
use rayon::prelude::*;

fn doc(url: &str, title: String, body: String, extra_reading: &str, kind: &str) -> SearchDoc {
    SearchDoc {
        url: url.to_string(),
        title,
        body,
        // The author's reading for now; `documents` adds the engine's, in parallel.
        reading: katakana_to_hiragana(extra_reading),
        kind: kind.to_string(),
        area: String::new(),
        audience: Vec::new(),
        boost: 1.0,
        snippet: None,
        text: None,
    }
}

/// Every searchable document of the site, in a stable order.
pub fn documents(site: &Site, furigana: Option<&Furigana>) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    if let (Some(pc), Some(plan)) = (&site.config.plan, &site.plan) {
        for (i, n) in plan.nodes.iter().enumerate().filter(|(_, n)| n.has_page()) {
            let mut body = n.lead_html.text.clone();
            // A page holds its sub-items: their text is part of it.
            let own = std::iter::once(i).chain(
                n.children
                    .iter()
                    .copied()
                    .filter(|&c| plan.nodes[c].kind == NodeKind::Item),
            );
            for j in own {
                let m = &plan.nodes[j];
                if j != i {
                    body.push('\n');
                    body.push_str(&m.title);
                }
                for e in m
                    .targets
                    .iter()
                    .chain(m.actions.iter().flat_map(|a| a.entries.iter()))
                {
                    body.push('\n');
                    body.push_str(&e.rendered.text);
                }
            }
            let level = match n.kind {
                NodeKind::Goal => &pc.levels.goal,
                NodeKind::BasicPlan => &pc.levels.basic_plan,
                NodeKind::Measure | NodeKind::Item => &pc.levels.measure,
            };
            docs.push(doc(&n.url, super::node_heading(pc, n), body, "", level));
        }
    }
    if let Some(rc) = &site.config.resources {
        for r in &site.resources {
            let f = &r.front;
            let mut body = r.rendered.text.clone();
            for part in f
                .services
                .iter()
                .chain(f.address.iter())
                .chain(f.access.iter())
                .chain(f.operator.iter())
            {
                body.push('\n');
                body.push_str(part);
            }
            if let Some(s) = &r.schedule {
                body.push('\n');
                body.push_str(&s.describe_ja().join("\n"));
            }
            let kana = f.name_kana.clone().unwrap_or_default();
            let mut d = doc(&r.url, f.name.clone(), body, &kana, &rc.kinds[r.kind].name);
            d.area = site.config.areas[r.area].name.clone();
            d.audience = r
                .audience
                .iter()
                .map(|&a| rc.audiences[a].name.clone())
                .collect();
            docs.push(d);
        }
    }
    if let Some(g) = &site.glossary {
        for t in &g.terms {
            docs.push(doc(
                &g.term_url(t),
                t.term.clone(),
                t.rendered.text.clone(),
                "",
                "用語",
            ));
        }
    }
    for p in site.pages.iter().filter(|p| !p.expired) {
        docs.push(doc(
            &p.url,
            p.title.clone(),
            p.rendered.text.clone(),
            "",
            "ページ",
        ));
    }
    if let Some(n) = &site.navi {
        for s in &n.steps {
            let body = format!(
                "{}\n{}",
                s.question.clone().unwrap_or_default(),
                s.rendered.text
            );
            docs.push(doc(&s.url, s.title.clone(), body, "", "相談先ナビ"));
        }
    }
    // The kind and area names' words, read once per name (a site has a few dozen).
    let mut names: std::collections::BTreeMap<String, String> = Default::default();
    if let Some(f) = furigana {
        for n in docs.iter().flat_map(|d| [&d.kind, &d.area]) {
            if !names.contains_key(n) {
                names.insert(n.clone(), words(f, n));
            }
        }
    }
    let name_words = |n: &str| names.get(n).cloned().unwrap_or_default();
    // The readings are the costly part (a morphological analysis of every text): spread
    // them over the cores.
    docs.par_iter_mut().for_each(|d| {
        let reading = match furigana {
            Some(f) => format!(
                "{} {}",
                d.reading,
                f.reading(&format!("{}\n{}", d.title, d.body))
            ),
            None => std::mem::take(&mut d.reading),
        };
        d.reading = reading.trim().to_string();
        if let Some(f) = furigana {
            let (snippet, text) = snippet_and_text(f, &d.title, &d.body);
            d.snippet = Some(Snippet {
                kind_readings: name_words(&d.kind),
                area_readings: name_words(&d.area),
                ..snippet
            });
            d.text = Some(text);
        }
    });
    docs
}

/// The snippet of `body` and the words of `title`, and the text of `body` for excerpts
/// ([`SearchDoc::text`]), with their readings (read in whole sentences, as the page and
/// the search reading read them: the engine knows them).
fn snippet_and_text(f: &Furigana, title: &str, body: &str) -> (Snippet, Snippet) {
    let mut segments = Vec::new();
    let mut chars = 0;
    for (i, line) in body.split('\n').enumerate() {
        if chars >= TEXT_CHARS {
            break;
        }
        if i > 0 {
            segments.push(Segment::Text("\n".to_string()));
        }
        // only the sentences the text can show (a line may be a long paragraph)
        let line = sentences_holding(line, TEXT_CHARS - chars);
        chars += line.chars().filter(|c| !c.is_whitespace()).count();
        segments.extend(f.annotate(line));
    }
    let pieces = pieces(&segments);
    let mut snippet = Snippet::from_pieces(pieces.iter().copied());
    snippet.title_readings = words(f, title);
    (snippet, Snippet::within(pieces, TEXT_CHARS))
}

/// The words of a short text (a title, a name) with their readings, as
/// [`Snippet::title_readings`].
fn words(f: &Furigana, text: &str) -> String {
    Snippet::title_words(pieces(&f.annotate(text)))
}

/// Segments as a snippet's pieces: text, or a word with its reading and school grade.
fn pieces(segments: &[Segment]) -> Vec<Piece<'_>> {
    with_grades(segments)
        .map(|(s, grade)| match s {
            Segment::Text(t) => (t.as_str(), None),
            Segment::Ruby { base, reading, .. } => (
                base.as_str(),
                Some((reading.as_str(), grade.unwrap_or(BEYOND))),
            ),
        })
        .collect()
}
