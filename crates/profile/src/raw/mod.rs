//! Raw profiles (`.profraw`) as the compiler-rt profiling runtime writes
//! them (`lprofWriteDataImpl`) and LLVM's `RawInstrProfReader<IntPtrT>`
//! reads them: raw versions 5 (LLVM 11-12), 7 (13), 8 (14-17), 9 (18),
//! 10 (19-22) and 11 (23), for 32- and 64-bit targets of either byte order.
//!
//! A file holds one or more profiles back to back (an executable and its
//! shared libraries, or `cat`): after each profile's value data come zero
//! bytes, then the next header at an 8-byte aligned offset with the same
//! magic and byte order. [`RawProfile::parse_all`] reads them all.
//!
//! One profile is a header ([`RawHeader`]), binary IDs (v7+), data records
//! ([`DataRecord`], laid out per [`RecordLayout`]), counters, MC/DC bitmap
//! bytes (v9+), uniform counters (v11), the names section, vtable records
//! and names (v10+) and value-profile data ([`RawSections`] has them all).
//! Each data record becomes one [`Record`]: its name found by `NameRef` in
//! the names section (raw or zlib chunks), its counters decoded (see
//! `counters` for the pointer arithmetic of each version, byte coverage and
//! temporal timestamps), its bitmap bytes, and its value sites with
//! indirect-call and vtable addresses mapped to name hashes as LLVM's
//! `InstrProfSymtab` does.
//!
//! What each version changed in the file:
//!
//! | raw | LLVM | change |
//! |---|---|---|
//! | 5 | 11-12 | baseline: absolute `CounterPtr`, `CountersDelta` = counters address |
//! | 7 | 13 | `BinaryIdsSize` and binary IDs after the header, **unpadded** |
//! | 8 | 14-17 | `CounterPtr` relative to its record, `CountersDelta` = counters - data and decreasing per record; binary IDs padded to 8; variant bits for byte coverage, debug-info correlation, entry-only (and temporal in 17) |
//! | 9 | 18 | MC/DC: bitmap section, `BitmapPtr`/`NumBitmapBytes` in each record (64/48 bytes); variant flags in the top 32 bits |
//! | 10 | 19-22 | vtable profiling: `NumVTables`, `VNamesSize`, vtable records and names; `NumValueSites` has 3 entries |
//! | 11 | 23 | offload (AMDGPU) PGO, LLVM PR 190708: header gains `NumUniformCounters`, `PaddingBytesAfterUniformCounters`, `UniformCountersDelta` before `NamesSize` (152 bytes); records gain `UniformCounterPtr` after `CounterPtr` and a u16 `OffloadDeviceWaveSize` after `NumValueSites` (72/56 bytes); a section of 8-byte uniform counters (one per counter of each offload function) follows the bitmap bytes |
//!
//! Correlated profiles (debug-info correlation, variant bit 59, or binary
//! correlation, recognized as LLVM's writer leaves it: no data records and
//! no names but counters) keep their records in the instrumented binary and
//! are reported as [`ErrorKind::Correlated`].
//!
//! Every count read from the file is checked against the bytes that remain
//! before anything is allocated for it, and every error carries the offset
//! of the field at fault. [`dump`] prints everything this module reads.

mod binary_ids;
mod counters;
mod data;
mod dump;
mod header;
mod layout;
mod payload;
mod symtab;
mod value_prof;
mod vtable;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use covkit_wire::{Endian, PointerWidth, Reader};

pub use counters::OVERLAP_FACTOR;
pub use data::DataRecord;
pub use dump::dump;
pub use header::{HeaderField, RawHeader, detect_magic, unsupported_version_hint};
pub use layout::{RawSections, RecordLayout, Section, padding_after, vtable_record_size};
pub use vtable::VTableRecord;

use crate::error::{Error, ErrorKind, Result};
use crate::record::{Record, ValueProfile, Variant};
use counters::CounterReader;
use payload::Payload;
use symtab::AddressMap;

/// One raw profile of a file, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawProfile<'data> {
    /// The header, every field of its version.
    pub header: RawHeader,
    /// Where each section is.
    pub sections: RawSections,
    /// The byte order of the target that wrote the profile.
    pub endian: Endian,
    /// The pointer width of that target.
    pub pointer_width: PointerWidth,
    /// The raw version, without variant flags.
    pub version: u64,
    /// The variant flags of the version word.
    pub variant: Variant,
    /// The layout of this profile's data records.
    pub record_layout: RecordLayout,
    /// The binary IDs (raw v7+), as stored.
    pub binary_ids: Vec<&'data [u8]>,
    /// The data records as stored, with where their parts were found; same
    /// order as [`records`](RawProfile::records).
    pub data_records: Vec<DataRecord>,
    /// One decoded record per data record.
    pub records: Vec<Record<'data>>,
    /// The vtable records (raw v10+).
    pub vtables: Vec<VTableRecord>,
    /// The vtable names (raw v10+).
    pub vtable_names: Vec<Cow<'data, [u8]>>,
}

