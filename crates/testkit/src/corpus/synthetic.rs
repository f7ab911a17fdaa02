//! The well-formed fixtures of `fixtures/synthetic/`.

use super::covmap_sample;
use crate::bytes::{Endian, PointerWidth};
use crate::covmap::{COVMAP_VERSION_6, COVMAP_VERSION_7, CoverageData};
use crate::hash::md5_low64;
use crate::indexed::{INDEXED_VERSIONS, IndexedProfile};
use crate::names::{Compression, NamesSection};
use crate::object::{ObjectBuilder, ObjectFormat};
use crate::raw::{self, RAW_VERSIONS, RawProfile};
use crate::record::{CS_HASH_FLAG, FunctionRecord};
use crate::text::TextProfile;
use crate::value_prof::{IPVK_INDIRECT_CALL_TARGET, IPVK_MEM_OP_SIZE, ValueData};
use crate::variant;

/// What a synthetic file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// One raw profile, or several concatenated.
    Raw(Vec<RawProfile>),
    /// An indexed profile.
    Indexed(IndexedProfile),
    /// A text profile.
    Text(TextProfile),
    /// A relocatable object with coverage sections.
    Object {
        /// Container format.
        format: ObjectFormat,
        /// Byte order.
        endian: Endian,
        /// Pointer width.
        width: PointerWidth,
        /// Covmap version stored in the blocks.
        covmap_version: u32,
        /// The coverage data.
        data: CoverageData,
    },
}

/// One file of `fixtures/synthetic/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticFile {
    /// File name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// What it holds.
    pub contents: Contents,
}

impl SyntheticFile {
    fn new(name: impl Into<String>, description: &str, contents: Contents) -> SyntheticFile {
        SyntheticFile {
            name: name.into(),
            description: description.to_owned(),
            contents,
        }
    }

    /// The file's bytes.
    #[must_use]
    pub fn bytes(&self) -> Vec<u8> {
        match &self.contents {
            Contents::Raw(profiles) => {
                let built: Vec<Vec<u8>> = profiles.iter().map(RawProfile::build).collect();
                if built.len() == 1 {
                    built.into_iter().next().unwrap_or_default()
                } else {
                    raw::concat(&built)
                }
            }
            Contents::Indexed(p) => p.build(),
            Contents::Text(t) => t.build().into_bytes(),
            Contents::Object {
                format,
                endian,
                width,
                data,
                ..
            } => ObjectBuilder::coverage(*format, *endian, *width, &data.build()).build(),
        }
    }

    /// What `llvm-profdata merge --text` prints for this profile (LLVM 22
    /// format): records merged by (name, hash) across concatenated
    /// profiles. `None` for objects.
    #[must_use]
    pub fn expected_text(&self) -> Option<String> {
        const PRINTED: u64 = variant::IR_PROF
            | variant::CSIR_PROF
            | variant::INSTR_ENTRY
            | variant::INSTR_LOOP_ENTRIES
            | variant::BYTE_COVERAGE
            | variant::TEMPORAL_PROF;
        match &self.contents {
            Contents::Raw(profiles) => {
                let variants = profiles.first().map_or(0, RawProfile::variants);
                let mut merged: Vec<FunctionRecord> = Vec::new();
                for p in profiles {
                    for r in p.expected_records() {
                        merge_into(&mut merged, r);
                    }
                }
                let mut text = TextProfile::new()
                    .variant(variants & PRINTED)
                    .records(merged);
                for p in profiles {
                    let trace = p.expected_trace();
                    if !trace.is_empty() {
                        let names: Vec<&str> = trace.iter().map(String::as_str).collect();
                        text = text.temporal_trace(1, &names);
                    }
                }
                Some(text.build())
            }
            Contents::Indexed(p) => {
                let mut text = TextProfile::new()
                    .variant(p.variants() & PRINTED)
                    .records(p.expected_records());
                for name in p.vtable_names() {
                    text = text.vtable_name(name);
                }
                if p.version() >= 10 {
                    for (weight, names) in p.traces() {
                        let names: Vec<&str> = names.iter().map(String::as_str).collect();
                        text = text.temporal_trace(*weight, &names);
                    }
                }
                Some(text.build())
            }
            Contents::Text(t) => Some(t.build()),
            Contents::Object { .. } => None,
        }
    }
}

