//! Local resources (地域資源): サロン, 地域食堂, 相談窓口, 権利擁護 offices … one Markdown file
//! each under `content/resources/`. The front matter follows the column names of the
//! Digital Agency's 自治体標準オープンデータセット where one exists and Open Referral HSDS
//! 3.0 for the rest; the body is the description.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::opendata::values;
use crate::schedule::RawSchedule;

/// A photo with its alternative text (required).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    pub src: String,
    pub alt: String,
}

/// A resource's front matter as staff write it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceFront {
    /// 名称
    #[serde(deserialize_with = "crate::content::front_matter::non_empty")]
    pub name: String,
    /// 名称_カナ: the reading of the name (katakana or hiragana).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_kana: Option<String>,
    /// 種別: an id from `[[resources.kinds]]`.
    pub kind: String,
    /// Who it is for: ids from `[[resources.audiences]]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<String>,
    /// The area it serves: an id from `[[areas]]`.
    pub area: String,
    /// What it offers (HSDS service names), e.g. 「食事の提供」「学習支援」.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// 郵便番号
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// 住所
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// 行き方 (アクセス): 「〇〇バス停から歩いて3分。駐車場5台」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<String>,
    /// 緯度 / 経度 (WGS84)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// 電話番号, FAX番号
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// URL
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// 利用可能曜日・時間 (see [`crate::schedule`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<RawSchedule>,
    /// 料金, e.g. 「無料」「1食300円（こどもは無料）」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<String>,
    /// 予約: `true` 要予約, `false` 予約不要; absent when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<bool>,
    /// バリアフリー情報: ids from `[[resources.accessibility]]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accessibility: Vec<String>,
    /// 対応言語, free text: 「日本語」「やさしい日本語」「英語」.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// 運営者
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// Plan nodes this place carries out, by id (`1-1-4`, `1-1-4-1`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<String>,
    /// 情報確認日: when the information was last verified.
    #[serde(
        default,
        deserialize_with = "crate::dates::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub verified: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<Photo>,
    /// Sample data, marked サンプル wherever it is shown.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
    /// 備考
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Free-form data, not shown by the default theme.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Internal notes (a contact person's own number …): never written to the output.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub private: BTreeMap<String, serde_json::Value>,
}

/// A resource after checking: vocabulary ids resolved to indexes, schedule checked.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The file name without `.md`: `salon-kohoku`. Also the key for CSV re-import.
    pub id: String,
    /// Relative to the site root: `content/resources/salon-kohoku.md`.
    pub source: std::path::PathBuf,
    pub content_path: String,
    /// `resources/salon-kohoku/index.html`
    pub url: String,
    /// As written (for export and re-import).
    pub front: ResourceFront,
    pub schedule: Option<crate::schedule::Schedule>,
    /// Index into `config.resources.kinds`.
    pub kind: usize,
    /// Indexes into `config.resources.audiences`.
    pub audience: Vec<usize>,
    /// Index into `config.areas`.
    pub area: usize,
    /// Indexes into `config.resources.accessibility`.
    pub accessibility: Vec<usize>,
    /// Indexes into `plan.nodes`.
    pub measures: Vec<usize>,
    pub body: crate::markdown::Fragment,
    pub rendered: crate::markdown::Rendered,
}

/// Load stage for resources: parse every file under the resources folder and check it
/// against the configured vocabularies, areas and plan.
pub mod load {
    use super::*;
    use crate::config::{Config, Term};
    use crate::content::plan::Plan;
    use crate::content::{SourceFile, parse_file};
    use crate::diagnostics::{Diagnostic, Diagnostics, Problem};
    use rayon::prelude::*;

    /// Japan's extent, generously: outside it a coordinate is surely a typo (or lat/lon swapped).
    pub fn in_japan(lat: f64, lon: f64) -> bool {
        (20.0..=46.0).contains(&lat) && (122.0..=154.0).contains(&lon)
    }

    fn term_index(
        list: &[Term],
        id: &str,
        what_ja: &str,
        what_en: &str,
        field: &str,
        pos: crate::diagnostics::Pos,
        file: &std::path::Path,
    ) -> Result<usize, Diagnostic> {
        list.iter()
            .position(|t| t.id == id || t.name == id)
            .ok_or_else(|| {
                Diagnostic::error(Problem::UnknownCategory {
                    name: id.to_string(),
                    known: list.iter().map(|t| t.id.clone()).collect(),
                })
                .in_file(file)
                .at(pos)
                .field(field)
                .tap_msg(what_ja, what_en)
            })
    }

