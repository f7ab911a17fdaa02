//! The error type of `covkit-export`.
//!
//! The writers only fail when their output does (`io::Result`); what can be
//! wrong with an input, such as an lcov tracefile given to
//! [`crate::lcov::read`], is an [`Error`]: a kind plus the 1-based line of
//! the input it refers to, with a message that ends with the location:
//! `malformed DA record: line number out of range (at line 12)`. The CLI adds
//! the path.

use std::borrow::Cow;

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// An input that could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} (at line {line})")]
pub struct Error {
    kind: ErrorKind,
    line: u64,
}

impl Error {
    /// Creates an error of `kind` at 1-based input `line`.
    #[must_use]
    pub fn new(kind: ErrorKind, line: u64) -> Self {
        Error { kind, line }
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The 1-based line of the input the error refers to.
    #[must_use]
    pub fn line(&self) -> u64 {
        self.line
    }
}

/// What went wrong while reading an input; see [`Error`] for the location.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A record of a known type whose fields do not parse.
    #[error("malformed {record} record: {what}")]
    Malformed {
        /// The record type, such as `DA` or `BRDA`.
        record: &'static str,
        /// What is wrong with it.
        what: Cow<'static, str>,
    },
    /// A data record before any `SF` record, or after an `end_of_record`
    /// with no `SF` since.
    #[error("{record} record outside a file section (no SF record before it)")]
    OutsideFile {
        /// The record type.
        record: &'static str,
    },
    /// An `FNDA` record naming a function that no `FN` record of its file
    /// section defines.
    #[error("FNDA record for function {name:?}, which no FN record of the file section defines")]
    UndefinedFunction {
        /// The function name, cut to 100 characters.
        name: String,
    },
    /// An `FNA` record whose index no `FNL` record of its file section
    /// defines.
    #[error("FNA record with index {index}, which no FNL record of the file section defines")]
    UndefinedFunctionIndex {
        /// The index.
        index: u64,
    },
    /// An `FNL` record reusing the index of an earlier one of its file
    /// section.
    #[error("FNL record with index {index}, which an earlier FNL record of the file section uses")]
    DuplicateFunctionIndex {
        /// The index.
        index: u64,
    },
    /// A line that is neither a record (`TAG:...`), `end_of_record`, a
    /// comment nor blank.
    #[error("not an lcov record: {line:?}")]
    NotARecord {
        /// The start of the line, cut to 40 characters.
        line: String,
    },
}

/// `text` cut to at most `max` characters, marked with `...` when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}...", text.get(..at).unwrap_or_default()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_end_with_the_line() {
        let err = Error::new(
            ErrorKind::Malformed {
                record: "DA",
                what: "line number out of range".into(),
            },
            12,
        );
        assert_eq!(
            err.to_string(),
            "malformed DA record: line number out of range (at line 12)"
        );
        assert_eq!(err.line(), 12);
        let err = Error::new(ErrorKind::OutsideFile { record: "DA" }, 1);
        assert_eq!(
            err.to_string(),
            "DA record outside a file section (no SF record before it) (at line 1)"
        );
    }

    #[test]
    fn long_inputs_are_shortened() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "abc...");
        assert_eq!(shorten("ééé", 2), "éé...");
    }
}
