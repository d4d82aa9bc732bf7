//! The welfare plan: a tree of goals (基本目標) → basic plans (基本計画) → measures (施策) →
//! sub-items (①②…).
//!
//! Files under the plan folder give the tree: `1/_index.md` is goal 1, `1/2/_index.md` (or
//! `1/2.md`) its basic plan 2, `1/2/3.md` that plan's measure 3. Sub-items live inside a
//! file as `## ① …` sections. Every node keeps its label as printed, its title, revision
//! markers, priority (重点), 重層的支援 categories, lead text, target states (目指す姿) and
//! actions grouped by actor. See the README for the format staff write.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use pulldown_cmark::{Event, Tag, TagEnd};
use rayon::prelude::*;
use serde::Deserialize;

use super::{Parsed, SourceFile, natural_cmp, parse_file};
use crate::config::PlanConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, Problem, suggest};
use crate::markdown::{self, Ev, Fragment, Rendered};

/// The heading of the target-state section.
pub const TARGETS_HEADING: &str = "目指す姿";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Goal,
    BasicPlan,
    Measure,
    Item,
}

/// `priority = 1` (重点1) or `priority = true` (重点, unnumbered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    Numbered(u32),
    Flag,
}

impl<'de> Deserialize<'de> for Priority {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Option<Priority>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true or a number")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(v.then_some(Priority::Flag))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                u32::try_from(v)
                    .ok()
                    .filter(|n| *n > 0)
                    .map(|n| Some(Priority::Numbered(n)))
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(-1))
            }
        }
        d.deserialize_any(V)?.ok_or_else(|| {
            serde::de::Error::custom("invalid type: false, expected true or a number")
        })
    }
}

impl Priority {
    /// `重点１` (digits full-width, as printed) or `重点`.
    pub fn label(self) -> String {
        match self {
            Priority::Flag => "重点".into(),
            Priority::Numbered(n) => format!("重点{}", full_width_digits(&n.to_string())),
        }
    }
}

pub fn full_width_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeFront {
    #[serde(deserialize_with = "crate::content::front_matter::non_empty")]
    label: String,
    #[serde(
        default,
        deserialize_with = "crate::content::front_matter::opt_non_empty"
    )]
    title: Option<String>,
    #[serde(default)]
    subtitle: Option<String>,
    #[serde(default)]
    priority: Option<Priority>,
    #[serde(default)]
    support: Vec<String>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RootFront {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    vision: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    extra: BTreeMap<String, serde_json::Value>,
}

/// A list item (target state or action), parsed, later rendered.
#[derive(Debug, Clone)]
pub struct Entry {
    pub events: Vec<Ev>,
    pub rendered: Rendered,
}

/// Actions of one actor at one node.
#[derive(Debug, Clone)]
pub struct Actions {
    /// Index into the configured actors.
    pub actor: usize,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    /// `1-1-3`; sub-items add their position: `1-1-3-2`.
    pub id: String,
    pub label: String,
    pub title: String,
    pub markers: Vec<usize>,
    pub subtitle: Option<String>,
    pub priority: Option<Priority>,
    /// Indexes into the configured 重層的支援 categories.
    pub support: Vec<usize>,
    pub description: Option<String>,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub lead: Fragment,
    pub lead_html: Rendered,
    /// Markers printed on the 目指す姿 heading itself, e.g. 【目指す姿】（追加）.
    pub targets_markers: Vec<usize>,
    pub targets: Vec<Entry>,
    pub actions: Vec<Actions>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// The file the node is written in (sub-items: their measure's file).
    pub source: PathBuf,
    pub pos: Pos,
    /// Output page; a sub-item is shown on its parent's page.
    pub url: String,
    /// `item-2` for sub-items.
    pub anchor: Option<String>,
}

impl Node {
    /// Where the node is: its page, plus `#anchor` for sub-items.
    pub fn href(&self) -> String {
        match &self.anchor {
            Some(a) => format!("{}#{a}", self.url),
            None => self.url.clone(),
        }
    }

