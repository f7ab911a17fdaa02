//! Value-profile data (`ValueProfData`, `ValueProfRecord` in
//! `InstrProfData.inc`), the blob raw profiles append per data record with
//! value sites and indexed profiles append to every record (raw v5+,
//! indexed v3+).
//!
//! Layout, in the file's byte order (the target's in raw profiles, little
//! endian in indexed ones): u32 `TotalSize` (the whole blob, a multiple of
//! 8), u32 `NumValueKinds`, then per kind with sites, in kind order: u32
//! `Kind`, u32 `NumValueSites`, u8 `SiteCountArray[NumValueSites]` padded so
//! the record header is a multiple of 8 bytes, then {u64 `Value`, u64
//! `Count`} for every value of every site. Coverage builds carry none, but
//! readers must skip them by `TotalSize`.

use crate::bytes::{ByteWriter, Endian, padding_to};

/// `IPVK_IndirectCallTarget`: values are callee addresses in raw profiles
/// (mapped to name hashes through `FunctionPointer`), name hashes elsewhere.
pub const IPVK_INDIRECT_CALL_TARGET: u32 = 0;
/// `IPVK_MemOPSize`: values are memory-intrinsic sizes, kept as they are.
pub const IPVK_MEM_OP_SIZE: u32 = 1;
/// `IPVK_VTableTarget` (raw v10+, LLVM 19): values are vtable addresses in
/// raw profiles, vtable name hashes elsewhere.
pub const IPVK_VTABLE_TARGET: u32 = 2;

/// One value site: `(Value, Count)` pairs.
pub type ValueSite = Vec<(u64, u64)>;

/// The value sites of one function, by value kind.
///
/// ```
/// use covkit_testkit::{Endian, value_prof::{ValueData, IPVK_MEM_OP_SIZE}};
///
/// let data = ValueData::new().site(IPVK_MEM_OP_SIZE, &[(8, 3), (16, 1)]);
/// assert_eq!(data.num_sites(IPVK_MEM_OP_SIZE), 1);
/// let blob = data.encode(Endian::Little);
/// // 8-byte header, 16-byte record header (8 + 1 site count, padded),
/// // two {Value, Count} pairs.
/// assert_eq!(blob.len(), 8 + 16 + 32);
/// assert_eq!(&blob[..4], [56, 0, 0, 0]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueData {
    /// `(kind, sites)`, sorted by kind; each site is a list of
    /// `(Value, Count)` pairs.
    kinds: Vec<(u32, Vec<ValueSite>)>,
}

impl ValueData {
    /// No value sites.
    #[must_use]
    pub fn new() -> ValueData {
        ValueData::default()
    }

    /// Appends a value site of `kind` holding `values` as `(Value, Count)`
    /// pairs (an empty slice is a site that saw no values).
    ///
    /// # Panics
    ///
    /// If a site holds more than 255 values (`SiteCountArray` is `u8`).
    #[must_use]
    pub fn site(mut self, kind: u32, values: &[(u64, u64)]) -> ValueData {
        assert!(values.len() <= 255, "a value site holds at most 255 values");
        match self.kinds.binary_search_by_key(&kind, |(k, _)| *k) {
            Ok(i) => self.kinds[i].1.push(values.to_vec()),
            Err(i) => self.kinds.insert(i, (kind, vec![values.to_vec()])),
        }
        self
    }

    /// Whether there are no value sites at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The number of sites of `kind` (a data record's `NumValueSites[kind]`).
    #[must_use]
    pub fn num_sites(&self, kind: u32) -> usize {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, sites)| sites.len())
    }

    /// The kinds with sites, in order, with their sites.
    pub fn kinds(&self) -> impl Iterator<Item = (u32, &[ValueSite])> {
        self.kinds.iter().map(|(k, s)| (*k, s.as_slice()))
    }

    /// The `ValueProfData` blob in `endian`. An empty [`ValueData`] gives
    /// the 8-byte blob `{TotalSize: 8, NumValueKinds: 0}` indexed profiles
    /// store for records without value sites.
    #[must_use]
    pub fn encode(&self, endian: Endian) -> Vec<u8> {
        let mut w = ByteWriter::new(endian);
        w.u32(0); // TotalSize, patched below
        w.u32(u32::try_from(self.kinds.len()).expect("fewer than 2^32 value kinds"));
        for (kind, sites) in &self.kinds {
            let start = w.len();
            w.u32(*kind);
            w.u32(u32::try_from(sites.len()).expect("fewer than 2^32 value sites"));
            for site in sites {
                // At most 255, checked when the site was added.
                w.u8(site.len() as u8);
            }
            let pad = padding_to(w.len() - start, 8);
            w.zeros(pad);
            for &(value, count) in sites.iter().flatten() {
                w.u64(value).u64(count);
            }
        }
        let mut bytes = w.into_bytes();
        let total = u32::try_from(bytes.len()).expect("value data below 4 GiB");
        let total = match endian {
            Endian::Little => total.to_le_bytes(),
            Endian::Big => total.to_be_bytes(),
        };
        bytes[..4].copy_from_slice(&total);
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_blob_is_eight_bytes() {
        assert_eq!(
            ValueData::new().encode(Endian::Little),
            [8, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            ValueData::new().encode(Endian::Big),
            [0, 0, 0, 8, 0, 0, 0, 0]
        );
    }

    #[test]
    fn kinds_are_sorted_and_sites_counted() {
        let data = ValueData::new()
            .site(IPVK_MEM_OP_SIZE, &[(8, 3)])
            .site(IPVK_INDIRECT_CALL_TARGET, &[(0x1000, 2)])
            .site(IPVK_MEM_OP_SIZE, &[]);
        let kinds: Vec<u32> = data.kinds().map(|(k, _)| k).collect();
        assert_eq!(kinds, [0, 1]);
        assert_eq!(data.num_sites(IPVK_MEM_OP_SIZE), 2);
        assert_eq!(data.num_sites(IPVK_VTABLE_TARGET), 0);
    }

    #[test]
    fn layout_in_both_orders() {
        let data = ValueData::new().site(IPVK_MEM_OP_SIZE, &[(8, 3)]);
        for endian in Endian::ALL {
            let blob = data.encode(endian);
            assert_eq!(blob.len(), 8 + 16 + 16, "{endian:?}");
            let u32_at = |at: usize| {
                let b: [u8; 4] = blob[at..at + 4].try_into().expect("4 bytes");
                match endian {
                    Endian::Little => u32::from_le_bytes(b),
                    Endian::Big => u32::from_be_bytes(b),
                }
            };
            assert_eq!(u32_at(0), 40, "TotalSize");
            assert_eq!(u32_at(4), 1, "NumValueKinds");
            assert_eq!(u32_at(8), IPVK_MEM_OP_SIZE, "Kind");
            assert_eq!(u32_at(12), 1, "NumValueSites");
            assert_eq!(blob[16], 1, "SiteCountArray[0]");
            assert_eq!(&blob[17..24], [0; 7], "padding");
        }
    }
}
