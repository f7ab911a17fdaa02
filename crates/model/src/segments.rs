//! Regions to segments to lines: LLVM's `SegmentBuilder` and
//! `LineCoverageStats` (`CoverageMapping.cpp`), with LLVM 22's rules.
//!
//! A [`Segment`] says "from here on, the count is X" until the next one.
//! [`build_segments`] sorts the regions (start ascending, longer first, then
//! by kind), merges regions with identical ranges (adding counts only from
//! regions of the first one's kind), and sweeps them with a stack of active
//! regions, closing the ones that end before each new start. [`LineStats`]
//! then turns segments into per-line counts: a line is mapped when a region
//! with a count starts on it or a counted segment wraps into it (and it
//! does not begin with a skipped region), or, since LLVM 18, when any
//! counted region entry starts on it; its count is the maximum of the
//! wrapped count and the counts of the non-gap region entries on it.

use std::cmp::Ordering;

use covkit_covmap::ids::Position;

use crate::function::{CountedKind, CountedRegion};

/// Where a count starts (`CoverageSegment`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Segment {
    /// Where the segment starts.
    pub start: Position,
    /// The count, 0 when there is none.
    pub count: u64,
    /// Whether the segment has a count (skipped and unmapped space has
    /// none).
    pub has_count: bool,
    /// Whether a region starts here (rather than an enclosing region
    /// resuming).
    pub is_region_entry: bool,
    /// Whether the segment starts a gap region.
    pub is_gap: bool,
}

impl Segment {
    /// The segment's line.
    #[must_use]
    pub fn line(&self) -> u32 {
        self.start.line.0
    }
}

/// Sorts regions as LLVM's `sortNestedRegions`: start ascending, then the
/// enclosing (later-ending) region first, then by kind.
fn nested_order(a: &CountedRegion, b: &CountedRegion) -> Ordering {
    a.start
        .cmp(&b.start)
        .then_with(|| b.end.cmp(&a.end))
        .then_with(|| kind_rank(a.kind).cmp(&kind_rank(b.kind)))
}

fn kind_rank(kind: CountedKind) -> u8 {
    match kind {
        CountedKind::Code => 0,
        CountedKind::Expansion { .. } => 1,
        CountedKind::Skipped => 2,
        CountedKind::Gap => 3,
    }
}

fn same_kind(a: CountedKind, b: CountedKind) -> bool {
    kind_rank(a) == kind_rank(b)
}

/// Merges regions with identical ranges into the first of them; counts are
/// added only from regions of the same kind as that first one.
fn combine(regions: &mut Vec<CountedRegion>) {
    // `dedup_by` hands over the later region first, the kept one second.
    regions.dedup_by(|r, kept| {
        if kept.start != r.start || kept.end != r.end {
            return false;
        }
        if same_kind(kept.kind, r.kind) {
            kept.count = kept.count.wrapping_add(r.count);
        }
        true
    });
}

/// Builds the segments of `regions` (which it sorts and merges in place).
#[must_use]
pub fn build_segments(mut regions: Vec<CountedRegion>) -> Vec<Segment> {
    regions.sort_by(nested_order);
    combine(&mut regions);
    let mut builder = Builder {
        // A region starts at most one segment and ends at most one.
        segments: Vec::with_capacity(regions.len().saturating_mul(2)),
        active: Vec::new(),
        scratch: Vec::new(),
    };
    builder.sweep(&regions);
    builder.segments
}

struct Builder<'r> {
    segments: Vec<Segment>,
    /// Active regions, outermost first.
    active: Vec<&'r CountedRegion>,
    /// Room reused by the sweep, so that it allocates once, not per region.
    scratch: Vec<&'r CountedRegion>,
}

impl<'r> Builder<'r> {
    /// Emits a segment with `region`'s count at `at`, unless it would
    /// change nothing. `no_count` forces a segment without a count.
    fn start(&mut self, region: &CountedRegion, at: Position, is_entry: bool, no_count: bool) {
        let has_count = !no_count && region.kind != CountedKind::Skipped;
        if !is_entry
            && !no_count
            && let Some(last) = self.segments.last()
            && last.has_count == has_count
            && last.count == region.count
            && !last.is_region_entry
        {
            return;
        }
        self.segments.push(if has_count {
            Segment {
                start: at,
                count: region.count,
                has_count: true,
                is_region_entry: is_entry,
                is_gap: region.kind == CountedKind::Gap,
            }
        } else {
            Segment {
                start: at,
                count: 0,
                has_count: false,
                is_region_entry: is_entry,
                is_gap: false,
            }
        });
    }

