//! A whole coverage tool in a screenful: lcov from an instrumented binary
//! and its profiles, the way a tool author would start.
//!
//! ```sh
//! cargo run -q -p covkit --example lcov -- \
//!     fixtures/corpus/rustc-1.95/rs_lib/program \
//!     fixtures/corpus/rustc-1.95/rs_lib/run-1.profraw \
//!     fixtures/corpus/rustc-1.95/rs_lib/run-2.profraw
//! ```

#![allow(clippy::print_stderr)]

use std::io::{self, Write as _};
use std::process::ExitCode;

use covkit::export::lcov::{LcovOptions, write};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((binary, profiles)) = args.split_first() else {
        eprintln!("usage: lcov BINARY PROFILE...");
        return ExitCode::from(2);
    };
    match run(binary, profiles) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(binary: &str, profiles: &[String]) -> Result<(), String> {
    let read = |path: &str| std::fs::read(path).map_err(|e| format!("{path}: {e}"));
    let binary = read(binary)?;
    let profiles = profiles
        .iter()
        .map(|p| read(p))
        .collect::<Result<Vec<_>, _>>()?;
    let profiles: Vec<&[u8]> = profiles.iter().map(Vec::as_slice).collect();

    let loaded = covkit::load(&[&binary], &profiles).map_err(|e| e.to_string())?;
    let mismatched = loaded.model.mismatched_count();
    if mismatched > 0 {
        eprintln!("warning: {mismatched} functions have mismatched data");
    }
    let stdout = io::stdout().lock();
    let mut out = io::BufWriter::new(stdout);
    write(&loaded.model, &LcovOptions::default(), &mut out).map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())
}
