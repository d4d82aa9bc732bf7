//! `tsunagu search QUERY [--root DIR] [--index PATH] [--json] [--limit N]`: searches the built
//! site's tantivy index (`DIR/public/search/tantivy`), ranked exactly as the site's search box
//! ranks (see `crate::search`).

use std::path::{Path, PathBuf};

use clap::Args;

use crate::diagnostics::{Diagnostic, Diagnostics, Lang};
use crate::search;

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// What to look for (several words: every word must be found).
    #[arg(required = true)]
    pub query: Vec<String>,
    /// The site's folder (where config.toml is); the index is read from DIR/public.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The index to search: a built site's output folder or its search/tantivy folder.
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
    /// How many results to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
}

/// The tantivy folder for `--index PATH` or `--root DIR`.
fn index_dir(args: &SearchArgs) -> PathBuf {
    let inside = |p: &Path| p.join("search").join("tantivy");
    match &args.index {
        Some(p) if inside(p).join("meta.json").is_file() => inside(p),
        Some(p) => p.clone(),
        None => inside(&args.root.join("public")),
    }
}

pub fn run(args: SearchArgs, diags: &mut Diagnostics, lang: Lang) -> (bool, Option<String>) {
    let dir = index_dir(&args);
    let query = args.query.join(" ");
    let hits = match search::query(&dir, &query, args.limit) {
        Ok(hits) => hits,
        Err(e) => {
            let ja = match &e {
                search::SearchError::NoIndex { path } => {
                    format!("検索インデックスがありません（{path}）。")
                }
                e => format!("検索できませんでした: {e}"),
            };
            diags.push(
                Diagnostic::field_error(ja, format!("cannot search: {e}"))
                .hint(
                    "先に `tsunagu build` でサイトを作るか、--index で検索インデックスの場所を指定してください。",
                    "build the site first (`tsunagu build`) or point --index at its output",
                ),
            );
            return (false, None);
        }
    };
    if args.json {
        match serde_json::to_string_pretty(&hits) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                diags.push(Diagnostic::field_error(e.to_string(), e.to_string()));
                return (false, None);
            }
        }
        return (true, None);
    }
    for (i, h) in hits.iter().enumerate() {
        println!("{:>2}. {}  ({:.4})", i + 1, h.title, h.score);
        println!("    {}", h.url);
    }
    let closing = match lang {
        Lang::Ja if hits.is_empty() => format!("「{query}」は見つかりませんでした。"),
        Lang::Ja => format!("「{query}」: {}件を表示しました。", hits.len()),
        Lang::En if hits.is_empty() => format!("no results for \"{query}\""),
        Lang::En => format!("\"{query}\": {} results shown", hits.len()),
    };
    (true, Some(closing))
}
