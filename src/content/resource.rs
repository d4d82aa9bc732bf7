//! Local resources (地域資源): サロン, 地域食堂, 相談窓口, 権利擁護 offices … one Markdown file
//! each under `content/resources/`. The front matter follows the column names of the
//! Digital Agency's 自治体標準オープンデータセット where one exists and Open Referral HSDS
//! 3.0 for the rest; the body is the description.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
