//! `OData` system query options (`$select`, `$top`, `$filter`, …) read from a raw query string.
//!
//! Option names match case-insensitively (`$orderBy` works, as on Graph); values are
//! form-decoded the way reqwest and browsers encode them (`+` is a space).

use crate::directory::schema::Prop;
use crate::http::errors::ApiError;
use crate::odata::filter::{self, Expr};
use crate::odata::search::{self, Search};

/// `$orderby`: one property, ascending or descending.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Order {
    pub prop: Prop,
    pub desc: bool,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Query {
    /// `$select`, in the order given; `None` means Graph's default property set.
    pub select: Option<Vec<Prop>>,
    /// `$top` as sent; range-checked by the list handler.
    pub top: Option<i64>,
    pub skiptoken: Option<String>,
    /// `$count=true`.
    pub count: bool,
    pub order: Option<Order>,
    /// The raw expression and its parse.
    pub filter: Option<(String, Expr)>,
    pub search: Option<(String, Search)>,
    pub expand: Option<String>,
}

const KNOWN: &[&str] = &[
    "$select",
    "$top",
    "$skiptoken",
    "$count",
    "$orderby",
    "$filter",
    "$search",
    "$expand",
    "$format",
];

/// Reads the query options of one request.
pub(crate) fn parse(raw: Option<&str>) -> Result<Query, ApiError> {
    let mut seen: Vec<String> = Vec::new();
    let mut query = Query::default();
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let name = key.trim().to_ascii_lowercase();
        if !name.starts_with('$') {
            continue; // custom parameters are ignored, as Graph ignores them
        }
        if name == "$skip" {
            return Err(ApiError::bad_request(
                "'$skip' is not supported by the service.",
            ));
        }
        if !KNOWN.contains(&name.as_str()) {
            return Err(ApiError::odata(format!(
                "The query parameter '{key}' is not supported."
            )));
        }
        if seen.contains(&name) {
            return Err(ApiError::odata(format!(
                "Query option '{name}' was specified more than once, but it must be specified at most once."
            )));
        }
        seen.push(name.clone());
        let value = value.trim();
        match name.as_str() {
            "$select" => query.select = parse_select(value)?,
            "$top" => query.top = Some(parse_top(value)?),
            "$skiptoken" => query.skiptoken = Some(value.to_owned()),
            "$count" => query.count = parse_count(value)?,
            "$orderby" => query.order = parse_order(value)?,
            "$filter" => query.filter = Some((value.to_owned(), filter::parse(value)?)),
            "$search" => query.search = Some((value.to_owned(), search::parse(value)?)),
            "$expand" => query.expand = Some(value.to_owned()),
            _ => {} // $format: JSON is the only format anyway
        }
    }
    Ok(query)
}

fn parse_select(value: &str) -> Result<Option<Vec<Prop>>, ApiError> {
    if value.is_empty() {
        return Ok(None);
    }
    let mut props = Vec::new();
    for name in value.split(',').map(str::trim) {
        let prop = Prop::find(name).ok_or_else(|| ApiError::unknown_property(name))?;
        if !props.contains(&prop) {
            props.push(prop);
        }
    }
    Ok(Some(props))
}

fn parse_top(value: &str) -> Result<i64, ApiError> {
    value.parse::<i64>().map_err(|_| {
        ApiError::odata(format!(
            "Invalid value '{value}' for $top query option found. The $top query option requires a non-negative integer value."
        ))
    })
}

fn parse_count(value: &str) -> Result<bool, ApiError> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ApiError::odata(format!(
            "'{value}' is not a valid count option."
        ))),
    }
}

fn parse_order(value: &str) -> Result<Option<Order>, ApiError> {
    if value.is_empty() {
        return Ok(None);
    }
    let clauses: Vec<&str> = value.split(',').map(str::trim).collect();
    if clauses.len() > 1 {
        return Err(ApiError::unsupported_query(
            "Sorting not supported for current query.",
        ));
    }
    let mut words = clauses[0].split_whitespace();
    let name = words.next().unwrap_or_default();
    let prop = Prop::find(name).ok_or_else(|| ApiError::unknown_property(name))?;
    let desc = match words.next().map(str::to_ascii_lowercase).as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => {
            return Err(ApiError::odata(format!(
                "Syntax error at position {} in '{value}'.",
                name.chars().count() + 1
            )));
        }
    };
    if words.next().is_some() {
        return Err(ApiError::odata(format!(
            "Syntax error at position {} in '{value}'.",
            value.chars().count()
        )));
    }
    Ok(Some(Order { prop, desc }))
}

