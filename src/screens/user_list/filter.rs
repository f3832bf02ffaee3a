//! The local filter and sort of the loaded rows: what the `/` box says (free text and
//! `field:value` filters), matched against each row's folded key (made once, when the row is
//! added: `row.rs`), and the Graph query the same text becomes while the tenant is not fully
//! loaded.

use std::cmp::Ordering;

use memchr::memmem::Finder;

use super::columns::Field;
use super::row::Row;
pub use super::row::fold;
use crate::config::views::SavedView;

/// What the box says, parsed: free words (each found in some field) and field filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Folded free-text words, as typed (for Graph).
    pub words: Vec<String>,
    /// The free text as typed, for Graph's `$search`.
    pub text: String,
    /// `dept:` values (folded, and as typed for Graph).
    pub department: Vec<(String, String)>,
    /// `title:` values (folded, and as typed).
    pub title: Vec<(String, String)>,
    /// `enabled:yes` / `enabled:no`.
    pub enabled: Option<bool>,
    /// `guest` (true) or `member` (false).
    pub guest: Option<bool>,
    /// Filters on the other text columns (`city:`, `company:`…): the field, the value folded
    /// and as typed. A row matches only through a column the list shows (or was asked for).
    pub fields: Vec<(Field, String, String)>,
}

/// The `name:` prefixes of the other text columns' filters.
const FIELD_PREFIXES: &[(&str, Field)] = &[
    ("company", Field::CompanyName),
    ("office", Field::OfficeLocation),
    ("city", Field::City),
    ("country", Field::Country),
    ("usage", Field::UsageLocation),
    ("employeeid", Field::EmployeeId),
    ("empid", Field::EmployeeId),
];

impl Filter {
    /// Reads the box: `dept:finance title:eng enabled:no guest ada`. A `field:` the filter does
    /// not know, or one without a value, is free text. Double quotes keep blanks in a value or
    /// a phrase: `dept:"Human Resources"`, `"van der"`.
    pub fn parse(input: &str) -> Self {
        let mut filter = Filter::default();
        let mut free = Vec::new();
        let tokens = tokens(input);
        for token in tokens.iter().map(String::as_str) {
            let lower = token.to_lowercase();
            let field = lower.split_once(':').filter(|(_, v)| !v.is_empty());
            let value = || token.split_once(':').map(|(_, v)| v.to_owned());
            match (lower.as_str(), field) {
                ("guest" | "guests", _) => filter.guest = Some(true),
                ("member" | "members", _) => filter.guest = Some(false),
                (_, Some(("dept" | "department", _))) => {
                    let v = value().unwrap_or_default();
                    filter.department.push((fold(&v), v));
                }
                (_, Some(("title" | "job" | "jobtitle", _))) => {
                    let v = value().unwrap_or_default();
                    filter.title.push((fold(&v), v));
                }
                (_, Some(("enabled", "yes" | "true" | "y"))) => filter.enabled = Some(true),
                (_, Some(("enabled", "no" | "false" | "n"))) => filter.enabled = Some(false),
                (_, Some((prefix, _))) if FIELD_PREFIXES.iter().any(|(p, _)| *p == prefix) => {
                    let field = FIELD_PREFIXES
                        .iter()
                        .find(|(p, _)| *p == prefix)
                        .map(|(_, f)| *f);
                    let v = value().unwrap_or_default();
                    if let Some(field) = field {
                        filter.fields.push((field, fold(&v), v));
                    }
                }
                _ => free.push(token),
            }
        }
        filter.words = free.iter().map(|w| fold(w)).collect();
        filter.text = free.join(" ");
        filter
    }

    /// Nothing typed: every row is shown.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether every row this filter shows is one `old` shows too (the text grew, as when
    /// typing on): then only the rows `old` shows need to be looked at.
    pub fn narrows(&self, old: &Filter) -> bool {
        // A value found in a field holds each of its substrings there too.
        let within = |new: &[String], old: &[String]| {
            old.iter()
                .all(|o| new.iter().any(|n| n.contains(o.as_str())))
        };
        let folded = |pairs: &[(String, String)]| -> Vec<String> {
            pairs.iter().map(|(f, _)| f.clone()).collect()
        };
        within(&self.words, &old.words)
            && within(&folded(&self.department), &folded(&old.department))
            && within(&folded(&self.title), &folded(&old.title))
            && old.enabled.is_none_or(|e| self.enabled == Some(e))
            && old.guest.is_none_or(|g| self.guest == Some(g))
            && old.fields.iter().all(|(field, o, _)| {
                self.fields
                    .iter()
                    .any(|(f, n, _)| f == field && n.contains(o.as_str()))
            })
    }

