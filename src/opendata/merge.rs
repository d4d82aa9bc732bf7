//! Reading an existing resource file and writing one back: front matter as TOML between
//! `+++` lines, the Markdown body kept byte for byte.
//!
//! A re-import edits an existing TOML front matter in place ([`updated_text`]): only the
//! values that change are rewritten (with `toml_edit`), so every other line — fields the
//! CSV has no column for, comments, blank lines, the order staff chose — and everything
//! around the front matter (BOM, delimiters, body) stay byte for byte.

use std::ops::Range;
use std::path::Path;

use crate::content::front_matter::{self, Format};
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
    /// TOML (`+++`) or YAML (`---`).
    pub format: Format,
    /// Where the front matter (between the delimiter lines) is in `text`, in bytes.
    pub front_range: Range<usize>,
}

/// How a file's text was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A new file ([`file_text`]).
    New,
    /// Only the changed values were rewritten; everything else is as it was.
    InPlace,
    /// The front matter was written anew as TOML (every value kept, but not comments or
    /// layout): a YAML front matter, or one `toml_edit` could not change in place.
    Rewritten,
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
    // `split.front` is a slice of `text`.
    let start = split.front.as_ptr() as usize - text.as_ptr() as usize;
    let front_range = start..start + split.front.len();
    let (format, body) = (split.format, split.body.to_string());
    Ok(Some(Existing {
        front,
        body,
        text,
        format,
        front_range,
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

/// The front matter TOML for `front`. It is parsed back and compared with `front` before it
/// is returned, so what is written always reads back the same.
fn front_toml(front: &ResourceFront) -> Result<String, String> {
    let quoted = toml::to_string(front).map_err(|e| e.to_string())?;
    // Dates read better as TOML dates (`verified = 2026-10-01`), as staff write them.
    let unquoted = unquote_dates(&quoted);
    if reads_back(&unquoted, front) {
        Ok(unquoted)
    } else if reads_back(&quoted, front) {
        Ok(quoted)
    } else {
        Err("the front matter does not read back as written".into())
    }
}

fn reads_back(toml: &str, front: &ResourceFront) -> bool {
    toml::from_str::<ResourceFront>(toml).is_ok_and(|back| back == *front)
}

/// The new text of `existing` with the front matter `front`. A TOML front matter is edited
/// in place: a value that is the same in `existing.front` and `front` is not touched, a
/// changed one is replaced where it is (keeping the comment after it), a new one is added
/// after the others of its table. The result is parsed back and compared with `front`; if
/// it does not match (or the front matter is YAML), the front matter is written anew with
/// [`file_text`] and the body kept.
pub fn updated_text(
    existing: &Existing,
    front: &ResourceFront,
) -> Result<(String, Written), String> {
    if existing.format == Format::Toml {
        let old = &existing.text[existing.front_range.clone()];
        if let Some(new) = edit_toml(old, &existing.front, front) {
            let mut out = String::with_capacity(existing.text.len() + new.len());
            out.push_str(&existing.text[..existing.front_range.start]);
            out.push_str(&new);
            out.push_str(&existing.text[existing.front_range.end..]);
            return Ok((out, Written::InPlace));
        }
    }
    Ok((file_text(front, &existing.body)?, Written::Rewritten))
}

/// `old_text` (the TOML of `old`) changed into the TOML of `new`, or `None` if that cannot
/// be done in place with the same values.
fn edit_toml(old_text: &str, old: &ResourceFront, new: &ResourceFront) -> Option<String> {
    let mut doc: toml_edit::DocumentMut = old_text.parse().ok()?;
    let generated: toml_edit::DocumentMut = front_toml(new).ok()?.parse().ok()?;
    let old_values = toml::Value::try_from(old).ok()?;
    let new_values = toml::Value::try_from(new).ok()?;
    sync(
        doc.as_table_mut(),
        false,
        old_values.as_table()?,
        new_values.as_table()?,
        generated.as_table(),
    );
    let edited = doc.to_string();
    // toml_edit ends the lines it writes with `\n`; a file written with `\r\n` keeps them.
    let crlf = old_text.contains("\r\n") && !old_text.replace("\r\n", "").contains('\n');
    if crlf {
        let converted = edited.replace("\r\n", "\n").replace('\n', "\r\n");
        if reads_back(&converted, new) {
            return Some(converted);
        }
    }
    reads_back(&edited, new).then_some(edited)
}

/// Make `doc` (a table of the file, inline or not) hold `new` where it held `old`, taking
/// each changed item from `generated` (the same table as [`front_toml`] writes it).
fn sync(
    doc: &mut dyn toml_edit::TableLike,
    inline: bool,
    old: &toml::Table,
    new: &toml::Table,
    generated: &dyn toml_edit::TableLike,
) {
    let mut keys: Vec<&String> = old.keys().collect();
    keys.extend(new.keys().filter(|k| !old.contains_key(*k)));
    for key in keys {
        let (before, after) = (old.get(key), new.get(key));
        if before == after {
            continue;
        }
        let Some(after) = after else {
            doc.remove(key);
            continue;
        };
        let Some(item) = generated.get(key) else {
            continue; // cannot happen: `generated` is `new` written out
        };
        // A table in both: change only what changed inside it.
        if let (Some(toml::Value::Table(b)), toml::Value::Table(a)) = (before, after) {
            if let (Some(slot), Some(gen_table)) = (doc.get_mut(key), item.as_table_like()) {
                // Tables inside an inline table, or one written with dotted keys
                // (`schedule.notes = …`), are written as values there.
                let slot_inline = inline
                    || slot.is_inline_table()
                    || slot.as_table().is_some_and(|t| t.is_dotted());
                if let Some(table) = slot.as_table_like_mut() {
                    sync(table, slot_inline, b, a, gen_table);
                    continue;
                }
            }
        }
        let mut item = item.clone();
        clear_positions(&mut item);
        match doc.get_mut(key) {
            Some(slot) => {
                let keep_value_form = inline || slot.is_value();
                if keep_value_form {
                    item.make_value();
                }
                carry_decor(slot, &mut item);
                // Replaced in its slot: the key, and the comments above it, stay.
                *slot = item;
            }
            None => {
                if inline {
                    item.make_value();
                    move_closing_space(doc, &mut item);
                }
                doc.insert(key, item);
            }
        }
    }
}

/// `{ a = 1 }` + `b` is `{ a = 1, b = 2 }`: the space before `}` follows the new last value
/// (`new`, about to be added at the end of the inline table `doc`).
fn move_closing_space(doc: &mut dyn toml_edit::TableLike, new: &mut toml_edit::Item) {
    let Some((_, toml_edit::Item::Value(last))) = doc.iter_mut().last() else {
        return;
    };
    let space = match last.decor().suffix().and_then(|s| s.as_str()) {
        Some(s) if !s.is_empty() && s.trim().is_empty() => s.to_string(),
        _ => return,
    };
    last.decor_mut().set_suffix("");
    if let toml_edit::Item::Value(v) = new {
        v.decor_mut().set_suffix(space);
    }
}

/// Tables taken from another document lose their place in it: written after what comes
/// before them here.
fn clear_positions(item: &mut toml_edit::Item) {
    match item {
        toml_edit::Item::Table(t) => {
            t.set_position(None);
            for (_, child) in t.iter_mut() {
                clear_positions(child);
            }
        }
        toml_edit::Item::ArrayOfTables(a) => {
            for t in a.iter_mut() {
                t.set_position(None);
                for (_, child) in t.iter_mut() {
                    clear_positions(child);
                }
            }
        }
        _ => {}
    }
}

/// The new item keeps the old one's surroundings: a value its spaces and trailing comment,
/// a table (or each of an array of tables) its place and the comments above its header.
fn carry_decor(old: &toml_edit::Item, new: &mut toml_edit::Item) {
    use toml_edit::Item;
    match (old, new) {
        (Item::Value(o), Item::Value(n)) => *n.decor_mut() = o.decor().clone(),
        (Item::Table(o), Item::Table(n)) => {
            *n.decor_mut() = o.decor().clone();
            n.set_position(o.position());
        }
        (Item::ArrayOfTables(o), Item::ArrayOfTables(n)) => {
            for (o, n) in o.iter().zip(n.iter_mut()) {
                *n.decor_mut() = o.decor().clone();
                n.set_position(o.position());
            }
        }
        _ => {}
    }
}

/// The file text for `front` and `body`: `+++`, the TOML of [`front_toml`], `+++`, body.
pub fn file_text(front: &ResourceFront, body: &str) -> Result<String, String> {
    let toml = front_toml(front)?;
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

    /// `text` edited into `new`, which must read back as `new`.
    fn edited(text: &str, new: impl FnOnce(&mut ResourceFront)) -> String {
        let old: ResourceFront = toml::from_str(text).unwrap();
        let mut front = old.clone();
        new(&mut front);
        let out = edit_toml(text, &old, &front).expect("edited in place");
        assert_eq!(toml::from_str::<ResourceFront>(&out).unwrap(), front);
        out
    }

    fn weekly() -> crate::schedule::RawRule {
        toml::from_str(
            "freq = \"weekly\"\nbyday = [\"MO\"]\nopens_at = \"09:00\"\ncloses_at = \"12:00\"\n",
        )
        .unwrap()
    }

    #[test]
    fn edits_in_place_keep_comments_and_layout() {
        let text = "# 先頭のコメント\nname = \"a\"   # 名前\nkind = \"k\"\narea = \"x\"\nphone = \"0857-00-0001\" # 代表\n\n# 休み\n[schedule]\nclosed_dates = [ 2026-12-01 ] # 臨時\n\n[extra]\n# 駐車場\nparking = 3\n";
        let out = edited(text, |f| {
            f.phone = Some("0857-99-9999".into());
            f.address = Some("テスト市1".into());
            f.schedule.as_mut().unwrap().rules.push(weekly());
        });
        assert_eq!(
            out,
            text.replace("0857-00-0001", "0857-99-9999")
                .replace("# 代表\n", "# 代表\naddress = \"テスト市1\"\n")
                .replace(
                    "# 臨時\n",
                    "# 臨時\n\n[[schedule.rules]]\nfreq = \"weekly\"\nbyday = [\"MO\"]\nopens_at = \"09:00\"\ncloses_at = \"12:00\"\n"
                )
        );
        // Nothing changed: the same text.
        assert_eq!(edited(text, |_| {}), text);
        // A removed value goes with its line.
        assert_eq!(
            edited(text, |f| f.phone = None),
            text.replace("phone = \"0857-00-0001\" # 代表\n", "")
        );
    }

    #[test]
    fn edits_in_inline_and_dotted_tables() {
        let inline = "name = \"a\"\nkind = \"k\"\narea = \"x\"\nschedule = { closed_dates = [2026-12-01], notes = \"休み\" } # 手で\n";
        let out = edited(inline, |f| {
            f.schedule.as_mut().unwrap().rules.push(weekly())
        });
        let rule =
            "{ freq = \"weekly\", byday = [\"MO\"], opens_at = \"09:00\", closes_at = \"12:00\" }";
        assert_eq!(
            out,
            inline.replace("\"休み\" }", &format!("\"休み\", rules = [{rule}] }}"))
        );
        let dotted = "name = \"a\"\nkind = \"k\"\narea = \"x\"\nschedule.closed_dates = [2026-12-01] # 臨時\n";
        let out = edited(dotted, |f| {
            let s = f.schedule.as_mut().unwrap();
            s.rules.push(weekly());
            s.closed_holidays = true;
        });
        assert_eq!(
            out,
            format!("{dotted}schedule.closed_holidays = true\nschedule.rules = [{rule}]\n")
        );
    }

    #[test]
    fn edits_keep_crlf() {
        let text = "name = \"a\"\r\nkind = \"k\"\r\narea = \"x\"\r\n# メモ\r\n[extra]\r\nn = 1\r\n";
        let out = edited(text, |f| f.fee = Some("無料".into()));
        assert_eq!(
            out,
            "name = \"a\"\r\nkind = \"k\"\r\narea = \"x\"\r\nfee = \"無料\"\r\n# メモ\r\n[extra]\r\nn = 1\r\n"
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
