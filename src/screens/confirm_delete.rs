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
use crate::widgets::{popup, spinner, text};

const WIDTH: u16 = 64;

pub fn render(state: &State, target: &DeleteTarget, frame: &mut Frame, area: Rect) {
    let inner_width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let note = "The user moves to deleted users, where it can be restored for 30 days.";
    let mut lines = vec![
        Line::raw("Delete this user?"),
        Line::raw(""),
        Line::styled(
            format!("  {}", text::truncate(&target.label, inner_width - 2)),
            TITLE,
        ),
        Line::raw(format!(
            "  {}",
            text::truncate(&target.upn, inner_width - 2)
        )),
        Line::raw(""),
    ];
    for line in text::wrap(note, inner_width, 0) {
        lines.push(Line::styled(line, DIM));
    }
    lines.push(Line::raw(""));
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
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "Delete user", Color::Red).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
