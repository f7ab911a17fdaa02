//! Raw profiles (`.profraw`) as the profiling runtime
//! (`lprofWriteDataImpl` in compiler-rt) writes them: raw versions 5
//! (LLVM 11-12), 7 (13), 8 (14-17), 9 (18), 10 (19-22) and 11 (23), for
//! 32- and 64-bit targets of either byte order.
//!
//! A profile is a header ([`header_fields`]), binary IDs (v7+), the data
//! records ([`RecordLayout`]), the counters, the MC/DC bitmap bytes (v9+),
//! the uniform counters (v11), the names section, vtable records and names
//! (v10+, always empty here) and value-profile data, each section padded
//! with zeros to 8 bytes except where LLVM 13 did not pad.
//!
//! Raw v11 (LLVM 23) comes from AMDGPU offload PGO: per function an
//! optional array of 8-byte "uniform" counters (how often a block ran with
//! the whole wave active) found through `UniformCounterPtr` exactly like the
//! counters through `CounterPtr` (relative, with `UniformCountersDelta`
//! decreased by the record size after each record), and the device's wave
//! size in `OffloadDeviceWaveSize`. Host profiles have none: the pointer,
//! the delta, the count and the wave size are all 0.
//!
//! Pointers are fake but consistent, in the target's pointer arithmetic:
//! the counters live at [`COUNTERS_ADDRESS`] and the bitmap at
//! [`BITMAP_ADDRESS`], below the data records at [`DATA_ADDRESS`] as in a
//! real ELF image, so relative pointers (v8+) are negative like clang's.
//! v5 and v7 store absolute `CounterPtr` values with `CountersDelta` the
//! counters address; v8+ store `CounterPtr` relative to the record and
//! `CountersDelta` = counters − data, which readers decrease by the record
//! size after each record. On 32-bit targets the deltas are 32-bit values
//! zero-extended into the 64-bit header fields, as the runtime's
//! `uintptr_t` arithmetic leaves them.

mod layout;

pub use layout::{
    HeaderField, RAW_VERSIONS, RecordField, RecordLayout, header_fields, header_size,
    value_kind_last,
};

use crate::bytes::{ByteWriter, Endian, PointerWidth, padding_to};
use crate::hash::md5_low64;
use crate::names::{Compression, NamesSection};
use crate::record::FunctionRecord;
use crate::value_prof::{IPVK_INDIRECT_CALL_TARGET, IPVK_VTABLE_TARGET, ValueData};
use crate::variant;

/// `INSTR_PROF_RAW_MAGIC_64`, `"\xfflprofr\x81"` read as a big-endian u64.
pub const INSTR_PROF_RAW_MAGIC_64: u64 = 0xFF6C_7072_6F66_7281;
/// `INSTR_PROF_RAW_MAGIC_32`, `"\xfflprofR\x81"` read as a big-endian u64.
pub const INSTR_PROF_RAW_MAGIC_32: u64 = 0xFF6C_7072_6F66_5281;

/// Fake address of the counters section (`__llvm_prf_cnts`).
pub const COUNTERS_ADDRESS: u64 = 0x0010_0000;
/// Fake address of the bitmap section (`__llvm_prf_bits`).
pub const BITMAP_ADDRESS: u64 = 0x0018_0000;
/// Fake address of the first data record (`__llvm_prf_data`).
pub const DATA_ADDRESS: u64 = 0x0020_0000;
/// Fake address of the names section, written as `NamesDelta`.
pub const NAMES_ADDRESS: u64 = 0x0008_0000;
/// Fake address of the uniform counters (raw v11).
pub const UNIFORM_COUNTERS_ADDRESS: u64 = 0x001c_0000;

/// One function of a raw profile: its record plus what only raw files hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFunction {
    /// Name, hash, counts, bitmap bytes and value sites.
    pub record: FunctionRecord,
    /// The timestamp in counter slot 0 when [`variant::TEMPORAL_PROF`] is
    /// set (0 and `u64::MAX` mean "not called").
    pub timestamp: u64,
    /// `FunctionPointer`: the address indirect-call values are mapped from
    /// (0 when value profiling is off, as in coverage builds).
    pub function_pointer: u64,
    /// The uniform counters (raw v11; dropped by older versions).
    pub uniform_counts: Vec<u64>,
    /// `OffloadDeviceWaveSize` (raw v11; 0 on the host).
    pub wave_size: u16,
}

