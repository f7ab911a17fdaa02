//! What the XML writers (Cobertura, Sonar) share: escaping, placing paths
//! relative to a source root, and the per-line table of a file.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::tracefile::{FileRecord, Tracefile};

/// Appends `s` escaped for a double-quoted attribute value or for text.
///
/// `&`, `<`, `>`, `"` and `'` become entities; tab, line feed and carriage
/// return become character references (so attribute-value normalisation
/// keeps them); characters XML 1.0 cannot carry at all (other C0 controls,
/// U+FFFE, U+FFFF) become U+FFFD.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

/// A path split into the root of its file system (`/`, `C:/`, or none for
/// a relative path) and its components, without empty and `.` components.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Split<'a> {
    root: Option<String>,
    components: Vec<&'a str>,
}

/// Splits `path` at `/`. A path with a drive letter (`C:\` or `C:/`) is
/// absolute and also splits at `\`; other paths keep their backslashes.
fn split(path: &str) -> Split<'_> {
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && (bytes[2] == b'/' || bytes[2] == b'\\');
    let (root, rest, separators): (Option<String>, &str, &[char]) = if drive {
        (
            Some(format!("{}:/", char::from(bytes[0]))),
            &path[3..],
            &['/', '\\'],
        )
    } else if let Some(rest) = path.strip_prefix('/') {
        (Some("/".to_owned()), rest, &['/'])
    } else {
        (None, path, &['/'])
    };
    let components = rest
        .split(separators)
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    Split { root, components }
}

/// Where a file's path is written relative to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Base {
    /// The source root, or the current directory when there is none: files
    /// under the root and files with relative paths.
    Root,
    /// The root of a file system (`/`, `C:/`): absolute paths outside the
    /// source root.
    FileSystem(String),
}

/// A file's path placed against the source root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Placed {
    /// What `relative` is relative to.
    pub(crate) base: Base,
    /// The path below `base`, components joined with `/`.
    pub(crate) relative: String,
}

impl Placed {
    /// The path as written where one path must name the file on its own:
    /// relative to the root, or absolute outside it.
    pub(crate) fn display(&self) -> String {
        match &self.base {
            Base::Root => self.relative.clone(),
            Base::FileSystem(root) => format!("{root}{}", self.relative),
        }
    }
}

/// A source root, normalised as paths are.
#[derive(Debug, Clone)]
pub(crate) struct Root<'a> {
    split: Option<Split<'a>>,
}

impl<'a> Root<'a> {
    /// The root `root`, or the current directory when `None`.
    pub(crate) fn new(root: Option<&'a str>) -> Root<'a> {
        Root {
            split: root.map(split),
        }
    }

    /// How the root is written in `<source>`: normalised (no trailing
    /// slash, no empty or `.` components), `.` when there is none.
    pub(crate) fn display(&self) -> String {
        match &self.split {
            None => ".".to_owned(),
            Some(s) => {
                let joined = s.components.join("/");
                match (&s.root, joined.is_empty()) {
                    (Some(r), _) => format!("{r}{joined}"),
                    (None, true) => ".".to_owned(),
                    (None, false) => joined,
                }
            }
        }
    }

    /// Places `path`: below the root when it is under it (component by
    /// component, no file-system access) or relative; below its file
    /// system's root otherwise.
    pub(crate) fn place(&self, path: &str) -> Placed {
        let p = split(path);
        let Some(fs_root) = p.root else {
            return Placed {
                base: Base::Root,
                relative: p.components.join("/"),
            };
        };
        if let Some(root) = &self.split
            && root.root.as_deref() == Some(fs_root.as_str())
            && p.components.len() > root.components.len()
            && p.components.starts_with(&root.components)
        {
            return Placed {
                base: Base::Root,
                relative: p.components[root.components.len()..].join("/"),
            };
        }
        Placed {
            base: Base::FileSystem(fs_root),
            relative: p.components.join("/"),
        }
    }
}

/// One file of the report as placed, with the records of every tracefile
/// path that placed there merged.
#[derive(Debug)]
pub(crate) struct PlacedFile<'t> {
    /// Where it is.
    pub(crate) placed: Placed,
    /// The first tracefile path that placed here.
    pub(crate) original: &'t str,
    /// Its coverage.
    pub(crate) record: Cow<'t, FileRecord>,
}

/// The files of `t` placed against `root`, sorted by place, records of
/// paths that place the same (`a//b.c` and `a/b.c`) merged.
pub(crate) fn place_files<'t>(t: &'t Tracefile, root: &Root<'_>) -> Vec<PlacedFile<'t>> {
    let mut by_place: BTreeMap<Placed, PlacedFile<'t>> = BTreeMap::new();
    for file in &t.files {
        let placed = root.place(&file.path);
        match by_place.get_mut(&placed) {
            Some(existing) => existing.record.to_mut().merge(file.clone()),
            None => {
                by_place.insert(
                    placed.clone(),
                    PlacedFile {
                        placed,
                        original: &file.path,
                        record: Cow::Borrowed(file),
                    },
                );
            }
        }
    }
    by_place.into_values().collect()
}

