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
                }
                .to_string();
                classify(&msg, text, first_line, offset, format)
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
    } else if msg.starts_with("duplicate key") || msg.starts_with("duplicate field") {
        Problem::DuplicateKey {
            field: backticked(msg)
                .into_iter()
                .next()
                .or_else(key_at)
                .unwrap_or_default(),
        }
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
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[start..end].trim_start().trim_start_matches("- ");
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
