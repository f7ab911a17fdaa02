//! Value-profile data in raw profiles, unchanged from raw v5 to v11: every
//! data record with a non-zero `NumValueSites` entry owns one blob (see
//! [`crate::value_prof`]), in data-record order, after the names (and
//! vtable sections), in the profile's byte order. Raw values are remapped
//! by the [`AddressMap`].

use covkit_wire::Reader;

use super::layout::Section;
use super::symtab::AddressMap;
use crate::error::Result;
use crate::record::ValueProfile;

/// Decodes the blob at the reader's position (see [`crate::value_prof`]),
/// remapping values through `map`, and moves past it; also returns where
/// the blob was.
///
/// # Errors
///
/// Those of [`crate::value_prof::decode`].
pub(crate) fn read_value_prof_data(
    r: &mut Reader<'_>,
    map: &AddressMap,
) -> Result<(ValueProfile, Section)> {
    let offset = r.offset();
    let profile = crate::value_prof::decode(r, |kind, value| map.remap(kind, value))?;
    let size = r.offset().saturating_sub(offset);
    Ok((profile, Section { offset, size }))
}

#[cfg(test)]
mod tests {
    use covkit_wire::{Endian, PointerWidth};

    use super::*;
    use crate::raw::data::DataRecord;
    use crate::record::{ValueData, ValueKind};

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
