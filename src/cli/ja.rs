//! The command line in Japanese: every text of `tsunagu --help` (one table, below) and
//! clap's usage errors, for staff who read Japanese. The English doc comments on [`super::Cli`]
//! stay the English help (`--lang en`); [`localize`] replaces them on a copy of the command.

use std::ffi::OsString;
use std::fmt::Write as _;

use clap::Command;
use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The about text of each command, by its path below `tsunagu` ("" is `tsunagu` itself,
/// "help" is clap's `help` command).
const COMMANDS: &[(&str, &str)] = &[
    (
        "",
        "地域福祉計画と地域の相談先を、誰もが使えるウェブサイトにする静的サイトジェネレーター",
    ),
    (
        "build",
        "サイトを作り、出力フォルダー（ふだんはサイトのフォルダーの中の public）に書き出します。",
    ),
    (
        "check",
        "サイトを作るときと同じ確認をすべて行います。ファイルは何も書き出しません。",
    ),
    (
        "new",
        "新しいファイルのひな形を作ります。項目ごとに説明が付いているので、空欄をうめて使います。",
    ),
    (
        "furigana",
        "渡された文に読みがなを付けて表示します（例: echo 地域福祉 | tsunagu furigana → 地域[ちいき]福祉[ふくし]）。",
    ),
    (
        "serve",
        "編集しながらサイトを確かめます。サイトを作って 127.0.0.1 で見られるようにし、ファイルを保存するたびに作り直して、開いているページを読み込み直します。Ctrl+C で終わります。",
    ),
    (
        "import",
        "データをサイトに取り込みます（くわしくは tsunagu import resources --help）。",
    ),
    (
        "import resources",
        "相談先・居場所の一覧（CSV ファイルか Excel のブック）を取り込み、1件1ファイルで content/ に書きます。同じ id のファイルがあれば、一覧にある列の項目だけを書きかえます。ほかの項目・コメント・本文はそのままで、空欄で値が消えることはありません。",
    ),
    (
        "search",
        "作ったサイトの検索インデックスで検索します。順番はサイトの検索と同じです。",
    ),
    (
        "gen-corpus",
        "性能の測定用に、約 N ページの架空のサイトを書き出します（同じページを Hugo 用にも OUT/hugo に）。同じ --seed なら同じファイルになります。開発者向けです。",
    ),
    ("help", "この説明か、指定したコマンドの使い方を表示します。"),
];

/// The help of each argument: (command path, argument id, text). A path of "*" is the text
/// for that id in every command without its own line. The choices and the default value
/// are added by [`localize`] (the choices only when the text does not name them all).
const ARGS: &[(&str, &str, &str)] = &[
    ("*", "help", "使い方を表示します"),
    ("*", "version", "バージョンを表示します"),
    (
        "*",
        "lang",
        "メッセージと使い方の言語: ja（日本語）か en（英語）。指定しないときは環境変数 LANG で決まり、ふだんは日本語",
    ),
    ("*", "quiet", "エラーだけを表示します"),
    (
        "*",
        "verbose",
        "くわしく表示します（作業ごとにかかった時間や件数）",
    ),
    ("*", "root", "サイトのフォルダー（config.toml のある場所）"),
    (
        "build",
        "output",
        "出力フォルダー。作るのに成功したときだけ置きかえます",
    ),
    (
        "check",
        "format",
        "json にすると、見つかった問題を JSON 形式で表示します（ほかのプログラムで読むため）",
    ),
    (
        "new",
        "what",
        "作るものの種類: page（ページ）・news（お知らせ）・resource（相談先・居場所）・measure（計画の施策）",
    ),
    (
        "new",
        "path",
        "作るファイルの場所（例: content/news/2026-04-salon.md。--root のフォルダーから見た場所）",
    ),
    (
        "furigana",
        "html",
        "地域[ちいき] の形ではなく、ルビの HTML（<ruby>）で表示します",
    ),
    (
        "furigana",
        "root",
        "サイトのフォルダー。その中に content/readings.toml があれば、そこに書いた読みを使います",
    ),
    (
        "serve",
        "port",
        "使うポート番号（0 なら空いている番号を使います）",
    ),
    (
        "serve",
        "bind",
        "待ち受けるアドレス。指定しないときは 127.0.0.1 で、このパソコンからだけ見られます（0.0.0.0 にすると、同じネットワークのほかのパソコンからも見られます）",
    ),
    (
        "import resources",
        "file",
        "取り込むファイル：CSV（UTF-8 か、Excel で保存した Shift_JIS）か、Excel のブック（.xlsx、.xlsm、.xls）か .ods",
    ),
    (
        "import resources",
        "sheet",
        "ブックのどのシートを読むか、シートの名前で指定します（指定しないときは、表示されている最初のシート）",
    ),
    (
        "import resources",
        "kind",
        "種別のない行と、config.toml にない種別の行に使う種別（[[resources.kinds]] の id か名前）",
    ),
    (
        "search",
        "query",
        "探す言葉（いくつか書くと、そのすべてがあるページを探します）",
    ),
    (
        "search",
        "root",
        "サイトのフォルダー（config.toml のある場所）。検索インデックスはその中の public から読みます",
    ),
    (
        "search",
        "index",
        "使う検索インデックス: 作ったサイトの出力フォルダーか、その中の search/tantivy フォルダー",
    ),
    ("search", "json", "結果を JSON 形式で表示します"),
    ("search", "limit", "表示する件数"),
    (
        "gen-corpus",
        "pages",
        "作るサイトのおおよそのページ数（150 以上）",
    ),
    (
        "gen-corpus",
        "out",
        "書き出すフォルダー（空のフォルダーか、前に gen-corpus で書き出したフォルダー）",
    ),
    (
        "gen-corpus",
        "seed",
        "乱数の種。同じ数なら同じファイルになります",
    ),
];

/// What each argument written without a `--name` is called in an error: "… が指定されて
/// いません". (command path, argument id, name)
const NAMES: &[(&str, &str, &str)] = &[
    ("new", "what", "作るものの種類"),
    ("new", "path", "作るファイルの場所"),
    ("import resources", "file", "取り込むファイル"),
    ("search", "query", "探す言葉"),
];

/// What stands for an argument's value in the help and the usage line (`--root <フォルダー>`),
/// by argument id, in every command.
const VALUE_NAMES: &[(&str, &str)] = &[
    ("lang", "言語"),
    ("root", "フォルダー"),
    ("output", "フォルダー"),
    ("out", "フォルダー"),
    ("index", "フォルダー"),
    ("format", "形式"),
    ("bind", "アドレス"),
    ("port", "番号"),
    ("limit", "件数"),
    ("pages", "ページ数"),
    ("seed", "数"),
    ("sheet", "シート名"),
    ("kind", "種別"),
    ("what", "種類"),
    ("path", "ファイル"),
    ("file", "ファイル"),
    ("query", "言葉"),
];

/// The headings of the help.
const USAGE: &str = "使い方";
const COMMANDS_HEADING: &str = "コマンド";
const ARGUMENTS_HEADING: &str = "引数";
const OPTIONS_HEADING: &str = "オプション";

/// The path of a command in the tables: its names below `tsunagu`, space-separated. clap's
/// `help` command is "help" wherever it is, and the copies of the commands it holds
/// (`tsunagu help import resources`) use the real command's path.
fn table_path(path: &[&str]) -> String {
    if path.last() == Some(&"help") {
        return "help".to_string();
    }
    match path.iter().position(|p| *p == "help") {
        Some(i) => [&path[..i], &path[i + 1..]].concat().join(" "),
        None => path.join(" "),
    }
}

fn about(path: &str) -> Option<&'static str> {
    COMMANDS.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

fn arg_help(path: &str, id: &str) -> Option<&'static str> {
    ARGS.iter()
        .find(|(p, i, _)| *p == path && *i == id)
        .or_else(|| ARGS.iter().find(|(p, i, _)| *p == "*" && *i == id))
        .map(|(_, _, t)| *t)
}

