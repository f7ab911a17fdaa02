//! Indexed profiles (`.profdata`), versions 5 to 13: reader, writer and dump
//! view. This is LLVM's `IndexedInstrProfReader` (`InstrProfReader.cpp`) and
//! `InstrProfWriter` (`InstrProfWriter.cpp`); LLVM 11 writes version 6, 12
//! to 14 write 7, 15 writes 8, 16 writes 9, 17 writes 10, 18 writes 11, 19
//! to 21 write 12 and 22 writes 13.
//!
//! A file is, all little-endian: the [header](Header), one [`Summary`] (two
//! when the context-sensitive variant bit 57 is set), the payload of the
//! on-disk chained hash table (items keyed by function name, each holding
//! the records of every function hash under that name), the table's bucket
//! array at `HashOffset`, then optional sections found through the header:
//! memprof (v8+, bit 62) and temporal traces (v10+, bit 63), which are
//! skipped, binary IDs (v9+) and vtable names (v12+).
//!
//! [`IndexedProfile::parse`] checks the header, summaries, table header and
//! sections up front; records are decoded on demand, by name
//! ([`IndexedProfile::lookup`]) or in file order
//! ([`IndexedProfile::records`]). [`write()`] produces what
//! `llvm-profdata-22 merge` produces from the same records, byte for byte,
//! and [`dump`] prints a file's structure with offsets.
//!
//! ```
//! use std::borrow::Cow;
//! use covkit_profile::indexed::{IndexedProfile, WriteOptions, write};
//! use covkit_profile::{Record, ValueProfile, Variant};
//!
//! let record = |name: &'static [u8], hash, counts: &[u64]| Record {
//!     name: Cow::Borrowed(name),
//!     hash,
//!     counts: counts.to_vec(),
//!     bitmap: vec![],
//!     values: ValueProfile::default(),
//! };
//! let records = [record(b"main", 1, &[1, 5]), record(b"unused", 2, &[0])];
//! let options = WriteOptions { sparse: true, ..WriteOptions::default() };
//! let bytes = write(&records, Variant::default(), &[b"\x01\x02".to_vec()], &options);
//!
//! let profile = IndexedProfile::parse(&bytes)?;
//! assert_eq!(profile.version(), 13);
//! assert_eq!(profile.summary().total_block_count, 6);
//! assert_eq!(profile.binary_ids(), [&b"\x01\x02"[..]]);
//! // -sparse dropped the all-zero function.
//! let all: Vec<_> = profile.records().collect::<Result<_, _>>()?;
//! assert_eq!(all, [records[0].clone()]);
//! assert!(profile.lookup(b"unused")?.is_empty());
//! # Ok::<(), covkit_profile::Error>(())
//! ```

mod dense_map;
mod dump;
mod hash_table;
mod header;
mod item;
mod summary;
mod writer;

use std::collections::VecDeque;

use covkit_wire::{Endian, Reader};

pub use dump::dump;
pub use header::{Header, IndexedVersion, header_size};
pub use summary::{DEFAULT_CUTOFFS, Summary, SummaryBuilder, SummaryEntry};
pub use writer::{WriteOptions, write};

use crate::error::{Error, Result};
use crate::names::Names;
use crate::record::{Record, Variant};
use hash_table::{Items, Table, region};

/// A parsed indexed profile, borrowing the file's bytes.
#[derive(Debug, Clone)]
pub struct IndexedProfile<'data> {
    data: &'data [u8],
    header: Header,
    summary: Summary,
    cs_summary: Option<Summary>,
    table: Table<'data>,
    binary_ids: Vec<&'data [u8]>,
    vtable_names: Option<(u64, &'data [u8])>,
}

