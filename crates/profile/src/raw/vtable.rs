//! Vtable records (`INSTR_PROF_VTABLE_DATA`, `VTableProfData`, raw v10+,
//! LLVM 19): one per instrumented virtual table, so that profiled vtable
//! addresses (`IPVK_VTableTarget` values) can be mapped to vtable name
//! hashes. Coverage builds have none.
//!
//! Each record is a u64 `VTableNameHash`, an `IntPtrT` `VTablePointer` and
//! a u32 `VTableSize`, rounded up to 8 bytes: 24 bytes on 64-bit targets,
//! 16 on 32-bit ones.

use covkit_wire::{PointerWidth, Reader};

use super::layout::vtable_record_size;
use crate::error::Result;

/// One vtable record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct VTableRecord {
    /// Absolute offset of the record.
    pub offset: u64,
    /// `VTableNameHash`: the MD5-based hash of the vtable's name.
    pub name_hash: u64,
    /// `VTablePointer`: the vtable's start address.
    pub pointer: u64,
    /// `VTableSize`: the vtable's size in bytes.
    pub size: u32,
}

impl VTableRecord {
    /// Reads one record, consuming its padded size.
    ///
    /// # Errors
    ///
    /// Truncation, from the cursor.
    pub(crate) fn parse(r: &mut Reader<'_>, width: PointerWidth) -> Result<VTableRecord> {
        let offset = r.offset();
        let size = usize::try_from(vtable_record_size(width)).unwrap_or(usize::MAX);
        let mut rec = r.sub_reader(size)?;
        let name_hash = rec.read_u64()?;
        let pointer = rec.read_pointer(width)?;
        let vtable_size = rec.read_u32()?;
        Ok(VTableRecord {
            offset,
            name_hash,
            pointer,
            size: vtable_size,
        })
    }

    /// The last address inside the vtable, in the target's pointer
    /// arithmetic (LLVM maps the closed range `[pointer, pointer + size]`).
    #[must_use]
    pub fn end(&self, width: PointerWidth) -> u64 {
        let end = self.pointer.wrapping_add(u64::from(self.size));
        match width {
            PointerWidth::U32 => end & 0xFFFF_FFFF,
            PointerWidth::U64 => end,
        }
    }
}

#[cfg(test)]
mod tests {
    use covkit_wire::Endian;

    use super::*;

    #[test]
    fn both_widths_and_orders() {
        for endian in [Endian::Little, Endian::Big] {
            for (width, size) in [(PointerWidth::U64, 24), (PointerWidth::U32, 16)] {
                let mut data = Vec::new();
                let mut put = |bytes: &[u8]| {
                    let mut b = bytes.to_vec();
                    if endian == Endian::Big {
                        b.reverse();
                    }
                    data.extend(b);
                };
                put(&0xabcd_u64.to_le_bytes());
                match width {
                    PointerWidth::U64 => put(&0xffff_fff0_u64.to_le_bytes()),
                    PointerWidth::U32 => put(&0xffff_fff0_u32.to_le_bytes()),
                }
                put(&0x20_u32.to_le_bytes());
                data.resize(size, 0);
                let mut r = Reader::with_offset(&data, endian, 0x200);
                let rec = VTableRecord::parse(&mut r, width).expect("valid");
                assert!(r.is_empty());
                assert_eq!(
                    (rec.offset, rec.name_hash, rec.pointer, rec.size),
                    (0x200, 0xabcd, 0xffff_fff0, 0x20)
                );
                let end = if width == PointerWidth::U32 {
                    0x10
                } else {
                    0x1_0000_0010
                };
                assert_eq!(rec.end(width), end);
            }
        }
    }
}
