//! The furigana engine: behaviour on the cases the portal needs, the grade table, the
//! site reading dictionary, the `tsunagu furigana` command, and reading accuracy on two
//! hand-checked corpora (tests/fixtures/furigana/corpus.tsv and heldout.tsv).

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::LazyLock;

use tsunagu::furigana::{
    self, Furigana, Segment, Source, check_markup, grades, parse_bracket, to_bracket, to_html,
};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/furigana");

/// The engine with the fixture site's readings (皆生, 用瀬, 鹿野, 米子 …).
static SITE: LazyLock<Furigana> = LazyLock::new(|| {
    let entries = furigana::load_site_readings(&Path::new(FIXTURES).join("site"))
        .expect("fixture readings.toml is valid");
    Furigana::new(&entries).expect("IPADIC loads")
});

/// The engine with no site dictionary: what the analyser alone does.
static PLAIN: LazyLock<Furigana> = LazyLock::new(|| Furigana::new(&[]).expect("IPADIC loads"));

fn bracket(text: &str) -> String {
    to_bracket(&SITE.annotate(text))
}

#[test]
fn okurigana_stay_outside_the_ruby() {
    assert_eq!(bracket("見守り"), "見守[みまも]り");
    assert_eq!(bracket("取り組み"), "取[と]り組[く]み");
    assert_eq!(bracket("話し合い"), "話[はな]し合[あ]い");
    assert_eq!(bracket("病院に行って"), "病院[びょういん]に行[い]って");
}

#[test]
fn the_noun_gyou_is_not_read_kudari() {
    assert_eq!(bracket("行"), "行[ぎょう]");
    assert_eq!(
        bracket("次の行を見てください"),
        "次[つぎ]の行[ぎょう]を見[み]てください"
    );
    assert_eq!(bracket("行事に行って"), "行事[ぎょうじ]に行[い]って");
    assert_eq!(bracket("活動を行う"), "活動[かつどう]を行[おこな]う");
}

#[test]
fn days_of_the_week_written_alone_and_the_verb_kuru() {
    // as on the places' pages: 第2・第4水曜日（水）, 月〜金
    assert_eq!(bracket("（水）"), "（水[すい]）");
    assert_eq!(bracket("毎週（日）"), "毎週[まいしゅう]（日[にち]）");
    assert_eq!(bracket("（土・日）"), "（土[ど]・日[にち]）");
    assert_eq!(bracket("月〜金 9時から"), "月[げつ]〜金[きん] 9時[じ]から");
    // the same kanji as words keep their readings
    assert_eq!(bracket("水を飲む"), "水[みず]を飲[の]む");
    assert_eq!(bracket("日曜日"), "日曜日[にちようび]");
    // 来る by what follows it
    assert_eq!(bracket("来られます"), "来[こ]られます");
    assert_eq!(bracket("来ない"), "来[こ]ない");
    assert_eq!(bracket("来て"), "来[き]て");
    assert_eq!(bracket("来年"), "来年[らいねん]");
}

#[test]
fn welfare_words_ipadic_misreads() {
    // 公助 is one of the plan's key words (自助・共助・公助)
    assert_eq!(
        bracket("自助・共助・公助"),
        "自助[じじょ]・共助[きょうじょ]・公助[こうじょ]"
    );
    assert_eq!(bracket("互助"), "互助[ごじょ]");
    assert_eq!(bracket("漁協会館"), "漁協[ぎょきょう]会館[かいかん]");
}

#[test]
fn counters_keep_digits_plain() {
    assert_eq!(bracket("1か所"), "1か所[しょ]");
    assert_eq!(bracket("11か所"), "11か所[しょ]");
    assert_eq!(bracket("第2土曜"), "第[だい]2土曜[どよう]");
    assert_eq!(bracket("10分と3階"), "10分[ぷん]と3階[がい]");
    // Kanji numerals are read with their counter, as they are said.
    assert_eq!(bracket("三日分"), "三日[みっか]分[ぶん]");
    assert_eq!(bracket("一人で"), "一人[ひとり]で");
    assert_eq!(bracket("三百五十円"), "三百五十円[さんびゃくごじゅうえん]");
    assert_eq!(bracket("四月一日"), "四月[しがつ]一日[ついたち]");
    // IPADIC's 分の (ぶんの) is a fraction only before a number; else minutes, and の
    assert_eq!(
        bracket("1組40分の予約制"),
        "1組[くみ]40分[ぷん]の予約[よやく]制[せい]"
    );
    assert_eq!(bracket("45分の面談"), "45分[ふん]の面談[めんだん]");
    assert_eq!(
        bracket("四十分の休憩"),
        "四十分[よんじゅっぷん]の休憩[きゅうけい]"
    );
    assert_eq!(bracket("3分の1"), "3分[ぶん]の1");
    assert_eq!(bracket("三分の一"), "三[さん]分[ぶん]の一[いち]");
}

