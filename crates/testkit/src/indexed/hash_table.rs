//! LLVM's on-disk chained hash table (`OnDiskChainedHashTableGenerator`
//! in `llvm/Support/OnDiskHashTable.h`) with the indexed profile's item
//! encoding (`InstrProfRecordWriterTrait`), all little endian.
//!
//! The payload comes first: for each non-empty bucket in index order, a u16
//! item count, then per item a u64 key hash, u64 key length, u64 data
//! length, the key bytes and the data bytes. Then zero padding to 8, then
//! the table: u64 `NumBuckets` (a power of two), u64 `NumEntries` and one
//! u64 file offset per bucket (0 for an empty bucket). The bucket of an item
//! is `hash & (NumBuckets - 1)`.
//!
//! The generator's own bookkeeping is reproduced (64 initial buckets,
//! doubling at 3/4 occupancy, head insertion, final resize to one bucket for
//! up to two entries or the next power of two above `4N/3`), so items land
//! in buckets in the same order as LLVM's.

use crate::bytes::{ByteWriter, padding_to};

/// One key and its encoded data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The key hash (MD5 low 64 of the key for indexed profiles).
    pub hash: u64,
    /// The key bytes (the PGO function name).
    pub key: Vec<u8>,
    /// The encoded data.
    pub data: Vec<u8>,
}

fn insert(buckets: &mut [Vec<usize>], items: &[Item], index: usize) {
    let mask = buckets.len() as u64 - 1;
    // The mask is below the bucket count, so the cast cannot truncate.
    let b = (items[index].hash & mask) as usize;
    buckets[b].insert(0, index);
}

fn resize(buckets: Vec<Vec<usize>>, items: &[Item], new_size: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); new_size];
    for bucket in buckets {
        for index in bucket {
            insert(&mut out, items, index);
        }
    }
    out
}

/// Appends the payload and the table for `items` (inserted in this order)
/// to `out`, whose length is the current file offset. Returns the offset of
/// the table (`HashOffset`).
pub fn emit(out: &mut ByteWriter, items: &[Item]) -> u64 {
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); 64];
    for index in 0..items.len() {
        if 4 * (index + 1) >= 3 * buckets.len() {
            let doubled = buckets.len() * 2;
            buckets = resize(buckets, items, doubled);
        }
        insert(&mut buckets, items, index);
    }
    let target = if items.len() <= 2 {
        1
    } else {
        (items.len() * 4 / 3 + 1).next_power_of_two()
    };
    if target != buckets.len() {
        buckets = resize(buckets, items, target);
    }

    let mut offsets = vec![0u64; buckets.len()];
    for (b, bucket) in buckets.iter().enumerate() {
        if bucket.is_empty() {
            continue;
        }
        offsets[b] = out.len() as u64;
        out.u16(u16::try_from(bucket.len()).expect("fewer than 2^16 items per bucket"));
        for &index in bucket {
            let item = &items[index];
            out.u64(item.hash)
                .u64(item.key.len() as u64)
                .u64(item.data.len() as u64)
                .bytes(&item.key)
                .bytes(&item.data);
        }
    }
    let pad = padding_to(out.len(), 8);
    out.zeros(pad);
    let table = out.len() as u64;
    out.u64(buckets.len() as u64).u64(items.len() as u64);
    for offset in offsets {
        out.u64(offset);
    }
    table
}

/// Reads every item back in payload order, for tests: `(hash, key, data)`.
///
/// # Panics
///
/// On malformed input.
#[must_use]
pub fn read_all(file: &[u8], payload_start: usize, table: usize) -> Vec<Item> {
    let u64_at = |at: usize| u64::from_le_bytes(file[at..at + 8].try_into().expect("8 bytes"));
    let num_buckets = u64_at(table) as usize;
    let mut items = Vec::new();
    let mut offsets: Vec<usize> = (0..num_buckets)
        .map(|b| u64_at(table + 16 + 8 * b) as usize)
        .filter(|&o| o != 0)
        .collect();
    offsets.sort_unstable();
    for mut at in offsets {
        assert!(at >= payload_start);
        let count = u16::from_le_bytes(file[at..at + 2].try_into().expect("2 bytes"));
        at += 2;
        for _ in 0..count {
            let hash = u64_at(at);
            let key_len = u64_at(at + 8) as usize;
            let data_len = u64_at(at + 16) as usize;
            at += 24;
            let key = file[at..at + key_len].to_vec();
            at += key_len;
            let data = file[at..at + data_len].to_vec();
            at += data_len;
            items.push(Item { hash, key, data });
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytes::Endian;
    use crate::hash::md5_low64;

    fn item(name: &str) -> Item {
        Item {
            hash: md5_low64(name.as_bytes()),
            key: name.as_bytes().to_vec(),
            data: vec![0xaa; 8],
        }
    }

    #[test]
    fn bucket_counts_follow_llvm() {
        for (n, buckets) in [
            (0, 1),
            (1, 1),
            (2, 1),
            (3, 8),
            (6, 16),
            (12, 32),
            (100, 256),
        ] {
            let items: Vec<Item> = (0..n).map(|i| item(&format!("f{i}"))).collect();
            let mut w = ByteWriter::new(Endian::Little);
            w.zeros(16);
            let table = emit(&mut w, &items) as usize;
            let bytes = w.into_bytes();
            assert_eq!(table % 8, 0);
            let nb = u64::from_le_bytes(bytes[table..table + 8].try_into().expect("8"));
            assert_eq!(nb, buckets, "{n} entries");
            let back = read_all(&bytes, 16, table);
            assert_eq!(back.len(), n);
            for it in &back {
                let b = (it.hash & (nb - 1)) as usize;
                let off = u64::from_le_bytes(
                    bytes[table + 16 + 8 * b..table + 24 + 8 * b]
                        .try_into()
                        .expect("8"),
                );
                assert_ne!(off, 0, "item's bucket is not empty");
            }
        }
    }

    #[test]
    fn items_keep_their_bytes() {
        let items = vec![item("main"), item("foo")];
        let mut w = ByteWriter::new(Endian::Little);
        w.zeros(8);
        let table = emit(&mut w, &items) as usize;
        let bytes = w.into_bytes();
        // One bucket holding both; the order follows LLVM's resize from 64
        // buckets, i.e. the items' bucket indices there.
        let mut back = read_all(&bytes, 8, table);
        back.sort_by(|a, b| a.key.cmp(&b.key));
        assert_eq!(back, [item("foo"), item("main")]);
        assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 2);
    }
}
