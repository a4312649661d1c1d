//! Exports sealed with a passphrase, in age's format (its passphrase mode: scrypt, then
//! ChaCha20-Poly1305), so the standard `age` tool opens them too: `age -d FILE`.
//!
//! An export of an encrypted map is sealed with the map's own passphrase; `import`
//! recognises a sealed file by its first bytes (binary or armoured) whatever its name.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::Failure;

/// True when a file starting with these bytes is an age file, binary or armoured.
pub fn is_sealed(start: &[u8]) -> bool {
    start.starts_with(b"age-encryption.org/") || start.starts_with(b"-----BEGIN AGE ENCRYPTED FILE")
}

/// The name a sealed file's contents go by: `map.json.age` holds `map.json`.
pub fn inner_name(path: &Path) -> PathBuf {
    match path.extension() {
        Some(ext) if ext.eq_ignore_ascii_case("age") => path.with_extension(""),
        _ => path.to_path_buf(),
    }
}

/// What a sealed file's contents that do not decrypt are called: a file cut short, or
/// changed since it was written.
pub const DAMAGED: &str = "the encrypted export is cut short or damaged";

/// Why a sealed file could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// The passphrase given is not the one the file was sealed with.
    WrongPassphrase,
    /// The file is sealed some other way (for an age key, not a passphrase).
    NotAPassphrase,
    /// The file is not a whole age file, or this build cannot open one.
    Unreadable(String),
}

#[cfg(feature = "encryption")]
mod with_age {
    use std::io::{BufRead, BufReader, Write};

    use age::secrecy::SecretString;
    use anyhow::Result;

    use super::OpenError;

    /// The check-ins of a long history are sealed as they are written.
    pub struct Sealing<W: Write>(age::stream::StreamWriter<W>);

    impl<W: Write> Write for Sealing<W> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.0.flush()
        }
    }

    pub fn seal<W: Write>(out: W, passphrase: &str) -> Result<Sealing<W>> {
        let encryptor =
            age::Encryptor::with_user_passphrase(SecretString::from(passphrase.to_owned()));
        Ok(Sealing(encryptor.wrap_output(out)?))
    }

    pub fn finish<W: Write>(sealing: Sealing<W>) -> Result<W> {
        Ok(sealing.0.finish()?)
    }

    pub fn open<'a, R: BufRead + 'a>(
        input: R,
        passphrase: &str,
    ) -> Result<Box<dyn BufRead + 'a>, OpenError> {
        let armoured = age::armor::ArmoredReader::new(input);
        let decryptor = age::Decryptor::new(armoured).map_err(unreadable)?;
        if !decryptor.is_scrypt() {
            return Err(OpenError::NotAPassphrase);
        }
        let identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
        let reader = decryptor
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .map_err(|e| match e {
                age::DecryptError::NoMatchingKeys | age::DecryptError::DecryptionFailed => {
                    OpenError::WrongPassphrase
                }
                e => unreadable(e),
            })?;
        Ok(Box::new(BufReader::with_capacity(
            64 * 1024,
            Damaged(reader),
        )))
    }

    /// age's reader, with a chunk that does not decrypt (a file cut short or changed)
    /// said in plain words.
    struct Damaged<R>(R);

    impl<R: std::io::Read> std::io::Read for Damaged<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.0.read(buf).map_err(|e| match e.kind() {
                std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof => {
                    std::io::Error::new(std::io::ErrorKind::InvalidData, super::DAMAGED)
                }
                _ => e,
            })
        }
    }

    fn unreadable(e: age::DecryptError) -> OpenError {
        OpenError::Unreadable(e.to_string())
    }
}

#[cfg(feature = "encryption")]
pub use with_age::{Sealing, finish, seal};

/// Opens a sealed file's contents with `passphrase`, to be read as they come.
#[cfg(feature = "encryption")]
pub fn open<'a, R: BufRead + 'a>(
    input: R,
    passphrase: &str,
) -> Result<Box<dyn BufRead + 'a>, OpenError> {
    with_age::open(input, passphrase)
}

