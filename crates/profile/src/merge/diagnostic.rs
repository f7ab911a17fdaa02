//! What a merge reports besides its result: inputs it could not use and
//! records it could not merge completely. Diagnostics are data; the caller
//! decides how to print them (the CLI writes `warning: <path>: <message>`).

use std::fmt;

use crate::error::Error;
use crate::record::ValueKind;

/// Why an input's profile kind could not join the merge (LLVM's
/// `InstrProfWriter::mergeProfileKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Incompatibility {
    /// An IR-level profile and one marked front-end (`:fe`).
    IrWithFrontEnd,
    /// A function-entry-only profile and one that instruments blocks (entry
    /// first or loop entries).
    EntryOnlyWithBlocks,
}

/// Data an input carried that the merge does not keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dropped {
    /// Temporal profile traces (and the temporal variant flag).
    TemporalTraces,
    /// A memory profile (and the memprof variant flag).
    MemProf,
}

/// A finding of the merge. `input` is an index into the merge's inputs: the
/// input concerned, or for a record the first (lowest-index) input whose
/// record was affected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Diagnostic {
    /// The input could not be read; it contributes nothing.
    Unreadable {
        /// The input.
        input: usize,
        /// Why.
        error: Error,
    },
    /// The caller could not load the input (see
    /// [`merge_each`](super::merge_each)); it contributes nothing. The
    /// caller knows why and says it.
    NotLoaded {
        /// The input.
        input: usize,
    },
    /// The input is empty (a process that exited before writing its
    /// profile, or a file truncated to nothing); it contributes nothing and
    /// is not a failure, as in `llvm-profdata`, which skips it silently.
    Empty {
        /// The input.
        input: usize,
    },
    /// The input's kind conflicts with the kind most inputs have; it
    /// contributes nothing.
    Incompatible {
        /// The input.
        input: usize,
        /// Which rule it broke.
        reason: Incompatibility,
    },
    /// Records with the same name and hash but another number of counters
    /// were dropped.
    CountMismatch {
        /// The first input whose record was dropped.
        input: usize,
        /// The function name.
        name: Vec<u8>,
        /// The function hash.
        hash: u64,
        /// How many records were dropped.
        records: u32,
    },
    /// Records whose bitmap had another size lost their bitmap bytes and
    /// value data (their counts were merged).
    BitmapMismatch {
        /// The first input whose bitmap was dropped.
        input: usize,
        /// The function name.
        name: Vec<u8>,
        /// The function hash.
        hash: u64,
        /// How many records lost their bitmap.
        records: u32,
    },
    /// Records with another number of value sites of one kind lost those
    /// sites.
    ValueSiteMismatch {
        /// The first input whose sites were dropped.
        input: usize,
        /// The function name.
        name: Vec<u8>,
        /// The function hash.
        hash: u64,
        /// The value kind.
        kind: ValueKind,
        /// How many records lost their sites of this kind.
        records: u32,
    },
    /// Counters (or value counts) of a merged record saturated at LLVM's
    /// cap ([`MAX_COUNT`](crate::format::MAX_COUNT) for counters).
    CounterOverflow {
        /// The first input that contributed to the record.
        input: usize,
        /// The function name.
        name: Vec<u8>,
        /// The function hash.
        hash: u64,
        /// How many counters and value counts saturated.
        counters: usize,
    },
    /// The input carried data the merge does not keep.
    Dropped {
        /// The input.
        input: usize,
        /// What was dropped.
        what: Dropped,
    },
}

impl Diagnostic {
    /// The input the diagnostic is about (see [`Diagnostic`]).
    #[must_use]
    pub fn input(&self) -> usize {
        match self {
            Diagnostic::Unreadable { input, .. }
            | Diagnostic::NotLoaded { input }
            | Diagnostic::Empty { input }
            | Diagnostic::Incompatible { input, .. }
            | Diagnostic::CountMismatch { input, .. }
            | Diagnostic::BitmapMismatch { input, .. }
            | Diagnostic::ValueSiteMismatch { input, .. }
            | Diagnostic::CounterOverflow { input, .. }
            | Diagnostic::Dropped { input, .. } => *input,
        }
    }

