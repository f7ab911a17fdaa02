//! Byte order, pointer width and an endian-aware byte writer.
//!
//! Every builder in this crate writes through [`ByteWriter`], so the byte
//! order and pointer width of the target are run-time values, as they are in
//! the files LLVM writes: raw profiles and coverage-mapping sections use the
//! target's order and (for pointer fields) width; indexed profiles are always
//! little endian. ULEB128 helpers cover the encodings of the coverage mapping
//! and the names section, including deliberately malformed ones.

use byteorder::{BigEndian, ByteOrder, LittleEndian};

/// The byte order of multi-byte integers in the bytes being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endian {
    /// Least significant byte first (x86, most AArch64 and RISC-V targets).
    Little,
    /// Most significant byte first (s390x, big-endian PowerPC and MIPS).
    Big,
}

impl Endian {
    /// Both byte orders, little first: handy for table-driven tests.
    pub const ALL: [Endian; 2] = [Endian::Little, Endian::Big];

    /// The short name used in fixture file names: `le` or `be`.
    #[must_use]
    pub const fn short_name(self) -> &'static str {
        match self {
            Endian::Little => "le",
            Endian::Big => "be",
        }
    }
}

/// The size of a target pointer (`IntPtrT` in LLVM's raw profile structs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PointerWidth {
    /// 4-byte pointers (32-bit targets).
    U32,
    /// 8-byte pointers (64-bit targets).
    U64,
}

impl PointerWidth {
    /// Both widths, 32 first: handy for table-driven tests.
    pub const ALL: [PointerWidth; 2] = [PointerWidth::U32, PointerWidth::U64];

    /// The size of one pointer in bytes: 4 or 8.
    #[must_use]
    pub const fn bytes(self) -> usize {
        match self {
            PointerWidth::U32 => 4,
            PointerWidth::U64 => 8,
        }
    }

    /// The number of bits: 32 or 64 (used in fixture file names).
    #[must_use]
    pub const fn bits(self) -> u32 {
        match self {
            PointerWidth::U32 => 32,
            PointerWidth::U64 => 64,
        }
    }

    /// Truncates `value` to this width, as the target's `uintptr_t`
    /// arithmetic does, and zero-extends it back to 64 bits.
    #[must_use]
    pub const fn wrap(self, value: u64) -> u64 {
        match self {
            PointerWidth::U32 => value & 0xFFFF_FFFF,
            PointerWidth::U64 => value,
        }
    }
}

/// Appends integers in one byte order to a growing buffer.
///
/// ```
/// use covkit_testkit::{ByteWriter, Endian, PointerWidth};
///
/// let mut w = ByteWriter::new(Endian::Big);
/// w.u16(0x0102).u32(0x0304_0506).pointer(PointerWidth::U32, 0x0708_090a);
/// w.uleb128(300).align(8);
/// assert_eq!(
///     w.into_bytes(),
///     [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0xac, 0x02, 0, 0, 0, 0]
/// );
/// ```
#[derive(Debug, Clone)]
pub struct ByteWriter {
    bytes: Vec<u8>,
    endian: Endian,
}

impl ByteWriter {
    /// An empty writer for `endian`.
    #[must_use]
    pub fn new(endian: Endian) -> ByteWriter {
        ByteWriter {
            bytes: Vec::new(),
            endian,
        }
    }

    /// The byte order this writer uses.
    #[must_use]
    pub fn endian(&self) -> Endian {
        self.endian
    }

    /// The number of bytes written so far.
    #[must_use]
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether nothing has been written yet.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The bytes written so far.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Gives up the writer and returns its bytes.
    #[must_use]
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Appends one byte.
    pub fn u8(&mut self, value: u8) -> &mut ByteWriter {
        self.bytes.push(value);
        self
    }

    /// Appends a `u16` in this writer's byte order.
    pub fn u16(&mut self, value: u16) -> &mut ByteWriter {
        let mut buf = [0; 2];
        match self.endian {
            Endian::Little => LittleEndian::write_u16(&mut buf, value),
            Endian::Big => BigEndian::write_u16(&mut buf, value),
        }
        self.bytes.extend_from_slice(&buf);
        self
    }

