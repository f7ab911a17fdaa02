//! The command line: clap definitions, and the argv normalisation that lets
//! `llvm-profdata`'s single-dash long options (`-sparse`, `-output=FILE`,
//! `-all-functions`) through.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// LLVM source-based coverage without LLVM.
#[derive(Debug, Parser)]
#[command(name = "profconv", version, about, after_help = EXIT_CODES)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// No progress bar and no notes; warnings and errors still print.
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,
    /// Print the diagnostics of loading (hash mismatches, functions the
    /// profile does not know, skipped records) with counts; twice, every
    /// one.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Merge profiles (raw, indexed or text) as `llvm-profdata merge` does.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
    /// Show a profile as `llvm-profdata show` does.
    #[command(after_help = SHOW_EXAMPLES)]
    Show(ShowArgs),
    /// Print the structure of a raw or indexed profile, with offsets.
    #[command(after_help = DUMP_EXAMPLES)]
    Dump(DumpArgs),
    /// Export coverage as `llvm-cov export` does.
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),
    /// Print the coverage summary table `llvm-cov report` prints.
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
    /// Convert and merge lcov tracefiles into lcov, Cobertura or Sonar.
    #[command(after_help = CONVERT_EXAMPLES)]
    Convert(ConvertArgs),
    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// Print the man page, or write one page per command to a directory.
    Man(ManArgs),
    /// Print the coverage totals and fail (exit code 1) when a gate fails.
    #[command(after_help = crate::check::AFTER_HELP)]
    Check(CheckArgs),
}

/// `completions` options.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

/// `man` options.
#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Write `profconv.1` and `profconv-COMMAND.1` for every command into
    /// DIR instead of printing `profconv.1`.
    #[arg(long, value_name = "DIR")]
    pub(crate) dir: Option<PathBuf>,
}

const MERGE_EXAMPLES: &str = "\
Examples:
  # Merge every raw profile under prof/ (recursively), as llvm-profdata does
  profconv merge -sparse prof/ -o merged.profdata
  # Shards listed in a file, one weighted; skip a truncated profile with a warning
  profconv merge -input-files=shards.txt --failure-mode=warn -o merged.profdata";

const SHOW_EXAMPLES: &str = "\
Examples:
  profconv show --all-functions --counts merged.profdata
  profconv show --text run.profraw";

const DUMP_EXAMPLES: &str = "\
Examples:
  profconv dump crashed.profraw          # every header field and record, with offsets
  profconv dump --stats target/debug/svc # the coverage mapping, with region counts";

const EXPORT_EXAMPLES: &str = "\
Examples:
  # The CI pipeline in one command: raw profiles in, three reports out
  profconv export -instr-profile=prof/ target/debug/svc \\
      --output lcov=cov.lcov --output cobertura=cov.xml --output sonar=sonar.xml
  # Test binaries found by the build IDs the profiles recorded
  profconv export -format=lcov -instr-profile='prof/*.profraw' --object-dir target/debug -o cov.lcov
  # What llvm-cov export writes, byte for byte
  profconv export -format=text -instr-profile=merged.profdata target/debug/svc > cov.json";

const REPORT_EXAMPLES: &str = "\
Examples:
  profconv report -instr-profile=prof/ target/debug/svc
  profconv report -instr-profile=merged.profdata target/debug/svc -show-functions src/lib.rs";

const CONVERT_EXAMPLES: &str = "\
Examples:
  # lcov from llvm-cov, grcov or cargo-llvm-cov to Cobertura for GitLab
  profconv convert lcov.info --format=cobertura --source-root=$CI_PROJECT_DIR \\
      --cobertura-max-size=10MiB -o coverage.xml
  # Unit and integration runs merged into one lcov
  profconv convert unit.info integration.info --format=lcov -o all.info";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  profconv completions bash > /etc/bash_completion.d/profconv
  profconv completions zsh > ~/.zfunc/_profconv";

