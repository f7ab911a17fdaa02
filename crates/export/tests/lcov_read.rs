//! The lcov reader and the tracefile writer: llvm-cov's lcov of every corpus
//! program reads as the model exports it, every lcov of the corpus survives
//! a round trip, records of one file merge without losing counts, the
//! styles of other writers read, malformed lines are named, and no input
//! makes the reader panic.

// Match counts go to the test log.
#![allow(clippy::print_stderr)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{check, corpus, first_difference, model, oracle, programs};
use proptest::prelude::*;

use covkit_export::lcov::{self, DiagnosticKind};
use covkit_export::tracefile::{BranchEntry, FileRecord, FunctionEntry, Tracefile};

/// The corpus must hold at least this many programs.
const MIN_PROGRAMS: usize = 49;

/// Default `export.lcov` oracles that the tracefile writer does not give
/// back byte for byte, each with the reason. Only total lines may differ
/// (the round-trip test checks everything else): llvm-cov takes `FNF`, `LF`
/// and `BRF` from its per-function summaries, and these count what the
/// printed lines do not show.
const KNOWN_TOTAL_DIFFERENCES: &[(&str, &str)] = &[
    ("clang-13/c_lines", FN_SAME_LINE),
    ("clang-14/c_lines", FN_SAME_LINE),
    ("clang-16/c_lines", FN_SAME_LINE),
    ("clang-19/c_lines", FN_SAME_LINE),
    ("clang-22/c_lines", FN_SAME_LINE),
    ("clang-13/c_macros", MACRO_LINES),
    ("clang-14/c_macros", MACRO_LINES),
    ("clang-16/c_macros", MACRO_LINES),
    ("clang-19/c_macros", MACRO_LINES),
    ("clang-22/c_macros", MACRO_LINES),
    ("clang-13/cpp_lambdas", FN_SAME_LINE),
    ("clang-14/cpp_lambdas", FN_SAME_LINE),
    ("clang-16/cpp_lambdas", FN_SAME_LINE),
    ("clang-19/cpp_lambdas", FN_SAME_LINE),
    ("clang-22/cpp_lambdas", FN_SAME_LINE),
    ("clang-19/cpp_templates", SUMMARY_LINES),
    ("clang-22/cpp_templates", SUMMARY_LINES),
    ("clang-22/c_loops", SUMMARY_BRANCHES),
    ("rustc-1.95/rs_async", FN_SAME_LINE),
    ("rustc-1.95/rs_closures", FN_SAME_LINE),
    ("rustc-1.95/rs_control", SUMMARY_LINES),
    ("rustc-1.95/rs_control-branch", SUMMARY_LINES),
    ("rustc-1.95/rs_control-condition", SUMMARY_LINES),
    ("rustc-1.95/rs_generics", SUMMARY_LINES),
    ("rustc-1.95/rs_generics-branch", SUMMARY_LINES),
    ("rustc-1.95/rs_lib", SUMMARY_LINES),
];

const FN_SAME_LINE: &str = "functions starting on one line at different columns: llvm-cov's FNF \
                            counts each, lcov has no column; LF/LH from summaries too";
const MACRO_LINES: &str = "LF/LH and BRF/BRH from the summaries, which count macro expansion \
                           lines and branches in the header's record";
const SUMMARY_LINES: &str = "LF/LH from the per-function summaries, which count lines the \
                             merged file view does not print (or prints once)";
const SUMMARY_BRANCHES: &str = "BRF from the per-function summaries, one more than the printed \
                                BRDA lines";

