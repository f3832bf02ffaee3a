//! Writing profiles into the config file. Only the one `[profiles.NAME]` table changes: the
//! file is edited in place with `toml_edit`, so the admin's comments, blank lines and order
//! stay as they were. A secret is never written there: when it is to be kept, it goes in a
//! file of its own (0600, in a 0700 folder) that the table names as `client_secret_file`.
//!
//! The text edits are pure functions; [`save_profile`] and [`remove_profile`] do the file
//! work, for the runtime to call.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret as _, SecretString};
use toml_edit::{DocumentMut, Item, Table, value};

use super::catalog::{CREDENTIALS, PROFILES_TABLE};
use super::views::{SavedView, VIEWS_TABLE, to_table};

/// How a profile signs in, as the connect screen's form sets it.
#[derive(Clone, Debug)]
pub enum CredentialChange {
    /// Leave the table's credential as it is.
    Keep,
    /// A secret typed for this session only: the table names no secret source.
    SessionSecret(SecretString),
    /// A secret typed and kept in the profile's secret file, which the table names.
    SavedSecret(SecretString),
    /// The secret is in this environment variable (`client_secret_env`).
    SecretEnv(String),
    /// A certificate file (`client_certificate_path`).
    Certificate(PathBuf),
}

impl PartialEq for CredentialChange {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Keep, Self::Keep) => true,
            (Self::SessionSecret(a), Self::SessionSecret(b))
            | (Self::SavedSecret(a), Self::SavedSecret(b)) => {
                a.expose_secret() == b.expose_secret()
            }
            (Self::SecretEnv(a), Self::SecretEnv(b)) => a == b,
            (Self::Certificate(a), Self::Certificate(b)) => a == b,
            _ => false,
        }
    }
}

/// One profile added or changed from the connect screen. `None` leaves a setting as it is.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileChange {
    pub name: String,
    /// Adding: a table of that name must not exist yet. Editing: it must.
    pub is_new: bool,
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub read_only: Option<bool>,
    pub credential: CredentialChange,
}

/// What a save did, for the screen to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub name: String,
    pub config_file: PathBuf,
    /// Where the secret was kept, when it was.
    pub secret_file: Option<PathBuf>,
}

/// What a removal did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    pub name: String,
    pub config_file: PathBuf,
    pub secret_file: Option<PathBuf>,
}

/// Why the config file was not changed; each says what to do. Nothing is half-written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    #[error(
        "{} already has a profile named {name}: choose another name, or edit that one",
        file.display()
    )]
    Exists { name: String, file: PathBuf },
    #[error(
        "{} no longer has [profiles.{name}] (was the file changed meanwhile?): nothing was saved",
        file.display()
    )]
    Gone { name: String, file: PathBuf },
    #[error("{} is not valid TOML now ({reason}): fix it, then save again", file.display())]
    Parse { file: PathBuf, reason: String },
    #[error(
        "there is no config directory to save profiles in: set XDG_CONFIG_HOME or HOME, or start with --config FILE"
    )]
    NoConfigDir,
    #[error("cannot {what} {}: {reason}; nothing in the config file was changed", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        reason: String,
    },
}

/// `text` with `change` applied to its `[profiles.NAME]` table; `secret_file` is what a kept
/// secret is named by.
pub fn apply_change(
    text: &str,
    file: &Path,
    change: &ProfileChange,
    secret_file: Option<&Path>,
) -> Result<String, WriteError> {
    let mut doc = parse(text, file)?;
    let had_text = !text.trim().is_empty();
    let profiles = profiles_table(&mut doc, file)?;
    let exists = profiles.contains_key(&change.name);
    if change.is_new && exists {
        return Err(WriteError::Exists {
            name: change.name.clone(),
            file: file.to_owned(),
        });
    }
    if !change.is_new && !exists {
        return Err(WriteError::Gone {
            name: change.name.clone(),
            file: file.to_owned(),
        });
    }
    if change.is_new {
        let mut table = Table::new();
        if had_text {
            // A blank line before a new table, as a person would leave one.
            table.decor_mut().set_prefix("\n");
        }
        profiles.insert(&change.name, Item::Table(table));
    }
    let Some(table) = profiles.get_mut(&change.name).and_then(Item::as_table_mut) else {
        return Err(WriteError::Parse {
            file: file.to_owned(),
            reason: format!("profiles.{} is not a table", change.name),
        });
    };
    if let Some(tenant) = &change.tenant_id {
        table["tenant_id"] = value(tenant.as_str());
    }
    if let Some(client) = &change.client_id {
        table["client_id"] = value(client.as_str());
    }
    if let Some(read_only) = change.read_only {
        table["read_only"] = value(read_only);
    }
    if change.credential != CredentialChange::Keep {
        for name in CREDENTIALS {
            table.remove(name);
        }
    }
    match &change.credential {
        CredentialChange::Keep | CredentialChange::SessionSecret(_) => {}
        CredentialChange::SavedSecret(_) => {
            if let Some(path) = secret_file {
                table["client_secret_file"] = value(path.display().to_string());
            }
        }
        CredentialChange::SecretEnv(var) => table["client_secret_env"] = value(var.as_str()),
        CredentialChange::Certificate(path) => {
            table["client_certificate_path"] = value(path.display().to_string());
        }
    }
    Ok(doc.to_string())
}

