//! Saved views of the user list: `[views.NAME]` tables of the config file, each the list's
//! columns (with the widths the user set), its sort and its filter, as `:view save NAME`
//! writes them and `:view NAME` recalls them.
//!
//! ```toml
//! [views.hr]
//! columns = ["displayName", "userPrincipalName", "department", "city"]
//! widths = { userPrincipalName = 40 }     # the others adapt to the terminal
//! sort = "department"                     # one of the columns
//! descending = false
//! filter = 'dept:"Human Resources"'       # what the / box says
//! ```

use config::{Value, ValueKind};
use toml_edit::{Array, InlineTable, Table, value};

use crate::graph::LIST_COLUMNS;

/// The table of saved views, `[views.NAME]`.
pub const VIEWS_TABLE: &str = "views";

/// A column of a saved view: a Graph property from `LIST_COLUMNS`, and the width the user set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewColumn {
    pub property: &'static str,
    pub width: Option<u16>,
}

/// A saved sort: one of the view's columns, and its direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewSort {
    pub property: &'static str,
    pub descending: bool,
}

/// One `[views.NAME]` table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SavedView {
    pub columns: Vec<ViewColumn>,
    pub sort: Option<ViewSort>,
    /// The `/` box's text.
    pub filter: Option<String>,
}

/// The widest a column may be set.
pub const MAX_WIDTH: u16 = 200;

/// Why a view name cannot be used, if it cannot: letters, digits, `-` and `_`, as profiles.
pub fn name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("a view needs a name".to_owned());
    }
    if name.len() > 64 {
        return Some("a view's name is at most 64 characters".to_owned());
    }
    let odd = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'));
    odd.map(|c| {
        format!("a view's name uses letters, digits, - and _ only (not {c:?}): e.g. hr-leavers")
    })
}

/// The property a name means among `LIST_COLUMNS` (any case).
fn property(name: &str) -> Option<&'static str> {
    LIST_COLUMNS
        .iter()
        .copied()
        .find(|p| p.eq_ignore_ascii_case(name.trim()))
}

fn unknown_column(name: &str) -> String {
    let hint = crate::spelling::closest(name, LIST_COLUMNS.iter().copied())
        .map(|s| format!(" (did you mean \"{s}\"?)"))
        .unwrap_or_default();
    format!(
        "\"{name}\" is not a column the list can show{hint}; the columns: {}",
        LIST_COLUMNS.join(", ")
    )
}

/// Reads one `[views.NAME]` table; every problem is listed, each naming the key.
pub fn parse(table: &Value) -> Result<SavedView, Vec<String>> {
    let ValueKind::Table(entries) = &table.kind else {
        return Err(vec![
            "must be a table: [views.NAME] then columns = [...] and the rest".to_owned(),
        ]);
    };
    let mut problems = Vec::new();
    let mut view = SavedView::default();
    for key in entries.keys() {
        if !["columns", "widths", "sort", "descending", "filter"].contains(&key.as_str()) {
            problems.push(format!(
                "unknown key `{key}` (a view has columns, widths, sort, descending and filter)"
            ));
        }
    }
    if let Err(mut more) = read_columns(entries.get("columns"), &mut view) {
        problems.append(&mut more);
    }
    if let Err(mut more) = read_widths(entries.get("widths"), &mut view) {
        problems.append(&mut more);
    }
    let descending = match entries.get("descending").map(|v| &v.kind) {
        None => false,
        Some(ValueKind::Boolean(b)) => *b,
        Some(_) => {
            problems.push("descending must be true or false".to_owned());
            false
        }
    };
    match entries.get("sort").map(|v| &v.kind) {
        None => {}
        Some(ValueKind::String(name)) => match property(name) {
            Some(p) if view.columns.iter().any(|c| c.property == p) => {
                view.sort = Some(ViewSort {
                    property: p,
                    descending,
                });
            }
            Some(_) => problems.push(format!(
                "sort = \"{name}\": not one of the view's columns; add it to columns"
            )),
            None => problems.push(format!("sort: {}", unknown_column(name))),
        },
        Some(_) => problems.push("sort must be a column's property name in quotes".to_owned()),
    }
    match entries.get("filter").map(|v| &v.kind) {
        None => {}
        Some(ValueKind::String(text)) => {
            view.filter = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        }
        Some(_) => problems.push(
            "filter must be text in quotes, as typed in the / box, e.g. 'dept:Finance'".to_owned(),
        ),
    }
    if problems.is_empty() {
        Ok(view)
    } else {
        Err(problems)
    }
}

