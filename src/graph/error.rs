//! Every way a Graph or token call can fail, as one typed enum whose `Display` is a single line
//! a person can act on.

use std::time::Duration;

/// What the Microsoft identity platform refused, classified from its AADSTS code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthFailure {
    /// AADSTS90002: no tenant with that id or domain.
    UnknownTenant,
    /// AADSTS900023: the tenant id is neither a GUID nor a domain name.
    MalformedTenant,
    /// AADSTS700016: no app with that client id in the tenant.
    UnknownClient,
    /// AADSTS7000215: wrong secret (often the secret's id pasted instead of its value).
    InvalidSecret,
    /// AADSTS7000222: the secret has expired.
    ExpiredSecret,
    /// AADSTS7000218: no secret was sent.
    MissingSecret,
    /// AADSTS700027: the certificate is not registered on the app, or the key that signed
    /// the assertion is not the certificate's.
    CertificateRejected,
    /// AADSTS700024: the assertion's time range does not include Entra's now (clock skew).
    AssertionTime,
    /// AADSTS700023: the assertion's audience is not this token endpoint.
    AssertionAudience,
    /// AADSTS700021: the assertion's issuer and subject are not the client id.
    AssertionClient,
    /// AADSTS7000214: the certificate has been revoked.
    CertificateRevoked,
    /// AADSTS1002012 / 70011: the scope is not `{resource}/.default`.
    InvalidScope,
    /// AADSTS500011: the tenant knows no resource by the scope's name: usually a wrong
    /// `graph_endpoint`, or one from another cloud than the authority.
    UnknownResource,
    /// Any other refusal.
    Other,
}

impl AuthFailure {
    pub(super) fn from_aadsts(code: Option<u32>) -> Self {
        match code {
            Some(90002) => Self::UnknownTenant,
            Some(900_023) => Self::MalformedTenant,
            Some(700_016) => Self::UnknownClient,
            Some(7_000_215) => Self::InvalidSecret,
            Some(7_000_222) => Self::ExpiredSecret,
            Some(7_000_218) => Self::MissingSecret,
            Some(700_027) => Self::CertificateRejected,
            Some(700_024) => Self::AssertionTime,
            Some(700_023) => Self::AssertionAudience,
            Some(700_021) => Self::AssertionClient,
            Some(7_000_214) => Self::CertificateRevoked,
            Some(1_002_012 | 70011) => Self::InvalidScope,
            Some(500_011) => Self::UnknownResource,
            _ => Self::Other,
        }
    }

    /// What the admin should do about it.
    fn advice(self) -> &'static str {
        match self {
            Self::UnknownTenant => {
                "check tenant_id: use the Directory (tenant) ID from the app's Overview page"
            }
            Self::MalformedTenant => {
                "tenant_id must be a GUID or a domain such as contoso.onmicrosoft.com"
            }
            Self::UnknownClient => {
                "check client_id: use the Application (client) ID of an app registered in this tenant"
            }
            Self::InvalidSecret => {
                "check client_secret: paste the secret's Value, not its Secret ID"
            }
            Self::ExpiredSecret => {
                "the client secret has expired: create a new one under Certificates & secrets"
            }
            Self::MissingSecret => {
                "set client_secret (AZURE_CLIENT_SECRET) or client_certificate_path \
                 (AZURE_CLIENT_CERTIFICATE_PATH)"
            }
            Self::CertificateRejected => {
                "upload this certificate (its public part, never the key) to the app under \
                 Certificates & secrets → Certificates, and compare the thumbprint on the \
                 connect screen with the one listed there"
            }
            Self::AssertionTime => {
                "check this machine's clock: it must be within a few minutes of the real time"
            }
            Self::AssertionAudience => {
                "check tenant_id and authority_host (the assertion is addressed to the token URL \
                 built from them, in the app's cloud)"
            }
            Self::AssertionClient => {
                "check client_id: it must be the app the certificate is registered on"
            }
            Self::CertificateRevoked => {
                "the certificate was revoked: make a new one and upload it to the app"
            }
            Self::InvalidScope => "check graph_endpoint: the token scope is built from it",
            Self::UnknownResource => {
                "check graph_endpoint and cloud: the token is asked for <graph_endpoint>/.default, \
                 and this tenant's cloud has no such Graph; set cloud to the tenant's cloud and \
                 leave graph_endpoint unset (`lazyentra config` shows where it comes from)"
            }
            Self::Other => "see the AADSTS code in Microsoft's error code reference",
        }
    }
}

