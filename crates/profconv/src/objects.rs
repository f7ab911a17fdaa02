//! Binaries found for the user: `--object-dir DIR` scans for executables
//! and libraries whose build ID a raw profile recorded as its binary ID,
//! so that `profconv export -instr-profile=prof/ --object-dir target/` needs
//! no list of test binaries.
//!
//! A profile whose binary IDs match a binary found brings that binary in;
//! one whose IDs match nothing is left out with a warning (its counters
//! belong to a binary that is not there); one without binary IDs (LLVM
//! before 13, or a binary linked without a build ID) is kept and used with
//! the binaries given on the command line.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use covkit::covmap::object::{Found, find_sections};
use covkit_profile::indexed::IndexedProfile;
use covkit_profile::raw;
use covkit_profile::read::Format;

use crate::console::{self, Failure};
use crate::files::{self, InputFile};

/// A binary with coverage data and a build ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Where it was found.
    pub(crate) path: PathBuf,
    /// Its build ID.
    pub(crate) build_id: Vec<u8>,
}

/// Whether the first bytes are those of an executable or shared library
/// profconv can read: ELF, Mach-O (thin or universal), PE or Wasm.
pub(crate) fn looks_like_binary(head: &[u8]) -> bool {
    const MAGICS: &[&[u8]] = &[
        b"\x7fELF",
        b"\xfe\xed\xfa\xce",
        b"\xce\xfa\xed\xfe",
        b"\xfe\xed\xfa\xcf",
        b"\xcf\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe",
        b"MZ",
        b"\0asm",
    ];
    MAGICS.iter().any(|m| head.starts_with(m))
}

/// Whether the file at `path` starts like a binary.
pub(crate) fn is_binary(path: &Path) -> bool {
    let mut head = [0u8; 4];
    fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| looks_like_binary(&head))
}

/// Every binary under `dirs` (recursively, in path order) with coverage
/// data and a build ID; one path per build ID, the shallowest (Cargo puts
/// `target/debug/app` next to its copy `target/debug/deps/app-<hash>`).
/// Files that cannot be read or parsed are passed over.
///
/// # Errors
///
/// A directory that does not exist or cannot be listed.
pub(crate) fn scan(dirs: &[PathBuf], arch: Option<&str>) -> Result<Vec<Candidate>, Failure> {
    let mut paths = Vec::new();
    for dir in dirs {
        let meta = fs::metadata(dir).map_err(|e| console::error(dir, files::describe(&e)))?;
        if !meta.is_dir() {
            return Err(console::error(dir, "not a directory"));
        }
        walk(dir, &mut paths)?;
    }
    let mut by_id: BTreeMap<Vec<u8>, PathBuf> = BTreeMap::new();
    for path in paths {
        let Ok(bytes) = files::map(&path) else {
            continue;
        };
        let Ok(Found::Coverage(objects)) = find_sections(bytes.as_ref(), arch) else {
            continue;
        };
        for id in objects.into_iter().filter_map(|o| o.build_id) {
            let depth = |p: &Path| p.components().count();
            match by_id.get(&id) {
                Some(kept) if (depth(kept), kept) <= (depth(&path), &path) => {}
                _ => {
                    by_id.insert(id, path.clone());
                }
            }
        }
    }
    let mut out: Vec<Candidate> = by_id
        .into_iter()
        .map(|(build_id, path)| Candidate { path, build_id })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(dir)
        .and_then(|entries| entries.collect())
        .map_err(|e| console::error(dir, files::describe(&e)))?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            // An unreadable subdirectory is passed over, not fatal.
            let _ = walk(&path, out);
        } else if fs::metadata(&path).is_ok_and(|m| m.is_file()) && is_binary(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// What matching the profiles to the binaries found decided.
#[derive(Debug, Default)]
pub(crate) struct Matched {
    /// The profiles to merge: those that matched, those without binary
    /// IDs, and those that could not be read (the failure mode decides).
    pub(crate) inputs: Vec<InputFile>,
    /// The binaries to load, in path order.
    pub(crate) objects: Vec<PathBuf>,
}

/// Matches each profile's binary IDs with the build IDs of `candidates`,
/// and prints which binary each profile matched (with `--quiet`, only the
/// profiles that matched nothing).
pub(crate) fn match_profiles(inputs: Vec<InputFile>, candidates: &[Candidate]) -> Matched {
    let mut matched = Matched::default();
    let mut per_binary: BTreeMap<&Path, usize> = BTreeMap::new();
    let mut without_ids = 0usize;
    for input in inputs {
        let ids = binary_ids(&input.path);
        let Some(ids) = ids.filter(|ids| !ids.is_empty()) else {
            without_ids += 1;
            matched.inputs.push(input);
            continue;
        };
        let hits: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| ids.contains(&c.build_id))
            .collect();
        if hits.is_empty() {
            let ids: Vec<String> = ids.iter().map(|id| hex(id)).collect();
            console::warn(
                &input.path,
                format!(
                    "binary ID {} matches no binary found; profile left out",
                    ids.join(", ")
                ),
            );
            continue;
        }
        for hit in hits {
            *per_binary.entry(&hit.path).or_default() += 1;
            if !matched.objects.contains(&hit.path) {
                matched.objects.push(hit.path.clone());
            }
        }
        matched.inputs.push(input);
    }
    matched.objects.sort();
    for (path, count) in &per_binary {
        let id = candidates
            .iter()
            .find(|c| c.path == *path)
            .map(|c| hex(&c.build_id))
            .unwrap_or_default();
        let profiles = if *count == 1 { "profile" } else { "profiles" };
        console::note(path, format!("{count} {profiles} (build ID {id})"));
    }
    if without_ids > 0 {
        let what = if without_ids == 1 {
            "1 profile has".to_owned()
        } else {
            format!("{without_ids} profiles have")
        };
        console::note_plain(format!("{what} no binary ID; used with the binaries given"));
    }
    matched
}

