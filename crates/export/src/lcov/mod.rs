//! lcov tracefiles in and out.
//!
//! - [`write()`] and its variants: `llvm-cov export -format=lcov` from the
//!   model, byte for byte as llvm-cov 22 writes it (below).
//! - [`read()`]: any lcov tracefile (llvm-cov, grcov, cargo-llvm-cov,
//!   geninfo/lcov 1.x and 2.x, gcovr) into a [`Tracefile`], the
//!   format-neutral report; records of one file merge.
//! - [`write_tracefile()`]: a [`Tracefile`] (read, merged, converted) back to
//!   lcov, in llvm-cov's layout.
//!
//! # Reading
//!
//! The format is geninfo(1)'s TRACEFILE FORMAT. Per line, after trimming
//! ASCII whitespace (so CRLF and stray spaces are fine):
//!
//! | Record | Read as |
//! |---|---|
//! | `SF:<path>` (also genhtml's `KF:`) | opens a file section |
//! | `FN:<line>,<name>`, `FN:<line>,<end>,<name>` (lcov 2.x) | a function |
//! | `FNDA:<count>,<name>` | its count, added to the `FN` of that name |
//! | `FNL:<i>,<line>[,<end>]` + `FNA:<i>,<count>,<name>` (lcov 2.2) | one function per alias |
//! | `DA:<line>,<count>[,<checksum>]` | a line count; the checksum is dropped |
//! | `BRDA:<line>,[e][f][U]<block>,<branch>,<taken\|->` | a branch outcome |
//! | `end_of_record` | closes the section |
//! | `FNF`, `FNH`, `BRF`, `BRH`, `LF`, `LH`, `MCF`, `MCH` | checked to be numbers, then ignored: totals are recomputed from the data |
//! | `TN`, `VER`, `#...`, blank lines | skipped |
//! | `MCDC` | skipped with a [`Diagnostic`]: a [`Tracefile`] holds no MC/DC |
//! | any other `TAG:...` | skipped with a [`Diagnostic`] |
//!
//! Everything else is an [`Error`] naming the line. Decisions where writers
//! disagree or the format is loose:
//!
//! - Records of the same file merge, whether they repeat in one input (one
//!   section per test name, concatenated files) or come from several inputs
//!   ([`Tracefile::insert`]): counts add up, nothing is dropped. Within a
//!   section, repeated `DA` lines and `BRDA` outcomes add up too, as genhtml
//!   does.
//! - Counts that overflow `u64` saturate; so does the floating-point
//!   notation Perl writes for huge counts (`1.8e+19`). Negative counts (some
//!   gcov versions write them, GCC bug 68080) read as 0 with a
//!   [`DiagnosticKind::NegativeCount`], as genhtml 1.x clamps them with a
//!   warning.
//! - `FNDA` may come before or after its `FN`; an `FNDA` whose name no `FN`
//!   of the section defines is an error (lcov 2.x's "mismatch"). A second
//!   `FN` of a name keeps the first line and the larger end line.
//! - lcov 2.x allows a branch *expression* instead of a branch number; it is
//!   replaced by the outcome's position among the `BRDA` lines of its line
//!   and block in the section (how lcov 2.x numbers them), with a
//!   [`DiagnosticKind::BranchExpression`]. The `e`, `f` and `U` flags are
//!   dropped.
//! - A section that ends without `end_of_record` (the next `SF` or the end
//!   of the input) is kept, with a [`DiagnosticKind::MissingEndOfRecord`]; a
//!   stray `end_of_record` is ignored.
//! - Invalid UTF-8 is replaced by U+FFFD, with a
//!   [`DiagnosticKind::InvalidUtf8`].
//!
//! The work is proportional to the input (times a logarithm): a repeated
//! section is merged in time proportional to itself, not to what it merges
//! into, and nothing is allocated in proportion to a number read from the
//! input (line numbers key a `BTreeMap`).
//!
//! # Writing a tracefile
//!
//! Per file, in the tracefile's (path) order: `SF`, the `FN` lines then the
//! `FNDA` lines in function order, `FNF`/`FNH`, the `DA` lines, the `BRDA`
//! lines, `BRF`/`BRH`, `LF`/`LH`, `end_of_record`; the order
//! `llvm-cov export -format=lcov` uses, so reading its output and writing it
//! back gives the same records.
//!
//! - `FN` lines carry no end line: genhtml 1.x reads `FN:<line>,<name>`
//!   only (the name of `FN:3,9,f` would be `9`), and genhtml 2.x accepts
//!   both.
//! - The totals are recomputed from the records, never carried over. `LF`
//!   and `LH` count the `DA` lines and those with a non-zero count, `BRF`
//!   and `BRH` the `BRDA` lines and those taken. `FNF` and `FNH` count
//!   functions by start line, as llvm-cov counts template instantiations
//!   once and lcov 2.2 counts function aliases once: the distinct start
//!   lines, and those where some function ran.
//!
//! llvm-cov's own totals come from its per-function summaries, not from the
//! lines it prints, and can differ from these (see the crate's lcov tests).
//!
//! # The writer from the model
//!
//! Per file, in bytewise filename order: `SF`, the `FN` lines then the
//! `FNDA` lines of the functions whose file id 0 is the file (load order,
//! mangled names), `FNF`/`FNH`, the `DA` lines of the file view from line 1,
//! the `BRDA` lines, `BRF`/`BRH`, `LF`/`LH`, `end_of_record`. The totals
//! come from the summaries, not from the printed lines.
//!
//! `BRDA` follows LLVM 21+: the file view's branches plus those of its
//! expansions (recursively, each placed by its path of expansion starts),
//! without branches folded on both sides, sorted by path then original
//! position, and with consecutive branches on the same path added together
//! (`-unify-instantiations`, on by default). Counts are cut to 32 bits;
//! both sides print `-` when both are zero.
//!
//! [`Tracefile`]: crate::tracefile::Tracefile
//! [`Tracefile::insert`]: crate::tracefile::Tracefile::insert
//! [`Error`]: crate::Error

