//! Escaping for values put into `OData` query options and resource paths, so that a name like
//! `O'Brien` or `a"b` matches itself and can never change the shape of a query; and the user
//! search as sent to Graph.

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

/// An `OData` string literal: single-quoted, embedded single quotes doubled.
pub(crate) fn string_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// One `$search` clause, `"property:text"`, with `"` and `\` backslash-escaped.
fn search_clause(property: &str, text: &str) -> String {
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
const USER_SEARCH_PROPERTIES: &[&str] = &["displayName", "userPrincipalName", "mail"];

/// The `$search` expression for what an admin typed into the search box.
pub(super) fn user_search(text: &str) -> String {
    let text = text.trim();
    USER_SEARCH_PROPERTIES
        .iter()
        .map(|p| search_clause(p, text))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The path of one user below `/v1.0/`, by object id or userPrincipalName.
///
/// A UPN beginning with `$` would read as an `OData` system segment, so Graph wants the key form
/// `users('$x@y.com')` for it; so does a key of `.` or `..`, which a URL would resolve as a
/// dot segment (`users/..` is `/v1.0/`). Everything else is one percent-encoded segment.
pub(super) fn user_path(id_or_upn: &str) -> String {
    if needs_key_form(id_or_upn) {
        let key = utf8_percent_encode(&string_literal(id_or_upn), SEGMENT).to_string();
        format!("users({key})")
    } else {
        format!("users/{}", utf8_percent_encode(id_or_upn, SEGMENT))
    }
}

/// The path of one item in deleted items below `/v1.0/`, by object id.
pub(super) fn deleted_item_path(id: &str) -> String {
    format!(
        "directory/deletedItems/{}",
        utf8_percent_encode(id, SEGMENT)
    )
}

fn needs_key_form(id_or_upn: &str) -> bool {
    id_or_upn.starts_with('$') || matches!(id_or_upn, "." | "..")
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

    /// The quoted strings of a `$search` expression and what lies between them, reading `\`
    /// escapes as Graph does.
    fn split_search(expr: &str) -> (Vec<String>, Vec<String>) {
        let (mut quoted, mut between) = (Vec::new(), vec![String::new()]);
        let mut chars = expr.chars();
        while let Some(c) = chars.next() {
            if c != '"' {
                between.last_mut().unwrap().push(c);
                continue;
            }
            let mut text = String::new();
            loop {
                match chars.next() {
                    Some('\\') => text.extend(chars.next()),
                    Some('"') | None => break,
                    Some(c) => text.push(c),
                }
            }
            quoted.push(text);
            between.push(String::new());
        }
        (quoted, between)
    }

    #[test]
    fn dot_segments_slashes_and_escapes_stay_inside_the_key() {
        let base = url::Url::parse("https://graph.microsoft.com/v1.0/").unwrap();
        for key in [
            ".", "..", "a/../b", "x?$top=1", "x#y", "%2e%2e", "..%2f", "a b",
        ] {
            let url = base.join(&user_path(key)).unwrap();
            let segments: Vec<&str> = url.path_segments().unwrap().collect();
            assert!(
                url.query().is_none() && url.fragment().is_none(),
                "{key}: {url}"
            );
            let last = percent_encoding::percent_decode_str(segments[segments.len() - 1])
                .decode_utf8()
                .unwrap();
            if needs_key_form(key) {
                assert_eq!(segments.len(), 2, "{key}: {url}");
                assert_eq!(last, format!("users({})", string_literal(key)), "{url}");
            } else {
                assert_eq!(segments.len(), 3, "{key}: {url}");
                assert_eq!(last, key, "{url}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Whatever is typed (quotes, backslashes, OR, &, #, newlines), the search is three
        /// clauses whose text is exactly what was typed: nothing breaks out of its quotes.
        #[test]
        fn typed_text_stays_inside_its_search_clauses(text in ".*") {
            let expr = user_search(&text);
            let (quoted, between) = split_search(&expr);
            proptest::prop_assert_eq!(between, ["", " OR ", " OR ", ""]);
            let wanted: Vec<String> = USER_SEARCH_PROPERTIES
                .iter()
                .map(|p| format!("{p}:{}", text.trim()))
                .collect();
            proptest::prop_assert_eq!(quoted, wanted);
            // Sent as a query parameter: exactly one $search, the path unchanged.
            let url = url::Url::parse_with_params(
                "https://graph.microsoft.com/v1.0/users",
                [("$top", "100"), ("$search", expr.as_str())],
            )
            .unwrap();
            proptest::prop_assert_eq!(url.path(), "/v1.0/users");
            let searches: Vec<String> = url
                .query_pairs()
                .filter(|(k, _)| k == "$search")
                .map(|(_, v)| v.into_owned())
                .collect();
            proptest::prop_assert_eq!(searches, [expr]);
        }

        /// Any id or UPN is one path segment (or one key): it never adds a segment, a query or
        /// a fragment, and reads back as given.
        #[test]
        fn a_user_key_never_changes_the_path(key in ".+") {
            let base = url::Url::parse("https://graph.microsoft.com/v1.0/").unwrap();
            let url = base.join(&user_path(&key)).unwrap();
            proptest::prop_assert!(url.query().is_none() && url.fragment().is_none());
            let segments: Vec<&str> = url.path_segments().unwrap().collect();
            proptest::prop_assert_eq!(segments.len(), if needs_key_form(&key) { 2 } else { 3 });
            proptest::prop_assert_eq!(segments[0], "v1.0");
            let last = percent_encoding::percent_decode_str(segments[segments.len() - 1])
                .decode_utf8()
                .unwrap()
                .into_owned();
            let expected = if needs_key_form(&key) {
                format!("users({})", string_literal(&key))
            } else {
                key.clone()
            };
            proptest::prop_assert_eq!(last, expected);
        }
    }
}
