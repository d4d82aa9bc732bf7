//! Reading an existing resource file and writing one back: front matter as TOML between
//! `+++` lines, the Markdown body kept byte for byte.

use std::path::Path;

use crate::content::front_matter;
use crate::content::resource::ResourceFront;
use crate::diagnostics::{Diagnostic, Problem};

/// A resource file already in the site.
#[derive(Debug, Clone)]
pub struct Existing {
    pub front: ResourceFront,
    /// Everything after the closing `+++` (or `---`) line, as it is in the file.
    pub body: String,
    /// The whole file, to tell whether an import changes it.
    pub text: String,
}

/// Read `root/rel` if it exists. A file that cannot be read or parsed is an error: an
/// import never overwrites what it does not understand.
pub fn read_existing(root: &Path, rel: &Path) -> Result<Option<Existing>, Diagnostic> {
    let path = root.join(rel);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Diagnostic::error(Problem::Unreadable {
                detail: e.to_string(),
            })
            .in_file(rel));
        }
    };
    let text =
        String::from_utf8(bytes).map_err(|_| Diagnostic::error(Problem::NotUtf8).in_file(rel))?;
    let stripped = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let split = front_matter::split(stripped).map_err(|d| d.in_file(rel))?;
    let front = front_matter::parse::<ResourceFront>(split.front, split.front_line, split.format)
        .map_err(|d| d.in_file(rel))?;
    Ok(Some(Existing {
        front,
        body: split.body.to_string(),
        text,
    }))
}

/// A resource with nothing but the required fields, all empty, to fill from a CSV row.
pub fn blank_front() -> Result<ResourceFront, String> {
    // (a name read from a file may not be empty: this one is filled from the row)
    toml::from_str::<ResourceFront>("name = \"-\"\nkind = \"\"\narea = \"\"\n")
        .map(|f| ResourceFront {
            name: String::new(),
            ..f
        })
        .map_err(|e| e.to_string())
}

