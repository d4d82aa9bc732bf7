//! Problems found in a site, reported to the people who edit its content.
//!
//! Every stage pushes [`Diagnostic`]s into a [`Diagnostics`] list and keeps going, so one run
//! reports every problem, not just the first. A diagnostic names the file (relative to the
//! site root), the line and column counted from the top of that file, the field, what is
//! wrong and how to fix it. Messages exist in Japanese (the default: the staff who edit a
//! portal are Japanese) and English.

use std::fmt::Write as _;
use std::path::Path;

/// Language of messages shown to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// `--lang` wins; otherwise `LANG`/`LC_ALL` starting with `en` selects English.
    pub fn detect(flag: Option<&str>) -> Lang {
        let from = |s: &str| {
            if s.starts_with("en") {
                Some(Lang::En)
            } else if s.starts_with("ja") {
                Some(Lang::Ja)
            } else {
                None
            }
        };
        if let Some(l) = flag.and_then(from) {
            return l;
        }
        for var in ["LC_ALL", "LANG"] {
            if let Some(l) = std::env::var(var).ok().as_deref().and_then(from) {
                return l;
            }
        }
        Lang::Ja
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    /// Position of byte `offset` inside `text`, whose first line is line `first_line` of its file.
    pub fn in_text(text: &str, offset: usize, first_line: usize) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos {
            line: first_line + line,
            col: text[line_start..offset].chars().count() + 1,
        }
    }
}

/// Maps byte offsets of one text to positions, in O(log n) per lookup.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    first_line: usize,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            text,
            first_line,
            starts,
        }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        Pos {
            line: self.first_line + line,
            col: self.text[self.starts[line]..offset].chars().count() + 1,
        }
    }
}

/// What is wrong. Each variant knows how to say so in every [`Lang`].
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Unreadable {
        detail: String,
    },
    NotUtf8,
    BadFileName {
        name: String,
    },
    NoFrontMatter,
    UnclosedFrontMatter {
        delimiter: &'static str,
    },
    Syntax {
        format: &'static str,
        detail: String,
    },
    UnknownField {
        field: String,
        expected: Vec<String>,
    },
    MissingField {
        field: String,
    },
    InvalidValue {
        field: String,
        expected: String,
    },
    DuplicateKey {
        field: String,
    },
    DuplicateId {
        id: String,
        first: String,
    },
    DuplicateOutput {
        url: String,
        first: String,
    },
    UnknownTerm {
        term: String,
        known: Vec<String>,
    },
    DuplicateTerm {
        term: String,
        first: String,
    },
    BrokenLink {
        target: String,
    },
    MissingAlt {
        src: String,
    },
    UnknownCategory {
        name: String,
        known: Vec<String>,
    },
    UnknownHeading {
        heading: String,
        known: Vec<String>,
    },
    ActionsNotList {
        actor: String,
    },
    HeadingLevel {
        found: usize,
        expected_max: usize,
    },
    PlanTooDeep,
    MissingIndex {
        folder: String,
    },
    EmptyTerm,
    NoGlossary {
        term: String,
    },
    Template {
        detail: String,
    },
    /// A problem described by the module that found it, in both languages.
    Field {
        ja: String,
        en: String,
        hint_ja: Option<String>,
        hint_en: Option<String>,
    },
    Config {
        detail: String,
    },
    Output {
        detail: String,
    },
}

fn quoted_list(items: &[String], lang: Lang) -> String {
    const MAX: usize = 12;
    let mut out: Vec<String> = items
        .iter()
        .take(MAX)
        .map(|s| match lang {
            Lang::Ja => format!("「{s}」"),
            Lang::En => format!("`{s}`"),
        })
        .collect();
    if items.len() > MAX {
        out.push(match lang {
            Lang::Ja => format!("ほか{}件", items.len() - MAX),
            Lang::En => format!("and {} more", items.len() - MAX),
        });
    }
    out.join(if lang == Lang::Ja { "、" } else { ", " })
}

