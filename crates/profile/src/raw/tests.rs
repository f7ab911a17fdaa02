//! Tests of the raw profile reader as a whole: inputs from the testkit
//! builder over every version × {32, 64} bit × {little, big} endian, real
//! profiles from clang 13 to 22 and rustc ([`super::fixtures`]), malformed
//! inputs with the exact error and offset, truncation and corruption loops,
//! and dump snapshots (rewritten with `BLESS=1`).

use std::borrow::Cow;

use covkit_testkit as tk;
use covkit_testkit::names::{Compression, NamesSection};
use covkit_testkit::raw::{HeaderField as TkField, RawLayout, RecordField, concat};
use covkit_testkit::value_prof::{
    IPVK_INDIRECT_CALL_TARGET, IPVK_MEM_OP_SIZE, IPVK_VTABLE_TARGET, ValueData as TkValues,
};
use covkit_testkit::{FunctionRecord, md5_low64, variant};

use super::fixtures::{self, Fixture};
use super::*;
use crate::names::name_hash;
use crate::record::ValueKind;

const VERSIONS: [u32; 6] = [5, 7, 8, 9, 10, 11];

fn endian_of(e: tk::Endian) -> Endian {
    match e {
        tk::Endian::Little => Endian::Little,
        tk::Endian::Big => Endian::Big,
    }
}

fn width_of(w: tk::PointerWidth) -> PointerWidth {
    match w {
        tk::PointerWidth::U32 => PointerWidth::U32,
        tk::PointerWidth::U64 => PointerWidth::U64,
    }
}

/// Every (version, width, byte order).
fn configs() -> Vec<(u32, tk::PointerWidth, tk::Endian)> {
    let mut out = Vec::new();
    for version in VERSIONS {
        for width in tk::PointerWidth::ALL {
            for endian in tk::Endian::ALL {
                out.push((version, width, endian));
            }
        }
    }
    out
}

/// Three functions, one with a bitmap byte and a 2^40 count, and a binary ID.
fn sample(version: u32, width: tk::PointerWidth, endian: tk::Endian) -> tk::RawProfile {
    tk::RawProfile::new(version, endian, width)
        .binary_id(&[0xab; 20])
        .function("main", 0x1234, &[1, 0, 5])
        .bitmap(&[0x05, 0x80])
        .function("helper", 0x18, &[3])
        .function("file.c:local", 0xfeed_0000_0000_0001, &[0, 7, 9, 1 << 40])
}

/// Writes `value` as `size` bytes at `at`.
fn patch(bytes: &mut [u8], at: usize, value: u64, size: usize, endian: tk::Endian) {
    let le = value.to_le_bytes();
    let mut field: Vec<u8> = le.iter().copied().take(size).collect();
    if endian == tk::Endian::Big {
        field.reverse();
    }
    for (i, b) in field.into_iter().enumerate() {
        if let Some(slot) = bytes.get_mut(at + i) {
            *slot = b;
        }
    }
}

fn header_at(layout: &RawLayout, field: TkField) -> usize {
    layout
        .header_field_offset(field)
        .expect("field of this version")
}

fn record_at(layout: &RawLayout, index: usize, field: RecordField) -> usize {
    layout
        .record_field_offset(index, field)
        .expect("field of this version")
}

type Sites = Vec<(u32, Vec<Vec<(u64, u64)>>)>;

fn our_sites(values: &ValueProfile) -> Sites {
    ValueKind::ALL
        .iter()
        .filter(|&&k| !values.sites(k).is_empty())
        .map(|&k| {
            let sites = values.sites(k).iter();
            (
                k.as_u32(),
                sites
                    .map(|s| s.iter().map(|d| (d.value, d.count)).collect())
                    .collect(),
            )
        })
        .collect()
}

fn their_sites(values: &TkValues) -> Sites {
    values
        .kinds()
        .map(|(k, sites)| (k, sites.to_vec()))
        .collect()
}

/// Asserts that `records` read back as `expected`, field by field.
fn assert_records(records: &[Record<'_>], expected: &[FunctionRecord], context: &str) {
    assert_eq!(records.len(), expected.len(), "{context}");
    for (got, want) in records.iter().zip(expected) {
        assert_eq!(&got.name[..], want.name.as_bytes(), "{context}");
        assert_eq!(got.hash, want.hash, "{context} {}", want.name);
        assert_eq!(got.counts, want.counts, "{context} {}", want.name);
        assert_eq!(got.bitmap, want.bitmap, "{context} {}", want.name);
        assert_eq!(
            our_sites(&got.values),
            their_sites(&want.value_data),
            "{context} {}",
            want.name
        );
    }
}

fn parse_one_profile(bytes: &[u8]) -> RawProfile<'_> {
    let mut all = RawProfile::parse_all(bytes).expect("valid profile");
    assert_eq!(all.len(), 1);
    all.remove(0)
}