    /// Appends a `u32` in this writer's byte order.
    pub fn u32(&mut self, value: u32) -> &mut ByteWriter {
        let mut buf = [0; 4];
        match self.endian {
            Endian::Little => LittleEndian::write_u32(&mut buf, value),
            Endian::Big => BigEndian::write_u32(&mut buf, value),
        }
        self.bytes.extend_from_slice(&buf);
        self
    }

    /// Appends a `u64` in this writer's byte order.
    pub fn u64(&mut self, value: u64) -> &mut ByteWriter {
        let mut buf = [0; 8];
        match self.endian {
            Endian::Little => LittleEndian::write_u64(&mut buf, value),
            Endian::Big => BigEndian::write_u64(&mut buf, value),
        }
        self.bytes.extend_from_slice(&buf);
        self
    }

    /// Appends a target pointer: the low 4 bytes of `value` for
    /// [`PointerWidth::U32`], all 8 for [`PointerWidth::U64`].
    pub fn pointer(&mut self, width: PointerWidth, value: u64) -> &mut ByteWriter {
        match width {
            // Truncation is the point: a 32-bit target's uintptr_t.
            PointerWidth::U32 => self.u32(value as u32),
            PointerWidth::U64 => self.u64(value),
        }
    }

    /// Appends raw bytes.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut ByteWriter {
        self.bytes.extend_from_slice(bytes);
        self
    }

    /// Appends `count` zero bytes.
    pub fn zeros(&mut self, count: usize) -> &mut ByteWriter {
        self.bytes.resize(self.bytes.len() + count, 0);
        self
    }

    /// Appends a ULEB128 value in its shortest form.
    pub fn uleb128(&mut self, value: u64) -> &mut ByteWriter {
        write_uleb128(&mut self.bytes, value);
        self
    }

    /// Pads with zeros to a multiple of `align` bytes (from the start of
    /// this writer).
    ///
    /// # Panics
    ///
    /// If `align` is zero.
    pub fn align(&mut self, align: usize) -> &mut ByteWriter {
        let pad = padding_to(self.bytes.len(), align);
        self.zeros(pad)
    }

    /// Overwrites 8 bytes at `offset` with `value` in this writer's order.
    ///
    /// # Panics
    ///
    /// If the 8 bytes are not all written yet.
    pub fn patch_u64(&mut self, offset: usize, value: u64) -> &mut ByteWriter {
        let slot = &mut self.bytes[offset..offset + 8];
        match self.endian {
            Endian::Little => LittleEndian::write_u64(slot, value),
            Endian::Big => BigEndian::write_u64(slot, value),
        }
        self
    }
}

/// The number of zero bytes that pad `len` to a multiple of `align`.
///
/// # Panics
///
/// If `align` is zero.
#[must_use]
pub fn padding_to(len: usize, align: usize) -> usize {
    (align - len % align) % align
}

