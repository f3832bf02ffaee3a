//! `GET /domains`: the domains added to the tenant, verified or not
//! (<https://learn.microsoft.com/en-us/graph/api/domain-list>, the properties of
//! <https://learn.microsoft.com/en-us/graph/api/resources/domain>). Apps read it to offer the
//! verified domains a userPrincipalName may use. It needs `Domain.Read.All` (or a broader
//! directory permission): an app with only `User.*` permissions gets Graph's 403.

use axum::body::Body;
use axum::http::{Response, StatusCode};
use serde_json::{Value, json};

use crate::auth::bearer::Caller;
use crate::directory::state::Shared;
use crate::http::errors::ApiError;
use crate::http::response::json as json_response;
use crate::seed::demo::Tenant;

/// One domain of `tenant` as Graph lists it, in the order of its docs' example.
fn domain(tenant: &Tenant, name: &str, verified: bool) -> Value {
    json!({
        "authenticationType": "Managed",
        "availabilityStatus": null,
        "id": name,
        "isAdminManaged": true,
        "isDefault": name == tenant.default_domain,
        "isInitial": name == tenant.initial_domain,
        "isRoot": true,
        "isVerified": verified,
        "passwordNotificationWindowInDays": 14,
        "passwordValidityPeriodInDays": 2_147_483_647,
        "supportedServices": if verified { json!(["Email", "OfficeCommunicationsOnline"]) } else { json!([]) },
        "state": null,
    })
}

/// `GET /domains`: every domain of the tenant in one page (a tenant has a handful).
pub(crate) fn list(
    shared: &Shared,
    caller: &Caller,
    raw: Option<&str>,
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_read_domains())?;
    if raw.is_some_and(|q| !q.is_empty()) {
        return Err(ApiError::not_emulated("query options on /domains"));
    }
    let tenant = shared.tenant;
    let value: Vec<Value> = tenant
        .verified_domains
        .iter()
        .map(|name| domain(tenant, name, true))
        .chain(
            tenant
                .unverified_domains
                .iter()
                .map(|name| domain(tenant, name, false)),
        )
        .collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "@odata.context": format!("{}domains", shared.metadata()),
            "value": value,
        }),
    ))
}
