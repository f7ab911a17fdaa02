//! Writes the seed corpus of every fuzz target from the fixtures:
//! `cargo run -p covkit-fuzzing --example seed -- <fixtures dir> <corpus dir>`
//! fills `<corpus dir>/<target>/` with one file per input, named by a
//! counter per target and the fixture it comes from, so that a rerun
//! overwrites its seeds instead of adding copies.

use std::collections::HashMap;
use std::path::PathBuf;
use std::{env, fs, io};

// The one line of output is the point of this tool.
#[allow(clippy::print_stderr)]
fn main() -> io::Result<()> {
    let mut args = env::args_os().skip(1);
    let (Some(fixtures), Some(corpus)) = (args.next(), args.next()) else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "usage: seed <fixtures dir> <corpus dir>",
        ));
    };
    let corpus = PathBuf::from(corpus);
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    let mut result = Ok(());
    covkit_fuzzing::corpus::for_each_input(
        &PathBuf::from(fixtures),
        covkit_fuzzing::corpus::Mode::Seed,
        |target, label, input| {
            if result.is_err() {
                return;
            }
            let n = counts.entry(target).or_default();
            *n += 1;
            let name: String = label
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let dir = corpus.join(target);
            result = fs::create_dir_all(&dir)
                .and_then(|()| fs::write(dir.join(format!("seed-{:05}-{name}", *n)), input));
        },
    )?;
    result?;
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort();
    for (target, n) in counts {
        eprintln!("{target}: {n} seeds");
    }
    Ok(())
}
