//! The manager picker: a popup over the detail with who the manager is now, the search box,
//! what Graph found (display name, UPN, job title; the user itself dimmed and marked, the
//! current manager marked) and the keys.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::state::{Current, ManagerPicker, Request};
use crate::graph::User;
use crate::keymap::{Action, Context};
use crate::screens::search_box;
use crate::state::{Pending, State};
use crate::ui::layout::CHROME_ROWS;
use crate::ui::theme::{ACCENT, DIM, ERROR, KEY, SELECTED, TITLE, WARN};
use crate::widgets::{popup, spinner, text};

const MAX_WIDTH: u16 = 100;
const MAX_HEIGHT: u16 = 20;
/// Rows inside the border that are not results: now, search, what was found, the table
/// header, the keys.
const FIXED_ROWS: u16 = 5;
const HEADERS: [&str; 3] = ["Display name", "User principal name", "Job title"];
const MARKER: &str = "› ";

fn popup_area(area: Rect) -> Rect {
    popup::centered(
        area,
        MAX_WIDTH.min(area.width.saturating_sub(2)),
        MAX_HEIGHT.min(area.height.saturating_sub(2)),
    )
}

/// Result rows shown at terminal size `size`: what a page key moves by.
pub(super) fn result_rows(size: (u16, u16)) -> usize {
    let body = size.1.saturating_sub(CHROME_ROWS);
    let height = MAX_HEIGHT.min(body.saturating_sub(2));
    usize::from(height.saturating_sub(2 + FIXED_ROWS).max(1))
}

pub(super) fn render(picker: &ManagerPicker, state: &State, frame: &mut Frame, area: Rect) {
    let outer = popup_area(area);
    let title = format!("Manager of {}", text::clean(&picker.user.label));
    let title = text::truncate(&title, usize::from(outer.width.saturating_sub(6)));
    let inner = popup::frame(frame, outer, &title, ACCENT).inner(Margin::new(1, 0));
    let [now, search, found, table, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(now_line(picker, state)), now);
    search_box::render(&picker.search, &state.keymap, frame, search);
    frame.render_widget(Paragraph::new(found_line(picker, state)), found);
    if !picker.results.is_empty() {
        render_table(picker, frame, table);
    }
    frame.render_widget(Paragraph::new(keys_line(state)), keys);
}

fn now_line(picker: &ManagerPicker, state: &State) -> Line<'static> {
    let mut spans = vec![Span::styled("Now: ", DIM)];
    match &picker.current {
        Current::Loading => spans.push(Span::styled(
            format!("{} reading…", spinner(state.tick)),
            KEY,
        )),
        Current::None => spans.push(Span::raw("no manager")),
        Current::Unknown => spans.push(Span::styled("unknown (Graph did not say)", DIM)),
        Current::Some(person) => {
            spans.push(Span::styled(text::clean(&person.label).into_owned(), TITLE));
            spans.push(Span::styled(format!("  {}", text::clean(&person.upn)), DIM));
        }
    }
    Line::from(spans)
}

/// What the search found, or what to do, or why the selected user cannot be picked.
fn found_line(picker: &ManagerPicker, state: &State) -> Line<'static> {
    let searching = state.is_pending(|p| matches!(p, Pending::PickManager(Request::Search { .. })));
    if let Some(person) = state_setting(state) {
        return Line::styled(
            format!("{} Making {} the manager…", spinner(state.tick), person),
            KEY,
        );
    }
    if searching {
        return Line::styled(format!("{} Searching…", spinner(state.tick)), KEY);
    }
    if let Some(problem) = &picker.problem {
        return Line::styled(format!("✗ The search failed: {problem}"), ERROR);
    }
    if picker
        .selected_user()
        .is_some_and(|u| u.id == picker.user.id)
    {
        return Line::styled(
            format!(
                "{} cannot be its own manager: pick someone else",
                text::clean(&picker.user.label)
            ),
            WARN,
        );
    }
    match &picker.answered {
        None => Line::styled(
            "Type a name, or the start of a UPN or mail, to search the tenant",
            DIM,
        ),
        Some(text) if picker.results.is_empty() => Line::raw(format!(
            "No user matches '{}': try a word of a name, or the start of a UPN or mail",
            text::clean(text)
        )),
        Some(text) => {
            let more = if picker.results.len() >= usize::from(super::state::RESULTS) {
                " (the first ones: type more to narrow)"
            } else {
                ""
            };
            Line::styled(
                format!(
                    "{} found for '{}'{more}",
                    picker.results.len(),
                    text::clean(text)
                ),
                DIM,
            )
        }
    }
}

