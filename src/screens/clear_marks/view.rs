//! "Clear the marks?": how many users are marked, and the keys.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::state::ClearMarks;
use crate::keymap::{Action, Context};
use crate::state::State;
use crate::ui::theme::{ACCENT, DIM, KEY, TITLE};
use crate::widgets::popup;

const WIDTH: u16 = 56;

pub(super) fn render(dialog: &ClearMarks, state: &State, frame: &mut Frame, area: Rect) {
    let km = &state.keymap;
    let c = Context::ConfirmMarks;
    let users = if dialog.count == 1 { "user" } else { "users" };
    let lines = vec![
        Line::from(vec![
            Span::raw("Clear the marks of "),
            Span::styled(format!("{} {users}", dialog.count), TITLE),
            Span::raw("?"),
        ]),
        Line::styled("Nothing is sent to Graph: only the marks go.", DIM),
        Line::raw(""),
        Line::from(vec![
            Span::styled(km.label_in(Action::Confirm, c), KEY),
            Span::raw("/"),
            Span::styled(km.label_in(Action::Submit, c), KEY),
            Span::raw(" clear them    "),
            Span::styled(km.label_in(Action::Cancel, c), KEY),
            Span::raw("/"),
            Span::styled(km.label_in(Action::Back, c), KEY),
            Span::raw(" keep them"),
        ]),
    ];
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "Clear marks", ACCENT).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines), inner);
}
