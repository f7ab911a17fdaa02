//! Counters and expressions of a function's coverage mapping
//! (`coverage::Counter`, `CounterExpression`), all covmap versions.
//!
//! A counter is one ULEB128: the low 2 bits are a tag (0 zero, 1 profile
//! counter, 2 subtract expression, 3 add expression), the rest is the
//! counter or expression index. An expression is stored as two counters;
//! whether it adds or subtracts is decided by the tag of the counter that
//! refers to it, so [`Counter::Sub`] and [`Counter::Add`] name both the
//! expression and the operation.

/// A counter reference as stored in the mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Counter {
    /// The constant zero (tag 0).
    Zero,
    /// Profile counter `id` (tag 1).
    Counter(u32),
    /// Expression `id`, evaluated as LHS − RHS (tag 2).
    Sub(u32),
    /// Expression `id`, evaluated as LHS + RHS (tag 3).
    Add(u32),
}

impl Counter {
    /// The encoded value (before ULEB128): `tag | id << 2`.
    ///
    /// ```
    /// use covkit_testkit::covmap::Counter;
    ///
    /// assert_eq!(Counter::Zero.encode(), 0);
    /// assert_eq!(Counter::Counter(3).encode(), 13);
    /// assert_eq!(Counter::Sub(1).encode(), 6);
    /// assert_eq!(Counter::Add(1).encode(), 7);
    /// ```
    #[must_use]
    pub const fn encode(self) -> u64 {
        match self {
            Counter::Zero => 0,
            Counter::Counter(id) => 1 | (id as u64) << 2,
            Counter::Sub(id) => 2 | (id as u64) << 2,
            Counter::Add(id) => 3 | (id as u64) << 2,
        }
    }
}

/// An expression: two counters, combined by the tag of the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Expression {
    /// Left operand.
    pub lhs: Counter,
    /// Right operand.
    pub rhs: Counter,
}

impl Expression {
    /// An expression of `lhs` and `rhs`.
    #[must_use]
    pub const fn new(lhs: Counter, rhs: Counter) -> Expression {
        Expression { lhs, rhs }
    }
}
