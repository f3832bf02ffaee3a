//! The password shown once after a create.

use secrecy::SecretString;

#[derive(Clone, Debug)]
pub struct CreatedPassword {
    pub upn: String,
    pub password: SecretString,
}
