//! The generated password of a new user, shown once right after the create.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use secrecy::ExposeSecret as _;

use super::state::CreatedPassword;
use crate::keymap::Action;
use crate::state::State;
use crate::ui::theme::{DONE, KEY, TITLE, WARN};
use crate::widgets::{popup, text};

pub(super) fn render(shown: &CreatedPassword, state: &State, frame: &mut Frame, area: Rect) {
    let CreatedPassword { upn, password } = shown;
    let lines = vec![
        Line::raw(format!("Temporary password for {}:", text::clean(upn))),
        Line::raw(""),
        Line::styled(format!("  {}", password.expose_secret()), TITLE.patch(WARN)),
        Line::raw(""),
        Line::raw("Copy it now: it won't be shown again."),
        Line::raw(""),
        Line::from(vec![
            Span::styled(state.keymap.short(Action::Submit), KEY),
            Span::raw("/"),
            Span::styled(state.keymap.short(Action::Back), KEY),
            Span::raw(" dismiss"),
        ]),
    ];
    let outer = popup::centered(area, 70, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "User created", DONE).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