fn positional_name(path: &str, id: &str) -> Option<&'static str> {
    NAMES
        .iter()
        .find(|(p, i, _)| *p == path && *i == id)
        .map(|(_, _, t)| *t)
}

/// `cmd` (`Cli::command()`) built and with every text in Japanese: the about of each command,
/// the help of each argument (clap's own `-h`, `-V` and `help` command included), the choices
/// and default values, and the headings. A text missing from the table stays English (a test
/// walks every command and argument so that none is).
pub fn localize(mut cmd: Command) -> Command {
    // Build first: clap adds `-h`, `-V`, the `help` command and the copies of the global
    // arguments in each subcommand only when it builds the command.
    cmd.build();
    localize_command(cmd, &[])
}

fn localize_command(cmd: Command, path: &[&str]) -> Command {
    let key = table_path(path);
    let heading = cmd.get_styles().get_usage();
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{}{USAGE}:{} {{usage}}\n\n{{all-args}}{{after-help}}",
        heading.render(),
        heading.render_reset()
    );
    let mut cmd = cmd
        .subcommand_help_heading(COMMANDS_HEADING)
        .subcommand_value_name(COMMANDS_HEADING);
    if let Some(text) = about(&key) {
        cmd = cmd.about(text).long_about(None);
    }
    let cmd = cmd.mut_args(|arg| {
        let Some(text) = arg_help(&key, arg.get_id().as_str()) else {
            return arg;
        };
        let mut help = text.to_string();
        let mut extra = Vec::new();
        let choices: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !choices.is_empty() && !choices.iter().all(|c| text.contains(c.as_str())) {
            extra.push(format!("選べるのは {}", choices.join("・")));
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if arg.get_action().takes_values() && !defaults.is_empty() {
            let d = defaults.join("・");
            extra.push(if d == "." {
                "指定しないときは今いるフォルダー".to_string()
            } else {
                format!("指定しないときは {d}")
            });
        }
        if !extra.is_empty() {
            let _ = write!(help, " ［{}］", extra.join("、"));
        }
        let positional = arg.is_positional();
        let index = arg.get_index();
        let value_name = VALUE_NAMES
            .iter()
            .find(|(id, _)| *id == arg.get_id().as_str())
            .map(|(_, name)| *name);
        let mut arg = arg.help(help).long_help(None);
        if let Some(name) = value_name.filter(|_| arg.get_action().takes_values()) {
            arg = arg.value_name(name);
        }
        if arg.get_action().takes_values() {
            // shown in Japanese above instead of clap's [possible values: …] [default: …]
            arg = arg.hide_possible_values(true).hide_default_value(true);
        }
        if positional {
            // A heading of its own sorts by display order: keep the command line's order.
            arg = arg.help_heading(ARGUMENTS_HEADING);
            if let Some(i) = index {
                arg = arg.display_order(i);
            }
        } else {
            arg = arg.help_heading(OPTIONS_HEADING);
        }
        arg
    });
    // clap writes "[OPTIONS]" in the usage line; there is no setting for it, so the usage
    // line is clap's own with that word replaced.
    let usage = cmd
        .clone()
        .help_template("{usage}")
        .render_help()
        .ansi()
        .to_string()
        .replace("[OPTIONS]", &format!("[{OPTIONS_HEADING}]"));
    let cmd = cmd
        .help_template(template)
        .override_usage(StyledStr::from(usage));
    cmd.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        let mut sub_path = path.to_vec();
        sub_path.push(&name);
        localize_command(sub, &sub_path)
    })
}

