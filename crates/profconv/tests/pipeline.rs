//! The whole pipeline through profconv, end to end: raw profiles of a
//! directory in, lcov, Cobertura and Sonar out of one command (on a corpus
//! program and on a Rust program built and run by the test); binaries found
//! by build ID; globs, input lists, verbosity and misspelt options.

#![allow(clippy::indexing_slicing, clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy, corpus, profconv, scratch, stderr, stdout};

/// The raw profiles of a corpus program (`run-N.profraw`), sorted.
fn raw_profiles(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "profraw"))
        .collect();
    out.sort();
    out
}

/// Validates an XML document with xmllint against a schema of the export
/// crate's tests (`--dtdvalid` or `--schema`), when xmllint is installed
/// (required when `COVKIT_REQUIRE_XMLLINT=1`); `false` when it was not run.
fn xmllint(mode: &str, schema: &str, document: &Path) -> bool {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../export/tests/schemas")
        .join(schema);
    match Command::new("xmllint")
        .args(["--noout", mode])
        .arg(&schema)
        .arg(document)
        .output()
    {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{}: {}",
                document.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            true
        }
        Err(_) => {
            assert!(
                std::env::var_os("COVKIT_REQUIRE_XMLLINT").is_none(),
                "xmllint is required but not installed"
            );
            false
        }
    }
}

/// Checks the three reports of one seed-pipeline run.
fn check_reports(dir: &Path) {
    let lcov = std::fs::read(dir.join("cov.lcov")).unwrap();
    let t = covkit::export::lcov::read(&lcov).unwrap();
    assert!(!t.files.is_empty());
    let cobertura = std::fs::read_to_string(dir.join("cov.xml")).unwrap();
    let sonar = std::fs::read_to_string(dir.join("sonar.xml")).unwrap();
    // The three agree on how many lines there are.
    let lines: usize = t.files.iter().map(|f| f.lines.len()).sum();
    assert_eq!(sonar.matches("<lineToCover ").count(), lines);
    assert!(
        cobertura.contains(&format!("lines-valid=\"{lines}\"")),
        "{cobertura}"
    );
    xmllint("--dtdvalid", "coverage-04.dtd", &dir.join("cov.xml"));
    xmllint(
        "--schema",
        "sonar-generic-coverage.xsd",
        &dir.join("sonar.xml"),
    );
}

