//! The Cobertura XML writer, over a [`Tracefile`].
//!
//! Cobertura's XML (`coverage-04.dtd`) is what GitLab (merge-request diff
//! annotations), Jenkins' Coverage plugin, Codecov, Coveralls, Azure DevOps,
//! `pycobertura` and `diff-cover` read. Every document written here is valid
//! against that DTD (the tests check it). Its shape:
//!
//! ```text
//! <coverage line-rate branch-rate lines-covered lines-valid
//!           branches-covered branches-valid complexity version timestamp>
//!   <sources><source>…</source></sources>
//!   <packages><package name line-rate branch-rate complexity>      one per directory
//!     <classes><class name filename line-rate branch-rate complexity>  one per file
//!       <methods><method name signature line-rate branch-rate complexity>
//!         <lines>…</lines></method></methods>                     the function's lines
//!       <lines><line number hits branch [condition-coverage]>
//!         [<conditions><condition number type coverage/></conditions>]
//! ```
//!
//! # Conventions
//!
//! - **Counts.** `lines-valid` is the number of lines with a count (lcov's
//!   `DA` lines), `lines-covered` those with a count above zero.
//!   `branches-valid` is the number of branch outcomes (lcov's `BRDA`
//!   lines), `branches-covered` those taken at least once; an outcome that
//!   never ran (lcov's `-`) is not covered. These are the counts of the
//!   `<line>` elements written, so a consumer that adds up lines gets the
//!   same totals. (llvm-cov's own `LF`/`LH` come from its summaries and can
//!   differ from its `DA` lines.) Every level (coverage, package, class,
//!   method) adds up the lines below it; no rate is averaged from rates.
//! - **Rates** are `covered / valid`, written as the shortest decimal that
//!   reads back as the same double, always with a `.` and never in exponent
//!   notation: `0.0`, `0.75`, `0.3333333333333333`, `1.0` (what gcovr
//!   writes, which is Python's `repr`). **When nothing is valid the rate is
//!   `1.0`**: nothing to cover is fully covered. This is what Cobertura
//!   itself and gcovr write (lcov_cobertura and grcov write `0.0`); it keeps
//!   a file without branches from pulling a branch rate down. `complexity`
//!   is always `0`: the data has no complexity.
//! - **Branch lines** get `branch="true"`, `condition-coverage="P% (c/t)"`
//!   and a single `<condition number="0" type="jump" coverage="P%"/>`, with
//!   `P` rounded down so that only a fully covered line shows `100%`.
//! - **Hits** are the line's execution count, capped at `i64::MAX` (Java
//!   consumers parse them as `long`).
//! - **Sources and paths.** With a [`source_root`](CoberturaOptions::source_root)
//!   the one primary `<source>` is the root (normalised: no trailing slash,
//!   no `.` or empty components). Paths under it (component by component,
//!   without touching the file system) and relative paths are written
//!   relative to it. Without a root the primary source is `.` and relative
//!   paths stay as they are. An absolute path outside the root is written
//!   relative to its file system's root (`/`, or `C:/` for a drive letter),
//!   which is then listed as a further `<source>`; so every `filename` is
//!   relative to one of at most a few sources (GitLab accepts at most 100).
//!   Joining a `<source>` and a `filename` always gives the file back.
//! - **Packages** are the directory of the `filename` with `/` replaced by
//!   `.`, as gcovr and lcov_cobertura name them (`src/net/tcp.rs` is in
//!   `src.net`); files directly in a source are in the package `.`.
//!   Directories that give the same name (`a.b/` and `a/b/`) share one
//!   package, so package names are unique.
//! - **Classes** are named by the file's path: relative to the primary
//!   source, or absolute outside it (`src/net/tcp.rs`, `/usr/include/x.h`),
//!   so no two classes ever share a name (Jenkins rejects duplicates;
//!   gcovr's and lcov_cobertura's names collide). Tracefile paths that
//!   normalise to the same file (`a//b.c`, `./a/b.c`) are merged into one
//!   class.
//! - **Methods** are the file's functions, sorted by start line then name,
//!   named as given (demangle before), with an empty `signature`; each
//!   holds the file's lines from its start line to the line before the
//!   next function (of a later start line) begins, and no further than its
//!   end line when the tracefile knows it. lcov from llvm-cov has no end
//!   lines, and the tracefile of a model leaves them out too, so a report
//!   converted from llvm-cov's lcov and one written from the profiles are
//!   the same document. A function nested in another (a closure, a local
//!   function) ends its parent's method; the parent's lines after it fall
//!   to the nested one.
//! - **Order** is deterministic: packages by name, classes by name, lines
//!   by number.
//! - **Escaping**: every name and path is escaped (`&`, `<`, `>`, quotes,
//!   tab and newlines); characters XML cannot carry become U+FFFD.
//!
//! [`write_split`] cuts a report into several documents under a byte limit
//! for GitLab, which rejects files over 10 MiB ([`GITLAB_LIMIT`]).

