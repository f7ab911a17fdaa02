//! Counters, MC/DC bitmap bytes and uniform counters of each data record
//! (LLVM's `RawInstrProfReader::readRawCounts`, `readRawBitmapBytes` and,
//! for raw v11, the uniform counters read through `UniformCounterPtr`).
//!
//! Where a record's counters are:
//!
//! - raw v5 and v7 (LLVM 11-13): `CounterPtr` is an address and
//!   `CountersDelta` the address of the counters section, so the byte offset
//!   into the section is `CounterPtr - CountersDelta`;
//! - raw v8+ (LLVM 14+): `CounterPtr` is relative to its own data record and
//!   `CountersDelta` starts as (counters - data); the reader subtracts the
//!   record size from it after every record, so `CounterPtr -
//!   CountersDelta` is again the byte offset. `BitmapPtr`/`BitmapDelta`
//!   (v9+) and `UniformCounterPtr`/`UniformCountersDelta` (v11) work alike.
//!
//! On 32-bit targets pointers and deltas are `uintptr_t` values widened to
//! 64 bits, so covkit subtracts modulo 2^32 (LLVM subtracts in 64 bits,
//! which agrees for every layout the runtime writes).
//!
//! Checks, as LLVM makes them: `NumCounters` is not 0, the offset is not
//! negative and lies inside the section, and the counters fit in what
//! remains of it; covkit also rejects 8-byte counters at an offset that is
//! not a multiple of 8. Counter values: with byte coverage a byte 0 means
//! covered (count 1), anything else 0; in temporal profiles slot 0 is a u64
//! timestamp (8 entries in byte mode), kept apart from the counts. A record
//! without bitmap bytes skips the bitmap checks.
//!
//! Records may point at overlapping counters (LLVM allows it); to keep one
//! small file from decoding into an enormous one, all records of a profile
//! together may decode at most [`OVERLAP_FACTOR`] times the entries their
//! section holds.

use std::fmt;

use covkit_wire::{Endian, PointerWidth, Reader};

use super::data::DataRecord;
use super::header::RawHeader;
use super::layout::{RecordLayout, Section};
use crate::error::{Error, Result};
use crate::record::Variant;

/// How many times over the records of one profile may decode their
/// sections' entries in total (see the module docs).
pub const OVERLAP_FACTOR: u64 = 8;

/// One section that records point into, with a decoding budget.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Region<'data> {
    bytes: &'data [u8],
    section: Section,
    budget: u64,
}

impl<'data> Region<'data> {
    /// The section's bytes; `entries` is what the header counts in it.
    pub(crate) fn new(bytes: &'data [u8], section: Section, entries: u64) -> Self {
        Region {
            bytes,
            section,
            budget: entries.saturating_mul(OVERLAP_FACTOR),
        }
    }

    /// A reader over `len` bytes at byte offset `offset` of the section.
    fn slice(&self, offset: u64, len: u64, endian: Endian) -> Result<Reader<'data>> {
        let mut r = Reader::with_offset(self.bytes, endian, self.section.offset);
        r.skip(usize::try_from(offset).unwrap_or(usize::MAX))?;
        Ok(r.sub_reader(usize::try_from(len).unwrap_or(usize::MAX))?)
    }

    /// Takes `entries` from the budget.
    fn spend(&mut self, entries: u64, what: &str, at: u64) -> Result<()> {
        match self.budget.checked_sub(entries) {
            Some(left) => {
                self.budget = left;
                Ok(())
            }
            None => Err(Error::malformed(
                format!(
                    "data records decode more than {OVERLAP_FACTOR} times the {what} the profile holds"
                ),
                at,
            )),
        }
    }
}

/// The running deltas of raw v8+ (decreased after every record).
#[derive(Debug, Clone, Copy)]
struct Deltas {
    counters: u64,
    bitmap: u64,
    uniform: u64,
}

/// A record's name for messages.
struct Who<'a>(&'a [u8]);

impl fmt::Display for Who<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.escape_ascii())
    }
}

/// Decodes the counters, bitmap bytes and uniform counters of a profile's
/// records, in data-record order.
#[derive(Debug)]
pub(crate) struct CounterReader<'data> {
    pub(crate) endian: Endian,
    pub(crate) layout: RecordLayout,
    /// v8+: pointers are relative to their record.
    pub(crate) relative: bool,
    pub(crate) byte_coverage: bool,
    pub(crate) temporal: bool,
    pub(crate) counters: Region<'data>,
    pub(crate) bitmap: Region<'data>,
    /// `None` unless the profile has uniform counters.
    pub(crate) uniform: Option<Region<'data>>,
    deltas: Deltas,
}

