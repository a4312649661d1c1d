//! `supportmap backup` and `supportmap restore`.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{Env, may_write};
use crate::cli::{BackupArgs, RestoreBackupArgs};
use crate::db::{self, Location, backup};
use crate::error::Failure;
use crate::files;
use crate::render::time::local_datetime;

pub fn backup(loc: &Location, args: &BackupArgs, env: &Env) -> Result<()> {
    let db = super::existing(loc, env)?.ok_or_else(|| {
        Failure::usage(format!(
            "there is no map at {} yet, so there is nothing to back up",
            loc.path.display()
        ))
        .hint("add someone first: supportmap add NAME")
    })?;
    let (path, checked) = match &args.file {
        Some(file) => {
            let maps = [loc.path.as_path()];
            let Some(replace) = may_write(file, args.force, &maps)? else {
                return Ok(());
            };
            (file.clone(), write_backup(db.conn(), file, replace)?)
        }
        None => write_new_backup(db.conn(), &backups_folder(&loc.path)?, env)?,
    };
    if env.out.json {
        return env.out.print_json(&serde_json::json!({
            "path": path,
            "schema_version": checked.schema_version,
            "supporters": checked.supporters,
            "checkins": checked.checkins,
        }));
    }
    env.out.say(&format!(
        "Backed up the map to {}\n({} supporters, {} check-ins; checked whole).\n\
         Put it back with: {}",
        path.display(),
        checked.supporters,
        checked.checkins,
        env.command(&format!(
            "supportmap restore {}",
            crate::domain::names::shell_arg(&path.to_string_lossy())
        ))
    ))
}

/// Copies the map to `path` through the safe writer (a private temporary file, renamed
/// into place only once the copy is checked).
fn write_backup(
    conn: &rusqlite::Connection,
    path: &Path,
    replace: bool,
) -> Result<backup::Checked> {
    let mut checked = None;
    files::write_atomic_with(path, replace, |_, temp| {
        backup::copy_to(conn, temp)?;
        checked = Some(backup::check(temp)?);
        Ok(())
    })?;
    checked.ok_or_else(|| anyhow::anyhow!("the backup was not checked"))
}

/// The `backups` folder beside the map, made private to the user when it is new.
fn backups_folder(map: &Path) -> Result<PathBuf> {
    let folder = files::folder_of(map).join("backups");
    if std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Failure::usage(format!(
            "{} is a symbolic link; supportmap does not write backups through links",
            folder.display()
        ))
        .hint("give the backup a path of its own: supportmap backup FILE")
        .into());
    }
    if !folder.exists() {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .mode(0o700)
            .recursive(true)
            .create(&folder)
            .map_err(|e| files::failed(&folder, e))?;
    }
    Ok(folder)
}

/// A new dated backup in `folder` (`supportmap-2026-11-22-101500.db`, then `-2`, `-3`
/// when several are made in one second, even at once): never replaces a file.
fn write_new_backup(
    conn: &rusqlite::Connection,
    folder: &Path,
    env: &Env,
) -> Result<(PathBuf, backup::Checked)> {
    let stamp = env
        .now
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d-%H%M%S");
    for n in 1..1000 {
        let name = if n == 1 {
            format!("supportmap-{stamp}.db")
        } else {
            format!("supportmap-{stamp}-{n}.db")
        };
        let path = folder.join(name);
        if std::fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        match write_backup(conn, &path, false) {
            Ok(checked) => return Ok((path, checked)),
            // Another backup took the name first: try the next one.
            Err(_) if std::fs::symlink_metadata(&path).is_ok() => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Failure::usage(format!(
        "{} is full of backups from this second",
        folder.display()
    ))
    .hint("try again in a moment")
    .into())
}

pub fn restore(loc: &Location, args: &RestoreBackupArgs, env: &Env) -> Result<()> {
    let file = &args.file;
    if files::same_file(file, &loc.path) {
        return Err(
            Failure::usage(format!("{} is the map itself", file.display()))
                .hint("give the path of a backup, such as one in the backups folder beside the map")
                .into(),
        );
    }
    let checked = backup::check(file)?;
    let mut db = super::open_for_write(loc, env)?;
    let created = db.created();
    // The map as it stands is saved under the same write lock as the restore itself.
    let saved = db.restore_from(file, |conn| {
        if created && db::transfer::is_empty(conn)? {
            return Ok(None);
        }
        let folder = backups_folder(&loc.path)?;
        Ok(Some(write_new_backup(conn, &folder, env)?.0))
    })?;
    if env.out.json {
        return env.out.print_json(&serde_json::json!({
            "restored_from": file,
            "previous_map_saved_to": saved,
            "supporters": checked.supporters,
            "checkins": checked.checkins,
        }));
    }
    let modified = std::fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .map(|t| local_datetime(chrono::DateTime::<chrono::Utc>::from(t)));
    let mut text = format!(
        "Restored the map from {}{} ({} supporters, {} check-ins).",
        file.display(),
        modified.map_or(String::new(), |m| format!(", written {m}")),
        checked.supporters,
        checked.checkins
    );
    if let Some(saved) = saved {
        text.push_str(&format!(
            "\nThe map you had is saved at {}; to go back: {}",
            saved.display(),
            env.command(&format!(
                "supportmap restore {}",
                crate::domain::names::shell_arg(&saved.to_string_lossy())
            ))
        ));
    }
    env.out.say(&text)
}
