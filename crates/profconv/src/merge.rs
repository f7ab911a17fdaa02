//! `profconv merge`: `llvm-profdata merge` for instrumentation profiles.
//!
//! Inputs are the positional paths (weight 1) followed by the
//! `--weighted-input` ones, directories expanded, in that order (LLVM's).
//! Files that cannot be read count as failed inputs under the failure
//! mode; the merge itself is `covkit_profile::merge`.

use std::path::PathBuf;
use std::sync::Mutex;

use covkit_profile::indexed;
use covkit_profile::merge::{Diagnostic, FailureMode, MergeOptions, merge_each};

use crate::cli::{FailureModeArg, MergeArgs};
use crate::console::{self, Failure, Outcome};
use crate::files::{self, InputFile};
use crate::progress::Progress;

/// Splits `W,FILE` (`--weighted-input`); W is a decimal integer of at
/// least 1.
fn parse_weighted(arg: &str) -> Result<(u64, PathBuf), Failure> {
    let bad = || Failure::Usage("input weight must be a positive integer".to_owned());
    let (weight, file) = arg.split_once(',').ok_or_else(bad)?;
    let weight: u64 = weight
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| weight.parse().ok())
        .flatten()
        .filter(|&w| w >= 1)
        .ok_or_else(bad)?;
    Ok((weight, PathBuf::from(file)))
}

fn no_profile() -> Failure {
    console::error_plain("no profile can be merged")
}

/// Reads `inputs` and merges them, printing every diagnostic with the path
/// of its input. Files are read one at a time by the merge's threads and
/// dropped once merged; files that cannot be read count as failed inputs
/// under the failure mode of `options`.
pub(crate) fn merge_files(
    inputs: &[InputFile],
    options: &MergeOptions,
) -> Result<covkit_profile::merge::Merged, Failure> {
    let errors: Mutex<Vec<(usize, std::io::Error)>> = Mutex::new(Vec::new());
    let progress = Mutex::new(Progress::new("reading", inputs.len() as u64, "profiles"));
    let load = |i: usize| {
        if let Ok(mut progress) = progress.lock() {
            progress.advance(1);
        }
        let input = inputs.get(i)?;
        match files::map(&input.path) {
            Ok(bytes) => Some((bytes, input.weight)),
            Err(err) => {
                if let Ok(mut errors) = errors.lock() {
                    errors.push((i, err));
                }
                None
            }
        }
    };
    let result = merge_each(inputs.len(), options, load);
    drop(progress);
    let errors = errors.into_inner().unwrap_or_default();
    let print = |diagnostics: &[Diagnostic]| {
        for d in diagnostics {
            let Some(input) = inputs.get(d.input()) else {
                eprintln!("warning: {d}");
                continue;
            };
            match d {
                Diagnostic::NotLoaded { input: i } => {
                    if let Some((_, err)) = errors.iter().find(|(e, _)| e == i) {
                        console::warn(&input.path, files::describe(err));
                    }
                }
                _ => console::warn(&input.path, d),
            }
        }
    };
    match result {
        Ok(merged) => {
            print(&merged.diagnostics);
            Ok(merged)
        }
        Err(failure) => {
            print(&failure.diagnostics);
            Err(no_profile())
        }
    }
}

/// The library's failure mode for `--failure-mode`.
pub(crate) fn failure_mode(arg: FailureModeArg) -> FailureMode {
    match arg {
        FailureModeArg::Any => FailureMode::Any,
        FailureModeArg::All => FailureMode::All,
        FailureModeArg::Warn => FailureMode::Warn,
    }
}

/// Runs `profconv merge`.
pub(crate) fn run(args: &MergeArgs) -> Outcome {
    let mut inputs: Vec<InputFile> = Vec::new();
    for path in &args.inputs {
        files::collect(path, 1, &mut inputs)?;
    }
    for arg in &args.weighted {
        let (weight, path) = parse_weighted(arg)?;
        files::collect(&path, weight, &mut inputs)?;
    }
    for list in &args.input_files {
        let text = files::read(list).map_err(|e| console::error(list, files::describe(&e)))?;
        for line in String::from_utf8_lossy(&text).lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let weighted = line
                .split_once(',')
                .is_some_and(|(w, _)| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()));
            let (weight, path) = if weighted {
                parse_weighted(line)?
            } else {
                (1, PathBuf::from(line))
            };
            files::collect(&path, weight, &mut inputs)?;
        }
    }
    if inputs.is_empty() {
        return Err(Failure::Usage("merge: no input files specified".to_owned()));
    }
    let options = MergeOptions {
        failure_mode: failure_mode(args.failure_mode),
        threads: args.num_threads,
    };

    files::check_writable(&args.output)?;
    let merged = merge_files(&inputs, &options)?;
    if args.text {
        files::write_output(&args.output, &merged.to_text(args.sparse), false)
    } else {
        let version = match (args.write_prev_version, args.profile_version.as_deref()) {
            (true, _) | (false, Some("11")) => indexed::IndexedVersion::V11,
            (false, Some("12")) => indexed::IndexedVersion::V12,
            _ => indexed::IndexedVersion::V13,
        };
        let options = indexed::WriteOptions {
            sparse: args.sparse,
            version,
        };
        files::write_output(&args.output, &merged.to_indexed(&options), true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_inputs_need_a_positive_weight() {
        assert_eq!(
            parse_weighted("3,a.profraw").unwrap(),
            (3, PathBuf::from("a.profraw"))
        );
        assert_eq!(
            parse_weighted("1,dir/x,y").unwrap(),
            (1, PathBuf::from("dir/x,y"))
        );
        for bad in ["0,a", "-1,a", "+2,a", "x,a", "a.profraw", ",a"] {
            assert!(
                matches!(parse_weighted(bad), Err(Failure::Usage(_))),
                "{bad}"
            );
        }
    }
}
