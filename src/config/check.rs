//! The rules a value must meet, each returning the reason it fails in words a user can act on.

use url::{Host, Url};

const GUID_EXAMPLE: &str = "00000000-0000-0000-0000-000000000000";

/// The 8-4-4-4-12 hex form Entra shows. Stricter than `uuid::Uuid::parse_str`, which also
/// accepts braces, `urn:uuid:` and bare hex that the portal never displays.
pub(super) fn is_guid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// A host name with at least two labels, e.g. `contoso.onmicrosoft.com`.
pub(super) fn is_domain(text: &str) -> bool {
    let labels: Vec<&str> = text.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    text.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(label_ok)
        // A last label of digits only is an IP address, not a tenant domain.
        && labels.last().is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()))
}

pub fn tenant_id(text: &str) -> Result<(), String> {
    let lower = text.to_ascii_lowercase();
    if matches!(lower.as_str(), "common" | "consumers" | "organizations") {
        return Err(format!(
            "`{lower}` is a multi-tenant alias, and app-only sign-in needs one specific tenant: \
             use your tenant ID (Entra admin center → Overview) or a domain like \
             contoso.onmicrosoft.com"
        ));
    }
    if is_guid(text) || is_domain(text) {
        return Ok(());
    }
    Err(format!(
        "must be a tenant ID (a GUID like {GUID_EXAMPLE}) or a domain name like \
         contoso.onmicrosoft.com"
    ))
}

pub fn client_id(text: &str) -> Result<(), String> {
    if is_guid(text) {
        return Ok(());
    }
    Err(format!(
        "must be the Application (client) ID, a GUID like {GUID_EXAMPLE} \
         (App registrations → your app → Overview)"
    ))
}

/// The most characters a profile's name has: it names a file and fits a table column.
pub const PROFILE_NAME_MAX: usize = 40;

/// A profile's name: letters, digits, `-` and `_`, as it also names its secret's file.
/// `default` is the top-level settings' own name.
pub fn profile_name(name: &str) -> Result<(), String> {
    let shown = name.escape_debug();
    if name.is_empty() {
        return Err("a profile needs a name".to_owned());
    }
    if name.eq_ignore_ascii_case("default") {
        return Err(
            "`default` is the name of the top-level settings; give the profile another name"
                .to_owned(),
        );
    }
    if name.chars().count() > PROFILE_NAME_MAX {
        return Err(format!(
            "profile name `{shown}` is longer than {PROFILE_NAME_MAX} characters"
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(format!(
            "profile name `{shown}` may hold only letters, digits, - and _ (it also names the \
             file its secret can be saved in)"
        ));
    }
    Ok(())
}

/// An environment variable's name, as `client_secret_env` gives it.
pub fn env_name(name: &str) -> Result<(), String> {
    let mut bytes = name.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    if first_ok && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Ok(());
    }
    Err(
        "must be the name of an environment variable, e.g. CONTOSO_SECRET (letters, digits \
         and _), not the secret itself"
            .to_owned(),
    )
}

/// A profile's accent: a terminal colour name or `#rrggbb`.
pub(super) fn color(text: &str) -> Result<ratatui::style::Color, String> {
    use ratatui::style::Color;
    let lower = text.trim().to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix('#')
        && hex.len() == 6
        && let Ok(rgb) = u32::from_str_radix(hex, 16)
    {
        let [_, r, g, b] = rgb.to_be_bytes();
        return Ok(Color::Rgb(r, g, b));
    }
    let named = match lower.replace(['-', '_', ' '], "").as_str() {
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" | "purple" => Color::Magenta,
        "cyan" => Color::Cyan,
        "white" => Color::White,
        "gray" | "grey" => Color::Gray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        _ => {
            return Err(
                "must be a colour name (red, green, yellow, blue, magenta, cyan, white, gray, \
                 or light- and one of the first six) or #rrggbb"
                    .to_owned(),
            );
        }
    };
    Ok(named)
}

/// An endpoint URL: http(s), a host, no credentials, query or fragment, and plain http
/// only to this machine.
pub(super) fn endpoint(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| format!("is not a URL ({e})"))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(
                "plain http:// is allowed only to this machine (localhost, 127.0.0.0/8, ::1): \
                 tokens and the client secret would cross the network unencrypted; use https://"
                    .to_owned(),
            );
        }
        other => return Err(format!("must be an https:// URL, not {other}://")),
    }
    if url.host().is_none() {
        return Err("has no host name".to_owned());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not contain a user name or password".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("must not have a query (?…) or fragment (#…)".to_owned());
    }
    Ok(url)
}

