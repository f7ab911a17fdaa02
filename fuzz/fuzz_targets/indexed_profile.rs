//! Indexed profiles: parsing, iterating every record and looking up the
//! first few names never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(profile) = covkit_profile::indexed::IndexedProfile::parse(data) {
        let mut names = Vec::new();
        for record in profile.records().take(4096) {
            match record {
                Ok(record) => names.push(record.name.into_owned()),
                Err(_) => break,
            }
        }
        for name in names.iter().take(16) {
            let _ = profile.lookup(name);
        }
    }
    let mut out = String::new();
    let _ = covkit_profile::indexed::dump(data, &mut out);
});
