//! Counter evaluation (`CounterMappingContext::evaluate` and
//! `getMaxCounterID` in LLVM's `CoverageMapping.cpp`).
//!
//! Expressions are evaluated in signed 64-bit arithmetic that wraps, as
//! LLVM's `int64_t` does in practice; callers store the result as `u64`, so
//! a negative count shows up as a huge one, exactly as llvm-cov prints it.
//! A counter index beyond the counts makes the evaluation fail, which makes
//! llvm-cov drop the function without a message.
//!
//! Each expression is evaluated once per function and memoised, with an
//! explicit stack so deep expression chains cannot overflow the call stack.
//! A cyclic expression (only possible in malformed input, where LLVM would
//! not terminate) fails like an out-of-range counter.

use covkit_covmap::counter::{Counter, ExprKind, Expression};
use covkit_covmap::mapping::FunctionMapping;
use covkit_covmap::region::RegionKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Unvisited,
    Visiting,
    Done(Option<i64>),
}

/// The counter values of one function: the profile's, or, for a function
/// the profile does not know, as many zeros as llvm-cov would allocate.
/// The zeros are never materialised, so a corrupt counter id cannot make
/// the join allocate gigabytes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CountValues<'a> {
    /// Counts read from the profile.
    Profile(&'a [u64]),
    /// This many zero counts.
    Zeros(u64),
}

impl CountValues<'_> {
    /// Counter `id`, if it is in range.
    pub(crate) fn get(self, id: u32) -> Option<u64> {
        match self {
            CountValues::Profile(counts) => counts.get(usize::try_from(id).ok()?).copied(),
            CountValues::Zeros(len) => (u64::from(id) < len).then_some(0),
        }
    }
}

/// Evaluates the counters of one function.
#[derive(Debug)]
pub(crate) struct Evaluator<'a> {
    expressions: &'a [Expression],
    kinds: Vec<ExprKind>,
    counts: CountValues<'a>,
    memo: Vec<State>,
}

enum Operand {
    Ready(Option<i64>),
    Pending(usize),
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(mapping: &'a FunctionMapping, counts: CountValues<'a>) -> Self {
        Evaluator {
            expressions: &mapping.expressions,
            kinds: expression_kinds(mapping),
            counts,
            memo: vec![State::Unvisited; mapping.expressions.len()],
        }
    }

    /// The value of `counter`, or `None` when a counter index is out of
    /// range (or the expression graph has a cycle).
    pub(crate) fn evaluate(&mut self, counter: Counter) -> Option<i64> {
        match counter {
            Counter::Zero => Some(0),
            Counter::Counter(id) => self.leaf(id.0),
            Counter::Expression(_, id) => self.expression(usize::try_from(id.0).ok()?),
        }
    }

    fn leaf(&self, id: u32) -> Option<i64> {
        let value = self.counts.get(id)?;
        // Counts are `uint64_t` in LLVM and read back as `int64_t`.
        Some(value.cast_signed())
    }

    fn operand(&self, counter: Counter) -> Operand {
        match counter {
            Counter::Zero => Operand::Ready(Some(0)),
            Counter::Counter(id) => Operand::Ready(self.leaf(id.0)),
            Counter::Expression(_, id) => {
                let Ok(index) = usize::try_from(id.0) else {
                    return Operand::Ready(None);
                };
                match self.memo.get(index) {
                    None => Operand::Ready(None),
                    Some(State::Done(v)) => Operand::Ready(*v),
                    Some(State::Unvisited | State::Visiting) => Operand::Pending(index),
                }
            }
        }
    }

    fn expression(&mut self, root: usize) -> Option<i64> {
        let mut stack = vec![root];
        while let Some(&top) = stack.last() {
            let (Some(state), Some(expr)) =
                (self.memo.get(top).copied(), self.expressions.get(top))
            else {
                // Out of range: only the root can be, and it fails.
                stack.pop();
                continue;
            };
            if let State::Done(_) = state {
                stack.pop();
                continue;
            }
            let kind = self.kind_of(top);
            let result = match (self.operand(expr.lhs), self.operand(expr.rhs)) {
                (Operand::Pending(next), _) | (_, Operand::Pending(next)) => {
                    if self.memo.get(next) == Some(&State::Visiting) || next == top {
                        // A cycle.
                        Some(None)
                    } else {
                        self.set(top, State::Visiting);
                        stack.push(next);
                        None
                    }
                }
                (Operand::Ready(l), Operand::Ready(r)) => Some(match (l, r) {
                    (Some(l), Some(r)) => Some(match kind {
                        ExprKind::Add => l.wrapping_add(r),
                        ExprKind::Subtract => l.wrapping_sub(r),
                    }),
                    _ => None,
                }),
            };
            if let Some(value) = result {
                self.set(top, State::Done(value));
                stack.pop();
            }
        }
        match self.memo.get(root) {
            Some(State::Done(v)) => *v,
            _ => None,
        }
    }

