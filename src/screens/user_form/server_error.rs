//! A failed save: back to editing with everything kept, Graph's line in the message area, and
//! — when Graph says which property it refused — a short reason beside that field, focused.

use super::field::FieldId;
use super::state::{Message, Stage, UserForm};
use crate::graph::GraphError;

impl UserForm {
    pub fn set_error(&mut self, error: &GraphError) {
        self.stage = Stage::Editing;
        self.message = Some(Message::Failed(error.clone()));
        let Some((id, reason)) = field_problem(error) else {
            return;
        };
        if let Some(index) = self.index_of(id) {
            self.fields[index].server_error = Some(reason);
            self.focus = index;
        }
    }
}

/// The field Graph's error is about and why, from `error.details[].target` first, else from a
/// property name or the password policy named in the message.
fn field_problem(error: &GraphError) -> Option<(FieldId, String)> {
    let (message, details) = match error {
        GraphError::Api(api) => (api.message.as_str(), api.details.as_slice()),
        _ => return None,
    };
    let lower = message.to_ascii_lowercase();
    for (code, target) in details {
        if let Some(id) = target.as_deref().and_then(FieldId::from_graph_name) {
            return Some((id, reason(Some(code), &lower)));
        }
    }
    if lower.contains("password complexity") || lower.contains("password does not") {
        return Some((FieldId::Password, reason(None, &lower)));
    }
    let id = message
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find_map(FieldId::from_graph_name)?;
    Some((id, reason(None, &lower)))
}

/// A few words for beside the field; the full message is in the message area.
fn reason(code: Option<&str>, message: &str) -> String {
    let reason = if code == Some("ObjectConflict") || message.contains("already exists") {
        "already in use: choose another"
    } else if message.contains("domain portion") {
        "not a verified domain of this tenant: choose one"
    } else if message.contains("userprincipalname") && message.contains("invalid") {
        "not accepted as a sign-in name (see below)"
    } else if message.contains("password complexity") {
        "too weak for the tenant's password policy"
    } else if message.contains("required") {
        "required"
    } else {
        "refused by Graph (see below)"
    };
    reason.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::ApiError;

    fn api(message: &str, details: &[(&str, Option<&str>)]) -> GraphError {
        GraphError::Api(Box::new(ApiError {
            status: 400,
            code: "Request_BadRequest".into(),
            message: message.into(),
            request_id: Some("r-1".into()),
            date: None,
            details: details
                .iter()
                .map(|(c, t)| ((*c).to_owned(), t.map(str::to_owned)))
                .collect(),
        }))
    }

    #[test]
    fn details_target_wins() {
        let e = api(
            "Another object with the same value for property userPrincipalName already exists.",
            &[("ObjectConflict", Some("userPrincipalName"))],
        );
        let (id, why) = field_problem(&e).unwrap();
        assert_eq!(id, FieldId::UserPrincipalName);
        assert!(why.contains("already in use"));
    }

    #[test]
    fn property_named_in_message() {
        let e = api(
            "Invalid value specified for property 'mailNickname' of resource 'User'.",
            &[],
        );
        assert_eq!(field_problem(&e).unwrap().0, FieldId::MailNickname);
        let e = api(
            "The domain portion of the userPrincipalName property is invalid. You must use one of \
             the verified domain names in your organization.",
            &[("InvalidValue", None)],
        );
        let (id, why) = field_problem(&e).unwrap();
        assert_eq!(id, FieldId::UserPrincipalName);
        assert!(why.contains("verified domain"));
    }

    #[test]
    fn password_complexity() {
        let e = api(
            "The specified password does not comply with password complexity requirements. \
             Please provide a different password.",
            &[],
        );
        assert_eq!(field_problem(&e).unwrap().0, FieldId::Password);
    }

    #[test]
    fn unrelated_errors_name_no_field() {
        let e = api("Insufficient privileges to complete the operation.", &[]);
        assert_eq!(field_problem(&e), None);
        assert_eq!(field_problem(&GraphError::NotConfigured), None);
    }
}
