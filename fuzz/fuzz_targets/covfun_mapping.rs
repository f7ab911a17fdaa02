//! One function's mapping bytes, against a filename list of up to 255
//! entries chosen by the first byte.
//!
//! The logic is `covkit_fuzzing::covfun_mapping`, which the replay tests of
//! covkit-fuzzing also run over the fixture corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| covkit_fuzzing::covfun_mapping(data));
