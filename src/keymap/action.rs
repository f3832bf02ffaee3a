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
    /// Write the rows the list shows to a CSV or JSON file.
    Export,
    Disconnect,
    /// Switch the session to another profile (a picker).
    SwitchProfile,
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
    /// The `:` command prompt.
    Command,
    /// Take back the last edit, delete, block or unblock (after a review).
    Undo,
    /// The tenant overview: charts of the loaded users.
    Overview,
    /// Give the selected user a new password: generated, or typed.
    ResetPassword,
    /// Add a connection profile (connect screen).
    AddProfile,
    /// Edit the selected connection profile.
    EditProfile,
    /// Remove the selected connection profile (asks first).
    RemoveProfile,
    /// The detail: move the cursor to the next section's heading.
    NextSection,
    /// The detail: move the cursor to the previous section's heading.
    PrevSection,
    /// Pick the user's manager from a search over the tenant's users.
    SetManager,
    /// Remove the user's manager, after a confirmation naming both.
    ClearManager,
    /// In the form: choose the UPN's domain from the tenant's verified domains.
    ChooseDomain,
    /// Mark or unmark the selected user and move down: the write keys act on every marked
    /// user.
    Mark,
    /// Mark every user shown (the filtered view), or unmark them if all are marked.
    MarkAll,
    /// Create users from a bulk-create CSV file: asks for its path, checks every row, then
    /// asks before creating.
    Import,
    /// The column chooser: which columns the list shows, in which order, how wide.
    Columns,
    /// The column chooser: move the column under the cursor up (left in the table).
    MoveUp,
    /// The column chooser: move it down (right in the table).
    MoveDown,
    /// The column chooser: a wider column.
    Wider,
    /// The column chooser: a narrower column.
    Narrower,
    /// The column chooser: the column's width adapts again.
    AutoWidth,
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
    /// The `:` command prompt: printable keys are typed.
    Command,
    /// The tenant overview.
    Overview,
    /// The reset password dialog: its password field is typed into; on its checkboxes the
    /// dialog's keys act.
    ResetPassword,
    /// "Remove this profile?", offering to delete its saved secret too.
    ConfirmProfile,
    /// The export dialog: the file's path is typed.
    ExportPrompt,
    /// The manager picker: printable keys go to its search box.
    PickManager,
    /// "Remove the manager?"
    ConfirmManager,
    /// "Clear the marks?"
    ConfirmMarks,
    /// The review of a bulk action on the marked users.
    BulkReview,
    /// The review of a bulk delete or purge: the count is typed to confirm.
    BulkTyped,
    /// The form of a bulk edit: printable keys go to the focused field.
    BulkForm,
    /// The form's list of domains for the UPN.
    FormDomain,
    /// The import dialog's path field: the file's path is typed.
    ImportPrompt,
    /// The import review: which rows will be created, which are refused and why.
    ImportReview,
    /// The column chooser over the list.
    Columns,
    /// A bulk job under way: its progress.
    BulkProgress,
    /// What a bulk job did: the failures, with Graph's errors.
    BulkSummary,
}

impl Context {
    /// Printable keys are text here, so only keys with Ctrl/Alt and non-character keys act.
    pub fn is_typing(self) -> bool {
        matches!(
            self,
            Context::Search
                | Context::Form
                | Context::ConfirmPurge
                | Context::Command
                | Context::ResetPassword
                | Context::ExportPrompt
                | Context::PickManager
                | Context::BulkTyped
                | Context::BulkForm
                | Context::ImportPrompt
        )
    }
}

