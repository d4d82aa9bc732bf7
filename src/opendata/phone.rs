//! Japanese phone numbers as staff type them: `0857-00-0001`, `0857000001`, full-width
//! `０８５７－００－０００１`, `(0857) 00-0001`, mobiles `090-0000-0000`, free dial
//! `0120-000-000`, the three-digit service numbers (`110`, `119`,
//! `189` …) and the `#` short numbers (`#7119`, `#8000`).
//!
//! Used by CSV import and by front-matter validation (`phone`, `fax`, navigator numbers):
//!
//! ```
//! use tsunagu::opendata::phone;
//! assert_eq!(phone::normalize("０８５７－００－０００１").as_deref(), Ok("0857-00-0001"));
//! assert!(phone::is_valid_jp_phone("189"));
//! assert!(!phone::is_valid_jp_phone("0857-00-000"));
//! assert_eq!(phone::tel_uri("#7119").as_deref(), Some("tel:%237119"));
//! ```

use std::fmt;

/// The number is not a Japanese phone number tsunagu can link to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidPhone;

impl fmt::Display for InvalidPhone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a Japanese phone number")
    }
}

impl std::error::Error for InvalidPhone {}

/// The hint shown with an invalid number (Japanese, English).
pub const HINT_JA: &str = "市外局番から「0857-00-0001」のように書いてください（ハイフンはなくてもかまいません）。「189」「#7119」のような短い番号も使えます。";
pub const HINT_EN: &str = "write the number with its area code, e.g. 0857-00-0001 (hyphens optional); short numbers such as 189 or #7119 are accepted";

/// Checks `s` and returns it in a canonical form: half-width, groups of digits joined
/// by `-` as they were grouped (spaces, brackets and any kind of dash count as
/// separators), `#` kept.
///
/// Accepted:
/// - 10 digits starting with `0` (not `00`): landlines, `0120`, `0570`;
/// - 11 digits starting with `020`, `050`, `060`, `070`, `080`, `090` or `0800`;
///   in at most three groups (`0857-00-0001`, `0857000001`);
/// - three digits starting with `1` (`110`, `119`, `189`, `188` …), written as one group;
/// - `#` and four digits (`#7119`, `#8000`, `#9110`).
///
/// Everything else — letters, extensions (内線), international `+81` forms, too few or too
/// many digits — is an error.
pub fn normalize(s: &str) -> Result<String, InvalidPhone> {
    let mut text = String::new();
    for c in s.trim().chars() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - 0xfee0).ok_or(InvalidPhone)?,
            '＃' | '♯' => '#',
            '－' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' | 'ｰ' => '-',
            '（' => '(',
            '）' => ')',
            '\u{3000}' => ' ',
            c => c,
        };
        text.push(c);
    }
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('#') {
        return if rest.len() == 4 && rest.bytes().all(|b| b.is_ascii_digit()) {
            Ok(format!("#{rest}"))
        } else {
            Err(InvalidPhone)
        };
    }
    let mut groups: Vec<&str> = Vec::new();
    for g in text.split(['-', ' ', '(', ')']) {
        if g.is_empty() {
            continue;
        }
        if !g.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InvalidPhone);
        }
        groups.push(g);
    }
    let digits: String = groups.concat();
    if digits.len() == 3 {
        return if groups.len() == 1 && digits.starts_with('1') {
            Ok(digits)
        } else {
            Err(InvalidPhone)
        };
    }
    if groups.len() <= 3 && national_ok(&digits) {
        Ok(groups.join("-"))
    } else {
        Err(InvalidPhone)
    }
}

/// 10 or 11 digits with a plausible prefix.
fn national_ok(d: &str) -> bool {
    let b = d.as_bytes();
    match b.len() {
        10 => b[0] == b'0' && b[1] != b'0',
        11 => {
            b[0] == b'0'
                && ((matches!(b[1], b'2' | b'5' | b'6' | b'7' | b'8' | b'9') && b[2] == b'0')
                    || d.starts_with("0800"))
        }
        _ => false,
    }
}

/// Whether `s` is a Japanese phone number (see [`normalize`]).
pub fn is_valid_jp_phone(s: &str) -> bool {
    normalize(s).is_ok()
}

/// A `tel:` link for a valid number (`tel:0857000001`, `tel:189`, `tel:%237119`).
pub fn tel_uri(s: &str) -> Option<String> {
    let n = normalize(s).ok()?;
    Some(match n.strip_prefix('#') {
        Some(rest) => format!("tel:%23{rest}"),
        None => format!("tel:{}", n.replace('-', "")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        for (input, want) in [
            ("0857-00-0001", "0857-00-0001"),
            ("0857000001", "0857000001"),
            ("０８５７－００－０００１", "0857-00-0001"),
            ("(0857) 00-0001", "0857-00-0001"),
            ("0857 00 0001", "0857-00-0001"),
            ("090-1234-5678", "090-1234-5678"),
            ("09012345678", "09012345678"),
            ("0120-000-000", "0120-000-000"),
            ("0570-000-000", "0570-000-000"),
            ("0800-000-0000", "0800-000-0000"),
            ("050-0000-0000", "050-0000-0000"),
            ("189", "189"),
            ("１１９", "119"),
            ("110", "110"),
            ("#7119", "#7119"),
            ("＃８０００", "#8000"),
            ("  0857-00-0001 ", "0857-00-0001"),
            ("0857ー00ー0001", "0857-00-0001"),
        ] {
            assert_eq!(normalize(input).as_deref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn refused_forms() {
        for input in [
            "",
            "-",
            "0857-00-000",
            "0857-00-00011",
            "1857-00-0001",
            "0057-00-0001",
            "01234567890",
            "0857-00-0001（内線12）",
            "0857-00-0001 ext 12",
            "tel:0857000001",
            "abc",
            "18-9",
            "289",
            "12",
            "1189",
            "#711",
            "#71190",
            "#abcd",
            "+81-857-00-0001",
            "+1-202-555-0100",
            "0-8-5-7-0-0-0-0-0-1",
            "電話",
            "０８５７ー００ー０００Ａ",
        ] {
            assert_eq!(normalize(input), Err(InvalidPhone), "{input:?}");
            assert!(!is_valid_jp_phone(input));
        }
    }

    #[test]
    fn tel_links() {
        assert_eq!(tel_uri("0857-00-0001").as_deref(), Some("tel:0857000001"));
        assert_eq!(tel_uri("＃７１１９").as_deref(), Some("tel:%237119"));
        assert_eq!(tel_uri("#7119").as_deref(), Some("tel:%237119"));
        assert_eq!(tel_uri("189").as_deref(), Some("tel:189"));
        assert_eq!(tel_uri("x"), None);
    }
}
