//! A format-neutral coverage report: per file, its functions, line counts
//! and branch outcomes, the data an lcov tracefile carries.
//!
//! It is what the writers that are not llvm-cov's own (Cobertura, Sonar)
//! read, and what the lcov reader produces, so that a report converted from
//! lcov and one written from profiles go through the same code. From the
//! model it holds exactly what `llvm-cov export -format=lcov` prints: the
//! `DA` lines of each file view and its `BRDA` pairs (instantiations
//! unified), and the functions whose file id 0 is the file, without end
//! lines (llvm-cov's `FN` lines have none).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use covkit_model::Coverage;
use covkit_model::demangle::demangle;
use covkit_model::segments::Lines;

use crate::lcov::branch_pairs;

/// A whole report: files sorted by path, each path once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tracefile {
    /// The files, sorted by path.
    pub files: Vec<FileRecord>,
}

/// The coverage of one source file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileRecord {
    /// The path as the coverage data names it.
    pub path: String,
    /// The functions defined in the file, in report order.
    pub functions: Vec<FunctionEntry>,
    /// Execution count by line, for every line with code.
    pub lines: BTreeMap<u32, u64>,
    /// The branch outcomes, ordered by line, block and branch.
    pub branches: Vec<BranchEntry>,
}

/// A function (`FN` and `FNDA`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionEntry {
    /// The name as reported (mangled unless demangled on request).
    pub name: String,
    /// The line it starts on.
    pub line: u32,
    /// The line it ends on, when known (lcov 2.x and gcovr write it in
    /// `FN:start,end,name`; llvm-cov does not).
    pub end_line: Option<u32>,
    /// How often it ran.
    pub count: u64,
}

/// One outcome of a branch (`BRDA`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BranchEntry {
    /// The line the branch is reported on.
    pub line: u32,
    /// The branch (condition) among those on the line.
    pub block: u32,
    /// The outcome among those of the line.
    pub branch: u32,
    /// How often it was taken; `None` when the branch never ran (lcov's
    /// `-`).
    pub taken: Option<u64>,
}

impl BranchEntry {
    /// The outcome at `(line, block, branch)`.
    pub(crate) fn from_key(key: (u32, u32, u32), taken: Option<u64>) -> Self {
        let (line, block, branch) = key;
        BranchEntry {
            line,
            block,
            branch,
            taken,
        }
    }
}

/// Two counts of one branch outcome added up: an outcome that never ran on
/// one side takes the other side's count.
pub(crate) fn add_taken(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (None, t) | (t, None) => t,
        (Some(x), Some(y)) => Some(x.saturating_add(y)),
    }
}

impl Tracefile {
    /// The report of `files` (see [`covkit_model::paths::FileSelection`])
    /// as llvm-cov's lcov export shows them.
    #[must_use]
    pub fn from_model(model: &Coverage, files: &[&str]) -> Tracefile {
        let mut out = Tracefile::default();
        for &file in files {
            let view = model.file_coverage(file);
            let functions = model
                .functions_in(file)
                .map(|f| FunctionEntry {
                    name: f.name.clone(),
                    line: f.start_line(),
                    // llvm-cov's `FN` lines carry no end line; leaving it
                    // out here too makes a report converted from its lcov
                    // the same as one written from the profiles.
                    end_line: None,
                    count: f.execution_count,
                })
                .collect();
            let lines = Lines::new(&view.segments, 1)
                .filter(|s| s.mapped)
                .map(|s| (s.line, s.count))
                .collect();
            let mut branches = Vec::new();
            let mut line = None;
            let mut index = 0;
            for pair in branch_pairs(model, &view, true) {
                if line != Some(pair.line) {
                    line = Some(pair.line);
                    index = 0;
                }
                let ran = pair.true_count != 0 || pair.false_count != 0;
                for count in [pair.true_count, pair.false_count] {
                    branches.push(BranchEntry {
                        line: pair.line,
                        block: pair.block,
                        branch: index,
                        taken: ran.then_some(count),
                    });
                    index += 1;
                }
            }
            out.insert(FileRecord {
                path: file.to_owned(),
                functions,
                lines,
                branches,
            });
        }
        out
    }

    /// Adds `file` to the report, merging it into the record of the same
    /// path if there is one: line counts and branch counts add up,
    /// functions with the same name add up, nothing is dropped.
    pub fn insert(&mut self, file: FileRecord) {
        match self.files.binary_search_by(|f| f.path.cmp(&file.path)) {
            Ok(at) => {
                if let Some(existing) = self.files.get_mut(at) {
                    existing.merge(file);
                }
            }
            Err(at) => self.files.insert(at, file),
        }
    }

    /// Merges every file of `other` into this report.
    pub fn merge(&mut self, other: Tracefile) {
        for file in other.files {
            self.insert(file);
        }
    }

    /// Demangles every function name (Rust v0 and legacy, C++; see
    /// [`covkit_model::demangle::demangle`]). Functions of one file whose
    /// readable names are the same become one, their counts added, since a
    /// tracefile knows a function by its name.
    pub fn demangle_names(&mut self) {
        for file in &mut self.files {
            let functions = std::mem::take(&mut file.functions)
                .into_iter()
                .map(|f| match demangle(&f.name) {
                    Cow::Owned(name) => FunctionEntry { name, ..f },
                    Cow::Borrowed(_) => f,
                })
                .collect();
            file.merge(FileRecord {
                path: file.path.clone(),
                functions,
                ..FileRecord::default()
            });
        }
    }
}

