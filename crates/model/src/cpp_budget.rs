//! A bound on the work `cpp_demangle` may do on one Itanium name, computed
//! before parsing it (see [`crate::demangle`]).
//!
//! `cpp_demangle` 0.5 parses by backtracking without memoisation. Types
//! parse in linear time, but an *expression* that fails deep inside is
//! parsed again by each alternative of every expression around it, so a
//! name of `k` nested expressions that do not close costs about `2^k`
//! times its length (`_Z1fA` + `na` × 20 + `_iE`, nested `new[]`: 0.1 s;
//! 30 levels: minutes). Every level of expression nesting needs one
//! *marker* in the mangled text: a two-letter operator code (`na`, `cl`,
//! `dt`, ...), or one of the bytes that open an expression or a literal
//! (`X`, `L`, `A`, `D`, `Q`, `J`, `u`).
//!
//! [`cpp_work`] counts the markers outside identifiers (a `<source-name>`,
//! a length and that many bytes, is skipped where the grammar puts a name;
//! where a number is a count rather than a name's length, its bytes are
//! scanned, so an identifier can never hide structure the parser would
//! read) and returns `len << markers`, an upper bound on the backtracking
//! work in units of "bytes parsed". Names whose bound passes
//! [`MAX_CPP_WORK`](crate::demangle::MAX_CPP_WORK) stay mangled.
//!
//! Markers overcount (an operator code may be a parameter list such as
//! `cl`, char and long): a few real names are refused. Of 101,690 C++
//! symbols of LLVM 22, clang 22 and libstdc++, 57 are (0.06%); 98% hold
//! fewer than 4 markers.

/// The two-letter operator codes of the Itanium ABI (`<operator-name>`
/// and the expression forms that start with two lowercase letters).
const OPERATORS: &[&[u8; 2]] = &[
    b"aa", b"ad", b"an", b"aN", b"aS", b"at", b"aw", b"az", b"cc", b"cl", b"cm", b"co", b"cp",
    b"cv", b"da", b"dc", b"de", b"dl", b"dn", b"ds", b"dt", b"dv", b"dV", b"dx", b"dX", b"dy",
    b"eo", b"eO", b"eq", b"fl", b"fr", b"fL", b"fR", b"ge", b"gs", b"gt", b"il", b"ix", b"le",
    b"li", b"ls", b"lS", b"lt", b"mi", b"mI", b"ml", b"mL", b"mm", b"na", b"ne", b"ng", b"nt",
    b"nw", b"nx", b"oo", b"or", b"oR", b"pl", b"pL", b"pm", b"pp", b"ps", b"pt", b"qu", b"rc",
    b"rm", b"rM", b"rs", b"rS", b"sc", b"sp", b"sr", b"st", b"sz", b"sZ", b"sP", b"te", b"ti",
    b"tl", b"tr", b"tw",
];

/// Single bytes that open an expression, a literal or an argument pack.
const OPENERS: &[u8] = b"XLADQJu";

/// The builtin type codes (`<builtin-type>`, one lowercase letter).
const BUILTINS: &[u8] = b"abcdefghijlmnostvwxyz";

/// What the previous token was, to tell a name's length from a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// The start of the encoding, after `_Z`.
    Start,
    /// A `<source-name>`.
    Name,
    /// A substitution or template parameter (`S_`, `St`, `T0_`).
    Substitution,
    /// A two-letter operator code.
    Operator,
    /// A number that is not a name's length.
    Number,
    /// Any other byte.
    Byte(u8),
}

/// `len << markers` for `symbol` (an Itanium name with its `_Z`), the
/// bound on `cpp_demangle`'s backtracking work described in the module
/// documentation; saturates at `u64::MAX`.
pub(crate) fn cpp_work(symbol: &str) -> u64 {
    let markers = u32::try_from(markers(symbol.as_bytes())).unwrap_or(u32::MAX);
    let len = u64::try_from(symbol.len()).unwrap_or(u64::MAX);
    if markers >= len.leading_zeros() {
        u64::MAX
    } else {
        len << markers
    }
}

