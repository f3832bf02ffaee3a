//! JSON batching, `POST /v1.0/$batch`, against
//! <https://learn.microsoft.com/en-us/graph/json-batching> and the "Throttling and batching"
//! section of <https://learn.microsoft.com/en-us/graph/throttling>. Error messages for
//! malformed batches are Graph's as recorded in `bradleymarques/microslop_one_drive`
//! (`test/fixtures/batch/*.json`, `test/fixtures/batch_permissions/batch_exceeds_limits.json`).

use std::time::Duration;

use lazyentra_emulator::Faults;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{GRAPH_JSON, Graph, graph_error, json_of, json_of_status, new_user, start};

impl Graph {
    async fn batch(&self, requests: &Value) -> reqwest::Response {
        self.send_json(Method::POST, "$batch", &json!({ "requests": requests }))
            .await
    }
}

/// The entry of `responses` answering `id`: Graph may list them in any order.
fn by_id<'a>(body: &'a Value, id: &str) -> &'a Value {
    body["responses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no response for {id}: {body}"))
}

/// `n` users' ids, leaving out the seeded admins (writes to them need a higher role than the
/// demo app's: `directory/roles.rs`).
fn ids_of(emu: &lazyentra_emulator::Emulator, n: usize) -> Vec<String> {
    const ADMIN_TITLES: [&str; 3] = [
        "Global Administrator",
        "Privileged Authentication Administrator",
        "Helpdesk Administrator",
    ];
    emu.users_snapshot()
        .iter()
        .filter(|u| !ADMIN_TITLES.contains(&u["jobTitle"].as_str().unwrap_or_default()))
        .take(n)
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect()
}

/// "Individual responses might appear in a different order… The **id** property can be used
/// to correlate", each with its own status, headers and body; a 204 has no body; the
/// `ConsistencyLevel` header is set per request.
#[tokio::test]
async fn each_request_is_answered_by_id_with_its_own_status_headers_and_body() {
    let emu = start(5).await;
    let g = Graph::admin(&emu).await;
    let ids = ids_of(&emu, 3);
    let response = g
        .batch(&json!([
            {"id": "get", "method": "GET", "url": format!("/users/{}?$select=id,displayName", ids[0])},
            {"id": "patch", "method": "PATCH", "url": format!("/users/{}", ids[1]),
             "headers": {"Content-Type": "application/json"}, "body": {"jobTitle": "Batched"}},
            {"id": "missing", "method": "DELETE", "url": "/users/00000000-0000-0000-0000-000000000000"},
            {"id": "revoke", "method": "POST", "url": format!("/users/{}/revokeSignInSessions", ids[2])},
            {"id": "create", "method": "POST", "url": "users",
             "headers": {"Content-Type": "application/json"}, "body": new_user("batched")},
            {"id": "count", "method": "GET", "url": "/users/$count", "headers": {"ConsistencyLevel": "eventual"}},
            {"id": "count-no-aq", "method": "GET", "url": "/users/$count"},
        ]))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], GRAPH_JSON);
    assert!(response.headers().contains_key("request-id"));
    let body = json_of(response).await;
    assert_eq!(body["responses"].as_array().unwrap().len(), 7);

    let get = by_id(&body, "get");
    assert_eq!(get["status"], 200);
    assert_eq!(get["headers"]["Content-Type"], GRAPH_JSON);
    assert_eq!(get["headers"]["OData-Version"], "4.0");
    assert_eq!(get["body"]["id"], ids[0].as_str());
    assert!(get["body"].get("jobTitle").is_none(), "its own $select");

    let patch = by_id(&body, "patch");
    assert_eq!(patch["status"], 204);
    assert!(patch.get("body").is_none(), "{patch}");
    assert_eq!(emu.user(&ids[1]).unwrap()["jobTitle"], "Batched");

    let missing = by_id(&body, "missing");
    assert_eq!(missing["status"], 404);
    let error = &missing["body"]["error"];
    assert_eq!(error["code"], "Request_ResourceNotFound");
    let request_id = error["innerError"]["request-id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(request_id).is_ok());
    assert_ne!(
        request_id,
        by_id(&body, "count-no-aq")["body"]["error"]["innerError"]["request-id"]
            .as_str()
            .unwrap(),
        "each request has its own request-id"
    );

    assert_eq!(by_id(&body, "revoke")["status"], 200);
    let create = by_id(&body, "create");
    assert_eq!(create["status"], 201);
    assert!(create["headers"]["Location"].is_string(), "{create}");
    assert!(emu.user(create["body"]["id"].as_str().unwrap()).is_some());

    let count = by_id(&body, "count");
    assert_eq!(count["status"], 200);
    assert_eq!(count["body"], "6");
    assert_eq!(by_id(&body, "count-no-aq")["status"], 400);
}

