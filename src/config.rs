//! `config.toml`: the site's settings.
//!
//! Two layers, as in Pagefind and ripgrep: [`RawConfig`] is exactly what serde reads (unknown
//! fields are errors), [`Config`] is the checked form the rest of the generator uses.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::front_matter::{self, Format};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, Problem};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_glossary")]
    pub glossary: String,
    /// Readings (ruby) for every page; the reader chooses whether to show them.
    #[serde(default = "default_true")]
    pub furigana: bool,
    /// The theme's scripts written without comments and white space (src/minify.rs).
    #[serde(default = "default_true")]
    pub minify_js: bool,
    #[serde(default)]
    pub plan: Option<RawPlan>,
    #[serde(default)]
    pub resources: Option<ResourcesConfig>,
    #[serde(default)]
    pub news: Option<NewsConfig>,
    /// ウェブアクセシビリティ方針 and 試験結果 pages (`[accessibility]`).
    #[serde(default)]
    pub accessibility: Option<AccessibilityConfig>,
    /// Levels of the area hierarchy, widest first (市全域 → 日常生活圏域 → 地区 → 自治会).
    #[serde(default)]
    pub area_levels: Vec<AreaLevel>,
    #[serde(default)]
    pub areas: Vec<Area>,
    /// How Markdown is turned into HTML (`[markdown]`).
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub extra: BTreeMap<String, toml::Value>,
}

/// `[markdown]`: how content files are turned into HTML.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// What happens to HTML tags written in Markdown (`<details>`, `<br>` …).
    #[serde(default)]
    pub raw_html: RawHtml,
}

/// HTML tags written in Markdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Shown as text, exactly as written (the default: nothing written by hand can run).
    #[default]
    Escape,
    /// Kept when on the content allow-list (`details`, `table`, `ruby` …), cleaned by
    /// `ammonia`: no scripts, styles, frames, forms, event attributes or `javascript:` links.
    Sanitize,
}

/// お知らせ (`[news]`): a section of dated pages with an Atom feed.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct NewsConfig {
    #[serde(default = "default_news_section")]
    pub section: String,
    /// Items this many days old or newer carry a 「新着」 mark.
    #[serde(default = "default_new_days")]
    pub new_days: u32,
    /// How many items the home page shows.
    #[serde(default = "default_news_home")]
    pub on_home: usize,
    /// How many items each page of the section lists; a longer list goes on over
    /// `news/page/2/` and so on.
    #[serde(default = "default_news_per_page")]
    pub per_page: usize,
}

fn default_news_section() -> String {
    "news".into()
}
fn default_new_days() -> u32 {
    14
}
fn default_news_home() -> usize {
    5
}
fn default_news_per_page() -> usize {
    20
}

impl NewsConfig {
    /// The section's list page (its first page).
    pub fn list_url(&self) -> String {
        format!("{}/index.html", self.section)
    }

    pub fn feed_url(&self) -> String {
        format!("{}/atom.xml", self.section)
    }
}

/// The accessibility policy (ウェブアクセシビリティ方針) and its test results (`[accessibility]`).
/// With this table the site gets two pages, linked from every footer.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityConfig {
    /// The folder of the two pages: `accessibility/` and `accessibility/results/`.
    #[serde(default = "default_a11y_section")]
    pub section: String,
    /// 目標とする適合レベル, e.g. 「JIS X 8341-3:2016 の適合レベル AA に準拠」.
    #[serde(default = "default_a11y_target")]
    pub target: String,
    /// 対象範囲.
    #[serde(default = "default_a11y_scope")]
    pub scope: String,
    /// 例外（対象外とするもの）.
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// 問い合わせ先.
    #[serde(default)]
    pub contact: Option<String>,
    /// 方針の策定日.
    #[serde(default, deserialize_with = "crate::dates::opt_date")]
    pub policy_date: Option<chrono::NaiveDate>,
    /// 達成期限 (free text, e.g. 「2027年3月31日」).
    #[serde(default)]
    pub deadline: Option<String>,
    /// True only when people have also checked every success criterion by hand: only then
    /// may a page that passes the automated tests be called 「準拠」.
    #[serde(default)]
    pub human_tested: bool,
    /// The results data file under `content/`, written by the test command.
    #[serde(default = "default_a11y_results")]
    pub results: String,
}

