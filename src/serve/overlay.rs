//! The error overlay: when the latest build failed, every served page shows the problems in
//! a fixed panel on top of the last good version — grouped by file, each problem once, with
//! its place (file:line:col), what is wrong and how to fix it. Large type, strong contrast,
//! announced by screen readers (`role="alert"`) and closed with its button or Esc.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::diagnostics::{Diagnostic, Diagnostics, Lang, Severity};
use crate::markdown::escape;

/// The `id` of the overlay element (live.js removes it when closed).
pub const ID: &str = "tsunagu-overlay";

/// The same policy as the default theme's pages (themes/default/templates/base.html).
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// Where the preview server serves [`STYLE`].
pub const STYLE_URL: &str = "/__tsunagu/overlay.css";

struct Words {
    heading: &'static str,
    heading_never: &'static str,
    kept: &'static str,
    never: &'static str,
    general: &'static str,
    place: &'static str,
    field: &'static str,
    hint: &'static str,
    close: &'static str,
    error: &'static str,
    warning: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Ja => Words {
            heading: "エラー {n}件：サイトを更新できませんでした",
            heading_never: "エラー {n}件：サイトを作れませんでした",
            kept: "いま表示しているのは、最後に正しく作れたときのページです。ファイルを直して保存すると、自動で表示し直します。",
            never: "まだ一度もサイトを作れていません。ファイルを直して保存すると、自動で表示し直します。",
            general: "サイト全体",
            place: "場所",
            field: "項目",
            hint: "ヒント",
            close: "閉じる（Esc）",
            error: "エラー",
            warning: "注意",
        },
        Lang::En => Words {
            heading: "{n} error(s): the site could not be updated",
            heading_never: "{n} error(s): the site could not be built",
            kept: "This is the page from the last successful build. Fix the file and save it: the page reloads by itself.",
            never: "The site has not been built yet. Fix the file and save it: the page reloads by itself.",
            general: "Whole site",
            place: "at",
            field: "field",
            hint: "hint",
            close: "Close (Esc)",
            error: "error",
            warning: "warning",
        },
    }
}

/// The overlay's style sheet, served at [`STYLE_URL`]: a `<style>` element would be an
/// inline style, which the pages' Content-Security-Policy (`style-src 'self'`) blocks.
pub const STYLE: &str = "#tsunagu-overlay{position:fixed;inset:0 0 auto 0;z-index:2147483647;\
max-height:85vh;overflow:auto;box-sizing:border-box;margin:0;padding:1rem;\
background:#fff;color:#111;border-bottom:6px solid #b00020;\
box-shadow:0 4px 24px rgba(0,0,0,.45);font:1.25rem/1.7 system-ui,sans-serif;text-align:left}\
#tsunagu-overlay *{color:inherit;background:transparent;font-size:inherit;line-height:inherit}\
#tsunagu-overlay .tsunagu-wrap{max-width:60rem;margin:0 auto}\
#tsunagu-overlay h2{font-size:1.5rem;margin:0 0 .5rem;color:#8b0018}\
#tsunagu-overlay h3{font-size:1.25rem;margin:1rem 0 .25rem;font-family:ui-monospace,monospace;\
overflow-wrap:anywhere}\
#tsunagu-overlay ul{margin:0;padding:0 0 0 1.25rem}\
#tsunagu-overlay li{margin:.5rem 0}\
#tsunagu-overlay p{margin:0}\
#tsunagu-overlay .tsunagu-place{font-family:ui-monospace,monospace;overflow-wrap:anywhere}\
#tsunagu-overlay button{font:inherit;font-weight:bold;float:right;margin:0 0 .5rem 1rem;\
padding:.4rem 1rem;color:#fff;background:#111;border:2px solid #111;border-radius:.3rem;cursor:pointer}\
#tsunagu-overlay button:focus-visible{outline:4px solid #0050b3;outline-offset:3px}\
@media (prefers-color-scheme:dark){#tsunagu-overlay{background:#111;color:#fff;\
border-bottom-color:#ff6b81}#tsunagu-overlay h2{color:#ff9aa9}\
#tsunagu-overlay button{color:#111;background:#fff;border-color:#fff}}\
@media (forced-colors:active){#tsunagu-overlay{border:3px solid CanvasText}}";

