//! Summaries (`CoverageSummaryInfo.cpp` and
//! `CoverageReport::prepareSingleFileReport` in llvm-cov): what lcov's
//! `FNF`/`FNH`, `LF`/`LH` and `BRF`/`BRH` and the report tables show.
//!
//! Each function is summarised from its *function view*: code regions
//! (over all its file ids), mapped lines of the main file id, branch sides
//! that are not folded (including those of expansions, recursively). The
//! functions of an instantiation group are merged by taking the maximum of
//! each number separately; the groups of a file are added up. A group is
//! hit when the sum of its functions' execution counts is non-zero.

use std::ops::AddAssign;

use crate::coverage::{Coverage, CoverageData};
use crate::function::{CountedBranch, CountedKind};
use crate::mcdc::McdcRecord;
use crate::segments::Lines;

/// How many of something there are and how many of them are covered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Counted {
    /// How many are covered (executed, hit).
    pub covered: usize,
    /// How many there are.
    pub total: usize,
}

impl Counted {
    /// Merges two instantiations of one function: the maximum of each
    /// number, taken separately.
    #[must_use]
    pub fn merge(self, other: Counted) -> Counted {
        Counted {
            covered: self.covered.max(other.covered),
            total: self.total.max(other.total),
        }
    }

    fn count(&mut self, covered: bool, n: usize) {
        self.total = self.total.saturating_add(n);
        if covered {
            self.covered = self.covered.saturating_add(n);
        }
    }
}

impl AddAssign for Counted {
    fn add_assign(&mut self, rhs: Counted) {
        self.covered += rhs.covered;
        self.total += rhs.total;
    }
}

/// The summary of one function or one instantiation group
/// (`FunctionCoverageSummary`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FunctionSummary {
    /// The execution count (for a group, the sum over its functions).
    pub execution_count: u64,
    /// Code regions.
    pub regions: Counted,
    /// Mapped lines.
    pub lines: Counted,
    /// Branch sides.
    pub branches: Counted,
    /// MC/DC conditions: covered when shown independent.
    pub mcdc: Counted,
}

/// The summary of one file (`FileCoverageSummary`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FileSummary {
    /// Instantiation groups, hit when their summed count is non-zero
    /// (`FNF`/`FNH`).
    pub functions: Counted,
    /// Every instantiation on its own.
    pub instantiations: Counted,
    /// Code regions, summed over groups.
    pub regions: Counted,
    /// Lines, summed over groups (`LF`/`LH`).
    pub lines: Counted,
    /// Branch sides, summed over groups (`BRF`/`BRH`).
    pub branches: Counted,
    /// MC/DC conditions, summed over groups.
    pub mcdc: Counted,
}

impl AddAssign for FileSummary {
    /// Adds another file's counts: the totals of a report.
    fn add_assign(&mut self, rhs: FileSummary) {
        self.functions += rhs.functions;
        self.instantiations += rhs.instantiations;
        self.regions += rhs.regions;
        self.lines += rhs.lines;
        self.branches += rhs.branches;
        self.mcdc += rhs.mcdc;
    }
}

/// Counts the sides of `branches` that are not folded.
fn sum_branches<'b>(branches: impl IntoIterator<Item = &'b CountedBranch>) -> Counted {
    let mut out = Counted::default();
    for b in branches {
        if !b.true_folded {
            out.count(b.true_count > 0, 1);
        }
        if !b.false_folded {
            out.count(b.false_count > 0, 1);
        }
    }
    out
}

/// Counts the conditions of `records` that are not folded; covered when
/// an independence pair shows them.
fn sum_conditions(records: &[McdcRecord]) -> Counted {
    let mut out = Counted::default();
    for c in records.iter().flat_map(|r| &r.conditions) {
        if !c.folded {
            out.count(c.covered(), 1);
        }
    }
    out
}

impl Coverage {
    /// Branch sides of `view`'s expansions, recursively.
    fn expansion_branches(&self, view: &CoverageData) -> Counted {
        let mut out = Counted::default();
        // Explicit stack: expansions nest as deep as macros do.
        let mut pending: Vec<CoverageData> = view
            .expansions
            .iter()
            .map(|e| self.expansion_coverage(e))
            .collect();
        while let Some(inner) = pending.pop() {
            out += sum_branches(&inner.branches);
            pending.extend(inner.expansions.iter().map(|e| self.expansion_coverage(e)));
        }
        out
    }

    /// The summary of the function at `index` (`FunctionCoverageSummary::get`).
    #[must_use]
    pub fn function_summary(&self, index: usize) -> FunctionSummary {
        let Some(function) = self.functions().get(index) else {
            return FunctionSummary::default();
        };
        let view = self.function_coverage(index);
        let mut regions = Counted::default();
        for r in function
            .regions
            .iter()
            .filter(|r| r.kind == CountedKind::Code)
        {
            regions.count(r.count != 0, 1);
        }
        // A function's lines are walked from its first segment to its last
        // one; lines no segment starts on are counted in one step, so a
        // region of millions of lines is not walked line by line.
        let mut lines = Counted::default();
        let mut walk = Lines::from_first_segment(&view.segments);
        while let Some(stats) = walk.next() {
            if stats.mapped {
                lines.count(stats.count != 0, 1);
            }
            if let Some((quiet, n)) = walk.skip_quiet_lines()
                && quiet.mapped
            {
                lines.count(quiet.count != 0, usize::try_from(n).unwrap_or(usize::MAX));
            }
        }
        let mut branches = sum_branches(&view.branches);
        branches += self.expansion_branches(&view);
        FunctionSummary {
            execution_count: function.execution_count,
            regions,
            lines,
            branches,
            mcdc: sum_conditions(&view.mcdc),
        }
    }

    /// The summary of `file` (`prepareSingleFileReport`).
    #[must_use]
    pub fn file_summary(&self, file: &str) -> FileSummary {
        let mut out = FileSummary::default();
        let groups = self.instantiation_groups(file);
        // Each function's summary builds its own view: done on every core.
        let indices: Vec<usize> = groups.iter().flat_map(|g| g.functions.clone()).collect();
        let mut summaries =
            crate::parallel::map(&indices, |&i| self.function_summary(i)).into_iter();
        for group in groups {
            let mut merged: Option<FunctionSummary> = None;
            let mut total = 0u64;
            for _ in &group.functions {
                let Some(s) = summaries.next() else { break };
                out.instantiations.count(s.execution_count > 0, 1);
                total = total.wrapping_add(s.execution_count);
                merged = Some(match merged {
                    None => s,
                    Some(m) => FunctionSummary {
                        execution_count: 0,
                        regions: m.regions.merge(s.regions),
                        lines: m.lines.merge(s.lines),
                        branches: m.branches.merge(s.branches),
                        mcdc: m.mcdc.merge(s.mcdc),
                    },
                });
            }
            let Some(m) = merged else { continue };
            out.regions += m.regions;
            out.lines += m.lines;
            out.branches += m.branches;
            out.mcdc += m.mcdc;
            out.functions.count(total > 0, 1);
        }
        out
    }
}
