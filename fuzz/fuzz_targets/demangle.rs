//! Demangling (`--demangle`) of any name: bounded in time and output.
//!
//! The logic is `covkit_fuzzing::demangle`, which the replay tests of
//! covkit-fuzzing also run over the fixture corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| covkit_fuzzing::demangle(data));
