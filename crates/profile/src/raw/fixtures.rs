//! Small real raw profiles written by clang 13 to 22 and rustc 1.95 on
//! x86-64 Linux (`-m32` for the i386 ones), embedded as hex for the tests,
//! with what LLVM's own tools read from them.
//!
//! Each profile comes from one run, without arguments, of one of these
//! programs, `LLVM_PROFILE_FILE` pointing at the output:
//!
//! ```c
//! // t.c
//! static int unused_static(int x) { return x * 2; }
//! int sq(int x) { return x * x; }
//! int pick(int a, int b) { if (a > b) return a; return b; }
//! typedef int (*fn)(int);
//! int call(fn f, int v) { return f(v); }
//! int main(int argc, char **argv) {
//!   int s = 0;
//!   for (int i = 0; i < 5; i++) s += sq(i);
//!   s += pick(argc, 3);
//!   s += call(sq, argc);
//!   return s == 1000;
//! }
//! // v.c
//! typedef int (*fn)(int);
//! int sq(int x) { return x * x; }
//! int inc(int x) { return x + 1; }
//! int call(fn f, int v) { return f(v); }
//! void *memcpy(void *, const void *, unsigned long);
//! char buf[64], src[64];
//! int dec(int a, int b, int c) { if ((a && b) || c) return 1; return 0; }
//! int main(int argc, char **argv) {
//!   int s = 0;
//!   for (int i = 0; i < 5; i++) s += call(i & 1 ? sq : inc, i);
//!   for (int i = 0; i < 3; i++) memcpy(buf, src, argc + i);
//!   s += dec(argc, 0, 1) + dec(1, 1, 0);
//!   return s == 1000;
//! }
//! ```
//!
//! ```rust,ignore
//! // r.rs
//! fn f(x: u32) -> u32 { if x > 2 { x * 2 } else { x } }
//! fn main() { let mut s = 0; for i in 0..5 { s += f(i); } println!("{s}"); }
//! ```
//!
//! The expectations were produced by `llvm-profdata-N merge --text` and
//! `llvm-profdata-N show --binary-ids` of the writing LLVM, sorted by name;
//! indirect-call targets are given by name, memory-intrinsic sizes as
//! numbers.

/// One embedded profile and what LLVM reads from it.
pub(super) struct Fixture {
    /// The file it was saved as.
    pub(super) name: &'static str,
    /// Its bytes, in hex, 32 bytes per string.
    pub(super) hex: &'static [&'static str],
    /// The binary IDs, in hex.
    pub(super) binary_ids: &'static [&'static str],
    /// Its records, sorted by name.
    pub(super) records: &'static [Expect],
}

/// One record as `llvm-profdata merge --text` prints it.
pub(super) struct Expect {
    pub(super) name: &'static str,
    pub(super) hash: u64,
    pub(super) counts: &'static [u64],
    pub(super) bitmap: &'static [u8],
    /// The value sites.
    pub(super) values: &'static [ExpectSite],
}

/// `(kind, site, [(value, count)])`: the value is a function name for
/// indirect-call targets and a decimal number for memop sizes.
pub(super) type ExpectSite = (u32, usize, &'static [(&'static str, u64)]);

/// The bytes of hex `lines`.
pub(super) fn bytes(lines: &[&str]) -> Vec<u8> {
    let digits: Vec<u8> = lines
        .iter()
        .flat_map(|l| l.bytes())
        .map(|c| match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("fixture hex holds {c:?}"),
        })
        .collect();
    digits
        .chunks(2)
        .map(|p| p.iter().fold(0, |acc, d| acc * 16 + d))
        .collect()
}

