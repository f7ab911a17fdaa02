//! How commands fail and how they talk to the user: `warning: <path>:
//! <message>` and `error: <path>: <message>` on standard error.

use std::fmt::Display;
use std::path::Path;

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command line is wrong (exit code 2); the message is printed by
    /// `main`.
    Usage(String),
    /// The command failed and already said why (exit code 1).
    Reported,
}

/// The result of a command.
pub(crate) type Outcome = Result<(), Failure>;

/// Prints `warning: <path>: <message>`.
pub(crate) fn warn(path: &Path, message: impl Display) {
    eprintln!("warning: {}: {message}", path.display());
}

/// Prints `note: <path>: <message>`.
pub(crate) fn note(path: &Path, message: impl Display) {
    eprintln!("note: {}: {message}", path.display());
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
