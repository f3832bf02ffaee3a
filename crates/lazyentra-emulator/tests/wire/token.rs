//! The token endpoint, `POST /{tenant}/oauth2/v2.0/token`: a bearer JWT with the app's claims
//! on success, Entra's AADSTS error bodies on failure.

use base64::Engine as _;
use lazyentra_emulator::{Emulator, demo};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{graph_scope, http, json_of, start, token_response, token_url};

#[tokio::test]
async fn token_success_is_a_bearer_jwt_with_app_claims() {
    let emu = start(5).await;
    let response = token_response(
        &emu,
        demo::DOMAIN,
        &[
            ("client_id", demo::ADMIN_CLIENT_ID),
            ("client_secret", demo::ADMIN_CLIENT_SECRET),
            ("scope", graph_scope()),
            ("grant_type", "client_credentials"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_of(response).await;
    assert_eq!(body["token_type"], "Bearer");
    // The whole seconds left of a 3599 s lifetime: 3598 unless issued on a whole second.
    let expires_in = body["expires_in"].as_u64().unwrap();
    assert!((3598..=3599).contains(&expires_in), "{expires_in}");
    assert_eq!(body["ext_expires_in"], expires_in);
    let token = body["access_token"].as_str().unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[1])
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["tid"], demo::TENANT_ID);
    assert_eq!(claims["appid"], demo::ADMIN_CLIENT_ID);
    assert_eq!(claims["idtyp"], "app");
    assert_eq!(
        claims["roles"],
        json!([
            "User.ReadWrite.All",
            "Directory.Read.All",
            "AuditLog.Read.All",
            "Domain.Read.All"
        ])
    );
    assert_eq!(claims["aud"], "https://graph.microsoft.com");
    assert_eq!(
        claims["iss"],
        format!("https://sts.windows.net/{}/", demo::TENANT_ID)
    );
    for claim in ["iat", "nbf", "exp"] {
        assert!(claims[claim].is_i64(), "{claim}");
    }
    assert!(claims["oid"].is_string() && claims["app_displayname"].is_string());
    assert_eq!(emu.token_requests(), 1);
    assert_eq!(emu.request_count(), 0);
}

#[tokio::test]
async fn token_accepts_basic_auth_and_the_emulators_own_scope() {
    let emu = start(1).await;
    let own_scope = format!("{}.default", emu.base_url());
    let response = http()
        .post(token_url(&emu, "contoso.com"))
        .basic_auth(demo::READER_CLIENT_ID, Some(demo::READER_CLIENT_SECRET))
        .form(&[
            ("scope", own_scope.as_str()),
            ("grant_type", "client_credentials"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let token = json_of(response).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let users = http()
        .get(format!("{}v1.0/users", emu.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(users.status(), StatusCode::OK);
}

pub(crate) async fn token_error(
    emu: &Emulator,
    tenant: &str,
    form: &[(&str, &str)],
    status: StatusCode,
    error: &str,
    code: u64,
) -> Value {
    let response = token_response(emu, tenant, form).await;
    assert_eq!(response.status(), status, "{form:?}");
    let body = json_of(response).await;
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_codes"], json!([code]), "{body}");
    let description = body["error_description"].as_str().unwrap();
    assert!(
        description.starts_with(&format!("AADSTS{code}: ")),
        "{description}"
    );
    assert!(description.contains("\r\nTrace ID: "));
    assert!(description.contains("\r\nCorrelation ID: "));
    assert!(description.contains("\r\nTimestamp: "));
    let timestamp = body["timestamp"].as_str().unwrap();
    assert!(
        timestamp.ends_with('Z') && timestamp.len() == 20,
        "{timestamp}"
    );
    assert!(body["trace_id"].is_string() && body["correlation_id"].is_string());
    assert!(
        body["error_uri"]
            .as_str()
            .unwrap()
            .ends_with(&code.to_string())
    );
    body
}

#[tokio::test]
async fn token_failures_have_entras_shape() {
    let emu = start(1).await;
    let good = |id: &'static str, secret: &'static str| {
        vec![
            ("client_id", id),
            ("client_secret", secret),
            ("scope", "https://graph.microsoft.com/.default"),
            ("grant_type", "client_credentials"),
        ]
    };
    let admin = good(demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    let bad = StatusCode::BAD_REQUEST;
    let unauthorized = StatusCode::UNAUTHORIZED;
    let t = demo::TENANT_ID;

    token_error(&emu, "common", &admin, bad, "invalid_request", 9001023).await;
    token_error(&emu, "consumers", &admin, bad, "invalid_request", 9001023).await;
    token_error(
        &emu,
        "11111111-2222-3333-4444-555555555555",
        &admin,
        bad,
        "invalid_tenant",
        90002,
    )
    .await;
    token_error(&emu, "northwind.com", &admin, bad, "invalid_tenant", 90002).await;
    token_error(
        &emu,
        "not_a_tenant!",
        &admin,
        bad,
        "invalid_request",
        900023,
    )
    .await;
    let unknown = good("99999999-9999-4999-8999-999999999999", "x");
    token_error(&emu, t, &unknown, bad, "unauthorized_client", 700016).await;
    let wrong = good(demo::ADMIN_CLIENT_ID, "wrong");
    token_error(&emu, t, &wrong, unauthorized, "invalid_client", 7000215).await;
    let expired = good(demo::EXPIRED_CLIENT_ID, demo::EXPIRED_CLIENT_SECRET);
    token_error(&emu, t, &expired, unauthorized, "invalid_client", 7000222).await;
    let no_secret: Vec<_> = admin
        .iter()
        .filter(|(k, _)| *k != "client_secret")
        .copied()
        .collect();
    token_error(&emu, t, &no_secret, unauthorized, "invalid_client", 7000218).await;
    for missing in ["client_id", "scope", "grant_type"] {
        let form: Vec<_> = admin
            .iter()
            .filter(|(k, _)| *k != missing)
            .copied()
            .collect();
        let body = token_error(&emu, t, &form, bad, "invalid_request", 900144).await;
        assert!(
            body["error_description"]
                .as_str()
                .unwrap()
                .contains(&format!("parameter: '{missing}'."))
        );
    }
    let mut no_default = admin.clone();
    no_default[2] = ("scope", "https://graph.microsoft.com/User.Read.All");
    token_error(&emu, t, &no_default, bad, "invalid_scope", 1002012).await;
    // A resource the tenant has no service principal for: AADSTS500011, worded as Entra words
    // it (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
    let mut other_resource = admin.clone();
    other_resource[2] = ("scope", "https://api.unknown.example/.default");
    let body = token_error(&emu, t, &other_resource, bad, "invalid_resource", 500011).await;
    let description = body["error_description"].as_str().unwrap();
    assert!(
        description.starts_with(&format!(
            "AADSTS500011: The resource principal named https://api.unknown.example was not found in the tenant named {}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
            demo::TENANT_NAME
        )),
        "{description}"
    );
    let mut not_a_resource = admin.clone();
    not_a_resource[2] = ("scope", "not a resource/.default");
    token_error(&emu, t, &not_a_resource, bad, "invalid_scope", 70011).await;
    let mut password = admin.clone();
    password[3] = ("grant_type", "password");
    token_error(&emu, t, &password, bad, "unsupported_grant_type", 70003).await;
    assert_eq!(emu.request_count(), 0);
}
