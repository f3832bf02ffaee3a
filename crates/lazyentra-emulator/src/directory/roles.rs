//! Entra directory roles, and which roles may change which users. A Graph permission such as
//! `User.ReadWrite.All` lets an app write users, but some writes also need the app to hold a
//! directory role (the token's `wids`), and a higher one when the user it changes holds an
//! admin role itself. Otherwise Graph answers 403 `Authorization_RequestDenied` "Insufficient
//! privileges to complete the operation.".
//!
//! The rules are the two tables of
//! <https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/privileged-roles-permissions>:
//! "Who can reset passwords" (which also covers invalidating refresh tokens) and "Who can
//! perform sensitive actions" (`accountEnabled`, phones, `otherMails`, `userPrincipalName`,
//! `onPremisesImmutableId`, `passwordProfile`, delete and restore). The two agree where their
//! columns overlap, so one table below serves both; only Password and Helpdesk Administrator
//! are password-only. Template ids are from
//! <https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/permissions-reference>.
//!
//! Modelled: roles assigned at tenant scope to users and apps. Not modelled: administrative
//! unit scopes, role-assignable groups, and the roles the tables do not name other than as
//! "all other roles" (only Privileged Authentication and Global Administrators may act on
//! those).

/// A built-in directory role the privilege tables name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    GlobalAdministrator,
    PrivilegedAuthenticationAdministrator,
    PrivilegedRoleAdministrator,
    UserAdministrator,
    HelpdeskAdministrator,
    PasswordAdministrator,
    AuthenticationAdministrator,
    GroupsAdministrator,
    DirectoryReaders,
    GuestInviter,
    MessageCenterReader,
    ReportsReader,
    /// Named in neither table: one of "all other built-in and custom roles".
    SecurityAdministrator,
}

const ALL: [Role; 13] = [
    Role::GlobalAdministrator,
    Role::PrivilegedAuthenticationAdministrator,
    Role::PrivilegedRoleAdministrator,
    Role::UserAdministrator,
    Role::HelpdeskAdministrator,
    Role::PasswordAdministrator,
    Role::AuthenticationAdministrator,
    Role::GroupsAdministrator,
    Role::DirectoryReaders,
    Role::GuestInviter,
    Role::MessageCenterReader,
    Role::ReportsReader,
    Role::SecurityAdministrator,
];

