//! `profconv check`: the coverage gates. It loads coverage as `report`
//! does, prints one line per metric that a CI regex can read, then fails
//! (exit code 1) when a threshold is not met or the line coverage left the
//! tolerance of a rust-vmm-ci baseline.
//!
//! The totals are those of llvm-cov's report `TOTAL` row and JSON `totals`:
//! the summaries of the selected files added up, percentages as llvm-cov
//! divides (covered over count as doubles, times 100, 0 for nothing). The
//! summary lines show a metric with nothing to count as `- (0/0)`, as the
//! report table shows `-`, so that a CI regex finds no number rather than
//! a made-up one; a `--fail-under-*` gate on such a metric passes with a
//! warning (nothing is uncovered), where cargo-llvm-cov would compare 0.
//!
//! The baseline is rust-vmm-ci's `coverage_config_<arch>.json`
//! (`integration_tests/test_coverage.py`): `coverage_score` is compared,
//! unrounded, with the line percentage llvm-cov's JSON holds; a difference
//! whose absolute value is more than the tolerance (its `MAX_DELTA`, 0.5)
//! fails in `ci` mode whichever way it goes, and in `devel` mode fails when
//! coverage fell and rewrites the file when it rose. `exclude_path`, when
//! not empty, is one more `-ignore-filename-regex`; `crate_features` and any
//! other key are kept. The file is rewritten as Python's `json.dump` writes
//! what `json.load` read: keys in file order, `", "` and `": "` between
//! them, no indentation, no trailing newline, non-ASCII escaped, and the new
//! score as Python reads llvm-cov's number back (an integer when it is
//! whole), so the result is the file rust-vmm-ci would have written.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use covkit::model::summary::{Counted, FileSummary};
use serde_json::Value;

use crate::cli::{BaselineMode, CheckArgs};
use crate::console::{self, Failure, Outcome};
use crate::coverage;
use crate::files;

/// The text after `profconv check --help`.
pub(crate) const AFTER_HELP: &str = "\
Examples:
  # At least 80% of lines and 70% of branches, every file at least 50%:
  profconv check -instr-profile=prof/ target/debug/svc \\
      --fail-under-lines 80 --fail-under-branches 70 --fail-under-file-lines 50
  # rust-vmm-ci's coverage_config_<arch>.json, the nearest under the current
  # directory; `--baseline-mode devel` raises its coverage_score instead of
  # failing when coverage rose:
  profconv check -instr-profile=merged.profdata target/debug/svc --baseline

Output: one line per metric on standard output, in this order:
  lines: 93.41% (1234/1321)
  regions: ...
  functions: ...
  branches: ...
  instantiations: ...
  mcdc: ...
as percent (covered/count); a metric with nothing to count prints `-` for
its percentage (`branches: - (0/0)`) and passes its `--fail-under-*` gate
with a warning. GitLab's job setting `coverage: '/^lines: \\d+\\.\\d+%/'` reads
the line coverage.

Exit codes: 0 when every gate passes, 1 when one fails (an `error:` line per
failure on standard error), 2 for usage errors, 3 when an input cannot be
read or the baseline cannot be written.";

/// The metrics, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Metric {
    Lines,
    Regions,
    Functions,
    Branches,
    Instantiations,
    Mcdc,
}

impl Metric {
    /// Every metric, in printing order.
    pub(crate) const ALL: [Metric; 6] = [
        Metric::Lines,
        Metric::Regions,
        Metric::Functions,
        Metric::Branches,
        Metric::Instantiations,
        Metric::Mcdc,
    ];

    /// The name printed and used in option names (`lines`,
    /// `--fail-under-lines`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Metric::Lines => "lines",
            Metric::Regions => "regions",
            Metric::Functions => "functions",
            Metric::Branches => "branches",
            Metric::Instantiations => "instantiations",
            Metric::Mcdc => "mcdc",
        }
    }

    /// This metric's counts in `summary`.
    pub(crate) fn of(self, summary: &FileSummary) -> Counted {
        match self {
            Metric::Lines => summary.lines,
            Metric::Regions => summary.regions,
            Metric::Functions => summary.functions,
            Metric::Branches => summary.branches,
            Metric::Instantiations => summary.instantiations,
            Metric::Mcdc => summary.mcdc,
        }
    }
}

