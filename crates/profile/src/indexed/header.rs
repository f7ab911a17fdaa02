//! The header of an indexed profile: LLVM's `IndexedInstrProf::Header`
//! (`InstrProf.h`, read by `Header::readFromBuffer` in `InstrProf.cpp`),
//! indexed versions 5 to 13 (LLVM 5 to 22).
//!
//! Every field is a little-endian u64. Versions 5 to 7 have five fields
//! (Magic, Version, Unused, HashType, HashOffset: 40 bytes); each later
//! version appends one offset: `MemProfOffset` (v8, 48 bytes),
//! `BinaryIdOffset` (v9, 56), `TemporalProfTracesOffset` (v10 and v11, 64),
//! `VTableNamesOffset` (v12 and v13, 72). The version word's high 32 bits
//! are the variant flags. `MemProfOffset` only means something when variant
//! bit 62 is set and `TemporalProfTracesOffset` only with bit 63; LLVM's
//! writer leaves them 0 otherwise.

use covkit_wire::Reader;

use crate::error::{Error, ErrorKind, Result};
use crate::format;
use crate::record::Variant;

/// The indexed versions covkit writes.
///
/// All three share the record layout (bitmap bytes included); they differ in
/// the header size and the vtable-names section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IndexedVersion {
    /// Version 11 (LLVM 18), 64-byte header and no vtable-names section; also
    /// what `llvm-profdata-22 merge --write-prev-version` writes.
    V11,
    /// Version 12 (LLVM 19 to 21), 72-byte header.
    V12,
    /// Version 13 (LLVM 22), the same layout as 12.
    #[default]
    V13,
}

impl IndexedVersion {
    /// The version number stored in the low 32 bits of the version word.
    #[must_use]
    pub fn number(self) -> u64 {
        match self {
            IndexedVersion::V11 => 11,
            IndexedVersion::V12 => 12,
            IndexedVersion::V13 => 13,
        }
    }

    /// The header size in bytes.
    #[must_use]
    pub fn header_size(self) -> usize {
        header_size(self.number())
    }
}

/// The header size in bytes of indexed `version` (LLVM's `Header::size`).
#[must_use]
pub fn header_size(version: u64) -> usize {
    match version {
        12.. => 72,
        10 | 11 => 64,
        9 => 56,
        8 => 48,
        _ => 40,
    }
}

/// A decoded indexed-profile header.
///
/// Offsets are absolute file offsets. An optional offset is `None` when the
/// version has no such field or the variant flag that makes it valid is
/// clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The version number, without variant flags (5 to 13).
    pub version: u64,
    /// The variant flags of the version word.
    pub variant: Variant,
    /// `HashType`: 0 (MD5) is the only kind LLVM defines.
    pub hash_type: u64,
    /// `HashOffset`: where the on-disk hash table's bucket array starts.
    pub hash_offset: u64,
    /// `MemProfOffset` (v8+, with variant bit 62).
    pub memprof_offset: Option<u64>,
    /// `BinaryIdOffset` (v9+).
    pub binary_id_offset: Option<u64>,
    /// `TemporalProfTracesOffset` (v10+, with variant bit 63).
    pub temporal_prof_traces_offset: Option<u64>,
    /// `VTableNamesOffset` (v12+).
    pub vtable_names_offset: Option<u64>,
}

impl Header {
    /// The header size in bytes.
    #[must_use]
    pub fn size(&self) -> usize {
        header_size(self.version)
    }

    /// Reads the header at the start of `r`, checking the magic, the version
    /// and the hash type.
    pub(crate) fn parse(r: &mut Reader<'_>) -> Result<Header> {
        let magic_at = r.offset();
        let magic = r.read_u64()?;
        if magic != format::INDEXED_INSTR_PROF_MAGIC {
            return Err(Error::new(ErrorKind::BadMagic { magic }, magic_at));
        }
        let version_at = r.offset();
        let word = r.read_u64()?;
        let version = word & !format::VARIANT_MASKS_ALL;
        check_version(version, version_at)?;
        let variant = Variant::from_version_word(word);
        let _unused = r.read_u64()?;
        let hash_type_at = r.offset();
        let hash_type = r.read_u64()?;
        if hash_type != 0 {
            return Err(Error::malformed(
                format!("unsupported hash type {hash_type} (only 0, md5, is defined)"),
                hash_type_at,
            ));
        }
        let hash_offset = r.read_u64()?;
        let mut optional = |present: bool| -> Result<Option<u64>> {
            Ok(if present { Some(r.read_u64()?) } else { None })
        };
        let memprof = optional(version >= 8)?;
        let binary_ids = optional(version >= 9)?;
        let temporal = optional(version >= 10)?;
        let vtable_names = optional(version >= 12)?;
        Ok(Header {
            version,
            variant,
            hash_type,
            hash_offset,
            memprof_offset: memprof.filter(|_| variant.has_memprof()),
            binary_id_offset: binary_ids,
            temporal_prof_traces_offset: temporal.filter(|_| variant.is_temporal()),
            vtable_names_offset: vtable_names,
        })
    }
}

