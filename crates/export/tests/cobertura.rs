//! Every program of the fixture corpus, written as Cobertura from the
//! model, shows exactly what llvm-cov's lcov export of the same model
//! shows: per file the same lines with the same hits and, per line, the
//! same number of branch outcomes and of those taken; the totals, the
//! package, class and method roll-ups add up; class names are unique and
//! everything is sorted. Each document, and each part of a split report,
//! is valid against `tests/schemas/coverage-04.dtd` when `xmllint` is
//! installed (set `COVKIT_REQUIRE_XMLLINT=1` to make its absence an
//! error).

// Validation counts go to the test log.
#![allow(clippy::print_stderr)]

mod common;

use std::collections::BTreeMap;
use std::ffi::OsStr;

use common::{LcovFile, lcov_files, lcov_totals, parse_xml, programs, schema, xmllint};
use covkit_export::cobertura::{self, CoberturaOptions};
use covkit_export::lcov::{self, LcovOptions};
use covkit_export::tracefile::Tracefile;

type Node<'a> = roxmltree::Node<'a, 'a>;

fn attr<'a>(node: Node<'a>, name: &str) -> &'a str {
    node.attribute(name)
        .unwrap_or_else(|| panic!("no {name} on <{}>", node.tag_name().name()))
}

fn children<'a>(node: Node<'a>, name: &'a str) -> impl Iterator<Item = Node<'a>> {
    node.children().filter(move |n| n.has_tag_name(name))
}

fn child<'a>(node: Node<'a>, name: &str) -> Node<'a> {
    node.children()
        .find(|n| n.has_tag_name(name))
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
}

fn count(node: Node<'_>, name: &str) -> u64 {
    attr(node, name).parse().unwrap()
}

/// The lines of a `<lines>` element as an lcov record shows them, and their
/// totals `[lines, covered, branches, covered branches]`.
fn lines_of(lines: Node<'_>) -> (LcovFile, [u64; 4]) {
    let mut file = LcovFile::default();
    let mut totals = [0; 4];
    for line in children(lines, "line") {
        let number: u32 = attr(line, "number").parse().unwrap();
        let hits: u64 = count(line, "hits");
        assert!(
            file.lines.insert(number, hits).is_none(),
            "line {number} twice"
        );
        totals[0] += 1;
        totals[1] += u64::from(hits > 0);
        match attr(line, "branch") {
            "false" => assert!(line.attribute("condition-coverage").is_none()),
            "true" => {
                let cc = attr(line, "condition-coverage");
                let (percent, fraction) = cc.split_once(" (").unwrap();
                let (covered, total) = fraction.trim_end_matches(')').split_once('/').unwrap();
                let (covered, total): (u64, u64) =
                    (covered.parse().unwrap(), total.parse().unwrap());
                assert!(total > 0 && covered <= total, "{cc}");
                assert_eq!(percent, format!("{}%", covered * 100 / total));
                let conditions: Vec<Node<'_>> =
                    children(child(line, "conditions"), "condition").collect();
                assert_eq!(conditions.len(), 1);
                assert_eq!(attr(conditions[0], "coverage"), percent);
                assert_eq!(attr(conditions[0], "type"), "jump");
                file.branches.insert(number, (total, covered));
                totals[2] += total;
                totals[3] += covered;
            }
            other => panic!("branch={other}"),
        }
    }
    (file, totals)
}

fn rate(covered: u64, total: u64) -> f64 {
    if total == 0 {
        1.0
    } else {
        covered as f64 / total as f64
    }
}

/// Checks `node`'s rates against `totals`.
fn check_rates(node: Node<'_>, totals: [u64; 4]) {
    for (name, covered, total) in [
        ("line-rate", totals[1], totals[0]),
        ("branch-rate", totals[3], totals[2]),
    ] {
        let written: f64 = attr(node, name).parse().unwrap();
        assert_eq!(written, rate(covered, total), "{name} of {node:?}");
        assert!(attr(node, name).contains('.'));
    }
}

fn add(into: &mut [u64; 4], other: [u64; 4]) {
    for (a, b) in into.iter_mut().zip(other) {
        *a += b;
    }
}

