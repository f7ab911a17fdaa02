//! Merge tests: LLVM behaviours checked against llvm-profdata-22, and
//! property tests against a naive per-counter sum.

#![allow(clippy::indexing_slicing)]

use std::borrow::Cow;
use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::format;
use crate::names::name_hash;
use crate::record::{ValueData, ValueProfile};

/// (name, hash, counts, bitmap) of a merged record.
type Shape = (Vec<u8>, u64, Vec<u64>, Vec<u8>);

/// Inputs of a generated case: records and weight.
type Inputs = Vec<(Vec<Record<'static>>, u64)>;

fn rec(name: &str, hash: u64, counts: &[u64]) -> Record<'static> {
    Record {
        name: Cow::Owned(name.as_bytes().to_vec()),
        hash,
        counts: counts.to_vec(),
        bitmap: Vec::new(),
        values: ValueProfile::default(),
    }
}

fn text_of(records: &[Record<'_>], variant: Variant) -> Vec<u8> {
    text::write(records, variant, &text::WriteOptions::default())
}

fn opts(mode: FailureMode, threads: usize) -> MergeOptions {
    MergeOptions {
        failure_mode: mode,
        threads,
    }
}

#[test]
fn same_name_different_hash_stays_apart_and_text_matches_llvm() {
    // The inputs and output of `llvm-profdata-22 merge --text a b c`
    // (a.proftext, b.proftext, c.proftext in the module docs' experiments),
    // without the conflicting records.
    let a = b"f\n1\n2\n5\n6\nf\n2\n1\n3\n";
    let b = b"f\n1\n2\n1\n1\ng\n0x10\n1\n100\n";
    let merged = merge(
        &[Input::new(a), Input::weighted(b, 3)],
        &opts(FailureMode::Any, 1),
    )
    .unwrap();
    let text = String::from_utf8(merged.to_text(false)).unwrap();
    assert_eq!(
        text,
        "f\n# Func Hash:\n1\n# Num Counters:\n2\n# Counter Values:\n8\n9\n\n\
         f\n# Func Hash:\n2\n# Num Counters:\n1\n# Counter Values:\n3\n\n\
         g\n# Func Hash:\n16\n# Num Counters:\n1\n# Counter Values:\n300\n\n"
    );
}

#[test]
fn empty_inputs_are_skipped_and_do_not_fail() {
    let merged = merge(
        &[Input::new(b""), Input::new(b"f\n1\n1\n5\n")],
        &MergeOptions::default(),
    )
    .unwrap();
    assert_eq!(merged.records.len(), 1);
    // llvm-profdata says nothing; the skip is reported, not a failure.
    assert_eq!(merged.diagnostics, [Diagnostic::Empty { input: 0 }]);
    assert!(!merged.diagnostics[0].is_input_failure());
    assert_eq!(merged.diagnostics[0].to_string(), "empty profile; skipped");
    // LLVM: [empty, bad] under `all` succeeds, one of two inputs failed.
    let bad: &[u8] = b"\xff\xff\xff\xff\xff\xff\xff\xff";
    let merged = merge(
        &[Input::new(b""), Input::new(bad)],
        &opts(FailureMode::All, 1),
    )
    .unwrap();
    assert!(merged.records.is_empty());
    let inputs: Vec<usize> = merged.diagnostics.iter().map(Diagnostic::input).collect();
    assert_eq!(inputs, [0, 1]);
}

#[test]
fn failure_modes() {
    let good: &[u8] = b"f\n1\n1\n5\n";
    let bad: &[u8] = b"f\nx\n";
    let worse: &[u8] = b"\x01\x02\x03\x04\x05\x06\x07\x08";
    let inputs = [Input::new(good), Input::new(bad), Input::new(worse)];
    for threads in [1, 3] {
        let err = merge(&inputs, &opts(FailureMode::Any, threads)).unwrap_err();
        assert_eq!(err.to_string(), "no profile can be merged");
        assert_eq!(err.diagnostics.len(), 1, "only the first bad input");
        assert_eq!(err.diagnostics[0].input(), 1);
        assert_eq!(
            err.diagnostics[0].to_string(),
            "line 2: function hash is not a valid integer: 'x' (at offset 0x2)"
        );
        let merged = merge(&inputs, &opts(FailureMode::All, threads)).unwrap();
        assert_eq!(merged.records.len(), 1);
        let inputs: Vec<usize> = merged.diagnostics.iter().map(Diagnostic::input).collect();
        assert_eq!(inputs, [1, 2]);
        let err = merge(&inputs_of(&[bad, worse]), &opts(FailureMode::All, threads)).unwrap_err();
        assert_eq!(err.diagnostics.len(), 2);
        let merged = merge(&inputs_of(&[bad, worse]), &opts(FailureMode::Warn, threads)).unwrap();
        assert!(merged.records.is_empty());
        assert_eq!(merged.diagnostics.len(), 2);
    }
}

fn inputs_of<'a>(data: &[&'a [u8]]) -> Vec<Input<'a>> {
    data.iter().map(|d| Input::new(d)).collect()
}