/// The names of the commands that `args` (the whole command line, program name first)
/// goes through, e.g. `["import", "resources"]`: a usage error is about the last one.
fn command_path(cmd: &Command, args: &[OsString]) -> Vec<String> {
    let mut path = Vec::new();
    let mut cur = cmd;
    let mut rest = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = rest.next() {
        if a == "--" {
            break;
        }
        if let Some(flag) = a.strip_prefix('-') {
            // An option's value is not a command: `--root build`.
            let takes_value = |arg: &clap::Arg| arg.get_action().takes_values();
            let found = match flag.strip_prefix('-') {
                Some(long) if !long.contains('=') => {
                    cur.get_arguments().find(|x| x.get_long() == Some(long))
                }
                Some(_) => None,
                None if flag.chars().count() == 1 => {
                    let c = flag.chars().next();
                    cur.get_arguments().find(|x| x.get_short() == c)
                }
                None => None,
            };
            if found.is_some_and(takes_value) {
                rest.next();
            }
            continue;
        }
        match cur.find_subcommand(a.as_ref()) {
            Some(sub) => {
                path.push(sub.get_name().to_string());
                cur = sub;
            }
            None => break,
        }
    }
    path
}

fn find_command<'a>(cmd: &'a Command, path: &[String]) -> &'a Command {
    let mut cur = cmd;
    for name in path {
        match cur.find_subcommand(name) {
            Some(sub) => cur = sub,
            None => break,
        }
    }
    cur
}

