//! Rendering the files of a report on every core, written in order.
//!
//! Each file's text depends only on the model, so the files are rendered on
//! as many threads as the machine has (handed out in order) and written in
//! the order given, as they arrive: the output is byte for byte what
//! rendering them one after the other gives.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use covkit_model::Coverage;

/// Below this many functions a model's reports are rendered on the
/// calling thread: starting threads would cost more than they save.
const MIN_FUNCTIONS: usize = 256;

/// The threads to render a report of `model` with: every core, or one for
/// a small model.
pub(crate) fn threads_for(model: &Coverage) -> usize {
    if model.functions().len() < MIN_FUNCTIONS {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Renders every item of `items` with `render` on up to `threads` threads
/// and hands the texts, with what `render` returned, to `write` in the
/// order of `items`.
pub(crate) fn render_in_order<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    render: impl Fn(&T, &mut String) -> R + Sync,
    mut write: impl FnMut(&str, R) -> io::Result<()>,
) -> io::Result<()> {
    let threads = threads.min(items.len());
    if threads <= 1 {
        let mut text = String::new();
        for item in items {
            text.clear();
            let value = render(item, &mut text);
            write(&text, value)?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel::<(usize, String, R)>();
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, render) = (&next, &render);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let mut text = String::new();
                    let value = render(item, &mut text);
                    if sender.send((i, text, value)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (i, text, value) in receiver {
            waiting.insert(i, (text, value));
            while let Some((text, value)) = waiting.remove(&due) {
                if let Err(e) = write(&text, value) {
                    // Stop the workers: nothing more will be written.
                    next.store(items.len(), Ordering::Relaxed);
                    return Err(e);
                }
                due += 1;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_out_in_order() {
        let items: Vec<usize> = (0..200).collect();
        let mut out = String::new();
        render_in_order(
            &items,
            4,
            |i, text| text.push_str(&format!("{i},")),
            |text, ()| {
                out.push_str(text);
                Ok(())
            },
        )
        .unwrap();
        let expected: String = items.iter().map(|i| format!("{i},")).collect();
        assert_eq!(out, expected);
    }

    #[test]
    fn a_write_error_stops_the_rendering() {
        let items: Vec<usize> = (0..50).collect();
        let mut written = 0;
        let result = render_in_order(
            &items,
            4,
            |i, text| text.push_str(&i.to_string()),
            |_, ()| {
                written += 1;
                if written == 3 {
                    Err(io::Error::other("full"))
                } else {
                    Ok(())
                }
            },
        );
        assert!(result.is_err());
        assert_eq!(written, 3);
    }
}
