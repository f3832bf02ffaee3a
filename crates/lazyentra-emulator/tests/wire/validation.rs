//! Writes the directory refuses: one table of create and update requests, each with the status,
//! `error.code` and what else Graph's error must say, driven by one loop.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Graph, graph_error, new_user, start};

/// A request body: JSON, or text that is not JSON at all.
enum Body {
    Json(Value),
    Raw(&'static str),
}

/// What a refused write's `error` object must say, beyond its status and code.
enum Says {
    /// `message`, exactly.
    Message(&'static str),
    MessageStarts(&'static str),
    MessageEnds(&'static str),
    MessageHas(&'static str),
    /// `details[0].code`.
    DetailCode(&'static str),
    /// `details[0].target`.
    Target(&'static str),
}

use Says::{DetailCode, Message, MessageEnds, MessageHas, MessageStarts, Target};

impl Says {
    fn check(&self, error: &Value, request: &str) {
        let message = error["message"].as_str().unwrap_or_default();
        let detail = &error["details"][0];
        match *self {
            Message(text) => assert_eq!(message, text, "{request}"),
            MessageStarts(text) => assert!(message.starts_with(text), "{request}: {message}"),
            MessageEnds(text) => assert!(message.ends_with(text), "{request}: {message}"),
            MessageHas(text) => assert!(message.contains(text), "{request}: {message}"),
            DetailCode(code) => assert_eq!(detail["code"], code, "{request}"),
            Target(target) => assert_eq!(detail["target"], target, "{request}"),
        }
    }
}

/// One refused write.
struct Refused {
    method: Method,
    path: String,
    body: Body,
    status: StatusCode,
    code: &'static str,
    says: &'static [Says],
}

fn refused(
    (method, path, body): (Method, String, Body),
    status: StatusCode,
    code: &'static str,
    says: &'static [Says],
) -> Refused {
    Refused {
        method,
        path,
        body,
        status,
        code,
        says,
    }
}

/// The user whose updates are refused (one of the seeded awkward users).
const SEAN: &str = "sean.o'brien@contoso.com";

const PASSWORD_POLICY: &str = "The specified password does not comply with password complexity requirements. Please provide a different password.";
const UNVERIFIED_DOMAIN: &str = "The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.";

/// A valid new user with `change` applied; a `null` removes the property (except `mail`,
/// which is sent as `null`).
fn valid_with(change: &Value) -> Value {
    let mut body = new_user("Valid");
    for (k, v) in change.as_object().unwrap() {
        if v.is_null() && k != "mail" {
            body.as_object_mut().unwrap().remove(k);
        } else {
            body[k] = v.clone();
        }
    }
    body
}

/// `POST /users` with a valid body changed by `change`.
fn create(change: &Value) -> (Method, String, Body) {
    (
        Method::POST,
        "users".to_owned(),
        Body::Json(valid_with(change)),
    )
}

/// `PATCH /users/{SEAN}` with `body`.
fn update(body: Value) -> (Method, String, Body) {
    (Method::PATCH, format!("users/{SEAN}"), Body::Json(body))
}

fn cases() -> Vec<Refused> {
    let bad = StatusCode::BAD_REQUEST;
    let rb = "Request_BadRequest";
    vec![
        // Create: required properties, and a password profile without a password.
        refused(
            create(&json!({"accountEnabled": null})),
            bad,
            rb,
            &[Message(
                "Property accountEnabled value is required but is empty or missing.",
            )],
        ),
        refused(
            create(&json!({"displayName": null})),
            bad,
            rb,
            &[Message(
                "Property displayName value is required but is empty or missing.",
            )],
        ),
        refused(
            create(&json!({"mailNickname": null})),
            bad,
            rb,
            &[Message(
                "Property mailNickname value is required but is empty or missing.",
            )],
        ),
        refused(
            create(&json!({"userPrincipalName": null})),
            bad,
            rb,
            &[Message(
                "Property userPrincipalName value is required but is empty or missing.",
            )],
        ),
        refused(
            create(&json!({"passwordProfile": {"forceChangePasswordNextSignIn": true}})),
            bad,
            rb,
            &[MessageHas("passwordProfile")],
        ),
        // Create: userPrincipalName on a verified domain, with allowed characters, unique.
        refused(
            create(&json!({"userPrincipalName": "valid@fabrikam.com"})),
            bad,
            rb,
            &[Message(UNVERIFIED_DOMAIN), Target("userPrincipalName")],
        ),
        refused(
            create(&json!({"userPrincipalName": "jösé@contoso.com"})),
            bad,
            rb,
            &[DetailCode("InvalidValue")],
        ),
        refused(
            create(&json!({"userPrincipalName": "no-at-sign"})),
            bad,
            rb,
            &[DetailCode("InvalidValue")],
        ),
        refused(
            create(&json!({"userPrincipalName": "two words@contoso.com"})),
            bad,
            rb,
            &[DetailCode("InvalidValue")],
        ),
        refused(
            create(&json!({"userPrincipalName": ".dot@contoso.com"})),
            bad,
            rb,
            &[DetailCode("InvalidValue")],
        ),
        refused(
            create(&json!({"userPrincipalName": "SEAN.O'BRIEN@contoso.com"})),
            bad,
            rb,
            &[
                Message(
                    "Another object with the same value for property userPrincipalName already exists.",
                ),
                DetailCode("ObjectConflict"),
                Target("userPrincipalName"),
            ],
        ),
        // Create: other values the directory checks.
        refused(
            create(&json!({"mailNickname": "has space"})),
            bad,
            rb,
            &[Message(
                "Invalid value specified for property 'mailNickname' of resource 'User'.",
            )],
        ),
        refused(
            create(&json!({"passwordProfile": {"password": "short1A"}})),
            bad,
            rb,
            &[Message(PASSWORD_POLICY)],
        ),
        refused(
            create(&json!({"passwordProfile": {"password": "alllowercaseletters"}})),
            bad,
            rb,
            &[Message(PASSWORD_POLICY)],
        ),
        refused(
            create(&json!({"passwordProfile": {"password": "NoDigitsOrSymbols"}})),
            bad,
            rb,
            &[Message(PASSWORD_POLICY)],
        ),
        refused(
            create(&json!({"passwordProfile": {"password": "ÄÖÜäöü123!"}})),
            bad,
            rb,
            &[Message(PASSWORD_POLICY)],
        ),
        refused(
            create(&json!({"displayName": "x".repeat(257)})),
            bad,
            rb,
            &[Target("displayName")],
        ),
        refused(
            create(&json!({"usageLocation": "USA"})),
            bad,
            rb,
            &[Target("usageLocation")],
        ),
        refused(
            create(&json!({"businessPhones": ["+1 1", "+1 2"]})),
            bad,
            rb,
            &[Target("businessPhones")],
        ),
        refused(
            create(&json!({"id": "00000000-0000-4000-8000-000000000000"})),
            bad,
            rb,
            &[Message("Property 'id' is read-only and cannot be set.")],
        ),
        // Create: what Graph's OData layer refuses before the directory sees the body.
        refused(
            create(&json!({"favouriteColour": "blue"})),
            bad,
            "BadRequest",
            &[MessageStarts(
                "The property 'favouriteColour' does not exist on type 'microsoft.graph.user'.",
            )],
        ),
        refused(
            (Method::POST, "users".to_owned(), Body::Raw("{not json")),
            bad,
            "BadRequest",
            &[],
        ),
        // Update: read-only properties.
        refused(
            update(json!({"id": "x"})),
            bad,
            rb,
            &[MessageEnds("is read-only and cannot be set.")],
        ),
        refused(
            update(json!({"createdDateTime": "2020-01-01T00:00:00Z"})),
            bad,
            rb,
            &[MessageEnds("is read-only and cannot be set.")],
        ),
        refused(
            update(json!({"proxyAddresses": ["SMTP:x@contoso.com"]})),
            bad,
            rb,
            &[MessageEnds("is read-only and cannot be set.")],
        ),
        refused(
            update(json!({"onPremisesSyncEnabled": true})),
            bad,
            rb,
            &[MessageEnds("is read-only and cannot be set.")],
        ),
        refused(
            update(json!({"deletedDateTime": null})),
            bad,
            rb,
            &[MessageEnds("is read-only and cannot be set.")],
        ),
        // Update: values the directory checks.
        refused(
            update(json!({"displayName": null})),
            bad,
            rb,
            &[Target("displayName")],
        ),
        refused(
            update(json!({"usageLocation": "Ireland"})),
            bad,
            rb,
            &[Target("usageLocation")],
        ),
        refused(
            update(json!({"userPrincipalName": "robert.tables@contoso.com"})),
            bad,
            rb,
            &[DetailCode("ObjectConflict")],
        ),
        refused(
            update(json!({"userPrincipalName": "sean@gmail.com"})),
            bad,
            rb,
            &[MessageStarts("The domain portion")],
        ),
        // Update: a user that does not exist.
        refused(
            (
                Method::PATCH,
                "users/nobody@contoso.com".to_owned(),
                Body::Json(json!({"jobTitle": "x"})),
            ),
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &[],
        ),
    ]
}

#[tokio::test]
async fn refused_writes_answer_like_graph() {
    let emu = start(5).await;
    let g = Graph::admin(&emu).await;
    for case in cases() {
        let request = g.request(case.method.clone(), &case.path);
        let (request, body) = match &case.body {
            Body::Json(value) => (request.json(value), value.to_string()),
            Body::Raw(text) => (
                request
                    .header("content-type", "application/json")
                    .body(*text),
                (*text).to_owned(),
            ),
        };
        let described = format!("{} {} {body}", case.method, case.path);
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), case.status, "{described}");
        let error = graph_error(response, case.status, case.code).await;
        for says in case.says {
            says.check(&error, &described);
        }
    }
    assert_eq!(emu.user_count(), 5, "nothing was created");
    // A guest userType and a second verified domain are fine.
    let ok = valid_with(
        &json!({"userType": "Guest", "userPrincipalName": "x@lazyentra-demo.onmicrosoft.com"}),
    );
    assert_eq!(
        g.send_json(Method::POST, "users", &ok).await.status(),
        StatusCode::CREATED
    );
}

/// A write without a JSON `Content-Type` is refused before anything is applied: none at all
/// (msgraph-cli#258) or a non-JSON one (msgraph-sample-pythondjangoapp#22). A bodyless POST to
/// an action needs none, as Microsoft's SDKs send it (msgraph-sdk-powershell#834).
#[tokio::test]
async fn writes_need_a_json_content_type() {
    let emu = start(3).await;
    let g = Graph::admin(&emu).await;
    let user = emu.users_snapshot()[0].clone();
    let id = user["id"].as_str().unwrap().to_owned();
    let missing =
        "Write requests (excluding DELETE) must contain the Content-Type header declaration.";
    let not_json = "Entity only allows writes with a JSON Content-Type header.";
    let create = new_user("ctype").to_string();
    let patch = json!({"jobTitle": "Changed"}).to_string();
    let cases: Vec<(Method, String, Option<&str>, String, &str)> = vec![
        (Method::POST, "users".into(), None, create.clone(), missing),
        (
            Method::POST,
            "users".into(),
            Some("text/plain"),
            create.clone(),
            not_json,
        ),
        (
            Method::POST,
            "users".into(),
            Some("application/x-www-form-urlencoded"),
            create.clone(),
            not_json,
        ),
        (
            Method::PATCH,
            format!("users/{id}"),
            None,
            patch.clone(),
            missing,
        ),
        (
            Method::PATCH,
            format!("users/{id}"),
            None,
            String::new(),
            missing,
        ),
        (
            Method::PATCH,
            format!("users/{id}"),
            Some("text/plain"),
            patch.clone(),
            not_json,
        ),
        (
            Method::POST,
            format!("users/{id}/revokeSignInSessions"),
            Some("text/plain"),
            String::new(),
            not_json,
        ),
    ];
    for (method, path, content_type, body, message) in cases {
        let mut request = g.request(method.clone(), &path).body(body);
        if let Some(t) = content_type {
            request = request.header("content-type", t);
        }
        let e = graph_error(
            request.send().await.unwrap(),
            StatusCode::BAD_REQUEST,
            "BadRequest",
        )
        .await;
        assert_eq!(e["message"], message, "{method} {path} {content_type:?}");
    }
    assert_eq!(emu.user_count(), 3, "nothing created");
    assert_eq!(
        emu.user(&id).unwrap()["jobTitle"],
        user["jobTitle"],
        "nothing changed"
    );
    assert_eq!(
        emu.user(&id).unwrap()["signInSessionsValidFromDateTime"],
        user["signInSessionsValidFromDateTime"]
    );

    for content_type in [
        "application/json",
        "application/json; charset=utf-8",
        "application/json;odata.metadata=minimal",
        "Application/JSON",
    ] {
        let response = g
            .request(Method::PATCH, &format!("users/{id}"))
            .header("content-type", content_type)
            .body(patch.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{content_type}");
    }
    let response = g
        .request(Method::POST, &format!("users/{id}/revokeSignInSessions"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_synced_user_keeps_what_its_on_premises_directory_owns() {
    let emu = start(200).await;
    let g = Graph::admin(&emu).await;
    let users = emu.users_snapshot();
    let synced = users
        .iter()
        .find(|u| u["onPremisesSyncEnabled"] == true)
        .expect("the demo's parent company is synced");
    let cloud = users
        .iter()
        .find(|u| u["onPremisesSyncEnabled"].is_null())
        .expect("a cloud-only user");
    let path = |user: &Value| format!("users/{}", user["id"].as_str().unwrap());
    for body in [
        json!({"displayName": "Renamed In The Cloud"}),
        json!({"mobilePhone": "+1 425 555 0100"}),
        json!({"department": "Finance", "usageLocation": "DE"}),
        json!({"passwordProfile": {"password": "xWwvJ]6NMw+bWH-d"}}),
    ] {
        let response = g.send_json(Method::PATCH, &path(synced), &body).await;
        let error = graph_error(response, StatusCode::BAD_REQUEST, "Request_BadRequest").await;
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("on-premises mastered Directory Sync objects"),
            "{body}: {error}"
        );
        // The same change to a cloud-only account is taken.
        let response = g.send_json(Method::PATCH, &path(cloud), &body).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{body}");
    }
    let id = synced["id"].as_str().unwrap();
    assert_eq!(
        emu.user(id).unwrap(),
        *synced,
        "nothing of a refused change is kept"
    );
    // What the cloud owns for a synced user stays writable.
    let response = g
        .send_json(
            Method::PATCH,
            &path(synced),
            &json!({"usageLocation": "DE", "accountEnabled": false}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let after = emu.user(id).unwrap();
    assert_eq!(after["usageLocation"], "DE");
    assert_eq!(after["accountEnabled"], false);
}
