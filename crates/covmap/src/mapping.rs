//! One function's mapping bytes (`RawCoverageMappingReader` in LLVM's
//! `CoverageMappingReader.cpp`): the file-id map, the expressions and the
//! regions of each file id. The layout is the same in covmap versions 4 to
//! 7; versions 5 and 7 only add region kinds.

use covkit_wire::{Endian, Reader};

use crate::counter::{Counter, Expression, read_counter};
use crate::error::{Error, Result};
use crate::ids::{FileId, Position};
use crate::region::{McdcConditionIds, Region, RegionKind};

/// Region kind numbers of the header value (`CounterMappingRegion::RegionKind`).
const KIND_CODE: u64 = 0;
const KIND_SKIPPED: u64 = 2;
const KIND_BRANCH: u64 = 4;
const KIND_MCDC_DECISION: u64 = 5;
const KIND_MCDC_BRANCH: u64 = 6;
/// Bit 2 of a zero-tagged header marks an expansion region.
const EXPANSION_BIT: u64 = 1 << 2;
/// Header bits below the expanded file id or the region kind.
const KIND_SHIFT: u32 = 3;
/// Bit 31 of the end column marks a gap region.
const GAP_BIT: u32 = 1 << 31;

/// The highest line a region may reach. llvm-cov has no limit, but it walks
/// every line up to the last one a file's regions reach, so a corrupt
/// record naming line 4,000,000,000 would make a report take hours and
/// gigabytes. No source file comes near 2^24 (16,777,216) lines.
pub const MAX_LINE: u32 = 1 << 24;

/// A function's decoded mapping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunctionMapping {
    /// For each function-local file id, the index into its translation
    /// unit's filenames.
    pub file_map: Vec<u32>,
    /// The expressions counters may refer to.
    pub expressions: Vec<Expression>,
    /// The regions, file id by file id, each file id's in stored order.
    pub regions: Vec<Region>,
}

impl FunctionMapping {
    /// Decodes `data`, which starts at absolute `offset`; `num_filenames` is
    /// the size of the translation unit's filename list.
    ///
    /// # Errors
    ///
    /// Truncation, bad ULEB128, a file index past the filename list, a
    /// counter referring to a missing expression, an unknown region kind, an
    /// expansion into a missing file id, expansions that form a cycle, an
    /// MC/DC condition id of 0, a region that starts after it ends or ends
    /// past [`MAX_LINE`].
    pub fn decode(data: &[u8], offset: u64, num_filenames: usize) -> Result<Self> {
        let mut r = Reader::with_offset(data, Endian::Little, offset);
        let num_files = read_size(&mut r, "file ids")?;
        let mut file_map = Vec::with_capacity(num_files);
        for _ in 0..num_files {
            let at = r.offset();
            let index = r.read_uleb128_u32()?;
            if usize::try_from(index).map_or(true, |i| i >= num_filenames) {
                return Err(Error::malformed(
                    format!("file index {index} is past the {num_filenames} filenames"),
                    at,
                ));
            }
            file_map.push(index);
        }
        let num_expressions = read_size(&mut r, "expressions")?;
        let mut expressions = Vec::with_capacity(num_expressions);
        for _ in 0..num_expressions {
            let lhs = read_counter(&mut r, num_expressions)?;
            let rhs = read_counter(&mut r, num_expressions)?;
            expressions.push(Expression { lhs, rhs });
        }
        let mut regions = Vec::new();
        let mut expansions = Vec::new();
        for file in 0..num_files {
            let file = FileId(u32::try_from(file).unwrap_or(u32::MAX));
            read_regions(
                &mut r,
                file,
                num_files,
                num_expressions,
                &mut regions,
                &mut expansions,
            )?;
        }
        check_expansion_cycles(&expansions, num_files)?;
        Ok(FunctionMapping {
            file_map,
            expressions,
            regions,
        })
    }
}

/// One expansion region: from which file id, into which, and where.
struct Expansion {
    from: usize,
    to: usize,
    at: u64,
}

