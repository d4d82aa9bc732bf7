//! `tsunagu import resources` on Excel workbooks: the same files as from the CSV, cells as
//! Excel stores them (numbers, dates, times, formulas, errors), places as Excel shows them,
//! `--sheet`, files that are no table, and re-imports in place.
//!
//! Every workbook is written in the test itself by `rust_xlsxwriter` (an xlsx writer
//! independent of the reader under test); expected values and places are written by hand
//! from where each test puts its cells, never copied from the program's output.

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

use crate::import::{HAND_MADE, HEADER, ROW_V1, ROW_V2, hand_edit, with_v2_values};
use crate::opendata::{
    fixture_file, import, import_file, read_resource, resource_dir, site, snapshot,
};

/// A cell as staff type it into Excel.
#[derive(Clone, Debug)]
enum C {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell (format yyyy/m/d).
    Date(u16, u8, u8),
    /// A time cell (format h:mm), stored as a fraction of a day.
    Time(u16, u8),
    /// A formula and the value Excel calculated and saved with it.
    Formula(&'static str, &'static str),
}

fn t(s: &str) -> C {
    C::Text(s.to_string())
}

/// A workbook of `sheets`, each a name and its rows from A1 on.
fn workbook(sheets: &[(&str, Vec<Vec<C>>)]) -> Vec<u8> {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        fill(sheet, rows);
    }
    book.save_to_buffer().unwrap()
}

/// Write `rows` into `sheet` from A1 on.
fn fill(sheet: &mut Worksheet, rows: &[Vec<C>]) {
    let date = Format::new().set_num_format("yyyy/m/d");
    let time = Format::new().set_num_format("h:mm");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                C::Empty => continue,
                C::Text(s) => sheet.write_string(r, c, s),
                C::Number(n) => sheet.write_number(r, c, *n),
                C::Bool(b) => sheet.write_boolean(r, c, *b),
                C::Date(y, m, d) => sheet.write_datetime_with_format(
                    r,
                    c,
                    ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                    &date,
                ),
                C::Time(h, m) => sheet.write_datetime_with_format(
                    r,
                    c,
                    ExcelDateTime::from_hms(*h, *m, 0).unwrap(),
                    &time,
                ),
                C::Formula(f, result) => {
                    sheet.write_formula(r, c, Formula::new(*f).set_result(*result))
                }
            }
            .unwrap();
        }
    }
}

/// The rows of a CSV text (the csv crate reads it), each cell typed as a person types it
/// into Excel: coordinates, サンプル and a short phone number as numbers, times and dates
/// as Excel's, the rest as text.
fn as_typed(csv: &str) -> Vec<Vec<C>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let header = rows[0].clone();
    let mut out = vec![header.iter().map(|h| t(h)).collect()];
    for row in &rows[1..] {
        out.push(row.iter().zip(&header).map(|(v, h)| typed(h, v)).collect());
    }
    out
}

fn typed(header: &str, v: &str) -> C {
    if v.is_empty() {
        return C::Empty;
    }
    let number = |v: &str| C::Number(v.parse().unwrap());
    match header {
        "緯度" | "経度" | "サンプル" => number(v),
        "電話番号" if !v.starts_with('0') => number(v),
        "開始時間" | "終了時間" => {
            let (h, m) = v.split_once(':').unwrap();
            C::Time(h.parse().unwrap(), m.parse().unwrap())
        }
        "情報確認日" => {
            let p: Vec<&str> = v.split('-').collect();
            C::Date(
                p[0].parse().unwrap(),
                p[1].parse().unwrap(),
                p[2].parse().unwrap(),
            )
        }
        _ => t(v),
    }
}

/// `rows` moved down by `down` empty rows and right by `right` empty columns.
fn shifted(rows: Vec<Vec<C>>, down: usize, right: usize) -> Vec<Vec<C>> {
    let mut out = vec![Vec::new(); down];
    for row in rows {
        let mut r = vec![C::Empty; right];
        r.extend(row);
        out.push(r);
    }
    out
}

