//! Raw profiles: any bytes either parse or give an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = covkit_profile::raw::RawProfile::parse_all(data);
    let mut out = String::new();
    let _ = covkit_profile::raw::dump(data, &mut out);
});