/// Expansions must not form a cycle: a file id that expands itself, or is
/// expanded by a file id it expands. llvm-cov would recurse through such
/// a mapping without end; compilers expand each macro into a file id of
/// its own. The error is at the expansion region that closes the cycle
/// (depth first from file id 0, regions in stored order).
fn check_expansion_cycles(expansions: &[Expansion], num_files: usize) -> Result<()> {
    let mut edges: Vec<Vec<&Expansion>> = (0..num_files).map(|_| Vec::new()).collect();
    for e in expansions {
        if let Some(list) = edges.get_mut(e.from) {
            list.push(e);
        }
    }
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; num_files];
    for root in 0..num_files {
        if state.get(root) != Some(&State::New) {
            continue;
        }
        if let Some(s) = state.get_mut(root) {
            *s = State::Open;
        }
        let mut stack = vec![(root, 0usize)];
        while let Some(&mut (file, ref mut next)) = stack.last_mut() {
            let Some(e) = edges.get(file).and_then(|l| l.get(*next)) else {
                if let Some(s) = state.get_mut(file) {
                    *s = State::Done;
                }
                stack.pop();
                continue;
            };
            *next += 1;
            match state.get(e.to) {
                Some(State::Open) => {
                    return Err(Error::malformed(
                        format!(
                            "expansion into file id {} closes a cycle of expansions",
                            e.to
                        ),
                        e.at,
                    ));
                }
                Some(State::New) => {
                    if let Some(s) = state.get_mut(e.to) {
                        *s = State::Open;
                    }
                    stack.push((e.to, 0));
                }
                Some(State::Done) | None => {}
            }
        }
    }
    Ok(())
}

/// Reads a ULEB128 element count bounded by the bytes left (each element
/// takes at least one byte).
fn read_size(r: &mut Reader<'_>, what: &'static str) -> Result<usize> {
    let n = r.read_uleb128_u64()?;
    Ok(r.check_count(n, 1, what)?)
}

fn read_u16(r: &mut Reader<'_>, what: &str) -> Result<u16> {
    let at = r.offset();
    let v = r.read_uleb128_u64()?;
    u16::try_from(v)
        .map_err(|_| Error::malformed(format!("{what} {v} does not fit in 16 bits"), at))
}