fn read(bytes: &[u8]) -> Tracefile {
    lcov::read(bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn write(t: &Tracefile) -> Vec<u8> {
    let mut out = Vec::new();
    lcov::write_tracefile(t, &mut out).unwrap();
    out
}

/// `t` with every function's end line unknown, as llvm-cov's lcov has none.
fn without_end_lines(mut t: Tracefile) -> Tracefile {
    for file in &mut t.files {
        for f in &mut file.functions {
            f.end_line = None;
        }
    }
    t
}

/// The lines of an lcov that are not totals.
fn without_totals(lcov: &[u8]) -> String {
    String::from_utf8_lossy(lcov)
        .lines()
        .filter(|l| {
            !["FNF:", "FNH:", "BRF:", "BRH:", "LF:", "LH:"]
                .iter()
                .any(|t| l.starts_with(t))
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Every `.lcov` file under `dir`, sorted.
fn lcov_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            lcov_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "lcov") {
            out.push(path);
        }
    }
    out.sort();
}

/// Every count of `t` mapped through `f` (`None` branches stay `None`).
fn map_counts(t: &Tracefile, f: impl Fn(u64) -> u64) -> Tracefile {
    let mut t = t.clone();
    for file in &mut t.files {
        map_file_counts(file, &f);
    }
    t
}

fn map_file_counts(file: &mut FileRecord, f: &impl Fn(u64) -> u64) {
    for function in &mut file.functions {
        function.count = f(function.count);
    }
    for count in file.lines.values_mut() {
        *count = f(*count);
    }
    for b in &mut file.branches {
        b.taken = b.taken.map(f);
    }
}

#[test]
fn llvm_cov_lcov_reads_as_the_model_exports_it() {
    let programs = programs();
    assert!(programs.len() >= MIN_PROGRAMS);
    let (mut files, mut lines, mut branches, mut functions) = (0, 0, 0, 0);
    for (id, dir) in &programs {
        let model = model(dir, "merged.profdata");
        let expected = Tracefile::from_model(&model, &model.source_files());
        let actual = read(&oracle(dir, "export.lcov"));
        assert_eq!(actual, expected, "{id}");
        for file in &actual.files {
            files += 1;
            lines += file.lines.len();
            branches += file.branches.len();
            functions += file.functions.len();
        }
    }
    eprintln!(
        "{} programs: {files} files, {lines} lines, {branches} branch outcomes, \
         {functions} functions agree",
        programs.len()
    );
    assert!(lines > 2000 && branches > 500 && functions > 300);
}

#[test]
fn every_corpus_lcov_survives_a_round_trip() {
    let mut paths = Vec::new();
    lcov_files(&corpus(), &mut paths);
    assert!(paths.len() >= 500, "only {} lcov files", paths.len());
    let mut identical = 0;
    for path in &paths {
        let original = fs::read(path).unwrap();
        let (t, notes) = lcov::read_with_diagnostics(&original).unwrap();
        assert!(notes.is_empty(), "{}: {notes:?}", path.display());
        let written = write(&t);
        assert_eq!(read(&written), t, "{}", path.display());
        let (expected, actual) = (without_totals(&original), without_totals(&written));
        assert!(
            expected == actual,
            "{}: {}",
            path.display(),
            first_difference(expected.as_bytes(), actual.as_bytes())
        );
        identical += usize::from(written == original);
    }
    eprintln!(
        "{} lcov files: all read back the same and equal llvm-cov's but for totals; \
         {identical} byte for byte",
        paths.len()
    );
}

#[test]
fn llvm_cov_lcov_is_written_back_byte_for_byte_where_its_totals_are_the_lines() {
    let mut differ = Vec::new();
    let programs = programs();
    for (id, dir) in &programs {
        let original = oracle(dir, "export.lcov");
        if write(&read(&original)) != original {
            differ.push(id.clone());
        }
    }
    eprintln!(
        "export.lcov: {} of {} written back byte for byte",
        programs.len() - differ.len(),
        programs.len()
    );
    let known: Vec<&str> = KNOWN_TOTAL_DIFFERENCES.iter().map(|(id, _)| *id).collect();
    check(&differ, &known);
}

#[test]
fn a_file_twice_in_one_lcov_loses_nothing() {
    let mut checked = 0;
    for (id, dir) in programs() {
        let original = String::from_utf8(oracle(&dir, "export.lcov")).unwrap();
        let sections: Vec<&str> = original.split_inclusive("end_of_record\n").collect();
        let t = read(original.as_bytes());
        for (i, section) in sections.iter().enumerate() {
            // The section again, after the next one (or at the end).
            let mut twice = sections.clone();
            twice.insert((i + 2).min(twice.len()), section);
            let actual = read(twice.concat().as_bytes());
            let mut expected = t.clone();
            let path = section.lines().next().unwrap().strip_prefix("SF:").unwrap();
            let file = expected.files.iter_mut().find(|f| f.path == path).unwrap();
            map_file_counts(file, &|n| n * 2);
            assert_eq!(actual, expected, "{id}: {path}");
            checked += 1;
        }
        // The whole file twice, as two tracefiles concatenated.
        let doubled = read(original.repeat(2).as_bytes());
        assert_eq!(doubled, map_counts(&t, |n| n * 2), "{id}");
    }
    eprintln!("{checked} duplicated sections add up");
}

#[test]
fn two_lcov_files_merge() {
    for (id, dir) in programs() {
        let first_bytes = oracle(&dir, "export.lcov");
        let first = read(&first_bytes);
        // A second run: half the counts, written and read again.
        let second_bytes = write(&map_counts(&first, |n| n / 2));
        let second = read(&second_bytes);
        let mut merged = first.clone();
        merged.merge(second);
        assert_eq!(merged, map_counts(&first, |n| n + n / 2), "{id}");
        // Concatenating the files is the same as merging them.
        assert_eq!(read(&[first_bytes, second_bytes].concat()), merged, "{id}");
        // And the merge writes and reads back.
        assert_eq!(read(&write(&merged)), merged, "{id}");
    }
}

#[test]
fn files_and_functions_only_in_one_input_are_kept() {
    let a = "SF:a.c\nFN:1,f\nFNDA:1,f\nDA:1,1\nend_of_record\nSF:c.c\nDA:5,5\nend_of_record\n";
    let b = "SF:b.c\nDA:2,0\nend_of_record\nSF:a.c\nFN:4,g\nFNDA:0,g\nFN:1,f\nFNDA:2,f\nDA:4,0\n\
             end_of_record\n";
    let mut t = read(a.as_bytes());
    t.merge(read(b.as_bytes()));
    assert_eq!(
        String::from_utf8(write(&t)).unwrap(),
        "SF:a.c\nFN:1,f\nFN:4,g\nFNDA:3,f\nFNDA:0,g\nFNF:2\nFNH:1\nDA:1,1\nDA:4,0\nBRF:0\n\
         BRH:0\nLF:2\nLH:1\nend_of_record\n\
         SF:b.c\nFNF:0\nFNH:0\nDA:2,0\nBRF:0\nBRH:0\nLF:1\nLH:0\nend_of_record\n\
         SF:c.c\nFNF:0\nFNH:0\nDA:5,5\nBRF:0\nBRH:0\nLF:1\nLH:1\nend_of_record\n"
    );
}

/// One file, read from several styles, as `(name, line, end line, count)`,
/// `(line, count)` and `(line, block, branch, taken)`.
struct Expected<'a> {
    functions: &'a [(&'a str, u32, Option<u32>, u64)],
    lines: &'a [(u32, u64)],
    branches: &'a [(u32, u32, u32, Option<u64>)],
}

