//! The access token's lifetime against the Graph emulator with short-lived tokens: one token
//! request however many calls need it, renewal in the background before expiry (so Graph never
//! answers 401), and a failed renewal that leaves the current token in use until it expires.
//!
//! Lifetimes are a few seconds, so these tests take that long; they wait by polling with a
//! deadline, never by sleeping a fixed time.

// A failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use lazyentra::graph::{
    AuthFailure, ClientConfig, ClientNotice, GraphClient, GraphError, ListQuery,
};
use lazyentra_emulator::{Emulator, EmulatorOptions, Faults, demo};
use tokio::sync::mpsc;
use tokio::time::Instant;

/// Between polls; the deadlines bound each test.
const POLL: Duration = Duration::from_millis(25);

async fn emulator(token_lifetime: Duration) -> Emulator {
    Emulator::start(EmulatorOptions {
        port: 0,
        users: 3,
        token_lifetime,
        ..EmulatorOptions::default()
    })
    .await
    .expect("emulator starts")
}

fn admin(emu: &Emulator) -> GraphClient {
    GraphClient::new(ClientConfig {
        max_retries: 0,
        max_retry_wait: Duration::from_secs(1),
        ..lazyentra::fixtures::emulator_client_config(
            &emu.base_url(),
            demo::ADMIN_CLIENT_ID,
            demo::ADMIN_CLIENT_SECRET,
        )
    })
    .unwrap()
}

fn one_user() -> ListQuery {
    ListQuery {
        top: Some(1),
        ..ListQuery::default()
    }
}

/// `n` list calls at once, all of which must succeed.
async fn burst(client: &GraphClient, n: usize) {
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..n {
        let client = client.clone();
        calls.spawn(async move { client.list_users(&one_user()).await });
    }
    while let Some(result) = calls.join_next().await {
        result.unwrap().unwrap();
    }
}

#[tokio::test]
async fn concurrent_calls_without_a_token_share_one_sign_in() {
    let emu = emulator(Duration::from_secs(3599)).await;
    let client = admin(&emu);
    burst(&client, 16).await;
    assert_eq!(emu.token_requests(), 1);
    assert_eq!(emu.request_count(), 16);
}

#[tokio::test]
async fn a_session_over_several_lifetimes_renews_in_the_background_and_never_sees_401() {
    // expires_in is 2 or 3 s (whole seconds left), so renewal is due 0.2–0.3 s before expiry.
    let emu = emulator(Duration::from_secs(3)).await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let client = admin(&emu).with_notices(tx);
    let start = Instant::now();
    client.connect().await.unwrap();
    let deadline = start + Duration::from_secs(30);
    while emu.token_requests() < 4 {
        assert!(Instant::now() < deadline, "no third renewal within 30 s");
        burst(&client, 4).await;
        tokio::time::sleep(POLL).await;
    }
    // The call after the third renewal runs on the new token.
    burst(&client, 4).await;
    let elapsed = start.elapsed();
    assert_eq!(
        emu.unauthorized_count(),
        0,
        "a call went out with an expired token"
    );
    // One renewal per token, however many calls noticed it was due: at least 1.8 s apart.
    let renewals = emu.token_requests() - 1;
    let most = (elapsed.as_secs_f64() / 1.8).ceil() as u64;
    assert!(renewals <= most, "{renewals} renewals in {elapsed:?}");
    let mut notices = 0;
    while let Ok(notice) = rx.try_recv() {
        assert_eq!(notice, ClientNotice::TokenRefreshed);
        notices += 1;
    }
    assert_eq!(notices, renewals);
}

#[tokio::test]
async fn a_failed_renewal_keeps_the_current_token_until_it_expires() {
    // expires_in is 4 or 5 s: renewal is due 0.4–0.5 s before expiry.
    let emu = emulator(Duration::from_secs(5)).await;
    let client = admin(&emu);
    client.connect().await.unwrap();
    emu.set_faults(Faults {
        refuse_tokens: true,
        ..Faults::default()
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    // Calls succeed on the current token until one of them starts the renewal…
    while emu.token_requests() < 2 {
        assert!(Instant::now() < deadline, "no renewal within 30 s");
        client.list_users(&one_user()).await.unwrap();
        tokio::time::sleep(POLL).await;
    }
    // …which is refused; calls go on with the current token, without asking again…
    client.list_users(&one_user()).await.unwrap();
    let error = loop {
        assert!(Instant::now() < deadline, "the token never expired");
        match client.list_users(&one_user()).await {
            Ok(_) => assert_eq!(emu.token_requests(), 2, "renewal was retried"),
            Err(e) => break e,
        }
        tokio::time::sleep(POLL).await;
    };
    // …until it expires: the next call signs in in the foreground and reports why it cannot.
    match &error {
        GraphError::Auth(auth) => assert_eq!(auth.failure, AuthFailure::ExpiredSecret),
        other => panic!("expected the sign-in error, got {other:?}"),
    }
    assert_eq!(emu.token_requests(), 3);
    assert_eq!(emu.unauthorized_count(), 0);

    // Once sign-in works again, so do calls.
    emu.set_faults(Faults::default());
    client.list_users(&one_user()).await.unwrap();
}
