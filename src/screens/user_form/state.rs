//! The form's data: its fields, focus, stage (editing, review, discard question) and message,
//! and what a key press asks of the app. The methods that change it live beside it (`keys`,
//! `review`, `server_error`); the app's side is in `mod.rs`.

use super::field::{Field, FieldId};
use crate::graph::GraphError;
use crate::graph::model::{NewUser, User, UserId, UserPatch};
use crate::keymap::Context;

/// A save in flight: while one is pending the form is saving.
#[derive(Clone, Debug, PartialEq)]
pub enum Save {
    Create {
        label: String,
        /// Graph's 201 answer carries only the default properties; what was sent fills in
        /// the ones shown in the list until the user is read back.
        account_enabled: bool,
    },
    Update {
        id: UserId,
        label: String,
        patch: Box<UserPatch>,
    },
}

/// What the app should do after the form handled a key.
// Built once per key press and moved straight out; boxing would only make the app's `match`
// noisier (the agreed API matches on `Submit(FormSubmission::Create(new_user))`).
#[expect(clippy::large_enum_variant, reason = "short-lived return value")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormOutcome {
    /// Nothing for the app to do (the form handled the key itself or ignored it).
    None,
    /// The admin confirmed the review: the app sends this to Graph. While it is pending the
    /// app hands the form no keys but Esc, so a second Enter cannot resubmit.
    Submit(FormSubmission),
    /// Ctrl-G: the app makes a strong password (outside the reducer) and hands it back.
    GeneratePassword,
    /// Leave the form (clean form + Esc, or the admin confirmed discarding changes).
    Close,
}

/// The Graph write the admin confirmed.
#[expect(clippy::large_enum_variant, reason = "short-lived return value")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormSubmission {
    /// `POST /users`.
    Create(NewUser),
    /// `PATCH /users/{id}` with only the properties that changed.
    Update { id: UserId, patch: Box<UserPatch> },
}

/// Where the form is in its edit → review → save cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stage {
    Editing,
    /// The review popup lists what will be sent; Enter submits.
    Review,
    /// "Discard changes? y/n" after Esc on a dirty form.
    ConfirmDiscard,
}

/// The line under the fields. Kept as what happened, not as text: the view words it.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Message {
    /// Ctrl-G made a password.
    Generated,
    /// Ctrl-S on an edit that changes nothing.
    NothingToSave,
    /// The form refused to save: this field is invalid.
    Invalid {
        label: &'static str,
        problem: String,
    },
    /// Typing or a paste reached the property's length limit; the rest was not taken.
    Capped { label: &'static str, max: usize },
    /// Graph refused the save; kept until the next save attempt so the request-id stays
    /// readable while the admin fixes the field.
    Failed(GraphError),
}

/// State of one create or edit form.
#[derive(Clone)]
pub struct UserForm {
    /// `None` for a new user.
    pub(super) user_id: Option<UserId>,
    pub(super) title: String,
    pub(super) fields: Vec<Field>,
    /// Index into `fields`.
    pub(super) focus: usize,
    pub(super) stage: Stage,
    pub(super) message: Option<Message>,
    /// Set by the first save attempt: from then on every field shows its problem, touched or not.
    pub(super) reveal_errors: bool,
    /// Create only: the `@domain` the UPN was pre-filled with.
    pub(super) upn_suggestion: Option<String>,
    /// Create only: the mail nickname is copied from the UPN alias until the admin edits it.
    pub(super) nickname_follows_upn: bool,
    /// The last password Ctrl-G produced.
    pub(super) generated: Option<String>,
    /// The password is shown in clear (right after Ctrl-G) instead of as `•`.
    pub(super) password_visible: bool,
}

/// Never prints field values: one of them may be a password.
impl std::fmt::Debug for UserForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserForm")
            .field("user_id", &self.user_id)
            .field("title", &self.title)
            .field("focus", &self.fields[self.focus].id)
            .field("stage", &self.stage)
            .finish_non_exhaustive()
    }
}

impl UserForm {
    /// A form for a new user. `domain` (e.g. `contoso.com`) pre-fills the UPN as `@domain`
    /// with the cursor before the `@`, so the admin types only the alias.
    pub fn create(domain: Option<&str>) -> Self {
        let domain = domain.map_or("", |d| d.trim().trim_start_matches('@'));
        let fields = FieldId::CREATE
            .iter()
            .map(|&id| match id {
                FieldId::UserPrincipalName if !domain.is_empty() => {
                    let mut field = Field::text(id, &format!("@{domain}"), true);
                    field.move_cursor_home();
                    field
                }
                FieldId::DisplayName
                | FieldId::UserPrincipalName
                | FieldId::MailNickname
                | FieldId::Password => Field::text(id, "", true),
                FieldId::ForceChangePassword | FieldId::AccountEnabled => Field::check(id, true),
                _ => Field::text(id, "", false),
            })
            .collect();
        let mut form = Self::new(None, "New user".to_owned(), fields);
        form.upn_suggestion = (!domain.is_empty()).then(|| format!("@{domain}"));
        form
    }

