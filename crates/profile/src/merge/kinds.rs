//! Which inputs may be merged together, by profile kind
//! (`InstrProfWriter::mergeProfileKind` in LLVM 22).
//!
//! LLVM refuses two combinations: a profile marked front-end with one that
//! is not (`cannot merge IR generated profile with Clang generated
//! profile`), and a function-entry-only profile with one that instruments
//! blocks (entry first or loop entries). Since LLVM 14 only text profiles
//! with a `:fe` header carry the front-end mark; raw and indexed front-end
//! profiles have no kind bits at all and merge with anything (checked with
//! llvm-profdata 14, 16, 19 and 22; LLVM 13 still refused front-end raw
//! with IR raw). LLVM lets the first input it reads set the kind, so which
//! input fails depends on the order; here inputs are grouped by kind and,
//! on a conflict, the side with more inputs wins (ties: front-end, and
//! blocks over entry-only). The losing inputs are reported and count as
//! failed inputs.

use std::collections::BTreeSet;

use super::diagnostic::{Diagnostic, Dropped, Incompatibility};
use super::records::RecordStore;
use crate::format;
use crate::record::Variant;

/// The kind of an input as the compatibility rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct KindKey {
    pub(crate) variant: u64,
    pub(crate) front_end: bool,
}

impl KindKey {
    fn is_front_end(self) -> bool {
        self.front_end
    }

    fn is_ir(self) -> bool {
        !self.front_end && self.variant & format::VARIANT_MASK_IR_PROF != 0
    }

    fn is_entry_only(self) -> bool {
        self.variant & format::VARIANT_MASK_FUNCTION_ENTRY_ONLY != 0
    }

    fn instruments_blocks(self) -> bool {
        self.variant & (format::VARIANT_MASK_INSTR_ENTRY | format::VARIANT_MASK_INSTR_LOOP_ENTRIES)
            != 0
    }
}

/// Everything merged from inputs of one kind.
#[derive(Debug, Clone)]
pub(crate) struct Class {
    pub(crate) key: KindKey,
    pub(crate) inputs: BTreeSet<u32>,
    pub(crate) records: RecordStore,
    pub(crate) binary_ids: BTreeSet<Vec<u8>>,
    pub(crate) dropped: BTreeSet<(u32, Dropped)>,
}

impl Class {
    pub(crate) fn new(key: KindKey) -> Self {
        Class {
            key,
            inputs: BTreeSet::new(),
            records: RecordStore::default(),
            binary_ids: BTreeSet::new(),
            dropped: BTreeSet::new(),
        }
    }

    pub(crate) fn absorb(&mut self, other: Class) {
        self.inputs.extend(other.inputs);
        self.records.absorb(other.records);
        self.binary_ids.extend(other.binary_ids);
        self.dropped.extend(other.dropped);
    }
}

/// Sums the inputs of the classes `side` picks.
fn inputs_where(
    classes: &[(Class, Option<Incompatibility>)],
    side: impl Fn(KindKey) -> bool,
) -> usize {
    classes
        .iter()
        .filter(|(c, rejected)| rejected.is_none() && side(c.key))
        .map(|(c, _)| c.inputs.len())
        .sum()
}

/// Rejects, among the classes not yet rejected, the smaller side of a
/// conflict between `a` and `b` (`a` wins ties).
fn settle(
    classes: &mut [(Class, Option<Incompatibility>)],
    a: impl Fn(KindKey) -> bool,
    b: impl Fn(KindKey) -> bool,
    reason: Incompatibility,
) {
    let count_a = inputs_where(classes, &a);
    let count_b = inputs_where(classes, &b);
    if count_a == 0 || count_b == 0 {
        return;
    }
    for (class, rejected) in classes.iter_mut() {
        let lose = if count_a >= count_b {
            b(class.key)
        } else {
            a(class.key)
        };
        if rejected.is_none() && lose {
            *rejected = Some(reason);
        }
    }
}

