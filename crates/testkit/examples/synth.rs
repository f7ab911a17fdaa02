//! Writes the fixture corpus: `fixtures/synthetic/` (well-formed profiles
//! and objects of every version, width and byte order, plus
//! `expected.txt`) and `fixtures/malformed/` (one broken rule per file,
//! plus `README.md`).
//!
//! ```text
//! cargo run -q -p covkit-testkit --example synth -- <fixtures dir>
//! ```
//!
//! Deterministic: running it twice writes the same bytes. It never deletes
//! files; LLVM's outputs written by `fixtures/synthetic/check.sh` stay.

use covkit_testkit::corpus::{self, Fixture};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn write_all(dir: &Path, fixtures: &[Fixture]) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    for f in fixtures {
        std::fs::write(dir.join(&f.path), &f.bytes)?;
    }
    Ok(fixtures.len())
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(root), None) = (args.next(), args.next()) else {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("usage: synth <fixtures dir>");
        }
        return ExitCode::from(2);
    };
    let root = PathBuf::from(root);
    let result = write_all(&root.join("synthetic"), &corpus::synthetic())
        .and_then(|a| Ok((a, write_all(&root.join("malformed"), &corpus::malformed())?)));
    match result {
        Ok((synthetic, malformed)) => {
            #[allow(clippy::print_stdout)]
            {
                println!(
                    "wrote {synthetic} files to {} and {malformed} to {}",
                    root.join("synthetic").display(),
                    root.join("malformed").display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("synth: {e}");
            }
            ExitCode::FAILURE
        }
    }
}
