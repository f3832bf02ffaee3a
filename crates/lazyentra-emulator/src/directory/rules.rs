//! The directory's value rules: userPrincipalName, mailNickname, mail, language tags and the
//! cloud password policy.

use crate::directory::schema::Prop;
use crate::directory::store::Store;
use crate::directory::user::{Cell, User};
use crate::http::errors::ApiError;

/// The canonical spelling of `text` among `allowed` (matched ignoring case).
pub(super) fn one_of(text: Option<&str>, allowed: &[&str]) -> Option<Cell> {
    let text = text?;
    allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(text))
        .map(|a| Cell::str(a))
}

/// userPrincipalName: `alias@verified-domain`, allowed characters only, unique.
pub(super) fn check_upn(store: &Store, upn: &str, own_seq: Option<u64>) -> Result<(), ApiError> {
    let invalid = || ApiError::invalid_value("userPrincipalName");
    let (alias, domain) = upn.rsplit_once('@').ok_or_else(invalid)?;
    let alias_ok = !alias.is_empty()
        && alias.chars().count() <= 64
        && !alias.starts_with('.')
        && !alias.ends_with('.')
        && !alias.contains("..")
        && alias
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "'.-_!#^~$".contains(c));
    if !alias_ok || domain.is_empty() {
        return Err(invalid());
    }
    if !store
        .tenant()
        .verified_domains
        .iter()
        .any(|d| d.eq_ignore_ascii_case(domain))
    {
        return Err(ApiError::bad_request(
            "The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.",
        )
        .detail("InvalidValue", "userPrincipalName"));
    }
    match store.upn_owner(upn) {
        Some(owner) if Some(owner) != own_seq => Err(ApiError::conflict("userPrincipalName")),
        _ => Ok(()),
    }
}

/// mailNickname: printable ASCII without `@ ( ) \ [ ] " ; : < > ,` or spaces.
pub(super) fn valid_nickname(nick: &str) -> bool {
    !nick.starts_with('.')
        && !nick.ends_with('.')
        && nick
            .chars()
            .all(|c| c.is_ascii_graphic() && !"@()\\[]\";:<>,".contains(c))
}

pub(super) fn valid_mail(mail: &str) -> bool {
    let Some((local, domain)) = mail.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !mail.chars().any(char::is_whitespace)
        && !local.contains('@')
}

/// ISO 639-1 language with optional subtags: `en`, `en-US`, `zh-Hant-TW`.
pub(super) fn valid_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    lang_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Entra's cloud password policy: 8–256 characters from the allowed set, three of the four
/// classes (lower, upper, digit, symbol); waived by `DisableStrongPassword`.
pub(super) fn check_password(password: &str, user: &User) -> Result<(), ApiError> {
    let strong_disabled = user
        .text(Prop::PasswordPolicies)
        .is_some_and(|p| p.to_ascii_lowercase().contains("disablestrongpassword"));
    let len = password.chars().count();
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password
            .chars()
            .any(|c| c.is_ascii_punctuation() || c == ' '),
    ]
    .iter()
    .filter(|present| **present)
    .count();
    let allowed = password.chars().all(|c| c == ' ' || c.is_ascii_graphic());
    let ok = (8..=256).contains(&len) && allowed && (strong_disabled || classes >= 3);
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            "The specified password does not comply with password complexity requirements. Please provide a different password.",
        )
        .detail("InvalidValue", "passwordProfile"))
    }
}
