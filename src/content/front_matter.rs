//! Splitting a content file into front matter and body, and parsing the front matter.
//!
//! Steps: strip a BOM → find the opening `+++` (TOML) or `---` (YAML) line → find the
//! closing line → parse with serde into the caller's strict type. Every position reported
//! is counted from the top of the file (the front matter starts on line 2), not from the
//! top of the front matter.

use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, Error as _, Unexpected};

use crate::diagnostics::{Diagnostic, Pos, Problem};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Toml => "TOML",
            Format::Yaml => "YAML",
        }
    }
}

/// A content file cut in two.
#[derive(Debug)]
pub struct Split<'a> {
    pub format: Format,
    pub front: &'a str,
    /// Line of the file on which `front` begins (1-based).
    pub front_line: usize,
    pub body: &'a str,
    /// Line of the file on which `body` begins (1-based).
    pub body_line: usize,
}

/// Cut `text` (BOM already removed) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, Diagnostic> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = text[..first_end].trim_end();
    let (format, delim) = match first {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ => return Err(Diagnostic::error(Problem::NoFrontMatter).at(Pos { line: 1, col: 1 })),
    };
    let mut offset = first_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == delim {
            return Ok(Split {
                format,
                front: &text[first_end..offset],
                front_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(
        Diagnostic::error(Problem::UnclosedFrontMatter { delimiter: delim })
            .at(Pos { line: 1, col: 1 }),
    )
}

/// Parse front matter `text` (starting on line `first_line` of its file) into `T`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    first_line: usize,
    format: Format,
) -> Result<T, Diagnostic> {
    match format {
        Format::Toml => toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start);
            classify(e.message(), text, first_line, offset, format)
        }),
        Format::Yaml => {
            // An empty YAML document is `null`, not an empty map.
            let text_or_map = if text.trim().is_empty() { "{}" } else { text };
            serde_norway::from_str(text_or_map).map_err(|e| {
                let offset = e.location().map(|l| l.index());
                let msg = e.to_string();
                // serde_norway appends " at line L column C"; positions are given separately.
                let msg = msg.split(" at line ").next().unwrap_or(&msg);
                // and puts the path of a nested value first: "draft: invalid type: …"
                let msg = match msg.split_once(": ") {
                    Some((path, rest))
                        if !path.is_empty()
                            && path
                                .chars()
                                .all(|c| c.is_alphanumeric() || "_.[]".contains(c)) =>
                    {
                        rest
                    }
                    _ => msg,
                };
                classify(msg, text, first_line, offset, format)
            })
        }
    }
}

/// [`parse`], listing every unknown field and wrong value it can find at once, not only the
/// first (staff fix them in one go instead of running the check once per mistake): after
/// each such problem the line it is on is blanked and the text read again. A problem that
/// could come from the blanking itself (a syntax error, a missing field after a value was
/// taken away) ends the search unreported; a missing field after only unknown ones is real.
pub fn parse_all<T: DeserializeOwned>(
    text: &str,
    first_line: usize,
    format: Format,
) -> Result<T, Vec<Diagnostic>> {
    let first = match parse::<T>(text, first_line, format) {
        Ok(v) => return Ok(v),
        Err(d) => d,
    };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let mut found = vec![first];
    let mut only_unknown = true;
    while found.len() < 50 {
        let last = &found[found.len() - 1];
        let blankable = matches!(
            last.problem,
            Problem::UnknownField { .. }
                | Problem::InvalidValue { .. }
                | Problem::DuplicateKey { .. }
        );
        let Some(i) = last.pos.and_then(|p| p.line.checked_sub(first_line)) else {
            break;
        };
        if !blankable || i >= lines.len() {
            break;
        }
        only_unknown &= matches!(last.problem, Problem::UnknownField { .. });
        // spaces keep every other position where it was
        lines[i] = lines[i]
            .chars()
            .map(|c| if c == '\n' || c == '\r' { c } else { ' ' })
            .collect();
        let next = match parse::<T>(&lines.concat(), first_line, format) {
            Ok(_) => break,
            Err(d) => d,
        };
        let real = match &next.problem {
            Problem::UnknownField { .. } | Problem::InvalidValue { .. } => true,
            // not when an unknown field above is its misspelling (titel: one mistake)
            Problem::MissingField { field } => {
                only_unknown
                    && !found.iter().any(|d| match &d.problem {
                        Problem::UnknownField {
                            field: typo,
                            expected,
                        } => {
                            crate::diagnostics::suggest(typo, expected.iter().map(String::as_str))
                                .as_ref()
                                == Some(field)
                        }
                        _ => false,
                    })
            }
            _ => false,
        };
        if !real
            || found
                .iter()
                .any(|d| d.pos == next.pos && d.problem == next.problem)
        {
            break;
        }
        let missing = matches!(next.problem, Problem::MissingField { .. });
        found.push(next);
        if missing {
            break;
        }
    }
    Err(found)
}

