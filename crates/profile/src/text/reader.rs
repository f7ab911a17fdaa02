//! The text-profile reader (`TextInstrProfReader` in LLVM 22's
//! `InstrProfReader.cpp`), including its quirks: a line after the counters
//! (and bitmap) that is not a `u32` is the next record's name rather than a
//! value-kind count, whitespace is never trimmed around numbers except
//! after `$`, and everything after the first NUL byte is ignored (LLVM's
//! buffers are NUL-terminated).

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::format;
use crate::names::name_hash;
use crate::record::{Record, ValueData, ValueKind, ValueProfile, Variant};

use super::writer::EXTERNAL_SYMBOL;

/// Temporal profile traces from a `:temporal_prof_traces` header (LLVM 17).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemporalTraces {
    /// How many traces the profiling runs produced (the reservoir may hold
    /// fewer).
    pub stream_size: u64,
    /// The stored traces.
    pub traces: Vec<TemporalTrace>,
}

/// One temporal profile trace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemporalTrace {
    /// The trace's weight.
    pub weight: u64,
    /// The functions in first-call order, as name hashes
    /// ([`name_hash`](crate::names::name_hash)).
    pub names: Vec<u64>,
}

/// A decoded text profile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextProfile<'data> {
    /// The variant flags the header lines select.
    pub variant: Variant,
    /// Whether a `:fe` header marks the profile as front-end explicitly. LLVM
    /// 14 and later only treat such profiles as front-end when checking
    /// that inputs can be merged; raw and indexed front-end profiles carry
    /// no flag at all.
    pub front_end: bool,
    /// The temporal traces, when a `:temporal_prof_traces` header is present.
    pub temporal: Option<TemporalTraces>,
    /// The records, in file order.
    pub records: Vec<Record<'data>>,
    /// The indirect-call and vtable target names seen in value data, in
    /// file order (their hashes are what the records store).
    pub value_names: Vec<&'data [u8]>,
}

/// Whether `data` looks like a text profile, as LLVM decides it
/// (`TextInstrProfReader::hasFormat`): its first eight bytes (or fewer, in a
/// shorter file) are printable ASCII or white space.
#[must_use]
pub fn looks_like_text(data: &[u8]) -> bool {
    data.iter()
        .take(8)
        .all(|&c| (0x20..=0x7e).contains(&c) || matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
}

/// One significant line: its text (without the line end), its 1-based line
/// number and the absolute offset of its first byte.
#[derive(Debug, Clone, Copy)]
struct Line<'data> {
    text: &'data [u8],
    number: u64,
    offset: u64,
}

/// LLVM's `line_iterator(Buffer, /*SkipBlanks=*/true, '#')`: yields the
/// lines that are neither empty nor comments.
#[derive(Debug)]
struct Lines<'data> {
    rest: &'data [u8],
    offset: u64,
    number: u64,
    peeked: Option<Line<'data>>,
}

impl<'data> Lines<'data> {
    fn new(data: &'data [u8]) -> Self {
        let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
        let (data, _) = data.split_at(end);
        Lines {
            rest: data,
            offset: 0,
            number: 0,
            peeked: None,
        }
    }

    fn advance(&mut self) -> Option<Line<'data>> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            self.number += 1;
            let start = self.offset;
            let (text, consumed) = match self.rest.iter().position(|&b| b == b'\n') {
                Some(nl) => {
                    let (text, _) = self.rest.split_at(nl);
                    let text = text.strip_suffix(b"\r").unwrap_or(text);
                    (text, nl + 1)
                }
                None => (self.rest, self.rest.len()),
            };
            let (_, rest) = self.rest.split_at(consumed);
            self.rest = rest;
            self.offset += consumed as u64;
            if text.is_empty() || text.first() == Some(&b'#') {
                continue;
            }
            return Some(Line {
                text,
                number: self.number,
                offset: start,
            });
        }
    }

    fn peek(&mut self) -> Option<Line<'data>> {
        if self.peeked.is_none() {
            self.peeked = self.advance();
        }
        self.peeked
    }

    fn next(&mut self) -> Option<Line<'data>> {
        match self.peeked.take() {
            Some(line) => Some(line),
            None => self.advance(),
        }
    }

    /// The next line, or a truncation error naming what was expected.
    fn expect(&mut self, what: &str) -> Result<Line<'data>> {
        match self.next() {
            Some(line) => Ok(line),
            None => Err(Error::malformed(
                format!(
                    "line {}: truncated text profile: expected {what}",
                    self.number + 1
                ),
                self.offset,
            )),
        }
    }
}

fn malformed(line: &Line<'_>, message: &str) -> Error {
    Error::malformed(
        format!(
            "line {}: {message}: '{}'",
            line.number,
            String::from_utf8_lossy(line.text)
        ),
        line.offset,
    )
}

