//! A synthetic portal for benchmarks (`tsunagu gen-corpus`): config, plan, resources of
//! every kind in every area, news and ordinary pages, in realistic Japanese assembled from
//! word and sentence pools, and the same pages as a plain Hugo site under `hugo/`.
//!
//! Deterministic: the same `--pages`, `--seed` and "today" (`TSUNAGU_TODAY`, else the local
//! date; verification and news dates are recent relative to it) give byte-identical files.
//!
//! How `--pages N` maps to files: tsunagu makes a fixed number of pages from the
//! configuration (home, 404, search, glossary, actor, support, priority, directory, kind,
//! audience, area and area-print pages: see [`Shape::overhead`]); the rest of N is split
//! into plan pages (about 12 %), resources (about 25 %, at least one of every kind in every
//! area), news items (about 20 %) and ordinary pages (the remainder, in sections of
//! [`SECTION_SIZE`]). So the built site has close to N HTML pages; the Hugo copy has one
//! page per content file plus its section lists.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate};

/// The marker file that says a folder was written by `gen-corpus` (and may be rewritten).
pub const MARKER: &str = ".tsunagu-corpus";
/// The smallest corpus that holds every kind in every area.
pub const MIN_PAGES: usize = 150;
/// Ordinary pages per section folder.
pub const SECTION_SIZE: usize = 50;

/// splitmix64: a small deterministic generator (no dependency, same corpus everywhere).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// (text, reading in hiragana) pairs.
type Tr = (&'static str, &'static str);