/// Turn serde's English message into a [`Problem`] with a position.
fn classify(
    msg: &str,
    text: &str,
    first_line: usize,
    offset: Option<usize>,
    format: Format,
) -> Diagnostic {
    // serde_norway puts a value its type refused (a date: 令和8年4月1日 before dates took
    // it, 2026/13/01) at the start of the map, the first field's line: the value the
    // message quotes says which line it is.
    let offset = match (offset, msg.split_once("string \"")) {
        (Some(o), Some((_, rest))) if format == Format::Yaml => {
            let value = rest.split('"').next().unwrap_or("");
            let o = o.min(text.len());
            match text.get(o..).and_then(|t| t.find(value)) {
                Some(at) if !value.is_empty() && !line_at(text, Some(o)).contains(value) => {
                    let at = o + at;
                    Some(text[..at].rfind('\n').map_or(0, |i| i + 1))
                }
                _ => Some(o),
            }
        }
        _ => offset,
    };
    let pos = offset.map(|o| Pos::in_text(text, o, first_line));
    let backticked = |s: &str| -> Vec<String> {
        s.split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, p)| p.to_string())
            .collect()
    };
    let key_at = || offset.and_then(|o| key_of_line(text, o, format));
    let problem = if let Some(rest) = msg.strip_prefix("unknown field ") {
        let names = backticked(rest);
        let field = names.first().cloned().unwrap_or_default();
        Problem::UnknownField {
            field,
            expected: names.into_iter().skip(1).collect(),
        }
    } else if let Some(rest) = msg.strip_prefix("missing field ") {
        Problem::MissingField {
            field: backticked(rest).into_iter().next().unwrap_or_default(),
        }
    } else if msg.contains(NON_EMPTY) {
        let field = key_at().unwrap_or_default();
        Problem::Field {
            ja: format!("「{field}」が空です。"),
            en: format!("`{field}` is empty"),
            hint_ja: Some(
                "\"\" の中に書いてください。空のままでは、住民が見るページに題名や名前が出ません。"
                    .into(),
            ),
            hint_en: Some("write it between the quotes: pages show it to residents".into()),
        }
    } else if let Some(rest) = msg
        .strip_prefix("invalid type: ")
        .or_else(|| msg.strip_prefix("invalid value: "))
    {
        let expected = rest.split(", expected ").nth(1).unwrap_or("").trim();
        Problem::InvalidValue {
            field: key_at().unwrap_or_default(),
            expected: describe_expected(expected),
        }
    } else if let Some(rest) = msg.strip_prefix("unknown variant ") {
        // An enum value that is not one of the allowed words (`raw_html = "allow"`).
        let names = backticked(rest);
        let allowed: Vec<String> = names.iter().skip(1).map(|n| format!("「{n}」")).collect();
        Problem::InvalidValue {
            field: key_at().unwrap_or_default(),
            expected: format!("{}のどれか", allowed.join("・")),
        }
    } else if (msg.starts_with("duplicate key") || msg.starts_with("duplicate field"))
        && line_at(text, offset).trim_start().starts_with('[')
    {
        // a table header, not a `key = value` line: `[resources]` twice, or a name
        // written both as `[[plan.actors]]` (one of a list) and as `[plan.actors]`
        let header = line_at(text, offset).trim();
        let name = header.trim_matches(['[', ']', ' ']);
        let has = |h: String| text.lines().any(|l| l.trim() == h);
        if has(format!("[[{name}]]")) && has(format!("[{name}]")) {
            Problem::Field {
                ja: format!("[[{name}]] と [{name}] の両方が書かれています。"),
                en: format!("`{name}` is written both as [[{name}]] and as [{name}]"),
                hint_ja: Some(format!(
                    "いくつも並べる表は、どれも [[{name}]]（角かっこ2つ）で書きます。[{name}] を [[{name}]] に直してください。"
                )),
                hint_en: Some(format!("write every entry as [[{name}]]")),
            }
        } else {
            Problem::Field {
                ja: format!("{header} が2回書かれています。"),
                en: format!("the table `{header}` is written twice"),
                hint_ja: Some(format!(
                    "{header} は1回だけ書けます。2つ目の {header} の下の項目を1つ目の下に移し、2つ目の {header} の行を消してください。"
                )),
                hint_en: Some(format!(
                    "move the settings under the second {header} to the first, and delete the second header line"
                )),
            }
        }
    } else if msg.starts_with("duplicate key") || msg.starts_with("duplicate field") {
        Problem::DuplicateKey {
            field: backticked(msg)
                .into_iter()
                .next()
                .or_else(key_at)
                .unwrap_or_default(),
        }
    } else if let Some(p) = (format == Format::Toml)
        .then(|| toml_syntax(msg, line_at(text, offset)))
        .flatten()
    {
        p
    } else if msg.contains("invalid date") {
        // TOML dates are checked by the parser: 2026-02-30 is a syntax error there.
        let detail = msg.trim();
        Problem::Field {
            ja: format!("日付が正しくありません。その日はカレンダーにありません（{detail}）。"),
            en: format!("invalid date: no such day ({detail})"),
            hint_ja: Some(
                "年-月-日 の形で、実際にある日付を書いてください（2月は28日まで、うるう年は29日まで）。例: 2026-02-28"
                    .into(),
            ),
            hint_en: Some("write a real date as year-month-day, e.g. 2026-02-28".into()),
        }
    } else {
        Problem::Syntax {
            format: format.name(),
            detail: msg.trim().to_string(),
        }
    };
    let field = match &problem {
        Problem::UnknownField { field, .. }
        | Problem::MissingField { field }
        | Problem::InvalidValue { field, .. }
        | Problem::DuplicateKey { field } => Some(field.clone()).filter(|f| !f.is_empty()),
        Problem::Field { .. } => key_at(),
        _ => None,
    };
    let mut d = Diagnostic::error(problem).at_opt(pos);
    if d.pos.is_none() {
        d = d.at(Pos {
            line: first_line,
            col: 1,
        });
    }
    if let Some(f) = field {
        d = d.field(f);
    }
    d
}

