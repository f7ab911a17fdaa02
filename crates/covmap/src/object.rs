//! Finding the coverage sections in an object file, as llvm-cov's
//! `BinaryCoverageReader::create` and `loadBinaryFormat` do.
//!
//! - ELF, Mach-O and COFF go through the `object` crate. Sections match by
//!   section name (Mach-O segments are ignored); on COFF everything from `$`
//!   on is dropped first, so `.lcovmap$M` in an object matches `.lcovmap`.
//! - Linked COFF images start their names section with the runtime's null
//!   byte (`.lprfn$A`), which is skipped.
//! - Wasm is read here: covmap and covfun are custom sections, and the names
//!   are the data segment called `__llvm_prf_names` in the name section.
//! - Exactly one names section (empty ones ignored, as LLVM 20 does; with
//!   `__llvm_covnames` as the fallback of binary correlation) and exactly one
//!   covmap section are required; none at all means "no coverage data".
//!   Several covfun sections (relocatable objects: one per function) are
//!   each padded to 8 and concatenated.
//! - Mach-O universal binaries need an architecture; archives are read
//!   member by member, and a member without coverage makes the whole
//!   archive count as having none, as in llvm-cov.

use std::borrow::Cow;

use covkit_wire::{Endian, PointerWidth};
use object::read::archive::ArchiveFile;
use object::read::macho::{FatArch, MachOFatFile32, MachOFatFile64};
use object::{Architecture, BinaryFormat, FileKind, Object, ObjectKind, ObjectSection};

use crate::error::{Error, ErrorKind, Result};
use crate::format;

/// A section's bytes and the absolute file offset they start at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionData<'data> {
    /// The section's name as found.
    pub name: &'static str,
    /// The bytes (owned where several sections were concatenated).
    pub data: Cow<'data, [u8]>,
    /// Absolute offset of the first byte in the input file.
    pub offset: u64,
}

/// The coverage sections of one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageSections<'data> {
    /// The container format: `elf`, `macho`, `coff`, `pe` or `wasm`.
    pub format: &'static str,
    /// The byte order of the covmap and covfun integers.
    pub endian: Endian,
    /// The target's pointer width.
    pub pointer_width: PointerWidth,
    /// The names section.
    pub names: SectionData<'data>,
    /// The covmap section.
    pub covmap: SectionData<'data>,
    /// The covfun sections, concatenated (empty if there are none).
    pub covfun: SectionData<'data>,
    /// The build id: ELF `NT_GNU_BUILD_ID`, Mach-O `LC_UUID`, or PE CodeView
    /// GUID and age.
    pub build_id: Option<Vec<u8>>,
}

/// What looking for coverage sections in one input found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found<'data> {
    /// One or more objects with coverage (several for archives).
    Coverage(Vec<CoverageSections<'data>>),
    /// No coverage data: llvm-cov skips such an object.
    NoData,
}

/// Finds the coverage sections of the object, archive or universal binary
/// `data`. `arch` picks the slice of a universal binary (Mach-O names such
/// as `x86_64` or `arm64`); without it, the host's architecture is used.
///
/// # Errors
///
/// Input that is not an object file, a universal binary without the chosen
/// architecture, duplicate covmap or names sections, section data outside
/// the file.
pub fn find_sections<'data>(data: &'data [u8], arch: Option<&str>) -> Result<Found<'data>> {
    if data.starts_with(b"\0asm") {
        return crate::wasm::find_sections(data);
    }
    let kind = FileKind::parse(data).map_err(|e| object_error(&e))?;
    match kind {
        FileKind::Archive => {
            let archive = ArchiveFile::parse(data).map_err(|e| object_error(&e))?;
            let mut all = Vec::new();
            for member in archive.members() {
                let member = member.map_err(|e| object_error(&e))?;
                let bytes = member.data(data).map_err(|e| object_error(&e))?;
                match find_sections(bytes, arch)? {
                    Found::Coverage(found) => {
                        all.extend(found.into_iter().map(|s| rebase(s, data, bytes)))
                    }
                    Found::NoData => return Ok(Found::NoData),
                }
            }
            Ok(if all.is_empty() {
                Found::NoData
            } else {
                Found::Coverage(all)
            })
        }
        FileKind::MachOFat32 => {
            let fat = MachOFatFile32::parse(data).map_err(|e| object_error(&e))?;
            from_fat(fat.arches(), data, arch)
        }
        FileKind::MachOFat64 => {
            let fat = MachOFatFile64::parse(data).map_err(|e| object_error(&e))?;
            from_fat(fat.arches(), data, arch)
        }
        _ => {
            let file = object::File::parse(data).map_err(|e| object_error(&e))?;
            from_object(&file)
        }
    }
}

