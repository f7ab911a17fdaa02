//! covkit-testkit: byte builders for every input covkit reads, object-file
//! wrappers and golden files. Test support only (`publish = false`).
//!
//! Where it sits: beside the pipeline, not in it. Decoder tests in
//! `covkit-wire`, `covkit-profile` and `covkit-covmap` build their inputs
//! here instead of checking in opaque binaries, so a test can say what a
//! file holds and make inputs no local toolchain produces (other byte
//! orders and widths, old or future raw versions, malformed fields):
//!
//! ```text
//! testkit builders -> .profraw / .profdata / .proftext bytes -> covkit-profile
//!                  -> covmap / covfun / names sections (+ ELF, Mach-O, COFF) -> covkit-covmap
//! ```
//!
//! - [`RawProfile`] writes raw profiles, versions 5, 7, 8, 9, 10 and 11, 32-
//!   and 64-bit, either byte order, with binary IDs, bitmaps, variant flags,
//!   compressed names, value data; [`raw::concat`] joins several.
//! - [`IndexedProfile`] writes indexed profiles, versions 5 to 13.
//! - [`TextProfile`] writes `llvm-profdata merge --text` output.
//! - [`covmap`] writes covmap blocks, covfun records and names sections;
//!   [`object`] wraps them in object files.
//! - [`md5_low64`] is LLVM's name and filenames hash; [`assert_golden`]
//!   compares with stored expectations unless `BLESS=1`.
//! - [`corpus`] is the fixture corpus under `fixtures/synthetic` and
//!   `fixtures/malformed`, written by `cargo run -p covkit-testkit --example
//!   synth -- fixtures`.
//!
//! ```
//! use covkit_testkit::{Endian, IndexedProfile, PointerWidth, RawProfile, TextProfile, md5_low64};
//!
//! // A 32-bit big-endian LLVM 19-22 raw profile with one function.
//! let raw = RawProfile::new(10, Endian::Big, PointerWidth::U32)
//!     .function("main", 0x1234, &[1, 0, 5])
//!     .build();
//! assert_eq!(&raw[..8], b"\xfflprofR\x81");
//! let (_, layout) = RawProfile::new(10, Endian::Big, PointerWidth::U32)
//!     .function("main", 0x1234, &[1, 0, 5])
//!     .build_with_layout();
//! assert_eq!(layout.header_size, 128);
//! assert_eq!(layout.record.size(), 48);
//! // The data record starts with the name's MD5 in the target's byte order.
//! let name_ref = &raw[layout.data_offset..layout.data_offset + 8];
//! assert_eq!(name_ref, md5_low64(b"main").to_be_bytes());
//!
//! // The same function in an LLVM 22 indexed profile and as text.
//! let indexed = IndexedProfile::new(13).function("main", 0x1234, &[1, 0, 5]).build();
//! assert_eq!(&indexed[..8], b"\xfflprofi\x81");
//! let text = TextProfile::new().function("main", 0x1234, &[1, 0, 5]).build();
//! assert!(text.starts_with("main\n# Func Hash:\n4660\n"));
//! ```

pub mod bytes;
pub mod corpus;
pub mod covmap;
pub mod golden;
pub mod hash;
pub mod indexed;
pub mod names;
pub mod object;
pub mod raw;
pub mod record;
pub mod text;
pub mod value_prof;
pub mod variant;
pub mod zlib;

pub use bytes::{
    ByteWriter, Endian, PointerWidth, padding_to, uleb128, uleb128_overflowing, uleb128_padded,
    uleb128_unterminated, write_uleb128,
};
pub use golden::{assert_golden, fixtures_dir};
pub use hash::{hex, md5_low64, sha256_hex};
pub use indexed::IndexedProfile;
pub use raw::RawProfile;
pub use record::{CS_HASH_FLAG, FunctionRecord};
pub use text::TextProfile;
