//! Demangling corpus programs end to end: the binary's coverage mapping and
//! `merged.profdata` loaded into a model, then
//! [`Coverage::demangle_names`]. The expected readable names are what
//! `c++filt` prints for the C++ names and what `llvm-cxxfilt-22` prints for
//! the Rust v0 names (the same text as `rustc-demangle`'s alternate form).

use std::fs;
use std::path::{Path, PathBuf};

use covkit_model::Coverage;
use covkit_model::covmap::{LoadOptions, load_object};
use covkit_model::demangle::demangle;
use covkit_model::profile::indexed::IndexedProfile;

fn program(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/corpus")
        .join(id)
}

/// The model of a corpus program over its `merged.profdata`.
fn load(id: &str) -> Coverage {
    let dir = program(id);
    let binary = fs::read(dir.join("program")).unwrap();
    let profile_bytes = fs::read(dir.join("merged.profdata")).unwrap();
    let profile = IndexedProfile::parse(&profile_bytes).unwrap();
    let objects = load_object(&binary, &LoadOptions::default())
        .unwrap()
        .expect("no coverage data");
    Coverage::from_objects(&objects, &profile).unwrap()
}

/// The `FN:` names of the program's llvm-cov 22 lcov export.
fn oracle_names(id: &str) -> Vec<String> {
    let lcov = fs::read_to_string(program(id).join("oracle/llvm-cov-22.export.lcov")).unwrap();
    lcov.lines()
        .filter_map(|l| l.strip_prefix("FN:"))
        .filter_map(|l| l.split_once(','))
        .map(|(_, name)| name.to_owned())
        .collect()
}