use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use crate::tracefile::Tracefile;
use crate::xml::{self, Base, Root, Row};

/// The DTD that every document names in its `DOCTYPE`.
pub const DTD_URL: &str = "http://cobertura.sourceforge.net/xml/coverage-04.dtd";

/// The largest Cobertura file GitLab accepts, in bytes.
pub const GITLAB_LIMIT: usize = 10 * 1024 * 1024;

/// The options of the Cobertura writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoberturaOptions {
    /// The directory paths are made relative to, and the primary
    /// `<source>`; `None` leaves relative paths as they are, with `.` as
    /// the primary source.
    pub source_root: Option<String>,
    /// The `timestamp` attribute, in seconds since the Unix epoch (as gcovr
    /// and lcov_cobertura write it). Set it (from `SOURCE_DATE_EPOCH`, say)
    /// for reproducible output; the default is 0.
    pub timestamp: u64,
    /// The `version` attribute: the producer's name and version.
    pub version: String,
}

impl Default for CoberturaOptions {
    fn default() -> Self {
        CoberturaOptions {
            source_root: None,
            timestamp: 0,
            version: concat!("covkit ", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// Writes `t` as one Cobertura document.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write(t: &Tracefile, options: &CoberturaOptions, mut out: impl Write) -> io::Result<()> {
    let report = Report::new(t, options);
    let pieces: Vec<Piece> = (0..report.classes.len()).map(|c| report.whole(c)).collect();
    report.write_part(&pieces, &mut out)
}

/// Writes `t` as several Cobertura documents, each at most `limit_bytes`
/// long and valid on its own: the classes, in order, go into as few parts
/// as fit.
///
/// Each part's totals and package rates are those of its own classes: add
/// the parts' `lines-valid` (and the other counts) up for the whole
/// report. A file whose class alone does not fit is cut into runs of
/// consecutive lines, one class per part, each with the file's name and
/// `filename` and without methods (GitLab reads only lines); consumers
/// that merge reports by `filename` put it back together.
///
/// An empty report gives one part without packages.
///
/// # Errors
///
/// [`io::ErrorKind::InvalidInput`] when `limit_bytes` cannot hold a
/// document with a single line.
pub fn write_split(
    t: &Tracefile,
    options: &CoberturaOptions,
    limit_bytes: usize,
) -> io::Result<Vec<Vec<u8>>> {
    let report = Report::new(t, options);
    let too_small = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("a Cobertura part cannot fit in {limit_bytes} bytes"),
        )
    };
    let head = report.head_bound();
    if head > limit_bytes {
        return Err(too_small());
    }
    let mut parts: Vec<Vec<Piece>> = Vec::new();
    let mut current: Vec<Piece> = Vec::new();
    let mut size = head;
    let mut text = String::new();
    for c in 0..report.classes.len() {
        let class = &report.classes[c];
        let package_cost = |current: &[Piece]| {
            let same = current
                .last()
                .is_some_and(|p| report.classes[p.class].package == class.package);
            if same {
                0
            } else {
                report.package_bound(&class.package)
            }
        };
        let whole = report.whole(c);
        text.clear();
        report.render_piece(&whole, &mut text);
        if size + package_cost(&current) + text.len() <= limit_bytes {
            size += package_cost(&current) + text.len();
            current.push(whole);
            continue;
        }
        if !current.is_empty() {
            parts.push(std::mem::take(&mut current));
            size = head;
        }
        let package = report.package_bound(&class.package);
        if size + package + text.len() <= limit_bytes {
            size += package + text.len();
            current.push(whole);
            continue;
        }
        // The class alone is too big: cut it into runs of lines, each as
        // large as an empty part holds.
        let room = limit_bytes
            .checked_sub(head + package + report.run_bound(c))
            .ok_or_else(too_small)?;
        let mut start = 0;
        let mut used = 0;
        for (i, row) in class.rows.iter().enumerate() {
            text.clear();
            render_line(&mut text, row, LINE_INDENT);
            if text.len() > room {
                return Err(too_small());
            }
            if used + text.len() > room {
                let run = report.run(c, start..i);
                parts.push(vec![run]);
                start = i;
                used = 0;
            }
            used += text.len();
        }
        let last = report.run(c, start..class.rows.len());
        text.clear();
        report.render_piece(&last, &mut text);
        size = head + package + text.len();
        current.push(last);
    }
    if !current.is_empty() || parts.is_empty() {
        parts.push(current);
    }
    parts
        .iter()
        .map(|pieces| {
            let mut out = Vec::new();
            report.write_part(pieces, &mut out)?;
            Ok(out)
        })
        .collect()
}

/// Covered and valid lines and branches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    lines: u64,
    lines_covered: u64,
    branches: u64,
    branches_covered: u64,
}

impl Counts {
    fn of(rows: &[Row]) -> Counts {
        let mut c = Counts::default();
        for r in rows {
            c.lines += 1;
            c.lines_covered += u64::from(r.hits > 0);
            c.branches += r.branches;
            c.branches_covered += r.covered_branches;
        }
        c
    }

