//! LLVM's on-disk chained hash table (`OnDiskChainedHashTable` and
//! `OnDiskChainedHashTableGenerator` in `llvm/Support/OnDiskHashTable.h`),
//! as indexed profiles of every version use it, keyed by function name.
//!
//! The payload comes first: bucket after bucket, each a u16 item count then
//! its items, each item a u64 key hash (the MD5 name hash), u64 key length,
//! u64 data length, the key and the data. After zero padding to 8 comes the
//! table at `HashOffset`: u64 `NumBuckets` (a power of two), u64
//! `NumEntries` and one u64 bucket offset per bucket, measured from the
//! start of the file, 0 for an empty bucket. A key lives in bucket
//! `hash & (NumBuckets - 1)`.
//!
//! Reading: lookups go through the bucket array; iteration walks the
//! payload from its start for `NumEntries` items, as LLVM's
//! `OnDiskIterableChainedHashTable` does. Every offset and length is checked
//! against the file, and every step consumes input, so no input can make
//! either loop forever.
//!
//! Writing: [`layout`] reproduces the generator's bucket count and the order
//! of items inside each bucket, which follow from its insertion order and
//! its resizes.

use covkit_wire::{Endian, Reader};

use crate::error::{Error, Result};
use crate::names::name_hash;

/// The table part of an indexed profile, ready for lookups and iteration.
#[derive(Debug, Clone)]
pub(crate) struct Table<'data> {
    data: &'data [u8],
    /// `NumBuckets`, a power of two.
    pub(crate) num_buckets: u64,
    /// `NumEntries`.
    pub(crate) num_entries: u64,
    /// Where the bucket offsets start.
    pub(crate) buckets_at: u64,
    /// Where the payload starts (right after the summaries).
    pub(crate) payload_start: u64,
    /// Where the payload ends: `HashOffset`.
    pub(crate) payload_end: u64,
}

/// One item: a key and its data.
#[derive(Debug, Clone)]
pub(crate) struct Item<'data> {
    /// Where the item starts (its key hash).
    pub(crate) offset: u64,
    /// The stored key hash.
    pub(crate) hash: u64,
    /// The key: a function name.
    pub(crate) key: &'data [u8],
    /// A reader over exactly the item's data.
    pub(crate) data: Reader<'data>,
}

/// A reader over `data[start..end]` with absolute offsets.
pub(crate) fn region(data: &[u8], start: u64, end: u64) -> Result<Reader<'_>> {
    let slice = usize::try_from(start)
        .ok()
        .zip(usize::try_from(end).ok())
        .and_then(|(s, e)| data.get(s..e));
    match slice {
        Some(bytes) => Ok(Reader::with_offset(bytes, Endian::Little, start)),
        None => Err(Error::malformed(
            format!(
                "region {start:#x}..{end:#x} is outside the file of {} bytes",
                data.len()
            ),
            start,
        )),
    }
}

impl<'data> Table<'data> {
    /// Reads the table header at `hash_offset` of `data`, whose payload
    /// starts at `payload_start`.
    pub(crate) fn parse(data: &'data [u8], hash_offset: u64, payload_start: u64) -> Result<Self> {
        let len = u64::try_from(data.len()).unwrap_or(u64::MAX);
        if hash_offset < payload_start || hash_offset > len {
            return Err(Error::malformed(
                format!(
                    "hash table offset {hash_offset:#x} is outside the file area \
                     {payload_start:#x}..{len:#x}"
                ),
                hash_offset,
            ));
        }
        let mut r = region(data, hash_offset, len)?;
        let num_buckets_at = r.offset();
        let num_buckets = r.read_u64()?;
        if !num_buckets.is_power_of_two() {
            return Err(Error::malformed(
                format!("hash table bucket count {num_buckets} is not a power of two"),
                num_buckets_at,
            ));
        }
        let num_entries = r.read_u64()?;
        let buckets_at = r.offset();
        let count = r.check_count(num_buckets, 8, "hash table bucket")?;
        // Every bucket offset must point into the payload, so that a lookup
        // can never land outside it (llvm-profdata only finds out when it
        // looks a name up).
        for index in 0..count {
            let at = r.offset();
            let offset = r.read_u64()?;
            if offset != 0 && (offset < payload_start || offset >= hash_offset) {
                return Err(Error::malformed(
                    format!(
                        "bucket {index} offset {offset:#x} is outside the payload \
                         {payload_start:#x}..{hash_offset:#x}"
                    ),
                    at,
                ));
            }
        }
        Ok(Table {
            data,
            num_buckets,
            num_entries,
            buckets_at,
            payload_start,
            payload_end: hash_offset,
        })
    }

