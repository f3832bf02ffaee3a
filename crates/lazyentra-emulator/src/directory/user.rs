//! One stored user and its JSON forms.
//!
//! Users are stored as a dense row of [`Cell`]s indexed by [`Prop`], which keeps 100k users
//! compact and lets `$select`, `$filter` and validation address properties generically.

use std::borrow::Cow;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::directory::roles::Role;
use crate::directory::schema::{Access, DEFS, Kind, Prop, STORED};

/// One stored property value.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) enum Cell {
    #[default]
    Null,
    Str(Box<str>),
    Bool(bool),
    Strs(Box<[Box<str>]>),
    Date(DateTime<Utc>),
}

impl Cell {
    pub(crate) fn str(value: &str) -> Cell {
        Cell::Str(value.into())
    }

    pub(crate) fn strs<S: AsRef<str>>(values: &[S]) -> Cell {
        Cell::Strs(values.iter().map(|v| v.as_ref().into()).collect())
    }

    fn to_json(&self, kind: Kind) -> Value {
        match self {
            Cell::Null if kind == Kind::Strs => Value::Array(Vec::new()),
            Cell::Null => Value::Null,
            Cell::Str(s) => Value::String(s.to_string()),
            Cell::Bool(b) => Value::Bool(*b),
            Cell::Strs(list) => list.iter().map(|s| Value::String(s.to_string())).collect(),
            Cell::Date(d) => Value::String(format_date(d)),
        }
    }
}

/// Graph's `DateTimeOffset` form for directory objects: whole seconds, `Z`.
pub(crate) fn format_date(date: &DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A user's last sign-ins, as `signInActivity` reports them
/// (<https://learn.microsoft.com/en-us/graph/api/resources/signinactivity>). `None` where the
/// user never signed in that way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SignIns {
    pub interactive: Option<(DateTime<Utc>, Box<str>)>,
    pub non_interactive: Option<(DateTime<Utc>, Box<str>)>,
    pub successful: Option<(DateTime<Utc>, Box<str>)>,
}

impl SignIns {
    fn to_json(&self) -> Value {
        let date = |s: &Option<(DateTime<Utc>, Box<str>)>| {
            s.as_ref()
                .map_or(Value::Null, |(d, _)| Value::String(format_date(d)))
        };
        let request = |s: &Option<(DateTime<Utc>, Box<str>)>| {
            s.as_ref()
                .map_or(Value::Null, |(_, r)| Value::String(r.to_string()))
        };
        serde_json::json!({
            "lastSignInDateTime": date(&self.interactive),
            "lastSignInRequestId": request(&self.interactive),
            "lastNonInteractiveSignInDateTime": date(&self.non_interactive),
            "lastNonInteractiveSignInRequestId": request(&self.non_interactive),
            "lastSuccessfulSignInDateTime": date(&self.successful),
            "lastSuccessfulSignInRequestId": request(&self.successful),
        })
    }
}

/// `passwordProfile`: kept, but never sent back on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Password {
    pub password: Box<str>,
    pub force_change: bool,
    pub force_change_with_mfa: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct User {
    /// Position in the tenant's stored order; also the paging key. Never reused.
    pub seq: u64,
    /// Object id, a lower-case GUID.
    pub id: Box<str>,
    cells: Box<[Cell]>,
    pub password: Option<Password>,
    /// While in deleted items: the userPrincipalName the user had before deletion (Graph shows
    /// deleted users under `{id without dashes}{upn}`).
    pub original_upn: Option<Box<str>>,
    /// The object id of the user's manager (the `manager` navigation), if one is set.
    pub manager: Option<Box<str>>,
    /// The groups and directory roles the user is a direct member of: indexes into the
    /// store's groups.
    pub groups: Vec<u16>,
    /// The directory roles assigned to the user (tenant scope). Some writes to a user who
    /// holds one need the calling app to hold a role that covers it (`roles::may`).
    pub roles: Vec<Role>,
    /// The licences assigned to the user: indexes into the tenant's SKUs.
    pub licenses: Vec<u8>,
    /// `signInActivity`; `None` for a user who never signed in.
    pub sign_ins: Option<SignIns>,
}

impl User {
    pub(crate) fn new(id: &str) -> User {
        User {
            seq: 0,
            id: id.to_ascii_lowercase().into(),
            cells: vec![Cell::Null; STORED].into_boxed_slice(),
            password: None,
            original_upn: None,
            manager: None,
            groups: Vec::new(),
            roles: Vec::new(),
            licenses: Vec::new(),
            sign_ins: None,
        }
    }

