//! The merged records of a merge, keyed by (function name, function hash)
//! as `InstrProfWriter::FunctionData` is, with `InstrProfRecord::merge`'s
//! rules made independent of input order.
//!
//! LLVM merges each new record into the one it already holds and, on a
//! conflict, drops the newcomer: a record with another number of counters
//! (`count_mismatch`), the bitmap bytes and value data of one whose bitmap
//! has another size (`bitmap_mismatch`; its counts are still added), and
//! the sites of one value kind whose site count differs
//! (`value_site_count_mismatch`). Which record survives therefore depends
//! on the order LLVM reads its inputs in (and on its thread count). Here
//! conflicting records are kept apart, each group merging within itself,
//! and the group with the most records wins when the merge is finished (ties:
//! the smaller shape). Every loser is reported with how many records it
//! held.
//!
//! Counts are summed with saturation and capped at
//! [`MAX_COUNT`](format::MAX_COUNT) once more than one record (or a weight
//! above 1) went into them, which is what LLVM's `merge` and `scale` give;
//! a single unweighted record keeps its counts as read. Records whose first
//! counter is LLVM's pseudo count (`u64::MAX` hot, `u64::MAX - 1` warm, from
//! `-supplement-instr-with-sample`) only merge with each other: the result
//! is hot if either is, and the other counters take the maximum (LLVM keeps
//! the first record's); weights do not apply to them.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::diagnostic::Diagnostic;
use super::sites::Site;
use crate::format;
use crate::record::{Record, ValueKind, ValueProfile};

const PSEUDO_HOT: u64 = u64::MAX;
const PSEUDO_WARM: u64 = u64::MAX - 1;

/// Something merged in groups of one shape, the largest group winning.
trait Grouped: Sized {
    type Shape: Ord + Copy;
    fn shape(&self) -> Self::Shape;
    fn contributors(&self) -> u32;
    fn first_input(&self) -> u32;
    fn absorb(&mut self, other: Self);
}

fn add_to_groups<G: Grouped>(groups: &mut Vec<G>, group: G) {
    match groups.iter_mut().find(|g| g.shape() == group.shape()) {
        Some(existing) => existing.absorb(group),
        None => groups.push(group),
    }
}

/// The losers of a group contest: how many records they held and the
/// first input among them.
#[derive(Debug, Clone, Copy)]
struct Losers {
    records: u32,
    input: u32,
}

/// Picks the group with the most records (ties: the smallest shape).
fn pick<G: Grouped>(groups: Vec<G>) -> Option<(G, Option<Losers>)> {
    let best = groups
        .iter()
        .enumerate()
        .max_by(|(_, a), (_, b)| {
            a.contributors()
                .cmp(&b.contributors())
                .then(b.shape().cmp(&a.shape()))
        })
        .map(|(i, _)| i)?;
    let mut winner = None;
    let mut losers: Option<Losers> = None;
    for (i, g) in groups.into_iter().enumerate() {
        if i == best {
            winner = Some(g);
        } else {
            let l = losers.get_or_insert(Losers {
                records: 0,
                input: u32::MAX,
            });
            l.records = l.records.saturating_add(g.contributors());
            l.input = l.input.min(g.first_input());
        }
    }
    winner.map(|w| (w, losers))
}

#[derive(Debug, Clone)]
struct SiteGroup {
    sites: Vec<Site>,
    contributors: u32,
    first_input: u32,
}

impl Grouped for SiteGroup {
    type Shape = usize;
    fn shape(&self) -> usize {
        self.sites.len()
    }
    fn contributors(&self) -> u32 {
        self.contributors
    }
    fn first_input(&self) -> u32 {
        self.first_input
    }
    fn absorb(&mut self, other: Self) {
        for (site, o) in self.sites.iter_mut().zip(other.sites) {
            site.absorb(o);
        }
        self.contributors = self.contributors.saturating_add(other.contributors);
        self.first_input = self.first_input.min(other.first_input);
    }
}

#[derive(Debug, Clone)]
struct BitmapGroup {
    bytes: Vec<u8>,
    contributors: u32,
    first_input: u32,
    kinds: [Vec<SiteGroup>; 3],
}

