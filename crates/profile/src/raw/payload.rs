//! The sections after the raw header, taken in file order (the offsets
//! LLVM's `RawInstrProfReader::readHeader` computes): binary IDs, data
//! records, counters, bitmap bytes, uniform counters, names, vtable records
//! and vtable names, each with the padding the header states or the reader
//! computes. What follows is the value data, read record by record.
//!
//! Every size comes from the header and is checked against the bytes that
//! remain before anything is read or allocated, so a truncated file or an
//! absurd count fails here, at the offset where the section would start.

use std::borrow::Cow;

use covkit_wire::{PointerWidth, Reader};

use super::binary_ids;
use super::counters::Region;
use super::data::DataRecord;
use super::header::{HeaderField, RawHeader};
use super::layout::{RawSections, RecordLayout, Section, padding_after, vtable_record_size};
use super::symtab::{NameTable, names_of};
use super::vtable::VTableRecord;
use crate::error::{Error, Result};
use crate::names::Names;
use crate::record::Variant;

/// Everything between the header and the value data.
#[derive(Debug)]
pub(crate) struct Payload<'data> {
    pub(crate) sections: RawSections,
    pub(crate) layout: RecordLayout,
    pub(crate) binary_ids: Vec<&'data [u8]>,
    pub(crate) data_records: Vec<DataRecord>,
    pub(crate) counters: Region<'data>,
    pub(crate) bitmap: Region<'data>,
    pub(crate) uniform: Option<Region<'data>>,
    pub(crate) names: NameTable<'data>,
    pub(crate) vtables: Vec<VTableRecord>,
    pub(crate) vtable_names: Vec<Cow<'data, [u8]>>,
}

/// Takes the next `len` bytes as a section.
fn take<'data>(
    r: &mut Reader<'data>,
    len: u64,
    what: &'static str,
) -> Result<(Section, Reader<'data>)> {
    let offset = r.offset();
    let n = r.check_count(len, 1, what)?;
    let sub = r.sub_reader(n)?;
    Ok((Section { offset, size: len }, sub))
}

/// Skips `len` bytes of padding.
fn skip_padding(r: &mut Reader<'_>, len: u64, what: &'static str) -> Result<()> {
    let n = r.check_count(len, 1, what)?;
    r.skip(n)?;
    Ok(())
}

/// Reads the binary-ID section that follows `header`.
pub(crate) fn read_binary_ids<'data>(
    r: &mut Reader<'data>,
    header: &RawHeader,
) -> Result<(Section, Vec<&'data [u8]>)> {
    let version = header.version_number();
    if version >= 8 && !header.binary_ids_size.is_multiple_of(8) {
        return Err(Error::malformed(
            format!(
                "binary ids size {} is not a multiple of 8",
                header.binary_ids_size
            ),
            header.at(HeaderField::BinaryIdsSize),
        ));
    }
    let (section, ids) = take(r, header.binary_ids_size, "binary id byte")?;
    let ids = binary_ids::parse(ids, version >= 8)?
        .into_iter()
        .map(|id| id.bytes)
        .collect();
    Ok((section, ids))
}

/// An empty section at the reader's position (one the version lacks).
fn here(r: &Reader<'_>) -> Section {
    Section {
        offset: r.offset(),
        size: 0,
    }
}

impl<'data> Payload<'data> {
    /// Reads the sections after `header`, which the reader has just read.
    /// `input` is the whole file, for names borrowed from it.
    pub(crate) fn read(
        input: &'data [u8],
        r: &mut Reader<'data>,
        header: &RawHeader,
        width: PointerWidth,
    ) -> Result<Payload<'data>> {
        let version = header.version_number();
        let variant = Variant::from_version_word(header.version);
        let mut sections = RawSections {
            header: Section {
                offset: header.offset,
                size: header.size(),
            },
            ..RawSections::default()
        };

        let (section, binary_ids) = read_binary_ids(r, header)?;
        sections.binary_ids = section;

