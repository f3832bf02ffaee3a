//! `/directory/deletedItems/{id}`: read, restore and purge deleted users
//! (<https://learn.microsoft.com/en-us/graph/api/directory-deleteditems-get>,
//! <https://learn.microsoft.com/en-us/graph/api/directory-deleteditems-restore>,
//! <https://learn.microsoft.com/en-us/graph/api/directory-deleteditems-delete>).
//! Listing is in `list.rs`, shared with `/users`.

use axum::body::Body;
use axum::http::{Response, StatusCode};
use serde_json::Value;

use crate::auth::bearer::Caller;
use crate::directory::activity::check_sign_ins;
use crate::directory::schema::Prop;
use crate::directory::state::Shared;
use crate::directory::user::Cell;
use crate::directory::validate;
use crate::http::errors::ApiError;
use crate::http::response::{json, no_content};
use crate::odata::query;

fn object_id(id: &str) -> Result<(), ApiError> {
    uuid::Uuid::parse_str(id)
        .map(drop)
        .map_err(|_| ApiError::bad_request(format!("Invalid object identifier '{id}'.")))
}

/// The head of a single directory object: context and cast.
fn head(shared: &Shared) -> Vec<(String, Value)> {
    vec![
        (
            "@odata.context".to_owned(),
            Value::String(format!("{}directoryObjects/$entity", shared.metadata())),
        ),
        (
            "@odata.type".to_owned(),
            Value::String("#microsoft.graph.user".to_owned()),
        ),
    ]
}

/// `GET /directory/deletedItems/{id}`.
pub(crate) fn get(
    shared: &Shared,
    caller: &Caller,
    id: &str,
    raw: Option<&str>,
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_read())?;
    object_id(id)?;
    let q = query::parse(raw)?;
    check_sign_ins(shared, caller, q.select.as_deref())?;
    let props = q.select.unwrap_or_else(Prop::default_set);
    let body = {
        let store = shared.store();
        let user = store
            .find_deleted(id)
            .ok_or_else(|| ApiError::not_found(id))?;
        user.to_wire(head(shared), &props)
    };
    Ok(json(StatusCode::OK, &body))
}

/// `POST /directory/deletedItems/{id}/restore`, optionally with
/// `{"newUserPrincipalName": …}` or `{"autoReconcileProxyConflict": true}`.
pub(crate) fn restore(
    shared: &Shared,
    caller: &Caller,
    id: &str,
    body: &[u8],
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_delete())?;
    object_id(id)?;
    let options = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Map::new()
    } else {
        validate::body(body)?
    };
    let mut new_upn = None;
    let mut reconcile = false;
    for (key, value) in &options {
        match (key.as_str(), value) {
            ("newUserPrincipalName", Value::String(upn)) => new_upn = Some(upn.clone()),
            ("autoReconcileProxyConflict", Value::Bool(b)) => reconcile = *b,
            _ => {
                return Err(ApiError::odata(format!(
                    "The parameter '{key}' in the request payload is not a valid parameter for the operation 'restore'."
                )));
            }
        }
    }
    let wire = {
        let mut store = shared.store();
        let user = store
            .find_deleted(id)
            .ok_or_else(|| ApiError::not_found(id))?;
        let seq = user.seq;
        let upn = match new_upn {
            Some(upn) => upn,
            None => user
                .original_upn
                .as_deref()
                .unwrap_or(user.upn())
                .to_owned(),
        };
        validate::check_new_upn(&store, &upn)?;
        let mail_taken = user
            .text(Prop::Mail)
            .and_then(|m| store.mail_owner(m))
            .is_some();
        if mail_taken && !reconcile {
            return Err(ApiError::conflict("proxyAddresses"));
        }
        store
            .restore(seq, &upn)
            .ok_or_else(|| ApiError::not_found(id))?;
        let restored = store.find(id).ok_or_else(|| ApiError::not_found(id))?;
        if mail_taken {
            // autoReconcileProxyConflict: the restored user gives up the conflicting address.
            let mut changed = restored.clone();
            changed.set(Prop::Mail, Cell::Null);
            store.replace(changed);
        }
        let restored = store.find(id).ok_or_else(|| ApiError::not_found(id))?;
        restored.to_wire(head(shared), &Prop::default_set())
    };
    Ok(json(StatusCode::OK, &wire))
}

/// `DELETE /directory/deletedItems/{id}`: gone for good.
pub(crate) fn purge(
    shared: &Shared,
    caller: &Caller,
    id: &str,
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_delete())?;
    object_id(id)?;
    let mut store = shared.store();
    let seq = store
        .find_deleted(id)
        .map(|u| u.seq)
        .ok_or_else(|| ApiError::not_found(id))?;
    store.purge(seq);
    Ok(no_content())
}
