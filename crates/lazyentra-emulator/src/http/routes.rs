//! Graph URL paths → resources. Parsed by hand rather than with axum's router because `OData`
//! paths do not fit route patterns: `users('$x@y')` keys, `$count` segments, `%23` inside a
//! key, and Graph's own answers for paths it does not know.

use percent_encoding::percent_decode_str;

use crate::http::errors::ApiError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// `/v1.0/users`
    Users,
    /// `/v1.0/users/$count`
    UsersCount,
    /// `/v1.0/users/{id | upn}` or `/v1.0/users('{upn}')`
    User(String),
    /// `/v1.0/directory/deletedItems/microsoft.graph.user` (or the `graph.user` alias)
    DeletedUsers,
    /// `/v1.0/directory/deletedItems/microsoft.graph.user/$count`
    DeletedUsersCount,
    /// `/v1.0/directory/deletedItems` without a cast: Graph refuses to list it.
    DeletedItems,
    /// `/v1.0/directory/deletedItems/{id}[/microsoft.graph.user]`
    Deleted(String),
    /// `/v1.0/directory/deletedItems/{id}/restore`
    Restore(String),
    /// `/v1.0/organization`
    Organization,
    /// `/v1.0/domains`
    Domains,
    /// `/v1.0/me`: meaningless for app-only tokens.
    Me,
    /// `/v1.0/users/{key}/revokeSignInSessions`
    RevokeSessions(String),
    /// A user navigation or action Graph has but the emulator does not model
    /// (`manager`, `memberOf`, …): the segment name.
    NotEmulated(String),
    /// `/v1.0/$batch`: JSON batching (`http::batch`).
    Batch,
    /// `/v1.0/users/delta`
    Delta,
    /// `/v1.0/users/{key}/manager`
    Manager(String),
    /// `/v1.0/users/{key}/manager/$ref`
    ManagerRef(String),
    /// `/v1.0/users/{key}/directReports[/microsoft.graph.user]`: the key and whether cast.
    DirectReports(String, bool),
    /// `/v1.0/users/{key}/memberOf[/microsoft.graph.group]`: the key and whether cast.
    MemberOf(String, bool),
    /// `/v1.0/users/{key}/licenseDetails`
    LicenseDetails(String),
}

/// User navigations and actions that exist on Graph; anything else under a user is an
/// unknown segment.
const USER_SEGMENTS: &[&str] = &[
    "manager",
    "directReports",
    "memberOf",
    "transitiveMemberOf",
    "ownedDevices",
    "registeredDevices",
    "ownedObjects",
    "createdObjects",
    "appRoleAssignments",
    "licenseDetails",
    "assignLicense",
    "authentication",
    "photo",
    "extensions",
    "sponsors",
    "changePassword",
    "getMemberGroups",
    "checkMemberGroups",
];

/// The token endpoint's tenant segment, when `path` is `/{tenant}/oauth2/v2.0/token`.
pub(crate) fn token_tenant(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let (tenant, tail) = rest.split_once('/')?;
    let tail = tail.trim_end_matches('/');
    (tail.eq_ignore_ascii_case("oauth2/v2.0/token") && !tenant.is_empty()).then(|| decode(tenant))
}

