//! Where things are in a raw profile: the sections after the header
//! (`lprofWriteDataImpl` in compiler-rt writes them, LLVM's
//! `RawInstrProfReader::readHeader` finds them) and the C layout of the data
//! record (`INSTR_PROF_DATA`, `__llvm_profile_data`) per raw version and
//! pointer width.
//!
//! Section order after the header: binary IDs (v7+), data records,
//! `PaddingBytesBeforeCounters`, counters, `PaddingBytesAfterCounters`,
//! bitmap bytes and their padding (v9+), uniform counters and their padding
//! (v11), names padded to 8, vtable records padded to 8 and vtable names
//! padded to 8 (v10+), then the value-profile data. The padding after names,
//! vtables and vtable names is computed by the reader, not stored; Darwin's
//! continuous mode pads those to a page instead, which leaves zeros after
//! the computed end that the reader skips before the next profile.
//!
//! Data record fields in order, each at its natural alignment and the whole
//! rounded up to 8 (the runtime declares it `alignas(8)`):
//!
//! | raw | fields | 64 / 32-bit |
//! |---|---|---|
//! | 5-8 | NameRef, FuncHash, CounterPtr, FunctionPointer, Values, NumCounters u32, NumValueSites u16\[2\] | 48 / 40 |
//! | 9 | + BitmapPtr after CounterPtr, + NumBitmapBytes u32 at the end | 64 / 48 |
//! | 10 | NumValueSites u16\[3\] | 64 / 48 |
//! | 11 | + UniformCounterPtr after CounterPtr, + OffloadDeviceWaveSize u16 after NumValueSites | 72 / 56 |
//!
//! Pointers are `IntPtrT`: 4 or 8 bytes.

use covkit_wire::PointerWidth;

/// A byte range of the input: absolute offset and size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Section {
    /// Absolute offset of the first byte.
    pub offset: u64,
    /// Size in bytes.
    pub size: u64,
}

impl Section {
    /// The absolute offset just past the last byte.
    #[must_use]
    pub fn end(&self) -> u64 {
        self.offset.saturating_add(self.size)
    }
}

/// The sections of one raw profile, all as absolute byte ranges.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RawSections {
    /// The header.
    pub header: Section,
    /// Binary IDs (`BinaryIdsSize` bytes, v7+).
    pub binary_ids: Section,
    /// The data records (`NumData` × record size).
    pub data: Section,
    /// The counters (`NumCounters` × 8, or × 1 with byte coverage).
    pub counters: Section,
    /// The MC/DC bitmap bytes (v9+).
    pub bitmap: Section,
    /// The uniform counters (v11, `NumUniformCounters` × 8).
    pub uniform_counters: Section,
    /// The names section (`NamesSize` bytes).
    pub names: Section,
    /// The vtable records (v10+, `NumVTables` × 24 or 16).
    pub vtables: Section,
    /// The vtable names (v10+, `VNamesSize` bytes).
    pub vtable_names: Section,
    /// The value-profile data: one `ValueProfData` blob per data record
    /// with value sites; ends where the profile ends.
    pub value_data: Section,
}

/// The bytes LLVM's reader puts after a section of `size` bytes to reach a
/// multiple of 8 (`getNumPaddingBytes`).
#[must_use]
pub fn padding_after(size: u64) -> u64 {
    (8 - size % 8) % 8
}

/// The size of a vtable record (`VTableProfData`: u64 `VTableNameHash`,
/// `IntPtrT` `VTablePointer`, u32 `VTableSize`, rounded up to 8).
#[must_use]
pub fn vtable_record_size(width: PointerWidth) -> u64 {
    match width {
        PointerWidth::U32 => 16,
        PointerWidth::U64 => 24,
    }
}

/// Field offsets of the data record of one raw version and pointer width,
/// relative to the record's first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RecordLayout {
    /// The pointer width of `IntPtrT` fields.
    pub width: PointerWidth,
    /// `NameRef` (u64).
    pub name_ref: u64,
    /// `FuncHash` (u64).
    pub func_hash: u64,
    /// `CounterPtr` (pointer).
    pub counter_ptr: u64,
    /// `UniformCounterPtr` (pointer, v11).
    pub uniform_counter_ptr: Option<u64>,
    /// `BitmapPtr` (pointer, v9+).
    pub bitmap_ptr: Option<u64>,
    /// `FunctionPointer` (pointer).
    pub function_pointer: u64,
    /// `Values` (pointer).
    pub values: u64,
    /// `NumCounters` (u32).
    pub num_counters: u64,
    /// `NumValueSites` (u16 per value kind).
    pub num_value_sites: u64,
    /// The number of `NumValueSites` entries: `IPVK_Last + 1`, 2 up to v9
    /// and 3 from v10.
    pub value_kinds: usize,
    /// `OffloadDeviceWaveSize` (u16, v11).
    pub offload_device_wave_size: Option<u64>,
    /// `NumBitmapBytes` (u32, v9+).
    pub num_bitmap_bytes: Option<u64>,
    /// `sizeof(__llvm_profile_data)`.
    pub size: u64,
}

