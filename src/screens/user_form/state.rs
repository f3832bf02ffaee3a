//! The form's data: its fields, focus, stage (editing, review, discard question) and message,
//! and what a key press asks of the app. The methods that change it live beside it (`keys`,
//! `review`, `server_error`); the app's side is in `mod.rs`.

use super::field::{Field, FieldId};
use crate::graph::GraphError;
use crate::graph::model::{NewUser, User, UserId, UserPatch};
use crate::keymap::Context;
use crate::undo::{Before, BeforeValue};

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
    /// The list of domains for the UPN; `selected` indexes `UpnDomains::names`.
    ChooseDomain {
        selected: usize,
    },
}

/// The domains the UPN's domain is chosen from, and where they came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpnDomains {
    /// Default first when Graph listed them; else the loaded users' domains, most used first.
    pub names: Vec<String>,
    /// The tenant's default domain, when Graph said which.
    pub default: Option<String>,
    pub source: DomainSource,
}

/// Where [`UpnDomains`] came from: Graph's verified domains, or a guess from the loaded users
/// and why Graph's list is missing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DomainSource {
    /// `GET /domains`, verified ones only: a UPN on any other domain is refused.
    Verified,
    /// Graph's list is on its way.
    Loading,
    /// The app may not read the tenant's domains (no `Domain.Read.All`).
    NoPermission,
    /// Graph refused or failed to list them.
    Failed,
    /// Not asked (writes are off).
    #[default]
    NotAsked,
}

impl UpnDomains {
    /// The entry for `domain`, ignoring case.
    pub fn position(&self, domain: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|d| d.eq_ignore_ascii_case(domain))
    }
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
    /// The domain choice was asked for, but no domain is known to offer.
    NoDomains,
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
    /// What the UPN's domain is chosen from.
    pub(super) domains: UpnDomains,
    /// What the form says under its fields while there is nothing else to say: why an edit
    /// of a synced user holds only what the cloud owns (`FieldId::EDIT_SYNCED`).
    pub(super) standing_note: Option<&'static str>,
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

/// What an edit of a synced user says while nothing else is to be said.
const SYNCED_NOTE: &str = "Synced from on-premises Active Directory: names, sign-in name, job and \
                           phones are changed there and synced here; in the cloud only usage \
                           location and sign-in can be changed.";

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

    /// A form pre-filled from `user`, which saves as a PATCH of the changed properties. Its
    /// UPN can be renamed; the mail nickname follows the new UPN's alias when it was the old
    /// one's.
    pub fn edit(user: &User) -> Self {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let synced = user.on_premises_sync_enabled == Some(true);
        let ids = if synced {
            FieldId::EDIT_SYNCED
        } else {
            FieldId::EDIT
        };
        let fields = ids
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
                    FieldId::UserPrincipalName => text(&user.user_principal_name),
                    FieldId::AccountEnabled => {
                        return Field::check(id, user.account_enabled.unwrap_or(true));
                    }
                    // Not in the edit form.
                    FieldId::Password | FieldId::ForceChangePassword => String::new(),
                };
                // A nickname can be changed but not removed; one that was never set may stay unset.
                let required = match id {
                    FieldId::DisplayName | FieldId::UserPrincipalName => true,
                    FieldId::MailNickname => !initial.trim().is_empty(),
                    _ => false,
                };
                Field::text(id, &initial, required)
            })
            .collect();
        let mut form = Self::new(
            Some(user.id.clone()),
            format!("Edit {}", user.label()),
            fields,
        );
        let nickname = user.mail_nickname.as_deref().unwrap_or_default();
        form.nickname_follows_upn =
            !nickname.is_empty() && nickname == super::validate::nickname_from_upn(user.upn());
        if synced {
            form.standing_note = Some(SYNCED_NOTE);
        }
        form
    }

    /// The domains the UPN's domain is chosen from (`choose_domain`).
    #[must_use]
    pub fn with_domains(mut self, domains: UpnDomains) -> Self {
        self.set_domains(domains);
        self
    }

    /// New domains (Graph's list arrived while the form was open).
    pub fn set_domains(&mut self, domains: UpnDomains) {
        if let Stage::ChooseDomain { selected } = &mut self.stage {
            *selected = (*selected).min(domains.names.len().saturating_sub(1));
            if domains.names.is_empty() {
                self.stage = Stage::Editing;
            }
        }
        self.domains = domains;
    }

    /// `z` after an edit: the edit form for `user` with the values an earlier edit replaced
    /// put back, opened at the review, so the undo is looked at before it is sent.
    pub fn undo(user: &User, before: &[Before]) -> Self {
        let mut form = Self::edit(user);
        for before in before {
            let Some(field) = FieldId::from_graph_name(before.property)
                .and_then(|id| form.fields.iter_mut().find(|f| f.id == id))
            else {
                continue;
            };
            match &before.value {
                BeforeValue::Text(text) => field.set_text(text.clone()),
                BeforeValue::Check(on) if field.is_checked() != *on => field.toggle(),
                BeforeValue::Check(_) => {}
            }
            field.touched = true;
        }
        form.title = format!("Undo changes to {}", user.label());
        form.request_review();
        form
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
            domains: UpnDomains::default(),
            standing_note: None,
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

    /// At the "is this what you want to send?" step.
    pub fn is_reviewing(&self) -> bool {
        self.stage == Stage::Review
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
            Stage::ChooseDomain { .. } => Context::FormDomain,
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
            return self.problem(index);
        }
        None
    }

    /// Why field `index`'s value would be refused: Graph's rules for the value, then, for a
    /// new or changed UPN, whether its domain is one of the tenant's verified domains (known
    /// only when Graph listed them).
    pub(super) fn problem(&self, index: usize) -> Option<String> {
        let field = &self.fields[index];
        super::validate::problem(field).or_else(|| {
            let checked = field.id == FieldId::UserPrincipalName
                && self.domains.source == DomainSource::Verified
                && (self.is_create() || field.is_changed());
            let (_, domain) = field.text_value().trim().rsplit_once('@')?;
            (checked && self.domains.position(domain).is_none())
                .then(|| "not a verified domain of this tenant".to_owned())
        })
    }
}
