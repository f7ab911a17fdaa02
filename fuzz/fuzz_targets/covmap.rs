//! `__llvm_covmap` sections (first byte: byte order, compilation
//! directory).
//!
//! The logic is `covkit_fuzzing::covmap`, which the replay tests of
//! covkit-fuzzing also run over the fixture corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| covkit_fuzzing::covmap(data));