#[test]
fn ir_and_explicit_front_end_conflict() {
    let fe: &[u8] = b":fe\nf\n1\n1\n5\n";
    let ir: &[u8] = b":ir\nf\n1\n1\n5\n";
    let plain: &[u8] = b"f\n1\n1\n5\n";
    let err = merge(&inputs_of(&[fe, ir]), &MergeOptions::default()).unwrap_err();
    assert_eq!(
        err.diagnostics,
        [Diagnostic::Incompatible {
            input: 1,
            reason: Incompatibility::IrWithFrontEnd
        }]
    );
    // Unflagged front-end data merges with IR, as in LLVM 14 to 22.
    let merged = merge(&inputs_of(&[plain, ir]), &MergeOptions::default()).unwrap();
    assert!(merged.variant.is_ir());
    assert_eq!(merged.records[0].counts, [10]);
    // Under `all`, the majority kind is kept.
    let merged = merge(&inputs_of(&[ir, fe, ir]), &opts(FailureMode::All, 1)).unwrap();
    assert!(merged.variant.is_ir());
    assert_eq!(merged.records[0].counts, [10]);
}

#[test]
fn temporal_data_is_dropped_with_a_diagnostic() {
    let tp: &[u8] = b":ir\n:temporal_prof_traces\n1\n1\n3\nf,\nf\n1\n1\n5\n";
    let merged = merge(&inputs_of(&[tp]), &MergeOptions::default()).unwrap();
    assert!(merged.variant.is_ir() && !merged.variant.is_temporal());
    assert_eq!(
        merged.diagnostics,
        [Diagnostic::Dropped {
            input: 0,
            what: Dropped::TemporalTraces
        }]
    );
}

#[test]
fn value_data_merges_as_llvm_22() {
    // w1.proftext + w2.proftext from the writer test: the text output of
    // `llvm-profdata-22 merge --text w1 w2` is `text::writer`'s LLVM22_IR.
    let w1: &[u8] =
        b":ir\nm\n1\n1\n5\n$2\n0x1\n0xa0\n2\n0\n2\n1\nfoo:3\n2\nbar:1\nm:2\n1\n1\n1\n7:1\n";
    let w2: &[u8] = b":ir\nm\n1\n1\n5\n$2\n0x0\n0x20\n2\n0\n2\n1\nfoo:0\n0\n1\n1\n1\n7:1\n";
    let merged = merge(&inputs_of(&[w1, w2]), &MergeOptions::default()).unwrap();
    let m = &merged.records[0];
    assert_eq!(m.counts, [10]);
    assert_eq!(m.bitmap, [1, 0xa0]);
    let v = |value, count| ValueData { value, count };
    assert_eq!(
        m.values.sites[0],
        [
            vec![v(name_hash(b"foo"), 3)],
            vec![v(name_hash(b"m"), 2), v(name_hash(b"bar"), 1)]
        ]
    );
    assert_eq!(m.values.sites[1], [vec![v(7, 2)]]);
}

// ---- property tests ----------------------------------------------------

/// A function of the generated universe: name, hash, counter count and
/// whether it has a bitmap and a value site.
#[derive(Debug, Clone)]
struct Func {
    name: String,
    hash: u64,
    counters: usize,
    bitmap: usize,
}

