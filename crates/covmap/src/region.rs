//! Mapping regions (`CounterMappingRegion` in LLVM's `CoverageMapping.h`).
//!
//! Every kind LLVM 11 to 22 writes is one variant of [`RegionKind`]: code,
//! expansion, skipped and gap regions since before LLVM 11, branch regions
//! since covmap version 5 (LLVM 12), MC/DC decision and branch regions since
//! version 7 (LLVM 18).

use std::fmt;

use crate::counter::Counter;
use crate::ids::{FileId, Position};

/// The condition ids of an MC/DC branch region, 0-based, with `None` where
/// the decision's outcome follows instead of another condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct McdcConditionIds {
    /// This condition's id.
    pub id: u16,
    /// The condition evaluated next when this one is true.
    pub true_next: Option<u16>,
    /// The condition evaluated next when this one is false.
    pub false_next: Option<u16>,
}

/// What a region is, with the data only that kind carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionKind {
    /// Code executed as often as the region's counter says.
    Code,
    /// A macro expansion: the expanded code's regions live under another
    /// file id of the same function.
    Expansion {
        /// The file id holding the expanded code.
        expanded: FileId,
    },
    /// Code that is not compiled (`#if 0`, empty and comment-only lines).
    Skipped,
    /// A gap between statements: counted only when it wraps a line.
    Gap,
    /// A branch: the region's counter counts the true side.
    Branch {
        /// The false side's counter.
        false_counter: Counter,
    },
    /// An MC/DC decision.
    McdcDecision {
        /// Where the decision's bits are in the function's bitmap: a byte
        /// index for profiles of LLVM 18, a bit index after the decision's
        /// bits from LLVM 19.
        bitmap_index: u32,
        /// The number of conditions.
        num_conditions: u16,
    },
    /// An MC/DC condition: a branch with condition ids.
    McdcBranch {
        /// The false side's counter.
        false_counter: Counter,
        /// The condition ids.
        conditions: McdcConditionIds,
    },
}

impl RegionKind {
    /// The short name used in dumps and statistics.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            RegionKind::Code => "code",
            RegionKind::Expansion { .. } => "expansion",
            RegionKind::Skipped => "skipped",
            RegionKind::Gap => "gap",
            RegionKind::Branch { .. } => "branch",
            RegionKind::McdcDecision { .. } => "mcdc-decision",
            RegionKind::McdcBranch { .. } => "mcdc-branch",
        }
    }

    /// Whether this is a branch or an MC/DC branch region.
    #[must_use]
    pub fn is_branch(&self) -> bool {
        matches!(
            self,
            RegionKind::Branch { .. } | RegionKind::McdcBranch { .. }
        )
    }
}

/// One mapping region of a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region {
    /// The region's counter (for branches, the true side's).
    pub counter: Counter,
    /// The kind and its data.
    pub kind: RegionKind,
    /// The function-local file id the region's positions refer to.
    pub file: FileId,
    /// Where the region starts.
    pub start: Position,
    /// Where the region ends (inclusive of the last column LLVM counts).
    pub end: Position,
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}-{}", self.kind.name(), self.start, self.end)?;
        match self.kind {
            RegionKind::Code | RegionKind::Gap => write!(f, " {}", self.counter),
            RegionKind::Skipped => Ok(()),
            RegionKind::Expansion { expanded } => write!(f, " -> file {expanded}"),
            RegionKind::Branch { false_counter } => {
                write!(f, " true {} false {}", self.counter, false_counter)
            }
            RegionKind::McdcDecision {
                bitmap_index,
                num_conditions,
            } => write!(f, " bitmap {bitmap_index} conditions {num_conditions}"),
            RegionKind::McdcBranch {
                false_counter,
                conditions,
            } => {
                let next = |n: Option<u16>| n.map_or_else(|| "-".to_owned(), |n| n.to_string());
                write!(
                    f,
                    " true {} false {} condition {} next {}/{}",
                    self.counter,
                    false_counter,
                    conditions.id,
                    next(conditions.true_next),
                    next(conditions.false_next)
                )
            }
        }
    }
}
