//! Parses the command line, runs the command, and turns any error into one `error:`
//! line (with a hint where one helps) and the exit code DESIGN.md gives it.

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use supportmap::cli::Cli;
use supportmap::error::{self, Exit};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err),
    };
    match supportmap::cmd::run(cli) {
        Ok(exit) => exit.into(),
        Err(err) => {
            let report = error::report(&err);
            if report.broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {}", report.message);
            if let Some(hint) = report.hint {
                eprintln!("hint: {hint}");
            }
            report.exit.into()
        }
    }
}

/// Help and version go out as clap writes them; a usage error becomes our one
/// `error:` line and a `hint:` line, exit 2.
fn usage_error(err: &clap::Error) -> ExitCode {
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = err.print();
        return match err.kind() {
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Exit::Usage.into(),
            _ => ExitCode::SUCCESS,
        };
    }
    let (message, hint) = error::one_line_usage(&err.render().to_string(), &command_path());
    eprintln!("error: {message}");
    eprintln!("hint: {hint}");
    Exit::Usage.into()
}

/// The subcommand the user was typing (`supportmap contacts edit`), for the hint.
fn command_path() -> String {
    let mut command = Cli::command();
    let mut path = vec![command.get_name().to_string()];
    for arg in std::env::args().skip(1) {
        let Some(sub) = command.find_subcommand(&arg).cloned() else {
            continue;
        };
        path.push(sub.get_name().to_string());
        command = sub;
    }
    path.join(" ")
}
