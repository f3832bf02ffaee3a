//! The HTTP front: one axum fallback handler that adds latency and throttling faults, tells
//! token requests from Graph requests, checks the bearer token, dispatches by route and
//! stamps Graph's headers on every answer.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, Response, StatusCode, header};
use serde_json::json;

use crate::auth::bearer::{self, Caller};
use crate::auth::token;
use crate::directory::list::{self, Source};
use crate::directory::state::Shared;
use crate::directory::{deleted, delta, domains, relations, users};
use crate::http::errors::ApiError;
use crate::http::response::{Ctx, json as json_response};
use crate::http::routes::{self, Route};
use crate::options::{Faults, retry_after_header};
use crate::seed::demo;

/// Bodies larger than this are refused; user objects are a few KB.
const MAX_BODY: usize = 4 << 20;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(entry).with_state(shared)
}

async fn entry(State(shared): State<Arc<Shared>>, request: Request) -> Response<Body> {
    let ctx = Ctx::new(request.headers());
    let faults = shared.faults();
    if !faults.latency.is_zero() {
        tokio::time::sleep(faults.latency).await;
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY).await.ok();
    let mut response = if let Some(tenant) = routes::token_tenant(parts.uri.path()) {
        shared.token_requests.fetch_add(1, Ordering::SeqCst);
        token::handle(
            &shared,
            &parts.method,
            &tenant,
            &parts.headers,
            body.as_deref().unwrap_or_default(),
            ctx.now,
        )
    } else {
        let n = shared.graph_requests.fetch_add(1, Ordering::SeqCst) + 1;
        let response = graph(&shared, &ctx, &faults, n, &parts, body)
            .unwrap_or_else(|e| e.into_response(&ctx));
        if response.status() == StatusCode::UNAUTHORIZED {
            shared.unauthorized.fetch_add(1, Ordering::SeqCst);
        }
        response
    };
    ctx.decorate(&mut response);
    response
}

/// The `n`th Graph request.
fn graph(
    shared: &Shared,
    ctx: &Ctx,
    faults: &Faults,
    n: u64,
    parts: &Parts,
    body: Option<Bytes>,
) -> Result<Response<Body>, ApiError> {
    if let Some(every) = faults.throttle_every.filter(|e| *e > 0)
        && n.is_multiple_of(u64::from(every))
    {
        return Err(ApiError::throttled(retry_after_header(faults.retry_after)));
    }
    let caller = bearer::authenticate(
        &shared.tokens,
        shared.base_url.as_str(),
        &parts.headers,
        ctx.now,
    )?;
    let route = routes::parse(parts.uri.path())?;
    let body = body.ok_or_else(|| {
        ApiError::odata("Unable to read JSON request payload. The request body is too large.")
    })?;
    let raw = parts.uri.query();
    let method = &parts.method;
    if [Method::POST, Method::PATCH, Method::PUT].contains(method) {
        check_content_type(&parts.headers, &route, &body)?;
    }
    let reading = || Caller::require(caller.can_read());
    match route {
        Route::Users if method == Method::GET => {
            reading()?;
            list::list(shared, ctx, Source::Users, raw)
        }
        Route::Users if method == Method::POST => users::create(shared, ctx, &caller, &body),
        Route::UsersCount if method == Method::GET => {
            reading()?;
            list::count(shared, ctx, Source::Users, raw)
        }
        Route::User(key) if method == Method::GET => users::get(shared, &caller, &key, raw),
        Route::User(key) if method == Method::PATCH => {
            users::update(shared, ctx, &caller, &key, &body)
        }
        Route::User(key) if method == Method::DELETE => users::delete(shared, ctx, &caller, &key),
        Route::DeletedUsers if method == Method::GET => {
            reading()?;
            list::list(shared, ctx, Source::Deleted, raw)
        }
        Route::DeletedUsersCount if method == Method::GET => {
            reading()?;
            list::count(shared, ctx, Source::Deleted, raw)
        }
        Route::DeletedItems if method == Method::GET => Err(ApiError::unsupported_query(
            "Searches against this resource are not supported. Only specific instances can be queried.",
        )),
        Route::Deleted(id) if method == Method::GET => deleted::get(shared, &caller, &id, raw),
        Route::Deleted(id) if method == Method::DELETE => deleted::purge(shared, &caller, &id),
        Route::Restore(id) if method == Method::POST => {
            deleted::restore(shared, &caller, &id, &body)
        }
        Route::Organization if method == Method::GET => {
            reading()?;
            Ok(organization(shared))
        }
        Route::Domains if method == Method::GET => domains::list(shared, &caller, raw),
        Route::Me => Err(ApiError::odata(
            "/me request is only valid with delegated authentication flow.",
        )),
        Route::RevokeSessions(key) if method == Method::POST => {
            users::revoke_sessions(shared, ctx, &caller, &key)
        }
        Route::NotEmulated(segment) => Err(ApiError::not_emulated(&segment)),
        // Graph has JSON batching (https://learn.microsoft.com/en-us/graph/json-batching);
        // say that the emulator lacks it rather than that Graph does.
        Route::Batch => Err(ApiError::batch_not_emulated()),
        Route::Delta if method == Method::GET => delta::delta(shared, &caller, &parts.headers, raw),
        Route::Manager(key) if method == Method::GET => {
            relations::manager(shared, &caller, &key, raw)
        }
        Route::ManagerRef(key) if method == Method::PUT => {
            relations::set_manager(shared, &caller, &key, &body)
        }
        Route::ManagerRef(key) if method == Method::DELETE => {
            relations::remove_manager(shared, &caller, &key)
        }
        Route::DirectReports(key, cast) if method == Method::GET => {
            relations::direct_reports(shared, ctx, &caller, (&key, cast), raw)
        }
        Route::MemberOf(key, cast) if method == Method::GET => {
            relations::member_of(shared, ctx, &caller, (&key, cast), raw)
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
fn check_content_type(headers: &HeaderMap, route: &Route, body: &[u8]) -> Result<(), ApiError> {
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

/// `GET /organization`: the tenant and its verified domains (for UPN domain pickers).
fn organization(shared: &Shared) -> Response<Body> {
    let domains: Vec<_> = demo::VERIFIED_DOMAINS
        .iter()
        .map(|name| {
            let initial = *name == demo::DOMAIN;
            json!({
                "capabilities": "Email, OfficeCommunicationsOnline",
                "isDefault": *name == demo::DEFAULT_DOMAIN,
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
                "id": demo::TENANT_ID,
                "displayName": demo::TENANT_NAME,
                "tenantType": "AAD",
                "countryLetterCode": "US",
                "preferredLanguage": "en",
                "verifiedDomains": domains,
            }],
        }),
    )
}
