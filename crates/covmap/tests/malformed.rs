//! Every malformed object of `fixtures/malformed/` is rejected with its
//! expected message and offset (the table lives in covkit-testkit and is
//! shown in the fixtures' README).

use covkit_covmap::{LoadOptions, load_object};
use covkit_testkit::corpus::malformed_files;
use covkit_testkit::golden::fixtures_dir;

#[test]
fn malformed_objects_give_their_expected_errors() {
    let files: Vec<_> = malformed_files()
        .into_iter()
        .filter(|f| f.name.ends_with(".o"))
        .collect();
    assert!(files.len() >= 20);
    for file in files {
        assert!(
            !file.expected_error.is_empty(),
            "{}: no expected error recorded",
            file.name
        );
        // The committed fixture, not a fresh build: the test checks what
        // users of the corpus see.
        let bytes = std::fs::read(fixtures_dir().join("malformed").join(file.name)).unwrap();
        let err = load_object(&bytes, &LoadOptions::default())
            .err()
            .unwrap_or_else(|| panic!("{} loads", file.name));
        assert_eq!(err.to_string(), file.expected_error, "{}", file.name);
    }
}
