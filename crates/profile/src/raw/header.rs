//! The raw profile header (`INSTR_PROF_RAW_HEADER` in `InstrProfData.inc`,
//! LLVM's `RawInstrProf::Header`) for raw versions 5, 7, 8, 9, 10 and 11,
//! and the magic number that tells the byte order and pointer width.
//!
//! Every header field is a `u64` in the target's byte order, whatever the
//! pointer width. The field set grows with the version:
//!
//! | raw | LLVM | fields added | size |
//! |---|---|---|---|
//! | 5 | 11-12 | Magic, Version, DataSize, PaddingBytesBeforeCounters, CountersSize, PaddingBytesAfterCounters, NamesSize, CountersDelta, NamesDelta, ValueKindLast | 80 |
//! | 7 | 13 | BinaryIdsSize (after Version) | 88 |
//! | 8 | 14-17 | none; `CountersDelta` becomes counters minus data | 88 |
//! | 9 | 18 | NumBitmapBytes, PaddingBytesAfterBitmapBytes, BitmapDelta; `DataSize`/`CountersSize` renamed `NumData`/`NumCounters` | 112 |
//! | 10 | 19-22 | NumVTables, VNamesSize (before ValueKindLast) | 128 |
//! | 11 | 23 | NumUniformCounters, PaddingBytesAfterUniformCounters, UniformCountersDelta (before NamesSize) | 152 |
//!
//! LLVM reads exactly one raw version per release and rejects any other;
//! covkit reads all of the above, so [`unsupported_version_hint`] only has
//! to explain the rest.

use covkit_wire::{Endian, PointerWidth, Reader};

use crate::error::{Error, ErrorKind, Result};
use crate::format::{INSTR_PROF_RAW_MAGIC_32, INSTR_PROF_RAW_MAGIC_64, RAW_VERSIONS};

/// One field of the raw header, named as in `InstrProfData.inc` (newest
/// spelling; see [`HeaderField::llvm_name`] for the name a given version
/// uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderField {
    /// `INSTR_PROF_RAW_MAGIC_64` or `_32`.
    Magic,
    /// The version in the low 32 bits, variant flags above.
    Version,
    /// Bytes of binary IDs after the header (v7+).
    BinaryIdsSize,
    /// Number of data records (`DataSize` up to v8).
    NumData,
    /// Bytes between the data records and the counters.
    PaddingBytesBeforeCounters,
    /// Number of counter entries (`CountersSize` up to v8).
    NumCounters,
    /// Bytes after the counters.
    PaddingBytesAfterCounters,
    /// Number of MC/DC bitmap bytes (v9+).
    NumBitmapBytes,
    /// Bytes after the bitmap bytes (v9+).
    PaddingBytesAfterBitmapBytes,
    /// Number of 8-byte uniform counters (v11).
    NumUniformCounters,
    /// Bytes after the uniform counters (v11).
    PaddingBytesAfterUniformCounters,
    /// Uniform counters minus data, like `CountersDelta` (v11).
    UniformCountersDelta,
    /// Bytes of the names section.
    NamesSize,
    /// Counters address (v5, v7) or counters minus data (v8+).
    CountersDelta,
    /// Bitmap minus data (v9+).
    BitmapDelta,
    /// Address of the names section; informational.
    NamesDelta,
    /// Number of vtable records (v10+).
    NumVTables,
    /// Bytes of vtable names (v10+).
    VNamesSize,
    /// `IPVK_Last` of the writer: 1 up to v9, 2 from v10.
    ValueKindLast,
}

