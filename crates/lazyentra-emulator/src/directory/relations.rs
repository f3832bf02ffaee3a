//! A user's links: `manager` (get, `$ref` put and delete, and `$expand=manager`),
//! `directReports` and `memberOf` (groups of every kind and directory roles)
//! (<https://learn.microsoft.com/en-us/graph/api/user-list-manager>,
//! <https://learn.microsoft.com/en-us/graph/api/user-post-manager>,
//! <https://learn.microsoft.com/en-us/graph/api/user-delete-manager>,
//! <https://learn.microsoft.com/en-us/graph/api/user-list-directreports>,
//! <https://learn.microsoft.com/en-us/graph/api/user-list-memberof>).
//!
//! The collections page like `/users` (`$top` up to 999, `@odata.nextLink` with an opaque
//! `$skiptoken`) and take `$select`; the query options the emulator does not model there
//! (`$filter`, `$search`, `$orderby`, `$count`, `$expand`) answer 501 rather than a made-up
//! Graph error.

use std::hash::BuildHasher;

use axum::body::Body;
use axum::http::{Response, StatusCode};
use serde_json::{Value, json};

use crate::auth::bearer::Caller;
use crate::directory::schema::Prop;
use crate::directory::state::Shared;
use crate::directory::store::{Group, GroupKind, Store};
use crate::directory::user::{Ordered, User, format_date};
use crate::directory::validate;
use crate::http::errors::ApiError;
use crate::http::paging::{self, Cursor};
use crate::http::response::{Ctx, json as json_response, no_content};
use crate::odata::query::{self, Query};

const USER_TYPE: &str = "#microsoft.graph.user";
const GROUP_TYPE: &str = "#microsoft.graph.group";

/// `$expand=manager` or `$expand=manager($select=a,b)`: the manager's properties to show.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Expand {
    pub select: Option<Vec<Prop>>,
}

/// Reads a `$expand` value. Only `manager` is modelled; other navigations Graph can expand
/// answer 501, and names that are no navigation of a user 400 as in Graph.
pub(crate) fn parse_expand(value: &str) -> Result<Expand, ApiError> {
    let value = value.trim();
    let (name, options) = match value.split_once('(') {
        Some((name, rest)) => {
            let inner = rest
                .strip_suffix(')')
                .ok_or_else(|| ApiError::odata(format!("Syntax error in '$expand={value}'.")))?;
            (name.trim(), Some(inner))
        }
        None => (value, None),
    };
    if !name.eq_ignore_ascii_case("manager") {
        let navigation = [
            "directReports",
            "memberOf",
            "transitiveMemberOf",
            "ownedDevices",
            "registeredDevices",
            "ownedObjects",
            "createdObjects",
            "sponsors",
            "extensions",
        ];
        return Err(
            if name.contains(',') || navigation.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                ApiError::not_emulated(&format!("$expand={value}"))
            } else {
                ApiError::odata(format!(
                    "Could not find a property named '{name}' on type 'microsoft.graph.user'."
                ))
            },
        );
    }
    let mut expand = Expand { select: None };
    for option in options.unwrap_or_default().split(';').map(str::trim) {
        if option.is_empty() {
            continue;
        }
        let (key, val) = option.split_once('=').unwrap_or((option, ""));
        let key = key.trim().to_ascii_lowercase();
        match key.as_str() {
            "$select" => expand.select = query::parse(Some(&format!("$select={val}")))?.select,
            // Manager chains need ConsistencyLevel and single users only (user-list-manager).
            "$levels" => return Err(ApiError::not_emulated("$expand=manager($levels=…)")),
            _ => {
                return Err(ApiError::odata(format!(
                    "The query parameter '{key}' is not supported."
                )));
            }
        }
    }
    Ok(expand)
}

/// The manager object `$expand=manager` puts inline, or `None` when the user has none (Graph
/// then leaves `manager` out of the user).
pub(crate) fn expanded_manager(store: &Store, user: &User, expand: &Expand) -> Option<Value> {
    let manager = store.find(user.manager.as_deref()?)?;
    let props = expand.select.clone().unwrap_or_else(Prop::default_set);
    serde_json::to_value(manager.to_wire(type_head(USER_TYPE), &props)).ok()
}

