//! What every request gets: Graph's headers, its answers to paths it does not know, and the
//! injected faults (throttling, latency).

use std::time::Duration;

use lazyentra_emulator::{Faults, demo};
use reqwest::{Method, StatusCode};

use super::{GRAPH_JSON, Graph, graph_error, json_of_status, start, token_for};

#[tokio::test]
async fn every_response_carries_graphs_headers() {
    let emu = start(3).await;
    let g = Graph::admin(&emu).await;
    let response = g
        .request(Method::GET, "users")
        .header("client-request-id", "5b1b5ac0-c1d7-4a3c-9a0e-000000000001")
        .send()
        .await
        .unwrap();
    let headers = response.headers();
    assert_eq!(
        headers["client-request-id"],
        "5b1b5ac0-c1d7-4a3c-9a0e-000000000001"
    );
    assert!(uuid::Uuid::parse_str(headers["request-id"].to_str().unwrap()).is_ok());
    assert_eq!(headers["odata-version"], "4.0");
    assert!(headers.contains_key("x-ms-ags-diagnostic"));
    assert_eq!(headers["content-type"], GRAPH_JSON);

    // Without a client-request-id, it equals request-id, also inside error bodies.
    let response = g.get("users/nobody@contoso.com").await;
    let request_id = response.headers()["request-id"].clone();
    assert_eq!(response.headers()["client-request-id"], request_id);
    let e = graph_error(response, StatusCode::NOT_FOUND, "Request_ResourceNotFound").await;
    assert_eq!(
        e["innerError"]["client-request-id"],
        request_id.to_str().unwrap()
    );
    assert_eq!(
        e["message"],
        "Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present."
    );
}

#[tokio::test]
async fn unknown_routes_answer_like_graph() {
    let emu = start(1).await;
    let g = Graph::reader(&emu).await;
    let e = graph_error(g.get("groups").await, StatusCode::BAD_REQUEST, "BadRequest").await;
    assert_eq!(e["message"], "Resource not found for the segment 'groups'.");
    let e = graph_error(
        g.get("directory/deletedItems").await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(
        e["message"],
        "Searches against this resource are not supported. Only specific instances can be queried."
    );
    let response = g
        .request(Method::GET, &format!("{}beta/users", emu.base_url()))
        .send()
        .await
        .unwrap();
    graph_error(response, StatusCode::BAD_REQUEST, "BadRequest").await;
}

#[tokio::test]
async fn throttling_knob_answers_429_with_retry_after() {
    let emu = start(3).await;
    let g = Graph::reader(&emu).await;
    emu.set_faults(Faults {
        throttle_every: Some(2),
        retry_after: Duration::from_millis(50),
        ..Faults::default()
    });
    assert_eq!(g.get("users").await.status(), StatusCode::OK);
    let response = g.get("users").await;
    assert_eq!(response.headers()["retry-after"], "0.05");
    let body = json_of_status(response, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(body["error"]["code"], "TooManyRequests");
    assert_eq!(body["error"]["message"], "Please retry again later.");
    assert_eq!(body["error"]["innerError"]["code"], "429");
    assert_eq!(body["error"]["innerError"]["status"], "429");
    assert_eq!(body["error"]["innerError"]["message"], "Please retry after");
    assert_eq!(g.get("users").await.status(), StatusCode::OK);
    emu.set_faults(Faults {
        throttle_every: Some(1),
        retry_after: Duration::from_secs(3),
        ..Faults::default()
    });
    assert_eq!(g.get("users").await.headers()["retry-after"], "3");
    assert_eq!(emu.request_count(), 4);
}

#[tokio::test]
async fn latency_knob_still_answers_every_request() {
    // The delay itself is not timed (tests assert no elapsed times; timings belong in
    // benchmarks), and it has no other visible effect: this checks that with the knob on,
    // Graph and the token endpoint still answer.
    let emu = start(1).await;
    let g = Graph::reader(&emu).await;
    emu.set_faults(Faults {
        latency: Duration::from_millis(150),
        ..Faults::default()
    });
    assert_eq!(g.get("users").await.status(), StatusCode::OK);
    token_for(&emu, demo::READER_CLIENT_ID, demo::READER_CLIENT_SECRET).await;
}

#[tokio::test]
async fn refuse_tokens_knob_refuses_sign_in_but_not_issued_tokens() {
    let emu = start(1).await;
    let g = Graph::reader(&emu).await;
    emu.set_faults(Faults {
        refuse_tokens: true,
        ..Faults::default()
    });
    let response = super::token_response(
        &emu,
        demo::DOMAIN,
        &[
            ("client_id", demo::READER_CLIENT_ID),
            ("client_secret", demo::READER_CLIENT_SECRET),
            ("scope", super::graph_scope()),
            ("grant_type", "client_credentials"),
        ],
    )
    .await;
    let body = json_of_status(response, StatusCode::UNAUTHORIZED).await;
    assert_eq!(body["error_codes"][0], 7_000_222);
    assert_eq!(g.get("users").await.status(), StatusCode::OK);
    assert_eq!(emu.unauthorized_count(), 0);
    emu.expire_tokens();
    assert_eq!(g.get("users").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(emu.unauthorized_count(), 1);
}

/// Graph's `$metadata` aliases the `microsoft.graph` namespace as `graph`, and Microsoft's
/// Kiota SDKs build `…/deletedItems/graph.user` (msgraph-sdk-python's URL templates); a cast
/// after a key narrows that one item
/// (<https://learn.microsoft.com/en-us/graph/api/directory-deleteditems-list>).
#[tokio::test]
async fn type_casts_accept_the_graph_alias() {
    let emu = start(3).await;
    let g = Graph::admin(&emu).await;
    let id = emu.users_snapshot()[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        g.delete(&format!("users/{id}")).await.status(),
        StatusCode::NO_CONTENT
    );
    for cast in ["microsoft.graph.user", "graph.user"] {
        let body = json_of_status(
            g.get(&format!("directory/deletedItems/{cast}")).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(body["value"][0]["id"], id.as_str(), "{cast}");
        let response = g
            .get_aq(&format!("directory/deletedItems/{cast}/$count"))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{cast}");
        assert_eq!(response.text().await.unwrap(), "1");
        let body = json_of_status(
            g.get(&format!("directory/deletedItems/{id}/{cast}")).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(body["id"], id.as_str());
        assert_eq!(body["@odata.type"], "#microsoft.graph.user");
    }
    let e = graph_error(
        g.get("directory/deletedItems/graph.user/shoes").await,
        StatusCode::BAD_REQUEST,
        "BadRequest",
    )
    .await;
    assert_eq!(e["message"], "Resource not found for the segment 'shoes'.");
    // The .NET SDK posts bound actions namespace-qualified.
    let response = g
        .request(
            Method::POST,
            &format!(
                "users/{}/microsoft.graph.revokeSignInSessions",
                emu.users_snapshot()[0]["id"].as_str().unwrap()
            ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}