    /// The stored properties whose values differ between `self` and `other`.
    pub(crate) fn changed_props(&self, other: &User) -> Vec<Prop> {
        DEFS.iter()
            .map(|d| d.prop)
            .filter(|p| p.is_stored() && self.cell(*p) != other.cell(*p))
            .collect()
    }

    /// The stored value of `prop`; derived properties read as `Null` here.
    pub(crate) fn cell(&self, prop: Prop) -> &Cell {
        if prop.is_stored() {
            &self.cells[prop as usize]
        } else {
            &Cell::Null
        }
    }

    /// Sets a stored property; derived properties cannot be set and are ignored.
    pub(crate) fn set(&mut self, prop: Prop, value: Cell) {
        if prop.is_stored() {
            self.cells[prop as usize] = value;
        }
    }

    /// A string property, or the id.
    pub(crate) fn text(&self, prop: Prop) -> Option<&str> {
        match prop {
            Prop::Id => Some(&self.id),
            _ => match self.cell(prop) {
                Cell::Str(s) => Some(s),
                _ => None,
            },
        }
    }

    pub(crate) fn upn(&self) -> &str {
        self.text(Prop::UserPrincipalName).unwrap_or_default()
    }

    pub(crate) fn display_name(&self) -> &str {
        self.text(Prop::DisplayName).unwrap_or_default()
    }

    /// The values of a string collection property (derived ones included).
    pub(crate) fn list(&self, prop: Prop) -> Vec<Cow<'_, str>> {
        match prop {
            // Exchange stamps the primary SMTP address from `mail`.
            Prop::ProxyAddresses => self
                .text(Prop::Mail)
                .map(|m| Cow::Owned(format!("SMTP:{m}")))
                .into_iter()
                .collect(),
            _ => match self.cell(prop) {
                Cell::Strs(list) => list.iter().map(|s| Cow::Borrowed(&**s)).collect(),
                _ => Vec::new(),
            },
        }
    }

    /// The JSON value of any property, as Graph would return it when selected.
    pub(crate) fn value(&self, prop: Prop) -> Value {
        let def = prop.def();
        match prop {
            Prop::Id => Value::String(self.id.to_string()),
            Prop::ProxyAddresses => self
                .list(prop)
                .into_iter()
                .map(|m| Value::String(m.into_owned()))
                .collect(),
            Prop::SecurityIdentifier => Value::String(security_identifier(&self.id)),
            Prop::SignInActivity => self.sign_ins.as_ref().map_or(Value::Null, SignIns::to_json),
            Prop::SignInSessionsValidFromDateTime => {
                // Sessions start over at a revoke, else at the last password change.
                let since = [
                    Prop::SignInSessionsValidFromDateTime,
                    Prop::LastPasswordChangeDateTime,
                    Prop::CreatedDateTime,
                ]
                .into_iter()
                .map(|p| self.cell(p))
                .find(|c| **c != Cell::Null)
                .unwrap_or(&Cell::Null);
                since.to_json(Kind::Date)
            }
            _ if prop.is_stored() => self.cell(prop).to_json(def.kind),
            _ => Cell::Null.to_json(def.kind),
        }
    }

    /// The user as Graph returns it with `props` selected and nothing before them, written
    /// straight from the stored cells (no `Value` per property): what a page of 999 users is
    /// made of.
    pub(crate) fn wire<'a>(&'a self, props: &'a [Prop]) -> Wire<'a> {
        Wire {
            user: self,
            props,
            tail: None,
        }
    }

    /// The user as Graph returns it with `props` selected, after `head` (annotations).
    pub(crate) fn to_wire(&self, head: Vec<(String, Value)>, props: &[Prop]) -> Ordered {
        let mut fields = head;
        fields.extend(props.iter().map(|p| (p.name().to_owned(), self.value(*p))));
        Ordered(fields)
    }

    /// Every property, for tests and the in-process API. Unlike the wire form this includes the
    /// stored password, so tests can check a reset happened.
    pub(crate) fn full_json(&self) -> Value {
        let mut map = serde_json::Map::new();
        for def in DEFS {
            if def.access == Access::SingleEntity {
                continue;
            }
            map.insert(def.name.to_owned(), self.value(def.prop));
        }
        if let Some(p) = &self.password {
            map.insert(
                "passwordProfile".to_owned(),
                serde_json::json!({
                    "password": &*p.password,
                    "forceChangePasswordNextSignIn": p.force_change,
                    "forceChangePasswordNextSignInWithMfa": p.force_change_with_mfa,
                }),
            );
        }
        Value::Object(map)
    }
}

