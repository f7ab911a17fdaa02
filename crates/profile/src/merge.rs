//! Merging profiles as `llvm-profdata merge` (LLVM 22's
//! `mergeInstrProfile`, `loadInput`, `InstrProfWriter::addRecord` and
//! `InstrProfRecord::merge`) does, with a result that does not depend on
//! the order of the inputs or on the number of threads.
//!
//! Records are keyed by (function name, function hash): records of the same
//! function under different hashes stay apart. Counts of equal keys are
//! added, each multiplied by its input's weight, saturating at LLVM's cap
//! [`MAX_COUNT`](crate::format::MAX_COUNT); MC/DC bitmap bytes are OR-ed;
//! value sites are merged value by value. Records that cannot be merged
//! (another counter count, bitmap size or site count) are dropped and
//! reported; see the `records` submodule docs for which one survives. Input
//! kinds are checked as LLVM checks them; see `kinds`.
//!
//! Failure modes are LLVM's `--failure-mode`: [`FailureMode::Any`] fails
//! the merge when an input cannot be used, [`FailureMode::All`] only when no
//! input can, [`FailureMode::Warn`] never. Empty inputs are skipped
//! silently and do not count as failed, as in LLVM.
//!
//! ```
//! use covkit_profile::merge::{merge, Input, MergeOptions};
//!
//! let a = b"main\n24\n2\n1\n5\n";
//! let b = b"main\n24\n2\n1\n7\n";
//! let merged = merge(
//!     &[Input::new(a), Input::weighted(b, 2)],
//!     &MergeOptions::default(),
//! )?;
//! assert_eq!(merged.records[0].counts, [3, 19]);
//! assert!(merged.diagnostics.is_empty());
//! # Ok::<(), covkit_profile::merge::MergeFailure>(())
//! ```

mod diagnostic;
mod kinds;
mod records;
mod sites;
mod twins;

use std::collections::BTreeSet;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use diagnostic::{Diagnostic, Dropped, Incompatibility};

use crate::error::Error;
use crate::indexed;
use crate::raw::{self, RawProfile};
use crate::read::Profile;
use crate::record::{Record, Variant};
use crate::text;
use kinds::{Class, KindKey};
use twins::Twin;

/// How many groups of raw profiles of one binary a store keeps apart
/// (each holds a copy of its first profile); profiles of further binaries
/// are merged record by record.
const MAX_TWINS: usize = 16;

/// One input of a merge: a profile's bytes and their weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Input<'data> {
    /// The profile, of any kind.
    pub data: &'data [u8],
    /// What every count of the input is multiplied by (`--weighted-input`);
    /// LLVM requires at least 1, and 0 counts as 1 here.
    pub weight: u64,
}

impl<'data> Input<'data> {
    /// An input of weight 1.
    #[must_use]
    pub fn new(data: &'data [u8]) -> Self {
        Input { data, weight: 1 }
    }

    /// An input of weight `weight`.
    #[must_use]
    pub fn weighted(data: &'data [u8], weight: u64) -> Self {
        Input { data, weight }
    }
}

/// When a merge with unusable inputs fails (`--failure-mode`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum FailureMode {
    /// Fail if any input cannot be used; reading stops at the first such
    /// input (the one with the lowest index), which is the only one
    /// reported.
    #[default]
    Any,
    /// Fail only if no input can be used.
    All,
    /// Never fail; unusable inputs are reported and skipped.
    Warn,
}

impl FailureMode {
    /// The mode spelled as in `--failure-mode=` (`any`, `all`, `warn`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "any" => Some(FailureMode::Any),
            "all" => Some(FailureMode::All),
            "warn" => Some(FailureMode::Warn),
            _ => None,
        }
    }
}

/// Options of [`merge`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeOptions {
    /// When the merge fails.
    pub failure_mode: FailureMode,
    /// Threads to read and merge with; 0 picks as LLVM does: the hardware
    /// threads, but no more than half the inputs (rounded up).
    pub threads: usize,
}

/// The result of a merge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// The variant flags of the merged inputs, OR-ed (without the temporal
    /// and memprof flags, whose data is not merged).
    pub variant: Variant,
    /// The merged records, sorted by name; the records of one name (under
    /// different hashes) in the order `llvm-profdata merge -j1` first sees
    /// them: by input, then by position in the input. That order decides
    /// their layout in an indexed profile; the text writer sorts by hash.
    pub records: Vec<Record<'static>>,
    /// The binary IDs of all merged inputs, sorted and without duplicates.
    pub binary_ids: Vec<Vec<u8>>,
    /// What was dropped, capped or not read, sorted by input.
    pub diagnostics: Vec<Diagnostic>,
}