#[test]
fn a_workbook_imports_to_the_same_files_as_the_csv() {
    let csv_bytes = fixture_file("utf8.csv");
    let text = std::str::from_utf8(&csv_bytes[3..]).unwrap();
    let rows = as_typed(text);
    // Typed as staff would: 189 and the times really are numbers in the workbook.
    assert!(
        matches!(rows[2][10], C::Number(n) if n == 189.0),
        "{:?}",
        rows[2][10]
    );
    assert!(matches!(rows[1][14], C::Time(9, 0)), "{:?}", rows[1][14]);
    // The table starts at B2: an empty row and column around it change nothing.
    let book = workbook(&[("施設一覧", shifted(rows, 1, 1))]);
    let from_csv = import(site(), &csv_bytes, &[])
        .succeeds()
        .stderr_contains("4件追加、0件更新しました。");
    let from_book = import_file(site(), "施設一覧.xlsx", &book, &[])
        .succeeds()
        .stderr_contains("4件追加、0件更新しました。");
    assert!(
        !from_book.stderr().contains("注意"),
        "{}",
        from_book.stderr()
    );
    assert_eq!(snapshot(&from_csv).len(), snapshot(&site()).len() + 4);
    assert_eq!(snapshot(&from_book), snapshot(&from_csv));
}

#[test]
fn numbers_dates_times_booleans_and_formulas_as_excel_stores_them() {
    let header = [
        "ID",
        "名称",
        "種別",
        "地域",
        "郵便番号",
        "緯度",
        "経度",
        "利用可能曜日",
        "開始時間",
        "終了時間",
        "予約",
        "情報確認日",
        "サンプル",
    ];
    let row = vec![
        C::Number(1001.0),
        C::Formula("=\"北の\"&\"サロン\"", "北のサロン"),
        t("salon"),
        t("kita"),
        C::Number(6_800_001.0),
        C::Number(35.5),
        C::Formula("=134+0.25", "134.25"),
        t("月〜金"),
        C::Time(9, 30),
        C::Time(16, 0),
        C::Bool(true),
        C::Date(2026, 10, 1),
        C::Bool(false),
    ];
    let book = workbook(&[("Sheet1", vec![header.iter().map(|h| t(h)).collect(), row])]);
    let t = import_file(site(), "一覧.xlsx", &book, &[])
        .succeeds()
        .stderr_contains("1件追加、0件更新しました。");
    // The ID 1001 typed as a number names the file 1001.md, not 1001-0.md.
    let (f, _) = read_resource(&t, "1001");
    assert_eq!(f.name, "北のサロン");
    assert_eq!(f.postal_code.as_deref(), Some("680-0001"));
    assert_eq!((f.lat, f.lon), (Some(35.5), Some(134.25)));
    assert_eq!(f.booking, Some(true));
    assert!(!f.sample);
    assert_eq!(
        f.verified,
        Some(chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap())
    );
    let s = f.schedule.unwrap();
    assert_eq!(s.rules.len(), 1);
    assert_eq!(s.rules[0].opens_at, "09:30");
    assert_eq!(s.rules[0].closes_at, "16:00");
    assert_eq!(s.rules[0].byday, ["MO", "TU", "WE", "TH", "FR"]);
}

/// The sheet of the phone-number and error-cell tests: a title in B1, the table from B3
/// (so row numbers and column letters are not the table's own), two data rows.
fn titled(data: Vec<Vec<C>>) -> Vec<Vec<C>> {
    let mut rows = vec![vec![t("相談先一覧（令和8年度）")], vec![]];
    rows.push(
        [
            "ID",
            "名称",
            "種別",
            "地域",
            "電話番号",
            "郵便番号",
            "緯度",
            "経度",
        ]
        .iter()
        .map(|h| t(h))
        .collect(),
    );
    rows.extend(data);
    shifted(rows, 0, 1)
}