/// The closest candidate to `word`, if it is close enough to be a plausible typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let w: Vec<char> = word.chars().collect();
    // Two-character words (互助, 共助) are often different real words, not typos.
    if w.len() < 3 {
        return None;
    }
    let limit = (w.len() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&w, &c.chars().collect::<Vec<_>>()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// two neighbouring characters (the commonest typo: `titel`) each cost one.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        use Problem::*;
        match (lang, self) {
            (Lang::Ja, Unreadable { detail }) => {
                format!("ファイルを読み込めません（{}）。", io_detail_ja(detail))
            }
            (Lang::En, Unreadable { detail }) => format!("cannot read the file ({detail})"),
            (Lang::Ja, NotUtf8) => "文字コードが UTF-8 ではありません。".into(),
            (Lang::En, NotUtf8) => "the file is not UTF-8 text".into(),
            (Lang::Ja, BadFileName { name }) => {
                format!("ファイル名・フォルダ名「{name}」は使えません。")
            }
            (Lang::En, BadFileName { name }) => {
                format!("the file or folder name `{name}` is not allowed")
            }
            (Lang::Ja, NoFrontMatter) => {
                "ファイルの先頭に前付け（+++ で囲んだ設定）がありません。".into()
            }
            (Lang::En, NoFrontMatter) => {
                "the file does not start with front matter (between +++ lines)".into()
            }
            (Lang::Ja, UnclosedFrontMatter { delimiter }) => {
                format!("前付けの終わりを示す「{delimiter}」の行がありません。")
            }
            (Lang::En, UnclosedFrontMatter { delimiter }) => {
                format!("the front matter is not closed by a `{delimiter}` line")
            }
            (Lang::Ja, Syntax { format, detail }) => {
                format!("{format} の書き方に誤りがあります（{detail}）。")
            }
            (Lang::En, Syntax { format, detail }) => format!("invalid {format}: {detail}"),
            (Lang::Ja, UnknownField { field, .. }) => {
                format!("「{field}」という項目はありません。")
            }
            (Lang::En, UnknownField { field, .. }) => format!("unknown field `{field}`"),
            (Lang::Ja, MissingField { field }) => format!("必須の項目「{field}」がありません。"),
            (Lang::En, MissingField { field }) => {
                format!("the required field `{field}` is missing")
            }
            (Lang::Ja, InvalidValue { field, expected }) => {
                format!("項目「{field}」の値が正しくありません。{expected}で書いてください。")
            }
            (Lang::En, InvalidValue { field, expected }) => {
                format!("invalid value for `{field}`: expected {expected}")
            }
            (Lang::Ja, DuplicateKey { field }) => format!("項目「{field}」が2回書かれています。"),
            (Lang::En, DuplicateKey { field }) => format!("the field `{field}` is written twice"),
            (Lang::Ja, DuplicateId { id, first }) => {
                format!("同じ計画の項目「{id}」が2つのファイルにあります（もう一つは {first}）。")
            }
            (Lang::En, DuplicateId { id, first }) => {
                format!("the plan item `{id}` is defined in two files (the other is {first})")
            }
            (Lang::Ja, DuplicateOutput { url, first }) => {
                format!("出力先「{url}」が {first} と重なっています。")
            }
            (Lang::En, DuplicateOutput { url, first }) => {
                format!("the output path `{url}` is also produced by {first}")
            }
            (Lang::Ja, UnknownTerm { term, .. }) => {
                format!("用語「{term}」は用語解説にありません。")
            }
            (Lang::En, UnknownTerm { term, .. }) => {
                format!("the term `{term}` is not in the glossary")
            }
            (Lang::Ja, DuplicateTerm { term, first }) => {
                format!("用語「{term}」が2回説明されています（1回目は {first}）。")
            }
            (Lang::En, DuplicateTerm { term, first }) => {
                format!("the term `{term}` is defined twice ({first})")
            }
            (Lang::Ja, BrokenLink { target }) => format!("リンク先「{target}」が見つかりません。"),
            (Lang::En, BrokenLink { target }) => {
                format!("the link target `{target}` does not exist")
            }
            (Lang::Ja, MissingAlt { src }) => {
                format!("画像「{src}」に代わりの文章（alt）がありません。")
            }
            (Lang::En, MissingAlt { src }) => format!("the image `{src}` has no alternative text"),
            (Lang::Ja, UnknownCategory { name, .. }) => {
                format!("分類「{name}」は設定されていません。")
            }
            (Lang::En, UnknownCategory { name, .. }) => {
                format!("the category `{name}` is not configured")
            }
            (Lang::Ja, UnknownHeading { heading, .. }) => {
                format!("見出し「{heading}」は、取組の主体の名前とよく似ていますが一致しません。")
            }
            (Lang::En, UnknownHeading { heading, .. }) => {
                format!("the heading `{heading}` looks like an actor's name but does not match one")
            }
            (Lang::Ja, ActionsNotList { actor }) => {
                format!("「{actor}」の取組が箇条書きになっていません。")
            }
            (Lang::En, ActionsNotList { actor }) => {
                format!("the actions of `{actor}` are not a list")
            }
            (
                Lang::Ja,
                HeadingLevel {
                    found,
                    expected_max,
                },
            ) => format!(
                "見出しのレベルが正しくありません（{} を使っていますが、ここでは {} までです）。",
                "#".repeat(*found),
                "#".repeat(*expected_max)
            ),
            (
                Lang::En,
                HeadingLevel {
                    found,
                    expected_max,
                },
            ) => {
                format!("heading level {found} is not allowed here (at most level {expected_max})")
            }
            (Lang::Ja, PlanTooDeep) => "計画のフォルダの階層が深すぎます。".into(),
            (Lang::En, PlanTooDeep) => "the plan folder is nested too deeply".into(),
            (Lang::Ja, MissingIndex { folder }) => {
                format!("フォルダ「{folder}」に _index.md がありません。")
            }
            (Lang::En, MissingIndex { folder }) => {
                format!("the folder `{folder}` has no _index.md")
            }
            (Lang::Ja, EmptyTerm) => "用語の見出しが空です。".into(),
            (Lang::En, EmptyTerm) => "a glossary heading is empty".into(),
            (Lang::Ja, NoGlossary { term }) => {
                format!("用語「{term}」を参照していますが、用語解説のファイルがありません。")
            }
            (Lang::En, NoGlossary { term }) => {
                format!("the term `{term}` is referenced but the site has no glossary file")
            }
            (Lang::Ja, Field { ja, .. }) => ja.clone(),
            (Lang::En, Field { en, .. }) => en.clone(),
            (Lang::Ja, Template { detail }) => format!("テンプレートの誤りです: {detail}"),
            (Lang::En, Template { detail }) => format!("template error: {detail}"),
            (Lang::Ja, Config { detail }) => format!("設定の誤りです: {detail}"),
            (Lang::En, Config { detail }) => format!("configuration error: {detail}"),
            (Lang::Ja, Output { detail }) => format!("出力を書き込めません: {detail}"),
            (Lang::En, Output { detail }) => format!("cannot write the output: {detail}"),
        }
    }

    pub fn hint(&self, lang: Lang) -> Option<String> {
        use Problem::*;
        let ja = lang == Lang::Ja;
        Some(match self {
            NotUtf8 => {
                if ja {
                    "メモ帳などで開き、「UTF-8」を選んで保存し直してください。".into()
                } else {
                    "save the file again with the UTF-8 encoding".into()
                }
            }
            BadFileName { .. } => {
                if ja {
                    "名前はURLになるため、半角の英字・数字・「-」・「_」だけを使ってください（例: 1.md, salon-list.md）。".into()
                } else {
                    "names become URLs: use ASCII letters, digits, `-` and `_` only".into()
                }
            }
            NoFrontMatter => {
                if ja {
                    "1行目を「+++」にし、title = \"題名\" などを書いて、もう一度「+++」の行で閉じてください。".into()
                } else {
                    "start the file with a `+++` line, then `title = \"...\"`, then another `+++` line".into()
                }
            }
            UnclosedFrontMatter { delimiter } => {
                if ja {
                    format!("前付けの最後に「{delimiter}」だけの行を入れてください。")
                } else {
                    format!("add a line containing only `{delimiter}` after the front matter")
                }
            }
            Syntax { format, .. } => {
                if ja {
                    if *format == "TOML" {
                        "文字列は \"…\" のように半角の二重引用符で囲みます。例: title = \"地域食堂の充実\"".into()
                    } else {
                        "「項目: 値」の形で書き、字下げは半角スペースでそろえてください。".into()
                    }
                } else if *format == "TOML" {
                    "strings are written in double quotes: title = \"...\"".into()
                } else {
                    "write `field: value` and indent with spaces".into()
                }
            }
            UnknownField { field, expected } => {
                let close = suggest(field, expected.iter().map(String::as_str));
                match (ja, close) {
                    (true, Some(c)) => format!("「{c}」の書きまちがいではありませんか。"),
                    (false, Some(c)) => format!("did you mean `{c}`?"),
                    (true, None) if expected.is_empty() => "この場所には項目を書けません。".into(),
                    (false, None) if expected.is_empty() => "no fields are allowed here".into(),
                    (true, None) => format!(
                        "使える項目は {} です。自由な項目は [extra] の下に書けます。",
                        quoted_list(expected, lang)
                    ),
                    (false, None) => format!(
                        "the fields allowed here are {}; free-form fields go under [extra]",
                        quoted_list(expected, lang)
                    ),
                }
            }
            MissingField { field } => {
                if ja {
                    format!("前付けに {field} = \"…\" の行を加えてください。")
                } else {
                    format!("add a line `{field} = \"...\"` to the front matter")
                }
            }
            DuplicateKey { .. } => {
                if ja {
                    "どちらか一方を消してください。".into()
                } else {
                    "remove one of them".into()
                }
            }
            DuplicateId { .. } | DuplicateOutput { .. } => {
                if ja {
                    "ファイル名かフォルダ名を変えて、重ならないようにしてください。".into()
                } else {
                    "rename one of the files".into()
                }
            }
            UnknownTerm { term, known } => {
                match (ja, suggest(term, known.iter().map(String::as_str))) {
                    (true, Some(c)) => format!(
                        "「{c}」の書きまちがいではありませんか。新しい用語なら、用語解説に「## {term}」の見出しで説明を加えてください。"
                    ),
                    (false, Some(c)) => format!(
                        "did you mean `{c}`? A new term needs a `## {term}` section in the glossary"
                    ),
                    (true, None) => {
                        format!("用語解説のファイルに「## {term}」の見出しで説明を加えてください。")
                    }
                    (false, None) => format!("add a `## {term}` section to the glossary file"),
                }
            }
            DuplicateTerm { .. } => {
                if ja {
                    "説明を1つにまとめてください。".into()
                } else {
                    "keep one definition".into()
                }
            }
            BrokenLink { .. } => {
                if ja {
                    "リンクは [文字](@/content からのパス.md) の形で書きます。例: [地域食堂](@/plan/1/2/2.md)。ファイル名を確かめてください。".into()
                } else {
                    "internal links are written [text](@/path/from/content.md); check the file name"
                        .into()
                }
            }
            MissingAlt { .. } => {
                if ja {
                    "![写真の内容を説明する文](画像.jpg) のように、[ ] の中に画像の内容を書いてください。".into()
                } else {
                    "describe the image inside the brackets: ![what the photo shows](photo.jpg)"
                        .into()
                }
            }
            UnknownCategory { name, known } => {
                match (ja, suggest(name, known.iter().map(String::as_str))) {
                    (true, Some(c)) => format!("「{c}」の書きまちがいではありませんか。"),
                    (false, Some(c)) => format!("did you mean `{c}`?"),
                    (true, None) => format!("使える分類は {} です。", quoted_list(known, lang)),
                    (false, None) => {
                        format!("the configured categories are {}", quoted_list(known, lang))
                    }
                }
            }
            UnknownHeading { heading, known } => {
                match (ja, suggest(heading, known.iter().map(String::as_str))) {
                    (true, Some(c)) => format!(
                        "「{c}」の書きまちがいではありませんか。見出しに使える主体は {} です。",
                        quoted_list(known, lang)
                    ),
                    (false, Some(c)) => format!(
                        "did you mean `{c}`? The actors are {}",
                        quoted_list(known, lang)
                    ),
                    (true, None) => {
                        format!("見出しに使える主体は {} です。", quoted_list(known, lang))
                    }
                    (false, None) => format!("the actors are {}", quoted_list(known, lang)),
                }
            }
            ActionsNotList { .. } => {
                if ja {
                    "取組は1つずつ「- 」で始まる行（箇条書き）で書いてください。".into()
                } else {
                    "write one action per line starting with `- `".into()
                }
            }
            HeadingLevel { .. } => {
                if ja {
                    "ページの題名が見出し1になるので、本文の見出しは「##」から始め、1段ずつ下げてください（## の次は ###）。".into()
                } else {
                    "the page title is the level-1 heading: start body headings at `##` and go down one level at a time".into()
                }
            }
            PlanTooDeep => {
                if ja {
                    "計画は 基本目標/基本計画/施策.md の3階層までです。取組（①②…）は施策のファイルの中に「## ①」の見出しで書きます。".into()
                } else {
                    "the plan has three folder levels: goal/basic-plan/measure.md; sub-items go inside the measure file as `## ①` sections".into()
                }
            }
            MissingIndex { folder } => {
                if ja {
                    format!(
                        "「{folder}/_index.md」を作り、前付けに label と title を書いてください。"
                    )
                } else {
                    format!("create `{folder}/_index.md` with a label and a title")
                }
            }
            EmptyTerm => {
                if ja {
                    "「## 用語」のように、見出しに用語を書いてください。".into()
                } else {
                    "write the term in the heading: `## term`".into()
                }
            }
            NoGlossary { .. } => {
                if ja {
                    "content/glossary.md を作り、「## 用語」の見出しで説明を書いてください。".into()
                } else {
                    "create content/glossary.md with a `## term` section per term".into()
                }
            }
            Template { .. } => {
                if ja {
                    "テーマのテンプレート（themes/ の下）を直した人に連絡してください。".into()
                } else {
                    "check the theme's templates under themes/".into()
                }
            }
            Field {
                hint_ja, hint_en, ..
            } => {
                return if ja { hint_ja.clone() } else { hint_en.clone() };
            }
            InvalidValue { .. } | Unreadable { .. } | Config { .. } | Output { .. } => {
                return None;
            }
        })
    }
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: Option<String>,
    pub pos: Option<Pos>,
    pub field: Option<String>,
    pub problem: Problem,
}

