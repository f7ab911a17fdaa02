//! The `__llvm_covfun` section: one record per function, covmap versions 4
//! to 7 (`CovMapFunctionRecordV3` in LLVM's `CoverageMapping.h`).
//!
//! Each record starts 8-aligned and is packed: `NameRef` u64, `DataSize`
//! u32, `FuncHash` u64, `FilenamesRef` u64, all in the target's byte order,
//! then `DataSize` bytes of mapping (see [`crate::mapping`]) and zero padding
//! to 8.

use covkit_wire::{Endian, Reader};

use crate::error::{Error, Result};
use crate::ids::{FilenamesRef, FuncHash, NameHash};

/// One function record, borrowing its mapping bytes from the section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CovfunRecord<'data> {
    /// Absolute offset of the record.
    pub offset: u64,
    /// The MD5-based hash of the function's PGO name.
    pub name_hash: NameHash,
    /// The structural hash, matched against the profile's.
    pub func_hash: FuncHash,
    /// The block whose filenames the record's file map indexes.
    pub filenames_ref: FilenamesRef,
    /// The encoded mapping.
    pub mapping: &'data [u8],
    /// Absolute offset of the mapping bytes.
    pub mapping_offset: u64,
}

/// The fixed part of a record, in bytes.
const RECORD_HEADER_SIZE: usize = 28;

/// Iterates over the records of covfun section data `data`, which starts at
/// absolute `offset`.
pub fn covfun_records(data: &[u8], offset: u64, endian: Endian) -> CovfunRecords<'_> {
    CovfunRecords {
        r: Reader::with_offset(data, endian, offset),
        failed: false,
    }
}

/// The iterator of [`covfun_records`]: yields each record, or one error and
/// then nothing.
#[derive(Debug, Clone)]
pub struct CovfunRecords<'data> {
    r: Reader<'data>,
    failed: bool,
}

impl<'data> CovfunRecords<'data> {
    fn read_one(&mut self) -> Result<CovfunRecord<'data>> {
        let r = &mut self.r;
        let at = r.offset();
        if r.remaining() < RECORD_HEADER_SIZE {
            return Err(Error::malformed(
                "coverage function record is larger than the section",
                at,
            ));
        }
        let name_hash = NameHash(r.read_u64()?);
        let data_size = r.read_u32()?;
        let func_hash = FuncHash(r.read_u64()?);
        let filenames_ref = FilenamesRef(r.read_u64()?);
        let mapping_offset = r.offset();
        let len = usize::try_from(data_size).unwrap_or(usize::MAX);
        if len > r.remaining() {
            return Err(Error::malformed(
                format!(
                    "coverage mapping of {data_size} bytes is larger than the {} bytes left",
                    r.remaining()
                ),
                at.saturating_add(8),
            ));
        }
        let mapping = r.read_bytes(len)?;
        let pad = r.padding_to(8)?.min(r.remaining());
        r.skip(pad)?;
        Ok(CovfunRecord {
            offset: at,
            name_hash,
            func_hash,
            filenames_ref,
            mapping,
            mapping_offset,
        })
    }
}

impl<'data> Iterator for CovfunRecords<'data> {
    type Item = Result<CovfunRecord<'data>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.r.is_empty() {
            return None;
        }
        let item = self.read_one();
        self.failed = item.is_err();
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(endian: Endian, name: u64, hash: u64, fref: u64, mapping: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let (n, len, h, f) = match endian {
            Endian::Little => (
                name.to_le_bytes(),
                u32::try_from(mapping.len()).unwrap().to_le_bytes(),
                hash.to_le_bytes(),
                fref.to_le_bytes(),
            ),
            Endian::Big => (
                name.to_be_bytes(),
                u32::try_from(mapping.len()).unwrap().to_be_bytes(),
                hash.to_be_bytes(),
                fref.to_be_bytes(),
            ),
        };
        out.extend_from_slice(&n);
        out.extend_from_slice(&len);
        out.extend_from_slice(&h);
        out.extend_from_slice(&f);
        out.extend_from_slice(mapping);
        while out.len() % 8 != 0 {
            out.push(0);
        }
        out
    }

    #[test]
    fn records_in_both_byte_orders() {
        for endian in [Endian::Little, Endian::Big] {
            let mut data = record(endian, 1, 2, 3, &[1, 0, 0, 0]);
            data.extend(record(endian, 4, 5, 6, &[9; 13]));
            let records: Vec<_> = covfun_records(&data, 0x10, endian)
                .collect::<Result<_>>()
                .unwrap();
            assert_eq!(records.len(), 2);
            assert_eq!(records[0].name_hash, NameHash(1));
            assert_eq!(records[1].offset, 0x10 + 32);
            assert_eq!(records[1].func_hash, FuncHash(5));
            assert_eq!(records[1].filenames_ref, FilenamesRef(6));
            assert_eq!(records[1].mapping.len(), 13);
            assert_eq!(records[1].mapping_offset, 0x10 + 32 + 28);
        }
    }

    #[test]
    fn oversized_record_is_an_error() {
        let mut data = record(Endian::Little, 1, 2, 3, &[0; 4]);
        data[8] = 200;
        let mut it = covfun_records(&data, 0, Endian::Little);
        let err = it.next().unwrap().unwrap_err();
        assert_eq!(
            err.to_string(),
            "coverage mapping of 200 bytes is larger than the 4 bytes left (at offset 0x8)"
        );
        assert!(it.next().is_none());
    }
}
