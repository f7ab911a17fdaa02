//! Allocation discipline: every hostile input of `fixtures/malformed` (the
//! crashes the fuzzers found among them) and every small synthetic fixture
//! go through every fuzz target under a counting allocator, and no single
//! allocation may pass [`MAX_ALLOCATION`] nor the live heap grow by more
//! than [`MAX_LIVE`]: a count read from the input is bounded by the bytes
//! that remain or by a documented limit before anything is allocated, and
//! zlib output never passes its declared size.
//!
//! The counting allocator is the one `unsafe` of this test binary (the
//! workspace denies `unsafe_code`; the lint allows this local exception):
//! it forwards every call to the system allocator unchanged.

#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use covkit_fuzzing::corpus::files_under;
use covkit_testkit::golden::fixtures_dir;

/// The largest single allocation a small hostile input may cause.
const MAX_ALLOCATION: usize = 64 << 20;

/// The most the live heap may grow while one small input is processed
/// (the worst fixture needs well under 1 MiB).
const MAX_LIVE: usize = 32 << 20;

/// Inputs this size or smaller are held to the limits.
const SMALL: usize = 64 << 10;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static LARGEST: AtomicUsize = AtomicUsize::new(0);

impl Counting {
    fn grew(size: usize) {
        let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
        PEAK.fetch_max(live, Ordering::Relaxed);
        LARGEST.fetch_max(size, Ordering::Relaxed);
    }
}

// SAFETY: every method forwards its arguments unchanged to `System`, which
// upholds the `GlobalAlloc` contract; the counters are atomics and never
// affect the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Counting::grew(layout.size());
        // SAFETY: the caller's obligations for `alloc` are passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Counting::grew(layout.size());
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with `layout`, as the
        // caller guarantees for this allocator.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        Counting::grew(new_size);
        // SAFETY: as for `dealloc` and `alloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One test at a time measures: the counters are global.
static MEASURING: Mutex<()> = Mutex::new(());

/// The largest single allocation and the peak growth of the live heap
/// while `f` runs.
fn measure(f: impl FnOnce()) -> (usize, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    LARGEST.store(0, Ordering::Relaxed);
    f();
    (
        LARGEST.load(Ordering::Relaxed),
        PEAK.load(Ordering::Relaxed).saturating_sub(base),
    )
}

// The one line printed is the measurement, for `--nocapture`.
#[allow(clippy::print_stdout)]
fn check_dir(dir: &str) {
    let _guard = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let mut checked = 0;
    let mut worst = (0, 0, String::new());
    for path in files_under(&fixtures_dir().join(dir)).unwrap() {
        let bytes = std::fs::read(&path).unwrap();
        if bytes.len() > SMALL {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for target in covkit_fuzzing::TARGETS {
            let input = if target.name == "end_to_end" {
                covkit_fuzzing::join_end_to_end(&bytes, &bytes, true)
            } else {
                bytes.clone()
            };
            let (largest, live) = measure(|| (target.run)(&input));
            assert!(
                largest <= MAX_ALLOCATION,
                "{name} through {}: one allocation of {largest} bytes",
                target.name
            );
            assert!(
                live <= MAX_LIVE,
                "{name} through {}: the live heap grew by {live} bytes",
                target.name
            );
            if live > worst.1 {
                worst = (largest, live, format!("{name} through {}", target.name));
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} runs");
    // Seen with `--nocapture`: how far below the limits the worst input is.
    println!(
        "{dir}: {checked} runs; worst {}: largest allocation {} bytes, live heap +{} bytes",
        worst.2, worst.0, worst.1
    );
}

#[test]
fn the_counting_allocator_counts() {
    let _guard = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let (largest, live) = measure(|| {
        let v = vec![1u8; 3 << 20];
        std::hint::black_box(&v);
    });
    assert!(largest >= 3 << 20 && live >= 3 << 20, "{largest} {live}");
}

#[test]
fn malformed_fixtures_stay_within_the_allocation_budget() {
    check_dir("malformed");
}

#[test]
fn synthetic_fixtures_stay_within_the_allocation_budget() {
    check_dir("synthetic");
}
