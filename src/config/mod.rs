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
//! 5. the chosen profile, a `[profiles.NAME]` table of the config file (`--profile NAME` or
//!    `LAZYENTRA_PROFILE`), above the environment so a shell set up for other Azure tools
//!    cannot send a chosen profile to another tenant; a profile that names its own app or
//!    credential takes no credential from the layers below it;
//! 6. command-line flags.
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
mod profiles;
mod report;
mod secret_file;
mod sources;
pub mod views;
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use ratatui::style::Color;
use secrecy::SecretString;
use url::Url;

use crate::cli::Cli;
use crate::graph::{CertificateError, ClientCertificate, ClientConfig, Credential};

pub use check::{
    PROFILE_NAME_MAX, client_id as check_client_id, env_name as check_env_name,
    profile_name as check_profile_name, tenant_id as check_tenant_id,
};
pub use cloud::Cloud;
pub use error::{ConfigError, Problem};
pub use layers::ConfigFile;
pub use origin::Origin;
pub use profiles::{DEFAULT_PROFILE, DemoTenant, ProfileEntry, ProfileSource, Profiles};

/// Where the client secret comes from, when one is set. Never the secret itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretSource {
    /// Written as `client_secret` (a config file, `AZURE_CLIENT_SECRET`,
    /// `LAZYENTRA_CLIENT_SECRET`, the demo).
    Value,
    /// The variable `client_secret_env` names.
    Env(String),
    /// The file `client_secret_file` names.
    File(PathBuf),
    /// Typed on the connect screen, for this session only.
    Typed,
}
pub use sources::{CliOverrides, Sources, default_config_dir, default_file_in, process_env};

/// The effective settings. The secrets are `SecretString`s, so `{:?}` shows them redacted.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The profile these settings are (`[profiles.NAME]`); `None` for the top-level settings,
    /// the "default" profile.
    pub profile: Option<String>,
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<SecretString>,
    /// Where `client_secret` comes from; set while the secret is missing too when a variable
    /// or file is named but cannot be read (`credential_problems` says why).
    pub secret_source: Option<SecretSource>,
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
    /// The profile's accent colour, as `color` sets it.
    pub color: Option<Color>,
    /// `domains = [...]`: the tenant's domains, lowercase, for checking an import's user
    /// names where Graph's list cannot be read.
    pub domains: Vec<String>,
    /// Action name → keys, as written in `[keys]`; the UI checks the names.
    pub keys: BTreeMap<String, Vec<String>>,
    /// The user list's saved views, `[views.NAME]`, by name.
    pub views: BTreeMap<String, views::SavedView>,
    /// Setting name (`tenant_id`, `keys.quit`) → where its effective value came from.
    /// Settings left unset (no tenant yet) have no entry.
    pub origins: BTreeMap<String, Origin>,
    /// The config file that was read, or where one would be.
    pub config_file: ConfigFile,
    /// Things worth telling the user that do not stop loading, e.g. an unknown key.
    pub warnings: Vec<String>,
    /// The profiles the config file defines, in its order.
    pub profile_names: Vec<String>,
    /// Why a credential that is named cannot be used: a variable that is not set, a secret
    /// file others can read. Signing in is impossible while one stands.
    pub credential_problems: Vec<Problem>,
}

impl Settings {
    /// Loads from the real environment, the user's config directory and `cli`.
    pub fn load(cli: &Cli) -> Result<Settings, ConfigError> {
        Self::load_from(&Sources::from_process(cli))
    }

    /// Loads from exactly what `sources` holds, reporting every problem found: the profile
    /// `--profile` or `LAZYENTRA_PROFILE` chooses, else the top-level settings.
    pub fn load_from(sources: &Sources) -> Result<Settings, ConfigError> {
        let chosen = sources.profile();
        Self::load_profile(sources, chosen.as_ref().map(|(name, _)| name.as_str()))
    }