fn universe() -> impl Strategy<Value = Vec<Func>> {
    prop::collection::vec(("[a-z][a-z0-9_]{0,6}", 0u64..4, 1usize..5, 0usize..3), 1..8).prop_map(
        |fs| {
            let mut seen = BTreeMap::new();
            for (name, hash, counters, bitmap) in fs {
                seen.entry((name.clone(), hash)).or_insert(Func {
                    name,
                    hash,
                    counters,
                    bitmap,
                });
            }
            seen.into_values().collect()
        },
    )
}

/// Counts spread over small values and values near the cap.
fn count() -> impl Strategy<Value = u64> {
    prop_oneof![4 => 0u64..1000, 1 => (format::MAX_COUNT / 2 - 10)..(format::MAX_COUNT / 2 + 10)]
}

/// Inputs: each a subset of the universe with random counts, bitmap bytes
/// and memop values; plus a weight.
fn inputs(universe: Vec<Func>) -> impl Strategy<Value = (Vec<Func>, Inputs)> {
    let n = universe.len();
    let input = (
        prop::collection::vec(
            (
                any::<bool>(),
                prop::collection::vec(count(), 4),
                prop::collection::vec(any::<u8>(), 2),
                prop::collection::vec((0u64..4, 0u64..50), 0..4),
            ),
            n,
        ),
        1u64..4,
    );
    prop::collection::vec(input, 1..6).prop_map(move |inputs| {
        let records = inputs
            .into_iter()
            .map(|(parts, weight)| {
                let records = universe
                    .iter()
                    .zip(parts)
                    .filter(|(_, (present, ..))| *present)
                    .map(|(f, (_, counts, bitmap, values))| {
                        let mut r = rec(
                            &f.name,
                            f.hash,
                            counts.get(..f.counters).unwrap_or_default(),
                        );
                        r.bitmap = bitmap.get(..f.bitmap).unwrap_or_default().to_vec();
                        // One memop site; repeated values are allowed.
                        r.values.sites[1] = vec![
                            values
                                .iter()
                                .map(|&(value, count)| ValueData { value, count })
                                .collect(),
                        ];
                        r
                    })
                    .collect();
                (records, weight)
            })
            .collect();
        (universe.clone(), records)
    })
}

fn case() -> impl Strategy<Value = (Vec<Func>, Inputs)> {
    universe().prop_flat_map(inputs)
}

/// Inputs whose records of one function disagree in shape: counter count,
/// bitmap size and number of memop sites vary by input, so the merge has to
/// drop records.
fn conflicting_case() -> impl Strategy<Value = Inputs> {
    let record = (
        0usize..3,
        0u64..2,
        1usize..3,
        0usize..2,
        0usize..2,
        prop::collection::vec(0u64..100, 2),
    );
    let input = (prop::collection::vec(record, 0..6), 1u64..3);
    prop::collection::vec(input, 1..7).prop_map(|inputs| {
        inputs
            .into_iter()
            .map(|(records, weight)| {
                let mut seen = std::collections::BTreeSet::new();
                let records = records
                    .into_iter()
                    .filter(|(name, hash, ..)| seen.insert((*name, *hash)))
                    .map(|(name, hash, counters, bitmap, sites, counts)| {
                        let mut r = rec(["a", "b", "c"][name], hash, &counts[..counters]);
                        r.bitmap = vec![0x81; bitmap];
                        r.values.sites[1] = (0..sites)
                            .map(|s| {
                                vec![ValueData {
                                    value: s as u64,
                                    count: counts[0],
                                }]
                            })
                            .collect();
                        r
                    })
                    .collect();
                (records, weight)
            })
            .collect()
    })
}