/// What one record decodes to.
#[derive(Debug, Default)]
pub(crate) struct Decoded {
    pub(crate) counts: Vec<u64>,
    pub(crate) bitmap: Vec<u8>,
}

impl<'data> CounterReader<'data> {
    /// A reader starting at the first record of the profile with `header`.
    pub(crate) fn new(
        endian: Endian,
        layout: RecordLayout,
        header: &RawHeader,
        counters: Region<'data>,
        bitmap: Region<'data>,
        uniform: Option<Region<'data>>,
    ) -> Self {
        let variant = Variant::from_version_word(header.version);
        CounterReader {
            endian,
            layout,
            relative: header.version_number() >= 8,
            byte_coverage: variant.is_byte_coverage(),
            temporal: variant.is_temporal(),
            counters,
            bitmap,
            uniform,
            deltas: Deltas {
                counters: header.counters_delta,
                bitmap: header.bitmap_delta,
                uniform: header.uniform_counters_delta,
            },
        }
    }

    /// `ptr - delta` as a signed byte offset, in the target's arithmetic.
    fn offset(&self, ptr: u64, delta: u64) -> i64 {
        match self.layout.width {
            PointerWidth::U64 => ptr.wrapping_sub(delta) as i64,
            PointerWidth::U32 => i64::from((ptr as u32).wrapping_sub(delta as u32) as i32),
        }
    }

    /// Decodes `record` (named `name`), filling in its resolved sections,
    /// timestamp and uniform counters, then moves the deltas to the next
    /// record.
    pub(crate) fn decode(&mut self, record: &mut DataRecord, name: &[u8]) -> Result<Decoded> {
        let counts = self.read_counts(record, name)?;
        let bitmap = self.read_bitmap(record, name)?;
        self.read_uniform(record, name)?;
        if self.relative {
            let size = self.layout.size;
            self.deltas.counters = self.deltas.counters.wrapping_sub(size);
            self.deltas.bitmap = self.deltas.bitmap.wrapping_sub(size);
            self.deltas.uniform = self.deltas.uniform.wrapping_sub(size);
        }
        Ok(Decoded { counts, bitmap })
    }

    fn read_counts(&mut self, record: &mut DataRecord, name: &[u8]) -> Result<Vec<u64>> {
        let who = Who(name);
        let num_at = record.offset.saturating_add(self.layout.num_counters);
        let ptr_at = record.offset.saturating_add(self.layout.counter_ptr);
        let num = u64::from(record.num_counters);
        if num == 0 {
            return Err(Error::malformed(
                format!("number of counters of {who} is zero"),
                num_at,
            ));
        }
        let entry: u64 = if self.byte_coverage { 1 } else { 8 };
        let size = self.counters.section.size;
        let offset = self.offset(record.counter_ptr, self.deltas.counters);
        let Ok(start) = u64::try_from(offset) else {
            return Err(Error::malformed(
                format!("counter offset {offset} of {who} is negative"),
                ptr_at,
            ));
        };
        if start >= size {
            return Err(Error::malformed(
                format!(
                    "counter offset {offset} of {who} is past the end of the counters section ({size} bytes)"
                ),
                ptr_at,
            ));
        }
        if !start.is_multiple_of(entry) {
            return Err(Error::malformed(
                format!("counter offset {offset} of {who} is not a multiple of {entry}"),
                ptr_at,
            ));
        }
        let fit = (size - start) / entry;
        if num > fit {
            return Err(Error::malformed(
                format!(
                    "{num} counters of {who} at counter offset {offset} run past the end of the counters section (room for {fit})"
                ),
                num_at,
            ));
        }
        self.counters.spend(num, "counters", num_at)?;
        let mut r = self.counters.slice(start, num * entry, self.endian)?;
        record.counters = Section {
            offset: r.offset(),
            size: num * entry,
        };
        let mut slots = num;
        if self.temporal {
            if r.remaining() < 8 {
                return Err(Error::malformed(
                    format!(
                        "{num} counters of {who} leave no room for the 8-byte temporal timestamp"
                    ),
                    num_at,
                ));
            }
            record.timestamp = Some(r.read_u64()?);
            slots -= 8 / entry;
        }
        let slots = usize::try_from(slots).unwrap_or(usize::MAX);
        let mut counts = Vec::with_capacity(slots);
        for _ in 0..slots {
            let count = if self.byte_coverage {
                u64::from(r.read_u8()? == 0)
            } else {
                r.read_u64()?
            };
            counts.push(count);
        }
        Ok(counts)
    }