/// Why Graph does not show a user's sign-in activity to this app: not an error to fix in
/// lazyentra, but something the tenant or the app registration lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInUnavailable {
    /// The app lacks the `AuditLog.Read.All` application permission: 403
    /// `Authentication_MSGraphPermissionMissing` ("Calling principal does not have required
    /// `MSGraph` permissions `AuditLog.Read.All`", microsoft-graph-explorer-v4#2731).
    Permission,
    /// The tenant has no Microsoft Entra ID P1 or P2: 403
    /// `Authentication_RequestFromNonPremiumTenantOrB2CTenant` "Neither tenant is B2C or tenant
    /// doesn't have premium license" (microsoft-graph-docs-contrib#3033).
    Licence,
}

/// The token endpoint refused to issue a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthError {
    pub failure: AuthFailure,
    pub status: u16,
    /// OAuth `error`, e.g. `invalid_client`.
    pub error: String,
    /// The first AADSTS code in `error_codes`.
    pub aadsts: Option<u32>,
    /// The first line of `error_description` (without trace and correlation ids).
    pub description: String,
    pub trace_id: Option<String>,
    pub correlation_id: Option<String>,
}

/// A Graph error envelope (`{"error":{"code","message","innerError":{…}}}`) and its status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    pub date: Option<String>,
    /// `(code, target)` pairs from `error.details`, e.g. `("ObjectConflict", "userPrincipalName")`.
    pub details: Vec<(String, Option<String>)>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    #[error("{}", auth_line(.0))]
    Auth(Box<AuthError>),
    #[error("{}", api_line(.0))]
    Api(Box<ApiError>),
    /// A delta link Graph no longer serves (410 Gone, or `syncStateNotFound` /
    /// `resyncRequired`: change tracking of directory objects lasts seven days). Only a full
    /// load again brings the list up to date.
    #[error("{}", delta_expired_line(.0))]
    DeltaExpired(Box<ApiError>),
    /// `url` is kept whole for the log; the line shows its host and path.
    #[error(
        "cannot reach {}: {} (check the network, proxy and the endpoint in settings)",
        short_url(url),
        reason.replace(url.as_str(), &short_url(url))
    )]
    Network { url: String, reason: String },
    #[error("no answer within {}s (raise request_timeout_secs or retry)", .after.as_secs())]
    Timeout { after: Duration },
    #[error("{}", throttled_line(*.retry_after, .request_id.as_deref()))]
    Throttled {
        retry_after: Option<Duration>,
        request_id: Option<String>,
    },
    #[error("unexpected answer from {}: {reason}", short_url(url))]
    Decode { url: String, reason: String },
    /// There are no usable settings to build a client from.
    #[error("the settings are incomplete: see the connect screen")]
    NotConfigured,
    /// lazyentra itself failed (a task panicked, a body could not be serialized, the HTTP
    /// client could not be built): not something the admin typed or Graph said.
    #[error("internal error: {0} (please report this as a lazyentra bug)")]
    Internal(String),
}

