//! The property table itself: one line per property, built with a few `const` helpers so each
//! line reads as name, type, access, then what queries may do with it.

use super::{Access, Kind, Prop, PropDef, Support};

use Access::{ReadOnly, ReadWrite, SingleEntity, WriteOnly};
use Support::{Advanced as A, Default as D, No};

const fn p(prop: Prop, name: &'static str, kind: Kind, access: Access) -> PropDef {
    PropDef {
        prop,
        name,
        kind,
        access,
        default: false,
        max_len: 0,
        eq: No,
        starts: No,
        ends: No,
        null: No,
        range: No,
        order: No,
    }
}

impl PropDef {
    const fn dflt(self) -> Self {
        PropDef {
            default: true,
            ..self
        }
    }
    const fn max(self, max_len: usize) -> Self {
        PropDef { max_len, ..self }
    }
    const fn filter(self, eq: Support, starts: Support, null: Support) -> Self {
        PropDef {
            eq,
            starts,
            null,
            ..self
        }
    }
    const fn ends(self) -> Self {
        PropDef { ends: A, ..self }
    }
    const fn range(self, range: Support) -> Self {
        PropDef { range, ..self }
    }
    const fn order(self, order: Support) -> Self {
        PropDef { order, ..self }
    }
}

use Kind::{Bool, Complex, Date, Str, Strs};

