//! Section data that is truncated or bit-flipped at any offset never makes
//! the decoder panic or hang: every outcome is a value or an error.

use std::borrow::Cow;
use std::fs;
use std::path::Path;

use covkit_covmap::load_sections;
use covkit_covmap::object::{CoverageSections, Found, find_sections};

fn sections_of(program: &str) -> CoverageSections<'static> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/corpus")
        .join(program);
    let bytes: &'static [u8] = Box::leak(fs::read(&path).unwrap().into_boxed_slice());
    match find_sections(bytes, None).unwrap() {
        Found::Coverage(mut all) => all.remove(0),
        Found::NoData => panic!("{program}: no coverage data"),
    }
}

/// Replaces one section's bytes, keeping the rest of the object.
fn with(
    base: &CoverageSections<'static>,
    which: usize,
    data: Vec<u8>,
) -> CoverageSections<'static> {
    let mut s = base.clone();
    let section = match which {
        0 => &mut s.covmap,
        1 => &mut s.covfun,
        _ => &mut s.names,
    };
    section.data = Cow::Owned(data);
    s
}

fn hammer(program: &str) {
    let base = sections_of(program);
    assert!(
        load_sections(&base, None).is_ok(),
        "{program} must load intact"
    );
    for which in 0..3 {
        let original = match which {
            0 => base.covmap.data.to_vec(),
            1 => base.covfun.data.to_vec(),
            _ => base.names.data.to_vec(),
        };
        // Every prefix.
        for len in 0..original.len() {
            let _ = load_sections(&with(&base, which, original[..len].to_vec()), None);
        }
        // Every byte flipped in three ways.
        for at in 0..original.len() {
            for mask in [0x01, 0x80, 0xff] {
                let mut data = original.clone();
                data[at] ^= mask;
                let _ = load_sections(&with(&base, which, data), None);
            }
        }
    }
}

#[test]
fn truncated_or_flipped_c_sections_never_panic() {
    hammer("clang-22/c_macros/program");
    hammer("clang-19/c_mcdc/program");
    hammer("clang-13/cpp_templates/program");
}

#[test]
fn truncated_or_flipped_rust_sections_never_panic() {
    hammer("rustc-1.95/rs_control-branch/program");
}

#[test]
fn truncated_or_flipped_big_endian_sections_never_panic() {
    hammer("objects/elf-s390x/c_control/main.o");
}

/// Expansions that form a cycle through two file ids are refused where the
/// cycle closes (a file id expanding itself is `covmap-expansion-cycle.o`
/// of the malformed fixtures).
#[test]
fn expansion_cycles_are_refused() {
    use covkit_covmap::mapping::FunctionMapping;
    use covkit_testkit::covmap::{Counter, FunctionMapping as Builder, Region};
    let code = |file| Region::code(Counter::Counter(0), (1, 1), (9, 1)).in_file(file);
    let bytes = Builder::new(&[0, 0, 0])
        .region(code(0))
        .region(Region::expansion(1, (2, 1), (2, 5)))
        .region(code(1))
        .region(Region::expansion(2, (3, 1), (3, 5)).in_file(1))
        .region(code(2))
        .region(Region::expansion(1, (4, 1), (4, 5)).in_file(2))
        .encode();
    // 0x21: the header of file id 2's expansion, after three file ids, no
    // expressions, and three file ids' code regions of five bytes each.
    let err = FunctionMapping::decode(&bytes, 0, 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expansion into file id 1 closes a cycle of expansions (at offset 0x21)"
    );
    // The same tree without the edge back is fine, even with file id 2
    // expanded twice.
    let bytes = Builder::new(&[0, 0, 0])
        .region(code(0))
        .region(Region::expansion(1, (2, 1), (2, 5)))
        .region(Region::expansion(2, (5, 1), (5, 5)))
        .region(code(1))
        .region(Region::expansion(2, (3, 1), (3, 5)).in_file(1))
        .region(code(2))
        .encode();
    assert!(FunctionMapping::decode(&bytes, 0, 1).is_ok());
}
