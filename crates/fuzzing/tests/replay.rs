//! Every fuzz target over the whole fixture corpus (`fixtures/corpus`,
//! `fixtures/synthetic`, `fixtures/malformed`), as `fuzz/seed` gives it to
//! the fuzzers: the fuzz logic runs in every `cargo test`, without a
//! fuzzer, and every crash a fuzzer found (a file in `fixtures/malformed`)
//! stays fixed.

use std::panic::{AssertUnwindSafe, catch_unwind};

use covkit_fuzzing::corpus::{Mode, for_each_input};
use covkit_testkit::golden::fixtures_dir;

/// Runs target `name` over its inputs; fails with every input that panics.
fn replay(name: &str) {
    let target = covkit_fuzzing::target(name).expect("a target of that name");
    let mut runs = 0usize;
    let mut failures = Vec::new();
    for_each_input(&fixtures_dir(), Mode::Replay, |t, label, input| {
        if t != name {
            return;
        }
        runs += 1;
        if catch_unwind(AssertUnwindSafe(|| (target.run)(input))).is_err() {
            failures.push(label.to_owned());
        }
    })
    .expect("the fixtures read");
    assert!(runs > 50, "{name}: only {runs} inputs");
    assert!(failures.is_empty(), "{name} fails on: {failures:#?}");
}

macro_rules! replay_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                replay(stringify!($name));
            }
        )*

        #[test]
        fn every_target_is_replayed() {
            let tested = [$(stringify!($name)),*];
            for target in covkit_fuzzing::TARGETS {
                assert!(tested.contains(&target.name), "{} is not replayed", target.name);
            }
        }
    };
}

replay_tests!(
    object,
    covfun,
    lcov,
    end_to_end,
    structured,
    text_profile,
    raw_profile,
    covmap,
    covfun_mapping,
    indexed_profile,
    names,
    demangle,
);
