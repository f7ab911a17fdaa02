//! Value-profile data in raw profiles (`ValueProfData` and
//! `ValueProfRecord` in `InstrProfData.inc`; LLVM's
//! `ValueProfData::getValueProfData`, `checkIntegrity` and `deserializeTo`),
//! unchanged from raw v5 to v11.
//!
//! Every data record with a non-zero `NumValueSites` entry owns one blob, in
//! data-record order, after the names (and vtable sections). A blob is, in
//! the profile's byte order: u32 `TotalSize` (the whole blob, a multiple of
//! 8), u32 `NumValueKinds`, then that many value records, each a u32
//! `Kind`, a u32 `NumValueSites`, one u8 value count per site padded so the
//! record header is a multiple of 8 bytes, and then `{u64 Value, u64
//! Count}` for every value of every site. Raw values are remapped by the
//! [`AddressMap`]. The reader moves on by `TotalSize`, whatever the records
//! inside used.

use covkit_wire::Reader;

use super::layout::{Section, padding_after};
use super::symtab::AddressMap;
use crate::error::{Error, Result};
use crate::record::{ValueData, ValueKind, ValueProfile};

/// Decodes the blob at the reader's position and moves past it.
///
/// # Errors
///
/// A `TotalSize` below 8, not a multiple of 8 or past the end of the data,
/// more value kinds than LLVM knows, an unknown kind, and records that run
/// past `TotalSize`, each at the offset of the field at fault.
pub(crate) fn read_value_prof_data(
    r: &mut Reader<'_>,
    map: &AddressMap,
) -> Result<(ValueProfile, Section)> {
    let offset = r.offset();
    let total_size = r.peek(Reader::read_u32)?;
    if total_size < 8 || !total_size.is_multiple_of(8) {
        return Err(Error::malformed(
            format!("value profile data size {total_size} is not a non-zero multiple of 8"),
            offset,
        ));
    }
    let len = r.check_count(u64::from(total_size), 1, "value profile data byte")?;
    let mut blob = r.sub_reader(len)?;
    blob.skip(4)?;
    let kinds_offset = blob.offset();
    let num_kinds = blob.read_u32()?;
    if num_kinds > ValueKind::ALL.len() as u32 {
        return Err(Error::malformed(
            format!(
                "value profile data has {num_kinds} value kinds, more than the {} known",
                ValueKind::ALL.len()
            ),
            kinds_offset,
        ));
    }
    let mut profile = ValueProfile::default();
    for _ in 0..num_kinds {
        read_value_record(&mut blob, map, &mut profile)?;
    }
    // Anything left up to TotalSize is padding LLVM skips too.
    Ok((
        profile,
        Section {
            offset,
            size: u64::from(total_size),
        },
    ))
}

