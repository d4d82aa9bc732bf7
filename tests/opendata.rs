//! Open data: `tsunagu import resources` (UTF-8 and CP932, bad rows, re-import) run as the
//! real binary on copies of `tests/fixtures/base`, and the CSV / HSDS / JSON-LD exports
//! read back with the `csv` crate and `serde_json`.

use crate::common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{SiteTest, fixtures};
use tsunagu::content::front_matter;
use tsunagu::content::resource::ResourceFront;
use tsunagu::diagnostics::Diagnostics;

/// A copy of the base site with a resource directory configured: the vocabulary the CSV
/// fixtures use (import/resources-config.toml) is added when the base has none.
pub(crate) fn site() -> SiteTest {
    let t = SiteTest::fixture("base");
    let config = std::fs::read_to_string(t.root.join("config.toml")).unwrap();
    if config.contains("[resources]") {
        t
    } else {
        let extra = String::from_utf8(fixture_file("resources-config.toml")).unwrap();
        t.write("config.toml", config + "\n" + &extra)
    }
}

pub(crate) fn fixture_file(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("import").join(name)).unwrap()
}

/// Put `bytes` at ROOT/data.csv and run `tsunagu import resources` on it.
pub(crate) fn import(t: SiteTest, bytes: &[u8], extra: &[&str]) -> SiteTest {
    import_file(t, "data.csv", bytes, extra)
}

/// Put `bytes` at ROOT/`name` and run `tsunagu import resources` on it.
pub(crate) fn import_file(t: SiteTest, name: &str, bytes: &[u8], extra: &[&str]) -> SiteTest {
    let csv = t.root.join(name);
    std::fs::write(&csv, bytes).unwrap();
    let root = t.root.to_string_lossy().to_string();
    let csv = csv.to_string_lossy().to_string();
    let mut args = vec!["import", "resources", csv.as_str(), "--root", root.as_str()];
    args.extend_from_slice(extra);
    t.run(&args)
}

pub(crate) fn resource_dir(t: &SiteTest) -> PathBuf {
    t.root.join("content/resources")
}

