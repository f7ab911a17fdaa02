//! Deduplication and section rules on synthetic objects: a dummy record
//! gives way to a real one in its own position, the first real record wins,
//! duplicate covmap sections are an error, and functions repeated across
//! objects are loaded once.

use covkit_covmap::{ErrorKind, LoadOptions, ObjectCoverage, functions_of, load_object};
use covkit_testkit::covmap::{Counter, CoverageData, FunctionMapping, Region, Unit};
use covkit_testkit::object::{ObjectBuilder, ObjectFormat};
use covkit_testkit::{Endian, PointerWidth};

fn dummy() -> FunctionMapping {
    FunctionMapping::new(&[1]).region(Region::code(Counter::Zero, (1, 1), (3, 2)))
}

fn real(line: u32) -> FunctionMapping {
    FunctionMapping::new(&[1]).region(Region::code(Counter::Counter(0), (line, 1), (line + 2, 2)))
}

fn object(data: &CoverageData) -> Vec<u8> {
    ObjectBuilder::elf(&data.build())
}

fn load(bytes: &[u8]) -> Vec<ObjectCoverage> {
    load_object(bytes, &LoadOptions::default())
        .unwrap()
        .unwrap()
}

fn summary(objects: &[ObjectCoverage]) -> Vec<(String, u64, u32)> {
    functions_of(objects)
        .into_iter()
        .map(|f| {
            (
                f.name.clone(),
                f.func_hash.0,
                f.mapping.regions[0].start.line.0,
            )
        })
        .collect()
}

#[test]
fn a_dummy_gives_way_to_a_real_record_in_its_own_position() {
    let data = CoverageData::new(Endian::Little)
        .unit(
            Unit::new(&["/src", "a.c"])
                .function("shared", 0, dummy())
                .function("a_only", 7, real(10)),
        )
        .unit(
            Unit::new(&["/src", "b.c"])
                .function("shared", 0x55, real(20))
                .function("shared", 0x66, real(30)),
        );
    let objects = load(&object(&data));
    assert_eq!(
        summary(&objects),
        [
            ("shared".to_owned(), 0x55, 20),
            ("a_only".to_owned(), 7, 10),
        ]
    );
    // The replacement brings its own translation unit's filenames.
    assert_eq!(
        objects[0].functions[0].file(covkit_covmap::ids::FileId(0)),
        Some("/src/b.c")
    );
}

#[test]
fn the_first_real_record_wins_over_later_ones() {
    let data = CoverageData::new(Endian::Little)
        .unit(Unit::new(&["/src", "a.c"]).function("f", 1, real(5)))
        .unit(Unit::new(&["/src", "b.c"]).function("f", 0, dummy()));
    assert_eq!(summary(&load(&object(&data))), [("f".to_owned(), 1, 5)]);
}

#[test]
fn a_second_covmap_section_is_an_error() {
    let data = CoverageData::new(Endian::Little).unit(Unit::new(&["/src", "a.c"]).function(
        "f",
        1,
        real(5),
    ));
    let sections = data.build();
    let bytes = ObjectBuilder::coverage(
        ObjectFormat::Elf,
        Endian::Little,
        PointerWidth::U64,
        &sections,
    )
    .section("", "__llvm_covmap", &sections.covmap)
    .build();
    let err = load_object(&bytes, &LoadOptions::default()).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::DuplicateSection("__llvm_covmap"));
}

#[test]
fn functions_repeated_across_objects_are_loaded_once() {
    let a = CoverageData::new(Endian::Little).unit(
        Unit::new(&["/src", "inline.h"])
            .function("inline_fn", 3, real(1))
            .function("a_main", 4, real(9)),
    );
    let b = CoverageData::new(Endian::Little).unit(
        Unit::new(&["/src", "inline.h"])
            .function("inline_fn", 3, real(1))
            .function("b_main", 5, real(9)),
    );
    // Same name, other files: a different function.
    let c = CoverageData::new(Endian::Little).unit(Unit::new(&["/src", "other.h"]).function(
        "inline_fn",
        3,
        real(1),
    ));
    let mut objects = load(&object(&a));
    objects.extend(load(&object(&b)));
    objects.extend(load(&object(&c)));
    let names: Vec<String> = summary(&objects).into_iter().map(|(n, ..)| n).collect();
    assert_eq!(names, ["inline_fn", "a_main", "b_main", "inline_fn"]);
}
