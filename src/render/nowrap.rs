//! Dates, times and counts kept on one line: a narrow screen may break 10時〜15時 at 〜,
//! but not inside 10時 (10｜時) or 12月29日 (12｜月29日), which an elderly reader can
//! misread. The `keep_together` filter of the templates.

use crate::markdown::escape_into;

/// What a number is counted in; a number and its unit stay together.
const UNITS: &str = "年月日時分秒人円歳回階件番";
/// What may stand between two digits of one number (1,000円, 1.5時間).
const SEPARATORS: &str = ",，.．";

/// `text` as HTML (escaped), each number with its unit (13時30分 and 12月29日 as one, with
/// the unit that follows in a date or a time) and each day of the week (土曜日) in a
/// `<span class="nw">`, which the theme's stylesheet does not break.
pub fn keep_together(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let (mut i, mut copied) = (0, 0);
    while i < chars.len() {
        let end = counted(&chars, i).or_else(|| weekday(&chars, i));
        let Some(mut end) = end else {
            i += 1;
            continue;
        };
        // 12月 + 29日, 13時 + 30分: one piece (2026年 + 11月26日 two: at the largest text
        // size eleven characters are wider than a 320 px screen's card)
        while let (Some(unit), Some(next)) = (at(end - 1), counted(&chars, end)) {
            let follows = matches!(
                (unit, at(next - 1)),
                ('月', Some('日')) | ('時', Some('分')) | ('分', Some('秒'))
            );
            if !follows {
                break;
            }
            end = next;
        }
        escape_into(&mut out, &text[copied..byte(i)]);
        out.push_str("<span class=\"nw\">");
        escape_into(&mut out, &text[byte(i)..byte(end)]);
        out.push_str("</span>");
        copied = byte(end);
        i = end;
    }
    escape_into(&mut out, &text[copied..]);
    out
}

/// The end of a number and its unit starting at `i` (`45分`), if one starts there.
fn counted(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let is_digit = |k: usize| {
        chars
            .get(k)
            .is_some_and(|&(_, c)| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    // digits, and a separator between two of them
    let mut digits = 0;
    while is_digit(i + digits)
        || (digits > 0
            && chars
                .get(i + digits)
                .is_some_and(|&(_, c)| SEPARATORS.contains(c))
            && is_digit(i + digits + 1))
    {
        digits += 1;
    }
    // not the end of a longer number (a digit or a separator before it) or of a word
    let starts = i == 0 || {
        let before = chars[i - 1].1;
        !before.is_ascii_alphanumeric() && !SEPARATORS.contains(before) && !is_digit(i - 1)
    };
    let unit = chars.get(i + digits).map(|&(_, c)| c);
    if !(digits > 0 && starts && unit.is_some_and(|u| UNITS.contains(u))) {
        return None;
    }
    // a length of time: 1.5時間, 45分間, 3日間
    let span = chars.get(i + digits + 1).is_some_and(|&(_, c)| c == '間');
    Some(i + digits + 1 + usize::from(span))
}

/// The end of a day of the week starting at `i` (`土曜日`, `土曜`).
fn weekday(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let c = |k: usize| chars.get(i + k).map(|&(_, c)| c);
    if !c(0).is_some_and(|d| "月火水木金土日".contains(d)) || c(1) != Some('曜') {
        return None;
    }
    Some(if c(2) == Some('日') { i + 3 } else { i + 2 })
}

#[cfg(test)]
mod tests {
    use super::keep_together;

    #[test]
    fn dates_times_and_counts_are_kept_together() {
        for (text, html) in [
            (
                "10時〜15時",
                "<span class=\"nw\">10時</span>〜<span class=\"nw\">15時</span>",
            ),
            (
                "13時30分〜15時30分",
                "<span class=\"nw\">13時30分</span>〜<span class=\"nw\">15時30分</span>",
            ),
            (
                "祝日・年末年始（12月29日〜1月3日）は休み",
                "祝日・年末年始（<span class=\"nw\">12月29日</span>〜<span class=\"nw\">1月3日</span>）は休み",
            ),
            (
                "毎週 火曜日・土曜 1人45分",
                "毎週 <span class=\"nw\">火曜日</span>・<span class=\"nw\">土曜</span> <span class=\"nw\">1人</span><span class=\"nw\">45分</span>",
            ),
            (
                "２０２６年１１月２６日",
                "<span class=\"nw\">２０２６年</span><span class=\"nw\">１１月２６日</span>",
            ),
            (
                "100円（お茶代）",
                "<span class=\"nw\">100円</span>（お茶代）",
            ),
            (
                "子ども無料、大人1,000円",
                "子ども無料、大人<span class=\"nw\">1,000円</span>",
            ),
            (
                "1回1.5時間まで",
                "<span class=\"nw\">1回</span><span class=\"nw\">1.5時間</span>まで",
            ),
        ] {
            assert_eq!(keep_together(text), html, "{text}");
        }
    }

    #[test]
    fn other_text_is_escaped_and_left_alone() {
        for (text, html) in [
            (
                "<b>無料</b> & \"予約\"",
                "&lt;b&gt;無料&lt;/b&gt; &amp; &quot;予約&quot;",
            ),
            ("月曜", "<span class=\"nw\">月曜</span>"),
            ("月に1度", "月に1度"),
            ("A4用紙 B2F 0857", "A4用紙 B2F 0857"),
            ("毎月第3土曜日", "毎月第3<span class=\"nw\">土曜日</span>"),
            ("", ""),
        ] {
            assert_eq!(keep_together(text), html, "{text}");
        }
    }
}
