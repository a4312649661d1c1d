//! Parses the command line, runs the command, and turns any error into one `error:`
//! line (with a hint where one helps) and the exit code DESIGN.md gives it.

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use supportmap::cli::Cli;
use supportmap::domain::text::visible;
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
            print_error(&report.message, report.hint.as_deref());
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
    print_error(&message, Some(&hint));
    Exit::Usage.into()
}

/// The one `error:` line and the `hint:` line. Whatever they echo back (a name, a path,
/// SQLite's words) shows its control characters and line breaks as visible escapes, so
/// an error is always one line and never an instruction to the terminal.
fn print_error(message: &str, hint: Option<&str>) {
    eprintln!("error: {}", visible(message));
    if let Some(hint) = hint {
        eprintln!("hint: {}", visible(hint));
    }
}

/// The subcommand the user was typing (`supportmap contacts edit`), for the hint.
fn command_path() -> String {
    let mut command = Cli::command();
    let mut path = vec![command.get_name().to_string()];
    // `args_os`: an argument that is not UTF-8 must not panic here.
    for arg in std::env::args_os().skip(1) {
        let Some(sub) = command.find_subcommand(&arg).cloned() else {
            continue;
        };
        path.push(sub.get_name().to_string());
        command = sub;
    }
    path.join(" ")
}