    fn add(&mut self, other: Counts) {
        self.lines += other.lines;
        self.lines_covered += other.lines_covered;
        self.branches += other.branches;
        self.branches_covered += other.branches_covered;
    }

    fn line_rate(&self) -> String {
        rate(self.lines_covered, self.lines)
    }

    fn branch_rate(&self) -> String {
        rate(self.branches_covered, self.branches)
    }
}

/// `covered / total` as Cobertura rates are written (see the module doc).
fn rate(covered: u64, total: u64) -> String {
    if total == 0 {
        return "1.0".to_owned();
    }
    // Display never uses exponent notation and is the shortest decimal
    // that reads back as the same double.
    let mut s = format!("{}", covered as f64 / total as f64);
    if !s.contains('.') {
        s.push_str(".0");
    }
    s
}

/// An upper bound of [`rate`]'s length: a double has at most 17
/// significant digits, and the smallest rate, `1 / u64::MAX`, starts with
/// 19 zeros after the point.
const RATE_MAX: usize = 48;

/// An upper bound of a `u64`'s decimal length.
const COUNT_MAX: usize = 20;

/// `covered / total` as a whole percentage, rounded down.
fn percent(covered: u64, total: u64) -> u64 {
    if total == 0 {
        return 100;
    }
    u64::try_from(u128::from(covered) * 100 / u128::from(total)).unwrap_or(100)
}

struct Method {
    name: String,
    rows: Range<usize>,
}

struct Class {
    package: String,
    name: String,
    filename: String,
    rows: Vec<Row>,
    methods: Vec<Method>,
}

/// A class, or a run of a class's lines, in a part.
struct Piece {
    class: usize,
    /// The run of lines, or `None` for the whole class with its methods.
    run: Option<Range<usize>>,
    counts: Counts,
}

struct Report<'o> {
    options: &'o CoberturaOptions,
    sources: Vec<String>,
    /// Sorted by package, then name.
    classes: Vec<Class>,
}

const CLASS_INDENT: usize = 8;
const LINE_INDENT: usize = 12;
const METHOD_LINE_INDENT: usize = 16;