/// Adds `r` to `merged` the way `llvm-profdata merge` does for records of
/// the same name and hash: counts added, bitmap bytes or-ed.
fn merge_into(merged: &mut Vec<FunctionRecord>, r: FunctionRecord) {
    if let Some(m) = merged
        .iter_mut()
        .find(|m| m.name == r.name && m.hash == r.hash)
    {
        for (a, b) in m.counts.iter_mut().zip(&r.counts) {
            *a = a.saturating_add(*b);
        }
        for (a, b) in m.bitmap.iter_mut().zip(&r.bitmap) {
            *a |= *b;
        }
    } else {
        merged.push(r);
    }
}

/// The structural hash of `main` in the profile fixtures.
pub(crate) const MAIN_HASH: u64 = 0x0a1b_2c3d_4e5f_6071;
/// `foo.c:helper`'s hash (a local function with its file prefix).
pub(crate) const HELPER_HASH: u64 = 0x0000_0000_0001_835c;
/// `_Z3addii`'s hash.
pub(crate) const ADD_HASH: u64 = 0x0000_0000_0000_0018;
/// `mcdc_decide`'s hash.
pub(crate) const MCDC_HASH: u64 = 0x5eed_0000_0000_0042;
/// `FunctionPointer` of `foo.c:helper` in value-data fixtures.
const HELPER_ADDRESS: u64 = 0x0040_1000;

/// The four functions every base profile holds.
pub(crate) fn base_records() -> Vec<FunctionRecord> {
    vec![
        FunctionRecord::new("main", MAIN_HASH, &[1, 0, 5]),
        FunctionRecord::new("foo.c:helper", HELPER_HASH, &[3, 3]),
        FunctionRecord::new("_Z3addii", ADD_HASH, &[(1 << 40) + 7]),
        FunctionRecord::new("mcdc_decide", MCDC_HASH, &[4, 2, 1, 0]).with_bitmap(&[0x05, 0x80]),
    ]
}

/// A 20-byte binary ID (an ELF build ID's size), distinct per `seed`.
pub(crate) fn binary_id(seed: u8) -> Vec<u8> {
    (0..20u8)
        .map(|i| seed.wrapping_add(i.wrapping_mul(7)))
        .collect()
}

fn base_raw(version: u32, endian: Endian, width: PointerWidth) -> RawProfile {
    let mut p = RawProfile::new(version, endian, width).binary_id(&binary_id(0xb0));
    for r in base_records() {
        p = p.record(r);
    }
    p
}

fn raw_name(version: u32, width: PointerWidth, endian: Endian, suffix: &str) -> String {
    format!(
        "raw-v{version}-{}-{}{suffix}.profraw",
        width.bits(),
        endian.short_name()
    )
}

/// Value sites of `main`: a memop site and an indirect-call site whose
/// targets are `foo.c:helper` and an address no function has. Sorted by
/// count, as `llvm-profdata` keeps them.
fn raw_value_data() -> ValueData {
    ValueData::new()
        .site(
            IPVK_INDIRECT_CALL_TARGET,
            &[(HELPER_ADDRESS, 2), (0xdead_0000, 1)],
        )
        .site(IPVK_MEM_OP_SIZE, &[(16, 4), (8, 3)])
}

fn with_value_data(version: u32, endian: Endian, width: PointerWidth) -> RawProfile {
    RawProfile::new(version, endian, width)
        .binary_id(&binary_id(0xb0))
        .function("main", MAIN_HASH, &[1, 0, 5])
        .value_data(raw_value_data())
        .function("foo.c:helper", HELPER_HASH, &[3, 3])
        .function_pointer(HELPER_ADDRESS)
}

fn concat_profiles(version: u32) -> Vec<RawProfile> {
    let (e, w) = (Endian::Little, PointerWidth::U64);
    vec![
        RawProfile::new(version, e, w)
            .binary_id(&binary_id(0xa0))
            .function("main", MAIN_HASH, &[1, 0, 5])
            .function("foo.c:helper", HELPER_HASH, &[3, 3]),
        RawProfile::new(version, e, w)
            .binary_id(&binary_id(0xc0))
            .function("_Z3addii", ADD_HASH, &[9])
            .function("main", MAIN_HASH, &[2, 1, 1]),
    ]
}