/// What `profconv --help` ends with.
pub(crate) const EXIT_CODES: &str = "\
Exit codes: 0 success, 1 a coverage gate failed, 2 usage error, 3 an input
could not be read (or an output written).

Long options also take one dash, as llvm-profdata and llvm-cov spell them
(-sparse, -instr-profile=FILE). docs/cli.md has recipes.";

/// `--failure-mode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailureModeArg {
    /// Fail if any profile is invalid.
    Any,
    /// Fail only if all profiles are invalid.
    All,
    /// Do not fail and just print warnings.
    Warn,
}

/// Options of `merge`.
#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// Input profiles, or directories searched recursively for files.
    #[arg(value_name = "INPUTS")]
    pub(crate) inputs: Vec<PathBuf>,
    /// An input with a weight: every count is multiplied by W (W >= 1).
    #[arg(long = "weighted-input", value_name = "W,FILE")]
    pub(crate) weighted: Vec<String>,
    /// A file listing inputs, one per line: `FILE` or `W,FILE`; blank
    /// lines and lines starting with `#` are skipped.
    #[arg(short = 'f', long = "input-files", value_name = "LIST")]
    pub(crate) input_files: Vec<PathBuf>,
    /// Instrumentation profiles (the only kind profconv merges; accepted
    /// for llvm-profdata's spelling).
    #[arg(long, hide_short_help = true)]
    pub(crate) instr: bool,
    /// Output file; `-` is standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT", default_value = "-")]
    pub(crate) output: PathBuf,
    /// Leave out functions whose counts are all zero.
    #[arg(long)]
    pub(crate) sparse: bool,
    /// When the merge fails.
    #[arg(long = "failure-mode", value_enum, default_value = "any")]
    pub(crate) failure_mode: FailureModeArg,
    /// Threads to merge with (0: as many as useful).
    #[arg(
        short = 'j',
        long = "num-threads",
        value_name = "N",
        default_value_t = 0
    )]
    pub(crate) num_threads: usize,
    /// Write a text profile.
    #[arg(long, conflicts_with = "binary")]
    pub(crate) text: bool,
    /// Write an indexed profile (the default).
    #[arg(long)]
    pub(crate) binary: bool,
    /// Write the previous indexed version, as llvm-profdata 22 does (11).
    #[arg(long = "write-prev-version", conflicts_with = "profile_version")]
    pub(crate) write_prev_version: bool,
    /// The indexed version to write: 13 (LLVM 22, the default), 12 (LLVM 19
    /// to 21) or 11 (LLVM 18).
    #[arg(long = "profile-version", value_name = "N", value_parser = ["11", "12", "13"])]
    pub(crate) profile_version: Option<String>,
}

/// Options of `show`.
#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The profile.
    pub(crate) file: PathBuf,
    /// List every function.
    #[arg(long = "all-functions")]
    pub(crate) all_functions: bool,
    /// Show each listed function's block counts.
    #[arg(long)]
    pub(crate) counts: bool,
    /// Print listed functions as a text profile.
    #[arg(long)]
    pub(crate) text: bool,
    /// Print the binary IDs after the summary.
    #[arg(long = "binary-ids")]
    pub(crate) binary_ids: bool,
    /// The llvm-profdata release whose output to reproduce (13 to 22).
    #[arg(long = "llvm-version", value_name = "N", default_value_t = 22)]
    pub(crate) llvm_version: u32,
    /// Output file; `-` is standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT", default_value = "-")]
    pub(crate) output: PathBuf,
}

/// Options of `dump`.
#[derive(Debug, Args)]
pub(crate) struct DumpArgs {
    /// The profile (raw or indexed) or instrumented binary (ELF, Mach-O,
    /// COFF, Wasm, archive).
    pub(crate) file: PathBuf,
    /// For binaries: end with counts of functions and regions, per kind.
    #[arg(long)]
    pub(crate) stats: bool,
    /// For universal binaries: the architecture to read (x86_64, arm64, ...).
    #[arg(long, value_name = "ARCH")]
    pub(crate) arch: Option<String>,
}