impl HeaderField {
    /// The fields of raw `version`, in file order; `None` for a version
    /// covkit does not read.
    #[must_use]
    pub fn for_version(version: u64) -> Option<&'static [HeaderField]> {
        use HeaderField::*;
        const V5: &[HeaderField] = &[
            Magic,
            Version,
            NumData,
            PaddingBytesBeforeCounters,
            NumCounters,
            PaddingBytesAfterCounters,
            NamesSize,
            CountersDelta,
            NamesDelta,
            ValueKindLast,
        ];
        const V7: &[HeaderField] = &[
            Magic,
            Version,
            BinaryIdsSize,
            NumData,
            PaddingBytesBeforeCounters,
            NumCounters,
            PaddingBytesAfterCounters,
            NamesSize,
            CountersDelta,
            NamesDelta,
            ValueKindLast,
        ];
        const V9: &[HeaderField] = &[
            Magic,
            Version,
            BinaryIdsSize,
            NumData,
            PaddingBytesBeforeCounters,
            NumCounters,
            PaddingBytesAfterCounters,
            NumBitmapBytes,
            PaddingBytesAfterBitmapBytes,
            NamesSize,
            CountersDelta,
            BitmapDelta,
            NamesDelta,
            ValueKindLast,
        ];
        const V10: &[HeaderField] = &[
            Magic,
            Version,
            BinaryIdsSize,
            NumData,
            PaddingBytesBeforeCounters,
            NumCounters,
            PaddingBytesAfterCounters,
            NumBitmapBytes,
            PaddingBytesAfterBitmapBytes,
            NamesSize,
            CountersDelta,
            BitmapDelta,
            NamesDelta,
            NumVTables,
            VNamesSize,
            ValueKindLast,
        ];
        const V11: &[HeaderField] = &[
            Magic,
            Version,
            BinaryIdsSize,
            NumData,
            PaddingBytesBeforeCounters,
            NumCounters,
            PaddingBytesAfterCounters,
            NumBitmapBytes,
            PaddingBytesAfterBitmapBytes,
            NumUniformCounters,
            PaddingBytesAfterUniformCounters,
            UniformCountersDelta,
            NamesSize,
            CountersDelta,
            BitmapDelta,
            NamesDelta,
            NumVTables,
            VNamesSize,
            ValueKindLast,
        ];
        match version {
            5 => Some(V5),
            7 | 8 => Some(V7),
            9 => Some(V9),
            10 => Some(V10),
            11 => Some(V11),
            _ => None,
        }
    }

    /// The field's name in raw `version`, as that release's
    /// `InstrProfData.inc` spells it (`DataSize` and `CountersSize` up to
    /// v8, `NumData` and `NumCounters` from v9).
    #[must_use]
    pub fn llvm_name(self, version: u64) -> &'static str {
        use HeaderField::*;
        match self {
            Magic => "Magic",
            Version => "Version",
            BinaryIdsSize => "BinaryIdsSize",
            NumData if version <= 8 => "DataSize",
            NumData => "NumData",
            PaddingBytesBeforeCounters => "PaddingBytesBeforeCounters",
            NumCounters if version <= 8 => "CountersSize",
            NumCounters => "NumCounters",
            PaddingBytesAfterCounters => "PaddingBytesAfterCounters",
            NumBitmapBytes => "NumBitmapBytes",
            PaddingBytesAfterBitmapBytes => "PaddingBytesAfterBitmapBytes",
            NumUniformCounters => "NumUniformCounters",
            PaddingBytesAfterUniformCounters => "PaddingBytesAfterUniformCounters",
            UniformCountersDelta => "UniformCountersDelta",
            NamesSize => "NamesSize",
            CountersDelta => "CountersDelta",
            BitmapDelta => "BitmapDelta",
            NamesDelta => "NamesDelta",
            NumVTables => "NumVTables",
            VNamesSize => "VNamesSize",
            ValueKindLast => "ValueKindLast",
        }
    }
}

/// A decoded raw header. Fields the version does not have are 0;
/// [`RawHeader::fields`] lists the ones it has, with their offsets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RawHeader {
    /// Absolute offset of the header (the profile's first byte).
    pub offset: u64,
    /// `Magic`, as read in the profile's byte order.
    pub magic: u64,
    /// `Version`: the whole word, version in the low 32 bits and variant
    /// flags above.
    pub version: u64,
    /// `BinaryIdsSize` (v7+).
    pub binary_ids_size: u64,
    /// `NumData` (`DataSize`): the number of data records.
    pub num_data: u64,
    /// `PaddingBytesBeforeCounters`.
    pub padding_bytes_before_counters: u64,
    /// `NumCounters` (`CountersSize`): counter entries, 8 bytes each or 1
    /// with byte coverage.
    pub num_counters: u64,
    /// `PaddingBytesAfterCounters`.
    pub padding_bytes_after_counters: u64,
    /// `NumBitmapBytes` (v9+).
    pub num_bitmap_bytes: u64,
    /// `PaddingBytesAfterBitmapBytes` (v9+).
    pub padding_bytes_after_bitmap_bytes: u64,
    /// `NumUniformCounters` (v11).
    pub num_uniform_counters: u64,
    /// `PaddingBytesAfterUniformCounters` (v11).
    pub padding_bytes_after_uniform_counters: u64,
    /// `UniformCountersDelta` (v11).
    pub uniform_counters_delta: u64,
    /// `NamesSize`, in bytes.
    pub names_size: u64,
    /// `CountersDelta`.
    pub counters_delta: u64,
    /// `BitmapDelta` (v9+).
    pub bitmap_delta: u64,
    /// `NamesDelta`.
    pub names_delta: u64,
    /// `NumVTables` (v10+).
    pub num_vtables: u64,
    /// `VNamesSize` (v10+).
    pub vnames_size: u64,
    /// `ValueKindLast`.
    pub value_kind_last: u64,
}