#[rustfmt::skip]
const PLACE_NAMES: &[Tr] = &[
    ("湖山", "こやま"), ("美保", "みほ"), ("中央", "ちゅうおう"), ("気高", "けたか"),
    ("鹿野", "しかの"), ("青谷", "あおや"), ("河原", "かわはら"), ("用瀬", "もちがせ"),
    ("佐治", "さじ"), ("国府", "こくふ"), ("福部", "ふくべ"), ("末恒", "すえつね"),
    ("大正", "たいしょう"), ("富桑", "ふそう"), ("醇風", "じゅんぷう"), ("久松", "きゅうしょう"),
    ("遷喬", "せんきょう"), ("日進", "にっしん"), ("城北", "じょうほく"), ("浜坂", "はまさか"),
    ("津ノ井", "つのい"), ("若葉台", "わかばだい"), ("明治", "めいじ"), ("美和", "みわ"),
    ("松保", "まつほ"), ("倉田", "くらた"), ("面影", "おもかげ"), ("米里", "よねさと"),
    ("宝木", "ほうぎ"), ("逢坂", "おうさか"), ("瑞穂", "みずほ"), ("浜村", "はまむら"),
    ("勝谷", "かちや"), ("湖南", "こなん"), ("賀露", "かろ"), ("東郷", "とうごう"),
];
#[rustfmt::skip]
const DIRECTIONS: &[Tr] = &[
    ("", ""), ("東", "ひがし"), ("西", "にし"), ("南", "みなみ"), ("北", "きた"), ("上", "かみ"),
    ("下", "しも"),
];
#[rustfmt::skip]
const NICKNAMES: &[Tr] = &[
    ("ひまわり", "ひまわり"), ("さくら", "さくら"), ("なかよし", "なかよし"),
    ("松の実", "まつのみ"), ("えがお", "えがお"), ("ひだまり", "ひだまり"),
    ("こもれび", "こもれび"), ("みんなの家", "みんなのいえ"), ("たんぽぽ", "たんぽぽ"),
    ("あおぞら", "あおぞら"), ("若竹", "わかたけ"), ("寿", "ことぶき"),
    ("ふれあい茶屋", "ふれあいぢゃや"), ("いこいの場", "いこいのば"), ("すずらん", "すずらん"),
    ("虹の会", "にじのかい"), ("つばさ", "つばさ"), ("はなみずき", "はなみずき"),
];
/// Kinds: (id, name, kana, description, name suffix).
#[rustfmt::skip]
const KINDS: &[(&str, &str, &str, &str, Tr)] = &[
    ("salon", "ふれあい・いきいきサロン", "ふれあいいきいきさろん", "身近な場所で、誰でも気軽に集まって、おしゃべりや体操を楽しめる交流の場です。", ("サロン", "さろん")),
    ("shokudo", "地域食堂・こども食堂", "ちいきしょくどう・こどもしょくどう", "子どもも大人も、地域のみんなで一緒にごはんを食べられる食堂です。", ("地域食堂", "ちいきしょくどう")),
    ("houkatsu", "地域包括支援センター", "ちいきほうかつしえんせんたー", "高齢の人の介護や健康、暮らしのことを、本人や家族が無料で相談できる窓口です。", ("地域包括支援センター", "ちいきほうかつしえんせんたー")),
    ("soudan", "総合相談窓口", "そうごうそうだんまどぐち", "どこに相談したらよいかわからない困りごとを、まず受け止めて一緒に考える窓口です。", ("福祉相談窓口", "ふくしそうだんまどぐち")),
    ("shogai", "障がい者相談支援", "しょうがいしゃそうだんしえん", "障がいのある人や家族が、暮らしや福祉サービスのことを相談できる窓口です。", ("相談支援事業所", "そうだんしえんじぎょうしょ")),
    ("konkyu", "生活困窮の相談", "せいかつこんきゅうのそうだん", "お金や仕事、住まいのことで困ったときに、一緒に解決の方法を考える窓口です。", ("くらし・しごと相談室", "くらし・しごとそうだんしつ")),
    ("kenri", "権利擁護", "けんりようご", "お金の管理や契約、成年後見など、本人の権利と暮らしを守るための相談窓口です。", ("権利擁護相談室", "けんりようごそうだんしつ")),
    ("kodomo", "子ども・子育ての相談", "こども・こそだてのそうだん", "妊娠・出産から子育て、子ども自身の悩みまで相談できる窓口や場所です。", ("子育て支援センター", "こそだてしえんせんたー")),
    ("volunteer", "ボランティア・市民活動", "ぼらんてぃあ・しみんかつどう", "ボランティアをしたい人と、手伝ってほしい人や団体をつなぐ活動です。", ("ボランティアの会", "ぼらんてぃあのかい")),
];
#[rustfmt::skip]
const AUDIENCES: &[(&str, &str, &str)] = &[
    ("elderly", "高齢者", "こうれいしゃ"), ("child", "子ども", "こども"),
    ("family", "子育て家庭", "こそだてかてい"), ("disability", "障がいのある人", "しょうがいのあるひと"),
    ("living", "生活に困っている人", "せいかつにこまっているひと"), ("everyone", "誰でも", "だれでも"),
    ("carer", "介護している家族", "かいごしているかぞく"),
];
#[rustfmt::skip]
const ACCESSIBILITY: &[(&str, &str)] = &[
    ("wheelchair", "車いすで入れる"), ("parking", "駐車場あり"), ("toilet", "多目的トイレ"),
    ("writing", "筆談できる"), ("sign", "手話で相談できる"), ("elevator", "エレベーター"),
    ("braille", "点字の案内"),
];
const ACTORS: &[(&str, &str, &str)] = &[
    ("gyosei", "行政", "行政による取組"),
    ("minkan", "民間", "民間の方向性"),
    ("shakyo", "市社協", "市社協の役割"),
];
const SUPPORT: &[(&str, &str)] = &[
    ("soudan", "包括的相談支援"),
    ("sanka", "参加支援"),
    ("outreach", "アウトリーチ等を通じた継続的支援"),
    ("takikan", "多機関協働"),
    ("chiiki", "地域づくり"),
];
#[rustfmt::skip]
const GLOSSARY: &[(&str, &str)] = &[
    ("共助", "介護保険制度や医療保険制度などを活用し、必要に応じて様々な社会保障制度やサービスを受けること。"),
    ("公助", "公的サービスの提供、住民活動への支援、人権擁護に関する取組など、行政施策として行うべきもの。"),
    ("互助", "近隣の人との日頃の声掛けや見守りをはじめ、住民同士の助け合い、支え合い活動。"),
    ("支え愛マップ", "災害時に手助けを必要とする人、声かけができる人、避難先などの情報を盛り込んだ地図。"),
    ("認知症サポーター", "認知症に対する正しい知識と理解を持ち、地域で認知症の人やその家族を手助けする人。"),
];
#[rustfmt::skip]
const TOPICS: &[&str] = &[
    "見守り活動", "ふれあい・いきいきサロン", "地域食堂", "子ども食堂", "相談支援", "権利擁護",
    "成年後見制度", "生活困窮者の自立支援", "災害時の避難支援", "認知症の人と家族の支援",
    "福祉人材の育成", "ボランティア活動", "居場所づくり", "子育て支援", "障がいのある人の社会参加",
    "健康づくり", "介護予防", "移動支援", "ひきこもりの人への支援", "孤立の防止",
    "地区社会福祉協議会の活動", "民生委員・児童委員の活動", "多機関協働", "防災と福祉の連携",
    "買い物支援", "配食サービス", "地域福祉の担い手づくり", "世代間の交流",
];
#[rustfmt::skip]
const TITLE_TAILS: &[&str] = &[
    "の推進", "の充実", "の強化", "への支援", "の仕組みづくり", "の体制整備", "の普及・啓発",
    "の連携促進", "の拠点づくり", "の確立",
];
#[rustfmt::skip]
const WHO: &[&str] = &[
    "高齢者", "子ども", "子育て家庭", "障がいのある人", "生活に困っている人",
    "ひとり暮らしの高齢者", "介護している家族", "地域の住民", "民生委員・児童委員", "町内会・自治会",
    "若い世代", "外国にルーツのある人",
];
#[rustfmt::skip]
const VENUES: &[&str] = &[
    "地区公民館", "集会所", "コミュニティセンター", "福祉センター", "地区会館", "小学校の空き教室",
    "商店街の空き店舗", "お寺の本堂",
];
/// Sentences for bodies: `{t}` topic, `{w}` who, `{a}` area, `{v}` venue, `{n}` a number.
#[rustfmt::skip]
const SENTENCES: &[&str] = &[
    "{a}地区では、{v}を会場に{t}が続けられています。",
    "{w}が住み慣れた地域で安心して暮らし続けられるよう、{t}に取り組みます。",
    "毎月第{n}土曜日に、{v}で地域の皆さんが集まり、お茶を飲みながら近況を話し合います。",
    "困りごとを一人で抱え込まず、まずは身近な相談窓口に声をかけてください。",
    "地域包括支援センターや社会福祉協議会と連携し、{w}の暮らしを支えています。",
    "{t}の担い手が不足しているため、新しい参加者を募集しています。",
    "見守りが必要な{w}の情報を、本人の同意を得て関係者で共有します。",
    "子ども食堂では、子どもも大人も一緒に温かい食事を囲みます。",
    "参加費は{n}00円で、申し込みはいりません。",
    "送迎の相談や、車いすでの参加についてもお気軽にお問い合わせください。",
    "民生委員・児童委員が定期的に訪問し、{w}の困りごとを聞き取っています。",
    "災害に備えて、{a}地区では支え愛マップづくりを進めています。",
    "認知症サポーター養成講座を受けた住民が、地域で見守りを行っています。",
    "成年後見制度の利用について、専門の職員が無料で相談に応じます。",
    "生活費や住まいに困ったときは、くらし・しごと相談室にご相談ください。",
    "ボランティアセンターでは、活動したい人と手伝ってほしい人をつないでいます。",
    "{v}の一室を使い、放課後の子どもの居場所をひらいています。",
    "健康体操や脳トレで、介護予防に楽しく取り組んでいます。",
    "地区社会福祉協議会が中心となって、{t}の計画を話し合いました。",
    "令和{n}年度から、{a}地区でも新しい取組が始まります。",
    "相談は電話でも窓口でも受け付けています。秘密は守られます。",
    "ひとり暮らしの高齢者への配食サービスでは、安否の確認もあわせて行います。",
    "障がいのある人が地域の行事に参加しやすいよう、会場のバリアフリー化を進めます。",
    "{w}の声を聞きながら、{t}のあり方を見直していきます。",
];
/// Target states (目指す姿).
#[rustfmt::skip]
const TARGETS: &[&str] = &[
    "{w}が住み慣れた地域で安心して暮らせるようになります。",
    "地区を単位として、{t}のネットワークが形成されています。",
    "誰もが気軽に相談でき、必要な支援につながるようになります。",
    "住民一人ひとりが{t}に関心を持ち、参加する人が増えています。",
    "関係機関が連携し、{w}を切れ目なく支える体制ができています。",
];
/// Actions by an actor: `{t}`, `{w}`, `{v}` as above.
#[rustfmt::skip]
const ACTIONS: &[&str] = &[
    "{t}を進めるため、{v}などを活用した取組を支援します。",
    "{w}が身近な地域で気軽に相談できるよう、相談窓口の周知を図ります。",
    "関係機関と連携し、{t}に関する情報の共有を進めます。",
    "{t}の担い手となる人材の発掘と育成に取り組みます。",
    "地域の実情に応じて、{t}の活動を継続的に支援します。（変更）",
    "[[共助]]の考え方をもとに、{w}を地域全体で支える体制を整えます。",
    "[[互助]]による支え合い活動を広げ、{w}の孤立を防ぎます。",
    "町内会・自治会と協力し、{t}への参加を呼びかけます。",
    "{v}を拠点として、{w}が集える場をつくります。（追加）",
    "研修会や講座をひらき、{t}への理解を深めます。",
    "[[公助]]として、制度の利用につながるよう支援します。",
    "支え愛マップを活用し、災害時にも{w}を支えられるようにします。",
];
#[rustfmt::skip]
const EVENTS: &[&str] = &[
    "健康体操教室", "子ども食堂の見学会", "認知症サポーター養成講座", "防災訓練", "サロン交流会",
    "ボランティア説明会", "成年後見制度の学習会", "なんでも相談会", "福祉まつり", "介護者のつどい",
];

