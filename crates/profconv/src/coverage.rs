//! What `export` and `report` share: the binaries and profiles in, the
//! coverage model and the files to show out, with llvm-cov's loading rules.
//! One indexed profile is read as it is; raw profiles, or several profiles
//! of any kind, are merged in memory first.

use std::path::Path;

use covkit::covmap::{LoadOptions, ObjectCoverage, load_object};
use covkit::model::Coverage;
use covkit::model::RecordCounts;
use covkit::model::paths::FileSelection;
use covkit_profile::indexed::IndexedProfile;
use covkit_profile::merge::{FailureMode, MergeOptions};
use covkit_profile::read::Format;

use crate::cli::CoverageArgs;
use crate::console::{self, Failure};
use crate::files::{self, InputFile};
use crate::merge::merge_files;

/// The loaded model and the files selected from it.
pub(crate) struct Loaded {
    /// The model of every object and profile.
    pub(crate) model: Coverage,
    /// The selection from `-ignore-filename-regex`, `-path-equivalence` and
    /// the source-file arguments.
    pub(crate) selection: FileSelection,
}

impl Loaded {
    /// The selected files, sorted.
    pub(crate) fn files(&self) -> Vec<&str> {
        self.selection.select(&self.model.source_files())
    }
}

/// Loads the objects and profiles of `args`; `command` names the
/// subcommand in usage errors. Prints llvm-cov's warning when functions
/// had mismatched data.
pub(crate) fn load(args: &CoverageArgs, command: &str) -> Result<Loaded, Failure> {
    let selection = file_selection(args, command)?;
    let objects = load_objects(args)?;

    let mut inputs: Vec<InputFile> = Vec::new();
    for path in &args.instr_profile {
        files::collect(path, 1, &mut inputs)?;
    }
    let mut model = match inputs.as_slice() {
        [one] if files::sniff(&one.path) == Some(Format::Indexed) => {
            let bytes = files::map(&one.path)
                .map_err(|e| console::error(&one.path, files::describe(&e)))?;
            let profile =
                IndexedProfile::parse(bytes.as_ref()).map_err(|e| console::error(&one.path, e))?;
            Coverage::from_objects(&objects, &profile)
        }
        _ => merged_model(&objects, &inputs)?,
    }
    .map_err(|e| console::error(&args.binary, e))?;
    if args.demangle {
        model.demangle_names();
    }
    let mismatched = model.mismatched_count();
    if mismatched > 0 {
        eprintln!("warning: {mismatched} functions have mismatched data");
    }
    Ok(Loaded { model, selection })
}

/// The files to report, from `-ignore-filename-regex`, `-path-equivalence`
/// and the source-file arguments.
fn file_selection(args: &CoverageArgs, command: &str) -> Result<FileSelection, Failure> {
    let mut selection = FileSelection::default();
    for pattern in &args.ignore_filename_regex {
        let re = regex::Regex::new(pattern).map_err(|e| {
            Failure::Usage(format!(
                "{command}: invalid -ignore-filename-regex '{pattern}': {e}"
            ))
        })?;
        selection.ignore.push(re);
    }
    for pair in &args.path_equivalence {
        let Some((from, to)) = pair.split_once(',') else {
            return Err(Failure::Usage(format!(
                "{command}: -path-equivalence '{pair}' is not FROM,TO"
            )));
        };
        selection
            .equivalences
            .push((from.to_owned(), to.to_owned()));
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    for source in &args.sources {
        if selection.equivalences.is_empty() && !source.exists() {
            console::warn(source, "source file not found; ignored");
            continue;
        }
        selection
            .sources
            .push(cwd.join(source).to_string_lossy().into_owned());
    }
    Ok(selection)
}

/// The coverage mapping of the binary and every `-object`, in that order;
/// objects without coverage data are skipped, as llvm-cov skips them, but
/// not all of them.
fn load_objects(args: &CoverageArgs) -> Result<Vec<ObjectCoverage>, Failure> {
    let options = LoadOptions {
        arch: args.arch.as_deref(),
        compilation_dir: args.compilation_dir.as_deref(),
    };
    let mut objects = Vec::new();
    let paths: Vec<&Path> = std::iter::once(args.binary.as_path())
        .chain(args.objects.iter().map(|p| p.as_path()))
        .collect();
    for path in &paths {
        let bytes = files::map(path).map_err(|e| console::error(path, files::describe(&e)))?;
        match load_object(bytes.as_ref(), &options) {
            Ok(Some(found)) => objects.extend(found),
            Ok(None) => {}
            Err(e) => return Err(console::error(path, e)),
        }
    }
    if objects.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(console::error_plain(format!(
            "failed to load coverage: '{}': no coverage data found",
            names.join(", ")
        )));
    }
    Ok(objects)
}

/// The model over profiles merged in memory.
fn merged_model(
    objects: &[ObjectCoverage],
    inputs: &[InputFile],
) -> Result<covkit::model::Result<Coverage>, Failure> {
    let options = MergeOptions {
        failure_mode: FailureMode::Any,
        threads: 0,
    };
    let merged = merge_files(inputs, &options)?;
    let counts = RecordCounts::new(&merged.records);
    Ok(Coverage::from_objects(objects, &counts))
}