impl<'data> RawProfile<'data> {
    /// Reads every raw profile in `data`.
    ///
    /// # Errors
    ///
    /// - [`ErrorKind::BadMagic`] if `data` does not start with a raw magic,
    ///   or a later profile has another magic or byte order;
    /// - [`ErrorKind::UnsupportedRawVersion`] for a version other than 5, 7,
    ///   8, 9, 10 and 11;
    /// - [`ErrorKind::Correlated`] for a profile whose records live in the
    ///   binary;
    /// - [`ErrorKind::Wire`] for truncation and counts past the end;
    /// - [`ErrorKind::Malformed`] for the rest: counters, bitmap bytes or
    ///   binary IDs out of place, an unknown name hash, bad value data, a
    ///   misaligned next profile.
    pub fn parse_all(data: &'data [u8]) -> Result<Vec<RawProfile<'data>>> {
        let (endian, width) = detect_magic(data)?;
        let mut r = Reader::new(data, endian);
        let mut profiles = Vec::new();
        loop {
            profiles.push(parse_one(data, &mut r, width)?);
            let zeros = r.remaining_bytes().iter().take_while(|&&b| b == 0).count();
            r.skip(zeros)?;
            if r.is_empty() {
                return Ok(profiles);
            }
            let at = r.offset();
            if !at.is_multiple_of(8) {
                return Err(Error::malformed(
                    format!(
                        "the next raw profile would start at {at:#x}, which is not 8-byte aligned"
                    ),
                    at,
                ));
            }
            if r.remaining() < 8 {
                return Err(Error::malformed(
                    format!(
                        "{} bytes after the last raw profile are too few for another header",
                        r.remaining()
                    ),
                    at,
                ));
            }
        }
    }

    /// The absolute offset just past the profile's value data.
    #[must_use]
    pub fn end(&self) -> u64 {
        self.sections.value_data.end()
    }

    /// The temporal trace of a temporal profile (variant bit 63), as LLVM's
    /// `getTemporalProfTraces` builds it: the `NameRef` of every record
    /// whose timestamp is neither 0 nor `u64::MAX` (never called), ordered
    /// by (timestamp, `NameRef`). Empty for other profiles.
    #[must_use]
    pub fn temporal_trace(&self) -> Vec<u64> {
        let mut stamped: Vec<(u64, u64)> = self
            .data_records
            .iter()
            .filter_map(|d| {
                let stamp = d.timestamp.filter(|&t| t != 0 && t != u64::MAX)?;
                Some((stamp, d.name_ref))
            })
            .collect();
        stamped.sort_unstable();
        stamped.into_iter().map(|(_, name_ref)| name_ref).collect()
    }
}

/// The binary IDs of the first raw profile in `data`, read from its header
/// and binary-ID section alone: the records are not decoded, so this costs
/// the same for a profile of any size (a tool matching profiles to
/// binaries reads only the first page). Empty for raw v5, which has no
/// binary IDs. A later profile concatenated in the same file is not seen.
///
/// # Errors
///
/// The errors [`RawProfile::parse_all`] gives for the header and the
/// binary-ID section; an error later in the file is not detected.
pub fn first_binary_ids(data: &[u8]) -> Result<Vec<&[u8]>> {
    let (endian, width) = detect_magic(data)?;
    let mut r = Reader::new(data, endian);
    let header = RawHeader::parse(&mut r, header::magic_for(width))?;
    let (_, ids) = payload::read_binary_ids(&mut r, &header)?;
    Ok(ids)
}

/// Whether `data` starts with a raw profile magic, in either byte order.
#[must_use]
pub fn is_raw_profile(data: &[u8]) -> bool {
    detect_magic(data).is_ok()
}

/// Reads the profile at the reader's position, whose magic must be that of
/// `width`.
fn parse_one<'data>(
    input: &'data [u8],
    r: &mut Reader<'data>,
    width: PointerWidth,
) -> Result<RawProfile<'data>> {
    let header = RawHeader::parse(r, header::magic_for(width))?;
    let version = header.version_number();
    let variant = Variant::from_version_word(header.version);
    if variant.is_debug_info_correlated() {
        return Err(Error::new(
            ErrorKind::Correlated("debug-info"),
            header.at(HeaderField::Version),
        ));
    }
    if header.num_data == 0 && header.names_size == 0 && header.num_counters > 0 {
        return Err(Error::new(
            ErrorKind::Correlated("binary"),
            header.at(HeaderField::NumData),
        ));
    }
    let Payload {
        mut sections,
        layout,
        binary_ids,
        mut data_records,
        counters,
        bitmap,
        uniform,
        names,
        vtables,
        vtable_names,
    } = Payload::read(input, r, &header, width)?;

    // Records, with their value data in record order.
    let map = AddressMap::new(&data_records, &vtables, width);
    let mut decoder = CounterReader::new(r.endian(), layout, &header, counters, bitmap, uniform);
    let value_start = r.offset();
    let mut records = Vec::with_capacity(data_records.len());
    for (index, data_record) in data_records.iter_mut().enumerate() {
        let Some(name) = names.get(data_record.name_ref) else {
            return Err(Error::malformed(
                format!(
                    "name hash {:#018x} of data record {index} is not in the names section ({} names)",
                    data_record.name_ref,
                    names.len()
                ),
                data_record.offset.saturating_add(layout.name_ref),
            ));
        };
        let decoded = decoder.decode(data_record, name)?;
        let mut values = ValueProfile::default();
        if data_record.has_value_sites() {
            let (profile, section) = value_prof::read_value_prof_data(r, &map)?;
            data_record.value_data = Some(section);
            values = profile;
        }
        records.push(Record {
            name: name.clone(),
            hash: data_record.func_hash,
            counts: decoded.counts,
            bitmap: decoded.bitmap,
            values,
        });
    }
    sections.value_data = Section {
        offset: value_start,
        size: r.offset().saturating_sub(value_start),
    };

    Ok(RawProfile {
        header,
        sections,
        endian: r.endian(),
        pointer_width: width,
        version,
        variant,
        record_layout: layout,
        binary_ids,
        data_records,
        records,
        vtables,
        vtable_names,
    })
}
