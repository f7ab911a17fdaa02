//! `profconv dump`: the structure of a raw or indexed profile, field by
//! field with offsets (`covkit_profile::raw::dump`,
//! `covkit_profile::indexed::dump`), or the coverage mapping of a binary
//! (`covkit::covmap::dump`), for bug reports and fixtures.

use std::io::Write as _;

use covkit::covmap::dump::{Stats, dump as dump_mapping};
use covkit::covmap::{LoadOptions, load_object};
use covkit_profile::read::Format;
use covkit_profile::{indexed, raw};

use crate::cli::DumpArgs;
use crate::console::{self, Outcome};
use crate::files;

/// Runs `profconv dump`.
pub(crate) fn run(args: &DumpArgs) -> Outcome {
    let path = &args.file;
    let data = files::read(path).map_err(|e| console::error(path, files::describe(&e)))?;
    let Ok(format) = Format::detect(&data) else {
        return dump_binary(args, &data);
    };
    if args.stats {
        return Err(console::Failure::Usage(
            "--stats counts the regions of a binary; this is a profile".to_owned(),
        ));
    }
    let mut out = String::new();
    let result = match format {
        Format::Raw => raw::dump(&data, &mut out),
        Format::Indexed => indexed::dump(&data, &mut out),
        Format::Text => {
            return Err(console::error(
                path,
                "a text profile has no binary layout to dump; use `profconv show --text`",
            ));
        }
        Format::Empty => return Err(console::error(path, "empty profile file")),
    };
    // What was decoded before an error is still worth seeing.
    let printed = std::io::stdout().lock().write_all(out.as_bytes());
    result.map_err(|e| console::error(path, e))?;
    printed.map_err(|e| console::error(std::path::Path::new("<stdout>"), files::describe(&e)))
}

/// Dumps the coverage mapping of an instrumented binary.
fn dump_binary(args: &DumpArgs, data: &[u8]) -> Outcome {
    let path = &args.file;
    let options = LoadOptions {
        arch: args.arch.as_deref(),
        compilation_dir: None,
    };
    let objects = load_object(data, &options)
        .map_err(|e| console::error(path, e))?
        .ok_or_else(|| console::error(path, "no coverage data found"))?;
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = dump_mapping(&objects, &mut out);
    if args.stats {
        out.push('\n');
        out.push_str(&Stats::of(&objects).to_string());
    }
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .map_err(|e| console::error(std::path::Path::new("<stdout>"), files::describe(&e)))
}