/// The line of `text` holding byte `offset` (empty without one).
fn line_at(text: &str, offset: Option<usize>) -> &str {
    let Some(o) = offset.map(|o| o.min(text.len())) else {
        return "";
    };
    let o = (0..=o)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let start = text[..o].rfind('\n').map_or(0, |i| i + 1);
    let end = text[o..].find('\n').map_or(text.len(), |i| o + i);
    text[start..end].trim_end_matches('\r')
}

/// The TOML parser's syntax errors in the words of the staff who made them. The parser
/// says what it expected (`key with no value, expected =`); the line says what was typed:
/// `title: "…"` as in YAML, a full-width ＝, space or quote from the input method, a
/// Japanese field name, a string left open.
fn toml_syntax(msg: &str, line: &str) -> Option<Problem> {
    let field = |ja: String, hint: &str| Problem::Field {
        ja,
        en: format!("invalid TOML: {}", msg.trim()),
        hint_ja: Some(hint.to_string()),
        hint_en: None,
    };
    let raw_key = line.split(['=', '＝', ':', '：']).next().unwrap_or("");
    // (trim() takes the full-width space as well)
    let key = raw_key.trim();
    let value = line.split_once(['=', '＝']).map_or("", |(_, v)| v.trim());
    let example = "例: title = \"地域食堂の充実\"";
    if line.contains('＝') {
        return Some(field(
            "「＝」が全角になっています。".into(),
            &format!("項目名と値は半角の = でつなぎます。{example}"),
        ));
    }
    if msg.starts_with("key with no value") {
        return Some(if line.contains(':') || line.contains('：') {
            field(
                format!("項目「{key}」と値のあいだが「:」になっています。"),
                &format!(
                    "項目名と値は = でつなぎます。{example}（+++ ではなく --- で囲んだ前付けなら「title: 地域食堂の充実」と書けます）"
                ),
            )
        } else {
            field(
                format!("項目「{key}」に値がありません。"),
                &format!(
                    "「項目名 = 値」の形で書きます。値がないなら、この行を消してください。{example}"
                ),
            )
        });
    }
    if msg.starts_with("invalid unquoted key") || msg.starts_with("invalid key") {
        return Some(if raw_key.contains('　') {
            field(
                "全角の空白があります。".into(),
                &format!("項目名と = のまわりの空白は、半角にしてください。{example}"),
            )
        } else if !key.is_empty() && !key.is_ascii() {
            field(
                format!("項目名「{key}」は使えません。"),
                "項目名は半角の英字で書きます（title、name など）。使える項目名は README の説明にあります。",
            )
        } else {
            return None;
        });
    }
    if msg.starts_with("invalid basic string") || msg.starts_with("unterminated") {
        return Some(field(
            "文字列を閉じる「\"」がありません。".into(),
            "文字列は同じ行の中で \"…\" のように半角の \" で閉じます。文の中に \" を書くときは \\\" と書きます。",
        ));
    }
    // `lat = 北緯35.4`, `lat = 35.4°`: a number with words or signs around it.
    let marked_number = value
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && value.contains(['°', '度', '分', '秒', '北', '東', '緯', '経']);
    if marked_number
        && (msg.starts_with("string values must be quoted")
            || msg.contains("invalid float")
            || msg.contains("invalid number"))
    {
        return Some(field(
            format!("値「{value}」に、数のほかの文字や記号が付いています。"),
            DEGREES_HINT,
        ));
    }
    if msg.starts_with("string values must be quoted") {
        return Some(if value.starts_with(['“', '”', '＂', '「', '‘', '’']) {
            field(
                "文字列を囲む引用符が全角になっています。".into(),
                &format!("半角の \" で囲んでください。{example}"),
            )
        } else {
            field(
                format!("値「{value}」が \"…\" で囲まれていません。"),
                &format!(
                    "文字列は半角の二重引用符で囲みます。{example}。数（weight = 3）、true と false、日付（2026-04-01）は囲みません。"
                ),
            )
        });
    }
    if msg.contains("two-digit") || msg.contains("four-digit") {
        return Some(field(
            "日付は「年-月-日」を4けた・2けた・2けたで書きます。".into(),
            "1けたの月や日には前に 0 を付けます。例: 2026-04-01（2026年4月1日）",
        ));
    }
    None
}