/// Options of one corpus.
#[derive(Debug, Clone)]
pub struct Options {
    pub pages: usize,
    pub seed: u64,
    /// Verification and news dates are recent relative to this day.
    pub today: NaiveDate,
}

/// Areas: (id, name, kana, level, parent index).
struct Area {
    id: String,
    name: String,
    kana: String,
    level: &'static str,
    parent: Option<usize>,
}

/// The sizes derived from `--pages`.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub chiku: usize,
    pub ken: usize,
    pub goals: usize,
    pub basics_per_goal: usize,
    pub measures_per_basic: usize,
    pub resources: usize,
    pub news: usize,
    pub pages: usize,
    pub sections: usize,
}

impl Shape {
    pub fn areas(&self) -> usize {
        1 + self.ken + self.chiku
    }

    /// Pages tsunagu makes from the configuration and section indexes, whatever the content:
    /// home, 404, search, glossary, about, actors (index + each), support (index + each),
    /// priority, directory home, areas index, each area and its print page, each kind, each
    /// audience, news index, plan index, the topics index and each section index.
    pub fn overhead(&self, sections: usize) -> usize {
        5 + (1 + ACTORS.len())
            + (1 + SUPPORT.len())
            + 1
            + 2
            + 2 * self.areas()
            + KINDS.len()
            + AUDIENCES.len()
            + 2
            + 1
            + sections
    }

    pub fn plan_pages(&self) -> usize {
        1 + self.goals * (1 + self.basics_per_goal * (1 + self.measures_per_basic))
    }

    /// The HTML pages tsunagu should make for this shape.
    pub fn expected_pages(&self) -> usize {
        self.overhead(self.sections) + self.plan_pages() + self.resources + self.news + self.pages
    }

