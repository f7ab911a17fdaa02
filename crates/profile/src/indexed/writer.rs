//! Writes indexed profiles of versions 11 to 13 byte for byte as
//! `llvm-profdata-22 merge` does (`InstrProfWriter::writeImpl` in
//! `InstrProfWriter.cpp`, LLVM 22). Internally it also writes versions 5 to
//! 10 in LLVM 22's manner, which the reader's tests use.
//!
//! The steps, as LLVM takes them:
//!
//! 1. Records are grouped by name. Under one name they are ordered as a
//!    `SmallDenseMap` keyed by function hash iterates, given the order the
//!    records were first added (`dense_map`).
//! 2. With `sparse`, a name is dropped when none of its records has a
//!    non-zero counter or bitmap byte (`shouldEncodeData`).
//! 3. Names are sorted bytewise and inserted in that order into the on-disk
//!    hash table generator, whose bucket layout `hash_table::layout`
//!    reproduces. So LLVM's `StringMap` iteration order (and its hash) plays
//!    no part.
//! 4. Header (72 bytes, 64 for version 11), one summary (two with the
//!    context-sensitive variant), the payload bucket by bucket, zero padding
//!    to 8, the bucket table, the binary IDs (sorted, deduplicated, each
//!    padded to 8), the vtable names (version 12+; always empty here) and,
//!    with the temporal variant, an empty trace section. The summary is
//!    computed over the records written, context-sensitive ones (hash bit
//!    60) separately.
//!
//! Value data is written as `llvm-profdata` holds it after `addRecord`:
//! each site sorted by count, largest first, and cut to 255 values.

use std::collections::HashMap;

use super::dense_map;
use super::hash_table::layout;
use super::header::{IndexedVersion, header_size};
use super::item;
use super::summary::{DEFAULT_CUTOFFS, Summary, SummaryBuilder};
use crate::format;
use crate::names::name_hash;
use crate::record::{Record, Variant};
use crate::value_prof;

/// Options of [`write()`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct WriteOptions {
    /// The indexed version to write; 13 (LLVM 22) by default.
    pub version: IndexedVersion,
    /// Leave out names whose records are all zero (`llvm-profdata merge
    /// -sparse`).
    pub sparse: bool,
}

/// Bit 60 of a function hash marks a context-sensitive record
/// (`NamedInstrProfRecord::hasCSFlagInHash`).
const CS_FLAG_IN_FUNC_HASH: u64 = 1 << 60;

/// The variant flags `InstrProfWriter` carries into the header. Debug-info
/// correlation (bit 59) never reaches an indexed profile, and the memprof
/// flag (bit 62) is left out because no memprof section is written.
const WRITTEN_VARIANT_FLAGS: u64 = format::VARIANT_MASK_IR_PROF
    | format::VARIANT_MASK_CSIR_PROF
    | format::VARIANT_MASK_INSTR_ENTRY
    | format::VARIANT_MASK_INSTR_LOOP_ENTRIES
    | format::VARIANT_MASK_BYTE_COVERAGE
    | format::VARIANT_MASK_FUNCTION_ENTRY_ONLY
    | format::VARIANT_MASK_TEMPORAL_PROF;

/// Writes `records` as an indexed profile.
///
/// To reproduce `llvm-profdata merge` exactly, pass the records in the
/// order `llvm-profdata` first saw each (name, hash): when several records
/// share a name, their order in the file follows LLVM's `SmallDenseMap`
/// keyed by function hash, which depends on it. Records are expected to have
/// distinct (name, hash) pairs, as a merged store keeps them; of duplicates
/// only the first is written.
///
/// `variant` gives the header's flags; all are kept except debug-info
/// correlation (bit 59, which LLVM never writes) and memprof (bit 62, as no
/// memprof section is written). With the temporal flag (bit 63) an empty
/// trace section is written. `binary_ids` are written sorted and without
/// duplicates.
///
/// ```
/// use std::borrow::Cow;
/// use covkit_profile::indexed::{IndexedProfile, WriteOptions, write};
/// use covkit_profile::{Record, ValueProfile, Variant};
///
/// let main = Record {
///     name: Cow::Borrowed(b"main"),
///     hash: 0x1234,
///     counts: vec![1, 0],
///     bitmap: vec![],
///     values: ValueProfile::default(),
/// };
/// let bytes = write([&main], Variant::default(), &[], &WriteOptions::default());
/// let profile = IndexedProfile::parse(&bytes)?;
/// assert_eq!(profile.version(), 13);
/// assert_eq!(profile.lookup(b"main")?, [main]);
/// # Ok::<(), covkit_profile::Error>(())
/// ```
pub fn write<'r, 'd: 'r>(
    records: impl IntoIterator<Item = &'r Record<'d>>,
    variant: Variant,
    binary_ids: &[Vec<u8>],
    options: &WriteOptions,
) -> Vec<u8> {
    write_version(
        records,
        variant,
        binary_ids,
        options.version.number(),
        options.sparse,
    )
}

