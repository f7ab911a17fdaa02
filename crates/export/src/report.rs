//! The summary tables of `llvm-cov report`, byte for byte as llvm-cov 22
//! prints them (`CoverageReport.cpp`, numbers from `CoverageSummaryInfo`).
//!
//! The file table ([`write_files`]): a header, a divider, one row per file
//! that has functions, in the order given, then, after a blank line and
//! `Files which contain no functions:`, the rows of the files without any,
//! a divider and the `TOTAL` row (the sum over every file). Shown names lose
//! the longest run of leading path components shared by all files (none
//! when there is a single file), then are cleaned of `.` and `..`.
//!
//! The function table (`-show-functions`, [`write_functions`]): per file, a
//! `File '<name>':` line, a header, a divider, one row per function whose
//! first filename is the file (load order, each instantiation on its own,
//! mangled names), and when there is one, a divider and a `TOTAL` row. The
//! tables of successive files are separated by a blank line.
//!
//! Column widths are llvm-cov's. The name column widens to the longest name
//! (in the function tables, never narrowing again from one file to the
//! next). Counts print as 32-bit unsigned numbers, percentages with two
//! decimals; a file-table percentage of nothing shows `-`, a function-table
//! one `0.00%`. Lines end with `\n`; nothing is written after the last one.
//!
//! ```
//! use covkit_export::model::{Coverage, RecordCounts};
//! use covkit_export::report::{self, ReportOptions};
//!
//! // A model without files: the header, two dividers and a zero total.
//! let model = Coverage::load([], &RecordCounts::default())?;
//! let mut out = Vec::new();
//! report::write(&model, &ReportOptions::default(), &mut out)?;
//! let text = String::from_utf8(out)?;
//! assert_eq!(text.lines().count(), 4);
//! assert!(text.starts_with("Filename                      Regions    Missed Regions"));
//! assert!(text.ends_with("         -\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::io::{self, Write};

use covkit_model::Coverage;
use covkit_model::covmap::filenames::remove_dots;
use covkit_model::summary::{Counted, FileSummary, FunctionSummary};

/// The options of `llvm-cov report` that change its tables.
///
/// [`Default`] gives llvm-cov's defaults: regions and branches shown,
/// instantiations and MC/DC not, no colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportOptions {
    /// `-show-region-summary` (default on): the region columns of the file
    /// table. The function table always shows regions.
    pub show_region_summary: bool,
    /// `-show-branch-summary` (default on): the branch columns.
    pub show_branch_summary: bool,
    /// `-show-instantiation-summary` (default off): the instantiation
    /// columns of the file table. The function table never shows them.
    pub show_instantiation_summary: bool,
    /// `-show-mcdc-summary` (default off): the MC/DC condition columns.
    pub show_mcdc_summary: bool,
    /// Colour escapes around missed counts and percentages, as llvm-cov
    /// writes them with `-use-color` (its default when standard output is a
    /// terminal): green when all is covered, yellow from 80%, red below.
    pub use_color: bool,
}

impl ReportOptions {
    /// llvm-cov's defaults: regions and branches shown, instantiations and
    /// MC/DC not, no colour.
    pub const LLVM_DEFAULT: ReportOptions = ReportOptions {
        show_region_summary: true,
        show_branch_summary: true,
        show_instantiation_summary: false,
        show_mcdc_summary: false,
        use_color: false,
    };
}

impl Default for ReportOptions {
    fn default() -> Self {
        Self::LLVM_DEFAULT
    }
}

/// The file table's column widths: name, then regions, functions,
/// instantiations, lines, branches and MC/DC, three columns each.
const FILE_COLUMNS: [usize; 19] = [
    25, 12, 18, 10, 12, 18, 10, 16, 16, 10, 12, 18, 10, 12, 18, 10, 20, 21, 10,
];

/// The function table's column widths: name, then regions, lines, branches
/// and MC/DC, three columns each.
const FUNCTION_COLUMNS: [usize; 13] = [25, 10, 8, 8, 10, 8, 8, 10, 8, 8, 20, 8, 8];