    pub fn for_pages(n: usize) -> Shape {
        let chiku = (n / 250).clamp(4, 200);
        let ken = (chiku / 4).clamp(2, 50);
        let mut s = Shape {
            chiku,
            ken,
            goals: 0,
            basics_per_goal: 0,
            measures_per_basic: 0,
            resources: 0,
            news: 0,
            pages: 0,
            sections: 0,
        };
        let guess_sections = (n / 3 / SECTION_SIZE).max(1);
        let rest = n.saturating_sub(s.overhead(guess_sections));
        let plan = (rest * 12 / 100).max(12);
        s.goals = if plan >= 40 { 4 } else { 2 };
        let per_goal = (plan.saturating_sub(1 + s.goals) / s.goals).max(2);
        s.basics_per_goal = per_goal.isqrt().max(1);
        s.measures_per_basic =
            (per_goal.saturating_sub(s.basics_per_goal) / s.basics_per_goal).max(1);
        s.resources = (rest * 25 / 100).max(KINDS.len() * s.areas());
        s.news = rest * 20 / 100;
        let left = rest.saturating_sub(s.plan_pages() + s.resources + s.news);
        // Sections take pages of their own: solve pages + sections = left.
        s.sections = left.div_ceil(SECTION_SIZE + 1).max(1);
        s.pages = left.saturating_sub(s.sections);
        s
    }
}

/// What was written.
#[derive(Debug)]
pub struct Summary {
    pub shape: Shape,
    pub files: usize,
    pub hugo_files: usize,
}

/// Why a corpus could not be written.
#[derive(Debug)]
pub enum Error {
    TooSmall,
    NotACorpus(PathBuf),
    Io(PathBuf, std::io::Error),
}

fn fill(rng: &mut Rng, template: &str, area: &str) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut chars = template.chars();
    while let Some(c) = chars.next() {
        if c != '{' {
            out.push(c);
            continue;
        }
        let key = chars.next();
        chars.next(); // '}'
        match key {
            Some('t') => out.push_str(rng.word(TOPICS)),
            Some('w') => out.push_str(rng.word(WHO)),
            Some('v') => out.push_str(rng.word(VENUES)),
            Some('a') => out.push_str(area),
            Some('n') => {
                let _ = write!(out, "{}", 1 + rng.below(4));
            }
            _ => {}
        }
    }
    out
}

/// Hiragana to katakana by code point (for 名称_カナ).
fn katakana(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn roman(n: usize) -> &'static str {
    ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "Ⅶ", "Ⅷ", "Ⅸ", "Ⅹ"][(n - 1) % 10]
}

fn circled(n: usize) -> char {
    char::from_u32(0x2460 + (n as u32 - 1) % 20).unwrap_or('①')
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Glossary markup `[[共助]]` as plain text (for Hugo).
fn plain(s: &str) -> String {
    s.replace("[[", "").replace("]]", "")
}

/// One content file of both sites: tsunagu's path, front matter and body; Hugo's path.
struct Doc {
    path: String,
    front: String,
    body: String,
    title: String,
    hugo_path: Option<String>,
}

fn areas(shape: &Shape) -> Vec<Area> {
    let mut out = vec![Area {
        id: "city".into(),
        name: "つなぐ市全域".into(),
        kana: "つなぐしぜんいき".into(),
        level: "city",
        parent: None,
    }];
    for k in 0..shape.ken {
        let (n, r) = PLACE_NAMES[k % PLACE_NAMES.len()];
        let (d, dr) = DIRECTIONS[(k / PLACE_NAMES.len()) % DIRECTIONS.len()];
        out.push(Area {
            id: format!("ken-{:02}", k + 1),
            name: format!("{n}{d}圏域"),
            kana: format!("{r}{dr}けんいき"),
            level: "ken",
            parent: Some(0),
        });
    }
    for c in 0..shape.chiku {
        // Start after the names the 圏域 use, so a 地区 rarely shares its 圏域's name.
        let i = c + shape.ken;
        let (n, r) = PLACE_NAMES[i % PLACE_NAMES.len()];
        let (d, dr) = DIRECTIONS[(i / PLACE_NAMES.len()) % DIRECTIONS.len()];
        out.push(Area {
            id: format!("chiku-{:03}", c + 1),
            name: format!("{n}{d}地区"),
            kana: format!("{r}{dr}ちく"),
            level: "chiku",
            parent: Some(1 + c % shape.ken),
        });
    }
    out
}

fn config_toml(areas: &[Area], opts: &Options) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "# tsunagu gen-corpus --pages {} --seed {} が作った架空のサイトです（ベンチマーク用）。\n\
         title = \"つなぐ市 地域福祉ポータル（架空）\"\n\
         description = \"ベンチマーク用に機械的に作った架空の地域福祉ポータルです。\"\n\
         base_url = \"https://example.jp/\"\n\
         theme = \"default\"\nglossary = \"glossary.md\"\n\n\
         [plan]\nsection = \"plan\"\ntitle = \"つなぐ市 地域福祉計画・地域福祉活動計画（架空）\"\n\n\
         [plan.levels]\ngoal = \"基本目標\"\nbasic_plan = \"基本計画\"\nmeasure = \"施策\"\nitem = \"取組\"\n",
        opts.pages, opts.seed
    );
    for (id, name, heading) in ACTORS {
        let _ = write!(
            s,
            "\n[[plan.actors]]\nid = {}\nname = {}\nheading = {}\n",
            q(id),
            q(name),
            q(heading)
        );
    }
    s.push_str("\n[plan.support]\ntitle = \"重層的支援\"\n");
    for (id, name) in SUPPORT {
        let _ = write!(
            s,
            "\n[[plan.support.categories]]\nid = {}\nname = {}\n",
            q(id),
            q(name)
        );
    }
    for (label, style) in [("変更", "changed"), ("追加", "added")] {
        let _ = write!(
            s,
            "\n[[plan.markers]]\nlabel = {}\nstyle = {}\n",
            q(label),
            q(style)
        );
    }
    s.push_str("\n[resources]\nsection = \"resources\"\ntitle = \"相談先・居場所をさがす\"\nstale_months = 12\n");
    for (id, name, kana, desc, _) in KINDS {
        let _ = write!(
            s,
            "\n[[resources.kinds]]\nid = {}\nname = {}\nkana = {}\ndescription = {}\n",
            q(id),
            q(name),
            q(kana),
            q(desc)
        );
    }
    for (id, name, kana) in AUDIENCES {
        let _ = write!(
            s,
            "\n[[resources.audiences]]\nid = {}\nname = {}\nkana = {}\n",
            q(id),
            q(name),
            q(kana)
        );
    }
    for (id, name) in ACCESSIBILITY {
        let _ = write!(
            s,
            "\n[[resources.accessibility]]\nid = {}\nname = {}\n",
            q(id),
            q(name)
        );
    }
    for (id, name) in [
        ("city", "市全域"),
        ("ken", "日常生活圏域（中学校区）"),
        ("chiku", "地区（公民館区域）"),
    ] {
        let _ = write!(s, "\n[[area_levels]]\nid = {}\nname = {}\n", q(id), q(name));
    }
    for a in areas {
        let _ = write!(
            s,
            "\n[[areas]]\nid = {}\nname = {}\nkana = {}\nlevel = {}\n",
            q(&a.id),
            q(&a.name),
            q(&a.kana),
            q(a.level)
        );
        if let Some(p) = a.parent {
            let _ = writeln!(s, "parent = {}", q(&areas[p].id));
        }
    }
    s.push_str("\n[news]\nsection = \"news\"\nnew_days = 14\non_home = 5\n");
    s
}

