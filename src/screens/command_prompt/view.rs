//! The `:` prompt: a box along the bottom of the screen with the line being typed, the
//! commands that match it above, and why the last Enter did not run it below.

use ratatui::Frame;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::state::CommandPrompt;
use crate::command;
use crate::screens::search_box;
use crate::state::State;
use crate::ui::theme::{ACCENT, DIM, ERROR, KEY, TITLE};
use crate::widgets::{popup, text};

/// At most this many matching commands are listed.
const LISTED: usize = 8;

pub(super) fn render(prompt: &CommandPrompt, state: &State, frame: &mut Frame, area: Rect) {
    let typed = prompt.input.value();
    let matches = command::matching(typed);
    let inner_width = area.width.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = matches
        .iter()
        .take(LISTED)
        .map(|spec| {
            let name = spec.usage();
            let what = text::truncate(spec.what, inner_width.saturating_sub(20));
            Line::from(vec![
                Span::styled(format!("{name:<18}  "), KEY),
                Span::styled(what, DIM),
            ])
        })
        .collect();
    // After `:view `, the saved views that match.
    let names: Vec<&str> = state.views.keys().map(String::as_str).collect();
    let views = command::matching_views(typed, &names);
    if !views.is_empty() {
        let listed: Vec<&str> = views.into_iter().take(LISTED * 3).collect();
        let line = text::truncate(&format!("views: {}", listed.join("  ")), inner_width);
        lines.push(Line::styled(line, DIM));
    }
    if typed.trim_start().to_lowercase().starts_with("view save") {
        let what = "a name for the list's columns, sort and filter (letters, digits, - and _); \
                    a saved view's name replaces it";
        for line in text::wrap(what, inner_width, 0) {
            lines.push(Line::styled(line, DIM));
        }
    }
    let input_row = lines.len();
    lines.push(Line::raw(""));
    if let Some(problem) = &prompt.problem {
        for line in text::wrap(&problem.to_string(), inner_width, 0) {
            lines.push(Line::styled(line, ERROR));
        }
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let outer = Rect::new(
        area.x,
        area.bottom().saturating_sub(height),
        area.width,
        height,
    );
    let inner = popup::frame(frame, outer, "Command", ACCENT).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines), inner);

    // The line itself, scrolled so the cursor shows.
    let row = Rect::new(
        inner.x,
        inner.y + input_row as u16,
        inner.width,
        1.min(inner.height.saturating_sub(input_row as u16)),
    );
    if row.height == 0 {
        return;
    }
    let room = (row.width as usize).saturating_sub(2);
    let (value, cursor) = search_box::window(&prompt.input, room);
    let line = Line::from(vec![Span::styled(":", TITLE), Span::raw(value)]);
    frame.render_widget(Paragraph::new(line), row);
    let x = row.x + 1 + cursor as u16;
    frame.set_cursor_position(Position::new(x.min(row.right().saturating_sub(1)), row.y));
}
