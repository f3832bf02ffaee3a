//! The inputs to loading: an explicit file, a snapshot of the environment, the flags, and the
//! user's config directory. Loading reads only these, so tests never touch the real process
//! environment or home directory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::origin::Origin;
use crate::cli::Cli;

/// The variable that chooses a profile when `--profile` does not.
pub const PROFILE_VAR: &str = "LAZYENTRA_PROFILE";

/// The settings given as command-line flags (the highest layer).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CliOverrides {
    /// `--profile NAME`: connect with `[profiles.NAME]` (above `LAZYENTRA_PROFILE`).
    pub profile: Option<String>,
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub client_certificate_path: Option<String>,
    /// `--cloud`: `global`, `usgov`, `usgov-dod` or `china`.
    pub cloud: Option<String>,
    pub authority_host: Option<String>,
    pub graph_endpoint: Option<String>,
    pub page_size: Option<u16>,
    /// A switch: `true` forces read-only; `false` leaves the lower layers' value alone.
    pub read_only: bool,
}

impl From<&Cli> for CliOverrides {
    fn from(cli: &Cli) -> Self {
        Self {
            profile: cli.profile.clone(),
            tenant_id: cli.tenant_id.clone(),
            client_id: cli.client_id.clone(),
            client_certificate_path: cli.client_certificate_path.clone(),
            cloud: cli.cloud.clone(),
            authority_host: cli.authority_host.clone(),
            graph_endpoint: cli.graph_endpoint.clone(),
            page_size: cli.page_size,
            read_only: cli.read_only,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// `--config FILE`: read instead of the default file, and an error if it is missing.
    pub file: Option<PathBuf>,
    /// A snapshot of the environment, e.g. from [`process_env`].
    pub env: HashMap<String, String>,
    pub cli: CliOverrides,
    /// The base configuration directory (`$XDG_CONFIG_HOME`, `~/.config`); the default file
    /// is `<this>/lazyentra/config.toml`. `None` when there is no home directory.
    pub user_config_dir: Option<PathBuf>,
}

impl Sources {
    /// The real environment and directories, and the flags in `cli`.
    pub fn from_process(cli: &Cli) -> Self {
        let env = process_env();
        let user_config_dir = default_config_dir(&env);
        Self {
            file: cli.config.clone(),
            env,
            cli: CliOverrides::from(cli),
            user_config_dir,
        }
    }

    /// The file `load_from` reads, and whether it was asked for explicitly: also the file
    /// the connect screen saves profiles in.
    pub fn config_path(&self) -> Option<(PathBuf, bool)> {
        match &self.file {
            Some(explicit) => Some((explicit.clone(), true)),
            None => self
                .user_config_dir
                .as_deref()
                .map(|dir| (default_file_in(dir), false)),
        }
    }

    /// The profile asked for, and who asked: `--profile`, else `LAZYENTRA_PROFILE`.
    pub fn profile(&self) -> Option<(String, Origin)> {
        if let Some(name) = self.cli.profile.as_deref().map(str::trim) {
            return Some((name.to_owned(), Origin::Flag("--profile")));
        }
        let name = self.var(PROFILE_VAR)?.trim();
        Some((name.to_owned(), Origin::Env(PROFILE_VAR.to_owned())))
    }

    /// The variable's value, treating an empty one as unset (as the Azure SDKs do), so
    /// `AZURE_CLIENT_SECRET=` cannot blank out a secret from the file.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.env
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// `<dir>/lazyentra/config.toml`.
pub fn default_file_in(config_dir: &Path) -> PathBuf {
    config_dir.join("lazyentra").join("config.toml")
}

/// The process environment, minus variables that are not valid Unicode (which
/// `std::env::vars` would panic on); none of ours can be.
pub fn process_env() -> HashMap<String, String> {
    std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect()
}

/// `$XDG_CONFIG_HOME`, else `~/.config` — also on macOS, where terminal tools are expected
/// there rather than in `~/Library/Application Support`. Windows uses `%APPDATA%`.
pub fn default_config_dir(env: &HashMap<String, String>) -> Option<PathBuf> {
    if cfg!(windows) {
        return dirs::config_dir();
    }
    // The XDG spec says relative paths are invalid and must be ignored.
    env.get("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| dirs::home_dir().map(|home| home.join(".config")))
}
