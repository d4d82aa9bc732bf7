//! 相談先ナビ: a decision tree written as one Markdown file per step under
//! `content/navi/` (`_index.md` is the start). A step either asks a question with options
//! leading to other steps, or answers: emergency numbers and the matching 相談窓口.
//! Everything is a static page, so it works without JavaScript.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Deserialize;

use super::{SourceFile, parse_file};
use crate::config::Config;
use crate::content::resource::Resource;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, suggest};
use crate::markdown::{Fragment, Rendered};

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct NaviOption {
    #[serde(deserialize_with = "crate::content::front_matter::non_empty")]
    pub label: String,
    /// The step it leads to: a file name in the navi folder, without `.md`.
    pub to: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// An emergency or national number, defined once in `_index.md`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Number {
    pub id: String,
    pub name: String,
    pub phone: String,
    #[serde(default)]
    pub hours: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// In `_index.md` a number is defined (a table); in a step it is referenced by id.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum NumberEntry {
    Id(String),
    Def(Number),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepFront {
    #[serde(deserialize_with = "crate::content::front_matter::non_empty")]
    title: String,
    #[serde(default)]
    question: Option<String>,
    #[serde(default)]
    options: Vec<NaviOption>,
    #[serde(default)]
    numbers: Vec<NumberEntry>,
    #[serde(default)]
    kinds: Vec<String>,
    #[serde(default)]
    audience: Vec<String>,
    #[serde(default)]
    resources: Vec<String>,
    #[serde(default)]
    quick_exit: bool,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug)]
pub struct Step {
    /// `_index` for the start, else the file name.
    pub id: String,
    pub source: PathBuf,
    pub content_path: String,
    pub url: String,
    pub title: String,
    pub question: Option<String>,
    pub options: Vec<NaviOption>,
    /// Indexes into [`Navi::numbers`].
    pub numbers: Vec<usize>,
    /// Indexes into the configured kinds and audiences, and into `site.resources`.
    pub kinds: Vec<usize>,
    pub audience: Vec<usize>,
    pub resources: Vec<usize>,
    pub quick_exit: bool,
    pub description: Option<String>,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub body: Fragment,
    pub rendered: Rendered,
}

#[derive(Debug)]
pub struct Navi {
    pub section: String,
    /// The start step is first.
    pub steps: Vec<Step>,
    pub numbers: Vec<Number>,
}

