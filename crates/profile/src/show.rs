//! The `llvm-profdata show` views of a profile (`showInstrProfile` in
//! `llvm-profdata.cpp`): the function listing of `show --all-functions
//! --counts` with its summary, and the text dump of `show --text`.
//!
//! Functions are listed in the order the reader yields them: raw record
//! order, the indexed hash table's order, text file order. In IR-level
//! profiles the context-sensitive records (hash bit 60) are left out, as
//! without `--showcs`. The summary lines come from LLVM's
//! `InstrProfSummaryBuilder`, which skips records whose first counter is a
//! pseudo count (`u64::MAX` or `u64::MAX - 1`) and sums the total count
//! wrapping.
//!
//! Older llvm-profdata releases print less; [`ShowStyle`] picks the release
//! to imitate. Checked byte for byte against llvm-profdata 13, 14, 16, 19
//! and 22 on clang-built raw and merged profiles and on text profiles:
//!
//! | release | difference from 22 |
//! |---|---|
//! | 20 and later | none known (`instrument_loop_entries` and the two total lines came in 20; inferred, not checked) |
//! | 15 to 19 | no `  instrument_loop_entries = N` on the IR level line; no `Total number of blocks` and `Total count` lines |
//! | 13, 14 | as 15 to 19, and no pseudo counts: such records are listed like others, and the summary skips every count equal to `u64::MAX` (15 is inferred, not checked) |
//!
//! `--binary-ids` prints `Binary IDs: ` and one lowercase hex line per ID
//! after the summary; when a profile has none, whether the header still
//! appears depends on the release and the format (see
//! `ShowStyle::prints_binary_ids`).
//!
//! ```
//! use covkit_profile::read::Profile;
//! use covkit_profile::show::{show, ShowOptions};
//!
//! let profile = Profile::parse(b"main\n24\n3\n1\n0\n5\n")?;
//! let options = ShowOptions { all_functions: true, counts: true, ..ShowOptions::default() };
//! let text = String::from_utf8(show(&profile, &options)).unwrap();
//! assert_eq!(text, "\
//! Counters:
//!   main:
//!     Hash: 0x0000000000000018
//!     Counters: 3
//!     Function count: 1
//!     Block counts: [0, 5]
//! Instrumentation level: Front-end
//! Functions shown: 1
//! Total functions: 1
//! Maximum function count: 1
//! Maximum internal block count: 5
//! Total number of blocks: 3
//! Total count: 6
//! ");
//! # Ok::<(), covkit_profile::Error>(())
//! ```

use std::io::Write as _;

use crate::read::{Format, Profile};
use crate::record::Record;
use crate::text;

/// The llvm-profdata release whose `show` output to reproduce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShowStyle {
    major: u32,
}

impl ShowStyle {
    /// LLVM 22, the default.
    pub const LLVM_22: ShowStyle = ShowStyle { major: 22 };

    /// The style of LLVM release `major` (13 to 22 are meaningful; older
    /// numbers behave as 13, newer as 22).
    #[must_use]
    pub fn llvm(major: u32) -> Self {
        ShowStyle { major }
    }

    /// The LLVM major version.
    #[must_use]
    pub fn major(self) -> u32 {
        self.major
    }

    fn knows_pseudo_counts(self) -> bool {
        self.major >= 15
    }

    fn prints_totals(self) -> bool {
        self.major >= 20
    }

    /// Whether `--binary-ids` prints its header for a profile of `format`
    /// with no IDs: raw profiles from 20 on (22 checked, 19 not), indexed
    /// ones from 17 on (19 checked, 16 not); text profiles and LLVM 13 and
    /// 14's indexed reader print nothing at all.
    fn prints_binary_ids(self, format: Format, empty: bool) -> bool {
        match format {
            Format::Raw => !empty || self.major >= 20,
            Format::Indexed => self.major >= 15 && (!empty || self.major >= 17),
            Format::Text | Format::Empty => false,
        }
    }
}

impl Default for ShowStyle {
    fn default() -> Self {
        ShowStyle::LLVM_22
    }
}

/// What to show (`llvm-profdata show` options).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShowOptions {
    /// List every function (`--all-functions`); otherwise only the summary.
    pub all_functions: bool,
    /// Print each listed function's block counts (`--counts`).
    pub counts: bool,
    /// Print listed functions as a text profile instead (`--text`); no
    /// summary.
    pub text: bool,
    /// Print the binary IDs after the summary (`--binary-ids`).
    pub binary_ids: bool,
    /// The release to imitate.
    pub style: ShowStyle,
}

const PSEUDO_HOT: u64 = u64::MAX;
const PSEUDO_WARM: u64 = u64::MAX - 1;

