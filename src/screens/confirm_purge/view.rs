//! "Delete this user for good?": who, that it cannot be undone, and the field the UPN or
//! display name is typed into, marked once it matches.

use ratatui::Frame;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::purging;
use super::state::ConfirmPurge;
use crate::keymap::{Action, Context};
use crate::screens::answer_line;
use crate::state::State;
use crate::ui::theme::{DANGER, DIM, ERROR, KEY, SUCCESS, TITLE, UNAVAILABLE, WARN};
use crate::widgets::{popup, text};

const WIDTH: u16 = 68;
const LABEL: &str = "> ";

pub(super) fn render(dialog: &ConfirmPurge, state: &State, frame: &mut Frame, area: Rect) {
    let target = &dialog.target;
    let inner_width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let mut lines = popup::about_user(
        "Delete this user for good?",
        &target.label,
        &target.upn,
        inner_width,
        TITLE,
    );
    let warning = "This cannot be undone: the user, its mailbox and files go, and it can no \
                   longer be restored.";
    for line in text::wrap(warning, inner_width, 0) {
        lines.push(Line::styled(line, ERROR));
    }
    let ask = if target.display_name.is_some() {
        "Type the user principal name or the display name to confirm:"
    } else {
        "Type the user principal name to confirm:"
    };
    for line in text::wrap(ask, inner_width, 0) {
        lines.push(Line::raw(line));
    }
    let field_row = lines.len();
    let room = inner_width.saturating_sub(LABEL.len() + 1);
    let scroll = dialog.typed.visual_scroll(room);
    let shown: String = dialog.typed.value().chars().skip(scroll).collect();
    let mark = if dialog.matches() {
        Span::styled(" ✓", SUCCESS)
    } else {
        Span::raw("")
    };
    lines.push(Line::from(vec![
        Span::styled(LABEL, WARN),
        Span::raw(text::truncate(&shown, room)),
        mark,
    ]));
    lines.push(Line::raw(""));
    let km = &state.keymap;
    let c = Context::ConfirmPurge;
    if purging(state) {
        lines.push(answer_line::working(km, c, state.tick, "Deleting for good"));
    } else {
        let submit = if dialog.matches() {
            vec![
                Span::styled(km.short_in(Action::Submit, c), KEY),
                Span::raw(" delete for good    "),
            ]
        } else {
            vec![
                Span::styled(
                    format!("{} delete for good", km.short_in(Action::Submit, c)),
                    UNAVAILABLE,
                ),
                Span::styled(" (type it exactly)    ", DIM),
            ]
        };
        let mut spans = submit;
        spans.push(Span::styled(km.short_in(Action::Back, c), KEY));
        spans.push(Span::raw(" keep"));
        lines.push(Line::from(spans));
    }
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "Delete user for good", DANGER).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if !purging(state) {
        let x = inner.x + LABEL.len() as u16 + (dialog.typed.visual_cursor() - scroll) as u16;
        let y = inner.y + field_row as u16;
        if y < inner.bottom() {
            frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
        }
    }
}