impl Grouped for BitmapGroup {
    type Shape = usize;
    fn shape(&self) -> usize {
        self.bytes.len()
    }
    fn contributors(&self) -> u32 {
        self.contributors
    }
    fn first_input(&self) -> u32 {
        self.first_input
    }
    fn absorb(&mut self, other: Self) {
        for (byte, o) in self.bytes.iter_mut().zip(other.bytes) {
            *byte |= o;
        }
        for (groups, others) in self.kinds.iter_mut().zip(other.kinds) {
            for g in others {
                add_to_groups(groups, g);
            }
        }
        self.contributors = self.contributors.saturating_add(other.contributors);
        self.first_input = self.first_input.min(other.first_input);
    }
}

#[derive(Debug, Clone)]
struct CountGroup {
    pseudo: bool,
    /// Weighted sums, saturating at `u64::MAX`; capped when finished.
    counts: Vec<u64>,
    contributors: u32,
    /// A contributor had a weight above 1 (LLVM then scales, and caps).
    weighted: bool,
    first_input: u32,
    bitmaps: Vec<BitmapGroup>,
}

impl Grouped for CountGroup {
    type Shape = (usize, bool);
    fn shape(&self) -> (usize, bool) {
        (self.counts.len(), self.pseudo)
    }
    fn contributors(&self) -> u32 {
        self.contributors
    }
    fn first_input(&self) -> u32 {
        self.first_input
    }
    fn absorb(&mut self, other: Self) {
        if self.pseudo {
            for (i, (c, o)) in self.counts.iter_mut().zip(other.counts).enumerate() {
                *c = if i > 0 {
                    (*c).max(o)
                } else if *c == PSEUDO_HOT || o == PSEUDO_HOT {
                    PSEUDO_HOT
                } else {
                    PSEUDO_WARM
                };
            }
        } else {
            for (c, o) in self.counts.iter_mut().zip(other.counts) {
                *c = c.saturating_add(o);
            }
        }
        for b in other.bitmaps {
            add_to_groups(&mut self.bitmaps, b);
        }
        self.contributors = self.contributors.saturating_add(other.contributors);
        self.weighted |= other.weighted;
        self.first_input = self.first_input.min(other.first_input);
    }
}

impl SiteGroup {
    fn add_sites(&mut self, sites: &[Vec<crate::record::ValueData>], input: u32, weight: u64) {
        for (site, values) in self.sites.iter_mut().zip(sites) {
            site.absorb(Site::single(values, weight));
        }
        self.contributors = self.contributors.saturating_add(1);
        self.first_input = self.first_input.min(input);
    }

    fn single(sites: &[Vec<crate::record::ValueData>], input: u32, weight: u64) -> Self {
        SiteGroup {
            sites: sites.iter().map(|s| Site::single(s, weight)).collect(),
            contributors: 1,
            first_input: input,
        }
    }
}

impl BitmapGroup {
    fn single(record: &Record<'_>, input: u32, weight: u64) -> Self {
        BitmapGroup {
            bytes: record.bitmap.clone(),
            contributors: 1,
            first_input: input,
            kinds: ValueKind::ALL
                .map(|kind| vec![SiteGroup::single(record.values.sites(kind), input, weight)]),
        }
    }

    /// `absorb(BitmapGroup::single(record, ..))` without building it.
    fn add_record(&mut self, record: &Record<'_>, input: u32, weight: u64) {
        for (byte, o) in self.bytes.iter_mut().zip(&record.bitmap) {
            *byte |= o;
        }
        for (groups, kind) in self.kinds.iter_mut().zip(ValueKind::ALL) {
            let sites = record.values.sites(kind);
            match groups.iter_mut().find(|g| g.sites.len() == sites.len()) {
                Some(g) => g.add_sites(sites, input, weight),
                None => groups.push(SiteGroup::single(sites, input, weight)),
            }
        }
        self.contributors = self.contributors.saturating_add(1);
        self.first_input = self.first_input.min(input);
    }
}