impl Diagnostic {
    pub fn error(problem: Problem) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            pos: None,
            field: None,
            problem,
        }
    }

    pub fn warning(problem: Problem) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(problem)
        }
    }

    /// A problem explained in both languages by the caller.
    pub fn field_error(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Diagnostic::error(Problem::Field {
            ja: ja.into(),
            en: en.into(),
            hint_ja: None,
            hint_en: None,
        })
    }

    /// Add a hint to a [`Problem::Field`].
    pub fn hint(mut self, ja: impl Into<String>, en: impl Into<String>) -> Self {
        if let Problem::Field {
            hint_ja, hint_en, ..
        } = &mut self.problem
        {
            *hint_ja = Some(ja.into());
            *hint_en = Some(en.into());
        }
        self
    }

    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(display_path(file));
        self
    }

    pub fn at(mut self, pos: Pos) -> Self {
        self.pos = Some(pos);
        self
    }

    pub fn at_opt(mut self, pos: Option<Pos>) -> Self {
        self.pos = pos.or(self.pos);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The message as printed: headline, place and hint, one per line.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        let (kind, place, fieldname, hint) = match lang {
            Lang::Ja => (
                match self.severity {
                    Severity::Error => "エラー",
                    Severity::Warning => "注意",
                },
                "場所",
                "項目",
                "ヒント",
            ),
            Lang::En => (
                match self.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "at",
                "field",
                "hint",
            ),
        };
        let _ = writeln!(out, "{kind}: {}", self.problem.message(lang));
        if let Some(file) = &self.file {
            let _ = write!(out, "  {place}: {file}");
            if let Some(p) = self.pos {
                let _ = write!(out, ":{}:{}", p.line, p.col);
            }
            if let Some(f) = &self.field {
                let _ = write!(out, "（{fieldname}: {f}）");
            }
            out.push('\n');
        }
        if let Some(h) = self.problem.hint(lang) {
            let _ = writeln!(out, "  {hint}: {h}");
        }
        out
    }
}

