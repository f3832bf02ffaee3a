//! The profiles a session can be opened with, as the core holds them: what the connect
//! screen shows of each (never a secret) and the client settings a session opens with. A
//! profile is the unit of a session: connecting takes one, whole.
//!
//! They come from the settings (`config::Profiles`), loaded by the shell at start and again
//! after the connect screen saved one. A secret typed for this session only is kept here, by
//! profile name, and applied again to each reload.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ratatui::style::Color;
use secrecy::SecretString;

use crate::config::{
    ConfigError, ConfigFile, ProfileEntry, ProfileSource, Profiles, SecretSource, Settings,
};
use crate::graph::ClientConfig;

/// What the connect screen shows about a profile. Never holds the secret itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectInfo {
    /// The profile's name; `default` for the top-level settings.
    pub name: String,
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub credential: CredentialInfo,
    pub authority_host: String,
    pub graph_endpoint: String,
    pub read_only: bool,
    /// What is missing or wrong in the settings, one line each, naming where to set it.
    /// Connecting is impossible while this is not empty.
    pub problems: Vec<String>,
    /// `problems` in a few words for the profile's row ("missing client secret (set X)").
    pub status: Option<String>,
    /// Where the settings came from, e.g. "demo tenant served at `http://127.0.0.1:8400`".
    pub source: Option<String>,
    /// Things in the settings worth fixing that do not stop connecting (an unknown key).
    pub warnings: Vec<String>,
    /// The profile's accent colour (`color`).
    pub accent: Option<Color>,
    /// `domains = [...]`: the tenant's domains as the admin lists them, for checking an
    /// import's user names when Graph's list cannot be read.
    pub domains: Vec<String>,
}

/// Which credential the settings name, for the connect screen: never the secret or the key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CredentialInfo {
    /// Neither a client secret nor a certificate.
    #[default]
    Missing,
    /// A client secret (its value is not kept here), and where it comes from.
    Secret { from: SecretFrom },
    /// A certificate that loaded, with its SHA-1 thumbprint as Entra lists it.
    Certificate { path: String, thumbprint: String },
    /// A certificate file that cannot be used; why is in `ConnectInfo::problems`.
    BadCertificate { path: String },
}

/// Where a client secret comes from, as the connect screen names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretFrom {
    /// A setting: a config file or variable (its name or path).
    Setting(String),
    /// The variable `client_secret_env` names; `false` when it is not set.
    Env { var: String, set: bool },
    /// The file `client_secret_file` names; `false` when it cannot be used.
    File { path: String, usable: bool },
    /// Typed on the connect screen, for this session only.
    Typed,
}

/// One profile: what the connect screen shows and what a session with it connects with.
#[derive(Clone, Debug)]
pub struct Profile {
    pub name: String,
    pub source: ProfileSource,
    pub info: ConnectInfo,
    /// What a session with it connects with; `None` while `info.problems` says what is missing.
    pub client: Option<ClientConfig>,
    /// Its effective settings, for the edit form; `None` when they are invalid.
    pub settings: Option<Box<Settings>>,
}

impl Profile {
    /// A profile from its settings (or why they are invalid).
    pub fn new(
        name: &str,
        source: ProfileSource,
        settings: Result<Settings, &ConfigError>,
    ) -> Profile {
        match settings {
            Ok(settings) => Self::from_settings(name, source, settings),
            Err(e) => {
                let problems: Vec<String> =
                    e.problems().iter().map(|p| p.message.clone()).collect();
                Profile {
                    name: name.to_owned(),
                    source,
                    info: ConnectInfo {
                        name: name.to_owned(),
                        status: Some("invalid settings".to_owned()),
                        problems,
                        ..ConnectInfo::default()
                    },
                    client: None,
                    settings: None,
                }
            }
        }
    }

    fn from_settings(name: &str, source: ProfileSource, settings: Settings) -> Profile {
        let (client, problems, status) = match settings.client_config() {
            Ok(client) => (Some(client), Vec::new(), None),
            Err(e) => (
                None,
                e.problems().iter().map(|p| p.message.clone()).collect(),
                Some(settings.readiness()),
            ),
        };
        let from = match &settings.config_file {
            ConfigFile::Explicit(p) | ConfigFile::Found(p) => Some(p.display().to_string()),
            ConfigFile::Absent(_) | ConfigFile::NoConfigDir => None,
        };
        let described = match (&source, from) {
            (ProfileSource::Demo, _) => format!(
                "demo tenant served at {}",
                settings.graph_endpoint.as_str().trim_end_matches('/')
            ),
            (ProfileSource::File, Some(file)) => format!("[profiles.{name}] in {file}"),
            (_, Some(file)) => format!("{file} + environment"),
            (_, None) => match &settings.config_file {
                ConfigFile::Absent(p) => format!("environment (no file at {})", p.display()),
                _ => "environment".to_owned(),
            },
        };
        let info = ConnectInfo {
            name: name.to_owned(),
            tenant_id: settings.tenant_id.clone(),
            client_id: settings.client_id.clone(),
            credential: credential_info(&settings),
            authority_host: settings.authority_host.to_string(),
            graph_endpoint: settings.graph_endpoint.to_string(),
            read_only: settings.read_only,
            problems,
            status,
            source: Some(described),
            warnings: settings.warnings.clone(),
            accent: settings.color,
            domains: settings.domains.clone(),
        };
        Profile {
            name: name.to_owned(),
            source,
            info,
            client,
            settings: Some(Box::new(settings)),
        }
    }

