//! A naive reader following `RawInstrProfReader`'s arithmetic, run over
//! every version, byte order and width.

use super::*;
use crate::value_prof::IPVK_MEM_OP_SIZE;
use flate2::read::ZlibDecoder;
use std::io::Read as _;

struct Cursor<'a> {
    bytes: &'a [u8],
    endian: Endian,
}

impl Cursor<'_> {
    fn u16(&self, at: usize) -> u16 {
        let b: [u8; 2] = self.bytes[at..at + 2].try_into().expect("2 bytes");
        match self.endian {
            Endian::Little => u16::from_le_bytes(b),
            Endian::Big => u16::from_be_bytes(b),
        }
    }
    fn u32(&self, at: usize) -> u32 {
        let b: [u8; 4] = self.bytes[at..at + 4].try_into().expect("4 bytes");
        match self.endian {
            Endian::Little => u32::from_le_bytes(b),
            Endian::Big => u32::from_be_bytes(b),
        }
    }
    fn u64(&self, at: usize) -> u64 {
        let b: [u8; 8] = self.bytes[at..at + 8].try_into().expect("8 bytes");
        match self.endian {
            Endian::Little => u64::from_le_bytes(b),
            Endian::Big => u64::from_be_bytes(b),
        }
    }
    fn ptr(&self, at: usize, width: PointerWidth) -> u64 {
        match width {
            PointerWidth::U32 => u64::from(self.u32(at)),
            PointerWidth::U64 => self.u64(at),
        }
    }
}

fn uleb(bytes: &[u8], at: &mut usize) -> u64 {
    let mut value = 0;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        value |= u64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            return value;
        }
    }
}

fn decode_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let len = uleb(bytes, &mut at) as usize;
        let zlen = uleb(bytes, &mut at) as usize;
        let payload = if zlen == 0 {
            let p = bytes[at..at + len].to_vec();
            at += len;
            p
        } else {
            let mut out = Vec::new();
            ZlibDecoder::new(&bytes[at..at + zlen])
                .read_to_end(&mut out)
                .expect("zlib");
            at += zlen;
            out
        };
        assert_eq!(payload.len(), len);
        for name in payload.split(|&b| b == 1) {
            names.push(String::from_utf8(name.to_vec()).expect("utf-8"));
        }
        while at < bytes.len() && bytes[at] == 0 {
            at += 1;
        }
    }
    names
}

/// (name, hash, counts, bitmap) as LLVM's reader would return them.
type Read = Vec<(String, u64, Vec<u64>, Vec<u8>)>;

fn read(bytes: &[u8], endian: Endian, width: PointerWidth) -> Read {
    let c = Cursor { bytes, endian };
    let magic = match width {
        PointerWidth::U32 => INSTR_PROF_RAW_MAGIC_32,
        PointerWidth::U64 => INSTR_PROF_RAW_MAGIC_64,
    };
    assert_eq!(c.u64(0), magic);
    let version_word = c.u64(8);
    let version = (version_word & 0xffff_ffff) as u32;
    let byte_coverage = version_word & variant::BYTE_COVERAGE != 0;
    let temporal = version_word & variant::TEMPORAL_PROF != 0;
    let fields = header_fields(version);
    let field = |f: HeaderField| {
        fields
            .iter()
            .position(|x| *x == f)
            .map(|i| c.u64(i * 8))
            .unwrap_or(0)
    };
    let entry = if byte_coverage { 1 } else { 8 };
    let rec = RecordLayout::new(version, width);
    let data = header_size(version) + field(HeaderField::BinaryIdsSize) as usize;
    let num_data = field(HeaderField::NumData) as usize;
    let counters =
        data + num_data * rec.size() + field(HeaderField::PaddingBytesBeforeCounters) as usize;
    let counters_size = field(HeaderField::NumCounters) as usize * entry;
    let bitmap = counters + counters_size + field(HeaderField::PaddingBytesAfterCounters) as usize;
    let names_at = bitmap
        + field(HeaderField::NumBitmapBytes) as usize
        + field(HeaderField::PaddingBytesAfterBitmapBytes) as usize
        + 8 * field(HeaderField::NumUniformCounters) as usize
        + field(HeaderField::PaddingBytesAfterUniformCounters) as usize;
    let names_size = field(HeaderField::NamesSize) as usize;
    let names = decode_names(&bytes[names_at..names_at + names_size]);
    let mut counters_delta = field(HeaderField::CountersDelta);
    let mut bitmap_delta = field(HeaderField::BitmapDelta);
    let mut out = Vec::new();
    for i in 0..num_data {
        let r = data + i * rec.size();
        let at = |f: RecordField| r + rec.offset(f).expect("field");
        let name_ref = c.u64(at(RecordField::NameRef));
        let name = names
            .iter()
            .find(|n| md5_low64(n.as_bytes()) == name_ref)
            .expect("NameRef resolves")
            .clone();
        let hash = c.u64(at(RecordField::FuncHash));
        let n = c.u32(at(RecordField::NumCounters)) as usize;
        let ptr = c.ptr(at(RecordField::CounterPtr), width);
        let offset = if version <= 7 {
            (ptr - counters_delta) as usize
        } else {
            ptr.wrapping_sub(counters_delta) as usize
        };
        assert!(offset + n * entry <= counters_size, "counters in range");
        let mut counts = Vec::new();
        let mut slot = 0;
        while slot < n {
            let p = counters + offset + slot * entry;
            if slot == 0 && temporal {
                slot += if byte_coverage { 8 } else { 1 };
                continue;
            }
            counts.push(if byte_coverage {
                u64::from(bytes[p] == 0)
            } else {
                c.u64(p)
            });
            slot += 1;
        }
        let mut bits = Vec::new();
        if version >= 9 {
            let nb = c.u32(at(RecordField::NumBitmapBytes)) as usize;
            if nb > 0 {
                let bp = c.ptr(at(RecordField::BitmapPtr), width);
                let off = bp.wrapping_sub(bitmap_delta) as usize;
                bits = bytes[bitmap + off..bitmap + off + nb].to_vec();
            }
        }
        let sites: Vec<u16> = (0..=value_kind_last(version))
            .map(|k| c.u16(at(RecordField::NumValueSites) + 2 * k as usize))
            .collect();
        assert!(sites.iter().all(|&s| s <= 2));
        if version > 7 {
            counters_delta = counters_delta.wrapping_sub(rec.size() as u64);
            bitmap_delta = bitmap_delta.wrapping_sub(rec.size() as u64);
        }
        out.push((name, hash, counts, bits));
    }
    out
}

