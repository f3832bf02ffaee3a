//! `$search` on users: `"property:text"` clauses joined by `AND` / `OR`, with parentheses and
//! backslash escapes (<https://learn.microsoft.com/en-us/graph/search-query-parameter>).
//!
//! `displayName` is tokenized the way the directory's search index does it, and every token of
//! the search text must be a prefix of some token of the name, in any order; other properties
//! match like `startsWith`.

use std::borrow::Cow;

use crate::directory::schema::{Kind, Prop, Support};
use crate::directory::text::{fold, starts_with_folded};
use crate::directory::user::User;
use crate::http::errors::ApiError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Search {
    And(Box<Search>, Box<Search>),
    Or(Box<Search>, Box<Search>),
    /// `displayName`: folded search tokens, each to prefix-match some name token; each is
    /// kept after a [`TOKEN_MARK`], as it is looked for in [`Keys::name`].
    Tokens(Vec<String>),
    /// Any other property: a folded prefix of the value (or of an element of a collection).
    Prefix(Prop, String),
}

/// The error Graph returns for `$search` without `ConsistencyLevel: eventual`.
pub(crate) fn header_missing() -> ApiError {
    ApiError::unsupported_query(
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    )
}

struct Parser<'a> {
    text: &'a str,
    chars: Vec<char>,
    at: usize,
}

/// Parses a `$search` value.
pub(crate) fn parse(text: &str) -> Result<Search, ApiError> {
    let mut parser = Parser {
        text,
        chars: text.chars().collect(),
        at: 0,
    };
    let search = parser.or()?;
    parser.skip_spaces();
    if parser.at < parser.chars.len() {
        return Err(parser.error());
    }
    Ok(search)
}

