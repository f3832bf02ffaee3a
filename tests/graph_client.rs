//! The Graph client against the Graph emulator: every operation, every error kind, paging,
//! throttling with Retry-After, token expiry mid-session, and hostile search strings.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::time::Duration;

use lazyentra::graph::{
    AuthFailure, Change, ClientCertificate, ClientConfig, ClientNotice, Credential, DeltaLink,
    DeltaNext, GraphClient, GraphError, ListQuery, NewUser, PasswordProfile, User, UserChange,
    UserId, UserPatch,
};
use lazyentra_emulator::{Emulator, EmulatorOptions, Faults, demo};
use serde_json::json;
use tokio::sync::mpsc;

async fn emulator(users: usize) -> Emulator {
    Emulator::start(EmulatorOptions {
        port: 0,
        users,
        ..EmulatorOptions::default()
    })
    .await
    .expect("emulator starts")
}

/// Settings for a client of the demo tenant's `client_id` served at `url`.
fn config_at(url: &url::Url, client_id: &str, secret: &str) -> ClientConfig {
    lazyentra::fixtures::emulator_client_config(url, client_id, secret)
}

fn config(emu: &Emulator, client_id: &str, secret: &str) -> ClientConfig {
    config_at(&emu.base_url(), client_id, secret)
}

fn admin(emu: &Emulator) -> GraphClient {
    GraphClient::new(config(
        emu,
        demo::ADMIN_CLIENT_ID,
        demo::ADMIN_CLIENT_SECRET,
    ))
    .unwrap()
}

fn new_user(alias: &str) -> NewUser {
    NewUser {
        account_enabled: true,
        display_name: format!("Test {alias}"),
        mail_nickname: alias.to_owned(),
        user_principal_name: format!("{alias}@{}", demo::DOMAIN),
        password_profile: PasswordProfile {
            password: "xWwvJ]6NMw+bWH-d".to_owned(),
            force_change_password_next_sign_in: true,
        },
        given_name: Some("Test".to_owned()),
        surname: None,
        job_title: Some("Tester".to_owned()),
        department: None,
        office_location: None,
        mobile_phone: None,
        business_phones: vec!["+1 555 0100".to_owned()],
        usage_location: Some("US".to_owned()),
        ..NewUser::default()
    }
}

/// Sends `body` as `PATCH /users/{id}` with the admin app's token, bypassing the client: for
/// bodies a `UserPatch` cannot express.
async fn raw_patch(emu: &Emulator, id: &str, body: serde_json::Value) -> reqwest::StatusCode {
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .post(format!(
            "{}{}/oauth2/v2.0/token",
            emu.base_url(),
            demo::TENANT_ID
        ))
        .form(&[
            ("client_id", demo::ADMIN_CLIENT_ID),
            ("client_secret", demo::ADMIN_CLIENT_SECRET),
            ("scope", "https://graph.microsoft.com/.default"),
            ("grant_type", "client_credentials"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    http.patch(format!("{}v1.0/users/{id}", emu.base_url()))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
}

fn auth_failure(result: Result<impl std::fmt::Debug, GraphError>) -> AuthFailure {
    match result {
        Err(GraphError::Auth(e)) => e.failure,
        other => panic!("expected an auth error, got {other:?}"),
    }
}

fn api_status(result: Result<impl std::fmt::Debug, GraphError>) -> (u16, String) {
    match result {
        Err(GraphError::Api(e)) => (e.status, e.code),
        other => panic!("expected a Graph error, got {other:?}"),
    }
}

#[tokio::test]
async fn connect_reports_tenant_and_roles() {
    let emu = emulator(10).await;
    let info = admin(&emu).connect().await.unwrap();
    assert_eq!(info.tenant_id.as_deref(), Some(demo::TENANT_ID));
    assert_eq!(info.app_id.as_deref(), Some(demo::ADMIN_CLIENT_ID));
    assert!(info.permissions.can_create() && info.permissions.can_delete());

    let reader = GraphClient::new(config(
        &emu,
        demo::READER_CLIENT_ID,
        demo::READER_CLIENT_SECRET,
    ))
    .unwrap();
    let info = reader.connect().await.unwrap();
    assert!(info.permissions.can_read());
    assert!(!info.permissions.can_update());
}

/// A client signing in to the emulator as `client_id` with the certificate in `file`.
fn with_certificate(emu: &Emulator, client_id: &str, file: &std::path::Path) -> GraphClient {
    let certificate = ClientCertificate::load(file, None).unwrap();
    let mut config = config(emu, client_id, "unused");
    config.credential = Credential::Certificate(certificate);
    GraphClient::new(config).unwrap()
}

fn demo_certificate_file() -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), demo::CERTIFICATE_PEM).unwrap();
    file
}

#[tokio::test]
async fn certificate_sign_in_works_end_to_end() {
    let emu = emulator(5).await;
    let file = demo_certificate_file();
    let client = with_certificate(&emu, demo::ADMIN_CLIENT_ID, file.path());
    let info = client.connect().await.unwrap();
    assert_eq!(info.app_id.as_deref(), Some(demo::ADMIN_CLIENT_ID));
    assert!(info.permissions.can_update());
    let page = client.list_users(&ListQuery::default()).await.unwrap();
    assert_eq!(page.users.len(), 5);
}

#[tokio::test]
async fn certificate_refusals_are_classified_with_advice() {
    let emu = emulator(1).await;
    // A certificate no app has registered.
    let unknown = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/lazyentra-emulator/tests/wire/unregistered_certificate.pem");
    let e = with_certificate(&emu, demo::ADMIN_CLIENT_ID, &unknown)
        .connect()
        .await;
    let line = e.as_ref().unwrap_err().to_string();
    assert_eq!(auth_failure(e), AuthFailure::CertificateRejected);
    assert!(line.contains("AADSTS700027"), "{line}");
    assert!(line.contains("Certificates & secrets"), "{line}");

    // The demo certificate, but for an app it is not registered on.
    let file = demo_certificate_file();
    let e = with_certificate(&emu, demo::READER_CLIENT_ID, file.path())
        .connect()
        .await;
    assert_eq!(auth_failure(e), AuthFailure::CertificateRejected);
}

