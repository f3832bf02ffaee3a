//! Configuration errors: every problem found, one actionable line each, never a secret.

use std::fmt;

/// One thing wrong with the settings, phrased so the user knows what to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The setting concerned (`page_size`, `keys.quit`), or `None` for the file as a whole.
    pub key: Option<String>,
    /// The complete line shown to the user.
    pub message: String,
}

impl Problem {
    pub(super) fn new(key: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            key: key.map(str::to_owned),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Clone, Debug, thiserror::Error)]
pub enum ConfigError {
    /// The settings could not be loaded: a missing `--config` file, bad TOML, invalid values.
    #[error("{}", lines(.0))]
    Invalid(Vec<Problem>),
    /// The settings are valid but lack what signing in needs (tenant, client id, secret).
    #[error("{}", lines(.0))]
    Incomplete(Vec<Problem>),
}

impl ConfigError {
    /// Every problem, in the order found.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Self::Invalid(problems) | Self::Incomplete(problems) => problems,
        }
    }
}

fn lines(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.message.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}
