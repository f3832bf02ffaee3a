//! The start screen: which tenant and app the settings name (never the secret), what is
//! missing and where to set it, and the sign-in progress or failure.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::action::Action;
use crate::state::{Pending, State};
use crate::ui::{DIM, ERROR, KEY, TITLE};
use crate::widgets::{popup, spinner, text};

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let info = &state.connect;
    let width = area.width.saturating_sub(4).min(90);
    let text_width = width.saturating_sub(2) as usize;
    let wrapped = |text: &str, indent: usize, style: Style| -> Vec<Line<'static>> {
        text::wrap(text, text_width, indent)
            .into_iter()
            .map(|l| Line::styled(l, style))
            .collect()
    };
    let missing = || Span::styled("not set", ERROR);
    let value = |v: &Option<String>| {
        v.as_deref()
            .map_or_else(missing, |v| Span::raw(v.to_owned()))
    };
    let row = |label: &str, value: Span<'static>| {
        Line::from(vec![Span::styled(format!("{label:<16}"), DIM), value])
    };
    let mut lines = vec![
        Line::styled("Connect to a Microsoft Entra tenant", TITLE),
        Line::styled(
            "App-only sign-in (client credentials) to Microsoft Graph",
            DIM,
        ),
        Line::raw(""),
        row("Tenant ID", value(&info.tenant_id)),
        row("Client ID", value(&info.client_id)),
        row(
            "Client secret",
            if info.secret_set {
                Span::raw("set (hidden)")
            } else {
                missing()
            },
        ),
        row("Authority", Span::raw(info.authority_host.clone())),
        row("Graph endpoint", Span::raw(info.graph_endpoint.clone())),
        row(
            "Mode",
            if info.read_only {
                Span::styled(
                    "read-only (read_only = true)",
                    Style::new().fg(Color::Yellow),
                )
            } else {
                Span::raw("read-write (as far as the app's permissions allow)")
            },
        ),
    ];
    if let Some(source) = &info.source {
        lines.push(row("Settings", Span::raw(source.clone())));
    }
    lines.push(Line::raw(""));
    for warning in &info.warnings {
        lines.extend(wrapped(
            &format!("! {warning}"),
            2,
            Style::new().fg(Color::Yellow),
        ));
    }
    if !info.problems.is_empty() {
        lines.push(Line::styled("Cannot connect yet:", ERROR));
        for problem in &info.problems {
            lines.extend(wrapped(&format!("• {problem}"), 2, ERROR));
        }
        lines.push(Line::styled(
            "Run `lazyentra config` to see where each setting comes from.",
            DIM,
        ));
    } else if state.is_pending(|p| *p == Pending::Connect) {
        lines.push(Line::styled(
            format!("{} Signing in… (Esc cancels)", spinner(state.tick)),
            KEY,
        ));
    } else {
        if let Some(error) = &state.connect_error {
            lines.push(Line::styled("Sign-in failed:", ERROR));
            lines.extend(wrapped(error, 0, ERROR));
            lines.push(Line::raw(""));
        }
        lines.push(Line::from(vec![
            Span::raw("Press "),
            Span::styled(state.keymap.short(Action::Connect), KEY),
            Span::raw(" to connect, "),
            Span::styled(state.keymap.short(Action::Quit), KEY),
            Span::raw(" to quit."),
        ]));
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let outer = popup::centered(area, width + 4, height);
    let inner = popup::frame(frame, outer, "lazyentra", Color::Cyan).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
