//! Many functions whose one region spans nearly the 2^24 lines a region may
//! reach: function summaries count the lines no segment starts on in one
//! step, so the work is per segment, not per line (walking 16 million
//! lines per function made a 16 KiB object take minutes).

use covkit::covmap::mapping::MAX_LINE;
use covkit::covmap::{LoadOptions, load_object};
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