#[test]
fn a_phone_number_stored_as_a_number_is_an_error_at_its_cell() {
    let rows = titled(vec![
        // 189 is a whole phone number: as a number it is still right.
        vec![
            t("a-1"),
            t("相談ダイヤル"),
            t("salon"),
            t("kita"),
            C::Number(189.0),
        ],
        // 0857-23-0001 typed without hyphens: Excel keeps 857230001.
        vec![
            t("a-2"),
            t("南のサロン"),
            t("salon"),
            t("kita"),
            C::Number(857_230_001.0),
            C::Number(10_010.0),
        ],
    ]);
    let book = workbook(&[("施設一覧", rows)]);
    let t = import_file(site(), "施設一覧.xlsx", &book, &[]).fails();
    let err = t.stderr();
    // Row 5, column F: the table starts at B3 and 電話番号 is its 5th column.
    for expected in [
        "シート「施設一覧」の5行目 F列「電話番号」: 「857230001」は数値として保存されているため、先頭の 0 が消えていて、電話番号として読めません。",
        "施設一覧.xlsx:5:6（項目: 電話番号）",
        "「セルの書式設定」の表示形式を「文字列」にしてから",
        "シート「施設一覧」の5行目 G列「郵便番号」: 郵便番号「10010」は7けたの数字ではありません。数値として保存されているため、先頭の 0 が消えているのかもしれません。",
        "施設一覧.xlsx:5:7（項目: 郵便番号）",
        // The title above the header is said to be skipped.
        "シート「施設一覧」の3行目を見出しとして読み、その上の1行目は表の題などとみなして読み込みませんでした。",
        "エラー 2件、注意 1件",
        "ファイルは何も書き込んでいません。",
    ] {
        assert!(err.contains(expected), "missing {expected:?}:\n{err}");
    }
    assert!(!err.contains("「189」"), "{err}");
    assert!(!resource_dir(&t).join("a-1.md").exists(), "nothing written");
}

#[test]
fn an_error_cell_is_an_error_at_that_cell_and_only_there() {
    let rows = titled(vec![
        vec![
            t("e-1"),
            C::Formula("=VLOOKUP(1,Z1:Z2,2,FALSE)", "#N/A"),
            t("salon"),
            t("kita"),
        ],
        vec![
            t("e-2"),
            t("南のサロン"),
            t("salon"),
            t("kita"),
            t("0857-23-0001"),
            t("680-0001"),
            C::Formula("=#REF!", "#REF!"),
            C::Number(134.25),
        ],
    ]);
    let book = workbook(&[("施設一覧", rows)]);
    let t = import_file(site(), "施設一覧.xlsx", &book, &[]).fails();
    let err = t.stderr();
    for expected in [
        "シート「施設一覧」の4行目 C列「名称」: セルがエラー「#N/A」になっています。",
        "施設一覧.xlsx:4:3（項目: 名称）",
        "シート「施設一覧」の5行目 H列「緯度」: セルがエラー「#REF!」になっています。",
        "施設一覧.xlsx:5:8（項目: 緯度）",
        "数式か参照先を直す",
        // Nothing else: not 「名称が空です」, not 「緯度がありません」.
        "エラー 2件、注意 1件",
    ] {
        assert!(err.contains(expected), "missing {expected:?}:\n{err}");
    }
    assert!(!resource_dir(&t).join("e-2.md").exists(), "nothing written");
}

#[test]
fn the_sheet_is_chosen_with_sheet_and_a_wrong_name_lists_the_sheets() {
    let table = vec![
        vec![t("ID"), t("名称"), t("種別"), t("地域")],
        vec![t("s-1"), t("北のサロン"), t("salon"), t("kita")],
    ];
    let cover = vec![
        vec![t("このブックの使い方")],
        vec![t("2枚目のシートに書いてください。")],
    ];
    let book = workbook(&[("説明", cover), ("施設一覧", table)]);

    // The first sheet is read by default: it has no table, and the hint names the others.
    let t = import_file(site(), "施設一覧.xlsx", &book, &[])
        .fails()
        .stderr_contains("シート「説明」の1行目（見出し）に「名称」の列がありません。")
        .stderr_contains(
            "--sheet でシートの名前を指定してください（このブックのシート: 「説明」「施設一覧」）",
        )
        .stderr_contains("エラー 1件");
    assert!(!resource_dir(&t).join("s-1.md").exists());

    let t = import_file(t, "施設一覧.xlsx", &book, &["--sheet", "一覧"])
        .fails()
        .stderr_contains("シート「一覧」はこのブックにありません。")
        .stderr_contains("このブックのシートは「説明」「施設一覧」です。")
        .stderr_contains("（項目: --sheet）")
        .stderr_contains("エラー 1件、注意 0件");
    assert!(!resource_dir(&t).join("s-1.md").exists());

    let t = import_file(t, "施設一覧.xlsx", &book, &["--sheet", "施設一覧"])
        .succeeds()
        .stderr_contains("1件追加、0件更新しました。");
    assert_eq!(read_resource(&t, "s-1").0.name, "北のサロン");

    // --sheet with a CSV file is a mistake too.
    let csv = "ID,名称,種別,地域\ns-2,南のサロン,salon,kita\n";
    let t = import(t, csv.as_bytes(), &["--sheet", "施設一覧"])
        .fails()
        .stderr_contains("--sheet（「施設一覧」）は Excel のブックを読むときだけ使えます。");
    assert!(!resource_dir(&t).join("s-2.md").exists());
}