/// Writes the file table of every source file of `model`, as `llvm-cov
/// report` does without source file arguments.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write(model: &Coverage, options: &ReportOptions, out: impl Write) -> io::Result<()> {
    write_files(model, &model.source_files(), options, out)
}

/// Writes the file table of `files` (coverage filenames), in the order
/// given, as `llvm-cov report` does for source file arguments. A file the
/// model does not know counts as a file without functions.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write_files(
    model: &Coverage,
    files: &[&str],
    options: &ReportOptions,
    mut out: impl Write,
) -> io::Result<()> {
    let prefix = redundant_prefix_len(files);
    let mut rows = Vec::with_capacity(files.len());
    let mut total = FileSummary::default();
    for &file in files {
        let summary = model.file_summary(file);
        total += summary;
        // llvm-cov cuts every name at the first one's offset, whatever the
        // others' spelling of the shared components.
        let bytes = file.as_bytes();
        let name = bytes.get(prefix..).unwrap_or_default();
        rows.push((name, summary));
    }
    let mut table = Table {
        widths: FILE_COLUMNS.to_vec(),
        options: *options,
        line: Vec::new(),
    };
    // The width comes from the names before they are cleaned of dots.
    if let Some(longest) = rows.iter().map(|(name, _)| name.len()).max() {
        table.widen(longest);
    }

    table.file_header();
    table.flush(&mut out)?;
    table.file_divider();
    table.flush(&mut out)?;
    let mut empty = Vec::new();
    for (name, summary) in &rows {
        if summary.functions.total == 0 {
            empty.push((name, summary));
            continue;
        }
        table.file_row(&display_name(name), summary);
        table.flush(&mut out)?;
    }
    if !empty.is_empty() {
        out.write_all(b"\nFiles which contain no functions:\n")?;
        for (name, summary) in empty {
            table.file_row(&display_name(name), summary);
            table.flush(&mut out)?;
        }
    }
    table.file_divider();
    table.flush(&mut out)?;
    table.file_row(b"TOTAL", &total);
    table.flush(&mut out)
}

/// Writes the function table of each of `files` (coverage filenames), in
/// the order given, as `llvm-cov report -show-functions` does for its
/// source file arguments. Only `show_branch_summary`, `show_mcdc_summary`
/// and `use_color` change it.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write_functions(
    model: &Coverage,
    files: &[&str],
    options: &ReportOptions,
    mut out: impl Write,
) -> io::Result<()> {
    // The functions listed under a file: those whose first filename it is.
    let mut by_file: HashMap<&str, Vec<usize>> = files.iter().map(|&f| (f, Vec::new())).collect();
    for (index, function) in model.functions().iter().enumerate() {
        if let Some(list) = function
            .filenames
            .first()
            .and_then(|name| by_file.get_mut(name.as_str()))
        {
            list.push(index);
        }
    }
    let mut table = Table {
        widths: FUNCTION_COLUMNS.to_vec(),
        options: *options,
        line: Vec::new(),
    };
    for (i, &file) in files.iter().enumerate() {
        let indices = by_file.get(file).map_or(&[][..], Vec::as_slice);
        if i > 0 {
            out.write_all(b"\n")?;
        }
        for name in indices.iter().filter_map(|&f| model.functions().get(f)) {
            table.widen(name.name.len());
        }
        out.write_all(b"File '")?;
        out.write_all(file.as_bytes())?;
        out.write_all(b"':\n")?;
        table.function_header();
        table.flush(&mut out)?;
        table.function_divider();
        table.flush(&mut out)?;
        let mut total = FunctionSummary::default();
        for &index in indices {
            let Some(function) = model.functions().get(index) else {
                continue;
            };
            let summary = model.function_summary(index);
            total.regions += summary.regions;
            total.lines += summary.lines;
            total.branches += summary.branches;
            total.mcdc += summary.mcdc;
            table.function_row(function.name.as_bytes(), &summary);
            table.flush(&mut out)?;
        }
        if !indices.is_empty() {
            table.function_divider();
            table.flush(&mut out)?;
            table.function_row(b"TOTAL", &total);
            table.flush(&mut out)?;
        }
    }
    Ok(())
}

