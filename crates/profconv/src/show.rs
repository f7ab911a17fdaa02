//! `profconv show`: `llvm-profdata show` for instrumentation profiles (the
//! function listing, its counts and summary, or the text dump), in the
//! style of a chosen llvm-profdata release.

use covkit_profile::read::Profile;
use covkit_profile::show::{ShowOptions, ShowStyle, show};

use crate::cli::ShowArgs;
use crate::console::{self, Failure, Outcome};
use crate::files;

/// Runs `profconv show`.
pub(crate) fn run(args: &ShowArgs) -> Outcome {
    if !(13..=22).contains(&args.llvm_version) {
        return Err(Failure::Usage(format!(
            "show: --llvm-version must be between 13 and 22, not {}",
            args.llvm_version
        )));
    }
    let data =
        files::read(&args.file).map_err(|e| console::error(&args.file, files::describe(&e)))?;
    let profile = Profile::parse(&data).map_err(|e| console::error(&args.file, e))?;
    let options = ShowOptions {
        all_functions: args.all_functions,
        counts: args.counts,
        text: args.text,
        binary_ids: args.binary_ids,
        style: ShowStyle::llvm(args.llvm_version),
    };
    files::write_output(&args.output, &show(&profile, &options), false)
}
