//! The data of one hash-table item: every record under one function name
//! (`InstrProfRecordWriterTrait::EmitData` in `InstrProfWriter.cpp`,
//! `InstrProfLookupTrait::ReadData` in `InstrProfReader.cpp`), indexed
//! versions 5 to 13.
//!
//! Records follow one another until the item's data length is used up. Each
//! is: u64 `FuncHash`; u64 `NumCounts`; the counts as u64; from version 11,
//! u64 `NumBitmapBytes` and each bitmap byte widened to a u64; then a
//! `ValueProfData` blob (see `value_prof`). All little-endian.

use std::borrow::Cow;

use covkit_wire::Reader;

use crate::error::{Error, Result};
use crate::record::{Record, ValueProfile};
use crate::value_prof;

/// The first indexed version with bitmap bytes (`Version11`).
pub(crate) const FIRST_BITMAP_VERSION: u64 = 11;

/// Decodes the records of the item named `name` from `data`, which holds
/// exactly the item's data, and appends them to `out`.
pub(crate) fn decode<'data>(
    name: &'data [u8],
    data: Reader<'data>,
    version: u64,
    out: &mut Vec<Record<'data>>,
) -> Result<()> {
    decode_each(name, data, version, |_, record| out.push(record))
}

/// Decodes the records of an item as [`decode`] does, passing each with its
/// offset to `f`.
pub(crate) fn decode_each<'data>(
    name: &'data [u8],
    mut data: Reader<'data>,
    version: u64,
    mut f: impl FnMut(u64, Record<'data>),
) -> Result<()> {
    let start = data.offset();
    if !data.remaining().is_multiple_of(8) {
        return Err(Error::malformed(
            format!(
                "item data length {} is not a multiple of 8",
                data.remaining()
            ),
            start,
        ));
    }
    if data.is_empty() {
        return Err(Error::malformed("item holds no records", start));
    }
    while !data.is_empty() {
        let at = data.offset();
        let hash = data.read_u64()?;
        let num_counts = data.read_u64()?;
        let num_counts = data.check_count(num_counts, 8, "counter")?;
        let mut counts = Vec::with_capacity(num_counts);
        for _ in 0..num_counts {
            counts.push(data.read_u64()?);
        }
        let mut bitmap = Vec::new();
        if version >= FIRST_BITMAP_VERSION {
            let num_bytes = data.read_u64()?;
            let num_bytes = data.check_count(num_bytes, 8, "bitmap byte")?;
            bitmap.reserve(num_bytes);
            for _ in 0..num_bytes {
                // LLVM keeps the low byte of each widened value.
                let [low, ..] = data.read_u64()?.to_le_bytes();
                bitmap.push(low);
            }
        }
        let values = value_prof::decode(&mut data, |_, value| value)?;
        f(
            at,
            Record {
                name: Cow::Borrowed(name),
                hash,
                counts,
                bitmap,
                values,
            },
        );
    }
    Ok(())
}

/// The encoded size of one record in the layout of indexed `version`.
pub(crate) fn encoded_size(record: &Record<'_>, version: u64) -> usize {
    let words = if version >= FIRST_BITMAP_VERSION {
        3usize
            .saturating_add(record.counts.len())
            .saturating_add(record.bitmap.len())
    } else {
        2usize.saturating_add(record.counts.len())
    };
    words
        .saturating_mul(8)
        .saturating_add(value_prof::encoded_size(&record.values))
}

/// Appends one record in the layout of indexed `version` (bitmap bytes from
/// version 11, dropped before), with `values` (the record's value data in
/// the order it is to be written).
pub(crate) fn encode(record: &Record<'_>, values: &ValueProfile, version: u64, out: &mut Vec<u8>) {
    let len = |n: usize| u64::try_from(n).unwrap_or(u64::MAX).to_le_bytes();
    out.extend_from_slice(&record.hash.to_le_bytes());
    out.extend_from_slice(&len(record.counts.len()));
    for count in &record.counts {
        out.extend_from_slice(&count.to_le_bytes());
    }
    if version >= FIRST_BITMAP_VERSION {
        out.extend_from_slice(&len(record.bitmap.len()));
        for &byte in &record.bitmap {
            out.extend_from_slice(&u64::from(byte).to_le_bytes());
        }
    }
    value_prof::encode(values, out);
}

#[cfg(test)]
mod tests {
    use covkit_wire::Endian;

    use super::*;
    use crate::record::ValueData;

    fn record(hash: u64, counts: &[u64], bitmap: &[u8]) -> Record<'static> {
        Record {
            name: Cow::Borrowed(b"f"),
            hash,
            counts: counts.to_vec(),
            bitmap: bitmap.to_vec(),
            values: ValueProfile::default(),
        }
    }

    fn words(words: &[u64]) -> Vec<u8> {
        words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    #[test]
    fn two_records_round_trip() {
        let mut a = record(1, &[5, 0, 7], &[0x81]);
        a.values.sites[1] = vec![vec![ValueData { value: 8, count: 2 }]];
        let b = record(u64::MAX, &[], &[]);
        let mut bytes = Vec::new();
        encode(&a, &a.values, 13, &mut bytes);
        encode(&b, &b.values, 13, &mut bytes);
        assert_eq!(bytes.len(), encoded_size(&a, 13) + encoded_size(&b, 13));
        let mut out = Vec::new();
        decode(b"f", Reader::new(&bytes, Endian::Little), 13, &mut out).unwrap();
        assert_eq!(out, [a, b]);
    }

    #[test]
    fn bitmap_bytes_keep_the_low_byte() {
        let bytes = words(&[3, 1, 9, 2, 0x1ff, 0x80, 8]);
        let mut out = Vec::new();
        decode(b"f", Reader::new(&bytes, Endian::Little), 12, &mut out).unwrap();
        assert_eq!(out, [record(3, &[9], &[0xff, 0x80])]);
    }

    #[test]
    fn versions_before_11_have_no_bitmap() {
        let bytes = words(&[9, 2, 3, 4, 8]);
        let mut out = Vec::new();
        decode(b"f", Reader::new(&bytes, Endian::Little), 10, &mut out).unwrap();
        assert_eq!(out, [record(9, &[3, 4], &[])]);
        // Read as v11, the value data's first word is a bitmap byte count.
        let err = decode(b"f", Reader::new(&bytes, Endian::Little), 11, &mut out).unwrap_err();
        assert_eq!(
            err.to_string(),
            "bitmap byte count 8 too large: needs at least 8 bytes each, 0 bytes remain (at \
             offset 0x28)"
        );
    }

    #[test]
    fn bad_items() {
        let mut out = Vec::new();
        let err = decode(
            b"f",
            Reader::with_offset(&[0; 12], Endian::Little, 0x40),
            13,
            &mut out,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "item data length 12 is not a multiple of 8 (at offset 0x40)"
        );
        let err = decode(
            b"f",
            Reader::with_offset(&[], Endian::Little, 0x40),
            13,
            &mut out,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "item holds no records (at offset 0x40)");
        let bytes = words(&[1, u64::MAX]);
        let err = decode(b"f", Reader::new(&bytes, Endian::Little), 13, &mut out).unwrap_err();
        assert_eq!(
            err.to_string(),
            "counter count 18446744073709551615 too large: needs at least 8 bytes each, 0 bytes \
             remain (at offset 0x10)"
        );
    }
}
