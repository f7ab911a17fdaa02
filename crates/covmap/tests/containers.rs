//! Containers around objects: static archives, read member by member, and
//! Mach-O universal binaries, read slice by slice, built here from corpus
//! objects.

use std::fs;

use covkit_covmap::{ErrorKind, LoadOptions, ObjectCoverage, load_object};
use covkit_testkit::golden::fixtures_dir;

fn object(rel: &str) -> Vec<u8> {
    fs::read(fixtures_dir().join("corpus/objects").join(rel)).unwrap()
}

/// A GNU `ar` archive of `members`.
fn archive(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = b"!<arch>\n".to_vec();
    for (name, data) in members {
        let header = format!(
            "{:<16}{:<12}{:<6}{:<6}{:<8}{:<10}`\n",
            format!("{name}/"),
            0,
            0,
            0,
            644,
            data.len()
        );
        assert_eq!(header.len(), 60);
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(data);
        if out.len() % 2 == 1 {
            out.push(b'\n');
        }
    }
    out
}

const CPU_TYPE_X86_64: u32 = 0x0100_0007;
const CPU_TYPE_ARM64: u32 = 0x0100_000c;

/// A 32-bit Mach-O universal binary with one slice per `(cputype, bytes)`.
fn universal(slices: &[(u32, &[u8])]) -> Vec<u8> {
    let align = 4096usize;
    let mut out = Vec::new();
    out.extend_from_slice(&0xcafe_babe_u32.to_be_bytes());
    out.extend_from_slice(&u32::try_from(slices.len()).unwrap().to_be_bytes());
    let mut offset = align;
    let mut bodies = Vec::new();
    for (cputype, bytes) in slices {
        for field in [
            *cputype,
            3,
            u32::try_from(offset).unwrap(),
            u32::try_from(bytes.len()).unwrap(),
            12,
        ] {
            out.extend_from_slice(&field.to_be_bytes());
        }
        bodies.push((offset, *bytes));
        offset = (offset + bytes.len()).next_multiple_of(align);
    }
    for (at, bytes) in bodies {
        out.resize(at, 0);
        out.extend_from_slice(bytes);
    }
    out
}

fn names(objects: &[ObjectCoverage]) -> Vec<String> {
    objects
        .iter()
        .flat_map(|o| &o.functions)
        .map(|f| f.name.clone())
        .collect()
}

fn load(bytes: &[u8], arch: Option<&str>) -> covkit_covmap::Result<Option<Vec<ObjectCoverage>>> {
    load_object(
        bytes,
        &LoadOptions {
            arch,
            ..LoadOptions::default()
        },
    )
}

#[test]
fn archives_are_read_member_by_member() {
    let members: Vec<(&str, Vec<u8>)> = ["main.o", "calc.o", "strutil.o"]
        .into_iter()
        .map(|m| (m, object(&format!("elf-i386/c_multi/{m}"))))
        .collect();
    let refs: Vec<(&str, &[u8])> = members.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let from_archive = load(&archive(&refs), None).unwrap().unwrap();
    assert_eq!(from_archive.len(), 3);
    let one_by_one: Vec<ObjectCoverage> = members
        .iter()
        .flat_map(|(_, bytes)| load(bytes, None).unwrap().unwrap())
        .collect();
    assert_eq!(names(&from_archive), names(&one_by_one));
    // Offsets are those of the archive, past the member headers.
    assert!(from_archive[0].functions[0].offset > one_by_one[0].functions[0].offset);
}

#[test]
fn an_archive_member_without_coverage_hides_the_archive_as_in_llvm_cov() {
    let covered = object("elf-i386/c_multi/main.o");
    let uncovered = object("wasm/c_multi/main.o");
    let bytes = archive(&[("main.o", &covered), ("other.o", &uncovered)]);
    assert!(load(&bytes, None).unwrap().is_none());
}

#[test]
fn universal_binaries_need_an_architecture() {
    let macho = object("macho/c_multi/main.o");
    let fat = universal(&[(CPU_TYPE_X86_64, &macho), (CPU_TYPE_ARM64, &macho)]);
    let thin = load(&macho, None).unwrap().unwrap();
    let chosen = load(&fat, Some("arm64")).unwrap().unwrap();
    assert_eq!(names(&chosen), names(&thin));
    let x86 = load(&fat, Some("x86_64")).unwrap().unwrap();
    assert_eq!(names(&x86), names(&thin));

    let err = load(&fat, Some("ppc")).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::ChooseArch("x86_64, arm64".to_owned())
    );
    assert_eq!(
        err.to_string(),
        "universal binary: choose one architecture of x86_64, arm64 (at offset 0x0)"
    );
}