/// The components of a POSIX path, each with its byte offset, as LLVM's
/// `sys::path::begin`/`end` walk it: a `//name` root name, then a root
/// `/`, then the names between separators (repeated separators skipped),
/// and `.` for a trailing separator.
fn components(path: &str) -> Vec<(usize, &str)> {
    let bytes = path.as_bytes();
    let len = bytes.len();
    let next_separator = |from: usize| {
        bytes
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| b == b'/'))
            .map_or(len, |i| from + i)
    };
    let piece = |from: usize, to: usize| path.get(from..to).unwrap_or_default();
    let mut out = Vec::new();
    let first = match bytes {
        [] => return out,
        [b'/', b'/', third, ..] if *third != b'/' => piece(0, next_separator(2)),
        [b'/', ..] => "/",
        _ => piece(0, next_separator(0)),
    };
    out.push((0, first));
    let (mut position, mut component) = (0, first);
    loop {
        position += component.len();
        if position >= len {
            break;
        }
        // Right after a `//name` root name, a separator is the root
        // directory.
        let was_net = component.len() > 2
            && component.starts_with("//")
            && component.as_bytes().get(2) != Some(&b'/');
        if bytes.get(position) == Some(&b'/') {
            if was_net {
                component = piece(position, position + 1);
                out.push((position, component));
                continue;
            }
            while bytes.get(position) == Some(&b'/') {
                position += 1;
            }
            // A trailing separator reads as `.`, except after the root.
            if position == len && component != "/" {
                position -= 1;
                component = ".";
                out.push((position, component));
                continue;
            }
        }
        if position == len {
            break;
        }
        component = piece(position, next_separator(position));
        out.push((position, component));
    }
    out
}

/// How many leading bytes of every name the file table leaves out
/// (`getRedundantPrefixLen`): the offset, in the first file, of its first
/// component that not every other file shares at the same index. Nothing
/// for a single file.
fn redundant_prefix_len(files: &[&str]) -> usize {
    let [first, rest @ ..] = files else {
        return 0;
    };
    if rest.is_empty() {
        return 0;
    }
    let first_components = components(first);
    let mut redundant = first_components.len();
    for path in rest {
        if redundant == 0 {
            break;
        }
        for (index, (_, component)) in components(path).into_iter().enumerate() {
            if index >= redundant {
                break;
            }
            if first_components.get(index).map(|c| c.1) != Some(component) {
                redundant = index;
                break;
            }
        }
    }
    first_components
        .get(redundant)
        .map_or(first.len(), |&(offset, _)| offset)
}

/// A file-table name as shown: backslashes made slashes, `.` and `..`
/// removed, a trailing slash kept. Names that are not UTF-8 (a cut through
/// a character) are shown as they are.
fn display_name(name: &[u8]) -> Vec<u8> {
    let Ok(name) = std::str::from_utf8(name) else {
        return name.to_vec();
    };
    let native = name.replace('\\', "/");
    let mut shown = remove_dots(&native);
    if native.ends_with('/') {
        shown.push('/');
    }
    shown.into_bytes()
}

/// A colour of llvm-cov's report (the ANSI colour number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Color {
    Red = 1,
    Green = 2,
    Yellow = 3,
}

/// Covered over total, in percent, as llvm-cov divides (0 for nothing).
fn percent(c: Counted) -> f64 {
    if c.total == 0 {
        return 0.0;
    }
    // As llvm-cov: the quotient of the two as doubles, times 100.
    c.covered as f64 / c.total as f64 * 100.0
}

/// The colour of a percentage: green when all is covered (nothing of
/// nothing included), yellow from 80%, red below.
fn color_of(c: Counted) -> Color {
    if c.covered == c.total {
        Color::Green
    } else if percent(c) >= 80.0 {
        Color::Yellow
    } else {
        Color::Red
    }
}

/// Counts as llvm-cov prints them: cut to 32 bits.
fn u32_of(n: usize) -> u32 {
    n as u32
}

/// One table being written: its widths and the line in progress.
struct Table {
    widths: Vec<usize>,
    options: ReportOptions,
    line: Vec<u8>,
}

