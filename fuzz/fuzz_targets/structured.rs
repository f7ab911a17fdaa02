//! Structure-aware: functions, counters and mapping regions chosen by
//! `arbitrary`, built into an object and a profile by covkit-testkit, a few
//! payload bytes changed behind valid headers, then decoded end to end.
//!
//! The logic is `covkit_fuzzing::structured_bytes`, which the replay tests of
//! covkit-fuzzing also run over the fixture corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| covkit_fuzzing::structured_bytes(data));
