//! Golden files: outputs compared byte for byte with a stored expectation,
//! rewritten only when the environment variable `BLESS=1` is set.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The workspace's `fixtures/` directory.
#[must_use]
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// Whether `BLESS=1` is set: golden files are then rewritten, not compared.
#[must_use]
pub fn blessing() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| v == "1")
}

/// Compares `actual` with the file at `path`; with `BLESS=1` writes
/// `actual` there instead (creating directories).
///
/// ```no_run
/// covkit_testkit::assert_golden("tests/golden/dump.txt", b"expected output\n");
/// ```
///
/// # Panics
///
/// When the file is missing or differs (and `BLESS` is not `1`), with the
/// first difference (line for text, byte offset for binary data) and a
/// reminder to rerun with `BLESS=1`; or when blessing cannot write the file.
pub fn assert_golden(path: impl AsRef<Path>, actual: &[u8]) {
    let path = path.as_ref();
    if blessing() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        }
        std::fs::write(path, actual)
            .unwrap_or_else(|e| panic!("cannot write golden file {}: {e}", path.display()));
        return;
    }
    let expected = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => panic!(
            "golden file {} cannot be read ({e}); rerun with BLESS=1 to create it",
            path.display()
        ),
    };
    if let Some(report) = describe_difference(&expected, actual) {
        panic!(
            "golden file {} differs: {report}\nrerun with BLESS=1 to accept the new output",
            path.display()
        );
    }
}

/// `None` when equal; otherwise where and how `actual` first differs from
/// `expected`.
#[must_use]
pub fn describe_difference(expected: &[u8], actual: &[u8]) -> Option<String> {
    if expected == actual {
        return None;
    }
    let offset = expected
        .iter()
        .zip(actual)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(actual.len()));
    let mut out = format!(
        "first difference at byte offset {offset:#x} (expected {} bytes, got {})",
        expected.len(),
        actual.len()
    );
    if let (Ok(e), Ok(a)) = (std::str::from_utf8(expected), std::str::from_utf8(actual)) {
        let line = expected[..offset].iter().filter(|&&b| b == b'\n').count();
        let e_line = e.lines().nth(line).unwrap_or("<end of file>");
        let a_line = a.lines().nth(line).unwrap_or("<end of file>");
        let _ = write!(
            out,
            "\nline {}:\n  expected: {e_line:?}\n  actual:   {a_line:?}",
            line + 1
        );
    } else {
        let start = offset.saturating_sub(8);
        let _ = write!(
            out,
            "\nexpected[{start:#x}..]: {}\nactual[{start:#x}..]:   {}",
            hex_window(expected, start),
            hex_window(actual, start)
        );
    }
    Some(out)
}

fn hex_window(bytes: &[u8], start: usize) -> String {
    let end = bytes.len().min(start + 24);
    let window = bytes.get(start..end).unwrap_or(&[]);
    let parts: Vec<String> = window.iter().map(|b| format!("{b:02x}")).collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_differences_name_the_line() {
        let report = describe_difference(b"a\nb\nc\n", b"a\nB\nc\n").expect("differs");
        assert!(report.contains("offset 0x2"), "{report}");
        assert!(report.contains("line 2"), "{report}");
        assert!(
            report.contains("\"b\"") && report.contains("\"B\""),
            "{report}"
        );
    }

    #[test]
    fn binary_differences_show_hex() {
        let report = describe_difference(&[0, 1, 2, 0xff], &[0, 1, 3]).expect("differs");
        assert!(report.contains("offset 0x2"), "{report}");
        assert!(report.contains("00 01 02 ff"), "{report}");
    }

    #[test]
    fn truncation_is_a_difference() {
        let report = describe_difference(b"abc", b"ab").expect("differs");
        assert!(report.contains("offset 0x2"), "{report}");
        assert_eq!(describe_difference(b"x", b"x"), None);
    }

    #[test]
    fn missing_file_fails_unless_blessing() {
        if blessing() {
            return;
        }
        let path = std::env::temp_dir().join("covkit-testkit-no-such-golden-file.txt");
        let result = std::panic::catch_unwind(|| assert_golden(&path, b"x"));
        let message = result.expect_err("panics");
        let text = message
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        assert!(text.contains("BLESS=1"), "{text}");
    }

    #[test]
    fn matching_file_passes() {
        let path =
            std::env::temp_dir().join(format!("covkit-testkit-golden-{}.bin", std::process::id()));
        std::fs::write(&path, b"same").expect("write temp file");
        assert_golden(&path, b"same");
        let _ = std::fs::remove_file(&path);
    }
}
