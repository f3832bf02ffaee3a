//! What a user holds and did, beside its properties: `GET /users/{key}/licenseDetails`
//! (<https://learn.microsoft.com/en-us/graph/api/user-list-licensedetails>) and the rules for
//! `signInActivity`, which Graph returns only when selected
//! (<https://learn.microsoft.com/en-us/graph/api/resources/signinactivity>).

use axum::body::Body;
use axum::http::{Response, StatusCode};
use serde_json::{Value, json};

use crate::auth::bearer::Caller;
use crate::directory::relations::own_select;
use crate::directory::schema::Prop;
use crate::directory::state::Shared;
use crate::directory::user::Ordered;
use crate::http::errors::ApiError;
use crate::http::response::json as json_response;
use crate::seed::relations::{SKUS, Sku, license_detail_id};

/// Refuses `signInActivity` as Graph does: to an app without `AuditLog.Read.All`
/// (`Authentication_MSGraphPermissionMissing`), and in a tenant without Entra ID P1 or P2
/// (`Authentication_RequestFromNonPremiumTenantOrB2CTenant`), both 403. Any other selection
/// passes.
pub(crate) fn check_sign_ins(
    shared: &Shared,
    caller: &Caller,
    select: Option<&[Prop]>,
) -> Result<(), ApiError> {
    if !select.is_some_and(|s| s.contains(&Prop::SignInActivity)) {
        return Ok(());
    }
    if !caller.can_read_sign_ins() {
        return Err(ApiError::audit_log_permission_missing());
    }
    if shared.faults().free_tenant {
        return Err(ApiError::no_premium_license());
    }
    Ok(())
}

/// The `licenseDetails` properties, in Graph's order.
const LICENSE_PROPS: &[&str] = &["id", "servicePlans", "skuId", "skuPartNumber"];

fn license_value(user_id: &str, sku: &Sku, prop: &str) -> Value {
    match prop {
        "id" => Value::String(license_detail_id(user_id, sku)),
        "servicePlans" => sku
            .plans
            .iter()
            .map(|(id, name)| {
                json!({
                    "servicePlanId": id,
                    "servicePlanName": name,
                    "provisioningStatus": "Success",
                    "appliesTo": "User",
                })
            })
            .collect(),
        "skuId" => Value::String(sku.id.to_owned()),
        "skuPartNumber" => Value::String(sku.part_number.to_owned()),
        _ => Value::Null,
    }
}

/// `$select` on `licenseDetails`, the only query option the docs list for it.
fn license_select(raw: Option<&str>) -> Result<Option<Vec<&'static str>>, ApiError> {
    let (select, rest) = own_select(raw, LICENSE_PROPS, "licenseDetails")?;
    if let Some(other) = rest.first() {
        let key = other.split('=').next().unwrap_or_default();
        let key = percent_encoding::percent_decode_str(key).decode_utf8_lossy();
        return Err(ApiError::not_emulated(&format!(
            "{} on licenseDetails",
            key.trim()
        )));
    }
    Ok(select)
}

/// `GET /users/{key}/licenseDetails`: the user's licences with their service plans. The docs'
/// permission table lists no application permission for it; apps with `User.Read.All` read it
/// here, and a refusal by Graph stays a 403 the client shows in its place.
pub(crate) fn license_details(
    shared: &Shared,
    caller: &Caller,
    key: &str,
    raw: Option<&str>,
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_read())?;
    let select = license_select(raw)?;
    let store = shared.store();
    let user = store.find(key).ok_or_else(|| ApiError::not_found(key))?;
    let value: Vec<Ordered> = user
        .licenses
        .iter()
        .filter_map(|i| SKUS.get(usize::from(*i)))
        .map(|sku| {
            Ordered(
                LICENSE_PROPS
                    .iter()
                    .filter(|p| select.as_ref().is_none_or(|s| s.contains(*p)))
                    .map(|p| ((*p).to_owned(), license_value(&user.id, sku, p)))
                    .collect(),
            )
        })
        .collect();
    let context = format!("{}users('{}')/licenseDetails", shared.metadata(), user.id);
    let context = match &select {
        Some(names) => format!("{context}({})", names.join(",")),
        None => context,
    };
    Ok(json_response(
        StatusCode::OK,
        &json!({"@odata.context": context, "value": value}),
    ))
}