/// What `export`, `report` and `check` read, spelled as llvm-cov spells
/// it.
#[derive(Debug, Clone, Args)]
pub(crate) struct CoverageArgs {
    /// The instrumented binary (optional with --object-dir).
    #[arg(value_name = "BIN")]
    pub(crate) binary: Option<PathBuf>,
    /// Report only these source files (when none of them is in the
    /// coverage data, every file is reported, as in llvm-cov).
    #[arg(value_name = "SOURCES")]
    pub(crate) sources: Vec<PathBuf>,
    /// Leave out files whose name this regular expression finds
    /// (repeatable).
    #[arg(long = "ignore-filename-regex", value_name = "REGEX")]
    pub(crate) ignore_filename_regex: Vec<String>,
    /// FROM,TO: source-file arguments under TO stand for coverage names
    /// under FROM (repeatable; the names reported do not change).
    #[arg(long = "path-equivalence", value_name = "FROM,TO")]
    pub(crate) path_equivalence: Vec<String>,
    /// More instrumented binaries or objects.
    #[arg(long = "object", value_name = "BIN")]
    pub(crate) objects: Vec<PathBuf>,
    /// Find the binaries under DIR (repeatable): executables and libraries
    /// whose build ID a raw profile recorded. Profiles whose binary ID
    /// matches nothing found are left out, with a warning.
    #[arg(long = "object-dir", value_name = "DIR")]
    pub(crate) object_dirs: Vec<PathBuf>,
    /// Profiles: indexed, raw or text, directories of them, or glob
    /// patterns (`prof/*.profraw`); several are merged in memory.
    #[arg(long = "instr-profile", value_name = "PROFILE", required = true)]
    pub(crate) instr_profile: Vec<PathBuf>,
    /// When a profile cannot be read: `any` fails (the default), `warn`
    /// leaves it out with a warning naming it, `all` fails only when no
    /// profile can be read.
    #[arg(long = "failure-mode", value_enum, default_value = "any")]
    pub(crate) failure_mode: FailureModeArg,
    /// Threads to merge raw profiles with (0: as many as useful).
    #[arg(
        short = 'j',
        long = "num-threads",
        value_name = "N",
        default_value_t = 0
    )]
    pub(crate) num_threads: usize,
    /// The architecture of a universal binary.
    #[arg(long, value_name = "ARCH")]
    pub(crate) arch: Option<String>,
    /// The directory relative filenames are joined to, instead of the one
    /// each translation unit recorded.
    #[arg(long = "compilation-dir", value_name = "DIR")]
    pub(crate) compilation_dir: Option<String>,
    /// Print function names demangled (Rust v0 and legacy, C++), in every
    /// format; llvm-cov prints them mangled.
    #[arg(long)]
    pub(crate) demangle: bool,
    /// llvm-cov's external demangler (`rustfilt`, `c++filt`,
    /// `llvm-cxxfilt`): accepted for compatibility, and the same as
    /// --demangle, which needs no program.
    #[arg(long = "Xdemangler", value_name = "PROGRAM", hide_short_help = true)]
    pub(crate) xdemangler: Vec<String>,
}

/// Options of `export`, spelled as `llvm-cov export` spells them.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    pub(crate) coverage: CoverageArgs,
    /// Output format: `text` (llvm-cov's JSON; `json` is the same), `lcov`,
    /// `cobertura` or `sonar` (SonarQube generic coverage).
    #[arg(long, value_name = "FORMAT",
          value_parser = ["text", "json", "lcov", "cobertura", "sonar"], default_value = "text")]
    pub(crate) format: String,
    #[command(flatten)]
    pub(crate) xml: XmlArgs,
    /// Leave out per-function data (lcov: FN and FNDA lines).
    #[arg(long = "skip-functions")]
    pub(crate) skip_functions: bool,
    /// Leave out BRDA, BRF and BRH lines (lcov).
    #[arg(long = "skip-branches")]
    pub(crate) skip_branches: bool,
    /// Leave out the expansions of each file (JSON).
    #[arg(long = "skip-expansions")]
    pub(crate) skip_expansions: bool,
    /// Only the summary of each file.
    #[arg(long = "summary-only")]
    pub(crate) summary_only: bool,
    /// Add up the branches of a template's instantiations (the default).
    #[arg(
        long = "unify-instantiations",
        value_name = "BOOL",
        default_value_t = true,
        action = clap::ArgAction::Set
    )]
    pub(crate) unify_instantiations: bool,
    /// Output file (`-` is standard output), or FORMAT=PATH to write one
    /// more format from the same run (repeatable).
    #[arg(short = 'o', long = "output", value_name = "[FORMAT=]PATH")]
    pub(crate) output: Vec<PathBuf>,
}

