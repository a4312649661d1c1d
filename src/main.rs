//! Parses the command line, runs the command, and turns any error into one `error:`
//! line (with a hint where one helps) and the exit code DESIGN.md gives it.

use std::process::ExitCode;

use clap::Parser;
use supportmap::cli::Cli;
use supportmap::error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match supportmap::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
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
