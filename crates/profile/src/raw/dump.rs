//! The deterministic text view of a raw profile file, for snapshot tests,
//! bug reports, fuzz triage and `profconv dump`: every header field with its
//! offset and its name in that version's `InstrProfData.inc`, the sections,
//! the binary IDs, and each data record as stored and as decoded.
//!
//! Offsets are absolute and hexadecimal; counts, sizes and lengths are
//! decimal; names are printed with non-printable bytes escaped.

use std::fmt::Write as _;

use covkit_wire::PointerWidth;

use super::{HeaderField, RawProfile, Section};
use crate::error::Result;
use crate::record::ValueKind;

/// Writes a line to a `String`; writing to a `String` cannot fail.
macro_rules! line {
    ($out:expr, $($arg:tt)*) => {{
        let _ = writeln!($out, $($arg)*);
    }};
}

/// Appends the dump of every raw profile in `data` to `out`.
///
/// The file is decoded completely first, so nothing is written when it is
/// malformed.
///
/// # Errors
///
/// As [`RawProfile::parse_all`].
///
/// ```
/// let bytes: &[u8] = &[0u8; 4];
/// let mut out = String::new();
/// assert!(covkit_profile::raw::dump(bytes, &mut out).is_err());
/// assert!(out.is_empty());
/// ```
pub fn dump(data: &[u8], out: &mut String) -> Result<()> {
    let profiles = RawProfile::parse_all(data)?;
    for (index, profile) in profiles.iter().enumerate() {
        dump_profile(index, profile, out);
    }
    Ok(())
}

/// The flags of a variant, by LLVM's `VARIANT_MASK_*` names.
fn variant_names(profile: &RawProfile<'_>) -> String {
    let v = profile.variant;
    let flags = [
        (v.is_loop_entries(), "instr-loop-entries"),
        (v.is_ir(), "ir-prof"),
        (v.is_context_sensitive(), "csir-prof"),
        (v.is_entry_first(), "instr-entry"),
        (v.is_debug_info_correlated(), "dbg-correlate"),
        (v.is_byte_coverage(), "byte-coverage"),
        (v.is_function_entry_only(), "function-entry-only"),
        (v.has_memprof(), "memprof"),
        (v.is_temporal(), "temporal-prof"),
    ];
    let names: Vec<&str> = flags
        .iter()
        .filter(|(on, _)| *on)
        .map(|&(_, n)| n)
        .collect();
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

/// A delta or pointer as hex plus its signed value in the target's width.
fn signed(value: u64, width: PointerWidth) -> String {
    let s = match width {
        PointerWidth::U64 => value as i64,
        PointerWidth::U32 => i64::from(value as u32 as i32),
    };
    format!("{value:#018x} ({s})")
}

fn section(out: &mut String, name: &str, s: Section) {
    line!(out, "    {:#08x}  {name:<17} {:>8} bytes", s.offset, s.size);
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn dump_profile(index: usize, p: &RawProfile<'_>, out: &mut String) {
    let h = &p.header;
    let width = p.pointer_width;
    let bits = match width {
        PointerWidth::U32 => 32,
        PointerWidth::U64 => 64,
    };
    let endian = if p.endian.is_little() {
        "little"
    } else {
        "big"
    };
    line!(
        out,
        "raw profile {index} at {:#x}: version {}, {bits}-bit {endian}-endian, {} records",
        h.offset,
        p.version,
        p.records.len()
    );
    line!(out, "  variant: {}", variant_names(p));
    line!(out, "  header ({} bytes):", h.size());
    for (field, offset, value) in h.fields() {
        let text = match field {
            HeaderField::Magic | HeaderField::Version | HeaderField::NamesDelta => {
                format!("{value:#018x}")
            }
            HeaderField::CountersDelta
            | HeaderField::BitmapDelta
            | HeaderField::UniformCountersDelta => signed(value, width),
            _ => value.to_string(),
        };
        line!(
            out,
            "    {offset:#08x}  {:<33} {text}",
            field.llvm_name(p.version)
        );
    }
    let s = &p.sections;
    line!(out, "  sections:");
    section(out, "binary ids", s.binary_ids);
    section(out, "data", s.data);
    section(out, "counters", s.counters);
    section(out, "bitmap", s.bitmap);
    section(out, "uniform counters", s.uniform_counters);
    section(out, "names", s.names);
    section(out, "vtables", s.vtables);
    section(out, "vtable names", s.vtable_names);
    section(out, "value data", s.value_data);
    line!(out, "    {:#08x}  end", p.end());
    if !p.binary_ids.is_empty() {
        line!(out, "  binary ids:");
        for id in &p.binary_ids {
            line!(out, "    {} ({} bytes)", hex(id), id.len());
        }
    }
    if !p.vtables.is_empty() || !p.vtable_names.is_empty() {
        line!(out, "  vtables:");
        for v in &p.vtables {
            line!(
                out,
                "    {:#08x}  hash {:#018x} pointer {:#x} size {}",
                v.offset,
                v.name_hash,
                v.pointer,
                v.size
            );
        }
        for name in &p.vtable_names {
            line!(out, "    name {}", name.escape_ascii());
        }
    }
    line!(out, "  records:");
    let l = &p.record_layout;
    for (i, (d, r)) in p.data_records.iter().zip(&p.records).enumerate() {
        line!(
            out,
            "    {i} at {:#08x}: {}",
            d.offset,
            r.name.escape_ascii()
        );
        line!(
            out,
            "      NameRef {:#018x}  FuncHash {:#018x}",
            d.name_ref,
            d.func_hash
        );
        line!(
            out,
            "      CounterPtr {}  NumCounters {}",
            signed(d.counter_ptr, width),
            d.num_counters
        );
        if l.uniform_counter_ptr.is_some() {
            line!(
                out,
                "      UniformCounterPtr {}  OffloadDeviceWaveSize {}",
                signed(d.uniform_counter_ptr, width),
                d.offload_device_wave_size
            );
        }
        if l.bitmap_ptr.is_some() {
            line!(
                out,
                "      BitmapPtr {}  NumBitmapBytes {}",
                signed(d.bitmap_ptr, width),
                d.num_bitmap_bytes
            );
        }
        let sites = d.num_value_sites.get(..l.value_kinds).unwrap_or_default();
        line!(
            out,
            "      FunctionPointer {:#x}  Values {:#x}  NumValueSites {sites:?}",
            d.function_pointer,
            d.values
        );
        line!(
            out,
            "      counters at {:#x} (section offset {}, {} bytes): {:?}",
            d.counters.offset,
            d.counters.offset.saturating_sub(p.sections.counters.offset),
            d.counters.size,
            r.counts
        );
        if let Some(ts) = d.timestamp {
            line!(out, "      timestamp {ts}");
        }
        if d.bitmap.size > 0 {
            line!(
                out,
                "      bitmap at {:#x}: {}",
                d.bitmap.offset,
                hex(&r.bitmap)
            );
        }
        if !d.uniform_counts.is_empty() {
            line!(out, "      uniform counters: {:?}", d.uniform_counts);
        }
        if let Some(v) = d.value_data {
            line!(
                out,
                "      value data at {:#x} ({} bytes):",
                v.offset,
                v.size
            );
            for kind in ValueKind::ALL {
                for (site, values) in r.values.sites(kind).iter().enumerate() {
                    let list: Vec<String> = values
                        .iter()
                        .map(|v| format!("{:#x}:{}", v.value, v.count))
                        .collect();
                    line!(out, "        {kind:?} site {site}: [{}]", list.join(", "));
                }
            }
        }
    }
}