impl RawHeader {
    /// The version number without variant flags.
    #[must_use]
    pub fn version_number(&self) -> u64 {
        self.version & 0xFFFF_FFFF
    }

    /// The value of `field` (0 if this version does not have it).
    #[must_use]
    pub fn get(&self, field: HeaderField) -> u64 {
        use HeaderField::*;
        match field {
            Magic => self.magic,
            Version => self.version,
            BinaryIdsSize => self.binary_ids_size,
            NumData => self.num_data,
            PaddingBytesBeforeCounters => self.padding_bytes_before_counters,
            NumCounters => self.num_counters,
            PaddingBytesAfterCounters => self.padding_bytes_after_counters,
            NumBitmapBytes => self.num_bitmap_bytes,
            PaddingBytesAfterBitmapBytes => self.padding_bytes_after_bitmap_bytes,
            NumUniformCounters => self.num_uniform_counters,
            PaddingBytesAfterUniformCounters => self.padding_bytes_after_uniform_counters,
            UniformCountersDelta => self.uniform_counters_delta,
            NamesSize => self.names_size,
            CountersDelta => self.counters_delta,
            BitmapDelta => self.bitmap_delta,
            NamesDelta => self.names_delta,
            NumVTables => self.num_vtables,
            VNamesSize => self.vnames_size,
            ValueKindLast => self.value_kind_last,
        }
    }

    fn set(&mut self, field: HeaderField, value: u64) {
        use HeaderField::*;
        let slot = match field {
            Magic => &mut self.magic,
            Version => &mut self.version,
            BinaryIdsSize => &mut self.binary_ids_size,
            NumData => &mut self.num_data,
            PaddingBytesBeforeCounters => &mut self.padding_bytes_before_counters,
            NumCounters => &mut self.num_counters,
            PaddingBytesAfterCounters => &mut self.padding_bytes_after_counters,
            NumBitmapBytes => &mut self.num_bitmap_bytes,
            PaddingBytesAfterBitmapBytes => &mut self.padding_bytes_after_bitmap_bytes,
            NumUniformCounters => &mut self.num_uniform_counters,
            PaddingBytesAfterUniformCounters => &mut self.padding_bytes_after_uniform_counters,
            UniformCountersDelta => &mut self.uniform_counters_delta,
            NamesSize => &mut self.names_size,
            CountersDelta => &mut self.counters_delta,
            BitmapDelta => &mut self.bitmap_delta,
            NamesDelta => &mut self.names_delta,
            NumVTables => &mut self.num_vtables,
            VNamesSize => &mut self.vnames_size,
            ValueKindLast => &mut self.value_kind_last,
        };
        *slot = value;
    }

    /// The fields this version has, in file order, as `(field, absolute
    /// offset, value)`.
    pub fn fields(&self) -> impl Iterator<Item = (HeaderField, u64, u64)> + '_ {
        let list = HeaderField::for_version(self.version_number()).unwrap_or_default();
        list.iter().zip(0u64..).map(|(&field, index)| {
            let offset = self.offset.saturating_add(index.saturating_mul(8));
            (field, offset, self.get(field))
        })
    }

    /// The absolute offset of `field`, if this version has it.
    #[must_use]
    pub fn offset_of(&self, field: HeaderField) -> Option<u64> {
        self.fields()
            .find(|&(f, _, _)| f == field)
            .map(|(_, offset, _)| offset)
    }

    /// The offset of `field` for error messages: the header's own offset
    /// when this version lacks the field.
    pub(crate) fn at(&self, field: HeaderField) -> u64 {
        self.offset_of(field).unwrap_or(self.offset)
    }

    /// The header size in bytes: 8 per field.
    #[must_use]
    pub fn size(&self) -> u64 {
        let fields = HeaderField::for_version(self.version_number()).unwrap_or_default();
        u64::try_from(fields.len()).unwrap_or(0).saturating_mul(8)
    }

    /// Reads a header at the reader's position, whose magic must be `magic`
    /// (in the reader's byte order), and checks the version.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::BadMagic`] for another magic,
    /// [`ErrorKind::UnsupportedRawVersion`] for a version covkit does not
    /// read, and truncation from the cursor.
    pub(crate) fn parse(r: &mut Reader<'_>, magic: u64) -> Result<RawHeader> {
        let offset = r.offset();
        let found = r.peek(Reader::read_u64)?;
        if found != magic {
            let bytes = r.peek(Reader::read_array::<8>)?;
            return Err(Error::new(
                ErrorKind::BadMagic {
                    magic: u64::from_le_bytes(bytes),
                },
                offset,
            ));
        }
        let version_offset = offset.saturating_add(8);
        let version = r.peek(|r| {
            r.skip(8)?;
            r.read_u64()
        })?;
        let number = version & 0xFFFF_FFFF;
        let Some(fields) = HeaderField::for_version(number) else {
            return Err(Error::new(
                ErrorKind::UnsupportedRawVersion {
                    version: number,
                    hint: unsupported_version_hint(number),
                },
                version_offset,
            ));
        };
        let mut header = RawHeader {
            offset,
            ..RawHeader::default()
        };
        for &field in fields {
            let value = r.read_u64()?;
            header.set(field, value);
        }
        Ok(header)
    }
}

