//! Security: hostile text in every field staff write stays data in every output format
//! (HTML text and attributes, JSON-LD, search shards, JSON, CSV, iCalendar, Atom); raw HTML
//! in Markdown is shown as text or cleaned by an allow-list; every page carries a
//! Content-Security-Policy without `unsafe-inline` and has no inline script or style; staff-
//! only `[private]` data and draft pages reach no output file and no search result.

use crate::common;
use common::SiteTest;

use std::path::Path;
use std::process::Command;

/// The hostile text as it must come out (after unescaping).
const HOSTILE: &str = "<script>alert(1)</script>\"'</script>]]>";
/// The same inside a TOML basic string.
const HOSTILE_TOML: &str = "<script>alert(1)</script>\\\"'</script>]]>";
/// The same as Markdown text: backslashes make `<` a character, not raw HTML.
const HOSTILE_MD: &str = "\\<script>alert(1)\\</script>\"'\\</script>]]>";
/// For the iCalendar check: characters RFC 5545 TEXT values must escape.
const ICS_EXTRA: &str = ",;\\";

const PRIVATE_PHONE: &str = "090-5555-0123";
const PRIVATE_NOTE: &str = "PRIVATE-NOTE-KAGIBANGO-7741";
const DRAFT_WORD: &str = "DRAFTWORD-SHITAGAKI-3391";

fn base_config() -> String {
    std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap()
}

/// The base fixture with news, a draft page and `[private]` data; `hostile` puts the
/// hostile text into every field, otherwise the same fields hold plain text.
fn site(hostile: bool) -> SiteTest {
    let h = |plain: &str| {
        if hostile {
            format!("{plain}{HOSTILE_TOML}")
        } else {
            plain.to_string()
        }
    };
    let hm = |plain: &str| {
        if hostile {
            format!("{plain}{HOSTILE_MD}")
        } else {
            plain.to_string()
        }
    };
    let raw = |plain: &str| {
        if hostile {
            format!("{plain}{HOSTILE}")
        } else {
            plain.to_string()
        }
    };
    let config = base_config()
        .replace("name = \"北圏域\"", &format!("name = \"{}\"", h("北圏域")))
        .replace(
            "description = \"誰でも気軽に集まれる場所です。\"",
            &format!("description = \"{}\"", h("誰でも気軽に集まれる場所です。")),
        )
        + "\n[news]\nnew_days = 14\n";
    let ics_name = if hostile {
        format!(
            "南圏域サロン{HOSTILE_TOML}{}",
            ICS_EXTRA.replace('\\', "\\\\")
        )
    } else {
        "南圏域サロン".to_string()
    };
    let salon = format!(
        "+++\nname = \"{ics_name}\"\nname_kana = \"{}\"\nkind = \"salon\"\n\
         audience = [\"elderly\"]\narea = \"minami\"\nlat = 35.40\nlon = 134.25\n\
         verified = 2026-10-01\nsample = true\npostal_code = \"680-0001\"\n\
         address = \"{}\"\nfee = \"{}\"\noperator = \"{}\"\nservices = [\"{}\"]\n\
         languages = [\"{}\"]\nnotes = \"{}\"\n\n\
         [schedule]\n[[schedule.rules]]\nfreq = \"weekly\"\nbyday = [\"WE\"]\n\
         opens_at = \"10:00\"\ncloses_at = \"12:00\"\n\n\
         [private]\ncontact_phone = \"{PRIVATE_PHONE}\"\nmemo = \"{PRIVATE_NOTE}\"\n+++\n{}\n\n{}\n",
        h("ミナミケンイキサロン"),
        h("テスト市南町1-2-3"),
        h("無料"),
        h("南地区社会福祉協議会"),
        h("食事の提供"),
        h("日本語"),
        h("駐車場はありません"),
        hm("南圏域の集会所で開いています。"),
        raw("手書きのタグ"),
    );
    let about = format!(
        "+++\ntitle = \"{}\"\ndescription = \"{}\"\n+++\n## 目的\n\n{}\n\n{}\n\n[計画](@/plan/_index.md)を読むためのサイトです。\n",
        h("このサイトについて"),
        h("説明"),
        hm("本文"),
        raw("手書きのタグ"),
    );
    let glossary = format!(
        "+++\ntitle = \"用語解説\"\n+++\n\n## 共助\n社会保障制度などを活用すること。\n\n## {}\n{}\n",
        hm("悪意"),
        hm("説明の文"),
    );
    SiteTest::fixture("base")
        .write("config.toml", config)
        .write("content/resources/salon-minami.md", salon)
        .write("content/about.md", about)
        .write("content/glossary.md", glossary)
        .write("content/news/_index.md", "+++\ntitle = \"お知らせ\"\n+++\n")
        .write(
            "content/news/event.md",
            format!(
                "+++\ntitle = \"{}\"\ndate = 2026-11-20\n+++\n{}\n",
                h("サロンのお知らせ"),
                hm("本文")
            ),
        )
        .write(
            "content/secret.md",
            format!(
                "+++\ntitle = \"下書き {DRAFT_WORD}\"\ndraft = true\n+++\n{DRAFT_WORD} の本文。\n"
            ),
        )
}

