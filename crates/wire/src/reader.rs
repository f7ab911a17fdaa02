//! [`Reader`], the one cursor over input bytes that every covkit decoder uses.
//!
//! It tracks the bytes not yet read, their absolute offset in the file, the
//! byte order, and the origin that alignment is measured from. Every bound is
//! checked here, in one place: each method returns a [`Result`], a read
//! advances only when it succeeds, and nothing indexes or slices the input in
//! a way that could panic. Errors carry the absolute offset where the failing
//! read started.

use std::borrow::Cow;
use std::fmt;

use crate::error::{Error, ErrorKind, Result};
use crate::leb128::{self, UlebError};
use crate::{Endian, PointerWidth};

/// Converts a length to `u64`; lossless on every target Rust supports
/// (`usize` is at most 64 bits), saturating otherwise.
#[inline]
fn len_u64(len: usize) -> u64 {
    u64::try_from(len).unwrap_or(u64::MAX)
}

/// A panic-free cursor over `&'data [u8]` with run-time byte order and
/// absolute offsets.
///
/// Slices returned by the reader borrow the input (`'data`), not the reader.
/// Offsets saturate at `u64::MAX` if a base offset plus the data length would
/// overflow; reads stay correct, only reported offsets are clamped.
///
/// # Alignment origin
///
/// [`align_to`](Reader::align_to) aligns the distance from the *alignment
/// origin*, which is the start of the data passed to [`Reader::new`] or
/// [`Reader::with_offset`] and is inherited unchanged by
/// [`sub_reader`](Reader::sub_reader)s. For a reader over a whole file
/// (`Reader::new`, base 0) that is the absolute file offset; for a reader over
/// one section (`Reader::with_offset(section, endian, section_file_offset)`)
/// it is the offset within the section. The latter is what LLVM does for
/// `__llvm_covfun`, whose records are 8-aligned relative to the section start
/// (LLVM copies the section into an aligned buffer before reading it).
#[derive(Clone)]
pub struct Reader<'data> {
    /// The bytes not yet consumed.
    rest: &'data [u8],
    /// Absolute offset of `rest[0]`.
    offset: u64,
    /// Absolute offset alignment is measured from.
    origin: u64,
    endian: Endian,
}

impl fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader")
            .field("offset", &format_args!("{:#x}", self.offset))
            .field("remaining", &self.rest.len())
            .field("endian", &self.endian)
            .field("align_origin", &format_args!("{:#x}", self.origin))
            .finish()
    }
}

/// Generates a fixed-width integer read in the reader's byte order.
macro_rules! read_int {
    ($name:ident, $ty:ty) => {
        #[doc = concat!("Reads a `", stringify!($ty), "` in the reader's byte order.")]
        ///
        /// # Errors
        ///
        /// [`ErrorKind::UnexpectedEof`] if fewer bytes remain than the value takes.
        #[inline]
        pub fn $name(&mut self) -> Result<$ty> {
            let bytes = self.take_array::<{ size_of::<$ty>() }>(stringify!($ty))?;
            Ok(match self.endian {
                Endian::Little => <$ty>::from_le_bytes(bytes),
                Endian::Big => <$ty>::from_be_bytes(bytes),
            })
        }
    };
}

impl<'data> Reader<'data> {
    /// Creates a reader over `data`, whose first byte is at absolute offset 0.
    #[must_use]
    pub fn new(data: &'data [u8], endian: Endian) -> Self {
        Reader::with_offset(data, endian, 0)
    }

    /// Creates a reader over `data`, whose first byte is at absolute offset
    /// `base` (e.g. a section's offset in its file). Errors report offsets
    /// from `base`, and alignment is measured from `base` (see the
    /// [type docs](Reader#alignment-origin)).
    #[must_use]
    pub fn with_offset(data: &'data [u8], endian: Endian, base: u64) -> Self {
        Reader {
            rest: data,
            offset: base,
            origin: base,
            endian,
        }
    }

