//! Graph's side of sign-in: missing, forged and expired bearer tokens, and what a read-only app
//! may not do.

use std::time::Duration;

use base64::Engine as _;
use lazyentra_emulator::{Emulator, EmulatorOptions, demo};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{Graph, graph_error, http, new_user, start, token_for};

#[tokio::test]
async fn graph_refuses_missing_forged_and_expired_tokens() {
    let emu = start(3).await;
    let url = format!("{}v1.0/users", emu.base_url());
    let response = http().get(&url).send().await.unwrap();
    assert!(response.headers().contains_key("www-authenticate"));
    let e = graph_error(
        response,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;
    assert_eq!(e["message"], "Access token is empty.");

    let response = http()
        .get(&url)
        .bearer_auth("garbage")
        .send()
        .await
        .unwrap();
    let e = graph_error(
        response,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;
    assert_eq!(
        e["message"],
        "CompactToken parsing failed with error code: 80049217"
    );

    // A real token with its roles claim rewritten.
    let token = token_for(&emu, demo::READER_CLIENT_ID, demo::READER_CLIENT_SECRET).await;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let claims = String::from_utf8(b64.decode(&parts[1]).unwrap()).unwrap();
    parts[1] = b64.encode(claims.replace("User.Read.All", "User.ReadWrite.All"));
    let forged = parts.join(".");
    let response = http().get(&url).bearer_auth(&forged).send().await.unwrap();
    graph_error(
        response,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;

    let g = Graph::reader(&emu).await;
    assert_eq!(g.get("users").await.status(), StatusCode::OK);
    emu.expire_tokens();
    let e = graph_error(
        g.get("users").await,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;
    assert_eq!(
        e["message"],
        "Lifetime validation failed, the token is expired."
    );
    // A fresh sign-in works again.
    let g = Graph::reader(&emu).await;
    assert_eq!(g.get("users").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn short_token_lifetime_expires_on_time() {
    let emu = Emulator::start(EmulatorOptions {
        users: 1,
        token_lifetime: Duration::from_secs(1),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap();
    let g = Graph::admin(&emu).await;
    // Poll (no fixed sleep) until the one-second token is refused.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let response = g.get("users").await;
        if response.status() == StatusCode::UNAUTHORIZED {
            let e = graph_error(
                response,
                StatusCode::UNAUTHORIZED,
                "InvalidAuthenticationToken",
            )
            .await;
            assert_eq!(
                e["message"],
                "Lifetime validation failed, the token is expired."
            );
            break;
        }
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            tokio::time::Instant::now() < deadline,
            "token never expired"
        );
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn reader_app_cannot_write() {
    let emu = start(3).await;
    let g = Graph::reader(&emu).await;
    let id = emu.users_snapshot()[0]["id"].as_str().unwrap().to_owned();
    let forbidden = StatusCode::FORBIDDEN;
    let code = "Authorization_RequestDenied";
    let e = graph_error(
        g.send_json(
            Method::PATCH,
            &format!("users/{id}"),
            &json!({"jobTitle": "x"}),
        )
        .await,
        forbidden,
        code,
    )
    .await;
    assert_eq!(
        e["message"],
        "Insufficient privileges to complete the operation."
    );
    graph_error(
        g.send_json(Method::POST, "users", &new_user("x")).await,
        forbidden,
        code,
    )
    .await;
    graph_error(g.delete(&format!("users/{id}")).await, forbidden, code).await;
    assert_eq!(emu.user_count(), 3);
    assert!(emu.user(&id).unwrap()["jobTitle"] != "x");
}