/// Parses all of `text` as an unsigned integer in `radix` (LLVM's
/// `getAsInteger(radix, ..)` for a non-zero radix): no sign, no spaces, no
/// overflow.
pub(crate) fn parse_radix(text: &[u8], radix: u32) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.iter().try_fold(0u64, |acc, &c| {
        let digit = char::from(c).to_digit(radix)?;
        acc.checked_mul(u64::from(radix))?
            .checked_add(u64::from(digit))
    })
}

/// `getAsInteger(0, ..)`: the radix is sensed from a `0x`, `0b` (either
/// case), `0o` or `0` prefix, else decimal.
pub(crate) fn parse_auto(text: &[u8]) -> Option<u64> {
    let lower: Option<[u8; 2]> = text
        .first_chunk::<2>()
        .map(|p| [p[0], p[1].to_ascii_lowercase()]);
    match lower {
        Some([b'0', b'x']) => parse_radix(text.get(2..)?, 16),
        Some([b'0', b'b']) => parse_radix(text.get(2..)?, 2),
        _ if text.starts_with(b"0o") => parse_radix(text.get(2..)?, 8),
        Some([b'0', d]) if d.is_ascii_digit() => parse_radix(text.get(1..)?, 8),
        _ => parse_radix(text, 10),
    }
}

/// `StringRef::trim()`: drops leading and trailing `" \t\n\v\f\r"`.
fn trim(text: &[u8]) -> &[u8] {
    let ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let start = text.iter().position(|c| !ws(c)).unwrap_or(text.len());
    let end = text.iter().rposition(|c| !ws(c)).map_or(start, |i| i + 1);
    text.get(start..end).unwrap_or_default()
}

fn read_u32(lines: &mut Lines<'_>, what: &str) -> Result<u32> {
    let line = lines.expect(what)?;
    parse_radix(line.text, 10)
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(|| malformed(&line, &format!("{what} is not a valid integer")))
}

impl<'data> TextProfile<'data> {
    /// Decodes the text profile `data`.
    ///
    /// # Errors
    ///
    /// An unknown header line, a number that does not parse, a counter
    /// count of zero, too many value kinds or an unknown kind, and data that
    /// ends inside a record. Messages name the line and end with its offset:
    /// `line 7: count is invalid: 'x' (at offset 0x2a)`.
    pub fn parse(data: &'data [u8]) -> Result<Self> {
        let mut lines = Lines::new(data);
        let mut profile = TextProfile::default();
        profile.read_header(&mut lines)?;
        while let Some(name) = lines.next() {
            let record = profile.read_record(&mut lines, name)?;
            profile.records.push(record);
        }
        Ok(profile)
    }

    fn read_header(&mut self, lines: &mut Lines<'data>) -> Result<()> {
        while let Some(line) = lines.peek() {
            let Some(flag) = line.text.strip_prefix(b":") else {
                break;
            };
            lines.next();
            let flag = flag.to_ascii_lowercase();
            let bits = &mut self.variant.0;
            match flag.as_slice() {
                b"ir" => *bits |= format::VARIANT_MASK_IR_PROF,
                b"fe" => self.front_end = true,
                b"csir" => *bits |= format::VARIANT_MASK_IR_PROF | format::VARIANT_MASK_CSIR_PROF,
                b"entry_first" => *bits |= format::VARIANT_MASK_INSTR_ENTRY,
                b"not_entry_first" => *bits &= !format::VARIANT_MASK_INSTR_ENTRY,
                b"instrument_loop_entries" => *bits |= format::VARIANT_MASK_INSTR_LOOP_ENTRIES,
                b"single_byte_coverage" => *bits |= format::VARIANT_MASK_BYTE_COVERAGE,
                b"temporal_prof_traces" => {
                    *bits |= format::VARIANT_MASK_TEMPORAL_PROF;
                    self.temporal = Some(read_traces(lines)?);
                }
                _ => return Err(malformed(&line, "unknown header line")),
            }
        }
        Ok(())
    }

