//! Every program of the fixture corpus, written as a Sonar generic
//! coverage report from the model, shows exactly what llvm-cov's lcov
//! export of the same model shows: per file the same lines, covered when
//! their count is above zero, and per line the same number of branch
//! outcomes and of those taken. With the line counts of the real sources
//! (`fixtures/programs`) nothing is dropped. Each document is valid
//! against `tests/schemas/sonar-generic-coverage.xsd` when `xmllint` is
//! installed (set `COVKIT_REQUIRE_XMLLINT=1` to make its absence an
//! error).

// Validation counts go to the test log.
#![allow(clippy::print_stderr)]

mod common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;

use common::{
    LcovFile, lcov_files, lcov_totals, parse_xml, program_source, programs, schema, xmllint,
};
use covkit_export::lcov::{self, LcovOptions};
use covkit_export::sonar::{self, SonarOptions};
use covkit_export::tracefile::Tracefile;

/// The files of a report by path, each as an lcov record shows it (hits 1
/// for covered, 0 for not), and the files' counts of covered lines.
fn files_of(text: &str) -> BTreeMap<String, (LcovFile, u64)> {
    let doc = parse_xml(text);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "coverage");
    assert_eq!(root.attribute("version"), Some("1"));
    let mut out = BTreeMap::new();
    let mut paths = Vec::new();
    for file in root.children().filter(|n| n.has_tag_name("file")) {
        let path = file.attribute("path").unwrap().to_owned();
        paths.push(path.clone());
        let mut record = LcovFile::default();
        let mut covered = 0;
        let mut last = 0;
        for line in file.children().filter(|n| n.has_tag_name("lineToCover")) {
            let number: u32 = line.attribute("lineNumber").unwrap().parse().unwrap();
            assert!(number > last, "lines are sorted and unique");
            last = number;
            let is_covered = match line.attribute("covered") {
                Some("true") => true,
                Some("false") => false,
                other => panic!("covered={other:?}"),
            };
            covered += u64::from(is_covered);
            record.lines.insert(number, u64::from(is_covered));
            match (
                line.attribute("branchesToCover"),
                line.attribute("coveredBranches"),
            ) {
                (None, None) => {}
                (Some(total), Some(hit)) => {
                    let (total, hit): (u64, u64) = (total.parse().unwrap(), hit.parse().unwrap());
                    assert!(total > 0 && hit <= total);
                    record.branches.insert(number, (total, hit));
                }
                other => panic!("branch attributes {other:?}"),
            }
        }
        out.insert(path, (record, covered));
    }
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(paths, sorted, "files are sorted and unique");
    out
}

fn line_count(path: &str) -> Option<u32> {
    let text = fs::read(program_source(path)?).ok()?;
    let newlines = text.iter().filter(|&&b| b == b'\n').count();
    let partial = usize::from(!text.is_empty() && !text.ends_with(b"\n"));
    u32::try_from(newlines + partial).ok()
}