fn assert_file(file: &FileRecord, expected: &Expected<'_>) {
    let functions: Vec<_> = file
        .functions
        .iter()
        .map(|f| (f.name.as_str(), f.line, f.end_line, f.count))
        .collect();
    assert_eq!(functions, expected.functions, "{}", file.path);
    assert_eq!(
        file.lines,
        expected.lines.iter().copied().collect::<BTreeMap<_, _>>(),
        "{}",
        file.path
    );
    let branches: Vec<_> = file
        .branches
        .iter()
        .map(|b| (b.line, b.block, b.branch, b.taken))
        .collect();
    assert_eq!(branches, expected.branches, "{}", file.path);
}

#[test]
fn grcov_style() {
    // grcov: an empty TN, FNDA as 0 or 1, BRDA before DA with `-` for
    // outcomes not taken, totals only when there are functions.
    let input = "TN:\nSF:src/main.rs\nFN:3,_ZN4main4main17h0123456789abcdefE\n\
                 FN:9,_ZN4main3add17h0123456789abcdefE\n\
                 FNDA:1,_ZN4main4main17h0123456789abcdefE\n\
                 FNDA:0,_ZN4main3add17h0123456789abcdefE\nFNF:2\nFNH:1\n\
                 BRDA:4,0,0,1\nBRDA:4,0,1,-\nBRF:2\nBRH:1\n\
                 DA:3,1\nDA:4,1\nDA:5,0\nDA:9,0\nLF:4\nLH:2\nend_of_record\n\
                 TN:\nSF:src/lib.rs\nDA:1,0\nLF:1\nLH:0\nend_of_record\n";
    let t = read(input.as_bytes());
    assert_eq!(t.files.len(), 2);
    assert_file(
        &t.files[1],
        &Expected {
            functions: &[
                ("_ZN4main4main17h0123456789abcdefE", 3, None, 1),
                ("_ZN4main3add17h0123456789abcdefE", 9, None, 0),
            ],
            lines: &[(3, 1), (4, 1), (5, 0), (9, 0)],
            branches: &[(4, 0, 0, Some(1)), (4, 0, 1, None)],
        },
    );
    assert_file(
        &t.files[0],
        &Expected {
            functions: &[],
            lines: &[(1, 0)],
            branches: &[],
        },
    );
}

