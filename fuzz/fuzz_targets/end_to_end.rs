//! Object bytes and profile bytes (a flags byte, the object's length as
//! a little-endian u32, the object, the profile) loaded into the model and
//! written as lcov and JSON.
//!
//! The logic is `covkit_fuzzing::end_to_end`, which the replay tests of
//! covkit-fuzzing also run over the fixture corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| covkit_fuzzing::end_to_end(data));