mod read;
mod write_tracefile;

pub use read::{Diagnostic, DiagnosticKind, read, read_with_diagnostics};
pub use write_tracefile::write_tracefile;

use std::io::{self, Write};

use crate::decimal::num;
use covkit_model::covmap::ids::Position;
use covkit_model::{CountedBranch, Coverage, CoverageData, ExpansionRecord};

/// The options of `llvm-cov export -format=lcov` that change its output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LcovOptions {
    /// `-skip-functions`: no `FN`/`FNDA` lines.
    pub skip_functions: bool,
    /// `-skip-branches`: no `BRDA`, `BRF` or `BRH` lines.
    pub skip_branches: bool,
    /// `-summary-only`: no `FN`, `FNDA`, `DA` or `BRDA` lines.
    pub summary_only: bool,
}

/// How `BRDA` lines show the instantiations of one function
/// (`-unify-instantiations`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Instantiations {
    /// Branches at the same place are added up and shown once (llvm-cov's
    /// default).
    #[default]
    Unified,
    /// One pair per instantiation (`-unify-instantiations=false`).
    Separate,
}

/// Writes `model` as an lcov tracefile, as `llvm-cov export -format=lcov`
/// does by default.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write(model: &Coverage, options: &LcovOptions, out: impl Write) -> io::Result<()> {
    write_with(model, options, Instantiations::Unified, out)
}

/// [`write()`], choosing how branches of instantiations are shown.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write_with(
    model: &Coverage,
    options: &LcovOptions,
    instantiations: Instantiations,
    out: impl Write,
) -> io::Result<()> {
    write_files(model, &model.source_files(), options, instantiations, out)
}

/// [`write_with()`] for the given `files` only (see
/// [`covkit_model::paths::FileSelection`]), in the order given.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write_files(
    model: &Coverage,
    files: &[&str],
    options: &LcovOptions,
    instantiations: Instantiations,
    mut out: impl Write,
) -> io::Result<()> {
    let unify = instantiations == Instantiations::Unified;
    crate::parallel::render_in_order(
        files,
        crate::parallel::threads_for(model),
        |file, text| render_file(model, file, options, unify, text),
        |text, ()| out.write_all(text.as_bytes()),
    )
}

fn render_file(model: &Coverage, file: &str, options: &LcovOptions, unify: bool, out: &mut String) {
    use std::fmt::Write as _;
    // Writing to a String cannot fail.
    macro_rules! line {
        ($($arg:tt)*) => {{ let _ = writeln!(out, $($arg)*); }};
    }
    line!("SF:{file}");
    if !options.summary_only && !options.skip_functions {
        for f in model.functions_in(file) {
            line!("FN:{},{}", f.start_line(), f.name);
        }
        for f in model.functions_in(file) {
            line!("FNDA:{},{}", f.execution_count, f.name);
        }
    }
    let summary = model.file_summary(file);
    line!("FNF:{}", summary.functions.total);
    line!("FNH:{}", summary.functions.covered);
    if !options.summary_only {
        let view = model.file_coverage(file);
        for stats in covkit_model::segments::Lines::new(&view.segments, 1) {
            if stats.mapped {
                out.push_str("DA:");
                num(out, stats.line);
                out.push(',');
                num(out, stats.count);
                out.push('\n');
            }
        }
        if !options.skip_branches {
            render_branches(model, &view, unify, out);
        }
    }
    if !options.skip_branches {
        line!("BRF:{}", summary.branches.total);
        line!("BRH:{}", summary.branches.covered);
    }
    line!("LF:{}", summary.lines.total);
    line!("LH:{}", summary.lines.covered);
    line!("end_of_record");
}

