//! Every program of the fixture corpus (all clang toolchains and rustc),
//! exported as lcov by covkit, is byte-identical to `llvm-cov-22 export
//! -format=lcov` of the same binary and `merged.profdata`, in the default,
//! `-skip-functions`, `-skip-branches` and `-summary-only` variants.
//!
//! Set `COVKIT_LCOV_DIFF=1` to print the first differing line of each
//! mismatch.

// Match counts and differences go to the test log.
#![allow(clippy::print_stderr)]

mod common;

use std::fs;
use std::path::Path;

use common::{check, corpus, first_difference, programs};

use covkit_export::lcov::{self, Instantiations, LcovOptions};
use covkit_export::model::Coverage;
use covkit_export::model::covmap::{LoadOptions, load_object};
use covkit_export::model::profile::indexed::IndexedProfile;

/// Cases that do not match yet, as `toolchain/program/variant`, each with
/// the reason. The test fails if one of them starts matching (shrink the
/// list) or if anything else stops matching.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

/// The corpus must hold at least this many programs.
const MIN_PROGRAMS: usize = 49;

/// Options that produce the stored default oracle.
const DEFAULT: LcovOptions = LcovOptions {
    skip_functions: false,
    skip_branches: false,
    summary_only: false,
};

/// The same options over other profiles: `(oracle, profile)`.
const OTHER_PROFILES: &[(&str, &str)] = &[
    ("export.sparse.lcov", "merged.sparse.profdata"),
    ("export.llvm22-profile.lcov", "llvm22.merged.profdata"),
];

const VARIANTS: &[(&str, LcovOptions, Instantiations)] = &[
    (
        "export.lcov",
        LcovOptions {
            skip_functions: false,
            skip_branches: false,
            summary_only: false,
        },
        Instantiations::Unified,
    ),
    (
        "export.skip-functions.lcov",
        LcovOptions {
            skip_functions: true,
            skip_branches: false,
            summary_only: false,
        },
        Instantiations::Unified,
    ),
    (
        "export.skip-branches.lcov",
        LcovOptions {
            skip_functions: false,
            skip_branches: true,
            summary_only: false,
        },
        Instantiations::Unified,
    ),
    (
        "export.summary-only.lcov",
        LcovOptions {
            skip_functions: false,
            skip_branches: false,
            summary_only: true,
        },
        Instantiations::Unified,
    ),
    (
        "export.no-unify-instantiations.lcov",
        LcovOptions {
            skip_functions: false,
            skip_branches: false,
            summary_only: false,
        },
        Instantiations::Separate,
    ),
];

#[test]
fn corpus_lcov_matches_llvm_cov_22() {
    let programs = programs();
    assert!(
        programs.len() >= MIN_PROGRAMS,
        "only {} programs in the corpus",
        programs.len()
    );
    let show = std::env::var_os("COVKIT_LCOV_DIFF").is_some();
    let mut mismatches = Vec::new();
    let mut compared = 0;
    let mut bytes = 0;
    let mut compared_other = 0;
    let mut matched_other = 0;
    let mut per_variant = vec![0usize; VARIANTS.len()];
    for (id, dir) in &programs {
        let binary = fs::read(dir.join("program")).unwrap();
        let profile_bytes = fs::read(dir.join("merged.profdata")).unwrap();
        let profile = IndexedProfile::parse(&profile_bytes).unwrap();
        let objects = load_object(&binary, &LoadOptions::default())
            .unwrap()
            .expect("no coverage data");
        let model = Coverage::from_objects(&objects, &profile).unwrap();
        for (variant, other) in OTHER_PROFILES {
            let bytes = fs::read(dir.join(other)).unwrap();
            let other = IndexedProfile::parse(&bytes).unwrap();
            let model = Coverage::from_objects(&objects, &other).unwrap();
            let expected =
                fs::read(dir.join("oracle").join(format!("llvm-cov-22.{variant}"))).unwrap();
            let mut actual = Vec::new();
            lcov::write(&model, &DEFAULT, &mut actual).unwrap();
            compared_other += 1;
            if expected == actual {
                matched_other += 1;
            } else {
                if show {
                    eprintln!("{id}/{variant}: {}", first_difference(&expected, &actual));
                }
                mismatches.push(format!("{id}/{variant}"));
            }
        }
        for (v, (variant, options, instantiations)) in VARIANTS.iter().enumerate() {
            let expected =
                fs::read(dir.join("oracle").join(format!("llvm-cov-22.{variant}"))).unwrap();
            let mut actual = Vec::new();
            lcov::write_with(&model, options, *instantiations, &mut actual).unwrap();
            compared += 1;
            bytes += expected.len();
            assert!(!expected.is_empty(), "{id}: empty oracle {variant}");
            let case = format!("{id}/{variant}");
            if expected == actual {
                per_variant[v] += 1;
            } else {
                if show {
                    eprintln!("{case}: {}", first_difference(&expected, &actual));
                }
                mismatches.push(case);
            }
        }
    }
    for (v, (variant, _, _)) in VARIANTS.iter().enumerate() {
        eprintln!("{variant}: {} of {} match", per_variant[v], programs.len());
    }
    eprintln!("other profiles: {matched_other} of {compared_other} match");
    assert_eq!(compared, programs.len() * VARIANTS.len());
    assert_eq!(compared_other, programs.len() * OTHER_PROFILES.len());
    eprintln!("{compared} files, {bytes} bytes compared");
    assert!(bytes > 100_000, "suspiciously little output compared");
    let known: Vec<&str> = KNOWN_DIFFERENCES.iter().map(|(case, _)| *case).collect();
    check(&mismatches, &known);
}