impl CountGroup {
    /// `absorb(CountGroup::single(record, ..))` without building it; the
    /// record must have this group's shape.
    fn add_record(&mut self, record: &Record<'_>, input: u32, weight: u64) {
        let scale = !self.pseudo && weight > 1;
        if self.pseudo {
            for (i, (c, &o)) in self.counts.iter_mut().zip(&record.counts).enumerate() {
                *c = if i > 0 {
                    (*c).max(o)
                } else if *c == PSEUDO_HOT || o == PSEUDO_HOT {
                    PSEUDO_HOT
                } else {
                    PSEUDO_WARM
                };
            }
        } else if scale {
            for (c, &o) in self.counts.iter_mut().zip(&record.counts) {
                *c = c.saturating_add(o.saturating_mul(weight));
            }
        } else {
            for (c, &o) in self.counts.iter_mut().zip(&record.counts) {
                *c = c.saturating_add(o);
            }
        }
        let site_weight = if scale { weight } else { 1 };
        match self
            .bitmaps
            .iter_mut()
            .find(|b| b.bytes.len() == record.bitmap.len())
        {
            Some(b) => b.add_record(record, input, site_weight),
            None => self
                .bitmaps
                .push(BitmapGroup::single(record, input, site_weight)),
        }
        self.contributors = self.contributors.saturating_add(1);
        self.weighted |= scale;
        self.first_input = self.first_input.min(input);
    }

    fn is_pseudo(record: &Record<'_>) -> bool {
        record.counts.first().is_some_and(|&c| c >= PSEUDO_WARM)
    }

    /// The group of one record of input `input`, scaled by `weight`.
    fn single(record: &Record<'_>, input: u32, weight: u64) -> Self {
        let pseudo = Self::is_pseudo(record);
        let scale = !pseudo && weight > 1;
        let counts = if scale {
            record
                .counts
                .iter()
                .map(|c| c.saturating_mul(weight))
                .collect()
        } else {
            record.counts.clone()
        };
        let site_weight = if scale { weight } else { 1 };
        CountGroup {
            pseudo,
            counts,
            contributors: 1,
            weighted: scale,
            first_input: input,
            bitmaps: vec![BitmapGroup::single(record, input, site_weight)],
        }
    }
}

/// The records under one function hash of one name.
#[derive(Debug, Clone)]
struct HashEntry {
    hash: u64,
    /// When `llvm-profdata merge -j1` would first see the key: input index
    /// in the high half, position in the input in the low half.
    first_seen: u64,
    groups: Vec<CountGroup>,
}

/// The function hashes under one name.
#[derive(Debug, Clone, Default)]
struct Hashes(Vec<HashEntry>);

impl Hashes {
    fn add(&mut self, hash: u64, first_seen: u64, group: CountGroup) {
        match self.0.iter_mut().find(|e| e.hash == hash) {
            Some(e) => {
                e.first_seen = e.first_seen.min(first_seen);
                add_to_groups(&mut e.groups, group);
            }
            None => self.0.push(HashEntry {
                hash,
                first_seen,
                groups: vec![group],
            }),
        }
    }

    fn absorb(&mut self, other: Hashes) {
        for e in other.0 {
            match self.0.iter_mut().find(|mine| mine.hash == e.hash) {
                Some(mine) => {
                    mine.first_seen = mine.first_seen.min(e.first_seen);
                    for g in e.groups {
                        add_to_groups(&mut mine.groups, g);
                    }
                }
                None => self.0.push(e),
            }
        }
    }
}

/// The records being merged.
#[derive(Debug, Clone, Default)]
pub(crate) struct RecordStore {
    names: HashMap<Box<[u8]>, Hashes>,
}

impl RecordStore {
    /// Adds `record`, found at `position` in input `input`, with `weight`
    /// (at least 1).
    pub(crate) fn add(&mut self, record: &Record<'_>, input: u32, position: u32, weight: u64) {
        let weight = weight.max(1);
        let first_seen = (u64::from(input) << 32) | u64::from(position);
        if let Some(hashes) = self.names.get_mut(&*record.name) {
            // The common case: a record of a known key and shape, added in
            // place.
            let shape = (record.counts.len(), CountGroup::is_pseudo(record));
            if let Some(e) = hashes.0.iter_mut().find(|e| e.hash == record.hash)
                && let Some(g) = e.groups.iter_mut().find(|g| g.shape() == shape)
            {
                e.first_seen = e.first_seen.min(first_seen);
                g.add_record(record, input, weight);
                return;
            }
            hashes.add(
                record.hash,
                first_seen,
                CountGroup::single(record, input, weight),
            );
            return;
        }
        let group = CountGroup::single(record, input, weight);
        let mut hashes = Hashes::default();
        hashes.add(record.hash, first_seen, group);
        self.names
            .insert(record.name.to_vec().into_boxed_slice(), hashes);
    }