    fn set(&mut self, index: usize, state: State) {
        if let Some(slot) = self.memo.get_mut(index) {
            *slot = state;
        }
    }

    fn kind_of(&self, index: usize) -> ExprKind {
        self.kinds.get(index).copied().unwrap_or(ExprKind::Subtract)
    }
}

/// The kind of each expression as LLVM's reader leaves it: expressions
/// start as subtractions, and every counter that refers to an expression
/// sets its kind, in decoding order (the expressions' operands, then each
/// region's counter and false counter), so the last reference wins.
fn expression_kinds(mapping: &FunctionMapping) -> Vec<ExprKind> {
    let mut kinds = vec![ExprKind::Subtract; mapping.expressions.len()];
    let mut note = |c: Counter| {
        if let Counter::Expression(kind, id) = c
            && let Some(slot) = usize::try_from(id.0).ok().and_then(|i| kinds.get_mut(i))
        {
            *slot = kind;
        }
    };
    for e in &mapping.expressions {
        note(e.lhs);
        note(e.rhs);
    }
    for r in &mapping.regions {
        note(r.counter);
        match r.kind {
            RegionKind::Branch { false_counter } | RegionKind::McdcBranch { false_counter, .. } => {
                note(false_counter);
            }
            RegionKind::Code
            | RegionKind::Expansion { .. }
            | RegionKind::Skipped
            | RegionKind::Gap
            | RegionKind::McdcDecision { .. } => {}
        }
    }
    kinds
}