/// [`write`] for any indexed `version` from 5 to 13: the header fields,
/// sections and bitmap bytes that `version` lacks are left out.
pub(crate) fn write_version<'r, 'd: 'r>(
    records: impl IntoIterator<Item = &'r Record<'d>>,
    variant: Variant,
    binary_ids: &[Vec<u8>],
    version: u64,
    sparse: bool,
) -> Vec<u8> {
    let groups = group(records, sparse);
    let hashes: Vec<u64> = groups.iter().map(|(name, _)| name_hash(name)).collect();
    let buckets = layout(&hashes);

    let flags = variant.0 & WRITTEN_VARIANT_FLAGS;
    let context_sensitive = flags & format::VARIANT_MASK_CSIR_PROF != 0;
    let temporal = flags & format::VARIANT_MASK_TEMPORAL_PROF != 0;

    let mut out = Vec::new();
    for word in [
        format::INDEXED_INSTR_PROF_MAGIC,
        version | flags,
        0, // Unused
        0, // HashType: MD5
    ] {
        put(&mut out, word);
    }
    let offsets_at = out.len();
    out.resize(header_size(version), 0);

    let summary_size = Summary::encoded_size(DEFAULT_CUTOFFS.len());
    let summary_at = out.len();
    out.resize(summary_at + summary_size, 0);
    let cs_summary_at = out.len();
    if context_sensitive {
        out.resize(cs_summary_at + summary_size, 0);
    }

    let mut summary = SummaryBuilder::new();
    let mut cs_summary = SummaryBuilder::new();
    let mut bucket_offsets = Vec::with_capacity(buckets.len());
    for bucket in &buckets {
        if bucket.is_empty() {
            bucket_offsets.push(0);
            continue;
        }
        bucket_offsets.push(len_u64(out.len()));
        // LLVM writes the item count as a u16, truncating it likewise.
        out.extend_from_slice(&((bucket.len() & 0xffff) as u16).to_le_bytes());
        for &index in bucket {
            let (Some((name, records)), Some(&hash)) = (groups.get(index), hashes.get(index))
            else {
                continue;
            };
            put(&mut out, hash);
            put(&mut out, len_u64(name.len()));
            let data_len = records.iter().fold(0usize, |n, r| {
                n.saturating_add(item::encoded_size(r, version))
            });
            put(&mut out, len_u64(data_len));
            out.extend_from_slice(name);
            for record in records {
                if record.hash & CS_FLAG_IN_FUNC_HASH != 0 {
                    cs_summary.add_record(&record.counts);
                } else {
                    summary.add_record(&record.counts);
                }
                if record.values.is_empty() {
                    item::encode(record, &record.values, version, &mut out);
                } else {
                    let values = value_prof::sorted_by_count(&record.values);
                    item::encode(record, &values, version, &mut out);
                }
            }
        }
    }

    out.resize(out.len().next_multiple_of(8), 0);
    let hash_offset = len_u64(out.len());
    put(&mut out, len_u64(buckets.len()));
    put(&mut out, len_u64(groups.len()));
    for offset in bucket_offsets {
        put(&mut out, offset);
    }

    let binary_id_offset = len_u64(out.len());
    if version >= 9 {
        write_binary_ids(&mut out, binary_ids);
    }

    let vtable_names_offset = len_u64(out.len());
    if version >= 12 {
        put(&mut out, 0); // no vtable names
    }

    let mut temporal_offset = 0;
    if temporal && version >= 10 {
        temporal_offset = len_u64(out.len());
        put(&mut out, 0); // NumTraces
        put(&mut out, 0); // TraceStreamSize
    }

    // HashOffset, then the optional offsets the header of `version` has.
    let offsets = [
        hash_offset,
        0, // MemProfOffset (v8+)
        binary_id_offset,
        temporal_offset,
        vtable_names_offset,
    ];
    let num_offsets = (header_size(version) - 32) / 8;
    let offsets: Vec<u8> = offsets
        .iter()
        .take(num_offsets)
        .flat_map(|w| w.to_le_bytes())
        .collect();
    patch(&mut out, offsets_at, &offsets);
    let mut bytes = Vec::with_capacity(summary_size);
    summary.finish().encode(&mut bytes);
    patch(&mut out, summary_at, &bytes);
    if context_sensitive {
        bytes.clear();
        cs_summary.finish().encode(&mut bytes);
        patch(&mut out, cs_summary_at, &bytes);
    }
    out
}