impl Merged {
    /// The merged profile as an indexed profile, as `llvm-profdata merge`
    /// writes it.
    #[must_use]
    pub fn to_indexed(&self, options: &indexed::WriteOptions) -> Vec<u8> {
        indexed::write(&self.records, self.variant, &self.binary_ids, options)
    }

    /// The merged profile as a text profile, as `llvm-profdata merge --text`
    /// writes it; `sparse` leaves out functions without non-zero data.
    #[must_use]
    pub fn to_text(&self, sparse: bool) -> Vec<u8> {
        let options = text::WriteOptions {
            sparse,
            temporal: None,
        };
        text::write(&self.records, self.variant, &options)
    }
}

/// A merge that failed under its [`FailureMode`]: LLVM's "no profile can be
/// merged".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeFailure {
    /// Why: the inputs that could not be used, and anything else found.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for MergeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no profile can be merged")
    }
}

impl std::error::Error for MergeFailure {}

/// Profiles being merged: add them in any order, combine stores built on
/// other threads, then [`finish`](MergeStore::finish).
#[derive(Debug, Clone, Default)]
pub struct MergeStore {
    classes: Vec<Class>,
    unreadable: Vec<(usize, Error)>,
    not_loaded: Vec<usize>,
    empty: Vec<usize>,
    twins: Vec<Twin>,
}

fn input_id(input: usize) -> u32 {
    u32::try_from(input).unwrap_or(u32::MAX)
}

