//! The filenames blob of a covmap block (`RawCoverageFilenamesReader` in
//! LLVM's `CoverageMappingReader.cpp`), covmap versions 4 to 7.
//!
//! The blob is a ULEB128 count, a ULEB128 uncompressed length, a ULEB128
//! compressed length (0: stored raw) and then the strings, each a ULEB128
//! length and bytes, zlib compressed as a whole when the compressed length
//! is not zero. From version 6 (LLVM 13) entry 0 is the compilation
//! directory and relative entries are joined to it (or to a directory the
//! caller gives) and cleaned of `.` and `..`, exactly as llvm-cov does on a
//! POSIX host; absolute entries are kept as written.

use std::borrow::Cow;

use covkit_wire::{Endian, Reader};

use crate::error::{Error, Result};
use crate::format;

/// Decodes the filenames blob `data` of a block of the given 0-based stored
/// `version`, found at absolute `offset`.
///
/// `compilation_dir` replaces entry 0 as the base of relative names
/// (llvm-cov's `-compilation-dir`).
///
/// # Errors
///
/// A count of zero, truncated or overlong strings, or a zlib payload that
/// does not inflate to its declared size.
pub fn decode_filenames(
    data: &[u8],
    offset: u64,
    version: u32,
    compilation_dir: Option<&str>,
) -> Result<Vec<String>> {
    let mut r = Reader::with_offset(data, Endian::Little, offset);
    let count_at = r.offset();
    let count = r.read_uleb128_u64()?;
    if count == 0 {
        return Err(Error::malformed("filenames blob holds no names", count_at));
    }
    let uncompressed_len = r.read_uleb128_u64()?;
    let compressed_len = r.read_uleb128_u64()?;
    let strings: Cow<'_, [u8]>;
    let strings_offset;
    if compressed_len == 0 {
        strings_offset = r.offset();
        strings = Cow::Borrowed(r.read_remaining_bytes());
    } else {
        let len = r.check_count(compressed_len, 1, "compressed filename bytes")?;
        let declared = usize::try_from(uncompressed_len).unwrap_or(usize::MAX);
        strings_offset = r.offset();
        strings = Cow::Owned(r.read_zlib(len, declared)?);
    }
    // In the inflated bytes, offsets are those of the compressed payload:
    // the best location there is.
    let mut s = Reader::with_offset(&strings, Endian::Little, strings_offset);
    let count = s.check_count(count, 1, "filenames")?;
    let mut raw = Vec::with_capacity(count);
    for _ in 0..count {
        let len = s.read_uleb128_u64()?;
        let len = s.check_count(len, 1, "filename bytes")?;
        raw.push(String::from_utf8_lossy(s.read_bytes(len)?).into_owned());
    }
    // Like llvm-cov, ignore bytes after the last name.
    if version < format::COVMAP_VERSION_6 {
        return Ok(raw);
    }
    let mut names = raw.into_iter();
    let Some(cwd) = names.next() else {
        return Ok(Vec::new());
    };
    let base = compilation_dir.unwrap_or(&cwd).to_owned();
    let mut out = Vec::with_capacity(count);
    out.push(cwd);
    for name in names {
        if is_absolute(&name) {
            out.push(name);
        } else {
            out.push(remove_dots(&join(&base, &name)));
        }
    }
    Ok(out)
}

/// Whether `path` is absolute on a POSIX host.
fn is_absolute(path: &str) -> bool {
    path.starts_with('/')
}

/// `base` and `name` joined with one separator, as `llvm::sys::path::append`.
fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        return name.to_owned();
    }
    if name.is_empty() {
        return base.to_owned();
    }
    let mut out = base.to_owned();
    if !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(name.trim_start_matches('/'));
    out
}

/// `llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true)` for POSIX
/// paths: `.` components go, `..` removes the component before it, leading
/// `..` stay in relative paths and go at the root of absolute ones, and
/// repeated separators collapse.
#[must_use]
pub fn remove_dots(path: &str) -> String {
    let (root, rel) = split_root(path);
    let mut components: Vec<&str> = Vec::new();
    for c in rel.split('/').filter(|c| !c.is_empty()) {
        if c == "." {
            continue;
        }
        if c == ".." {
            if components.last().is_some_and(|last| *last != "..") {
                components.pop();
                continue;
            }
            if !root.is_empty() {
                continue;
            }
        }
        components.push(c);
    }
    let mut out = root.to_owned();
    for c in components {
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(c);
    }
    out
}

/// Splits a POSIX path into its root (`/`, `//net/`-style root names
/// included) and the rest.
fn split_root(path: &str) -> (&str, &str) {
    if let Some(rest) = path.strip_prefix("//")
        && !rest.starts_with('/')
        && !rest.is_empty()
    {
        // A root name such as `//net`, followed by its root directory.
        let end = rest.find('/').map_or(path.len(), |i| i + 2);
        let (name, tail) = path.split_at(end);
        return match tail.strip_prefix('/') {
            Some(rest) => (path.get(..=end).unwrap_or(name), rest),
            None => (name, ""),
        };
    }
    match path.find(|c| c != '/') {
        Some(0) => ("", path),
        Some(i) => ("/", path.get(i..).unwrap_or("")),
        None if path.is_empty() => ("", ""),
        None => ("/", ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blob(names: &[&str]) -> Vec<u8> {
        let mut strings = Vec::new();
        for n in names {
            strings.push(u8::try_from(n.len()).unwrap());
            strings.extend_from_slice(n.as_bytes());
        }
        let mut out = vec![u8::try_from(names.len()).unwrap()];
        out.push(u8::try_from(strings.len()).unwrap());
        out.push(0);
        out.extend_from_slice(&strings);
        out
    }

    #[test]
    fn version_6_joins_relative_names_to_entry_0() {
        let data = blob(&["/build/dir", "main.c", "./sub/../inc/a.h", "/abs/./x.h"]);
        let names = decode_filenames(&data, 0, format::COVMAP_VERSION_7, None).unwrap();
        assert_eq!(
            names,
            [
                "/build/dir",
                "/build/dir/main.c",
                "/build/dir/inc/a.h",
                "/abs/./x.h"
            ]
        );
        let names = decode_filenames(&data, 0, format::COVMAP_VERSION_6, Some("/other")).unwrap();
        assert_eq!(names[1], "/other/main.c");
    }

    #[test]
    fn version_5_keeps_names_as_written() {
        let data = blob(&["main.c", "./a.h"]);
        let names = decode_filenames(&data, 0, format::COVMAP_VERSION_5, None).unwrap();
        assert_eq!(names, ["main.c", "./a.h"]);
    }

    #[test]
    fn remove_dots_follows_llvm() {
        for (input, expected) in [
            ("/a/b/../c", "/a/c"),
            ("/../a", "/a"),
            ("a/../../b", "../b"),
            ("./a//b/.", "a/b"),
            ("/", "/"),
            ("", ""),
            ("//net/a/../b", "//net/b"),
        ] {
            assert_eq!(remove_dots(input), expected, "{input}");
        }
    }

    #[test]
    fn empty_and_truncated_blobs_fail() {
        assert!(decode_filenames(&[0, 0, 0], 0, 6, None).is_err());
        let mut data = blob(&["/d", "main.c"]);
        data.pop();
        let err = decode_filenames(&data, 0x40, 6, None).unwrap_err();
        assert!(err.to_string().ends_with("(at offset 0x47)"), "{err}");
    }
}
