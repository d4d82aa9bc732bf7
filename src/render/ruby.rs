//! Automatic readings for every page: a pass over the text of each finished page's `<body>`
//! (content, titles, navigation and the theme's own strings alike), putting kanji words in
//! `<ruby>` with their readings.
//!
//! Left alone: the `<head>` (the page title is plain text), `<script>`, `<style>`,
//! `<code>`, `<pre>`, `<textarea>`, `<option>` (plain text only: a browser would show the
//! readings in brackets), existing `<ruby>` (author readings), phone and mail links,
//! anything marked `data-no-furigana`, attributes, and text holding an entity this pass
//! does not decode. All the HTML here is tsunagu's own well-formed output, so a small
//! scanner is enough: tags are found by `<` and `>` (both are always escaped in text and
//! attribute values).

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::furigana::{Furigana, has_kanji, to_html};

/// Elements whose content is never annotated.
const SKIP: [&str; 8] = [
    "script", "style", "code", "pre", "textarea", "option", "ruby", "rt",
];

/// The element name of a tag, lower case (borrowed: tsunagu writes its tags in lower case).
fn tag_name(tag: &str) -> std::borrow::Cow<'_, str> {
    let rest = tag.trim_start_matches('<').trim_start_matches('/');
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = &rest[..end];
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        name.to_ascii_lowercase().into()
    } else {
        name.into()
    }
}

/// Does this opening tag start a region to leave alone?
fn starts_skip(name: &str, tag: &str) -> bool {
    SKIP.contains(&name)
        || tag.contains("data-no-furigana")
        || (name == "a" && (tag.contains("href=\"tel:") || tag.contains("href=\"mailto:")))
}

/// The ruby pass of one build over the engine's memo of text runs already annotated
/// ([`Furigana::known_markup`]).
///
/// A run is analysed on its own (the analyser never sees across a tag), so the same run
/// always gets the same markup; the header, navigation, footer, settings panel and the
/// plan's titles recur on every page, and are analysed once instead of once per page; a
/// preview keeps its engine, so after an edit only the runs it changed are analysed.
/// Shared between the render threads.
pub struct Annotator<'a> {
    furigana: &'a Furigana,
    /// Text runs analysed (not found in the memo), and their characters.
    analysed: AtomicUsize,
    analysed_chars: AtomicUsize,
    /// Text runs found in the memo.
    reused: AtomicUsize,
}

impl Drop for Annotator<'_> {
    fn drop(&mut self) {
        let (sentences, chars) = self.furigana.sentences_analysed();
        tracing::debug!(
            "ふりがな: {} 件を解析（{} 文字）、{} 件は解析済み / runs analysed (chars), reused; \
             解析器に渡した文（この辞書で累計）{} 件（{} 文字）/ sentences analysed (chars)",
            self.analysed(),
            self.analysed_chars.load(Ordering::Relaxed),
            self.reused.load(Ordering::Relaxed),
            sentences,
            chars
        );
    }
}

impl<'a> Annotator<'a> {
    pub fn new(furigana: &'a Furigana) -> Annotator<'a> {
        Annotator {
            furigana,
            analysed: AtomicUsize::new(0),
            analysed_chars: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
        }
    }

    /// How many text runs this pass analysed (the others came from the memo).
    pub fn analysed(&self) -> usize {
        self.analysed.load(Ordering::Relaxed)
    }

    /// Annotate one page.
    pub fn page(&self, html: &str) -> String {
        match html.find("<body") {
            Some(body) => {
                let mut out = String::with_capacity(html.len() * 2);
                out.push_str(&html[..body]);
                self.annotate_into(&html[body..], &mut out);
                out
            }
            None => html.to_string(),
        }
    }

    /// Annotate a fragment of a page's body (no `<head>`), as [`Annotator::page`] does the
    /// body.
    pub fn fragment(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len() * 2);
        self.annotate_into(html, &mut out);
        out
    }

