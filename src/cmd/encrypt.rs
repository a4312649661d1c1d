//! `supportmap encrypt`, `decrypt` and `passphrase`: encryption at rest, and the plain
//! crisis card kept beside an encrypted map so the numbers are never locked away.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::Env;
use crate::cli::{EncryptArgs, PassphraseArgs};
use crate::db::{self, Db, Location, key};
use crate::domain::Supporter;
use crate::domain::settings::Settings;
use crate::error::Failure;
use crate::prompt;

/// The plain crisis card beside an encrypted map: `supportmap.db.crisis.txt`.
pub fn card_path(map: &Path) -> PathBuf {
    db::sidecar(map, ".crisis.txt")
}

fn not_built() -> anyhow::Error {
    Failure::usage("this supportmap was built without encryption")
        .hint("install the build with encryption: cargo install --locked --path . --features encryption")
        .into()
}

/// The map file, which must exist.
fn existing_map(loc: &Location, what: &str) -> Result<()> {
    loc.ensure_present()?;
    if db::file_kind(&loc.path)?.is_none() {
        return Err(Failure::usage(format!("there is no map to {what} yet"))
            .hint("add someone first: supportmap add NAME --category CATEGORY")
            .into());
    }
    Ok(())
}

/// The fewest characters a new passphrase may have.
const SHORTEST: usize = 8;

/// A new passphrase: from a file (scripts), or asked twice on a terminal; at least
/// [`SHORTEST`] characters.
fn new_passphrase(file: Option<&Path>) -> Result<String> {
    let chosen = chosen_passphrase(file)?;
    let length = chosen.chars().count();
    if length < SHORTEST {
        return Err(Failure::usage(format!(
            "the passphrase has {length} character{}; supportmap asks for at least {SHORTEST}, so it cannot be guessed quickly",
            if length == 1 { "" } else { "s" }
        ))
        .hint("a few words you can remember work well, such as three or four with spaces between; nothing was changed")
        .into());
    }
    Ok(chosen)
}

fn chosen_passphrase(file: Option<&Path>) -> Result<String> {
    if let Some(file) = file {
        return key::read_passphrase_file(file);
    }
    if !prompt::can_prompt() {
        return Err(Failure::usage("a new passphrase is asked on a terminal")
            .hint("from a script, give it in a file only you can read: --passphrase-file FILE (for encrypt) or --new-passphrase-file FILE (for passphrase)")
            .into());
    }
    let first = key::ask("New passphrase: ")?;
    if first.is_empty() {
        return Err(
            Failure::usage("the passphrase is empty; nothing was changed")
                .hint("choose a passphrase you can remember: a few words work well")
                .into(),
        );
    }
    let again = key::ask("The same again: ")?;
    if first != again {
        return Err(
            Failure::usage("the two passphrases differ; nothing was changed")
                .hint("run the command again and type the same passphrase twice")
                .into(),
        );
    }
    Ok(first)
}

pub fn encrypt(loc: &Location, args: &EncryptArgs, env: &Env) -> Result<()> {
    if !key::BUILT_IN {
        return Err(not_built());
    }
    existing_map(loc, "encrypt")?;
    if key::is_encrypted(&loc.path) {
        // Already encrypted: --plain-card and --no-plain-card keep or drop the card.
        let card = card_path(&loc.path);
        if args.plain_card {
            Db::open(&loc.path)?;
            write_card(&loc.path, env)?;
            return env.out.say(&format!(
                "Kept a plain crisis card in {}: `supportmap crisis` shows it without the passphrase.",
                card.display()
            ));
        }
        if args.no_plain_card {
            remove_card(&card)?;
            return env.out.say(
                "Removed the plain crisis card: `supportmap crisis` now asks for the passphrase.",
            );
        }
        return Err(Failure::usage(format!("{} is already encrypted", loc.path.display()))
            .hint("`supportmap passphrase` changes its passphrase; `supportmap decrypt` makes it plain again; --plain-card or --no-plain-card keeps or drops the plain crisis card")
            .into());
    }
    let db = Db::open(&loc.path)?;
    let passphrase = new_passphrase(key::source().as_deref())?;
    let keep_card = if args.no_plain_card {
        false
    } else if args.plain_card || !prompt::can_prompt() {
        true
    } else {
        prompt::confirm(
            "Keep a plain crisis card beside the map, so `supportmap crisis` never needs the passphrase? \
             (names, roles, numbers and hours of your crisis contacts only)",
            true,
        )?
    };
    // The card is written before the map is swapped, so there is never a moment when
    // the map is encrypted and the card not there yet.
    let card = card_path(&loc.path);
    if keep_card {
        let text = card_text(
            &db::supporters::crisis_contacts(db.conn())?,
            &db::settings::load(db.conn())?,
        );
        crate::files::write_atomic(&card, text.as_bytes(), true)?;
    } else {
        remove_card(&card)?;
    }
    db.rewrite(Some(&passphrase))?;
    let backups = crate::files::folder_of(&loc.path).join("backups");
    let plain_backups = std::fs::read_dir(&backups)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "db"))
                .filter(|e| !key::is_encrypted(&e.path()))
                .count()
        })
        .unwrap_or(0);
    env.out.say(&format!(
        "Encrypted {}. Each command now asks for the passphrase on a terminal; cron and scripts \
         can give it with --passphrase-file FILE. A forgotten passphrase cannot be recovered.",
        loc.path.display()
    ))?;
    if keep_card {
        env.out.say(&format!(
            "The crisis card stays readable without it, in {}.",
            card.display()
        ))?;
    }
    if plain_backups > 0 {
        env.out.say(&format!(
            "{plain_backups} backup{} made before, in {}, {} still plain: remove {} if {} should not be readable (new backups are encrypted).",
            if plain_backups == 1 { "" } else { "s" },
            backups.display(),
            if plain_backups == 1 { "is" } else { "are" },
            if plain_backups == 1 { "it" } else { "them" },
            if plain_backups == 1 { "it" } else { "they" },
        ))?;
    }
    Ok(())
}