/// A branch with the path that places it: the starts of the expansions
/// leading to it (outermost first), or its own start for a branch of the
/// file view itself.
struct Placed {
    path: Vec<Position>,
    position: usize,
    true_count: u64,
    false_count: u64,
    ignore: bool,
}

fn unfolded(b: &CountedBranch) -> bool {
    !b.true_folded || !b.false_folded
}

/// The branches of `expansions`, nested ones first at each level.
fn expansion_branches(
    model: &Coverage,
    expansions: &[ExpansionRecord],
    path: &mut Vec<Position>,
    position: &mut usize,
    out: &mut Vec<Placed>,
) {
    for expansion in expansions {
        let view = model.expansion_coverage(expansion);
        path.push(expansion.region.start);
        expansion_branches(model, &view.expansions, path, position, out);
        for b in view.branches.iter().filter(|b| b.file == expansion.file) {
            out.push(Placed {
                path: path.clone(),
                position: *position,
                true_count: b.true_count,
                false_count: b.false_count,
                ignore: !unfolded(b),
            });
            *position += 1;
        }
        path.pop();
    }
}

/// One pair of `BRDA` lines: a branch (or the sum of a template's
/// instantiations of it) placed on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BranchPair {
    /// The line: of the branch, or of the outermost expansion leading to it.
    pub(crate) line: u32,
    /// Its number among the pairs of the line, from 0.
    pub(crate) block: u32,
    /// How often the condition was true.
    pub(crate) true_count: u64,
    /// How often it was false.
    pub(crate) false_count: u64,
}

/// The branch pairs of a file view, in `BRDA` order.
pub(crate) fn branch_pairs(model: &Coverage, view: &CoverageData, unify: bool) -> Vec<BranchPair> {
    let mut branches: Vec<Placed> = view
        .branches
        .iter()
        .filter(|b| unfolded(b))
        .enumerate()
        .map(|(position, b)| Placed {
            path: vec![b.start],
            position,
            true_count: b.true_count,
            false_count: b.false_count,
            ignore: false,
        })
        .collect();
    let mut nested = Vec::new();
    expansion_branches(
        model,
        &view.expansions,
        &mut Vec::new(),
        &mut 0,
        &mut nested,
    );
    // Folded expansion branches keep their position numbers but are
    // dropped here, as LLVM filters after numbering.
    branches.extend(nested.into_iter().filter(|b| !b.ignore));
    branches.sort_by(|a, b| (&a.path, a.position).cmp(&(&b.path, b.position)));

    if unify {
        let mut i = 0;
        while i < branches.len() {
            let mut j = i + 1;
            while j < branches.len()
                && branches.get(j).map(|b| &b.path) == branches.get(i).map(|b| &b.path)
            {
                let (t, f) = branches
                    .get(j)
                    .map_or((0, 0), |b| (b.true_count, b.false_count));
                if let Some(sum) = branches.get_mut(i) {
                    sum.true_count = sum.true_count.wrapping_add(t);
                    sum.false_count = sum.false_count.wrapping_add(f);
                }
                if let Some(b) = branches.get_mut(j) {
                    b.ignore = true;
                }
                j += 1;
            }
            i = j;
        }
    }

    let mut pairs = Vec::new();
    let mut i = 0;
    while let Some(first) = branches.get(i) {
        let line = first.path.first().map_or(0, |p| p.line.0);
        let mut block = 0u32;
        while let Some(b) = branches.get(i) {
            if b.path.first().map_or(0, |p| p.line.0) != line {
                break;
            }
            if !b.ignore {
                pairs.push(BranchPair {
                    line,
                    block,
                    true_count: b.true_count,
                    false_count: b.false_count,
                });
                block += 1;
            }
            i += 1;
        }
    }
    pairs
}

fn render_branches(model: &Coverage, view: &CoverageData, unify: bool, out: &mut String) {
    let mut index = 0u32;
    let mut line = None;
    for pair in branch_pairs(model, view, unify) {
        if line != Some(pair.line) {
            line = Some(pair.line);
            index = 0;
        }
        // llvm-cov prints these as `unsigned`.
        let counts = [pair.true_count as u32, pair.false_count as u32];
        let not_executed = counts == [0, 0];
        for count in counts {
            out.push_str("BRDA:");
            for n in [pair.line, pair.block, index] {
                num(out, n);
                out.push(',');
            }
            if not_executed {
                out.push('-');
            } else {
                num(out, count);
            }
            out.push('\n');
            index += 1;
        }
    }
}
