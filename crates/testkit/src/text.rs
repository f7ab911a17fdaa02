//! Text profiles (`.proftext`) exactly as `llvm-profdata merge --text`
//! (LLVM 22's `InstrProfWriter::writeText` and `writeRecordInText`)
//! writes them.
//!
//! Header lines for the variant flags (`:csir` or `:ir`, `:entry_first`,
//! `:instrument_loop_entries`, `:single_byte_coverage`, each after a `#`
//! comment), then the temporal traces if any, then the records sorted by
//! (name, hash): the name, `# Func Hash:` and the decimal hash,
//! `# Num Counters:`, `# Counter Values:` one per line, then (LLVM 18+) for
//! records with bitmap bytes `# Num Bitmap Bytes:`, `$N`,
//! `# Bitmap Byte Values:` and `0x..` lines in lowercase hex followed by a
//! blank line, then the value sites if any, and a blank line. Front-end
//! profiles have no header line.

use crate::hash::md5_low64;
use crate::record::FunctionRecord;
use crate::value_prof::{IPVK_INDIRECT_CALL_TARGET, IPVK_VTABLE_TARGET};
use crate::variant;
use std::fmt::Write as _;

/// `ValueProfKindDescr`-style names LLVM prints for each value kind.
const VALUE_KIND_NAMES: [&str; 3] = [
    "IPVK_IndirectCallTarget",
    "IPVK_MemOPSize",
    "IPVK_VTableTarget",
];

/// A text profile being built.
///
/// ```
/// use covkit_testkit::TextProfile;
///
/// let text = TextProfile::new().function("main", 24, &[1, 3]).build();
/// assert_eq!(
///     text,
///     "main\n# Func Hash:\n24\n# Num Counters:\n2\n# Counter Values:\n1\n3\n\n"
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextProfile {
    variants: u64,
    records: Vec<FunctionRecord>,
    vtable_names: Vec<String>,
    traces: Vec<(u64, Vec<String>)>,
    trace_stream_size: u64,
}

impl TextProfile {
    /// An empty front-end text profile.
    #[must_use]
    pub fn new() -> TextProfile {
        TextProfile::default()
    }

    /// The records added so far.
    #[must_use]
    pub fn records_added(&self) -> &[FunctionRecord] {
        &self.records
    }

    /// The variant flags set so far.
    #[must_use]
    pub fn variants(&self) -> u64 {
        self.variants
    }

    /// Sets variant `flags` ([`crate::variant`]); they select the header
    /// lines.
    #[must_use]
    pub fn variant(mut self, flags: u64) -> TextProfile {
        self.variants |= flags;
        self
    }

    /// Adds a record.
    #[must_use]
    pub fn function(self, name: &str, hash: u64, counts: &[u64]) -> TextProfile {
        self.record(FunctionRecord::new(name, hash, counts))
    }

    /// Adds a complete record. Indirect-call and vtable values are name
    /// hashes: they print as the name of a record or vtable with that hash,
    /// or `** External Symbol **`.
    #[must_use]
    pub fn record(mut self, record: FunctionRecord) -> TextProfile {
        self.records.push(record);
        self
    }

    /// Adds several records.
    #[must_use]
    pub fn records(mut self, records: impl IntoIterator<Item = FunctionRecord>) -> TextProfile {
        self.records.extend(records);
        self
    }

    /// Gives the last record these bitmap bytes.
    ///
    /// # Panics
    ///
    /// If no record was added yet.
    #[must_use]
    pub fn bitmap(mut self, bytes: &[u8]) -> TextProfile {
        self.records
            .last_mut()
            .expect("bitmap: add a function first")
            .bitmap = bytes.to_vec();
        self
    }

    /// Adds a vtable name (only used to print vtable values).
    #[must_use]
    pub fn vtable_name(mut self, name: &str) -> TextProfile {
        self.vtable_names.push(name.to_owned());
        self
    }

    /// Adds a temporal trace, printed when [`variant::TEMPORAL_PROF`] is set.
    #[must_use]
    pub fn temporal_trace(mut self, weight: u64, names: &[&str]) -> TextProfile {
        self.traces
            .push((weight, names.iter().map(|n| (*n).to_owned()).collect()));
        self.trace_stream_size += 1;
        self
    }

    fn symbol(&self, hash: u64) -> &str {
        self.records
            .iter()
            .map(|r| r.name.as_str())
            .chain(self.vtable_names.iter().map(String::as_str))
            .find(|n| md5_low64(n.as_bytes()) == hash)
            .unwrap_or("** External Symbol **")
    }

    /// The text.
    #[must_use]
    pub fn build(&self) -> String {
        let mut out = String::new();
        let v = self.variants;
        if v & variant::CSIR_PROF != 0 {
            out.push_str("# CSIR level Instrumentation Flag\n:csir\n");
        } else if v & variant::IR_PROF != 0 {
            out.push_str("# IR level Instrumentation Flag\n:ir\n");
        }
        if v & variant::INSTR_ENTRY != 0 {
            out.push_str("# Always instrument the function entry block\n:entry_first\n");
        }
        if v & variant::INSTR_LOOP_ENTRIES != 0 {
            out.push_str("# Always instrument the loop entry blocks\n:instrument_loop_entries\n");
        }
        if v & variant::BYTE_COVERAGE != 0 {
            out.push_str("# Instrument block coverage\n:single_byte_coverage\n");
        }
        if v & variant::TEMPORAL_PROF != 0 {
            self.write_traces(&mut out);
        }
        let mut sorted: Vec<&FunctionRecord> = self.records.iter().collect();
        sorted.sort_by(|a, b| (a.name.as_bytes(), a.hash).cmp(&(b.name.as_bytes(), b.hash)));
        for r in sorted {
            self.write_record(&mut out, r);
        }
        out
    }