/// "JSON batch requests are currently limited to 20 individual requests": 21 is a 400 for the
/// whole batch, and none of them runs.
#[tokio::test]
async fn more_than_20_requests_is_a_400_and_nothing_runs() {
    let emu = start(25).await;
    let g = Graph::admin(&emu).await;
    let deletes = |n: usize| -> Value {
        ids_of(&emu, n)
            .iter()
            .enumerate()
            .map(|(i, id)| json!({"id": i.to_string(), "method": "DELETE", "url": format!("/users/{id}")}))
            .collect()
    };
    let e = graph_error(
        g.batch(&deletes(21)).await,
        StatusCode::BAD_REQUEST,
        "BadRequest",
    )
    .await;
    assert_eq!(
        e["message"],
        "Number of requests inside batch exceed the limit."
    );
    assert_eq!(emu.user_count(), 25);
    let body = json_of_status(g.batch(&deletes(20)).await, StatusCode::OK).await;
    assert_eq!(body["responses"].as_array().unwrap().len(), 20);
    assert_eq!(emu.user_count(), 5, "the 20 deletes ran");
}

/// An `id` "Must be unique in the batch, otherwise, the batch request fails with a `400`
/// error code", and ids are "Not case-sensitive".
#[tokio::test]
async fn a_repeated_id_is_a_400_and_nothing_runs() {
    let emu = start(3).await;
    let g = Graph::admin(&emu).await;
    let ids = ids_of(&emu, 2);
    for (first, second) in [("1", "1"), ("abc", "ABC")] {
        let e = graph_error(
            g.batch(&json!([
                {"id": first, "method": "DELETE", "url": format!("/users/{}", ids[0])},
                {"id": second, "method": "DELETE", "url": format!("/users/{}", ids[1])},
            ]))
            .await,
            StatusCode::BAD_REQUEST,
            "BadRequest",
        )
        .await;
        assert_eq!(
            e["message"],
            format!("Request Id {second} has to be unique in a batch.")
        );
    }
    assert_eq!(emu.user_count(), 3);
}

/// "If the batch request itself is malformed, the status code is `400`": not JSON, no
/// `requests`, none in it, or a request without `id`, `method` or `url`.
#[tokio::test]
async fn a_malformed_batch_is_a_400() {
    let emu = start(1).await;
    let g = Graph::admin(&emu).await;
    let not_json = g
        .request(Method::POST, "$batch")
        .header("Content-Type", "application/json")
        .body("{\"requests\": [")
        .send()
        .await
        .unwrap();
    let mut responses = vec![not_json];
    for body in [
        json!({}),
        json!({"requests": {}}),
        json!({"requests": []}),
        json!({"requests": [{"method": "GET", "url": "/users"}]}),
        json!({"requests": [{"id": "1", "url": "/users"}]}),
        json!({"requests": [{"id": "1", "method": "GET"}]}),
        json!({"requests": [{"id": 1, "method": "GET", "url": "/users"}]}),
        json!({"requests": [{"id": "1", "method": "GET", "url": "/users", "headers": ["x"]}]}),
        json!({"requests": [{"id": "1", "method": "GET", "url": "/users", "dependsOn": ["2"]}]}),
        json!({"requests": ["GET /users"]}),
    ] {
        responses.push(g.send_json(Method::POST, "$batch", &body).await);
    }
    for response in responses {
        let e = graph_error(response, StatusCode::BAD_REQUEST, "BadRequest").await;
        assert_eq!(e["message"], "Invalid batch payload format.");
    }
}