/// A name and its records, in the order they are written.
type Group<'r, 'd> = (&'r [u8], Vec<&'r Record<'d>>);

/// Groups records by name (`FunctionData`), orders each group as its
/// `SmallDenseMap` iterates, drops all-zero groups when `sparse`, and sorts
/// the groups by name.
fn group<'r, 'd: 'r>(
    records: impl IntoIterator<Item = &'r Record<'d>>,
    sparse: bool,
) -> Vec<Group<'r, 'd>> {
    let mut index: HashMap<&'r [u8], usize> = HashMap::new();
    let mut groups: Vec<Group<'r, 'd>> = Vec::new();
    for record in records {
        let name: &'r [u8] = &record.name;
        let i = *index.entry(name).or_insert_with(|| {
            groups.push((name, Vec::new()));
            groups.len() - 1
        });
        if let Some((_, list)) = groups.get_mut(i) {
            list.push(record);
        }
    }
    let is_nonzero =
        |r: &Record<'_>| r.counts.iter().any(|&c| c > 0) || r.bitmap.iter().any(|&b| b > 0);
    let mut out: Vec<Group<'r, 'd>> = groups
        .into_iter()
        .map(|(name, list)| {
            let hashes: Vec<u64> = list.iter().map(|r| r.hash).collect();
            let ordered: Vec<&'r Record<'d>> = dense_map::iteration_order(&hashes)
                .into_iter()
                .filter_map(|i| list.get(i).copied())
                .collect();
            (name, ordered)
        })
        .filter(|(_, list)| !sparse || list.iter().any(|r| is_nonzero(r)))
        .collect();
    out.sort_unstable_by(|a, b| a.0.cmp(b.0));
    out
}

/// The binary-ID section: u64 section size, then per ID (sorted, without
/// duplicates) u64 length and the bytes, zero-padded to 8.
fn write_binary_ids(out: &mut Vec<u8>, binary_ids: &[Vec<u8>]) {
    let mut ids: Vec<&[u8]> = binary_ids.iter().map(Vec::as_slice).collect();
    ids.sort_unstable();
    ids.dedup();
    let size = ids.iter().fold(0usize, |n, id| {
        n.saturating_add(8)
            .saturating_add(id.len().next_multiple_of(8))
    });
    put(out, len_u64(size));
    for id in ids {
        put(out, len_u64(id.len()));
        out.extend_from_slice(id);
        out.resize(out.len().next_multiple_of(8), 0);
    }
}

fn put(out: &mut Vec<u8>, word: u64) {
    out.extend_from_slice(&word.to_le_bytes());
}

