//! What the user meant by a key press: the names the keymap binds keys to, the contexts they
//! mean something in, and what they do there (for the help popup and the hints).

use std::fmt;

/// A user intent. The keymap turns key presses into these; the screens act on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Help,
    Back,
    Quit,
    Connect,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Open,
    Search,
    New,
    Edit,
    Delete,
    Refresh,
    /// Pull every remaining page of the list, back to back.
    LoadAll,
    /// Sort the loaded rows by the next column.
    Sort,
    /// Reverse the sort.
    ReverseSort,
    Disconnect,
    Confirm,
    Cancel,
    /// Enter in a form, a review or the search box: go on / accept.
    Submit,
    NextField,
    PrevField,
    Save,
    Toggle,
    GeneratePassword,
    /// The error history.
    Errors,
    /// The soft-deleted users, restorable for 30 days.
    DeletedUsers,
    /// Bring a deleted user back.
    Restore,
    /// Delete a deleted user for good.
    Purge,
    /// Block the selected user's sign-in, or unblock it when it is blocked.
    Block,
    /// Sign the selected user out everywhere: its refresh tokens and session cookies stop
    /// working.
    RevokeSessions,
    /// Pick the user's manager from a search over the tenant's users.
    SetManager,
    /// Remove the user's manager, after a confirmation naming both.
    ClearManager,
    /// In the form: choose the UPN's domain from the tenant's verified domains.
    ChooseDomain,
}

/// Where a key is pressed: each context has its own bindings, so one key may mean different
/// things in different places (`n` is "new user" on the list and "no" in the delete dialog).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Connect,
    List,
    /// The list's search box has focus: printable keys are typed.
    Search,
    Detail,
    /// The create/edit form while editing: printable keys go to the focused text field.
    Form,
    /// The form's "is this what you want to send?" step.
    FormReview,
    /// The form's "discard changes?" question.
    FormDiscard,
    ConfirmDelete,
    /// The generated password of a new user, shown once.
    Password,
    /// The error history.
    Errors,
    /// The deleted users screen (its search box is `Search`).
    Deleted,
    /// "Restore this user?"
    ConfirmRestore,
    /// "Delete this user for good?": the UPN or name is typed to confirm.
    ConfirmPurge,
    /// "Block sign-in?", "Unblock sign-in?" or "Revoke sessions?"
    ConfirmSignIn,
    /// The manager picker: printable keys go to its search box.
    PickManager,
    /// "Remove the manager?"
    ConfirmManager,
    /// The form's list of domains for the UPN.
    FormDomain,
}

impl Context {
    /// Printable keys are text here, so only keys with Ctrl/Alt and non-character keys act.
    pub fn is_typing(self) -> bool {
        matches!(
            self,
            Context::Search | Context::Form | Context::ConfirmPurge | Context::PickManager
        )
    }
}

impl Action {
    pub const ALL: [Action; 37] = [
        Action::Help,
        Action::Back,
        Action::Quit,
        Action::Connect,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::First,
        Action::Last,
        Action::Open,
        Action::Search,
        Action::New,
        Action::Edit,
        Action::Delete,
        Action::Refresh,
        Action::LoadAll,
        Action::Sort,
        Action::ReverseSort,
        Action::Disconnect,
        Action::Confirm,
        Action::Cancel,
        Action::Submit,
        Action::NextField,
        Action::PrevField,
        Action::Save,
        Action::Toggle,
        Action::GeneratePassword,
        Action::Errors,
        Action::DeletedUsers,
        Action::Restore,
        Action::Purge,
        Action::Block,
        Action::RevokeSessions,
        Action::SetManager,
        Action::ClearManager,
        Action::ChooseDomain,
    ];

