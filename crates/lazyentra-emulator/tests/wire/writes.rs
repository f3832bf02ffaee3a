//! Writes: create, update, delete, restore and purge, the directory's validation of bodies, and
//! concurrent writers.

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
async fn create_validation_failures() {
    let emu = start(5).await;
    let g = Graph::admin(&emu).await;
    let post = |body: Value| {
        let g = &g;
        async move { g.send_json(Method::POST, "users", &body).await }
    };
    let with = |change: Value| {
        let mut body = new_user("Valid");
        for (k, v) in change.as_object().unwrap() {
            if v.is_null() && k != "mail" {
                body.as_object_mut().unwrap().remove(k);
            } else {
                body[k] = v.clone();
            }
        }
        body
    };
    let bad = StatusCode::BAD_REQUEST;
    let rb = "Request_BadRequest";

    for required in [
        "accountEnabled",
        "displayName",
        "mailNickname",
        "userPrincipalName",
    ] {
        let e = graph_error(post(with(json!({ required: null }))).await, bad, rb).await;
        assert_eq!(
            e["message"],
            format!("Property {required} value is required but is empty or missing.")
        );
    }
    let e = graph_error(
        post(with(
            json!({"passwordProfile": {"forceChangePasswordNextSignIn": true}}),
        ))
        .await,
        bad,
        rb,
    )
    .await;
    assert!(e["message"].as_str().unwrap().contains("passwordProfile"));

    let e = graph_error(
        post(with(json!({"userPrincipalName": "valid@fabrikam.com"}))).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(
        e["message"],
        "The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization."
    );
    assert_eq!(e["details"][0]["target"], "userPrincipalName");
    for upn in [
        "jösé@contoso.com",
        "no-at-sign",
        "two words@contoso.com",
        ".dot@contoso.com",
    ] {
        let e = graph_error(
            post(with(json!({ "userPrincipalName": upn }))).await,
            bad,
            rb,
        )
        .await;
        assert_eq!(e["details"][0]["code"], "InvalidValue", "{upn}");
    }
    let e = graph_error(
        post(with(
            json!({"userPrincipalName": "SEAN.O'BRIEN@contoso.com"}),
        ))
        .await,
        bad,
        rb,
    )
    .await;
    assert_eq!(
        e["message"],
        "Another object with the same value for property userPrincipalName already exists."
    );
    assert_eq!(e["details"][0]["code"], "ObjectConflict");
    assert_eq!(e["details"][0]["target"], "userPrincipalName");

    let e = graph_error(
        post(with(json!({"mailNickname": "has space"}))).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(
        e["message"],
        "Invalid value specified for property 'mailNickname' of resource 'User'."
    );
    for weak in [
        "short1A",
        "alllowercaseletters",
        "NoDigitsOrSymbols",
        "ÄÖÜäöü123!",
    ] {
        let e = graph_error(
            post(with(json!({"passwordProfile": {"password": weak}}))).await,
            bad,
            rb,
        )
        .await;
        assert_eq!(
            e["message"],
            "The specified password does not comply with password complexity requirements. Please provide a different password.",
            "{weak}"
        );
    }
    let e = graph_error(
        post(with(json!({"displayName": "x".repeat(257)}))).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(e["details"][0]["target"], "displayName");
    let e = graph_error(post(with(json!({"usageLocation": "USA"}))).await, bad, rb).await;
    assert_eq!(e["details"][0]["target"], "usageLocation");
    let e = graph_error(
        post(with(json!({"businessPhones": ["+1 1", "+1 2"]}))).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(e["details"][0]["target"], "businessPhones");
    let e = graph_error(
        post(with(json!({"id": "00000000-0000-4000-8000-000000000000"}))).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(
        e["message"],
        "Property 'id' is read-only and cannot be set."
    );
    let e = graph_error(
        post(with(json!({"favouriteColour": "blue"}))).await,
        bad,
        "BadRequest",
    )
    .await;
    assert!(e["message"].as_str().unwrap().starts_with(
        "The property 'favouriteColour' does not exist on type 'microsoft.graph.user'."
    ));
    let response = g
        .request(Method::POST, "users")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    graph_error(response, bad, "BadRequest").await;
    assert_eq!(emu.user_count(), 5, "nothing was created");
    // A guest userType and a second verified domain are fine.
    let ok =
        with(json!({"userType": "Guest", "userPrincipalName": "x@lazyentra-demo.onmicrosoft.com"}));
    assert_eq!(post(ok).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn patch_returns_204_and_checks_values() {
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

    let bad = StatusCode::BAD_REQUEST;
    let rb = "Request_BadRequest";
    for read_only in [
        json!({"id": "x"}),
        json!({"createdDateTime": "2020-01-01T00:00:00Z"}),
        json!({"proxyAddresses": ["SMTP:x@contoso.com"]}),
        json!({"onPremisesSyncEnabled": true}),
        json!({"deletedDateTime": null}),
    ] {
        let e = graph_error(
            patch(format!("users/{upn}"), read_only.clone()).await,
            bad,
            rb,
        )
        .await;
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .ends_with("is read-only and cannot be set."),
            "{read_only}"
        );
    }
    let e = graph_error(
        patch(format!("users/{upn}"), json!({"displayName": null})).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(e["details"][0]["target"], "displayName");
    let e = graph_error(
        patch(format!("users/{upn}"), json!({"usageLocation": "Ireland"})).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(e["details"][0]["target"], "usageLocation");
    let e = graph_error(
        patch(
            format!("users/{upn}"),
            json!({"userPrincipalName": "robert.tables@contoso.com"}),
        )
        .await,
        bad,
        rb,
    )
    .await;
    assert_eq!(e["details"][0]["code"], "ObjectConflict");
    let e = graph_error(
        patch(
            format!("users/{upn}"),
            json!({"userPrincipalName": "sean@gmail.com"}),
        )
        .await,
        bad,
        rb,
    )
    .await;
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("The domain portion")
    );
    graph_error(
        patch("users/nobody@contoso.com".into(), json!({"jobTitle": "x"})).await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;

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
