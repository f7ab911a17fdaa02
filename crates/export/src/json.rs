//! The llvm-cov JSON export: `llvm-cov export -format=text`, byte for byte
//! as llvm-cov 22 writes it (`CoverageExporterJson.cpp`, format version
//! 3.1.0).
//!
//! One object `{"data":[export],"type":"llvm.coverage.json.export",
//! "version":"3.1.0"}` on one line, keys in bytewise order at every level
//! as llvm-cov prints them. The export holds:
//!
//! - `files`, sorted by name: the file view's `segments` (`[line, col,
//!   count, has_count, is_region_entry, is_gap]`), `branches` (every
//!   branch of the view, folded or not), `mcdc_records` and `expansions`
//!   (the expansions of functions whose main file is this one: the
//!   function's filenames, the expansion region, every region of the
//!   function, and the branches inside the expansion, nested ones first),
//!   then the file's `summary`;
//! - `functions`, in load order: name, execution count, filenames, every
//!   counted region, branches not folded on both sides, MC/DC records;
//! - `totals`: the file summaries added up.
//!
//! Regions are `[line_start, col_start, line_end, col_end, count, file_id,
//! expanded_file_id, kind]`, branches `[..., true_count, false_count,
//! file_id, expanded_file_id, kind]`, MC/DC records `[..., true_decisions,
//! false_decisions, file_id, 0, 5, [covered per condition], [test
//! vectors]]`. Counts are clamped to `i64::MAX`; percentages print as C's
//! `%.17g` (see [`format_double`]).

use std::fmt::Write as _;
use std::io::{self, Write};

use covkit_model::covmap::ids::Position;
use covkit_model::function::{CountedBranch, CountedKind, CountedRegion, FunctionRecord};
use covkit_model::mcdc::McdcRecord;
use covkit_model::summary::{Counted, FileSummary};
use covkit_model::{Coverage, CoverageData, ExpansionRecord};

use crate::decimal::num;

/// The JSON format version llvm-cov 22 writes.
pub const VERSION: &str = "3.1.0";

/// The options of `llvm-cov export -format=text` that change its output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JsonOptions {
    /// `-summary-only`: each file's name and summary, no functions.
    pub summary_only: bool,
    /// `-skip-functions`: no `functions` array.
    pub skip_functions: bool,
    /// `-skip-expansions`: no `expansions` in the files.
    pub skip_expansions: bool,
}

/// Writes `model` as llvm-cov's JSON export, with every source file.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write(model: &Coverage, options: &JsonOptions, out: impl Write) -> io::Result<()> {
    write_files(model, &model.source_files(), options, out)
}

/// [`write()`] for the given `files` only (see
/// [`covkit_model::paths::FileSelection`]); the files are sorted by name,
/// the functions are all of the model's.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write_files(
    model: &Coverage,
    files: &[&str],
    options: &JsonOptions,
    mut out: impl Write,
) -> io::Result<()> {
    let mut files = files.to_vec();
    files.sort_unstable();
    files.dedup();
    let mut totals = FileSummary::default();
    let threads = crate::parallel::threads_for(model);
    out.write_all(b"{\"data\":[{\"files\":[")?;
    let mut first = true;
    crate::parallel::render_in_order(
        &files,
        threads,
        |file, text| {
            // With fewer files than threads, a file's summary (a view of
            // every function) and its view are built side by side.
            let (summary, view) = if files.len() < threads {
                std::thread::scope(|scope| {
                    let summary = scope.spawn(|| model.file_summary(file));
                    let view = (!options.summary_only).then(|| model.file_coverage(file));
                    let summary = summary
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    (summary, view)
                })
            } else {
                let view = (!options.summary_only).then(|| model.file_coverage(file));
                (model.file_summary(file), view)
            };
            render_file(model, file, view, &summary, options, text);
            summary
        },
        |text, summary| {
            totals += summary;
            if !std::mem::take(&mut first) {
                out.write_all(b",")?;
            }
            out.write_all(text.as_bytes())
        },
    )?;
    let mut text = String::new();
    text.push(']');
    if !options.summary_only && !options.skip_functions {
        text.push_str(",\"functions\":[");
        out.write_all(text.as_bytes())?;
        text.clear();
        // Chunks of functions, rendered on every core, written in order.
        let chunks: Vec<&[FunctionRecord]> = model.functions().chunks(256).collect();
        let mut first = true;
        crate::parallel::render_in_order(
            &chunks,
            threads,
            |chunk, text| list(text, chunk.iter(), render_function),
            |text, ()| {
                if text.is_empty() {
                    return Ok(());
                }
                if !std::mem::take(&mut first) {
                    out.write_all(b",")?;
                }
                out.write_all(text.as_bytes())
            },
        )?;
        text.push(']');
    }
    text.push_str(",\"totals\":");
    render_summary(&totals, &mut text);
    let _ = write!(
        text,
        "}}],\"type\":\"llvm.coverage.json.export\",\"version\":\"{VERSION}\"}}"
    );
    out.write_all(text.as_bytes())
}