    /// The offset stored in bucket `index` (0: empty).
    pub(crate) fn bucket_offset(&self, index: u64) -> Result<u64> {
        let at = self.buckets_at.saturating_add(index.saturating_mul(8));
        Ok(region(self.data, at, at.saturating_add(8))?.read_u64()?)
    }

    /// The bucket whose payload starts at `offset`: its item count and a
    /// reader positioned at its first item.
    pub(crate) fn bucket(&self, offset: u64) -> Result<(u16, Reader<'data>)> {
        if offset < self.payload_start || offset >= self.payload_end {
            return Err(Error::malformed(
                format!(
                    "bucket offset {offset:#x} is outside the payload {:#x}..{:#x}",
                    self.payload_start, self.payload_end
                ),
                offset,
            ));
        }
        let mut r = region(self.data, offset, self.payload_end)?;
        let count = r.read_u16()?;
        Ok((count, r))
    }

    /// The item whose key is `name`, if any.
    pub(crate) fn find(&self, name: &[u8]) -> Result<Option<Item<'data>>> {
        let hash = name_hash(name);
        let offset = self.bucket_offset(hash & (self.num_buckets - 1))?;
        if offset == 0 {
            return Ok(None);
        }
        let (count, mut r) = self.bucket(offset)?;
        for _ in 0..count {
            let item = read_item(&mut r)?;
            if item.hash == hash && item.key == name {
                return Ok(Some(item));
            }
        }
        Ok(None)
    }

    /// Every item in payload order.
    pub(crate) fn items(&self) -> Items<'data> {
        let payload = region(self.data, self.payload_start, self.payload_end);
        Items {
            payload,
            entries_left: self.num_entries,
            in_bucket_left: 0,
        }
    }
}

/// Reads one item at the start of `r`.
pub(crate) fn read_item<'data>(r: &mut Reader<'data>) -> Result<Item<'data>> {
    let offset = r.offset();
    let hash = r.read_u64()?;
    let key_len = r.read_u64()?;
    let data_len = r.read_u64()?;
    let key_len = r.check_count(key_len, 1, "key byte")?;
    let key = r.read_bytes(key_len)?;
    let data_len = r.check_count(data_len, 1, "item data byte")?;
    let data = r.sub_reader(data_len)?;
    Ok(Item {
        offset,
        hash,
        key,
        data,
    })
}

/// Iterates over the payload's items (`OnDiskIterableChainedHashTable`'s
/// data iterator): `NumEntries` items, reading a bucket's item count
/// whenever the previous bucket is used up. Stops after the first error.
#[derive(Debug, Clone)]
pub(crate) struct Items<'data> {
    payload: Result<Reader<'data>>,
    entries_left: u64,
    in_bucket_left: u16,
}

impl<'data> Items<'data> {
    fn step(&mut self) -> Result<Item<'data>> {
        let r = self.payload.as_mut().map_err(|e| e.clone())?;
        if self.in_bucket_left == 0 {
            let at = r.offset();
            self.in_bucket_left = r.read_u16()?;
            if self.in_bucket_left == 0 {
                return Err(Error::malformed("bucket with no items in the payload", at));
            }
        }
        let item = read_item(r)?;
        self.in_bucket_left -= 1;
        Ok(item)
    }
}

impl<'data> Iterator for Items<'data> {
    type Item = Result<Item<'data>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.entries_left == 0 {
            return None;
        }
        self.entries_left -= 1;
        let item = self.step();
        if item.is_err() {
            self.entries_left = 0;
        }
        Some(item)
    }
}