fn sample(version: u32, endian: Endian, width: PointerWidth) -> RawProfile {
    RawProfile::new(version, endian, width)
        .binary_id(&[0x5a; 20])
        .function("main", 0x0a1b_2c3d_4e5f_6071, &[1, 0, 5])
        .function("foo.c:helper", 0x1835c, &[3, 3])
        .function("_Z3addii", 0x18, &[(1 << 40) + 7])
        .function("mcdc", 0x42, &[4, 2, 1, 0])
        .bitmap(&[0x05, 0x80])
}

fn as_tuples(records: &[FunctionRecord]) -> Read {
    records
        .iter()
        .map(|r| (r.name.clone(), r.hash, r.counts.clone(), r.bitmap.clone()))
        .collect()
}

#[test]
fn every_version_endian_and_width_reads_back() {
    for version in RAW_VERSIONS {
        for endian in Endian::ALL {
            for width in PointerWidth::ALL {
                let profile = sample(version, endian, width);
                let (bytes, layout) = profile.build_with_layout();
                let label = format!("v{version} {endian:?} {width:?}");
                assert_eq!(layout.end, bytes.len(), "{label}");
                assert_eq!(
                    read(&bytes, endian, width),
                    as_tuples(&profile.expected_records()),
                    "{label}"
                );
                if version != 7 {
                    assert_eq!(bytes.len() % 8, 0, "{label}");
                }
            }
        }
    }
}

#[test]
fn binary_id_padding_follows_the_version() {
    for (version, size) in [(5, 0), (7, 28), (8, 32), (11, 32)] {
        let (_, layout) = sample(version, Endian::Little, PointerWidth::U64).build_with_layout();
        assert_eq!(layout.binary_ids_size, size, "v{version}");
    }
    let (_, layout) = sample(7, Endian::Little, PointerWidth::U64)
        .pad_binary_ids(true)
        .build_with_layout();
    assert_eq!(layout.binary_ids_size, 32);
}

#[test]
fn relative_pointers_are_negative_like_clang() {
    // clang-14 wrote CountersDelta = -40 and CounterPtr = -40 for record 0.
    let (bytes, layout) = sample(8, Endian::Little, PointerWidth::U64).build_with_layout();
    let c = Cursor {
        bytes: &bytes,
        endian: Endian::Little,
    };
    let delta = c.u64(
        layout
            .header_field_offset(HeaderField::CountersDelta)
            .expect("field"),
    );
    assert!((delta as i64) < 0);
    let ptr0 = c.u64(
        layout
            .record_field_offset(0, RecordField::CounterPtr)
            .expect("field"),
    );
    assert_eq!(ptr0, delta);
    // 32-bit: the delta is a zero-extended 32-bit value.
    let (bytes, layout) = sample(8, Endian::Big, PointerWidth::U32).build_with_layout();
    let c = Cursor {
        bytes: &bytes,
        endian: Endian::Big,
    };
    let delta = c.u64(
        layout
            .header_field_offset(HeaderField::CountersDelta)
            .expect("field"),
    );
    assert_eq!(delta >> 32, 0);
    assert!((delta as u32 as i32) < 0);
}

#[test]
fn byte_coverage_and_temporal() {
    for width in PointerWidth::ALL {
        for endian in Endian::ALL {
            let profile = RawProfile::new(10, endian, width)
                .variant(variant::BYTE_COVERAGE | variant::TEMPORAL_PROF)
                .function("a", 1, &[5, 0, 1])
                .timestamp(20)
                .function("b", 2, &[0])
                .timestamp(10);
            let bytes = profile.build();
            let expect = profile.expected_records();
            assert_eq!(expect[0].counts, [1, 0, 1]);
            assert_eq!(read(&bytes, endian, width), as_tuples(&expect));
            assert_eq!(profile.expected_trace(), ["b", "a"]);
        }
    }
}

