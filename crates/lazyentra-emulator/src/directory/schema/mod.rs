//! The `microsoft.graph.user` properties the emulator knows: their wire names, types, whether
//! they can be written, whether Graph returns them by default, and how `$filter` / `$orderby`
//! may use them (the user rows of the support tables in
//! <https://learn.microsoft.com/en-us/graph/aad-advanced-queries>).
//!
//! One table drives `$select`, `$filter`, `$orderby`, body validation and JSON output, so a
//! property behaves the same everywhere.

/// A user property. The first [`STORED`] variants are kept per user in
/// [`crate::directory::user::User`]; the rest are derived or always `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Prop {
    // Stored, in the order of `User::cells`.
    AccountEnabled,
    AgeGroup,
    BusinessPhones,
    City,
    CompanyName,
    Country,
    CreatedDateTime,
    CreationType,
    DeletedDateTime,
    Department,
    DisplayName,
    EmployeeHireDate,
    EmployeeId,
    EmployeeType,
    ExternalUserState,
    FaxNumber,
    GivenName,
    JobTitle,
    LastPasswordChangeDateTime,
    Mail,
    MailNickname,
    MobilePhone,
    OfficeLocation,
    OnPremisesImmutableId,
    /// Stored: the demo tenant syncs one company's accounts from on-premises AD.
    OnPremisesSyncEnabled,
    OtherMails,
    PasswordPolicies,
    PostalCode,
    PreferredLanguage,
    ShowInAddressList,
    SignInSessionsValidFromDateTime,
    State,
    StreetAddress,
    Surname,
    UsageLocation,
    UserPrincipalName,
    UserType,
    // Derived from other state, or never set in this tenant.
    Id,
    ImAddresses,
    OnPremisesDistinguishedName,
    OnPremisesDomainName,
    OnPremisesLastSyncDateTime,
    OnPremisesSamAccountName,
    OnPremisesSecurityIdentifier,
    OnPremisesUserPrincipalName,
    PasswordProfile,
    ProxyAddresses,
    SecurityIdentifier,
    SignInActivity,
    // SharePoint-backed: only on a single user, never on a list (501).
    AboutMe,
    Birthday,
    HireDate,
    Interests,
    MailboxSettings,
    MySite,
    PastProjects,
    PreferredName,
    Responsibilities,
    Schools,
    Skills,
}

/// How many properties are stored per user (the leading variants of [`Prop`]).
pub(crate) const STORED: usize = Prop::Id as usize;

/// The JSON type of a property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Str,
    Bool,
    /// `Collection(Edm.String)`
    Strs,
    /// `Edm.DateTimeOffset`
    Date,
    /// A complex type the emulator does not model beyond `null`.
    Complex,
}

impl Kind {
    /// The EDM type name, as Graph's error messages spell it.
    pub(crate) fn edm(self) -> &'static str {
        match self {
            Kind::Str => "Edm.String",
            Kind::Bool => "Edm.Boolean",
            Kind::Strs => "Collection(Edm.String)",
            Kind::Date => "Edm.DateTimeOffset",
            Kind::Complex => "Edm.ComplexType",
        }
    }
}

/// Who may set a property through POST/PATCH.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    ReadWrite,
    ReadOnly,
    /// `passwordProfile`: accepted on writes, never returned (always `null` when selected).
    WriteOnly,
    /// SharePoint-backed profile properties: readable on one user only, not writable app-only.
    SingleEntity,
}

/// Whether a query feature works on a property: not at all, by default, or only as an
/// advanced query (`ConsistencyLevel: eventual` + `$count=true`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Support {
    No,
    Default,
    Advanced,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct PropDef {
    pub prop: Prop,
    pub name: &'static str,
    pub kind: Kind,
    pub access: Access,
    /// Returned when the request has no `$select`.
    pub default: bool,
    /// Longest accepted value in characters; 0 = no limit checked.
    pub max_len: usize,
    /// `eq`, `in` (and under AQ `ne`, `not`); for collections: `any(x: x eq …)`.
    pub eq: Support,
    /// `startsWith`; for collections: `any(x: startsWith(x, …))`.
    pub starts: Support,
    /// `endsWith` (always an advanced query).
    pub ends: Support,
    /// `eq null` / `ne null`.
    pub null: Support,
    /// `ge`, `le`, `gt`, `lt`.
    pub range: Support,
    pub order: Support,
}

mod table;

pub(crate) use table::DEFS;

impl Prop {
    pub(crate) fn def(self) -> &'static PropDef {
        &DEFS[self as usize]
    }

    pub(crate) fn name(self) -> &'static str {
        self.def().name
    }

    /// Looks a property up by name; Graph matches property names case-insensitively in
    /// query options.
    pub(crate) fn find(name: &str) -> Option<Prop> {
        DEFS.iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
            .map(|d| d.prop)
    }

    /// Looks a property up by its exact name, as JSON bodies must spell it.
    pub(crate) fn find_exact(name: &str) -> Option<Prop> {
        DEFS.iter().find(|d| d.name == name).map(|d| d.prop)
    }

    /// The properties returned without `$select`, in the order Graph returns them.
    pub(crate) fn default_set() -> Vec<Prop> {
        let mut set: Vec<Prop> = DEFS.iter().filter(|d| d.default).map(|d| d.prop).collect();
        set.sort_by_key(|p| p.name());
        set
    }

    pub(crate) fn is_stored(self) -> bool {
        (self as usize) < STORED
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_enum_order() {
        for (i, def) in DEFS.iter().enumerate() {
            assert_eq!(def.prop as usize, i, "{} is out of place", def.name);
        }
        assert_eq!(DEFS.len(), Prop::Skills as usize + 1);
    }

    #[test]
    fn default_set_matches_graph() {
        let names: Vec<_> = Prop::default_set().iter().map(|p| p.name()).collect();
        assert_eq!(
            names,
            [
                "businessPhones",
                "displayName",
                "givenName",
                "id",
                "jobTitle",
                "mail",
                "mobilePhone",
                "officeLocation",
                "preferredLanguage",
                "surname",
                "userPrincipalName",
            ]
        );
    }

    #[test]
    fn lookup_is_case_insensitive_only_for_queries() {
        assert_eq!(Prop::find("DISPLAYNAME"), Some(Prop::DisplayName));
        assert_eq!(
            Prop::find("userprincipalname"),
            Some(Prop::UserPrincipalName)
        );
        assert_eq!(Prop::find_exact("UserPrincipalName"), None);
    }
}
