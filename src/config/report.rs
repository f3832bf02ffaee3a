//! The text `lazyentra config` prints: every setting, its effective value, and its source.

use std::fmt::Write as _;

use url::Url;

use super::catalog::{KEYS_TABLE, SETTINGS};
use super::layers::ConfigFile;
use super::origin::Origin;
use super::{SecretSource, Settings};

/// Wide enough for the longer names (`request_timeout_secs`) and typical `keys.<action>`;
/// `client_certificate_password` is longer and simply sticks out.
const NAME_WIDTH: usize = 22;

pub(super) fn render(settings: &Settings) -> String {
    let mut out = String::new();
    let file = match &settings.config_file {
        ConfigFile::Explicit(p) => format!("{} (from --config)", p.display()),
        ConfigFile::Found(p) => p.display().to_string(),
        ConfigFile::Absent(p) => format!("{} (not found; defaults apply)", p.display()),
        ConfigFile::NoConfigDir => "none (no home directory to look in)".to_owned(),
    };
    let _ = writeln!(out, "# config file: {file}");
    match &settings.profile {
        Some(name) => {
            let _ = writeln!(
                out,
                "# profile: {name} ([profiles.{name}]; what it does not set comes from the layers below it)"
            );
        }
        None if !settings.profile_names.is_empty() => {
            let _ = writeln!(
                out,
                "# profile: default (the top-level settings; profiles: {}; see --profile NAME)",
                settings.profile_names.join(", ")
            );
        }
        None => {}
    }
    for entry in SETTINGS {
        let value = value_of(settings, entry.name);
        let note = beside_cloud(settings, entry.name);
        line(&mut out, settings, entry.name, value, &note);
    }
    let _ = writeln!(out, "# sign-in: {}", sign_in(settings));
    if settings.keys.is_empty() {
        let _ = writeln!(out, "{KEYS_TABLE:<NAME_WIDTH$} = (none remapped)");
    }
    for (action, keys) in &settings.keys {
        let quoted: Vec<String> = keys.iter().map(|k| format!("{k:?}")).collect();
        let name = format!("{KEYS_TABLE}.{action}");
        line(
            &mut out,
            settings,
            &name,
            Some(format!("[{}]", quoted.join(", "))),
            "",
        );
    }
    for warning in &settings.warnings {
        let _ = writeln!(out, "# warning: {warning}");
    }
    out
}

/// `name = value (from origin{note})`.
fn line(out: &mut String, settings: &Settings, name: &str, value: Option<String>, note: &str) {
    let _ = match (value, settings.origin(name)) {
        (Some(value), Some(origin)) => {
            writeln!(out, "{name:<NAME_WIDTH$} = {value} (from {origin}{note})")
        }
        (Some(value), None) => writeln!(out, "{name:<NAME_WIDTH$} = {value}"),
        (None, _) => writeln!(out, "{name:<NAME_WIDTH$} = not set"),
    };
}

/// The value as shown; `None` when unset. The secret is never shown, only that it is set.
fn value_of(s: &Settings, name: &str) -> Option<String> {
    Some(match name {
        "tenant_id" => s.tenant_id.clone()?,
        "client_id" => s.client_id.clone()?,
        "client_secret" => s.client_secret.as_ref().map(|_| "set".to_owned())?,
        "client_secret_env" => match &s.secret_source {
            Some(SecretSource::Env(var)) if s.client_secret.is_some() => format!("{var} (set)"),
            Some(SecretSource::Env(var)) => format!("{var} (not set in the environment)"),
            _ => return None,
        },
        "client_secret_file" => match &s.secret_source {
            Some(SecretSource::File(path)) if s.client_secret.is_some() => {
                path.display().to_string()
            }
            Some(SecretSource::File(path)) => format!("{} (cannot be used)", path.display()),
            _ => return None,
        },
        "color" => color_text(s.color?),
        "client_certificate_path" => {
            let path = s.client_certificate_path.as_ref()?.display().to_string();
            match &s.certificate {
                Some(Ok(cert)) => format!("{path} (thumbprint {})", cert.thumbprint()),
                _ => path,
            }
        }
        "client_certificate_password" => s
            .client_certificate_password
            .as_ref()
            .map(|_| "set".to_owned())?,
        "cloud" => s.cloud.to_string(),
        "authority_host" => url_text(&s.authority_host),
        "graph_endpoint" => url_text(&s.graph_endpoint),
        "page_size" => s.page_size.to_string(),
        "request_timeout_secs" => s.request_timeout.as_secs().to_string(),
        "max_retries" => s.max_retries.to_string(),
        "max_retry_wait_secs" => s.max_retry_wait.as_secs().to_string(),
        "read_only" => s.read_only.to_string(),
        "domains" if s.domains.is_empty() => return None,
        "domains" => format!("[{}]", s.domains.join(", ")),
        _ => return None,
    })
}

/// `; not cloud usgov's https://…` for a URL set explicitly that differs from the cloud's: what
/// it overrides. A URL from the cloud says so in its source (`from cloud usgov`).
fn beside_cloud(s: &Settings, name: &str) -> String {
    let (url, cloud_url) = match name {
        "authority_host" => (&s.authority_host, s.cloud.authority_host()),
        "graph_endpoint" => (&s.graph_endpoint, s.cloud.graph_endpoint()),
        _ => return String::new(),
    };
    if matches!(s.origin(name), Some(Origin::Cloud(_))) || url_text(url) == cloud_url {
        return String::new();
    }
    format!(", overriding cloud {}'s {cloud_url}", s.cloud)
}

/// A colour as the config file writes it.
fn color_text(color: ratatui::style::Color) -> String {
    match color {
        ratatui::style::Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        named => named.to_string().to_ascii_lowercase(),
    }
}

/// Which credential signing in uses, or what stops it.
fn sign_in(s: &Settings) -> String {
    if s.client_secret.is_some() {
        return s.credential_text();
    }
    if let Some(problem) = s.credential_problems.first() {
        return format!("not possible: {problem}");
    }
    match &s.certificate {
        Some(Ok(cert)) => format!(
            "certificate {} (thumbprint {})",
            cert.path().display(),
            cert.thumbprint()
        ),
        Some(Err(e)) => format!("not possible: {e}"),
        None => "no credential: set client_secret or client_certificate_path".to_owned(),
    }
}

/// `https://graph.microsoft.com`, not the normalised `https://graph.microsoft.com/`.
pub(super) fn url_text(url: &Url) -> String {
    let text = url.as_str();
    if url.path() == "/" {
        text.trim_end_matches('/').to_owned()
    } else {
        text.to_owned()
    }
}
