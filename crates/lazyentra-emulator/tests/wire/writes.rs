//! Writes that succeed: create, update (including a rename and a password reset), delete,
//! restore and purge, and concurrent writers. Refused writes are in `validation`.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Graph, all_pages, graph_error, json_of, new_user, start};

#[tokio::test]
async fn create_returns_201_with_the_new_user() {
    let emu = start(5).await;
    let g = Graph::admin(&emu).await;
    let response = g
        .send_json(Method::POST, "users", &new_user("AdeleV"))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert!(response.headers().contains_key("location"));
    let body = json_of(response).await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#users/$entity", emu.base_url())
    );
    let id = body["id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok());
    assert_eq!(body["userPrincipalName"], "AdeleV@contoso.com");
    assert_eq!(body["businessPhones"], json!([]));
    assert!(body.get("passwordProfile").is_none());
    assert!(!body.to_string().contains("xWwvJ"), "password never echoed");
    let stored = emu.user(id).unwrap();
    assert_eq!(stored["userType"], "Member");
    assert!(stored["createdDateTime"].as_str().unwrap().ends_with('Z'));
    assert_eq!(emu.user_count(), 6);
    // Reads see it at once.
    assert_eq!(
        g.get("users/adelev@CONTOSO.com").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn patch_returns_204_and_applies_the_changes() {
    let emu = start(5).await;
    let g = Graph::admin(&emu).await;
    let upn = "sean.o'brien@contoso.com";
    let patch = |path: String, body: Value| {
        let g = &g;
        async move { g.send_json(Method::PATCH, &path, &body).await }
    };
    let response = patch(
        format!("users/{upn}"),
        json!({"jobTitle": "Principal DBA", "businessPhones": ["+353 1 555 0100"], "mobilePhone": null, "accountEnabled": false}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.headers().get("content-type").is_none());
    assert!(response.text().await.unwrap().is_empty());
    let user = emu.user(upn).unwrap();
    assert_eq!(user["jobTitle"], "Principal DBA");
    assert_eq!(user["businessPhones"], json!(["+353 1 555 0100"]));
    assert!(user["mobilePhone"].is_null());
    assert_eq!(user["accountEnabled"], false);

    // Renaming (even just the case of) one's own UPN is fine; the old name stops resolving.
    let response = patch(
        format!("users/{upn}"),
        json!({"userPrincipalName": "Sean.OBrien@contoso.com"}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(emu.user(upn).is_none());
    assert_eq!(
        emu.user("sean.obrien@contoso.com").unwrap()["jobTitle"],
        "Principal DBA"
    );

    // Password reset: the admin app holds the User Administrator role.
    let response = patch(
        "users('$svc-backup@lazyentra-demo.onmicrosoft.com')".into(),
        json!({"passwordProfile": {"password": "N3w-Passw0rd!", "forceChangePasswordNextSignIn": false}}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let svc = emu
        .user("$svc-backup@lazyentra-demo.onmicrosoft.com")
        .unwrap();
    assert_eq!(svc["passwordProfile"]["password"], "N3w-Passw0rd!");
}

#[tokio::test]
async fn delete_restore_and_purge() {
    let emu = start(10).await;
    let g = Graph::admin(&emu).await;
    let upn = "robert.tables@contoso.com";
    let id = emu.user(upn).unwrap()["id"].as_str().unwrap().to_owned();
    let response = g.delete(&format!("users/{upn}")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!((emu.user_count(), emu.deleted_count()), (9, 1));
    graph_error(
        g.get(&format!("users/{id}")).await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;
    graph_error(
        g.delete(&format!("users/{id}")).await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;

    let body = json_of(
        g.get("directory/deletedItems/microsoft.graph.user?$select=id,displayName,userPrincipalName,deletedDateTime")
            .await,
    )
    .await;
    let items = body["value"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id.as_str());
    assert!(items[0]["deletedDateTime"].as_str().unwrap().ends_with('Z'));
    // Entra renames deleted users: object id without dashes, then the old UPN.
    assert_eq!(
        items[0]["userPrincipalName"],
        format!("{}{upn}", id.replace('-', ""))
    );
    let body = json_of(g.get(&format!("directory/deletedItems/{id}")).await).await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#directoryObjects/$entity", emu.base_url())
    );
    assert_eq!(body["@odata.type"], "#microsoft.graph.user");
    assert!(emu.deleted_user(&id).is_some());

    // The UPN is free again; while it is taken, restore fails.
    let mut blocker = new_user("robert.tables");
    blocker["mailNickname"] = json!("rtables");
    let created = json_of(g.send_json(Method::POST, "users", &blocker).await).await;
    let restore = format!("directory/deletedItems/{id}/restore");
    let e = graph_error(
        g.request(Method::POST, &restore).send().await.unwrap(),
        StatusCode::BAD_REQUEST,
        "Request_BadRequest",
    )
    .await;
    assert_eq!(e["details"][0]["target"], "userPrincipalName");
    let blocker_id = created["id"].as_str().unwrap();
    assert_eq!(
        g.delete(&format!("users/{blocker_id}")).await.status(),
        StatusCode::NO_CONTENT
    );

    let response = g.request(Method::POST, &restore).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_of(response).await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#directoryObjects/$entity", emu.base_url())
    );
    assert_eq!(body["@odata.type"], "#microsoft.graph.user");
    assert_eq!(body["id"], id.as_str());
    assert_eq!(body["userPrincipalName"], upn);
    assert_eq!(
        g.get(&format!("users/{upn}")).await.status(),
        StatusCode::OK
    );
    assert!(emu.user(&id).unwrap()["deletedDateTime"].is_null());

    // Permanent delete.
    assert_eq!(
        g.delete(&format!("users/{id}")).await.status(),
        StatusCode::NO_CONTENT
    );
    let response = g.delete(&format!("directory/deletedItems/{id}")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    graph_error(
        g.get(&format!("directory/deletedItems/{id}")).await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;
    assert!(emu.deleted_user(&id).is_none());
    assert_eq!(
        emu.deleted_count(),
        1,
        "only the blocker is left in deleted items"
    );
    let e = graph_error(
        g.get("directory/deletedItems/not-a-guid").await,
        StatusCode::BAD_REQUEST,
        "Request_BadRequest",
    )
    .await;
    assert_eq!(e["message"], "Invalid object identifier 'not-a-guid'.");
}

#[tokio::test]
async fn concurrent_writes_keep_the_tenant_consistent() {
    let emu = start(10).await;
    let g = std::sync::Arc::new(Graph::admin(&emu).await);
    let mut tasks = Vec::new();
    for i in 0..24 {
        let g = std::sync::Arc::clone(&g);
        tasks.push(tokio::spawn(async move {
            let alias = format!("load{i}");
            let created = g.send_json(Method::POST, "users", &new_user(&alias)).await;
            assert_eq!(created.status(), StatusCode::CREATED);
            // Half of them are deleted again straight away; everyone lists meanwhile.
            assert_eq!(g.get("users?$top=7").await.status(), StatusCode::OK);
            if i % 2 == 0 {
                let upn = format!("{alias}@contoso.com");
                assert_eq!(
                    g.delete(&format!("users/{upn}")).await.status(),
                    StatusCode::NO_CONTENT
                );
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!((emu.user_count(), emu.deleted_count()), (22, 12));
    let (users, _, _) = all_pages(&g, "users?$top=5", false).await;
    assert_eq!(users.len(), 22);
}
