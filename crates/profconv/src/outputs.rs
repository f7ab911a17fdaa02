//! Report files: the `--output [FORMAT=]PATH` list, and the writers that
//! work from a [`Tracefile`] (lcov, Cobertura whole or in parts, Sonar),
//! shared by `export` and `convert`.

use std::path::{Path, PathBuf};

use covkit::export::cobertura::{self, CoberturaOptions};
use covkit::export::lcov;
use covkit::export::sonar::{self, DropReason, SonarOptions};
use covkit::export::tracefile::Tracefile;

use crate::cli::XmlArgs;
use crate::console::{self, Failure};
use crate::files;

/// The `(format, path)` pairs to write: each `--output FORMAT=PATH` (with a
/// format among `formats`), a plain `--output PATH` in `default_format`,
/// standard output when there is no `--output`.
///
/// # Errors
///
/// A usage error when more than one output goes to standard output.
pub(crate) fn parse(
    outputs: &[PathBuf],
    default_format: &str,
    formats: &[&str],
    command: &str,
) -> Result<Vec<(String, PathBuf)>, Failure> {
    let mut out = Vec::new();
    for value in outputs {
        let text = value.to_string_lossy();
        match text.split_once('=') {
            Some((format, path)) if formats.contains(&format) => {
                out.push((format.to_owned(), PathBuf::from(path)));
            }
            _ => out.push((default_format.to_owned(), value.clone())),
        }
    }
    if out.is_empty() {
        out.push((default_format.to_owned(), PathBuf::from("-")));
    }
    let to_stdout = out.iter().filter(|(_, p)| p == Path::new("-")).count();
    if to_stdout > 1 {
        return Err(Failure::Usage(format!(
            "{command}: only one output can go to standard output"
        )));
    }
    if let Some((_, path)) = out
        .iter()
        .enumerate()
        .find(|(i, (_, p))| p != Path::new("-") && out[..*i].iter().any(|(_, q)| q == p))
        .map(|(_, pair)| pair)
    {
        return Err(Failure::Usage(format!(
            "{command}: '{}' is named by more than one --output",
            path.display()
        )));
    }
    Ok(out)
}

/// Checks every output before any is written (see
/// [`files::check_writable`]).
///
/// # Errors
///
/// The first output that cannot be written.
pub(crate) fn check_writable(outputs: &[(String, PathBuf)]) -> Result<(), Failure> {
    outputs
        .iter()
        .try_for_each(|(_, path)| files::check_writable(path))
}

/// Parses a size for `--cobertura-max-size`: bytes, or a number with a
/// `K`, `KiB`, `M` or `MiB` suffix (powers of 1024).
pub(crate) fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: usize = digits
        .parse()
        .map_err(|_| format!("'{text}' is not a size (bytes, or with K, KiB, M, MiB)"))?;
    let scale = match unit {
        "" | "B" => 1,
        "K" | "KiB" => 1 << 10,
        "M" | "MiB" => 1 << 20,
        _ => return Err(format!("unknown size unit '{unit}' (use K, KiB, M or MiB)")),
    };
    number
        .checked_mul(scale)
        .ok_or_else(|| format!("size '{text}' is too large"))
}

/// The Cobertura `timestamp`: `SOURCE_DATE_EPOCH` when set (reproducible
/// builds), otherwise now.
fn timestamp() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        })
}

/// Writes `t` in `format` (`lcov`, `cobertura` or `sonar`) to `path`.
/// `local_path` turns a path of the report into the file to read for the
/// line counts Sonar needs.
///
/// # Errors
///
/// Reported I/O errors; a usage error for a Cobertura report split into
/// parts on standard output.
pub(crate) fn write_tracefile(
    t: &Tracefile,
    format: &str,
    path: &Path,
    xml: &XmlArgs,
    local_path: &dyn Fn(&str) -> PathBuf,
) -> Result<(), Failure> {
    let mut out = Vec::new();
    let written = match format {
        "lcov" => lcov::write_tracefile(t, &mut out),
        "sonar" => write_sonar(t, xml, local_path, &mut out),
        _ => return write_cobertura(t, path, xml),
    };
    written.map_err(|e| console::error(path, files::describe(&e)))?;
    files::write_output(path, &out, false)
}

