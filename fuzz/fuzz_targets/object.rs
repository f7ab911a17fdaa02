//! Whole object files (ELF, Mach-O, COFF, Wasm, archives): sections,
//! covmap blocks, covfun records, mappings, the dump, and the model built
//! without counts written as lcov and JSON.
//!
//! The logic is `covkit_fuzzing::object`, which the replay tests of
//! covkit-fuzzing also run over the fixture corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| covkit_fuzzing::object(data));
