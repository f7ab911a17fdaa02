//! Bounded zlib inflation for the compressed payloads of LLVM's coverage
//! data: the filenames table of `__llvm_covmap` (version 4 and later) and the
//! function names of `__llvm_prf_names` / the raw profile's names section,
//! each stored as `zlib::compress` output beside its declared uncompressed
//! length.
//!
//! The declared length is the contract: output never grows past it, a stream
//! that would produce more fails at the first extra byte (so a zlib bomb costs
//! at most `declared_len` bytes of memory and the time to inflate them), and a
//! stream that ends short of it fails too. The output buffer grows
//! geometrically as data actually arrives, so a large declared length costs
//! nothing up front; it is also capped by [`MAX_INFLATE_LEN`] and by what
//! deflate can possibly produce from the compressed size
//! ([`MAX_DEFLATE_RATIO`]).
//!
//! LLVM itself (zlib's `uncompress`) tolerates a stream that ends early and
//! ignores bytes after the end of the stream; this module rejects both, as no
//! LLVM writer produces them.

use flate2::{Decompress, FlushDecompress, Status};

use crate::Reader;
use crate::error::{Error, ErrorKind, Result};

/// The largest declared uncompressed size accepted: 1 GiB. Larger names or
/// filenames sections do not occur in practice; the cap keeps a corrupt
/// length from letting a huge stream run.
pub const MAX_INFLATE_LEN: usize = 1 << 30;

/// The most bytes deflate can produce per compressed byte. A length/distance
/// pair takes at least two bits and yields at most 258 bytes, so the format
/// cannot exceed 1032:1; a declared size beyond
/// `compressed_len * MAX_DEFLATE_RATIO` is rejected before inflating.
pub const MAX_DEFLATE_RATIO: usize = 1032;

/// First output allocation, grown by doubling up to the declared size.
const INITIAL_CHUNK: usize = 64 * 1024;

/// Inflates the zlib stream `compressed` into exactly `declared_len` bytes.
///
/// `offset` is the absolute offset of `compressed` in the input; every error
/// reports it.
///
/// # Errors
///
/// - [`ErrorKind::InflateLimit`] if `declared_len` exceeds [`MAX_INFLATE_LEN`];
/// - [`ErrorKind::InflateImplausible`] if it exceeds
///   `compressed.len() * MAX_DEFLATE_RATIO`;
/// - [`ErrorKind::InflateOverrun`] if the stream produces more than
///   `declared_len` bytes;
/// - [`ErrorKind::InflateShort`] if it ends having produced fewer;
/// - [`ErrorKind::InflateTruncated`] if `compressed` ends inside the stream;
/// - [`ErrorKind::InflateTrailing`] if bytes follow the end of the stream;
/// - [`ErrorKind::InflateCorrupt`] for a bad header, invalid code or
///   checksum mismatch.
pub fn inflate_zlib(compressed: &[u8], declared_len: usize, offset: u64) -> Result<Vec<u8>> {
    let fail = |kind| Error::new(kind, offset);
    if declared_len > MAX_INFLATE_LEN {
        return Err(fail(ErrorKind::InflateLimit {
            declared: declared_len,
            limit: MAX_INFLATE_LEN,
        }));
    }
    if declared_len > compressed.len().saturating_mul(MAX_DEFLATE_RATIO) {
        return Err(fail(ErrorKind::InflateImplausible {
            declared: declared_len,
            compressed: compressed.len(),
        }));
    }

    let mut inflater = Decompress::new(true);
    let mut out: Vec<u8> = Vec::new();
    let mut filled = 0usize;
    let mut consumed = 0usize;
    loop {
        let input = compressed.get(consumed..).unwrap_or_default();
        let (in_before, out_before) = (inflater.total_in(), inflater.total_out());
        let status = if filled < declared_len {
            if filled == out.len() {
                let target = declared_len.min(filled.saturating_mul(2).max(INITIAL_CHUNK));
                out.resize(target, 0);
            }
            let dest = out.get_mut(filled..).unwrap_or_default();
            let dest_len = dest.len();
            let status = inflater.decompress(input, dest, FlushDecompress::None);
            filled += delta(inflater.total_out(), out_before, dest_len);
            status
        } else {
            // The declared size is reached; a one-byte probe tells the end of
            // the stream (checksum included) from an overrun.
            let mut probe = [0u8; 1];
            let status = inflater.decompress(input, &mut probe, FlushDecompress::None);
            if inflater.total_out() != out_before {
                return Err(fail(ErrorKind::InflateOverrun {
                    declared: declared_len,
                }));
            }
            status
        };
        let status = status.map_err(|e| {
            fail(ErrorKind::InflateCorrupt {
                message: e.message().unwrap_or("invalid data").to_owned(),
            })
        })?;
        let used = delta(inflater.total_in(), in_before, input.len());
        consumed += used;
        match status {
            Status::StreamEnd => break,
            Status::Ok | Status::BufError => {
                if used == 0 && inflater.total_out() == out_before {
                    // No progress with output space available: the input is
                    // exhausted (or the inflater is stuck, treated alike).
                    return Err(fail(ErrorKind::InflateTruncated {
                        compressed: compressed.len(),
                    }));
                }
            }
        }
    }
    if filled < declared_len {
        return Err(fail(ErrorKind::InflateShort {
            declared: declared_len,
            actual: filled,
        }));
    }
    if consumed < compressed.len() {
        return Err(fail(ErrorKind::InflateTrailing {
            count: compressed.len() - consumed,
        }));
    }
    out.truncate(filled);
    Ok(out)
}