/// Covered over count in percent, as llvm-cov divides (0 for nothing).
pub(crate) fn percent(c: Counted) -> f64 {
    if c.total == 0 {
        return 0.0;
    }
    c.covered as f64 / c.total as f64 * 100.0
}

/// `92.50% (37/40)`, or `- (0/0)` when there is nothing to count.
fn shown(c: Counted) -> String {
    if c.total == 0 {
        format!("- ({}/{})", c.covered, c.total)
    } else {
        format!("{:.2}% ({}/{})", percent(c), c.covered, c.total)
    }
}

/// The lines printed on standard output, one per metric.
pub(crate) fn summary_lines(totals: &FileSummary) -> String {
    let mut out = String::new();
    for metric in Metric::ALL {
        let _ = writeln!(out, "{}: {}", metric.name(), shown(metric.of(totals)));
    }
    out
}

/// The thresholds of one run.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Gates {
    /// `--fail-under-<metric> PCT`: the metric's percentage must reach PCT.
    pub(crate) under: Vec<(Metric, f64)>,
    /// `--fail-uncovered-<metric> N`: at most N may be uncovered.
    pub(crate) uncovered: Vec<(Metric, usize)>,
    /// `--fail-under-file-lines PCT`: every file with lines must reach PCT.
    pub(crate) file_lines: Option<f64>,
}

/// What the gates found: failures (each one line) and warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// `--gate: what failed`, one per failure.
    pub(crate) failures: Vec<String>,
    /// Gates that passed because there was nothing to count.
    pub(crate) warnings: Vec<String>,
}

impl Gates {
    /// Evaluates every gate on `totals` and on the summaries of `files`.
    pub(crate) fn evaluate(&self, totals: &FileSummary, files: &[(&str, FileSummary)]) -> Verdict {
        let mut verdict = Verdict::default();
        for &(metric, threshold) in &self.under {
            let c = metric.of(totals);
            let gate = format!("--fail-under-{}", metric.name());
            if c.total == 0 {
                verdict.warnings.push(format!(
                    "{gate}: no {} to count; the gate passes",
                    metric.name()
                ));
            } else if percent(c) < threshold {
                verdict.failures.push(format!(
                    "{gate}: {} {} is under {threshold}%",
                    metric.name(),
                    shown(c)
                ));
            }
        }
        for &(metric, most) in &self.uncovered {
            let c = metric.of(totals);
            let missed = c.total.saturating_sub(c.covered);
            if missed > most {
                verdict.failures.push(format!(
                    "--fail-uncovered-{}: {missed} of {} {} uncovered, more than {most}",
                    metric.name(),
                    c.total,
                    metric.name()
                ));
            }
        }
        if let Some(threshold) = self.file_lines {
            let mut below: Vec<(&str, Counted)> = files
                .iter()
                .map(|(name, s)| (*name, s.lines))
                .filter(|(_, c)| c.total > 0 && percent(*c) < threshold)
                .collect();
            // Worst first; equal percentages by name.
            below.sort_by(|a, b| percent(a.1).total_cmp(&percent(b.1)).then(a.0.cmp(b.0)));
            for (name, c) in below {
                verdict.failures.push(format!(
                    "--fail-under-file-lines: {name}: lines {} is under {threshold}%",
                    shown(c)
                ));
            }
        }
        verdict
    }
}

/// Parses a percentage threshold: a number from 0 to 100.
pub(crate) fn parse_percent(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("'{text}' is not a number"))?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{text} is not a percentage from 0 to 100"))
    }
}

/// Parses a tolerance: a number of percentage points, 0 or more.
pub(crate) fn parse_tolerance(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("'{text}' is not a number"))?;
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(format!("{text} is not a tolerance of 0 or more"))
    }
}

/// A rust-vmm-ci `coverage_config_<arch>.json`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Baseline {
    /// The top-level keys in file order (a repeated key keeps its first
    /// place and its last value, as Python's `json.load` does).
    entries: Vec<(String, Value)>,
    /// `coverage_score`.
    pub(crate) score: f64,
    /// `exclude_path`: a regular expression, empty for none.
    pub(crate) exclude_path: String,
}