impl AccessibilityConfig {
    pub fn policy_url(&self) -> String {
        format!("{}/index.html", self.section)
    }
    pub fn results_url(&self) -> String {
        format!("{}/results/index.html", self.section)
    }
}

fn default_a11y_section() -> String {
    "accessibility".into()
}
fn default_a11y_target() -> String {
    "JIS X 8341-3:2016 の適合レベル AA に準拠".into()
}
fn default_a11y_scope() -> String {
    "このサイトのすべてのページ".into()
}
fn default_a11y_results() -> String {
    "accessibility-results.toml".into()
}

/// The resource directory's settings (`[resources]`).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResourcesConfig {
    /// The folder under content/ holding one file per resource.
    #[serde(default = "default_resources_section")]
    pub section: String,
    /// Title of the directory's home page.
    #[serde(default = "default_resources_title")]
    pub title: String,
    /// The folder under content/ holding the 相談先ナビ steps.
    #[serde(default = "default_navi_section")]
    pub navi: String,
    /// Where 「このページをすぐ閉じる」 goes: a neutral page (weather forecast).
    #[serde(default = "default_quick_exit")]
    pub quick_exit_url: String,
    /// 情報確認日 older than this many months is reported as a warning.
    #[serde(default = "default_stale_months")]
    pub stale_months: u32,
    /// Most places one list page shows: the directory's home lists every place only up to
    /// this many, the kind, audience and area pages go on to …/page/2/ and further, and an
    /// area with more places gets no printable list.
    #[serde(default = "default_list_limit")]
    pub list_limit: usize,
    /// 種別
    #[serde(default)]
    pub kinds: Vec<Term>,
    /// Who a place is for (高齢者, 子ども …).
    #[serde(default)]
    pub audiences: Vec<Term>,
    /// Accessibility features (車いす, 駐車場, 多目的トイレ, 筆談, 手話 …).
    #[serde(default)]
    pub accessibility: Vec<Term>,
}

/// Every URL of the directory, all under its own folder (`resources/` by default), so they
/// cannot collide with a site's own pages.
impl ResourcesConfig {
    pub fn home_url(&self) -> String {
        format!("{}/index.html", self.section)
    }
    pub fn resource_url(&self, id: &str) -> String {
        format!("{}/{id}/index.html", self.section)
    }
    pub fn kind_url(&self, id: &str) -> String {
        format!("{}/kinds/{id}/index.html", self.section)
    }
    pub fn audience_url(&self, id: &str) -> String {
        format!("{}/for/{id}/index.html", self.section)
    }
    pub fn areas_url(&self) -> String {
        format!("{}/areas/index.html", self.section)
    }
    pub fn area_url(&self, id: &str) -> String {
        format!("{}/areas/{id}/index.html", self.section)
    }
    pub fn area_print_url(&self, id: &str) -> String {
        format!("{}/areas/{id}/print/index.html", self.section)
    }
}

fn default_resources_section() -> String {
    "resources".into()
}
fn default_resources_title() -> String {
    "相談先・居場所をさがす".into()
}
fn default_navi_section() -> String {
    "navi".into()
}
fn default_quick_exit() -> String {
    "https://www.jma.go.jp/bosai/forecast/".into()
}
fn default_list_limit() -> usize {
    100
}
fn default_stale_months() -> u32 {
    12
}

/// An entry of a configured vocabulary: an ASCII id (used in URLs and front matter) and
/// what people read.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub name: String,
    /// Reading in hiragana, for sorting and search.
    #[serde(default)]
    pub kana: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AreaLevel {
    pub id: String,
    pub name: String,
}

/// A welfare area (福祉圏域). `parent` is the id of the wider area containing it.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub kana: Option<String>,
    /// An id from `[[area_levels]]`.
    pub level: String,
    #[serde(default)]
    pub parent: Option<String>,
}

fn default_true() -> bool {
    true
}
fn default_theme() -> String {
    "default".into()
}
fn default_glossary() -> String {
    "glossary.md".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    #[serde(default = "default_plan_section")]
    pub section: String,
    pub title: String,
    #[serde(default)]
    pub levels: Levels,
    #[serde(default)]
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub support: Option<RawSupport>,
    #[serde(default)]
    pub markers: Vec<Marker>,
}