impl GraphError {
    /// Graph's request-id, which Microsoft support asks for.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(e) | Self::DeltaExpired(e) => e.request_id.as_deref(),
            Self::Throttled { request_id, .. } => request_id.as_deref(),
            Self::Auth(e) => e.correlation_id.as_deref(),
            _ => None,
        }
    }

    /// The whole URL of a request that could not be made or read, for the log.
    pub fn url(&self) -> Option<&str> {
        match self {
            Self::Network { url, .. } | Self::Decode { url, .. } => Some(url),
            _ => None,
        }
    }

    /// HTTP status, where there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(e) | Self::DeltaExpired(e) => Some(e.status),
            Self::Auth(e) => Some(e.status),
            Self::Throttled { .. } => Some(429),
            _ => None,
        }
    }

    /// Graph's error code, e.g. `Request_ResourceNotFound`.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api(e) | Self::DeltaExpired(e) => Some(&e.code),
            Self::Auth(e) => Some(&e.error),
            Self::Throttled { .. } => Some("TooManyRequests"),
            _ => None,
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Api(e) if e.status == 404)
    }

    /// A 403 to `$select=signInActivity` that says what the tenant or the app lacks. A plain
    /// `Authorization_RequestDenied` (and the older `…HasNoReadAuditLogDataAccess`) is read as
    /// the permission: the property needs nothing else of the app.
    pub fn sign_in_unavailable(&self) -> Option<SignInUnavailable> {
        let Self::Api(e) = self else { return None };
        if e.status != 403 {
            return None;
        }
        match e.code.as_str() {
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant" => {
                Some(SignInUnavailable::Licence)
            }
            "Authentication_MSGraphPermissionMissing"
            | "Authentication_ApplicationHasNoReadAuditLogDataAccess"
            | "Authorization_RequestDenied" => Some(SignInUnavailable::Permission),
            _ => None,
        }
    }

    /// Graph's 404 for a user without a manager: "Resource 'manager' does not exist…", as
    /// opposed to the 404 naming the user itself, which no longer exists.
    pub fn is_no_manager(&self) -> bool {
        matches!(self, Self::Api(e) if e.status == 404 && e.message.contains("'manager'"))
    }

    /// Graph's 400 for a change to what a synced user's on-premises Active Directory owns:
    /// "Unable to update the specified properties for on-premises mastered Directory Sync
    /// objects…".
    pub fn is_mastered_on_premises(&self) -> bool {
        matches!(self, Self::Api(e) if e.status == 400 && e.message.contains("on-premises mastered"))
    }
}

/// A request that got no usable response: a timeout after `limit`, or a network failure with
/// the whole chain of causes (DNS, TLS, proxy…) so the admin can see which one.
/// A URL as an error line shows it: host and path, without the query (a `$search` or
/// `$filter` value could be a name, and a long query hides the message).
pub fn short_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) => format!("{}{}", parsed.host_str().unwrap_or_default(), parsed.path()),
        Err(_) => url.split('?').next().unwrap_or_default().to_owned(),
    }
}

pub(super) fn transport_error(url: &str, error: &reqwest::Error, limit: Duration) -> GraphError {
    if error.is_timeout() {
        return GraphError::Timeout { after: limit };
    }
    // reqwest's own line repeats the whole URL, query and all: say what kind of failure it
    // was, then its causes.
    let mut reason = if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "the answer broke off"
    } else if error.is_request() {
        "the request failed"
    } else {
        "transport error"
    }
    .to_owned();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        reason = format!("{reason}: {inner}");
        source = inner.source();
    }
    GraphError::Network {
        url: url.to_owned(),
        reason,
    }
}

fn auth_line(e: &AuthError) -> String {
    let code = e.aadsts.map(|c| format!("AADSTS{c}: ")).unwrap_or_default();
    let mut description = e.description.trim().to_owned();
    if let Some(rest) = description.strip_prefix(&code) {
        description = rest.to_owned();
    }
    format!(
        "sign-in refused: {code}{description} → {}",
        e.failure.advice()
    )
}

impl GraphError {
    /// The error's line with `advice` in place of the general one: for an operation that
    /// knows better what to grant. Other errors read as usual.
    pub fn line_with_advice(&self, advice: &str) -> String {
        match self {
            GraphError::Api(e) => format!(
                "{} {}: {} → {advice}{}",
                e.status,
                e.code,
                e.message.trim(),
                request_id_suffix(e.request_id.as_deref())
            ),
            other => other.to_string(),
        }
    }
}

fn api_line(e: &ApiError) -> String {
    let advice = api_advice(e).map(|a| format!(" → {a}")).unwrap_or_default();
    let (status, code, message) = (e.status, &e.code, e.message.trim());
    format!(
        "{status} {code}: {message}{advice}{}",
        request_id_suffix(e.request_id.as_deref())
    )
}

