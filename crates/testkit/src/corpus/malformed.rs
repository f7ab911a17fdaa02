//! The hostile inputs of `fixtures/malformed/`: each starts from a
//! well-formed synthetic file and breaks one rule.

use super::covmap_sample;
use super::synthetic::{base_records, binary_id};
use crate::bytes::{Endian, PointerWidth, uleb128, uleb128_overflowing};
use crate::covmap::{
    COVMAP_VERSION_7, Counter, CoverageSections, CovfunRecord, CovmapBlock, Filenames,
    FunctionMapping, Region, RegionKind, encode_filenames_raw,
};
use crate::indexed::{HeaderField as IndexedField, IndexedProfile, hash_table};
use crate::names::{Compression, NamesSection};
use crate::object::ObjectBuilder;
use crate::raw::{HeaderField, RawProfile, RecordField};
use crate::text::TextProfile;
use crate::value_prof::{IPVK_MEM_OP_SIZE, ValueData};
use crate::zlib;
use std::fmt::Write as _;

/// One malformed fixture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedFile {
    /// File name.
    pub name: &'static str,
    /// The one thing that is wrong with it.
    pub what_is_wrong: &'static str,
    /// The covkit error a reader must report (filled in as readers land).
    pub expected_error: &'static str,
    /// What LLVM 22's tools report for it (observed with
    /// `llvm-profdata-22 show` / `llvm-cov-22 export`).
    pub llvm_22: &'static str,
    /// Contents.
    pub bytes: Vec<u8>,
}

const LE: Endian = Endian::Little;

fn put_u64(bytes: &mut [u8], at: usize, value: u64, endian: Endian) {
    let b = match endian {
        Endian::Little => value.to_le_bytes(),
        Endian::Big => value.to_be_bytes(),
    };
    bytes[at..at + 8].copy_from_slice(&b);
}

fn put_u32(bytes: &mut [u8], at: usize, value: u32, endian: Endian) {
    let b = match endian {
        Endian::Little => value.to_le_bytes(),
        Endian::Big => value.to_be_bytes(),
    };
    bytes[at..at + 4].copy_from_slice(&b);
}