/// How far a `total_in`/`total_out` counter moved during one call, which is
/// at most the length of the buffer it was given.
fn delta(after: u64, before: u64, bound: usize) -> usize {
    usize::try_from(after.saturating_sub(before)).map_or(bound, |d| d.min(bound))
}

impl Reader<'_> {
    /// Consumes `compressed_len` bytes holding a zlib stream and inflates them
    /// into exactly `declared_len` bytes with [`inflate_zlib`]. Errors report
    /// the offset of the compressed data, and the reader does not advance on
    /// failure.
    ///
    /// The result is owned; offsets inside it are not file offsets, so a
    /// reader over it should say so in its errors (e.g. a base of 0 and a
    /// wrapping error naming the compressed section).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnexpectedEof`] if fewer than `compressed_len` bytes
    /// remain; otherwise as [`inflate_zlib`].
    pub fn read_zlib(&mut self, compressed_len: usize, declared_len: usize) -> Result<Vec<u8>> {
        let compressed = self.peek_bytes(compressed_len)?;
        let out = inflate_zlib(compressed, declared_len, self.offset())?;
        self.skip(compressed_len)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use flate2::Compression;
    use flate2::write::ZlibEncoder;

    use super::*;
    use crate::Endian;

    fn compress(data: &[u8]) -> Vec<u8> {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
        encoder
            .write_all(data)
            .expect("writing to a Vec cannot fail");
        encoder.finish().expect("writing to a Vec cannot fail")
    }

    /// Deterministic text-like data that compresses, but not to nothing.
    fn sample(len: usize) -> Vec<u8> {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                b"abcdefgh/_.\0"
                    .get(usize::try_from(state % 12).unwrap_or(0))
                    .copied()
                    .unwrap_or(b'?')
            })
            .collect()
    }

    #[test]
    fn roundtrips() {
        for len in [
            0,
            1,
            100,
            INITIAL_CHUNK - 1,
            INITIAL_CHUNK,
            INITIAL_CHUNK + 1,
            300_000,
        ] {
            let data = sample(len);
            let z = compress(&data);
            assert_eq!(
                inflate_zlib(&z, len, 0).as_deref(),
                Ok(data.as_slice()),
                "len {len}"
            );
        }
    }

    #[test]
    fn reader_reads_a_compressed_field() {
        let names = b"main\x01_ZN3foo3barEv\x01helper".to_vec();
        let z = compress(&names);
        let mut data = vec![0xaa; 3];
        data.extend_from_slice(&z);
        data.push(0xbb);
        let mut r = Reader::with_offset(&data, Endian::Little, 0x200);
        r.skip(3).expect("in bounds");
        // A wrong declared size fails at the compressed data and does not advance.
        let err = r.read_zlib(z.len(), names.len() + 1).expect_err("short");
        assert_eq!(err.offset(), 0x203);
        assert_eq!(r.offset(), 0x203);
        assert_eq!(r.read_zlib(z.len(), names.len()), Ok(names));
        assert_eq!(r.read_u8(), Ok(0xbb));
        assert_eq!(
            r.read_zlib(1, 0).expect_err("empty").offset(),
            0x203 + z.len() as u64 + 1
        );
    }

    #[test]
    fn bomb_fails_at_the_declared_size() {
        // 8 MiB of zeros compresses to about 8 KiB.
        let z = compress(&vec![0u8; 8 << 20]);
        assert!(z.len() < 16 * 1024);
        let err = inflate_zlib(&z, 1000, 0x40).expect_err("bomb");
        assert_eq!(err.kind(), &ErrorKind::InflateOverrun { declared: 1000 });
        assert_eq!(
            err.to_string(),
            "zlib stream inflates past its declared size of 1000 bytes (at offset 0x40)"
        );
        // One byte short of the real size still overruns.
        let err = inflate_zlib(&z, (8 << 20) - 1, 0).expect_err("one short");
        assert_eq!(
            err.kind(),
            &ErrorKind::InflateOverrun {
                declared: (8 << 20) - 1
            }
        );
    }

    #[test]
    fn declared_size_limits() {
        let z = compress(b"abc");
        let huge = inflate_zlib(&z, usize::MAX, 0).expect_err("huge");
        assert_eq!(
            huge.kind(),
            &ErrorKind::InflateLimit {
                declared: usize::MAX,
                limit: MAX_INFLATE_LEN
            }
        );
        let err = inflate_zlib(&z, z.len() * MAX_DEFLATE_RATIO + 1, 0).expect_err("implausible");
        assert!(
            matches!(err.kind(), ErrorKind::InflateImplausible { .. }),
            "{err}"
        );
        assert!(matches!(
            inflate_zlib(&[], 1, 0).map_err(Error::into_parts),
            Err((ErrorKind::InflateImplausible { .. }, 0))
        ));
    }

    #[test]
    fn short_stream_rejected() {
        let data = sample(1000);
        let z = compress(&data);
        let err = inflate_zlib(&z, 1001, 8).expect_err("short");
        assert_eq!(
            err.kind(),
            &ErrorKind::InflateShort {
                declared: 1001,
                actual: 1000
            }
        );
        assert_eq!(
            err.to_string(),
            "zlib stream ends after 1000 of 1001 declared bytes (at offset 0x8)"
        );
    }

    #[test]
    fn truncated_stream_rejected() {
        let data = sample(5000);
        let z = compress(&data);
        for cut in [0, 1, 2, z.len() / 2, z.len() - 4, z.len() - 1] {
            let truncated = z.get(..cut).expect("cut is within the stream");
            let err = inflate_zlib(truncated, 5000, 0).expect_err("truncated");
            assert!(
                matches!(
                    err.kind(),
                    ErrorKind::InflateTruncated { .. }
                        | ErrorKind::InflateImplausible { .. }
                        | ErrorKind::InflateCorrupt { .. }
                ),
                "cut {cut}: {err}"
            );
        }
        // Cut inside the checksum: all data is there, the end is not.
        let truncated = z.get(..z.len() - 2).expect("in bounds");
        assert_eq!(
            inflate_zlib(truncated, 5000, 0).map_err(Error::into_parts),
            Err((
                ErrorKind::InflateTruncated {
                    compressed: z.len() - 2
                },
                0
            ))
        );
    }

    #[test]
    fn corrupt_stream_rejected() {
        let data = sample(5000);
        let z = compress(&data);
        // Bad header check bits.
        let mut bad_header = z.clone();
        if let Some(b) = bad_header.get_mut(1) {
            *b ^= 0x01;
        }
        // Checksum mismatch.
        let mut bad_adler = z.clone();
        if let Some(b) = bad_adler.last_mut() {
            *b ^= 0xff;
        }
        // Invalid block type (0b11) right after the header.
        let invalid_block = [0x78, 0x9c, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00];
        for (name, input) in [
            ("header", bad_header.as_slice()),
            ("adler", bad_adler.as_slice()),
            ("block", invalid_block.as_slice()),
        ] {
            let err = inflate_zlib(input, 5000, 0x10).expect_err(name);
            assert!(
                matches!(err.kind(), ErrorKind::InflateCorrupt { .. }),
                "{name}: {err}"
            );
            assert!(
                err.to_string().starts_with("corrupt zlib stream: "),
                "{err}"
            );
            assert_eq!(err.offset(), 0x10);
        }
    }

    #[test]
    fn trailing_bytes_rejected() {
        let mut z = compress(b"abc");
        z.extend_from_slice(&[0, 0]);
        assert_eq!(
            inflate_zlib(&z, 3, 0).map_err(Error::into_parts),
            Err((ErrorKind::InflateTrailing { count: 2 }, 0))
        );
    }
}