/// A zip holding `files` (name and contents), as an Office or other program saves it.
fn zip_with(files: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A zip holding `names`, each with a little XML.
fn zip_of(names: &[&str]) -> Vec<u8> {
    let files: Vec<(&str, &str)> = names.iter().map(|n| (*n, "<x/>")).collect();
    zip_with(&files)
}

/// An encrypted workbook as Excel saves one with a password: an OLE compound file whose
/// streams are EncryptionInfo and EncryptedPackage (their contents do not matter here).
fn encrypted_workbook() -> Vec<u8> {
    use std::io::Write;
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for name in ["/EncryptionInfo", "/EncryptedPackage"] {
        let mut s = cf.create_stream(name).unwrap();
        s.write_all(&[7u8; 600]).unwrap();
    }
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

#[test]
fn a_file_that_is_no_table_is_one_clear_error() {
    let before = snapshot(&site());
    let docx = zip_of(&["[Content_Types].xml", "word/document.xml"]);
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("施設一覧.docx", docx.clone(), "Word の文書（.docx）"),
        // A Word file renamed .xlsx is still a Word file.
        ("施設一覧.xlsx", docx, "Word の文書（.docx）"),
        (
            "写真.zip",
            zip_of(&["a.txt"]),
            "ZIP 形式のファイル（Excel のブックではありません）",
        ),
        (
            "施設一覧.pdf",
            b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n".to_vec(),
            "PDF ファイル",
        ),
        (
            "施設一覧.xlsx",
            encrypted_workbook(),
            "パスワードで保護（暗号化）されている",
        ),
    ];
    for (name, bytes, what) in cases {
        let t = import_file(site(), name, &bytes, &[]).fails();
        let err = t.stderr();
        assert!(err.contains(what), "{name}: missing {what:?}:\n{err}");
        assert!(err.contains("エラー 1件、注意 0件"), "{name}:\n{err}");
        assert!(
            err.contains("「CSV UTF-8（コンマ区切り）」"),
            "{name}:\n{err}"
        );
        assert!(!err.contains("見出し"), "{name}: no CSV errors:\n{err}");
        assert_eq!(snapshot(&t), before, "{name}: nothing written");
    }
    // A workbook cut short (a copy that did not finish) is said to be broken.
    let whole = workbook(&[("Sheet1", vec![vec![t("名称")], vec![t("北のサロン")]])]);
    let t = import_file(site(), "一覧.xlsx", &whole[..whole.len() / 2], &[])
        .fails()
        .stderr_contains("Excel のブックとして開けません。ファイルが壊れているようです")
        .stderr_contains("Excel で開けるか確かめてください。")
        .stderr_contains("エラー 1件、注意 0件");
    assert_eq!(snapshot(&t), before, "nothing written");
}

#[test]
fn reimporting_an_updated_workbook_updates_the_files_in_place() {
    let book = |row: &str| workbook(&[("Sheet1", as_typed(&format!("{HEADER}{row}")))]);
    let v1 = book(ROW_V1);
    let t = import_file(site(), "一覧.xlsx", &v1, &[])
        .succeeds()
        .stderr_contains("1件追加、0件更新しました。");
    // The workbook gives the same file as the CSV of the same rows.
    let csv = import(site(), format!("{HEADER}{ROW_V1}").as_bytes(), &[]).succeeds();
    assert_eq!(snapshot(&t), snapshot(&csv));

    let path = resource_dir(&t).join("hand-1.md");
    let edited = hand_edit(&std::fs::read_to_string(&path).unwrap());
    std::fs::write(&path, &edited).unwrap();
    let _t = import_file(t, "一覧.xlsx", &book(ROW_V2), &[])
        .succeeds()
        .stderr_contains("0件追加、1件更新しました。")
        .stderr_contains("注意: シート「Sheet1」の2行目 L列「備考」が空のため、content/resources/hand-1.md の notes（「12月1日は臨時休業」）はそのまま残しました。")
        .stderr_contains("Excel のセルに正しい値を書くか");
    let updated = std::fs::read_to_string(&path).unwrap();
    assert_eq!(updated, with_v2_values(&edited));
    for part in HAND_MADE {
        assert!(updated.contains(part), "{part:?} lost:\n{updated}");
    }
}

/// An OpenDocument spreadsheet (as LibreOffice saves one) of one sheet, written by hand
/// from the format's parts: `mimetype` first, the manifest, and `content.xml` with a table
/// whose cells are `(value-type, value attribute, value)`.
fn ods(rows: &[Vec<(&str, &str, &str)>]) -> Vec<u8> {
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for (kind, attr, value) in row {
            if *kind == "string" {
                table.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{value}</text:p></table:table-cell>"
                ));
            } else {
                table.push_str(&format!(
                    "<table:table-cell office:value-type=\"{kind}\" office:{attr}=\"{value}\"><text:p>{value}</text:p></table:table-cell>"
                ));
            }
        }
        table.push_str("</table:table-row>");
    }
    ods_content(&table)
}

