//! Configuration errors: every problem found, one actionable line each, never a secret.

use std::fmt;

/// One thing wrong with the settings, phrased so the user knows what to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The setting concerned (`page_size`, `keys.quit`), or `None` for the file as a whole.
    pub key: Option<String>,
    /// The complete line shown to the user.
    pub message: String,
    /// A few words for a one-line summary (`missing client secret (set FABRIKAM_SECRET)`);
    /// the message when there are none.
    pub short: Option<String>,
}

impl Problem {
    pub(super) fn new(key: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            key: key.map(str::to_owned),
            message: message.into(),
            short: None,
        }
    }

    pub(super) fn with_short(mut self, short: String) -> Self {
        self.short = Some(short);
        self
    }

    /// The few words, else the whole line.
    pub fn short(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.message)
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
    /// The same problems, each saying which profile it is about. A missing profile is not
    /// about the profile's settings and stays as it is.
    pub(super) fn in_profile(self, name: &str) -> ConfigError {
        let tag = |problems: Vec<Problem>| {
            problems
                .into_iter()
                .map(|p| {
                    if p.key.as_deref() == Some("profile") {
                        p
                    } else {
                        Problem {
                            message: format!("[profiles.{name}] {}", p.message),
                            ..p
                        }
                    }
                })
                .collect()
        };
        match self {
            Self::Invalid(problems) => Self::Invalid(tag(problems)),
            Self::Incomplete(problems) => Self::Incomplete(tag(problems)),
        }
    }

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
