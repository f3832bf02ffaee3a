//! Checks the JSON body of `POST /users` and `PATCH /users/{id}` the way the directory does
//! (<https://learn.microsoft.com/en-us/graph/api/user-post-users>,
//! <https://learn.microsoft.com/en-us/graph/api/user-update>), and turns it into stored values.
//!
//! Two layers, as on Graph: the `OData` layer refuses unknown properties and wrong JSON types
//! (`BadRequest`), then the directory checks values (`Request_BadRequest`, with `details`).

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::auth::bearer::Caller;
use crate::directory::roles::Sensitive;
use crate::directory::schema::Prop;
use crate::directory::store::Store;
use crate::directory::user::{Cell, Password, User};
use crate::http::errors::ApiError;

use crate::directory::rules::{
    check_password, check_upn, one_of, valid_language, valid_mail, valid_nickname,
};
use crate::odata::body::{Change, read};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Create,
    Patch,
}

/// The JSON object of a request body.
pub(crate) fn body(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(ApiError::odata(
            "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
        )),
    }
}

/// A new user from a `POST /users` body.
pub(crate) fn create(
    store: &Store,
    body: &Map<String, Value>,
    now: DateTime<Utc>,
) -> Result<User, ApiError> {
    let change = read(body)?;
    let given = |prop: Prop| {
        change
            .sets
            .iter()
            .find(|(p, _)| *p == prop)
            .map(|(_, c)| c)
            .filter(|c| !is_blank(c))
    };
    for prop in [
        Prop::AccountEnabled,
        Prop::DisplayName,
        Prop::MailNickname,
        Prop::UserPrincipalName,
    ] {
        if given(prop).is_none() {
            return Err(ApiError::required(prop.name()));
        }
    }
    let password = change
        .password
        .as_ref()
        .and_then(|p| p.password.clone())
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ApiError::required("passwordProfile"))?;

    let mut user = User::new(&uuid::Uuid::new_v4().to_string());
    for (prop, cell) in change.sets.iter().cloned() {
        let cell = check_value(store, prop, cell, Mode::Create, None)?;
        user.set(prop, cell);
    }
    check_password(&password, &user)?;
    let profile = change.password.unwrap_or_default();
    user.password = Some(Password {
        password: password.into(),
        force_change: profile.force_change.unwrap_or(true),
        force_change_with_mfa: profile.force_change_with_mfa.unwrap_or(false),
    });
    if matches!(user.cell(Prop::UserType), Cell::Null) {
        user.set(Prop::UserType, Cell::str("Member"));
    }
    user.set(Prop::CreatedDateTime, Cell::Date(now));
    user.set(Prop::LastPasswordChangeDateTime, Cell::Date(now));
    Ok(user)
}

/// `user` with a `PATCH` body applied.
pub(crate) fn patch(
    store: &Store,
    user: &User,
    body: &Map<String, Value>,
    caller: &Caller,
    now: DateTime<Utc>,
) -> Result<User, ApiError> {
    let change = read(body)?;
    authorize(caller, user, &change)?;
    if user.cell(Prop::OnPremisesSyncEnabled) == &Cell::Bool(true)
        && (change.password.is_some()
            || change
                .sets
                .iter()
                .any(|(prop, _)| MASTERED_ON_PREMISES.contains(prop)))
    {
        return Err(ApiError::mastered_on_premises());
    }
    let mut updated = user.clone();
    for (prop, cell) in change.sets {
        let cell = check_value(store, prop, cell, Mode::Patch, Some(user.seq))?;
        updated.set(prop, cell);
    }
    if let Some(change) = change.password {
        let mut profile = updated.password.clone().unwrap_or_default();
        if let Some(password) = change.password {
            check_password(&password, &updated)?;
            profile.password = password.into();
            updated.set(Prop::LastPasswordChangeDateTime, Cell::Date(now));
        }
        if let Some(force) = change.force_change {
            profile.force_change = force;
        }
        if let Some(force) = change.force_change_with_mfa {
            profile.force_change_with_mfa = force;
        }
        updated.password = Some(profile);
    }
    Ok(updated)
}

