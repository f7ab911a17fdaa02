//! Value-profile blobs: LLVM's `ValueProfData` and `ValueProfRecord`
//! (`InstrProfData.inc`), serialized by `ValueProfData::serializeFrom` and
//! read by `getValueProfData`, `checkIntegrity` and `deserializeTo`
//! (`InstrProf.cpp`). Raw profiles (v5 to v11) carry one blob per data
//! record with value sites, in the profile's byte order; indexed profiles
//! (version 3 and later) append one to every record, always little-endian.
//!
//! Layout: u32 `TotalSize` (the whole blob, a multiple of 8, at least 8),
//! u32 `NumValueKinds`, then per kind with sites, in kind order: u32 `Kind`,
//! u32 `NumValueSites`, u8 `SiteCountArray[NumValueSites]` zero-padded so
//! the record header is a multiple of 8 bytes, then {u64 `Value`, u64
//! `Count}` for every value of every site. Value kinds are 0 and 1 up to
//! LLVM 18 and 0 to 2 from LLVM 19; this module accepts all three whatever
//! the version.

use covkit_wire::Reader;

use crate::error::{Error, Result};
use crate::record::{ValueData, ValueKind, ValueProfile};

/// `INSTR_PROF_MAX_NUM_VAL_PER_SITE`: a site's value count is a u8.
pub(crate) const MAX_VALUES_PER_SITE: usize = 255;

/// Reads one blob from `r`, in the reader's byte order, and advances past
/// its `TotalSize`; `remap` turns each stored value into the one kept (raw
/// profiles map indirect-call addresses to name hashes).
///
/// LLVM ignores bytes between the last value record and `TotalSize`, and so
/// does this reader. A kind that occurs twice gets the second record's sites
/// appended, as LLVM's `deserializeTo` does.
///
/// # Errors
///
/// A `TotalSize` below 8, not a multiple of 8 or past the end of the data,
/// more value kinds than LLVM knows, an unknown kind, and records that run
/// past `TotalSize`, each at the offset of the field at fault.
pub(crate) fn decode(
    r: &mut Reader<'_>,
    remap: impl Fn(ValueKind, u64) -> u64,
) -> Result<ValueProfile> {
    let start = r.offset();
    let total_size = r.peek(Reader::read_u32)?;
    if total_size < 8 || !total_size.is_multiple_of(8) {
        return Err(Error::malformed(
            format!("value profile data size {total_size} is not a non-zero multiple of 8"),
            start,
        ));
    }
    let len = r.check_count(u64::from(total_size), 1, "value profile data byte")?;
    let mut blob = r.sub_reader(len)?;
    blob.skip(4)?;
    let kinds_at = blob.offset();
    let num_kinds = blob.read_u32()?;
    if usize::try_from(num_kinds).map_or(true, |n| n > ValueKind::ALL.len()) {
        return Err(Error::malformed(
            format!(
                "value profile data has {num_kinds} value kinds, more than the {} known",
                ValueKind::ALL.len()
            ),
            kinds_at,
        ));
    }
    let mut values = ValueProfile::default();
    for _ in 0..num_kinds {
        let kind_at = blob.offset();
        let number = blob.read_u32()?;
        let Some(kind) = ValueKind::from_u32(number) else {
            return Err(Error::malformed(
                format!("value kind {number} is invalid"),
                kind_at,
            ));
        };
        let num_sites = blob.read_u32()?;
        let num_sites = blob.check_count(u64::from(num_sites), 1, "value site")?;
        let site_counts = blob.read_bytes(num_sites)?;
        blob.skip(header_padding(num_sites))?;
        let total_values: u64 = site_counts.iter().map(|&n| u64::from(n)).sum();
        blob.check_count(total_values, 16, "value")?;
        let sites = match kind {
            ValueKind::IndirectCallTarget => &mut values.sites[0],
            ValueKind::MemOpSize => &mut values.sites[1],
            ValueKind::VTableTarget => &mut values.sites[2],
        };
        sites.reserve(num_sites);
        for &n in site_counts {
            let mut site = Vec::with_capacity(usize::from(n));
            for _ in 0..n {
                let value = blob.read_u64()?;
                let count = blob.read_u64()?;
                site.push(ValueData {
                    value: remap(kind, value),
                    count,
                });
            }
            sites.push(site);
        }
    }
    Ok(values)
}

/// Zero bytes after a record's `SiteCountArray`, so that the record header
/// (8 bytes plus one per site) is a multiple of 8
/// (`getValueProfRecordHeaderSize`).
fn header_padding(num_sites: usize) -> usize {
    (8 - num_sites % 8) % 8
}

/// The encoded size of `values` (`ValueProfData::getSize`), counting at most
/// [`MAX_VALUES_PER_SITE`] values per site.
pub(crate) fn encoded_size(values: &ValueProfile) -> usize {
    let mut size = 8usize;
    for sites in &values.sites {
        if sites.is_empty() {
            continue;
        }
        let num_values: usize = sites.iter().map(|s| s.len().min(MAX_VALUES_PER_SITE)).sum();
        size = size
            .saturating_add(8 + sites.len() + header_padding(sites.len()))
            .saturating_add(num_values.saturating_mul(16));
    }
    size
}

