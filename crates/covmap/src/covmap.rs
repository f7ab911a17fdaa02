//! The `__llvm_covmap` section: one block per translation unit
//! (`CovMapHeader` and `VersionedCovMapFuncRecordReader::readCoverageHeader`
//! in LLVM), covmap versions 4 to 7 (LLVM 11 to 22).
//!
//! A block is four u32 in the target's byte order (`NRecords`,
//! `FilenamesSize`, `CoverageSize`, `Version`), the filenames blob, and zero
//! padding to 8. From version 4 function records live in `__llvm_covfun`
//! and point at their block through `FilenamesRef`, the MD5-based hash of
//! the block's encoded filenames blob.

use covkit_wire::{Endian, Reader};

use crate::error::{Error, ErrorKind, Result};
use crate::filenames::decode_filenames;
use crate::format;
use crate::ids::FilenamesRef;

/// One translation unit's block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CovmapBlock {
    /// Absolute offset of the block header.
    pub offset: u64,
    /// The stored (0-based) version.
    pub version: u32,
    /// The hash function records use to refer to this block.
    pub filenames_ref: FilenamesRef,
    /// The filenames, joined to the compilation directory from version 6.
    pub filenames: Vec<String>,
}

/// Decodes every block of a covmap section whose bytes `data` start at
/// absolute `offset`, in the byte order `endian`.
///
/// # Errors
///
/// A truncated header or filenames blob, a version before 4 or after 7, a
/// non-zero `CoverageSize`, or a filenames blob that does not decode.
pub fn parse_covmap(
    data: &[u8],
    offset: u64,
    endian: Endian,
    compilation_dir: Option<&str>,
) -> Result<Vec<CovmapBlock>> {
    let mut r = Reader::with_offset(data, endian, offset);
    let mut blocks = Vec::new();
    let mut first_version = None;
    while !r.is_empty() {
        let block_at = r.offset();
        // `NRecords` counts inline records, which version 4 and later no
        // longer write; llvm-cov ignores it for them, and so do we.
        let _n_records = r.read_u32()?;
        let filenames_size = r.read_u32()?;
        let coverage_size = r.read_u32()?;
        let version_at = r.offset();
        let stored = r.read_u32()?;
        // Like llvm-cov, the first block's version holds for all.
        let version = *first_version.get_or_insert(stored);
        if !(format::COVMAP_VERSION_4..=format::COVMAP_VERSION_7).contains(&version) {
            return Err(Error::new(
                ErrorKind::UnsupportedVersion(version.saturating_add(1)),
                version_at,
            ));
        }
        let blob_at = r.offset();
        let blob = r.read_bytes(usize::try_from(filenames_size).unwrap_or(usize::MAX))?;
        let filenames = decode_filenames(blob, blob_at, version, compilation_dir)?;
        if coverage_size != 0 {
            return Err(Error::malformed(
                "coverage mapping size is not zero",
                block_at.saturating_add(8),
            ));
        }
        blocks.push(CovmapBlock {
            offset: block_at,
            version,
            filenames_ref: FilenamesRef(covkit_profile::names::name_hash(blob)),
            filenames,
        });
        // Blocks are 8-aligned; padding may run off the end of the section.
        let pad = r.padding_to(8)?.min(r.remaining());
        r.skip(pad)?;
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(endian: Endian, version: u32, blob: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for v in [0, u32::try_from(blob.len()).unwrap(), 0, version] {
            out.extend_from_slice(&match endian {
                Endian::Little => v.to_le_bytes(),
                Endian::Big => v.to_be_bytes(),
            });
        }
        out.extend_from_slice(blob);
        while out.len() % 8 != 0 {
            out.push(0);
        }
        out
    }

    #[test]
    fn blocks_in_both_byte_orders() {
        let blob: &[u8] = b"\x02\x09\x00\x04/src\x03a.c";
        for endian in [Endian::Little, Endian::Big] {
            let mut data = block(endian, 6, blob);
            data.extend(block(endian, 6, blob));
            let blocks = parse_covmap(&data, 0x100, endian, None).unwrap();
            assert_eq!(blocks.len(), 2);
            assert_eq!(blocks[0].filenames, ["/src", "/src/a.c"]);
            assert_eq!(blocks[1].offset, 0x100 + 32);
            assert_eq!(
                blocks[0].filenames_ref,
                FilenamesRef(covkit_profile::names::name_hash(blob))
            );
        }
    }

    #[test]
    fn unsupported_version_names_it() {
        let data = block(Endian::Little, 7, b"\x01\x02\x00\x01a");
        let err = parse_covmap(&data, 0, Endian::Little, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unsupported coverage mapping version 8 (covkit reads versions 4 to 7, written by LLVM 11 to 22) (at offset 0xc)"
        );
    }
}
