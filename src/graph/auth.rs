//! App-only sign-in: the OAuth 2.0 client-credentials grant against the Microsoft identity
//! platform, with a secret or a certificate's signed assertion, the token's lifetime, and the
//! permissions it carries.

use std::time::{Duration, Instant};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::certificate::Credential;
use super::certificate::JWT_BEARER;
use super::error::{AuthError, AuthFailure, GraphError, transport_error};

/// The application permissions (the token's `roles` claim) and what they allow.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Permissions {
    pub roles: Vec<String>,
}

/// Roles that allow every user write.
const FULL_WRITE: &[&str] = &["User.ReadWrite.All", "Directory.ReadWrite.All"];

impl Permissions {
    fn has_any(&self, roles: &[&str]) -> bool {
        self.roles.iter().any(|r| roles.contains(&r.as_str()))
    }

    pub fn can_read(&self) -> bool {
        self.can_update()
            || self.has_any(&["User.Read.All", "Directory.Read.All", "User.ReadBasic.All"])
    }

    pub fn can_create(&self) -> bool {
        self.has_any(FULL_WRITE) || self.has_any(&["User.Create"])
    }

    pub fn can_update(&self) -> bool {
        self.has_any(FULL_WRITE) || self.has_any(&["User.ReadUpdate.All"])
    }

    pub fn can_delete(&self) -> bool {
        self.has_any(FULL_WRITE) || self.has_any(&["User.DeleteRestore.All"])
    }

    /// Blocking and unblocking sign-in (`accountEnabled`).
    pub fn can_block(&self) -> bool {
        self.has_any(FULL_WRITE) || self.has_any(&["User.EnableDisableAccount.All"])
    }

    pub fn can_revoke_sessions(&self) -> bool {
        self.has_any(FULL_WRITE) || self.has_any(&["User.RevokeSessions.All"])
    }

    /// Writing `passwordProfile`. Graph also wants an Entra role on the app (User
    /// Administrator, or higher for admins), which the token's `roles` do not show: a reset
    /// this allows may still be refused with 403.
    pub fn can_reset_password(&self) -> bool {
        self.has_any(FULL_WRITE) || self.has_any(&["User-PasswordProfile.ReadWrite.All"])
    }

    /// `signInActivity` needs `AuditLog.Read.All` too; no `User.*` or `Directory.*`
    /// permission includes it (microsoft-graph-docs-contrib#3196).
    pub fn can_read_sign_ins(&self) -> bool {
        self.has_any(&["AuditLog.Read.All"])
    }

    /// Setting or removing a manager (`manager/$ref`): `User.ReadWrite.All` is the least
    /// privileged application permission (`User.ReadUpdate.All` is not enough).
    pub fn can_write_manager(&self) -> bool {
        self.has_any(FULL_WRITE)
    }

    /// Listing the tenant's domains (`GET /domains`), for the UPN's domain.
    pub fn can_read_domains(&self) -> bool {
        self.has_any(&[
            "Domain.Read.All",
            "Domain.ReadWrite.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
        ])
    }

    /// Reading the tenant's `organization` (its display name, for the header):
    /// `Organization.Read.All` or a directory permission
    /// (<https://learn.microsoft.com/en-us/graph/api/organization-list>).
    pub fn can_read_organization(&self) -> bool {
        self.has_any(&[
            "Organization.Read.All",
            "Organization.ReadWrite.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
        ])
    }

    /// The permission to ask an admin for when a write is not allowed.
    pub const WRITE_PERMISSION: &'static str = "User.ReadWrite.All";
}

/// What the token says about this sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenInfo {
    /// `tid`: the tenant the token was issued for.
    pub tenant_id: Option<String>,
    /// `appid`: the client id.
    pub app_id: Option<String>,
    /// `app_displayname`, when the token carries it.
    pub app_name: Option<String>,
    pub permissions: Permissions,
    pub expires_at: DateTime<Utc>,
}

/// A live access token. The bearer value is a secret: never printed.
pub(super) struct CachedToken {
    pub(super) bearer: SecretString,
    /// Renew it in the background from this instant on, a little before it expires.
    pub(super) refresh_at: Instant,
    /// Graph refuses it from about this instant on. Counted from before the token was
    /// requested, so never later than the real expiry.
    pub(super) expires_at: Instant,
    pub(super) info: TokenInfo,
}

impl CachedToken {
    /// Graph still accepts it at `now`.
    pub(super) fn is_valid(&self, now: Instant) -> bool {
        now < self.expires_at
    }

