//! Function records (`FunctionRecord`, `CountedRegion` and
//! `CoverageMapping::loadFunctionRecord` in LLVM's `CoverageMapping.cpp`):
//! one covfun record joined to its profile counters, as llvm-cov 22 does it.
//!
//! - The counters are looked up by PGO name and hash. An unknown function
//!   gets zero counts, one more than the largest counter index any region
//!   uses (LLVM 22 also looks at branch false counters); a hash mismatch
//!   drops the function and is reported.
//! - A record with a single zero-counter region is ignored when the
//!   profile's first counter is non-zero (a dummy from a TU that did not
//!   use the function while another did).
//! - Expansion regions take the counter of the first region of the file id
//!   they expand, repeated until nothing changes (LLVM 22).
//! - Every region's counter is evaluated; if one cannot be (a counter index
//!   out of range), the function is dropped silently.
//! - Branch and MC/DC branch regions become branches, with each side folded
//!   when its counter is the constant zero (LLVM 20+); MC/DC decision
//!   regions are left out; every other region is a counted region.

use covkit_covmap::Function;
use covkit_covmap::counter::Counter;
use covkit_covmap::ids::Position;
use covkit_covmap::region::{Region, RegionKind};

use crate::counts::{CountSource, Lookup};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::evaluate::{CountValues, Evaluator, max_counter_id};
use crate::mcdc::{self, Bitmap, McdcRecord, Recorder};

/// The kind of a counted (non-branch) region. The order is LLVM's: code,
/// expansion, skipped, gap; the segment builder sorts by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CountedKind {
    /// Code executed as often as the count says.
    Code,
    /// A macro expansion into another file id of the same function.
    Expansion {
        /// The expanded file id.
        expanded: u32,
    },
    /// Code that is not compiled; never has a count.
    Skipped,
    /// The space between statements; counted only where it wraps a line.
    Gap,
}

/// A region with its evaluated count (`CountedRegion` for the non-branch
/// kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CountedRegion {
    /// The kind.
    pub kind: CountedKind,
    /// The function-local file id.
    pub file: u32,
    /// The start position.
    pub start: Position,
    /// The end position.
    pub end: Position,
    /// The evaluated count (a negative result wraps).
    pub count: u64,
}

/// A branch region with the counts of both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CountedBranch {
    /// The function-local file id.
    pub file: u32,
    /// The start position.
    pub start: Position,
    /// The end position.
    pub end: Position,
    /// How often the condition was true.
    pub true_count: u64,
    /// How often the condition was false.
    pub false_count: u64,
    /// The true side's counter is the constant zero.
    pub true_folded: bool,
    /// The false side's counter is the constant zero.
    pub false_folded: bool,
    /// Whether this is an MC/DC condition rather than a plain branch.
    pub mcdc: bool,
}

/// One function of the model (`FunctionRecord`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionRecord {
    /// The displayed name: the PGO name without the `Filenames[0]:` prefix
    /// when it starts with exactly that filename. Mangled, unless
    /// [`Coverage::demangle_names`](crate::Coverage::demangle_names) has
    /// rewritten it.
    pub name: String,
    /// The PGO name as stored in the binary.
    pub pgo_name: String,
    /// The structural hash.
    pub hash: u64,
    /// The filename of each function-local file id.
    pub filenames: Vec<String>,
    /// The counted regions, in stored order.
    pub regions: Vec<CountedRegion>,
    /// The branch regions, in stored order.
    pub branches: Vec<CountedBranch>,
    /// The MC/DC records, in the order their decisions were completed.
    pub mcdc: Vec<McdcRecord>,
    /// The count of the first counted region.
    pub execution_count: u64,
}

impl FunctionRecord {
    /// The line of the first counted region: what lcov's `FN:` shows.
    #[must_use]
    pub fn start_line(&self) -> u32 {
        self.regions.first().map_or(0, |r| r.start.line.0)
    }