/// One llvm-cov command of an objects `commands.txt`: the oracle it wrote,
/// the profile and the objects, relative to the program's directory.
struct Command {
    oracle: String,
    profile: String,
    objects: Vec<String>,
}

fn lcov_commands(dir: &Path) -> Vec<Command> {
    let text = fs::read_to_string(dir.join("commands.txt")).unwrap();
    let mut out = Vec::new();
    for line in text.lines() {
        let Some((oracle, command)) = line.split_once(": llvm-cov-22 export ") else {
            continue;
        };
        if !oracle.ends_with(".lcov") {
            continue;
        }
        let mut profile = None;
        let mut objects = Vec::new();
        let mut tokens = command.split_whitespace();
        while let Some(t) = tokens.next() {
            if let Some(p) = t.strip_prefix("-instr-profile=") {
                profile = Some(p.to_owned());
            } else if t == "-object" {
                objects.push(tokens.next().unwrap().to_owned());
            } else if t == "-format=lcov" {
            } else if t.starts_with('-') {
                panic!("unexpected option {t} in {}", dir.display());
            } else {
                objects.push(t.to_owned());
            }
        }
        out.push(Command {
            oracle: oracle.to_owned(),
            profile: profile.unwrap(),
            objects,
        });
    }
    out
}

/// The object-format corpus: Mach-O, COFF, Wasm, big-endian and 32-bit ELF,
/// each as separate objects (several objects for `c_multi`) and linked,
/// against the clang-22 profiles. Commands llvm-cov refused (an `.error`
/// oracle) are checked to be refused here too: no object has coverage.
#[test]
fn object_formats_lcov_matches_llvm_cov_22() {
    let show = std::env::var_os("COVKIT_LCOV_DIFF").is_some();
    let mut compared = 0;
    let mut refused = 0;
    let mut mismatches = Vec::new();
    let root = corpus().join("objects");
    let mut dirs = Vec::new();
    for format in fs::read_dir(&root).unwrap() {
        let format = format.unwrap().path();
        if !format.is_dir() {
            continue;
        }
        for program in fs::read_dir(&format).unwrap() {
            dirs.push(program.unwrap().path());
        }
    }
    dirs.sort();
    for dir in &dirs {
        for command in lcov_commands(dir) {
            let case = format!(
                "{}/{}",
                dir.strip_prefix(&root).unwrap().display(),
                command.oracle
            );
            let profile_bytes = fs::read(dir.join(&command.profile)).unwrap();
            let profile = IndexedProfile::parse(&profile_bytes).unwrap();
            let mut objects = Vec::new();
            for object in &command.objects {
                let bytes = fs::read(dir.join(object)).unwrap();
                if let Some(found) = load_object(&bytes, &LoadOptions::default()).unwrap() {
                    objects.extend(found);
                }
            }
            let oracle = dir.join(&command.oracle);
            if !oracle.exists() {
                assert!(
                    dir.join(format!("{}.error", command.oracle)).exists(),
                    "{case}: no oracle and no error"
                );
                assert!(
                    objects.is_empty(),
                    "{case}: llvm-cov found no coverage data"
                );
                refused += 1;
                continue;
            }
            let model = Coverage::from_objects(&objects, &profile).unwrap();
            let mut actual = Vec::new();
            lcov::write(&model, &DEFAULT, &mut actual).unwrap();
            let expected = fs::read(&oracle).unwrap();
            compared += 1;
            if expected != actual {
                if show {
                    eprintln!("{case}: {}", first_difference(&expected, &actual));
                }
                mismatches.push(case);
            }
        }
    }
    eprintln!(
        "object formats: {} of {compared} match, {refused} refused",
        compared - mismatches.len()
    );
    assert!(compared >= 64, "only {compared} object-format oracles");
    assert!(mismatches.is_empty(), "differences: {mismatches:#?}");
}

/// Raw profiles merged in memory give the same export as llvm-profdata-22's
/// merge of them (`llvm22.merged.profdata`), for the toolchains whose raw
/// profiles llvm-profdata-22 reads (clang 19 and 22, rustc).
#[test]
fn raw_profiles_merged_in_memory_match_llvm22_merge() {
    use covkit_export::model::RecordCounts;
    use covkit_export::model::profile::merge::{Input, MergeOptions, merge};

    let mut compared = 0;
    let mut mismatches = Vec::new();
    for (id, dir) in programs() {
        if id.starts_with("clang-13") || id.starts_with("clang-14") || id.starts_with("clang-16") {
            continue;
        }
        let mut raws: Vec<Vec<u8>> = Vec::new();
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "profraw") {
                raws.push(fs::read(path).unwrap());
            }
        }
        assert!(raws.len() >= 2, "{id}: fewer than two runs");
        let inputs: Vec<Input<'_>> = raws.iter().map(|r| Input::new(r)).collect();
        let merged = merge(&inputs, &MergeOptions::default()).unwrap();
        let counts = RecordCounts::new(&merged.records);
        let binary = fs::read(dir.join("program")).unwrap();
        let objects = load_object(&binary, &LoadOptions::default())
            .unwrap()
            .unwrap();
        let model = Coverage::from_objects(&objects, &counts).unwrap();
        let mut actual = Vec::new();
        lcov::write(&model, &DEFAULT, &mut actual).unwrap();
        let expected = fs::read(dir.join("oracle/llvm-cov-22.export.llvm22-profile.lcov")).unwrap();
        compared += 1;
        if expected != actual {
            mismatches.push(format!("{id}: {}", first_difference(&expected, &actual)));
        }
    }
    assert!(
        compared >= 25,
        "only {compared} programs with raw v10 profiles"
    );
    assert!(mismatches.is_empty(), "differences: {mismatches:#?}");
}
