//! The reset password dialog's data: whom it names, the new password (generated or typed),
//! its two checkboxes, what it last had to say, and its request in flight.

use tui_input::Input;

use crate::graph::GraphError;

/// The longest password Entra takes; typing and pasting stop there.
pub const PASSWORD_MAX: usize = 256;

/// The user the dialog names.
pub use crate::screens::target::Target;

/// Where the password in the field comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Nothing yet: the generated one is on its way.
    Waiting,
    /// What the generator made, unchanged: typing replaces it, and it is shown once more
    /// after the reset.
    Generated,
    /// The admin's own: the rule it breaks is shown as it is typed.
    Typed,
}

/// Where the keys go, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The password field: printable keys are typed.
    Password,
    /// "Show the password".
    Show,
    /// "Require a new password at the next sign-in".
    ForceChange,
}

impl Focus {
    pub const ORDER: [Focus; 3] = [Focus::Password, Focus::Show, Focus::ForceChange];
}

/// The line under the fields, kept as what happened: the view words it.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    /// Enter with a password Entra would refuse: the rule it breaks.
    Invalid(String),
    /// Typing or a paste reached Entra's 256 characters; the rest was not taken.
    Capped,
    /// Graph refused the reset; kept until the next attempt so its request-id stays readable.
    Failed(GraphError),
}

/// "Reset this user's password?", with the new password in a field.
#[derive(Clone)]
pub struct ResetPassword {
    pub target: Target,
    /// The new password as it will be sent: spaces are part of it.
    pub input: Input,
    pub source: Source,
    /// The password is drawn in clear instead of as `•`: on for a generated one, off as soon
    /// as the admin types their own, and the admin's to switch.
    pub show: bool,
    /// `forceChangePasswordNextSignIn`: on unless the admin turns it off.
    pub force_change: bool,
    pub focus: Focus,
    pub message: Option<Message>,
}

/// Never prints the password, which `Debug` of the screen stack would otherwise show.
impl std::fmt::Debug for ResetPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResetPassword")
            .field("target", &self.target)
            .field("password", &"[redacted]")
            .field("source", &self.source)
            .field("show", &self.show)
            .field("force_change", &self.force_change)
            .field("focus", &self.focus)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl ResetPassword {
    /// The dialog for `target`, waiting for its generated password.
    pub fn new(target: Target) -> ResetPassword {
        ResetPassword {
            target,
            input: Input::default(),
            source: Source::Waiting,
            show: false,
            force_change: true,
            focus: Focus::Password,
            message: None,
        }
    }

    pub fn password(&self) -> &str {
        self.input.value()
    }

    pub fn is_generated(&self) -> bool {
        self.source == Source::Generated
    }
}

/// A reset in flight; the password itself stays in the dialog, never in the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub target: Target,
    /// The password was generated, so it is shown once after the reset.
    pub generated: bool,
    pub force_change: bool,
}