impl Table {
    /// Makes the name column at least `width` wide.
    fn widen(&mut self, width: usize) {
        if let Some(first) = self.widths.first_mut() {
            *first = (*first).max(width);
        }
    }

    fn width(&self, column: usize) -> usize {
        self.widths.get(column).copied().unwrap_or(0)
    }

    /// Writes the line in progress, with its newline.
    fn flush(&mut self, out: &mut impl Write) -> io::Result<()> {
        self.line.push(b'\n');
        let result = out.write_all(&self.line);
        self.line.clear();
        result
    }

    fn pad(&mut self, n: usize) {
        self.line.extend(std::iter::repeat_n(b' ', n));
    }

    /// Text padded on the right to `width`, never cut.
    fn left(&mut self, text: &[u8], width: usize) {
        self.line.extend_from_slice(text);
        self.pad(width.saturating_sub(text.len()));
    }

    /// Text padded on the left to `width`.
    fn right(&mut self, text: &[u8], width: usize) {
        self.pad(width.saturating_sub(text.len()));
        self.line.extend_from_slice(text);
    }

    fn start_color(&mut self, color: Option<Color>) {
        if let (Some(color), true) = (color, self.options.use_color) {
            self.line.extend_from_slice(b"\x1b[0;3");
            self.line.push(b'0' + color as u8);
            self.line.push(b'm');
        }
    }

    fn end_color(&mut self, color: Option<Color>) {
        if color.is_some() && self.options.use_color {
            self.line.extend_from_slice(b"\x1b[0m");
        }
    }

    /// `%*u`, in `color` if given.
    fn number(&mut self, n: usize, column: usize, color: Option<Color>) {
        self.start_color(color);
        let text = u32_of(n).to_string();
        self.right(text.as_bytes(), self.width(column));
        self.end_color(color);
    }

    /// The missed count of `c`.
    fn missed(&mut self, c: Counted, column: usize, color: Option<Color>) {
        self.number(c.total.wrapping_sub(c.covered), column, color);
    }

    /// `%*.2f%` filling the column, in `color`.
    fn percent(&mut self, c: Counted, column: usize, color: Color) {
        self.start_color(Some(color));
        let width = self.width(column).saturating_sub(1);
        let text = format!("{:>width$.2}%", percent(c));
        self.line.extend_from_slice(text.as_bytes());
        self.end_color(Some(color));
    }

    /// The percentage of `c`, or `-` when it counts nothing.
    fn percent_or_dash(&mut self, c: Counted, column: usize, color: Color) {
        if c.total == 0 {
            self.right(b"-", self.width(column));
        } else {
            self.percent(c, column, color);
        }
    }

    /// Count, missed count and percentage of one file-table quantity.
    fn file_cells(&mut self, c: Counted, first: usize, missed: Option<Color>, color: Color) {
        self.number(c.total, first, None);
        self.missed(c, first + 1, missed);
        self.percent_or_dash(c, first + 2, color);
    }

    fn file_header(&mut self) {
        self.left(b"Filename", self.width(0));
        let options = self.options;
        let mut labels: Vec<(&[u8], usize)> = Vec::new();
        if options.show_region_summary {
            labels.extend([(&b"Regions"[..], 1), (b"Missed Regions", 2), (b"Cover", 3)]);
        }
        labels.extend([
            (&b"Functions"[..], 4),
            (b"Missed Functions", 5),
            (b"Executed", 6),
        ]);
        if options.show_instantiation_summary {
            labels.extend([
                (&b"Instantiations"[..], 7),
                (b"Missed Insts.", 8),
                (b"Executed", 9),
            ]);
        }
        labels.extend([(&b"Lines"[..], 10), (b"Missed Lines", 11), (b"Cover", 12)]);
        if options.show_branch_summary {
            labels.extend([
                (&b"Branches"[..], 13),
                (b"Missed Branches", 14),
                (b"Cover", 15),
            ]);
        }
        if options.show_mcdc_summary {
            labels.extend([
                (&b"MC/DC Conditions"[..], 16),
                (b"Missed Conditions", 17),
                (b"Cover", 18),
            ]);
        }
        for (label, column) in labels {
            self.right(label, self.width(column));
        }
    }