/// The overlay for a failed build: its errors (or, if there are none, its warnings),
/// grouped by file, each distinct problem once. `kept`: whether older pages are shown.
pub fn render(diags: &Diagnostics, lang: Lang, kept: bool) -> String {
    let w = words(lang);
    let sorted = diags.sorted();
    let errors: Vec<&Diagnostic> = sorted
        .iter()
        .copied()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let shown = if errors.is_empty() { sorted } else { errors };
    let mut groups: BTreeMap<Option<&str>, Vec<String>> = BTreeMap::new();
    let mut count = 0;
    for d in &shown {
        let item = item(d, lang, &w);
        let list = groups.entry(d.file.as_deref()).or_default();
        if !list.contains(&item) {
            list.push(item);
            count += 1;
        }
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "<div id=\"{ID}\" role=\"alert\" lang=\"{}\"><link rel=\"stylesheet\" href=\"{STYLE_URL}\">\
         <div class=\"tsunagu-wrap\"><button type=\"button\" data-tsunagu-close>{}</button>\
         <h2>{}</h2><p>{}</p>",
        if lang == Lang::Ja { "ja" } else { "en" },
        w.close,
        if kept { w.heading } else { w.heading_never }.replace("{n}", &count.to_string()),
        if kept { w.kept } else { w.never },
    );
    for (file, items) in groups {
        let _ = write!(
            out,
            "<h3>{}</h3><ul>{}</ul>",
            escape(file.unwrap_or(w.general)),
            items.concat()
        );
    }
    out.push_str("</div></div>");
    out
}

fn item(d: &Diagnostic, lang: Lang, w: &Words) -> String {
    let kind = match d.severity {
        Severity::Error => w.error,
        Severity::Warning => w.warning,
    };
    let mut out = format!(
        "<li><p><strong>{kind}:</strong> {}</p>",
        escape(&d.problem.message(lang))
    );
    if let Some(file) = &d.file {
        let mut place = file.clone();
        if let Some(p) = d.pos {
            let _ = write!(place, ":{}:{}", p.line, p.col);
        }
        let _ = write!(
            out,
            "<p>{}: <span class=\"tsunagu-place\">{}</span>",
            w.place,
            escape(&place)
        );
        if let Some(f) = &d.field {
            let _ = write!(out, "（{}: {}）", w.field, escape(f));
        }
        out.push_str("</p>");
    }
    if let Some(h) = d.problem.hint(lang) {
        let _ = write!(out, "<p>{}: {}</p>", w.hint, escape(&h));
    }
    out.push_str("</li>");
    out
}

/// The page served when no build has succeeded yet: the overlay on an otherwise empty page.
pub fn error_page(overlay: &str, lang: Lang) -> String {
    let (lang_attr, title) = match lang {
        Lang::Ja => ("ja", "エラー | tsunagu プレビュー"),
        Lang::En => ("en", "Error | tsunagu preview"),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_attr}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head><body>{overlay}</body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Pos, Problem};
    use std::path::Path;

    fn diags() -> Diagnostics {
        let mut d = Diagnostics::default();
        let e = Diagnostic::error(Problem::UnknownField {
            field: "titel".into(),
            expected: vec!["title".into()],
        })
        .in_file(Path::new("content/a.md"))
        .at(Pos { line: 2, col: 1 })
        .field("titel");
        d.push(e.clone());
        d.push(e);
        d.push(Diagnostic::error(Problem::NoFrontMatter).in_file(Path::new("content/<b>.md")));
        d.push(Diagnostic::error(Problem::Config { detail: "x".into() }));
        d
    }

    #[test]
    fn problems_are_grouped_by_file_once_each_and_escaped() {
        let html = render(&diags(), Lang::Ja, true);
        assert!(html.contains("role=\"alert\""));
        assert!(html.contains("エラー 3件"), "{html}");
        assert_eq!(html.matches("content/a.md:2:1").count(), 1, "{html}");
        assert!(html.contains("「title」の書きまちがい"));
        assert!(html.contains("<h3>content/&lt;b&gt;.md</h3>"));
        assert!(html.contains("<h3>サイト全体</h3>"));
        assert!(html.contains("data-tsunagu-close"));
        let en = render(&diags(), Lang::En, false);
        assert!(
            en.contains("3 error(s)") && en.contains("lang=\"en\""),
            "{en}"
        );
    }

    #[test]
    fn the_error_page_is_a_whole_document() {
        let page = error_page(&render(&diags(), Lang::Ja, false), Lang::Ja);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("まだ一度も"));
    }
}