#[test]
fn kana_latin_digits_and_symbols_stay_text() {
    let segs = SITE.annotate("センターでNPOと2025年に（ボランティア）");
    let text: Vec<&Segment> = segs
        .iter()
        .filter(|s| matches!(s, Segment::Text(_)))
        .collect();
    assert_eq!(
        to_bracket(&segs),
        "センターでNPOと2025年[ねん]に（ボランティア）"
    );
    assert_eq!(text.len(), 2);
}

#[test]
fn urls_mails_and_phones_are_never_annotated() {
    let text = "詳細はhttps://example.jp/地域/ またはinfo@shakyo.example.jp、電話0857-00-0101へ。";
    assert_eq!(
        bracket(text),
        "詳細[しょうさい]はhttps://example.jp/地域[ちいき]/ またはinfo@shakyo.example.jp、\
         電話[でんわ]0857-00-0101へ。"
    );
    // A URL of ASCII characters stays whole; the Japanese after it is analysed again.
    assert_eq!(
        bracket("https://www.city.example.jp/fukushi/をご覧ください"),
        "https://www.city.example.jp/fukushi/をご覧[らん]ください"
    );
}

#[test]
fn author_markup_wins_and_the_rest_is_analysed() {
    let segs = SITE.annotate("{皆生|かいけ}温泉と{漢字|かん|じ}");
    assert_eq!(
        segs[0],
        Segment::Ruby {
            base: "皆生".into(),
            reading: "かいけ".into(),
            source: Source::Author
        }
    );
    assert_eq!(
        to_bracket(&segs),
        "皆生[かいけ]温泉[おんせん]と漢[かん]字[じ]"
    );
    // the bar as a Japanese input method types it (｜) works the same
    assert_eq!(
        to_bracket(&SITE.annotate("{皆生｜かいけ}温泉と{漢字｜かん｜じ}")),
        "皆生[かいけ]温泉[おんせん]と漢[かん]字[じ]"
    );
    assert_eq!(check_markup("{地域｜ち｜い｜き}").len(), 1);
    let errors = check_markup("ここは{地域|ち|い|き}です");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].offset, "ここは".len());
    assert!(errors[0].message_ja.contains("読みが3つ"));
    let d = errors[0].diagnostic();
    assert!(
        d.render(tsunagu::diagnostics::Lang::Ja)
            .contains("{漢字|かんじ}")
    );
}

#[test]
fn site_readings_win_over_the_analyser() {
    // IPADIC alone reads 鹿野 as かの; the site says しかの.
    assert_eq!(to_bracket(&PLAIN.annotate("鹿野")), "鹿野[かの]");
    let segs = SITE.annotate("鹿野町と用瀬町、皆生温泉");
    assert_eq!(
        to_bracket(&segs),
        "鹿野町[しかのちょう]と用瀬町[もちがせちょう]、皆生[かいけ]温泉[おんせん]"
    );
    assert!(segs.iter().any(|s| matches!(
        s,
        Segment::Ruby { base, source: Source::Site, .. } if base == "皆生"
    )));
    // Not part of a longer dictionary word: 米子 then 市 read in context.
    assert_eq!(bracket("米子市"), "米子[よなご]市[し]");
}

#[test]
fn unknown_words_are_reported_and_left_plain() {
    // Characters outside IPADIC (CJK extensions A and B).
    let text = "𠮷野家と㐂";
    assert_eq!(PLAIN.unknown_words(text), ["𠮷", "㐂"]);
    assert_eq!(to_bracket(&PLAIN.annotate(text)), "𠮷野家[のや]と㐂");
    assert!(PLAIN.unknown_words("地域福祉と令和").is_empty());
}

#[test]
fn html_is_escaped_and_carries_grades() {
    let html = to_html(&SITE.annotate("地域<福祉>と学校"));
    assert_eq!(
        html,
        "<ruby data-g=\"6\">地域<rp>（</rp><rt>ちいき</rt><rp>）</rp></ruby>&lt;\
         <ruby data-g=\"7\">福祉<rp>（</rp><rt>ふくし</rt><rp>）</rp></ruby>&gt;と\
         <ruby data-g=\"1\">学校<rp>（</rp><rt>がっこう</rt><rp>）</rp></ruby>"
    );
}