/// Options of the Cobertura and Sonar writers.
#[derive(Debug, Args)]
pub(crate) struct XmlArgs {
    /// Paths in Cobertura and Sonar reports are relative to this directory.
    #[arg(long = "source-root", value_name = "DIR")]
    pub(crate) source_root: Option<String>,
    /// Write a Cobertura report larger than SIZE (bytes, or with K, KiB, M,
    /// MiB) as parts NAME.1.xml, NAME.2.xml, ... of at most SIZE each;
    /// GitLab takes at most 10MiB.
    #[arg(long = "cobertura-max-size", value_name = "SIZE",
          value_parser = crate::outputs::parse_size)]
    pub(crate) cobertura_max_size: Option<usize>,
}

/// Options of `convert`.
#[derive(Debug, Args)]
pub(crate) struct ConvertArgs {
    /// lcov tracefiles (`-` is standard input); several are merged: counts
    /// of the same file, line, branch and function add up.
    #[arg(value_name = "INPUTS", required = true)]
    pub(crate) inputs: Vec<PathBuf>,
    /// Output format: `cobertura`, `sonar` (SonarQube generic coverage) or
    /// `lcov`.
    #[arg(long, value_name = "FORMAT",
          value_parser = ["cobertura", "sonar", "lcov"], default_value = "cobertura")]
    pub(crate) format: String,
    #[command(flatten)]
    pub(crate) xml: XmlArgs,
    /// Demangle function names (Rust v0 and legacy, C++).
    #[arg(long)]
    pub(crate) demangle: bool,
    /// Output file (`-` is standard output), or FORMAT=PATH to write one
    /// more format (repeatable).
    #[arg(short = 'o', long = "output", value_name = "[FORMAT=]PATH")]
    pub(crate) output: Vec<PathBuf>,
}

/// Options of `report`, spelled as `llvm-cov report` spells them.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    #[command(flatten)]
    pub(crate) coverage: CoverageArgs,
    /// Output format: only `text`.
    #[arg(long, value_name = "FORMAT", value_parser = ["text"], default_value = "text")]
    pub(crate) format: String,
    /// Show a table of functions for each source file given.
    #[arg(long = "show-functions", value_name = "BOOL", num_args = 0..=1,
          default_value_t = false, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub(crate) show_functions: bool,
    /// Show the region columns.
    #[arg(long = "show-region-summary", value_name = "BOOL", num_args = 0..=1,
          default_value_t = true, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub(crate) show_region_summary: bool,
    /// Show the branch columns.
    #[arg(long = "show-branch-summary", value_name = "BOOL", num_args = 0..=1,
          default_value_t = true, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub(crate) show_branch_summary: bool,
    /// Show the instantiation columns.
    #[arg(long = "show-instantiation-summary", value_name = "BOOL", num_args = 0..=1,
          default_value_t = false, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub(crate) show_instantiation_summary: bool,
    /// Show the MC/DC columns.
    #[arg(long = "show-mcdc-summary", value_name = "BOOL", num_args = 0..=1,
          default_value_t = false, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub(crate) show_mcdc_summary: bool,
    /// Colour the table (default: when standard output is a terminal).
    #[arg(long = "use-color", value_name = "BOOL", num_args = 0..=1,
          default_missing_value = "true", action = clap::ArgAction::Set)]
    pub(crate) use_color: Option<bool>,
}

