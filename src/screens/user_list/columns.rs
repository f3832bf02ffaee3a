//! The list's columns, in the order shown: their titles, the Graph property each shows, and
//! each row's values. The table, `x` (export) and `lazyentra export` all read them here, so an
//! exported file has the columns the list shows; nothing else reads a row's fields for them.

use super::row::Row;
use super::state::UserList;
use crate::export::table::{Column, Value};

/// The list's columns, left to right.
pub static COLUMNS: [Column; 7] = [
    Column {
        title: "Display name",
        property: "displayName",
    },
    Column {
        title: "User principal name",
        property: "userPrincipalName",
    },
    Column {
        title: "Mail",
        property: "mail",
    },
    Column {
        title: "Job title",
        property: "jobTitle",
    },
    Column {
        title: "Department",
        property: "department",
    },
    Column {
        title: "Type",
        property: "userType",
    },
    Column {
        title: "Enabled",
        property: "accountEnabled",
    },
];

/// A user's value in each column, as Graph holds it (`null` when absent): what an export
/// writes. The table draws them its own way (a name falls back to the UPN, `✗ no`).
pub fn values(row: &Row) -> [Value<'_>; 7] {
    [
        row.display_name().into(),
        row.user_principal_name().into(),
        row.mail().into(),
        row.job_title().into(),
        row.department().into(),
        row.user_type().into(),
        row.account_enabled().into(),
    ]
}

/// The values of every shown row, in the order shown (filtered and sorted).
pub fn shown_rows(list: &UserList) -> impl Iterator<Item = [Value<'_>; 7]> {
    (0..list.shown.len()).filter_map(|row| list.shown_row(row).map(values))
}
