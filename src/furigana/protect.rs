//! Spans of plain text that must never be analysed or annotated: URLs, e-mail addresses
//! and phone numbers written inside ordinary text. Simple patterns, found before analysis:
//!
//! - URL: `http://`, `https://` or `www.` followed by ASCII URL characters; trailing
//!   sentence punctuation and an unbalanced `)` are left out.
//! - e-mail: ASCII `local@domain.tld`.
//! - phone: digits (ASCII or full-width) with `-`, `‐`, `－`, `ー` or parentheses between
//!   them, 10 or 11 digits in all, the first one 0 (0857-00-0101, (0857)20-1234,
//!   ０１２０－１２３－４５６).

use std::ops::Range;

/// Byte ranges of `text` to keep as they are, sorted and not overlapping.
pub fn protected_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = urls(text);
    spans.extend(emails(text));
    spans.extend(phones(text));
    spans.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match out.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

fn urls(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while from < text.len() {
        let next = ["https://", "http://", "www."]
            .iter()
            .filter_map(|p| lower[from..].find(p).map(|i| (from + i, p.len())))
            .min();
        let Some((start, prefix)) = next else { break };
        let rest = &text[start + prefix..];
        let end = start + prefix + rest.find(|c| !is_url_char(c)).unwrap_or(rest.len());
        let mut url = &text[start..end];
        loop {
            let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
            let trimmed = if trimmed.ends_with(')') && !trimmed.contains('(') {
                &trimmed[..trimmed.len() - 1]
            } else {
                trimmed
            };
            if trimmed.len() == url.len() {
                break;
            }
            url = trimmed;
        }
        let end = start + url.len();
        if url.len() > prefix {
            out.push(start..end);
        }
        from = end.max(start + prefix);
    }
    out
}

fn emails(text: &str) -> Vec<Range<usize>> {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| local(c))
            .last()
            .map_or(at, |(i, _)| i);
        let after = &text[at + 1..];
        let len = after.find(|c| !domain(c)).unwrap_or(after.len());
        let host = after[..len].trim_end_matches(['.', '-']);
        let tld_ok = host
            .rsplit_once('.')
            .is_some_and(|(name, tld)| !name.is_empty() && tld.len() >= 2);
        if start < at && tld_ok {
            out.push(start..at + 1 + host.len());
        }
    }
    out
}

fn digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn phones(text: &str) -> Vec<Range<usize>> {
    let sep = |c: char| "-‐‑－ー−()（）".contains(c);
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !(digit(c) || c == '(' || c == '（') {
            continue;
        }
        let mut digits = usize::from(digit(c));
        let mut first_digit = digit(c).then_some(c);
        let mut last_digit_end = if digit(c) {
            start + c.len_utf8()
        } else {
            start
        };
        while let Some(&(i, d)) = chars.peek() {
            if !(digit(d) || sep(d)) {
                break;
            }
            chars.next();
            if digit(d) {
                digits += 1;
                first_digit.get_or_insert(d);
                last_digit_end = i + d.len_utf8();
            }
        }
        let zero = matches!(first_digit, Some('0' | '０'));
        if (10..=11).contains(&digits) && zero {
            out.push(start..last_digit_end);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        protected_spans(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn finds_urls_emails_and_phones_in_sentences() {
        assert_eq!(
            found("詳しくはhttps://example.jp/a?b=1をご覧ください。"),
            ["https://example.jp/a?b=1"]
        );
        assert_eq!(found("（www.city.example.jp）"), ["www.city.example.jp"]);
        assert_eq!(
            found("メールはinfo@shakyo.example.jpまで。"),
            ["info@shakyo.example.jp"]
        );
        assert_eq!(found("電話0857-00-0101（平日）"), ["0857-00-0101"]);
        assert_eq!(found("電話（0857）20-1234まで"), ["（0857）20-1234"]);
        assert_eq!(
            found("０１２０－１２３－４５６へ"),
            ["０１２０－１２３－４５６"]
        );
    }

    #[test]
    fn short_numbers_and_dates_are_not_phones() {
        assert!(found("189番、2026-10-01、第2土曜、11か所").is_empty());
    }
}