/// How a position written in degrees is made a number (`lat`, `lon`).
const DEGREES_HINT: &str = "数だけを半角で書きます。例: lat = 35.5。「°」「度」「北緯」などは付けず、\"…\" で囲みません。35度24分 のような書き方は、分を60で割って 35.4 のように直します。";

/// What [`non_empty`] expects ([`classify`] knows it).
const NON_EMPTY: &str = "a text that is not empty";

/// `#[serde(deserialize_with = "crate::content::front_matter::non_empty")]`: a required
/// text (a title, a name) left as `""` (as `tsunagu new` writes it) is an error, not a
/// page without a title.
pub fn non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if s.trim().is_empty() {
        return Err(D::Error::invalid_value(Unexpected::Str(&s), &NON_EMPTY));
    }
    Ok(s)
}

/// [`non_empty`] for an optional text: absent is fine, `""` is not.
pub fn opt_non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<String>::deserialize(d)? {
        Some(s) if s.trim().is_empty() => {
            Err(D::Error::invalid_value(Unexpected::Str(&s), &NON_EMPTY))
        }
        v => Ok(v),
    }
}

/// Japanese description of serde's `expected …` phrase.
fn describe_expected(expected: &str) -> String {
    let e = expected.trim_end_matches('.');
    if e.contains("string") {
        "文字列（\"…\" で囲んだ文字）".into()
    } else if e.contains("sequence") {
        "配列（[\"…\", \"…\"] の形）".into()
    } else if e.contains("boolean") || e == "a bool" {
        "true（はい）か false（いいえ）".into()
    } else if e.contains("integer") || e.contains("u32") || e.contains("i64") || e.contains("usize")
    {
        "半角の整数（例: 1）".into()
    } else if e.contains("f64") || e.contains("f32") || e.contains("float") {
        "半角の数（例: 35.5。\"…\" で囲まず、「°」「度」「北緯」なども付けない形）".into()
    } else if e.contains("true or a number") {
        "true か半角の整数（例: 1）".into()
    } else if e.contains("date") {
        "日付（例: 2026-04-01）".into()
    } else if e.contains("map") || e.contains("struct") || e.contains("table") {
        "表（[名前] の形）".into()
    } else {
        format!("正しい形（{e}）")
    }
}

