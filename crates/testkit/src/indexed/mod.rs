//! Indexed profiles (`.profdata`) as `InstrProfWriter::writeImpl` writes
//! them, indexed versions 5 to 13 (LLVM 11 to 22), always little endian.
//!
//! Layout: the header ([`header_fields`]), the summary (twice when the CSIR
//! variant bit is set, [`summary`]), the on-disk hash table's payload,
//! zero padding to 8, the table itself at `HashOffset` ([`hash_table`]),
//! then the binary IDs section (v9+: u64 size, then per ID a u64 length,
//! the bytes and zero padding to 8), the vtable names (v12+: u64 length,
//! a names section, zero padding to 8) and, when the temporal variant bit is
//! set (v10+), the temporal traces (u64 count, u64 stream size, then per
//! trace u64 weight, u64 length and the name hashes).
//!
//! Each hash-table item is keyed by a PGO name and holds every record of
//! that name: u64 `FuncHash`, u64 `NumCounts`, the counts, from v11 a u64
//! bitmap byte count and each bitmap byte widened to a u64, then a
//! little-endian `ValueProfData` blob (8 bytes when empty). Keys are
//! inserted in sorted order and the summary is computed as LLVM does, so a
//! profile built here is byte for byte what `llvm-profdata merge` writes
//! for the same records when each name has one record and there are no
//! vtable names (checked against LLVM 19's v12 and LLVM 22's v13 output in
//! `tests/testkit.rs`).

pub mod hash_table;
pub mod summary;

use crate::bytes::{ByteWriter, Endian, padding_to};
use crate::hash::md5_low64;
use crate::names::{Compression, NamesSection};
use crate::record::{CS_HASH_FLAG, FunctionRecord};
use crate::value_prof::ValueData;
use crate::variant;
use std::ops::RangeInclusive;

/// `IndexedInstrProf::Magic`: the file starts with `"\xfflprofi\x81"`.
pub const INDEXED_INSTR_PROF_MAGIC: u64 = 0x8169_666F_7270_6CFF;

/// The indexed versions these builders write.
pub const INDEXED_VERSIONS: RangeInclusive<u32> = 5..=13;

/// An indexed profile header field (`IndexedInstrProf::Header`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderField {
    /// [`INDEXED_INSTR_PROF_MAGIC`].
    Magic,
    /// Version in the low 32 bits, variant flags above.
    Version,
    /// Always 0 since version 4.
    Unused,
    /// 0: MD5, the only hash type.
    HashType,
    /// File offset of the hash table.
    HashOffset,
    /// File offset of the memory profile (v8+; 0 without one).
    MemProfOffset,
    /// File offset of the binary IDs section (v9+).
    BinaryIdOffset,
    /// File offset of the temporal traces (v10+; 0 without them).
    TemporalProfTracesOffset,
    /// File offset of the vtable names (v12+).
    VTableNamesOffset,
}

/// The header fields of indexed `version`, in file order.
///
/// # Panics
///
/// If `version` is not in [`INDEXED_VERSIONS`].
#[must_use]
pub fn header_fields(version: u32) -> &'static [HeaderField] {
    use HeaderField::*;
    const ALL: [HeaderField; 9] = [
        Magic,
        Version,
        Unused,
        HashType,
        HashOffset,
        MemProfOffset,
        BinaryIdOffset,
        TemporalProfTracesOffset,
        VTableNamesOffset,
    ];
    let n = match version {
        5..=7 => 5,
        8 => 6,
        9 => 7,
        10 | 11 => 8,
        12 | 13 => 9,
        _ => panic!("unsupported indexed profile version {version} (supported: 5..=13)"),
    };
    &ALL[..n]
}

/// The header size of indexed `version`: 40, 48 (v8), 56 (v9), 64 (v10,
/// v11) or 72 bytes (v12+).
///
/// # Panics
///
/// If `version` is not in [`INDEXED_VERSIONS`].
#[must_use]
pub fn header_size(version: u32) -> usize {
    header_fields(version).len() * 8
}

/// Where the parts of a built indexed profile are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedLayout {
    /// The indexed version.
    pub version: u32,
    /// Offset of the (first) summary, right after the header.
    pub summary_offset: usize,
    /// Offset of the hash table payload (its first bucket).
    pub payload_offset: usize,
    /// `HashOffset`.
    pub hash_offset: usize,
    /// Offset of the binary IDs section (v9+).
    pub binary_ids_offset: Option<usize>,
    /// Offset of the vtable names (v12+).
    pub vtable_names_offset: Option<usize>,
    /// Offset of the temporal traces, when written.
    pub temporal_traces_offset: Option<usize>,
    /// Total size.
    pub end: usize,
}

