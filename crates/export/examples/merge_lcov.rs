//! Merges lcov tracefiles into one: records of the same file add up,
//! whichever tool wrote them and however often a file repeats.
//!
//! ```sh
//! cargo run -q -p covkit-export --example merge_lcov -- a.info b.info > merged.info
//! cargo run -q -p covkit-export --example merge_lcov -- -o merged.info a.info b.info
//! ```
//!
//! What the reader accepted but changed or skipped goes to stderr as a
//! warning, prefixed with the path.

#![allow(clippy::print_stderr)]

use std::fs::File;
use std::io::{self, Write};
use std::process::ExitCode;

use covkit_export::lcov;
use covkit_export::tracefile::Tracefile;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let output = match args.iter().position(|a| a == "-o") {
        Some(at) if at + 1 < args.len() => {
            let path = args.remove(at + 1);
            args.remove(at);
            Some(path)
        }
        Some(_) => return usage(),
        None => None,
    };
    if args.is_empty() {
        return usage();
    }
    match run(&args, output.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: merge_lcov [-o OUTPUT] TRACEFILE...");
    ExitCode::from(2)
}

fn run(inputs: &[String], output: Option<&str>) -> Result<(), String> {
    let mut merged = Tracefile::default();
    for path in inputs {
        let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        let (tracefile, diagnostics) =
            lcov::read_with_diagnostics(&bytes).map_err(|e| format!("{path}: {e}"))?;
        for d in diagnostics {
            eprintln!("warning: {path}: {d}");
        }
        merged.merge(tracefile);
    }
    let out: Box<dyn Write> = match output {
        Some(path) => Box::new(File::create(path).map_err(|e| format!("{path}: {e}"))?),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = io::BufWriter::new(out);
    lcov::write_tracefile(&merged, &mut out).map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())
}
