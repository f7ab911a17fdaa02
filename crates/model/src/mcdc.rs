//! MC/DC records (`MCDCRecord`, `MCDCRecordProcessor`, `TVIdxBuilder` and
//! `MCDCDecisionRecorder` in LLVM's `CoverageMapping.cpp`): which test
//! vectors of a boolean decision ran, and which conditions were shown to
//! matter on their own.
//!
//! A decision region names its number of conditions and where its bits
//! start in the function's bitmap; each MC/DC branch region names its
//! condition id and the id evaluated next when it is false or true (none:
//! the decision is decided). Together they form a binary decision diagram
//! rooted at condition 0.
//!
//! - **Grouping** (as the function's regions are read, in stored order): a
//!   decision collects the MC/DC branches it dominates (same file id and
//!   inside its range, or in a file id an expansion it dominates expands)
//!   until it has one per condition id; condition 0 goes first, the others
//!   in the order met. That order is the *position* of a condition, the one
//!   reports print.
//! - **Test vector indices** (`TVIdxBuilder`): nodes are visited breadth
//!   first from the root once all their predecessors are done; a node's
//!   width is the number of paths reaching it. Each edge into another node
//!   gets that node's width so far as its index increment; the edges that
//!   end the decision are sorted by width (widest first, then visit order)
//!   and numbered consecutively, each taking as many indices as its width.
//!   The sum of the widths is the number of test vectors.
//! - **Executed vectors**: every path is walked; a path ran when its bit
//!   is set: bit `BitmapIdx * 8 + mask` for indexed profiles before
//!   version 12 (LLVM 18: `mask` is the bit set of the conditions that
//!   were true), bit `BitmapIdx - NumTestVectors + index` since (LLVM 19).
//!   Vectors with a false outcome come first, each group in index order.
//! - **Independence pairs**: a condition is covered when an executed vector
//!   with a true outcome and one with a false outcome differ in that
//!   condition alone, ignoring conditions either did not evaluate. A
//!   condition whose true or false counter is the constant zero is folded
//!   and left out of the summaries (but still shows as not covered).
//!
//! LLVM trusts the mapping here; covkit checks it. A decision whose
//! diagram is not a proper DAG rooted at condition 0, or whose size passes
//! [`MAX_TEST_VECTORS`] or [`MAX_TEST_VECTOR_CELLS`], gives no record and a
//! [`Diagnostic::McdcDecisionSkipped`] instead, so a corrupt or hostile
//! mapping cannot make the walk exponential.
//!
//! Grouping looks at every decision still collecting its conditions for
//! each MC/DC branch; at most [`MAX_PENDING_DECISIONS`] wait at once, so
//! a mapping of many decisions that never complete (a condition count of
//! zero, conditions that never come) costs linear time, not quadratic.
//! Decisions past the limit give no record and one
//! [`Diagnostic::McdcDecisionSkipped`] per function.

use std::collections::{BTreeSet, VecDeque};

use covkit_covmap::ids::Position;
use covkit_covmap::region::{McdcConditionIds, Region, RegionKind};

use crate::diagnostic::Diagnostic;

/// The most test vectors (paths through one decision) covkit enumerates.
/// Clang's default limits give at most a few hundred.
pub const MAX_TEST_VECTORS: u64 = 1 << 14;

/// The most test vectors times conditions of one decision covkit
/// enumerates: bounds the memory and time of the independence-pair search.
pub const MAX_TEST_VECTOR_CELLS: u64 = 1 << 20;

/// The most MC/DC decisions of one function that wait for their
/// conditions at the same time. Clang emits a decision's conditions right
/// after it, or in the file ids of the macro expansions it dominates, so a
/// handful wait at once even in macro-heavy code; a decision met while
/// this many wait is skipped.
pub const MAX_PENDING_DECISIONS: usize = 256;

/// The value of a condition in one test vector.
pub type CondState = Option<bool>;

/// One executed test vector.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TestVector {
    /// Each condition's value, by position; `None` when short-circuiting
    /// skipped it.
    pub conditions: Vec<CondState>,
    /// The outcome of the decision.
    pub result: bool,
}

/// One condition of a decision, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Condition {
    /// Where its branch region starts.
    pub start: Position,
    /// Its true or false counter is the constant zero.
    pub folded: bool,
    /// The executed vectors (1-based, false outcome first, as `llvm-cov
    /// show` numbers them) that show it independent, if any.
    pub pair: Option<(u32, u32)>,
}