/// `user` on the wire with `props`, after `head`, and its manager when expanded.
pub(crate) fn user_wire(
    store: &Store,
    user: &User,
    head: Vec<(String, Value)>,
    props: &[Prop],
    expand: Option<&Expand>,
) -> Ordered {
    let mut wire = user.to_wire(head, props);
    if let Some(manager) = expand.and_then(|e| expanded_manager(store, user, e)) {
        wire.0.push(("manager".to_owned(), manager));
    }
    wire
}

fn type_head(odata_type: &str) -> Vec<(String, Value)> {
    vec![(
        "@odata.type".to_owned(),
        Value::String(odata_type.to_owned()),
    )]
}

fn context(shared: &Shared, set: &str, select: Option<&[String]>) -> String {
    match select {
        Some(names) => format!("{}{set}({})", shared.metadata(), names.join(",")),
        None => format!("{}{set}", shared.metadata()),
    }
}

/// `GET /users/{key}/manager`: the manager as a directory object, or 404 naming `manager`
/// when none is set.
pub(crate) fn manager(
    shared: &Shared,
    caller: &Caller,
    key: &str,
    raw: Option<&str>,
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_read())?;
    let q = query::parse(raw)?;
    let props = q.select.clone().unwrap_or_else(Prop::default_set);
    let names = q
        .select
        .as_ref()
        .map(|s| s.iter().map(|p| p.name().to_owned()).collect::<Vec<_>>());
    let mut head = vec![(
        "@odata.context".to_owned(),
        Value::String(format!(
            "{}/$entity",
            context(shared, "directoryObjects", names.as_deref())
        )),
    )];
    head.extend(type_head(USER_TYPE));
    let body = {
        let store = shared.store();
        let user = store.find(key).ok_or_else(|| ApiError::not_found(key))?;
        let manager = user
            .manager
            .as_deref()
            .and_then(|id| store.find(id))
            .ok_or_else(|| ApiError::not_found("manager"))?;
        manager.to_wire(head, &props)
    };
    Ok(json_response(StatusCode::OK, &body))
}

/// `PUT /users/{key}/manager/$ref` with `{"@odata.id": "…/users/{managerId}"}`: 204.
///
/// Graph's answers to a bad body, as reported against its SDKs: an empty one is 400 "An
/// unexpected '`EndOfInput`' node was found when reading from the JSON reader. A
/// '`StartObject`' node was expected." (msgraph-sdk-powershell#705, msgraph-sdk-java#575), and
/// an `@odata.id`
/// that is no URL is 400 "Invalid URL format specified in payload." (msgraph-sdk-powershell#3150).
/// Graph documents no refusal of a manager chain that loops back (A manages B, B manages A),
/// so only a user named as its own manager is refused.
pub(crate) fn set_manager(
    shared: &Shared,
    caller: &Caller,
    key: &str,
    body: &[u8],
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_write_manager())?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "An unexpected 'EndOfInput' node was found when reading from the JSON reader. A 'StartObject' node was expected.",
        ));
    }
    let body = validate::body(body)?;
    let manager_key = body
        .get("@odata.id")
        .and_then(Value::as_str)
        .and_then(reference_id)
        .ok_or_else(|| ApiError::bad_request("Invalid URL format specified in payload."))?;
    let mut store = shared.store();
    let seq = store
        .find(key)
        .map(|u| u.seq)
        .ok_or_else(|| ApiError::not_found(key))?;
    let manager = store
        .find(&manager_key)
        .map(|m| (m.seq, m.id.clone()))
        .ok_or_else(|| ApiError::not_found(&manager_key))?;
    if manager.0 == seq {
        return Err(ApiError::bad_request("A user cannot be their own manager."));
    }
    store.set_manager(seq, Some(&manager.1));
    Ok(no_content())
}

/// The object id an `@odata.id` reference names: an absolute URL whose path ends in
/// `/users/{id}` or `/directoryObjects/{id}`.
fn reference_id(reference: &str) -> Option<String> {
    let url = url::Url::parse(reference).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    let mut segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let id = segments.pop()?;
    let set = segments.pop()?;
    let known = ["users", "directoryObjects"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(set));
    known.then(|| {
        percent_encoding::percent_decode_str(id)
            .decode_utf8_lossy()
            .into_owned()
    })
}

/// `DELETE /users/{key}/manager/$ref`: 204, or 404 naming `manager` when none is set.
pub(crate) fn remove_manager(
    shared: &Shared,
    caller: &Caller,
    key: &str,
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_write_manager())?;
    let mut store = shared.store();
    let user = store.find(key).ok_or_else(|| ApiError::not_found(key))?;
    let seq = user.seq;
    if user
        .manager
        .as_deref()
        .and_then(|id| store.find(id))
        .is_none()
    {
        return Err(ApiError::not_found("manager"));
    }
    store.set_manager(seq, None);
    Ok(no_content())
}

