//! Open data for the resource directory: what the portal publishes and what staff bring in.
//!
//! - [`csv`]: `resources.csv` in the column style of the Digital Agency's
//!   自治体標準オープンデータセット (UTF-8 with BOM and CRLF, so Excel opens it);
//! - [`hsds`]: `resources.json` shaped like Open Referral HSDS 3.0;
//! - [`jsonld`]: schema.org JSON-LD for one resource page, safe inside `<script>`;
//! - [`import`]: `tsunagu import resources FILE` — a CSV (UTF-8 or Shift_JIS) or an Excel
//!   workbook in the same column style becomes one Markdown file per row, re-imports update
//!   in place;
//! - [`phone`]: the Japanese phone-number check shared with front-matter validation.
//!
//! The column names live in one place, [`columns::Col`], so what export writes is what
//! import reads back.

pub mod columns;
pub mod csv;
mod decode;
pub mod hsds;
pub mod import;
pub mod jsonld;
mod merge;
pub mod phone;
pub(crate) mod values;

use crate::config::{Area, Term};

/// What people read for entry `i` of a vocabulary: its name, or its id when another entry
/// has the same name (so that import can map the value back without guessing).
pub(crate) fn term_label(list: &[Term], i: usize) -> String {
    let Some(t) = list.get(i) else {
        return String::new();
    };
    if list.iter().filter(|o| o.name == t.name).count() > 1 {
        t.id.clone()
    } else {
        t.name.clone()
    }
}

/// Like [`term_label`], for areas.
pub(crate) fn area_label(areas: &[Area], i: usize) -> String {
    let Some(a) = areas.get(i) else {
        return String::new();
    };
    if areas.iter().filter(|o| o.name == a.name).count() > 1 {
        a.id.clone()
    } else {
        a.name.clone()
    }
}

/// FNV-1a, 32 bits: a small hash that never changes between versions or machines (unlike
/// `std`'s `DefaultHasher`), for ids derived from content.
pub(crate) fn fnv32(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in data {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// A deterministic UUID (version 8, RFC 9562) from FNV-1a 128 of `name`: the same name
/// always gives the same id, so published ids stay stable from one build to the next.
pub(crate) fn stable_uuid(name: &str) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut h = OFFSET;
    for &b in name.as_bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(PRIME);
    }
    // Version 8 in bits 48..52 (from the top), variant 0b10 in bits 64..66.
    h = (h & !(0xf << 76)) | (0x8 << 76);
    h = (h & !(0x3 << 62)) | (0x2 << 62);
    let hex = format!("{h:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_fixed() {
        // Published values: changing them would change every generated id.
        assert_eq!(fnv32(b""), 0x811c_9dc5);
        assert_eq!(fnv32(b"a"), 0xe40c_292c);
        let u = stable_uuid("service/salon");
        assert_eq!(u, stable_uuid("service/salon"));
        assert_ne!(u, stable_uuid("service/salon2"));
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "8", "version 8: {u}");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"), "variant: {u}");
    }
}
