//! The error type of `covkit-profile`.
//!
//! Like [`covkit_wire::Error`], an [`Error`] is a kind plus the absolute byte
//! offset it refers to, and its message ends with the location:
//! `unsupported raw profile version 12 (at offset 0x8)`. Failures of the
//! underlying cursor keep their own message ([`ErrorKind::Wire`]).

use std::borrow::Cow;

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// A profile that could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} (at offset {offset:#x})")]
pub struct Error {
    kind: ErrorKind,
    offset: u64,
}

impl Error {
    /// Creates an error of `kind` at absolute byte `offset`.
    #[must_use]
    pub fn new(kind: ErrorKind, offset: u64) -> Self {
        Error { kind, offset }
    }

    /// Creates an [`ErrorKind::Malformed`] error at `offset`.
    #[must_use]
    pub fn malformed(message: impl Into<Cow<'static, str>>, offset: u64) -> Self {
        Error::new(ErrorKind::Malformed(message.into()), offset)
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
}

impl From<covkit_wire::Error> for Error {
    fn from(err: covkit_wire::Error) -> Self {
        let (kind, offset) = err.into_parts();
        Error::new(ErrorKind::Wire(kind), offset)
    }
}

/// What went wrong while reading a profile; see [`Error`] for the location.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The cursor failed: truncation, a bad ULEB128, a count past the end,
    /// a zlib payload that does not inflate to its declared size.
    #[error(transparent)]
    Wire(covkit_wire::ErrorKind),
    /// The first eight bytes are not a raw or indexed profile magic.
    #[error("not an llvm profile: unknown magic {magic:#018x}")]
    BadMagic {
        /// The first eight bytes, read as a little-endian u64.
        magic: u64,
    },
    /// A raw profile of a version covkit does not read.
    #[error(
        "unsupported raw profile version {version} (covkit reads raw versions 5, 7, 8, 9, 10 and 11{hint})"
    )]
    UnsupportedRawVersion {
        /// The version number, without variant flags.
        version: u64,
        /// Which LLVM likely wrote the file, as `"; ..."`, or empty.
        hint: &'static str,
    },
    /// An indexed profile of a version covkit does not read.
    #[error(
        "unsupported indexed profile version {version} (covkit reads indexed versions 5 to 13{hint})"
    )]
    UnsupportedIndexedVersion {
        /// The version number, without variant flags.
        version: u64,
        /// Which LLVM likely wrote the file, as `"; ..."`, or empty.
        hint: &'static str,
    },
    /// A raw profile whose data and names live in the binary, not the file.
    #[error(
        "raw profile carries no function records: it was written with {0} correlation, so its \
         records must be taken from the instrumented binary, which covkit does not do yet"
    )]
    Correlated(&'static str),
    /// Any other violation of the format.
    #[error("{0}")]
    Malformed(Cow<'static, str>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_end_with_the_offset() {
        let err = Error::new(
            ErrorKind::UnsupportedRawVersion {
                version: 12,
                hint: "",
            },
            8,
        );
        assert_eq!(
            err.to_string(),
            "unsupported raw profile version 12 (covkit reads raw versions 5, 7, 8, 9, 10 and 11) (at offset 0x8)"
        );
        let wire = covkit_wire::Reader::new(&[], covkit_wire::Endian::Little)
            .read_u64()
            .unwrap_err();
        assert_eq!(
            Error::from(wire).to_string(),
            "unexpected end of data reading u64 (at offset 0x0)"
        );
    }
}