/// The key written on the line containing byte `offset` (`key = …` or `key: …`).
fn key_of_line(text: &str, offset: usize, format: Format) -> Option<String> {
    let line = line_at(text, Some(offset))
        .trim_start()
        .trim_start_matches("- ");
    let sep = if format == Format::Toml { '=' } else { ':' };
    let key = line.split(sep).next()?.trim().trim_matches('"');
    (!key.is_empty() && line.contains(sep)).then(|| key.to_string())
}

/// Position of the first line of `text` that sets `key` (`key =` or `key:`), for
/// reporting problems found after parsing.
pub fn locate_key(text: &str, first_line: usize, key: &str) -> Option<Pos> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key).or_else(|| {
            t.strip_prefix('"')
                .and_then(|r| r.strip_prefix(key))
                .and_then(|r| r.strip_prefix('"'))
        }) && matches!(rest.trim_start().chars().next(), Some('=' | ':'))
        {
            let indent = line.len() - t.len();
            return Some(Pos::in_text(text, offset + indent, first_line));
        }
        offset += line.len();
    }
    None
}

/// Position of `key` in the `[[table]]` entry whose `anchor` is `"value"` (`id = "chuo"`):
/// the first such entry, or the last (a duplicate is the later one). A problem found
/// after parsing belongs to one entry, not to the first line anywhere that sets `key`
/// (`level` of the 30th area was reported at the 1st area's line). Falls back to the
/// anchor's line, then `None`.
pub fn locate_in_entry(
    text: &str,
    first_line: usize,
    (anchor, value): (&str, &str),
    key: &str,
    last: bool,
) -> Option<Pos> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push((offset, line));
        offset += line.len();
    }
    let sets = |line: &str, k: &str| -> Option<String> {
        let rest = line.trim_start().strip_prefix(k)?.trim_start();
        Some(rest.strip_prefix('=')?.trim().to_string())
    };
    let quoted = [format!("\"{value}\""), format!("'{value}'")];
    let mut anchors = lines.iter().enumerate().filter(|(_, (_, l))| {
        sets(l, anchor).is_some_and(|v| quoted.iter().any(|q| v.starts_with(q.as_str())))
    });
    let (at, _) = if last {
        anchors.next_back()?
    } else {
        anchors.next()?
    };
    let header = |l: &str| l.trim_start().starts_with('[');
    let start = (0..=at).rev().find(|&i| header(lines[i].1)).unwrap_or(0);
    let end = (at + 1..lines.len())
        .find(|&i| header(lines[i].1))
        .unwrap_or(lines.len());
    let found = (start..end)
        .find(|&i| sets(lines[i].1, key).is_some())
        .unwrap_or(at);
    let (o, l) = lines[found];
    Some(Pos::in_text(
        text,
        o + l.len() - l.trim_start().len(),
        first_line,
    ))
}

