//! `$filter`: a parser for the `OData` subset the directory supports on users, the check of
//! each clause against the property table
//! (<https://learn.microsoft.com/en-us/graph/aad-advanced-queries>), and evaluation.
//!
//! Comparisons of strings ignore case, as the directory's do. Syntax errors answer like
//! Graph's `OData` layer (`BadRequest`, "Invalid filter clause: …"); clauses the directory cannot
//! run answer `Request_UnsupportedQuery`.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use crate::directory::schema::{Kind, Prop, Support};
use crate::directory::text::{ends_with_folded, eq_folded, starts_with_folded};
use crate::directory::user::{Cell, User};
use crate::http::errors::ApiError;

mod parse;

pub(crate) use parse::parse;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Lit {
    /// Case-folded, for matching.
    Str(String),
    Bool(bool),
    Null,
    /// Any other unquoted literal (numbers, GUIDs): never comparable with a user property.
    Other(String),
    Date(DateTime<Utc>),
}

impl Lit {
    fn edm(&self) -> &'static str {
        match self {
            Lit::Str(_) => "Edm.String",
            Lit::Bool(_) => "Edm.Boolean",
            Lit::Null => "null",
            Lit::Other(_) => "Edm.Int32",
            Lit::Date(_) => "Edm.DateTimeOffset",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    fn from_word(word: &str) -> Option<Op> {
        Some(match word.to_ascii_lowercase().as_str() {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            _ => return None,
        })
    }

    /// The `OData` operator kind, as error messages name it.
    fn kind(self) -> &'static str {
        match self {
            Op::Eq => "Equal",
            Op::Ne => "NotEqual",
            Op::Gt => "GreaterThan",
            Op::Ge => "GreaterThanOrEqual",
            Op::Lt => "LessThan",
            Op::Le => "LessThanOrEqual",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Func {
    StartsWith,
    EndsWith,
}

/// The test inside `collection/any(x: …)`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum AnyTest {
    Eq(String),
    Func(Func, String),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Cmp {
        prop: Prop,
        op: Op,
        lit: Lit,
    },
    In {
        prop: Prop,
        lits: Vec<Lit>,
    },
    Func {
        func: Func,
        prop: Prop,
        text: String,
    },
    Any {
        prop: Prop,
        test: AnyTest,
    },
}

// ---------------------------------------------------------------------------------------------
// Checking against what the directory supports

/// Checks every clause against the property table. `advanced`: the request is an advanced
/// query (`ConsistencyLevel: eventual` and `$count=true`).
pub(crate) fn check(expr: &Expr, advanced: bool) -> Result<(), ApiError> {
    let allowed = |prop: Prop, support: Support| match support {
        Support::Default => Ok(()),
        Support::Advanced if advanced => Ok(()),
        _ => Err(ApiError::unsupported_filter(prop.name())),
    };
    match expr {
        Expr::And(a, b) | Expr::Or(a, b) => {
            check(a, advanced)?;
            check(b, advanced)
        }
        Expr::Not(inner) => {
            if !advanced {
                return Err(ApiError::unsupported_query(
                    "Filter operator 'Not' is not supported.",
                ));
            }
            check(inner, advanced)
        }
        Expr::Cmp { prop, op, lit } => {
            check_types(*prop, *op, lit)?;
            let def = prop.def();
            if *op == Op::Ne && !advanced {
                return Err(ApiError::unsupported_query(
                    "Filter operator 'NotEqualsMatch' is not supported.",
                ));
            }
            match (op, lit) {
                (Op::Eq | Op::Ne, Lit::Null) => allowed(*prop, def.null),
                (Op::Eq | Op::Ne, _) => allowed(*prop, def.eq),
                _ => allowed(*prop, def.range),
            }
        }
        Expr::In { prop, lits } => {
            for lit in lits {
                check_types(*prop, Op::Eq, lit)?;
            }
            allowed(*prop, prop.def().eq)
        }
        Expr::Func { func, prop, .. } => {
            let def = prop.def();
            if def.kind != Kind::Str {
                return Err(ApiError::unsupported_filter(prop.name()));
            }
            match func {
                Func::StartsWith => allowed(*prop, def.starts),
                Func::EndsWith => ends_with_allowed(*prop, def.ends, advanced),
            }
        }
        Expr::Any { prop, test } => {
            let def = prop.def();
            if def.kind != Kind::Strs {
                return Err(ApiError::unsupported_filter(prop.name()));
            }
            match test {
                AnyTest::Eq(_) => allowed(*prop, def.eq),
                AnyTest::Func(Func::StartsWith, _) => allowed(*prop, def.starts),
                AnyTest::Func(Func::EndsWith, _) => ends_with_allowed(*prop, def.ends, advanced),
            }
        }
    }
}

fn ends_with_allowed(prop: Prop, support: Support, advanced: bool) -> Result<(), ApiError> {
    if support == Support::No {
        return Err(ApiError::unsupported_filter(prop.name()));
    }
    if !advanced {
        return Err(ApiError::unsupported_query(
            "Operator 'endsWith' is not supported because the 'ConsistencyLevel:eventual' header is missing.",
        ));
    }
    Ok(())
}

fn check_types(prop: Prop, op: Op, lit: &Lit) -> Result<(), ApiError> {
    let kind = prop.def().kind;
    let fits = matches!(
        (kind, lit),
        (_, Lit::Null)
            | (Kind::Str, Lit::Str(_))
            | (Kind::Bool, Lit::Bool(_))
            | (Kind::Date, Lit::Date(_))
    );
    if kind == Kind::Strs || kind == Kind::Complex {
        return Err(ApiError::unsupported_filter(prop.name()));
    }
    if fits {
        return Ok(());
    }
    Err(ApiError::odata(format!(
        "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types '{}' and '{}' for operator kind '{}'.",
        kind.edm(),
        lit.edm(),
        op.kind()
    )))
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/// Whether `user` satisfies `expr` (already checked).
pub(crate) fn matches(expr: &Expr, user: &User) -> bool {
    match expr {
        Expr::And(a, b) => matches(a, user) && matches(b, user),
        Expr::Or(a, b) => matches(a, user) || matches(b, user),
        Expr::Not(inner) => !matches(inner, user),
        Expr::Cmp { prop, op, lit } => compare(user, *prop, *op, lit),
        Expr::In { prop, lits } => lits.iter().any(|l| compare(user, *prop, Op::Eq, l)),
        Expr::Func { func, prop, text } => {
            string_of(user, *prop).is_some_and(|v| apply(*func, &v, text))
        }
        Expr::Any { prop, test } => user.list(*prop).iter().any(|v| match test {
            AnyTest::Eq(text) => eq_folded(v, text),
            AnyTest::Func(func, text) => apply(*func, v, text),
        }),
    }
}

fn apply(func: Func, value: &str, folded: &str) -> bool {
    match func {
        Func::StartsWith => starts_with_folded(value, folded),
        Func::EndsWith => ends_with_folded(value, folded),
    }
}

/// A string property's value, derived ones (id, securityIdentifier) included.
fn string_of(user: &User, prop: Prop) -> Option<std::borrow::Cow<'_, str>> {
    if let Some(text) = user.text(prop) {
        return Some(text.into());
    }
    if prop.is_stored() {
        return None;
    }
    match user.value(prop) {
        serde_json::Value::String(s) => Some(s.into()),
        _ => None,
    }
}

fn compare(user: &User, prop: Prop, op: Op, lit: &Lit) -> bool {
    let ordering = match (lit, prop.def().kind) {
        (Lit::Null, Kind::Str) => return is_null_match(string_of(user, prop).is_none(), op),
        (Lit::Null, _) => return is_null_match(matches!(user.cell(prop), Cell::Null), op),
        (Lit::Str(text), _) => {
            let Some(value) = string_of(user, prop) else {
                return op == Op::Ne;
            };
            if eq_folded(&value, text) {
                Ordering::Equal
            } else {
                Ordering::Less // only eq/ne are allowed on strings
            }
        }
        (Lit::Bool(b), _) => match user.cell(prop) {
            Cell::Bool(v) if v == b => Ordering::Equal,
            Cell::Bool(_) => Ordering::Less,
            _ => return op == Op::Ne,
        },
        (Lit::Date(d), _) => match user.cell(prop) {
            Cell::Date(v) => v.cmp(d),
            _ => return op == Op::Ne,
        },
        (Lit::Other(_), _) => return false,
    };
    match op {
        Op::Eq => ordering == Ordering::Equal,
        Op::Ne => ordering != Ordering::Equal,
        Op::Gt => ordering == Ordering::Greater,
        Op::Ge => ordering != Ordering::Less,
        Op::Lt => ordering == Ordering::Less,
        Op::Le => ordering != Ordering::Greater,
    }
}

fn is_null_match(is_null: bool, op: Op) -> bool {
    if op == Op::Ne { !is_null } else { is_null }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> User {
        let mut u = User::new("6e2f7c4a-0b1d-4c8e-9f3a-2d5b7e9c1a04");
        u.set(Prop::DisplayName, Cell::str("Seán O'Brien"));
        u.set(
            Prop::UserPrincipalName,
            Cell::str("sean.o'brien@contoso.com"),
        );
        u.set(Prop::Mail, Cell::str("Sean.OBrien@contoso.com"));
        u.set(Prop::AccountEnabled, Cell::Bool(true));
        u.set(Prop::UserType, Cell::str("Member"));
        u.set(Prop::Department, Cell::str("R&D"));
        u.set(
            Prop::CreatedDateTime,
            Cell::Date("2021-03-04T05:06:07Z".parse().unwrap()),
        );
        u.set(Prop::OtherMails, Cell::strs(&["sean@fabrikam.com"]));
        u
    }

    fn eval(text: &str) -> bool {
        let expr = parse(text).unwrap();
        check(&expr, true).unwrap();
        matches(&expr, &user())
    }

    #[test]
    fn equality_is_case_insensitive_and_quotes_are_doubled() {
        assert!(eval("displayName eq 'SEÁN o''brien'"));
        assert!(eval("userPrincipalName eq 'sean.o''brien@contoso.com'"));
        assert!(!eval("displayName eq 'Sean'"));
        assert!(eval("accountEnabled eq true and userType eq 'member'"));
        assert!(eval("department eq 'R&D'"));
    }

    #[test]
    fn functions_in_and_boolean_logic() {
        assert!(eval("startswith(displayName,'seá')"));
        assert!(eval(
            "startsWith(displayName, 'x') or endswith(mail,'@CONTOSO.com')"
        ));
        assert!(eval("userType in ('Guest', 'Member')"));
        assert!(eval("not (accountEnabled eq false)"));
        assert!(eval(
            "(startswith(givenName,'a') or id eq '6E2F7C4A-0B1D-4C8E-9F3A-2D5B7E9C1A04')"
        ));
        assert!(eval(
            "createdDateTime ge 2021-01-01T00:00:00Z and createdDateTime le 2022-01-01"
        ));
        assert!(eval("otherMails/any(m:startswith(m,'sean@'))"));
        assert!(eval(
            "proxyAddresses/any(p:p eq 'smtp:sean.obrien@contoso.com')"
        ));
        assert!(eval("jobTitle eq null and mail ne null"));
    }

    #[test]
    fn unsupported_clauses_answer_like_graph() {
        let unsupported = |text: &str, advanced: bool| {
            let expr = parse(text).and_then(|e| check(&e, advanced).map(|()| e));
            let e = expr.unwrap_err();
            (e.code, e.message)
        };
        assert_eq!(
            unsupported("endswith(mail,'@contoso.com')", false),
            (
                "Request_UnsupportedQuery",
                "Operator 'endsWith' is not supported because the 'ConsistencyLevel:eventual' header is missing.".to_owned()
            )
        );
        assert_eq!(
            unsupported("displayName ne 'x'", false).1,
            "Filter operator 'NotEqualsMatch' is not supported."
        );
        assert_eq!(
            unsupported("companyName eq 'x'", false).1,
            "Unsupported or invalid query filter clause specified for property 'companyName' of resource 'User'."
        );
        assert_eq!(
            unsupported("endswith(displayName,'x')", true).1,
            "Unsupported or invalid query filter clause specified for property 'displayName' of resource 'User'."
        );
        assert_eq!(
            unsupported("accountEnabled eq 'true'", false).1,
            "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.Boolean' and 'Edm.String' for operator kind 'Equal'."
        );
        assert_eq!(
            unsupported("shoeSize eq 'x'", true),
            (
                "BadRequest",
                "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'."
                    .to_owned()
            )
        );
        assert_eq!(
            unsupported("contains(displayName,'x')", true).1,
            "Unsupported Query."
        );
        assert_eq!(
            unsupported("userPrincipalName eq null", true).0,
            "Request_UnsupportedQuery"
        );
    }
}
