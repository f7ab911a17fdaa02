//! End-to-end tests of `profconv check`: the totals against llvm-cov's JSON
//! `totals` for every corpus program, each gate passing and failing, and a
//! rust-vmm-ci `coverage_config_<arch>.json` in both modes.

#![allow(clippy::indexing_slicing, clippy::print_stderr)]

use std::path::Path;
use std::process::Output;

use covkit_testkit::fixtures_dir;

mod common;

use common::{corpus, profconv, profconv_with_env, scratch, stderr, stdout};

/// The summary lines of clang-22/c_macros with its merged profile.
const C_MACROS: &str = "lines: 64.86% (24/37)\nregions: 82.14% (46/56)\n\
                        functions: 50.00% (3/6)\nbranches: 70.00% (21/30)\n\
                        instantiations: 50.00% (3/6)\nmcdc: - (0/0)\n";

/// The exact line percentage of clang-22/c_macros, as llvm-cov's JSON
/// holds it.
const C_MACROS_LINES: &str = "64.86486486486487";

/// The name `--baseline` alone looks for.
fn config_name() -> String {
    format!("coverage_config_{}.json", std::env::consts::ARCH)
}

/// `check -instr-profile=<merged.profdata> <program>` of a corpus program,
/// by absolute paths, then `extra`, run in `dir`.
fn check(dir: &Path, program: &str, extra: &[&str]) -> Output {
    let fixture = corpus(program);
    let profile = format!(
        "-instr-profile={}",
        fixture.join("merged.profdata").display()
    );
    let binary = fixture.join("program").display().to_string();
    let mut args = vec!["check", profile.as_str(), binary.as_str()];
    args.extend_from_slice(extra);
    profconv(dir, &args)
}

/// Exit code, standard output and standard error.
fn outcome(o: &Output) -> (Option<i32>, String, String) {
    (o.status.code(), stdout(o), stderr(o))
}

mod totals {
    use super::*;