/// The raw query string without `$skiptoken`, for building the next link.
pub(crate) fn without_skiptoken(raw: Option<&str>) -> Vec<&str> {
    raw.unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            let key = percent_encoding::percent_decode_str(key).decode_utf8_lossy();
            !key.trim().eq_ignore_ascii_case("$skiptoken")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_read_case_insensitively_and_form_decoded() {
        let q = parse(Some(
            "%24select=id%2CdisplayName&$TOP=5&$orderBy=displayName+desc&$count=true&foo=bar",
        ))
        .unwrap();
        assert_eq!(q.select, Some(vec![Prop::Id, Prop::DisplayName]));
        assert_eq!(q.top, Some(5));
        assert_eq!(
            q.order,
            Some(Order {
                prop: Prop::DisplayName,
                desc: true
            })
        );
        assert!(q.count);
    }

    #[test]
    fn bad_options_are_refused() {
        assert_eq!(
            parse(Some("$skip=5")).unwrap_err().code,
            "Request_BadRequest"
        );
        assert_eq!(parse(Some("$top=1&$top=2")).unwrap_err().code, "BadRequest");
        assert_eq!(parse(Some("$bogus=1")).unwrap_err().code, "BadRequest");
        assert_eq!(parse(Some("$top=ten")).unwrap_err().code, "BadRequest");
        assert_eq!(
            parse(Some("$select=id,shoeSize")).unwrap_err().message,
            "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'."
        );
        assert!(parse(Some("$orderby=displayName sideways")).is_err());
    }

    #[test]
    fn next_link_keeps_everything_but_the_skiptoken() {
        assert_eq!(
            without_skiptoken(Some("%24top=5&%24skiptoken=abc&%24filter=x")),
            ["%24top=5", "%24filter=x"]
        );
    }
}

#[cfg(test)]
mod robustness {
    use rand::{Rng, SeedableRng};

    /// Random junk made of the characters the parsers care about never panics them.
    #[test]
    fn parsers_never_panic_on_junk() {
        const ALPHABET: &[&str] = &[
            "'",
            "\"",
            "\\",
            "(",
            ")",
            ",",
            ":",
            " ",
            "/",
            "$",
            "%",
            "é",
            "山",
            "eq",
            "ne",
            "and",
            "or",
            "not",
            "in",
            "AND",
            "OR",
            "startswith",
            "endswith",
            "any",
            "displayName",
            "userPrincipalName",
            "accountEnabled",
            "true",
            "null",
            "2021-01-01",
            "x",
            "0",
            "-",
            "users",
            "users(",
            "A",
            "F",
            "''",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for _ in 0..20_000 {
            let len = rng.random_range(0..12);
            let text: String = (0..len)
                .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())])
                .collect();
            let _ = crate::odata::filter::parse(&text);
            let _ = crate::odata::search::parse(&text);
            let _ = super::parse(Some(&text));
            let _ = super::parse(Some(&format!("$orderby={text}&$select={text}")));
            let _ = crate::http::routes::parse(&format!("/v1.0/{text}"));
            let _ = crate::http::routes::parse(&format!("/v1.0/users({text})"));
            let key = std::hash::RandomState::new();
            let _ = crate::http::paging::decode(&key, 0, false, &format!("X'{text}'"));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Beyond the grammar-shaped junk above: any text at all, any Unicode, any length.
        #[test]
        fn parsers_never_panic_on_any_text(text in ".{0,64}") {
            let _ = crate::odata::filter::parse(&text);
            let _ = crate::odata::search::parse(&text);
            let _ = super::parse(Some(&text));
            let _ = super::parse(Some(&format!("$filter={text}&$orderby={text}&$top={text}")));
            let _ = crate::http::routes::parse(&format!("/v1.0/{text}"));
            let _ = crate::http::routes::parse(&format!("/v1.0/users('{text}')/{text}"));
            let key = std::hash::RandomState::new();
            let _ = crate::http::paging::decode(&key, 0, true, &text);
        }
    }
}