impl Role {
    /// The role's template id, as the token's `wids` claim and `directoryRole.roleTemplateId`
    /// carry it.
    pub(crate) fn template_id(self) -> &'static str {
        match self {
            Role::GlobalAdministrator => "62e90394-69f5-4237-9190-012177145e10",
            Role::PrivilegedAuthenticationAdministrator => "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
            Role::PrivilegedRoleAdministrator => "e8611ab8-c189-46e8-94e1-60213ab1f814",
            Role::UserAdministrator => "fe930be7-5e62-47db-91af-98c3a49a38b1",
            Role::HelpdeskAdministrator => "729827e3-9c14-49f7-bb1b-9608f156bbb8",
            Role::PasswordAdministrator => "966707d0-3269-4727-9be2-8c3a10f19b9d",
            Role::AuthenticationAdministrator => "c4e39bd9-1100-46d3-8c65-fb160da0071f",
            Role::GroupsAdministrator => "fdd7a751-b60b-444a-984c-02652fe8fa1c",
            Role::DirectoryReaders => "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
            Role::GuestInviter => "95e79109-95c0-4d8e-aee3-d01accf2d47b",
            Role::MessageCenterReader => "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b",
            Role::ReportsReader => "4a5d8f65-41da-4de4-8968-e035b65339cf",
            Role::SecurityAdministrator => "194ae4cb-b126-40b2-bd5b-6091b380977d",
        }
    }

    /// The role's name in the Entra admin center.
    pub(crate) fn display_name(self) -> &'static str {
        match self {
            Role::GlobalAdministrator => "Global Administrator",
            Role::PrivilegedAuthenticationAdministrator => {
                "Privileged Authentication Administrator"
            }
            Role::PrivilegedRoleAdministrator => "Privileged Role Administrator",
            Role::UserAdministrator => "User Administrator",
            Role::HelpdeskAdministrator => "Helpdesk Administrator",
            Role::PasswordAdministrator => "Password Administrator",
            Role::AuthenticationAdministrator => "Authentication Administrator",
            Role::GroupsAdministrator => "Groups Administrator",
            Role::DirectoryReaders => "Directory Readers",
            Role::GuestInviter => "Guest Inviter",
            Role::MessageCenterReader => "Message Center Reader",
            Role::ReportsReader => "Reports Reader",
            Role::SecurityAdministrator => "Security Administrator",
        }
    }

    /// The role with this template id; `None` for roles this emulator does not name.
    pub(crate) fn from_template_id(id: &str) -> Option<Role> {
        ALL.into_iter()
            .find(|r| r.template_id().eq_ignore_ascii_case(id.trim()))
    }

    /// Whether a holder of `self` may act on a user holding `target` (one row of the tables).
    fn covers(self, target: Role, action: Sensitive) -> bool {
        use Role::{
            AuthenticationAdministrator as Auth, DirectoryReaders, GlobalAdministrator,
            GroupsAdministrator, GuestInviter, HelpdeskAdministrator as Helpdesk,
            MessageCenterReader, PasswordAdministrator as Password,
            PrivilegedAuthenticationAdministrator, ReportsReader, UserAdministrator as User,
        };
        let password_only = matches!(self, Password | Helpdesk);
        if password_only && action == Sensitive::Other {
            return false;
        }
        match self {
            GlobalAdministrator | PrivilegedAuthenticationAdministrator => true,
            Password => matches!(target, DirectoryReaders | GuestInviter | Password),
            Helpdesk => matches!(
                target,
                DirectoryReaders
                    | GuestInviter
                    | Helpdesk
                    | MessageCenterReader
                    | Password
                    | ReportsReader
            ),
            Auth => matches!(
                target,
                Auth | DirectoryReaders
                    | GuestInviter
                    | MessageCenterReader
                    | Password
                    | ReportsReader
            ),
            User => matches!(
                target,
                DirectoryReaders
                    | GroupsAdministrator
                    | GuestInviter
                    | Helpdesk
                    | MessageCenterReader
                    | Password
                    | ReportsReader
                    | User
            ),
            _ => false,
        }
    }

    /// Whether holding `self` lets an app reset the passwords of users without admin roles
    /// (a column of "Who can reset passwords").
    fn resets_passwords(self) -> bool {
        matches!(
            self,
            Role::PasswordAdministrator
                | Role::HelpdeskAdministrator
                | Role::AuthenticationAdministrator
                | Role::UserAdministrator
                | Role::PrivilegedAuthenticationAdministrator
                | Role::GlobalAdministrator
        )
    }
}

/// What a write does to a user, as the privilege tables tell writes apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sensitive {
    /// `passwordProfile`: needs a role that resets passwords even for users without roles.
    Password,
    /// Revoking sign-in sessions (invalidating refresh tokens): the password table's rows;
    /// the Graph permission alone suffices for users without roles.
    Sessions,
    /// `accountEnabled`, phones, `otherMails`, `userPrincipalName`, `onPremisesImmutableId`,
    /// delete and restore: the sensitive actions table; the Graph permission alone suffices
    /// for users without roles.
    Other,
}

/// Whether an app holding `actor` roles may do `action` to a user holding `target` roles:
/// it needs, for every role the user holds, one of its own that covers it.
pub(crate) fn may(actor: &[Role], target: &[Role], action: Sensitive) -> bool {
    if target.is_empty() {
        return action != Sensitive::Password || actor.iter().any(|a| a.resets_passwords());
    }
    let table = match action {
        Sensitive::Password | Sensitive::Sessions => Sensitive::Password,
        Sensitive::Other => Sensitive::Other,
    };
    target
        .iter()
        .all(|t| actor.iter().any(|a| a.covers(*t, table)))
}