fn object_error(err: &object::Error) -> Error {
    Error::new(ErrorKind::Object(err.to_string()), 0)
}

/// Offsets inside an archive member, made absolute in the archive.
fn rebase<'data>(
    mut s: CoverageSections<'data>,
    outer: &[u8],
    inner: &[u8],
) -> CoverageSections<'data> {
    let base = (inner.as_ptr() as u64).wrapping_sub(outer.as_ptr() as u64);
    for section in [&mut s.names, &mut s.covmap, &mut s.covfun] {
        section.offset = section.offset.saturating_add(base);
    }
    s
}

/// The Mach-O name of an architecture, as `-arch` spells it.
fn arch_name(arch: Architecture) -> &'static str {
    match arch {
        Architecture::X86_64 => "x86_64",
        Architecture::I386 => "i386",
        Architecture::Aarch64 => "arm64",
        Architecture::Arm => "arm",
        Architecture::PowerPc => "ppc",
        Architecture::PowerPc64 => "ppc64",
        _ => "unknown",
    }
}

fn from_fat<'data, F: FatArch>(
    arches: &[F],
    data: &'data [u8],
    arch: Option<&str>,
) -> Result<Found<'data>> {
    let wanted = arch.unwrap_or(std::env::consts::ARCH);
    // Rust's name for the host differs from Mach-O's in one case.
    let wanted = if wanted == "aarch64" { "arm64" } else { wanted };
    let names: Vec<&str> = arches.iter().map(|a| arch_name(a.architecture())).collect();
    let Some(slice) = arches
        .iter()
        .find(|a| arch_name(a.architecture()) == wanted)
    else {
        return Err(Error::new(ErrorKind::ChooseArch(names.join(", ")), 0));
    };
    let bytes = slice.data(data).map_err(|e| object_error(&e))?;
    Ok(match find_sections(bytes, arch)? {
        Found::Coverage(found) => {
            Found::Coverage(found.into_iter().map(|s| rebase(s, data, bytes)).collect())
        }
        Found::NoData => Found::NoData,
    })
}

