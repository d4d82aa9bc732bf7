//! The image cache: one file per processed image, named by a blake3 key of everything that
//! decides its outputs (source bytes, widths, quality, WebP on/off, [`PIPELINE_VERSION`]).
//! A hit returns the stored files without decoding anything.
//!
//! An entry is written to a temporary file and renamed into place, so a reader never sees
//! half of one. Every entry ends with a blake3 checksum of the rest and repeats its own
//! key: a truncated, damaged or misnamed entry is ignored and the image recomputed.
//!
//! Layout (integers little-endian): `MAGIC`, key (32 bytes), file count (u32), then per
//! file width (u32), height (u32), extension length (u8), extension, length (u64), bytes;
//! then the checksum (32 bytes).

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::pipeline::{Encoded, Rendered};
use super::{PIPELINE_VERSION, Settings};

const MAGIC: &[u8; 12] = b"TSUNAGU-IMG\x01";
const SUFFIX: &str = ".img";
const TMP_SUFFIX: &str = ".tmp";
/// More files than any settings can produce: a count above it means a damaged entry.
const MAX_FILES: u32 = 256;

/// The cache key of `source` processed with `settings`.
pub(super) fn key(source: &[u8], settings: &Settings) -> [u8; 32] {
    let mut widths = settings.widths.clone();
    widths.sort_unstable();
    widths.dedup();
    let mut h = blake3::Hasher::new();
    h.update(b"tsunagu images\0");
    h.update(&PIPELINE_VERSION.to_le_bytes());
    h.update(&(widths.len() as u64).to_le_bytes());
    for w in widths {
        h.update(&w.to_le_bytes());
    }
    h.update(&[settings.jpeg_quality.clamp(1, 100), u8::from(settings.webp)]);
    h.update(&(source.len() as u64).to_le_bytes());
    h.update(source);
    *h.finalize().as_bytes()
}

fn hex(key: &[u8; 32]) -> String {
    key.iter().map(|b| format!("{b:02x}")).collect()
}

fn entry_path(dir: &Path, key: &[u8; 32]) -> PathBuf {
    dir.join(format!("{}{SUFFIX}", hex(key)))
}

fn encode(key: &[u8; 32], rendered: &Rendered) -> Vec<u8> {
    let size: usize = rendered.files.iter().map(|f| f.bytes.len() + 32).sum();
    let mut out = Vec::with_capacity(size + 96);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(key);
    out.extend_from_slice(&(rendered.files.len() as u32).to_le_bytes());
    for f in &rendered.files {
        out.extend_from_slice(&f.width.to_le_bytes());
        out.extend_from_slice(&f.height.to_le_bytes());
        out.push(f.ext.len() as u8);
        out.extend_from_slice(f.ext.as_bytes());
        out.extend_from_slice(&(f.bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(&f.bytes);
    }
    let sum = blake3::hash(&out);
    out.extend_from_slice(sum.as_bytes());
    out
}

/// Reads the fields of an entry, failing (with `None`) instead of reading past its end.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

fn decode(key: &[u8; 32], data: &[u8]) -> Option<Rendered> {
    let body_len = data.len().checked_sub(32)?;
    let (body, sum) = data.split_at(body_len);
    if blake3::hash(body).as_bytes() != sum {
        return None;
    }
    let mut c = Cursor(body);
    if c.take(MAGIC.len())? != MAGIC || c.take(32)? != key {
        return None;
    }
    let count = c.u32()?;
    if count == 0 || count > MAX_FILES {
        return None;
    }
    let mut files = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let width = c.u32()?;
        let height = c.u32()?;
        let ext_len = c.take(1)?[0] as usize;
        let ext = std::str::from_utf8(c.take(ext_len)?).ok()?;
        if ext.is_empty() || !ext.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        let len = usize::try_from(c.u64()?).ok()?;
        let bytes = c.take(len)?.to_vec();
        if width == 0 || height == 0 {
            return None;
        }
        files.push(Encoded {
            width,
            height,
            ext: ext.to_string(),
            bytes,
        });
    }
    c.0.is_empty().then_some(Rendered { files })
}

/// The stored outputs for `key`, or `None` when there is no usable entry.
pub(super) fn load(dir: &Path, key: &[u8; 32]) -> Option<Rendered> {
    let data = fs::read(entry_path(dir, key)).ok()?;
    let found = decode(key, &data);
    if found.is_none() {
        tracing::debug!("ignoring a damaged image cache entry {}", hex(key));
    }
    found
}

/// Store `rendered` under `key`: written to a temporary file, then renamed into place.
pub(super) fn store(dir: &Path, key: &[u8; 32], rendered: &Rendered) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}-{}{TMP_SUFFIX}",
        hex(key),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = fs::write(&tmp, encode(key, rendered))
        .and_then(|()| fs::rename(&tmp, entry_path(dir, key)));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Delete the entries whose key is not in `used`, and temporary files left by an
