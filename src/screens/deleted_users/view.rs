//! The deleted users: a summary row, the search box, and a table of name, the UPN the user
//! had, when it was deleted and how many of its 30 days are left, counted from when Graph
//! answered (so drawing reads no clock).

use chrono::{DateTime, Duration, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use super::state::{DeletedUsers, RETENTION_DAYS, Request};
use crate::graph::User;
use crate::keymap::{Action, Context};
use crate::screens::search_box;
use crate::screens::user_list::state::ListProblem;
use crate::state::{Pending, State};
use crate::ui::layout::CHROME_ROWS;
use crate::ui::theme::{DIM, ERROR, KEY, MARK, MARKED, SELECTED, TITLE, WARN};
use crate::widgets::{spinner, text};

const HEADERS: [&str; 4] = [
    "Display name",
    "User principal name",
    "Deleted (UTC)",
    "Days left",
];
const MARKER: &str = "› ";
/// A user this close to being purged is shown in the warning colour.
const FEW_DAYS: i64 = 3;

/// Table rows visible at the current terminal size: the reducer pages and prefetches by it.
pub(super) fn table_rows(state: &State) -> usize {
    let search = u16::from(
        state
            .screens
            .find::<DeletedUsers>()
            .is_some_and(|d| d.search.visible()),
    );
    // Summary row, search row, table header.
    state.size.1.saturating_sub(CHROME_ROWS + 2 + search).max(1) as usize
}

/// What the status line says while a request of this screen runs.
pub fn activity(request: &Request) -> String {
    match request {
        Request::FirstPage {
            search: Some(s), ..
        } => format!("Searching deleted users for '{s}'…"),
        Request::FirstPage { refresh: true, .. } => "Refreshing deleted users…".to_owned(),
        Request::FirstPage { .. } => "Loading deleted users…".to_owned(),
        Request::NextPage => "Loading more deleted users…".to_owned(),
        Request::Restore(target) => format!("Restoring {}…", target.label),
        Request::Purge(target) => format!("Deleting {} for good…", target.label),
    }
}

pub(super) fn render(screen: &DeletedUsers, state: &State, frame: &mut Frame, area: Rect) {
    let search_rows = u16::from(screen.search.visible());
    let [summary, search, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(search_rows),
        Constraint::Min(1),
    ])
    .areas(area);
    render_summary(screen, state, frame, summary);
    if search_rows > 0 {
        search_box::render(&screen.search, &state.keymap, frame, search);
    }
    render_table(screen, state, frame, table);
}