    fn read_bitmap(&mut self, record: &mut DataRecord, name: &[u8]) -> Result<Vec<u8>> {
        let who = Who(name);
        let (Some(ptr_field), Some(num_field)) =
            (self.layout.bitmap_ptr, self.layout.num_bitmap_bytes)
        else {
            return Ok(Vec::new());
        };
        let num = u64::from(record.num_bitmap_bytes);
        if num == 0 {
            return Ok(Vec::new());
        }
        let ptr_at = record.offset.saturating_add(ptr_field);
        let num_at = record.offset.saturating_add(num_field);
        let size = self.bitmap.section.size;
        let offset = self.offset(record.bitmap_ptr, self.deltas.bitmap);
        let Ok(start) = u64::try_from(offset) else {
            return Err(Error::malformed(
                format!("bitmap offset {offset} of {who} is negative"),
                ptr_at,
            ));
        };
        if start >= size {
            return Err(Error::malformed(
                format!(
                    "bitmap offset {offset} of {who} is past the end of the bitmap section ({size} bytes)"
                ),
                ptr_at,
            ));
        }
        if num > size - start {
            return Err(Error::malformed(
                format!(
                    "{num} bitmap bytes of {who} at bitmap offset {offset} run past the end of the bitmap section (room for {})",
                    size - start
                ),
                num_at,
            ));
        }
        self.bitmap.spend(num, "bitmap bytes", num_at)?;
        let mut r = self.bitmap.slice(start, num, self.endian)?;
        record.bitmap = Section {
            offset: r.offset(),
            size: num,
        };
        Ok(r.read_remaining_bytes().to_vec())
    }

    fn read_uniform(&mut self, record: &mut DataRecord, name: &[u8]) -> Result<()> {
        let who = Who(name);
        let Some(ptr_field) = self.layout.uniform_counter_ptr else {
            return Ok(());
        };
        let Some(mut region) = self.uniform else {
            return Ok(());
        };
        if record.uniform_counter_ptr == 0 {
            return Ok(());
        }
        let ptr_at = record.offset.saturating_add(ptr_field);
        let num = u64::from(record.num_counters);
        let size = region.section.size;
        let offset = self.offset(record.uniform_counter_ptr, self.deltas.uniform);
        let start = u64::try_from(offset)
            .ok()
            .filter(|s| s.is_multiple_of(8) && *s < size);
        let Some(start) = start.filter(|&s| num <= (size - s) / 8) else {
            return Err(Error::malformed(
                format!(
                    "{num} uniform counters of {who} at offset {offset} do not fit in the uniform counters section ({size} bytes)"
                ),
                ptr_at,
            ));
        };
        region.spend(num, "uniform counters", ptr_at)?;
        self.uniform = Some(region);
        let mut r = region.slice(start, num * 8, self.endian)?;
        let mut counts = Vec::with_capacity(usize::try_from(num).unwrap_or(0));
        for _ in 0..num {
            counts.push(r.read_u64()?);
        }
        record.uniform_counts = counts;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A v8+ reader over `counters` (8-byte entries unless `byte`) at file
    /// offset 0x100, with `CountersDelta` = `delta`.
    fn reader(
        counters: &[u8],
        width: PointerWidth,
        (byte, temporal): (bool, bool),
        delta: u64,
    ) -> CounterReader<'_> {
        let entry = if byte { 1 } else { 8 };
        let mut version = 8;
        if byte {
            version |= crate::format::VARIANT_MASK_BYTE_COVERAGE;
        }
        if temporal {
            version |= crate::format::VARIANT_MASK_TEMPORAL_PROF;
        }
        let header = RawHeader {
            version,
            counters_delta: delta,
            ..RawHeader::default()
        };
        let section = Section {
            offset: 0x100,
            size: counters.len() as u64,
        };
        let empty = Section {
            offset: 0x200,
            size: 0,
        };
        CounterReader::new(
            Endian::Little,
            RecordLayout::new(8, width),
            &header,
            Region::new(counters, section, counters.len() as u64 / entry),
            Region::new(&[], empty, 0),
            None,
        )
    }

    fn record(counter_ptr: u64, num_counters: u32) -> DataRecord {
        DataRecord {
            offset: 0x40,
            counter_ptr,
            num_counters,
            ..DataRecord::default()
        }
    }

