//! Which rows of a bulk-create file may be created, and every problem of the others: a missing
//! required value, a UPN whose domain is not one of the tenant's verified domains, a weak
//! password, a UPN repeated in the file (every occurrence after the first), and the same
//! property rules the create form applies.

use std::collections::HashMap;

use super::GENERATE;
use super::template::{Column, Sheet};
use crate::graph::{NewUser, PasswordProfile};
use crate::password;
use crate::screens::user_form::validate::{nickname_from_upn, upn_problem, usage_location_problem};

/// The tenant's verified domains, lowercase; empty when they could not be learnt (then the
/// domain check is left to Graph).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Domains(pub Vec<String>);

impl Domains {
    pub fn new(domains: impl IntoIterator<Item = String>) -> Domains {
        let mut all: Vec<String> = domains.into_iter().map(|d| d.to_lowercase()).collect();
        all.sort();
        all.dedup();
        Domains(all)
    }

    fn allows(&self, domain: &str) -> bool {
        self.0.is_empty() || self.0.iter().any(|d| d.eq_ignore_ascii_case(domain))
    }
}

/// A row that may be created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToCreate {
    pub line: u64,
    /// The body to send; its password is empty when one is to be generated.
    pub user: NewUser,
    pub generate_password: bool,
}

/// A row that will not be sent, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub line: u64,
    /// The UPN, else the name, else "(blank)".
    pub who: String,
    pub problems: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    pub create: Vec<ToCreate>,
    pub refused: Vec<Refused>,
}

/// Checks every row of `sheet`.
pub fn check(sheet: &Sheet, domains: &Domains) -> Checked {
    let mut checked = Checked::default();
    // UPN (lowercase) → the line it first appeared on.
    let mut first_seen: HashMap<String, u64> = HashMap::new();
    for (line, row) in &sheet.rows {
        let value = |column| sheet.value(row, column);
        let mut problems = Vec::new();
        for column in Column::REQUIRED {
            if value(column).is_empty() {
                problems.push(format!("{} is required", column.heading()));
            }
        }
        let upn = value(Column::UserPrincipalName);
        if !upn.is_empty() {
            if let Some(problem) = upn_problem(upn) {
                problems.push(format!("user name {upn}: {problem}"));
            } else if let Some((_, domain)) = upn.split_once('@')
                && !domains.allows(domain)
            {
                problems.push(format!(
                    "{domain} is not one of the tenant's domains ({})",
                    domains.0.join(", ")
                ));
            }
            match first_seen.get(&upn.to_lowercase()) {
                Some(first) => problems.push(format!("repeats the user name of line {first}")),
                None => {
                    first_seen.insert(upn.to_lowercase(), *line);
                }
            }
        }
        let password = sheet
            .columns
            .iter()
            .position(|c| *c == Some(Column::Password))
            .and_then(|i| row.get(i))
            .map_or("", String::as_str);
        let generate = password.trim().eq_ignore_ascii_case(GENERATE);
        if !generate
            && !password.is_empty()
            && let Some(problem) = password::complexity_problem(password)
        {
            problems.push(format!(
                "weak initial password: {problem} (or write \"{GENERATE}\")"
            ));
        }
        let blocked = match value(Column::BlockSignIn).to_lowercase().as_str() {
            "yes" => true,
            "no" | "" => false,
            other => {
                problems.push(format!("Block sign in must be Yes or No, not \"{other}\""));
                false
            }
        };
        let usage_location = value(Column::UsageLocation);
        if !usage_location.is_empty()
            && let Some(problem) = usage_location_problem(usage_location)
        {
            problems.push(format!("usage location {usage_location}: {problem}"));
        }
        if problems.is_empty() {
            checked.create.push(ToCreate {
                line: *line,
                user: new_user(&value, password, generate, blocked),
                generate_password: generate,
            });
        } else {
            let who = [upn, value(Column::DisplayName)]
                .into_iter()
                .find(|v| !v.is_empty())
                .unwrap_or("(blank)")
                .to_owned();
            checked.refused.push(Refused {
                line: *line,
                who,
                problems,
            });
        }
    }
    checked
}