    /// Dashes as wide as the shown columns.
    fn file_divider(&mut self) {
        let options = self.options;
        let shown = [
            true,
            options.show_region_summary,
            true,
            options.show_instantiation_summary,
            true,
            options.show_branch_summary,
            options.show_mcdc_summary,
        ];
        let mut length = self.width(0);
        for (group, &on) in shown.iter().enumerate().skip(1) {
            if on {
                let first = 3 * group - 2;
                length += (first..first + 3).map(|c| self.width(c)).sum::<usize>();
            }
        }
        self.line.extend(std::iter::repeat_n(b'-', length));
    }

    fn file_row(&mut self, name: &[u8], file: &FileSummary) {
        let options = self.options;
        self.left(name, self.width(0));
        let region_color = color_of(file.regions);
        let line_color = color_of(file.lines);
        if options.show_region_summary {
            self.file_cells(file.regions, 1, Some(region_color), region_color);
        }
        self.file_cells(file.functions, 4, None, color_of(file.functions));
        if options.show_instantiation_summary {
            self.file_cells(file.instantiations, 7, None, color_of(file.instantiations));
        }
        // llvm-cov colours branches and MC/DC by the line coverage.
        self.file_cells(file.lines, 10, Some(line_color), line_color);
        if options.show_branch_summary {
            self.file_cells(file.branches, 13, Some(line_color), line_color);
        }
        if options.show_mcdc_summary {
            self.file_cells(file.mcdc, 16, Some(line_color), line_color);
        }
    }

    fn function_header(&mut self) {
        self.left(b"Name", self.width(0));
        let mut labels: Vec<(&[u8], usize)> = vec![
            (b"Regions", 1),
            (b"Miss", 2),
            (b"Cover", 3),
            (b"Lines", 4),
            (b"Miss", 5),
            (b"Cover", 6),
        ];
        if self.options.show_branch_summary {
            labels.extend([(&b"Branches"[..], 7), (b"Miss", 8), (b"Cover", 9)]);
        }
        if self.options.show_mcdc_summary {
            labels.extend([
                (&b"MC/DC Conditions"[..], 10),
                (b"Miss", 11),
                (b"Cover", 12),
            ]);
        }
        for (label, column) in labels {
            self.right(label, self.width(column));
        }
    }

    /// Dashes as wide as the shown columns.
    fn function_divider(&mut self) {
        let mut length: usize = (0..7).map(|c| self.width(c)).sum();
        if self.options.show_branch_summary {
            length += (7..10).map(|c| self.width(c)).sum::<usize>();
        }
        if self.options.show_mcdc_summary {
            length += (10..13).map(|c| self.width(c)).sum::<usize>();
        }
        self.line.extend(std::iter::repeat_n(b'-', length));
    }

    fn function_row(&mut self, name: &[u8], function: &FunctionSummary) {
        let width = self.width(0);
        if name.len() <= width {
            self.left(name, width);
        } else {
            // Names are cut with an ellipsis; the column is as wide as the
            // longest name, so this does not happen.
            let kept = name.get(..width.saturating_sub(3)).unwrap_or(name);
            self.line.extend_from_slice(kept);
            self.line.extend_from_slice(b"...");
        }
        let region_color = color_of(function.regions);
        let line_color = color_of(function.lines);
        self.number(function.regions.total, 1, None);
        self.missed(function.regions, 2, Some(region_color));
        self.percent(function.regions, 3, region_color);
        self.number(function.lines.total, 4, None);
        self.missed(function.lines, 5, Some(line_color));
        self.percent(function.lines, 6, line_color);
        if self.options.show_branch_summary {
            self.number(function.branches.total, 7, None);
            self.missed(function.branches, 8, Some(line_color));
            self.percent(function.branches, 9, color_of(function.branches));
        }
        if self.options.show_mcdc_summary {
            self.number(function.mcdc.total, 10, None);
            self.missed(function.mcdc, 11, Some(line_color));
            self.percent(function.mcdc, 12, color_of(function.mcdc));
        }
    }
}

