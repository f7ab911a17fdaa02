//! Readable function names for reports, on request (`--demangle`).
//!
//! llvm-cov has no demangler of its own: it pipes names through an external
//! tool (`-Xdemangler c++filt`, `-Xdemangler rustfilt`). covkit demangles in
//! process, after loading, so every report format shows the same names.
//! Only [`FunctionRecord::name`](crate::FunctionRecord::name), the displayed
//! name, is rewritten; the PGO name stays mangled, and loading (profile
//! lookup, duplicate detection) has already happened on mangled names, as
//! in llvm-cov, where the demangler only sees names at render time.
//!
//! Names in the model are PGO names:
//!
//! | name | demangler | example |
//! |---|---|---|
//! | `_R…` (Rust v0) | `rustc-demangle`, alternate form | `rs_generics::largest::<char>` |
//! | `_ZN…17h<16 hex>E` (Rust legacy) | `rustc-demangle`, alternate form (no hash) | `leg::main::{{closure}}` |
//! | other `_Z…` (Itanium C++) | `cpp_demangle` | `int pick<int>(int, int, bool)` |
//! | anything else (C, unknown) | none: unchanged | `main` |
//!
//! The extra leading underscore of Mach-O symbols (`__Z…`, `__R…`,
//! `__ZN…`) is accepted too. Rust names are printed as `rustfilt` and grcov
//! print them (`{:#}`): without the legacy hash and without v0 crate
//! disambiguators.
//!
//! A file-local function keeps the `file:` prefix that its PGO name carries
//! when the prefix is not the function's first filename (clang's
//! `main.cpp:_ZZ4mainENK3$_1clEi`). Mangled names never contain `:`, so the
//! part after the last `:` is demangled and the prefix is kept:
//! `main.cpp:main::$_1::operator()(int) const`, which is also what
//! `c++filt` prints for the whole string.
//!
//! Names from a binary are untrusted input, so demangling is bounded:
//!
//! - a symbol longer than [`MAX_MANGLED_LEN`] bytes is not demangled;
//! - a demangled name longer than [`MAX_DEMANGLED_LEN`] bytes is abandoned
//!   as soon as the output reaches the limit (a few dozen bytes of mangled
//!   text can stand for an exponentially long name through substitutions);
//! - `cpp_demangle` runs with explicit recursion limits
//!   ([`CPP_PARSE_RECURSION_LIMIT`], [`CPP_DEMANGLE_RECURSION_LIMIT`]);
//!   `rustc-demangle` has its own fixed depth limit (500) and parses in
//!   linear time;
//! - a name the demanglers reject, or whose output carries
//!   `rustc-demangle`'s error markers, stays mangled;
//! - a panic inside a demangler (none is known) is caught and the name
//!   stays mangled.
//!
//! - `cpp_demangle` 0.5 parses by backtracking without memoisation, so a
//!   crafted *invalid* Itanium name of nested expressions that fail deep
//!   down takes time exponential in its nesting depth, whatever the
//!   recursion limit (a 48-byte name of 20 nested `new[]` expressions took
//!   0.1 s, 30 levels minutes). The crate has no work budget to set, so
//!   covkit bounds the work before parsing: every level of expression
//!   nesting needs an operator code or an expression-opening byte outside
//!   identifiers, and a name whose length shifted left by that count
//!   passes [`MAX_CPP_WORK`] stays mangled. The worst names measured
//!   within the bound take a few milliseconds. Of 101,690 C++ symbols of
//!   LLVM 22, clang 22 and libstdc++, 57 (0.06%) are refused; names
//!   compilers emit rarely hold more than three markers.
//!
//! The C++ text is `cpp_demangle`'s. It matches `c++filt` on every C++
//! name of the fixture corpus; on large code bases it differs in places,
//! mostly in spelling (`(unsigned int)3` for `3u`).
//!
//! Names that are not mangled are returned borrowed, without allocating.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use cpp_demangle::{DemangleOptions, ParseOptions, Symbol};

