//! Checks the JSON body of `POST /users` and `PATCH /users/{id}` the way the directory does
//! (GRAPH.md §4–5), and turns it into stored values.
//!
//! Two layers, as on Graph: the OData layer refuses unknown properties and wrong JSON types
//! (`BadRequest`), then the directory checks values (`Request_BadRequest`, with `details`).

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::auth::Caller;
use super::demo;
use super::errors::ApiError;
use super::schema::{Access, Kind, Prop};
use super::store::Store;
use super::user::{Cell, Password, User};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Create,
    Patch,
}

/// A body that passed the OData layer: property values converted to cells.
#[derive(Debug, Default)]
struct Change {
    sets: Vec<(Prop, Cell)>,
    password: Option<PasswordChange>,
}

#[derive(Debug, Default)]
struct PasswordChange {
    password: Option<String>,
    force_change: Option<bool>,
    force_change_with_mfa: Option<bool>,
}

/// The JSON object of a request body.
pub fn body(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(ApiError::odata(
            "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
        )),
    }
}

/// A new user from a `POST /users` body.
pub fn create(
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
pub fn patch(
    store: &Store,
    user: &User,
    body: &Map<String, Value>,
    caller: &Caller,
    now: DateTime<Utc>,
) -> Result<User, ApiError> {
    let change = read(body)?;
    if change.password.is_some() && !caller.can_reset_passwords() {
        return Err(ApiError::forbidden());
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

fn is_blank(cell: &Cell) -> bool {
    match cell {
        Cell::Null => true,
        Cell::Str(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The OData layer: known, writable properties with values of the right JSON type.
fn read(body: &Map<String, Value>) -> Result<Change, ApiError> {
    let mut change = Change::default();
    for (key, value) in body {
        if key.contains('@') {
            continue; // instance annotations such as @odata.type
        }
        let Some(prop) = Prop::find_exact(key) else {
            return Err(no_such_property(key, "microsoft.graph.user"));
        };
        let def = prop.def();
        match def.access {
            Access::ReadWrite => change.sets.push((prop, convert(key, def.kind, value)?)),
            Access::WriteOnly => change.password = Some(password_profile(value)?),
            Access::ReadOnly | Access::SingleEntity => return Err(ApiError::read_only(key)),
        }
    }
    Ok(change)
}

fn no_such_property(key: &str, type_name: &str) -> ApiError {
    ApiError::odata(format!(
        "The property '{key}' does not exist on type '{type_name}'. Make sure to only use property names that are defined by the type or mark the type as open type."
    ))
}

fn cannot_convert(value: &Value, edm: &str) -> ApiError {
    let literal = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    ApiError::odata(format!(
        "Cannot convert the literal '{literal}' to the expected type '{edm}'."
    ))
}

fn convert(key: &str, kind: Kind, value: &Value) -> Result<Cell, ApiError> {
    Ok(match (kind, value) {
        (Kind::Strs, Value::Null) => {
            return Err(ApiError::odata(format!(
                "A null value was found for the property named '{key}', which has the expected type 'Collection(Edm.String)[Nullable=False]'. The expected type 'Collection(Edm.String)[Nullable=False]' does not allow null values."
            )));
        }
        (_, Value::Null) => Cell::Null,
        (Kind::Str, Value::String(s)) => Cell::str(s),
        (Kind::Bool, Value::Bool(b)) => Cell::Bool(*b),
        (Kind::Date, Value::String(s)) => DateTime::parse_from_rfc3339(s)
            .map(|d| Cell::Date(d.with_timezone(&Utc)))
            .map_err(|_| cannot_convert(value, "Edm.DateTimeOffset"))?,
        (Kind::Strs, Value::Array(items)) => {
            let mut list = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) => list.push(s.as_str()),
                    other => return Err(cannot_convert(other, "Edm.String")),
                }
            }
            Cell::strs(&list)
        }
        (Kind::Strs, _) => {
            return Err(ApiError::odata(format!(
                "A node of type 'PrimitiveValue' was read from the JSON reader when trying to read the contents of the property '{key}'; however, a 'StartArray' node was expected."
            )));
        }
        (_, other) => return Err(cannot_convert(other, kind.edm())),
    })
}

fn password_profile(value: &Value) -> Result<PasswordChange, ApiError> {
    let Value::Object(map) = value else {
        return Err(cannot_convert(value, "microsoft.graph.passwordProfile"));
    };
    let mut change = PasswordChange::default();
    for (key, value) in map {
        if key.contains('@') {
            continue;
        }
        match (key.as_str(), value) {
            ("password", Value::String(s)) => change.password = Some(s.clone()),
            ("password", Value::Null) => change.password = None,
            ("forceChangePasswordNextSignIn", Value::Bool(b)) => change.force_change = Some(*b),
            ("forceChangePasswordNextSignInWithMfa", Value::Bool(b)) => {
                change.force_change_with_mfa = Some(*b);
            }
            ("password", other) => return Err(cannot_convert(other, "Edm.String")),
            ("forceChangePasswordNextSignIn" | "forceChangePasswordNextSignInWithMfa", other) => {
                return Err(cannot_convert(other, "Edm.Boolean"));
            }
            _ => return Err(no_such_property(key, "microsoft.graph.passwordProfile")),
        }
    }
    Ok(change)
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

/// The canonical spelling of `text` among `allowed` (matched ignoring case).
fn one_of(text: Option<&str>, allowed: &[&str]) -> Option<Cell> {
    let text = text?;
    allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(text))
        .map(|a| Cell::str(a))
}

/// userPrincipalName: `alias@verified-domain`, allowed characters only, unique.
fn check_upn(store: &Store, upn: &str, own_seq: Option<u64>) -> Result<(), ApiError> {
    let invalid = || ApiError::invalid_value("userPrincipalName");
    let (alias, domain) = upn.rsplit_once('@').ok_or_else(invalid)?;
    let alias_ok = !alias.is_empty()
        && alias.chars().count() <= 64
        && !alias.starts_with('.')
        && !alias.ends_with('.')
        && !alias.contains("..")
        && alias
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "'.-_!#^~$".contains(c));
    if !alias_ok || domain.is_empty() {
        return Err(invalid());
    }
    if !demo::VERIFIED_DOMAINS
        .iter()
        .any(|d| d.eq_ignore_ascii_case(domain))
    {
        return Err(ApiError::bad_request(
            "The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.",
        )
        .detail("InvalidValue", "userPrincipalName"));
    }
    match store.upn_owner(upn) {
        Some(owner) if Some(owner) != own_seq => Err(ApiError::conflict("userPrincipalName")),
        _ => Ok(()),
    }
}

/// The public entry for checks of a UPN given outside a user body (restore).
pub fn check_new_upn(store: &Store, upn: &str) -> Result<(), ApiError> {
    check_upn(store, upn, None)
}

/// mailNickname: printable ASCII without `@ ( ) \ [ ] " ; : < > ,` or spaces.
fn valid_nickname(nick: &str) -> bool {
    !nick.starts_with('.')
        && !nick.ends_with('.')
        && nick
            .chars()
            .all(|c| c.is_ascii_graphic() && !"@()\\[]\";:<>,".contains(c))
}

fn valid_mail(mail: &str) -> bool {
    let Some((local, domain)) = mail.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !mail.chars().any(char::is_whitespace)
        && !local.contains('@')
}

/// ISO 639-1 language with optional subtags: `en`, `en-US`, `zh-Hant-TW`.
fn valid_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    lang_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Entra's cloud password policy: 8–256 characters from the allowed set, three of the four
/// classes (lower, upper, digit, symbol); waived by `DisableStrongPassword`.
fn check_password(password: &str, user: &User) -> Result<(), ApiError> {
    let strong_disabled = user
        .text(Prop::PasswordPolicies)
        .is_some_and(|p| p.to_ascii_lowercase().contains("disablestrongpassword"));
    let len = password.chars().count();
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password
            .chars()
            .any(|c| c.is_ascii_punctuation() || c == ' '),
    ]
    .iter()
    .filter(|present| **present)
    .count();
    let allowed = password.chars().all(|c| c == ' ' || c.is_ascii_graphic());
    let ok = (8..=256).contains(&len) && allowed && (strong_disabled || classes >= 3);
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            "The specified password does not comply with password complexity requirements. Please provide a different password.",
        )
        .detail("InvalidValue", "passwordProfile"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin() -> Caller {
        Caller {
            roles: vec!["User.ReadWrite.All".into()],
            wids: vec![demo::USER_ADMINISTRATOR.into()],
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
