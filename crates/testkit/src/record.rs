//! One function's profile data as every profile format stores it
//! (`NamedInstrProfRecord`): PGO name, structural hash, counters, MC/DC
//! bitmap bytes (LLVM 18+) and value sites.

use crate::value_prof::ValueData;

/// Bit 60 of a function hash: the record is context-sensitive (CSIR PGO).
/// LLVM 15+ only reports a hash mismatch between records that agree on it.
pub const CS_HASH_FLAG: u64 = 1 << 60;

/// A function's profile record.
///
/// ```
/// use covkit_testkit::FunctionRecord;
///
/// let r = FunctionRecord::new("main", 0x1234, &[1, 0, 5]).with_bitmap(&[0x05]);
/// assert_eq!(r.counts, [1, 0, 5]);
/// assert_eq!(r.bitmap, [0x05]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionRecord {
    /// The PGO name: the mangled name, prefixed with `<file>:` for local
    /// linkage in clang output.
    pub name: String,
    /// The structural hash (`FuncHash`).
    pub hash: u64,
    /// The counter values, in counter-id order.
    pub counts: Vec<u64>,
    /// The MC/DC bitmap bytes (empty without MC/DC).
    pub bitmap: Vec<u8>,
    /// The value sites (empty for coverage builds).
    pub value_data: ValueData,
}

impl FunctionRecord {
    /// A record without bitmap bytes or value sites.
    #[must_use]
    pub fn new(name: &str, hash: u64, counts: &[u64]) -> FunctionRecord {
        FunctionRecord {
            name: name.to_owned(),
            hash,
            counts: counts.to_vec(),
            bitmap: Vec::new(),
            value_data: ValueData::new(),
        }
    }

    /// The same record with `bitmap` as its MC/DC bitmap bytes.
    #[must_use]
    pub fn with_bitmap(mut self, bitmap: &[u8]) -> FunctionRecord {
        self.bitmap = bitmap.to_vec();
        self
    }

    /// The same record with `value_data` as its value sites.
    #[must_use]
    pub fn with_value_data(mut self, value_data: ValueData) -> FunctionRecord {
        self.value_data = value_data;
        self
    }
}
