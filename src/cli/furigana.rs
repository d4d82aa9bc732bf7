//! `tsunagu furigana [--html] [--root DIR]`: read standard input line by line and print
//! each line with readings, in bracket notation (`地域[ちいき]福祉[ふくし]`) or, with
//! `--html`, as `<ruby>` HTML. The site's reading dictionary `DIR/content/readings.toml`
//! is used when it exists. Staff use it to check readings before publishing.

use std::io::{BufRead, Write};
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::furigana::{self, Furigana};

/// Returns success and the closing line.
pub fn run(html: bool, root: &Path, diags: &mut Diagnostics) -> (bool, Option<String>) {
    let entries = match furigana::load_site_readings(root) {
        Ok(entries) => entries,
        Err(errors) => {
            diags.extend(errors);
            return (false, None);
        }
    };
    let engine = match Furigana::new(&entries) {
        Ok(engine) => engine,
        Err(e) => {
            diags.push(Diagnostic::field_error(
                format!("読みの辞書を読み込めません（{e}）。"),
                e.to_string(),
            ));
            return (false, None);
        }
    };
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                diags.push(Diagnostic::field_error(
                    format!("入力を読み込めません（{e}）。"),
                    format!("cannot read standard input ({e})"),
                ));
                return (false, None);
            }
        };
        let segments = engine.annotate(&line);
        let shown = if html {
            furigana::to_html(&segments)
        } else {
            furigana::to_bracket(&segments)
        };
        // A closed pipe (`| head`) ends the output quietly.
        if writeln!(out, "{shown}").is_err() {
            return (true, None);
        }
    }
    let _ = out.flush();
    (true, None)
}