/// `min` to `min + spread - 1` sentences.
fn paragraph(rng: &mut Rng, area: &str, min: usize, spread: usize) -> String {
    let mut p = String::new();
    for _ in 0..min + rng.below(spread) {
        let t = *rng.pick(SENTENCES);
        p.push_str(&fill(rng, t, area));
    }
    p
}

fn actions(rng: &mut Rng, heading: &str, level: &str, out: &mut String) {
    for (_, name, _) in ACTORS {
        let _ = write!(out, "\n{level} {name}\n");
        for _ in 0..1 + rng.below(3) {
            let t = *rng.pick(ACTIONS);
            let _ = writeln!(out, "- {}", fill(rng, t, heading));
        }
    }
}

fn plan_docs(
    rng: &mut Rng,
    shape: &Shape,
    area_names: &[String],
    docs: &mut Vec<Doc>,
) -> Vec<String> {
    let mut measure_ids = Vec::new();
    docs.push(Doc {
        path: "plan/_index.md".into(),
        front: "title = \"地域福祉計画（架空）\"\n".into(),
        body: "地域福祉の推進主体は「行政」「民間」「市社協」の三つです。施策ごとに、それぞれの取組を記載しています。\n".into(),
        title: "地域福祉計画（架空）".into(),
        hugo_path: Some("plan/_index.md".into()),
    });
    for g in 1..=shape.goals {
        let title = format!("{}{}", rng.pick(TOPICS), rng.pick(TITLE_TAILS));
        docs.push(Doc {
            path: format!("plan/{g}/_index.md"),
            front: format!("label = {}\ntitle = {}\n", q(roman(g)), q(&title)),
            body: String::new(),
            title,
            hugo_path: Some(format!("plan/{g}/_index.md")),
        });
        for b in 1..=shape.basics_per_goal {
            let title = format!("{}{}", rng.pick(TOPICS), rng.pick(TITLE_TAILS));
            let mut front = format!(
                "label = {}\ntitle = {}\n",
                q(&crate::content::plan::full_width_digits(&b.to_string())),
                q(&title)
            );
            if rng.chance(15) {
                front.push_str("priority = true\n");
            }
            let area = rng.pick(area_names).clone();
            docs.push(Doc {
                path: format!("plan/{g}/{b}/_index.md"),
                front,
                body: format!("{}\n", paragraph(rng, &area, 2, 1)),
                title,
                hugo_path: Some(format!("plan/{g}/{b}/_index.md")),
            });
            for m in 1..=shape.measures_per_basic {
                let title = format!("{}{}", rng.pick(TOPICS), rng.pick(TITLE_TAILS));
                let mut front = format!(
                    "label = {}\ntitle = {}\n",
                    q(&format!(
                        "（{}）",
                        crate::content::plan::full_width_digits(&m.to_string())
                    )),
                    q(&title)
                );
                let s1 = rng.below(SUPPORT.len());
                let s2 = (s1 + 1 + rng.below(SUPPORT.len() - 1)) % SUPPORT.len();
                let _ = writeln!(
                    front,
                    "support = [{}, {}]",
                    q(SUPPORT[s1].1),
                    q(SUPPORT[s2].1)
                );
                let area = rng.pick(area_names).clone();
                let mut body = format!("{}\n\n## 目指す姿\n", paragraph(rng, &area, 1, 2));
                for _ in 0..1 + rng.below(2) {
                    let t = *rng.pick(TARGETS);
                    let _ = writeln!(body, "- {}", fill(rng, t, &area));
                }
                if m % 5 == 0 {
                    for i in 1..=2 {
                        let _ = write!(body, "\n## {} {}\n", circled(i), rng.pick(TOPICS));
                        actions(rng, &area, "###", &mut body);
                    }
                } else {
                    actions(rng, &area, "##", &mut body);
                }
                measure_ids.push(format!("{g}-{b}-{m}"));
                docs.push(Doc {
                    path: format!("plan/{g}/{b}/{m}.md"),
                    front,
                    body,
                    title,
                    hugo_path: Some(format!("plan/{g}/{b}/{m}.md")),
                });
            }
        }
    }
    measure_ids
}