#[test]
fn lcov_2_style() {
    // lcov 2.x: a comment, VER, FN with end lines, function aliases,
    // checksums, exception and unreachable branches, branch expressions
    // (with commas), MC/DC and its totals.
    let input = "#generated by a test\nTN:unit\nSF:/src/a.c\nVER:#1\n\
                 FN:3,9,main\nFNDA:4,main\n\
                 FNL:0,12,20\nFNA:0,2,_Z3maxIiET_S0_S0_\nFNA:0,1,_Z3maxIlET_S0_S0_\n\
                 FNL:1,22\nFNA:1,0,unused\nFNF:3\nFNH:2\n\
                 BRDA:5,e0,0,2\nBRDA:5,e0,1,0\nBRDA:6,U0,0,-\nBRDA:6,U0,1,-\n\
                 BRDA:14,0,(a > b) == True,2\nBRDA:14,0,(a > b) == False,1\n\
                 BRDA:15,1,f(x, y),3\nBRDA:15,1,!f(x, y),0\nBRF:8\nBRH:4\n\
                 MCDC:14,2,t,1,0,a > b\nMCDC:14,2,f,0,0,a > b\nMCF:2\nMCH:1\n\
                 DA:3,4,pQ1vSvnMKxwb5A6vH+lHXg\nDA:5,4,aGlkZGVu\nDA:12,3\nDA:22,0\n\
                 LF:4\nLH:3\nend_of_record\n";
    let (t, notes) = lcov::read_with_diagnostics(input.as_bytes()).unwrap();
    assert_file(
        &t.files[0],
        &Expected {
            functions: &[
                ("main", 3, Some(9), 4),
                ("_Z3maxIiET_S0_S0_", 12, Some(20), 2),
                ("_Z3maxIlET_S0_S0_", 12, Some(20), 1),
                ("unused", 22, None, 0),
            ],
            lines: &[(3, 4), (5, 4), (12, 3), (22, 0)],
            branches: &[
                (5, 0, 0, Some(2)),
                (5, 0, 1, Some(0)),
                (6, 0, 0, None),
                (6, 0, 1, None),
                (14, 0, 0, Some(2)),
                (14, 0, 1, Some(1)),
                (15, 1, 0, Some(3)),
                (15, 1, 1, Some(0)),
            ],
        },
    );
    let kinds: Vec<_> = notes.iter().map(|d| (d.line, d.kind.clone())).collect();
    assert_eq!(
        kinds,
        [
            (18, DiagnosticKind::BranchExpression),
            (19, DiagnosticKind::BranchExpression),
            (20, DiagnosticKind::BranchExpression),
            (21, DiagnosticKind::BranchExpression),
            (24, DiagnosticKind::McdcSkipped),
            (25, DiagnosticKind::McdcSkipped),
        ]
    );
    // Written back: the functions grouped by line count once, no end lines.
    let text = String::from_utf8(write(&t)).unwrap();
    assert!(text.contains("FN:12,_Z3maxIiET_S0_S0_\n"), "{text}");
    assert!(text.contains("FNF:3\nFNH:2\n"), "{text}");
    assert!(text.contains("BRF:8\nBRH:4\n"), "{text}");
}