    /// Analyse the text runs of an HTML fragment (a content file's Markdown, as pages show
    /// it) into the memo, so the pages that show it find its markup there.
    pub fn learn(&self, fragment: &str) {
        annotate_with(fragment, &mut String::new(), |plain, _| {
            // Analysed here, a run the memo will not keep would be analysed again by its
            // page: leave it to the page.
            if self.furigana.known_markup(plain).is_none() && self.furigana.would_keep(plain) {
                self.analyse(plain, &mut String::new());
            }
        });
    }

    /// Before the pages are rendered: [`Annotator::learn`] every content fragment of the
    /// site, on the cores the caller's work leaves free. Pages are made of these fragments
    /// and a few strings of the theme; analysed here in one go, without templates between
    /// them, the dictionary stays in the processor's caches.
    pub fn learn_site(&self, site: &crate::content::Site) {
        use rayon::prelude::*;
        let mut fragments: Vec<&str> = Vec::new();
        if let Some(plan) = &site.plan {
            fragments.push(&plan.intro_html.html);
            for n in &plan.nodes {
                fragments.push(&n.lead_html.html);
                for e in n
                    .targets
                    .iter()
                    .chain(n.actions.iter().flat_map(|a| a.entries.iter()))
                {
                    fragments.push(&e.rendered.html);
                }
            }
        }
        fragments.extend(site.resources.iter().map(|r| r.rendered.html.as_str()));
        if let Some(g) = &site.glossary {
            fragments.extend(g.terms.iter().map(|t| t.rendered.html.as_str()));
        }
        fragments.extend(site.pages.iter().map(|p| p.rendered.html.as_str()));
        if let Some(n) = &site.navi {
            fragments.extend(n.steps.iter().map(|s| s.rendered.html.as_str()));
        }
        fragments.par_iter().for_each(|f| self.learn(f));
    }

    /// The scanner over `html`, each text run to annotate from the memo or analysed.
    fn annotate_into(&self, html: &str, out: &mut String) {
        annotate_with(html, out, |plain, out| self.run(plain, out));
    }

    /// The markup of one text run, from the memo or analysed (and kept), onto `out`.
    fn run(&self, plain: &str, out: &mut String) {
        if let Some(hit) = self.furigana.known_markup(plain) {
            out.push_str(&hit);
            self.reused.fetch_add(1, Ordering::Relaxed);
        } else {
            self.analyse(plain, out);
        }
    }

    /// Analyse one text run, keep its markup and reading, and write the markup onto `out`.
    fn analyse(&self, plain: &str, out: &mut String) {
        self.analysed.fetch_add(1, Ordering::Relaxed);
        self.analysed_chars
            .fetch_add(plain.chars().count(), Ordering::Relaxed);
        let segments = self.furigana.annotate(plain);
        if !plain.contains('\n') {
            // The search index reads the same paragraphs: let it find them read.
            self.furigana.remember_reading(plain, &segments);
        }
        let markup: std::sync::Arc<str> = to_html(&segments).into();
        out.push_str(&markup);
        self.furigana.keep_markup(plain, markup);
    }
}

