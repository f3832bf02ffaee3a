//! The settings lazyentra knows, with the environment variables and flags that set each one.
//! Layering, the unknown-key warning, `lazyentra config` and the "not set" hints all read
//! this one table, so a new setting is added in one place.

/// One setting in the `[top level]` of the config file.
pub(super) struct Entry {
    pub name: &'static str,
    /// The Azure SDK variable for it, if there is one (lower precedence than `LAZYENTRA_`).
    pub azure_env: Option<&'static str>,
    /// The command-line flag for it, if there is one.
    pub flag: Option<&'static str>,
}

const fn entry(
    name: &'static str,
    azure_env: Option<&'static str>,
    flag: Option<&'static str>,
) -> Entry {
    Entry {
        name,
        azure_env,
        flag,
    }
}

/// In the order `lazyentra config` prints them.
pub(super) const SETTINGS: &[Entry] = &[
    entry("tenant_id", Some("AZURE_TENANT_ID"), Some("--tenant-id")),
    entry("client_id", Some("AZURE_CLIENT_ID"), Some("--client-id")),
    // No flag on purpose: command lines end up in shell history and `ps`.
    entry("client_secret", Some("AZURE_CLIENT_SECRET"), None),
    // The secret's other two sources: the name of a variable holding it, or a 0600 file.
    entry("client_secret_env", None, None),
    entry("client_secret_file", None, None),
    entry(
        "client_certificate_path",
        Some("AZURE_CLIENT_CERTIFICATE_PATH"),
        Some("--client-certificate-path"),
    ),
    // A secret like client_secret: never a flag, never printed.
    entry(
        "client_certificate_password",
        Some("AZURE_CLIENT_CERTIFICATE_PASSWORD"),
        None,
    ),
    entry("cloud", None, Some("--cloud")),
    entry(
        "authority_host",
        Some("AZURE_AUTHORITY_HOST"),
        Some("--authority-host"),
    ),
    entry("graph_endpoint", None, Some("--graph-endpoint")),
    entry("page_size", None, Some("--page-size")),
    entry("request_timeout_secs", None, None),
    entry("max_retries", None, None),
    entry("max_retry_wait_secs", None, None),
    entry("read_only", None, Some("--read-only")),
    // The profile's accent on the connect screen: a colour name or #rrggbb.
    entry("color", None, None),
    // The tenant's domains, for checking an import's user names without Domain.Read.All.
    entry("domains", None, None),
];

/// Settings whose values are secrets: never shown, scrubbed from every message.
pub(super) const SECRETS: &[&str] = &["client_secret", "client_certificate_password"];

/// The three ways to give the client secret; the highest layer that uses one of them wins, and
/// one layer may use only one.
pub(super) const SECRET_SOURCES: &[&str] =
    &["client_secret", "client_secret_env", "client_secret_file"];

/// What signs in: a profile that names its own app or credential takes none of these from
/// below it, so a secret meant for another app is never sent with the profile's.
pub(super) const CREDENTIALS: &[&str] = &[
    "client_secret",
    "client_secret_env",
    "client_secret_file",
    "client_certificate_path",
    "client_certificate_password",
];

/// The table of key remappings, `action = "key"` or `action = ["key", ...]`.
pub(super) const KEYS_TABLE: &str = "keys";

/// The table of named connection profiles, `[profiles.NAME]`.
pub(super) const PROFILES_TABLE: &str = "profiles";

/// `LAZYENTRA_<NAME>`, e.g. `LAZYENTRA_GRAPH_ENDPOINT`.
pub(super) fn lazyentra_env(name: &str) -> String {
    format!("LAZYENTRA_{}", name.to_ascii_uppercase())
}

pub(super) fn find(name: &str) -> Option<&'static Entry> {
    SETTINGS.iter().find(|e| e.name == name)
}

/// Every name the config file may use at its top level.
pub(super) fn known_names() -> impl Iterator<Item = &'static str> {
    SETTINGS
        .iter()
        .map(|e| e.name)
        .chain([KEYS_TABLE, PROFILES_TABLE, super::views::VIEWS_TABLE])
}

/// Every name a `[profiles.NAME]` table may use: the settings, not the tables (`[keys]` is
/// shared by every profile).
pub(super) fn profile_names() -> impl Iterator<Item = &'static str> {
    SETTINGS.iter().map(|e| e.name)
}

/// The known name closest to a misspelt one, if it is close enough to be a likely typo.
pub(super) fn suggest(unknown: &str) -> Option<&'static str> {
    crate::spelling::closest(unknown, known_names())
}

/// As [`suggest`], among the names a profile may use.
pub(super) fn suggest_in_profile(unknown: &str) -> Option<&'static str> {
    crate::spelling::closest(unknown, profile_names())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(suggest("client_secert"), Some("client_secret"));
        assert_eq!(suggest("pagesize"), Some("page_size"));
        assert_eq!(suggest("colour_theme"), None);
    }

    #[test]
    fn env_names() {
        assert_eq!(lazyentra_env("graph_endpoint"), "LAZYENTRA_GRAPH_ENDPOINT");
    }
}