impl IndexedLayout {
    /// The offset of header `field`, if the version has it.
    #[must_use]
    pub fn header_field_offset(&self, field: HeaderField) -> Option<usize> {
        header_fields(self.version)
            .iter()
            .position(|f| *f == field)
            .map(|i| i * 8)
    }
}

/// An indexed profile being built.
///
/// ```
/// use covkit_testkit::IndexedProfile;
///
/// let bytes = IndexedProfile::new(13)
///     .function("main", 0x1234, &[1, 0, 5])
///     .function("mcdc", 0x42, &[4, 2])
///     .bitmap(&[0x05])
///     .build();
/// assert_eq!(&bytes[..8], b"\xfflprofi\x81");
/// assert_eq!(bytes[8], 13);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedProfile {
    version: u32,
    variants: u64,
    records: Vec<FunctionRecord>,
    binary_ids: Vec<Vec<u8>>,
    vtable_names: Vec<String>,
    traces: Vec<(u64, Vec<String>)>,
    trace_stream_size: u64,
}

impl IndexedProfile {
    /// An empty profile of indexed `version`.
    ///
    /// # Panics
    ///
    /// If `version` is not in [`INDEXED_VERSIONS`].
    #[must_use]
    pub fn new(version: u32) -> IndexedProfile {
        let _ = header_fields(version);
        IndexedProfile {
            version,
            variants: 0,
            records: Vec::new(),
            binary_ids: Vec::new(),
            vtable_names: Vec::new(),
            traces: Vec::new(),
            trace_stream_size: 0,
        }
    }

    /// The indexed version.
    #[must_use]
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The records added so far.
    #[must_use]
    pub fn records(&self) -> &[FunctionRecord] {
        &self.records
    }

    /// The binary IDs added so far.
    #[must_use]
    pub fn binary_ids(&self) -> &[Vec<u8>] {
        &self.binary_ids
    }

    /// The vtable names added so far.
    #[must_use]
    pub fn vtable_names(&self) -> &[String] {
        &self.vtable_names
    }

    /// The temporal traces added so far, as (weight, names).
    #[must_use]
    pub fn traces(&self) -> &[(u64, Vec<String>)] {
        &self.traces
    }

    /// The records a reader reports: bitmap bytes exist from v11.
    #[must_use]
    pub fn expected_records(&self) -> Vec<FunctionRecord> {
        self.records
            .iter()
            .map(|r| {
                let mut r = r.clone();
                if self.version < 11 {
                    r.bitmap.clear();
                }
                r
            })
            .collect()
    }

    /// The variant flags set so far.
    #[must_use]
    pub fn variants(&self) -> u64 {
        self.variants
    }

    /// Sets variant `flags` ([`crate::variant`]) in the version word.
    /// [`variant::CSIR_PROF`] adds the second summary (of the records whose
    /// hash has [`CS_HASH_FLAG`]); [`variant::TEMPORAL_PROF`] adds the
    /// temporal traces section (v10+). [`variant::MEMPROF`] is not
    /// supported: no memory profile is written.
    #[must_use]
    pub fn variant(mut self, flags: u64) -> IndexedProfile {
        self.variants |= flags;
        self
    }

    /// Adds a record.
    #[must_use]
    pub fn function(self, name: &str, hash: u64, counts: &[u64]) -> IndexedProfile {
        self.record(FunctionRecord::new(name, hash, counts))
    }

    /// Adds a complete record.
    #[must_use]
    pub fn record(mut self, record: FunctionRecord) -> IndexedProfile {
        self.records.push(record);
        self
    }

    fn last(&mut self, what: &str) -> &mut FunctionRecord {
        self.records
            .last_mut()
            .unwrap_or_else(|| panic!("{what}: add a function first"))
    }

    /// Gives the last record these bitmap bytes (stored from v11).
    ///
    /// # Panics
    ///
    /// If no record was added yet.
    #[must_use]
    pub fn bitmap(mut self, bytes: &[u8]) -> IndexedProfile {
        self.last("bitmap").bitmap = bytes.to_vec();
        self
    }

    /// Gives the last record these value sites (values of indirect-call
    /// and vtable kinds are name hashes in indexed profiles).
    ///
    /// # Panics
    ///
    /// If no record was added yet.
    #[must_use]
    pub fn value_data(mut self, data: ValueData) -> IndexedProfile {
        self.last("value_data").value_data = data;
        self
    }

    /// Adds a binary ID (stored from v9, sorted and deduplicated as LLVM
    /// does).
    #[must_use]
    pub fn binary_id(mut self, id: &[u8]) -> IndexedProfile {
        self.binary_ids.push(id.to_vec());
        self
    }

