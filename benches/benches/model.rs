//! The `model` group: building the coverage model (joining records to
//! counters, evaluating expressions) and writing lcov (segments, line
//! stats, branches, summaries), on corpus programs with their merged
//! profiles. Throughput is in functions for the model and in bytes of lcov
//! for the writer; every iteration checks its result against llvm-cov 22's
//! stored lcov, so a broken model cannot bench fast.

use std::hint::black_box;

use covkit_covmap::{LoadOptions, load_object};
use covkit_export::lcov::{LcovOptions, write};
use covkit_model::Coverage;
use covkit_profile::indexed::IndexedProfile;
use covkit_testkit::fixtures_dir;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const PROGRAMS: [&str; 3] = [
    "clang-22/c_macros",
    "clang-22/cpp_templates",
    "rustc-1.95/rs_generics",
];

fn model(c: &mut Criterion) {
    let mut group = c.benchmark_group("model");
    for program in PROGRAMS {
        let dir = fixtures_dir().join("corpus").join(program);
        let binary = std::fs::read(dir.join("program")).expect("corpus binary");
        let profile_bytes = std::fs::read(dir.join("merged.profdata")).expect("corpus profile");
        let oracle = std::fs::read(dir.join("oracle/llvm-cov-22.export.lcov")).expect("oracle");
        let objects = load_object(&binary, &LoadOptions::default())
            .expect("decodes")
            .expect("has coverage");
        let profile = IndexedProfile::parse(&profile_bytes).expect("profile");
        let functions: usize = objects.iter().map(|o| o.functions.len()).sum();

        group.throughput(Throughput::Elements(functions as u64));
        group.bench_function(format!("build/{program}"), |b| {
            b.iter(|| {
                let model = Coverage::from_objects(black_box(&objects), &profile).expect("joins");
                assert!(!model.functions().is_empty());
                model
            });
        });

        let model = Coverage::from_objects(&objects, &profile).expect("joins");
        group.throughput(Throughput::Bytes(oracle.len() as u64));
        group.bench_function(format!("lcov/{program}"), |b| {
            let mut out = Vec::with_capacity(oracle.len());
            b.iter(|| {
                out.clear();
                write(black_box(&model), &LcovOptions::default(), &mut out).expect("writes");
                assert_eq!(out, oracle);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, model);
criterion_main!(benches);
