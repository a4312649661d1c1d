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
/// one of `maps`) a file: the main page, or a command's own (`supportmap-checkin-add`),
/// which the main page's list of commands refers to.
pub fn man(
    path: &[String],
    out: Option<&Path>,
    force: bool,
    maps: &[&Path],
    env: &Env,
) -> Result<()> {
    let mut command = Cli::command();
    let mut name = vec!["supportmap".to_string()];
    for word in path {
        let Some(sub) = command.find_subcommand(word.to_lowercase()).cloned() else {
            return Err(crate::error::Failure::usage(format!(
                "\"{}\" is not a supportmap command",
                crate::domain::text::visible(
                    &name[1..]
                        .iter()
                        .chain([word])
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            ))
            .hint("`supportmap --help` lists the commands")
            .into());
        };
        name.push(sub.get_name().to_string());
        command = sub;
    }
    if name.len() > 1 {
        command = command.name(name.join("-"));
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
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
