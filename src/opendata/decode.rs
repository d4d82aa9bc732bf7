//! Reading a CSV file's bytes as text. Excel in Japan saves CSV as Shift_JIS (CP932) unless
//! told otherwise, other tools as UTF-8 with or without a BOM; staff should not have to know
//! which. Strict UTF-8 is tried first, then CP932 (`encoding_rs::SHIFT_JIS` is the WHATWG
//! Shift_JIS, i.e. Windows-31J with the NEC and IBM extensions). Bytes neither can read are
//! reported with their line and character position, never replaced silently.

use encoding_rs::{DecoderResult, SHIFT_JIS};

/// The encoding a file turned out to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    ShiftJis,
}

/// Bytes that could not be read: where (1-based line and character) and which bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBytes {
    pub line: usize,
    pub col: usize,
    pub bytes: Vec<u8>,
}

/// Why a file could not be read as text: the encoding it most likely is in and the first
/// few places that are broken (at most [`MAX_REPORTED`]), with the total count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub encoding: Encoding,
    pub bad: Vec<BadBytes>,
    pub total: usize,
}

pub const MAX_REPORTED: usize = 10;

/// Decode `bytes` (a BOM, if any, is dropped).
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), Encoding::Utf8));
    }
    // A UTF-8 file with a few broken bytes still has far more valid multi-byte characters
    // than broken ones; Shift_JIS text read as UTF-8 has almost none.
    let (utf8_bad, utf8_total, utf8_multibyte) = utf8_errors(bytes);
    if utf8_multibyte > utf8_total {
        return Err(DecodeError {
            encoding: Encoding::Utf8,
            bad: utf8_bad,
            total: utf8_total,
        });
    }
    let (sjis_text, sjis_bad) = decode_sjis(bytes);
    if sjis_bad.is_empty() {
        return Ok((sjis_text, Encoding::ShiftJis));
    }
    let total = sjis_bad.len();
    Err(DecodeError {
        encoding: Encoding::ShiftJis,
        bad: sjis_bad.into_iter().take(MAX_REPORTED).collect(),
        total,
    })
}

/// Where the next character goes, as line and character column.
struct Cursor {
    line: usize,
    col: usize,
}

impl Cursor {
    fn new() -> Self {
        Cursor { line: 1, col: 1 }
    }

    fn advance(&mut self, text: &str) {
        for c in text.chars() {
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
    }
}

/// CP932 with every malformed sequence located (and replaced by U+FFFD in the text).
fn decode_sjis(bytes: &[u8]) -> (String, Vec<BadBytes>) {
    let mut decoder = SHIFT_JIS.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3))
        .saturating_add(16);
    let mut out = String::with_capacity(cap);
    let mut bad = Vec::new();
    let mut cursor = Cursor::new();
    let mut read = 0;
    loop {
        let before = out.len();
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
        cursor.advance(&out[before..]);
        read += n;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => out.reserve(bytes.len() - read + 16),
            DecoderResult::Malformed(len, after) => {
                let end = read.saturating_sub(usize::from(after));
                let start = end.saturating_sub(usize::from(len));
                bad.push(BadBytes {
                    line: cursor.line,
                    col: cursor.col,
                    bytes: bytes[start..end].to_vec(),
                });
                out.push('\u{fffd}');
                cursor.col += 1;
            }
        }
    }
    (out, bad)
}

/// The first [`MAX_REPORTED`] invalid UTF-8 sequences, how many there are, and how many
/// valid multi-byte characters there are.
fn utf8_errors(bytes: &[u8]) -> (Vec<BadBytes>, usize, usize) {
    let mut bad = Vec::new();
    let mut total = 0;
    let mut multibyte = 0;
    let mut cursor = Cursor::new();
    for chunk in bytes.utf8_chunks() {
        cursor.advance(chunk.valid());
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            total += 1;
            if bad.len() < MAX_REPORTED {
                bad.push(BadBytes {
                    line: cursor.line,
                    col: cursor.col,
                    bytes: chunk.invalid().to_vec(),
                });
            }
            cursor.col += 1;
        }
    }
    (bad, total, multibyte)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode("名称\n".as_bytes()),
            Ok(("名称\n".into(), Encoding::Utf8))
        );
        assert_eq!(
            decode("\u{feff}名称\n".as_bytes()),
            Ok(("名称\n".into(), Encoding::Utf8))
        );
    }

    #[test]
    fn shift_jis_including_cp932_extensions() {
        // ①, ㈱ and 髙 (an IBM extension) exist only in CP932, not in JIS X 0208 Shift_JIS.
        let text = "名称,備考\r\n①サロン,㈱髙橋\r\n";
        let (bytes, _, unmappable) = SHIFT_JIS.encode(text);
        assert!(!unmappable);
        assert_eq!(decode(&bytes), Ok((text.into(), Encoding::ShiftJis)));
    }

    #[test]
    fn broken_shift_jis_is_located() {
        let mut bytes = SHIFT_JIS.encode("名称,住所\r\nサロン,鳥取").0.into_owned();
        // 0x82 followed by 0x20 is not a character; neither is a lone 0xA0 … in UTF-8.
        bytes.extend_from_slice(b"\x82 ,x\r\n");
        let err = decode(&bytes).unwrap_err();
        assert_eq!(err.encoding, Encoding::ShiftJis);
        assert_eq!(err.total, 1);
        assert_eq!(err.bad[0].line, 2);
        assert_eq!(err.bad[0].col, 7, "サロン,鳥取 is 6 characters");
    }

    #[test]
    fn broken_utf8_is_reported_as_utf8() {
        let mut bytes = "名称,住所\nサロン,鳥取市".as_bytes().to_vec();
        bytes.push(0xff);
        bytes.extend_from_slice("〇〇町\n".as_bytes());
        let err = decode(&bytes).unwrap_err();
        assert_eq!(err.encoding, Encoding::Utf8);
        assert_eq!(err.total, 1);
        assert_eq!((err.bad[0].line, err.bad[0].col), (2, 8));
        assert_eq!(err.bad[0].bytes, vec![0xff]);
    }
}
