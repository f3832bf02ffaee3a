//! The sign-in dialog's data: whom it names, what it asks, and its requests.

/// The user the dialog names.
pub use crate::screens::target::Target;

/// What the dialog asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// "Block sign-in?", and whether to revoke the sessions too (on unless turned off).
    Block { revoke: bool },
    /// "Unblock sign-in?"
    Unblock,
    /// "Revoke sessions?"
    Revoke,
}

/// "Block sign-in?", "Unblock sign-in?" or "Revoke sessions?" about one user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmSignIn {
    pub target: Target,
    pub ask: Ask,
}

/// A request in flight about a user's sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// `accountEnabled: false`; then the sessions are revoked if `revoke`.
    Block { target: Target, revoke: bool },
    /// `accountEnabled: true`.
    Unblock(Target),
    /// `revokeSignInSessions`, asked for on its own.
    Revoke(Target),
    /// `revokeSignInSessions` after a block that asked for it.
    RevokeAfterBlock(Target),
}

impl Request {
    pub fn target(&self) -> &Target {
        match self {
            Request::Block { target, .. }
            | Request::Unblock(target)
            | Request::Revoke(target)
            | Request::RevokeAfterBlock(target) => target,
        }
    }
}