/// interrupted run. Files the cache did not make are left alone. Returns how many were
/// deleted.
pub(super) fn sweep(dir: &Path, used: &HashSet<[u8; 32]>) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let used: HashSet<String> = used.iter().map(hex).collect();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let stale = if let Some(stem) = name.strip_suffix(SUFFIX) {
            stem.len() == 64 && stem.bytes().all(|b| b.is_ascii_hexdigit()) && !used.contains(stem)
        } else {
            name.starts_with('.') && name.ends_with(TMP_SUFFIX)
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            match fs::remove_file(entry.path()) {
                Ok(()) => removed += 1,
                Err(e) => tracing::warn!("cannot delete the old cache file {name}: {e}"),
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Rendered {
        Rendered {
            files: vec![
                Encoded {
                    width: 480,
                    height: 270,
                    ext: "jpg".into(),
                    bytes: vec![1, 2, 3],
                },
                Encoded {
                    width: 480,
                    height: 270,
                    ext: "webp".into(),
                    bytes: vec![4; 1000],
                },
            ],
        }
    }

    #[test]
    fn entries_round_trip_and_damage_is_detected() {
        let key = [7u8; 32];
        let data = encode(&key, &sample());
        assert_eq!(decode(&key, &data), Some(sample()));
        // Any flipped byte, any truncation, another key: ignored.
        for i in [0, 20, 50, data.len() / 2, data.len() - 1] {
            let mut bad = data.clone();
            bad[i] ^= 0x40;
            assert_eq!(decode(&key, &bad), None, "byte {i}");
        }
        for len in [0, 10, 44, data.len() - 1] {
            assert_eq!(decode(&key, &data[..len]), None, "length {len}");
        }
        assert_eq!(decode(&[8u8; 32], &data), None);
    }

    #[test]
    fn key_depends_on_bytes_and_settings_only() {
        let s = Settings::default();
        let k = key(b"abc", &s);
        assert_eq!(k, key(b"abc", &s));
        assert_ne!(k, key(b"abd", &s));
        let reordered = Settings {
            widths: vec![1440, 480, 960],
            ..Settings::default()
        };
        assert_eq!(k, key(b"abc", &reordered));
        for other in [
            Settings {
                widths: vec![480],
                ..Settings::default()
            },
            Settings {
                jpeg_quality: 90,
                ..Settings::default()
            },
            Settings {
                webp: false,
                ..Settings::default()
            },
        ] {
            assert_ne!(k, key(b"abc", &other));
        }
        // The pixel limit only refuses images; it does not change outputs.
        let limit = Settings {
            max_pixels: 1,
            ..Settings::default()
        };
        assert_eq!(k, key(b"abc", &limit));
    }

    #[test]
    fn store_load_and_sweep() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("images");
        let (a, b) = ([1u8; 32], [2u8; 32]);
        store(&cache, &a, &sample()).unwrap();
        store(&cache, &b, &sample()).unwrap();
        assert_eq!(load(&cache, &a), Some(sample()));
        fs::write(cache.join(".leftover.1-1.tmp"), b"x").unwrap();
        fs::write(cache.join("README.txt"), b"not ours").unwrap();
        let removed = sweep(&cache, &HashSet::from([a]));
        assert_eq!(removed, 2);
        assert_eq!(load(&cache, &a), Some(sample()));
        assert_eq!(load(&cache, &b), None);
        assert!(cache.join("README.txt").exists());
        assert_eq!(sweep(&dir.path().join("missing"), &HashSet::new()), 0);
    }
}
