//! The coverage data of the synthetic objects: two translation units, every
//! region kind, and the profile that goes with them.

use crate::bytes::Endian;
use crate::covmap::{
    COVMAP_VERSION_7, Counter, CoverageData, Expression, FunctionMapping, Region, RegionKind, Unit,
};
use crate::indexed::IndexedProfile;
use crate::names::Compression;

/// Compilation directory, filename 0 of both units.
pub(crate) const COMP_DIR: &str = "/build/synthetic";

/// `main`'s structural hash.
pub(crate) const MAIN_HASH: u64 = 0x0000_0000_5eed_c0de;
/// `main.c:helper`'s hash.
pub(crate) const HELPER_HASH: u64 = 0x0000_0000_0001_835c;
/// `lib_fn`'s hash.
pub(crate) const LIB_HASH: u64 = 0x0000_0000_0000_0018;

/// `main`: file IDs 0 (main.c) and 1 (the macro body in m.h), both
/// expression kinds and every region kind; with `mcdc`, an MC/DC decision
/// over `a && b` (covmap Version7 only).
pub(crate) fn main_mapping(mcdc: bool) -> FunctionMapping {
    // Counters: #0 entry (5), #1 then-branch (3), #2 `a` true (2).
    // e0 = #0 - #1 (2), e1 = #1 + #2 (5).
    let mut m = FunctionMapping::new(&[1, 2])
        .expression(Expression::new(Counter::Counter(0), Counter::Counter(1)))
        .expression(Expression::new(Counter::Counter(1), Counter::Counter(2)))
        .region(Region::code(Counter::Counter(0), (1, 12), (12, 2)))
        .region(Region::branch(
            Counter::Counter(1),
            Counter::Sub(0),
            (3, 7),
            (3, 12),
        ))
        .region(Region::gap(Counter::Counter(1), (3, 13), (3, 14)))
        .region(Region::code(Counter::Counter(1), (3, 14), (5, 4)))
        .region(Region::expansion(1, (4, 5), (4, 10)))
        .region(Region::gap(Counter::Sub(0), (5, 4), (6, 1)))
        .region(Region::skipped((6, 1), (7, 1)))
        .region(Region::code(Counter::Add(1), (8, 3), (8, 20)))
        .region(Region::code(Counter::Counter(1), (1, 1), (1, 20)).in_file(1));
    if mcdc {
        m = m
            .region(Region::new(
                RegionKind::McdcDecision {
                    bitmap_idx: 3,
                    num_conditions: 2,
                },
                (10, 7),
                (10, 13),
            ))
            .region(Region::new(
                RegionKind::McdcBranch {
                    true_count: Counter::Counter(2),
                    false_count: Counter::Zero,
                    id: 1,
                    true_id: 2,
                    false_id: 0,
                },
                (10, 7),
                (10, 8),
            ))
            .region(Region::new(
                RegionKind::McdcBranch {
                    true_count: Counter::Counter(2),
                    false_count: Counter::Zero,
                    id: 2,
                    true_id: 0,
                    false_id: 0,
                },
                (10, 12),
                (10, 13),
            ));
    }
    m.sorted()
}

/// The coverage data of the synthetic objects at stored covmap `version`
/// (MC/DC regions from Version7), names and filenames stored with
/// `compression`.
pub(crate) fn coverage(endian: Endian, version: u32, compression: Compression) -> CoverageData {
    let helper =
        FunctionMapping::new(&[1]).region(Region::code(Counter::Counter(0), (14, 30), (16, 2)));
    let unused = FunctionMapping::new(&[1]).region(Region::code(Counter::Zero, (18, 1), (18, 20)));
    let lib = FunctionMapping::new(&[1])
        .region(Region::code(Counter::Counter(0), (2, 20), (4, 2)))
        .region(Region::skipped((3, 1), (3, 30)));
    CoverageData::new(endian)
        .version(version)
        .names_compression(compression)
        .unit(
            Unit::new(&[COMP_DIR, "main.c", "m.h"])
                .filenames_compression(compression)
                .function("main", MAIN_HASH, main_mapping(version >= COVMAP_VERSION_7))
                .function("main.c:helper", HELPER_HASH, helper)
                .function("main.c:unused", 0, unused),
        )
        .unit(
            Unit::new(&[COMP_DIR, "lib.c"])
                .filenames_compression(compression)
                .function("lib_fn", LIB_HASH, lib),
        )
}

/// The profile for the synthetic objects: `main` [5, 3, 2] with one
/// bitmap byte, `main.c:helper` [3], `lib_fn` [7]; `main.c:unused` is
/// absent, as clang's unused functions are.
pub(crate) fn profile(version: u32) -> IndexedProfile {
    IndexedProfile::new(version)
        .function("main", MAIN_HASH, &[5, 3, 2])
        .bitmap(&[0x05])
        .function("main.c:helper", HELPER_HASH, &[3])
        .function("lib_fn", LIB_HASH, &[7])
}