    /// The main file id: the first one no expansion region expands into
    /// (`findMainViewFileID`).
    #[must_use]
    pub fn main_file(&self) -> Option<u32> {
        let n = self.filenames.len();
        let mut expanded = vec![false; n];
        for r in &self.regions {
            if let CountedKind::Expansion { expanded: e } = r.kind
                && let Some(slot) = usize::try_from(e).ok().and_then(|e| expanded.get_mut(e))
            {
                *slot = true;
            }
        }
        expanded
            .iter()
            .position(|e| !e)
            .and_then(|i| u32::try_from(i).ok())
    }

    /// The filename of a function-local file id.
    #[must_use]
    pub fn filename(&self, file: u32) -> Option<&str> {
        self.filenames
            .get(usize::try_from(file).ok()?)
            .map(String::as_str)
    }
}

/// `getFuncNameWithoutPrefix`: drops `filename` and the separator after it
/// when the name starts with exactly `filename`.
#[must_use]
pub fn display_name<'n>(pgo_name: &'n str, filename: Option<&str>) -> &'n str {
    match filename {
        Some(f) if !f.is_empty() && pgo_name.starts_with(f) => {
            let rest = &pgo_name[f.len()..];
            let mut chars = rest.chars();
            chars.next();
            chars.as_str()
        }
        _ => pgo_name,
    }
}

/// The outcome of joining one covfun record to the profile.
#[derive(Debug)]
pub(crate) enum Joined {
    /// The function is part of the model, with what was found on the way
    /// (its counts were not in the profile, an MC/DC decision was skipped).
    Record(FunctionRecord, Vec<Diagnostic>),
    /// The function was left out, for the reason given.
    Dropped(Diagnostic),
}

/// The most expansions a function's mapping may unfold into, counted from
/// every file id (each expansion region once per path that reaches it).
/// Reports walk expansions recursively, once per occurrence, as llvm-cov
/// does; clang and rustc expand each macro file id once, so real
/// mappings hold one occurrence per expansion region and nest as deep as
/// macros do (a chain of 360 nested expansions is within the limit).
pub const MAX_EXPANSIONS: u64 = 1 << 16;

/// Why the expansion regions of a mapping of `num_files` file ids cannot
/// be walked: a cycle, or more than [`MAX_EXPANSIONS`] occurrences when
/// unfolded from every file id (a diamond of file ids expanding the next
/// twice doubles with each level).
fn expansions_problem(regions: &[Region], num_files: usize) -> Option<String> {
    let mut targets: Vec<Vec<usize>> = vec![Vec::new(); num_files];
    for r in regions {
        if let RegionKind::Expansion { expanded } = r.kind
            && let (Ok(from), Ok(to)) = (usize::try_from(r.file.0), usize::try_from(expanded.0))
            && to < num_files
            && let Some(list) = targets.get_mut(from)
        {
            list.push(to);
        }
    }
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done(u64),
    }
    let mut state = vec![State::New; num_files];
    let mut total = 0u64;
    for root in 0..num_files {
        if state.get(root) != Some(&State::New) {
            continue;
        }
        // Depth-first, with an explicit stack: (file id, next target).
        let mut stack = vec![(root, 0usize)];
        if let Some(s) = state.get_mut(root) {
            *s = State::Open;
        }
        while let Some(&mut (file, ref mut next)) = stack.last_mut() {
            let list = targets.get(file).map_or(&[][..], Vec::as_slice);
            if let Some(&to) = list.get(*next) {
                *next += 1;
                match state.get(to) {
                    Some(State::Open) => {
                        return Some(format!(
                            "its expansion regions form a cycle through file id {to}"
                        ));
                    }
                    Some(State::New) => {
                        if let Some(s) = state.get_mut(to) {
                            *s = State::Open;
                        }
                        stack.push((to, 0));
                    }
                    Some(State::Done(_)) | None => {}
                }
                continue;
            }
            stack.pop();
            let unfolded = list.iter().fold(0u64, |sum, &to| match state.get(to) {
                Some(&State::Done(n)) => sum.saturating_add(n).saturating_add(1),
                _ => sum.saturating_add(1),
            });
            if let Some(s) = state.get_mut(file) {
                *s = State::Done(unfolded);
            }
            total = total.saturating_add(unfolded);
        }
    }
    (total > MAX_EXPANSIONS)
        .then(|| format!("its expansion regions unfold into more than {MAX_EXPANSIONS} expansions"))
}