/// Every fixture with records.
/// The records of the small C program every toolchain built.
const C_PROGRAM_RECORDS: &[Expect] = &[
    Expect {
        name: "call",
        hash: 0x18,
        counts: &[1],
        bitmap: &[],
        values: &[],
    },
    Expect {
        name: "main",
        hash: 0x46d161f,
        counts: &[1, 5],
        bitmap: &[],
        values: &[],
    },
    Expect {
        name: "pick",
        hash: 0x29c498458,
        counts: &[1, 0],
        bitmap: &[],
        values: &[],
    },
    Expect {
        name: "sq",
        hash: 0x18,
        counts: &[6],
        bitmap: &[],
        values: &[],
    },
];

/// The records of the IR PGO build with value profiles.
const VALUE_PROFILE_RECORDS: &[Expect] = &[
    Expect {
        name: "call",
        hash: 0x25f5c817fffffff,
        counts: &[5],
        bitmap: &[],
        values: &[(0, 0, &[("inc", 3), ("sq", 2)])],
    },
    Expect {
        name: "dec",
        hash: 0x7735b6a55d71e39,
        counts: &[1, 2, 2, 0],
        bitmap: &[],
        values: &[],
    },
    Expect {
        name: "inc",
        hash: 0xa4d0ad3efffffff,
        counts: &[3],
        bitmap: &[],
        values: &[],
    },
    Expect {
        name: "main",
        hash: 0xeee82b27d2a139a,
        counts: &[5, 3, 1, 2],
        bitmap: &[],
        values: &[(1, 0, &[("1", 1), ("2", 1), ("3", 1)])],
    },
    Expect {
        name: "sq",
        hash: 0xa4d0ad3efffffff,
        counts: &[2],
        bitmap: &[],
        values: &[],
    },
];

pub(super) const ALL: &[&Fixture] = &[
    &T13_32, &T14, &T19_32, &T22, &VP22, &VP22_32, &VP13, &MC22, &BC22, &TP22, &FE22, &RUST,
];

/// Raw v7, 32-bit little-endian; one unpadded 20-byte binary ID (so the data
/// records start at 0x74, unaligned); zlib-compressed names.
///
/// `clang-13 -m32 -fprofile-instr-generate -fcoverage-mapping t.c`;
/// expectations from `llvm-profdata-13 merge --text` and
/// `llvm-profdata-13 show --binary-ids`.
pub(super) const T13_32: Fixture = Fixture {
    name: "t13_32.profraw",
    hex: &[
        "8152666f72706cff07000000000000001c000000000000000400000000000000",
        "0000000000000000060000000000000000000000000000002d00000000000000",
        "d80005080000000044ea04080000000001000000000000001400000000000000",
        "589bfc12fd6972d5388ccff7d061a2f1b00a604f4bc92a7aeb9478e618000000",
        "00000000d8000508000000000000000001000000000000000000000027cf1e36",
        "682fb6455884499c02000000e000050800000000000000000200000000000000",
        "0000000053b9e9679a8ea2581800000000000000f00005080000000000000000",
        "010000000000000000000000fad58de7366495db1f166d0400000000f8000508",
        "0000000000000000020000000000000000000000060000000000000001000000",
        "0000000000000000000000000100000000000000010000000000000005000000",
        "00000000232b78da2b2e642cc84cce664c4eccc961cc4dcccc632cd14bb62acd",
        "2b2d4e4d892f2e492cc94c0600d6d80c8b000000",
    ],
    binary_ids: &["589bfc12fd6972d5388ccff7d061a2f1b00a604f"],
    records: C_PROGRAM_RECORDS,
};

