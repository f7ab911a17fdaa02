//! The raw profile header (`INSTR_PROF_RAW_HEADER`) and data record
//! (`INSTR_PROF_DATA`, `__llvm_profile_data`) per raw version, 5 to 11.
//!
//! Field names are LLVM's newest spelling: the count fields LLVM 11 to 17
//! call `DataSize` and `CountersSize` are [`HeaderField::NumData`] and
//! [`HeaderField::NumCounters`] here; they always held counts.
//!
//! | raw | LLVM | header fields | record (64 / 32-bit) |
//! |---|---|---|---|
//! | 5 | 11-12 | 10 | 48 / 40 |
//! | 7 | 13 | 11 (+`BinaryIdsSize`) | 48 / 40 |
//! | 8 | 14-17 | 11 | 48 / 40 |
//! | 9 | 18 | 14 (+bitmap fields) | 64 / 48 |
//! | 10 | 19-22 | 16 (+vtables) | 64 / 48 |
//! | 11 | 23 | 19 (+uniform counters) | 72 / 56 |
//!
//! Record sizes follow the C layout of the struct with the runtime's
//! `alignas(8)`: fields at their natural alignment, the whole rounded up to
//! 8. `NumValueSites` has `IPVK_Last + 1` entries: 2 up to raw v9, 3 from
//! v10. Raw v11 (LLVM 23, AMDGPU offload PGO) adds `UniformCounterPtr` after
//! `CounterPtr` and a `u16 OffloadDeviceWaveSize` after `NumValueSites`.

use crate::bytes::PointerWidth;

/// The raw versions these builders write.
pub const RAW_VERSIONS: [u32; 6] = [5, 7, 8, 9, 10, 11];

/// A raw profile header field, named as in `InstrProfData.inc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderField {
    /// `INSTR_PROF_RAW_MAGIC_64` or `_32`, in the target's byte order.
    Magic,
    /// The version in the low 32 bits, variant flags above.
    Version,
    /// Bytes of binary IDs after the header (raw v7+).
    BinaryIdsSize,
    /// Number of data records (`DataSize` up to LLVM 17).
    NumData,
    /// Zero bytes between the data records and the counters.
    PaddingBytesBeforeCounters,
    /// Number of counter entries (`CountersSize` up to LLVM 17).
    NumCounters,
    /// Zero bytes after the counters.
    PaddingBytesAfterCounters,
    /// Number of MC/DC bitmap bytes (raw v9+).
    NumBitmapBytes,
    /// Zero bytes after the bitmap bytes (raw v9+).
    PaddingBytesAfterBitmapBytes,
    /// Number of 8-byte uniform counters (raw v11).
    NumUniformCounters,
    /// Zero bytes after the uniform counters (raw v11).
    PaddingBytesAfterUniformCounters,
    /// Distance from the data to the uniform counters (raw v11).
    UniformCountersDelta,
    /// Bytes of the names section.
    NamesSize,
    /// Counters address (v5, v7) or counters minus data address (v8+).
    CountersDelta,
    /// Bitmap minus data address (raw v9+).
    BitmapDelta,
    /// The names section's address; a sanity value only.
    NamesDelta,
    /// Number of vtable records (raw v10+).
    NumVTables,
    /// Bytes of vtable names (raw v10+).
    VNamesSize,
    /// `IPVK_Last`: 1 up to raw v9, 2 from v10.
    ValueKindLast,
}

/// A data record field, named as in `InstrProfData.inc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordField {
    /// MD5 of the PGO name (`u64`).
    NameRef,
    /// Structural hash (`u64`).
    FuncHash,
    /// Where the counters are (pointer; absolute in v5/v7, relative in v8+).
    CounterPtr,
    /// Where the uniform counters are (pointer, raw v11).
    UniformCounterPtr,
    /// Where the bitmap bytes are (pointer, raw v9+).
    BitmapPtr,
    /// The function's address, for indirect-call value mapping (pointer).
    FunctionPointer,
    /// The runtime's value-node pointer (pointer; unused by readers).
    Values,
    /// Number of counter entries (`u32`).
    NumCounters,
    /// Value sites per kind (`u16[IPVK_Last + 1]`).
    NumValueSites,
    /// Wave size of the offload device (`u16`, raw v11).
    OffloadDeviceWaveSize,
    /// Number of bitmap bytes (`u32`, raw v9+).
    NumBitmapBytes,
}

/// The header fields of raw `version`, in file order.
///
/// # Panics
///
/// If `version` is not one of [`RAW_VERSIONS`].
#[must_use]
pub fn header_fields(version: u32) -> &'static [HeaderField] {
    use HeaderField::*;
    match version {
        5 => &[
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
        ],
        7 | 8 => &[
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
        ],
        9 => &[
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
        ],
        10 => &[
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
        ],
        11 => &[
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
        ],
        _ => panic!("unsupported raw profile version {version} (supported: {RAW_VERSIONS:?})"),
    }
}

/// The size of the raw `version` header in bytes (every field is a `u64`).
///
/// # Panics
///
/// If `version` is not one of [`RAW_VERSIONS`].
#[must_use]
pub fn header_size(version: u32) -> usize {
    header_fields(version).len() * 8
}

