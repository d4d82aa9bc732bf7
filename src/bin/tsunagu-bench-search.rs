//! Search benchmark: a synthetic 10,000-page Japanese welfare portal (deterministic, seeded),
//! indexed with `tsunagu::search::build`; prints the build time, the size of `search/`, the
//! bytes a browser loads for a first query of 地域食堂 (client + manifest + shards) and the
//! query time of the pure-JS client in node.
//!
//! ```sh
//! cargo run --release --bin tsunagu-bench-search -- [--docs N] [--keep DIR]
//! ```
//! `--keep DIR` leaves the exported site (with a page that loads the client) in DIR.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tsunagu::search::{self, SearchDoc, Variants};

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
}

/// (text, reading) pairs.
type Tr = (&'static str, &'static str);

#[rustfmt::skip]
const AREAS: &[Tr] = &[
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
const NAMES: &[Tr] = &[
    ("ひまわり", "ひまわり"), ("さくら", "さくら"), ("なかよし会", "なかよしかい"),
    ("松の実会", "まつのみかい"), ("えがお", "えがお"), ("ひだまり", "ひだまり"),
    ("こもれび", "こもれび"), ("みんなの家", "みんなのいえ"), ("たんぽぽ", "たんぽぽ"),
    ("あおぞら", "あおぞら"), ("若竹会", "わかたけかい"), ("寿会", "ことぶきかい"),
    ("ふれあい茶屋", "ふれあいぢゃや"), ("いこいの場", "いこいのば"), ("すずらん", "すずらん"),
    ("虹の会", "にじのかい"), ("つばさ", "つばさ"), ("はなみずき", "はなみずき"),
];
#[rustfmt::skip]
const WEEKDAYS: &[Tr] = &[
    ("月曜日", "げつようび"), ("火曜日", "かようび"), ("水曜日", "すいようび"),
    ("木曜日", "もくようび"), ("金曜日", "きんようび"), ("土曜日", "どようび"),
    ("日曜日", "にちようび"),
];
#[rustfmt::skip]
const PLACES: &[Tr] = &[
    ("公民館", "こうみんかん"), ("集会所", "しゅうかいじょ"),
    ("コミュニティセンター", "こみゅにてぃせんたー"), ("お寺の本堂", "おてらのほんどう"),
    ("福祉センター", "ふくしせんたー"), ("地区会館", "ちくかいかん"),
];
/// Sentences: `{a}` area, `{w}` weekday, `{p}` place, `{n}` a number.
#[rustfmt::skip]
const SENTENCES: &[Tr] = &[
    ("{a}地区の{p}で毎月第{n}{w}に開いています。", "{a}ちくの{p}でまいつきだい{n}{w}にひらいています。"),
    ("体操や茶話会、季節の手作りを楽しみます。", "たいそうやさわかい、きせつのてづくりをたのしみます。"),
    ("参加費は{n}00円です。", "さんかひは{n}00えんです。"),
    ("どなたでも参加できます。", "どなたでもさんかできます。"),
    ("送迎の相談もできます。", "そうげいのそうだんもできます。"),
    ("子どもは無料、大人は{n}00円で食事ができます。", "こどもはむりょう、おとなは{n}00えんでしょくじができます。"),
    ("地元の野菜を使った食事を出しています。", "じもとのやさいをつかったしょくじをだしています。"),
    ("宿題の時間や遊びの時間もあります。", "しゅくだいのじかんやあそびのじかんもあります。"),
    ("一人暮らしの高齢者の見守りを行っています。", "ひとりぐらしのこうれいしゃのみまもりをおこなっています。"),
    ("民生委員・児童委員が相談に応じます。", "みんせいいいん・じどういいんがそうだんにおうじます。"),
    ("介護、健康、くらしの相談窓口です。", "かいご、けんこう、くらしのそうだんまどぐちです。"),
    ("電話でも来所でも相談できます。", "でんわでもらいしょでもそうだんできます。"),
    ("必要に応じて訪問します。", "ひつようにおうじてほうもんします。"),
    ("成年後見制度の利用を支援します。", "せいねんこうけんせいどのりようをしえんします。"),
    ("判断能力が十分でない人の権利擁護を進めます。", "はんだんのうりょくがじゅうぶんでないひとのけんりようごをすすめます。"),
    ("虐待に気づいたら連絡してください。", "ぎゃくたいにきづいたられんらくしてください。"),
    ("ボランティアを募集しています。", "ぼらんてぃあをぼしゅうしています。"),
    ("市社協が運営を支援しています。", "ししゃきょうがうんえいをしえんしています。"),
    ("地域の支え合いの活動を広げます。", "ちいきのささえあいのかつどうをひろげます。"),
    ("関係機関と連携して支援します。", "かんけいきかんとれんけいしてしえんします。"),
    ("災害のときの避難の支援を考えます。", "さいがいのときのひなんのしえんをかんがえます。"),
    ("買い物や通院の移動を手伝います。", "かいものやつういんのいどうをてつだいます。"),
    ("子育て中の親子が集まる広場です。", "こそだてちゅうのおやこがあつまるひろばです。"),
    ("障がいのある人の社会参加を応援します。", "しょうがいのあるひとのしゃかいさんかをおうえんします。"),
    ("生活に困っている人の相談を受けます。", "せいかつにこまっているひとのそうだんをうけます。"),
    ("フードバンクから食材の提供を受けています。", "ふーどばんくからしょくざいのていきょうをうけています。"),
    ("地域食堂と子ども食堂のネットワークに参加しています。", "ちいきしょくどうとこどもしょくどうのねっとわーくにさんかしています。"),
    ("{n}月{n}日に研修会を開きます。", "{n}がつ{n}にちにけんしゅうかいをひらきます。"),
    ("申込みは電話で受け付けます。", "もうしこみはでんわでうけつけます。"),
    ("手話通訳があります。", "しゅわつうやくがあります。"),
    ("地区を単位として見守りのネットワークをつくります。", "ちくをたんいとしてみまもりのねっとわーくをつくります。"),
    ("重層的支援体制整備事業として取り組みます。", "じゅうそうてきしえんたいせいせいびじぎょうとしてとりくみます。"),
];

/// Welfare words for `{x}` slots.
#[rustfmt::skip]
const NOUNS: &[Tr] = &[
    ("地域福祉", "ちいきふくし"), ("見守り活動", "みまもりかつどう"), ("介護予防", "かいごよぼう"),
    ("認知症", "にんちしょう"), ("子育て支援", "こそだてしえん"), ("生活支援", "せいかつしえん"),
    ("権利擁護", "けんりようご"), ("成年後見", "せいねんこうけん"), ("避難訓練", "ひなんくんれん"),
    ("防災", "ぼうさい"), ("健康づくり", "けんこうづくり"), ("食生活", "しょくせいかつ"),
    ("ひきこもり", "ひきこもり"), ("不登校", "ふとうこう"), ("家計相談", "かけいそうだん"),
    ("就労支援", "しゅうろうしえん"), ("居住支援", "きょじゅうしえん"),
    ("移動支援", "いどうしえん"), ("配食サービス", "はいしょくさーびす"),
    ("買い物支援", "かいものしえん"), ("ゴミ出し", "ごみだし"),
    ("傾聴ボランティア", "けいちょうぼらんてぃあ"), ("手話", "しゅわ"), ("点字", "てんじ"),
    ("バリアフリー", "ばりあふりー"), ("合理的配慮", "ごうりてきはいりょ"),
    ("多文化共生", "たぶんかきょうせい"), ("自治会", "じちかい"), ("老人クラブ", "ろうじんくらぶ"),
    ("民生委員", "みんせいいいん"), ("社会福祉法人", "しゃかいふくしほうじん"),
    ("NPO法人", "えぬぴーおーほうじん"), ("地域包括ケア", "ちいきほうかつけあ"),
    ("介護保険", "かいごほけん"), ("障害福祉サービス", "しょうがいふくしさーびす"),
    ("フレイル予防", "ふれいるよぼう"), ("口腔ケア", "こうくうけあ"),
    ("栄養相談", "えいようそうだん"), ("百歳体操", "ひゃくさいたいそう"), ("脳トレ", "のうとれ"),
    ("囲碁将棋", "いごしょうぎ"),
];
/// Kanji for made-up town names (rare terms, as real addresses and names are).
const TOWN_KANJI: &str = "東西南北上下中大小山川田野原島井本木林森村町石岡池沢谷橋口宮崎浜松竹梅桜花月日星光明春夏秋冬青赤白金銀水火土風雲雪和平安福寿富長久永新古高広美吉若葉緑清宝玉栄豊穂稲泉湖海港浦岬坂峰岩瀬滝里郷城門寺神尾根角藤鶴亀鹿熊鷹鳩菊蘭萩柳杉桧楠榎槙朝夕晴";

fn town(r: &mut Rng) -> String {
    let k: Vec<char> = TOWN_KANJI.chars().collect();
    (0..2 + r.below(2))
        .map(|_| k[r.below(k.len())])
        .collect::<String>()
        + "町"
}

/// A sentence with `{x}` welfare words, as (text, reading).
fn noun_sentence(r: &mut Rng) -> (String, String) {
    let (x, y, z) = (*r.pick(NOUNS), *r.pick(NOUNS), *r.pick(NOUNS));
    let forms: [(&str, &str); 5] = [
        (
            "{x}と{y}について、{z}の関係者と話し合いました。",
            "{x}と{y}について、{z}のかんけいしゃとはなしあいました。",
        ),
        (
            "{x}の取り組みを、{y}とあわせて進めます。",
            "{x}のとりくみを、{y}とあわせてすすめます。",
        ),
        (
            "{x}に関する講座を開き、{y}の担い手を育てます。",
            "{x}にかんするこうざをひらき、{y}のにないてをそだてます。",
        ),
        (
            "{x}や{y}の相談は、お気軽にどうぞ。",
            "{x}や{y}のそうだんは、おきがるにどうぞ。",
        ),
        (
            "今年度は{x}と{z}に力を入れています。",
            "こんねんどは{x}と{z}にちからをいれています。",
        ),
    ];
    let (t, k) = forms[r.below(forms.len())];
    let sub = |s: &str, i: usize| {
        let pick = |w: Tr| if i == 0 { w.0 } else { w.1 };
        s.replace("{x}", pick(x))
            .replace("{y}", pick(y))
            .replace("{z}", pick(z))
    };
    (sub(t, 0), sub(k, 1))
}

struct Kind {
    name: &'static str,
    count: usize,
    title: fn(&mut Rng, Tr) -> (String, String),
}

fn salon(r: &mut Rng, a: Tr) -> (String, String) {
    let n = *r.pick(NAMES);
    (
        format!("ふれあい・いきいきサロン {}{}", a.0, n.0),
        format!("ふれあいいきいきさろん {}{}", a.1, n.1),
    )
}
fn shokudo(r: &mut Rng, a: Tr) -> (String, String) {
    let n = *r.pick(NAMES);
    if r.below(2) == 0 {
        (
            format!("{}地域食堂 {}", a.0, n.0),
            format!("{}ちいきしょくどう {}", a.1, n.1),
        )
    } else {
        (
            format!("子ども食堂 {}{}", a.0, n.0),
            format!("こどもしょくどう {}{}", a.1, n.1),
        )
    }
}
fn soudan(r: &mut Rng, a: Tr) -> (String, String) {
    let (t, k) = *r.pick(&[
        ("地域包括支援センター", "ちいきほうかつしえんせんたー"),
        ("福祉なんでも相談窓口", "ふくしなんでもそうだんまどぐち"),
        ("子育て支援センター", "こそだてしえんせんたー"),
        (
            "障がい者相談支援センター",
            "しょうがいしゃそうだんしえんせんたー",
        ),
    ]);
    (format!("{t} {}", a.0), format!("{k} {}", a.1))
}
fn kenri(r: &mut Rng, a: Tr) -> (String, String) {
    let (t, k) = *r.pick(&[
        ("成年後見支援センター", "せいねんこうけんしえんせんたー"),
        ("権利擁護センター", "けんりようごせんたー"),
        (
            "高齢者虐待の通報窓口",
            "こうれいしゃぎゃくたいのつうほうまどぐち",
        ),
    ]);
    (format!("{t}（{}）", a.0), format!("{k} {}", a.1))
}
fn news(r: &mut Rng, a: Tr) -> (String, String) {
    let (t, k) = *r.pick(SENTENCES);
    let seed = r.next();
    let (t, k) = (fill(t, &mut Rng(seed), a), fill(k, &mut Rng(seed), a));
    (
        t.trim_end_matches('。').to_string(),
        k.trim_end_matches('。').to_string(),
    )
}
fn plan(r: &mut Rng, a: Tr) -> (String, String) {
    let (t, k) = *r.pick(&[
        (
            "地域の居場所づくりの推進",
            "ちいきのいばしょづくりのすいしん",
        ),
        ("相談支援体制の充実", "そうだんしえんたいせいのじゅうじつ"),
        ("権利擁護の推進", "けんりようごのすいしん"),
        ("見守り活動の充実", "みまもりかつどうのじゅうじつ"),
        ("担い手の育成", "にないてのいくせい"),
    ]);
    (format!("{t}（{}地区）", a.0), format!("{k} {}ちく", a.1))
}

const KINDS: &[Kind] = &[
    Kind {
        name: "ふれあい・いきいきサロン",
        count: 30,
        title: salon,
    },
    Kind {
        name: "地域食堂・こども食堂",
        count: 8,
        title: shokudo,
    },
    Kind {
        name: "相談窓口",
        count: 20,
        title: soudan,
    },
    Kind {
        name: "権利擁護",
        count: 5,
        title: kenri,
    },
    Kind {
        name: "お知らせ",
        count: 32,
        title: news,
    },
    Kind {
        name: "施策",
        count: 5,
        title: plan,
    },
];
const AUDIENCES: &[&str] = &[
    "高齢者",
    "子ども",
    "子育て中の人",
    "障がいのある人",
    "すべての人",
];

fn fill(t: &str, r: &mut Rng, a: Tr) -> String {
    let reading = !t.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    let w = *r.pick(WEEKDAYS);
    let p = *r.pick(PLACES);
    let n = 1 + r.below(4);
    let pick = |x: Tr| if reading { x.1 } else { x.0 };
    t.replace("{a}", pick(a))
        .replace("{w}", pick(w))
        .replace("{p}", pick(p))
        .replace("{n}", &n.to_string())
}

/// The corpus: kinds in proportion (per 100 docs), bodies of 4–12 sentences.
fn corpus(n: usize) -> Vec<SearchDoc> {
    let mut r = Rng(20_260_401);
    let total: usize = KINDS.iter().map(|k| k.count).sum();
    (0..n)
        .map(|i| {
            let mut slot = i % total;
            let kind = KINDS.iter().find(|k| {
                let hit = slot < k.count;
                slot = slot.saturating_sub(k.count);
                hit
            });
            let kind = kind.unwrap_or(&KINDS[0]);
            let a = *r.pick(AREAS);
            let (title, title_reading) = (kind.title)(&mut r, a);
            let (mut body, mut reading) = (String::new(), title_reading);
            for _ in 0..6 + r.below(14) {
                let (t, k) = if r.below(3) == 0 {
                    noun_sentence(&mut r)
                } else {
                    let (t, k) = *r.pick(SENTENCES);
                    let seed = r.next();
                    (fill(t, &mut Rng(seed), a), fill(k, &mut Rng(seed), a))
                };
                body.push_str(&t);
                reading.push(' ');
                reading.push_str(&k);
            }
            let (n1, n2) = (1 + r.below(9), 1 + r.below(30));
            let phone = format!("0857-{:02}-{:04}", r.below(100), r.below(10_000));
            body.push_str(&format!(
                "所在地：{}{n1}丁目{n2}番地。電話 {phone}。",
                town(&mut r)
            ));
            reading.push_str(&format!(
                " しょざいち {n1}ちょうめ{n2}ばんち。でんわ {phone}。"
            ));
            let audience = vec![r.pick(AUDIENCES).to_string()];
            SearchDoc {
                url: format!("pages/{i:05}/index.html"),
                title,
                body,
                reading,
                kind: kind.name.to_string(),
                area: format!("{}地区", a.0),
                audience,
                boost: 1.0,
                snippet: None,
                text: None,
            }
        })
        .collect()
}

const NODE_BENCH: &str = r#"
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import vm from 'node:vm';
const [site, client] = process.argv.slice(2);
function load() {
  const loaded = [];
  let context;
  const document = {
    currentScript: { getAttribute: () => 'search/index.js' },
    head: { appendChild(el) { setTimeout(() => { loaded.push(el.src);
      vm.runInContext(readFileSync(join(site, el.src), 'utf8'), context); el.onload(); }, 0); } },
    createElement: () => ({}),
  };
  const window = { document };
  context = vm.createContext({ window, document });
  vm.runInContext(readFileSync(client, 'utf8'), context);
  return { search: window.tsunaguSearch, loaded };
}
const first = load();
let t = performance.now();
const hits = await first.search('地域食堂', { limit: 10 });
const firstMs = performance.now() - t;
const files = [client, ...first.loaded.map((f) => join(site, f))];
const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
const gzip = files.reduce((s, f) => s + gzipSync(readFileSync(f)).length, 0);
const queries = ['地域食堂', 'サロン', 'ちいきしょくどう', '相談窓口 高齢者', '成年後見', '食', 'ボランティア 募集'];
const warm = load();
for (const q of queries) await warm.search(q);
const times = [];
for (let i = 0; i < 5; i++) for (const q of queries) { t = performance.now(); await warm.search(q); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log(JSON.stringify({ hits: hits.length, top: hits[0] && hits[0].title, firstMs, files: files.length, bytes, gzip,
  loaded: first.loaded, warmMedianMs: times[times.length >> 1], warmMaxMs: times[times.length - 1] }));
"#;

fn dir_size(dir: &Path) -> (u64, usize) {
    let mut total = (0, 0);
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                let (b, n) = dir_size(&p);
                total = (total.0 + b, total.1 + n);
            } else if let Ok(m) = e.metadata() {
                total = (total.0 + m.len(), total.1 + 1);
            }
        }
    }
    total
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::var_os("TSUNAGU_LOG").is_some() {
        let filter = tracing_subscriber::EnvFilter::from_env("TSUNAGU_LOG");
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .try_init();
    }
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let n: usize = arg("--docs")
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(10_000);
    let keep = arg("--keep").map(PathBuf::from);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let client = repo.join("themes/default/static/assets/search/search.js");

    let docs = corpus(n);
    let chars: usize = docs
        .iter()
        .map(|d| d.title.chars().count() + d.body.chars().count())
        .sum();
    println!(
        "corpus: {n} docs, {:.0} characters of title+body per doc (seeded)",
        chars as f64 / n as f64
    );
    let variants =
        Variants::parse_toml("[[variants]]\nwords = [\"子ども\", \"子供\", \"こども\"]\n")?;
    let mut times = Vec::new();
    let mut out = Vec::new();
    let mut stats = None;
    for _ in 0..3 {
        out.clear();
        let t = Instant::now();
        stats = Some(search::build(&docs, &variants, &mut out)?);
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "index build (tantivy + export): median {:.2} s of 3 ({:.2?})",
        times[1], times
    );
    if let Some(s) = &stats {
        println!(
            "  {} (field, term) pairs, {} term shards, {} doc shards",
            s.terms, s.term_shards, s.doc_shards
        );
    }

    let site = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("tsunagu-bench-search-{}", std::process::id()))
    });
    if site.exists() {
        std::fs::remove_dir_all(&site)?;
    }
    for (path, bytes) in &out {
        let p = site.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, bytes)?;
    }
    let (all, files) = dir_size(&site.join("search"));
    let (tantivy, tfiles) = dir_size(&site.join("search/tantivy"));
    println!(
        "search/: {:.1} MB in {files} files (browser export {:.1} MB in {} files, tantivy {:.1} MB)",
        all as f64 / 1e6,
        (all - tantivy) as f64 / 1e6,
        files - tfiles,
        tantivy as f64 / 1e6
    );

    let script = site.join("bench.mjs");
    std::fs::File::create(&script)?.write_all(NODE_BENCH.as_bytes())?;
    let node = Command::new("node")
        .arg(&script)
        .arg(&site)
        .arg(&client)
        .output();
    match node {
        Ok(o) if o.status.success() => {
            let v: serde_json::Value = serde_json::from_slice(&o.stdout)?;
            println!(
                "first query 地域食堂: {} hits, top 「{}」",
                v["hits"],
                v["top"].as_str().unwrap_or("")
            );
            println!(
                "  loads {} files, {:.1} KB ({:.1} KB gzipped), client included",
                v["files"],
                v["bytes"].as_f64().unwrap_or(0.0) / 1024.0,
                v["gzip"].as_f64().unwrap_or(0.0) / 1024.0
            );
            println!("  files: {}", v["loaded"]);
            println!(
                "JS query time (node): first {:.1} ms (includes evaluating the shards), warm median {:.2} ms, max {:.2} ms",
                v["firstMs"].as_f64().unwrap_or(0.0),
                v["warmMedianMs"].as_f64().unwrap_or(0.0),
                v["warmMaxMs"].as_f64().unwrap_or(0.0)
            );
        }
        Ok(o) => eprintln!("node failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => eprintln!("node not found ({e}): no JS numbers"),
    }
    let index = site.join("search/tantivy");
    let t = Instant::now();
    let hits = search::query(&index, "地域食堂", 10)?;
    println!(
        "tantivy query 地域食堂 (open + search): {:.1} ms, {} hits",
        t.elapsed().as_secs_f64() * 1e3,
        hits.len()
    );
    if keep.is_none() {
        std::fs::remove_dir_all(&site)?;
    } else {
        println!("site kept in {}", site.display());
    }
    Ok(())
}
