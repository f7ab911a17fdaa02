//! The coverage model, with llvm-cov's semantics.
//!
//! Where it sits in the data flow:
//!
//! ```text
//! covkit-profile (counters) --+
//!                             +--> covkit-model --> covkit-export
//! covkit-covmap  (regions) ---+
//! ```
//!
//! It joins covfun records to profile counters ([`Coverage::load`], through
//! a [`CountSource`]), evaluates expressions, turns regions into segments
//! and lines ([`segments`]), keeps branches, groups instantiations and
//! computes summaries ([`summary`]), exactly as llvm-cov 22 does, and on
//! request demangles function names ([`demangle`]). It never
//! sees profile or object bytes, and prints nothing: findings such as hash
//! mismatches come back as [`Diagnostic`]s.
//!
//! ```
//! use covkit_covmap::Function;
//! use covkit_covmap::ids::{FileId, FilenamesRef, FuncHash, NameHash, Position};
//! use covkit_covmap::mapping::FunctionMapping;
//! use covkit_covmap::counter::Counter;
//! use covkit_covmap::ids::CounterId;
//! use covkit_covmap::region::{Region, RegionKind};
//! use covkit_model::{Coverage, FunctionCounts, RecordCounts};
//!
//! // `main` in /src/main.c: one code region 1:12-3:2 with counter 0.
//! let main = Function {
//!     name: "main".into(),
//!     name_hash: NameHash(0),
//!     func_hash: FuncHash(42),
//!     filenames_ref: FilenamesRef(0),
//!     filenames: vec!["/src".to_owned(), "/src/main.c".to_owned()].into(),
//!     mapping: FunctionMapping {
//!         file_map: vec![1],
//!         expressions: vec![],
//!         regions: vec![Region {
//!             counter: Counter::Counter(CounterId(0)),
//!             kind: RegionKind::Code,
//!             file: FileId(0),
//!             start: Position::new(1, 12),
//!             end: Position::new(3, 2),
//!         }],
//!     },
//!     offset: 0,
//! };
//! let mut counts = RecordCounts::default();
//! counts.insert(b"main", 42, FunctionCounts { counts: vec![3], bitmap: vec![] });
//! let model = Coverage::load([&main], &counts)?;
//! assert_eq!(model.source_files(), ["/src/main.c"]);
//! let lines: Vec<(u32, u64)> = model
//!     .lines("/src/main.c")
//!     .filter(|l| l.mapped)
//!     .map(|l| (l.line, l.count))
//!     .collect();
//! assert_eq!(lines, [(1, 3), (2, 3), (3, 3)]);
//! assert_eq!(model.file_summary("/src/main.c").lines.total, 3);
//! # Ok::<(), covkit_model::Error>(())
//! ```

pub mod counts;
mod coverage;
mod cpp_budget;
pub mod demangle;
mod diagnostic;
mod error;
mod evaluate;
pub mod function;
pub mod mcdc;
mod parallel;
pub mod paths;
pub mod segments;
pub mod summary;

pub use counts::{CountSource, FunctionCounts, Lookup, RecordCounts};
pub use coverage::{Coverage, CoverageData, ExpansionRecord, InstantiationGroup};
pub use covkit_covmap as covmap;
pub use covkit_profile as profile;
pub use diagnostic::Diagnostic;
pub use error::{Error, Result};
pub use function::{CountedBranch, CountedKind, CountedRegion, FunctionRecord};
pub use mcdc::McdcRecord;

impl Coverage {
    /// The line stats of `file`'s view from line 1 to its last segment, as
    /// lcov's `DA:` lines walk them.
    #[must_use]
    pub fn lines(&self, file: &str) -> std::vec::IntoIter<segments::LineStats> {
        let view = self.file_coverage(file);
        segments::Lines::new(&view.segments, 1)
            .collect::<Vec<_>>()
            .into_iter()
    }
}