    pub fn has_page(&self) -> bool {
        self.kind != NodeKind::Item
    }
}

#[derive(Debug)]
pub struct Plan {
    pub title: String,
    pub vision: Option<String>,
    pub description: Option<String>,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub source: PathBuf,
    pub intro: Fragment,
    pub intro_html: Rendered,
    pub url: String,
    /// Every node in reading order (pre-order).
    pub nodes: Vec<Node>,
    pub goals: Vec<usize>,
    /// Ids of plan files that could not be loaded (already reported): references to them
    /// are not reported again.
    pub unloaded: Vec<String>,
}

impl Plan {
    /// Nodes from the top down to `i` (inclusive).
    pub fn ancestry(&self, i: usize) -> Vec<usize> {
        let mut v = vec![i];
        let mut cur = i;
        while let Some(p) = self.nodes[cur].parent {
            v.push(p);
            cur = p;
        }
        v.reverse();
        v
    }
}

struct FileNode {
    segments: Vec<String>,
    file: SourceFile,
    parsed: Parsed<NodeFront>,
}

/// Load the plan from the files under its folder.
pub fn load(pc: &PlanConfig, files: Vec<SourceFile>, diags: &mut Diagnostics) -> Plan {
    let prefix = format!("{}/", pc.section);
    let mut root: Option<(SourceFile, Parsed<RootFront>)> = None;
    let mut node_files = Vec::new();
    for file in files {
        let segs: Vec<String> = file.segments()[1..].iter().map(|s| s.to_string()).collect();
        let segs: Vec<String> = if file.is_index() {
            segs[..segs.len() - 1].to_vec()
        } else {
            segs
        };
        if segs.is_empty() {
            let mut d = Vec::new();
            if let Some(p) = parse_file::<RootFront>(&file, &mut d) {
                root = Some((file, p));
            }
            diags.extend(d);
        } else if segs.len() > 3 {
            diags.push(Diagnostic::error(Problem::PlanTooDeep).in_file(&file.rel));
        } else {
            node_files.push((segs, file));
        }
    }
    let keys: Vec<Vec<String>> = node_files.iter().map(|(s, _)| s.clone()).collect();
    let parsed: Vec<(Option<FileNode>, Vec<Diagnostic>)> = node_files
        .into_par_iter()
        .map(|(segments, file)| {
            let mut d = Vec::new();
            let p = parse_file::<NodeFront>(&file, &mut d);
            (
                p.map(|parsed| FileNode {
                    segments,
                    file,
                    parsed,
                }),
                d,
            )
        })
        .collect();
    let mut by_key: BTreeMap<Vec<String>, FileNode> = BTreeMap::new();
    let mut unloaded = Vec::new();
    for ((node, d), segments) in parsed.into_iter().zip(keys) {
        diags.extend(d);
        let Some(node) = node else {
            unloaded.push(segments.join("-"));
            continue;
        };
        if node.parsed.front.draft {
            continue;
        }
        if let Some(first) = by_key.get(&node.segments) {
            diags.push(
                Diagnostic::error(Problem::DuplicateId {
                    id: node.segments.join("-"),
                    first: crate::diagnostics::display_path(&first.file.rel),
                })
                .in_file(&node.file.rel),
            );
            continue;
        }
        by_key.insert(node.segments.clone(), node);
    }
    // Every node needs its parent folder's _index.md.
    for (key, node) in &by_key {
        if key.len() > 1 && !by_key.contains_key(&key[..key.len() - 1]) {
            diags.push(
                Diagnostic::error(Problem::MissingIndex {
                    folder: format!("content/{prefix}{}", key[..key.len() - 1].join("/")),
                })
                .in_file(&node.file.rel),
            );
        }
    }

    let (title, vision, description, extra, source, intro) = match root {
        Some((file, p)) => (
            p.front.title.unwrap_or_else(|| pc.title.clone()),
            p.front.vision,
            p.front.description,
            p.front.extra,
            file.rel,
            p.body,
        ),
        None => {
            let rel = PathBuf::from(format!("content/{prefix}_index.md"));
            if !by_key.is_empty() {
                diags.push(
                    Diagnostic::error(Problem::MissingIndex {
                        folder: format!("content/{}", pc.section),
                    })
                    .in_file(&rel),
                );
            }
            (
                pc.title.clone(),
                None,
                None,
                BTreeMap::new(),
                rel,
                Fragment::default(),
            )
        }
    };
    let mut plan = Plan {
        title,
        vision,
        description,
        extra,
        source,
        intro,
        intro_html: Rendered::default(),
        url: format!("{}/index.html", pc.section),
        nodes: Vec::new(),
        goals: Vec::new(),
        unloaded,
    };

    // Children of each key, ordered by weight then natural name.
    let mut children: HashMap<Vec<String>, Vec<Vec<String>>> = HashMap::new();
    for key in by_key.keys() {
        children
            .entry(key[..key.len() - 1].to_vec())
            .or_default()
            .push(key.clone());
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| {
            let wa = by_key[a].parsed.front.weight.unwrap_or(0);
            let wb = by_key[b].parsed.front.weight.unwrap_or(0);
            wa.cmp(&wb)
                .then_with(|| natural_cmp(a.last().unwrap(), b.last().unwrap()))
        });
    }
    let goals = children.get(&Vec::new()).cloned().unwrap_or_default();
    for key in goals {
        let i = add_subtree(pc, &mut plan, &mut by_key, &children, &key, None, diags);
        plan.goals.push(i);
    }
    plan
}

