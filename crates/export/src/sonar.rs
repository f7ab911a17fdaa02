//! The SonarQube generic coverage writer, over a [`Tracefile`].
//!
//! SonarQube (and SonarCloud) import coverage for any language from this
//! format, through `sonar.coverageReportPaths`:
//!
//! ```text
//! <coverage version="1">
//!   <file path="src/a.c">
//!     <lineToCover lineNumber="3" covered="true"/>
//!     <lineToCover lineNumber="5" covered="false" branchesToCover="2" coveredBranches="1"/>
//!   </file>
//! </coverage>
//! ```
//!
//! Every document written here is valid against the generic-coverage
//! schema (the tests check it). The format has no hit counts and no
//! functions.
//!
//! # Conventions
//!
//! - A line is covered when its count is above zero. `branchesToCover` is
//!   the number of the line's branch outcomes (lcov's `BRDA` lines),
//!   `coveredBranches` those taken at least once (an outcome that never ran
//!   is not covered); both are written only on lines with branches. A line
//!   with branches but no count (never in llvm-cov data) counts as run as
//!   often as its most taken branch.
//! - **Paths** are placed as the Cobertura writer places them: relative to
//!   [`source_root`](SonarOptions::source_root) when under it (component
//!   by component, without touching the file system), relative paths as
//!   they are (taken as relative to the root), absolute paths outside the
//!   root as they are; all normalised (no `.` or empty components, `/`
//!   after a drive letter). Sonar resolves relative paths against the
//!   project's base directory. Paths that normalise to the same file are
//!   merged into one `<file>`.
//! - **Lines Sonar would reject are dropped**, never written: line 0
//!   always, and lines past a file's end when
//!   [`line_count`](SonarOptions::line_count) says how long the file is
//!   (Sonar refuses a whole report for one out-of-range line). The library
//!   opens no file: the caller supplies the count. What was dropped comes
//!   back as [`Dropped`] records, one per file and reason.
//! - Files are sorted by written path, lines by number, and every path is
//!   escaped; characters XML cannot carry become U+FFFD.

use std::fmt::{self, Write as _};
use std::io::{self, Write};

use crate::tracefile::Tracefile;
use crate::xml::{self, Root};

/// How many lines the file at a path (as the tracefile names it) has, or
/// `None` when that is unknown.
pub type LineCount<'a> = &'a dyn Fn(&str) -> Option<u32>;

/// The options of the Sonar writer.
#[derive(Clone, Default)]
pub struct SonarOptions<'a> {
    /// The directory paths are made relative to (the Sonar project's base
    /// directory, usually); `None` keeps the paths as they are.
    pub source_root: Option<String>,
    /// How many lines a file has, given its path as the tracefile names it,
    /// or `None` when that is unknown (the file cannot be read, say). Lines
    /// past the end are dropped. Without it no line is dropped for length.
    pub line_count: Option<LineCount<'a>>,
}

impl fmt::Debug for SonarOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SonarOptions")
            .field("source_root", &self.source_root)
            .field(
                "line_count",
                &self.line_count.map(|_| "Fn(&str) -> Option<u32>"),
            )
            .finish()
    }
}

/// Why lines were left out of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// Line 0, which no file has (a hand-written or broken tracefile).
    LineZero,
    /// Lines past the end of the file.
    PastEnd {
        /// How many lines the file has.
        file_lines: u32,
    },
}

/// Lines of one file left out of the report, for one reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The file's path as the tracefile names it.
    pub path: String,
    /// Why.
    pub reason: DropReason,
    /// The first line dropped.
    pub first_line: u32,
    /// How many lines were dropped.
    pub lines: u64,
    /// How many branch outcomes were on them.
    pub branches: u64,
}