fn render_summary(screen: &DeletedUsers, state: &State, frame: &mut Frame, area: Rect) {
    let loaded = text::thousands(screen.users.len() as u64);
    let mut spans = vec![Span::styled("Deleted users ", TITLE)];
    let what = match (screen.total, &screen.search.applied) {
        (Some(total), Some(s)) => format!("{loaded} of {} matching '{s}'", text::thousands(total)),
        (Some(total), None) => format!("{loaded} of {}", text::thousands(total)),
        (None, Some(s)) => format!("{loaded} matching '{s}'"),
        (None, None) if !screen.loaded => String::new(),
        (None, None) => loaded,
    };
    spans.push(Span::raw(what));
    if screen.marked_count() > 0 {
        spans.push(Span::styled(
            format!(
                " · {} marked",
                text::thousands(screen.marked_count() as u64)
            ),
            MARKED,
        ));
    }
    spans.push(Span::styled(
        format!(" (restorable for {RETENTION_DAYS} days after deletion)"),
        DIM,
    ));
    if state.is_pending(|p| matches!(p, Pending::Deleted(Request::NextPage))) {
        spans.push(Span::styled(
            format!(" {} loading more", spinner(state.tick)),
            KEY,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_table(screen: &DeletedUsers, state: &State, frame: &mut Frame, area: Rect) {
    let key = |action: Action| state.keymap.short(action);
    if screen.users.is_empty() {
        let message = if let Some(problem) = &screen.problem {
            let text = match problem {
                ListProblem::Failed(e) => format!("Could not load deleted users: {e}"),
                ListProblem::Cancelled => format!(
                    "Loading cancelled: press {} to load the deleted users",
                    key(Action::Refresh)
                ),
            };
            Line::styled(text, ERROR)
        } else if !screen.loaded {
            Line::styled(
                format!("{} Loading deleted users…", spinner(state.tick)),
                KEY,
            )
        } else if let Some(s) = &screen.search.applied {
            Line::raw(format!(
                "No deleted users match '{s}'. Graph matches words of display names and the \
                 start of mail addresses (a deleted user's UPN starts with its id). {} clears \
                 the search.",
                state.keymap.short_in(Action::Back, Context::Deleted)
            ))
        } else {
            Line::raw(format!(
                "No deleted users. A user deleted from the list stays here, restorable, for \
                 {RETENTION_DAYS} days. {} goes back.",
                key(Action::Back)
            ))
        };
        let area = area.inner(Margin::new(1, 1));
        frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), area);
        return;
    }
    let rows_shown = area.height.saturating_sub(1) as usize;
    let visible: Vec<&User> = screen
        .users
        .iter()
        .skip(screen.offset)
        .take(rows_shown)
        .collect();
    let cells: Vec<[String; 4]> = visible
        .iter()
        .map(|u| {
            let mut cells = cells(u, screen.as_of);
            if screen.is_marked(u) {
                cells[0] = format!("{MARK}{}", cells[0]);
            }
            cells
        })
        .collect();
    let widths = column_widths(&cells, area.width as usize);
    let header = Row::new(
        HEADERS
            .iter()
            .zip(&widths)
            .map(|(h, w)| Cell::from(text::truncate(h, *w))),
    )
    .style(TITLE.add_modifier(Modifier::UNDERLINED));
    let rows = visible.iter().zip(cells).map(|(user, cells)| {
        let style = match days_left(user, screen.as_of) {
            _ if screen.is_marked(user) => MARKED,
            Some(left) if left < Duration::days(FEW_DAYS) => WARN,
            _ => Style::new(),
        };
        Row::new(
            cells
                .into_iter()
                .zip(&widths)
                .map(|(c, w)| Cell::from(text::truncate(&c, *w))),
        )
        .style(style)
    });
    let constraints = widths.iter().map(|w| Constraint::Length(*w as u16));
    let table = Table::new(rows, constraints)
        .header(header)
        .column_spacing(1)
        .highlight_symbol(MARKER)
        .row_highlight_style(SELECTED);
    let mut table_state =
        TableState::default().with_selected(screen.selected.checked_sub(screen.offset));
    frame.render_stateful_widget(table, area, &mut table_state);
}

/// How long until Graph purges `user`, as of when it answered.
fn days_left(user: &User, as_of: Option<DateTime<Utc>>) -> Option<Duration> {
    let deleted = user.deleted_date_time?;
    Some(deleted + Duration::days(RETENTION_DAYS) - as_of?)
}

/// "29 days", "1 day", "< 1 day", or "any time now" once the 30 days are over.
fn days_text(left: Option<Duration>) -> String {
    match left {
        None => "?".to_owned(),
        Some(left) if left <= Duration::zero() => "any time now".to_owned(),
        Some(left) => match left.num_days() {
            0 => "< 1 day".to_owned(),
            1 => "1 day".to_owned(),
            n => format!("{n} days"),
        },
    }
}

fn cells(user: &User, as_of: Option<DateTime<Utc>>) -> [String; 4] {
    [
        user.label().to_owned(),
        user.original_upn().to_owned(),
        user.deleted_date_time
            .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default(),
        days_text(days_left(user, as_of)),
    ]
}

/// Widths of the four columns for `width` cells: the date and days fixed, the names sharing
/// the rest by what the visible rows need.
fn column_widths(rows: &[[String; 4]], width: usize) -> Vec<usize> {
    let mut wanted: Vec<usize> = HEADERS.iter().map(|h| text::width(h)).collect();
    wanted[2] = 16;
    wanted[3] = 12;
    for row in rows {
        for (w, cell) in wanted.iter_mut().zip(row).take(2) {
            *w = (*w).max(text::width(cell));
        }
    }
    let fixed = wanted[2] + wanted[3];
    let room = width.saturating_sub(text::width(MARKER) + fixed + 3);
    let mut widths = text::fit_columns(&wanted[..2], 12, room);
    widths.extend([wanted[2], wanted[3]]);
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_left_count_down_from_the_answer() {
        let at = crate::fixtures::answered_at();
        let left = |deleted_ago: Duration| days_text(Some(Duration::days(30) - deleted_ago));
        assert_eq!(left(Duration::hours(1)), "29 days");
        assert_eq!(left(Duration::days(28) + Duration::hours(1)), "1 day");
        assert_eq!(left(Duration::days(29) + Duration::hours(23)), "< 1 day");
        assert_eq!(left(Duration::days(31)), "any time now");
        assert_eq!(days_text(None), "?");
        let user = User {
            deleted_date_time: Some(at - Duration::days(10)),
            ..User::default()
        };
        assert_eq!(days_left(&user, Some(at)), Some(Duration::days(20)));
        assert_eq!(days_left(&user, None), None);
    }
}
