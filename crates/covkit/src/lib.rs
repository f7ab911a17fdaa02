//! covkit: LLVM source-based coverage without LLVM.
//!
//! The facade over the covkit crates, for Rust tools that want profiles and
//! binaries in and a coverage model or report out:
//!
//! ```text
//! profiles --> profile --+
//!                        +--> model --> export
//! binaries --> covmap ---+
//! ```
//!
//! - [`wire`]: the panic-free byte cursor every decoder stands on.
//! - [`profile`]: raw, indexed and text profiles.
//! - [`covmap`]: the coverage mapping of instrumented binaries.
//! - [`model`]: regions to lines, branches and functions as llvm-cov does.
//! - [`export`]: report writers.
//!
//! The whole path is two calls: [`load`] builds the model from the bytes of
//! the instrumented binaries and of any number of profiles (raw profiles are
//! merged in memory, as `llvm-profdata merge` would), and an exporter writes
//! it. This is `llvm-profdata merge` followed by `llvm-cov export
//! -format=lcov`, byte for byte:
//!
//! ```
//! use covkit::export::lcov::{LcovOptions, write};
//!
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/corpus/rustc-1.95/rs_lib/");
//! let read = |name: &str| std::fs::read(format!("{dir}{name}")).unwrap();
//! let binary = read("program");
//! let runs = [read("run-1.profraw"), read("run-2.profraw")];
//!
//! let coverage = covkit::load(&[&binary], &[&runs[0], &runs[1]])?;
//! let mut lcov = Vec::new();
//! write(&coverage.model, &LcovOptions::default(), &mut lcov)?;
//!
//! assert_eq!(lcov, read("oracle/llvm-cov-22.export.llvm22-profile.lcov"));
//! assert!(coverage.diagnostics.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use covkit_covmap as covmap;
pub use covkit_export as export;
pub use covkit_model as model;
pub use covkit_profile as profile;
pub use covkit_wire as wire;

use covkit_covmap::{LoadOptions, ObjectCoverage, load_object};
use covkit_model::{Coverage, RecordCounts};
use covkit_profile::merge::{Diagnostic, FailureMode, Input, MergeOptions, merge};

/// What [`load`] could not read, and which input it was.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Binary `index` (of the `objects` given) is not a readable object file.
    #[error("object {index}: {source}")]
    Object {
        /// Which object.
        index: usize,
        /// Why.
        source: covkit_covmap::Error,
    },
    /// None of the objects carries coverage data.
    #[error("no coverage data found in the objects")]
    NoCoverage,
    /// The profiles could not be merged: every input was unreadable, or one
    /// was (the first diagnostic says which, and why).
    #[error("profiles cannot be merged: {}", first_reason(.0))]
    Profiles(Vec<Diagnostic>),
    /// The mapping and the counters could not be joined.
    #[error(transparent)]
    Model(#[from] covkit_model::Error),
}

fn first_reason(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .first()
        .map_or_else(|| "no profile given".to_owned(), ToString::to_string)
}

/// A coverage model and what loading it found worth saying.
#[derive(Debug)]
pub struct Loaded {
    /// The model, ready for any exporter.
    pub model: Coverage,
    /// Findings of the profile merge (saturated counters, conflicting
    /// records); the model's own findings are in [`Coverage::diagnostics`].
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the coverage model of `objects` (instrumented binaries, objects,
/// archives) from `profiles` (raw, indexed or text, in any mix), as
/// `llvm-profdata merge` and `llvm-cov` would.
///
/// # Errors
///
/// An object that cannot be read, no coverage data in any object, profiles
/// that cannot be merged (any unreadable profile fails the load, as
/// `llvm-profdata merge`'s default failure mode does), or a mapping that
/// cannot be joined to the counters.
pub fn load(objects: &[&[u8]], profiles: &[&[u8]]) -> Result<Loaded, Error> {
    let mut mappings: Vec<ObjectCoverage> = Vec::new();
    for (index, bytes) in objects.iter().enumerate() {
        match load_object(bytes, &LoadOptions::default()) {
            Ok(Some(found)) => mappings.extend(found),
            Ok(None) => {}
            Err(source) => return Err(Error::Object { index, source }),
        }
    }
    if mappings.is_empty() {
        return Err(Error::NoCoverage);
    }
    let inputs: Vec<Input<'_>> = profiles.iter().map(|p| Input::weighted(p, 1)).collect();
    let options = MergeOptions {
        failure_mode: FailureMode::Any,
        threads: 0,
    };
    let merged =
        merge(&inputs, &options).map_err(|failure| Error::Profiles(failure.diagnostics))?;
    let counts = RecordCounts::new(&merged.records);
    let model = Coverage::from_objects(&mappings, &counts)?;
    Ok(Loaded {
        model,
        diagnostics: merged.diagnostics,
    })
}
