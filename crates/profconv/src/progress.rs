//! A progress bar on standard error, for reading many profiles and writing
//! large reports. It draws only on a terminal and without `--quiet`, at
//! most ten times a second, and clears its line when done, so logs and
//! pipes never see it.

use std::io::{IsTerminal as _, Write as _};
use std::time::{Duration, Instant};

use crate::console;

/// How often the bar is redrawn at most.
const REDRAW: Duration = Duration::from_millis(100);
/// The width of the bar itself, in characters.
const WIDTH: usize = 30;

/// One task's progress: `label [=====>    ] done/total unit`.
pub(crate) struct Progress {
    label: &'static str,
    unit: &'static str,
    total: u64,
    done: u64,
    last: Option<Instant>,
    enabled: bool,
}

impl Progress {
    /// A bar for `total` steps of `unit`; drawn only when standard error
    /// is a terminal and `--quiet` was not given.
    pub(crate) fn new(label: &'static str, total: u64, unit: &'static str) -> Progress {
        let enabled = !console::quiet() && std::io::stderr().is_terminal();
        Progress {
            label,
            unit,
            total,
            done: 0,
            last: None,
            enabled,
        }
    }

    /// Advances by `n` steps.
    pub(crate) fn advance(&mut self, n: u64) {
        self.done = self.done.saturating_add(n).min(self.total);
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if self.last.is_some_and(|t| now.duration_since(t) < REDRAW) && self.done < self.total {
            return;
        }
        self.last = Some(now);
        let line = render(self.label, self.done, self.total, self.unit);
        let mut err = std::io::stderr().lock();
        // A progress bar that cannot be drawn is not worth failing for.
        let _ = write!(err, "\r{line}\x1b[K");
        let _ = err.flush();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if self.enabled && self.last.is_some() {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
        }
    }
}

/// The text of the bar.
fn render(label: &str, done: u64, total: u64, unit: &str) -> String {
    let filled = if total == 0 {
        WIDTH
    } else {
        usize::try_from(u128::from(done) * WIDTH as u128 / u128::from(total)).unwrap_or(WIDTH)
    };
    let bar: String = (0..WIDTH)
        .map(|i| match i.cmp(&filled) {
            std::cmp::Ordering::Less => '=',
            std::cmp::Ordering::Equal => '>',
            std::cmp::Ordering::Greater => ' ',
        })
        .collect();
    format!("{label} [{bar}] {done}/{total} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_in_proportion() {
        assert_eq!(
            render("reading", 0, 4, "profiles"),
            format!("reading [>{}] 0/4 profiles", " ".repeat(29))
        );
        assert_eq!(
            render("reading", 2, 4, "profiles"),
            format!(
                "reading [{}>{}] 2/4 profiles",
                "=".repeat(15),
                " ".repeat(14)
            )
        );
        assert_eq!(
            render("reading", 4, 4, "profiles"),
            format!("reading [{}] 4/4 profiles", "=".repeat(30))
        );
        assert_eq!(render("x", 0, 0, "u").len(), "x [] 0/0 u".len() + 30);
    }
}