#[test]
fn gcovr_style() {
    // gcovr: a comment, a test name, VER, BRDA before DA with `e` blocks and
    // `-` for zero counts, DA with md5 checksums, LH before LF.
    let input = "#gcovr\nTN:my_test\nSF:src/calc.cpp\nVER:8f3a0c8d\n\
                 FN:4,add\nFN:9,calc_2\nFN:9,calc_11\nFNDA:3,add\nFNDA:1,calc_2\nFNDA:0,calc_11\n\
                 FNF:3\nFNH:2\n\
                 BRDA:5,0,0,2\nBRDA:5,0,1,1\nBRDA:10,e0,0,-\nBRDA:10,e0,1,1\nBRF:4\nBRH:3\n\
                 DA:4,3,0cc175b9c0f1b6a831c399e269772661\nDA:5,3,92eb5ffee6ae2fec3ad71c777531578f\n\
                 DA:9,1,4a8a08f09d37b73795649038408b5f33\nLH:3\nLF:3\nend_of_record\n";
    let t = read(input.as_bytes());
    assert_file(
        &t.files[0],
        &Expected {
            functions: &[
                ("add", 4, None, 3),
                ("calc_2", 9, None, 1),
                ("calc_11", 9, None, 0),
            ],
            lines: &[(4, 3), (5, 3), (9, 1)],
            branches: &[
                (5, 0, 0, Some(2)),
                (5, 0, 1, Some(1)),
                (10, 0, 0, None),
                (10, 0, 1, Some(1)),
            ],
        },
    );
}

#[test]
fn lcov_1_style_with_one_section_per_test() {
    // geninfo 1.x: one section per test name, the same file in each; they
    // merge. Negative counts (gcov) read as 0.
    let input = "TN:first\nSF:/src/a.c\nFN:2,main\nFNDA:1,main\nFNF:1\nFNH:1\n\
                 BRDA:3,0,0,1\nBRDA:3,0,1,0\nBRF:2\nBRH:1\nDA:2,1\nDA:3,1\nDA:4,-1\nLF:3\nLH:2\n\
                 end_of_record\n\
                 TN:second\nSF:/src/a.c\nFN:2,main\nFNDA:1,main\nFNF:1\nFNH:1\n\
                 BRDA:3,0,0,0\nBRDA:3,0,1,1\nBRF:2\nBRH:1\nDA:2,1\nDA:3,1\nDA:4,0\nLF:3\nLH:2\n\
                 end_of_record\n";
    let (t, notes) = lcov::read_with_diagnostics(input.as_bytes()).unwrap();
    assert_eq!(t.files.len(), 1);
    assert_file(
        &t.files[0],
        &Expected {
            functions: &[("main", 2, None, 2)],
            lines: &[(2, 2), (3, 2), (4, 0)],
            branches: &[(3, 0, 0, Some(1)), (3, 0, 1, Some(1))],
        },
    );
    assert_eq!(notes.len(), 1);
    assert_eq!(
        notes[0].to_string(),
        "negative count read as 0 (at line 13)"
    );
}

