//! The sign-in dialog: the question, the user, what it does, and for a block the checkbox
//! that revokes the sessions too.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::Request;
use super::state::{Ask, ConfirmSignIn};
use crate::keymap::{Action, Context};
use crate::screens::answer_line;
use crate::state::{Pending, State};
use crate::ui::theme::{ACCENT, DANGER, DIM, KEY, TITLE};
use crate::widgets::{popup, text};

/// The dialog's request was sent and is awaited (a revoke after a block runs without it).
pub(crate) fn working(state: &State) -> bool {
    state.is_pending(|p| {
        matches!(
            p,
            Pending::SignIn(Request::Block { .. } | Request::Unblock(_) | Request::Revoke(_))
        )
    })
}

const WIDTH: u16 = 64;

/// What `y` does, in the dialog and its hints.
pub(super) fn verb(ask: Ask) -> &'static str {
    match ask {
        Ask::Block { revoke: true } => "block and revoke",
        Ask::Block { revoke: false } => "block",
        Ask::Unblock => "unblock",
        Ask::Revoke => "revoke",
    }
}

pub(super) fn render(dialog: &ConfirmSignIn, state: &State, frame: &mut Frame, area: Rect) {
    let target = &dialog.target;
    let inner_width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let (question, note) = match dialog.ask {
        Ask::Block { .. } => (
            "Block this user's sign-in?",
            "It can no longer sign in. Blocking alone leaves the tokens it already holds \
             valid for up to an hour; revoking its sessions ends them now.",
        ),
        Ask::Unblock => (
            "Unblock this user's sign-in?",
            "It can sign in again with its current password and methods.",
        ),
        Ask::Revoke => (
            "Revoke this user's sessions?",
            "Its refresh tokens and session cookies stop working: every app asks it to sign \
             in again. Access tokens already issued may work for up to an hour.",
        ),
    };
    let mut lines = popup::about_user(question, &target.label, &target.upn, inner_width, TITLE);
    for line in text::wrap(note, inner_width, 0) {
        lines.push(Line::styled(line, DIM));
    }
    let km = &state.keymap;
    let c = Context::ConfirmSignIn;
    if let Ask::Block { revoke } = dialog.ask {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::raw(if revoke { "[x]" } else { "[ ]" }),
            Span::raw(" Also revoke its sessions  "),
            Span::styled(km.label_in(Action::Toggle, c), KEY),
            Span::raw(" toggles"),
        ]));
    }
    lines.push(Line::raw(""));
    if working(state) {
        lines.push(answer_line::working(km, c, state.tick, "Working"));
    } else {
        lines.push(answer_line::yes_no(km, c, verb(dialog.ask), "leave it"));
    }
    let colour = match dialog.ask {
        Ask::Unblock => ACCENT,
        Ask::Block { .. } | Ask::Revoke => DANGER,
    };
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, dialog.title(), colour).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
