//! The lcov tracefile reader, [`read()`](super::read); the format it
//! accepts and its decisions are in the [parent module](super).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::error::{Error, ErrorKind, shorten};
use crate::tracefile::{BranchEntry, FileRecord, FunctionEntry, Tracefile, add_taken};

/// The summary records: read, checked, and recomputed rather than trusted.
const TOTALS: [&str; 8] = ["FNF", "FNH", "BRF", "BRH", "LF", "LH", "MCF", "MCH"];

/// Something the reader accepted but changed or left out, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The 1-based line of the input.
    pub line: u64,
    /// What happened.
    pub kind: DiagnosticKind,
}

/// What a [`Diagnostic`] reports.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// A negative count, read as 0.
    NegativeCount,
    /// A record type the reader does not know, skipped.
    UnknownRecord {
        /// The record type, cut to 40 characters.
        tag: String,
    },
    /// An `MCDC` record, skipped: a [`Tracefile`] holds no MC/DC data.
    McdcSkipped,
    /// A `BRDA` branch expression, replaced by the outcome's position in its
    /// block.
    BranchExpression,
    /// Bytes that are not UTF-8, replaced by U+FFFD.
    InvalidUtf8,
    /// A file section that the next `SF` record or the end of the input
    /// closed, not `end_of_record` (reported at its `SF` line).
    MissingEndOfRecord,
}

impl fmt::Display for DiagnosticKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiagnosticKind::NegativeCount => f.write_str("negative count read as 0"),
            DiagnosticKind::UnknownRecord { tag } => {
                write!(f, "unknown record type {tag:?} skipped")
            }
            DiagnosticKind::McdcSkipped => f.write_str("MCDC record skipped (no MC/DC data kept)"),
            DiagnosticKind::BranchExpression => {
                f.write_str("branch expression replaced by its position in the block")
            }
            DiagnosticKind::InvalidUtf8 => f.write_str("invalid utf-8 replaced by U+FFFD"),
            DiagnosticKind::MissingEndOfRecord => f.write_str("file section without end_of_record"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at line {})", self.kind, self.line)
    }
}

/// Reads an lcov tracefile; see the [module documentation](super#reading)
/// for what is accepted.
///
/// # Errors
///
/// An [`Error`] naming the first line that is not lcov or whose fields do
/// not parse.
pub fn read(data: &[u8]) -> Result<Tracefile, Error> {
    read_with_diagnostics(data).map(|(tracefile, _)| tracefile)
}

/// [`read()`], also returning what was accepted but changed or skipped, in
/// the order found (a missing `end_of_record` is found when its section
/// closes).
///
/// # Errors
///
/// As [`read()`].
pub fn read_with_diagnostics(data: &[u8]) -> Result<(Tracefile, Vec<Diagnostic>), Error> {
    let mut reader = Reader::default();
    let data = data.strip_prefix("\u{feff}".as_bytes()).unwrap_or(data);
    for (number, bytes) in (1u64..).zip(data.split(|&b| b == b'\n')) {
        reader.line = number;
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => {
                reader.note(DiagnosticKind::InvalidUtf8);
                String::from_utf8_lossy(bytes)
            }
        };
        reader.record(text.trim_ascii())?;
    }
    reader.close(false)?;
    let files = reader
        .files
        .into_iter()
        .map(|(path, data)| data.into_record(path))
        .collect();
    Ok((Tracefile { files }, reader.diagnostics))
}

#[derive(Default)]
struct Reader {
    /// The current 1-based line.
    line: u64,
    /// The data of the sections read so far, by path.
    files: BTreeMap<String, FileData>,
    diagnostics: Vec<Diagnostic>,
    section: Option<Section>,
}

/// The data of one file, from one section or merged from several.
#[derive(Default)]
struct FileData {
    functions: Vec<FunctionEntry>,
    by_name: HashMap<String, usize>,
    lines: BTreeMap<u32, u64>,
    branches: BTreeMap<(u32, u32, u32), Option<u64>>,
}

impl FileData {
    /// The function `name`, defined at `line` if it is new.
    fn define(&mut self, name: &str, line: u32, end_line: Option<u32>) -> usize {
        if let Some(&at) = self.by_name.get(name) {
            if let Some(f) = self.functions.get_mut(at) {
                f.end_line = f.end_line.max(end_line);
            }
            return at;
        }
        let at = self.functions.len();
        self.functions.push(FunctionEntry {
            name: name.to_owned(),
            line,
            end_line,
            count: 0,
        });
        self.by_name.insert(name.to_owned(), at);
        at
    }