/// The file text for `front` and `body`. The TOML is parsed back and compared with `front`
/// before it is returned, so what is written always reads back the same.
pub fn file_text(front: &ResourceFront, body: &str) -> Result<String, String> {
    let quoted = toml::to_string(front).map_err(|e| e.to_string())?;
    let parses_back = |t: &str| toml::from_str::<ResourceFront>(t).is_ok_and(|back| back == *front);
    // Dates read better as TOML dates (`verified = 2026-10-01`), as staff write them.
    let unquoted = unquote_dates(&quoted);
    let toml = if parses_back(&unquoted) {
        unquoted
    } else if parses_back(&quoted) {
        quoted
    } else {
        return Err("the front matter does not read back as written".into());
    };
    let mut out = String::with_capacity(toml.len() + body.len() + 8);
    out.push_str("+++\n");
    out.push_str(&toml);
    if !toml.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("+++\n");
    out.push_str(body);
    Ok(out)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// `key = "2026-10-01"` → `key = 2026-10-01` for the date fields of a resource, and the
/// same inside `closed_dates = [...]`. Only whole lines of exactly that shape change; the
/// caller checks the result parses back to the same value.
fn unquote_dates(toml: &str) -> String {
    const KEYS: [&str; 4] = ["verified", "valid_from", "valid_to", "date"];
    let mut out = String::with_capacity(toml.len());
    // The closing delimiter while inside a multi-line string, whose lines are left alone.
    let mut inside: Option<&str> = None;
    for line in toml.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let ending = &line[content.len()..];
        if let Some(delim) = inside {
            if content.contains(delim) {
                inside = None;
            }
            out.push_str(line);
            continue;
        }
        if let Some((_, value)) = content.split_once(" = ") {
            for delim in ["\"\"\"", "'''"] {
                if let Some(rest) = value.strip_prefix(delim) {
                    if !rest.contains(delim) {
                        inside = Some(delim);
                    }
                }
            }
        }
        if inside.is_some() {
            out.push_str(line);
            continue;
        }
        let replaced = content.split_once(" = ").and_then(|(key, value)| {
            if KEYS.contains(&key) {
                let inner = value.strip_prefix('"')?.strip_suffix('"')?;
                is_date(inner).then(|| format!("{key} = {inner}"))
            } else if key == "closed_dates" {
                let inner = value.strip_prefix('[')?.strip_suffix(']')?;
                let items: Vec<&str> = inner
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                let dates: Option<Vec<&str>> = items
                    .iter()
                    .map(|s| {
                        s.strip_prefix('"')
                            .and_then(|s| s.strip_suffix('"'))
                            .filter(|s| is_date(s))
                    })
                    .collect();
                dates.map(|d| format!("{key} = [{}]", d.join(", ")))
            } else {
                None
            }
        });
        match replaced {
            Some(r) => {
                out.push_str(&r);
                out.push_str(ending);
            }
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"
name = "サロン"
name_kana = "サロン"
kind = "salon"
audience = ["elderly"]
area = "koyama"
lat = 35.5
lon = 134.23
phone = "0857-00-0001"
verified = 2026-10-01
measures = ["1-1-4"]
notes = """
一行目
verified = "2026-10-01"
"""

[schedule]
closed_holidays = true
closed_dates = [2026-08-13, "2026-08-14"]
notes = "8月はお休み"

[[schedule.rules]]
freq = "monthly"
byday = ["2SA", "4SA"]
opens_at = "11:00"
closes_at = "14:00"
valid_from = 2026-04-01

[[schedule.dates]]
date = 2026-12-20
opens_at = "10:00"
closes_at = "12:00"

[[photos]]
src = "a.jpg"
alt = "写真"

[extra]
color = "red"
n = 3

[private]
contact = "担当 090-0000-0000"
"#;

    #[test]
    fn written_front_matter_reads_back_with_dates_unquoted() {
        let front: ResourceFront = toml::from_str(FULL).unwrap();
        let text = file_text(&front, "本文\n\n## 見出し\n").unwrap();
        assert!(text.starts_with("+++\nname = "), "{text}");
        assert!(text.ends_with("+++\n本文\n\n## 見出し\n"), "{text}");
        assert!(text.contains("\nverified = 2026-10-01\n"), "{text}");
        assert!(
            text.contains("closed_dates = [2026-08-13, 2026-08-14]"),
            "{text}"
        );
        assert!(text.contains("date = 2026-12-20"), "{text}");
        let split = front_matter::split(&text).unwrap();
        let back: ResourceFront = toml::from_str(split.front).unwrap();
        assert_eq!(back, front);
        assert!(
            back.notes
                .as_deref()
                .unwrap()
                .contains("verified = \"2026-10-01\""),
            "text inside a multi-line string is left alone"
        );
    }

    #[test]
    fn blank_front_has_empty_required_fields() {
        let f = blank_front().unwrap();
        assert_eq!(
            (f.name.as_str(), f.kind.as_str(), f.area.as_str()),
            ("", "", "")
        );
        assert!(f.schedule.is_none() && f.extra.is_empty());
    }

    #[test]
    fn existing_files_keep_their_body() {
        let dir = tempfile::tempdir().unwrap();
        let rel = Path::new("content/resources/a.md");
        std::fs::create_dir_all(dir.path().join("content/resources")).unwrap();
        assert!(read_existing(dir.path(), rel).unwrap().is_none());
        std::fs::write(
            dir.path().join(rel),
            "\u{feff}+++\nname = \"a\"\nkind = \"k\"\narea = \"x\"\n+++\n本文\r\n",
        )
        .unwrap();
        let e = read_existing(dir.path(), rel).unwrap().unwrap();
        assert_eq!(e.body, "本文\r\n");
        assert_eq!(e.front.name, "a");
        std::fs::write(dir.path().join(rel), "+++\nnmae = \"a\"\n+++\n").unwrap();
        let err = read_existing(dir.path(), rel).unwrap_err();
        assert_eq!(err.file.as_deref(), Some("content/resources/a.md"));
    }
}
