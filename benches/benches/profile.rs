//! The `profile` group: reading raw profiles and merging them, over
//! deterministic synthetic profiles built with `covkit_testkit` (LLVM 22
//! layout, 64-bit little-endian, a few thousand functions each), with
//! throughput in input bytes. Each iteration checks its result (record
//! count and the sum of all counters), so a broken reader or merge cannot
//! bench fast.

use std::hint::black_box;

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
/// hashes, 1 to 16 counters) in every run, counts varying per run. Returns
/// the bytes and the sum of the counts.
fn profile(run: u64) -> (Vec<u8>, u64) {
    let mut shape = 0x9e37_79b9_7f4a_7c15;
    let mut counts = 0x2545_f491_4f6c_dd1d ^ run.wrapping_mul(0x1000_0000_01b3);
    let mut builder =
        RawBuilder::new(10, Endian::Little, PointerWidth::U64).binary_id(&[run as u8; 20]);
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
    let profiles: Vec<(Vec<u8>, u64)> = (0..PROFILES).map(profile).collect();
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
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
