//! The user list: a summary row (how many loaded of how many), the search box, and the
//! table. Columns are sized by display width; guests and disabled accounts are marked in text,
//! not only in colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row as TableRow, Table, TableState, Wrap};

use super::columns::Field;
use super::row::Row;
use super::state::{ListProblem, Load, Progress, UserList};
use super::widths::{self, Want};
use crate::keymap::Action;
use crate::screens::search_box;
use crate::state::{Pending, State};
use crate::ui::layout::CHROME_ROWS;
use crate::ui::theme::{DIM, DISABLED_USER, ERROR, GUEST, KEY, MARK, MARKED, SELECTED, TITLE};
use crate::widgets::{spinner, text};

/// The selection marker takes two cells on every row.
const MARKER: &str = "› ";

/// Table rows visible at the current terminal size: the reducer pages and prefetches by it.
pub fn table_rows(state: &State) -> usize {
    let search = u16::from(state.screens.list().is_some_and(|l| l.search.visible()));
    // Summary row, search row, table header.
    state.size.1.saturating_sub(CHROME_ROWS + 2 + search).max(1) as usize
}

/// What the status line says while a listing runs; nothing for the listing's delta link,
/// which is bookkeeping beside the first page.
pub fn activity(load: &Load) -> Option<String> {
    Some(match load {
        Load::Search { text } => format!("Searching Graph for '{text}'…"),
        Load::FirstPage {
            restore: Some(_), ..
        } => "Refreshing users…".to_owned(),
        Load::FirstPage { restore: None, .. } => "Loading users…".to_owned(),
        Load::NextPage { .. } | Load::All => "Loading more users…".to_owned(),
        Load::Changes { .. } => "Refreshing users: reading what changed…".to_owned(),
        Load::Track => return None,
    })
}

pub(super) fn render(list: &UserList, state: &State, frame: &mut Frame, area: Rect) {
    let search_rows = u16::from(list.search.visible());
    let [summary, search, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(search_rows),
        Constraint::Min(1),
    ])
    .areas(area);
    let visible = visible_rows(list, table.height);
    let layout = layout(list, &visible, table.width as usize);
    let hidden = list.columns.0.len() - layout.len();
    render_summary(list, state, frame, summary, hidden);
    if search_rows > 0 {
        search_box::render(&list.search, &state.keymap, frame, search);
    }
    render_table(list, state, frame, table, (&visible, &layout));
}

/// The rows the table has room for (below its header), from `offset`.
fn visible_rows(list: &UserList, height: u16) -> Vec<&Row> {
    list.shown
        .iter()
        .skip(list.offset)
        .take(height.saturating_sub(1) as usize)
        .filter_map(|&i| list.rows.get(i))
        .collect()
}

