//! The profile summary of an indexed profile (`IndexedInstrProf::Summary`
//! in `InstrProf.h`, indexed version 4 and later), and how LLVM computes it
//! (`InstrProfSummaryBuilder` in `ProfileSummaryBuilder.cpp` and
//! `ProfileCommon.h`, unchanged in substance from LLVM 11 to 22).
//!
//! On disk, right after the header: u64 `NumSummaryFields` (6), u64
//! `NumCutoffEntries` (16), the fields (TotalNumFunctions, TotalNumBlocks,
//! MaxFunctionCount, MaxBlockCount, MaxInternalBlockCount, TotalBlockCount),
//! then one {Cutoff, MinBlockCount, NumBlocks} triple per cutoff. A second
//! summary of the same shape, over the context-sensitive records, follows
//! when variant bit 57 is set.
//!
//! The builder reproduces LLVM's arithmetic exactly, including its
//! fixed-width wrap-arounds (the function and block counts are 32-bit), so
//! the writer's summary is byte-identical to `llvm-profdata`'s.

use std::collections::BTreeMap;

use covkit_wire::Reader;

use crate::error::Result;

/// `ProfileSummaryBuilder::DefaultCutoffs`: percentiles scaled by 10^6.
pub const DEFAULT_CUTOFFS: [u32; 16] = [
    10000, 100000, 200000, 300000, 400000, 500000, 600000, 700000, 800000, 900000, 950000, 990000,
    999000, 999900, 999990, 999999,
];

/// `ProfileSummary::Scale`: cutoffs are fractions of this.
const SCALE: u128 = 1_000_000;

/// The number of summary fields LLVM writes (`Summary::NumKinds`).
pub(crate) const NUM_SUMMARY_FIELDS: u64 = 6;

/// The names of the summary fields, in `Summary::SummaryFieldKind` order.
pub(crate) const FIELD_NAMES: [&str; 6] = [
    "total num functions",
    "total num blocks",
    "max function count",
    "max block count",
    "max internal block count",
    "total block count",
];

/// One cutoff of the detailed summary (`ProfileSummaryEntry`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SummaryEntry {
    /// The percentile of the total count, scaled by 10^6.
    pub cutoff: u64,
    /// The smallest count among the hottest blocks that reach the cutoff.
    pub min_block_count: u64,
    /// How many blocks it takes to reach the cutoff.
    pub num_blocks: u64,
}

/// A profile summary (`IndexedInstrProf::Summary`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Summary {
    /// `TotalNumFunctions`: records counted (pseudo-count records excluded).
    pub total_num_functions: u64,
    /// `TotalNumBlocks`: counters over those records.
    pub total_num_blocks: u64,
    /// `MaxFunctionCount`: the largest first (entry) counter.
    pub max_function_count: u64,
    /// `MaxBlockCount`: the largest counter.
    pub max_block_count: u64,
    /// `MaxInternalBlockCount`: the largest counter other than the first.
    pub max_internal_block_count: u64,
    /// `TotalBlockCount`: the sum of all counters (wrapping).
    pub total_block_count: u64,
    /// The detailed summary, one entry per cutoff.
    pub entries: Vec<SummaryEntry>,
}

impl Summary {
    /// Reads a summary. Fields beyond the six LLVM defines are skipped;
    /// missing ones read as 0.
    pub(crate) fn parse(r: &mut Reader<'_>) -> Result<Summary> {
        let num_fields = r.read_u64()?;
        let num_entries = r.read_u64()?;
        let num_fields = r.check_count(num_fields, 8, "summary field")?;
        let mut fields = [0u64; 6];
        for i in 0..num_fields {
            let value = r.read_u64()?;
            if let Some(slot) = fields.get_mut(i) {
                *slot = value;
            }
        }
        let num_entries = r.check_count(num_entries, 24, "summary cutoff entry")?;
        let mut entries = Vec::with_capacity(num_entries);
        for _ in 0..num_entries {
            entries.push(SummaryEntry {
                cutoff: r.read_u64()?,
                min_block_count: r.read_u64()?,
                num_blocks: r.read_u64()?,
            });
        }
        let [
            total_num_functions,
            total_num_blocks,
            max_function_count,
            max_block_count,
            max_internal_block_count,
            total_block_count,
        ] = fields;
        Ok(Summary {
            total_num_functions,
            total_num_blocks,
            max_function_count,
            max_block_count,
            max_internal_block_count,
            total_block_count,
            entries,
        })
    }