/// Raw v8, 64-bit little-endian; relative counter pointers.
///
/// `clang-14 -fprofile-instr-generate -fcoverage-mapping t.c`; expectations
/// from `llvm-profdata-14 merge --text` and
/// `llvm-profdata-14 show --binary-ids`.
pub(super) const T14: Fixture = Fixture {
    name: "t14.profraw",
    hex: &[
        "8172666f72706cff080000000000000020000000000000000400000000000000",
        "0000000000000000060000000000000000000000000000002d00000000000000",
        "d0ffffffffffffff3deb7c2caf55000001000000000000001400000000000000",
        "327cf56d590437ab3264698833aac8b142ac467f000000004bc92a7aeb9478e6",
        "1800000000000000d0ffffffffffffff00000000000000000000000000000000",
        "010000000000000027cf1e36682fb6455884499c02000000a8ffffffffffffff",
        "00000000000000000000000000000000020000000000000053b9e9679a8ea258",
        "180000000000000088ffffffffffffff00000000000000000000000000000000",
        "0100000000000000fad58de7366495db1f166d040000000060ffffffffffffff",
        "0000000000000000000000000000000002000000000000000600000000000000",
        "0100000000000000000000000000000001000000000000000100000000000000",
        "0500000000000000232b78da2b2e642cc84cce664c4eccc961cc4dcccc632cd1",
        "4bb62acd2b2d4e4d892f2e492cc94c0600d6d80c8b000000",
    ],
    binary_ids: &["327cf56d590437ab3264698833aac8b142ac467f"],
    records: C_PROGRAM_RECORDS,
};

/// Raw v10, 32-bit little-endian; deltas as zero-extended 32-bit values.
///
/// `clang-19 -m32 -fprofile-instr-generate -fcoverage-mapping t.c`;
/// expectations from `llvm-profdata-19 merge --text` and
/// `llvm-profdata-19 show --binary-ids`.
pub(super) const T19_32: Fixture = Fixture {
    name: "t19_32.profraw",
    hex: &[
        "8152666f72706cff0a0000000000000020000000000000000400000000000000",
        "0000000000000000060000000000000000000000000000000000000000000000",
        "00000000000000002d00000000000000d0ffffff00000000f0ce9ea900000000",
        "49eb605600000000000000000000000000000000000000000200000000000000",
        "1400000000000000d9fee469120a1f680289cda19a7ea92fc49a949000000000",
        "4bc92a7aeb9478e61800000000000000d0ffffff000000000000000000000000",
        "0100000000000000000000000000000027cf1e36682fb6455884499c02000000",
        "a8ffffff00000000000000000000000002000000000000000000000000000000",
        "53b9e9679a8ea258180000000000000088ffffff000000000000000000000000",
        "01000000000000000000000000000000fad58de7366495db1f166d0400000000",
        "60ffffff00000000000000000000000002000000000000000000000000000000",
        "0600000000000000010000000000000000000000000000000100000000000000",
        "01000000000000000500000000000000232b78da2b2e642cc84cce664c4eccc9",
        "61cc4dcccc632cd14bb62acd2b2d4e4d892f2e492cc94c0600d6d80c8b000000",
    ],
    binary_ids: &["d9fee469120a1f680289cda19a7ea92fc49a9490"],
    records: C_PROGRAM_RECORDS,
};

/// Raw v10, 64-bit little-endian.
///
/// `clang-22 -fprofile-instr-generate -fcoverage-mapping t.c`; expectations
/// from `llvm-profdata-22 merge --text` and
/// `llvm-profdata-22 show --binary-ids`.
pub(super) const T22: Fixture = Fixture {
    name: "t22.profraw",
    hex: &[
        "8172666f72706cff0a0000000000000020000000000000000400000000000000",
        "0000000000000000060000000000000000000000000000000000000000000000",
        "00000000000000002d00000000000000d0ffffffffffffff28fe7d1872aaffff",
        "3dcd81e78d550000000000000000000000000000000000000200000000000000",
        "14000000000000005bef362c9a7985e5e44bb86dbc2d95b5564a9c7500000000",
        "4bc92a7aeb9478e61800000000000000d0ffffffffffffff0000000000000000",
        "0000000000000000000000000000000001000000000000000000000000000000",
        "27cf1e36682fb6455884499c0200000098ffffffffffffff0000000000000000",
        "0000000000000000000000000000000002000000000000000000000000000000",
        "53b9e9679a8ea258180000000000000068ffffffffffffff0000000000000000",
        "0000000000000000000000000000000001000000000000000000000000000000",
        "fad58de7366495db1f166d040000000030ffffffffffffff0000000000000000",
        "0000000000000000000000000000000002000000000000000000000000000000",
        "0600000000000000010000000000000000000000000000000100000000000000",
        "01000000000000000500000000000000232b78da2b2e642cc84cce664c4eccc9",
        "61cc4dcccc632cd14bb62acd2b2d4e4d892f2e492cc94c0600d6d80c8b000000",
    ],
    binary_ids: &["5bef362c9a7985e5e44bb86dbc2d95b5564a9c75"],
    records: C_PROGRAM_RECORDS,
};