fn from_object<'data>(file: &object::File<'data>) -> Result<Found<'data>> {
    let is_coff = matches!(file.format(), BinaryFormat::Coff | BinaryFormat::Pe);
    let (covmap_name, covfun_name, names_name, covnames_name) = if is_coff {
        (
            format::COFF_COVMAP_SECTION,
            format::COFF_COVFUN_SECTION,
            format::COFF_PRF_NAMES_SECTION,
            format::COFF_COVNAMES_SECTION,
        )
    } else {
        (
            format::COVMAP_SECTION,
            format::COVFUN_SECTION,
            format::PRF_NAMES_SECTION,
            format::COVNAMES_SECTION,
        )
    };
    let strip = |name: &str| -> String {
        if is_coff {
            name.split('$').next().unwrap_or(name).to_owned()
        } else {
            name.to_owned()
        }
    };
    let sections_named = |wanted: &str, skip_empty: bool| -> Result<Vec<(&'data [u8], u64)>> {
        let mut out = Vec::new();
        for section in file.sections() {
            let Ok(name) = section.name() else { continue };
            if strip(name) != wanted {
                continue;
            }
            let bytes = section.data().map_err(|e| object_error(&e))?;
            if skip_empty && (bytes.is_empty() || (is_coff && bytes.len() == 2)) {
                continue;
            }
            let offset = section.file_range().map_or(0, |(offset, _)| offset);
            out.push((bytes, offset));
        }
        Ok(out)
    };

    // Names first, as llvm-cov looks them up first.
    let mut names_section = names_name;
    let mut names = sections_named(names_name, true)?;
    if names.is_empty() {
        names_section = covnames_name;
        names = sections_named(covnames_name, true)?;
    }
    let (mut names_data, mut names_offset) = match names.as_slice() {
        [] => return Ok(Found::NoData),
        [one] => *one,
        _ => return Err(Error::new(ErrorKind::DuplicateSection(names_section), 0)),
    };
    if is_coff && file.kind() != ObjectKind::Relocatable && names_section == names_name {
        // The runtime's `.lprfn$A` contributes one null byte first.
        names_data = names_data.get(1..).unwrap_or_default();
        names_offset += 1;
    }

    let covmap = sections_named(covmap_name, false)?;
    let (covmap_data, covmap_offset) = match covmap.as_slice() {
        [] => return Ok(Found::NoData),
        [one] => *one,
        _ => return Err(Error::new(ErrorKind::DuplicateSection(covmap_name), 0)),
    };

    let covfun = sections_named(covfun_name, false)?;
    let covfun = concat_padded(covfun, covfun_name);

    let endian = if file.is_little_endian() {
        Endian::Little
    } else {
        Endian::Big
    };
    let pointer_width = if file.is_64() {
        PointerWidth::U64
    } else {
        PointerWidth::U32
    };
    let build_id = build_id(file);
    Ok(Found::Coverage(vec![CoverageSections {
        format: match file.format() {
            BinaryFormat::Elf => "elf",
            BinaryFormat::MachO => "macho",
            BinaryFormat::Coff => "coff",
            BinaryFormat::Pe => "pe",
            BinaryFormat::Wasm => "wasm",
            _ => "object",
        },
        endian,
        pointer_width,
        names: SectionData {
            name: names_section,
            data: Cow::Borrowed(names_data),
            offset: names_offset,
        },
        covmap: SectionData {
            name: covmap_name,
            data: Cow::Borrowed(covmap_data),
            offset: covmap_offset,
        },
        covfun,
        build_id,
    }]))
}

/// Several covfun sections padded to 8 each and concatenated; one section
/// is borrowed as it is. Offsets of the concatenation are those of the first
/// section.
pub(crate) fn concat_padded<'data>(
    sections: Vec<(&'data [u8], u64)>,
    name: &'static str,
) -> SectionData<'data> {
    match sections.as_slice() {
        [] => SectionData {
            name,
            data: Cow::Borrowed(&[]),
            offset: 0,
        },
        [(bytes, offset)] => SectionData {
            name,
            data: Cow::Borrowed(bytes),
            offset: *offset,
        },
        [(_, offset), ..] => {
            let mut out = Vec::new();
            for (bytes, _) in &sections {
                out.extend_from_slice(bytes);
                out.resize(out.len().next_multiple_of(8), 0);
            }
            SectionData {
                name,
                data: Cow::Owned(out),
                offset: *offset,
            }
        }
    }
}

fn build_id(file: &object::File<'_>) -> Option<Vec<u8>> {
    if let Ok(Some(id)) = file.build_id() {
        return Some(id.to_vec());
    }
    if let Ok(Some(uuid)) = file.mach_uuid() {
        return Some(uuid.to_vec());
    }
    if let Ok(Some(cv)) = file.pdb_info() {
        let mut id = cv.guid().to_vec();
        id.extend_from_slice(&cv.age().to_le_bytes());
        return Some(id);
    }
    None
}
