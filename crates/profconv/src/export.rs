//! `profconv export`: `llvm-cov export`, from the binaries and profiles to
//! llvm-cov's JSON (`-format=text`, the default) or lcov, without LLVM.

use covkit::export::json::{self, JsonOptions};
use covkit::export::lcov::{self, Instantiations, LcovOptions};

use crate::cli::ExportArgs;
use crate::console::{self, Outcome};
use crate::coverage;
use crate::files;

/// Runs `profconv export`.
pub(crate) fn run(args: &ExportArgs) -> Outcome {
    let loaded = coverage::load(&args.coverage, "export")?;
    let model = &loaded.model;
    let files = loaded.files();
    let mut out = Vec::new();
    let written = if args.format == "lcov" {
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
        lcov::write_files(model, &files, &options, instantiations, &mut out)
    } else {
        let options = JsonOptions {
            summary_only: args.summary_only,
            skip_functions: args.skip_functions,
            skip_expansions: args.skip_expansions,
        };
        json::write_files(model, &files, &options, &mut out)
    };
    written.map_err(|e| console::error(&args.output, files::describe(&e)))?;
    files::write_output(&args.output, &out, false)
}
