//! The list's columns: every property the list can show ([`Field`]: its title, Graph property,
//! each row's value, how it sorts, how readily it gives way on a narrow terminal) and the ones
//! chosen, in their order, with their widths ([`Columns`], `c`). The table, `x` (export) and
//! `lazyentra export` all read them here, so an exported file has the columns the list shows;
//! nothing else reads a row's fields for them.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::row::{Row, Shared, Value as SharedValue};
use crate::config::views::SavedView;
use crate::export::table::{Column, Value};
use crate::graph::{LIST_COLUMNS, LIST_SELECT};

/// A property the list can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    DisplayName,
    Upn,
    Mail,
    JobTitle,
    Department,
    UserType,
    AccountEnabled,
    CreatedDateTime,
    EmployeeId,
    CompanyName,
    OfficeLocation,
    City,
    Country,
    UsageLocation,
    OnPremisesSyncEnabled,
}

/// Each field's column, in [`Field::ALL`]'s order: the export's header and JSON key.
static ALL_COLUMNS: [Column; 15] = [
    column("Display name", "displayName"),
    column("User principal name", "userPrincipalName"),
    column("Mail", "mail"),
    column("Job title", "jobTitle"),
    column("Department", "department"),
    column("Type", "userType"),
    column("Enabled", "accountEnabled"),
    column("Created", "createdDateTime"),
    column("Employee ID", "employeeId"),
    column("Company", "companyName"),
    column("Office", "officeLocation"),
    column("City", "city"),
    column("Country", "country"),
    column("Usage location", "usageLocation"),
    column("On-premises sync", "onPremisesSyncEnabled"),
];

const fn column(title: &'static str, property: &'static str) -> Column {
    Column { title, property }
}

impl Field {
    pub const ALL: [Field; 15] = [
        Field::DisplayName,
        Field::Upn,
        Field::Mail,
        Field::JobTitle,
        Field::Department,
        Field::UserType,
        Field::AccountEnabled,
        Field::CreatedDateTime,
        Field::EmployeeId,
        Field::CompanyName,
        Field::OfficeLocation,
        Field::City,
        Field::Country,
        Field::UsageLocation,
        Field::OnPremisesSyncEnabled,
    ];

    pub fn column(self) -> Column {
        ALL_COLUMNS[self as usize]
    }

