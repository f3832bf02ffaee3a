//! A generated password, shown once: a new user's right after the create, or a user's right
//! after its reset.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use secrecy::ExposeSecret as _;

use super::state::{CreatedPassword, Reason};
use crate::keymap::Action;
use crate::state::State;
use crate::ui::theme::{DONE, KEY, TITLE, WARN};
use crate::widgets::{popup, text};

pub(super) fn render(shown: &CreatedPassword, state: &State, frame: &mut Frame, area: Rect) {
    let upn = text::clean(&shown.upn);
    let heading = match shown.reason {
        Reason::Created => format!("Temporary password for {upn}:"),
        Reason::Reset { .. } => format!("New password for {upn}:"),
    };
    let mut lines = vec![
        Line::raw(heading),
        Line::raw(""),
        Line::styled(
            format!("  {}", shown.password.expose_secret()),
            TITLE.patch(WARN),
        ),
        Line::raw(""),
    ];
    match shown.reason {
        Reason::Created => {}
        Reason::Reset { force_change: true } => {
            lines.push(Line::raw("It must be changed at the next sign-in."));
        }
        Reason::Reset {
            force_change: false,
        } => lines.push(Line::raw("It stays until the user changes it.")),
    }
    lines.extend([
        Line::raw("Copy it now: it won't be shown again."),
        Line::raw(""),
        Line::from(vec![
            Span::styled(state.keymap.short(Action::Submit), KEY),
            Span::raw("/"),
            Span::styled(state.keymap.short(Action::Back), KEY),
            Span::raw(" dismiss"),
        ]),
    ]);
    let outer = popup::centered(area, 70, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, shown.title(), DONE).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