#[cfg(test)]
mod tests {
    use covkit_model::covmap::Function;
    use covkit_model::covmap::counter::Counter;
    use covkit_model::covmap::ids::{
        CounterId, FileId, FilenamesRef, FuncHash, NameHash, Position,
    };
    use covkit_model::covmap::mapping::FunctionMapping;
    use covkit_model::covmap::region::{Region, RegionKind};
    use covkit_model::{FunctionCounts, RecordCounts};

    use super::*;

    fn code(counter: u32, file: u32, start: (u32, u32), end: (u32, u32)) -> Region {
        Region {
            counter: Counter::Counter(CounterId(counter)),
            kind: RegionKind::Code,
            file: FileId(file),
            start: Position::new(start.0, start.1),
            end: Position::new(end.0, end.1),
        }
    }

    fn function(name: &str, hash: u64, filenames: &[&str], regions: Vec<Region>) -> Function {
        let file_map = (0..u32::try_from(filenames.len()).unwrap()).collect();
        Function {
            name: name.to_owned(),
            name_hash: NameHash(0),
            func_hash: FuncHash(hash),
            filenames_ref: FilenamesRef(0),
            filenames: filenames.iter().map(|&f| f.to_owned()).collect(),
            mapping: FunctionMapping {
                file_map,
                expressions: Vec::new(),
                regions,
            },
            offset: 0,
        }
    }

    /// `main` in `main`, expanding a macro of `header` at 3:3, run 4 times,
    /// and `lib.c:helper` in `lib`, never run.
    fn model(main: &str, header: &str, lib: &str) -> Coverage {
        let expansion = Region {
            counter: Counter::Zero,
            kind: RegionKind::Expansion {
                expanded: FileId(1),
            },
            file: FileId(0),
            start: Position::new(3, 3),
            end: Position::new(3, 9),
        };
        let main = function(
            "main",
            1,
            &[main, header],
            vec![
                code(0, 0, (1, 1), (6, 2)),
                expansion,
                code(1, 1, (1, 18), (1, 30)),
            ],
        );
        let helper = function(
            "lib.c:helper",
            2,
            &[lib],
            vec![code(0, 0, (1, 1), (3, 2)), code(1, 0, (2, 5), (2, 9))],
        );
        let mut counts = RecordCounts::default();
        for (name, hash, values) in [("main", 1, vec![4, 4]), ("lib.c:helper", 2, vec![0, 0])] {
            let counts_of = FunctionCounts {
                counts: values,
                bitmap: Vec::new(),
            };
            counts.insert(name.as_bytes(), hash, counts_of);
        }
        Coverage::load([&main, &helper], &counts).unwrap()
    }

    fn src_model() -> Coverage {
        model("/src/main.c", "/src/macros.h", "/src/lib.c")
    }

