//! `GET /users/delta` as documented in <https://learn.microsoft.com/en-us/graph/api/user-delta>
//! and <https://learn.microsoft.com/en-us/graph/delta-query-users>: a first round of pages
//! ending in a delta link, then only what changed.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Graph, json_of_status, new_user, start};

/// Follows next links from `first` to the delta link; every user seen, and the delta link.
async fn round(g: &Graph, first: &str, prefer: Option<&str>) -> (Vec<Value>, String) {
    let mut seen = Vec::new();
    let mut link = first.to_owned();
    loop {
        let mut request = g.request(Method::GET, &link);
        if let Some(p) = prefer {
            request = request.header("Prefer", p);
        }
        let body = json_of_status(request.send().await.unwrap(), StatusCode::OK).await;
        seen.extend(body["value"].as_array().unwrap().iter().cloned());
        if let Some(next) = body["@odata.nextLink"].as_str() {
            assert!(body.get("@odata.deltaLink").is_none());
            next.clone_into(&mut link);
        } else {
            let delta = body["@odata.deltaLink"].as_str().expect("a delta link");
            assert!(delta.contains("/v1.0/users/delta?$deltatoken="), "{delta}");
            return (seen, delta.to_owned());
        }
    }
}

#[tokio::test]
async fn delta_pages_everyone_then_returns_only_changes() {
    let emu = start(25).await;
    let g = Graph::admin(&emu).await;
    let (all, delta) = round(
        &g,
        "users/delta?$select=displayName,jobTitle",
        Some("odata.maxpagesize=10"),
    )
    .await;
    assert_eq!(all.len(), 25);
    assert!(
        all.iter()
            .all(|u| u["id"].is_string() && u.get("mail").is_none())
    );
    // Nothing changed: an empty round.
    let (none, delta) = round(&g, &delta, None).await;
    assert!(none.is_empty(), "{none:?}");

    let users = emu.users_snapshot();
    let (edited, gone, purged) = (
        users[3]["id"].as_str().unwrap().to_owned(),
        users[4]["id"].as_str().unwrap().to_owned(),
        users[5]["id"].as_str().unwrap().to_owned(),
    );
    let patch = json!({"jobTitle": "Chief Delta Officer"});
    assert_eq!(
        g.send_json(Method::PATCH, &format!("users/{edited}"), &patch)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    g.delete(&format!("users/{gone}")).await;
    g.delete(&format!("users/{purged}")).await;
    g.delete(&format!("directory/deletedItems/{purged}")).await;
    let created = json_of_status(
        g.send_json(Method::POST, "users", &new_user("delta.new"))
            .await,
        StatusCode::CREATED,
    )
    .await;

    let (changes, _) = round(&g, &delta, None).await;
    let by_id = |id: &str| {
        changes
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {changes:?}"))
            .clone()
    };
    assert_eq!(changes.len(), 4, "{changes:?}");
    let e = by_id(&edited);
    assert_eq!(e["jobTitle"], "Chief Delta Officer");
    assert!(e.get("mail").is_none(), "$select is kept in the token");
    assert_eq!(by_id(&gone)["@removed"], json!({"reason": "changed"}));
    assert_eq!(by_id(&purged)["@removed"], json!({"reason": "deleted"}));
    let n = by_id(created["id"].as_str().unwrap());
    assert_eq!(n["displayName"], "New delta.new");

    // return=minimal: only the changed properties (and id).
    let body = json_of_status(
        g.get("users/delta?$deltatoken=latest").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["value"], json!([]));
    let latest = body["@odata.deltaLink"].as_str().unwrap().to_owned();
    let patch = json!({"department": "Delta"});
    g.send_json(Method::PATCH, &format!("users/{edited}"), &patch)
        .await;
    let response = g
        .request(Method::GET, &latest)
        .header("Prefer", "return=minimal")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["preference-applied"], "return=minimal");
    let body = json_of_status(response, StatusCode::OK).await;
    assert_eq!(
        body["value"],
        json!([{"id": edited}]),
        "department is not in the default set"
    );
}

#[tokio::test]
async fn delta_routes_as_delta_and_refuses_forged_tokens() {
    let emu = start(3).await;
    let g = Graph::reader(&emu).await;
    for path in ["users/delta", "users/delta()"] {
        let body = json_of_status(g.get(path).await, StatusCode::OK).await;
        assert_eq!(body["value"].as_array().unwrap().len(), 3, "{path}");
        assert_eq!(
            body["@odata.context"],
            format!("{}v1.0/$metadata#users", emu.base_url())
        );
    }
    let response = g.get("users/delta?$deltatoken=X%2700%27").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn expired_delta_links_answer_sync_state_not_found_and_latest_starts_again() {
    let emu = start(3).await;
    let g = Graph::admin(&emu).await;
    let (_, delta) = round(&g, "users/delta?$select=displayName", None).await;
    emu.expire_delta_links();
    let response = g.request(Method::GET, &delta).send().await.unwrap();
    let body = json_of_status(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(body["error"]["code"], "syncStateNotFound", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("delta token is expired"),
        "{body}"
    );
    // A next link of a round begun before the expiry has expired too.
    let body = json_of_status(
        g.request(Method::GET, "users/delta")
            .header("Prefer", "odata.maxpagesize=1")
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let midway = body["@odata.nextLink"].as_str().unwrap().to_owned();
    emu.expire_delta_links();
    let response = g.request(Method::GET, &midway).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    // Sync from now works again, and its link sees what changes next.
    let body = json_of_status(
        g.get("users/delta?$deltatoken=latest&$select=jobTitle")
            .await,
        StatusCode::OK,
    )
    .await;
    let latest = body["@odata.deltaLink"].as_str().unwrap().to_owned();
    let id = emu.users_snapshot()[0]["id"].as_str().unwrap().to_owned();
    g.send_json(
        Method::PATCH,
        &format!("users/{id}"),
        &json!({"jobTitle": "After expiry"}),
    )
    .await;
    let (changes, _) = round(&g, &latest, None).await;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["jobTitle"], "After expiry");
}