    /// A profile of the config file, which the connect screen may edit and remove.
    pub fn is_in_file(&self) -> bool {
        self.source == ProfileSource::File
    }

    /// The file its secret is kept in (`client_secret_file`), if it names one.
    pub fn secret_file(&self) -> Option<PathBuf> {
        match &self.settings.as_ref()?.secret_source {
            Some(SecretSource::File(path)) => Some(path.clone()),
            _ => None,
        }
    }
}

/// What the connect screen says about the credential: the secret wins over a certificate, as
/// in `Settings::credential`.
fn credential_info(settings: &Settings) -> CredentialInfo {
    let set = settings.client_secret.is_some();
    let from = match (&settings.secret_source, settings.origin("client_secret")) {
        (Some(SecretSource::Env(var)), _) => Some(SecretFrom::Env {
            var: var.clone(),
            set,
        }),
        (Some(SecretSource::File(path)), _) => Some(SecretFrom::File {
            path: path.display().to_string(),
            usable: set,
        }),
        (Some(SecretSource::Typed), _) => Some(SecretFrom::Typed),
        (Some(SecretSource::Value), origin) => Some(SecretFrom::Setting(
            origin.map(ToString::to_string).unwrap_or_default(),
        )),
        (None, _) => None,
    };
    if let Some(from) = from
        && (set || settings.client_certificate_path.is_none())
    {
        return CredentialInfo::Secret { from };
    }
    match (&settings.certificate, &settings.client_certificate_path) {
        (Some(Ok(cert)), _) => CredentialInfo::Certificate {
            path: cert.path().display().to_string(),
            thumbprint: cert.thumbprint().to_owned(),
        },
        (_, Some(path)) => CredentialInfo::BadCertificate {
            path: path.display().to_string(),
        },
        (_, None) => CredentialInfo::Missing,
    }
}

/// Every profile the connect screen lists, and the secrets typed for this session.
#[derive(Clone, Debug, Default)]
pub struct ProfileList {
    pub rows: Vec<Profile>,
    /// The profile `--profile` or `LAZYENTRA_PROFILE` chose, if any.
    pub chosen: Option<String>,
    /// Secrets typed on the connect screen and not saved, by profile: applied again after
    /// every reload, forgotten on exit.
    typed: BTreeMap<String, SecretString>,
}

impl ProfileList {
    pub fn from_config(profiles: &Profiles) -> ProfileList {
        let mut list = ProfileList {
            chosen: profiles.chosen.clone(),
            ..ProfileList::default()
        };
        list.reload(profiles);
        list
    }

    /// One profile from what the connect screen shows and what it connects with (tests, and
    /// code that has no config file).
    pub fn single(info: ConnectInfo, client: Option<ClientConfig>) -> ProfileList {
        ProfileList {
            rows: vec![Profile {
                name: info.name.clone(),
                source: ProfileSource::TopLevel,
                info,
                client,
                settings: None,
            }],
            ..ProfileList::default()
        }
    }

    /// These profiles, in this order (tests and fixtures).
    pub fn from_rows(rows: Vec<Profile>) -> ProfileList {
        ProfileList {
            rows,
            ..ProfileList::default()
        }
    }

    /// The profiles as loaded again after a save, with this session's typed secrets.
    pub fn reload(&mut self, profiles: &Profiles) {
        self.typed
            .retain(|name, _| profiles.entries.iter().any(|e| e.name == *name));
        self.rows = profiles.entries.iter().map(|e| self.row(e)).collect();
    }

    fn row(&self, entry: &ProfileEntry) -> Profile {
        let settings = match (&entry.settings, self.typed.get(&entry.name)) {
            (Ok(settings), Some(secret)) => Ok(settings.clone().with_typed_secret(secret.clone())),
            (Ok(settings), None) => Ok(settings.clone()),
            (Err(e), _) => Err(e),
        };
        Profile::new(&entry.name, entry.source.clone(), settings)
    }

    /// Uses `secret` for profile `name` until lazyentra exits.
    pub fn set_typed_secret(&mut self, name: &str, secret: SecretString) {
        self.typed.insert(name.to_owned(), secret);
        if let Some(row) = self.rows.iter_mut().find(|r| r.name == name)
            && let Some(settings) = row.settings.take()
        {
            let settings = settings.with_typed_secret(self.typed[name].clone());
            *row = Profile::from_settings(name, row.source.clone(), settings);
        }
    }

    /// Forgets a typed secret (the profile now names a saved one, or is gone).
    pub fn forget_typed_secret(&mut self, name: &str) {
        self.typed.remove(name);
    }

    pub fn find(&self, name: &str) -> Option<&Profile> {
        self.rows.iter().find(|r| r.name == name)
    }

    /// The row a session starts on: the chosen profile, else the first one.
    pub fn start_index(&self) -> usize {
        self.chosen
            .as_deref()
            .and_then(|name| self.rows.iter().position(|r| r.name == name))
            .unwrap_or(0)
    }
}

/// What the shell did with a profile the connect screen saved or removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileWrite {
    Saved(crate::config::write::Saved),
    Removed(crate::config::write::Removed),
}

/// The answer to a save or a removal: what happened to the files and, after a write, every
/// profile loaded again (or why they no longer load).
#[derive(Clone, Debug)]
pub struct ProfilesWritten {
    pub result: Result<ProfileWrite, crate::config::write::WriteError>,
    pub profiles: Option<Result<Profiles, ConfigError>>,
}
