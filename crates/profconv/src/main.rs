//! profconv: LLVM coverage profiles and binaries in, reports out.
//!
//! The command-line face of covkit. It owns all file I/O, printing and exit
//! codes; the library crates only take bytes and return data.
//!
//! Commands so far, spelled as `llvm-profdata` and `llvm-cov` spell them
//! (single-dash long options such as `-sparse` or `-output=FILE` work too):
//!
//! - `profconv export [-format=text|lcov] -instr-profile=PROFILE... BIN
//!   [-object BIN]... [SOURCES]... [-skip-functions] [-skip-branches]
//!   [-skip-expansions] [-summary-only] [-o [FORMAT=]OUT]...`: the JSON or
//!   lcov `llvm-cov export` writes, and Cobertura or Sonar generic coverage
//!   (`-format=cobertura|sonar`, `--source-root DIR`); raw profiles are
//!   merged in memory; `-o FORMAT=PATH` writes several formats in one run.
//! - `profconv report -instr-profile=PROFILE... BIN [SOURCES]...
//!   [-show-functions] [-show-region-summary] [-show-branch-summary]
//!   [-show-instantiation-summary] [-show-mcdc-summary] [-use-color]`: the
//!   table `llvm-cov report` prints.
//! - `profconv check -instr-profile=PROFILE... BIN [SOURCES]...
//!   [--fail-under-lines|-regions|-functions|-branches PCT]...
//!   [--fail-uncovered-lines|-regions|-functions|-branches N]...
//!   [--fail-under-file-lines PCT] [--baseline[=FILE|auto]
//!   [--baseline-mode ci|devel] [--tolerance PCT]]`: the coverage gates.
//!   It prints one line per metric (`lines: 93.41% (1234/1321)`, then
//!   regions, functions, branches, instantiations and mcdc) and exits with
//!   1 when a threshold is not met or the line coverage left the tolerance
//!   of a rust-vmm-ci `coverage_config_<arch>.json` (found breadth first
//!   from the current directory when no FILE is given); `devel` mode
//!   raises the file's `coverage_score` instead when coverage rose.
//! - `profconv convert IN.lcov... [--format=cobertura|sonar|lcov]
//!   [-o [FORMAT=]OUT]... [--source-root DIR] [--demangle]
//!   [--cobertura-max-size SIZE]`: lcov tracefiles merged and converted.
//! - `profconv completions SHELL` and `profconv man [--dir DIR]`: shell
//!   completions and man pages from the same definitions.
//! - `profconv merge [-sparse] [-o OUT] [--weighted-input=W,FILE]
//!   [--failure-mode=any|all|warn] [--num-threads=N] [--text] INPUTS...`
//! - `profconv show [--all-functions] [--counts] [--text]
//!   [--llvm-version=N] FILE`
//! - `profconv dump [--stats] [--arch ARCH] FILE`: the structure of a raw or
//!   indexed profile, or the coverage mapping of a binary (with `--stats`,
//!   counts of functions and regions per kind).
//!
//! Exit codes: 0 on success, 1 when a coverage gate fails, 2 for usage
//! errors, 3 when an input cannot be read (or an output written).
//! Warnings and errors go to standard error as `warning: <path>: <message>`
//! and `error: <path>: <message>`.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod check;
mod cli;
mod console;
mod convert;
mod coverage;
mod dump;
mod export;
mod files;
mod generate;
mod glob;
mod merge;
mod objects;
mod outputs;
mod progress;
mod report;
mod show;

use std::process::ExitCode;

use clap::Parser as _;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let args = cli::normalize(std::env::args_os());
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version go to stdout with code 0, usage errors to
            // stderr with code 2.
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    console::set_verbosity(cli.quiet, cli.verbose);
    let result = match cli.command {
        Command::Merge(args) => merge::run(&args),
        Command::Show(args) => show::run(&args),
        Command::Dump(args) => dump::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Convert(args) => convert::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Completions(args) => generate::completions(&args),
        Command::Man(args) => generate::man(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(console::Failure::Usage(message)) => {
            eprintln!("profconv: {message}");
            ExitCode::from(console::exit::USAGE)
        }
        Err(console::Failure::Reported) => ExitCode::from(console::exit::INPUT),
        Err(console::Failure::Gate) => ExitCode::from(console::exit::GATE),
    }
}