#[test]
fn every_version_width_and_byte_order_reads_back() {
    for (version, width, endian) in configs() {
        let context = format!("v{version} {width:?} {endian:?}");
        let builder = sample(version, width, endian);
        let (bytes, layout) = builder.build_with_layout();
        let p = parse_one_profile(&bytes);
        assert_eq!(p.version, u64::from(version), "{context}");
        assert_eq!(p.endian, endian_of(endian), "{context}");
        assert_eq!(p.pointer_width, width_of(width), "{context}");
        assert_eq!(p.variant, Variant::default(), "{context}");
        assert_eq!(p.header.num_data, 3, "{context}");
        assert_eq!(p.header.size(), layout.header_size as u64, "{context}");
        assert_eq!(
            p.record_layout.size,
            layout.record.size() as u64,
            "{context}"
        );
        let ids: &[&[u8]] = if version >= 7 { &[&[0xab; 20]] } else { &[] };
        assert_eq!(p.binary_ids, ids, "{context}");
        // The header-only reader sees them too, and needs nothing past them.
        let ids_end = layout.binary_ids_offset + if version >= 7 { 8 + 24 } else { 0 };
        let ids_end = if version == 7 { ids_end - 4 } else { ids_end };
        assert_eq!(
            first_binary_ids(bytes.get(..ids_end).unwrap()).unwrap(),
            ids,
            "{context}"
        );
        assert_records(&p.records, &builder.expected_records(), &context);
        let s = &p.sections;
        assert_eq!(s.data.offset, layout.data_offset as u64, "{context}");
        assert_eq!(
            s.counters.offset, layout.counters_offset as u64,
            "{context}"
        );
        assert_eq!(s.names.offset, layout.names_offset as u64, "{context}");
        assert_eq!(
            s.value_data.offset, layout.value_data_offset as u64,
            "{context}"
        );
        assert_eq!(p.end(), bytes.len() as u64, "{context}");
        // Each record's counters were found where the builder put them.
        let starts: Vec<u64> = p.data_records.iter().map(|d| d.counters.offset).collect();
        let base = layout.counters_offset as u64;
        assert_eq!(starts, [base, base + 24, base + 32], "{context}");
        let bitmap = p.data_records.first().map(|d| d.bitmap);
        let expected = if version >= 9 {
            Section {
                offset: layout.bitmap_offset as u64,
                size: 2,
            }
        } else {
            Section::default()
        };
        assert_eq!(bitmap, Some(expected), "{context}");
    }
}

#[test]
fn uncompressed_names_are_borrowed_and_zlib_names_owned() {
    for compression in [Compression::None, Compression::Zlib] {
        let bytes = sample(10, tk::PointerWidth::U64, tk::Endian::Little)
            .names_compression(compression)
            .build();
        let p = parse_one_profile(&bytes);
        let names: Vec<&[u8]> = p.records.iter().map(|r| &r.name[..]).collect();
        assert_eq!(names, [&b"main"[..], b"helper", b"file.c:local"]);
        let borrowed = p.records.iter().all(|r| matches!(r.name, Cow::Borrowed(_)));
        assert_eq!(
            borrowed,
            compression == Compression::None,
            "{compression:?}"
        );
    }
}

#[test]
fn byte_coverage_reads_a_zero_byte_as_covered() {
    for (version, width, endian) in configs().into_iter().filter(|c| c.0 >= 8) {
        let builder = tk::RawProfile::new(version, endian, width)
            .variant(variant::BYTE_COVERAGE)
            .function("main", 1, &[3, 0, 1])
            .function("f", 2, &[0]);
        let bytes = builder.build();
        let p = parse_one_profile(&bytes);
        assert!(p.variant.is_byte_coverage());
        let counts: Vec<&[u64]> = p.records.iter().map(|r| &r.counts[..]).collect();
        assert_eq!(
            counts,
            [&[1, 0, 1][..], &[0]],
            "v{version} {width:?} {endian:?}"
        );
        assert_eq!(p.sections.counters.size, 4);
    }
}

