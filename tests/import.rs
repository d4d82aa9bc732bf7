//! `tsunagu import resources`: where an error points in LF, CRLF (as Excel saves) and
//! quoted-line-break files, and re-imports over files that staff edited by hand.
//!
//! Expected places are worked out from the input text itself, never copied from the
//! program's output.

use crate::opendata::{import, read_resource, resource_dir, site};

/// 1-based line and character column where `needle` starts in `text`; lines end in `\n`
/// (a `\r\n` counts once: its `\r` belongs to the line before).
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

const BAD_DATE: &str = "2026-13-45";

/// A CSV with a bad 情報確認日 on its last row; with `quoted`, an earlier row has a line
/// break inside a quoted cell. Lines end in `\n`.
fn dated_csv(quoted: bool) -> String {
    let mut s = String::from("ID,名称,種別,地域,備考,情報確認日\n");
    s.push_str("ok-1,北のサロン,salon,kita,,2026-10-01\n");
    if quoted {
        s.push_str("ok-2,南のサロン,salon,kita,\"雨の日は中止。\nお気軽に。\",2026-10-01\n");
    } else {
        s.push_str("ok-2,南のサロン,salon,kita,雨の日は中止。,2026-10-01\n");
    }
    s.push_str(&format!("bad-3,東のサロン,salon,kita,,{BAD_DATE}\n"));
    s
}

/// Import `bytes` (whose text is `text`), which must fail on the bad date only, at the
/// line and column where the date is in `text`.
fn fails_at_the_bad_date(what: &str, text: &str, bytes: &[u8]) {
    let (line, col) = line_col(text, BAD_DATE);
    let t = site();
    let t = import(t, bytes, &[]).fails();
    let err = t.stderr();
    let message = format!("{line}行目の「情報確認日」: 「{BAD_DATE}」は日付として読めません。");
    assert!(
        err.contains(&message),
        "{what}: missing {message:?}:\n{err}"
    );
    let place = format!("data.csv:{line}:{col}（項目: 情報確認日）");
    assert!(err.contains(&place), "{what}: missing {place:?}:\n{err}");
    assert!(err.contains("エラー 1件、注意 0件"), "{what}:\n{err}");
    assert!(
        !resource_dir(&t).join("ok-1.md").exists(),
        "{what}: nothing written"
    );
}

#[test]
fn a_bad_value_is_located_in_lf_and_crlf_files() {
    let lf = dated_csv(false);
    fails_at_the_bad_date("LF", &lf, lf.as_bytes());
    let crlf = lf.replace('\n', "\r\n");
    fails_at_the_bad_date("CRLF", &crlf, crlf.as_bytes());
    // Excel's Shift_JIS CSV: CRLF, and a BOM-less CP932 file.
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&crlf);
    assert!(!unmappable);
    fails_at_the_bad_date("CRLF Shift_JIS", &crlf, &sjis);
    // UTF-8 with BOM: the BOM is not a character of the first line.
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(crlf.as_bytes());
    fails_at_the_bad_date("CRLF with BOM", &crlf, &bom);
}

#[test]
fn a_bad_value_after_a_quoted_line_break_is_located() {
    let lf = dated_csv(true);
    fails_at_the_bad_date("LF, quoted line break", &lf, lf.as_bytes());
    // Excel: rows end in CRLF, a line break typed in a cell (Alt+Enter) is a bare LF.
    let crlf = lf
        .replace('\n', "\r\n")
        .replace("中止。\r\nお気軽", "中止。\nお気軽");
    fails_at_the_bad_date("CRLF, LF in a quoted cell", &crlf, crlf.as_bytes());
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&crlf);
    fails_at_the_bad_date("CRLF Shift_JIS, LF in a quoted cell", &crlf, &sjis);
    // CRLF inside the quoted cell too.
    let all_crlf = lf.replace('\n', "\r\n");
    fails_at_the_bad_date(
        "CRLF, CRLF in a quoted cell",
        &all_crlf,
        all_crlf.as_bytes(),
    );
    // The bad cell on the line after a quoted line break in its own row.
    let same_row = "ID,名称,種別,地域,備考,情報確認日\r\n\
                    ok-1,北のサロン,salon,kita,,2026-10-01\r\n\
                    bad-2,東のサロン,salon,kita,\"一行目\n二行目\",2026-13-45\r\n";
    fails_at_the_bad_date("cell after a line break", same_row, same_row.as_bytes());
    // Quoted value: the place is its first character, after the quote.
    let quoted_value =
        "ID,名称,種別,地域,情報確認日\r\nbad-1,東のサロン,salon,kita,\"2026-13-45\"\r\n";
    fails_at_the_bad_date("quoted value", quoted_value, quoted_value.as_bytes());
}