impl<'data> IndexedProfile<'data> {
    /// Parses the header, the summaries, the hash table header, the binary
    /// IDs and the vtable-names section of `data`. Records are decoded
    /// later, by [`lookup`](Self::lookup) and [`records`](Self::records).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::BadMagic`](crate::ErrorKind::BadMagic) unless `data`
    /// starts with the indexed magic,
    /// [`ErrorKind::UnsupportedIndexedVersion`](crate::ErrorKind::UnsupportedIndexedVersion)
    /// outside versions 5 to 13, and an error at the offending offset for a
    /// truncated file, a hash type other than MD5, a count that cannot fit,
    /// or an offset that points outside the file.
    pub fn parse(data: &'data [u8]) -> Result<Self> {
        let mut r = Reader::new(data, Endian::Little);
        let header = Header::parse(&mut r)?;
        let summary = Summary::parse(&mut r)?;
        let cs_summary = if header.variant.is_context_sensitive() {
            Some(Summary::parse(&mut r)?)
        } else {
            None
        };
        let table = Table::parse(data, header.hash_offset, r.offset())?;
        let len = u64::try_from(data.len()).unwrap_or(u64::MAX);
        for (offset, what) in [
            (header.memprof_offset, "memprof"),
            (
                header.temporal_prof_traces_offset,
                "temporal profile traces",
            ),
        ] {
            if let Some(offset) = offset.filter(|&o| o > len) {
                return Err(Error::malformed(
                    format!("{what} offset {offset:#x} is past the end of the file"),
                    offset,
                ));
            }
        }
        let binary_ids = match header.binary_id_offset {
            Some(offset) => parse_binary_ids(data, offset)?,
            None => Vec::new(),
        };
        let vtable_names = match header.vtable_names_offset {
            Some(offset) => Some(vtable_names_blob(data, offset)?),
            None => None,
        };
        Ok(IndexedProfile {
            data,
            header,
            summary,
            cs_summary,
            table,
            binary_ids,
            vtable_names,
        })
    }

    /// The file's bytes.
    #[must_use]
    pub fn data(&self) -> &'data [u8] {
        self.data
    }

    /// The decoded header.
    #[must_use]
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The version number (5 to 13), without variant flags.
    #[must_use]
    pub fn version(&self) -> u64 {
        self.header.version
    }

    /// The variant flags of the version word.
    #[must_use]
    pub fn variant(&self) -> Variant {
        self.header.variant
    }

    /// The summary of the records that are not context-sensitive.
    #[must_use]
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The summary of the context-sensitive records, present when variant
    /// bit 57 is set.
    #[must_use]
    pub fn cs_summary(&self) -> Option<&Summary> {
        self.cs_summary.as_ref()
    }

    /// The binary IDs (build IDs) of the profiled binaries (version 9+), in
    /// file order.
    #[must_use]
    pub fn binary_ids(&self) -> &[&'data [u8]] {
        &self.binary_ids
    }

    /// The raw vtable-names blob (version 12+), possibly zlib-compressed;
    /// see [`vtable_names`](Self::vtable_names).
    #[must_use]
    pub fn vtable_names_blob(&self) -> Option<&'data [u8]> {
        self.vtable_names.map(|(_, blob)| blob)
    }

    /// The decoded vtable names (version 12+; empty before).
    ///
    /// # Errors
    ///
    /// A malformed names blob (see [`Names::parse`]).
    pub fn vtable_names(&self) -> Result<Names<'data>> {
        match self.vtable_names {
            Some((offset, blob)) => Names::parse(blob, offset),
            None => Ok(Names::default()),
        }
    }

    /// The number of names in the hash table (`NumEntries`).
    #[must_use]
    pub fn num_names(&self) -> u64 {
        self.table.num_entries
    }

    /// The records stored under `name`, in file order; empty when the name
    /// is absent.
    ///
    /// # Errors
    ///
    /// A bucket offset outside the payload, or an item or record that does
    /// not decode.
    pub fn lookup(&self, name: &[u8]) -> Result<Vec<Record<'data>>> {
        let mut out = Vec::new();
        if let Some(found) = self.table.find(name)? {
            item::decode(found.key, found.data, self.header.version, &mut out)?;
        }
        Ok(out)
    }

    /// Every record in file order: item by item from the start of the
    /// payload, the records of each item in turn. The iterator ends after
    /// its first error.
    #[must_use]
    pub fn records(&self) -> Records<'data> {
        Records {
            items: self.table.items(),
            pending: VecDeque::new(),
            version: self.header.version,
            failed: false,
        }
    }
}