/// Every file of the output, relative path → bytes.
fn files(t: &SiteTest) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&t.out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&t.out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

fn script_tags(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    lower
        .match_indices("<script")
        .map(|(i, _)| lower[i..].split('>').next().unwrap_or("").to_string())
        .collect()
}

/// The JSON text of every `<script type="application/ld+json">` block.
fn json_ld_blocks(html: &str) -> Vec<&str> {
    let open = "<script type=\"application/ld+json\">";
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        let after = &rest[i + open.len()..];
        let end = after
            .find("</script")
            .expect("JSON-LD block without </script>");
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

#[test]
fn hostile_text_stays_data_in_every_output() {
    let clean = site(false).build().succeeds();
    let t = site(true).build().succeeds();
    // The tantivy segment files are named by their content: leave them out.
    let visible = |t: &SiteTest| {
        let mut v = files(t);
        v.retain(|(n, _)| !n.starts_with("search/tantivy/"));
        v
    };
    let all = visible(&t);
    let clean_files = visible(&clean);
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&all),
        names(&clean_files),
        "hostile text changed which files are written"
    );

    // HTML: exactly the theme's <script> elements, nothing broken out of an attribute.
    let mut html_pages = 0;
    let mut json_ld_seen = 0;
    for ((rel, bytes), (_, clean_bytes)) in all.iter().zip(&clean_files) {
        if !rel.ends_with(".html") {
            continue;
        }
        html_pages += 1;
        let html = String::from_utf8(bytes.clone()).unwrap();
        let clean_html = String::from_utf8(clean_bytes.clone()).unwrap();
        assert_eq!(
            script_tags(&html),
            script_tags(&clean_html),
            "{rel}: <script> elements differ from the clean build"
        );
        assert_eq!(
            html.matches("</script").count(),
            script_tags(&html).len(),
            "{rel}: a </script> without its own <script>"
        );
        let lower = html.to_ascii_lowercase();
        for bad in [
            "<script>alert",
            "\"><script",
            "'><script",
            "' onerror=",
            "\" onerror=",
            "]]>",
        ] {
            assert!(!lower.contains(bad), "{rel} contains {bad:?}");
        }
        for block in json_ld_blocks(&html) {
            let v: serde_json::Value = serde_json::from_str(block)
                .unwrap_or_else(|e| panic!("{rel}: JSON-LD does not parse ({e}):\n{block}"));
            let mut strings = Vec::new();
            json_strings(&v, &mut strings);
            if strings.iter().any(|s| s.contains(HOSTILE)) {
                json_ld_seen += 1;
            }
        }
    }
    assert!(html_pages > 10, "{html_pages} pages");
    assert!(
        json_ld_seen >= 1,
        "the resource's JSON-LD should hold the hostile name as data"
    );

    // The hostile text is shown (escaped) where it was written.
    let resource = t.read("resources/salon-minami/index.html");
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&lt;/script&gt;]]&gt;";
    for (what, plain) in [
        ("name", "南圏域サロン"),
        ("address", "テスト市南町1-2-3"),
        ("fee", "無料"),
        ("operator", "南地区社会福祉協議会"),
        ("notes", "駐車場はありません"),
        ("body", "南圏域の集会所で開いています。"),
        ("raw HTML in the body", "手書きのタグ"),
    ] {
        assert!(
            resource.contains(&format!("{plain}{escaped}")),
            "resource page lacks the escaped {what}"
        );
    }
    for (rel, plain) in [
        ("about/index.html", "このサイトについて"),
        ("about/index.html", "本文"),
        ("about/index.html", "手書きのタグ"),
        ("glossary/index.html", "悪意"),
        ("news/event/index.html", "サロンのお知らせ"),
        ("news/index.html", "サロンのお知らせ"),
    ] {
        assert!(
            t.read(rel).contains(&format!("{plain}{escaped}")),
            "{rel} lacks the escaped text after {plain}"
        );
    }
    // In an attribute (the meta description) the quotes are escaped too.
    assert!(
        t.read("about/index.html")
            .contains(&format!("content=\"説明{escaped}\"")),
        "meta description"
    );

    // Search shards: every .js parses as JavaScript and holds the text as string data.
    let js: Vec<&String> = all
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with("search/") && n.ends_with(".js"))
        .collect();
    assert!(js.len() >= 3, "search shards: {js:?}");
    for rel in &js {
        let out = Command::new("node")
            .arg("--check")
            .arg(t.out.join(rel))
            .output()
            .expect("node is needed for this test");
        assert!(
            out.status.success(),
            "{rel} is not valid JavaScript: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let script = r#"
        const fs = require('fs'), vm = require('vm'), path = require('path');
        const dir = process.argv[1];
        const found = [];
        const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (p.endsWith('.js')) {
            const collect = (...args) => { const s = JSON.stringify(args); found.push(...s.match(/"(?:[^"\\]|\\.)*"/g).map((x) => JSON.parse(x))); };
            const window = new Proxy({}, { get: () => collect, set: (o, k, v) => { collect(v); return true; } });
            vm.runInNewContext(fs.readFileSync(p, 'utf8'), { window });
          }
        });
        walk(dir);
        process.stdout.write(JSON.stringify(found.filter((s) => s.includes('alert(1)'))));
    "#;
    let out = Command::new("node")
        .args(["-e", script])
        .arg(t.out.join("search"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let strings: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        strings.iter().any(|s| s.contains(HOSTILE)),
        "the search shards should hold the whole hostile text as one string: {strings:?}"
    );

    // resources.json parses and holds the name as data.
    let json: serde_json::Value = serde_json::from_str(&t.read_raw("resources.json")).unwrap();
    let mut strings = Vec::new();
    json_strings(&json, &mut strings);
    let name = format!("南圏域サロン{HOSTILE}{ICS_EXTRA}");
    assert!(strings.contains(&name), "resources.json lacks the name");

    // resources.csv round-trips with a CSV reader.
    let csv_text = t.read_raw("resources.csv");
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(
        rows.iter().any(|r| r.iter().any(|c| c == name)),
        "resources.csv lacks the exact name"
    );
    assert!(
        rows.iter()
            .any(|r| r.iter().any(|c| c == format!("テスト市南町1-2-3{HOSTILE}"))),
        "resources.csv lacks the exact address"
    );

    // iCalendar: TEXT values escape `\`, `;` and `,` (RFC 5545 3.3.11); lines are folded.
    let ics = t.read_raw("resources/salon-minami/salon-minami.ics");
    let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
    let summary = unfolded
        .split("\r\n")
        .find(|l| l.starts_with("SUMMARY"))
        .expect("SUMMARY line");
    let value = summary.split_once(':').unwrap().1;
    assert!(
        value.ends_with("\\,\\;\\\\"),
        "SUMMARY not escaped: {summary}"
    );
    assert_eq!(unescape_ics(value), name);
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "unfolded line over 75 octets: {line}");
    }

    // The Atom feed is well-formed XML and holds the title as text.
    let feed = t.read_raw("news/atom.xml");
    let texts = xml_texts(&feed).unwrap_or_else(|e| panic!("atom.xml: {e}\n{feed}"));
    assert!(
        texts
            .iter()
            .any(|s| s.contains(&format!("サロンのお知らせ{HOSTILE}"))),
        "atom.xml lacks the title as text: {texts:?}"
    );
    // The sitemap too.
    xml_texts(&t.read_raw("sitemap.xml")).unwrap();
}