    /// Whether the diagnostic means the input was not merged at all (what
    /// the failure modes count).
    #[must_use]
    pub fn is_input_failure(&self) -> bool {
        matches!(
            self,
            Diagnostic::Unreadable { .. }
                | Diagnostic::NotLoaded { .. }
                | Diagnostic::Incompatible { .. }
        )
    }

    /// The order diagnostics are reported in: by input, then by kind, then
    /// by function.
    pub(crate) fn sort_key(&self) -> (usize, u8, &[u8], u64) {
        let rank = match self {
            Diagnostic::Unreadable { .. }
            | Diagnostic::NotLoaded { .. }
            | Diagnostic::Empty { .. } => 0,
            Diagnostic::Incompatible { .. } => 1,
            Diagnostic::Dropped { .. } => 2,
            Diagnostic::CountMismatch { .. } => 3,
            Diagnostic::BitmapMismatch { .. } => 4,
            Diagnostic::ValueSiteMismatch { .. } => 5,
            Diagnostic::CounterOverflow { .. } => 6,
        };
        let (name, hash): (&[u8], u64) = match self {
            Diagnostic::CountMismatch { name, hash, .. }
            | Diagnostic::BitmapMismatch { name, hash, .. }
            | Diagnostic::ValueSiteMismatch { name, hash, .. }
            | Diagnostic::CounterOverflow { name, hash, .. } => (name, *hash),
            _ => (&[], 0),
        };
        (self.input(), rank, name, hash)
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The message, without the input's path; LLVM's wording where LLVM has
/// one, e.g. `main: function basic block count change detected (counter
/// mismatch); 1 record dropped`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Diagnostic::Unreadable { error, .. } => write!(f, "{error}"),
            Diagnostic::NotLoaded { .. } => f.write_str("could not be loaded"),
            Diagnostic::Empty { .. } => f.write_str("empty profile; skipped"),
            Diagnostic::Incompatible { reason, .. } => match reason {
                Incompatibility::IrWithFrontEnd => {
                    f.write_str("cannot merge IR generated profile with Clang generated profile")
                }
                Incompatibility::EntryOnlyWithBlocks => {
                    f.write_str("cannot merge FunctionEntryOnly profiles and BB profiles together")
                }
            },
            Diagnostic::CountMismatch { name, records, .. } => write!(
                f,
                "{}: function basic block count change detected (counter mismatch); \
                 {records} record{} dropped",
                String::from_utf8_lossy(name),
                plural(*records)
            ),
            Diagnostic::BitmapMismatch { name, records, .. } => write!(
                f,
                "{}: function bitmap size change detected (bitmap size mismatch); \
                 bitmap bytes and value data of {records} record{} dropped",
                String::from_utf8_lossy(name),
                plural(*records)
            ),
            Diagnostic::ValueSiteMismatch {
                name,
                kind,
                records,
                ..
            } => write!(
                f,
                "{}: function value site count change detected (counter mismatch); \
                 {kind:?} sites of {records} record{} dropped",
                String::from_utf8_lossy(name),
                plural(*records)
            ),
            Diagnostic::CounterOverflow { name, counters, .. } => write!(
                f,
                "{}: counter overflow; {counters} count{} saturated",
                String::from_utf8_lossy(name),
                if *counters == 1 { "" } else { "s" }
            ),
            Diagnostic::Dropped { what, .. } => match what {
                Dropped::TemporalTraces => {
                    f.write_str("temporal profile traces are not merged; dropped")
                }
                Dropped::MemProf => f.write_str("memory profile data is not merged; dropped"),
            },
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_llvm_wording() {
        let d = Diagnostic::CountMismatch {
            input: 1,
            name: b"main".to_vec(),
            hash: 1,
            records: 2,
        };
        assert_eq!(
            d.to_string(),
            "main: function basic block count change detected (counter mismatch); 2 records dropped"
        );
        assert_eq!(d.input(), 1);
        assert!(!d.is_input_failure());
        let d = Diagnostic::CounterOverflow {
            input: 0,
            name: b"g".to_vec(),
            hash: 1,
            counters: 1,
        };
        assert_eq!(d.to_string(), "g: counter overflow; 1 count saturated");
        let d = Diagnostic::Incompatible {
            input: 3,
            reason: Incompatibility::IrWithFrontEnd,
        };
        assert!(d.is_input_failure());
        assert_eq!(
            d.to_string(),
            "cannot merge IR generated profile with Clang generated profile"
        );
    }
}
