//! Property tests over the whole [`Reader`] surface: no sequence of
//! operations on arbitrary bytes panics, a failed operation leaves the reader
//! exactly where it was and reports the offset it started at, and ULEB128
//! decoding agrees with a naive reference decoder.

use proptest::prelude::*;

use crate::leb128::encode;
use crate::{Endian, PointerWidth, Reader};

/// One reader operation with its arguments.
#[derive(Debug, Clone)]
enum Op {
    U8,
    U16,
    U32,
    U64,
    I32,
    I64,
    Array3,
    Pointer(PointerWidth),
    Uleb64,
    Uleb32,
    Bytes(usize),
    Skip(usize),
    Align(usize),
    /// Push a sub-reader of this length; later operations apply to it.
    Sub(usize),
    /// Pop back to the parent reader (no-op at the root).
    Pop,
    EnsureEmpty,
    CheckCount(u64, usize),
    PeekU8,
    PeekBytes(usize),
    PeekU32,
    Zlib(usize, usize),
    ReadRemaining,
    SetEndian(Endian),
}

fn len() -> impl Strategy<Value = usize> {
    prop_oneof![8 => 0usize..40, 1 => any::<usize>(), 1 => Just(usize::MAX)]
}

fn op() -> impl Strategy<Value = Op> {
    let endian = prop_oneof![Just(Endian::Little), Just(Endian::Big)];
    let width = prop_oneof![Just(PointerWidth::U32), Just(PointerWidth::U64)];
    prop_oneof![
        Just(Op::U8),
        Just(Op::U16),
        Just(Op::U32),
        Just(Op::U64),
        Just(Op::I32),
        Just(Op::I64),
        Just(Op::Array3),
        width.prop_map(Op::Pointer),
        Just(Op::Uleb64),
        Just(Op::Uleb32),
        len().prop_map(Op::Bytes),
        len().prop_map(Op::Skip),
        prop_oneof![0usize..17, any::<usize>()].prop_map(Op::Align),
        len().prop_map(Op::Sub),
        Just(Op::Pop),
        Just(Op::EnsureEmpty),
        (prop_oneof![0u64..40, any::<u64>()], len()).prop_map(|(c, s)| Op::CheckCount(c, s)),
        Just(Op::PeekU8),
        len().prop_map(Op::PeekBytes),
        Just(Op::PeekU32),
        (len(), prop_oneof![0usize..100, any::<usize>()]).prop_map(|(c, d)| Op::Zlib(c, d)),
        Just(Op::ReadRemaining),
        endian.prop_map(Op::SetEndian),
    ]
}

/// The naive reference: collect bytes up to the terminator, evaluate in
/// `u128`, and accept only values of at most ten bytes that fit in `u64`.
fn naive_uleb(bytes: &[u8]) -> Option<(u64, usize)> {
    let end = bytes.iter().position(|b| b & 0x80 == 0)?;
    let encoding = bytes.get(..=end)?;
    if encoding.len() > 10 {
        return None;
    }
    let value = encoding
        .iter()
        .rev()
        .fold(0u128, |acc, b| (acc << 7) | u128::from(b & 0x7f));
    Some((u64::try_from(value).ok()?, encoding.len()))
}