/// Why a raw version is not read, as the `hint` of
/// [`ErrorKind::UnsupportedRawVersion`]: which LLVM likely wrote it.
#[must_use]
pub fn unsupported_version_hint(version: u64) -> &'static str {
    match version {
        0..=4 => "; written by LLVM 10 or older",
        6 => "; raw version 6 was never released",
        v if RAW_VERSIONS.contains(&v) => "",
        _ => "; written by an LLVM newer than 23",
    }
}

/// The byte order and pointer width a raw profile magic announces, trying
/// both magics in both byte orders.
///
/// # Errors
///
/// [`ErrorKind::BadMagic`] if the first eight bytes are no raw magic;
/// truncation if there are fewer than eight.
pub fn detect_magic(data: &[u8]) -> Result<(Endian, PointerWidth)> {
    let bytes = Reader::new(data, Endian::Little).read_array::<8>()?;
    for (magic, width) in [
        (INSTR_PROF_RAW_MAGIC_64, PointerWidth::U64),
        (INSTR_PROF_RAW_MAGIC_32, PointerWidth::U32),
    ] {
        if bytes == magic.to_le_bytes() {
            return Ok((Endian::Little, width));
        }
        if bytes == magic.to_be_bytes() {
            return Ok((Endian::Big, width));
        }
    }
    Err(Error::new(
        ErrorKind::BadMagic {
            magic: u64::from_le_bytes(bytes),
        },
        0,
    ))
}

