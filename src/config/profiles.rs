//! Connection profiles: the top-level settings (the `default` profile) and each
//! `[profiles.NAME]` of the config file, each loaded through the same layers, so a profile is
//! complete settings that a session is opened with.

use std::fmt::Write as _;

use url::Url;

use super::{ConfigError, ConfigFile, Origin, SecretSource, Settings, Sources};
use crate::cli::Cli;

/// The name the top-level settings go by.
pub const DEFAULT_PROFILE: &str = "default";

/// Where a profile is defined, which says whether the connect screen may edit it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileSource {
    /// The config file's top level, with the environment and flags over it.
    TopLevel,
    /// A `[profiles.NAME]` table of the config file.
    File,
    /// Built into `--demo`: not in any file.
    Demo,
}

#[derive(Clone, Debug)]
pub struct ProfileEntry {
    pub name: String,
    pub source: ProfileSource,
    /// Its effective settings, or why they are invalid (each line names the profile).
    pub settings: Result<Settings, ConfigError>,
}

/// A tenant the demo serves, offered as a profile (`--demo`).
#[derive(Clone, Debug)]
pub struct DemoTenant {
    pub name: String,
    /// Where the embedded emulator listens: the token endpoint and Graph both.
    pub base_url: Url,
    pub tenant: String,
    pub client: String,
    pub secret: String,
    pub read_only: bool,
    pub color: Option<ratatui::style::Color>,
}

/// Every profile, in the order the connect screen lists them.
#[derive(Clone, Debug)]
pub struct Profiles {
    pub entries: Vec<ProfileEntry>,
    /// The profile `--profile` or `LAZYENTRA_PROFILE` chose, if any.
    pub chosen: Option<String>,
    /// The top-level settings: the key bindings, the config file, its warnings.
    pub top: Settings,
}

impl Profiles {
    /// Loads from the real environment, the user's config directory and `cli`.
    pub fn load(cli: &Cli) -> Result<Profiles, ConfigError> {
        Self::load_from(&Sources::from_process(cli))
    }

    /// Every profile `sources` define. Invalid top-level settings, or a chosen profile that
    /// is missing or invalid, stop loading; another invalid profile is listed with its
    /// problems, so one typo does not lock the admin out of every tenant.
    pub fn load_from(sources: &Sources) -> Result<Profiles, ConfigError> {
        let top = Settings::load_profile(sources, None)?;
        let chosen = sources.profile().map(|(name, _)| name);
        if let Some(name) = &chosen {
            Settings::load_profile(sources, Some(name))?;
        }
        let mut entries = Vec::new();
        let configured = top.tenant_id.is_some() || top.client_id.is_some();
        if top.profile_names.is_empty() || configured || chosen.as_deref() == Some(DEFAULT_PROFILE)
        {
            entries.push(ProfileEntry {
                name: DEFAULT_PROFILE.to_owned(),
                source: ProfileSource::TopLevel,
                settings: Ok(top.clone()),
            });
        }
        for name in &top.profile_names {
            // `[profiles.default]` cannot be chosen: `default` is the top level.
            let settings = match super::check::profile_name(name) {
                Err(reason) if name.eq_ignore_ascii_case(DEFAULT_PROFILE) => {
                    Err(ConfigError::Invalid(vec![super::Problem::new(
                        Some("profile_name"),
                        format!("[profiles.{name}] {reason}"),
                    )]))
                }
                _ => Settings::load_profile(sources, Some(name)),
            };
            entries.push(ProfileEntry {
                name: name.clone(),
                source: ProfileSource::File,
                settings,
            });
        }
        Ok(Profiles {
            entries,
            chosen,
            top,
        })
    }

    /// The config file the profiles come from, or where one would be.
    pub fn config_file(&self) -> &ConfigFile {
        &self.top.config_file
    }

    /// Puts the demo tenant first, as profile `name`, with the demo app's credentials; it is
    /// the one chosen unless `--profile` chose another. A file profile of the same name gives
    /// way; the top-level row stays only if it names a tenant or app.
    #[must_use]
    pub fn with_demo(
        self,
        name: &str,
        base_url: &Url,
        tenant: &str,
        client: &str,
        secret: &str,
    ) -> Profiles {
        self.with_demos(&[DemoTenant {
            name: name.to_owned(),
            base_url: base_url.clone(),
            tenant: tenant.to_owned(),
            client: client.to_owned(),
            secret: secret.to_owned(),
            read_only: false,
            color: None,
        }])
    }

