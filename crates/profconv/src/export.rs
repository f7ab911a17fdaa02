//! `profconv export`: `llvm-cov export`, from the binaries and profiles to
//! llvm-cov's JSON (`-format=text`, the default) or lcov, byte for byte,
//! and to Cobertura and Sonar generic coverage XML, without LLVM. Several
//! formats can come out of one run: `--output FORMAT=PATH` is repeatable.

use std::path::{Path, PathBuf};

use covkit::export::cobertura::{self, CoberturaOptions};
use covkit::export::json::{self, JsonOptions};
use covkit::export::lcov::{self, Instantiations, LcovOptions};
use covkit::export::sonar::{self, DropReason, SonarOptions};
use covkit::export::tracefile::Tracefile;

use crate::cli::ExportArgs;
use crate::console::{self, Failure, Outcome};
use crate::coverage::{self, Loaded};
use crate::files;

/// The formats `export` writes, by the names `-format` and `--output`
/// take.
const FORMATS: &[&str] = &["text", "json", "lcov", "cobertura", "sonar"];

/// Runs `profconv export`.
pub(crate) fn run(args: &ExportArgs) -> Outcome {
    let outputs = outputs(args)?;
    let loaded = coverage::load(&args.coverage, "export")?;
    let files = loaded.files();
    let mut tracefile = None;
    for (format, path) in &outputs {
        let mut out = Vec::new();
        let written = match format.as_str() {
            "lcov" => {
                let options = LcovOptions {
                    skip_functions: args.skip_functions,
                    skip_branches: args.skip_branches,
                    summary_only: args.summary_only,
                };
                let instantiations = if args.unify_instantiations {
                    Instantiations::Unified
                } else {
                    Instantiations::Separate
                };
                lcov::write_files(&loaded.model, &files, &options, instantiations, &mut out)
            }
            "cobertura" | "sonar" => {
                let t =
                    tracefile.get_or_insert_with(|| Tracefile::from_model(&loaded.model, &files));
                if format == "cobertura" {
                    cobertura::write(t, &cobertura_options(args), &mut out)
                } else {
                    write_sonar(t, args, &loaded, &mut out)
                }
            }
            _ => {
                let options = JsonOptions {
                    summary_only: args.summary_only,
                    skip_functions: args.skip_functions,
                    skip_expansions: args.skip_expansions,
                };
                json::write_files(&loaded.model, &files, &options, &mut out)
            }
        };
        written.map_err(|e| console::error(path, files::describe(&e)))?;
        files::write_output(path, &out, false)?;
    }
    Ok(())
}

/// The `(format, path)` pairs to write: each `--output FORMAT=PATH`, a
/// plain `--output PATH` in the `-format`, standard output by default.
fn outputs(args: &ExportArgs) -> Result<Vec<(String, PathBuf)>, Failure> {
    let mut out = Vec::new();
    for value in &args.output {
        let text = value.to_string_lossy();
        match text.split_once('=') {
            Some((format, path)) if FORMATS.contains(&format) => {
                out.push((format.to_owned(), PathBuf::from(path)));
            }
            _ => out.push((args.format.clone(), value.clone())),
        }
    }
    if out.is_empty() {
        out.push((args.format.clone(), PathBuf::from("-")));
    }
    let to_stdout = out.iter().filter(|(_, p)| p == Path::new("-")).count();
    if to_stdout > 1 {
        return Err(Failure::Usage(
            "export: only one output can go to standard output".to_owned(),
        ));
    }
    Ok(out)
}

fn cobertura_options(args: &ExportArgs) -> CoberturaOptions {
    // Reproducible builds set SOURCE_DATE_EPOCH; otherwise now.
    let timestamp = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    CoberturaOptions {
        source_root: args.source_root.clone(),
        timestamp,
        ..CoberturaOptions::default()
    }
}

/// Writes the Sonar report, dropping lines past the end of the source
/// files that can be read, with a warning naming each file.
fn write_sonar(
    t: &Tracefile,
    args: &ExportArgs,
    loaded: &Loaded,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let line_count = |path: &str| -> Option<u32> {
        let local = loaded.selection.local_path(path);
        let bytes = std::fs::read(local).ok()?;
        let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
        let last = usize::from(bytes.last().is_some_and(|&b| b != b'\n'));
        u32::try_from(newlines + last).ok()
    };
    let options = SonarOptions {
        source_root: args.source_root.clone(),
        line_count: Some(&line_count),
    };
    let dropped = sonar::write(t, &options, out)?;
    for d in dropped {
        let why = match d.reason {
            DropReason::LineZero => "line 0".to_owned(),
            DropReason::PastEnd { file_lines } => {
                format!("past its end (it has {file_lines} lines)")
            }
        };
        console::warn(
            Path::new(&d.path),
            format!(
                "{} lines from line {} dropped from the Sonar report: {why}",
                d.lines, d.first_line
            ),
        );
    }
    Ok(())
}
