//! The client-credentials token endpoint, `POST /{tenant}/oauth2/v2.0/token`
//! (<https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow>),
//! with Entra's AADSTS error bodies
//! (<https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes>).

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Response, StatusCode, header};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::auth::assertion;
use crate::auth::jwt::{self, GRAPH_APP_ID, GRAPH_AUDIENCE};
use crate::auth::token_error::TokenError;
use crate::directory::state::Shared;
use crate::http::response::with_body;
use crate::seed::demo::{App, Tenant};

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    error_description: String,
    error_codes: [u32; 1],
    timestamp: &'a str,
    trace_id: &'a str,
    correlation_id: &'a str,
    error_uri: String,
}

#[derive(Serialize)]
struct Success<'a> {
    token_type: &'a str,
    expires_in: u64,
    ext_expires_in: u64,
    access_token: String,
}

/// Answers one token request.
pub(crate) fn handle(
    shared: &Shared,
    method: &Method,
    tenant: &str,
    headers: &HeaderMap,
    body: &[u8],
    now: DateTime<Utc>,
) -> Response<Body> {
    let correlation_id = headers
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    let result = if method == Method::POST {
        issue(shared, tenant, headers, body, now)
    } else {
        Err(TokenError::new(
            400,
            "invalid_request",
            900561,
            format!(
                "The endpoint only accepts POST, OPTIONS requests. Received a {method} request."
            ),
        ))
    };
    let mut response = match result {
        Ok(body) => json_response(StatusCode::OK, &body),
        Err(e) => error_response(&e, &correlation_id, now),
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, no-cache"),
    );
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

fn json_response(status: StatusCode, body: &impl Serialize) -> Response<Body> {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    with_body(status, "application/json; charset=utf-8", bytes)
}

fn error_response(e: &TokenError, correlation_id: &str, now: DateTime<Utc>) -> Response<Body> {
    let trace_id = uuid::Uuid::new_v4().to_string();
    let timestamp = now.format("%Y-%m-%d %H:%M:%SZ").to_string();
    let body = ErrorBody {
        error: e.error,
        error_description: format!(
            "AADSTS{}: {}\r\nTrace ID: {trace_id}\r\nCorrelation ID: {correlation_id}\r\nTimestamp: {timestamp}",
            e.code, e.message
        ),
        error_codes: [e.code],
        timestamp: &timestamp,
        trace_id: &trace_id,
        correlation_id,
        error_uri: format!("https://login.microsoftonline.com/error?code={}", e.code),
    };
    json_response(e.status, &body)
}

fn issue(
    shared: &Shared,
    tenant: &str,
    headers: &HeaderMap,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<Success<'static>, TokenError> {
    check_tenant(shared.tenant, tenant)?;
    let mut form: HashMap<String, String> = HashMap::new();
    for (key, value) in url::form_urlencoded::parse(body).into_owned() {
        form.entry(key).or_insert(value); // the first occurrence wins
    }
    let (basic_id, basic_secret) = basic_credentials(headers).unzip();
    let param = |name: &str| form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());

    let grant_type = param("grant_type").ok_or_else(|| TokenError::missing("grant_type"))?;
    if grant_type != "client_credentials" {
        return Err(TokenError::new(
            400,
            "unsupported_grant_type",
            70003,
            format!("The app requested an unsupported grant type '{grant_type}'."),
        ));
    }
    let client_id = param("client_id")
        .map(str::to_owned)
        .or(basic_id)
        .ok_or_else(|| TokenError::missing("client_id"))?;
    let scope = param("scope").ok_or_else(|| TokenError::missing("scope"))?;
    let audience = check_scope(shared, scope)?;

    // Apps are registered in one tenant: another tenant's app is not found in this directory.
    let Some(app) = shared.tenant.app(&client_id) else {
        return Err(TokenError::new(
            400,
            "unauthorized_client",
            700016,
            format!(
                "Application with identifier '{client_id}' was not found in the directory '{}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
                shared.tenant.name
            ),
        ));
    };
    if shared.faults().refuse_tokens {
        return Err(expired_secret(app));
    }
    let secret = param("client_secret").map(str::to_owned).or(basic_secret);
    let Some(secret) = secret else {
        if let Some(signed) = param("client_assertion") {
            let urls = token_urls(shared, tenant);
            let kind = param("client_assertion_type");
            assertion::check(app, kind, signed, &urls, now)?;
            return Ok(issued(shared, app, &audience, now));
        }
        return Err(TokenError::new(
            401,
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.".to_owned(),
        ));
    };
    if app.secret_expired {
        return Err(expired_secret(app));
    }
    if secret != app.secret {
        return Err(TokenError::new(
            401,
            "invalid_client",
            7000215,
            format!(
                "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{}'.",
                app.client_id
            ),
        ));
    }
    Ok(issued(shared, app, &audience, now))
}

/// AADSTS7000222, as Entra words it.
fn expired_secret(app: &App) -> TokenError {
    TokenError::new(
        401,
        "invalid_client",
        7000222,
        format!(
            "The provided client secret keys for app '{}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.",
            app.client_id
        ),
    )
}