    /// The six fields in on-disk order.
    #[must_use]
    pub fn fields(&self) -> [u64; 6] {
        [
            self.total_num_functions,
            self.total_num_blocks,
            self.max_function_count,
            self.max_block_count,
            self.max_internal_block_count,
            self.total_block_count,
        ]
    }

    /// The encoded size of a summary with `num_entries` cutoffs.
    pub(crate) fn encoded_size(num_entries: usize) -> usize {
        8 * (2 + 6 + 3 * num_entries)
    }

    /// Appends the summary in its on-disk form.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        let num_entries = u64::try_from(self.entries.len()).unwrap_or(u64::MAX);
        for word in [NUM_SUMMARY_FIELDS, num_entries]
            .into_iter()
            .chain(self.fields())
        {
            out.extend_from_slice(&word.to_le_bytes());
        }
        for e in &self.entries {
            for word in [e.cutoff, e.min_block_count, e.num_blocks] {
                out.extend_from_slice(&word.to_le_bytes());
            }
        }
    }
}

/// Computes a [`Summary`] the way `llvm-profdata` does
/// (`InstrProfSummaryBuilder` with the [`DEFAULT_CUTOFFS`]).
///
/// ```
/// use covkit_profile::indexed::SummaryBuilder;
///
/// let mut b = SummaryBuilder::new();
/// b.add_record(&[4, 10, 0]);
/// b.add_record(&[1]);
/// let s = b.finish();
/// assert_eq!((s.total_num_functions, s.total_num_blocks), (2, 4));
/// assert_eq!((s.max_function_count, s.max_internal_block_count), (4, 10));
/// assert_eq!(s.total_block_count, 15);
/// // 50% of 15 is 7: the hottest block alone (10) reaches it.
/// assert_eq!((s.entries[5].min_block_count, s.entries[5].num_blocks), (10, 1));
/// ```
#[derive(Debug, Clone, Default)]
pub struct SummaryBuilder {
    /// How often each count occurs; iterated from the largest count down.
    count_frequencies: BTreeMap<u64, u32>,
    total_count: u64,
    max_count: u64,
    max_function_count: u64,
    max_internal_block_count: u64,
    num_counts: u32,
    num_functions: u32,
}

impl SummaryBuilder {
    /// An empty builder.
    #[must_use]
    pub fn new() -> Self {
        SummaryBuilder::default()
    }

    /// Adds one record's counters (`InstrProfSummaryBuilder::addRecord`): the
    /// first counter is the entry count, the others internal block counts.
    /// Records whose first counter is a pseudo count (`u64::MAX` for hot,
    /// `u64::MAX - 1` for warm) are not counted, nor are records without
    /// counters.
    pub fn add_record(&mut self, counts: &[u64]) {
        let Some((&entry, internal)) = counts.split_first() else {
            return;
        };
        if entry == u64::MAX || entry == u64::MAX - 1 {
            return;
        }
        self.num_functions = self.num_functions.wrapping_add(1);
        self.add_count(entry);
        self.max_function_count = self.max_function_count.max(entry);
        for &count in internal {
            self.add_count(count);
            self.max_internal_block_count = self.max_internal_block_count.max(count);
        }
    }

    fn add_count(&mut self, count: u64) {
        self.total_count = self.total_count.wrapping_add(count);
        self.max_count = self.max_count.max(count);
        self.num_counts = self.num_counts.wrapping_add(1);
        let freq = self.count_frequencies.entry(count).or_insert(0);
        *freq = freq.wrapping_add(1);
    }

