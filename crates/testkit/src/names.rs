//! The names section: `__llvm_prf_names` in binaries, the names of a raw
//! profile, and (same encoding) vtable names, raw v10+ and indexed v12+.
//!
//! LLVM 11 to 23 write it the same way (`collectGlobalObjectNameStrings`):
//! a sequence of chunks, each a ULEB128 uncompressed length, a ULEB128
//! compressed length (0: stored raw), then the payload; the payload is the
//! names joined by the byte `0x01`, zlib-compressed when the second length
//! is not zero. Readers skip zero bytes between chunks (several translation
//! units' chunks are concatenated by the linker).

use crate::bytes::write_uleb128;
use crate::zlib;

/// The byte between two names in a chunk (`getInstrProfNameSeparator`).
pub const NAME_SEPARATOR: u8 = 0x01;

/// How a chunk's payload is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Compression {
    /// Stored as is; the compressed length is written as 0 (LLVM without
    /// zlib, Windows builds, `-enable-name-compression=false`).
    #[default]
    None,
    /// zlib-compressed, as LLVM built with zlib writes by default.
    Zlib,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Chunk {
    Names {
        names: Vec<String>,
        compression: Compression,
    },
    Raw {
        uncompressed_len: u64,
        compressed_len: u64,
        payload: Vec<u8>,
    },
    Zeros(usize),
}

/// A names section being built, chunk by chunk.
///
/// ```
/// use covkit_testkit::names::{Compression, NamesSection};
///
/// let bytes = NamesSection::new()
///     .chunk(&["main", "foo"], Compression::None)
///     .build();
/// assert_eq!(bytes, b"\x08\x00main\x01foo");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamesSection {
    chunks: Vec<Chunk>,
}

impl NamesSection {
    /// An empty section (zero bytes).
    #[must_use]
    pub fn new() -> NamesSection {
        NamesSection::default()
    }

    /// Appends a well-formed chunk holding `names`.
    ///
    /// # Panics
    ///
    /// If a name contains the separator byte `0x01`.
    #[must_use]
    pub fn chunk<S: AsRef<str>>(mut self, names: &[S], compression: Compression) -> NamesSection {
        let names: Vec<String> = names.iter().map(|n| n.as_ref().to_owned()).collect();
        assert!(
            names
                .iter()
                .all(|n| !n.as_bytes().contains(&NAME_SEPARATOR)),
            "a PGO name cannot contain the separator byte 0x01"
        );
        self.chunks.push(Chunk::Names { names, compression });
        self
    }

    /// Appends a chunk with the given header values and payload, written
    /// verbatim: for malformed inputs such as a declared length that does not
    /// match the payload, or a zlib bomb ([`crate::zlib::bomb`]).
    #[must_use]
    pub fn raw_chunk(
        mut self,
        uncompressed_len: u64,
        compressed_len: u64,
        payload: &[u8],
    ) -> NamesSection {
        self.chunks.push(Chunk::Raw {
            uncompressed_len,
            compressed_len,
            payload: payload.to_vec(),
        });
        self
    }

    /// Appends `count` zero bytes, which readers skip between chunks.
    #[must_use]
    pub fn zeros(mut self, count: usize) -> NamesSection {
        self.chunks.push(Chunk::Zeros(count));
        self
    }

    /// Every name in the well-formed chunks, in order.
    #[must_use]
    pub fn names(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for chunk in &self.chunks {
            if let Chunk::Names { names, .. } = chunk {
                out.extend(names.iter().map(String::as_str));
            }
        }
        out
    }

    /// The encoded section.
    #[must_use]
    pub fn build(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in &self.chunks {
            match chunk {
                Chunk::Names { names, compression } => {
                    let joined = names.join("\u{1}");
                    write_uleb128(&mut out, joined.len() as u64);
                    match compression {
                        Compression::None => {
                            write_uleb128(&mut out, 0);
                            out.extend_from_slice(joined.as_bytes());
                        }
                        Compression::Zlib => {
                            let z = zlib::compress(joined.as_bytes());
                            write_uleb128(&mut out, z.len() as u64);
                            out.extend_from_slice(&z);
                        }
                    }
                }
                Chunk::Raw {
                    uncompressed_len,
                    compressed_len,
                    payload,
                } => {
                    write_uleb128(&mut out, *uncompressed_len);
                    write_uleb128(&mut out, *compressed_len);
                    out.extend_from_slice(payload);
                }
                Chunk::Zeros(count) => out.resize(out.len() + count, 0),
            }
        }
        out
    }
}

/// `names` encoded as a names section of one chunk.
///
/// ```
/// use covkit_testkit::names::{encode_names, Compression};
///
/// assert_eq!(encode_names(&["a", "b"], Compression::None), b"\x03\x00a\x01b");
/// ```
#[must_use]
pub fn encode_names<S: AsRef<str>>(names: &[S], compression: Compression) -> Vec<u8> {
    NamesSection::new().chunk(names, compression).build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::ZlibDecoder;
    use std::io::Read as _;

    #[test]
    fn raw_chunk_layout() {
        let bytes = encode_names(&["main", "foo.c:helper"], Compression::None);
        let mut expect = vec![17, 0];
        expect.extend_from_slice(b"main\x01foo.c:helper");
        assert_eq!(bytes, expect);
    }

    #[test]
    fn zlib_chunk_inflates_to_the_joined_names() {
        let bytes = encode_names(&["add", "main", "t.c:helper"], Compression::Zlib);
        assert_eq!(bytes[0], 19, "uncompressed length");
        let compressed_len = usize::from(bytes[1]);
        assert_eq!(bytes.len(), 2 + compressed_len);
        let mut out = Vec::new();
        ZlibDecoder::new(&bytes[2..])
            .read_to_end(&mut out)
            .expect("valid zlib");
        assert_eq!(out, b"add\x01main\x01t.c:helper");
    }

    #[test]
    fn several_chunks_with_padding() {
        let section = NamesSection::new()
            .chunk(&["a"], Compression::None)
            .zeros(3)
            .chunk(&["b", "c"], Compression::Zlib)
            .raw_chunk(5, 0, b"xy");
        assert_eq!(section.names(), ["a", "b", "c"]);
        let bytes = section.build();
        assert_eq!(&bytes[..6], [1, 0, b'a', 0, 0, 0]);
        assert_eq!(&bytes[bytes.len() - 4..], [5, 0, b'x', b'y']);
    }

    #[test]
    #[should_panic(expected = "separator")]
    fn separator_in_name_is_refused() {
        let _ = NamesSection::new().chunk(&["a\u{1}b"], Compression::None);
    }
}