#[test]
fn value_data_follows_the_names() {
    let profile = RawProfile::new(10, Endian::Big, PointerWidth::U32)
        .function("main", 1, &[1])
        .value_data(
            ValueData::new()
                .site(IPVK_INDIRECT_CALL_TARGET, &[(0x40_1000, 2)])
                .site(IPVK_MEM_OP_SIZE, &[(8, 3)]),
        )
        .function("callee", 2, &[2])
        .function_pointer(0x40_1000);
    let (bytes, layout) = profile.build_with_layout();
    let blob = ValueData::new()
        .site(IPVK_INDIRECT_CALL_TARGET, &[(0x40_1000, 2)])
        .site(IPVK_MEM_OP_SIZE, &[(8, 3)])
        .encode(Endian::Big);
    assert_eq!(&bytes[layout.value_data_offset..], blob.as_slice());
    let expect = profile.expected_records();
    let sites: Vec<_> = expect[0].value_data.kinds().collect();
    assert_eq!(sites[0].1[0], [(md5_low64(b"callee"), 2)]);
    let c = Cursor {
        bytes: &bytes,
        endian: Endian::Big,
    };
    let at = layout
        .record_field_offset(0, RecordField::NumValueSites)
        .expect("field");
    assert_eq!([c.u16(at), c.u16(at + 2), c.u16(at + 4)], [1, 1, 0]);
}

#[test]
fn uniform_counters_follow_the_bitmap_in_v11() {
    for width in PointerWidth::ALL {
        for endian in Endian::ALL {
            let profile = RawProfile::new(11, endian, width)
                .function("kernel", 1, &[4, 2])
                .uniform_counters(&[3, 1])
                .wave_size(64)
                .function("plain", 2, &[1])
                .function("other", 3, &[7])
                .uniform_counters(&[5]);
            let (bytes, layout) = profile.build_with_layout();
            let c = Cursor {
                bytes: &bytes,
                endian,
            };
            let header = |f| c.u64(layout.header_field_offset(f).expect("v11 field"));
            assert_eq!(header(HeaderField::NumUniformCounters), 3);
            assert_eq!(layout.uniform_counters_size, 24);
            assert_eq!(layout.names_offset, layout.uniform_counters_offset + 24);
            let mut delta = header(HeaderField::UniformCountersDelta);
            let mut found = Vec::new();
            for i in 0..3 {
                let at = layout
                    .record_field_offset(i, RecordField::UniformCounterPtr)
                    .expect("field");
                let ptr = c.ptr(at, width);
                if ptr != 0 {
                    let off = ptr.wrapping_sub(delta) as usize;
                    found.push(c.u64(layout.uniform_counters_offset + off));
                }
                delta = delta.wrapping_sub(layout.record.size() as u64);
            }
            assert_eq!(found, [3, 5], "{endian:?} {width:?}");
            let wave = layout
                .record_field_offset(0, RecordField::OffloadDeviceWaveSize)
                .expect("field");
            assert_eq!(c.u16(wave), 64);
            assert_eq!(
                read(&bytes, endian, width),
                as_tuples(&profile.expected_records())
            );
        }
    }
    // Older versions drop them.
    let (_, layout) = RawProfile::new(10, Endian::Little, PointerWidth::U64)
        .function("kernel", 1, &[4])
        .uniform_counters(&[3])
        .build_with_layout();
    assert_eq!(layout.uniform_counters_size, 0);
}

#[test]
fn concatenated_profiles_are_aligned() {
    let a = sample(7, Endian::Little, PointerWidth::U64).build();
    let b = sample(7, Endian::Little, PointerWidth::U64).build();
    assert_ne!(a.len() % 8, 0, "LLVM 13 profiles need not end aligned");
    let both = concat(&[&a, &b]);
    let second = a.len().next_multiple_of(8);
    assert_eq!(&both[second..second + b.len()], b.as_slice());
}

#[test]
fn names_section_override_and_compression() {
    for compression in [Compression::None, Compression::Zlib] {
        let profile = sample(10, Endian::Little, PointerWidth::U64).names_compression(compression);
        let bytes = profile.build();
        assert_eq!(
            read(&bytes, Endian::Little, PointerWidth::U64),
            as_tuples(&profile.expected_records())
        );
    }
    let names = NamesSection::new()
        .chunk(&["main", "foo.c:helper"], Compression::Zlib)
        .zeros(3)
        .chunk(&["_Z3addii", "mcdc"], Compression::None);
    let profile = sample(9, Endian::Big, PointerWidth::U64).names_section(names);
    let bytes = profile.build();
    assert_eq!(
        read(&bytes, Endian::Big, PointerWidth::U64),
        as_tuples(&profile.expected_records())
    );
}