    fn read_record(
        &mut self,
        lines: &mut Lines<'data>,
        name: Line<'data>,
    ) -> Result<Record<'data>> {
        let hash_line = lines.expect("a function hash")?;
        let hash = parse_auto(hash_line.text)
            .ok_or_else(|| malformed(&hash_line, "function hash is not a valid integer"))?;
        let count_line = lines.expect("a counter count")?;
        let num_counters = parse_radix(count_line.text, 10)
            .ok_or_else(|| malformed(&count_line, "number of counters is not a valid integer"))?;
        if num_counters == 0 {
            return Err(malformed(&count_line, "number of counters is zero"));
        }
        // Every count takes a line, so the loop is bounded by the input.
        let mut counts = Vec::new();
        for _ in 0..num_counters {
            let line = lines.expect("a counter value")?;
            counts.push(
                parse_radix(line.text, 10).ok_or_else(|| malformed(&line, "count is invalid"))?,
            );
        }
        let mut bitmap = Vec::new();
        if let Some(line) = lines.peek().filter(|l| l.text.starts_with(b"$")) {
            lines.next();
            let num = parse_auto(trim(line.text.get(1..).unwrap_or_default()))
                .ok_or_else(|| malformed(&line, "number of bitmap bytes is not a valid integer"))?;
            for _ in 0..num {
                let line = lines.expect("a bitmap byte")?;
                let byte = parse_auto(line.text)
                    .and_then(|b| u8::try_from(b).ok())
                    .ok_or_else(|| malformed(&line, "bitmap byte is not a valid integer"))?;
                bitmap.push(byte);
            }
        }
        let values = self.read_value_data(lines)?;
        Ok(Record {
            name: Cow::Borrowed(name.text),
            hash,
            counts,
            bitmap,
            values,
        })
    }

    fn read_value_data(&mut self, lines: &mut Lines<'data>) -> Result<ValueProfile> {
        let mut values = ValueProfile::default();
        // A line that is not a u32 is not value data but the next record.
        let Some(first) = lines.peek() else {
            return Ok(values);
        };
        let Some(num_kinds) = parse_radix(first.text, 10).and_then(|n| u32::try_from(n).ok())
        else {
            return Ok(values);
        };
        lines.next();
        if num_kinds == 0 || num_kinds > 3 {
            return Err(malformed(&first, "number of value kinds is invalid"));
        }
        for _ in 0..num_kinds {
            let kind_line = lines.peek();
            let kind = read_u32(lines, "value kind")?;
            let Some(kind) = ValueKind::from_u32(kind) else {
                return Err(kind_line.map_or_else(
                    || Error::malformed("value kind is invalid", lines.offset),
                    |l| malformed(&l, "value kind is invalid"),
                ));
            };
            let num_sites = read_u32(lines, "number of value sites")?;
            for _ in 0..num_sites {
                let num_values = read_u32(lines, "number of values")?;
                let mut site = Vec::new();
                for _ in 0..num_values {
                    let line = lines.expect("a value")?;
                    site.push(self.read_value(&line, kind)?);
                }
                let index = kind.as_u32() as usize;
                if let Some(sites) = values.sites.get_mut(index) {
                    sites.push(site);
                }
            }
        }
        Ok(values)
    }

    fn read_value(&mut self, line: &Line<'data>, kind: ValueKind) -> Result<ValueData> {
        let (value, count) = match line.text.iter().rposition(|&b| b == b':') {
            Some(colon) => {
                let (value, count) = line.text.split_at(colon);
                (value, count.get(1..).unwrap_or_default())
            }
            None => (line.text, &b""[..]),
        };
        let value = match kind {
            ValueKind::IndirectCallTarget | ValueKind::VTableTarget => {
                if value == EXTERNAL_SYMBOL.as_bytes() {
                    0
                } else {
                    self.value_names.push(value);
                    name_hash(value)
                }
            }
            ValueKind::MemOpSize => parse_radix(value, 10)
                .ok_or_else(|| malformed(line, "value is not a valid integer"))?,
        };
        let count = parse_radix(count, 10)
            .ok_or_else(|| malformed(line, "value count is not a valid integer"))?;
        Ok(ValueData { value, count })
    }
}

