//! Every program of the fixture corpus (all clang toolchains and rustc),
//! reported by covkit, is byte-identical to `llvm-cov-22 report` of the
//! same binary and `merged.profdata`, by default and with every summary
//! shown; and the `-show-functions` tables, source file lists and colours
//! match what llvm-cov-22 printed for some of them (stored under
//! `tests/report/`, with the command that wrote each in `commands.txt`).
//!
//! Set `COVKIT_REPORT_DIFF=1` to print the first differing line of each
//! mismatch.

// Match counts and differences go to the test log.
#![allow(clippy::print_stderr)]

mod common;

use std::fs;
use std::path::Path;

use common::{check, corpus, first_difference, programs};
use covkit_export::report::{self, ReportOptions};

/// Cases that do not match yet, as `toolchain/program/oracle`, each with
/// the reason. The test fails if one of them starts matching (shrink the
/// list) or if anything else stops matching.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

/// The corpus must hold at least this many programs.
const MIN_PROGRAMS: usize = 49;

/// `-show-region-summary -show-branch-summary -show-mcdc-summary
/// -show-instantiation-summary -show-functions=false`.
const ALL_SUMMARIES: ReportOptions = ReportOptions {
    show_instantiation_summary: true,
    show_mcdc_summary: true,
    ..ReportOptions::LLVM_DEFAULT
};

const VARIANTS: &[(&str, ReportOptions)] = &[
    ("llvm-cov-22.report.txt", ReportOptions::LLVM_DEFAULT),
    ("llvm-cov-22.report.all-summaries.txt", ALL_SUMMARIES),
];

