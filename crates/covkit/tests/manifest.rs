//! The fixture corpus is what every fidelity test compares against, so it
//! must be exactly what the generator wrote: every file named in
//! `fixtures/manifest.txt` exists with its recorded size and SHA-256, and no
//! generated file is missing from the manifest.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

struct Entry {
    sha256: String,
    size: u64,
    path: String,
}

fn manifest() -> Vec<Entry> {
    let path = fixtures_dir().join("manifest.txt");
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
        .map(|(n, line)| {
            let mut fields = line.splitn(3, "  ");
            let (Some(sha256), Some(size), Some(path)) =
                (fields.next(), fields.next(), fields.next())
            else {
                panic!("manifest.txt:{}: expected `sha256  size  path`", n + 1);
            };
            Entry {
                sha256: sha256.to_owned(),
                size: size
                    .parse()
                    .unwrap_or_else(|_| panic!("manifest.txt:{}: bad size {size:?}", n + 1)),
                path: path.to_owned(),
            }
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn walk(dir: &Path, root: &Path, out: &mut BTreeSet<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, root, out);
        } else {
            let rel = path.strip_prefix(root).unwrap();
            out.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn every_fixture_has_its_recorded_checksum() {
    let root = fixtures_dir();
    let entries = manifest();
    assert!(
        entries.len() > 100,
        "the manifest lists only {} files",
        entries.len()
    );
    let mut bad = Vec::new();
    for entry in &entries {
        let path = root.join(&entry.path);
        match fs::read(&path) {
            Err(e) => bad.push(format!("{}: {e}", entry.path)),
            Ok(bytes) => {
                let sha = hex(&Sha256::digest(&bytes));
                if bytes.len() as u64 != entry.size || sha != entry.sha256 {
                    bad.push(format!(
                        "{}: {} bytes, sha256 {sha}; the manifest says {} bytes, sha256 {}",
                        entry.path,
                        bytes.len(),
                        entry.size,
                        entry.sha256
                    ));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "fixtures differ from fixtures/manifest.txt (regenerate with fixtures/generate):\n{}",
        bad.join("\n")
    );
}

#[test]
fn every_generated_fixture_is_in_the_manifest() {
    let root = fixtures_dir();
    let listed: BTreeSet<String> = manifest().into_iter().map(|e| e.path).collect();
    let mut on_disk = BTreeSet::new();
    for generated in ["corpus", "synthetic", "malformed"] {
        let dir = root.join(generated);
        assert!(dir.is_dir(), "fixtures/{generated} is missing");
        walk(&dir, &root, &mut on_disk);
    }
    let unlisted: Vec<&String> = on_disk.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "files under fixtures/ that the manifest does not list: {unlisted:?}"
    );
}
