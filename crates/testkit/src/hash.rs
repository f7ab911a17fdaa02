//! The hashes LLVM's profile and coverage formats are keyed by, and a
//! SHA-256 helper for fixture manifests.
//!
//! LLVM names functions and filename tables by `MD5Hash` /
//! `IndexedInstrProf::ComputeHash`: the MD5 digest's first eight bytes read
//! as a little-endian `u64`. That value is the raw and indexed `NameRef`,
//! the indexed hash table's key hash, the covfun `NameRef` and the covfun
//! `FilenamesRef` (of the encoded filenames blob), in every LLVM version
//! covkit supports.

use md5::{Digest, Md5};
use sha2::Sha256;

/// The low 64 bits of the MD5 digest of `bytes`, read little-endian, as
/// LLVM's `MD5Hash` computes them.
///
/// ```
/// // The NameRef clang-22 wrote for `main` in a real profile.
/// assert_eq!(covkit_testkit::md5_low64(b"main"), 0xdb95_6436_e78d_d5fa);
/// ```
#[must_use]
pub fn md5_low64(bytes: &[u8]) -> u64 {
    let digest = Md5::digest(bytes);
    let mut low = [0u8; 8];
    low.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(low)
}

/// The SHA-256 digest of `bytes` as 64 lowercase hex digits.
///
/// ```
/// assert!(covkit_testkit::sha256_hex(b"").starts_with("e3b0c442"));
/// ```
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// `bytes` as lowercase hex digits, two per byte, no separators.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "{byte:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_low64_matches_llvm() {
        // NameRef values read back from clang-22 / clang-13 raw profiles.
        assert_eq!(md5_low64(b"main"), 0xdb95_6436_e78d_d5fa);
        assert_eq!(md5_low64(b"add"), 0x1efb_1fc9_fc78_ec34);
        assert_eq!(md5_low64(b"t.c:helper"), 0x4d3a_969d_de6f_fac7);
        // RFC 1321 test vector: d41d8cd98f00b204e9800998ecf8427e.
        assert_eq!(md5_low64(b""), 0x04b2_008f_d98c_1dd4);
    }

    #[test]
    fn sha256_and_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(hex(&[0, 0xab, 0x10]), "00ab10");
    }
}