    fn write_traces(&self, out: &mut String) {
        out.push_str(":temporal_prof_traces\n");
        let _ = write!(
            out,
            "# Num Temporal Profile Traces:\n{}\n# Temporal Profile Trace Stream Size:\n{}\n",
            self.traces.len(),
            self.trace_stream_size
        );
        for (weight, names) in &self.traces {
            let _ = writeln!(out, "# Weight:\n{weight}");
            for n in names {
                out.push_str(n);
                out.push(',');
            }
            out.push('\n');
        }
        out.push('\n');
    }

    fn write_record(&self, out: &mut String, r: &FunctionRecord) {
        // Writing to a String cannot fail, so the fmt results are ignored.
        let _ = write!(
            out,
            "{}\n# Func Hash:\n{}\n# Num Counters:\n{}\n# Counter Values:\n",
            r.name,
            r.hash,
            r.counts.len()
        );
        for c in &r.counts {
            let _ = writeln!(out, "{c}");
        }
        if !r.bitmap.is_empty() {
            let _ = write!(
                out,
                "# Num Bitmap Bytes:\n${}\n# Bitmap Byte Values:\n",
                r.bitmap.len()
            );
            for b in &r.bitmap {
                let _ = writeln!(out, "0x{b:x}");
            }
            out.push('\n');
        }
        if r.value_data.is_empty() {
            out.push('\n');
            return;
        }
        let _ = writeln!(out, "# Num Value Kinds:\n{}", r.value_data.kinds().count());
        for (kind, sites) in r.value_data.kinds() {
            let descr = VALUE_KIND_NAMES
                .get(kind as usize)
                .copied()
                .unwrap_or("IPVK_Unknown");
            let _ = write!(
                out,
                "# ValueKind = {descr}:\n{kind}\n# NumValueSites:\n{}\n",
                sites.len()
            );
            for site in sites {
                let _ = writeln!(out, "{}", site.len());
                for &(value, count) in site {
                    if kind == IPVK_INDIRECT_CALL_TARGET || kind == IPVK_VTABLE_TARGET {
                        let _ = writeln!(out, "{}:{count}", self.symbol(value));
                    } else {
                        let _ = writeln!(out, "{value}:{count}");
                    }
                }
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value_prof::{IPVK_MEM_OP_SIZE, ValueData};

    #[test]
    fn records_are_sorted_by_name_then_hash() {
        let text = TextProfile::new()
            .function("b", 1, &[1])
            .function("a", 9, &[1])
            .function("a", 2, &[1])
            .build();
        let names: Vec<&str> = text.lines().filter(|l| matches!(*l, "a" | "b")).collect();
        assert_eq!(names, ["a", "a", "b"]);
        assert!(text.find("\n2\n").expect("hash 2") < text.find("\n9\n").expect("hash 9"));
    }

    #[test]
    fn bitmap_and_value_layout_match_llvm_22() {
        let text = TextProfile::new()
            .variant(variant::IR_PROF | variant::BYTE_COVERAGE)
            .record(
                FunctionRecord::new("mcdc", 66, &[4, 0])
                    .with_bitmap(&[0x05, 0x80])
                    .with_value_data(
                        ValueData::new()
                            .site(
                                IPVK_INDIRECT_CALL_TARGET,
                                &[(md5_low64(b"mcdc"), 2), (7, 1)],
                            )
                            .site(IPVK_MEM_OP_SIZE, &[(8, 3)]),
                    ),
            )
            .build();
        let expect = "# IR level Instrumentation Flag\n:ir\n\
# Instrument block coverage\n:single_byte_coverage\n\
mcdc\n# Func Hash:\n66\n# Num Counters:\n2\n# Counter Values:\n4\n0\n\
# Num Bitmap Bytes:\n$2\n# Bitmap Byte Values:\n0x5\n0x80\n\n\
# Num Value Kinds:\n2\n\
# ValueKind = IPVK_IndirectCallTarget:\n0\n# NumValueSites:\n1\n2\nmcdc:2\n** External Symbol **:1\n\
# ValueKind = IPVK_MemOPSize:\n1\n# NumValueSites:\n1\n1\n8:3\n\n";
        assert_eq!(text, expect);
    }

    #[test]
    fn temporal_traces_come_first() {
        let text = TextProfile::new()
            .variant(variant::TEMPORAL_PROF)
            .function("a", 1, &[1])
            .temporal_trace(1, &["a"])
            .build();
        assert!(text.starts_with(
            ":temporal_prof_traces\n# Num Temporal Profile Traces:\n1\n\
# Temporal Profile Trace Stream Size:\n1\n# Weight:\n1\na,\n\na\n"
        ));
    }
}
