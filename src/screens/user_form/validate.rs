//! Graph's rules for the user properties the form edits
//! (<https://learn.microsoft.com/en-us/graph/api/user-post-users>,
//! <https://learn.microsoft.com/en-us/graph/api/user-update>), checked as the admin
//! types so a bad value is explained beside its field instead of by a 400 after saving.

use super::field::{Field, FieldId};
use crate::password;

/// Microsoft's username policy: the UPN is at most 113 characters, at most 64 of them before
/// the `@`.
const UPN_MAX: usize = 113;
const UPN_ALIAS_MAX: usize = 64;
const UPN_ALIAS_SYMBOLS: &str = "'.-_!#^~";
const NICKNAME_MAX: usize = 64;
const NICKNAME_FORBIDDEN: &str = "@()\\[]\";:<>, ";

/// Why `field`'s current value would be refused, or `None` if it is fine.
pub fn problem(field: &Field) -> Option<String> {
    if field.id.is_checkbox() {
        return None;
    }
    // Passwords are sent as typed: leading and trailing spaces are part of them.
    let value = match field.id {
        FieldId::Password => field.text_value(),
        _ => field.text_value().trim(),
    };
    if value.is_empty() {
        return match field.id {
            FieldId::UsageLocation if !field.initial_text().is_empty() => {
                Some("can't be cleared once set".to_owned())
            }
            _ if field.required => Some("required".to_owned()),
            _ => None,
        };
    }
    match field.id {
        FieldId::DisplayName => too_long(value, 256),
        FieldId::GivenName | FieldId::Surname | FieldId::Department => too_long(value, 64),
        FieldId::JobTitle => too_long(value, 128),
        FieldId::MobilePhone | FieldId::BusinessPhone => too_long(value, 64),
        FieldId::UserPrincipalName => upn_problem(value),
        FieldId::MailNickname => nickname_problem(value),
        FieldId::UsageLocation => usage_location_problem(value),
        FieldId::Password => password_problem(value),
        FieldId::OfficeLocation | FieldId::ForceChangePassword | FieldId::AccountEnabled => None,
    }
}

/// Why Entra would refuse `password` as a user's password, or `None`: Entra's cloud password
/// policy (`password::complexity_problem`). The form's password field and the reset password
/// dialog both check it as the admin types; passwords are taken as typed, spaces included.
pub fn password_problem(password: &str) -> Option<String> {
    if password.is_empty() {
        return Some("required".to_owned());
    }
    password::complexity_problem(password).map(str::to_owned)
}

fn too_long(value: &str, max: usize) -> Option<String> {
    let length = value.chars().count();
    (length > max).then(|| format!("too long: {length}/{max} characters"))
}

/// `alias@domain`, with the alias limited to the characters Entra allows in usernames.
pub fn upn_problem(upn: &str) -> Option<String> {
    let Some((alias, domain)) = upn.split_once('@') else {
        return Some("must look like alias@domain".to_owned());
    };
    if domain.contains('@') {
        return Some("only one @ allowed".to_owned());
    }
    if alias.is_empty() {
        return Some("the part before @ is required".to_owned());
    }
    if let Some(c) = alias
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || UPN_ALIAS_SYMBOLS.contains(c)))
    {
        return Some(format!("{} not allowed before @", quoted(c)));
    }
    if alias.starts_with('.') || alias.ends_with('.') {
        return Some("no . at the start or just before @".to_owned());
    }
    if alias.chars().count() > UPN_ALIAS_MAX {
        return Some(format!("at most {UPN_ALIAS_MAX} characters before @"));
    }
    if let Some(problem) = domain_problem(domain) {
        return Some(problem);
    }
    let length = upn.chars().count();
    (length > UPN_MAX).then(|| format!("too long: {length}/{UPN_MAX} characters"))
}

fn domain_problem(domain: &str) -> Option<String> {
    if domain.is_empty() {
        return Some("the domain after @ is required".to_owned());
    }
    if let Some(c) = domain
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
    {
        return Some(format!("{} not allowed in the domain", quoted(c)));
    }
    let well_formed = domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && !domain.contains("..");
    (!well_formed).then(|| "the domain must look like contoso.com".to_owned())
}

/// ASCII without `@ ( ) \ [ ] " ; : < > ,` and spaces, at most 64 characters.
pub fn nickname_problem(nickname: &str) -> Option<String> {
    if let Some(c) = nickname
        .chars()
        .find(|&c| !c.is_ascii_graphic() || NICKNAME_FORBIDDEN.contains(c))
    {
        return Some(format!("{} not allowed", quoted(c)));
    }
    too_long(nickname, NICKNAME_MAX)
}

/// An ISO 3166 alpha-2 code such as `US`; only its shape can be checked here.
pub fn usage_location_problem(code: &str) -> Option<String> {
    let two_letters = code.len() == 2 && code.chars().all(|c| c.is_ascii_alphabetic());
    (!two_letters).then(|| "two letters, e.g. US, GB, JP".to_owned())
}

