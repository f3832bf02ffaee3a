//! Access tokens: JWT-shaped like Entra's v1 app-only tokens, signed with a per-process key so
//! Graph can refuse forged or altered ones without remembering every token it issued.
//!
//! The "signature" is a keyed `SipHash` (std's `RandomState` draws random keys per process):
//! not RS256, but nobody outside this process can produce a valid one, which is all the
//! emulator needs. `expire_tokens` works through a serial in `uti`: tokens issued before the
//! cut-off count as expired.

use std::hash::BuildHasher;
use std::hash::RandomState;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::seed::demo::App;

/// The `aud` of tokens for Microsoft Graph.
pub(crate) const GRAPH_AUDIENCE: &str = "https://graph.microsoft.com";
/// Microsoft Graph's application id, also accepted as a scope resource.
pub(crate) const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

const KEY_ID: &str = "lzEmulatorSigningKey0";

pub(crate) struct TokenKeys {
    key: RandomState,
    issued: AtomicU64,
    /// Tokens with a serial below this are expired (`Emulator::expire_tokens`).
    expired_below: AtomicU64,
}

#[derive(Serialize, Deserialize)]
struct Header<'a> {
    typ: &'a str,
    alg: &'a str,
    x5t: &'a str,
    kid: &'a str,
}

/// The claims Graph and the client read. Field names are the wire names.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Claims {
    pub aud: String,
    pub iss: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub app_displayname: String,
    pub appid: String,
    pub appidacr: String,
    pub idp: String,
    pub idtyp: String,
    pub oid: String,
    pub roles: Vec<String>,
    pub sub: String,
    pub tid: String,
    pub uti: String,
    pub ver: String,
    pub wids: Vec<String>,
}

/// Why a bearer token was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not three base64url parts with JSON inside.
    Malformed,
    /// Well-formed, but not signed by this emulator.
    BadSignature,
    Expired,
}

impl Default for TokenKeys {
    fn default() -> Self {
        TokenKeys {
            key: RandomState::new(),
            issued: AtomicU64::new(0),
            expired_below: AtomicU64::new(0),
        }
    }
}

/// The `exp` claim of a token issued at `now` for `lifetime`: whole seconds, rounded down.
pub(crate) fn expiry(now: DateTime<Utc>, lifetime: Duration) -> i64 {
    let lifetime_ms = i64::try_from(lifetime.as_millis()).unwrap_or(i64::MAX / 2);
    now.timestamp_millis().saturating_add(lifetime_ms) / 1000
}

/// The whole seconds left at `now` before `exp`: the token response's `expires_in`. Rounded
/// down, so a client that trusts it never holds a token Graph already refuses.
pub(crate) fn seconds_left(exp: i64, now: DateTime<Utc>) -> u64 {
    let left_ms = exp
        .saturating_mul(1000)
        .saturating_sub(now.timestamp_millis());
    u64::try_from(left_ms / 1000).unwrap_or(0)
}

impl TokenKeys {
    /// A signed token for `app` of the tenant `tenant_id`, valid for `lifetime` from `now`,
    /// for `audience`.
    pub(crate) fn mint(
        &self,
        tenant_id: &str,
        app: &App,
        audience: &str,
        now: DateTime<Utc>,
        lifetime: Duration,
    ) -> String {
        let serial = self.issued.fetch_add(1, Ordering::SeqCst);
        let iat = now.timestamp();
        let exp = expiry(now, lifetime);
        let issuer = format!("https://sts.windows.net/{tenant_id}/");
        let claims = Claims {
            aud: audience.to_owned(),
            iss: issuer.clone(),
            iat,
            nbf: iat,
            exp,
            app_displayname: app.display_name.to_owned(),
            appid: app.client_id.to_owned(),
            appidacr: "1".to_owned(),
            idp: issuer,
            idtyp: "app".to_owned(),
            oid: app.object_id.to_owned(),
            roles: app.roles.iter().map(|r| (*r).to_owned()).collect(),
            sub: app.object_id.to_owned(),
            tid: tenant_id.to_owned(),
            uti: encode_serial(serial),
            ver: "1.0".to_owned(),
            wids: app.wids.iter().map(|r| (*r).to_owned()).collect(),
        };
        let header = Header {
            typ: "JWT",
            alg: "RS256",
            x5t: KEY_ID,
            kid: KEY_ID,
        };
        let signing_input = format!(
            "{}.{}",
            B64.encode(serde_json::to_vec(&header).unwrap_or_default()),
            B64.encode(serde_json::to_vec(&claims).unwrap_or_default())
        );
        let signature = self.sign(&signing_input);
        format!("{signing_input}.{signature}")
    }