impl FileRecord {
    /// Merges another record of the same file into this one.
    ///
    /// A function is known by its name within a file, as lcov's `FNDA`
    /// records name it: a function of the same name adds its count and
    /// keeps the line it had here (lcov 2.x keeps one line too, and
    /// llvm-cov names each function once).
    pub fn merge(&mut self, other: FileRecord) {
        if !other.functions.is_empty() {
            let mut by_name: HashMap<String, usize> = self
                .functions
                .iter()
                .enumerate()
                .map(|(at, f)| (f.name.clone(), at))
                .collect();
            for f in other.functions {
                match by_name
                    .get(&f.name)
                    .and_then(|&at| self.functions.get_mut(at))
                {
                    Some(e) => {
                        e.count = e.count.saturating_add(f.count);
                        e.end_line = e.end_line.max(f.end_line);
                    }
                    None => {
                        by_name.insert(f.name.clone(), self.functions.len());
                        self.functions.push(f);
                    }
                }
            }
        }
        for (line, count) in other.lines {
            let slot = self.lines.entry(line).or_insert(0);
            *slot = slot.saturating_add(count);
        }
        let mut by_key: BTreeMap<(u32, u32, u32), Option<u64>> = self
            .branches
            .iter()
            .map(|b| ((b.line, b.block, b.branch), b.taken))
            .collect();
        for b in other.branches {
            let slot = by_key.entry((b.line, b.block, b.branch)).or_insert(None);
            *slot = add_taken(*slot, b.taken);
        }
        self.branches = by_key
            .into_iter()
            .map(|(key, taken)| BranchEntry::from_key(key, taken))
            .collect();
    }
}

/// Builders for the unit tests of the writers that read a [`Tracefile`].
#[cfg(test)]
pub(crate) mod testing {
    use super::{BranchEntry, FileRecord, Tracefile};

    /// A file without functions; its branches are all in block 0,
    /// numbered in order.
    pub(crate) fn file(
        path: &str,
        lines: &[(u32, u64)],
        branches: &[(u32, Option<u64>)],
    ) -> FileRecord {
        FileRecord {
            path: path.to_owned(),
            functions: Vec::new(),
            lines: lines.iter().copied().collect(),
            branches: branches
                .iter()
                .enumerate()
                .map(|(i, &(line, taken))| BranchEntry {
                    line,
                    block: 0,
                    branch: u32::try_from(i).unwrap(),
                    taken,
                })
                .collect(),
        }
    }

    /// A report of `files`.
    pub(crate) fn report(files: Vec<FileRecord>) -> Tracefile {
        let mut t = Tracefile::default();
        for f in files {
            t.insert(f);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, lines: &[(u32, u64)], branches: &[(u32, Option<u64>)]) -> FileRecord {
        FileRecord {
            functions: vec![FunctionEntry {
                name: "f".into(),
                line: 1,
                end_line: Some(3),
                count: 1,
            }],
            ..testing::file(path, lines, branches)
        }
    }

    #[test]
    fn demangled_names_that_meet_add_up() {
        let mut t = Tracefile::default();
        let mut f = testing::file("a.rs", &[(1, 1)], &[]);
        for (name, line, count) in [
            ("_RNvCs1234_5crate4main", 1, 2),
            ("_RNvCs5678_5crate4main", 1, 3),
            ("main.c:helper", 7, 1),
        ] {
            f.functions.push(FunctionEntry {
                name: name.into(),
                line,
                end_line: None,
                count,
            });
        }
        t.insert(f);
        t.demangle_names();
        let functions: Vec<(&str, u32, u64)> = t.files[0]
            .functions
            .iter()
            .map(|f| (f.name.as_str(), f.line, f.count))
            .collect();
        assert_eq!(functions, [("crate::main", 1, 5), ("main.c:helper", 7, 1)]);
        assert_eq!(t.files[0].lines, BTreeMap::from([(1, 1)]));
    }

    #[test]
    fn records_of_one_file_merge_without_losing_anything() {
        let mut t = Tracefile::default();
        t.insert(file("b.c", &[(1, 1), (2, 0)], &[(2, None), (2, None)]));
        t.insert(file("a.c", &[(1, 5)], &[]));
        t.insert(file(
            "b.c",
            &[(2, 3), (3, 1)],
            &[(2, Some(1)), (2, Some(0))],
        ));
        let paths: Vec<&str> = t.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a.c", "b.c"]);
        let b = &t.files[1];
        assert_eq!(b.lines, BTreeMap::from([(1, 1), (2, 3), (3, 1)]));
        let taken: Vec<Option<u64>> = b.branches.iter().map(|x| x.taken).collect();
        assert_eq!(taken, [Some(1), Some(0)]);
        assert_eq!(b.functions.len(), 1);
        assert_eq!(b.functions[0].count, 2);
    }
}
