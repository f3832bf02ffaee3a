//! The status line: what is happening (spinner, activity, throttling), then the last result
//! or error. Errors keep Graph's request-id visible however narrow the line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::help::blocked_reason;
use super::theme::{DIM, ERROR, KEY, SUCCESS, WARN};
use crate::graph::GraphError;
use crate::keymap::{Action, Keymap};
use crate::screens::{
    clear_manager, confirm_delete, confirm_sign_in, deleted_users, manager_picker, reset_password,
    user_detail, user_form, user_list,
};
use crate::state::{Notice, Operation, Pending, State, Throttle};
use crate::widgets::{spinner, text};

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    let mut used = 0;
    if let Some(activity) = activity(state) {
        let busy = format!("{} {activity}", spinner(state.tick));
        used += text::width(&busy);
        spans.push(Span::styled(busy, KEY));
        if let Some(throttled) = &state.status.throttled {
            let t = format!("  {}", throttle_text(throttled));
            used += text::width(&t);
            spans.push(Span::styled(t, WARN));
        }
        spans.push(Span::styled("  │ ", DIM));
        used += 4;
    }
    let room = (area.width as usize).saturating_sub(used);
    match &state.status.notice {
        Some(notice @ (Notice::Failed { .. } | Notice::Refused(_) | Notice::Disabled { .. })) => {
            let shown = format!("✗ {}", notice_text(notice, &state.keymap));
            spans.push(Span::styled(
                text::truncate_keep_request_id(&shown, room),
                ERROR,
            ));
        }
        Some(Notice::Success(s)) => {
            // What z will do gets room before the end of a long message: the message
            // keeps at least half the line.
            let done = format!("✓ {s}");
            let undo = undo_text(state, room.saturating_sub(text::width(&done)).max(room / 2));
            let undo_width = undo.as_deref().map_or(0, text::width);
            let done = text::truncate(&done, room - undo_width);
            spans.push(Span::styled(done, SUCCESS));
            if let Some(undo) = undo {
                spans.push(Span::styled(undo, DIM));
            }
        }
        Some(Notice::Info(s)) => spans.push(Span::raw(text::truncate(s, room))),
        None if spans.is_empty() => match undo_text(state, room) {
            Some(undo) => spans.push(Span::styled(undo.trim_start().to_owned(), DIM)),
            None => spans.push(Span::styled("Ready", DIM)),
        },
        None => {
            spans.pop();
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// "  ·  z: undo job title change on Ada Lovelace", when there is a write to take back and
/// room to say so.
fn undo_text(state: &State, room: usize) -> Option<String> {
    let undo = state.undo.as_ref()?;
    let line = format!(
        "  ·  {}: {}",
        state.keymap.short(Action::Undo),
        undo.describe()
    );
    (room > 20).then(|| text::truncate(&line, room))
}

/// The most recent request's activity, e.g. "Loading users…" (requests that are only
/// bookkeeping say nothing).
pub fn activity(state: &State) -> Option<String> {
    state.pending.values().rev().find_map(pending_text)
}

fn pending_text(pending: &Pending) -> Option<String> {
    Some(match pending {
        Pending::Connect => "Signing in…".to_owned(),
        Pending::Disconnect => "Disconnecting…".to_owned(),
        Pending::List(load) => return user_list::activity(load),
        Pending::Detail(load) => user_detail::activity(load),
        Pending::Save(save) => user_form::activity(save),
        Pending::Delete(delete) => confirm_delete::activity(delete),
        Pending::Deleted(request) => deleted_users::activity(request),
        Pending::SignIn(request) => confirm_sign_in::activity(request),
        Pending::ResetPassword(request) => reset_password::activity(request),
        Pending::PickManager(request) => manager_picker::activity(request),
        Pending::ClearManager(request) => clear_manager::activity(request),
        Pending::Domains => "Reading the tenant's domains…".to_owned(),
        // Only the header waits for it: the users loading say more.
        Pending::Organization | Pending::SignInAges => return None,
        // The progress dialog says it all.
        Pending::Bulk => return None,
    })
}

/// A notice's text without its ✓/✗ mark.
pub fn notice_text(notice: &Notice, keymap: &Keymap) -> String {
    match notice {
        Notice::Info(s) | Notice::Success(s) | Notice::Refused(s) => s.clone(),
        // A refused sign-in already says so.
        Notice::Failed {
            error: error @ GraphError::Auth(_),
            ..
        } => error.to_string(),
        Notice::Failed {
            operation: Operation::ResetPassword,
            error,
        } => format!(
            "{}: {}",
            operation_name(Operation::ResetPassword),
            reset_password::error_line(error, keymap)
        ),
        Notice::Failed { operation, error } => match advice(*operation, error) {
            Some(advice) => format!(
                "{}: {}",
                operation_name(*operation),
                error.line_with_advice(advice)
            ),
            None => format!("{}: {error}", operation_name(*operation)),
        },
        Notice::Disabled { action, why } => {
            let what = match action {
                Action::New => "New user",
                Action::Edit => "Edit",
                Action::Restore => "Restore",
                Action::Purge => "Delete for good",
                Action::Block => "Block sign-in",
                Action::RevokeSessions => "Revoke sessions",
                Action::Undo => "Undo",
                Action::ResetPassword => "Reset password",
                Action::SetManager => "Set manager",
                Action::ClearManager => "Remove manager",
                _ => "Delete",
            };
            format!(
                "{what} ({}) is disabled: {}",
                keymap.short(*action),
                blocked_reason(*why)
            )
        }
    }
}

/// An operation as the status line and the error history name it.
pub fn operation_name(operation: Operation) -> &'static str {
    match operation {
        Operation::SignIn => "Sign-in",
        Operation::ListUsers => "Loading users",
        Operation::ListChanges => "Refreshing users (what changed)",
        Operation::ReadUser => "Reading a user",
        Operation::CreateUser => "Creating a user",
        Operation::UpdateUser => "Saving a user",
        Operation::DeleteUser => "Deleting a user",
        Operation::ListDeletedUsers => "Loading deleted users",
        Operation::RestoreUser => "Restoring a user",
        Operation::PurgeUser => "Deleting a user for good",
        Operation::BlockSignIn => "Blocking sign-in",
        Operation::UnblockSignIn => "Unblocking sign-in",
        Operation::RevokeSessions => "Revoking sessions",
        Operation::ResetPassword => "Resetting a password",
        Operation::ReadManager => "Reading a manager",
        Operation::ListDirectReports => "Loading direct reports",
        Operation::ListMemberships => "Loading group memberships",
        Operation::ListLicenses => "Loading licences",
        Operation::ReadSignIns => "Reading last sign-ins",
        Operation::SearchUsers => "Searching users",
        Operation::SetManager => "Setting the manager",
        Operation::ClearManager => "Removing the manager",
        Operation::ListDomains => "Reading the tenant's domains",
        Operation::ReadOrganization => "Reading the organisation's name",
        Operation::CountSignIns => "Counting last sign-ins",
    }
}

/// What to do when Graph refuses a block, a revoke or a manager change: for a 403 the
/// permission to grant (and for an admin account the Entra role, which the permission alone
/// does not give); for a manager, what its 404 and 400 mean.
fn advice(operation: Operation, error: &GraphError) -> Option<&'static str> {
    let status = error.status()?;
    match (operation, status) {
        (Operation::BlockSignIn | Operation::UnblockSignIn, 403) => Some(
            "grant the app User.ReadWrite.All or User.EnableDisableAccount.All (application) with \
             admin consent; if the user is an admin, also assign the app the Entra role User \
             Administrator, or Privileged Authentication Administrator for privileged admins",
        ),
        (Operation::RevokeSessions, 403) => Some(
            "grant the app User.ReadWrite.All or User.RevokeSessions.All (application) with \
             admin consent; if the user is an admin, also assign the app the Entra role User \
             Administrator, or Privileged Authentication Administrator for privileged admins",
        ),
        (Operation::SetManager | Operation::ClearManager, 403) => Some(
            "grant the app User.ReadWrite.All (application) with admin consent: a manager \
             cannot be changed with User.ReadUpdate.All",
        ),
        (Operation::ClearManager, 404) if error.is_no_manager() => {
            Some("the user has no manager (removed meanwhile?): nothing to remove")
        }
        (Operation::SetManager | Operation::ClearManager, 404) => Some(
            "the user or the chosen manager no longer exists (deleted?): refresh the list, then \
             pick again",
        ),
        (Operation::SetManager, 400) => {
            Some("Graph refused this manager (a user cannot be its own manager): pick someone else")
        }
        _ => None,
    }
}

/// "Throttled by Graph (429), retrying in 3s (attempt 1)": whole seconds, rounded up.
pub fn throttle_text(throttle: &Throttle) -> String {
    let left = throttle.left;
    let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
    format!(
        "Throttled by Graph ({}), retrying in {secs}s (attempt {})",
        throttle.status, throttle.attempt
    )
}