/// Checks a whole document and returns its files (by source-joined path)
/// and its totals.
fn check_document(text: &str) -> (BTreeMap<String, LcovFile>, [u64; 4]) {
    let doc = parse_xml(text);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "coverage");
    assert_eq!(attr(root, "complexity"), "0");
    let sources: Vec<&str> = children(child(root, "sources"), "source")
        .map(|s| s.text().unwrap_or(""))
        .collect();
    assert!(!sources.is_empty() && sources.len() <= 3, "{sources:?}");
    let mut files = BTreeMap::new();
    let mut totals = [0; 4];
    let mut package_names = Vec::new();
    let mut class_names = Vec::new();
    for package in children(child(root, "packages"), "package") {
        package_names.push(attr(package, "name"));
        let mut package_totals = [0; 4];
        let mut names_here = Vec::new();
        for class in children(child(package, "classes"), "class") {
            let name = attr(class, "name");
            let filename = attr(class, "filename");
            names_here.push(name);
            class_names.push(name);
            let (file, class_totals) = lines_of(child(class, "lines"));
            check_rates(class, class_totals);
            add(&mut package_totals, class_totals);
            // Methods hold the class's own lines.
            for method in children(child(class, "methods"), "method") {
                assert_eq!(attr(method, "signature"), "");
                let (lines, method_totals) = lines_of(child(method, "lines"));
                check_rates(method, method_totals);
                for (n, hits) in &lines.lines {
                    assert_eq!(file.lines.get(n), Some(hits));
                }
            }
            // The package is the class's directory.
            let dir = filename
                .rsplit_once('/')
                .map_or(".".to_owned(), |(d, _)| d.replace('/', "."));
            assert_eq!(dir, attr(package, "name"));
            let source = if name.starts_with('/') {
                "/"
            } else {
                sources[0]
            };
            let path = if source.ends_with('/') {
                format!("{source}{filename}")
            } else {
                format!("{source}/{filename}")
            };
            assert!(files.insert(path, file).is_none());
        }
        let mut sorted = names_here.clone();
        sorted.sort_unstable();
        assert_eq!(names_here, sorted, "classes are sorted");
        check_rates(package, package_totals);
        add(&mut totals, package_totals);
    }
    let mut sorted = package_names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(package_names, sorted, "packages are sorted and unique");
    let mut unique = class_names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), class_names.len(), "class names are unique");
    assert_eq!(
        [
            "lines-valid",
            "lines-covered",
            "branches-valid",
            "branches-covered"
        ]
        .map(|a| count(root, a)),
        totals
    );
    check_rates(root, totals);
    (files, totals)
}

fn dtd_args() -> Vec<std::ffi::OsString> {
    vec!["--dtdvalid".into(), schema("coverage-04.dtd").into()]
}

