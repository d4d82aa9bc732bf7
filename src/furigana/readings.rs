//! The site's reading dictionary, `content/readings.toml`: local names and words whose
//! reading the analyser does not know or gets wrong. These readings win over the
//! analyser wherever the surface appears.
//!
//! ```toml
//! [[readings]]
//! surface = "皆生"     # as written in the text
//! reading = "かいけ"   # in hiragana (katakana is folded to hiragana)
//!
//! [[readings]]
//! surface = "用瀬"
//! reading = "もちがせ"
//! ```
//!
//! Problems (TOML syntax, an empty surface, a reading that is not kana, a surface listed
//! twice) are reported with the file, line and column, like every content error.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::content::front_matter::{self, Format};
use crate::diagnostics::{Diagnostic, Pos};

use super::UserEntry;
use super::kana::{fold, is_kana};

/// Where a site keeps its reading dictionary, relative to the site root.
pub const READINGS_FILE: &str = "content/readings.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    readings: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    surface: Spanned<String>,
    reading: Spanned<String>,
}

/// Load `ROOT/content/readings.toml`. A site without the file has no entries.
pub fn load_site_readings(root: &Path) -> Result<Vec<UserEntry>, Vec<Diagnostic>> {
    let path = root.join(READINGS_FILE);
    let shown = Path::new(READINGS_FILE);
    match std::fs::read(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(vec![
            Diagnostic::field_error(
                format!("ファイルを読み込めません（{e}）。"),
                format!("cannot read the file ({e})"),
            )
            .in_file(shown),
        ]),
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse_readings(&text, shown),
            Err(_) => Err(vec![
                Diagnostic::error(crate::diagnostics::Problem::NotUtf8).in_file(shown),
            ]),
        },
    }
}

/// Parse the text of a reading dictionary; `file` names it in diagnostics.
pub fn parse_readings(text: &str, file: &Path) -> Result<Vec<UserEntry>, Vec<Diagnostic>> {
    let raw: RawFile =
        front_matter::parse(text, 1, Format::Toml).map_err(|d| vec![d.in_file(file)])?;
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut entries = Vec::with_capacity(raw.readings.len());
    for entry in raw.readings {
        let at = |span: std::ops::Range<usize>| Pos::in_text(text, span.start, 1);
        let surface = entry.surface.get_ref().trim().to_string();
        let reading = entry.reading.get_ref().trim().to_string();
        if surface.is_empty() {
            errors.push(
                Diagnostic::field_error(
                    "読みを付ける語（surface）が空です。",
                    "`surface` is empty",
                )
                .hint(
                    "読みを付けたい語を書きます（例：surface = \"皆生\"）。",
                    "write the word to read, e.g. surface = \"皆生\"",
                )
                .field("surface")
                .in_file(file)
                .at(at(entry.surface.span())),
            );
            continue;
        }
        if reading.is_empty() || !reading.chars().all(is_kana) {
            errors.push(
                Diagnostic::field_error(
                    format!("「{surface}」の読み「{reading}」は、ひらがなで書いてください。"),
                    format!("the reading `{reading}` of `{surface}` must be written in kana"),
                )
                .hint(
                    "例：reading = \"かいけ\"（漢字・英字・空白は使えません）",
                    "e.g. reading = \"かいけ\" (no kanji, Latin letters or spaces)",
                )
                .field("reading")
                .in_file(file)
                .at(at(entry.reading.span())),
            );
            continue;
        }
        let line = at(entry.surface.span()).line;
        if let Some(first) = seen.insert(surface.clone(), line) {
            errors.push(
                Diagnostic::field_error(
                    format!("「{surface}」の読みが2回書かれています（1回目は {first} 行目）。"),
                    format!("`{surface}` is listed twice (first on line {first})"),
                )
                .hint(
                    "どちらか一方を消してください。",
                    "remove one of the two entries",
                )
                .field("surface")
                .in_file(file)
                .at(at(entry.surface.span())),
            );
            continue;
        }
        entries.push(UserEntry {
            surface,
            reading: fold(&reading),
        });
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_folds_katakana() {
        let text = "[[readings]]\nsurface = \"皆生\"\nreading = \"カイケ\"\n";
        let entries = parse_readings(text, Path::new("r.toml")).unwrap_or_default();
        assert_eq!(
            entries,
            [UserEntry {
                surface: "皆生".into(),
                reading: "かいけ".into()
            }]
        );
    }

    #[test]
    fn problems_have_lines() {
        let text = "[[readings]]\nsurface = \"皆生\"\nreading = \"皆生\"\n\
                    [[readings]]\nsurface = \"米子\"\nreading = \"よなご\"\n\
                    [[readings]]\nsurface = \"米子\"\nreading = \"よなご\"\n";
        let errors = parse_readings(text, Path::new("r.toml"))
            .err()
            .unwrap_or_default();
        let lines: Vec<usize> = errors
            .iter()
            .filter_map(|d| d.pos.map(|p| p.line))
            .collect();
        assert_eq!(lines, [3, 8]);
        let syntax = parse_readings("[[readings]]\nsurface = \"a\nreading=1", Path::new("r"));
        assert!(syntax.is_err());
        let unknown = parse_readings(
            "[[readings]]\nsurface=\"a\"\nreading=\"あ\"\nkana=1\n",
            Path::new("r"),
        );
        assert!(unknown.is_err());
    }
}