    /// Puts the demo tenants first, in this order, each a profile with its app's credentials
    /// (and its own `read_only` and `color`); the first is the one chosen unless `--profile`
    /// chose another. File profiles of the same names give way; the top-level row stays only
    /// if it names a tenant or app.
    #[must_use]
    pub fn with_demos(mut self, demos: &[DemoTenant]) -> Profiles {
        self.entries.retain(|e| {
            !demos.iter().any(|d| d.name == e.name)
                && (e.source != ProfileSource::TopLevel
                    || e.settings
                        .as_ref()
                        .is_ok_and(|s| s.tenant_id.is_some() || s.client_id.is_some()))
        });
        for (i, d) in demos.iter().enumerate() {
            let mut settings =
                self.top
                    .clone()
                    .with_demo(&d.base_url, &d.tenant, &d.client, &d.secret);
            settings.profile = Some(d.name.clone());
            settings.read_only = d.read_only;
            settings.color = d.color;
            for name in ["read_only", "color"] {
                settings.origins.insert(name.to_owned(), Origin::Demo);
            }
            self.entries.insert(
                i,
                ProfileEntry {
                    name: d.name.clone(),
                    source: ProfileSource::Demo,
                    settings: Ok(settings),
                },
            );
        }
        if self.chosen.is_none() {
            self.chosen = demos.first().map(|d| d.name.clone());
        }
        self
    }

    /// The `lazyentra profiles` text: each profile, ready or what it lacks, and what it is.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let file = match self.config_file() {
            ConfigFile::Explicit(p) | ConfigFile::Found(p) => p.display().to_string(),
            ConfigFile::Absent(p) => format!("{} (not found)", p.display()),
            ConfigFile::NoConfigDir => "none (no home directory to look in)".to_owned(),
        };
        let _ = writeln!(out, "# config file: {file}");
        if self.top.profile_names.is_empty() {
            let _ = writeln!(
                out,
                "# no [profiles.NAME] tables: the top-level settings are the only profile"
            );
        }
        for entry in &self.entries {
            let chosen = if self.chosen.as_deref() == Some(entry.name.as_str()) {
                " (chosen)"
            } else {
                ""
            };
            match &entry.settings {
                Ok(settings) => {
                    let _ = writeln!(out, "{}{chosen}: {}", entry.name, settings.readiness());
                    let _ = writeln!(out, "  {}", summary(settings));
                }
                Err(e) => {
                    let _ = writeln!(out, "{}{chosen}: invalid settings", entry.name);
                    for problem in e.problems() {
                        let _ = writeln!(out, "  {problem}");
                    }
                }
            }
        }
        out
    }
}

/// `tenant … · app … · client secret from CONTOSO_SECRET · read-write`.
fn summary(settings: &Settings) -> String {
    let unset = "(not set)";
    let mut parts = vec![
        format!("tenant {}", settings.tenant_id.as_deref().unwrap_or(unset)),
        format!("app {}", settings.client_id.as_deref().unwrap_or(unset)),
        settings.credential_text(),
        if settings.read_only {
            "read-only".to_owned()
        } else {
            "read-write".to_owned()
        },
    ];
    if settings.cloud != super::Cloud::Global {
        parts.push(format!("cloud {}", settings.cloud));
    }
    parts.join(" · ")
}

impl Settings {
    /// Which credential signs in, in words, never the secret: `client secret from
    /// CONTOSO_SECRET`, `certificate /path`, `no credential`.
    pub fn credential_text(&self) -> String {
        match &self.secret_source {
            Some(SecretSource::Env(var)) => return format!("client secret from {var}"),
            Some(SecretSource::File(path)) => {
                return format!("client secret in {}", path.display());
            }
            Some(SecretSource::Typed) => return "client secret typed this session".to_owned(),
            Some(SecretSource::Value) => {
                return match self.origin("client_secret") {
                    Some(origin) => format!("client secret from {origin}"),
                    None => "client secret".to_owned(),
                };
            }
            None => {}
        }
        match &self.client_certificate_path {
            Some(path) => format!("certificate {}", path.display()),
            None => "no credential".to_owned(),
        }
    }
}