/// Raw v10, IR PGO with indirect-call and memop value profiling.
///
/// `clang-22 -O0 -fprofile-generate v.c`; expectations from `llvm-profdata-22
/// merge --text` and
/// `llvm-profdata-22 show --binary-ids`.
pub(super) const VP22: Fixture = Fixture {
    name: "vp22.profraw",
    hex: &[
        "8172666f72706cff0a0000000000000120000000000000000500000000000000",
        "00000000000000000b0000000000000000000000000000000000000000000000",
        "00000000000000001e00000000000000a8ffffffffffffff08bef649e3a9ffff",
        "5e0d09b61c560000000000000000000000000000000000000200000000000000",
        "14000000000000008766ae218a1de34be7dee4eb4a220b681545589000000000",
        "4bc92a7aeb9478e6ffffffefd30a4d0aa8ffffffffffffff0000000000000000",
        "d0a308b61c560000000000000000000001000000000000000000000000000000",
        "cf9f3fde7326f1d8ffffffefd30a4d0a70ffffffffffffff0000000000000000",
        "00a408b61c560000000000000000000001000000000000000000000000000000",
        "53b9e9679a8ea258ffffff7f815c5f0238ffffffffffffff0000000000000000",
        "30a408b61c560000384309b61c56000001000000010000000000000000000000",
        "1feea25ecb958229391ed7556a5b730700ffffffffffffff0000000000000000",
        "80a408b61c560000000000000000000004000000000000000000000000000000",
        "fad58de7366495db9a132a7db282ee0ee0feffffffffffff0000000000000000",
        "00a508b61c560000404309b61c56000004000000000001000000000000000000",
        "0200000000000000030000000000000005000000000000000100000000000000",
        "0200000000000000020000000000000000000000000000000500000000000000",
        "030000000000000001000000000000000200000000000000141c78da2b2e64cc",
        "cc4b664c4eccc9614c494d66cc4dcccc03004402069000003800000001000000",
        "0000000001000000020000000000000000a408b61c5600000300000000000000",
        "d0a308b61c560000020000000000000048000000010000000100000001000000",
        "0300000000000000010000000000000001000000000000000200000000000000",
        "010000000000000003000000000000000100000000000000",
    ],
    binary_ids: &["8766ae218a1de34be7dee4eb4a220b6815455890"],
    records: VALUE_PROFILE_RECORDS,
};

