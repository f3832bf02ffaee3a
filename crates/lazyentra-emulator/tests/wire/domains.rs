//! `GET /domains`: the tenant's domains with `isVerified` and `isDefault`, as documented in
//! <https://learn.microsoft.com/en-us/graph/api/domain-list>. It needs `Domain.Read.All` (or a
//! broader directory permission); `User.*` permissions alone get 403.

use lazyentra_emulator::demo;
use reqwest::StatusCode;

use super::{Graph, graph_error, json_of_status, start};

#[tokio::test]
async fn domains_list_verified_and_unverified_with_the_default() {
    let emu = start(5).await;
    let g = Graph::admin(&emu).await;
    let body = json_of_status(g.get("domains").await, StatusCode::OK).await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#domains", emu.base_url())
    );
    let domains = body["value"].as_array().unwrap();
    let verified: Vec<&str> = domains
        .iter()
        .filter(|d| d["isVerified"] == true)
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(verified, demo::VERIFIED_DOMAINS);
    let defaults: Vec<&str> = domains
        .iter()
        .filter(|d| d["isDefault"] == true)
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(defaults, [demo::DEFAULT_DOMAIN]);
    let initial: Vec<&str> = domains
        .iter()
        .filter(|d| d["isInitial"] == true)
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(initial, [demo::DOMAIN]);
    // An added domain whose DNS record was never checked is listed, unverified.
    assert!(
        domains
            .iter()
            .any(|d| d["id"] == demo::UNVERIFIED_DOMAINS[0] && d["isVerified"] == false)
    );
}

#[tokio::test]
async fn domains_need_domain_read_all() {
    let emu = start(5).await;
    let reader = Graph::reader(&emu).await;
    let e = graph_error(
        reader.get("domains").await,
        StatusCode::FORBIDDEN,
        "Authorization_RequestDenied",
    )
    .await;
    assert_eq!(
        e["message"],
        "Insufficient privileges to complete the operation."
    );
}