/// Applies `op` to the top of `stack` and checks the cursor invariants.
fn apply(stack: &mut Vec<Reader<'_>>, op: &Op) {
    let Some(r) = stack.last_mut() else { return };
    let before = r.clone();
    // `Some(n)`: on success the reader must have advanced by exactly n bytes.
    let (result, advance): (crate::Result<()>, Option<usize>) = match *op {
        Op::U8 => (r.read_u8().map(drop), Some(1)),
        Op::U16 => (r.read_u16().map(drop), Some(2)),
        Op::U32 => (r.read_u32().map(drop), Some(4)),
        Op::U64 => (r.read_u64().map(drop), Some(8)),
        Op::I32 => (r.read_i32().map(drop), Some(4)),
        Op::I64 => (r.read_i64().map(drop), Some(8)),
        Op::Array3 => (r.read_array::<3>().map(drop), Some(3)),
        Op::Pointer(width) => (r.read_pointer(width).map(drop), Some(width.bytes())),
        Op::Uleb64 | Op::Uleb32 => {
            let naive = naive_uleb(before.remaining_bytes());
            let got = if matches!(op, Op::Uleb64) {
                r.read_uleb128_u64()
            } else {
                r.read_uleb128_u32().map(u64::from)
            };
            let expected = match naive {
                Some((v, _)) if matches!(op, Op::Uleb32) && u32::try_from(v).is_err() => None,
                other => other,
            };
            assert_eq!(got.as_ref().ok().copied(), expected.map(|(v, _)| v));
            (got.map(drop), expected.map(|(_, n)| n))
        }
        Op::Bytes(n) => {
            let got = r.read_bytes(n);
            if let Ok(bytes) = got {
                assert_eq!(bytes.len(), n);
                assert_eq!(Some(bytes), before.remaining_bytes().get(..n));
            }
            (got.map(drop), Some(n))
        }
        Op::Skip(n) => (r.skip(n), Some(n)),
        Op::Align(a) => {
            let padding = before.padding_to(a);
            let got = r.align_to(a);
            if let Ok(p) = padding {
                assert!(p < a);
                let aligned = before
                    .offset()
                    .saturating_add(p as u64)
                    .wrapping_sub(before.align_origin());
                if before.offset().checked_add(p as u64).is_some() {
                    assert_eq!(aligned % a as u64, 0);
                }
            }
            (got, padding.ok())
        }
        Op::Sub(n) => match r.sub_reader(n) {
            Ok(child) => {
                assert_eq!(child.offset(), before.offset());
                assert_eq!(child.remaining(), n);
                assert_eq!(child.endian(), before.endian());
                assert_eq!(child.align_origin(), before.align_origin());
                assert_eq!(r.offset(), before.offset().saturating_add(n as u64));
                stack.push(child);
                return;
            }
            Err(e) => (Err(e), None),
        },
        Op::Pop => {
            if stack.len() > 1 {
                stack.pop();
            }
            return;
        }
        Op::EnsureEmpty => (r.ensure_empty(), Some(0)),
        Op::CheckCount(count, size) => {
            let got = r.check_count(count, size, "element");
            if let Ok(n) = got {
                assert_eq!(n as u64, count);
                assert!(n.saturating_mul(size.max(1)) <= before.remaining());
            }
            (got.map(drop), Some(0))
        }
        Op::PeekU8 => (r.peek_u8().map(drop), Some(0)),
        Op::PeekBytes(n) => (r.peek_bytes(n).map(drop), Some(0)),
        Op::PeekU32 => (r.peek(Reader::read_u32).map(drop), Some(0)),
        Op::Zlib(compressed, declared) => {
            let got = r.read_zlib(compressed, declared);
            if let Ok(out) = &got {
                assert_eq!(out.len(), declared);
            }
            (got.map(drop), Some(compressed))
        }
        Op::ReadRemaining => {
            let rest = r.read_remaining_bytes();
            assert_eq!(rest, before.remaining_bytes());
            (Ok(()), Some(before.remaining()))
        }
        Op::SetEndian(endian) => {
            r.set_endian(endian);
            assert_eq!(r.endian(), endian);
            (Ok(()), Some(0))
        }
    };
    match result {
        Ok(()) => {
            if let Some(n) = advance {
                assert_eq!(
                    r.offset(),
                    before.offset().saturating_add(n as u64),
                    "{op:?}"
                );
                assert_eq!(
                    Some(r.remaining()),
                    before.remaining().checked_sub(n),
                    "{op:?}"
                );
            }
        }
        Err(e) => {
            assert_eq!(r.offset(), before.offset(), "{op:?} advanced on failure");
            assert_eq!(
                r.remaining_bytes().as_ptr(),
                before.remaining_bytes().as_ptr()
            );
            assert_eq!(
                r.remaining(),
                before.remaining(),
                "{op:?} advanced on failure"
            );
            assert_eq!(e.offset(), before.offset(), "{op:?}: {e}");
            let message = e.to_string();
            assert!(
                message.ends_with(&format!("(at offset {:#x})", before.offset())),
                "{message}"
            );
            assert!(!message.starts_with(char::is_uppercase), "{message}");
        }
    }
}

proptest! {
    #[test]
    fn no_operation_sequence_panics(
        data in proptest::collection::vec(any::<u8>(), 0..96),
        base in prop_oneof![Just(0u64), any::<u64>(), (u64::MAX - 64)..=u64::MAX],
        big_endian in any::<bool>(),
        ops in proptest::collection::vec(op(), 0..48),
    ) {
        let endian = if big_endian { Endian::Big } else { Endian::Little };
        let mut stack = vec![Reader::with_offset(&data, endian, base)];
        for op in &ops {
            apply(&mut stack, op);
        }
    }

    #[test]
    fn uleb128_roundtrips(value in any::<u64>(), tail in proptest::collection::vec(any::<u8>(), 0..4)) {
        let mut bytes = encode(value);
        let len = bytes.len();
        bytes.extend_from_slice(&tail);
        let mut r = Reader::new(&bytes, Endian::Little);
        prop_assert_eq!(r.read_uleb128_u64(), Ok(value));
        prop_assert_eq!(r.offset(), len as u64);
        let mut r = Reader::new(&bytes, Endian::Big);
        prop_assert_eq!(r.read_uleb128_u32().ok(), u32::try_from(value).ok());
    }

    #[test]
    fn uleb128_matches_naive_decoder(bytes in proptest::collection::vec(
        prop_oneof![any::<u8>(), 0x80u8..=0xff, Just(0x80u8), Just(0xffu8)], 0..14)
    ) {
        let mut r = Reader::new(&bytes, Endian::Little);
        let got = r.read_uleb128_u64();
        let naive = naive_uleb(&bytes);
        prop_assert_eq!(got.as_ref().ok().copied(), naive.map(|(v, _)| v));
        prop_assert_eq!(r.offset(), naive.map_or(0, |(_, n)| n as u64));
    }
}