fn raw_files() -> Vec<SyntheticFile> {
    let mut out = Vec::new();
    let (le, be) = (Endian::Little, Endian::Big);
    let (w32, w64) = (PointerWidth::U32, PointerWidth::U64);
    for version in RAW_VERSIONS {
        for width in PointerWidth::ALL {
            for endian in Endian::ALL {
                out.push(SyntheticFile::new(
                    raw_name(version, width, endian, ""),
                    "base: 4 functions and a 20-byte binary ID (v7+; unpadded in v7 as LLVM 13 wrote it); mcdc_decide has 2 bitmap bytes from v9",
                    Contents::Raw(vec![base_raw(version, endian, width)]),
                ));
            }
        }
    }
    for version in [5, 8, 10] {
        out.push(SyntheticFile::new(
            raw_name(version, w64, le, "-zlib-names"),
            "base with a zlib-compressed names section",
            Contents::Raw(vec![
                base_raw(version, le, w64).names_compression(Compression::Zlib),
            ]),
        ));
    }
    let chunks = NamesSection::new()
        .chunk(&["main", "foo.c:helper"], Compression::Zlib)
        .zeros(3)
        .chunk(&["_Z3addii", "mcdc_decide"], Compression::None);
    out.push(SyntheticFile::new(
        raw_name(10, w64, le, "-names-chunks"),
        "base with two names chunks (zlib, then raw) and 3 zero bytes between them",
        Contents::Raw(vec![base_raw(10, le, w64).names_section(chunks)]),
    ));
    for (version, width, endian) in [(8, w64, le), (10, w64, le), (10, w32, be)] {
        out.push(SyntheticFile::new(
            raw_name(version, width, endian, "-byte-coverage"),
            "base with single-byte counters (variant bit 60): 0x00 covered, 0xff not",
            Contents::Raw(vec![
                base_raw(version, endian, width).variant(variant::BYTE_COVERAGE),
            ]),
        ));
    }
    out.push(SyntheticFile::new(
        raw_name(10, w64, le, "-temporal"),
        "base with temporal profiling (bit 63): slot 0 of each function is a timestamp; mcdc_decide's is 0 (never called)",
        Contents::Raw(vec![
            RawProfile::new(10, le, w64)
                .variant(variant::TEMPORAL_PROF)
                .binary_id(&binary_id(0xb0))
                .function("main", MAIN_HASH, &[1, 0, 5])
                .timestamp(30)
                .function("foo.c:helper", HELPER_HASH, &[3, 3])
                .timestamp(10)
                .function("_Z3addii", ADD_HASH, &[(1 << 40) + 7])
                .timestamp(20)
                .function("mcdc_decide", MCDC_HASH, &[4, 2, 1, 0])
                .bitmap(&[0x05, 0x80]),
        ]),
    ));
    out.push(SyntheticFile::new(
        raw_name(10, w64, le, "-entry-only"),
        "IR PGO -pgo-function-entry-coverage: IR, byte coverage and function-entry-only bits, one counter per function",
        Contents::Raw(vec![
            RawProfile::new(10, le, w64)
                .variant(
                    variant::IR_PROF | variant::BYTE_COVERAGE | variant::FUNCTION_ENTRY_ONLY,
                )
                .function("main", MAIN_HASH, &[1])
                .function("foo.c:helper", HELPER_HASH, &[1])
                .function("_Z3addii", ADD_HASH, &[0]),
        ]),
    ));
    out.push(SyntheticFile::new(
        raw_name(10, w64, le, "-ir"),
        "base with the IR-level instrumentation bit (56)",
        Contents::Raw(vec![base_raw(10, le, w64).variant(variant::IR_PROF)]),
    ));
    out.push(SyntheticFile::new(
        raw_name(10, w64, le, "-cs"),
        "IR and context-sensitive bits (56, 57); a second main record has the CS flag (bit 60) in its hash",
        Contents::Raw(vec![
            base_raw(10, le, w64)
                .variant(variant::IR_PROF | variant::CSIR_PROF)
                .function("main", MAIN_HASH | CS_HASH_FLAG, &[2, 1]),
        ]),
    ));
    for (version, width, endian) in [(7, w64, le), (8, w64, le), (10, w64, le), (10, w32, be)] {
        out.push(SyntheticFile::new(
            raw_name(version, width, endian, "-value-data"),
            "main has an indirect-call site (foo.c:helper via its FunctionPointer, and an unknown address) and a memop site; ValueProfData follows the names",
            Contents::Raw(vec![with_value_data(version, endian, width)]),
        ));
    }
    for version in [7, 8, 10] {
        out.push(SyntheticFile::new(
            raw_name(version, w64, le, "-concat"),
            "two profiles in one file (different binary IDs), zero-padded to 8; main appears in both with the same hash",
            Contents::Raw(concat_profiles(version)),
        ));
    }
    for endian in Endian::ALL {
        out.push(SyntheticFile::new(
            raw_name(11, w64, endian, "-uniform"),
            "an AMDGPU offload profile: kernel has uniform counters (UniformCounterPtr) and wave size 64; helper has none",
            Contents::Raw(vec![
                RawProfile::new(11, endian, w64)
                    .binary_id(&binary_id(0xd0))
                    .function("_Z6kernelPi", 0x0000_0000_00c0_ffee, &[8, 6, 2])
                    .uniform_counters(&[8, 4, 2])
                    .wave_size(64)
                    .function("foo.c:helper", HELPER_HASH, &[3, 3]),
            ]),
        ));
    }
    out.push(SyntheticFile::new(
        raw_name(10, w64, le, "-empty"),
        "a header with no data records, counters or names",
        Contents::Raw(vec![RawProfile::new(10, le, w64)]),
    ));
    out
}