/// The argument that clap shows as `shown` (`--port <PORT>`, `<PATH>`) in the command at
/// `path` or a command above it, as staff write it: `--port`, or the positional's name.
fn arg_name(cmd: &Command, path: &[String], shown: &str) -> String {
    for depth in (0..=path.len()).rev() {
        let here = find_command(cmd, &path[..depth]);
        if let Some(arg) = here.get_arguments().find(|a| a.to_string() == shown) {
            if let Some(long) = arg.get_long() {
                return format!("--{long}");
            }
            if let Some(short) = arg.get_short() {
                return format!("-{short}");
            }
            let names: Vec<&str> = path[..depth].iter().map(String::as_str).collect();
            if let Some(name) = positional_name(&table_path(&names), arg.get_id().as_str()) {
                return name.to_string();
            }
        }
    }
    shown.to_string()
}

fn string(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn strings(err: &clap::Error, kind: ContextKind) -> Vec<String> {
    match err.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    }
}

/// Why a value was refused, when the parser's error says which kind of value was wanted.
fn why(err: &clap::Error, value: &str) -> &'static str {
    use std::error::Error as _;
    use std::num::IntErrorKind;
    let source = err.source();
    if let Some(e) = source.and_then(|s| s.downcast_ref::<std::num::ParseIntError>()) {
        return match e.kind() {
            IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => "数が大きすぎます。",
            _ => "数字で指定してください。",
        };
    }
    if source.is_some_and(|s| s.is::<std::net::AddrParseError>()) {
        return "127.0.0.1 のような IP アドレスで指定してください。";
    }
    if value.parse::<i128>().is_ok() {
        return "使える範囲の外の数です。";
    }
    ""
}