fn add_subtree(
    pc: &PlanConfig,
    plan: &mut Plan,
    by_key: &mut BTreeMap<Vec<String>, FileNode>,
    children: &HashMap<Vec<String>, Vec<Vec<String>>>,
    key: &[String],
    parent: Option<usize>,
    diags: &mut Diagnostics,
) -> usize {
    let fnode = by_key.remove(key).expect("key listed as a child exists");
    let kind = match key.len() {
        1 => NodeKind::Goal,
        2 => NodeKind::BasicPlan,
        _ => NodeKind::Measure,
    };
    let idx = plan.nodes.len();
    let url = format!("{}/{}/index.html", pc.section, key.join("/"));
    let mut d = Vec::new();
    let node = file_node(pc, kind, key.join("-"), url, &fnode, parent, &mut d);
    diags.extend(d);
    plan.nodes.push(node);
    if let Some(p) = parent {
        plan.nodes[p].children.push(idx);
    }
    // Sub-items written inside the file come first, then files below it.
    let mut d = Vec::new();
    let body = BodyParts::parse(pc, &fnode.parsed.body, &mut d);
    diags.extend(d);
    let node = &mut plan.nodes[idx];
    node.lead = Fragment {
        file: fnode.file.rel.clone(),
        events: body.lead,
    };
    node.targets = body.targets;
    node.targets_markers = body.targets_markers;
    node.actions = body.actions;
    for (n, item) in body.items.into_iter().enumerate() {
        let parent_node = &plan.nodes[idx];
        let child = Node {
            kind: NodeKind::Item,
            id: format!("{}-{}", parent_node.id, n + 1),
            label: item.label,
            title: item.title,
            markers: item.markers,
            subtitle: None,
            priority: None,
            support: Vec::new(),
            description: None,
            extra: BTreeMap::new(),
            lead: Fragment {
                file: fnode.file.rel.clone(),
                events: item.lead,
            },
            lead_html: Rendered::default(),
            targets_markers: item.targets_markers,
            targets: item.targets,
            actions: item.actions,
            parent: Some(idx),
            children: Vec::new(),
            source: fnode.file.rel.clone(),
            pos: item.pos,
            url: parent_node.url.clone(),
            anchor: Some(format!("item-{}", n + 1)),
        };
        let ci = plan.nodes.len();
        plan.nodes.push(child);
        plan.nodes[idx].children.push(ci);
    }
    if let Some(kids) = children.get(key) {
        for k in kids {
            add_subtree(pc, plan, by_key, children, k, Some(idx), diags);
        }
    }
    idx
}

