//! What the corpus tests of the writers share: the fixture programs, their
//! models, and a readable first difference.

// Each test crate uses part of this module.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use covkit_export::model::Coverage;
use covkit_export::model::covmap::{LoadOptions, ObjectCoverage, load_object};
use covkit_export::model::profile::indexed::IndexedProfile;

/// `fixtures/corpus`.
pub(crate) fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus")
}

/// Every program of the corpus as `(toolchain/program, directory)`, sorted;
/// the object-format corpus is left out.
pub(crate) fn programs() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for toolchain in fs::read_dir(corpus()).expect("fixtures/corpus is missing") {
        let toolchain = toolchain.unwrap();
        let name = toolchain.file_name().to_string_lossy().into_owned();
        if name == "objects" || !toolchain.path().is_dir() {
            continue;
        }
        for program in fs::read_dir(toolchain.path()).unwrap() {
            let program = program.unwrap();
            let id = format!("{name}/{}", program.file_name().to_string_lossy());
            out.push((id, program.path()));
        }
    }
    out.sort();
    out
}

/// The coverage mapping of a program directory's `program`.
pub(crate) fn objects(dir: &Path) -> Vec<ObjectCoverage> {
    let binary = fs::read(dir.join("program")).unwrap();
    load_object(&binary, &LoadOptions::default())
        .unwrap()
        .expect("no coverage data")
}

/// The model of a program directory's `program` and the indexed `profile`
/// beside it.
pub(crate) fn model(dir: &Path, profile: &str) -> Coverage {
    let objects = objects(dir);
    let bytes = fs::read(dir.join(profile)).unwrap();
    let profile = IndexedProfile::parse(&bytes).unwrap();
    Coverage::from_objects(&objects, &profile).unwrap()
}

/// The stored llvm-cov 22 output `name` of a program directory.
pub(crate) fn oracle(dir: &Path, name: &str) -> Vec<u8> {
    fs::read(dir.join("oracle").join(format!("llvm-cov-22.{name}"))).unwrap()
}

/// The first line that differs, or how the lengths differ.
pub(crate) fn first_difference(expected: &[u8], actual: &[u8]) -> String {
    let e = String::from_utf8_lossy(expected);
    let a = String::from_utf8_lossy(actual);
    for (i, (el, al)) in e.lines().zip(a.lines()).enumerate() {
        if el != al {
            return format!("line {}: expected {el:?}, got {al:?}", i + 1);
        }
    }
    format!(
        "lengths differ: expected {} lines, got {}",
        e.lines().count(),
        a.lines().count()
    )
}

/// The first byte that differs, with some context: for one-line outputs.
pub(crate) fn first_byte_difference(expected: &[u8], actual: &[u8]) -> String {
    let at = expected
        .iter()
        .zip(actual)
        .position(|(e, a)| e != a)
        .unwrap_or(expected.len().min(actual.len()));
    let window = |s: &[u8]| {
        let from = at.saturating_sub(60);
        String::from_utf8_lossy(&s[from..(at + 60).min(s.len())]).into_owned()
    };
    format!(
        "byte {at}: expected ...{}..., got ...{}... (lengths {} and {})",
        window(expected),
        window(actual),
        expected.len(),
        actual.len()
    )
}

/// Fails on mismatches not in `KNOWN_DIFFERENCES`, and on known ones that
/// now match.
pub(crate) fn check(mismatches: &[String], known: &[&str]) {
    let unexpected: Vec<&String> = mismatches
        .iter()
        .filter(|m| !known.contains(&m.as_str()))
        .collect();
    let fixed: Vec<&&str> = known
        .iter()
        .filter(|k| !mismatches.iter().any(|m| m == *k))
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpected differences: {unexpected:#?}"
    );
    assert!(
        fixed.is_empty(),
        "now matching, remove from KNOWN_DIFFERENCES: {fixed:#?}"
    );
}