fn default_plan_section() -> String {
    "plan".into()
}

/// What each level of the plan tree is called in this plan.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Levels {
    #[serde(default = "l_goal")]
    pub goal: String,
    #[serde(default = "l_basic")]
    pub basic_plan: String,
    #[serde(default = "l_measure")]
    pub measure: String,
    #[serde(default = "l_item")]
    pub item: String,
}

fn l_goal() -> String {
    "基本目標".into()
}
fn l_basic() -> String {
    "基本計画".into()
}
fn l_measure() -> String {
    "施策".into()
}
fn l_item() -> String {
    "取組".into()
}

impl Default for Levels {
    fn default() -> Self {
        Levels {
            goal: l_goal(),
            basic_plan: l_basic(),
            measure: l_measure(),
            item: l_item(),
        }
    }
}

/// Who carries out actions (行政, 民間, 市社協 …), configured per plan.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub heading: Option<String>,
    /// Other names staff may write as the heading (`市社会福祉協議会` for 市社協).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Markdown inline text printed after the heading, e.g. `[[共助]]・[[公助]]`.
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Where the text of `role` starts in config.toml (the character after its opening
    /// quote), for the problems the link stage finds in it; set by [`Config::load`].
    #[serde(skip)]
    pub role_at: Option<Pos>,
}

impl Actor {
    /// Every heading that names this actor in content: its name, its printed heading and
    /// its aliases.
    pub fn headings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.heading.as_deref())
            .chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSupport {
    pub title: String,
    #[serde(default)]
    pub categories: Vec<Category>,
}

/// A category of a taxonomy such as 重層的支援.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// A revision marker written as printed, e.g. `（変更）`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Marker {
    pub label: String,
    #[serde(default = "default_marker_style")]
    pub style: MarkerStyle,
    /// What the marker means, for the plan pages' legend; its style's meaning when absent.
    #[serde(default)]
    pub description: Option<String>,
}

impl Marker {
    /// What a resident reads the marker as, in the legend of the pages that show it.
    pub fn meaning(&self) -> &str {
        self.description.as_deref().unwrap_or(match self.style {
            MarkerStyle::Changed => "前の計画から内容を変えたものです。",
            MarkerStyle::Added => "この計画で新しく加えたものです。",
            MarkerStyle::Removed => "この計画でやめる（のせない）ものです。",
            MarkerStyle::New => "これから新しく始める案です。",
            MarkerStyle::Repeat => "ほかの項目にも出てくるものを、ここにももう一度のせています。",
        })
    }
}

fn default_marker_style() -> MarkerStyle {
    MarkerStyle::Changed
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkerStyle {
    Changed,
    Added,
    Removed,
    New,
    Repeat,
}

/// The checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// The path part of `base_url`, e.g. `/tottori/`; used where links cannot be relative.
    pub base_path: String,
    pub theme: String,
    pub glossary: String,
    pub furigana: bool,
    pub minify_js: bool,
    pub plan: Option<PlanConfig>,
    pub resources: Option<ResourcesConfig>,
    pub news: Option<NewsConfig>,
    pub accessibility: Option<AccessibilityConfig>,
    pub area_levels: Vec<AreaLevel>,
    /// Widest first; `area_parent[i]` is the index of area i's parent.
    pub areas: Vec<Area>,
    pub area_parent: Vec<Option<usize>>,
    pub markdown: MarkdownConfig,
    pub extra: BTreeMap<String, toml::Value>,
}

impl Config {
    /// Index of the area with this id.
    pub fn area(&self, id: &str) -> Option<usize> {
        self.areas.iter().position(|a| a.id == id)
    }

    /// `i` and every area containing it, narrowest first.
    pub fn area_chain(&self, i: usize) -> Vec<usize> {
        let mut v = vec![i];
        let mut cur = i;
        while let Some(p) = self.area_parent[cur] {
            if v.contains(&p) {
                break; // a loop is reported by the config check
            }
            v.push(p);
            cur = p;
        }
        v
    }
}

#[derive(Debug, Clone)]
pub struct PlanConfig {
    pub section: String,
    pub title: String,
    pub levels: Levels,
    pub actors: Vec<Actor>,
    pub support_title: String,
    pub categories: Vec<Category>,
    pub markers: Vec<Marker>,
}