#[test]
fn temporal_slot_zero_is_a_timestamp() {
    for (version, width, endian) in configs().into_iter().filter(|c| c.0 >= 8) {
        for flags in [
            variant::TEMPORAL_PROF,
            variant::TEMPORAL_PROF | variant::BYTE_COVERAGE,
        ] {
            let builder = tk::RawProfile::new(version, endian, width)
                .variant(flags)
                .function("main", 1, &[4, 0])
                .timestamp(2)
                .function("f", 2, &[9])
                .timestamp(1)
                .function("never", 3, &[0]);
            let bytes = builder.build();
            let p = parse_one_profile(&bytes);
            let context = format!("v{version} {width:?} {endian:?} {flags:#x}");
            assert!(p.variant.is_temporal(), "{context}");
            assert_records(&p.records, &builder.expected_records(), &context);
            let stamps: Vec<Option<u64>> = p.data_records.iter().map(|d| d.timestamp).collect();
            assert_eq!(stamps, [Some(2), Some(1), Some(0)], "{context}");
            let trace: Vec<u64> = builder
                .expected_trace()
                .iter()
                .map(|n| md5_low64(n.as_bytes()))
                .collect();
            assert_eq!(p.temporal_trace(), trace, "{context}");
        }
    }
}

#[test]
fn value_profiles_map_addresses_to_name_hashes() {
    for (version, width, endian) in configs() {
        let mut values = TkValues::new()
            .site(IPVK_INDIRECT_CALL_TARGET, &[(0x4010, 3), (0x9990, 1)])
            .site(IPVK_INDIRECT_CALL_TARGET, &[])
            .site(IPVK_MEM_OP_SIZE, &[(8, 2), (0x4010, 5)]);
        if version >= 10 {
            // No vtable records: vtable addresses map to 0.
            values = values.site(IPVK_VTABLE_TARGET, &[(0x7000, 4)]);
        }
        let builder = tk::RawProfile::new(version, endian, width)
            .function("caller", 1, &[5])
            .value_data(values)
            .function_pointer(0x4000)
            .function("callee", 2, &[3])
            .function_pointer(0x4010)
            .function("plain", 3, &[1])
            .value_data(TkValues::new().site(IPVK_MEM_OP_SIZE, &[(1, 1)]));
        let bytes = builder.build();
        let p = parse_one_profile(&bytes);
        let context = format!("v{version} {width:?} {endian:?}");
        assert_records(&p.records, &builder.expected_records(), &context);
        let calls = p
            .records
            .first()
            .map(|r| r.values.sites(ValueKind::IndirectCallTarget));
        let first = calls
            .and_then(|sites| sites.first())
            .and_then(|site| site.first());
        assert_eq!(
            first.map(|d| d.value),
            Some(md5_low64(b"callee")),
            "{context}"
        );
        let blobs: Vec<bool> = p
            .data_records
            .iter()
            .map(|d| d.value_data.is_some())
            .collect();
        assert_eq!(blobs, [true, false, true], "{context}");
        assert_eq!(p.end(), bytes.len() as u64, "{context}");
    }
}