/// The magic of `width`, as a number (to compare with a `u64` read in the
/// detected byte order).
#[must_use]
pub(crate) fn magic_for(width: PointerWidth) -> u64 {
    match width {
        PointerWidth::U32 => INSTR_PROF_RAW_MAGIC_32,
        PointerWidth::U64 => INSTR_PROF_RAW_MAGIC_64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_bytes(endian: Endian, magic: u64, version: u64, fields: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let push = |out: &mut Vec<u8>, v: u64| match endian {
            Endian::Little => out.extend_from_slice(&v.to_le_bytes()),
            Endian::Big => out.extend_from_slice(&v.to_be_bytes()),
        };
        push(&mut out, magic);
        push(&mut out, version);
        for i in 2..fields {
            push(&mut out, 0x100 + i as u64);
        }
        out
    }

    #[test]
    fn field_sets_and_sizes_per_version() {
        // (version, fields, position of NamesSize)
        let table = [
            (5, 10, 6),
            (7, 11, 7),
            (8, 11, 7),
            (9, 14, 9),
            (10, 16, 9),
            (11, 19, 12),
        ];
        for (version, count, names_at) in table {
            let fields = HeaderField::for_version(version).expect("supported");
            assert_eq!(fields.len(), count, "v{version}");
            assert_eq!(fields.first(), Some(&HeaderField::Magic));
            assert_eq!(fields.last(), Some(&HeaderField::ValueKindLast));
            assert_eq!(
                fields.get(names_at),
                Some(&HeaderField::NamesSize),
                "v{version}"
            );
        }
        for version in [0, 4, 6, 12, 0xFFFF_FFFF] {
            assert_eq!(HeaderField::for_version(version), None);
        }
        assert_eq!(HeaderField::NumData.llvm_name(8), "DataSize");
        assert_eq!(HeaderField::NumCounters.llvm_name(9), "NumCounters");
    }

    #[test]
    fn detects_both_magics_in_both_orders() {
        for endian in [Endian::Little, Endian::Big] {
            for width in [PointerWidth::U32, PointerWidth::U64] {
                let data = header_bytes(endian, magic_for(width), 10, 2);
                assert_eq!(detect_magic(&data), Ok((endian, width)));
            }
        }
        assert_eq!(
            detect_magic(b"\xfflprofr\x81"),
            Ok((Endian::Big, PointerWidth::U64))
        );
        assert_eq!(
            detect_magic(b"\x81rforpl\xff"),
            Ok((Endian::Little, PointerWidth::U64))
        );
        let err = detect_magic(b"\xfflprofi\x81\0\0\0\0").expect_err("indexed magic");
        assert_eq!(
            err.to_string(),
            "not an llvm profile: unknown magic 0x8169666f72706cff (at offset 0x0)"
        );
        let err = detect_magic(b"\x81rfo").expect_err("short");
        assert_eq!(
            err.to_string(),
            "unexpected end of data reading byte array (at offset 0x0)"
        );
    }

    #[test]
    fn reads_every_field_with_offsets() {
        for endian in [Endian::Little, Endian::Big] {
            let data = header_bytes(endian, INSTR_PROF_RAW_MAGIC_64, 0x0100_0000_0000_000b, 19);
            let mut r = Reader::with_offset(&data, endian, 0x40);
            let h = RawHeader::parse(&mut r, INSTR_PROF_RAW_MAGIC_64).expect("valid");
            assert!(r.is_empty());
            assert_eq!(h.version_number(), 11);
            assert_eq!(h.size(), 152);
            assert_eq!(h.binary_ids_size, 0x102);
            assert_eq!(h.num_uniform_counters, 0x109);
            assert_eq!(h.uniform_counters_delta, 0x10b);
            assert_eq!(h.names_size, 0x10c);
            assert_eq!(h.value_kind_last, 0x112);
            assert_eq!(h.offset_of(HeaderField::NamesSize), Some(0x40 + 12 * 8));
            assert_eq!(h.offset_of(HeaderField::Version), Some(0x48));
            let offsets: Vec<u64> = h.fields().map(|(_, at, _)| at).collect();
            assert_eq!(offsets.len(), 19);
            assert_eq!(offsets.last(), Some(&(0x40 + 18 * 8)));
        }
        // Version 5 has no BinaryIdsSize: the third word is DataSize.
        let data = header_bytes(Endian::Little, INSTR_PROF_RAW_MAGIC_32, 5, 10);
        let h = RawHeader::parse(
            &mut Reader::new(&data, Endian::Little),
            INSTR_PROF_RAW_MAGIC_32,
        )
        .expect("valid");
        assert_eq!((h.binary_ids_size, h.num_data), (0, 0x102));
        assert_eq!(h.offset_of(HeaderField::BinaryIdsSize), None);
        assert_eq!(h.at(HeaderField::BitmapDelta), 0);
    }

    #[test]
    fn unsupported_versions_name_the_llvm() {
        let cases: &[(u64, &str)] = &[
            (
                4,
                "unsupported raw profile version 4 (covkit reads raw versions 5, 7, 8, 9, 10 and 11; written by LLVM 10 or older) (at offset 0x8)",
            ),
            (
                6,
                "unsupported raw profile version 6 (covkit reads raw versions 5, 7, 8, 9, 10 and 11; raw version 6 was never released) (at offset 0x8)",
            ),
            (
                0x0100_0000_0000_000c,
                "unsupported raw profile version 12 (covkit reads raw versions 5, 7, 8, 9, 10 and 11; written by an LLVM newer than 23) (at offset 0x8)",
            ),
        ];
        for &(word, message) in cases {
            let data = header_bytes(Endian::Big, INSTR_PROF_RAW_MAGIC_64, word, 19);
            let err = RawHeader::parse(
                &mut Reader::new(&data, Endian::Big),
                INSTR_PROF_RAW_MAGIC_64,
            )
            .expect_err("unsupported");
            assert_eq!(err.to_string(), message);
        }
        assert_eq!(unsupported_version_hint(10), "");
    }

    #[test]
    fn wrong_magic_and_truncation() {
        let data = header_bytes(Endian::Little, INSTR_PROF_RAW_MAGIC_32, 10, 16);
        let err = RawHeader::parse(
            &mut Reader::new(&data, Endian::Little),
            INSTR_PROF_RAW_MAGIC_64,
        )
        .expect_err("other width");
        assert!(
            matches!(err.kind(), ErrorKind::BadMagic { magic } if *magic == INSTR_PROF_RAW_MAGIC_32)
        );
        let short = data.get(..100).expect("long enough");
        let err = RawHeader::parse(
            &mut Reader::new(short, Endian::Little),
            INSTR_PROF_RAW_MAGIC_32,
        )
        .expect_err("truncated");
        assert_eq!(
            err.to_string(),
            "unexpected end of data reading u64 (at offset 0x60)"
        );
    }
}
