//! The symbol table a raw profile reader builds (LLVM's `InstrProfSymtab`,
//! filled by `RawInstrProfReader::createSymtab`): function names by name
//! hash, from the names section, and the address maps that turn profiled
//! addresses into name hashes.
//!
//! - Each data record's `NameRef` is looked up among the MD5-based hashes of
//!   the names section's names. LLVM gives an unknown hash an empty name;
//!   covkit reports it, since every record written by the runtime has its
//!   name in the section.
//! - Indirect-call targets (`IPVK_IndirectCallTarget`) are addresses; LLVM
//!   maps each to the `NameRef` of the data record whose `FunctionPointer`
//!   equals it exactly (`mapAddress`, `getFunctionHashFromAddress`), and to
//!   0 when none does. Records with a null `FunctionPointer` are skipped.
//! - Vtable targets (`IPVK_VTableTarget`, v10+) are addresses inside a
//!   vtable; LLVM maps the closed range `[VTablePointer, VTablePointer +
//!   VTableSize]` of each vtable record to its `VTableNameHash`
//!   (`mapVTableAddress`), and anything else to 0.
//! - Memory-intrinsic sizes are kept as they are.

use std::borrow::Cow;
use std::collections::HashMap;

use covkit_wire::PointerWidth;

use super::data::DataRecord;
use super::vtable::VTableRecord;
use crate::names::{Names, name_hash};
use crate::record::ValueKind;

/// `part` as a borrow of `input` when its bytes lie inside `input` (an
/// uncompressed name), `None` when they live elsewhere (inflated).
fn reborrow<'data>(input: &'data [u8], part: &[u8]) -> Option<&'data [u8]> {
    let start = part.as_ptr().addr().checked_sub(input.as_ptr().addr())?;
    let end = start.checked_add(part.len())?;
    // Two live slices whose address ranges overlap are the same memory, so
    // this is `part` itself, now with the input's lifetime.
    input.get(start..end)
}

/// Every name of `names`, borrowed from `input` where the chunk was stored
/// raw and owned where it was inflated.
pub(crate) fn names_of<'data>(input: &'data [u8], names: &Names<'_>) -> Vec<Cow<'data, [u8]>> {
    names
        .iter()
        .map(|name| match reborrow(input, name) {
            Some(borrowed) => Cow::Borrowed(borrowed),
            None => Cow::Owned(name.to_vec()),
        })
        .collect()
}

/// Function names by their name hash.
#[derive(Debug, Default)]
pub(crate) struct NameTable<'data> {
    by_hash: HashMap<u64, Cow<'data, [u8]>>,
}

impl<'data> NameTable<'data> {
    /// Indexes `names`; the first name wins when two share a hash.
    pub(crate) fn new(names: Vec<Cow<'data, [u8]>>) -> Self {
        let mut by_hash = HashMap::with_capacity(names.len());
        for name in names {
            by_hash.entry(name_hash(&name)).or_insert(name);
        }
        NameTable { by_hash }
    }

    /// The name whose hash is `hash`.
    pub(crate) fn get(&self, hash: u64) -> Option<&Cow<'data, [u8]>> {
        self.by_hash.get(&hash)
    }

    /// How many distinct names the table holds.
    pub(crate) fn len(&self) -> usize {
        self.by_hash.len()
    }
}

/// Profiled addresses to name hashes.
#[derive(Debug, Default)]
pub(crate) struct AddressMap {
    /// `(FunctionPointer, NameRef)`, sorted.
    functions: Vec<(u64, u64)>,
    /// `(start, end inclusive, VTableNameHash)`, sorted by start.
    vtables: Vec<(u64, u64, u64)>,
}

impl AddressMap {
    /// The map of one profile's data and vtable records.
    pub(crate) fn new(
        records: &[DataRecord],
        vtables: &[VTableRecord],
        width: PointerWidth,
    ) -> AddressMap {
        let mut functions: Vec<(u64, u64)> = records
            .iter()
            .filter(|r| r.function_pointer != 0)
            .map(|r| (r.function_pointer, r.name_ref))
            .collect();
        functions.sort_unstable();
        functions.dedup();
        let mut vtables: Vec<(u64, u64, u64)> = vtables
            .iter()
            .filter(|v| v.pointer != 0)
            .map(|v| (v.pointer, v.end(width), v.name_hash))
            .collect();
        vtables.sort_unstable();
        AddressMap { functions, vtables }
    }