    /// The export's header for it.
    pub fn title(self) -> &'static str {
        self.column().title
    }

    /// The Graph property (camelCase): what `$select` asks for and a saved view names.
    pub fn property(self) -> &'static str {
        self.column().property
    }

    /// The table's heading: the title, shorter for the narrow columns.
    pub fn heading(self) -> &'static str {
        match self {
            Field::UsageLocation => "Usage",
            Field::OnPremisesSyncEnabled => "Synced",
            other => other.title(),
        }
    }

    /// The property Graph can sort users by (`$orderby`) for this column, if it can: display
    /// name and UPN, and createdDateTime as an advanced query
    /// (<https://learn.microsoft.com/graph/aad-advanced-queries>, the user properties table).
    pub fn graph_order(self) -> Option<&'static str> {
        match self {
            Field::DisplayName => Some("displayName"),
            Field::Upn => Some("userPrincipalName"),
            Field::CreatedDateTime => Some("createdDateTime"),
            _ => None,
        }
    }

    /// How the status line names it: "Sorted by job title".
    pub fn label(self) -> &'static str {
        match self {
            Field::DisplayName => "display name",
            Field::Upn => "UPN",
            Field::Mail => "mail",
            Field::JobTitle => "job title",
            Field::Department => "department",
            Field::UserType => "type",
            Field::AccountEnabled => "enabled",
            Field::CreatedDateTime => "created",
            Field::EmployeeId => "employee ID",
            Field::CompanyName => "company",
            Field::OfficeLocation => "office",
            Field::City => "city",
            Field::Country => "country",
            Field::UsageLocation => "usage location",
            Field::OnPremisesSyncEnabled => "on-premises sync",
        }
    }

    /// The field a Graph property names (any case), if the list can show it.
    pub fn of_property(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.property().eq_ignore_ascii_case(name.trim()))
    }

    /// The list always asks Graph for it (`LIST_SELECT`): the filter, the sort or the
    /// overview need it whether it is shown or not.
    pub fn always_fetched(self) -> bool {
        LIST_SELECT.contains(&self.property())
    }

    /// How long it stays on a narrow terminal: the lowest goes first. The display name and
    /// the UPN say who a row is and go last.
    pub fn priority(self) -> u8 {
        match self {
            Field::DisplayName | Field::Upn => 100,
            Field::AccountEnabled => 90,
            Field::Mail => 60,
            Field::UserType => 55,
            Field::JobTitle => 50,
            Field::Department => 45,
            Field::EmployeeId => 40,
            Field::CompanyName => 35,
            Field::OfficeLocation => 30,
            Field::City => 28,
            Field::Country => 26,
            Field::CreatedDateTime => 20,
            Field::UsageLocation => 15,
            Field::OnPremisesSyncEnabled => 10,
        }
    }

    /// The width of a column whose values are short and known: it is drawn whole, never cut.
    pub fn fixed_width(self) -> Option<usize> {
        match self {
            Field::UserType => Some(5),
            Field::AccountEnabled => Some(7),
            Field::CreatedDateTime => Some(10),
            Field::UsageLocation => Some(5),
            Field::OnPremisesSyncEnabled => Some(6),
            _ => None,
        }
    }

    /// A user's value, as Graph holds it (`null` when absent): what an export writes.
    pub fn value(self, row: &Row) -> Value<'_> {
        match self {
            Field::DisplayName => row.display_name().into(),
            Field::Upn => row.user_principal_name().into(),
            Field::Mail => row.mail().into(),
            Field::JobTitle => row.job_title().into(),
            Field::Department => row.department().into(),
            Field::UserType => row.user_type().into(),
            Field::AccountEnabled => row.account_enabled().into(),
            Field::CreatedDateTime => row.created().into(),
            Field::OnPremisesSyncEnabled => row.on_premises_sync_enabled().into(),
            text => text.text(row).into(),
        }
    }

    /// What the table draws: a name falls back to the UPN, `✗ no` for a disabled account,
    /// a date without its time.
    pub fn cell(self, row: &Row) -> Cow<'_, str> {
        Cow::Borrowed(match self {
            Field::DisplayName => row.label(),
            Field::Upn => row.upn(),
            Field::UserType => {
                if row.is_guest() {
                    "guest"
                } else {
                    ""
                }
            }
            Field::AccountEnabled => match row.account_enabled() {
                Some(true) => "yes",
                Some(false) => "✗ no",
                None => "?",
            },
            Field::OnPremisesSyncEnabled => match row.on_premises_sync_enabled() {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            },
            Field::CreatedDateTime => {
                return row
                    .created()
                    .map(|d| Cow::Owned(d.format("%Y-%m-%d").to_string()))
                    .unwrap_or_default();
            }
            text => text.text(row).unwrap_or_default(),
        })
    }

    /// The row's text in this field, as Graph sent it; `None` for the flags and the time.
    pub fn text(self, row: &Row) -> Option<&str> {
        match self {
            Field::DisplayName => row.display_name(),
            Field::Upn => row.user_principal_name(),
            Field::Mail => row.mail(),
            Field::EmployeeId => row.employee_id(),
            field => field
                .shared()
                .and_then(|s| row.shared(s))
                .map(SharedValue::as_str),
        }
    }

    /// The row's text folded (lower case, no accents), as the filter and the sort compare it;
    /// empty when absent.
    pub fn folded(self, row: &Row) -> &str {
        let (name, upn, mail) = row.folded_fields();
        match self {
            Field::DisplayName => name,
            Field::Upn => upn,
            Field::Mail => mail,
            Field::EmployeeId => row.employee_id().unwrap_or_default(),
            field => field
                .shared()
                .and_then(|s| row.shared(s))
                .map_or("", SharedValue::folded),
        }
    }

    /// Where a row keeps it, when many rows share its values.
    fn shared(self) -> Option<Shared> {
        Some(match self {
            Field::JobTitle => Shared::JobTitle,
            Field::Department => Shared::Department,
            Field::CompanyName => Shared::Company,
            Field::OfficeLocation => Shared::Office,
            Field::City => Shared::City,
            Field::Country => Shared::Country,
            Field::UsageLocation => Shared::UsageLocation,
            _ => return None,
        })
    }

    /// Compares two rows by this field: empty values last, then folded text (names without
    /// case or accents), times and flags in order.
    pub fn compare(self, a: &Row, b: &Row) -> Ordering {
        let flag = |v: Option<bool>| match v {
            Some(true) => 0,
            Some(false) => 1,
            None => 2,
        };
        match self {
            Field::AccountEnabled => flag(a.account_enabled()).cmp(&flag(b.account_enabled())),
            Field::OnPremisesSyncEnabled => {
                flag(a.on_premises_sync_enabled()).cmp(&flag(b.on_premises_sync_enabled()))
            }
            Field::UserType => b.is_guest().cmp(&a.is_guest()),
            Field::CreatedDateTime => match (a.created(), b.created()) {
                (Some(x), Some(y)) => x.cmp(&y),
                (x, y) => y.is_some().cmp(&x.is_some()),
            },
            text => {
                let (x, y) = (text.folded(a), text.folded(b));
                x.is_empty().cmp(&y.is_empty()).then_with(|| x.cmp(y))
            }
        }
    }
}

