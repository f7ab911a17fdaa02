//! Findings that do not stop loading, returned as data.

use std::fmt;

/// Something llvm-cov survives while loading, and what it did about it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Diagnostic {
    /// The profile has records under this name but none with this hash:
    /// the function is dropped. llvm-cov counts these and prints "warning:
    /// N functions have mismatched data".
    HashMismatch {
        /// The PGO name.
        name: String,
        /// The covmap hash.
        hash: u64,
    },
    /// The profile does not know the function: it is shown with zero
    /// counts.
    UnknownFunction {
        /// The PGO name.
        name: String,
        /// The covmap hash.
        hash: u64,
    },
    /// A single zero region while the profile has a non-zero entry count:
    /// a dummy from another translation unit, ignored.
    DummyIgnored {
        /// The PGO name.
        name: String,
        /// The covmap hash.
        hash: u64,
    },
    /// A region refers to a counter the profile does not have: llvm-cov
    /// drops the function without a message.
    CounterOutOfRange {
        /// The PGO name.
        name: String,
        /// The covmap hash.
        hash: u64,
    },
    /// An MC/DC decision whose conditions do not form a decision diagram,
    /// or one too large to enumerate: it has no MC/DC record.
    McdcDecisionSkipped {
        /// The PGO name.
        name: String,
        /// The covmap hash.
        hash: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// The function's expansion regions form a cycle, or unfold into more
    /// than [`MAX_EXPANSIONS`](crate::function::MAX_EXPANSIONS)
    /// expansions: the function is dropped (llvm-cov would recurse
    /// without end, or for exponentially long).
    ExpansionsRejected {
        /// The PGO name.
        name: String,
        /// The covmap hash.
        hash: u64,
        /// What is wrong with them.
        reason: String,
    },
    /// An earlier function has the same displayed name and file list: this
    /// one is skipped.
    Duplicate {
        /// The PGO name.
        name: String,
        /// The covmap hash.
        hash: u64,
    },
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Diagnostic::HashMismatch { name, hash } => {
                write!(f, "{name}: hash {hash:#x} does not match the profile")
            }
            Diagnostic::UnknownFunction { name, hash } => {
                write!(
                    f,
                    "{name}: hash {hash:#x} not in the profile, counted as zero"
                )
            }
            Diagnostic::DummyIgnored { name, hash } => {
                write!(f, "{name}: hash {hash:#x} unused-function record ignored")
            }
            Diagnostic::CounterOutOfRange { name, hash } => {
                write!(
                    f,
                    "{name}: hash {hash:#x} refers to a missing counter, dropped"
                )
            }
            Diagnostic::McdcDecisionSkipped { name, hash, reason } => {
                write!(f, "{name}: hash {hash:#x} MC/DC decision skipped: {reason}")
            }
            Diagnostic::ExpansionsRejected { name, hash, reason } => {
                write!(f, "{name}: hash {hash:#x} dropped: {reason}")
            }
            Diagnostic::Duplicate { name, hash } => {
                write!(f, "{name}: hash {hash:#x} duplicate record skipped")
            }
        }
    }
}
