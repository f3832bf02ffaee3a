//! The `OData` layer of body checks: known, writable properties with values of the right JSON
//! type, converted to cells. Errors here are `BadRequest`, worded like Graph's `OData` library.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::directory::schema::{Access, Kind, Prop};
use crate::directory::user::Cell;
use crate::http::errors::ApiError;

/// A body that passed the `OData` layer: property values converted to cells.
#[derive(Debug, Default)]
pub(crate) struct Change {
    pub sets: Vec<(Prop, Cell)>,
    pub password: Option<PasswordChange>,
}

#[derive(Debug, Default)]
pub(crate) struct PasswordChange {
    pub password: Option<String>,
    pub force_change: Option<bool>,
    pub force_change_with_mfa: Option<bool>,
}

/// The `OData` layer: known, writable properties with values of the right JSON type.
pub(crate) fn read(body: &Map<String, Value>) -> Result<Change, ApiError> {
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