impl Baseline {
    /// Parses a config file's text.
    ///
    /// # Errors
    ///
    /// Text that is not JSON, not an object, or without a numeric
    /// `coverage_score` and a string `exclude_path`.
    pub(crate) fn parse(text: &str) -> Result<Baseline, String> {
        // Parsed whole first, for serde_json's messages with positions.
        let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if !value.is_object() {
            return Err("the coverage config is not a JSON object".to_owned());
        }
        let entries = ordered_entries(text)?;
        let get = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let score = get("coverage_score")
            .ok_or("no \"coverage_score\" in the coverage config")?
            .as_f64()
            .ok_or("\"coverage_score\" is not a number")?;
        let exclude_path = get("exclude_path")
            .ok_or("no \"exclude_path\" in the coverage config")?
            .as_str()
            .ok_or("\"exclude_path\" is not a string")?
            .to_owned();
        Ok(Baseline {
            entries,
            score,
            exclude_path,
        })
    }

    /// The file's text with `coverage_score` set to `score`, as rust-vmm-ci
    /// writes it (see the module documentation).
    pub(crate) fn rewritten(&self, score: f64) -> String {
        let mut out = String::from("{");
        for (i, (key, value)) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            python_string(key, &mut out);
            out.push_str(": ");
            if key == "coverage_score" {
                python_score(score, &mut out);
            } else {
                python_value(value, &mut out);
            }
        }
        out.push('}');
        out
    }
}

/// The top-level members of a JSON object, in file order; the text is
/// known to be a valid object. serde_json's maps are sorted, so the keys
/// are read one value at a time.
fn ordered_entries(text: &str) -> Result<Vec<(String, Value)>, String> {
    const WHITESPACE: [char; 4] = [' ', '\t', '\n', '\r'];
    let broken = || "the coverage config is not a JSON object".to_owned();
    let one_value = |rest: &str| -> Result<(Value, usize), String> {
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        let value = stream
            .next()
            .ok_or_else(broken)?
            .map_err(|e| e.to_string())?;
        Ok((value, stream.byte_offset()))
    };
    let mut entries: Vec<(String, Value)> = Vec::new();
    let mut rest = text
        .trim_start_matches(WHITESPACE)
        .strip_prefix('{')
        .ok_or_else(broken)?
        .trim_start_matches(WHITESPACE);
    if rest.starts_with('}') {
        return Ok(entries);
    }
    loop {
        let (key, used) = one_value(rest)?;
        let Value::String(key) = key else {
            return Err(broken());
        };
        rest = rest
            .get(used..)
            .ok_or_else(broken)?
            .trim_start_matches(WHITESPACE)
            .strip_prefix(':')
            .ok_or_else(broken)?;
        let (value, used) = one_value(rest)?;
        match entries.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => entries.push((key, value)),
        }
        rest = rest
            .get(used..)
            .ok_or_else(broken)?
            .trim_start_matches(WHITESPACE);
        if let Some(after) = rest.strip_prefix(',') {
            rest = after;
        } else if rest.starts_with('}') {
            return Ok(entries);
        } else {
            return Err(broken());
        }
    }
}

/// A value as Python's `json.dumps` writes it with its defaults (nested
/// objects come out in serde_json's key order).
fn python_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                let _ = write!(out, "{i}");
            } else if let Some(u) = n.as_u64() {
                let _ = write!(out, "{u}");
            } else {
                python_float(n.as_f64().unwrap_or(f64::NAN), out);
            }
        }
        Value::String(s) => python_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                python_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                python_string(key, out);
                out.push_str(": ");
                python_value(item, out);
            }
            out.push('}');
        }
    }
}

/// The new score as rust-vmm-ci writes it: llvm-cov prints percentages
/// with `%.17g`, which Python reads back as an integer when the value is
/// whole (`70`), and as a float otherwise.
fn python_score(score: f64, out: &mut String) {
    if score.is_finite() && score.fract() == 0.0 {
        // Rust prints whole floats without a fraction or an exponent.
        let _ = write!(out, "{score}");
    } else {
        python_float(score, out);
    }
}

