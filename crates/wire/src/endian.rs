//! Byte order and pointer width as run-time values.
//!
//! LLVM writes raw profiles and coverage-mapping sections in the byte order
//! and pointer width of the instrumented target. Decoders detect both once
//! (from a magic number or the object file header) and carry them along as
//! data, instead of being generic over them, so one compiled decoder handles
//! every target.

/// The byte order of multi-byte integers in the data being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endian {
    /// Least significant byte first (x86, most AArch64 and RISC-V targets).
    Little,
    /// Most significant byte first (s390x, big-endian PowerPC and MIPS).
    Big,
}

impl Endian {
    /// The byte order of the machine running this code.
    #[cfg(target_endian = "little")]
    pub const NATIVE: Endian = Endian::Little;
    /// The byte order of the machine running this code.
    #[cfg(target_endian = "big")]
    pub const NATIVE: Endian = Endian::Big;

    /// Returns `true` for [`Endian::Little`].
    #[must_use]
    pub const fn is_little(self) -> bool {
        matches!(self, Endian::Little)
    }
}

/// The size of a target pointer, as stored in raw profiles (`CountersDelta`,
/// `FunctionPointer`, value-profile pointers) and some section layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PointerWidth {
    /// 4-byte pointers (32-bit targets).
    U32,
    /// 8-byte pointers (64-bit targets).
    U64,
}

impl PointerWidth {
    /// The size of one pointer in bytes: 4 or 8.
    #[must_use]
    pub const fn bytes(self) -> usize {
        match self {
            PointerWidth::U32 => 4,
            PointerWidth::U64 => 8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_matches_the_compiler() {
        assert_eq!(Endian::NATIVE.is_little(), cfg!(target_endian = "little"));
        assert!(Endian::Little.is_little());
        assert!(!Endian::Big.is_little());
    }

    #[test]
    fn pointer_sizes() {
        assert_eq!(PointerWidth::U32.bytes(), 4);
        assert_eq!(PointerWidth::U64.bytes(), 8);
    }
}
