//! One Graph request, its caller known, to its handler: the route, the write `Content-Type`
//! rule and the injected faults. Requests from the wire and requests inside a `$batch` both
//! come here.

use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Response, StatusCode, header};
use serde_json::json;

use crate::auth::bearer::Caller;
use crate::directory::list::{self, Source};
use crate::directory::state::Shared;
use crate::directory::{activity, deleted, delta, domains, relations, users};
use crate::http::errors::ApiError;
use crate::http::response::{Ctx, json as json_response};
use crate::http::routes::{self, Route};
use crate::options::{Faults, retry_after_header};

/// One Graph request as the handlers see it: from the wire, or one request inside a
/// `$batch` (which has its own method, URL, headers and body but the batch's caller).
pub(crate) struct GraphRequest<'a> {
    pub method: &'a Method,
    /// `/v1.0/…`, still percent-encoded.
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// The fault the knobs inject into the next request they count (every Graph request but a
/// `$batch` envelope, and every request inside a batch), if any.
pub(crate) fn injected_fault(shared: &Shared, faults: &Faults) -> Option<ApiError> {
    let n = shared.evaluated.fetch_add(1, Ordering::SeqCst) + 1;
    let retry_after = || retry_after_header(faults.retry_after);
    if Faults::hits(faults.throttle_every, n) {
        Some(ApiError::throttled(retry_after()))
    } else if Faults::hits(faults.unavailable_every, n) {
        Some(ApiError::unavailable(retry_after()))
    } else {
        None
    }
}

/// Routes one request, with its caller already known, to its handler.
pub(crate) fn dispatch(
    shared: &Shared,
    ctx: &Ctx,
    caller: &Caller,
    request: &GraphRequest<'_>,
) -> Result<Response<Body>, ApiError> {
    let route = routes::parse(request.path)?;
    let (method, raw, body) = (request.method, request.query, request.body);
    if [Method::POST, Method::PATCH, Method::PUT].contains(method) {
        check_content_type(request.headers, &route, body)?;
    }
    let reading = || Caller::require(caller.can_read());
    match route {
        Route::Users if method == Method::GET => {
            reading()?;
            list::list(shared, ctx, caller, Source::Users, raw)
        }
        Route::Users if method == Method::POST => users::create(shared, ctx, caller, body),
        Route::UsersCount if method == Method::GET => {
            reading()?;
            list::count(shared, ctx, Source::Users, raw)
        }
        Route::User(key) if method == Method::GET => users::get(shared, caller, &key, raw),
        Route::User(key) if method == Method::PATCH => {
            users::update(shared, ctx, caller, &key, body)
        }
        Route::User(key) if method == Method::DELETE => users::delete(shared, ctx, caller, &key),
        Route::DeletedUsers if method == Method::GET => {
            reading()?;
            list::list(shared, ctx, caller, Source::Deleted, raw)
        }
        Route::DeletedUsersCount if method == Method::GET => {
            reading()?;
            list::count(shared, ctx, Source::Deleted, raw)
        }
        Route::DeletedItems if method == Method::GET => Err(ApiError::unsupported_query(
            "Searches against this resource are not supported. Only specific instances can be queried.",
        )),
        Route::Deleted(id) if method == Method::GET => deleted::get(shared, caller, &id, raw),
        Route::Deleted(id) if method == Method::DELETE => deleted::purge(shared, caller, &id),
        Route::Restore(id) if method == Method::POST => deleted::restore(shared, caller, &id, body),
        Route::Organization if method == Method::GET => {
            Caller::require(caller.can_read_organization())?;
            Ok(organization(shared))
        }
        Route::Me => Err(ApiError::odata(
            "/me request is only valid with delegated authentication flow.",
        )),
        Route::RevokeSessions(key) if method == Method::POST => {
            users::revoke_sessions(shared, ctx, caller, &key)
        }
        Route::NotEmulated(segment) => Err(ApiError::not_emulated(&segment)),
        // Only a request inside a batch gets here: "requests cannot contain a batch request
        // payload" (msgraph-sdk-design, BatchRequestContent). The message is the emulator's.
        Route::Batch => Err(ApiError::odata(
            "A request inside a batch cannot itself be a batch.",
        )),
        Route::Delta if method == Method::GET => delta::delta(shared, caller, request.headers, raw),
        Route::Manager(key) if method == Method::GET => {
            relations::manager(shared, caller, &key, raw)
        }
        Route::ManagerRef(key) if method == Method::PUT => {
            relations::set_manager(shared, caller, &key, body)
        }
        Route::ManagerRef(key) if method == Method::DELETE => {
            relations::remove_manager(shared, caller, &key)
        }
        Route::DirectReports(key, cast) if method == Method::GET => {
            relations::direct_reports(shared, ctx, caller, (&key, cast), raw)
        }
        Route::MemberOf(key, cast) if method == Method::GET => {
            relations::member_of(shared, ctx, caller, (&key, cast), raw)
        }
        Route::Domains if method == Method::GET => domains::list(shared, caller, raw),
        Route::LicenseDetails(key) if method == Method::GET => {
            activity::license_details(shared, caller, &key, raw)
        }
        _ => Err(ApiError::method_not_allowed(method.as_str())),
    }
}

