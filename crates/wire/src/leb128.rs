//! ULEB128, the variable-length unsigned integers of LLVM's coverage mapping
//! (`__llvm_covmap` / `__llvm_covfun` region lists, filename tables) and of
//! the indexed profile's value-profile data.
//!
//! LLVM's `decodeULEB128` accepts any number of zero-padding bytes; this
//! decoder rejects values longer than the ten bytes a `u64` needs, which no
//! LLVM or rustc writer produces, so a hostile run of `0x80` bytes fails at
//! once. A `u32` is decoded as a `u64` and then range-checked, as LLVM does,
//! so padded encodings of small values up to ten bytes are accepted.
//! The [`Reader`](crate::Reader) methods `read_uleb128_u64` and
//! `read_uleb128_u32` wrap [`decode_u64`].

/// Why a ULEB128 value could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UlebError {
    /// The input ended after `seen` bytes, all with the continuation bit set.
    Eof {
        /// How many bytes were available (all of them consumed by the value).
        seen: usize,
    },
    /// The tenth byte has bits beyond bit 63.
    Overflow,
    /// The tenth byte has the continuation bit set.
    TooLong,
}

/// The most bytes a ULEB128-encoded `u64` takes.
pub(crate) const MAX_ULEB128_LEN: usize = 10;

/// Decodes one ULEB128 value from the start of `bytes`, returning it and the
/// number of bytes it took.
#[inline]
pub(crate) fn decode_u64(bytes: &[u8]) -> Result<(u64, usize), UlebError> {
    // Fast path: most values in region lists are below 128.
    if let Some(&first) = bytes.first()
        && first < 0x80
    {
        return Ok((u64::from(first), 1));
    }
    let mut value = 0u64;
    let mut shift = 0u32;
    for (index, &byte) in bytes.iter().take(MAX_ULEB128_LEN).enumerate() {
        let payload = u64::from(byte & 0x7f);
        if index == MAX_ULEB128_LEN - 1 {
            // Bit 63 is the only one the tenth byte may carry.
            if payload > 1 {
                return Err(UlebError::Overflow);
            }
            if byte & 0x80 != 0 {
                return Err(UlebError::TooLong);
            }
        }
        value |= payload << shift;
        if byte & 0x80 == 0 {
            return Ok((value, index + 1));
        }
        shift += 7;
    }
    Err(UlebError::Eof { seen: bytes.len() })
}

