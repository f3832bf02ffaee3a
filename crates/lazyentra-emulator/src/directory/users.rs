//! `/users/{id | userPrincipalName}`: get (`signInActivity` too, when selected and allowed),
//! create, update and delete one user.

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};
use serde_json::Value;

use crate::auth::bearer::Caller;
use crate::directory::activity::check_sign_ins;
use crate::directory::list::context;
use crate::directory::relations::{parse_expand, user_wire};
use crate::directory::roles::Sensitive;
use crate::directory::schema::Prop;
use crate::directory::state::Shared;
use crate::directory::user::Cell;
use crate::directory::validate;
use crate::http::errors::ApiError;
use crate::http::response::{Ctx, json, no_content};
use crate::odata::query;

/// `GET /users/{key}` with optional `$select` and `$expand=manager`.
pub(crate) fn get(
    shared: &Shared,
    caller: &Caller,
    key: &str,
    raw: Option<&str>,
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_read())?;
    let q = query::parse(raw)?;
    check_sign_ins(shared, caller, q.select.as_deref())?;
    let expand = q.expand.as_deref().map(parse_expand).transpose()?;
    let props = q.select.clone().unwrap_or_else(Prop::default_set);
    let head = vec![(
        "@odata.context".to_owned(),
        Value::String(format!("{}/$entity", context(shared, q.select.as_deref()))),
    )];
    let body = {
        let store = shared.store();
        let user = store.find(key).ok_or_else(|| ApiError::not_found(key))?;
        user_wire(&store, user, head, &props, expand.as_ref())
    };
    Ok(json(StatusCode::OK, &body))
}

/// `POST /users`: 201 with the new user's default properties.
pub(crate) fn create(
    shared: &Shared,
    ctx: &Ctx,
    caller: &Caller,
    body: &[u8],
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_create())?;
    let body = validate::body(body)?;
    let props = Prop::default_set();
    let head = vec![(
        "@odata.context".to_owned(),
        Value::String(format!("{}/$entity", context(shared, None))),
    )];
    let (wire, id) = {
        let mut store = shared.store();
        let user = validate::create(&store, &body, ctx.now)?;
        let wire = user.to_wire(head, &props);
        let id = user.id.to_string();
        store.insert(user);
        (wire, id)
    };
    let mut response = json(StatusCode::CREATED, &wire);
    // Graph points Location at the directory's internal URL for the object.
    let location = format!(
        "{}v2/{}/directoryObjects/{id}/Microsoft.DirectoryServices.User",
        shared.base_url, shared.tenant.id
    );
    if let Ok(v) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    Ok(response)
}

/// `PATCH /users/{key}`: 204 once every property in the body passed.
pub(crate) fn update(
    shared: &Shared,
    ctx: &Ctx,
    caller: &Caller,
    key: &str,
    body: &[u8],
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_write_users())?;
    let body = validate::body(body)?;
    let mut store = shared.store();
    let user = store.find(key).ok_or_else(|| ApiError::not_found(key))?;
    let updated = validate::patch(&store, user, &body, caller, ctx.now)?;
    store.replace(updated);
    Ok(no_content())
}

/// `POST /users/{key}/revokeSignInSessions`: Graph answers 200 with an `Edm.Boolean` (a known
/// deviation from its docs, which say 204). For a user who holds an admin role the app needs a
/// role that may invalidate its refresh tokens.
pub(crate) fn revoke_sessions(
    shared: &Shared,
    ctx: &Ctx,
    caller: &Caller,
    key: &str,
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_update() || caller.has_role("User.RevokeSessions.All"))?;
    let mut store = shared.store();
    let mut user = store
        .find(key)
        .cloned()
        .ok_or_else(|| ApiError::not_found(key))?;
    caller.may(&user, Sensitive::Sessions)?;
    user.set(Prop::SignInSessionsValidFromDateTime, Cell::Date(ctx.now));
    store.replace(user);
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({
            "@odata.context": format!("{}Edm.Boolean", shared.metadata()),
            "value": true,
        }),
    ))
}

/// `DELETE /users/{key}`: 204; the user moves to deleted items. A user who holds an admin
/// role needs the app to hold a role that covers it (`roles::may`).
pub(crate) fn delete(
    shared: &Shared,
    ctx: &Ctx,
    caller: &Caller,
    key: &str,
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_delete())?;
    let mut store = shared.store();
    let user = store.find(key).ok_or_else(|| ApiError::not_found(key))?;
    caller.may(user, Sensitive::Other)?;
    let seq = user.seq;
    store.soft_delete(seq, ctx.now);
    Ok(no_content())
}
