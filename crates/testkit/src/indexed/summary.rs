//! The profile summary of an indexed profile (`IndexedInstrProf::Summary`,
//! indexed v4+), computed as `InstrProfSummaryBuilder` does.
//!
//! On disk, all little-endian u64: `NumSummaryFields` (6),
//! `NumCutoffEntries` (16), the fields TotalNumFunctions, TotalNumBlocks,
//! MaxFunctionCount, MaxBlockCount, MaxInternalBlockCount, TotalBlockCount,
//! then {Cutoff, MinBlockCount, NumBlocks} per cutoff. Coverage tools only
//! skip it; it is computed faithfully so builder output can be compared with
//! `llvm-profdata merge` output byte for byte.

use crate::bytes::ByteWriter;
use crate::record::FunctionRecord;
use std::collections::BTreeMap;

/// `ProfileSummaryBuilder::DefaultCutoffs`, in parts per million.
pub const DEFAULT_CUTOFFS: [u64; 16] = [
    10_000, 100_000, 200_000, 300_000, 400_000, 500_000, 600_000, 700_000, 800_000, 900_000,
    950_000, 990_000, 999_000, 999_900, 999_990, 999_999,
];

/// Counts of `InstrProfRecord::getCountPseudoKind` pseudo records
/// (`PseudoHot`, `PseudoWarm`), which the summary skips.
const PSEUDO_COUNTS: [u64; 2] = [u64::MAX - 1, u64::MAX - 2];

/// A profile summary being accumulated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    total_count: u64,
    max_count: u64,
    max_internal_count: u64,
    max_function_count: u64,
    num_counts: u64,
    num_functions: u64,
    frequencies: BTreeMap<u64, u64>,
}

impl Summary {
    /// An empty summary.
    #[must_use]
    pub fn new() -> Summary {
        Summary::default()
    }

    fn add_count(&mut self, count: u64) {
        self.total_count = self.total_count.wrapping_add(count);
        self.max_count = self.max_count.max(count);
        self.num_counts += 1;
        *self.frequencies.entry(count).or_insert(0) += 1;
    }

    /// Adds a record: its first counter counts as the entry count, the rest
    /// as internal counts.
    pub fn add_record(&mut self, record: &FunctionRecord) {
        let Some((&entry, internal)) = record.counts.split_first() else {
            return;
        };
        if internal.is_empty() && PSEUDO_COUNTS.contains(&entry) {
            return;
        }
        self.num_functions += 1;
        self.add_count(entry);
        self.max_function_count = self.max_function_count.max(entry);
        for &count in internal {
            self.add_count(count);
            self.max_internal_count = self.max_internal_count.max(count);
        }
    }

    /// The `(Cutoff, MinBlockCount, NumBlocks)` entries for
    /// [`DEFAULT_CUTOFFS`] (`computeDetailedSummary`).
    #[must_use]
    pub fn detailed(&self) -> Vec<(u64, u64, u64)> {
        let mut by_count = self.frequencies.iter().rev();
        let (mut sum, mut count, mut seen) = (0u64, 0u64, 0u64);
        let mut out = Vec::with_capacity(DEFAULT_CUTOFFS.len());
        for cutoff in DEFAULT_CUTOFFS {
            let desired = u128::from(self.total_count) * u128::from(cutoff) / 1_000_000;
            while u128::from(sum) < desired {
                let Some((&c, &freq)) = by_count.next() else {
                    break;
                };
                count = c;
                sum = sum.wrapping_add(c.wrapping_mul(freq));
                seen += freq;
            }
            out.push((cutoff, count, seen));
        }
        out
    }

    /// The summary as stored in an indexed profile.
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = ByteWriter::new(crate::bytes::Endian::Little);
        w.u64(6).u64(DEFAULT_CUTOFFS.len() as u64);
        w.u64(self.num_functions)
            .u64(self.num_counts)
            .u64(self.max_function_count)
            .u64(self.max_count)
            .u64(self.max_internal_count)
            .u64(self.total_count);
        for (cutoff, min, num) in self.detailed() {
            w.u64(cutoff).u64(min).u64(num);
        }
        w.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_llvm_profdata_22() {
        // llvm-profdata-22 merge of a clang-22 profile with add [1],
        // main [1, 3] and t.c:helper [3, 0] wrote these values.
        let mut s = Summary::new();
        s.add_record(&FunctionRecord::new("add", 0x18, &[1]));
        s.add_record(&FunctionRecord::new("main", 0x46d_161c, &[1, 3]));
        s.add_record(&FunctionRecord::new("t.c:helper", 0x1_835c, &[3, 0]));
        let bytes = s.encode();
        assert_eq!(bytes.len(), 16 + 6 * 8 + 16 * 24);
        let u64s: Vec<u64> = bytes
            .chunks(8)
            .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
            .collect();
        assert_eq!(&u64s[..8], [6, 16, 3, 5, 3, 3, 3, 8]);
        let detailed = &u64s[8..];
        assert_eq!(&detailed[..9], [10_000, 0, 0, 100_000, 0, 0, 200_000, 3, 2]);
        assert_eq!(&detailed[45..], [999_999, 1, 4]);
    }

    #[test]
    fn pseudo_records_are_skipped() {
        let mut s = Summary::new();
        s.add_record(&FunctionRecord::new("hot", 1, &[u64::MAX - 1]));
        assert_eq!(s, Summary::new());
    }
}