impl Condition {
    /// Whether an independence pair shows this condition.
    #[must_use]
    pub fn covered(&self) -> bool {
        self.pair.is_some()
    }
}

/// The MC/DC record of one decision (`MCDCRecord`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct McdcRecord {
    /// The function-local file id of the decision region.
    pub file: u32,
    /// The decision region's start.
    pub start: Position,
    /// The decision region's end.
    pub end: Position,
    /// The conditions, by position.
    pub conditions: Vec<Condition>,
    /// The executed test vectors: false outcomes first, each group in
    /// test-vector index order.
    pub test_vectors: Vec<TestVector>,
}

impl McdcRecord {
    /// How many executed vectors decided true and false (`getDecisions`).
    #[must_use]
    pub fn decisions(&self) -> (usize, usize) {
        let trues = self.test_vectors.iter().filter(|t| t.result).count();
        (trues, self.test_vectors.len() - trues)
    }
}

/// A decision still collecting its branches (`DecisionRecord`).
#[derive(Debug)]
struct Pending {
    decision: Region,
    bitmap_index: u32,
    num_conditions: u16,
    /// Indices into the function's regions, condition 0 first.
    branches: Vec<usize>,
    /// The condition ids taken so far (a set, not a table of
    /// `num_conditions` flags: a corrupt record may declare 65535
    /// conditions in every one of many decisions).
    seen: BTreeSet<u16>,
    /// The file ids of the expansions it dominates (a set: an input may
    /// hold many expansion regions).
    expanded: BTreeSet<u32>,
}

impl Pending {
    fn dominates(&self, r: &Region) -> bool {
        let d = &self.decision;
        (r.file == d.file && r.start >= d.start && r.end <= d.end)
            || self.expanded.contains(&r.file.0)
    }
}

/// Groups decisions with their branches while a function's regions are
/// read (`MCDCDecisionRecorder`).
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    pending: Vec<Pending>,
    /// Whether a decision was refused for [`MAX_PENDING_DECISIONS`].
    refused: bool,
}

/// A decision with all its branches, ready to evaluate.
#[derive(Debug)]
pub(crate) struct Complete {
    decision: Region,
    bitmap_index: u32,
    branches: Vec<usize>,
}

impl Recorder {
    /// Starts collecting for a decision region. Returns the reason when
    /// the decision is the first one refused because
    /// [`MAX_PENDING_DECISIONS`] already wait (later refusals return
    /// `None`: one report per function).
    pub(crate) fn decision(
        &mut self,
        region: Region,
        bitmap_index: u32,
        num_conditions: u16,
    ) -> Option<String> {
        if self.pending.len() >= MAX_PENDING_DECISIONS {
            if self.refused {
                return None;
            }
            self.refused = true;
            return Some(format!(
                "more than {MAX_PENDING_DECISIONS} decisions wait for their conditions; \
                 this one and later ones are left out"
            ));
        }
        self.pending.push(Pending {
            decision: region,
            bitmap_index,
            num_conditions,
            branches: Vec::new(),
            seen: BTreeSet::new(),
            expanded: BTreeSet::new(),
        });
        None
    }

    /// Records an expansion under the first decision that dominates it.
    pub(crate) fn expansion(&mut self, region: &Region, expanded: u32) {
        if let Some(p) = self.pending.iter_mut().find(|p| p.dominates(region)) {
            p.expanded.insert(expanded);
        }
    }

    /// How many decisions wait for conditions.
    #[cfg(test)]
    fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Adds the MC/DC branch at `index` to the first decision that takes
    /// it; returns that decision once it has all its conditions.
    pub(crate) fn branch(
        &mut self,
        index: usize,
        region: &Region,
        ids: McdcConditionIds,
    ) -> Option<Complete> {
        let id = ids.id;
        let at = self
            .pending
            .iter()
            .position(|p| id < p.num_conditions && !p.seen.contains(&id) && p.dominates(region))?;
        let p = self.pending.get_mut(at)?;
        p.seen.insert(id);
        if id == 0 {
            p.branches.insert(0, index);
        } else {
            p.branches.push(index);
        }
        if p.branches.len() < usize::from(p.num_conditions) {
            return None;
        }
        let p = self.pending.remove(at);
        Some(Complete {
            decision: p.decision,
            bitmap_index: p.bitmap_index,
            branches: p.branches,
        })
    }
}

