//! End-to-end tests of the `profconv` binary: exit codes, messages and
//! outputs, on profiles built with `covkit_testkit` and on the real
//! profiles of `fixtures/corpus`, whose stored `llvm-profdata` outputs are
//! the oracle.

#![allow(clippy::indexing_slicing, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::Output;

use covkit_testkit::{Endian, PointerWidth, RawProfile, TextProfile, fixtures_dir, variant};

mod common;

use common::{profconv, scratch, stderr, stdout};

fn raw(counts_main: &[u64], counts_helper: &[u64]) -> Vec<u8> {
    RawProfile::new(10, Endian::Little, PointerWidth::U64)
        .binary_id(&[0xab; 20])
        .function("main", 0x1234, counts_main)
        .function("helper", 0x18, counts_helper)
        .build()
}

mod merge {
    use super::*;

    #[test]
    fn raw_profiles_merge_and_show_as_llvm_22() {
        let dir = scratch("merge-show");
        std::fs::write(dir.join("run-1.profraw"), raw(&[1, 0, 5], &[3])).unwrap();
        std::fs::write(dir.join("run-2.profraw"), raw(&[2, 1, 5], &[0])).unwrap();
        let o = profconv(
            &dir,
            &[
                "merge",
                "-o",
                "merged.profdata",
                "run-1.profraw",
                "--weighted-input=2,run-2.profraw",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stderr(&o), "");
        let o = profconv(
            &dir,
            &[
                "show",
                "-all-functions",
                "--counts",
                "--binary-ids",
                "merged.profdata",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        // Hash-table order: "helper" and "main" share bucket 0 of 1.
        assert_eq!(
            stdout(&o),
            "Counters:\n  helper:\n    Hash: 0x0000000000000018\n    Counters: 1\n\
             \x20   Function count: 3\n    Block counts: []\n\
             \x20 main:\n    Hash: 0x0000000000001234\n    Counters: 3\n\
             \x20   Function count: 5\n    Block counts: [2, 15]\n\
             Instrumentation level: Front-end\nFunctions shown: 2\nTotal functions: 2\n\
             Maximum function count: 5\nMaximum internal block count: 15\n\
             Total number of blocks: 4\nTotal count: 25\n\
             Binary IDs: \nabababababababababababababababababababab\n"
        );
        let o = profconv(
            &dir,
            &[
                "merge",
                "--text",
                "-sparse",
                "run-1.profraw",
                "run-2.profraw",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let expected = TextProfile::new()
            .function("helper", 0x18, &[3])
            .function("main", 0x1234, &[3, 1, 10])
            .build();
        assert_eq!(stdout(&o), expected);
    }

    #[test]
    fn directories_are_searched_recursively() {
        let dir = scratch("merge-dir");
        std::fs::create_dir_all(dir.join("runs/a")).unwrap();
        std::fs::write(dir.join("runs/one.profraw"), raw(&[1, 0, 5], &[3])).unwrap();
        std::fs::write(dir.join("runs/a/two.profraw"), raw(&[1, 1, 1], &[1])).unwrap();
        let o = profconv(&dir, &["merge", "--text", "runs"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains(
            "main\n# Func Hash:\n4660\n# Num Counters:\n3\n# Counter Values:\n2\n1\n6\n"
        ));
    }

    #[test]
    fn failure_modes_and_messages() {
        let dir = scratch("merge-fail");
        std::fs::write(dir.join("good.profraw"), raw(&[1, 0, 5], &[3])).unwrap();
        let mut truncated = raw(&[1, 0, 5], &[3]);
        truncated.truncate(0x4c);
        std::fs::write(dir.join("run-1.profraw"), &truncated).unwrap();
        std::fs::write(dir.join("empty.profraw"), b"").unwrap();

        let o = profconv(
            &dir,
            &[
                "merge",
                "-o",
                "out.profdata",
                "good.profraw",
                "run-1.profraw",
            ],
        );
        assert_eq!(o.status.code(), Some(3));
        assert_eq!(
            stderr(&o),
            "warning: run-1.profraw: unexpected end of data reading u64 (at offset 0x48)\n\
             error: no profile can be merged\n"
        );
        assert!(!dir.join("out.profdata").exists());

        for mode in ["all", "warn"] {
            let o = profconv(
                &dir,
                &[
                    "merge",
                    &format!("--failure-mode={mode}"),
                    "--text",
                    "good.profraw",
                    "run-1.profraw",
                ],
            );
            assert_eq!(o.status.code(), Some(0), "{mode}");
            assert!(stdout(&o).starts_with("helper\n"));
            assert!(stderr(&o).starts_with("warning: run-1.profraw: unexpected end of data"));
        }
        let o = profconv(
            &dir,
            &["merge", "--failure-mode=all", "--text", "run-1.profraw"],
        );
        assert_eq!(o.status.code(), Some(3));
        let o = profconv(
            &dir,
            &["merge", "--failure-mode=warn", "--text", "run-1.profraw"],
        );
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(stdout(&o), "");
        // Empty files are skipped, as llvm-profdata does, with a warning
        // where llvm-profdata says nothing.
        let o = profconv(&dir, &["merge", "--text", "empty.profraw", "good.profraw"]);
        assert_eq!(
            (o.status.code(), stderr(&o)),
            (
                Some(0),
                "warning: empty.profraw: empty profile; skipped\n".to_owned()
            )
        );
        let o = profconv(&dir, &["merge", "-o", "x.profdata", "missing.profraw"]);
        assert_eq!(o.status.code(), Some(3));
        assert_eq!(
            stderr(&o),
            "error: missing.profraw: No such file or directory\n"
        );
    }

    #[test]
    fn record_conflicts_are_warnings() {
        let dir = scratch("merge-conflict");
        let fe = TextProfile::new().function("f", 1, &[1, 2]).build();
        let other = TextProfile::new().function("f", 1, &[7]).build();
        std::fs::write(dir.join("a.proftext"), &fe).unwrap();
        std::fs::write(dir.join("b.proftext"), &fe).unwrap();
        std::fs::write(dir.join("c.proftext"), &other).unwrap();
        let o = profconv(
            &dir,
            &["merge", "--text", "a.proftext", "c.proftext", "b.proftext"],
        );
        assert!(o.status.success());
        assert_eq!(
            stderr(&o),
            "warning: c.proftext: f: function basic block count change detected (counter mismatch); \
             1 record dropped\n"
        );
        assert!(stdout(&o).contains("# Counter Values:\n2\n4\n"));
        // Mixing an IR profile with one marked front-end is refused.
        let ir = TextProfile::new()
            .variant(variant::IR_PROF)
            .function("f", 1, &[1, 2])
            .build();
        std::fs::write(dir.join("ir.proftext"), &ir).unwrap();
        std::fs::write(dir.join("fe.proftext"), format!(":fe\n{fe}")).unwrap();
        let o = profconv(&dir, &["merge", "--text", "fe.proftext", "ir.proftext"]);
        assert_eq!(o.status.code(), Some(3));
        assert_eq!(
            stderr(&o),
            "warning: ir.proftext: cannot merge IR generated profile with Clang generated profile\n\
             error: no profile can be merged\n"
        );
    }

    #[test]
    fn threads_give_the_same_bytes() {
        let dir = scratch("merge-threads");
        let mut names = Vec::new();
        for i in 0..9u64 {
            let name = format!("run-{i}.profraw");
            std::fs::write(dir.join(&name), raw(&[i, i * 2, 7], &[i % 3])).unwrap();
            names.push(name);
        }
        let mut outputs = Vec::new();
        for threads in ["1", "4"] {
            let mut args = vec!["merge", "-j", threads, "-o", "out.profdata"];
            args.extend(names.iter().map(String::as_str));
            let o = profconv(&dir, &args);
            assert!(o.status.success(), "{}", stderr(&o));
            outputs.push(std::fs::read(dir.join("out.profdata")).unwrap());
        }
        assert_eq!(outputs[0], outputs[1]);
    }
}

mod usage {
    use super::*;

    #[test]
    fn usage_errors_exit_with_2() {
        let dir = scratch("usage");
        for args in [
            &["merge"][..],
            &["merge", "--weighted-input=0,a.profraw"],
            &["merge", "--failure-mode=sometimes", "a"],
            &["bogus"],
            &["show"],
            &["show", "--llvm-version=9", "x"],
        ] {
            let o = profconv(&dir, args);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(!stderr(&o).is_empty());
        }
        let o = profconv(&dir, &["--help"]);
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).contains("merge"));
    }

    #[test]
    fn show_errors_name_the_file_and_offset() {
        let dir = scratch("show-errors");
        let mut truncated = raw(&[1], &[1]);
        truncated.truncate(0x4c);
        std::fs::write(dir.join("run-1.profraw"), &truncated).unwrap();
        let o = profconv(&dir, &["show", "run-1.profraw"]);
        assert_eq!(o.status.code(), Some(3));
        assert_eq!(
            stderr(&o),
            "error: run-1.profraw: unexpected end of data reading u64 (at offset 0x48)\n"
        );
        std::fs::write(dir.join("bad.proftext"), "f\nx\n").unwrap();
        let o = profconv(&dir, &["show", "bad.proftext"]);
        assert_eq!(
            stderr(&o),
            "error: bad.proftext: line 2: function hash is not a valid integer: 'x' (at offset 0x2)\n"
        );
    }

    #[test]
    fn dump_prints_the_structure() {
        let dir = scratch("dump");
        std::fs::write(dir.join("run.profraw"), raw(&[1], &[1])).unwrap();
        let o = profconv(&dir, &["dump", "run.profraw"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!stdout(&o).is_empty());
        std::fs::write(dir.join("a.proftext"), "f\n1\n1\n1\n").unwrap();
        let o = profconv(&dir, &["dump", "a.proftext"]);
        assert_eq!(o.status.code(), Some(3));
    }
}

/// Replays the `llvm-profdata` commands recorded in
/// `fixtures/corpus/*/*/commands.txt` (show in the style of 13, 14, 16, 19
/// and 22; merge with 22) and compares with their stored outputs.
mod corpus {
    use super::*;

    fn commands(dir: &Path) -> Vec<(String, Vec<String>)> {
        let Ok(text) = std::fs::read_to_string(dir.join("commands.txt")) else {
            return Vec::new();
        };
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("(build)"))
            .filter_map(|l| l.split_once(": "))
            .filter(|(_, cmd)| cmd.starts_with("llvm-profdata-"))
            .map(|(out, cmd)| (out.to_owned(), cmd.split(' ').map(str::to_owned).collect()))
            .collect()
    }

    #[test]
    fn show_and_merge_match_llvm_profdata() {
        let root = fixtures_dir().join("corpus");
        let toolchains = std::fs::read_dir(&root).expect("the fixture corpus");
        let mut checked = 0;
        let mut failures = Vec::new();
        let mut dirs: Vec<PathBuf> = toolchains
            .flatten()
            .flat_map(|t| std::fs::read_dir(t.path()).into_iter().flatten().flatten())
            .map(|p| p.path())
            .collect();
        dirs.sort();
        for dir in dirs {
            for (out, cmd) in commands(&dir) {
                let version = cmd[0].trim_start_matches("llvm-profdata-");
                let expected = std::fs::read(dir.join(&out))
                    .unwrap_or_else(|e| panic!("{}: {e}", dir.join(&out).display()));
                let actual = match cmd.get(1).map(String::as_str) {
                    Some("show") => {
                        let style = format!("--llvm-version={version}");
                        let mut args = vec!["show", style.as_str()];
                        args.extend(cmd[2..].iter().map(String::as_str));
                        profconv(&dir, &args).stdout
                    }
                    Some("merge") if version == "22" => {
                        let mut args = vec!["merge".to_owned(), "-o".to_owned(), "-".to_owned()];
                        let mut rest = cmd[2..].iter();
                        while let Some(a) = rest.next() {
                            if a == "-o" {
                                rest.next();
                            } else {
                                args.push(a.clone());
                            }
                        }
                        let args: Vec<&str> = args.iter().map(String::as_str).collect();
                        profconv(&dir, &args).stdout
                    }
                    _ => continue,
                };
                checked += 1;
                if actual != expected {
                    failures.push(format!("{}: {}", dir.display(), cmd.join(" ")));
                }
            }
        }
        assert!(
            checked >= 1000,
            "only {checked} llvm-profdata outputs checked"
        );
        assert!(
            failures.is_empty(),
            "{} of {checked} differ:\n{}",
            failures.len(),
            failures.join("\n")
        );
        eprintln!("{checked} llvm-profdata outputs reproduced");
    }
}

mod dump {
    use super::*;

    #[test]
    fn binaries_dump_their_coverage_mapping_with_stats() {
        let root = fixtures_dir();
        let out = profconv(
            &root,
            &["dump", "--stats", "corpus/clang-22/c_macros/program"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        // The same text the covmap crate's snapshot holds for this binary.
        let snapshot =
            root.join("../crates/covmap/tests/snapshots/corpus__clang-22__c_macros__program.dump");
        assert_eq!(stdout(&out), std::fs::read_to_string(snapshot).unwrap());
        assert!(stdout(&out).ends_with("mcdc-decision: 0\nmcdc-branch: 0\n"));
    }

    #[test]
    fn stats_of_a_profile_is_a_usage_error() {
        let out = profconv(
            &fixtures_dir(),
            &["dump", "-stats", "corpus/clang-22/c_macros/run-1.profraw"],
        );
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("--stats counts the regions of a binary"));
    }

    #[test]
    fn an_object_without_coverage_is_an_error() {
        let out = profconv(
            &fixtures_dir(),
            &["dump", "corpus/objects/wasm/c_multi/main.o"],
        );
        assert_eq!(out.status.code(), Some(3));
        assert_eq!(
            stderr(&out),
            "error: corpus/objects/wasm/c_multi/main.o: no coverage data found\n"
        );
    }
}

mod versions {
    use super::*;

    fn written_version(args: &[&str]) -> u8 {
        let dir = fixtures_dir().join("corpus/clang-22/c_control");
        let mut all = vec!["merge", "-o", "-", "run-1.profraw"];
        all.extend_from_slice(args);
        let out = profconv(&dir, &all);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out.stdout[8]
    }

    #[test]
    fn merge_writes_the_indexed_version_asked_for() {
        assert_eq!(written_version(&[]), 13);
        assert_eq!(written_version(&["-write-prev-version"]), 11);
        assert_eq!(written_version(&["--profile-version=12"]), 12);
        assert_eq!(written_version(&["-profile-version=11"]), 11);
    }
}

mod directories {
    use super::*;

    #[test]
    fn a_directory_contributes_its_profiles_and_skips_other_files() {
        let dir = scratch("dir-scan");
        let shard = dir.join("shard-1");
        std::fs::create_dir_all(&shard).unwrap();
        std::fs::write(dir.join("a.profraw"), raw(&[1, 2], &[3])).unwrap();
        // Named like anything, found by its magic.
        std::fs::write(shard.join("default_1234.raw"), raw(&[10, 20], &[30])).unwrap();
        std::fs::write(dir.join("commands.txt"), "clang -c main.c\n").unwrap();
        std::fs::write(shard.join("build.log"), [0u8; 64]).unwrap();

        let out = profconv(&dir, &["merge", "--text", "-o", "-", "."]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stderr(&out), "");
        let text = stdout(&out);
        assert!(
            text.contains(
                "main\n# Func Hash:\n4660\n# Num Counters:\n2\n# Counter Values:\n11\n22\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("helper\n# Func Hash:\n24\n# Num Counters:\n1\n# Counter Values:\n33\n"),
            "{text}"
        );
    }
}

mod broken_profiles_in_directories {
    use super::*;

    #[test]
    fn a_truncated_profraw_in_a_directory_is_reported_not_skipped() {
        let dir = scratch("dir-broken");
        std::fs::write(dir.join("good.profraw"), raw(&[1, 2], &[3])).unwrap();
        std::fs::write(dir.join("crashed.profraw"), &raw(&[1, 2], &[3])[..40]).unwrap();
        let out = profconv(&dir, &["merge", "--text", "-o", "-", "."]);
        assert_eq!(out.status.code(), Some(3));
        assert!(stderr(&out).contains("crashed.profraw"), "{}", stderr(&out));
        let out = profconv(
            &dir,
            &["merge", "--failure-mode=warn", "--text", "-o", "-", "."],
        );
        assert_eq!(out.status.code(), Some(0));
        assert!(
            stderr(&out).starts_with("warning: ./crashed.profraw:"),
            "{}",
            stderr(&out)
        );
    }
}

mod export {
    use super::*;

    /// Words of a command line as a POSIX shell splits it, for the quoting
    /// `commands.txt` uses: single quotes and plain words.
    fn shell_words(line: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '\'' => quoted = !quoted,
                ' ' if !quoted => {
                    words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)))
                }
                _ => word.push(c),
            }
        }
        words.extend((!word.is_empty()).then_some(word));
        words
    }

    /// `(directory, oracle file, arguments after "llvm-cov-22")` of every
    /// recorded `llvm-cov-22 export` and `llvm-cov-22 report` command.
    fn llvm_cov_commands() -> Vec<(PathBuf, String, Vec<String>)> {
        let mut out = Vec::new();
        let mut dirs = Vec::new();
        for level1 in std::fs::read_dir(fixtures_dir().join("corpus")).unwrap() {
            for level2 in std::fs::read_dir(level1.unwrap().path()).unwrap() {
                let path = level2.unwrap().path();
                if path.join("commands.txt").exists() {
                    dirs.push(path);
                } else if path.is_dir() {
                    for level3 in std::fs::read_dir(&path).unwrap() {
                        dirs.push(level3.unwrap().path());
                    }
                }
            }
        }
        dirs.sort();
        for dir in dirs {
            let Ok(text) = std::fs::read_to_string(dir.join("commands.txt")) else {
                continue;
            };
            for line in text.lines() {
                let Some((oracle, cmd)) = line.split_once(": llvm-cov-22 ") else {
                    continue;
                };
                let args = shell_words(cmd);
                if args.first().is_some_and(|c| c == "export" || c == "report") {
                    out.push((dir.clone(), oracle.to_owned(), args));
                }
            }
        }
        out
    }

    /// Every recorded `llvm-cov-22 export` (lcov and JSON) and `report`
    /// command, run with only the program name changed, prints the same
    /// bytes.
    #[test]
    fn the_recorded_llvm_cov_commands_give_the_same_output() {
        let commands = llvm_cov_commands();
        let count = |sub: &str, format: &str| {
            commands
                .iter()
                .filter(|(_, _, a)| a[0] == sub && a.iter().any(|x| x.contains(format)))
                .count()
        };
        assert!(count("export", "-format=lcov") >= 450);
        assert!(count("export", "-format=text") >= 98);
        assert!(count("report", "program") >= 98);
        let mut failures = Vec::new();
        for (dir, oracle, args) in &commands {
            let all: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = profconv(dir, &all);
            let refused = dir.join(format!("{oracle}.error"));
            if refused.exists() {
                // llvm-cov failed on these inputs; so must profconv, with
                // llvm-cov's first line.
                let llvm = std::fs::read_to_string(&refused).unwrap();
                let first = llvm.lines().nth(1).unwrap_or_default();
                if out.status.code() != Some(3) || stderr(&out).lines().next() != Some(first) {
                    failures.push(format!(
                        "{}: expected `{first}`, got `{}`",
                        dir.display(),
                        stderr(&out).trim()
                    ));
                }
                continue;
            }
            let expected = std::fs::read(dir.join(oracle))
                .unwrap_or_else(|e| panic!("{}: {e}", dir.join(oracle).display()));
            if out.status.code() != Some(0) || out.stdout != expected {
                failures.push(format!(
                    "{}: profconv {} ({})",
                    dir.display(),
                    args.join(" "),
                    stderr(&out).trim()
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} differ:\n{}",
            failures.len(),
            commands.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn raw_profiles_are_merged_in_memory() {
        let dir = fixtures_dir().join("corpus/clang-22/c_macros");
        let out = profconv(
            &dir,
            &[
                "export",
                "-format=lcov",
                "-instr-profile=run-1.profraw",
                "-instr-profile=run-2.profraw",
                "program",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let expected =
            std::fs::read(dir.join("oracle/llvm-cov-22.export.llvm22-profile.lcov")).unwrap();
        assert_eq!(out.stdout, expected);
    }

    #[test]
    fn json_is_the_default_format() {
        let dir = fixtures_dir().join("corpus/clang-22/c_mcdc");
        let out = profconv(
            &dir,
            &["export", "--instr-profile", "merged.profdata", "program"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let expected = std::fs::read(dir.join("oracle/llvm-cov-22.export.json")).unwrap();
        assert_eq!(out.stdout, expected);
    }

    #[test]
    fn a_stale_profile_warns_as_llvm_cov_does() {
        // The text profile of c_macros with `compute`'s hash changed, as if
        // the profile came from an older build.
        let dir = fixtures_dir().join("corpus/clang-22/c_macros");
        let text = std::fs::read_to_string(
            dir.join("oracle/llvm-profdata-22.show-text.merged.profdata.proftext"),
        )
        .unwrap();
        let stale = text.replace(
            "main.c:compute\n# Func Hash:\n199519658658704606\n",
            "main.c:compute\n# Func Hash:\n199519658658704607\n",
        );
        assert_ne!(stale, text);
        let tmp = scratch("stale");
        std::fs::write(tmp.join("stale.proftext"), stale).unwrap();
        let profile = format!("-instr-profile={}", tmp.join("stale.proftext").display());
        for format in ["-format=lcov", "-format=text"] {
            let out = profconv(&dir, &["export", format, &profile, "program"]);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            assert_eq!(stderr(&out), "warning: 1 functions have mismatched data\n");
            assert!(!stdout(&out).contains("compute"));
        }
        let out = profconv(&dir, &["report", &profile, "program"]);
        assert_eq!(stderr(&out), "warning: 1 functions have mismatched data\n");
    }

    #[test]
    fn several_formats_come_out_of_one_run() {
        // The seed pipeline in one command: raw profiles in, lcov, JSON,
        // Cobertura and Sonar out.
        let dir = fixtures_dir().join("corpus/clang-22/c_multi");
        let tmp = scratch("formats");
        let out_arg =
            |format: &str, name: &str| format!("--output={format}={}", tmp.join(name).display());
        let out = profconv(
            &dir,
            &[
                "export",
                "-instr-profile=run-1.profraw",
                "-instr-profile=run-2.profraw",
                "-instr-profile=run-3.profraw",
                "-instr-profile=run-4.profraw",
                "program",
                "--source-root=/covkit/c_multi",
                &out_arg("lcov", "cov.lcov"),
                &out_arg("json", "cov.json"),
                &out_arg("cobertura", "cov.xml"),
                &out_arg("sonar", "sonar.xml"),
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(out.stdout.is_empty());
        let read = |name: &str| std::fs::read(tmp.join(name)).unwrap();
        assert_eq!(
            read("cov.lcov"),
            std::fs::read(dir.join("oracle/llvm-cov-22.export.llvm22-profile.lcov")).unwrap()
        );
        let json = String::from_utf8(read("cov.json")).unwrap();
        assert!(json.starts_with("{\"data\":[{\"files\":["), "{json}");
        let cobertura = String::from_utf8(read("cov.xml")).unwrap();
        assert!(
            cobertura.contains("<class name=\"calc.c\" filename=\"calc.c\""),
            "{cobertura}"
        );
        let sonar = String::from_utf8(read("sonar.xml")).unwrap();
        assert!(sonar.contains("<file path=\"calc.c\">"), "{sonar}");

        // Two outputs cannot share standard output.
        let out = profconv(
            &dir,
            &[
                "export",
                "-instr-profile=merged.profdata",
                "program",
                "-o",
                "-",
                "--output=lcov=-",
            ],
        );
        assert_eq!(out.status.code(), Some(2));
    }

    #[test]
    fn demangle_applies_to_every_format() {
        let dir = fixtures_dir().join("corpus/clang-22/cpp_templates");
        for (format, name) in [
            ("lcov", "int pick<int>(int, int, bool)"),
            ("text", "int pick<int>(int, int, bool)"),
            ("cobertura", "int pick&lt;int&gt;(int, int, bool)"),
        ] {
            let out = profconv(
                &dir,
                &[
                    "export",
                    &format!("-format={format}"),
                    "-instr-profile=merged.profdata",
                    "program",
                    "--demangle",
                ],
            );
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let text = stdout(&out);
            assert!(text.contains(name), "{format}: {text}");
            assert!(!text.contains("_Z4pickIiET_S0_S0_b"), "{format}");
        }
        let out = profconv(
            &dir,
            &[
                "report",
                "-instr-profile=merged.profdata",
                "program",
                "-demangle",
                "-show-functions",
                "-path-equivalence=/covkit,/covkit",
                "/covkit/cpp_templates/main.cpp",
            ],
        );
        assert!(
            stdout(&out).contains("pick<double>(double, double, bool)"),
            "{}",
            stdout(&out)
        );
        // Without it, names stay as llvm-cov prints them.
        let out = profconv(
            &dir,
            &[
                "export",
                "-format=lcov",
                "-instr-profile=merged.profdata",
                "program",
            ],
        );
        assert!(stdout(&out).contains("FN:19,_Z4pickIiET_S0_S0_b"));
    }

    #[test]
    fn show_functions_needs_source_files() {
        let dir = fixtures_dir().join("corpus/clang-22/c_multi");
        let out = profconv(
            &dir,
            &[
                "report",
                "-instr-profile=merged.profdata",
                "program",
                "-show-functions",
            ],
        );
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("source files must be specified"));
        // With a source file it prints that file's function table.
        let out = profconv(
            &dir,
            &[
                "report",
                "-instr-profile=merged.profdata",
                "program",
                "-show-functions",
                "-path-equivalence=/covkit,/covkit",
                "/covkit/c_multi/calc.c",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            stdout(&out).starts_with("File '/covkit/c_multi/calc.c':\n"),
            "{}",
            stdout(&out)
        );
    }

    #[test]
    fn objects_without_coverage_are_an_error_naming_them() {
        let dir = fixtures_dir().join("corpus/objects/wasm/c_multi");
        let out = profconv(
            &dir,
            &[
                "export",
                "-format=lcov",
                "-instr-profile=../../../clang-22/c_multi/merged.profdata",
                "main.o",
                "-object",
                "calc.o",
            ],
        );
        assert_eq!(out.status.code(), Some(3));
        assert_eq!(
            stderr(&out),
            "error: failed to load coverage: 'main.o, calc.o': no coverage data found\n"
        );
    }
}

mod source_files {
    use super::*;

    fn c_macros() -> PathBuf {
        fixtures_dir().join("corpus/clang-22/c_macros")
    }

    /// `profconv export -format=lcov -instr-profile=merged.profdata ARGS`
    /// in the c_macros corpus directory.
    fn export(args: &[&str]) -> Output {
        let mut all = vec!["export", "-format=lcov", "-instr-profile=merged.profdata"];
        all.extend_from_slice(args);
        profconv(&c_macros(), &all)
    }

    /// The `SF:` block of `file` in an lcov text.
    fn block<'a>(lcov: &'a str, file: &str) -> &'a str {
        let start = lcov.find(&format!("SF:{file}\n")).expect("file in lcov");
        let end = start + lcov[start..].find("end_of_record\n").unwrap() + "end_of_record\n".len();
        &lcov[start..end]
    }

    #[test]
    fn source_arguments_select_files_through_path_equivalence() {
        let dir = c_macros();
        let sources = fixtures_dir().join("programs/c_macros");
        let equivalence = format!("-path-equivalence=/covkit/c_macros,{}", sources.display());
        let header = sources.join("inline.h");
        let out = export(&[&equivalence, "program", header.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let all = std::fs::read_to_string(dir.join("oracle/llvm-cov-22.export.lcov")).unwrap();
        assert_eq!(stdout(&out), block(&all, "/covkit/c_macros/inline.h"));
    }

    #[test]
    fn arguments_that_match_nothing_report_every_file() {
        let dir = c_macros();
        let out = export(&["program", "commands.txt"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let all = std::fs::read(dir.join("oracle/llvm-cov-22.export.lcov")).unwrap();
        assert_eq!(out.stdout, all);
    }

    #[test]
    fn a_missing_source_argument_is_a_warning() {
        let out = export(&["program", "nope.c"]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            stderr(&out),
            "warning: nope.c: source file not found; ignored\n"
        );
    }
}
