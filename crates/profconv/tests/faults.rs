//! Faults, end to end: what profconv says and leaves behind when a profile
//! is cut short, empty, written by another binary or cannot be opened, when
//! a binary's expansions are hostile, and when an output cannot be written.
//! Each case gives a clear error or warning, and no earlier report is
//! replaced by a failed run. (A stale profile's "functions have mismatched
//! data" is tested in `cli.rs`.)

mod common;

use std::path::Path;

use common::{copy, corpus, names, profconv, scratch, stderr};
use covkit_testkit::covmap::{Counter, CoverageData, FunctionMapping, Region, Unit};
use covkit_testkit::object::ObjectBuilder;
use covkit_testkit::{Endian, TextProfile};

/// `dir` with c_multi's binary as `program` and its four raw profiles
/// under `prof/`; returns llvm-cov-22's lcov of them.
fn c_multi(dir: &Path) -> Vec<u8> {
    let program = corpus("clang-22/c_multi");
    for run in 1..=4 {
        let name = format!("run-{run}.profraw");
        copy(&program.join(&name), &dir.join("prof").join(name));
    }
    copy(&program.join("program"), &dir.join("program"));
    std::fs::read(program.join("oracle/llvm-cov-22.export.llvm22-profile.lcov")).unwrap()
}

fn lcov_args(profile: &str) -> Vec<String> {
    [
        "export",
        "-format=lcov",
        profile,
        "program",
        "-o",
        "cov.lcov",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

fn run(dir: &Path, args: &[String]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    profconv(dir, &args)
}

#[test]
fn a_profile_cut_at_every_8_byte_boundary_is_an_error_naming_the_offset() {
    let tmp = scratch("faults-truncated");
    let whole = std::fs::read(corpus("clang-22/c_multi/run-1.profraw")).unwrap();
    copy(&corpus("clang-22/c_multi/program"), &tmp.join("program"));
    std::fs::write(tmp.join("cov.lcov"), "the previous report\n").unwrap();
    let mut checked = 0;
    for len in (8..whole.len()).step_by(8) {
        std::fs::write(tmp.join("cut.profraw"), &whole[..len]).unwrap();
        for args in [
            vec!["merge", "cut.profraw", "-o", "cut.profdata"],
            vec![
                "export",
                "-format=lcov",
                "-instr-profile=cut.profraw",
                "program",
                "-o",
                "cov.lcov",
            ],
        ] {
            let out = profconv(&tmp, &args);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(3), "{len} bytes, {args:?}: {err}");
            let (warning, error) = err.split_once('\n').unwrap();
            assert!(
                warning.starts_with("warning: cut.profraw: ") && warning.ends_with(')'),
                "{len} bytes: {warning}"
            );
            let offset = warning.rsplit_once("(at offset 0x").unwrap().1;
            let offset = u64::from_str_radix(offset.trim_end_matches(')'), 16).unwrap();
            assert!(offset <= len as u64, "{len} bytes: {warning}");
            assert_eq!(error, "error: no profile can be merged\n");
            checked += 1;
        }
        assert!(!tmp.join("cut.profdata").exists(), "{len} bytes");
        assert_eq!(
            std::fs::read_to_string(tmp.join("cov.lcov")).unwrap(),
            "the previous report\n"
        );
    }
    assert_eq!(checked, 2 * (whole.len() / 8 - 1));
    assert_eq!(names(&tmp), ["cov.lcov", "cut.profraw", "program"]);
}

/// With one bad profile among c_multi's good ones in `dir/prof`: under
/// `any` (the default) the run fails with `warning` and leaves an earlier
/// report alone; under `warn` it writes `expected` (the good ones' lcov)
/// with the same warning. `after_each` checks more after each run.
fn one_bad_profile_among_good_ones(
    dir: &Path,
    expected: &[u8],
    warning: &str,
    after_each: impl Fn(),
) {
    std::fs::write(dir.join("cov.lcov"), "the previous report\n").unwrap();
    let out = run(dir, &lcov_args("-instr-profile=prof"));
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        format!("{warning}error: no profile can be merged\n")
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("cov.lcov")).unwrap(),
        "the previous report\n"
    );
    after_each();

    let mut args = lcov_args("-instr-profile=prof");
    args.push("--failure-mode=warn".to_owned());
    let out = run(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), warning);
    assert_eq!(std::fs::read(dir.join("cov.lcov")).unwrap(), expected);
    after_each();
}

