//! Microsoft's cloud instances: the global service and the national clouds, each with its own
//! token authority and its own Graph. A token issued in one cloud is refused by the others.
//!
//! Authorities: <https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud>
//! ("Microsoft Entra authentication endpoints"). Graph roots:
//! <https://learn.microsoft.com/en-us/graph/deployments> ("Microsoft Graph and Graph Explorer
//! service root endpoints"), whose token table still names `login.chinacloudapi.cn` for China:
//! that host is recognised as China's too.

use std::fmt;

use url::{Host, Url};

/// The `cloud` setting: which pair of authority and Graph to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cloud {
    /// The global service (also Microsoft 365 GCC).
    Global,
    /// US Government L4 (GCC High).
    UsGov,
    /// US Government L5 (`DoD`).
    UsGovDod,
    /// China, operated by 21Vianet.
    China,
}

impl Cloud {
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::UsGov, Cloud::UsGovDod, Cloud::China];

    /// The name the setting takes.
    pub fn name(self) -> &'static str {
        match self {
            Self::Global => "global",
            Self::UsGov => "usgov",
            Self::UsGovDod => "usgov-dod",
            Self::China => "china",
        }
    }

    /// The cloud named `text` (any case, surrounding spaces ignored).
    pub fn from_name(text: &str) -> Option<Cloud> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(text))
    }

    /// `global, usgov, usgov-dod or china`.
    pub fn names() -> String {
        let names: Vec<&str> = Self::ALL.iter().map(|c| c.name()).collect();
        match names.split_last() {
            Some((last, init)) => format!("{} or {last}", init.join(", ")),
            None => String::new(),
        }
    }

    /// Where its tokens come from.
    pub fn authority_host(self) -> &'static str {
        match self {
            Self::Global => "https://login.microsoftonline.com",
            Self::UsGov | Self::UsGovDod => "https://login.microsoftonline.us",
            Self::China => "https://login.partner.microsoftonline.cn",
        }
    }

    /// Its Graph root; the token scope is `<this>/.default`.
    pub fn graph_endpoint(self) -> &'static str {
        match self {
            Self::Global => "https://graph.microsoft.com",
            Self::UsGov => "https://graph.microsoft.us",
            Self::UsGovDod => "https://dod-graph.microsoft.us",
            Self::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The clouds whose tokens `authority` issues; empty when it is not a known authority (a
/// proxy, the emulator).
fn authority_clouds(authority: &Url) -> Vec<Cloud> {
    let Some(Host::Domain(host)) = authority.host() else {
        return Vec::new();
    };
    let host = host.to_ascii_lowercase();
    let mut clouds: Vec<Cloud> = Cloud::ALL
        .into_iter()
        .filter(|c| host_of(c.authority_host()) == host)
        .collect();
    if host == "login.chinacloudapi.cn" {
        clouds.push(Cloud::China);
    }
    clouds
}

/// The cloud whose Graph `graph` is, if it is a known one.
fn graph_cloud(graph: &Url) -> Option<Cloud> {
    let Some(Host::Domain(host)) = graph.host() else {
        return None;
    };
    let host = host.to_ascii_lowercase();
    Cloud::ALL
        .into_iter()
        .find(|c| host_of(c.graph_endpoint()) == host)
}

fn host_of(url: &str) -> &str {
    url.trim_start_matches("https://")
}

/// An authority and a Graph that belong to different clouds: the authority's clouds and the
/// Graph's. `None` when they agree, or when either is not a known cloud's (a proxy, loopback).
pub(super) fn mismatch(authority: &Url, graph: &Url) -> Option<(Vec<Cloud>, Cloud)> {
    let graph_cloud = graph_cloud(graph)?;
    let authority_clouds = authority_clouds(authority);
    if authority_clouds.is_empty() || authority_clouds.contains(&graph_cloud) {
        return None;
    }
    Some((authority_clouds, graph_cloud))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn names_round_trip() {
        for cloud in Cloud::ALL {
            assert_eq!(Cloud::from_name(cloud.name()), Some(cloud));
            assert!(Url::parse(cloud.authority_host()).is_ok());
            assert!(Url::parse(cloud.graph_endpoint()).is_ok());
        }
        assert_eq!(Cloud::from_name(" USGov-DoD "), Some(Cloud::UsGovDod));
        assert_eq!(Cloud::from_name("azure"), None);
        assert_eq!(Cloud::names(), "global, usgov, usgov-dod or china");
    }

    #[test]
    fn each_clouds_own_pair_matches() {
        for cloud in Cloud::ALL {
            let pair = (url(cloud.authority_host()), url(cloud.graph_endpoint()));
            assert_eq!(mismatch(&pair.0, &pair.1), None, "{cloud}");
        }
        // The older China authority from the Graph deployments page.
        let old = url("https://login.chinacloudapi.cn");
        assert_eq!(mismatch(&old, &url(Cloud::China.graph_endpoint())), None);
    }

    #[test]
    fn pairs_across_clouds_mismatch() {
        let global = url(Cloud::Global.authority_host());
        let us_graph = url("https://graph.microsoft.us/");
        assert_eq!(
            mismatch(&global, &us_graph),
            Some((vec![Cloud::Global], Cloud::UsGov))
        );
        let us = url("https://LOGIN.microsoftonline.us");
        assert_eq!(
            mismatch(&us, &url(Cloud::China.graph_endpoint())),
            Some((vec![Cloud::UsGov, Cloud::UsGovDod], Cloud::China))
        );
    }

    #[test]
    fn unknown_hosts_and_loopback_never_mismatch() {
        let emulator = url("http://127.0.0.1:8080/");
        let global_graph = url(Cloud::Global.graph_endpoint());
        assert_eq!(mismatch(&emulator, &global_graph), None);
        assert_eq!(
            mismatch(&url(Cloud::UsGov.authority_host()), &emulator),
            None
        );
        let proxy = url("https://graph-proxy.contoso.com");
        assert_eq!(mismatch(&url(Cloud::China.authority_host()), &proxy), None);
    }
}
