//! The reset password dialog: whom it is for, the password field (in clear or as `•`), its
//! two checkboxes, what Entra asks of a password or what went wrong, and the keys.

use ratatui::Frame;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use tui_input::Input;

use super::state::{Focus, Message, PASSWORD_MAX, ResetPassword, Source};
use crate::graph::GraphError;
use crate::keymap::{Action, Context, Keymap};
use crate::screens::answer_line;
use crate::screens::user_form::password_problem;
use crate::state::{Pending, State};
use crate::ui::theme::{ACCENT, DIM, ERROR, FOCUS, KEY, TITLE};
use crate::widgets::{popup, text};

const WIDTH: u16 = 70;
const LABEL: &str = "Password  ";

/// The reset was sent and is awaited.
pub(crate) fn working(state: &State) -> bool {
    state.is_pending(|p| matches!(p, Pending::ResetPassword(_)))
}

/// What Graph's refusal of a reset means and what to grant, when it is a 403: app
/// permissions alone never reset a password
/// (<https://learn.microsoft.com/en-us/graph/api/user-update>, `passwordProfile`), and who may
/// reset whose password is the table in
/// <https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/privileged-roles-permissions#who-can-reset-passwords>.
/// A 400 is the password itself.
pub fn advice(error: &GraphError, keymap: &Keymap) -> Option<String> {
    if error.is_mastered_on_premises() {
        return Some(
            "the user is synced from on-premises Active Directory: reset the password there, or \
             turn on password writeback in Entra Connect"
                .to_owned(),
        );
    }
    match error.status()? {
        403 => Some(format!(
            "besides User.ReadWrite.All, an app needs an Entra role to reset passwords: User \
             Administrator for users without admin roles or with limited ones (such as Helpdesk \
             Administrator), Privileged Authentication Administrator for any admin (Global \
             Administrators included); assign it to the app in Roles & admins, then reconnect \
             ({})",
            keymap.short(Action::Disconnect)
        )),
        400 => Some(
            "choose another: Entra also refuses passwords that contain the user's name or \
             common words"
                .to_owned(),
        ),
        _ => None,
    }
}

/// The error's line with the advice for a reset, as the dialog and the status line show it.
pub fn error_line(error: &GraphError, keymap: &Keymap) -> String {
    match advice(error, keymap) {
        Some(advice) => error.line_with_advice(&advice),
        None => error.to_string(),
    }
}

/// The keys that reset: Enter, and `y` where no text is typed.
pub(super) fn submit_keys(dialog: &ResetPassword, km: &Keymap) -> String {
    either(dialog, km, Action::Confirm, Action::Submit)
}

/// The keys that leave: Esc, and `n` where no text is typed.
pub(super) fn cancel_keys(dialog: &ResetPassword, km: &Keymap) -> String {
    either(dialog, km, Action::Cancel, Action::Back)
}

fn either(dialog: &ResetPassword, km: &Keymap, letter: Action, key: Action) -> String {
    let c = Context::ResetPassword;
    if dialog.focus == Focus::Password {
        km.short_in(key, c)
    } else {
        format!("{}/{}", km.short_in(letter, c), km.short_in(key, c))
    }
}

