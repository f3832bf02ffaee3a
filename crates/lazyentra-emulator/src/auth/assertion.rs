//! Certificate credentials: the signed client assertion (`client_assertion_type =
//! urn:ietf:params:oauth:client-assertion-type:jwt-bearer`) an app sends instead of a secret
//! (<https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials>).
//!
//! Checked in Entra's order: the key (by thumbprint, `x5t#S256` or the older `x5t`) must be
//! one registered on the app and must have made the signature (PS256 or RS256); then the
//! subject and issuer, the audience and the time range. The AADSTS codes and messages:
//! - 700027 "Client assertion failed signature validation." and the Azure SDK's "Client
//!   assertion contains an invalid signature." for an unknown key or a bad signature
//!   (<https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes>,
//!   <https://learn.microsoft.com/en-us/azure/developer/java/sdk/troubleshooting-authentication-service-principal>);
//!   the bracketed reasons follow what Entra sends (observed, not in the docs);
//! - 700021 (`iss`/`sub` not the client id) and 700023 (audience not the token endpoint),
//!   from the same Azure SDK troubleshooting page;
//! - 700024 "Client assertion is not within its valid time range."
//!   (<https://login.microsoftonline.com/error?code=700024>);
//! - 50027 for an assertion that is not a JWT (reference-error-codes: `InvalidJwtToken`).

use std::fmt::Write as _;

use aws_lc_rs::digest;
use aws_lc_rs::signature::{self, UnparsedPublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chrono::{DateTime, Utc};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject as _;
use serde::Deserialize;

use super::token_error::TokenError;
use crate::seed::demo::App;

/// The only `client_assertion_type` Entra accepts.
pub(crate) const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How far `nbf` may lie in the future and `exp` in the past: clocks drift.
const SKEW_SECS: i64 = 300;

#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    alg: String,
    #[serde(rename = "x5t#S256")]
    x5t_s256: Option<String>,
    x5t: Option<String>,
}

#[derive(Deserialize)]
struct Claims {
    #[serde(default)]
    aud: String,
    #[serde(default)]
    iss: String,
    #[serde(default)]
    sub: String,
    nbf: Option<i64>,
    exp: Option<i64>,
}

/// One certificate registered on an app.
pub(crate) struct Registered {
    der: Vec<u8>,
    sha1: Vec<u8>,
    sha256: Vec<u8>,
}

impl Registered {
    /// The first certificate in a PEM text.
    pub(crate) fn from_pem(pem: &str) -> Option<Registered> {
        let der = CertificateDer::pem_slice_iter(pem.as_bytes())
            .next()?
            .ok()?
            .to_vec();
        Some(Registered {
            sha1: digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, &der)
                .as_ref()
                .to_vec(),
            sha256: digest::digest(&digest::SHA256, &der).as_ref().to_vec(),
            der,
        })
    }

    /// The SHA-1 thumbprint in upper-case hex, as the Entra admin center shows it.
    pub(crate) fn thumbprint(&self) -> String {
        hex(&self.sha1)
    }

    fn public_key(&self) -> Option<Vec<u8>> {
        let der = CertificateDer::from(self.der.as_slice());
        let cert = webpki::EndEntityCert::try_from(&der).ok()?;
        Some(cert.subject_public_key_info().as_ref().to_vec())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02X}");
        out
    })
}

fn invalid_client(code: u32, message: String) -> TokenError {
    TokenError::new(401, "invalid_client", code, message)
}

