//! `supportmap completions` and `supportmap man`: shell completions and a man page,
//! generated from the same command tree as `--help`, so they never drift from it.

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;

use super::Env;
use crate::cli::{Cli, CompletionShell};

pub fn completions(shell: CompletionShell, env: &Env) -> Result<()> {
    use clap_complete::Shell;
    let shell = match shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
        CompletionShell::Elvish => Shell::Elvish,
        CompletionShell::Powershell => Shell::PowerShell,
    };
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "supportmap", &mut out);
    env.out
        .print_document(&String::from_utf8(out).context("could not write the completions")?)
}

/// The man page as roff, to standard output or (through the safe writer, never over
/// one of `maps`) a file.
pub fn man(out: Option<&Path>, force: bool, maps: &[&Path], env: &Env) -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .context("could not write the man page")?;
    let page = String::from_utf8(page).context("could not write the man page")?;
    match out {
        Some(file) => {
            if super::write_file(file, &page, force, maps)? {
                env.out
                    .note(&format!("Wrote the man page to {}.", file.display()));
            }
            Ok(())
        }
        None => env.out.print_document(&page),
    }
}
