//! Command line: `tsunagu build` and `tsunagu check` (clap derive, one file per subcommand).
//! The doc comments below are the English help; `ja.rs` holds the Japanese one and clap's
//! usage errors in Japanese, chosen by [`parse`] before it parses.

mod build;
mod check;
mod furigana;
mod gen_corpus;
mod import;
mod ja;
mod new;
mod search;
mod serve;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::diagnostics::{Diagnostics, Lang};

#[derive(Parser, Debug)]
#[command(
    name = "tsunagu",
    version,
    about = "An accessible static site generator for a city's welfare plan and resource directory"
)]
pub struct Cli {
    /// Language of messages: ja (default) or en. Also read from LANG.
    #[arg(long, global = true, value_parser = ["ja", "en"])]
    pub lang: Option<String>,
    /// Only print errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more detail: stage timings and counts (other libraries' messages only when
    /// they warn).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (default: ROOT/public).
    Build {
        /// The site's folder (where config.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder; replaced only when the build succeeds.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Check everything a build checks, writing nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `json` prints the problems as JSON on standard output, for tools.
        #[arg(long, value_parser = ["text", "json"], default_value = "text")]
        format: String,
    },
    /// Write a new content file with every field explained, ready to fill in.
    New {
        /// page, news, resource or measure.
        what: new::What,
        /// Where, e.g. content/news/2026-04-salon.md (relative to --root).
        path: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print standard input with readings: `地域[ちいき]`, or ruby HTML with --html.
    Furigana {
        /// Print `<ruby>` HTML instead of bracket notation.
        #[arg(long)]
        html: bool,
        /// The site's folder: its content/readings.toml is used when present.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Preview the site while editing: builds in memory, serves it on 127.0.0.1 and
    /// rebuilds and reloads the page on every saved change. Stop with Ctrl+C.
    Serve {
        /// The site's folder (where config.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; only 127.0.0.1 unless given (e.g. 0.0.0.0 for the LAN).
        #[arg(long)]
        bind: Option<std::net::IpAddr>,
    },
    /// Import data into the site's content (see `tsunagu import resources --help`).
    Import {
        #[command(subcommand)]
        what: import::ImportWhat,
    },
    /// Search the built site's index, ranked as the site's search box ranks.
    Search(search::SearchArgs),
    /// Write a synthetic portal of about N pages for benchmarks (and the same pages as a
    /// plain Hugo site in OUT/hugo). The same seed gives the same files.
    GenCorpus {
        /// About how many HTML pages the built site should have (150 or more).
        #[arg(long)]
        pages: usize,
        /// The folder to write (empty, or written by gen-corpus before).
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// The command line `args` (program name first) as a [`Cli`], with the help, the version and
/// clap's usage errors in the staff's language: `--lang` on the command line, else `LANG`
/// (see [`Lang::detect`]), else Japanese. When there is nothing to run (help, version, a
/// usage error) it has been printed and `Err` is the exit status: 0 for help and version, 2
/// for a usage error.
pub fn parse<I, T>(args: I) -> Result<Cli, ExitCode>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let lang = Lang::detect(lang_flag(&args).as_deref());
    let mut cmd = Cli::command();
    if lang == Lang::Ja {
        cmd = ja::localize(cmd);
    }
    let parsed = cmd
        .try_get_matches_from_mut(args.iter().cloned())
        .and_then(|m| Cli::from_arg_matches(&m).map_err(|e| e.format(&mut cmd)));
    let err = match parsed {
        Ok(cli) => return Ok(cli),
        Err(err) => err,
    };
    if lang == Lang::Ja && err.use_stderr() {
        if let Some(message) = ja::usage_error(&err, &cmd, &args) {
            eprint!("{message}");
            return Err(ExitCode::from(2));
        }
    }
    // Help, the version, and the errors not put in Japanese: clap's own rendering.
    let _ = err.print();
    Err(ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2)))
}

/// The value of `--lang` (`--lang en`, `--lang=en`) in `args`, read before clap parses them so
/// that the help and the usage errors are in that language. The last one, as clap takes it
/// (`tsunagu --lang ja build --lang en` runs in English).
fn lang_flag(args: &[OsString]) -> Option<String> {
    let mut found = None;
    let mut rest = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = rest.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            found = rest.next().map(|v| v.into_owned());
        } else if let Some(v) = a.strip_prefix("--lang=") {
            found = Some(v.to_string());
        }
    }
    found
}

/// Exit status: 0 success, 1 content errors, 2 usage errors (clap).
pub fn run(cli: Cli) -> ExitCode {
    let lang = Lang::detect(cli.lang.as_deref());
    init_logging(cli.quiet, cli.verbose, lang);
    let mut diags = Diagnostics::default();
    let (ok, closing) = match cli.command {
        Command::Build { root, output } => build::run(&root, output, &mut diags, lang),
        Command::Check { root, format } => {
            let r = check::run(&root, &mut diags, lang);
            if format == "json" {
                println!("{}", check::json(&diags, lang));
                // The JSON is the report: nothing more on standard error.
                return if r.0 && !diags.has_errors() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                };
            }
            r
        }
        Command::New { what, path, root } => new::run(what, &path, &root, &mut diags, lang),
        Command::Furigana { html, root } => furigana::run(html, &root, &mut diags),
        Command::Import { what } => import::run(what, &mut diags, lang),
        Command::Search(args) => search::run(args, &mut diags, lang),
        Command::GenCorpus { pages, out, seed } => {
            gen_corpus::run(pages, &out, seed, &mut diags, lang)
        }
        Command::Serve { root, port, bind } => serve::run(&root, port, bind, lang),
    };
    if !diags.is_empty() {
        eprint!("{}", diags.report(lang));
    }
    if let Some(line) = closing {
        eprintln!("{line}");
    }
    if ok && !diags.has_errors() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn init_logging(quiet: bool, verbose: bool, lang: Lang) {
    use tracing_subscriber::EnvFilter;
    crate::progress::configure(quiet, lang == Lang::En);
    // tsunagu's own lines at the chosen level; other crates (tantivy, lindera, notify …)
    // only warn: their debug output is for their own developers.
    let default = if quiet {
        "error,tsunagu=warn"
    } else if verbose {
        "warn,tsunagu=debug"
    } else {
        "warn,tsunagu=info"
    };
    let filter = EnvFilter::try_from_env("TSUNAGU_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .without_time()
        .with_writer(std::io::stderr)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(args: &[&str]) -> Option<String> {
        let args: Vec<OsString> = std::iter::once("tsunagu")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect();
        lang_flag(&args)
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        assert_eq!(flag(&["build"]), None);
        assert_eq!(flag(&["--lang", "en", "build"]).as_deref(), Some("en"));
        assert_eq!(flag(&["build", "--lang=ja"]).as_deref(), Some("ja"));
        assert_eq!(flag(&["build", "--lang"]), None);
        // the last one, as clap takes it
        assert_eq!(
            flag(&["--lang", "ja", "build", "--lang", "en"]).as_deref(),
            Some("en")
        );
        // after `--` it is a value, not the option
        assert_eq!(flag(&["search", "--", "--lang", "en"]), None);
    }
}
