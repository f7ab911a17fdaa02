//! The error covkit reports for each malformed fixture, filled in as the
//! readers of each format land. Tests assert these exact messages, and the
//! README of `fixtures/malformed/` shows them.

/// `(file name, expected error message)`.
pub(crate) const EXPECTED_ERRORS: &[(&str, &str)] = &[
    (
        "indexed-bad-hash-type.profdata",
        "unsupported hash type 7 (only 0, md5, is defined) (at offset 0x18)",
    ),
    (
        "indexed-bad-magic.profdata",
        "not an llvm profile: unknown magic 0x8178666f72706cff (at offset 0x0)",
    ),
    (
        "indexed-binary-id-offset-past-end.profdata",
        "region 0x13f0..0x3f0 is outside the file of 1008 bytes (at offset 0x13f0)",
    ),
    (
        "indexed-binary-ids-size-unaligned.profdata",
        "binary ids section size 33 is not a multiple of 8 (at offset 0x3c0)",
    ),
    (
        "indexed-bucket-offset-past-end.profdata",
        "bucket 2 offset 0x13f0 is outside the payload 0x208..0x370 (at offset 0x390)",
    ),
    (
        "indexed-hash-offset-past-end.profdata",
        "hash table offset 0x13f0 is outside the file area 0x208..0x3f0 (at offset 0x13f0)",
    ),
    (
        "indexed-item-data-past-end.profdata",
        "item data byte count 1048576 too large: needs at least 1 bytes each, 330 bytes remain (at offset 0x226)",
    ),
    (
        "indexed-num-buckets-huge.profdata",
        "hash table bucket count 1099511627776 too large: needs at least 8 bytes each, 112 bytes remain (at offset 0x380)",
    ),
    (
        "indexed-num-counts-past-item.profdata",
        "counter count 65536 too large: needs at least 8 bytes each, 40 bytes remain (at offset 0x236)",
    ),
    (
        "indexed-summary-entries-huge.profdata",
        "summary cutoff entry count 4294967296 too large: needs at least 24 bytes each, 872 bytes remain (at offset 0x88)",
    ),
    (
        "indexed-truncated-header.profdata",
        "unexpected end of data reading u64 (at offset 0x10)",
    ),
    (
        "indexed-truncated-summary.profdata",
        "unexpected end of data reading u64 (at offset 0x48)",
    ),
    (
        "indexed-unsupported-version.profdata",
        "unsupported indexed profile version 14 (covkit reads indexed versions 5 to 13; written by an LLVM newer than 22) (at offset 0x8)",
    ),
    (
        "indexed-value-data-size-past-item.profdata",
        "value profile data byte count 4096 too large: needs at least 1 bytes each, 8 bytes remain (at offset 0x256)",
    ),
    (
        "raw-bad-magic.profraw",
        "not an llvm profile: unknown magic 0xff6c70726f667881 (at offset 0x0)",
    ),
    (
        "raw-binary-id-length-past-end.profraw",
        "binary id of 4096 bytes runs past the end of the binary id section (24 bytes left) (at offset 0x80)",
    ),
    (
        "raw-binary-id-length-zero.profraw",
        "binary id length is 0 (at offset 0x80)",
    ),
    (
        "raw-binary-ids-size-past-end.profraw",
        "binary id byte count 65536 too large: needs at least 1 bytes each, 416 bytes remain (at offset 0x80)",
    ),
    (
        "raw-binary-ids-size-unaligned.profraw",
        "binary ids size 28 is not a multiple of 8 (at offset 0x10)",
    ),
    (
        "raw-concat-misaligned.profraw",
        "the next raw profile would start at 0x224, which is not 8-byte aligned (at offset 0x224)",
    ),
    (
        "raw-counter-offset-negative.profraw",
        "counter offset -16 of main is negative (at offset 0xb0)",
    ),
    (
        "raw-counters-zero.profraw",
        "number of counters of main is zero (at offset 0xd0)",
    ),
    (
        "raw-counts-past-end.profraw",
        "65536 counters of main at counter offset 0 run past the end of the counters section (room for 10) (at offset 0xd0)",
    ),
    (
        "raw-names-bad-zlib.profraw",
        "corrupt zlib stream: invalid data (at offset 0x1fa)",
    ),
    (
        "raw-names-chunk-past-end.profraw",
        "compressed name bytes count 4096 too large: needs at least 1 bytes each, 16 bytes remain (at offset 0x1fb)",
    ),
    (
        "raw-names-size-past-end.profraw",
        "name byte count 65536 too large: needs at least 1 bytes each, 40 bytes remain (at offset 0x1f8)",
    ),
    (
        "raw-names-zlib-bomb.profraw",
        "zlib stream inflates past its declared size of 16 bytes (at offset 0x1fb)",
    ),
    (
        "raw-num-data-past-end.profraw",
        "data record count 4096 too large: needs at least 64 bytes each, 384 bytes remain (at offset 0xa0)",
    ),
    (
        "raw-trailing-garbage.profraw",
        "5 bytes after the last raw profile are too few for another header (at offset 0x220)",
    ),
    (
        "raw-truncated-header.profraw",
        "unexpected end of data reading u64 (at offset 0x28)",
    ),
    (
        "raw-unsupported-version.profraw",
        "unsupported raw profile version 12 (covkit reads raw versions 5, 7, 8, 9, 10 and 11; written by an LLVM newer than 23) (at offset 0x8)",
    ),
    (
        "raw-v10-32-be-counts-past-end.profraw",
        "65536 counters of main at counter offset 0 run past the end of the counters section (room for 10) (at offset 0xc0)",
    ),
    (
        "raw-value-data-bad-kind.profraw",
        "value kind 9 is invalid (at offset 0xd8)",
    ),
    (
        "raw-value-data-size-past-end.profraw",
        "value profile data byte count 4096 too large: needs at least 1 bytes each, 40 bytes remain (at offset 0xd0)",
    ),
    (
        "raw-value-data-truncated.profraw",
        "value profile data byte count 40 too large: needs at least 1 bytes each, 12 bytes remain (at offset 0xd0)",
    ),
    (
        "text-bad-bitmap-byte.proftext",
        "line 13: bitmap byte is not a valid integer: '0xzz' (at offset 0x6e)",
    ),
    (
        "text-bad-counter.proftext",
        "line 8: count is invalid: 'x1' (at offset 0x3b)",
    ),
    (
        "text-bad-hash.proftext",
        "line 3: function hash is not a valid integer: '0xzz' (at offset 0x12)",
    ),
    (
        "text-missing-counters.proftext",
        "line 10: truncated text profile: expected a counter value (at offset 0x3e)",
    ),
    (
        "text-unknown-header.proftext",
        "line 1: unknown header line: ':bogus' (at offset 0x0)",
    ),
    (
        "text-zero-counters.proftext",
        "line 5: number of counters is zero: '0' (at offset 0x25)",
    ),
    (
        "covfun-data-size-past-end.o",
        "coverage mapping of 65536 bytes is larger than the 220 bytes left (at offset 0xa8 in __llvm_covfun)",
    ),
    (
        "covfun-truncated-header.o",
        "coverage function record is larger than the section (at offset 0xa0 in __llvm_covfun)",
    ),
    (
        "covfun-unknown-filenames-ref.o",
        "no filenames found for function with hash 0x000000005eedc0de (at offset 0xa0 in __llvm_covfun)",
    ),
    (
        "covmap-coverage-size-nonzero.o",
        "coverage mapping size is not zero (at offset 0x48 in __llvm_covmap)",
    ),
    (
        "covmap-expansion-cycle.o",
        "expansion into file id 1 closes a cycle of expansions (at offset 0x118 in __llvm_covfun)",
    ),
    (
        "covmap-expansion-file-id-out-of-range.o",
        "expansion into file id 9 of 2 (at offset 0x112 in __llvm_covfun)",
    ),
    (
        "covmap-expression-id-out-of-range.o",
        "counter refers to expression 5 of 2 (at offset 0x112 in __llvm_covfun)",
    ),
    (
        "covmap-filename-index-out-of-range.o",
        "file index 7 is past the 3 filenames (at offset 0xbd in __llvm_covfun)",
    ),
    (
        "covmap-filename-length-past-end.o",
        "filename bytes count 200 too large: needs at least 1 bytes each, 6 bytes remain (at offset 0x55 in __llvm_covmap)",
    ),
    (
        "covmap-filenames-count-zero.o",
        "filenames blob holds no names (at offset 0x50 in __llvm_covmap)",
    ),
    (
        "covmap-filenames-size-past-end.o",
        "unexpected end of data reading bytes (at offset 0x50 in __llvm_covmap)",
    ),
    (
        "covmap-filenames-zlib-bomb.o",
        "zlib stream inflates past its declared size of 16 bytes (at offset 0x54 in __llvm_covmap)",
    ),
    (
        "covmap-mcdc-branch-id-zero.o",
        "mc/dc condition id is zero (at offset 0x115 in __llvm_covfun)",
    ),
    (
        "covmap-region-count-huge.o",
        "regions count 2147483648 too large: needs at least 1 bytes each, 0 bytes remain (at offset 0xc4 in __llvm_covfun)",
    ),
    (
        "covmap-region-end-line-before-start.o",
        "region starts after it ends (at offset 0x113 in __llvm_covfun)",
    ),
    (
        "covmap-region-kind-gap-as-kind.o",
        "unknown region kind 3 (at offset 0x112 in __llvm_covfun)",
    ),
    (
        "covmap-region-start-after-end.o",
        "region starts after it ends (at offset 0x113 in __llvm_covfun)",
    ),
    (
        "covmap-truncated-header.o",
        "unexpected end of data reading u32 (at offset 0x48 in __llvm_covmap)",
    ),
    (
        "covmap-uleb-overflow.o",
        "uleb128 value does not fit in u64 (at offset 0xbc in __llvm_covfun)",
    ),
    (
        "covmap-uleb-too-big.o",
        "file ids count 4294967296 too large: needs at least 1 bytes each, 3 bytes remain (at offset 0xc1 in __llvm_covfun)",
    ),
    (
        "covmap-uleb-unterminated.o",
        "unexpected end of data reading uleb128 (at offset 0x117 in __llvm_covfun)",
    ),
    (
        "covmap-unknown-region-kind.o",
        "unknown region kind 7 (at offset 0x112 in __llvm_covfun)",
    ),
    (
        "covmap-unsupported-version.o",
        "unsupported coverage mapping version 100 (covkit reads versions 4 to 7, written by LLVM 11 to 22) (at offset 0x4c in __llvm_covmap)",
    ),
    (
        "names-missing-function.o",
        "no name found for function with name hash 0x630ee69c57860071 (at offset 0x168 in __llvm_covfun)",
    ),
    (
        "names-zlib-bomb.o",
        "zlib stream inflates past its declared size of 16 bytes (at offset 0x19b in __llvm_prf_names)",
    ),
];