/// What Entra Connect writes from on-premises Active Directory: on a synced user its source
/// of authority is there, and Graph refuses to change it (400, `mastered_on_premises`); the
/// password too, without password writeback, which the emulator does not have. Usage
/// location, sign-in (`accountEnabled`) and the profile kept by `SharePoint` stay writable in
/// the cloud.
/// (<https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/reference-connect-sync-attributes-synchronized>;
/// `mobilePhone` since October 2020:
/// <https://devblogs.microsoft.com/microsoft365dev/breaking-change-to-microsoft-graph-users-api-updates-to-on-premises-sync-enabled-user-contact-numbers-are-no-longer-allowed/>.)
const MASTERED_ON_PREMISES: &[Prop] = &[
    Prop::BusinessPhones,
    Prop::City,
    Prop::CompanyName,
    Prop::Country,
    Prop::Department,
    Prop::DisplayName,
    Prop::EmployeeHireDate,
    Prop::EmployeeId,
    Prop::EmployeeType,
    Prop::FaxNumber,
    Prop::GivenName,
    Prop::JobTitle,
    Prop::Mail,
    Prop::MailNickname,
    Prop::MobilePhone,
    Prop::OfficeLocation,
    Prop::OnPremisesImmutableId,
    Prop::PostalCode,
    Prop::PreferredLanguage,
    Prop::ShowInAddressList,
    Prop::State,
    Prop::StreetAddress,
    Prop::Surname,
    Prop::UserPrincipalName,
];

/// The properties whose writes are "sensitive actions": on a user who holds an admin role
/// they need the app to hold a role that covers it
/// (<https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/privileged-roles-permissions#who-can-perform-sensitive-actions>).
const SENSITIVE: &[Prop] = &[
    Prop::AccountEnabled,
    Prop::BusinessPhones,
    Prop::MobilePhone,
    Prop::OnPremisesImmutableId,
    Prop::OtherMails,
    Prop::UserPrincipalName,
];

/// Graph checks each property against the app's permissions (`accountEnabled` and
/// `passwordProfile` have narrower ones of their own), then the sensitive ones against the
/// app's directory roles and the user's: 403 `Authorization_RequestDenied` otherwise.
fn authorize(caller: &Caller, user: &User, change: &Change) -> Result<(), ApiError> {
    let permitted = change.sets.iter().all(|(prop, _)| match prop {
        Prop::AccountEnabled => caller.can_enable_disable(),
        _ => caller.can_update(),
    }) && (change.password.is_none() || caller.can_write_passwords());
    Caller::require(permitted)?;
    if change.sets.iter().any(|(prop, _)| SENSITIVE.contains(prop)) {
        caller.may(user, Sensitive::Other)?;
    }
    if change.password.is_some() {
        caller.may(user, Sensitive::Password)?;
    }
    Ok(())
}