/// The manager being set, by name, while the request runs.
fn state_setting(state: &State) -> Option<String> {
    state.pending.values().find_map(|p| match p {
        Pending::PickManager(Request::Set { manager, .. }) => Some(manager.label.clone()),
        _ => None,
    })
}

fn cells(picker: &ManagerPicker, user: &User) -> [String; 3] {
    let mut name = user.label().to_owned();
    if user.id == picker.user.id {
        name.push_str(" (this user)");
    } else if picker.is_current(user) {
        name.push_str(" (now)");
    }
    [
        name,
        user.upn().to_owned(),
        user.job_title.clone().unwrap_or_default(),
    ]
}

fn render_table(picker: &ManagerPicker, frame: &mut Frame, area: Rect) {
    let rows_shown = usize::from(area.height.saturating_sub(1)).max(1);
    let offset = picker.selected.saturating_sub(rows_shown - 1);
    let visible: Vec<&User> = picker
        .results
        .iter()
        .skip(offset)
        .take(rows_shown)
        .collect();
    let cells: Vec<[String; 3]> = visible.iter().map(|u| cells(picker, u)).collect();
    let mut wanted: Vec<usize> = HEADERS.iter().map(|h| text::width(h)).collect();
    for row in &cells {
        for (w, cell) in wanted.iter_mut().zip(row) {
            *w = (*w).max(text::width(&text::clean(cell)));
        }
    }
    let room = usize::from(area.width).saturating_sub(text::width(MARKER) + 2);
    let widths = text::fit_columns(&wanted, 8, room);
    let header = Row::new(
        HEADERS
            .iter()
            .zip(&widths)
            .map(|(h, w)| Cell::from(text::truncate(h, *w))),
    )
    .style(TITLE.add_modifier(Modifier::UNDERLINED));
    let rows = visible.iter().zip(cells).map(|(user, cells)| {
        let style = if user.id == picker.user.id {
            DIM
        } else {
            Style::new()
        };
        Row::new(
            cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| Cell::from(text::truncate(&text::clean(c), *w))),
        )
        .style(style)
    });
    let table = Table::new(rows, widths.iter().map(|w| Constraint::Length(*w as u16)))
        .header(header)
        .column_spacing(1)
        .highlight_symbol(MARKER)
        .row_highlight_style(SELECTED);
    let mut table_state = TableState::default().with_selected(picker.selected.checked_sub(offset));
    frame.render_stateful_widget(table, area, &mut table_state);
}

fn keys_line(state: &State) -> Line<'static> {
    let km = &state.keymap;
    let c = Context::PickManager;
    let key = |action| km.label_in(action, c);
    let pairs: Vec<(String, &str)> = if state_setting(state).is_some() {
        vec![(key(Action::Back), "cancel")]
    } else {
        vec![
            (key(Action::Submit), "make manager"),
            (format!("{}/{}", key(Action::Up), key(Action::Down)), "move"),
            (key(Action::Back), "close"),
        ]
    };
    let mut spans = Vec::new();
    for (i, (keys, what)) in pairs.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(keys, KEY));
        spans.push(Span::styled(format!(" {what}"), DIM));
    }
    Line::from(spans)
}