#[test]
fn reading_for_the_search_index_is_hiragana() {
    assert_eq!(
        SITE.reading("地域食堂のセンター"),
        "ちいきしょくどうのせんたー"
    );
    assert_eq!(SITE.reading("NPO法人"), "NPOほうじん");
}

#[test]
fn grade_table_has_the_2020_counts() {
    let lists = [
        grades::GRADE_1,
        grades::GRADE_2,
        grades::GRADE_3,
        grades::GRADE_4,
        grades::GRADE_5,
        grades::GRADE_6,
    ];
    let counts: Vec<usize> = lists.iter().map(|l| l.chars().count()).collect();
    assert_eq!(counts, [80, 160, 200, 202, 193, 191]);
    let all: BTreeSet<char> = lists.iter().flat_map(|l| l.chars()).collect();
    assert_eq!(all.len(), 1026, "no kanji is listed twice");
}

#[test]
fn grade_spot_checks() {
    let expect = [
        ('一', 1),
        ('学', 1),
        ('校', 1),
        ('町', 1),
        ('森', 1),
        ('社', 2),
        ('会', 2),
        ('地', 2),
        ('市', 2),
        ('話', 2),
        ('福', 3),
        ('祭', 3),
        ('員', 3),
        ('協', 4),
        ('議', 4),
        ('愛', 4),
        ('岡', 4),
        ('鹿', 4),
        ('阪', 4),
        ('茨', 4),
        ('埼', 4),
        ('縄', 4),
        ('城', 4), // 6 → 4 in 2020 (茨城, 宮城)
        ('賀', 4), // 5 → 4
        ('群', 4), // 5 → 4
        ('徳', 4), // 5 → 4
        ('富', 4), // 5 → 4
        ('囲', 5), // 4 → 5
        ('救', 5), // 4 → 5
        ('士', 5), // 4 → 5
        ('歴', 5), // 4 → 5
        ('護', 5),
        ('財', 5),
        ('域', 6),
        ('胃', 6), // 4 → 6
        ('腸', 6), // 4 → 6
        ('恩', 6), // 5 → 6
        ('券', 6), // 5 → 6
        ('退', 6), // 5 → 6
        ('権', 6),
        ('認', 6),
        ('推', 6),
        ('障', 6),
        ('令', 4),
    ];
    for (c, g) in expect {
        assert_eq!(grades::grade(c), Some(g), "{c}");
    }
    for c in ['祉', '援', '擁', '虐', '齢', '頃', '誰'] {
        assert_eq!(grades::grade(c), None, "{c} is not in the table");
        assert_eq!(grades::base_grade(&c.to_string(), None), grades::BEYOND);
    }
}

#[test]
fn readings_file_problems_name_the_line() {
    let text = "[[readings]]\nsurface = \"皆生\"\nreading = \"kaike\"\n";
    let errors = furigana::parse_readings(text, Path::new("content/readings.toml"))
        .expect_err("a Latin reading is refused");
    let shown = errors[0].render(tsunagu::diagnostics::Lang::Ja);
    assert!(shown.contains("content/readings.toml:3:"), "{shown}");
    let errors = furigana::parse_readings("[[readings]\n", Path::new("content/readings.toml"))
        .expect_err("a syntax error is reported");
    assert!(errors[0].pos.is_some());
}

#[test]
fn engine_is_shared_between_threads() {
    use rayon::prelude::*;
    let lines = ["地域福祉", "相談窓口", "地域食堂", "防災訓練"];
    let out: Vec<String> = lines.par_iter().map(|l| bracket(l)).collect();
    assert_eq!(out[3], "防災[ぼうさい]訓練[くんれん]");
}

#[test]
fn cli_prints_brackets_and_html() {
    let run = |args: &[&str], input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
            .arg("furigana")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tsunagu runs");
        use std::io::Write;
        // Ignored: a run that stops early (bad readings file) closes its input.
        let _ = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes());
        let out = child.wait_with_output().expect("tsunagu ends");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let site = format!("{FIXTURES}/site");
    let (code, out, _) = run(&["--root", &site], "皆生温泉\n見守り\n");
    assert_eq!(code, Some(0));
    assert_eq!(out, "皆生[かいけ]温泉[おんせん]\n見守[みまも]り\n");
    let (code, out, _) = run(&["--html", "--root", &site], "学校\n");
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        "<ruby data-g=\"1\">学校<rp>（</rp><rt>がっこう</rt><rp>）</rp></ruby>\n"
    );
    let bad = format!("{FIXTURES}/bad-site");
    let (code, _, err) = run(&["--root", &bad], "学校\n");
    assert_eq!(code, Some(1));
    assert!(err.contains("content/readings.toml:7:"), "{err}");
}