/// An `.ods` whose one sheet holds `table` (its rows, as OpenDocument XML).
fn ods_content(table: &str) -> Vec<u8> {
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"施設一覧\">{table}</table:table>\
         </office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
        </manifest:manifest>";
    zip_with(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", &content),
    ])
}

#[test]
fn an_ods_spreadsheet_is_read_like_an_excel_workbook() {
    let s = |v: &'static str| ("string", "", v);
    let header = [
        "ID",
        "名称",
        "種別",
        "地域",
        "郵便番号",
        "利用可能曜日",
        "開始時間",
        "終了時間",
        "情報確認日",
    ];
    let book = ods(&[
        header.into_iter().map(s).collect(),
        vec![
            ("float", "value", "2001"),
            s("東のサロン"),
            s("salon"),
            s("kita"),
            ("float", "value", "6800001"),
            s("土"),
            ("time", "time-value", "PT09H30M00S"),
            ("time", "time-value", "PT12H00M00S"),
            ("date", "date-value", "2026-10-01"),
        ],
    ]);
    let t = import_file(site(), "一覧.ods", &book, &[])
        .succeeds()
        .stderr_contains("1件追加、0件更新しました。");
    let (f, _) = read_resource(&t, "2001");
    assert_eq!(f.name, "東のサロン");
    assert_eq!(f.postal_code.as_deref(), Some("680-0001"));
    assert_eq!(
        f.verified,
        Some(chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap())
    );
    let rule = &f.schedule.unwrap().rules[0];
    assert_eq!(
        (rule.opens_at.as_str(), rule.closes_at.as_str()),
        ("09:30", "12:00")
    );
    assert_eq!(rule.byday, ["SA"]);
}