fn base_indexed(version: u32) -> IndexedProfile {
    let mut p = IndexedProfile::new(version).binary_id(&binary_id(0xb0));
    for r in base_records() {
        p = p.record(r);
    }
    p
}

fn indexed_files() -> Vec<SyntheticFile> {
    let mut out = Vec::new();
    for version in INDEXED_VERSIONS {
        out.push(SyntheticFile::new(
            format!("indexed-v{version}.profdata"),
            "base: 4 functions; binary ID from v9; mcdc_decide's bitmap bytes from v11",
            Contents::Indexed(base_indexed(version)),
        ));
    }
    out.push(SyntheticFile::new(
        "indexed-v13-multi-hash.profdata",
        "main with two hashes in one hash-table item",
        Contents::Indexed(base_indexed(13).function("main", 0x0000_0000_0000_0abc, &[8, 4])),
    ));
    out.push(SyntheticFile::new(
        "indexed-v13-value-data.profdata",
        "main has an indirect-call site (name hashes of foo.c:helper and of an unknown name) and a memop site",
        Contents::Indexed(
            IndexedProfile::new(13)
                .function("main", MAIN_HASH, &[1, 0, 5])
                .value_data(
                    ValueData::new()
                        .site(
                            IPVK_INDIRECT_CALL_TARGET,
                            &[(md5_low64(b"foo.c:helper"), 2), (md5_low64(b"elsewhere"), 1)],
                        )
                        .site(IPVK_MEM_OP_SIZE, &[(16, 4), (8, 3)]),
                )
                .function("foo.c:helper", HELPER_HASH, &[3, 3]),
        ),
    ));
    out.push(SyntheticFile::new(
        "indexed-v13-cs.profdata",
        "IR and CSIR bits: two summaries; a second main record has the CS hash flag",
        Contents::Indexed(
            base_indexed(13)
                .variant(variant::IR_PROF | variant::CSIR_PROF)
                .function("main", MAIN_HASH | CS_HASH_FLAG, &[2, 1]),
        ),
    ));
    out.push(SyntheticFile::new(
        "indexed-v13-byte-coverage.profdata",
        "single-byte coverage bit (60); counts are 0 or 1",
        Contents::Indexed(
            IndexedProfile::new(13)
                .variant(variant::BYTE_COVERAGE)
                .function("main", MAIN_HASH, &[1, 0, 1])
                .function("foo.c:helper", HELPER_HASH, &[1, 1]),
        ),
    ));
    out.push(SyntheticFile::new(
        "indexed-v13-temporal.profdata",
        "temporal bit (63) and a temporal traces section with one trace",
        Contents::Indexed(
            base_indexed(13)
                .variant(variant::TEMPORAL_PROF)
                .temporal_trace(1, &["foo.c:helper", "_Z3addii", "main"]),
        ),
    ));
    out.push(SyntheticFile::new(
        "indexed-v12-vtable-names.profdata",
        "two vtable names in a zlib-compressed names section (v12+)",
        Contents::Indexed(
            base_indexed(12)
                .vtable_name("_ZTV4Base")
                .vtable_name("_ZTV7Derived"),
        ),
    ));
    out.push(SyntheticFile::new(
        "indexed-v13-empty.profdata",
        "no records: a hash table with one empty bucket",
        Contents::Indexed(IndexedProfile::new(13)),
    ));
    out
}

