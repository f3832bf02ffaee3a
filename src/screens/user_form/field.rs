//! The form's fields: which user properties it edits, their labels and Graph names, and the
//! per-field state (value, initial value, whether the admin touched it, Graph's complaint).

use tui_input::{Input, InputRequest};

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

/// What a field holds: a single-line text input or a checkbox, each with its initial value so
/// the form knows what changed.
#[derive(Clone, Debug)]
pub enum Value {
    Text { input: Input, initial: String },
    Check { on: bool, initial: bool },
}

#[derive(Clone, Debug)]
pub struct Field {
    pub id: FieldId,
    pub value: Value,
    pub required: bool,
    /// The admin changed this field, so its validation error is worth showing already.
    pub touched: bool,
    /// Graph's complaint about this field from the last failed save; cleared on the next edit.
    pub server_error: Option<String>,
}

impl Field {
    pub fn text(id: FieldId, initial: &str, required: bool) -> Self {
        Self {
            id,
            value: Value::Text {
                input: Input::new(initial.to_owned()),
                initial: initial.to_owned(),
            },
            required,
            touched: false,
            server_error: None,
        }
    }

    pub fn check(id: FieldId, initial: bool) -> Self {
        Self {
            id,
            value: Value::Check {
                on: initial,
                initial,
            },
            required: false,
            touched: false,
            server_error: None,
        }
    }

    /// The text typed so far (empty for a checkbox).
    /// The field holds as many characters as Graph stores.
    pub fn is_full(&self) -> bool {
        self.id
            .max_chars()
            .is_some_and(|max| self.text_value().chars().count() >= max)
    }

    pub fn text_value(&self) -> &str {
        match &self.value {
            Value::Text { input, .. } => input.value(),
            Value::Check { .. } => "",
        }
    }

    pub fn input(&self) -> Option<&Input> {
        match &self.value {
            Value::Text { input, .. } => Some(input),
            Value::Check { .. } => None,
        }
    }

    pub fn is_checked(&self) -> bool {
        matches!(self.value, Value::Check { on: true, .. })
    }

    pub fn is_text(&self) -> bool {
        matches!(self.value, Value::Text { .. })
    }

    pub fn is_changed(&self) -> bool {
        match &self.value {
            Value::Text { input, initial } => input.value() != initial,
            Value::Check { on, initial } => on != initial,
        }
    }

    /// Replaces the text, keeping the cursor where it was (clamped to the new length).
    pub fn set_text(&mut self, text: String) {
        if let Value::Text { input, .. } = &mut self.value {
            let cursor = input.cursor();
            *input = Input::new(text).with_cursor(cursor);
        }
    }

    pub fn move_cursor_home(&mut self) {
        if let Value::Text { input, .. } = &mut self.value {
            input.handle(InputRequest::GoToStart);
        }
    }

    /// Applies one editing request; true if the text changed.
    pub fn edit(&mut self, request: InputRequest) -> bool {
        match &mut self.value {
            Value::Text { input, .. } => input.handle(request).is_some_and(|changed| changed.value),
            Value::Check { .. } => false,
        }
    }

    pub fn toggle(&mut self) {
        if let Value::Check { on, .. } = &mut self.value {
            *on = !*on;
        }
    }

    /// The initial text, trimmed: what Graph holds now (edit) or `""` (create).
    pub fn initial_text(&self) -> &str {
        match &self.value {
            Value::Text { initial, .. } => initial.trim(),
            Value::Check { .. } => "",
        }
    }
}
