//! Shell completions and man pages, generated from the same clap
//! definitions as the parser, so they never drift from it.

use std::path::Path;

use clap::CommandFactory as _;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::console::{self, Outcome};
use crate::files;

/// Runs `profconv completions SHELL`.
pub(crate) fn completions(args: &CompletionsArgs) -> Outcome {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "profconv", &mut out);
    files::write_output(Path::new("-"), &out, false)
}

/// Runs `profconv man`.
pub(crate) fn man(args: &ManArgs) -> Outcome {
    let command = Cli::command();
    let Some(dir) = &args.dir else {
        return files::write_output(Path::new("-"), &render(&command, "profconv")?, false);
    };
    std::fs::create_dir_all(dir).map_err(|e| console::error(dir, files::describe(&e)))?;
    files::write_output(
        &dir.join("profconv.1"),
        &render(&command, "profconv")?,
        false,
    )?;
    for sub in command.get_subcommands() {
        let name = format!("profconv-{}", sub.get_name());
        let page = sub
            .clone()
            .bin_name(format!("profconv {}", sub.get_name()))
            .display_name(name.clone())
            .version(env!("CARGO_PKG_VERSION"));
        files::write_output(
            &dir.join(format!("{name}.1")),
            &render(&page, &name)?,
            false,
        )?;
    }
    Ok(())
}

/// One man page, in roff.
fn render(command: &clap::Command, name: &str) -> Result<Vec<u8>, console::Failure> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone())
        .title(name.to_uppercase())
        .render(&mut out)
        .map_err(|e| console::error(Path::new(name), files::describe(&e)))?;
    Ok(out)
}
