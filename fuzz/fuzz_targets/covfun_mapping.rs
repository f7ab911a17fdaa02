//! One function's mapping bytes, against a filename list of up to 255
//! entries chosen by the first byte.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((&num_filenames, mapping)) = data.split_first() {
        let _ = covkit_covmap::mapping::FunctionMapping::decode(mapping, 0, usize::from(num_filenames));
    }
});