fn file_node(
    pc: &PlanConfig,
    kind: NodeKind,
    id: String,
    url: String,
    f: &FileNode,
    parent: Option<usize>,
    diags: &mut Vec<Diagnostic>,
) -> Node {
    let front = &f.parsed.front;
    let (title, markers) =
        markdown::strip_markers(front.title.as_deref().unwrap_or(""), &pc.markers);
    let mut support = Vec::new();
    for name in &front.support {
        match pc
            .categories
            .iter()
            .position(|c| &c.name == name || &c.id == name)
        {
            Some(i) => support.push(i),
            None => diags.push(
                Diagnostic::error(Problem::UnknownCategory {
                    name: name.clone(),
                    known: pc.categories.iter().map(|c| c.name.clone()).collect(),
                })
                .in_file(&f.file.rel)
                .at(f.parsed.value_pos("support", name))
                .field("support"),
            ),
        }
    }
    Node {
        kind,
        id,
        label: front.label.trim().to_string(),
        title,
        markers,
        subtitle: front.subtitle.clone(),
        priority: front.priority,
        support,
        description: front.description.clone(),
        extra: front.extra.clone(),
        lead: Fragment::default(),
        lead_html: Rendered::default(),
        targets_markers: Vec::new(),
        targets: Vec::new(),
        actions: Vec::new(),
        parent,
        children: Vec::new(),
        source: f.file.rel.clone(),
        pos: f.parsed.key_pos("label"),
        url,
        anchor: None,
    }
}

/// A sub-item found in a file body.
struct ItemParts {
    label: String,
    title: String,
    markers: Vec<usize>,
    pos: Pos,
    lead: Vec<Ev>,
    targets_markers: Vec<usize>,
    targets: Vec<Entry>,
    actions: Vec<Actions>,
}

/// A file body cut into the node's parts.
#[derive(Default)]
struct BodyParts {
    lead: Vec<Ev>,
    targets_markers: Vec<usize>,
    targets: Vec<Entry>,
    actions: Vec<Actions>,
    items: Vec<ItemParts>,
}

#[derive(Clone, Copy, PartialEq)]
enum Owner {
    Node,
    Item,
}

#[derive(Clone, Copy, PartialEq)]
enum Section {
    Lead(Owner),
    Targets(Owner),
    Actor(Owner, usize),
    /// After a heading that was reported as wrong: its content is skipped.
    Skip,
}

/// Is `c` a circled number used as a sub-item label (①…⑳, ㉑…㉟, ㊱…㊿)?
fn is_circled(c: char) -> bool {
    matches!(c, '\u{2460}'..='\u{2473}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}')
}

/// Split `①見守り支援` / `① 見守り支援` into label and title.
fn split_label(text: &str) -> (String, String) {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if is_circled(c) => (c.to_string(), chars.as_str().trim().to_string()),
        _ => (String::new(), text.trim().to_string()),
    }
}

/// Top-level blocks of an event list, as index ranges.
fn blocks(events: &[Ev]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let end = match events[i].event {
            Event::Start(_) => markdown::find_end(events, i),
            _ => i,
        };
        out.push(i..end + 1);
        i = end + 1;
    }
    out
}