    /// Every corpus program: the six summary lines are llvm-cov's
    /// `data[0].totals` (count, covered and percent to two decimals), and
    /// the line percentage a devel baseline takes is llvm-cov's exactly.
    #[test]
    fn totals_match_the_json_oracle_for_every_corpus_program() {
        let dir = scratch("check-totals");
        let mut programs = Vec::new();
        for toolchain in std::fs::read_dir(fixtures_dir().join("corpus")).unwrap() {
            for program in std::fs::read_dir(toolchain.unwrap().path()).unwrap() {
                let path = program.unwrap().path();
                if path.join("oracle/llvm-cov-22.export.json").exists() {
                    programs.push(path);
                }
            }
        }
        programs.sort();
        assert!(programs.len() >= 49, "{}", programs.len());
        let config = dir.join("config.json");
        let mut failures = Vec::new();
        for path in &programs {
            let oracle: serde_json::Value = serde_json::from_slice(
                &std::fs::read(path.join("oracle/llvm-cov-22.export.json")).unwrap(),
            )
            .unwrap();
            let totals = &oracle["data"][0]["totals"];
            let mut expected = String::new();
            for metric in [
                "lines",
                "regions",
                "functions",
                "branches",
                "instantiations",
                "mcdc",
            ] {
                let t = &totals[metric];
                let (count, covered) =
                    (t["count"].as_u64().unwrap(), t["covered"].as_u64().unwrap());
                let percent = t["percent"].as_f64().unwrap();
                if count == 0 {
                    expected.push_str(&format!("{metric}: - ({covered}/{count})\n"));
                } else {
                    expected.push_str(&format!("{metric}: {percent:.2}% ({covered}/{count})\n"));
                }
            }
            // Below any percentage by more than the tolerance: rewritten.
            std::fs::write(&config, r#"{"coverage_score": -1, "exclude_path": ""}"#).unwrap();
            let program = path.strip_prefix(fixtures_dir().join("corpus")).unwrap();
            let o = check(
                &dir,
                program.to_str().unwrap(),
                &["--baseline=config.json", "--baseline-mode", "devel"],
            );
            if o.status.code() != Some(0) || stdout(&o) != expected {
                failures.push(format!(
                    "{}: expected\n{expected}got ({:?})\n{}{}",
                    program.display(),
                    o.status.code(),
                    stdout(&o),
                    stderr(&o)
                ));
                continue;
            }
            let rewritten: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&config).unwrap()).unwrap();
            let score = rewritten["coverage_score"].as_f64().unwrap();
            let exact = totals["lines"]["percent"].as_f64().unwrap();
            if score.to_bits() != exact.to_bits() {
                failures.push(format!(
                    "{}: coverage_score {score}, llvm-cov {exact}",
                    program.display()
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} differ:\n{}",
            failures.len(),
            programs.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn the_lines_line_matches_the_documented_gitlab_regex() {
        let dir = scratch("check-gitlab");
        let o = check(&dir, "clang-22/c_macros", &[]);
        assert_eq!(outcome(&o), (Some(0), C_MACROS.to_owned(), String::new()));
        let re = regex::Regex::new(r"(?m)^lines: \d+\.\d+%").unwrap();
        let text = stdout(&o);
        let found: Vec<&str> = re.find_iter(&text).map(|m| m.as_str()).collect();
        assert_eq!(found, ["lines: 64.86%"]);
        let help = profconv(&dir, &["check", "--help"]);
        assert_eq!(help.status.code(), Some(0));
        assert!(stdout(&help).contains(r"coverage: '/^lines: \d+\.\d+%/'"));
        assert!(stdout(&help).contains("Examples:\n  # At least 80% of lines"));
    }
}

mod gates {
    use super::*;

    /// Each total gate on clang-22/c_macros, at a threshold it meets and at
    /// one it misses.
    #[test]
    fn each_threshold_passes_and_fails() {
        let dir = scratch("check-thresholds");
        for (pass, fail, message) in [
            (
                "--fail-under-lines=64.86",
                "--fail-under-lines=64.87",
                "--fail-under-lines: lines 64.86% (24/37) is under 64.87%",
            ),
            (
                "--fail-under-regions=82",
                "--fail-under-regions=90",
                "--fail-under-regions: regions 82.14% (46/56) is under 90%",
            ),
            (
                "--fail-under-functions=50",
                "--fail-under-functions=50.5",
                "--fail-under-functions: functions 50.00% (3/6) is under 50.5%",
            ),
            (
                "--fail-under-branches=0",
                "--fail-under-branches=100",
                "--fail-under-branches: branches 70.00% (21/30) is under 100%",
            ),
            (
                "--fail-uncovered-lines=13",
                "--fail-uncovered-lines=12",
                "--fail-uncovered-lines: 13 of 37 lines uncovered, more than 12",
            ),
            (
                "--fail-uncovered-regions=10",
                "--fail-uncovered-regions=0",
                "--fail-uncovered-regions: 10 of 56 regions uncovered, more than 0",
            ),
            (
                "--fail-uncovered-functions=3",
                "--fail-uncovered-functions=2",
                "--fail-uncovered-functions: 3 of 6 functions uncovered, more than 2",
            ),
            (
                "--fail-uncovered-branches=9",
                "--fail-uncovered-branches=8",
                "--fail-uncovered-branches: 9 of 30 branches uncovered, more than 8",
            ),
        ] {
            let o = check(&dir, "clang-22/c_macros", &[pass]);
            assert_eq!(
                outcome(&o),
                (Some(0), C_MACROS.to_owned(), String::new()),
                "{pass}"
            );
            let o = check(&dir, "clang-22/c_macros", &[fail]);
            assert_eq!(
                outcome(&o),
                (Some(1), C_MACROS.to_owned(), format!("error: {message}\n")),
                "{fail}"
            );
            // The single-dash spelling, with the value apart.
            let (name, value) = fail.split_once('=').unwrap();
            let o = check(&dir, "clang-22/c_macros", &[&name[1..], value]);
            assert_eq!(o.status.code(), Some(1), "{fail}");
        }
    }

    #[test]
    fn every_failed_gate_is_reported() {
        let dir = scratch("check-several");
        let o = check(
            &dir,
            "clang-22/c_macros",
            &[
                "-fail-under-lines=80",
                "--fail-under-regions",
                "80",
                "--fail-uncovered-branches=0",
                "--fail-under-file-lines=60",
            ],
        );
        assert_eq!(
            outcome(&o),
            (
                Some(1),
                C_MACROS.to_owned(),
                "error: --fail-under-lines: lines 64.86% (24/37) is under 80%\n\
                 error: --fail-uncovered-branches: 9 of 30 branches uncovered, more than 0\n\
                 error: --fail-under-file-lines: /covkit/c_macros/inline.h: lines 50.00% (5/10) \
                 is under 60%\n"
                    .to_owned()
            )
        );
    }

    #[test]
    fn nothing_to_count_passes_with_a_warning() {
        let dir = scratch("check-nothing");
        let o = check(
            &dir,
            "rustc-1.95/rs_lib",
            &["--fail-under-branches=90", "--fail-uncovered-branches=0"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stdout(&o).contains("\nbranches: - (0/0)\n"));
        assert_eq!(
            stderr(&o),
            "warning: --fail-under-branches: no branches to count; the gate passes\n"
        );
    }

    #[test]
    fn the_file_gate_lists_the_files_below_worst_first() {
        let dir = scratch("check-files");
        let o = check(&dir, "clang-22/c_macros", &["--fail-under-file-lines=50"]);
        assert_eq!(outcome(&o), (Some(0), C_MACROS.to_owned(), String::new()));
        let o = check(
            &dir,
            "clang-22/c_macros",
            &["--fail-under-file-lines", "75"],
        );
        assert_eq!(
            outcome(&o),
            (
                Some(1),
                C_MACROS.to_owned(),
                "error: --fail-under-file-lines: /covkit/c_macros/inline.h: lines 50.00% (5/10) \
                 is under 75%\n\
                 error: --fail-under-file-lines: /covkit/c_macros/main.c: lines 70.37% (19/27) \
                 is under 75%\n"
                    .to_owned()
            )
        );
        // Only the selected files are gated.
        let o = check(
            &dir,
            "clang-22/c_multi",
            &["--fail-under-file-lines=100", "-ignore-filename-regex=main"],
        );
        assert_eq!(
            stderr(&o),
            "error: --fail-under-file-lines: /covkit/c_multi/calc.c: lines 45.00% (9/20) \
             is under 100%\n"
        );
        let o = check(
            &dir,
            "clang-22/c_multi",
            &["--fail-under-file-lines=100", "-ignore-filename-regex=calc"],
        );
        assert_eq!((o.status.code(), stderr(&o)), (Some(0), String::new()));
    }
}

mod baseline {
    use super::*;

    /// A config as people write them by hand: indented, keys in their own
    /// order, a trailing newline.
    fn config(score: &str) -> String {
        format!(
            "{{\n    \"crate_features\": \"virtio,mmap\",\n    \"coverage_score\": {score},\n    \
             \"exclude_path\": \"\"\n}}\n"
        )
    }

    fn rise(score: &str, path: &str) -> String {
        let difference = 64.864_864_864_864_87 - score.parse::<f64>().unwrap();
        format!(
            "error: --baseline: lines 64.86% is {difference:.2} points above the coverage_score \
             {score} of {path}, more than the tolerance 0.5; set coverage_score to \
             {C_MACROS_LINES}, or run again with --baseline-mode devel to rewrite the file\n"
        )
    }

    #[test]
    fn ci_mode_passes_within_the_tolerance_and_fails_either_way_beyond() {
        let dir = scratch("check-ci");
        let path = dir.join("cfg.json");
        // Within the tolerance, either way.
        for score in ["64.5", "65.3", C_MACROS_LINES] {
            std::fs::write(&path, config(score)).unwrap();
            for mode in [
                &["--baseline=cfg.json"][..],
                &["--baseline", "cfg.json", "--baseline-mode=ci"],
            ] {
                let o = check(&dir, "clang-22/c_macros", mode);
                assert_eq!(
                    outcome(&o),
                    (Some(0), C_MACROS.to_owned(), String::new()),
                    "{score}"
                );
            }
        }
        // Risen: a human updates the file.
        std::fs::write(&path, config("64.3")).unwrap();
        let o = check(&dir, "clang-22/c_macros", &["--baseline=cfg.json"]);
        assert_eq!(
            outcome(&o),
            (Some(1), C_MACROS.to_owned(), rise("64.3", "cfg.json"))
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), config("64.3"));
        // A wider tolerance lets it through.
        let o = check(
            &dir,
            "clang-22/c_macros",
            &["--baseline=cfg.json", "--tolerance=0.6"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        // Fallen.
        std::fs::write(&path, config("70")).unwrap();
        let o = check(&dir, "clang-22/c_macros", &["--baseline=cfg.json"]);
        assert_eq!(
            outcome(&o),
            (
                Some(1),
                C_MACROS.to_owned(),
                "error: --baseline: lines 64.86% is 5.14 points below the coverage_score 70 of \
                 cfg.json, more than the tolerance 0.5\n"
                    .to_owned()
            )
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), config("70"));
        // The baseline and the thresholds are all reported.
        let o = check(
            &dir,
            "clang-22/c_macros",
            &["--baseline=cfg.json", "--fail-under-lines=65"],
        );
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(stderr(&o).lines().count(), 2, "{}", stderr(&o));
    }

    #[test]
    fn devel_mode_rewrites_a_rise_and_fails_a_fall() {
        let dir = scratch("check-devel");
        let path = dir.join("cfg.json");
        let devel = ["--baseline=cfg.json", "--baseline-mode", "devel"];
        // Within the tolerance: nothing changes, not even the layout.
        std::fs::write(&path, config("64.5")).unwrap();
        let o = check(&dir, "clang-22/c_macros", &devel);
        assert_eq!(outcome(&o), (Some(0), C_MACROS.to_owned(), String::new()));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), config("64.5"));
        // Fallen: fails, and the file stays.
        std::fs::write(&path, config("65.5")).unwrap();
        let o = check(&dir, "clang-22/c_macros", &devel);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).starts_with("error: --baseline: lines 64.86% is 0.64 points below"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), config("65.5"));
        // Risen: rewritten as rust-vmm-ci's json.dump writes it, and passes.
        std::fs::write(&path, config("60")).unwrap();
        let o = check(&dir, "clang-22/c_macros", &devel);
        assert_eq!(
            outcome(&o),
            (
                Some(0),
                C_MACROS.to_owned(),
                format!(
                    "note: cfg.json: coverage_score raised from 60 to {C_MACROS_LINES} (lines \
                     rose 4.86 points, more than the tolerance 0.5)\n"
                )
            )
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!(
                "{{\"crate_features\": \"virtio,mmap\", \"coverage_score\": {C_MACROS_LINES}, \
                 \"exclude_path\": \"\"}}"
            )
        );
        let leftovers: Vec<_> = std::fs::read_dir(&*dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["cfg.json"]);
        // And the next run matches it.
        let o = check(&dir, "clang-22/c_macros", &["--baseline=cfg.json"]);
        assert_eq!(outcome(&o), (Some(0), C_MACROS.to_owned(), String::new()));
    }

