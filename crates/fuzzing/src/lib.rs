//! covkit-fuzzing: what every fuzz target of `fuzz/` does, as plain
//! functions (test support only, `publish = false`).
//!
//! Where it sits: beside the pipeline, like `covkit-testkit`. Each decoder
//! entry point has one function here taking arbitrary bytes; the cargo-fuzz
//! targets in `fuzz/` are one-line wrappers around them, and the tests of
//! this crate replay every file of `fixtures/corpus`, `fixtures/synthetic`
//! and `fixtures/malformed` through all of them, so `cargo test` exercises
//! the fuzz logic without a fuzzer:
//!
//! ```text
//! fixtures/ or libFuzzer bytes -> covkit-fuzzing::<target> -> profile / covmap / model / export
//! ```
//!
//! A target returns normally whatever its input. It fails (panics) only
//! when covkit does: a panic inside a decoder, or a broken invariant the
//! target checks (an error message without its location, a tracefile that
//! does not survive being written and read back). Inputs are bounded by
//! the decoders' own limits; nothing here allocates in proportion to a
//! count read from the input.
//!
//! [`TARGETS`] lists them by the name of their fuzz target;
//! [`structured`] builds its inputs with the testkit builders from
//! [`arbitrary`] choices, so that mutations land behind valid headers.
//!
//! ```
//! // Any bytes are fine; these are a truncated raw profile header.
//! covkit_fuzzing::raw_profile(b"\x81rforpl\xff\x0a\0\0\0");
//! let input = covkit_fuzzing::join_end_to_end(b"not an object", b"", false);
//! covkit_fuzzing::end_to_end(&input);
//! ```

use std::borrow::Cow;
use std::fmt::Display;
use std::io;

use covkit::covmap::mapping::FunctionMapping;
use covkit::covmap::{LoadOptions, load_object};
use covkit::export::lcov::{self, LcovOptions};
use covkit::model::demangle::demangle as demangle_name;
use covkit::model::{Coverage, RecordCounts};
use covkit::profile::indexed::IndexedProfile;
use covkit::profile::read::Profile;
use covkit::profile::text::{TextProfile, WriteOptions};
use covkit::wire::Endian;

pub mod corpus;
mod structured;

pub use structured::{Structured, structured, structured_bytes};

/// One fuzz target: its name (the binary in `fuzz/`) and its logic.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The cargo-fuzz target name.
    pub name: &'static str,
    /// What the target does with one input.
    pub run: fn(&[u8]),
}

/// Every target, in the order `fuzz/run-all` runs them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "object",
        run: object,
    },
    Target {
        name: "covfun",
        run: covfun,
    },
    Target {
        name: "lcov",
        run: lcov,
    },
    Target {
        name: "end_to_end",
        run: end_to_end,
    },
    Target {
        name: "structured",
        run: structured_bytes,
    },
    Target {
        name: "text_profile",
        run: text_profile,
    },
    Target {
        name: "raw_profile",
        run: raw_profile,
    },
    Target {
        name: "covmap",
        run: covmap,
    },
    Target {
        name: "covfun_mapping",
        run: covfun_mapping,
    },
    Target {
        name: "indexed_profile",
        run: indexed_profile,
    },
    Target {
        name: "names",
        run: names,
    },
    Target {
        name: "demangle",
        run: demangle,
    },
];

/// The target called `name`.
#[must_use]
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().copied().find(|t| t.name == name)
}

/// Every error of a decoder names where it is: an offset into the input
/// (profile, covmap) or a line (lcov).
///
/// # Panics
///
/// When the message does not end with its location.
pub fn check_error(error: &impl Display) {
    let message = error.to_string();
    let located = message.ends_with(')')
        && (message.contains("(at offset 0x") || message.contains("(at line "));
    assert!(located, "error without a location: {message:?}");
    // Lowercase, unless the message starts with a name spelled in capitals
    // (an lcov record type such as `FNDA`).
    let first = message.split(' ').next().unwrap_or_default();
    let a_name = first.len() > 1
        && first
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'/');
    assert!(
        a_name || !message.starts_with(|c: char| c.is_ascii_uppercase()),
        "error message starts with a capital: {message:?}"
    );
}

