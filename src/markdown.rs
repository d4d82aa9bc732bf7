//! Markdown: parsed once into owned events, rendered once after linking.
//!
//! Steps:
//! 1. [`parse`] (load stage): pulldown-cmark with tables, footnotes, strikethrough, heading
//!    attributes and `[[wikilinks]]`; events are kept with the file positions of headings,
//!    links and images so later problems can name a line.
//! 2. [`render`] (link stage), with a [`Resolver`] that knows every page and glossary term:
//!    - `[[用語]]` becomes a link to the glossary entry (an unknown term is an error);
//!    - `[text](@/path.md#anchor)` becomes a relative link to that page (a missing one is
//!      an error);
//!    - raw HTML is shown as text (never passed through), or with `[markdown] raw_html =
//!      "sanitize"` kept and cleaned by [`sanitize`] (an allow-list for content);
//!    - a revision marker written as printed at the end of a paragraph, list item,
//!      heading or table cell (`…します。（変更）`) becomes a marker badge;
//!    - headings get ids; images must have alt text.
//!
//! Links inside rendered fragments start with [`ROOT_MARK`], replaced by the page's
//! relative path to the site root when the page is written: one fragment (say an action
//! bullet) can then appear on pages at different depths.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::config::{Marker, RawHtml};
use crate::diagnostics::{Diagnostic, LineIndex, Pos, Problem};

/// Stands for "the relative path from this page to the site root" in rendered fragments.
/// A control character: it cannot occur in text (it is removed from input).
pub const ROOT_MARK: &str = "\u{1}";
/// [`ROOT_MARK`] as a char.
const ROOT_CHAR: char = '\u{1}';
const _: () = assert!(ROOT_MARK.len() == 1 && ROOT_MARK.as_bytes()[0] == ROOT_CHAR as u8);

/// One parsed event, with its file position where a later problem may need it.
#[derive(Debug, Clone)]
pub struct Ev {
    pub event: Event<'static>,
    pub pos: Option<Pos>,
}

/// A piece of Markdown from one file, parsed, not yet rendered.
#[derive(Debug, Clone, Default)]
pub struct Fragment {
    pub file: PathBuf,
    pub events: Vec<Ev>,
}

impl Fragment {
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Render the whole fragment with fresh heading ids, once: its events are used up (the
    /// link stage renders each fragment once, and nothing reads them after it). Kept
    /// beside the HTML, they were a quarter of a 50,000-page build's peak memory (974 →
    /// 722 MiB).
    pub fn render_once(
        &mut self,
        mode: Mode,
        resolver: &Resolver,
        diags: &mut Vec<Diagnostic>,
    ) -> Rendered {
        render(
            &self.file,
            &std::mem::take(&mut self.events),
            mode,
            resolver,
            &mut Ids::default(),
            diags,
        )
    }
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// Parse `body` (which starts on line `first_line` of `file`).
pub fn parse(body: &str, first_line: usize, file: &Path) -> Fragment {
    let clean;
    let body = if body.contains(ROOT_MARK) {
        clean = body.replace(ROOT_MARK, "");
        &clean
    } else {
        body
    };
    let index = LineIndex::new(body, first_line);
    let mut after_break = false;
    let events = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(event, range)| {
            let pos = match &event {
                Event::Start(Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. })
                | Event::Start(Tag::Item | Tag::Paragraph | Tag::List(_))
                | Event::Html(_)
                | Event::InlineHtml(_) => Some(index.pos(range.start)),
                // A line of its own that starts with a printed bullet: `render` warns.
                Event::Text(t) if after_break && starts_with_bullet(t) => {
                    Some(index.pos(range.start))
                }
                _ => None,
            };
            after_break = matches!(event, Event::SoftBreak);
            Ev {
                event: event.into_static(),
                pos,
            }
        })
        .collect();
    Fragment {
        file: file.to_path_buf(),
        events,
    }
}

/// Does `text` start with a bullet as printed plans and word processors write them?
/// In Markdown such a line joins the line above it.
fn starts_with_bullet(text: &str) -> bool {
    text.starts_with(['・', '･', '●', '○', '■', '□', '◆', '◇'])
}

/// A line starting with `・` inside a paragraph or a list item: it is run into the line
/// above, where staff expected a list entry of its own.
fn printed_bullet(text: &str) -> Diagnostic {
    let bullet: String = text.chars().take(1).collect();
    Diagnostic::warning(Problem::Field {
        ja: format!(
            "行の頭の「{bullet}」は箇条書きにならず、前の行とつながって1つの文になります。"
        ),
        en: format!(
            "a line starting with `{bullet}` is not a list entry: it runs on from the line above"
        ),
        hint_ja: Some(format!(
            "箇条書きにするなら、「{bullet}」を「- 」（半角のハイフンと空白）に変えてください。前の行と別の段落にするなら、間に空の行を入れてください。"
        )),
        hint_en: Some(format!(
            "to make it a list entry, replace `{bullet}` with `- `; to start a new paragraph, leave an empty line before it"
        )),
    })
}

/// HTML comments (`<!-- … -->`) cut out of raw HTML events; one comment can span
/// several events (a block's lines).
#[derive(Default)]
struct HtmlComments {
    open: bool,
}

impl HtmlComments {
    /// `html` without the comments in it (or the part of one open from before).
    fn strip(&mut self, html: &str) -> String {
        let mut kept = String::new();
        let mut rest = html;
        loop {
            if self.open {
                match rest.find("-->") {
                    Some(i) => {
                        rest = &rest[i + 3..];
                        self.open = false;
                    }
                    None => return kept,
                }
            } else {
                match rest.find("<!--") {
                    Some(i) => {
                        kept.push_str(&rest[..i]);
                        rest = &rest[i + 4..];
                        self.open = true;
                    }
                    None => {
                        kept.push_str(rest);
                        return kept;
                    }
                }
            }
        }
    }
}