/// Position of `value` written after `key` (for a bad item inside a list).
pub fn locate_value(text: &str, first_line: usize, key: &str, value: &str) -> Option<Pos> {
    let key_pos = locate_key(text, first_line, key)?;
    let key_offset: usize = text
        .split_inclusive('\n')
        .take(key_pos.line - first_line)
        .map(str::len)
        .sum();
    match text[key_offset..].find(value) {
        Some(i) => Some(Pos::in_text(text, key_offset + i, first_line)),
        None => Some(key_pos),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // only deserialised
    struct Fm {
        title: String,
        #[serde(default)]
        weight: i64,
    }

    #[test]
    fn splits_toml_and_yaml_with_crlf() {
        let s = split("+++\r\ntitle = \"a\"\r\n+++\r\nbody\r\n").unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(s.front, "title = \"a\"\r\n");
        assert_eq!(s.body, "body\r\n");
        assert_eq!(s.body_line, 4);
        let s = split("---\ntitle: a\n---\n").unwrap();
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(s.body, "");
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        assert!(matches!(
            split("# hi").unwrap_err().problem,
            Problem::NoFrontMatter
        ));
        assert!(matches!(
            split("+++\ntitle = \"a\"\n").unwrap_err().problem,
            Problem::UnclosedFrontMatter { delimiter: "+++" }
        ));
    }

    #[test]
    fn unknown_field_is_located_from_the_top_of_the_file() {
        let front = "title = \"a\"\ntitel = \"b\"\n";
        let d = parse::<Fm>(front, 2, Format::Toml).unwrap_err();
        assert_eq!(d.pos, Some(Pos { line: 3, col: 1 }));
        match d.problem {
            Problem::UnknownField { field, expected } => {
                assert_eq!(field, "titel");
                assert!(expected.contains(&"title".to_string()));
            }
            p => panic!("{p:?}"),
        }
    }

    #[test]
    fn toml_slips_are_told_in_the_words_of_what_was_typed() {
        use crate::diagnostics::Lang;
        for (front, line, said, hinted) in [
            (
                "title: \"a\"\n",
                1,
                "「title」と値のあいだが「:」",
                "= でつなぎます",
            ),
            ("title ＝ \"a\"\n", 1, "「＝」が全角", "半角の ="),
            ("title　= \"a\"\n", 1, "全角の空白", "空白は、半角に"),
            (
                "title = \"a\"\ndescription\n",
                2,
                "「description」に値がありません",
                "この行を消して",
            ),
            (
                "名称 = \"a\"\n",
                1,
                "項目名「名称」は使えません",
                "半角の英字",
            ),
            (
                "title = \"a\n",
                1,
                "閉じる「\"」がありません",
                "同じ行の中で",
            ),
            ("title = “a”\n", 1, "引用符が全角", "半角の \""),
            (
                "title = a\n",
                1,
                "値「a」が \"…\" で囲まれていません",
                "数（weight = 3）",
            ),
            (
                "title = \"a\"\ndate = 2026-10-1\n",
                2,
                "4けた・2けた・2けた",
                "2026-04-01",
            ),
        ] {
            let d = parse::<Fm>(front, 2, Format::Toml).unwrap_err();
            let msg = d.problem.message(Lang::Ja);
            let hint = d.problem.hint(Lang::Ja).unwrap_or_default();
            assert!(msg.contains(said), "{front:?}: {msg}");
            assert!(hint.contains(hinted), "{front:?}: {hint}");
            assert!(!msg.contains("expected"), "{front:?}: {msg}");
            assert_eq!(d.pos.map(|p| p.line), Some(line + 1), "{front:?}");
        }
    }

    #[test]
    fn a_problem_of_one_table_entry_is_placed_in_that_entry() {
        let text = "title = \"x\"\n\n[[areas]]\nid = \"a\"\nlevel = \"chiku\"\n\n[[areas]]\nlevel = \"mura\"\nid = \"b\"\n\n[[areas]]\nid = \"a\"\n";
        let at = |anchor: (&str, &str), key: &str, last: bool| {
            locate_in_entry(text, 1, anchor, key, last).map(|p| p.line)
        };
        // level of area b is on line 8, above its id; not the first level = on line 5
        assert_eq!(at(("id", "b"), "level", false), Some(8));
        assert_eq!(at(("id", "a"), "level", false), Some(5));
        // the duplicate id a is the later one; an entry without the key gives its id's line
        assert_eq!(at(("id", "a"), "id", true), Some(12));
        assert_eq!(at(("id", "a"), "parent", true), Some(12));
        assert_eq!(at(("id", "zz"), "id", false), None);
        // "a" is not "ab"
        assert_eq!(
            locate_in_entry("id = \"ab\"\n", 1, ("id", "a"), "id", false),
            None
        );
    }

    #[test]
    fn yaml_errors_are_classified_too() {
        let d = parse::<Fm>("title: a\nweigth: 2\n", 2, Format::Yaml).unwrap_err();
        assert!(matches!(d.problem, Problem::UnknownField { .. }), "{d:?}");
        assert_eq!(d.pos.map(|p| p.line), Some(3));
        let d = parse::<Fm>("weight: 2\n", 2, Format::Yaml).unwrap_err();
        assert!(matches!(d.problem, Problem::MissingField { ref field } if field == "title"));
    }

    #[test]
    fn wrong_type_names_the_field() {
        let d = parse::<Fm>("title = \"a\"\nweight = \"heavy\"\n", 2, Format::Toml).unwrap_err();
        assert_eq!(d.field.as_deref(), Some("weight"), "{d:?}");
        assert_eq!(d.pos.map(|p| p.line), Some(3));
    }

    #[test]
    fn locates_keys_and_values() {
        let text = "label = \"1\"\nsupport = [\"a\", \"地域ずくり\"]\n";
        assert_eq!(
            locate_key(text, 2, "support"),
            Some(Pos { line: 3, col: 1 })
        );
        assert_eq!(
            locate_value(text, 2, "support", "地域ずくり"),
            Some(Pos { line: 3, col: 18 })
        );
    }
}