/// A float as Python's `repr` writes it: the shortest digits that read
/// back the same, positional from 1e-4 up to 1e16 (with at least one digit
/// after the point), scientific with a signed two-digit exponent outside.
fn python_float(x: f64, out: &mut String) {
    if x.is_nan() {
        out.push_str("NaN");
        return;
    }
    if x.is_infinite() {
        out.push_str(if x > 0.0 { "Infinity" } else { "-Infinity" });
        return;
    }
    // Rust's `{:e}` gives the same shortest digits: `-d.ddde-5`.
    let scientific = format!("{x:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    out.push_str(sign);
    if (-4..16).contains(&exponent) {
        // The decimal point sits after `point` digits.
        let point = exponent + 1;
        if point <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
            out.push_str(&digits);
        } else {
            let point = point.unsigned_abs() as usize;
            if point >= digits.len() {
                out.push_str(&digits);
                out.extend(std::iter::repeat_n('0', point - digits.len()));
                out.push_str(".0");
            } else {
                let (whole, fraction) = digits.split_at(point);
                let _ = write!(out, "{whole}.{fraction}");
            }
        }
    } else {
        let (first, rest) = digits.split_at(digits.len().min(1));
        out.push_str(first);
        if !rest.is_empty() {
            let _ = write!(out, ".{rest}");
        }
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        let _ = write!(out, "e{exponent_sign}{:02}", exponent.unsigned_abs());
    }
}

/// A string as Python's `json.dumps` writes it with `ensure_ascii`.
fn python_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// How the line coverage stands against a baseline score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Drift {
    /// Within the tolerance either way.
    Within,
    /// Above the score by more than the tolerance.
    Rose,
    /// Below the score by more than the tolerance.
    Fell,
}

/// Compares `current` with `score` as rust-vmm-ci does: unrounded, the
/// absolute difference against the tolerance.
pub(crate) fn drift(current: f64, score: f64, tolerance: f64) -> Drift {
    if (current - score).abs() <= tolerance {
        Drift::Within
    } else if score < current {
        Drift::Rose
    } else {
        Drift::Fell
    }
}

/// The name of the baseline file found by `--baseline` alone.
fn config_name() -> String {
    format!("coverage_config_{}.json", std::env::consts::ARCH)
}

/// The nearest file named `name` under `root`, breadth first as
/// rust-vmm-ci searches (so that the crate's own file wins over one in a
/// submodule); entries are taken in name order, and links to directories
/// are not followed.
pub(crate) fn find_config(root: &Path, name: &str) -> Option<PathBuf> {
    let mut level = vec![root.to_path_buf()];
    while !level.is_empty() {
        let mut next = Vec::new();
        for dir in &level {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut entries: Vec<std::fs::DirEntry> = entries.filter_map(Result::ok).collect();
            entries.sort_by_key(std::fs::DirEntry::file_name);
            for entry in entries {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    next.push(entry.path());
                } else if entry.file_name() == name {
                    return Some(entry.path());
                }
            }
        }
        level = next;
    }
    None
}

/// The baseline file `--baseline` names, found when it is `auto`.
fn baseline_path(given: &Path) -> Result<PathBuf, Failure> {
    if given != Path::new("auto") {
        return Ok(given.to_owned());
    }
    let name = config_name();
    let found = find_config(Path::new("."), &name).ok_or_else(|| {
        console::error_plain(format!(
            "--baseline: no {name} in the current directory or below"
        ))
    })?;
    // `./a/b` reads better as `a/b`.
    Ok(found
        .strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or(found))
}

