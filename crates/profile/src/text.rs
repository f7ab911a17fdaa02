//! Text profiles (`.proftext`): reader and writer, as LLVM 22's
//! `TextInstrProfReader` reads them and `InstrProfWriter::writeText` /
//! `writeRecordInText` write them.
//!
//! The text format is line based. Lines end with `\n` or `\r\n`; empty lines
//! and lines starting with `#` are skipped everywhere (LLVM's
//! `line_iterator` with blank skipping and `#` comments), so the writer's
//! `# Func Hash:`-style comments are only decoration. A file starts with
//! optional header lines (`:ir`, `:fe`, `:csir`, `:entry_first`,
//! `:not_entry_first`, `:instrument_loop_entries`, `:single_byte_coverage`,
//! `:temporal_prof_traces` followed by its traces; case-insensitive), then
//! holds one record after another:
//!
//! ```text
//! name
//! hash            (decimal, or 0x/0b/0o/0-prefixed as LLVM's getAsInteger(0))
//! counter count   (decimal, > 0)
//! counts          (one decimal per line)
//! $N              (optional, LLVM 18+: N MC/DC bitmap bytes follow, 0xNN)
//! value data      (optional: kinds, then per kind: kind, site count, and per
//!                  site: value count and `value:count` lines; indirect-call
//!                  and vtable targets are names, `** External Symbol **`
//!                  for unknown ones)
//! ```
//!
//! The format is unchanged from LLVM 11 to 22 apart from the bitmap lines
//! (18), `:temporal_prof_traces` (17), `:instrument_loop_entries` (20) and
//! the vtable value kind (19). The writer output was checked byte for byte
//! against `llvm-profdata-22 merge --text` and `show --text`.

mod reader;
mod writer;

pub use reader::{TemporalTrace, TemporalTraces, TextProfile, looks_like_text};
pub use writer::{EXTERNAL_SYMBOL, Symbols, WriteOptions, write, write_header, write_record};
