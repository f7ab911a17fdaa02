//! lcov tracefiles (`covkit_export::lcov::read`); what reads is written,
//! read back and must write the same text again.
//!
//! The logic is `covkit_fuzzing::lcov`, which the replay tests of
//! covkit-fuzzing also run over the fixture corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| covkit_fuzzing::lcov(data));
