//! Two tenants on one emulator, kept apart as Entra and Graph keep them: each has its own
//! directory and apps, an app of one tenant is not found at the other's token endpoint
//! (AADSTS700016), and a token of one tenant reaches nothing of the other.

use lazyentra_emulator::demo;
use reqwest::StatusCode;
use serde_json::Value;

use super::token::token_error;
use super::{Graph, graph_error, http, json_of, json_of_status, start};

fn form<'a>(id: &'a str, secret: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("client_id", id),
        ("client_secret", secret),
        ("scope", "https://graph.microsoft.com/.default"),
        ("grant_type", "client_credentials"),
    ]
}

/// A Graph caller signed in to Fabrikam with its reader app, through the token URL `tenant`.
async fn fabrikam(emu: &lazyentra_emulator::Emulator, tenant: &str) -> Graph {
    let response = super::token_response(
        emu,
        tenant,
        &form(
            demo::FABRIKAM_READER_CLIENT_ID,
            demo::FABRIKAM_READER_CLIENT_SECRET,
        ),
    )
    .await;
    let body = json_of_status(response, StatusCode::OK).await;
    Graph {
        base: emu.base_url().to_string(),
        token: body["access_token"].as_str().unwrap().to_owned(),
        http: http(),
    }
}

fn upns(body: &Value) -> Vec<String> {
    body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["userPrincipalName"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn each_tenant_has_its_own_users_domains_and_organization() {
    let emu = start(30).await;
    let f = fabrikam(&emu, demo::FABRIKAM_DEFAULT_DOMAIN).await;
    let first = json_of_status(f.get("users?$top=999&$count=true").await, StatusCode::OK).await;
    let names = upns(&first);
    assert_eq!(names.len(), demo::FABRIKAM_USERS);
    assert!(
        names
            .iter()
            .all(|u| u.ends_with("@fabrikam.com") || u.ends_with("@fabrikam.onmicrosoft.com")),
        "{names:?}"
    );
    assert_eq!(
        emu.user_count_in(demo::FABRIKAM_TENANT_ID),
        demo::FABRIKAM_USERS
    );
    assert_eq!(emu.user_count(), 30, "Contoso is the default tenant");

    let org = json_of_status(f.get("organization").await, StatusCode::OK).await;
    let org = &org["value"][0];
    assert_eq!(org["id"], demo::FABRIKAM_TENANT_ID);
    assert_eq!(org["displayName"], demo::FABRIKAM_NAME);
    let default: Vec<&str> = org["verifiedDomains"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["isDefault"] == true)
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(default, [demo::FABRIKAM_DEFAULT_DOMAIN]);

    let admin = Graph::admin(&emu).await;
    let org = json_of_status(admin.get("organization").await, StatusCode::OK).await;
    assert_eq!(org["value"][0]["displayName"], demo::TENANT_NAME);
    assert!(
        upns(&json_of(admin.get("users?$top=999").await).await)
            .iter()
            .all(|u| !u.contains("fabrikam.com@") && !u.ends_with("@fabrikam.com"))
    );
}

#[tokio::test]
async fn the_organization_needs_an_organization_or_directory_permission() {
    let emu = start(3).await;
    let reader = Graph::reader(&emu).await;
    graph_error(
        reader.get("organization").await,
        StatusCode::FORBIDDEN,
        "Authorization_RequestDenied",
    )
    .await;
}

#[tokio::test]
async fn an_app_of_one_tenant_is_not_found_at_the_others_token_endpoint() {
    let emu = start(3).await;
    let contoso_app = form(demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    let body = token_error(
        &emu,
        demo::FABRIKAM_TENANT_ID,
        &contoso_app,
        StatusCode::BAD_REQUEST,
        "unauthorized_client",
        700_016,
    )
    .await;
    let text = body["error_description"].as_str().unwrap();
    assert!(
        text.contains(&format!(
            "Application with identifier '{}' was not found in the directory '{}'",
            demo::ADMIN_CLIENT_ID,
            demo::FABRIKAM_NAME
        )),
        "{text}"
    );
    let fabrikam_app = form(
        demo::FABRIKAM_READER_CLIENT_ID,
        demo::FABRIKAM_READER_CLIENT_SECRET,
    );
    let body = token_error(
        &emu,
        "contoso.com",
        &fabrikam_app,
        StatusCode::BAD_REQUEST,
        "unauthorized_client",
        700_016,
    )
    .await;
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains(&format!("directory '{}'", demo::TENANT_NAME))
    );
    assert_eq!(emu.token_requests_for(demo::FABRIKAM_TENANT_ID), 1);
    assert_eq!(emu.token_requests_for(demo::TENANT_ID), 1);
}

#[tokio::test]
async fn a_token_of_one_tenant_reaches_nothing_of_the_other() {
    let emu = start(30).await;
    let contoso = Graph::admin(&emu).await;
    let f = fabrikam(&emu, demo::FABRIKAM_TENANT_ID).await;

    // Contoso's users are not in Fabrikam's directory, by id or by UPN.
    let megan = emu.user(demo::GLOBAL_ADMINISTRATOR_UPN).unwrap();
    let id = megan["id"].as_str().unwrap();
    for key in [id, demo::GLOBAL_ADMINISTRATOR_UPN] {
        graph_error(
            f.get(&format!("users/{key}")).await,
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
        )
        .await;
    }

    // A page link Contoso handed out is no page of Fabrikam's.
    let page = json_of_status(contoso.get("users?$top=5").await, StatusCode::OK).await;
    let next = page["@odata.nextLink"].as_str().unwrap();
    graph_error(
        f.get(next).await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    // Nor is a delta link.
    let round = json_of_status(
        contoso.get("users/delta?$deltatoken=latest").await,
        StatusCode::OK,
    )
    .await;
    let delta = round["@odata.deltaLink"].as_str().unwrap();
    let refused = f.get(delta).await;
    assert!(refused.status().is_client_error(), "{}", refused.status());

    // A token for a tenant this Graph does not serve at all: 401, as Graph answers it.
    let stranger = Graph {
        base: emu.base_url().to_string(),
        token: emu.token_for_unknown_tenant("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"),
        http: http(),
    };
    let error = graph_error(
        stranger.get("users").await,
        StatusCode::UNAUTHORIZED,
        "OrganizationFromTenantGuidNotFound",
    )
    .await;
    assert_eq!(
        error["message"],
        "The tenant for tenant guid '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' does not exist."
    );
}
