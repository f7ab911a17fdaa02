//! The text-profile writer (`InstrProfWriter::writeText` and
//! `writeRecordInText` in LLVM 22's `InstrProfWriter.cpp`).
//!
//! [`write()`] produces what `llvm-profdata merge --text` writes: header lines
//! for the variant, the temporal traces when the variant says so, then the
//! records sorted by (name, hash). [`write_record`] is one record as both
//! `merge --text` and `show --text` print it. Indirect-call and vtable
//! targets are stored as name hashes and printed through a [`Symbols`]
//! table; a hash it does not know prints as [`EXTERNAL_SYMBOL`].

use std::collections::HashMap;
use std::io::Write as _;

use crate::names::name_hash;
use crate::record::{Record, ValueKind, Variant};

use super::reader::TemporalTraces;

/// What LLVM prints for a value-profile target whose name it does not know
/// (`InstrProfSymtab::getExternalSymbol`); the reader maps it back to 0.
pub const EXTERNAL_SYMBOL: &str = "** External Symbol **";

/// The names value-profile targets are printed with, looked up by their
/// [`name_hash`] (LLVM's `InstrProfSymtab`).
#[derive(Debug, Clone, Default)]
pub struct Symbols<'a> {
    by_hash: HashMap<u64, &'a [u8]>,
}

impl<'a> Symbols<'a> {
    /// A table of `names`. When two names share a hash the smaller one is
    /// kept, so the table does not depend on the order of `names`.
    pub fn new<I: IntoIterator<Item = &'a [u8]>>(names: I) -> Self {
        let mut by_hash: HashMap<u64, &'a [u8]> = HashMap::new();
        for name in names {
            by_hash
                .entry(name_hash(name))
                .and_modify(|kept| *kept = (*kept).min(name))
                .or_insert(name);
        }
        Symbols { by_hash }
    }

    /// The name whose hash is `hash`, if the table has one.
    #[must_use]
    pub fn name(&self, hash: u64) -> Option<&'a [u8]> {
        self.by_hash.get(&hash).copied()
    }
}

/// Options of [`write()`].
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions<'a> {
    /// Leave out every name whose records all have only zero counts and
    /// bitmap bytes (`llvm-profdata merge -sparse`).
    pub sparse: bool,
    /// The temporal traces written when the variant is temporal (none if
    /// `None`).
    pub temporal: Option<&'a TemporalTraces>,
}

/// `value_kind` names as LLVM prints them in `# ValueKind = ...:` comments.
fn kind_name(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::IndirectCallTarget => "IPVK_IndirectCallTarget",
        ValueKind::MemOpSize => "IPVK_MemOPSize",
        ValueKind::VTableTarget => "IPVK_VTableTarget",
    }
}

/// Writes the header lines `merge --text` starts with for `variant`: the
/// instrumentation level (`:csir` or `:ir`; none for front-end), then
/// `:entry_first`, `:instrument_loop_entries` and `:single_byte_coverage`,
/// each after its comment.
pub fn write_header(out: &mut Vec<u8>, variant: Variant) {
    if variant.is_context_sensitive() {
        out.extend_from_slice(b"# CSIR level Instrumentation Flag\n:csir\n");
    } else if variant.is_ir() {
        out.extend_from_slice(b"# IR level Instrumentation Flag\n:ir\n");
    }
    if variant.is_entry_first() {
        out.extend_from_slice(b"# Always instrument the function entry block\n:entry_first\n");
    }
    if variant.is_loop_entries() {
        out.extend_from_slice(
            b"# Always instrument the loop entry blocks\n:instrument_loop_entries\n",
        );
    }
    if variant.is_byte_coverage() {
        out.extend_from_slice(b"# Instrument block coverage\n:single_byte_coverage\n");
    }
}

