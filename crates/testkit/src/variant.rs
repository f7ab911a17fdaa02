//! Variant flags in the high 32 bits of a raw or indexed version word
//! (`VARIANT_MASK_*` in `InstrProfData.inc`), with the LLVM release that
//! introduced each. LLVM 11 to 17 masked only the top 8 bits; LLVM 18 and
//! later mask the top 32.

/// IR PGO instruments loop entries (LLVM 20).
pub const INSTR_LOOP_ENTRIES: u64 = 1 << 55;
/// IR-level instrumentation (clear for clang `-fprofile-instr-generate` and
/// rustc coverage).
pub const IR_PROF: u64 = 1 << 56;
/// Context-sensitive IR PGO; indexed profiles then carry a second summary.
pub const CSIR_PROF: u64 = 1 << 57;
/// The entry block is instrumented first (LLVM 12).
pub const INSTR_ENTRY: u64 = 1 << 58;
/// Data and names are not in the raw file; correlate through debug info
/// (LLVM 14).
pub const DBG_CORRELATE: u64 = 1 << 59;
/// Single-byte counters where a zero byte means "covered" (LLVM 14).
pub const BYTE_COVERAGE: u64 = 1 << 60;
/// One counter per function, for its entry (LLVM 14).
pub const FUNCTION_ENTRY_ONLY: u64 = 1 << 61;
/// The indexed profile has a memory-profile section (LLVM 15). The builders
/// in this crate write none, so do not set it.
pub const MEMPROF: u64 = 1 << 62;
/// The first counter slot of each function is a `u64` timestamp (LLVM 17).
pub const TEMPORAL_PROF: u64 = 1 << 63;
