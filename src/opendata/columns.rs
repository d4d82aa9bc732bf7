//! The columns of `resources.csv`, named as in the 自治体標準オープンデータセット, and the
//! other names staff's spreadsheets commonly use for them (施設名, 所在地, 電話, NO …).

/// One column. [`Col::ALL`] is the order of the exported file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Col {
    Id,
    Name,
    NameKana,
    Kind,
    Audience,
    PostalCode,
    Address,
    /// 行き方: not a column of the standard dataset; named as municipal lists name it.
    Access,
    Lat,
    Lon,
    Phone,
    Fax,
    Email,
    Days,
    Opens,
    Closes,
    ScheduleNotes,
    Fee,
    Booking,
    Accessibility,
    Languages,
    Operator,
    Area,
    Url,
    Verified,
    Notes,
    Sample,
}

impl Col {
    /// Every column, in the order `resources.csv` has them.
    pub const ALL: [Col; 27] = [
        Col::Id,
        Col::Name,
        Col::NameKana,
        Col::Kind,
        Col::Audience,
        Col::PostalCode,
        Col::Address,
        Col::Access,
        Col::Lat,
        Col::Lon,
        Col::Phone,
        Col::Fax,
        Col::Email,
        Col::Days,
        Col::Opens,
        Col::Closes,
        Col::ScheduleNotes,
        Col::Fee,
        Col::Booking,
        Col::Accessibility,
        Col::Languages,
        Col::Operator,
        Col::Area,
        Col::Url,
        Col::Verified,
        Col::Notes,
        Col::Sample,
    ];

    /// The standard column name, as exported.
    pub fn header(self) -> &'static str {
        match self {
            Col::Id => "ID",
            Col::Name => "名称",
            Col::NameKana => "名称_カナ",
            Col::Kind => "種別",
            Col::Audience => "対象",
            Col::PostalCode => "郵便番号",
            Col::Address => "住所",
            Col::Access => "アクセス",
            Col::Lat => "緯度",
            Col::Lon => "経度",
            Col::Phone => "電話番号",
            Col::Fax => "FAX番号",
            Col::Email => "メールアドレス",
            Col::Days => "利用可能曜日",
            Col::Opens => "開始時間",
            Col::Closes => "終了時間",
            Col::ScheduleNotes => "利用可能日時特記事項",
            Col::Fee => "料金",
            Col::Booking => "予約",
            Col::Accessibility => "バリアフリー情報",
            Col::Languages => "対応言語",
            Col::Operator => "運営者",
            Col::Area => "地域",
            Col::Url => "URL",
            Col::Verified => "情報確認日",
            Col::Notes => "備考",
            Col::Sample => "サンプル",
        }
    }

    /// Other names accepted on import (compared after [`normalize_header`]).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Col::Id => &["NO", "番号", "識別子", "管理番号"],
            Col::Name => &[
                "施設名",
                "施設名称",
                "名前",
                "事業所名",
                "事業所名称",
                "団体名",
            ],
            Col::NameKana => &["施設名カナ", "フリガナ", "ふりがな", "よみがな", "カナ"],
            Col::Kind => &["種類", "施設種別", "分類"],
            Col::Audience => &["対象者"],
            Col::PostalCode => &["〒"],
            Col::Address => &["所在地", "所在地_連結表記"],
            Col::Access => &["交通", "交通手段", "交通アクセス", "行き方", "アクセス方法"],
            Col::Lat => &[],
            Col::Lon => &[],
            Col::Phone => &["電話", "TEL", "電話番号（代表）", "連絡先電話番号"],
            Col::Fax => &["FAX", "ファックス", "ファックス番号", "ファクス番号"],
            Col::Email => &["メール", "Eメール", "E-mail", "連絡先メールアドレス"],
            Col::Days => &["開館曜日", "開所曜日", "開催曜日", "曜日"],
            Col::Opens => &["開館時間", "開始時刻", "開所時間"],
            Col::Closes => &["閉館時間", "終了時刻", "閉所時間"],
            Col::ScheduleNotes => &["利用可能日時の特記事項", "開館日時特記事項", "特記事項"],
            Col::Fee => &["利用料金", "利用料", "料金（基本）"],
            Col::Booking => &["予約要否", "予約の要否", "要予約"],
            Col::Accessibility => &["バリアフリー"],
            Col::Languages => &["言語"],
            Col::Operator => &["運営主体", "運営団体", "事業者", "事業者名"],
            Col::Area => &["地区", "圏域", "担当地区", "担当地域"],
            Col::Url => &["ホームページ", "ウェブサイト", "HP", "ホームページURL"],
            Col::Verified => &["確認日", "最終確認日", "更新日"],
            Col::Notes => &[],
            Col::Sample => &[],
        }
    }

    /// The column a header cell names, if any.
    pub fn from_header(header: &str) -> Option<Col> {
        let h = normalize_header(header);
        if h.is_empty() {
            return None;
        }
        Col::ALL.into_iter().find(|c| {
            normalize_header(c.header()) == h
                || c.aliases().iter().any(|a| normalize_header(a) == h)
        })
    }
}

/// Full-width ASCII (Ａ-Ｚ, ０-９, ＿ …) to half-width; every other character unchanged.
pub fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Header cells are compared without case, width, spaces, brackets or `_`/`-`/`.`:
/// 「名称（カナ）」「名称_カナ」「名称カナ」 are the same column.
pub fn normalize_header(s: &str) -> String {
    halfwidth(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | '(' | ')' | '（' | '）'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_names_and_variants() {
        for c in Col::ALL {
            assert_eq!(Col::from_header(c.header()), Some(c), "{}", c.header());
        }
        assert_eq!(Col::from_header("施設名"), Some(Col::Name));
        assert_eq!(Col::from_header(" 所在地 "), Some(Col::Address));
        assert_eq!(Col::from_header("ＮＯ"), Some(Col::Id));
        assert_eq!(Col::from_header("no"), Some(Col::Id));
        assert_eq!(Col::from_header("名称（カナ）"), Some(Col::NameKana));
        assert_eq!(Col::from_header("tel"), Some(Col::Phone));
        assert_eq!(Col::from_header("e-mail"), Some(Col::Email));
        assert_eq!(Col::from_header("駐車場"), None);
        assert_eq!(Col::from_header(""), None);
    }

    #[test]
    fn no_two_columns_share_a_name() {
        let mut seen = std::collections::BTreeMap::new();
        for c in Col::ALL {
            for n in std::iter::once(c.header()).chain(c.aliases().iter().copied()) {
                if let Some(prev) = seen.insert(normalize_header(n), c) {
                    panic!("{n} names both {prev:?} and {c:?}");
                }
            }
        }
    }
}
