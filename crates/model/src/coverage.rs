//! The loaded model (`CoverageMapping`) and its views: the file view
//! (`getCoverageForFile`), the function view (`getCoverageForFunction`), the
//! expansion view (`getCoverageForExpansion`) and instantiation groups
//! (`getInstantiationGroups`), with llvm-cov 22's rules.
//!
//! - **File view:** every function that names the file anywhere, in load
//!   order; its counted regions and branches from every file id whose
//!   filename is the file (since LLVM 20 for branches); expansions only
//!   from the function's main file id, and only if that is the file.
//! - **Function view:** the main file id's regions, expansions and
//!   branches.
//! - **Expansion view:** the regions, expansions and branches of the
//!   expanded file id.

use std::collections::{BTreeMap, HashMap, HashSet};

use covkit_covmap::{Function, ObjectCoverage};

use crate::counts::CountSource;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::function::{CountedBranch, CountedKind, CountedRegion, FunctionRecord, Joined, join};
use crate::mcdc::McdcRecord;
use crate::segments::{Segment, build_segments};

/// The coverage of every loaded function (`CoverageMapping`).
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    functions: Vec<FunctionRecord>,
    diagnostics: Vec<Diagnostic>,
    /// Indices of the functions naming each file, in load order.
    by_file: HashMap<String, Vec<usize>>,
}

/// A macro expansion seen from a view (`ExpansionRecord`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpansionRecord {
    /// Index of the function in [`Coverage::functions`].
    pub function: usize,
    /// The expansion region.
    pub region: CountedRegion,
    /// The expanded file id.
    pub file: u32,
}

/// What a view holds (`CoverageData`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoverageData {
    /// The file the view covers.
    pub filename: String,
    /// The segments, sorted by position.
    pub segments: Vec<Segment>,
    /// Expansions that can be viewed further.
    pub expansions: Vec<ExpansionRecord>,
    /// The branches.
    pub branches: Vec<CountedBranch>,
    /// The MC/DC records (file and function views only).
    pub mcdc: Vec<McdcRecord>,
}

/// Functions that share a definition: template instantiations, generic
/// monomorphisations, a `static inline` seen from several translation
/// units (`InstantiationGroup`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstantiationGroup {
    /// The line of the first region in the main file.
    pub line: u32,
    /// Its column.
    pub column: u32,
    /// Indices into [`Coverage::functions`], in load order.
    pub functions: Vec<usize>,
}

