//! Users who hold admin directory roles, placed right after the awkward users so the demo's
//! first screen shows them. The demo's admin app holds User Administrator, so it may reset the
//! Helpdesk Administrator's password but not the Global Administrator's or the Privileged
//! Authentication Administrator's: the demo shows both the allowed and the refused case.
//! Their job titles name their roles so they can be found in the list.

use crate::directory::roles::Role;

/// An admin user: display name, given name, surname, UPN and role (also its job title).
pub(super) struct Admin {
    pub display: &'static str,
    pub given: &'static str,
    pub family: &'static str,
    pub upn: &'static str,
    pub role: Role,
}

pub(super) const ADMINS: &[Admin] = &[
    Admin {
        display: "Megan Bowen",
        given: "Megan",
        family: "Bowen",
        upn: super::demo::GLOBAL_ADMINISTRATOR_UPN,
        role: Role::GlobalAdministrator,
    },
    Admin {
        display: "Isaiah Langer",
        given: "Isaiah",
        family: "Langer",
        upn: "isaiah.langer@contoso.com",
        role: Role::PrivilegedAuthenticationAdministrator,
    },
    Admin {
        display: "Lee Gu",
        given: "Lee",
        family: "Gu",
        upn: super::demo::HELPDESK_ADMINISTRATOR_UPN,
        role: Role::HelpdeskAdministrator,
    },
];
