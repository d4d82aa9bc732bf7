//! A chained harness for building fixture sites with the real `tsunagu` binary:
//!
//! ```ignore
//! SiteTest::fixture("errors/unknown_field").build().fails().stderr_contains("3:1");
//! ```
//!
//! A fixture under `tests/fixtures/<feature>/<case>/` is a whole site, or — when it has no
//! `config.toml` — an overlay of its files on `tests/fixtures/base/`. Every test works in
//! its own temporary copy, so fixtures are never modified.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Remove ruby markup, keeping the base text.
pub fn strip_ruby(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let skip_to = |end: &str| tail.find(end).map(|e| e + end.len());
        let n = if tail.starts_with("<rt>") {
            skip_to("</rt>")
        } else if tail.starts_with("<rp>") {
            skip_to("</rp>")
        } else if tail.starts_with("<ruby") || tail.starts_with("</ruby>") {
            skip_to(">")
        } else {
            None
        };
        match n {
            Some(n) => rest = &tail[n..],
            None => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

pub struct SiteTest {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
    pub out: PathBuf,
    output: Option<Output>,
}

impl SiteTest {
    /// A copy of fixture `name` (overlaid on `base` if it has no config.toml).
    pub fn fixture(name: &str) -> SiteTest {
        let src = fixtures().join(name);
        assert!(src.is_dir(), "no fixture {}", src.display());
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        if !src.join("config.toml").exists() {
            copy_dir(&fixtures().join("base"), &root);
        }
        copy_dir(&src, &root);
        SiteTest::at(tmp, root)
    }

    /// A copy of the example portal at the repository root.
    pub fn example() -> SiteTest {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        for part in ["config.toml", "content", "static", "themes"] {
            let p = repo().join(part);
            if p.is_dir() {
                copy_dir(&p, &root.join(part));
            } else if p.is_file() {
                std::fs::copy(&p, root.join(part)).unwrap();
            }
        }
        SiteTest::at(tmp, root)
    }

    fn at(tmp: tempfile::TempDir, root: PathBuf) -> SiteTest {
        let out = tmp.path().join("public");
        SiteTest {
            _tmp: tmp,
            root,
            out,
            output: None,
        }
    }

    /// Change a file of the copy before building.
    pub fn write(self, rel: &str, text: impl AsRef<[u8]>) -> Self {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn run(self, args: &[&str]) -> Self {
        self.run_with(args, &[], None)
    }

    /// [`SiteTest::run`] in the site's folder (so that a command without `--root` reads and
    /// writes only the copy), with other environment variables: `[("LANG", "en_US.UTF-8")]`.
    pub fn run_in_site(self, args: &[&str], env: &[(&str, &str)]) -> Self {
        let root = self.root.clone();
        self.run_with(args, env, Some(&root))
    }

    fn run_with(mut self, args: &[&str], env: &[(&str, &str)], dir: Option<&Path>) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tsunagu"));
        if let Some(dir) = dir {
            command.current_dir(dir);
        }
        let output = command
            .args(args)
            .env("LANG", "ja_JP.UTF-8")
            .envs(env.iter().copied())
            .env("TSUNAGU_TODAY", "2026-11-23")
            .env_remove("LC_ALL")
            .env_remove("TSUNAGU_LOG")
            .output()
            .unwrap();
        self.output = Some(output);
        self
    }

    pub fn build(self) -> Self {
        let root = self.root.to_string_lossy().to_string();
        let out = self.out.to_string_lossy().to_string();
        self.run(&["build", "-q", "--root", &root, "--output", &out])
    }

    pub fn check(self) -> Self {
        let root = self.root.to_string_lossy().to_string();
        self.run(&["check", "-q", "--root", &root])
    }

    pub fn status(&self) -> i32 {
        self.output
            .as_ref()
            .expect("run first")
            .status
            .code()
            .unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.as_ref().expect("run first").stdout).to_string()
    }

    pub fn stderr(&self) -> String {
        let raw =
            String::from_utf8_lossy(&self.output.as_ref().expect("run first").stderr).to_string();
        raw.replace(&self.out.to_string_lossy().to_string(), "[OUT]")
            .replace(&self.root.to_string_lossy().to_string(), "[ROOT]")
    }

    pub fn succeeds(self) -> Self {
        assert_eq!(
            self.status(),
            0,
            "expected success, stderr:\n{}",
            self.stderr()
        );
        self
    }

    pub fn fails(self) -> Self {
        assert_eq!(
            self.status(),
            1,
            "expected exit 1, stderr:\n{}",
            self.stderr()
        );
        self
    }

    pub fn stderr_contains(self, needle: &str) -> Self {
        let e = self.stderr();
        assert!(e.contains(needle), "stderr lacks {needle:?}:\n{e}");
        self
    }

    /// An output file as written (readings in `<ruby>` included).
    pub fn read_raw(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel} in the output: {e}"))
    }

    /// An output file with the automatic readings taken out (`<ruby>地域<rp>（</rp><rt>ちいき
    /// </rt><rp>）</rp></ruby>` → `地域`), so tests can look for text as written.
    pub fn read(&self, rel: &str) -> String {
        strip_ruby(&self.read_raw(rel))
    }

    pub fn file_contains(self, rel: &str, needle: &str) -> Self {
        let text = self.read(rel);
        assert!(text.contains(needle), "{rel} lacks {needle:?}");
        self
    }

    pub fn file_lacks(self, rel: &str, needle: &str) -> Self {
        let text = self.read(rel);
        assert!(
            !text.contains(needle),
            "{rel} should not contain {needle:?}"
        );
        self
    }

    /// Every `.html` file of the output, relative paths with `/`, sorted.
    pub fn html_files(&self) -> Vec<String> {
        let mut v: Vec<String> = walkdir::WalkDir::new(&self.out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                e.path()
                    .strip_prefix(&self.out)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        v.sort();
        v
    }
}

/// CRC-32 (IEEE) of PNG chunks.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One PNG chunk: length, type, data, CRC.
fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

/// A small PNG file whose header claims `w`×`h` RGBA pixels: a signature, the IHDR, one
/// IDAT with a few bytes of a zlib stream (far too short for the claimed size) and IEND.
/// Decoding it would fail with "damaged"; only the header check can call it too large.
pub fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    png_chunk(&mut out, b"IHDR", &ihdr);
    png_chunk(&mut out, b"IDAT", &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00]);
    png_chunk(&mut out, b"IEND", &[]);
    out
}
