//! Counters by (name, hash): the part of a profile llvm-cov reads.
//!
//! llvm-cov asks its `IndexedInstrProfReader` for `getFunctionCounts(name,
//! hash)`. [`CountSource`] is that question; it is answered by an indexed
//! profile ([`IndexedProfile`]) or by records merged in memory
//! ([`RecordCounts`], e.g. raw profiles merged with
//! [`covkit_profile::merge::merge`]). Both follow the lookup rules of LLVM 15
//! and later (§3.5 of the format notes): a record with the same hash is a
//! match; otherwise the result is a hash mismatch only when some record
//! under the name has the same context-sensitive bit (bit 60), and an
//! unknown function when none does or the name is absent.

use std::collections::HashMap;

use covkit_profile::Record;
use covkit_profile::indexed::IndexedProfile;

use crate::error::Result;

/// Bit 60 of a function hash marks a context-sensitive record.
const CS_HASH_BIT: u64 = 1 << 60;

/// A function's counters and MC/DC bitmap, as found in a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunctionCounts {
    /// The counter values.
    pub counts: Vec<u64>,
    /// The MC/DC bitmap bytes.
    pub bitmap: Vec<u8>,
}

/// The answer to a lookup by name and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A record with this name and hash.
    Found(FunctionCounts),
    /// Records under this name, but none with this hash (llvm-cov drops the
    /// function and counts it).
    HashMismatch,
    /// No usable record (llvm-cov uses zero counts).
    Unknown,
}

/// Something that answers llvm-cov's `getFunctionCounts(name, hash)`.
pub trait CountSource {
    /// Looks up the counters of `name` under `hash`.
    ///
    /// # Errors
    ///
    /// A profile that cannot be read where the lookup lands.
    fn lookup(&self, name: &[u8], hash: u64) -> Result<Lookup>;

    /// Whether MC/DC bitmaps are indexed by byte, as in indexed profiles
    /// before version 12 (LLVM 18); since LLVM 19 they are indexed by bit.
    fn bitmap_byte_indexed(&self) -> bool {
        false
    }
}

/// Picks the record for `hash` among the records of one name, as LLVM 15
/// and later do.
fn choose<'r, I>(records: I, hash: u64) -> Option<Option<&'r FunctionCountsRef<'r>>>
where
    I: IntoIterator<Item = &'r FunctionCountsRef<'r>>,
{
    let mut same_cs = false;
    for r in records {
        if r.hash == hash {
            return Some(Some(r));
        }
        same_cs |= (r.hash & CS_HASH_BIT) == (hash & CS_HASH_BIT);
    }
    same_cs.then_some(None)
}

/// A borrowed view of one record, for [`choose`].
#[derive(Debug)]
struct FunctionCountsRef<'r> {
    hash: u64,
    counts: &'r [u64],
    bitmap: &'r [u8],
}

fn lookup_in(records: &[FunctionCountsRef<'_>], hash: u64) -> Lookup {
    match choose(records, hash) {
        Some(Some(r)) => Lookup::Found(FunctionCounts {
            counts: r.counts.to_vec(),
            bitmap: r.bitmap.to_vec(),
        }),
        Some(None) => Lookup::HashMismatch,
        None => Lookup::Unknown,
    }
}

impl CountSource for IndexedProfile<'_> {
    fn lookup(&self, name: &[u8], hash: u64) -> Result<Lookup> {
        let records = IndexedProfile::lookup(self, name)?;
        let views: Vec<FunctionCountsRef<'_>> = records
            .iter()
            .map(|r| FunctionCountsRef {
                hash: r.hash,
                counts: &r.counts,
                bitmap: &r.bitmap,
            })
            .collect();
        Ok(lookup_in(&views, hash))
    }

    fn bitmap_byte_indexed(&self) -> bool {
        self.version() < 12
    }
}

/// Profile records held in memory, indexed by name: the count source for
/// raw or text profiles (merge them first, as `llvm-profdata merge` would)
/// and for tests.
#[derive(Debug, Clone, Default)]
pub struct RecordCounts {
    by_name: HashMap<Vec<u8>, Vec<(u64, FunctionCounts)>>,
}

impl RecordCounts {
    /// Indexes `records`. Records with the same name and hash after the
    /// first are ignored: merge profiles before building this.
    #[must_use]
    pub fn new<'a>(records: impl IntoIterator<Item = &'a Record<'a>>) -> Self {
        let mut by_name: HashMap<Vec<u8>, Vec<(u64, FunctionCounts)>> = HashMap::new();
        for r in records {
            let entry = by_name.entry(r.name.to_vec()).or_default();
            if entry.iter().all(|(h, _)| *h != r.hash) {
                entry.push((
                    r.hash,
                    FunctionCounts {
                        counts: r.counts.clone(),
                        bitmap: r.bitmap.clone(),
                    },
                ));
            }
        }
        RecordCounts { by_name }
    }

    /// Adds one function's counters (ignored if the name and hash are
    /// already present).
    pub fn insert(&mut self, name: &[u8], hash: u64, counts: FunctionCounts) {
        let entry = self.by_name.entry(name.to_vec()).or_default();
        if entry.iter().all(|(h, _)| *h != hash) {
            entry.push((hash, counts));
        }
    }
}

impl CountSource for RecordCounts {
    fn lookup(&self, name: &[u8], hash: u64) -> Result<Lookup> {
        let Some(records) = self.by_name.get(name) else {
            return Ok(Lookup::Unknown);
        };
        let views: Vec<FunctionCountsRef<'_>> = records
            .iter()
            .map(|(h, c)| FunctionCountsRef {
                hash: *h,
                counts: &c.counts,
                bitmap: &c.bitmap,
            })
            .collect();
        Ok(lookup_in(&views, hash))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(values: &[u64]) -> FunctionCounts {
        FunctionCounts {
            counts: values.to_vec(),
            bitmap: Vec::new(),
        }
    }

    #[test]
    fn lookup_rules() {
        let mut source = RecordCounts::default();
        source.insert(b"f", 7, counts(&[1, 2]));
        source.insert(b"cs", CS_HASH_BIT | 3, counts(&[4]));
        assert_eq!(
            source.lookup(b"f", 7).unwrap(),
            Lookup::Found(counts(&[1, 2]))
        );
        assert_eq!(source.lookup(b"f", 8).unwrap(), Lookup::HashMismatch);
        assert_eq!(source.lookup(b"g", 7).unwrap(), Lookup::Unknown);
        // Only context-sensitive records under the name: not a mismatch.
        assert_eq!(source.lookup(b"cs", 3).unwrap(), Lookup::Unknown);
        assert_eq!(
            source.lookup(b"cs", CS_HASH_BIT | 4).unwrap(),
            Lookup::HashMismatch
        );
    }
}
