//! The binary on a pseudo-terminal, for the tests of the interactive questions (`add`,
//! `contacts edit`, `review`): type what a person would type, and wait for each
//! question to be drawn before answering it.

use std::process::Command;

use rexpect::session::{Options, PtySession, spawn_with_options};

use super::Sandbox;

/// Generous, so a slow machine does not fail a test; a passing run never waits this long.
const TIMEOUT_MS: u64 = 10_000;

pub const DOWN: &str = "\x1b[B";
pub const UP: &str = "\x1b[A";
pub const ENTER: &str = "\r";
pub const SPACE: &str = " ";
pub const ESC: &str = "\x1b";

/// The binary on a pseudo-terminal (stdin, stdout and stderr all on it), pointed at
/// the sandbox's database. Colour codes are stripped from what is read back; the
/// transcript keeps everything read so far, for assertions and failure messages.
pub struct Term {
    session: PtySession,
    transcript: String,
}

impl Term {
    pub fn spawn(sandbox: &Sandbox, args: &[&str]) -> Term {
        Term::spawn_with(sandbox, args, &[])
    }

    /// With no `SUPPORTMAP_DB`: the map is found at the default place in the sandbox's
    /// home folder, as for a user who never named one.
    pub fn spawn_default(sandbox: &Sandbox, args: &[&str]) -> Term {
        Term::start(sandbox, args, &[], false)
    }

    pub fn spawn_with(sandbox: &Sandbox, args: &[&str], vars: &[(&str, &str)]) -> Term {
        Term::start(sandbox, args, vars, true)
    }

    fn start(sandbox: &Sandbox, args: &[&str], vars: &[(&str, &str)], named: bool) -> Term {
        let home = sandbox.home();
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("supportmap"));
        if named {
            cmd.env("SUPPORTMAP_DB", &sandbox.db);
        } else {
            cmd.env_remove("SUPPORTMAP_DB");
        }
        cmd.args(args)
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("TZ", "UTC")
            .env("TERM", "xterm")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (name, value) in vars {
            cmd.env(name, value);
        }
        let options = Options::new()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(true);
        let session = spawn_with_options(cmd, options).expect("spawn on a pseudo-terminal");
        Term {
            session,
            transcript: String::new(),
        }
    }

    /// Waits for the program to end, whatever its exit; returns what it drew after the
    /// last `expect`.
    pub fn rest(&mut self) -> String {
        self.session.exp_eof().expect("the program ends")
    }

    /// Waits until `text` is on the screen; returns what was drawn before it.
    pub fn expect(&mut self, text: &str) -> String {
        match self.session.exp_string(text) {
            Ok(before) => {
                self.transcript.push_str(&before);
                self.transcript.push_str(text);
                before
            }
            Err(e) => panic!(
                "waiting for {text:?}: {e}\n--- transcript so far ---\n{}",
                self.transcript
            ),
        }
    }

    /// Waits for the question, then types the keys in one go.
    pub fn answer(&mut self, question: &str, keys: &str) {
        self.expect(question);
        self.keys(keys);
    }

    pub fn keys(&mut self, keys: &str) {
        self.session.send(keys).expect("type on the terminal");
        self.session.flush().expect("flush the terminal");
    }

    /// Waits for the program to exit; returns everything it drew after the last
    /// `expect`, and asserts it exited with success.
    pub fn finish(self) -> String {
        self.finish_with_code(0)
    }

    /// Like [`Term::finish`], for a program expected to exit with `code`.
    pub fn finish_with_code(mut self, code: i32) -> String {
        let rest = match self.session.exp_eof() {
            Ok(rest) => rest,
            Err(e) => panic!(
                "waiting for the end: {e}\n--- transcript so far ---\n{}",
                self.transcript
            ),
        };
        self.transcript.push_str(&rest);
        let status = self.session.process().wait().expect("wait for the program");
        assert!(
            matches!(status, rexpect::process::WaitStatus::Exited(_, c) if c == code),
            "exited with {status:?}\n--- transcript ---\n{}",
            self.transcript
        );
        self.transcript
    }
}
