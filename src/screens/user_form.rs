//! The Create user / Edit user form: one self-contained screen component with its own state,
//! key handling, validation, review step and rendering. The app owns the Graph call: it gets a
//! [`FormSubmission`] back from [`UserForm::handle_key`] and reports the outcome through
//! [`UserForm::set_saving`] and [`UserForm::set_error`].
//!
//! Files: `field` (what is edited), `validate` (Graph's rules), `keys` (input), `review`
//! (what will be sent), `server_error` (mapping Graph's refusal to a field), `render` and
//! `popup` (drawing, pure).

mod field;
mod keys;
mod popup;
mod render;
mod review;
mod server_error;
mod validate;

#[cfg(test)]
mod edit_tests;
#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod tests;

use crate::graph::model::{NewUser, User, UserPatch};
use field::{Field, FieldId};

/// What the app should do after the form handled a key.
// Built once per key press and moved straight out; boxing would only make the app's `match`
// noisier (the agreed API matches on `Submit(FormSubmission::Create(new_user))`).
#[expect(clippy::large_enum_variant, reason = "short-lived return value")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormOutcome {
    /// Nothing for the app to do (the form handled the key itself or ignored it).
    None,
    /// The admin confirmed the review: the app sends this to Graph and calls `set_saving(true)`.
    /// The form has already switched to its saving state, so a second Enter cannot resubmit.
    Submit(FormSubmission),
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
    Update { id: String, patch: UserPatch },
}

/// Where the form is in its edit → review → save cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Editing,
    /// The review popup lists what will be sent; Enter submits.
    Review,
    /// "Discard changes? y/n" after Esc on a dirty form.
    ConfirmDiscard,
    /// The app is talking to Graph; everything is read-only.
    Saving,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tone {
    /// A hint or a neutral result ("Nothing to save").
    Info,
    /// The form refused to save: a field is invalid.
    Invalid,
    /// Graph refused the save; kept until the next save attempt so the request-id stays
    /// readable while the admin fixes the field.
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Message {
    tone: Tone,
    text: String,
}

/// State of one create or edit form.
#[derive(Clone)]
pub struct UserForm {
    /// `None` for a new user.
    user_id: Option<String>,
    title: String,
    fields: Vec<Field>,
    /// Index into `fields`.
    focus: usize,
    stage: Stage,
    message: Option<Message>,
    /// Set by the first save attempt: from then on every field shows its problem, touched or not.
    reveal_errors: bool,
    /// Create only: the `@domain` the UPN was pre-filled with.
    upn_suggestion: Option<String>,
    /// Create only: the mail nickname is copied from the UPN alias until the admin edits it.
    nickname_follows_upn: bool,
    /// The last password Ctrl-G produced.
    generated: Option<String>,
    /// The password is shown in clear (right after Ctrl-G) instead of as `•`.
    password_visible: bool,
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
        let domain = domain
            .map(|d| d.trim().trim_start_matches('@'))
            .unwrap_or("");
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

    fn new(user_id: Option<String>, title: String, fields: Vec<Field>) -> Self {
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

    /// True while the form consumes printable keys itself (a text field has focus, or the
    /// discard question waits for y/n), so the app must not treat `q` as quit.
    pub fn is_typing(&self) -> bool {
        match self.stage {
            Stage::Editing => self.fields[self.focus].is_text(),
            Stage::ConfirmDiscard => true,
            Stage::Review | Stage::Saving => false,
        }
    }

    /// While true the form shows a spinner and ignores keys; Esc (cancel) is the app's.
    pub fn set_saving(&mut self, saving: bool) {
        if saving {
            self.stage = Stage::Saving;
            self.message = None;
        } else if self.stage == Stage::Saving {
            self.stage = Stage::Editing;
        }
    }

    /// The password Ctrl-G generated, if the password field still holds it; the app shows it
    /// once after a successful create.
    pub fn generated_password(&self) -> Option<&str> {
        let generated = self.generated.as_deref()?;
        let current = self.field(FieldId::Password)?.text_value();
        (current == generated).then_some(generated)
    }

    /// `(keys, what they do)` for the help screen and the footer, for the current stage.
    pub fn key_help(&self) -> Vec<(&'static str, &'static str)> {
        match self.stage {
            Stage::Editing => {
                // Most used first: the footer shows as many as fit.
                let focused = &self.fields[self.focus];
                let mut help = vec![
                    ("Tab/↓", "next"),
                    ("S-Tab/↑", "previous"),
                    ("Ctrl-S", "save"),
                    ("Esc", "leave"),
                ];
                if !focused.is_text() {
                    help.push(("Space", "toggle"));
                }
                if self.is_create() {
                    help.push(("Ctrl-G", "new password"));
                }
                if self.focus + 1 == self.fields.len() {
                    help.push(("Enter", "save"));
                }
                if focused.is_text() {
                    help.push(("Home/End", "start/end"));
                    help.push(("Ctrl-W/Ctrl-U", "delete word/line"));
                }
                help
            }
            Stage::Review => vec![("Enter", "save"), ("Esc", "back to editing")],
            Stage::ConfirmDiscard => vec![("y", "discard changes"), ("n/Esc", "keep editing")],
            Stage::Saving => vec![("Esc", "cancel")],
        }
    }

    /// Draws the form into `area`. Pure: reads `self` only; `tick` picks the spinner frame.
    pub fn render(&self, frame: &mut ratatui::Frame, area: ratatui::layout::Rect, tick: u64) {
        render::render(self, frame, area, tick);
    }

    fn index_of(&self, id: FieldId) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    fn field(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    fn field_mut(&mut self, id: FieldId) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    /// The problem to show beside field `index`: Graph's complaint first, then the local rule
    /// once the admin has touched the field or tried to save.
    fn shown_problem(&self, index: usize) -> Option<String> {
        let field = &self.fields[index];
        if let Some(error) = &field.server_error {
            return Some(error.clone());
        }
        if field.touched || self.reveal_errors {
            return validate::problem(field);
        }
        None
    }
}
