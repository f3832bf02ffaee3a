//! What a save would send: the review lines the admin confirms and the matching Graph body.
//! Both come from the same `sent_*` helpers so the review can't disagree with the request.

use super::field::{Field, FieldId, Value};
use super::state::{FormSubmission, UserForm};
use crate::graph::model::{Change, NewUser, PasswordProfile, UserPatch};
use crate::undo::{Before, BeforeValue};

/// How the review shows the password: never in clear.
const PASSWORD_DOTS: &str = "••••••••";

/// One line of the review popup: `label: old → new` (edit) or `label: new` (create).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewLine {
    pub label: &'static str,
    /// The value Graph holds now; `None` in a create review.
    pub old: Option<String>,
    pub new: String,
}

/// A field's value as it would be sent: trimmed (passwords excepted), usage location upper-case.
fn sent_text(field: &Field) -> String {
    match field.id {
        FieldId::Password => field.text_value().to_owned(),
        FieldId::UsageLocation => field.text_value().trim().to_ascii_uppercase(),
        _ => field.text_value().trim().to_owned(),
    }
}

fn yes_no(on: bool) -> String {
    if on { "yes" } else { "no" }.to_owned()
}

fn or_empty(text: &str) -> String {
    if text.is_empty() {
        "(empty)".to_owned()
    } else {
        text.to_owned()
    }
}

/// Whether an edit changes this field, by the values Graph would see (so a trailing space or a
/// lower-case country code that uppercases to the same value is no change).
fn is_sent_change(field: &Field) -> bool {
    match &field.value {
        Value::Text { .. } => sent_text(field) != field.initial_text(),
        Value::Check { on, initial } => on != initial,
    }
}

impl UserForm {
    /// The fields this edit changes, with the values they had: what `z` puts back.
    pub fn before_values(&self) -> Vec<Before> {
        self.fields
            .iter()
            .filter(|field| is_sent_change(field))
            .map(|field| Before {
                property: field.id.graph_name(),
                label: field.id.label(),
                value: match &field.value {
                    Value::Text { initial, .. } => BeforeValue::Text(initial.clone()),
                    Value::Check { initial, .. } => BeforeValue::Check(*initial),
                },
            })
            .collect()
    }

    /// The lines of the review popup: every property a create sends, or each property an edit
    /// changes. Empty for an edit that changes nothing.
    pub(super) fn review_lines(&self) -> Vec<ReviewLine> {
        if self.is_create() {
            self.fields
                .iter()
                .filter_map(|field| {
                    let new = match &field.value {
                        Value::Check { on, .. } => yes_no(*on),
                        Value::Text { .. } if field.id == FieldId::Password => {
                            let how = if self.generated_password().is_some() {
                                "generated"
                            } else {
                                "set"
                            };
                            format!("{PASSWORD_DOTS} ({how})")
                        }
                        Value::Text { .. } => Some(sent_text(field)).filter(|t| !t.is_empty())?,
                    };
                    Some(ReviewLine {
                        label: field.id.label(),
                        old: None,
                        new,
                    })
                })
                .collect()
        } else {
            self.fields
                .iter()
                .filter(|field| is_sent_change(field))
                .map(|field| {
                    let (old, new) = match &field.value {
                        Value::Check { on, initial } => (yes_no(*initial), yes_no(*on)),
                        Value::Text { .. } => {
                            (or_empty(field.initial_text()), or_empty(&sent_text(field)))
                        }
                    };
                    ReviewLine {
                        label: field.id.label(),
                        old: Some(old),
                        new,
                    }
                })
                .collect()
        }
    }

    /// An edit that renames the sign-in name: `(old, new)`. The review warns about it.
    pub(super) fn upn_rename(&self) -> Option<(String, String)> {
        if self.is_create() {
            return None;
        }
        let field = self.field(FieldId::UserPrincipalName)?;
        is_sent_change(field).then(|| (field.initial_text().to_owned(), sent_text(field)))
    }

    /// The Graph write for the current values. Call only on a valid form.
    pub(super) fn submission(&self) -> FormSubmission {
        match &self.user_id {
            None => FormSubmission::Create(self.new_user()),
            Some(id) => FormSubmission::Update {
                id: id.clone(),
                patch: Box::new(self.patch()),
            },
        }
    }

    fn text(&self, id: FieldId) -> String {
        self.field(id).map(sent_text).unwrap_or_default()
    }

    fn optional(&self, id: FieldId) -> Option<String> {
        Some(self.text(id)).filter(|t| !t.is_empty())
    }

    fn checked(&self, id: FieldId) -> bool {
        self.field(id).is_some_and(Field::is_checked)
    }

    fn new_user(&self) -> NewUser {
        NewUser {
            account_enabled: self.checked(FieldId::AccountEnabled),
            display_name: self.text(FieldId::DisplayName),
            mail_nickname: self.text(FieldId::MailNickname),
            user_principal_name: self.text(FieldId::UserPrincipalName),
            password_profile: PasswordProfile {
                password: self.text(FieldId::Password),
                force_change_password_next_sign_in: self.checked(FieldId::ForceChangePassword),
            },
            given_name: self.optional(FieldId::GivenName),
            surname: self.optional(FieldId::Surname),
            job_title: self.optional(FieldId::JobTitle),
            department: self.optional(FieldId::Department),
            office_location: self.optional(FieldId::OfficeLocation),
            mobile_phone: self.optional(FieldId::MobilePhone),
            business_phones: self.optional(FieldId::BusinessPhone).into_iter().collect(),
            usage_location: self.optional(FieldId::UsageLocation),
            ..NewUser::default()
        }
    }

    /// Only the changed properties; a cleared text is sent as `null`, the phone as a list.
    fn patch(&self) -> UserPatch {
        let mut patch = UserPatch::default();
        for field in self.fields.iter().filter(|field| is_sent_change(field)) {
            let text = Some(sent_text(field)).filter(|t| !t.is_empty());
            let change = text.map_or(Change::Clear, Change::Set);
            match field.id {
                FieldId::DisplayName => patch.display_name = change,
                FieldId::GivenName => patch.given_name = change,
                FieldId::Surname => patch.surname = change,
                FieldId::MailNickname => patch.mail_nickname = change,
                FieldId::JobTitle => patch.job_title = change,
                FieldId::Department => patch.department = change,
                FieldId::OfficeLocation => patch.office_location = change,
                FieldId::MobilePhone => patch.mobile_phone = change,
                FieldId::BusinessPhone => patch.business_phone = change,
                FieldId::UsageLocation => patch.usage_location = change,
                FieldId::AccountEnabled => patch.account_enabled = Some(field.is_checked()),
                FieldId::UserPrincipalName => patch.user_principal_name = change,
                // Create-only: not on the edit form (FieldId::EDIT).
                FieldId::Password | FieldId::ForceChangePassword => {}
            }
        }
        patch
    }
}
