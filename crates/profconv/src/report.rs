//! `profconv report`: the summary table of `llvm-cov report`, and with
//! `-show-functions` the function table of each source file given.

use std::io::IsTerminal as _;

use covkit::export::report::{self, ReportOptions};

use crate::cli::ReportArgs;
use crate::console::{self, Failure, Outcome};
use crate::coverage;
use crate::files;

/// Runs `profconv report`.
pub(crate) fn run(args: &ReportArgs) -> Outcome {
    if args.show_functions && args.coverage.sources.is_empty() {
        return Err(Failure::Usage(
            "report: source files must be specified when -show-functions=true is specified"
                .to_owned(),
        ));
    }
    let loaded = coverage::load(&args.coverage, "report")?;
    let all = loaded.model.source_files();
    let files = loaded.selection.select_in_order(&all);
    let options = ReportOptions {
        show_region_summary: args.show_region_summary,
        show_branch_summary: args.show_branch_summary,
        show_instantiation_summary: args.show_instantiation_summary,
        show_mcdc_summary: args.show_mcdc_summary,
        // llvm-cov colours a terminal unless told otherwise.
        use_color: args
            .use_color
            .unwrap_or_else(|| std::io::stdout().is_terminal()),
    };
    let mut out = Vec::new();
    let written = if args.show_functions {
        report::write_functions(&loaded.model, &files, &options, &mut out)
    } else {
        report::write_files(&loaded.model, &files, &options, &mut out)
    };
    let stdout = std::path::Path::new("-");
    written.map_err(|e| console::error(stdout, files::describe(&e)))?;
    files::write_output(stdout, &out, false)
}
