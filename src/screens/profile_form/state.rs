//! The profile form's data: its fields, which credential it uses, its stage and message.
//! The methods that change it are in `keys.rs`; the app's side is in `mod.rs`.

use crate::config::write::WriteError;
use crate::config::{SecretSource, check_profile_name};
use crate::profile::Profile;
use crate::screens::form_field::{self, FieldKind};

/// One thing the form asks, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProfileField {
    Name,
    TenantId,
    ClientId,
    /// Which credential: a choice, turned with Space.
    Credential,
    /// The client secret, typed masked.
    Secret,
    /// Keep the secret in a file of its own instead of this session only.
    SaveSecret,
    /// The environment variable holding the secret.
    SecretVariable,
    CertificatePath,
    ReadOnly,
}

impl ProfileField {
    pub const ALL: [ProfileField; 9] = [
        Self::Name,
        Self::TenantId,
        Self::ClientId,
        Self::Credential,
        Self::Secret,
        Self::SaveSecret,
        Self::SecretVariable,
        Self::CertificatePath,
        Self::ReadOnly,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "Profile name",
            Self::TenantId => "Tenant ID or domain",
            Self::ClientId => "Client ID",
            Self::Credential => "Signs in with",
            Self::Secret => "Client secret",
            Self::SaveSecret => "Save secret",
            Self::SecretVariable => "Variable",
            Self::CertificatePath => "Certificate file",
            Self::ReadOnly => "Read-only",
        }
    }

    /// A choice or a checkbox, turned with Space rather than typed into.
    pub fn is_switch(self) -> bool {
        matches!(self, Self::Credential | Self::SaveSecret | Self::ReadOnly)
    }
}

impl FieldKind for ProfileField {
    fn max_chars(self) -> Option<usize> {
        Some(match self {
            Self::Name => crate::config::PROFILE_NAME_MAX,
            Self::TenantId => 253,
            Self::ClientId => 36,
            Self::Secret => 1024,
            Self::SecretVariable => 128,
            Self::CertificatePath => 4096,
            Self::Credential | Self::SaveSecret | Self::ReadOnly => return None,
        })
    }
}

pub type Field = form_field::Field<ProfileField>;

/// How the profile signs in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CredentialKind {
    /// A client secret typed here (this session, or saved to a file).
    #[default]
    Secret,
    /// A client secret an environment variable holds (`client_secret_env`).
    Variable,
    /// A certificate file (`client_certificate_path`).
    Certificate,
}

impl CredentialKind {
    /// The next choice, for Space.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Secret => Self::Variable,
            Self::Variable => Self::Certificate,
            Self::Certificate => Self::Secret,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Secret => "client secret",
            Self::Variable => "secret in a variable",
            Self::Certificate => "certificate",
        }
    }

    /// Whether `field` is asked for with this credential.
    pub fn shows(self, field: ProfileField) -> bool {
        match field {
            ProfileField::Secret | ProfileField::SaveSecret => self == Self::Secret,
            ProfileField::SecretVariable => self == Self::Variable,
            ProfileField::CertificatePath => self == Self::Certificate,
            _ => true,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stage {
    Editing,
    /// "Discard changes? y/n" after Esc on a changed form.
    ConfirmDiscard,
}

/// The line under the fields.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Message {
    Invalid {
        label: &'static str,
        problem: String,
    },
    Capped {
        label: &'static str,
        max: usize,
    },
    /// The config file (or the secret's file) could not be written: what was typed stays.
    Failed(WriteError),
}

/// The add or edit form of one profile.
#[derive(Clone)]
pub struct ProfileForm {
    /// The profile edited; `None` when adding.
    pub(super) editing: Option<String>,
    /// Names already taken (adding).
    pub(super) taken: Vec<String>,
    pub(super) fields: Vec<Field>,
    /// Index into `fields`; always a field the credential shows.
    pub(super) focus: usize,
    pub(super) kind: CredentialKind,
    pub(super) initial_kind: CredentialKind,
    /// Edit: the profile has a secret already, so an empty secret field keeps it.
    pub(super) has_secret: bool,
    pub(super) stage: Stage,
    pub(super) message: Option<Message>,
    /// Set by the first save attempt: from then on every field shows its problem.
    pub(super) reveal_errors: bool,
    /// The save was handed to the runtime and its answer is awaited.
    pub(super) saving: bool,
}

/// Never prints field values: one of them is a secret.
impl std::fmt::Debug for ProfileForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileForm")
            .field("editing", &self.editing)
            .field("focus", &self.fields[self.focus].id)
            .field("kind", &self.kind)
            .field("stage", &self.stage)
            .finish_non_exhaustive()
    }
}

impl ProfileForm {
    /// An empty form for a new profile; `taken` are the names in use.
    pub fn add(taken: impl IntoIterator<Item = String>) -> Self {
        let fields = ProfileField::ALL
            .iter()
            .map(|&id| match id {
                ProfileField::Name | ProfileField::TenantId | ProfileField::ClientId => {
                    Field::text(id, "", true)
                }
                ProfileField::Secret
                | ProfileField::SecretVariable
                | ProfileField::CertificatePath => Field::text(id, "", true),
                ProfileField::Credential | ProfileField::SaveSecret | ProfileField::ReadOnly => {
                    Field::check(id, false)
                }
            })
            .collect();
        Self::new(
            None,
            taken.into_iter().collect(),
            fields,
            CredentialKind::Secret,
            false,
        )
    }