/// `columns` of a view, into `view`.
fn read_columns(item: Option<&Value>, view: &mut SavedView) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    match item.map(|v| &v.kind) {
        Some(ValueKind::Array(items)) if !items.is_empty() => {
            for item in items {
                match &item.kind {
                    ValueKind::String(name) => match property(name) {
                        Some(p) if view.columns.iter().any(|c| c.property == p) => {
                            problems.push(format!("columns: \"{name}\" is listed twice"));
                        }
                        Some(p) => view.columns.push(ViewColumn {
                            property: p,
                            width: None,
                        }),
                        None => problems.push(format!("columns: {}", unknown_column(name))),
                    },
                    _ => problems.push(format!(
                        "columns: {item} must be a property name in quotes, e.g. \"city\""
                    )),
                }
            }
        }
        Some(ValueKind::Array(_)) => problems.push("columns: the list is empty".to_owned()),
        Some(_) => problems.push(
            "columns must be a list of property names, e.g. [\"displayName\", \"city\"]".to_owned(),
        ),
        None => problems.push(
            "columns is missing: e.g. columns = [\"displayName\", \"userPrincipalName\"]"
                .to_owned(),
        ),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// `widths` of a view, into `view`.
fn read_widths(item: Option<&Value>, view: &mut SavedView) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    match item.map(|v| &v.kind) {
        None => {}
        Some(ValueKind::Table(widths)) => {
            for (name, width) in widths {
                let number = match width.kind {
                    ValueKind::I64(n) => u16::try_from(n).ok(),
                    ValueKind::U64(n) => u16::try_from(n).ok(),
                    ValueKind::I128(n) => u16::try_from(n).ok(),
                    ValueKind::U128(n) => u16::try_from(n).ok(),
                    _ => None,
                }
                .filter(|n| (1..=MAX_WIDTH).contains(n));
                let column =
                    property(name).and_then(|p| view.columns.iter_mut().find(|c| c.property == p));
                match (number, column) {
                    (Some(n), Some(column)) => column.width = Some(n),
                    (None, _) => problems.push(format!(
                        "widths.{name} = {width}: must be a whole number of cells from 1 to {MAX_WIDTH}"
                    )),
                    (_, None) if property(name).is_none() => {
                        problems.push(format!("widths: {}", unknown_column(name)));
                    }
                    (_, None) => problems.push(format!(
                        "widths.{name}: not one of the view's columns; add it to columns"
                    )),
                }
            }
        }
        Some(_) => problems
            .push("widths must be a table of cells by column, e.g. { city = 12 }".to_owned()),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The view as a `[views.NAME]` table.
pub fn to_table(view: &SavedView) -> Table {
    let mut table = Table::new();
    let mut columns = Array::new();
    for column in &view.columns {
        columns.push(column.property);
    }
    table["columns"] = value(columns);
    let mut widths = InlineTable::new();
    for column in &view.columns {
        if let Some(width) = column.width {
            widths.insert(column.property, i64::from(width).into());
        }
    }
    if !widths.is_empty() {
        table["widths"] = value(widths);
    }
    if let Some(sort) = view.sort {
        table["sort"] = value(sort.property);
        table["descending"] = value(sort.descending);
    }
    if let Some(filter) = &view.filter {
        table["filter"] = value(filter.as_str());
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain() {
        assert_eq!(name_problem("hr-leavers_2"), None);
        assert!(name_problem("").is_some());
        assert!(name_problem("my view").unwrap().contains("' '"));
        assert!(name_problem("a.b").is_some());
    }
}
