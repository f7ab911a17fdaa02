//! Text profiles (`.proftext`): what reads is written back and reads again.
//!
//! The logic is `covkit_fuzzing::text_profile`, which the replay tests of
//! covkit-fuzzing also run over the fixture corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| covkit_fuzzing::text_profile(data));
