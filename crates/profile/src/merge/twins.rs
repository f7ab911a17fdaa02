//! The merge's fast path for raw profiles written by one binary.
//!
//! Every run of an instrumented program writes the same raw profile but
//! for its counters: the same header, binary IDs, data records (up to the
//! run-time addresses `FunctionPointer` and `Values`), names and vtables;
//! only the counters and the MC/DC bitmap bytes change (and, with address
//! randomisation, the header's `NamesDelta`, and its `BitmapDelta` when
//! there is no bitmap). So after one such profile has been decoded in full,
//! the next ones need no decoding at all: a profile whose bytes equal the
//! first one's outside those places is the first one with other counters,
//! and merging it is adding its counters section to a running sum and
//! OR-ing its bitmap section into a running union, as wide as the machine
//! allows. The records come out of the first profile's decoding with the
//! sums at the end.
//!
//! A profile goes the slow way (decoded and merged record by record) when
//! it differs anywhere else, when it holds several profiles, and when its
//! layout makes counters more than plain `u64` slots to add: byte coverage,
//! temporal timestamps, uniform counters, value sites (whose data follows
//! the records). Counts of `2^62` or more (which includes LLVM's pseudo
//! counts, which merge by maximum) also take the slow way, so that the sums
//! of a twin group are exactly the saturating sums the slow path computes.
//!
//! A group of twins enters the record store as each of its records added
//! once per member: the same sums, contributor counts, first input and
//! first position, so conflicts with other inputs are settled exactly as
//! if every member had been decoded.

use covkit_wire::{Endian, PointerWidth};

use crate::raw::{HeaderField, RawProfile, Section};
use crate::record::Record;

/// Counts at or above this bound send a profile the slow way.
const HIGH_COUNT: u64 = 1 << 62;

/// A byte range of the reference profile, as `usize` offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    fn of(section: Section) -> Option<Span> {
        let start = usize::try_from(section.offset).ok()?;
        let end = usize::try_from(section.end()).ok()?;
        Some(Span { start, end })
    }

    fn field(offset: u64, size: usize) -> Option<Span> {
        let start = usize::try_from(offset).ok()?;
        Some(Span {
            start,
            end: start.checked_add(size)?,
        })
    }

    fn len(self) -> usize {
        self.end - self.start
    }
}

/// One record of the reference: its name and hash, and where its counters
/// and bitmap bytes are, in entries of the summed sections.
#[derive(Debug, Clone)]
struct TwinRecord {
    record: Record<'static>,
    counters: Span,
    bitmap: Span,
}

/// A group of raw profiles of one binary: the first one's bytes and
/// decoded records, and the sums of every member's counters.
#[derive(Debug, Clone)]
pub(crate) struct Twin {
    /// The variant flags of the reference.
    pub(crate) variant: u64,
    /// The binary IDs of the reference (and so of every member).
    pub(crate) binary_ids: Vec<Vec<u8>>,
    reference: Vec<u8>,
    endian: Endian,
    /// Ranges every member shares with the reference byte for byte.
    fixed: Vec<Span>,
    /// The data records, compared under `mask`.
    data: Span,
    /// One word per 8 bytes of a data record: the bits that must match.
    mask: Vec<u64>,
    counters: Span,
    bitmap: Span,
    records: Vec<TwinRecord>,
    /// Weighted saturating sums of the counters of every member.
    sums: Vec<u64>,
    /// The union of the bitmap bytes of every member.
    bits: Vec<u8>,
    /// The members: input numbers and whether their weight was above 1.
    pub(crate) members: Vec<(u32, bool)>,
}

