//! The `profile` group: reading raw profiles, merging them, and writing and
//! reading the merged indexed profile, over deterministic synthetic
//! profiles built with `covkit_testkit` (LLVM 22 layout, 64-bit
//! little-endian, a few thousand functions each), with throughput in input
//! bytes. Two merges: runs of different builds (each profile with its own
//! binary ID, so every one is decoded) and runs of one binary (the same
//! bytes but for the counters, merged by adding counter sections). Each
//! iteration checks its result (record count and the sum of all counters),
//! so a broken reader, merge or writer cannot bench fast.

use std::hint::black_box;

use covkit_profile::indexed::{self, IndexedProfile};
use covkit_profile::merge::{Input, MergeOptions, merge};
use covkit_profile::raw::RawProfile;
use covkit_testkit::{Endian, PointerWidth, RawProfile as RawBuilder};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Functions per profile.
const FUNCTIONS: u64 = 4000;
/// Profiles merged.
const PROFILES: u64 = 16;

/// A deterministic xorshift stream.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Profile `run` of the synthetic program: the same functions (names,
/// hashes, 1 to 16 counters) in every run, counts varying per run; with
/// `one_binary`, the same binary ID in every run too. Returns the bytes and
/// the sum of the counts.
fn profile(run: u64, one_binary: bool) -> (Vec<u8>, u64) {
    let mut shape = 0x9e37_79b9_7f4a_7c15;
    let mut counts = 0x2545_f491_4f6c_dd1d ^ run.wrapping_mul(0x1000_0000_01b3);
    let id = if one_binary { 0xb1 } else { run as u8 };
    let mut builder = RawBuilder::new(10, Endian::Little, PointerWidth::U64).binary_id(&[id; 20]);
    let mut sum = 0u64;
    for f in 0..FUNCTIONS {
        let n = 1 + xorshift(&mut shape) % 16;
        let values: Vec<u64> = (0..n).map(|_| xorshift(&mut counts) % 1000).collect();
        sum += values.iter().sum::<u64>();
        let name = format!("_ZN5crate6module8function{f}17h0123456789abcdefE");
        builder = builder.function(&name, xorshift(&mut shape), &values);
    }
    (builder.build(), sum)
}

fn parse_sum(data: &[u8]) -> (usize, u64) {
    let profiles = RawProfile::parse_all(data).expect("synthetic profile parses");
    let records: Vec<_> = profiles.iter().flat_map(|p| &p.records).collect();
    let sum = records.iter().flat_map(|r| &r.counts).sum();
    (records.len(), sum)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("profile");
    let profiles: Vec<(Vec<u8>, u64)> = (0..PROFILES).map(|run| profile(run, false)).collect();
    let (one, one_sum) = &profiles[0];

    group.throughput(Throughput::Bytes(one.len() as u64));
    group.bench_function("raw_parse", |b| {
        b.iter(|| {
            let (records, sum) = parse_sum(black_box(one));
            assert_eq!((records as u64, sum), (FUNCTIONS, *one_sum));
        });
    });

    let total_bytes: usize = profiles.iter().map(|(p, _)| p.len()).sum();
    let total_sum: u64 = profiles.iter().map(|(_, s)| s).sum();
    let inputs: Vec<Input<'_>> = profiles.iter().map(|(p, _)| Input::new(p)).collect();
    group.throughput(Throughput::Bytes(total_bytes as u64));
    for threads in [1, 4] {
        let options = MergeOptions {
            threads,
            ..MergeOptions::default()
        };
        group.bench_function(format!("merge_{PROFILES}_raw_{threads}_threads"), |b| {
            b.iter(|| {
                let merged = merge(black_box(&inputs), &options).expect("synthetic profiles merge");
                assert_eq!(merged.records.len() as u64, FUNCTIONS);
                let sum: u64 = merged.records.iter().flat_map(|r| &r.counts).sum();
                assert_eq!(sum, total_sum);
                merged
            });
        });
    }

    let twins: Vec<(Vec<u8>, u64)> = (0..PROFILES).map(|run| profile(run, true)).collect();
    let inputs: Vec<Input<'_>> = twins.iter().map(|(p, _)| Input::new(p)).collect();
    let twins_sum: u64 = twins.iter().map(|(_, s)| s).sum();
    group.throughput(Throughput::Bytes(total_bytes as u64));
    for threads in [1, 2] {
        let options = MergeOptions {
            threads,
            ..MergeOptions::default()
        };
        group.bench_function(
            format!("merge_{PROFILES}_raw_one_binary_{threads}_threads"),
            |b| {
                b.iter(|| {
                    let merged =
                        merge(black_box(&inputs), &options).expect("synthetic profiles merge");
                    assert_eq!(merged.records.len() as u64, FUNCTIONS);
                    let sum: u64 = merged.records.iter().flat_map(|r| &r.counts).sum();
                    assert_eq!(sum, twins_sum);
                    merged
                });
            },
        );
    }

    let merged = merge(&inputs, &MergeOptions::default()).expect("synthetic profiles merge");
    let options = indexed::WriteOptions::default();
    let written = merged.to_indexed(&options);
    group.throughput(Throughput::Bytes(written.len() as u64));
    group.bench_function("indexed_write", |b| {
        b.iter(|| {
            let bytes = black_box(&merged).to_indexed(&options);
            assert_eq!(bytes, written);
            bytes
        });
    });
    group.bench_function("indexed_read", |b| {
        b.iter(|| {
            let profile = IndexedProfile::parse(black_box(&written)).expect("indexed profile");
            let mut records = 0u64;
            let mut sum = 0u64;
            for record in profile.records() {
                let record = record.expect("record decodes");
                records += 1;
                sum += record.counts.iter().sum::<u64>();
            }
            assert_eq!((records, sum), (FUNCTIONS, twins_sum));
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