fn resource_docs(
    rng: &mut Rng,
    shape: &Shape,
    areas: &[Area],
    measures: &[String],
    today: NaiveDate,
    docs: &mut Vec<Doc>,
) {
    docs.push(Doc {
        path: "resources/_index.md".into(),
        front: "title = \"相談先・居場所をさがす\"\n".into(),
        body: "地域の相談先や居場所を、種類・対象・地区からさがせます。\n".into(),
        title: "相談先・居場所をさがす".into(),
        hugo_path: Some("resources/_index.md".into()),
    });
    let weekdays = ["MO", "TU", "WE", "TH", "FR", "SA"];
    for i in 0..shape.resources {
        let k = i % KINDS.len();
        let a = (i / KINDS.len()) % areas.len();
        let (kind, _, _, _, (suffix, suffix_r)) = KINDS[k];
        let area = &areas[a];
        let place = area
            .name
            .trim_end_matches("地区")
            .trim_end_matches("圏域")
            .trim_end_matches("全域");
        let place_r = area
            .kana
            .trim_end_matches("ちく")
            .trim_end_matches("けんいき")
            .trim_end_matches("ぜんいき");
        let (nick, nick_r) = *rng.pick(NICKNAMES);
        let round = i / (KINDS.len() * areas.len());
        let (name, kana) = match kind {
            "salon" | "shokudo" | "volunteer" | "kodomo" => (
                format!("{place}{nick}{suffix}"),
                format!("{place_r}{nick_r}{suffix_r}"),
            ),
            _ => (format!("{place}{suffix}"), format!("{place_r}{suffix_r}")),
        };
        // Repeats of a kind in an area are told apart by a number (第2, 第3 …).
        let (name, kana) = if round == 0 {
            (name, kana)
        } else {
            (format!("{name}（第{}）", round + 1), kana)
        };
        let id = format!("{kind}-{}-{:05}", area.id, i + 1);
        let audience: Vec<&str> = match kind {
            "salon" => vec!["elderly", "everyone"],
            "shokudo" => vec!["child", "family", "everyone"],
            "houkatsu" => vec!["elderly", "carer"],
            "shogai" => vec!["disability"],
            "konkyu" => vec!["living"],
            "kodomo" => vec!["child", "family"],
            "kenri" => vec!["elderly", "disability"],
            _ => vec!["everyone"],
        };
        let mut f = String::new();
        let _ = writeln!(f, "name = {}", q(&name));
        let _ = writeln!(f, "name_kana = {}", q(&katakana(&kana)));
        let _ = writeln!(f, "kind = {}", q(kind));
        let _ = writeln!(
            f,
            "audience = [{}]",
            audience.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
        );
        let _ = writeln!(f, "area = {}", q(&area.id));
        let _ = writeln!(
            f,
            "address = {}",
            q(&format!(
                "つなぐ市{place}町{}-{}-{}",
                1 + rng.below(9),
                1 + rng.below(20),
                1 + rng.below(30)
            ))
        );
        let _ = writeln!(f, "lat = {:.4}", 35.30 + rng.below(4000) as f64 / 10000.0);
        let _ = writeln!(f, "lon = {:.4}", 133.90 + rng.below(6000) as f64 / 10000.0);
        let _ = writeln!(
            f,
            "phone = {}",
            q(&format!(
                "0857-{:02}-{:04}",
                20 + rng.below(70),
                rng.below(10000)
            ))
        );
        let fee = match kind {
            "salon" => "100円（お茶代）",
            "shokudo" => "子どもは無料、大人は300円",
            _ => "無料",
        };
        let _ = writeln!(f, "fee = {}", q(fee));
        let _ = writeln!(f, "booking = {}", kind != "salon" && kind != "shokudo");
        let acc: Vec<String> = ACCESSIBILITY
            .iter()
            .filter(|_| rng.chance(40))
            .map(|(id, _)| q(id))
            .collect();
        if !acc.is_empty() {
            let _ = writeln!(f, "accessibility = [{}]", acc.join(", "));
        }
        let _ = writeln!(f, "languages = [\"日本語\", \"やさしい日本語\"]");
        let _ = writeln!(
            f,
            "operator = {}",
            q(&format!("{}地区社会福祉協議会", place))
        );
        if !measures.is_empty() && rng.chance(60) {
            let _ = writeln!(f, "measures = [{}]", q(rng.pick(measures).as_str()));
        }
        let verified = today - Duration::days(rng.below(240) as i64);
        let _ = writeln!(f, "verified = {verified}");
        f.push_str(
            "\n[schedule]\nclosed_holidays = true\nclosed_year_end = true\n\n[[schedule.rules]]\n",
        );
        let (open, close) = *rng.pick(&[
            ("9:00", "17:00"),
            ("10:00", "12:00"),
            ("13:30", "15:30"),
            ("17:00", "19:00"),
        ]);
        if matches!(kind, "salon" | "shokudo") {
            let d = rng.pick(&weekdays[..5]);
            let _ = writeln!(
                f,
                "freq = \"monthly\"\nbyday = [\"{}{d}\", \"{}{d}\"]",
                1 + rng.below(2),
                3 + rng.below(2)
            );
        } else {
            f.push_str("freq = \"weekly\"\nbyday = [\"MO\", \"TU\", \"WE\", \"TH\", \"FR\"]\n");
        }
        let _ = writeln!(f, "opens_at = {}\ncloses_at = {}", q(open), q(close));
        let body = format!(
            "{}\n\n{}\n",
            paragraph(rng, place, 2, 2),
            paragraph(rng, place, 1, 2)
        );
        docs.push(Doc {
            path: format!("resources/{id}.md"),
            front: f,
            title: name,
            body,
            hugo_path: Some(format!("resources/{id}.md")),
        });
    }
}

