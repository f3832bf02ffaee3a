//! Settings: built-in defaults, the user's file, the environment and the flags, layered in
//! that order, checked all at once, and remembered with where each value came from.
//!
//! Precedence, lowest to highest:
//! 1. built-in defaults (`config/default.toml`, compiled in);
//! 2. the config file (`--config FILE`, else `$XDG_CONFIG_HOME/lazyentra/config.toml`);
//! 3. the Azure SDK variables `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`,
//!    `AZURE_AUTHORITY_HOST`;
//! 4. `LAZYENTRA_<SETTING>` variables, above `AZURE_*` because they are specific to this app
//!    (so a shell set up for other Azure tools can still point lazyentra elsewhere);
//! 5. command-line flags.
//!
//! Unknown settings in the file are warnings (see [`Settings::warnings`]), not errors, so a
//! file written for a newer lazyentra still loads in an older one; the warning names the key
//! and suggests the likely intended one.

mod catalog;
mod check;
mod error;
mod fields;
mod layers;
mod origin;
mod report;
mod sources;

use std::collections::BTreeMap;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use crate::cli::Cli;
use crate::graph::ClientConfig;

pub use error::{ConfigError, Problem};
pub use layers::ConfigFile;
pub use origin::Origin;
pub use sources::{CliOverrides, Sources, default_config_dir, default_file_in, process_env};

/// The effective settings. The secret is a `SecretString`, so `{:?}` shows it redacted.
#[derive(Clone, Debug)]
pub struct Settings {
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<SecretString>,
    pub authority_host: Url,
    pub graph_endpoint: Url,
    /// `$top` for listings, 1..=999.
    pub page_size: u16,
    pub request_timeout: Duration,
    pub max_retries: u32,
    pub max_retry_wait: Duration,
    /// When true the UI disables every write.
    pub read_only: bool,
    /// Action name → keys, as written in `[keys]`; the UI checks the names.
    pub keys: BTreeMap<String, Vec<String>>,
    /// Setting name (`tenant_id`, `keys.quit`) → where its effective value came from.
    /// Settings left unset (no tenant yet) have no entry.
    pub origins: BTreeMap<String, Origin>,
    /// The config file that was read, or where one would be.
    pub config_file: ConfigFile,
    /// Things worth telling the user that do not stop loading, e.g. an unknown key.
    pub warnings: Vec<String>,
}

impl Settings {
    /// Loads from the real environment, the user's config directory and `cli`.
    pub fn load(cli: &Cli) -> Result<Settings, ConfigError> {
        Self::load_from(&Sources::from_process(cli))
    }

    /// Loads from exactly what `sources` holds, reporting every problem found.
    pub fn load_from(sources: &Sources) -> Result<Settings, ConfigError> {
        let mut problems = Vec::new();
        let layered = layers::stack(sources, &mut problems);
        let mut read = fields::Reader::new(&layered, &mut problems);
        let tenant_id = read.tenant_id();
        let client_id = read.client_id();
        let client_secret = read.client_secret();
        let authority_host = read.url("authority_host");
        let graph_endpoint = read.url("graph_endpoint");
        let page_size = read.number::<u16>("page_size", 1, 999);
        let timeout = read.number::<u64>("request_timeout_secs", 1, 3600);
        let max_retries = read.number::<u32>("max_retries", 0, 100);
        let max_wait = read.number::<u64>("max_retry_wait_secs", 0, 86_400);
        let read_only = read.boolean("read_only");
        let keys = read.keys();

        let scrub = |text: &str| redact(text, &layered.secrets);
        let (
            Some(authority_host),
            Some(graph_endpoint),
            Some(page_size),
            Some(timeout),
            Some(max_retries),
            Some(max_wait),
            Some(read_only),
        ) = (
            authority_host,
            graph_endpoint,
            page_size,
            timeout,
            max_retries,
            max_wait,
            read_only,
        )
        else {
            return Err(invalid(problems, scrub));
        };
        if !problems.is_empty() {
            return Err(invalid(problems, scrub));
        }
        // Unset credentials are no error here, so they have no origin to report.
        let mut origins = layered.origins.clone();
        for (name, set) in [
            ("tenant_id", tenant_id.is_some()),
            ("client_id", client_id.is_some()),
            ("client_secret", client_secret.is_some()),
        ] {
            if !set {
                origins.remove(name);
            }
        }
        Ok(Settings {
            tenant_id,
            client_id,
            client_secret,
            authority_host,
            graph_endpoint,
            page_size,
            request_timeout: Duration::from_secs(timeout),
            max_retries,
            max_retry_wait: Duration::from_secs(max_wait),
            read_only,
            keys,
            origins,
            config_file: layered.config_file.clone(),
            warnings: layered.warnings.iter().map(|w| scrub(w)).collect(),
        })
    }