/// clap's usage error `err` in Japanese, with the usage line and a hint, or `None` for the
/// kinds not mapped here (clap then prints its own). `args` is the whole command line.
pub fn usage_error(err: &clap::Error, cmd: &Command, args: &[OsString]) -> Option<String> {
    let path = command_path(cmd, args);
    let here = find_command(cmd, &path);
    let list = |v: &[String]| v.join("・");
    // `tsunagu import resources` and more words after it
    let command_line = |more: &[&str]| {
        let mut line = vec![cmd.get_name()];
        line.extend(path.iter().map(String::as_str));
        line.extend(more);
        line.join(" ")
    };
    let message = match err.kind() {
        ErrorKind::InvalidValue => {
            let name = arg_name(cmd, &path, &string(err, ContextKind::InvalidArg)?);
            let value = string(err, ContextKind::InvalidValue)?;
            let valid = strings(err, ContextKind::ValidValue);
            let mut m = match (value.is_empty(), name.starts_with('-')) {
                (true, true) => {
                    format!("{name} の値がありません。{name} の後に値を書いてください。")
                }
                (true, false) => format!("{name}が空です。"),
                (false, true) => format!("{name} に「{value}」は選べません。"),
                (false, false) => format!("「{value}」は選べません。"),
            };
            if !valid.is_empty() {
                let _ = write!(m, "選べるのは {} です。", list(&valid));
            }
            if let Some(s) = string(err, ContextKind::SuggestedValue) {
                let _ = write!(m, "「{s}」のことですか？");
            }
            m
        }
        ErrorKind::ValueValidation => {
            let name = arg_name(cmd, &path, &string(err, ContextKind::InvalidArg)?);
            let value = string(err, ContextKind::InvalidValue)?;
            let to = if name.starts_with('-') {
                format!("{name} に")
            } else {
                format!("{name}に")
            };
            format!("{to}「{value}」は使えません。{}", why(err, &value))
        }
        ErrorKind::InvalidSubcommand => {
            let name = string(err, ContextKind::InvalidSubcommand)?;
            let mut m = format!("コマンド「{name}」はありません。");
            let suggested = strings(err, ContextKind::SuggestedSubcommand);
            if let Some(s) = suggested.first() {
                let _ = write!(m, "「{s}」のことですか？");
            } else {
                let names: Vec<String> = here
                    .get_subcommands()
                    .filter(|c| !c.is_hide_set())
                    .map(|c| c.get_name().to_string())
                    .collect();
                if !names.is_empty() {
                    let _ = write!(m, "使えるコマンドは {} です。", list(&names));
                }
            }
            m
        }
        ErrorKind::UnknownArgument => {
            let name = string(err, ContextKind::InvalidArg)?;
            if let Some(s) = string(err, ContextKind::SuggestedArg) {
                format!("「{name}」という指定はありません。「{s}」のことですか？")
            } else if let Some(line) = if has_flag(here, &name) && !path.is_empty() {
                // right for the command, but written before it: `tsunagu --root . build`
                Some(command_line(&[&name]))
            } else {
                subcommand_with(here, &name).map(|sub| command_line(&[&sub, &name]))
            } {
                format!("「{name}」は {line} のように、コマンドの後に書きます。")
            } else if name.starts_with('-') {
                format!("「{name}」という指定はありません。")
            } else {
                format!("「{name}」は、ここには書けません。")
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let names: Vec<String> = strings(err, ContextKind::InvalidArg)
                .iter()
                .map(|s| arg_name(cmd, &path, s))
                .collect();
            if names.is_empty() {
                return None;
            }
            format!("{}が指定されていません。", join_names(&names))
        }
        ErrorKind::MissingSubcommand => {
            let valid = strings(err, ContextKind::ValidSubcommand);
            let mut m = format!("{} の後に、コマンドを書いてください。", command_line(&[]));
            if !valid.is_empty() {
                let _ = write!(m, "使えるコマンドは {} です。", list(&valid));
            }
            m
        }
        ErrorKind::ArgumentConflict => {
            let name = arg_name(cmd, &path, &string(err, ContextKind::InvalidArg)?);
            let prior: Vec<String> = strings(err, ContextKind::PriorArg)
                .iter()
                .map(|s| arg_name(cmd, &path, s))
                .collect();
            if prior.is_empty() {
                return None;
            }
            if prior.iter().all(|p| *p == name) {
                format!("{name} は一度だけ指定できます。")
            } else {
                format!("{name} と {} は一緒には使えません。", prior.join("、"))
            }
        }
        _ => return None,
    };
    let mut out = format!("エラー: {message}\n");
    if let Some(ContextValue::StyledStr(usage)) = err.get(ContextKind::Usage) {
        let usage = usage.to_string(); // without its colours
        let usage = usage.strip_prefix("Usage:").unwrap_or(&usage).trim();
        let _ = writeln!(
            out,
            "  {USAGE}: {}",
            usage.replace("\n       ", "\n          ")
        );
    }
    // The help of the command the error is about; clap's `help` command has no --help.
    let mut line = vec![cmd.get_name()];
    line.extend(path.iter().map(String::as_str).take_while(|p| *p != "help"));
    let _ = writeln!(
        out,
        "  ヒント: 使い方は {} --help で見られます。",
        line.join(" ")
    );
    Some(out)
}

/// The missing arguments as one phrase: "作るものの種類と作るファイルの場所", "--pages と --out ".
fn join_names(names: &[String]) -> String {
    let mut out = String::new();
    for (i, n) in names.iter().enumerate() {
        let code = n.starts_with('-') || n.starts_with('<');
        if i > 0 {
            out.push('と');
            if code {
                out.push(' ');
            }
        }
        out.push_str(n);
        if code {
            out.push(' ');
        }
    }
    out
}

/// Whether `cmd` has the option `flag` (`--output`, `--output=x`, `-q`).
fn has_flag(cmd: &Command, flag: &str) -> bool {
    let flag = flag.split('=').next().unwrap_or(flag);
    cmd.get_arguments().any(|a| match flag.strip_prefix("--") {
        Some(long) => a.get_long() == Some(long),
        None => {
            let mut chars = flag.chars();
            chars.next() == Some('-') && {
                let c = chars.next();
                c.is_some() && chars.next().is_none() && a.get_short() == c
            }
        }
    })
}

/// A subcommand of `cmd` that has the option `flag`.
fn subcommand_with(cmd: &Command, flag: &str) -> Option<String> {
    cmd.get_subcommands()
        .find(|sub| has_flag(sub, flag))
        .map(|sub| sub.get_name().to_string())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    /// Every command below `cmd` with its path, clap's `help` command and the copies of the
    /// commands under it included.
    fn commands<'a>(
        cmd: &'a Command,
        path: Vec<&'a str>,
        out: &mut Vec<(Vec<&'a str>, &'a Command)>,
    ) {
        out.push((path.clone(), cmd));
        for sub in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name());
            commands(sub, p, out);
        }
    }

    fn built() -> Command {
        let mut cmd = Cli::command();
        cmd.build();
        cmd
    }

    fn is_japanese(s: &str) -> bool {
        s.chars()
            .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
    }

    /// A new command or option cannot be added without its Japanese text.
    #[test]
    fn every_command_and_argument_has_a_japanese_text() {
        let cmd = built();
        let mut all = Vec::new();
        commands(&cmd, Vec::new(), &mut all);
        let mut missing = Vec::new();
        for (path, c) in &all {
            let key = table_path(path);
            let shown = format!("tsunagu {}", path.join(" "));
            if about(&key).is_none() {
                missing.push(format!("the about of `{shown}` (COMMANDS)"));
            }
            for arg in c.get_arguments().filter(|a| !a.is_hide_set()) {
                let id = arg.get_id().as_str();
                if arg_help(&key, id).is_none() {
                    missing.push(format!("the help of `{id}` in `{shown}` (ARGS)"));
                }
                if arg.is_positional() && positional_name(&key, id).is_none() {
                    missing.push(format!("the name of `{id}` in `{shown}` (NAMES)"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "no Japanese text in src/cli/ja.rs for:\n{}",
            missing.join("\n")
        );
    }

    /// No line of the tables is left over from a command or option that is gone.
    #[test]
    fn every_line_of_the_tables_is_used() {
        let cmd = built();
        let mut all = Vec::new();
        commands(&cmd, Vec::new(), &mut all);
        let paths: Vec<String> = all.iter().map(|(p, _)| table_path(p)).collect();
        let has = |path: &str, id: &str| {
            all.iter().any(|(p, c)| {
                (path == "*" || table_path(p) == path)
                    && c.get_arguments().any(|a| a.get_id() == id)
            })
        };
        for (path, _) in COMMANDS {
            assert!(paths.iter().any(|p| p == path), "no command `{path}`");
        }
        for (path, id, _) in ARGS.iter().chain(NAMES) {
            assert!(has(path, id), "no argument `{id}` in `{path}`");
        }
        for (id, _) in VALUE_NAMES {
            assert!(has("*", id), "no argument `{id}`");
        }
    }

    /// The localized command: every about and help in Japanese, no long English text left,
    /// and none of clap's English words in any command's help.
    #[test]
    fn the_localized_help_has_no_english_left() {
        let cmd = localize(Cli::command());
        let mut all = Vec::new();
        commands(&cmd, Vec::new(), &mut all);
        assert!(all.len() > 20, "{} commands", all.len());
        for (path, c) in &all {
            let about = c.get_about().map(ToString::to_string).unwrap_or_default();
            assert!(is_japanese(&about), "{path:?}: {about}");
            assert!(c.get_long_about().is_none(), "{path:?}");
            for arg in c.get_arguments().filter(|a| !a.is_hide_set()) {
                let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
                assert!(is_japanese(&help), "{path:?} {}: {help}", arg.get_id());
                assert!(arg.get_long_help().is_none(), "{path:?} {}", arg.get_id());
            }
            let help = Command::clone(c).render_long_help().to_string();
            for english in [
                "Usage:",
                "Commands:",
                "Arguments:",
                "Options:",
                "[OPTIONS]",
                "<COMMAND>",
                "[default:",
                "[possible values:",
                "Print",
            ] {
                assert!(!help.contains(english), "{path:?}: {english:?} in\n{help}");
            }
            // No value shown as clap names it (`<ROOT>`, `[QUERY]...`).
            for (i, _) in help.match_indices(['<', '[']) {
                let next = help[i + 1..].chars().next().unwrap_or(' ');
                assert!(!next.is_ascii_uppercase(), "{path:?}: {}", &help[i..]);
            }
        }
    }

    #[test]
    fn the_help_columns_line_up_on_screen() {
        // Where each argument's text starts, in terminal columns (a Japanese character is
        // two): the same on every line of a command's help.
        let width = |s: &str| {
            s.chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<usize>()
        };
        let cmd = localize(Cli::command());
        let mut all = Vec::new();
        commands(&cmd, Vec::new(), &mut all);
        for (path, c) in &all {
            let help = Command::clone(c).term_width(0).render_help().to_string();
            // Per section (引数, オプション, コマンド): a heading starts a new one.
            let mut sections: Vec<Vec<usize>> = Vec::new();
            for l in help.lines() {
                if !l.starts_with(' ') {
                    sections.push(Vec::new());
                    continue;
                }
                let name = l.trim_start();
                let Some(gap) = name.find("  ") else { continue };
                let text = name[gap..].trim_start();
                if let Some(section) = sections.last_mut() {
                    section.push(width(&l[..l.len() - text.len()]));
                }
            }
            assert!(
                sections.iter().all(|s| s.windows(2).all(|w| w[0] == w[1])),
                "{path:?}: {sections:?}\n{help}"
            );
        }
    }

    #[test]
    fn tables_paths_of_the_help_command() {
        assert_eq!(table_path(&[]), "");
        assert_eq!(table_path(&["import", "resources"]), "import resources");
        assert_eq!(table_path(&["help"]), "help");
        assert_eq!(table_path(&["import", "help"]), "help");
        assert_eq!(
            table_path(&["help", "import", "resources"]),
            "import resources"
        );
        assert_eq!(table_path(&["help", "help"]), "help");
        assert_eq!(table_path(&["import", "help", "help"]), "help");
    }

    #[test]
    fn the_command_path_skips_options_and_their_values() {
        let cmd = built();
        let path = |args: &[&str]| {
            let args: Vec<OsString> = std::iter::once("tsunagu")
                .chain(args.iter().copied())
                .map(OsString::from)
                .collect();
            command_path(&cmd, &args)
        };
        assert!(path(&[]).is_empty());
        assert_eq!(
            path(&["-q", "import", "resources", "x.csv"]),
            ["import", "resources"]
        );
        assert_eq!(path(&["--lang", "en", "new", "page"]), ["new"]);
        // `new` is --root's value here, not a command
        assert_eq!(path(&["build", "--root", "new"]), ["build"]);
        assert_eq!(path(&["--root=x", "check"]), ["check"]);
    }

    /// A kind not mapped, or an error without the context expected, is left to clap: never
    /// a panic.
    #[test]
    fn errors_not_mapped_are_left_to_clap() {
        let cmd = built();
        let args = [OsString::from("tsunagu")];
        for kind in [
            ErrorKind::TooManyValues,
            ErrorKind::InvalidValue,
            ErrorKind::InvalidSubcommand,
            ErrorKind::UnknownArgument,
            ErrorKind::MissingRequiredArgument,
            ErrorKind::ValueValidation,
            ErrorKind::ArgumentConflict,
            ErrorKind::Io,
        ] {
            let err = clap::Error::raw(kind, "x");
            assert_eq!(usage_error(&err, &cmd, &args), None, "{kind:?}");
        }
    }
}