fn render_summary(list: &UserList, state: &State, frame: &mut Frame, area: Rect, hidden: usize) {
    if let Some(progress) = list.load_progress() {
        let line = progress_line(&progress, area.width as usize);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let loaded = text::thousands(list.rows.len() as u64);
    let mut spans = vec![Span::styled("Users ", TITLE)];
    let what = match list.total {
        _ if !list.filter.is_empty() => {
            let shown = text::thousands(list.shown.len() as u64);
            if list.next.is_some() {
                format!("{shown} shown · searching Graph + {loaded} loaded")
            } else {
                format!("{shown} shown · filtering {loaded} loaded")
            }
        }
        Some(total) => format!("{loaded} of {}", text::thousands(total)),
        None if !list.loaded => String::new(),
        None => loaded,
    };
    spans.push(Span::raw(what));
    if list.marked_count() > 0 {
        spans.push(Span::styled(
            format!(" · {} marked", text::thousands(list.marked_count() as u64)),
            MARKED,
        ));
    }
    if let Some(sort) = list.sort {
        spans.push(Span::styled(
            format!(
                " · by {} {}",
                sort.column.label(),
                if sort.descending { "↓" } else { "↑" }
            ),
            DIM,
        ));
    }
    if hidden > 0 {
        let columns = if hidden == 1 { "column" } else { "columns" };
        spans.push(Span::styled(
            format!(
                " · {hidden} {columns} hidden ({})",
                state.keymap.short(Action::Columns)
            ),
            DIM,
        ));
    }
    if state.is_pending(|p| matches!(p, Pending::List(Load::Search { .. }))) {
        spans.push(Span::styled(format!(" {}", spinner(state.tick)), KEY));
    }
    if list.next.is_some() {
        spans.push(Span::styled(
            format!(
                " (more load as you scroll, {} loads all)",
                state.keymap.short(Action::LoadAll)
            ),
            DIM,
        ));
    }
    if state.is_pending(|p| matches!(p, Pending::List(Load::NextPage { .. } | Load::All))) {
        spans.push(Span::styled(
            format!(" {} loading more", spinner(state.tick)),
            KEY,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The summary row while `L` runs: loaded of the count with a bar, pages, users per second and
/// time left. The bar takes what room the numbers leave.
fn progress_line(progress: &Progress, width: usize) -> Line<'static> {
    let loaded = text::thousands(progress.loaded);
    let counted = match progress.total {
        Some(total) => format!("{loaded} of {}", text::thousands(total)),
        None => format!("{loaded} loaded"),
    };
    let pages = match progress.pages {
        0 => "first page on its way".to_owned(),
        1 => "1 page".to_owned(),
        n => format!("{} pages", text::thousands(u64::from(n))),
    };
    let mut rest = vec![pages];
    if let Some(rate) = progress.rate {
        rest.push(format!("{} users/s", text::thousands(rate.round() as u64)));
    }
    if let Some(left) = progress.left {
        rest.push(format!("{} left", duration(left)));
    }
    let rest = format!(" · {}", rest.join(" · "));
    let percent = progress
        .ratio()
        .map(|r| format!(" {:>3}%", (r * 100.0).floor() as u64));
    let mut spans = vec![Span::styled("Users ", TITLE), Span::raw(counted.clone())];
    if let (Some(ratio), Some(percent)) = (progress.ratio(), percent) {
        let used = "Users ".len() + text::width(&counted) + 1 + percent.len() + text::width(&rest);
        let bar = width.saturating_sub(used).min(40);
        if bar >= 5 {
            let filled = ((ratio * bar as f64).round() as usize).min(bar);
            spans.push(Span::raw(" "));
            spans.push(Span::styled("█".repeat(filled), KEY));
            spans.push(Span::styled("░".repeat(bar - filled), DIM));
        }
        spans.push(Span::raw(percent));
    }
    spans.push(Span::styled(rest, DIM));
    Line::from(spans)
}

/// "41s", "3m 05s", "1h 02m": time left, rounded up to the second.
fn duration(d: std::time::Duration) -> String {
    let s = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m {:02}s", s / 60, s % 60),
        _ => format!("{}h {:02}m", s / 3600, s % 3600 / 60),
    }
}

fn render_table(
    list: &UserList,
    state: &State,
    frame: &mut Frame,
    area: Rect,
    (visible, layout): (&[&Row], &[(Field, usize)]),
) {
    let key = |action: Action| state.keymap.short(action);
    if list.shown.is_empty() {
        let message = if let Some(problem) = &list.problem {
            let text = match problem {
                ListProblem::Failed(e) => format!("Could not load users: {e}"),
                ListProblem::Cancelled => format!(
                    "Loading cancelled: press {} to load the users",
                    key(Action::Refresh)
                ),
            };
            Line::styled(text, ERROR)
        } else if !list.loaded {
            Line::styled(format!("{} Loading users…", spinner(state.tick)), KEY)
        } else if !list.filter.is_empty() {
            let text = list.search.text().unwrap_or_default();
            let more = if list.next.is_some() {
                format!(
                    " Graph is asked too; {} loads every user to filter them all.",
                    key(Action::LoadAll)
                )
            } else {
                String::new()
            };
            Line::raw(format!(
                "None of the {} loaded users match '{text}'.{more} {} clears the filter.",
                text::thousands(list.rows.len() as u64),
                key(Action::Back)
            ))
        } else {
            Line::raw(format!(
                "No users in this tenant yet. Press {} to create one.",
                key(Action::New)
            ))
        };
        let area = area.inner(ratatui::layout::Margin::new(1, 1));
        frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), area);
        return;
    }
    let header = TableRow::new(layout.iter().map(|(field, w)| {
        let arrow = list
            .sort
            .filter(|s| s.column == *field)
            .map(|s| if s.descending { " ↓" } else { " ↑" });
        match arrow {
            // The arrow stays when the name is cut.
            Some(arrow) => Cell::from(format!(
                "{}{arrow}",
                text::truncate(field.heading(), w.saturating_sub(2))
            )),
            None => Cell::from(text::truncate(field.heading(), *w)),
        }
    }))
    .style(TITLE.add_modifier(Modifier::UNDERLINED));
    // Only the visible rows are built: a tenant may have 100k users loaded.
    let rows = visible.iter().map(|r| row(r, list.is_marked(r), layout));
    let constraints = layout.iter().map(|(_, w)| Constraint::Length(*w as u16));
    let table = Table::new(rows, constraints)
        .header(header)
        .column_spacing(1)
        .highlight_symbol(MARKER)
        .row_highlight_style(SELECTED);
    // The reducer keeps `offset` so that `selected` is visible; ratatui only draws it.
    let mut table_state =
        TableState::default().with_selected(list.selected.checked_sub(list.offset));
    frame.render_stateful_widget(table, area, &mut table_state);
}

/// The columns the list draws at terminal `size`, and their widths.
pub fn drawn_columns(list: &UserList, size: (u16, u16)) -> Vec<(Field, usize)> {
    let height = size
        .1
        .saturating_sub(CHROME_ROWS + 1 + u16::from(list.search.visible()));
    layout(list, &visible_rows(list, height), size.0 as usize)
}

/// The columns drawn in `width` cells and their widths, from what the visible rows need: the
/// chosen columns, less those that give way on a narrow terminal (`widths::fit`).
fn layout(list: &UserList, visible: &[&Row], width: usize) -> Vec<(Field, usize)> {
    let mut wants: Vec<Want> = list
        .columns
        .0
        .iter()
        .map(|shown| {
            let field = shown.field;
            let arrow = if list.sort.is_some_and(|s| s.column == field) {
                2
            } else {
                0
            };
            let heading = text::width(field.heading()) + arrow;
            let wanted = match field.fixed_width() {
                Some(fixed) => fixed.max(heading),
                None => visible
                    .iter()
                    .map(|r| text::width(&field.cell(r)))
                    .fold(heading, usize::max),
            };
            Want {
                field,
                set: shown.width,
                wanted,
                sorted: arrow > 0,
            }
        })
        .collect();
    // A marked row's name starts with the mark.
    if let Some(first) = wants.first_mut()
        && visible.iter().any(|r| list.is_marked(r))
    {
        first.wanted += text::width(MARK);
    }
    let room = width.saturating_sub(text::width(MARKER));
    wants
        .iter()
        .zip(widths::fit(&wants, room))
        .filter_map(|(want, width)| width.map(|w| (want.field, w)))
        .collect()
}

fn row(user: &Row, marked: bool, layout: &[(Field, usize)]) -> TableRow<'static> {
    let style = if marked {
        MARKED
    } else if user.account_enabled() == Some(false) {
        DISABLED_USER
    } else if user.is_guest() {
        GUEST
    } else {
        Style::new()
    };
    let mut cells = layout
        .iter()
        .map(|(field, w)| Cell::from(text::truncate(&field.cell(user), *w)))
        .collect::<Vec<_>>();
    if marked && let Some((field, w)) = layout.first() {
        let first = text::truncate(&field.cell(user), w.saturating_sub(text::width(MARK)));
        cells[0] = Cell::from(format!("{MARK}{first}"));
    }
    TableRow::new(cells).style(style)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn shown(progress: &Progress, width: usize) -> String {
        progress_line(progress, width)
            .spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect()
    }

    #[test]
    fn the_progress_row_says_what_it_knows() {
        let mut progress = Progress {
            loaded: 999,
            total: Some(100_000),
            pages: 0,
            rate: None,
            left: None,
        };
        assert_eq!(
            shown(&progress, 40),
            "Users 999 of 100,000   0% · first page on its way"
        );
        progress.pages = 12;
        progress.loaded = 12_987;
        progress.rate = Some(4_183.6);
        progress.left = Some(Duration::from_millis(20_800));
        let line = shown(&progress, 80);
        assert!(line.starts_with("Users 12,987 of 100,000 █"), "{line}");
        assert!(
            line.ends_with(" 12% · 12 pages · 4,184 users/s · 21s left"),
            "{line}"
        );
        assert_eq!(text::width(&line), 80, "the bar takes the room left");
        // Without $count: no bar, no share, no time left.
        progress.total = None;
        progress.left = None;
        assert_eq!(
            shown(&progress, 80),
            "Users 12,987 loaded · 12 pages · 4,184 users/s"
        );
    }

    #[test]
    fn time_left_reads_in_the_largest_units() {
        let d = Duration::from_secs;
        assert_eq!(duration(Duration::from_millis(200)), "1s");
        assert_eq!(duration(d(59)), "59s");
        assert_eq!(duration(d(185)), "3m 05s");
        assert_eq!(duration(d(3_720)), "1h 02m");
    }
}
