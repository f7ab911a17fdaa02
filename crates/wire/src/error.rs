//! The error type shared by every decoder built on [`Reader`](crate::Reader).
//!
//! An [`Error`] is an [`ErrorKind`] plus the absolute byte offset it refers to;
//! its message is lowercase, has no trailing period and ends with the
//! location, e.g. `unexpected end of data reading u64 (at offset 0x48)`.
//! For errors raised by a read the offset is where that read started, so it
//! names the field that could not be decoded.
//!
//! Crates above this one keep their own error enum and wrap this type with
//! `#[from] covkit_wire::Error`; they reuse [`ErrorKind::Invalid`] (through
//! [`Error::invalid`] or [`Reader::invalid`](crate::Reader::invalid)) for
//! format-specific findings that only need a message and an offset.

use std::borrow::Cow;

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// A decoding failure at an absolute byte offset.
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

    /// Creates an [`ErrorKind::Invalid`] error: a format-specific problem
    /// described by `message` (lowercase, no trailing period).
    #[must_use]
    pub fn invalid(message: impl Into<Cow<'static, str>>, offset: u64) -> Self {
        Error::new(ErrorKind::Invalid(message.into()), offset)
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

    /// Splits the error into its kind and offset.
    #[must_use]
    pub fn into_parts(self) -> (ErrorKind, u64) {
        (self.kind, self.offset)
    }
}

/// What went wrong while decoding; see [`Error`] for the location.
///
/// Messages are lowercase and carry no location; [`Error`]'s message appends
/// `(at offset 0x…)`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The data ended before a value could be read completely.
    #[error("unexpected end of data reading {what}")]
    UnexpectedEof {
        /// What was being read, e.g. `"u64"` or `"uleb128"`.
        what: &'static str,
        /// How many bytes the read needed (for ULEB128, the bytes seen so far
        /// plus one).
        needed: u64,
        /// How many bytes were left.
        available: usize,
    },
    /// A ULEB128 value has bits set beyond what the target type holds.
    #[error("uleb128 value does not fit in u{bits}")]
    UlebOverflow {
        /// The width of the target type: 32 or 64.
        bits: u32,
    },
    /// A ULEB128 value continues past the ten bytes any `u64` needs.
    #[error("uleb128 value longer than 10 bytes")]
    UlebTooLong,
    /// A length-delimited region has bytes left after its last field.
    #[error("{count} unexpected trailing bytes")]
    TrailingBytes {
        /// How many bytes were left.
        count: usize,
    },
    /// A count read from the input cannot fit in the bytes that remain.
    #[error(
        "{what} count {count} too large: needs at least {min_elem_size} bytes each, {available} bytes remain"
    )]
    CountTooLarge {
        /// What is being counted, e.g. `"function record"`.
        what: &'static str,
        /// The count as read.
        count: u64,
        /// The fewest bytes one element can take.
        min_elem_size: usize,
        /// The bytes left in the reader.
        available: usize,
    },
    /// An alignment of zero was requested.
    #[error("invalid alignment {align}")]
    InvalidAlignment {
        /// The requested alignment.
        align: usize,
    },
    /// A declared uncompressed size exceeds [`MAX_INFLATE_LEN`](crate::MAX_INFLATE_LEN).
    #[error("declared uncompressed size {declared} exceeds the limit of {limit} bytes")]
    InflateLimit {
        /// The declared uncompressed size.
        declared: usize,
        /// The limit it exceeds.
        limit: usize,
    },
    /// A declared uncompressed size is more than zlib can produce from the
    /// compressed size (see [`MAX_DEFLATE_RATIO`](crate::MAX_DEFLATE_RATIO)).
    #[error(
        "declared uncompressed size {declared} is impossible for {compressed} compressed bytes"
    )]
    InflateImplausible {
        /// The declared uncompressed size.
        declared: usize,
        /// The size of the compressed data.
        compressed: usize,
    },
    /// The zlib stream produces more bytes than declared.
    #[error("zlib stream inflates past its declared size of {declared} bytes")]
    InflateOverrun {
        /// The declared uncompressed size.
        declared: usize,
    },
    /// The zlib stream ends before producing the declared size.
    #[error("zlib stream ends after {actual} of {declared} declared bytes")]
    InflateShort {
        /// The declared uncompressed size.
        declared: usize,
        /// The bytes it produced.
        actual: usize,
    },
    /// The compressed data ends in the middle of the zlib stream.
    #[error("zlib stream truncated after {compressed} compressed bytes")]
    InflateTruncated {
        /// The size of the compressed data.
        compressed: usize,
    },
    /// Compressed bytes follow the end of the zlib stream.
    #[error("{count} unexpected bytes after the end of the zlib stream")]
    InflateTrailing {
        /// How many bytes follow the stream.
        count: usize,
    },
    /// The zlib stream is corrupt (bad header, invalid code, checksum
    /// mismatch).
    #[error("corrupt zlib stream: {message}")]
    InflateCorrupt {
        /// The decompressor's description.
        message: String,
    },
    /// A format-specific problem, for decoders built on this crate.
    #[error("{0}")]
    Invalid(Cow<'static, str>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_end_with_the_location() {
        let cases: &[(ErrorKind, u64, &str)] = &[
            (
                ErrorKind::UnexpectedEof {
                    what: "u64",
                    needed: 8,
                    available: 3,
                },
                0x48,
                "unexpected end of data reading u64 (at offset 0x48)",
            ),
            (
                ErrorKind::UlebOverflow { bits: 32 },
                0,
                "uleb128 value does not fit in u32 (at offset 0x0)",
            ),
            (
                ErrorKind::UlebTooLong,
                0xAB,
                "uleb128 value longer than 10 bytes (at offset 0xab)",
            ),
            (
                ErrorKind::TrailingBytes { count: 3 },
                16,
                "3 unexpected trailing bytes (at offset 0x10)",
            ),
            (
                ErrorKind::InflateShort {
                    declared: 10,
                    actual: 4,
                },
                0x1_0000_0000,
                "zlib stream ends after 4 of 10 declared bytes (at offset 0x100000000)",
            ),
            (
                ErrorKind::Invalid("bad magic".into()),
                0,
                "bad magic (at offset 0x0)",
            ),
        ];
        for (kind, offset, expected) in cases {
            assert_eq!(Error::new(kind.clone(), *offset).to_string(), *expected);
        }
    }

    #[test]
    fn accessors() {
        let e = Error::invalid(format!("unsupported version {}", 12), 8);
        assert_eq!(e.offset(), 8);
        assert_eq!(
            e.kind(),
            &ErrorKind::Invalid("unsupported version 12".into())
        );
        assert_eq!(e.to_string(), "unsupported version 12 (at offset 0x8)");
        let (kind, offset) = e.into_parts();
        assert_eq!(offset, 8);
        assert!(matches!(kind, ErrorKind::Invalid(_)));
    }
}