fn read_regions(
    r: &mut Reader<'_>,
    file: FileId,
    num_files: usize,
    num_expressions: usize,
    out: &mut Vec<Region>,
    expansions: &mut Vec<Expansion>,
) -> Result<()> {
    let count = read_size(r, "regions")?;
    out.reserve(count);
    let mut line_start: u32 = 0;
    for _ in 0..count {
        let header_at = r.offset();
        let header = r.read_uleb128_u64()?;
        let mut counter = Counter::Zero;
        let mut kind = RegionKind::Code;
        if header & 0b11 != 0 {
            counter = Counter::from_encoded(header)
                .ok_or_else(|| Error::malformed("counter index overflows u32", header_at))?;
            if let Counter::Expression(_, id) = counter
                && usize::try_from(id.0).map_or(true, |id| id >= num_expressions)
            {
                return Err(Error::malformed(
                    format!("counter refers to expression {id} of {num_expressions}"),
                    header_at,
                ));
            }
        } else if header & EXPANSION_BIT != 0 {
            let expanded = header >> KIND_SHIFT;
            if usize::try_from(expanded).map_or(true, |e| e >= num_files) {
                return Err(Error::malformed(
                    format!("expansion into file id {expanded} of {num_files}"),
                    header_at,
                ));
            }
            let expanded = usize::try_from(expanded).unwrap_or(usize::MAX);
            expansions.push(Expansion {
                from: usize::try_from(file.0).unwrap_or(usize::MAX),
                to: expanded,
                at: header_at,
            });
            kind = RegionKind::Expansion {
                expanded: FileId(u32::try_from(expanded).unwrap_or(u32::MAX)),
            };
        } else {
            match header >> KIND_SHIFT {
                KIND_CODE => {}
                KIND_SKIPPED => kind = RegionKind::Skipped,
                KIND_BRANCH => {
                    counter = read_counter(r, num_expressions)?;
                    let false_counter = read_counter(r, num_expressions)?;
                    kind = RegionKind::Branch { false_counter };
                }
                KIND_MCDC_BRANCH => {
                    counter = read_counter(r, num_expressions)?;
                    let false_counter = read_counter(r, num_expressions)?;
                    let id_at = r.offset();
                    let id = read_u16(r, "mc/dc condition id")?;
                    let true_next = read_u16(r, "mc/dc condition id")?;
                    let false_next = read_u16(r, "mc/dc condition id")?;
                    // Ids are stored plus one; 0 means "the decision ends".
                    let id = id
                        .checked_sub(1)
                        .ok_or_else(|| Error::malformed("mc/dc condition id is zero", id_at))?;
                    kind = RegionKind::McdcBranch {
                        false_counter,
                        conditions: McdcConditionIds {
                            id,
                            true_next: true_next.checked_sub(1),
                            false_next: false_next.checked_sub(1),
                        },
                    };
                }
                KIND_MCDC_DECISION => {
                    let bitmap_index = r.read_uleb128_u32()?;
                    let num_conditions = read_u16(r, "mc/dc condition count")?;
                    kind = RegionKind::McdcDecision {
                        bitmap_index,
                        num_conditions,
                    };
                }
                other => {
                    return Err(Error::malformed(
                        format!("unknown region kind {other}"),
                        header_at,
                    ));
                }
            }
        }
        let range_at = r.offset();
        let delta = r.read_uleb128_u32()?;
        let mut column_start = r.read_uleb128_u32()?;
        let num_lines = r.read_uleb128_u32()?;
        let mut column_end = r.read_uleb128_u32()?;
        // Lines are unsigned 32-bit in llvm-cov and wrap; an end line that
        // wraps below the start is caught as a region ending before it starts.
        line_start = line_start.wrapping_add(delta);
        let line_end = line_start.wrapping_add(num_lines);
        if column_end & GAP_BIT != 0 {
            kind = RegionKind::Gap;
            column_end &= !GAP_BIT;
        }
        // (0, 0) stands for whole lines: column 1 to the end of the line.
        if column_start == 0 && column_end == 0 {
            column_start = 1;
            column_end = u32::MAX;
        }
        let start = Position::new(line_start, column_start);
        let end = Position::new(line_end, column_end);
        if start > end {
            return Err(Error::malformed("region starts after it ends", range_at));
        }
        if line_end > MAX_LINE {
            return Err(Error::malformed(
                format!("region ends on line {line_end}, past covkit's limit of {MAX_LINE} lines"),
                range_at,
            ));
        }
        out.push(Region {
            counter,
            kind,
            file,
            start,
            end,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counter::ExprKind;
    use crate::ids::{CounterId, ExpressionId};

    #[test]
    fn decodes_every_region_kind() {
        #[rustfmt::skip]
        let bytes = [
            2, 0, 1,            // two file ids: filenames 0 and 1
            1, 5, 9,            // one expression: lhs c1, rhs c2
            7,                  // file 0: seven regions
            0x05, 1, 1, 2, 10,  // code c1 at 1:1-3:10
            0x0c, 1, 3, 0, 8,   // expansion -> file 1 at 2:3-2:8
            0x10, 1, 0, 1, 0,   // skipped 3:(0)-4:(0): whole lines
            0x20, 5, 9, 1, 5, 0, 9, // branch true c1 false c2, 4:5-4:9
            0x01, 1, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x08, // c0 with the gap bit, 5:(0)-5:(0)
            0x28, 6, 2, 0, 1, 0, 20, // mc/dc decision bitmap 6, 2 conditions, 5:1-5:20
            0x30, 5, 9, 1, 2, 0, 0, 1, 0, 3, // mc/dc branch c1/c2 id 0 -> 1/-, 5:1-5:3
            1,                  // file 1: one region
            0x03, 2, 1, 0, 4,   // code (e0:+) at 2:1-2:4
        ];
        let m = FunctionMapping::decode(&bytes, 0, 2).unwrap();
        assert_eq!(m.file_map, [0, 1]);
        assert_eq!(m.expressions.len(), 1);
        let kinds: Vec<&str> = m.regions.iter().map(|r| r.kind.name()).collect();
        assert_eq!(
            kinds,
            [
                "code",
                "expansion",
                "skipped",
                "branch",
                "gap",
                "mcdc-decision",
                "mcdc-branch",
                "code"
            ]
        );
        assert_eq!(m.regions[0].start, Position::new(1, 1));
        assert_eq!(m.regions[0].end, Position::new(3, 10));
        assert_eq!(
            m.regions[1].kind,
            RegionKind::Expansion {
                expanded: FileId(1)
            }
        );
        assert_eq!(m.regions[3].counter, Counter::Counter(CounterId(1)));
        assert_eq!(
            m.regions[4].end,
            Position::new(5, u32::MAX),
            "gap flag removed, then (0, 0) means whole line"
        );
        assert_eq!(
            m.regions[6].kind,
            RegionKind::McdcBranch {
                false_counter: Counter::Counter(CounterId(2)),
                conditions: McdcConditionIds {
                    id: 0,
                    true_next: Some(1),
                    false_next: None
                },
            }
        );
        assert_eq!(m.regions[7].file, FileId(1));
        assert_eq!(
            m.regions[7].counter,
            Counter::Expression(ExprKind::Add, ExpressionId(0))
        );
    }

    #[test]
    fn rejects_bad_mappings_with_offsets() {
        let cases: &[(&[u8], &str)] = &[
            (
                &[1, 3],
                "file index 3 is past the 2 filenames (at offset 0x1)",
            ),
            (
                &[1, 0, 0, 1, 0x38, 1, 1, 0, 2],
                "unknown region kind 7 (at offset 0x4)",
            ),
            (
                &[1, 0, 0, 1, 0x0c, 1, 1, 0, 2],
                "expansion into file id 1 of 1 (at offset 0x4)",
            ),
            (
                &[1, 0, 0, 1, 0x05, 2, 5, 0, 2],
                "region starts after it ends (at offset 0x5)",
            ),
            (
                &[1, 0, 0, 1, 0x07, 1, 1, 0, 2],
                "counter refers to expression 1 of 0 (at offset 0x4)",
            ),
        ];
        for (bytes, expected) in cases {
            let err = FunctionMapping::decode(bytes, 0, 2).unwrap_err();
            assert_eq!(err.to_string(), *expected);
        }
    }

    #[test]
    fn lines_past_the_limit_are_rejected() {
        // Starting on line 2^24 - 1: one more line is the limit, two are past it.
        let mut bytes = vec![1, 0, 0, 1, 0x05];
        bytes.extend([0xff, 0xff, 0xff, 0x07, 1, 1, 2]);
        assert!(FunctionMapping::decode(&bytes, 0, 1).is_ok());
        let mut far = vec![1, 0, 0, 1, 0x05];
        far.extend([0xff, 0xff, 0xff, 0x07, 1, 2, 2]);
        let err = FunctionMapping::decode(&far, 0, 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "region ends on line 16777217, past covkit's limit of 16777216 lines (at offset 0x5)"
        );
    }

    #[test]
    fn truncation_never_panics() {
        let bytes = [
            2, 0, 1, 1, 5, 9, 2, 0x05, 1, 1, 2, 10, 0x0c, 1, 3, 0, 8, 1, 0x03, 2, 1, 0, 4,
        ];
        assert!(FunctionMapping::decode(&bytes, 0, 2).is_ok());
        for len in 0..bytes.len() {
            assert!(
                FunctionMapping::decode(&bytes[..len], 0, 2).is_err(),
                "prefix {len}"
            );
        }
    }
}
