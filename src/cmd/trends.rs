//! `supportmap trends`: contact over time, as a mirror.

use std::path::Path;

use anyhow::Result;

use super::Env;
use crate::cli::TrendsArgs;
use crate::db::Db;
use crate::error::Failure;

pub fn run(_db: Option<&Db>, _path: &Path, _args: &TrendsArgs, _env: &Env) -> Result<()> {
    Err(Failure::usage("trends is being built").into())
}
