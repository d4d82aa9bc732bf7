//! `tsunagu new page|news|resource|measure PATH`: a new content file with every field
//! explained in a Japanese comment, ready to fill in. Never overwrites a file.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Lang};

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum What {
    Page,
    News,
    Resource,
    Measure,
}

fn template(what: What, today: chrono::NaiveDate) -> String {
    match what {
        What::Page => "+++\n\
# ページの題名（必須）。見出し1として表示されます。\n\
title = \"\"\n\
# 検索結果などに出る一行の説明（なくてもかまいません）。\n\
description = \"\"\n\
# 並び順（小さいほど前）。なくてもかまいません。\n\
# weight = 10\n\
# true にすると公開しません（下書き）。\n\
draft = false\n\
+++\n\
本文をここに書きます。見出しは「## 見出し」から始めます。\n"
            .to_string(),
        What::News => format!(
            "+++\n\
# お知らせの題名（必須）\n\
title = \"\"\n\
# 掲載日。この日より前は公開されません。\n\
date = {today}\n\
# 催しのお知らせなど、この日を過ぎたら一覧から外すとき（なくてもかまいません）。\n\
# expires = {today}\n\
# true にすると公開しません（下書き）。\n\
draft = true\n\
+++\n\
お知らせの本文をここに書きます。日時・場所・申し込み方法は箇条書き（- ）にすると読みやすくなります。\n"
        ),
        What::Resource => format!(
            "+++\n\
# 名称（必須）\n\
name = \"\"\n\
# 名称のよみ（カタカナ）\n\
name_kana = \"\"\n\
# 種別（必須）: config.toml の [[resources.kinds]] の id\n\
kind = \"\"\n\
# だれのための場所か: [[resources.audiences]] の id\n\
audience = []\n\
# 受け持つ地区（必須）: [[areas]] の id。市全体なら市全域の id\n\
area = \"\"\n\
# 住所と、あれば緯度・経度（「近い順」に使われます）\n\
address = \"\"\n\
# lat = 35.50\n\
# lon = 134.23\n\
# 行き方（例: 〇〇バス停から歩いて3分。駐車場5台）\n\
# access = \"\"\n\
# 電話（例: 0857-00-1234）\n\
phone = \"\"\n\
# 料金（例: 無料、100円）\n\
# fee = \"\"\n\
# 予約がいるなら true、いらないなら false\n\
# booking = false\n\
# バリアフリー: [[resources.accessibility]] の id\n\
accessibility = []\n\
# この場所が担う計画の取組（例: \"1-1-4\"、その中の②なら \"1-1-4-2\"）\n\
measures = []\n\
# 情報確認日: 内容を確かめた日\n\
verified = {today}\n\
\n\
# 開いている日（なくてもかまいません）\n\
# [schedule]\n\
# closed_holidays = true        # 祝日は休み\n\
# closed_year_end = true        # 年末年始（12月29日〜1月3日）は休み\n\
# [[schedule.rules]]\n\
# freq = \"monthly\"              # 毎月（毎週なら \"weekly\"）\n\
# byday = [\"2SA\", \"4SA\"]        # 第2・第4土曜（毎週なら [\"MO\", \"TH\"]）\n\
# opens_at = \"11:00\"\n\
# closes_at = \"14:00\"\n\
\n\
# 公開しない内部のメモ（担当者の連絡先など）。サイトには出ません。\n\
# [private]\n\
# contact = \"\"\n\
+++\n\
どんな場所か、だれが来られるか、持ち物などを、やさしい文で書きます。\n"
        ),
        What::Measure => "+++\n\
# 印刷どおりの番号（必須）: （１）、① など\n\
label = \"\"\n\
# 番号を除いた題名。文の最後の（変更）（追加）などの印はそのまま書けます。\n\
title = \"\"\n\
# 重層的支援の分類（config.toml の [plan.support] にある名前）\n\
support = []\n\
# 重点の取組なら番号（重点1 → 1）\n\
# priority = 1\n\
+++\n\
\n\
## 目指す姿\n\
- \n\
\n\
## 行政\n\
- \n\
\n\
## 民間\n\
- \n\
\n\
## 市社協\n\
- \n"
            .to_string(),
    }
}

pub fn run(
    what: What,
    path: &Path,
    root: &Path,
    diags: &mut Diagnostics,
    lang: Lang,
) -> (bool, Option<String>) {
    let target: PathBuf = if path.is_absolute() || path.starts_with(root) {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    let target = if target.extension().is_some() {
        target
    } else {
        target.with_extension("md")
    };
    if target.exists() {
        diags.push(
            Diagnostic::field_error(
                "このファイルはもうあります。上書きはしません。",
                "the file already exists; it was not overwritten",
            )
            .in_file(&target),
        );
        return (false, None);
    }
    let write = || -> std::io::Result<()> {
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&target, template(what, crate::content::today()))
    };
    match write() {
        Ok(()) => (
            true,
            Some(match lang {
                Lang::Ja => format!(
                    "作りました: {}（空欄をうめてから tsunagu check で確かめてください）",
                    target.display()
                ),
                Lang::En => format!("created {}", target.display()),
            }),
        ),
        Err(e) => {
            diags.push(
                Diagnostic::error(crate::diagnostics::Problem::Output {
                    detail: e.to_string(),
                })
                .in_file(&target),
            );
            (false, None)
        }
    }
}