/// LLVM's `getMaxCounterID` for one counter: the largest counter index it
/// refers to, 0 for none; an out-of-range expression counts as 0.
pub(crate) fn max_counter_id(expressions: &[Expression], counter: Counter) -> u32 {
    let mut max = 0;
    let mut seen = vec![false; expressions.len()];
    let mut stack = vec![counter];
    while let Some(c) = stack.pop() {
        match c {
            Counter::Zero => {}
            Counter::Counter(id) => max = max.max(id.0),
            Counter::Expression(_, id) => {
                let Ok(i) = usize::try_from(id.0) else {
                    continue;
                };
                if let (Some(e), Some(s)) = (expressions.get(i), seen.get_mut(i))
                    && !*s
                {
                    *s = true;
                    stack.push(e.lhs);
                    stack.push(e.rhs);
                }
            }
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use covkit_covmap::ids::{CounterId, ExpressionId};

    use super::*;

    fn c(id: u32) -> Counter {
        Counter::Counter(CounterId(id))
    }
    fn add(id: u32) -> Counter {
        Counter::Expression(ExprKind::Add, ExpressionId(id))
    }
    fn sub(id: u32) -> Counter {
        Counter::Expression(ExprKind::Subtract, ExpressionId(id))
    }

    fn mapping(expressions: Vec<Expression>, references: &[Counter]) -> FunctionMapping {
        use covkit_covmap::ids::{FileId, Position};
        use covkit_covmap::region::Region;
        FunctionMapping {
            file_map: vec![0],
            expressions,
            regions: references
                .iter()
                .map(|&counter| Region {
                    counter,
                    kind: RegionKind::Code,
                    file: FileId(0),
                    start: Position::new(1, 1),
                    end: Position::new(1, 2),
                })
                .collect(),
        }
    }

    #[test]
    fn wraps_below_zero() {
        // e0 = c0 - c1 with c0 = 1, c1 = 3.
        let m = mapping(
            vec![Expression {
                lhs: c(0),
                rhs: c(1),
            }],
            &[sub(0)],
        );
        let mut ev = Evaluator::new(&m, CountValues::Profile(&[1, 3]));
        assert_eq!(ev.evaluate(sub(0)), Some(-2));
        assert_eq!(
            ev.evaluate(sub(0)).map(i64::cast_unsigned),
            Some(u64::MAX - 1)
        );
    }

    #[test]
    fn out_of_range_and_cycles_fail() {
        let m = mapping(
            vec![
                Expression {
                    lhs: c(0),
                    rhs: c(5),
                },
                Expression {
                    lhs: add(2),
                    rhs: c(0),
                },
                Expression {
                    lhs: add(1),
                    rhs: c(0),
                },
            ],
            &[add(0), add(1)],
        );
        let mut ev = Evaluator::new(&m, CountValues::Profile(&[1]));
        assert_eq!(ev.evaluate(add(0)), None);
        assert_eq!(ev.evaluate(add(1)), None);
        assert_eq!(ev.evaluate(c(0)), Some(1));
        assert_eq!(ev.evaluate(Counter::Zero), Some(0));
    }

    #[test]
    fn last_reference_sets_the_kind() {
        // e0 is referred to as an addition by e1 and as a subtraction by
        // the region: the region is decoded last and wins.
        let m = mapping(
            vec![
                Expression {
                    lhs: c(0),
                    rhs: c(1),
                },
                Expression {
                    lhs: add(0),
                    rhs: c(1),
                },
            ],
            &[sub(0)],
        );
        let mut ev = Evaluator::new(&m, CountValues::Profile(&[5, 2]));
        assert_eq!(ev.evaluate(add(0)), Some(3));
    }

    #[test]
    fn deep_chains_do_not_overflow() {
        let n = 100_000u32;
        let mut exprs = vec![Expression {
            lhs: c(0),
            rhs: c(0),
        }];
        for i in 1..n {
            exprs.push(Expression {
                lhs: add(i - 1),
                rhs: c(0),
            });
        }
        let m = mapping(exprs, &[add(n - 1)]);
        let mut ev = Evaluator::new(&m, CountValues::Profile(&[1]));
        assert_eq!(ev.evaluate(add(n - 1)), Some(i64::from(n) + 1));
        assert_eq!(max_counter_id(&m.expressions, add(n - 1)), 0);
        assert_eq!(max_counter_id(&m.expressions, add(0)), 0);
        assert_eq!(
            max_counter_id(
                &[Expression {
                    lhs: c(3),
                    rhs: c(9)
                }],
                sub(0)
            ),
            9
        );
    }

    /// The naive oracle: plain recursion, a cycle noticed when the
    /// recursion is deeper than there are expressions; kinds set by each
    /// reference in decoding order.
    fn naive(m: &FunctionMapping, counts: &[u64], counter: Counter, depth: usize) -> Option<i64> {
        match counter {
            Counter::Zero => Some(0),
            Counter::Counter(id) => counts.get(id.0 as usize).map(|&v| v as i64),
            Counter::Expression(_, id) => {
                if depth > m.expressions.len() {
                    return None;
                }
                let e = m.expressions.get(id.0 as usize)?;
                let l = naive(m, counts, e.lhs, depth + 1)?;
                let r = naive(m, counts, e.rhs, depth + 1)?;
                let mut kind = ExprKind::Subtract;
                let references = m
                    .expressions
                    .iter()
                    .flat_map(|e| [e.lhs, e.rhs])
                    .chain(m.regions.iter().map(|r| r.counter));
                for c in references {
                    if c == Counter::Expression(ExprKind::Add, id) {
                        kind = ExprKind::Add;
                    } else if c == Counter::Expression(ExprKind::Subtract, id) {
                        kind = ExprKind::Subtract;
                    }
                }
                Some(match kind {
                    ExprKind::Add => l.wrapping_add(r),
                    ExprKind::Subtract => l.wrapping_sub(r),
                })
            }
        }
    }

    /// The naive `getMaxCounterID`: every counter reachable, by recursion
    /// bounded like [`naive`].
    fn naive_max(m: &FunctionMapping, counter: Counter, depth: usize) -> u32 {
        match counter {
            Counter::Zero => 0,
            Counter::Counter(id) => id.0,
            Counter::Expression(_, id) => match m.expressions.get(id.0 as usize) {
                Some(e) if depth <= m.expressions.len() => {
                    naive_max(m, e.lhs, depth + 1).max(naive_max(m, e.rhs, depth + 1))
                }
                _ => 0,
            },
        }
    }

    fn any_counter() -> impl proptest::strategy::Strategy<Value = Counter> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Counter::Zero),
            (0u32..8).prop_map(c),
            (0u32..10).prop_map(add),
            (0u32..10).prop_map(sub),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2048))]

        #[test]
        fn evaluation_matches_a_naive_evaluator(
            operands in proptest::collection::vec((any_counter(), any_counter()), 0..8),
            references in proptest::collection::vec(any_counter(), 1..6),
            counts in proptest::collection::vec(
                proptest::prop_oneof![0u64..10, proptest::num::u64::ANY], 0..6),
        ) {
            let exprs = operands
                .into_iter()
                .map(|(lhs, rhs)| Expression { lhs, rhs })
                .collect();
            let m = mapping(exprs, &references);
            let mut ev = Evaluator::new(&m, CountValues::Profile(&counts));
            for &r in &references {
                proptest::prop_assert_eq!(ev.evaluate(r), naive(&m, &counts, r, 0), "{:?}", r);
                proptest::prop_assert_eq!(
                    max_counter_id(&m.expressions, r),
                    naive_max(&m, r, 0),
                    "{:?}",
                    r
                );
            }
            // Zeros for an unknown function: every in-range counter is 0.
            let zeros = vec![0u64; counts.len()];
            let mut ev = Evaluator::new(&m, CountValues::Zeros(counts.len() as u64));
            for &r in &references {
                proptest::prop_assert_eq!(ev.evaluate(r), naive(&m, &zeros, r, 0));
            }
        }
    }
}
