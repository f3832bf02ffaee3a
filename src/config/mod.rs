//! Settings: built-in defaults, the user's file, the environment and the flags, layered in
//! that order, checked all at once, and remembered with where each value came from.
//!
//! Precedence, lowest to highest:
//! 1. built-in defaults (`config/default.toml`, compiled in);
//! 2. the config file (`--config FILE`, else `$XDG_CONFIG_HOME/lazyentra/config.toml`);
//! 3. the Azure SDK variables `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`,
//!    `AZURE_CLIENT_CERTIFICATE_PATH`, `AZURE_CLIENT_CERTIFICATE_PASSWORD`,
//!    `AZURE_AUTHORITY_HOST`;
//! 4. `LAZYENTRA_<SETTING>` variables, above `AZURE_*` because they are specific to this app
//!    (so a shell set up for other Azure tools can still point lazyentra elsewhere);
//! 5. command-line flags.
//!
//! `cloud` fills in `authority_host` and `graph_endpoint` where no layer sets them; each one set
//! explicitly, at any layer, wins over the cloud's. A pair from two different clouds is a
//! warning (see [`Settings::warnings`]): tokens are not interchangeable across clouds.
//!
//! Unknown settings in the file are warnings (see [`Settings::warnings`]), not errors, so a
//! file written for a newer lazyentra still loads in an older one; the warning names the key
//! and suggests the likely intended one.

mod catalog;
mod check;
mod cloud;
mod error;
mod fields;
mod layers;
mod origin;
mod report;
mod sources;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use crate::cli::Cli;
use crate::graph::{CertificateError, ClientCertificate, ClientConfig, Credential};

pub use cloud::Cloud;
pub use error::{ConfigError, Problem};
pub use layers::ConfigFile;
pub use origin::Origin;
pub use sources::{CliOverrides, Sources, default_config_dir, default_file_in, process_env};

/// The effective settings. The secrets are `SecretString`s, so `{:?}` shows them redacted.
#[derive(Clone, Debug)]
pub struct Settings {
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<SecretString>,
    /// A PEM (certificate + key) or PFX file to sign in with instead of a secret.
    pub client_certificate_path: Option<PathBuf>,
    /// The PFX file's password.
    pub client_certificate_password: Option<SecretString>,
    /// The certificate read from `client_certificate_path`, or why it cannot be used. Read
    /// only when it is the credential in use (set, and no client secret).
    pub certificate: Option<Result<ClientCertificate, CertificateError>>,
    /// The Microsoft cloud; it supplies whichever of the two URLs below is not set explicitly.
    pub cloud: Cloud,
    pub authority_host: Url,
    /// The Graph root; the token scope is `<graph_endpoint>/.default`.
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
        let client_secret = read.secret("client_secret");
        let client_certificate_path = read.path("client_certificate_path");
        let client_certificate_password = read.secret("client_certificate_password");
        let cloud = read.cloud();
        let authority_host = read.url_or_cloud("authority_host", cloud);
        let graph_endpoint = read.url_or_cloud("graph_endpoint", cloud);
        let page_size = read.number::<u16>("page_size", 1, 999);
        let timeout = read.number::<u64>("request_timeout_secs", 1, 3600);
        let max_retries = read.number::<u32>("max_retries", 0, 100);
        let max_wait = read.number::<u64>("max_retry_wait_secs", 0, 86_400);
        let read_only = read.boolean("read_only");
        let keys = read.keys();

        let scrub = |text: &str| redact(text, &layered.secrets);
        let (
            Some(cloud),
            Some(authority_host),
            Some(graph_endpoint),
            Some(page_size),
            Some(timeout),
            Some(max_retries),
            Some(max_wait),
            Some(read_only),
        ) = (
            cloud,
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
        let mut origins = layered.origins.clone();
        // A URL no layer sets is the cloud's.
        for name in ["authority_host", "graph_endpoint"] {
            origins
                .entry(name.to_owned())
                .or_insert(Origin::Cloud(cloud));
        }
        // Unset credentials are no error here, so they have no origin to report.
        for (name, set) in [
            ("tenant_id", tenant_id.is_some()),
            ("client_id", client_id.is_some()),
            ("client_secret", client_secret.is_some()),
            ("client_certificate_path", client_certificate_path.is_some()),
            (
                "client_certificate_password",
                client_certificate_password.is_some(),
            ),
        ] {
            if !set {
                origins.remove(name);
            }
        }
        let mut warnings: Vec<String> = layered.warnings.iter().map(|w| scrub(w)).collect();
        let certificate = certificate(
            client_secret.is_some(),
            client_certificate_path.as_deref(),
            client_certificate_password.as_ref(),
            &origins,
            &mut warnings,
        );
        let mut settings = Settings {
            tenant_id,
            client_id,
            client_secret,
            client_certificate_path,
            client_certificate_password,
            certificate,
            cloud,
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
            warnings,
        };
        if let Some(warning) = settings.cloud_mismatch() {
            settings.warnings.push(warning);
        }
        Ok(settings)
    }