/// Bit 60 of a function hash marks a context-sensitive record
/// (`NamedInstrProfRecord::hasCSFlagInHash`).
const CS_FLAG_IN_FUNC_HASH: u32 = 60;

/// `InstrProfSummaryBuilder` without the detailed summary.
#[derive(Debug, Default)]
struct Summary {
    functions: u64,
    max_function_count: u64,
    max_internal_count: u64,
    blocks: u64,
    total: u64,
}

impl Summary {
    fn add(&mut self, record: &Record<'_>, style: ShowStyle) {
        let Some((&entry, internal)) = record.counts.split_first() else {
            return;
        };
        if style.knows_pseudo_counts() && entry >= PSEUDO_WARM {
            return;
        }
        self.functions += 1;
        // LLVM 13 and 14 skip counts of -1 (and so never see them as a max).
        let skip = |c: u64| !style.knows_pseudo_counts() && c == u64::MAX;
        if !skip(entry) {
            self.count(entry);
            self.max_function_count = self.max_function_count.max(entry);
        }
        for &c in internal.iter().filter(|&&c| !skip(c)) {
            self.count(c);
            self.max_internal_count = self.max_internal_count.max(c);
        }
    }

    fn count(&mut self, c: u64) {
        self.blocks += 1;
        self.total = self.total.wrapping_add(c);
    }
}