fn news_docs(
    rng: &mut Rng,
    shape: &Shape,
    area_names: &[String],
    today: NaiveDate,
    docs: &mut Vec<Doc>,
) {
    docs.push(Doc {
        path: "news/_index.md".into(),
        front: "title = \"お知らせ\"\n".into(),
        body: "地域福祉に関するお知らせです（架空）。\n".into(),
        title: "お知らせ".into(),
        hugo_path: Some("news/_index.md".into()),
    });
    for i in 0..shape.news {
        // Spread over about two years before today; never in the future.
        let date = today - Duration::days((i * 730 / shape.news.max(1)) as i64);
        let area = rng.pick(area_names).clone();
        let event = rng.pick(EVENTS);
        let title = format!("{area}で{event}をひらきます");
        let held = date + Duration::days(10 + rng.below(20) as i64);
        let body = format!(
            "{}\n\n- 日時：{}年{}月{}日 {}時〜{}時\n- 場所：{area}{}\n- 申し込み：{}\n\n{}\n",
            paragraph(rng, &area, 2, 1),
            held.year(),
            held.month(),
            held.day(),
            10 + rng.below(4),
            14 + rng.below(3),
            rng.pick(VENUES),
            if rng.chance(50) {
                "いりません。直接お越しください。"
            } else {
                "電話で受け付けます。"
            },
            paragraph(rng, &area, 1, 1),
        );
        let slug = format!("{}-{:05}", date.format("%Y-%m"), i + 1);
        docs.push(Doc {
            path: format!("news/{slug}.md"),
            front: format!("title = {}\ndate = {date}\n", q(&title)),
            title,
            body,
            hugo_path: Some(format!("news/{slug}.md")),
        });
    }
}

fn ordinary_docs(
    rng: &mut Rng,
    shape: &Shape,
    area_names: &[String],
    measures: &[String],
    docs: &mut Vec<Doc>,
) {
    docs.push(Doc {
        path: "topics/_index.md".into(),
        front: "title = \"暮らしと福祉の情報\"\n".into(),
        body: "暮らしと福祉に関する情報をまとめています（架空）。\n".into(),
        title: "暮らしと福祉の情報".into(),
        hugo_path: Some("topics/_index.md".into()),
    });
    for s in 0..shape.sections {
        let topic = TOPICS[s % TOPICS.len()];
        let title = format!("{topic}の情報（{}）", s + 1);
        docs.push(Doc {
            path: format!("topics/s{:04}/_index.md", s + 1),
            front: format!("title = {}\n", q(&title)),
            body: format!("{topic}に関するページの一覧です。\n"),
            title,
            hugo_path: Some(format!("topics/s{:04}/_index.md", s + 1)),
        });
    }
    for i in 0..shape.pages {
        let s = i % shape.sections;
        let topic = *rng.pick(TOPICS);
        let area = rng.pick(area_names).clone();
        let title = format!("{area}の{topic}について");
        let mut body = format!("{}\n\n", paragraph(rng, &area, 2, 3));
        for _ in 0..2 + rng.below(2) {
            let heading = *rng.pick(TOPICS);
            let _ = write!(body, "## {heading}\n\n{}\n\n", paragraph(rng, &area, 2, 4));
        }
        body.push_str("## 関わる人\n\n");
        for _ in 0..3 {
            let _ = writeln!(body, "- {}", rng.pick(WHO));
        }
        if !measures.is_empty() {
            let m = rng.pick(measures);
            let p = m.replace('-', "/");
            let _ = write!(
                body,
                "\n計画の[関連する施策](@/plan/{p}.md)もご覧ください。\n"
            );
        }
        let path = format!("topics/s{:04}/p{:06}.md", s + 1, i + 1);
        docs.push(Doc {
            path: path.clone(),
            front: format!("title = {}\n", q(&title)),
            title,
            body,
            hugo_path: Some(path),
        });
    }
}

