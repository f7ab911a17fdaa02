//! A deterministic text view of an object's coverage mapping, in the spirit
//! of rustc's `coverage-dump`: the covmap blocks with their filenames, then
//! per function its name, hashes, files, expressions and regions. It is the
//! snapshot format of the tests and what `profconv dump` prints.

use std::fmt::{self, Write};

use crate::load::ObjectCoverage;
use crate::region::RegionKind;

/// Writes the dump of `objects` (as [`crate::load_object`] returns them).
///
/// # Errors
///
/// Only those of the writer.
pub fn dump(objects: &[ObjectCoverage], out: &mut impl Write) -> fmt::Result {
    for (index, object) in objects.iter().enumerate() {
        if index > 0 {
            out.write_char('\n')?;
        }
        dump_object(object, out)?;
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn dump_object(object: &ObjectCoverage, out: &mut impl Write) -> fmt::Result {
    writeln!(
        out,
        "object: {}, {}-endian, {}-bit",
        object.format,
        if object.endian.is_little() {
            "little"
        } else {
            "big"
        },
        object.pointer_width.bytes() * 8
    )?;
    if let Some(id) = &object.build_id {
        writeln!(out, "build id: {}", hex(id))?;
    }
    if let Some(version) = object.version() {
        writeln!(out, "covmap version: {} (stored {version})", version + 1)?;
    }
    for (index, block) in object.blocks.iter().enumerate() {
        writeln!(
            out,
            "block {index} at {:#x}: filenames ref {:#018x}",
            block.offset, block.filenames_ref.0
        )?;
        for (i, name) in block.filenames.iter().enumerate() {
            writeln!(out, "  {i}: {name}")?;
        }
    }
    for function in &object.functions {
        writeln!(out, "function {} at {:#x}", function.name, function.offset)?;
        writeln!(
            out,
            "  name hash {:#018x}, function hash {:#018x}, filenames ref {:#018x}",
            function.name_hash.0, function.func_hash.0, function.filenames_ref.0
        )?;
        for (file, index) in function.mapping.file_map.iter().enumerate() {
            let name = usize::try_from(*index)
                .ok()
                .and_then(|i| function.filenames.get(i))
                .map_or("?", String::as_str);
            writeln!(out, "  file {file}: {name}")?;
        }
        for (id, e) in function.mapping.expressions.iter().enumerate() {
            writeln!(out, "  e{id} = {}, {}", e.lhs, e.rhs)?;
        }
        for region in &function.mapping.regions {
            writeln!(out, "  file {} {region}", region.file)?;
        }
    }
    Ok(())
}

/// Counts of functions and regions, per region kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Functions after deduplication.
    pub functions: usize,
    /// All regions.
    pub regions: usize,
    /// Code regions.
    pub code: usize,
    /// Expansion regions.
    pub expansion: usize,
    /// Skipped regions.
    pub skipped: usize,
    /// Gap regions.
    pub gap: usize,
    /// Branch regions.
    pub branch: usize,
    /// MC/DC decision regions.
    pub mcdc_decision: usize,
    /// MC/DC branch regions.
    pub mcdc_branch: usize,
}

impl Stats {
    /// Counts over `objects`.
    #[must_use]
    pub fn of(objects: &[ObjectCoverage]) -> Self {
        let mut s = Stats::default();
        for function in objects.iter().flat_map(|o| &o.functions) {
            s.functions += 1;
            for region in &function.mapping.regions {
                s.regions += 1;
                *match region.kind {
                    RegionKind::Code => &mut s.code,
                    RegionKind::Expansion { .. } => &mut s.expansion,
                    RegionKind::Skipped => &mut s.skipped,
                    RegionKind::Gap => &mut s.gap,
                    RegionKind::Branch { .. } => &mut s.branch,
                    RegionKind::McdcDecision { .. } => &mut s.mcdc_decision,
                    RegionKind::McdcBranch { .. } => &mut s.mcdc_branch,
                } += 1;
            }
        }
        s
    }
}

impl fmt::Display for Stats {
    /// One `key: value` line each, for `profconv dump --stats`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (key, value) in [
            ("functions", self.functions),
            ("regions", self.regions),
            ("code", self.code),
            ("expansion", self.expansion),
            ("skipped", self.skipped),
            ("gap", self.gap),
            ("branch", self.branch),
            ("mcdc-decision", self.mcdc_decision),
            ("mcdc-branch", self.mcdc_branch),
        ] {
            writeln!(f, "{key}: {value}")?;
        }
        Ok(())
    }
}