fn issued(shared: &Shared, app: &App, audience: &str, now: DateTime<Utc>) -> Success<'static> {
    let lifetime = shared.options.token_lifetime;
    // `exp` is in whole seconds, so the token may live a fraction of a second less than
    // `lifetime`: `expires_in` says what is really left, as Entra's does.
    let expires_in = jwt::seconds_left(jwt::expiry(now, lifetime), now);
    Success {
        token_type: "Bearer",
        expires_in,
        ext_expires_in: expires_in,
        access_token: shared
            .tokens
            .mint(shared.tenant.id, app, audience, now, lifetime),
    }
}

/// `{base}{tenant}/oauth2/v2.0/token` for the tenant as named in the request and by its id:
/// the audiences a client assertion may carry.
fn token_urls(shared: &Shared, tenant: &str) -> Vec<String> {
    let base = shared.base_url.as_str();
    let localhost = base.replace("127.0.0.1", "localhost");
    [tenant, shared.tenant.id]
        .iter()
        .flat_map(|t| [base, localhost.as_str()].map(|b| format!("{b}{t}/oauth2/v2.0/token")))
        .collect()
}

/// The tenant segment must be `this` tenant's id or one of its verified domains (the server
/// hands a token request to the tenant it names; an unknown one comes to the default tenant).
fn check_tenant(this: &Tenant, tenant: &str) -> Result<(), TokenError> {
    if ["common", "consumers", "organizations"]
        .iter()
        .any(|t| t.eq_ignore_ascii_case(tenant))
    {
        return Err(TokenError::new(
            400,
            "invalid_request",
            9001023,
            "The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.".to_owned(),
        ));
    }
    if this.is_named(tenant) {
        return Ok(());
    }
    if uuid::Uuid::parse_str(tenant).is_ok() || is_dns_name(tenant) {
        return Err(TokenError::new(
            400,
            "invalid_tenant",
            90002,
            format!(
                "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant."
            ),
        ));
    }
    Err(TokenError::new(
        400,
        "invalid_request",
        900023,
        format!(
            "Specified tenant identifier '{tenant}' is neither a valid DNS name, nor a valid external domain."
        ),
    ))
}

fn is_dns_name(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Checks a client-credentials scope (`{resource}/.default`) and returns the token audience.
fn check_scope(shared: &Shared, scope: &str) -> Result<String, TokenError> {
    let Some(resource) = scope.strip_suffix("/.default") else {
        return Err(TokenError::new(
            400,
            "invalid_scope",
            1002012,
            format!(
                "The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."
            ),
        ));
    };
    let resource = resource.trim_end_matches('/');
    let own = shared.base_url.as_str().trim_end_matches('/');
    let localhost = own.replace("127.0.0.1", "localhost");
    if resource.eq_ignore_ascii_case(GRAPH_AUDIENCE) || resource.eq_ignore_ascii_case(GRAPH_APP_ID)
    {
        return Ok(GRAPH_AUDIENCE.to_owned());
    }
    if resource.eq_ignore_ascii_case(own) || resource.eq_ignore_ascii_case(&localhost) {
        return Ok(own.to_owned());
    }
    // A well-formed resource this tenant has no service principal for is AADSTS500011
    // invalid_resource, not an invalid scope
    // (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
    if url::Url::parse(resource).is_ok_and(|u| u.has_host()) {
        return Err(TokenError::new(
            400,
            "invalid_resource",
            500011,
            format!(
                "The resource principal named {resource} was not found in the tenant named {}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
                shared.tenant.name
            ),
        ));
    }
    Err(TokenError::new(
        400,
        "invalid_scope",
        70011,
        format!(
            "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid."
        ),
    ))
}

/// `Authorization: Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1).
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    let unescape = |s: &str| {
        let s = s.replace('+', " ");
        percent_encoding::percent_decode_str(&s)
            .decode_utf8()
            .map(std::borrow::Cow::into_owned)
            .ok()
    };
    Some((unescape(id)?, unescape(secret)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenants_are_classified() {
        use crate::seed::demo::{self, CONTOSO, FABRIKAM};
        let check_tenant = |t| check_tenant(&CONTOSO, t);
        assert!(check_tenant(demo::TENANT_ID).is_ok());
        assert!(check_tenant("CONTOSO.COM").is_ok());
        assert_eq!(check_tenant("common").unwrap_err().code, 9001023);
        assert_eq!(
            check_tenant("00000000-0000-0000-0000-000000000001")
                .unwrap_err()
                .code,
            90002
        );
        assert_eq!(check_tenant("northwind.com").unwrap_err().code, 90002);
        assert_eq!(check_tenant("not a tenant!").unwrap_err().code, 900023);
        assert_eq!(check_tenant("contoso").unwrap_err().code, 900023);
        assert!(FABRIKAM.is_named("fabrikam.com"));
        assert!(!FABRIKAM.is_named(demo::TENANT_ID));
    }

    #[test]
    fn basic_auth_is_url_decoded() {
        let mut headers = HeaderMap::new();
        let value = base64::engine::general_purpose::STANDARD.encode("my%20id:s%3Acret+x");
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Basic {value}")).unwrap(),
        );
        assert_eq!(
            basic_credentials(&headers),
            Some(("my id".to_owned(), "s:cret x".to_owned()))
        );
    }
}