    /// The name used in the config file's `[keys]` table.
    pub fn name(self) -> &'static str {
        match self {
            Action::Help => "help",
            Action::Back => "back",
            Action::Quit => "quit",
            Action::Connect => "connect",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::First => "first",
            Action::Last => "last",
            Action::Open => "open",
            Action::Search => "search",
            Action::New => "new",
            Action::Edit => "edit",
            Action::Delete => "delete",
            Action::Refresh => "refresh",
            Action::LoadAll => "load_all",
            Action::Sort => "sort",
            Action::ReverseSort => "reverse_sort",
            Action::Disconnect => "disconnect",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
            Action::Submit => "submit",
            Action::NextField => "next_field",
            Action::PrevField => "previous_field",
            Action::Save => "save",
            Action::Toggle => "toggle",
            Action::GeneratePassword => "generate_password",
            Action::Errors => "errors",
            Action::DeletedUsers => "deleted_users",
            Action::Restore => "restore",
            Action::Purge => "purge",
            Action::Block => "block",
            Action::RevokeSessions => "revoke_sessions",
            Action::SetManager => "set_manager",
            Action::ClearManager => "clear_manager",
            Action::ChooseDomain => "choose_domain",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// What the action does in `context`, for the help popup.
    pub fn describe(self, context: Context) -> &'static str {
        use Context as C;
        match (self, context) {
            (Action::Up, C::Detail) => "scroll up",
            (Action::Down, C::Detail) => "scroll down",
            (Action::First, C::Detail) => "top",
            (Action::Last, C::Detail) => "bottom",
            (Action::Back, C::Detail) => "back to the list",
            (Action::Refresh, C::Detail) => "reload this user",
            (Action::Back, C::Connect) => "cancel signing in",
            (Action::Back, C::List) => "stop loading, or clear the filter",
            (Action::Up | Action::Down, C::Search) => "move in the table",
            (Action::PageUp | Action::PageDown, C::Search) => "page in the table",
            (Action::Submit, C::Search) => "keep the filter, back to the table",
            (Action::Back, C::Search) => "clear the filter",
            (Action::Submit, C::Form) => "next field; saves on the last",
            (Action::Back, C::Form) => "leave (asks first if anything changed)",
            (Action::Submit, C::FormReview) => "send it to Graph",
            (Action::Back, C::FormReview) => "back to editing",
            (Action::Confirm, C::FormDiscard) => "discard changes",
            (Action::Cancel | Action::Back, C::FormDiscard) => "keep editing",
            (Action::Back, C::ConfirmDelete) => "keep the user (cancels a delete in flight)",
            (Action::Submit | Action::Back, C::Password) => "dismiss",
            (Action::Up, C::Errors) => "newer error",
            (Action::Down, C::Errors) => "older error",
            (Action::First, C::Errors) => "newest",
            (Action::Last, C::Errors) => "oldest",
            (Action::Back, C::Errors) => "back",
            (Action::First, C::Deleted) => "first deleted user",
            (Action::Last, C::Deleted) => "last loaded deleted user",
            (Action::Search, C::Deleted) => "search deleted users",
            (Action::Refresh, C::Deleted) => "refresh",
            (Action::Back, C::Deleted) => "clear the search; else back",
            (Action::Confirm | Action::Submit, C::ConfirmRestore) => "yes, restore",
            (Action::Cancel, C::ConfirmRestore) => "no, leave it deleted",
            (Action::Back, C::ConfirmRestore) => "leave it deleted (cancels a restore in flight)",
            (Action::Submit, C::ConfirmPurge) => "delete for good (once the text matches)",
            (Action::Back, C::ConfirmPurge) => "keep it (cancels a delete in flight)",
            (Action::Confirm | Action::Submit, C::ConfirmSignIn) => "yes, go ahead",
            (Action::Cancel, C::ConfirmSignIn) => "no, leave it as it is",
            (Action::Back, C::ConfirmSignIn) => "leave it as it is (cancels a request in flight)",
            (Action::Toggle, C::ConfirmSignIn) => "also revoke its sessions: on/off",
            (Action::Up | Action::Down, C::PickManager) => "move in the results",
            (Action::PageUp | Action::PageDown, C::PickManager) => "page in the results",
            (Action::Submit, C::PickManager) => "make the selected user the manager",
            (Action::Back, C::PickManager) => "close, leaving the manager as it is",
            (Action::Confirm | Action::Submit, C::ConfirmManager) => "yes, remove the manager",
            (Action::Cancel, C::ConfirmManager) => "no, keep the manager",
            (Action::Back, C::ConfirmManager) => "keep the manager (cancels a request in flight)",
            (Action::Up, C::FormDomain) => "previous domain",
            (Action::Down, C::FormDomain) => "next domain",
            (Action::Submit, C::FormDomain) => "use this domain",
            (Action::Back, C::FormDomain) => "back to the form, domain unchanged",
            (Action::Help, _) => "show the keys for this screen",
            (Action::Quit, _) => "quit",
            (Action::Connect, _) => "connect to the tenant",
            (Action::Up, _) => "move up",
            (Action::Down, _) => "move down",
            (Action::PageUp, _) => "page up",
            (Action::PageDown, _) => "page down",
            (Action::First, _) => "first user",
            (Action::Last, _) => "last loaded user",
            (Action::Open, _) => "open the user's details",
            (Action::Search, _) => "filter users (Graph too if not all loaded)",
            (Action::New, _) => "new user",
            (Action::Edit, _) => "edit user",
            (Action::Delete, _) => "delete user",
            (Action::Refresh, _) => "refresh",
            (Action::LoadAll, _) => "load every remaining page (Esc stops)",
            (Action::Sort, _) => "sort by the next column",
            (Action::ReverseSort, _) => "reverse the sort",
            (Action::Disconnect, _) => "disconnect",
            (Action::Confirm, _) => "yes, delete",
            (Action::Cancel, _) => "no, keep the user",
            (Action::Submit, _) => "accept",
            (Action::NextField, _) => "next field",
            (Action::PrevField, _) => "previous field",
            (Action::Save, _) => "review and save",
            (Action::Toggle, _) => "toggle a checkbox",
            (Action::GeneratePassword, _) => "generate a strong password",
            (Action::Errors, _) => "errors this session, with request-ids",
            (Action::DeletedUsers, _) => "deleted users (restore within 30 days)",
            (Action::Restore, _) => "restore the selected user",
            (Action::Purge, _) => "delete the selected user for good",
            (Action::Block, _) => "block sign-in, or unblock it (asks first)",
            (Action::RevokeSessions, _) => "revoke sessions: sign out everywhere (asks first)",
            (Action::SetManager, _) => "set the manager: search users and pick one",
            (Action::ClearManager, _) => "remove the manager (asks first)",
            (Action::ChooseDomain, _) => "choose the UPN's domain (the tenant's verified ones)",
        }
    }

