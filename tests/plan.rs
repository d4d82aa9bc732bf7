//! The example portal carries the whole Tottori chapter, and the Yonago fixture builds with
//! the same binary and theme.

use crate::common;
use common::SiteTest;
use std::collections::{BTreeMap, BTreeSet};

/// Counts of the plan's structure.
#[derive(Debug, Default, PartialEq)]
struct Counts {
    goals: usize,
    basic_plans: usize,
    /// Nodes labelled （１）（２）…
    measures: usize,
    /// Nodes labelled ①②…
    items: usize,
    /// Action bullets (●) per actor, in the order 行政, 民間, 市社協.
    actions: Vec<usize>,
    /// Target states (○) under 【目指す姿】.
    targets: usize,
}

fn is_fw_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_circled(c: char) -> bool {
    ('①'..='⑳').contains(&c)
}

/// Derive the counts from the seed text as extracted from the PDF, independently of the
/// generator: a structure dropped in conversion makes the test fail.
fn seed_counts(text: &str) -> Counts {
    const ACTORS: [&str; 3] = ["行政による取組", "民間の方向性", "市社協の役割"];
    let mut goals = BTreeSet::new();
    let mut basic = BTreeSet::new();
    let mut goal = String::new();
    let mut actor: Option<usize> = None;
    let mut targets_seen = false;
    let mut c = Counts {
        actions: vec![0; 3],
        ..Counts::default()
    };
    for line in text.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("基本目標") {
            let numeral: String = rest
                .chars()
                .take_while(|c| ('Ⅰ'..='Ⅻ').contains(c))
                .collect();
            if !numeral.is_empty() {
                goal = numeral.clone();
                goals.insert(numeral);
            }
        } else if let Some(rest) = l.strip_prefix("基本計画（基本施策）") {
            let n: String = rest
                .trim()
                .chars()
                .take_while(|c| is_fw_digit(*c))
                .collect();
            if !n.is_empty() {
                basic.insert((goal.clone(), n));
            }
        } else if l.starts_with('（') && l.chars().nth(1).is_some_and(is_fw_digit) {
            let close = l.chars().skip(1).find(|c| !is_fw_digit(*c));
            if close == Some('）') {
                c.measures += 1;
            }
        } else if l.chars().next().is_some_and(is_circled) {
            c.items += 1;
        } else if l.starts_with("【目指す姿】") {
            targets_seen = true;
        } else if targets_seen && (l.starts_with('○') || l.starts_with('〇')) {
            c.targets += 1;
        } else if l.starts_with('●') {
            c.actions[actor.expect("a ● line comes after an actor header")] += 1;
        }
        if let Some(a) = ACTORS.iter().position(|h| l.starts_with(h)) {
            actor = Some(a);
        }
    }
    c.goals = goals.len();
    c.basic_plans = basic.len();
    c
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// Labels of every plan node rendered on plan pages (`data-label="…"`).
fn labels(html: &str) -> Vec<String> {
    html.split("data-label=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn seed_counts_are_what_the_plan_prints() {
    // Sanity check of the counter itself against numbers read off the printed plan.
    let seed = std::fs::read_to_string(common::fixtures().join("seeds/tottori-ch6.txt")).unwrap();
    let c = seed_counts(&seed);
    assert_eq!((c.goals, c.basic_plans), (4, 14));
    assert_eq!(
        c.actions.iter().sum::<usize>(),
        seed.lines()
            .filter(|l| l.trim_start().starts_with('●'))
            .count()
    );
}

#[test]
fn built_tottori_site_contains_every_structure_of_the_seed() {
    let seed = std::fs::read_to_string(common::fixtures().join("seeds/tottori-ch6.txt")).unwrap();
    let expected = seed_counts(&seed);

    let t = SiteTest::example().build().succeeds();
    let mut captions = 0;
    let mut got = Counts {
        actions: vec![0; 3],
        ..Counts::default()
    };
    for f in t
        .html_files()
        .iter()
        .filter(|f| f.starts_with("plan/") && *f != "plan/index.html")
    {
        let html = t.read(f);
        got.goals += count(&html, "class=\"node node-goal\"");
        got.basic_plans += count(&html, "class=\"node node-basic_plan\"");
        for l in labels(&html) {
            let mut cs = l.chars();
            match cs.next() {
                Some('（') if cs.next().is_some_and(is_fw_digit) => got.measures += 1,
                Some(c) if is_circled(c) => got.items += 1,
                _ => {}
            }
        }
        for (i, id) in ["gyosei", "minkan", "shakyo"].iter().enumerate() {
            got.actions[i] += count(&html, &format!("data-actor=\"{id}\""));
        }
        got.targets += count(&html, "<li class=\"target");
        // an actions table is captioned 「主体ごとの取組：（１）　…の確立」 or
        // 「主体ごとの取組：②　広報啓発活動を推進します。」, not 「…推進します。の取組」
        assert!(!html.contains("。の取組"), "{f}");
        captions += count(&html, "<caption>主体ごとの取組：");
    }
    assert_eq!(got, expected);
    assert!(captions > 20, "{captions} captions");

    // Each actor's page lists exactly that actor's actions.
    for (i, id) in ["gyosei", "minkan", "shakyo"].iter().enumerate() {
        let html = t.read(&format!("actors/{id}/index.html"));
        assert_eq!(
            count(&html, "<li class=\"action"),
            expected.actions[i],
            "actors/{id}"
        );
    }
}

#[test]
fn markers_priorities_and_glossary_are_carried_over() {
    let seed = std::fs::read_to_string(common::fixtures().join("seeds/tottori-ch6.txt")).unwrap();
    // The PDF repeats each goal's header on every page: count it once.
    let mut seen_goals = BTreeSet::new();
    let flat: String = seed
        .lines()
        .map(str::trim)
        .filter(|l| {
            let numeral: String = l
                .strip_prefix("基本目標")
                .map(|r| r.chars().take_while(|c| ('Ⅰ'..='Ⅻ').contains(c)).collect())
                .unwrap_or_default();
            numeral.is_empty() || seen_goals.insert(numeral)
        })
        .collect();
    let t = SiteTest::example().build().succeeds();
    // Each node as rendered on its own page (not the lists of children on its parent's
    // page), plus the glossary, where the ※ notes went.
    let mut html = String::new();
    for f in t
        .html_files()
        .iter()
        .filter(|f| f.starts_with("plan/") && *f != "plan/index.html")
    {
        let page = t.read(f);
        let article = &page[page.find("<article").unwrap()..page.find("</article>").unwrap()];
        let own = match article.find("<section aria-labelledby=\"children-heading\">") {
            Some(i) => &article[..i],
            None => article,
        };
        // (less the legend of what the markers mean)
        match own.find("<details class=\"marker-legend\">") {
            Some(i) => {
                html.push_str(&own[..i]);
                html.push_str(&own[i + own[i..].find("</details>").unwrap()..]);
            }
            None => html.push_str(own),
        }
    }
    // the glossary, less its legend too
    let glossary = t.read("glossary/index.html");
    let legend = glossary.find("<details class=\"marker-legend\">").unwrap();
    html.push_str(&glossary[..legend]);
    html.push_str(&glossary[legend + glossary[legend..].find("</details>").unwrap()..]);
    // Every revision marker printed in the seed appears as a badge, as often.
    let mut expected: BTreeMap<&str, usize> = BTreeMap::new();
    for m in [
        "変更",
        "追加",
        "削除",
        "新規案",
        "再掲",
        "追加・再掲",
        "項目追加",
        "項目名追加",
        "項目削除",
    ] {
        expected.insert(m, count(&flat, &format!("（{m}）")));
    }
    let mut got: BTreeMap<&str, usize> = BTreeMap::new();
    for m in expected.keys() {
        got.insert(m, count(&html, &format!("\">（{m}）</span>")));
    }
    assert_eq!(got, expected);
    for n in ["重点１", "重点２", "重点３", "重点４"] {
        assert!(
            html.contains(&format!("<span class=\"priority\">{n}</span>")),
            "{n}"
        );
    }
    // ※ notes became glossary entries, linked where used.
    let glossary = t.read("glossary/index.html");
    for term in [
        "共助",
        "公助",
        "互助",
        "支え愛マップ",
        "認知症サポーター",
        "ゲートキーパー",
        "つながりサポーター",
        "えんくるり事業",
    ] {
        assert!(
            glossary.contains(&format!("<dt id=\"term-{term}\">{term}")),
            "{term}"
        );
    }
    assert!(html.contains("class=\"term\">支え愛マップ</a>"));
}

#[test]
fn priority_support_sitemap_404_and_static_files() {
    let t = SiteTest::example().build().succeeds();
    let prio = t.read("priority/index.html");
    assert_eq!(count(&prio, "<span class=\"priority\">"), 4);
    let chiiki = t.read("support/chiiki/index.html");
    assert!(chiiki.contains("地区を単位とする福祉ネットワーク機能の確立"));
    t.file_contains("robots.txt", "Sitemap: https://example.jp/sitemap.xml")
        .file_contains("sitemap.xml", "<loc>https://example.jp/plan/1/1/1/</loc>")
        .file_contains("404.html", "href=\"/assets/tsunagu.css\"");
}

#[test]
fn links_are_relative_so_the_site_works_from_file_urls() {
    let t = SiteTest::example().build().succeeds();
    let html = t.read("plan/1/1/3/index.html");
    assert!(html.contains("href=\"../../../../assets/tsunagu.css\""));
    assert!(html.contains("href=\"../../../../glossary/index.html#term-共助\""));
    // Every internal href of every page resolves to a file in the output.
    for f in t.html_files().iter().filter(|f| *f != "404.html") {
        let page = t.read(f);
        let dir = std::path::Path::new(f).parent().unwrap().to_path_buf();
        for href in page
            .split("href=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
        {
            if href.starts_with('#')
                || href.contains("://")
                || href.starts_with("tel:")
                || href.starts_with("mailto:")
                || href.starts_with("data:")
            {
                continue;
            }
            let path = href.split('#').next().unwrap();
            let target = t.out.join(&dir).join(path);
            assert!(target.is_file(), "{f}: broken link {href}");
        }
    }
}

#[test]
fn measure_fragment_snapshot() {
    let t = SiteTest::example().build().succeeds();
    let html = t.read("plan/1/1/3/index.html");
    let start = html.find("<article").unwrap();
    let end = html.find("</article>").unwrap() + "</article>".len();
    let fragment: String = html[start..end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("tottori_measure_1_1_3", fragment);
}

#[test]
fn yonago_builds_with_the_same_binary_and_theme() {
    let t = SiteTest::fixture("plan/yonago").build().succeeds();
    let home = t.read("index.html");
    assert!(home.contains("ともに生き、ともに輝き、ともにつくる福祉のまち"));
    let goals = t
        .html_files()
        .iter()
        .filter(|f| f.matches('/').count() == 2 && f.starts_with("plan/"))
        .count();
    assert_eq!(goals, 3);
    let prio = t.read("priority/index.html");
    assert_eq!(count(&prio, "<span class=\"priority\">重点</span>"), 3);
    for id in ["shi", "shimin", "kigyo"] {
        t.read(&format!("actors/{id}/index.html"));
    }
    assert!(
        !t.out.join("support").exists(),
        "Yonago configures no 重層的支援"
    );
    t.file_contains("areas/index.html", "日常生活圏域")
        .file_contains("consultation/index.html", "えしこに")
        // Lists two to a page (list_limit, news per_page), so that the browser suites, which
        // check every page of this site, see both kinds of pager.
        .file_contains("news/page/2/index.html", "<nav class=\"pager\"")
        .file_contains(
            "resources/kinds/salon/page/2/index.html",
            "<nav class=\"pager\"",
        );
}

/// Every output HTML file with its bytes.
fn output_bytes(t: &SiteTest) -> Vec<(String, Vec<u8>)> {
    t.html_files()
        .into_iter()
        .map(|f| {
            let b = std::fs::read(t.out.join(&f)).unwrap();
            (f, b)
        })
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let t = SiteTest::example().build().succeeds();
    let before = output_bytes(&t);
    let t = t
        .write(
            "content/plan/1/1/1.md",
            "+++\nlabel = \"（１）\"\ntitle = \"壊れた\n+++\n",
        )
        .build()
        .fails()
        .stderr_contains("content/plan/1/1/1.md:3:")
        .stderr_contains("は前のままです");
    let after = output_bytes(&t);
    assert_eq!(before.len(), after.len());
    assert!(before == after, "the output changed after a failed build");
}

#[test]
fn drafts_are_not_published() {
    let t = SiteTest::fixture("base")
        .write(
            "content/secret.md",
            "+++\ntitle = \"下書き\"\ndraft = true\n+++\n",
        )
        .write(
            "content/plan/1/2.md",
            "+++\nlabel = \"２\"\ntitle = \"下書きの計画\"\ndraft = true\n+++\n",
        )
        .build()
        .succeeds();
    assert!(!t.out.join("secret").exists());
    assert!(!t.out.join("plan/1/2").exists());
    t.file_lacks("sitemap.xml", "secret")
        .file_lacks("plan/index.html", "下書きの計画");
}

#[test]
fn yaml_front_matter_is_accepted() {
    SiteTest::fixture("base")
        .write(
            "content/about.md",
            "---\ntitle: このサイトについて\nweight: 2\n---\n本文\n",
        )
        .build()
        .succeeds()
        .file_contains("about/index.html", "<h1>このサイトについて</h1>");
}

#[test]
fn an_actor_written_by_another_name_is_told_or_taken_from_its_aliases() {
    let measure = "+++\nlabel = \"（１）\"\ntitle = \"地区の福祉ネットワーク\"\n+++\n\n\
                   ## 行政\n- 連携を促進します。\n・見守りを行います。\n\n\
                   ## テスト市社会福祉協議会\n- 研修会を開きます。\n";
    let config = std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap();
    // Without an alias: both slips are told, at their lines, and the build still goes on.
    let t = SiteTest::fixture("base")
        .write("content/plan/1/1/1.md", measure)
        .build()
        .succeeds()
        .stderr_contains("content/plan/1/1/1.md:8:1")
        .stderr_contains("行の頭の「・」は箇条書きにならず")
        .stderr_contains("content/plan/1/1/1.md:10:1")
        .stderr_contains("見出し「テスト市社会福祉協議会」は取組の主体の名前ではない")
        .stderr_contains(r#"aliases = ["テスト市社会福祉協議会"]"#);
    assert!(
        !t.read("actors/shakyo/index.html")
            .contains("研修会を開きます")
    );
    // With the alias, the actions are 市社協's.
    let aliased = config.replace(
        "heading = \"市社協の役割\"",
        "heading = \"市社協の役割\"\naliases = [\"テスト市社会福祉協議会\"]",
    );
    assert_ne!(aliased, config);
    let t = SiteTest::fixture("base")
        .write("config.toml", &aliased)
        .write("content/plan/1/1/1.md", measure)
        .build()
        .succeeds();
    assert!(!t.stderr().contains("主体の名前ではない"), "{}", t.stderr());
    assert!(
        t.read("actors/shakyo/index.html")
            .contains("研修会を開きます")
    );
    // One name given to two actors is a configuration error.
    let twice = config.replace(
        "heading = \"市社協の役割\"",
        "heading = \"市社協の役割\"\naliases = [\"行政\"]",
    );
    SiteTest::fixture("base")
        .write("config.toml", &twice)
        .build()
        .fails()
        .stderr_contains("見出し「行政」が、主体「行政」と「市社協」の両方の名前になっています");
}

#[test]
fn a_plan_page_explains_the_markers_it_shows_and_only_those() {
    let t = SiteTest::fixture("base").build().succeeds();
    // plan/1/1/1 prints （変更） (on a target state and an action), and no other marker
    let page = t.read("plan/1/1/1/index.html");
    let legend = &page[page
        .find("<details class=\"marker-legend\">")
        .expect("a legend")..];
    let legend = &legend[..legend.find("</details>").unwrap()];
    assert_eq!(
        common::strip_ruby(legend).matches("<dt>").count(),
        1,
        "{legend}"
    );
    assert!(
        common::strip_ruby(legend).contains("前の計画から内容を変えたものです。"),
        "{legend}"
    );
    // a page without markers has no legend
    assert!(!t.read("plan/1/index.html").contains("marker-legend"));
    // a marker's own description wins over its style's
    let config = std::fs::read_to_string(common::fixtures().join("base/config.toml")).unwrap();
    let described = config.replace(
        "label = \"変更\"\nstyle = \"changed\"",
        "label = \"変更\"\nstyle = \"changed\"\ndescription = \"令和3年度の計画から変えた取組です。\"",
    );
    assert_ne!(described, config);
    SiteTest::fixture("base")
        .write("config.toml", &described)
        .build()
        .succeeds()
        .file_contains(
            "plan/1/1/1/index.html",
            "令和3年度の計画から変えた取組です。",
        );
}
