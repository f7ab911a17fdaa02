//! Indexed profiles (`.profdata`): header, every record, lookups, dump.
//!
//! The logic is `covkit_fuzzing::indexed_profile`, which the replay tests of
//! covkit-fuzzing also run over the fixture corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| covkit_fuzzing::indexed_profile(data));