/// Expansion regions take the counter of the first region of the file id
/// they expand; repeated until no counter changes (LLVM 22's reader).
fn propagate_expansion_counters(regions: &mut [Region], num_files: usize) {
    // Bounded: each pass that changes something moves a counter one
    // expansion level up, so `num_files` passes reach a fixed point in any
    // acyclic mapping; a cyclic one (malformed) stops there too.
    for _ in 0..=num_files {
        let mut expanding: Vec<Option<usize>> = vec![None; num_files];
        for (i, r) in regions.iter().enumerate() {
            if let RegionKind::Expansion { expanded } = r.kind
                && let Some(slot) = usize::try_from(expanded.0)
                    .ok()
                    .and_then(|e| expanding.get_mut(e))
            {
                *slot = Some(i);
            }
        }
        let mut changed = false;
        for i in 0..regions.len() {
            let Some(r) = regions.get(i).copied() else {
                break;
            };
            let Some(slot) = usize::try_from(r.file.0)
                .ok()
                .and_then(|f| expanding.get_mut(f))
            else {
                continue;
            };
            if let Some(target) = slot.take()
                && let Some(t) = regions.get_mut(target)
                && t.counter != r.counter
            {
                t.counter = r.counter;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Joins `function` to its counters (`loadFunctionRecord` up to, not
/// including, the duplicate check).
pub(crate) fn join(function: &Function, counts: &impl CountSource) -> Result<Joined> {
    if function.name.is_empty() {
        return Err(Error::EmptyName {
            offset: function.offset,
        });
    }
    let mapping = &function.mapping;
    let filenames: Vec<String> = mapping
        .file_map
        .iter()
        .map(|&i| {
            usize::try_from(i)
                .ok()
                .and_then(|i| function.filenames.get(i))
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    let name = display_name(&function.name, filenames.first().map(String::as_str)).to_owned();
    let pgo_name = function.name.clone();
    let hash = function.func_hash.0;
    let diag = |kind: fn(String, u64) -> Diagnostic| kind(pgo_name.clone(), hash);

    if let Some(reason) = expansions_problem(&mapping.regions, mapping.file_map.len()) {
        return Ok(Joined::Dropped(Diagnostic::ExpansionsRejected {
            name: pgo_name,
            hash,
            reason,
        }));
    }
    // Only a mapping with expansions needs a copy to rewrite.
    let has_expansions = mapping
        .regions
        .iter()
        .any(|r| matches!(r.kind, RegionKind::Expansion { .. }));
    let regions: std::borrow::Cow<'_, [Region]> = if has_expansions {
        let mut regions = mapping.regions.clone();
        propagate_expansion_counters(&mut regions, mapping.file_map.len());
        regions.into()
    } else {
        mapping.regions.as_slice().into()
    };

    let mut finding = None;
    let mut zeros: u64 = 0;
    let byte_indexed = counts.bitmap_byte_indexed();
    let mut bitmap = Vec::new();
    let counts = match counts.lookup(function.name.as_bytes(), hash)? {
        Lookup::Found(found) => {
            bitmap = found.bitmap;
            found.counts
        }
        Lookup::HashMismatch => {
            return Ok(Joined::Dropped(diag(|name, hash| {
                Diagnostic::HashMismatch { name, hash }
            })));
        }
        Lookup::Unknown => {
            finding = Some(diag(|name, hash| Diagnostic::UnknownFunction {
                name,
                hash,
            }));
            // LLVM 22: the main counters and the branches' false counters.
            let max = regions
                .iter()
                .map(|r| {
                    let main = max_counter_id(&mapping.expressions, r.counter);
                    match r.kind {
                        RegionKind::Branch { false_counter }
                        | RegionKind::McdcBranch { false_counter, .. } => {
                            main.max(max_counter_id(&mapping.expressions, false_counter))
                        }
                        RegionKind::Code
                        | RegionKind::Expansion { .. }
                        | RegionKind::Skipped
                        | RegionKind::Gap
                        | RegionKind::McdcDecision { .. } => main,
                    }
                })
                .max()
                .unwrap_or(0);
            zeros = u64::from(max) + 1;
            Vec::new()
        }
    };
    let values = if zeros > 0 {
        CountValues::Zeros(zeros)
    } else {
        CountValues::Profile(&counts)
    };

    if let [only] = &*regions
        && only.counter.is_zero()
        && values.get(0).is_some_and(|c| c > 0)
    {
        return Ok(Joined::Dropped(diag(|name, hash| {
            Diagnostic::DummyIgnored { name, hash }
        })));
    }

    let mut evaluator = Evaluator::new(mapping, values);
    let branches = regions
        .iter()
        .filter(|r| {
            matches!(
                r.kind,
                RegionKind::Branch { .. } | RegionKind::McdcBranch { .. }
            )
        })
        .count();
    let mut record = FunctionRecord {
        name,
        pgo_name: pgo_name.clone(),
        hash,
        filenames,
        regions: Vec::with_capacity(regions.len().saturating_sub(branches)),
        branches: Vec::with_capacity(branches),
        mcdc: Vec::new(),
        execution_count: 0,
    };
    let bitmap = Bitmap {
        bytes: &bitmap,
        byte_indexed,
    };
    let mut decisions = Recorder::default();
    let mut skipped = Vec::new();
    for (index, r) in regions.iter().enumerate() {
        let false_counter = match r.kind {
            RegionKind::McdcDecision {
                bitmap_index,
                num_conditions,
            } => {
                if let Some(reason) = decisions.decision(*r, bitmap_index, num_conditions) {
                    skipped.push(Diagnostic::McdcDecisionSkipped {
                        name: pgo_name.clone(),
                        hash,
                        reason,
                    });
                }
                continue;
            }
            RegionKind::Branch { false_counter } | RegionKind::McdcBranch { false_counter, .. } => {
                false_counter
            }
            RegionKind::Code
            | RegionKind::Expansion { .. }
            | RegionKind::Skipped
            | RegionKind::Gap => Counter::Zero,
        };
        let (Some(count), Some(false_count)) = (
            evaluator.evaluate(r.counter),
            evaluator.evaluate(false_counter),
        ) else {
            return Ok(Joined::Dropped(diag(|name, hash| {
                Diagnostic::CounterOutOfRange { name, hash }
            })));
        };
        let (count, false_count) = (count.cast_unsigned(), false_count.cast_unsigned());
        if let RegionKind::McdcBranch { conditions, .. } = r.kind
            && let Some(complete) = decisions.branch(index, r, conditions)
        {
            let reason = |reason| Diagnostic::McdcDecisionSkipped {
                name: pgo_name.clone(),
                hash,
                reason,
            };
            match mcdc::evaluate(&complete, &regions, bitmap, reason) {
                Ok(m) => record.mcdc.push(m),
                Err(d) => skipped.push(d),
            }
        }
        let kind = match r.kind {
            RegionKind::Branch { .. } | RegionKind::McdcBranch { .. } => {
                record.branches.push(CountedBranch {
                    file: r.file.0,
                    start: r.start,
                    end: r.end,
                    true_count: count,
                    false_count,
                    true_folded: r.counter.is_zero(),
                    false_folded: false_counter.is_zero(),
                    mcdc: matches!(r.kind, RegionKind::McdcBranch { .. }),
                });
                continue;
            }
            RegionKind::Code => CountedKind::Code,
            RegionKind::Expansion { expanded } => {
                decisions.expansion(r, expanded.0);
                CountedKind::Expansion {
                    expanded: expanded.0,
                }
            }
            RegionKind::Skipped => CountedKind::Skipped,
            RegionKind::Gap => CountedKind::Gap,
            RegionKind::McdcDecision { .. } => continue,
        };
        if record.regions.is_empty() {
            record.execution_count = count;
        }
        record.regions.push(CountedRegion {
            kind,
            file: r.file.0,
            start: r.start,
            end: r.end,
            count,
        });
    }
    Ok(Joined::Record(
        record,
        finding.into_iter().chain(skipped).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use covkit_covmap::ids::{CounterId, FileId, FilenamesRef, FuncHash, NameHash};
    use covkit_covmap::mapping::FunctionMapping;

    use super::*;
    use crate::counts::{FunctionCounts, RecordCounts};
    use crate::coverage::Coverage;

    fn c(id: u32) -> Counter {
        Counter::Counter(CounterId(id))
    }

    fn region(
        counter: Counter,
        kind: RegionKind,
        file: u32,
        start: (u32, u32),
        end: (u32, u32),
    ) -> Region {
        Region {
            counter,
            kind,
            file: FileId(file),
            start: Position::new(start.0, start.1),
            end: Position::new(end.0, end.1),
        }
    }

    fn function(name: &str, hash: u64, file_map: Vec<u32>, regions: Vec<Region>) -> Function {
        Function {
            name: name.to_owned(),
            name_hash: NameHash(0),
            func_hash: FuncHash(hash),
            filenames_ref: FilenamesRef(0),
            filenames: vec![
                "/src".to_owned(),
                "/src/a.c".to_owned(),
                "/src/m.h".to_owned(),
            ]
            .into(),
            mapping: FunctionMapping {
                file_map,
                expressions: Vec::new(),
                regions,
            },
            offset: 0x40,
        }
    }

    fn profile(entries: &[(&str, u64, &[u64])]) -> RecordCounts {
        let mut counts = RecordCounts::default();
        for (name, hash, values) in entries {
            counts.insert(
                name.as_bytes(),
                *hash,
                FunctionCounts {
                    counts: values.to_vec(),
                    bitmap: Vec::new(),
                },
            );
        }
        counts
    }

    fn body(counter: Counter) -> Region {
        region(counter, RegionKind::Code, 0, (1, 10), (4, 2))
    }

    #[test]
    fn prefix_is_dropped_only_when_it_matches() {
        assert_eq!(display_name("main.c:helper", Some("main.c")), "helper");
        assert_eq!(
            display_name("main.c:helper", Some("/src/main.c")),
            "main.c:helper"
        );
        assert_eq!(display_name("main", Some("/src/main.c")), "main");
        assert_eq!(display_name("main", None), "main");
    }

    #[test]
    fn hash_mismatch_drops_and_is_counted() {
        let f = function("f", 1, vec![1], vec![body(c(0))]);
        let model = Coverage::load([&f], &profile(&[("f", 2, &[5])])).unwrap();
        assert!(model.functions().is_empty());
        assert_eq!(model.mismatched_count(), 1);
    }

    #[test]
    fn unknown_function_counts_branch_false_counters() {
        // The highest counter is only a branch false counter: LLVM 22 sizes
        // the zero array for it, so the function is kept.
        let branch = region(
            c(0),
            RegionKind::Branch {
                false_counter: c(3),
            },
            0,
            (2, 5),
            (2, 9),
        );
        let f = function("f", 1, vec![1], vec![body(c(0)), branch]);
        let model = Coverage::load([&f], &RecordCounts::default()).unwrap();
        assert_eq!(model.functions().len(), 1);
        assert_eq!(
            model.diagnostics(),
            [Diagnostic::UnknownFunction {
                name: "f".into(),
                hash: 1
            }]
        );
        let b = model.functions()[0].branches[0];
        assert!(!b.true_folded && !b.false_folded);
    }

    #[test]
    fn a_huge_counter_id_of_an_unknown_function_allocates_nothing() {
        // llvm-cov would allocate 2^32 zero counts here; covkit only
        // remembers how many there are.
        let f = function("f", 1, vec![1], vec![body(c(u32::MAX - 1))]);
        let model = Coverage::load([&f], &RecordCounts::default()).unwrap();
        assert_eq!(model.functions().len(), 1);
        assert_eq!(model.functions()[0].execution_count, 0);
    }

    #[test]
    fn dummy_gives_way_to_real_counts_and_missing_counters_drop() {
        let dummy = function("d", 0, vec![1], vec![body(Counter::Zero)]);
        let out_of_range = function("o", 7, vec![1], vec![body(c(2))]);
        let counts = profile(&[("d", 0, &[4]), ("o", 7, &[1])]);
        let model = Coverage::load([&dummy, &out_of_range], &counts).unwrap();
        assert!(model.functions().is_empty());
        assert!(matches!(
            model.diagnostics()[0],
            Diagnostic::DummyIgnored { .. }
        ));
        assert!(matches!(
            model.diagnostics()[1],
            Diagnostic::CounterOutOfRange { .. }
        ));
    }

    #[test]
    fn nested_expansions_take_the_innermost_count() {
        // File 0 expands file 1 at 2:3, whose first region expands file 2,
        // whose first region has counter 1.
        let regions = vec![
            body(c(0)),
            region(
                Counter::Zero,
                RegionKind::Expansion {
                    expanded: FileId(1),
                },
                0,
                (2, 3),
                (2, 8),
            ),
            region(
                Counter::Zero,
                RegionKind::Expansion {
                    expanded: FileId(2),
                },
                1,
                (1, 1),
                (1, 5),
            ),
            region(c(1), RegionKind::Code, 2, (5, 1), (5, 9)),
        ];
        let f = function("f", 1, vec![1, 2, 2], regions);
        let model = Coverage::load([&f], &profile(&[("f", 1, &[9, 4])])).unwrap();
        let record = &model.functions()[0];
        let counts: Vec<u64> = record.regions.iter().map(|r| r.count).collect();
        assert_eq!(counts, [9, 4, 4, 4]);
        assert_eq!(record.main_file(), Some(0));
        assert_eq!(record.execution_count, 9);
    }

    #[test]
    fn duplicates_by_name_and_files_are_skipped() {
        let a = function("/src/a.c:s", 1, vec![1], vec![body(c(0))]);
        let b = function("s", 2, vec![1], vec![body(c(0))]);
        let counts = profile(&[("/src/a.c:s", 1, &[1]), ("s", 2, &[2])]);
        let model = Coverage::load([&a, &b], &counts).unwrap();
        assert_eq!(model.functions().len(), 1);
        assert_eq!(model.functions()[0].name, "s");
        assert!(matches!(
            model.diagnostics()[0],
            Diagnostic::Duplicate { .. }
        ));
    }

    fn expansion(file: u32, into: u32, line: u32) -> Region {
        let kind = RegionKind::Expansion {
            expanded: FileId(into),
        };
        region(Counter::Zero, kind, file, (line, 1), (line, 5))
    }

    fn body_in(file: u32) -> Region {
        region(c(0), RegionKind::Code, file, (1, 1), (9, 1))
    }

    fn dropped_for(f: &Function) -> Vec<String> {
        let model = Coverage::load([f], &profile(&[("f", 1, &[1])])).unwrap();
        assert!(model.functions().is_empty());
        model
            .diagnostics()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn expansion_cycles_drop_the_function() {
        // File id 1 expands itself (found by the structured fuzz target:
        // the branch summary walked the expansions without end).
        let f = function(
            "f",
            1,
            vec![1, 2],
            vec![
                body_in(0),
                expansion(0, 1, 2),
                body_in(1),
                expansion(1, 1, 3),
            ],
        );
        assert_eq!(
            dropped_for(&f),
            ["f: hash 0x1 dropped: its expansion regions form a cycle through file id 1"]
        );
    }

    #[test]
    fn exponentially_unfolding_expansions_drop_the_function() {
        // 20 file ids, each expanding the next twice: 2^20 occurrences.
        let n = 20u32;
        let mut regions = Vec::new();
        for file in 0..n {
            regions.push(body_in(file));
            regions.push(expansion(file, file + 1, 2));
            regions.push(expansion(file, file + 1, 4));
        }
        regions.push(body_in(n));
        let f = function("f", 1, vec![1; n as usize + 1], regions);
        assert_eq!(
            dropped_for(&f),
            ["f: hash 0x1 dropped: its expansion regions unfold into more than 65536 expansions"]
        );
    }

    #[test]
    fn deep_and_wide_expansion_trees_are_kept() {
        // A chain of 300 nested macros, and 1000 expansions side by side.
        let mut regions = Vec::new();
        for file in 0..300u32 {
            regions.push(body_in(file));
            regions.push(expansion(file, file + 1, 2));
        }
        regions.push(body_in(300));
        assert_eq!(expansions_problem(&regions, 301), None);
        let mut regions = vec![body_in(0)];
        for file in 1..=1000u32 {
            regions.push(expansion(0, file, file));
            regions.push(body_in(file));
        }
        assert_eq!(expansions_problem(&regions, 1001), None);
    }
}