/// Checks `assertion` for `app`; `token_urls` are the addresses this request could have
/// been sent to (the audience must be one of them).
pub(crate) fn check(
    app: &App,
    assertion_type: Option<&str>,
    assertion: &str,
    token_urls: &[String],
    now: DateTime<Utc>,
) -> Result<(), TokenError> {
    match assertion_type {
        Some(JWT_BEARER) => {}
        Some(other) => {
            return Err(TokenError::new(
                400,
                "invalid_request",
                50027,
                format!("Invalid client assertion type '{other}': use '{JWT_BEARER}'."),
            ));
        }
        None => return Err(TokenError::missing("client_assertion_type")),
    }
    let malformed = || {
        TokenError::new(
            400,
            "invalid_request",
            50027,
            "JWT token is invalid or malformed.".to_owned(),
        )
    };
    let mut parts = assertion.split('.');
    let (Some(head), Some(body), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed());
    };
    let header: Header = decode(head).ok_or_else(malformed)?;
    let claims: Claims = decode(body).ok_or_else(malformed)?;
    let signature_bytes = B64.decode(sig).map_err(|_| malformed())?;

    let signed = &assertion[..head.len() + 1 + body.len()];
    verify_signature(app, &header, signed, &signature_bytes)?;
    if claims.iss != app.client_id || claims.sub != app.client_id {
        return Err(invalid_client(
            700021,
            "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials.".to_owned(),
        ));
    }
    let aud = claims.aud.trim_end_matches('/');
    if !token_urls.iter().any(|u| u.eq_ignore_ascii_case(aud)) {
        return Err(invalid_client(
            700023,
            "Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials.".to_owned(),
        ));
    }
    let now_secs = now.timestamp();
    let (Some(nbf), Some(exp)) = (claims.nbf, claims.exp) else {
        return Err(malformed());
    };
    if nbf - SKEW_SECS > now_secs || exp + SKEW_SECS <= now_secs {
        let show = |t: i64| {
            DateTime::from_timestamp(t, 0)
                .map(|d| d.format("%m/%d/%Y %H:%M:%S").to_string())
                .unwrap_or_default()
        };
        return Err(invalid_client(
            700024,
            format!(
                "Client assertion is not within its valid time range. Current time: {}, assertion valid from {}, expiry time of assertion {}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials.",
                now.format("%Y-%m-%dT%H:%M:%S%.6fZ"),
                show(nbf),
                show(exp)
            ),
        ));
    }
    Ok(())
}

/// The key named by the header's thumbprint must be registered on `app` and have signed
/// `signed`.
fn verify_signature(
    app: &App,
    header: &Header,
    signed: &str,
    signature: &[u8],
) -> Result<(), TokenError> {
    let registered: Vec<Registered> = app
        .certificates
        .iter()
        .filter_map(|pem| Registered::from_pem(pem))
        .collect();
    let by_s256 = header.x5t_s256.as_deref().and_then(|t| B64.decode(t).ok());
    let by_sha1 = header.x5t.as_deref().and_then(|t| B64.decode(t).ok());
    let client_thumbprint = by_sha1
        .as_deref()
        .or(by_s256.as_deref())
        .map(hex)
        .unwrap_or_default();
    let key = registered.iter().find(|r| {
        by_s256.as_deref() == Some(r.sha256.as_slice())
            || by_sha1.as_deref() == Some(r.sha1.as_slice())
    });
    let Some(key) = key else {
        return Err(invalid_client(
            700027,
            format!(
                "Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '{client_thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{}'.]",
                app.client_id
            ),
        ));
    };
    let algorithm: &dyn signature::VerificationAlgorithm = match header.alg.as_str() {
        "PS256" => &signature::RSA_PSS_2048_8192_SHA256,
        "RS256" => &signature::RSA_PKCS1_2048_8192_SHA256,
        _ => {
            return Err(invalid_client(
                700027,
                "Client assertion failed signature validation.".to_owned(),
            ));
        }
    };
    let verified = key.public_key().is_some_and(|spki| {
        UnparsedPublicKey::new(algorithm, spki)
            .verify(signed.as_bytes(), signature)
            .is_ok()
    });
    if !verified {
        return Err(invalid_client(
            700027,
            format!(
                "Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '{}']",
                key.thumbprint()
            ),
        ));
    }
    Ok(())
}

fn decode<T: for<'de> Deserialize<'de>>(part: &str) -> Option<T> {
    let bytes = B64.decode(part.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::demo;

    #[test]
    fn the_demo_certificate_parses_and_has_its_thumbprint() {
        let cert = Registered::from_pem(demo::CERTIFICATE_PEM).unwrap();
        assert_eq!(cert.thumbprint(), demo::CERTIFICATE_THUMBPRINT);
        assert!(cert.public_key().is_some());
    }
}
