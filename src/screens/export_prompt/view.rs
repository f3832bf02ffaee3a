//! The export dialog: what will be written (how many users, which columns), the path field
//! with its cursor, the format, what went wrong last time, and the keys; while writing, a bar.

use ratatui::Frame;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::state::{ExportPrompt, Writing};
use crate::export::table::Format;
use crate::export::target::ExportError;
use crate::keymap::{Action, Context};
use crate::screens::user_list::columns::Field;
use crate::state::State;
use crate::ui::theme::{ACCENT, DIM, ERROR, KEY, TITLE, WARN};
use crate::widgets::popup;
use crate::widgets::text::{self, thousands};

const WIDTH: u16 = 76;
const FIELD: &str = "File   › ";

pub(super) fn render(prompt: &ExportPrompt, state: &State, frame: &mut Frame, area: Rect) {
    let inner_width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let mut lines = match &prompt.source {
        Some(source) => text::wrap(&source.about, inner_width, 0)
            .into_iter()
            .map(Line::raw)
            .collect(),
        None => what(state, inner_width),
    };
    lines.push(Line::raw(""));
    let field_row = lines.len();
    let room = inner_width.saturating_sub(FIELD.len() + 1);
    let (shown, cursor) = field(prompt, room);
    lines.push(Line::from(vec![
        Span::styled(FIELD, if prompt.writing.is_some() { DIM } else { WARN }),
        Span::raw(shown),
    ]));
    lines.push(format_line(prompt.format));
    let about = match prompt.format {
        Format::Csv => "UTF-8 (with a BOM for Excel), column titles in the first row",
        Format::Json => "an array of objects keyed by Graph property names, for scripts",
    };
    for line in text::wrap(about, inner_width.saturating_sub(9), 0) {
        lines.push(Line::styled(format!("         {line}"), DIM));
    }
    lines.push(Line::raw(""));
    if let Some(problem) = &prompt.problem {
        for line in text::wrap(&problem_text(prompt, problem, state), inner_width, 2) {
            lines.push(Line::styled(line, ERROR));
        }
        lines.push(Line::raw(""));
    }
    lines.push(match prompt.writing {
        Some(writing) => progress(writing, state, inner_width),
        None => keys(prompt, state),
    });
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let title = prompt
        .source
        .as_ref()
        .map_or("Export users", |source| source.title.as_str());
    let inner = popup::frame(frame, outer, title, ACCENT).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines), inner);
    if prompt.writing.is_none() {
        let x = inner.x + FIELD.chars().count() as u16 + cursor as u16;
        let y = inner.y + field_row as u16;
        if y < inner.bottom() {
            frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
        }
    }
}

/// What will be written: the users shown, whether some are not loaded, and the columns.
fn what(state: &State, width: usize) -> Vec<Line<'static>> {
    let Some(list) = state.screens.list() else {
        return Vec::new();
    };
    let shown = list.shown.len() as u64;
    let users = if shown == 1 { "user" } else { "users" };
    let mut lines = vec![Line::from(vec![
        Span::raw("Write the "),
        Span::styled(format!("{} {users}", thousands(shown)), TITLE),
        Span::raw(" shown, in the order shown."),
    ])];
    if list.next.is_some() {
        let more = list
            .total
            .map(|t| t.saturating_sub(list.rows.len() as u64))
            .filter(|n| *n > 0)
            .map_or_else(|| "more".to_owned(), |n| format!("{} more", thousands(n)));
        let note = format!(
            "Only the loaded users: {more} are not loaded yet ({} loads them; `lazyentra export` writes every user).",
            state.keymap.short(Action::LoadAll)
        );
        lines.extend(
            text::wrap(&note, width, 0)
                .into_iter()
                .map(|l| Line::styled(l, WARN)),
        );
    }
    let titles: Vec<&str> = list.columns.fields().map(Field::title).collect();
    let columns = format!("Columns: {}.", titles.join(", "));
    lines.extend(
        text::wrap(&columns, width, 9)
            .into_iter()
            .map(|l| Line::styled(l, DIM)),
    );
    lines
}

/// The visible part of the path for `room` cells, and the cursor's cell within it.
fn field(prompt: &ExportPrompt, room: usize) -> (String, usize) {
    let input = &prompt.path;
    let scroll = input.visual_scroll(room);
    let mut skipped = 0;
    let mut shown = String::new();
    for c in input.value().chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if skipped < scroll {
            skipped += w;
            continue;
        }
        shown.push(c);
    }
    (
        text::truncate(&shown, room),
        input.visual_cursor().saturating_sub(scroll),
    )
}

fn format_line(format: Format) -> Line<'static> {
    let choice = |f: Format| {
        if f == format {
            Span::styled(format!("(•) {}", f.label()), KEY)
        } else {
            Span::raw(format!("( ) {}", f.label()))
        }
    };
    Line::from(vec![
        Span::styled("Format   ", WARN),
        choice(Format::Csv),
        Span::raw("   "),
        choice(Format::Json),
    ])
}

/// The failure, and for an existing file how to go on.
fn problem_text(prompt: &ExportPrompt, problem: &ExportError, state: &State) -> String {
    let enter = state.keymap.short_in(Action::Submit, Context::ExportPrompt);
    match problem {
        ExportError::Exists { .. } if prompt.replaces() => {
            format!("✗ {problem}: {enter} again replaces it, or change the name to keep it.")
        }
        _ => format!("✗ {problem}"),
    }
}

fn keys(prompt: &ExportPrompt, state: &State) -> Line<'static> {
    let km = &state.keymap;
    let c = Context::ExportPrompt;
    let write = if prompt.replaces() {
        " replace    "
    } else {
        " write    "
    };
    Line::from(vec![
        Span::styled(km.short_in(Action::Submit, c), KEY),
        Span::raw(write),
        Span::styled(km.short_in(Action::NextField, c), KEY),
        Span::raw(" CSV/JSON    "),
        Span::styled(km.short_in(Action::Back, c), KEY),
        Span::raw(" cancel"),
    ])
}

/// "Writing 45,000 of 100,000 users… ████░░░░ 45%   Esc cancel"
fn progress(writing: Writing, state: &State, width: usize) -> Line<'static> {
    let head = format!(
        "Writing {} of {} users… ",
        thousands(writing.written),
        thousands(writing.total)
    );
    let ratio = if writing.total == 0 {
        0.0
    } else {
        (writing.written as f64 / writing.total as f64).min(1.0)
    };
    let cancel = format!(
        "   {} cancel",
        state.keymap.short_in(Action::Back, Context::ExportPrompt)
    );
    let percent = format!(" {:>3}%", (ratio * 100.0).floor() as u64);
    let bar = width
        .saturating_sub(text::width(&head) + percent.len() + text::width(&cancel))
        .min(30);
    let filled = ((ratio * bar as f64).round() as usize).min(bar);
    Line::from(vec![
        Span::styled(head, KEY),
        Span::styled("█".repeat(filled), KEY),
        Span::styled("░".repeat(bar - filled), DIM),
        Span::raw(percent),
        Span::styled(cancel, DIM),
    ])
}