fn text_files() -> Vec<SyntheticFile> {
    vec![
        SyntheticFile::new(
            "text.proftext",
            "base as llvm-profdata-22 merge --text writes it (front-end, no header line)",
            Contents::Text(TextProfile::new().records(base_records())),
        ),
        SyntheticFile::new(
            "text-ir-value-data.proftext",
            "IR header line, value sites (indirect-call targets by name, memop sizes)",
            Contents::Text(
                TextProfile::new()
                    .variant(variant::IR_PROF)
                    .record(
                        FunctionRecord::new("main", MAIN_HASH, &[1, 0, 5]).with_value_data(
                            ValueData::new()
                                .site(
                                    IPVK_INDIRECT_CALL_TARGET,
                                    &[(md5_low64(b"foo.c:helper"), 2)],
                                )
                                .site(IPVK_MEM_OP_SIZE, &[(16, 4), (8, 3)]),
                        ),
                    )
                    .function("foo.c:helper", HELPER_HASH, &[3, 3]),
            ),
        ),
    ]
}

fn object_files() -> Vec<SyntheticFile> {
    let (le, be) = (Endian::Little, Endian::Big);
    let (w32, w64) = (PointerWidth::U32, PointerWidth::U64);
    let mut out = vec![
        SyntheticFile::new(
            "covmap.profdata",
            "the profile for the covmap-*.o objects (indexed v12: LLVM 19 and 22 read it)",
            Contents::Indexed(covmap_sample::profile(12)),
        ),
        SyntheticFile::new(
            "covmap-legacy.profdata",
            "the profile for covmap-v6-elf64-le.o (indexed v7: LLVM 13 to 22 read it)",
            Contents::Indexed(covmap_sample::profile(7)),
        ),
    ];
    let cases = [
        ("covmap-elf64-le.o", ObjectFormat::Elf, le, w64),
        ("covmap-elf64-be.o", ObjectFormat::Elf, be, w64),
        ("covmap-elf32-le.o", ObjectFormat::Elf, le, w32),
        ("covmap-elf32-be.o", ObjectFormat::Elf, be, w32),
        ("covmap-macho64-le.o", ObjectFormat::MachO, le, w64),
        ("covmap-coff64-le.o", ObjectFormat::Coff, le, w64),
    ];
    for (name, format, endian, width) in cases {
        out.push(SyntheticFile::new(
            name,
            "covmap Version7 (stored 6): two units, every region kind incl. MC/DC; raw names and filenames",
            Contents::Object {
                format,
                endian,
                width,
                covmap_version: COVMAP_VERSION_7,
                data: covmap_sample::coverage(endian, COVMAP_VERSION_7, Compression::None),
            },
        ));
    }
    out.push(SyntheticFile::new(
        "covmap-elf64-le-zlib.o",
        "as covmap-elf64-le.o with zlib-compressed filenames and names",
        Contents::Object {
            format: ObjectFormat::Elf,
            endian: le,
            width: w64,
            covmap_version: COVMAP_VERSION_7,
            data: covmap_sample::coverage(le, COVMAP_VERSION_7, Compression::Zlib),
        },
    ));
    out.push(SyntheticFile::new(
        "covmap-v6-elf64-le.o",
        "covmap Version6 (stored 5, LLVM 13-17): as covmap-elf64-le.o without MC/DC regions",
        Contents::Object {
            format: ObjectFormat::Elf,
            endian: le,
            width: w64,
            covmap_version: COVMAP_VERSION_6,
            data: covmap_sample::coverage(le, COVMAP_VERSION_6, Compression::None),
        },
    ));
    out
}

/// Every synthetic profile and object, in a stable order.
#[must_use]
pub fn synthetic_files() -> Vec<SyntheticFile> {
    let mut out = raw_files();
    out.extend(indexed_files());
    out.extend(text_files());
    out.extend(object_files());
    out
}