/// Appends `value` as ULEB128 in its shortest form.
pub fn write_uleb128(out: &mut Vec<u8>, mut value: u64) {
    loop {
        // Masked to 7 bits, so the cast cannot lose anything.
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// `value` as ULEB128 in its shortest form.
///
/// ```
/// assert_eq!(covkit_testkit::uleb128(624_485), [0xe5, 0x8e, 0x26]);
/// ```
#[must_use]
pub fn uleb128(value: u64) -> Vec<u8> {
    let mut out = Vec::new();
    write_uleb128(&mut out, value);
    out
}

/// `value` as ULEB128 padded to exactly `len` bytes with redundant
/// continuation bytes (LLVM's `PadTo`). Still a valid encoding of `value`;
/// decoders must accept it.
///
/// # Panics
///
/// If `value` needs more than `len` bytes or `len` is zero.
#[must_use]
pub fn uleb128_padded(value: u64, len: usize) -> Vec<u8> {
    let shortest = uleb128(value);
    assert!(
        len >= shortest.len(),
        "uleb128_padded: {value} needs {} bytes, more than {len}",
        shortest.len()
    );
    let mut out = Vec::with_capacity(len);
    let mut rest = value;
    for i in 0..len {
        let byte = (rest & 0x7f) as u8;
        rest >>= 7;
        out.push(if i + 1 < len { byte | 0x80 } else { byte });
    }
    out
}

/// A ULEB128 sequence whose value does not fit in 64 bits: ten bytes whose
/// last one carries bits above bit 63. LLVM's `decodeULEB128` reports
/// "uleb128 too big for uint64".
#[must_use]
pub fn uleb128_overflowing() -> Vec<u8> {
    let mut out = vec![0xff; 9];
    out.push(0x7f);
    out
}

/// A ULEB128 sequence that never ends: every byte has the continuation bit
/// set. LLVM's `decodeULEB128` reports "malformed uleb128, extends past end".
#[must_use]
pub fn uleb128_unterminated(len: usize) -> Vec<u8> {
    vec![0x80; len]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Option<u64> {
        let mut value: u64 = 0;
        for (i, byte) in bytes.iter().enumerate() {
            let shift = 7 * u32::try_from(i).ok()?;
            let low = u64::from(byte & 0x7f);
            if shift >= 64 || (shift > 0 && low >> (64 - shift) != 0) {
                return None;
            }
            value |= low << shift;
            if byte & 0x80 == 0 {
                return (i + 1 == bytes.len()).then_some(value);
            }
        }
        None
    }

    #[test]
    fn integers_in_both_orders() {
        for endian in Endian::ALL {
            let mut w = ByteWriter::new(endian);
            w.u16(0x0102).u32(0x0304_0506).u64(0x0708_090a_0b0c_0d0e);
            let expect: Vec<u8> = match endian {
                Endian::Little => vec![2, 1, 6, 5, 4, 3, 14, 13, 12, 11, 10, 9, 8, 7],
                Endian::Big => (1..=14).collect(),
            };
            assert_eq!(w.as_bytes(), expect.as_slice(), "{endian:?}");
        }
    }

    #[test]
    fn pointers_follow_width_and_order() {
        let table = [
            (
                Endian::Little,
                PointerWidth::U32,
                vec![0x78, 0x56, 0x34, 0x12],
            ),
            (Endian::Big, PointerWidth::U32, vec![0x12, 0x34, 0x56, 0x78]),
            (
                Endian::Little,
                PointerWidth::U64,
                vec![0x78, 0x56, 0x34, 0x12, 0xff, 0xff, 0xff, 0xff],
            ),
            (
                Endian::Big,
                PointerWidth::U64,
                vec![0xff, 0xff, 0xff, 0xff, 0x12, 0x34, 0x56, 0x78],
            ),
        ];
        for (endian, width, expect) in table {
            let mut w = ByteWriter::new(endian);
            w.pointer(width, 0xffff_ffff_1234_5678);
            assert_eq!(w.into_bytes(), expect, "{endian:?} {width:?}");
        }
    }

    #[test]
    fn wrap_truncates_only_32_bit() {
        assert_eq!(PointerWidth::U32.wrap(u64::MAX), 0xffff_ffff);
        assert_eq!(PointerWidth::U64.wrap(u64::MAX), u64::MAX);
    }

    #[test]
    fn align_and_patch() {
        let mut w = ByteWriter::new(Endian::Big);
        w.u8(1).align(8);
        assert_eq!(w.len(), 8);
        w.align(8);
        assert_eq!(w.len(), 8);
        w.u64(0).patch_u64(8, 0x0102_0304_0506_0708);
        assert_eq!(&w.as_bytes()[8..], [1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(padding_to(13, 8), 3);
        assert_eq!(padding_to(16, 8), 0);
    }

    #[test]
    fn uleb128_round_trips() {
        for value in [0, 1, 127, 128, 300, 1 << 31, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(decode(&uleb128(value)), Some(value), "{value}");
            let padded = uleb128_padded(value, 10);
            assert_eq!(padded.len(), 10);
            assert_eq!(decode(&padded), Some(value), "{value} padded");
        }
        assert_eq!(uleb128(u64::MAX).len(), 10);
        assert_eq!(uleb128_padded(0, 2), [0x80, 0x00]);
    }

    #[test]
    fn malformed_uleb128_do_not_decode() {
        assert_eq!(decode(&uleb128_overflowing()), None);
        assert_eq!(decode(&uleb128_unterminated(3)), None);
    }
}
