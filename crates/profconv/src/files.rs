//! File I/O for the commands: collecting inputs (files, or directories
//! searched recursively as `llvm-profdata merge` does), reading them, and
//! writing outputs atomically (a temporary file in the same directory,
//! then a rename) or to standard output.

use std::fs;
use std::io::{self, IsTerminal as _, Read as _, Write as _};
use std::path::{Path, PathBuf};

use covkit_profile::read::Format;

use crate::console::{self, Failure};

/// One input file and its weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InputFile {
    /// The path as given, or as found under a directory; `-` is standard
    /// input.
    pub(crate) path: PathBuf,
    /// Its weight (at least 1).
    pub(crate) weight: u64,
}

/// An I/O error as LLVM words the common ones (without Rust's
/// `(os error N)`).
pub(crate) fn describe(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "No such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "Permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "Is a directory".to_owned(),
        io::ErrorKind::NotADirectory => "Not a directory".to_owned(),
        _ => {
            let text = err.to_string();
            match err.raw_os_error() {
                Some(code) => text
                    .strip_suffix(&format!(" (os error {code})"))
                    .map_or_else(|| text.clone(), str::to_owned),
                None => text,
            }
        }
    }
}

/// Adds `path` with `weight` to `out`: a regular file (or `-`) as itself, a
/// glob pattern that names no file as the files it matches, a directory as
/// every profile below it, in name order: files named
/// `.profraw`, `.profdata` or `.proftext`, and other files that start with a
/// raw or indexed profile's magic. Other files (logs, build outputs) are
/// skipped, where llvm-profdata would fail on them. Symbolic links to files
/// are followed, links to directories are not (they could loop); other
/// kinds of files are skipped, as LLVM skips them. A profile that cannot be
/// opened (no permission, a link to nothing) is added, so that the merge
/// reports it where LLVM would pass over it.
///
/// # Errors
///
/// A path that does not exist, or a directory that cannot be read (reported).
pub(crate) fn collect(path: &Path, weight: u64, out: &mut Vec<InputFile>) -> Result<(), Failure> {
    if path == Path::new("-") {
        out.push(InputFile {
            path: path.to_owned(),
            weight,
        });
        return Ok(());
    }
    if !path.exists() && crate::glob::is_pattern(path) {
        let found = crate::glob::expand(path);
        if found.is_empty() {
            return Err(console::error(path, "no file matches this pattern"));
        }
        out.extend(found.into_iter().map(|path| InputFile { path, weight }));
        return Ok(());
    }
    let meta = fs::metadata(path).map_err(|e| console::error(path, describe(&e)))?;
    if meta.is_file() {
        out.push(InputFile {
            path: path.to_owned(),
            weight,
        });
    } else if meta.is_dir() {
        walk(path, weight, out)?;
    }
    Ok(())
}

fn walk(dir: &Path, weight: u64, out: &mut Vec<InputFile>) -> Result<(), Failure> {
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(dir)
        .and_then(|entries| entries.collect())
        .map_err(|e| console::error(dir, describe(&e)))?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let is_link_or_dir = entry
            .file_type()
            .map_err(|e| console::error(&path, describe(&e)))?;
        if is_link_or_dir.is_dir() {
            walk(&path, weight, out)?;
        } else {
            let add = match fs::metadata(&path) {
                Ok(meta) => meta.is_file() && is_profile(&path),
                Err(_) => has_profile_name(&path),
            };
            if add {
                out.push(InputFile { path, weight });
            }
        }
    }
    Ok(())
}

/// Whether a file found in a directory is a profile: one named `.profraw`,
/// `.profdata` or `.proftext` (even when empty or corrupt, so that a broken
/// profile is reported rather than silently left out), or one whose first
/// bytes are a raw or indexed profile's magic. A file that cannot be opened
/// counts as one, so that its error is reported.
fn is_profile(path: &Path) -> bool {
    if has_profile_name(path) {
        return true;
    }
    if fs::File::open(path).is_err() {
        return true;
    }
    matches!(sniff(path), Some(Format::Raw | Format::Indexed))
}

/// Whether `path` is named `.profraw`, `.profdata` or `.proftext`.
fn has_profile_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "profraw" || e == "profdata" || e == "proftext")
}

/// The kind of profile `path` holds, judged from its first eight bytes
/// only; `None` when it cannot be read or is shorter.
pub(crate) fn sniff(path: &Path) -> Option<Format> {
    let mut head = [0u8; 8];
    fs::File::open(path).ok()?.read_exact(&mut head).ok()?;
    Format::detect(&head).ok()
}

