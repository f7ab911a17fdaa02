//! The lcov writer for a [`Tracefile`],
//! [`write_tracefile()`](super::write_tracefile); its layout and decisions
//! are in the [parent module](super).

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::tracefile::{FileRecord, Tracefile};

/// Writes `t` as an lcov tracefile; see the
/// [module documentation](super#writing-a-tracefile) for the layout.
///
/// Paths and names are written as they are; they should not hold line
/// breaks.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write_tracefile(t: &Tracefile, mut out: impl Write) -> io::Result<()> {
    let mut text = String::new();
    for file in &t.files {
        text.clear();
        render(file, &mut text);
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// Whether a function `name` starts with digits and a comma, which the
/// reader (as lcov 2.x) takes for an end line in `FN:<line>,<name>`. No
/// compiler's function name does; a tracefile may still hold one.
fn reads_as_end_line(name: &str) -> bool {
    name.split_once(',')
        .is_some_and(|(head, _)| !head.is_empty() && head.bytes().all(|b| b.is_ascii_digit()))
}

fn render(file: &FileRecord, out: &mut String) {
    use std::fmt::Write as _;
    // Writing to a String cannot fail.
    macro_rules! line {
        ($($arg:tt)*) => {{ let _ = writeln!(out, $($arg)*); }};
    }
    line!("SF:{}", file.path);
    for f in &file.functions {
        if reads_as_end_line(&f.name) {
            // `FN:<line>,<digits>,<rest>` reads as an end line and the name
            // `<rest>`: such a name needs the three-field form.
            line!("FN:{},{},{}", f.line, f.end_line.unwrap_or(f.line), f.name);
        } else {
            line!("FN:{},{}", f.line, f.name);
        }
    }
    for f in &file.functions {
        line!("FNDA:{},{}", f.count, f.name);
    }
    let mut groups: BTreeMap<u32, bool> = BTreeMap::new();
    for f in &file.functions {
        *groups.entry(f.line).or_default() |= f.count > 0;
    }
    line!("FNF:{}", groups.len());
    line!("FNH:{}", groups.values().filter(|&&hit| hit).count());
    for (line, count) in &file.lines {
        line!("DA:{line},{count}");
    }
    for b in &file.branches {
        match b.taken {
            Some(taken) => line!("BRDA:{},{},{},{taken}", b.line, b.block, b.branch),
            None => line!("BRDA:{},{},{},-", b.line, b.block, b.branch),
        }
    }
    line!("BRF:{}", file.branches.len());
    line!(
        "BRH:{}",
        file.branches
            .iter()
            .filter(|b| b.taken.is_some_and(|n| n > 0))
            .count()
    );
    line!("LF:{}", file.lines.len());
    line!("LH:{}", file.lines.values().filter(|&&n| n > 0).count());
    line!("end_of_record");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracefile::{BranchEntry, FunctionEntry};

    #[test]
    fn totals_are_recomputed() {
        let file = FileRecord {
            path: "a.c".into(),
            functions: vec![
                FunctionEntry {
                    name: "t<int>".into(),
                    line: 4,
                    end_line: Some(6),
                    count: 0,
                },
                FunctionEntry {
                    name: "t<char>".into(),
                    line: 4,
                    end_line: None,
                    count: 2,
                },
                FunctionEntry {
                    name: "main".into(),
                    line: 1,
                    end_line: None,
                    count: 0,
                },
            ],
            lines: [(1, 0), (4, 2)].into_iter().collect(),
            branches: vec![
                BranchEntry {
                    line: 4,
                    block: 0,
                    branch: 0,
                    taken: Some(2),
                },
                BranchEntry {
                    line: 4,
                    block: 0,
                    branch: 1,
                    taken: Some(0),
                },
                BranchEntry {
                    line: 5,
                    block: 0,
                    branch: 0,
                    taken: None,
                },
            ],
        };
        let mut out = Vec::new();
        write_tracefile(&Tracefile { files: vec![file] }, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "SF:a.c\nFN:4,t<int>\nFN:4,t<char>\nFN:1,main\nFNDA:0,t<int>\nFNDA:2,t<char>\n\
             FNDA:0,main\nFNF:2\nFNH:1\nDA:1,0\nDA:4,2\nBRDA:4,0,0,2\nBRDA:4,0,1,0\n\
             BRDA:5,0,0,-\nBRF:3\nBRH:1\nLF:2\nLH:1\nend_of_record\n"
        );
    }

    /// Found by the lcov fuzz target: `FN:0,9,2,1` names the function
    /// `2,1`, which written as `FN:0,2,1` read back as the function `1`
    /// ending on line 2.
    #[test]
    fn names_that_look_like_an_end_line_are_written_with_one() {
        let input = "SF:a.c\nFN:0,9,2,1\nFN:3,main\nFNDA:1,2,1\nend_of_record\n";
        let t = crate::lcov::read(input.as_bytes()).unwrap();
        let mut out = Vec::new();
        write_tracefile(&t, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("SF:a.c\nFN:0,9,2,1\nFN:3,main\nFNDA:1,2,1\n"),
            "{text}"
        );
        assert_eq!(crate::lcov::read(text.as_bytes()).unwrap(), t);
        assert!(
            reads_as_end_line("12,f") && !reads_as_end_line("f,12") && !reads_as_end_line(",f")
        );
    }
}
