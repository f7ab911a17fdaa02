//! Mapping regions (`CounterMappingRegion`) and how each kind is encoded,
//! covmap Version4 to Version7 (LLVM 11 to 23).
//!
//! A region is a header ULEB128, kind-specific values, then four ULEB128s:
//! start-line delta, start column, line count, end column. The header is a
//! counter for code and gap regions; otherwise its tag is 0 and bit 2 marks
//! an expansion (expanded file ID in the bits above), or the bits above 2
//! hold the kind: 2 skipped, 4 branch (Version5+, two counters follow),
//! 5 MC/DC decision (Version7: bitmap index, condition count), 6 MC/DC
//! branch (Version7: two counters, then condition ID, true ID, false ID,
//! each stored plus one). A gap region is a code region whose end column has
//! bit 31 set.

use crate::covmap::counter::Counter;

/// Bit 31 of a region's stored end column marks a gap region.
pub const GAP_REGION_BIT: u32 = 1 << 31;

/// What a region is, with its kind-specific values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionKind {
    /// Code with an execution count (`CodeRegion`).
    Code(Counter),
    /// A macro expansion into another file ID of the same function
    /// (`ExpansionRegion`).
    Expansion {
        /// The local file ID the region expands.
        expanded_file_id: u32,
    },
    /// Code left out by the preprocessor, or an empty or comment line
    /// (`SkippedRegion`).
    Skipped,
    /// Whitespace between statements whose count must not start a line
    /// (`GapRegion`).
    Gap(Counter),
    /// A branch condition (`BranchRegion`, covmap Version5+).
    Branch {
        /// Times the condition was true.
        true_count: Counter,
        /// Times the condition was false.
        false_count: Counter,
    },
    /// An MC/DC decision (`MCDCDecisionRegion`, Version7). The values are
    /// stored as given: `bitmap_idx` counts bytes in LLVM 18 and bits (the
    /// end of the decision's test vectors) in LLVM 19+.
    McdcDecision {
        /// `BitmapIdx`.
        bitmap_idx: u32,
        /// `NumConditions`.
        num_conditions: u32,
    },
    /// An MC/DC condition (`MCDCBranchRegion`, Version7). The IDs are the
    /// *stored* values: LLVM stores condition IDs plus one, so a stored
    /// `true_id`/`false_id` of 0 means "decision outcome", and a stored
    /// `id` of 0 is rejected from LLVM 19.
    McdcBranch {
        /// Times the condition was true.
        true_count: Counter,
        /// Times the condition was false.
        false_count: Counter,
        /// Stored condition ID (internal ID + 1).
        id: u32,
        /// Stored ID of the condition evaluated when true (0: outcome).
        true_id: u32,
        /// Stored ID of the condition evaluated when false (0: outcome).
        false_id: u32,
    },
    /// A header with tag 0 and this kind number, and nothing else before
    /// the source range: kinds 1 and 3 (never stored as kinds) and 7 and
    /// above are invalid, for malformed inputs.
    Unknown(u32),
}

/// One region of one local file ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region {
    /// The local file ID (index into the function's file-ID map).
    pub file_id: u32,
    /// The kind and its values.
    pub kind: RegionKind,
    /// Start (line, column), 1-based.
    pub start: (u32, u32),
    /// End (line, column), 1-based; (0, 0) columns mean whole lines.
    pub end: (u32, u32),
}

impl Region {
    /// A region of `kind` in file ID 0.
    #[must_use]
    pub const fn new(kind: RegionKind, start: (u32, u32), end: (u32, u32)) -> Region {
        Region {
            file_id: 0,
            kind,
            start,
            end,
        }
    }

    /// A code region in file ID 0.
    #[must_use]
    pub const fn code(counter: Counter, start: (u32, u32), end: (u32, u32)) -> Region {
        Region::new(RegionKind::Code(counter), start, end)
    }

    /// A gap region in file ID 0.
    #[must_use]
    pub const fn gap(counter: Counter, start: (u32, u32), end: (u32, u32)) -> Region {
        Region::new(RegionKind::Gap(counter), start, end)
    }

    /// A skipped region in file ID 0.
    #[must_use]
    pub const fn skipped(start: (u32, u32), end: (u32, u32)) -> Region {
        Region::new(RegionKind::Skipped, start, end)
    }

    /// A branch region in file ID 0.
    #[must_use]
    pub const fn branch(
        true_count: Counter,
        false_count: Counter,
        start: (u32, u32),
        end: (u32, u32),
    ) -> Region {
        Region::new(
            RegionKind::Branch {
                true_count,
                false_count,
            },
            start,
            end,
        )
    }