    #[test]
    fn exclude_path_is_one_more_ignored_filename_regex() {
        let dir = scratch("check-exclude");
        let without = check(
            &dir,
            "clang-22/c_macros",
            &[r"-ignore-filename-regex=inline\.h"],
        );
        assert_eq!(
            stdout(&without),
            "lines: 70.37% (19/27)\nregions: 85.42% (41/48)\nfunctions: 50.00% (2/4)\n\
             branches: 73.08% (19/26)\ninstantiations: 50.00% (2/4)\nmcdc: - (0/0)\n"
        );
        std::fs::write(
            dir.join("cfg.json"),
            r#"{"coverage_score": 70.4, "exclude_path": "inline\\.h", "crate_features": ""}"#,
        )
        .unwrap();
        let o = check(&dir, "clang-22/c_macros", &["--baseline=cfg.json"]);
        assert_eq!(outcome(&o), (Some(0), stdout(&without), String::new()));
        // With the command line's own.
        let o = check(
            &dir,
            "clang-22/c_macros",
            &["--baseline=cfg.json", "-ignore-filename-regex=main"],
        );
        assert!(stdout(&o).starts_with("lines: - (0/0)\n"), "{}", stdout(&o));
        assert!(stderr(&o).contains("points below the coverage_score 70.4"));
        // An invalid one is the config's fault.
        std::fs::write(
            dir.join("cfg.json"),
            r#"{"coverage_score": 70.4, "exclude_path": "inline(", "crate_features": ""}"#,
        )
        .unwrap();
        let o = check(&dir, "clang-22/c_macros", &["--baseline=cfg.json"]);
        assert_eq!(o.status.code(), Some(3));
        assert!(
            stderr(&o).starts_with("error: cfg.json: invalid \"exclude_path\": regex parse error"),
            "{}",
            stderr(&o)
        );
    }