/// One line of a file as the XML formats show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row {
    /// The line number.
    pub(crate) number: u32,
    /// Its execution count.
    pub(crate) hits: u64,
    /// Its branch outcomes.
    pub(crate) branches: u64,
    /// Those taken at least once.
    pub(crate) covered_branches: u64,
}

/// The lines of `file` in order: every line with a count, plus any line
/// that has branches but no count (which llvm-cov never writes, a
/// hand-written lcov may), counted as run as often as its most taken
/// branch.
pub(crate) fn rows(file: &FileRecord) -> Vec<Row> {
    let mut rows: BTreeMap<u32, Row> = file
        .lines
        .iter()
        .map(|(&number, &hits)| {
            (
                number,
                Row {
                    number,
                    hits,
                    branches: 0,
                    covered_branches: 0,
                },
            )
        })
        .collect();
    let mut branch_only: BTreeMap<u32, u64> = BTreeMap::new();
    for b in &file.branches {
        let taken = b.taken.unwrap_or(0);
        let row = rows.entry(b.line).or_insert_with(|| {
            branch_only.insert(b.line, 0);
            Row {
                number: b.line,
                hits: 0,
                branches: 0,
                covered_branches: 0,
            }
        });
        row.branches += 1;
        if taken > 0 {
            row.covered_branches += 1;
        }
        if let Some(most) = branch_only.get_mut(&b.line) {
            *most = (*most).max(taken);
            row.hits = *most;
        }
    }
    rows.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracefile::BranchEntry;

    fn escape(s: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, s);
        out
    }

    #[test]
    fn escaping_covers_markup_quotes_and_controls() {
        assert_eq!(
            escape("a<b>&\"c\"'d'\t\n\r\u{1}\u{ffff}é"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;&#9;&#10;&#13;\u{fffd}\u{fffd}é"
        );
    }

    #[test]
    fn paths_place_under_the_root_or_their_file_system() {
        let root = Root::new(Some("/r/src/"));
        assert_eq!(root.display(), "/r/src");
        let at = |p: &str| {
            let placed = root.place(p);
            (placed.base, placed.relative)
        };
        assert_eq!(at("/r/src/a/b.c"), (Base::Root, "a/b.c".into()));
        assert_eq!(at("/r/src//./a//b.c"), (Base::Root, "a/b.c".into()));
        assert_eq!(at("./a/b.c"), (Base::Root, "a/b.c".into()));
        // A sibling with a common prefix is not under the root.
        assert_eq!(
            at("/r/src2/b.c"),
            (Base::FileSystem("/".into()), "r/src2/b.c".into())
        );
        assert_eq!(at("/r/src"), (Base::FileSystem("/".into()), "r/src".into()));
        assert_eq!(
            at("C:\\x\\y.c"),
            (Base::FileSystem("C:/".into()), "x/y.c".into())
        );
        assert_eq!(Root::new(None).display(), ".");
        assert_eq!(Root::new(Some("./")).display(), ".");
        assert_eq!(Root::new(Some("/")).display(), "/");
        assert_eq!(
            Root::new(Some("/")).place("/a/b.c").base,
            Base::Root,
            "everything absolute is under /"
        );
        let windows = Root::new(Some("D:\\proj"));
        assert_eq!(windows.display(), "D:/proj");
        assert_eq!(windows.place("D:\\proj\\a.c").relative, "a.c");
        assert_eq!(
            windows.place("/proj/a.c").base,
            Base::FileSystem("/".into())
        );
    }

    #[test]
    fn branch_only_lines_count_as_run_by_their_most_taken_branch() {
        let file = FileRecord {
            path: "a.c".into(),
            functions: Vec::new(),
            lines: BTreeMap::from([(1, 4)]),
            branches: [(1, Some(3)), (1, Some(0)), (2, Some(5)), (2, None)]
                .iter()
                .enumerate()
                .map(|(i, &(line, taken))| BranchEntry {
                    line,
                    block: 0,
                    branch: u32::try_from(i).unwrap_or(0),
                    taken,
                })
                .collect(),
        };
        let rows = rows(&file);
        assert_eq!(
            rows,
            [
                Row {
                    number: 1,
                    hits: 4,
                    branches: 2,
                    covered_branches: 1
                },
                Row {
                    number: 2,
                    hits: 5,
                    branches: 2,
                    covered_branches: 1
                },
            ]
        );
    }
}