/// The scanner: copies `s` into `out`, and `annotate(plain text, out)` writes the markup of
/// each text run to annotate.
fn annotate_with(s: &str, out: &mut String, mut annotate: impl FnMut(&str, &mut String)) {
    let mut i = 0;
    // The element being skipped, and how deeply it is nested in itself.
    let mut skip: Option<(String, usize)> = None;
    while i < s.len() {
        if s[i..].starts_with("<!--") {
            let end = s[i..].find("-->").map_or(s.len(), |e| i + e + 3);
            out.push_str(&s[i..end]);
            i = end;
        } else if s[i..].starts_with('<') {
            let end = s[i..].find('>').map_or(s.len(), |e| i + e + 1);
            let tag = &s[i..end];
            let name = tag_name(tag);
            let closing = tag.starts_with("</");
            let void = tag.ends_with("/>")
                || matches!(
                    &*name,
                    "br" | "img" | "input" | "meta" | "link" | "hr" | "source"
                );
            match &mut skip {
                Some((n, depth)) if *n == name && !void => {
                    if closing {
                        *depth -= 1;
                        if *depth == 0 {
                            skip = None;
                        }
                    } else {
                        *depth += 1;
                    }
                }
                Some(_) => {}
                None if !closing && !void && starts_skip(&name, tag) => {
                    skip = Some((name.into_owned(), 1))
                }
                None => {}
            }
            out.push_str(tag);
            i = end;
        } else {
            let next = s[i..].find('<').map_or(s.len(), |p| i + p);
            let text = &s[i..next];
            match (skip.is_none() && has_kanji(text))
                .then(|| crate::markdown::unescape(text, true))
                .flatten()
            {
                Some(plain) => annotate(&plain, out),
                None => out.push_str(text),
            }
            i = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Furigana {
        Furigana::new(&[]).expect("IPADIC loads")
    }

    fn annotate_page(html: &str, f: &Furigana) -> String {
        Annotator::new(f).page(html)
    }

    #[test]
    fn tag_names_are_read_in_any_case() {
        assert_eq!(tag_name("<CODE class=\"x\">"), "code");
        assert_eq!(tag_name("</p>"), "p");
        let html = annotate_page("<body><CODE>漢字</CODE><P>漢字</P></body>", &engine());
        assert!(
            html.starts_with("<body><CODE>漢字</CODE><P><ruby "),
            "{html}"
        );
    }

    #[test]
    fn learning_fills_the_memo_the_pages_use() {
        let f = engine();
        let a = Annotator::new(&f);
        let long = "支え合いの地域づくりを進めます。".repeat(8);
        a.learn(&format!(
            "<p>{long}</p><ul><li>地域の相談窓口</li></ul><code>漢字</code>"
        ));
        assert_eq!(
            a.analysed(),
            2,
            "the paragraph and the list item, not the code"
        );
        let html = format!("<body><p>{long}</p><p>地域の相談窓口</p></body>");
        let page = a.page(&html);
        assert_eq!(a.analysed(), 2, "the page found both in the memo");
        assert_eq!(page, annotate_page(&html, &engine()));
    }

    #[test]
    fn a_line_the_search_index_read_is_not_analysed_again_by_its_page() {
        let f = engine();
        let line = "鳥取市役所の福祉相談窓口";
        let reading = f.reading(line);
        assert_eq!(reading, "とっとりしやくしょのふくしそうだんまどぐち");
        let a = Annotator::new(&f);
        let html = format!("<body><dd>{line}</dd></body>");
        let page = a.page(&html);
        assert_eq!(
            a.analysed(),
            0,
            "the page found the line's markup in the memo"
        );
        assert_eq!(page, annotate_page(&html, &engine()));
        assert!(page.contains("<rt>ふくし</rt>"), "{page}");
    }

    #[test]
    fn learning_leaves_a_run_the_memo_would_not_keep_to_its_page() {
        let f = engine();
        // the budget for long runs is spent
        let spent = crate::furigana::LONG_MARKUP_BUDGET - 1000;
        f.keep_markup(&"見守り".repeat(40), "x".repeat(spent).into());
        let a = Annotator::new(&f);
        let long = "支え合いの地域づくりを進めます。".repeat(8);
        a.learn(&format!("<p>{long}</p><p>地域の相談窓口</p>"));
        assert_eq!(a.analysed(), 1, "only the short run");
    }

    #[test]
    fn the_memo_changes_nothing() {
        let f = engine();
        let a = Annotator::new(&f);
        let page1 = "<body><nav>地域の相談窓口</nav><p>見守り活動を行って</p></body>";
        let page2 = "<body><nav>地域の相談窓口</nav><p>見守り活動を行って</p><p>皆で</p></body>";
        let first = a.page(page1);
        let second = a.page(page2);
        assert_eq!(a.page(page1), first, "the same page twice");
        let fresh = engine();
        assert_eq!(
            first,
            annotate_page(page1, &fresh),
            "memo against a fresh engine"
        );
        assert_eq!(second, annotate_page(page2, &engine()));
        assert!(first.contains("<rt>そうだん</rt>"), "{first}");
        assert!(
            first.contains("<rt>みまも</rt><rp>）</rp></ruby>り"),
            "{first}"
        );
    }

    /// What a preview does after an edit: a new pass with the engine it kept analyses only
    /// the run the edit changed, and gives the same pages as a fresh engine.
    #[test]
    fn a_later_pass_with_the_same_engine_analyses_only_what_changed() {
        let f = engine();
        let before = [
            "<body><nav>地域の相談窓口</nav><p>見守り活動を行って</p></body>",
            "<body><nav>地域の相談窓口</nav><h1>食堂の案内</h1></body>",
        ];
        let first = Annotator::new(&f);
        for page in before {
            first.page(page);
        }
        assert_eq!(first.analysed(), 3);
        let after = [
            "<body><nav>地域の相談窓口</nav><p>見守り活動を毎週行って</p></body>",
            "<body><nav>地域の相談窓口</nav><h1>食堂の案内</h1></body>",
        ];
        let second = Annotator::new(&f);
        let fresh = engine();
        for page in after {
            assert_eq!(second.page(page), annotate_page(page, &fresh));
        }
        assert_eq!(second.analysed(), 1, "only the edited paragraph");
    }

    #[test]
    fn body_text_gets_readings_head_and_skipped_elements_do_not() {
        let f = engine();
        let html = "<html><head><title>地域福祉</title></head><body><h1>地域福祉</h1>\
                    <p>電話 <a href=\"tel:0857000001\">相談窓口</a></p><code>地域</code>\
                    <script>var a = \"地域\";</script><ruby>皆生<rt>かいけ</rt></ruby>\
                    <select><option value=\"中央地区\">中央地区</option></select></body></html>";
        let out = annotate_page(html, &f);
        assert!(out.contains("<title>地域福祉</title>"), "{out}");
        assert!(out.contains("<h1><ruby"), "{out}");
        assert!(out.contains("<rt>ちいき</rt>"), "{out}");
        assert!(
            out.contains("<a href=\"tel:0857000001\">相談窓口</a>"),
            "{out}"
        );
        assert!(out.contains("<code>地域</code>"), "{out}");
        assert!(out.contains("var a = \"地域\";"), "{out}");
        assert!(out.contains("<ruby>皆生<rt>かいけ</rt></ruby>"), "{out}");
        assert!(
            out.contains("<option value=\"中央地区\">中央地区</option>"),
            "{out}"
        );
    }

    #[test]
    fn entities_are_decoded_and_written_back() {
        let f = engine();
        let out = annotate_page("<body><p>地域 &amp; 福祉 &lt;案&gt;</p></body>", &f);
        assert!(out.contains("&amp;"), "{out}");
        assert!(out.contains("&lt;"), "{out}");
        assert!(!out.contains("& "), "{out}");
        let odd = annotate_page("<body><p>地域&copy;</p></body>", &f);
        assert!(
            odd.contains("<p>地域&copy;</p>"),
            "unknown entity: left alone: {odd}"
        );
    }

    #[test]
    fn nested_skipped_elements_end_at_their_own_close() {
        let f = engine();
        let out = annotate_page(
            "<body><pre><code>地域</code>福祉</pre><p>計画</p></body>",
            &f,
        );
        assert!(out.contains("<pre><code>地域</code>福祉</pre>"), "{out}");
        assert!(out.contains("<rt>けいかく</rt>"), "{out}");
    }
}