/// `text` without its `[profiles.NAME]` table (and without `[profiles]` when that was the
/// last one and the file never wrote it out).
pub fn remove_from(text: &str, file: &Path, name: &str) -> Result<String, WriteError> {
    let mut doc = parse(text, file)?;
    let gone = || WriteError::Gone {
        name: name.to_owned(),
        file: file.to_owned(),
    };
    let profiles = doc
        .get_mut(PROFILES_TABLE)
        .and_then(Item::as_table_mut)
        .ok_or_else(gone)?;
    profiles.remove(name).ok_or_else(gone)?;
    if profiles.is_empty() && profiles.is_implicit() {
        doc.remove(PROFILES_TABLE);
    }
    Ok(doc.to_string())
}

fn parse(text: &str, file: &Path) -> Result<DocumentMut, WriteError> {
    text.parse::<DocumentMut>().map_err(|e| WriteError::Parse {
        file: file.to_owned(),
        reason: e.message().trim().to_owned(),
    })
}

/// The `[profiles]` table, made (implicit, so only `[profiles.NAME]` headers show) if absent.
fn profiles_table<'d>(doc: &'d mut DocumentMut, file: &Path) -> Result<&'d mut Table, WriteError> {
    named_table(doc, PROFILES_TABLE, file)
}

/// The top-level table `name`, made implicit (only `[name.X]` headers show) if absent.
fn named_table<'d>(
    doc: &'d mut DocumentMut,
    name: &str,
    file: &Path,
) -> Result<&'d mut Table, WriteError> {
    if !doc.contains_key(name) {
        let mut table = Table::new();
        table.set_implicit(true);
        doc.insert(name, Item::Table(table));
    }
    doc.get_mut(name)
        .and_then(Item::as_table_mut)
        .ok_or_else(|| WriteError::Parse {
            file: file.to_owned(),
            reason: format!("{name} is not a table"),
        })
}

/// `text` with `[views.NAME]` set to `view`: added at the end, or, when the file has it,
/// replaced where it is. Every other line of the file stays as it was.
pub fn apply_view(
    text: &str,
    file: &Path,
    name: &str,
    view: &SavedView,
) -> Result<String, WriteError> {
    let mut doc = parse(text, file)?;
    let had_text = !text.trim().is_empty();
    // What ends the file after its last key (comments under an empty last table) stays
    // where it is: above the new table, not below it.
    let trailing = doc.trailing().as_str().unwrap_or_default().to_owned();
    let views = named_table(&mut doc, VIEWS_TABLE, file)?;
    let mut table = to_table(view);
    let replaced = match views.get(name).and_then(Item::as_table) {
        // Where it was, with the comments above its header.
        Some(old) => {
            *table.decor_mut() = old.decor().clone();
            table.set_position(old.position());
            true
        }
        None if had_text => {
            let gap = if trailing.ends_with("\n\n") { "" } else { "\n" };
            table.decor_mut().set_prefix(format!("{trailing}{gap}"));
            false
        }
        None => false,
    };
    views.insert(name, Item::Table(table));
    if !replaced && had_text {
        doc.set_trailing("");
    }
    Ok(doc.to_string())
}