/// Refuses the query options the emulator does not model on a navigation collection.
fn only_paging(q: &Query, segment: &str) -> Result<(), ApiError> {
    let unmodelled = [
        ("$filter", q.filter.is_some()),
        ("$search", q.search.is_some()),
        ("$orderby", q.order.is_some()),
        ("$count", q.count),
        ("$expand", q.expand.is_some()),
    ];
    match unmodelled.iter().find(|(_, used)| *used) {
        Some((option, _)) => Err(ApiError::not_emulated(&format!("{option} on {segment}"))),
        None => Ok(()),
    }
}

fn page_size(top: Option<i64>) -> Result<usize, ApiError> {
    match top {
        None => Ok(100),
        Some(n @ 1..=999) => Ok(usize::try_from(n).unwrap_or(100)),
        Some(n) => Err(ApiError::unsupported_query(format!(
            "Invalid page size specified: '{n}'. Must be between 1 and 999 inclusive."
        ))),
    }
}

/// The next link of a navigation collection.
fn next_link(shared: &Shared, path: &str, raw: Option<&str>, token: &str) -> String {
    let mut parts = query::without_skiptoken(raw);
    let skip = format!("$skiptoken={}", token.replace('\'', "%27"));
    parts.push(&skip);
    format!("{}{path}?{}", shared.graph_root(), parts.join("&"))
}

/// `GET /users/{key}/directReports[/microsoft.graph.user]`: the users whose manager this is.
pub(crate) fn direct_reports(
    shared: &Shared,
    ctx: &Ctx,
    caller: &Caller,
    (key, cast): (&str, bool),
    raw: Option<&str>,
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_read())?;
    let q = query::parse(raw)?;
    only_paging(&q, "directReports")?;
    let top = page_size(q.top)?;
    let props = q.select.clone().unwrap_or_else(Prop::default_set);
    let names = q
        .select
        .as_ref()
        .map(|s| s.iter().map(|p| p.name().to_owned()).collect::<Vec<_>>());
    let store = shared.store();
    let user = store.find(key).ok_or_else(|| ApiError::not_found(key))?;
    let fingerprint = shared
        .page_key
        .hash_one(("directReports", &*user.id, cast, &q.select));
    let after = q
        .skiptoken
        .as_deref()
        .map(|t| paging::decode(&shared.page_key, fingerprint, ctx.eventual, t))
        .transpose()?
        .map_or(0, |c| c.seq);
    let mut reports = store.direct_reports(&user.id).filter(|u| u.seq > after);
    let page: Vec<&User> = reports.by_ref().take(top).collect();
    let more = reports.next().is_some();
    let head = || {
        if cast {
            Vec::new()
        } else {
            type_head(USER_TYPE)
        }
    };
    let value: Vec<Ordered> = page.iter().map(|u| u.to_wire(head(), &props)).collect();
    let set = if cast { "users" } else { "directoryObjects" };
    let path = format!(
        "users/{}/directReports{}",
        user.id,
        if cast { "/microsoft.graph.user" } else { "" }
    );
    let next = more.then(|| {
        let cursor = Cursor {
            seq: page.last().map_or(after, |u| u.seq),
            key: None,
        };
        let token = paging::encode(&shared.page_key, fingerprint, ctx.eventual, &cursor);
        next_link(shared, &path, raw, &token)
    });
    Ok(collection(
        &context(shared, set, names.as_deref()),
        value,
        next,
    ))
}

fn collection(context: &str, value: Vec<Ordered>, next: Option<String>) -> Response<Body> {
    let mut body = json!({"@odata.context": context});
    if let Some(next) = next {
        body["@odata.nextLink"] = Value::String(next);
    }
    body["value"] = serde_json::to_value(value).unwrap_or_default();
    json_response(StatusCode::OK, &body)
}

/// The `microsoft.graph.group` properties `memberOf` shows, in Graph's order.
const GROUP_PROPS: &[&str] = &[
    "id",
    "deletedDateTime",
    "createdDateTime",
    "description",
    "displayName",
    "groupTypes",
    "mail",
    "mailEnabled",
    "mailNickname",
    "membershipRule",
    "membershipRuleProcessingState",
    "securityEnabled",
    "visibility",
];

