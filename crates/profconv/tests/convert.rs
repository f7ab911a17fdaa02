//! End-to-end tests of `profconv convert`: llvm-cov's stored lcov of every
//! corpus program converts to the Cobertura and Sonar that `profconv
//! export` writes from the profiles; inputs merge without loss; large
//! reports split for GitLab; bad input names its line.

#![allow(clippy::indexing_slicing, clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};

use common::{profconv, scratch, stderr, stdout};
use covkit_testkit::fixtures_dir;

/// Every corpus program directory (those with a recorded lcov export).
fn programs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for toolchain in std::fs::read_dir(fixtures_dir().join("corpus")).unwrap() {
        let toolchain = toolchain.unwrap().path();
        for program in std::fs::read_dir(&toolchain).unwrap() {
            let dir = program.unwrap().path();
            if dir.join("oracle/llvm-cov-22.export.lcov").exists() {
                out.push(dir);
            }
        }
    }
    out.sort();
    out
}

fn ok(out: &std::process::Output) {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
}

fn run(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = common::profconv_with_env(dir, args, &[("SOURCE_DATE_EPOCH", "1700000000")]);
    ok(&out);
    out.stdout
}

#[test]
fn llvm_cov_lcov_converts_to_what_export_writes_from_the_profiles() {
    let programs = programs();
    assert!(programs.len() >= 49, "{} programs", programs.len());
    let mut bytes = 0;
    for dir in &programs {
        for format in ["cobertura", "sonar"] {
            let format_arg = format!("-format={format}");
            let direct = run(
                dir,
                &[
                    "export",
                    &format_arg,
                    "-instr-profile=merged.profdata",
                    "program",
                    "--source-root=/covkit",
                ],
            );
            let converted = run(
                dir,
                &[
                    "convert",
                    "oracle/llvm-cov-22.export.lcov",
                    &format!("--format={format}"),
                    "--source-root=/covkit",
                ],
            );
            assert!(
                converted == direct,
                "{} ({format}): converted lcov differs from export",
                dir.display()
            );
            bytes += direct.len();
        }
    }
    eprintln!(
        "{} programs: llvm-cov's lcov converts to the same Cobertura and Sonar \
         ({bytes} bytes) as export from the profiles",
        programs.len()
    );
}

#[test]
fn lcov_converts_back_to_lcov_and_inputs_merge() {
    let dir = fixtures_dir().join("corpus/clang-22/c_multi");
    // One run's lcov twice is every count doubled; the same file twice in
    // one input loses nothing either.
    let once = run(
        &dir,
        &["convert", "--format=lcov", "oracle/llvm-cov-22.export.lcov"],
    );
    let text = String::from_utf8(once.clone()).unwrap();
    assert!(text.starts_with("SF:") && text.contains("end_of_record"));
    let twice = run(
        &dir,
        &[
            "convert",
            "--format=lcov",
            "oracle/llvm-cov-22.export.lcov",
            "oracle/llvm-cov-22.export.lcov",
        ],
    );
    let tmp = scratch("convert-doubled");
    let doubled = tmp.join("doubled.lcov");
    let lcov = std::fs::read_to_string(dir.join("oracle/llvm-cov-22.export.lcov")).unwrap();
    std::fs::write(&doubled, format!("{lcov}{lcov}")).unwrap();
    let doubled = run(
        &dir,
        &["convert", "--format=lcov", doubled.to_str().unwrap()],
    );
    assert_eq!(doubled, twice);
    let da = |text: &[u8]| -> Vec<(String, u64)> {
        String::from_utf8_lossy(text)
            .lines()
            .filter_map(|l| l.strip_prefix("DA:"))
            .map(|l| {
                let (line, count) = l.split_once(',').unwrap();
                (line.to_owned(), count.parse().unwrap())
            })
            .collect()
    };
    let (single, double) = (da(&once), da(&twice));
    assert_eq!(single.len(), double.len());
    assert!(single.len() > 20);
    for ((l1, c1), (l2, c2)) in single.iter().zip(&double) {
        assert_eq!((l1, c1 * 2), (l2, *c2));
    }
}