    fn text(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    const LINES_ONLY: ReportOptions = ReportOptions {
        show_region_summary: false,
        show_branch_summary: false,
        show_instantiation_summary: false,
        show_mcdc_summary: false,
        use_color: false,
    };

    #[test]
    fn path_components_follow_llvm() {
        let of = |p| components(p);
        assert_eq!(
            of("/covkit/c_multi/calc.c"),
            [(0, "/"), (1, "covkit"), (8, "c_multi"), (16, "calc.c")]
        );
        assert_eq!(of("//net/a"), [(0, "//net"), (5, "/"), (6, "a")]);
        assert_eq!(of("a//b/"), [(0, "a"), (3, "b"), (4, ".")]);
        assert_eq!(of("///a"), [(0, "/"), (3, "a")]);
        assert_eq!(of("/"), [(0, "/")]);
        assert_eq!(of("//"), [(0, "/")]);
        assert_eq!(of("main.rs"), [(0, "main.rs")]);
        assert!(of("").is_empty());
    }

    #[test]
    fn shared_leading_components_are_dropped_from_several_files_only() {
        assert_eq!(redundant_prefix_len(&[]), 0);
        assert_eq!(redundant_prefix_len(&["/src/a/main.c"]), 0);
        assert_eq!(redundant_prefix_len(&["/src/a/x.c", "/src/a/y.c"]), 7);
        assert_eq!(redundant_prefix_len(&["/src/a/x.c", "/src/b/y.c"]), 5);
        // Whole components only: `/src/ab` and `/src/ac` share `/src/`.
        assert_eq!(redundant_prefix_len(&["/src/ab/x.c", "/src/ac/y.c"]), 5);
        assert_eq!(redundant_prefix_len(&["main.rs", "lib/lib.rs"]), 0);
        assert_eq!(redundant_prefix_len(&["/a/x.c", "b/y.c"]), 0);
        // A later file shorter than the shared part does not lower it.
        assert_eq!(
            redundant_prefix_len(&["/s/a/b/x.c", "/s/a/b/y.c", "/s/a"]),
            7
        );
        // The same file twice, or a file that is a directory of another:
        // the whole first name goes.
        assert_eq!(redundant_prefix_len(&["/s/x.c", "/s/x.c"]), 6);
        assert_eq!(redundant_prefix_len(&["/s/a", "/s/a/x.c"]), 4);
        // The offset is the first name's, however the others spell the
        // separators.
        assert_eq!(redundant_prefix_len(&["/a//b/x.c", "/a/b/y.c"]), 6);
    }

    #[test]
    fn shown_names_are_cleaned_of_dots() {
        let shown = |n: &str| String::from_utf8(display_name(n.as_bytes())).unwrap();
        assert_eq!(shown("sub/../a.c"), "a.c");
        assert_eq!(shown("./a.c"), "a.c");
        assert_eq!(shown("../a.c"), "../a.c");
        assert_eq!(shown("/x/./y//z.c"), "/x/y/z.c");
        assert_eq!(shown("win\\dir\\a.c"), "win/dir/a.c");
        assert_eq!(shown("dir/"), "dir/");
        assert_eq!(shown(""), "");
        // A cut through a character is shown as it is.
        assert_eq!(display_name(&[0xa9, b'.', b'c']), [0xa9, b'.', b'c']);
    }

    #[test]
    fn files_without_functions_come_last_under_their_own_heading() {
        let model = src_model();
        let table = text(|out| write(&model, &LINES_ONLY, out));
        let expected = "\
Filename                    Functions  Missed Functions  Executed       Lines      Missed Lines     Cover
---------------------------------------------------------------------------------------------------------
lib.c                               1                 1     0.00%           3                 3     0.00%
main.c                              1                 0   100.00%           6                 0   100.00%

Files which contain no functions:
macros.h                            0                 0         -           0                 0         -
---------------------------------------------------------------------------------------------------------
TOTAL                               2                 1    50.00%           9                 3    66.67%
";
        assert_eq!(table, expected);
    }

    #[test]
    fn no_files_give_an_empty_table() {
        let model = src_model();
        let table = text(|out| write_files(&model, &[], &LINES_ONLY, out));
        let expected = "\
Filename                    Functions  Missed Functions  Executed       Lines      Missed Lines     Cover
---------------------------------------------------------------------------------------------------------
---------------------------------------------------------------------------------------------------------
TOTAL                               0                 0         -           0                 0         -
";
        assert_eq!(table, expected);
    }

    #[test]
    fn one_file_keeps_its_whole_name() {
        let model = src_model();
        let table = text(|out| write_files(&model, &["/src/main.c"], &LINES_ONLY, out));
        let expected = "\
Filename                    Functions  Missed Functions  Executed       Lines      Missed Lines     Cover
---------------------------------------------------------------------------------------------------------
/src/main.c                         1                 0   100.00%           6                 0   100.00%
---------------------------------------------------------------------------------------------------------
TOTAL                               1                 0   100.00%           6                 0   100.00%
";
        assert_eq!(table, expected);
    }

    #[test]
    fn long_names_widen_the_column_as_spelled_before_dots_go() {
        let model = model(
            "/src/sub/../a_rather_long_file_name.c",
            "/src/m.h",
            "/src/lib.c",
        );
        let files = ["/src/sub/../a_rather_long_file_name.c", "/src/lib.c"];
        let table = text(|out| write_files(&model, &files, &LINES_ONLY, out));
        // `sub/../a_rather_long_file_name.c` is 32 bytes: 7 more than 25.
        let expected = "\
Filename                           Functions  Missed Functions  Executed       Lines      Missed Lines     Cover
----------------------------------------------------------------------------------------------------------------
a_rather_long_file_name.c                  1                 0   100.00%           6                 0   100.00%
lib.c                                      1                 1     0.00%           3                 3     0.00%
----------------------------------------------------------------------------------------------------------------
TOTAL                                      2                 1    50.00%           9                 3    66.67%
";
        assert_eq!(table, expected);
    }

    #[test]
    fn function_tables_show_zero_percent_of_nothing_and_no_total_without_functions() {
        let model = src_model();
        let files = ["/src/lib.c", "/src/macros.h", "/src/main.c"];
        let table = text(|out| write_functions(&model, &files, &ReportOptions::default(), out));
        let expected = "\
File '/src/lib.c':
Name                        Regions    Miss   Cover     Lines    Miss   Cover  Branches    Miss   Cover
-------------------------------------------------------------------------------------------------------
lib.c:helper                      2       2   0.00%         3       3   0.00%         0       0   0.00%
-------------------------------------------------------------------------------------------------------
TOTAL                             2       2   0.00%         3       3   0.00%         0       0   0.00%

File '/src/macros.h':
Name                        Regions    Miss   Cover     Lines    Miss   Cover  Branches    Miss   Cover
-------------------------------------------------------------------------------------------------------

File '/src/main.c':
Name                        Regions    Miss   Cover     Lines    Miss   Cover  Branches    Miss   Cover
-------------------------------------------------------------------------------------------------------
main                              2       0 100.00%         6       0 100.00%         0       0   0.00%
-------------------------------------------------------------------------------------------------------
TOTAL                             2       0 100.00%         6       0 100.00%         0       0   0.00%
";
        assert_eq!(table, expected);
    }

    #[test]
    fn counts_are_cut_to_32_bits_and_percentages_are_not() {
        let big = 1usize << 32;
        let mut table = Table {
            widths: FILE_COLUMNS.to_vec(),
            options: LINES_ONLY,
            line: Vec::new(),
        };
        let summary = FileSummary {
            functions: Counted {
                covered: big,
                total: big + 4,
            },
            lines: Counted {
                covered: 1,
                total: big + 1,
            },
            ..FileSummary::default()
        };
        table.file_row(b"big.c", &summary);
        let row = String::from_utf8(table.line).unwrap();
        // 2^32 + 4 functions, 2^32 of them run: 4 and 4 missed, 99.99...%.
        // 2^32 + 1 lines, one run: 1 and 2^32 missed, cut to 0.
        assert_eq!(
            row,
            "big.c                               4                 4   100.00%           1                 0     0.00%"
        );
    }

    #[test]
    fn colours_wrap_missed_counts_and_percentages() {
        let mut table = Table {
            widths: FILE_COLUMNS.to_vec(),
            options: ReportOptions {
                use_color: true,
                ..LINES_ONLY
            },
            line: Vec::new(),
        };
        let summary = FileSummary {
            functions: Counted {
                covered: 4,
                total: 5,
            },
            lines: Counted {
                covered: 0,
                total: 0,
            },
            ..FileSummary::default()
        };
        table.file_row(b"a.c", &summary);
        let row = String::from_utf8(table.line).unwrap();
        // Functions: missed count plain, 80% yellow. Lines: nothing, so a
        // green missed count and an uncoloured dash.
        assert_eq!(
            row,
            "a.c                                 5                 1\x1b[0;33m    80.00%\x1b[0m           0\
             \x1b[0;32m                 0\x1b[0m         -"
        );
    }

    #[test]
    fn write_errors_are_returned() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::other("broken"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let model = src_model();
        let options = ReportOptions::default();
        assert!(write(&model, &options, Broken).is_err());
        assert!(write_functions(&model, &["/src/main.c"], &options, Broken).is_err());
    }
}