/// What to do about the Graph errors admins meet most.
fn api_advice(e: &ApiError) -> Option<&'static str> {
    match (e.status, e.code.as_str()) {
        (403, _) => Some(
            "grant the app User.ReadWrite.All (application) with admin consent; for admin accounts, \
             passwords or phones the app also needs an Entra role such as User Administrator",
        ),
        (401, _) => Some("the token was refused: reconnect"),
        (404, _) => Some("the user may have been deleted or renamed: refresh the list"),
        (400, _) if e.details.iter().any(|(c, _)| c == "ObjectConflict") => {
            Some("choose another value: it is already taken")
        }
        _ => None,
    }
}

fn delta_expired_line(e: &ApiError) -> String {
    format!(
        "{} {}: {} → the link to Graph's changes has expired (Graph keeps them for 7 days): \
         load the whole list again{}",
        e.status,
        e.code,
        e.message.trim(),
        request_id_suffix(e.request_id.as_deref())
    )
}

fn throttled_line(retry_after: Option<Duration>, request_id: Option<&str>) -> String {
    let when = match retry_after {
        Some(d) => format!("retry in {}s", d.as_secs_f64().ceil() as u64),
        None => "retry shortly".to_owned(),
    };
    format!(
        "Graph is throttling this app (429): {when}{}",
        request_id_suffix(request_id)
    )
}

/// " (request-id …)" when Graph sent one: what a support ticket needs.
fn request_id_suffix(request_id: Option<&str>) -> String {
    request_id
        .map(|id| format!(" (request-id {id})"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_error_line_names_the_fix() {
        let e = GraphError::Auth(Box::new(AuthError {
            failure: AuthFailure::InvalidSecret,
            status: 401,
            error: "invalid_client".into(),
            aadsts: Some(7_000_215),
            description: "AADSTS7000215: Invalid client secret provided.".into(),
            trace_id: None,
            correlation_id: Some("c-1".into()),
        }));
        let line = e.to_string();
        assert!(
            line.contains("AADSTS7000215: Invalid client secret provided."),
            "{line}"
        );
        assert!(line.contains("not its Secret ID"), "{line}");
        assert_eq!(line.matches("AADSTS7000215").count(), 1);
    }

    #[test]
    fn unknown_resource_points_at_graph_endpoint_and_cloud() {
        let failure = AuthFailure::from_aadsts(Some(500_011));
        assert_eq!(failure, AuthFailure::UnknownResource);
        let line = GraphError::Auth(Box::new(AuthError {
            failure,
            status: 400,
            error: "invalid_resource".into(),
            aadsts: Some(500_011),
            description: "AADSTS500011: The resource principal named https://graph.microsoft.us \
                          was not found in the tenant named Contoso."
                .into(),
            trace_id: None,
            correlation_id: None,
        }))
        .to_string();
        assert!(
            line.contains("AADSTS500011: The resource principal"),
            "{line}"
        );
        assert!(
            line.contains("graph_endpoint") && line.contains("cloud"),
            "{line}"
        );
    }

    #[test]
    fn internal_errors_say_they_are_bugs() {
        let line = GraphError::Internal("worker task failed: boom".into()).to_string();
        assert!(
            line.starts_with("internal error: worker task failed: boom"),
            "{line}"
        );
        assert!(line.contains("report"), "{line}");
    }

    #[test]
    fn api_error_line_has_request_id() {
        let e = GraphError::Api(Box::new(ApiError {
            status: 403,
            code: "Authorization_RequestDenied".into(),
            message: "Insufficient privileges to complete the operation.".into(),
            request_id: Some("abc".into()),
            date: None,
            details: vec![],
        }));
        let line = e.to_string();
        assert!(line.starts_with("403 Authorization_RequestDenied: Insufficient"));
        assert!(line.contains("User.ReadWrite.All"));
        assert!(line.ends_with("(request-id abc)"));
        assert_eq!(e.request_id(), Some("abc"));
    }
}