#[test]
fn corpus_report_matches_llvm_cov_22() {
    let programs = programs();
    assert!(
        programs.len() >= MIN_PROGRAMS,
        "only {} programs in the corpus",
        programs.len()
    );
    let show = std::env::var_os("COVKIT_REPORT_DIFF").is_some();
    let mut mismatches = Vec::new();
    let mut compared = 0;
    let mut bytes = 0;
    let mut per_variant = vec![0usize; VARIANTS.len()];
    for (id, dir) in &programs {
        let model = common::model(dir, "merged.profdata");
        for (v, (oracle, options)) in VARIANTS.iter().enumerate() {
            let expected = fs::read(dir.join("oracle").join(oracle)).unwrap();
            assert!(!expected.is_empty(), "{id}: empty oracle {oracle}");
            let mut actual = Vec::new();
            report::write(&model, options, &mut actual).unwrap();
            compared += 1;
            bytes += expected.len();
            let case = format!("{id}/{oracle}");
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
    for (v, (oracle, _)) in VARIANTS.iter().enumerate() {
        eprintln!("{oracle}: {} of {} match", per_variant[v], programs.len());
    }
    assert_eq!(compared, programs.len() * VARIANTS.len());
    eprintln!("{compared} files, {bytes} bytes compared");
    assert!(bytes > 50_000, "suspiciously little output compared");
    let known: Vec<&str> = KNOWN_DIFFERENCES.iter().map(|(case, _)| *case).collect();
    check(&mismatches, &known);
}

/// What a stored llvm-cov-22 run asked for: which table, of which files,
/// with which options.
struct Run {
    /// The stored output, under `tests/report/`.
    oracle: &'static str,
    /// The corpus program, `toolchain/program`.
    program: &'static str,
    /// Source file arguments (coverage names); none for every file.
    files: &'static [&'static str],
    /// `-show-functions`.
    functions: bool,
    options: ReportOptions,
}

const DEFAULT: ReportOptions = ReportOptions::LLVM_DEFAULT;

/// The runs of `tests/report/commands.txt`.
const RUNS: &[Run] = &[
    Run {
        oracle: "c_multi.functions.txt",
        program: "clang-22/c_multi",
        files: &[
            "/covkit/c_multi/calc.c",
            "/covkit/c_multi/shared.h",
            "/covkit/c_multi/main.c",
        ],
        functions: true,
        options: DEFAULT,
    },
    Run {
        oracle: "c_multi.functions.all-summaries.txt",
        program: "clang-22/c_multi",
        files: &["/covkit/c_multi/strutil.c", "/covkit/c_multi/shared.h"],
        functions: true,
        options: ALL_SUMMARIES,
    },
    Run {
        oracle: "c_multi.functions.no-branches.txt",
        program: "clang-22/c_multi",
        files: &["/covkit/c_multi/calc.c"],
        functions: true,
        options: ReportOptions {
            show_region_summary: false,
            show_branch_summary: false,
            ..DEFAULT
        },
    },
    Run {
        oracle: "c_multi.functions.color.txt",
        program: "clang-22/c_multi",
        files: &["/covkit/c_multi/calc.c", "/covkit/c_multi/strutil.c"],
        functions: true,
        options: ReportOptions {
            show_mcdc_summary: true,
            use_color: true,
            ..DEFAULT
        },
    },
    Run {
        oracle: "c_multi.sources.txt",
        program: "clang-22/c_multi",
        files: &["/covkit/c_multi/strutil.c", "/covkit/c_multi/calc.c"],
        functions: false,
        options: DEFAULT,
    },
    Run {
        oracle: "c_multi.one-source.txt",
        program: "clang-22/c_multi",
        files: &["/covkit/c_multi/strutil.c"],
        functions: false,
        options: DEFAULT,
    },
    Run {
        // The same file twice: its whole name is redundant.
        oracle: "c_multi.duplicate-source.txt",
        program: "clang-22/c_multi",
        files: &["/covkit/c_multi/strutil.c", "/covkit/c_multi/strutil.c"],
        functions: false,
        options: DEFAULT,
    },
    Run {
        oracle: "c_multi.no-regions-no-branches.txt",
        program: "clang-22/c_multi",
        files: &[],
        functions: false,
        options: ReportOptions {
            show_region_summary: false,
            show_branch_summary: false,
            show_instantiation_summary: true,
            ..DEFAULT
        },
    },
    Run {
        oracle: "c_multi.color.txt",
        program: "clang-22/c_multi",
        files: &[],
        functions: false,
        options: ReportOptions {
            use_color: true,
            ..ALL_SUMMARIES
        },
    },
    Run {
        oracle: "cpp_templates.functions.txt",
        program: "clang-22/cpp_templates",
        files: &[
            "/covkit/cpp_templates/shape.h",
            "/covkit/cpp_templates/main.cpp",
        ],
        functions: true,
        options: DEFAULT,
    },
    Run {
        oracle: "c_mcdc.functions.mcdc.txt",
        program: "clang-22/c_mcdc",
        files: &["/covkit/c_mcdc/main.c"],
        functions: true,
        options: ReportOptions {
            show_branch_summary: false,
            show_mcdc_summary: true,
            ..DEFAULT
        },
    },
    Run {
        oracle: "rs_lib.functions.txt",
        program: "rustc-1.95/rs_lib",
        files: &["/covkit/rs_lib/main.rs", "/covkit/rs_lib/covlib/lib.rs"],
        functions: true,
        options: DEFAULT,
    },
];

/// Runs that do not match yet, with the reason.
const KNOWN_RUN_DIFFERENCES: &[(&str, &str)] = &[];

#[test]
fn stored_runs_match_llvm_cov_22() {
    let show = std::env::var_os("COVKIT_REPORT_DIFF").is_some();
    let stored = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/report");
    let commands = fs::read_to_string(stored.join("commands.txt")).unwrap();
    let mut mismatches = Vec::new();
    for run in RUNS {
        assert!(
            commands.contains(&format!("{}: ", run.oracle)),
            "{}: no command recorded",
            run.oracle
        );
        let model = common::model(&corpus().join(run.program), "merged.profdata");
        let mut actual = Vec::new();
        if run.functions {
            report::write_functions(&model, run.files, &run.options, &mut actual).unwrap();
        } else if run.files.is_empty() {
            report::write(&model, &run.options, &mut actual).unwrap();
        } else {
            report::write_files(&model, run.files, &run.options, &mut actual).unwrap();
        }
        let expected = fs::read(stored.join(run.oracle)).unwrap();
        if expected != actual {
            if show {
                eprintln!("{}: {}", run.oracle, first_difference(&expected, &actual));
            }
            mismatches.push(run.oracle.to_owned());
        }
    }
    eprintln!(
        "stored runs: {} of {} match",
        RUNS.len() - mismatches.len(),
        RUNS.len()
    );
    let known: Vec<&str> = KNOWN_RUN_DIFFERENCES
        .iter()
        .map(|(case, _)| *case)
        .collect();
    check(&mismatches, &known);
}