/// Reads `path` whole; `-` reads standard input.
pub(crate) fn read(path: &Path) -> io::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut data = Vec::new();
        io::stdin().lock().read_to_end(&mut data)?;
        return Ok(data);
    }
    fs::read(path)
}

/// The bytes of an input file: mapped, or read when mapping is not worth
/// it or fails.
pub(crate) enum Bytes {
    /// A read-only mapping of the whole file.
    Mapped(memmap2::Mmap),
    /// The file read into memory.
    Read(Vec<u8>),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(map) => map,
            Bytes::Read(bytes) => bytes,
        }
    }
}

/// Files smaller than this are read: mapping them costs more than copying.
const MAP_AT_LEAST: u64 = 256 * 1024;

/// The bytes of `path` (`-`: standard input), mapped when it is a large
/// regular file, so that the pages in the page cache are used where they
/// are instead of copied.
pub(crate) fn map(path: &Path) -> io::Result<Bytes> {
    if path == Path::new("-") {
        return read(path).map(Bytes::Read);
    }
    let file = fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() || meta.len() < MAP_AT_LEAST {
        return read(path).map(Bytes::Read);
    }
    // SAFETY: the mapping is private and read-only, and dropped before the
    // command ends. Profiles and binaries are inputs nobody should write
    // while profconv reads them; if one is truncated meanwhile, reading
    // its lost pages raises SIGBUS, as it would for llvm-profdata, which
    // maps its inputs too. No other code in covkit maps memory.
    #[allow(unsafe_code)]
    let mapped = unsafe { memmap2::MmapOptions::new().populate().map(&file) };
    match mapped {
        Ok(map) => Ok(Bytes::Mapped(map)),
        Err(_) => read(path).map(Bytes::Read),
    }
}

/// Writes `bytes` to `path` (`-`: standard output). Binary output is not
/// written to a terminal.
///
/// # Errors
///
/// Reported I/O errors.
pub(crate) fn write_output(path: &Path, bytes: &[u8], binary: bool) -> Result<(), Failure> {
    if path == Path::new("-") {
        let mut stdout = io::stdout().lock();
        if binary && stdout.is_terminal() {
            return Err(console::error_plain(
                "cannot write a non-text format profile to the terminal",
            ));
        }
        return stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(|e| console::error(Path::new("<stdout>"), describe(&e)));
    }
    write_atomically(path, bytes).map_err(|e| console::error(path, describe(&e)))
}

/// Checks, before any work, that an output can be written at `path`: that
/// it is not a directory and that a file can be made next to it (the
/// directory exists and is writable). A run with several outputs checks
/// them all first, so that one that cannot be written fails the run before
/// any of the others replaces an earlier report.
///
/// # Errors
///
/// The reported I/O error.
pub(crate) fn check_writable(path: &Path) -> Result<(), Failure> {
    if path == Path::new("-") {
        return Ok(());
    }
    let probe = (|| {
        if fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            return Err(io::Error::from(io::ErrorKind::IsADirectory));
        }
        let tmp = temporary_path(path)?;
        fs::File::create(&tmp)?;
        fs::remove_file(&tmp)
    })();
    probe.map_err(|e| console::error(path, describe(&e)))
}

/// The temporary file next to `path` that an output is written to first.
fn temporary_path(path: &Path) -> io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".profconv-{}.tmp", std::process::id()));
    Ok(dir.join(tmp_name))
}

/// Writes a temporary file next to `path`, then renames it over `path`, so
/// readers never see a partial file.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = temporary_path(path)?;
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        // The temporary file may not exist; nothing more to do either way.
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_searched_recursively_in_name_order() {
        let root = std::env::temp_dir().join(format!("profconv-files-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::write(root.join("b.profraw"), b"x").unwrap();
        fs::write(root.join("a.profraw"), b"x").unwrap();
        fs::write(root.join("sub/c.profraw"), b"x").unwrap();
        let mut out = Vec::new();
        collect(&root, 2, &mut out).unwrap();
        let names: Vec<_> = out
            .iter()
            .map(|f| f.path.strip_prefix(&root).unwrap().to_owned())
            .collect();
        assert_eq!(
            names,
            [
                PathBuf::from("a.profraw"),
                PathBuf::from("b.profraw"),
                PathBuf::from("sub/c.profraw")
            ]
        );
        assert!(out.iter().all(|f| f.weight == 2));
        write_output(&root.join("out.profdata"), b"abc", true).unwrap();
        assert_eq!(fs::read(root.join("out.profdata")).unwrap(), b"abc");
        let leftovers = fs::read_dir(&root)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(leftovers, 0);
        fs::remove_dir_all(&root).unwrap();
    }
}
