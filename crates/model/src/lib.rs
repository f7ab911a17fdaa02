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
//! It joins covfun records to profile counters, evaluates expressions, turns
//! regions into segments, lines, branches, MC/DC records and functions,
//! groups instantiations and computes summaries, exactly as llvm-cov 22 does.
//! It never sees profile or object bytes, and prints nothing: findings such
//! as hash mismatches come back as diagnostics.

pub use covkit_covmap as covmap;
pub use covkit_profile as profile;
