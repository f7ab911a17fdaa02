//! profconv: LLVM coverage profiles and binaries in, reports out.
//!
//! The command-line face of covkit. It owns all file I/O, printing and exit
//! codes; the library crates only take bytes and return data.

#![allow(clippy::print_stdout, clippy::print_stderr)]
use std::process::ExitCode;

const USAGE: &str = "\
profconv: LLVM source-based coverage without LLVM

usage: profconv <command> [options]

options:
  -h, --help      print this help
  -V, --version   print the version
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("-V" | "--version" | "-version") => {
            println!("profconv {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("-h" | "--help" | "-help") | None => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("profconv: unknown command '{other}'\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