/// Runs `profconv check`.
pub(crate) fn run(args: &CheckArgs) -> Outcome {
    let baseline = match &args.baseline {
        Some(given) => {
            let path = baseline_path(given)?;
            let bytes =
                files::read(&path).map_err(|e| console::error(&path, files::describe(&e)))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| console::error(&path, "the coverage config is not UTF-8"))?;
            let parsed = Baseline::parse(&text).map_err(|e| console::error(&path, e))?;
            Some((path, parsed))
        }
        None => None,
    };
    let mut coverage_args = args.coverage.clone();
    if let Some((path, baseline)) = &baseline
        && !baseline.exclude_path.is_empty()
    {
        regex::Regex::new(&baseline.exclude_path)
            .map_err(|e| console::error(path, format!("invalid \"exclude_path\": {e}")))?;
        coverage_args
            .ignore_filename_regex
            .push(baseline.exclude_path.clone());
    }
    let loaded = coverage::load(&coverage_args, "check")?;
    let mut totals = FileSummary::default();
    let mut per_file = Vec::new();
    for file in loaded.files() {
        let summary = loaded.model.file_summary(file);
        totals += summary;
        per_file.push((file, summary));
    }
    files::write_output(Path::new("-"), summary_lines(&totals).as_bytes(), false)?;

    let gates = Gates {
        under: [
            (Metric::Lines, args.fail_under_lines),
            (Metric::Regions, args.fail_under_regions),
            (Metric::Functions, args.fail_under_functions),
            (Metric::Branches, args.fail_under_branches),
        ]
        .into_iter()
        .filter_map(|(m, t)| Some((m, t?)))
        .collect(),
        uncovered: [
            (Metric::Lines, args.fail_uncovered_lines),
            (Metric::Regions, args.fail_uncovered_regions),
            (Metric::Functions, args.fail_uncovered_functions),
            (Metric::Branches, args.fail_uncovered_branches),
        ]
        .into_iter()
        .filter_map(|(m, n)| Some((m, n?)))
        .collect(),
        file_lines: args.fail_under_file_lines,
    };
    let verdict = gates.evaluate(&totals, &per_file);
    for warning in &verdict.warnings {
        eprintln!("warning: {warning}");
    }
    let mut failed = !verdict.failures.is_empty();
    for failure in &verdict.failures {
        eprintln!("error: {failure}");
    }
    if let Some((path, baseline)) = &baseline {
        failed |= !check_baseline(path, baseline, percent(totals.lines), args)?;
    }
    if failed { Err(Failure::Gate) } else { Ok(()) }
}

/// Compares the line coverage with the baseline; in devel mode, rewrites
/// it when coverage rose. Whether the gate passed.
fn check_baseline(
    path: &Path,
    baseline: &Baseline,
    current: f64,
    args: &CheckArgs,
) -> Result<bool, Failure> {
    let tolerance = args.tolerance;
    let difference = (current - baseline.score).abs();
    let exact = python_number(current);
    let against = |side: &str| {
        format!(
            "lines {current:.2}% is {difference:.2} points {side} the coverage_score {} of {}, \
             more than the tolerance {tolerance}",
            python_number(baseline.score),
            path.display()
        )
    };
    match (
        drift(current, baseline.score, tolerance),
        args.baseline_mode,
    ) {
        (Drift::Within, _) => Ok(true),
        (Drift::Rose, BaselineMode::Ci) => {
            eprintln!(
                "error: --baseline: {}; set coverage_score to {exact}, or run again with \
                 --baseline-mode devel to rewrite the file",
                against("above")
            );
            Ok(false)
        }
        (Drift::Fell, _) => {
            eprintln!("error: --baseline: {}", against("below"));
            Ok(false)
        }
        (Drift::Rose, BaselineMode::Devel) => {
            files::write_output(path, baseline.rewritten(current).as_bytes(), false)?;
            console::note(
                path,
                format!(
                    "coverage_score raised from {} to {exact} (lines rose {difference:.2} \
                     points, more than the tolerance {tolerance})",
                    python_number(baseline.score)
                ),
            );
            Ok(true)
        }
    }
}

