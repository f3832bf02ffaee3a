//! The shell's side of profiles: loading them again, and carrying out the connect screen's
//! saves and removals in the config file (and a kept secret's file). The core asks with an
//! effect and hears back with [`ProfilesWritten`]; it never touches a file itself.

use std::path::PathBuf;

use crate::config::views::SavedView;
use crate::config::write::{self, ProfileChange, WriteError};
use crate::config::{ConfigError, DemoTenant, Profiles, Sources};
use crate::profile::{ProfileWrite, ProfilesWritten};

/// Where profiles are read from and written to.
#[derive(Clone, Debug)]
pub struct ProfileStore {
    sources: Sources,
    /// The demo's tenants, put back in front after every reload.
    demos: Vec<DemoTenant>,
}

impl ProfileStore {
    pub fn new(sources: Sources, demos: Vec<DemoTenant>) -> ProfileStore {
        ProfileStore { sources, demos }
    }

    /// Every profile, as at start: the demo's first when there are any.
    pub fn load(&self) -> Result<Profiles, ConfigError> {
        let profiles = Profiles::load_from(&self.sources)?;
        Ok(if self.demos.is_empty() {
            profiles
        } else {
            profiles.with_demos(&self.demos)
        })
    }

    /// The file profiles are saved in: the one the settings were read from, else where the
    /// default one would be.
    fn config_file(&self) -> Result<PathBuf, WriteError> {
        self.sources
            .config_path()
            .map(|(path, _)| path)
            .ok_or(WriteError::NoConfigDir)
    }

    /// `$XDG_CONFIG_HOME/lazyentra/secrets`, or `secrets/` beside a `--config` file when there
    /// is no config home.
    fn secrets_dir(&self, config_file: &std::path::Path) -> PathBuf {
        match &self.sources.user_config_dir {
            Some(dir) => dir.join("lazyentra").join("secrets"),
            None => config_file
                .parent()
                .unwrap_or_else(|| std::path::Path::new("."))
                .join("secrets"),
        }
    }

    /// Adds or changes a profile, then loads every profile again.
    pub fn save(&self, change: &ProfileChange) -> ProfilesWritten {
        let result = self.config_file().and_then(|file| {
            let secrets = self.secrets_dir(&file);
            write::save_profile(&file, &secrets, change)
        });
        self.written(result.map(ProfileWrite::Saved))
    }

    /// Removes a profile (and its kept secret, when asked), then loads every profile again.
    pub fn remove(&self, name: &str, secret_file: Option<&std::path::Path>) -> ProfilesWritten {
        let result = self
            .config_file()
            .and_then(|file| write::remove_profile(&file, name, secret_file));
        self.written(result.map(ProfileWrite::Removed))
    }

    /// Writes the list's view `name` into the config file as `[views.NAME]`.
    pub fn save_view(&self, name: &str, view: &SavedView) -> Result<PathBuf, WriteError> {
        let result = self
            .config_file()
            .and_then(|file| write::save_view(&file, name, view));
        if let Err(e) = &result {
            tracing::warn!("view not written: {e}");
        }
        result
    }

    fn written(&self, result: Result<ProfileWrite, WriteError>) -> ProfilesWritten {
        if let Err(e) = &result {
            tracing::warn!("profile not written: {e}");
        }
        let profiles = result.is_ok().then(|| self.load());
        ProfilesWritten { result, profiles }
    }
}