/// Every file under content/resources with its bytes.
pub(crate) fn snapshot(t: &SiteTest) -> BTreeMap<String, Vec<u8>> {
    let dir = resource_dir(t);
    let mut m = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries {
            let e = e.unwrap();
            m.insert(
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    m
}

/// Front matter and body of content/resources/<id>.md.
pub(crate) fn read_resource(t: &SiteTest, id: &str) -> (ResourceFront, String) {
    let path = resource_dir(t).join(format!("{id}.md"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let split = front_matter::split(&text).unwrap();
    let front = front_matter::parse::<ResourceFront>(split.front, split.front_line, split.format)
        .unwrap_or_else(|d| panic!("{}: {d:?}\n{text}", path.display()));
    (front, split.body.to_string())
}

fn utf8_fixture_without_bom() -> String {
    let bytes = fixture_file("utf8.csv");
    String::from_utf8(bytes[3..].to_vec()).unwrap()
}

#[test]
fn utf8_csv_becomes_one_file_per_row() {
    let t = import(site(), &fixture_file("utf8.csv"), &[])
        .succeeds()
        .stderr_contains("4件追加、0件更新しました。");
    let (f, body) = read_resource(&t, "imp-salon");
    let want = String::from_utf8(fixture_file("utf8-imp-salon.toml")).unwrap();
    assert_eq!(f, toml::from_str::<ResourceFront>(&want).unwrap());
    assert_eq!(body, "");

    let (f, _) = read_resource(&t, "imp-soudan");
    assert_eq!(f.name, "北の相談室 \"ほっと\"");
    assert_eq!(f.audience, vec!["elderly", "everyone"]);
    assert_eq!(f.phone.as_deref(), Some("189"));
    assert_eq!(f.booking, Some(false));
    assert_eq!(f.area, "city");
    assert!(f.schedule.is_none() && f.lat.is_none() && f.postal_code.is_none());

    let (f, _) = read_resource(&t, "imp-cafe");
    let s = f.schedule.unwrap();
    assert!(s.rules.is_empty(), "第2・第4土曜 is not a plain weekday");
    assert_eq!(
        s.notes.as_deref(),
        Some("第2・第4土曜 10:00〜12:00\n雨天中止")
    );
    assert!(f.sample);
    // The imported site builds.
    t.build().succeeds();
}

#[test]
fn cp932_csv_gives_the_same_files_as_utf8() {
    let text = utf8_fixture_without_bom();
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable, "the fixture is representable in CP932");
    assert!(std::str::from_utf8(&sjis).is_err(), "really not UTF-8");
    let a = import(site(), &fixture_file("utf8.csv"), &[]).succeeds();
    let b = import(site(), &sjis, &[]).succeeds();
    let c = import(site(), text.as_bytes(), &[]).succeeds();
    assert_eq!(snapshot(&a), snapshot(&b), "Shift_JIS");
    assert_eq!(snapshot(&a), snapshot(&c), "UTF-8 without BOM");
    let (f, _) = read_resource(&b, "imp-salon");
    assert_eq!(f.operator.as_deref(), Some("髙橋地区社会福祉協議会"));
}

#[test]
fn invalid_cp932_bytes_are_located_and_nothing_is_written() {
    let mut bytes = encoding_rs::SHIFT_JIS
        .encode("ID,名称,種別,地域\r\nx-1,正しい行,salon,kita\r\nx-2,サロン")
        .0
        .into_owned();
    bytes.extend_from_slice(b"\x82,salon,kita\r\n"); // 「x-2,サロン」 is 7 characters; 0x82 needs a second byte; ',' is not one
    let t = site();
    let before = snapshot(&t);
    let t = import(t, &bytes, &[])
        .fails()
        .stderr_contains(
            "3行目 8文字目に、Shift_JIS（CP932） として読めない文字があります（0x82）。",
        )
        .stderr_contains("data.csv:3:8")
        .stderr_contains("ファイルは何も書き込んでいません。");
    assert_eq!(snapshot(&t), before);
}

#[test]
fn bad_rows_are_all_reported_with_line_and_column_and_nothing_is_written() {
    let t = site();
    let before = snapshot(&t);
    let t = import(t, &fixture_file("bad_rows.csv"), &[]).fails();
    let err = t.stderr();
    let text = String::from_utf8(fixture_file("bad_rows.csv")).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    for (line, column, what) in [
        (3, "名称", "名称が空です。"),
        (4, "種別", "種別「カフェ」は設定されていません。"),
        (5, "地域", "地域「ひがし」は設定されていません。"),
        (6, "緯度", "「abc」は数ではありません。"),
        (7, "経度", "「200」は日本の範囲（122〜154）の外です。"),
        (
            8,
            "電話番号",
            "「0857-00-000」は電話番号の形になっていません。",
        ),
        // After the row with a quoted line break (lines 9 and 10).
        (
            11,
            "電話番号",
            "「08570000」は電話番号の形になっていません。",
        ),
        (12, "ID", "ID「ok-1」が 2行目と重なっています。"),
    ] {
        // The character column where the cell starts on that line of the file (these
        // lines have no quotes).
        let cells: Vec<&str> = text.lines().nth(line - 1).unwrap().split(',').collect();
        let n = header.iter().position(|h| *h == column).unwrap();
        let col = 1 + cells[..n]
            .iter()
            .map(|c| c.chars().count() + 1)
            .sum::<usize>();
        let msg = format!("エラー: {line}行目の「{column}」: {what}");
        assert!(err.contains(&msg), "missing {msg:?}:\n{err}");
        let place = format!("data.csv:{line}:{col}（項目: {column}）");
        assert!(err.contains(&place), "missing {place:?}:\n{err}");
    }
    assert!(err.contains("エラー 8件、注意 0件"), "{err}");
    for fine in [2, 9, 10] {
        let head = format!("エラー: {fine}行目");
        assert!(
            !err.lines().any(|l| l.starts_with(&head)),
            "line {fine} is fine:\n{err}"
        );
    }
    assert!(err.contains("ファイルは何も書き込んでいません。"), "{err}");
    assert_eq!(snapshot(&t), before, "no file written");

    let en = import(site(), &fixture_file("bad_rows.csv"), &["--lang", "en"]).fails();
    let err = en.stderr();
    assert!(
        err.contains("line 6, column `緯度`: `abc` is not a number"),
        "{err}"
    );
    assert!(
        err.contains("line 12, column `ID`: the ID `ok-1` is also used on line 2"),
        "{err}"
    );
}

#[test]
fn variant_headers_full_width_values_and_unknown_columns() {
    let t = import(site(), &fixture_file("variants.csv"), &[])
        .succeeds()
        .stderr_contains(
            "注意: 次の列は使わないため、読み込みません: 「駐車場」、「開設年」、28列目（見出しなし）",
        )
        .stderr_contains("1件追加、0件更新しました。");
    assert_eq!(t.stderr().matches("使わないため").count(), 1, "listed once");
    let (f, _) = read_resource(&t, "v-1");
    assert_eq!(f.name, "ＡＢＣサロン");
    assert_eq!(f.name_kana.as_deref(), Some("エービーシーサロン"));
    assert_eq!((f.kind.as_str(), f.area.as_str()), ("salon", "kita-a"));
    assert_eq!(f.postal_code.as_deref(), Some("680-0002"));
    assert_eq!(f.address.as_deref(), Some("テスト市西町1"));
    assert_eq!((f.lat, f.lon), (Some(35.5), Some(134.2)));
    assert_eq!(f.phone.as_deref(), Some("0857-22-2222"));
    assert_eq!(f.email.as_deref(), Some("a@example.jp"));
    assert_eq!(f.booking, Some(false));
    assert_eq!(f.accessibility, vec!["wheelchair"]);
    assert_eq!(f.operator.as_deref(), Some("西地区"));
    assert_eq!(f.website.as_deref(), Some("http://example.jp/abc"));
    assert_eq!(
        f.verified.map(|d| d.to_string()).as_deref(),
        Some("2026-04-01")
    );
    let s = f.schedule.unwrap();
    assert_eq!(s.rules[0].byday, vec!["MO", "TU", "WE", "TH", "FR"]);
    assert_eq!(s.rules[0].opens_at, "09:00");
}

#[test]
fn a_missing_kind_column_needs_kind_and_a_missing_name_column_is_an_error() {
    let t = site();
    let before = snapshot(&t);
    let t = import(t, &fixture_file("missing_kind.csv"), &[])
        .fails()
        .stderr_contains("2行目の「種別」: 種別がありません。")
        .stderr_contains("3行目の「種別」: 種別がありません。")
        .stderr_contains("--kind");
    assert_eq!(snapshot(&t), before);

    let t = import(
        site(),
        &fixture_file("missing_kind.csv"),
        &["--kind", "相談窓口"],
    )
    .succeeds()
    .stderr_contains("2件追加");
    let id = format!(
        "r-{:08x}",
        fnv32("種別のない行\u{1f}テスト市東町1".as_bytes())
    );
    let (f, _) = read_resource(&t, &id);
    assert_eq!((f.kind.as_str(), f.area.as_str()), ("soudan", "kita"));
    assert_eq!(f.phone.as_deref(), Some("0857-33-3333"));

    import(
        site(),
        &fixture_file("missing_kind.csv"),
        &["--kind", "cafe"],
    )
    .fails()
    .stderr_contains("--kind の種別「cafe」は設定されていません。");

    let t = site();
    let before = snapshot(&t);
    let t = import(t, "住所,種別\nテスト市,salon\n".as_bytes(), &[])
        .fails()
        .stderr_contains("1行目（見出し）に「名称」の列がありません。");
    assert_eq!(snapshot(&t), before);

    // An unknown 種別 with --kind is replaced, with one warning per value.
    import(
        site(),
        "名称,種別,地域\nA,カフェ,kita\nB,カフェ,kita\n".as_bytes(),
        &["--kind", "salon"],
    )
    .succeeds()
    .stderr_contains("注意: 2行目の「種別」: 種別「カフェ」は設定にないため")
    .stderr_contains("注意 1件");
}

/// The published FNV-1a used for ids without an ID column.
fn fnv32(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in data {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[test]
fn reimport_keeps_the_body_and_hand_added_fields() {
    let t = import(site(), &fixture_file("utf8.csv"), &[]).succeeds();
    let path = resource_dir(&t).join("imp-salon.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let close = text[3..].find("+++\n").unwrap() + 3;
    let edited = format!(
        "+++\nmeasures = [\"1-1-1\"]\nweight = 5\n{}\n[extra]\nnote = \"手で足した\"\n\n[private]\ncontact = \"担当 090-0000-0000\"\n+++\n## 活動のようす\n\n手で書いた説明です。\n",
        &text[4..close]
    );
    std::fs::write(&path, &edited).unwrap();
    let (before, _) = read_resource(&t, "imp-salon");

    let csv = utf8_fixture_without_bom()
        .replace("0857-11-1111", "0857-99-9999")
        .replace("100円（お茶代）", "200円");
    let t = import(t, csv.as_bytes(), &[])
        .succeeds()
        .stderr_contains("0件追加、1件更新しました（変更なし 3件）。");
    let (after, body) = read_resource(&t, "imp-salon");
    assert_eq!(body, "## 活動のようす\n\n手で書いた説明です。\n");
    assert_eq!(after.phone.as_deref(), Some("0857-99-9999"));
    assert_eq!(after.fee.as_deref(), Some("200円"));
    assert_eq!(after.measures, vec!["1-1-1"]);
    assert_eq!(after.weight, Some(5));
    assert_eq!(after.extra["note"], "手で足した");
    assert_eq!(after.private["contact"], "担当 090-0000-0000");
    let expected = ResourceFront {
        phone: Some("0857-99-9999".into()),
        fee: Some("200円".into()),
        ..before
    };
    assert_eq!(after, expected, "nothing else changed");
}

/// Load the built site in memory, as the exporters see it.
fn load(t: &SiteTest) -> tsunagu::site::Built {
    let mut diags = Diagnostics::default();
    tsunagu::site::build_in_memory(&t.root, &mut diags)
        .unwrap_or_else(|| panic!("{}", diags.report(tsunagu::diagnostics::Lang::Ja)))
}

fn csv_rows(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").expect("BOM");
    let mut r = csv::Reader::from_reader(bytes);
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Weekday characters of a 利用可能曜日 cell, for comparing 月〜金 with 月,火,水,木,金.
fn weekday_set(s: &str) -> String {
    let all = "月火水木金土日";
    let mut days: Vec<char> = s.chars().filter(|c| all.contains(*c)).collect();
    if s.contains('〜') && days.len() == 2 {
        let (a, b) = (all.find(days[0]).unwrap(), all.find(days[1]).unwrap());
        days = all[a..=b].chars().collect();
    }
    days.into_iter().collect()
}

#[test]
fn import_build_export_keeps_every_value() {
    let t = import(site(), &fixture_file("utf8.csv"), &[])
        .succeeds()
        .build()
        .succeeds();
    // 行き方 on the place's page, under its address
    let page = t.read("resources/imp-salon/index.html");
    assert!(
        page.contains("南公民館</dd>\n      <dt>行き方</dt><dd>南町バス停から歩いて<span class=\"nw\">3分</span>。駐車場5台</dd>"),
        "{page}"
    );
    let exported = std::fs::read(t.out.join("resources.csv")).expect("resources.csv in the output");
    assert!(exported.ends_with(b"\r\n"), "CRLF");
    let rows = csv_rows(&exported);
    let input = csv_rows(&fixture_file("utf8.csv"));
    for want in &input {
        let id = &want["ID"];
        let got = rows
            .iter()
            .find(|r| &r["ID"] == id)
            .unwrap_or_else(|| panic!("{id} not exported"));
        for (col, value) in want {
            // the file's 交通 is exported under the standard name
            let g = &got[if col == "交通" {
                "アクセス"
            } else {
                col.as_str()
            }];
            match col.as_str() {
                "利用可能曜日" if id != "imp-cafe" => {
                    assert_eq!(weekday_set(g), weekday_set(value), "{id} {col}")
                }
                "開始時間" | "終了時間" if id != "imp-cafe" => assert_eq!(
                    g.trim_start_matches('0'),
                    value.trim_start_matches('0'),
                    "{id} {col}"
                ),
                "利用可能曜日" | "開始時間" | "終了時間" | "利用可能日時特記事項" =>
                {
                    // Kept as text (imp-cafe), or described from the rule: what was
                    // imported is in its column or in the exported description.
                    let notes = &got["利用可能日時特記事項"];
                    assert!(
                        g.contains(value.as_str()) || notes.contains(value.as_str()),
                        "{id} {col}: {value:?} is neither in {g:?} nor in {notes:?}"
                    );
                }
                "備考" => assert_eq!(g.replace("\r\n", "\n"), value.replace("\r\n", "\n")),
                _ => assert_eq!(g, value, "{id} {col}"),
            }
        }
    }
    let cafe = rows.iter().find(|r| r["ID"] == "imp-cafe").unwrap();
    assert!(cafe["利用可能日時特記事項"].contains("第2・第4土曜 10:00〜12:00"));
    assert!(cafe["利用可能日時特記事項"].contains("雨天中止"));
    let salon = rows.iter().find(|r| r["ID"] == "imp-salon").unwrap();
    assert!(salon["利用可能日時特記事項"].contains("祝日は休み"));

    // Importing the export changes nothing, including files written by hand.
    let before = snapshot(&t);
    let t = import(t, &exported, &[])
        .succeeds()
        .stderr_contains("0件追加、0件更新しました（変更なし");
    assert_eq!(snapshot(&t), before);
}

#[test]
fn csv_export_reads_back_as_the_front_matter() {
    let t = import(site(), &fixture_file("utf8.csv"), &[]).succeeds();
    let built = load(&t);
    let site = &built.site;
    assert!(site.resources.len() >= 4);
    let bytes = tsunagu::opendata::csv::export(site);
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(text.starts_with("\u{feff}ID,名称,名称_カナ,種別,対象,"));
    assert!(
        text.split('\n')
            .next()
            .unwrap()
            .ends_with(",備考,サンプル\r")
    );
    let rows = csv_rows(&bytes);
    assert_eq!(rows.len(), site.resources.len());
    for (row, r) in rows.iter().zip(&site.resources) {
        let f = &r.front;
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        assert_eq!(row["ID"], r.id);
        assert_eq!(row["名称"], f.name);
        assert_eq!(row["名称_カナ"], opt(&f.name_kana));
        assert_eq!(row["住所"], opt(&f.address));
        assert_eq!(row["郵便番号"], opt(&f.postal_code));
        assert_eq!(row["電話番号"], opt(&f.phone));
        assert_eq!(row["FAX番号"], opt(&f.fax));
        assert_eq!(row["メールアドレス"], opt(&f.email));
        assert_eq!(row["URL"], opt(&f.website));
        assert_eq!(row["料金"], opt(&f.fee));
        assert_eq!(row["運営者"], opt(&f.operator));
        assert_eq!(row["備考"], opt(&f.notes));
        assert_eq!(row["緯度"].parse::<f64>().ok(), f.lat);
        assert_eq!(row["経度"].parse::<f64>().ok(), f.lon);
        assert_eq!(
            row["情報確認日"],
            f.verified.map(|d| d.to_string()).unwrap_or_default()
        );
        assert_eq!(row["サンプル"], if f.sample { "1" } else { "" });
        assert_eq!(row["対応言語"], f.languages.join(";"));
        let rc = site.config.resources.as_ref().unwrap();
        assert_eq!(row["種別"], rc.kinds[r.kind].name);
        let names: Vec<&str> = f
            .audience
            .iter()
            .map(|a| {
                rc.audiences
                    .iter()
                    .find(|t| &t.id == a)
                    .unwrap()
                    .name
                    .as_str()
            })
            .collect();
        assert_eq!(row["対象"], names.join(";"));
        assert_eq!(row["地域"], site.config.areas[r.area].name);
        assert_eq!(
            row["予約"],
            match f.booking {
                Some(true) => "要予約",
                Some(false) => "予約不要",
                None => "",
            }
        );
    }
}

#[test]
fn hsds_export_is_valid_json_with_stable_ids() {
    let t = import(site(), &fixture_file("utf8.csv"), &[]).succeeds();
    let built = load(&t);
    let text = tsunagu::opendata::hsds::export(&built.site);
    assert_eq!(
        text,
        tsunagu::opendata::hsds::export(&built.site),
        "deterministic"
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let services = v["services"].as_array().unwrap();
    assert_eq!(services.len(), built.site.resources.len());
    let mut ids: Vec<&str> = Vec::new();
    for key in [
        "organizations",
        "services",
        "locations",
        "service_at_locations",
    ] {
        for o in v[key].as_array().unwrap() {
            let id = o["id"].as_str().unwrap();
            assert_eq!(id.len(), 36, "{id}");
            ids.push(id);
        }
    }
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "ids are unique");

    let salon = services
        .iter()
        .find(|s| s["name"] == "南地区サロン（サンプル）")
        .unwrap();
    assert_eq!(salon["status"], "active");
    assert_eq!(salon["email"], "salon@example.jp");
    assert_eq!(salon["url"], "https://example.jp/salon");
    assert_eq!(salon["fees_description"], "100円（お茶代）");
    assert_eq!(salon["eligibility_description"], "高齢者");
    assert_eq!(salon["assured_date"], "2026-10-01");
    assert!(
        salon["description"]
            .as_str()
            .unwrap()
            .contains("雨の日は中止します。")
    );
    let phones = salon["phones"].as_array().unwrap();
    assert_eq!(phones[0]["number"], "0857-11-1111");
    assert_eq!(phones[0]["type"], "voice");
    assert_eq!(phones[1]["type"], "fax");
    let sched = &salon["schedules"][0];
    assert_eq!(sched["freq"], "WEEKLY");
    assert_eq!(sched["interval"], 1);
    assert_eq!(sched["byday"], "MO,TU,WE,TH,FR");
    assert_eq!(sched["opens_at"], "09:00");
    assert_eq!(sched["closes_at"], "17:00");
    assert!(sched["notes"].as_str().unwrap().contains("祝日は休み"));
    let org = v["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "髙橋地区社会福祉協議会")
        .unwrap();
    assert_eq!(salon["organization_id"], org["id"]);
    let loc = v["locations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["external_identifier"] == "imp-salon")
        .unwrap();
    assert_eq!(loc["latitude"], 35.51);
    assert_eq!(loc["longitude"], 134.25);
    let addr = &loc["addresses"][0];
    assert_eq!(addr["address_1"], "テスト市南町1-2 南公民館");
    assert_eq!(addr["postal_code"], "680-0001");
    assert_eq!(addr["country"], "JP");
    assert_eq!(addr["region"], "南圏域");
    assert_eq!(loc["accessibility"][0]["description"], "車いすで入れる");
    // 行き方 (the CSV's 交通 column) is the location's transportation
    assert_eq!(loc["transportation"], "南町バス停から歩いて3分。駐車場5台");
    assert!(
        v["service_at_locations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["service_id"] == salon["id"] && l["location_id"] == loc["id"])
    );
    // A monthly rule keeps its ordinals.
    if let Some(monthly) = services.iter().find(|s| {
        s["schedules"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["freq"] == "MONTHLY"))
    }) {
        let byday = monthly["schedules"][0]["byday"].as_str().unwrap();
        assert!(byday.chars().next().unwrap().is_ascii_digit() || byday.starts_with('-'));
    }
    // Nothing private is published.
    assert!(!text.contains("private"));
}

#[test]
fn json_ld_survives_hostile_names() {
    let hostile = r#"</script><script>alert(1)</script> "引用" \ & <!-- x"#;
    let front = fixture_file("hostile.md");
    let t = site().write("content/resources/hostile.md", front);
    let built = load(&t);
    let r = built
        .site
        .resources
        .iter()
        .find(|r| r.id == "hostile")
        .unwrap();
    let text = tsunagu::opendata::jsonld::resource(
        &built.site,
        r,
        "https://example.jp/resources/hostile/</script>",
    );
    for bad in ["<", ">", "&", "</script", "</SCRIPT"] {
        assert!(!text.contains(bad), "{bad:?} in {text}");
    }
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["@context"], "https://schema.org");
    assert_eq!(v["@type"], "CivicStructure");
    assert_eq!(v["name"], hostile);
    assert_eq!(v["alternateName"], "</SCRIPT>");
    assert_eq!(v["address"]["streetAddress"], "a\\b & <c>");
    assert_eq!(v["address"]["addressCountry"], "JP");
    assert_eq!(v["geo"]["latitude"], 35.5);
    assert_eq!(v["telephone"], "0857-00-0001");
    assert_eq!(v["@id"], "https://example.jp/resources/hostile/</script>");
    let hours = v["openingHoursSpecification"].as_array().unwrap();
    assert_eq!(hours.len(), 1, "the monthly rule cannot be expressed");
    assert_eq!(
        hours[0]["dayOfWeek"],
        serde_json::json!(["https://schema.org/Monday", "https://schema.org/Wednesday"])
    );
    assert_eq!(hours[0]["opens"], "09:00");
    assert_eq!(hours[0]["closes"], "12:00");
    let desc = v["description"].as_str().unwrap();
    assert!(desc.contains("本文の説明です。"), "{desc}");
    assert!(
        desc.contains("第2"),
        "the monthly rule is described: {desc}"
    );
    assert!(desc.contains("祝日は休み"), "{desc}");
}

#[test]
fn the_import_help_names_the_options() {
    site().run(&["import", "resources", "--help"]).succeeds();
    let t = site().run(&["import", "resources"]);
    assert_eq!(t.status(), 2, "a missing FILE is a usage error");
    let t = site().run(&[
        "import",
        "resources",
        "/nonexistent/x.csv",
        "--root",
        "/nonexistent",
    ]);
    assert_eq!(t.status(), 1);
}