/// The symbol part of a displayed name: after the last `:`.
fn symbol(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// `(program, mangled name as lcov shows it, readable name)`.
const NAMES: &[(&str, &str, &str)] = &[
    (
        "clang-22/cpp_templates",
        "_Z4pickIiET_S0_S0_b",
        "int pick<int>(int, int, bool)",
    ),
    (
        "clang-22/cpp_templates",
        "_Z6unrollILi3EEiv",
        "int unroll<3>()",
    ),
    (
        "clang-22/cpp_templates",
        "_ZNK5MoneyplERKS_",
        "Money::operator+(Money const&) const",
    ),
    (
        "clang-22/cpp_templates",
        "_ZN4RingI5MoneyLi2EE4pushES0_",
        "Ring<Money, 2>::push(Money)",
    ),
    ("clang-22/cpp_templates", "_ZN5ShapeD2Ev", "Shape::~Shape()"),
    (
        "clang-22/cpp_lambdas",
        "main.cpp:_ZZ4mainENK3$_1clEi",
        "main.cpp:main::$_1::operator()(int) const",
    ),
    // llvm-cxxfilt 22 leaves this generic lambda mangled; c++filt does not.
    (
        "clang-22/cpp_lambdas",
        "main.cpp:_ZZ4mainENK3$_0clIiEEDaT_",
        "main.cpp:auto main::$_0::operator()<int>(int) const",
    ),
    (
        "clang-22/cpp_lambdas",
        "main.cpp:_Z6call_nIZ4mainE3$_2EiT_i",
        "main.cpp:int call_n<main::$_2>(main::$_2, int)",
    ),
    (
        "clang-22/cpp_lambdas",
        "main.cpp:_ZN12_GLOBAL__N_15applyEPFiiEi",
        "main.cpp:(anonymous namespace)::apply(int (*)(int), int)",
    ),
    (
        "clang-22/c_control",
        "main.c:weekday_kind",
        "main.c:weekday_kind",
    ),
    ("clang-22/c_control", "main", "main"),
    (
        "rustc-1.95/rs_generics",
        "_RINvCs46rjm0djn8i_11rs_generics7largestdEB2_",
        "rs_generics::largest::<f64>",
    ),
    (
        "rustc-1.95/rs_generics",
        "_RNvMs0_Cs46rjm0djn8i_11rs_genericsINtB5_4PairReE8show_maxB5_",
        "<rs_generics::Pair<&str>>::show_max",
    ),
    (
        "rustc-1.95/rs_generics",
        "_RNvXs_Cs46rjm0djn8i_11rs_genericsNtB4_4BirdNtB4_6Animal4legs",
        "<rs_generics::Bird as rs_generics::Animal>::legs",
    ),
    (
        "rustc-1.95/rs_generics",
        "_RINvCs46rjm0djn8i_11rs_generics18never_instantiatedpEB2_",
        "rs_generics::never_instantiated::<_>",
    ),
    (
        "rustc-1.95/rs_closures",
        "_RNCNvCs6ZegoNl0aDW_11rs_closures4mains3_0B3_",
        "rs_closures::main::{closure#5}",
    ),
    (
        "rustc-1.95/rs_closures",
        "_RNvNvCs6ZegoNl0aDW_11rs_closures4main13nested_helper",
        "rs_closures::main::nested_helper",
    ),
    (
        "rustc-1.95/rs_async",
        "_RINvCscZf5vckj5S9_8rs_async8block_onNCNvB2_8pipeline0EB2_",
        "rs_async::block_on::<rs_async::pipeline::{closure#0}>",
    ),
    (
        "rustc-1.95/rs_async",
        "_RNCNCNvCscZf5vckj5S9_8rs_async8pipeline00B5_",
        "rs_async::pipeline::{closure#0}::{closure#0}",
    ),
    (
        "rustc-1.95/rs_async",
        "_RNvXCscZf5vckj5S9_8rs_asyncNtB2_6YieldNNtNtNtCsgEmfK2I1SDS_4core6future6future6Future4poll",
        "<rs_async::YieldN as core::future::future::Future>::poll",
    ),
];

#[test]
fn corpus_names_demangle() {
    for (id, mangled, readable) in NAMES {
        assert!(
            oracle_names(id).iter().any(|n| n == mangled),
            "{id}: {mangled} is not a function of the oracle"
        );
        assert_eq!(demangle(mangled), *readable, "{id}: {mangled}");
    }
}

#[test]
fn every_corpus_name_of_a_cpp_or_rust_program_demangles() {
    for id in [
        "clang-22/cpp_templates",
        "clang-22/cpp_lambdas",
        "rustc-1.95/rs_generics",
        "rustc-1.95/rs_closures",
        "rustc-1.95/rs_async",
    ] {
        let names = oracle_names(id);
        assert!(!names.is_empty(), "{id}");
        for name in names {
            let out = demangle(&name);
            let sym = symbol(&out);
            assert!(
                !sym.starts_with("_Z") && !sym.starts_with("_R"),
                "{id}: {name} stays mangled"
            );
        }
    }
}

/// Loads `id`, demangles, and checks that no displayed name is mangled any
/// more, that PGO names are untouched and that `expected` are among the
/// names. Returns the model.
fn load_and_demangle(id: &str, expected: &[&str]) -> Coverage {
    let mut model = load(id);
    let before: Vec<(String, String)> = model
        .functions()
        .iter()
        .map(|f| (f.name.clone(), f.pgo_name.clone()))
        .collect();
    assert!(before.len() > 10, "{id}: only {} functions", before.len());
    model.demangle_names();
    let functions = model.functions();
    assert_eq!(functions.len(), before.len());
    let mut changed = 0;
    for (f, (name, pgo_name)) in functions.iter().zip(&before) {
        assert_eq!(&f.pgo_name, pgo_name, "{id}: the PGO name changed");
        assert_eq!(f.name, demangle(name), "{id}: {name}");
        let sym = symbol(&f.name);
        assert!(
            !sym.starts_with("_Z") && !sym.starts_with("_R"),
            "{id}: {name} stays mangled as {}",
            f.name
        );
        if f.name != *name {
            changed += 1;
        }
    }
    assert!(changed > 10, "{id}: only {changed} names changed");
    let names: Vec<&str> = functions.iter().map(|f| f.name.as_str()).collect();
    for e in expected {
        assert!(names.contains(e), "{id}: {e} missing from {names:#?}");
    }
    model
}

#[test]
fn cpp_templates_end_to_end() {
    let model = load_and_demangle(
        "clang-22/cpp_templates",
        &[
            "main",
            "int pick<int>(int, int, bool)",
            "double pick<double>(double, double, bool)",
            "int describe<char>(char)",
            "Square::Square(int)",
            "Shape::area() const",
            "Ring<int, 4>::size() const",
        ],
    );
    // Demangling twice changes nothing more.
    let mut again = model.clone();
    again.demangle_names();
    assert_eq!(again.functions(), model.functions());
}

#[test]
fn rs_generics_end_to_end() {
    load_and_demangle(
        "rustc-1.95/rs_generics",
        &[
            "rs_generics::main",
            "rs_generics::largest::<char>",
            "rs_generics::largest::<u8>",
            "rs_generics::main::{closure#0}",
            "rs_generics::main::{closure#1}",
            "<rs_generics::Pair<i32>>::show_max",
            "<rs_generics::Dog as rs_generics::Animal>::name",
            "<rs_generics::Dog as rs_generics::Animal>::legs",
        ],
    );
}

#[test]
fn cpp_lambdas_end_to_end() {
    load_and_demangle(
        "clang-22/cpp_lambdas",
        &[
            "calc::Counter::Counter(int)",
            "calc::Counter::operator+=(int)",
            "main.cpp:main::$_3::operator()()",
            "main.cpp:main::$_4::operator()(int, int) const",
            "main.cpp:int call_n<main::$_8>(main::$_8, int)",
        ],
    );
}
