//! The one safe writer: every file supportmap writes for the user (a map picture, a
//! plan export, the demo's picture) goes through [`check`] and then [`write_atomic`].
//!
//! - the map itself, its `-wal`, `-shm` and `-journal`, and any other name for the same
//!   file (same device and inode) are refused;
//! - a symbolic link, folder, FIFO, socket or device is refused, never written through
//!   and never opened (opening a FIFO would hang);
//! - the write is atomic: a temporary file in the same folder, created 0600, synced, then
//!   renamed into place, so a failed write (a full disk) leaves the old file whole and
//!   the result is 0600 whatever mode the old file had.
//!
//! Whether an existing file may be replaced (`--force`, or a question on a terminal) is
//! the caller's decision, made between the two steps.

use std::fs::File;
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::Failure;

/// What is at the target path now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Nothing yet: the file will be created.
    New,
    /// A regular file, which will be replaced only if the user agrees.
    Existing,
}

/// Checks that `path` may be written, and says whether it exists. `protected` are files
/// that must never be written: the map and the files SQLite keeps beside it.
pub fn check(path: &Path, protected: &[PathBuf]) -> Result<Target> {
    let refuse = |what: String, hint: String| -> anyhow::Error {
        Failure::usage(format!("{} {what}", path.display()))
            .hint(hint)
            .into()
    };
    if path.as_os_str().is_empty() || path.file_name().is_none() {
        return Err(refuse(
            "is not a file name".into(),
            "give the path of a file to write, such as map.svg".into(),
        ));
    }
    if protected.iter().any(|p| same_file(path, p)) {
        return Err(refuse(
            "is your map's database; writing there would replace the map".into(),
            "choose another file name for what you are writing".into(),
        ));
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            let parent = folder_of(path);
            return match std::fs::metadata(&parent) {
                Ok(meta) if meta.is_dir() => Ok(Target::New),
                _ => Err(refuse(
                    format!(
                        "cannot be written: the folder {} does not exist",
                        parent.display()
                    ),
                    "create the folder first, or choose another path".into(),
                )),
            };
        }
        Err(e) => return Err(refuse(format!("cannot be written: {e}"), check_hint(&e))),
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(refuse(
            "is a symbolic link; supportmap does not write through links".into(),
            "give the path of the file itself, or another name".into(),
        ));
    }
    if kind.is_dir() {
        return Err(refuse(
            "is a folder".into(),
            format!(
                "give a file name inside it, such as {}",
                path.join("map.svg").display()
            ),
        ));
    }
    if !kind.is_file() {
        return Err(refuse(
            format!("is {}, not a regular file", special_kind(kind)),
            "leave out --out to write to standard output, and redirect that instead".into(),
        ));
    }
    Ok(Target::Existing)
}

/// What a file that is neither a regular file nor a folder is, in words.
pub fn special_kind(kind: std::fs::FileType) -> &'static str {
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

/// Writes `contents` to `path` atomically, with mode 0600. With `replace` false, an
/// existing file (even one that appeared since [`check`]) is never replaced.
pub fn write_atomic(path: &Path, contents: &[u8], replace: bool) -> Result<()> {
    write_atomic_with(path, replace, |file, _| {
        file.write_all(contents).map_err(|e| failed(path, e))
    })
}

/// [`write_atomic`] for contents made by `fill`, which gets the temporary file (to write
/// to, streaming) and its path (for SQLite's backup, which opens the file itself). The
/// file is synced and renamed into place only when `fill` succeeds; otherwise it is gone.
pub fn write_atomic_with(
    path: &Path,
    replace: bool,
    fill: impl FnOnce(&mut File, &Path) -> Result<()>,
) -> Result<()> {
    let folder = folder_of(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // tempfile creates the file with mode 0600 and O_EXCL, in the target's own folder so
    // the rename below never crosses file systems.
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(|e| failed(path, e))?;
    let temp_path = temp.path().to_path_buf();
    fill(temp.as_file_mut(), &temp_path)?;
    temp.as_file().sync_all().map_err(|e| failed(path, e))?;
    if replace {
        temp.persist(path).map_err(|e| failed(path, e.error))?;
    } else {
        temp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == ErrorKind::AlreadyExists {
                anyhow::Error::from(
                    Failure::usage(format!("{} already exists", path.display()))
                        .hint("pass --force to replace it"),
                )
            } else {
                failed(path, e.error)
            }
        })?;
    }
    // The rename is durable once the folder itself is synced.
    if let Ok(dir) = File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A write that failed, with a hint that fits why.
pub fn failed(path: &Path, e: std::io::Error) -> anyhow::Error {
    let hint = check_hint(&e);
    Failure::usage(format!("could not write {}: {e}", path.display()))
        .hint(hint)
        .into()
}

/// A hint that fits why a file could not be written.
fn check_hint(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "the disk is full: free some space and try again; any old file was left whole"
        }
        ErrorKind::ReadOnlyFilesystem => "that disk is read-only: choose a path on another one",
        ErrorKind::PermissionDenied => "you cannot write to that folder: choose another path",
        ErrorKind::NotFound => "check that the folder exists",
        _ => "choose another path",
    }
    .to_string()
}

/// The folder a path's file lives in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// True when `a` and `b` name the same file: the same device and inode when both exist,
/// or the same name in the same (resolved) folder when one does not exist yet.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
        return x.dev() == y.dev() && x.ino() == y.ino();
    }
    let place = |p: &Path| {
        let folder = std::fs::canonicalize(folder_of(p)).ok()?;
        Some(folder.join(p.file_name()?))
    };
    matches!((place(a), place(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_new_file_is_written_private_and_an_old_one_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("map.svg");
        assert_eq!(check(&path, &[]).unwrap(), Target::New);
        write_atomic(&path, b"one", false).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        assert_eq!(check(&path, &[]).unwrap(), Target::Existing);
        let err = write_atomic(&path, b"two", false).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_atomic(&path, b"two", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_map_and_other_names_for_it_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("supportmap.db");
        std::fs::write(&db, b"map").unwrap();
        let link = dir.path().join("hard.db");
        std::fs::hard_link(&db, &link).unwrap();
        let wal = dir.path().join("supportmap.db-wal");
        let protected = [db.clone(), wal.clone()];
        for target in [
            &db,
            &link,
            &wal,
            &dir.path().join(".").join("supportmap.db"),
        ] {
            let err = check(target, &protected).unwrap_err();
            assert!(err.to_string().contains("your map's database"), "{err}");
        }
    }

    #[test]
    fn links_folders_and_pipes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.svg");
        std::fs::write(&real, b"x").unwrap();
        let link = dir.path().join("link.svg");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(
            check(&link, &[])
                .unwrap_err()
                .to_string()
                .contains("symbolic link")
        );
        assert!(
            check(dir.path(), &[])
                .unwrap_err()
                .to_string()
                .contains("folder")
        );
        let missing = dir.path().join("nowhere").join("map.svg");
        assert!(
            check(&missing, &[])
                .unwrap_err()
                .to_string()
                .contains("does not exist")
        );
    }
}