fn unescape_ics(v: &str) -> String {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(x) => out.push(x),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A small well-formedness check: balanced elements, quoted attributes, `&` only in
/// entities, no `<` in text; returns the text content of each element (unescaped).
fn xml_texts(xml: &str) -> Result<Vec<String>, String> {
    let unescape = |s: &str| -> Result<String, String> {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            let end = rest[i..].find(';').ok_or("bare &")? + i;
            let ent = &rest[i + 1..end];
            match ent {
                "lt" => out.push('<'),
                "gt" => out.push('>'),
                "amp" => out.push('&'),
                "quot" => out.push('"'),
                "apos" => out.push('\''),
                _ if ent.starts_with("#x") => out.push(
                    char::from_u32(u32::from_str_radix(&ent[2..], 16).map_err(|e| e.to_string())?)
                        .ok_or("bad char")?,
                ),
                _ if ent.starts_with('#') => out.push(
                    char::from_u32(ent[1..].parse().map_err(|_| "bad char ref")?)
                        .ok_or("bad char")?,
                ),
                _ => return Err(format!("unknown entity &{ent};")),
            }
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    };
    let mut stack: Vec<String> = Vec::new();
    let mut texts = Vec::new();
    let mut rest = xml.trim_start_matches('\u{feff}');
    if let Some(r) = rest.strip_prefix("<?xml") {
        rest = &r[r.find("?>").ok_or("unclosed declaration")? + 2..];
    }
    loop {
        let i = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..i];
        if text.contains('>') && text.contains("]]>") {
            return Err("]]> in text".into());
        }
        if !text.trim().is_empty() {
            if stack.is_empty() {
                return Err(format!("text outside the root: {text}"));
            }
            texts.push(unescape(text)?);
        }
        if i == rest.len() {
            break;
        }
        rest = &rest[i..];
        if let Some(r) = rest.strip_prefix("<![CDATA[") {
            let end = r.find("]]>").ok_or("unclosed CDATA")?;
            texts.push(r[..end].to_string());
            rest = &r[end + 3..];
            continue;
        }
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->").ok_or("unclosed comment")? + 3..];
            continue;
        }
        let end = rest.find('>').ok_or("unclosed tag")?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or("close without open")?;
            if open != name.trim() {
                return Err(format!("<{open}> closed by </{name}>"));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name = tag.split_whitespace().next().ok_or("empty tag")?;
        let attrs = &tag[name.len()..];
        // Attributes: name="value" pairs, values without < and with entities only.
        let mut a = attrs.trim();
        while !a.is_empty() {
            let eq = a
                .find('=')
                .ok_or(format!("attribute without value in <{tag}>"))?;
            let after = a[eq + 1..].trim_start();
            let q = after.chars().next().ok_or("empty attribute")?;
            if q != '"' && q != '\'' {
                return Err(format!("unquoted attribute in <{tag}>"));
            }
            let close = after[1..].find(q).ok_or("unclosed attribute")?;
            let value = &after[1..1 + close];
            if value.contains('<') {
                return Err(format!("< in an attribute of <{tag}>"));
            }
            unescape(value)?;
            a = after[close + 2..].trim_start();
        }
        if stack.is_empty() && !texts.is_empty() && !self_closing {
            return Err("second root element".into());
        }
        if !self_closing {
            stack.push(name.to_string());
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed elements: {stack:?}"));
    }
    Ok(texts)
}

#[test]
fn the_xml_check_finds_broken_xml() {
    assert!(xml_texts("<a><b>x</b></a>").is_ok());
    assert!(xml_texts("<a><b>x</a></b>").is_err());
    assert!(xml_texts("<a>x & y</a>").is_err());
    assert!(xml_texts("<a t=\"<\">x</a>").is_err());
    assert!(xml_texts("<a>x<script>").is_err());
    assert_eq!(xml_texts("<a>&lt;&amp;</a>").unwrap(), vec!["<&"]);
}

#[test]
fn private_data_and_drafts_reach_no_output_and_no_search_result() {
    let t = site(false).build().succeeds();
    // The private values were read (the build knows the resource) but are written nowhere.
    t.read("resources/salon-minami/index.html");
    for (rel, bytes) in files(&t) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            PRIVATE_PHONE,
            "5555-0123",
            PRIVATE_NOTE,
            DRAFT_WORD,
            "secret/",
        ] {
            assert!(!text.contains(secret), "{rel} contains {secret:?}");
        }
        assert!(
            !rel.starts_with("secret"),
            "the draft page was written: {rel}"
        );
    }
    let index = t.out.to_string_lossy().to_string();
    for q in [PRIVATE_NOTE, DRAFT_WORD, "KAGIBANGO", "SHITAGAKI", "5555"] {
        let out = String::from_utf8(
            Command::new(env!("CARGO_BIN_EXE_tsunagu"))
                .args(["search", "--json", "--index", &index, q])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mut strings = Vec::new();
        json_strings(&v, &mut strings);
        assert!(
            !out.contains(q) && !strings.iter().any(|s| s.contains(q)),
            "search for {q} found: {out}"
        );
    }
    // The same query finds published text (the check above can fail).
    let out = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["search", "--json", "--index", &index, "集会所"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("salon-minami"));
}