impl MergeStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        MergeStore::default()
    }

    /// The class of `key`, made if new (never `None`).
    fn class(&mut self, key: KindKey) -> Option<&mut Class> {
        let index = match self.classes.iter().position(|c| c.key == key) {
            Some(i) => i,
            None => {
                self.classes.push(Class::new(key));
                self.classes.len() - 1
            }
        };
        self.classes.get_mut(index)
    }

    /// Reads `data` and adds it as the input numbered `input`, with
    /// `weight`. A raw profile with the layout of one added before (another
    /// run of the same binary) is merged by adding its counters, without
    /// decoding it (see the `twins` submodule docs); the result is the same
    /// as [`add`](MergeStore::add) of its decoded [`Profile`].
    ///
    /// # Errors
    ///
    /// The errors of [`Profile::parse`]; nothing is added then.
    pub fn add_bytes(&mut self, input: usize, data: &[u8], weight: u64) -> Result<(), Error> {
        if !raw::is_raw_profile(data) {
            let profile = Profile::parse(data)?;
            self.add(input, &profile, weight);
            return Ok(());
        }
        let id = input_id(input);
        if let Some(twin) = self.twins.iter_mut().find(|t| t.matches(data))
            && twin.add(data, id, weight)
        {
            return Ok(());
        }
        let profiles = RawProfile::parse_all(data)?;
        if self.twins.len() < MAX_TWINS
            && let Some(mut twin) = Twin::new(data, &profiles)
            && twin.add(data, id, weight)
        {
            self.twins.push(twin);
            return Ok(());
        }
        self.add(input, &Profile::from_raw(profiles), weight);
        Ok(())
    }

    /// Adds `profile`, the input numbered `input`, with `weight`.
    pub fn add(&mut self, input: usize, profile: &Profile<'_>, weight: u64) {
        let key = KindKey {
            variant: profile.variant.0,
            front_end: profile.front_end,
        };
        let Some(class) = self.class(key) else {
            return;
        };
        let id = input_id(input);
        class.inputs.insert(id);
        for (position, record) in profile.records.iter().enumerate() {
            let position = u32::try_from(position).unwrap_or(u32::MAX);
            class.records.add(record, id, position, weight);
        }
        class
            .binary_ids
            .extend(profile.binary_ids.iter().map(|b| b.to_vec()));
        if profile.variant.is_temporal() || profile.temporal.is_some() {
            class.dropped.insert((id, Dropped::TemporalTraces));
        }
        if profile.variant.has_memprof() {
            class.dropped.insert((id, Dropped::MemProf));
        }
    }

    /// Records that input `input` could not be read.
    pub fn add_unreadable(&mut self, input: usize, error: Error) {
        self.unreadable.push((input, error));
    }

    /// Records that input `input` could not be loaded by the caller
    /// (reported as [`Diagnostic::NotLoaded`]).
    pub fn add_not_loaded(&mut self, input: usize) {
        self.not_loaded.push(input);
    }

    /// Records that input `input` is empty (reported as
    /// [`Diagnostic::Empty`]; `llvm-profdata` skips it without a word).
    pub fn add_empty(&mut self, input: usize) {
        self.empty.push(input);
    }

    /// Adds everything `other` holds.
    pub fn absorb(&mut self, other: MergeStore) {
        for class in other.classes {
            match self.classes.iter_mut().find(|c| c.key == class.key) {
                Some(mine) => mine.absorb(class),
                None => self.classes.push(class),
            }
        }
        for twin in other.twins.into_iter().filter(|t| !t.members.is_empty()) {
            match self.twins.iter_mut().find(|t| t.same_as(&twin)) {
                Some(mine) => mine.absorb(twin),
                None => self.twins.push(twin),
            }
        }
        self.unreadable.extend(other.unreadable);
        self.not_loaded.extend(other.not_loaded);
        self.empty.extend(other.empty);
    }

    /// Copies of the groups of twins without members, to start another
    /// store with.
    fn empty_twins(&self) -> Vec<Twin> {
        self.twins.iter().map(Twin::empty_like).collect()
    }

    /// The lowest-numbered input that could not be read or loaded.
    fn first_failure(&self) -> Option<Diagnostic> {
        let unreadable = self
            .unreadable
            .iter()
            .min_by_key(|(i, _)| *i)
            .map(|(input, error)| Diagnostic::Unreadable {
                input: *input,
                error: error.clone(),
            });
        let not_loaded = self
            .not_loaded
            .iter()
            .min()
            .map(|&input| Diagnostic::NotLoaded { input });
        match (unreadable, not_loaded) {
            (Some(a), Some(b)) => Some(if a.input() < b.input() { a } else { b }),
            (a, b) => a.or(b),
        }
    }

    /// Moves the groups of twins into the record store of their class.
    fn settle_twins(&mut self) {
        for twin in std::mem::take(&mut self.twins) {
            if twin.members.is_empty() {
                continue;
            }
            let key = KindKey {
                variant: twin.variant,
                front_end: false,
            };
            let contributors = u32::try_from(twin.members.len()).unwrap_or(u32::MAX);
            let first = twin.members.iter().map(|m| m.0).min().unwrap_or(0);
            let weighted = twin.members.iter().any(|m| m.1);
            let Some(class) = self.class(key) else {
                continue;
            };
            class.inputs.extend(twin.members.iter().map(|m| m.0));
            class.binary_ids.extend(twin.binary_ids.iter().cloned());
            for (position, record) in twin.into_records().enumerate() {
                let position = u32::try_from(position).unwrap_or(u32::MAX);
                class
                    .records
                    .add_group(record, first, position, contributors, weighted);
            }
        }
    }

    /// The merged profile; unreadable and incompatible inputs, dropped
    /// records and saturated counts are in its diagnostics.
    #[must_use]
    pub fn finish(mut self) -> Merged {
        self.settle_twins();
        let mut diagnostics: Vec<Diagnostic> = self
            .unreadable
            .into_iter()
            .map(|(input, error)| Diagnostic::Unreadable { input, error })
            .chain(
                self.not_loaded
                    .into_iter()
                    .map(|input| Diagnostic::NotLoaded { input }),
            )
            .chain(
                self.empty
                    .into_iter()
                    .map(|input| Diagnostic::Empty { input }),
            )
            .collect();
        self.classes.sort_by_key(|c| c.key);
        let settled = kinds::settle_classes(self.classes, &mut diagnostics);
        let records = settled.records.finish(&mut diagnostics);
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Merged {
            variant: settled.variant,
            records,
            binary_ids: settled.binary_ids.into_iter().collect(),
            diagnostics,
        }
    }
}

/// The number of threads a merge of `inputs` inputs uses when asked for
/// `requested` (0: LLVM's default).
fn thread_count(requested: usize, inputs: usize) -> usize {
    let n = if requested == 0 {
        let hardware = std::thread::available_parallelism().map_or(1, usize::from);
        hardware.min(inputs.div_ceil(2))
    } else {
        requested
    };
    n.clamp(1, inputs.max(1))
}

