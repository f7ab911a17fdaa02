//! MC/DC records built from hand-made mappings: both bitmap layouts (LLVM
//! 18's byte index and LLVM 19's bit index), folded conditions, conditions
//! reached through a macro expansion, and mappings that are not decision
//! diagrams.

use covkit_covmap::Function;
use covkit_covmap::counter::Counter;
use covkit_covmap::ids::{CounterId, FileId, FilenamesRef, FuncHash, NameHash, Position};
use covkit_covmap::mapping::FunctionMapping;
use covkit_covmap::region::{McdcConditionIds, Region, RegionKind};
use covkit_model::{
    CountSource, Coverage, Diagnostic, FunctionCounts, Lookup, RecordCounts, Result,
};

fn c(id: u32) -> Counter {
    Counter::Counter(CounterId(id))
}

fn region(
    kind: RegionKind,
    counter: Counter,
    file: u32,
    start: (u32, u32),
    end: (u32, u32),
) -> Region {
    Region {
        counter,
        kind,
        file: FileId(file),
        start: Position::new(start.0, start.1),
        end: Position::new(end.0, end.1),
    }
}

fn decision(bitmap_index: u32, num_conditions: u16, start: (u32, u32), end: (u32, u32)) -> Region {
    let kind = RegionKind::McdcDecision {
        bitmap_index,
        num_conditions,
    };
    region(kind, Counter::Zero, 0, start, end)
}

fn condition(
    id: u16,
    next: (Option<u16>, Option<u16>),
    counters: (Counter, Counter),
    file: u32,
    at: (u32, u32),
) -> Region {
    let kind = RegionKind::McdcBranch {
        false_counter: counters.1,
        conditions: McdcConditionIds {
            id,
            true_next: next.0,
            false_next: next.1,
        },
    };
    region(kind, counters.0, file, at, (at.0, at.1 + 1))
}

fn function(regions: Vec<Region>, file_map: Vec<u32>) -> Function {
    Function {
        name: "f".into(),
        name_hash: NameHash(0),
        func_hash: FuncHash(1),
        filenames_ref: FilenamesRef(0),
        filenames: vec![
            "/src".to_owned(),
            "/src/a.c".to_owned(),
            "/src/m.h".to_owned(),
        ]
        .into(),
        mapping: FunctionMapping {
            file_map,
            expressions: Vec::new(),
            regions,
        },
        offset: 0,
    }
}

fn body() -> Region {
    region(RegionKind::Code, c(0), 0, (1, 1), (4, 2))
}

/// `if (a && b)` on line 2: condition 0 is `a`, condition 1 is `b`.
fn a_and_b(bitmap_index: u32, b_false: Counter) -> Function {
    function(
        vec![
            body(),
            decision(bitmap_index, 2, (2, 5), (2, 11)),
            condition(0, (Some(1), None), (c(1), c(2)), 0, (2, 5)),
            condition(1, (None, None), (c(3), b_false), 0, (2, 10)),
        ],
        vec![1],
    )
}

/// A count source with a chosen bitmap layout.
struct Source {
    counts: RecordCounts,
    byte_indexed: bool,
}

impl Source {
    fn new(bitmap: Vec<u8>, byte_indexed: bool) -> Self {
        let mut counts = RecordCounts::default();
        counts.insert(
            b"f",
            1,
            FunctionCounts {
                counts: vec![3, 2, 1, 1, 1],
                bitmap,
            },
        );
        Source {
            counts,
            byte_indexed,
        }
    }
}

impl CountSource for Source {
    fn lookup(&self, name: &[u8], hash: u64) -> Result<Lookup> {
        self.counts.lookup(name, hash)
    }

    fn bitmap_byte_indexed(&self) -> bool {
        self.byte_indexed
    }
}

type Vectors = Vec<(Vec<Option<bool>>, bool)>;

fn vectors(model: &Coverage) -> Vectors {
    model.functions()[0].mcdc[0]
        .test_vectors
        .iter()
        .map(|t| (t.conditions.clone(), t.result))
        .collect()
}

fn covered(model: &Coverage) -> Vec<bool> {
    let record = &model.functions()[0].mcdc[0];
    record.conditions.iter().map(|c| c.covered()).collect()
}

#[test]
fn bit_indexed_bitmaps_since_llvm_19() {
    // Test vectors of `a && b`: 0 = a false, 1 = a true and b false,
    // 2 = both true. The decision's bitmap index is where its bits end.
    let f = a_and_b(3, c(4));
    let model = Coverage::load([&f], &Source::new(vec![0b101], false)).unwrap();
    let expected: Vectors = vec![
        (vec![Some(false), None], false),
        (vec![Some(true), Some(true)], true),
    ];
    assert_eq!(vectors(&model), expected);
    // Only `a` changed between the two: `b` was not evaluated in the first.
    assert_eq!(covered(&model), [true, false]);
    assert_eq!(
        model.functions()[0].mcdc[0].conditions[0].pair,
        Some((1, 2))
    );
    let summary = model.file_summary("/src/a.c").mcdc;
    assert_eq!((summary.covered, summary.total), (1, 2));
}