#[test]
fn crlf_blank_lines_and_spaces_read_the_same() {
    let (_, dir) = &programs()[0];
    let original = String::from_utf8(oracle(dir, "export.lcov")).unwrap();
    let crlf = original.replace('\n', "\r\n\r\n");
    let spaced = original.replace('\n', " \n\t");
    let t = read(original.as_bytes());
    assert_eq!(read(crlf.as_bytes()), t);
    assert_eq!(read(spaced.as_bytes()), t);
    let bom = [b"\xef\xbb\xbf".as_slice(), original.as_bytes()].concat();
    assert_eq!(read(&bom), t);
}

#[test]
fn what_is_tolerated() {
    // No end_of_record at the end or before the next SF; a stray
    // end_of_record; unknown records; huge counts and line numbers.
    let input = "end_of_record\nSF:b\nDA:1,99999999999999999999\nDA:1,1\nSF:a\nXYZ:whatever\n\
                 DA:4000000000,1.5e3\nBRDA:4294967295,0,0,18446744073709551615\n\
                 BRDA:4294967295,0,0,1";
    let (t, notes) = lcov::read_with_diagnostics(input.as_bytes()).unwrap();
    assert_eq!(t.files.len(), 2);
    assert_eq!(t.files[0].lines, BTreeMap::from([(4_000_000_000, 1500)]));
    assert_eq!(
        t.files[0].branches,
        [BranchEntry {
            line: u32::MAX,
            block: 0,
            branch: 0,
            taken: Some(u64::MAX),
        }]
    );
    assert_eq!(t.files[1].lines, BTreeMap::from([(1, u64::MAX)]));
    let text: Vec<String> = notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "file section without end_of_record (at line 2)",
            "unknown record type \"XYZ\" skipped (at line 6)",
            "file section without end_of_record (at line 5)",
        ]
    );
    assert_eq!(read(b""), Tracefile::default());
    assert_eq!(read(b"\n\n# nothing\n"), Tracefile::default());
    // A section with nothing in it is kept.
    let empty = read(b"SF:x\nend_of_record\n");
    assert_eq!(
        empty.files,
        [FileRecord {
            path: "x".into(),
            ..FileRecord::default()
        }]
    );
    // FNDA may come before its FN.
    let t = read(b"SF:x\nFNDA:2,f\nFN:1,f\nFNDA:1,f\nend_of_record\n");
    assert_eq!(
        t.files[0].functions,
        [FunctionEntry {
            name: "f".into(),
            line: 1,
            end_line: None,
            count: 3,
        }]
    );
    // Names keep their commas.
    let t = read(b"SF:x\nFN:1,f(int, char)\nFNDA:1,f(int, char)\nend_of_record\n");
    assert_eq!(t.files[0].functions[0].name, "f(int, char)");
    // Invalid UTF-8 is replaced.
    let (t, notes) = lcov::read_with_diagnostics(b"SF:caf\xe9.c\nDA:1,1\nend_of_record\n").unwrap();
    assert_eq!(t.files[0].path, "caf\u{fffd}.c");
    assert_eq!(notes[0].kind, DiagnosticKind::InvalidUtf8);
}

