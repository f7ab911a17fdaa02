//! Glob patterns for inputs the shell did not expand (quoted in a CI
//! script, or on Windows): `*`, `?` and `[...]` within one path component,
//! `**` for any number of directories.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// Whether `path` has a glob metacharacter.
pub(crate) fn is_pattern(path: &Path) -> bool {
    path.to_str().is_some_and(|s| s.contains(['*', '?', '[']))
}

/// The files (not directories) that `pattern` matches, sorted.
pub(crate) fn expand(pattern: &Path) -> Vec<PathBuf> {
    let mut bases = vec![PathBuf::new()];
    let components: Vec<Component<'_>> = pattern.components().collect();
    for (i, component) in components.iter().enumerate() {
        let last = i + 1 == components.len();
        let text = component.as_os_str().to_string_lossy();
        let mut next = Vec::new();
        for base in &bases {
            if text == "**" {
                descendants(base, &mut next);
            } else if is_pattern(Path::new(&*text)) {
                let dir = if base.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    base.as_path()
                };
                let Ok(entries) = fs::read_dir(dir) else {
                    continue;
                };
                let mut names: Vec<String> = entries
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .filter(|name| !name.starts_with('.') || text.starts_with('.'))
                    .filter(|name| matches(text.as_bytes(), name.as_bytes()))
                    .collect();
                names.sort();
                next.extend(names.into_iter().map(|n| base.join(n)));
            } else {
                next.push(base.join(component.as_os_str()));
            }
        }
        if !last {
            next.retain(|p| p.is_dir());
        }
        bases = next;
    }
    bases.retain(|p| p.is_file());
    bases.sort();
    bases.dedup();
    bases
}

/// `base` and every directory below it, in name order.
fn descendants(base: &Path, out: &mut Vec<PathBuf>) {
    out.push(base.to_owned());
    let dir = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| {
            let e = e.ok()?;
            let hidden = e.file_name().to_string_lossy().starts_with('.');
            (e.file_type().ok()?.is_dir() && !hidden).then(|| base.join(e.file_name()))
        })
        .collect();
    dirs.sort();
    for d in dirs {
        descendants(&d, out);
    }
}

/// Whether `name` matches the one-component `pattern`.
fn matches(pattern: &[u8], name: &[u8]) -> bool {
    // Iterative matching with one backtrack point for the last `*`: linear
    // in practice, never exponential.
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, n));
                p += 1;
                continue;
            }
            Some(b'?') => {
                p += 1;
                n += 1;
                continue;
            }
            Some(b'[') => {
                if let Some((matched, len)) = class(&pattern[p..], name[n]) {
                    if matched {
                        p += len;
                        n += 1;
                        continue;
                    }
                } else if name[n] == b'[' {
                    p += 1;
                    n += 1;
                    continue;
                }
            }
            Some(&c) if c == name[n] => {
                p += 1;
                n += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, sn)) => {
                p = sp + 1;
                n = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// Matches `c` against the class at the start of `pattern` (`[abc]`,
/// `[a-z]`, `[!x]`); the result and the class's length, or `None` when the
/// `[` opens no class.
fn class(pattern: &[u8], c: u8) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(pattern.get(i), Some(b'!' | b'^'));
    if negate {
        i += 1;
    }
    let mut found = false;
    let mut first = true;
    loop {
        let &lo = pattern.get(i)?;
        if lo == b']' && !first {
            return Some((found != negate, i + 1));
        }
        first = false;
        if pattern.get(i + 1) == Some(&b'-') && pattern.get(i + 2).is_some_and(|&h| h != b']') {
            let hi = pattern[i + 2];
            found |= lo <= c && c <= hi;
            i += 3;
        } else {
            found |= lo == c;
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_one_component() {
        let m = |p: &str, n: &str| matches(p.as_bytes(), n.as_bytes());
        assert!(m("*.profraw", "a.profraw"));
        assert!(m("*.profraw", ".profraw"));
        assert!(!m("*.profraw", "a.profdata"));
        assert!(m("run-?.profraw", "run-1.profraw"));
        assert!(!m("run-?.profraw", "run-12.profraw"));
        assert!(m("run-[0-9]*", "run-12.profraw"));
        assert!(!m("run-[!0-9]*", "run-12.profraw"));
        assert!(m("a*b*c", "aXXbYYc"));
        assert!(!m("a*b*c", "aXXbYY"));
        assert!(m("[]]", "]"));
        assert!(m("[", "["));
        // A long run of stars against a long name stays cheap.
        let pattern = "*a".repeat(50);
        assert!(!m(&pattern, &"a".repeat(49)));
    }

    #[test]
    fn expansion_walks_directories() {
        let root = std::env::temp_dir().join(format!("profconv-glob-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("x/y")).unwrap();
        for f in [
            "a.profraw",
            "b.profraw",
            "x/c.profraw",
            "x/y/d.profraw",
            "e.txt",
        ] {
            fs::write(root.join(f), b"").unwrap();
        }
        let names = |pattern: &str| -> Vec<String> {
            expand(&root.join(pattern))
                .iter()
                .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
                .collect()
        };
        assert_eq!(names("*.profraw"), ["a.profraw", "b.profraw"]);
        assert_eq!(
            names("**/*.profraw"),
            ["a.profraw", "b.profraw", "x/c.profraw", "x/y/d.profraw"]
        );
        assert_eq!(names("*/c.profraw"), ["x/c.profraw"]);
        assert!(names("*.none").is_empty());
        fs::remove_dir_all(&root).unwrap();
    }
}
