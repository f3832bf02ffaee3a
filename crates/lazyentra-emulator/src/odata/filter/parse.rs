//! Lexing and parsing of `$filter` text into an [`Expr`].

use chrono::{DateTime, NaiveDate, Utc};

use super::{AnyTest, Expr, Func, Lit, Op};
use crate::directory::schema::Prop;
use crate::directory::text::fold;
use crate::http::errors::ApiError;

// ---------------------------------------------------------------------------------------------
// Lexing

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Open,
    Close,
    Comma,
    Colon,
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    pos: usize,
}

fn syntax_error(pos: usize, text: &str) -> ApiError {
    ApiError::odata(format!(
        "Invalid filter clause: Syntax error at position {pos} in '{text}'."
    ))
}

fn lex(text: &str) -> Result<Vec<Token>, ApiError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let single = match c {
            _ if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => Some(Tok::Open),
            ')' => Some(Tok::Close),
            ',' => Some(Tok::Comma),
            ':' => Some(Tok::Colon),
            _ => None,
        };
        if let Some(tok) = single {
            tokens.push(Token { tok, pos: start });
            i += 1;
            continue;
        }
        if c == '\'' {
            // A string literal; '' inside stands for one quote.
            let mut value = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => {
                        return Err(ApiError::odata(format!(
                            "Invalid filter clause: There is an unterminated string literal at position {start} in '{text}'."
                        )));
                    }
                    Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                        value.push('\'');
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(&other) => {
                        value.push(other);
                        i += 1;
                    }
                }
            }
            tokens.push(Token {
                tok: Tok::Str(value),
                pos: start,
            });
            continue;
        }
        // A word: identifier, keyword, path (`proxyAddresses/any`) or unquoted literal. Only
        // literals that start with a digit may contain ':' (times); elsewhere ':' is the lambda
        // separator.
        let literal = c.is_ascii_digit() || c == '-';
        while let Some(&ch) = chars.get(i) {
            let ends = ch.is_whitespace()
                || matches!(ch, '(' | ')' | ',' | '\'')
                || (ch == ':' && !literal);
            if ends {
                break;
            }
            i += 1;
        }
        tokens.push(Token {
            tok: Tok::Word(chars[start..i].iter().collect()),
            pos: start,
        });
    }
    Ok(tokens)
}

// ---------------------------------------------------------------------------------------------
// Parsing

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    at: usize,
}