/// `<br>`, `<br/>`, `<BR />`: a line break, however it is written.
fn is_line_break(html: &str) -> bool {
    let t = html.trim().to_ascii_lowercase();
    t.strip_prefix("<br")
        .and_then(|r| r.strip_suffix('>'))
        .is_some_and(|r| r.trim_end_matches('/').trim().is_empty())
}

/// HTML written in the Markdown, shown as text (`raw_html = "escape"`, the default).
fn html_as_text(html: &str) -> Diagnostic {
    let tag: String = html.trim().chars().take(40).collect();
    let tag = tag.lines().next().unwrap_or_default();
    Diagnostic::warning(Problem::Field {
        ja: format!("HTMLのタグ「{tag}」は、タグとしては使われず、そのまま文字として表示されます。"),
        en: format!("the HTML `{tag}` is shown as text, not used as markup"),
        hint_ja: Some(
            "Markdown で書いてください（太字は **文字**、表は | で区切る書き方）。改行の <br> と、メモの <!-- --> はそのまま使えます。どうしてもHTMLが要るときは、config.toml の [markdown] に raw_html = \"sanitize\" と書くと、安全なタグだけが使えます。"
                .to_string(),
        ),
        hint_en: Some(
            "write it in Markdown (**bold**, | tables |); <br> and <!-- comments --> work as they are; to allow safe tags, set raw_html = \"sanitize\" under [markdown] in config.toml"
                .to_string(),
        ),
    })
}

/// What rendering needs to know about the whole site.
pub struct Resolver<'a> {
    /// Content path (`plan/1/1/4.md`) → output URL (`plan/1/1/4/index.html`).
    pub pages: &'a HashMap<String, String>,
    /// Glossary term → URL of its entry; `None` when the site has no glossary.
    pub terms: Option<&'a HashMap<String, String>>,
    pub markers: &'a [Marker],
    /// The site's images and files; `None`: image paths are left as written.
    pub media: Option<&'a crate::images::Media>,
    /// What to do with HTML written in the Markdown (`[markdown] raw_html`).
    pub raw_html: RawHtml,
    /// Content paths (`plan/1.md`, `glossary.md`) of files that exist but failed with an
    /// error of their own (not UTF-8, front matter that does not parse). A link to one is
    /// not reported again: the file's own error says what to fix.
    pub failed: &'a std::collections::HashSet<String>,
    /// The glossary file is among `failed`: `[[用語]]` is not reported while it is.
    pub glossary_failed: bool,
}

/// A rendered fragment.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Rendered {
    pub html: String,
    /// Plain text, for summaries and search.
    pub text: String,
    /// Markers found at the end of the fragment's own blocks (not in nested lists),
    /// as indexes into the configured markers.
    #[serde(skip)]
    pub markers: Vec<usize>,
    #[serde(skip)]
    pub terms: Vec<String>,
}

/// How a fragment is rendered.
#[derive(Debug, Clone, Copy)]
pub struct Mode {
    /// Drop the outer `<ul><li>` (a list item rendered as one entry) or `<p>` (inline).
    pub unwrap: Unwrap,
    /// Lowest heading level allowed in the fragment; `None` = no headings checked.
    pub min_heading: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unwrap {
    None,
    /// A list with one item: render the item's content only.
    Item,
    /// A single paragraph: render its inline content only.
    Paragraph,
}

impl Mode {
    pub const BLOCK: Mode = Mode {
        unwrap: Unwrap::None,
        min_heading: None,
    };
    pub const PAGE: Mode = Mode {
        unwrap: Unwrap::None,
        min_heading: Some(2),
    };
    pub const ITEM: Mode = Mode {
        unwrap: Unwrap::Item,
        min_heading: None,
    };
    pub const INLINE: Mode = Mode {
        unwrap: Unwrap::Paragraph,
        min_heading: None,
    };
}

/// Remove printed revision markers from the end of `text`.
/// Returns the rest (trimmed) and the markers' indexes in printed order.
pub fn strip_markers(text: &str, markers: &[Marker]) -> (String, Vec<usize>) {
    let mut rest = text.trim_end();
    let mut found = Vec::new();
    'outer: loop {
        for (i, m) in markers.iter().enumerate() {
            let printed = format!("（{}）", m.label);
            if let Some(r) = rest.strip_suffix(printed.as_str()) {
                found.push(i);
                rest = r.trim_end();
                continue 'outer;
            }
        }
        break;
    }
    found.reverse();
    (rest.to_string(), found)
}

/// HTML of marker badges.
pub fn marker_html(indexes: &[usize], markers: &[Marker]) -> String {
    let mut out = String::new();
    for &i in indexes {
        let m = &markers[i];
        let style = serde_json::to_value(m.style)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<span class=\"marker marker-{style}\">（{}）</span>",
            escape(&m.label)
        );
    }
    out
}

/// `&`, `<`, `>`, `"` and `'` as entities, for HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// [`escape`] onto `out`. The five characters are ASCII, so the text is scanned as bytes
/// and copied in runs (most of it is Japanese, which needs no escaping).
pub fn escape_into(out: &mut String, s: &str) {
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        out.push_str(entity);
        run = i + 1;
    }
    out.push_str(&s[run..]);
}

