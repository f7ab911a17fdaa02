//! LLVM coverage mapping: the `__llvm_covmap`, `__llvm_covfun` and
//! `__llvm_prf_names` sections of instrumented binaries, covmap versions 4
//! to 7 (LLVM 11 to 22).
//!
//! Where it sits in the data flow:
//!
//! ```text
//! ELF / Mach-O / COFF / Wasm bytes -> covkit-covmap (find sections, decode) -> covkit-model
//! ```
//!
//! [`load_object`] does what llvm-cov does when it opens an object: find the
//! sections ([`object`]), decode the covmap blocks ([`covmap`]) and the
//! function records ([`covfun`], [`mapping`]), deduplicate them and resolve
//! their names through the names section. The pieces are public for tools
//! that want less. It takes bytes and never opens files; on-disk constants
//! live in [`format`](mod@format).
//!
//! ```
//! use covkit_covmap::mapping::FunctionMapping;
//! use covkit_covmap::region::RegionKind;
//! use covkit_covmap::ids::Position;
//!
//! // One file id (filename 1), no expressions, one code region with
//! // counter 0 from 3:12 to 10:2.
//! let bytes = [1, 1, 0, 1, 0x01, 3, 12, 7, 2];
//! let mapping = FunctionMapping::decode(&bytes, 0, 2)?;
//! assert_eq!(mapping.file_map, [1]);
//! let region = &mapping.regions[0];
//! assert_eq!(region.kind, RegionKind::Code);
//! assert_eq!((region.start, region.end), (Position::new(3, 12), Position::new(10, 2)));
//! # Ok::<(), covkit_covmap::Error>(())
//! ```

#![warn(clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::indexing_slicing))]

pub mod counter;
pub mod covfun;
pub mod covmap;
pub mod dump;
mod error;
pub mod filenames;
pub mod format;
pub mod ids;
mod load;
pub mod mapping;
pub mod object;
pub mod region;
mod wasm;

pub use error::{Error, ErrorKind, Result};
pub use load::{Function, LoadOptions, ObjectCoverage, functions_of, load_object, load_sections};
