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
//! or reports. The on-disk constants live in [`format`], named after LLVM's
//! `InstrProfData.inc` so they can be looked up there.

pub mod format;