fn decode(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

/// A Graph path.
pub(crate) fn parse(path: &str) -> Result<Route, ApiError> {
    let raw: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let mut segments: Vec<String> = raw.iter().map(|s| decode(s)).collect();
    if segments.len() > 1 && segments.last().is_some_and(String::is_empty) {
        segments.pop();
    }
    let version = segments.first().cloned().unwrap_or_default();
    if version != "v1.0" {
        return Err(ApiError::odata(format!("Invalid version: {version}")));
    }
    let rest: Vec<&str> = segments[1..].iter().map(String::as_str).collect();
    let is = |s: &str, name: &str| s.eq_ignore_ascii_case(name);
    match rest.as_slice() {
        [] => Err(ApiError::no_segment("v1.0")),
        [users] if is(users, "users") => Ok(Route::Users),
        [key] if key_segment(key) => Ok(Route::User(key_form(key)?)),
        [users, count] if is(users, "users") && *count == "$count" => Ok(Route::UsersCount),
        // Graph's OpenAPI description, which SDKs are generated from, calls the function
        // `/users/delta()`; the docs call it `/users/delta`
        // (https://learn.microsoft.com/en-us/graph/api/user-delta).
        [users, delta]
            if is(users, "users") && action(delta.strip_suffix("()").unwrap_or(delta), "delta") =>
        {
            Ok(Route::Delta)
        }
        [users, key] if is(users, "users") => {
            if key.starts_with('$') || key.is_empty() {
                return Err(ApiError::no_segment(key));
            }
            Ok(Route::User((*key).to_owned()))
        }
        [users, key, more, tail @ ..] if is(users, "users") => user_child(key, more, tail),
        [key, more, tail @ ..] if key_segment(key) => user_child(&key_form(key)?, more, tail),
        [me, ..] if is(me, "me") => Ok(Route::Me),
        // https://learn.microsoft.com/en-us/graph/json-batching
        [batch] if *batch == "$batch" => Ok(Route::Batch),
        [org] if is(org, "organization") => Ok(Route::Organization),
        [domains] if is(domains, "domains") => Ok(Route::Domains),
        [dir, items, rest @ ..] if is(dir, "directory") && is(items, "deletedItems") => {
            deleted(rest)
        }
        [other, ..] => Err(ApiError::no_segment(other)),
    }
}

/// Whether `segment` names the type or bound operation `name` of the `microsoft.graph`
/// namespace: bare (operations only), qualified (`microsoft.graph.user`) or through the
/// namespace's alias (`graph.user`), which Microsoft's Kiota-generated SDKs put in their URL
/// templates (msgraph-sdk-python `GraphUserRequestBuilder`:
/// `{+baseurl}/directory/deletedItems/graph.user`). The alias is declared in Graph's
/// `$metadata` (`<Schema Namespace="microsoft.graph" Alias="graph">`).
pub(crate) fn qualified(segment: &str, name: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("microsoft.graph.")
        .or_else(|| lower.strip_prefix("graph."));
    rest.is_some_and(|r| r.eq_ignore_ascii_case(name))
}

/// A bound action, bare or namespace-qualified (the .NET SDK posts to
/// `/users/{id}/microsoft.graph.revokeSignInSessions`, msgraph-sdk-powershell#834).
fn action(segment: &str, name: &str) -> bool {
    segment.eq_ignore_ascii_case(name) || qualified(segment, name)
}

/// A segment below one user, and what follows it.
fn user_child(key: &str, segment: &str, tail: &[&str]) -> Result<Route, ApiError> {
    let key = key.to_owned();
    let is = |name: &str| segment.eq_ignore_ascii_case(name);
    match tail {
        [] if action(segment, "revokeSignInSessions") => return Ok(Route::RevokeSessions(key)),
        [] if is("manager") => return Ok(Route::Manager(key)),
        [r] if is("manager") && *r == "$ref" => return Ok(Route::ManagerRef(key)),
        [] if is("directReports") => return Ok(Route::DirectReports(key, false)),
        [cast] if is("directReports") && qualified(cast, "user") => {
            return Ok(Route::DirectReports(key, true));
        }
        [] if is("memberOf") => return Ok(Route::MemberOf(key, false)),
        [] if is("licenseDetails") => return Ok(Route::LicenseDetails(key)),
        [cast] if is("memberOf") && qualified(cast, "group") => {
            return Ok(Route::MemberOf(key, true));
        }
        _ => {}
    }
    match USER_SEGMENTS
        .iter()
        .find(|s| s.eq_ignore_ascii_case(segment))
    {
        Some(known) if tail.is_empty() => Ok(Route::NotEmulated((*known).to_owned())),
        Some(known) => Ok(Route::NotEmulated(format!("{known}/{}", tail.join("/")))),
        None => Err(ApiError::no_segment(segment)),
    }
}

fn deleted(rest: &[&str]) -> Result<Route, ApiError> {
    let cast = |s: &str| qualified(s, "user");
    let restore = |s: &str| action(s, "restore");
    match rest {
        [] => Ok(Route::DeletedItems),
        [user] if cast(user) => Ok(Route::DeletedUsers),
        [user, count] if cast(user) && *count == "$count" => Ok(Route::DeletedUsersCount),
        [id] => Ok(Route::Deleted((*id).to_owned())),
        // A cast after a key narrows that one item to a user.
        [id, user] if cast(user) => Ok(Route::Deleted((*id).to_owned())),
        [id, act] if restore(act) => Ok(Route::Restore((*id).to_owned())),
        [id, user, act] if cast(user) && restore(act) => Ok(Route::Restore((*id).to_owned())),
        [_, other, ..] => Err(ApiError::no_segment(other)),
    }
}

/// Whether a segment is the key form `users(…)`.
fn key_segment(segment: &str) -> bool {
    segment
        .get(..6)
        .is_some_and(|p| p.eq_ignore_ascii_case("users("))
}

/// `users('key')`: the key is an `OData` string literal, quotes doubled inside.
fn key_form(segment: &str) -> Result<String, ApiError> {
    let inner = segment[6..]
        .strip_suffix(')')
        .and_then(|s| s.strip_prefix('\''))
        .and_then(|s| s.strip_suffix('\''))
        .ok_or_else(|| ApiError::no_segment(segment))?;
    // A lone quote inside would have ended the literal.
    if inner.replace("''", "").contains('\'') {
        return Err(ApiError::no_segment(segment));
    }
    Ok(inner.replace("''", "'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_paths() {
        assert_eq!(parse("/v1.0/users").unwrap(), Route::Users);
        assert_eq!(parse("/v1.0/users/").unwrap(), Route::Users);
        assert_eq!(parse("/v1.0/users/$count").unwrap(), Route::UsersCount);
        assert_eq!(
            parse("/v1.0/users/AdeleVance_adatum.com%23EXT%23@contoso.com").unwrap(),
            Route::User("AdeleVance_adatum.com#EXT#@contoso.com".into())
        );
        assert_eq!(
            parse("/v1.0/users('$svc-backup@contoso.com')").unwrap(),
            Route::User("$svc-backup@contoso.com".into())
        );
        assert_eq!(
            parse("/v1.0/users(%27o%27%27neil@contoso.com%27)").unwrap(),
            Route::User("o'neil@contoso.com".into())
        );
        assert!(parse("/v1.0/users/$svc-backup@contoso.com").is_err());
        assert!(parse("/v1.0/users('unterminated)").is_err());
        let e = parse("/v1.0/groups").unwrap_err();
        assert_eq!(e.message, "Resource not found for the segment 'groups'.");
        assert_eq!(
            parse("/beta/users").unwrap_err().message,
            "Invalid version: beta"
        );
        assert_eq!(
            parse("/v1.0/users('a@b.com')/revokeSignInSessions").unwrap(),
            Route::RevokeSessions("a@b.com".into())
        );
        assert_eq!(
            parse("/v1.0/users/a@b.com/manager").unwrap(),
            Route::Manager("a@b.com".into())
        );
        assert_eq!(
            parse("/v1.0/users/a@b.com/manager/$ref").unwrap(),
            Route::ManagerRef("a@b.com".into())
        );
        assert_eq!(
            parse("/v1.0/users/a@b.com/memberOf/graph.group").unwrap(),
            Route::MemberOf("a@b.com".into(), true)
        );
        assert_eq!(
            parse("/v1.0/users/a@b.com/memberOf/microsoft.graph.group").unwrap(),
            Route::MemberOf("a@b.com".into(), true)
        );
        assert_eq!(
            parse("/v1.0/users/a@b.com/directReports").unwrap(),
            Route::DirectReports("a@b.com".into(), false)
        );
        assert_eq!(
            parse("/v1.0/users/a@b.com/licenseDetails").unwrap(),
            Route::LicenseDetails("a@b.com".into())
        );
        assert_eq!(parse("/v1.0/users/delta").unwrap(), Route::Delta);
        assert_eq!(parse("/v1.0/users/delta()").unwrap(), Route::Delta);
        assert_eq!(
            parse("/v1.0/users/microsoft.graph.delta()").unwrap(),
            Route::Delta
        );
        assert_eq!(
            parse("/v1.0/users/a@b.com/ownedDevices").unwrap(),
            Route::NotEmulated("ownedDevices".into())
        );
        assert!(parse("/v1.0/users/a@b.com/shoes").is_err());
        assert_eq!(parse("/v1.0/me").unwrap(), Route::Me);
        assert_eq!(
            parse("/v1.0/users/a@b.com/microsoft.graph.revokeSignInSessions").unwrap(),
            Route::RevokeSessions("a@b.com".into())
        );
        assert_eq!(parse("/v1.0/$batch").unwrap(), Route::Batch);
    }

    #[test]
    fn deleted_item_paths() {
        assert_eq!(
            parse("/v1.0/directory/deletedItems/microsoft.graph.user").unwrap(),
            Route::DeletedUsers
        );
        assert_eq!(
            parse("/v1.0/directory/deletedItems/graph.user").unwrap(),
            Route::DeletedUsers
        );
        assert_eq!(
            parse("/v1.0/directory/deletedItems/Graph.User/$count").unwrap(),
            Route::DeletedUsersCount
        );
        assert_eq!(
            parse("/v1.0/directory/deletedItems/abc/graph.user").unwrap(),
            Route::Deleted("abc".into())
        );
        assert_eq!(
            parse("/v1.0/directory/deletedItems/abc/microsoft.graph.user").unwrap(),
            Route::Deleted("abc".into())
        );
        assert!(
            parse("/v1.0/directory/deletedItems/graph.group")
                .is_ok_and(|r| r == Route::Deleted("graph.group".into()))
        );
        assert!(parse("/v1.0/directory/deletedItems/abc/graph.users").is_err());
        assert_eq!(
            parse("/v1.0/directory/deleteditems").unwrap(),
            Route::DeletedItems
        );
        assert_eq!(
            parse("/v1.0/directory/deletedItems/abc/restore").unwrap(),
            Route::Restore("abc".into())
        );
    }

    #[test]
    fn token_paths() {
        assert_eq!(
            token_tenant("/contoso.com/oauth2/v2.0/token").as_deref(),
            Some("contoso.com")
        );
        assert_eq!(token_tenant("/v1.0/users"), None);
    }
}