/// Raw profiles: every profile of a file, the binary IDs read from the
/// header alone, the dump, and the generic reader.
pub fn raw_profile(data: &[u8]) {
    let ids = covkit::profile::raw::first_binary_ids(data);
    match covkit::profile::raw::RawProfile::parse_all(data) {
        Ok(profiles) => {
            // The header-only reader agrees with the whole parse.
            let first = profiles.first().map(|p| p.binary_ids.as_slice());
            assert_eq!(ids.as_deref().ok(), first, "first_binary_ids");
        }
        Err(e) => check_error(&e),
    }
    if let Err(e) = ids {
        check_error(&e);
    }
    let mut out = String::new();
    let _ = covkit::profile::raw::dump(data, &mut out);
    any_profile(data);
}

/// Indexed profiles: the header, every record, lookups of the first names,
/// the dump.
pub fn indexed_profile(data: &[u8]) {
    match IndexedProfile::parse(data) {
        Ok(profile) => {
            let mut names = Vec::new();
            for record in profile.records().take(4096) {
                match record {
                    Ok(record) => names.push(record.name.into_owned()),
                    Err(e) => {
                        check_error(&e);
                        break;
                    }
                }
            }
            for name in names.iter().take(16) {
                let _ = profile.lookup(name);
            }
        }
        Err(e) => check_error(&e),
    }
    let mut out = String::new();
    let _ = covkit::profile::indexed::dump(data, &mut out);
    any_profile(data);
}

/// Text profiles: a profile that reads is written back as text, and that
/// text reads again into the same records.
pub fn text_profile(data: &[u8]) {
    let profile = match TextProfile::parse(data) {
        Ok(profile) => profile,
        Err(e) => return check_error(&e),
    };
    let variant = profile.variant;
    let profile = Profile::from_text(profile);
    // A record named `:...` written first reads back as a header line, in
    // LLVM's format as in covkit's (found by the text_profile target): no
    // round trip for those.
    // Nor does a name that starts like a header (`:`), a bitmap line (`$`)
    // or a comment (`#`), which the reader takes for one after a record
    // (found by the text_profile target).
    if profile
        .records
        .iter()
        .any(|r| r.name.first().is_some_and(|b| b":$#".contains(b)))
    {
        return;
    }
    // Nor does a record named like a number: after a record without value
    // data it reads as that record's number of value kinds (found by the
    // text_profile target; LLVM's reader skips the comment lines the same
    // way).
    let numeric = |name: &[u8]| {
        let digits = name
            .strip_prefix(b"0x")
            .or_else(|| name.strip_prefix(b"0X"))
            .unwrap_or(name);
        !digits.is_empty() && digits.iter().all(u8::is_ascii_hexdigit)
    };
    if profile.records.iter().any(|r| numeric(&r.name)) {
        return;
    }
    // Temporal trace names that are not record names are written empty,
    // as llvm-profdata writes them (found by the text_profile target): a
    // trace of one such name, or of none (`,,,` reads as no names), is an
    // empty line, which does not read back.
    let known: std::collections::HashSet<u64> = profile
        .records
        .iter()
        .map(|r| covkit::profile::names::name_hash(&r.name))
        .collect();
    if let Some(temporal) = &profile.temporal
        && temporal
            .traces
            .iter()
            .any(|t| t.names.is_empty() || t.names.iter().any(|h| !known.contains(h)))
    {
        return;
    }
    let written = covkit::profile::text::write(
        &profile.records,
        variant,
        &WriteOptions {
            sparse: false,
            temporal: profile.temporal.as_ref(),
        },
    );
    match TextProfile::parse(&written) {
        Ok(again) => assert_eq!(
            again.records.len(),
            profile.records.len(),
            "text profile written back holds another number of records"
        ),
        Err(e) => panic!(
            "text profile written back does not read: {e}\n{}",
            String::from_utf8_lossy(&written)
        ),
    }
}