#[cfg(test)]
mod tests {
    use super::Role::*;
    use super::*;

    #[test]
    fn template_ids_round_trip_and_unknown_ones_are_ignored() {
        for role in ALL {
            assert_eq!(Role::from_template_id(role.template_id()), Some(role));
        }
        assert_eq!(
            Role::from_template_id("FE930BE7-5E62-47DB-91AF-98C3A49A38B1"),
            Some(UserAdministrator)
        );
        assert_eq!(
            Role::from_template_id("0997a1d0-0d1d-4acb-b408-d5ca73121e90"),
            None
        );
    }

    #[test]
    fn password_resets_need_a_role_even_for_users_without_one() {
        assert!(!may(&[], &[], Sensitive::Password));
        assert!(!may(&[DirectoryReaders], &[], Sensitive::Password));
        for role in [
            PasswordAdministrator,
            HelpdeskAdministrator,
            AuthenticationAdministrator,
            UserAdministrator,
            PrivilegedAuthenticationAdministrator,
            GlobalAdministrator,
        ] {
            assert!(may(&[role], &[], Sensitive::Password), "{role:?}");
        }
        // Other sensitive writes and revoking sessions on a user without roles need none.
        assert!(may(&[], &[], Sensitive::Other));
        assert!(may(&[], &[], Sensitive::Sessions));
    }

    #[test]
    fn the_who_can_reset_passwords_table() {
        let p = Sensitive::Password;
        // User Administrator: limited admins yes, privileged ones no.
        for target in [
            UserAdministrator,
            HelpdeskAdministrator,
            PasswordAdministrator,
            GroupsAdministrator,
            DirectoryReaders,
        ] {
            assert!(may(&[UserAdministrator], &[target], p), "{target:?}");
        }
        for target in [
            GlobalAdministrator,
            PrivilegedAuthenticationAdministrator,
            PrivilegedRoleAdministrator,
            AuthenticationAdministrator,
            SecurityAdministrator,
        ] {
            assert!(!may(&[UserAdministrator], &[target], p), "{target:?}");
        }
        // Helpdesk resets Helpdesk, not User Administrators; Password Admin less still.
        assert!(may(&[HelpdeskAdministrator], &[HelpdeskAdministrator], p));
        assert!(!may(&[HelpdeskAdministrator], &[UserAdministrator], p));
        assert!(!may(&[PasswordAdministrator], &[HelpdeskAdministrator], p));
        // Only Privileged Authentication and Global Administrators reach everyone.
        for actor in [PrivilegedAuthenticationAdministrator, GlobalAdministrator] {
            for target in ALL {
                assert!(may(&[actor], &[target], p), "{actor:?} on {target:?}");
            }
        }
        // Every role the user holds must be covered.
        assert!(!may(
            &[UserAdministrator],
            &[HelpdeskAdministrator, GlobalAdministrator],
            p
        ));
        assert!(may(
            &[UserAdministrator, PrivilegedAuthenticationAdministrator],
            &[HelpdeskAdministrator, GlobalAdministrator],
            p
        ));
    }

    #[test]
    fn the_sensitive_actions_table() {
        let o = Sensitive::Other;
        assert!(may(&[UserAdministrator], &[HelpdeskAdministrator], o));
        assert!(!may(&[UserAdministrator], &[GlobalAdministrator], o));
        assert!(may(&[GlobalAdministrator], &[GlobalAdministrator], o));
        // Password and Helpdesk Administrators reset passwords only.
        assert!(!may(&[HelpdeskAdministrator], &[HelpdeskAdministrator], o));
        assert!(!may(&[PasswordAdministrator], &[PasswordAdministrator], o));
        // Revoking sessions follows the password table for admins.
        assert!(may(
            &[HelpdeskAdministrator],
            &[HelpdeskAdministrator],
            Sensitive::Sessions
        ));
        assert!(!may(&[], &[HelpdeskAdministrator], Sensitive::Sessions));
    }
}
