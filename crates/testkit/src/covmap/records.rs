//! The filenames blob, covmap blocks (`CovMapHeader` + filenames) and
//! covfun records (`CovMapFunctionRecordV3`), covmap Version4 to Version7
//! (LLVM 11 to 23).
//!
//! Filenames blob (Version4+): ULEB128 count, ULEB128 uncompressed length,
//! ULEB128 compressed length (0: raw), then the strings (ULEB128 length and
//! bytes each), zlib-compressed when the compressed length is not zero.
//!
//! Covmap block: four u32 in target byte order (`NRecords` 0,
//! `FilenamesSize`, `CoverageSize` 0, `Version` 0-based), the filenames
//! blob, zero padding to 8.
//!
//! Covfun record: `NameRef` u64, `DataSize` u32, `FuncHash` u64,
//! `FilenamesRef` u64 (packed, 28 bytes, target byte order), the mapping
//! bytes, zero padding to 8. `FilenamesRef` is the MD5 low 64 of the encoded
//! filenames blob, compressed bytes and all.

use crate::bytes::{ByteWriter, Endian, padding_to, write_uleb128};
use crate::covmap::mapping::FunctionMapping;
use crate::hash::md5_low64;
use crate::names::Compression;
use crate::zlib;

/// A translation unit's filename table.
///
/// ```
/// use covkit_testkit::covmap::Filenames;
///
/// let f = Filenames::new(&["/build", "main.c"]);
/// assert_eq!(f.encode(), b"\x02\x0e\x00\x06/build\x06main.c");
/// assert_eq!(f.filenames_ref(), covkit_testkit::md5_low64(&f.encode()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filenames {
    names: Vec<String>,
    compression: Compression,
}

impl Filenames {
    /// A table of `names`, stored raw. From covmap Version6 (LLVM 13) entry 0
    /// is the compilation directory.
    #[must_use]
    pub fn new<S: AsRef<str>>(names: &[S]) -> Filenames {
        Filenames {
            names: names.iter().map(|n| n.as_ref().to_owned()).collect(),
            compression: Compression::None,
        }
    }

    /// The same table, stored with `compression`.
    #[must_use]
    pub fn compression(mut self, compression: Compression) -> Filenames {
        self.compression = compression;
        self
    }

    /// The names.
    #[must_use]
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The encoded blob (`CoverageFilenamesSectionWriter::write`).
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut strings = Vec::new();
        for n in &self.names {
            write_uleb128(&mut strings, n.len() as u64);
            strings.extend_from_slice(n.as_bytes());
        }
        match self.compression {
            Compression::None => {
                encode_filenames_raw(self.names.len() as u64, strings.len() as u64, 0, &strings)
            }
            Compression::Zlib => {
                let z = zlib::compress(&strings);
                encode_filenames_raw(
                    self.names.len() as u64,
                    strings.len() as u64,
                    z.len() as u64,
                    &z,
                )
            }
        }
    }

    /// `FilenamesRef`: the MD5 low 64 of [`Filenames::encode`].
    #[must_use]
    pub fn filenames_ref(&self) -> u64 {
        md5_low64(&self.encode())
    }
}

/// A filenames blob from its three header values and a payload written
/// verbatim: for malformed inputs (a zlib bomb behind a small uncompressed
/// length, a count that does not match).
#[must_use]
pub fn encode_filenames_raw(
    count: u64,
    uncompressed_len: u64,
    compressed_len: u64,
    payload: &[u8],
) -> Vec<u8> {
    let mut out = Vec::new();
    write_uleb128(&mut out, count);
    write_uleb128(&mut out, uncompressed_len);
    write_uleb128(&mut out, compressed_len);
    out.extend_from_slice(payload);
    out
}

/// One per-translation-unit block of the covmap section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CovmapBlock {
    /// `NRecords` (0 from Version4).
    pub n_records: u32,
    /// `CoverageSize` (must be 0 from Version4).
    pub coverage_size: u32,
    /// `Version`, 0-based (6 is `Version7`, LLVM 18+).
    pub version: u32,
    /// The encoded filenames blob; `FilenamesSize` is its length.
    pub filenames: Vec<u8>,
}

impl CovmapBlock {
    /// A block of stored `version` holding `filenames`.
    #[must_use]
    pub fn new(version: u32, filenames: &Filenames) -> CovmapBlock {
        CovmapBlock::from_encoded(version, filenames.encode())
    }

    /// A block holding an already encoded (possibly malformed) blob.
    #[must_use]
    pub fn from_encoded(version: u32, filenames: Vec<u8>) -> CovmapBlock {
        CovmapBlock {
            n_records: 0,
            coverage_size: 0,
            version,
            filenames,
        }
    }