#[test]
fn concatenated_profiles_are_all_read() {
    for (version, width, endian) in configs() {
        let first = sample(version, width, endian);
        let second = tk::RawProfile::new(version, endian, width).function("other", 9, &[42]);
        let empty = tk::RawProfile::new(version, endian, width);
        let mut bytes = concat(&[first.build(), empty.build(), second.build()]);
        bytes.extend([0u8; 24]);
        let all = RawProfile::parse_all(&bytes).expect("valid");
        let context = format!("v{version} {width:?} {endian:?}");
        assert_eq!(all.len(), 3, "{context}");
        let records: Vec<&[Record<'_>]> = all.iter().map(|p| &p.records[..]).collect();
        assert_records(
            records.first().copied().unwrap_or_default(),
            &first.expected_records(),
            &context,
        );
        assert!(records.get(1).is_some_and(|r| r.is_empty()), "{context}");
        assert_records(
            records.get(2).copied().unwrap_or_default(),
            &second.expected_records(),
            &context,
        );
        let starts: Vec<u64> = all.iter().map(|p| p.header.offset).collect();
        assert!(starts.iter().all(|s| s.is_multiple_of(8)), "{context}");
    }
    // Profiles of different versions may follow each other.
    let w = tk::PointerWidth::U64;
    let e = tk::Endian::Big;
    let bytes = concat(&[sample(8, w, e).build(), sample(11, w, e).build()]);
    let versions: Vec<u64> = RawProfile::parse_all(&bytes)
        .expect("valid")
        .iter()
        .map(|p| p.version)
        .collect();
    assert_eq!(versions, [8, 11]);
}

#[test]
fn what_follows_a_profile_must_be_another_one() {
    let w = tk::PointerWidth::U64;
    let one = sample(10, w, tk::Endian::Little).build();
    let end = one.len();
    let cases: Vec<(Vec<u8>, String)> = vec![
        (
            concat(&[one.clone(), sample(10, w, tk::Endian::Big).build()]),
            format!(
                "not an llvm profile: unknown magic {:#018x} (at offset {end:#x})",
                u64::from_le_bytes(*b"\xfflprofr\x81")
            ),
        ),
        (
            [one.clone(), vec![0, 0, 0, 7]].concat(),
            format!(
                "the next raw profile would start at {:#x}, which is not 8-byte aligned (at offset {:#x})",
                end + 3,
                end + 3
            ),
        ),
        (
            [one.clone(), vec![1, 2, 3]].concat(),
            format!(
                "3 bytes after the last raw profile are too few for another header (at offset {end:#x})"
            ),
        ),
        (
            concat(&[
                one.clone(),
                sample(10, tk::PointerWidth::U32, tk::Endian::Little).build(),
            ]),
            format!(
                "not an llvm profile: unknown magic {:#018x} (at offset {end:#x})",
                u64::from_le_bytes(*b"\x81Rforpl\xff")
            ),
        ),
    ];
    for (bytes, message) in cases {
        let err = RawProfile::parse_all(&bytes).expect_err(&message);
        assert_eq!(err.to_string(), message);
    }
}

#[test]
fn an_unknown_name_hash_is_an_error_naming_it() {
    let builder = tk::RawProfile::new(9, tk::Endian::Big, tk::PointerWidth::U32)
        .function("main", 1, &[1])
        .function("lost", 2, &[1])
        .names_section(NamesSection::new().chunk(&["main", "other"], Compression::Zlib));
    let (bytes, layout) = builder.build_with_layout();
    let err = RawProfile::parse_all(&bytes).expect_err("lost is not in the names");
    assert_eq!(
        err.to_string(),
        format!(
            "name hash {:#018x} of data record 1 is not in the names section (2 names) (at offset {:#x})",
            md5_low64(b"lost"),
            record_at(&layout, 1, RecordField::NameRef)
        )
    );
}

#[test]
fn correlated_profiles_are_reported() {
    for (version, width, endian) in configs().into_iter().filter(|c| c.0 >= 8) {
        let bytes = tk::RawProfile::new(version, endian, width)
            .variant(variant::DBG_CORRELATE | variant::IR_PROF)
            .function("main", 1, &[1])
            .build();
        let err = RawProfile::parse_all(&bytes).expect_err("debug-info");
        assert_eq!(err.kind(), &ErrorKind::Correlated("debug-info"));
        assert_eq!(err.offset(), 8);

        // Binary correlation: no records and no names, but counters.
        let (mut bytes, layout) = sample(version, width, endian).build_with_layout();
        patch(
            &mut bytes,
            header_at(&layout, TkField::NumData),
            0,
            8,
            endian,
        );
        patch(
            &mut bytes,
            header_at(&layout, TkField::NamesSize),
            0,
            8,
            endian,
        );
        let err = RawProfile::parse_all(&bytes).expect_err("binary");
        assert_eq!(err.kind(), &ErrorKind::Correlated("binary"));
        assert_eq!(err.offset(), header_at(&layout, TkField::NumData) as u64);
    }
    for (hex, kind) in [(fixtures::DBG22, "debug-info"), (fixtures::BIN19, "binary")] {
        let bytes = fixtures::bytes(hex);
        let err = RawProfile::parse_all(&bytes).expect_err(kind);
        assert_eq!(err.kind(), &ErrorKind::Correlated(kind));
        assert!(err.to_string().starts_with(&format!(
            "raw profile carries no function records: it was written with {kind} correlation"
        )));
    }
    // A profile without anything at all is fine.
    let bytes = tk::RawProfile::new(10, tk::Endian::Little, tk::PointerWidth::U64).build();
    assert!(parse_one_profile(&bytes).records.is_empty());
}

#[test]
fn malformed_fields_are_reported_where_they_are() {
    let e = tk::Endian::Little;
    let (good, layout) = sample(10, tk::PointerWidth::U64, e).build_with_layout();
    let at = |field| header_at(&layout, field);
    let rec = |i, field| record_at(&layout, i, field);
    type Mutate = Box<dyn Fn(&mut Vec<u8>)>;
    let set = move |offset: usize, value: u64, size: usize| -> Mutate {
        Box::new(move |b: &mut Vec<u8>| patch(b, offset, value, size, e))
    };
    let cases: Vec<(Mutate, String)> = vec![
        (set(0, 0x1234, 8), "not an llvm profile: unknown magic 0x0000000000001234 (at offset 0x0)".into()),
        (
            set(8, 6, 8),
            "unsupported raw profile version 6 (covkit reads raw versions 5, 7, 8, 9, 10 and 11; raw version 6 was never released) (at offset 0x8)".into(),
        ),
        (
            set(8, 4, 8),
            "unsupported raw profile version 4 (covkit reads raw versions 5, 7, 8, 9, 10 and 11; written by LLVM 10 or older) (at offset 0x8)".into(),
        ),
        (
            set(8, 12, 8),
            "unsupported raw profile version 12 (covkit reads raw versions 5, 7, 8, 9, 10 and 11; written by an LLVM newer than 23) (at offset 0x8)".into(),
        ),
        (
            set(at(TkField::BinaryIdsSize), 12, 8),
            format!("binary ids size 12 is not a multiple of 8 (at offset {:#x})", at(TkField::BinaryIdsSize)),
        ),
        (
            set(layout.binary_ids_offset, 0, 8),
            format!("binary id length is 0 (at offset {:#x})", layout.binary_ids_offset),
        ),
        (
            set(at(TkField::NumData), 1 << 40, 8),
            format!(
                "data record count 1099511627776 too large: needs at least 64 bytes each, {} bytes remain (at offset {:#x})",
                good.len() - layout.data_offset,
                layout.data_offset
            ),
        ),
        (
            set(at(TkField::NamesSize), 1 << 20, 8),
            format!(
                "name byte count 1048576 too large: needs at least 1 bytes each, {} bytes remain (at offset {:#x})",
                good.len() - layout.names_offset,
                layout.names_offset
            ),
        ),
        (
            set(rec(0, RecordField::NumCounters), 0, 4),
            format!("number of counters of main is zero (at offset {:#x})", rec(0, RecordField::NumCounters)),
        ),
        (
            set(rec(1, RecordField::CounterPtr), (-0x10_0000_i64 - 64 - 64) as u64, 8),
            format!(
                "counter offset -64 of helper is negative (at offset {:#x})",
                rec(1, RecordField::CounterPtr)
            ),
        ),
        (
            set(rec(1, RecordField::CounterPtr), (-0x10_0000_i64 - 64 - 60) as u64, 8),
            format!(
                "counter offset -60 of helper is negative (at offset {:#x})",
                rec(1, RecordField::CounterPtr)
            ),
        ),
        (
            set(rec(0, RecordField::CounterPtr), (-0x10_0000_i64 + 4) as u64, 8),
            format!(
                "counter offset 4 of main is not a multiple of 8 (at offset {:#x})",
                rec(0, RecordField::CounterPtr)
            ),
        ),
        (
            set(rec(0, RecordField::CounterPtr), (-0x10_0000_i64 + 64) as u64, 8),
            format!(
                "counter offset 64 of main is past the end of the counters section (64 bytes) (at offset {:#x})",
                rec(0, RecordField::CounterPtr)
            ),
        ),
        (
            set(rec(2, RecordField::NumCounters), 5, 4),
            format!(
                "5 counters of file.c:local at counter offset 32 run past the end of the counters section (room for 4) (at offset {:#x})",
                rec(2, RecordField::NumCounters)
            ),
        ),
        (
            set(rec(0, RecordField::NumBitmapBytes), 3, 4),
            format!(
                "3 bitmap bytes of main at bitmap offset 0 run past the end of the bitmap section (room for 2) (at offset {:#x})",
                rec(0, RecordField::NumBitmapBytes)
            ),
        ),
        (
            set(rec(1, RecordField::NumBitmapBytes), 1, 4),
            format!(
                "bitmap offset 524352 of helper is past the end of the bitmap section (2 bytes) (at offset {:#x})",
                rec(1, RecordField::BitmapPtr)
            ),
        ),
        (
            set(rec(0, RecordField::NameRef), 0x77, 8),
            format!(
                "name hash 0x0000000000000077 of data record 0 is not in the names section (3 names) (at offset {:#x})",
                rec(0, RecordField::NameRef)
            ),
        ),
        (
            set(rec(0, RecordField::NumValueSites), 1, 2),
            format!(
                "unexpected end of data reading u32 (at offset {:#x})",
                layout.value_data_offset
            ),
        ),
    ];
    for (mutate, message) in cases {
        let mut bytes = good.clone();
        mutate(&mut bytes);
        let err = RawProfile::parse_all(&bytes).expect_err(&message);
        assert_eq!(err.to_string(), message);
    }
}

#[test]
fn truncation_at_every_8_byte_boundary_fails_cleanly() {
    let mut inputs: Vec<Vec<u8>> = fixtures::ALL
        .iter()
        .map(|f| fixtures::bytes(f.hex))
        .collect();
    for (version, width, endian) in configs() {
        let values = TkValues::new().site(IPVK_MEM_OP_SIZE, &[(8, 2)]);
        inputs.push(sample(version, width, endian).value_data(values).build());
    }
    for bytes in &inputs {
        assert!(RawProfile::parse_all(bytes).is_ok());
        for cut in (0..bytes.len()).step_by(8).chain([bytes.len() - 1]) {
            let short = bytes.get(..cut).expect("in range");
            assert!(
                RawProfile::parse_all(short).is_err(),
                "cut at {cut} of {}",
                bytes.len()
            );
            let mut out = String::new();
            assert!(dump(short, &mut out).is_err());
        }
    }
}

#[test]
fn corrupted_bytes_never_panic() {
    let mut inputs: Vec<Vec<u8>> = [&fixtures::VP22, &fixtures::T13_32, &fixtures::TP22]
        .iter()
        .map(|f| fixtures::bytes(f.hex))
        .collect();
    let values = TkValues::new().site(IPVK_INDIRECT_CALL_TARGET, &[(0x4010, 3)]);
    inputs.push(
        sample(11, tk::PointerWidth::U32, tk::Endian::Big)
            .value_data(values)
            .build(),
    );
    for bytes in &inputs {
        for i in 0..bytes.len() {
            for flip in [0x80u8, 0xff] {
                let mut copy = bytes.clone();
                if let Some(b) = copy.get_mut(i) {
                    *b ^= flip;
                }
                let _ = RawProfile::parse_all(&copy);
            }
        }
        // Every aligned u64 set to extremes.
        for i in (0..bytes.len().saturating_sub(8)).step_by(8) {
            for value in [u64::MAX, 1 << 63, 0x7fff_ffff] {
                let mut copy = bytes.clone();
                patch(&mut copy, i, value, 8, tk::Endian::Little);
                let _ = RawProfile::parse_all(&copy);
            }
        }
    }
}

#[test]
fn darwin_continuous_mode_page_padding() {
    const PAGE: usize = 4096;
    for (version, width, endian) in configs() {
        let (bytes, layout) = sample(version, width, endian).build_with_layout();
        // Page-align the counters: more padding before them, recorded in
        // the header; pointers are addresses, so they do not change.
        let before = PAGE - layout.counters_offset % PAGE;
        let mut padded = bytes.clone();
        padded.splice(
            layout.counters_offset..layout.counters_offset,
            vec![0; before],
        );
        patch(
            &mut padded,
            header_at(&layout, TkField::PaddingBytesBeforeCounters),
            before as u64,
            8,
            endian,
        );
        // The names are page-padded too, beyond what the reader computes.
        padded.resize(padded.len().next_multiple_of(PAGE), 0);
        let second = padded.clone();
        padded.extend(second);
        let all = RawProfile::parse_all(&padded).expect("valid");
        let context = format!("v{version} {width:?} {endian:?}");
        assert_eq!(all.len(), 2, "{context}");
        let expected = sample(version, width, endian).expected_records();
        for p in &all {
            assert_records(&p.records, &expected, &context);
            assert_eq!(p.header.padding_bytes_before_counters, before as u64);
        }
        assert_eq!(
            all.get(1).map(|p| p.header.offset),
            Some((padded.len() / 2) as u64)
        );
    }
}

/// A v10/v11 profile whose vtable section holds two vtables, and a caller
/// whose vtable-target values point into them.
fn with_vtables(version: u32, width: tk::PointerWidth, endian: tk::Endian) -> (Vec<u8>, RawLayout) {
    let values = TkValues::new().site(IPVK_VTABLE_TARGET, &[(0x8010, 2), (0x9000, 1), (0x8100, 5)]);
    let (mut bytes, layout) = tk::RawProfile::new(version, endian, width)
        .function("caller", 1, &[5])
        .value_data(values)
        .build_with_layout();
    let mut w = tk::ByteWriter::new(endian);
    for (name, pointer, size) in [("_ZTV1A", 0x8000_u64, 0x20_u32), ("_ZTV1B", 0x8100, 0x18)] {
        let start = w.len();
        w.u64(md5_low64(name.as_bytes()))
            .pointer(width, pointer)
            .u32(size);
        w.zeros(start + vtable_record_size(width_of(width)) as usize - w.len());
    }
    let vnames = NamesSection::new()
        .chunk(&["_ZTV1A", "_ZTV1B"], Compression::None)
        .build();
    w.bytes(&vnames).align(8);
    bytes.splice(
        layout.value_data_offset..layout.value_data_offset,
        w.into_bytes(),
    );
    patch(
        &mut bytes,
        header_at(&layout, TkField::NumVTables),
        2,
        8,
        endian,
    );
    patch(
        &mut bytes,
        header_at(&layout, TkField::VNamesSize),
        vnames.len() as u64,
        8,
        endian,
    );
    (bytes, layout)
}

#[test]
fn vtable_records_and_names_map_vtable_targets() {
    for (version, width, endian) in configs().into_iter().filter(|c| c.0 >= 10) {
        let (bytes, _) = with_vtables(version, width, endian);
        let p = parse_one_profile(&bytes);
        let context = format!("v{version} {width:?} {endian:?}");
        let vtables: Vec<(u64, u32)> = p.vtables.iter().map(|v| (v.pointer, v.size)).collect();
        assert_eq!(vtables, [(0x8000, 0x20), (0x8100, 0x18)], "{context}");
        let names: Vec<&[u8]> = p.vtable_names.iter().map(|n| &n[..]).collect();
        assert_eq!(names, [&b"_ZTV1A"[..], b"_ZTV1B"], "{context}");
        let values = p.records.first().map(|r| our_sites(&r.values));
        let a = md5_low64(b"_ZTV1A");
        let b = md5_low64(b"_ZTV1B");
        assert_eq!(
            values,
            Some(vec![(2, vec![vec![(a, 2), (0, 1), (b, 5)]])]),
            "{context}"
        );
        assert_eq!(p.end(), bytes.len() as u64, "{context}");
    }
}

#[test]
fn v11_uniform_counters_follow_their_pointers() {
    for (width, endian) in [
        (tk::PointerWidth::U64, tk::Endian::Little),
        (tk::PointerWidth::U32, tk::Endian::Big),
    ] {
        let (mut bytes, layout) = tk::RawProfile::new(11, endian, width)
            .function("kernel", 1, &[10, 4])
            .function("host", 2, &[3])
            .build_with_layout();
        // Two uniform counters for the kernel, at (uniform - data) = 0x100.
        let at = layout.names_offset;
        let mut section = tk::ByteWriter::new(endian);
        section.u64(9).u64(4);
        bytes.splice(at..at, section.into_bytes());
        patch(
            &mut bytes,
            header_at(&layout, TkField::NumUniformCounters),
            2,
            8,
            endian,
        );
        patch(
            &mut bytes,
            header_at(&layout, TkField::UniformCountersDelta),
            0x100,
            8,
            endian,
        );
        patch(
            &mut bytes,
            record_at(&layout, 0, RecordField::UniformCounterPtr),
            0x100,
            width.bytes(),
            endian,
        );
        let p = parse_one_profile(&bytes);
        let uniform: Vec<&[u64]> = p
            .data_records
            .iter()
            .map(|d| &d.uniform_counts[..])
            .collect();
        assert_eq!(uniform, [&[9, 4][..], &[]], "{width:?}");
        assert_eq!(
            p.sections.uniform_counters,
            Section {
                offset: at as u64,
                size: 16
            }
        );
        let counts: Vec<&[u64]> = p.records.iter().map(|r| &r.counts[..]).collect();
        assert_eq!(counts, [&[10, 4][..], &[3]]);

        // A pointer past the section is an error at the pointer.
        let ptr_at = record_at(&layout, 0, RecordField::UniformCounterPtr);
        patch(&mut bytes, ptr_at, 0x108, width.bytes(), endian);
        let err = RawProfile::parse_all(&bytes).expect_err("past the end");
        assert_eq!(
            err.to_string(),
            format!(
                "2 uniform counters of kernel at offset 8 do not fit in the uniform counters section (16 bytes) (at offset {ptr_at:#x})"
            )
        );
    }
}

/// Checks a fixture against what LLVM read from it.
fn check_fixture(fixture: &Fixture) {
    let bytes = fixtures::bytes(fixture.hex);
    let all = RawProfile::parse_all(&bytes).unwrap_or_else(|e| panic!("{}: {e}", fixture.name));
    assert_eq!(all.len(), 1, "{}", fixture.name);
    let Some(p) = all.first() else { return };
    assert_eq!(p.end(), bytes.len() as u64, "{}", fixture.name);
    let ids: Vec<String> = p.binary_ids.iter().map(|id| tk::hex(id)).collect();
    assert_eq!(ids, fixture.binary_ids, "{}", fixture.name);
    let mut records: Vec<&Record<'_>> = p.records.iter().collect();
    records.sort_by(|a, b| (&a.name, a.hash).cmp(&(&b.name, b.hash)));
    assert_eq!(records.len(), fixture.records.len(), "{}", fixture.name);
    for (got, want) in records.iter().zip(fixture.records) {
        let context = format!("{} {}", fixture.name, want.name);
        assert_eq!(&got.name[..], want.name.as_bytes(), "{context}");
        assert_eq!(got.hash, want.hash, "{context}");
        assert_eq!(got.counts, want.counts, "{context}");
        assert_eq!(got.bitmap, want.bitmap, "{context}");
        let mut expected: Sites = Vec::new();
        for &(kind, site, values) in want.values {
            let values: Vec<(u64, u64)> = values
                .iter()
                .map(|&(v, c)| match kind {
                    1 => (v.parse().expect("decimal size"), c),
                    _ => (name_hash(v.as_bytes()), c),
                })
                .collect();
            match expected.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, sites)) => sites.push(values),
                None => expected.push((kind, vec![values])),
            }
            assert_eq!(
                expected
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map(|(_, s)| s.len()),
                Some(site + 1)
            );
        }
        let mut ours = our_sites(&got.values);
        for (_, sites) in &mut ours {
            for site in sites.iter_mut() {
                site.sort_unstable();
            }
        }
        for (_, sites) in &mut expected {
            for site in sites.iter_mut() {
                site.sort_unstable();
            }
        }
        assert_eq!(ours, expected, "{context}");
    }
}

