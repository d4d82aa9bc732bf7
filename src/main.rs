use std::process::ExitCode;

fn main() -> ExitCode {
    match tsunagu::cli::parse(std::env::args_os()) {
        Ok(cli) => tsunagu::cli::run(cli),
        Err(status) => status,
    }
}