/// What the accepted classes add up to.
#[derive(Debug, Default)]
pub(crate) struct Settled {
    pub(crate) variant: Variant,
    pub(crate) records: RecordStore,
    pub(crate) binary_ids: BTreeSet<Vec<u8>>,
}

/// Settles kind conflicts between `classes` and merges the accepted ones;
/// reports rejected inputs and dropped data into `diagnostics`.
pub(crate) fn settle_classes(classes: Vec<Class>, diagnostics: &mut Vec<Diagnostic>) -> Settled {
    let mut classes: Vec<(Class, Option<Incompatibility>)> =
        classes.into_iter().map(|c| (c, None)).collect();
    settle(
        &mut classes,
        KindKey::is_front_end,
        KindKey::is_ir,
        Incompatibility::IrWithFrontEnd,
    );
    settle(
        &mut classes,
        KindKey::instruments_blocks,
        KindKey::is_entry_only,
        Incompatibility::EntryOnlyWithBlocks,
    );
    // Bits the indexed writer cannot honour without data the merge drops.
    let unsupported = format::VARIANT_MASK_TEMPORAL_PROF
        | format::VARIANT_MASK_MEMPROF
        | format::VARIANT_MASK_DBG_CORRELATE;
    let mut settled = Settled::default();
    for (class, rejected) in classes {
        if let Some(reason) = rejected {
            for &input in &class.inputs {
                diagnostics.push(Diagnostic::Incompatible {
                    input: usize::try_from(input).unwrap_or(usize::MAX),
                    reason,
                });
            }
            continue;
        }
        settled.variant.0 |= class.key.variant & !unsupported;
        for (input, what) in class.dropped {
            diagnostics.push(Diagnostic::Dropped {
                input: usize::try_from(input).unwrap_or(usize::MAX),
                what,
            });
        }
        settled.records.absorb(class.records);
        settled.binary_ids.extend(class.binary_ids);
    }
    settled
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn class(variant: u64, front_end: bool, inputs: &[u32]) -> Class {
        let mut c = Class::new(KindKey { variant, front_end });
        c.inputs.extend(inputs);
        c
    }

    #[test]
    fn unflagged_front_end_merges_with_ir() {
        let mut d = Vec::new();
        let s = settle_classes(
            vec![
                class(0, false, &[0]),
                class(format::VARIANT_MASK_IR_PROF, false, &[1]),
            ],
            &mut d,
        );
        assert!(d.is_empty());
        assert!(s.variant.is_ir());
    }

    #[test]
    fn explicit_front_end_against_ir_the_majority_wins() {
        let ir = format::VARIANT_MASK_IR_PROF;
        let mut d = Vec::new();
        let s = settle_classes(
            vec![
                class(ir, false, &[0, 2]),
                class(0, true, &[1]),
                class(0, false, &[3]),
            ],
            &mut d,
        );
        assert!(s.variant.is_ir());
        assert_eq!(
            d,
            [Diagnostic::Incompatible {
                input: 1,
                reason: Incompatibility::IrWithFrontEnd
            }]
        );
        // A tie goes to the front end.
        let mut d = Vec::new();
        let s = settle_classes(vec![class(ir, false, &[0]), class(0, true, &[1])], &mut d);
        assert!(!s.variant.is_ir());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].input(), 0);
    }

    #[test]
    fn entry_only_against_blocks() {
        let ir = format::VARIANT_MASK_IR_PROF;
        let eo = ir | format::VARIANT_MASK_FUNCTION_ENTRY_ONLY;
        let ef = ir | format::VARIANT_MASK_INSTR_ENTRY;
        let mut d = Vec::new();
        let s = settle_classes(
            vec![
                class(eo, false, &[0, 1]),
                class(ef, false, &[2]),
                class(ir, false, &[3]),
            ],
            &mut d,
        );
        assert!(s.variant.is_function_entry_only() && !s.variant.is_entry_first());
        assert_eq!(
            d,
            [Diagnostic::Incompatible {
                input: 2,
                reason: Incompatibility::EntryOnlyWithBlocks
            }]
        );
    }
}