/// Where the sections of one built raw profile are, from its first byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLayout {
    /// The raw version.
    pub version: u32,
    /// Size of the header.
    pub header_size: usize,
    /// Offset of the binary IDs (right after the header).
    pub binary_ids_offset: usize,
    /// `BinaryIdsSize`.
    pub binary_ids_size: usize,
    /// Offset of the first data record.
    pub data_offset: usize,
    /// `sizeof(__llvm_profile_data)` for this version and width.
    pub record: RecordLayout,
    /// Number of data records.
    pub num_data: usize,
    /// Offset of the counters.
    pub counters_offset: usize,
    /// Bytes of counters (entries × 8, or × 1 with byte coverage).
    pub counters_size: usize,
    /// Offset of the bitmap bytes (v9+; else where they would be).
    pub bitmap_offset: usize,
    /// Number of bitmap bytes.
    pub bitmap_size: usize,
    /// Offset of the uniform counters (v11; else where they would be).
    pub uniform_counters_offset: usize,
    /// Bytes of uniform counters (entries × 8).
    pub uniform_counters_size: usize,
    /// Offset of the names section.
    pub names_offset: usize,
    /// `NamesSize`.
    pub names_size: usize,
    /// Offset of the value-profile data.
    pub value_data_offset: usize,
    /// Total size of this profile.
    pub end: usize,
}

impl RawLayout {
    /// The offset of header `field`, if the version has it.
    #[must_use]
    pub fn header_field_offset(&self, field: HeaderField) -> Option<usize> {
        header_fields(self.version)
            .iter()
            .position(|f| *f == field)
            .map(|i| i * 8)
    }

    /// The offset of `field` in data record `index`, if the version has it.
    #[must_use]
    pub fn record_field_offset(&self, index: usize, field: RecordField) -> Option<usize> {
        self.record
            .offset(field)
            .map(|at| self.data_offset + index * self.record.size() + at)
    }
}

/// A raw profile being built.
///
/// ```
/// use covkit_testkit::{Endian, PointerWidth, RawProfile};
///
/// let bytes = RawProfile::new(10, Endian::Big, PointerWidth::U32)
///     .binary_id(&[0xab; 20])
///     .function("main", 0x1234, &[1, 0, 5])
///     .function("helper", 0x18, &[3])
///     .bitmap(&[0x05])
///     .build();
/// assert_eq!(&bytes[..8], b"\xfflprofR\x81");
/// assert_eq!(bytes.len() % 8, 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawProfile {
    version: u32,
    endian: Endian,
    width: PointerWidth,
    variants: u64,
    binary_ids: Vec<Vec<u8>>,
    pad_binary_ids: Option<bool>,
    functions: Vec<RawFunction>,
    names_compression: Compression,
    names: Option<NamesSection>,
}

impl RawProfile {
    /// An empty profile of raw `version` for a target of `endian` and
    /// `width`.
    ///
    /// # Panics
    ///
    /// If `version` is not one of [`RAW_VERSIONS`].
    #[must_use]
    pub fn new(version: u32, endian: Endian, width: PointerWidth) -> RawProfile {
        let _ = header_fields(version);
        RawProfile {
            version,
            endian,
            width,
            variants: 0,
            binary_ids: Vec::new(),
            pad_binary_ids: None,
            functions: Vec::new(),
            names_compression: Compression::None,
            names: None,
        }
    }

    /// The raw version.
    #[must_use]
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The target byte order.
    #[must_use]
    pub fn endian(&self) -> Endian {
        self.endian
    }

    /// The target pointer width.
    #[must_use]
    pub fn width(&self) -> PointerWidth {
        self.width
    }

    /// The variant flags set so far ([`crate::variant`]).
    #[must_use]
    pub fn variants(&self) -> u64 {
        self.variants
    }

    /// The binary IDs added so far.
    #[must_use]
    pub fn binary_ids(&self) -> &[Vec<u8>] {
        &self.binary_ids
    }