    /// Adds `record` as the merge of `contributors` records (at least 1)
    /// with these very counts and bitmap bytes and no value sites, the
    /// first of them at `position` in input `input`; `weighted` when one
    /// of them had a weight above 1. The same as adding each of them, for
    /// records without pseudo counts.
    pub(crate) fn add_group(
        &mut self,
        record: Record<'static>,
        input: u32,
        position: u32,
        contributors: u32,
        weighted: bool,
    ) {
        let first_seen = (u64::from(input) << 32) | u64::from(position);
        let contributors = contributors.max(1);
        let site = |_| {
            vec![SiteGroup {
                sites: Vec::new(),
                contributors,
                first_input: input,
            }]
        };
        let group = CountGroup {
            pseudo: false,
            counts: record.counts,
            contributors,
            weighted,
            first_input: input,
            bitmaps: vec![BitmapGroup {
                bytes: record.bitmap,
                contributors,
                first_input: input,
                kinds: [0, 1, 2].map(site),
            }],
        };
        match self.names.get_mut(&*record.name) {
            Some(hashes) => hashes.add(record.hash, first_seen, group),
            None => {
                let mut hashes = Hashes::default();
                hashes.add(record.hash, first_seen, group);
                self.names
                    .insert(record.name.into_owned().into_boxed_slice(), hashes);
            }
        }
    }

    /// Adds every record of `other`.
    pub(crate) fn absorb(&mut self, other: RecordStore) {
        if self.names.len() < other.names.len() {
            let mine = std::mem::replace(&mut self.names, other.names);
            return self.absorb(RecordStore { names: mine });
        }
        for (name, hashes) in other.names {
            match self.names.entry(name) {
                Entry::Occupied(mut e) => e.get_mut().absorb(hashes),
                Entry::Vacant(e) => {
                    e.insert(hashes);
                }
            }
        }
    }

    /// The number of distinct (name, hash) pairs.
    pub(crate) fn len(&self) -> usize {
        self.names.values().map(|h| h.0.len()).sum()
    }

    /// The merged records, sorted by name and, under one name, by when
    /// they were first seen; and what had to be dropped or capped.
    pub(crate) fn finish(self, diagnostics: &mut Vec<Diagnostic>) -> Vec<Record<'static>> {
        let mut records = Vec::with_capacity(self.len());
        for (name, hashes) in self.names {
            for e in hashes.0 {
                if let Some(record) = finish_one(&name, e.hash, e.groups, diagnostics) {
                    records.push((e.first_seen, record));
                }
            }
        }
        records.sort_unstable_by(|(a_seen, a), (b_seen, b)| {
            (&*a.name, a_seen).cmp(&(&*b.name, b_seen))
        });
        records.into_iter().map(|(_, r)| r).collect()
    }
}

fn input_index(input: u32) -> usize {
    usize::try_from(input).unwrap_or(usize::MAX)
}

