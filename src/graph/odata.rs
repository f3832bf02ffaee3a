//! Escaping for values put into OData query options and resource paths, so that a name like
//! `O'Brien` or `a"b` matches itself and can never change the shape of a query.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Characters escaped in one path segment: the RFC 3986 delimiters that would end or split it
/// (`#` in guest UPNs must become `%23`), plus `%` itself.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'?')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'^');

/// An OData string literal: single-quoted, embedded single quotes doubled.
pub fn string_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// One `$search` clause, `"property:text"`, with `"` and `\` backslash-escaped.
pub fn search_clause(property: &str, text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    format!("\"{property}:{escaped}\"")
}

/// Properties the free-text user search looks in. displayName is tokenized by Graph; the
/// others behave like startsWith.
pub const USER_SEARCH_PROPERTIES: &[&str] = &["displayName", "userPrincipalName", "mail"];

/// The `$search` expression for what an admin typed into the search box.
pub fn user_search(text: &str) -> String {
    let text = text.trim();
    USER_SEARCH_PROPERTIES
        .iter()
        .map(|p| search_clause(p, text))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The path of one user below `/v1.0/`, by object id or userPrincipalName.
///
/// A UPN beginning with `$` would read as an OData system segment, so Graph wants the key form
/// `users('$x@y.com')` for it; everything else is one percent-encoded segment.
pub fn user_path(id_or_upn: &str) -> String {
    if id_or_upn.starts_with('$') {
        let key = utf8_percent_encode(&string_literal(id_or_upn), SEGMENT).to_string();
        format!("users({key})")
    } else {
        format!("users/{}", utf8_percent_encode(id_or_upn, SEGMENT))
    }
}

/// The path of one item in deleted items.
pub fn deleted_item_path(id: &str) -> String {
    format!(
        "directory/deletedItems/{}",
        utf8_percent_encode(id, SEGMENT)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_double_single_quotes() {
        assert_eq!(string_literal("O'Brien"), "'O''Brien'");
        assert_eq!(string_literal("''"), "''''''");
    }

    #[test]
    fn search_escapes_quotes_and_backslashes() {
        assert_eq!(
            search_clause("displayName", r#"a"b\c"#),
            r#""displayName:a\"b\\c""#
        );
        assert_eq!(
            user_search(" ada "),
            r#""displayName:ada" OR "userPrincipalName:ada" OR "mail:ada""#
        );
    }

    #[test]
    fn paths_encode_guest_and_dollar_upns() {
        assert_eq!(
            user_path("AdeleVance_adatum.com#EXT#@contoso.com"),
            "users/AdeleVance_adatum.com%23EXT%23@contoso.com"
        );
        assert_eq!(
            user_path("$admin@contoso.com"),
            "users('$admin@contoso.com')"
        );
        assert_eq!(user_path("o'neil@x.com"), "users/o'neil@x.com");
        assert_eq!(user_path("a/b?c"), "users/a%2Fb%3Fc");
    }
}