    /// The functions added so far.
    #[must_use]
    pub fn functions(&self) -> &[RawFunction] {
        &self.functions
    }

    /// Sets variant `flags` ([`crate::variant`]) in the version word.
    /// [`variant::BYTE_COVERAGE`] makes counters one byte each (a zero byte
    /// for a non-zero count); [`variant::TEMPORAL_PROF`] puts each
    /// function's [`RawFunction::timestamp`] in counter slot 0.
    #[must_use]
    pub fn variant(mut self, flags: u64) -> RawProfile {
        self.variants |= flags;
        self
    }

    /// Adds a binary ID (raw v7+; version 5 has no field for it and drops
    /// it). LLVM rejects an empty ID from LLVM 14 on.
    #[must_use]
    pub fn binary_id(mut self, id: &[u8]) -> RawProfile {
        self.binary_ids.push(id.to_vec());
        self
    }

    /// Whether binary IDs are padded to 8 bytes. The default follows the
    /// version: LLVM 13 (raw v7) wrote them unpadded, LLVM 14+ pads.
    #[must_use]
    pub fn pad_binary_ids(mut self, pad: bool) -> RawProfile {
        self.pad_binary_ids = Some(pad);
        self
    }

    /// Adds a function with `counters` (at least one, or readers reject
    /// the record).
    #[must_use]
    pub fn function(self, name: &str, hash: u64, counters: &[u64]) -> RawProfile {
        self.record(FunctionRecord::new(name, hash, counters))
    }

    /// Adds a function from a complete record.
    #[must_use]
    pub fn record(mut self, record: FunctionRecord) -> RawProfile {
        self.functions.push(RawFunction {
            record,
            timestamp: 0,
            function_pointer: 0,
            uniform_counts: Vec::new(),
            wave_size: 0,
        });
        self
    }

    fn last(&mut self, what: &str) -> &mut RawFunction {
        self.functions
            .last_mut()
            .unwrap_or_else(|| panic!("{what}: add a function first"))
    }

    /// Gives the last function these MC/DC bitmap bytes (written for raw
    /// v9+, dropped by older versions).
    ///
    /// # Panics
    ///
    /// If no function was added yet.
    #[must_use]
    pub fn bitmap(mut self, bytes: &[u8]) -> RawProfile {
        self.last("bitmap").record.bitmap = bytes.to_vec();
        self
    }

    /// Gives the last function these value sites; its data record gets
    /// `NumValueSites` from them and a `ValueProfData` blob follows the
    /// names.
    ///
    /// # Panics
    ///
    /// If no function was added yet.
    #[must_use]
    pub fn value_data(mut self, data: ValueData) -> RawProfile {
        self.last("value_data").record.value_data = data;
        self
    }

    /// Gives the last function a timestamp (see [`RawFunction::timestamp`]).
    ///
    /// # Panics
    ///
    /// If no function was added yet.
    #[must_use]
    pub fn timestamp(mut self, timestamp: u64) -> RawProfile {
        self.last("timestamp").timestamp = timestamp;
        self
    }

    /// Gives the last function a `FunctionPointer`.
    ///
    /// # Panics
    ///
    /// If no function was added yet.
    #[must_use]
    pub fn function_pointer(mut self, address: u64) -> RawProfile {
        self.last("function_pointer").function_pointer = address;
        self
    }

    /// Gives the last function these uniform counters (raw v11 only).
    ///
    /// # Panics
    ///
    /// If no function was added yet.
    #[must_use]
    pub fn uniform_counters(mut self, counts: &[u64]) -> RawProfile {
        self.last("uniform_counters").uniform_counts = counts.to_vec();
        self
    }

    /// Gives the last function an `OffloadDeviceWaveSize` (raw v11 only).
    ///
    /// # Panics
    ///
    /// If no function was added yet.
    #[must_use]
    pub fn wave_size(mut self, wave_size: u16) -> RawProfile {
        self.last("wave_size").wave_size = wave_size;
        self
    }

    /// Compresses the names section with zlib (default: stored raw).
    #[must_use]
    pub fn names_compression(mut self, compression: Compression) -> RawProfile {
        self.names_compression = compression;
        self
    }