/// A function's MC/DC bitmap, as llvm-cov reads it: bit `i` is bit `i % 8`
/// of byte `i / 8`; bits past the end are clear.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bitmap<'b> {
    pub(crate) bytes: &'b [u8],
    /// Indexed profiles before version 12 (LLVM 18) index by byte.
    pub(crate) byte_indexed: bool,
}

impl Bitmap<'_> {
    fn bit(&self, index: u64) -> bool {
        let Ok(byte) = usize::try_from(index / 8) else {
            return false;
        };
        self.bytes
            .get(byte)
            .is_some_and(|b| (b >> (index % 8)) & 1 == 1)
    }
}

/// The test-vector layout of a decision diagram (`TVIdxBuilder`).
struct Layout {
    /// Per condition id, the index increment of its false and true edge.
    increments: Vec<[u64; 2]>,
    /// The number of test vectors.
    count: u64,
}

/// Computes the layout of `next` (per condition id, the id after a false
/// and after a true value); `None` when the diagram is not a DAG rooted at
/// id 0 that reaches every node, or is too large.
fn layout(next: &[[Option<u16>; 2]]) -> Option<Layout> {
    let n = next.len();
    let mut incoming = vec![0u32; n];
    for edges in next {
        for &e in edges.iter().flatten() {
            let slot = incoming.get_mut(usize::from(e))?;
            *slot += 1;
        }
    }
    if incoming.first() != Some(&0) {
        return None;
    }
    let mut width = vec![0u64; n];
    *width.first_mut()? = 1;
    let mut increments = vec![[0u64; 2]; n];
    let mut leaves: Vec<(u64, usize, usize, usize)> = Vec::new();
    let mut queue = VecDeque::from([0usize]);
    let mut visited = 0usize;
    while let Some(id) = queue.pop_front() {
        visited += 1;
        let w = *width.get(id)?;
        for side in 0..2 {
            match next.get(id)?.get(side).copied().flatten() {
                None => {
                    let order = leaves.len();
                    leaves.push((w, order, id, side));
                }
                Some(to) => {
                    let to = usize::from(to);
                    let target = width.get_mut(to)?;
                    *increments.get_mut(id)?.get_mut(side)? = *target;
                    *target = target.checked_add(w).filter(|&t| t <= MAX_TEST_VECTORS)?;
                    let left = incoming.get_mut(to)?;
                    *left -= 1;
                    if *left == 0 {
                        queue.push_back(to);
                    }
                }
            }
        }
    }
    if visited != n {
        return None;
    }
    // Widest first, then in the order met.
    leaves.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut count = 0u64;
    for (w, _, id, side) in leaves {
        *increments.get_mut(id)?.get_mut(side)? = count;
        count = count.checked_add(w).filter(|&c| c <= MAX_TEST_VECTORS)?;
    }
    Some(Layout { increments, count })
}

/// A test vector under construction, by condition id: one bit per
/// condition for its value and one for whether it was evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bits {
    values: Vec<u64>,
    visited: Vec<u64>,
}

impl Bits {
    fn new(n: usize) -> Self {
        let words = n.div_ceil(64);
        Bits {
            values: vec![0; words],
            visited: vec![0; words],
        }
    }

    fn set(&mut self, id: usize, state: CondState) {
        let (word, bit) = (id / 64, 1u64 << (id % 64));
        if let (Some(v), Some(seen)) = (self.values.get_mut(word), self.visited.get_mut(word)) {
            *seen = if state.is_some() {
                *seen | bit
            } else {
                *seen & !bit
            };
            *v = if state == Some(true) {
                *v | bit
            } else {
                *v & !bit
            };
        }
    }

    fn get(&self, id: usize) -> CondState {
        let (word, bit) = (id / 64, 1u64 << (id % 64));
        let seen = self.visited.get(word).is_some_and(|w| w & bit != 0);
        seen.then(|| self.values.get(word).is_some_and(|w| w & bit != 0))
    }

    /// The conditions both evaluated with opposite values: `Some(id)` when
    /// there is exactly one.
    fn single_difference(&self, other: &Bits) -> Option<usize> {
        let mut found = None;
        for (i, (((a, b), sa), sb)) in self
            .values
            .iter()
            .zip(&other.values)
            .zip(&self.visited)
            .zip(&other.visited)
            .enumerate()
        {
            let diff = (a ^ b) & sa & sb;
            match diff.count_ones() {
                0 => {}
                1 if found.is_none() => {
                    found = Some(i * 64 + diff.trailing_zeros() as usize);
                }
                _ => return None,
            }
        }
        found
    }
}