fn write_traces(out: &mut Vec<u8>, traces: Option<&TemporalTraces>, symbols: &Symbols<'_>) {
    let empty = TemporalTraces::default();
    let traces = traces.unwrap_or(&empty);
    // Writing into a Vec cannot fail.
    let _ = write!(
        out,
        ":temporal_prof_traces\n# Num Temporal Profile Traces:\n{}\n\
         # Temporal Profile Trace Stream Size:\n{}\n",
        traces.traces.len(),
        traces.stream_size
    );
    for trace in &traces.traces {
        let _ = writeln!(out, "# Weight:\n{}", trace.weight);
        for &hash in &trace.names {
            // LLVM prints unknown names as empty strings here.
            out.extend_from_slice(symbols.name(hash).unwrap_or_default());
            out.push(b',');
        }
        out.push(b'\n');
    }
    out.push(b'\n');
}

/// Writes one record as `writeRecordInText` does: name, hash, counter count
/// and counts, then the bitmap bytes (if any, followed by an empty line),
/// then the value data (if any), then an empty line.
pub fn write_record(out: &mut Vec<u8>, record: &Record<'_>, symbols: &Symbols<'_>) {
    out.extend_from_slice(&record.name);
    // Writing into a Vec cannot fail.
    let _ = write!(
        out,
        "\n# Func Hash:\n{}\n# Num Counters:\n{}\n# Counter Values:\n",
        record.hash,
        record.counts.len()
    );
    for count in &record.counts {
        let _ = writeln!(out, "{count}");
    }
    if !record.bitmap.is_empty() {
        let _ = write!(
            out,
            "# Num Bitmap Bytes:\n${}\n# Bitmap Byte Values:\n",
            record.bitmap.len()
        );
        for byte in &record.bitmap {
            let _ = writeln!(out, "0x{byte:x}");
        }
        out.push(b'\n');
    }
    let kinds = ValueKind::ALL
        .iter()
        .filter(|&&k| !record.values.sites(k).is_empty())
        .count();
    if kinds == 0 {
        out.push(b'\n');
        return;
    }
    let _ = writeln!(out, "# Num Value Kinds:\n{kinds}");
    for kind in ValueKind::ALL {
        let sites = record.values.sites(kind);
        if sites.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "# ValueKind = {}:\n{}\n# NumValueSites:\n{}\n",
            kind_name(kind),
            kind.as_u32(),
            sites.len()
        );
        for site in sites {
            let _ = writeln!(out, "{}", site.len());
            for v in site {
                match kind {
                    ValueKind::IndirectCallTarget | ValueKind::VTableTarget => {
                        match symbols.name(v.value) {
                            Some(name) => out.extend_from_slice(name),
                            None => out.extend_from_slice(EXTERNAL_SYMBOL.as_bytes()),
                        }
                        let _ = writeln!(out, ":{}", v.count);
                    }
                    ValueKind::MemOpSize => {
                        let _ = writeln!(out, "{}:{}", v.value, v.count);
                    }
                }
            }
        }
    }
    out.push(b'\n');
}

/// Whether a record carries any non-zero count or bitmap byte (what
/// `-sparse` keeps; LLVM's `shouldEncodeData`).
pub(crate) fn has_data(record: &Record<'_>) -> bool {
    record.counts.iter().any(|&c| c > 0) || record.bitmap.iter().any(|&b| b > 0)
}

/// The names `-sparse` keeps: a name stays when any of its records
/// [has data](has_data). Without `sparse`, every record stays.
pub(crate) fn kept<'r, 'data>(
    records: &'r [Record<'data>],
    sparse: bool,
) -> Vec<&'r Record<'data>> {
    let mut sorted: Vec<&Record<'data>> = records.iter().collect();
    sorted.sort_by(|a, b| (&*a.name, a.hash).cmp(&(&*b.name, b.hash)));
    if !sparse {
        return sorted;
    }
    let mut out = Vec::with_capacity(sorted.len());
    for group in sorted.chunk_by(|a, b| a.name == b.name) {
        if group.iter().any(|r| has_data(r)) {
            out.extend_from_slice(group);
        }
    }
    out
}