    /// An expansion region in file ID 0, expanding `expanded_file_id`.
    #[must_use]
    pub const fn expansion(expanded_file_id: u32, start: (u32, u32), end: (u32, u32)) -> Region {
        Region::new(RegionKind::Expansion { expanded_file_id }, start, end)
    }

    /// The same region in local file ID `file_id`.
    #[must_use]
    pub const fn in_file(mut self, file_id: u32) -> Region {
        self.file_id = file_id;
        self
    }

    /// The header value and the kind-specific values, before ULEB128.
    #[must_use]
    pub fn encode_header(&self) -> Vec<u64> {
        match self.kind {
            RegionKind::Code(c) | RegionKind::Gap(c) => vec![c.encode()],
            RegionKind::Expansion { expanded_file_id } => {
                vec![(1 << 2) | u64::from(expanded_file_id) << 3]
            }
            RegionKind::Skipped => vec![2 << 3],
            RegionKind::Branch {
                true_count,
                false_count,
            } => vec![4 << 3, true_count.encode(), false_count.encode()],
            RegionKind::McdcDecision {
                bitmap_idx,
                num_conditions,
            } => vec![5 << 3, u64::from(bitmap_idx), u64::from(num_conditions)],
            RegionKind::McdcBranch {
                true_count,
                false_count,
                id,
                true_id,
                false_id,
            } => vec![
                6 << 3,
                true_count.encode(),
                false_count.encode(),
                u64::from(id),
                u64::from(true_id),
                u64::from(false_id),
            ],
            RegionKind::Unknown(kind) => vec![u64::from(kind) << 3],
        }
    }

    /// The end column as stored: with [`GAP_REGION_BIT`] for gap regions.
    #[must_use]
    pub fn stored_end_column(&self) -> u32 {
        match self.kind {
            RegionKind::Gap(_) => self.end.1 | GAP_REGION_BIT,
            _ => self.end.1,
        }
    }

    /// LLVM's writer order within a file ID: by start, then kind, with MC/DC
    /// decisions before expansions (`CoverageMappingWriter::write`).
    #[must_use]
    pub fn sort_key(&self) -> (u32, (u32, u32), u32) {
        let kind = match self.kind {
            RegionKind::Code(_) => 0,
            RegionKind::Expansion { .. } => 2,
            RegionKind::Skipped => 4,
            RegionKind::Gap(_) => 6,
            RegionKind::Branch { .. } => 8,
            RegionKind::McdcDecision { .. } => 1,
            RegionKind::McdcBranch { .. } => 12,
            RegionKind::Unknown(k) => k.saturating_mul(2),
        };
        (self.file_id, self.start, kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_per_kind() {
        let at = ((1, 1), (2, 1));
        let table: [(RegionKind, Vec<u64>); 8] = [
            (RegionKind::Code(Counter::Counter(2)), vec![9]),
            (RegionKind::Code(Counter::Zero), vec![0]),
            (
                RegionKind::Expansion {
                    expanded_file_id: 3,
                },
                vec![4 | 24],
            ),
            (RegionKind::Skipped, vec![16]),
            (RegionKind::Gap(Counter::Add(0)), vec![3]),
            (
                RegionKind::Branch {
                    true_count: Counter::Counter(1),
                    false_count: Counter::Sub(0),
                },
                vec![32, 5, 2],
            ),
            (
                RegionKind::McdcDecision {
                    bitmap_idx: 5,
                    num_conditions: 3,
                },
                vec![40, 5, 3],
            ),
            (
                RegionKind::McdcBranch {
                    true_count: Counter::Counter(1),
                    false_count: Counter::Zero,
                    id: 1,
                    true_id: 2,
                    false_id: 0,
                },
                vec![48, 5, 0, 1, 2, 0],
            ),
        ];
        for (kind, expect) in table {
            let r = Region::new(kind, at.0, at.1);
            assert_eq!(r.encode_header(), expect, "{kind:?}");
        }
        assert_eq!(
            Region::new(RegionKind::Unknown(7), at.0, at.1).encode_header(),
            [56]
        );
    }

    #[test]
    fn gap_regions_set_bit_31() {
        let r = Region::gap(Counter::Counter(0), (3, 2), (4, 9));
        assert_eq!(r.stored_end_column(), 9 | 1 << 31);
        assert_eq!(
            Region::code(Counter::Zero, (3, 2), (4, 9)).stored_end_column(),
            9
        );
    }

    #[test]
    fn decisions_sort_before_expansions() {
        let d = Region::new(
            RegionKind::McdcDecision {
                bitmap_idx: 0,
                num_conditions: 2,
            },
            (5, 1),
            (5, 9),
        );
        let e = Region::expansion(1, (5, 1), (5, 9));
        let c = Region::code(Counter::Zero, (5, 1), (5, 9));
        assert!(c.sort_key() < d.sort_key());
        assert!(d.sort_key() < e.sort_key());
    }
}