/// Evaluates a complete decision (`MCDCRecordProcessor`). `regions` are
/// the function's regions; `branches` index into them.
pub(crate) fn evaluate(
    complete: &Complete,
    regions: &[Region],
    bitmap: Bitmap<'_>,
    skipped: impl FnOnce(String) -> Diagnostic,
) -> Result<McdcRecord, Diagnostic> {
    let decision = &complete.decision;
    let n = complete.branches.len();
    let mut next = vec![[None, None]; n];
    let mut position_of = vec![0usize; n];
    let mut conditions = Vec::with_capacity(n);
    for (position, &index) in complete.branches.iter().enumerate() {
        let Some(Region {
            counter,
            kind:
                RegionKind::McdcBranch {
                    false_counter,
                    conditions: ids,
                },
            start,
            ..
        }) = regions.get(index)
        else {
            return Err(skipped("a condition is not an MC/DC branch".into()));
        };
        let id = usize::from(ids.id);
        let (Some(slot), Some(pos)) = (next.get_mut(id), position_of.get_mut(id)) else {
            return Err(skipped(format!("condition id {id} out of range")));
        };
        *slot = [ids.false_next, ids.true_next];
        *pos = position;
        conditions.push(Condition {
            start: *start,
            folded: counter.is_zero() || false_counter.is_zero(),
            pair: None,
        });
    }
    let Some(layout) = layout(&next) else {
        return Err(skipped(format!(
            "the conditions do not form a decision diagram of at most {MAX_TEST_VECTORS} test vectors"
        )));
    };
    let cells = layout.count.saturating_mul(n as u64);
    if cells > MAX_TEST_VECTOR_CELLS {
        return Err(skipped(format!(
            "{} test vectors of {n} conditions exceed {MAX_TEST_VECTOR_CELLS} cells",
            layout.count
        )));
    }

    // Depth-first walk over every path, false before true.
    let mut executed: [Vec<(u64, Bits)>; 2] = [Vec::new(), Vec::new()];
    let mut tv = Bits::new(n);
    // (condition id, test-vector index so far, next side to try)
    let mut stack: Vec<(usize, u64, usize)> = vec![(0, 0, 0)];
    while let Some(frame) = stack.last_mut() {
        let (id, index, side) = *frame;
        if side == 2 {
            tv.set(id, None);
            stack.pop();
            continue;
        }
        frame.2 += 1;
        tv.set(id, Some(side == 1));
        let increment = layout
            .increments
            .get(id)
            .and_then(|i| i.get(side))
            .copied()
            .unwrap_or(0);
        let next_index = index + increment;
        match next.get(id).and_then(|e| e.get(side)).copied().flatten() {
            Some(to) => stack.push((usize::from(to), next_index, 0)),
            None => {
                let bit = if bitmap.byte_indexed {
                    u64::from(complete.bitmap_index) * 8 + tv.values.first().copied().unwrap_or(0)
                } else {
                    (u64::from(complete.bitmap_index) + next_index).wrapping_sub(layout.count)
                };
                if bitmap.bit(bit)
                    && let Some(list) = executed.get_mut(side)
                {
                    list.push((next_index, tv.clone()));
                }
            }
        }
    }

    // Each outcome's vectors in test-vector index order (LLVM 22).
    let [mut falses, mut trues] = executed;
    falses.sort_by_key(|(index, _)| *index);
    trues.sort_by_key(|(index, _)| *index);
    let falses: Vec<Bits> = falses.into_iter().map(|(_, b)| b).collect();
    let trues: Vec<Bits> = trues.into_iter().map(|(_, b)| b).collect();

    // Independence pairs: the first found for each condition id.
    let mut pairs: Vec<Option<(u32, u32)>> = vec![None; n];
    let base = falses.len();
    for (i, a) in trues.iter().enumerate() {
        for (j, b) in falses.iter().enumerate() {
            if let Some(id) = a.single_difference(b)
                && let Some(slot) = pairs.get_mut(id)
                && slot.is_none()
            {
                let row = |k: usize| u32::try_from(k + 1).unwrap_or(u32::MAX);
                *slot = Some((row(j), row(base + i)));
            }
        }
    }
    for (id, pair) in pairs.into_iter().enumerate() {
        if let Some(c) = position_of.get(id).and_then(|&p| conditions.get_mut(p)) {
            c.pair = pair;
        }
    }
    let test_vectors = falses
        .iter()
        .map(|b| (b, false))
        .chain(trues.iter().map(|b| (b, true)))
        .map(|(bits, result)| TestVector {
            conditions: complete
                .branches
                .iter()
                .filter_map(|&index| match regions.get(index)?.kind {
                    RegionKind::McdcBranch { conditions, .. } => {
                        Some(bits.get(usize::from(conditions.id)))
                    }
                    _ => None,
                })
                .collect(),
            result,
        })
        .collect();
    Ok(McdcRecord {
        file: decision.file.0,
        start: decision.start,
        end: decision.end,
        conditions,
        test_vectors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(next: &[(i32, i32)]) -> Vec<[Option<u16>; 2]> {
        let id = |v: i32| u16::try_from(v).ok();
        next.iter().map(|&(f, t)| [id(f), id(t)]).collect()
    }

    #[test]
    fn and_chain_layout() {
        // a && b && c: false edges decide, true edges go on.
        let l = layout(&ids(&[(-1, 1), (-1, 2), (-1, -1)])).unwrap();
        assert_eq!(l.count, 4);
        // Every leaf has width 1: numbered in visit order.
        assert_eq!(l.increments, [[0, 0], [1, 0], [2, 3]]);
    }

    #[test]
    fn widths_sort_the_leaves() {
        // (a || b) && c: a false -> b, a true -> c, b false -> end,
        // b true -> c. c is reached by two paths: its leaves come first.
        let l = layout(&ids(&[(1, 2), (-1, 2), (-1, -1)])).unwrap();
        assert_eq!(l.count, 5);
        assert_eq!(l.increments[2], [0, 2]);
        assert_eq!(l.increments[1][0], 4);
    }

    #[test]
    fn malformed_diagrams_are_refused() {
        // A cycle, an edge back to the root, an id out of range.
        assert!(layout(&ids(&[(1, -1), (2, -1), (1, -1)])).is_none());
        assert!(layout(&ids(&[(1, -1), (0, -1)])).is_none());
        assert!(layout(&ids(&[(5, -1)])).is_none());
        // A node nothing reaches.
        assert!(layout(&ids(&[(-1, -1), (-1, -1)])).is_none());
    }

    #[test]
    fn exponential_diagrams_are_refused() {
        // Each node reached from both sides of the one before: 2^k paths.
        let mut next: Vec<(i32, i32)> = (1..40).map(|i| (i, i)).collect();
        next.push((-1, -1));
        assert!(layout(&ids(&next)).is_none());
    }

    #[test]
    fn pending_decisions_are_capped() {
        use covkit_covmap::counter::Counter;
        use covkit_covmap::ids::FileId;
        let at = |line| Region {
            counter: Counter::Zero,
            kind: RegionKind::Code,
            file: FileId(0),
            start: Position::new(line, 1),
            end: Position::new(line, 9),
        };
        let mut r = Recorder::default();
        // Decisions of no conditions never complete: each stays pending.
        let mut refusals = Vec::new();
        for line in 1..=MAX_PENDING_DECISIONS as u32 + 100 {
            if let Some(reason) = r.decision(at(line), 0, 0) {
                refusals.push((line, reason));
            }
            // Every branch scans the pending decisions: never more than
            // the limit, whatever the input holds.
            assert!(r.pending() <= MAX_PENDING_DECISIONS);
            let ids = McdcConditionIds {
                id: 0,
                true_next: None,
                false_next: None,
            };
            assert!(r.branch(0, &at(line), ids).is_none());
        }
        assert_eq!(r.pending(), MAX_PENDING_DECISIONS);
        assert_eq!(refusals.len(), 1, "one report per function");
        assert_eq!(refusals[0].0, MAX_PENDING_DECISIONS as u32 + 1);
        assert!(refusals[0].1.starts_with("more than 256 decisions wait"));
    }

    #[test]
    fn single_difference_ignores_unevaluated_conditions() {
        let mut a = Bits::new(70);
        let mut b = Bits::new(70);
        a.set(0, Some(true));
        b.set(0, Some(false));
        a.set(69, Some(true));
        assert_eq!(a.single_difference(&b), Some(0));
        b.set(69, Some(false));
        assert_eq!(a.single_difference(&b), None);
        assert_eq!(a.get(69), Some(true));
        assert_eq!(a.get(5), None);
    }
}
