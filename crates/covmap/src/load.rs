//! Loading one object's coverage mapping, as llvm-cov's
//! `BinaryCoverageReader` does: covmap blocks first, then the covfun records
//! in section order, deduplicated by name hash (a dummy record, one with
//! hash 0 and a single zero-tagged region, gives way to a later real one in
//! its own position), each name resolved through the names section, and the
//! kept records' mappings decoded.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use covkit_profile::names::{Names, name_hash};
use covkit_wire::{Endian, PointerWidth, Reader};

use crate::covfun::{CovfunRecord, covfun_records};
use crate::covmap::{CovmapBlock, parse_covmap};
use crate::error::{Error, ErrorKind, Result};
use crate::ids::{FilenamesRef, FuncHash, NameHash};
use crate::mapping::FunctionMapping;
use crate::object::{CoverageSections, Found, find_sections};

/// Choices llvm-cov offers for reading objects.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions<'a> {
    /// The architecture of a universal binary (`-arch`).
    pub arch: Option<&'a str>,
    /// The directory relative filenames are joined to (`-compilation-dir`),
    /// in place of the one each translation unit recorded.
    pub compilation_dir: Option<&'a str>,
}

/// One function's coverage mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// The PGO name: a mangled symbol, prefixed with `file:` for local C and
    /// C++ functions.
    pub name: String,
    /// The MD5-based hash of the name.
    pub name_hash: NameHash,
    /// The structural hash, matched against the profile's.
    pub func_hash: FuncHash,
    /// The translation unit's filenames block.
    pub filenames_ref: FilenamesRef,
    /// The translation unit's filenames, which the mapping's file map
    /// indexes.
    pub filenames: Arc<[String]>,
    /// The decoded mapping.
    pub mapping: FunctionMapping,
    /// Absolute offset of the covfun record.
    pub offset: u64,
}

impl Function {
    /// The file a function-local file id stands for.
    #[must_use]
    pub fn file(&self, file: crate::ids::FileId) -> Option<&str> {
        let index = *self.mapping.file_map.get(usize::try_from(file.0).ok()?)?;
        self.filenames
            .get(usize::try_from(index).ok()?)
            .map(String::as_str)
    }
}

/// The coverage mapping of one object file (one member of an archive, one
/// slice of a universal binary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectCoverage {
    /// The container format: `elf`, `macho`, `coff`, `pe` or `wasm`.
    pub format: &'static str,
    /// The byte order of the coverage sections.
    pub endian: Endian,
    /// The target's pointer width.
    pub pointer_width: PointerWidth,
    /// The build id, if the object has one.
    pub build_id: Option<Vec<u8>>,
    /// The covmap blocks, one per translation unit.
    pub blocks: Vec<CovmapBlock>,
    /// The functions, deduplicated, in covfun order.
    pub functions: Vec<Function>,
}

impl ObjectCoverage {
    /// The stored (0-based) covmap version, from the first block.
    #[must_use]
    pub fn version(&self) -> Option<u32> {
        self.blocks.first().map(|b| b.version)
    }
}

/// Loads the coverage mapping of an object file, archive or universal
/// binary. Returns `None` when it carries no coverage data, which llvm-cov
/// treats as "skip this object".
///
/// # Errors
///
/// Anything that makes llvm-cov fail to load the object: a malformed
/// section, an unknown filenames reference, a name hash missing from the
/// names section, a mapping that does not decode.
pub fn load_object(data: &[u8], options: &LoadOptions<'_>) -> Result<Option<Vec<ObjectCoverage>>> {
    match find_sections(data, options.arch)? {
        Found::NoData => Ok(None),
        Found::Coverage(all) => all
            .iter()
            .map(|sections| load_sections(sections, options.compilation_dir))
            .collect::<Result<Vec<_>>>()
            .map(Some),
    }
}

/// A filenames block as llvm-cov's `FileRangeMap` keeps it: the filenames,
/// or nothing when two blocks with the same hash disagree.
type FileRanges = HashMap<FilenamesRef, Option<Arc<[String]>>>;