pub(super) fn render(dialog: &ResetPassword, state: &State, frame: &mut Frame, area: Rect) {
    let km = &state.keymap;
    let c = Context::ResetPassword;
    let busy = working(state);
    let target = &dialog.target;
    let inner_width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let mut lines = popup::about_user(
        "Give this user a new password?",
        &target.label,
        &target.upn,
        inner_width,
        TITLE,
    );

    let mut field_row = lines.len();
    let room = inner_width.saturating_sub(2 + LABEL.len() + 1).max(1);
    let (shown, scroll) = drawn(dialog, room);
    let value_style = if busy {
        Style::new().add_modifier(Modifier::DIM)
    } else {
        Style::new().add_modifier(Modifier::UNDERLINED)
    };
    let value: String = shown.value().chars().skip(scroll).collect();
    lines.push(Line::from(vec![
        marker(dialog, Focus::Password),
        Span::styled(LABEL, label_style(dialog, Focus::Password)),
        Span::styled(text::truncate(&value, room), value_style),
    ]));
    lines.push(under_the_field(dialog, km, inner_width));
    lines.push(checkbox(
        dialog,
        Focus::Show,
        dialog.show,
        "Show the password",
    ));
    lines.push(checkbox(
        dialog,
        Focus::ForceChange,
        dialog.force_change,
        "Require a new password at the next sign-in",
    ));
    lines.push(Line::raw(""));

    if let Some(message) = &dialog.message {
        let (said, style) = match message {
            Message::Invalid(problem) => (format!("✗ Can't reset yet: Password: {problem}"), ERROR),
            Message::Capped => (
                format!("Entra takes at most {PASSWORD_MAX} characters; the rest was not taken"),
                Style::new(),
            ),
            Message::Failed(error) => (format!("✗ {}", error_line(error, km)), ERROR),
        };
        let mut rows = text::wrap(&said, inner_width, 2);
        // What fits between the fields and the keys (a blank row after each), borders aside.
        let mut room = usize::from(area.height).saturating_sub(lines.len() + 4);
        if rows.len() > room {
            // Short of rows (80x24): the title says what the question did.
            lines.drain(..2);
            field_row -= 2;
            room += 2;
        }
        let room = room.max(3);
        if rows.len() > room {
            // Graph's line ends with the request-id: keep the end, drop the middle.
            let tail = rows.split_off(rows.len() - 2);
            rows.truncate(room - 3);
            rows.push("  …".to_owned());
            rows.extend(tail);
        }
        lines.extend(rows.into_iter().map(|row| Line::styled(row, style)));
        lines.push(Line::raw(""));
    }

    if busy {
        lines.push(answer_line::working(km, c, state.tick, "Resetting"));
    } else {
        lines.push(Line::from(vec![
            Span::styled(submit_keys(dialog, km), KEY),
            Span::raw(" reset    "),
            Span::styled(km.short_in(Action::GeneratePassword, c), KEY),
            Span::raw(" generate    "),
            Span::styled(km.short_in(Action::NextField, c), KEY),
            Span::raw(" next    "),
            Span::styled(cancel_keys(dialog, km), KEY),
            Span::raw(" leave it"),
        ]));
    }

    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "Reset password", ACCENT).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if dialog.focus == Focus::Password && !busy {
        let x = inner.x + (2 + LABEL.len()) as u16 + (shown.visual_cursor() - scroll) as u16;
        let y = inner.y + field_row as u16;
        if y < inner.bottom() {
            frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
        }
    }
}

/// The password as drawn, one character per character of the value so the cursor lands
/// right (`•` each when hidden, hostile characters made visible), and how far it is scrolled
/// to keep the cursor in `room`.
fn drawn(dialog: &ResetPassword, room: usize) -> (Input, usize) {
    let value = dialog.password();
    let drawn = if dialog.show {
        text::clean(value).into_owned()
    } else {
        "•".repeat(value.chars().count())
    };
    let shown = Input::new(drawn).with_cursor(dialog.input.cursor());
    let scroll = if dialog.focus == Focus::Password {
        shown.visual_scroll(room)
    } else {
        0
    };
    (shown, scroll)
}

/// The row under the field: the rule a typed password breaks, or what the field holds.
fn under_the_field(dialog: &ResetPassword, km: &Keymap, width: usize) -> Line<'static> {
    let pad = " ".repeat(2 + LABEL.len());
    let problem = password_problem(dialog.password());
    let said_below = matches!(dialog.message, Some(Message::Invalid(_)));
    let (note, style) = match problem {
        Some(problem) if dialog.source == Source::Typed && !said_below => {
            (format!("✗ {problem}"), ERROR)
        }
        _ if dialog.is_generated() => (
            format!(
                "generated: type to use your own, {} for another",
                km.short_in(Action::GeneratePassword, Context::ResetPassword)
            ),
            DIM,
        ),
        _ => (
            "8 to 256 characters, 3 of: a-z, A-Z, 0-9, symbols".to_owned(),
            DIM,
        ),
    };
    let room = width.saturating_sub(pad.len());
    Line::from(vec![
        Span::raw(pad),
        Span::styled(text::truncate(&note, room), style),
    ])
}

fn checkbox(dialog: &ResetPassword, focus: Focus, on: bool, label: &str) -> Line<'static> {
    Line::from(vec![
        marker(dialog, focus),
        Span::styled(
            format!("{} {label}", if on { "[x]" } else { "[ ]" }),
            label_style(dialog, focus),
        ),
    ])
}

/// `›` before what has focus.
fn marker(dialog: &ResetPassword, focus: Focus) -> Span<'static> {
    if dialog.focus == focus {
        Span::styled("› ", FOCUS)
    } else {
        Span::raw("  ")
    }
}

fn label_style(dialog: &ResetPassword, focus: Focus) -> Style {
    if dialog.focus == focus {
        FOCUS
    } else {
        Style::new()
    }
}
