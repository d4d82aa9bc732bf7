use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tsunagu::cli::run(tsunagu::cli::Cli::parse())
}