/// Loads the sections of one object.
///
/// # Errors
///
/// As [`load_object`].
pub fn load_sections(
    sections: &CoverageSections<'_>,
    compilation_dir: Option<&str>,
) -> Result<ObjectCoverage> {
    let covmap = &sections.covmap;
    let blocks = parse_covmap(
        &covmap.data,
        covmap.offset,
        sections.endian,
        compilation_dir,
    )
    .map_err(|e| e.in_section(covmap.name))?;
    let mut ranges: FileRanges = HashMap::new();
    for block in &blocks {
        let names: Arc<[String]> = block.filenames.clone().into();
        match ranges.entry(block.filenames_ref) {
            Entry::Vacant(v) => {
                v.insert(Some(names));
            }
            Entry::Occupied(mut o) => {
                // A hash collision between different lists makes the hash
                // unusable; equal lists share it.
                if o.get().as_deref() != Some(&*names) {
                    o.insert(None);
                }
            }
        }
    }

    let names = Names::parse(&sections.names.data, sections.names.offset)
        .map_err(|e| Error::from(e).in_section(sections.names.name))?;
    let mut symtab: HashMap<u64, &[u8]> = HashMap::new();
    for name in names.iter() {
        symtab
            .entry(name_hash(name))
            .and_modify(|kept| {
                // Like LLVM's sorted symbol table: the smallest name wins a
                // hash collision.
                if name < *kept {
                    *kept = name;
                }
            })
            .or_insert(name);
    }

    let covfun = &sections.covfun;
    let mut kept: Vec<(CovfunRecord<'_>, String, Arc<[String]>)> = Vec::new();
    let mut by_name: HashMap<NameHash, usize> = HashMap::new();
    for record in covfun_records(&covfun.data, covfun.offset, sections.endian) {
        let record = record.map_err(|e| e.in_section(covfun.name))?;
        let files = match ranges.get(&record.filenames_ref) {
            None => {
                return Err(Error::new(
                    ErrorKind::UnknownFilenames(record.func_hash.0),
                    record.offset,
                )
                .in_section(covfun.name));
            }
            Some(None) => continue,
            Some(Some(files)) => files.clone(),
        };
        match by_name.entry(record.name_hash) {
            Entry::Vacant(v) => {
                let name = symtab
                    .get(&record.name_hash.0)
                    .filter(|n| !n.is_empty())
                    .ok_or_else(|| {
                        Error::new(ErrorKind::UnknownName(record.name_hash.0), record.offset)
                            .in_section(covfun.name)
                    })?;
                v.insert(kept.len());
                kept.push((record, String::from_utf8_lossy(name).into_owned(), files));
            }
            Entry::Occupied(o) => {
                let Some(slot) = kept.get_mut(*o.get()) else {
                    continue;
                };
                if is_dummy(&slot.0)? && !is_dummy(&record)? {
                    slot.0 = record;
                    slot.2 = files;
                }
            }
        }
    }

    let mut functions = Vec::with_capacity(kept.len());
    for (record, name, filenames) in kept {
        let mapping =
            FunctionMapping::decode(record.mapping, record.mapping_offset, filenames.len())
                .map_err(|e| e.in_section(covfun.name))?;
        functions.push(Function {
            name,
            name_hash: record.name_hash,
            func_hash: record.func_hash,
            filenames_ref: record.filenames_ref,
            filenames,
            mapping,
            offset: record.offset,
        });
    }
    Ok(ObjectCoverage {
        format: sections.format,
        endian: sections.endian,
        pointer_width: sections.pointer_width,
        build_id: sections.build_id.clone(),
        blocks,
        functions,
    })
}

/// The functions of several objects, as llvm-cov loads them: in order,
/// skipping a function when an earlier one has the same name and the same
/// list of filenames (`RecordProvenance` in LLVM's `CoverageMapping.cpp`).
pub fn functions_of(objects: &[ObjectCoverage]) -> Vec<&Function> {
    let mut seen: HashSet<(&str, &[String])> = HashSet::new();
    objects
        .iter()
        .flat_map(|o| &o.functions)
        .filter(|f| seen.insert((f.name.as_str(), &f.filenames)))
        .collect()
}

/// LLVM's `isCoverageMappingDummy`: hash 0, one file, no expressions and
/// one region whose header has a zero counter tag.
fn is_dummy(record: &CovfunRecord<'_>) -> Result<bool> {
    if record.func_hash.0 != 0 {
        return Ok(false);
    }
    let mut r = Reader::with_offset(record.mapping, Endian::Little, record.mapping_offset);
    if r.read_uleb128_u64()? != 1 {
        return Ok(false);
    }
    r.read_uleb128_u32()?;
    if r.read_uleb128_u64()? != 0 {
        return Ok(false);
    }
    if r.read_uleb128_u64()? != 1 {
        return Ok(false);
    }
    Ok(r.read_uleb128_u32()? & 0b11 == 0)
}
