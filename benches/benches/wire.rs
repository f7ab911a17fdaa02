//! The `wire` group: the cursor's hot paths, ULEB128 decoding (every covfun
//! region is a run of them) and fixed-width `u64` reads (raw profile
//! counters), each over a deterministic generated buffer, with throughput in
//! bytes and the decoded sum asserted so a broken decoder cannot bench fast.

use std::hint::black_box;

use covkit_wire::{Endian, Reader};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Number of values in each generated buffer.
const VALUES: usize = 64 * 1024;

/// A deterministic xorshift stream, so every run decodes the same bytes.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// ULEB128-encodes values whose sizes mimic coverage mapping data: mostly
/// one byte (counter and file ids, line deltas), some up to ten bytes.
/// Returns the buffer and the wrapping sum of the values.
fn uleb128_buffer() -> (Vec<u8>, u64) {
    let mut state = 0x9e37_79b9_7f4a_7c15;
    let mut bytes = Vec::with_capacity(VALUES * 2);
    let mut sum = 0u64;
    for _ in 0..VALUES {
        let r = xorshift(&mut state);
        let value = match r % 16 {
            0..=9 => r >> 57,   // < 128: one byte
            10..=13 => r >> 50, // two bytes
            14 => r >> 32,      // up to five bytes
            _ => r,             // up to ten bytes
        };
        sum = sum.wrapping_add(value);
        let mut v = value;
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                bytes.push(byte);
                break;
            }
            bytes.push(byte | 0x80);
        }
    }
    (bytes, sum)
}

/// Little-endian `u64`s and their wrapping sum.
fn u64_buffer() -> (Vec<u8>, u64) {
    let mut state = 0x2545_f491_4f6c_dd1d;
    let mut bytes = Vec::with_capacity(VALUES * 8);
    let mut sum = 0u64;
    for _ in 0..VALUES {
        let value = xorshift(&mut state);
        sum = sum.wrapping_add(value);
        bytes.extend_from_slice(&value.to_le_bytes());
    }
    (bytes, sum)
}

fn sum_uleb128(bytes: &[u8]) -> u64 {
    let mut r = Reader::new(bytes, Endian::Little);
    let mut sum = 0u64;
    while !r.is_empty() {
        // The buffer holds only valid encodings; a failure is a decoder bug.
        sum = sum.wrapping_add(
            r.read_uleb128_u64()
                .expect("generated buffer is valid uleb128"),
        );
    }
    sum
}

fn sum_u64(bytes: &[u8]) -> u64 {
    let mut r = Reader::new(bytes, Endian::Little);
    let mut sum = 0u64;
    while !r.is_empty() {
        // The buffer is a whole number of u64s.
        sum = sum.wrapping_add(r.read_u64().expect("generated buffer holds whole u64s"));
    }
    sum
}

fn wire(c: &mut Criterion) {
    let mut group = c.benchmark_group("wire");

    let (uleb, uleb_sum) = uleb128_buffer();
    group.throughput(Throughput::Bytes(uleb.len() as u64));
    group.bench_function("uleb128_u64", |b| {
        b.iter(|| {
            let sum = sum_uleb128(black_box(&uleb));
            assert_eq!(sum, uleb_sum);
            sum
        });
    });

    let (words, words_sum) = u64_buffer();
    group.throughput(Throughput::Bytes(words.len() as u64));
    group.bench_function("u64", |b| {
        b.iter(|| {
            let sum = sum_u64(black_box(&words));
            assert_eq!(sum, words_sum);
            sum
        });
    });

    group.finish();
}

criterion_group!(benches, wire);
criterion_main!(benches);
