//! Where an effective setting came from, so `lazyentra config` and every error can say which
//! layer to change.

use std::fmt;
use std::path::PathBuf;

use super::cloud::Cloud;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The built-in defaults (`config/default.toml`, compiled in).
    Default,
    /// A config file's top level.
    File(PathBuf),
    /// A `[profiles.NAME]` table of a config file.
    Profile { path: PathBuf, name: String },
    /// An environment variable, by name.
    Env(String),
    /// A command-line flag, e.g. `--tenant-id`.
    Flag(&'static str),
    /// `--demo`: the embedded demo tenant.
    Demo,
    /// Typed on the connect screen, for this session only (a client secret).
    Typed,
    /// The `cloud` setting, for `authority_host` and `graph_endpoint` left unset.
    Cloud(Cloud),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Default => f.write_str("default"),
            Self::File(path) => write!(f, "{}", path.display()),
            Self::Profile { path, name } => write!(f, "[profiles.{name}] in {}", path.display()),
            Self::Env(name) => f.write_str(name),
            Self::Flag(flag) => f.write_str(flag),
            Self::Demo => f.write_str("demo"),
            Self::Typed => f.write_str("typed this session"),
            Self::Cloud(cloud) => write!(f, "cloud {cloud}"),
        }
    }
}