/// The seed pipeline's one command, in `dir`: the raw profiles under
/// `prof/` and the binary `target/debug/svc` in, three reports out. It
/// must succeed.
fn seed_pipeline(dir: &Path) -> std::process::Output {
    let out = profconv(
        dir,
        &[
            "export",
            "-instr-profile=prof/",
            "target/debug/svc",
            "--output",
            "lcov=cov.lcov",
            "--output",
            "cobertura=cov.xml",
            "--output",
            "sonar=sonar.xml",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    check_reports(dir);
    out
}

#[test]
fn the_seed_pipeline_is_one_command_on_a_fixture() {
    let program = corpus("rustc-1.95/rs_lib");
    let tmp = scratch("seed-fixture");
    for p in raw_profiles(&program) {
        copy(&p, &tmp.join("prof").join(p.file_name().unwrap()));
    }
    copy(&program.join("program"), &tmp.join("target/debug/svc"));
    let out = seed_pipeline(&tmp);
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read(tmp.join("cov.lcov")).unwrap(),
        std::fs::read(program.join("oracle/llvm-cov-22.export.llvm22-profile.lcov")).unwrap()
    );
}

#[test]
fn the_seed_pipeline_on_a_rust_program_built_now() {
    let tmp = scratch("seed-rustc");
    std::fs::write(
        tmp.join("svc.rs"),
        "fn classify(n: i64) -> &'static str {\n\
         \x20   if n < 0 {\n\
         \x20       \"negative\"\n\
         \x20   } else if n == 0 {\n\
         \x20       \"zero\"\n\
         \x20   } else {\n\
         \x20       \"positive\"\n\
         \x20   }\n\
         }\n\
         \n\
         fn main() {\n\
         \x20   let n: i64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(0);\n\
         \x20   println!(\"{}\", classify(n));\n\
         }\n",
    )
    .unwrap();
    std::fs::create_dir_all(tmp.join("target/debug")).unwrap();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let built = Command::new(rustc)
        .args([
            "--edition=2021",
            "-Cinstrument-coverage",
            "-o",
            "target/debug/svc",
            "svc.rs",
        ])
        .current_dir(&*tmp)
        .output()
        .expect("rustc runs");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    // Three "pods", each writing its own raw profile.
    for arg in ["5", "-3", "7"] {
        let ran = Command::new(tmp.join("target/debug/svc"))
            .arg(arg)
            .env("LLVM_PROFILE_FILE", tmp.join("prof/svc-%p-%m.profraw"))
            .output()
            .unwrap();
        assert!(ran.status.success());
    }
    seed_pipeline(&tmp);
    let lcov = std::fs::read_to_string(tmp.join("cov.lcov")).unwrap();
    // classify ran three times: twice positive, once negative, never zero.
    for line in [
        "DA:1,3\n", "DA:2,3\n", "DA:3,1\n", "DA:4,2\n", "DA:5,0\n", "DA:7,2\n",
    ] {
        assert!(lcov.contains(line), "{line}in\n{lcov}");
    }
    assert!(lcov.contains("LF:12\nLH:11\n"), "{lcov}");
    // The same binary found by its build ID instead of named.
    let out = profconv(
        &tmp,
        &[
            "export",
            "-format=lcov",
            "-instr-profile=prof/",
            "--object-dir=target",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), lcov);
    assert!(
        stderr(&out).starts_with("note: target/debug/svc: 3 profiles (build ID "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn profiles_of_several_binaries_find_their_binaries_by_build_id() {
    let programs = [
        "clang-22/c_control",
        "clang-22/cpp_templates",
        "rustc-1.95/rs_lib",
    ];
    let tmp = scratch("object-dir");
    let mut profiles = Vec::new();
    for (i, program) in programs.iter().enumerate() {
        let dir = corpus(program);
        // Binaries at different depths, one also copied deeper (as Cargo
        // leaves `target/debug/x` next to `target/debug/deps/x-hash`).
        copy(&dir.join("program"), &tmp.join(&format!("bin/{i}-prog")));
        if i == 2 {
            copy(&dir.join("program"), &tmp.join("bin/deps/2-prog-0123abcd"));
        }
        for (n, p) in raw_profiles(&dir).iter().enumerate() {
            let to = tmp.join(&format!("prof/{i}-{n}.profraw"));
            copy(p, &to);
            profiles.push(to);
        }
    }
    std::fs::write(tmp.join("bin/notes.txt"), "not a binary").unwrap();
    // A profile of a binary that is not there.
    copy(
        &corpus("clang-22/c_lines").join("run-1.profraw"),
        &tmp.join("prof/9-stray.profraw"),
    );

    let out = profconv(
        &tmp,
        &[
            "export",
            "-format=lcov",
            "-instr-profile=prof",
            "--object-dir",
            "bin",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(
        lines[0].starts_with("warning: prof/9-stray.profraw: binary ID "),
        "{err}"
    );
    assert!(
        lines[0].ends_with(" matches no binary found; profile left out"),
        "{err}"
    );
    assert!(
        lines[1].starts_with("note: bin/0-prog: 3 profiles (build ID 96dc8b5b"),
        "{err}"
    );
    assert!(lines[2].starts_with("note: bin/1-prog: "), "{err}");
    assert!(
        lines[3].starts_with("note: bin/2-prog: 2 profiles (build ID 11c33730"),
        "{err}"
    );

    // Each program's records are exactly llvm-cov's for that program.
    let text = stdout(&out);
    for program in programs {
        let oracle = std::fs::read_to_string(
            corpus(program).join("oracle/llvm-cov-22.export.llvm22-profile.lcov"),
        )
        .unwrap();
        for record in oracle.split_inclusive("end_of_record\n") {
            assert!(text.contains(record), "{program}: {record}");
        }
    }
    // The same as naming the binaries and the matched profiles.
    let mut args: Vec<String> = vec!["export".into(), "-format=lcov".into()];
    args.extend(
        profiles
            .iter()
            .map(|p| format!("-instr-profile={}", p.display())),
    );
    args.extend(["bin/0-prog", "-object=bin/1-prog", "-object=bin/2-prog"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let named = profconv(&tmp, &args);
    assert_eq!(stdout(&named), text);

    // --quiet drops the notes, never the warning.
    let out = profconv(
        &tmp,
        &[
            "-q",
            "export",
            "-format=lcov",
            "-instr-profile=prof",
            "--object-dir",
            "bin",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out).lines().collect::<Vec<_>>(), lines[..1]);

    // Nothing found for any profile: an input error.
    let out = profconv(
        &tmp,
        &[
            "export",
            "-instr-profile=prof/9-stray.profraw",
            "--object-dir=bin",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
}

#[test]
fn globs_lists_verbosity_and_misspellings() {
    let program = corpus("clang-22/c_multi");
    let expected =
        std::fs::read(program.join("oracle/llvm-cov-22.export.llvm22-profile.lcov")).unwrap();
    // A pattern the shell did not expand.
    let out = profconv(
        &program,
        &[
            "export",
            "-format=lcov",
            "-instr-profile=run-*.profraw",
            "program",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(out.stdout, expected);
    let out = profconv(
        &program,
        &[
            "export",
            "-format=lcov",
            "-instr-profile=none-*.profraw",
            "program",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: none-*.profraw: no file matches this pattern\n"
    );

    // merge -input-files: `W,FILE` and `FILE` lines, comments skipped.
    let tmp = scratch("input-files");
    std::fs::write(
        tmp.join("list.txt"),
        format!(
            "# shards\n2,{}\n\n{}\n",
            program.join("run-1.profraw").display(),
            program.join("run-2.profraw").display()
        ),
    )
    .unwrap();
    let listed = profconv(
        &tmp,
        &["merge", "-text", "-input-files=list.txt", "-o", "-"],
    );
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    let weighted = format!(
        "--weighted-input=2,{}",
        program.join("run-1.profraw").display()
    );
    let direct = profconv(
        &tmp,
        &[
            "merge",
            "-text",
            "-o",
            "-",
            program.join("run-2.profraw").to_str().unwrap(),
            &weighted,
        ],
    );
    assert_eq!(listed.stdout, direct.stdout);

    // -v prints what loading found.
    let dir = corpus("clang-22/c_control");
    let out = profconv(
        &dir,
        &[
            "export",
            "-format=lcov",
            "-instr-profile=run-1.profraw",
            "program",
            "-v",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).starts_with("note: "), "{}", stderr(&out));

    // A misspelt option fails as a usage error and names the right one, in
    // either spelling.
    for (args, tip) in [
        (&["merge", "-spars", "x"][..], "'--sparse'"),
        (
            &["export", "--instr-profle=x", "y"][..],
            "'--instr-profile'",
        ),
    ] {
        let out = profconv(&dir, args);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains(&format!("a similar argument exists: {tip}")),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn help_completions_and_man_pages_come_from_one_definition() {
    let tmp = scratch("generated");
    for command in ["merge", "show", "dump", "export", "report", "convert"] {
        let out = profconv(&tmp, &[command, "--help"]);
        assert_eq!(out.status.code(), Some(0));
        let help = stdout(&out);
        assert!(help.contains("\nExamples:\n  "), "{command}: {help}");
        assert!(
            help.contains(&format!("profconv {command} ")),
            "{command}: {help}"
        );
    }
    let out = profconv(&tmp, &["--help"]);
    assert!(stdout(&out).contains("Exit codes: 0 success, 1 a coverage gate failed"));
    for (shell, needle) in [
        ("bash", "--instr-profile"),
        ("zsh", "--object-dir"),
        ("fish", "cobertura-max-size"),
        ("powershell", "--failure-mode"),
    ] {
        let out = profconv(&tmp, &["completions", shell]);
        assert_eq!(out.status.code(), Some(0));
        let script = stdout(&out);
        assert!(script.contains(needle), "{shell}");
        assert!(script.contains("convert"), "{shell}");
    }
    let out = profconv(&tmp, &["man"]);
    assert!(stdout(&out).contains(".TH PROFCONV 1"));
    let out = profconv(&tmp, &["man", "--dir", "man1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(tmp.join("man1/profconv-export.1")).unwrap();
    assert!(page.contains(".TH PROFCONV-EXPORT 1"), "{page}");
    assert!(page.contains("object\\-dir"), "{page}");
    for command in ["merge", "show", "dump", "report", "convert"] {
        assert!(
            tmp.join(&format!("man1/profconv-{command}.1")).exists(),
            "{command}"
        );
    }
}