    fn add_count(&mut self, at: usize, count: u64) {
        if let Some(f) = self.functions.get_mut(at) {
            f.count = f.count.saturating_add(count);
        }
    }

    fn add_line(&mut self, line: u32, count: u64) {
        let slot = self.lines.entry(line).or_insert(0);
        *slot = slot.saturating_add(count);
    }

    fn add_branch(&mut self, key: (u32, u32, u32), taken: Option<u64>) {
        let slot = self.branches.entry(key).or_insert(None);
        *slot = add_taken(*slot, taken);
    }

    /// Adds the data of another section of the same file, in time
    /// proportional to that section, as [`FileRecord::merge`] does.
    fn absorb(&mut self, other: FileData) {
        for f in other.functions {
            let at = self.define(&f.name, f.line, f.end_line);
            self.add_count(at, f.count);
        }
        for (line, count) in other.lines {
            self.add_line(line, count);
        }
        for (key, taken) in other.branches {
            self.add_branch(key, taken);
        }
    }

    fn into_record(self, path: String) -> FileRecord {
        FileRecord {
            path,
            functions: self.functions,
            lines: self.lines,
            branches: self
                .branches
                .into_iter()
                .map(|(key, taken)| BranchEntry::from_key(key, taken))
                .collect(),
        }
    }
}

/// The file section being read.
#[derive(Default)]
struct Section {
    /// The line of its `SF` record.
    line: u64,
    path: String,
    data: FileData,
    /// `FNDA` records before their `FN`: line, name, count.
    pending: Vec<(u64, String, u64)>,
    /// `FNL` records: start and end line by index.
    leaders: HashMap<u64, (u32, Option<u32>)>,
    /// The number of `BRDA` lines read so far for each line and block.
    positions: HashMap<(u32, u32), u32>,
}

/// `what` is wrong with a `record` record.
fn malformed(record: &'static str, what: impl Into<Cow<'static, str>>) -> ErrorKind {
    ErrorKind::Malformed {
        record,
        what: what.into(),
    }
}

impl Reader {
    fn note(&mut self, kind: DiagnosticKind) {
        self.diagnostics.push(Diagnostic {
            line: self.line,
            kind,
        });
    }

    fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.line)
    }

    fn record(&mut self, line: &str) -> Result<(), Error> {
        if line.is_empty() || line.starts_with('#') {
            return Ok(());
        }
        if line == "end_of_record" {
            return self.close(true);
        }
        let Some((tag, rest)) = line.split_once(':') else {
            return Err(self.error(ErrorKind::NotARecord {
                line: shorten(line, 40),
            }));
        };
        let tag = tag.trim_ascii_end();
        let rest = rest.trim_ascii_start();
        if let Some(&record) = TOTALS.iter().find(|&&t| t == tag) {
            self.section(record)?;
            return match parse_count(rest) {
                Some(_) => Ok(()),
                None => Err(self.error(malformed(record, "the total is not a number"))),
            };
        }
        match tag {
            "TN" => Ok(()),
            "SF" | "KF" => self.open(rest),
            "VER" => self.section("VER").map(|_| ()),
            "FN" => self.function(rest),
            "FNDA" => self.function_count(rest),
            "FNL" => self.function_leader(rest),
            "FNA" => self.function_alias(rest),
            "DA" => self.line_count(rest),
            "BRDA" => self.branch(rest),
            "MCDC" => {
                self.section("MCDC")?;
                self.note(DiagnosticKind::McdcSkipped);
                Ok(())
            }
            _ if !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
                self.note(DiagnosticKind::UnknownRecord {
                    tag: shorten(tag, 40),
                });
                Ok(())
            }
            _ => Err(self.error(ErrorKind::NotARecord {
                line: shorten(line, 40),
            })),
        }
    }

    /// The open section, or an error for a `record` outside any.
    fn section(&mut self, record: &'static str) -> Result<&mut Section, Error> {
        let line = self.line;
        self.section
            .as_mut()
            .ok_or_else(|| Error::new(ErrorKind::OutsideFile { record }, line))
    }

    fn open(&mut self, path: &str) -> Result<(), Error> {
        if path.is_empty() {
            return Err(self.error(malformed("SF", "the path is empty")));
        }
        self.close(false)?;
        self.section = Some(Section {
            line: self.line,
            path: path.to_owned(),
            ..Section::default()
        });
        Ok(())
    }

    /// Closes the open section, if any; `ended` when by `end_of_record`.
    fn close(&mut self, ended: bool) -> Result<(), Error> {
        let Some(mut section) = self.section.take() else {
            return Ok(());
        };
        if !ended {
            self.diagnostics.push(Diagnostic {
                line: section.line,
                kind: DiagnosticKind::MissingEndOfRecord,
            });
        }
        for (line, name, count) in std::mem::take(&mut section.pending) {
            match section.data.by_name.get(&name) {
                Some(&at) => section.data.add_count(at, count),
                None => {
                    return Err(Error::new(
                        ErrorKind::UndefinedFunction {
                            name: shorten(&name, 100),
                        },
                        line,
                    ));
                }
            }
        }
        match self.files.get_mut(&section.path) {
            Some(data) => data.absorb(section.data),
            None => {
                self.files.insert(section.path, section.data);
            }
        }
        Ok(())
    }

    /// A count field of `record`; negative counts read as 0, noted.
    fn count(&mut self, record: &'static str, field: &str) -> Result<u64, Error> {
        match parse_count(field) {
            Some(Count::Value(n)) => Ok(n),
            Some(Count::Negative) => {
                self.note(DiagnosticKind::NegativeCount);
                Ok(0)
            }
            None => Err(self.error(malformed(
                record,
                format!(
                    "count {:?} is not a number",
                    shorten(field.trim_ascii(), 40)
                ),
            ))),
        }
    }

    /// A line-number field of `record`.
    fn line_number(&self, record: &'static str, field: &str) -> Result<u32, Error> {
        parse_u32(field).map_err(|e| self.error(malformed(record, e.message("line number"))))
    }

    /// `FN:<line>,[<end line>,]<name>`.
    fn function(&mut self, rest: &str) -> Result<(), Error> {
        self.section("FN")?;
        let Some((line, rest)) = rest.split_once(',') else {
            return Err(self.error(malformed(
                "FN",
                "expected FN:<line>,<name> or FN:<line>,<end line>,<name>",
            )));
        };
        let line = self.line_number("FN", line)?;
        let (end_line, name) = match rest.split_once(',') {
            Some((end, name)) if !end.is_empty() && end.bytes().all(|b| b.is_ascii_digit()) => {
                (Some(self.line_number("FN", end)?), name)
            }
            _ => (None, rest),
        };
        if name.is_empty() {
            return Err(self.error(malformed("FN", "the function name is empty")));
        }
        self.section("FN")?.data.define(name, line, end_line);
        Ok(())
    }

    /// `FNDA:<count>,<name>`.
    fn function_count(&mut self, rest: &str) -> Result<(), Error> {
        self.section("FNDA")?;
        let Some((count, name)) = rest.split_once(',') else {
            return Err(self.error(malformed("FNDA", "expected FNDA:<count>,<name>")));
        };
        if name.is_empty() {
            return Err(self.error(malformed("FNDA", "the function name is empty")));
        }
        let count = self.count("FNDA", count)?;
        let line = self.line;
        let section = self.section("FNDA")?;
        match section.data.by_name.get(name) {
            Some(&at) => section.data.add_count(at, count),
            None => section.pending.push((line, name.to_owned(), count)),
        }
        Ok(())
    }

    /// `FNL:<index>,<line>[,<end line>]`.
    fn function_leader(&mut self, rest: &str) -> Result<(), Error> {
        self.section("FNL")?;
        let mut fields = rest.splitn(3, ',');
        let (Some(index), Some(line)) = (fields.next(), fields.next()) else {
            return Err(self.error(malformed("FNL", "expected FNL:<index>,<line>[,<end line>]")));
        };
        let index = self.index("FNL", index)?;
        let line = self.line_number("FNL", line)?;
        let end_line = match fields.next() {
            Some(end) => Some(self.line_number("FNL", end)?),
            None => None,
        };
        let at = self.line;
        let section = self.section("FNL")?;
        if section.leaders.insert(index, (line, end_line)).is_some() {
            return Err(Error::new(ErrorKind::DuplicateFunctionIndex { index }, at));
        }
        Ok(())
    }

    /// `FNA:<index>,<count>,<name>`.
    fn function_alias(&mut self, rest: &str) -> Result<(), Error> {
        self.section("FNA")?;
        let mut fields = rest.splitn(3, ',');
        let (Some(index), Some(count), Some(name)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(self.error(malformed("FNA", "expected FNA:<index>,<count>,<name>")));
        };
        if name.is_empty() {
            return Err(self.error(malformed("FNA", "the function name is empty")));
        }
        let index = self.index("FNA", index)?;
        let count = self.count("FNA", count)?;
        let at = self.line;
        let section = self.section("FNA")?;
        let Some(&(line, end_line)) = section.leaders.get(&index) else {
            return Err(Error::new(ErrorKind::UndefinedFunctionIndex { index }, at));
        };
        let function = section.data.define(name, line, end_line);
        section.data.add_count(function, count);
        Ok(())
    }

    fn index(&self, record: &'static str, field: &str) -> Result<u64, Error> {
        let field = field.trim_ascii();
        if field.is_empty() || !field.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.error(malformed(record, "the index is not a number")));
        }
        field
            .parse()
            .map_err(|_| self.error(malformed(record, "the index is out of range")))
    }

    /// `DA:<line>,<count>[,<checksum>]`.
    fn line_count(&mut self, rest: &str) -> Result<(), Error> {
        self.section("DA")?;
        let Some((line, rest)) = rest.split_once(',') else {
            return Err(self.error(malformed("DA", "expected DA:<line>,<count>")));
        };
        let line = self.line_number("DA", line)?;
        // The checksum, if any, is dropped.
        let count = rest.split_once(',').map_or(rest, |(count, _)| count);
        let count = self.count("DA", count)?;
        self.section("DA")?.data.add_line(line, count);
        Ok(())
    }

    /// `BRDA:<line>,[e][f][U]<block>,<branch>,<taken>`; the branch may be an
    /// expression holding commas.
    fn branch(&mut self, rest: &str) -> Result<(), Error> {
        const SHAPE: &str = "expected BRDA:<line>,<block>,<branch>,<taken>";
        self.section("BRDA")?;
        let Some((line, rest)) = rest.split_once(',') else {
            return Err(self.error(malformed("BRDA", SHAPE)));
        };
        let Some((block, rest)) = rest.split_once(',') else {
            return Err(self.error(malformed("BRDA", SHAPE)));
        };
        let Some((branch, taken)) = rest.rsplit_once(',') else {
            return Err(self.error(malformed("BRDA", SHAPE)));
        };
        let line = self.line_number("BRDA", line)?;
        let block = block
            .trim_ascii()
            .trim_start_matches(['e', 'f', 'U'].as_slice());
        let block = parse_u32(block)
            .map_err(|e| self.error(malformed("BRDA", e.message("block number"))))?;
        let taken = match taken.trim_ascii() {
            "-" => None,
            count => Some(self.count("BRDA", count)?),
        };
        let branch = branch.trim_ascii();
        let numbered = match parse_u32(branch) {
            Ok(n) => Some(n),
            Err(NumberError::OutOfRange) => {
                return Err(self.error(malformed("BRDA", "branch number out of range")));
            }
            Err(_) if branch.is_empty() => {
                return Err(self.error(malformed("BRDA", "the branch is empty")));
            }
            Err(_) => None,
        };
        if numbered.is_none() {
            self.note(DiagnosticKind::BranchExpression);
        }
        let section = self.section("BRDA")?;
        let position = section.positions.entry((line, block)).or_insert(0);
        let branch = numbered.unwrap_or(*position);
        *position = position.saturating_add(1);
        section.data.add_branch((line, block, branch), taken);
        Ok(())
    }
}