/// `llvm-profdata show` of `profile` with `options`: the bytes the tool
/// prints on standard output (function names are bytes, not necessarily
/// UTF-8).
#[must_use]
pub fn show(profile: &Profile<'_>, options: &ShowOptions) -> Vec<u8> {
    let style = options.style;
    let is_ir = profile.variant.is_ir();
    let mut out = Vec::new();
    // Writing into a Vec cannot fail, so the results of write! are ignored.
    if options.text && is_ir {
        out.extend_from_slice(b":ir\n");
    }
    let symbols = if options.text && options.all_functions {
        profile.symbols()
    } else {
        text::Symbols::default()
    };
    let mut summary = Summary::default();
    let mut shown = 0u64;
    for record in &profile.records {
        if is_ir && (record.hash >> CS_FLAG_IN_FUNC_HASH) & 1 != 0 {
            continue;
        }
        if options.all_functions && options.text {
            text::write_record(&mut out, record, &symbols);
            continue;
        }
        summary.add(record, style);
        if !options.all_functions {
            continue;
        }
        if shown == 0 {
            out.extend_from_slice(b"Counters:\n");
        }
        shown += 1;
        out.extend_from_slice(b"  ");
        out.extend_from_slice(&record.name);
        let _ = write!(
            out,
            ":\n    Hash: {:#018x}\n    Counters: {}",
            record.hash,
            record.counts.len()
        );
        let first = record.counts.first().copied();
        if style.knows_pseudo_counts() && first.is_some_and(|c| c >= PSEUDO_WARM) {
            let kind = if first == Some(PSEUDO_HOT) {
                "PseudoHot"
            } else {
                "PseudoWarm"
            };
            let _ = writeln!(out, "    <{kind}>");
            continue;
        }
        out.push(b'\n');
        if !is_ir {
            let _ = writeln!(out, "    Function count: {}", first.unwrap_or(0));
        }
        if options.counts {
            let start = usize::from(!is_ir);
            out.extend_from_slice(b"    Block counts: [");
            for (i, c) in record.counts.iter().skip(start).enumerate() {
                if i > 0 {
                    out.extend_from_slice(b", ");
                }
                let _ = write!(out, "{c}");
            }
            out.extend_from_slice(b"]\n");
        }
    }
    if options.text {
        return out;
    }
    out.extend_from_slice(b"Instrumentation level: ");
    if is_ir {
        let _ = write!(
            out,
            "IR  entry_first = {}",
            u8::from(profile.variant.is_entry_first())
        );
        if style.prints_totals() {
            let _ = write!(
                out,
                "  instrument_loop_entries = {}",
                u8::from(profile.variant.is_loop_entries())
            );
        }
    } else {
        out.extend_from_slice(b"Front-end");
    }
    out.push(b'\n');
    if options.all_functions {
        let _ = writeln!(out, "Functions shown: {shown}");
    }
    let _ = write!(
        out,
        "Total functions: {}\nMaximum function count: {}\nMaximum internal block count: {}\n",
        summary.functions, summary.max_function_count, summary.max_internal_count
    );
    if style.prints_totals() {
        let _ = write!(
            out,
            "Total number of blocks: {}\nTotal count: {}\n",
            summary.blocks, summary.total
        );
    }
    if options.binary_ids && style.prints_binary_ids(profile.format, profile.binary_ids.is_empty())
    {
        out.extend_from_slice(b"Binary IDs: \n");
        for id in &profile.binary_ids {
            for byte in id.iter() {
                let _ = write!(out, "{byte:02x}");
            }
            out.push(b'\n');
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn show_text(data: &[u8], all: bool, counts: bool, text: bool, llvm: u32) -> String {
        let profile = Profile::parse(data).unwrap();
        let options = ShowOptions {
            all_functions: all,
            counts,
            text,
            binary_ids: false,
            style: ShowStyle::llvm(llvm),
        };
        String::from_utf8(show(&profile, &options)).unwrap()
    }

    /// big.proftext of the experiments: a count at the cap, pseudo hot and
    /// pseudo warm records.
    const BIG: &[u8] = b"f\n1\n2\n18446744073709551613\n10\ng\n0x1000000000000005\n1\n\
        18446744073709551615\nh\n2\n1\n18446744073709551614\n";

    #[test]
    fn pseudo_counts_and_wrapping_total_as_llvm_22() {
        // Output of `llvm-profdata-22 show --all-functions --counts`.
        assert_eq!(
            show_text(BIG, true, true, false, 22),
            "Counters:\n  f:\n    Hash: 0x0000000000000001\n    Counters: 2\n\
             \x20   Function count: 18446744073709551613\n    Block counts: [10]\n\
             \x20 g:\n    Hash: 0x1000000000000005\n    Counters: 1    <PseudoHot>\n\
             \x20 h:\n    Hash: 0x0000000000000002\n    Counters: 1    <PseudoWarm>\n\
             Instrumentation level: Front-end\nFunctions shown: 3\nTotal functions: 1\n\
             Maximum function count: 18446744073709551613\nMaximum internal block count: 10\n\
             Total number of blocks: 2\nTotal count: 7\n"
        );
    }

    #[test]
    fn llvm_13_lists_pseudo_records_and_skips_minus_one() {
        // Output of `llvm-profdata-13 show --all-functions --counts`.
        assert_eq!(
            show_text(BIG, true, true, false, 13),
            "Counters:\n  f:\n    Hash: 0x0000000000000001\n    Counters: 2\n\
             \x20   Function count: 18446744073709551613\n    Block counts: [10]\n\
             \x20 g:\n    Hash: 0x1000000000000005\n    Counters: 1\n\
             \x20   Function count: 18446744073709551615\n    Block counts: []\n\
             \x20 h:\n    Hash: 0x0000000000000002\n    Counters: 1\n\
             \x20   Function count: 18446744073709551614\n    Block counts: []\n\
             Instrumentation level: Front-end\nFunctions shown: 3\nTotal functions: 3\n\
             Maximum function count: 18446744073709551614\nMaximum internal block count: 10\n"
        );
    }

    #[test]
    fn ir_profiles_hide_context_sensitive_records() {
        let cs = b":ir\nf\n1\n2\n3\n10\ng\n0x1000000000000005\n1\n7\n";
        // Outputs of llvm-profdata-22 and -19.
        assert_eq!(
            show_text(cs, true, true, false, 22),
            "Counters:\n  f:\n    Hash: 0x0000000000000001\n    Counters: 2\n    Block counts: [3, 10]\n\
             Instrumentation level: IR  entry_first = 0  instrument_loop_entries = 0\n\
             Functions shown: 1\nTotal functions: 1\nMaximum function count: 3\n\
             Maximum internal block count: 10\nTotal number of blocks: 2\nTotal count: 13\n"
        );
        assert_eq!(
            show_text(cs, true, true, false, 19),
            "Counters:\n  f:\n    Hash: 0x0000000000000001\n    Counters: 2\n    Block counts: [3, 10]\n\
             Instrumentation level: IR  entry_first = 0\n\
             Functions shown: 1\nTotal functions: 1\nMaximum function count: 3\n\
             Maximum internal block count: 10\n"
        );
        assert_eq!(
            show_text(cs, true, false, true, 22),
            ":ir\nf\n# Func Hash:\n1\n# Num Counters:\n2\n# Counter Values:\n3\n10\n\n"
        );
    }

    #[test]
    fn summary_only_without_all_functions() {
        assert_eq!(
            show_text(b"f\n1\n1\n4\n", false, true, false, 22),
            "Instrumentation level: Front-end\nTotal functions: 1\nMaximum function count: 4\n\
             Maximum internal block count: 0\nTotal number of blocks: 1\nTotal count: 4\n"
        );
        assert_eq!(
            show_text(b":ir\nf\n1\n1\n4\n", false, false, true, 22),
            ":ir\n"
        );
    }
}