/// `IPVK_Last` of the LLVM that writes raw `version`.
#[must_use]
pub fn value_kind_last(version: u32) -> u32 {
    if version >= 10 { 2 } else { 1 }
}

/// Where each field of a data record sits, for one version and width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordLayout {
    fields: Vec<(RecordField, usize, usize)>,
    size: usize,
}

impl RecordLayout {
    /// The layout of a raw `version` data record with `width` pointers.
    ///
    /// # Panics
    ///
    /// If `version` is not one of [`RAW_VERSIONS`].
    #[must_use]
    pub fn new(version: u32, width: PointerWidth) -> RecordLayout {
        use RecordField::*;
        // Validates the version.
        let _ = header_fields(version);
        let ptr = width.bytes();
        let sites = 2 * (value_kind_last(version) as usize + 1);
        // (field, size, alignment)
        let mut spec: Vec<(RecordField, usize, usize)> =
            vec![(NameRef, 8, 8), (FuncHash, 8, 8), (CounterPtr, ptr, ptr)];
        if version >= 11 {
            spec.push((UniformCounterPtr, ptr, ptr));
        }
        if version >= 9 {
            spec.push((BitmapPtr, ptr, ptr));
        }
        spec.extend([
            (FunctionPointer, ptr, ptr),
            (Values, ptr, ptr),
            (NumCounters, 4, 4),
            (NumValueSites, sites, 2),
        ]);
        if version >= 11 {
            spec.push((OffloadDeviceWaveSize, 2, 2));
        }
        if version >= 9 {
            spec.push((NumBitmapBytes, 4, 4));
        }
        let mut fields = Vec::with_capacity(spec.len());
        let mut offset: usize = 0;
        for (field, size, align) in spec {
            offset = offset.next_multiple_of(align);
            fields.push((field, offset, size));
            offset += size;
        }
        RecordLayout {
            fields,
            size: offset.next_multiple_of(8),
        }
    }

    /// `sizeof(__llvm_profile_data)`.
    #[must_use]
    pub fn size(&self) -> usize {
        self.size
    }

    /// The byte offset of `field` in a record, if this version has it.
    #[must_use]
    pub fn offset(&self, field: RecordField) -> Option<usize> {
        self.fields
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|&(_, offset, _)| offset)
    }

    /// The fields in file order as `(field, offset, size)`.
    #[must_use]
    pub fn fields(&self) -> &[(RecordField, usize, usize)] {
        &self.fields
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_sizes() {
        let table = [(5, 80), (7, 88), (8, 88), (9, 112), (10, 128), (11, 152)];
        for (version, size) in table {
            assert_eq!(header_size(version), size, "v{version}");
            let fields = header_fields(version);
            assert_eq!(fields[0], HeaderField::Magic);
            assert_eq!(fields[fields.len() - 1], HeaderField::ValueKindLast);
        }
    }

    #[test]
    fn record_sizes_per_version_and_width() {
        let table = [
            (5, 48, 40),
            (7, 48, 40),
            (8, 48, 40),
            (9, 64, 48),
            (10, 64, 48),
            (11, 72, 56),
        ];
        for (version, size64, size32) in table {
            assert_eq!(
                RecordLayout::new(version, PointerWidth::U64).size(),
                size64,
                "v{version}"
            );
            assert_eq!(
                RecordLayout::new(version, PointerWidth::U32).size(),
                size32,
                "v{version}"
            );
        }
    }

    #[test]
    fn field_offsets_match_llvm() {
        use RecordField::*;
        // clang-14 (v8) and clang-19 (v10) data records put NumCounters at
        // 40 and 48; v10's NumBitmapBytes sits after 2 bytes of padding.
        let v8 = RecordLayout::new(8, PointerWidth::U64);
        assert_eq!(v8.offset(NumCounters), Some(40));
        assert_eq!(v8.offset(BitmapPtr), None);
        let v9 = RecordLayout::new(9, PointerWidth::U64);
        assert_eq!(v9.offset(NumBitmapBytes), Some(56));
        let v10 = RecordLayout::new(10, PointerWidth::U64);
        assert_eq!(v10.offset(NumCounters), Some(48));
        assert_eq!(v10.offset(NumValueSites), Some(52));
        assert_eq!(v10.offset(NumBitmapBytes), Some(60));
        let v11 = RecordLayout::new(11, PointerWidth::U64);
        assert_eq!(v11.offset(UniformCounterPtr), Some(24));
        assert_eq!(v11.offset(OffloadDeviceWaveSize), Some(66));
        assert_eq!(v11.offset(NumBitmapBytes), Some(68));
        let v11_32 = RecordLayout::new(11, PointerWidth::U32);
        assert_eq!(v11_32.offset(NumBitmapBytes), Some(48));
        let v5_32 = RecordLayout::new(5, PointerWidth::U32);
        assert_eq!(v5_32.offset(NumValueSites), Some(32));
    }

    #[test]
    #[should_panic(expected = "unsupported raw profile version 6")]
    fn version_6_was_never_released() {
        let _ = header_size(6);
    }
}
