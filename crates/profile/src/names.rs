//! Function-name blobs: `__llvm_prf_names` in binaries, the names section of
//! raw profiles, and the vtable-names blobs (LLVM 19), which share one
//! encoding (`collectGlobalObjectNameStrings` / `readAndDecodeStrings` in
//! LLVM's `InstrProf.cpp`), unchanged from LLVM 11 to 22.
//!
//! A blob is a sequence of chunks. Each chunk is a ULEB128 uncompressed
//! length, a ULEB128 compressed length (0: stored raw) and the payload, zlib
//! compressed when that length is non-zero. Zero bytes between chunks are
//! padding. Inside a chunk, names are separated by `0x01`.

use std::borrow::Cow;

use covkit_wire::{Endian, Reader};
use md5::{Digest, Md5};

use crate::error::Result;

/// The separator between names inside a chunk (`INSTR_PROF_NAME_SEP`).
pub const NAME_SEPARATOR: u8 = 0x01;

/// The MD5-based hash LLVM keys function names by (`MD5Hash`,
/// `IndexedInstrProf::ComputeHash`): the first eight bytes of the digest,
/// read as a little-endian u64.
#[must_use]
pub fn name_hash(name: &[u8]) -> u64 {
    let digest: [u8; 16] = Md5::digest(name).into();
    let [a, b, c, d, e, f, g, h, ..] = digest;
    u64::from_le_bytes([a, b, c, d, e, f, g, h])
}

/// A decoded names blob: its chunks, inflated where they were compressed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names<'data> {
    chunks: Vec<Cow<'data, [u8]>>,
}

impl<'data> Names<'data> {
    /// Decodes the names blob `data`, which starts at absolute byte `offset`
    /// of its file.
    ///
    /// # Errors
    ///
    /// Truncated or overlong lengths, and a zlib payload that does not
    /// inflate to exactly its declared size.
    pub fn parse(data: &'data [u8], offset: u64) -> Result<Self> {
        let mut r = Reader::with_offset(data, Endian::Little, offset);
        let mut chunks = Vec::new();
        loop {
            // Padding between (and after) chunks is zeros.
            while r.peek_u8().is_ok_and(|b| b == 0) {
                r.skip(1)?;
            }
            if r.is_empty() {
                break;
            }
            let uncompressed = r.read_uleb128_u64()?;
            let compressed = r.read_uleb128_u64()?;
            if compressed == 0 {
                let len = r.check_count(uncompressed, 1, "name bytes")?;
                chunks.push(Cow::Borrowed(r.read_bytes(len)?));
            } else {
                let len = r.check_count(compressed, 1, "compressed name bytes")?;
                let declared = usize::try_from(uncompressed).unwrap_or(usize::MAX);
                chunks.push(Cow::Owned(r.read_zlib(len, declared)?));
            }
        }
        Ok(Names { chunks })
    }

    /// Every name, in the order stored.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.chunks
            .iter()
            .flat_map(|chunk| chunk.split(|&b| b == NAME_SEPARATOR))
            .filter(|name| !name.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_hash_is_md5_low_64_little_endian() {
        // MD5("main") = fad58de7366495db4650cfefac2fcd61
        assert_eq!(name_hash(b"main"), 0xdb956436e78dd5fa);
    }

    #[test]
    fn raw_and_padded_chunks() {
        let mut blob = vec![9, 0];
        blob.extend_from_slice(b"main\x01f\x01gg");
        blob.extend_from_slice(&[0, 0, 0]);
        blob.extend_from_slice(&[1, 0, b'h']);
        let names = Names::parse(&blob, 0).unwrap();
        let all: Vec<&[u8]> = names.iter().collect();
        assert_eq!(all, [&b"main"[..], b"f", b"gg", b"h"]);
    }

    #[test]
    fn truncated_chunk_reports_its_offset() {
        let blob = [10, 0, b'a'];
        let err = Names::parse(&blob, 0x100).unwrap_err();
        assert_eq!(
            err.to_string(),
            "name bytes count 10 too large: needs at least 1 bytes each, 1 bytes remain (at offset 0x102)"
        );
    }
}
