//! The HTTP front: one axum fallback handler that adds latency and throttling faults, tells
//! token requests from Graph requests, checks the bearer token, hands the request to
//! `dispatch` (or a `$batch` to `batch`, which dispatches each request inside it the same
//! way) and stamps Graph's headers on every answer.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{Method, Response, StatusCode};

use crate::auth::token;
use crate::auth::{bearer, jwt};
use crate::directory::state::{Shared, Tenants};
use crate::http::batch;
use crate::http::dispatch::{GraphRequest, check_content_type, dispatch, injected_fault};
use crate::http::errors::ApiError;
use crate::http::response::Ctx;
use crate::http::routes::{self, Route};
use crate::options::{Faults, retry_after_header};

/// Bodies larger than this are refused; user objects are a few KB.
const MAX_BODY: usize = 4 << 20;

pub(crate) fn router(tenants: Arc<Tenants>) -> Router {
    Router::new().fallback(entry).with_state(tenants)
}

/// The tenant a request is for: the one its token URL names, or, on Graph, the one its
/// bearer token was issued by (its `tid`, checked when the token is verified). Anything else
/// goes to the default tenant, which refuses it as Entra and Graph do.
fn tenant_of<'t>(tenants: &'t Tenants, request: &Request) -> &'t Arc<Shared> {
    let found = match routes::token_tenant(request.uri().path()) {
        Some(tenant) => tenants.named(&tenant),
        None => jwt::peek_tenant(bearer::bearer_token(request.headers()))
            .and_then(|tid| tenants.by_id(&tid)),
    };
    found.unwrap_or_else(|| tenants.first())
}

async fn entry(State(tenants): State<Arc<Tenants>>, request: Request) -> Response<Body> {
    let shared = Arc::clone(tenant_of(&tenants, &request));
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
        shared.graph_requests.fetch_add(1, Ordering::SeqCst);
        let response = match graph(&shared, &ctx, &faults, &parts, body).await {
            Ok(response) => response,
            Err(e) => e.into_response(&ctx),
        };
        if response.status() == StatusCode::UNAUTHORIZED {
            shared.unauthorized.fetch_add(1, Ordering::SeqCst);
        }
        response
    };
    ctx.decorate(&mut response);
    response
}

/// A Graph request from the wire: the injected faults first (a throttled request is refused
/// before its token is looked at), then the bearer token, then the request itself, or, for
/// `POST /$batch`, each of the requests inside it.
async fn graph(
    shared: &Shared,
    ctx: &Ctx,
    faults: &Faults,
    parts: &Parts,
    body: Option<Bytes>,
) -> Result<Response<Body>, ApiError> {
    let is_batch = matches!(routes::parse(parts.uri.path()), Ok(Route::Batch));
    if is_batch {
        let n = shared.batches.fetch_add(1, Ordering::SeqCst) + 1;
        if Faults::hits(faults.batch_unavailable_every, n) {
            return Err(ApiError::unavailable(retry_after_header(
                faults.retry_after,
            )));
        }
    } else if let Some(fault) = injected_fault(shared, faults) {
        return Err(fault);
    }
    let caller = bearer::authenticate(
        &shared.tokens,
        shared.base_url.as_str(),
        shared.tenant,
        &parts.headers,
        ctx.now,
    )?;
    let body = body.ok_or_else(|| {
        ApiError::odata("Unable to read JSON request payload. The request body is too large.")
    })?;
    let request = GraphRequest {
        method: &parts.method,
        path: parts.uri.path(),
        query: parts.uri.query(),
        headers: &parts.headers,
        body: &body,
    };
    if is_batch {
        if parts.method != Method::POST {
            return Err(ApiError::method_not_allowed(parts.method.as_str()));
        }
        check_content_type(&parts.headers, &Route::Batch, &body)?;
        return batch::handle(shared, ctx, &caller, faults, &body).await;
    }
    dispatch(shared, ctx, &caller, &request)
}