fn is_blank(cell: &Cell) -> bool {
    match cell {
        Cell::Null => true,
        Cell::Str(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The directory's checks of one property value; returns the value to store.
fn check_value(
    store: &Store,
    prop: Prop,
    cell: Cell,
    mode: Mode,
    own_seq: Option<u64>,
) -> Result<Cell, ApiError> {
    let name = prop.name();
    let invalid = || ApiError::invalid_value(name);
    let max = prop.def().max_len;
    let too_long = |s: &str| max > 0 && s.chars().count() > max;
    match &cell {
        Cell::Str(s) if s.trim().is_empty() || too_long(s) => return Err(invalid()),
        Cell::Strs(list) if list.iter().any(|s| s.trim().is_empty() || too_long(s)) => {
            return Err(invalid());
        }
        _ => {}
    }
    let text = match &cell {
        Cell::Str(s) => Some(&**s),
        _ => None,
    };
    match prop {
        // Not nullable once set; required on create (checked before this).
        Prop::AccountEnabled
        | Prop::DisplayName
        | Prop::MailNickname
        | Prop::UserPrincipalName
        | Prop::UsageLocation
        | Prop::UserType
            if cell == Cell::Null && mode == Mode::Patch =>
        {
            Err(invalid())
        }
        Prop::UserPrincipalName => {
            check_upn(store, text.unwrap_or_default(), own_seq)?;
            Ok(cell)
        }
        Prop::MailNickname if text.is_some_and(|t| !valid_nickname(t)) => Err(invalid()),
        Prop::Mail => match text {
            None if mode == Mode::Patch => Err(invalid()),
            None => Ok(cell),
            Some(mail) if !valid_mail(mail) => Err(invalid()),
            Some(mail) => match store.mail_owner(mail) {
                Some(owner) if Some(owner) != own_seq => Err(ApiError::conflict("proxyAddresses")),
                _ => Ok(cell),
            },
        },
        Prop::OtherMails => match &cell {
            Cell::Strs(list) if list.iter().any(|m| !valid_mail(m)) => Err(invalid()),
            _ => Ok(cell),
        },
        Prop::BusinessPhones => match &cell {
            Cell::Strs(list) if list.len() > 1 => Err(invalid()),
            _ => Ok(cell),
        },
        Prop::UsageLocation => match text {
            Some(t) if t.len() == 2 && t.chars().all(|c| c.is_ascii_alphabetic()) => {
                Ok(Cell::str(&t.to_ascii_uppercase()))
            }
            Some(_) => Err(invalid()),
            None => Ok(cell),
        },
        Prop::UserType if text.is_some() => {
            one_of(text, &["Member", "Guest"]).map_or_else(|| Err(invalid()), Ok)
        }
        Prop::AgeGroup if text.is_some() => {
            one_of(text, &["Minor", "NotAdult", "Adult"]).map_or_else(|| Err(invalid()), Ok)
        }
        Prop::PreferredLanguage if text.is_some_and(|t| !valid_language(t)) => Err(invalid()),
        Prop::PasswordPolicies
            if text.is_some_and(|t| {
                !t.split(',').all(|p| {
                    ["DisablePasswordExpiration", "DisableStrongPassword", "None"]
                        .iter()
                        .any(|ok| ok.eq_ignore_ascii_case(p.trim()))
                })
            }) =>
        {
            Err(invalid())
        }
        _ => Ok(cell),
    }
}

/// The public entry for checks of a UPN given outside a user body (restore).
pub(crate) fn check_new_upn(store: &Store, upn: &str) -> Result<(), ApiError> {
    check_upn(store, upn, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin() -> Caller {
        Caller {
            roles: vec!["User.ReadWrite.All".into()],
            wids: vec![crate::seed::demo::USER_ADMINISTRATOR.into()],
        }
    }

    fn new_user(extra: Value) -> Map<String, Value> {
        let mut body = serde_json::json!({
            "accountEnabled": true,
            "displayName": "Adele Vance",
            "mailNickname": "AdeleV",
            "userPrincipalName": "AdeleV@contoso.com",
            "passwordProfile": {"forceChangePasswordNextSignIn": true, "password": "xWwvJ]6NMw+bWH-d"}
        });
        if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
            b.extend(e);
        }
        match body {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    fn create_err(extra: Value) -> ApiError {
        create(&Store::default(), &new_user(extra), Utc::now()).unwrap_err()
    }

    #[test]
    fn a_minimal_body_creates_a_member() {
        let user = create(&Store::default(), &new_user(Value::Null), Utc::now()).unwrap();
        assert_eq!(user.upn(), "AdeleV@contoso.com");
        assert_eq!(user.text(Prop::UserType), Some("Member"));
        assert!(user.password.as_ref().unwrap().force_change);
    }

    #[test]
    fn create_errors_match_graph() {
        let e = create_err(serde_json::json!({"mailNickname": null}));
        assert_eq!(
            e.message,
            "Property mailNickname value is required but is empty or missing."
        );
        let e = create_err(serde_json::json!({"userPrincipalName": "a@fabrikam.com"}));
        assert!(
            e.message
                .starts_with("The domain portion of the userPrincipalName")
        );
        assert_eq!(e.details[0].target, "userPrincipalName");
        let e = create_err(serde_json::json!({"userPrincipalName": "jösé@contoso.com"}));
        assert_eq!(
            e.message,
            "Invalid value specified for property 'userPrincipalName' of resource 'User'."
        );
        let e = create_err(serde_json::json!({"passwordProfile": {"password": "password"}}));
        assert!(
            e.message
                .starts_with("The specified password does not comply")
        );
        let e = create_err(serde_json::json!({"shoeSize": 9}));
        assert_eq!(e.code, "BadRequest");
        assert!(
            e.message.starts_with(
                "The property 'shoeSize' does not exist on type 'microsoft.graph.user'."
            )
        );
        let e = create_err(serde_json::json!({"id": "x"}));
        assert_eq!(e.message, "Property 'id' is read-only and cannot be set.");
        let e = create_err(serde_json::json!({"businessPhones": ["1", "2"]}));
        assert_eq!(e.details[0].target, "businessPhones");
        let e = create_err(serde_json::json!({"usageLocation": "USA"}));
        assert_eq!(e.details[0].target, "usageLocation");
        let e = create_err(serde_json::json!({"mailNickname": "Adele V"}));
        assert_eq!(e.details[0].target, "mailNickname");
        let e = create_err(serde_json::json!({"accountEnabled": "yes"}));
        assert_eq!(
            e.message,
            "Cannot convert the literal 'yes' to the expected type 'Edm.Boolean'."
        );
        let e = create_err(serde_json::json!({"displayName": "x".repeat(257)}));
        assert_eq!(e.details[0].target, "displayName");
    }

    #[test]
    fn duplicates_are_conflicts_ignoring_case() {
        let mut store = Store::default();
        let user = create(&store, &new_user(Value::Null), Utc::now()).unwrap();
        store.insert(user);
        let e = create(
            &store,
            &new_user(serde_json::json!({"userPrincipalName": "ADELEV@contoso.com"})),
            Utc::now(),
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "Another object with the same value for property userPrincipalName already exists."
        );
        assert_eq!(e.details[0].code, "ObjectConflict");
    }

    #[test]
    fn patch_rules() {
        let store = Store::default();
        let user = create(&store, &new_user(Value::Null), Utc::now()).unwrap();
        let patch_body = |v: Value| match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        let ok = patch(
            &store,
            &user,
            &patch_body(serde_json::json!({"jobTitle": "Boss", "usageLocation": "gb"})),
            &admin(),
            Utc::now(),
        )
        .unwrap();
        assert_eq!(ok.text(Prop::JobTitle), Some("Boss"));
        assert_eq!(ok.text(Prop::UsageLocation), Some("GB"));
        let e = patch(
            &store,
            &user,
            &patch_body(serde_json::json!({"displayName": null})),
            &admin(),
            Utc::now(),
        )
        .unwrap_err();
        assert_eq!(e.details[0].target, "displayName");
        let e = patch(
            &store,
            &user,
            &patch_body(serde_json::json!({"createdDateTime": "2020-01-01T00:00:00Z"})),
            &admin(),
            Utc::now(),
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "Property 'createdDateTime' is read-only and cannot be set."
        );
        let reader = Caller {
            roles: vec!["User.ReadWrite.All".into()],
            wids: vec![],
        };
        let e = patch(
            &store,
            &user,
            &patch_body(serde_json::json!({"passwordProfile": {"password": "N3w!passw0rd"}})),
            &reader,
            Utc::now(),
        )
        .unwrap_err();
        assert_eq!(e.code, "Authorization_RequestDenied");
        let reset = patch(
            &store,
            &user,
            &patch_body(serde_json::json!({"passwordProfile": {"password": "N3w!passw0rd"}})),
            &admin(),
            Utc::now(),
        )
        .unwrap();
        assert_eq!(&*reset.password.unwrap().password, "N3w!passw0rd");
    }
}