    /// Closes the active regions from index `first` on, which all end at or
    /// before `next` (the next region's start; `None` at the end).
    fn complete_until(&mut self, next: Option<Position>, first: usize) {
        let Some(completed) = self.active.get_mut(first..) else {
            return;
        };
        completed.sort_by_key(|r| r.end);
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        scratch.extend_from_slice(completed);
        let completed = &scratch;
        for (i, pair) in completed.windows(2).enumerate() {
            let [previous, current] = pair else { continue };
            let at = previous.end;
            if next == Some(at) {
                break;
            }
            if at == current.end {
                continue;
            }
            // The count comes from the last completed region ending where
            // this one does.
            let mut source = *current;
            for later in completed.iter().skip(i + 2) {
                if later.end == current.end {
                    source = later;
                }
            }
            self.start(source, at, false, false);
        }
        if let Some(last) = completed.last() {
            if first > 0 && next != Some(last.end) {
                if let Some(&enclosing) = self.active.get(first - 1) {
                    self.start(enclosing, last.end, false, false);
                }
            } else if first == 0 && next != Some(last.end) {
                // Nothing is active after this: the space is unmapped.
                self.start(last, last.end, false, true);
            }
        }
        self.scratch = scratch;
        self.active.truncate(first);
    }

    fn sweep(&mut self, regions: &'r [CountedRegion]) {
        for (i, region) in regions.iter().enumerate() {
            let at = region.start;
            // Stable partition: still-open regions first, completed after.
            if self.active.iter().any(|r| r.end <= at) {
                let mut done = std::mem::take(&mut self.scratch);
                done.clear();
                done.extend(self.active.iter().filter(|r| r.end <= at).copied());
                self.active.retain(|r| r.end > at);
                let first = self.active.len();
                self.active.extend_from_slice(&done);
                self.scratch = done;
                self.complete_until(Some(at), first);
            }
            let is_entry = region.kind != CountedKind::Gap;
            let is_last = i + 1 == regions.len();
            if at == region.end {
                // Zero-length regions never become active.
                let no_count = is_last || region.kind == CountedKind::Skipped;
                let source = self.active.last().copied().unwrap_or(region);
                self.start(source, at, is_entry, no_count);
                if no_count && let Some(&innermost) = self.active.last() {
                    self.start(innermost, at, false, false);
                }
                continue;
            }
            if regions.get(i + 1).is_none_or(|next| next.start != at) {
                self.start(region, at, is_entry, false);
            }
            self.active.push(region);
        }
        if !self.active.is_empty() {
            self.complete_until(None, 0);
        }
    }
}

/// The coverage of one line (`LineCoverageStats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineStats {
    /// The line.
    pub line: u32,
    /// Whether the line is mapped (gets a `DA:` line).
    pub mapped: bool,
    /// The line's count, 0 when unmapped.
    pub count: u64,
    /// Whether more than one region starts on the line.
    pub has_multiple_regions: bool,
}

impl LineStats {
    /// The stats of `line` from the segments starting on it and the last
    /// segment of an earlier line (`wrapped`).
    #[must_use]
    pub fn new(line: u32, on_line: &[Segment], wrapped: Option<&Segment>) -> Self {
        let is_start = |s: &&Segment| !s.is_gap && s.has_count && s.is_region_entry;
        let starts = on_line.iter().filter(is_start).take(2).count();
        let skipped_start = on_line
            .first()
            .is_some_and(|s| !s.has_count && s.is_region_entry);
        let mut mapped = !skipped_start && (wrapped.is_some_and(|w| w.has_count) || starts > 0);
        // LLVM 18+: any counted region entry on the line maps it.
        mapped |= on_line.iter().any(|s| s.is_region_entry && s.has_count);
        let mut count = 0;
        if mapped {
            count = wrapped.map_or(0, |w| w.count);
            if starts > 0 {
                for s in on_line.iter().filter(is_start) {
                    count = count.max(s.count);
                }
            }
        }
        LineStats {
            line,
            mapped,
            count,
            has_multiple_regions: starts > 1,
        }
    }
}

