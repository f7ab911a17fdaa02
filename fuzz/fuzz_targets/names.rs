//! Names blobs (`__llvm_prf_names`, raw-profile names sections).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(names) = covkit_profile::names::Names::parse(data, 0) {
        for name in names.iter() {
            let _ = covkit_profile::names::name_hash(name);
        }
    }
});