#[test]
fn malformed_lines_are_named() {
    let cases: &[(&str, &str)] = &[
        (
            "DA:1,1\n",
            "DA record outside a file section (no SF record before it) (at line 1)",
        ),
        (
            "SF:a\nend_of_record\nBRDA:1,0,0,1\n",
            "BRDA record outside a file section (no SF record before it) (at line 3)",
        ),
        (
            "SF:a\nDA:1,1\nDA:x,1\n",
            "malformed DA record: the line number is not a number (at line 3)",
        ),
        (
            "SF:a\nDA:4294967296,1\n",
            "malformed DA record: the line number is out of range (at line 2)",
        ),
        (
            "SF:a\nDA:,1\n",
            "malformed DA record: the line number is missing (at line 2)",
        ),
        (
            "SF:a\nDA:12\n",
            "malformed DA record: expected DA:<line>,<count> (at line 2)",
        ),
        (
            "SF:a\nDA:12,lots\n",
            "malformed DA record: count \"lots\" is not a number (at line 2)",
        ),
        (
            "SF:a\nBRDA:1,0,0\n",
            "malformed BRDA record: expected BRDA:<line>,<block>,<branch>,<taken> (at line 2)",
        ),
        (
            "SF:a\nBRDA:1,x,0,1\n",
            "malformed BRDA record: the block number is not a number (at line 2)",
        ),
        (
            "SF:a\nBRDA:1,0,,1\n",
            "malformed BRDA record: the branch is empty (at line 2)",
        ),
        (
            "SF:a\nBRDA:1,0,0,many\n",
            "malformed BRDA record: count \"many\" is not a number (at line 2)",
        ),
        (
            "SF:a\nFN:1\n",
            "malformed FN record: expected FN:<line>,<name> or FN:<line>,<end line>,<name> (at line 2)",
        ),
        (
            "SF:a\nFN:1,\n",
            "malformed FN record: the function name is empty (at line 2)",
        ),
        (
            "SF:a\nFN:1,2,\n",
            "malformed FN record: the function name is empty (at line 2)",
        ),
        (
            "SF:a\nFN:1,f\nFNDA:1,f\nFNDA:1,g\nend_of_record\n",
            "FNDA record for function \"g\", which no FN record of the file section defines \
             (at line 4)",
        ),
        (
            "SF:a\nFNL:0,1\nFNA:1,1,f\n",
            "FNA record with index 1, which no FNL record of the file section defines (at line 3)",
        ),
        (
            "SF:a\nFNL:0,1\nFNL:0,2\n",
            "FNL record with index 0, which an earlier FNL record of the file section uses \
             (at line 3)",
        ),
        (
            "SF:a\nLF:many\n",
            "malformed LF record: the total is not a number (at line 2)",
        ),
        (
            "SF:\n",
            "malformed SF record: the path is empty (at line 1)",
        ),
        (
            "<?xml version=\"1.0\" ?>\n",
            "not an lcov record: \"<?xml version=\\\"1.0\\\" ?>\" (at line 1)",
        ),
        (
            "SF:a\r\nDA:1,1\r\nthis is not lcov\r\n",
            "not an lcov record: \"this is not lcov\" (at line 3)",
        ),
    ];
    for (input, message) in cases {
        let err = lcov::read(input.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), *message, "{input:?}");
    }
}

// No input makes the reader panic, and whatever it accepts writes and
// reads back to the same report.

/// Reads `bytes`; if they are lcov, writes them and checks they read back
/// the same.
fn read_never_panics(bytes: &[u8]) {
    let Ok(t) = lcov::read(bytes) else {
        return;
    };
    // `FN:1,2,x` is an end line and a name, so a name that starts with
    // digits and a comma cannot be written back; no compiler makes one.
    let ambiguous = t.files.iter().any(|f| {
        f.functions.iter().any(|f| {
            f.name.split_once(',').is_some_and(|(head, _)| {
                !head.is_empty() && head.bytes().all(|b| b.is_ascii_digit())
            })
        })
    });
    if !ambiguous {
        let again = lcov::read(&write(&t)).unwrap();
        assert_eq!(again, without_end_lines(t));
    }
}

fn sample() -> Vec<u8> {
    let dir = corpus().join("clang-22/cpp_templates");
    oracle(&dir, "export.lcov")
}

