//! Coverage-mapping sections of instrumented binaries: `__llvm_covmap`,
//! `__llvm_covfun` and `__llvm_prf_names`, covmap Version4 to Version7
//! (stored 3 to 6; LLVM 11 to 23), in either byte order.
//!
//! The typed pieces ([`Counter`], [`Expression`], [`Region`],
//! [`FunctionMapping`], [`Filenames`], [`CovmapBlock`], [`CovfunRecord`])
//! write exactly what their fields say, so tests can also build malformed
//! mappings. [`CoverageData`] ties them together the way clang and rustc lay
//! them out: one covmap block and one names chunk per translation unit, one
//! covfun record per function. [`crate::object`] wraps the result in an ELF,
//! Mach-O or COFF object file.
//!
//! ```
//! use covkit_testkit::covmap::{CoverageData, Counter, FunctionMapping, Region, Unit};
//! use covkit_testkit::Endian;
//!
//! let main = FunctionMapping::new(&[1])
//!     .region(Region::code(Counter::Counter(0), (1, 12), (4, 2)));
//! let sections = CoverageData::new(Endian::Little)
//!     .unit(Unit::new(&["/build", "main.c"]).function("main", 0x18, main))
//!     .build();
//! assert_eq!(sections.covmap.len() % 8, 0);
//! assert_eq!(sections.covfun.len() % 8, 0);
//! assert_eq!(sections.names, b"\x04\x00main");
//! ```

mod counter;
mod mapping;
mod records;
mod region;

pub use counter::{Counter, Expression};
pub use mapping::FunctionMapping;
pub use records::{CovfunRecord, CovmapBlock, Filenames, encode_filenames_raw};
pub use region::{GAP_REGION_BIT, Region, RegionKind};

use crate::bytes::Endian;
use crate::names::{Compression, NamesSection};

/// Stored covmap version of LLVM 11 (`CovMapVersion::Version4`).
pub const COVMAP_VERSION_4: u32 = 3;
/// Stored covmap version of LLVM 12 (`Version5`): branch regions.
pub const COVMAP_VERSION_5: u32 = 4;
/// Stored covmap version of LLVM 13-17 (`Version6`): compilation directory
/// as filename 0.
pub const COVMAP_VERSION_6: u32 = 5;
/// Stored covmap version of LLVM 18-23 (`Version7`): MC/DC regions.
pub const COVMAP_VERSION_7: u32 = 6;

/// The three sections' contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoverageSections {
    /// `__llvm_covmap`: the covmap blocks.
    pub covmap: Vec<u8>,
    /// `__llvm_covfun`: the function records.
    pub covfun: Vec<u8>,
    /// `__llvm_prf_names`: the names section.
    pub names: Vec<u8>,
}

/// A translation unit: its filenames and functions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    filenames: Filenames,
    functions: Vec<(String, u64, FunctionMapping)>,
}

impl Unit {
    /// A unit with filenames `names` (entry 0 the compilation directory
    /// from Version6 on), stored raw.
    #[must_use]
    pub fn new<S: AsRef<str>>(names: &[S]) -> Unit {
        Unit {
            filenames: Filenames::new(names),
            functions: Vec::new(),
        }
    }

    /// The same unit with its filenames stored with `compression`.
    #[must_use]
    pub fn filenames_compression(mut self, compression: Compression) -> Unit {
        self.filenames = self.filenames.compression(compression);
        self
    }

    /// Adds function `name` with structural `hash` and `mapping`.
    #[must_use]
    pub fn function(mut self, name: &str, hash: u64, mapping: FunctionMapping) -> Unit {
        self.functions.push((name.to_owned(), hash, mapping));
        self
    }

    /// The unit's filenames.
    #[must_use]
    pub fn filenames(&self) -> &Filenames {
        &self.filenames
    }

    /// The unit's functions as (name, hash, mapping).
    #[must_use]
    pub fn functions(&self) -> &[(String, u64, FunctionMapping)] {
        &self.functions
    }
}

/// The coverage data of one binary being built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageData {
    endian: Endian,
    version: u32,
    names_compression: Compression,
    units: Vec<Unit>,
}

impl CoverageData {
    /// No units yet, [`COVMAP_VERSION_7`], names stored raw.
    #[must_use]
    pub fn new(endian: Endian) -> CoverageData {
        CoverageData {
            endian,
            version: COVMAP_VERSION_7,
            names_compression: Compression::None,
            units: Vec::new(),
        }
    }

    /// The units added so far.
    #[must_use]
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// Uses stored covmap `version` in every block.
    #[must_use]
    pub fn version(mut self, version: u32) -> CoverageData {
        self.version = version;
        self
    }

    /// Stores each unit's names chunk with `compression`.
    #[must_use]
    pub fn names_compression(mut self, compression: Compression) -> CoverageData {
        self.names_compression = compression;
        self
    }

    /// Adds a translation unit.
    #[must_use]
    pub fn unit(mut self, unit: Unit) -> CoverageData {
        self.units.push(unit);
        self
    }

    /// The sections: one covmap block and one names chunk per unit (units
    /// without functions get no chunk), one covfun record per function.
    #[must_use]
    pub fn build(&self) -> CoverageSections {
        let mut out = CoverageSections::default();
        let mut names = NamesSection::new();
        for unit in &self.units {
            out.covmap
                .extend(CovmapBlock::new(self.version, &unit.filenames).encode(self.endian));
            for (name, hash, mapping) in &unit.functions {
                out.covfun.extend(
                    CovfunRecord::new(name, *hash, &unit.filenames, mapping).encode(self.endian),
                );
            }
            let unit_names: Vec<&str> = unit.functions.iter().map(|(n, _, _)| n.as_str()).collect();
            if !unit_names.is_empty() {
                names = names.chunk(&unit_names, self.names_compression);
            }
        }
        out.names = names.build();
        out
    }
}