/// Hugo links: `@/plan/1/2/3.md` becomes `/plan/1/2/3/`.
fn hugo_links(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("](@/") {
        out.push_str(&rest[..i + 2]);
        let tail = &rest[i + 4..];
        let end = tail.find(')').unwrap_or(tail.len());
        let target = tail[..end]
            .trim_end_matches(".md")
            .trim_end_matches("_index");
        let _ = write!(out, "/{}/", target.trim_end_matches('/'));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#;
const HUGO_SINGLE: &str = r#"{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>{{ end }}
"#;
const HUGO_LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"#;

/// Write the corpus into `out`. A folder that exists must be empty or an earlier corpus.
pub fn generate(out: &Path, opts: &Options) -> Result<Summary, Error> {
    if opts.pages < MIN_PAGES {
        return Err(Error::TooSmall);
    }
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| Error::Io(p, e)
    };
    if out.exists() {
        let empty = std::fs::read_dir(out).map_err(io(out))?.next().is_none();
        if !empty && !out.join(MARKER).is_file() {
            return Err(Error::NotACorpus(out.to_path_buf()));
        }
    }
    // A corpus made again is written over the old one, and what it no longer has removed
    // afterwards (see output::Existing: deleting 20,000 files and making them again slows
    // the builds measured right after it on some file systems).
    let mut existing = Vec::new();
    for sub in ["content", "hugo"] {
        let p = out.join(sub);
        existing.push((sub, crate::output::Existing::scan(&p).map_err(io(&p))?, p));
    }
    let mut written = std::collections::HashSet::new();
    let shape = Shape::for_pages(opts.pages);
    let mut rng = Rng(opts.seed ^ 0x7473_756E_6167_7521);
    let areas = areas(&shape);
    let area_names: Vec<String> = areas.iter().skip(1).map(|a| a.name.clone()).collect();
    let mut docs = Vec::new();
    docs.push(Doc {
        path: "_index.md".into(),
        front: "title = \"つなぐ市 地域福祉ポータル（架空）\"\n".into(),
        body: "このサイトは、ベンチマークのために機械的に作った架空の地域福祉ポータルです。[計画](@/plan/_index.md)、相談先、お知らせを掲載しています。\n".into(),
        title: "つなぐ市 地域福祉ポータル（架空）".into(),
        hugo_path: Some("_index.md".into()),
    });
    docs.push(Doc {
        path: "about.md".into(),
        front: "title = \"このサイトについて\"\n".into(),
        body: format!(
            "このサイトの内容はすべて架空です。tsunagu gen-corpus（{} ページ、seed {}）が作りました。\n",
            opts.pages, opts.seed
        ),
        title: "このサイトについて".into(),
        hugo_path: Some("about.md".into()),
    });
    let mut glossary = String::new();
    for (term, text) in GLOSSARY {
        let _ = write!(glossary, "## {term}\n{text}\n\n");
    }
    docs.push(Doc {
        path: "glossary.md".into(),
        front: "title = \"用語解説\"\n".into(),
        body: glossary,
        title: "用語解説".into(),
        hugo_path: Some("glossary.md".into()),
    });
    let measures = plan_docs(&mut rng, &shape, &area_names, &mut docs);
    resource_docs(&mut rng, &shape, &areas, &measures, opts.today, &mut docs);
    news_docs(&mut rng, &shape, &area_names, opts.today, &mut docs);
    ordinary_docs(&mut rng, &shape, &area_names, &measures, &mut docs);

    let mut write = |rel: &Path, text: &str| -> Result<(), Error> {
        let p = out.join(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        written.insert(
            rel.to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/"),
        );
        std::fs::write(&p, text).map_err(io(&p))
    };
    write(Path::new(MARKER), "tsunagu gen-corpus\n")?;
    write(Path::new("config.toml"), &config_toml(&areas, opts))?;
    write(
        Path::new("content/variants.toml"),
        "[[variants]]\nwords = [\"子ども\", \"子供\", \"こども\"]\n\n\
         [[variants]]\nwords = [\"社会福祉協議会\", \"社協\"]\n\n\
         [[variants]]\nwords = [\"障がい\", \"障害\", \"障碍\"]\n\n\
         [[variants]]\nwords = [\"地域食堂\", \"こども食堂\", \"子ども食堂\"]\n",
    )?;
    let mut files = 3;
    let mut hugo_files = 0;
    for d in &docs {
        write(
            &Path::new("content").join(&d.path),
            &format!("+++\n{}+++\n{}", d.front, d.body),
        )?;
        files += 1;
        if let Some(hp) = &d.hugo_path {
            let body = hugo_links(&plain(&d.body));
            write(
                &Path::new("hugo/content").join(hp),
                &format!("+++\ntitle = {}\n+++\n{}", q(&d.title), body),
            )?;
            hugo_files += 1;
        }
    }
    write(
        Path::new("hugo/hugo.toml"),
        "baseURL = \"https://example.jp/\"\nlanguageCode = \"ja\"\ntitle = \"つなぐ市 地域福祉ポータル（架空）\"\n\
         hasCJKLanguage = true\ndisableKinds = [\"taxonomy\", \"term\"]\n",
    )?;
    write(Path::new("hugo/layouts/_default/baseof.html"), HUGO_BASEOF)?;
    write(Path::new("hugo/layouts/_default/single.html"), HUGO_SINGLE)?;
    write(Path::new("hugo/layouts/_default/list.html"), HUGO_LIST)?;
    hugo_files += 4;
    for (sub, found, root) in existing {
        found
            .remove_unwritten(&root, |rel| written.contains(&format!("{sub}/{rel}")))
            .map_err(io(&root))?;
    }
    Ok(Summary {
        shape,
        files,
        hugo_files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_fills_the_requested_pages() {
        for n in [150, 200, 1_000, 10_000, 50_000] {
            let s = Shape::for_pages(n);
            assert!(s.resources >= KINDS.len() * s.areas(), "{n}: {s:?}");
            let e = s.expected_pages();
            assert!(e.abs_diff(n) * 100 <= n * 5, "{n} → {e}: {s:?}");
        }
    }

    #[test]
    fn katakana_folds_hiragana_only() {
        assert_eq!(
            katakana("ちいきしょくどう・さろん"),
            "チイキショクドウ・サロン"
        );
    }

    #[test]
    fn hugo_links_point_at_pretty_urls() {
        assert_eq!(
            hugo_links("[施策](@/plan/1/2/3.md)と[計画](@/plan/_index.md)"),
            "[施策](/plan/1/2/3/)と[計画](/plan/)"
        );
    }
}
