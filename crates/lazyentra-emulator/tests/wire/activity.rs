//! What a user holds and did: `licenseDetails`
//! (<https://learn.microsoft.com/en-us/graph/api/user-list-licensedetails>) and
//! `signInActivity` (<https://learn.microsoft.com/en-us/graph/api/resources/signinactivity>),
//! with the 403s Graph answers when the app lacks `AuditLog.Read.All` or the tenant lacks
//! Entra ID P1/P2.

use lazyentra_emulator::Faults;
use reqwest::StatusCode;
use serde_json::Value;

use super::{Graph, all_pages, graph_error, json_of_status, start};

fn id(user: &Value) -> String {
    user["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn license_details_list_skus_with_their_service_plans() {
    let emu = start(60).await;
    let g = Graph::reader(&emu).await;
    let users = emu.users_snapshot();
    let mut seen = std::collections::BTreeSet::new();
    let mut without = 0;
    for user in &users {
        let body = json_of_status(
            g.get(&format!("users/{}/licenseDetails", id(user))).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            body["@odata.context"],
            format!(
                "{}v1.0/$metadata#users('{}')/licenseDetails",
                emu.base_url(),
                id(user)
            )
        );
        let value = body["value"].as_array().unwrap();
        if value.is_empty() {
            without += 1;
        }
        for license in value {
            assert_eq!(license["id"].as_str().unwrap().len(), 43, "{license}");
            assert_eq!(license["skuId"].as_str().unwrap().len(), 36, "{license}");
            let plans = license["servicePlans"].as_array().unwrap();
            assert!(!plans.is_empty());
            for plan in plans {
                for key in [
                    "servicePlanId",
                    "servicePlanName",
                    "provisioningStatus",
                    "appliesTo",
                ] {
                    assert!(plan[key].is_string(), "{key} in {plan}");
                }
            }
            seen.insert(license["skuPartNumber"].as_str().unwrap().to_owned());
        }
        // Guests hold no licence here.
        if user["userType"] == "Guest" {
            assert!(value.is_empty(), "{}", user["displayName"]);
        }
    }
    assert!(
        seen.contains("ENTERPRISEPACK") && seen.contains("SPE_E5"),
        "{seen:?}"
    );
    assert!(without > 0, "some users hold no licence");

    let licensed = users
        .iter()
        .find(|u| u["userType"] == "Member" && u["mail"].is_string())
        .unwrap();
    let body = json_of_status(
        g.get(&format!(
            "users/{}/licenseDetails?$select=skuPartNumber",
            id(licensed)
        ))
        .await,
        StatusCode::OK,
    )
    .await;
    for license in body["value"].as_array().unwrap() {
        assert_eq!(license.as_object().unwrap().len(), 1, "{license}");
    }
    graph_error(
        g.get(&format!(
            "users/{}/licenseDetails?$select=shoeSize",
            id(licensed)
        ))
        .await,
        StatusCode::BAD_REQUEST,
        "BadRequest",
    )
    .await;
    graph_error(
        g.get("users/nobody@contoso.com/licenseDetails").await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;
}

#[tokio::test]
async fn sign_in_activity_comes_only_when_selected_and_allowed() {
    let emu = start(60).await;
    let admin = Graph::admin(&emu).await;
    let users = emu.users_snapshot();
    let user = id(&users[1]);
    // Not in the default set, nor in another selection.
    let plain = json_of_status(admin.get(&format!("users/{user}")).await, StatusCode::OK).await;
    assert!(plain.get("signInActivity").is_none());
    let mut seen = 0;
    let mut never = 0;
    for user in &users {
        let body = json_of_status(
            admin
                .get(&format!("users/{}?$select=id,signInActivity", id(user)))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(body.as_object().unwrap().len(), 3, "{body}");
        let activity = &body["signInActivity"];
        if activity.is_null() {
            never += 1;
            continue;
        }
        seen += 1;
        for key in [
            "lastSignInDateTime",
            "lastSignInRequestId",
            "lastNonInteractiveSignInDateTime",
            "lastNonInteractiveSignInRequestId",
            "lastSuccessfulSignInDateTime",
            "lastSuccessfulSignInRequestId",
        ] {
            assert!(activity.get(key).is_some(), "{key} in {activity}");
        }
        let last: chrono::DateTime<chrono::Utc> = activity["lastSignInDateTime"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(last < chrono::Utc::now(), "{last}");
    }
    assert!(seen > 40 && never > 0, "{seen} seen, {never} never");
    // Listing with it works too.
    let (listed, _, _) = all_pages(&admin, "users?$select=id,signInActivity&$top=20", false).await;
    assert_eq!(listed.len(), 60);
    assert!(listed.iter().any(|u| u["signInActivity"].is_object()));

    // Without AuditLog.Read.All, Graph refuses, in these words (microsoft-graph-explorer-v4#2731).
    let reader = Graph::reader(&emu).await;
    let e = graph_error(
        reader
            .get(&format!("users/{user}?$select=signInActivity"))
            .await,
        StatusCode::FORBIDDEN,
        "Authentication_MSGraphPermissionMissing",
    )
    .await;
    assert_eq!(
        e["message"],
        "Calling principal does not have required MSGraph permissions AuditLog.Read.All"
    );
    graph_error(
        reader.get("users?$select=displayName,signInActivity").await,
        StatusCode::FORBIDDEN,
        "Authentication_MSGraphPermissionMissing",
    )
    .await;
    // The reader still reads the user without it.
    json_of_status(
        reader.get(&format!("users/{user}?$select=id")).await,
        StatusCode::OK,
    )
    .await;

    // In a tenant without Entra ID P1/P2, even an app with the permission is refused
    // (microsoft-graph-docs-contrib#3033).
    emu.set_faults(Faults {
        free_tenant: true,
        ..Faults::default()
    });
    let e = graph_error(
        admin
            .get(&format!("users/{user}?$select=signInActivity"))
            .await,
        StatusCode::FORBIDDEN,
        "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
    )
    .await;
    assert_eq!(
        e["message"],
        "Neither tenant is B2C or tenant doesn't have premium license"
    );
}