use crate::coverage::Coverage;

/// Symbols longer than this many bytes are left mangled without being
/// parsed.
pub const MAX_MANGLED_LEN: usize = 64 * 1024;

/// A demangled name may be at most this many bytes; a longer one is
/// abandoned and the name stays mangled.
pub const MAX_DEMANGLED_LEN: usize = 64 * 1024;

/// The parse recursion limit given to `cpp_demangle` (its default is 96).
/// A name that nests deeper is rejected as soon as the parser reaches the
/// limit, and a lower limit keeps the cost of pathological nesting lower.
/// Of about 100,000 C++ symbols exported by LLVM 22, clang 22, libstdc++
/// and Boost, 19 need more than 64 and stay mangled.
pub const CPP_PARSE_RECURSION_LIMIT: u32 = 64;

/// The demangling (printing) recursion limit given to `cpp_demangle` (its
/// default; every one of the symbols above prints within it). Printing
/// time is bounded by [`MAX_DEMANGLED_LEN`] as well.
pub const CPP_DEMANGLE_RECURSION_LIMIT: u32 = 128;

/// The most backtracking work `cpp_demangle` may be given for one name:
/// its length shifted left by its number of expression markers (operator
/// codes and `X`, `L`, `A`, `D`, `Q`, `J`, `u` outside identifiers), an
/// upper bound on what a failing parse redoes. A name past it stays
/// mangled without being parsed.
pub const MAX_CPP_WORK: u64 = 1 << 18;

/// What `rustc-demangle` prints in place of the parts of a name it cannot
/// demangle; a name whose output contains one stays mangled.
const RUST_ERROR_MARKERS: &[&str] = &[
    "{invalid syntax}",
    "{recursion limit reached}",
    "{size limit reached}",
];

/// The readable form of `name`, or `name` itself (borrowed) when it is not
/// a mangled name that can be demangled within the limits.
///
/// A `prefix:` before the symbol (a file-local function's file name) is
/// kept: the part after the last `:` is demangled.
///
/// ```
/// use covkit_model::demangle::demangle;
///
/// assert_eq!(demangle("_ZN4calc7CounterC2Ei"), "calc::Counter::Counter(int)");
/// assert_eq!(
///     demangle("_RNCNvCs6ZegoNl0aDW_11rs_closures4main0B3_"),
///     "rs_closures::main::{closure#0}"
/// );
/// assert_eq!(
///     demangle("main.cpp:_ZZ4mainENK3$_1clEi"),
///     "main.cpp:main::$_1::operator()(int) const"
/// );
/// assert_eq!(demangle("main.c:helper"), "main.c:helper");
/// assert_eq!(demangle("_Znot_a_name"), "_Znot_a_name");
/// ```
#[must_use]
pub fn demangle(name: &str) -> Cow<'_, str> {
    let (prefix, symbol) = match name.rfind(':') {
        Some(i) => name.split_at(i + 1),
        None => ("", name),
    };
    let Some(kind) = classify(symbol) else {
        return Cow::Borrowed(name);
    };
    // `&str` is unwind safe: a panic leaves nothing half-updated.
    match std::panic::catch_unwind(|| demangle_symbol(symbol, kind)) {
        Ok(Some(mut readable)) => {
            readable.insert_str(0, prefix);
            Cow::Owned(readable)
        }
        Ok(None) | Err(_) => Cow::Borrowed(name),
    }
}

impl Coverage {
    /// Replaces every function's displayed name
    /// ([`FunctionRecord::name`](crate::FunctionRecord::name)) by its
    /// [`demangle`]d form; the PGO name stays mangled. Names that cannot be
    /// demangled are kept as they are.
    ///
    /// Functions keep their identity: loading has already told apart
    /// functions whose mangled names differ, even when their readable names
    /// are the same (a C++ complete and base constructor, say).
    pub fn demangle_names(&mut self) {
        for function in self.functions_mut() {
            if let Cow::Owned(readable) = demangle(&function.name) {
                function.name = readable;
            }
        }
    }
}