/// Every property, in [`Prop`] order (checked by a test).
pub(crate) const DEFS: &[PropDef] = &[
    p(Prop::AccountEnabled, "accountEnabled", Bool, ReadWrite).filter(D, No, A),
    p(Prop::AgeGroup, "ageGroup", Str, ReadWrite).filter(D, No, A),
    p(Prop::BusinessPhones, "businessPhones", Strs, ReadWrite)
        .dflt()
        .max(64)
        .filter(A, A, No),
    p(Prop::City, "city", Str, ReadWrite)
        .max(128)
        .filter(D, D, A),
    p(Prop::CompanyName, "companyName", Str, ReadWrite)
        .max(64)
        .filter(A, A, A),
    p(Prop::Country, "country", Str, ReadWrite)
        .max(128)
        .filter(D, D, A),
    p(Prop::CreatedDateTime, "createdDateTime", Date, ReadOnly)
        .filter(D, No, A)
        .range(D)
        .order(A),
    p(Prop::CreationType, "creationType", Str, ReadOnly).filter(D, No, A),
    p(Prop::DeletedDateTime, "deletedDateTime", Date, ReadOnly)
        .filter(A, No, No)
        .range(A)
        .order(A),
    p(Prop::Department, "department", Str, ReadWrite)
        .max(64)
        .filter(D, D, A),
    p(Prop::DisplayName, "displayName", Str, ReadWrite)
        .dflt()
        .max(256)
        .filter(D, D, A)
        .order(D),
    p(Prop::EmployeeHireDate, "employeeHireDate", Date, ReadWrite)
        .filter(A, No, A)
        .range(A),
    p(Prop::EmployeeId, "employeeId", Str, ReadWrite)
        .max(16)
        .filter(D, D, A),
    p(Prop::EmployeeType, "employeeType", Str, ReadWrite)
        .max(64)
        .filter(A, A, A),
    p(Prop::ExternalUserState, "externalUserState", Str, ReadOnly).filter(D, No, No),
    p(Prop::FaxNumber, "faxNumber", Str, ReadWrite).max(64),
    p(Prop::GivenName, "givenName", Str, ReadWrite)
        .dflt()
        .max(64)
        .filter(D, D, A),
    p(Prop::JobTitle, "jobTitle", Str, ReadWrite)
        .dflt()
        .max(128)
        .filter(D, D, A),
    p(
        Prop::LastPasswordChangeDateTime,
        "lastPasswordChangeDateTime",
        Date,
        ReadOnly,
    ),
    p(Prop::Mail, "mail", Str, ReadWrite)
        .dflt()
        .max(256)
        .filter(D, D, A)
        .ends(),
    p(Prop::MailNickname, "mailNickname", Str, ReadWrite)
        .max(64)
        .filter(D, D, A),
    p(Prop::MobilePhone, "mobilePhone", Str, ReadWrite)
        .dflt()
        .max(64)
        .filter(A, A, A),
    p(Prop::OfficeLocation, "officeLocation", Str, ReadWrite)
        .dflt()
        .max(128)
        .filter(A, A, A),
    p(
        Prop::OnPremisesImmutableId,
        "onPremisesImmutableId",
        Str,
        ReadWrite,
    )
    .filter(D, No, A),
    p(
        Prop::OnPremisesSyncEnabled,
        "onPremisesSyncEnabled",
        Bool,
        ReadOnly,
    )
    .filter(D, No, A),
    p(Prop::OtherMails, "otherMails", Strs, ReadWrite)
        .filter(D, D, No)
        .ends(),
    p(Prop::PasswordPolicies, "passwordPolicies", Str, ReadWrite).filter(A, No, A),
    p(Prop::PostalCode, "postalCode", Str, ReadWrite)
        .max(40)
        .filter(A, A, A),
    p(Prop::PreferredLanguage, "preferredLanguage", Str, ReadWrite)
        .dflt()
        .filter(A, A, A),
    p(
        Prop::ShowInAddressList,
        "showInAddressList",
        Bool,
        ReadWrite,
    ),
    p(
        Prop::SignInSessionsValidFromDateTime,
        "signInSessionsValidFromDateTime",
        Date,
        ReadOnly,
    ),
    p(Prop::State, "state", Str, ReadWrite)
        .max(128)
        .filter(A, A, A),
    p(Prop::StreetAddress, "streetAddress", Str, ReadWrite)
        .max(1024)
        .filter(A, A, A),
    p(Prop::Surname, "surname", Str, ReadWrite)
        .dflt()
        .max(64)
        .filter(D, D, A),
    p(Prop::UsageLocation, "usageLocation", Str, ReadWrite).filter(D, D, A),
    p(Prop::UserPrincipalName, "userPrincipalName", Str, ReadWrite)
        .dflt()
        .max(113)
        .filter(D, D, No)
        .ends()
        .order(D),
    p(Prop::UserType, "userType", Str, ReadWrite).filter(D, No, A),
    p(Prop::Id, "id", Str, ReadOnly).dflt().filter(D, No, No),
    p(Prop::ImAddresses, "imAddresses", Strs, ReadOnly).filter(A, A, No),
    p(
        Prop::OnPremisesDistinguishedName,
        "onPremisesDistinguishedName",
        Str,
        ReadOnly,
    ),
    p(
        Prop::OnPremisesDomainName,
        "onPremisesDomainName",
        Str,
        ReadOnly,
    ),
    p(
        Prop::OnPremisesLastSyncDateTime,
        "onPremisesLastSyncDateTime",
        Date,
        ReadOnly,
    ),
    p(
        Prop::OnPremisesSamAccountName,
        "onPremisesSamAccountName",
        Str,
        ReadOnly,
    )
    .filter(D, D, No),
    p(
        Prop::OnPremisesSecurityIdentifier,
        "onPremisesSecurityIdentifier",
        Str,
        ReadOnly,
    )
    .filter(D, No, No),
    p(
        Prop::OnPremisesUserPrincipalName,
        "onPremisesUserPrincipalName",
        Str,
        ReadOnly,
    ),
    p(Prop::PasswordProfile, "passwordProfile", Complex, WriteOnly),
    p(Prop::ProxyAddresses, "proxyAddresses", Strs, ReadOnly)
        .filter(D, D, No)
        .ends(),
    p(
        Prop::SecurityIdentifier,
        "securityIdentifier",
        Str,
        ReadOnly,
    )
    .filter(D, No, No),
    // Returned only when selected, and only to apps holding AuditLog.Read.All in a tenant
    // with Entra ID P1 or P2 (https://learn.microsoft.com/en-us/graph/api/resources/signinactivity).
    p(Prop::SignInActivity, "signInActivity", Complex, ReadOnly),
    p(Prop::AboutMe, "aboutMe", Str, SingleEntity),
    p(Prop::Birthday, "birthday", Date, SingleEntity),
    p(Prop::HireDate, "hireDate", Date, SingleEntity),
    p(Prop::Interests, "interests", Strs, SingleEntity),
    p(
        Prop::MailboxSettings,
        "mailboxSettings",
        Complex,
        SingleEntity,
    ),
    p(Prop::MySite, "mySite", Str, SingleEntity),
    p(Prop::PastProjects, "pastProjects", Strs, SingleEntity),
    p(Prop::PreferredName, "preferredName", Str, SingleEntity),
    p(
        Prop::Responsibilities,
        "responsibilities",
        Strs,
        SingleEntity,
    ),
    p(Prop::Schools, "schools", Strs, SingleEntity),
    p(Prop::Skills, "skills", Strs, SingleEntity),
];
