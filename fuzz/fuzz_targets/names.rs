//! Names blobs (`__llvm_prf_names`, the names of raw profiles).
//!
//! The logic is `covkit_fuzzing::names`, which the replay tests of
//! covkit-fuzzing also run over the fixture corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| covkit_fuzzing::names(data));
