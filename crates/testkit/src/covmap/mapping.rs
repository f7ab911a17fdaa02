//! One function's mapping bytes (`CoverageMappingWriter::write`), the
//! payload of a covfun record, covmap Version4 to Version7.
//!
//! All ULEB128: the file-ID map (count, then an index into the
//! translation unit's filenames per local file ID), the expressions (count,
//! then two counters each), then per local file ID in order 0, 1, …: the
//! region count and the regions, whose start lines are deltas from the
//! previous region of the same file ID (from 0).

use crate::bytes::write_uleb128;
use crate::covmap::counter::Expression;
use crate::covmap::region::Region;

/// A function's file-ID map, expressions and regions.
///
/// ```
/// use covkit_testkit::covmap::{Counter, FunctionMapping, Region};
///
/// let bytes = FunctionMapping::new(&[1])
///     .region(Region::code(Counter::Counter(0), (3, 12), (5, 2)))
///     .encode();
/// // 1 file ID -> filename 1; 0 expressions; 1 region:
/// // counter #0, line +3, column 12, 2 more lines, column 2.
/// assert_eq!(bytes, [1, 1, 0, 1, 1, 3, 12, 2, 2]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunctionMapping {
    /// Per local file ID, the index of its name in the filenames blob.
    pub file_ids: Vec<u32>,
    /// The expressions, referred to by index from [`crate::covmap::Counter`].
    pub expressions: Vec<crate::covmap::counter::Expression>,
    /// The regions, written per file ID in the order given.
    pub regions: Vec<Region>,
}

impl FunctionMapping {
    /// A mapping whose local file IDs map to `file_ids` (indices into the
    /// translation unit's filenames).
    #[must_use]
    pub fn new(file_ids: &[u32]) -> FunctionMapping {
        FunctionMapping {
            file_ids: file_ids.to_vec(),
            expressions: Vec::new(),
            regions: Vec::new(),
        }
    }

    /// Appends an expression.
    #[must_use]
    pub fn expression(mut self, expression: Expression) -> FunctionMapping {
        self.expressions.push(expression);
        self
    }

    /// Appends a region.
    #[must_use]
    pub fn region(mut self, region: Region) -> FunctionMapping {
        self.regions.push(region);
        self
    }

    /// Sorts the regions into LLVM's writer order ([`Region::sort_key`]).
    #[must_use]
    pub fn sorted(mut self) -> FunctionMapping {
        self.regions.sort_by_key(Region::sort_key);
        self
    }

    /// The mapping bytes. Regions keep their given order within a file ID;
    /// a line before the previous region's, or an end before the start, is
    /// written with wrapping 32-bit arithmetic (as a malformed input).
    ///
    /// # Panics
    ///
    /// If a region's file ID has no entry in the file-ID map.
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        write_uleb128(&mut out, self.file_ids.len() as u64);
        for &f in &self.file_ids {
            write_uleb128(&mut out, u64::from(f));
        }
        write_uleb128(&mut out, self.expressions.len() as u64);
        for e in &self.expressions {
            write_uleb128(&mut out, e.lhs.encode());
            write_uleb128(&mut out, e.rhs.encode());
        }
        for r in &self.regions {
            assert!(
                (r.file_id as usize) < self.file_ids.len(),
                "region in file ID {} but the map has {} file IDs",
                r.file_id,
                self.file_ids.len()
            );
        }
        for file_id in 0..self.file_ids.len() {
            let regions: Vec<&Region> = self
                .regions
                .iter()
                .filter(|r| r.file_id as usize == file_id)
                .collect();
            write_uleb128(&mut out, regions.len() as u64);
            let mut previous_line = 0u32;
            for r in regions {
                for value in r.encode_header() {
                    write_uleb128(&mut out, value);
                }
                write_uleb128(&mut out, u64::from(r.start.0.wrapping_sub(previous_line)));
                write_uleb128(&mut out, u64::from(r.start.1));
                write_uleb128(&mut out, u64::from(r.end.0.wrapping_sub(r.start.0)));
                write_uleb128(&mut out, u64::from(r.stored_end_column()));
                previous_line = r.start.0;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::covmap::counter::Counter;
    use crate::covmap::region::RegionKind;

    #[test]
    fn every_region_kind_in_two_file_ids() {
        let m = FunctionMapping::new(&[0, 1])
            .expression(Expression::new(Counter::Counter(0), Counter::Counter(1)))
            .region(Region::code(Counter::Counter(0), (1, 1), (9, 2)))
            .region(Region::expansion(1, (2, 5), (2, 10)))
            .region(Region::gap(Counter::Sub(0), (3, 1), (4, 5)))
            .region(Region::branch(
                Counter::Counter(1),
                Counter::Sub(0),
                (4, 5),
                (4, 9),
            ))
            .region(Region::skipped((6, 1), (7, 1)))
            .region(Region::new(
                RegionKind::McdcDecision {
                    bitmap_idx: 4,
                    num_conditions: 2,
                },
                (8, 3),
                (8, 20),
            ))
            .region(
                Region::new(
                    RegionKind::McdcBranch {
                        true_count: Counter::Counter(1),
                        false_count: Counter::Zero,
                        id: 1,
                        true_id: 0,
                        false_id: 2,
                    },
                    (10, 3),
                    (10, 8),
                )
                .in_file(1),
            );
        let bytes = m.encode();
        #[rustfmt::skip]
        let expect: Vec<u8> = vec![
            2, 0, 1,                     // file IDs
            1, 1, 5,                     // one expression: #0, #1
            6,                           // file 0: six regions
            1, 1, 1, 8, 2,               // code #0 1:1-9:2
            12, 1, 5, 0, 10,             // expansion of file 1, 2:5-2:10
            2, 1, 1, 1, 0x85, 0x80, 0x80, 0x80, 0x08, // gap (Sub 0) 3:1-4:5
            32, 5, 2, 1, 5, 0, 9,        // branch 4:5-4:9
            16, 2, 1, 1, 1,              // skipped 6:1-7:1
            // decision: header 40 + values, then +2 lines (8 after 6)
        ];
        assert_eq!(&bytes[..expect.len()], expect.as_slice());
        let rest = &bytes[expect.len()..];
        assert_eq!(
            rest,
            [40, 4, 2, 2, 3, 0, 20, 1, 48, 5, 0, 1, 0, 2, 10, 3, 0, 8]
        );
    }

    #[test]
    fn start_after_end_wraps() {
        let m = FunctionMapping::new(&[0]).region(Region::code(Counter::Zero, (5, 1), (4, 1)));
        let bytes = m.encode();
        // numLines = 4 - 5 as u32 = 0xffff_ffff.
        assert_eq!(&bytes[5..], [5, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 1]);
    }

    #[test]
    #[should_panic(expected = "file ID 1")]
    fn region_outside_the_map_is_refused() {
        let _ = FunctionMapping::new(&[0])
            .region(Region::skipped((1, 1), (1, 1)).in_file(1))
            .encode();
    }
}