    trait TapMsg {
        fn tap_msg(self, ja: &str, en: &str) -> Self;
    }
    impl TapMsg for Diagnostic {
        /// Name the vocabulary in the message (種別「…」は設定されていません).
        fn tap_msg(self, ja: &str, en: &str) -> Self {
            let Problem::UnknownCategory { name, known } = &self.problem else {
                return self;
            };
            let list = known.join(", ");
            let close = crate::diagnostics::suggest(name, known.iter().map(String::as_str));
            let (hint_ja, hint_en) = match close {
                Some(c) => (
                    format!("「{c}」の書きまちがいではありませんか。"),
                    format!("did you mean `{c}`?"),
                ),
                None => (
                    format!("config.toml で設定されているのは {list} です。"),
                    format!("config.toml defines {list}"),
                ),
            };
            Diagnostic {
                problem: Problem::Field {
                    ja: format!("{ja}「{name}」は設定されていません。"),
                    en: format!("{en} `{name}` is not configured"),
                    hint_ja: Some(hint_ja),
                    hint_en: Some(hint_en),
                },
                ..self
            }
        }
    }

    /// Parse and check every resource file. `plan` resolves `measures`.
    pub fn load(
        config: &Config,
        plan: Option<&Plan>,
        files: Vec<SourceFile>,
        today: NaiveDate,
        diags: &mut Diagnostics,
    ) -> Vec<Resource> {
        let Some(rc) = &config.resources else {
            return Vec::new();
        };
        let results: Vec<(Option<Resource>, Vec<Diagnostic>)> = files
            .into_par_iter()
            .filter(|f| !f.is_index())
            .map(|file| {
                let mut d = Vec::new();
                let Some(p) = parse_file::<ResourceFront>(&file, &mut d) else {
                    return (None, d);
                };
                if p.front.draft {
                    return (None, d);
                }
                let f = &p.front;
                let rel = &file.rel;
                let mut ok = true;
                let mut push = |diag: Diagnostic, d: &mut Vec<Diagnostic>| {
                    if diag.severity == crate::diagnostics::Severity::Error {
                        ok = false;
                    }
                    d.push(diag);
                };
                let kind = term_index(&rc.kinds, &f.kind, "種別", "kind", "kind", p.key_pos("kind"), rel)
                    .map_err(|e| push(e, &mut d))
                    .ok();
                let mut audience = Vec::new();
                for a in &f.audience {
                    match term_index(&rc.audiences, a, "対象", "audience", "audience", p.value_pos("audience", a), rel) {
                        Ok(i) => audience.push(i),
                        Err(e) => push(e, &mut d),
                    }
                }
                let mut accessibility = Vec::new();
                for a in &f.accessibility {
                    match term_index(&rc.accessibility, a, "バリアフリー情報", "accessibility feature", "accessibility", p.value_pos("accessibility", a), rel) {
                        Ok(i) => accessibility.push(i),
                        Err(e) => push(e, &mut d),
                    }
                }
                let area = config.area(&f.area).or_else(|| config.areas.iter().position(|a| a.name == f.area));
                if area.is_none() {
                    let known: Vec<String> = config.areas.iter().map(|a| a.id.clone()).collect();
                    push(
                        Diagnostic::error(Problem::UnknownCategory { name: f.area.clone(), known })
                            .in_file(rel)
                            .at(p.key_pos("area"))
                            .field("area")
                            .tap_msg("地域", "area"),
                        &mut d,
                    );
                }
                let mut measures = Vec::new();
                for m in &f.measures {
                    let unloaded = plan.is_some_and(|pl| {
                        pl.unloaded.iter().any(|u| m == u || m.starts_with(&format!("{u}-")))
                    });
                    match plan.and_then(|pl| pl.nodes.iter().position(|n| &n.id == m)) {
                        Some(i) => measures.push(i),
                        // Its file failed to load and was reported: no second error.
                        None if unloaded => {}
                        None => push(
                            Diagnostic::field_error(
                                format!("計画の項目「{m}」が見つかりません。"),
                                format!("there is no plan item `{m}`"),
                            )
                            .hint(
                                "施策のファイル content/plan/1/1/4.md は \"1-1-4\"、その中の ② の取組は \"1-1-4-2\" と書きます。",
                                "the measure in content/plan/1/1/4.md is \"1-1-4\"; its sub-item ② is \"1-1-4-2\"",
                            )
                            .in_file(rel)
                            .at(p.value_pos("measures", m))
                            .field("measures"),
                            &mut d,
                        ),
                    }
                }
                match (f.lat, f.lon) {
                    (Some(lat), Some(lon)) if !in_japan(lat, lon) => push(
                        Diagnostic::field_error(
                            format!("緯度・経度（{lat}, {lon}）が日本の外を指しています。"),
                            format!("the coordinates ({lat}, {lon}) are outside Japan"),
                        )
                        .hint(
                            "緯度（lat）は 20〜46、経度（lon）は 122〜154 の範囲です。緯度と経度が入れ替わっていないか確かめてください。",
                            "lat is 20–46 and lon 122–154 in Japan; check that they are not swapped",
                        )
                        .in_file(rel)
                        .at(p.key_pos("lat"))
                        .field("lat"),
                        &mut d,
                    ),
                    (Some(_), None) | (None, Some(_)) => push(
                        Diagnostic::field_error(
                            "緯度（lat）と経度（lon）は両方書いてください。",
                            "give both lat and lon",
                        )
                        .in_file(rel)
                        .at(p.key_pos(if f.lat.is_some() { "lat" } else { "lon" })),
                        &mut d,
                    ),
                    _ => {}
                }
                for (field, value) in [("phone", &f.phone), ("fax", &f.fax)] {
                    if let Some(v) = value
                        && !crate::opendata::phone::is_valid_jp_phone(v)
                    {
                        push(
                            Diagnostic::field_error(
                                format!("電話番号「{v}」の形が正しくありません。"),
                                format!("`{v}` is not a valid Japanese phone number"),
                            )
                            .hint(
                                "0857-00-1234 のように、0 から始まる10けたか11けたの番号を書きます（ハイフンはあってもなくてもかまいません）。",
                                "write a 10- or 11-digit number starting with 0, e.g. 0857-00-1234",
                            )
                            .in_file(rel)
                            .at(p.key_pos(field))
                            .field(field),
                            &mut d,
                        );
                    }
                }
                for photo in &f.photos {
                    let on_disk = config.root.join("content").join(&rc.section).join(&photo.src);
                    // Only a file under content/<section>/: no absolute path (joining one would
                    // replace the folder) and no way out with `..`.
                    let inside = std::path::Path::new(&photo.src)
                        .components()
                        .all(|c| matches!(c, std::path::Component::Normal(_)));
                    if !inside || photo.src.contains("..") || !on_disk.is_file() {
                        push(
                            Diagnostic::field_error(
                                format!("写真「{}」が見つかりません。", photo.src),
                                format!("the photo `{}` does not exist", photo.src),
                            )
                            .hint(
                                format!("写真は content/{}/ に置き、src にはそのファイル名を書きます。", rc.section),
                                format!("put photos in content/{}/ and write their file name in src", rc.section),
                            )
                            .in_file(rel)
                            .at(p.value_pos("src", &photo.src))
                            .field("src"),
                            &mut d,
                        );
                    } else if on_disk.metadata().is_ok_and(|m| m.len() == 0) {
                        push(
                            Diagnostic::field_error(
                                format!("写真「{}」のファイルが空です（0 バイト）。", photo.src),
                                format!("the photo `{}` is an empty file (0 bytes)", photo.src),
                            )
                            .hint(
                                "写真のコピーが途中で止まった可能性があります。元の写真をもう一度置いてください。",
                                "the copy may have been interrupted: put the original photo there again",
                            )
                            .in_file(rel)
                            .at(p.value_pos("src", &photo.src))
                            .field("src"),
                            &mut d,
                        );
                    }
                    if photo.alt.trim().is_empty() {
                        push(
                            Diagnostic::field_error(
                                format!("写真「{}」に代わりの文章（alt）がありません。", photo.src),
                                format!("the photo `{}` has no alternative text", photo.src),
                            )
                            .hint(
                                "[[photos]] の alt = \"…\" に、写っているものを文で書いてください（例: 公民館で体操をする参加者）。",
                                "describe what the photo shows in `alt = \"...\"`",
                            )
                            .in_file(rel)
                            .at(p.value_pos("src", &photo.src))
                            .field("alt"),
                            &mut d,
                        );
                    } else if let Some(w) =
                        crate::images::wire::uninformative_alt(&photo.alt, &photo.src)
                    {
                        push(
                            w.in_file(rel)
                                .at(p.value_pos("alt", &photo.alt))
                                .field("alt"),
                            &mut d,
                        );
                    }
                }
                if let Some(Err(bad)) = f.postal_code.as_deref().map(values::postal_code) {
                    push(
                        Diagnostic::error(Problem::Field {
                            ja: bad.ja,
                            en: bad.en,
                            hint_ja: bad.hint_ja,
                            hint_en: bad.hint_en,
                        })
                        .in_file(rel)
                        .at(p.key_pos("postal_code"))
                        .field("postal_code"),
                        &mut d,
                    );
                }
                if let Some(v) = &f.email
                    && !is_email(v)
                {
                    push(
                        Diagnostic::field_error(
                            format!("メールアドレス「{v}」の形が正しくありません。"),
                            format!("`{v}` is not an e-mail address"),
                        )
                        .hint(
                            "soudan@example.jp のように、半角で、@ を1つだけ入れて書きます（全角の＠や空白は使えません）。",
                            "write it in half-width characters with one @, e.g. soudan@example.jp",
                        )
                        .in_file(rel)
                        .at(p.key_pos("email"))
                        .field("email"),
                        &mut d,
                    );
                }
                if let Some(v) = &f.name_kana
                    && let Some(c) = v.chars().find(|c| !is_kana_reading_char(*c))
                {
                    // a 注意: the name itself is right, and the page is worth building
                    push(
                        Diagnostic::warning(Problem::Field {
                            ja: format!("name_kana（名称_カナ）に、かなでない文字「{c}」があります。"),
                            en: format!("name_kana contains `{c}`, which is not kana"),
                            hint_ja: Some("名前の読みを、カタカナかひらがなで書きます（例: ハマベチクナギササロン）。名前のふりがなにも使われます。".into()),
                            hint_en: Some("write the reading of the name in katakana or hiragana".into()),
                        })
                        .in_file(rel)
                        .at(p.key_pos("name_kana"))
                        .field("name_kana"),
                        &mut d,
                    );
                }
                if let Some(v) = f.fee.as_deref().filter(|v| is_bare_amount(v)) {
                    // a 注意: 「100」 is shown as it is, and a resident cannot tell 100 what
                    push(
                        Diagnostic::warning(Problem::Field {
                            ja: format!("料金（fee）が「{v}」と数だけで、単位がありません。"),
                            en: format!("the fee `{v}` is a number without a unit"),
                            hint_ja: Some(format!(
                                "利用する方にわかるよう、「{v}円」「{v}円（お茶代）」のように単位を付けて書いてください。無料なら「無料」と書きます。"
                            )),
                            hint_en: Some("add the unit, e.g. 100円, or write 無料 for free".into()),
                        })
                        .in_file(rel)
                        .at(p.key_pos("fee"))
                        .field("fee"),
                        &mut d,
                    );
                }
                match f.verified {
                    Some(v) => {
                        let months = (today.year() - v.year()) * 12 + today.month() as i32 - v.month() as i32;
                        if months > rc.stale_months as i32 {
                            d.push(
                                Diagnostic::warning(Problem::Field {
                                    ja: format!("情報確認日（{v}）から{months}か月たっています。"),
                                    en: format!("the information was last verified {months} months ago ({v})"),
                                    hint_ja: Some("内容を確かめ、verified を確認した日に更新してください。".into()),
                                    hint_en: Some("check the information and update `verified`".into()),
                                })
                                .in_file(rel)
                                .at(p.key_pos("verified"))
                                .field("verified"),
                            );
                        }
                    }
                    None => d.push(
                        Diagnostic::warning(Problem::Field {
                            ja: "情報確認日（verified）がありません。".into(),
                            en: "no verification date (`verified`)".into(),
                            hint_ja: Some("内容を確かめた日を verified = 2026-04-01 のように書いてください。".into()),
                            hint_en: Some("add `verified = YYYY-MM-DD`".into()),
                        })
                        .in_file(rel)
                        .at(crate::diagnostics::Pos { line: p.front_line, col: 1 }),
                    ),
                }
                let schedule = f.schedule.as_ref().and_then(|s| {
                    let (sched, errs) = crate::content::resource::check_schedule(s, &p, rel);
                    for e in errs {
                        push(e, &mut d);
                    }
                    sched
                });
                let id = file.segments().last().map(|s| s.to_string()).unwrap_or_default();
                let resource = (ok && kind.is_some() && area.is_some()).then(|| Resource {
                    url: rc.resource_url(&id),
                    id,
                    source: file.rel.clone(),
                    content_path: file.content_path.clone(),
                    front: ResourceFront {
                        // one form everywhere (page, tel: link, CSV, JSON-LD): half-width,
                        // grouped as written (０８５７－００－０１０１ → 0857-00-0101)
                        postal_code: f
                            .postal_code
                            .as_deref()
                            .map(|v| values::postal_code(v).unwrap_or_else(|_| v.to_string())),
                        phone: f.phone.as_deref().map(canonical_phone),
                        fax: f.fax.as_deref().map(canonical_phone),
                        ..p.front.clone()
                    },
                    schedule,
                    kind: kind.unwrap_or(0),
                    audience,
                    area: area.unwrap_or(0),
                    accessibility,
                    measures,
                    body: p.body,
                    rendered: crate::markdown::Rendered::default(),
                });
                (resource, d)
            })
            .collect();
        let mut out = Vec::new();
        for (r, d) in results {
            diags.extend(d);
            out.extend(r);
        }
        // By kind (config order), then reading, then id: stable and the order people expect.
        out.sort_by(|a, b| {
            let key = |r: &Resource| {
                (
                    r.kind,
                    r.front.weight.unwrap_or(0),
                    r.front
                        .name_kana
                        .clone()
                        .unwrap_or_else(|| r.front.name.clone()),
                    r.id.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        out
    }

    use chrono::Datelike;
}

/// Check a written schedule; problems located at the value in the front matter.
pub fn check_schedule(
    raw: &RawSchedule,
    p: &crate::content::Parsed<ResourceFront>,
    file: &std::path::Path,
) -> (
    Option<crate::schedule::Schedule>,
    Vec<crate::diagnostics::Diagnostic>,
) {
    match raw.check() {
        Ok(s) => (Some(s), Vec::new()),
        Err(errors) => (
            None,
            errors
                .into_iter()
                .map(|e| {
                    // `schedule.rules[1].byday` → the key `byday`, located at its value.
                    let key = e
                        .field
                        .rsplit('.')
                        .next()
                        .unwrap_or("schedule")
                        .split('[')
                        .next()
                        .unwrap_or("schedule")
                        .to_string();
                    let pos = if e.value.is_empty() {
                        p.key_pos(&key)
                    } else {
                        p.value_pos(&key, &e.value)
                    };
                    crate::diagnostics::Diagnostic::error(e.problem)
                        .in_file(file)
                        .at(pos)
                        .field(e.field)
                })
                .collect(),
        ),
    }
}

/// An e-mail address as a resident's mail program will take it: half-width, one `@`,
/// something before it and a dotted domain after it, no spaces.
fn is_email(v: &str) -> bool {
    let v = v.trim();
    match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && v.chars().all(|c| c.is_ascii_graphic())
        }
        None => false,
    }
}

/// A fee written as a bare number (`100`, `1,000`, `０`): what a spreadsheet cell formatted
/// `#,##0"円"` gives, its unit being the cell's format, not its value.
fn is_bare_amount(v: &str) -> bool {
    let v = v.trim();
    !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, ',' | '，'))
}

/// A character of a reading: kana (the furigana module's, plus the rest of the katakana
/// block: ・ ヶ ヵ), half-width katakana, spaces, brackets and dashes, and the digits and
/// Latin letters a name may keep (ＮＰＯ, 2丁目 → ニチョウメ is the staff's choice).
fn is_kana_reading_char(c: char) -> bool {
    crate::furigana::kana::is_kana(c)
        || matches!(c,
            '\u{30A0}'..='\u{30FF}' // katakana block, ・ included
            | '\u{FF66}'..='\u{FF9F}' // half-width katakana
            | ' ' | '　' | '（' | '）' | '(' | ')' | '〜' | '～' | '-' | '－')
        || c.is_ascii_alphanumeric()
        || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '０'..='９')
}

/// A valid phone number in its canonical form (the number as written if it is not valid:
/// the check reports it).
fn canonical_phone(v: &str) -> String {
    crate::opendata::phone::normalize(v).unwrap_or_else(|_| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_inside_japan() {
        assert!(load::in_japan(35.5, 134.2));
        assert!(!load::in_japan(134.2, 35.5), "swapped");
        assert!(!load::in_japan(0.0, 0.0));
    }
}