/// Decodes one `ValueProfRecord` into `profile`; a kind seen twice appends
/// its sites, as LLVM's `addValueData` does.
fn read_value_record(
    r: &mut Reader<'_>,
    map: &AddressMap,
    profile: &mut ValueProfile,
) -> Result<()> {
    let offset = r.offset();
    let kind_number = r.read_u32()?;
    let Some(kind) = ValueKind::from_u32(kind_number) else {
        return Err(Error::malformed(
            format!("value kind {kind_number} is invalid"),
            offset,
        ));
    };
    let num_sites = r.read_u32()?;
    let sites_len = r.check_count(u64::from(num_sites), 1, "value site")?;
    let counts = r.read_bytes(sites_len)?;
    r.skip(usize::try_from(padding_after(8 + u64::from(num_sites))).unwrap_or(usize::MAX))?;
    let total_values: u64 = counts.iter().map(|&n| u64::from(n)).sum();
    r.check_count(total_values, 16, "value")?;
    let slot = match kind {
        ValueKind::IndirectCallTarget => &mut profile.sites[0],
        ValueKind::MemOpSize => &mut profile.sites[1],
        ValueKind::VTableTarget => &mut profile.sites[2],
    };
    slot.reserve(sites_len);
    for &n in counts {
        let mut site = Vec::with_capacity(usize::from(n));
        for _ in 0..n {
            let value = r.read_u64()?;
            let count = r.read_u64()?;
            site.push(ValueData {
                value: map.remap(kind, value),
                count,
            });
        }
        slot.push(site);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use covkit_wire::{Endian, PointerWidth};

    use super::*;
    use crate::raw::data::DataRecord;

    /// A blob as the runtime writes it: `(kind, sites)` with sites as
    /// `(value, count)` lists.
    /// `(Value, Count)` pairs of one site.
    type Site = Vec<(u64, u64)>;

    fn blob(endian: Endian, kinds: &[(u32, Vec<Site>)]) -> Vec<u8> {
        let mut out = Vec::new();
        let u32b = |v: u32| match endian {
            Endian::Little => v.to_le_bytes(),
            Endian::Big => v.to_be_bytes(),
        };
        let u64b = |v: u64| match endian {
            Endian::Little => v.to_le_bytes(),
            Endian::Big => v.to_be_bytes(),
        };
        out.extend(u32b(0));
        out.extend(u32b(kinds.len() as u32));
        for (kind, sites) in kinds {
            let start = out.len();
            out.extend(u32b(*kind));
            out.extend(u32b(sites.len() as u32));
            out.extend(sites.iter().map(|s| s.len() as u8));
            out.resize(start + (out.len() - start).next_multiple_of(8), 0);
            for &(v, c) in sites.iter().flatten() {
                out.extend(u64b(v));
                out.extend(u64b(c));
            }
        }
        let total = u32b(out.len() as u32);
        out.splice(0..4, total);
        out
    }

    fn map() -> AddressMap {
        let records = [DataRecord {
            function_pointer: 0x4010,
            name_ref: 0xfeed,
            ..DataRecord::default()
        }];
        AddressMap::new(&records, &[], PointerWidth::U64)
    }

    #[test]
    fn decodes_and_remaps_in_both_orders() {
        for endian in [Endian::Little, Endian::Big] {
            let data = blob(
                endian,
                &[
                    (0, vec![vec![(0x4010, 3), (0x9999, 2)], vec![]]),
                    (1, vec![vec![(1, 1), (2, 1), (3, 1)]]),
                ],
            );
            let mut r = Reader::with_offset(&data, endian, 0x100);
            let (profile, section) = read_value_prof_data(&mut r, &map()).expect("valid");
            assert!(r.is_empty());
            assert_eq!(
                section,
                Section {
                    offset: 0x100,
                    size: data.len() as u64
                }
            );
            let v = |value, count| ValueData { value, count };
            assert_eq!(
                profile.sites(ValueKind::IndirectCallTarget),
                [vec![v(0xfeed, 3), v(0, 2)], vec![]]
            );
            assert_eq!(
                profile.sites(ValueKind::MemOpSize),
                [vec![v(1, 1), v(2, 1), v(3, 1)]]
            );
            assert!(profile.sites(ValueKind::VTableTarget).is_empty());
        }
    }

    #[test]
    fn skips_by_total_size() {
        let mut data = blob(Endian::Little, &[(1, vec![vec![(8, 2)]])]);
        // 16 bytes of slack inside the blob, then a byte that must remain.
        let total = data.len() as u32 + 16;
        data.splice(0..4, total.to_le_bytes());
        data.extend([0u8; 16]);
        data.push(0xee);
        let mut r = Reader::new(&data, Endian::Little);
        read_value_prof_data(&mut r, &map()).expect("valid");
        assert_eq!(r.remaining(), 1);
    }

    #[test]
    fn errors_carry_offsets() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (
                [12u32.to_le_bytes(), 0u32.to_le_bytes()].concat(),
                "value profile data size 12 is not a non-zero multiple of 8 (at offset 0x40)",
            ),
            (
                [0u32.to_le_bytes(), 0u32.to_le_bytes()].concat(),
                "value profile data size 0 is not a non-zero multiple of 8 (at offset 0x40)",
            ),
            (
                [16u32.to_le_bytes(), 0u32.to_le_bytes()].concat(),
                "value profile data byte count 16 too large: needs at least 1 bytes each, 8 bytes remain (at offset 0x40)",
            ),
            (
                [8u32.to_le_bytes(), 4u32.to_le_bytes()].concat(),
                "value profile data has 4 value kinds, more than the 3 known (at offset 0x44)",
            ),
            (
                [
                    16u32.to_le_bytes(),
                    1u32.to_le_bytes(),
                    3u32.to_le_bytes(),
                    0u32.to_le_bytes(),
                ]
                .concat(),
                "value kind 3 is invalid (at offset 0x48)",
            ),
            (
                // One site claiming 200 values in a 24-byte blob.
                [
                    24u32.to_le_bytes(),
                    1u32.to_le_bytes(),
                    1u32.to_le_bytes(),
                    1u32.to_le_bytes(),
                    [200, 0, 0, 0],
                    [0; 4],
                ]
                .concat(),
                "value count 200 too large: needs at least 16 bytes each, 0 bytes remain (at offset 0x58)",
            ),
        ];
        for (data, message) in cases {
            let err = read_value_prof_data(
                &mut Reader::with_offset(&data, Endian::Little, 0x40),
                &map(),
            )
            .expect_err(message);
            assert_eq!(err.to_string(), message);
        }
    }
}