/// With binaries named on the command line: warns about each profile
/// whose binary IDs match none of their build IDs, since its counters were
/// written by another binary (llvm-cov uses them without a word; functions
/// the binaries share still count). Nothing is checked when one of the
/// binaries has no build ID.
pub(crate) fn warn_foreign_profiles(inputs: &[InputFile], build_ids: &[Option<Vec<u8>>]) {
    let Some(known) = build_ids.iter().cloned().collect::<Option<Vec<Vec<u8>>>>() else {
        return;
    };
    for input in inputs {
        let Some(ids) = binary_ids(&input.path).filter(|ids| !ids.is_empty()) else {
            continue;
        };
        if ids.iter().any(|id| known.contains(id)) {
            continue;
        }
        let ids: Vec<String> = ids.iter().map(|id| hex(id)).collect();
        let known: Vec<String> = known.iter().map(|id| hex(id)).collect();
        console::warn(
            &input.path,
            format!(
                "binary ID {} matches no binary given (build ID {}): the profile comes from another binary",
                ids.join(", "),
                known.join(", ")
            ),
        );
    }
}

/// How much of a profile is read first for its binary IDs: a raw
/// profile's header and binary IDs fit in it.
const HEAD: u64 = 4 << 10;

/// The binary IDs of the profile at `path`: of a raw profile, read from
/// its header alone; of an indexed profile, from its header and binary-ID
/// section, without decoding its records; none for a text profile. `None`
/// when it cannot be read (the merge reports it) and for standard input,
/// which can be read only once (the merge reads it).
fn binary_ids(path: &Path) -> Option<Vec<Vec<u8>>> {
    if path == Path::new("-") {
        return None;
    }
    let owned = |ids: &[&[u8]]| ids.iter().map(|id| id.to_vec()).collect();
    let mut head = Vec::new();
    fs::File::open(path)
        .ok()?
        .take(HEAD)
        .read_to_end(&mut head)
        .ok()?;
    match Format::detect(&head).ok()? {
        Format::Raw => {
            if let Ok(ids) = raw::first_binary_ids(&head) {
                return Some(owned(&ids));
            }
            let bytes = files::map(path).ok()?;
            Some(owned(&raw::first_binary_ids(bytes.as_ref()).ok()?))
        }
        Format::Indexed => {
            let bytes = files::map(path).ok()?;
            Some(owned(
                IndexedProfile::parse(bytes.as_ref()).ok()?.binary_ids(),
            ))
        }
        Format::Text | Format::Empty => Some(Vec::new()),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magics() {
        assert!(looks_like_binary(b"\x7fELF\x02"));
        assert!(looks_like_binary(b"\xcf\xfa\xed\xfe"));
        assert!(looks_like_binary(b"MZ\x90\0"));
        assert!(!looks_like_binary(b"fn m"));
        assert!(!looks_like_binary(b"!<ar"));
        assert_eq!(hex(&[0, 0xab, 0x1f]), "00ab1f");
    }
}