/// The Windows SID Entra derives from an object id: `S-1-12-1-` and the GUID's bytes (in
/// Microsoft's little-endian field order) read as four little-endian u32s.
fn security_identifier(id: &str) -> String {
    let Ok(uuid) = uuid::Uuid::parse_str(id) else {
        return String::new();
    };
    let bytes = uuid.to_bytes_le();
    let parts: Vec<String> = bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]).to_string())
        .collect();
    format!("S-1-12-1-{}", parts.join("-"))
}

/// A user on the wire: `props` in order, then `tail` (the expanded manager), serialized
/// as [`User::to_wire`] would make them, without building them first.
pub(crate) struct Wire<'a> {
    user: &'a User,
    props: &'a [Prop],
    pub tail: Option<(&'static str, Value)>,
}

impl Serialize for Wire<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = self.props.len() + usize::from(self.tail.is_some());
        let mut map = serializer.serialize_map(Some(len))?;
        for prop in self.props {
            map.serialize_entry(prop.name(), &Field(self.user, *prop))?;
        }
        if let Some((key, value)) = &self.tail {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// One property's value, as [`User::value`] gives it.
struct Field<'a>(&'a User, Prop);

impl Serialize for Field<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Field(user, prop) = *self;
        // Stored cells are written as they are; the id and the derived properties go the
        // long way (`value` is the one definition of what they are).
        if prop == Prop::Id {
            return serializer.serialize_str(&user.id);
        }
        if !prop.is_stored() || prop == Prop::SignInSessionsValidFromDateTime {
            return user.value(prop).serialize(serializer);
        }
        match user.cell(prop) {
            Cell::Null if prop.def().kind == Kind::Strs => {
                serializer.collect_seq(std::iter::empty::<&str>())
            }
            Cell::Null => serializer.serialize_unit(),
            Cell::Str(s) => serializer.serialize_str(s),
            Cell::Bool(b) => serializer.serialize_bool(*b),
            Cell::Strs(list) => serializer.collect_seq(list.iter().map(|s| &**s)),
            Cell::Date(d) => serializer.serialize_str(&format_date(d)),
        }
    }
}

/// A JSON object whose keys serialize in insertion order (`serde_json`'s `Map` sorts them), so
/// `@odata.context` comes first as it does from Graph.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ordered(pub Vec<(String, Value)>);

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_collections_are_empty_and_strings_null() {
        let user = User::new("6E2F7C4A-0B1D-4C8E-9F3A-2D5B7E9C1A04");
        assert_eq!(user.id.as_ref(), "6e2f7c4a-0b1d-4c8e-9f3a-2d5b7e9c1a04");
        assert_eq!(user.value(Prop::BusinessPhones), serde_json::json!([]));
        assert_eq!(user.value(Prop::JobTitle), Value::Null);
        assert_eq!(user.value(Prop::Skills), serde_json::json!([]));
        assert_eq!(user.value(Prop::PasswordProfile), Value::Null);
    }

    #[test]
    fn proxy_addresses_follow_mail() {
        let mut user = User::new("6e2f7c4a-0b1d-4c8e-9f3a-2d5b7e9c1a04");
        user.set(Prop::Mail, Cell::str("ada@contoso.com"));
        assert_eq!(
            user.value(Prop::ProxyAddresses),
            serde_json::json!(["SMTP:ada@contoso.com"])
        );
    }

    #[test]
    fn sid_is_derived_from_the_object_id() {
        // Known pair: the object id's first field 0x6e2f7c4a read little-endian.
        let sid = security_identifier("6e2f7c4a-0b1d-4c8e-9f3a-2d5b7e9c1a04");
        assert!(sid.starts_with("S-1-12-1-1848605770-"), "{sid}");
    }

    /// A page written from the cells says exactly what the `Value` form says, byte for byte,
    /// for every property a list may select, on users with every kind of value (guests,
    /// service accounts, unset collections).
    #[test]
    fn wire_form_is_the_value_form() {
        let store = crate::seed::tenant(60, 5, chrono::Utc::now());
        let props: Vec<Prop> = DEFS
            .iter()
            .filter(|d| d.access != Access::SingleEntity)
            .map(|d| d.prop)
            .collect();
        for user in store.live().values() {
            let direct = serde_json::to_string(&user.wire(&props)).unwrap();
            let built = serde_json::to_string(&user.to_wire(Vec::new(), &props)).unwrap();
            assert_eq!(direct, built);
        }
    }

    #[test]
    fn ordered_keeps_insertion_order() {
        let o = Ordered(vec![
            ("z".into(), Value::from(1)),
            ("a".into(), Value::from(2)),
        ]);
        assert_eq!(serde_json::to_string(&o).unwrap(), r#"{"z":1,"a":2}"#);
    }
}
