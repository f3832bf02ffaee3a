//! "Delete this user?": names the user and says where it goes, so the admin knows both what
//! and how reversible.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::action::Action;
use crate::state::{DeleteTarget, State};
use crate::ui::{DIM, KEY, TITLE};
use crate::widgets::{popup, spinner};

pub fn render(state: &State, target: &DeleteTarget, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        Line::raw("Delete this user?"),
        Line::raw(""),
        Line::styled(format!("  {}", target.label), TITLE),
        Line::raw(format!("  {}", target.upn)),
        Line::raw(""),
        Line::styled(
            "The user moves to deleted users, where it can be restored for 30 days.",
            DIM,
        ),
        Line::raw(""),
    ];
    if target.deleting {
        lines.push(Line::from(vec![
            Span::styled(format!("{} Deleting…  ", spinner(state.tick)), KEY),
            Span::styled("Esc", KEY),
            Span::raw(" cancel"),
        ]));
    } else {
        lines.push(Line::from(vec![
            Span::styled(state.keymap.label(Action::Confirm), KEY),
            Span::raw(" delete    "),
            Span::styled(state.keymap.label(Action::Cancel), KEY),
            Span::raw("/"),
            Span::styled(state.keymap.label(Action::Back), KEY),
            Span::raw(" keep"),
        ]));
    }
    let outer = popup::centered(area, 64, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "Delete user", Color::Red).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