    #[test]
    fn without_a_path_the_nearest_config_is_found_breadth_first() {
        let dir = scratch("check-auto");
        let name = config_name();
        // A deeper file in a directory listed first (as a submodule's
        // would be), and a nearer one.
        std::fs::create_dir_all(dir.join("a-ci/deep")).unwrap();
        std::fs::create_dir_all(dir.join("crate")).unwrap();
        let deeper = dir.join("a-ci/deep").join(&name);
        let nearer = dir.join("crate").join(&name);
        std::fs::write(&deeper, config("10")).unwrap();
        std::fs::write(&nearer, config("60")).unwrap();
        let o = check(&dir, "clang-22/c_macros", &["--baseline"]);
        assert_eq!(
            outcome(&o),
            (
                Some(1),
                C_MACROS.to_owned(),
                rise("60", &format!("crate/{name}"))
            )
        );
        let o = check(
            &dir,
            "clang-22/c_macros",
            &["-baseline=auto", "-baseline-mode=devel"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            std::fs::read_to_string(&nearer)
                .unwrap()
                .contains(C_MACROS_LINES)
        );
        assert_eq!(std::fs::read_to_string(&deeper).unwrap(), config("10"));
        // One in the current directory is nearer still.
        std::fs::write(dir.join(&name), config("64.8")).unwrap();
        let o = check(&dir, "clang-22/c_macros", &["--baseline"]);
        assert_eq!(outcome(&o), (Some(0), C_MACROS.to_owned(), String::new()));
        // None at all.
        let empty = scratch("check-auto-none");
        let o = check(&empty, "clang-22/c_macros", &["--baseline"]);
        assert_eq!(
            outcome(&o),
            (
                Some(3),
                String::new(),
                format!("error: --baseline: no {name} in the current directory or below\n")
            )
        );
    }

    #[test]
    fn a_malformed_config_is_an_input_error_naming_the_file() {
        let dir = scratch("check-malformed");
        for (text, message) in [
            (
                "{\"coverage_score\": 70,",
                "EOF while parsing a value at line 1 column 22",
            ),
            ("[70]", "the coverage config is not a JSON object"),
            (
                "{\"exclude_path\": \"\"}",
                "no \"coverage_score\" in the coverage config",
            ),
            (
                "{\"coverage_score\": \"70\", \"exclude_path\": \"\"}",
                "\"coverage_score\" is not a number",
            ),
        ] {
            std::fs::write(dir.join("cfg.json"), text).unwrap();
            let o = check(&dir, "clang-22/c_macros", &["--baseline=cfg.json"]);
            assert_eq!(
                outcome(&o),
                (
                    Some(3),
                    String::new(),
                    format!("error: cfg.json: {message}\n")
                ),
                "{text}"
            );
        }
        let o = check(&dir, "clang-22/c_macros", &["--baseline=missing.json"]);
        assert_eq!(
            outcome(&o),
            (
                Some(3),
                String::new(),
                "error: missing.json: No such file or directory\n".to_owned()
            )
        );
    }
}

mod usage {
    use super::*;

