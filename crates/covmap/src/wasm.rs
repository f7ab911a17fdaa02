//! Coverage sections of WebAssembly modules, as llvm-cov reads them from
//! LLVM 20 on: `__llvm_covmap` and `__llvm_covfun` are custom sections, and
//! the names are the data segment that the name section's data-segment
//! names (subsection 9) call `__llvm_prf_names`.

use std::borrow::Cow;

use covkit_wire::{Endian, PointerWidth, Reader};

use crate::error::{Error, ErrorKind, Result};
use crate::format;
use crate::object::{CoverageSections, Found, SectionData, concat_padded};

const SECTION_CUSTOM: u8 = 0;
const SECTION_DATA: u8 = 11;
const NAME_SUBSECTION_DATA_SEGMENTS: u8 = 9;

/// Finds the coverage sections of the Wasm module `data`.
///
/// # Errors
///
/// A malformed module header, section, data segment or name section, or
/// duplicate coverage sections.
pub(crate) fn find_sections(data: &[u8]) -> Result<Found<'_>> {
    let mut r = Reader::new(data, Endian::Little);
    let magic = r.read_bytes(4)?;
    if magic != b"\0asm" {
        return Err(Error::malformed("not a wasm module", 0));
    }
    let version_at = r.offset();
    let version = r.read_u32()?;
    if version != 1 {
        return Err(Error::malformed(
            format!("unsupported wasm version {version}"),
            version_at,
        ));
    }
    let mut covmap = Vec::new();
    let mut covfun = Vec::new();
    let mut segments: Vec<(&[u8], u64)> = Vec::new();
    let mut segment_names: Vec<(u32, &[u8])> = Vec::new();
    while !r.is_empty() {
        let id = r.read_u8()?;
        let size = r.read_uleb128_u32()?;
        let mut s = r.sub_reader(usize::try_from(size).unwrap_or(usize::MAX))?;
        match id {
            SECTION_CUSTOM => {
                let len = s.read_uleb128_u32()?;
                let name = s.read_bytes(usize::try_from(len).unwrap_or(usize::MAX))?;
                let offset = s.offset();
                let body = s.read_remaining_bytes();
                match name {
                    b"__llvm_covmap" => covmap.push((body, offset)),
                    b"__llvm_covfun" => covfun.push((body, offset)),
                    b"name" => read_name_section(
                        &mut Reader::with_offset(body, Endian::Little, offset),
                        &mut segment_names,
                    )?,
                    _ => {}
                }
            }
            SECTION_DATA => read_data_section(&mut s, &mut segments)?,
            _ => {}
        }
    }
    let mut names = Vec::new();
    for (index, name) in &segment_names {
        if *name != format::PRF_NAMES_SECTION.as_bytes() {
            continue;
        }
        let segment = usize::try_from(*index).ok().and_then(|i| segments.get(i));
        match segment {
            Some(found) => names.push(*found),
            None => {
                return Err(Error::malformed(
                    format!("name section names data segment {index}, which does not exist"),
                    0,
                ));
            }
        }
    }
    let (names_data, names_offset) = match names.as_slice() {
        [] => return Ok(Found::NoData),
        [one] => *one,
        _ => {
            return Err(Error::new(
                ErrorKind::DuplicateSection(format::PRF_NAMES_SECTION),
                0,
            ));
        }
    };
    let (covmap_data, covmap_offset) = match covmap.as_slice() {
        [] => return Ok(Found::NoData),
        [one] => *one,
        _ => {
            return Err(Error::new(
                ErrorKind::DuplicateSection(format::COVMAP_SECTION),
                0,
            ));
        }
    };
    Ok(Found::Coverage(vec![CoverageSections {
        format: "wasm",
        endian: Endian::Little,
        pointer_width: PointerWidth::U32,
        names: SectionData {
            name: format::PRF_NAMES_SECTION,
            data: Cow::Borrowed(names_data),
            offset: names_offset,
        },
        covmap: SectionData {
            name: format::COVMAP_SECTION,
            data: Cow::Borrowed(covmap_data),
            offset: covmap_offset,
        },
        covfun: concat_padded(covfun, format::COVFUN_SECTION),
        build_id: None,
    }]))
}

fn read_name_section<'data>(
    r: &mut Reader<'data>,
    out: &mut Vec<(u32, &'data [u8])>,
) -> Result<()> {
    while !r.is_empty() {
        let id = r.read_u8()?;
        let size = r.read_uleb128_u32()?;
        let mut s = r.sub_reader(usize::try_from(size).unwrap_or(usize::MAX))?;
        if id != NAME_SUBSECTION_DATA_SEGMENTS {
            continue;
        }
        let count = s.read_uleb128_u32()?;
        let count = s.check_count(u64::from(count), 2, "data segment names")?;
        for _ in 0..count {
            let index = s.read_uleb128_u32()?;
            let len = s.read_uleb128_u32()?;
            out.push((
                index,
                s.read_bytes(usize::try_from(len).unwrap_or(usize::MAX))?,
            ));
        }
    }
    Ok(())
}

fn read_data_section<'data>(
    r: &mut Reader<'data>,
    out: &mut Vec<(&'data [u8], u64)>,
) -> Result<()> {
    let count = r.read_uleb128_u32()?;
    let count = r.check_count(u64::from(count), 2, "data segments")?;
    for _ in 0..count {
        let flags_at = r.offset();
        match r.read_uleb128_u32()? {
            0 => skip_const_expr(r)?,
            1 => {}
            2 => {
                r.read_uleb128_u32()?;
                skip_const_expr(r)?;
            }
            other => {
                return Err(Error::malformed(
                    format!("unknown data segment flags {other}"),
                    flags_at,
                ));
            }
        }
        let len = r.read_uleb128_u32()?;
        let offset = r.offset();
        out.push((
            r.read_bytes(usize::try_from(len).unwrap_or(usize::MAX))?,
            offset,
        ));
    }
    Ok(())
}

/// Skips a constant expression up to and including its `end` opcode.
fn skip_const_expr(r: &mut Reader<'_>) -> Result<()> {
    loop {
        let at = r.offset();
        match r.read_u8()? {
            0x0b => return Ok(()),
            // i32.const, i64.const: a signed LEB128 immediate.
            0x41 | 0x42 => skip_leb(r)?,
            // global.get: an index.
            0x23 => {
                r.read_uleb128_u32()?;
            }
            // Extended constant expressions: add, sub, mul of i32 and i64.
            0x6a | 0x6b | 0x6c | 0x7c | 0x7d | 0x7e => {}
            op => {
                return Err(Error::malformed(
                    format!("unsupported opcode {op:#04x} in a constant expression"),
                    at,
                ));
            }
        }
    }
}

fn skip_leb(r: &mut Reader<'_>) -> Result<()> {
    let at = r.offset();
    for _ in 0..10 {
        if r.read_u8()? & 0x80 == 0 {
            return Ok(());
        }
    }
    Err(Error::malformed("leb128 value is longer than 10 bytes", at))
}
