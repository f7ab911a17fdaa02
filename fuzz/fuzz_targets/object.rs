//! Whole object files: section discovery, covmap blocks, covfun records and
//! mappings, and the dump view.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(Some(objects)) = covkit_covmap::load_object(data, &Default::default()) {
        let mut out = String::new();
        let _ = covkit_covmap::dump::dump(&objects, &mut out);
    }
});