    /// The block in `endian`, padded to 8 bytes.
    #[must_use]
    pub fn encode(&self, endian: Endian) -> Vec<u8> {
        let mut w = ByteWriter::new(endian);
        w.u32(self.n_records)
            .u32(u32::try_from(self.filenames.len()).expect("filenames below 4 GiB"))
            .u32(self.coverage_size)
            .u32(self.version)
            .bytes(&self.filenames)
            .align(8);
        w.into_bytes()
    }
}

/// One function record of the covfun section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CovfunRecord {
    /// MD5 low 64 of the PGO name.
    pub name_ref: u64,
    /// The structural hash (0 for clang's and rustc's unused functions).
    pub func_hash: u64,
    /// MD5 low 64 of the encoded filenames blob of the function's unit.
    pub filenames_ref: u64,
    /// The mapping bytes.
    pub mapping: Vec<u8>,
    /// `DataSize` to write instead of the mapping's length (malformed).
    pub data_size: Option<u32>,
}

impl CovfunRecord {
    /// A record for function `name` in the unit whose filenames are
    /// `filenames`.
    #[must_use]
    pub fn new(
        name: &str,
        func_hash: u64,
        filenames: &Filenames,
        mapping: &FunctionMapping,
    ) -> CovfunRecord {
        CovfunRecord {
            name_ref: md5_low64(name.as_bytes()),
            func_hash,
            filenames_ref: filenames.filenames_ref(),
            mapping: mapping.encode(),
            data_size: None,
        }
    }

    /// The record in `endian`, padded to 8 bytes.
    #[must_use]
    pub fn encode(&self, endian: Endian) -> Vec<u8> {
        let size = self
            .data_size
            .unwrap_or_else(|| u32::try_from(self.mapping.len()).expect("mapping below 4 GiB"));
        let mut w = ByteWriter::new(endian);
        w.u64(self.name_ref)
            .u32(size)
            .u64(self.func_hash)
            .u64(self.filenames_ref)
            .bytes(&self.mapping);
        let pad = padding_to(w.len(), 8);
        w.zeros(pad);
        w.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::covmap::{Counter, Region};

    #[test]
    fn compressed_filenames() {
        let f = Filenames::new(&["/build", "main.c"]).compression(Compression::Zlib);
        let bytes = f.encode();
        assert_eq!(&bytes[..2], [2, 14]);
        assert_eq!(usize::from(bytes[2]), bytes.len() - 3);
        assert_ne!(
            f.filenames_ref(),
            Filenames::new(&["/build", "main.c"]).filenames_ref()
        );
    }

    #[test]
    fn covmap_block_header_in_both_orders() {
        let f = Filenames::new(&["/b", "m.c"]);
        for endian in Endian::ALL {
            let bytes = CovmapBlock::new(6, &f).encode(endian);
            assert_eq!(bytes.len() % 8, 0);
            let words: Vec<u32> = bytes[..16]
                .chunks(4)
                .map(|c| {
                    let b: [u8; 4] = c.try_into().expect("4 bytes");
                    match endian {
                        Endian::Little => u32::from_le_bytes(b),
                        Endian::Big => u32::from_be_bytes(b),
                    }
                })
                .collect();
            assert_eq!(words, [0, 10, 0, 6]);
            assert_eq!(&bytes[16..26], f.encode().as_slice());
        }
    }

    #[test]
    fn covfun_record_layout() {
        let f = Filenames::new(&["/b", "m.c"]);
        let m =
            FunctionMapping::new(&[1]).region(Region::code(Counter::Counter(0), (1, 1), (2, 2)));
        let r = CovfunRecord::new("main", 7, &f, &m);
        let le = r.encode(Endian::Little);
        assert_eq!(le.len(), (28 + m.encode().len()).next_multiple_of(8));
        assert_eq!(&le[..8], md5_low64(b"main").to_le_bytes());
        assert_eq!(&le[8..12], (m.encode().len() as u32).to_le_bytes());
        assert_eq!(&le[12..20], 7u64.to_le_bytes());
        assert_eq!(&le[20..28], f.filenames_ref().to_le_bytes());
        let be = r.encode(Endian::Big);
        assert_eq!(&be[..8], md5_low64(b"main").to_be_bytes());
        let mut big = r.clone();
        big.data_size = Some(0xffff);
        assert_eq!(&big.encode(Endian::Big)[8..12], [0, 0, 0xff, 0xff]);
    }
}