fn get_u64(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

fn base_raw(endian: Endian, width: PointerWidth) -> RawProfile {
    let mut p = RawProfile::new(10, endian, width).binary_id(&binary_id(0xb0));
    for r in base_records() {
        p = p.record(r);
    }
    p
}

/// The base v10 profile with header `field` set to `value`.
fn raw_header(endian: Endian, width: PointerWidth, field: HeaderField, value: u64) -> Vec<u8> {
    let (mut bytes, layout) = base_raw(endian, width).build_with_layout();
    let at = layout.header_field_offset(field).expect("v10 field");
    put_u64(&mut bytes, at, value, endian);
    bytes
}

fn raw_files() -> Vec<MalformedFile> {
    let w64 = PointerWidth::U64;
    let (base, layout) = base_raw(LE, w64).build_with_layout();
    let mut out = Vec::new();
    let mut add = |name, what_is_wrong, llvm_22, bytes| {
        out.push(MalformedFile {
            name,
            what_is_wrong,
            expected_error: "",
            llvm_22,
            bytes,
        });
    };

    add(
        "raw-truncated-header.profraw",
        "raw v10 profile cut to its first 40 bytes, inside the header",
        "invalid instrumentation profile data (file header is corrupt)",
        base[..40].to_vec(),
    );
    let mut b = base.clone();
    b[1] = b'x';
    add(
        "raw-bad-magic.profraw",
        "magic \\xfflprofx\\x81 (an 'x' for the 'r')",
        "unrecognized instrumentation profile encoding format",
        b,
    );
    add(
        "raw-unsupported-version.profraw",
        "version word 12, a raw version no LLVM wrote",
        "raw profile version mismatch: Profile uses raw profile format version = 12; expected version = 10",
        raw_header(LE, w64, HeaderField::Version, 12),
    );
    add(
        "raw-num-data-past-end.profraw",
        "NumData 4096: the data records would run far past the end",
        "invalid instrumentation profile data (file header is corrupt)",
        raw_header(LE, w64, HeaderField::NumData, 4096),
    );
    add(
        "raw-names-size-past-end.profraw",
        "NamesSize 0x10000, past the end of the file",
        "invalid instrumentation profile data (file header is corrupt)",
        raw_header(LE, w64, HeaderField::NamesSize, 0x10000),
    );
    add(
        "raw-binary-ids-size-past-end.profraw",
        "BinaryIdsSize 0x10000, past the end of the file",
        "invalid instrumentation profile data (file header is corrupt)",
        raw_header(LE, w64, HeaderField::BinaryIdsSize, 0x10000),
    );

    let record = |field: RecordField| layout.record_field_offset(0, field).expect("v10 field");
    let mut b = base.clone();
    put_u32(&mut b, record(RecordField::NumCounters), 0x0001_0000, LE);
    add(
        "raw-counts-past-end.profraw",
        "record 0 (main) has NumCounters 65536: its counters run past the counters section",
        "malformed instrumentation profile data: number of counters 65536 is greater than the maximum number of counters 10",
        b,
    );
    let (mut b, be_layout) = base_raw(Endian::Big, PointerWidth::U32).build_with_layout();
    let at = be_layout
        .record_field_offset(0, RecordField::NumCounters)
        .expect("v10 field");
    put_u32(&mut b, at, 0x0001_0000, Endian::Big);
    add(
        "raw-v10-32-be-counts-past-end.profraw",
        "as raw-counts-past-end.profraw in a 32-bit big-endian profile",
        "malformed instrumentation profile data: number of counters 65536 is greater than the maximum number of counters 10",
        b,
    );
    let mut b = base.clone();
    put_u32(&mut b, record(RecordField::NumCounters), 0, LE);
    add(
        "raw-counters-zero.profraw",
        "record 0 (main) has NumCounters 0",
        "malformed instrumentation profile data: number of counters is zero",
        b,
    );
    let mut b = base.clone();
    let at = record(RecordField::CounterPtr);
    let ptr = get_u64(&b, at).wrapping_sub(16);
    put_u64(&mut b, at, ptr, LE);
    add(
        "raw-counter-offset-negative.profraw",
        "record 0's CounterPtr points 16 bytes before the counters section",
        "malformed instrumentation profile data: counter offset -16 is negative",
        b,
    );

    let unaligned = base_raw(LE, w64).pad_binary_ids(false).build();
    add(
        "raw-binary-ids-size-unaligned.profraw",
        "raw v10 with an unpadded 20-byte binary ID: BinaryIdsSize 28 is not a multiple of 8 (fine only in raw v7)",
        "invalid instrumentation profile data (file header is corrupt)",
        unaligned,
    );
    let zero_id = RawProfile::new(10, LE, w64)
        .binary_id(&[])
        .function("main", 1, &[1])
        .build();
    add(
        "raw-binary-id-length-zero.profraw",
        "a binary ID of length 0",
        "malformed instrumentation profile data: binary id length is 0",
        zero_id,
    );
    let mut b = base.clone();
    put_u64(&mut b, layout.binary_ids_offset, 0x1000, LE);
    add(
        "raw-binary-id-length-past-end.profraw",
        "the binary ID's length field says 0x1000, more than BinaryIdsSize (32)",
        "malformed instrumentation profile data: not enough data to read binary id data",
        b,
    );

    let bomb = zlib::bomb(2 << 20, b'a');
    let names = NamesSection::new().raw_chunk(16, bomb.len() as u64, &bomb);
    add(
        "raw-names-zlib-bomb.profraw",
        "names chunk declares 16 uncompressed bytes; its zlib payload inflates to 2 MiB",
        "failed to uncompress data (zlib)",
        base_raw(LE, w64).names_section(names).build(),
    );
    let names = NamesSection::new().raw_chunk(33, 0x1000, b"not enough bytes");
    add(
        "raw-names-chunk-past-end.profraw",
        "names chunk declares 0x1000 compressed bytes; the section holds 16",
        "failed to uncompress data (zlib)",
        base_raw(LE, w64).names_section(names).build(),
    );
    let garbage = b"this is not a zlib stream";
    let names = NamesSection::new().raw_chunk(33, garbage.len() as u64, garbage);
    add(
        "raw-names-bad-zlib.profraw",
        "names chunk marked compressed whose payload is not a zlib stream",
        "failed to uncompress data (zlib)",
        base_raw(LE, w64).names_section(names).build(),
    );

    let with_values = RawProfile::new(10, LE, w64)
        .function("main", 1, &[1])
        .value_data(ValueData::new().site(IPVK_MEM_OP_SIZE, &[(8, 3)]));
    let (vbytes, vlayout) = with_values.build_with_layout();
    add(
        "raw-value-data-truncated.profraw",
        "main has a value site but the file ends 12 bytes into its ValueProfData",
        "too much profile data",
        vbytes[..vlayout.value_data_offset + 12].to_vec(),
    );
    let mut b = vbytes.clone();
    put_u32(&mut b, vlayout.value_data_offset + 8, 9, LE);
    add(
        "raw-value-data-bad-kind.profraw",
        "ValueProfData record of value kind 9 (IPVK_Last is 2)",
        "malformed instrumentation profile data: value kind is invalid",
        b,
    );
    let mut b = vbytes;
    put_u32(&mut b, vlayout.value_data_offset, 0x1000, LE);
    add(
        "raw-value-data-size-past-end.profraw",
        "ValueProfData TotalSize 0x1000, past the end of the file",
        "too much profile data",
        b,
    );

    let mut b = base.clone();
    b.extend_from_slice(&[0; 4]);
    b.extend_from_slice(&base);
    add(
        "raw-concat-misaligned.profraw",
        "two profiles with 4 zero bytes between them: the second header is not 8-aligned",
        "malformed instrumentation profile data: insufficient padding",
        b,
    );
    let mut b = base;
    b.extend_from_slice(&[1, 2, 3, 4, 5]);
    add(
        "raw-trailing-garbage.profraw",
        "5 non-zero bytes after the profile: too short for another header",
        "malformed instrumentation profile data: not enough space for another header",
        b,
    );
    out
}

fn base_indexed() -> IndexedProfile {
    let mut p = IndexedProfile::new(13).binary_id(&binary_id(0xb0));
    for r in base_records() {
        p = p.record(r);
    }
    p
}

fn indexed_files() -> Vec<MalformedFile> {
    let (base, layout) = base_indexed().build_with_layout();
    let header = |field| layout.header_field_offset(field).expect("v13 field");
    let mut out = Vec::new();
    let mut add = |name, what_is_wrong, llvm_22, bytes| {
        out.push(MalformedFile {
            name,
            what_is_wrong,
            expected_error: "",
            llvm_22,
            bytes,
        });
    };
    let patched = |at: usize, value: u64| {
        let mut b = base.clone();
        put_u64(&mut b, at, value, LE);
        b
    };

    add(
        "indexed-truncated-header.profdata",
        "indexed v13 profile cut to 20 bytes, inside the header",
        "truncated profile data",
        base[..20].to_vec(),
    );
    add(
        "indexed-truncated-summary.profdata",
        "indexed v13 profile cut right after its 72-byte header: no summary",
        "crashes (SIGSEGV)",
        base[..72].to_vec(),
    );
    let mut b = base.clone();
    b[6] = b'x';
    add(
        "indexed-bad-magic.profdata",
        "magic \\xfflprofx\\x81 (an 'x' for the 'i')",
        "unrecognized instrumentation profile encoding format",
        b,
    );
    add(
        "indexed-unsupported-version.profdata",
        "version 14, newer than LLVM 22's 13",
        "unsupported instrumentation profile format version",
        patched(header(IndexedField::Version), 14),
    );
    add(
        "indexed-bad-hash-type.profdata",
        "HashType 7 (only 0, MD5, exists)",
        "unsupported instrumentation profile hash type",
        patched(header(IndexedField::HashType), 7),
    );
    add(
        "indexed-hash-offset-past-end.profdata",
        "HashOffset points 0x1000 bytes past the end of the file",
        "accepted, reading past the buffer: shows 0 functions",
        patched(header(IndexedField::HashOffset), base.len() as u64 + 0x1000),
    );
    add(
        "indexed-num-buckets-huge.profdata",
        "the hash table's NumBuckets is 2^40",
        "accepted: `show` iterates the payload and never reads the table",
        patched(layout.hash_offset, 1 << 40),
    );
    let bucket = (0..get_u64(&base, layout.hash_offset) as usize)
        .map(|i| layout.hash_offset + 16 + 8 * i)
        .find(|&at| get_u64(&base, at) != 0)
        .expect("a non-empty bucket");
    add(
        "indexed-bucket-offset-past-end.profdata",
        "the first non-empty bucket's offset points past the end of the file",
        "accepted: `show` iterates the payload and never reads the bucket offsets",
        patched(bucket, base.len() as u64 + 0x1000),
    );
    let first_item = layout.payload_offset + 2;
    add(
        "indexed-item-data-past-end.profdata",
        "the first item's data length is 0x100000, past the end of the file",
        "malformed instrumentation profile data: profile data is empty",
        patched(first_item + 16, 0x10_0000),
    );
    let items = hash_table::read_all(&base, layout.payload_offset, layout.hash_offset);
    let data_at = first_item + 24 + items[0].key.len();
    add(
        "indexed-num-counts-past-item.profdata",
        "the first record's NumCounts is 0x10000, more than its item holds",
        "malformed instrumentation profile data: profile data is empty",
        patched(data_at + 8, 0x1_0000),
    );
    let counts = get_u64(&base, data_at + 8) as usize;
    let bitmap = get_u64(&base, data_at + 16 + 8 * counts) as usize;
    let value_at = data_at + 24 + 8 * counts + 8 * bitmap;
    let mut b = base.clone();
    put_u32(&mut b, value_at, 0x1000, LE);
    add(
        "indexed-value-data-size-past-item.profdata",
        "the first record's ValueProfData TotalSize is 0x1000, past its item",
        "malformed instrumentation profile data: profile data is empty",
        b,
    );
    let ids = layout.binary_ids_offset.expect("v13 has binary IDs");
    add(
        "indexed-binary-ids-size-unaligned.profdata",
        "binary IDs section size 33, not a multiple of 8",
        "invalid instrumentation profile data (file header is corrupt)",
        patched(ids, 33),
    );
    add(
        "indexed-binary-id-offset-past-end.profdata",
        "BinaryIdOffset points past the end of the file",
        "malformed instrumentation profile data: corrupted binary ids",
        patched(
            header(IndexedField::BinaryIdOffset),
            base.len() as u64 + 0x1000,
        ),
    );
    add(
        "indexed-summary-entries-huge.profdata",
        "the summary's NumCutoffEntries is 2^32",
        "crashes (SIGSEGV)",
        patched(layout.summary_offset + 8, 1 << 32),
    );
    out
}

fn text_files() -> Vec<MalformedFile> {
    let good = TextProfile::new().function("main", 24, &[1, 3]).build();
    let mut out = Vec::new();
    let mut add = |name, what_is_wrong, llvm_22, text: String| {
        out.push(MalformedFile {
            name,
            what_is_wrong,
            expected_error: "",
            llvm_22,
            bytes: text.into_bytes(),
        });
    };
    add(
        "text-bad-counter.proftext",
        "a counter value 'x1' is not a number",
        "malformed instrumentation profile data: count is invalid",
        good.replace("\n3\n", "\nx1\n"),
    );
    add(
        "text-missing-counters.proftext",
        "declares 3 counters, holds 2, then ends",
        "truncated profile data",
        good.replace("# Num Counters:\n2\n", "# Num Counters:\n3\n"),
    );
    add(
        "text-bad-hash.proftext",
        "function hash '0xzz' is not a number",
        "malformed instrumentation profile data: function hash is not a valid integer",
        good.replace("# Func Hash:\n24\n", "# Func Hash:\n0xzz\n"),
    );
    add(
        "text-zero-counters.proftext",
        "declares 0 counters",
        "malformed instrumentation profile data: number of counters is zero",
        "main\n# Func Hash:\n24\n# Num Counters:\n0\n# Counter Values:\n\n".to_owned(),
    );
    add(
        "text-unknown-header.proftext",
        "header line ':bogus' is not a known flag",
        "invalid instrumentation profile data (file header is corrupt)",
        format!(":bogus\n{good}"),
    );
    add(
        "text-bad-bitmap-byte.proftext",
        "bitmap byte '0xzz' is not a number",
        "malformed instrumentation profile data: bitmap byte is not a valid integer",
        TextProfile::new()
            .function("main", 24, &[1, 3])
            .bitmap(&[5, 7])
            .build()
            .replace("0x7\n", "0xzz\n"),
    );
    out
}

/// The synthetic coverage data with each covfun record passed through
/// `modify` (by function name).
fn sections_with(modify: impl Fn(&str, &mut CovfunRecord)) -> CoverageSections {
    let data = covmap_sample::coverage(LE, COVMAP_VERSION_7, Compression::None);
    let mut sections = data.build();
    sections.covfun.clear();
    for unit in data.units() {
        for (name, hash, mapping) in unit.functions() {
            let mut r = CovfunRecord::new(name, *hash, unit.filenames(), mapping);
            modify(name, &mut r);
            sections.covfun.extend(r.encode(LE));
        }
    }
    sections
}

/// `main`'s mapping with `region` added (before sorting).
fn main_with(region: Region) -> Vec<u8> {
    covmap_sample::main_mapping(true).region(region).encode()
}

fn elf(sections: &CoverageSections) -> Vec<u8> {
    ObjectBuilder::elf(sections)
}

fn covmap_files() -> Vec<MalformedFile> {
    let good = sections_with(|_, _| {});
    let mut out = Vec::new();
    let mut add = |name, what_is_wrong, llvm_22, sections: CoverageSections| {
        out.push(MalformedFile {
            name,
            what_is_wrong,
            expected_error: "",
            llvm_22,
            bytes: elf(&sections),
        });
    };
    let second_block = CovmapBlock::new(
        COVMAP_VERSION_7,
        &Filenames::new(&[covmap_sample::COMP_DIR, "lib.c"]),
    )
    .encode(LE);
    let with_covmap = |covmap: Vec<u8>| CoverageSections {
        covmap,
        ..good.clone()
    };
    let first_block_patched = |at: usize, value: u32| {
        let mut covmap = good.covmap.clone();
        put_u32(&mut covmap, at, value, LE);
        with_covmap(covmap)
    };
    let main_mapping = |mapping: Vec<u8>| {
        sections_with(move |name, r| {
            if name == "main" {
                r.mapping = mapping.clone();
            }
        })
    };

    add(
        "covmap-truncated-header.o",
        "__llvm_covmap holds 10 bytes, less than one 16-byte block header",
        "llvm-cov: malformed coverage data: coverage mapping header section is larger than buffer size",
        with_covmap(good.covmap[..10].to_vec()),
    );
    add(
        "covmap-filenames-size-past-end.o",
        "the first covmap block's FilenamesSize is 0x1000, past the section end",
        "llvm-cov: malformed coverage data: filenames section is larger than buffer size",
        first_block_patched(4, 0x1000),
    );
    add(
        "covmap-coverage-size-nonzero.o",
        "the first covmap block's CoverageSize is 8 (must be 0 from Version4)",
        "llvm-cov: malformed coverage data: coverage mapping size is not zero",
        first_block_patched(8, 8),
    );
    add(
        "covmap-unsupported-version.o",
        "the first covmap block's Version is 99",
        "llvm-cov: unsupported coverage format version",
        first_block_patched(12, 99),
    );
    let bomb = zlib::bomb(2 << 20, b'/');
    let mut covmap = CovmapBlock::from_encoded(
        COVMAP_VERSION_7,
        encode_filenames_raw(3, 16, bomb.len() as u64, &bomb),
    )
    .encode(LE);
    covmap.extend_from_slice(&second_block);
    add(
        "covmap-filenames-zlib-bomb.o",
        "the first unit's filenames declare 16 uncompressed bytes; the zlib payload inflates to 2 MiB",
        "llvm-cov: failed to decompress coverage data (zlib)",
        with_covmap(covmap),
    );
    let mut covmap =
        CovmapBlock::from_encoded(COVMAP_VERSION_7, encode_filenames_raw(0, 0, 0, &[])).encode(LE);
    covmap.extend_from_slice(&second_block);
    add(
        "covmap-filenames-count-zero.o",
        "the first unit's filenames blob holds 0 filenames",
        "llvm-cov: malformed coverage data: number of filenames is zero",
        with_covmap(covmap),
    );
    let mut strings = uleb128(200);
    strings.extend_from_slice(b"/short");
    let mut covmap = CovmapBlock::from_encoded(
        COVMAP_VERSION_7,
        encode_filenames_raw(1, strings.len() as u64, 0, &strings),
    )
    .encode(LE);
    covmap.extend_from_slice(&second_block);
    add(
        "covmap-filename-length-past-end.o",
        "a filename's length says 200 bytes; the blob holds 6",
        "llvm-cov: malformed coverage data: the value of ULEB128 is too big",
        with_covmap(covmap),
    );

    let bomb = zlib::bomb(2 << 20, b'a');
    add(
        "names-zlib-bomb.o",
        "__llvm_prf_names chunk declares 16 uncompressed bytes; its zlib payload inflates to 2 MiB",
        "llvm-cov: failed to uncompress data (zlib)",
        CoverageSections {
            names: NamesSection::new()
                .raw_chunk(16, bomb.len() as u64, &bomb)
                .build(),
            ..good.clone()
        },
    );
    add(
        "names-missing-function.o",
        "__llvm_prf_names lacks lib_fn, whose covfun record refers to it",
        "llvm-cov: malformed instrumentation profile data: function name is empty",
        CoverageSections {
            names: NamesSection::new()
                .chunk(
                    &["main", "main.c:helper", "main.c:unused"],
                    Compression::None,
                )
                .build(),
            ..good.clone()
        },
    );

    add(
        "covfun-data-size-past-end.o",
        "main's covfun DataSize is 0x10000, past the end of the section",
        "llvm-cov: malformed coverage data: coverage mapping data is larger than buffer size",
        sections_with(|name, r| {
            if name == "main" {
                r.data_size = Some(0x1_0000);
            }
        }),
    );
    add(
        "covfun-truncated-header.o",
        "__llvm_covfun holds 20 bytes, less than one 28-byte record header",
        "llvm-cov: malformed coverage data: no filename found for function with hash=0x0",
        CoverageSections {
            covfun: good.covfun[..20].to_vec(),
            ..good.clone()
        },
    );
    add(
        "covfun-unknown-filenames-ref.o",
        "main's FilenamesRef matches no covmap block",
        "llvm-cov: malformed coverage data: no filename found for function with hash=0x1234",
        sections_with(|name, r| {
            if name == "main" {
                r.filenames_ref = 0x1234;
            }
        }),
    );

    let mut mapping = uleb128_overflowing();
    mapping.extend_from_slice(&[1, 0, 0]);
    add(
        "covmap-uleb-overflow.o",
        "main's mapping starts with a 10-byte ULEB128 (NumFileIDs) that overflows 64 bits",
        "llvm-cov: malformed coverage data",
        main_mapping(mapping),
    );
    let mut mapping = covmap_sample::main_mapping(true).encode();
    if let Some(last) = mapping.last_mut() {
        *last |= 0x80;
    }
    add(
        "covmap-uleb-unterminated.o",
        "main's mapping ends inside a ULEB128: the last byte has the continuation bit",
        "llvm-cov: malformed coverage data",
        main_mapping(mapping),
    );
    let mut mapping = uleb128(1 << 32);
    mapping.extend_from_slice(&[1, 0, 0]);
    add(
        "covmap-uleb-too-big.o",
        "main's NumFileIDs is 2^32, a valid ULEB128 that does not fit 32 bits",
        "llvm-cov: malformed coverage data",
        main_mapping(mapping),
    );
    let mut mapping = uleb128(1);
    mapping.extend_from_slice(&[1, 0]);
    mapping.extend_from_slice(&uleb128(1 << 31));
    add(
        "covmap-region-count-huge.o",
        "main's file ID 0 claims 2^31 regions in a few bytes",
        "llvm-cov: malformed coverage data",
        main_mapping(mapping),
    );
    add(
        "covmap-unknown-region-kind.o",
        "main has a region whose header has tag 0 and kind 7",
        "llvm-cov: malformed coverage data",
        main_mapping(main_with(Region::new(
            RegionKind::Unknown(7),
            (9, 1),
            (9, 5),
        ))),
    );
    add(
        "covmap-region-kind-gap-as-kind.o",
        "main has a region header with tag 0 and kind 3 (gap is only marked by bit 31 of the end column)",
        "llvm-cov: malformed coverage data",
        main_mapping(main_with(Region::new(
            RegionKind::Unknown(3),
            (9, 1),
            (9, 5),
        ))),
    );
    add(
        "covmap-region-start-after-end.o",
        "main has a code region from 9:10 to 9:3",
        "llvm-cov: malformed coverage data",
        main_mapping(main_with(Region::code(
            Counter::Counter(0),
            (9, 10),
            (9, 3),
        ))),
    );
    add(
        "covmap-region-end-line-before-start.o",
        "main has a code region from 9:1 to 8:1 (line count stored as 0xffffffff)",
        "llvm-cov: malformed coverage data",
        main_mapping(main_with(Region::code(Counter::Counter(0), (9, 1), (8, 1)))),
    );
    add(
        "covmap-expansion-file-id-out-of-range.o",
        "main has an expansion region into local file ID 9; it has 2",
        "llvm-cov: malformed coverage data",
        main_mapping(main_with(Region::expansion(9, (9, 1), (9, 5)))),
    );
    add(
        "covmap-expansion-cycle.o",
        "main's file ID 1 (the macro body) has an expansion region into file ID 1, itself (found by the structured fuzz target: reports walked the expansions without end)",
        "crashes (SIGSEGV)",
        main_mapping(main_with(Region::expansion(1, (1, 2), (1, 6)).in_file(1))),
    );
    add(
        "covmap-filename-index-out-of-range.o",
        "main's file-ID map points at filename 7; the unit has 3",
        "llvm-cov: malformed coverage data",
        main_mapping(
            FunctionMapping::new(&[7])
                .region(Region::code(Counter::Counter(0), (1, 1), (2, 1)))
                .encode(),
        ),
    );
    add(
        "covmap-expression-id-out-of-range.o",
        "main has a region counting expression 5; it has 2 expressions",
        "llvm-cov: malformed coverage data",
        main_mapping(main_with(Region::code(Counter::Add(5), (9, 1), (9, 5)))),
    );
    add(
        "covmap-mcdc-branch-id-zero.o",
        "main has an MC/DC branch region with stored condition ID 0",
        "llvm-cov: malformed coverage data",
        main_mapping(main_with(Region::new(
            RegionKind::McdcBranch {
                true_count: Counter::Zero,
                false_count: Counter::Zero,
                id: 0,
                true_id: 0,
                false_id: 0,
            },
            (10, 17),
            (10, 18),
        ))),
    );
    out
}

/// Every malformed fixture, in a stable order.
#[must_use]
pub fn malformed_files() -> Vec<MalformedFile> {
    let mut out = raw_files();
    out.extend(indexed_files());
    out.extend(text_files());
    out.extend(covmap_files());
    for file in &mut out {
        if let Some((_, error)) = super::expected_errors::EXPECTED_ERRORS
            .iter()
            .find(|(name, _)| *name == file.name)
        {
            file.expected_error = error;
        }
    }
    out
}

/// The text of `fixtures/malformed/README.md`.
#[must_use]
pub fn malformed_readme(files: &[MalformedFile]) -> String {
    let mut out = String::from(
        "# Malformed inputs\n\n\
Each file breaks one rule of its format; everything else is well formed\n\
(they start from the synthetic fixtures of `../synthetic`). Decoders must\n\
reject them with an error that names the problem and its offset, never\n\
panic, and never allocate or inflate more than the input justifies.\n\n\
Generated by `cargo run -q -p covkit-testkit --example synth -- fixtures`\n\
from `crates/testkit/src/corpus/malformed.rs`; edit the table there (for\n\
example to fill in the expected error) and regenerate. The `.o` files are\n\
64-bit little-endian ELF relocatable objects holding `__llvm_covmap`,\n\
`__llvm_covfun` and `__llvm_prf_names`. The last column is what LLVM 22's\n\
`llvm-profdata show` or `llvm-cov export` reported (reference only).\n\n\
| file | what is wrong | expected error | LLVM 22 says |\n\
|---|---|---|---|\n",
    );
    for f in files {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            f.name,
            f.what_is_wrong.replace('|', "\\|"),
            f.expected_error.replace('|', "\\|"),
            f.llvm_22.replace('|', "\\|")
        );
    }
    out
}