impl Navi {
    pub fn step(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// The steps leading from the start to `i` (start first, `i` excluded): the first path
    /// found breadth-first, for breadcrumbs.
    pub fn path_to(&self, i: usize) -> Vec<usize> {
        let mut prev: Vec<Option<usize>> = vec![None; self.steps.len()];
        let mut seen = vec![false; self.steps.len()];
        let mut queue = std::collections::VecDeque::from([0]);
        seen[0] = true;
        while let Some(s) = queue.pop_front() {
            for o in &self.steps[s].options {
                if let Some(t) = self.step(&o.to)
                    && !seen[t]
                {
                    seen[t] = true;
                    prev[t] = Some(s);
                    queue.push_back(t);
                }
            }
        }
        let mut path = Vec::new();
        let mut cur = prev[i];
        while let Some(p) = cur {
            path.push(p);
            cur = prev[p];
        }
        path.reverse();
        path
    }
}

fn unknown(what_ja: &str, what_en: &str, value: &str, known: &[String]) -> Diagnostic {
    match what_en {
        "number" => {
            return Diagnostic::field_error(
                format!("電話番号「{value}」は最初のページ（_index.md）の [[numbers]] に書かれていません。"),
                format!("the number `{value}` is not defined in _index.md [[numbers]]"),
            )
            .hint(
                format!("_index.md に [[numbers]] で id = \"{value}\" の番号を加えてください。いま書かれているのは {} です。", known.join(", ")),
                format!("add it to [[numbers]] in _index.md; defined: {}", known.join(", ")),
            );
        }
        "kind" | "audience" => {
            return Diagnostic::field_error(
                format!("{what_ja}「{value}」は設定されていません。"),
                format!("{what_en} `{value}` is not configured"),
            )
            .hint(
                format!(
                    "config.toml で設定されているのは {} です。",
                    known.join(", ")
                ),
                format!("config.toml defines {}", known.join(", ")),
            );
        }
        _ => {}
    }
    let close = suggest(value, known.iter().map(String::as_str));
    let (hj, he) = match close {
        Some(c) => (
            format!("「{c}」の書きまちがいではありませんか。"),
            format!("did you mean `{c}`?"),
        ),
        None => (
            format!("使えるのは {} です。", known.join(", ")),
            format!("known: {}", known.join(", ")),
        ),
    };
    Diagnostic::field_error(
        format!("{what_ja}「{value}」が見つかりません。"),
        format!("{what_en} `{value}` does not exist"),
    )
    .hint(hj, he)
}

/// Load the navigator's steps; `resources` are already loaded.
pub fn load(
    config: &Config,
    files: Vec<SourceFile>,
    resources: &[Resource],
    diags: &mut Diagnostics,
) -> Option<Navi> {
    let rc = config.resources.as_ref()?;
    if files.is_empty() {
        return None;
    }
    let section = rc.navi.clone();
    let parsed: Vec<(
        SourceFile,
        Option<super::Parsed<StepFront>>,
        Vec<Diagnostic>,
    )> = files
        .into_par_iter()
        .map(|f| {
            let mut d = Vec::new();
            let p = parse_file::<StepFront>(&f, &mut d);
            (f, p, d)
        })
        .collect();
    let mut raw = Vec::new();
    for (f, p, d) in parsed {
        diags.extend(d);
        if let Some(p) = p {
            raw.push((f, p));
        }
    }
    // Start first, then by weight and name.
    raw.sort_by(|(a, pa), (b, pb)| {
        (!a.is_index(), pa.front.weight.unwrap_or(0), &a.content_path).cmp(&(
            !b.is_index(),
            pb.front.weight.unwrap_or(0),
            &b.content_path,
        ))
    });
    if !raw.first().is_some_and(|(f, _)| f.is_index()) {
        diags.push(
            Diagnostic::field_error(
                format!("相談先ナビの最初のページ content/{section}/_index.md がありません。"),
                format!("the navigator has no start page content/{section}/_index.md"),
            )
            .in_file(&raw[0].0.rel),
        );
        return None;
    }
    let mut numbers: Vec<Number> = Vec::new();
    for (f, p) in &raw {
        for n in &p.front.numbers {
            if let NumberEntry::Def(def) = n {
                if !f.is_index() {
                    diags.push(
                        Diagnostic::field_error(
                            "電話番号の定義（[[numbers]]）は最初のページ（_index.md）に書きます。",
                            "numbers are defined in _index.md only",
                        )
                        .in_file(&f.rel)
                        .at(p.key_pos("numbers")),
                    );
                } else if !crate::opendata::phone::is_valid_jp_phone(&def.phone) {
                    diags.push(
                        Diagnostic::field_error(
                            format!("電話番号「{}」の形が正しくありません。", def.phone),
                            format!("`{}` is not a valid phone number", def.phone),
                        )
                        .in_file(&f.rel)
                        .at(p.value_pos("phone", &def.phone))
                        .field("phone"),
                    );
                } else if let Some(first) = numbers.iter().find(|x| x.id == def.id) {
                    // Two definitions with one id: steps could not say which they mean.
                    diags.push(
                        Diagnostic::field_error(
                            format!(
                                "電話番号の id「{}」が2回定義されています（「{}」と「{}」）。",
                                def.id, first.name, def.name
                            ),
                            format!("the number id `{}` is defined twice", def.id),
                        )
                        .hint(
                            "[[numbers]] の id は1つずつ違うものにしてください。同じ番号なら、2つめの [[numbers]] を消します。",
                            "give every [[numbers]] entry its own id; delete the second one if it is the same number",
                        )
                        .in_file(&f.rel)
                        .at(second_id_pos(p, &def.id))
                        .field("id"),
                    );
                } else {
                    numbers.push(def.clone());
                }
            }
        }
    }
    let ids: Vec<String> = raw
        .iter()
        .map(|(f, _)| {
            if f.is_index() {
                "_index".to_string()
            } else {
                f.segments()
                    .last()
                    .map(|s| s.to_string())
                    .unwrap_or_default()
            }
        })
        .collect();
    let step_names: Vec<String> = ids.iter().filter(|i| *i != "_index").cloned().collect();
    let number_ids: Vec<String> = numbers.iter().map(|n| n.id.clone()).collect();
    let kind_ids: Vec<String> = rc.kinds.iter().map(|t| t.id.clone()).collect();
    let audience_ids: Vec<String> = rc.audiences.iter().map(|t| t.id.clone()).collect();
    let resource_ids: Vec<String> = resources.iter().map(|r| r.id.clone()).collect();
    let mut steps = Vec::new();
    for ((f, p), id) in raw.into_iter().zip(ids) {
        let fr = &p.front;
        let at = |key: &str, v: &str| p.value_pos(key, v);
        for o in &fr.options {
            if o.to == id {
                diags.push(
                    Diagnostic::field_error(
                        format!("選択肢「{}」の行き先（to = \"{}\"）がこのページ自身です。", o.label, o.to),
                        format!("the option `{}` leads to this same step (`{}`)", o.label, o.to),
                    )
                    .hint(
                        "選ぶと同じページに戻ってしまいます。次に進むページのファイル名（.md を除く）を書いてください。",
                        "an option must lead to another step: write that step's file name without .md",
                    )
                    .in_file(&f.rel)
                    .at(at("to", &o.to))
                    .field("to"),
                );
            } else if !step_names.contains(&o.to) {
                diags.push(
                    unknown("行き先のページ", "step", &o.to, &step_names)
                        .in_file(&f.rel)
                        .at(at("to", &o.to))
                        .field("to"),
                );
            }
        }
        let resolve = |list: &[String],
                       known: &[String],
                       key: &str,
                       ja: &str,
                       en: &str,
                       diags: &mut Diagnostics|
         -> Vec<usize> {
            list.iter()
                .filter_map(|v| {
                    let i = known.iter().position(|k| k == v);
                    if i.is_none() {
                        diags.push(
                            unknown(ja, en, v, known)
                                .in_file(&f.rel)
                                .at(at(key, v))
                                .field(key),
                        );
                    }
                    i
                })
                .collect()
        };
        let refs: Vec<String> = fr
            .numbers
            .iter()
            .filter_map(|n| match n {
                NumberEntry::Id(s) => Some(s.clone()),
                NumberEntry::Def(_) => None,
            })
            .collect();
        let numbers_idx = resolve(&refs, &number_ids, "numbers", "電話番号", "number", diags);
        let kinds = resolve(&fr.kinds, &kind_ids, "kinds", "種別", "kind", diags);
        let audience = resolve(
            &fr.audience,
            &audience_ids,
            "audience",
            "対象",
            "audience",
            diags,
        );
        let res = resolve(
            &fr.resources,
            &resource_ids,
            "resources",
            "場所",
            "resource",
            diags,
        );
        // A question needs options, and options need a question.
        if fr.question.is_some() == fr.options.is_empty() {
            diags.push(
                Diagnostic::field_error(
                    "質問（question）と選択肢（[[options]]）は一緒に書きます。",
                    "a question needs options and options need a question",
                )
                .in_file(&f.rel)
                .at(Pos {
                    line: p.front_line,
                    col: 1,
                }),
            );
        }
        let url = if id == "_index" {
            format!("{section}/index.html")
        } else {
            format!("{section}/{id}/index.html")
        };
        steps.push(Step {
            id,
            source: f.rel.clone(),
            content_path: f.content_path.clone(),
            url,
            title: fr.title.clone(),
            question: fr.question.clone(),
            options: fr.options.clone(),
            numbers: numbers_idx,
            kinds,
            audience,
            resources: res,
            quick_exit: fr.quick_exit,
            description: fr.description.clone(),
            extra: fr.extra.clone(),
            body: p.body,
            rendered: Rendered::default(),
        });
    }
    Some(Navi {
        section,
        steps,
        numbers,
    })
}

/// Where the second `id = "…"` with this value is written in the front matter (the
/// duplicate), or the first if there is only one.
fn second_id_pos<F>(p: &super::Parsed<F>, id: &str) -> crate::diagnostics::Pos {
    let quoted = [format!("\"{id}\""), format!("'{id}'")];
    let hits: Vec<usize> = p
        .front_text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_start();
            l.starts_with("id")
                && l[2..].trim_start().starts_with([':', '='])
                && quoted.iter().any(|q| l.contains(q.as_str()))
        })
        .map(|(i, _)| i)
        .collect();
    match hits.get(1).or(hits.first()) {
        Some(&i) => crate::diagnostics::Pos {
            line: p.front_line + i,
            col: 1,
        },
        None => p.key_pos("id"),
    }
}
