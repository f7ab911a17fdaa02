//! On-disk constants of LLVM's coverage mapping (`InstrProfData.inc`,
//! `CoverageMapping.h`). Logic-free on purpose.

/// Covmap section name in ELF, Wasm and (as a section name) Mach-O.
pub const COVMAP_SECTION: &str = "__llvm_covmap";
/// Covfun section name in ELF, Wasm and Mach-O.
pub const COVFUN_SECTION: &str = "__llvm_covfun";
/// Names section name in ELF and Mach-O; the Wasm data segment's name.
pub const PRF_NAMES_SECTION: &str = "__llvm_prf_names";
/// Covmap section name in COFF (objects add a `$M` suffix).
pub const COFF_COVMAP_SECTION: &str = ".lcovmap";
/// Covfun section name in COFF (objects add a `$M` suffix).
pub const COFF_COVFUN_SECTION: &str = ".lcovfun";
/// Names section name in COFF (objects add a `$M` suffix).
pub const COFF_PRF_NAMES_SECTION: &str = ".lprfn";

/// Stored covmap version of LLVM 11 (`CovMapVersion::Version4`): function
/// records move to `__llvm_covfun`.
pub const COVMAP_VERSION_4: u32 = 3;
/// Stored covmap version of LLVM 12 (`Version5`): branch regions.
pub const COVMAP_VERSION_5: u32 = 4;
/// Stored covmap version of LLVM 13-17 (`Version6`): compilation directory
/// as filename 0.
pub const COVMAP_VERSION_6: u32 = 5;
/// Stored covmap version of LLVM 18-22 (`Version7`): MC/DC regions.
pub const COVMAP_VERSION_7: u32 = 6;

/// Names section of binary correlation (LLVM 18) in ELF, Wasm and Mach-O.
pub const COVNAMES_SECTION: &str = "__llvm_covnames";
/// Names section of binary correlation (LLVM 18) in COFF.
pub const COFF_COVNAMES_SECTION: &str = ".lcovn";
