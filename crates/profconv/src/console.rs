//! How commands fail and how they talk to the user: `warning: <path>:
//! <message>` and `error: <path>: <message>` on standard error.

use std::fmt::Display;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command line is wrong (exit code 2); the message is printed by
    /// `main`.
    Usage(String),
    /// An input could not be read or an output written, and the command
    /// already said why (exit code 3).
    Reported,
    /// A coverage gate failed, and the command already said which
    /// (exit code 1).
    Gate,
}

/// The exit codes, documented in `profconv --help` and `docs/cli.md`.
pub(crate) mod exit {
    /// A coverage gate failed.
    pub(crate) const GATE: u8 = 1;
    /// The command line is wrong.
    pub(crate) const USAGE: u8 = 2;
    /// An input could not be read, or an output written.
    pub(crate) const INPUT: u8 = 3;
}

/// The result of a command.
pub(crate) type Outcome = Result<(), Failure>;

/// Prints `warning: <path>: <message>`.
pub(crate) fn warn(path: &Path, message: impl Display) {
    eprintln!("warning: {}: {message}", path.display());
}

/// Set once from `--quiet`: notes and the progress bar stay silent.
static QUIET: AtomicBool = AtomicBool::new(false);
/// Set once from `-v` (how many times it was given).
static VERBOSE: AtomicU8 = AtomicU8::new(0);

/// Records `--quiet` and `-v` for the whole run.
pub(crate) fn set_verbosity(quiet: bool, verbose: u8) {
    QUIET.store(quiet, Ordering::Relaxed);
    VERBOSE.store(verbose, Ordering::Relaxed);
}

/// Whether `--quiet` was given.
pub(crate) fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// How many times `-v` was given.
pub(crate) fn verbose() -> u8 {
    VERBOSE.load(Ordering::Relaxed)
}

/// Prints `note: <path>: <message>`, unless `--quiet`.
pub(crate) fn note(path: &Path, message: impl Display) {
    if !quiet() {
        eprintln!("note: {}: {message}", path.display());
    }
}

/// Prints `note: <message>`, unless `--quiet`.
pub(crate) fn note_plain(message: impl Display) {
    if !quiet() {
        eprintln!("note: {message}");
    }
}

/// Prints `error: <path>: <message>` and returns the failure to propagate.
pub(crate) fn error(path: &Path, message: impl Display) -> Failure {
    eprintln!("error: {}: {message}", path.display());
    Failure::Reported
}

/// Prints `error: <message>` and returns the failure to propagate.
pub(crate) fn error_plain(message: impl Display) -> Failure {
    eprintln!("error: {message}");
    Failure::Reported
}