/// `a/b/c.md` on every platform.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Every diagnostic of a run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.list
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The files with an error of their own so far (as `Diagnostic::file` names them).
    pub fn files_with_errors(&self) -> std::collections::HashSet<String> {
        self.list
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .filter_map(|d| d.file.clone())
            .collect()
    }

    /// Sorted by file, then position, so output is grouped by file and stable.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.list.iter().collect();
        v.sort_by(|a, b| (&a.file, a.pos, a.severity).cmp(&(&b.file, b.pos, b.severity)));
        v
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }

    /// The full report: each diagnostic, then a summary line.
    pub fn report(&self, lang: Lang) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.render(lang));
        }
        let errors = self.error_count();
        let warnings = self.list.len() - errors;
        let mut files: Vec<&String> = self.list.iter().filter_map(|d| d.file.as_ref()).collect();
        files.sort();
        files.dedup();
        // (a problem of no file, as a search before any build, counts no files)
        let _ = match (lang, files.len()) {
            (Lang::Ja, 0) => writeln!(out, "エラー {errors}件、注意 {warnings}件。"),
            (Lang::Ja, n) => writeln!(
                out,
                "エラー {errors}件、注意 {warnings}件（ファイル {n}件）。"
            ),
            (Lang::En, 0) => writeln!(out, "{errors} error(s), {warnings} warning(s)."),
            (Lang::En, n) => writeln!(
                out,
                "{errors} error(s), {warnings} warning(s) in {n} file(s)."
            ),
        };
        out
    }
}

