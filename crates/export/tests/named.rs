//! The cases llvm-cov users meet most, each checked by name on a corpus
//! program (the byte-identity tests cover them too, but anonymously): a
//! stale profile (hash mismatch), functions the profile does not know,
//! unused functions, macro expansions, closures on their parent's line and
//! template instantiations.

mod common;

use std::fs;

use covkit_export::lcov::{self, Instantiations, LcovOptions};
use covkit_export::model::profile::indexed::IndexedProfile;
use covkit_export::model::{Coverage, Diagnostic, RecordCounts};

/// The lcov of `model` as text.
fn lcov_text(model: &Coverage, instantiations: Instantiations) -> String {
    let mut out = Vec::new();
    lcov::write_with(model, &LcovOptions::default(), instantiations, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The lines of `file`'s record in `lcov` that start with `prefix`.
fn record_lines<'a>(lcov: &'a str, file: &str, prefix: &str) -> Vec<&'a str> {
    lcov.split("end_of_record\n")
        .find(|r| r.starts_with(&format!("SF:{file}\n")))
        .unwrap_or_else(|| panic!("no record for {file}"))
        .lines()
        .filter(|l| l.starts_with(prefix))
        .collect()
}

/// The profile's records, with `edit` applied, as a count source.
fn edited_profile(
    dir: &str,
    edit: impl Fn(&mut Vec<covkit_export::model::profile::Record<'_>>),
) -> RecordCounts {
    let bytes = fs::read(common::corpus().join(dir).join("merged.profdata")).unwrap();
    let profile = IndexedProfile::parse(&bytes).unwrap();
    let mut records: Vec<_> = profile.records().map(Result::unwrap).collect();
    edit(&mut records);
    RecordCounts::new(&records)
}

#[test]
fn a_stale_profile_drops_the_function_and_counts_the_mismatch() {
    // The profile's `compute` was built from other source: another hash.
    let counts = edited_profile("clang-22/c_macros", |records| {
        for r in records.iter_mut().filter(|r| &*r.name == b"main.c:compute") {
            r.hash ^= 1;
        }
    });
    let objects = common::objects(&common::corpus().join("clang-22/c_macros"));
    let model = Coverage::from_objects(&objects, &counts).unwrap();
    assert_eq!(model.mismatched_count(), 1);
    assert!(model.diagnostics().iter().any(|d| matches!(
        d,
        Diagnostic::HashMismatch { name, .. } if name == "main.c:compute"
    )));
    let lcov = lcov_text(&model, Instantiations::Unified);
    let functions = record_lines(&lcov, "/covkit/c_macros/main.c", "FN:");
    assert!(
        !functions.iter().any(|l| l.ends_with("compute")),
        "{functions:?}"
    );
    assert_eq!(functions.len(), 3);
    // Its lines are no longer mapped: line 39 was `DA:39,2`.
    assert!(record_lines(&lcov, "/covkit/c_macros/main.c", "DA:39,").is_empty());
}

#[test]
fn functions_missing_from_the_profile_show_zero_counts() {
    // A profile without `main`: llvm-cov shows it, unexecuted.
    let counts = edited_profile("clang-22/c_macros", |records| {
        records.retain(|r| &*r.name != b"main");
    });
    let objects = common::objects(&common::corpus().join("clang-22/c_macros"));
    let model = Coverage::from_objects(&objects, &counts).unwrap();
    assert_eq!(model.mismatched_count(), 0);
    assert!(model.diagnostics().iter().any(|d| matches!(
        d,
        Diagnostic::UnknownFunction { name, .. } if name == "main"
    )));
    let lcov = lcov_text(&model, Instantiations::Unified);
    let fnda = record_lines(&lcov, "/covkit/c_macros/main.c", "FNDA:");
    assert!(fnda.contains(&"FNDA:0,main"), "{fnda:?}");
    assert_eq!(
        record_lines(&lcov, "/covkit/c_macros/main.c", "DA:56,"),
        ["DA:56,0"]
    );
}

#[test]
fn unused_functions_are_listed_unexecuted() {
    // clang writes a dummy record (hash 0, no counters in the profile) for
    // an unused static function, a real record with zero counts for an
    // unused external one, and one for an unused static inline from a
    // header; rustc does the same for unused Rust functions.
    let model = common::model(
        &common::corpus().join("clang-22/c_macros"),
        "merged.profdata",
    );
    let lcov = lcov_text(&model, Instantiations::Unified);
    let main_c = "/covkit/c_macros/main.c";
    for name in ["unused_extern", "main.c:unused_static"] {
        assert_eq!(
            record_lines(&lcov, main_c, &format!("FNDA:0,{name}")).len(),
            1,
            "{name}"
        );
    }
    assert_eq!(
        record_lines(&lcov, "/covkit/c_macros/inline.h", "FNDA:"),
        ["FNDA:2,main.c:clamp", "FNDA:0,main.c:never_called_inline"]
    );
    // Their bodies are mapped lines with count 0.
    let body: Vec<&str> = ["DA:22,", "DA:23,", "DA:24,", "DA:25,", "DA:29,", "DA:30,"]
        .iter()
        .flat_map(|p| record_lines(&lcov, main_c, p))
        .collect();
    assert_eq!(
        body,
        [
            "DA:22,0", "DA:23,0", "DA:24,0", "DA:25,0", "DA:29,0", "DA:30,0"
        ]
    );
    assert_eq!(record_lines(&lcov, main_c, "FNF:"), ["FNF:4"]);
    assert_eq!(record_lines(&lcov, main_c, "FNH:"), ["FNH:2"]);

    let rust = common::model(
        &common::corpus().join("rustc-1.95/rs_closures"),
        "merged.profdata",
    );
    let lcov = lcov_text(&rust, Instantiations::Unified);
    let unused = record_lines(&lcov, "/covkit/rs_closures/main.rs", "FNDA:0,");
    assert!(
        unused.iter().any(|l| l.ends_with("13unused_public")),
        "{unused:?}"
    );
    assert!(
        unused.iter().any(|l| l.ends_with("14unused_private")),
        "{unused:?}"
    );
}

#[test]
fn macro_expansions_count_where_the_macro_is_used() {
    // `CHECK_AND_COUNT(a > b, counter);` on line 39 expands a macro with an
    // `if`: the line takes the expansion's count, and the branch inside
    // the macro body is reported on line 39, where it was expanded.
    let model = common::model(
        &common::corpus().join("clang-22/c_macros"),
        "merged.profdata",
    );
    let main_c = "/covkit/c_macros/main.c";
    let view = model.file_coverage(main_c);
    let at_39: Vec<_> = view
        .expansions
        .iter()
        .filter(|e| e.region.start.line.0 == 39)
        .collect();
    assert_eq!(at_39.len(), 1);
    assert_eq!(at_39[0].region.count, 2);
    let lcov = lcov_text(&model, Instantiations::Unified);
    assert_eq!(record_lines(&lcov, main_c, "DA:39,"), ["DA:39,2"]);
    assert_eq!(
        record_lines(&lcov, main_c, "BRDA:39,"),
        ["BRDA:39,0,0,1", "BRDA:39,0,1,3"]
    );
    // The macro body (lines 12-18 of main.c) is a file of its own in each
    // function that uses it; the file view adds up the regions of both
    // uses that cover the same range.
    assert_eq!(record_lines(&lcov, main_c, "DA:14,"), ["DA:14,8"]);
    assert_eq!(record_lines(&lcov, main_c, "DA:16,"), ["DA:16,4"]);
}

#[test]
fn closures_share_their_parents_line() {
    // Line 41 defines two closures; line 53 one that never runs. Each is a
    // function starting on its parent's line, and the line's count is the
    // largest region entry on it: the parent statement's.
    let model = common::model(
        &common::corpus().join("rustc-1.95/rs_closures"),
        "merged.profdata",
    );
    let lcov = lcov_text(&model, Instantiations::Unified);
    let file = "/covkit/rs_closures/main.rs";
    assert_eq!(record_lines(&lcov, file, "FN:41,").len(), 2);
    assert_eq!(record_lines(&lcov, file, "FN:53,").len(), 1);
    assert_eq!(
        record_lines(
            &lcov,
            file,
            "FNDA:0,_RNCNvCs6ZegoNl0aDW_11rs_closures4mains2_0B3_"
        ),
        ["FNDA:0,_RNCNvCs6ZegoNl0aDW_11rs_closures4mains2_0B3_"]
    );
    assert_eq!(record_lines(&lcov, file, "DA:41,"), ["DA:41,2"]);
    assert_eq!(record_lines(&lcov, file, "DA:53,"), ["DA:53,2"]);
    // `add`'s body starts on its `let` line and runs 12 times.
    assert_eq!(record_lines(&lcov, file, "DA:43,"), ["DA:43,12"]);
}

#[test]
fn template_instantiations_are_grouped() {
    // `pick<T>` (line 19) is instantiated for int, double and long: three
    // FN lines, one function in FNF; branches of the instantiations add up
    // unless -unify-instantiations=false.
    let model = common::model(
        &common::corpus().join("clang-22/cpp_templates"),
        "merged.profdata",
    );
    let main_cpp = "/covkit/cpp_templates/main.cpp";
    let lcov = lcov_text(&model, Instantiations::Unified);
    assert_eq!(
        record_lines(&lcov, main_cpp, "FN:19,"),
        [
            "FN:19,_Z4pickIiET_S0_S0_b",
            "FN:19,_Z4pickIdET_S0_S0_b",
            "FN:19,_Z4pickIlET_S0_S0_b"
        ]
    );
    assert_eq!(record_lines(&lcov, main_cpp, "FN:").len(), 11);
    assert_eq!(record_lines(&lcov, main_cpp, "FNF:"), ["FNF:5"]);
    let groups = model.instantiation_groups(main_cpp);
    assert_eq!(groups.len(), 5);
    assert!(
        groups
            .iter()
            .any(|g| g.line == 19 && g.functions.len() == 3)
    );
    assert_eq!(
        record_lines(&lcov, main_cpp, "BRDA:20,"),
        ["BRDA:20,0,0,2", "BRDA:20,0,1,2"]
    );
    let separate = lcov_text(&model, Instantiations::Separate);
    assert_eq!(record_lines(&separate, main_cpp, "BRDA:20,").len(), 6);
    // The file summary takes each group's best instantiation.
    let summary = model.file_summary(main_cpp);
    assert_eq!(
        (summary.functions.total, summary.instantiations.total),
        (5, 11)
    );
}