    fn le(values: &[u64]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    #[test]
    fn relative_pointers_follow_the_moving_delta() {
        // Counters 112 bytes before the data, as clang-22 lays them out:
        // record 0 at data+0 points at counter 0, record 1 (48 bytes on) at
        // counter 1, record 2 at counter 3.
        let counters = le(&[6, 1, 0, 1, 5]);
        let mut r = reader(
            &counters,
            PointerWidth::U64,
            (false, false),
            (-112_i64) as u64,
        );
        let ptrs = [(-112_i64, 1), (-112 + 8 - 48, 2), (-112 + 24 - 96, 2)];
        let mut got = Vec::new();
        for (ptr, n) in ptrs {
            let mut rec = record(ptr as u64, n);
            got.push(r.decode(&mut rec, b"f").expect("in range").counts);
        }
        assert_eq!(got, [vec![6], vec![1, 0], vec![1, 5]]);
    }

    #[test]
    fn thirty_two_bit_pointers_wrap_at_two_to_the_32() {
        // As the i386 runtime writes them: -48 as a 32-bit value,
        // zero-extended into the header.
        let counters = le(&[6, 7]);
        let mut r = reader(&counters, PointerWidth::U32, (false, false), 0xffff_ffd0);
        let mut rec = record(0xffff_ffd8, 1);
        assert_eq!(r.decode(&mut rec, b"f").expect("in range").counts, [7]);
        assert_eq!(
            rec.counters,
            Section {
                offset: 0x108,
                size: 8
            }
        );
    }

    #[test]
    fn byte_coverage_and_temporal_slots() {
        // Byte mode: 0 means covered.
        let mut r = reader(&[0, 0xff, 0, 1], PointerWidth::U64, (true, false), 0);
        let mut rec = record(0, 4);
        assert_eq!(
            r.decode(&mut rec, b"f").expect("valid").counts,
            [1, 0, 1, 0]
        );
        // Temporal: slot 0 is a timestamp, 8 entries wide in byte mode.
        let mut bytes = 42u64.to_le_bytes().to_vec();
        bytes.extend([0, 0xff]);
        let mut r = reader(&bytes, PointerWidth::U64, (true, true), 0);
        let mut rec = record(0, 10);
        assert_eq!(r.decode(&mut rec, b"f").expect("valid").counts, [1, 0]);
        assert_eq!(rec.timestamp, Some(42));
        let counters = le(&[99, 3]);
        let mut r = reader(&counters, PointerWidth::U64, (false, true), 0);
        let mut rec = record(0, 2);
        assert_eq!(r.decode(&mut rec, b"f").expect("valid").counts, [3]);
        assert_eq!(rec.timestamp, Some(99));
        let mut r = reader(&[0; 4], PointerWidth::U64, (true, true), 0);
        let err = r.decode(&mut record(0, 4), b"f").expect_err("no room");
        assert_eq!(
            err.to_string(),
            "4 counters of f leave no room for the 8-byte temporal timestamp (at offset 0x68)"
        );
    }

    #[test]
    fn counter_errors_name_the_field() {
        let counters = le(&[1, 2, 3]);
        // (CounterPtr, NumCounters, message); CounterPtr is at 0x50 and
        // NumCounters at 0x68 of the record at 0x40.
        let cases: &[(i64, u32, &str)] = &[
            (0, 0, "number of counters of main is zero (at offset 0x68)"),
            (
                -8,
                1,
                "counter offset -8 of main is negative (at offset 0x50)",
            ),
            (
                24,
                1,
                "counter offset 24 of main is past the end of the counters section (24 bytes) (at offset 0x50)",
            ),
            (
                4,
                1,
                "counter offset 4 of main is not a multiple of 8 (at offset 0x50)",
            ),
            (
                8,
                3,
                "3 counters of main at counter offset 8 run past the end of the counters section (room for 2) (at offset 0x68)",
            ),
        ];
        for &(ptr, n, message) in cases {
            let mut r = reader(&counters, PointerWidth::U64, (false, false), 0);
            let err = r
                .decode(&mut record(ptr as u64, n), b"main")
                .expect_err(message);
            assert_eq!(err.to_string(), message);
        }
    }

    #[test]
    fn overlapping_records_have_a_budget() {
        let counters = le(&[1]);
        let mut r = reader(&counters, PointerWidth::U64, (false, false), 0);
        for _ in 0..OVERLAP_FACTOR {
            // v8 deltas move by 48 per record; follow them.
            let delta = r.deltas.counters;
            r.decode(&mut record(delta, 1), b"f")
                .expect("within budget");
        }
        let delta = r.deltas.counters;
        let err = r
            .decode(&mut record(delta, 1), b"f")
            .expect_err("over budget");
        assert_eq!(
            err.to_string(),
            "data records decode more than 8 times the counters the profile holds (at offset 0x68)"
        );
    }
}
