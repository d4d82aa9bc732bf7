//! `tsunagu gen-corpus --pages N --out DIR [--seed S]`: a synthetic portal for benchmarks
//! (see [`crate::corpus`]), with the same pages as a plain Hugo site under `DIR/hugo/`.

use std::path::Path;

use crate::corpus::{self, Error, Options};
use crate::diagnostics::{Diagnostic, Diagnostics, Lang};

pub fn run(
    pages: usize,
    out: &Path,
    seed: u64,
    diags: &mut Diagnostics,
    lang: Lang,
) -> (bool, Option<String>) {
    let today = crate::content::today();
    match corpus::generate(out, &Options { pages, seed, today }) {
        Ok(s) => {
            let sh = &s.shape;
            let line = match lang {
                Lang::Ja => format!(
                    "{} に架空のサイトを書き出しました：ファイル {}件（計画 {}ページ、相談先 {}件、お知らせ {}件、ページ {}件、地区 {}）、tsunagu のページはおよそ {}。Hugo 用の同じページは {}/hugo（ファイル {}件）。",
                    out.display(),
                    s.files,
                    sh.plan_pages(),
                    sh.resources,
                    sh.news,
                    sh.pages,
                    sh.areas(),
                    sh.expected_pages(),
                    out.display(),
                    s.hugo_files
                ),
                Lang::En => format!(
                    "wrote a synthetic site to {}: {} files ({} plan pages, {} resources, {} news items, {} pages, {} areas), about {} tsunagu pages; the same pages for Hugo in {}/hugo ({} files)",
                    out.display(),
                    s.files,
                    sh.plan_pages(),
                    sh.resources,
                    sh.news,
                    sh.pages,
                    sh.areas(),
                    sh.expected_pages(),
                    out.display(),
                    s.hugo_files
                ),
            };
            (true, Some(line))
        }
        Err(Error::TooSmall) => {
            diags.push(
                Diagnostic::field_error(
                    format!("ページ数 {pages} は少なすぎます。"),
                    format!("{pages} pages is too few"),
                )
                .hint(
                    format!(
                        "すべての種別をすべての地区に置くため、--pages は {} 以上にしてください。",
                        corpus::MIN_PAGES
                    ),
                    format!(
                        "every kind in every area needs --pages {} or more",
                        corpus::MIN_PAGES
                    ),
                ),
            );
            (false, None)
        }
        Err(Error::NotACorpus(dir)) => {
            diags.push(
                Diagnostic::field_error(
                    format!("フォルダ {} は空ではありません。", dir.display()),
                    format!("the folder {} is not empty", dir.display()),
                )
                .hint(
                    "上書きしないように止めました。空のフォルダか、前に gen-corpus で作ったフォルダを指定してください。",
                    "stopped so as not to overwrite it: give an empty folder or one written by gen-corpus",
                ),
            );
            (false, None)
        }
        Err(Error::Io(path, e)) => {
            diags.push(Diagnostic::field_error(
                format!("{} に書き込めません（{e}）。", path.display()),
                format!("cannot write {} ({e})", path.display()),
            ));
            (false, None)
        }
    }
}