    /// Uses `names` as the names section instead of one chunk holding the
    /// functions' names (for several chunks, padding, or broken chunks).
    #[must_use]
    pub fn names_section(mut self, names: NamesSection) -> RawProfile {
        self.names = Some(names);
        self
    }

    /// The profile's bytes.
    #[must_use]
    pub fn build(&self) -> Vec<u8> {
        self.build_with_layout().0
    }

    /// The profile's bytes and where its sections are, for tests that
    /// patch fields to make malformed inputs.
    #[must_use]
    pub fn build_with_layout(&self) -> (Vec<u8>, RawLayout) {
        let version = self.version;
        let record = RecordLayout::new(version, self.width);
        let byte_coverage = self.variants & variant::BYTE_COVERAGE != 0;
        let temporal = self.variants & variant::TEMPORAL_PROF != 0;
        let entry_size: usize = if byte_coverage { 1 } else { 8 };

        // Counters, and each function's first entry and entry count.
        let mut counters = ByteWriter::new(self.endian);
        let mut counter_slots = Vec::with_capacity(self.functions.len());
        for f in &self.functions {
            let start = counters.len();
            if temporal {
                // The timestamp takes 8 bytes, i.e. 8 entries in byte mode.
                counters.u64(f.timestamp);
            }
            for &count in &f.record.counts {
                if byte_coverage {
                    counters.u8(if count != 0 { 0 } else { 0xff });
                } else {
                    counters.u64(count);
                }
            }
            counter_slots.push((start, (counters.len() - start) / entry_size));
        }

        // Bitmap bytes (raw v9+).
        let mut bitmap = Vec::new();
        let mut bitmap_slots = Vec::with_capacity(self.functions.len());
        for f in &self.functions {
            let len = if version >= 9 {
                f.record.bitmap.len()
            } else {
                0
            };
            bitmap_slots.push((bitmap.len(), len));
            if len > 0 {
                bitmap.extend_from_slice(&f.record.bitmap);
            }
        }

        // Uniform counters (raw v11).
        let mut uniform = ByteWriter::new(self.endian);
        let mut uniform_slots = Vec::with_capacity(self.functions.len());
        for f in &self.functions {
            let n = if version >= 11 {
                f.uniform_counts.len()
            } else {
                0
            };
            uniform_slots.push((uniform.len(), n));
            for &count in f.uniform_counts.iter().take(n) {
                uniform.u64(count);
            }
        }

        let names = self.names_bytes();
        let binary_ids = self.binary_ids_bytes();

        let header_size = header_size(version);
        let data_offset = header_size + binary_ids.len();
        let data_size = record.size() * self.functions.len();
        let counters_offset = data_offset + data_size;
        let counters_pad = padding_to(counters.len(), 8);
        let bitmap_offset = counters_offset + counters.len() + counters_pad;
        let bitmap_pad = padding_to(bitmap.len(), 8);
        let uniform_offset = bitmap_offset + bitmap.len() + bitmap_pad;
        let names_offset = uniform_offset + uniform.len();
        let names_pad = padding_to(names.len(), 8);
        let value_data_offset = names_offset + names.len() + names_pad;

        let mut w = ByteWriter::new(self.endian);
        for field in header_fields(version) {
            let value = match field {
                HeaderField::Magic => match self.width {
                    PointerWidth::U32 => INSTR_PROF_RAW_MAGIC_32,
                    PointerWidth::U64 => INSTR_PROF_RAW_MAGIC_64,
                },
                HeaderField::Version => u64::from(version) | self.variants,
                HeaderField::BinaryIdsSize => binary_ids.len() as u64,
                HeaderField::NumData => self.functions.len() as u64,
                HeaderField::PaddingBytesBeforeCounters => 0,
                HeaderField::NumCounters => (counters.len() / entry_size) as u64,
                HeaderField::PaddingBytesAfterCounters => counters_pad as u64,
                HeaderField::NumBitmapBytes => bitmap.len() as u64,
                HeaderField::PaddingBytesAfterBitmapBytes => bitmap_pad as u64,
                HeaderField::NumUniformCounters => (uniform.len() / 8) as u64,
                HeaderField::UniformCountersDelta if !uniform.is_empty() => self
                    .width
                    .wrap(UNIFORM_COUNTERS_ADDRESS.wrapping_sub(DATA_ADDRESS)),
                HeaderField::PaddingBytesAfterUniformCounters
                | HeaderField::UniformCountersDelta
                | HeaderField::NumVTables
                | HeaderField::VNamesSize => 0,
                HeaderField::NamesSize => names.len() as u64,
                HeaderField::CountersDelta => {
                    if version <= 7 {
                        self.width.wrap(COUNTERS_ADDRESS)
                    } else {
                        self.width.wrap(COUNTERS_ADDRESS.wrapping_sub(DATA_ADDRESS))
                    }
                }
                HeaderField::BitmapDelta => {
                    self.width.wrap(BITMAP_ADDRESS.wrapping_sub(DATA_ADDRESS))
                }
                HeaderField::NamesDelta => self.width.wrap(NAMES_ADDRESS),
                HeaderField::ValueKindLast => u64::from(value_kind_last(version)),
            };
            w.u64(value);
        }
        w.bytes(&binary_ids);

        for (i, f) in self.functions.iter().enumerate() {
            let record_address = DATA_ADDRESS + (i * record.size()) as u64;
            let (counter_offset, num_counters) = counter_slots[i];
            let (bitmap_offset_i, num_bitmap_bytes) = bitmap_slots[i];
            let (uniform_offset_i, num_uniform) = uniform_slots[i];
            let start = w.len();
            for &(field, offset, _) in record.fields() {
                w.zeros(start + offset - w.len());
                match field {
                    RecordField::NameRef => {
                        w.u64(md5_low64(f.record.name.as_bytes()));
                    }
                    RecordField::FuncHash => {
                        w.u64(f.record.hash);
                    }
                    RecordField::CounterPtr => {
                        let target = COUNTERS_ADDRESS + counter_offset as u64;
                        let value = if version <= 7 {
                            target
                        } else {
                            target.wrapping_sub(record_address)
                        };
                        w.pointer(self.width, value);
                    }
                    RecordField::BitmapPtr => {
                        let value = if num_bitmap_bytes == 0 {
                            0
                        } else {
                            (BITMAP_ADDRESS + bitmap_offset_i as u64).wrapping_sub(record_address)
                        };
                        w.pointer(self.width, value);
                    }
                    RecordField::UniformCounterPtr => {
                        let value = if num_uniform == 0 {
                            0
                        } else {
                            (UNIFORM_COUNTERS_ADDRESS + uniform_offset_i as u64)
                                .wrapping_sub(record_address)
                        };
                        w.pointer(self.width, value);
                    }
                    RecordField::Values => {
                        w.pointer(self.width, 0);
                    }
                    RecordField::FunctionPointer => {
                        w.pointer(self.width, f.function_pointer);
                    }
                    RecordField::NumCounters => {
                        w.u32(u32::try_from(num_counters).expect("fewer than 2^32 counters"));
                    }
                    RecordField::NumValueSites => {
                        for kind in 0..=value_kind_last(version) {
                            let sites = f.record.value_data.num_sites(kind);
                            w.u16(u16::try_from(sites).expect("fewer than 2^16 value sites"));
                        }
                    }
                    RecordField::OffloadDeviceWaveSize => {
                        w.u16(f.wave_size);
                    }
                    RecordField::NumBitmapBytes => {
                        w.u32(u32::try_from(num_bitmap_bytes).expect("fewer than 2^32 bytes"));
                    }
                }
            }
            w.zeros(start + record.size() - w.len());
        }

        w.bytes(counters.as_bytes()).zeros(counters_pad);
        w.bytes(&bitmap).zeros(bitmap_pad);
        w.bytes(uniform.as_bytes());
        w.bytes(&names).zeros(names_pad);
        debug_assert_eq!(w.len(), value_data_offset);
        for f in &self.functions {
            if !f.record.value_data.is_empty() {
                w.bytes(&f.record.value_data.encode(self.endian));
            }
        }

        let layout = RawLayout {
            version,
            header_size,
            binary_ids_offset: header_size,
            binary_ids_size: binary_ids.len(),
            data_offset,
            record,
            num_data: self.functions.len(),
            counters_offset,
            counters_size: counters.len(),
            bitmap_offset,
            bitmap_size: bitmap.len(),
            uniform_counters_offset: uniform_offset,
            uniform_counters_size: uniform.len(),
            names_offset,
            names_size: names.len(),
            value_data_offset,
            end: w.len(),
        };
        (w.into_bytes(), layout)
    }