    /// Adds a vtable name (stored from v12, zlib-compressed).
    #[must_use]
    pub fn vtable_name(mut self, name: &str) -> IndexedProfile {
        self.vtable_names.push(name.to_owned());
        self
    }

    /// Adds a temporal trace (written when [`variant::TEMPORAL_PROF`] is set,
    /// v10+) and counts it in the trace stream size.
    #[must_use]
    pub fn temporal_trace(mut self, weight: u64, names: &[&str]) -> IndexedProfile {
        self.traces
            .push((weight, names.iter().map(|n| (*n).to_owned()).collect()));
        self.trace_stream_size += 1;
        self
    }

    /// The profile's bytes.
    #[must_use]
    pub fn build(&self) -> Vec<u8> {
        self.build_with_layout().0
    }

    /// The records grouped by name, names sorted, records in insertion order.
    fn items(&self) -> Vec<(&str, Vec<&FunctionRecord>)> {
        let mut names: Vec<&str> = self.records.iter().map(|r| r.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names
            .into_iter()
            .map(|n| (n, self.records.iter().filter(|r| r.name == n).collect()))
            .collect()
    }

    fn encode_item(&self, records: &[&FunctionRecord]) -> Vec<u8> {
        let mut w = ByteWriter::new(Endian::Little);
        for r in records {
            w.u64(r.hash).u64(r.counts.len() as u64);
            for &c in &r.counts {
                w.u64(c);
            }
            if self.version >= 11 {
                w.u64(r.bitmap.len() as u64);
                for &b in &r.bitmap {
                    w.u64(u64::from(b));
                }
            }
            w.bytes(&r.value_data.encode(Endian::Little));
        }
        w.into_bytes()
    }

    /// The profile's bytes and where its parts are.
    #[must_use]
    pub fn build_with_layout(&self) -> (Vec<u8>, IndexedLayout) {
        let version = self.version;
        let fields = header_fields(version);
        let mut w = ByteWriter::new(Endian::Little);
        w.u64(INDEXED_INSTR_PROF_MAGIC)
            .u64(u64::from(version) | self.variants);
        w.zeros((fields.len() - 2) * 8);

        let cs = self.variants & variant::CSIR_PROF != 0;
        let mut plain = summary::Summary::new();
        let mut context = summary::Summary::new();
        for r in &self.records {
            if r.hash & CS_HASH_FLAG != 0 {
                context.add_record(r);
            } else {
                plain.add_record(r);
            }
        }
        let summary_offset = w.len();
        w.bytes(&plain.encode());
        if cs {
            w.bytes(&context.encode());
        }

        let payload_offset = w.len();
        let items: Vec<hash_table::Item> = self
            .items()
            .into_iter()
            .map(|(name, records)| hash_table::Item {
                hash: md5_low64(name.as_bytes()),
                key: name.as_bytes().to_vec(),
                data: self.encode_item(&records),
            })
            .collect();
        let hash_offset = hash_table::emit(&mut w, &items);

        let binary_ids_offset = (version >= 9).then(|| {
            let at = w.len();
            let mut ids = self.binary_ids.clone();
            ids.sort();
            ids.dedup();
            let size: usize = ids.iter().map(|id| 8 + id.len().next_multiple_of(8)).sum();
            w.u64(size as u64);
            for id in &ids {
                w.u64(id.len() as u64)
                    .bytes(id)
                    .zeros(padding_to(id.len(), 8));
            }
            at
        });
        let vtable_names_offset = (version >= 12).then(|| {
            let at = w.len();
            let names = if self.vtable_names.is_empty() {
                Vec::new()
            } else {
                NamesSection::new()
                    .chunk(&self.vtable_names, Compression::Zlib)
                    .build()
            };
            w.u64(names.len() as u64)
                .bytes(&names)
                .zeros(padding_to(names.len(), 8));
            at
        });
        let temporal_traces_offset = (version >= 10 && self.variants & variant::TEMPORAL_PROF != 0)
            .then(|| {
                let at = w.len();
                w.u64(self.traces.len() as u64).u64(self.trace_stream_size);
                for (weight, names) in &self.traces {
                    w.u64(*weight).u64(names.len() as u64);
                    for n in names {
                        w.u64(md5_low64(n.as_bytes()));
                    }
                }
                at
            });

        let layout = IndexedLayout {
            version,
            summary_offset,
            payload_offset,
            hash_offset: usize::try_from(hash_offset).expect("offset fits usize"),
            binary_ids_offset,
            vtable_names_offset,
            temporal_traces_offset,
            end: w.len(),
        };
        for (i, field) in fields.iter().enumerate() {
            let value = match field {
                HeaderField::HashOffset => Some(layout.hash_offset),
                HeaderField::BinaryIdOffset => layout.binary_ids_offset,
                HeaderField::TemporalProfTracesOffset => layout.temporal_traces_offset,
                HeaderField::VTableNamesOffset => layout.vtable_names_offset,
                _ => None,
            };
            if let Some(value) = value {
                w.patch_u64(i * 8, value as u64);
            }
        }
        (w.into_bytes(), layout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value_prof::IPVK_MEM_OP_SIZE;

    fn u64_at(bytes: &[u8], at: usize) -> u64 {
        u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
    }

    /// Decodes an item's records: (hash, counts, bitmap, value blob size).
    fn decode_item(version: u32, data: &[u8]) -> Vec<(u64, Vec<u64>, Vec<u8>, usize)> {
        let mut at = 0;
        let mut out = Vec::new();
        while at < data.len() {
            let hash = u64_at(data, at);
            let n = u64_at(data, at + 8) as usize;
            at += 16;
            let counts = (0..n).map(|i| u64_at(data, at + 8 * i)).collect();
            at += 8 * n;
            let mut bitmap = Vec::new();
            if version >= 11 {
                let nb = u64_at(data, at) as usize;
                at += 8;
                bitmap = (0..nb).map(|i| u64_at(data, at + 8 * i) as u8).collect();
                at += 8 * nb;
            }
            let total = u32::from_le_bytes(data[at..at + 4].try_into().expect("4")) as usize;
            at += total;
            out.push((hash, counts, bitmap, total));
        }
        out
    }

    #[test]
    fn header_sizes() {
        let table = [
            (5, 40),
            (7, 40),
            (8, 48),
            (9, 56),
            (10, 64),
            (11, 64),
            (12, 72),
            (13, 72),
        ];
        for (version, size) in table {
            assert_eq!(header_size(version), size, "v{version}");
        }
    }

    #[test]
    fn every_version_reads_back() {
        for version in INDEXED_VERSIONS {
            let profile = IndexedProfile::new(version)
                .binary_id(&[7; 20])
                .function("main", 1, &[1, 0, 5])
                .function("main", 2, &[9])
                .function("mcdc", 3, &[4, 2])
                .bitmap(&[0x05, 0x80])
                .value_data(ValueData::new().site(IPVK_MEM_OP_SIZE, &[(8, 3)]))
                .function("a", 4, &[7]);
            let (bytes, layout) = profile.build_with_layout();
            assert_eq!(bytes.len(), layout.end);
            assert_eq!(u64_at(&bytes, 32) as usize, layout.hash_offset);
            assert_eq!(layout.summary_offset, header_size(version));
            assert_eq!(layout.hash_offset % 8, 0);
            let items = hash_table::read_all(&bytes, layout.payload_offset, layout.hash_offset);
            assert_eq!(items.len(), 3, "v{version}");
            let main = items.iter().find(|i| i.key == b"main").expect("main");
            let recs = decode_item(version, &main.data);
            assert_eq!(recs.len(), 2);
            assert_eq!(recs[0], (1, vec![1, 0, 5], vec![], 8));
            let mcdc = items.iter().find(|i| i.key == b"mcdc").expect("mcdc");
            let recs = decode_item(version, &mcdc.data);
            let bitmap: Vec<u8> = if version >= 11 { vec![5, 0x80] } else { vec![] };
            assert_eq!(recs[0], (3, vec![4, 2], bitmap, 40));
            if let Some(at) = layout.binary_ids_offset {
                assert_eq!(u64_at(&bytes, at), 32);
                assert_eq!(u64_at(&bytes, at + 8), 20);
            }
            if let Some(at) = layout.vtable_names_offset {
                assert_eq!(u64_at(&bytes, at), 0);
            }
        }
    }

    #[test]
    fn cs_profiles_carry_two_summaries() {
        let one = IndexedProfile::new(13).function("f", 1, &[1]);
        let two = one.clone().variant(variant::IR_PROF | variant::CSIR_PROF);
        let (_, a) = one.build_with_layout();
        let (_, b) = two.build_with_layout();
        assert_eq!(b.payload_offset - a.payload_offset, 16 + 6 * 8 + 16 * 24);
    }

    #[test]
    fn temporal_traces_section() {
        let p = IndexedProfile::new(13)
            .variant(variant::TEMPORAL_PROF)
            .function("a", 1, &[1])
            .temporal_trace(1, &["a"]);
        let (bytes, layout) = p.build_with_layout();
        let at = layout.temporal_traces_offset.expect("written");
        assert_eq!(u64_at(&bytes, 56) as usize, at);
        let words: Vec<u64> = (0..5).map(|i| u64_at(&bytes, at + 8 * i)).collect();
        assert_eq!(words, [1, 1, 1, 1, md5_low64(b"a")]);
        assert_eq!(layout.end, at + 40);
    }
}
