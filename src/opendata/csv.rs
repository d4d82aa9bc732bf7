//! `resources.csv`: every published resource, one row each, in the column style of the
//! Digital Agency's 自治体標準オープンデータセット (see [`Col`] for the columns).
//!
//! UTF-8 with a BOM and CRLF line ends, so that Excel opens it without garbling the
//! Japanese; cells are quoted only when needed (commas, quotes, line breaks). Vocabulary
//! values (種別, 対象, 地域, バリアフリー情報) are written as their display names, several
//! joined with `;`; `tsunagu import resources` reads the file back.

use super::columns::Col;
use super::{area_label, term_label};
use crate::content::Site;
use crate::content::resource::Resource;

/// The CSV file's bytes (each row written as it is made).
pub fn export(site: &Site) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(b"\xef\xbb\xbf".to_vec());
    let header = Col::ALL.iter().map(|c| c.header());
    // Writing to memory cannot fail; keep going rather than panic if it ever did.
    if let Err(e) = w.write_record(header) {
        tracing::error!("resources.csv: {e}");
    }
    for r in &site.resources {
        if let Err(e) = w.write_record(row(site, r)) {
            tracing::error!("resources.csv: {e}");
        }
    }
    match w.into_inner() {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!("resources.csv: {}", e.error());
            b"\xef\xbb\xbf".to_vec()
        }
    }
}

/// One resource's cells, in [`Col::ALL`] order.
pub fn row(site: &Site, r: &Resource) -> Vec<String> {
    let f = &r.front;
    let rc = site.config.resources.as_ref();
    let kinds = rc.map_or(&[][..], |c| &c.kinds);
    let audiences = rc.map_or(&[][..], |c| &c.audiences);
    let access = rc.map_or(&[][..], |c| &c.accessibility);
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let (opens, closes) = r
        .schedule
        .as_ref()
        .map(|s| s.csv_hours())
        .unwrap_or_default();
    Col::ALL
        .iter()
        .map(|c| match c {
            Col::Id => r.id.clone(),
            Col::Name => f.name.clone(),
            Col::NameKana => text(&f.name_kana),
            Col::Kind => term_label(kinds, r.kind),
            Col::Audience => r
                .audience
                .iter()
                .map(|&i| term_label(audiences, i))
                .collect::<Vec<_>>()
                .join(";"),
            Col::PostalCode => text(&f.postal_code),
            Col::Address => text(&f.address),
            Col::Access => text(&f.access),
            Col::Lat => f.lat.map(|v| v.to_string()).unwrap_or_default(),
            Col::Lon => f.lon.map(|v| v.to_string()).unwrap_or_default(),
            Col::Phone => text(&f.phone),
            Col::Fax => text(&f.fax),
            Col::Email => text(&f.email),
            Col::Days => r
                .schedule
                .as_ref()
                .map(|s| s.csv_days())
                .unwrap_or_default(),
            Col::Opens => opens.clone(),
            Col::Closes => closes.clone(),
            Col::ScheduleNotes => r
                .schedule
                .as_ref()
                .map(|s| s.csv_notes())
                .unwrap_or_default(),
            Col::Fee => text(&f.fee),
            Col::Booking => match f.booking {
                Some(true) => "要予約".into(),
                Some(false) => "予約不要".into(),
                None => String::new(),
            },
            Col::Accessibility => r
                .accessibility
                .iter()
                .map(|&i| term_label(access, i))
                .collect::<Vec<_>>()
                .join(";"),
            Col::Languages => f.languages.join(";"),
            Col::Operator => text(&f.operator),
            Col::Area => area_label(&site.config.areas, r.area),
            Col::Url => text(&f.website),
            Col::Verified => f
                .verified
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            Col::Notes => text(&f.notes),
            Col::Sample => if f.sample { "1" } else { "" }.into(),
        })
        .collect()
}
