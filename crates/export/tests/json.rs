//! Every program of the fixture corpus (all clang toolchains and rustc),
//! exported as JSON by covkit, is byte-identical to `llvm-cov-22 export
//! -format=text` of the same binary and `merged.profdata`, in full and with
//! `-summary-only`; and parses as the same JSON value.
//!
//! Set `COVKIT_JSON_DIFF=1` to print where each mismatch starts.

// Match counts and differences go to the test log.
#![allow(clippy::print_stderr)]

mod common;

use covkit_export::json::{self, JsonOptions};

const VARIANTS: &[(&str, JsonOptions)] = &[
    (
        "export.json",
        JsonOptions {
            summary_only: false,
            skip_functions: false,
            skip_expansions: false,
        },
    ),
    (
        "export.summary-only.json",
        JsonOptions {
            summary_only: true,
            skip_functions: false,
            skip_expansions: false,
        },
    ),
];

#[test]
fn corpus_json_matches_llvm_cov_22() {
    let programs = common::programs();
    assert!(programs.len() >= 49, "only {} programs", programs.len());
    let show = std::env::var_os("COVKIT_JSON_DIFF").is_some();
    let mut mismatches = Vec::new();
    let mut bytes = 0;
    let mut mcdc_records = 0;
    for (id, dir) in &programs {
        let model = common::model(dir, "merged.profdata");
        mcdc_records += model
            .functions()
            .iter()
            .map(|f| f.mcdc.len())
            .sum::<usize>();
        for (variant, options) in VARIANTS {
            let expected = common::oracle(dir, variant);
            let mut actual = Vec::new();
            json::write(&model, options, &mut actual).unwrap();
            bytes += expected.len();
            let same_value = serde_json::from_slice::<serde_json::Value>(&expected).unwrap()
                == serde_json::from_slice::<serde_json::Value>(&actual).unwrap();
            if expected != actual {
                if show {
                    eprintln!(
                        "{id}/{variant} (same value: {same_value}): {}",
                        common::first_byte_difference(&expected, &actual)
                    );
                }
                mismatches.push(format!("{id}/{variant}"));
            }
        }
    }
    eprintln!(
        "{} of {} match; {bytes} bytes compared; {mcdc_records} MC/DC records",
        programs.len() * VARIANTS.len() - mismatches.len(),
        programs.len() * VARIANTS.len()
    );
    assert!(bytes > 500_000, "suspiciously little output compared");
    assert!(mcdc_records >= 6, "the MC/DC programs lost their records");
    assert!(mismatches.is_empty(), "differences: {mismatches:#?}");
}