/// The `microsoft.graph.directoryRole` properties, in Graph's order
/// (<https://learn.microsoft.com/en-us/graph/api/resources/directoryrole>).
const ROLE_PROPS: &[&str] = &[
    "id",
    "deletedDateTime",
    "description",
    "displayName",
    "roleTemplateId",
];

const ROLE_TYPE: &str = "#microsoft.graph.directoryRole";

/// What `memberOf` says about one group or role: its type's properties, each as stored; or,
/// when the app may not read that type, its `@odata.type` and `id` with every other property
/// `null` ("Limited information returned for inaccessible member objects",
/// <https://learn.microsoft.com/en-us/graph/api/user-list-memberof>).
fn group_value(group: &Group, prop: &str, readable: bool) -> Value {
    if prop == "id" {
        return Value::String(group.id.to_string());
    }
    if !readable {
        return Value::Null;
    }
    let mail = || format!("{}@contoso.com", group.mail_nickname.to_ascii_lowercase());
    let (mail_enabled, security_enabled) = match group.kind {
        GroupKind::Microsoft365 | GroupKind::Distribution => (true, false),
        GroupKind::Security | GroupKind::DirectoryRole { .. } => (false, true),
        GroupKind::MailEnabledSecurity => (true, true),
    };
    match prop {
        "createdDateTime" => Value::String(format_date(&group.created)),
        "description" => Value::String(group.description.to_string()),
        "displayName" => Value::String(group.display_name.to_string()),
        "groupTypes" => {
            let mut types = Vec::new();
            if group.kind == GroupKind::Microsoft365 {
                types.push("Unified");
            }
            if group.rule.is_some() {
                types.push("DynamicMembership");
            }
            json!(types)
        }
        "mail" if mail_enabled => Value::String(mail()),
        "mailEnabled" => Value::Bool(mail_enabled),
        "mailNickname" => Value::String(group.mail_nickname.to_string()),
        "membershipRule" => group
            .rule
            .as_deref()
            .map_or(Value::Null, |r| Value::String(r.to_owned())),
        "membershipRuleProcessingState" if group.rule.is_some() => json!("On"),
        "securityEnabled" => Value::Bool(security_enabled),
        "visibility" if group.kind == GroupKind::Microsoft365 => json!("Private"),
        "roleTemplateId" => match group.kind {
            GroupKind::DirectoryRole { template_id } => json!(template_id),
            _ => Value::Null,
        },
        _ => Value::Null,
    }
}

/// A navigation's own `$select`, whose names are properties of `type_name` (one of `known`),
/// not of a user; and the query's other options, as given.
pub(crate) fn own_select<'q>(
    raw: Option<&'q str>,
    known: &[&'static str],
    type_name: &str,
) -> Result<(Option<Vec<&'static str>>, Vec<&'q str>), ApiError> {
    let mut select = None;
    let mut rest = Vec::new();
    for pair in raw.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = percent_encoding::percent_decode_str(key).decode_utf8_lossy();
        if !name.trim().eq_ignore_ascii_case("$select") {
            rest.push(pair);
            continue;
        }
        let value = value.replace('+', " ");
        let value = percent_encoding::percent_decode_str(&value).decode_utf8_lossy();
        let mut names = Vec::new();
        for wanted in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let found = known
                .iter()
                .find(|p| p.eq_ignore_ascii_case(wanted))
                .ok_or_else(|| {
                    ApiError::odata(format!(
                        "Could not find a property named '{wanted}' on type 'microsoft.graph.{type_name}'."
                    ))
                })?;
            if !names.contains(found) {
                names.push(*found);
            }
        }
        select = (!names.is_empty()).then_some(names);
    }
    Ok((select, rest))
}

/// `memberOf`'s own query options: `$select` names group (and, uncast, directory role)
/// properties, not user ones.
fn member_of_query(
    raw: Option<&str>,
    cast: bool,
) -> Result<(Query, Option<Vec<&'static str>>), ApiError> {
    let (select, rest) = if cast {
        own_select(raw, GROUP_PROPS, "group")?
    } else {
        let known: Vec<&'static str> = GROUP_PROPS.iter().chain(ROLE_PROPS).copied().collect();
        own_select(raw, &known, "directoryObject")?
    };
    let q = query::parse(Some(&rest.join("&")))?;
    Ok((q, select))
}

