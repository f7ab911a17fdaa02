//! One data record (`INSTR_PROF_DATA`, `__llvm_profile_data`,
//! `RawInstrProf::ProfileData<IntPtrT>`) of raw versions 5 to 11, as stored,
//! plus what the reader resolved from it: where its counters, bitmap bytes
//! and value data are, its temporal timestamp and its uniform counters.
//!
//! The layout per version and width is [`RecordLayout`]; the record is read
//! field by field at those offsets, so records that start unaligned (LLVM 13
//! wrote unpadded binary IDs before them) read the same.

use covkit_wire::Reader;

use super::layout::{RecordLayout, Section};
use crate::error::Result;

/// A data record as stored, and where the reader found its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DataRecord {
    /// Absolute offset of the record.
    pub offset: u64,
    /// `NameRef`: the MD5-based hash of the function's PGO name.
    pub name_ref: u64,
    /// `FuncHash`: the structural hash.
    pub func_hash: u64,
    /// `CounterPtr`, zero-extended: absolute (v5, v7) or relative to this
    /// record (v8+).
    pub counter_ptr: u64,
    /// `UniformCounterPtr` (v11), relative to this record; 0 when absent.
    pub uniform_counter_ptr: u64,
    /// `BitmapPtr` (v9+), relative to this record; 0 when absent.
    pub bitmap_ptr: u64,
    /// `FunctionPointer`: the function's address, which indirect-call
    /// values are mapped from.
    pub function_pointer: u64,
    /// `Values`: the runtime's value-node pointer; not used by readers.
    pub values: u64,
    /// `NumCounters`: counter entries, including the timestamp slot of
    /// temporal profiles (8 entries in byte mode).
    pub num_counters: u32,
    /// `NumValueSites`, per value kind (the third is 0 before v10).
    pub num_value_sites: [u16; 3],
    /// `OffloadDeviceWaveSize` (v11); 0 when absent.
    pub offload_device_wave_size: u16,
    /// `NumBitmapBytes` (v9+); 0 when absent.
    pub num_bitmap_bytes: u32,
    /// Where the record's counter entries are (timestamp slot included).
    pub counters: Section,
    /// The timestamp in counter slot 0 of a temporal profile.
    pub timestamp: Option<u64>,
    /// Where the record's bitmap bytes are (size 0 without MC/DC).
    pub bitmap: Section,
    /// The record's uniform counters (v11 offload profiles; one per
    /// counter), empty when it has none.
    pub uniform_counts: Vec<u64>,
    /// Where the record's `ValueProfData` blob is, if it has value sites.
    pub value_data: Option<Section>,
}

impl DataRecord {
    /// Reads the record at the reader's position, consuming `layout.size`
    /// bytes.
    ///
    /// # Errors
    ///
    /// Truncation, from the cursor.
    pub(crate) fn parse(r: &mut Reader<'_>, layout: &RecordLayout) -> Result<DataRecord> {
        let offset = r.offset();
        let mut record = r.sub_reader(usize::try_from(layout.size).unwrap_or(usize::MAX))?;
        // Moves to `field` (visited in increasing order), skipping the C
        // padding before it.
        let seek = |r: &mut Reader<'_>, field: u64| -> Result<()> {
            let here = r.offset().saturating_sub(offset);
            r.skip(usize::try_from(field.saturating_sub(here)).unwrap_or(usize::MAX))?;
            Ok(())
        };
        let width = layout.width;
        let mut out = DataRecord {
            offset,
            ..DataRecord::default()
        };
        seek(&mut record, layout.name_ref)?;
        out.name_ref = record.read_u64()?;
        seek(&mut record, layout.func_hash)?;
        out.func_hash = record.read_u64()?;
        seek(&mut record, layout.counter_ptr)?;
        out.counter_ptr = record.read_pointer(width)?;
        if let Some(field) = layout.uniform_counter_ptr {
            seek(&mut record, field)?;
            out.uniform_counter_ptr = record.read_pointer(width)?;
        }
        if let Some(field) = layout.bitmap_ptr {
            seek(&mut record, field)?;
            out.bitmap_ptr = record.read_pointer(width)?;
        }
        seek(&mut record, layout.function_pointer)?;
        out.function_pointer = record.read_pointer(width)?;
        seek(&mut record, layout.values)?;
        out.values = record.read_pointer(width)?;
        seek(&mut record, layout.num_counters)?;
        out.num_counters = record.read_u32()?;
        seek(&mut record, layout.num_value_sites)?;
        for site in out.num_value_sites.iter_mut().take(layout.value_kinds) {
            *site = record.read_u16()?;
        }
        if let Some(field) = layout.offload_device_wave_size {
            seek(&mut record, field)?;
            out.offload_device_wave_size = record.read_u16()?;
        }
        if let Some(field) = layout.num_bitmap_bytes {
            seek(&mut record, field)?;
            out.num_bitmap_bytes = record.read_u32()?;
        }
        // The rest is the struct's tail padding.
        Ok(out)
    }

    /// Whether the record has value sites of any kind, and so a
    /// `ValueProfData` blob in the value-data section.
    #[must_use]
    pub fn has_value_sites(&self) -> bool {
        self.num_value_sites.iter().any(|&n| n != 0)
    }
}

