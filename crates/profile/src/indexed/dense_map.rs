//! The iteration order of LLVM's `SmallDenseMap<uint64_t, T>` (4 inline
//! buckets; `llvm/ADT/DenseMap.h` and `DenseMapInfo.h` of LLVM 22), which
//! decides the order of the records under one name in an indexed profile:
//! `InstrProfWriter::FunctionData` maps each name to such a map from
//! function hash to record, and `EmitData` writes the records in the map's
//! iteration order.
//!
//! The map hashes a u64 key with the splitmix64-style mixer of LLVM 22
//! (`x *= 0xbf58476d1ce4e5b9; x ^= x >> 31`, truncated to 32 bits), probes
//! quadratically (`bucket += probe++`), grows before an insertion that would
//! make `4 * entries >= 3 * buckets` (from the 4 inline buckets straight to
//! 64, then doubling), re-inserting the old buckets in order, and iterates
//! over its buckets in index order. Nothing is ever erased from these maps,
//! so tombstones never occur. `u64::MAX` and `u64::MAX - 1` are the map's
//! empty and tombstone keys, which LLVM cannot store; here they are ordinary
//! keys.

/// `densemap::detail::mix`, as `DenseMapInfo<uint64_t>::getHashValue`.
fn hash(key: u64) -> u32 {
    let mut x = key.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 31;
    // getHashValue returns `unsigned`: the low 32 bits.
    (x & 0xffff_ffff) as u32
}

/// The inline bucket count of `SmallDenseMap`'s default.
const INLINE_BUCKETS: usize = 4;

struct Map {
    /// Bucket contents: an index into the caller's keys.
    buckets: Vec<Option<usize>>,
    entries: usize,
}

impl Map {
    /// The bucket holding `key`, or the empty bucket where it would go.
    fn probe(&self, keys: &[u64], key: u64) -> (usize, bool) {
        let mask = self.buckets.len() - 1;
        let mut bucket = usize::try_from(hash(key)).unwrap_or(0) & mask;
        // The table is never full (at most 3/4 used), so an empty bucket
        // turns up; the bound on the probes only guards that invariant.
        for step in 1..=self.buckets.len().saturating_mul(2) {
            match self.buckets.get(bucket).copied().flatten() {
                None => return (bucket, false),
                Some(i) if keys.get(i) == Some(&key) => return (bucket, true),
                Some(_) => {}
            }
            bucket = (bucket + step) & mask;
        }
        (bucket, false)
    }

    fn grow(&mut self, keys: &[u64], min_buckets: usize) {
        let new_len = if min_buckets <= INLINE_BUCKETS {
            min_buckets
        } else {
            // max(64, NextPowerOf2(min_buckets - 1))
            min_buckets.next_power_of_two().max(64)
        };
        let old = std::mem::replace(&mut self.buckets, vec![None; new_len]);
        for i in old.into_iter().flatten() {
            if let Some(&key) = keys.get(i) {
                let (b, _) = self.probe(keys, key);
                if let Some(slot) = self.buckets.get_mut(b) {
                    *slot = Some(i);
                }
            }
        }
    }

    fn insert(&mut self, keys: &[u64], i: usize) {
        let Some(&key) = keys.get(i) else { return };
        if self.probe(keys, key).1 {
            return;
        }
        let new_entries = self.entries + 1;
        let len = self.buckets.len();
        if new_entries * 4 >= len * 3 {
            self.grow(keys, len * 2);
        } else if len.saturating_sub(new_entries) <= len / 8 {
            self.grow(keys, len);
        }
        let (b, _) = self.probe(keys, key);
        if let Some(slot) = self.buckets.get_mut(b) {
            *slot = Some(i);
            self.entries = new_entries;
        }
    }
}

/// The order in which a fresh `SmallDenseMap<uint64_t, T>` iterates after
/// `keys` were inserted in the given order: indices into `keys`, each
/// distinct key once (its first occurrence).
pub(crate) fn iteration_order(keys: &[u64]) -> Vec<usize> {
    let mut map = Map {
        buckets: vec![None; INLINE_BUCKETS],
        entries: 0,
    };
    for i in 0..keys.len() {
        map.insert(keys, i);
    }
    map.buckets.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixer_matches_llvm() {
        // mix(1) = 0xbf58476d1ce4e5b9 ^ (0xbf58476d1ce4e5b9 >> 31)
        let x: u64 = 0xbf58_476d_1ce4_e5b9;
        assert_eq!(u64::from(hash(1)), (x ^ (x >> 31)) & 0xffff_ffff);
        assert_eq!(hash(0), 0);
    }

    #[test]
    fn single_and_no_keys() {
        assert_eq!(iteration_order(&[]), Vec::<usize>::new());
        assert_eq!(iteration_order(&[42]), [0]);
        assert_eq!(iteration_order(&[7, 7, 7]), [0]);
    }

    #[test]
    fn two_keys_follow_their_buckets() {
        // Keys with home buckets (of 4) 3 and 0: the one in bucket 0 comes
        // first whatever the insertion order.
        let home = |k: u64| hash(k) & 3;
        let a = (0..).find(|&k| home(k) == 3).unwrap();
        let b = (0..).find(|&k| home(k) == 0).unwrap();
        assert_eq!(iteration_order(&[a, b]), [1, 0]);
        assert_eq!(iteration_order(&[b, a]), [0, 1]);
    }

    #[test]
    fn collisions_depend_on_insertion_order() {
        // Two keys with home bucket 3: the second probes on to bucket 0
        // (3 + 1, wrapped) and is iterated first.
        let mut homes3 = (0..).filter(|&k| hash(k) & 3 == 3);
        let (a, b) = (homes3.next().unwrap(), homes3.next().unwrap());
        assert_eq!(iteration_order(&[a, b]), [1, 0]);
        assert_eq!(iteration_order(&[b, a]), [1, 0]);
    }

    #[test]
    fn third_key_grows_to_64_buckets() {
        // Three keys with home bucket 0 of 4 but distinct home buckets of
        // 64: after the growth at the third insertion they are iterated by
        // their home bucket modulo 64.
        let mut seen = Vec::new();
        let keys: Vec<u64> = (0..)
            .filter(|&k| {
                let home = hash(k) & 63;
                if hash(k) & 3 == 0 && !seen.contains(&home) {
                    seen.push(home);
                    true
                } else {
                    false
                }
            })
            .take(3)
            .collect();
        let mut expected: Vec<(u32, usize)> = keys
            .iter()
            .enumerate()
            .map(|(i, &k)| (hash(k) & 63, i))
            .collect();
        expected.sort_unstable();
        let expected: Vec<usize> = expected.into_iter().map(|(_, i)| i).collect();
        assert_eq!(iteration_order(&keys), expected);
    }
}
