//! Binary IDs (raw v7+): the build IDs of the instrumented binary, right
//! after the header (`__llvm_write_binary_ids` writes them, LLVM's
//! `readBinaryIdsInternal` reads them).
//!
//! The section is `BinaryIdsSize` bytes of entries, each a `u64` length in
//! the profile's byte order and that many bytes. LLVM 14 (raw v8) and later
//! pad each ID with zeros to a multiple of 8 and reject a section size that
//! is not a multiple of 8; LLVM 13 (raw v7) wrote no padding, so its section
//! (and the data records after it) need not be aligned. An ID of length 0
//! is rejected, as LLVM does.

use covkit_wire::Reader;

use super::layout::padding_after;
use crate::error::{Error, Result};

/// One binary ID and the absolute offset of its length field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct BinaryId<'data> {
    pub(crate) offset: u64,
    pub(crate) bytes: &'data [u8],
}

/// Reads every binary ID of the section `r` covers; `padded` for raw v8+.
///
/// # Errors
///
/// A length of 0, an ID running past the section, or a length field cut
/// short, each at the offset of the entry's length.
pub(crate) fn parse<'data>(mut r: Reader<'data>, padded: bool) -> Result<Vec<BinaryId<'data>>> {
    let mut ids = Vec::new();
    while !r.is_empty() {
        let offset = r.offset();
        if r.remaining() < 8 {
            return Err(Error::malformed(
                format!(
                    "binary id section ends {} bytes into a length field",
                    r.remaining()
                ),
                offset,
            ));
        }
        let len = r.read_u64()?;
        if len == 0 {
            return Err(Error::malformed("binary id length is 0", offset));
        }
        let pad = if padded { padding_after(len) } else { 0 };
        let fits = len
            .checked_add(pad)
            .and_then(|total| usize::try_from(total).ok())
            .filter(|&total| total <= r.remaining());
        let Some(_) = fits else {
            return Err(Error::malformed(
                format!(
                    "binary id of {len} bytes runs past the end of the binary id section ({} bytes left)",
                    r.remaining()
                ),
                offset,
            ));
        };
        // Both fit, checked just above.
        let bytes = r.read_bytes(usize::try_from(len).unwrap_or(usize::MAX))?;
        r.skip(usize::try_from(pad).unwrap_or(usize::MAX))?;
        ids.push(BinaryId { offset, bytes });
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use covkit_wire::Endian;

    use super::*;

    fn entry(endian: Endian, id: &[u8], pad: bool) -> Vec<u8> {
        let mut out = match endian {
            Endian::Little => (id.len() as u64).to_le_bytes().to_vec(),
            Endian::Big => (id.len() as u64).to_be_bytes().to_vec(),
        };
        out.extend_from_slice(id);
        if pad {
            out.resize(out.len().next_multiple_of(8), 0);
        }
        out
    }

    #[test]
    fn padded_and_unpadded_ids() {
        for endian in [Endian::Little, Endian::Big] {
            for padded in [false, true] {
                let mut data = entry(endian, &[0xab; 20], padded);
                data.extend(entry(endian, &[1, 2, 3], padded));
                let ids = parse(Reader::with_offset(&data, endian, 0x58), padded).expect("valid");
                let bytes: Vec<&[u8]> = ids.iter().map(|id| id.bytes).collect();
                assert_eq!(bytes, [&[0xab; 20][..], &[1, 2, 3]]);
                let second = if padded { 0x58 + 32 } else { 0x58 + 28 };
                assert_eq!(ids.get(1).map(|id| id.offset), Some(second));
            }
        }
    }

    #[test]
    fn errors_name_the_entry() {
        let zero = entry(Endian::Little, &[], false);
        let err =
            parse(Reader::with_offset(&zero, Endian::Little, 0x58), true).expect_err("empty id");
        assert_eq!(err.to_string(), "binary id length is 0 (at offset 0x58)");

        let mut long = entry(Endian::Little, &[7; 20], true);
        long.truncate(28);
        let err =
            parse(Reader::with_offset(&long, Endian::Little, 0x58), true).expect_err("past end");
        assert_eq!(
            err.to_string(),
            "binary id of 20 bytes runs past the end of the binary id section (20 bytes left) (at offset 0x58)"
        );
        // Unpadded, the same 28 bytes hold the ID exactly.
        assert_eq!(
            parse(Reader::new(&long, Endian::Little), false).map(|v| v.len()),
            Ok(1)
        );

        let huge = u64::MAX.to_be_bytes();
        let err = parse(Reader::new(&huge, Endian::Big), true).expect_err("overflow");
        assert!(
            err.to_string()
                .starts_with("binary id of 18446744073709551615 bytes")
        );

        let stub = [1u8, 0, 0];
        let err = parse(Reader::with_offset(&stub, Endian::Little, 0x80), false).expect_err("stub");
        assert_eq!(
            err.to_string(),
            "binary id section ends 3 bytes into a length field (at offset 0x80)"
        );
    }
}