fn store_of(
    inputs: &[(Vec<Record<'static>>, u64)],
    order: impl Iterator<Item = usize>,
) -> MergeStore {
    let mut store = MergeStore::new();
    for i in order {
        let (records, weight) = &inputs[i];
        let profile = Profile {
            format: crate::read::Format::Text,
            variant: Variant::default(),
            front_end: false,
            version: None,
            binary_ids: Vec::new(),
            records: records.clone(),
            symbol_names: Vec::new(),
            temporal: None,
        };
        store.add(i, &profile, *weight);
    }
    store
}

/// The naive merge: per counter, the capped sum of count times weight (a
/// lone unweighted record as read); bitmaps OR-ed.
fn naive(universe: &[Func], inputs: &[(Vec<Record<'static>>, u64)]) -> Vec<Shape> {
    let mut out = Vec::new();
    for f in universe {
        let parts: Vec<(&Record<'_>, u64)> = inputs
            .iter()
            .flat_map(|(rs, w)| {
                rs.iter()
                    .filter(|r| *r.name == *f.name.as_bytes() && r.hash == f.hash)
                    .map(move |r| (r, *w))
            })
            .collect();
        if parts.is_empty() {
            continue;
        }
        let capped = parts.len() > 1 || parts[0].1 > 1;
        let counts = (0..f.counters)
            .map(|i| {
                let sum: u128 = parts
                    .iter()
                    .map(|(r, w)| u128::from(r.counts[i]) * u128::from(*w))
                    .sum();
                if capped {
                    u64::try_from(sum.min(u128::from(format::MAX_COUNT))).unwrap()
                } else {
                    u64::try_from(sum).unwrap()
                }
            })
            .collect();
        let bitmap = (0..f.bitmap)
            .map(|i| parts.iter().fold(0, |acc, (r, _)| acc | r.bitmap[i]))
            .collect();
        out.push((f.name.as_bytes().to_vec(), f.hash, counts, bitmap));
    }
    out.sort();
    out
}

fn shape(merged: &Merged) -> Vec<Shape> {
    let mut out: Vec<Shape> = merged
        .records
        .iter()
        .map(|r| (r.name.to_vec(), r.hash, r.counts.clone(), r.bitmap.clone()))
        .collect();
    out.sort();
    out
}

proptest! {
    #[test]
    fn merge_equals_the_naive_capped_sum((universe, inputs) in case()) {
        let merged = store_of(&inputs, 0..inputs.len()).finish();
        prop_assert_eq!(shape(&merged), naive(&universe, &inputs));
        // Memop values: the multiset of (value, summed count by rank) does
        // not matter here; their total per value does.
        for r in &merged.records {
            let mut total: BTreeMap<u64, u128> = BTreeMap::new();
            for v in r.values.sites[1].iter().flatten() {
                *total.entry(v.value).or_default() += u128::from(v.count);
            }
            let mut expect: BTreeMap<u64, u128> = BTreeMap::new();
            for (rs, w) in &inputs {
                for x in rs.iter().filter(|x| x.name == r.name && x.hash == r.hash) {
                    for v in x.values.sites[1].iter().flatten() {
                        *expect.entry(v.value).or_default() += u128::from(v.count) * u128::from(*w);
                    }
                }
            }
            prop_assert_eq!(total, expect);
        }
    }

    #[test]
    fn merge_is_commutative_and_associative((_u, inputs) in case()) {
        let forward = store_of(&inputs, 0..inputs.len()).finish();
        // Adding in another order changes nothing (input numbers stay).
        let backward = store_of(&inputs, (0..inputs.len()).rev()).finish();
        prop_assert_eq!(&forward, &backward);
        // (first half) + (second half), combined both ways.
        let mid = inputs.len() / 2;
        let mut left = store_of(&inputs, 0..mid);
        left.absorb(store_of(&inputs, mid..inputs.len()));
        let mut right = store_of(&inputs, mid..inputs.len());
        right.absorb(store_of(&inputs, 0..mid));
        let left = left.finish();
        prop_assert_eq!(&left, &forward);
        prop_assert_eq!(&right.finish(), &forward);
    }

    #[test]
    fn weights_multiply((_u, inputs) in case(), k in 2u64..5) {
        let (records, _) = &inputs[0];
        let weighted = store_of(&[(records.clone(), k)], 0..1).finish();
        let copies: Vec<_> = (0..k).map(|_| (records.clone(), 1)).collect();
        let repeated = store_of(&copies, 0..copies.len()).finish();
        prop_assert_eq!(shape(&weighted), shape(&repeated));
    }

    #[test]
    fn threads_do_not_change_the_result((_u, inputs) in case(), threads in 2usize..5) {
        let texts: Vec<Vec<u8>> = inputs.iter().map(|(rs, _)| text_of(rs, Variant::default())).collect();
        let list: Vec<Input<'_>> = texts.iter().zip(&inputs).map(|(t, (_, w))| Input::weighted(t, *w)).collect();
        let one = merge(&list, &opts(FailureMode::Warn, 1)).unwrap();
        let many = merge(&list, &opts(FailureMode::Warn, threads)).unwrap();
        prop_assert_eq!(&one, &many);
        // Reordering the inputs changes nothing but input numbers.
        let reversed: Vec<Input<'_>> = list.iter().rev().copied().collect();
        let back = merge(&reversed, &opts(FailureMode::Warn, threads)).unwrap();
        let sorted = |m: &Merged| {
            let mut r = m.records.clone();
            r.sort_by(|a, b| (&*a.name, a.hash).cmp(&(&*b.name, b.hash)));
            r
        };
        prop_assert_eq!(sorted(&one), sorted(&back));
    }

    #[test]
    fn conflicts_resolve_the_same_in_any_order_and_grouping(inputs in conflicting_case()) {
        let forward = store_of(&inputs, 0..inputs.len()).finish();
        let backward = store_of(&inputs, (0..inputs.len()).rev()).finish();
        prop_assert_eq!(&forward, &backward);
        for mid in 0..inputs.len() {
            let mut left = store_of(&inputs, mid..inputs.len());
            left.absorb(store_of(&inputs, 0..mid));
            prop_assert_eq!(&left.finish(), &forward);
        }
        let texts: Vec<Vec<u8>> = inputs.iter().map(|(rs, _)| text_of(rs, Variant::default())).collect();
        let list: Vec<Input<'_>> = texts.iter().zip(&inputs).map(|(t, (_, w))| Input::weighted(t, *w)).collect();
        let one = merge(&list, &opts(FailureMode::Warn, 1)).unwrap();
        let many = merge(&list, &opts(FailureMode::Warn, 3)).unwrap();
        prop_assert_eq!(&one, &many);
    }
}

/// The record-by-record merge of `inputs`: every input decoded and added
/// with [`MergeStore::add`], never taking the fast path for raw twins.
fn merge_decoded(inputs: &[(Vec<u8>, u64)]) -> Merged {
    let mut store = MergeStore::new();
    for (i, (data, weight)) in inputs.iter().enumerate() {
        match Profile::parse(data) {
            Ok(profile) => store.add(i, &profile, *weight),
            Err(error) => store.add_unreadable(i, error),
        }
    }
    store.finish()
}

/// A run of a synthetic binary: `functions` (name, hash, counter count,
/// bitmap size) with the given counts and bitmap bytes.
fn raw_run(
    version: u32,
    endian: covkit_testkit::Endian,
    functions: &[(String, u64, usize, usize)],
    counts: &[u64],
    bits: &[u8],
    run: u64,
) -> Vec<u8> {
    let mut b = covkit_testkit::RawProfile::new(version, endian, covkit_testkit::PointerWidth::U64)
        .binary_id(b"0123456789abcdef0123");
    let (mut c, mut m) = (counts.iter().copied().cycle(), bits.iter().copied().cycle());
    for (name, hash, n, bitmap) in functions {
        let values: Vec<u64> = (0..*n).map(|_| c.next().unwrap_or(0)).collect();
        b = b.function(name, *hash, &values);
        // Run-time addresses differ from run to run.
        b = b.function_pointer(0x5500_0000 + run * 0x1000 + *hash % 97);
        if version >= 9 && *bitmap > 0 {
            let bytes: Vec<u8> = (0..*bitmap).map(|_| m.next().unwrap_or(0)).collect();
            b = b.bitmap(&bytes);
        }
    }
    b.build()
}

fn twin_case() -> impl Strategy<Value = (u32, bool, Vec<(Vec<u8>, u64)>)> {
    let function = (0u64..6, 1usize..5, 0usize..3);
    (
        prop_oneof![Just(8u32), Just(9), Just(10)],
        any::<bool>(),
        proptest::collection::vec(function, 1..6),
        proptest::collection::vec(
            (
                proptest::collection::vec(
                    prop_oneof![
                        8 => 0u64..1000,
                        1 => Just(u64::MAX - 1),
                        1 => (1u64 << 62)..u64::MAX,
                    ],
                    1..30,
                ),
                proptest::collection::vec(any::<u8>(), 1..8),
                prop_oneof![4 => Just(1u64), 1 => 2u64..4],
                0u8..8,
            ),
            1..8,
        ),
    )
        .prop_map(|(version, big, functions, runs)| {
            let endian = if big {
                covkit_testkit::Endian::Big
            } else {
                covkit_testkit::Endian::Little
            };
            let functions: Vec<(String, u64, usize, usize)> = functions
                .into_iter()
                .enumerate()
                .map(|(i, (hash, n, bitmap))| (format!("f{}", i % 4), hash, n, bitmap))
                .collect();
            let mut other = functions.clone();
            if let Some(f) = other.first_mut() {
                f.2 += 1;
            }
            let inputs = runs
                .into_iter()
                .enumerate()
                .map(|(run, (counts, bits, weight, kind))| {
                    let run = run as u64;
                    let data = match kind {
                        // Another binary: one function has another counter count.
                        0 => raw_run(version, endian, &other, &counts, &bits, run),
                        // Two raw profiles back to back.
                        1 => {
                            let mut d = raw_run(version, endian, &functions, &counts, &bits, run);
                            d.extend(raw_run(version, endian, &other, &counts, &bits, run));
                            d
                        }
                        _ => raw_run(version, endian, &functions, &counts, &bits, run),
                    };
                    (data, weight)
                })
                .collect();
            (version, big, inputs)
        })
}

proptest! {
    #[test]
    fn raw_twins_merge_as_decoded_records((_v, _big, inputs) in twin_case(), threads in 1usize..3) {
        let expected = merge_decoded(&inputs);
        let borrowed: Vec<Input<'_>> =
            inputs.iter().map(|(d, w)| Input::weighted(d, *w)).collect();
        let merged = merge(&borrowed, &opts(FailureMode::Warn, threads)).unwrap();
        prop_assert_eq!(&merged, &expected);
        prop_assert_eq!(
            merged.to_indexed(&indexed::WriteOptions::default()),
            expected.to_indexed(&indexed::WriteOptions::default())
        );
    }
}

#[test]
fn raw_twins_differing_only_in_addresses_and_counts_take_the_fast_path() {
    let functions = vec![("main".to_owned(), 1, 3, 0), ("helper".to_owned(), 2, 2, 0)];
    let a = raw_run(
        10,
        covkit_testkit::Endian::Little,
        &functions,
        &[1, 2, 3],
        &[],
        0,
    );
    let b = raw_run(10, covkit_testkit::Endian::Little, &functions, &[5], &[], 1);
    let mut store = MergeStore::new();
    store.add_bytes(0, &a, 1).unwrap();
    store.add_bytes(1, &b, 2).unwrap();
    assert_eq!(store.twins.len(), 1);
    assert_eq!(store.twins[0].members, [(0, false), (1, true)]);
    let merged = store.finish();
    let expected = merge_decoded(&[(a, 1), (b, 2)]);
    assert_eq!(merged, expected);
    assert_eq!(merged.records[0].counts, [1 + 10, 2 + 10]);
}

#[test]
fn high_counts_and_other_layouts_take_the_slow_path() {
    let functions = vec![("main".to_owned(), 1, 2, 0)];
    let le = covkit_testkit::Endian::Little;
    let a = raw_run(10, le, &functions, &[1, 2], &[], 0);
    let high = raw_run(10, le, &functions, &[u64::MAX - 1, 2], &[], 1);
    let other = raw_run(10, le, &[("main".to_owned(), 1, 3, 0)], &[1], &[], 2);
    let mut store = MergeStore::new();
    for (i, data) in [&a, &high, &other].into_iter().enumerate() {
        store.add_bytes(i, data, 1).unwrap();
    }
    assert_eq!(store.twins.len(), 2);
    assert_eq!(store.twins[0].members, [(0, false)]);
    let merged = store.finish();
    assert_eq!(merged, merge_decoded(&[(a, 1), (high, 1), (other, 1)]));
}