impl PlanConfig {
    /// The actor a content heading names, by `name` or `heading`.
    pub fn actor_by_heading(&self, heading: &str) -> Option<usize> {
        self.actors
            .iter()
            .position(|a| a.headings().any(|h| h == heading))
    }
}

pub const CONFIG_FILE: &str = "config.toml";
/// Where the value of `key` on line `at` (`role = "…"`) starts: the character after its
/// opening quote. `None` when that line does not set `key` (it was not found in its entry
/// and `at` is the entry's anchor line).
fn value_start(text: &str, key: &str, at: Pos) -> Option<Pos> {
    let line = text.lines().nth(at.line.checked_sub(1)?)?;
    let q = line.find(['"', '\''])?;
    line.trim_start().starts_with(key).then(|| Pos {
        line: at.line,
        col: line[..q].chars().count() + 2,
    })
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Config {
    /// Read and check `ROOT/config.toml`. Problems go into `diags`; `None` if unusable.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
        let file = Path::new(CONFIG_FILE);
        let path = root.join(file);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    diags.push(Diagnostic::error(Problem::NotUtf8).in_file(file));
                    return None;
                }
            },
            Err(e) => {
                diags.push(
                    Diagnostic::error(Problem::Unreadable {
                        detail: e.to_string(),
                    })
                    .in_file(file),
                );
                return None;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let raw: RawConfig = match front_matter::parse(text, 1, Format::Toml) {
            Ok(r) => r,
            Err(d) => {
                diags.push(d.in_file(file));
                return None;
            }
        };
        Self::check(root, raw, text, diags)
    }

    fn check(root: &Path, raw: RawConfig, text: &str, diags: &mut Diagnostics) -> Option<Config> {
        let file = Path::new(CONFIG_FILE);
        let mut ok = true;
        // where the problem of one [[…]] entry is: `key` in the entry whose id is `id`
        let entry = |id: &str, key: &str, last: bool| {
            front_matter::locate_in_entry(text, 1, ("id", id), key, last)
        };
        let mut problem_at = |detail: String, key: &str, pos: Option<Pos>| {
            ok = false;
            let pos = pos.or_else(|| front_matter::locate_key(text, 1, key));
            diags.push(
                Diagnostic::error(Problem::Config { detail })
                    .in_file(file)
                    .at_opt(pos)
                    .field(key.to_string()),
            );
        };
        let base_url = raw
            .base_url
            .clone()
            .unwrap_or_else(|| "/".into())
            .trim_end_matches('/')
            .to_string()
            + "/";
        let base_path = match base_url.find("://") {
            Some(i) => match base_url[i + 3..].find('/') {
                Some(j) => base_url[i + 3 + j..].to_string(),
                None => "/".into(),
            },
            None => base_url.clone(),
        };
        let plan = raw.plan.map(|p| {
            let mut seen = std::collections::HashSet::new();
            for a in &p.actors {
                if !is_slug(&a.id) {
                    problem_at(
                        format!("主体の id「{}」には半角英数字と - _ だけが使えます", a.id),
                        "id",
                        entry(&a.id, "id", false),
                    );
                }
                if !seen.insert(a.id.clone()) {
                    problem_at(
                        format!("主体の id「{}」が重複しています", a.id),
                        "id",
                        entry(&a.id, "id", true),
                    );
                }
            }
            // A heading naming two actors would give its actions to whichever comes first.
            let mut names: std::collections::HashMap<&str, &str> = Default::default();
            for a in &p.actors {
                let mut own = std::collections::HashSet::new();
                for h in a.headings().filter(|h| own.insert(*h)) {
                    match names.insert(h, &a.name) {
                        Some(other) if other != a.name => {
                            let key = if a.aliases.iter().any(|x| x == h) {
                                "aliases"
                            } else if a.heading.as_deref() == Some(h) {
                                "heading"
                            } else {
                                "name"
                            };
                            problem_at(
                                format!(
                                    "見出し「{h}」が、主体「{other}」と「{}」の両方の名前になっています",
                                    a.name
                                ),
                                key,
                                entry(&a.id, key, false),
                            )
                        }
                        _ => {}
                    }
                }
            }
            let (support_title, categories) = match p.support {
                Some(s) => (s.title, s.categories),
                None => (String::new(), Vec::new()),
            };
            for c in &categories {
                if !is_slug(&c.id) {
                    problem_at(
                        format!("分類の id「{}」には半角英数字と - _ だけが使えます", c.id),
                        "id",
                        entry(&c.id, "id", false),
                    );
                }
            }
            if p.actors.is_empty() {
                problem_at(
                    "[[plan.actors]] で取組の主体を1つ以上設定してください".into(),
                    "plan",
                    None,
                );
            }
            let mut actors = p.actors;
            for a in &mut actors {
                a.role_at = entry(&a.id, "role", false).and_then(|at| value_start(text, "role", at));
            }
            PlanConfig {
                section: p.section,
                title: p.title,
                levels: p.levels,
                actors,
                support_title,
                categories,
                markers: p.markers,
            }
        });
        // Areas: unique ids, known levels and parents, no loops.
        let mut area_parent = Vec::new();
        {
            let mut seen = std::collections::HashSet::new();
            for a in &raw.areas {
                if !is_slug(&a.id) {
                    problem_at(
                        format!("地域の id「{}」には半角英数字と - _ だけが使えます", a.id),
                        "id",
                        entry(&a.id, "id", false),
                    );
                }
                if !seen.insert(a.id.as_str()) {
                    problem_at(
                        format!("地域の id「{}」が重複しています", a.id),
                        "id",
                        entry(&a.id, "id", true),
                    );
                }
                if !raw.area_levels.iter().any(|l| l.id == a.level) {
                    problem_at(
                        format!(
                            "地域「{}」の level「{}」が [[area_levels]] にありません",
                            a.name, a.level
                        ),
                        "level",
                        entry(&a.id, "level", false),
                    );
                }
            }
            for a in &raw.areas {
                let parent = a.parent.as_ref().and_then(|p| {
                    let i = raw.areas.iter().position(|x| &x.id == p);
                    if i.is_none() {
                        problem_at(
                            format!("地域「{}」の parent「{p}」という地域がありません", a.name),
                            "parent",
                            entry(&a.id, "parent", false),
                        );
                    }
                    i
                });
                area_parent.push(parent);
            }
            for start in 0..raw.areas.len() {
                let mut cur = start;
                let mut steps = 0;
                while let Some(p) = area_parent[cur] {
                    steps += 1;
                    if p == start || steps > raw.areas.len() {
                        problem_at(
                            format!(
                                "地域「{}」の parent がめぐって元に戻っています",
                                raw.areas[start].name
                            ),
                            "parent",
                            entry(&raw.areas[start].id, "parent", false),
                        );
                        break;
                    }
                    cur = p;
                }
            }
        }
        if let Some(r) = &raw.resources {
            for (what, list) in [
                ("種別", &r.kinds),
                ("対象", &r.audiences),
                ("バリアフリー", &r.accessibility),
            ] {
                let mut seen = std::collections::HashSet::new();
                for t in list.iter() {
                    if !is_slug(&t.id) || !seen.insert(t.id.as_str()) {
                        problem_at(
                            format!(
                                "{what}の id「{}」は半角英数字で、重ならないようにしてください",
                                t.id
                            ),
                            "id",
                            entry(&t.id, "id", true),
                        );
                    }
                }
            }
        }
        if let Some(a) = &raw.accessibility
            && !a.section.split('/').all(is_slug)
        {
            problem_at(
                format!(
                    "アクセシビリティのページのフォルダ「{}」には半角英数字と - _ / だけが使えます",
                    a.section
                ),
                "section",
                None,
            );
        }
        ok.then(|| Config {
            root: root.to_path_buf(),
            title: raw.title,
            description: raw.description,
            base_url,
            base_path,
            theme: raw.theme,
            glossary: raw.glossary,
            furigana: raw.furigana,
            minify_js: raw.minify_js,
            plan,
            resources: raw.resources,
            news: raw.news,
            accessibility: raw.accessibility,
            area_levels: raw.area_levels,
            areas: raw.areas,
            area_parent,
            markdown: raw.markdown,
            extra: raw.extra,
        })
    }
}
