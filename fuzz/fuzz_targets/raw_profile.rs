//! Raw profiles (`.profraw`): every profile of a file, the dump, the
//! format-detecting reader.
//!
//! The logic is `covkit_fuzzing::raw_profile`, which the replay tests of
//! covkit-fuzzing also run over the fixture corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| covkit_fuzzing::raw_profile(data));
