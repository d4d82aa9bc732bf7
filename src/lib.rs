//! tsunagu (つなぐ): a static site generator for a city's welfare plan (地域福祉計画) and its
//! directory of local help, built for residents, people using assistive technology, and the
//! staff who keep it up to date.
//!
//! Pipeline, one module per stage: [`config`] → [`content`] (load) → [`link`] →
//! [`render`] → [`output`] (write), run by [`site`]; [`markdown`] renders content and
//! [`diagnostics`] reports problems in plain Japanese (or English).

// A `Diagnostic` is made once per problem a person must fix, never on a hot path: its
// size does not matter, and boxing it would only add noise.
#![allow(clippy::result_large_err)]

/// mimalloc for every binary and test that links the library: a build allocates and frees
/// millions of small strings on two threads, and glibc's malloc spent about a sixth of
/// the build's CPU doing it (10,000 pages: 7.3 s of CPU → 6.0 s). The `mimalloc` feature,
/// on by default; the fuzz targets turn it off.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod accessibility;
pub mod assets;
pub mod cli;
pub mod config;
pub mod content;
pub mod corpus;
pub mod dates;
pub mod diagnostics;
pub mod furigana;
pub mod holidays;
pub mod images;
pub mod link;
pub mod linkcheck;
pub mod markdown;
pub mod minify;
pub mod opendata;
pub mod output;
pub mod progress;
pub mod render;
pub mod schedule;
pub mod search;
pub mod serve;
pub mod site;
pub mod theme;
