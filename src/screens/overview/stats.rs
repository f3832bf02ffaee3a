//! The overview's numbers, counted once from the loaded users (when the overview opens, and
//! again on `r`), so drawing never walks 100,000 rows.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Utc};

use crate::screens::user_list::row::Row;

/// Departments shown as bars; the rest are counted together.
pub const TOP_DEPARTMENTS: usize = 15;
/// Months in the "created per month" line, ending with the newest account's month.
pub const MONTHS: usize = 24;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Users counted.
    pub loaded: usize,
    /// How many users the tenant has, when Graph said (`$count`).
    pub total: Option<u64>,
    /// Every user is loaded, so the numbers are the tenant's, not a sample's.
    pub complete: bool,
    pub members: usize,
    pub guests: usize,
    pub enabled: usize,
    pub disabled: usize,
    /// The largest departments, largest first (ties by name).
    pub departments: Vec<(String, usize)>,
    /// Users in departments beyond the top ones.
    pub other_departments: usize,
    /// Users with no department.
    pub no_department: usize,
    /// Accounts created per month, oldest first, ending with the newest account's month.
    pub created: Vec<(Month, u64)>,
    /// Users whose creation time Graph did not give.
    pub created_unknown: usize,
}

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1..=12
    pub month: u32,
}

impl Month {
    fn of(at: DateTime<Utc>) -> Month {
        Month {
            year: at.year(),
            month: at.month(),
        }
    }

    fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// "Mar 2026"
    pub fn label(self) -> String {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let name = NAMES[(self.month.clamp(1, 12) - 1) as usize];
        format!("{name} {}", self.year)
    }
}

impl Stats {
    pub fn of<'a>(
        users: impl Iterator<Item = &'a Row>,
        total: Option<u64>,
        complete: bool,
    ) -> Self {
        let mut stats = Stats {
            total,
            complete,
            ..Stats::default()
        };
        let mut departments: HashMap<&str, usize> = HashMap::new();
        let mut months: HashMap<Month, u64> = HashMap::new();
        for user in users {
            stats.loaded += 1;
            if user.user_type() == Some("Guest") {
                stats.guests += 1;
            } else {
                stats.members += 1;
            }
            if user.account_enabled() == Some(false) {
                stats.disabled += 1;
            } else {
                stats.enabled += 1;
            }
            match user.department().map(str::trim) {
                Some(department) if !department.is_empty() => {
                    *departments.entry(department).or_default() += 1;
                }
                _ => stats.no_department += 1,
            }
            match user.created() {
                Some(at) => *months.entry(Month::of(at)).or_default() += 1,
                None => stats.created_unknown += 1,
            }
        }
        let mut departments: Vec<(String, usize)> = departments
            .into_iter()
            .map(|(name, n)| (name.to_owned(), n))
            .collect();
        departments.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        stats.other_departments = departments
            .iter()
            .skip(TOP_DEPARTMENTS)
            .map(|(_, n)| n)
            .sum();
        departments.truncate(TOP_DEPARTMENTS);
        stats.departments = departments;
        if let Some(newest) = months.keys().max().copied() {
            let mut month = newest;
            let mut line = Vec::with_capacity(MONTHS);
            for _ in 0..MONTHS {
                line.push((month, months.get(&month).copied().unwrap_or(0)));
                month = month.previous();
            }
            line.reverse();
            stats.created = line;
        }
        stats
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::fixtures::many_users;
    use crate::graph::User;
    use crate::screens::user_list::row::Values;

    /// The list's rows for `users`.
    fn rows_of(users: &[User]) -> Vec<Row> {
        let mut values = Values::default();
        users.iter().map(|u| Row::new(u, &mut values)).collect()
    }

    #[test]
    fn counts_kinds_states_departments_and_months() {
        let mut users = many_users(0, 40);
        for (i, user) in users.iter_mut().enumerate() {
            user.user_type = Some(if i % 4 == 0 { "Guest" } else { "Member" }.to_owned());
            user.account_enabled = Some(i % 5 != 0);
            user.department = match i % 3 {
                0 => Some("Finance".to_owned()),
                1 => Some("Human Resources".to_owned()),
                _ => None,
            };
            user.created_date_time = (i < 30).then(|| {
                Utc.with_ymd_and_hms(2026, 1 + (i % 3) as u32, 10, 0, 0, 0)
                    .unwrap()
            });
        }
        let rows = rows_of(&users);
        let stats = Stats::of(rows.iter(), Some(100), false);
        assert_eq!(stats.loaded, 40);
        assert_eq!((stats.guests, stats.members), (10, 30));
        assert_eq!((stats.disabled, stats.enabled), (8, 32));
        assert_eq!(
            stats.departments,
            [
                ("Finance".to_owned(), 14),
                ("Human Resources".to_owned(), 13)
            ]
        );
        assert_eq!(stats.no_department, 13);
        assert_eq!(stats.created.len(), MONTHS);
        assert_eq!(
            stats.created.last().unwrap().0,
            Month {
                year: 2026,
                month: 3
            }
        );
        assert_eq!(stats.created.last().unwrap().1, 10);
        assert_eq!(stats.created[MONTHS - 4].0.label(), "Dec 2025");
        assert_eq!(stats.created_unknown, 10);
    }

    #[test]
    fn departments_beyond_the_top_are_counted_together() {
        let mut users = many_users(0, 40);
        for (i, user) in users.iter_mut().enumerate() {
            user.department = Some(format!("D{:02}", i % 20));
        }
        let rows = rows_of(&users);
        let stats = Stats::of(rows.iter(), None, true);
        assert_eq!(stats.departments.len(), TOP_DEPARTMENTS);
        assert_eq!(stats.other_departments, 10);
    }
}
