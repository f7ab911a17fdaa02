//! The error covkit reports for each malformed fixture, filled in as the
//! readers of each format land. Tests assert these exact messages, and the
//! README of `fixtures/malformed/` shows them.

/// `(file name, expected error message)`.
pub(crate) const EXPECTED_ERRORS: &[(&str, &str)] = &[
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