pub fn decrypt(loc: &Location, env: &Env) -> Result<()> {
    if !key::BUILT_IN {
        return Err(not_built());
    }
    existing_map(loc, "decrypt")?;
    if !key::is_encrypted(&loc.path) {
        return Err(
            Failure::usage(format!("{} is not encrypted", loc.path.display()))
                .hint("nothing to do; `supportmap encrypt` encrypts it")
                .into(),
        );
    }
    let db = Db::open(&loc.path)?;
    db.rewrite(None)?;
    let card = card_path(&loc.path);
    let had_card = card.exists();
    remove_card(&card)?;
    env.out.say(&format!(
        "Decrypted {}: it opens without a passphrase now.{}",
        loc.path.display(),
        if had_card {
            " The plain crisis card beside it is no longer needed and was removed."
        } else {
            ""
        }
    ))
}

pub fn passphrase(loc: &Location, args: &PassphraseArgs, env: &Env) -> Result<()> {
    if !key::BUILT_IN {
        return Err(not_built());
    }
    existing_map(loc, "protect")?;
    if !key::is_encrypted(&loc.path) {
        return Err(
            Failure::usage(format!("{} is not encrypted", loc.path.display()))
                .hint("`supportmap encrypt` encrypts it with a passphrase")
                .into(),
        );
    }
    // The old passphrase opens it (asked, or from --passphrase-file).
    let db = Db::open(&loc.path)?;
    let new = new_passphrase(args.new_passphrase_file.as_deref())?;
    if key::current().is_some_and(|old| old == new) {
        return Err(Failure::usage(
            "the new passphrase is the one the map already has; nothing was changed",
        )
        .hint("choose a different one (--new-passphrase-file FILE, or on a terminal as asked)")
        .into());
    }
    db.rewrite(Some(&new))?;
    env.out
        .say("Changed the passphrase. The old one no longer opens the map.")
}

fn remove_card(card: &Path) -> Result<()> {
    match std::fs::remove_file(card) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(crate::files::failed(card, e)),
    }
}

/// The crisis card as kept on disk, as on paper.
fn card_text(supporters: &[Supporter], settings: &Settings) -> String {
    format!(
        "The crisis card from your encrypted map, kept plain so it never needs the passphrase.\n\
         supportmap writes it again whenever the map changes.\n\n{}",
        super::crisis::paper_card(supporters, settings, 72)
    )
}

/// Writes the plain crisis card beside an encrypted map (0600, atomically).
fn write_card(map: &Path, env: &Env) -> Result<()> {
    let (supporters, settings) = super::crisis::read_card(map, env)?;
    let text = card_text(&supporters, &settings);
    let card = card_path(map);
    if std::fs::read_to_string(&card).is_ok_and(|old| old == text) {
        return Ok(());
    }
    crate::files::write_atomic(&card, text.as_bytes(), true)
}

/// After a command: an encrypted map's plain card, when the user keeps one, follows the
/// map. Only when this run already knows the passphrase (nothing is asked for it).
pub fn refresh_card(map: &Path, env: &Env) -> Result<()> {
    if key::is_encrypted(map) && card_path(map).exists() {
        write_card(map, env)?;
    }
    Ok(())
}

/// The plain card, for `crisis` on an encrypted map when no passphrase is at hand.
pub fn plain_card(map: &Path) -> Option<String> {
    if !key::is_encrypted(map) {
        return None;
    }
    std::fs::read_to_string(card_path(map)).ok()
}
