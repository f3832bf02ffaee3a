//! One user: get by id, UPN or key form, single-entity properties, and the other endpoints
//! under a user (`revokeSignInSessions`, navigations) plus `/me` and `/organization`.

use lazyentra_emulator::demo;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{Graph, graph_error, json_of, json_of_status, start};

#[tokio::test]
async fn get_by_id_upn_guest_upn_and_key_form() {
    let emu = start(30).await;
    let g = Graph::reader(&emu).await;
    let sean = emu.user("SEAN.O'BRIEN@contoso.com").unwrap();
    let id = sean["id"].as_str().unwrap();
    let body = json_of(g.get(&format!("users/{id}")).await).await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#users/$entity", emu.base_url())
    );
    assert_eq!(body["displayName"], "Seán O'Brien");
    assert!(
        body.get("accountEnabled").is_none(),
        "not in the default set"
    );

    let body = json_of(
        g.get("users/sean.o'brien@contoso.com?$select=id,accountEnabled")
            .await,
    )
    .await;
    assert_eq!(
        body["@odata.context"],
        format!(
            "{}v1.0/$metadata#users(id,accountEnabled)/$entity",
            emu.base_url()
        )
    );
    assert_eq!(body["id"], id);
    assert!(body["accountEnabled"].is_boolean());

    let guest = "adele.vance_fabrikam.com%23EXT%23@lazyentra-demo.onmicrosoft.com";
    let body = json_of(g.get(&format!("users/{guest}")).await).await;
    assert_eq!(body["displayName"], "Adele Vance (Fabrikam)");

    let e = graph_error(
        g.get("users/$svc-backup@lazyentra-demo.onmicrosoft.com")
            .await,
        StatusCode::BAD_REQUEST,
        "BadRequest",
    )
    .await;
    assert!(e["message"].as_str().unwrap().contains("$svc-backup"));
    let body = json_of(
        g.get("users('$svc-backup@lazyentra-demo.onmicrosoft.com')")
            .await,
    )
    .await;
    assert_eq!(body["displayName"], "Backup Service ($svc-backup)");
    let body = json_of(g.get("users('sean.o''brien@contoso.com')").await).await;
    assert_eq!(body["id"], id);

    graph_error(
        g.get("users/00000000-0000-4000-8000-000000000000").await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;
}

#[tokio::test]
async fn single_entity_properties_are_501_on_lists() {
    let emu = start(3).await;
    let g = Graph::reader(&emu).await;
    let e = graph_error(
        g.get("users?$select=id,birthday").await,
        StatusCode::NOT_IMPLEMENTED,
        "NotImplemented",
    )
    .await;
    assert_eq!(e["message"], "This operation target is not yet supported.");
    let id = emu.users_snapshot()[0]["id"].as_str().unwrap().to_owned();
    let body = json_of(g.get(&format!("users/{id}?$select=birthday,skills")).await).await;
    assert!(body["birthday"].is_null());
    assert_eq!(body["skills"], json!([]));
}

#[tokio::test]
async fn other_user_endpoints() {
    let emu = start(3).await;
    let g = Graph::admin(&emu).await;
    let e = graph_error(g.get("me").await, StatusCode::BAD_REQUEST, "BadRequest").await;
    assert_eq!(
        e["message"],
        "/me request is only valid with delegated authentication flow."
    );
    let upn = "sean.o'brien@contoso.com";
    let response = g
        .request(Method::POST, &format!("users/{upn}/revokeSignInSessions"))
        .send()
        .await
        .unwrap();
    let body = json_of_status(response, StatusCode::OK).await;
    assert_eq!(body["value"], true);
    assert!(
        body["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("$metadata#Edm.Boolean")
    );
    let reader = Graph::reader(&emu).await;
    let response = reader
        .request(Method::POST, &format!("users/{upn}/revokeSignInSessions"))
        .send()
        .await
        .unwrap();
    graph_error(
        response,
        StatusCode::FORBIDDEN,
        "Authorization_RequestDenied",
    )
    .await;
    // Known Graph navigations the emulator does not model say so; unknown ones are 400.
    graph_error(
        g.get(&format!("users/{upn}/ownedDevices")).await,
        StatusCode::NOT_IMPLEMENTED,
        "NotImplemented",
    )
    .await;
    graph_error(
        g.get(&format!("users/{upn}/shoes")).await,
        StatusCode::BAD_REQUEST,
        "BadRequest",
    )
    .await;
    let body = json_of_status(g.get("organization").await, StatusCode::OK).await;
    let domains: Vec<&str> = body["value"][0]["verifiedDomains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(domains, demo::VERIFIED_DOMAINS);
    assert_eq!(body["value"][0]["id"], demo::TENANT_ID);
}