/// The short options that take no value, which can be grouped (`-qv`).
const SHORT_FLAGS: &str = "qvhV";

/// `--baseline-mode` values, as rust-vmm-ci's `--profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum BaselineMode {
    /// The coverage must stay within the tolerance of `coverage_score`.
    Ci,
    /// A rise beyond the tolerance rewrites `coverage_score`.
    Devel,
}

/// Options of `check`: what `report` reads, then the gates.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) coverage: CoverageArgs,
    /// Fail when the line coverage is under PCT percent.
    #[arg(long = "fail-under-lines", value_name = "PCT",
          value_parser = crate::check::parse_percent, help_heading = "Gates")]
    pub(crate) fail_under_lines: Option<f64>,
    /// Fail when the region coverage is under PCT percent.
    #[arg(long = "fail-under-regions", value_name = "PCT",
          value_parser = crate::check::parse_percent, help_heading = "Gates")]
    pub(crate) fail_under_regions: Option<f64>,
    /// Fail when the function coverage is under PCT percent.
    #[arg(long = "fail-under-functions", value_name = "PCT",
          value_parser = crate::check::parse_percent, help_heading = "Gates")]
    pub(crate) fail_under_functions: Option<f64>,
    /// Fail when the branch coverage is under PCT percent.
    #[arg(long = "fail-under-branches", value_name = "PCT",
          value_parser = crate::check::parse_percent, help_heading = "Gates")]
    pub(crate) fail_under_branches: Option<f64>,
    /// Fail when more than N lines are uncovered.
    #[arg(
        long = "fail-uncovered-lines",
        value_name = "N",
        help_heading = "Gates"
    )]
    pub(crate) fail_uncovered_lines: Option<usize>,
    /// Fail when more than N regions are uncovered.
    #[arg(
        long = "fail-uncovered-regions",
        value_name = "N",
        help_heading = "Gates"
    )]
    pub(crate) fail_uncovered_regions: Option<usize>,
    /// Fail when more than N functions are uncovered.
    #[arg(
        long = "fail-uncovered-functions",
        value_name = "N",
        help_heading = "Gates"
    )]
    pub(crate) fail_uncovered_functions: Option<usize>,
    /// Fail when more than N branches are uncovered.
    #[arg(
        long = "fail-uncovered-branches",
        value_name = "N",
        help_heading = "Gates"
    )]
    pub(crate) fail_uncovered_branches: Option<usize>,
    /// Fail when the line coverage of any file is under PCT percent (files
    /// without lines are left out).
    #[arg(long = "fail-under-file-lines", value_name = "PCT",
          value_parser = crate::check::parse_percent, help_heading = "Gates")]
    pub(crate) fail_under_file_lines: Option<f64>,
    /// A rust-vmm-ci `coverage_config_<arch>.json` to compare the line
    /// coverage with; alone or `auto`, the nearest one under the current
    /// directory (breadth first). Alone, it must not come right before BIN
    /// (write `--baseline=auto` there).
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "auto",
          help_heading = "Baseline")]
    pub(crate) baseline: Option<PathBuf>,
    /// `ci`: fail when the line coverage left the tolerance of the
    /// baseline either way; `devel`: rewrite the baseline when it rose.
    #[arg(
        long = "baseline-mode",
        value_enum,
        default_value = "ci",
        help_heading = "Baseline"
    )]
    pub(crate) baseline_mode: BaselineMode,
    /// How far, in percentage points, the line coverage may move from the
    /// baseline either way.
    #[arg(long, value_name = "PCT", default_value_t = 0.5,
          value_parser = crate::check::parse_tolerance, help_heading = "Baseline")]
    pub(crate) tolerance: f64,
}