/// Parses a `$filter` expression.
pub(crate) fn parse(text: &str) -> Result<Expr, ApiError> {
    let mut parser = Parser {
        text,
        tokens: lex(text)?,
        at: 0,
    };
    if parser.tokens.is_empty() {
        return Err(syntax_error(0, text));
    }
    let expr = parser.or()?;
    if let Some(extra) = parser.tokens.get(parser.at) {
        return Err(syntax_error(extra.pos, text));
    }
    Ok(expr)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at).map(|t| &t.tok)
    }

    fn pos(&self) -> usize {
        self.tokens
            .get(self.at)
            .map_or(self.text.chars().count(), |t| t.pos)
    }

    fn error(&self) -> ApiError {
        syntax_error(self.pos(), self.text)
    }

    fn next(&mut self) -> Option<Tok> {
        let tok = self.tokens.get(self.at).map(|t| t.tok.clone());
        self.at += 1;
        tok
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(word)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: &Tok) -> Result<(), ApiError> {
        if self.peek() == Some(tok) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error())
        }
    }

    fn or(&mut self) -> Result<Expr, ApiError> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ApiError> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, ApiError> {
        if self.keyword("not") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, ApiError> {
        match self.next() {
            Some(Tok::Open) => {
                let inner = self.or()?;
                self.expect(&Tok::Close)?;
                Ok(inner)
            }
            Some(Tok::Word(word)) if self.peek() == Some(&Tok::Open) => {
                self.at += 1;
                match word.rsplit_once('/') {
                    Some((path, lambda)) if lambda.eq_ignore_ascii_case("any") => self.lambda(path),
                    Some((_, lambda)) if lambda.eq_ignore_ascii_case("all") => {
                        Err(ApiError::unsupported_query("Unsupported Query."))
                    }
                    _ => self.function(&word),
                }
            }
            Some(Tok::Word(word)) => {
                self.at -= 1;
                if word.contains('/') {
                    return Err(ApiError::unsupported_query("Unsupported Query."));
                }
                let prop = property(&word)?;
                self.at += 1;
                self.comparison(prop)
            }
            _ => {
                self.at -= 1;
                Err(self.error())
            }
        }
    }

    fn comparison(&mut self, prop: Prop) -> Result<Expr, ApiError> {
        let Some(Tok::Word(op_word)) = self.peek().cloned() else {
            return Err(self.error());
        };
        self.at += 1;
        if op_word.eq_ignore_ascii_case("in") {
            self.expect(&Tok::Open)?;
            let mut lits = vec![self.literal(prop)?];
            while self.peek() == Some(&Tok::Comma) {
                self.at += 1;
                lits.push(self.literal(prop)?);
            }
            self.expect(&Tok::Close)?;
            return Ok(Expr::In { prop, lits });
        }
        let Some(op) = Op::from_word(&op_word) else {
            self.at -= 1;
            return Err(self.error());
        };
        let lit = self.literal(prop)?;
        Ok(Expr::Cmp { prop, op, lit })
    }

    fn literal(&mut self, prop: Prop) -> Result<Lit, ApiError> {
        match self.next() {
            Some(Tok::Str(s)) => Ok(Lit::Str(fold(&s))),
            Some(Tok::Word(w)) => match w.to_ascii_lowercase().as_str() {
                "true" => Ok(Lit::Bool(true)),
                "false" => Ok(Lit::Bool(false)),
                "null" => Ok(Lit::Null),
                _ if w.starts_with(|c: char| c.is_ascii_digit() || c == '-') => {
                    Ok(parse_date(&w).map_or(Lit::Other(w), Lit::Date))
                }
                // Comparing two properties is not something the directory does.
                _ => Err(ApiError::unsupported_filter(prop.name())),
            },
            _ => {
                self.at -= 1;
                Err(self.error())
            }
        }
    }

    fn string_arg(&mut self) -> Result<String, ApiError> {
        if let Some(Tok::Str(s)) = self.next() {
            Ok(fold(&s))
        } else {
            self.at -= 1;
            Err(self.error())
        }
    }

    fn function(&mut self, name: &str) -> Result<Expr, ApiError> {
        let func = match name.to_ascii_lowercase().as_str() {
            "startswith" => Func::StartsWith,
            "endswith" => Func::EndsWith,
            "contains" | "substringof" | "tolower" | "toupper" | "length" | "indexof" | "trim"
            | "concat" | "substring" => {
                return Err(ApiError::unsupported_query("Unsupported Query."));
            }
            _ => {
                return Err(ApiError::odata(format!(
                    "Invalid filter clause: An unknown function with name '{name}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed."
                )));
            }
        };
        let Some(Tok::Word(prop_name)) = self.next() else {
            self.at -= 1;
            return Err(self.error());
        };
        let prop = property(&prop_name)?;
        self.expect(&Tok::Comma)?;
        let text = self.string_arg()?;
        self.expect(&Tok::Close)?;
        Ok(Expr::Func { func, prop, text })
    }

    /// `path/any(x: x eq 'v')`, `…any(x: startswith(x, 'v'))`, `…any(x: endswith(x, 'v'))`.
    fn lambda(&mut self, path: &str) -> Result<Expr, ApiError> {
        let prop = property(path)?;
        let Some(Tok::Word(var)) = self.next() else {
            return Err(ApiError::unsupported_query("Unsupported Query."));
        };
        self.expect(&Tok::Colon)?;
        let test = match self.next() {
            Some(Tok::Word(w)) if w == var => {
                if !self.keyword("eq") {
                    return Err(ApiError::unsupported_filter(prop.name()));
                }
                AnyTest::Eq(self.string_arg()?)
            }
            Some(Tok::Word(w)) if self.peek() == Some(&Tok::Open) => {
                self.at += 1;
                let func = match w.to_ascii_lowercase().as_str() {
                    "startswith" => Func::StartsWith,
                    "endswith" => Func::EndsWith,
                    _ => return Err(ApiError::unsupported_filter(prop.name())),
                };
                if !matches!(self.next(), Some(Tok::Word(v)) if v == var) {
                    return Err(ApiError::unsupported_filter(prop.name()));
                }
                self.expect(&Tok::Comma)?;
                let text = self.string_arg()?;
                self.expect(&Tok::Close)?;
                AnyTest::Func(func, text)
            }
            _ => {
                self.at -= 1;
                return Err(self.error());
            }
        };
        self.expect(&Tok::Close)?;
        Ok(Expr::Any { prop, test })
    }
}

fn property(name: &str) -> Result<Prop, ApiError> {
    Prop::find(name).ok_or_else(|| ApiError::unknown_property(name))
}

fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(text) {
        return Some(d.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_name_the_position() {
        let e = parse("displayName eq").unwrap_err();
        assert_eq!(e.code, "BadRequest");
        assert_eq!(
            e.message,
            "Invalid filter clause: Syntax error at position 14 in 'displayName eq'."
        );
        let e = parse("displayName eq 'x").unwrap_err();
        assert!(
            e.message
                .contains("unterminated string literal at position 15")
        );
        assert!(parse("(displayName eq 'x'").is_err());
        assert!(parse("displayName eq 'x' displayName").is_err());
        assert!(parse("").is_err());
    }
}