/// `tsunagu import resources FILE --root ROOT` with the address space limited to 4 GB, so
/// that reading a sheet whole (17 billion cells for the workbook below) fails at once
/// instead of taking the machine's memory: (exit code, stderr).
fn import_in_4_gb(t: &crate::common::SiteTest, name: &str, bytes: &[u8]) -> (Option<i32>, String) {
    let file = t.root.join(name);
    std::fs::write(&file, bytes).unwrap();
    let output = std::process::Command::new("bash")
        .args(["-c", "ulimit -v 4000000 && exec \"$@\"", "bash"])
        .arg(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["import", "resources"])
        .arg(&file)
        .arg("--root")
        .arg(&t.root)
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_value_far_from_the_table_costs_its_cells_not_the_area_between() {
    // The list, and one value typed far away: in XFD1048576, the sheet's last cell.
    let csv_bytes = fixture_file("utf8.csv");
    let rows = as_typed(std::str::from_utf8(&csv_bytes[3..]).unwrap());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    fill(sheet, &rows);
    sheet.write_string(1_048_575, 16_383, "メモ").unwrap();
    let t = site();
    let before = snapshot(&t);
    let (code, stderr) = import_in_4_gb(&t, "stray.xlsx", &book.save_to_buffer().unwrap());
    // Read, and the stray cell reported where it is: its column has no header, and its row
    // has no name.
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("XFD列（見出しなし）"), "{stderr}");
    assert!(
        stderr.contains("1048576行目 B列「名称」: 名称が空です"),
        "{stderr}"
    );
    assert!(stderr.contains("stray.xlsx:1048576:2"), "{stderr}");
    assert!(
        stderr.contains("ファイルは何も書き込んでいません。"),
        "{stderr}"
    );
    assert_eq!(snapshot(&t), before);
}

#[test]
fn a_table_too_wide_to_read_is_refused_with_what_to_do() {
    // 400 rows, and a header cell in the last column (XFD): 400 × 16,384 cells to read.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("一覧").unwrap();
    sheet.write_string(0, 0, "名称").unwrap();
    sheet.write_string(0, 16_383, "メモ").unwrap();
    for r in 1..400u32 {
        sheet.write_string(r, 0, format!("サロン{r}")).unwrap();
    }
    let t = site();
    let before = snapshot(&t);
    let (code, stderr) = import_in_4_gb(&t, "wide.xlsx", &book.save_to_buffer().unwrap());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("シート「一覧」の表が大きすぎて読めません"),
        "{stderr}"
    );
    assert!(stderr.contains("表から遠く離れたセル"), "{stderr}");
    assert_eq!(snapshot(&t), before);

    // LibreOffice's own: a value in the 1,001st column a million rows down, the rows
    // between written as repeated empty rows. calamine refuses it; said as the same.
    let far = ods_content(
        "<table:table-row>\
           <table:table-cell office:value-type=\"string\"><text:p>名称</text:p></table:table-cell>\
         </table:table-row>\
         <table:table-row table:number-rows-repeated=\"1048000\">\
           <table:table-cell table:number-columns-repeated=\"1024\"/>\
         </table:table-row>\
         <table:table-row>\
           <table:table-cell table:number-columns-repeated=\"1000\"/>\
           <table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>\
         </table:table-row>",
    );
    let (code, stderr) = import_in_4_gb(&t, "far.ods", &far);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("このブックのシートが大きすぎて読めません"),
        "{stderr}"
    );
    assert!(stderr.contains("表から遠く離れたセル"), "{stderr}");
    assert!(!stderr.contains("壊れて"), "{stderr}");
    assert_eq!(snapshot(&t), before);
}

#[test]
fn a_cell_merged_over_rows_gives_its_value_to_each_row() {
    // The CSV fixture's rows, with 種別 typed once for the last two (both
    // ふれあい・いきいきサロン) in one cell merged over D4:D5, as staff lay out groups.
    let csv_bytes = fixture_file("utf8.csv");
    let mut rows = as_typed(std::str::from_utf8(&csv_bytes[3..]).unwrap());
    let is = |cell: &C, text: &str| matches!(cell, C::Text(s) if s == text);
    assert!(is(&rows[0][3], "種別"));
    assert!(is(&rows[3][3], "ふれあい・いきいきサロン"));
    assert!(is(&rows[4][3], "ふれあい・いきいきサロン"));
    (rows[3][3], rows[4][3]) = (C::Empty, C::Empty);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    fill(sheet, &rows);
    sheet
        .merge_range(3, 3, 4, 3, "ふれあい・いきいきサロン", &Format::new())
        .unwrap();
    let from_csv = import(site(), &csv_bytes, &[]).succeeds();
    let from_book = import_file(site(), "merged.xlsx", &book.save_to_buffer().unwrap(), &[])
        .succeeds()
        .stderr_contains("4件追加、0件更新しました。");
    assert_eq!(snapshot(&from_book), snapshot(&from_csv));
}
