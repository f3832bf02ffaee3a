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
    confirm_delete, confirm_sign_in, deleted_users, user_detail, user_form, user_list,
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
            spans.push(Span::styled(
                text::truncate(&format!("✓ {s}"), room),
                SUCCESS,
            ));
        }
        Some(Notice::Info(s)) => spans.push(Span::raw(text::truncate(s, room))),
        None if spans.is_empty() => spans.push(Span::styled("Ready", DIM)),
        None => {
            spans.pop();
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
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
        Notice::Failed { operation, error } => match sign_in_advice(*operation, error) {
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
    }
}

/// What to grant when Graph refuses a block or a revoke (403): the permission, and for an
/// admin account the Entra role, which the permission alone does not give.
fn sign_in_advice(operation: Operation, error: &GraphError) -> Option<&'static str> {
    if error.status() != Some(403) {
        return None;
    }
    match operation {
        Operation::BlockSignIn | Operation::UnblockSignIn => Some(
            "grant the app User.ReadWrite.All or User.EnableDisableAccount.All (application) with \
             admin consent; if the user is an admin, also assign the app the Entra role User \
             Administrator, or Privileged Authentication Administrator for privileged admins",
        ),
        Operation::RevokeSessions => Some(
            "grant the app User.ReadWrite.All or User.RevokeSessions.All (application) with \
             admin consent; if the user is an admin, also assign the app the Entra role User \
             Administrator, or Privileged Authentication Administrator for privileged admins",
        ),
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
