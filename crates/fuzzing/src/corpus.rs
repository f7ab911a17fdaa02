//! The inputs each target gets from the fixture corpus: the seed corpora
//! of `fuzz/seed` and the replay tests use the same list.
//!
//! In [`Mode::Replay`] every file goes to every byte-level target as it
//! is; in [`Mode::Seed`] only to the targets that read its kind, and only
//! when it is at most [`MAX_SEED_LEN`] bytes, so that the fuzzers start
//! from small, relevant inputs. Files that are something in particular
//! also give inputs shaped for a target: an object file's coverage
//! sections (with the options byte of [`crate::covmap`] and
//! [`crate::covfun`]), its names section, each covfun record's mapping;
//! the function names of lcov files for [`crate::demangle`]; and object
//! and profile pairs of one directory for [`crate::end_to_end`].

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use covkit::covmap::covfun::covfun_records;
use covkit::covmap::object::{Found, find_sections};
use covkit::wire::Endian;

/// Seeds are at most this long (the Rust corpus programs are larger, and
/// their C counterparts cover the same code).
pub const MAX_SEED_LEN: usize = 128 * 1024;

/// Which inputs [`for_each_input`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every file to every target, whatever its size.
    Replay,
    /// Each file to the targets that read its kind, small files only.
    Seed,
}

/// The directories of `fixtures/` the corpus is made of.
pub const FIXTURE_DIRS: &[&str] = &["corpus", "synthetic", "malformed"];

/// Every file under `dir`, sorted.
///
/// # Errors
///
/// A directory that cannot be listed.
pub fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Whether `name` is a profile by its extension.
fn is_profile(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "profraw" || e == "profdata" || e == "proftext")
}

/// Whether `bytes` look like an object file, archive or Wasm module.
fn is_object(bytes: &[u8]) -> bool {
    find_sections(bytes, None).is_ok_and(|found| matches!(found, Found::Coverage(_)))
}

fn options_byte(endian: Endian) -> u8 {
    match endian {
        Endian::Little => 0,
        Endian::Big => 1,
    }
}

/// Whether `path` names an lcov tracefile.
fn is_lcov(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().contains(".lcov"))
}

/// The targets that read a file like `path` as it is.
fn seed_targets(path: &Path, bytes: &[u8]) -> Vec<&'static str> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let mut targets = match ext {
        "profraw" => vec!["raw_profile"],
        "profdata" => vec!["indexed_profile"],
        "proftext" => vec!["text_profile"],
        _ if is_lcov(path) => vec!["lcov"],
        _ if is_object(bytes) => vec!["object"],
        _ => Vec::new(),
    };
    if path.components().any(|c| c.as_os_str() == "malformed") {
        targets.push("structured");
        if ext == "o" {
            targets.push("object");
        }
    }
    targets.dedup();
    targets
}

/// The function names of an lcov tracefile (`FN:<line>,<name>`), each
/// once.
fn lcov_names(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut names: Vec<Vec<u8>> = bytes
        .split(|&b| b == b'\n')
        .filter_map(|line| line.strip_prefix(b"FN:"))
        .filter_map(|rest| {
            let comma = rest.iter().position(|&b| b == b',')?;
            rest.get(comma + 1..).map(<[u8]>::to_vec)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The inputs shaped for particular targets that one file gives:
/// `(target name, input)`.
#[must_use]
pub fn shaped_inputs(path: &Path, bytes: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    if is_lcov(path) {
        out.extend(lcov_names(bytes).into_iter().map(|n| ("demangle", n)));
        return out;
    }
    let Ok(Found::Coverage(all)) = find_sections(bytes, None) else {
        return out;
    };
    for sections in all {
        let flags = options_byte(sections.endian);
        let mut covmap = vec![flags];
        covmap.extend_from_slice(&sections.covmap.data);
        out.push(("covmap", covmap));
        out.push(("names", sections.names.data.to_vec()));
        // A filename list as long as the largest block's.
        let num_filenames = 255u8;
        let mut covfun = vec![flags, num_filenames];
        covfun.extend_from_slice(&sections.covfun.data);
        out.push(("covfun", covfun));
        for record in covfun_records(&sections.covfun.data, 0, sections.endian).flatten() {
            let mut mapping = vec![num_filenames];
            mapping.extend_from_slice(record.mapping);
            out.push(("covfun_mapping", mapping));
        }
    }
    out
}

/// One input per target for every file under the fixture directories of
/// `fixtures`, plus end-to-end pairs: each object file with up to two
/// profiles of its own directory, and for the object-format builds
/// (which have no profile) the clang-22 build's merged profile.
///
/// `visit` gets `(target name, a short label, input)`.
///
/// # Errors
///
/// A fixture that cannot be read.
pub fn for_each_input(
    fixtures: &Path,
    mode: Mode,
    mut visit: impl FnMut(&'static str, &str, &[u8]),
) -> io::Result<()> {
    let mut objects: Vec<PathBuf> = Vec::new();
    for dir in FIXTURE_DIRS {
        for path in files_under(&fixtures.join(dir))? {
            let bytes = fs::read(&path)?;
            let label = path
                .strip_prefix(fixtures)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            if mode == Mode::Seed && bytes.len() > MAX_SEED_LEN {
                continue;
            }
            match mode {
                Mode::Replay => {
                    for target in crate::TARGETS {
                        if target.name != "end_to_end" {
                            visit(target.name, &label, &bytes);
                        }
                    }
                }
                Mode::Seed => {
                    for target in seed_targets(&path, &bytes) {
                        visit(target, &label, &bytes);
                    }
                }
            }
            for (target, input) in shaped_inputs(&path, &bytes) {
                if mode == Mode::Replay || input.len() <= MAX_SEED_LEN {
                    visit(target, &label, &input);
                }
            }
            if is_object(&bytes) {
                objects.push(path);
            }
        }
    }
    for object in &objects {
        let Some(dir) = object.parent() else { continue };
        let mut profiles: Vec<PathBuf> = files_under(dir)?
            .into_iter()
            .filter(|p| is_profile(p) && p.parent() == Some(dir))
            .take(2)
            .collect();
        if profiles.is_empty() {
            // corpus/objects/<format>/<program>/ -> corpus/clang-22/<program>/
            if let (Some(program), Some(corpus)) = (
                dir.file_name(),
                dir.parent().and_then(Path::parent).and_then(Path::parent),
            ) {
                let merged = corpus
                    .join("clang-22")
                    .join(program)
                    .join("merged.profdata");
                if merged.is_file() {
                    profiles.push(merged);
                }
            }
        }
        let object_bytes = fs::read(object)?;
        let label = object
            .strip_prefix(fixtures)
            .unwrap_or(object)
            .to_string_lossy()
            .into_owned();
        for (i, profile) in profiles.iter().enumerate() {
            let input = crate::join_end_to_end(&object_bytes, &fs::read(profile)?, i % 2 == 1);
            visit("end_to_end", &label, &input);
        }
    }
    Ok(())
}