/// A mutation of an lcov file.
#[derive(Debug, Clone)]
enum Mutation {
    SetByte(usize, u8),
    InsertByte(usize, u8),
    DeleteByte(usize),
    DuplicateLine(usize),
    DeleteLine(usize),
    Truncate(usize),
    InsertText(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::SetByte(at, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::InsertByte(at, b)),
        any::<usize>().prop_map(Mutation::DeleteByte),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::Truncate),
        (
            any::<usize>(),
            "(SF:|DA:|BRDA:|FN:|FNDA:|FNL:|FNA:|LF:|end_of_record|-|,|e|U|[0-9]{1,25}|\n)"
        )
            .prop_map(|(at, s)| Mutation::InsertText(at, s)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len().max(1);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .filter(|&i| i < bytes.len())
        .collect();
    let line = |n: usize| {
        let start = line_starts[n % line_starts.len()];
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| start + p + 1);
        (start, end)
    };
    match m {
        Mutation::SetByte(at, b) if !bytes.is_empty() => bytes[at % len] = *b,
        Mutation::InsertByte(at, b) => bytes.insert(at % (bytes.len() + 1), *b),
        Mutation::DeleteByte(at) if !bytes.is_empty() => {
            bytes.remove(at % len);
        }
        Mutation::DuplicateLine(n) if !line_starts.is_empty() => {
            let (start, end) = line(*n);
            let copy = bytes[start..end].to_vec();
            bytes.splice(end..end, copy);
        }
        Mutation::DeleteLine(n) if !line_starts.is_empty() => {
            let (start, end) = line(*n);
            bytes.drain(start..end);
        }
        Mutation::Truncate(at) => bytes.truncate(at % len),
        Mutation::InsertText(at, s) => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, s.bytes());
        }
        _ => {}
    }
}

/// A random report as the reader would give it: unique names per file, no
/// end lines, names and paths without line breaks or outer spaces, no name
/// of the `FN:<line>,<end>,<name>` shape.
fn tracefile() -> impl Strategy<Value = Tracefile> {
    let function = ("[a-zA-Z_][a-zA-Z0-9_:<>,()]{0,10}", 0u32..50, any::<u64>()).prop_map(
        |(name, line, count)| FunctionEntry {
            name,
            line,
            end_line: None,
            count,
        },
    );
    let branch = (
        0u32..40,
        0u32..3,
        0u32..4,
        proptest::option::of(any::<u64>()),
    );
    let file = (
        "[a-z/._-][a-z/._ -]{0,10}[a-z._]",
        proptest::collection::vec(function, 0..6),
        proptest::collection::btree_map(any::<u32>(), any::<u64>(), 0..20),
        proptest::collection::btree_map(
            branch.clone().prop_map(|(l, b, n, _)| (l, b, n)),
            proptest::option::of(any::<u64>()),
            0..10,
        ),
    )
        .prop_map(|(path, functions, lines, branches)| {
            let mut seen = std::collections::HashSet::new();
            FileRecord {
                path,
                functions: functions
                    .into_iter()
                    .filter(|f| seen.insert(f.name.clone()))
                    .collect(),
                lines,
                branches: branches
                    .into_iter()
                    .map(|((line, block, branch), taken)| BranchEntry {
                        line,
                        block,
                        branch,
                        taken,
                    })
                    .collect(),
            }
        });
    proptest::collection::vec(file, 0..4).prop_map(|files| {
        let mut t = Tracefile::default();
        for file in files {
            t.insert(file);
        }
        t
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        read_never_panics(&bytes);
    }

    #[test]
    fn random_records_never_panic(
        lines in proptest::collection::vec(
            "(SF:|DA:|BRDA:|FN:|FNDA:|FNL:|FNA:|LF:|TN:|VER:|MCDC:|end_of_record|#)\
             [0-9a-zU,\\- .:]{0,16}",
            0..40,
        )
    ) {
        read_never_panics(lines.join("\n").as_bytes());
    }

    #[test]
    fn mutations_of_a_real_lcov_never_panic(
        mutations in proptest::collection::vec(mutation(), 1..8)
    ) {
        let mut bytes = sample();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        read_never_panics(&bytes);
    }

    #[test]
    fn written_reports_read_back(t in tracefile()) {
        let written = write(&t);
        prop_assert_eq!(lcov::read(&written).unwrap(), t);
    }
}
