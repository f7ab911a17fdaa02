//! On-disk constants of LLVM's profile formats (`InstrProfData.inc`).
//!
//! Logic-free on purpose: magics, version numbers and variant bits, named as
//! LLVM names them, with the LLVM release that introduced each.

/// Magic of a 64-bit raw profile (`INSTR_PROF_RAW_MAGIC_64`), `"\xfflprofr\x81"`.
pub const INSTR_PROF_RAW_MAGIC_64: u64 = 0xFF6C_7072_6F66_7281;
/// Magic of a 32-bit raw profile (`INSTR_PROF_RAW_MAGIC_32`), `"\xfflprofR\x81"`.
pub const INSTR_PROF_RAW_MAGIC_32: u64 = 0xFF6C_7072_6F66_5281;
/// Magic of an indexed profile (`IndexedInstrProf::Magic`), `"\xfflprofi\x81"`.
pub const INDEXED_INSTR_PROF_MAGIC: u64 = 0x8169_666F_7270_6CFF;

/// Raw versions covkit reads: 5 (LLVM 11-12), 7 (13), 8 (14-17), 9 (18),
/// 10 (19-22) and 11 (23).
pub const RAW_VERSIONS: [u64; 6] = [5, 7, 8, 9, 10, 11];
/// Indexed versions covkit reads: 5 to 13 (LLVM 22 writes 13).
pub const INDEXED_VERSIONS: std::ops::RangeInclusive<u64> = 5..=13;

/// Mask of the version number in the version word (LLVM 18 and later; up to
/// LLVM 17 only the top 8 bits were flags, which is the same for all real files).
pub const VARIANT_MASKS_ALL: u64 = 0xFFFF_FFFF_0000_0000;
/// IR PGO instruments loop entries (LLVM 20).
pub const VARIANT_MASK_INSTR_LOOP_ENTRIES: u64 = 1 << 55;
/// IR-level instrumentation.
pub const VARIANT_MASK_IR_PROF: u64 = 1 << 56;
/// Context-sensitive IR instrumentation.
pub const VARIANT_MASK_CSIR_PROF: u64 = 1 << 57;
/// Entry block instrumented first (LLVM 12).
pub const VARIANT_MASK_INSTR_ENTRY: u64 = 1 << 58;
/// Data and names are correlated through debug info, not stored (LLVM 14).
pub const VARIANT_MASK_DBG_CORRELATE: u64 = 1 << 59;
/// Single-byte counters, where a zero byte means "covered" (LLVM 14).
pub const VARIANT_MASK_BYTE_COVERAGE: u64 = 1 << 60;
/// One counter per function, for its entry (LLVM 14).
pub const VARIANT_MASK_FUNCTION_ENTRY_ONLY: u64 = 1 << 61;
/// The indexed profile carries a memory profile (LLVM 15).
pub const VARIANT_MASK_MEMPROF: u64 = 1 << 62;
/// The first counter slot of each function is a timestamp (LLVM 17).
pub const VARIANT_MASK_TEMPORAL_PROF: u64 = 1 << 63;

/// Counts saturate at this value when merged (`llvm-profdata`'s cap).
pub const MAX_COUNT: u64 = u64::MAX - 2;
