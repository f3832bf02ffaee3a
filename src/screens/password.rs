//! The generated password of a new user, shown once right after the create.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use secrecy::{ExposeSecret as _, SecretString};

use crate::ui::{KEY, TITLE};
use crate::widgets::popup;

pub fn render(upn: &str, password: &SecretString, frame: &mut Frame, area: Rect) {
    let lines = vec![
        Line::raw(format!("Temporary password for {upn}:")),
        Line::raw(""),
        Line::styled(
            format!("  {}", password.expose_secret()),
            TITLE.fg(Color::Yellow),
        ),
        Line::raw(""),
        Line::raw("Copy it now: it won't be shown again."),
        Line::raw(""),
        Line::from(vec![
            Span::styled("Enter", KEY),
            Span::raw("/"),
            Span::styled("Esc", KEY),
            Span::styled(" dismiss", Style::new()),
        ]),
    ];
    let outer = popup::centered(area, 70, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "User created", Color::Green).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
