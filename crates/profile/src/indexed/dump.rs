//! A deterministic text view of an indexed profile (versions 5 to 13) for
//! snapshots, bug reports and fuzz triage: every header field with its
//! offset, the summaries, the hash table's buckets, every item and record in
//! payload order, and the binary-ID and vtable-names sections.
//!
//! The view is written as far as the file can be decoded; the first error
//! ends it and is returned, so a damaged file still shows everything before
//! the damage.

use std::fmt::Write as _;

use covkit_wire::{Endian, Reader};

use super::hash_table::Table;
use super::header::Header;
use super::item;
use super::summary::{FIELD_NAMES, Summary};
use crate::error::Result;
use crate::names::{Names, name_hash};
use crate::record::{Record, ValueKind};

/// Appends the dump view of the indexed profile `data` to `out`.
///
/// # Errors
///
/// The first decoding error, as [`IndexedProfile::parse`](super::IndexedProfile::parse),
/// [`records`](super::IndexedProfile::records) or
/// [`vtable_names`](super::IndexedProfile::vtable_names) would report it;
/// `out` then holds the view up to that point.
///
/// ```
/// use covkit_profile::indexed::{WriteOptions, dump, write};
/// use covkit_profile::Variant;
///
/// let bytes = write([], Variant::default(), &[], &WriteOptions::default());
/// let mut text = String::new();
/// dump(&bytes, &mut text)?;
/// assert!(text.starts_with("indexed profile, 560 bytes\nheader, 72 bytes\n"));
/// # Ok::<(), covkit_profile::Error>(())
/// ```
pub fn dump(data: &[u8], out: &mut String) -> Result<()> {
    let _ = writeln!(out, "indexed profile, {} bytes", data.len());
    let header = dump_header(data, out)?;
    let mut r = Reader::new(data, Endian::Little);
    r.skip(header.size())?;
    dump_summary(&mut r, "summary", out)?;
    if header.variant.is_context_sensitive() {
        dump_summary(&mut r, "context-sensitive summary", out)?;
    }
    let table = Table::parse(data, header.hash_offset, r.offset())?;
    dump_table(&table, out)?;
    dump_items(&table, header.version, out)?;
    if let Some(offset) = header.memprof_offset {
        let _ = writeln!(out, "memprof section at {offset:#x} (not decoded)");
    }
    if let Some(offset) = header.binary_id_offset {
        let ids = super::parse_binary_ids(data, offset)?;
        let _ = writeln!(out, "binary ids at {offset:#x}, {} ids", ids.len());
        for id in ids {
            let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
            let _ = writeln!(out, "  {} bytes {hex}", id.len());
        }
    }
    if let Some(offset) = header.vtable_names_offset {
        let (blob_at, blob) = super::vtable_names_blob(data, offset)?;
        let names = Names::parse(blob, blob_at)?;
        let names: Vec<&[u8]> = names.iter().collect();
        let _ = writeln!(
            out,
            "vtable names at {offset:#x}, {} bytes, {} names",
            blob.len(),
            names.len()
        );
        for name in names {
            let _ = writeln!(out, "  \"{}\"", name.escape_ascii());
        }
    }
    if let Some(offset) = header.temporal_prof_traces_offset {
        let _ = writeln!(out, "temporal profile traces at {offset:#x} (not decoded)");
    }
    Ok(())
}

/// The names of the variant flags, bit 55 to bit 63.
const VARIANT_FLAG_NAMES: [(u32, &str); 9] = [
    (55, "instr-loop-entries"),
    (56, "ir"),
    (57, "csir"),
    (58, "instr-entry"),
    (59, "debug-info-correlate"),
    (60, "byte-coverage"),
    (61, "function-entry-only"),
    (62, "memprof"),
    (63, "temporal"),
];

/// The header fields in on-disk order.
const HEADER_FIELDS: [&str; 9] = [
    "magic",
    "version",
    "unused",
    "hash type",
    "hash offset",
    "memprof offset",
    "binary id offset",
    "temporal traces offset",
    "vtable names offset",
];

fn dump_header(data: &[u8], out: &mut String) -> Result<Header> {
    let mut r = Reader::new(data, Endian::Little);
    let header = Header::parse(&mut r.clone())?;
    let _ = writeln!(out, "header, {} bytes", header.size());
    for name in HEADER_FIELDS.iter().take(header.size() / 8) {
        let at = r.offset();
        let word = r.read_u64()?;
        let note = match *name {
            "version" => {
                let flags: Vec<&str> = VARIANT_FLAG_NAMES
                    .iter()
                    .filter(|(bit, _)| word & (1 << bit) != 0)
                    .map(|(_, n)| *n)
                    .collect();
                format!(
                    " (version {}, variant {:#x} [{}])",
                    header.version,
                    header.variant.0,
                    flags.join(", ")
                )
            }
            "hash type" => " (md5)".to_owned(),
            "memprof offset" if header.memprof_offset.is_none() => {
                " (unused: variant bit 62 clear)".to_owned()
            }
            "temporal traces offset" if header.temporal_prof_traces_offset.is_none() => {
                " (unused: variant bit 63 clear)".to_owned()
            }
            _ => String::new(),
        };
        let _ = writeln!(out, "  {at:#06x}  {name:<26}{word:#x}{note}");
    }
    Ok(header)
}