fn len_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Overwrites the reserved bytes at `at` (always inside `out`).
fn patch(out: &mut [u8], at: usize, bytes: &[u8]) {
    if let Some(dst) = out.get_mut(at..at.saturating_add(bytes.len())) {
        dst.copy_from_slice(bytes);
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::indexed::IndexedProfile;
    use crate::indexed::tests::{LLVM13, LLVM16, LLVM19, LLVM22, LLVM22_PREV, LLVM22_SPARSE};
    use crate::record::{ValueData, ValueProfile};

    /// Reads `data` and writes its records back with `options`, as
    /// `llvm-profdata merge` would from the records it reads from `data`.
    fn rewrite(data: &[u8], options: WriteOptions) -> Vec<u8> {
        let p = IndexedProfile::parse(data).unwrap();
        let records: Vec<Record<'_>> = p.records().collect::<crate::Result<_>>().unwrap();
        let ids: Vec<Vec<u8>> = p.binary_ids().iter().map(|id| id.to_vec()).collect();
        write(&records, p.variant(), &ids, &options)
    }

    const V12: WriteOptions = WriteOptions {
        version: IndexedVersion::V12,
        sparse: false,
    };

    #[test]
    fn byte_identical_to_llvm_profdata() {
        let plain = WriteOptions::default();
        let sparse = WriteOptions {
            sparse: true,
            ..plain
        };
        let prev = WriteOptions {
            version: IndexedVersion::V11,
            ..plain
        };
        assert!(rewrite(LLVM22, plain) == LLVM22, "llvm-profdata-22 merge");
        assert!(
            rewrite(LLVM22, sparse) == LLVM22_SPARSE,
            "llvm-profdata-22 merge -sparse"
        );
        assert!(
            rewrite(LLVM22_SPARSE, sparse) == LLVM22_SPARSE,
            "sparse is idempotent"
        );
        assert!(
            rewrite(LLVM22_PREV, prev) == LLVM22_PREV,
            "llvm-profdata-22 merge --write-prev-version"
        );
        assert!(rewrite(LLVM19, V12) == LLVM19, "llvm-profdata-19 merge");
    }

    #[test]
    fn older_versions_convert_to_what_llvm_22_would_write() {
        // v7 and v9 have no bitmap bytes; LLVM 22 writes each record with an
        // empty bitmap, which is all the difference in their records.
        for old in [LLVM13, LLVM16] {
            let bytes = rewrite(old, WriteOptions::default());
            let new = IndexedProfile::parse(&bytes).unwrap();
            let old = IndexedProfile::parse(old).unwrap();
            let mut a: Vec<Record<'_>> = new.records().collect::<crate::Result<_>>().unwrap();
            let mut b: Vec<Record<'_>> = old.records().collect::<crate::Result<_>>().unwrap();
            a.sort_by_key(|r| (r.name.clone(), r.hash));
            b.sort_by_key(|r| (r.name.clone(), r.hash));
            assert_eq!(a, b);
            assert_eq!(new.summary(), old.summary());
        }
    }

    /// Every `llvm22.merged[.sparse].profdata` of the fixture corpus,
    /// written back byte for byte.
    #[test]
    fn byte_identical_on_the_fixture_corpus() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus");
        let toolchains = std::fs::read_dir(&corpus).expect("the fixture corpus");
        let mut checked = 0;
        for program in toolchains
            .flatten()
            .filter_map(|t| std::fs::read_dir(t.path()).ok())
            .flatten()
            .flatten()
        {
            for (file, sparse) in [
                ("llvm22.merged.profdata", false),
                ("llvm22.merged.sparse.profdata", true),
            ] {
                let path = program.path().join(file);
                let Ok(data) = std::fs::read(&path) else {
                    continue;
                };
                let options = WriteOptions {
                    sparse,
                    ..WriteOptions::default()
                };
                assert!(rewrite(&data, options) == data, "{}", path.display());
                checked += 1;
            }
        }
        assert!(
            checked >= 90,
            "only {checked} llvm22.merged profiles under {}",
            corpus.display()
        );
    }

    fn record(name: &str, hash: u64, counts: &[u64]) -> Record<'static> {
        Record {
            name: Cow::Owned(name.as_bytes().to_vec()),
            hash,
            counts: counts.to_vec(),
            bitmap: vec![],
            values: ValueProfile::default(),
        }
    }

    #[test]
    fn empty_profile() {
        let bytes = write([], Variant::default(), &[], &WriteOptions::default());
        // header, summary, one empty bucket, empty binary ids and vtable names
        assert_eq!(bytes.len(), 72 + 448 + 24 + 8 + 8);
        let p = IndexedProfile::parse(&bytes).unwrap();
        assert_eq!(p.records().count(), 0);
        assert_eq!(p.num_names(), 0);
    }

    #[test]
    fn duplicates_keep_the_first_record() {
        let a = record("f", 1, &[1]);
        let b = record("f", 1, &[2]);
        let bytes = write([&a, &b], Variant::default(), &[], &WriteOptions::default());
        let p = IndexedProfile::parse(&bytes).unwrap();
        assert_eq!(p.lookup(b"f").unwrap(), [a]);
    }

    #[test]
    fn sparse_keeps_a_zero_record_beside_a_nonzero_one() {
        // shouldEncodeData looks at the whole name.
        let records = [
            record("f", 1, &[0]),
            record("f", 2, &[3]),
            record("g", 1, &[0, 0]),
        ];
        let mut with_bitmap = record("h", 1, &[0]);
        with_bitmap.bitmap = vec![0, 1];
        let options = WriteOptions {
            sparse: true,
            ..WriteOptions::default()
        };
        let bytes = write(
            records.iter().chain([&with_bitmap]),
            Variant::default(),
            &[],
            &options,
        );
        let p = IndexedProfile::parse(&bytes).unwrap();
        assert_eq!(p.lookup(b"f").unwrap().len(), 2);
        assert!(p.lookup(b"g").unwrap().is_empty());
        assert_eq!(p.lookup(b"h").unwrap(), [with_bitmap]);
    }

    #[test]
    fn variant_flags_and_sections() {
        let cs = record("f", 7 | CS_FLAG_IN_FUNC_HASH, &[5, 1]);
        let plain = record("g", 8, &[2]);
        let variant = Variant(
            format::VARIANT_MASK_IR_PROF
                | format::VARIANT_MASK_CSIR_PROF
                | format::VARIANT_MASK_TEMPORAL_PROF
                | format::VARIANT_MASK_MEMPROF
                | format::VARIANT_MASK_DBG_CORRELATE,
        );
        let ids = [vec![3; 9], vec![1; 4], vec![3; 9]];
        let bytes = write([&cs, &plain], variant, &ids, &WriteOptions::default());
        let p = IndexedProfile::parse(&bytes).unwrap();
        assert!(p.variant().is_context_sensitive() && p.variant().is_temporal());
        assert!(!p.variant().has_memprof() && !p.variant().is_debug_info_correlated());
        assert_eq!(p.summary().fields(), [1, 1, 2, 2, 0, 2]);
        assert_eq!(
            p.cs_summary().map(Summary::fields),
            Some([1, 2, 5, 5, 1, 6])
        );
        assert_eq!(p.binary_ids(), [&[1u8; 4][..], &[3; 9]]);
        let traces = p.header().temporal_prof_traces_offset.unwrap();
        assert_eq!(bytes.len() as u64, traces + 16);
        let mut text = String::new();
        crate::indexed::dump(&bytes, &mut text).unwrap();
        assert!(text.contains("variant 0x8300000000000000 [ir, csir, temporal]"));
        assert!(text.contains("\ncontext-sensitive summary at 0x208, 6 fields"));
        assert!(text.contains(&format!("\ntemporal profile traces at {traces:#x}")));
    }

    #[test]
    fn value_data_is_sorted_by_count() {
        let mut r = record("f", 1, &[1]);
        let vd = |value, count| ValueData { value, count };
        r.values.sites[1] = vec![vec![vd(1, 1), vd(2, 5), vd(3, 1), vd(4, 5)]];
        let bytes = write([&r], Variant::default(), &[], &WriteOptions::default());
        let p = IndexedProfile::parse(&bytes).unwrap();
        let got = p.lookup(b"f").unwrap();
        assert_eq!(
            got.first().map(|r| r.values.sites[1].clone()),
            Some(vec![vec![vd(2, 5), vd(4, 5), vd(1, 1), vd(3, 1)]])
        );
    }

    /// A small random record; names and hashes come from small pools so
    /// that names with several hashes, and map collisions, are common.
    fn arb_record() -> impl Strategy<Value = Record<'static>> {
        let count = prop_oneof![Just(0u64), 0..100u64, any::<u64>()];
        let site = prop::collection::vec((0..20u64, 0..10u64), 0..4);
        (
            0..12u8,
            prop_oneof![0..16u64, any::<u64>()],
            prop::collection::vec(count, 0..6),
            prop::collection::vec(any::<u8>(), 0..3),
            prop::collection::vec(site, 0..3),
        )
            .prop_map(|(name, hash, counts, bitmap, sites)| {
                let mut values = ValueProfile::default();
                let sites = sites
                    .into_iter()
                    .map(|s| {
                        s.into_iter()
                            .map(|(value, count)| ValueData { value, count })
                            .collect()
                    })
                    .collect();
                if let Some(kind) = values.sites.get_mut(usize::from(name % 3)) {
                    *kind = sites;
                }
                Record {
                    name: Cow::Owned(format!("fn{name}").into_bytes()),
                    hash,
                    counts,
                    bitmap,
                    values,
                }
            })
    }

    proptest! {
        #[test]
        fn write_then_read_gives_the_records_back(
            records in prop::collection::vec(arb_record(), 0..40),
            sparse in any::<bool>(),
            version in prop_oneof![
                Just(IndexedVersion::V11),
                Just(IndexedVersion::V12),
                Just(IndexedVersion::V13),
            ],
        ) {
            let options = WriteOptions { version, sparse };
            let bytes = write(&records, Variant::default(), &[], &options);
            let p = IndexedProfile::parse(&bytes).unwrap();
            prop_assert_eq!(p.version(), version.number());

            // The naive model: first record per (name, hash), values sorted
            // by count, all-zero names dropped when sparse.
            let mut expected: Vec<Record<'_>> = Vec::new();
            for r in &records {
                if !expected.iter().any(|e| e.name == r.name && e.hash == r.hash) {
                    let mut r = r.clone();
                    r.values = value_prof::sorted_by_count(&r.values);
                    expected.push(r);
                }
            }
            let nonzero = |r: &Record<'_>| {
                r.counts.iter().any(|&c| c > 0) || r.bitmap.iter().any(|&b| b > 0)
            };
            let kept: Vec<Cow<'_, [u8]>> = expected
                .iter()
                .filter(|r| nonzero(r))
                .map(|r| r.name.clone())
                .collect();
            expected.retain(|r| !sparse || kept.contains(&r.name));

            let got: Vec<Record<'_>> = p.records().collect::<crate::Result<_>>().unwrap();
            let mut sorted_got = got.clone();
            sorted_got.sort_by_key(|r| (r.name.clone(), r.hash));
            expected.sort_by_key(|r| (r.name.clone(), r.hash));
            prop_assert_eq!(&sorted_got, &expected);

            // Each name's records are contiguous, and lookup returns them in
            // the same order.
            let mut names: Vec<&[u8]> = got.iter().map(|r| &*r.name).collect();
            names.dedup();
            prop_assert_eq!(p.num_names(), names.len() as u64);
            for name in names {
                let in_file: Vec<&Record<'_>> = got.iter().filter(|r| &*r.name == name).collect();
                let found = p.lookup(name).unwrap();
                prop_assert_eq!(found.iter().collect::<Vec<_>>(), in_file);
            }

            let mut summary = SummaryBuilder::new();
            for r in expected.iter().filter(|r| r.hash & CS_FLAG_IN_FUNC_HASH == 0) {
                summary.add_record(&r.counts);
            }
            prop_assert_eq!(p.summary(), &summary.finish());
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            let _ = crate::indexed::tests::exercise(&bytes);
        }

        #[test]
        fn corrupted_output_never_panics(
            records in prop::collection::vec(arb_record(), 1..10),
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
        ) {
            let mut bytes = write(&records, Variant::default(), &[vec![1; 5]], &WriteOptions::default());
            let i = at.index(bytes.len());
            if let Some(b) = bytes.get_mut(i) {
                *b = byte;
            }
            let _ = crate::indexed::tests::exercise(&bytes);
        }
    }
}