/// "Requests in a batch are evaluated individually against the applicable throttling limits
/// and if any request exceeds the limits, it fails with a status of `429`": the throttled
/// ones carry their own `Retry-After` and `TooManyRequests` body; the batch is a 200 and the
/// others ran. (throttling.md once said the batch itself then fails with 424; json-batching.md
/// says a parseable batch is a 200, which is what the emulator answers.)
#[tokio::test]
async fn requests_inside_a_batch_are_throttled_one_by_one() {
    let emu = start(6).await;
    let g = Graph::admin(&emu).await;
    let ids = ids_of(&emu, 6);
    emu.set_faults(Faults {
        throttle_every: Some(3),
        retry_after: Duration::from_millis(250),
        ..Faults::default()
    });
    let requests: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            json!({"id": format!("r{i}"), "method": "PATCH", "url": format!("/users/{id}"),
                   "headers": {"Content-Type": "application/json"}, "body": {"department": "Batched"}})
        })
        .collect();
    let body = json_of_status(g.batch(&json!(requests)).await, StatusCode::OK).await;
    for (i, id) in ids.iter().enumerate() {
        let answer = by_id(&body, &format!("r{i}"));
        let department = &emu.user(id).unwrap()["department"];
        if i % 3 == 2 {
            assert_eq!(answer["status"], 429, "{answer}");
            assert_eq!(answer["headers"]["Retry-After"], "0.25");
            assert_eq!(answer["body"]["error"]["code"], "TooManyRequests");
            assert_eq!(answer["body"]["error"]["innerError"]["status"], "429");
            assert!(answer["body"]["error"]["innerError"]["request-id"].is_string());
            assert_ne!(department, "Batched", "a throttled request did not run");
        } else {
            assert_eq!(answer["status"], 204, "{answer}");
            assert_eq!(department, "Batched");
        }
    }

    emu.set_faults(Faults {
        unavailable_every: Some(2),
        retry_after: Duration::from_secs(2),
        ..Faults::default()
    });
    let body = json_of_status(
        g.batch(&json!([
            {"id": "a", "method": "GET", "url": format!("/users/{}", ids[0])},
            {"id": "b", "method": "GET", "url": format!("/users/{}", ids[1])},
        ]))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(by_id(&body, "a")["status"], 200);
    let b = by_id(&body, "b");
    assert_eq!(b["status"], 503);
    assert_eq!(b["headers"]["Retry-After"], "2");
    assert_eq!(b["body"]["error"]["code"], "serviceNotAvailable");
}

/// `batch_unavailable_every` fails the `$batch` POST itself with 503 and `Retry-After`,
/// before any request inside it runs.
#[tokio::test]
async fn an_unavailable_batch_runs_nothing() {
    let emu = start(2).await;
    let g = Graph::admin(&emu).await;
    let id = &ids_of(&emu, 1)[0];
    emu.set_faults(Faults {
        batch_unavailable_every: Some(1),
        retry_after: Duration::from_millis(100),
        ..Faults::default()
    });
    let request = json!([{"id": "1", "method": "DELETE", "url": format!("/users/{id}")}]);
    let response = g.batch(&request).await;
    assert_eq!(response.headers()["retry-after"], "0.1");
    graph_error(
        response,
        StatusCode::SERVICE_UNAVAILABLE,
        "serviceNotAvailable",
    )
    .await;
    assert_eq!(emu.user_count(), 2);
    emu.set_faults(Faults::default());
    let body = json_of_status(g.batch(&request).await, StatusCode::OK).await;
    assert_eq!(by_id(&body, "1")["status"], 204);
    assert_eq!(emu.user_count(), 1);
}

