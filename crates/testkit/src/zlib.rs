//! zlib streams as LLVM writes them, and zlib bombs.
//!
//! LLVM compresses the names section (`__llvm_prf_names`, raw profile names,
//! vtable names) and the covmap filenames blob (Version4 and later) with
//! `compression::zlib::compress(..., BestSizeCompression)`: a plain zlib
//! stream (RFC 1950), never raw deflate or gzip, never zstd. The exact
//! compressed bytes differ between zlib implementations, so readers must not
//! depend on them; only the decompressed bytes and the declared sizes matter.

use flate2::Compression;
use flate2::write::ZlibEncoder;
use std::io::Write as _;

/// `data` as a zlib stream at the best compression level.
#[must_use]
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    encoder
        .write_all(data)
        .expect("zlib encoding into a Vec cannot fail");
    encoder
        .finish()
        .expect("zlib encoding into a Vec cannot fail")
}

/// A zlib stream that inflates to `inflated_len` bytes of `fill`: a few
/// kilobytes that become megabytes. Put it behind a small declared size to
/// test that decoders stop at the declared size instead of inflating it all.
#[must_use]
pub fn bomb(inflated_len: usize, fill: u8) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
    let block = [fill; 64 * 1024];
    let mut left = inflated_len;
    while left > 0 {
        let n = left.min(block.len());
        encoder
            .write_all(&block[..n])
            .expect("zlib encoding into a Vec cannot fail");
        left -= n;
    }
    encoder
        .finish()
        .expect("zlib encoding into a Vec cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::ZlibDecoder;
    use std::io::Read as _;

    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        ZlibDecoder::new(data)
            .read_to_end(&mut out)
            .expect("valid zlib stream");
        out
    }

    #[test]
    fn compress_round_trips() {
        let data = b"main\x01foo.c:helper\x01_Z3addii";
        let z = compress(data);
        assert_eq!(z[0], 0x78, "zlib header");
        assert_eq!(inflate(&z), data);
        assert_eq!(compress(data), z, "deterministic");
    }

    #[test]
    fn bomb_is_small_and_inflates_big() {
        let z = bomb(1 << 20, b'a');
        assert!(z.len() < 4096, "{} bytes", z.len());
        let out = inflate(&z);
        assert_eq!(out.len(), 1 << 20);
        assert!(out.iter().all(|&b| b == b'a'));
    }
}