impl Action {
    pub const ALL: [Action; 57] = [
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
        Action::Export,
        Action::Disconnect,
        Action::SwitchProfile,
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
        Action::Command,
        Action::Undo,
        Action::Overview,
        Action::ResetPassword,
        Action::AddProfile,
        Action::EditProfile,
        Action::RemoveProfile,
        Action::NextSection,
        Action::PrevSection,
        Action::SetManager,
        Action::ClearManager,
        Action::ChooseDomain,
        Action::Mark,
        Action::MarkAll,
        Action::Import,
        Action::Columns,
        Action::MoveUp,
        Action::MoveDown,
        Action::Wider,
        Action::Narrower,
        Action::AutoWidth,
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
            Action::Export => "export",
            Action::Disconnect => "disconnect",
            Action::SwitchProfile => "switch_profile",
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
            Action::Command => "command",
            Action::Undo => "undo",
            Action::Overview => "overview",
            Action::ResetPassword => "reset_password",
            Action::AddProfile => "add_profile",
            Action::EditProfile => "edit_profile",
            Action::RemoveProfile => "remove_profile",
            Action::NextSection => "next_section",
            Action::PrevSection => "previous_section",
            Action::SetManager => "set_manager",
            Action::ClearManager => "clear_manager",
            Action::ChooseDomain => "choose_domain",
            Action::Mark => "mark",
            Action::MarkAll => "mark_all",
            Action::Import => "import",
            Action::Columns => "columns",
            Action::MoveUp => "move_up",
            Action::MoveDown => "move_down",
            Action::Wider => "wider",
            Action::Narrower => "narrower",
            Action::AutoWidth => "auto_width",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// What the action does in `context`, for the help popup.
    pub fn describe(self, context: Context) -> &'static str {
        self.describe_in(context)
            .unwrap_or_else(|| self.describe_anywhere())
    }