    fn names_bytes(&self) -> Vec<u8> {
        if let Some(names) = &self.names {
            return names.build();
        }
        let mut unique: Vec<&str> = Vec::new();
        for f in &self.functions {
            if !unique.contains(&f.record.name.as_str()) {
                unique.push(&f.record.name);
            }
        }
        if unique.is_empty() {
            return Vec::new();
        }
        NamesSection::new()
            .chunk(&unique, self.names_compression)
            .build()
    }

    fn binary_ids_bytes(&self) -> Vec<u8> {
        if self.version < 7 {
            return Vec::new();
        }
        let pad = self.pad_binary_ids.unwrap_or(self.version >= 8);
        let mut w = ByteWriter::new(self.endian);
        for id in &self.binary_ids {
            w.u64(id.len() as u64).bytes(id);
            if pad {
                w.zeros(padding_to(id.len(), 8));
            }
        }
        w.into_bytes()
    }

    /// The records a reader following LLVM's semantics reports: byte
    /// coverage counters become 1 (covered) or 0, timestamps are not
    /// counts, bitmap bytes exist from raw v9, and indirect-call and vtable
    /// values become the name hash of the function whose
    /// `FunctionPointer` they equal (0 when none does).
    #[must_use]
    pub fn expected_records(&self) -> Vec<FunctionRecord> {
        let byte_coverage = self.variants & variant::BYTE_COVERAGE != 0;
        let remap = |value: u64| {
            self.functions
                .iter()
                .find(|f| f.function_pointer != 0 && f.function_pointer == value)
                .map_or(0, |f| md5_low64(f.record.name.as_bytes()))
        };
        self.functions
            .iter()
            .map(|f| {
                let mut r = f.record.clone();
                if byte_coverage {
                    r.counts = r.counts.iter().map(|&c| u64::from(c != 0)).collect();
                }
                if self.version < 9 {
                    r.bitmap.clear();
                }
                let mut data = ValueData::new();
                for (kind, sites) in f.record.value_data.kinds() {
                    for site in sites {
                        let values: Vec<(u64, u64)> = site
                            .iter()
                            .map(|&(v, c)| match kind {
                                IPVK_INDIRECT_CALL_TARGET => (remap(v), c),
                                IPVK_VTABLE_TARGET => (0, c),
                                _ => (v, c),
                            })
                            .collect();
                        data = data.site(kind, &values);
                    }
                }
                r.value_data = data;
                r
            })
            .collect()
    }

