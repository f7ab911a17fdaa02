//! The decoded form every reader produces and the merge consumes.
//!
//! A [`Record`] is one function's counters under one structural hash, as
//! LLVM's `NamedInstrProfRecord` holds it: counts, MC/DC bitmap bytes and
//! value-profile sites. Readers borrow the name from the input where they can;
//! the merged store owns everything.

use std::borrow::Cow;

use crate::format;

/// The variant flags of a profile: the high 32 bits of its version word
/// (`VARIANT_MASK_*` in `InstrProfData.inc`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Variant(pub u64);

impl Variant {
    /// The flags of a version word, without the version number.
    #[must_use]
    pub fn from_version_word(word: u64) -> Self {
        Variant(word & format::VARIANT_MASKS_ALL)
    }

    fn has(self, mask: u64) -> bool {
        self.0 & mask != 0
    }

    /// IR-level instrumentation (as opposed to front-end, which clang's and
    /// rustc's coverage use).
    #[must_use]
    pub fn is_ir(self) -> bool {
        self.has(format::VARIANT_MASK_IR_PROF)
    }

    /// Context-sensitive IR instrumentation.
    #[must_use]
    pub fn is_context_sensitive(self) -> bool {
        self.has(format::VARIANT_MASK_CSIR_PROF)
    }

    /// The entry block is instrumented first.
    #[must_use]
    pub fn is_entry_first(self) -> bool {
        self.has(format::VARIANT_MASK_INSTR_ENTRY)
    }

    /// Data and names are correlated through debug info.
    #[must_use]
    pub fn is_debug_info_correlated(self) -> bool {
        self.has(format::VARIANT_MASK_DBG_CORRELATE)
    }

    /// Single-byte counters (read as 0 or 1).
    #[must_use]
    pub fn is_byte_coverage(self) -> bool {
        self.has(format::VARIANT_MASK_BYTE_COVERAGE)
    }

    /// One counter per function.
    #[must_use]
    pub fn is_function_entry_only(self) -> bool {
        self.has(format::VARIANT_MASK_FUNCTION_ENTRY_ONLY)
    }

    /// The profile carries a memory profile (indexed only).
    #[must_use]
    pub fn has_memprof(self) -> bool {
        self.has(format::VARIANT_MASK_MEMPROF)
    }

    /// Temporal profiling: slot 0 of each function is a timestamp.
    #[must_use]
    pub fn is_temporal(self) -> bool {
        self.has(format::VARIANT_MASK_TEMPORAL_PROF)
    }

    /// IR PGO instruments loop entries.
    #[must_use]
    pub fn is_loop_entries(self) -> bool {
        self.has(format::VARIANT_MASK_INSTR_LOOP_ENTRIES)
    }
}

/// The kinds of value profiling (`IPVK_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ValueKind {
    /// Targets of indirect calls (`IPVK_IndirectCallTarget`, 0).
    IndirectCallTarget,
    /// Sizes of memory intrinsics (`IPVK_MemOPSize`, 1).
    MemOpSize,
    /// Targets of virtual calls (`IPVK_VTableTarget`, 2; LLVM 19).
    VTableTarget,
}

impl ValueKind {
    /// All kinds, in LLVM's numbering order.
    pub const ALL: [ValueKind; 3] = [
        ValueKind::IndirectCallTarget,
        ValueKind::MemOpSize,
        ValueKind::VTableTarget,
    ];

    /// The kind with LLVM's number `n`, if it is known.
    #[must_use]
    pub fn from_u32(n: u32) -> Option<Self> {
        Self::ALL.get(usize::try_from(n).ok()?).copied()
    }

    /// LLVM's number of this kind.
    #[must_use]
    pub fn as_u32(self) -> u32 {
        match self {
            ValueKind::IndirectCallTarget => 0,
            ValueKind::MemOpSize => 1,
            ValueKind::VTableTarget => 2,
        }
    }
}

/// One profiled value and how often it was seen (`InstrProfValueData`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ValueData {
    /// The value: a size, or the MD5 of a target's name.
    pub value: u64,
    /// How often it was seen.
    pub count: u64,
}

/// The value-profile sites of one record, per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ValueProfile {
    /// `sites[kind]` holds one list of values per site of that kind.
    pub sites: [Vec<Vec<ValueData>>; 3],
}

impl ValueProfile {
    /// The sites of `kind`.
    #[must_use]
    pub fn sites(&self, kind: ValueKind) -> &[Vec<ValueData>] {
        match kind {
            ValueKind::IndirectCallTarget => &self.sites[0],
            ValueKind::MemOpSize => &self.sites[1],
            ValueKind::VTableTarget => &self.sites[2],
        }
    }

    /// Whether no kind has any site.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sites.iter().all(Vec::is_empty)
    }
}

/// One function's counters under one structural hash.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record<'data> {
    /// The PGO name: a mangled symbol, with `file:` in front for local
    /// functions of C and C++.
    pub name: Cow<'data, [u8]>,
    /// The structural hash (`FuncHash`); bit 60 marks context-sensitive
    /// records.
    pub hash: u64,
    /// The counter values, already decoded (byte-coverage counters read as
    /// 0 or 1).
    pub counts: Vec<u64>,
    /// The MC/DC bitmap bytes (LLVM 18 and later).
    pub bitmap: Vec<u8>,
    /// Value-profile data; empty for coverage builds.
    pub values: ValueProfile,
}

impl Record<'_> {
    /// The record with an owned name, detached from the input bytes.
    #[must_use]
    pub fn into_owned(self) -> Record<'static> {
        Record {
            name: Cow::Owned(self.name.into_owned()),
            hash: self.hash,
            counts: self.counts,
            bitmap: self.bitmap,
            values: self.values,
        }
    }

    /// The name as text, with invalid UTF-8 replaced (names are ASCII in
    /// practice).
    #[must_use]
    pub fn name_lossy(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_flags_come_from_the_high_bits() {
        let v = Variant::from_version_word(0x3100_0000_0000_000a);
        assert!(v.is_ir() && v.is_byte_coverage() && v.is_function_entry_only());
        assert!(!v.is_temporal() && !v.is_context_sensitive());
        assert_eq!(Variant::from_version_word(10), Variant::default());
    }

    #[test]
    fn value_kinds_round_trip() {
        for kind in ValueKind::ALL {
            assert_eq!(ValueKind::from_u32(kind.as_u32()), Some(kind));
        }
        assert_eq!(ValueKind::from_u32(3), None);
    }
}