fn dump_summary(r: &mut Reader<'_>, title: &str, out: &mut String) -> Result<()> {
    let at = r.offset();
    let summary = Summary::parse(&mut r.clone())?;
    let num_fields = r.read_u64()?;
    let num_entries = r.read_u64()?;
    let _ = writeln!(
        out,
        "{title} at {at:#x}, {num_fields} fields, {num_entries} cutoff entries"
    );
    for i in 0..num_fields {
        let at = r.offset();
        let value = r.read_u64()?;
        let name = usize::try_from(i)
            .ok()
            .and_then(|i| FIELD_NAMES.get(i))
            .copied()
            .unwrap_or("(unknown field)");
        let _ = writeln!(out, "  {at:#06x}  {name:<26}{value}");
    }
    for e in &summary.entries {
        let at = r.offset();
        r.skip(24)?;
        let _ = writeln!(
            out,
            "  {at:#06x}  cutoff {:>7} ({}.{:04}%): min block count {}, num blocks {}",
            e.cutoff,
            e.cutoff / 10000,
            e.cutoff % 10000,
            e.min_block_count,
            e.num_blocks
        );
    }
    Ok(())
}

fn dump_table(table: &Table<'_>, out: &mut String) -> Result<()> {
    let _ = writeln!(
        out,
        "hash table at {:#x}, {} buckets, {} names, payload {:#x}..{:#x}",
        table.payload_end,
        table.num_buckets,
        table.num_entries,
        table.payload_start,
        table.payload_end
    );
    let mut empty = 0u64;
    for index in 0..table.num_buckets {
        let offset = table.bucket_offset(index)?;
        if offset == 0 {
            empty += 1;
            continue;
        }
        let (count, _) = table.bucket(offset)?;
        let _ = writeln!(out, "  bucket {index:<4} at {offset:#x}, {count} items");
    }
    let _ = writeln!(out, "  {empty} empty buckets");
    Ok(())
}

fn dump_items(table: &Table<'_>, version: u64, out: &mut String) -> Result<()> {
    let _ = writeln!(out, "items");
    for (n, item) in table.items().enumerate() {
        let item = item?;
        let expected = name_hash(item.key);
        let check = if expected == item.hash {
            String::new()
        } else {
            format!(" (md5 of the name is {expected:#018x})")
        };
        let _ = writeln!(
            out,
            "  item {n} at {:#x}: name \"{}\" ({} bytes), hash {:#018x}{check}, bucket {}, \
             data {} bytes",
            item.offset,
            item.key.escape_ascii(),
            item.key.len(),
            item.hash,
            item.hash & (table.num_buckets - 1),
            item.data.remaining()
        );
        let mut records = Vec::new();
        item::decode_each(item.key, item.data, version, |at, r| records.push((at, r)))?;
        for (at, record) in records {
            dump_record(at, &record, out);
        }
    }
    Ok(())
}

fn dump_record(at: u64, record: &Record<'_>, out: &mut String) {
    let _ = writeln!(
        out,
        "    record at {at:#x}: function hash {:#018x}, {} counters, {} bitmap bytes",
        record.hash,
        record.counts.len(),
        record.bitmap.len()
    );
    let counts: Vec<String> = record.counts.iter().map(u64::to_string).collect();
    let _ = writeln!(out, "      counts [{}]", counts.join(", "));
    if !record.bitmap.is_empty() {
        let bytes: Vec<String> = record.bitmap.iter().map(|b| format!("{b:#04x}")).collect();
        let _ = writeln!(out, "      bitmap [{}]", bytes.join(", "));
    }
    for kind in ValueKind::ALL {
        let sites = record.values.sites(kind);
        if sites.is_empty() {
            continue;
        }
        let _ = writeln!(out, "      value kind {kind:?}, {} sites", sites.len());
        for (i, site) in sites.iter().enumerate() {
            let values: Vec<String> = site
                .iter()
                .map(|v| format!("{:#x}: {}", v.value, v.count))
                .collect();
            let _ = writeln!(out, "        site {i} [{}]", values.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::indexed::tests::{LLVM13, LLVM22};

    /// The dump of `llvm22.profdata` is stored in `testdata/llvm22.dump.txt`;
    /// `BLESS=1` rewrites it.
    #[test]
    fn snapshot() {
        let mut text = String::new();
        dump(LLVM22, &mut text).unwrap();
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("src/indexed/testdata/llvm22.dump.txt");
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            text == stored,
            "dump differs from {}; rerun with BLESS=1 if the change is intended:\n{text}",
            path.display()
        );
    }

    #[test]
    fn version_7_has_no_optional_sections() {
        let mut text = String::new();
        dump(LLVM13, &mut text).unwrap();
        assert!(text.contains("header, 40 bytes\n"));
        assert!(text.contains("  0x0020  hash offset               0x"));
        assert!(!text.contains("binary ids"));
        assert!(!text.contains("vtable names"));
        assert!(text.contains("name \"fx.c:sq\" (7 bytes)"));
    }

    #[test]
    fn a_damaged_file_is_shown_up_to_the_damage() {
        let mut data = LLVM22.to_vec();
        // The top byte of the second item's key length (the item starts at
        // 0x258, its key length at 0x260).
        if let Some(b) = data.get_mut(0x260 + 7) {
            *b = 0xff;
        }
        let mut text = String::new();
        let err = dump(&data, &mut text).unwrap_err();
        assert!(err.to_string().starts_with("key byte count"), "{err}");
        assert!(text.contains("  item 0 at 0x20a: name \"main\""));
        assert!(text.contains("      counts [2, 8]\n"));
        assert!(!text.contains("item 1"));
    }
}