/// The obviously-correct encoder the decoder is checked against.
#[cfg(test)]
pub(crate) fn encode(mut value: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use crate::{Endian, ErrorKind, Reader};

    use super::*;

    #[test]
    fn decode_table() {
        type Case = (&'static [u8], Result<(u64, usize), UlebError>);
        let cases: &[Case] = &[
            (&[0x00], Ok((0, 1))),
            (&[0x7f], Ok((127, 1))),
            (&[0x80, 0x01], Ok((128, 2))),
            (&[0xe5, 0x8e, 0x26], Ok((624_485, 3))),
            // Padded zero, as LLVM's writers emit when asked for a fixed width.
            (&[0x80, 0x80, 0x00], Ok((0, 3))),
            // Trailing bytes after the value are not consumed.
            (&[0x05, 0xff], Ok((5, 1))),
            // u64::MAX: nine 0xff then 0x01.
            (
                &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
                Ok((u64::MAX, 10)),
            ),
            // Bit 63 alone.
            (
                &[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
                Ok((1 << 63, 10)),
            ),
            // Ten bytes with bit 64 set.
            (
                &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02],
                Err(UlebError::Overflow),
            ),
            (
                &[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f],
                Err(UlebError::Overflow),
            ),
            // Eleven bytes, even of padding.
            (
                &[
                    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00,
                ],
                Err(UlebError::TooLong),
            ),
            // Tenth byte continues; rejected before looking for an eleventh.
            (
                &[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81],
                Err(UlebError::TooLong),
            ),
            (&[], Err(UlebError::Eof { seen: 0 })),
            (&[0x80], Err(UlebError::Eof { seen: 1 })),
            (&[0xff, 0xff, 0xff], Err(UlebError::Eof { seen: 3 })),
        ];
        for (bytes, expected) in cases {
            assert_eq!(decode_u64(bytes), *expected, "decoding {bytes:02x?}");
        }
    }

    #[test]
    fn reader_u64_and_u32() {
        enum Want {
            Value(u64),
            Kind(ErrorKind),
        }
        let eof = |needed, available| ErrorKind::UnexpectedEof {
            what: "uleb128",
            needed,
            available,
        };
        // (bytes, read_uleb128_u64 result, read_uleb128_u32 result)
        let cases: Vec<(Vec<u8>, Want, Want)> = vec![
            (vec![0x2a], Want::Value(42), Want::Value(42)),
            (
                encode(u64::from(u32::MAX)),
                Want::Value(u64::from(u32::MAX)),
                Want::Value(u64::from(u32::MAX)),
            ),
            (
                encode(u64::from(u32::MAX) + 1),
                Want::Value(u64::from(u32::MAX) + 1),
                Want::Kind(ErrorKind::UlebOverflow { bits: 32 }),
            ),
            (
                encode(u64::MAX),
                Want::Value(u64::MAX),
                Want::Kind(ErrorKind::UlebOverflow { bits: 32 }),
            ),
            // A padded small value is a valid u32, as in LLVM.
            (
                vec![0x81, 0x80, 0x80, 0x80, 0x80, 0x00],
                Want::Value(1),
                Want::Value(1),
            ),
            (
                vec![0xff; 9].into_iter().chain([0x02]).collect(),
                Want::Kind(ErrorKind::UlebOverflow { bits: 64 }),
                Want::Kind(ErrorKind::UlebOverflow { bits: 64 }),
            ),
            (
                vec![0x80; 11],
                Want::Kind(ErrorKind::UlebTooLong),
                Want::Kind(ErrorKind::UlebTooLong),
            ),
            (
                vec![0x80, 0x80],
                Want::Kind(eof(3, 2)),
                Want::Kind(eof(3, 2)),
            ),
            (vec![], Want::Kind(eof(1, 0)), Want::Kind(eof(1, 0))),
        ];
        for (bytes, want64, want32) in &cases {
            for endian in [Endian::Little, Endian::Big] {
                let base = 0x100;
                for (want, is64) in [(want64, true), (want32, false)] {
                    let mut r = Reader::with_offset(bytes, endian, base);
                    let got = if is64 {
                        r.read_uleb128_u64()
                    } else {
                        r.read_uleb128_u32().map(u64::from)
                    };
                    match want {
                        Want::Value(v) => {
                            assert_eq!(got, Ok(*v), "{bytes:02x?}");
                            assert_eq!(r.offset(), base + encode_len_of(bytes));
                        }
                        Want::Kind(kind) => {
                            let err = got.expect_err("decoding must fail");
                            assert_eq!(err.kind(), kind, "{bytes:02x?}");
                            // Errors point at the start of the value, which is not consumed.
                            assert_eq!(err.offset(), base);
                            assert_eq!(r.offset(), base);
                        }
                    }
                }
            }
        }
    }

    /// Length of the first ULEB128 value in `bytes` (which is valid).
    fn encode_len_of(bytes: &[u8]) -> u64 {
        let len = bytes
            .iter()
            .position(|b| b & 0x80 == 0)
            .expect("terminated")
            + 1;
        len as u64
    }

    #[test]
    fn sequence_of_values() {
        let values = [0, 1, 127, 128, 300, 1 << 35, u64::MAX];
        let bytes: Vec<u8> = values.iter().flat_map(|&v| encode(v)).collect();
        let mut r = Reader::new(&bytes, Endian::Little);
        for v in values {
            assert_eq!(r.read_uleb128_u64(), Ok(v));
        }
        assert_eq!(r.ensure_empty(), Ok(()));
    }

    #[test]
    fn error_message() {
        let bytes = [0u8; 4].into_iter().chain([0xff; 10]).collect::<Vec<_>>();
        let mut r = Reader::with_offset(&bytes, Endian::Little, 0x40);
        assert_eq!(r.read_u32(), Ok(0));
        assert_eq!(
            r.read_uleb128_u64().map_err(|e| e.to_string()),
            Err("uleb128 value does not fit in u64 (at offset 0x44)".to_owned())
        );
    }
}