impl Twin {
    /// A group whose reference is `data`, already decoded as `profiles`;
    /// `None` when its layout does not allow the fast path.
    pub(crate) fn new(data: &[u8], profiles: &[RawProfile<'_>]) -> Option<Twin> {
        let [profile] = profiles else { return None };
        let variant = profile.variant;
        if variant.is_byte_coverage()
            || variant.is_temporal()
            || profile.sections.uniform_counters.size != 0
            || profile.data_records.iter().any(|d| d.has_value_sites())
            || profile.end() != u64::try_from(data.len()).ok()?
        {
            return None;
        }
        let counters = Span::of(profile.sections.counters)?;
        let bitmap = Span::of(profile.sections.bitmap)?;
        let data_span = Span::of(profile.sections.data)?;
        let layout = profile.record_layout;
        let record_size = usize::try_from(layout.size).ok()?;
        if record_size == 0 || record_size % 8 != 0 || data_span.len() % record_size != 0 {
            return None;
        }
        if counters.len() % 8 != 0 {
            return None;
        }

        // Bytes of a data record that may differ: the run-time addresses.
        let width = match layout.width {
            PointerWidth::U32 => 4,
            PointerWidth::U64 => 8,
        };
        let mut mask_bytes = vec![0xffu8; record_size];
        for field in [layout.function_pointer, layout.values] {
            let at = usize::try_from(field).ok()?;
            mask_bytes.get_mut(at..at.checked_add(width)?)?.fill(0);
        }
        let mask = mask_bytes
            .chunks_exact(8)
            .map(|w| w.try_into().map(u64::from_ne_bytes))
            .collect::<Result<Vec<u64>, _>>()
            .ok()?;

        // Header fields that may differ and that the reader does not use
        // for this profile.
        let header = &profile.header;
        let mut loose = vec![data_span, counters, bitmap];
        let mut header_field = |field: HeaderField| -> Option<()> {
            if let Some(at) = header.offset_of(field) {
                loose.push(Span::field(at, 8)?);
            }
            Some(())
        };
        header_field(HeaderField::NamesDelta)?;
        if header.num_bitmap_bytes == 0 {
            header_field(HeaderField::BitmapDelta)?;
        }
        if header.num_uniform_counters == 0 {
            header_field(HeaderField::UniformCountersDelta)?;
        }
        loose.sort_by_key(|s| s.start);
        let mut fixed = Vec::new();
        let mut at = 0;
        for span in loose {
            if span.start < at {
                return None;
            }
            if span.start > at {
                fixed.push(Span {
                    start: at,
                    end: span.start,
                });
            }
            at = span.end;
        }
        if at < data.len() {
            fixed.push(Span {
                start: at,
                end: data.len(),
            });
        }

        let mut records = Vec::with_capacity(profile.records.len());
        for (record, d) in profile.records.iter().zip(&profile.data_records) {
            let c = Span::of(d.counters)?;
            let start = c.start.checked_sub(counters.start)? / 8;
            let counters = Span {
                start,
                end: start.checked_add(c.len() / 8)?,
            };
            let bitmap = if d.bitmap.size == 0 {
                Span { start: 0, end: 0 }
            } else {
                let b = Span::of(d.bitmap)?;
                let start = b.start.checked_sub(bitmap.start)?;
                Span {
                    start,
                    end: start.checked_add(b.len())?,
                }
            };
            if counters.len() != record.counts.len() || bitmap.len() != record.bitmap.len() {
                return None;
            }
            records.push(TwinRecord {
                record: Record {
                    name: record.name.clone().into_owned().into(),
                    hash: record.hash,
                    counts: Vec::new(),
                    bitmap: Vec::new(),
                    values: record.values.clone(),
                },
                counters,
                bitmap,
            });
        }

        Some(Twin {
            variant: variant.0,
            binary_ids: profile.binary_ids.iter().map(|b| b.to_vec()).collect(),
            reference: data.to_vec(),
            endian: profile.endian,
            fixed,
            data: data_span,
            mask,
            counters,
            bitmap,
            records,
            sums: vec![0; counters.len() / 8],
            bits: vec![0; bitmap.len()],
            members: Vec::new(),
        })
    }

    /// Whether `data` is the reference with other counters and bitmap
    /// bytes.
    pub(crate) fn matches(&self, data: &[u8]) -> bool {
        if data.len() != self.reference.len() {
            return false;
        }
        let same = |s: Span| data.get(s.start..s.end) == self.reference.get(s.start..s.end);
        if !self.fixed.iter().all(|&s| same(s)) {
            return false;
        }
        let (Some(mine), Some(theirs)) = (
            self.reference.get(self.data.start..self.data.end),
            data.get(self.data.start..self.data.end),
        ) else {
            return false;
        };
        let words = self.mask.len();
        let mut differ = 0u64;
        for (a, b) in mine
            .chunks_exact(8 * words)
            .zip(theirs.chunks_exact(8 * words))
        {
            for ((a, b), m) in a.chunks_exact(8).zip(b.chunks_exact(8)).zip(&self.mask) {
                differ |= (word(a) ^ word(b)) & m;
            }
        }
        differ == 0
    }

    /// Adds the counters and bitmap bytes of `data`, which
    /// [`matches`](Twin::matches), as input `input` with `weight`; false
    /// (and nothing added) when a count is too high for the fast path.
    pub(crate) fn add(&mut self, data: &[u8], input: u32, weight: u64) -> bool {
        let (Some(counters), Some(bitmap)) = (
            data.get(self.counters.start..self.counters.end),
            data.get(self.bitmap.start..self.bitmap.end),
        ) else {
            return false;
        };
        // Any byte order: the OR of the words has a high bit set exactly
        // when some count has one.
        let high = counters.chunks_exact(8).fold(0u64, |acc, w| acc | word(w));
        let high = match self.endian {
            Endian::Little => u64::from_le(high),
            Endian::Big => u64::from_be(high),
        };
        if high >= HIGH_COUNT {
            return false;
        }
        let weight = weight.max(1);
        match (self.endian, weight) {
            (Endian::Little, 1) => add_counts(&mut self.sums, counters, u64::from_le_bytes),
            (Endian::Big, 1) => add_counts(&mut self.sums, counters, u64::from_be_bytes),
            (Endian::Little, w) => add_scaled(&mut self.sums, counters, u64::from_le_bytes, w),
            (Endian::Big, w) => add_scaled(&mut self.sums, counters, u64::from_be_bytes, w),
        }
        for (a, b) in self.bits.iter_mut().zip(bitmap) {
            *a |= b;
        }
        self.members.push((input, weight > 1));
        true
    }

    /// A group of the same binary without members.
    pub(crate) fn empty_like(&self) -> Twin {
        Twin {
            variant: self.variant,
            binary_ids: self.binary_ids.clone(),
            reference: self.reference.clone(),
            endian: self.endian,
            fixed: self.fixed.clone(),
            data: self.data,
            mask: self.mask.clone(),
            counters: self.counters,
            bitmap: self.bitmap,
            records: self.records.clone(),
            sums: vec![0; self.sums.len()],
            bits: vec![0; self.bits.len()],
            members: Vec::new(),
        }
    }

    /// Whether `other` is a group of the same binary.
    pub(crate) fn same_as(&self, other: &Twin) -> bool {
        self.matches(&other.reference)
    }

    /// Adds the members and sums of `other`, a group of the same binary.
    pub(crate) fn absorb(&mut self, other: Twin) {
        if other.members.is_empty() {
            return;
        }
        for (a, b) in self.sums.iter_mut().zip(other.sums) {
            *a = a.saturating_add(b);
        }
        for (a, b) in self.bits.iter_mut().zip(other.bits) {
            *a |= b;
        }
        self.members.extend(other.members);
    }

    /// The merged records, in reference order, each with the sums of its
    /// counters and the union of its bitmap bytes.
    pub(crate) fn into_records(self) -> impl Iterator<Item = Record<'static>> {
        let sums = self.sums;
        let bits = self.bits;
        self.records.into_iter().map(move |r| {
            let mut record = r.record;
            record.counts = sums
                .get(r.counters.start..r.counters.end)
                .unwrap_or_default()
                .to_vec();
            record.bitmap = bits
                .get(r.bitmap.start..r.bitmap.end)
                .unwrap_or_default()
                .to_vec();
            record
        })
    }
}

/// Eight bytes as a word in the machine's order (for comparisons and ORs,
/// where the order does not matter).
fn word(bytes: &[u8]) -> u64 {
    bytes.try_into().map_or(0, u64::from_ne_bytes)
}

fn add_counts(sums: &mut [u64], bytes: &[u8], read: fn([u8; 8]) -> u64) {
    for (s, w) in sums.iter_mut().zip(bytes.chunks_exact(8)) {
        let v = w.try_into().map_or(0, read);
        // Every count is below 2^62 (checked by the caller), so a sum
        // below 2^63 cannot wrap; a saturated one stays saturated.
        *s = s.saturating_add(v);
    }
}

fn add_scaled(sums: &mut [u64], bytes: &[u8], read: fn([u8; 8]) -> u64, weight: u64) {
    for (s, w) in sums.iter_mut().zip(bytes.chunks_exact(8)) {
        let v = w.try_into().map_or(0, read);
        *s = s.saturating_add(v.saturating_mul(weight));
    }
}