#[test]
fn corpus_sonar_shows_what_lcov_shows_and_is_valid() {
    let programs = programs();
    assert!(programs.len() >= 49, "only {} programs", programs.len());
    let xsd = schema("sonar-generic-coverage.xsd");
    let args: [&OsStr; 2] = ["--schema".as_ref(), xsd.as_os_str()];
    let mut validated = 0;
    let mut files_counted = 0;
    let mut grand = [0; 4];
    for (id, dir) in &programs {
        let model = common::model(dir, "merged.profdata");
        let files = model.source_files();
        let t = Tracefile::from_model(&model, &files);
        let mut lcov_text = Vec::new();
        lcov::write(&model, &LcovOptions::default(), &mut lcov_text).unwrap();
        let expected = lcov_files(std::str::from_utf8(&lcov_text).unwrap());

        let counter = |path: &str| {
            let n = line_count(path);
            assert!(n.is_some(), "{id}: no source for {path}");
            n
        };
        let options = SonarOptions {
            source_root: Some("/covkit".into()),
            line_count: Some(&counter),
        };
        let mut out = Vec::new();
        let dropped = sonar::write(&t, &options, &mut out).unwrap();
        assert!(dropped.is_empty(), "{id}: {dropped:?}");

        let got = files_of(std::str::from_utf8(&out).unwrap());
        assert_eq!(got.len(), expected.len(), "{id}");
        for (path, want) in &expected {
            let relative = path.strip_prefix("/covkit/").unwrap();
            let (record, covered) = &got[relative];
            let lines: Vec<u32> = record.lines.keys().copied().collect();
            let want_lines: Vec<u32> = want.lines.keys().copied().collect();
            assert_eq!(lines, want_lines, "{id} {path}");
            assert_eq!(
                *covered,
                want.lines.values().filter(|&&c| c > 0).count() as u64,
                "{id} {path}"
            );
            assert_eq!(record.branches, want.branches, "{id} {path}");
            files_counted += 1;
        }
        let totals = lcov_totals(&expected);
        for (g, t) in grand.iter_mut().zip(totals) {
            *g += t;
        }

        // Written twice, the same bytes.
        let mut again = Vec::new();
        sonar::write(&t, &options, &mut again).unwrap();
        assert_eq!(again, out, "{id}: not deterministic");

        if let Some(complaints) = xmllint(&args, &out) {
            assert!(complaints.is_empty(), "{id}: {complaints}");
            validated += 1;
        }
        // Without a root the paths stay absolute; still valid.
        let mut absolute = Vec::new();
        sonar::write(&t, &SonarOptions::default(), &mut absolute).unwrap();
        let got = files_of(std::str::from_utf8(&absolute).unwrap());
        assert!(got.keys().eq(expected.keys()), "{id}");
        if let Some(complaints) = xmllint(&args, &absolute) {
            assert!(complaints.is_empty(), "{id}: {complaints}");
        }
    }
    eprintln!(
        "{} programs, {files_counted} files: lines {}/{} covered, branches {}/{} covered, \
         as lcov shows them; {validated} documents valid under xmllint",
        programs.len(),
        grand[1],
        grand[0],
        grand[3],
        grand[2]
    );
    if validated == 0 {
        eprintln!("xmllint not installed: schema validation skipped");
    }
}

#[test]
fn lines_past_a_short_file_are_dropped() {
    // c_multi/calc.c, told to be 10 lines long.
    let dir = common::corpus().join("clang-22/c_multi");
    let model = common::model(&dir, "merged.profdata");
    let files = model.source_files();
    let t = Tracefile::from_model(&model, &files);
    let short = |path: &str| {
        if path.ends_with("/calc.c") {
            Some(10)
        } else {
            line_count(path)
        }
    };
    let options = SonarOptions {
        source_root: Some("/covkit".into()),
        line_count: Some(&short),
    };
    let mut out = Vec::new();
    let dropped = sonar::write(&t, &options, &mut out).unwrap();
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    let d = &dropped[0];
    assert_eq!(d.path, "/covkit/c_multi/calc.c");
    assert_eq!(d.reason, sonar::DropReason::PastEnd { file_lines: 10 });
    assert_eq!(d.first_line, 11);
    let got = files_of(std::str::from_utf8(&out).unwrap());
    let calc = &got["c_multi/calc.c"].0;
    assert!(calc.lines.keys().all(|&l| l <= 10));
    let expected = lcov_files(&{
        let mut lcov_text = Vec::new();
        lcov::write(&model, &LcovOptions::default(), &mut lcov_text).unwrap();
        String::from_utf8(lcov_text).unwrap()
    });
    let want = &expected["/covkit/c_multi/calc.c"];
    let past = want.lines.keys().filter(|&&l| l > 10).count() as u64;
    assert_eq!(d.lines, past);
    let past_branches: u64 = want
        .branches
        .iter()
        .filter(|(l, _)| **l > 10)
        .map(|(_, (t, _))| t)
        .sum();
    assert_eq!(d.branches, past_branches);
    if let Some(complaints) = xmllint(
        &[
            "--schema".as_ref(),
            schema("sonar-generic-coverage.xsd").as_os_str(),
        ],
        &out,
    ) {
        assert!(complaints.is_empty(), "{complaints}");
    }
}