/// Without encryption built in, a sealed file can only be named, not opened.
#[cfg(not(feature = "encryption"))]
pub fn open<'a, R: BufRead + 'a>(
    _input: R,
    _passphrase: &str,
) -> Result<Box<dyn BufRead + 'a>, OpenError> {
    Err(OpenError::Unreadable(
        "this supportmap was built without encryption".to_string(),
    ))
}

/// Seals what `write` writes into `out` with `passphrase`.
pub fn sealed_with(
    out: &mut dyn Write,
    passphrase: &str,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    #[cfg(feature = "encryption")]
    {
        let mut sealing = seal(out, passphrase)?;
        write(&mut sealing)?;
        finish(sealing)?.flush()?;
        Ok(())
    }
    #[cfg(not(feature = "encryption"))]
    {
        let _ = (out, passphrase, write);
        Err(
            Failure::usage("this supportmap was built without encryption")
                .hint("install the build with encryption: cargo install --locked --path . --features encryption")
                .into(),
        )
    }
}

/// The one-line error for a sealed file that could not be opened.
pub fn open_failed(path: &Path, e: OpenError) -> anyhow::Error {
    let shown = path.display();
    match e {
        OpenError::WrongPassphrase => Failure::usage(format!(
            "the passphrase does not open {shown}"
        ))
        .hint("give the passphrase it was exported with (on a terminal supportmap asks; otherwise --passphrase-file FILE); nothing was imported")
        .into(),
        OpenError::NotAPassphrase => Failure::usage(format!(
            "{shown} is encrypted to an age key, not with a passphrase"
        ))
        .hint(format!(
            "open it with age first (age -d -i KEY -o plain.json {}), then import that",
            crate::domain::names::shell_arg(&path.to_string_lossy())
        ))
        .into(),
        OpenError::Unreadable(why) if !cfg!(feature = "encryption") => Failure::usage(format!(
            "{shown} is encrypted (age), and {why}"
        ))
        .hint(format!(
            "open it with age first (age -d -o plain.json {}), or install the build with encryption: cargo install --locked --path . --features encryption",
            crate::domain::names::shell_arg(&path.to_string_lossy())
        ))
        .into(),
        OpenError::Unreadable(why) => Failure::usage(format!(
            "{shown} could not be opened as an encrypted export: {why}"
        ))
        .hint("check that the file is whole (a copy cut short cannot be opened); nothing was imported")
        .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_files_are_known_by_their_first_bytes() {
        assert!(is_sealed(b"age-encryption.org/v1\n-> scrypt"));
        assert!(is_sealed(b"-----BEGIN AGE ENCRYPTED FILE-----\n"));
        assert!(!is_sealed(b"{\"format\": \"supportmap\""));
        assert!(!is_sealed(b"SQLite format 3\0"));
    }

    #[test]
    fn the_inner_name_drops_only_an_age_extension() {
        assert_eq!(
            inner_name(Path::new("a/map.json.age")),
            Path::new("a/map.json")
        );
        assert_eq!(inner_name(Path::new("map.AGE")), Path::new("map"));
        assert_eq!(inner_name(Path::new("map.json")), Path::new("map.json"));
    }

    #[cfg(feature = "encryption")]
    #[test]
    fn a_sealed_export_opens_with_its_passphrase_only() {
        use std::io::Read;

        let mut out = Vec::new();
        sealed_with(&mut out, "river walk", |w| {
            w.write_all(b"{\"format\": \"supportmap\"}")?;
            Ok(())
        })
        .unwrap();
        assert!(is_sealed(&out));
        assert!(!out.windows(10).any(|w| w == b"supportmap"));
        let mut text = String::new();
        open(&out[..], "river walk")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "{\"format\": \"supportmap\"}");
        assert!(matches!(
            open(&out[..], "river wall").err(),
            Some(OpenError::WrongPassphrase)
        ));
        // Cut short, it is refused rather than read in part.
        let cut = &out[..out.len() - 5];
        let mut reader = open(cut, "river walk").unwrap();
        assert!(reader.read_to_string(&mut String::new()).is_err());
    }
}