/// Graph's gateway refuses a write without a JSON `Content-Type` before anything is applied:
/// none at all is 400 "Write requests (excluding DELETE) must contain the Content-Type header
/// declaration." (msgraph-cli#258, microsoft-graph-docs-contrib#6215), another type is 400
/// "Entity only allows writes with a JSON Content-Type header."
/// (msgraph-sample-pythondjangoapp#22). `application/json` with parameters
/// (`; charset=utf-8`, `;odata.metadata=minimal`) is JSON.
///
/// A bodyless POST to an action needs none: the docs say to send no body to
/// `revokeSignInSessions` (<https://learn.microsoft.com/en-us/graph/api/user-revokesigninsessions>)
/// or, optionally, to `restore`
/// (<https://learn.microsoft.com/en-us/graph/api/directory-deleteditems-restore>), Microsoft's
/// SDKs then send no `Content-Type`, and Graph answers 200 (the recorded exchange in
/// msgraph-sdk-powershell#834: `Content-Length: 0`, no `Content-Type`, `HTTP/1.1 200 OK`).
pub(crate) fn check_content_type(
    headers: &HeaderMap,
    route: &Route,
    body: &[u8],
) -> Result<(), ApiError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        let action = matches!(route, Route::RevokeSessions(_) | Route::Restore(_));
        if action && body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        return Err(ApiError::odata(
            "Write requests (excluding DELETE) must contain the Content-Type header declaration.",
        ));
    };
    let essence = value
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiError::odata(
            "Entity only allows writes with a JSON Content-Type header.",
        ))
    }
}

/// `GET /organization` (<https://learn.microsoft.com/en-us/graph/api/organization-list>): a
/// collection holding the one tenant the token is for, its display name and verified
/// domains, in the shape of <https://learn.microsoft.com/en-us/graph/api/resources/organization>.
fn organization(shared: &Shared) -> Response<Body> {
    let tenant = shared.tenant;
    let domains: Vec<_> = tenant
        .verified_domains
        .iter()
        .map(|name| {
            let initial = *name == tenant.initial_domain;
            json!({
                "capabilities": "Email, OfficeCommunicationsOnline",
                "isDefault": *name == tenant.default_domain,
                "isInitial": initial,
                "name": name,
                "type": "Managed",
            })
        })
        .collect();
    json_response(
        StatusCode::OK,
        &json!({
            "@odata.context": format!("{}organization", shared.metadata()),
            "value": [{
                "id": tenant.id,
                "displayName": tenant.name,
                "tenantType": "AAD",
                "countryLetterCode": "US",
                "preferredLanguage": "en",
                "verifiedDomains": domains,
            }],
        }),
    )
}