/// The records of an indexed profile in file order; see
/// [`IndexedProfile::records`].
#[derive(Debug, Clone)]
pub struct Records<'data> {
    items: Items<'data>,
    pending: VecDeque<Record<'data>>,
    version: u64,
    failed: bool,
}

impl<'data> Iterator for Records<'data> {
    type Item = Result<Record<'data>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(record) = self.pending.pop_front() {
                return Some(Ok(record));
            }
            if self.failed {
                return None;
            }
            let decoded = self.items.next()?.and_then(|item| {
                let mut decoded = Vec::new();
                item::decode(item.key, item.data, self.version, &mut decoded)?;
                Ok(decoded)
            });
            match decoded {
                Ok(decoded) => self.pending.extend(decoded),
                Err(err) => {
                    self.failed = true;
                    return Some(Err(err));
                }
            }
        }
    }
}

impl std::iter::FusedIterator for Records<'_> {}

/// Reads the binary-ID section at `offset`: u64 section size (a multiple of
/// 8), then per ID u64 length (non-zero), the bytes and zero padding to 8
/// (`readBinaryIdsInternal` in `InstrProfReader.cpp`).
fn parse_binary_ids(data: &[u8], offset: u64) -> Result<Vec<&[u8]>> {
    let len = u64::try_from(data.len()).unwrap_or(u64::MAX);
    let mut r = region(data, offset, len)?;
    let size = r.read_u64()?;
    if !size.is_multiple_of(8) {
        return Err(Error::malformed(
            format!("binary ids section size {size} is not a multiple of 8"),
            offset,
        ));
    }
    let size = r.check_count(size, 1, "binary ids byte")?;
    let mut section = r.sub_reader(size)?;
    let mut ids = Vec::new();
    while !section.is_empty() {
        let at = section.offset();
        let id_len = section.read_u64()?;
        if id_len == 0 {
            return Err(Error::malformed("binary id length is 0", at));
        }
        let id_len = section.check_count(id_len, 1, "binary id byte")?;
        ids.push(section.read_bytes(id_len)?);
        section.skip(id_len.next_multiple_of(8) - id_len)?;
    }
    Ok(ids)
}