/// Fails with [`ErrorKind::UnsupportedIndexedVersion`] unless covkit reads
/// indexed `version`.
pub(crate) fn check_version(version: u64, offset: u64) -> Result<()> {
    if format::INDEXED_VERSIONS.contains(&version) {
        return Ok(());
    }
    let hint = if version < *format::INDEXED_VERSIONS.start() {
        "; written by LLVM 10 or older"
    } else {
        "; written by an LLVM newer than 22"
    };
    Err(Error::new(
        ErrorKind::UnsupportedIndexedVersion { version, hint },
        offset,
    ))
}

#[cfg(test)]
mod tests {
    use covkit_wire::Endian;

    use super::*;

    fn header_bytes(words: &[u64]) -> Vec<u8> {
        words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    const MAGIC: u64 = format::INDEXED_INSTR_PROF_MAGIC;

    #[test]
    fn sizes_per_version() {
        let sizes: Vec<usize> = (5..=13).map(header_size).collect();
        assert_eq!(sizes, [40, 40, 40, 48, 56, 64, 64, 72, 72]);
        assert_eq!(IndexedVersion::V11.header_size(), 64);
        assert_eq!(IndexedVersion::default(), IndexedVersion::V13);
    }

    #[test]
    fn optional_offsets_follow_version_and_variant() {
        // v10 with the temporal bit but not the memprof bit.
        let word = 10 | format::VARIANT_MASK_TEMPORAL_PROF;
        let bytes = header_bytes(&[MAGIC, word, 0, 0, 0x100, 0x200, 0x300, 0x400]);
        let mut r = Reader::new(&bytes, Endian::Little);
        let h = Header::parse(&mut r).unwrap();
        assert_eq!(h.size(), 64);
        assert_eq!(r.offset(), 64);
        assert_eq!(h.memprof_offset, None);
        assert_eq!(h.binary_id_offset, Some(0x300));
        assert_eq!(h.temporal_prof_traces_offset, Some(0x400));
        assert_eq!(h.vtable_names_offset, None);
        assert!(h.variant.is_temporal());

        let bytes = header_bytes(&[MAGIC, 7, 0, 0, 0x100]);
        let mut r = Reader::new(&bytes, Endian::Little);
        let h = Header::parse(&mut r).unwrap();
        assert_eq!((h.version, h.size(), h.binary_id_offset), (7, 40, None));
    }

    #[test]
    fn errors_name_the_field() {
        let cases: &[(&[u64], &str)] = &[
            (
                &[0x1234],
                "not an llvm profile: unknown magic 0x0000000000001234 (at offset 0x0)",
            ),
            (
                &[MAGIC, 4],
                "unsupported indexed profile version 4 (covkit reads indexed versions 5 to 13; \
                 written by LLVM 10 or older) (at offset 0x8)",
            ),
            (
                &[MAGIC, 14 | (1 << 56)],
                "unsupported indexed profile version 14 (covkit reads indexed versions 5 to 13; \
                 written by an LLVM newer than 22) (at offset 0x8)",
            ),
            (
                &[MAGIC, 13, 0, 1, 0],
                "unsupported hash type 1 (only 0, md5, is defined) (at offset 0x18)",
            ),
            (
                &[MAGIC, 13, 0, 0, 0, 0],
                "unexpected end of data reading u64 (at offset 0x30)",
            ),
        ];
        for (words, message) in cases {
            let bytes = header_bytes(words);
            let err = Header::parse(&mut Reader::new(&bytes, Endian::Little)).unwrap_err();
            assert_eq!(err.to_string(), *message);
        }
    }
}