    /// Loads one profile (`None` or `default`: the top-level settings). Every problem of a
    /// profile starts with `[profiles.NAME]`.
    pub fn load_profile(sources: &Sources, profile: Option<&str>) -> Result<Settings, ConfigError> {
        let profile = profile.filter(|name| *name != DEFAULT_PROFILE);
        let loaded = Self::load_layers(sources, profile);
        match (profile, loaded) {
            (Some(name), Err(e)) => Err(e.in_profile(name)),
            (_, loaded) => loaded,
        }
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one line per setting, read in the order `lazyentra config` prints them"
    )]
    fn load_layers(sources: &Sources, profile: Option<&str>) -> Result<Settings, ConfigError> {
        let mut problems = Vec::new();
        let layered = layers::stack(sources, profile, &mut problems);
        let mut read = fields::Reader::new(&layered, &mut problems);
        let tenant_id = read.tenant_id();
        let client_id = read.client_id();
        let inline_secret = read.secret("client_secret");
        let secret_env = read.env_name("client_secret_env");
        let secret_file = read.path("client_secret_file");
        let color = read.color("color");
        let domains = read.domains("domains");
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
        let views = read.views();

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
        let mut credential_problems = layered.refused.clone();
        let (client_secret, secret_source) = resolve_secret(
            inline_secret,
            secret_env,
            secret_file,
            sources,
            &mut credential_problems,
        );
        let mut origins = layered.origins.clone();
        // A secret read from a variable or a file comes from there.
        match &secret_source {
            Some(SecretSource::Env(var)) => {
                origins.insert("client_secret".to_owned(), Origin::Env(var.clone()));
            }
            Some(SecretSource::File(path)) => {
                origins.insert("client_secret".to_owned(), Origin::File(path.clone()));
            }
            _ => {}
        }
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
            (
                "client_secret_env",
                matches!(secret_source, Some(SecretSource::Env(_))),
            ),
            (
                "client_secret_file",
                matches!(secret_source, Some(SecretSource::File(_))),
            ),
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
            profile: profile.map(str::to_owned),
            tenant_id,
            client_id,
            client_secret,
            secret_source,
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
            color,
            domains,
            keys,
            views,
            origins,
            config_file: layered.config_file.clone(),
            warnings,
            profile_names: layered.profile_names.clone(),
            credential_problems,
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
                origin @ Origin::Profile { .. } => Some(format!("remove {name} from {origin}")),
                Origin::Default | Origin::Demo | Origin::Typed | Origin::Cloud(_) => None,
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

    /// What stops signing in, one actionable line each; empty when nothing does.
    pub fn missing(&self) -> Vec<Problem> {
        let file = match self.config_file.path() {
            Some(path) => path.display().to_string(),
            None => "the config file".to_owned(),
        };
        let no_credential = self.client_secret.is_none()
            && self.client_certificate_path.is_none()
            && self.secret_source.is_none();
        let unset = [
            ("tenant_id", self.tenant_id.is_none()),
            ("client_id", self.client_id.is_none()),
            ("client_secret", no_credential),
        ];
        let mut problems: Vec<Problem> = unset
            .into_iter()
            .filter(|(_, missing)| *missing)
            .filter_map(|(name, _)| catalog::find(name))
            .map(|entry| {
                let line = match &self.profile {
                    Some(profile) => unset_in_profile(entry.name, profile, &file),
                    None => unset_at_top(entry, &file),
                };
                let short = match entry.name {
                    "client_secret" => "missing client secret or certificate".to_owned(),
                    name => format!("missing {name}"),
                };
                Problem::new(Some(entry.name), line).with_short(short)
            })
            .collect();
        if self.client_secret.is_none() {
            problems.extend(self.credential_problems.iter().cloned());
            if let Some(Err(e)) = &self.certificate {
                problems.push(
                    Problem::new(Some("client_certificate_path"), e.to_string())
                        .with_short("certificate cannot be used".to_owned()),
                );
            }
        }
        problems
    }

    /// "ready", or what stops signing in, short: `missing client secret (set FABRIKAM_SECRET)`.
    pub fn readiness(&self) -> String {
        let problems = self.missing();
        if problems.is_empty() {
            return "ready".to_owned();
        }
        problems
            .iter()
            .map(Problem::short)
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// These settings with a client secret typed on the connect screen, used for this
    /// session only: it replaces whatever secret or certificate they name.
    #[must_use]
    pub fn with_typed_secret(mut self, secret: SecretString) -> Settings {
        self.client_secret = Some(secret);
        self.secret_source = Some(SecretSource::Typed);
        self.certificate = None;
        self.credential_problems.clear();
        for name in ["client_secret_env", "client_secret_file"] {
            self.origins.remove(name);
        }
        self.origins
            .insert("client_secret".to_owned(), Origin::Typed);
        self
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
        self.secret_source = Some(SecretSource::Value);
        self.certificate = None;
        self.credential_problems.clear();
        for name in [
            "authority_host",
            "graph_endpoint",
            "tenant_id",
            "client_id",
            "client_secret",
        ] {
            self.origins.insert(name.to_owned(), Origin::Demo);
        }
        for name in ["client_secret_env", "client_secret_file"] {
            self.origins.remove(name);
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

/// `tenant_id is not set: pass --tenant-id, set AZURE_TENANT_ID (…) or add … to FILE`.
fn unset_at_top(entry: &catalog::Entry, file: &str) -> String {
    let mut line = format!("{} is not set: {}", entry.name, ways_to_set(entry, file));
    if entry.flag.is_none() {
        line.push_str(" (there is no flag for it: it would show in shell history)");
    }
    if entry.name == "client_secret"
        && let Some(path) = catalog::find("client_certificate_path")
    {
        line.push_str("; or sign in with a certificate: ");
        line.push_str(&ways_to_set(path, file));
    }
    line
}

/// What a profile lacks, and where: its own table, as the environment's credential is
/// not used for a profile that names its own app.
fn unset_in_profile(name: &str, profile: &str, file: &str) -> String {
    let table = format!("[profiles.{profile}] in {file}");
    match name {
        "client_secret" => format!(
            "the client secret is not set: add client_secret_env = \"NAME\" (a variable \
             holding it) or client_secret_file = \"PATH\" (a file only you can read) to \
             {table}, or client_certificate_path to sign in with a certificate"
        ),
        _ => format!("{name} is not set: add {name} = \"…\" to {table}"),
    }
}

/// The client secret from the one source the layers left: written, a variable, or a file.
/// A named variable or file that cannot be read is a problem of its own, saying what to do.
fn resolve_secret(
    inline: Option<SecretString>,
    env: Option<String>,
    file: Option<PathBuf>,
    sources: &Sources,
    problems: &mut Vec<Problem>,
) -> (Option<SecretString>, Option<SecretSource>) {
    if let Some(secret) = inline {
        return (Some(secret), Some(SecretSource::Value));
    }
    if let Some(var) = env {
        let secret = sources.var(&var).map(|v| SecretString::from(v.trim()));
        if secret.is_none() {
            problems.push(
                Problem::new(
                    Some("client_secret_env"),
                    format!(
                        "client_secret_env names {var}, which is not set: export {var}='the \
                         secret Value' before starting lazyentra"
                    ),
                )
                .with_short(format!("missing client secret (set {var})")),
            );
        }
        return (secret, Some(SecretSource::Env(var)));
    }
    if let Some(path) = file {
        let secret = match secret_file::read(&path) {
            Ok(secret) => Some(secret),
            Err(reason) => {
                let short = format!("client secret file unusable ({})", path.display());
                problems.push(Problem::new(Some("client_secret_file"), reason).with_short(short));
                None
            }
        };
        return (secret, Some(SecretSource::File(path)));
    }
    (None, None)
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
