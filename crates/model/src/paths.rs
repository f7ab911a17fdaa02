//! Which files a report shows, with llvm-cov's meaning of its path options
//! (`CodeCoverageTool` in llvm-cov):
//!
//! - `-ignore-filename-regex` (repeatable): a file whose coverage name an
//!   expression finds anywhere in it (an unanchored search) is left out.
//! - Source files given as arguments: each (already absolute) is cleaned of
//!   `.` and `..`; arguments that name no file of the coverage data are
//!   dropped; if none is left, every file is shown.
//! - `-path-equivalence=FROM,TO` (repeatable since LLVM 18) only changes how
//!   arguments find coverage names: a coverage name starting with FROM
//!   stands for TO followed by the rest. It never changes the names shown.

use covkit_covmap::filenames::remove_dots;
use regex::Regex;

/// How to choose the files of a report.
#[derive(Debug, Clone, Default)]
pub struct FileSelection {
    /// `-ignore-filename-regex` patterns.
    pub ignore: Vec<Regex>,
    /// `-path-equivalence` pairs, FROM and TO, in the order given.
    pub equivalences: Vec<(String, String)>,
    /// Source files given as arguments, absolute.
    pub sources: Vec<String>,
}

impl FileSelection {
    /// Whether `-ignore-filename-regex` leaves `file` out.
    #[must_use]
    pub fn is_ignored(&self, file: &str) -> bool {
        self.ignore.iter().any(|re| re.is_match(file))
    }

    /// The path an argument must have to select coverage file `file`: the
    /// file with the first matching FROM prefix replaced by its TO.
    #[must_use]
    pub fn local_path(&self, file: &str) -> String {
        for (from, to) in &self.equivalences {
            let from = with_separator(&remove_dots(from));
            if let Some(rest) = file.strip_prefix(&from) {
                return with_separator(&remove_dots(to)) + rest;
            }
        }
        file.to_owned()
    }

    /// The coverage files the source-file arguments name, in argument
    /// order and repeated when an argument is (as `llvm-cov report` lists
    /// them); every kept file, sorted, when there are no arguments or none
    /// names a coverage file.
    #[must_use]
    pub fn select_in_order<'a>(&self, files: &[&'a str]) -> Vec<&'a str> {
        let kept = self.select(files);
        if self.sources.is_empty() {
            return kept;
        }
        let mut out = Vec::new();
        for wanted in self.sources.iter().map(|s| remove_dots(s)) {
            if self.is_ignored(&wanted) {
                continue;
            }
            out.extend(
                kept.iter()
                    .copied()
                    .filter(|f| *f == wanted || self.local_path(f) == wanted),
            );
        }
        if out.is_empty() { kept } else { out }
    }

    /// The files of `files` (sorted coverage names) to report, in order.
    #[must_use]
    pub fn select<'a>(&self, files: &[&'a str]) -> Vec<&'a str> {
        let kept: Vec<&'a str> = files
            .iter()
            .copied()
            .filter(|f| !self.is_ignored(f))
            .collect();
        let wanted: Vec<String> = self
            .sources
            .iter()
            .map(|s| remove_dots(s))
            .filter(|s| !self.is_ignored(s))
            .collect();
        if wanted.is_empty() {
            return kept;
        }
        let chosen: Vec<&'a str> = kept
            .iter()
            .copied()
            .filter(|f| {
                let local = self.local_path(f);
                wanted.iter().any(|w| *w == local || w == f)
            })
            .collect();
        if chosen.is_empty() { kept } else { chosen }
    }
}

/// `path` with one trailing `/`.
fn with_separator(path: &str) -> String {
    let mut out = path.trim_end_matches('/').to_owned();
    out.push('/');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: [&str; 3] = ["/src/a.c", "/src/inc/b.h", "/src/lib/c.c"];

    #[test]
    fn ignore_is_an_unanchored_search() {
        let selection = FileSelection {
            ignore: vec![Regex::new(r"\.h$").unwrap(), Regex::new("lib").unwrap()],
            ..FileSelection::default()
        };
        assert_eq!(selection.select(&FILES), ["/src/a.c"]);
    }

    #[test]
    fn sources_select_and_fall_back_to_everything() {
        let selection = FileSelection {
            sources: vec!["/src/./inc/../a.c".to_owned()],
            ..FileSelection::default()
        };
        assert_eq!(selection.select(&FILES), ["/src/a.c"]);
        let nothing = FileSelection {
            sources: vec!["/elsewhere/x.c".to_owned()],
            ..FileSelection::default()
        };
        assert_eq!(nothing.select(&FILES), FILES);
    }

    #[test]
    fn path_equivalence_maps_coverage_names_for_arguments_only() {
        let selection = FileSelection {
            equivalences: vec![("/src".to_owned(), "/home/me/project/".to_owned())],
            sources: vec!["/home/me/project/lib/c.c".to_owned()],
            ..FileSelection::default()
        };
        assert_eq!(selection.select(&FILES), ["/src/lib/c.c"]);
        assert_eq!(selection.local_path("/src/a.c"), "/home/me/project/a.c");
        assert_eq!(selection.local_path("/other/a.c"), "/other/a.c");
    }

    #[test]
    fn report_order_follows_the_arguments() {
        let selection = FileSelection {
            sources: vec![
                "/src/lib/c.c".to_owned(),
                "/src/a.c".to_owned(),
                "/src/lib/c.c".to_owned(),
            ],
            ..FileSelection::default()
        };
        assert_eq!(
            selection.select_in_order(&FILES),
            ["/src/lib/c.c", "/src/a.c", "/src/lib/c.c"]
        );
        assert_eq!(FileSelection::default().select_in_order(&FILES), FILES);
    }
}
