//! The form's fields: which user properties it edits, their labels and Graph names. The
//! per-field state (value, initial value, whether the admin touched it, Graph's complaint) is
//! the shared `screens::form_field`.

/// One property the form edits, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldId {
    DisplayName,
    GivenName,
    Surname,
    UserPrincipalName,
    MailNickname,
    Password,
    ForceChangePassword,
    JobTitle,
    Department,
    OfficeLocation,
    MobilePhone,
    BusinessPhone,
    UsageLocation,
    AccountEnabled,
}

impl FieldId {
    /// Tab order of the create form. Identity first, as the Entra admin center groups it, so
    /// the password sits next to the account it belongs to; settings last.
    pub const CREATE: &[FieldId] = &[
        Self::DisplayName,
        Self::GivenName,
        Self::Surname,
        Self::UserPrincipalName,
        Self::MailNickname,
        Self::Password,
        Self::ForceChangePassword,
        Self::JobTitle,
        Self::Department,
        Self::OfficeLocation,
        Self::MobilePhone,
        Self::BusinessPhone,
        Self::UsageLocation,
        Self::AccountEnabled,
    ];

    /// Tab order of the edit form: the UPN can be renamed (its domain chosen from the
    /// tenant's verified domains); no password (a reset needs extra Graph permissions and an
    /// Entra role).
    pub const EDIT: &[FieldId] = &[
        Self::DisplayName,
        Self::GivenName,
        Self::Surname,
        Self::UserPrincipalName,
        Self::MailNickname,
        Self::JobTitle,
        Self::Department,
        Self::OfficeLocation,
        Self::MobilePhone,
        Self::BusinessPhone,
        Self::UsageLocation,
        Self::AccountEnabled,
    ];

    /// Tab order of the edit form for a user synced from on-premises Active Directory: the
    /// rest is owned there, and Graph refuses to change it (400, "Unable to update the
    /// specified properties for on-premises mastered Directory Sync objects…"). Usage location
    /// and sign-in are the cloud's own.
    pub const EDIT_SYNCED: &[FieldId] = &[Self::UsageLocation, Self::AccountEnabled];

    pub fn label(self) -> &'static str {
        match self {
            Self::DisplayName => "Display name",
            Self::GivenName => "Given name",
            Self::Surname => "Surname",
            Self::UserPrincipalName => "User principal name",
            Self::MailNickname => "Mail nickname",
            Self::Password => "Password",
            Self::ForceChangePassword => "Change at sign-in",
            Self::JobTitle => "Job title",
            Self::Department => "Department",
            Self::OfficeLocation => "Office location",
            Self::MobilePhone => "Mobile phone",
            Self::BusinessPhone => "Business phone",
            Self::UsageLocation => "Usage location",
            Self::AccountEnabled => "Account enabled",
        }
    }

    /// The property's name in Graph JSON (and in Graph's error `target`s and messages).
    pub fn graph_name(self) -> &'static str {
        match self {
            Self::DisplayName => "displayName",
            Self::GivenName => "givenName",
            Self::Surname => "surname",
            Self::UserPrincipalName => "userPrincipalName",
            Self::MailNickname => "mailNickname",
            Self::Password => "passwordProfile",
            Self::ForceChangePassword => "forceChangePasswordNextSignIn",
            Self::JobTitle => "jobTitle",
            Self::Department => "department",
            Self::OfficeLocation => "officeLocation",
            Self::MobilePhone => "mobilePhone",
            Self::BusinessPhone => "businessPhones",
            Self::UsageLocation => "usageLocation",
            Self::AccountEnabled => "accountEnabled",
        }
    }

    /// The field a Graph property name (an error `target`, or a name inside a message) is about.
    pub fn from_graph_name(name: &str) -> Option<Self> {
        let name = name.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if name.eq_ignore_ascii_case("password") || name.starts_with("passwordProfile") {
            return Some(Self::Password);
        }
        Self::CREATE
            .iter()
            .copied()
            .find(|id| id.graph_name().eq_ignore_ascii_case(name))
    }

    /// The most characters Graph stores for this property
    /// (<https://learn.microsoft.com/en-us/graph/api/resources/user>); typing or pasting stops
    /// there. `None` for checkboxes.
    pub fn max_chars(self) -> Option<usize> {
        Some(match self {
            FieldId::DisplayName | FieldId::Password => 256,
            FieldId::UserPrincipalName => 113,
            FieldId::JobTitle | FieldId::OfficeLocation => 128,
            FieldId::GivenName
            | FieldId::Surname
            | FieldId::MailNickname
            | FieldId::Department
            | FieldId::MobilePhone
            | FieldId::BusinessPhone => 64,
            FieldId::UsageLocation => 2,
            FieldId::ForceChangePassword | FieldId::AccountEnabled => return None,
        })
    }

    pub fn is_checkbox(self) -> bool {
        matches!(self, Self::ForceChangePassword | Self::AccountEnabled)
    }
}

/// A field of this form: the shared form field, told by its `FieldId`.
pub type Field = crate::screens::form_field::Field<FieldId>;
pub use crate::screens::form_field::Value;

impl crate::screens::form_field::FieldKind for FieldId {
    fn max_chars(self) -> Option<usize> {
        FieldId::max_chars(self)
    }
}