fn finish_one(
    name: &[u8],
    hash: u64,
    groups: Vec<CountGroup>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Record<'static>> {
    let (group, losers) = pick(groups)?;
    if let Some(l) = losers {
        diagnostics.push(Diagnostic::CountMismatch {
            input: input_index(l.input),
            name: name.to_vec(),
            hash,
            records: l.records,
        });
    }
    let mut counts = group.counts;
    let mut saturated = 0usize;
    if !group.pseudo && (group.contributors > 1 || group.weighted) {
        for c in &mut counts {
            if *c > format::MAX_COUNT {
                *c = format::MAX_COUNT;
                saturated += 1;
            }
        }
    }
    let (bitmap, losers) = pick(group.bitmaps)?;
    if let Some(l) = losers {
        diagnostics.push(Diagnostic::BitmapMismatch {
            input: input_index(l.input),
            name: name.to_vec(),
            hash,
            records: l.records,
        });
    }
    let mut values = ValueProfile::default();
    for ((kind, groups), out) in ValueKind::ALL
        .into_iter()
        .zip(bitmap.kinds)
        .zip(values.sites.iter_mut())
    {
        let Some((sites, losers)) = pick(groups) else {
            continue;
        };
        if let Some(l) = losers {
            diagnostics.push(Diagnostic::ValueSiteMismatch {
                input: input_index(l.input),
                name: name.to_vec(),
                hash,
                kind,
                records: l.records,
            });
        }
        saturated += sites.sites.iter().filter(|s| s.saturated).count();
        *out = sites.sites.into_iter().map(Site::finish).collect();
    }
    if saturated > 0 {
        diagnostics.push(Diagnostic::CounterOverflow {
            input: input_index(group.first_input),
            name: name.to_vec(),
            hash,
            counters: saturated,
        });
    }
    Some(Record {
        name: name.to_vec().into(),
        hash,
        counts,
        bitmap: bitmap.bytes,
        values,
    })
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::record::ValueData;

    fn rec(name: &str, hash: u64, counts: &[u64]) -> Record<'static> {
        Record {
            name: Cow::Owned(name.as_bytes().to_vec()),
            hash,
            counts: counts.to_vec(),
            bitmap: Vec::new(),
            values: ValueProfile::default(),
        }
    }

    fn finish(store: RecordStore) -> (Vec<Record<'static>>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let r = store.finish(&mut d);
        (r, d)
    }

    #[test]
    fn sums_saturate_at_the_cap_with_a_diagnostic() {
        let mut s = RecordStore::default();
        s.add(&rec("g", 1, &[u64::MAX - 5, 1]), 0, 0, 1);
        s.add(&rec("g", 1, &[100, 2]), 1, 0, 1);
        s.add(&rec("g", 2, &[7]), 1, 0, 3);
        let (r, d) = finish(s);
        assert_eq!(r[0].counts, [format::MAX_COUNT, 3]);
        assert_eq!(r[1].counts, [21]);
        assert_eq!(
            d,
            [Diagnostic::CounterOverflow {
                input: 0,
                name: b"g".to_vec(),
                hash: 1,
                counters: 1
            }]
        );
    }

    #[test]
    fn a_single_unweighted_record_keeps_counts_above_the_cap() {
        let mut s = RecordStore::default();
        s.add(&rec("f", 1, &[1, u64::MAX]), 4, 0, 1);
        let (r, d) = finish(s);
        assert_eq!(r[0].counts, [1, u64::MAX]);
        assert!(d.is_empty());
    }

    #[test]
    fn count_mismatch_keeps_the_larger_group_whatever_the_order() {
        let inputs = [
            rec("f", 1, &[1, 1]),
            rec("f", 1, &[5]),
            rec("f", 1, &[2, 2]),
        ];
        for order in [[0, 1, 2], [1, 0, 2], [2, 1, 0]] {
            let mut s = RecordStore::default();
            for i in order {
                s.add(&inputs[i], i as u32, 0, 1);
            }
            let (r, d) = finish(s);
            assert_eq!(r[0].counts, [3, 3]);
            assert_eq!(
                d,
                [Diagnostic::CountMismatch {
                    input: 1,
                    name: b"f".to_vec(),
                    hash: 1,
                    records: 1
                }]
            );
        }
    }

    #[test]
    fn bitmaps_or_and_value_sites_merge() {
        let mut a = rec("m", 1, &[1]);
        a.bitmap = vec![0x01, 0x80];
        a.values.sites[1] = vec![vec![ValueData { value: 8, count: 1 }]];
        let mut b = rec("m", 1, &[2]);
        b.bitmap = vec![0x10, 0x00];
        b.values.sites[1] = vec![vec![
            ValueData { value: 8, count: 2 },
            ValueData { value: 4, count: 5 },
        ]];
        let mut s = RecordStore::default();
        s.add(&a, 0, 0, 1);
        s.add(&b, 1, 0, 2);
        let (r, d) = finish(s);
        assert!(d.is_empty());
        assert_eq!(r[0].counts, [5]);
        assert_eq!(r[0].bitmap, [0x11, 0x80]);
        assert_eq!(
            r[0].values.sites[1],
            [vec![
                ValueData {
                    value: 4,
                    count: 10
                },
                ValueData { value: 8, count: 5 }
            ]]
        );
    }

    #[test]
    fn pseudo_counts_merge_only_with_pseudo_counts() {
        let mut s = RecordStore::default();
        s.add(&rec("p", 1, &[PSEUDO_WARM, 3]), 0, 0, 1);
        s.add(&rec("p", 1, &[PSEUDO_HOT, 2]), 1, 0, 5);
        let (r, d) = finish(s);
        assert_eq!(r[0].counts, [PSEUDO_HOT, 3]);
        assert!(d.is_empty());
    }
}