fn read_traces(lines: &mut Lines<'_>) -> Result<TemporalTraces> {
    let line = lines.expect("the number of temporal traces")?;
    let count = parse_auto(line.text)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| malformed(&line, "number of temporal traces is not a valid integer"))?;
    let line = lines.expect("the temporal trace stream size")?;
    let stream_size = parse_auto(line.text)
        .ok_or_else(|| malformed(&line, "temporal trace stream size is not a valid integer"))?;
    let mut traces = Vec::new();
    for _ in 0..count {
        let line = lines.expect("a temporal trace weight")?;
        let weight = parse_auto(line.text)
            .ok_or_else(|| malformed(&line, "temporal trace weight is not a valid integer"))?;
        let line = lines.expect("a temporal trace")?;
        let names = line
            .text
            .split(|&b| b == b',')
            .filter(|n| !n.is_empty())
            .map(|n| name_hash(trim(n)))
            .collect();
        traces.push(TemporalTrace { weight, names });
    }
    Ok(TemporalTraces {
        stream_size,
        traces,
    })
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_as_llvm_get_as_integer() {
        assert_eq!(parse_auto(b"24"), Some(24));
        assert_eq!(parse_auto(b"0x1F"), Some(31));
        assert_eq!(parse_auto(b"0X1f"), Some(31));
        assert_eq!(parse_auto(b"0b101"), Some(5));
        assert_eq!(parse_auto(b"0o17"), Some(15));
        assert_eq!(parse_auto(b"017"), Some(15));
        assert_eq!(parse_auto(b"0"), Some(0));
        assert_eq!(parse_auto(b"0x"), None);
        assert_eq!(parse_auto(b"08"), None);
        assert_eq!(parse_auto(b" 1"), None);
        assert_eq!(parse_auto(b"18446744073709551616"), None);
        assert_eq!(parse_radix(b"18446744073709551615", 10), Some(u64::MAX));
        assert_eq!(parse_radix(b"0x10", 10), None);
        assert_eq!(parse_radix(b"", 10), None);
        assert_eq!(trim(b" \t$1 \r"), b"$1");
        assert_eq!(trim(b"  "), b"");
    }

    #[test]
    fn header_flags_records_bitmap_and_values() {
        let text = b":IR\n:entry_first\n:not_entry_first\n:single_byte_coverage\n\
            # comment\n\nmain\n# Func Hash:\n0x10\n2\n1\r\n7\n$ 2\n0x5\n0\n\
            2\n0\n1\n2\nfoo:3\n** External Symbol **:1\n1\n1\n1\n8:9\nnext\n3\n1\n4\n";
        let p = TextProfile::parse(text).unwrap();
        assert!(p.variant.is_ir() && p.variant.is_byte_coverage() && !p.variant.is_entry_first());
        assert!(!p.front_end);
        assert_eq!(p.records.len(), 2);
        let main = &p.records[0];
        assert_eq!(
            (&*main.name, main.hash, &main.counts[..]),
            (&b"main"[..], 16, &[1, 7][..])
        );
        assert_eq!(main.bitmap, [5, 0]);
        let ic = main.values.sites(ValueKind::IndirectCallTarget);
        assert_eq!(
            ic,
            [vec![
                ValueData {
                    value: name_hash(b"foo"),
                    count: 3
                },
                ValueData { value: 0, count: 1 }
            ]]
        );
        assert_eq!(
            main.values.sites(ValueKind::MemOpSize),
            [vec![ValueData { value: 8, count: 9 }]]
        );
        assert_eq!(p.value_names, [&b"foo"[..]]);
        assert_eq!(
            (&*p.records[1].name, p.records[1].counts.as_slice()),
            (&b"next"[..], &[4][..])
        );
    }

    #[test]
    fn a_numeric_line_after_counts_is_value_data_else_a_name() {
        // "x" is not a u32, so it names the next record.
        let p = TextProfile::parse(b"f\n1\n1\n5\nx\n2\n1\n6\n").unwrap();
        assert_eq!(p.records.len(), 2);
        // "0" is a u32, so it is read as a (bad) value-kind count.
        let err = TextProfile::parse(b"f\n1\n1\n5\n0\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 5: number of value kinds is invalid: '0' (at offset 0x8)"
        );
    }

    #[test]
    fn errors_name_the_line_and_offset() {
        let cases: [(&[u8], &str); 6] = [
            (
                b":bogus\n",
                "line 1: unknown header line: ':bogus' (at offset 0x0)",
            ),
            (
                b"f\nx\n",
                "line 2: function hash is not a valid integer: 'x' (at offset 0x2)",
            ),
            (
                b"f\n1\n0\n",
                "line 3: number of counters is zero: '0' (at offset 0x4)",
            ),
            (
                b"f\n1\n2\n5\n-1\n",
                "line 5: count is invalid: '-1' (at offset 0x8)",
            ),
            (
                b"f\n1\n2\n5\n",
                "line 5: truncated text profile: expected a counter value (at offset 0x8)",
            ),
            (
                b"f\n1\n1\n5\n$1\n0x100\n",
                "line 6: bitmap byte is not a valid integer: '0x100' (at offset 0xb)",
            ),
        ];
        for (text, message) in cases {
            let err = TextProfile::parse(text).unwrap_err();
            assert_eq!(
                err.to_string(),
                message,
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn temporal_traces_and_nul_end() {
        let p = TextProfile::parse(
            b":ir\n:temporal_prof_traces\n1\n5\n# Weight:\n3\nf, g,\nf\n1\n1\n5\n\0junk",
        )
        .unwrap();
        assert!(p.variant.is_temporal());
        let t = p.temporal.unwrap();
        assert_eq!(t.stream_size, 5);
        assert_eq!(
            t.traces,
            [TemporalTrace {
                weight: 3,
                names: vec![name_hash(b"f"), name_hash(b"g")]
            }]
        );
        assert_eq!(p.records.len(), 1);
    }

    #[test]
    fn text_detection_looks_at_eight_bytes() {
        assert!(looks_like_text(b"main\n# Func"));
        assert!(looks_like_text(b"ab"));
        assert!(!looks_like_text(b"\xfflprofr\x81"));
        assert!(!looks_like_text(b"abcdefg\x01"));
        assert!(looks_like_text(b"abcdefgh\x01"));
    }
}
