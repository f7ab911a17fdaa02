//! The `model` group: building the coverage model (joining records to
//! counters, evaluating expressions, MC/DC records) and writing lcov,
//! llvm-cov JSON and the report table (segments, line stats, branches,
//! summaries), on corpus programs with their merged profiles. Throughput is
//! in functions for the model and in output bytes for the writers; every
//! iteration checks its result against llvm-cov 22's stored output, so a
//! broken model cannot bench fast.

use std::hint::black_box;

use covkit_covmap::{LoadOptions, load_object};
use covkit_export::json::{self, JsonOptions};
use covkit_export::lcov::{self, LcovOptions};
use covkit_export::report::{self, ReportOptions};
use covkit_model::Coverage;
use covkit_profile::indexed::IndexedProfile;
use covkit_testkit::fixtures_dir;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const PROGRAMS: [&str; 4] = [
    "clang-22/c_macros",
    "clang-22/c_mcdc",
    "clang-22/cpp_templates",
    "rustc-1.95/rs_generics",
];

fn model(c: &mut Criterion) {
    let mut group = c.benchmark_group("model");
    for program in PROGRAMS {
        let dir = fixtures_dir().join("corpus").join(program);
        let binary = std::fs::read(dir.join("program")).expect("corpus binary");
        let profile_bytes = std::fs::read(dir.join("merged.profdata")).expect("corpus profile");
        let oracle = |name: &str| {
            std::fs::read(dir.join("oracle").join(format!("llvm-cov-22.{name}"))).expect("oracle")
        };
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
        let mut writer = |name: &str, expected: Vec<u8>, write: &dyn Fn(&mut Vec<u8>)| {
            group.throughput(Throughput::Bytes(expected.len() as u64));
            group.bench_function(format!("{name}/{program}"), |b| {
                let mut out = Vec::with_capacity(expected.len());
                b.iter(|| {
                    out.clear();
                    write(&mut out);
                    assert_eq!(out, expected);
                });
            });
        };
        writer("lcov", oracle("export.lcov"), &|out| {
            lcov::write(black_box(&model), &LcovOptions::default(), out).expect("writes");
        });
        writer("json", oracle("export.json"), &|out| {
            json::write(black_box(&model), &JsonOptions::default(), out).expect("writes");
        });
        writer("report", oracle("report.txt"), &|out| {
            report::write(black_box(&model), &ReportOptions::default(), out).expect("writes");
        });
    }
    group.finish();
}

criterion_group!(benches, model);
criterion_main!(benches);
