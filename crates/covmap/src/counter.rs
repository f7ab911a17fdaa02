//! Counters and expressions (`Counter`, `CounterExpression` in LLVM's
//! `CoverageMapping.h`), unchanged since covmap version 1.
//!
//! A counter is one ULEB128 value: the low two bits are a tag (zero,
//! profile counter, subtraction, addition), the rest an index. An expression
//! is a pair of counters; whether it adds or subtracts is decided by the tag
//! of the counter that refers to it.

use std::fmt;

use covkit_wire::Reader;

use crate::error::{Error, Result};
use crate::ids::{CounterId, ExpressionId};

/// Whether an expression adds or subtracts its operands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExprKind {
    /// `lhs - rhs`.
    Subtract,
    /// `lhs + rhs`.
    Add,
}

/// A reference to a count: constant zero, a profile counter, or an
/// expression over other counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Counter {
    /// Always zero.
    #[default]
    Zero,
    /// The profile counter with this index.
    Counter(CounterId),
    /// The value of an expression, added or subtracted per `kind`.
    Expression(ExprKind, ExpressionId),
}

const TAG_BITS: u32 = 2;
const TAG_MASK: u64 = 0b11;

impl Counter {
    /// Decodes a counter from its encoded value.
    ///
    /// Returns `None` if the index does not fit in 32 bits.
    #[must_use]
    pub fn from_encoded(value: u64) -> Option<Self> {
        let index = u32::try_from(value >> TAG_BITS).ok()?;
        Some(match value & TAG_MASK {
            0 => Counter::Zero,
            1 => Counter::Counter(CounterId(index)),
            2 => Counter::Expression(ExprKind::Subtract, ExpressionId(index)),
            _ => Counter::Expression(ExprKind::Add, ExpressionId(index)),
        })
    }

    /// Whether this is the constant zero counter.
    #[must_use]
    pub fn is_zero(self) -> bool {
        self == Counter::Zero
    }
}

impl fmt::Display for Counter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Counter::Zero => f.write_str("Zero"),
            Counter::Counter(id) => write!(f, "c{id}"),
            Counter::Expression(ExprKind::Subtract, id) => write!(f, "(e{id}:-)"),
            Counter::Expression(ExprKind::Add, id) => write!(f, "(e{id}:+)"),
        }
    }
}

/// Reads one counter, checking that it refers to an existing expression
/// when it is one.
///
/// # Errors
///
/// Bad ULEB128, an index that does not fit, or an expression index at or
/// beyond `num_expressions`.
pub(crate) fn read_counter(r: &mut Reader<'_>, num_expressions: usize) -> Result<Counter> {
    let at = r.offset();
    let value = r.read_uleb128_u64()?;
    let counter = Counter::from_encoded(value)
        .ok_or_else(|| Error::malformed("counter index overflows u32", at))?;
    if let Counter::Expression(_, ExpressionId(id)) = counter
        && usize::try_from(id).map_or(true, |id| id >= num_expressions)
    {
        return Err(Error::malformed(
            format!("counter refers to expression {id} of {num_expressions}"),
            at,
        ));
    }
    Ok(counter)
}

/// An expression: two counters, combined as the referring counter says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Expression {
    /// The left operand.
    pub lhs: Counter,
    /// The right operand.
    pub rhs: Counter,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_decode() {
        assert_eq!(Counter::from_encoded(0), Some(Counter::Zero));
        assert_eq!(
            Counter::from_encoded(5),
            Some(Counter::Counter(CounterId(1)))
        );
        assert_eq!(
            Counter::from_encoded(10),
            Some(Counter::Expression(ExprKind::Subtract, ExpressionId(2)))
        );
        assert_eq!(
            Counter::from_encoded(15),
            Some(Counter::Expression(ExprKind::Add, ExpressionId(3)))
        );
        assert_eq!(Counter::from_encoded(u64::MAX), None);
    }

    #[test]
    fn expression_index_is_checked() {
        let bytes = [0x0b]; // add, expression 2
        let mut r = Reader::new(&bytes, covkit_wire::Endian::Little);
        let err = read_counter(&mut r, 2).unwrap_err();
        assert_eq!(
            err.to_string(),
            "counter refers to expression 2 of 2 (at offset 0x0)"
        );
        let mut r = Reader::new(&bytes, covkit_wire::Endian::Little);
        assert!(read_counter(&mut r, 3).is_ok());
    }
}