/// Reads the vtable-names section at `offset`: u64 length, then the names
/// blob. Returns the blob and its offset.
fn vtable_names_blob(data: &[u8], offset: u64) -> Result<(u64, &[u8])> {
    let len = u64::try_from(data.len()).unwrap_or(u64::MAX);
    let mut r = region(data, offset, len)?;
    let size = r.read_u64()?;
    let size = r.check_count(size, 1, "vtable names byte")?;
    Ok((r.offset(), r.read_bytes(size)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    /// Real `llvm-profdata` outputs; see `testdata/README.md`.
    pub(super) const LLVM13: &[u8] = include_bytes!("testdata/llvm13.profdata");
    pub(super) const LLVM16: &[u8] = include_bytes!("testdata/llvm16.profdata");
    pub(super) const LLVM19: &[u8] = include_bytes!("testdata/llvm19.profdata");
    pub(super) const LLVM22: &[u8] = include_bytes!("testdata/llvm22.profdata");
    pub(super) const LLVM22_SPARSE: &[u8] = include_bytes!("testdata/llvm22.sparse.profdata");
    pub(super) const LLVM22_PREV: &[u8] = include_bytes!("testdata/llvm22.prev.profdata");

    const ALL: [(&str, &[u8]); 6] = [
        ("llvm13", LLVM13),
        ("llvm16", LLVM16),
        ("llvm19", LLVM19),
        ("llvm22", LLVM22),
        ("llvm22.sparse", LLVM22_SPARSE),
        ("llvm22.prev", LLVM22_PREV),
    ];

    /// (name, function hash, counts, bitmap) in file order.
    type Expected = Vec<(&'static str, u64, Vec<u64>, Vec<u8>)>;

    /// The records `llvm-profdata-N show --all-functions --counts` lists for
    /// the fixtures, in file order. LLVM 13 to 18 hash u64 map keys as
    /// `key * 37`, LLVM 19 and later with a mixer: the two records of
    /// `fx.c:sq` come in opposite orders. Only the builds of LLVM 19 and 22
    /// have MC/DC bitmap bytes.
    fn expected(llvm19_or_later: bool, sparse: bool) -> Expected {
        let bitmap = if llvm19_or_later { vec![0x05] } else { vec![] };
        let sq_old = ("fx.c:sq", 0x18, vec![4], vec![]);
        let sq_new = ("fx.c:sq", 0x2_9c49_8458, vec![4, 2], vec![]);
        let (sq1, sq2) = if llvm19_or_later {
            (sq_new, sq_old)
        } else {
            (sq_old, sq_new)
        };
        let mut records = vec![
            ("main", 0x46d_161f, vec![2, 8], vec![]),
            sq1,
            sq2,
            ("dec", 0x2_8e49_8458, vec![8, 6, 6, 6], bitmap),
        ];
        if !sparse {
            records.push(("never", 0x60d, vec![0, 0], vec![]));
        }
        records
    }

    fn simplify(records: &[Record<'_>]) -> Expected {
        records
            .iter()
            .map(|r| {
                let name: &'static str = match &r.name[..] {
                    b"main" => "main",
                    b"fx.c:sq" => "fx.c:sq",
                    b"dec" => "dec",
                    b"never" => "never",
                    _ => "?",
                };
                assert!(r.values.is_empty());
                (name, r.hash, r.counts.clone(), r.bitmap.clone())
            })
            .collect()
    }

    #[test]
    fn reads_what_each_llvm_wrote() {
        for (file, data, version, sparse, ids) in [
            ("llvm13", LLVM13, 7, false, 0),
            ("llvm16", LLVM16, 9, false, 2),
            ("llvm19", LLVM19, 12, false, 2),
            ("llvm22", LLVM22, 13, false, 2),
            ("llvm22.sparse", LLVM22_SPARSE, 13, true, 2),
            ("llvm22.prev", LLVM22_PREV, 11, false, 2),
        ] {
            let p = IndexedProfile::parse(data).unwrap();
            assert_eq!(p.version(), version, "{file}");
            assert_eq!(p.header().size(), header_size(version));
            assert_eq!(p.variant(), Variant::default(), "{file}");
            let records: Vec<Record<'_>> = p.records().collect::<Result<_>>().unwrap();
            assert_eq!(
                simplify(&records),
                expected(version >= 11, sparse),
                "{file}"
            );
            assert_eq!(p.num_names(), if sparse { 3 } else { 4 });
            assert_eq!(p.binary_ids().len(), ids, "{file}");
            assert!(p.binary_ids().iter().all(|id| id.len() == 20));
            assert!(p.cs_summary().is_none());
            assert_eq!(p.vtable_names().unwrap().iter().count(), 0);
            assert_eq!(p.vtable_names_blob().is_some(), version >= 12);

            // The summary llvm-profdata-22 show prints for all of them:
            // 5 functions, 11 blocks, total count 46, maxima 8.
            let s = p.summary();
            let functions = if sparse { 4 } else { 5 };
            let blocks = if sparse { 9 } else { 11 };
            assert_eq!(s.fields(), [functions, blocks, 8, 8, 8, 46], "{file}");
            assert_eq!(s.entries.len(), 16);
        }
    }

    #[test]
    fn reads_every_version_from_5_to_13() {
        // LLVM 22's records, written back in the layout of each version:
        // the header grows, sections appear, bitmap bytes exist from 11.
        let p = IndexedProfile::parse(LLVM22).unwrap();
        let records: Vec<Record<'_>> = p.records().collect::<Result<_>>().unwrap();
        let ids = [vec![0xab; 20]];
        for version in 5..=13 {
            let bytes = writer::write_version(&records, Variant::default(), &ids, version, false);
            let q = IndexedProfile::parse(&bytes).unwrap();
            assert_eq!(q.version(), version);
            assert_eq!(q.header().size(), header_size(version));
            let mut want = expected(true, false);
            if version < 11 {
                for r in &mut want {
                    r.3.clear();
                }
            }
            let got: Vec<Record<'_>> = q.records().collect::<Result<_>>().unwrap();
            assert_eq!(simplify(&got), want, "v{version}");
            assert_eq!(q.binary_ids().len(), if version >= 9 { 1 } else { 0 });
            assert_eq!(q.vtable_names_blob(), (version >= 12).then_some(&b""[..]));
            assert_eq!(q.summary(), p.summary());
            exercise(&bytes).unwrap();
        }
    }

    #[test]
    fn lookup_finds_every_name() {
        for (file, data) in ALL {
            let p = IndexedProfile::parse(data).unwrap();
            let all: Vec<Record<'_>> = p.records().collect::<Result<_>>().unwrap();
            for record in &all {
                let found = p.lookup(&record.name).unwrap();
                assert!(found.contains(record), "{file}: {}", record.name_lossy());
                assert!(found.iter().all(|r| r.name == record.name));
            }
            assert_eq!(p.lookup(b"fx.c:sq").unwrap().len(), 2, "{file}");
            assert!(p.lookup(b"absent").unwrap().is_empty());
            assert!(p.lookup(b"").unwrap().is_empty());
        }
    }

    /// Parses `data` and decodes everything it can, as a fuzz target would.
    pub(super) fn exercise(data: &[u8]) -> Result<()> {
        let mut text = String::new();
        let dumped = dump(data, &mut text);
        let p = IndexedProfile::parse(data)?;
        let mut names = Vec::new();
        for record in p.records() {
            names.push(record?.name);
        }
        for name in names.iter().map(|n| &n[..]).chain([&b"main"[..], b"dec"]) {
            p.lookup(name)?;
        }
        p.vtable_names()?;
        dumped
    }

    #[test]
    fn truncation_anywhere_is_an_error_not_a_panic() {
        for (file, data) in ALL {
            exercise(data).unwrap();
            for len in 0..data.len() {
                let short = data.get(..len).unwrap();
                let err = IndexedProfile::parse(short).unwrap_err();
                assert!(err.offset() <= data.len() as u64, "{file} at {len}: {err}");
                assert!(exercise(short).is_err());
            }
        }
    }

    #[test]
    fn truncation_at_8_byte_boundaries_reports_where() {
        // The last field of a v13 file is the vtable-names length.
        let at = |len: usize| {
            IndexedProfile::parse(LLVM22.get(..len).unwrap_or_default())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(at(0), "unexpected end of data reading u64 (at offset 0x0)");
        assert_eq!(at(8), "unexpected end of data reading u64 (at offset 0x8)");
        assert_eq!(
            at(0x48),
            "unexpected end of data reading u64 (at offset 0x48)"
        );
        assert_eq!(
            at(0x208),
            "hash table offset 0x388 is outside the file area 0x208..0x208 (at offset 0x388)"
        );
        assert_eq!(
            at(0x388),
            "unexpected end of data reading u64 (at offset 0x388)"
        );
        assert_eq!(
            at(0x390),
            "unexpected end of data reading u64 (at offset 0x390)"
        );
        assert_eq!(
            at(0x3a0),
            "hash table bucket count 8 too large: needs at least 8 bytes each, 8 bytes remain \
             (at offset 0x398)"
        );
        assert_eq!(
            at(0x3d8),
            "unexpected end of data reading u64 (at offset 0x3d8)"
        );
        assert_eq!(
            at(0x420),
            "unexpected end of data reading u64 (at offset 0x420)"
        );
    }

    #[test]
    fn corrupted_bytes_never_panic() {
        for (_, data) in ALL {
            let mut copy = data.to_vec();
            for i in 0..copy.len() {
                for flip in [0xff, 0x01, 0x80] {
                    if let Some(b) = copy.get_mut(i) {
                        *b ^= flip;
                    }
                    let _ = exercise(&copy);
                    if let Some(b) = copy.get_mut(i) {
                        *b ^= flip;
                    }
                }
            }
        }
    }

    fn patched(words: &[(usize, u64)]) -> Vec<u8> {
        let mut data = LLVM22.to_vec();
        for &(at, word) in words {
            if let Some(dst) = data.get_mut(at..at + 8) {
                dst.copy_from_slice(&word.to_le_bytes());
            }
        }
        data
    }

    #[test]
    fn errors_carry_their_offsets() {
        // Where things are in llvm22.profdata (see its dump).
        let p = IndexedProfile::parse(LLVM22).unwrap();
        assert_eq!(p.header().hash_offset, 0x388);
        assert_eq!(p.header().binary_id_offset, Some(0x3d8));
        assert_eq!(p.table.bucket_offset(2).unwrap(), 0x208);

        let parse = |words: &[(usize, u64)]| {
            IndexedProfile::parse(&patched(words))
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            parse(&[(0x20, 0x1_0000)]),
            "hash table offset 0x10000 is outside the file area 0x208..0x428 (at offset 0x10000)"
        );
        assert_eq!(
            parse(&[(0x388, 6)]),
            "hash table bucket count 6 is not a power of two (at offset 0x388)"
        );
        assert_eq!(
            parse(&[(0x3d8, 12)]),
            "binary ids section size 12 is not a multiple of 8 (at offset 0x3d8)"
        );
        assert_eq!(
            parse(&[(0x3e0, 0)]),
            "binary id length is 0 (at offset 0x3e0)"
        );
        assert_eq!(
            parse(&[(0x3d8, 0x1000)]),
            "binary ids byte count 4096 too large: needs at least 1 bytes each, 72 bytes remain \
             (at offset 0x3e0)"
        );
        assert_eq!(
            parse(&[(0x40, 0x1000)]),
            "region 0x1000..0x428 is outside the file of 1064 bytes (at offset 0x1000)"
        );
        assert_eq!(
            parse(&[(0x48, 1 << 40)]),
            "summary field count 1099511627776 too large: needs at least 8 bytes each, 976 \
             bytes remain (at offset 0x58)"
        );
        let version = parse(&[(8, 14)]);
        assert!(version.starts_with("unsupported indexed profile version 14"));
        let err = IndexedProfile::parse(&patched(&[(0, 0)])).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::BadMagic { magic: 0 });

        assert_eq!(
            parse(&[(0x3a8, 0x10)]),
            "bucket 2 offset 0x10 is outside the payload 0x208..0x388 (at offset 0x3a8)"
        );

        // Errors found while decoding records.
        let bad_key = patched(&[(0x212, u64::MAX)]);
        let first = IndexedProfile::parse(&bad_key).unwrap().records().next();
        assert_eq!(
            first.map(|r| r.unwrap_err().to_string()),
            Some(
                "key byte count 18446744073709551615 too large: needs at least 1 bytes each, \
                 358 bytes remain (at offset 0x222)"
                    .to_owned()
            )
        );
        let profile = IndexedProfile::parse(&bad_key).unwrap();
        let mut records = profile.records();
        assert!(records.next().unwrap().is_err());
        assert!(
            records.next().is_none(),
            "the iterator stops after an error"
        );
    }
}