/// The mail nickname Graph would get from a UPN: its alias with the characters a nickname may
/// not contain dropped, cut to the nickname limit.
pub fn nickname_from_upn(upn: &str) -> String {
    let alias = upn.split('@').next().unwrap_or_default();
    alias
        .chars()
        .filter(|&c| c.is_ascii_graphic() && !NICKNAME_FORBIDDEN.contains(c))
        .take(NICKNAME_MAX)
        .collect()
}

/// A character named so that a space or an accent is visible in the message.
fn quoted(c: char) -> String {
    match c {
        ' ' => "space".to_owned(),
        c if c.is_control() => format!("U+{:04X}", u32::from(c)),
        c => format!("'{c}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(id: FieldId, initial: &str, value: &str, required: bool) -> Option<String> {
        let mut field = Field::text(id, initial, required);
        field.set_text(value.to_owned());
        problem(&field)
    }

    #[test]
    fn required_fields_must_not_be_blank() {
        assert_eq!(
            text(FieldId::DisplayName, "", "  ", true).as_deref(),
            Some("required")
        );
        assert_eq!(text(FieldId::JobTitle, "", "", false), None);
        assert_eq!(text(FieldId::DisplayName, "", " Ada ", true), None);
    }

    #[test]
    fn length_limits_count_characters_not_bytes() {
        let ok = "é".repeat(64);
        assert_eq!(text(FieldId::GivenName, "", &ok, false), None);
        let long = "é".repeat(65);
        assert!(
            text(FieldId::GivenName, "", &long, false)
                .unwrap()
                .contains("65/64")
        );
        assert!(text(FieldId::DisplayName, "", &"x".repeat(257), true).is_some());
        assert_eq!(text(FieldId::DisplayName, "", &"x".repeat(256), true), None);
        assert!(text(FieldId::MobilePhone, "", &"1".repeat(65), false).is_some());
    }

    #[test]
    fn upn_rules() {
        assert_eq!(upn_problem("ada.lovelace@contoso.com"), None);
        assert_eq!(upn_problem("o'neil-x_y!#^~@sub.contoso.com"), None);
        assert!(upn_problem("ada").unwrap().contains("alias@domain"));
        assert!(upn_problem("a@b@contoso.com").unwrap().contains("one @"));
        assert!(upn_problem("@contoso.com").unwrap().contains("before @"));
        assert!(upn_problem("josé@contoso.com").unwrap().contains("'é'"));
        assert!(upn_problem("a b@contoso.com").unwrap().contains("space"));
        assert!(upn_problem(".ada@contoso.com").is_some());
        assert!(upn_problem("ada.@contoso.com").is_some());
        assert!(upn_problem("ada@").unwrap().contains("domain"));
        assert!(upn_problem("ada@contoso").unwrap().contains("contoso.com"));
        assert!(upn_problem("ada@contöso.com").unwrap().contains("'ö'"));
        let alias = "a".repeat(64);
        assert_eq!(upn_problem(&format!("{alias}@contoso.com")), None);
        assert!(upn_problem(&format!("{alias}a@contoso.com")).is_some());
        let domain = format!("{}.com", "d".repeat(60));
        assert!(
            upn_problem(&format!("{alias}@{domain}"))
                .unwrap()
                .contains("113")
        );
    }

    #[test]
    fn nickname_rules() {
        assert_eq!(nickname_problem("AdaL"), None);
        for bad in [
            "a@b", "a b", "a,b", "a;b", "a(b", "a[b", "a\"b", "a<b", "a\\b", "é",
        ] {
            assert!(nickname_problem(bad).is_some(), "{bad}");
        }
        assert!(nickname_problem(&"n".repeat(65)).is_some());
    }

    #[test]
    fn usage_location_rules() {
        assert_eq!(text(FieldId::UsageLocation, "", "US", false), None);
        assert!(text(FieldId::UsageLocation, "", "USA", false).is_some());
        assert!(text(FieldId::UsageLocation, "", "U1", false).is_some());
        assert!(text(FieldId::UsageLocation, "", "ÜS", false).is_some());
        // Empty is fine when it was empty (create, or an edit of a user without one)…
        assert_eq!(text(FieldId::UsageLocation, "", "", false), None);
        // …but Graph does not let an edit clear it.
        assert!(text(FieldId::UsageLocation, "GB", "", false).is_some());
    }

    #[test]
    fn password_uses_the_policy_and_is_not_trimmed() {
        assert!(text(FieldId::Password, "", "short", true).is_some());
        assert_eq!(text(FieldId::Password, "", "Abcdef1!", true), None);
        assert!(
            text(FieldId::Password, "", "", true)
                .unwrap()
                .contains("required")
        );
    }

    #[test]
    fn nickname_follows_the_upn_alias() {
        assert_eq!(
            nickname_from_upn("ada.lovelace@contoso.com"),
            "ada.lovelace"
        );
        assert_eq!(nickname_from_upn("@contoso.com"), "");
        assert_eq!(nickname_from_upn("josé x@contoso.com"), "josx");
        assert_eq!(nickname_from_upn(&"a".repeat(80)).len(), 64);
    }
}