        let layout = RecordLayout::new(version, width);
        let record_size = usize::try_from(layout.size).unwrap_or(usize::MAX);
        let num_data = r.check_count(header.num_data, record_size, "data record")?;
        let (section, mut data) =
            take(r, layout.size.saturating_mul(header.num_data), "data byte")?;
        sections.data = section;
        let mut data_records = Vec::with_capacity(num_data);
        for _ in 0..num_data {
            data_records.push(DataRecord::parse(&mut data, &layout)?);
        }

        let (entry, entry_size): (u64, usize) = if variant.is_byte_coverage() {
            (1, 1)
        } else {
            (8, 8)
        };
        skip_padding(
            r,
            header.padding_bytes_before_counters,
            "padding byte before the counters",
        )?;
        r.check_count(header.num_counters, entry_size, "counter")?;
        let (section, counters) =
            take(r, header.num_counters.saturating_mul(entry), "counter byte")?;
        sections.counters = section;
        let counters = Region::new(counters.remaining_bytes(), section, header.num_counters);
        skip_padding(
            r,
            header.padding_bytes_after_counters,
            "padding byte after the counters",
        )?;

        sections.bitmap = here(r);
        let mut bitmap = Region::new(&[], sections.bitmap, 0);
        if version >= 9 {
            let (section, bytes) = take(r, header.num_bitmap_bytes, "bitmap byte")?;
            sections.bitmap = section;
            bitmap = Region::new(bytes.remaining_bytes(), section, header.num_bitmap_bytes);
            skip_padding(
                r,
                header.padding_bytes_after_bitmap_bytes,
                "padding byte after the bitmap",
            )?;
        }

        sections.uniform_counters = here(r);
        let mut uniform = None;
        if version >= 11 {
            let count = header.num_uniform_counters;
            r.check_count(count, 8, "uniform counter")?;
            let (section, bytes) = take(r, count.saturating_mul(8), "uniform counter byte")?;
            sections.uniform_counters = section;
            if count > 0 {
                uniform = Some(Region::new(bytes.remaining_bytes(), section, count));
            }
            skip_padding(
                r,
                header.padding_bytes_after_uniform_counters,
                "padding byte after the uniform counters",
            )?;
        }

        let (section, names) = take(r, header.names_size, "name byte")?;
        sections.names = section;
        let names = Names::parse(names.remaining_bytes(), section.offset)?;
        let names = NameTable::new(names_of(input, &names));
        skip_padding(
            r,
            padding_after(header.names_size),
            "padding byte after the names",
        )?;

        sections.vtables = here(r);
        sections.vtable_names = here(r);
        let mut vtables = Vec::new();
        let mut vtable_names = Vec::new();
        if version >= 10 {
            let size = vtable_record_size(width);
            let min = usize::try_from(size).unwrap_or(usize::MAX);
            let count = r.check_count(header.num_vtables, min, "vtable record")?;
            let (section, mut records) =
                take(r, header.num_vtables.saturating_mul(size), "vtable byte")?;
            sections.vtables = section;
            vtables.reserve(count);
            for _ in 0..count {
                vtables.push(VTableRecord::parse(&mut records, width)?);
            }
            skip_padding(
                r,
                padding_after(section.size),
                "padding byte after the vtables",
            )?;
            let (section, vnames) = take(r, header.vnames_size, "vtable name byte")?;
            sections.vtable_names = section;
            let vnames = Names::parse(vnames.remaining_bytes(), section.offset)?;
            vtable_names = names_of(input, &vnames);
            skip_padding(
                r,
                padding_after(header.vnames_size),
                "padding byte after the vtable names",
            )?;
        }
        sections.value_data = here(r);

        Ok(Payload {
            sections,
            layout,
            binary_ids,
            data_records,
            counters,
            bitmap,
            uniform,
            names,
            vtables,
            vtable_names,
        })
    }
}