#[test]
fn real_profiles_read_as_llvm_profdata_reads_them() {
    for fixture in fixtures::ALL {
        check_fixture(fixture);
    }
    // LLVM 13's unpadded binary ID leaves the data records unaligned, and its
    // names are zlib-compressed.
    let bytes = fixtures::bytes(fixtures::T13_32.hex);
    let p = parse_one_profile(&bytes);
    assert_eq!((p.version, p.pointer_width), (7, PointerWidth::U32));
    assert_eq!(p.sections.data.offset, 0x74);
    assert!(p.records.iter().all(|r| matches!(r.name, Cow::Owned(_))));
    // The temporal trace: functions by timestamp, as llvm-profdata lists it.
    let bytes = fixtures::bytes(fixtures::TP22.hex);
    let p = parse_one_profile(&bytes);
    let trace = ["main", "sq", "pick", "call"].map(|n| name_hash(n.as_bytes()));
    assert_eq!(p.temporal_trace(), trace);
    assert!(
        parse_one_profile(&fixtures::bytes(fixtures::T22.hex))
            .temporal_trace()
            .is_empty()
    );
    // Variant flags.
    let bytes = fixtures::bytes(fixtures::FE22.hex);
    let v = parse_one_profile(&bytes).variant;
    assert!(v.is_ir() && v.is_byte_coverage() && v.is_function_entry_only());
}

#[test]
fn dump_snapshots() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/raw/snapshots");
    let mut inputs: Vec<(String, Vec<u8>)> = fixtures::ALL
        .iter()
        .map(|f| (f.name.replace(".profraw", ".txt"), fixtures::bytes(f.hex)))
        .collect();
    let built = concat(&[
        sample(11, tk::PointerWidth::U32, tk::Endian::Big)
            .value_data(TkValues::new().site(IPVK_MEM_OP_SIZE, &[(16, 2)]))
            .build(),
        sample(5, tk::PointerWidth::U32, tk::Endian::Big).build(),
    ]);
    inputs.push(("builder_v11_v5_be.txt".to_owned(), built));
    inputs.push((
        "vtables_v10.txt".to_owned(),
        with_vtables(10, tk::PointerWidth::U64, tk::Endian::Little).0,
    ));
    for (name, bytes) in inputs {
        let mut out = String::new();
        dump(&bytes, &mut out).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut again = String::new();
        dump(&bytes, &mut again).expect("same input");
        assert_eq!(out, again, "{name}");
        tk::assert_golden(format!("{dir}/{name}"), out.as_bytes());
    }
}
