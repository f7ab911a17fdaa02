//! `profconv dump`: the structure of a raw or indexed profile, field by
//! field with offsets (`covkit_profile::raw::dump`,
//! `covkit_profile::indexed::dump`), for bug reports and fixtures.

use std::io::Write as _;

use covkit_profile::read::Format;
use covkit_profile::{indexed, raw};

use crate::cli::DumpArgs;
use crate::files;
use crate::report::{self, Outcome};

/// Runs `profconv dump`.
pub(crate) fn run(args: &DumpArgs) -> Outcome {
    let path = &args.file;
    let data = files::read(path).map_err(|e| report::error(path, files::describe(&e)))?;
    let mut out = String::new();
    let result = match Format::detect(&data).map_err(|e| report::error(path, e))? {
        Format::Raw => raw::dump(&data, &mut out),
        Format::Indexed => indexed::dump(&data, &mut out),
        Format::Text => {
            return Err(report::error(
                path,
                "a text profile has no binary layout to dump; use `profconv show --text`",
            ));
        }
        Format::Empty => return Err(report::error(path, "empty profile file")),
    };
    // What was decoded before an error is still worth seeing.
    let printed = std::io::stdout().lock().write_all(out.as_bytes());
    result.map_err(|e| report::error(path, e))?;
    printed.map_err(|e| report::error(std::path::Path::new("<stdout>"), files::describe(&e)))
}