// --- re-import over hand-edited files ---------------------------------------------------------

pub(crate) const HEADER: &str = "ID,名称,種別,地域,電話番号,料金,利用可能曜日,開始時間,終了時間,利用可能日時特記事項,情報確認日,備考\n";
pub(crate) const ROW_V1: &str = "hand-1,手づくりサロン,salon,kita,0857-00-0001,100円,月〜金,09:00,17:00,祝日は休み,2026-10-01,\n";
pub(crate) const ROW_V2: &str = "hand-1,手づくりサロン,salon,kita,0857-99-9999,200円,月〜金,10:00,17:00,祝日は休み,2026-11-01,\n";

/// `text` with `anchor` (which must be there once) followed by `added`.
fn after(text: &str, anchor: &str, added: &str) -> String {
    assert_eq!(text.matches(anchor).count(), 1, "{anchor:?} in {text}");
    text.replacen(anchor, &format!("{anchor}{added}"), 1)
}

/// What a staff member adds by hand to the imported file: a comment, fields the CSV has
/// no column for (name_kana, lat/lon, measures, closed dates, a one-off date, a nested
/// table, a photo), a trailing comment on a CSV field, 備考 while the CSV cell is empty,
/// and a body.
pub(crate) fn hand_edit(imported: &str) -> String {
    let close = imported[3..].find("+++\n").unwrap() + 3;
    assert_eq!(&imported[close..], "+++\n", "no body yet");
    let mut t = imported.to_string();
    assert!(t.starts_with("+++\n"));
    t.insert_str(
        4,
        "# 2026年度の点検で確認した（福祉課 山田）\nname_kana = \"テヅクリサロン\"\n",
    );
    t = t.replacen(
        "phone = \"0857-00-0001\"\n",
        "phone = \"0857-00-0001\" # 代表番号\n",
        1,
    );
    t = after(
        &t,
        "verified = 2026-10-01\n",
        "lat = 35.5\nlon = 134.2\nnotes = \"12月1日は臨時休業\"\nmeasures = [\"1-1-1\"]\n",
    );
    t = after(
        &t,
        "closed_holidays = true\n",
        "closed_dates = [2026-12-01, 2026-12-29] # 臨時休業\nnotes = \"12月1日は臨時休業\"\n",
    );
    let close = t.rfind("+++\n").unwrap();
    let extra = "\n# 手で足した日\n[[schedule.dates]]\ndate = 2026-12-20\nopens_at = \"10:00\"\ncloses_at = \"12:00\"\ndescription = \"クリスマス会\"\n\n[[photos]]\nsrc = \"entrance.jpg\"\nalt = \"入口のスロープ\"\n\n[extra.parking]\ncars = 3\nnote = \"裏の駐車場\"\n";
    t.insert_str(close, extra);
    t.push_str("## 活動のようす\n\n手で書いた説明です。\n");
    t
}

/// Every part `hand_edit` added, as it added it.
pub(crate) const HAND_MADE: [&str; 9] = [
    "# 2026年度の点検で確認した（福祉課 山田）\nname_kana = \"テヅクリサロン\"\n",
    " # 代表番号\n",
    "lat = 35.5\nlon = 134.2\nnotes = \"12月1日は臨時休業\"\nmeasures = [\"1-1-1\"]\n",
    "closed_dates = [2026-12-01, 2026-12-29] # 臨時休業\nnotes = \"12月1日は臨時休業\"\n",
    "\n# 手で足した日\n[[schedule.dates]]\ndate = 2026-12-20\nopens_at = \"10:00\"\ncloses_at = \"12:00\"\ndescription = \"クリスマス会\"\n",
    "\n[[photos]]\nsrc = \"entrance.jpg\"\nalt = \"入口のスロープ\"\n",
    "\n[extra.parking]\ncars = 3\nnote = \"裏の駐車場\"\n",
    "+++\n## 活動のようす\n\n手で書いた説明です。\n",
    "closed_holidays = true\n",
];