/// Saves `view` as `[views.NAME]` in `config_file` (created, 0600, if missing), replacing a
/// view of that name; the file is replaced whole, at once, as for profiles.
pub fn save_view(config_file: &Path, name: &str, view: &SavedView) -> Result<PathBuf, WriteError> {
    let text = read_or_empty(config_file)?;
    let edited = apply_view(&text, config_file, name, view)?;
    write_atomically(config_file, &edited)?;
    Ok(config_file.to_owned())
}

/// Where the profile's kept secret goes: `<dir>/NAME`.
pub fn secret_path(secrets_dir: &Path, name: &str) -> PathBuf {
    secrets_dir.join(name)
}

/// Adds or changes a profile in `config_file` (created, 0600, if missing). A secret to keep is
/// written to `secrets_dir/NAME` first, so the file never names a secret that is not there;
/// if the config file then cannot be written, that secret file is taken back.
pub fn save_profile(
    config_file: &Path,
    secrets_dir: &Path,
    change: &ProfileChange,
) -> Result<Saved, WriteError> {
    let text = read_or_empty(config_file)?;
    let secret_file = match &change.credential {
        CredentialChange::SavedSecret(_) => Some(secret_path(secrets_dir, &change.name)),
        _ => None,
    };
    let edited = apply_change(&text, config_file, change, secret_file.as_deref())?;
    let staged = match (&change.credential, &secret_file) {
        (CredentialChange::SavedSecret(secret), Some(path)) => {
            Some(stage_secret(secrets_dir, path, secret)?)
        }
        _ => None,
    };
    if let Err(e) = write_atomically(config_file, &edited) {
        if let Some(staged) = &staged {
            let _ = std::fs::remove_file(staged);
        }
        return Err(e);
    }
    if let (Some(staged), Some(path)) = (&staged, &secret_file) {
        std::fs::rename(staged, path).map_err(|e| WriteError::Io {
            what: "put the secret in",
            path: path.clone(),
            reason: e.to_string(),
        })?;
    }
    Ok(Saved {
        name: change.name.clone(),
        config_file: config_file.to_owned(),
        secret_file,
    })
}

/// Removes `[profiles.NAME]` from `config_file`, then `secret_file` if given (already gone
/// is fine).
pub fn remove_profile(
    config_file: &Path,
    name: &str,
    secret_file: Option<&Path>,
) -> Result<Removed, WriteError> {
    let text = read_or_empty(config_file)?;
    let edited = remove_from(&text, config_file, name)?;
    write_atomically(config_file, &edited)?;
    if let Some(path) = secret_file {
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(WriteError::Io {
                    what: "delete the secret file",
                    path: path.to_owned(),
                    reason: format!("{e} (the profile itself was removed)"),
                });
            }
        }
    }
    Ok(Removed {
        name: name.to_owned(),
        config_file: config_file.to_owned(),
        secret_file: secret_file.map(Path::to_owned),
    })
}

fn read_or_empty(path: &Path) -> Result<String, WriteError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(WriteError::Io {
            what: "read",
            path: path.to_owned(),
            reason: e.to_string(),
        }),
    }
}

