//! The summary: a line of counts, what was skipped or not sent, then every failure as the
//! user's name and UPN, Graph's status, code and message, and the request-id. The failures
//! scroll so the one under the cursor is always shown.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::state::{BulkSummary, SummaryItem};
use crate::graph::GraphError;
use crate::keymap::{Action, Context};
use crate::state::State;
use crate::ui::layout::CHROME_ROWS;
use crate::ui::theme::{DIM, ERROR, KEY, SECTION, SELECTED, SUCCESS, TITLE, WARN};
use crate::widgets::text;

/// Rows above the failures at most: counts, skipped, stopped, a blank and the heading.
const HEAD_ROWS: u16 = 5;
/// Failures are indented under their user.
const INDENT: usize = 6;

/// Rows the failures get at terminal size `size`, for paging.
pub(super) fn failure_rows(size: (u16, u16)) -> usize {
    size.1.saturating_sub(CHROME_ROWS + HEAD_ROWS).max(3) as usize
}

/// Graph's message, or for a failure without one (the network, a timeout) the error's line.
pub(super) fn message(error: &GraphError) -> String {
    match error {
        GraphError::Api(e) => e.message.trim().to_owned(),
        // The request-id has its own line.
        other => {
            let line = other.to_string();
            match line.rfind(" (request-id ") {
                Some(at) => line[..at].to_owned(),
                None => line,
            }
        }
    }
}

pub(super) fn render(summary: &BulkSummary, state: &State, frame: &mut Frame, area: Rect) {
    let area = area.inner(Margin::new(1, 0));
    let width = area.width as usize;
    let mut lines = head(summary, state, width);
    let room = (area.height as usize).saturating_sub(lines.len());
    let entries: Vec<Vec<Line<'static>>> = summary
        .failed()
        .enumerate()
        .map(|(i, (item, error))| entry(item, error, i == summary.selected, width))
        .collect();
    let mut start = 0;
    let fits = |from: usize| {
        entries[from..=summary.selected.min(entries.len().saturating_sub(1))]
            .iter()
            .map(Vec::len)
            .sum::<usize>()
            <= room
    };
    while start < summary.selected && !entries.is_empty() && !fits(start) {
        start += 1;
    }
    for entry in entries.into_iter().skip(start) {
        lines.extend(entry);
    }
    lines.truncate(area.height as usize);
    frame.render_widget(Paragraph::new(lines), area);
}

/// "in 0.4s, 120 users/s": how long Graph took, from the first batch to the last answer.
fn took(summary: &BulkSummary) -> String {
    let seconds = summary.elapsed.as_secs_f64();
    let answered = summary.items.len() - summary.counts().2;
    let time = if seconds < 10.0 {
        format!("{seconds:.2}s")
    } else {
        format!("{seconds:.0}s")
    };
    if seconds > 0.0 && answered > 0 {
        let rate = answered as f64 / seconds;
        format!(
            "in {time}, {} users/s",
            text::thousands(rate.round() as u64)
        )
    } else {
        format!("in {time}")
    }
}

fn head(summary: &BulkSummary, state: &State, width: usize) -> Vec<Line<'static>> {
    let (done, failed, not_sent) = summary.counts();
    let total = summary.items.len();
    let mut counts = vec![
        Span::styled(format!("{}: ", summary.title), TITLE),
        Span::styled(
            format!(
                "✓ {} of {} done",
                text::thousands(done as u64),
                text::thousands(total as u64)
            ),
            SUCCESS,
        ),
        Span::raw(" · "),
        Span::styled(
            format!("✗ {} failed", text::thousands(failed as u64)),
            if failed > 0 { ERROR } else { DIM },
        ),
    ];
    if not_sent > 0 {
        counts.push(Span::raw(" · "));
        counts.push(Span::styled(
            format!("{} not sent", text::thousands(not_sent as u64)),
            WARN,
        ));
    }
    counts.push(Span::styled(format!(" · {}", took(summary)), DIM));
    let mut lines = vec![Line::from(counts)];
    if let Some(skipped) = &summary.skipped {
        lines.push(Line::styled(
            text::truncate(&format!("Skipped before sending: {skipped}."), width),
            DIM,
        ));
    }
    for note in &summary.notes {
        for line in text::wrap(note, width, 2) {
            lines.push(Line::styled(line, WARN));
        }
    }
    if summary.stopped && not_sent > 0 {
        lines.push(Line::styled(
            text::truncate(
                &format!("Stopped: {not_sent} were not sent, and are as they were."),
                width,
            ),
            WARN,
        ));
    }
    lines.push(Line::raw(""));
    if failed == 0 {
        lines.push(Line::styled("✓ No failures.", SUCCESS));
        return lines;
    }
    let km = &state.keymap;
    lines.push(Line::from(vec![
        Span::styled(format!("Failures ({failed})"), SECTION),
        Span::styled(" · Graph's answer for each · ", DIM),
        Span::styled(km.short_in(Action::Export, Context::BulkSummary), KEY),
        Span::styled(" exports every user's outcome", DIM),
    ]));
    lines
}

/// One failure: `› ✗ name  UPN`, then the status, code and message, then the request-id.
fn entry(
    item: &SummaryItem,
    error: &GraphError,
    selected: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let marker = if selected { "› ✗ " } else { "  ✗ " };
    let name = text::truncate(&item.label, width.saturating_sub(marker.len() + 2) / 2);
    let upn = text::truncate(
        &item.upn,
        width.saturating_sub(text::width(marker) + text::width(&name) + 2),
    );
    let mut first = Line::from(vec![
        Span::styled(marker, ERROR),
        Span::styled(name, TITLE),
        Span::raw("  "),
        Span::raw(upn),
    ]);
    if selected {
        first = first.style(SELECTED);
    }
    let mut lines = vec![first];
    let said = match (error.status(), error.code()) {
        (Some(status), Some(code)) => format!("{status} {code}: {}", message(error)),
        _ => message(error),
    };
    let room = width.saturating_sub(INDENT);
    for part in text::wrap(&said, room, 0).into_iter().take(3) {
        lines.push(Line::raw(format!("{:INDENT$}{part}", "")));
    }
    let id = error.request_id().map_or_else(
        || "no request-id: Graph did not answer".to_owned(),
        |id| format!("request-id {id}"),
    );
    lines.push(Line::styled(
        format!("{:INDENT$}{}", "", text::truncate(&id, room)),
        DIM,
    ));
    lines
}