impl Parser<'_> {
    fn error(&self) -> ApiError {
        match self.chars.get(self.at) {
            Some(c) => ApiError::unsupported_query(format!(
                "Syntax error: character '{c}' is not valid at position {} in '{}'.",
                self.at, self.text
            )),
            None => ApiError::unsupported_query(format!(
                "Syntax error: unexpected end of query at position {} in '{}'.",
                self.at, self.text
            )),
        }
    }

    fn skip_spaces(&mut self) {
        while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
    }

    /// Consumes `word` (an uppercase operator) when it stands alone here.
    fn operator(&mut self, word: &str) -> bool {
        self.skip_spaces();
        let len = word.len();
        let matches = self
            .chars
            .get(self.at..self.at + len)
            .is_some_and(|w| w.iter().copied().eq(word.chars()));
        let boundary = self
            .chars
            .get(self.at + len)
            .is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '('));
        if matches && boundary {
            self.at += len;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Search, ApiError> {
        let mut left = self.and()?;
        while self.operator("OR") {
            left = Search::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Search, ApiError> {
        let mut left = self.atom()?;
        while self.operator("AND") {
            left = Search::And(Box::new(left), Box::new(self.atom()?));
        }
        Ok(left)
    }

    fn atom(&mut self) -> Result<Search, ApiError> {
        self.skip_spaces();
        match self.chars.get(self.at) {
            Some('(') => {
                self.at += 1;
                let inner = self.or()?;
                self.skip_spaces();
                if self.chars.get(self.at) != Some(&')') {
                    return Err(self.error());
                }
                self.at += 1;
                Ok(inner)
            }
            Some('"') => self.clause(),
            _ => Err(self.error()),
        }
    }

    /// `"property:text"`; `\"` and `\\` stand for `"` and `\`.
    fn clause(&mut self) -> Result<Search, ApiError> {
        let start = self.at;
        self.at += 1;
        let mut body = String::new();
        loop {
            match self.chars.get(self.at) {
                None => return Err(self.error()),
                Some('\\') if matches!(self.chars.get(self.at + 1), Some('"' | '\\')) => {
                    body.push(self.chars[self.at + 1]);
                    self.at += 2;
                }
                Some('"') => {
                    self.at += 1;
                    break;
                }
                Some(&c) => {
                    body.push(c);
                    self.at += 1;
                }
            }
        }
        let Some((name, value)) = body.split_once(':') else {
            self.at = start;
            return Err(ApiError::unsupported_query(format!(
                "Syntax error: the search clause '{body}' must name a property, as in \"displayName:{body}\"."
            )));
        };
        let prop = Prop::find(name.trim()).ok_or_else(|| ApiError::unknown_property(name))?;
        if prop == Prop::DisplayName {
            let tokens = tokenize(value)
                .iter()
                .map(|t| format!("{TOKEN_MARK}{}", fold(t)))
                .collect();
            return Ok(Search::Tokens(tokens));
        }
        let def = prop.def();
        if !matches!(def.kind, Kind::Str | Kind::Strs) || def.starts == Support::No {
            return Err(ApiError::unsupported_query(format!(
                "Unsupported property '{}' for $search.",
                def.name
            )));
        }
        Ok(Search::Prefix(prop, fold(value)))
    }
}

/// Starts every display-name token in [`Keys::name`]: a search token `t` prefix-matches a
/// name token exactly when the name holds `TOKEN_MARK` + `t`.
pub(crate) const TOKEN_MARK: char = '\u{1}';

/// One user's folded search text (kept for every user by the store's
/// `directory::search_keys`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Keys<'a> {
    /// The display name's tokens, folded, each after [`TOKEN_MARK`].
    pub name: &'a str,
    pub upn: &'a str,
    pub mail: Option<&'a str>,
}

/// Appends `display_name`'s search tokens, folded, each after [`TOKEN_MARK`].
pub(crate) fn push_name_tokens(out: &mut String, display_name: &str) {
    for token in tokenize(display_name) {
        out.push(TOKEN_MARK);
        out.extend(token.chars().flat_map(char::to_lowercase));
    }
}

/// Whether `user`, whose folded search text is `keys`, matches the search.
pub(crate) fn matches(search: &Search, user: &User, keys: &Keys<'_>) -> bool {
    match search {
        Search::And(a, b) => matches(a, user, keys) && matches(b, user, keys),
        Search::Or(a, b) => matches(a, user, keys) || matches(b, user, keys),
        Search::Tokens(wanted) => wanted.iter().all(|w| keys.name.contains(w.as_str())),
        Search::Prefix(Prop::UserPrincipalName, prefix) => keys.upn.starts_with(prefix.as_str()),
        Search::Prefix(Prop::Mail, prefix) => {
            keys.mail.is_some_and(|m| m.starts_with(prefix.as_str()))
        }
        Search::Prefix(prop, prefix) => match prop.def().kind {
            Kind::Strs => user
                .list(*prop)
                .iter()
                .any(|v| starts_with_folded(v, prefix)),
            _ => user
                .text(*prop)
                .is_some_and(|v| starts_with_folded(v, prefix)),
        },
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Lower,
    Upper,
    /// Letters without case (CJK, Arabic, Hebrew…).
    Letter,
    Digit,
    Symbol,
}

fn class(c: char) -> Class {
    if c.is_lowercase() {
        Class::Lower
    } else if c.is_uppercase() {
        Class::Upper
    } else if c.is_alphabetic() {
        Class::Letter
    } else if c.is_numeric() {
        Class::Digit
    } else {
        Class::Symbol
    }
}

fn is_letter(c: Class) -> bool {
    matches!(c, Class::Lower | Class::Upper | Class::Letter)
}

/// Splits text into search tokens: on spaces; where lower case turns upper (`HelloWorld` →
/// `Hello`, `World`; `HELLOworld` stays whole); between letters and digits (`hello123world` →
/// `hello`, `123`, `world`); around symbols, each symbol a token of its own, plus the word with
/// its symbols dropped (`hello.world` → `hello`, `.`, `world`, `helloworld`).
pub(crate) fn tokenize(text: &str) -> Vec<Cow<'_, str>> {
    let mut tokens = Vec::new();
    for word in text.split_whitespace() {
        let mut start = 0;
        let mut previous: Option<Class> = None;
        let mut has_symbol = false;
        for (i, c) in word.char_indices() {
            let current = class(c);
            let boundary = match previous {
                None => false,
                Some(Class::Symbol) => true,
                Some(_) if current == Class::Symbol => true,
                Some(Class::Lower) if current == Class::Upper => true,
                Some(p) => is_letter(p) != is_letter(current),
            };
            if boundary && start < i {
                tokens.push(Cow::Borrowed(&word[start..i]));
                start = i;
            }
            has_symbol |= current == Class::Symbol;
            previous = Some(current);
        }
        if start < word.len() {
            tokens.push(Cow::Borrowed(&word[start..]));
        }
        if has_symbol {
            let joined: String = word
                .chars()
                .filter(|c| class(*c) != Class::Symbol)
                .collect();
            if !joined.is_empty() {
                tokens.push(Cow::Owned(joined));
            }
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::user::Cell;

    fn toks(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(Cow::into_owned).collect()
    }

    #[test]
    fn tokenizer_follows_graphs_rules() {
        assert_eq!(toks("HelloWorld"), ["Hello", "World"]);
        assert_eq!(toks("HELLOworld"), ["HELLOworld"]);
        assert_eq!(toks("hello123world"), ["hello", "123", "world"]);
        assert_eq!(toks("hello.world"), ["hello", ".", "world", "helloworld"]);
        assert_eq!(toks("Seán O'Brien"), ["Seán", "O", "'", "Brien", "OBrien"]);
        assert_eq!(toks("山田 太郎"), ["山田", "太郎"]);
        assert_eq!(toks("  "), Vec::<String>::new());
    }

    fn user(name: &str) -> User {
        let mut u = User::new("6e2f7c4a-0b1d-4c8e-9f3a-2d5b7e9c1a04");
        u.set(Prop::DisplayName, Cell::str(name));
        u.set(
            Prop::UserPrincipalName,
            Cell::str("ada.lovelace@contoso.com"),
        );
        u
    }

    fn hit(search: &str, name: &str) -> bool {
        let user = user(name);
        let mut tokens = String::new();
        push_name_tokens(&mut tokens, user.display_name());
        let upn = fold(user.upn());
        let mail = user.text(Prop::Mail).map(fold);
        let keys = Keys {
            name: &tokens,
            upn: &upn,
            mail: mail.as_deref(),
        };
        matches(&parse(search).unwrap(), &user, &keys)
    }

    #[test]
    fn display_name_tokens_prefix_match_in_any_order() {
        assert!(hit(r#""displayName:love ada""#, "Ada Lovelace"));
        assert!(!hit(r#""displayName:velace""#, "Ada Lovelace"));
        assert!(!hit(r#""displayName:mcd""#, "Ronald McDonald"));
        assert!(hit(r#""displayName:donald""#, "Ronald McDonald"));
        assert!(hit(r#""displayName:o'brien""#, "Seán O'Brien"));
        assert!(hit(r#""displayName:obrien""#, "Seán O'Brien"));
        assert!(hit(
            r#""displayName:\"Bobby\"""#,
            r#"Robert "Bobby" Tables"#
        ));
        assert!(hit(r#""displayName:山田""#, "山田 太郎"));
    }

    #[test]
    fn operators_and_other_properties() {
        assert!(hit(
            r#""displayName:zzz" OR "userPrincipalName:ADA.L""#,
            "Ada Lovelace"
        ));
        assert!(!hit(
            r#""displayName:ada" AND "userPrincipalName:bob""#,
            "Ada Lovelace"
        ));
        assert!(!hit(
            r#"("displayName:x" OR "displayName:ada") AND "mail:""#,
            "Ada Lovelace"
        ));
        assert!(hit(
            r#"("displayName:x" OR "displayName:ada") AND "userPrincipalName:a""#,
            "Ada Lovelace"
        ));
    }

    #[test]
    fn malformed_searches_are_syntax_errors() {
        for bad in [
            r#""displayName:ada"#,
            r"displayName:ada",
            r#""displayName:a" "displayName:b""#,
            r#""displayName:a" and "displayName:b""#,
            r#"("displayName:a""#,
            "",
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.code, "Request_UnsupportedQuery", "{bad}");
            assert!(
                e.message.starts_with("Syntax error"),
                "{bad}: {}",
                e.message
            );
        }
        assert_eq!(parse(r#""shoeSize:9""#).unwrap_err().code, "BadRequest");
    }
}