/// A shown column: its field and the width the user set (`None`: it adapts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown {
    pub field: Field,
    pub width: Option<u16>,
}

impl Shown {
    pub fn auto(field: Field) -> Shown {
        Shown { field, width: None }
    }
}

/// The chosen columns, left to right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns(pub Vec<Shown>);

/// The columns a new list shows.
pub const DEFAULT_FIELDS: [Field; 7] = [
    Field::DisplayName,
    Field::Upn,
    Field::Mail,
    Field::JobTitle,
    Field::Department,
    Field::UserType,
    Field::AccountEnabled,
];

impl Default for Columns {
    fn default() -> Self {
        Columns(DEFAULT_FIELDS.into_iter().map(Shown::auto).collect())
    }
}

impl Columns {
    /// A saved view's columns, with the widths it set.
    pub fn of_view(view: &SavedView) -> Columns {
        Columns(
            view.columns
                .iter()
                .filter_map(|c| {
                    Field::of_property(c.property).map(|field| Shown {
                        field,
                        width: c.width,
                    })
                })
                .collect(),
        )
    }

    pub fn fields(&self) -> impl Iterator<Item = Field> + '_ {
        self.0.iter().map(|s| s.field)
    }

    pub fn contains(&self, field: Field) -> bool {
        self.fields().any(|f| f == field)
    }

    /// The properties to `$select` beyond `LIST_SELECT`: the chosen columns Graph sends only
    /// when asked.
    pub fn also_select(&self) -> Vec<&'static str> {
        self.fields()
            .filter(|f| !f.always_fetched())
            .map(Field::property)
            .collect()
    }

    /// The columns an export writes.
    pub fn export_columns(&self) -> Vec<Column> {
        self.fields().map(Field::column).collect()
    }

    /// A user's values in these columns.
    pub fn values<'r>(&self, row: &'r Row) -> Vec<Value<'r>> {
        self.fields().map(|f| f.value(row)).collect()
    }
}

/// Every property the list can show is a field: `LIST_COLUMNS` (which a saved view is
/// checked against) and [`Field::ALL`] name the same properties.
pub fn same_as_graph_list() -> bool {
    LIST_COLUMNS.len() == Field::ALL.len()
        && Field::ALL
            .iter()
            .zip(LIST_COLUMNS)
            .all(|(f, p)| f.property() == *p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_a_graph_property_the_list_knows() {
        assert!(same_as_graph_list());
        for field in Field::ALL {
            assert_eq!(Field::of_property(field.property()), Some(field));
        }
        assert_eq!(Field::of_property(" CITY "), Some(Field::City));
        assert_eq!(Field::of_property("citty"), None);
    }

    #[test]
    fn only_the_columns_graph_does_not_send_already_are_selected_beyond_the_list() {
        assert!(Columns::default().also_select().is_empty());
        let mut columns = Columns::default();
        columns.0.push(Shown::auto(Field::City));
        columns.0.push(Shown::auto(Field::OnPremisesSyncEnabled));
        assert_eq!(columns.also_select(), ["city", "onPremisesSyncEnabled"]);
    }
}