/// The hand-edited file after the CSV changed from `ROW_V1` to `ROW_V2`: those values,
/// and nothing else.
pub(crate) fn with_v2_values(edited: &str) -> String {
    let mut t = edited.to_string();
    for (old, new) in [
        (
            "phone = \"0857-00-0001\" # 代表番号",
            "phone = \"0857-99-9999\" # 代表番号",
        ),
        ("fee = \"100円\"", "fee = \"200円\""),
        ("verified = 2026-10-01", "verified = 2026-11-01"),
        ("opens_at = \"09:00\"", "opens_at = \"10:00\""),
    ] {
        assert_eq!(t.matches(old).count(), 1, "{old:?} in {t}");
        t = t.replacen(old, new, 1);
    }
    t
}

#[test]
fn reimport_keeps_every_hand_made_part_of_the_file() {
    let v1 = format!("{HEADER}{ROW_V1}");
    let t = import(site(), v1.as_bytes(), &[])
        .succeeds()
        .stderr_contains("1件追加、0件更新しました。");
    let path = resource_dir(&t).join("hand-1.md");
    let imported = std::fs::read_to_string(&path).unwrap();
    let edited = hand_edit(&imported);
    std::fs::write(&path, &edited).unwrap();
    let (before, _) = read_resource(&t, "hand-1");
    assert_eq!(before.schedule.as_ref().unwrap().closed_dates.len(), 2);

    // The same CSV again: nothing changes, the values the empty cells would have removed
    // are named.
    let t = import(t, v1.as_bytes(), &[])
        .succeeds()
        .stderr_contains("0件追加、0件更新しました（変更なし 1件）。")
        .stderr_contains(
            "注意: 2行目の「備考」が空のため、content/resources/hand-1.md の notes（「12月1日は臨時休業」）はそのまま残しました。",
        )
        .stderr_contains(
            "注意: 2行目の「利用可能日時特記事項」に特記事項の文がないため、content/resources/hand-1.md の schedule.notes（「12月1日は臨時休業」）はそのまま残しました。",
        )
        .stderr_contains("注意 2件");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);

    // A changed CSV: its values change, in place; every other byte stays.
    let v2 = format!("{HEADER}{ROW_V2}");
    let t = import(t, v2.as_bytes(), &[])
        .succeeds()
        .stderr_contains("0件追加、1件更新しました。");
    let updated = std::fs::read_to_string(&path).unwrap();
    assert_eq!(updated, with_v2_values(&edited));
    for part in HAND_MADE {
        assert!(updated.contains(part), "{part:?} lost:\n{updated}");
    }
    let (after, body) = read_resource(&t, "hand-1");
    assert_eq!(body, "## 活動のようす\n\n手で書いた説明です。\n");
    let s = after.schedule.as_ref().unwrap();
    assert_eq!(s.rules[0].opens_at, "10:00");
    assert_eq!(s.closed_dates.len(), 2);
    assert_eq!(s.notes.as_deref(), Some("12月1日は臨時休業"));
    assert_eq!(after.notes.as_deref(), Some("12月1日は臨時休業"));
    assert_eq!(after.extra["parking"]["cars"], 3);
    assert_eq!(after.photos[0].alt, "入口のスロープ");
}

#[test]
fn reimport_keeps_crlf_and_the_bom_of_a_file_saved_on_windows() {
    let v1 = format!("{HEADER}{ROW_V1}");
    let t = import(site(), v1.as_bytes(), &[]).succeeds();
    let path = resource_dir(&t).join("hand-1.md");
    let imported = std::fs::read_to_string(&path).unwrap();
    let edited = format!("\u{feff}{}", hand_edit(&imported).replace('\n', "\r\n"));
    std::fs::write(&path, &edited).unwrap();
    let v2 = format!("{HEADER}{ROW_V2}").replace('\n', "\r\n");
    let t = import(t, v2.as_bytes(), &[])
        .succeeds()
        .stderr_contains("0件追加、1件更新しました。");
    let updated = std::fs::read_to_string(&path).unwrap();
    assert_eq!(updated, with_v2_values(&edited));
    drop(t); // the site's folder goes with it
}