/// The whole text profile `llvm-profdata merge --text` writes for
/// `records` (in any order; they are sorted by name, then hash).
#[must_use]
pub fn write(records: &[Record<'_>], variant: Variant, options: &WriteOptions<'_>) -> Vec<u8> {
    let kept = kept(records, options.sparse);
    let symbols = Symbols::new(kept.iter().map(|r| &*r.name));
    let mut out = Vec::new();
    write_header(&mut out, variant);
    if variant.is_temporal() {
        write_traces(&mut out, options.temporal, &symbols);
    }
    for record in kept {
        write_record(&mut out, record, &symbols);
    }
    out
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::format;
    use crate::record::{ValueData, ValueProfile};
    use crate::text::TextProfile;

    fn record(name: &str, hash: u64, counts: &[u64]) -> Record<'static> {
        Record {
            name: Cow::Owned(name.as_bytes().to_vec()),
            hash,
            counts: counts.to_vec(),
            bitmap: Vec::new(),
            values: ValueProfile::default(),
        }
    }

    /// `llvm-profdata-22 merge --text` of a two-input merge with an MC/DC
    /// bitmap and value data (IR), captured from the real tool.
    const LLVM22_IR: &str = "\
# IR level Instrumentation Flag
:ir
m
# Func Hash:
1
# Num Counters:
1
# Counter Values:
10
# Num Bitmap Bytes:
$2
# Bitmap Byte Values:
0x1
0xa0

# Num Value Kinds:
2
# ValueKind = IPVK_IndirectCallTarget:
0
# NumValueSites:
2
1
** External Symbol **:3
2
m:2
** External Symbol **:1
# ValueKind = IPVK_MemOPSize:
1
# NumValueSites:
1
1
7:2

";

    #[test]
    fn layout_matches_llvm_22() {
        let mut m = record("m", 1, &[10]);
        m.bitmap = vec![1, 0xa0];
        let ic = |value, count| ValueData { value, count };
        m.values.sites[0] = vec![
            vec![ic(name_hash(b"foo"), 3)],
            vec![ic(name_hash(b"m"), 2), ic(name_hash(b"bar"), 1)],
        ];
        m.values.sites[1] = vec![vec![ic(7, 2)]];
        let out = write(
            &[m],
            Variant(format::VARIANT_MASK_IR_PROF),
            &WriteOptions::default(),
        );
        assert_eq!(String::from_utf8(out).unwrap(), LLVM22_IR);
    }

    #[test]
    fn records_sort_by_name_then_hash_and_sparse_keeps_names_with_data() {
        let records = [
            record("b", 1, &[0]),
            record("a", 9, &[0]),
            record("a", 2, &[3]),
            record("c", 5, &[0, 0]),
        ];
        let all = String::from_utf8(write(
            &records,
            Variant::default(),
            &WriteOptions::default(),
        ))
        .unwrap();
        let names: Vec<&str> = all
            .lines()
            .filter(|l| ["a", "b", "c"].contains(l))
            .collect();
        assert_eq!(names, ["a", "a", "b", "c"]);
        assert!(all.starts_with("a\n# Func Hash:\n2\n"));
        let opts = WriteOptions {
            sparse: true,
            temporal: None,
        };
        let sparse = String::from_utf8(write(&records, Variant::default(), &opts)).unwrap();
        // "a" stays with both hashes: one of them has a count.
        assert_eq!(
            sparse,
            "a\n# Func Hash:\n2\n# Num Counters:\n1\n# Counter Values:\n3\n\n\
                            a\n# Func Hash:\n9\n# Num Counters:\n1\n# Counter Values:\n0\n\n"
        );
    }

    #[test]
    fn header_lines_in_llvm_order() {
        let all = Variant(
            format::VARIANT_MASK_IR_PROF
                | format::VARIANT_MASK_CSIR_PROF
                | format::VARIANT_MASK_INSTR_ENTRY
                | format::VARIANT_MASK_INSTR_LOOP_ENTRIES
                | format::VARIANT_MASK_BYTE_COVERAGE,
        );
        let mut out = Vec::new();
        write_header(&mut out, all);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "# CSIR level Instrumentation Flag\n:csir\n\
             # Always instrument the function entry block\n:entry_first\n\
             # Always instrument the loop entry blocks\n:instrument_loop_entries\n\
             # Instrument block coverage\n:single_byte_coverage\n"
        );
    }

    #[test]
    fn temporal_traces_print_unknown_names_empty() {
        let traces = TemporalTraces {
            stream_size: 1,
            traces: vec![super::super::TemporalTrace {
                weight: 3,
                names: vec![name_hash(b"f"), name_hash(b"g")],
            }],
        };
        let opts = WriteOptions {
            sparse: false,
            temporal: Some(&traces),
        };
        let variant = Variant(format::VARIANT_MASK_IR_PROF | format::VARIANT_MASK_TEMPORAL_PROF);
        let out = write(&[record("f", 1, &[5])], variant, &opts);
        // Captured from llvm-profdata-22 merge --text.
        assert_eq!(
            String::from_utf8(out.clone()).unwrap(),
            "# IR level Instrumentation Flag\n:ir\n:temporal_prof_traces\n\
             # Num Temporal Profile Traces:\n1\n# Temporal Profile Trace Stream Size:\n1\n\
             # Weight:\n3\nf,,\n\nf\n# Func Hash:\n1\n# Num Counters:\n1\n# Counter Values:\n5\n\n"
        );
        let back = TextProfile::parse(&out).unwrap();
        assert!(back.variant.is_temporal() && back.variant.is_ir());
    }

    fn records() -> impl proptest::strategy::Strategy<Value = Vec<Record<'static>>> {
        use proptest::prelude::*;
        let value = (any::<bool>(), any::<u64>(), any::<u64>());
        let site = prop::collection::vec(value, 0..3);
        let one = (
            "[A-Za-z_][A-Za-z0-9_.:$]{0,12}",
            any::<u64>(),
            prop::collection::vec(any::<u64>(), 1..5),
            prop::collection::vec(any::<u8>(), 0..3),
            [
                prop::collection::vec(site.clone(), 0..2),
                prop::collection::vec(site.clone(), 0..2),
                prop::collection::vec(site, 0..2),
            ],
        );
        prop::collection::vec(one, 0..6).prop_map(|records| {
            let names: Vec<String> = records.iter().map(|r| r.0.clone()).collect();
            records
                .into_iter()
                .map(|(name, hash, counts, bitmap, kinds)| {
                    let mut r = record(&name, hash, &counts);
                    r.bitmap = bitmap;
                    for (k, sites) in kinds.into_iter().enumerate() {
                        r.values.sites[k] = sites
                            .into_iter()
                            .map(|site| {
                                site.into_iter()
                                    .map(|(named, v, count)| {
                                        // Targets print by name: a record's
                                        // name, or 0 for an unknown one.
                                        let value = match (k, named) {
                                            (1, _) => v,
                                            (_, true) => name_hash(
                                                names[(v % names.len() as u64) as usize].as_bytes(),
                                            ),
                                            (_, false) => 0,
                                        };
                                        ValueData { value, count }
                                    })
                                    .collect()
                            })
                            .collect();
                    }
                    r
                })
                .collect()
        })
    }

    proptest::proptest! {
        #[test]
        fn write_then_read_gives_the_records_back(mut records in records(), flags in 0u64..16) {
            let bits = [
                format::VARIANT_MASK_IR_PROF,
                format::VARIANT_MASK_INSTR_ENTRY,
                format::VARIANT_MASK_BYTE_COVERAGE,
                format::VARIANT_MASK_INSTR_LOOP_ENTRIES,
            ];
            let variant = Variant(
                bits.iter().enumerate().filter(|(i, _)| flags & (1 << i) != 0).fold(0, |v, (_, b)| v | b),
            );
            let text = write(&records, variant, &WriteOptions::default());
            let back = TextProfile::parse(&text).unwrap();
            records.sort_by(|a, b| (&*a.name, a.hash).cmp(&(&*b.name, b.hash)));
            proptest::prop_assert_eq!(back.variant, variant);
            proptest::prop_assert_eq!(back.records, records);
        }
    }
}