#[cfg(test)]
mod tests {
    use covkit_wire::{Endian, PointerWidth};

    use super::*;

    /// Lays out a record by hand: `fields` as (offset, bytes in little
    /// endian), the rest zeros.
    fn record_bytes(size: usize, fields: &[(usize, &[u8])], endian: Endian) -> Vec<u8> {
        let mut out = vec![0u8; size];
        for &(at, bytes) in fields {
            let mut bytes = bytes.to_vec();
            if endian == Endian::Big {
                bytes.reverse();
            }
            for (i, b) in bytes.into_iter().enumerate() {
                if let Some(slot) = out.get_mut(at + i) {
                    *slot = b;
                }
            }
        }
        out
    }

    #[test]
    fn v11_64_bit_fields_in_both_orders() {
        let layout = RecordLayout::new(11, PointerWidth::U64);
        for endian in [Endian::Little, Endian::Big] {
            let data = record_bytes(
                72,
                &[
                    (0, &0x1111_u64.to_le_bytes()),
                    (8, &0x2222_u64.to_le_bytes()),
                    (16, &(-112_i64).to_le_bytes()),
                    (24, &0x30_u64.to_le_bytes()),
                    (32, &0x40_u64.to_le_bytes()),
                    (40, &0x5000_u64.to_le_bytes()),
                    (48, &0x6000_u64.to_le_bytes()),
                    (56, &3_u32.to_le_bytes()),
                    (60, &1_u16.to_le_bytes()),
                    (62, &2_u16.to_le_bytes()),
                    (64, &4_u16.to_le_bytes()),
                    (66, &64_u16.to_le_bytes()),
                    (68, &5_u32.to_le_bytes()),
                ],
                endian,
            );
            let mut r = Reader::with_offset(&data, endian, 0x98);
            let rec = DataRecord::parse(&mut r, &layout).expect("valid");
            assert!(r.is_empty());
            assert_eq!(rec.offset, 0x98);
            assert_eq!((rec.name_ref, rec.func_hash), (0x1111, 0x2222));
            assert_eq!(rec.counter_ptr as i64, -112);
            assert_eq!((rec.uniform_counter_ptr, rec.bitmap_ptr), (0x30, 0x40));
            assert_eq!((rec.function_pointer, rec.values), (0x5000, 0x6000));
            assert_eq!(rec.num_counters, 3);
            assert_eq!(rec.num_value_sites, [1, 2, 4]);
            assert_eq!(
                (rec.offload_device_wave_size, rec.num_bitmap_bytes),
                (64, 5)
            );
            assert!(rec.has_value_sites());
        }
    }

    #[test]
    fn v5_32_bit_has_two_value_kinds() {
        let layout = RecordLayout::new(5, PointerWidth::U32);
        let data = record_bytes(
            40,
            &[
                (16, &0x0805_00d8_u32.to_le_bytes()),
                (20, &0x0804_1000_u32.to_le_bytes()),
                (28, &2_u32.to_le_bytes()),
                (32, &0_u16.to_le_bytes()),
                (34, &7_u16.to_le_bytes()),
                // The tail padding is not read.
                (36, &0xffff_u16.to_le_bytes()),
            ],
            Endian::Little,
        );
        let rec =
            DataRecord::parse(&mut Reader::new(&data, Endian::Little), &layout).expect("valid");
        assert_eq!(rec.counter_ptr, 0x0805_00d8);
        assert_eq!(rec.function_pointer, 0x0804_1000);
        assert_eq!(rec.num_counters, 2);
        assert_eq!(rec.num_value_sites, [0, 7, 0]);
        assert_eq!(rec.bitmap_ptr, 0);
    }

    #[test]
    fn truncated_record_reports_where_it_starts() {
        let layout = RecordLayout::new(10, PointerWidth::U64);
        let data = [0u8; 63];
        let err = DataRecord::parse(
            &mut Reader::with_offset(&data, Endian::Little, 0x80),
            &layout,
        )
        .expect_err("one byte short");
        assert_eq!(
            err.to_string(),
            "unexpected end of data reading length-delimited region (at offset 0x80)"
        );
    }
}