#[test]
fn a_filled_cell_replaces_a_hand_made_value_and_a_new_column_adds_its_field() {
    let v1 = format!("{HEADER}{ROW_V1}");
    let t = import(site(), v1.as_bytes(), &[]).succeeds();
    let path = resource_dir(&t).join("hand-1.md");
    let edited = hand_edit(&std::fs::read_to_string(&path).unwrap());
    std::fs::write(&path, &edited).unwrap();
    // 備考 filled in, and a 名称_カナ and a FAX column.
    let csv = "ID,名称,種別,地域,電話番号,料金,利用可能曜日,開始時間,終了時間,利用可能日時特記事項,情報確認日,備考,名称_カナ,FAX番号\n\
               hand-1,手づくりサロン,salon,kita,0857-00-0001,100円,月〜金,09:00,17:00,祝日は休み,2026-10-01,12月は1日と29日が休み,テヅクリサロン,0857-00-0002\n";
    let t = import(t, csv.as_bytes(), &[])
        .succeeds()
        .stderr_contains("0件追加、1件更新しました。");
    assert!(!t.stderr().contains("「備考」が空"), "{}", t.stderr());
    let updated = std::fs::read_to_string(&path).unwrap();
    let expected = edited
        .replacen(
            "notes = \"12月1日は臨時休業\"\nmeasures",
            "notes = \"12月は1日と29日が休み\"\nmeasures",
            1,
        )
        .replacen(
            "measures = [\"1-1-1\"]\n",
            "measures = [\"1-1-1\"]\nfax = \"0857-00-0002\"\n",
            1,
        );
    assert_eq!(updated, expected);
}

#[test]
fn a_yaml_front_matter_is_rewritten_as_toml_with_every_value_and_a_warning() {
    let t = site().write(
        "content/resources/y-1.md",
        "---\n# YAML で書いたファイル\nname: 黄色いサロン\nkind: salon\narea: kita\nphone: 0857-00-0001\nschedule:\n  closed_dates: [2026-12-01]\n  notes: 12月1日は臨時休業\nextra:\n  parking: 3\n---\n本文です。\n",
    );
    let (before, _) = read_resource(&t, "y-1");
    let csv = "ID,名称,種別,地域,電話番号\ny-1,黄色いサロン,salon,kita,0857-99-9999\n";
    let t = import(t, csv.as_bytes(), &[])
        .succeeds()
        .stderr_contains("0件追加、1件更新しました。")
        .stderr_contains("前付けが YAML（---）のため、TOML（+++）で書き直しました。");
    let (after, body) = read_resource(&t, "y-1");
    assert_eq!(body, "本文です。\n");
    let mut expected = before;
    expected.phone = Some("0857-99-9999".into());
    assert_eq!(after, expected);
}

#[test]
fn reimporting_the_export_with_new_hours_changes_only_the_hours() {
    let v1 = format!("{HEADER}{ROW_V1}");
    let t = import(site(), v1.as_bytes(), &[]).succeeds();
    let path = resource_dir(&t).join("hand-1.md");
    let imported = std::fs::read_to_string(&path).unwrap();
    let edited = after(
        &imported,
        "closed_holidays = true\n",
        "# 臨時休業\nclosed_dates = [2026-12-01]\nnotes = \"12月1日は臨時休業\"\n",
    );
    std::fs::write(&path, &edited).unwrap();
    let t = t.build().succeeds();
    // The portal's own resources.csv, with the opening time of this place changed.
    let exported = String::from_utf8(std::fs::read(t.out.join("resources.csv")).unwrap()).unwrap();
    let row = exported
        .split("\r\n")
        .find(|l| l.starts_with("hand-1,"))
        .unwrap();
    assert!(row.contains("12月1日は臨時休業"), "{row}");
    assert_eq!(row.matches(",09:00,").count(), 1, "{row}");
    let csv = exported.replacen(row, &row.replacen(",09:00,", ",10:00,", 1), 1);
    let t = import(t, csv.as_bytes(), &[])
        .succeeds()
        .stderr_contains("1件更新しました");
    assert!(!t.stderr().contains("注意"), "{}", t.stderr());
    let updated = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        updated,
        edited.replacen("opens_at = \"09:00\"", "opens_at = \"10:00\"", 1)
    );
}
