//! `profconv convert`: lcov tracefiles in (llvm-cov's, grcov's, genhtml's,
//! gcovr's), merged, and lcov, Cobertura or Sonar generic coverage out. The
//! replacement for `lcov_cobertura.py`, without its losses: a file that
//! appears twice adds up, branch conditions are kept, class names are
//! unique.

use std::path::{Path, PathBuf};

use covkit::export::lcov;
use covkit::export::tracefile::Tracefile;

use crate::cli::ConvertArgs;
use crate::console::{self, Outcome};
use crate::files;
use crate::outputs;

/// The formats `convert` writes.
const FORMATS: &[&str] = &["cobertura", "sonar", "lcov"];

/// Runs `profconv convert`.
pub(crate) fn run(args: &ConvertArgs) -> Outcome {
    let outputs = outputs::parse(&args.output, &args.format, FORMATS, "convert")?;
    outputs::check_writable(&outputs)?;
    let mut merged = Tracefile::default();
    for path in &args.inputs {
        let bytes = files::read(path).map_err(|e| console::error(path, files::describe(&e)))?;
        let (t, diagnostics) =
            lcov::read_with_diagnostics(&bytes).map_err(|e| console::error(path, e))?;
        warn_grouped(path, &diagnostics);
        merged.merge(t);
    }
    if args.demangle {
        merged.demangle_names();
    }
    // Sonar reads the sources to drop lines past their end: paths as the
    // tracefiles name them, relative ones under --source-root.
    let root = args.xml.source_root.as_deref().map(Path::new);
    let local_path = |path: &str| -> PathBuf {
        match root {
            Some(root) if Path::new(path).is_relative() => root.join(path),
            _ => PathBuf::from(path),
        }
    };
    for (format, path) in &outputs {
        outputs::write_tracefile(&merged, format, path, &args.xml, &local_path)?;
    }
    Ok(())
}

/// Warns once per kind of diagnostic, at its first line, with how often it
/// occurred.
fn warn_grouped(path: &Path, diagnostics: &[lcov::Diagnostic]) {
    let mut seen: Vec<(&lcov::Diagnostic, usize)> = Vec::new();
    for d in diagnostics {
        match seen.iter_mut().find(|(first, _)| first.kind == d.kind) {
            Some((_, n)) => *n += 1,
            None => seen.push((d, 1)),
        }
    }
    for (d, n) in seen {
        if n == 1 {
            console::warn(path, d);
        } else {
            console::warn(path, format!("{d}, and {} more times", n - 1));
        }
    }
}
