//! The user a dialog names and acts on (block, revoke sessions, reset password): enough to say
//! who, and to send the request. Data only.

use crate::graph::{User, UserId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub id: UserId,
    pub label: String,
    pub upn: String,
}

impl Target {
    pub fn of(user: &User) -> Target {
        Target {
            id: user.id.clone(),
            label: user.label().to_owned(),
            upn: user.upn().to_owned(),
        }
    }
}