// --- accuracy -----------------------------------------------------------------------

/// A ruby over characters `start..end` of a sentence, with the accepted readings.
struct Span {
    start: usize,
    end: usize,
    readings: Vec<String>,
}

fn spans(segments: &[Segment]) -> Vec<Span> {
    let mut at = 0;
    let mut out = Vec::new();
    for s in segments {
        match s {
            Segment::Text(t) => at += t.chars().count(),
            Segment::Ruby { base, reading, .. } => {
                let len = base.chars().count();
                out.push(Span {
                    start: at,
                    end: at + len,
                    readings: reading.split('/').map(str::to_string).collect(),
                });
                at += len;
            }
        }
    }
    out
}

/// Every way of choosing one reading per span, concatenated.
fn choices(spans: &[&Span]) -> Vec<String> {
    spans.iter().fold(vec![String::new()], |acc, s| {
        acc.iter()
            .flat_map(|a| s.readings.iter().map(move |r| format!("{a}{r}")))
            .collect()
    })
}

struct Score {
    right: usize,
    words: usize,
    extra: usize,
    misses: Vec<String>,
}

/// Expected and produced rubies are grouped where they overlap, so a different split of
/// the same characters (皆生温泉 as one word or two) does not matter; a group is right
/// when both cover the same characters with the same reading. Every expected ruby of a
/// wrong group counts as a miss; a ruby over characters expected as plain text counts
/// as an error too.
fn score(engine: &Furigana, corpus: &str) -> Score {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join(corpus)).expect("corpus");
    let mut s = Score {
        right: 0,
        words: 0,
        extra: 0,
        misses: Vec::new(),
    };
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (sentence, expected) = line.split_once('\t').expect("sentence<TAB>expected");
        let expected = parse_bracket(expected);
        let plain: String = expected
            .iter()
            .map(|s| match s {
                Segment::Text(t) => t.as_str(),
                Segment::Ruby { base, .. } => base.as_str(),
            })
            .collect();
        assert_eq!(plain, sentence, "{corpus}:{}: expected text differs", n + 1);
        let want = spans(&expected);
        let got = spans(&engine.annotate(sentence));
        let mut all: Vec<(usize, usize, bool, usize)> = want
            .iter()
            .enumerate()
            .map(|(i, w)| (w.start, w.end, true, i))
            .chain(
                got.iter()
                    .enumerate()
                    .map(|(i, g)| (g.start, g.end, false, i)),
            )
            .collect();
        all.sort();
        let mut groups: Vec<Vec<(bool, usize)>> = Vec::new();
        let mut group_end = 0;
        for (start, end, is_want, i) in all {
            match groups.last_mut() {
                Some(g) if start < group_end => {
                    g.push((is_want, i));
                    group_end = group_end.max(end);
                }
                _ => {
                    groups.push(vec![(is_want, i)]);
                    group_end = end;
                }
            }
        }
        for g in groups {
            let w: Vec<&Span> = g.iter().filter(|x| x.0).map(|x| &want[x.1]).collect();
            let a: Vec<&Span> = g.iter().filter(|x| !x.0).map(|x| &got[x.1]).collect();
            let cover = |v: &[&Span]| -> BTreeSet<usize> {
                v.iter().flat_map(|s| s.start..s.end).collect()
            };
            let chars: Vec<char> = sentence.chars().collect();
            let show = |v: &[&Span]| -> String {
                v.iter()
                    .map(|s| {
                        let base: String = chars[s.start..s.end].iter().collect();
                        format!("{base}[{}]", s.readings.join("/"))
                    })
                    .collect()
            };
            if w.is_empty() {
                s.extra += a.len();
                s.misses
                    .push(format!("{corpus}:{}: extra {}", n + 1, show(&a)));
                continue;
            }
            s.words += w.len();
            let got_reading: String = a.iter().map(|s| s.readings[0].as_str()).collect();
            if cover(&w) == cover(&a) && choices(&w).contains(&got_reading) {
                s.right += w.len();
            } else {
                s.misses.push(format!(
                    "{corpus}:{}: want {} got {}",
                    n + 1,
                    show(&w),
                    if a.is_empty() {
                        "(text)".into()
                    } else {
                        show(&a)
                    }
                ));
            }
        }
    }
    s
}

