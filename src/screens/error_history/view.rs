//! The error history: a table of this session's failures, newest first, and below it the
//! selected one in full (message, request-id, and for sign-in the trace and correlation ids).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::state::ErrorHistory;
use crate::graph::GraphError;
use crate::keymap::Action;
use crate::state::{ErrorRecord, State};
use crate::ui::layout::CHROME_ROWS;
use crate::ui::status_bar::operation_name;
use crate::ui::theme::{DIM, ERROR, SELECTED, TITLE};
use crate::widgets::text;

/// Rows the detail of the selected error may take.
const DETAIL_ROWS: u16 = 6;

/// Table rows visible at terminal size `size`.
pub(super) fn rows(size: (u16, u16)) -> usize {
    // Title row, table header, the gap and the detail below.
    usize::from(size.1.saturating_sub(CHROME_ROWS + 3 + DETAIL_ROWS))
}

pub(super) fn render(history: &ErrorHistory, state: &State, frame: &mut Frame, area: Rect) {
    let [title, table, _, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(2),
        Constraint::Length(1),
        Constraint::Length(DETAIL_ROWS),
    ])
    .areas(area);
    let count = state.errors.len();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Errors this session ", TITLE),
            Span::raw(format!("({count}, newest first; times in UTC)")),
        ])),
        title,
    );
    if count == 0 {
        let empty = format!(
            "No errors this session. {} goes back.",
            state.keymap.short(Action::Back)
        );
        let area = table.inner(Margin::new(1, 1));
        frame.render_widget(Paragraph::new(Line::styled(empty, DIM)), area);
        return;
    }
    let newest_first: Vec<&ErrorRecord> = state.errors.iter().rev().collect();
    render_table(&newest_first, history.selected, frame, table);
    if let Some(record) = newest_first.get(history.selected) {
        render_detail(record, frame, detail);
    }
}

fn render_table(records: &[&ErrorRecord], selected: usize, frame: &mut Frame, area: Rect) {
    let header = Row::new(["Time", "Operation", "Status", "Code", "Request-id"]).style(TITLE);
    let rows = records.iter().map(|record| {
        let error = &record.error;
        Row::new([
            Cell::from(record.at.format("%H:%M:%S").to_string()),
            Cell::from(operation_name(record.operation)),
            Cell::from(error.status().map(|s| s.to_string()).unwrap_or_default()),
            Cell::from(text::truncate(&code(error), 24)),
            Cell::from(error.request_id().unwrap_or("—").to_owned()),
        ])
    });
    let widths = [
        Constraint::Length(8),
        Constraint::Length(15),
        Constraint::Length(6),
        Constraint::Length(24),
        Constraint::Fill(1),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(2)
        .highlight_symbol("› ")
        .row_highlight_style(SELECTED);
    let mut table_state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, area, &mut table_state);
}

/// Graph's error code, the OAuth error with its AADSTS code, or the kind of failure.
fn code(error: &GraphError) -> String {
    match error {
        GraphError::Auth(auth) => match auth.aadsts {
            Some(n) => format!("AADSTS{n} {}", auth.error),
            None => auth.error.clone(),
        },
        GraphError::Network { .. } => "network".to_owned(),
        GraphError::Timeout { .. } => "timeout".to_owned(),
        GraphError::Decode { .. } => "unreadable answer".to_owned(),
        other => other.code().unwrap_or_default().to_owned(),
    }
}

fn render_detail(record: &ErrorRecord, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines: Vec<Line> = text::wrap(&record.error.to_string(), width, 2)
        .into_iter()
        .map(|l| Line::styled(l, ERROR))
        .collect();
    let mut ids = vec![format!(
        "{} at {}",
        operation_name(record.operation),
        record.at.format("%Y-%m-%d %H:%M:%S UTC")
    )];
    if let GraphError::Auth(auth) = &record.error {
        if let Some(trace) = &auth.trace_id {
            ids.push(format!("Trace ID: {trace}"));
        }
        if let Some(correlation) = &auth.correlation_id {
            ids.push(format!("Correlation ID: {correlation}"));
        }
    } else if let Some(id) = record.error.request_id() {
        ids.push(format!("Request-id: {id}"));
    }
    // The ids are what support needs: they are never cut off by a long message.
    let keep = usize::from(area.height).saturating_sub(ids.len());
    lines.truncate(keep);
    lines.extend(
        ids.into_iter()
            .map(|l| Line::styled(text::truncate(&l, width), DIM)),
    );
    frame.render_widget(Paragraph::new(lines), area);
}