#[test]
fn several_formats_and_standard_input() {
    let dir = fixtures_dir().join("corpus/clang-22/cpp_templates");
    let tmp = scratch("convert-formats");
    let lcov = std::fs::read(dir.join("oracle/llvm-cov-22.export.lcov")).unwrap();
    let out = common::profconv_with_stdin(
        &dir,
        &[
            "convert",
            "-",
            "--demangle",
            &format!("--output=cobertura={}", tmp.join("cov.xml").display()),
            &format!("--output=sonar={}", tmp.join("sonar.xml").display()),
            &format!("--output=lcov={}", tmp.join("cov.lcov").display()),
        ],
        &lcov,
    );
    ok(&out);
    assert!(out.stdout.is_empty());
    let read = |name: &str| std::fs::read_to_string(tmp.join(name)).unwrap();
    assert!(read("cov.xml").contains("int pick&lt;int&gt;(int, int, bool)"));
    assert!(read("cov.lcov").contains("FN:19,int pick<int>(int, int, bool)"));
    assert!(read("sonar.xml").contains("<coverage version=\"1\">"));
}

#[test]
fn a_large_cobertura_report_is_split_into_parts() {
    let dir = fixtures_dir().join("corpus/clang-22/cpp_templates");
    let tmp = scratch("convert-split");
    let whole = run(&dir, &["convert", "oracle/llvm-cov-22.export.lcov"]);
    // What an earlier run left: the whole report, and more parts than this
    // run writes.
    std::fs::write(tmp.join("cov.xml"), "earlier").unwrap();
    std::fs::write(tmp.join("cov.99.xml"), "earlier").unwrap();
    let out = profconv(
        &dir,
        &[
            "convert",
            "oracle/llvm-cov-22.export.lcov",
            "--cobertura-max-size=2K",
            "-o",
            tmp.join("cov.xml").to_str().unwrap(),
        ],
    );
    ok(&out);
    assert!(stderr(&out).starts_with("note: "), "{}", stderr(&out));
    assert!(!tmp.join("cov.xml").exists());
    let mut lines = 0;
    let mut n = 1;
    while let Ok(part) = std::fs::read_to_string(tmp.join(&format!("cov.{n}.xml"))) {
        assert!(part.len() <= 2048, "part {n}: {} bytes", part.len());
        assert!(part.contains("<!DOCTYPE coverage"));
        lines += part.matches("<line number=").count();
        n += 1;
    }
    assert!(n > 2, "only {} parts", n - 1);
    assert!(tmp.join("cov.99.xml").exists(), "not a run of parts: kept");
    // Methods are left out of cut classes; the class lines add up.
    let whole = String::from_utf8(whole).unwrap();
    let class_lines = whole
        .split("<class ")
        .skip(1)
        .map(|c| {
            c.split("</methods>")
                .last()
                .unwrap()
                .matches("<line number=")
                .count()
        })
        .sum::<usize>();
    assert_eq!(lines, class_lines);
    // Big enough, one file at the path given, and the parts of the run
    // before are gone.
    std::fs::write(tmp.join(&format!("cov.{n}.xml")), "earlier").unwrap();
    let out = profconv(
        &dir,
        &[
            "convert",
            "oracle/llvm-cov-22.export.lcov",
            "--cobertura-max-size=10MiB",
            "-o",
            tmp.join("cov.xml").to_str().unwrap(),
        ],
    );
    ok(&out);
    assert_eq!(
        std::fs::read(tmp.join("cov.xml")).unwrap().len(),
        whole.len()
    );
    for k in 1..=n {
        assert!(
            !tmp.join(&format!("cov.{k}.xml")).exists(),
            "cov.{k}.xml left"
        );
    }
}

#[test]
fn bad_lcov_names_the_file_and_line() {
    let tmp = scratch("convert-bad");
    std::fs::write(
        tmp.join("bad.lcov"),
        "SF:a.c\nDA:1,1\nDA:x,1\nend_of_record\n",
    )
    .unwrap();
    std::fs::write(
        tmp.join("odd.lcov"),
        "SF:a.c\nDA:1,-1\nDA:2,-3\nend_of_record\n",
    )
    .unwrap();
    let out = profconv(&tmp, &["convert", "bad.lcov", "--format=lcov"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        err.starts_with("error: bad.lcov: ") && err.contains("(at line 3)"),
        "{err}"
    );
    let out = profconv(&tmp, &["convert", "odd.lcov", "--format=lcov"]);
    ok(&out);
    assert_eq!(
        stderr(&out),
        "warning: odd.lcov: negative count read as 0 (at line 2), and 1 more times\n"
    );
    assert!(stdout(&out).contains("DA:1,0\n"));
    let out = profconv(&tmp, &["convert", "missing.lcov"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: missing.lcov: No such file or directory\n"
    );
}