/// Renders `file`; `view` is its file view, `None` with `summary_only`.
fn render_file(
    model: &Coverage,
    file: &str,
    view: Option<CoverageData>,
    summary: &FileSummary,
    options: &JsonOptions,
    out: &mut String,
) {
    out.push('{');
    if let Some(view) = view {
        out.push_str("\"branches\":[");
        list(out, &view.branches, render_branch);
        out.push(']');
        if !options.skip_expansions {
            out.push_str(",\"expansions\":[");
            list(out, &view.expansions, |e, out| {
                render_expansion(model, e, out);
            });
            out.push(']');
        }
        out.push(',');
        key(out, "filename");
        string(out, file);
        out.push_str(",\"mcdc_records\":[");
        list(out, &view.mcdc, render_mcdc);
        out.push_str("],\"segments\":[");
        render_segments(&view, out);
        out.push_str("],");
    } else {
        key(out, "filename");
        string(out, file);
        out.push(',');
    }
    key(out, "summary");
    render_summary(summary, out);
    out.push('}');
}

fn render_segments(view: &CoverageData, out: &mut String) {
    list(out, &view.segments, |s, out| {
        out.push('[');
        num(out, s.start.line.0);
        out.push(',');
        num(out, s.start.column.0);
        out.push(',');
        num(out, clamp(s.count));
        for flag in [s.has_count, s.is_region_entry, s.is_gap] {
            out.push_str(if flag { ",true" } else { ",false" });
        }
        out.push(']');
    });
}

fn render_expansion(model: &Coverage, expansion: &ExpansionRecord, out: &mut String) {
    let Some(function) = model.functions().get(expansion.function) else {
        return;
    };
    out.push_str("{\"branches\":[");
    let mut branches = Vec::new();
    nested_branches(model, std::slice::from_ref(expansion), &mut branches);
    list(out, branches.iter().filter(|b| unfolded(b)), render_branch);
    out.push_str("],\"filenames\":[");
    list(out, &function.filenames, |f, out| string(out, f));
    out.push_str("],\"source_region\":");
    render_region(&expansion.region, out);
    out.push_str(",\"target_regions\":[");
    list(out, &function.regions, render_region);
    out.push_str("]}");
}

/// The branches inside `expansions`: at each level those of nested
/// expansions first (`collectNestedBranches`).
fn nested_branches(model: &Coverage, expansions: &[ExpansionRecord], out: &mut Vec<CountedBranch>) {
    for expansion in expansions {
        let view = model.expansion_coverage(expansion);
        nested_branches(model, &view.expansions, out);
        out.extend(view.branches.iter().filter(|b| b.file == expansion.file));
    }
}

fn render_function(f: &FunctionRecord, out: &mut String) {
    out.push_str("{\"branches\":[");
    list(
        out,
        f.branches.iter().filter(|b| unfolded(b)),
        render_branch,
    );
    let _ = write!(
        out,
        "],\"count\":{},\"filenames\":[",
        clamp(f.execution_count)
    );
    list(out, &f.filenames, |name, out| string(out, name));
    out.push_str("],\"mcdc_records\":[");
    list(out, &f.mcdc, render_mcdc);
    out.push_str("],");
    key(out, "name");
    string(out, &f.name);
    out.push_str(",\"regions\":[");
    list(out, &f.regions, render_region);
    out.push_str("]}");
}

fn unfolded(b: &CountedBranch) -> bool {
    !b.true_folded || !b.false_folded
}

/// LLVM's region kinds, as the JSON export numbers them.
fn kind_number(kind: CountedKind) -> (u32, u32) {
    match kind {
        CountedKind::Code => (0, 0),
        CountedKind::Expansion { expanded } => (1, expanded),
        CountedKind::Skipped => (2, 0),
        CountedKind::Gap => (3, 0),
    }
}

fn range(out: &mut String, start: Position, end: Position) {
    num(out, start.line.0);
    out.push(',');
    num(out, start.column.0);
    out.push(',');
    num(out, end.line.0);
    out.push(',');
    num(out, end.column.0);
}

fn render_region(r: &CountedRegion, out: &mut String) {
    let (kind, expanded) = kind_number(r.kind);
    out.push('[');
    range(out, r.start, r.end);
    for n in [
        clamp(r.count),
        u64::from(r.file),
        u64::from(expanded),
        u64::from(kind),
    ] {
        out.push(',');
        num(out, n);
    }
    out.push(']');
}

fn render_branch(b: &CountedBranch, out: &mut String) {
    out.push('[');
    range(out, b.start, b.end);
    let kind = if b.mcdc { ",0,6]" } else { ",0,4]" };
    for n in [clamp(b.true_count), clamp(b.false_count), u64::from(b.file)] {
        out.push(',');
        num(out, n);
    }
    out.push_str(kind);
}

fn state(out: &mut String, value: Option<bool>) {
    out.push_str(match value {
        None => "null",
        Some(true) => "true",
        Some(false) => "false",
    });
}

