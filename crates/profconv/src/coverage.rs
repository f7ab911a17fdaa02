//! What `export` and `report` share: the binaries and profiles in, the
//! coverage model and the files to show out, with llvm-cov's loading rules.
//! One indexed profile is read as it is; raw profiles, or several profiles
//! of any kind, are merged in memory first.

use std::path::PathBuf;

use covkit::covmap::{LoadOptions, ObjectCoverage, load_object};
use covkit::model::RecordCounts;
use covkit::model::paths::FileSelection;
use covkit::model::{Coverage, Diagnostic};
use covkit_profile::indexed::IndexedProfile;
use covkit_profile::merge::MergeOptions;
use covkit_profile::read::Format;

use crate::cli::CoverageArgs;
use crate::console::{self, Failure};
use crate::files::{self, InputFile};
use crate::merge::{failure_mode, merge_files};
use crate::objects;

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
/// had mismatched data, and with `-v` the other diagnostics.
pub(crate) fn load(args: &CoverageArgs, command: &str) -> Result<Loaded, Failure> {
    let (binary, sources) = positionals(args);
    let selection = file_selection(args, &sources, command)?;

    let mut inputs: Vec<InputFile> = Vec::new();
    for path in &args.instr_profile {
        files::collect(path, 1, &mut inputs)?;
    }
    let mut object_paths: Vec<PathBuf> = binary.into_iter().collect();
    object_paths.extend(args.objects.iter().cloned());
    if !args.object_dirs.is_empty() {
        let found = objects::scan(&args.object_dirs, args.arch.as_deref())?;
        let matched = objects::match_profiles(inputs, &found);
        inputs = matched.inputs;
        for path in matched.objects {
            if !object_paths.contains(&path) {
                object_paths.push(path);
            }
        }
    }
    if object_paths.is_empty() {
        return Err(if args.object_dirs.is_empty() {
            Failure::Usage(format!(
                "{command}: no binary given (BIN, -object or --object-dir)"
            ))
        } else {
            console::error_plain(
                "no binary under --object-dir matches the binary IDs of the profiles",
            )
        });
    }
    if inputs.is_empty() {
        return Err(console::error_plain("no profile is left to read"));
    }
    let objects = load_objects(&object_paths, args)?;
    if args.object_dirs.is_empty() {
        let build_ids: Vec<Option<Vec<u8>>> = objects.iter().map(|o| o.build_id.clone()).collect();
        objects::warn_foreign_profiles(&inputs, &build_ids);
    }
    let mut model = match inputs.as_slice() {
        [one] if files::sniff(&one.path) == Some(Format::Indexed) => {
            let bytes = files::map(&one.path)
                .map_err(|e| console::error(&one.path, files::describe(&e)))?;
            let profile =
                IndexedProfile::parse(bytes.as_ref()).map_err(|e| console::error(&one.path, e))?;
            Coverage::from_objects(&objects, &profile)
        }
        _ => merged_model(&objects, &inputs, args)?,
    }
    .map_err(|e| console::error(&object_paths[0], e))?;
    if args.demangle || !args.xdemangler.is_empty() {
        model.demangle_names();
    }
    let mismatched = model.mismatched_count();
    if mismatched > 0 {
        eprintln!("warning: {mismatched} functions have mismatched data");
    }
    if console::verbose() > 0 {
        print_diagnostics(&model);
    }
    Ok(Loaded { model, selection })
}

/// The binary and the source files among the positional arguments. With
/// `--object-dir` the binary is optional: a first argument that is not a
/// binary is a source file.
fn positionals(args: &CoverageArgs) -> (Option<PathBuf>, Vec<PathBuf>) {
    let mut sources = args.sources.clone();
    match &args.binary {
        Some(first) if !args.object_dirs.is_empty() && !objects::is_binary(first) => {
            sources.insert(0, first.clone());
            (None, sources)
        }
        binary => (binary.clone(), sources),
    }
}

/// Prints the model's diagnostics (`-v`): a count per kind with the first
/// few names, or (`-vv`) every one.
fn print_diagnostics(model: &Coverage) {
    let mut kinds: Vec<(&'static str, Vec<String>)> = Vec::new();
    for d in model.diagnostics() {
        let kind = diagnostic_kind(d);
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, all)) => all.push(d.to_string()),
            None => kinds.push((kind, vec![d.to_string()])),
        }
    }
    if kinds.is_empty() {
        eprintln!("note: no diagnostics");
    }
    for (kind, all) in kinds {
        eprintln!("note: {} {kind}", all.len());
        let shown = if console::verbose() > 1 { all.len() } else { 3 };
        for d in all.iter().take(shown) {
            eprintln!("note:   {d}");
        }
        if all.len() > shown {
            eprintln!("note:   ... and {} more (-vv shows all)", all.len() - shown);
        }
    }
}

/// What a diagnostic is about, as a plural phrase.
fn diagnostic_kind(d: &Diagnostic) -> &'static str {
    match d {
        Diagnostic::HashMismatch { .. } => {
            "functions dropped: their hash does not match the profile (stale profile)"
        }
        Diagnostic::UnknownFunction { .. } => {
            "functions unknown to the profile, shown with zero counts"
        }
        Diagnostic::DummyIgnored { .. } => "dummy records of unused functions ignored",
        Diagnostic::CounterOutOfRange { .. } => {
            "functions dropped: a region refers to a counter the profile lacks"
        }
        Diagnostic::McdcDecisionSkipped { .. } => "MC/DC decisions skipped",
        Diagnostic::ExpansionsRejected { .. } => {
            "functions dropped: their expansion regions form a cycle or unfold too far"
        }
        Diagnostic::Duplicate { .. } => "duplicate function records skipped",
        _ => "other diagnostics",
    }
}

/// The files to report, from `-ignore-filename-regex`, `-path-equivalence`
/// and the source-file arguments.
fn file_selection(
    args: &CoverageArgs,
    sources: &[PathBuf],
    command: &str,
) -> Result<FileSelection, Failure> {
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
    for source in sources {
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
fn load_objects(paths: &[PathBuf], args: &CoverageArgs) -> Result<Vec<ObjectCoverage>, Failure> {
    let options = LoadOptions {
        arch: args.arch.as_deref(),
        compilation_dir: args.compilation_dir.as_deref(),
    };
    let mut objects = Vec::new();
    for path in paths {
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
    args: &CoverageArgs,
) -> Result<covkit::model::Result<Coverage>, Failure> {
    let options = MergeOptions {
        failure_mode: failure_mode(args.failure_mode),
        threads: args.num_threads,
    };
    let merged = merge_files(inputs, &options)?;
    let counts = RecordCounts::new(&merged.records);
    Ok(Coverage::from_objects(objects, &counts))
}