/// Raw v10, 32-bit, value profiling.
///
/// `clang-22 -m32 -O0 -fprofile-generate v.c`; expectations from
/// `llvm-profdata-22 merge --text` and
/// `llvm-profdata-22 show --binary-ids`.
pub(super) const VP22_32: Fixture = Fixture {
    name: "vp22_32.profraw",
    hex: &[
        "8152666f72706cff0a0000000000000120000000000000000500000000000000",
        "00000000000000000b0000000000000000000000000000000000000000000000",
        "00000000000000001e00000000000000a8ffffff00000000d0cea7a900000000",
        "60ed575600000000000000000000000000000000000000000200000000000000",
        "14000000000000006810d7481f72bb10c7fc71c244418703cc7da7b900000000",
        "4bc92a7aeb9478e6ffffffefd30a4d0aa8ffffff000000003074575600000000",
        "01000000000000000000000000000000cf9f3fde7326f1d8ffffffefd30a4d0a",
        "80ffffff00000000707457560000000001000000000000000000000000000000",
        "53b9e9679a8ea258ffffff7f815c5f0258ffffff00000000a074575620325856",
        "010000000100000000000000000000001feea25ecb958229391ed7556a5b7307",
        "30ffffff00000000207557560000000004000000000000000000000000000000",
        "fad58de7366495db9a132a8dab0b080420ffffff00000000d075575600000000",
        "0400000000000000000000000000000002000000000000000300000000000000",
        "0500000000000000010000000000000002000000000000000200000000000000",
        "0000000000000000050000000000000003000000000000000100000000000000",
        "0200000000000000141c78da2b2e64cccc4b664c4eccc9614c494d66cc4dcccc",
        "0300440206900000380000000100000000000000010000000200000000000000",
        "7074575600000000030000000000000030745756000000000200000000000000",
    ],
    binary_ids: &["6810d7481f72bb10c7fc71c244418703cc7da7b9"],
    records: &[
        Expect {
            name: "call",
            hash: 0x25f5c817fffffff,
            counts: &[5],
            bitmap: &[],
            values: &[(0, 0, &[("inc", 3), ("sq", 2)])],
        },
        Expect {
            name: "dec",
            hash: 0x7735b6a55d71e39,
            counts: &[1, 2, 2, 0],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "inc",
            hash: 0xa4d0ad3efffffff,
            counts: &[3],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "main",
            hash: 0x4080bab8d2a139a,
            counts: &[5, 3, 1, 2],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "sq",
            hash: 0xa4d0ad3efffffff,
            counts: &[2],
            bitmap: &[],
            values: &[],
        },
    ],
};

/// Raw v7 (two `NumValueSites` entries per record) with value profiling.
///
/// `clang-13 -O0 -fprofile-generate v.c`; expectations from `llvm-profdata-13
/// merge --text` and
/// `llvm-profdata-13 show --binary-ids`.
pub(super) const VP13: Fixture = Fixture {
    name: "vp13.profraw",
    hex: &[
        "8172666f72706cff070000000000000100000000000000000500000000000000",
        "00000000000000000b0000000000000000000000000000001e00000000000000",
        "9091400000000000596a40000000000001000000000000004bc92a7aeb9478e6",
        "ffffffefd30a4d0a9091400000000000a0134000000000000000000000000000",
        "0100000000000000cf9f3fde7326f1d8ffffffefd30a4d0a9891400000000000",
        "d0134000000000000000000000000000010000000000000053b9e9679a8ea258",
        "ffffff7f815c5f02a0914000000000000014400000000000d892400000000000",
        "01000000010000001feea25ecb958229391ed7556a5b7307a891400000000000",
        "601440000000000000000000000000000400000000000000fad58de7366495db",
        "9a132a7db282ee0ec8914000000000000015400000000000e092400000000000",
        "0400000000000100020000000000000003000000000000000500000000000000",
        "0100000000000000020000000000000002000000000000000000000000000000",
        "0500000000000000030000000000000001000000000000000200000000000000",
        "141c78da2b2e64cccc4b664c4eccc9614c494d66cc4dcccc0300440206900000",
        "380000000100000000000000010000000200000000000000d013400000000000",
        "0300000000000000a01340000000000002000000000000004800000001000000",
        "0100000001000000030000000000000001000000000000000100000000000000",
        "0200000000000000010000000000000003000000000000000100000000000000",
    ],
    binary_ids: &[],
    records: VALUE_PROFILE_RECORDS,
};