    /// The name hash of the function at `address`, or 0.
    pub(crate) fn function_hash(&self, address: u64) -> u64 {
        let i = self.functions.partition_point(|&(a, _)| a < address);
        match self.functions.get(i) {
            Some(&(a, hash)) if a == address => hash,
            _ => 0,
        }
    }

    /// The name hash of the vtable containing `address`, or 0.
    pub(crate) fn vtable_hash(&self, address: u64) -> u64 {
        let i = self
            .vtables
            .partition_point(|&(start, _, _)| start <= address);
        let candidates = self.vtables.get(..i).unwrap_or_default();
        candidates
            .iter()
            .rev()
            .find(|&&(_, end, _)| address <= end)
            .map_or(0, |&(_, _, hash)| hash)
    }

    /// `value` of `kind` as the reader reports it (`remapValue`).
    pub(crate) fn remap(&self, kind: ValueKind, value: u64) -> u64 {
        match kind {
            ValueKind::IndirectCallTarget => self.function_hash(value),
            ValueKind::VTableTarget => self.vtable_hash(value),
            ValueKind::MemOpSize => value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_names_are_borrowed_and_inflated_ones_owned() {
        let blob = b"\x0b\x00main\x01helper".to_vec();
        let names = Names::parse(&blob, 0).expect("valid");
        let got = names_of(&blob, &names);
        assert_eq!(
            got,
            [Cow::Borrowed(&b"main"[..]), Cow::Borrowed(&b"helper"[..])]
        );
        assert!(got.iter().all(|n| matches!(n, Cow::Borrowed(_))));
        // A name that is not part of the input (as inflated chunks are not).
        let elsewhere = b"main".to_vec();
        assert_eq!(reborrow(&blob, &elsewhere), None);
        assert_eq!(
            reborrow(&blob, blob.get(2..6).expect("in range")),
            Some(&b"main"[..])
        );

        let table = NameTable::new(got);
        assert_eq!(table.len(), 2);
        assert_eq!(
            table.get(name_hash(b"helper")).map(|n| &n[..]),
            Some(&b"helper"[..])
        );
        assert_eq!(table.get(1), None);
    }

    #[test]
    fn addresses_map_to_name_hashes() {
        let rec = |fp: u64, name_ref: u64| DataRecord {
            function_pointer: fp,
            name_ref,
            ..DataRecord::default()
        };
        let records = [rec(0x2000, 22), rec(0, 33), rec(0x1000, 11)];
        let vtables = [
            VTableRecord {
                name_hash: 77,
                pointer: 0x5000,
                size: 0x20,
                ..VTableRecord::default()
            },
            VTableRecord {
                name_hash: 88,
                pointer: 0x4000,
                size: 0x10,
                ..VTableRecord::default()
            },
        ];
        let map = AddressMap::new(&records, &vtables, PointerWidth::U64);
        let cases = [
            (ValueKind::IndirectCallTarget, 0x1000, 11),
            (ValueKind::IndirectCallTarget, 0x2000, 22),
            (ValueKind::IndirectCallTarget, 0x1001, 0),
            (ValueKind::IndirectCallTarget, 0, 0),
            (ValueKind::VTableTarget, 0x5000, 77),
            (ValueKind::VTableTarget, 0x5020, 77),
            (ValueKind::VTableTarget, 0x5021, 0),
            (ValueKind::VTableTarget, 0x4008, 88),
            (ValueKind::VTableTarget, 0x3fff, 0),
            (ValueKind::MemOpSize, 0x1000, 0x1000),
        ];
        for (kind, value, expected) in cases {
            assert_eq!(map.remap(kind, value), expected, "{kind:?} {value:#x}");
        }
    }
}
