//! Many functions whose one region spans nearly the 2^24 lines a region may
//! reach: function summaries count the lines no segment starts on in one
//! step, so the work is per segment, not per line (walking 16 million
//! lines per function made a 16 KiB object take minutes).

use covkit::covmap::mapping::MAX_LINE;
use covkit::covmap::{LoadOptions, load_object};
use covkit::export::lcov::LcovOptions;
use covkit::model::{Coverage, RecordCounts};
use covkit_testkit::Endian;
use covkit_testkit::covmap::{
    COVMAP_VERSION_7, Counter, CoverageData, FunctionMapping, Region, Unit,
};
use covkit_testkit::object::ObjectBuilder;

#[test]
fn function_summaries_of_tall_regions_count_lines_in_runs() {
    let last = MAX_LINE - 1;
    let mut unit = Unit::new(&["/d", "a.c"]);
    for i in 0..256 {
        let mapping =
            FunctionMapping::new(&[1]).region(Region::code(Counter::Counter(0), (1, 1), (last, 1)));
        unit = unit.function(&format!("f{i}"), 1, mapping);
    }
    let sections = CoverageData::new(Endian::Little)
        .version(COVMAP_VERSION_7)
        .unit(unit)
        .build();
    let object = ObjectBuilder::elf(&sections);
    assert!(object.len() < 16 << 10, "{}", object.len());
    let objects = load_object(&object, &LoadOptions::default())
        .unwrap()
        .unwrap();
    let model = Coverage::from_objects(&objects, &RecordCounts::default()).unwrap();
    assert_eq!(model.functions().len(), 256);
    for i in 0..256 {
        let summary = model.function_summary(i);
        assert_eq!(summary.lines.total, usize::try_from(last).unwrap());
        assert_eq!(summary.lines.covered, 0);
    }
}

/// What the fuzz targets build but do not write (a model whose regions span
/// more than 2^20 lines): its lcov lists every line, in time linear in
/// the lines.
#[test]
fn reports_of_tall_regions_list_every_line() {
    let lines = (1u32 << 20) + 3;
    let mapping =
        FunctionMapping::new(&[1]).region(Region::code(Counter::Counter(0), (1, 1), (lines, 1)));
    let sections = CoverageData::new(Endian::Little)
        .version(COVMAP_VERSION_7)
        .unit(Unit::new(&["/d", "a.c"]).function("f", 1, mapping))
        .build();
    let objects = load_object(&ObjectBuilder::elf(&sections), &LoadOptions::default())
        .unwrap()
        .unwrap();
    let model = Coverage::from_objects(&objects, &RecordCounts::default()).unwrap();
    let mut out = Vec::new();
    covkit::export::lcov::write(&model, &LcovOptions::default(), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let da = text.lines().filter(|l| l.starts_with("DA:")).count();
    assert_eq!(da, usize::try_from(lines).unwrap());
    assert!(text.contains(&format!("\nDA:{lines},0\n")));
    assert!(text.contains(&format!("\nLF:{lines}\nLH:0\n")));
}
