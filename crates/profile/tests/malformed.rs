//! Every malformed profile of `fixtures/malformed/` is rejected with its
//! expected message and offset (the table lives in covkit-testkit and is
//! shown in the fixtures' README), and no prefix of any profile in the
//! fixture corpus makes a reader panic.

use std::fs;
use std::path::{Path, PathBuf};

use covkit_profile::read::Profile;
use covkit_testkit::corpus::malformed_files;
use covkit_testkit::golden::fixtures_dir;

#[test]
fn malformed_profiles_give_their_expected_errors() {
    let files: Vec<_> = malformed_files()
        .into_iter()
        .filter(|f| !f.name.ends_with(".o"))
        .collect();
    assert!(files.len() >= 40);
    for file in files {
        assert!(
            !file.expected_error.is_empty(),
            "{}: no expected error recorded",
            file.name
        );
        let bytes = fs::read(fixtures_dir().join("malformed").join(file.name)).unwrap();
        let err = Profile::parse(&bytes)
            .err()
            .unwrap_or_else(|| panic!("{} parses", file.name));
        assert_eq!(err.to_string(), file.expected_error, "{}", file.name);
    }
}

fn profiles(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            profiles(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "profraw" || e == "profdata" || e == "proftext")
        {
            out.push(path);
        }
    }
}

#[test]
fn every_prefix_of_every_corpus_profile_reads_or_fails_cleanly() {
    let mut all = Vec::new();
    profiles(&fixtures_dir().join("corpus"), &mut all);
    profiles(&fixtures_dir().join("synthetic"), &mut all);
    assert!(all.len() > 300, "only {} profiles", all.len());
    for path in &all {
        let bytes = fs::read(path).unwrap();
        // LLVM's text rendering of an empty profile is an empty file.
        assert!(
            bytes.is_empty() || Profile::parse(&bytes).is_ok(),
            "{} does not read",
            path.display()
        );
        // Every 8-byte boundary, and the last few bytes, of every profile.
        let cuts = (0..bytes.len())
            .step_by(8)
            .chain(bytes.len().saturating_sub(7)..bytes.len());
        for len in cuts {
            let _ = Profile::parse(&bytes[..len]);
        }
    }
}
