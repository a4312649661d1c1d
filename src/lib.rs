//! supportmap: map the support network of a person in recovery, in one local SQLite file.
//!
//! The binary is a thin shell around [`cmd::run`]; tests and benchmarks use the same
//! library. Data flows one way: `cli` → `cmd` (opens the [`db::Db`] once) → `db` returns
//! `domain` values → `domain` decides → `render` prints.

pub mod cli;
pub mod cmd;
pub mod db;
pub mod domain;
pub mod error;
pub mod files;
pub mod format;
pub mod prompt;
pub mod render;
pub mod sample;
