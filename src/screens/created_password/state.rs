//! The password shown once: after a create, or after a reset.

use secrecy::SecretString;

/// Why the password is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A new user's generated password.
    Created,
    /// A generated password the user was just given; whether it must change it at its next
    /// sign-in.
    Reset { force_change: bool },
}

#[derive(Clone, Debug)]
pub struct CreatedPassword {
    pub upn: String,
    pub password: SecretString,
    pub reason: Reason,
}

impl CreatedPassword {
    /// The popup's title, and its help's.
    pub fn title(&self) -> &'static str {
        match self.reason {
            Reason::Created => "User created",
            Reason::Reset { .. } => "Password reset",
        }
    }
}