fn render_mcdc(m: &McdcRecord, out: &mut String) {
    let (trues, falses) = m.decisions();
    out.push('[');
    range(out, m.start, m.end);
    let _ = write!(out, ",{trues},{falses},{},0,5,[", m.file);
    list(out, &m.conditions, |c, out| state(out, Some(c.covered())));
    out.push_str("],[");
    list(out, &m.test_vectors, |tv, out| {
        out.push_str("{\"conditions\":[");
        list(out, &tv.conditions, |c, out| state(out, *c));
        out.push_str("],\"executed\":true,\"result\":");
        state(out, Some(tv.result));
        out.push('}');
    });
    out.push_str("]]");
}

fn render_summary(s: &FileSummary, out: &mut String) {
    out.push('{');
    counted(out, "branches", s.branches, true);
    out.push(',');
    counted(out, "functions", s.functions, false);
    out.push(',');
    counted(out, "instantiations", s.instantiations, false);
    out.push(',');
    counted(out, "lines", s.lines, false);
    out.push(',');
    counted(out, "mcdc", s.mcdc, true);
    out.push(',');
    counted(out, "regions", s.regions, true);
    out.push('}');
}

fn counted(out: &mut String, name: &str, c: Counted, not_covered: bool) {
    key(out, name);
    let _ = write!(out, "{{\"count\":{},\"covered\":{}", c.total, c.covered);
    if not_covered {
        let _ = write!(out, ",\"notcovered\":{}", c.total.saturating_sub(c.covered));
    }
    let percent = if c.total == 0 {
        0.0
    } else {
        c.covered as f64 / c.total as f64 * 100.0
    };
    out.push_str(",\"percent\":");
    format_double(percent, out);
    out.push('}');
}

fn list<T>(
    out: &mut String,
    items: impl IntoIterator<Item = T>,
    mut render: impl FnMut(T, &mut String),
) {
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        render(item, out);
    }
}

fn key(out: &mut String, name: &str) {
    string(out, name);
    out.push(':');
}

/// A JSON string as LLVM's `json::OStream` writes it: `"` and `\` escaped,
/// tab, newline and carriage return as `\t`, `\n`, `\r`, other control
/// characters as `\u00XX`, everything else as is.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn clamp(count: u64) -> u64 {
    count.min(i64::MAX.cast_unsigned())
}

/// Formats `value` as C's `printf("%.17g")`, which LLVM's JSON writer uses
/// for doubles: 17 significant digits, trailing zeros dropped, exponent
/// notation below 1e-4 and from 1e17.
pub fn format_double(value: f64, out: &mut String) {
    if !value.is_finite() {
        // LLVM prints these through the same format; JSON has no spelling.
        out.push_str(if value.is_nan() {
            "nan"
        } else if value > 0.0 {
            "inf"
        } else {
            "-inf"
        });
        return;
    }
    // `{:.16e}` rounds correctly to 17 significant digits, as glibc does.
    let scientific = format!("{value:.16e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    out.push_str(sign);
    if (-4..17).contains(&exponent) {
        let (int_part, frac_part) = if exponent >= 0 {
            let split = usize::try_from(exponent + 1).unwrap_or(1).min(digits.len());
            (digits[..split].to_owned(), digits[split..].to_owned())
        } else {
            let zeros = usize::try_from(-exponent - 1).unwrap_or(0);
            ("0".to_owned(), format!("{}{digits}", "0".repeat(zeros)))
        };
        out.push_str(&int_part);
        let frac = frac_part.trim_end_matches('0');
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.push_str(first);
        let rest = rest.trim_end_matches('0');
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let _ = write!(
            out,
            "e{}{:02}",
            if exponent < 0 { '-' } else { '+' },
            exponent.abs()
        );
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn numbers_print_as_format_prints_them() {
        for n in [
            0u64,
            1,
            9,
            10,
            99,
            100,
            12_345,
            u64::from(u32::MAX),
            i64::MAX as u64,
            u64::MAX,
        ] {
            let mut out = String::new();
            num(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    use super::*;

    fn g17(v: f64) -> String {
        let mut s = String::new();
        format_double(v, &mut s);
        s
    }

    #[test]
    fn doubles_print_as_percent_17g() {
        // Values from llvm-cov's own output.
        assert_eq!(g17(43.0 / 45.0 * 100.0), "95.555555555555557");
        assert_eq!(g17(12.0 / 23.0 * 100.0), "52.173913043478258");
        assert_eq!(g17(86.0), "86");
        assert_eq!(g17(0.0), "0");
        assert_eq!(g17(100.0), "100");
        assert_eq!(g17(62.5), "62.5");
        assert_eq!(g17(1.0 / 3.0 * 100.0), "33.333333333333329");
        // printf's other branches.
        assert_eq!(g17(0.00012), "0.00012");
        assert_eq!(g17(0.000012), "1.2e-05");
        assert_eq!(g17(1.0 / 7.0 * 1e-5), "1.4285714285714286e-06");
        assert_eq!(g17(1e20), "1e+20");
        assert_eq!(g17(-2.5), "-2.5");
    }

    #[test]
    fn strings_escape_as_llvm_does() {
        let mut s = String::new();
        string(&mut s, "a\"b\\c\td\u{1}é");
        assert_eq!(s, r#""a\"b\\c\td\u0001é""#);
    }
}