/// Any profile through the format-detecting reader.
fn any_profile(data: &[u8]) {
    if let Err(e) = Profile::parse(data) {
        check_error(&e);
    }
}

/// Names blobs (`__llvm_prf_names`, the names of raw profiles).
pub fn names(data: &[u8]) {
    match covkit::profile::names::Names::parse(data, 0) {
        Ok(names) => {
            for name in names.iter() {
                let _ = covkit::profile::names::name_hash(name);
            }
        }
        Err(e) => check_error(&e),
    }
}

/// The first input byte as decoding options: bit 0 the byte order, bit 1
/// a compilation directory; the rest is the section.
fn options(data: &[u8]) -> (Endian, Option<&'static str>, &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return (Endian::Little, None, data);
    };
    let endian = if flags & 1 == 0 {
        Endian::Little
    } else {
        Endian::Big
    };
    let dir = (flags & 2 != 0).then_some("/fuzz/dir");
    (endian, dir, rest)
}

/// A covmap section: the first byte chooses the byte order and whether a
/// compilation directory is given.
pub fn covmap(data: &[u8]) {
    let (endian, dir, section) = options(data);
    if let Err(e) = covkit::covmap::covmap::parse_covmap(section, 0, endian, dir) {
        check_error(&e);
    }
}

/// A covfun section: every record and its mapping, against a filename list
/// of as many entries as the second byte says (the first is the byte
/// order).
pub fn covfun(data: &[u8]) {
    let (endian, _, rest) = options(data);
    let Some((&num_filenames, section)) = rest.split_first() else {
        return;
    };
    for record in covkit::covmap::covfun::covfun_records(section, 2, endian) {
        match record {
            Ok(record) => {
                if let Err(e) = FunctionMapping::decode(
                    record.mapping,
                    record.mapping_offset,
                    usize::from(num_filenames),
                ) {
                    check_error(&e);
                }
            }
            Err(e) => return check_error(&e),
        }
    }
}

/// One function's mapping bytes, against a filename list of up to 255
/// entries chosen by the first byte.
pub fn covfun_mapping(data: &[u8]) {
    if let Some((&num_filenames, mapping)) = data.split_first()
        && let Err(e) = FunctionMapping::decode(mapping, 1, usize::from(num_filenames))
    {
        check_error(&e);
    }
}

/// Whole object files: section discovery, covmap blocks, covfun records,
/// mappings, the dump, and the model built without counts (every region,
/// branch and MC/DC decision of the mapping, with zero counts) written as
/// lcov.
pub fn object(data: &[u8]) {
    let objects = match load_object(data, &LoadOptions::default()) {
        Ok(Some(objects)) => objects,
        Ok(None) => return,
        Err(e) => return check_error(&e),
    };
    let mut out = String::new();
    let _ = covkit::covmap::dump::dump(&objects, &mut out);
    let counts = RecordCounts::new(&[]);
    if let Ok(model) = Coverage::from_objects(&objects, &counts) {
        write_reports(model, false);
    }
}

/// Models whose regions span more lines than this in all are built but
/// not written: the reports list every line (as llvm-cov's do), so a few
/// KB of mapping can ask for millions of lines, which takes a second in a
/// fuzz build and only slows the fuzzer down. `tests/tall_regions.rs`
/// writes such a model.
const MAX_RENDERED_LINES: u64 = 1 << 20;

/// Writes the reports of a model, demangling first when asked.
fn write_reports(mut model: Coverage, demangle: bool) {
    let lines = model
        .functions()
        .iter()
        .flat_map(|f| &f.regions)
        .map(|r| u64::from(r.end.line.0.saturating_sub(r.start.line.0)) + 1)
        .fold(0u64, u64::saturating_add);
    if lines > MAX_RENDERED_LINES {
        return;
    }
    if demangle {
        model.demangle_names();
    }
    lcov::write(&model, &LcovOptions::default(), io::sink()).expect("writing to a sink");
    let json = covkit::export::json::JsonOptions::default();
    covkit::export::json::write(&model, &json, io::sink()).expect("writing to a sink");
}