impl BodyParts {
    fn parse(pc: &PlanConfig, body: &Fragment, diags: &mut Vec<Diagnostic>) -> BodyParts {
        let mut parts = BodyParts::default();
        let mut section = Section::Lead(Owner::Node);
        let known_headings: Vec<String> = std::iter::once(TARGETS_HEADING.to_string())
            .chain(pc.actors.iter().map(|a| a.name.clone()))
            .chain(pc.actors.iter().filter_map(|a| a.heading.clone()))
            .collect();
        let actor_names: Vec<String> = pc.actors.iter().map(|a| a.name.clone()).collect();
        let events = &body.events;
        for range in blocks(events) {
            let block = &events[range.clone()];
            let first = &block[0];
            if let Event::Start(Tag::Heading { level, .. }) = &first.event {
                let level = *level as usize;
                let pos = first.pos.unwrap_or(Pos { line: 1, col: 1 });
                let text = markdown::plain_text(&block[1..block.len() - 1]);
                let (base, markers) = markdown::strip_markers(text.trim(), &pc.markers);
                let in_item = !parts.items.is_empty()
                    && !matches!(
                        section,
                        Section::Lead(Owner::Node)
                            | Section::Targets(Owner::Node)
                            | Section::Actor(Owner::Node, _)
                    );
                let owner = match level {
                    2 => Owner::Node,
                    3 if in_item => Owner::Item,
                    _ => {
                        diags.push(
                            Diagnostic::error(Problem::HeadingLevel {
                                found: level,
                                expected_max: if in_item { 3 } else { 2 },
                            })
                            .in_file(&body.file)
                            .at(pos),
                        );
                        section = Section::Skip;
                        continue;
                    }
                };
                section = if base == TARGETS_HEADING {
                    match owner {
                        Owner::Node => parts.targets_markers = markers,
                        Owner::Item => {
                            if let Some(it) = parts.items.last_mut() {
                                it.targets_markers = markers;
                            }
                        }
                    }
                    Section::Targets(owner)
                } else if let Some(a) = pc.actor_by_heading(&base) {
                    Section::Actor(owner, a)
                } else if owner == Owner::Item
                    || suggest(&base, known_headings.iter().map(String::as_str)).is_some()
                {
                    diags.push(
                        Diagnostic::error(Problem::UnknownHeading {
                            heading: base.clone(),
                            known: actor_names.clone(),
                        })
                        .in_file(&body.file)
                        .at(pos),
                    );
                    Section::Skip
                } else {
                    let (label, title) = split_label(&base);
                    parts.items.push(ItemParts {
                        label,
                        title,
                        markers,
                        pos,
                        lead: Vec::new(),
                        targets_markers: Vec::new(),
                        targets: Vec::new(),
                        actions: Vec::new(),
                    });
                    Section::Lead(Owner::Item)
                };
                continue;
            }
            match section {
                Section::Skip => {}
                Section::Lead(Owner::Node) => parts.lead.extend_from_slice(block),
                Section::Lead(Owner::Item) => {
                    if let Some(it) = parts.items.last_mut() {
                        it.lead.extend_from_slice(block);
                    }
                }
                Section::Targets(owner) | Section::Actor(owner, _) => {
                    let entries = match list_entries(block) {
                        Some(e) => e,
                        None => {
                            let name = match section {
                                Section::Actor(_, a) => pc.actors[a].name.clone(),
                                _ => TARGETS_HEADING.to_string(),
                            };
                            diags.push(
                                Diagnostic::error(Problem::ActionsNotList { actor: name })
                                    .in_file(&body.file)
                                    .at_opt(first.pos),
                            );
                            continue;
                        }
                    };
                    let (targets, actions) = match owner {
                        Owner::Node => (&mut parts.targets, &mut parts.actions),
                        Owner::Item => match parts.items.last_mut() {
                            Some(it) => (&mut it.targets, &mut it.actions),
                            None => continue,
                        },
                    };
                    match section {
                        Section::Actor(_, a) => match actions.iter_mut().find(|x| x.actor == a) {
                            Some(x) => x.entries.extend(entries),
                            None => actions.push(Actions { actor: a, entries }),
                        },
                        _ => targets.extend(entries),
                    }
                }
            }
        }
        // `## 市社会福祉協議会` over a list of actions reads as a sub-item without a number,
        // and its actions would be missing from the actor's page without a word. The real
        // plan has unnumbered sub-items (「…（項目削除）」), so this is a 注意, not an error.
        for it in &parts.items {
            let lead = blocks(&it.lead);
            if it.label.is_empty()
                && !lead.is_empty()
                && lead
                    .iter()
                    .all(|r| matches!(it.lead[r.start].event, Event::Start(Tag::List(_))))
            {
                diags.push(
                    unread_actor(&it.title, &actor_names)
                        .in_file(&body.file)
                        .at(it.pos),
                );
            }
        }
        for list in std::iter::once(&mut parts.actions)
            .chain(parts.items.iter_mut().map(|i| &mut i.actions))
        {
            list.sort_by_key(|a| a.actor);
        }
        parts
    }
}