/// A score as rust-vmm-ci writes it (see [`python_score`]).
fn python_number(x: f64) -> String {
    let mut out = String::new();
    python_score(x, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(covered: usize, total: usize) -> Counted {
        Counted { covered, total }
    }

    fn summary(lines: (usize, usize), branches: (usize, usize)) -> FileSummary {
        FileSummary {
            lines: counted(lines.0, lines.1),
            branches: counted(branches.0, branches.1),
            ..FileSummary::default()
        }
    }

    #[test]
    fn summary_lines_show_two_decimals_and_a_dash_for_nothing() {
        let totals = FileSummary {
            lines: counted(24, 37),
            regions: counted(46, 56),
            functions: counted(3, 6),
            branches: counted(0, 0),
            instantiations: counted(3, 3),
            mcdc: counted(0, 2),
        };
        assert_eq!(
            summary_lines(&totals),
            "lines: 64.86% (24/37)\nregions: 82.14% (46/56)\nfunctions: 50.00% (3/6)\n\
             branches: - (0/0)\ninstantiations: 100.00% (3/3)\nmcdc: 0.00% (0/2)\n"
        );
    }

    #[test]
    fn gates_fail_under_thresholds_and_over_uncovered_counts() {
        let totals = summary((24, 37), (0, 0));
        let gates = Gates {
            under: vec![
                (Metric::Lines, 64.86),
                (Metric::Branches, 50.0),
                (Metric::Regions, 0.0),
            ],
            uncovered: vec![(Metric::Lines, 13)],
            file_lines: None,
        };
        let verdict = gates.evaluate(&totals, &[]);
        assert_eq!(verdict.failures, Vec::<String>::new());
        assert_eq!(
            verdict.warnings,
            [
                "--fail-under-branches: no branches to count; the gate passes",
                "--fail-under-regions: no regions to count; the gate passes"
            ]
        );
        let gates = Gates {
            under: vec![(Metric::Lines, 64.87)],
            uncovered: vec![(Metric::Lines, 12), (Metric::Branches, 0)],
            file_lines: None,
        };
        assert_eq!(
            gates.evaluate(&totals, &[]).failures,
            [
                "--fail-under-lines: lines 64.86% (24/37) is under 64.87%",
                "--fail-uncovered-lines: 13 of 37 lines uncovered, more than 12"
            ]
        );
    }

    #[test]
    fn the_file_gate_lists_the_files_below_worst_first() {
        let files = [
            ("a.c", summary((3, 4), (0, 0))),
            ("b.c", summary((1, 4), (0, 0))),
            ("c.c", summary((0, 0), (0, 0))),
            ("d.c", summary((4, 4), (0, 0))),
            ("e.c", summary((3, 4), (0, 0))),
        ];
        let gates = Gates {
            file_lines: Some(80.0),
            ..Gates::default()
        };
        assert_eq!(
            gates.evaluate(&FileSummary::default(), &files).failures,
            [
                "--fail-under-file-lines: b.c: lines 25.00% (1/4) is under 80%",
                "--fail-under-file-lines: a.c: lines 75.00% (3/4) is under 80%",
                "--fail-under-file-lines: e.c: lines 75.00% (3/4) is under 80%",
            ]
        );
    }

    #[test]
    fn thresholds_are_percentages_and_tolerances_are_not_negative() {
        assert_eq!(parse_percent("80"), Ok(80.0));
        assert_eq!(parse_percent("99.5"), Ok(99.5));
        assert!(parse_percent("101").is_err());
        assert!(parse_percent("-1").is_err());
        assert!(parse_percent("NaN").is_err());
        assert!(parse_percent("x").is_err());
        assert_eq!(parse_tolerance("0"), Ok(0.0));
        assert!(parse_tolerance("-0.1").is_err());
        assert!(parse_tolerance("inf").is_err());
    }

    #[test]
    fn drift_is_two_sided_and_unrounded() {
        for (current, score, tolerance, expected) in [
            (64.86, 64.5, 0.5, Drift::Within),
            (65.0, 64.5, 0.5, Drift::Within),
            (65.000_001, 64.5, 0.5, Drift::Rose),
            (64.0, 64.5, 0.5, Drift::Within),
            (63.999_999, 64.5, 0.5, Drift::Fell),
            (64.5, 64.5, 0.0, Drift::Within),
            (64.500_001, 64.5, 0.0, Drift::Rose),
        ] {
            assert_eq!(
                drift(current, score, tolerance),
                expected,
                "{current} {score}"
            );
        }
    }

    #[test]
    fn floats_print_as_python_repr() {
        for (x, expected) in [
            (64.864_864_864_864_87, "64.86486486486487"),
            (100.0, "100.0"),
            (0.0, "0.0"),
            (-0.5, "-0.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (0.0001, "0.0001"),
            (0.000_01, "1e-05"),
            (0.000_015, "1.5e-05"),
            (1e16, "1e+16"),
            (1_234_567_890_123_456.0, "1234567890123456.0"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
        ] {
            let mut out = String::new();
            python_float(x, &mut out);
            assert_eq!(out, expected);
        }
        assert_eq!(python_number(70.0), "70");
        assert_eq!(python_number(0.0), "0");
        assert_eq!(python_number(78.125), "78.125");
    }

    #[test]
    fn strings_print_as_python_json_with_ascii_escapes() {
        let mut out = String::new();
        python_string("a\"b\\c\n\t\u{1}\u{7f}é😀/~", &mut out);
        assert_eq!(
            out,
            "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\\u00e9\\ud83d\\ude00/~\""
        );
    }

    #[test]
    fn a_baseline_keeps_its_keys_in_order_and_is_rewritten_as_json_dump() {
        let text = "{\n  \"exclude_path\": \"tests/\",\n  \"coverage_score\": 81.5,\n  \
                    \"crate_features\": \"a,b\",\n  \"x\": [1, 2.50, null, true],\n  \
                    \"exclude_path\": \"benches/\"\n}\n";
        let baseline = Baseline::parse(text).unwrap();
        assert_eq!(baseline.score, 81.5);
        assert_eq!(baseline.exclude_path, "benches/");
        assert_eq!(
            baseline.rewritten(82.142_857_142_857_14),
            "{\"exclude_path\": \"benches/\", \"coverage_score\": 82.14285714285714, \
             \"crate_features\": \"a,b\", \"x\": [1, 2.5, null, true]}"
        );
        assert_eq!(
            baseline.rewritten(90.0),
            "{\"exclude_path\": \"benches/\", \"coverage_score\": 90, \
             \"crate_features\": \"a,b\", \"x\": [1, 2.5, null, true]}"
        );
        let plain = Baseline::parse("{\"coverage_score\": 70, \"exclude_path\": \"\"}").unwrap();
        assert_eq!((plain.score, plain.exclude_path.as_str()), (70.0, ""));
    }

    #[test]
    fn members_are_read_in_order_however_the_object_is_spaced() {
        for text in [
            r#"{"exclude_path":"","coverage_score":70}"#,
            "\t{ \"exclude_path\" :\"\" ,\r\n\"coverage_score\"\n:\n70 }\n\n",
            r#"{"exclude_path":"","coverage_score":70e0}"#,
        ] {
            let baseline = Baseline::parse(text).unwrap();
            assert_eq!(baseline.score, 70.0, "{text}");
            assert!(
                baseline
                    .rewritten(71.0)
                    .starts_with(r#"{"exclude_path": "", "coverage_score": 71"#),
                "{text}"
            );
        }
        let nested =
            r#"{"a":{"z":[1,{"y":null}],"b":"}"},"coverage_score":1.5,"exclude_path":"x\"}"}"#;
        let baseline = Baseline::parse(nested).unwrap();
        assert_eq!(baseline.exclude_path, "x\"}");
        let keys: Vec<&str> = baseline.entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["a", "coverage_score", "exclude_path"]);
        assert_eq!(
            Baseline::parse("{}"),
            Err("no \"coverage_score\" in the coverage config".to_owned())
        );
    }

    #[test]
    fn malformed_baselines_are_refused() {
        for (text, message) in [
            ("", "EOF while parsing a value at line 1 column 0"),
            ("[]", "the coverage config is not a JSON object"),
            (
                "{\"exclude_path\": \"\"}",
                "no \"coverage_score\" in the coverage config",
            ),
            (
                "{\"coverage_score\": \"80\", \"exclude_path\": \"\"}",
                "\"coverage_score\" is not a number",
            ),
            (
                "{\"coverage_score\": 80}",
                "no \"exclude_path\" in the coverage config",
            ),
            (
                "{\"coverage_score\": 80, \"exclude_path\": null}",
                "\"exclude_path\" is not a string",
            ),
        ] {
            assert_eq!(Baseline::parse(text), Err(message.to_owned()), "{text}");
        }
    }

    #[test]
    fn the_nearest_config_wins_breadth_first() {
        let root = std::env::temp_dir().join(format!("profconv-check-bfs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("a/deep")).unwrap();
        std::fs::create_dir_all(root.join("b")).unwrap();
        std::fs::write(root.join("a/deep/cfg.json"), "{}").unwrap();
        std::fs::write(root.join("b/cfg.json"), "{}").unwrap();
        assert_eq!(
            find_config(&root, "cfg.json"),
            Some(root.join("b/cfg.json"))
        );
        std::fs::write(root.join("cfg.json"), "{}").unwrap();
        assert_eq!(find_config(&root, "cfg.json"), Some(root.join("cfg.json")));
        assert_eq!(find_config(&root, "other.json"), None);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