/// lcov tracefiles: a tracefile that reads is written, and what is written
/// reads back and writes the same text again.
pub fn lcov(data: &[u8]) {
    let tracefile = match lcov::read(data) {
        Ok(t) => t,
        Err(e) => return check_error(&e),
    };
    let mut first = Vec::new();
    lcov::write_tracefile(&tracefile, &mut first).expect("writing to memory");
    let again = lcov::read(&first).unwrap_or_else(|e| {
        panic!(
            "written tracefile does not read: {e}\n{}",
            String::from_utf8_lossy(&first)
        )
    });
    let mut second = Vec::new();
    lcov::write_tracefile(&again, &mut second).expect("writing to memory");
    assert!(
        first == second,
        "a written tracefile reads back differently:\n{}\n---\n{}",
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
}

/// Demangling of any name (`--demangle`): bounded, and never empty.
pub fn demangle(data: &[u8]) {
    let name = String::from_utf8_lossy(data);
    let out = demangle_name(&name);
    if let Cow::Owned(readable) = &out {
        assert!(!readable.is_empty());
    }
}

/// The end-to-end input layout: a flags byte (bit 0: demangle), the
/// object's length as a little-endian u32, the object, the profile.
const HEADER: usize = 5;

/// The end-to-end input for `object` and `profile`.
#[must_use]
pub fn join_end_to_end(object: &[u8], profile: &[u8], demangle: bool) -> Vec<u8> {
    let len = u32::try_from(object.len()).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(HEADER + object.len() + profile.len());
    out.push(u8::from(demangle));
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(object);
    out.extend_from_slice(profile);
    out
}

/// Splits an end-to-end input into flags, object and profile; a length
/// past the end takes everything.
#[must_use]
pub fn split_end_to_end(data: &[u8]) -> (u8, &[u8], &[u8]) {
    let (Some(&flags), Some(len)) = (data.first(), data.get(1..HEADER)) else {
        return (0, data, &[]);
    };
    let mut word = [0u8; 4];
    word.copy_from_slice(len);
    let len = usize::try_from(u32::from_le_bytes(word)).unwrap_or(usize::MAX);
    let rest = data.get(HEADER..).unwrap_or_default();
    let (object, profile) = rest.split_at(len.min(rest.len()));
    (flags, object, profile)
}

/// End to end: object bytes and profile bytes (see [`join_end_to_end`])
/// loaded as `profconv` does, then written as lcov and JSON.
pub fn end_to_end(data: &[u8]) {
    let (flags, object, profile) = split_end_to_end(data);
    run_end_to_end(object, profile, flags & 1 != 0);
}

/// Loads `object` with `profile` and writes the reports.
fn run_end_to_end(object: &[u8], profile: &[u8], demangle: bool) {
    if let Ok(loaded) = covkit::load(&[object], &[profile]) {
        write_reports(loaded.model, demangle);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first lcov run stopped here: lcov errors may start with the
    /// record type, which is spelled in capitals.
    #[test]
    fn error_messages_may_start_with_a_record_type() {
        check_error(
            &"FNDA record for function \"f\", which no FN record of the file section defines (at line 26)",
        );
        check_error(&"unexpected end of data reading u64 (at offset 0x28)");
    }

    #[test]
    #[should_panic(expected = "starts with a capital")]
    fn error_messages_are_lowercase() {
        check_error(&"Unexpected end of data (at offset 0x28)");
    }

    #[test]
    #[should_panic(expected = "without a location")]
    fn error_messages_end_with_their_location() {
        check_error(&"unexpected end of data");
    }

    /// The first text_profile run stopped here: a record named `:` is
    /// read after another record, but written first it reads back as an
    /// unknown header line.
    #[test]
    fn a_record_named_like_a_header_line_is_not_round_tripped() {
        let text = b":ir\nf\n# Func Hash:\n1\n# Num Counters:\n1\n# Counter Values:\n1\n\n\
                     :\n# Func Hash:\n2\n# Num Counters:\n1\n# Counter Values:\n3\n";
        let profile = TextProfile::parse(text).unwrap();
        assert_eq!(profile.records.len(), 2);
        text_profile(text);
    }

    /// The second text_profile run stopped here: the trace's one name is
    /// no record's, so it is written as an empty line, which does not read
    /// back (llvm-profdata writes the same).
    #[test]
    fn a_trace_of_unknown_names_is_not_round_tripped() {
        let text = b":temporal_prof_traces\n# Num Temporal Profile Traces:\n1\n\
                     # Temporal Profile Trace Stream Size:\n0\n# Weight:\n1\ncash\n\n\
                     f\n# Func Hash:\n24\n# Num Counters:\n1\n# Counter Values:\n3\n";
        let profile = TextProfile::parse(text).unwrap();
        assert_eq!(profile.temporal.as_ref().map(|t| t.traces.len()), Some(1));
        text_profile(text);
        // A trace line of separators only is a trace of no names.
        let text = b":temporal_prof_traces\n# Num Temporal Profile Traces:\n1\n\
                     # Temporal Profile Trace Stream Size:\n0\n# Weight:\n1\n,,,\n";
        let profile = TextProfile::parse(text).unwrap();
        let traces = profile.temporal.as_ref().map(|t| t.traces.clone());
        assert_eq!(
            traces.map(|t| t.first().map(|t| t.names.len())),
            Some(Some(0))
        );
        text_profile(text);
    }

    /// The third text_profile run stopped here: a record named `2` after a
    /// record without value data reads back as its number of value kinds.
    #[test]
    fn a_record_named_like_a_number_is_not_round_tripped() {
        // After value data, `2` is a name.
        let text = b"f\n# Func Hash:\n1\n# Num Counters:\n1\n# Counter Values:\n0\n\
                     # Num Value Kinds:\n1\n# ValueKind = IPVK_MemOPSize:\n1\n\
                     # NumValueSites:\n1\n0\n\n\
                     2\n# Func Hash:\n2\n# Num Counters:\n2\n# Counter Values:\n1\n2\n";
        let profile = TextProfile::parse(text).unwrap();
        assert_eq!(profile.records.len(), 2);
        text_profile(text);
        // After counters alone, it is the number of value kinds.
        let text = b"f\n# Func Hash:\n1\n# Num Counters:\n1\n# Counter Values:\n0\n\n\
                     2\n# Func Hash:\n2\n# Num Counters:\n2\n# Counter Values:\n1\n2\n";
        assert!(TextProfile::parse(text).is_err());
    }

    /// The fourth text_profile run stopped here, after 4,712,877 inputs: a
    /// record named `$Hesh` written after another reads as its bitmap.
    #[test]
    fn a_record_named_like_a_bitmap_line_is_not_round_tripped() {
        let text = b"f\n# Func Hash:\n1\n# Num Counters:\n1\n# Counter Values:\n0\n\
                     # Num Value Kinds:\n1\n# ValueKind = IPVK_MemOPSize:\n1\n\
                     # NumValueSites:\n1\n0\n\n\
                     $Hesh\n# Func Hash:\n2\n# Num Counters:\n1\n# Counter Values:\n1\n";
        let profile = TextProfile::parse(text).unwrap();
        assert_eq!(profile.records.len(), 2);
        text_profile(text);
    }

    #[test]
    fn end_to_end_inputs_split_as_joined() {
        let joined = join_end_to_end(b"object", b"profile", true);
        assert_eq!(
            split_end_to_end(&joined),
            (1, &b"object"[..], &b"profile"[..])
        );
        // A length past the end takes everything; a short input is all object.
        assert_eq!(
            split_end_to_end(b"\0\xff\xff\xff\xffab"),
            (0, &b"ab"[..], &b""[..])
        );
        assert_eq!(split_end_to_end(b"\x01ab"), (0, &b"\x01ab"[..], &b""[..]));
    }
}