    /// The summary (`computeDetailedSummary` then `getSummary`).
    #[must_use]
    pub fn finish(self) -> Summary {
        let mut entries = Vec::with_capacity(DEFAULT_CUTOFFS.len());
        let mut iter = self.count_frequencies.iter().rev();
        let mut counts_seen: u32 = 0;
        let mut curr_sum: u64 = 0;
        let mut count: u64 = 0;
        for cutoff in DEFAULT_CUTOFFS {
            let desired = u128::from(self.total_count) * u128::from(cutoff) / SCALE;
            // cutoff < SCALE, so desired <= total_count fits.
            let desired = u64::try_from(desired).unwrap_or(u64::MAX);
            while curr_sum < desired {
                let Some((&c, &freq)) = iter.next() else {
                    break;
                };
                count = c;
                curr_sum = curr_sum.wrapping_add(c.wrapping_mul(u64::from(freq)));
                counts_seen = counts_seen.wrapping_add(freq);
            }
            entries.push(SummaryEntry {
                cutoff: u64::from(cutoff),
                min_block_count: count,
                num_blocks: u64::from(counts_seen),
            });
        }
        Summary {
            total_num_functions: u64::from(self.num_functions),
            total_num_blocks: u64::from(self.num_counts),
            max_function_count: self.max_function_count,
            max_block_count: self.max_count,
            max_internal_block_count: self.max_internal_block_count,
            total_block_count: self.total_count,
            entries,
        }
    }
}

#[cfg(test)]
mod tests {
    use covkit_wire::Endian;

    use super::*;

    #[test]
    fn empty_profile_has_zero_entries_for_every_cutoff() {
        let s = SummaryBuilder::new().finish();
        assert_eq!(s.entries.len(), 16);
        assert!(
            s.entries
                .iter()
                .all(|e| e.min_block_count == 0 && e.num_blocks == 0)
        );
        assert_eq!(s.fields(), [0; 6]);
    }

    #[test]
    fn matches_llvm_profdata_on_a_real_profile() {
        // Counts of a clang-22 program (main, loop, a.c:sq, never), whose
        // llvm-profdata-22 summary is {4, 7, 4, 10, 10, 20} with the
        // entries below.
        let mut b = SummaryBuilder::new();
        for counts in [&[1u64][..], &[1, 10, 4], &[4], &[0, 0]] {
            b.add_record(counts);
        }
        let s = b.finish();
        assert_eq!(s.fields(), [4, 7, 4, 10, 10, 20]);
        let got: Vec<(u64, u64)> = s
            .entries
            .iter()
            .map(|e| (e.min_block_count, e.num_blocks))
            .collect();
        let mut want = vec![(0, 0)];
        want.extend([(10, 1); 5]);
        want.extend([(4, 3); 4]);
        want.extend([(1, 5); 6]);
        assert_eq!(got, want);
    }

    #[test]
    fn pseudo_counts_and_empty_records_are_skipped() {
        let mut b = SummaryBuilder::new();
        b.add_record(&[u64::MAX, 5]);
        b.add_record(&[u64::MAX - 1, 5]);
        b.add_record(&[]);
        b.add_record(&[u64::MAX - 2]);
        let s = b.finish();
        assert_eq!(s.total_num_functions, 1);
        assert_eq!(s.max_function_count, u64::MAX - 2);
    }

    #[test]
    fn total_count_wraps_like_llvm() {
        let mut b = SummaryBuilder::new();
        b.add_record(&[u64::MAX - 2, 3, 4]);
        let s = b.finish();
        assert_eq!(s.total_block_count, 4);
        // The desired counts come from the wrapped total: 3 at 99.9999%,
        // which the largest count alone reaches.
        assert_eq!(s.entries.last().map(|e| e.num_blocks), Some(1));
    }

    #[test]
    fn encode_parse_round_trip() {
        let mut b = SummaryBuilder::new();
        b.add_record(&[7, 1, 2, 3]);
        let s = b.finish();
        let mut bytes = Vec::new();
        s.encode(&mut bytes);
        assert_eq!(bytes.len(), Summary::encoded_size(16));
        let mut r = Reader::new(&bytes, Endian::Little);
        assert_eq!(Summary::parse(&mut r).unwrap(), s);
        assert!(r.is_empty());
    }

    #[test]
    fn huge_counts_are_rejected_before_allocating() {
        let bytes: Vec<u8> = [6u64, u64::MAX]
            .iter()
            .chain(&[0; 6])
            .flat_map(|w| w.to_le_bytes())
            .collect();
        let err =
            Summary::parse(&mut Reader::with_offset(&bytes, Endian::Little, 0x48)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "summary cutoff entry count 18446744073709551615 too large: needs at least 24 bytes \
             each, 0 bytes remain (at offset 0x88)"
        );
    }
}
