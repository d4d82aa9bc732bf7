//! `tsunagu gen-corpus`: the synthetic portal builds cleanly, has about the requested number
//! of pages, and is deterministic for a seed.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

fn tsunagu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(args)
        .env("LANG", "ja_JP.UTF-8")
        .env("TSUNAGU_TODAY", "2026-11-23")
        .env_remove("TSUNAGU_LOG")
        .output()
        .unwrap()
}

fn gen_corpus(out: &Path, pages: usize, seed: u64) {
    let o = tsunagu(&[
        "gen-corpus",
        "--pages",
        &pages.to_string(),
        "--seed",
        &seed.to_string(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Every file under `dir`, relative path → bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn corpus_of_200_pages_builds_without_warnings_and_has_about_200_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = tmp.path().join("out");
    gen_corpus(&site, 200, 7);
    let o = tsunagu(&[
        "-q",
        "build",
        "--root",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        !stderr.contains("注意") && !stderr.contains("エラー"),
        "{stderr}"
    );
    let html = files(&out).keys().filter(|k| k.ends_with(".html")).count();
    assert!(
        (190..=210).contains(&html),
        "{html} HTML pages for --pages 200"
    );
    // Every kind in every area: 9 kinds × (市全域 + 2 圏域 + 4 地区) resource pages.
    let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
    assert_eq!(config.matches("[[areas]]").count(), 7);
    assert_eq!(config.matches("[[resources.kinds]]").count(), 9);
    let resources = std::fs::read_dir(site.join("content/resources"))
        .unwrap()
        .count()
        - 1;
    assert!(resources >= 63, "{resources} resources");
    for kind in [
        "salon",
        "shokudo",
        "houkatsu",
        "soudan",
        "shogai",
        "konkyu",
        "kenri",
        "kodomo",
        "volunteer",
    ] {
        for area in ["city", "ken-01", "ken-02", "chiku-001", "chiku-004"] {
            let prefix = format!("{kind}-{area}-");
            assert!(
                files(&site.join("content/resources"))
                    .keys()
                    .any(|k| k.starts_with(&prefix)),
                "no {kind} in {area}"
            );
        }
    }
    // The Japanese text reaches the pages and the search index.
    let s = tsunagu(&[
        "search",
        "見守り",
        "--index",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert!(s.status.success(), "{}", String::from_utf8_lossy(&s.stderr));
    let hits: serde_json::Value = serde_json::from_slice(&s.stdout).unwrap();
    assert!(hits.as_array().is_some_and(|a| !a.is_empty()), "{hits}");
}

#[test]
fn hugo_copy_has_the_same_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    gen_corpus(&site, 200, 3);
    let content = files(&site.join("content"));
    let hugo = files(&site.join("hugo/content"));
    let md = |m: &BTreeMap<String, Vec<u8>>| {
        m.keys()
            .filter(|k| k.ends_with(".md"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(md(&content), md(&hugo));
    let title = |b: &[u8]| {
        let t = String::from_utf8_lossy(b).into_owned();
        t.lines()
            .find(|l| l.starts_with("title = "))
            .map(str::to_string)
    };
    let page = "news/_index.md";
    assert_eq!(title(&content[page]), title(&hugo[page]));
    assert!(site.join("hugo/hugo.toml").is_file());
    assert!(site.join("hugo/layouts/_default/baseof.html").is_file());
}

#[test]
fn same_seed_is_byte_identical_and_another_seed_differs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    gen_corpus(&a, 300, 11);
    gen_corpus(&b, 300, 11);
    gen_corpus(&c, 300, 12);
    let (fa, fb, fc) = (files(&a), files(&b), files(&c));
    assert!(fa.len() > 250);
    assert!(fa == fb, "two runs with seed 11 differ");
    assert_eq!(fa.keys().collect::<Vec<_>>(), fc.keys().collect::<Vec<_>>());
    let differing = fa.iter().filter(|(k, v)| fc[*k] != **v).count();
    assert!(
        differing > fa.len() / 2,
        "only {differing} files differ between seeds 11 and 12"
    );
    // Rewriting an earlier corpus in place gives the same files again.
    gen_corpus(&a, 300, 11);
    assert!(files(&a) == fb);

    // Made again smaller over the same folder: what the larger corpus had and this one
    // has not is gone, folders included (the same tree as made afresh), and the files
    // both have are rewritten in place, not deleted and made again.
    let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
    let kept = inode(&a.join("content/_index.md"));
    let d = tmp.path().join("d");
    gen_corpus(&a, 150, 11);
    gen_corpus(&d, 150, 11);
    assert!(files(&a).len() < fa.len());
    assert!(
        files(&a) == files(&d),
        "a corpus made over a larger one differs"
    );
    assert_eq!(folders(&a), folders(&d));
    assert_eq!(inode(&a.join("content/_index.md")), kept);
}

fn folders(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

#[test]
fn refuses_a_folder_it_did_not_write_and_too_few_pages() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "大事なメモ").unwrap();
    let o = tsunagu(&[
        "gen-corpus",
        "--pages",
        "500",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("空ではありません"));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    let o = tsunagu(&[
        "gen-corpus",
        "--pages",
        "20",
        "--out",
        tmp.path().join("x").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("150 以上"));
}