/// The operating system's reason for a failed read, in Japanese where it is a common one
/// (the English text stays, for whoever searches for it).
fn io_detail_ja(detail: &str) -> String {
    const KNOWN: [(&str, &str); 5] = [
        (
            "Too many levels of symbolic links",
            "シンボリックリンクが循環しています。リンクをたどると自分自身に戻ります",
        ),
        ("No such file or directory", "ファイルがありません"),
        ("Permission denied", "読み取りの権限がありません"),
        ("Is a directory", "ファイルではなくフォルダです"),
        ("Not a directory", "フォルダではなくファイルです"),
    ];
    match KNOWN.iter().find(|(en, _)| detail.contains(en)) {
        Some((_, ja)) => format!("{ja}: {detail}"),
        None => detail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "a = 1\nタイトル = 2\n";
        let off = text.find('2').unwrap();
        assert_eq!(Pos::in_text(text, off, 2), Pos { line: 3, col: 8 });
        assert_eq!(Pos::in_text(text, 0, 1), Pos { line: 1, col: 1 });
    }

    #[test]
    fn display_paths_use_slashes_and_keep_absolute_roots() {
        assert_eq!(display_path(Path::new("content/a.md")), "content/a.md");
        assert_eq!(display_path(Path::new("/tmp/x.csv")), "/tmp/x.csv");
    }

    #[test]
    fn line_index_agrees_with_the_linear_scan() {
        let text = "一行目\n二行目です\n\nlast";
        let idx = LineIndex::new(text, 5);
        for (off, _) in text.char_indices() {
            assert_eq!(idx.pos(off), Pos::in_text(text, off, 5), "offset {off}");
        }
    }

    #[test]
    fn suggestions_find_close_words_only() {
        let fields = ["title", "label", "support", "priority"];
        assert_eq!(suggest("titel", fields), Some("title".into()));
        assert_eq!(suggest("supprt", fields), Some("support".into()));
        assert_eq!(suggest("zzzzzzzz", fields), None);
        assert_eq!(
            suggest("互助", ["共助", "公助"]),
            None,
            "short words are not guessed"
        );
        assert_eq!(
            suggest("市社教", ["行政", "民間", "市社協"]),
            Some("市社協".into())
        );
    }

    #[test]
    fn rendering_names_file_line_field_and_hint() {
        let d = Diagnostic::error(Problem::UnknownField {
            field: "titel".into(),
            expected: vec!["title".into(), "label".into()],
        })
        .in_file(Path::new("content/a.md"))
        .at(Pos { line: 2, col: 1 })
        .field("titel");
        let ja = d.render(Lang::Ja);
        assert!(ja.contains("content/a.md:2:1"), "{ja}");
        assert!(ja.contains("「title」の書きまちがい"), "{ja}");
        let en = d.render(Lang::En);
        assert!(en.contains("did you mean `title`"), "{en}");
    }
}
