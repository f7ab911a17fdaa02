//! The error type of `covkit-model`.
//!
//! Loading only fails where llvm-cov's `CoverageMapping::load` fails: a
//! profile record that does not decode, or a covfun record whose name is
//! empty. Everything llvm-cov survives (hash mismatches, unknown functions,
//! counters out of range) is a [`Diagnostic`](crate::Diagnostic) instead.

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Why a coverage model could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The profile could not be read while looking a function up.
    #[error(transparent)]
    Profile(#[from] covkit_profile::Error),
    /// A covfun record has an empty function name (llvm-cov: "record
    /// function name is empty").
    #[error("record function name is empty (at offset {offset:#x})")]
    EmptyName {
        /// Absolute offset of the covfun record.
        offset: u64,
    },
}

impl Error {
    /// The absolute byte offset the error refers to: in the profile for
    /// [`Error::Profile`], in the object for [`Error::EmptyName`].
    #[must_use]
    pub fn offset(&self) -> u64 {
        match self {
            Error::Profile(e) => e.offset(),
            Error::EmptyName { offset } => *offset,
        }
    }
}