/// Appends `values` as a little-endian blob. Sites are written as given,
/// except that a site keeps at most [`MAX_VALUES_PER_SITE`] values.
pub(crate) fn encode(values: &ValueProfile, out: &mut Vec<u8>) {
    let total = u32::try_from(encoded_size(values)).unwrap_or(u32::MAX);
    let kinds = values.sites.iter().filter(|s| !s.is_empty()).count();
    out.extend_from_slice(&total.to_le_bytes());
    out.extend_from_slice(&u32::try_from(kinds).unwrap_or(0).to_le_bytes());
    for (kind, sites) in (0u32..).zip(&values.sites) {
        if sites.is_empty() {
            continue;
        }
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&u32::try_from(sites.len()).unwrap_or(u32::MAX).to_le_bytes());
        for site in sites {
            out.push(u8::try_from(site.len().min(MAX_VALUES_PER_SITE)).unwrap_or(u8::MAX));
        }
        out.resize(out.len() + header_padding(sites.len()), 0);
        for site in sites {
            for v in site.iter().take(MAX_VALUES_PER_SITE) {
                out.extend_from_slice(&v.value.to_le_bytes());
                out.extend_from_slice(&v.count.to_le_bytes());
            }
        }
    }
}

/// The value data as `llvm-profdata` holds it (`sortValueData`, that is
/// `InstrProfValueSiteRecord::sortByCount`): each site sorted by count,
/// largest first, ties in their original order, and cut to
/// [`MAX_VALUES_PER_SITE`] values.
pub(crate) fn sorted_by_count(values: &ValueProfile) -> ValueProfile {
    let mut sorted = values.clone();
    for site in sorted.sites.iter_mut().flatten() {
        site.sort_by_key(|v| std::cmp::Reverse(v.count));
        site.truncate(MAX_VALUES_PER_SITE);
    }
    sorted
}

#[cfg(test)]
mod tests {
    use covkit_wire::Endian;

    use super::*;

    fn vd(value: u64, count: u64) -> ValueData {
        ValueData { value, count }
    }

    #[test]
    fn empty_blob_is_eight_bytes() {
        let mut out = Vec::new();
        encode(&ValueProfile::default(), &mut out);
        assert_eq!(out, [8, 0, 0, 0, 0, 0, 0, 0]);
        let mut r = Reader::new(&out, Endian::Little);
        assert!(decode(&mut r, |_, v| v).unwrap().is_empty());
        assert!(r.is_empty());
    }

    #[test]
    fn layout_of_two_kinds() {
        let mut v = ValueProfile::default();
        v.sites[0] = vec![vec![vd(0xaa, 3)], vec![]];
        v.sites[2] = vec![vec![vd(1, 1), vd(2, 2)]];
        let mut out = Vec::new();
        encode(&v, &mut out);
        // 8 + (8 + 2 sites padded to 8 + 16) + (8 + 1 site padded to 8 + 32)
        assert_eq!(out.len(), 8 + 32 + 48);
        assert_eq!(encoded_size(&v), out.len());
        assert_eq!(out.get(..8), Some(&[88, 0, 0, 0, 2, 0, 0, 0][..]));
        // kind 0, 2 sites, counts [1, 0], padding
        assert_eq!(
            out.get(8..24),
            Some(&[0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0][..])
        );
        let mut r = Reader::new(&out, Endian::Little);
        assert_eq!(decode(&mut r, |_, v| v).unwrap(), v);
    }

    #[test]
    fn a_repeated_kind_appends_sites() {
        let mut bytes = vec![40, 0, 0, 0, 2, 0, 0, 0];
        for _ in 0..2 {
            bytes.extend_from_slice(&[1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        }
        let v = decode(&mut Reader::new(&bytes, Endian::Little), |_, v| v).unwrap();
        assert_eq!(v.sites[1], vec![Vec::<ValueData>::new(), Vec::new()]);
    }

    #[test]
    fn sorting_is_stable_and_truncates() {
        let mut v = ValueProfile::default();
        let site: Vec<ValueData> = (0..300).map(|i| vd(i, i % 3)).collect();
        v.sites[1] = vec![site];
        let sorted = sorted_by_count(&v);
        let s = sorted.sites[1].first().unwrap();
        assert_eq!(s.len(), 255);
        assert_eq!(s.first().copied(), Some(vd(2, 2)));
        assert_eq!(s.get(1).copied(), Some(vd(5, 2)));
    }

    #[test]
    fn malformed_blobs() {
        let cases: &[(&[u8], &str)] = &[
            (
                &[12, 0, 0, 0, 0, 0, 0, 0],
                "value profile data size 12 is not a non-zero multiple of 8 (at offset 0x100)",
            ),
            (
                &[16, 0, 0, 0, 0, 0, 0, 0],
                "value profile data byte count 16 too large: needs at least 1 bytes each, 8 bytes \
                 remain (at offset 0x100)",
            ),
            (
                &[8, 0, 0, 0, 4, 0, 0, 0],
                "value profile data has 4 value kinds, more than the 3 known (at offset 0x104)",
            ),
            (
                &[16, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0],
                "value kind 3 is invalid (at offset 0x108)",
            ),
            (
                &[16, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
                "value site count 1 too large: needs at least 1 bytes each, 0 bytes remain (at \
                 offset 0x110)",
            ),
            (
                &[
                    24, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
                ],
                "value count 1 too large: needs at least 16 bytes each, 0 bytes remain (at offset \
                 0x118)",
            ),
        ];
        for (bytes, message) in cases {
            let err = decode(
                &mut Reader::with_offset(bytes, Endian::Little, 0x100),
                |_, v| v,
            )
            .unwrap_err();
            assert_eq!(err.to_string(), *message, "{bytes:?}");
        }
    }
}
