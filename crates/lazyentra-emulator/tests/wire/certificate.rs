//! Certificate credentials at the token endpoint: a client assertion signed with a
//! registered certificate's key gets a token; a bad one gets Entra's AADSTS code
//! (<https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials>).

use aws_lc_rs::digest;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, RsaKeyPair};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use lazyentra_emulator::{Emulator, demo};
use reqwest::StatusCode;
use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, PrivatePkcs8KeyDer};
use serde_json::{Value, json};

use super::{graph_scope, json_of, start, token_response, token_url};

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const UNREGISTERED: &str = include_str!("unregistered_certificate.pem");

/// A certificate (for the thumbprint) and a key (for the signature), from PEM texts.
struct Signer {
    cert: Vec<u8>,
    key: RsaKeyPair,
}

impl Signer {
    fn new(cert_pem: &str, key_pem: &str) -> Signer {
        let cert = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
            .next()
            .unwrap()
            .unwrap()
            .to_vec();
        let key = PrivatePkcs8KeyDer::from_pem_slice(key_pem.as_bytes()).unwrap();
        let key = RsaKeyPair::from_pkcs8(key.secret_pkcs8_der()).unwrap();
        Signer { cert, key }
    }

    fn demo() -> Signer {
        Signer::new(demo::CERTIFICATE_PEM, demo::CERTIFICATE_PEM)
    }

    /// A PS256 assertion with `x5t#S256`, or RS256 with the older SHA-1 `x5t`.
    fn sign(&self, claims: &Value, rs256: bool) -> String {
        let header = if rs256 {
            let sha1 = digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, &self.cert);
            json!({"alg": "RS256", "typ": "JWT", "x5t": B64.encode(sha1)})
        } else {
            let sha256 = digest::digest(&digest::SHA256, &self.cert);
            json!({"alg": "PS256", "typ": "JWT", "x5t#S256": B64.encode(sha256)})
        };
        let input = format!(
            "{}.{}",
            B64.encode(header.to_string()),
            B64.encode(claims.to_string())
        );
        let padding: &dyn signature::RsaEncoding = if rs256 {
            &signature::RSA_PKCS1_SHA256
        } else {
            &signature::RSA_PSS_SHA256
        };
        let mut sig = vec![0; self.key.public_modulus_len()];
        self.key
            .sign(padding, &SystemRandom::new(), input.as_bytes(), &mut sig)
            .unwrap();
        format!("{input}.{}", B64.encode(sig))
    }
}

fn claims(aud: &str, offset_secs: i64) -> Value {
    let now = chrono::Utc::now().timestamp() + offset_secs;
    json!({
        "aud": aud,
        "iss": demo::ADMIN_CLIENT_ID,
        "sub": demo::ADMIN_CLIENT_ID,
        "jti": uuid::Uuid::new_v4().to_string(),
        "nbf": now,
        "iat": now,
        "exp": now + 600,
    })
}

async fn exchange(emu: &Emulator, assertion: &str) -> (StatusCode, Value) {
    let response = token_response(
        emu,
        demo::TENANT_ID,
        &[
            ("client_id", demo::ADMIN_CLIENT_ID),
            ("scope", graph_scope()),
            ("grant_type", "client_credentials"),
            ("client_assertion_type", JWT_BEARER),
            ("client_assertion", assertion),
        ],
    )
    .await;
    let status = response.status();
    (status, json_of(response).await)
}

async fn refused(emu: &Emulator, assertion: &str, code: u64) -> String {
    let (status, body) = exchange(emu, assertion).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["error"], "invalid_client", "{body}");
    assert_eq!(body["error_codes"], json!([code]), "{body}");
    body["error_description"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_registered_certificate_gets_a_token_with_ps256_or_rs256() {
    let emu = start(1).await;
    let aud = token_url(&emu, demo::TENANT_ID);
    for rs256 in [false, true] {
        let (status, body) = exchange(&emu, &Signer::demo().sign(&claims(&aud, 0), rs256)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["token_type"], "Bearer");
        assert!(body["access_token"].as_str().unwrap().starts_with("eyJ"));
    }
    // The audience may name the tenant by a verified domain when the request does too.
    let by_domain = token_url(&emu, demo::DOMAIN);
    let assertion = Signer::demo().sign(&claims(&by_domain, 0), false);
    let response = token_response(
        &emu,
        demo::DOMAIN,
        &[
            ("client_id", demo::ADMIN_CLIENT_ID),
            ("scope", graph_scope()),
            ("grant_type", "client_credentials"),
            ("client_assertion_type", JWT_BEARER),
            ("client_assertion", &assertion),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn bad_assertions_get_entras_codes() {
    let emu = start(1).await;
    let aud = token_url(&emu, demo::TENANT_ID);

    // The demo certificate's thumbprint, signed with another key.
    let wrong_key = Signer::new(demo::CERTIFICATE_PEM, UNREGISTERED);
    let text = refused(&emu, &wrong_key.sign(&claims(&aud, 0), false), 700027).await;
    assert!(text.contains("invalid signature"), "{text}");
    assert!(text.contains(demo::CERTIFICATE_THUMBPRINT), "{text}");

    // A certificate the app does not have.
    let unknown = Signer::new(UNREGISTERED, UNREGISTERED);
    let text = refused(&emu, &unknown.sign(&claims(&aud, 0), false), 700027).await;
    assert!(text.contains("The key was not found"), "{text}");

    // Expired an hour ago (well past the clock skew allowed), and not valid until tomorrow.
    let text = refused(
        &emu,
        &Signer::demo().sign(&claims(&aud, -4000), false),
        700024,
    )
    .await;
    assert!(text.contains("not within its valid time range"), "{text}");
    refused(
        &emu,
        &Signer::demo().sign(&claims(&aud, 86_400), false),
        700024,
    )
    .await;

    // Another cloud's, or another tenant's, token endpoint.
    let global = format!(
        "https://login.microsoftonline.com/{}/oauth2/v2.0/token",
        demo::TENANT_ID
    );
    let text = refused(
        &emu,
        &Signer::demo().sign(&claims(&global, 0), false),
        700023,
    )
    .await;
    assert!(text.contains("audience"), "{text}");
    let other_tenant = token_url(&emu, "contoso.com");
    refused(
        &emu,
        &Signer::demo().sign(&claims(&other_tenant, 0), false),
        700023,
    )
    .await;

    // Issuer and subject must be the client id.
    let mut wrong_sub = claims(&aud, 0);
    wrong_sub["sub"] = json!(demo::READER_CLIENT_ID);
    refused(&emu, &Signer::demo().sign(&wrong_sub, false), 700021).await;

    // Not a JWT at all.
    let (status, body) = exchange(&emu, "not-a-jwt").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_codes"], json!([50027]));
}

#[tokio::test]
async fn the_assertion_type_is_required() {
    let emu = start(1).await;
    let aud = token_url(&emu, demo::TENANT_ID);
    let assertion = Signer::demo().sign(&claims(&aud, 0), false);
    let response = token_response(
        &emu,
        demo::TENANT_ID,
        &[
            ("client_id", demo::ADMIN_CLIENT_ID),
            ("scope", graph_scope()),
            ("grant_type", "client_credentials"),
            ("client_assertion", &assertion),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body = json_of(response).await;
    assert_eq!(body["error_codes"], json!([900144]), "{body}");
}