/// A heading over a list that names no actor and has no ① label.
fn unread_actor(heading: &str, actors: &[String]) -> Diagnostic {
    let names = actors
        .iter()
        .map(|a| format!("「{a}」"))
        .collect::<Vec<_>>()
        .join("、");
    Diagnostic::warning(Problem::Field {
        ja: format!(
            "見出し「{heading}」は取組の主体の名前ではないため、番号のない小項目として扱いました。この下の箇条書きは、主体ごとの取組のページに出ません。"
        ),
        en: format!(
            "the heading `{heading}` names no actor, so it was taken as a sub-item without a number; the list under it is missing from the actors' pages"
        ),
        hint_ja: Some(format!(
            "主体の取組なら、見出しを{names}のどれかにしてください。この呼び方のままにするなら、config.toml の [[plan.actors]] に aliases = [\"{heading}\"] と書き足してください。小項目なら、見出しを「① …」のように番号から始めてください。"
        )),
        hint_en: Some(format!(
            "if these are an actor's actions, use one of the actors' names as the heading, or add aliases = [\"{heading}\"] to its [[plan.actors]] in config.toml; if it is a sub-item, start the heading with its number (①)"
        )),
    })
}

/// The items of a list block, each as its own entry; `None` if the block is not a list.
fn list_entries(block: &[Ev]) -> Option<Vec<Entry>> {
    if !matches!(block.first()?.event, Event::Start(Tag::List(_))) {
        return None;
    }
    let inner = &block[1..block.len() - 1];
    Some(
        blocks(inner)
            .into_iter()
            .filter(|r| matches!(inner[r.start].event, Event::Start(Tag::Item)))
            .map(|r| Entry {
                events: inner[r].to_vec(),
                rendered: Rendered::default(),
            })
            .collect(),
    )
}

