//! LLVM coverage mapping: the `__llvm_covmap`, `__llvm_covfun` and
//! `__llvm_prf_names` sections of instrumented binaries.
//!
//! Where it sits in the data flow:
//!
//! ```text
//! ELF / Mach-O / COFF / Wasm bytes -> covkit-covmap (find sections, decode) -> covkit-model
//! ```
//!
//! The decoders take object-file bytes (section discovery goes through the
//! `object` crate) and the [`covkit_wire`] cursor, and return records that
//! borrow from those bytes. On-disk constants live in [`format`].

pub mod format;
