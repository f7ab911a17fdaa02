//! Writes `cobertura.xml` and `sonar.xml` for one program of the fixture
//! corpus, for checking the writers with the consumers themselves
//! (`.ci/consumers`).
//!
//! ```text
//! cargo run -p covkit-export --example xml -- <program dir> <out dir> [source root] [sources dir]
//! ```
//!
//! `<program dir>` holds `program` and `merged.profdata`
//! (`fixtures/corpus/<toolchain>/<program>`). Paths are made relative to
//! `source root` when given. With `sources dir`, Sonar's lines are checked
//! against the length of the files there (a path `<source root>/x` is
//! read as `<sources dir>/x`); dropped lines are printed.
//!
//! The timestamp is `SOURCE_DATE_EPOCH` when set, else 0, so the output is
//! reproducible.

// An example prints what it did.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use covkit_export::cobertura::{self, CoberturaOptions};
use covkit_export::model::Coverage;
use covkit_export::model::covmap::{LoadOptions, load_object};
use covkit_export::model::profile::indexed::IndexedProfile;
use covkit_export::sonar::{self, SonarOptions};
use covkit_export::tracefile::Tracefile;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(program), Some(out)) = (args.first(), args.get(1)) else {
        return Err("usage: xml <program dir> <out dir> [source root] [sources dir]".into());
    };
    let source_root = args.get(2).cloned();
    let sources_dir = args.get(3).map(PathBuf::from);
    let program = Path::new(program);

    let binary = fs::read(program.join("program"))?;
    let objects = load_object(&binary, &LoadOptions::default())?.ok_or("no coverage data")?;
    let profile_bytes = fs::read(program.join("merged.profdata"))?;
    let profile = IndexedProfile::parse(&profile_bytes)?;
    let model = Coverage::from_objects(&objects, &profile)?;
    let tracefile = Tracefile::from_model(&model, &model.source_files());

    let timestamp = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let out = Path::new(out);
    fs::create_dir_all(out)?;

    let mut xml = Vec::new();
    let options = CoberturaOptions {
        source_root: source_root.clone(),
        timestamp,
        ..CoberturaOptions::default()
    };
    cobertura::write(&tracefile, &options, &mut xml)?;
    fs::write(out.join("cobertura.xml"), &xml)?;

    let count_lines = |path: &str| -> Option<u32> {
        let root = source_root.as_deref()?;
        let relative = path.strip_prefix(root)?.trim_start_matches('/');
        let text = fs::read(sources_dir.as_ref()?.join(relative)).ok()?;
        let newlines = text.iter().filter(|&&b| b == b'\n').count();
        let partial = usize::from(!text.is_empty() && !text.ends_with(b"\n"));
        u32::try_from(newlines + partial).ok()
    };
    let options = SonarOptions {
        source_root: source_root.clone(),
        line_count: Some(&count_lines),
    };
    let mut xml = Vec::new();
    let dropped = sonar::write(&tracefile, &options, &mut xml)?;
    fs::write(out.join("sonar.xml"), &xml)?;
    for d in &dropped {
        eprintln!(
            "{}: {} line(s) from line {} dropped ({:?})",
            d.path, d.lines, d.first_line, d.reason
        );
    }
    println!(
        "{}: {} file(s) written to {}",
        program.display(),
        tracefile.files.len(),
        out.display()
    );
    Ok(())
}
