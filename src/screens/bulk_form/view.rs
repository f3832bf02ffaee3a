//! The bulk edit form: one row per field with its label (and `›` on the focused one, not
//! only a colour), the value, its problem beside it, and what Ctrl-S does.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::field_problem;
use super::state::BulkForm;
use crate::keymap::{Action, Context};
use crate::screens::form_field::draw_input;
use crate::state::State;
use crate::ui::theme::{ACCENT, DIM, ERROR, FOCUS, KEY, TITLE};
use crate::widgets::{popup, text};

const WIDTH: u16 = 72;
const LABEL: usize = 20;

pub(super) fn render(form: &BulkForm, state: &State, frame: &mut Frame, area: Rect) {
    let width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let users = if form.marked == 1 { "user" } else { "users" };
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Set on every one of the "),
            Span::styled(format!("{} marked {users}", form.marked), TITLE),
            Span::raw(":"),
        ]),
        Line::styled("Only the fields you fill in are sent.", DIM),
        Line::raw(""),
    ];
    let first_field = lines.len();
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let marker = if focused { "› " } else { "  " };
        let mut spans = vec![Span::styled(
            format!("{marker}{:<w$}", field.id.label(), w = LABEL - 2),
            if focused { FOCUS } else { TITLE },
        )];
        // The value is drawn over this row by `draw_input`; its problem goes at the right.
        if let Some(problem) = field_problem(field) {
            let problem = format!("✗ {problem}");
            let pad = width.saturating_sub(LABEL + text::width(&problem));
            spans.push(Span::raw(" ".repeat(pad)));
            spans.push(Span::styled(problem, ERROR));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    if let Some(problem) = &form.problem {
        for line in text::wrap(&format!("✗ {problem}"), width, 2) {
            lines.push(Line::styled(line, ERROR));
        }
        lines.push(Line::raw(""));
    }
    let km = &state.keymap;
    let c = Context::BulkForm;
    lines.push(Line::from(vec![
        Span::styled(km.short_in(Action::Save, c), KEY),
        Span::raw(" review    "),
        Span::styled(km.short_in(Action::NextField, c), KEY),
        Span::raw(" next field    "),
        Span::styled(km.short_in(Action::Back, c), KEY),
        Span::raw(" leave"),
    ]));
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "Edit marked users", ACCENT).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines), inner);
    for (i, field) in form.fields.iter().enumerate() {
        let y = inner.y + (first_field + i) as u16;
        if y >= inner.bottom() {
            break;
        }
        let Some(input) = field.input() else { continue };
        let focused = i == form.focus;
        let problem = field_problem(field).map_or(0, |p| text::width(&p) + 3) as u16;
        let room = inner.width.saturating_sub(LABEL as u16 + problem).max(1);
        let row = Rect::new(inner.x + LABEL as u16, y, room, 1);
        let style = if focused {
            KEY
        } else {
            ratatui::style::Style::new()
        };
        draw_input(frame, row, input, false, style, (focused, focused));
    }
}