/// Iterates the [`LineStats`] of every line from `first_line` to the line
/// of the last segment (`LineCoverageIterator`).
#[derive(Debug, Clone)]
pub struct Lines<'s> {
    segments: &'s [Segment],
    next: usize,
    line: u32,
    on_line: &'s [Segment],
    wrapped: Option<&'s Segment>,
}

impl<'s> Lines<'s> {
    /// Lines from `first_line` on.
    #[must_use]
    pub fn new(segments: &'s [Segment], first_line: u32) -> Self {
        Lines {
            segments,
            next: 0,
            line: first_line,
            on_line: &[],
            wrapped: None,
        }
    }

    /// Lines from the first segment's line on (what summaries use).
    #[must_use]
    pub fn from_first_segment(segments: &'s [Segment]) -> Self {
        Lines::new(segments, segments.first().map_or(1, Segment::line))
    }

    /// Skips the lines before the next segment's line, which no segment
    /// starts on: they all have the stats of the first of them (but for
    /// the line number). Returns those stats and how many lines there are,
    /// or `None` when the next line has a segment or there are no more
    /// segments. Iterating on gives the same lines as if they had been
    /// read one by one; a summary over a region of millions of lines costs
    /// one step instead of millions.
    pub fn skip_quiet_lines(&mut self) -> Option<(LineStats, u32)> {
        let next_line = self.segments.get(self.next).map(Segment::line)?;
        let quiet = next_line.checked_sub(self.line).filter(|&n| n > 0)?;
        if let Some(last) = self.on_line.last() {
            self.wrapped = Some(last);
        }
        self.on_line = &[];
        let stats = LineStats::new(self.line, &[], self.wrapped);
        self.line = next_line;
        Some((stats, quiet))
    }
}