/// Decodes the entities [`escape`] and tsunagu's templates write (`&amp; &lt; &gt; &quot;
/// &#39; &#x27;`). Any other `&` is kept as it is or, when `strict`, makes the answer `None`.
/// Borrows `text` when it has no `&`.
pub fn unescape(text: &str, strict: bool) -> Option<std::borrow::Cow<'_, str>> {
    if !text.contains('&') {
        return Some(std::borrow::Cow::Borrowed(text));
    }
    const ENTITIES: [(&str, char); 6] = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&#x27;", '\''),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        match ENTITIES.iter().find(|(e, _)| tail.starts_with(e)) {
            Some((e, c)) => {
                out.push(*c);
                rest = &tail[e.len()..];
            }
            None if strict => return None,
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Some(std::borrow::Cow::Owned(out))
}

/// An anchor id for a heading: the text itself with spaces as `-` and punctuation dropped
/// (Japanese text stays readable in the address bar).
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// Heading ids already used on one page.
#[derive(Debug, Default)]
pub struct Ids(HashMap<String, usize>);

impl Ids {
    pub fn unique(&mut self, base: &str) -> String {
        let n = self.0.entry(base.to_string()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base.to_string()
        } else {
            format!("{base}-{}", *n - 1)
        }
    }
}

/// Concatenated text of events (for headings).
pub fn plain_text(events: &[Ev]) -> String {
    let mut s = String::new();
    for e in events {
        match &e.event {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

fn heading_number(l: HeadingLevel) -> usize {
    l as usize
}

/// Render `frag` (or a slice of its events) to HTML.
pub fn render(
    file: &Path,
    events: &[Ev],
    mode: Mode,
    resolver: &Resolver,
    ids: &mut Ids,
    diags: &mut Vec<Diagnostic>,
) -> Rendered {
    let events = merge_text(events);
    let events = match mode.unwrap {
        Unwrap::None => &events[..],
        Unwrap::Item => strip_wrapper(&events, 2),
        Unwrap::Paragraph => strip_wrapper(&events, 1),
    };
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut r = Rendered::default();
    // How each open link must be closed.
    let mut links: Vec<Close> = Vec::new();
    let mut list_depth = 0usize;
    let mut last_heading = mode.min_heading.map(|m| m - 1);
    let mut raw_html = false;
    let mut html_comments = HtmlComments::default();
    let mut in_html_block = false;
    let mut warned_line = None;
    let mut i = 0;
    while i < events.len() {
        let Ev { event, pos } = &events[i];
        if let (Event::Text(t), Some(p)) = (event, pos)
            && i > 0
            && matches!(events[i - 1].event, Event::SoftBreak)
            && starts_with_bullet(t)
        {
            diags.push(printed_bullet(t).in_file(file).at(*p));
        }
        match event {
            Event::Text(t) if t.contains('{') => {
                // Author readings {漢字|かんじ} become <ruby> here, before anything else.
                for e in crate::furigana::check_markup(t) {
                    diags.push(e.diagnostic().in_file(file).at_opt(text_pos(events, i)));
                }
                for seg in crate::furigana::parse_author_markup(t) {
                    match seg {
                        crate::furigana::Segment::Text(s) => {
                            r.text.push_str(&s);
                            out.push(Event::Text(CowStr::from(s)));
                        }
                        ruby @ crate::furigana::Segment::Ruby { .. } => {
                            if let crate::furigana::Segment::Ruby { base, .. } = &ruby {
                                r.text.push_str(base);
                            }
                            out.push(Event::InlineHtml(CowStr::from(crate::furigana::to_html(
                                std::slice::from_ref(&ruby),
                            ))));
                        }
                    }
                }
            }
            Event::Text(t) => {
                r.text.push_str(t);
                out.push(Event::Text(t.clone()));
            }
            Event::Code(t) => {
                r.text.push_str(t);
                out.push(event.clone());
            }
            Event::SoftBreak | Event::HardBreak => {
                r.text.push(' ');
                out.push(event.clone());
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                // Comments are staff's notes to each other: never shown.
                let h = html_comments.strip(h);
                if h.trim().is_empty() {
                } else if is_line_break(&h) {
                    // `<br>` is what staff type for a line break: it is one.
                    r.text.push(' ');
                    out.push(Event::HardBreak);
                } else {
                    match resolver.raw_html {
                        // Raw HTML is not trusted: show it as text…
                        RawHtml::Escape => {
                            // (said once per HTML block, and once per line of text)
                            if let Some(p) = pos {
                                let said = match event {
                                    Event::Html(_) => std::mem::replace(&mut in_html_block, true),
                                    _ => warned_line.replace(p.line) == Some(p.line),
                                };
                                if !said {
                                    diags.push(html_as_text(&h).in_file(file).at(*p));
                                }
                            }
                            out.push(Event::Text(CowStr::from(h)));
                        }
                        // …or keep it, and clean the whole fragment below.
                        RawHtml::Sanitize => {
                            raw_html = true;
                            out.push(Event::Html(CowStr::from(h)));
                        }
                    }
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                in_html_block = false;
                out.push(event.clone());
            }
            Event::Start(Tag::List(_)) => {
                if list_depth == 0 {
                    marker_at_end(&mut out, resolver.markers, Some(&mut r.markers));
                }
                list_depth += 1;
                out.push(event.clone());
            }
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                out.push(event.clone());
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) => {
                let own = (list_depth == 0).then_some(&mut r.markers);
                marker_at_end(&mut out, resolver.markers, own);
                if matches!(event, Event::End(TagEnd::Paragraph | TagEnd::Heading(_))) {
                    r.text.push('\n');
                }
                out.push(event.clone());
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let n = heading_number(*level);
                if let (Some(min), Some(last)) = (mode.min_heading, last_heading)
                    && (n < min || n > last + 1)
                {
                    diags.push(
                        Diagnostic::error(Problem::HeadingLevel {
                            found: n,
                            expected_max: (last + 1).max(min),
                        })
                        .in_file(file)
                        .at_opt(*pos),
                    );
                }
                last_heading = last_heading.map(|_| n);
                let end = find_end(events, i);
                let text = plain_text(&events[i + 1..end]);
                let (text, _) = strip_markers(&text, resolver.markers);
                let id = match id {
                    Some(id) => ids.unique(id),
                    None => ids.unique(&slugify(&text)),
                };
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let target = match link_type {
                    LinkType::WikiLink { .. } => {
                        let term = dest_url.trim();
                        match resolver.terms {
                            Some(terms) => match terms.get(term) {
                                Some(url) => {
                                    r.terms.push(term.to_string());
                                    Some((format!("{ROOT_MARK}{url}"), "term"))
                                }
                                None => {
                                    let mut known: Vec<String> = terms.keys().cloned().collect();
                                    known.sort();
                                    diags.push(
                                        Diagnostic::error(Problem::UnknownTerm {
                                            term: term.to_string(),
                                            known,
                                        })
                                        .in_file(file)
                                        .at_opt(*pos),
                                    );
                                    None
                                }
                            },
                            None if resolver.glossary_failed => None,
                            None => {
                                diags.push(
                                    Diagnostic::error(Problem::NoGlossary {
                                        term: term.to_string(),
                                    })
                                    .in_file(file)
                                    .at_opt(*pos),
                                );
                                None
                            }
                        }
                    }
                    _ if dest_url.starts_with("@/") => {
                        let (path, frag) = match dest_url[2..].split_once('#') {
                            Some((p, f)) => (p, Some(f)),
                            None => (&dest_url[2..], None),
                        };
                        // a page, or a file published as it is (a PDF beside the pages)
                        let file_url = || match resolver.media.map(|m| m.find(path)) {
                            Some(crate::images::wire::Found::File(p)) => {
                                Some(crate::images::url_path(&p))
                            }
                            _ => None,
                        };
                        match resolver.pages.get(path).cloned().or_else(file_url) {
                            None if resolver.failed.contains(path) => None,
                            Some(url) => Some((
                                match frag {
                                    Some(f) => format!("{ROOT_MARK}{url}#{f}"),
                                    None => format!("{ROOT_MARK}{url}"),
                                },
                                "",
                            )),
                            None => {
                                diags.push(
                                    Diagnostic::error(Problem::BrokenLink {
                                        target: dest_url.to_string(),
                                    })
                                    .in_file(file)
                                    .at_opt(*pos),
                                );
                                None
                            }
                        }
                    }
                    _ => None,
                };
                let special =
                    matches!(link_type, LinkType::WikiLink { .. }) || dest_url.starts_with("@/");
                match target {
                    Some((href, class)) => {
                        let mut html = format!("<a href=\"{}\"", escape(&href));
                        if !class.is_empty() {
                            let _ = write!(html, " class=\"{class}\"");
                        }
                        if !title.is_empty() {
                            let _ = write!(html, " title=\"{}\"", escape(title));
                        }
                        html.push('>');
                        out.push(Event::InlineHtml(CowStr::from(html)));
                        links.push(Close::Anchor);
                    }
                    // Already reported: keep the text, drop the link.
                    None if special => links.push(Close::Nothing),
                    None => {
                        out.push(event.clone());
                        links.push(Close::Event);
                    }
                }
            }
            Event::End(TagEnd::Link) => match links.pop() {
                Some(Close::Anchor) => out.push(Event::InlineHtml(CowStr::Borrowed("</a>"))),
                Some(Close::Nothing) => {}
                _ => out.push(event.clone()),
            },
            Event::Start(Tag::Image { dest_url, .. }) => {
                let end = find_end(events, i);
                let alt = plain_text(&events[i + 1..end]);
                if alt.trim().is_empty() {
                    diags.push(
                        Diagnostic::error(Problem::MissingAlt {
                            src: dest_url.to_string(),
                        })
                        .in_file(file)
                        .at_opt(*pos),
                    );
                } else if let Some(w) = crate::images::wire::uninformative_alt(&alt, dest_url) {
                    diags.push(w.in_file(file).at_opt(*pos));
                }
                match resolver.media {
                    Some(media) if !crate::images::wire::is_external(dest_url) => {
                        use crate::images::wire::{self, Found};
                        let found = wire::resolve(file, dest_url)
                            .map_or(Found::Missing(dest_url.to_string()), |p| media.find(&p));
                        match found {
                            Found::Image(p) => {
                                out.push(Event::InlineHtml(CowStr::from(
                                    crate::images::Media::picture(p, &alt),
                                )));
                            }
                            Found::File(path) => {
                                let alt = if wire::is_decorative(&alt) {
                                    ""
                                } else {
                                    alt.trim()
                                };
                                out.push(Event::InlineHtml(CowStr::from(format!(
                                    "<img src=\"{ROOT_MARK}{}\" alt=\"{}\">",
                                    crate::images::url_path(&path),
                                    escape(alt)
                                ))));
                            }
                            Found::Failed(d) => diags.push(wire::at_reference(d, file, *pos)),
                            Found::Missing(_) => diags.push(missing_image(dest_url, file, *pos)),
                        }
                        // The alternative text was used above: skip to the image's end.
                        i = end;
                    }
                    _ => out.push(event.clone()),
                }
            }
            _ => out.push(event.clone()),
        }
        i += 1;
    }
    if mode.unwrap != Unwrap::None {
        // The wrapper's end, where markers are looked for, was stripped.
        marker_at_end(&mut out, resolver.markers, Some(&mut r.markers));
    }
    r.markers.sort_unstable();
    r.markers.dedup();
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    let html = align_classes(&html);
    let html = if raw_html { sanitize(&html) } else { html };
    r.html = html.trim_end().to_string();
    r.text = r.text.trim().to_string();
    r
}

fn missing_image(src: &str, file: &Path, pos: Option<Pos>) -> Diagnostic {
    Diagnostic::field_error(
        format!("画像「{src}」が見つかりません。"),
        format!("the image `{src}` does not exist"),
    )
    .hint(
        "画像は Markdown ファイルと同じフォルダに置き、![説明](ファイル名.jpg) と書きます。ファイル名の綴り（大文字・小文字も）を確かめてください。",
        "put the image next to the Markdown file and write ![description](file.jpg); check the spelling (case matters)",
    )
    .in_file(file)
    .at_opt(pos)
}

/// How an open link is closed in the output.
enum Close {
    /// A plain Markdown link: its own end event.
    Event,
    /// Rewritten to raw `<a …>`: `</a>`.
    Anchor,
    /// An unresolved special link, already reported: nothing (only its text is kept).
    Nothing,
}

/// The position of the block containing event `i` (text events carry none of their own).
fn text_pos(events: &[Ev], i: usize) -> Option<Pos> {
    events[..=i].iter().rev().find_map(|e| e.pos)
}

/// If the last event is text ending in markers, split the markers off into badges.
fn marker_at_end(out: &mut Vec<Event>, markers: &[Marker], found: Option<&mut Vec<usize>>) {
    if markers.is_empty() {
        return;
    }
    let Some(Event::Text(t)) = out.last() else {
        return;
    };
    let (rest, idx) = strip_markers(t, markers);
    if idx.is_empty() {
        return;
    }
    out.pop();
    if !rest.is_empty() {
        out.push(Event::Text(CowStr::from(rest)));
    }
    out.push(Event::InlineHtml(CowStr::from(marker_html(&idx, markers))));
    if let Some(f) = found {
        f.extend(idx);
    }
}

/// Index of the event that closes the one opened at `start`.
pub fn find_end(events: &[Ev], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, e) in events.iter().enumerate().skip(start) {
        match e.event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// Drop `n` wrapping start events and their ends, if the fragment is exactly so wrapped.
fn strip_wrapper(events: &[Ev], n: usize) -> &[Ev] {
    let mut s = events;
    for _ in 0..n {
        if s.len() >= 2 && matches!(s[0].event, Event::Start(_)) && find_end(s, 0) == s.len() - 1 {
            s = &s[1..s.len() - 1];
        }
    }
    s
}

/// pulldown-cmark splits text at every character that might start markup; join the
/// pieces so markers and terms are seen whole.
fn merge_text(events: &[Ev]) -> Vec<Ev> {
    let mut out: Vec<Ev> = Vec::with_capacity(events.len());
    for e in events {
        if let Event::Text(t) = &e.event
            && let Some(Ev {
                event: Event::Text(prev),
                ..
            }) = out.last_mut()
        {
            let joined = format!("{prev}{t}");
            *prev = CowStr::from(joined);
            continue;
        }
        out.push(e.clone());
    }
    out
}

/// pulldown-cmark aligns table cells with `style="text-align: …"`, an inline style the
/// pages' Content-Security-Policy (`style-src 'self'`) refuses: use classes instead (the
/// theme's style sheet has `.align-left`, `.align-center`, `.align-right`). Text cannot
/// contain the attribute: its quotes are escaped.
fn align_classes(html: &str) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html.to_string();
    }
    html.replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"")
}

/// Stands in for [`ROOT_MARK`] while a fragment goes through the sanitizer (a control
/// character in a URL is not kept as it is); also marks the URLs the generator wrote.
const ROOT_PLACEHOLDER: &str = "tsunagu-root-7f3a9c/";

/// Clean a rendered fragment that contains HTML written by hand (`raw_html = "sanitize"`).
///
/// An allow-list for page content: text structure (`p`, `br`, lists, `blockquote`,
/// headings), emphasis (`strong`, `em`, `small`, `mark`, `abbr` …), tables, `details` /
/// `summary`, `figure` / `figcaption`, `ruby` / `rt` / `rp`, `span` and `div` with a class,
/// and links with `href` (http, https, mailto, tel or relative). Everything else goes:
/// `script` and `style` with their content, `iframe`, `object`, `form`, `input`, `svg` …
/// (their text stays), `style` and `on…` attributes, `javascript:` and `data:` URLs.
/// Images only as the generator writes them from `![説明](file.jpg)`: a hand-written
/// `<img>` loses its `src` (it would skip the image pipeline and could load from
/// another site).
pub fn sanitize(html: &str) -> String {
    static CLEANER: std::sync::LazyLock<ammonia::Builder<'static>> =
        std::sync::LazyLock::new(|| {
            use std::collections::{HashMap, HashSet};
            let tags: HashSet<&str> = [
                "p",
                "br",
                "hr",
                "h2",
                "h3",
                "h4",
                "h5",
                "h6",
                "ul",
                "ol",
                "li",
                "dl",
                "dt",
                "dd",
                "blockquote",
                "pre",
                "code",
                "kbd",
                "samp",
                "var",
                "strong",
                "em",
                "b",
                "i",
                "u",
                "s",
                "del",
                "ins",
                "sub",
                "sup",
                "small",
                "mark",
                "abbr",
                "cite",
                "q",
                "dfn",
                "time",
                "data",
                "span",
                "div",
                "a",
                "table",
                "caption",
                "colgroup",
                "col",
                "thead",
                "tbody",
                "tfoot",
                "tr",
                "th",
                "td",
                "details",
                "summary",
                "figure",
                "figcaption",
                "ruby",
                "rt",
                "rp",
                "picture",
                "source",
                "img",
                "wbr",
            ]
            .into();
            let attrs = |names: &[&'static str]| names.iter().copied().collect::<HashSet<_>>();
            let tag_attributes: HashMap<&str, HashSet<&str>> = [
                ("a", attrs(&["href", "title"])),
                ("abbr", attrs(&["title"])),
                ("dfn", attrs(&["title"])),
                ("time", attrs(&["datetime"])),
                ("data", attrs(&["value"])),
                ("q", attrs(&["cite"])),
                ("ol", attrs(&["start", "reversed", "type"])),
                ("li", attrs(&["value"])),
                (
                    "th",
                    attrs(&["scope", "colspan", "rowspan", "headers", "abbr"]),
                ),
                ("td", attrs(&["colspan", "rowspan", "headers"])),
                ("col", attrs(&["span"])),
                ("colgroup", attrs(&["span"])),
                ("details", attrs(&["open"])),
                (
                    "img",
                    attrs(&["src", "srcset", "sizes", "alt", "width", "height"]),
                ),
                ("source", attrs(&["srcset", "sizes", "type"])),
                ("h2", attrs(&["id"])),
                ("h3", attrs(&["id"])),
                ("h4", attrs(&["id"])),
                ("h5", attrs(&["id"])),
                ("h6", attrs(&["id"])),
                // footnotes
                ("div", attrs(&["id"])),
            ]
            .into();
            let mut b = ammonia::Builder::empty();
            b.tags(tags)
                .tag_attributes(tag_attributes)
                .generic_attributes(["class", "lang", "dir"].into())
                .url_schemes(["http", "https", "mailto", "tel"].into())
                .url_relative(ammonia::UrlRelative::PassThrough)
                .link_rel(None)
                .clean_content_tags(["script", "style", "template", "noscript"].into())
                .attribute_filter(|element, attribute, value| {
                    let generated = |v: &str| {
                        v.split(", ")
                            .all(|c| c.trim_start().starts_with(ROOT_PLACEHOLDER))
                    };
                    match (element, attribute) {
                        ("img", "src" | "srcset") | ("source", "srcset") if !generated(value) => {
                            None
                        }
                        _ => Some(value.into()),
                    }
                });
            b
        });
    let text = html.replace(ROOT_MARK, ROOT_PLACEHOLDER);
    CLEANER
        .clean(&text)
        .to_string()
        .replace(ROOT_PLACEHOLDER, ROOT_MARK)
}

/// Replace [`ROOT_MARK`] in a page's HTML with its relative path to the site root.
pub fn resolve_root(html: &str, root: &str) -> String {
    // a char pattern: memchr instead of a substring search over every page
    html.replace(ROOT_CHAR, root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Lang, Severity};

    #[test]
    fn escape_replaces_the_five_characters_and_copies_everything_else() {
        // the obvious character-by-character version, to compare with
        fn reference(s: &str) -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect()
        }
        let pieces = [
            "&", "<", ">", "\"", "'", "地域", "a", "ｶﾞ", "😀", " ", "&amp;", "",
        ];
        let mut texts = vec![String::new()];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        for t in &texts {
            assert_eq!(escape(t), reference(t), "{t:?}");
            let mut out = String::from("前");
            escape_into(&mut out, t);
            assert_eq!(out, format!("前{}", reference(t)));
        }
    }

    #[test]
    fn unescape_reverses_escape_and_tells_other_entities_apart() {
        let text = "A&B <\"C\"> 'd' &amp;lt; 地域";
        assert_eq!(unescape(&escape(text), true).as_deref(), Some(text));
        assert_eq!(unescape("&#x27;x&#39;", true).as_deref(), Some("'x'"));
        assert!(matches!(
            unescape("見守り", true),
            Some(std::borrow::Cow::Borrowed("見守り"))
        ));
        assert_eq!(unescape("a&nbsp;b", true), None);
        assert_eq!(
            unescape("a&nbsp;b&amp;", false).as_deref(),
            Some("a&nbsp;b&")
        );
        assert_eq!(unescape("a & b&", false).as_deref(), Some("a & b&"));
    }
    use crate::config::MarkerStyle;

    fn markers() -> Vec<Marker> {
        ["変更", "追加", "再掲", "追加・再掲"]
            .iter()
            .map(|l| Marker {
                label: l.to_string(),
                style: MarkerStyle::Changed,
                description: None,
            })
            .collect()
    }

    fn render_str(src: &str, mode: Mode) -> (Rendered, Vec<Diagnostic>) {
        render_with(src, mode, RawHtml::Escape)
    }

    fn render_with(src: &str, mode: Mode, raw_html: RawHtml) -> (Rendered, Vec<Diagnostic>) {
        let pages: HashMap<String, String> =
            [("plan/1.md".to_string(), "plan/1/index.html".to_string())].into();
        let terms: HashMap<String, String> =
            [("共助".to_string(), "glossary/index.html#共助".to_string())].into();
        let m = markers();
        let resolver = Resolver {
            pages: &pages,
            terms: Some(&terms),
            markers: &m,
            media: None,
            raw_html,
            failed: &Default::default(),
            glossary_failed: false,
        };
        let frag = parse(src, 10, Path::new("content/x.md"));
        let mut diags = Vec::new();
        let r = render(
            &frag.file,
            &frag.events,
            mode,
            &resolver,
            &mut Ids::default(),
            &mut diags,
        );
        (r, diags)
    }

    #[test]
    fn strips_printed_markers_in_order() {
        let (rest, idx) = strip_markers("連携を推進します。（再掲）（変更） ", &markers());
        assert_eq!(rest, "連携を推進します。");
        assert_eq!(idx, vec![2, 0]);
        let (rest, idx) = strip_markers("支援します。（追加・再掲）", &markers());
        assert_eq!((rest.as_str(), idx), ("支援します。", vec![3]));
        let (rest, idx) = strip_markers("（仮称）の設置", &markers());
        assert_eq!((rest.as_str(), idx.len()), ("（仮称）の設置", 0));
    }

    #[test]
    fn list_item_markers_become_badges_and_are_recorded() {
        let (r, d) = render_str("- 拠点づくりを促進します。（変更）\n", Mode::ITEM);
        assert!(d.is_empty());
        assert_eq!(
            r.html,
            "拠点づくりを促進します。<span class=\"marker marker-changed\">（変更）</span>"
        );
        assert_eq!(r.markers, vec![0]);
        assert_eq!(r.text, "拠点づくりを促進します。（変更）");
    }

    #[test]
    fn nested_item_markers_are_not_the_entrys_own() {
        let (r, _) = render_str(
            "- 次の取組を行います。\n  - つながりサポーターの養成（追加）\n",
            Mode::ITEM,
        );
        assert!(r.markers.is_empty(), "{r:?}");
        assert!(r.html.contains("<ul>"), "{}", r.html);
        assert!(r.html.contains("marker-changed"), "{}", r.html);
    }

    #[test]
    fn glossary_terms_and_internal_links_resolve_relative_to_root() {
        let (r, d) = render_str("[[共助]]と[計画](@/plan/1.md#a)", Mode::INLINE);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            r.html,
            "<a href=\"\u{1}glossary/index.html#共助\" class=\"term\">共助</a>と<a href=\"\u{1}plan/1/index.html#a\">計画</a>"
        );
        assert_eq!(resolve_root(&r.html, "../"), r.html.replace('\u{1}', "../"));
        assert_eq!(r.terms, vec!["共助".to_string()]);
    }

    #[test]
    fn unknown_terms_and_broken_links_are_errors_with_positions() {
        let (r, d) = render_str("前の行\n\n[[共助け]]と[x](@/nowhere.md)", Mode::BLOCK);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(matches!(&d[0].problem, Problem::UnknownTerm { term, .. } if term == "共助け"));
        assert_eq!(d[0].pos, Some(Pos { line: 12, col: 1 }));
        assert!(matches!(&d[1].problem, Problem::BrokenLink { .. }));
        assert!(r.html.contains("共助け"), "text is kept: {}", r.html);
        assert!(!r.html.contains("<a"), "{}", r.html);
    }

    #[test]
    fn a_printed_bullet_run_into_the_line_above_is_a_warning_at_its_line() {
        let src = "- 見守りを行います。\n・配食を行います。\n\n段落です。\n  ●続きの行\n\n・1行だけの段落";
        let (r, d) = render_str(src, Mode::BLOCK);
        let at: Vec<_> = d
            .iter()
            .map(|d| (d.severity, d.pos.unwrap().line, d.pos.unwrap().col))
            .collect();
        assert_eq!(
            at,
            vec![(Severity::Warning, 11, 1), (Severity::Warning, 14, 3)],
            "{d:?}"
        );
        assert!(d[0].problem.message(Lang::Ja).contains("「・」"));
        assert!(d[1].problem.message(Lang::Ja).contains("「●」"));
        // Nothing is dropped: the text is still there, run into the entry as Markdown says.
        assert!(r.html.contains("配食を行います。"), "{}", r.html);
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let (r, _) = render_str("<script>alert(1)</script>\n\n a <b>b</b>", Mode::BLOCK);
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("<b>"), "{}", r.html);
    }

    #[test]
    fn br_is_a_line_break_however_it_is_written() {
        let (r, d) = render_str("一行目<br>二行目<BR/>三行目<br />四行目", Mode::BLOCK);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(r.html.matches("<br />").count(), 3, "{}", r.html);
        assert!(!r.html.contains("&lt;"), "{}", r.html);
        assert_eq!(r.text, "一行目 二行目 三行目 四行目");
        // Not every tag starting with br is one.
        let (r, d) = render_str("a <brx> b", Mode::BLOCK);
        assert!(r.html.contains("&lt;brx&gt;"), "{}", r.html);
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn html_comments_are_never_shown() {
        let src = "本文1 <!-- 内部のメモ1 --> 続き\n\n<!--\n担当の携帯 090-0000-0000\n次回は12月に見直す\n-->\n\n本文2 <!-- 行を\nまたぐメモ --> 終わり\n";
        for mode in [RawHtml::Escape, RawHtml::Sanitize] {
            let (r, d) = render_with(src, Mode::BLOCK, mode);
            assert!(d.is_empty(), "{d:?}");
            for hidden in ["メモ", "090", "見直す", "&lt;!--", "<!--"] {
                assert!(
                    !r.html.contains(hidden),
                    "{mode:?} shows {hidden}: {}",
                    r.html
                );
                assert!(
                    !r.text.contains(hidden),
                    "{mode:?} indexes {hidden}: {}",
                    r.text
                );
            }
            for kept in ["本文1", "続き", "本文2", "終わり"] {
                assert!(r.html.contains(kept), "{mode:?} lost {kept}: {}", r.html);
            }
        }
    }

    #[test]
    fn html_shown_as_text_is_told_once_per_block_and_line() {
        let src = "文の<span>中</span>と<b>太字</b>\n次の行の<i>斜体</i>\n\n<table>\n<tr><td>表</td></tr>\n</table>\n";
        let (r, d) = render_str(src, Mode::BLOCK);
        assert!(r.html.contains("&lt;span&gt;中&lt;/span&gt;"), "{}", r.html);
        assert!(r.html.contains("&lt;td&gt;表"), "{}", r.html);
        let at: Vec<(usize, usize)> = d
            .iter()
            .map(|d| d.pos.map(|p| (p.line, p.col)).unwrap())
            .collect();
        // Source line 1 (file line 10), line 2 (11), and the table at line 4 (13).
        assert_eq!(at, vec![(10, 3), (11, 5), (13, 1)], "{d:?}");
        assert!(
            d[0].problem.message(Lang::Ja).contains("「<span>」"),
            "{}",
            d[0].problem.message(Lang::Ja)
        );
        assert!(d.iter().all(|d| d.severity == Severity::Warning));
        // With raw_html = "sanitize" the tags are used, and nothing is said.
        let (_, d) = render_with(src, Mode::BLOCK, RawHtml::Sanitize);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn sanitize_keeps_content_markup() {
        let src = "<details open><summary>くわしく</summary>\n\n中身は<strong>太字</strong>と<ruby>地域<rp>（</rp><rt>ちいき</rt><rp>）</rp></ruby>\n\n</details>\n\n\
                   <table><caption>表</caption><tr><th scope=\"col\">a</th></tr><tr><td colspan=\"2\">b</td></tr></table>\n\n\
                   a <abbr title=\"社会福祉協議会\">社協</abbr> <a href=\"https://example.jp/\" title=\"t\">外</a> <span class=\"note\">注</span><br>改行\n";
        let (r, d) = render_with(src, Mode::BLOCK, RawHtml::Sanitize);
        assert!(d.is_empty(), "{d:?}");
        for kept in [
            "<details open=\"\"><summary>くわしく</summary>",
            "<strong>太字</strong>",
            "<ruby>地域<rp>（</rp><rt>ちいき</rt><rp>）</rp></ruby>",
            "<caption>表</caption>",
            "<th scope=\"col\">a</th>",
            "<td colspan=\"2\">b</td>",
            "<abbr title=\"社会福祉協議会\">社協</abbr>",
            "<a href=\"https://example.jp/\" title=\"t\">外</a>",
            "<span class=\"note\">注</span><br>",
        ] {
            assert!(r.html.contains(kept), "lost {kept:?}:\n{}", r.html);
        }
    }

    #[test]
    fn sanitize_removes_scripts_styles_handlers_and_dangerous_urls() {
        let src = "<script>alert(1)</script>\n\n\
                   <p onclick=\"alert(2)\" style=\"color:red\">段落</p>\n\n\
                   <a href=\"javascript:alert(3)\">j</a> <a href=\"data:text/html,x\">d</a> \
                   <a href=\"JaVaScRiPt:alert(4)\">J</a> <img src=\"https://tracker.example/p.gif\" onerror=\"alert(5)\" alt=\"x\">\n\n\
                   <iframe src=\"https://example.com/\"></iframe><object data=\"x\"></object>\n\n\
                   <form action=\"https://evil.example/\"><input name=\"q\"><button>送信</button></form>\n\n\
                   <style>body{display:none}</style><svg onload=\"alert(6)\"><text>s</text></svg>\n";
        let (r, _) = render_with(src, Mode::BLOCK, RawHtml::Sanitize);
        let lower = r.html.to_ascii_lowercase();
        for gone in [
            "<script",
            "alert(",
            "onclick",
            "onerror",
            "onload",
            "style",
            "javascript:",
            "data:",
            "tracker.example",
            "<iframe",
            "<object",
            "<form",
            "<input",
            "<button",
            "<svg",
            "evil.example",
            "display:none",
        ] {
            assert!(!lower.contains(gone), "{gone:?} survived:\n{}", r.html);
        }
        assert!(r.html.contains("<p>段落</p>"), "{}", r.html);
        assert!(
            r.html.contains("送信"),
            "text of removed elements stays: {}",
            r.html
        );
    }

    #[test]
    fn sanitize_keeps_the_generators_own_links() {
        let (r, d) = render_with(
            "[[共助]]と[計画](@/plan/1.md#a)、<em>強調</em>",
            Mode::INLINE,
            RawHtml::Sanitize,
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            r.html,
            "<a href=\"\u{1}glossary/index.html#共助\" class=\"term\">共助</a>と<a href=\"\u{1}plan/1/index.html#a\">計画</a>、<em>強調</em>"
        );
    }

    #[test]
    fn escape_mode_shows_the_same_markup_as_text() {
        let (r, _) = render_with(
            "<details><summary>s</summary></details>\n\na <em>b</em>",
            Mode::BLOCK,
            RawHtml::Escape,
        );
        assert!(r.html.contains("&lt;details&gt;"), "{}", r.html);
        assert!(r.html.contains("&lt;em&gt;b&lt;/em&gt;"), "{}", r.html);
    }

    #[test]
    fn table_alignment_uses_classes_not_inline_styles() {
        for mode in [RawHtml::Escape, RawHtml::Sanitize] {
            let (r, _) = render_with(
                "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n<em>x</em>",
                Mode::BLOCK,
                mode,
            );
            assert!(!r.html.contains("style="), "{}", r.html);
            assert!(
                r.html.contains("<th class=\"align-left\">a</th>"),
                "{}",
                r.html
            );
            assert!(
                r.html.contains("<td class=\"align-center\">2</td>"),
                "{}",
                r.html
            );
            assert!(
                r.html.contains("<td class=\"align-right\">3</td>"),
                "{}",
                r.html
            );
        }
    }

    #[test]
    fn heading_levels_are_checked_and_ids_assigned() {
        let (r, d) = render_str("## 目指す姿\n\n#### 深すぎ\n\n# 大きすぎ\n", Mode::PAGE);
        assert!(r.html.contains("<h2 id=\"目指す姿\">"), "{}", r.html);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].pos.map(|p| p.line), Some(12));
    }

    #[test]
    fn images_need_alt_text() {
        let (_, d) = render_str("![](a.png) ![サロンの様子](b.png)", Mode::BLOCK);
        assert_eq!(d.len(), 1);
        assert!(matches!(&d[0].problem, Problem::MissingAlt { src } if src == "a.png"));
    }
}