/// Events of an item as written: `Start(Item) … End(Item)`.
pub fn is_item(events: &[Ev]) -> bool {
    matches!(
        events.first().map(|e| &e.event),
        Some(Event::Start(Tag::Item))
    ) && matches!(
        events.last().map(|e| &e.event),
        Some(Event::End(TagEnd::Item))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Actor, Levels, Marker, MarkerStyle};
    use crate::diagnostics::{Lang, Severity};
    use std::path::Path;

    fn pc() -> PlanConfig {
        let actor = |id: &str, name: &str, heading: &str| Actor {
            id: id.into(),
            name: name.into(),
            heading: Some(heading.into()),
            aliases: Vec::new(),
            role: None,
            description: None,
            role_at: None,
        };
        PlanConfig {
            section: "plan".into(),
            title: "計画".into(),
            levels: Levels::default(),
            actors: vec![
                actor("gyosei", "行政", "行政による取組"),
                actor("minkan", "民間", "民間の方向性"),
                actor("shakyo", "市社協", "市社協の役割"),
            ],
            support_title: String::new(),
            categories: Vec::new(),
            markers: vec![Marker {
                label: "変更".into(),
                style: MarkerStyle::Changed,
                description: None,
            }],
        }
    }

    fn parts(body: &str) -> (BodyParts, Vec<Diagnostic>) {
        let frag = markdown::parse(body, 5, Path::new("content/plan/1/1/1.md"));
        let mut d = Vec::new();
        (BodyParts::parse(&pc(), &frag, &mut d), d)
    }

    #[test]
    fn body_is_cut_into_lead_targets_actions_and_items() {
        let (p, d) = parts(
            "リード文です。（変更）\n\n## 目指す姿（変更）\n- 姿1\n- 姿2\n\n## 行政による取組\n- 行政1\n\n## 市社協\n- 社協1\n- 社協2\n\n\
             ## ① 見守り支援（変更）\n### 民間\n- 民間1\n\n## 住民の福祉学習\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(markdown::plain_text(&p.lead), "リード文です。（変更）");
        assert_eq!(p.targets.len(), 2);
        assert_eq!(p.targets_markers, vec![0]);
        assert_eq!(
            p.actions
                .iter()
                .map(|a| (a.actor, a.entries.len()))
                .collect::<Vec<_>>(),
            vec![(0, 1), (2, 2)]
        );
        assert_eq!(p.items.len(), 2);
        assert_eq!(
            (p.items[0].label.as_str(), p.items[0].title.as_str()),
            ("①", "見守り支援")
        );
        assert_eq!(p.items[0].markers, vec![0]);
        assert_eq!(p.items[0].actions[0].actor, 1);
        assert_eq!(
            (p.items[1].label.as_str(), p.items[1].title.as_str()),
            ("", "住民の福祉学習")
        );
        assert!(is_item(&p.targets[0].events));
    }

    #[test]
    fn misspelt_actor_heading_is_an_error_not_a_sub_item() {
        let (p, d) = parts("## 市社教\n- あ\n");
        assert!(p.items.is_empty());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].pos, Some(Pos { line: 5, col: 1 }));
        assert!(
            d[0].problem
                .hint(crate::diagnostics::Lang::Ja)
                .unwrap()
                .contains("「市社協」")
        );
    }

    #[test]
    fn an_unknown_heading_over_a_list_is_a_warning_and_aliases_name_actors() {
        // 市社会福祉協議会 is no actor's name here: its list becomes an unnumbered
        // sub-item, and staff are told so.
        let body = "## 市社会福祉協議会\n- 社協1\n\n## 住民の福祉学習（項目削除）\n\n## ② 説明だけの小項目\n- あ\n";
        let (p, d) = parts(body);
        assert_eq!(p.items.len(), 3);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(d[0].pos, Some(Pos { line: 5, col: 1 }));
        assert!(
            d[0].problem
                .message(Lang::Ja)
                .contains("「市社会福祉協議会」")
        );
        let hint = d[0].problem.hint(Lang::Ja).unwrap();
        assert!(hint.contains("「市社協」"), "{hint}");
        assert!(hint.contains(r#"aliases = ["市社会福祉協議会"]"#), "{hint}");
        // With the alias configured, the list is 市社協's actions.
        let mut pc = pc();
        pc.actors[2].aliases = vec!["市社会福祉協議会".into()];
        let mut d = Vec::new();
        let frag = markdown::parse(body, 5, Path::new("content/plan/1.md"));
        let p = BodyParts::parse(&pc, &frag, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(p.actions.len(), 1);
        assert_eq!((p.actions[0].actor, p.actions[0].entries.len()), (2, 1));
        assert_eq!(p.items.len(), 2);
    }

    #[test]
    fn actions_must_be_a_list() {
        let (_, d) = parts("## 行政\n段落で書いた取組\n");
        assert!(matches!(&d[0].problem, Problem::ActionsNotList { actor } if actor == "行政"));
        assert_eq!(d[0].pos.map(|p| p.line), Some(6));
    }

    #[test]
    fn level_three_outside_an_item_is_an_error() {
        let (_, d) = parts("### 行政\n- あ\n");
        assert!(matches!(
            d[0].problem,
            Problem::HeadingLevel { found: 3, .. }
        ));
    }

    #[test]
    fn priority_reads_numbers_and_true() {
        #[derive(Deserialize)]
        struct P {
            priority: Priority,
        }
        assert_eq!(
            toml::from_str::<P>("priority = 2").unwrap().priority,
            Priority::Numbered(2)
        );
        assert_eq!(
            toml::from_str::<P>("priority = true").unwrap().priority,
            Priority::Flag
        );
        assert!(toml::from_str::<P>("priority = \"high\"").is_err());
        assert_eq!(Priority::Numbered(1).label(), "重点１");
    }
}