    /// Returns the reader with its byte order set to `endian`.
    #[must_use]
    pub fn with_endian(mut self, endian: Endian) -> Self {
        self.endian = endian;
        self
    }

    /// Sets the byte order of later reads (e.g. once a magic number has
    /// revealed it).
    pub fn set_endian(&mut self, endian: Endian) {
        self.endian = endian;
    }

    /// The byte order of multi-byte reads.
    #[must_use]
    pub fn endian(&self) -> Endian {
        self.endian
    }

    /// The absolute offset of the next byte to be read.
    #[must_use]
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The absolute offset that [`align_to`](Reader::align_to) measures from.
    #[must_use]
    pub fn align_origin(&self) -> u64 {
        self.origin
    }

    /// The number of bytes not yet read.
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.rest.len()
    }

    /// Returns `true` when every byte has been read.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The bytes not yet read, without consuming them.
    #[must_use]
    pub fn remaining_bytes(&self) -> &'data [u8] {
        self.rest
    }

    /// An error of `kind` at the current offset.
    #[must_use]
    pub fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.offset)
    }

    /// An [`ErrorKind::Invalid`] error at the current offset, for decoders
    /// that find a format-specific problem (message lowercase, no trailing
    /// period).
    #[must_use]
    pub fn invalid(&self, message: impl Into<Cow<'static, str>>) -> Error {
        Error::invalid(message, self.offset)
    }

    #[cold]
    #[inline(never)]
    fn eof(&self, what: &'static str, needed: u64) -> Error {
        self.error(ErrorKind::UnexpectedEof {
            what,
            needed,
            available: self.rest.len(),
        })
    }

    /// Consumes `len` bytes; `what` names the read in the error.
    #[inline]
    fn take(&mut self, len: usize, what: &'static str) -> Result<&'data [u8]> {
        match self.rest.split_at_checked(len) {
            Some((head, tail)) => {
                self.rest = tail;
                self.offset = self.offset.saturating_add(len_u64(len));
                Ok(head)
            }
            None => Err(self.eof(what, len_u64(len))),
        }
    }

    #[inline]
    fn take_array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        match self.rest.split_first_chunk::<N>() {
            Some((head, tail)) => {
                self.rest = tail;
                self.offset = self.offset.saturating_add(len_u64(N));
                Ok(*head)
            }
            None => Err(self.eof(what, len_u64(N))),
        }
    }

    /// Reads one byte.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnexpectedEof`] if no bytes remain.
    #[inline]
    pub fn read_u8(&mut self) -> Result<u8> {
        match self.rest.split_first() {
            Some((&byte, tail)) => {
                self.rest = tail;
                self.offset = self.offset.saturating_add(1);
                Ok(byte)
            }
            None => Err(self.eof("u8", 1)),
        }
    }

    read_int!(read_u16, u16);
    read_int!(read_u32, u32);
    read_int!(read_u64, u64);
    read_int!(read_i32, i32);
    read_int!(read_i64, i64);

    /// Reads `N` bytes as an array (byte order does not apply), e.g. a
    /// 16-byte hash or an 8-byte magic to compare.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnexpectedEof`] if fewer than `N` bytes remain.
    #[inline]
    pub fn read_array<const N: usize>(&mut self) -> Result<[u8; N]> {
        self.take_array::<N>("byte array")
    }

    /// Reads a target pointer of `width` in the reader's byte order, widened
    /// to `u64`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnexpectedEof`] (reading `"pointer"`) if fewer than
    /// `width.bytes()` bytes remain.
    #[inline]
    pub fn read_pointer(&mut self, width: PointerWidth) -> Result<u64> {
        match width {
            PointerWidth::U32 => {
                let bytes = self.take_array::<4>("pointer")?;
                Ok(u64::from(match self.endian {
                    Endian::Little => u32::from_le_bytes(bytes),
                    Endian::Big => u32::from_be_bytes(bytes),
                }))
            }
            PointerWidth::U64 => {
                let bytes = self.take_array::<8>("pointer")?;
                Ok(match self.endian {
                    Endian::Little => u64::from_le_bytes(bytes),
                    Endian::Big => u64::from_be_bytes(bytes),
                })
            }
        }
    }

    /// Reads an unsigned LEB128 value of at most 64 bits.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnexpectedEof`] if the data ends inside the value,
    /// [`ErrorKind::UlebOverflow`] (`bits: 64`) if it has bits beyond bit 63,
    /// [`ErrorKind::UlebTooLong`] if it continues past ten bytes. The error
    /// offset is the start of the value.
    #[inline]
    pub fn read_uleb128_u64(&mut self) -> Result<u64> {
        match leb128::decode_u64(self.rest) {
            Ok((value, len)) => {
                self.take(len, "uleb128")?;
                Ok(value)
            }
            Err(e) => Err(self.uleb_error(e, 64)),
        }
    }

    /// Reads an unsigned LEB128 value that must fit in a `u32`.
    ///
    /// # Errors
    ///
    /// As [`read_uleb128_u64`](Reader::read_uleb128_u64), and
    /// [`ErrorKind::UlebOverflow`] (`bits: 32`) if the value exceeds
    /// `u32::MAX`.
    #[inline]
    pub fn read_uleb128_u32(&mut self) -> Result<u32> {
        match leb128::decode_u64(self.rest) {
            Ok((value, len)) => match u32::try_from(value) {
                Ok(value) => {
                    self.take(len, "uleb128")?;
                    Ok(value)
                }
                Err(_) => Err(self.error(ErrorKind::UlebOverflow { bits: 32 })),
            },
            Err(e) => Err(self.uleb_error(e, 64)),
        }
    }

    #[cold]
    #[inline(never)]
    fn uleb_error(&self, error: UlebError, bits: u32) -> Error {
        match error {
            UlebError::Eof { seen } => self.eof("uleb128", len_u64(seen).saturating_add(1)),
            UlebError::Overflow => self.error(ErrorKind::UlebOverflow { bits }),
            UlebError::TooLong => self.error(ErrorKind::UlebTooLong),
        }
    }

    /// Reads `len` bytes, borrowed from the input.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnexpectedEof`] if fewer than `len` bytes remain.
    #[inline]
    pub fn read_bytes(&mut self, len: usize) -> Result<&'data [u8]> {
        self.take(len, "bytes")
    }

    /// Reads every remaining byte; the reader is empty afterwards.
    pub fn read_remaining_bytes(&mut self) -> &'data [u8] {
        let rest = self.rest;
        self.offset = self.offset.saturating_add(len_u64(rest.len()));
        self.rest = &[];
        rest
    }

    /// Skips `len` bytes.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnexpectedEof`] if fewer than `len` bytes remain.
    #[inline]
    pub fn skip(&mut self, len: usize) -> Result<()> {
        self.take(len, "skipped bytes").map(drop)
    }

    /// Skips padding up to the next multiple of `align` bytes from the
    /// [alignment origin](Reader#alignment-origin). The padding content is
    /// not checked.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidAlignment`] if `align` is 0;
    /// [`ErrorKind::UnexpectedEof`] (reading `"alignment padding"`) if the
    /// padding runs past the end of the data.
    pub fn align_to(&mut self, align: usize) -> Result<()> {
        let padding = self.padding_to(align)?;
        self.take(padding, "alignment padding").map(drop)
    }

    /// The number of bytes [`align_to`](Reader::align_to) would skip.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidAlignment`] if `align` is 0.
    pub fn padding_to(&self, align: usize) -> Result<usize> {
        let align_u64 = len_u64(align);
        if align_u64 == 0 {
            return Err(self.error(ErrorKind::InvalidAlignment { align }));
        }
        let misalignment = self.offset.wrapping_sub(self.origin) % align_u64;
        let padding = (align_u64 - misalignment) % align_u64;
        // `padding < align`, which is a `usize`.
        Ok(usize::try_from(padding).unwrap_or(align))
    }

    /// Consumes the next `len` bytes and returns a reader over exactly them,
    /// for a length-delimited region. The child keeps absolute offsets, byte
    /// order and alignment origin; finish it with
    /// [`ensure_empty`](Reader::ensure_empty).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnexpectedEof`] (reading `"length-delimited region"`) if
    /// fewer than `len` bytes remain.
    pub fn sub_reader(&mut self, len: usize) -> Result<Reader<'data>> {
        let offset = self.offset;
        let bytes = self.take(len, "length-delimited region")?;
        Ok(Reader {
            rest: bytes,
            offset,
            origin: self.origin,
            endian: self.endian,
        })
    }

    /// Returns the next byte without consuming it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnexpectedEof`] if no bytes remain.
    pub fn peek_u8(&self) -> Result<u8> {
        self.rest.first().copied().ok_or_else(|| self.eof("u8", 1))
    }

    /// Returns the next `len` bytes without consuming them.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnexpectedEof`] if fewer than `len` bytes remain.
    pub fn peek_bytes(&self, len: usize) -> Result<&'data [u8]> {
        self.rest
            .get(..len)
            .ok_or_else(|| self.eof("bytes", len_u64(len)))
    }

    /// Runs `read` on a copy of the reader and returns its result, leaving
    /// this reader where it was (e.g. to look at a version field before
    /// choosing a decoder).
    ///
    /// # Errors
    ///
    /// Whatever `read` returns.
    pub fn peek<T>(&self, read: impl FnOnce(&mut Reader<'data>) -> Result<T>) -> Result<T> {
        read(&mut self.clone())
    }

    /// Checks that the reader has been read to the end, as every
    /// length-delimited region must be.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TrailingBytes`] at the first unread byte otherwise.
    pub fn ensure_empty(&self) -> Result<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(self.error(ErrorKind::TrailingBytes {
                count: self.rest.len(),
            }))
        }
    }

    /// Checks a `count` read from the input before anything is allocated for
    /// it: `count` elements of at least `min_elem_size` bytes each must fit in
    /// the bytes that remain. Returns `count` as a `usize`, safe to pass to
    /// `Vec::with_capacity`.
    ///
    /// A `min_elem_size` of 0 is treated as 1, so the capacity is always
    /// bounded by the input size. `check_count(len, 1, what)` also converts a
    /// byte length read from the input into a `usize` known to be available.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CountTooLarge`] if the elements cannot fit (or the product
    /// overflows).
    pub fn check_count(
        &self,
        count: u64,
        min_elem_size: usize,
        what: &'static str,
    ) -> Result<usize> {
        let min_elem_size = min_elem_size.max(1);
        let available = self.rest.len();
        match usize::try_from(count) {
            Ok(n)
                if n.checked_mul(min_elem_size)
                    .is_some_and(|total| total <= available) =>
            {
                Ok(n)
            }
            _ => Err(self.error(ErrorKind::CountTooLarge {
                what,
                count,
                min_elem_size,
                available,
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENDIANS: [Endian; 2] = [Endian::Little, Endian::Big];

    /// Lays `value`'s low `len` bytes out in `endian` order.
    fn bytes_of(value: u64, len: usize, endian: Endian) -> Vec<u8> {
        let le = value.to_le_bytes();
        let mut out: Vec<u8> = le.iter().copied().take(len).collect();
        if endian == Endian::Big {
            out.reverse();
        }
        out
    }

    #[test]
    fn fixed_width_ints_in_both_byte_orders() {
        // (value, width in bytes); each value is read from its own encoding
        // followed by a sentinel byte that must remain.
        let cases: &[(u64, usize)] = &[
            (0, 2),
            (0x1234, 2),
            (u64::from(u16::MAX), 2),
            (0x1234_5678, 4),
            (u64::from(u32::MAX), 4),
            (0x0102_0304_0506_0708, 8),
            (u64::MAX, 8),
        ];
        for &endian in &ENDIANS {
            for &(value, width) in cases {
                let mut data = bytes_of(value, width, endian);
                data.push(0xee);
                let mut r = Reader::with_offset(&data, endian, 0x20);
                let got = match width {
                    2 => r.read_u16().map(u64::from),
                    4 => r.read_u32().map(u64::from),
                    8 => r.read_u64(),
                    _ => unreachable!("widths in the table"),
                };
                assert_eq!(got, Ok(value), "{endian:?} {width} {value:#x}");
                assert_eq!(r.offset(), 0x20 + width as u64);
                assert_eq!(r.read_u8(), Ok(0xee));
                assert!(r.is_empty());
            }
        }
    }

    #[test]
    fn known_layouts() {
        let data = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08];
        let mut le = Reader::new(&data, Endian::Little);
        let mut be = Reader::new(&data, Endian::Big);
        assert_eq!(le.read_u32(), Ok(0x0403_0201));
        assert_eq!(be.read_u32(), Ok(0x0102_0304));
        assert_eq!(le.read_u16(), Ok(0x0605));
        assert_eq!(be.read_u16(), Ok(0x0506));
        let minus_two = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert_eq!(Reader::new(&minus_two, Endian::Little).read_i64(), Ok(-2));
        assert_eq!(
            Reader::new(&minus_two, Endian::Big).read_i64(),
            Ok(-72_057_594_037_927_937)
        );
        assert_eq!(Reader::new(&minus_two, Endian::Little).read_i32(), Ok(-2));
        assert_eq!(
            Reader::new(&data, Endian::Big).read_array::<3>(),
            Ok([1, 2, 3])
        );
    }

    #[test]
    fn pointers_in_both_byte_orders_and_widths() {
        for &endian in &ENDIANS {
            for (width, value) in [
                (PointerWidth::U32, 0xdead_beef),
                (PointerWidth::U64, 0x0000_7fff_dead_beef),
            ] {
                let data = bytes_of(value, width.bytes(), endian);
                let mut r = Reader::new(&data, endian);
                assert_eq!(r.read_pointer(width), Ok(value), "{endian:?} {width:?}");
                assert!(r.is_empty());
                // One byte short: fails at the start, does not advance.
                let short = data.get(1..).expect("pointers are longer than a byte");
                let mut r = Reader::with_offset(short, endian, 0x30);
                let err = r.read_pointer(width).expect_err("too short");
                assert_eq!(
                    err.kind(),
                    &ErrorKind::UnexpectedEof {
                        what: "pointer",
                        needed: width.bytes() as u64,
                        available: width.bytes() - 1
                    }
                );
                assert_eq!(err.offset(), 0x30);
                assert_eq!(r.offset(), 0x30);
                assert_eq!(r.remaining(), width.bytes() - 1);
            }
        }
    }

    #[test]
    fn eof_message_and_no_advance() {
        let data = [0u8; 0x4b];
        let mut r = Reader::new(&data, Endian::Little);
        r.skip(0x48).expect("in bounds");
        let before = r.clone();
        let err = r.read_u64().expect_err("three bytes left");
        assert_eq!(
            err.to_string(),
            "unexpected end of data reading u64 (at offset 0x48)"
        );
        assert_eq!(
            err.kind(),
            &ErrorKind::UnexpectedEof {
                what: "u64",
                needed: 8,
                available: 3
            }
        );
        assert_eq!(r.offset(), before.offset());
        assert_eq!(r.remaining(), 3);
        for failing in [
            r.read_u32().map(drop),
            r.read_bytes(4).map(drop),
            r.skip(4),
            r.sub_reader(4).map(drop),
            r.peek_bytes(4).map(drop),
            r.read_array::<4>().map(drop),
        ] {
            assert_eq!(failing.expect_err("short").offset(), 0x48);
        }
        assert_eq!(r.offset(), 0x48);
        assert_eq!(r.read_u16(), Ok(0));
        assert_eq!(r.read_u8(), Ok(0));
        assert_eq!(
            r.read_u8().expect_err("empty").to_string(),
            "unexpected end of data reading u8 (at offset 0x4b)"
        );
    }

    #[test]
    fn bytes_skip_and_peek() {
        let data: Vec<u8> = (0..16).collect();
        let mut r = Reader::with_offset(&data, Endian::Big, 100);
        assert_eq!(r.peek_u8(), Ok(0));
        assert_eq!(r.peek_bytes(3), Ok(&[0u8, 1, 2][..]));
        assert_eq!(r.peek(Reader::read_u16), Ok(0x0001));
        assert_eq!(r.offset(), 100);
        assert_eq!(r.read_bytes(3), Ok(&[0u8, 1, 2][..]));
        r.skip(5).expect("in bounds");
        assert_eq!(r.offset(), 108);
        assert_eq!(r.remaining_bytes(), &[8u8, 9, 10, 11, 12, 13, 14, 15][..]);
        assert_eq!(r.read_bytes(0), Ok(&[][..]));
        assert_eq!(
            r.read_remaining_bytes(),
            &[8u8, 9, 10, 11, 12, 13, 14, 15][..]
        );
        assert_eq!(r.offset(), 116);
        assert!(r.is_empty());
        assert_eq!(r.peek_u8().expect_err("empty").offset(), 116);
    }

    #[test]
    fn sub_readers_keep_absolute_offsets() {
        for &endian in &ENDIANS {
            let data = [0xaa, 0xbb, 1, 2, 3, 4, 5, 6, 0xcc];
            let mut outer = Reader::with_offset(&data, endian, 0x1000);
            outer.skip(2).expect("in bounds");
            let mut inner = outer.sub_reader(6).expect("in bounds");
            assert_eq!(outer.offset(), 0x1008);
            assert_eq!(inner.offset(), 0x1002);
            assert_eq!(inner.endian(), endian);
            assert_eq!(inner.align_origin(), 0x1000);
            inner.read_u32().expect("in bounds");
            let err = inner
                .read_u32()
                .expect_err("only two bytes left in the region");
            assert_eq!(err.offset(), 0x1006);
            assert_eq!(
                err.to_string(),
                "unexpected end of data reading u32 (at offset 0x1006)"
            );
            // A grandchild still reports absolute offsets.
            let grandchild = inner.sub_reader(2).expect("in bounds");
            assert_eq!(
                grandchild.ensure_empty().map_err(|e| e.offset()),
                Err(0x1006)
            );
            assert_eq!(inner.ensure_empty(), Ok(()));
            assert_eq!(outer.read_u8(), Ok(0xcc));
            // A region longer than what remains fails without consuming.
            assert_eq!(outer.sub_reader(1).expect_err("empty").offset(), 0x1009);
        }
    }

    #[test]
    fn ensure_empty_reports_trailing_bytes() {
        let data = [0u8; 7];
        let mut r = Reader::with_offset(&data, Endian::Little, 0x10);
        r.skip(4).expect("in bounds");
        let err = r.ensure_empty().expect_err("three left");
        assert_eq!(err.kind(), &ErrorKind::TrailingBytes { count: 3 });
        assert_eq!(
            err.to_string(),
            "3 unexpected trailing bytes (at offset 0x14)"
        );
        r.skip(3).expect("in bounds");
        assert_eq!(r.ensure_empty(), Ok(()));
    }

    #[test]
    fn align_to_measures_from_the_origin() {
        let data = [0u8; 32];
        // (base, bytes consumed first, align, expected offset after)
        let cases: &[(u64, usize, usize, u64)] = &[
            (0, 0, 8, 0),
            (0, 1, 8, 8),
            (0, 7, 8, 8),
            (0, 8, 8, 8),
            (0, 9, 4, 12),
            (0, 3, 1, 3),
            (0, 5, 3, 6),
            // The origin is the reader's base, not absolute offset 0.
            (0x103, 0, 8, 0x103),
            (0x103, 1, 8, 0x10b),
            (0x103, 5, 4, 0x10b),
        ];
        for &(base, consumed, align, expected) in cases {
            let mut r = Reader::with_offset(&data, Endian::Little, base);
            r.skip(consumed).expect("in bounds");
            r.align_to(align).expect("in bounds");
            assert_eq!(
                r.offset(),
                expected,
                "base {base:#x} consumed {consumed} align {align}"
            );
            // Sub-readers inherit the origin.
            let mut r = Reader::with_offset(&data, Endian::Little, base);
            r.skip(consumed).expect("in bounds");
            let mut sub = r.sub_reader(data.len() - consumed).expect("in bounds");
            sub.align_to(align).expect("in bounds");
            assert_eq!(sub.offset(), expected);
        }
    }

    #[test]
    fn align_to_errors() {
        let data = [0u8; 6];
        let mut r = Reader::new(&data, Endian::Little);
        r.skip(5).expect("in bounds");
        let err = r.align_to(8).expect_err("padding runs past the end");
        assert_eq!(
            err.to_string(),
            "unexpected end of data reading alignment padding (at offset 0x5)"
        );
        assert_eq!(r.offset(), 5);
        assert_eq!(r.padding_to(8), Ok(3));
        assert_eq!(
            r.align_to(0).expect_err("zero").kind(),
            &ErrorKind::InvalidAlignment { align: 0 }
        );
        assert_eq!(r.align_to(2), Ok(()));
        assert!(r.is_empty());
    }

    #[test]
    fn check_count_bounds_allocations() {
        let data = [0u8; 16];
        let r = Reader::with_offset(&data, Endian::Little, 4);
        // (count, min element size, accepted)
        let cases: &[(u64, usize, bool)] = &[
            (0, 8, true),
            (2, 8, true),
            (3, 8, false),
            (16, 1, true),
            (17, 1, false),
            (16, 0, true),
            (17, 0, false),
            (u64::MAX, 1, false),
            (u64::MAX / 2 + 1, 2, false),
            (1 << 62, 4, false),
        ];
        for &(count, size, accepted) in cases {
            let got = r.check_count(count, size, "record");
            if accepted {
                assert_eq!(got, Ok(usize::try_from(count).expect("small")));
            } else {
                let err = got.expect_err("too large");
                assert_eq!(err.offset(), 4);
                assert_eq!(
                    err.kind(),
                    &ErrorKind::CountTooLarge {
                        what: "record",
                        count,
                        min_elem_size: size.max(1),
                        available: 16
                    }
                );
            }
        }
        assert_eq!(
            r.check_count(3, 8, "function record")
                .expect_err("too large")
                .to_string(),
            "function record count 3 too large: needs at least 8 bytes each, 16 bytes remain (at offset 0x4)"
        );
    }

    #[test]
    fn endian_can_change() {
        let data = [0, 1, 0, 1];
        let mut r = Reader::new(&data, Endian::Little).with_endian(Endian::Big);
        assert_eq!(r.read_u16(), Ok(1));
        r.set_endian(Endian::Little);
        assert_eq!(r.endian(), Endian::Little);
        assert_eq!(r.read_u16(), Ok(0x100));
    }

    #[test]
    fn offsets_saturate_instead_of_overflowing() {
        let data = [0u8; 8];
        let mut r = Reader::with_offset(&data, Endian::Little, u64::MAX - 2);
        assert_eq!(r.read_u64(), Ok(0));
        assert_eq!(r.offset(), u64::MAX);
        assert_eq!(r.read_u8().expect_err("empty").offset(), u64::MAX);
    }

    #[test]
    fn decoder_errors_at_the_current_offset() {
        let data = [0u8; 4];
        let mut r = Reader::with_offset(&data, Endian::Little, 8);
        let version = r.read_u32().expect("in bounds");
        assert_eq!(
            r.invalid(format!("unsupported raw profile version {version}"))
                .to_string(),
            "unsupported raw profile version 0 (at offset 0xc)"
        );
        assert_eq!(r.error(ErrorKind::UlebTooLong).offset(), 12);
        assert!(format!("{r:?}").contains("offset: 0xc"));
    }
}