/// Raw v10 with an MC/DC bitmap byte.
///
/// `clang-22 -fprofile-instr-generate -fcoverage-mapping -fcoverage-mcdc v.c`;
/// expectations from `llvm-profdata-22 merge --text` and
/// `llvm-profdata-22 show --binary-ids`.
pub(super) const MC22: Fixture = Fixture {
    name: "mc22.profraw",
    hex: &[
        "8172666f72706cff0a0000000000000020000000000000000500000000000000",
        "00000000000000000d0000000000000000000000000000000100000000000000",
        "07000000000000001e0000000000000098ffffffffffffff90ffffffffffffff",
        "3d8db7a6e8550000000000000000000000000000000000000200000000000000",
        "140000000000000056178cc37e4db219384771a8dc3f98c3799eba3900000000",
        "4bc92a7aeb9478e6180000000000000098ffffffffffffff90ffffffffffffff",
        "0000000000000000000000000000000001000000000000000000000000000000",
        "cf9f3fde7326f1d8180000000000000060ffffffffffffff50ffffffffffffff",
        "0000000000000000000000000000000001000000000000000000000000000000",
        "53b9e9679a8ea258180000000000000028ffffffffffffff10ffffffffffffff",
        "0000000000000000000000000000000001000000000000000000000000000000",
        "1feea25ecb958229588449cea3000000f0feffffffffffffd0feffffffffffff",
        "0000000000000000000000000000000006000000000000000000000001000000",
        "fad58de7366495db1f166d44d46c0400e0feffffffffffff91feffffffffffff",
        "0000000000000000000000000000000004000000000000000000000000000000",
        "0200000000000000030000000000000005000000000000000200000000000000",
        "0200000000000000010000000000000000000000000000000200000000000000",
        "0100000000000000010000000000000005000000000000000200000000000000",
        "03000000000000001800000000000000141c78da2b2e64cccc4b664c4eccc961",
        "4c494d66cc4dcccc0300440206900000",
    ],
    binary_ids: &["56178cc37e4db219384771a8dc3f98c3799eba39"],
    records: &[
        Expect {
            name: "call",
            hash: 0x18,
            counts: &[5],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "dec",
            hash: 0xa3ce498458,
            counts: &[2, 2, 1, 0, 2, 1],
            bitmap: &[24],
            values: &[],
        },
        Expect {
            name: "inc",
            hash: 0x18,
            counts: &[3],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "main",
            hash: 0x46cd4446d161f,
            counts: &[1, 5, 2, 3],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "sq",
            hash: 0x18,
            counts: &[2],
            bitmap: &[],
            values: &[],
        },
    ],
};

/// Raw v10, single-byte counters (variant bit 60).
///
/// `clang-22 -fprofile-instr-generate -fcoverage-mapping -mllvm
/// -enable-single-byte-coverage t.c`; expectations from `llvm-profdata-22 merge
/// --text` and
/// `llvm-profdata-22 show --binary-ids`.
pub(super) const BC22: Fixture = Fixture {
    name: "bc22.profraw",
    hex: &[
        "8172666f72706cff0a0000000000001020000000000000000400000000000000",
        "00000000000000000a0000000000000006000000000000000000000000000000",
        "00000000000000002d00000000000000f0ffffffffffffff502ee763f7a9ffff",
        "499d189c08560000000000000000000000000000000000000200000000000000",
        "1400000000000000cba24149505adcf3fc878872e91c272ad44a932900000000",
        "4bc92a7aeb9478e61800000000000000f0ffffffffffffff0000000000000000",
        "0000000000000000000000000000000001000000000000000000000000000000",
        "27cf1e36682fb6455884499c02000000b1ffffffffffffff0000000000000000",
        "0000000000000000000000000000000003000000000000000000000000000000",
        "53b9e9679a8ea258180000000000000074ffffffffffffff0000000000000000",
        "0000000000000000000000000000000001000000000000000000000000000000",
        "fad58de7366495db1f166d040000000035ffffffffffffff0000000000000000",
        "0000000000000000000000000000000005000000000000000000000000000000",
        "0000ff00000000000000000000000000232b78da2b2e642cc84cce664c4eccc9",
        "61cc4dcccc632cd14bb62acd2b2d4e4d892f2e492cc94c0600d6d80c8b000000",
    ],
    binary_ids: &["cba24149505adcf3fc878872e91c272ad44a9329"],
    records: &[
        Expect {
            name: "call",
            hash: 0x18,
            counts: &[1],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "main",
            hash: 0x46d161f,
            counts: &[1, 1, 1, 1, 1],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "pick",
            hash: 0x29c498458,
            counts: &[1, 0, 1],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "sq",
            hash: 0x18,
            counts: &[1],
            bitmap: &[],
            values: &[],
        },
    ],
};