    /// A form filled from `profile`'s settings; only what is changed is written back.
    pub fn edit(profile: &Profile) -> Self {
        let settings = profile.settings.as_deref();
        let text = |v: Option<&String>| v.cloned().unwrap_or_default();
        let source = settings.and_then(|s| s.secret_source.clone());
        let certificate = settings
            .and_then(|s| s.client_certificate_path.as_ref())
            .map(|p| p.display().to_string());
        let (kind, variable, saved) = match (&source, &certificate) {
            (Some(SecretSource::Env(var)), _) => (CredentialKind::Variable, var.clone(), false),
            (Some(SecretSource::File(_)), _) => (CredentialKind::Secret, String::new(), true),
            (Some(_), _) | (None, None) => (CredentialKind::Secret, String::new(), false),
            (None, Some(_)) => (CredentialKind::Certificate, String::new(), false),
        };
        let read_only = settings.is_some_and(|s| s.read_only);
        let fields = ProfileField::ALL
            .iter()
            .filter(|&&id| id != ProfileField::Name)
            .map(|&id| match id {
                ProfileField::TenantId => {
                    Field::text(id, &text(settings.and_then(|s| s.tenant_id.as_ref())), true)
                }
                ProfileField::ClientId => {
                    Field::text(id, &text(settings.and_then(|s| s.client_id.as_ref())), true)
                }
                ProfileField::SecretVariable => Field::text(id, &variable, true),
                ProfileField::CertificatePath => {
                    Field::text(id, certificate.as_deref().unwrap_or_default(), true)
                }
                ProfileField::Secret => Field::text(id, "", false),
                ProfileField::SaveSecret => Field::check(id, saved),
                ProfileField::ReadOnly => Field::check(id, read_only),
                ProfileField::Name | ProfileField::Credential => Field::check(id, false),
            })
            .collect();
        let has_secret = source.is_some();
        Self::new(
            Some(profile.name.clone()),
            Vec::new(),
            fields,
            kind,
            has_secret,
        )
    }

    fn new(
        editing: Option<String>,
        taken: Vec<String>,
        fields: Vec<Field>,
        kind: CredentialKind,
        has_secret: bool,
    ) -> Self {
        Self {
            editing,
            taken,
            fields,
            focus: 0,
            kind,
            initial_kind: kind,
            has_secret,
            stage: Stage::Editing,
            message: None,
            reveal_errors: false,
            saving: false,
        }
    }

    pub fn title(&self) -> String {
        match &self.editing {
            Some(name) => format!("Edit profile {name}"),
            None => "New profile".to_owned(),
        }
    }

    pub fn is_new(&self) -> bool {
        self.editing.is_none()
    }

    /// True while printable keys go into a text field.
    pub fn is_typing(&self) -> bool {
        self.stage == Stage::Editing && !self.saving && self.fields[self.focus].is_text()
    }

    /// Anything differs from what the form opened with.
    pub fn is_dirty(&self) -> bool {
        self.kind != self.initial_kind || self.fields.iter().any(form_field::Field::is_changed)
    }

    pub(super) fn field(&self, id: ProfileField) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub(super) fn text(&self, id: ProfileField) -> String {
        self.field(id)
            .map(|f| f.text_value().trim().to_owned())
            .unwrap_or_default()
    }

    pub(super) fn checked(&self, id: ProfileField) -> bool {
        self.field(id).is_some_and(form_field::Field::is_checked)
    }

    /// The fields the chosen credential shows, as indexes into `fields`.
    pub(super) fn visible(&self) -> Vec<usize> {
        (0..self.fields.len())
            .filter(|&i| self.kind.shows(self.fields[i].id))
            .collect()
    }

    /// What is wrong with field `index`, if anything.
    pub(super) fn problem(&self, index: usize) -> Option<String> {
        let field = &self.fields[index];
        let text = field.text_value().trim();
        let rule = |result: Result<(), String>| result.err();
        match field.id {
            ProfileField::Name => rule(check_profile_name(text)).or_else(|| {
                self.taken
                    .iter()
                    .any(|t| t == text)
                    .then(|| format!("a profile named {text} exists already"))
            }),
            ProfileField::TenantId if text.is_empty() => Some("required".to_owned()),
            ProfileField::TenantId => rule(crate::config::check_tenant_id(text)),
            ProfileField::ClientId if text.is_empty() => Some("required".to_owned()),
            ProfileField::ClientId => rule(crate::config::check_client_id(text)),
            ProfileField::Secret if text.is_empty() && !self.keeps_secret() => {
                Some("required: the client secret's Value (not its ID)".to_owned())
            }
            ProfileField::SecretVariable if text.is_empty() => Some("required".to_owned()),
            ProfileField::SecretVariable => rule(crate::config::check_env_name(text)),
            ProfileField::CertificatePath if text.is_empty() => Some("required".to_owned()),
            _ => None,
        }
    }

    /// Editing a profile that has a secret, still with a secret, and none typed: keep it.
    pub(super) fn keeps_secret(&self) -> bool {
        !self.is_new() && self.has_secret && self.initial_kind == CredentialKind::Secret
    }

    /// The problem shown beside field `index`: once touched, or after a save attempt.
    pub(super) fn shown_problem(&self, index: usize) -> Option<String> {
        let field = &self.fields[index];
        if field.touched || self.reveal_errors {
            return self.problem(index);
        }
        None
    }
}