/// Writes the Cobertura report to `path`, or, with `--cobertura-max-size`
/// and a report that does not fit, as parts `NAME.1.xml`, `NAME.2.xml`,
/// ... next to it, each at most that size. Whichever is written, what an
/// earlier run left in the other shape (the whole file, or parts past the
/// last one written now) is removed once the new files are in place, so a
/// glob such as `coverage*.xml` never counts a file twice.
fn write_cobertura(t: &Tracefile, path: &Path, xml: &XmlArgs) -> Result<(), Failure> {
    let options = CoberturaOptions {
        source_root: xml.source_root.clone(),
        timestamp: timestamp(),
        ..CoberturaOptions::default()
    };
    let error = |e: std::io::Error| console::error(path, files::describe(&e));
    let parts = match xml.cobertura_max_size {
        None => {
            let mut out = Vec::new();
            cobertura::write(t, &options, &mut out).map_err(error)?;
            vec![out]
        }
        Some(limit) => cobertura::write_split(t, &options, limit).map_err(error)?,
    };
    if let [one] = parts.as_slice() {
        files::write_output(path, one, false)?;
        if path != Path::new("-") {
            remove_parts_from(path, 1)?;
        }
        return Ok(());
    }
    let limit = xml.cobertura_max_size.unwrap_or_default();
    if path == Path::new("-") {
        return Err(Failure::Usage(format!(
            "the Cobertura report needs {} parts of at most {limit} bytes: \
             give --output a file name",
            parts.len()
        )));
    }
    for (i, part) in parts.iter().enumerate() {
        files::write_output(&part_path(path, i + 1), part, false)?;
    }
    remove_parts_from(path, parts.len() + 1)?;
    remove_stale(path)?;
    console::note(
        path,
        format!(
            "the Cobertura report is written in {} parts of at most {limit} bytes, {} to {}",
            parts.len(),
            part_path(path, 1).display(),
            part_path(path, parts.len()).display()
        ),
    );
    Ok(())
}

/// Removes the parts `NAME.N.EXT`, `NAME.N+1.EXT`, ... an earlier run left,
/// up to the first that does not exist.
fn remove_parts_from(path: &Path, first: usize) -> Result<(), Failure> {
    let mut n = first;
    while remove_stale(&part_path(path, n))? {
        n += 1;
    }
    Ok(())
}

/// Removes `path` if it is a file; whether there was one.
fn remove_stale(path: &Path) -> Result<bool, Failure> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(console::error(path, files::describe(&e))),
    }
}

/// `dir/NAME.EXT` becomes `dir/NAME.N.EXT` (`NAME.N` without an
/// extension).
pub(crate) fn part_path(path: &Path, n: usize) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name = match path.extension() {
        Some(ext) => format!("{stem}.{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}.{n}"),
    };
    path.with_file_name(name)
}

/// Writes the Sonar report, dropping lines past the end of the source
/// files that can be read, with a warning naming each file.
fn write_sonar(
    t: &Tracefile,
    xml: &XmlArgs,
    local_path: &dyn Fn(&str) -> PathBuf,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let line_count = |path: &str| -> Option<u32> {
        let bytes = std::fs::read(local_path(path)).ok()?;
        let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
        let last = usize::from(bytes.last().is_some_and(|&b| b != b'\n'));
        u32::try_from(newlines + last).ok()
    };
    let options = SonarOptions {
        source_root: xml.source_root.clone(),
        line_count: Some(&line_count),
    };
    let dropped = sonar::write(t, &options, out)?;
    for d in dropped {
        let why = match d.reason {
            DropReason::LineZero => "line 0".to_owned(),
            DropReason::PastEnd { file_lines } => {
                format!("past its end (it has {file_lines} lines)")
            }
        };
        console::warn(
            Path::new(&d.path),
            format!(
                "{} lines from line {} dropped from the Sonar report: {why}",
                d.lines, d.first_line
            ),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_part_names() {
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("1G").is_err());
        assert!(parse_size("99999999999999999999M").is_err());
        assert_eq!(
            part_path(Path::new("out/cov.xml"), 2),
            PathBuf::from("out/cov.2.xml")
        );
        assert_eq!(part_path(Path::new("cov"), 1), PathBuf::from("cov.1"));
    }

    #[test]
    fn outputs_name_each_path_once() {
        let formats = ["lcov", "cobertura"];
        let parse = |args: &[&str]| {
            let paths: Vec<PathBuf> = args.iter().map(PathBuf::from).collect();
            parse(&paths, "lcov", &formats, "t")
        };
        assert_eq!(
            parse(&["cobertura=a.xml", "b.info"]).unwrap(),
            [
                ("cobertura".to_owned(), PathBuf::from("a.xml")),
                ("lcov".to_owned(), PathBuf::from("b.info"))
            ]
        );
        assert_eq!(
            parse(&[]).unwrap(),
            [("lcov".to_owned(), PathBuf::from("-"))]
        );
        assert!(parse(&["-", "cobertura=-"]).is_err());
        assert!(parse(&["a", "cobertura=a"]).is_err());
        // An `=` that does not follow a format is part of the path.
        assert_eq!(
            parse(&["x=y.info"]).unwrap(),
            [("lcov".to_owned(), PathBuf::from("x=y.info"))]
        );
    }
}