/// Raw v10, temporal profile (variant bit 63): slot 0 of each function is a
/// timestamp.
///
/// `clang-22 -fprofile-generate -mllvm -pgo-temporal-instrumentation t.c`;
/// expectations from `llvm-profdata-22 merge --text` and
/// `llvm-profdata-22 show --binary-ids`.
pub(super) const TP22: Fixture = Fixture {
    name: "tp22.profraw",
    hex: &[
        "8172666f72706cff0a0000000000008120000000000000000400000000000000",
        "00000000000000000a0000000000000000000000000000000000000000000000",
        "00000000000000001b00000000000000b0ffffffffffffff081ef9bfb7a9ffff",
        "5ead064048560000000000000000000000000000000000000200000000000000",
        "14000000000000000a86b90698a7126dde2325c7055fecc72d4e0be600000000",
        "4bc92a7aeb9478e6ffffffefd30a4d0ab0ffffffffffffff0000000000000000",
        "d043064048560000000000000000000002000000000000000000000000000000",
        "27cf1e36682fb64594da52383eaa090280ffffffffffffff0000000000000000",
        "1044064048560000000000000000000003000000000000000000000000000000",
        "53b9e9679a8ea258ffffff7f815c5f0258ffffffffffffff0000000000000000",
        "8044064048560000f8e206404856000002000000010000000000000000000000",
        "fad58de7366495db9c5bc3a2350ac30e28ffffffffffffff0000000000000000",
        "f044064048560000000000000000000003000000000000000000000000000000",
        "0200000000000000060000000000000003000000000000000000000000000000",
        "0100000000000000040000000000000001000000000000000100000000000000",
        "05000000000000000100000000000000111978da2b2e642cc84cce664c4eccc9",
        "61cc4dcccc030033aa05d0000000000028000000010000000000000001000000",
        "0100000000000000d0430640485600000100000000000000",
    ],
    binary_ids: &["0a86b90698a7126dde2325c7055fecc72d4e0be6"],
    records: &[
        Expect {
            name: "call",
            hash: 0x25f5c817fffffff,
            counts: &[1],
            bitmap: &[],
            values: &[(0, 0, &[("sq", 1)])],
        },
        Expect {
            name: "main",
            hash: 0xec30a35a2c35b9c,
            counts: &[5, 1],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "pick",
            hash: 0x209aa3e3852da94,
            counts: &[0, 1],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "sq",
            hash: 0xa4d0ad3efffffff,
            counts: &[6],
            bitmap: &[],
            values: &[],
        },
    ],
};

/// Raw v10, function-entry-only byte coverage (variant bits 56, 60, 61).
///
/// `clang-22 -fprofile-generate -mllvm -pgo-function-entry-coverage t.c`;
/// expectations from `llvm-profdata-22 merge --text` and
/// `llvm-profdata-22 show --binary-ids`.
pub(super) const FE22: Fixture = Fixture {
    name: "fe22.profraw",
    hex: &[
        "8172666f72706cff0a0000000000003120000000000000000400000000000000",
        "0000000000000000040000000000000004000000000000000000000000000000",
        "00000000000000001b00000000000000f8ffffffffffffff589e1989d9a9ffff",
        "5d2de67626560000000000000000000000000000000000000200000000000000",
        "140000000000000062453407d61a65f458a53b912b771f8583ca068600000000",
        "4bc92a7aeb9478e6ffffffefd30a4d0af8ffffffffffffff0000000000000000",
        "d0c3e57626560000000000000000000001000000000000000000000000000000",
        "27cf1e36682fb64594da52383eaa0902b9ffffffffffffff0000000000000000",
        "f0c3e57626560000000000000000000001000000000000000000000000000000",
        "53b9e9679a8ea258ffffff7f815c5f027affffffffffffff0000000000000000",
        "20c4e57626560000000000000000000001000000000000000000000000000000",
        "fad58de7366495db9c5bc3a2350ac30e3bffffffffffffff0000000000000000",
        "50c4e57626560000000000000000000001000000000000000000000000000000",
        "0000000000000000111978da2b2e642cc84cce664c4eccc961cc4dcccc030033",
        "aa05d00000000000",
    ],
    binary_ids: &["62453407d61a65f458a53b912b771f8583ca0686"],
    records: &[
        Expect {
            name: "call",
            hash: 0x25f5c817fffffff,
            counts: &[1],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "main",
            hash: 0xec30a35a2c35b9c,
            counts: &[1],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "pick",
            hash: 0x209aa3e3852da94,
            counts: &[1],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "sq",
            hash: 0xa4d0ad3efffffff,
            counts: &[1],
            bitmap: &[],
            values: &[],
        },
    ],
};

