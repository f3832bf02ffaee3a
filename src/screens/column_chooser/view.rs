//! The column chooser: a box over the list with one row per column (shown or not, its title,
//! the Graph property it reads, its width), the cursor's row highlighted, a line on what
//! adding a column costs, and the keys.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::state::ColumnChooser;
use crate::keymap::{Action, Context};
use crate::state::State;
use crate::ui::theme::{ACCENT, DIM, ERROR, KEY, SELECTED, TITLE};
use crate::widgets::{popup, text};

const WIDTH: u16 = 68;

pub(super) fn render(chooser: &ColumnChooser, state: &State, frame: &mut Frame, area: Rect) {
    let inner_width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let mut lines = vec![Line::styled(
        format!("     {:<20} {:<22} {}", "Column", "Graph property", "Width"),
        TITLE,
    )];
    // The rows that fit, scrolled so the cursor shows.
    let chrome = 8 + u16::from(chooser.problem.is_some());
    let room = area.height.saturating_sub(chrome + 2).max(2) as usize;
    let count = chooser.items.len();
    let room = if room >= count { room } else { room - 1 };
    let first = chooser.cursor.saturating_sub(room.saturating_sub(1));
    for (i, item) in chooser.items.iter().enumerate().skip(first).take(room) {
        let mark = if item.shown { "[x]" } else { "[ ]" };
        let width = match (item.width, item.shown) {
            (Some(w), _) => format!("{w}"),
            (None, true) => match item.drawn {
                Some(0) => "auto (hidden)".to_owned(),
                Some(d) => format!("auto ({d})"),
                None => "auto".to_owned(),
            },
            (None, false) => String::new(),
        };
        let cursor = if i == chooser.cursor { "›" } else { " " };
        let row = format!(
            "{cursor} {mark} {:<20} {:<22} {width}",
            item.field.title(),
            item.field.property()
        );
        let row = text::truncate(&row, inner_width);
        lines.push(if i == chooser.cursor {
            Line::styled(format!("{row:<inner_width$}"), SELECTED)
        } else if item.shown {
            Line::raw(row)
        } else {
            Line::styled(row, DIM)
        });
    }
    let below = count.saturating_sub(first + room);
    if below > 0 {
        lines.push(Line::styled(
            format!(
                "  ↓ {below} more ({})",
                state.keymap.short_in(Action::Down, Context::Columns)
            ),
            DIM,
        ));
    }
    lines.push(Line::raw(""));
    for line in text::wrap(
        "Graph sends only the columns asked for: showing one the users were loaded without loads them again.",
        inner_width,
        0,
    ) {
        lines.push(Line::styled(line, DIM));
    }
    if let Some(problem) = &chooser.problem {
        lines.push(Line::styled(problem.clone(), ERROR));
    }
    lines.extend(keys(state));
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "Columns", ACCENT).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The keys, from the keymap: what changes a column, then what closes the chooser.
fn keys(state: &State) -> [Line<'static>; 2] {
    let km = &state.keymap;
    let c = Context::Columns;
    let key = |a: Action| km.short_in(a, c);
    let line = |parts: Vec<(String, &str)>| {
        let mut spans = Vec::new();
        for (i, (k, what)) in parts.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" · ", DIM));
            }
            spans.push(Span::styled(k, KEY));
            spans.push(Span::raw(format!(" {what}")));
        }
        Line::from(spans)
    };
    [
        line(vec![
            (key(Action::Toggle), "show/hide"),
            (
                format!("{}/{}", key(Action::MoveUp), key(Action::MoveDown)),
                "move",
            ),
            (
                format!("{}/{}", key(Action::Wider), key(Action::Narrower)),
                "width",
            ),
            (key(Action::AutoWidth), "adapts"),
        ]),
        line(vec![
            (key(Action::Submit), "use"),
            (key(Action::Save), "use and save as a view"),
            (key(Action::Back), "cancel"),
        ]),
    ]
}