    /// [`Filter::matches`] for many rows: each word's searcher is made once.
    pub fn matcher(&self) -> Matcher<'_> {
        fn finders(values: &[(String, String)]) -> Vec<Finder<'_>> {
            values
                .iter()
                .map(|(f, _)| Finder::new(f.as_bytes()))
                .collect()
        }
        Matcher {
            filter: self,
            everything: self.is_empty(),
            words: self
                .words
                .iter()
                .map(|w| Finder::new(w.as_bytes()))
                .collect(),
            department: finders(&self.department),
            title: finders(&self.title),
        }
    }

    pub fn matches(&self, row: &Row) -> bool {
        self.words.iter().all(|w| row.has(w))
            && self
                .department
                .iter()
                .all(|(d, _)| row.folded_department().contains(d.as_str()))
            && self
                .title
                .iter()
                .all(|(t, _)| row.folded_title().contains(t.as_str()))
            && self
                .enabled
                .is_none_or(|e| row.account_enabled() == Some(e))
            && self.guest.is_none_or(|g| row.is_guest() == g)
            && self
                .fields
                .iter()
                .all(|(field, v, _)| field.folded(row).contains(v.as_str()))
    }

    /// The columns the filter reads that are not always loaded: a row holds them only while
    /// a column shows them.
    pub fn needs(&self) -> Vec<Field> {
        let mut fields: Vec<Field> = self.fields.iter().map(|(f, _, _)| *f).collect();
        fields.sort();
        fields.dedup();
        fields
    }

    /// The `$filter` Graph can run for the field filters, if any.
    pub fn graph_filter(&self) -> Option<String> {
        let literal = crate::graph::odata::string_literal;
        let mut clauses = Vec::new();
        for (_, d) in &self.department {
            clauses.push(format!("startswith(department,{})", literal(d)));
        }
        for (_, t) in &self.title {
            clauses.push(format!("startswith(jobTitle,{})", literal(t)));
        }
        for (field, _, v) in &self.fields {
            // employeeId takes eq only (https://learn.microsoft.com/en-us/graph/aad-advanced-queries).
            clauses.push(if *field == Field::EmployeeId {
                format!("employeeId eq {}", literal(v))
            } else {
                format!("startswith({},{})", field.property(), literal(v))
            });
        }
        if let Some(e) = self.enabled {
            clauses.push(format!("accountEnabled eq {e}"));
        }
        if let Some(g) = self.guest {
            let kind = if g { "Guest" } else { "Member" };
            clauses.push(format!("userType eq '{kind}'"));
        }
        (!clauses.is_empty()).then(|| clauses.join(" and "))
    }

    /// The part of the filter Graph answers exactly as [`Filter::matches`] does, as a
    /// `$filter`: only `enabled:` (`accountEnabled eq …`). Words and `dept:`/`title:` match
    /// anywhere in a field here, while Graph can only `$search` words or `startswith` a field,
    /// and `guest` here also takes UPNs with `#EXT#`; sending those would lose users the list
    /// shows. `lazyentra export` sends this and still runs the whole filter on what comes back.
    pub fn exact_graph_filter(&self) -> Option<String> {
        self.enabled.map(|e| format!("accountEnabled eq {e}"))
    }

    /// The free text for Graph's `$search`, if any.
    pub fn graph_search(&self) -> Option<String> {
        (!self.text.is_empty()).then(|| self.text.clone())
    }
}

/// A [`Filter`] ready to be run over many rows.
pub struct Matcher<'f> {
    filter: &'f Filter,
    /// No filter: every row passes without being looked at (under `L`, each new row would
    /// otherwise be read from memory just to pass).
    everything: bool,
    words: Vec<Finder<'f>>,
    department: Vec<Finder<'f>>,
    title: Vec<Finder<'f>>,
}

impl Matcher<'_> {
    /// As [`Filter::matches`].
    pub fn matches(&self, row: &Row) -> bool {
        if self.everything {
            return true;
        }
        let found = |finder: &Finder<'_>, text: &str| finder.find(text.as_bytes()).is_some();
        let (key, title, department) = (row.folded(), row.folded_title(), row.folded_department());
        self.words
            .iter()
            .all(|w| found(w, key) || found(w, title) || found(w, department))
            && self.department.iter().all(|d| found(d, department))
            && self.title.iter().all(|t| found(t, title))
            && self
                .filter
                .enabled
                .is_none_or(|e| row.account_enabled() == Some(e))
            && self.filter.guest.is_none_or(|g| row.is_guest() == g)
            && self
                .filter
                .fields
                .iter()
                .all(|(field, v, _)| field.folded(row).contains(v.as_str()))
    }
}

/// The sort `s` and `S` chose: a column and its direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: Field,
    pub descending: bool,
}

impl Sort {
    /// A saved view's sort, if it has one.
    pub fn of_view(view: &SavedView) -> Option<Sort> {
        let sort = view.sort?;
        Field::of_property(sort.property).map(|column| Sort {
            column,
            descending: sort.descending,
        })
    }

