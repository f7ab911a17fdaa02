//! Allocation discipline: every hostile input of `fixtures/malformed` (the
//! crashes the fuzzers found among them) and every small synthetic fixture
//! go through every fuzz target under a counting allocator, and the live
//! heap may not grow by more than [`MAX_LIVE`] (so no single allocation may
//! either): a count read from the input is bounded by the bytes that remain
//! or by a documented limit before anything is allocated, and zlib output
//! never passes its declared size.
//!
//! The counting allocator is `peak_alloc`'s, which forwards every call to
//! the system allocator. Its counters are global, so this binary holds one
//! test and measures one input at a time.

use covkit_fuzzing::corpus::files_under;
use covkit_testkit::golden::fixtures_dir;
use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

/// The most the live heap may grow while one small input is processed
/// (the worst fixture needs well under 1 MiB).
const MAX_LIVE: usize = 32 << 20;

/// Inputs this size or smaller are held to the limit.
const SMALL: usize = 64 << 10;

/// The peak growth of the live heap while `f` runs.
fn measure(f: impl FnOnce()) -> usize {
    ALLOCATOR.reset_peak_usage();
    let base = ALLOCATOR.current_usage();
    f();
    ALLOCATOR.peak_usage().saturating_sub(base)
}

// The one line printed is the measurement, for `--nocapture`.
#[allow(clippy::print_stdout)]
fn check_dir(dir: &str) {
    let mut checked = 0;
    let mut worst = (0, String::new());
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
            let live = measure(|| (target.run)(&input));
            assert!(
                live <= MAX_LIVE,
                "{name} through {}: the live heap grew by {live} bytes",
                target.name
            );
            if live > worst.0 {
                worst = (live, format!("{name} through {}", target.name));
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} runs");
    // Seen with `--nocapture`: how far below the limit the worst input is.
    println!(
        "{dir}: {checked} runs; worst {}: live heap +{} bytes",
        worst.1, worst.0
    );
}

#[test]
fn hostile_and_synthetic_fixtures_stay_within_the_allocation_budget() {
    // The allocator counts what the code under test allocates.
    let grew = measure(|| {
        let v = vec![1u8; 3 << 20];
        std::hint::black_box(&v);
    });
    assert!(grew >= 3 << 20, "{grew}");
    check_dir("malformed");
    check_dir("synthetic");
}