/// The Graph root must not carry the API version: the client appends `/v1.0/…` itself and
/// derives the token scope (`<root>/.default`) from it.
pub(super) fn graph_root(url: &Url) -> Result<(), String> {
    let path = url.path().trim_end_matches('/');
    if path.ends_with("/v1.0") || path.ends_with("/beta") {
        return Err(format!(
            "must be the Graph root without a version, e.g. {}://{} (lazyentra adds /v1.0)",
            url.scheme(),
            url.host_str().unwrap_or("graph.microsoft.com")
        ));
    }
    Ok(())
}

pub(super) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids() {
        assert!(is_guid("72f988bf-86f1-41af-91ab-2d7cd011db47"));
        assert!(is_guid("72F988BF-86F1-41AF-91AB-2D7CD011DB47"));
        assert!(!is_guid("72f988bf86f141af91ab2d7cd011db47"));
        assert!(!is_guid("{72f988bf-86f1-41af-91ab-2d7cd011db47}"));
        assert!(!is_guid("72f988bf-86f1-41af-91ab-2d7cd011db4g"));
    }

    #[test]
    fn tenants() {
        assert!(tenant_id("contoso.onmicrosoft.com").is_ok());
        assert!(tenant_id("72f988bf-86f1-41af-91ab-2d7cd011db47").is_ok());
        assert!(tenant_id("Common").unwrap_err().contains("multi-tenant"));
        assert!(tenant_id("contoso").is_err());
        assert!(tenant_id("10.0.0.1").is_err());
        assert!(tenant_id("-bad.example.com").is_err());
        assert!(tenant_id("contoso.onmicrosoft.com/").is_err());
    }

    #[test]
    fn profile_names() {
        assert!(profile_name("contoso-prod_2").is_ok());
        assert!(profile_name("").is_err());
        assert!(profile_name("Default").unwrap_err().contains("top-level"));
        assert!(
            profile_name("../etc")
                .unwrap_err()
                .contains("letters, digits")
        );
        assert!(profile_name("my tenant").is_err());
        assert!(profile_name(&"x".repeat(41)).is_err());
    }

    #[test]
    fn env_names_and_colours() {
        assert!(env_name("CONTOSO_SECRET").is_ok());
        assert!(env_name("_x1").is_ok());
        assert!(env_name("1X").is_err());
        assert!(env_name("Xy8Q~secret").is_err());
        assert_eq!(color("Red"), Ok(ratatui::style::Color::Red));
        assert_eq!(color("light-blue"), Ok(ratatui::style::Color::LightBlue));
        assert_eq!(
            color("#ff8800"),
            Ok(ratatui::style::Color::Rgb(255, 136, 0))
        );
        assert!(color("#ff88").is_err());
        assert!(color("chartreuse").is_err());
    }

    #[test]
    fn endpoints() {
        assert!(endpoint("https://graph.microsoft.com").is_ok());
        assert!(endpoint("http://localhost:8080").is_ok());
        assert!(endpoint("http://127.0.0.5:1").is_ok());
        assert!(endpoint("http://[::1]:9").is_ok());
        assert!(
            endpoint("http://10.0.0.1")
                .unwrap_err()
                .contains("unencrypted")
        );
        assert!(endpoint("http://localhost.evil.com").is_err());
        assert!(endpoint("ftp://x.example").is_err());
        assert!(endpoint("https://x.example/?a=b").is_err());
        assert!(endpoint("https://u:p@x.example").is_err());
        assert!(endpoint("graph.microsoft.com").is_err());
    }

    #[test]
    fn graph_root_without_version() {
        let url = Url::parse("https://graph.microsoft.com/v1.0/").unwrap();
        assert!(graph_root(&url).is_err());
        let url = Url::parse("https://graph.microsoft.com").unwrap();
        assert!(graph_root(&url).is_ok());
    }
}
