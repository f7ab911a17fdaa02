//! Report writers over the coverage model: lcov (read and write), llvm-cov
//! JSON, Cobertura, Sonar generic coverage and the `llvm-cov report` table.
//!
//! Where it sits in the data flow:
//!
//! ```text
//! covkit-model --> covkit-export --> bytes (any `std::io::Write`)
//! ```
//!
//! Writers never see a raw format and never open files: each takes the model
//! (or a [`tracefile::Tracefile`]), its options and a writer. Readers of
//! report formats (lcov) take bytes and return a [`tracefile::Tracefile`] or
//! an [`Error`] naming the line.
//!
//! ```
//! use covkit_export::lcov::{self, LcovOptions};
//! use covkit_export::model::{Coverage, RecordCounts};
//!
//! // An empty model writes nothing.
//! let model = Coverage::load([], &RecordCounts::default())?;
//! let mut out = Vec::new();
//! lcov::write(&model, &LcovOptions::default(), &mut out)?;
//! assert!(out.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod cobertura;
mod decimal;
pub mod error;
pub mod json;
pub mod lcov;
mod parallel;
pub mod report;
pub mod sonar;
pub mod tracefile;
mod xml;

pub use covkit_model as model;
pub use error::{Error, ErrorKind};