impl<'o> Report<'o> {
    fn new(t: &Tracefile, options: &'o CoberturaOptions) -> Report<'o> {
        let root = Root::new(options.source_root.as_deref());
        let files = xml::place_files(t, &root);
        let mut sources = vec![root.display()];
        for f in &files {
            if let Base::FileSystem(fs) = &f.placed.base
                && !sources.contains(fs)
            {
                sources.push(fs.clone());
            }
        }
        let mut classes: Vec<Class> = files
            .iter()
            .map(|f| {
                let rows = xml::rows(&f.record);
                let mut functions: Vec<_> = f.record.functions.iter().collect();
                functions.sort_by(|a, b| (a.line, &a.name).cmp(&(b.line, &b.name)));
                let starts: Vec<u32> = functions.iter().map(|f| f.line).collect();
                let methods = functions
                    .into_iter()
                    .map(|func| {
                        let next = starts.partition_point(|&s| s <= func.line);
                        let before_next = starts.get(next).map_or(u32::MAX, |&s| s - 1);
                        let end = func.end_line.map_or(before_next, |e| e.min(before_next));
                        let end = end.max(func.line);
                        let from = rows.partition_point(|r| r.number < func.line);
                        let to = rows.partition_point(|r| r.number <= end);
                        Method {
                            name: func.name.clone(),
                            rows: from..to,
                        }
                    })
                    .collect();
                let package = match f.placed.relative.rsplit_once('/') {
                    Some((dir, _)) => dir.replace('/', "."),
                    None => ".".to_owned(),
                };
                Class {
                    package,
                    name: f.placed.display(),
                    filename: f.placed.relative.clone(),
                    rows,
                    methods,
                }
            })
            .collect();
        classes.sort_by(|a, b| (&a.package, &a.name).cmp(&(&b.package, &b.name)));
        Report {
            options,
            sources,
            classes,
        }
    }

    fn whole(&self, class: usize) -> Piece {
        Piece {
            class,
            run: None,
            counts: Counts::of(&self.classes[class].rows),
        }
    }

    fn run(&self, class: usize, rows: Range<usize>) -> Piece {
        let counts = Counts::of(self.classes[class].rows.get(rows.clone()).unwrap_or(&[]));
        Piece {
            class,
            run: Some(rows),
            counts,
        }
    }

    fn head(&self, counts: Counts, out: &mut String) {
        let o = self.options;
        out.push_str("<?xml version=\"1.0\" ?>\n");
        let _ = writeln!(out, "<!DOCTYPE coverage SYSTEM \"{DTD_URL}\">");
        let _ = write!(
            out,
            "<coverage line-rate=\"{}\" branch-rate=\"{}\" lines-covered=\"{}\" \
             lines-valid=\"{}\" branches-covered=\"{}\" branches-valid=\"{}\" \
             complexity=\"0\" version=\"",
            counts.line_rate(),
            counts.branch_rate(),
            counts.lines_covered,
            counts.lines,
            counts.branches_covered,
            counts.branches,
        );
        xml::escape_into(out, &o.version);
        let _ = writeln!(out, "\" timestamp=\"{}\">", o.timestamp);
        out.push_str("  <sources>\n");
        for s in &self.sources {
            out.push_str("    <source>");
            xml::escape_into(out, s);
            out.push_str("</source>\n");
        }
        out.push_str("  </sources>\n");
    }

    /// The longest the head and the closing tags of a part can be.
    fn head_bound(&self) -> usize {
        let mut s = String::new();
        self.head(Counts::default(), &mut s);
        s.len() + 4 * COUNT_MAX + 2 * RATE_MAX + "  <packages>\n  </packages>\n</coverage>\n".len()
    }

    fn package_open(name: &str, counts: Counts, out: &mut String) {
        out.push_str("    <package name=\"");
        xml::escape_into(out, name);
        let _ = write!(
            out,
            "\" line-rate=\"{}\" branch-rate=\"{}\" complexity=\"0\">\n      <classes>\n",
            counts.line_rate(),
            counts.branch_rate()
        );
    }

    const PACKAGE_CLOSE: &'static str = "      </classes>\n    </package>\n";

    /// The longest a package's tags can be.
    fn package_bound(&self, name: &str) -> usize {
        let mut s = String::new();
        Self::package_open(name, Counts::default(), &mut s);
        s.len() + 2 * RATE_MAX + Self::PACKAGE_CLOSE.len()
    }

    fn class_open(class: &Class, counts: Counts, out: &mut String) {
        indent(out, CLASS_INDENT);
        out.push_str("<class name=\"");
        xml::escape_into(out, &class.name);
        out.push_str("\" filename=\"");
        xml::escape_into(out, &class.filename);
        let _ = writeln!(
            out,
            "\" line-rate=\"{}\" branch-rate=\"{}\" complexity=\"0\">",
            counts.line_rate(),
            counts.branch_rate()
        );
    }

    /// The longest a run of `class` can be without its lines.
    fn run_bound(&self, class: usize) -> usize {
        let mut s = String::new();
        let c = &self.classes[class];
        Self::class_open(c, Counts::default(), &mut s);
        // `<methods/>`, `<lines>`, `</lines>`, `</class>`.
        s.len() + 2 * RATE_MAX + 4 * (LINE_INDENT + 1) + "<methods/><lines></lines></class>".len()
    }

    fn render_piece(&self, piece: &Piece, out: &mut String) {
        let class = &self.classes[piece.class];
        Self::class_open(class, piece.counts, out);
        let rows = match &piece.run {
            None => {
                if class.methods.is_empty() {
                    indent(out, CLASS_INDENT + 2);
                    out.push_str("<methods/>\n");
                } else {
                    indent(out, CLASS_INDENT + 2);
                    out.push_str("<methods>\n");
                    for m in &class.methods {
                        let rows = class.rows.get(m.rows.clone()).unwrap_or(&[]);
                        let counts = Counts::of(rows);
                        indent(out, CLASS_INDENT + 4);
                        out.push_str("<method name=\"");
                        xml::escape_into(out, &m.name);
                        let _ = writeln!(
                            out,
                            "\" signature=\"\" line-rate=\"{}\" branch-rate=\"{}\" complexity=\"0\">",
                            counts.line_rate(),
                            counts.branch_rate()
                        );
                        render_lines(out, rows, METHOD_LINE_INDENT - 2);
                        indent(out, CLASS_INDENT + 4);
                        out.push_str("</method>\n");
                    }
                    indent(out, CLASS_INDENT + 2);
                    out.push_str("</methods>\n");
                }
                &class.rows[..]
            }
            Some(run) => {
                indent(out, CLASS_INDENT + 2);
                out.push_str("<methods/>\n");
                class.rows.get(run.clone()).unwrap_or(&[])
            }
        };
        render_lines(out, rows, LINE_INDENT - 2);
        indent(out, CLASS_INDENT);
        out.push_str("</class>\n");
    }

    /// Writes one document holding `pieces` (in report order).
    fn write_part(&self, pieces: &[Piece], out: &mut impl Write) -> io::Result<()> {
        let mut total = Counts::default();
        for p in pieces {
            total.add(p.counts);
        }
        let mut text = String::new();
        self.head(total, &mut text);
        if pieces.is_empty() {
            text.push_str("  <packages/>\n</coverage>\n");
            return out.write_all(text.as_bytes());
        }
        text.push_str("  <packages>\n");
        let mut rest = pieces;
        while let Some(first) = rest.first() {
            let package = &self.classes[first.class].package;
            let len = rest
                .iter()
                .position(|p| self.classes[p.class].package != *package)
                .unwrap_or(rest.len());
            let (group, after) = rest.split_at(len);
            let mut counts = Counts::default();
            for p in group {
                counts.add(p.counts);
            }
            Self::package_open(package, counts, &mut text);
            for p in group {
                self.render_piece(p, &mut text);
                out.write_all(text.as_bytes())?;
                text.clear();
            }
            text.push_str(Self::PACKAGE_CLOSE);
            rest = after;
        }
        text.push_str("  </packages>\n</coverage>\n");
        out.write_all(text.as_bytes())
    }
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// `<lines>` at `at` spaces, its `<line>`s two deeper.
fn render_lines(out: &mut String, rows: &[Row], at: usize) {
    indent(out, at);
    if rows.is_empty() {
        out.push_str("<lines/>\n");
        return;
    }
    out.push_str("<lines>\n");
    for row in rows {
        render_line(out, row, at + 2);
    }
    indent(out, at);
    out.push_str("</lines>\n");
}

fn render_line(out: &mut String, row: &Row, at: usize) {
    indent(out, at);
    let hits = row.hits.min(i64::MAX.cast_unsigned());
    let _ = write!(out, "<line number=\"{}\" hits=\"{hits}\"", row.number);
    if row.branches == 0 {
        out.push_str(" branch=\"false\"/>\n");
        return;
    }
    let p = percent(row.covered_branches, row.branches);
    let _ = writeln!(
        out,
        " branch=\"true\" condition-coverage=\"{p}% ({}/{})\">",
        row.covered_branches, row.branches
    );
    indent(out, at + 2);
    out.push_str("<conditions>\n");
    indent(out, at + 4);
    let _ = writeln!(
        out,
        "<condition number=\"0\" type=\"jump\" coverage=\"{p}%\"/>"
    );
    indent(out, at + 2);
    out.push_str("</conditions>\n");
    indent(out, at);
    out.push_str("</line>\n");
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::tracefile::FunctionEntry;
    use crate::tracefile::testing::{file, report};

    fn text(t: &Tracefile, o: &CoberturaOptions) -> String {
        let mut out = Vec::new();
        write(t, o, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn parse(text: &str) -> roxmltree::Document<'_> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        roxmltree::Document::parse_with_options(text, options)
            .unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    fn elements<'a>(
        doc: &'a roxmltree::Document<'a>,
        name: &'a str,
    ) -> impl Iterator<Item = roxmltree::Node<'a, 'a>> {
        doc.descendants().filter(move |n| n.has_tag_name(name))
    }

    fn attr<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
        node.attribute(name)
            .unwrap_or_else(|| panic!("no {name} on {node:?}"))
    }

    #[test]
    fn rates_are_shortest_decimals_with_a_point() {
        assert_eq!(rate(0, 0), "1.0");
        assert_eq!(rate(0, 5), "0.0");
        assert_eq!(rate(5, 5), "1.0");
        assert_eq!(rate(3, 4), "0.75");
        assert_eq!(rate(1, 3), "0.3333333333333333");
        assert_eq!(rate(2, 3), "0.6666666666666666");
        for (c, t) in [(1, u64::MAX), (1, 10_000_000), (u64::MAX - 1, u64::MAX)] {
            let r = rate(c, t);
            assert!(!r.contains('e'), "{r}");
            assert!(r.len() <= RATE_MAX, "{r}");
            assert_eq!(r.parse::<f64>().unwrap(), c as f64 / t as f64);
        }
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 66);
        assert_eq!(percent(999, 1000), 99);
        assert_eq!(percent(u64::MAX, u64::MAX), 100);
    }

    #[test]
    fn empty_report_has_full_rates_and_no_packages() {
        let t = text(&Tracefile::default(), &CoberturaOptions::default());
        assert_eq!(
            t,
            format!(
                "<?xml version=\"1.0\" ?>\n\
                 <!DOCTYPE coverage SYSTEM \"http://cobertura.sourceforge.net/xml/coverage-04.dtd\">\n\
                 <coverage line-rate=\"1.0\" branch-rate=\"1.0\" lines-covered=\"0\" \
                 lines-valid=\"0\" branches-covered=\"0\" branches-valid=\"0\" complexity=\"0\" \
                 version=\"covkit {}\" timestamp=\"0\">\n  \
                 <sources>\n    <source>.</source>\n  </sources>\n  <packages/>\n</coverage>\n",
                env!("CARGO_PKG_VERSION")
            )
        );
        parse(&t);
    }

    #[test]
    fn a_small_report_in_full() {
        let mut f = file(
            "/r/src/a.c",
            &[(1, 2), (2, 0), (3, 1), (9, 0)],
            &[(3, Some(1)), (3, Some(0)), (3, None), (3, None)],
        );
        f.functions = vec![
            FunctionEntry {
                name: "main".into(),
                line: 1,
                end_line: Some(3),
                count: 2,
            },
            FunctionEntry {
                name: "unused".into(),
                line: 9,
                end_line: None,
                count: 0,
            },
        ];
        let t = report(vec![f]);
        let o = CoberturaOptions {
            source_root: Some("/r/".into()),
            timestamp: 1_700_000_000,
            version: "test 1".into(),
        };
        let expected = r#"<?xml version="1.0" ?>
<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">
<coverage line-rate="0.5" branch-rate="0.25" lines-covered="2" lines-valid="4" branches-covered="1" branches-valid="4" complexity="0" version="test 1" timestamp="1700000000">
  <sources>
    <source>/r</source>
  </sources>
  <packages>
    <package name="src" line-rate="0.5" branch-rate="0.25" complexity="0">
      <classes>
        <class name="src/a.c" filename="src/a.c" line-rate="0.5" branch-rate="0.25" complexity="0">
          <methods>
            <method name="main" signature="" line-rate="0.6666666666666666" branch-rate="0.25" complexity="0">
              <lines>
                <line number="1" hits="2" branch="false"/>
                <line number="2" hits="0" branch="false"/>
                <line number="3" hits="1" branch="true" condition-coverage="25% (1/4)">
                  <conditions>
                    <condition number="0" type="jump" coverage="25%"/>
                  </conditions>
                </line>
              </lines>
            </method>
            <method name="unused" signature="" line-rate="0.0" branch-rate="1.0" complexity="0">
              <lines>
                <line number="9" hits="0" branch="false"/>
              </lines>
            </method>
          </methods>
          <lines>
            <line number="1" hits="2" branch="false"/>
            <line number="2" hits="0" branch="false"/>
            <line number="3" hits="1" branch="true" condition-coverage="25% (1/4)">
              <conditions>
                <condition number="0" type="jump" coverage="25%"/>
              </conditions>
            </line>
            <line number="9" hits="0" branch="false"/>
          </lines>
        </class>
      </classes>
    </package>
  </packages>
</coverage>
"#;
        let got = text(&t, &o);
        assert_eq!(got, expected);
        parse(&got);
    }

    #[test]
    fn names_and_paths_are_escaped() {
        let mut f = file("/r/a&b/<x>\"q\".cpp", &[(1, 1)], &[]);
        let name = "std::vector<int, std::allocator<int> >::operator<<(char const*) & 'x'";
        f.functions = vec![FunctionEntry {
            name: name.into(),
            line: 1,
            end_line: Some(1),
            count: 1,
        }];
        let t = report(vec![f]);
        let o = CoberturaOptions {
            source_root: Some("/r".into()),
            version: "v<1> & \"2\"".into(),
            ..CoberturaOptions::default()
        };
        let got = text(&t, &o);
        assert!(!got.contains("<x>"));
        let doc = parse(&got);
        let class = elements(&doc, "class").next().unwrap();
        assert_eq!(attr(class, "filename"), "a&b/<x>\"q\".cpp");
        assert_eq!(attr(class, "name"), "a&b/<x>\"q\".cpp");
        let package = elements(&doc, "package").next().unwrap();
        assert_eq!(attr(package, "name"), "a&b");
        let method = elements(&doc, "method").next().unwrap();
        assert_eq!(attr(method, "name"), name);
        assert_eq!(attr(doc.root_element(), "version"), "v<1> & \"2\"");
    }

    #[test]
    fn sources_packages_and_class_names_from_paths() {
        let t = report(vec![
            file("/r/src/net/tcp.rs", &[(1, 1)], &[]),
            file("/r/main.rs", &[(1, 1)], &[]),
            file("/r/a.b/x.rs", &[(1, 1)], &[]),
            file("/r/a/b/x.rs", &[(1, 0)], &[]),
            file("/usr/include/stdio.h", &[(1, 1)], &[]),
            file("gen/out.rs", &[(1, 1)], &[]),
            file("/r//src/./net/tcp.rs", &[(1, 4), (2, 0)], &[]),
        ]);
        let o = CoberturaOptions {
            source_root: Some("/r".into()),
            ..CoberturaOptions::default()
        };
        let got = text(&t, &o);
        let doc = parse(&got);
        let sources: Vec<&str> = elements(&doc, "source")
            .map(|n| n.text().unwrap_or(""))
            .collect();
        assert_eq!(sources, ["/r", "/"]);
        let packages: Vec<&str> = elements(&doc, "package").map(|n| attr(n, "name")).collect();
        assert_eq!(packages, [".", "a.b", "gen", "src.net", "usr.include"]);
        let classes: Vec<(&str, &str)> = elements(&doc, "class")
            .map(|n| (attr(n, "name"), attr(n, "filename")))
            .collect();
        assert_eq!(
            classes,
            [
                ("main.rs", "main.rs"),
                ("a.b/x.rs", "a.b/x.rs"),
                ("a/b/x.rs", "a/b/x.rs"),
                ("gen/out.rs", "gen/out.rs"),
                ("src/net/tcp.rs", "src/net/tcp.rs"),
                ("/usr/include/stdio.h", "usr/include/stdio.h"),
            ]
        );
        // The two spellings of tcp.rs are one class with both records.
        let tcp = elements(&doc, "class")
            .find(|n| attr(*n, "name") == "src/net/tcp.rs")
            .unwrap();
        let hits: Vec<(&str, &str)> = tcp
            .descendants()
            .filter(|n| n.has_tag_name("line"))
            .map(|n| (attr(n, "number"), attr(n, "hits")))
            .collect();
        assert_eq!(hits, [("1", "5"), ("2", "0")]);
        assert_eq!(attr(doc.root_element(), "lines-valid"), "7");
        assert_eq!(attr(doc.root_element(), "lines-covered"), "5");
        // Package rates add up lines, they do not average rates.
        let ab = elements(&doc, "package")
            .find(|n| attr(*n, "name") == "a.b")
            .unwrap();
        assert_eq!(attr(ab, "line-rate"), "0.5");
    }

    #[test]
    fn without_a_root_relative_paths_stay_and_absolute_ones_go_below_slash() {
        let t = report(vec![
            file("src/a.rs", &[(1, 1)], &[]),
            file("/abs/b.rs", &[(1, 1)], &[]),
        ]);
        let doc_text = text(&t, &CoberturaOptions::default());
        let doc = parse(&doc_text);
        let sources: Vec<&str> = elements(&doc, "source")
            .map(|n| n.text().unwrap_or(""))
            .collect();
        assert_eq!(sources, [".", "/"]);
        let classes: Vec<(&str, &str)> = elements(&doc, "class")
            .map(|n| (attr(n, "name"), attr(n, "filename")))
            .collect();
        assert_eq!(
            classes,
            [("/abs/b.rs", "abs/b.rs"), ("src/a.rs", "src/a.rs")]
        );
    }

    #[test]
    fn branch_outcomes_that_never_ran_are_not_covered() {
        let t = report(vec![file(
            "a.c",
            &[(1, 1), (2, 1), (3, 0)],
            &[
                (1, Some(1)),
                (1, Some(1)),
                (2, Some(7)),
                (2, Some(0)),
                (3, None),
                (3, None),
            ],
        )]);
        let got = text(&t, &CoberturaOptions::default());
        let doc = parse(&got);
        let lines: Vec<(&str, &str, &str)> = elements(&doc, "line")
            .map(|n| {
                (
                    attr(n, "branch"),
                    n.attribute("condition-coverage").unwrap_or(""),
                    n.descendants()
                        .find(|c| c.has_tag_name("condition"))
                        .map_or("", |c| attr(c, "coverage")),
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                ("true", "100% (2/2)", "100%"),
                ("true", "50% (1/2)", "50%"),
                ("true", "0% (0/2)", "0%"),
            ]
        );
        let root = doc.root_element();
        assert_eq!(attr(root, "branches-valid"), "6");
        assert_eq!(attr(root, "branches-covered"), "3");
        assert_eq!(attr(root, "branch-rate"), "0.5");
        assert_eq!(attr(root, "line-rate"), "0.6666666666666666");
    }

    #[test]
    fn output_does_not_depend_on_input_order() {
        let mut a = file("/r/x/a.c", &[(1, 1), (2, 0)], &[(2, Some(0)), (2, Some(3))]);
        a.functions = vec![
            FunctionEntry {
                name: "g".into(),
                line: 2,
                end_line: Some(2),
                count: 0,
            },
            FunctionEntry {
                name: "f".into(),
                line: 1,
                end_line: Some(1),
                count: 1,
            },
        ];
        let b = file("/r/b.c", &[(4, 4)], &[]);
        let c = file("/r/x/y/c.c", &[(1, 0)], &[]);
        let mut reversed = a.clone();
        reversed.functions.reverse();
        let o = CoberturaOptions {
            source_root: Some("/r".into()),
            ..CoberturaOptions::default()
        };
        let one = text(&report(vec![a, b.clone(), c.clone()]), &o);
        let two = text(&report(vec![c, reversed, b]), &o);
        assert_eq!(one, two);
        let doc = parse(&one);
        let methods: Vec<&str> = elements(&doc, "method").map(|n| attr(n, "name")).collect();
        assert_eq!(methods, ["f", "g"]);
    }

    #[test]
    fn invalid_characters_and_huge_counts_stay_valid() {
        let mut f = file("bad\u{1}name.c", &[(1, u64::MAX)], &[]);
        f.functions = vec![FunctionEntry {
            name: "f\u{0}\n".into(),
            line: 1,
            end_line: Some(1),
            count: 1,
        }];
        let got = text(&report(vec![f]), &CoberturaOptions::default());
        let doc = parse(&got);
        let class = elements(&doc, "class").next().unwrap();
        assert_eq!(attr(class, "filename"), "bad\u{fffd}name.c");
        let method = elements(&doc, "method").next().unwrap();
        assert_eq!(attr(method, "name"), "f\u{fffd}\n");
        let line = elements(&doc, "line").next().unwrap();
        assert_eq!(attr(line, "hits"), i64::MAX.to_string());
    }

    /// The totals of a document: lines, covered lines, branches, covered
    /// branches, as its root says and as its class lines add up.
    fn totals(doc: &roxmltree::Document<'_>) -> [u64; 4] {
        let root = doc.root_element();
        let said = [
            "lines-valid",
            "lines-covered",
            "branches-valid",
            "branches-covered",
        ]
        .map(|a| attr(root, a).parse::<u64>().unwrap());
        let mut counted = [0; 4];
        for class in elements(doc, "class") {
            let lines = class.children().find(|n| n.has_tag_name("lines")).unwrap();
            for line in lines.children().filter(|n| n.has_tag_name("line")) {
                counted[0] += 1;
                counted[1] += u64::from(attr(line, "hits") != "0");
                if let Some(cc) = line.attribute("condition-coverage") {
                    let (c, t) = cc
                        .split_once('(')
                        .unwrap()
                        .1
                        .trim_end_matches(')')
                        .split_once('/')
                        .unwrap();
                    counted[2] += t.parse::<u64>().unwrap();
                    counted[3] += c.parse::<u64>().unwrap();
                }
            }
        }
        assert_eq!(said, counted);
        said
    }

    fn big_report() -> Tracefile {
        let mut files = Vec::new();
        for d in 0..5 {
            for f in 0..8 {
                let lines: Vec<(u32, u64)> =
                    (1..=40).map(|l| (l, u64::from((l + f) % 3))).collect();
                let branches: Vec<(u32, Option<u64>)> = (1..=10)
                    .map(|l| {
                        (
                            l * 3,
                            if l % 4 == 0 {
                                None
                            } else {
                                Some(u64::from(l % 2))
                            },
                        )
                    })
                    .collect();
                let mut rec = file(&format!("/r/d{d}/f{f}.c"), &lines, &branches);
                rec.functions = vec![FunctionEntry {
                    name: format!("fn_{d}_{f}"),
                    line: 1,
                    end_line: Some(20),
                    count: 1,
                }];
                files.push(rec);
            }
        }
        // One file far larger than any part.
        let lines: Vec<(u32, u64)> = (1..=2000).map(|l| (l, u64::from(l % 2))).collect();
        files.push(file("/r/huge.c", &lines, &[(5, Some(1)), (5, None)]));
        report(files)
    }

    #[test]
    fn split_parts_are_valid_under_the_limit_and_add_up() {
        let t = big_report();
        let o = CoberturaOptions {
            source_root: Some("/r".into()),
            ..CoberturaOptions::default()
        };
        let whole = text(&t, &o);
        let whole_totals = totals(&parse(&whole));
        for limit in [16 * 1024, 40 * 1024, whole.len(), whole.len() * 2] {
            let parts = write_split(&t, &o, limit).unwrap();
            let mut sum = [0; 4];
            let mut seen_classes = BTreeMap::new();
            for part in &parts {
                assert!(part.len() <= limit, "{} > {limit}", part.len());
                let s = std::str::from_utf8(part).unwrap();
                let doc = parse(s);
                let mut names = Vec::new();
                for class in elements(&doc, "class") {
                    names.push(attr(class, "name"));
                    *seen_classes
                        .entry(attr(class, "name").to_owned())
                        .or_insert(0) += 1;
                }
                let mut unique = names.clone();
                unique.sort_unstable();
                unique.dedup();
                assert_eq!(unique.len(), names.len(), "duplicate class in a part");
                let part_totals = totals(&doc);
                for (s, p) in sum.iter_mut().zip(part_totals) {
                    *s += p;
                }
            }
            assert_eq!(sum, whole_totals, "limit {limit}");
            assert_eq!(seen_classes.len(), 41);
            // Only the huge file is cut, and only when it must be.
            assert!(seen_classes.iter().all(|(n, &k)| k == 1 || n == "huge.c"));
            if limit > whole.len() {
                assert_eq!(parts.len(), 1);
                assert_eq!(parts[0], whole.as_bytes());
            } else {
                assert!(parts.len() > 1);
            }
            if limit < 40 * 1024 {
                assert!(seen_classes["huge.c"] > 1);
            }
        }
    }

    #[test]
    fn split_of_an_empty_report_is_one_empty_document() {
        let parts = write_split(&Tracefile::default(), &CoberturaOptions::default(), 4096).unwrap();
        assert_eq!(parts.len(), 1);
        assert_eq!(
            parts[0],
            text(&Tracefile::default(), &CoberturaOptions::default()).as_bytes()
        );
    }

    #[test]
    fn split_refuses_a_limit_that_holds_no_line() {
        let t = big_report();
        for limit in [10, 600, 1000] {
            let err = write_split(&t, &CoberturaOptions::default(), limit).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        }
    }
}