// --- raw HTML in Markdown -----------------------------------------------------------------

fn raw_html_site(setting: Option<&str>) -> SiteTest {
    let config = match setting {
        Some(v) => format!("{}\n[markdown]\nraw_html = \"{v}\"\n", base_config()),
        None => base_config(),
    };
    SiteTest::fixture("base").write("config.toml", config).write(
        "content/about.md",
        "+++\ntitle = \"このサイトについて\"\n+++\n## 目的\n\n\
         <details><summary>くわしく</summary>\n\n中身の<strong>説明</strong>です。\n\n</details>\n\n\
         <script>alert(1)</script>\n\n<p onclick=\"alert(2)\" style=\"color:red\">段落</p>\n\n\
         <a href=\"javascript:alert(3)\">リンク</a> <iframe src=\"https://example.com/\"></iframe>\n",
    )
}

#[test]
fn raw_html_is_shown_as_text_by_default() {
    let t = raw_html_site(None).build().succeeds();
    let page = t.read("about/index.html");
    assert!(
        page.contains("&lt;details&gt;&lt;summary&gt;くわしく"),
        "{page}"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<details>"));
    let t = raw_html_site(Some("escape")).build().succeeds();
    assert!(t.read("about/index.html").contains("&lt;details&gt;"));
}

#[test]
fn raw_html_sanitize_keeps_content_and_drops_the_rest() {
    let t = raw_html_site(Some("sanitize")).build().succeeds();
    let page = t.read("about/index.html");
    assert!(
        page.contains("<details><summary>くわしく</summary>"),
        "{page}"
    );
    assert!(page.contains("<strong>説明</strong>"), "{page}");
    assert!(page.contains("<p>段落</p>"), "{page}");
    assert!(page.contains("<a>リンク</a>"), "{page}");
    for gone in [
        "alert(",
        "onclick",
        "style=\"color",
        "javascript:",
        "<iframe",
    ] {
        assert!(!page.contains(gone), "{gone} survived");
    }
    assert!(
        page.contains("[計画]") || page.contains("計画"),
        "rest of the page"
    );
}

#[test]
fn raw_html_with_an_unknown_value_is_a_japanese_error() {
    let t = raw_html_site(Some("allow")).build().fails();
    let e = t.stderr();
    assert!(!e.contains("panicked"), "{e}");
    for needle in [
        "config.toml",
        "raw_html",
        "「escape」・「sanitize」のどれか",
    ] {
        assert!(e.contains(needle), "stderr lacks {needle:?}:\n{e}");
    }
    let line = base_config().lines().count() + 3;
    assert!(e.contains(&format!("config.toml:{line}:")), "{e}");
}

// --- Content-Security-Policy ------------------------------------------------------------------

const CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'\">";

#[test]
fn every_page_has_the_csp_and_no_inline_script_or_style() {
    let t = SiteTest::example().build().succeeds();
    let pages = t.html_files();
    assert!(pages.len() > 50, "{} pages", pages.len());
    for rel in &pages {
        let html = t.read_raw(rel);
        let head = &html[..html
            .find("</head>")
            .unwrap_or_else(|| panic!("{rel}: no </head>"))];
        assert_eq!(html.matches(CSP).count(), 1, "{rel}: CSP meta tag");
        assert!(
            head.find(CSP) < head.find("<script"),
            "{rel}: the policy must come before the first script"
        );
        assert!(!html.contains("unsafe-inline"), "{rel}");
        assert!(!html.contains("<style"), "{rel}: <style> element");
        assert!(!html.contains(" style=\""), "{rel}: style attribute");
        for tag in script_tags(&html) {
            assert!(
                tag.starts_with("<script src=\"") || tag == "<script type=\"application/ld+json\"",
                "{rel}: inline script {tag}"
            );
        }
        for handler in [" onclick=", " onload=", " onerror=", "javascript:"] {
            assert!(!html.contains(handler), "{rel}: {handler}");
        }
    }
    // The theme's scripts never write inline styles or event attributes with innerHTML.
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/assets");
    for e in walkdir::WalkDir::new(assets)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path().extension().is_some_and(|x| x == "js") {
            let js = std::fs::read_to_string(e.path()).unwrap();
            for bad in [
                "style=",
                "setAttribute('style'",
                "setAttribute(\"style\"",
                " onclick=",
            ] {
                assert!(!js.contains(bad), "{}: {bad}", e.path().display());
            }
        }
    }
}

