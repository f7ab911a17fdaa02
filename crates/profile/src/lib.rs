//! LLVM instrumentation profiles: raw (`.profraw`), indexed (`.profdata`) and
//! text (`.proftext`).
//!
//! Where it sits in the data flow:
//!
//! ```text
//! profile bytes -> covkit-profile (read, merge, write) -> covkit-model
//! ```
//!
//! This crate takes bytes and never touches the file system; decoders are
//! built on the [`covkit_wire`] cursor. It knows nothing of coverage mapping
//! or reports. The on-disk constants live in [`format`](mod@format), named after LLVM's
//! `InstrProfData.inc` so they can be looked up there.
//!
//! ```
//! use covkit_profile::names::{Names, name_hash};
//!
//! // A names blob holding one raw chunk with two names.
//! let blob = b"\x06\x00main\x01f";
//! let names = Names::parse(blob, 0)?;
//! let all: Vec<&[u8]> = names.iter().collect();
//! assert_eq!(all, [&b"main"[..], b"f"]);
//! assert_eq!(name_hash(b"main"), 0xdb956436e78dd5fa);
//! # Ok::<(), covkit_profile::Error>(())
//! ```

#![warn(clippy::indexing_slicing)]

mod error;
pub mod format;
pub mod indexed;
pub mod merge;
pub mod names;
pub mod raw;
pub mod read;
pub mod record;
pub mod show;
pub mod text;
mod value_prof;

pub use error::{Error, ErrorKind, Result};
pub use record::{Record, ValueData, ValueKind, ValueProfile, Variant};