/// Writes `t` as a Sonar generic coverage report and returns the lines it
/// left out.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write(
    t: &Tracefile,
    options: &SonarOptions<'_>,
    mut out: impl Write,
) -> io::Result<Vec<Dropped>> {
    let root = Root::new(options.source_root.as_deref());
    let mut files = xml::place_files(t, &root);
    files.sort_by_cached_key(|f| f.placed.display());
    let mut dropped = Vec::new();
    let mut text = String::new();
    text.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<coverage version=\"1\">\n");
    for f in &files {
        let file_lines = options.line_count.and_then(|count| count(f.original));
        text.push_str("  <file path=\"");
        xml::escape_into(&mut text, &f.placed.display());
        text.push_str("\">\n");
        let mut zero: Option<Dropped> = None;
        let mut past: Option<Dropped> = None;
        for row in xml::rows(&f.record) {
            let slot = if row.number == 0 {
                Some((&mut zero, DropReason::LineZero))
            } else {
                match file_lines {
                    Some(n) if row.number > n => {
                        Some((&mut past, DropReason::PastEnd { file_lines: n }))
                    }
                    _ => None,
                }
            };
            if let Some((slot, reason)) = slot {
                let d = slot.get_or_insert_with(|| Dropped {
                    path: f.original.to_owned(),
                    reason,
                    first_line: row.number,
                    lines: 0,
                    branches: 0,
                });
                d.lines += 1;
                d.branches += row.branches;
                continue;
            }
            let _ = write!(
                text,
                "    <lineToCover lineNumber=\"{}\" covered=\"{}\"",
                row.number,
                row.hits > 0
            );
            if row.branches > 0 {
                let _ = write!(
                    text,
                    " branchesToCover=\"{}\" coveredBranches=\"{}\"",
                    row.branches, row.covered_branches
                );
            }
            text.push_str("/>\n");
        }
        text.push_str("  </file>\n");
        out.write_all(text.as_bytes())?;
        text.clear();
        dropped.extend(zero);
        dropped.extend(past);
    }
    text.push_str("</coverage>\n");
    out.write_all(text.as_bytes())?;
    Ok(dropped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracefile::testing::{file, report};

    fn text(t: &Tracefile, o: &SonarOptions<'_>) -> (String, Vec<Dropped>) {
        let mut out = Vec::new();
        let dropped = write(t, o, &mut out).unwrap();
        (String::from_utf8(out).unwrap(), dropped)
    }

    #[test]
    fn lines_and_branches() {
        let t = report(vec![
            file(
                "/r/src/a.c",
                &[(1, 2), (2, 0), (3, 1)],
                &[(3, Some(1)), (3, Some(0)), (3, None), (3, None)],
            ),
            file("/r/b.c", &[(7, 0)], &[(7, None), (7, None)]),
        ]);
        let (got, dropped) = text(
            &t,
            &SonarOptions {
                source_root: Some("/r".into()),
                ..SonarOptions::default()
            },
        );
        assert_eq!(
            got,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<coverage version="1">
  <file path="b.c">
    <lineToCover lineNumber="7" covered="false" branchesToCover="2" coveredBranches="0"/>
  </file>
  <file path="src/a.c">
    <lineToCover lineNumber="1" covered="true"/>
    <lineToCover lineNumber="2" covered="false"/>
    <lineToCover lineNumber="3" covered="true" branchesToCover="4" coveredBranches="1"/>
  </file>
</coverage>
"#
        );
        assert!(dropped.is_empty());
    }

    #[test]
    fn empty_report() {
        let (got, dropped) = text(&Tracefile::default(), &SonarOptions::default());
        assert_eq!(
            got,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<coverage version=\"1\">\n</coverage>\n"
        );
        assert!(dropped.is_empty());
    }

    #[test]
    fn paths_relative_to_the_root_absolute_outside_it_escaped_and_sorted() {
        let t = report(vec![
            file("/r/z.c", &[(1, 1)], &[]),
            file("/elsewhere/x.h", &[(1, 1)], &[]),
            file("rel/&<y>.c", &[(1, 1)], &[]),
            file("/r/./a//b.c", &[(1, 1)], &[]),
            file("/r/a/b.c", &[(2, 0)], &[]),
        ]);
        let (got, _) = text(
            &t,
            &SonarOptions {
                source_root: Some("/r/".into()),
                ..SonarOptions::default()
            },
        );
        let paths: Vec<&str> = got
            .lines()
            .filter_map(|l| l.strip_prefix("  <file path=\""))
            .map(|l| l.trim_end_matches("\">"))
            .collect();
        assert_eq!(
            paths,
            ["/elsewhere/x.h", "a/b.c", "rel/&amp;&lt;y&gt;.c", "z.c"]
        );
        // The two spellings of a/b.c are one file.
        assert_eq!(got.matches("lineToCover").count(), 5);
        // Without a root, paths stay as they are (normalised).
        let (got, _) = text(&t, &SonarOptions::default());
        assert!(got.contains("<file path=\"/r/a/b.c\">"));
        assert!(got.contains("<file path=\"rel/&amp;&lt;y&gt;.c\">"));
    }

    #[test]
    fn lines_past_the_end_and_line_zero_are_dropped_and_reported() {
        let t = report(vec![
            file(
                "/r/a.c",
                &[(0, 1), (1, 1), (2, 0), (3, 1), (5, 1)],
                &[(5, Some(1)), (5, Some(0))],
            ),
            file("/r/b.c", &[(9, 1)], &[]),
            file("/r/unreadable.c", &[(100, 1)], &[]),
        ]);
        let lengths = |path: &str| match path {
            "/r/a.c" => Some(2),
            "/r/b.c" => Some(9),
            _ => None,
        };
        let (got, dropped) = text(
            &t,
            &SonarOptions {
                source_root: Some("/r".into()),
                line_count: Some(&lengths),
            },
        );
        assert!(!got.contains("lineNumber=\"0\""));
        assert!(!got.contains("lineNumber=\"3\""));
        assert!(!got.contains("lineNumber=\"5\""));
        assert!(got.contains("lineNumber=\"2\""));
        assert!(got.contains("lineNumber=\"9\""));
        assert!(got.contains("lineNumber=\"100\""));
        assert_eq!(
            dropped,
            [
                Dropped {
                    path: "/r/a.c".into(),
                    reason: DropReason::LineZero,
                    first_line: 0,
                    lines: 1,
                    branches: 0,
                },
                Dropped {
                    path: "/r/a.c".into(),
                    reason: DropReason::PastEnd { file_lines: 2 },
                    first_line: 3,
                    lines: 2,
                    branches: 2,
                },
            ]
        );
        // Without a line count only line 0 goes.
        let (_, dropped) = text(&t, &SonarOptions::default());
        assert_eq!(dropped.len(), 1);
        assert_eq!(dropped[0].reason, DropReason::LineZero);
    }

    #[test]
    fn output_does_not_depend_on_input_order() {
        let a = file("/r/x/a.c", &[(1, 1), (2, 0)], &[(2, Some(0)), (2, Some(3))]);
        let b = file("/r/b.c", &[(4, 4)], &[]);
        let c = file("/r/x/y/c.c", &[(1, 0)], &[]);
        let o = SonarOptions {
            source_root: Some("/r".into()),
            ..SonarOptions::default()
        };
        let one = text(&report(vec![a.clone(), b.clone(), c.clone()]), &o);
        let two = text(&report(vec![c, a, b]), &o);
        assert_eq!(one, two);
    }

    #[test]
    fn options_debug_does_not_need_the_callback_to_be_debug() {
        let f = |_: &str| Some(1);
        let o = SonarOptions {
            source_root: Some("/r".into()),
            line_count: Some(&f),
        };
        assert!(format!("{o:?}").contains("/r"));
    }
}