impl std::iter::FusedIterator for Items<'_> {}

/// The bucket layout `OnDiskChainedHashTableGenerator` emits for keys with
/// `hashes`, inserted in that order: one list of key indices per bucket, in
/// emission order.
///
/// The generator starts with 64 buckets, doubles them whenever an insertion
/// makes `4 * entries >= 3 * buckets`, and before emitting resizes to 1
/// bucket for at most 2 entries, else to the next power of two at or above
/// `entries * 4 / 3 + 1`. Each insertion puts the item at the head of its
/// bucket's list, and each resize walks the old buckets in order, each from
/// head to tail, inserting at the new heads: so the order inside a bucket
/// depends on how many resizes an item has been through.
pub(crate) fn layout(hashes: &[u64]) -> Vec<Vec<usize>> {
    // Each bucket lists its items from tail to head: a push is an insertion
    // at the head.
    let bucket_of = |index: usize, num_buckets: usize| -> usize {
        let hash = hashes.get(index).copied().unwrap_or(0);
        // num_buckets is a power of two, so the mask keeps the index below
        // it and the conversion back is lossless.
        usize::try_from(hash & (num_buckets as u64 - 1)).unwrap_or(0)
    };
    let resize = |buckets: Vec<Vec<usize>>, new_size: usize| -> Vec<Vec<usize>> {
        let mut resized = vec![Vec::new(); new_size];
        for old in &buckets {
            for &item in old.iter().rev() {
                if let Some(b) = resized.get_mut(bucket_of(item, new_size)) {
                    b.push(item);
                }
            }
        }
        resized
    };
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); 64];
    let mut num_entries: u64 = 0;
    for index in 0..hashes.len() {
        num_entries += 1;
        let len = buckets.len();
        if 4 * num_entries >= 3 * len as u64 {
            buckets = resize(buckets, len * 2);
        }
        let b = bucket_of(index, buckets.len());
        if let Some(bucket) = buckets.get_mut(b) {
            bucket.push(index);
        }
    }
    let target = if num_entries <= 2 {
        1
    } else {
        (num_entries * 4 / 3 + 1).next_power_of_two()
    };
    let target = usize::try_from(target).unwrap_or(usize::MAX);
    if target != buckets.len() {
        buckets = resize(buckets, target);
    }
    for bucket in &mut buckets {
        bucket.reverse();
    }
    buckets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_counts() {
        let counts: Vec<usize> = [0u64, 1, 2, 3, 5, 6, 47, 48, 100]
            .iter()
            .map(|&n| layout(&(0..n).collect::<Vec<_>>()).len())
            .collect();
        // n <= 2: 1; else bit_ceil(n * 4 / 3 + 1)
        assert_eq!(counts, [1, 1, 1, 8, 8, 16, 64, 128, 256]);
    }

    #[test]
    fn order_inside_a_bucket_depends_on_resizes() {
        // Three keys in bucket 0 from the start: inserted at the head, then
        // reversed once by the final resize from 64 to 8 buckets.
        assert_eq!(layout(&[0, 64, 128]).first(), Some(&vec![0, 1, 2]));
        // Three keys that only meet in bucket 0 in that resize: it walks the
        // old buckets in order, each item to the new head.
        assert_eq!(layout(&[0, 8, 16]).first(), Some(&vec![2, 1, 0]));
        // 48 keys force one resize (64 -> 128) at the 48th insertion: the
        // 47 earlier keys are reversed once, the 48th is inserted after.
        let hashes: Vec<u64> = (0..48).map(|i| i * 256).collect();
        let l = layout(&hashes);
        assert_eq!(l.len(), 128);
        let first = l.first().unwrap();
        assert_eq!(first.first(), Some(&47));
        assert_eq!(first.get(1), Some(&0));
        assert_eq!(first.last(), Some(&46));
    }

    #[test]
    fn two_keys_share_one_bucket_in_reverse_order() {
        assert_eq!(layout(&[5, 6]), vec![vec![1, 0]]);
    }
}
