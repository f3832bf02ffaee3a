//! A user's links: `manager` (and `$expand=manager`, `$ref` put and delete),
//! `directReports` and `memberOf`, as documented in
//! <https://learn.microsoft.com/en-us/graph/api/user-list-manager>,
//! <https://learn.microsoft.com/en-us/graph/api/user-post-manager>,
//! <https://learn.microsoft.com/en-us/graph/api/user-delete-manager>,
//! <https://learn.microsoft.com/en-us/graph/api/user-list-directreports> and
//! <https://learn.microsoft.com/en-us/graph/api/user-list-memberof>.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Graph, all_pages, graph_error, json_of_status, start};

fn id(user: &Value) -> String {
    user["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn manager_is_a_directory_object_or_404() {
    let emu = start(40).await;
    let g = Graph::reader(&emu).await;
    let users = emu.users_snapshot();
    let body = json_of_status(
        g.get(&format!("users/{}/manager", id(&users[7]))).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#directoryObjects/$entity", emu.base_url())
    );
    assert_eq!(body["@odata.type"], "#microsoft.graph.user");
    assert_eq!(body["id"], id(&users[1]).as_str());
    assert_eq!(body["displayName"], users[1]["displayName"]);
    let body = json_of_status(
        g.get(&format!(
            "users/{}/manager?$select=id,displayName",
            id(&users[7])
        ))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body.as_object().unwrap().len(), 4, "{body}");
    // No manager: Graph names the navigation in its 404.
    let e = graph_error(
        g.get(&format!("users/{}/manager", id(&users[0]))).await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;
    assert_eq!(
        e["message"],
        "Resource 'manager' does not exist or one of its queried reference-property objects are not present."
    );
    let e = graph_error(
        g.get("users/nobody@contoso.com/manager").await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("Resource 'nobody@contoso.com'")
    );
}

#[tokio::test]
async fn manager_ref_is_set_and_removed_with_204() {
    let emu = start(40).await;
    let g = Graph::admin(&emu).await;
    let users = emu.users_snapshot();
    let (report, boss) = (id(&users[0]), id(&users[9]));
    let reference = json!({"@odata.id": format!("https://graph.microsoft.com/v1.0/users/{boss}")});
    let path = format!("users/{report}/manager/$ref");
    let response = g.send_json(Method::PUT, &path, &reference).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.text().await.unwrap().is_empty());
    let body = json_of_status(
        g.get(&format!("users/{report}/manager")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["id"], boss.as_str());
    let reports = json_of_status(
        g.get(&format!("users/{boss}/directReports")).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        reports["value"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == report.as_str())
    );
    // An unknown manager, and a reader, change nothing.
    let unknown = json!({"@odata.id": "https://graph.microsoft.com/v1.0/users/00000000-0000-4000-8000-000000000000"});
    graph_error(
        g.send_json(Method::PUT, &path, &unknown).await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;
    let reader = Graph::reader(&emu).await;
    graph_error(
        reader.send_json(Method::PUT, &path, &reference).await,
        StatusCode::FORBIDDEN,
        "Authorization_RequestDenied",
    )
    .await;

    assert_eq!(g.delete(&path).await.status(), StatusCode::NO_CONTENT);
    graph_error(
        g.get(&format!("users/{report}/manager")).await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;
    graph_error(
        g.delete(&path).await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;
}

#[tokio::test]
async fn expand_manager_puts_it_inline_on_list_and_get() {
    let emu = start(40).await;
    let g = Graph::reader(&emu).await;
    let users = emu.users_snapshot();
    let body = json_of_status(
        g.get("users?$select=id,displayName&$expand=manager($select=id,displayName)")
            .await,
        StatusCode::OK,
    )
    .await;
    let page = body["value"].as_array().unwrap();
    // Without a manager the property is left out.
    assert!(page[0].get("manager").is_none(), "{}", page[0]);
    assert_eq!(
        page[7]["manager"],
        json!({"@odata.type": "#microsoft.graph.user", "id": id(&users[1]), "displayName": users[1]["displayName"]})
    );
    let body = json_of_status(
        g.get(&format!("users/{}?$expand=manager", id(&users[7])))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["manager"]["id"], id(&users[1]).as_str());
    assert_eq!(
        body["manager"]["userPrincipalName"],
        users[1]["userPrincipalName"]
    );
    // Paging keeps the expansion.
    let (all, _, _) = all_pages(&g, "users?$top=15&$expand=manager", false).await;
    assert_eq!(all.len(), 40);
    assert_eq!(all[37]["manager"]["id"], id(&users[6]).as_str());
    // Not with an advanced query (aad-advanced-queries: no $expand).
    graph_error(
        g.get_aq("users?$expand=manager&$count=true").await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    let e = graph_error(
        g.get("users?$expand=shoes").await,
        StatusCode::BAD_REQUEST,
        "BadRequest",
    )
    .await;
    assert_eq!(
        e["message"],
        "Could not find a property named 'shoes' on type 'microsoft.graph.user'."
    );
}

#[tokio::test]
async fn direct_reports_and_member_of_are_paged_collections() {
    let emu = start(40).await;
    let g = Graph::reader(&emu).await;
    let users = emu.users_snapshot();
    let root = id(&users[0]);
    let body = json_of_status(
        g.get(&format!("users/{root}/directReports")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#directoryObjects", emu.base_url())
    );
    let value = body["value"].as_array().unwrap();
    assert_eq!(value.len(), 5);
    assert!(
        value
            .iter()
            .all(|u| u["@odata.type"] == "#microsoft.graph.user")
    );
    let (paged, sizes, _) = all_pages(
        &g,
        &format!("users/{root}/directReports?$top=2&$select=id"),
        false,
    )
    .await;
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(
        paged.iter().map(id).collect::<Vec<_>>(),
        value.iter().map(id).collect::<Vec<_>>()
    );

    // User 2 is in two static groups (and the dynamic one when in Engineering); user 9 in
    // no static group. Names need a group permission: the admin app has Directory.Read.All.
    let a = Graph::admin(&emu).await;
    let body = json_of_status(
        a.get(&format!("users/{}/memberOf", id(&users[2]))).await,
        StatusCode::OK,
    )
    .await;
    let groups = body["value"].as_array().unwrap();
    let names: Vec<&str> = groups
        .iter()
        .map(|g| g["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(names[..2], ["All Staff", "Sales EMEA"], "{names:?}");
    assert!(
        groups
            .iter()
            .all(|g| g["@odata.type"] == "#microsoft.graph.group")
    );
    let dynamic = usize::from(users[9]["department"] == "Engineering")
        + usize::from(users[9]["userType"] == "Guest");
    let nine = json_of_status(
        a.get(&format!("users/{}/memberOf", id(&users[9]))).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(nine["value"].as_array().unwrap().len(), dynamic, "{nine}");
    for cast in ["graph.group", "microsoft.graph.group"] {
        let body = json_of_status(
            a.get(&format!(
                "users/{}/memberOf/{cast}?$select=id,displayName",
                id(&users[2])
            ))
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            body["@odata.context"],
            format!("{}v1.0/$metadata#groups(id,displayName)", emu.base_url())
        );
        assert_eq!(body["value"][0].as_object().unwrap().len(), 2);
    }
    let (paged, sizes, _) = all_pages(
        &a,
        &format!("users/{}/memberOf?$top=1", id(&users[2])),
        false,
    )
    .await;
    assert_eq!(paged.len(), groups.len());
    assert!(sizes.iter().all(|n| *n == 1), "{sizes:?}");
    graph_error(
        g.get(&format!(
            "users/{}/memberOf?$select=shoeSize",
            id(&users[2])
        ))
        .await,
        StatusCode::BAD_REQUEST,
        "BadRequest",
    )
    .await;
}

/// Every kind of group Graph tells apart by `groupTypes`, `mailEnabled` and `securityEnabled`
/// (the "Group types in Microsoft Entra ID and Microsoft Graph" table of
/// <https://learn.microsoft.com/en-us/graph/api/resources/groups-overview>), dynamic ones with
/// their rule, and directory roles
/// (<https://learn.microsoft.com/en-us/graph/api/resources/directoryrole>).
#[tokio::test]
async fn member_of_shows_every_kind_of_group_and_directory_roles() {
    let emu = start(120).await;
    let g = Graph::admin(&emu).await;
    let users = emu.users_snapshot();
    let mut kinds = std::collections::BTreeSet::new();
    for user in &users {
        let (all, _, _) = all_pages(&g, &format!("users/{}/memberOf", id(user)), false).await;
        for object in &all {
            let kind = match object["@odata.type"].as_str().unwrap() {
                "#microsoft.graph.directoryRole" => {
                    assert!(object["roleTemplateId"].is_string(), "{object}");
                    assert!(object.get("groupTypes").is_none(), "{object}");
                    "directory role"
                }
                "#microsoft.graph.group" => {
                    let types = object["groupTypes"].as_array().unwrap();
                    let mail = object["mailEnabled"].as_bool().unwrap();
                    let security = object["securityEnabled"].as_bool().unwrap();
                    let dynamic = types.contains(&json!("DynamicMembership"));
                    assert_eq!(dynamic, object["membershipRule"].is_string(), "{object}");
                    if dynamic {
                        let rule = object["membershipRule"].as_str().unwrap();
                        // The seeded rules match on department or userType.
                        let member = rule.contains(&format!(
                            "\"{}\"",
                            user["department"].as_str().unwrap_or("-")
                        )) || rule
                            .contains(&format!("\"{}\"", user["userType"].as_str().unwrap_or("-")));
                        assert!(member, "{} is no member by {rule}", user["displayName"]);
                        kinds.insert("dynamic");
                    }
                    assert_eq!(object["mail"].is_string(), mail, "{object}");
                    match (types.contains(&json!("Unified")), mail, security) {
                        (true, true, _) => "Microsoft 365",
                        (false, false, true) => "security",
                        (false, true, true) => "mail-enabled security",
                        (false, true, false) => "distribution",
                        other => panic!("no such kind of group: {other:?} {object}"),
                    }
                }
                other => panic!("unexpected {other}"),
            };
            kinds.insert(kind);
        }
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "Microsoft 365",
            "directory role",
            "distribution",
            "dynamic",
            "mail-enabled security",
            "security"
        ]
    );
    // Cast to groups, the roles are left out.
    let admin = id(&users[0]);
    let (all, _, _) = all_pages(&g, &format!("users/{admin}/memberOf"), false).await;
    let (groups, _, _) = all_pages(
        &g,
        &format!("users/{admin}/memberOf/microsoft.graph.group"),
        false,
    )
    .await;
    assert!(
        all.iter()
            .any(|o| o["displayName"] == "Global Administrator")
    );
    assert_eq!(
        groups.len(),
        all.iter()
            .filter(|o| o["@odata.type"] == "#microsoft.graph.group")
            .count()
    );
    assert!(groups.iter().all(|o| o.get("@odata.type").is_none()));
}

/// An app that may read users but not groups or roles gets each membership with its type and
/// id only, every other property null: "Limited information returned for inaccessible member
/// objects" (<https://learn.microsoft.com/en-us/graph/api/user-list-memberof>).
#[tokio::test]
async fn member_of_without_a_group_permission_names_type_and_id_only() {
    let emu = start(40).await;
    let g = Graph::reader(&emu).await;
    let users = emu.users_snapshot();
    let body = json_of_status(
        g.get(&format!("users/{}/memberOf", id(&users[0]))).await,
        StatusCode::OK,
    )
    .await;
    let value = body["value"].as_array().unwrap();
    assert!(!value.is_empty());
    for object in value {
        assert!(object["id"].is_string(), "{object}");
        assert!(object["@odata.type"].is_string(), "{object}");
        assert!(object["displayName"].is_null(), "{object}");
        assert!(
            object.get("displayName").is_some(),
            "null, not left out: {object}"
        );
    }
}

/// What Graph answers a `manager/$ref` write that cannot be done: an empty body, an
/// `@odata.id` that is no URL (msgraph-sdk-powershell#705, #3150), the user as its own
/// manager; and a manager chain that loops, which Graph does not refuse.
#[tokio::test]
async fn manager_ref_refusals() {
    let emu = start(40).await;
    let g = Graph::admin(&emu).await;
    let users = emu.users_snapshot();
    let (a, b) = (id(&users[20]), id(&users[21]));
    let path = format!("users/{a}/manager/$ref");
    let empty = g
        .request(Method::PUT, &path)
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    let e = graph_error(empty, StatusCode::BAD_REQUEST, "Request_BadRequest").await;
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("An unexpected 'EndOfInput' node")
    );
    for reference in [
        json!({"@odata.id": b.clone()}),
        json!({"@odata.id": format!("https:graph.microsoft.comv1.0users{b}")}),
        json!({"id": b.clone()}),
    ] {
        let e = graph_error(
            g.send_json(Method::PUT, &path, &reference).await,
            StatusCode::BAD_REQUEST,
            "Request_BadRequest",
        )
        .await;
        assert_eq!(e["message"], "Invalid URL format specified in payload.");
    }
    let own = json!({"@odata.id": format!("https://graph.microsoft.com/v1.0/users/{a}")});
    graph_error(
        g.send_json(Method::PUT, &path, &own).await,
        StatusCode::BAD_REQUEST,
        "Request_BadRequest",
    )
    .await;
    assert_eq!(emu.manager_of(&a), None);

    // b manages a, then a manages b: accepted, as on Graph.
    let to = |who: &str| json!({"@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{who}")});
    let response = g.send_json(Method::PUT, &path, &to(&b)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = g
        .send_json(Method::PUT, &format!("users/{b}/manager/$ref"), &to(&a))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(emu.manager_of(&a).as_deref(), Some(b.as_str()));
    assert_eq!(emu.manager_of(&b).as_deref(), Some(a.as_str()));
}
