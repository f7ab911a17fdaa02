//! Report writers over the coverage model: lcov (read and write), llvm-cov
//! JSON, Cobertura, Sonar generic coverage and the `llvm-cov report` table.
//!
//! Where it sits in the data flow:
//!
//! ```text
//! covkit-model --> covkit-export --> bytes (any `std::io::Write`)
//! ```
//!
//! Writers never see a raw format and never open files: each takes the model,
//! its options and a writer.

pub use covkit_model as model;