#[test]
fn byte_indexed_bitmaps_of_llvm_18() {
    // Bit `8 * bitmap index + the mask of true conditions`: masks 1 (a
    // true, b false) and 3 (both true) ran.
    let f = a_and_b(1, c(4));
    let model = Coverage::load([&f], &Source::new(vec![0, 0b1010], true)).unwrap();
    let expected: Vectors = vec![
        (vec![Some(true), Some(false)], false),
        (vec![Some(true), Some(true)], true),
    ];
    assert_eq!(vectors(&model), expected);
    assert_eq!(covered(&model), [false, true]);
    // The same bytes read with LLVM 19's rule mean other vectors.
    let model = Coverage::load([&f], &Source::new(vec![0, 0b1010], false)).unwrap();
    assert_ne!(vectors(&model), expected);
}

#[test]
fn a_missing_bitmap_reads_as_nothing_executed() {
    let f = a_and_b(3, c(4));
    let model = Coverage::load([&f], &Source::new(Vec::new(), false)).unwrap();
    let record = &model.functions()[0].mcdc[0];
    assert!(record.test_vectors.is_empty());
    assert_eq!(record.decisions(), (0, 0));
    // An unknown function: zero counts, no bitmap, still a record.
    let model = Coverage::load([&f], &RecordCounts::default()).unwrap();
    assert_eq!(model.functions()[0].mcdc.len(), 1);
}

#[test]
fn folded_conditions_leave_the_summary() {
    // `b`'s false counter is the constant zero.
    let f = a_and_b(3, Counter::Zero);
    let model = Coverage::load([&f], &Source::new(vec![0b111], false)).unwrap();
    let record = &model.functions()[0].mcdc[0];
    assert!(record.conditions[1].folded);
    let summary = model.file_summary("/src/a.c").mcdc;
    assert_eq!((summary.covered, summary.total), (1, 1));
}

#[test]
fn conditions_inside_an_expansion_belong_to_the_decision() {
    // `if (A(x) && y)` where the macro `A` expands to file id 1: the
    // first condition lies in the expansion, outside the decision's range.
    let expansion = RegionKind::Expansion {
        expanded: FileId(1),
    };
    let f = function(
        vec![
            body(),
            decision(3, 2, (2, 5), (2, 16)),
            region(expansion, Counter::Zero, 0, (2, 5), (2, 9)),
            region(RegionKind::Code, c(0), 1, (7, 10), (7, 20)),
            condition(0, (Some(1), None), (c(1), c(2)), 1, (7, 12)),
            condition(1, (None, None), (c(3), c(4)), 0, (2, 14)),
        ],
        vec![1, 2],
    );
    let model = Coverage::load([&f], &Source::new(vec![0b110], false)).unwrap();
    let record = &model.functions()[0].mcdc[0];
    assert_eq!(record.conditions[0].start, Position::new(7, 12));
    assert_eq!(covered(&model), [false, true]);
    // The record belongs to the decision's file.
    assert_eq!(model.file_coverage("/src/a.c").mcdc.len(), 1);
    assert!(model.file_coverage("/src/m.h").mcdc.is_empty());
}

#[test]
fn malformed_decisions_are_skipped_and_reported() {
    // Condition 1 leads back to condition 0: not a decision diagram.
    let f = function(
        vec![
            body(),
            decision(3, 2, (2, 5), (2, 11)),
            condition(0, (Some(1), None), (c(1), c(2)), 0, (2, 5)),
            condition(1, (Some(0), None), (c(3), c(4)), 0, (2, 10)),
        ],
        vec![1],
    );
    let model = Coverage::load([&f], &Source::new(vec![0xff], false)).unwrap();
    assert!(model.functions()[0].mcdc.is_empty());
    assert!(matches!(
        model.diagnostics(),
        [Diagnostic::McdcDecisionSkipped { .. }]
    ));
    // The branches are still branches.
    assert_eq!(model.functions()[0].branches.len(), 2);
}

#[test]
fn decisions_past_the_pending_limit_are_reported_once() {
    use covkit_model::mcdc::MAX_PENDING_DECISIONS;
    // Many decisions that never complete (no conditions), then `a && b`.
    let mut regions = vec![body()];
    for i in 0..MAX_PENDING_DECISIONS + 10 {
        let col = u32::try_from(i).unwrap() + 1;
        regions.push(decision(0, 0, (3, col), (3, col)));
    }
    regions.extend([
        decision(3, 2, (2, 5), (2, 11)),
        condition(0, (Some(1), None), (c(1), c(2)), 0, (2, 5)),
        condition(1, (None, None), (c(3), c(4)), 0, (2, 10)),
    ]);
    let f = function(regions, vec![1]);
    let model = Coverage::load([&f], &Source::new(vec![0b101], false)).unwrap();
    assert!(model.functions()[0].mcdc.is_empty());
    let skipped: Vec<String> = model
        .diagnostics()
        .iter()
        .filter(|d| matches!(d, Diagnostic::McdcDecisionSkipped { .. }))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        skipped,
        [
            "f: hash 0x1 MC/DC decision skipped: more than 256 decisions wait for their \
          conditions; this one and later ones are left out"
        ]
    );
}
