//! Graph's privilege rules beyond permissions: resetting a password needs a directory role on
//! the app, and resetting, blocking, deleting or signing out a user who holds an admin role
//! needs a role that covers it
//! (<https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/privileged-roles-permissions>).
//! The demo's admin app holds User Administrator; the privileged app Privileged
//! Authentication Administrator; the "no role" app none.

use lazyentra_emulator::{Emulator, demo};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use super::{Graph, graph_error, start};

const DENIED: &str = "Authorization_RequestDenied";

fn id(emu: &Emulator, upn: &str) -> String {
    emu.user(upn).unwrap()["id"].as_str().unwrap().to_owned()
}

/// An ordinary member (no role) of the seeded tenant.
const ORDINARY: &str = "robert.tables@contoso.com";

async fn reset(g: &Graph, id: &str, password: &str) -> Response {
    let body =
        json!({"passwordProfile": {"password": password, "forceChangePasswordNextSignIn": true}});
    g.send_json(Method::PATCH, &format!("users/{id}"), &body)
        .await
}

async fn patch(g: &Graph, id: &str, body: Value) -> Response {
    g.send_json(Method::PATCH, &format!("users/{id}"), &body)
        .await
}

async fn denied(response: Response) {
    let e = graph_error(response, StatusCode::FORBIDDEN, DENIED).await;
    assert_eq!(
        e["message"],
        "Insufficient privileges to complete the operation."
    );
}

fn password(emu: &Emulator, upn: &str) -> Value {
    emu.user(upn).unwrap()["passwordProfile"].clone()
}

#[tokio::test]
async fn a_user_administrator_resets_non_admins_and_limited_admins_but_not_global_admins() {
    let emu = start(30).await;
    let g = Graph::admin(&emu).await;
    let before = password(&emu, demo::GLOBAL_ADMINISTRATOR_UPN);
    let megan = id(&emu, demo::GLOBAL_ADMINISTRATOR_UPN);
    denied(reset(&g, &megan, "Str0ng!Passw0rd").await).await;
    assert_eq!(password(&emu, demo::GLOBAL_ADMINISTRATOR_UPN), before);

    for upn in [ORDINARY, demo::HELPDESK_ADMINISTRATOR_UPN] {
        let response = reset(&g, &id(&emu, upn), "Str0ng!Passw0rd").await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{upn}");
        let stored = password(&emu, upn);
        assert_eq!(stored["password"], "Str0ng!Passw0rd", "{upn}");
        assert_eq!(stored["forceChangePasswordNextSignIn"], true);
    }
    // The Privileged Authentication Administrator is beyond a User Administrator too.
    let isaiah = id(&emu, "isaiah.langer@contoso.com");
    denied(reset(&g, &isaiah, "Str0ng!Passw0rd").await).await;
}

#[tokio::test]
async fn blocking_deleting_and_signing_out_an_admin_need_a_role_that_covers_it() {
    let emu = start(30).await;
    let g = Graph::admin(&emu).await;
    let megan = id(&emu, demo::GLOBAL_ADMINISTRATOR_UPN);
    denied(patch(&g, &megan, json!({"accountEnabled": false})).await).await;
    denied(patch(&g, &megan, json!({"mobilePhone": "+1 425 555 0199"})).await).await;
    denied(
        g.request(Method::POST, &format!("users/{megan}/revokeSignInSessions"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    denied(g.delete(&format!("users/{megan}")).await).await;
    let stored = emu.user(&megan).unwrap();
    assert_eq!(stored["accountEnabled"], true);
    assert_ne!(stored["mobilePhone"], "+1 425 555 0199");
    assert_eq!(emu.deleted_count(), 0);
    // What is not sensitive is only a matter of the Graph permission.
    let response = patch(&g, &megan, json!({"officeLocation": "Redmond 2/1.101"})).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    // A Helpdesk Administrator is a limited admin: the User Administrator may.
    let lee = id(&emu, demo::HELPDESK_ADMINISTRATOR_UPN);
    let response = patch(&g, &lee, json!({"accountEnabled": false})).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = g
        .request(Method::POST, &format!("users/{lee}/revokeSignInSessions"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        g.delete(&format!("users/{lee}")).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(emu.deleted_count(), 1);
}

#[tokio::test]
async fn a_privileged_authentication_administrator_may_change_everyone() {
    let emu = start(30).await;
    let g = Graph::new(
        &emu,
        demo::PRIVILEGED_CLIENT_ID,
        demo::PRIVILEGED_CLIENT_SECRET,
    )
    .await;
    let megan = id(&emu, demo::GLOBAL_ADMINISTRATOR_UPN);
    let response = reset(&g, &megan, "An0ther!Passw0rd").await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        password(&emu, demo::GLOBAL_ADMINISTRATOR_UPN)["password"],
        "An0ther!Passw0rd"
    );
    let response = patch(&g, &megan, json!({"accountEnabled": false})).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(emu.user(&megan).unwrap()["accountEnabled"], false);
    assert_eq!(
        g.delete(&format!("users/{megan}")).await.status(),
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn without_a_role_an_app_resets_no_password_and_changes_no_admin() {
    let emu = start(30).await;
    let g = Graph::new(&emu, demo::NO_ROLE_CLIENT_ID, demo::NO_ROLE_CLIENT_SECRET).await;
    let ordinary = id(&emu, ORDINARY);
    let before = password(&emu, ORDINARY);
    denied(reset(&g, &ordinary, "Str0ng!Passw0rd").await).await;
    // forceChangePasswordNextSignIn alone is a passwordProfile write too.
    denied(
        patch(
            &g,
            &ordinary,
            json!({"passwordProfile": {"forceChangePasswordNextSignIn": true}}),
        )
        .await,
    )
    .await;
    assert_eq!(password(&emu, ORDINARY), before);
    // The Graph permission is enough for the sensitive writes on a user without a role…
    let response = patch(&g, &ordinary, json!({"accountEnabled": false})).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    // …and not for an admin, however limited.
    let lee = id(&emu, demo::HELPDESK_ADMINISTRATOR_UPN);
    denied(patch(&g, &lee, json!({"accountEnabled": false})).await).await;
    denied(g.delete(&format!("users/{lee}")).await).await;
}

#[tokio::test]
async fn a_weak_password_is_graphs_400_and_a_read_only_app_is_refused_every_write() {
    let emu = start(30).await;
    let g = Graph::admin(&emu).await;
    let ordinary = id(&emu, ORDINARY);
    let before = password(&emu, ORDINARY);
    let e = graph_error(
        reset(&g, &ordinary, "password").await,
        StatusCode::BAD_REQUEST,
        "Request_BadRequest",
    )
    .await;
    assert_eq!(
        e["message"],
        "The specified password does not comply with password complexity requirements. Please provide a different password."
    );
    assert_eq!(e["details"][0]["target"], "passwordProfile");
    assert_eq!(password(&emu, ORDINARY), before);

    let reader = Graph::reader(&emu).await;
    for upn in [ORDINARY, demo::GLOBAL_ADMINISTRATOR_UPN] {
        let user = id(&emu, upn);
        denied(reset(&reader, &user, "Str0ng!Passw0rd").await).await;
        denied(patch(&reader, &user, json!({"accountEnabled": false})).await).await;
        denied(
            reader
                .request(Method::POST, &format!("users/{user}/revokeSignInSessions"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        denied(reader.delete(&format!("users/{user}")).await).await;
    }
    assert_eq!(password(&emu, ORDINARY), before);
    assert_eq!(emu.deleted_count(), 0);
}
