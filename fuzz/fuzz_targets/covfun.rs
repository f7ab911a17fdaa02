//! `__llvm_covfun` sections: every record and its mapping (first byte:
//! byte order; second: the size of the filename list).
//!
//! The logic is `covkit_fuzzing::covfun`, which the replay tests of
//! covkit-fuzzing also run over the fixture corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| covkit_fuzzing::covfun(data));