fn report(name: &str, s: &Score) -> f64 {
    let share = 100.0 * s.right as f64 / (s.words + s.extra) as f64;
    println!(
        "furigana accuracy ({name}): {}/{} kanji words read right, {} extra rubies: {share:.2}%",
        s.right, s.words, s.extra
    );
    for m in &s.misses {
        println!("  {m}");
    }
    share
}

#[test]
fn accuracy_on_the_main_corpus() {
    let s = score(&PLAIN, "corpus.tsv");
    assert!(s.words >= 1500, "the corpus has {} kanji words", s.words);
    let share = report("main", &s);
    assert!(share >= 97.0, "accuracy {share:.2}% is below 97%");
}

#[test]
fn accuracy_on_the_held_out_corpus() {
    let s = score(&PLAIN, "heldout.tsv");
    let share = report("held-out", &s);
    assert!(share >= 95.0, "held-out accuracy {share:.2}% is below 95%");
}

/// A resource's 名称_カナ gives its name's reading on every page where the name appears
/// (the analyser alone reads 鹿野 as かの), and the search index reads it the same way.
#[test]
fn resource_names_take_their_given_reading() {
    let resource =
        std::fs::read_to_string(common::fixtures().join("base/content/resources/salon-kita-a.md"))
            .unwrap()
            .replace(
                "北A地区サロン（サンプル）",
                "鹿野すこやかサロン（サンプル）",
            )
            .replace("キタエーチクサロン", "シカノスコヤカサロン");
    let t = common::SiteTest::fixture("base")
        .write("content/resources/salon-kita-a.md", resource)
        .build()
        .succeeds();
    let page = t.read_raw("resources/salon-kita-a/index.html");
    assert!(
        page.contains("鹿野<rp>（</rp><rt>しかの</rt>"),
        "the name's own reading: {page}"
    );
    assert!(!page.contains("<rt>かの</rt>"), "not the analyser's");
    let list = t.read_raw("resources/index.html");
    assert!(list.contains("<rt>しかの</rt>"), "lists too");
}

/// `serve` keeps its engine between builds only while the readings and names it was made
/// from stay the same: a changed 名称_カナ shows on the next build.
#[test]
fn an_engine_is_reused_only_for_the_same_names() {
    use tsunagu::diagnostics::Diagnostics;
    use tsunagu::site::{Reuse, build_in_memory_with};
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixtures().join("base"), dir.path());
    let file = dir.path().join("content/resources/salon-kita-a.md");
    let original = std::fs::read_to_string(&file).unwrap();
    let named = |kana: &str| {
        original
            .replace("北A地区サロン（サンプル）", "鹿野サロン（サンプル）")
            .replace("キタエーチクサロン", kana)
    };
    let page = |built: &tsunagu::site::Built| {
        built
            .pages
            .iter()
            .find(|(url, _)| url.contains("salon-kita-a"))
            .map(|(_, html)| html.clone())
            .expect("the resource page")
    };
    std::fs::write(&file, named("シカノサロン")).unwrap();
    let mut diags = Diagnostics::default();
    let first = build_in_memory_with(dir.path(), &Reuse::default(), &mut diags).expect("builds");
    assert!(page(&first).contains("<rt>しかの</rt>"));
    let reuse = Reuse {
        furigana: Some((
            first.furigana_input.clone().unwrap(),
            first.furigana.clone().unwrap(),
        )),
        ..Reuse::default()
    };
    std::fs::write(&file, named("シシノサロン")).unwrap();
    let second = build_in_memory_with(dir.path(), &reuse, &mut diags).expect("builds");
    assert!(page(&second).contains("<rt>ししの</rt>"), "the new reading");
    assert!(!std::sync::Arc::ptr_eq(
        first.furigana.as_ref().unwrap(),
        second.furigana.as_ref().unwrap()
    ));
    let third = build_in_memory_with(
        dir.path(),
        &Reuse {
            furigana: Some((
                second.furigana_input.clone().unwrap(),
                second.furigana.clone().unwrap(),
            )),
            ..Reuse::default()
        },
        &mut diags,
    )
    .expect("builds");
    assert!(
        std::sync::Arc::ptr_eq(
            second.furigana.as_ref().unwrap(),
            third.furigana.as_ref().unwrap()
        ),
        "same names: the same engine"
    );
}
