//! The `model` group: building the coverage model (joining records to
//! counters, evaluating expressions, MC/DC records), walking every file's
//! segments into line stats, and writing lcov, llvm-cov JSON, the report
//! table, Cobertura and Sonar, on corpus programs with their merged
//! profiles. Throughput is in functions for the model, in lines for the
//! line stats and in output bytes for the writers. Every iteration checks
//! its result: against llvm-cov 22's stored output where LLVM has the
//! format (the line stats against its lcov `DA:` lines), and for Cobertura
//! and Sonar against the first output and the number of lines they must
//! list, so a broken model cannot bench fast.

use std::hint::black_box;

use covkit_covmap::{LoadOptions, load_object};
use covkit_export::cobertura::{self, CoberturaOptions};
use covkit_export::json::{self, JsonOptions};
use covkit_export::lcov::{self, LcovOptions};
use covkit_export::report::{self, ReportOptions};
use covkit_export::sonar::{self, SonarOptions};
use covkit_export::tracefile::Tracefile;
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
        // Line stats: the mapped lines and their counts are llvm-cov's
        // `DA:` lines.
        let lcov_text = String::from_utf8(oracle("export.lcov")).expect("lcov is text");
        let (da_lines, da_sum) = lcov_text
            .lines()
            .filter_map(|l| l.strip_prefix("DA:"))
            .filter_map(|l| l.split(',').nth(1)?.parse::<u64>().ok())
            .fold((0u64, 0u64), |(n, s), c| (n + 1, s + c));
        let files = model.source_files();
        let walked: u64 = files.iter().map(|f| model.lines(f).len() as u64).sum();
        group.throughput(Throughput::Elements(walked));
        group.bench_function(format!("lines/{program}"), |b| {
            b.iter(|| {
                let (mut n, mut sum) = (0u64, 0u64);
                for file in &files {
                    for stats in black_box(&model).lines(file).filter(|s| s.mapped) {
                        n += 1;
                        sum += stats.count;
                    }
                }
                assert_eq!((n, sum), (da_lines, da_sum));
            });
        });

        let tracefile = Tracefile::from_model(&model, &files);
        // Cobertura states its line count (`lines-valid="N"`); Sonar lists
        // one `<lineToCover` per line.
        let xml_writer = |name: &str, marker: &str, write: &dyn Fn(&mut Vec<u8>)| {
            let mut expected = Vec::new();
            write(&mut expected);
            let text = String::from_utf8_lossy(&expected);
            let listed = match text.split_once(marker) {
                Some((_, rest)) if marker.ends_with('=') => rest
                    .trim_start_matches('"')
                    .split('"')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0),
                _ => text.matches(marker).count() as u64,
            };
            assert_eq!(listed, da_lines, "{name} lists every mapped line");
            (expected, name.to_owned())
        };
        let cobertura_options = CoberturaOptions {
            timestamp: 1,
            ..CoberturaOptions::default()
        };
        let write_cobertura = |out: &mut Vec<u8>| {
            cobertura::write(black_box(&tracefile), &cobertura_options, out).expect("writes");
        };
        let write_sonar = |out: &mut Vec<u8>| {
            let options = SonarOptions {
                source_root: None,
                line_count: None,
            };
            sonar::write(black_box(&tracefile), &options, out).expect("writes");
        };
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

        for (write, (expected, name)) in [
            (
                &write_cobertura as &dyn Fn(&mut Vec<u8>),
                xml_writer("cobertura", "lines-valid=", &write_cobertura),
            ),
            (
                &write_sonar,
                xml_writer("sonar", "<lineToCover ", &write_sonar),
            ),
        ] {
            writer(&name, expected, write);
        }
    }
    group.finish();
}

criterion_group!(benches, model);
criterion_main!(benches);
