//! The dump view of every binary and object in the fixture corpus, compared
//! with its stored snapshot (`tests/snapshots/`; rewrite with `BLESS=1`),
//! and the `--stats` summary of each.

use std::fs;
use std::path::{Path, PathBuf};

use covkit_covmap::dump::{Stats, dump};
use covkit_covmap::{LoadOptions, load_object};
use covkit_testkit::golden::{assert_golden, fixtures_dir};

fn inputs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let corpus = fixtures_dir().join("corpus");
    for toolchain in fs::read_dir(&corpus).unwrap() {
        let toolchain = toolchain.unwrap().path();
        for program in fs::read_dir(&toolchain).unwrap() {
            let dir = program.unwrap().path();
            if !dir.is_dir() {
                continue;
            }
            if toolchain.ends_with("objects") {
                for program in fs::read_dir(&dir).unwrap() {
                    let dir = program.unwrap().path();
                    for file in fs::read_dir(&dir).unwrap() {
                        let file = file.unwrap().path();
                        let name = file.file_name().unwrap().to_str().unwrap();
                        if name.ends_with(".o") || name.starts_with("linked") {
                            out.push(file);
                        }
                    }
                }
            } else {
                out.push(dir.join("program"));
            }
        }
    }
    for file in fs::read_dir(fixtures_dir().join("synthetic")).unwrap() {
        let file = file.unwrap().path();
        if file.extension().is_some_and(|e| e == "o") {
            out.push(file);
        }
    }
    out.sort();
    out
}

fn snapshot_name(input: &Path) -> String {
    let rel = input.strip_prefix(fixtures_dir()).unwrap();
    rel.to_string_lossy().replace('/', "__") + ".dump"
}

#[test]
fn dumps_match_their_snapshots() {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let inputs = inputs();
    assert!(inputs.len() > 100, "only {} inputs", inputs.len());
    for input in &inputs {
        let bytes = fs::read(input).unwrap();
        let mut text = String::new();
        match load_object(&bytes, &LoadOptions::default()) {
            Ok(Some(objects)) => {
                dump(&objects, &mut text).unwrap();
                text.push('\n');
                text.push_str(&Stats::of(&objects).to_string());
            }
            Ok(None) => text.push_str("no coverage data\n"),
            Err(e) => panic!("{}: {e}", input.display()),
        }
        assert_golden(snapshots.join(snapshot_name(input)), text.as_bytes());
    }
}
