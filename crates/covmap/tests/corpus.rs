//! Every binary and object of the fixture corpus decodes, and what it
//! decodes to agrees with llvm-cov 22's JSON export of the same file:
//! function names, file lists, and the coordinates and kinds of every
//! region and branch.

use std::fs;
use std::path::{Path, PathBuf};

use covkit_covmap::region::{Region, RegionKind};
use covkit_covmap::{Function, LoadOptions, ObjectCoverage, functions_of, load_object};
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus")
}

/// One function as both sides can describe it.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Shape {
    name: String,
    filenames: Vec<String>,
    /// (line start, column start, line end, column end, file id, expanded file id, kind)
    regions: Vec<[u64; 7]>,
    branches: Vec<[u64; 7]>,
}

fn kind_number(kind: &RegionKind) -> u64 {
    match kind {
        RegionKind::Code => 0,
        RegionKind::Expansion { .. } => 1,
        RegionKind::Skipped => 2,
        RegionKind::Gap => 3,
        RegionKind::Branch { .. } => 4,
        RegionKind::McdcDecision { .. } => 5,
        RegionKind::McdcBranch { .. } => 6,
    }
}

fn region_row(r: &Region) -> [u64; 7] {
    let expanded = match r.kind {
        RegionKind::Expansion { expanded } => u64::from(expanded.0),
        _ => 0,
    };
    [
        u64::from(r.start.line.0),
        u64::from(r.start.column.0),
        u64::from(r.end.line.0),
        u64::from(r.end.column.0),
        u64::from(r.file.0),
        expanded,
        kind_number(&r.kind),
    ]
}

fn ours(f: &Function) -> Shape {
    let filenames = (0..f.mapping.file_map.len())
        .map(|i| {
            f.file(covkit_covmap::ids::FileId(u32::try_from(i).unwrap()))
                .unwrap()
                .to_owned()
        })
        .collect();
    let regions = f
        .mapping
        .regions
        .iter()
        .filter(|r| !r.kind.is_branch() && !matches!(r.kind, RegionKind::McdcDecision { .. }))
        .map(region_row)
        .collect();
    // The JSON export leaves out branches whose two counters are both
    // constant zero (folded).
    let branches = f
        .mapping
        .regions
        .iter()
        .filter(|r| match r.kind {
            RegionKind::Branch { false_counter } | RegionKind::McdcBranch { false_counter, .. } => {
                !(r.counter.is_zero() && false_counter.is_zero())
            }
            _ => false,
        })
        .map(region_row)
        .collect();
    Shape {
        name: f.name.clone(),
        filenames,
        regions,
        branches,
    }
}

fn theirs(f: &Value) -> Shape {
    let nums = |v: &Value, idx: [usize; 7]| -> [u64; 7] { idx.map(|i| v[i].as_u64().unwrap()) };
    Shape {
        name: f["name"].as_str().unwrap().to_owned(),
        filenames: f["filenames"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect(),
        regions: f["regions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| nums(r, [0, 1, 2, 3, 5, 6, 7]))
            .collect(),
        branches: f["branches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| nums(r, [0, 1, 2, 3, 6, 7, 8]))
            .collect(),
    }
}

fn load(path: &Path) -> Vec<ObjectCoverage> {
    let bytes = fs::read(path).unwrap();
    load_object(&bytes, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .unwrap_or_else(|| panic!("{}: no coverage data", path.display()))
}

fn oracle_functions(json: &Path) -> Vec<Shape> {
    let v: Value = serde_json::from_str(&fs::read_to_string(json).unwrap()).unwrap();
    v["data"][0]["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(theirs)
        .collect()
}

/// Functions of several objects as llvm-cov loads them.
fn shapes(objects: &[ObjectCoverage]) -> Vec<Shape> {
    functions_of(objects).into_iter().map(ours).collect()
}

#[test]
fn native_binaries_agree_with_llvm_cov_export() {
    let mut checked = 0;
    for toolchain in fs::read_dir(corpus()).unwrap() {
        let toolchain = toolchain.unwrap().path();
        if toolchain.file_name().unwrap() == "objects" {
            continue;
        }
        for program in fs::read_dir(&toolchain).unwrap() {
            let dir = program.unwrap().path();
            let json = dir.join("oracle/llvm-cov-22.export.json");
            let objects = load(&dir.join("program"));
            let expected = oracle_functions(&json);
            let actual = shapes(&objects);
            assert_eq!(
                actual.len(),
                expected.len(),
                "{}: function count",
                dir.display()
            );
            for (a, e) in actual.iter().zip(&expected) {
                assert_eq!(a, e, "{}", dir.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} binaries checked");
}

#[test]
fn other_object_formats_agree_with_llvm_cov_export() {
    let mut checked = 0;
    for format in fs::read_dir(corpus().join("objects")).unwrap() {
        let format = format.unwrap().path();
        if !format.is_dir() {
            continue;
        }
        for program in fs::read_dir(&format).unwrap() {
            let dir = program.unwrap().path();
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_str().unwrap().to_owned();
                if !name.starts_with("linked") {
                    continue;
                }
                let json = dir.join("oracle/llvm-cov-22.linked.export.json");
                let mut expected = oracle_functions(&json);
                let mut actual = shapes(&load(&path));
                expected.sort();
                actual.sort();
                assert_eq!(actual, expected, "{}", path.display());
                checked += 1;
            }
            let json = dir.join("oracle/llvm-cov-22.objects.export.json");
            let mut objects: Vec<PathBuf> = fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "o"))
                .collect();
            objects.sort();
            if json.exists() {
                let all: Vec<ObjectCoverage> = objects.iter().flat_map(|p| load(p)).collect();
                let mut expected = oracle_functions(&json);
                let mut actual = shapes(&all);
                expected.sort();
                actual.sort();
                assert_eq!(actual, expected, "{}", dir.display());
                checked += 1;
            } else {
                // llvm-cov found no coverage data in these objects (Wasm
                // relocatable objects); neither do we.
                for path in &objects {
                    let bytes = fs::read(path).unwrap();
                    let found = load_object(&bytes, &LoadOptions::default()).unwrap();
                    assert!(found.is_none(), "{}", path.display());
                }
            }
        }
    }
    assert!(checked >= 30, "only {checked} objects checked");
}