    /// The claims of a token this process issued and that has not expired at `now`.
    pub(crate) fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Claims, Refusal> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Refusal::Malformed);
        };
        let claims: Claims = B64
            .decode(payload)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or(Refusal::Malformed)?;
        B64.decode(header)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
            .ok_or(Refusal::Malformed)?;
        let signing_input = &token[..header.len() + 1 + payload.len()];
        if self.sign(signing_input) != signature {
            return Err(Refusal::BadSignature);
        }
        let serial = decode_serial(&claims.uti).ok_or(Refusal::BadSignature)?;
        if serial < self.expired_below.load(Ordering::SeqCst)
            || now.timestamp_millis() >= claims.exp.saturating_mul(1000)
        {
            return Err(Refusal::Expired);
        }
        Ok(claims)
    }

    /// Every token issued so far is expired from now on.
    pub(crate) fn expire_all(&self) {
        let issued = self.issued.load(Ordering::SeqCst);
        self.expired_below.fetch_max(issued, Ordering::SeqCst);
    }

    fn sign(&self, signing_input: &str) -> String {
        let mut bytes = Vec::with_capacity(32);
        for lane in 0u8..4 {
            bytes.extend_from_slice(&self.key.hash_one((lane, signing_input)).to_le_bytes());
        }
        B64.encode(bytes)
    }
}

/// The `tid` claim of a bearer token, read without checking anything: it only says which
/// tenant's Graph should look at the token, and that one verifies it.
pub(crate) fn peek_tenant(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let bytes = B64.decode(payload).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value.get("tid")?.as_str().map(str::to_owned)
}

/// `uti` carries the issue serial, padded so it looks like Entra's 22-character value.
fn encode_serial(serial: u64) -> String {
    let mut bytes = serial.to_be_bytes().to_vec();
    bytes.extend_from_slice(&[0x5a; 8]);
    B64.encode(bytes)
}

fn decode_serial(uti: &str) -> Option<u64> {
    let bytes = B64.decode(uti).ok()?;
    let head: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    Some(u64::from_be_bytes(head))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::demo;

    fn admin() -> &'static App {
        demo::app(demo::ADMIN_CLIENT_ID).unwrap()
    }

    #[test]
    fn issued_tokens_verify_and_carry_claims() {
        let keys = TokenKeys::default();
        let now = Utc::now();
        let token = keys.mint(
            demo::TENANT_ID,
            admin(),
            GRAPH_AUDIENCE,
            now,
            Duration::from_secs(3599),
        );
        let claims = keys.verify(&token, now).unwrap();
        assert_eq!(
            claims.roles,
            [
                "User.ReadWrite.All",
                "Directory.Read.All",
                "AuditLog.Read.All",
                "Domain.Read.All"
            ]
        );
        assert_eq!(claims.idtyp, "app");
        assert_eq!(claims.exp - claims.iat, 3599);
        assert_eq!(
            claims.iss,
            format!("https://sts.windows.net/{}/", demo::TENANT_ID)
        );
    }

    #[test]
    fn altered_or_foreign_tokens_are_refused() {
        let keys = TokenKeys::default();
        let now = Utc::now();
        let token = keys.mint(
            demo::TENANT_ID,
            admin(),
            GRAPH_AUDIENCE,
            now,
            Duration::from_secs(60),
        );
        let mut parts: Vec<&str> = token.split('.').collect();
        let forged_claims = B64.encode(
            String::from_utf8(B64.decode(parts[1]).unwrap())
                .unwrap()
                .replace("User.ReadWrite.All", "Directory.ReadWrite.All"),
        );
        parts[1] = &forged_claims;
        assert_eq!(
            keys.verify(&parts.join("."), now).unwrap_err(),
            Refusal::BadSignature
        );
        let other = TokenKeys::default();
        assert_eq!(
            other.verify(&token, now).unwrap_err(),
            Refusal::BadSignature
        );
        assert_eq!(
            keys.verify("not-a-jwt", now).unwrap_err(),
            Refusal::Malformed
        );
    }

    #[test]
    fn tokens_expire_by_time_and_on_demand() {
        let keys = TokenKeys::default();
        let now = Utc::now();
        let token = keys.mint(
            demo::TENANT_ID,
            admin(),
            GRAPH_AUDIENCE,
            now,
            Duration::from_secs(10),
        );
        let later = now + chrono::Duration::seconds(11);
        assert_eq!(keys.verify(&token, later).unwrap_err(), Refusal::Expired);
        keys.expire_all();
        assert_eq!(keys.verify(&token, now).unwrap_err(), Refusal::Expired);
        let fresh = keys.mint(
            demo::TENANT_ID,
            admin(),
            GRAPH_AUDIENCE,
            now,
            Duration::from_secs(10),
        );
        assert!(keys.verify(&fresh, now).is_ok());
    }

    #[test]
    fn expires_in_never_outlasts_the_token() {
        let now = DateTime::from_timestamp_millis(1_700_000_000_600).unwrap();
        let exp = expiry(now, Duration::from_secs(2));
        assert_eq!(exp, 1_700_000_002);
        // 1.4 s are really left: say 1, not 2.
        assert_eq!(seconds_left(exp, now), 1);
        let whole = DateTime::from_timestamp_millis(1_700_000_000_000).unwrap();
        assert_eq!(
            seconds_left(expiry(whole, Duration::from_secs(3599)), whole),
            3599
        );
        assert_eq!(seconds_left(expiry(now, Duration::ZERO), now), 0);
    }
}