    /// It is time to renew it.
    pub(super) fn is_due(&self, now: Instant) -> bool {
        now >= self.refresh_at
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: u64,
}

#[derive(Deserialize, Default)]
struct TokenErrorBody {
    #[serde(default)]
    error: String,
    #[serde(default)]
    error_description: String,
    #[serde(default)]
    error_codes: Vec<u32>,
    trace_id: Option<String>,
    correlation_id: Option<String>,
}

#[derive(Deserialize, Default)]
struct Claims {
    tid: Option<String>,
    appid: Option<String>,
    app_displayname: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
}

/// How long before expiry a token is renewed: five minutes or a tenth of its lifetime,
/// whichever is less, so a one-hour token is renewed at 55 minutes.
fn refresh_margin(lifetime: Duration) -> Duration {
    (lifetime / 10).min(Duration::from_secs(300))
}

/// Requests a token with the client-credentials grant.
pub(super) async fn request_token(
    http: &reqwest::Client,
    token_url: &str,
    client_id: &str,
    credential: &Credential,
    scope: &str,
    timeout: Duration,
) -> Result<CachedToken, GraphError> {
    let mut form = vec![
        ("client_id", client_id),
        ("scope", scope),
        ("grant_type", "client_credentials"),
    ];
    let assertion;
    match credential {
        Credential::Secret(secret) => form.push(("client_secret", secret.expose_secret())),
        Credential::Certificate(certificate) => {
            // The audience is the token endpoint itself.
            assertion = certificate
                .assertion(client_id, token_url, Utc::now().timestamp())
                .ok_or_else(|| {
                    GraphError::Internal("cannot sign the client assertion".to_owned())
                })?;
            form.push(("client_assertion_type", JWT_BEARER));
            form.push(("client_assertion", &assertion));
        }
    }
    let requested_at = Instant::now();
    let response = http
        .post(token_url)
        .form(&form)
        .send()
        .await
        .map_err(|e| transport_error(token_url, &e, timeout))?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| transport_error(token_url, &e, timeout))?;
    if !status.is_success() {
        return Err(token_error(status.as_u16(), &body, token_url));
    }
    let token: TokenResponse = serde_json::from_slice(&body).map_err(|e| GraphError::Decode {
        url: token_url.to_owned(),
        reason: format!("token response: {e}"),
    })?;
    let lifetime = Duration::from_secs(token.expires_in);
    let claims = decode_claims(&token.access_token);
    let info = TokenInfo {
        tenant_id: claims.tid,
        app_id: claims.appid,
        app_name: claims.app_displayname,
        permissions: Permissions {
            roles: claims.roles,
        },
        expires_at: Utc::now()
            + chrono::Duration::from_std(lifetime).unwrap_or(chrono::Duration::zero()),
    };
    Ok(CachedToken {
        bearer: SecretString::from(token.access_token),
        refresh_at: requested_at + lifetime.saturating_sub(refresh_margin(lifetime)),
        expires_at: requested_at + lifetime,
        info,
    })
}

fn token_error(status: u16, body: &[u8], url: &str) -> GraphError {
    let Ok(parsed) = serde_json::from_slice::<TokenErrorBody>(body) else {
        return GraphError::Decode {
            url: url.to_owned(),
            reason: format!("HTTP {status} with a body that is not an OAuth error"),
        };
    };
    let aadsts = parsed.error_codes.first().copied();
    // The description carries trace, correlation id and timestamp on further lines.
    let description = parsed
        .error_description
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    GraphError::Auth(Box::new(AuthError {
        failure: AuthFailure::from_aadsts(aadsts),
        status,
        error: parsed.error,
        aadsts,
        description,
        trace_id: parsed.trace_id,
        correlation_id: parsed.correlation_id,
    }))
}

/// Reads the claims of a JWT access token. The signature is not checked: the token comes
/// straight from the token endpoint over TLS, and Graph validates it on every call.
fn decode_claims(token: &str) -> Claims {
    let Some(payload) = token.split('.').nth(1) else {
        return Claims::default();
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_read_from_the_payload() {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(r#"{"tid":"t","appid":"a","roles":["User.Read.All"]}"#);
        let claims = decode_claims(&format!("eyJhbGciOiJub25lIn0.{payload}.sig"));
        assert_eq!(claims.tid.as_deref(), Some("t"));
        assert_eq!(claims.roles, vec!["User.Read.All".to_owned()]);
        assert!(decode_claims("garbage").roles.is_empty());
    }

    #[test]
    fn read_only_permissions() {
        let p = Permissions {
            roles: vec!["User.Read.All".into()],
        };
        assert!(p.can_read());
        assert!(!p.can_create() && !p.can_update() && !p.can_delete());
        let p = Permissions {
            roles: vec!["User.ReadWrite.All".into()],
        };
        assert!(p.can_read() && p.can_create() && p.can_update() && p.can_delete());
        assert!(p.can_reset_password());
        let p = Permissions {
            roles: vec![
                "User.Read.All".into(),
                "User-PasswordProfile.ReadWrite.All".into(),
            ],
        };
        assert!(p.can_reset_password() && !p.can_update());
    }

    #[test]
    fn token_errors_are_classified() {
        let body = br#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x\r\nCorrelation ID: y","error_codes":[7000215],"correlation_id":"y"}"#;
        let GraphError::Auth(e) = token_error(401, body, "u") else {
            panic!("not an auth error");
        };
        assert_eq!(e.failure, AuthFailure::InvalidSecret);
        assert_eq!(
            e.description,
            "AADSTS7000215: Invalid client secret provided."
        );
    }

    #[test]
    fn certificate_refusals_are_classified() {
        for (code, failure) in [
            (700_027, AuthFailure::CertificateRejected),
            (700_024, AuthFailure::AssertionTime),
            (700_023, AuthFailure::AssertionAudience),
            (700_021, AuthFailure::AssertionClient),
        ] {
            let body = format!(
                r#"{{"error":"invalid_client","error_description":"AADSTS{code}: x","error_codes":[{code}]}}"#
            );
            let GraphError::Auth(e) = token_error(401, body.as_bytes(), "u") else {
                panic!("not an auth error");
            };
            assert_eq!(e.failure, failure);
        }
        let line = GraphError::Auth(Box::new(AuthError {
            failure: AuthFailure::AssertionTime,
            status: 401,
            error: "invalid_client".into(),
            aadsts: Some(700_024),
            description: "AADSTS700024: Client assertion is not within its valid time range."
                .into(),
            trace_id: None,
            correlation_id: None,
        }))
        .to_string();
        assert!(line.contains("clock"), "{line}");
    }

    #[test]
    fn refresh_margin_is_bounded() {
        assert_eq!(
            refresh_margin(Duration::from_secs(3599)),
            Duration::from_secs(300)
        );
        assert_eq!(
            refresh_margin(Duration::from_secs(2000)),
            Duration::from_secs(200)
        );
        assert_eq!(
            refresh_margin(Duration::from_secs(8)),
            Duration::from_millis(800)
        );
    }
}
