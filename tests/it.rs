//! Every integration test in one binary, `cargo test --test it` (one link of the tsunagu
//! library and its IPADIC instead of one per file); the files stay in `tests/`, one module
//! each: `cargo test --test it serve::` runs those of `tests/serve.rs`.

mod accessibility;
mod bad_input;
mod cli;
mod common;
mod corpus;
mod directory;
mod errors;
mod furigana;
mod fuzz_regressions;
mod glossary;
mod hardening;
mod images;
mod import;
mod import_xlsx;
mod list_limit;
mod messages;
mod news;
mod opendata;
mod pictures;
mod plan;
mod schedule;
mod search;
mod security;
mod serve;
mod staff;
mod theme;