/// Raw v10 written by rustc.
///
/// `rustc 1.95 -C instrument-coverage r.rs`; expectations from
/// `llvm-profdata-22 merge --text` and
/// `llvm-profdata-22 show --binary-ids`.
pub(super) const RUST: Fixture = Fixture {
    name: "r.profraw",
    hex: &[
        "8172666f72706cff0a0000000000000020000000000000000200000000000000",
        "0000000000000000040000000000000000000000000000000000000000000000",
        "00000000000000002900000000000000e0ffffffffffffff10f96a5e28aaffff",
        "181490a1d7550000000000000000000000000000000000000200000000000000",
        "1400000000000000ba4db896f1da2ff9da909261745149ffe596c01300000000",
        "b07c80ddede3345774e95ce7c5784efae0ffffffffffffff0000000000000000",
        "0000000000000000000000000000000002000000000000000000000000000000",
        "99a60b5064e870ce2ee2e332021fc59eb0ffffffffffffff0000000000000000",
        "0000000000000000000000000000000002000000000000000000000000000000",
        "0500000000000000020000000000000001000000000000000600000000000000",
        "302778da8b0ff22b732e3673cfcdcd0930494a2f768f372c324c638cc7226c92",
        "9b989907008db7106000000000000000",
    ],
    binary_ids: &["ba4db896f1da2ff9da909261745149ffe596c013"],
    records: &[
        Expect {
            name: "_RNvCs6GmmlP4bgsG_1r1f",
            hash: 0xfa4e78c5e75ce974,
            counts: &[5, 2],
            bitmap: &[],
            values: &[],
        },
        Expect {
            name: "_RNvCs6GmmlP4bgsG_1r4main",
            hash: 0x9ec51f0232e3e22e,
            counts: &[1, 6],
            bitmap: &[],
            values: &[],
        },
    ],
};

/// Debug-info correlation (variant bit 59).
///
/// `clang-22 -fprofile-generate -g -mllvm -profile-correlate=debug-info -mllvm
/// -disable-vp t.c`.
pub(super) const DBG22: &[&str] = &[
    "8172666f72706cff0a0000000000000920000000000000000000000000000000",
    "0000000000000000060000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000200000000000000",
    "140000000000000014e1bce5180d0ba1300312890b5978066752635400000000",
    "0600000000000000000000000000000001000000000000000100000000000000",
    "05000000000000000100000000000000",
];

/// Binary correlation: NumData and NamesSize 0, counters present.
///
/// `clang-19 -fprofile-instr-generate -fcoverage-mapping -mllvm
/// -profile-correlate=binary t.c`.
pub(super) const BIN19: &[&str] = &[
    "8172666f72706cff0a0000000000000020000000000000000000000000000000",
    "0000000000000000060000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000200000000000000",
    "1400000000000000048a399a3820beb915d07eb04719b99d0681cb3400000000",
    "0600000000000000010000000000000000000000000000000100000000000000",
    "01000000000000000500000000000000",
];
