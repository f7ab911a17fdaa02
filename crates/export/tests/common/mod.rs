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

/// One file's record in an lcov tracefile, as the XML writers must show
/// it: the `DA` counts and, per line, the `BRDA` outcomes and those taken.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct LcovFile {
    pub(crate) lines: std::collections::BTreeMap<u32, u64>,
    pub(crate) branches: std::collections::BTreeMap<u32, (u64, u64)>,
}

/// The records of an lcov tracefile by `SF` path.
pub(crate) fn lcov_files(text: &str) -> std::collections::BTreeMap<String, LcovFile> {
    let mut out = std::collections::BTreeMap::new();
    let mut current: Option<(String, LcovFile)> = None;
    for line in text.lines() {
        if let Some(path) = line.strip_prefix("SF:") {
            current = Some((path.to_owned(), LcovFile::default()));
        } else if line == "end_of_record" {
            let (path, file) = current.take().expect("end_of_record without SF");
            out.insert(path, file);
        } else if let Some(da) = line.strip_prefix("DA:") {
            let (l, c) = da.split_once(',').unwrap();
            let file = &mut current.as_mut().unwrap().1;
            file.lines.insert(l.parse().unwrap(), c.parse().unwrap());
        } else if let Some(brda) = line.strip_prefix("BRDA:") {
            let fields: Vec<&str> = brda.split(',').collect();
            let file = &mut current.as_mut().unwrap().1;
            let slot = file.branches.entry(fields[0].parse().unwrap()).or_default();
            slot.0 += 1;
            if fields[3] != "-" && fields[3] != "0" {
                slot.1 += 1;
            }
        }
    }
    out
}

/// Lines, covered lines, branch outcomes and covered outcomes of `files`.
pub(crate) fn lcov_totals(files: &std::collections::BTreeMap<String, LcovFile>) -> [u64; 4] {
    let mut t = [0; 4];
    for f in files.values() {
        t[0] += f.lines.len() as u64;
        t[1] += f.lines.values().filter(|&&c| c > 0).count() as u64;
        for &(total, covered) in f.branches.values() {
            t[2] += total;
            t[3] += covered;
        }
    }
    t
}

/// Where a corpus path (`/covkit/<program>/...`) lives in the checkout:
/// `fixtures/programs/<program>/...`.
pub(crate) fn program_source(path: &str) -> Option<PathBuf> {
    let rest = path.strip_prefix("/covkit/")?;
    Some(corpus().join("../programs").join(rest))
}

/// `crates/export/tests/schemas/<name>`.
pub(crate) fn schema(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(name)
}

/// Runs `xmllint --noout --nonet <args> -` on `document`: `None` when
/// xmllint is not installed (an error if `COVKIT_REQUIRE_XMLLINT` is set),
/// else its complaints, empty when the document is valid.
pub(crate) fn xmllint(args: &[&std::ffi::OsStr], document: &[u8]) -> Option<String> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let child = Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            assert!(
                std::env::var_os("COVKIT_REQUIRE_XMLLINT").is_none(),
                "xmllint is required: {e}"
            );
            return None;
        }
    };
    child.stdin.take().unwrap().write_all(document).unwrap();
    let output = child.wait_with_output().unwrap();
    if output.status.success() {
        Some(String::new())
    } else {
        Some(format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Parses `text`, allowing its `DOCTYPE`.
pub(crate) fn parse_xml(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).unwrap_or_else(|e| panic!("{e}"))
}