/// The secret in a temporary file beside where it goes, 0600 in a 0700 folder.
fn stage_secret(dir: &Path, path: &Path, secret: &SecretString) -> Result<PathBuf, WriteError> {
    crate::private_files::private_dir(dir).map_err(io("make the secrets folder", dir))?;
    let staged = path.with_extension("new");
    let _ = std::fs::remove_file(&staged);
    let mut file = crate::private_files::create_private(&staged)
        .map_err(io("write the secret to", &staged))?;
    file.write_all(secret.expose_secret().as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .and_then(|()| file.sync_all())
        .map_err(io("write the secret to", &staged))?;
    Ok(staged)
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`: the config
/// file is the old one or the new one, never half of either. An existing file keeps its
/// permissions; a new one is 0600 (it may hold a secret one day).
fn write_atomically(path: &Path, text: &str) -> Result<(), WriteError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io("make the folder of", path))?;
    }
    let staged = path.with_extension(format!("toml.{}.new", std::process::id()));
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    // A leftover of a crashed run with the same pid: `create_private` never writes through one.
    let _ = std::fs::remove_file(&staged);
    let written = (|| {
        let mut file = crate::private_files::create_private(&staged)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        if let Some(permissions) = permissions {
            std::fs::set_permissions(&staged, permissions)?;
        }
        std::fs::rename(&staged, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&staged);
    }
    written.map_err(io("write", path))
}

/// Turns an I/O error about `path` into the error the screen shows.
fn io(what: &'static str, path: &Path) -> impl Fn(std::io::Error) -> WriteError + use<> {
    let path = path.to_owned();
    move |e| WriteError::Io {
        what,
        path: path.clone(),
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(name: &str) -> ProfileChange {
        ProfileChange {
            name: name.to_owned(),
            is_new: true,
            tenant_id: Some("fabrikam.onmicrosoft.com".to_owned()),
            client_id: Some("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0".to_owned()),
            read_only: Some(true),
            credential: CredentialChange::SecretEnv("FABRIKAM_SECRET".to_owned()),
        }
    }

    const FILE: &str = "# my lazyentra settings\n\
        tenant_id = \"contoso.onmicrosoft.com\"   # production\n\
        page_size = 500\n\
        \n\
        [keys]\n\
        # a capital D, so a stray d cannot delete\n\
        delete = \"D\"\n";

    #[test]
    fn adding_keeps_every_comment_and_appends_one_table() {
        let out = apply_change(FILE, Path::new("c.toml"), &change("fabrikam"), None).unwrap();
        assert!(out.starts_with(FILE), "{out}");
        assert_eq!(
            &out[FILE.len()..],
            "\n[profiles.fabrikam]\ntenant_id = \"fabrikam.onmicrosoft.com\"\n\
             client_id = \"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\"\nread_only = true\n\
             client_secret_env = \"FABRIKAM_SECRET\"\n"
        );
    }

    #[test]
    fn editing_changes_only_what_changed_and_swaps_the_credential() {
        let text = "[profiles.a]  # test tenant\n# the app\nclient_id = \"x\"\nclient_secret_env = \"A\"\ncolor = \"red\" # keep\n";
        let edit = ProfileChange {
            is_new: false,
            tenant_id: None,
            client_id: None,
            read_only: None,
            credential: CredentialChange::SavedSecret(SecretString::from("s")),
            ..change("a")
        };
        let out = apply_change(text, Path::new("c.toml"), &edit, Some(Path::new("/s/a"))).unwrap();
        assert_eq!(
            out,
            "[profiles.a]  # test tenant\n# the app\nclient_id = \"x\"\ncolor = \"red\" # keep\nclient_secret_file = \"/s/a\"\n"
        );
        assert!(
            !out.contains('s') || !out.contains("= \"s\""),
            "the secret is never written"
        );
    }

    #[test]
    fn adding_an_existing_name_or_editing_a_gone_one_is_refused() {
        let text = "[profiles.a]\nclient_id = \"x\"\n";
        let e = apply_change(text, Path::new("c.toml"), &change("a"), None).unwrap_err();
        assert!(matches!(e, WriteError::Exists { .. }), "{e}");
        let edit = ProfileChange {
            is_new: false,
            ..change("b")
        };
        let e = apply_change(text, Path::new("c.toml"), &edit, None).unwrap_err();
        assert!(e.to_string().contains("no longer has [profiles.b]"), "{e}");
        let e = apply_change("x = [", Path::new("c.toml"), &change("b"), None).unwrap_err();
        assert!(e.to_string().contains("is not valid TOML now"), "{e}");
    }

    #[test]
    fn removing_takes_the_table_and_leaves_the_rest() {
        let text = "page_size = 5 # mine\n\n[profiles.a]\nclient_id = \"x\"\n\n[profiles.b]\nclient_id = \"y\"\n";
        let out = remove_from(text, Path::new("c.toml"), "a").unwrap();
        assert_eq!(
            out,
            "page_size = 5 # mine\n\n[profiles.b]\nclient_id = \"y\"\n"
        );
        let out = remove_from(&out, Path::new("c.toml"), "b").unwrap();
        assert_eq!(out, "page_size = 5 # mine\n");
        assert!(remove_from(&out, Path::new("c.toml"), "b").is_err());
    }

    #[test]
    fn into_an_empty_file() {
        let out = apply_change("", Path::new("c.toml"), &change("a"), None).unwrap();
        assert!(out.starts_with("[profiles.a]\ntenant_id"), "{out}");
    }
}