    /// What the action does in `context` when that differs from what it does elsewhere.
    #[expect(
        clippy::too_many_lines,
        reason = "one table of what each key means where it differs; split, it would hide it"
    )]
    fn describe_in(self, context: Context) -> Option<&'static str> {
        use Context as C;
        let what = match (self, context) {
            (Action::Up, C::Detail) => "previous row",
            (Action::Down, C::Detail) => "next row",
            (Action::First, C::Detail) => "top",
            (Action::Last, C::Detail) => "bottom",
            (Action::Open, C::Detail) => "open the manager or report under the cursor",
            (Action::Back, C::Detail) => "back (to the list, or the detail before)",
            (Action::Refresh, C::Detail) => "reload this user and its relations",
            (Action::Back, C::Connect) => "cancel signing in, or clear the filter",
            (Action::Up, C::Connect) => "previous profile",
            (Action::Down, C::Connect) => "next profile",
            (Action::First, C::Connect) => "first profile",
            (Action::Last, C::Connect) => "last profile",
            (Action::Search, C::Connect) => "filter the profiles",
            (Action::Confirm | Action::Submit, C::ConfirmProfile) => "yes, remove it",
            (Action::Cancel, C::ConfirmProfile) => "no, keep it",
            (Action::Back, C::ConfirmProfile) => "keep it",
            (Action::Toggle, C::ConfirmProfile) => "also delete its saved secret: on/off",
            (Action::Back, C::List) => "stop loading, clear the filter, or clear the marks (asks)",
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
            (Action::Submit, C::ConfirmDelete) => "yes, delete",
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
            (Action::Back, C::Deleted) => "clear the search, or the marks (asks); else back",
            (Action::Confirm | Action::Submit, C::ConfirmRestore) => "yes, restore",
            (Action::Cancel, C::ConfirmRestore) => "no, leave it deleted",
            (Action::Back, C::ConfirmRestore) => "leave it deleted (cancels a restore in flight)",
            (Action::Submit, C::ConfirmPurge) => "delete for good (once the text matches)",
            (Action::Back, C::ConfirmPurge) => "keep it (cancels a delete in flight)",
            (Action::Confirm | Action::Submit, C::ConfirmSignIn) => "yes, go ahead",
            (Action::Cancel, C::ConfirmSignIn) => "no, leave it as it is",
            (Action::Back, C::ConfirmSignIn) => "leave it as it is (cancels a request in flight)",
            (Action::Toggle, C::ConfirmSignIn) => "also revoke its sessions: on/off",
            (Action::Up, C::Overview) => "previous slice",
            (Action::Down, C::Overview) => "next slice",
            (Action::First, C::Overview) => "first slice",
            (Action::Last, C::Overview) => "last department",
            (Action::Open, C::Overview) => "show the chosen slice in the list (as a filter)",
            (Action::Refresh, C::Overview) => "count the loaded users again",
            (Action::Back, C::Overview) => "back to the list",
            (Action::Submit, C::Command) => "run the command",
            (Action::NextField, C::Command) => "complete the command's name",
            (Action::Back, C::Command) => "close the prompt",
            (Action::Submit, C::ResetPassword) => "reset the password",
            (Action::Confirm, C::ResetPassword) => "reset the password (on a checkbox)",
            (Action::Cancel, C::ResetPassword) => "leave it as it is (on a checkbox)",
            (Action::Back, C::ResetPassword) => "leave it as it is (cancels a reset in flight)",
            (Action::Toggle, C::ResetPassword) => "tick or untick the focused checkbox",
            (Action::NextField, C::ResetPassword) => "next: password, show it, change at sign-in",
            (Action::GeneratePassword, C::ResetPassword) => "generate another strong password",
            (Action::Submit, C::ExportPrompt) => {
                "write the file (again to replace one that exists)"
            }
            (Action::NextField | Action::PrevField, C::ExportPrompt) => {
                "switch the format: CSV or JSON"
            }
            (Action::Back, C::ExportPrompt) => "cancel (stops a write under way)",
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
            (Action::Submit, C::ImportPrompt) => "read and check the file (nothing is sent)",
            (Action::NextField, C::ImportPrompt) => "complete the file's path",
            (Action::Back, C::ImportPrompt) => "close",
            (Action::Up, C::ImportReview) => "scroll the refused rows up",
            (Action::Down, C::ImportReview) => "scroll the refused rows down",
            (Action::PageUp | Action::PageDown, C::ImportReview) => "page the refused rows",
            (Action::First, C::ImportReview) => "first refused row",
            (Action::Last, C::ImportReview) => "last refused row",
            (Action::Confirm, C::ImportReview) => "create the valid rows",
            (Action::Cancel | Action::Back, C::ImportReview) => "close: nothing is created",
            (Action::Up, C::Columns) => "previous column",
            (Action::Down, C::Columns) => "next column",
            (Action::First, C::Columns) => "first column",
            (Action::Last, C::Columns) => "last column",
            (Action::Toggle, C::Columns) => "show or hide the column",
            (Action::Submit, C::Columns) => "use these columns",
            (Action::Save, C::Columns) => "use these columns and save them as a view (asks a name)",
            (Action::Back, C::Columns) => "close, leaving the columns as they were",
            (Action::Back, C::BulkProgress) => {
                "stop sending: batches already sent are answered, what is done stays done"
            }
            (Action::Up, C::BulkSummary) => "previous failure",
            (Action::Down, C::BulkSummary) => "next failure",
            (Action::PageUp | Action::PageDown, C::BulkSummary) => "page through the failures",
            (Action::First, C::BulkSummary) => "first failure",
            (Action::Last, C::BulkSummary) => "last failure",
            (Action::Export, C::BulkSummary) => {
                "write every user's outcome (errors, request-ids) to a CSV or JSON file"
            }
            (Action::Back, C::BulkSummary) => "close the summary",
            (Action::Confirm | Action::Submit, C::ConfirmMarks) => "yes, clear the marks",
            (Action::Edit, C::List) => "edit user; with marks, a form for all of them",
            (Action::Delete, C::List) => "delete user; with marks, all of them (asks first)",
            (Action::Block, C::List) => "block or unblock sign-in; with marks, all of them (asks)",
            (Action::RevokeSessions, C::List) => {
                "revoke sessions: sign out everywhere; with marks, all of them (asks)"
            }
            (Action::Restore, C::Deleted) => "restore the user; with marks, all of them (asks)",
            (Action::Purge, C::Deleted) => {
                "delete the user for good; with marks, all of them (count typed)"
            }
            (Action::Confirm | Action::Submit, C::BulkReview) => "go ahead: start the job",
            (Action::Cancel | Action::Back, C::BulkReview) => "no, back",
            (Action::NextField | Action::PrevField, C::BulkReview) => {
                "switch between blocking and unblocking"
            }
            (Action::Submit, C::BulkTyped) => "go ahead, once the count is typed",
            (Action::Back, C::BulkTyped) => "no, back",
            (Action::Submit, C::BulkForm) => "next field; the review on the last",
            (Action::Save, C::BulkForm) => "review the changes",
            (Action::Back, C::BulkForm) => "leave, changing nothing",
            (Action::Cancel | Action::Back, C::ConfirmMarks) => "no, keep them",
            _ => return None,
        };
        Some(what)
    }

    /// What the action does wherever no context says otherwise.
    fn describe_anywhere(self) -> &'static str {
        match self {
            Action::Back => "back",
            Action::Help => "show the keys for this screen",
            Action::Quit => "quit",
            Action::Connect => "connect with the selected profile",
            Action::Up => "move up",
            Action::Down => "move down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::First => "first user",
            Action::Last => "last loaded user",
            Action::Open => "open the user's details",
            Action::Search => "filter users (Graph too if not all loaded)",
            Action::New => "new user",
            Action::Edit => "edit user",
            Action::Delete => "delete user",
            Action::Refresh => "refresh",
            Action::LoadAll => "load every remaining page (Esc stops)",
            Action::Sort => "sort by the next column",
            Action::ReverseSort => "reverse the sort",
            Action::Export => "export the users shown to a CSV or JSON file",
            Action::Disconnect => "disconnect",
            Action::SwitchProfile => "switch to another profile (tenant)",
            Action::Confirm => "yes, delete",
            Action::Cancel => "no, keep the user",
            Action::Submit => "accept",
            Action::NextField => "next field",
            Action::PrevField => "previous field",
            Action::Save => "review and save",
            Action::Toggle => "toggle a checkbox",
            Action::GeneratePassword => "generate a strong password",
            Action::Errors => "errors this session, with request-ids",
            Action::DeletedUsers => "deleted users (restore within 30 days)",
            Action::Restore => "restore the selected user",
            Action::Purge => "delete the selected user for good",
            Action::Block => "block sign-in, or unblock it (asks first)",
            Action::RevokeSessions => "revoke sessions: sign out everywhere (asks first)",
            Action::Command => "command prompt (:deleted, :errors, :quit…)",
            Action::Overview => "tenant overview: charts of the loaded users",
            Action::Undo => {
                "undo the last edit, delete, block/unblock or manager change (asks first)"
            }
            Action::ResetPassword => "reset password: generated or typed (asks first)",
            Action::AddProfile => "add a profile",
            Action::EditProfile => "edit the selected profile",
            Action::RemoveProfile => "remove the selected profile (asks first)",
            Action::NextSection => "next section",
            Action::PrevSection => "previous section",
            Action::SetManager => "set the manager: search users and pick one",
            Action::ClearManager => "remove the manager (asks first)",
            Action::ChooseDomain => "choose the UPN's domain (the tenant's verified ones)",
            Action::Mark => "mark or unmark the user and move down",
            Action::MarkAll => "mark every user shown (again: unmark them)",
            Action::Import => "create users from a bulk-create CSV file (checked first)",
            Action::Columns => "choose the columns: which, their order, their widths",
            Action::MoveUp => "move the column up (left in the list)",
            Action::MoveDown => "move the column down (right in the list)",
            Action::Wider => "wider column",
            Action::Narrower => "narrower column",
            Action::AutoWidth => "the column's width adapts to the terminal again",
        }
    }

    /// The contexts this action is offered in.
    #[expect(
        clippy::too_many_lines,
        reason = "one table of where every action is offered; split, it would hide which screen offers what"
    )]
    pub fn contexts(self) -> &'static [Context] {
        use Context::{
            BulkForm, BulkProgress, BulkReview, BulkSummary, BulkTyped, Columns, Command,
            ConfirmDelete, ConfirmManager, ConfirmMarks, ConfirmProfile, ConfirmPurge,
            ConfirmRestore, ConfirmSignIn, Connect, Deleted, Detail, Errors, ExportPrompt, Form,
            FormDiscard, FormDomain, FormReview, ImportPrompt, ImportReview, List, Overview,
            Password, PickManager, ResetPassword, Search,
        };
        match self {
            Action::Help => &[
                Connect,
                List,
                Detail,
                Form,
                Errors,
                Deleted,
                Overview,
                ResetPassword,
                Columns,
                BulkProgress,
                BulkSummary,
                ImportReview,
            ],
            Action::Quit => &[Connect, List, Detail, Errors, Deleted, Overview],
            Action::Errors => &[Connect, List, Detail, Deleted, Overview],
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
                Command,
                Overview,
                ResetPassword,
                ConfirmProfile,
                ExportPrompt,
                PickManager,
                ConfirmManager,
                FormDomain,
                ImportPrompt,
                ImportReview,
                Columns,
                BulkProgress,
                BulkSummary,
                ConfirmMarks,
                BulkReview,
                BulkTyped,
                BulkForm,
            ],
            Action::Connect => &[Connect],
            Action::Up | Action::Down => &[
                Connect,
                List,
                Search,
                Detail,
                Errors,
                Deleted,
                Overview,
                PickManager,
                FormDomain,
                ImportReview,
                Columns,
                BulkSummary,
            ],
            Action::PageUp | Action::PageDown => &[
                Connect,
                List,
                Search,
                Detail,
                Errors,
                Deleted,
                PickManager,
                ImportReview,
                BulkSummary,
            ],
            Action::First | Action::Last => &[
                Connect,
                List,
                Detail,
                Errors,
                Deleted,
                Overview,
                ImportReview,
                BulkSummary,
                Columns,
            ],
            Action::Search => &[Connect, List, Deleted],
            Action::Open => &[List, Detail, Overview],
            Action::New
            | Action::LoadAll
            | Action::Sort
            | Action::ReverseSort
            | Action::Overview
            | Action::Import
            | Action::Columns => &[List],
            Action::Export => &[List, BulkSummary],
            Action::MoveUp
            | Action::MoveDown
            | Action::Wider
            | Action::Narrower
            | Action::AutoWidth => &[Columns],
            Action::NextSection | Action::PrevSection => &[Detail],
            Action::Edit
            | Action::Delete
            | Action::DeletedUsers
            | Action::Block
            | Action::RevokeSessions
            | Action::Undo
            | Action::ResetPassword => &[List, Detail],
            Action::Refresh => &[List, Detail, Deleted, Overview],
            Action::Disconnect | Action::SwitchProfile => &[List, Detail, Deleted],
            Action::SetManager | Action::ClearManager => &[Detail],
            Action::ChooseDomain => &[Form],
            Action::Mark | Action::MarkAll => &[List, Deleted],
            Action::Restore | Action::Purge => &[Deleted],
            Action::Confirm => &[
                ConfirmDelete,
                FormDiscard,
                ConfirmRestore,
                ConfirmSignIn,
                ResetPassword,
                ConfirmProfile,
                ConfirmManager,
                ConfirmMarks,
                BulkReview,
                ImportReview,
            ],
            Action::Cancel => &[
                ConfirmDelete,
                FormDiscard,
                ConfirmRestore,
                ConfirmSignIn,
                ResetPassword,
                ConfirmProfile,
                ConfirmManager,
                ImportReview,
                ConfirmMarks,
                BulkReview,
            ],
            Action::Submit => &[
                ConfirmDelete,
                Search,
                Form,
                FormReview,
                Password,
                ConfirmRestore,
                ConfirmPurge,
                ConfirmSignIn,
                Command,
                ResetPassword,
                ConfirmProfile,
                ExportPrompt,
                PickManager,
                ConfirmManager,
                FormDomain,
                ConfirmMarks,
                BulkReview,
                BulkTyped,
                BulkForm,
                ImportPrompt,
                Columns,
            ],
            Action::Toggle => &[Form, ConfirmSignIn, ResetPassword, ConfirmProfile, Columns],
            Action::NextField => &[
                Form,
                Command,
                ResetPassword,
                ExportPrompt,
                ImportPrompt,
                BulkReview,
                BulkForm,
            ],
            Action::PrevField => &[Form, ResetPassword, ExportPrompt, BulkReview, BulkForm],
            Action::GeneratePassword => &[Form, ResetPassword],
            Action::Save => &[Form, BulkForm, Columns],
            Action::Command => &[Connect, List, Detail, Errors, Deleted, Overview],
            Action::AddProfile | Action::EditProfile | Action::RemoveProfile => &[Connect],
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
                | Action::Undo
                | Action::ResetPassword
                | Action::SetManager
                | Action::ClearManager
                | Action::Import
        )
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