    /// The contexts this action is offered in.
    pub fn contexts(self) -> &'static [Context] {
        use Context::{
            ConfirmDelete, ConfirmManager, ConfirmPurge, ConfirmRestore, ConfirmSignIn, Connect,
            Deleted, Detail, Errors, Form, FormDiscard, FormDomain, FormReview, List, Password,
            PickManager, Search,
        };
        match self {
            Action::Help => &[Connect, List, Detail, Form, Errors, Deleted],
            Action::Quit => &[Connect, List, Detail, Errors, Deleted],
            Action::Errors => &[Connect, List, Detail, Deleted],
            Action::Back => &[
                Connect,
                List,
                Search,
                Detail,
                Form,
                FormReview,
                FormDiscard,
                ConfirmDelete,
                Password,
                Errors,
                Deleted,
                ConfirmRestore,
                ConfirmPurge,
                ConfirmSignIn,
                PickManager,
                ConfirmManager,
                FormDomain,
            ],
            Action::Connect => &[Connect],
            Action::Up | Action::Down => &[
                List,
                Search,
                Detail,
                Errors,
                Deleted,
                PickManager,
                FormDomain,
            ],
            Action::PageUp | Action::PageDown => {
                &[List, Search, Detail, Errors, Deleted, PickManager]
            }
            Action::First | Action::Last => &[List, Detail, Errors, Deleted],
            Action::Search => &[List, Deleted],
            Action::Open | Action::New | Action::LoadAll | Action::Sort | Action::ReverseSort => {
                &[List]
            }
            Action::Edit
            | Action::Delete
            | Action::DeletedUsers
            | Action::Block
            | Action::RevokeSessions => &[List, Detail],
            Action::Refresh | Action::Disconnect => &[List, Detail, Deleted],
            Action::SetManager | Action::ClearManager => &[Detail],
            Action::ChooseDomain => &[Form],
            Action::Restore | Action::Purge => &[Deleted],
            Action::Confirm | Action::Cancel => &[
                ConfirmDelete,
                FormDiscard,
                ConfirmRestore,
                ConfirmSignIn,
                ConfirmManager,
            ],
            Action::Submit => &[
                Search,
                Form,
                FormReview,
                Password,
                ConfirmRestore,
                ConfirmPurge,
                ConfirmSignIn,
                PickManager,
                ConfirmManager,
                FormDomain,
            ],
            Action::Toggle => &[Form, ConfirmSignIn],
            Action::NextField | Action::PrevField | Action::Save | Action::GeneratePassword => {
                &[Form]
            }
        }
    }

    /// A write to the directory: disabled in read-only mode or without the permission.
    pub fn is_write(self) -> bool {
        matches!(
            self,
            Action::New
                | Action::Edit
                | Action::Delete
                | Action::Restore
                | Action::Purge
                | Action::Block
                | Action::RevokeSessions
                | Action::SetManager
                | Action::ClearManager
        )
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