/// A count as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Count {
    /// Zero or more, saturated to `u64`.
    Value(u64),
    /// Below zero.
    Negative,
}

/// A count: decimal digits (saturating), or Perl's floating-point notation
/// for large numbers (`1.8e+19`), with an optional minus sign.
fn parse_count(field: &str) -> Option<Count> {
    let field = field.trim_ascii();
    let (negative, digits) = match field.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, field),
    };
    // Only digits may start it, so that `inf` and `nan` are refused.
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let value = if digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.bytes().fold(0u64, |n, b| {
            n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
        })
    } else {
        let float: f64 = digits.parse().ok()?;
        // `as` saturates, and the value is not NaN.
        float as u64
    };
    Some(match (negative, value) {
        (true, n) if n > 0 => Count::Negative,
        (_, n) => Count::Value(n),
    })
}

/// Why a number field did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberError {
    Empty,
    NotANumber,
    OutOfRange,
}

impl NumberError {
    fn message(self, what: &str) -> String {
        match self {
            NumberError::Empty => format!("the {what} is missing"),
            NumberError::NotANumber => format!("the {what} is not a number"),
            NumberError::OutOfRange => format!("the {what} is out of range"),
        }
    }
}

/// Decimal digits that fit in `u32`.
fn parse_u32(field: &str) -> Result<u32, NumberError> {
    let field = field.trim_ascii();
    if field.is_empty() {
        return Err(NumberError::Empty);
    }
    if !field.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    field.parse().map_err(|_| NumberError::OutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(parse_count("0"), Some(Count::Value(0)));
        assert_eq!(parse_count(" 12 "), Some(Count::Value(12)));
        assert_eq!(
            parse_count("99999999999999999999999"),
            Some(Count::Value(u64::MAX))
        );
        assert_eq!(
            parse_count("1.8446744073709552e+19"),
            Some(Count::Value(u64::MAX))
        );
        assert_eq!(parse_count("1e400"), Some(Count::Value(u64::MAX)));
        assert_eq!(parse_count("2.5e1"), Some(Count::Value(25)));
        assert_eq!(parse_count("-3"), Some(Count::Negative));
        assert_eq!(parse_count("-0"), Some(Count::Value(0)));
        for bad in ["", "-", "x", "inf", "nan", "-inf", "+1", "1x", "0x10"] {
            assert_eq!(parse_count(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn line_numbers() {
        assert_eq!(parse_u32("7"), Ok(7));
        assert_eq!(parse_u32("4294967295"), Ok(u32::MAX));
        assert_eq!(parse_u32("4294967296"), Err(NumberError::OutOfRange));
        assert_eq!(parse_u32(""), Err(NumberError::Empty));
        assert_eq!(parse_u32("-1"), Err(NumberError::NotANumber));
    }

    #[test]
    fn a_section_in_every_style() {
        let input = "TN:t\r\nSF:a.c\r\nVER:abc\r\nFN:3,9,f\r\nFNDA:2,f\r\nFNL:0,12,14\r\n\
                     FNA:0,1,g\r\nFNA:0,0,g2\r\nDA:3,2,Xyz\r\nDA:3,1\r\nBRDA:3,e0,0,1\r\n\
                     BRDA:3,0,1,-\r\nBRDA:4,0,x && y,5\r\nBRDA:4,0,!(x, y),0\r\nLF:1\r\nLH:1\r\n\
                     end_of_record\r\n";
        let (t, notes) = read_with_diagnostics(input.as_bytes()).unwrap();
        assert_eq!(t.files.len(), 1);
        let f = &t.files[0];
        assert_eq!(f.path, "a.c");
        let functions: Vec<_> = f
            .functions
            .iter()
            .map(|f| (f.name.as_str(), f.line, f.end_line, f.count))
            .collect();
        assert_eq!(
            functions,
            [
                ("f", 3, Some(9), 2),
                ("g", 12, Some(14), 1),
                ("g2", 12, Some(14), 0)
            ]
        );
        assert_eq!(f.lines, BTreeMap::from([(3, 3)]));
        let branches: Vec<_> = f
            .branches
            .iter()
            .map(|b| (b.line, b.block, b.branch, b.taken))
            .collect();
        assert_eq!(
            branches,
            [
                (3, 0, 0, Some(1)),
                (3, 0, 1, None),
                (4, 0, 0, Some(5)),
                (4, 0, 1, Some(0))
            ]
        );
        let kinds: Vec<_> = notes.iter().map(|d| (d.line, d.kind.clone())).collect();
        assert_eq!(
            kinds,
            [
                (13, DiagnosticKind::BranchExpression),
                (14, DiagnosticKind::BranchExpression)
            ]
        );
    }

    #[test]
    fn diagnostics_say_where() {
        let (_, notes) = read_with_diagnostics(b"SF:a\nDA:1,-4\nXYZ:1\nMCDC:1,2,t,1,0,x").unwrap();
        let text: Vec<String> = notes.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "negative count read as 0 (at line 2)",
                "unknown record type \"XYZ\" skipped (at line 3)",
                "MCDC record skipped (no MC/DC data kept) (at line 4)",
                "file section without end_of_record (at line 1)",
            ]
        );
    }
}