/// One group or role on the wire: its type's properties among those selected (all of its
/// type's when nothing is).
fn membership_wire(
    group: &Group,
    select: Option<&[&'static str]>,
    cast: bool,
    caller: &Caller,
) -> Ordered {
    let (odata_type, own, readable) = if group.is_role() {
        (ROLE_TYPE, ROLE_PROPS, caller.can_read_roles())
    } else {
        (GROUP_TYPE, GROUP_PROPS, caller.can_read_groups())
    };
    let mut fields = if cast {
        Vec::new()
    } else {
        type_head(odata_type)
    };
    let props = own.iter().filter(|p| select.is_none_or(|s| s.contains(*p)));
    fields.extend(props.map(|p| ((*p).to_owned(), group_value(group, p, readable))));
    Ordered(fields)
}

/// `GET /users/{key}/memberOf[/microsoft.graph.group]`: the groups and directory roles the
/// user is a direct member of (only the groups when cast).
pub(crate) fn member_of(
    shared: &Shared,
    ctx: &Ctx,
    caller: &Caller,
    (key, cast): (&str, bool),
    raw: Option<&str>,
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_read())?;
    let (q, select) = member_of_query(raw, cast)?;
    only_paging(&q, "memberOf")?;
    let top = page_size(q.top)?;
    let store = shared.store();
    let user = store.find(key).ok_or_else(|| ApiError::not_found(key))?;
    let fingerprint = shared
        .page_key
        .hash_one(("memberOf", &*user.id, cast, &select));
    let start = q
        .skiptoken
        .as_deref()
        .map(|t| paging::decode(&shared.page_key, fingerprint, ctx.eventual, t))
        .transpose()?
        .map_or(0, |c| c.seq);
    let start = usize::try_from(start).unwrap_or(usize::MAX);
    let groups: Vec<&Group> = user
        .groups
        .iter()
        .filter_map(|g| store.groups().get(usize::from(*g)))
        .filter(|g| !(cast && g.is_role()))
        .collect();
    let end = start.saturating_add(top).min(groups.len());
    let value: Vec<Ordered> = groups
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|g| membership_wire(g, select.as_deref(), cast, caller))
        .collect();
    let set = if cast { "groups" } else { "directoryObjects" };
    let names: Option<Vec<String>> = select.map(|s| s.iter().map(|p| (*p).to_owned()).collect());
    let path = format!(
        "users/{}/memberOf{}",
        user.id,
        if cast { "/microsoft.graph.group" } else { "" }
    );
    let next = (end < groups.len()).then(|| {
        let cursor = Cursor {
            seq: u64::try_from(end).unwrap_or(u64::MAX),
            key: None,
        };
        let token = paging::encode(&shared.page_key, fingerprint, ctx.eventual, &cursor);
        next_link(shared, &path, raw, &token)
    });
    Ok(collection(
        &context(shared, set, names.as_deref()),
        value,
        next,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expand_reads_manager_and_its_select() {
        assert_eq!(parse_expand("manager").unwrap(), Expand { select: None });
        assert_eq!(
            parse_expand("Manager($select=id,displayName)").unwrap(),
            Expand {
                select: Some(vec![Prop::Id, Prop::DisplayName])
            }
        );
        assert_eq!(parse_expand("memberOf").unwrap_err().code, "NotImplemented");
        assert_eq!(parse_expand("shoes").unwrap_err().code, "BadRequest");
        assert_eq!(
            parse_expand("manager($levels=max)").unwrap_err().code,
            "NotImplemented"
        );
        assert!(parse_expand("manager($select=shoeSize)").is_err());
        assert!(parse_expand("manager($select=id").is_err());
    }

    #[test]
    fn references_name_a_user_or_directory_object_by_url() {
        let id = "6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0";
        for ok in [
            format!("https://graph.microsoft.com/v1.0/users/{id}"),
            format!("https://graph.microsoft.us/v1.0/directoryObjects/{id}"),
            format!("http://127.0.0.1:8400/v1.0/users/{id}/"),
        ] {
            assert_eq!(reference_id(&ok).as_deref(), Some(id), "{ok}");
        }
        for bad in [
            id.to_owned(),
            format!("https:graph.microsoft.comv1.0users{id}"),
            format!("https://graph.microsoft.com/v1.0/groups/{id}"),
            "https://graph.microsoft.com/".to_owned(),
        ] {
            assert_eq!(reference_id(&bad), None, "{bad}");
        }
    }
}