#[test]
fn a_corrupt_profile_among_good_ones() {
    let tmp = scratch("faults-corrupt");
    let expected = c_multi(&tmp);
    let good = std::fs::read(tmp.join("prof/run-1.profraw")).unwrap();
    std::fs::write(
        tmp.join("prof/zz-crashed.profraw"),
        good.get(..100).unwrap(),
    )
    .unwrap();
    // Fails naming the file and the offset, no temporary file left either
    // way.
    one_bad_profile_among_good_ones(
        &tmp,
        &expected,
        "warning: prof/zz-crashed.profraw: unexpected end of data reading u64 (at offset 0x60)\n",
        || assert_eq!(names(&tmp), ["cov.lcov", "prof", "program"]),
    );

    // An output directory that does not exist: an input error, nothing
    // written.
    let out = profconv(
        &tmp,
        &[
            "export",
            "-format=lcov",
            "-instr-profile=prof/run-1.profraw",
            "program",
            "-o",
            "missing/cov.lcov",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).starts_with("error: missing/cov.lcov: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_empty_profile_is_skipped_with_a_warning() {
    let tmp = scratch("faults-empty");
    let expected = c_multi(&tmp);
    std::fs::write(tmp.join("prof/zz-killed.profraw"), b"").unwrap();

    // llvm-profdata skips it without a word; profconv says so and goes on.
    let out = run(&tmp, &lcov_args("-instr-profile=prof"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "warning: prof/zz-killed.profraw: empty profile; skipped\n"
    );
    assert_eq!(std::fs::read(tmp.join("cov.lcov")).unwrap(), expected);

    // Alone it merges into an empty profile, as llvm-profdata's does.
    let out = profconv(
        &tmp,
        &["merge", "prof/zz-killed.profraw", "-o", "empty.profdata"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "warning: prof/zz-killed.profraw: empty profile; skipped\n"
    );
    let out = profconv(&tmp, &["show", "empty.profdata"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        common::stdout(&out).contains("Total functions: 0"),
        "{}",
        common::stdout(&out)
    );
}

#[test]
fn a_profile_of_another_binary_is_reported_by_its_binary_id() {
    let tmp = scratch("faults-foreign");
    let expected = c_multi(&tmp);
    let without = run(&tmp, &lcov_args("-instr-profile=prof"));
    assert_eq!(without.status.code(), Some(0), "{}", stderr(&without));
    assert_eq!(stderr(&without), "");
    assert_eq!(std::fs::read(tmp.join("cov.lcov")).unwrap(), expected);

    copy(
        &corpus("clang-22/c_control/run-1.profraw"),
        &tmp.join("prof/stray.profraw"),
    );
    let ids = |program: &str| -> String {
        let path =
            corpus(program).join("oracle/llvm-profdata-22.show-binary-ids.run-1.profraw.txt");
        let text = std::fs::read_to_string(path).unwrap();
        let line = text.lines().last().unwrap().trim().to_owned();
        assert_eq!(line.len(), 40, "{text}");
        line
    };
    let out = run(&tmp, &lcov_args("-instr-profile=prof"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "warning: prof/stray.profraw: binary ID {} matches no binary given (build ID {}): \
             the profile comes from another binary\n",
            ids("clang-22/c_control"),
            ids("clang-22/c_multi")
        )
    );
    // Its counters join the merge, as with llvm-cov; c_multi's functions
    // are not among them.
    assert_eq!(std::fs::read(tmp.join("cov.lcov")).unwrap(), expected);
}

#[cfg(unix)]
#[test]
fn profiles_that_cannot_be_opened_in_a_directory_are_reported() {
    let tmp = scratch("faults-unreadable");
    let expected = c_multi(&tmp);
    std::os::unix::fs::symlink(
        tmp.join("gone/run-9.profraw"),
        tmp.join("prof/run-9.profraw"),
    )
    .unwrap();
    one_bad_profile_among_good_ones(
        &tmp,
        &expected,
        "warning: prof/run-9.profraw: No such file or directory\n",
        || {},
    );

    // A profile without read permission, for a user the permission binds
    // (root reads it anyway: then it merges like the others).
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::remove_file(tmp.join("prof/run-9.profraw")).unwrap();
    let locked = tmp.join("prof/run-4.profraw");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = run(&tmp, &lcov_args("-instr-profile=prof"));
    if std::fs::File::open(&locked).is_ok() {
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(std::fs::read(tmp.join("cov.lcov")).unwrap(), expected);
    } else {
        assert_eq!(out.status.code(), Some(3));
        assert_eq!(
            stderr(&out),
            "warning: prof/run-4.profraw: Permission denied\n\
             error: no profile can be merged\n"
        );
    }
}

#[test]
fn an_output_that_cannot_be_written_fails_before_any_report_is_replaced() {
    let tmp = scratch("faults-output");
    c_multi(&tmp);
    std::fs::write(tmp.join("cov.lcov"), "the previous report\n").unwrap();
    std::fs::create_dir(tmp.join("cov.xml")).unwrap();
    let before = names(&tmp);
    let previous = || std::fs::read_to_string(tmp.join("cov.lcov")).unwrap();

    // The second output's directory is a file, or the output is a
    // directory: the first output is not written either.
    for (second, error) in [
        ("program/cov.xml", "program/cov.xml: Not a directory"),
        ("cov.xml", "cov.xml: Is a directory"),
    ] {
        let second = format!("cobertura={second}");
        let out = profconv(
            &tmp,
            &[
                "export",
                "-instr-profile=prof",
                "program",
                "--output",
                "lcov=cov.lcov",
                "--output",
                &second,
            ],
        );
        assert_eq!(out.status.code(), Some(3));
        assert_eq!(stderr(&out), format!("error: {error}\n"));
        assert_eq!(previous(), "the previous report\n");
    }

    // merge checks its output before it reads a profile.
    let out = profconv(&tmp, &["merge", "prof", "-o", "program/merged.profdata"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: program/merged.profdata: Not a directory\n"
    );
    assert_eq!(
        names(&tmp),
        before,
        "nothing written, no temporary file left"
    );

    // A directory without write permission, for a user the permission
    // binds (root writes anyway).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let ro = tmp.join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::write(ro.join("cov.lcov"), "the previous report\n").unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        let writable = std::fs::write(ro.join("probe"), b"").is_ok();
        let out = run(
            &tmp,
            &lcov_args("-instr-profile=prof")
                .into_iter()
                .map(|a| {
                    if a == "cov.lcov" {
                        "ro/cov.lcov".to_owned()
                    } else {
                        a
                    }
                })
                .collect::<Vec<_>>(),
        );
        if writable {
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        } else {
            assert_eq!(out.status.code(), Some(3));
            assert_eq!(stderr(&out), "error: ro/cov.lcov: Permission denied\n");
            assert_eq!(
                std::fs::read_to_string(ro.join("cov.lcov")).unwrap(),
                "the previous report\n"
            );
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn hostile_expansions_drop_the_function_and_say_so_under_verbose() {
    // 20 file ids, each expanding the next twice: 2^20 expansions when
    // unfolded. llvm-cov would walk them all; the function is dropped.
    let depth = 20u32;
    let mut mapping = FunctionMapping::new(&vec![0; depth as usize + 1]);
    for file in 0..=depth {
        mapping = mapping.region(Region::code(Counter::Counter(0), (1, 1), (9, 1)).in_file(file));
        if file < depth {
            mapping = mapping
                .region(Region::expansion(file + 1, (2, 1), (2, 5)).in_file(file))
                .region(Region::expansion(file + 1, (4, 1), (4, 5)).in_file(file));
        }
    }
    let kept =
        FunctionMapping::new(&[0]).region(Region::code(Counter::Counter(0), (11, 1), (12, 1)));
    let sections = CoverageData::new(Endian::Little)
        .unit(
            Unit::new(&["/src/a.c"])
                .function("hostile", 1, mapping.sorted())
                .function("kept", 2, kept),
        )
        .build();
    let object = ObjectBuilder::elf(&sections);
    let tmp = scratch("faults-expansions");
    std::fs::write(tmp.join("program"), object).unwrap();
    let profile = TextProfile::new()
        .function("hostile", 1, &[1])
        .function("kept", 2, &[3])
        .build();
    std::fs::write(tmp.join("p.proftext"), profile).unwrap();

    let out = profconv(
        &tmp,
        &[
            "export",
            "-format=lcov",
            "-instr-profile=p.proftext",
            "program",
            "-v",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "note: 1 functions dropped: their expansion regions form a cycle or unfold too far\n\
         note:   hostile: hash 0x1 dropped: its expansion regions unfold into more than 65536 expansions\n"
    );
    let lcov = common::stdout(&out);
    assert!(
        lcov.contains("FN:11,kept\n") && !lcov.contains("hostile"),
        "{lcov}"
    );
}