fn new_user<'a>(
    value: &impl Fn(Column) -> &'a str,
    password: &str,
    generate: bool,
    blocked: bool,
) -> NewUser {
    let optional = |column| Some(value(column).to_owned()).filter(|v| !v.is_empty());
    let upn = value(Column::UserPrincipalName);
    NewUser {
        account_enabled: !blocked,
        display_name: value(Column::DisplayName).to_owned(),
        mail_nickname: nickname_from_upn(upn),
        user_principal_name: upn.to_owned(),
        password_profile: PasswordProfile {
            password: if generate {
                String::new()
            } else {
                password.to_owned()
            },
            force_change_password_next_sign_in: true,
        },
        given_name: optional(Column::GivenName),
        surname: optional(Column::Surname),
        job_title: optional(Column::JobTitle),
        department: optional(Column::Department),
        office_location: optional(Column::Office),
        mobile_phone: optional(Column::Mobile),
        business_phones: optional(Column::OfficePhone).into_iter().collect(),
        usage_location: optional(Column::UsageLocation).map(|c| c.to_ascii_uppercase()),
        street_address: optional(Column::StreetAddress),
        city: optional(Column::City),
        state: optional(Column::State),
        postal_code: optional(Column::PostalCode),
        country: optional(Column::Country),
    }
}

#[cfg(test)]
mod tests {
    use super::super::template::read;
    use super::*;

    const HEADER: &str = "Name [displayName] Required,User name [userPrincipalName] Required,\
        Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] \
        Required,Department [department],Usage location [usageLocation],Office phone \
        [telephoneNumber]";

    fn checked(rows: &str) -> Checked {
        let sheet = read(format!("version:v1.0\n{HEADER}\n{rows}").as_bytes()).unwrap();
        check(&sheet, &Domains::new(["contoso.com".to_owned()]))
    }

    #[test]
    fn a_good_row_becomes_the_body_graph_expects() {
        let c = checked("Ada Lovelace,ada@Contoso.com,generate,Yes,Research,gb,+44 20 7946 0000\n");
        assert!(c.refused.is_empty(), "{:?}", c.refused);
        let ada = &c.create[0];
        assert!(ada.generate_password);
        assert_eq!(ada.line, 3);
        assert!(!ada.user.account_enabled, "Block sign in Yes");
        assert_eq!(ada.user.mail_nickname, "ada");
        assert_eq!(ada.user.usage_location.as_deref(), Some("GB"));
        assert_eq!(ada.user.business_phones, ["+44 20 7946 0000"]);
        assert!(ada.user.password_profile.force_change_password_next_sign_in);
    }

    #[test]
    fn every_problem_of_every_row_is_listed() {
        let c = checked(
            ",,,\n\
             Bob,bob@fabrikam.com,password,Maybe\n\
             Cy,cy@contoso.com,Xy7!secret-ok,No\n\
             Cy again,CY@contoso.com,Xy7!secret-ok,No,,USA\n",
        );
        assert_eq!(c.create.len(), 1);
        assert_eq!(c.create[0].user.display_name, "Cy");
        let bob = &c.refused[0];
        assert_eq!((bob.line, bob.who.as_str()), (4, "bob@fabrikam.com"));
        assert_eq!(bob.problems.len(), 3, "{:?}", bob.problems);
        assert!(bob.problems[0].contains("fabrikam.com is not one of the tenant's domains"));
        assert!(bob.problems[1].contains("weak initial password"));
        assert!(bob.problems[2].contains("Yes or No"));
        let again = &c.refused[1];
        assert_eq!(again.line, 6);
        assert!(
            again
                .problems
                .iter()
                .any(|p| p == "repeats the user name of line 5")
        );
        assert!(
            again
                .problems
                .iter()
                .any(|p| p.contains("usage location USA"))
        );
    }

    #[test]
    fn missing_required_values_are_named_by_their_heading() {
        let c = checked("Dee,,,No\n");
        let dee = &c.refused[0];
        assert_eq!(dee.who, "Dee");
        assert_eq!(
            dee.problems,
            [
                "User name [userPrincipalName] is required",
                "Initial password [passwordProfile] is required"
            ]
        );
    }

    #[test]
    fn unknown_domains_leave_the_check_to_graph() {
        let sheet =
            read(format!("version:v1.0\n{HEADER}\nE,e@any.example,generate,No\n").as_bytes())
                .unwrap();
        assert_eq!(check(&sheet, &Domains::default()).create.len(), 1);
    }
}