/// Places fields one after the other at their natural alignment, as a C
/// compiler lays out a struct.
struct Placer(u64);

impl Placer {
    fn place(&mut self, size: u64) -> u64 {
        let at = self.0.next_multiple_of(size.min(8));
        self.0 = at + size;
        at
    }

    fn place_array(&mut self, elem: u64, count: u64) -> u64 {
        let at = self.0.next_multiple_of(elem);
        self.0 = at + elem * count;
        at
    }
}

impl RecordLayout {
    /// The layout of raw `version` (5 to 11) with `width` pointers.
    #[must_use]
    pub fn new(version: u64, width: PointerWidth) -> RecordLayout {
        let ptr = match width {
            PointerWidth::U32 => 4,
            PointerWidth::U64 => 8,
        };
        let value_kinds: usize = if version >= 10 { 3 } else { 2 };
        let mut p = Placer(0);
        let name_ref = p.place(8);
        let func_hash = p.place(8);
        let counter_ptr = p.place(ptr);
        let uniform_counter_ptr = (version >= 11).then(|| p.place(ptr));
        let bitmap_ptr = (version >= 9).then(|| p.place(ptr));
        let function_pointer = p.place(ptr);
        let values = p.place(ptr);
        let num_counters = p.place(4);
        let num_value_sites = p.place_array(2, value_kinds as u64);
        let offload_device_wave_size = (version >= 11).then(|| p.place(2));
        let num_bitmap_bytes = (version >= 9).then(|| p.place(4));
        RecordLayout {
            width,
            name_ref,
            func_hash,
            counter_ptr,
            uniform_counter_ptr,
            bitmap_ptr,
            function_pointer,
            values,
            num_counters,
            num_value_sites,
            value_kinds,
            offload_device_wave_size,
            num_bitmap_bytes,
            size: p.0.next_multiple_of(8),
        }
    }

    /// The size of one pointer field.
    #[must_use]
    pub fn pointer_size(&self) -> u64 {
        match self.width {
            PointerWidth::U32 => 4,
            PointerWidth::U64 => 8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_sizes_match_llvm() {
        // (version, 64-bit size, 32-bit size), from compiling each release's
        // INSTR_PROF_DATA and from clang output.
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
                RecordLayout::new(version, PointerWidth::U64).size,
                size64,
                "v{version}"
            );
            assert_eq!(
                RecordLayout::new(version, PointerWidth::U32).size,
                size32,
                "v{version}"
            );
        }
    }

    #[test]
    fn field_offsets() {
        let v8 = RecordLayout::new(8, PointerWidth::U64);
        assert_eq!(
            (v8.counter_ptr, v8.function_pointer, v8.num_counters),
            (16, 24, 40)
        );
        assert_eq!(
            (v8.num_value_sites, v8.value_kinds, v8.bitmap_ptr),
            (44, 2, None)
        );
        let v9 = RecordLayout::new(9, PointerWidth::U64);
        assert_eq!(
            (v9.bitmap_ptr, v9.num_counters, v9.num_bitmap_bytes),
            (Some(24), 48, Some(56))
        );
        let v10 = RecordLayout::new(10, PointerWidth::U64);
        assert_eq!((v10.num_value_sites, v10.num_bitmap_bytes), (52, Some(60)));
        let v10_32 = RecordLayout::new(10, PointerWidth::U32);
        assert_eq!(
            (v10_32.num_counters, v10_32.num_bitmap_bytes),
            (32, Some(44))
        );
        let v11 = RecordLayout::new(11, PointerWidth::U64);
        assert_eq!(v11.uniform_counter_ptr, Some(24));
        assert_eq!(v11.bitmap_ptr, Some(32));
        assert_eq!(v11.offload_device_wave_size, Some(66));
        assert_eq!(v11.num_bitmap_bytes, Some(68));
        let v11_32 = RecordLayout::new(11, PointerWidth::U32);
        assert_eq!(
            (v11_32.num_bitmap_bytes, v11_32.pointer_size()),
            (Some(48), 4)
        );
        let v5_32 = RecordLayout::new(5, PointerWidth::U32);
        assert_eq!((v5_32.num_counters, v5_32.num_value_sites), (28, 32));
    }

    #[test]
    fn paddings() {
        let cases = [(0, 0), (1, 7), (7, 1), (8, 0), (45, 3), (u64::MAX, 1)];
        for (size, pad) in cases {
            assert_eq!(padding_after(size), pad, "{size}");
        }
        assert_eq!(vtable_record_size(PointerWidth::U64), 24);
        assert_eq!(vtable_record_size(PointerWidth::U32), 16);
        let s = Section {
            offset: 0x10,
            size: 8,
        };
        assert_eq!(s.end(), 0x18);
        assert_eq!(
            Section {
                offset: u64::MAX,
                size: 8
            }
            .end(),
            u64::MAX
        );
    }
}
