//! Reading a collection: the envelope and default properties, `$select`, `$top`, `$count`,
//! paging by `@odata.nextLink`, and a 100k-user tenant.

use std::collections::HashSet;

use reqwest::StatusCode;

use super::{Graph, all_pages, graph_error, json_of, start};

#[tokio::test]
async fn list_has_graphs_envelope_and_default_properties() {
    let emu = start(150).await;
    let g = Graph::reader(&emu).await;
    let body = json_of(g.get("users").await).await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#users", emu.base_url())
    );
    let page = body["value"].as_array().unwrap();
    assert_eq!(page.len(), 100, "default page size");
    let keys: Vec<&String> = page[0].as_object().unwrap().keys().collect();
    let mut expected = vec![
        "businessPhones",
        "displayName",
        "givenName",
        "id",
        "jobTitle",
        "mail",
        "mobilePhone",
        "officeLocation",
        "preferredLanguage",
        "surname",
        "userPrincipalName",
    ];
    expected.sort_unstable();
    let mut keys: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
    keys.sort_unstable();
    assert_eq!(keys, expected);
    assert!(body["@odata.nextLink"].is_string());
    assert!(body.get("@odata.count").is_none());
}

#[tokio::test]
async fn select_top_and_paging_to_the_end() {
    let emu = start(1500).await;
    let g = Graph::reader(&emu).await;
    let first = "users?$select=id,displayName,accountEnabled,userType,faxNumber&$top=999";
    let (users, sizes, count) = all_pages(&g, first, false).await;
    assert_eq!(sizes, [999, 501]);
    assert_eq!(count, None);
    let ids: HashSet<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 1500, "every user exactly once");
    let user = users[0].as_object().unwrap();
    assert_eq!(user.len(), 5);
    assert!(user["faxNumber"].is_null(), "selected but unset → null");
    assert!(user["accountEnabled"].is_boolean());

    let body = json_of(g.get("users?$select=id,displayName&$top=2").await).await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#users(id,displayName)", emu.base_url())
    );
    let next = body["@odata.nextLink"].as_str().unwrap();
    assert!(
        next.starts_with(&format!("{}v1.0/users?", emu.base_url())),
        "{next}"
    );
    assert!(
        next.contains("$select=id,displayName") && next.contains("$top=2"),
        "{next}"
    );
    assert!(next.contains("$skiptoken="), "{next}");
}

#[tokio::test]
async fn top_out_of_range_is_refused() {
    let emu = start(3).await;
    let g = Graph::reader(&emu).await;
    let e = graph_error(
        g.get("users?$top=1000").await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(
        e["message"],
        "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive."
    );
    graph_error(
        g.get("users?$top=0").await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
}

#[tokio::test]
async fn count_needs_the_consistency_header() {
    let emu = start(42).await;
    let g = Graph::reader(&emu).await;
    let e = graph_error(
        g.get("users/$count").await,
        StatusCode::BAD_REQUEST,
        "Request_BadRequest",
    )
    .await;
    assert_eq!(e["message"], "$count is not currently supported.");
    let response = g.get_aq("users/$count").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(response.text().await.unwrap(), "42");

    // $count=true without the header is silently ignored; with it, first page only.
    let body = json_of(g.get("users?$count=true&$top=5").await).await;
    assert!(body.get("@odata.count").is_none());
    let (users, _, count) = all_pages(&g, "users?$count=true&$top=10", true).await;
    assert_eq!(count, Some(42));
    assert_eq!(users.len(), 42);
}

#[tokio::test]
async fn skiptokens_are_opaque_and_checked() {
    let emu = start(30).await;
    let g = Graph::reader(&emu).await;
    let body = json_of(g.get("users?$top=5").await).await;
    let next = body["@odata.nextLink"].as_str().unwrap().to_owned();
    let tampered = next.replacen("%27", "%2700", 1);
    let e = graph_error(
        g.get(&tampered).await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(
        e["message"],
        "Unable to execute query; invalid page token specified."
    );
    // The same token on a different query is refused too.
    let token = next.split("$skiptoken=").nth(1).unwrap();
    let other = format!("users?$top=5&$filter=accountEnabled%20eq%20true&$skiptoken={token}");
    graph_error(
        g.get(&other).await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(g.get(&next).await.status(), StatusCode::OK);
}

/// Advanced queries run on a separate index
/// (<https://learn.microsoft.com/en-us/graph/aad-advanced-queries>): a next link made with
/// `ConsistencyLevel: eventual` followed without it is refused as Graph refuses it
/// (msgraph-sdk-dotnet#884, msgraph-sdk-design#41), and the other way round.
#[tokio::test]
async fn page_tokens_keep_their_query_mode() {
    let emu = start(30).await;
    let g = Graph::reader(&emu).await;
    let body = json_of(g.get_aq("users?$count=true&$top=5").await).await;
    let advanced = body["@odata.nextLink"].as_str().unwrap().to_owned();
    let e = graph_error(
        g.get(&advanced).await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(
        e["message"],
        "Unable to execute query; invalid page token specified."
    );
    assert_eq!(g.get_aq(&advanced).await.status(), StatusCode::OK);
    let body = json_of(g.get_aq("users?$search=%22displayName:a%22&$top=1").await).await;
    if let Some(next) = body["@odata.nextLink"].as_str() {
        graph_error(
            g.get(next).await,
            StatusCode::BAD_REQUEST,
            "Request_UnsupportedQuery",
        )
        .await;
    }

    let body = json_of(g.get("users?$top=5").await).await;
    let plain = body["@odata.nextLink"].as_str().unwrap().to_owned();
    graph_error(
        g.get_aq(&plain).await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(g.get(&plain).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn paging_survives_deletes_between_pages() {
    let emu = start(20).await;
    let g = Graph::admin(&emu).await;
    let body = json_of(g.get("users?$top=10&$select=id").await).await;
    let first: Vec<String> = body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    // Delete one user already served and one not yet served.
    let snapshot = emu.users_snapshot();
    assert_eq!(
        g.delete(&format!("users/{}", first[3])).await.status(),
        StatusCode::NO_CONTENT
    );
    let later = snapshot[15]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        g.delete(&format!("users/{later}")).await.status(),
        StatusCode::NO_CONTENT
    );
    let (rest, _, _) = all_pages(&g, body["@odata.nextLink"].as_str().unwrap(), false).await;
    let expected: Vec<String> = snapshot[10..]
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .filter(|id| *id != later)
        .collect();
    let got: Vec<String> = rest
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(got, expected);
}

#[tokio::test]
async fn a_hundred_thousand_users_page_and_search() {
    // How fast this goes is measured by `cargo bench --bench graph` (BENCHMARKS.md), not here.
    let emu = start(100_000).await;
    assert_eq!(emu.user_count(), 100_000);
    let g = Graph::reader(&emu).await;
    let body = json_of(g.get("users?$top=999&$select=id,displayName").await).await;
    assert_eq!(body["value"].as_array().unwrap().len(), 999);
    let next = body["@odata.nextLink"].as_str().unwrap().to_owned();
    assert_eq!(g.get(&next).await.status(), StatusCode::OK);
    let q = [
        ("$search", r#""displayName:ana" OR "userPrincipalName:ana""#),
        ("$filter", "accountEnabled eq true"),
        ("$orderby", "displayName"),
        ("$count", "true"),
        ("$top", "999"),
    ];
    let body = json_of(g.get_query("users", &q, true).await).await;
    assert!(body["@odata.count"].as_u64().unwrap() > 0);
}
