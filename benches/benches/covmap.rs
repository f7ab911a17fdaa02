//! The `covmap` group: decoding the coverage mapping of real binaries from
//! the fixture corpus (covmap blocks, covfun records with every region, name
//! resolution and deduplication), with throughput in bytes of covmap and
//! covfun data. Each iteration checks the number of functions and regions
//! decoded, so a broken decoder cannot bench fast.

use std::hint::black_box;

use covkit_covmap::load_sections;
use covkit_covmap::object::{CoverageSections, Found, find_sections};
use covkit_testkit::fixtures_dir;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Binaries of the corpus with the most mapping data of each producer.
const BINARIES: [&str; 3] = [
    "corpus/clang-22/cpp_templates/program",
    "corpus/clang-22/c_mcdc/program",
    "corpus/rustc-1.95/rs_generics/program",
];

fn sections(bytes: &[u8]) -> CoverageSections<'_> {
    match find_sections(bytes, None).expect("corpus binaries parse") {
        Found::Coverage(mut all) => all.remove(0),
        Found::NoData => panic!("corpus binaries carry coverage"),
    }
}

fn covmap(c: &mut Criterion) {
    let mut group = c.benchmark_group("covmap");
    for rel in BINARIES {
        let bytes = std::fs::read(fixtures_dir().join(rel)).expect("corpus binary");
        let sections = sections(&bytes);
        let expected = load_sections(&sections, None).expect("decodes");
        let functions = expected.functions.len();
        let regions: usize = expected
            .functions
            .iter()
            .map(|f| f.mapping.regions.len())
            .sum();
        let size = sections.covmap.data.len() + sections.covfun.data.len();
        group.throughput(Throughput::Bytes(size as u64));
        let name = rel
            .trim_start_matches("corpus/")
            .trim_end_matches("/program");
        group.bench_function(name, |b| {
            b.iter(|| {
                let object = load_sections(black_box(&sections), None).expect("decodes");
                let decoded: usize = object
                    .functions
                    .iter()
                    .map(|f| f.mapping.regions.len())
                    .sum();
                assert_eq!((object.functions.len(), decoded), (functions, regions));
                object
            });
        });
    }
    group.finish();
}

criterion_group!(benches, covmap);
criterion_main!(benches);