    /// The warning for an authority and a Graph from two different clouds, saying what to
    /// change; `None` when they agree or either is not a known cloud's (a proxy, loopback).
    fn cloud_mismatch(&self) -> Option<String> {
        let (authority_clouds, graph_cloud) =
            cloud::mismatch(&self.authority_host, &self.graph_endpoint)?;
        let names: Vec<String> = authority_clouds.iter().map(ToString::to_string).collect();
        let source = |name: &str| {
            self.origin(name)
                .map(|o| format!(" (from {o})"))
                .unwrap_or_default()
        };
        let fixes: Vec<String> = ["authority_host", "graph_endpoint"]
            .into_iter()
            .filter_map(|name| match self.origin(name)? {
                Origin::Env(var) => Some(format!("unset {var}")),
                Origin::Flag(flag) => Some(format!("drop {flag}")),
                Origin::File(path) => Some(format!("remove {name} from {}", path.display())),
                Origin::Default | Origin::Demo | Origin::Cloud(_) => None,
            })
            .collect();
        let mut fix = "set cloud to your tenant's cloud".to_owned();
        if !fixes.is_empty() {
            fix = format!("{fix} and {}", fixes.join(" and "));
        }
        Some(format!(
            "authority_host {}{} is the {} cloud's but graph_endpoint {}{} is the {graph_cloud} \
             cloud's: tokens are not interchangeable across clouds, so signing in or every \
             Graph call will fail; {fix}",
            report::url_text(&self.authority_host),
            source("authority_host"),
            join_or(&names),
            report::url_text(&self.graph_endpoint),
            source("graph_endpoint"),
        ))
    }

    /// Where the effective value of `name` (`page_size`, `keys.quit`) came from.
    pub fn origin(&self, name: &str) -> Option<&Origin> {
        self.origins.get(name)
    }

    /// What the Graph client needs, or one line per missing credential saying where to set it.
    pub fn client_config(&self) -> Result<ClientConfig, ConfigError> {
        let credential = self.credential();
        let (Some(tenant_id), Some(client_id), Some(credential)) =
            (&self.tenant_id, &self.client_id, credential)
        else {
            return Err(ConfigError::Incomplete(self.missing()));
        };
        Ok(ClientConfig {
            tenant_id: tenant_id.clone(),
            client_id: client_id.clone(),
            credential,
            authority_host: self.authority_host.clone(),
            graph_endpoint: self.graph_endpoint.clone(),
            page_size: self.page_size,
            request_timeout: self.request_timeout,
            max_retries: self.max_retries,
            max_retry_wait: self.max_retry_wait,
        })
    }

    /// The credential signing in uses: the secret when set, else a readable certificate.
    pub fn credential(&self) -> Option<Credential> {
        if let Some(secret) = &self.client_secret {
            return Some(Credential::Secret(secret.clone()));
        }
        match &self.certificate {
            Some(Ok(certificate)) => Some(Credential::Certificate(certificate.clone())),
            _ => None,
        }
    }

    fn missing(&self) -> Vec<Problem> {
        let file = match self.config_file.path() {
            Some(path) => path.display().to_string(),
            None => "the config file".to_owned(),
        };
        let unset = [
            ("tenant_id", self.tenant_id.is_none()),
            ("client_id", self.client_id.is_none()),
            (
                "client_secret",
                self.client_secret.is_none() && self.client_certificate_path.is_none(),
            ),
        ];
        let mut problems: Vec<Problem> = unset
            .into_iter()
            .filter(|(_, missing)| *missing)
            .filter_map(|(name, _)| catalog::find(name))
            .map(|entry| {
                let mut line = format!("{} is not set: {}", entry.name, ways_to_set(entry, &file));
                if entry.flag.is_none() {
                    line.push_str(" (there is no flag for it: it would show in shell history)");
                }
                if entry.name == "client_secret"
                    && let Some(path) = catalog::find("client_certificate_path")
                {
                    line.push_str("; or sign in with a certificate: ");
                    line.push_str(&ways_to_set(path, &file));
                }
                Problem::new(Some(entry.name), line)
            })
            .collect();
        if self.client_secret.is_none()
            && let Some(Err(e)) = &self.certificate
        {
            problems.push(Problem::new(Some("client_certificate_path"), e.to_string()));
        }
        problems
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
        // The demo's loopback URLs replace a mismatched pair, and its warning with it.
        if let Some(stale) = self.cloud_mismatch() {
            self.warnings.retain(|w| *w != stale);
        }
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

/// The certificate to sign in with: read only when it is the credential in use. Like the Azure
/// SDKs' `EnvironmentCredential`, a secret, when set, is used instead (with a warning).
fn certificate(
    has_secret: bool,
    path: Option<&std::path::Path>,
    password: Option<&SecretString>,
    origins: &BTreeMap<String, Origin>,
    warnings: &mut Vec<String>,
) -> Option<Result<ClientCertificate, CertificateError>> {
    let path = path?;
    if !has_secret {
        return Some(ClientCertificate::load(path, password));
    }
    let from = |name: &str| {
        origins
            .get(name)
            .map(|o| format!(" (from {o})"))
            .unwrap_or_default()
    };
    warnings.push(format!(
        "both client_secret{} and client_certificate_path{} are set: signing in \
         with the client secret, as the Azure SDKs do; unset one of them",
        from("client_secret"),
        from("client_certificate_path")
    ));
    None
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

/// `pass --flag, set VAR (or LAZYENTRA_VAR) or add name = "…" to FILE`.
fn ways_to_set(entry: &catalog::Entry, file: &str) -> String {
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
    join_or(&ways)
}

/// "a, b or c".
fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