    /// The temporal trace a reader builds when [`variant::TEMPORAL_PROF`]
    /// is set: the names of functions with a timestamp other than 0 and
    /// `u64::MAX`, by (timestamp, name hash).
    #[must_use]
    pub fn expected_trace(&self) -> Vec<String> {
        if self.variants & variant::TEMPORAL_PROF == 0 {
            return Vec::new();
        }
        let mut stamped: Vec<(u64, u64, &str)> = self
            .functions
            .iter()
            .filter(|f| f.timestamp != 0 && f.timestamp != u64::MAX)
            .map(|f| {
                let name = f.record.name.as_str();
                (f.timestamp, md5_low64(name.as_bytes()), name)
            })
            .collect();
        stamped.sort_unstable();
        stamped.into_iter().map(|(_, _, n)| n.to_owned()).collect()
    }
}

/// Several raw profiles in one file, as `cat` or a runtime writing an
/// executable and its shared libraries produces: each profile is padded with
/// zeros to a multiple of 8 bytes, so the next header is aligned.
#[must_use]
pub fn concat<P: AsRef<[u8]>>(profiles: &[P]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in profiles {
        out.extend_from_slice(p.as_ref());
        out.resize(out.len() + padding_to(out.len(), 8), 0);
    }
    out
}

#[cfg(test)]
mod tests;