#[test]
fn corpus_cobertura_shows_what_lcov_shows_and_is_valid() {
    let programs = programs();
    assert!(programs.len() >= 49, "only {} programs", programs.len());
    let dtd = dtd_args();
    let dtd: Vec<&OsStr> = dtd.iter().map(|s| s.as_os_str()).collect();
    let mut validated = 0;
    let mut parts_validated = 0;
    let mut grand = [0; 4];
    for (id, dir) in &programs {
        let model = common::model(dir, "merged.profdata");
        let files = model.source_files();
        let t = Tracefile::from_model(&model, &files);
        let mut lcov_text = Vec::new();
        lcov::write(&model, &LcovOptions::default(), &mut lcov_text).unwrap();
        let expected = lcov_files(std::str::from_utf8(&lcov_text).unwrap());

        for root in [Some("/covkit"), None] {
            let options = CoberturaOptions {
                source_root: root.map(str::to_owned),
                timestamp: 1,
                version: "test".into(),
            };
            let mut out = Vec::new();
            cobertura::write(&t, &options, &mut out).unwrap();
            let text = std::str::from_utf8(&out).unwrap();
            let (got, totals) = check_document(text);
            assert_eq!(got, expected, "{id} (root {root:?})");
            assert_eq!(totals, lcov_totals(&expected), "{id}");
            if root.is_some() {
                add(&mut grand, totals);
                // Written twice, the same bytes.
                let mut again = Vec::new();
                cobertura::write(&t, &options, &mut again).unwrap();
                assert_eq!(again, out, "{id}: not deterministic");
            }
            if let Some(complaints) = xmllint(&dtd, &out) {
                assert!(complaints.is_empty(), "{id}: {complaints}");
                validated += 1;
            }

            // Split small, the parts add up to the same files.
            let limit = 2048;
            let parts = cobertura::write_split(&t, &options, limit).unwrap();
            let mut merged: BTreeMap<String, LcovFile> = BTreeMap::new();
            let mut part_totals = [0; 4];
            for part in &parts {
                assert!(part.len() <= limit, "{id}: part of {} bytes", part.len());
                let (files, totals) = check_document(std::str::from_utf8(part).unwrap());
                add(&mut part_totals, totals);
                for (path, file) in files {
                    let into = merged.entry(path).or_default();
                    for (n, hits) in file.lines {
                        assert!(into.lines.insert(n, hits).is_none());
                    }
                    for (n, b) in file.branches {
                        assert!(into.branches.insert(n, b).is_none());
                    }
                }
                if let Some(complaints) = xmllint(&dtd, part) {
                    assert!(complaints.is_empty(), "{id}: {complaints}");
                    parts_validated += 1;
                }
            }
            assert_eq!(merged, expected, "{id}: split");
            assert_eq!(part_totals, totals, "{id}: split totals");
        }
    }
    eprintln!(
        "{} programs: lines {}/{} covered, branches {}/{} covered, as lcov shows them; \
         {validated} documents and {parts_validated} split parts valid under xmllint",
        programs.len(),
        grand[1],
        grand[0],
        grand[3],
        grand[2]
    );
    if validated == 0 {
        eprintln!("xmllint not installed: DTD validation skipped");
    }
}

/// The Cobertura of a tracefile, with fixed options.
fn cobertura_of(t: &Tracefile) -> Vec<u8> {
    let options = CoberturaOptions {
        source_root: Some("/covkit".into()),
        timestamp: 1,
        version: "test".into(),
    };
    let mut out = Vec::new();
    cobertura::write(t, &options, &mut out).unwrap();
    out
}

#[test]
fn llvm_cov_lcov_converts_to_the_cobertura_written_from_the_profiles() {
    let programs = programs();
    let mut bytes = 0;
    for (id, dir) in &programs {
        let model = common::model(dir, "merged.profdata");
        let direct = cobertura_of(&Tracefile::from_model(&model, &model.source_files()));
        let golden = common::oracle(dir, "export.lcov");
        let converted = cobertura_of(&lcov::read(&golden).unwrap());
        assert!(
            converted == direct,
            "{id}: {}",
            common::first_difference(&direct, &converted)
        );
        bytes += direct.len();
    }
    eprintln!(
        "{} programs: llvm-cov's stored lcov converts to the same {bytes} bytes of Cobertura",
        programs.len()
    );
}

#[test]
fn methods_run_to_the_next_function_and_stop_at_a_known_end() {
    let mut file = covkit_export::tracefile::FileRecord {
        path: "a.c".into(),
        lines: (1..=9).map(|n| (n, u64::from(n % 2))).collect(),
        ..Default::default()
    };
    for (name, line, end_line) in [("f", 2, None), ("g", 5, Some(6)), ("h", 8, None)] {
        file.functions
            .push(covkit_export::tracefile::FunctionEntry {
                name: name.into(),
                line,
                end_line,
                count: 1,
            });
    }
    let mut t = Tracefile::default();
    t.insert(file);
    let out = String::from_utf8(cobertura_of(&t)).unwrap();
    let doc = parse_xml(&out);
    let methods: Vec<(String, Vec<u32>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("method"))
        .map(|m| {
            let lines = children(child(m, "lines"), "line")
                .map(|l| attr(l, "number").parse().unwrap())
                .collect();
            (attr(m, "name").to_owned(), lines)
        })
        .collect();
    let expected = [("f", vec![2, 3, 4]), ("g", vec![5, 6]), ("h", vec![8, 9])];
    let expected: Vec<(String, Vec<u32>)> = expected
        .into_iter()
        .map(|(n, l)| (n.to_owned(), l))
        .collect();
    assert_eq!(methods, expected);
}
