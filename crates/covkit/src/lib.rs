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

pub use covkit_covmap as covmap;
pub use covkit_export as export;
pub use covkit_model as model;
pub use covkit_profile as profile;
pub use covkit_wire as wire;