    /// This sort as Graph's `$orderby`, if Graph can sort by its column.
    pub fn graph_order(self) -> Option<String> {
        let property = self.column.graph_order()?;
        Some(if self.descending {
            format!("{property} desc")
        } else {
            property.to_owned()
        })
    }

    /// How two rows are ordered by this sort.
    pub fn order(self, a: &Row, b: &Row) -> Ordering {
        let order = self.column.compare(a, b);
        if self.descending {
            order.reverse()
        } else {
            order
        }
    }
}

/// The box split at blanks outside double quotes; the quotes themselves are dropped (an
/// unclosed one runs to the end).
fn tokens(input: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// The box text that filters on exactly this department: `dept:Finance`, or
/// `dept:"Human Resources"` when it has blanks.
pub fn department_filter(department: &str) -> String {
    let value = department.replace('"', "");
    if value.contains(char::is_whitespace) {
        format!("dept:\"{value}\"")
    } else {
        format!("dept:{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_and_accents_and_keeps_other_scripts() {
        assert_eq!(fold("José Müller"), "jose muller");
        assert_eq!(fold("ÅNGSTRÖM Núñez Çelik"), "angstrom nunez celik");
        assert_eq!(fold("山田 太郎"), "山田 太郎");
        assert_eq!(fold("מרים כהן"), "מרים כהן");
        // Already composed or decomposed: the same key.
        assert_eq!(fold("e\u{301}"), fold("\u{e9}"));
        // The ASCII shortcut folds printable text as the long way does (control characters
        // become blanks: the row key separates its fields with one).
        let ascii: String = (32u8..127).map(char::from).collect();
        let long: String = ascii.chars().flat_map(char::to_lowercase).collect();
        assert_eq!(fold(&ascii), long);
        assert_eq!(fold("A\nB\u{1b}c"), "a b c");
    }

    #[test]
    fn the_box_reads_as_words_and_field_filters() {
        let f = Filter::parse("  Dept:Finance title:Eng enabled:NO guest ada  lovelace site:x x: ");
        assert_eq!(f.words, ["ada", "lovelace", "site:x", "x:"]);
        assert_eq!(f.text, "ada lovelace site:x x:");
        assert_eq!(f.department, [("finance".to_owned(), "Finance".to_owned())]);
        assert_eq!(f.title, [("eng".to_owned(), "Eng".to_owned())]);
        assert_eq!((f.enabled, f.guest), (Some(false), Some(true)));
        assert_eq!(
            f.graph_filter().as_deref(),
            Some(
                "startswith(department,'Finance') and startswith(jobTitle,'Eng') and \
                 accountEnabled eq false and userType eq 'Guest'"
            )
        );
        assert_eq!(f.graph_search().as_deref(), Some("ada lovelace site:x x:"));
        assert_eq!(
            f.exact_graph_filter().as_deref(),
            Some("accountEnabled eq false")
        );
        assert_eq!(Filter::parse("dept:x guest ada").exact_graph_filter(), None);
        let member = Filter::parse("member enabled:yes");
        assert_eq!(member.graph_search(), None);
        assert_eq!(
            member.graph_filter().as_deref(),
            Some("accountEnabled eq true and userType eq 'Member'")
        );
        assert!(Filter::parse("   ").is_empty());
        // A quote cannot leave its literal.
        assert_eq!(
            Filter::parse("dept:a')or(true").graph_filter().as_deref(),
            Some("startswith(department,'a'')or(true')")
        );
    }

    #[test]
    fn quotes_keep_blanks_in_a_value_or_a_phrase() {
        let f = Filter::parse(r#"dept:"Human Resources" "van der" berg"#);
        assert_eq!(
            f.department,
            [("human resources".to_owned(), "Human Resources".to_owned())]
        );
        assert_eq!(f.words, ["van der", "berg"]);
        assert_eq!(
            Filter::parse(&department_filter("Human Resources")).department,
            f.department
        );
        assert_eq!(department_filter("Finance"), "dept:Finance");
        // An unclosed quote runs to the end.
        assert_eq!(
            Filter::parse(r#"dept:"Sales Ops"#).department[0].1,
            "Sales Ops"
        );
    }

    #[test]
    fn the_other_text_columns_filter_by_name() {
        let f = Filter::parse("city:Lyon company:\"Contoso Labs\" empid:42 country:");
        assert_eq!(
            f.fields,
            [
                (Field::City, "lyon".to_owned(), "Lyon".to_owned()),
                (
                    Field::CompanyName,
                    "contoso labs".to_owned(),
                    "Contoso Labs".to_owned()
                ),
                (Field::EmployeeId, "42".to_owned(), "42".to_owned()),
            ]
        );
        assert_eq!(f.words, ["country:"], "no value: a word");
        assert_eq!(
            f.graph_filter().as_deref(),
            Some(
                "startswith(city,'Lyon') and startswith(companyName,'Contoso Labs') and \
                 employeeId eq '42'"
            )
        );
    }
}