/// "When a **body** is included with the request, the **headers** object must contain a value
/// for **Content-Type**": without it that request alone is refused, as the same write would
/// be outside a batch.
#[tokio::test]
async fn a_body_without_content_type_is_refused_for_that_request_alone() {
    let emu = start(2).await;
    let g = Graph::admin(&emu).await;
    let ids = ids_of(&emu, 2);
    let body = json_of_status(
        g.batch(&json!([
            {"id": "bare", "method": "PATCH", "url": format!("/users/{}", ids[0]), "body": {"jobTitle": "X"}},
            {"id": "typed", "method": "PATCH", "url": format!("/users/{}", ids[1]),
             "headers": {"content-type": "application/json"}, "body": {"jobTitle": "Y"}},
        ]))
        .await,
        StatusCode::OK,
    )
    .await;
    let bare = by_id(&body, "bare");
    assert_eq!(bare["status"], 400);
    assert_eq!(
        bare["body"]["error"]["message"],
        "Write requests (excluding DELETE) must contain the Content-Type header declaration."
    );
    assert_ne!(emu.user(&ids[0]).unwrap()["jobTitle"], "X");
    assert_eq!(by_id(&body, "typed")["status"], 204);
    assert_eq!(emu.user(&ids[1]).unwrap()["jobTitle"], "Y");
}

/// "If an individual request fails, any request that depends on that request fails with
/// status code `424` (Failed Dependency)"; the others run after what they depend on.
#[tokio::test]
async fn a_request_depending_on_a_failed_one_is_a_424() {
    let emu = start(2).await;
    let g = Graph::admin(&emu).await;
    let id = &ids_of(&emu, 1)[0];
    let body = json_of_status(
        g.batch(&json!([
            {"id": "3", "method": "GET", "url": format!("/users/{id}"), "dependsOn": ["2"]},
            {"id": "1", "method": "GET", "url": "/users/nobody@contoso.com"},
            {"id": "2", "method": "DELETE", "url": format!("/users/{id}"), "dependsOn": ["1"]},
            {"id": "4", "method": "GET", "url": format!("/users/{id}")},
            {"id": "5", "method": "GET", "url": "/users", "dependsOn": ["4"]},
        ]))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(by_id(&body, "1")["status"], 404);
    assert_eq!(by_id(&body, "2")["status"], 424);
    assert_eq!(by_id(&body, "3")["status"], 424);
    assert_eq!(by_id(&body, "4")["status"], 200);
    assert_eq!(by_id(&body, "5")["status"], 200);
    assert_eq!(emu.user_count(), 2, "the delete never ran");
}

/// The requests run as the batch's caller: a read-only app's writes are refused one by
/// one, its reads answered; a request with a URL Graph has no resource for (an absolute URL,
/// a repeated `/v1.0`, a batch in a batch) is that request's 400.
#[tokio::test]
async fn requests_run_as_the_batch_caller_through_the_normal_routes() {
    let emu = start(2).await;
    let reader = Graph::reader(&emu).await;
    let id = &ids_of(&emu, 1)[0];
    let body = json_of_status(
        reader
            .batch(&json!([
                {"id": "read", "method": "GET", "url": format!("/users/{id}")},
                {"id": "write", "method": "DELETE", "url": format!("/users/{id}")},
                {"id": "absolute", "method": "GET", "url": "https://graph.microsoft.com/v1.0/users"},
                {"id": "versioned", "method": "GET", "url": "/v1.0/users"},
                {"id": "nested", "method": "POST", "url": "/$batch",
                 "headers": {"Content-Type": "application/json"}, "body": {"requests": []}},
            ]))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(by_id(&body, "read")["status"], 200);
    let write = by_id(&body, "write");
    assert_eq!(write["status"], 403);
    assert_eq!(
        write["body"]["error"]["code"],
        "Authorization_RequestDenied"
    );
    for id in ["absolute", "versioned", "nested"] {
        assert_eq!(by_id(&body, id)["status"], 400, "{id}");
    }
    assert_eq!(emu.user_count(), 2);
}

/// The batch is one request at the gateway: no token is a 401 for all of it; a GET is not a
/// batch.
#[tokio::test]
async fn the_batch_itself_needs_a_token_and_a_post() {
    let emu = start(1).await;
    let g = Graph::admin(&emu).await;
    let response = super::http()
        .post(g.url("$batch"))
        .json(&json!({"requests": [{"id": "1", "method": "GET", "url": "/users"}]}))
        .send()
        .await
        .unwrap();
    graph_error(
        response,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;
    let response = g.get("$batch").await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
}
