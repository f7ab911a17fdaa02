//! covkit-wire: the panic-free byte cursor every covkit decoder stands on.
//!
//! Where it sits in the data flow:
//!
//! ```text
//! .profraw / .profdata bytes -> covkit-profile -+
//!                                               +-> covkit-wire (Reader) at the bottom of both
//! object-file sections       -> covkit-covmap  -+
//! ```
//!
//! Every decoder below `covkit-profile` and `covkit-covmap` (raw and indexed
//! profiles, covmap headers, filename tables, covfun records, names sections)
//! reads its input through one [`Reader`]: a cursor over `&[u8]` that knows
//! the absolute offset of each byte and the byte order ([`Endian`]) of the
//! data, reads fixed-width integers, target pointers ([`PointerWidth`]) and
//! ULEB128 values, aligns, splits off length-delimited sub-readers, checks
//! counts against the bytes that remain before anything is allocated
//! ([`Reader::check_count`]), and inflates zlib payloads no further than their
//! declared size ([`inflate_zlib`]). Nothing in it can panic on input; every
//! failure is an [`Error`] whose message ends with the absolute offset.
//!
//! ```
//! use covkit_wire::{Endian, ErrorKind, PointerWidth, Reader};
//!
//! // A little-endian record at file offset 0x40: a u32 tag, an 8-byte
//! // pointer, a ULEB128 count, then that many u16 values.
//! let bytes = [
//!     0x01, 0x00, 0x00, 0x00, // tag
//!     0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // pointer
//!     0x02, // count
//!     0x0a, 0x00, 0x0b, 0x00, // values
//! ];
//! let mut r = Reader::with_offset(&bytes, Endian::Little, 0x40);
//! assert_eq!(r.read_u32()?, 1);
//! assert_eq!(r.read_pointer(PointerWidth::U64)?, 0x1000);
//! let count = r.read_uleb128_u64()?;
//! let count = r.check_count(count, 2, "value")?;
//! let mut values = Vec::with_capacity(count);
//! for _ in 0..count {
//!     values.push(r.read_u16()?);
//! }
//! assert_eq!(values, [10, 11]);
//! r.ensure_empty()?;
//!
//! // Reading past the end fails, reports where, and does not advance.
//! let err = r.read_u64().unwrap_err();
//! assert_eq!(err.to_string(), "unexpected end of data reading u64 (at offset 0x51)");
//! assert!(matches!(err.kind(), ErrorKind::UnexpectedEof { .. }));
//! assert_eq!(r.offset(), 0x51);
//! # Ok::<(), covkit_wire::Error>(())
//! ```

#![warn(clippy::indexing_slicing)]

mod endian;
mod error;
mod inflate;
mod leb128;
#[cfg(test)]
mod proptests;
mod reader;

pub use endian::{Endian, PointerWidth};
pub use error::{Error, ErrorKind, Result};
pub use inflate::{MAX_DEFLATE_RATIO, MAX_INFLATE_LEN, inflate_zlib};
pub use reader::Reader;