#[tokio::test]
async fn sign_in_failures_are_classified() {
    let emu = emulator(1).await;
    let wrong_secret = config(&emu, demo::ADMIN_CLIENT_ID, "not-the-secret");
    let e = GraphClient::new(wrong_secret).unwrap().connect().await;
    assert_eq!(auth_failure(e), AuthFailure::InvalidSecret);

    let unknown_client = config(&emu, "00000000-0000-0000-0000-000000000001", "x");
    let e = GraphClient::new(unknown_client).unwrap().connect().await;
    assert_eq!(auth_failure(e), AuthFailure::UnknownClient);

    let mut unknown_tenant = config(&emu, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    unknown_tenant.tenant_id = "11111111-2222-3333-4444-555555555555".to_owned();
    let e = GraphClient::new(unknown_tenant).unwrap().connect().await;
    assert_eq!(auth_failure(e), AuthFailure::UnknownTenant);

    let expired = config(&emu, demo::EXPIRED_CLIENT_ID, demo::EXPIRED_CLIENT_SECRET);
    let e = GraphClient::new(expired).unwrap().connect().await;
    let failure = auth_failure(e);
    assert_eq!(failure, AuthFailure::ExpiredSecret);

    // The message says what to do, and never carries the secret sent.
    let bad = config(&emu, demo::ADMIN_CLIENT_ID, "s3cret-value-xyz");
    let line = GraphClient::new(bad)
        .unwrap()
        .connect()
        .await
        .unwrap_err()
        .to_string();
    assert!(line.contains("AADSTS7000215"), "{line}");
    assert!(line.contains("Value"), "{line}");
    assert!(!line.contains("s3cret-value-xyz"), "{line}");
}

#[tokio::test]
async fn paging_follows_next_links_to_the_end() {
    let emu = emulator(1500).await;
    let client = admin(&emu);
    let first = client
        .list_users(&ListQuery {
            top: Some(999),
            count: true,
            ..ListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(first.users.len(), 999);
    assert_eq!(first.count, Some(1500));
    let next = first.next.clone().expect("a next link");
    assert!(
        next.advanced,
        "ConsistencyLevel must be resent on the next page"
    );
    let second = client.next_page(&next).await.unwrap();
    assert_eq!(second.users.len(), 501);
    assert!(second.next.is_none());

    let mut ids: Vec<_> = first
        .users
        .iter()
        .chain(&second.users)
        .map(|u| u.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 1500, "every user exactly once");
    // $select brings the properties the default set lacks.
    assert!(first.users.iter().all(|u| u.account_enabled.is_some()));
    assert!(first.users.iter().all(|u| u.user_type.is_some()));
    // The list asks for its columns (and the creation date the overview counts) only;
    // reading one user brings the rest.
    assert!(
        first
            .users
            .iter()
            .all(|u| u.given_name.is_none() && u.created_date_time.is_some())
    );
    let whole = client.get_user(first.users[0].id.as_str()).await.unwrap();
    assert!(whole.given_name.is_some() && whole.created_date_time.is_some());
}

/// `s` on a list not wholly loaded lists again with `$orderby` (display name, UPN or created,
/// the user properties Graph sorts by): the pages come in that order, the next link too.
#[tokio::test]
async fn a_listing_with_orderby_pages_in_that_order() {
    let emu = emulator(300).await;
    let client = admin(&emu);
    for (order, key) in [
        ("displayName desc", "name"),
        ("userPrincipalName", "upn"),
        ("createdDateTime desc", "created"),
    ] {
        let first = client
            .list_users(&ListQuery {
                top: Some(120),
                count: true,
                order_by: Some(order.to_owned()),
                ..ListQuery::default()
            })
            .await
            .unwrap_or_else(|e| panic!("{order}: {e}"));
        let second = client
            .next_page(&first.next.clone().unwrap())
            .await
            .unwrap();
        let users: Vec<_> = first.users.iter().chain(&second.users).collect();
        let values: Vec<String> = users
            .iter()
            .map(|u| match key {
                "name" => u.display_name.clone().unwrap_or_default().to_lowercase(),
                "upn" => u.upn().to_lowercase(),
                _ => u
                    .created_date_time
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_default(),
            })
            .collect();
        let mut sorted = values.clone();
        sorted.sort();
        if order.ends_with("desc") {
            sorted.reverse();
        }
        assert_eq!(values.len(), 240, "{order}");
        assert_eq!(values, sorted, "{order}");
    }
}

/// Graph refuses a next link of an advanced query followed without `ConsistencyLevel:
/// eventual` ("Unable to execute query; invalid page token specified."), and so does the
/// emulator: every page of a search must carry the header again
/// (<https://learn.microsoft.com/en-us/graph/aad-advanced-queries>).
#[tokio::test]
async fn every_page_of_an_advanced_query_resends_consistency_level() {
    let emu = emulator(300).await;
    let client = admin(&emu);
    let mut page = client
        .list_users(&ListQuery {
            top: Some(7),
            search: Some("a".to_owned()),
            ..ListQuery::default()
        })
        .await
        .unwrap();
    let first_link = page.next.clone().expect("a search spanning pages");
    let mut pages = 1;
    while let Some(next) = page.next.take() {
        assert!(next.advanced);
        page = client.next_page(&next).await.unwrap();
        pages += 1;
    }
    assert!(pages > 2, "{pages} pages");
    // The same link without the header is refused: the test above would catch a client that
    // dropped it.
    let dropped = lazyentra::graph::NextPage {
        advanced: false,
        ..first_link
    };
    assert_eq!(
        api_status(client.next_page(&dropped).await),
        (400, "Request_UnsupportedQuery".to_owned())
    );
}

#[tokio::test]
async fn default_page_size_comes_from_settings() {
    let emu = emulator(250).await;
    let client = admin(&emu);
    let mut seen = 0;
    let mut page = client.list_users(&ListQuery::default()).await.unwrap();
    loop {
        assert!(page.users.len() <= 100);
        seen += page.users.len();
        match page.next {
            Some(next) => page = client.next_page(&next).await.unwrap(),
            None => break,
        }
    }
    assert_eq!(seen, 250);
}

/// `L` reads one page ahead: the page after the one asked for is requested as soon as that
/// one's bytes are in, and the next call for its link takes it over instead of asking again.
/// A call for another link never gets it.
#[tokio::test]
async fn a_load_of_every_page_reads_one_page_ahead() {
    let emu = emulator(250).await;
    let client = admin(&emu);
    let query = ListQuery {
        top: Some(100),
        count: true,
        ..ListQuery::default()
    };
    let first = client.list_users(&query).await.unwrap();
    let before = emu.request_count();
    let second = client
        .next_page_ahead::<Vec<User>>(first.next.as_ref().unwrap(), &mut ())
        .await
        .unwrap();
    // The third page is on its way without being asked for.
    tokio::time::timeout(Duration::from_secs(10), async {
        while emu.request_count() < before + 2 {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the page after it is requested ahead");
    let third = client
        .next_page_ahead::<Vec<User>>(second.next.as_ref().unwrap(), &mut ())
        .await
        .unwrap();
    assert_eq!(
        emu.request_count(),
        before + 2,
        "taken over, not asked again"
    );
    assert!(third.next.is_none());
    let mut ids: Vec<_> = [&first.users, &second.items, &third.items]
        .iter()
        .flat_map(|p| p.iter().map(|u| u.id.clone()))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 250, "every user exactly once");
    // A page read ahead is only used for its own link: the first page's link again is
    // fetched anew (and is the second page again).
    let again = client
        .next_page_ahead::<Vec<User>>(first.next.as_ref().unwrap(), &mut ())
        .await
        .unwrap();
    assert_eq!(again.items, second.items);
}

#[tokio::test]
async fn next_link_to_another_host_is_refused() {
    let emu = emulator(1).await;
    let client = admin(&emu);
    let foreign = lazyentra::graph::NextPage {
        link: "https://evil.example/v1.0/users?$skiptoken=x".to_owned(),
        advanced: false,
    };
    assert!(matches!(
        client.next_page(&foreign).await,
        Err(GraphError::Decode { .. })
    ));
}

#[tokio::test]
async fn hostile_search_strings_match_only_themselves() {
    let emu = emulator(50).await;
    let client = admin(&emu);
    let obrien = client
        .create_user(&{
            let mut u = new_user("kobrien");
            u.display_name = "Keira O'Brien".to_owned();
            u
        })
        .await
        .unwrap();
    let quoted = client
        .create_user(&{
            let mut u = new_user("aquote");
            u.display_name = r#"Ann "Quote" Backslash\Lee"#.to_owned();
            u
        })
        .await
        .unwrap();

    let search = |text: &str| ListQuery {
        search: Some(text.to_owned()),
        ..ListQuery::default()
    };
    let found = client.list_users(&search("O'Brien")).await.unwrap();
    assert!(found.users.iter().any(|u| u.id == obrien.id));
    let found = client.list_users(&search(r#""Quote""#)).await.unwrap();
    assert!(found.users.iter().any(|u| u.id == quoted.id));
    let found = client.list_users(&search(r"Backslash\Lee")).await.unwrap();
    assert!(found.users.iter().any(|u| u.id == quoted.id));

    // An attempt to break out of the quoted clause finds nothing instead of everything.
    let injection = client
        .list_users(&search(r#"zz" OR "displayName:a"#))
        .await
        .unwrap();
    assert!(injection.users.is_empty(), "{:?}", injection.users);
}

#[tokio::test]
async fn get_by_id_upn_guest_and_dollar_upn() {
    let emu = emulator(300).await;
    let client = admin(&emu);
    let all = emu.users_snapshot();
    let upn_of = |v: &serde_json::Value| v["userPrincipalName"].as_str().unwrap().to_owned();

    let first = &all[0];
    let by_id = client
        .get_user(first["id"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(by_id.upn(), upn_of(first));
    let by_upn = client.get_user(&upn_of(first)).await.unwrap();
    assert_eq!(by_upn.id, by_id.id);

    let guest = all
        .iter()
        .find(|u| upn_of(u).contains("#EXT#"))
        .expect("the demo tenant has guests");
    let got = client.get_user(&upn_of(guest)).await.unwrap();
    assert!(got.is_guest());

    let dollar = all
        .iter()
        .find(|u| upn_of(u).starts_with('$'))
        .expect("the demo tenant has a $ UPN");
    let got = client.get_user(&upn_of(dollar)).await.unwrap();
    assert_eq!(got.upn(), upn_of(dollar));

    let missing = client
        .get_user("00000000-0000-0000-0000-00000000dead")
        .await;
    let error = missing.unwrap_err();
    assert!(error.is_not_found());
    assert!(error.request_id().is_some(), "support needs the request-id");
}

#[tokio::test]
async fn create_update_delete() {
    let emu = emulator(5).await;
    let client = admin(&emu);
    let created = client.create_user(&new_user("ada")).await.unwrap();
    assert_eq!(created.display_name.as_deref(), Some("Test ada"));
    let stored = emu.user(created.id.as_str()).expect("stored");
    assert_eq!(stored["jobTitle"], "Tester");

    let duplicate = client.create_user(&new_user("ada")).await;
    match duplicate {
        Err(GraphError::Api(e)) => {
            assert_eq!(e.status, 400);
            assert!(
                e.details
                    .iter()
                    .any(|(code, target)| code == "ObjectConflict"
                        && target.as_deref() == Some("userPrincipalName"))
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let mut weak = new_user("weak");
    weak.password_profile.password = "password".to_owned();
    assert_eq!(api_status(client.create_user(&weak).await).0, 400);
    let mut foreign = new_user("x");
    foreign.user_principal_name = "x@not-our-domain.example".to_owned();
    assert_eq!(api_status(client.create_user(&foreign).await).0, 400);

    let patch = UserPatch {
        job_title: Change::Set("Chief Tester".to_owned()),
        department: Change::Clear,
        business_phone: Change::Set("+44 20 7946 0000".to_owned()),
        account_enabled: Some(false),
        ..UserPatch::default()
    };
    client.update_user(&created.id, &patch).await.unwrap();
    let stored = emu.user(created.id.as_str()).unwrap();
    assert_eq!(stored["jobTitle"], "Chief Tester");
    assert_eq!(stored["accountEnabled"], false);
    assert_eq!(stored["businessPhones"][0], "+44 20 7946 0000");
    let fetched = client.get_user(created.id.as_str()).await.unwrap();
    assert_eq!(fetched.job_title.as_deref(), Some("Chief Tester"));

    // A typed patch cannot name a read-only property, so send that one raw.
    let read_only = raw_patch(&emu, created.id.as_str(), json!({"id": "nope"})).await;
    assert_eq!(read_only, 400);

    let before = emu.user_count();
    client.delete_user(&created.id).await.unwrap();
    assert_eq!(emu.user_count(), before - 1);
    assert!(
        client
            .get_user(created.id.as_str())
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(emu.deleted_user(created.id.as_str()).is_some());
    assert!(
        client
            .delete_user(&created.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn deleted_users_are_listed_restored_and_purged() {
    let emu = emulator(5).await;
    let client = admin(&emu);
    let ada = client.create_user(&new_user("ada")).await.unwrap();
    let bob = client.create_user(&new_user("bob")).await.unwrap();
    client.delete_user(&ada.id).await.unwrap();
    client.delete_user(&bob.id).await.unwrap();

    let query = ListQuery {
        count: true,
        top: Some(1),
        ..ListQuery::default()
    };
    let first = client.list_deleted_users(&query).await.unwrap();
    assert_eq!(first.count, Some(2));
    assert_eq!(first.users.len(), 1);
    let next = first.next.expect("a second page");
    assert!(next.advanced, "$count needs ConsistencyLevel on every page");
    let second = client.next_page(&next).await.unwrap();
    assert_eq!(second.users.len(), 1);
    let listed: Vec<_> = first.users.iter().chain(&second.users).collect();
    let item = listed.iter().find(|u| u.id == ada.id).unwrap();
    // Graph prefixes a deleted user's UPN with its id; the original is still readable.
    assert_ne!(item.upn(), ada.upn());
    assert_eq!(item.original_upn(), ada.upn());
    assert!(item.deleted_date_time.is_some());
    // $select brings the properties the table shows.
    assert_eq!(item.account_enabled, Some(true));

    let search = ListQuery {
        search: Some("Test bob".to_owned()),
        ..ListQuery::default()
    };
    let found = client.list_deleted_users(&search).await.unwrap();
    assert_eq!(found.users.len(), 1);
    assert_eq!(found.users[0].id, bob.id);

    let restored = client.restore_user(&ada.id).await.unwrap();
    assert_eq!(restored.id, ada.id);
    assert_eq!(restored.upn(), ada.upn());
    assert!(restored.deleted_date_time.is_none());
    assert!(emu.user(ada.id.as_str()).is_some());
    assert!(emu.deleted_user(ada.id.as_str()).is_none());

    client.purge_deleted_user(&bob.id).await.unwrap();
    assert!(emu.deleted_user(bob.id.as_str()).is_none());
    assert_eq!(emu.deleted_count(), 0);
    assert!(
        client
            .purge_deleted_user(&bob.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        client
            .restore_user(&bob.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn restoring_over_a_live_upn_is_an_object_conflict() {
    let emu = emulator(5).await;
    let client = admin(&emu);
    let old = client.create_user(&new_user("ada")).await.unwrap();
    client.delete_user(&old.id).await.unwrap();
    // The UPN is free again once its owner is deleted, and someone takes it.
    let mut new = new_user("ada");
    new.display_name = "Ada the second".to_owned();
    client.create_user(&new).await.unwrap();

    match client.restore_user(&old.id).await {
        Err(GraphError::Api(e)) => {
            assert_eq!(e.status, 400);
            assert!(
                e.details
                    .iter()
                    .any(|(code, target)| code == "ObjectConflict"
                        && target.as_deref() == Some("userPrincipalName")),
                "{e:?}"
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(
        emu.deleted_user(old.id.as_str()).is_some(),
        "still restorable"
    );
}

#[tokio::test]
async fn read_only_app_is_refused_writes() {
    let emu = emulator(5).await;
    let reader = GraphClient::new(config(
        &emu,
        demo::READER_CLIENT_ID,
        demo::READER_CLIENT_SECRET,
    ))
    .unwrap();
    assert_eq!(
        reader
            .list_users(&ListQuery::default())
            .await
            .unwrap()
            .users
            .len(),
        5
    );
    let result = reader.create_user(&new_user("nope")).await;
    let error = result.unwrap_err();
    assert_eq!(error.status(), Some(403));
    assert_eq!(error.code(), Some("Authorization_RequestDenied"));
    assert!(error.to_string().contains("User.ReadWrite.All"));

    // Deleted items can be read, but not restored or purged.
    let deleted = admin(&emu).list_users(&ListQuery::default()).await.unwrap();
    let victim = deleted.users[0].id.clone();
    admin(&emu).delete_user(&victim).await.unwrap();
    let listed = reader
        .list_deleted_users(&ListQuery::default())
        .await
        .unwrap();
    assert_eq!(listed.users.len(), 1);
    for result in [
        reader.restore_user(&victim).await.map(drop),
        reader.purge_deleted_user(&victim).await,
    ] {
        assert_eq!(result.unwrap_err().status(), Some(403));
    }
    assert!(emu.deleted_user(victim.as_str()).is_some());
}

#[tokio::test]
async fn sign_in_is_blocked_unblocked_and_sessions_revoked() {
    let emu = emulator(3).await;
    let client = admin(&emu);
    let id = client
        .list_users(&ListQuery::default())
        .await
        .unwrap()
        .users[0]
        .id
        .clone();
    client.set_account_enabled(&id, false).await.unwrap();
    assert_eq!(emu.user(id.as_str()).unwrap()["accountEnabled"], false);
    assert_eq!(
        client.get_user(id.as_str()).await.unwrap().account_enabled,
        Some(false)
    );
    client.revoke_sessions(&id).await.unwrap();
    client.set_account_enabled(&id, true).await.unwrap();
    assert_eq!(emu.user(id.as_str()).unwrap()["accountEnabled"], true);

    let missing: lazyentra::graph::UserId = "00000000-0000-0000-0000-000000000000".into();
    assert_eq!(api_status(client.revoke_sessions(&missing).await).0, 404);

    let reader = GraphClient::new(config(
        &emu,
        demo::READER_CLIENT_ID,
        demo::READER_CLIENT_SECRET,
    ))
    .unwrap();
    for result in [
        reader.set_account_enabled(&id, false).await,
        reader.revoke_sessions(&id).await,
    ] {
        let error = result.unwrap_err();
        assert_eq!(error.status(), Some(403), "{error}");
        assert_eq!(error.code(), Some("Authorization_RequestDenied"));
    }
    assert_eq!(emu.user(id.as_str()).unwrap()["accountEnabled"], true);
}

/// The id of the seeded user `upn`.
fn id_of(emu: &Emulator, upn: &str) -> lazyentra::graph::UserId {
    emu.user(upn).unwrap()["id"].as_str().unwrap().into()
}

fn profile(password: &str, force: bool) -> PasswordProfile {
    PasswordProfile {
        password: password.to_owned(),
        force_change_password_next_sign_in: force,
    }
}

#[tokio::test]
async fn passwords_are_reset_where_the_apps_role_allows_and_refused_with_403_elsewhere() {
    let emu = emulator(30).await;
    let client = admin(&emu);
    // An ordinary user, and a limited admin: the admin app (User Administrator) may.
    for upn in [
        "robert.tables@contoso.com",
        demo::HELPDESK_ADMINISTRATOR_UPN,
    ] {
        let id = id_of(&emu, upn);
        client
            .reset_password(&id, &profile("N3w!Passw0rd-x", false))
            .await
            .unwrap();
        let stored = &emu.user(upn).unwrap()["passwordProfile"];
        assert_eq!(stored["password"], "N3w!Passw0rd-x", "{upn}");
        assert_eq!(stored["forceChangePasswordNextSignIn"], false, "{upn}");
    }
    // A Global Administrator: only a higher role may.
    let megan = id_of(&emu, demo::GLOBAL_ADMINISTRATOR_UPN);
    let before = emu.user(megan.as_str()).unwrap()["passwordProfile"].clone();
    let error = client
        .reset_password(&megan, &profile("N3w!Passw0rd-x", true))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(403), "{error}");
    assert_eq!(error.code(), Some("Authorization_RequestDenied"));
    assert!(
        error
            .to_string()
            .contains("Insufficient privileges to complete the operation."),
        "{error}"
    );
    assert!(error.request_id().is_some());
    // Blocking her is refused as well.
    let error = client.set_account_enabled(&megan, false).await.unwrap_err();
    assert_eq!(error.status(), Some(403), "{error}");
    assert_eq!(emu.user(megan.as_str()).unwrap()["passwordProfile"], before);
    assert_eq!(emu.user(megan.as_str()).unwrap()["accountEnabled"], true);

    // A password Entra refuses is Graph's 400, naming passwordProfile.
    let id = id_of(&emu, "robert.tables@contoso.com");
    match client.reset_password(&id, &profile("password", true)).await {
        Err(GraphError::Api(e)) => {
            assert_eq!(e.status, 400);
            assert!(e.message.contains("password complexity"), "{}", e.message);
            assert!(
                e.details
                    .iter()
                    .any(|(_, target)| target.as_deref() == Some("passwordProfile"))
            );
        }
        other => panic!("expected Graph's 400, got {other:?}"),
    }

    // The read-only app: 403 whoever the user.
    let reader = GraphClient::new(config(
        &emu,
        demo::READER_CLIENT_ID,
        demo::READER_CLIENT_SECRET,
    ))
    .unwrap();
    let error = reader
        .reset_password(&id, &profile("An0ther!Passw0rd", true))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(403), "{error}");
    assert_eq!(
        emu.user(id.as_str()).unwrap()["passwordProfile"]["password"],
        "N3w!Passw0rd-x"
    );
}

#[tokio::test]
async fn a_manager_is_read_set_and_removed() {
    let emu = emulator(20).await;
    let client = admin(&emu);
    let users = client
        .list_users(&ListQuery::default())
        .await
        .unwrap()
        .users;
    // The seed gives the first users no manager.
    let (report, boss) = (users[0].id.clone(), users[9].id.clone());
    assert_eq!(client.get_manager(&report).await.unwrap(), None);

    client.set_manager(&report, &boss).await.unwrap();
    assert_eq!(emu.manager_of(report.as_str()), Some(boss.to_string()));
    let manager = client.get_manager(&report).await.unwrap().unwrap();
    assert_eq!(manager.id, boss);
    assert_eq!(manager.display_name, users[9].display_name);
    assert_eq!(manager.user_principal_name, users[9].user_principal_name);

    // Replacing it is one more PUT.
    let other = users[10].id.clone();
    client.set_manager(&report, &other).await.unwrap();
    assert_eq!(emu.manager_of(report.as_str()), Some(other.to_string()));

    client.remove_manager(&report).await.unwrap();
    assert_eq!(emu.manager_of(report.as_str()), None);
    assert_eq!(client.get_manager(&report).await.unwrap(), None);

    // Clearing when there is none: Graph's 404 names the manager, not the user.
    let error = client.remove_manager(&report).await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert!(error.is_no_manager(), "{error}");

    // A user that no longer exists is an error, not "no manager".
    let gone: lazyentra::graph::UserId = "00000000-0000-0000-0000-000000000000".into();
    let error = client.get_manager(&gone).await.unwrap_err();
    assert!(error.is_not_found() && !error.is_no_manager(), "{error}");
    // A manager that no longer exists, and the user as its own manager, change nothing.
    assert_eq!(
        api_status(client.set_manager(&report, &gone).await),
        (404, "Request_ResourceNotFound".to_owned())
    );
    assert_eq!(
        api_status(client.set_manager(&report, &report).await),
        (400, "Request_BadRequest".to_owned())
    );
    assert_eq!(emu.manager_of(report.as_str()), None);

    let reader = GraphClient::new(config(
        &emu,
        demo::READER_CLIENT_ID,
        demo::READER_CLIENT_SECRET,
    ))
    .unwrap();
    assert_eq!(reader.get_manager(&report).await.unwrap(), None);
    for result in [
        reader.set_manager(&report, &boss).await,
        reader.remove_manager(&users[7].id).await,
    ] {
        let error = result.unwrap_err();
        assert_eq!(error.status(), Some(403), "{error}");
        assert!(error.to_string().contains("User.ReadWrite.All"), "{error}");
    }
    assert_eq!(emu.manager_of(report.as_str()), None);
    assert!(emu.manager_of(users[7].id.as_str()).is_some());
}

#[tokio::test]
async fn domains_list_the_verified_ones_or_403_without_domain_read_all() {
    let emu = emulator(3).await;
    let domains = admin(&emu).list_domains().await.unwrap();
    let verified: Vec<&str> = domains
        .iter()
        .filter(|d| d.is_verified)
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(verified, demo::VERIFIED_DOMAINS);
    assert!(domains.iter().any(|d| !d.is_verified));
    let default: Vec<&str> = domains
        .iter()
        .filter(|d| d.is_default)
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(default, [demo::DEFAULT_DOMAIN]);

    let reader = GraphClient::new(config(
        &emu,
        demo::READER_CLIENT_ID,
        demo::READER_CLIENT_SECRET,
    ))
    .unwrap();
    assert_eq!(
        api_status(reader.list_domains().await),
        (403, "Authorization_RequestDenied".to_owned())
    );
}

#[tokio::test]
async fn a_rename_moves_the_sign_in_name_and_graph_refuses_taken_or_unverified_ones() {
    let emu = emulator(10).await;
    let client = admin(&emu);
    let users = client
        .list_users(&ListQuery::default())
        .await
        .unwrap()
        .users;
    let (user, other) = (&users[2], &users[3]);
    let old = user.upn().to_owned();
    let new = format!(
        "renamed.{}@{}",
        user.mail_nickname.as_deref().unwrap_or("x"),
        demo::DEFAULT_DOMAIN
    );
    let rename = |upn: &str| UserPatch {
        user_principal_name: Change::Set(upn.to_owned()),
        ..UserPatch::default()
    };

    // Taken by another user: 400 naming the property, with ObjectConflict.
    let error = client
        .update_user(&user.id, &rename(other.upn()))
        .await
        .unwrap_err();
    let GraphError::Api(api) = &error else {
        panic!("expected a Graph error, got {error:?}")
    };
    assert_eq!((api.status, api.code.as_str()), (400, "Request_BadRequest"));
    assert_eq!(
        api.message,
        "Another object with the same value for property userPrincipalName already exists."
    );
    assert!(
        api.details
            .iter()
            .any(|(code, target)| code == "ObjectConflict"
                && target.as_deref() == Some("userPrincipalName"))
    );

    // A domain the tenant has not verified.
    let unverified = format!("x@{}", demo::UNVERIFIED_DOMAINS[0]);
    let error = client
        .update_user(&user.id, &rename(&unverified))
        .await
        .unwrap_err();
    let GraphError::Api(api) = &error else {
        panic!("expected a Graph error, got {error:?}")
    };
    assert_eq!(api.status, 400);
    assert!(
        api.message
            .starts_with("The domain portion of the userPrincipalName property is invalid.")
    );
    assert_eq!(emu.user(&old).unwrap()["id"], user.id.as_str());

    // The rename itself: the new name resolves, the old one is gone.
    client.update_user(&user.id, &rename(&new)).await.unwrap();
    assert_eq!(client.get_user(&new).await.unwrap().id, user.id);
    let error = client.get_user(&old).await.unwrap_err();
    assert!(error.is_not_found(), "{error}");
}

#[tokio::test]
async fn throttling_is_retried_after_retry_after() {
    let emu = emulator(20).await;
    emu.set_faults(Faults {
        throttle_every: Some(2),
        retry_after: Duration::from_millis(50),
        ..Faults::default()
    });
    let (tx, mut rx) = mpsc::unbounded_channel();
    let client = admin(&emu).with_notices(tx);
    for _ in 0..4 {
        let page = client.list_users(&ListQuery::default()).await.unwrap();
        assert_eq!(page.users.len(), 20);
    }
    let notice = rx.try_recv().expect("the UI is told about throttling");
    match notice {
        ClientNotice::Throttled { status, wait, .. } => {
            assert_eq!(status, 429);
            assert_eq!(wait, Duration::from_millis(50));
        }
        ClientNotice::TokenRefreshed => panic!("expected a throttling notice"),
    }
}

#[tokio::test]
async fn throttling_gives_up_after_max_retries() {
    let emu = emulator(3).await;
    emu.set_faults(Faults {
        throttle_every: Some(1),
        retry_after: Duration::from_millis(20),
        ..Faults::default()
    });
    let mut cfg = config(&emu, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    cfg.max_retries = 2;
    let client = GraphClient::new(cfg).unwrap();
    let before = emu.request_count();
    match client.list_users(&ListQuery::default()).await {
        Err(GraphError::Throttled { retry_after, .. }) => {
            assert_eq!(retry_after, Some(Duration::from_millis(20)));
        }
        other => panic!("expected throttled, got {other:?}"),
    }
    assert_eq!(emu.request_count() - before, 3, "one try and two retries");
}

#[tokio::test]
async fn expired_token_is_refreshed_once_mid_session() {
    let emu = emulator(3).await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let client = admin(&emu).with_notices(tx);
    client.connect().await.unwrap();
    assert_eq!(emu.token_requests(), 1);
    emu.expire_tokens();
    let page = client.list_users(&ListQuery::default()).await.unwrap();
    assert_eq!(page.users.len(), 3);
    assert_eq!(emu.token_requests(), 2);
    assert_eq!(rx.try_recv().unwrap(), ClientNotice::TokenRefreshed);
}

#[tokio::test]
async fn a_token_refused_after_refresh_is_reported_not_retried_forever() {
    // Tokens that are dead on arrival: the client renews the cached one before each use (it has
    // no lifetime left) and retries once after Graph's 401, then reports the 401.
    let emu = Emulator::start(EmulatorOptions {
        port: 0,
        users: 2,
        token_lifetime: Duration::from_secs(0),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap();
    let client = admin(&emu);
    client.connect().await.unwrap();
    let error = client.list_users(&ListQuery::default()).await.unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.code(), Some("InvalidAuthenticationToken"));
    assert_eq!(
        emu.request_count(),
        2,
        "one try and one retry after the 401"
    );
    assert!(emu.token_requests() <= 4);
}

#[tokio::test]
async fn slow_answers_time_out() {
    let emu = emulator(2).await;
    let mut cfg = config(&emu, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    cfg.request_timeout = Duration::from_millis(300);
    let client = GraphClient::new(cfg).unwrap();
    client.connect().await.unwrap();
    emu.set_faults(Faults {
        latency: Duration::from_secs(5),
        ..Faults::default()
    });
    match client.get_user("anything").await {
        Err(GraphError::Timeout { after }) => assert_eq!(after, Duration::from_millis(300)),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn unreachable_endpoint_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url: url::Url = format!("http://{}/", listener.local_addr().unwrap())
        .parse()
        .unwrap();
    drop(listener);
    let mut cfg = config_at(&url, demo::ADMIN_CLIENT_ID, "x");
    cfg.max_retries = 0;
    let error = GraphClient::new(cfg).unwrap().connect().await.unwrap_err();
    assert!(matches!(error, GraphError::Network { .. }), "{error:?}");
    assert!(error.to_string().starts_with("cannot reach"));
}

/// A bare server that records the headers of each Graph request, to check what the client
/// sends on the wire, and answers a body that is not JSON on `/v1.0/broken`.
mod recorder {
    use std::sync::{Arc, Mutex};

    use axum::Router;
    use axum::http::HeaderMap;
    use axum::routing::{get, post};

    pub type Seen = Arc<Mutex<Vec<HeaderMap>>>;

    pub async fn start() -> (url::Url, Seen) {
        let seen: Seen = Arc::default();
        let record = seen.clone();
        let app = Router::new()
            .route(
                "/{tenant}/oauth2/v2.0/token",
                post(|| async {
                    axum::Json(serde_json::json!({
                        "token_type": "Bearer", "expires_in": 3599, "access_token": "a.b.c"
                    }))
                }),
            )
            .route(
                "/v1.0/users",
                get(move |headers: HeaderMap| async move {
                    record.lock().unwrap().push(headers);
                    axum::Json(serde_json::json!({ "value": [] }))
                }),
            )
            .route(
                "/v1.0/users/{id}",
                get(|| async { "<html>not json</html>" }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap())
            .parse()
            .unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        (url, seen)
    }
}

#[tokio::test]
async fn requests_carry_user_agent_request_id_and_consistency_level() {
    let (url, seen) = recorder::start().await;
    let mut cfg = config_at(&url, demo::ADMIN_CLIENT_ID, "x");
    cfg.max_retries = 0;
    let client = GraphClient::new(cfg).unwrap();
    client.list_users(&ListQuery::default()).await.unwrap();
    client
        .list_users(&ListQuery {
            search: Some("ada".to_owned()),
            ..ListQuery::default()
        })
        .await
        .unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    let ua = seen[0]["user-agent"].to_str().unwrap();
    assert!(ua.starts_with("lazyentra/"), "{ua}");
    let id0 = seen[0]["client-request-id"].to_str().unwrap().to_owned();
    let id1 = seen[1]["client-request-id"].to_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&id0).is_ok());
    assert_ne!(id0, id1, "a fresh id per request");
    assert!(seen[0].get("consistencylevel").is_none());
    assert_eq!(seen[1]["consistencylevel"], "eventual");

    match client.get_user("x").await {
        Err(GraphError::Decode { reason, .. }) => assert!(!reason.is_empty()),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// A server that answers what a broken proxy or a hostile endpoint might: a body far larger
/// than any page, sent with and without a length, and an HTML 502 page.
mod hostile {
    use axum::Router;
    use axum::body::Body;
    use axum::extract::Path;
    use axum::http::StatusCode;
    use axum::routing::{get, post};

    pub const HUGE: usize = 17 << 20;

    pub async fn start() -> url::Url {
        let app = Router::new()
            .route(
                "/{tenant}/oauth2/v2.0/token",
                post(|| async {
                    axum::Json(serde_json::json!({
                        "token_type": "Bearer", "expires_in": 3599, "access_token": "a.b.c"
                    }))
                }),
            )
            // With Content-Length: refused before a byte is read.
            .route("/v1.0/users", get(|| async { vec![b' '; HUGE] }))
            // Streamed without a length: refused once it passes the limit. Or a proxy's
            // HTML 502 page.
            .route(
                "/v1.0/users/{id}",
                get(|Path(id): Path<String>| async move {
                    if id == "dropped" {
                        // Half an answer, then the connection goes.
                        let parts: Vec<Result<Vec<u8>, std::io::Error>> = vec![
                            Ok(br#"{"id":"1","displayName":"Ad"#.to_vec()),
                            Err(std::io::Error::other("connection reset")),
                        ];
                        return (
                            StatusCode::OK,
                            Body::from_stream(futures_util::stream::iter(parts)),
                        );
                    }
                    if id == "bad-gateway" {
                        let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
                        return (StatusCode::BAD_GATEWAY, Body::from(page));
                    }
                    let chunks =
                        (0..HUGE / (1 << 20)).map(|_| Ok::<_, std::io::Error>(vec![b' '; 1 << 20]));
                    (
                        StatusCode::OK,
                        Body::from_stream(futures_util::stream::iter(chunks)),
                    )
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap())
            .parse()
            .unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        url
    }
}

#[tokio::test]
async fn answers_over_16_mib_are_refused_not_decoded() {
    let url = hostile::start().await;
    let mut cfg = config_at(&url, demo::ADMIN_CLIENT_ID, "x");
    cfg.max_retries = 0;
    let client = GraphClient::new(cfg).unwrap();
    let with_length = client.list_users(&ListQuery::default()).await.unwrap_err();
    let streamed = client.get_user("someone").await.unwrap_err();
    for error in [with_length, streamed] {
        assert!(matches!(error, GraphError::Decode { .. }), "{error:?}");
        let line = error.to_string();
        assert!(line.contains("larger than 16 MiB"), "{line}");
        // The line names the endpoint by host and path, not by its whole query.
        assert!(!line.contains('?'), "{line}");
    }
}

#[tokio::test]
async fn an_html_error_page_reads_as_its_status_not_as_its_url() {
    let url = hostile::start().await;
    let mut cfg = config_at(&url, demo::ADMIN_CLIENT_ID, "x");
    cfg.max_retries = 0;
    let client = GraphClient::new(cfg).unwrap();
    let error = client.get_user("bad-gateway").await.unwrap_err();
    assert_eq!(error.status(), Some(502));
    let line = error.to_string();
    assert!(
        line.starts_with("502 Bad Gateway: no Graph error body from"),
        "{line}"
    );
    // Host and path; the client's $select (twenty property names) stays out of the line.
    assert!(!line.contains("$select") && !line.contains('?'), "{line}");
    assert!(line.len() < 120, "{line}");
}

#[tokio::test]
async fn a_connection_dropped_mid_answer_is_an_error_not_a_hang_or_half_a_user() {
    let url = hostile::start().await;
    let mut cfg = config_at(&url, demo::ADMIN_CLIENT_ID, "x");
    cfg.max_retries = 0;
    let client = GraphClient::new(cfg).unwrap();
    let error = client.get_user("dropped").await.unwrap_err();
    assert!(
        matches!(
            error,
            GraphError::Network { .. } | GraphError::Decode { .. }
        ),
        "{error:?}"
    );
    assert!(!error.to_string().contains('?'), "{error}");
}

#[tokio::test]
async fn graph_of_another_cloud_is_an_unknown_resource() {
    // The token scope follows graph_endpoint: US Government Graph asked of this tenant's
    // token endpoint is AADSTS500011, reported with the settings to check.
    let emu = emulator(1).await;
    let mut cfg = config(&emu, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    cfg.graph_endpoint = url::Url::parse("https://graph.microsoft.us").unwrap();
    let error = GraphClient::new(cfg).unwrap().connect().await.unwrap_err();
    assert_eq!(
        auth_failure(Err::<(), _>(error.clone())),
        AuthFailure::UnknownResource
    );
    let line = error.to_string();
    assert!(line.contains("https://graph.microsoft.us"), "{line}");
    assert!(line.contains("cloud"), "{line}");
}

fn reader(emu: &Emulator) -> GraphClient {
    GraphClient::new(config(
        emu,
        demo::READER_CLIENT_ID,
        demo::READER_CLIENT_SECRET,
    ))
    .unwrap()
}

/// The seeded users' ids, in stored order.
fn ids(emu: &Emulator) -> Vec<lazyentra::graph::UserId> {
    emu.users_snapshot()
        .iter()
        .map(|u| u["id"].as_str().unwrap().into())
        .collect()
}

#[tokio::test]
async fn manager_is_read_and_none_is_no_error() {
    let emu = emulator(40).await;
    let client = admin(&emu);
    let ids = ids(&emu);
    // User 7 reports to user 1; user 0 has no manager, and Graph's 404 means just that.
    let manager = client.manager(&ids[7]).await.unwrap().unwrap();
    assert!(manager.is_user());
    assert_eq!(manager.user.id, ids[1]);
    assert!(manager.user.user_principal_name.is_some());
    assert_eq!(client.manager(&ids[0]).await.unwrap(), None);
}

#[tokio::test]
async fn direct_reports_and_memberships_follow_every_page() {
    use lazyentra::graph::{MembershipKind, Related, Relation};
    let emu = emulator(120).await;
    let mut cfg = config(&emu, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    cfg.page_size = 2;
    let client = GraphClient::new(cfg).unwrap();
    let ids = ids(&emu);
    // User 0 has five reports: three pages of two.
    let mut page = client.direct_reports(&ids[0]).await.unwrap();
    let mut reports = page.items.clone();
    let mut pages = 1;
    while let Some(next) = page.next.clone() {
        let Related::DirectReports(more) = client
            .related_next(&next, Relation::DirectReports)
            .await
            .unwrap()
        else {
            panic!("reports expected");
        };
        reports.extend(more.items.clone());
        page = more;
        pages += 1;
    }
    assert_eq!((reports.len(), pages), (5, 3));
    assert!(
        reports
            .iter()
            .all(|p| p.is_user() && p.user.display_name.is_some())
    );

    // Every kind of membership, across the tenant, told apart as the groups overview says.
    let mut kinds = std::collections::BTreeSet::new();
    for id in ids.iter().take(60) {
        let Related::MemberOf(mut page) = client.related(id, Relation::MemberOf).await.unwrap()
        else {
            panic!("memberships expected");
        };
        loop {
            for m in &page.items {
                assert!(m.display_name.is_some(), "{m:?}");
                kinds.insert(format!(
                    "{:?}{}",
                    m.kind(),
                    if m.is_dynamic() { " dynamic" } else { "" }
                ));
                if m.is_dynamic() {
                    assert!(m.membership_rule.is_some());
                }
            }
            let Some(next) = page.next.clone() else { break };
            let Related::MemberOf(more) = client
                .related_next(&next, Relation::MemberOf)
                .await
                .unwrap()
            else {
                panic!("memberships expected");
            };
            page = more;
        }
    }
    for kind in [
        MembershipKind::Microsoft365,
        MembershipKind::Security,
        MembershipKind::MailEnabledSecurity,
        MembershipKind::Distribution,
        MembershipKind::DirectoryRole,
    ] {
        assert!(
            kinds.contains(&format!("{kind:?}")),
            "{kind:?} in {kinds:?}"
        );
    }
    assert!(kinds.iter().any(|k| k.ends_with(" dynamic")), "{kinds:?}");

    // The reader app may not read groups: Graph names them by type and id only.
    let memberships = reader(&emu).member_of(&ids[0]).await.unwrap().items;
    assert!(!memberships.is_empty());
    assert!(memberships.iter().all(|m| m.display_name.is_none()));
    assert!(
        memberships
            .iter()
            .any(|m| m.kind() == MembershipKind::UnknownGroup)
    );
}

#[tokio::test]
async fn licences_list_sku_part_numbers() {
    let emu = emulator(40).await;
    let client = reader(&emu);
    let mut seen = std::collections::BTreeSet::new();
    for id in ids(&emu) {
        for license in client.license_details(&id).await.unwrap().items {
            assert!(!license.service_plans.is_empty());
            assert_eq!(license.enabled_plans(), license.service_plans.len());
            seen.insert(license.sku_part_number.unwrap());
        }
    }
    assert!(
        seen.contains("ENTERPRISEPACK") || seen.contains("SPE_E5"),
        "{seen:?}"
    );
}

/// The overview's count of accounts with no sign-in for 90 days: every user's
/// `signInActivity`, 120 a page, each counted once against the cutoff.
#[tokio::test]
async fn sign_in_ages_count_every_user_against_the_cutoff() {
    use chrono::{Duration, Utc};
    let emu = emulator(300).await;
    let ids = ids(&emu);
    let client = admin(&emu);
    let now = Utc::now();
    let recent = client.sign_in_ages(now - Duration::days(90)).await.unwrap();
    assert_eq!(recent.users, 300, "every page of 120 followed");
    let mut never = 0;
    let mut stale = 0;
    for id in &ids {
        match client.sign_in_activity(id).await.unwrap() {
            None => never += 1,
            Some(a) => {
                let last = [
                    a.last_sign_in_date_time,
                    a.last_non_interactive_sign_in_date_time,
                    a.last_successful_sign_in_date_time,
                ]
                .into_iter()
                .flatten()
                .max();
                match last {
                    None => never += 1,
                    Some(at) if at < now - Duration::days(90) => stale += 1,
                    Some(_) => {}
                }
            }
        }
    }
    assert_eq!((recent.stale, recent.never), (stale, never));
    // A cutoff in the future makes every user who ever signed in stale.
    let all = client.sign_in_ages(now + Duration::days(1)).await.unwrap();
    assert_eq!(all.stale + all.never, 300);
    // An app without AuditLog.Read.All is refused as for one user.
    let e = reader(&emu).sign_in_ages(now).await.unwrap_err();
    assert_eq!(
        e.sign_in_unavailable(),
        Some(lazyentra::graph::SignInUnavailable::Permission)
    );
}

#[tokio::test]
async fn sign_in_activity_or_why_graph_will_not_show_it() {
    use lazyentra::graph::SignInUnavailable;
    let emu = emulator(40).await;
    let ids = ids(&emu);
    let client = admin(&emu);
    let mut seen = 0;
    for id in &ids {
        if let Some(activity) = client.sign_in_activity(id).await.unwrap() {
            assert!(activity.last_sign_in_date_time.is_some());
            seen += 1;
        }
    }
    assert!(seen > 30, "{seen} of 40 signed in");
    // An app without AuditLog.Read.All: 403, read as the missing permission.
    let e = reader(&emu).sign_in_activity(&ids[1]).await.unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert_eq!(e.code(), Some("Authentication_MSGraphPermissionMissing"));
    assert_eq!(e.sign_in_unavailable(), Some(SignInUnavailable::Permission));
    // A tenant without Entra ID P1/P2: 403 for every app, read as the missing licence.
    emu.set_faults(Faults {
        free_tenant: true,
        ..Faults::default()
    });
    let e = client.sign_in_activity(&ids[1]).await.unwrap_err();
    assert_eq!(
        e.code(),
        Some("Authentication_RequestFromNonPremiumTenantOrB2CTenant")
    );
    assert_eq!(e.sign_in_unavailable(), Some(SignInUnavailable::Licence));
    // Other reads are unaffected.
    assert!(client.manager(&ids[7]).await.unwrap().is_some());
}

/// Follows a round of changes from `link` to its delta link: every change, the number of
/// pages, and the link the next round starts from.
async fn changes_since(
    client: &GraphClient,
    link: &DeltaLink,
) -> (Vec<UserChange>, usize, DeltaLink) {
    let mut changes = Vec::new();
    let mut link = link.clone();
    for pages in 1..100 {
        let page = client.user_changes(&link).await.unwrap();
        changes.extend(page.changes);
        match page.next {
            DeltaNext::More(next) => link = next,
            DeltaNext::Done(delta) => return (changes, pages, delta),
        }
    }
    panic!("a round of changes that never ends");
}

#[tokio::test]
async fn delta_from_now_brings_adds_edits_and_removals_with_only_what_changed() {
    let emu = emulator(5).await;
    let client = admin(&emu);
    let users = client
        .list_users(&ListQuery::default())
        .await
        .unwrap()
        .users;
    // Sync from now: no users, a link; nothing has changed since.
    let link = client.track_users(&[]).await.unwrap();
    assert!(
        link.as_str().contains("/v1.0/users/delta?$deltatoken="),
        "{link:?}"
    );
    let (none, pages, link) = changes_since(&client, &link).await;
    assert!(none.is_empty(), "{none:?}");
    assert_eq!(pages, 1);

    let (edited, removed) = (&users[0], &users[1]);
    assert!(edited.department.is_some() && edited.mail.is_some());
    let created = client.create_user(&new_user("delta.add")).await.unwrap();
    let patch = UserPatch {
        job_title: Change::Set("Chief Delta Officer".into()),
        department: Change::Clear,
        ..UserPatch::default()
    };
    client.update_user(&edited.id, &patch).await.unwrap();
    client.delete_user(&removed.id).await.unwrap();

    let (changes, _, next) = changes_since(&client, &link).await;
    let find = |id: &UserId| changes.iter().find(|c| c.id == *id).unwrap();
    assert_eq!(changes.len(), 3, "{changes:?}");
    let added = find(&created.id);
    assert_eq!(added.display_name, Change::Set("Test delta.add".to_owned()));
    assert_eq!(added.account_enabled, Change::Set(true));
    assert!(added.removed.is_none());
    // Only what changed (Prefer: return=minimal), a cleared property as null.
    let change = find(&edited.id);
    assert_eq!(
        change.job_title,
        Change::Set("Chief Delta Officer".to_owned())
    );
    assert_eq!(change.department, Change::Clear);
    assert_eq!(
        (&change.display_name, &change.mail),
        (&Change::Keep, &Change::Keep)
    );
    let mut merged = edited.clone();
    change.apply_to(&mut merged);
    assert_eq!(merged.mail, edited.mail, "what was not sent stays");
    assert_eq!(merged.display_name, edited.display_name);
    assert_eq!(merged.department, None);
    assert_eq!(merged.job_title.as_deref(), Some("Chief Delta Officer"));
    let gone = find(&removed.id);
    assert_eq!(
        gone.removed.as_ref().map(|r| r.reason.as_str()),
        Some("changed")
    );

    // The round's delta link starts the next round: nothing new.
    let (none, _, _) = changes_since(&client, &next).await;
    assert!(none.is_empty(), "{none:?}");
}

#[tokio::test]
async fn a_round_of_changes_pages_at_the_page_size_to_its_delta_link() {
    let emu = emulator(8).await;
    let mut cfg = config(&emu, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    cfg.page_size = 2;
    let client = GraphClient::new(cfg).unwrap();
    let users = admin(&emu)
        .list_users(&ListQuery::default())
        .await
        .unwrap()
        .users;
    let link = client.track_users(&[]).await.unwrap();
    for (i, user) in users.iter().take(5).enumerate() {
        let patch = UserPatch {
            job_title: Change::Set(format!("Title {i}")),
            ..UserPatch::default()
        };
        client.update_user(&user.id, &patch).await.unwrap();
    }
    let mut link = link;
    let mut sizes = Vec::new();
    let mut seen = Vec::new();
    let last = loop {
        let page = client.user_changes(&link).await.unwrap();
        sizes.push(page.changes.len());
        seen.extend(page.changes.into_iter().map(|c| c.id));
        match page.next {
            DeltaNext::More(next) => link = next,
            DeltaNext::Done(delta) => break delta,
        }
    };
    assert_eq!(sizes, [2, 2, 1], "odata.maxpagesize is the page size");
    let wanted: Vec<UserId> = users.iter().take(5).map(|u| u.id.clone()).collect();
    assert_eq!(seen, wanted);
    let (none, _, _) = changes_since(&client, &last).await;
    assert!(none.is_empty());
}

#[tokio::test]
async fn an_expired_delta_link_is_its_own_error_and_a_foreign_one_is_refused() {
    let emu = emulator(3).await;
    let client = admin(&emu);
    let link = client.track_users(&[]).await.unwrap();
    emu.expire_delta_links();
    let error = client.user_changes(&link).await.unwrap_err();
    let GraphError::DeltaExpired(e) = &error else {
        panic!("expected an expired link, got {error:?}");
    };
    assert_eq!((e.status, e.code.as_str()), (400, "syncStateNotFound"));
    assert!(error.request_id().is_some());
    let said = error.to_string();
    assert!(
        said.contains("7 days") && said.contains("load the whole list again"),
        "{said}"
    );
    // Tracking from now works again.
    let fresh = client.track_users(&[]).await.unwrap();
    assert!(client.user_changes(&fresh).await.is_ok());
    // The bearer token never goes to another host.
    let before = emu.request_count();
    let foreign = DeltaLink("https://graph.example.net/v1.0/users/delta?$deltatoken=x".into());
    let refused = client.user_changes(&foreign).await.unwrap_err();
    assert!(matches!(refused, GraphError::Decode { .. }), "{refused:?}");
    assert!(refused.to_string().contains("points away"));
    assert_eq!(emu.request_count(), before);
}

#[tokio::test]
async fn the_lists_chosen_columns_are_selected_and_only_those() {
    let emu = emulator(60).await;
    let client = admin(&emu);
    let plain = client
        .list_users(&ListQuery::default())
        .await
        .unwrap()
        .users;
    assert!(
        plain
            .iter()
            .all(|u| u.city.is_none() && u.employee_id.is_none()),
        "not asked, not sent"
    );
    assert!(plain.iter().all(|u| u.department.is_some() || u.is_guest()));
    let query = ListQuery {
        also_select: vec![
            "city",
            "companyName",
            "officeLocation",
            "country",
            "usageLocation",
            "employeeId",
            "onPremisesSyncEnabled",
        ],
        ..ListQuery::default()
    };
    let users = client.list_users(&query).await.unwrap().users;
    let members: Vec<_> = users.iter().filter(|u| !u.is_guest()).collect();
    assert!(members.len() > 40, "{}", members.len());
    // Realistic values: every member has a city, country and usage location; most an
    // employee ID; the parent company's accounts are synced from on-premises.
    for user in &members {
        assert!(user.city.is_some() && user.country.is_some(), "{user:?}");
        assert_eq!(user.usage_location.as_ref().map(String::len), Some(2));
        assert!(user.office_location.is_some() && user.company_name.is_some());
    }
    let synced = members
        .iter()
        .filter(|u| u.on_premises_sync_enabled == Some(true))
        .count();
    assert!(synced > 0 && synced < members.len(), "{synced}");
    assert!(members.iter().all(|u| {
        u.on_premises_sync_enabled != Some(true)
            || u.company_name.as_deref() == Some("Contoso Ltd.")
    }));
    let with_id = members.iter().filter(|u| u.employee_id.is_some()).count();
    assert!(with_id * 2 > members.len(), "{with_id}");

    // The delta link keeps the columns: a change to one comes with the next round.
    let link = client.track_users(&["city"]).await.unwrap();
    let id = members[0].id.as_str();
    assert!(
        raw_patch(&emu, id, serde_json::json!({"city": "Lyon"}))
            .await
            .is_success()
    );
    let (changes, _, _) = changes_since(&client, &link).await;
    let change = changes.iter().find(|c| c.id.as_str() == id).unwrap();
    let mut user = lazyentra::graph::User::default();
    change.apply_to(&mut user);
    assert_eq!(user.city.as_deref(), Some("Lyon"), "{change:?}");
}