    /// A form pre-filled from `user`, which saves as a PATCH of the changed properties.
    pub fn edit(user: &User) -> Self {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let fields = FieldId::EDIT
            .iter()
            .map(|&id| {
                let initial = match id {
                    FieldId::DisplayName => text(&user.display_name),
                    FieldId::GivenName => text(&user.given_name),
                    FieldId::Surname => text(&user.surname),
                    FieldId::MailNickname => text(&user.mail_nickname),
                    FieldId::JobTitle => text(&user.job_title),
                    FieldId::Department => text(&user.department),
                    FieldId::OfficeLocation => text(&user.office_location),
                    FieldId::MobilePhone => text(&user.mobile_phone),
                    FieldId::BusinessPhone => {
                        user.business_phones.first().cloned().unwrap_or_default()
                    }
                    FieldId::UsageLocation => text(&user.usage_location),
                    FieldId::AccountEnabled => {
                        return Field::check(id, user.account_enabled.unwrap_or(true));
                    }
                    // Not in the edit form.
                    FieldId::UserPrincipalName
                    | FieldId::Password
                    | FieldId::ForceChangePassword => String::new(),
                };
                // A nickname can be changed but not removed; one that was never set may stay unset.
                let required = match id {
                    FieldId::DisplayName => true,
                    FieldId::MailNickname => !initial.trim().is_empty(),
                    _ => false,
                };
                Field::text(id, &initial, required)
            })
            .collect();
        Self::new(
            Some(user.id.clone()),
            format!("Edit {}", user.label()),
            fields,
        )
    }

    pub(super) fn new(user_id: Option<UserId>, title: String, fields: Vec<Field>) -> Self {
        Self {
            nickname_follows_upn: user_id.is_none(),
            upn_suggestion: None,
            user_id,
            title,
            fields,
            focus: 0,
            stage: Stage::Editing,
            message: None,
            reveal_errors: false,
            generated: None,
            password_visible: false,
        }
    }

    /// The text of the field labelled `label` ("First name"), for tests.
    #[cfg(test)]
    pub(crate) fn text_of(&self, label: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.id.label() == label)
            .map(super::field::Field::text_value)
    }

    pub fn is_create(&self) -> bool {
        self.user_id.is_none()
    }

    /// "New user" or "Edit <display name>" (the name as it was when the form opened).
    pub fn title(&self) -> String {
        self.title.clone()
    }

    /// Anything differs from the initial values.
    pub fn is_dirty(&self) -> bool {
        self.fields.iter().any(Field::is_changed)
    }

    /// True while printable keys go into a text field, so the app must not treat `q` as quit.
    pub fn is_typing(&self) -> bool {
        self.stage == Stage::Editing && self.fields[self.focus].is_text()
    }

    /// Where keys are looked up: the fields, the review, or the discard question.
    pub fn context(&self) -> Context {
        match self.stage {
            Stage::Editing => Context::Form,
            Stage::Review => Context::FormReview,
            Stage::ConfirmDiscard => Context::FormDiscard,
        }
    }

    /// The password Ctrl-G generated, if the password field still holds it; the app shows it
    /// once after a successful create.
    pub fn generated_password(&self) -> Option<&str> {
        let generated = self.generated.as_deref()?;
        let current = self.field(FieldId::Password)?.text_value();
        (current == generated).then_some(generated)
    }

    /// The focused field is the last one (Enter saves there).
    pub(super) fn on_last_field(&self) -> bool {
        self.focus + 1 == self.fields.len()
    }

    pub(super) fn index_of(&self, id: FieldId) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    pub(super) fn field(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub(super) fn field_mut(&mut self, id: FieldId) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    /// The problem to show beside field `index`: Graph's complaint first, then the local rule
    /// once the admin has touched the field or tried to save.
    pub(super) fn shown_problem(&self, index: usize) -> Option<String> {
        let field = &self.fields[index];
        if let Some(error) = &field.server_error {
            return Some(error.clone());
        }
        if field.touched || self.reveal_errors {
            return super::validate::problem(field);
        }
        None
    }
}
