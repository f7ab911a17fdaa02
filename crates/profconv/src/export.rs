//! `profconv export`: `llvm-cov export`, from the binaries and profiles to
//! llvm-cov's JSON (`-format=text`, the default) or lcov, byte for byte,
//! and to Cobertura and Sonar generic coverage XML, without LLVM. Several
//! formats can come out of one run: `--output FORMAT=PATH` is repeatable.

use covkit::export::json::{self, JsonOptions};
use covkit::export::lcov::{self, Instantiations, LcovOptions};
use covkit::export::tracefile::Tracefile;

use crate::cli::ExportArgs;
use crate::console::{self, Outcome};
use crate::coverage;
use crate::files;
use crate::outputs;
use crate::progress::Progress;

/// The formats `export` writes, by the names `-format` and `--output`
/// take.
const FORMATS: &[&str] = &["text", "json", "lcov", "cobertura", "sonar"];

/// Runs `profconv export`.
pub(crate) fn run(args: &ExportArgs) -> Outcome {
    let outputs = outputs::parse(&args.output, &args.format, FORMATS, "export")?;
    outputs::check_writable(&outputs)?;
    let loaded = coverage::load(&args.coverage, "export")?;
    let files = loaded.files();
    let mut tracefile = None;
    let mut progress = Progress::new("writing", outputs.len() as u64, "reports");
    for (format, path) in &outputs {
        progress.advance(1);
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
                let local_path = |path: &str| loaded.selection.local_path(path).into();
                outputs::write_tracefile(t, format, path, &args.xml, &local_path)?;
                continue;
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