impl Iterator for Lines<'_> {
    type Item = LineStats;

    fn next(&mut self) -> Option<LineStats> {
        if self.next >= self.segments.len() {
            return None;
        }
        if let Some(last) = self.on_line.last() {
            self.wrapped = Some(last);
        }
        let begin = self.next;
        // Segments are sorted by line; one before the current line (only
        // possible with line 0 in malformed input) is taken with it rather
        // than waiting for the line counter to wrap around as LLVM's would.
        while self
            .segments
            .get(self.next)
            .is_some_and(|s| s.line() <= self.line)
        {
            self.next += 1;
        }
        self.on_line = self.segments.get(begin..self.next).unwrap_or(&[]);
        let stats = LineStats::new(self.line, self.on_line, self.wrapped);
        self.line = self.line.wrapping_add(1);
        Some(stats)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn code(start: (u32, u32), end: (u32, u32), count: u64) -> CountedRegion {
        CountedRegion {
            kind: CountedKind::Code,
            file: 0,
            start: Position::new(start.0, start.1),
            end: Position::new(end.0, end.1),
            count,
        }
    }

    fn mapped_lines(regions: Vec<CountedRegion>) -> Vec<(u32, u64)> {
        let segments = build_segments(regions);
        Lines::new(&segments, 1)
            .filter(|l| l.mapped)
            .map(|l| (l.line, l.count))
            .collect()
    }

    #[test]
    fn nested_region_and_gap_after_function() {
        // Body 1:10-5:2 (count 3), an `if` body 2:5-3:6 (count 1), a second
        // function 7:1-8:2 (count 0) after an unmapped line.
        let lines = mapped_lines(vec![
            code((1, 10), (5, 2), 3),
            code((2, 5), (3, 6), 1),
            code((7, 1), (8, 2), 0),
        ]);
        // Line 3 starts inside the `if` body: its count wraps from there.
        assert_eq!(
            lines,
            [(1, 3), (2, 3), (3, 1), (4, 3), (5, 3), (7, 0), (8, 0)]
        );
    }

    #[test]
    fn identical_ranges_add_only_same_kind() {
        let mut gap = code((1, 1), (2, 1), 7);
        gap.kind = CountedKind::Gap;
        let segments = build_segments(vec![code((1, 1), (2, 1), 2), gap, code((1, 1), (2, 1), 3)]);
        assert_eq!(segments.first().map(|s| s.count), Some(5));
    }

    #[test]
    fn skipped_line_is_not_mapped() {
        let mut skipped = code((2, 1), (2, 20), 0);
        skipped.kind = CountedKind::Skipped;
        let lines = mapped_lines(vec![code((1, 1), (3, 2), 4), skipped]);
        assert_eq!(lines, [(1, 4), (3, 4)]);
    }

    /// Columns per line in the generated positions.
    const COLUMNS: u32 = 6;

    fn position(index: u32) -> (u32, u32) {
        (index / COLUMNS + 1, index % COLUMNS + 1)
    }

    /// Code regions that are pairwise disjoint or nested, with distinct
    /// start positions, distinct end positions and positive length.
    ///
    /// Under these conditions llvm-cov's rules reduce to an obvious
    /// per-line form (see [`reference`]): no zero-length or skipped or gap
    /// region triggers the special cases, no two regions share a start (so
    /// every region gets its own entry segment; LLVM gives a shared start
    /// only to the innermost region) and no identical ranges are merged.
    fn laminar_regions() -> impl Strategy<Value = Vec<CountedRegion>> {
        prop::collection::vec((0u32..60, 1u32..30, 0u64..1000), 0..24).prop_map(|candidates| {
            let mut kept: Vec<(u32, u32, u64)> = Vec::new();
            for (start, len, count) in candidates {
                let end = start + len;
                let fits = kept.iter().all(|&(s, e, _)| {
                    let disjoint = end <= s || e <= start;
                    let nested = (s < start && end < e) || (start < s && e < end);
                    (disjoint || nested) && s != start && e != end
                });
                if fits {
                    kept.push((start, end, count));
                }
            }
            kept.into_iter()
                .map(|(s, e, c)| code(position(s), position(e), c))
                .collect()
        })
    }

    /// The obvious per-line rule: a line is mapped when a region starts on
    /// it or a region is open across the line break before it; its count is
    /// the largest of the counts of the regions starting on it and of the
    /// innermost region open across that break.
    fn reference(regions: &[CountedRegion]) -> Vec<(u32, u64)> {
        let last = regions.iter().map(|r| r.end.line.0).max().unwrap_or(0);
        let mut out = Vec::new();
        for line in 1..=last {
            let wrapped = regions
                .iter()
                .filter(|r| r.start.line.0 < line && r.end.line.0 >= line)
                .max_by_key(|r| r.start);
            let starts: Vec<u64> = regions
                .iter()
                .filter(|r| r.start.line.0 == line)
                .map(|r| r.count)
                .collect();
            if wrapped.is_none() && starts.is_empty() {
                continue;
            }
            let count = starts
                .iter()
                .copied()
                .chain(wrapped.map(|r| r.count))
                .max()
                .unwrap_or(0);
            out.push((line, count));
        }
        out
    }

    proptest! {
        #[test]
        fn skipping_quiet_lines_changes_nothing(regions in laminar_regions()) {
            let segments = build_segments(regions);
            let one_by_one: Vec<(u32, bool, u64)> = Lines::from_first_segment(&segments)
                .map(|s| (s.line, s.mapped, s.count))
                .collect();
            let mut skipping = Vec::new();
            let mut lines = Lines::from_first_segment(&segments);
            while let Some(s) = lines.next() {
                skipping.push((s.line, s.mapped, s.count));
                if let Some((quiet, n)) = lines.skip_quiet_lines() {
                    prop_assert!(quiet.line == s.line + 1 && !quiet.has_multiple_regions);
                    skipping.extend((0..n).map(|i| (quiet.line + i, quiet.mapped, quiet.count)));
                }
            }
            prop_assert_eq!(skipping, one_by_one);
        }

        #[test]
        fn lines_agree_with_the_reference(regions in laminar_regions()) {
            let expected = reference(&regions);
            prop_assert_eq!(mapped_lines(regions), expected);
        }
    }
}
