//! The fixture corpus: every file under `fixtures/synthetic/` and
//! `fixtures/malformed/` that `cargo run -p covkit-testkit --example synth
//! -- fixtures` writes, described as data.
//!
//! Synthetic files ([`synthetic_files`]) are well-formed profiles and
//! objects of every version, width and byte order with known contents,
//! recorded in `expected.txt`. Malformed files ([`malformed_files`]) each
//! break one rule, listed in the generated `malformed/README.md`.
//! Generation is deterministic, so a test can compare the committed files
//! with a fresh generation.

mod covmap_sample;
mod expected;
mod expected_errors;
mod malformed;
mod synthetic;

pub use expected::expected_txt;
pub use malformed::{MalformedFile, malformed_files, malformed_readme};
pub use synthetic::{Contents, SyntheticFile, synthetic_files};

/// A file to write, relative to its fixtures subdirectory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixture {
    /// File name, relative to `fixtures/synthetic` or `fixtures/malformed`.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Every file of `fixtures/synthetic/` the generator writes, including
/// `expected.txt`.
#[must_use]
pub fn synthetic() -> Vec<Fixture> {
    let files = synthetic_files();
    let mut out: Vec<Fixture> = files
        .iter()
        .map(|f| Fixture {
            path: f.name.clone(),
            bytes: f.bytes(),
        })
        .collect();
    out.push(Fixture {
        path: "expected.txt".to_owned(),
        bytes: expected_txt(&files).into_bytes(),
    });
    out
}

/// Every file of `fixtures/malformed/` the generator writes, including
/// `README.md`.
#[must_use]
pub fn malformed() -> Vec<Fixture> {
    let files = malformed_files();
    let mut out: Vec<Fixture> = files
        .iter()
        .map(|f| Fixture {
            path: f.name.to_owned(),
            bytes: f.bytes.clone(),
        })
        .collect();
    out.push(Fixture {
        path: "README.md".to_owned(),
        bytes: malformed_readme(&files).into_bytes(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_files_small() {
        for set in [synthetic(), malformed()] {
            let mut names: Vec<&str> = set.iter().map(|f| f.path.as_str()).collect();
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "duplicate fixture names");
            for f in &set {
                let limit = if f.path.ends_with(".txt") || f.path.ends_with(".md") {
                    64 * 1024
                } else {
                    16 * 1024
                };
                assert!(
                    f.bytes.len() <= limit,
                    "{} is {} bytes",
                    f.path,
                    f.bytes.len()
                );
            }
        }
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(synthetic(), synthetic());
        assert_eq!(malformed(), malformed());
    }
}