impl Coverage {
    /// Loads `functions` (in llvm-cov's load order) against `counts`.
    ///
    /// Functions whose hash does not match are dropped and reported, as are
    /// dummies superseded by real counts, functions whose counters are out
    /// of range, and duplicates (same displayed name and file list as an
    /// earlier function).
    ///
    /// # Errors
    ///
    /// A function with an empty name, or a profile that cannot be read.
    pub fn load<'f>(
        functions: impl IntoIterator<Item = &'f Function>,
        counts: &(impl CountSource + Sync),
    ) -> Result<Self> {
        let mut model = Coverage::default();
        let mut seen: HashSet<(Vec<String>, String)> = HashSet::new();
        // Joining is independent per function: done on every core, then
        // taken in load order.
        let functions: Vec<&Function> = functions.into_iter().collect();
        for joined in crate::parallel::map(&functions, |f| join(f, counts)) {
            match joined? {
                Joined::Dropped(d) => model.diagnostics.push(d),
                Joined::Record(record, findings) => {
                    model.diagnostics.extend(findings);
                    if !seen.insert((record.filenames.clone(), record.name.clone())) {
                        model.diagnostics.push(Diagnostic::Duplicate {
                            name: record.pgo_name.clone(),
                            hash: record.hash,
                        });
                        continue;
                    }
                    let index = model.functions.len();
                    for name in &record.filenames {
                        let indices = model.by_file.entry(name.clone()).or_default();
                        if indices.last() != Some(&index) {
                            indices.push(index);
                        }
                    }
                    model.functions.push(record);
                }
            }
        }
        Ok(model)
    }

    /// Loads the functions of several objects, in order.
    ///
    /// # Errors
    ///
    /// As [`Coverage::load`].
    pub fn from_objects(
        objects: &[ObjectCoverage],
        counts: &(impl CountSource + Sync),
    ) -> Result<Self> {
        Self::load(objects.iter().flat_map(|o| &o.functions), counts)
    }

    /// The loaded functions, in load order.
    #[must_use]
    pub fn functions(&self) -> &[FunctionRecord] {
        &self.functions
    }

    /// The loaded functions, in load order, for rewriting in place.
    pub(crate) fn functions_mut(&mut self) -> &mut [FunctionRecord] {
        &mut self.functions
    }

    /// What loading found, in load order.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The number of functions dropped for a hash mismatch (llvm-cov's
    /// "N functions have mismatched data").
    #[must_use]
    pub fn mismatched_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| matches!(d, Diagnostic::HashMismatch { .. }))
            .count()
    }

    /// Every filename of every function, sorted bytewise, without
    /// duplicates (`getUniqueSourceFiles`).
    #[must_use]
    pub fn source_files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = self.by_file.keys().map(String::as_str).collect();
        files.sort_unstable();
        files
    }

    /// The functions whose file id 0 is `file`, in load order: the ones
    /// lcov lists under `FN:`.
    pub fn functions_in<'a>(&'a self, file: &'a str) -> impl Iterator<Item = &'a FunctionRecord> {
        self.indices_for(file)
            .iter()
            .filter_map(|&i| self.functions.get(i))
            .filter(move |f| f.filenames.first().is_some_and(|n| n == file))
    }

    fn indices_for(&self, file: &str) -> &[usize] {
        self.by_file.get(file).map_or(&[], Vec::as_slice)
    }

    /// The file view of `file`.
    #[must_use]
    pub fn file_coverage(&self, file: &str) -> CoverageData {
        let mut data = CoverageData {
            filename: file.to_owned(),
            ..CoverageData::default()
        };
        let mut regions = Vec::new();
        for &index in self.indices_for(file) {
            let Some(function) = self.functions.get(index) else {
                continue;
            };
            let main = function
                .main_file()
                .filter(|&m| function.filename(m) == Some(file));
            let in_file = |id: u32| function.filename(id) == Some(file);
            for r in function.regions.iter().filter(|r| in_file(r.file)) {
                regions.push(*r);
                if let CountedKind::Expansion { expanded } = r.kind
                    && Some(r.file) == main
                {
                    data.expansions.push(ExpansionRecord {
                        function: index,
                        region: *r,
                        file: expanded,
                    });
                }
            }
            data.branches
                .extend(function.branches.iter().filter(|b| in_file(b.file)));
            data.mcdc
                .extend(function.mcdc.iter().filter(|m| in_file(m.file)).cloned());
        }
        data.segments = build_segments(regions);
        data
    }

    /// The function view of the function at `index`: empty when the
    /// function has no main file id.
    #[must_use]
    pub fn function_coverage(&self, index: usize) -> CoverageData {
        let Some(function) = self.functions.get(index) else {
            return CoverageData::default();
        };
        let Some(main) = function.main_file() else {
            return CoverageData::default();
        };
        let mut data = self.view_of(index, function, main);
        data.mcdc
            .extend(function.mcdc.iter().filter(|m| m.file == main).cloned());
        data
    }

    /// The expansion view of `expansion`.
    #[must_use]
    pub fn expansion_coverage(&self, expansion: &ExpansionRecord) -> CoverageData {
        let Some(function) = self.functions.get(expansion.function) else {
            return CoverageData::default();
        };
        self.view_of(expansion.function, function, expansion.file)
    }

    /// The regions, expansions and branches of one file id of a function.
    fn view_of(&self, index: usize, function: &FunctionRecord, file: u32) -> CoverageData {
        let mut data = CoverageData {
            filename: function.filename(file).unwrap_or_default().to_owned(),
            ..CoverageData::default()
        };
        let mut regions = Vec::with_capacity(function.regions.len());
        for r in function.regions.iter().filter(|r| r.file == file) {
            regions.push(*r);
            if let CountedKind::Expansion { expanded } = r.kind {
                data.expansions.push(ExpansionRecord {
                    function: index,
                    region: *r,
                    file: expanded,
                });
            }
        }
        data.branches
            .extend(function.branches.iter().filter(|b| b.file == file));
        data.segments = build_segments(regions);
        data
    }

    /// The instantiation groups of the functions whose main file is
    /// `file`, keyed and ordered by the start of their first region there.
    #[must_use]
    pub fn instantiation_groups(&self, file: &str) -> Vec<InstantiationGroup> {
        let mut groups: BTreeMap<(u32, u32), Vec<usize>> = BTreeMap::new();
        for &index in self.indices_for(file) {
            let Some(function) = self.functions.get(index) else {
                continue;
            };
            let Some(main) = function
                .main_file()
                .filter(|&m| function.filename(m) == Some(file))
            else {
                continue;
            };
            let Some(first) = function.regions.iter().find(|r| r.file == main) else {
                continue;
            };
            groups
                .entry((first.start.line.0, first.start.column.0))
                .or_default()
                .push(index);
        }
        groups
            .into_iter()
            .map(|((line, column), functions)| InstantiationGroup {
                line,
                column,
                functions,
            })
            .collect()
    }
}