#[test]
fn files_beside_the_pages_are_published_only_when_a_page_links_to_them() {
    let t = SiteTest::fixture("base")
        .write(
            "content/resources/meibo.csv",
            "氏名,電話\n山田太郎,090-0000-0000\n",
        )
        .write("content/about.md.bak", "+++\ntitle = \"下書き\"\n+++\n")
        .write("content/test.MD", "+++\ntitle = \"テスト\"\n+++\n本文\n")
        .write("content/files/leaflet.pdf", "%PDF-1.4\n")
        .write("content/files/unused.pdf", "%PDF-1.4\n")
        .write(
            "content/guide.md",
            "+++\ntitle = \"使い方\"\n+++\n[チラシ（PDF）](@/files/leaflet.pdf)\n",
        );
    let t = t
        .build()
        .succeeds()
        .file_contains("guide/index.html", "<a href=\"../files/leaflet.pdf\">")
        // each file left out is named, with what to do
        .stderr_contains(
            "注意: どのページからもリンクされていないため、このファイルは公開していません。",
        )
        .stderr_contains("場所: content/resources/meibo.csv")
        .stderr_contains("場所: content/about.md.bak")
        .stderr_contains("場所: content/files/unused.pdf")
        .stderr_contains("名簿など公開しないファイルは content フォルダの外に置いてください。")
        .stderr_contains("場所: content/test.MD")
        .stderr_contains("名前の終わりを「.md」（半角の小文字）にしてください。");
    assert!(t.out.join("files/leaflet.pdf").is_file());
    for private in [
        "resources/meibo.csv",
        "about.md.bak",
        "test.MD",
        "files/unused.pdf",
    ] {
        assert!(!t.out.join(private).exists(), "{private} published");
    }
    // nothing else in the output holds the list's contents
    for entry in walkdir::WalkDir::new(&t.out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("山田太郎"),
                "{}",
                entry.path().display()
            );
        }
    }
}
