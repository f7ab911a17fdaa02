//! Merging one value-profile site (`InstrProfValueSiteRecord::merge`,
//! `scale` and `sortByCount` in LLVM 22's `InstrProf.cpp`).
//!
//! LLVM sorts both sites by value, adds the counts of equal values and keeps
//! the rest, then sorts the result by count (stable, descending) and keeps
//! at most 255 values. Values repeat within a site only for unknown targets
//! (value 0); LLVM pairs such repeats position by position after an
//! unstable sort. Here every contributor's site is put once into canonical
//! order (by value, then by count descending) and repeats are paired by
//! rank, which makes the merge commutative and associative. The 255-value
//! cut happens once, at the end, instead of after every input.

use crate::record::ValueData;

/// LLVM keeps at most this many values per site
/// (`INSTR_PROF_MAX_NUM_VAL_PER_SITE`).
pub(crate) const MAX_VALUES_PER_SITE: usize = 255;

/// One site being merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Site {
    /// The values: in the input's order while one input contributed, else
    /// canonical (by value, runs of equal values by rank).
    values: Vec<ValueData>,
    canonical: bool,
    /// A count saturated at `u64::MAX` (LLVM's `counter_overflow`).
    pub(crate) saturated: bool,
}

impl Site {
    /// The site of one input, its counts multiplied by `weight` (saturating,
    /// as LLVM's `scale`).
    pub(crate) fn single(values: &[ValueData], weight: u64) -> Self {
        let mut saturated = false;
        let values = values
            .iter()
            .map(|v| {
                let (count, over) = v.count.overflowing_mul(weight);
                saturated |= over;
                ValueData {
                    value: v.value,
                    count: if over { u64::MAX } else { count },
                }
            })
            .collect();
        Site {
            values,
            canonical: false,
            saturated,
        }
    }

    fn canonicalize(&mut self) {
        if !self.canonical {
            self.values
                .sort_by(|a, b| a.value.cmp(&b.value).then(b.count.cmp(&a.count)));
            self.canonical = true;
        }
    }

    /// Adds `other`'s counts to this site.
    pub(crate) fn absorb(&mut self, mut other: Site) {
        self.canonicalize();
        other.canonicalize();
        let mut saturated = self.saturated || other.saturated;
        let a = std::mem::take(&mut self.values);
        let b = other.values;
        let mut merged = Vec::with_capacity(a.len().max(b.len()));
        let (mut ra, mut rb) = (a.as_slice(), b.as_slice());
        loop {
            let (Some(x), Some(y)) = (ra.first(), rb.first()) else {
                merged.extend_from_slice(ra);
                merged.extend_from_slice(rb);
                break;
            };
            if x.value != y.value {
                let (rest, v) = if x.value < y.value {
                    (&mut ra, *x)
                } else {
                    (&mut rb, *y)
                };
                merged.push(v);
                *rest = rest.get(1..).unwrap_or_default();
                continue;
            }
            let value = x.value;
            let run_a = ra.iter().take_while(|v| v.value == value).count();
            let run_b = rb.iter().take_while(|v| v.value == value).count();
            let (head_a, tail_a) = ra.split_at(run_a);
            let (head_b, tail_b) = rb.split_at(run_b);
            for k in 0..run_a.max(run_b) {
                let count = match (head_a.get(k), head_b.get(k)) {
                    (Some(p), Some(q)) => {
                        let (sum, over) = p.count.overflowing_add(q.count);
                        saturated |= over;
                        if over { u64::MAX } else { sum }
                    }
                    (Some(p), None) | (None, Some(p)) => p.count,
                    (None, None) => continue,
                };
                merged.push(ValueData { value, count });
            }
            ra = tail_a;
            rb = tail_b;
        }
        self.values = merged;
        self.saturated = saturated;
    }

    /// The values as LLVM stores them after a merge: by count, descending
    /// (stable), at most [`MAX_VALUES_PER_SITE`].
    pub(crate) fn finish(mut self) -> Vec<ValueData> {
        self.values.sort_by_key(|v| std::cmp::Reverse(v.count));
        self.values.truncate(MAX_VALUES_PER_SITE);
        self.values
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn v(value: u64, count: u64) -> ValueData {
        ValueData { value, count }
    }

    #[test]
    fn single_site_keeps_input_order_among_equal_counts() {
        let site = Site::single(&[v(9, 1), v(3, 5), v(7, 1)], 2);
        assert_eq!(site.finish(), [v(3, 10), v(9, 2), v(7, 2)]);
    }

    #[test]
    fn merged_sites_add_equal_values_and_sort_by_count_then_value() {
        let mut a = Site::single(&[v(9, 1), v(3, 5)], 1);
        a.absorb(Site::single(&[v(7, 1), v(9, 4)], 1));
        assert_eq!(a.finish(), [v(3, 5), v(9, 5), v(7, 1)]);
    }

    #[test]
    fn repeated_values_pair_by_rank_in_any_order() {
        let a = || Site::single(&[v(0, 1), v(0, 5)], 1);
        let b = || Site::single(&[v(0, 2)], 1);
        let c = || Site::single(&[v(0, 3), v(0, 4), v(0, 9)], 1);
        let mut x = a();
        x.absorb(b());
        x.absorb(c());
        let mut y = c();
        let mut bc = b();
        bc.absorb(a());
        y.absorb(bc);
        assert_eq!(x.clone().finish(), y.finish());
        assert_eq!(x.finish(), [v(0, 16), v(0, 5), v(0, 3)]);
    }

    #[test]
    fn saturation_is_flagged() {
        let mut a = Site::single(&[v(1, u64::MAX - 1)], 1);
        assert!(!a.saturated);
        a.absorb(Site::single(&[v(1, 2)], 1));
        assert!(a.saturated);
        assert_eq!(a.finish(), [v(1, u64::MAX)]);
        assert!(Site::single(&[v(1, u64::MAX / 2 + 1)], 2).saturated);
    }
}