/// Loads, reads and merges the inputs handed out by `next`, stopping (for
/// [`FailureMode::Any`]) past the lowest failed input seen in `stop`.
fn work<D, F>(
    mut store: MergeStore,
    count: usize,
    load: &F,
    mode: FailureMode,
    next: &AtomicUsize,
    stop: &AtomicUsize,
) -> MergeStore
where
    D: AsRef<[u8]>,
    F: Fn(usize) -> Option<(D, u64)> + Sync,
{
    loop {
        // Inputs are handed out in increasing order, so once one fails in
        // `Any` mode every input before it has been (or is being) read.
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= count || (mode == FailureMode::Any && i > stop.load(Ordering::Relaxed)) {
            break;
        }
        let Some((data, weight)) = load(i) else {
            store.add_not_loaded(i);
            stop.fetch_min(i, Ordering::Relaxed);
            continue;
        };
        let data = data.as_ref();
        if data.is_empty() {
            store.add_empty(i);
            continue;
        }
        if mode != FailureMode::Any || stop.load(Ordering::Relaxed) == usize::MAX {
            if let Err(error) = store.add_bytes(i, data, weight) {
                store.add_unreadable(i, error);
                stop.fetch_min(i, Ordering::Relaxed);
            }
        } else if let Err(error) = Profile::parse(data) {
            store.add_unreadable(i, error);
            stop.fetch_min(i, Ordering::Relaxed);
        }
    }
    store
}

/// Merges `inputs` (profiles of any kind) as `llvm-profdata merge` does.
///
/// The result is the same for any order of the inputs (up to the input
/// numbers in diagnostics) and any thread count.
///
/// # Errors
///
/// [`MergeFailure`] when the [`FailureMode`] says so: with
/// [`FailureMode::Any`], the first input that cannot be read, or every
/// input of a kind that cannot be merged with the others; with
/// [`FailureMode::All`], when every input failed.
pub fn merge(inputs: &[Input<'_>], options: &MergeOptions) -> Result<Merged, MergeFailure> {
    merge_each(inputs.len(), options, |i| {
        inputs.get(i).map(|input| (input.data, input.weight))
    })
}

/// [`merge`] over `count` inputs that `load` brings in one at a time: input
/// `i` is `load(i)`, its bytes and weight, called once from one of the
/// merge's threads and dropped as soon as it is merged, so that only one
/// input per thread is held at a time (the caller may map files, or read
/// them, in `load`). `None` means the input could not be loaded; it counts
/// as a failed input, reported as [`Diagnostic::NotLoaded`].
///
/// # Errors
///
/// As [`merge`].
pub fn merge_each<D, F>(
    count: usize,
    options: &MergeOptions,
    load: F,
) -> Result<Merged, MergeFailure>
where
    D: AsRef<[u8]>,
    F: Fn(usize) -> Option<(D, u64)> + Sync,
{
    let mode = options.failure_mode;
    let next = AtomicUsize::new(0);
    let stop = AtomicUsize::new(usize::MAX);
    let threads = thread_count(options.threads, count);
    let store = if threads == 1 {
        work(MergeStore::new(), count, &load, mode, &next, &stop)
    } else {
        // The first input is merged before the threads start, so that the
        // layout of a raw profile is decoded once: every thread starts
        // with an empty copy of it.
        next.store(1, Ordering::Relaxed);
        let first = AtomicUsize::new(0);
        let seed = work(MergeStore::new(), count.min(1), &load, mode, &first, &stop);
        let templates = seed.empty_twins();
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    let store = MergeStore {
                        twins: templates.clone(),
                        ..MergeStore::default()
                    };
                    scope.spawn(|| work(store, count, &load, mode, &next, &stop))
                })
                .collect();
            let mut total = seed;
            for handle in handles {
                match handle.join() {
                    Ok(store) => total.absorb(store),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            total
        })
    };
    if mode == FailureMode::Any
        && let Some(first) = store.first_failure()
    {
        return Err(MergeFailure {
            diagnostics: vec![first],
        });
    }
    let merged = store.finish();
    let failed: BTreeSet<usize> = merged
        .diagnostics
        .iter()
        .filter(|d| d.is_input_failure())
        .map(Diagnostic::input)
        .collect();
    let fails = match mode {
        FailureMode::Any => !failed.is_empty(),
        FailureMode::All => count > 0 && failed.len() == count,
        FailureMode::Warn => false,
    };
    if fails {
        return Err(MergeFailure {
            diagnostics: merged.diagnostics,
        });
    }
    Ok(merged)
}

#[cfg(test)]
mod tests;