/// Which demangler a symbol goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `rustc-demangle`: v0, or legacy with a hash.
    Rust,
    /// `cpp_demangle`: Itanium.
    Cpp,
}

/// The demangler for `symbol` by its prefix, or `None` when it does not
/// look mangled (or is too long to try). Allocates nothing.
fn classify(symbol: &str) -> Option<Kind> {
    if symbol.len() > MAX_MANGLED_LEN {
        return None;
    }
    // Mach-O adds one more leading underscore.
    let bare = symbol
        .strip_prefix("__")
        .or_else(|| symbol.strip_prefix('_'))?;
    if bare.starts_with('R') || (bare.starts_with("ZN") && has_rust_hash(bare)) {
        Some(Kind::Rust)
    } else if bare.starts_with('Z') {
        Some(Kind::Cpp)
    } else {
        None
    }
}

/// Whether a `ZN…E` symbol ends, before any `.suffix`, with rustc's legacy
/// hash element `17h` + 16 hex digits + `E`. An Itanium nested name with
/// that last element would still need a parameter list after the `E`, so
/// C++ functions never match.
fn has_rust_hash(bare: &str) -> bool {
    let body = bare.split_once('.').map_or(bare, |(body, _)| body);
    let Some(path) = body.strip_suffix('E') else {
        return false;
    };
    let Some(start) = path.len().checked_sub(19) else {
        return false;
    };
    let Some(hash) = path.get(start..) else {
        return false;
    };
    hash.strip_prefix("17h")
        .is_some_and(|digits| digits.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The demangled `symbol`, or `None` when it cannot be demangled within
/// the limits.
fn demangle_symbol(symbol: &str, kind: Kind) -> Option<String> {
    let readable = match kind {
        Kind::Rust => demangle_rust(symbol),
        Kind::Cpp => demangle_cpp(symbol),
    }?;
    (!readable.is_empty()).then_some(readable)
}

fn demangle_rust(symbol: &str) -> Option<String> {
    let parsed = rustc_demangle::try_demangle(symbol).ok()?;
    let mut out = Bounded::default();
    write!(out, "{parsed:#}").ok()?;
    let readable = out.0;
    if RUST_ERROR_MARKERS.iter().any(|m| readable.contains(m)) {
        return None;
    }
    Some(readable)
}

fn demangle_cpp(symbol: &str) -> Option<String> {
    if crate::cpp_budget::cpp_work(symbol) > MAX_CPP_WORK {
        return None;
    }
    let parse = ParseOptions::default().recursion_limit(CPP_PARSE_RECURSION_LIMIT);
    let parsed = Symbol::new_with_options(symbol.as_bytes(), &parse).ok()?;
    let options = DemangleOptions::new().recursion_limit(CPP_DEMANGLE_RECURSION_LIMIT);
    let mut out = Bounded::default();
    // Not `Display`/`demangle`: the output must stop at the limit.
    parsed.structured_demangle(&mut out, &options).ok()?;
    Some(out.0)
}

/// A string sink that fails once it would exceed [`MAX_DEMANGLED_LEN`],
/// which stops the demangler writing into it.
#[derive(Default)]
struct Bounded(String);

impl fmt::Write for Bounded {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.len() > MAX_DEMANGLED_LEN.saturating_sub(self.0.len()) {
            return Err(fmt::Error);
        }
        self.0.push_str(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(name: &str) {
        let out = demangle(name);
        assert!(matches!(out, Cow::Borrowed(_)), "{name:?} -> {out:?}");
        assert_eq!(out, name);
    }

    #[test]
    fn cpp_template_instantiation() {
        assert_eq!(
            demangle("_Z4pickIiET_S0_S0_b"),
            "int pick<int>(int, int, bool)"
        );
        assert_eq!(
            demangle("_ZN4RingI5MoneyLi2EE4pushES0_"),
            "Ring<Money, 2>::push(Money)"
        );
        assert_eq!(demangle("_Z6unrollILi3EEiv"), "int unroll<3>()");
    }

    #[test]
    fn cpp_mach_o_spelling_and_internal_linkage() {
        assert_eq!(
            demangle("__Z4pickIiET_S0_S0_b"),
            "int pick<int>(int, int, bool)"
        );
        assert_eq!(demangle("_ZL6helperi"), "helper(int)");
    }

    #[test]
    fn cpp_lambda() {
        assert_eq!(
            demangle("_ZZ4mainENK3$_0clEv"),
            "main::$_0::operator()() const"
        );
        // A generic lambda: llvm-cxxfilt 22 gives up on it, c++filt does not.
        assert_eq!(
            demangle("_ZZ4mainENK3$_0clIiEEDaT_"),
            "auto main::$_0::operator()<int>(int) const"
        );
    }

    #[test]
    fn rust_legacy_with_hash() {
        assert_eq!(
            demangle("_ZN3leg4main28_$u7b$$u7b$closure$u7d$$u7d$17h431daf93ff7d2481E"),
            "leg::main::{{closure}}"
        );
        assert_eq!(
            demangle("_ZN3leg13Pair$LT$T$GT$3max17h3a6d063b474c7c03E"),
            "leg::Pair<T>::max"
        );
        // Mach-O spelling.
        assert_eq!(
            demangle("__ZN3std2rt10lang_start17h3a2394148a6124abE"),
            "std::rt::lang_start"
        );
    }

    #[test]
    fn rust_v0_generic_and_closure() {
        assert_eq!(
            demangle("_RINvCs46rjm0djn8i_11rs_generics7largestcEB2_"),
            "rs_generics::largest::<char>"
        );
        assert_eq!(
            demangle("_RNCNvCs6ZegoNl0aDW_11rs_closures4mains0_0B3_"),
            "rs_closures::main::{closure#2}"
        );
        assert_eq!(
            demangle("__RNvCs46rjm0djn8i_11rs_generics4main"),
            "rs_generics::main"
        );
    }

    #[test]
    fn plain_c_names_are_borrowed() {
        for name in [
            "main",
            "helper",
            "_start",
            "__libc_csu_init",
            "R2D2",
            "ZN3fooE",
            "",
        ] {
            same(name);
        }
    }

    #[test]
    fn file_prefix() {
        same("main.c:static_fn");
        same("calc.c:helper");
        assert_eq!(
            demangle("main.cpp:_ZN12_GLOBAL__N_15applyEPFiiEi"),
            "main.cpp:(anonymous namespace)::apply(int (*)(int), int)"
        );
        assert_eq!(
            demangle("C:\\src\\lib.rs:_RNvCs6ZegoNl0aDW_11rs_closures6double"),
            "C:\\src\\lib.rs:rs_closures::double"
        );
        // Only the part after the last `:` is a symbol.
        same("_Z3foov:bar");
        same("main.cpp:");
    }

    #[test]
    fn invalid_mangled_names_are_borrowed() {
        for name in [
            "_Z",
            "_Zfoo",
            "_ZN3foo",
            "_R",
            "_RNv",
            "_Rfoo",
            "__Z",
            "_ZN3leg4main17h431daf93ff7d248E",
            "main.cpp:_Z!!",
            // Nested `new[]` expressions that never close: rejected after a
            // search that grows with the nesting (see the module docs).
            "_Z1fAnanananananananananana_iE",
        ] {
            same(name);
        }
    }

    #[test]
    fn cpp_names_that_look_like_rust_legacy() {
        // A C++ function always has parameters after the nested name.
        assert_eq!(demangle("_ZN3foo3barEv"), "foo::bar()");
        assert_eq!(
            demangle("_ZN3foo17h0123456789abcdefEv"),
            "foo::h0123456789abcdef()"
        );
        assert!(!has_rust_hash("ZN3foo17h0123456789abcdefEv"));
        assert!(has_rust_hash("ZN3foo17h0123456789abcdefE"));
        assert!(has_rust_hash("ZN3foo17h0123456789abcdefE.llvm.123"));
        assert!(!has_rust_hash("ZN3foo17h0123456789abcdeE"));
        assert!(!has_rust_hash("ZNE"));
    }

    #[test]
    fn deep_nesting_stays_mangled() {
        let pointers = format!("_Z1fP{}i", "P".repeat(50_000));
        same(&pointers);
        let templates = format!("_Z1f{}i{}v", "I".repeat(10_000), "E".repeat(10_000));
        same(&templates);
        let rust = format!("_RNv{}3foo", "Nv".repeat(20_000));
        same(&rust);
    }

    #[test]
    fn exponential_output_stays_mangled() {
        // `f(x, a<x, x>, a<a, a>, a<a<x, x>, a<x, x> >, ...)`: every
        // parameter refers twice to an earlier one, so the readable name
        // grows exponentially (45 parameters would print 218 MB).
        let mut name = String::from("_Z1f1x1aIS_S_E");
        for i in 0..45 {
            let sub = format!("S{}_", to_base36(i));
            name.push_str(&format!("S0_I{sub}{sub}E"));
        }
        same(&name);
        // Five parameters fit.
        let mut short = String::from("_Z1f1x1aIS_S_E");
        for i in 0..5 {
            let sub = format!("S{}_", to_base36(i));
            short.push_str(&format!("S0_I{sub}{sub}E"));
        }
        let out = demangle(&short);
        assert!(
            out.starts_with("f(x, a<x, x>, a<a, a>, a<a<x, x>, a<x, x> >, "),
            "{out}"
        );
    }

    #[test]
    fn exponential_backtracking_is_refused_before_parsing() {
        use crate::cpp_budget::cpp_work;
        // Each family nests one expression per repetition and never
        // closes it; 12 levels parse quickly, 30 would take hours.
        let families = [
            ("_Z1fA", "na", "_iE"),
            ("_Z1fA", "nw", "_iE"),
            ("_Z1fIX", "cl", "E"),
            ("_Z1fIX", "pl", "Li1E"),
            ("_Z1fDT", "dt", "E"),
            ("_Z1fIX", "ps", "E"),
            ("_Z1f", "u1aIX", "E"),
            ("_Z1f", "A1aI", "E"),
            ("_Z1fI", "X", "E"),
            ("_Z1fA", "nacl", "_iE"),
        ];
        for (head, level, tail) in families {
            let shallow = format!("{head}{}{tail}", level.repeat(6));
            assert!(cpp_work(&shallow) <= MAX_CPP_WORK, "{shallow}");
            let deep = format!("{head}{}{tail}", level.repeat(30));
            assert!(cpp_work(&deep) > MAX_CPP_WORK, "{deep}");
            same(&deep);
        }
        // The name of the module docs: refused without being parsed.
        let name = format!("_Z1fA{}_iE", "na".repeat(20));
        assert_eq!(name.len(), 48);
        assert!(cpp_work(&name) > MAX_CPP_WORK);
        // Nesting within the bound but wide: the width counts too.
        let wide = format!("_Z1fA{}1aI{}E_iE", "na".repeat(9), "i".repeat(1000));
        assert!(cpp_work(&wide) > MAX_CPP_WORK);
        // Types nest without markers and parse in linear time.
        assert_eq!(cpp_work("_Z1fPFPFPFPFvEEEE"), 17);
    }

    #[test]
    fn real_names_are_within_the_work_bound() {
        for name in SEEDS.iter().filter(|n| n.starts_with("_Z")) {
            assert!(crate::cpp_budget::cpp_work(name) <= MAX_CPP_WORK, "{name}");
        }
        // libstdc++ names with a literal and a parameter list that reads as
        // an operator code (`cl`: char, long).
        for (name, readable) in [
            (
                "_ZNSt10moneypunctIcLb1EEC1Em",
                "std::moneypunct<char, true>::moneypunct(unsigned long)",
            ),
            (
                "_ZNSt10istrstreamC1EPKcl",
                "std::istrstream::istrstream(char const*, long)",
            ),
        ] {
            assert!(crate::cpp_budget::cpp_work(name) <= MAX_CPP_WORK);
            assert_eq!(demangle(name), readable);
        }
    }

    #[test]
    fn too_long_names_stay_mangled() {
        let long = format!("_ZN{}3fooEv", "3abc".repeat(MAX_MANGLED_LEN / 4));
        same(&long);
    }

    /// Real names to mutate: C++ from clang 22, Rust v0 and legacy.
    const SEEDS: &[&str] = &[
        "_ZN4RingI5MoneyLi2EE4pushES0_",
        "_ZZ4mainENK3$_0clIiEEDaT_",
        "_Z6call_nIZ4mainE3$_2EiT_i",
        "_ZN12_GLOBAL__N_15applyEPFiiEi",
        "_ZNK5MoneyplERKS_",
        "_RNvXCscZf5vckj5S9_8rs_asyncNtB2_6YieldNNtNtNtCsgEmfK2I1SDS_4core6future6future6Future4poll",
        "_RINvCscZf5vckj5S9_8rs_async8block_onNCNvB2_8pipeline0EB2_",
        "_RNvMs0_Cs46rjm0djn8i_11rs_genericsINtB5_4PairReE8show_maxB5_",
        "_ZN3leg4main28_$u7b$$u7b$closure$u7d$$u7d$17h431daf93ff7d2481E",
    ];

    /// Checks one input through the public entry point and, where the
    /// name looks mangled, through the demanglers directly (without the
    /// `catch_unwind` of [`demangle`], so that a panic fails the test).
    fn check(name: &str) {
        let (prefix, symbol) = match name.rfind(':') {
            Some(i) => name.split_at(i + 1),
            None => ("", name),
        };
        match classify(symbol) {
            Some(kind) => {
                if let Some(out) = demangle_symbol(symbol, kind) {
                    assert!(!out.is_empty() && out.len() <= MAX_DEMANGLED_LEN);
                }
            }
            None => assert!(matches!(demangle(name), Cow::Borrowed(_))),
        }
        match demangle(name) {
            Cow::Borrowed(out) => assert_eq!(out, name),
            Cow::Owned(out) => {
                assert!(out.starts_with(prefix));
                assert!(out.len() <= prefix.len() + MAX_DEMANGLED_LEN);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(1024))]

        #[test]
        fn any_string_is_safe(name in ".{0,80}") {
            check(&name);
        }

        #[test]
        fn mangled_looking_strings_are_safe(
            prefix in proptest::sample::select(
                &["_Z", "_ZN", "_ZZ", "_ZL", "__Z", "_R", "_RN", "_RI", "__R", "_ZN3leg", "a.c:_Z"][..],
            ),
            body in "[A-Za-z0-9_$.]{0,48}",
        ) {
            check(&format!("{prefix}{body}"));
        }

        #[test]
        fn mutated_real_names_are_safe(
            seed in proptest::sample::select(SEEDS),
            at in 0usize..100,
            cut in 0usize..8,
            insert in "[A-Za-z0-9_$]{0,6}",
        ) {
            let at = at % (seed.len() + 1);
            let end = (at + cut).min(seed.len());
            let name = format!("{}{insert}{}", &seed[..at], &seed[end..]);
            check(&name);
        }
    }

    fn to_base36(mut n: usize) -> String {
        const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let mut out = Vec::new();
        loop {
            out.push(DIGITS[n % 36]);
            n /= 36;
            if n == 0 {
                break;
            }
        }
        out.reverse();
        String::from_utf8(out).unwrap_or_default()
    }
}
