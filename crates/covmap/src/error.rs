//! The error type of `covkit-covmap`.
//!
//! An [`Error`] is a kind, the absolute byte offset it refers to, and the
//! section it was found in, so a message reads like
//! `region starts after it ends (at offset 0x1c4 in __llvm_covfun)`.

use std::borrow::Cow;

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Coverage mapping that could not be decoded, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} (at offset {offset:#x}{})", section_suffix(.section))]
pub struct Error {
    kind: ErrorKind,
    offset: u64,
    section: Option<&'static str>,
}

fn section_suffix(section: &Option<&'static str>) -> String {
    match section {
        Some(name) => format!(" in {name}"),
        None => String::new(),
    }
}

impl Error {
    /// Creates an error of `kind` at absolute byte `offset`.
    #[must_use]
    pub fn new(kind: ErrorKind, offset: u64) -> Self {
        Error {
            kind,
            offset,
            section: None,
        }
    }

    /// Creates an [`ErrorKind::Malformed`] error at `offset`.
    #[must_use]
    pub fn malformed(message: impl Into<Cow<'static, str>>, offset: u64) -> Self {
        Error::new(ErrorKind::Malformed(message.into()), offset)
    }

    /// The same error, attributed to `section` (the first attribution wins).
    #[must_use]
    pub fn in_section(mut self, section: &'static str) -> Self {
        self.section.get_or_insert(section);
        self
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The absolute byte offset the error refers to.
    #[must_use]
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The section the offset lies in, when known.
    #[must_use]
    pub fn section(&self) -> Option<&'static str> {
        self.section
    }
}

impl From<covkit_wire::Error> for Error {
    fn from(err: covkit_wire::Error) -> Self {
        let (kind, offset) = err.into_parts();
        Error::new(ErrorKind::Wire(kind), offset)
    }
}

impl From<covkit_profile::Error> for Error {
    fn from(err: covkit_profile::Error) -> Self {
        let offset = err.offset();
        match err.kind() {
            covkit_profile::ErrorKind::Wire(kind) => {
                Error::new(ErrorKind::Wire(kind.clone()), offset)
            }
            other => Error::malformed(other.to_string(), offset),
        }
    }
}

/// What went wrong; see [`Error`] for the location.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The cursor failed: truncation, a bad ULEB128, a count past the end,
    /// a zlib payload that does not inflate to its declared size.
    #[error(transparent)]
    Wire(covkit_wire::ErrorKind),
    /// The object file itself could not be parsed.
    #[error("cannot parse object file: {0}")]
    Object(String),
    /// A covmap version this reader does not know (1-based, as LLVM's
    /// `CovMapVersion` enum names it; the file stores this minus one).
    #[error(
        "unsupported coverage mapping version {0} (covkit reads versions 4 to 7, written by LLVM 11 to 22)"
    )]
    UnsupportedVersion(u32),
    /// A section that must appear at most once appears several times.
    #[error("{0} appears more than once")]
    DuplicateSection(&'static str),
    /// The object has coverage records but no names section.
    #[error("no {0} section to resolve function names")]
    MissingNames(&'static str),
    /// A Mach-O universal binary without a choice of architecture.
    #[error("universal binary: choose one architecture of {0}")]
    ChooseArch(String),
    /// A function record refers to a filenames table no covmap block has.
    #[error("no filenames found for function with hash {0:#018x}")]
    UnknownFilenames(u64),
    /// A function record's name hash is not in the names section.
    #[error("no name found for function with name hash {0:#018x}")]
    UnknownName(u64),
    /// Any other violation of the format.
    #[error("{0}")]
    Malformed(Cow<'static, str>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_offset_and_section() {
        let err =
            Error::malformed("region starts after it ends", 0x1c4).in_section("__llvm_covfun");
        assert_eq!(
            err.to_string(),
            "region starts after it ends (at offset 0x1c4 in __llvm_covfun)"
        );
        assert_eq!(
            Error::new(ErrorKind::UnsupportedVersion(9), 8).to_string(),
            "unsupported coverage mapping version 9 (covkit reads versions 4 to 7, written by LLVM 11 to 22) (at offset 0x8)"
        );
    }
}
