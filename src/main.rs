//! Parses the command line, runs the command, and turns any error into one `error:`
//! line (with a hint where one helps) and the exit code DESIGN.md gives it.

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use supportmap::cli::Cli;
use supportmap::domain::text::visible;
use supportmap::error::{self, Exit};

fn main() -> ExitCode {
    // `--version` alone is answered before the command line is built: it is what
    // scripts ask most often, and it should cost no more than starting a process.
    let mut args = std::env::args_os().skip(1);
    if let (Some(only), None) = (args.next(), args.next())
        && (only == "--version" || only == "-V")
    {
        use std::io::Write;
        // A closed pipe is no error here, as for every other output.
        let _ = writeln!(
            std::io::stdout(),
            "supportmap {}",
            env!("CARGO_PKG_VERSION")
        );
        return ExitCode::SUCCESS;
    }
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
    let (message, hint) = match unquoted_name(err) {
        Some(typed) => (
            "a name of more than one word needs quotes".to_string(),
            format!("put the name in quotes: {typed}"),
        ),
        None => error::one_line_usage(&err.render().to_string(), &command_path()),
    };
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

/// `supportmap add Auntie Bea ...`: a second word taken as an unexpected argument,
/// right after the name. Returns the command as it could be typed, with the words of
/// the name quoted together.
fn unquoted_name(err: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    if err.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(extra)) = err.get(ContextKind::InvalidArg) else {
        return None;
    };
    if extra.starts_with('-') {
        return None;
    }
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let at = args.iter().position(|a| a == extra)?;
    // The name runs from the first plain word after the command to the stray word.
    let takes_name = [
        "add", "show", "edit", "pause", "resume", "archive", "remove",
    ];
    let command = args[..at]
        .iter()
        .rposition(|a| takes_name.contains(&a.as_str()))?;
    let start = command + 1;
    let mut end = at + 1;
    while args.get(end).is_some_and(|a| !a.starts_with('-')) {
        end += 1;
    }
    if start >= at || args[start..at].iter().any(|a| a.starts_with('-')) {
        return None;
    }
    let name = args[start..end].join(" ");
    let mut typed = vec!["supportmap".to_string()];
    let quote = supportmap::domain::names::shell_arg;
    typed.extend(args[..start].iter().map(|a| quote(a)));
    typed.push(quote(&name));
    typed.extend(args[end..].iter().map(|a| quote(a)));
    Some(typed.join(" "))
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