    #[test]
    fn an_unknown_option_fails_with_a_suggestion() {
        let dir = scratch("check-usage");
        let o = check(&dir, "clang-22/c_macros", &["--fail-under-line", "80"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("tip: a similar argument exists: '--fail-under-lines'"),
            "{}",
            stderr(&o)
        );
        for args in [
            &["--fail-under-lines=101"][..],
            &["--fail-under-file-lines=-1"],
            &["--fail-uncovered-lines=-1"],
            &["--tolerance=-0.5"],
            &["--baseline-mode=strict"],
        ] {
            let o = check(&dir, "clang-22/c_macros", args);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert_eq!(stdout(&o), "", "{args:?}");
        }
        let o = profconv(&dir, &["check", "--fail-under-lines=80"]);
        assert_eq!(o.status.code(), Some(2));
    }

    #[test]
    fn an_unreadable_profile_is_an_input_error() {
        let dir = scratch("check-input");
        let binary = corpus("clang-22/c_macros").join("program");
        let o = profconv_with_env(
            &dir,
            &[
                "check",
                "-instr-profile=missing.profdata",
                binary.to_str().unwrap(),
                "--fail-under-lines=0",
            ],
            &[("LC_ALL", "C")],
        );
        assert_eq!(
            outcome(&o),
            (
                Some(3),
                String::new(),
                "error: missing.profdata: No such file or directory\n".to_owned()
            )
        );
    }
}