/// Counts the expression markers of `b` outside identifiers.
fn markers(b: &[u8]) -> usize {
    let at = |i: usize| b.get(i).copied();
    let mut i = if b.starts_with(b"__Z") {
        3
    } else if b.starts_with(b"_Z") {
        2
    } else {
        0
    };
    let mut count = 0usize;
    let mut prev = Prev::Start;
    // The byte before the previous one, for two-byte contexts (`Dv`, `Ut`).
    let mut before = 0u8;
    // Inside `L <type> <value> E`: the next number is the value.
    let mut literal = false;
    while let Some(c) = at(i) {
        if c.is_ascii_digit() {
            let mut n = 0usize;
            while let Some(d) = at(i).filter(u8::is_ascii_digit) {
                n = n.saturating_mul(10).saturating_add(usize::from(d - b'0'));
                i += 1;
            }
            if is_name_length(prev, before, literal, at(i)) {
                i = i.saturating_add(n);
                prev = Prev::Name;
            } else {
                prev = Prev::Number;
                literal = false;
            }
            before = 0;
            continue;
        }
        if c == b'S' || c == b'T' {
            // `S<seq-id>_`, `St`-style abbreviations, `T<n>_`: the
            // sequence bytes are counted, never skipped.
            i += 1;
            if c == b'S' && at(i).is_some_and(|x| x.is_ascii_lowercase()) {
                i += 1;
            } else {
                while let Some(x) = at(i).filter(|x| x.is_ascii_digit() || x.is_ascii_uppercase()) {
                    count += usize::from(OPENERS.contains(&x));
                    i += 1;
                }
                if at(i) == Some(b'_') {
                    i += 1;
                }
            }
            prev = Prev::Substitution;
            before = c;
            continue;
        }
        if c.is_ascii_lowercase()
            && let Some(pair) = b.get(i..i + 2)
            && OPERATORS.iter().any(|op| op.as_slice() == pair)
        {
            count += 1;
            i += 2;
            prev = Prev::Operator;
            before = c;
            continue;
        }
        count += usize::from(OPENERS.contains(&c));
        match c {
            b'L' => literal = true,
            b'E' => literal = false,
            b'_' if prev == Prev::Byte(b'L') => literal = false,
            _ => {}
        }
        before = match prev {
            Prev::Byte(p) => p,
            _ => 0,
        };
        prev = Prev::Byte(c);
        i += 1;
    }
    count
}

/// Whether a number after `prev` (itself after `before`) is the length of
/// a `<source-name>`; `next` is the byte after the number. Where the
/// grammar reads a count (a sequence id, an array size, a discriminator,
/// a literal's value, a function parameter's index), or the context is not
/// known, the answer is no: the bytes are then scanned, which can only
/// overcount.
fn is_name_length(prev: Prev, before: u8, literal: bool, next: Option<u8>) -> bool {
    match prev {
        Prev::Start | Prev::Substitution | Prev::Operator => true,
        // A literal whose type is a name (`L6MyEnum1E`): its value.
        Prev::Name => !literal,
        Prev::Number => false,
        Prev::Byte(p) => match p {
            // A closure's discriminator (`UlvE0_`).
            b'E' => next != Some(b'_'),
            // Array size, constructor and destructor kinds, discriminators.
            b'A' | b'C' | b'D' | b'_' => false,
            // `DF16_`, `DB8_`, `DU8_`: sizes.
            b'F' | b'B' | b'U' => before != b'D',
            // `Ed0_` default argument, `Ut0_` unnamed type, `Dv4_` vector.
            b'd' => before != b'E' && !literal,
            b't' => before != b'U' && !literal,
            b'v' => before != b'D' && !literal,
            // `u <source-name>` vendor type, `r` restrict.
            b'u' | b'r' => true,
            p if BUILTINS.contains(&p) => !literal,
            p => p.is_ascii_uppercase(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_hold_no_markers() {
        // `operator+` is the only marker; `Money` is an identifier.
        assert_eq!(markers(b"_ZNK5MoneyplERKS_"), 1);
        assert_eq!(markers(b"_ZN4llvm15SmallVectorImplIcE6appendEPKcS3_"), 0);
        assert_eq!(markers(b"_ZN3XAL3DQJEv"), 0);
        // A template argument literal: `L` and nothing of its value.
        assert_eq!(markers(b"_ZN4RingI5MoneyLi2EE4pushES0_"), 1);
    }

    #[test]
    fn counts_are_not_names() {
        // `A99_` is an array size: what follows is scanned.
        assert_eq!(markers(b"_Z1fA9_nananananana_iE"), 7);
        // A literal's value after a named type cannot hide what follows.
        assert_eq!(markers(b"_Z1fIL6MyEnum30EXnanananaEE"), 6);
        // Nor can a substitution's sequence id.
        assert_eq!(markers(b"_Z1fS9XXXX_"), 4);
    }

    #[test]
    fn work_saturates() {
        let name = format!("_Z1f{}", "na".repeat(100));
        assert_eq!(cpp_work(&name), u64::MAX);
        assert_eq!(cpp_work("_Z1fv"), 5);
    }
}