    /// Where the effective value of `name` (`page_size`, `keys.quit`) came from.
    pub fn origin(&self, name: &str) -> Option<&Origin> {
        self.origins.get(name)
    }

    /// What the Graph client needs, or one line per missing credential saying where to set it.
    pub fn client_config(&self) -> Result<ClientConfig, ConfigError> {
        let (Some(tenant_id), Some(client_id), Some(client_secret)) =
            (&self.tenant_id, &self.client_id, &self.client_secret)
        else {
            return Err(ConfigError::Incomplete(self.missing()));
        };
        Ok(ClientConfig {
            tenant_id: tenant_id.clone(),
            client_id: client_id.clone(),
            client_secret: client_secret.clone(),
            authority_host: self.authority_host.clone(),
            graph_endpoint: self.graph_endpoint.clone(),
            page_size: self.page_size,
            request_timeout: self.request_timeout,
            max_retries: self.max_retries,
            max_retry_wait: self.max_retry_wait,
        })
    }

    fn missing(&self) -> Vec<Problem> {
        let file = match self.config_file.path() {
            Some(path) => path.display().to_string(),
            None => "the config file".to_owned(),
        };
        let unset = [
            ("tenant_id", self.tenant_id.is_none()),
            ("client_id", self.client_id.is_none()),
            ("client_secret", self.client_secret.is_none()),
        ];
        unset
            .into_iter()
            .filter(|(_, missing)| *missing)
            .filter_map(|(name, _)| catalog::find(name))
            .map(|entry| {
                let mut ways = Vec::new();
                if let Some(flag) = entry.flag {
                    ways.push(format!("pass {flag}"));
                }
                let mut vars = format!("set {}", catalog::lazyentra_env(entry.name));
                if let Some(azure) = entry.azure_env {
                    vars = format!("set {azure} (or {})", catalog::lazyentra_env(entry.name));
                }
                ways.push(vars);
                ways.push(format!("add {} = \"…\" to {file}", entry.name));
                let mut line = format!("{} is not set: {}", entry.name, join_or(&ways));
                if entry.flag.is_none() {
                    line.push_str(" (there is no flag for it: it would show in shell history)");
                }
                Problem::new(Some(entry.name), line)
            })
            .collect()
    }

    /// The `lazyentra config` text: one line per setting with its value and source; the
    /// secret only as set or not set.
    pub fn report(&self) -> String {
        report::render(self)
    }

    /// Points the settings at the embedded demo tenant served from `base_url` (token endpoint
    /// and Graph both), with its credentials; all of them report `demo` as their source.
    #[must_use]
    pub fn with_demo(
        mut self,
        base_url: &Url,
        tenant_id: &str,
        client_id: &str,
        secret: &str,
    ) -> Settings {
        self.authority_host = base_url.clone();
        self.graph_endpoint = base_url.clone();
        self.tenant_id = Some(tenant_id.to_owned());
        self.client_id = Some(client_id.to_owned());
        self.client_secret = Some(SecretString::from(secret));
        for name in [
            "authority_host",
            "graph_endpoint",
            "tenant_id",
            "client_id",
            "client_secret",
        ] {
            self.origins.insert(name.to_owned(), Origin::Demo);
        }
        self
    }
}

/// The built-in defaults alone: no file, no environment, no flags, no credentials. For tests
/// and for code that needs settings before loading them.
impl Default for Settings {
    fn default() -> Self {
        match Self::load_from(&Sources::default()) {
            Ok(settings) => settings,
            // Only a broken `config/default.toml` gets here, and a unit test loads it.
            Err(e) => panic!("lazyentra's built-in defaults are invalid: {e}"),
        }
    }
}

fn invalid(problems: Vec<Problem>, scrub: impl Fn(&str) -> String) -> ConfigError {
    ConfigError::Invalid(
        problems
            .into_iter()
            .map(|p| Problem {
                message: scrub(&p.message),
                ..p
            })
            .collect(),
    )
}

/// Belt and braces: no message is built from the secret, but parser text quotes the file,
/// so every secret text seen is cut out of anything shown.
fn redact(text: &str, secrets: &[String]) -> String {
    secrets
        .iter()
        .filter(|s| !s.is_empty())
        .fold(text.to_owned(), |acc, s| {
            acc.replace(s.as_str(), "<redacted>")
        })
}

/// "a, b or c".
fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