/// Long option names that llvm-profdata and llvm-cov also accept with one
/// dash.
const LONG_NAMES: &[&str] = &[
    "all-functions",
    "arch",
    "baseline",
    "baseline-mode",
    "binary",
    "binary-ids",
    "cobertura-max-size",
    "compilation-dir",
    "counts",
    "demangle",
    "fail-uncovered-branches",
    "fail-uncovered-functions",
    "fail-uncovered-lines",
    "fail-uncovered-regions",
    "fail-under-branches",
    "fail-under-file-lines",
    "fail-under-functions",
    "fail-under-lines",
    "fail-under-regions",
    "failure-mode",
    "format",
    "help",
    "ignore-filename-regex",
    "input-files",
    "instr",
    "instr-profile",
    "llvm-version",
    "num-threads",
    "object",
    "object-dir",
    "output",
    "path-equivalence",
    "profile-version",
    "quiet",
    "show-branch-summary",
    "show-functions",
    "show-instantiation-summary",
    "show-mcdc-summary",
    "show-region-summary",
    "skip-branches",
    "skip-expansions",
    "skip-functions",
    "source-root",
    "sparse",
    "stats",
    "summary-only",
    "text",
    "tolerance",
    "unify-instantiations",
    "use-color",
    "verbose",
    "version",
    "weighted-input",
    "write-prev-version",
    "Xdemangler",
];

/// Rewrites `-name` and `-name=value` to `--name...` for the long option
/// names profconv knows, and for anything else that looks like a long
/// option (three or more letters and dashes), so that clap names an
/// unknown one and suggests the nearest. Short options (`-o FILE`, `-j2`,
/// `-vv`), `-`, values with other characters and anything after `--` are
/// left alone.
pub(crate) fn normalize(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut out = Vec::new();
    let mut rest = false;
    for arg in args {
        if rest {
            out.push(arg);
            continue;
        }
        if arg == "--" {
            rest = true;
            out.push(arg);
            continue;
        }
        let rewritten = arg.to_str().and_then(|s| {
            let name = s.strip_prefix('-').filter(|n| !n.starts_with('-'))?;
            let key = name.split_once('=').map_or(name, |(k, _)| k);
            let long_like = key.len() >= 3
                && key.starts_with(|c: char| c.is_ascii_alphabetic())
                && key.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
                && !key.chars().all(|c| SHORT_FLAGS.contains(c));
            (LONG_NAMES.contains(&key) || long_like).then(|| OsString::from(format!("-{s}")))
        });
        out.push(rewritten.unwrap_or(arg));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(args: &[&str]) -> Vec<String> {
        normalize(args.iter().map(OsString::from))
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn single_dash_long_options_become_double_dash() {
        assert_eq!(
            norm(&[
                "profconv",
                "merge",
                "-sparse",
                "-output=x",
                "-o",
                "y",
                "-j",
                "2",
                "-",
                "--",
                "-text"
            ]),
            [
                "profconv",
                "merge",
                "--sparse",
                "--output=x",
                "-o",
                "y",
                "-j",
                "2",
                "-",
                "--",
                "-text"
            ]
        );
        assert_eq!(
            norm(&["p", "show", "-all-functions", "--counts", "-unknown"]),
            ["p", "show", "--all-functions", "--counts", "--unknown"]
        );
        assert_eq!(
            norm(&["p", "-vv", "-qv", "-j2", "-oout.profdata", "-x", "-7"]),
            ["p", "-vv", "-qv", "-j2", "-oout.profdata", "-x", "-7"]
        );
    }

    #[test]
    fn the_command_line_parses() {
        let cli = Cli::try_parse_from(norm(&[
            "profconv",
            "merge",
            "-sparse",
            "--weighted-input=3,a.profraw",
            "-failure-mode=all",
            "-o",
            "out.profdata",
            "b.profraw",
        ]))
        .unwrap();
        let Command::Merge(m) = cli.command else {
            panic!("not merge")
        };
        assert!(m.sparse && !m.text);
        assert_eq!(m.weighted, ["3,a.profraw"]);
        assert_eq!(m.failure_mode, FailureModeArg::All);
        assert_eq!(m.output, PathBuf::from("out.profdata"));
        assert_eq!(m.inputs, [PathBuf::from("b.profraw")]);
    }
}
