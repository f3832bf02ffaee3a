//! The progress dialog: what is being done to how many users, a bar of done/total, the
//! successes, failures and retries so far (each with a mark, not only a colour), the rate,
//! Graph's throttling, and how to stop.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::BulkProgress;
use crate::graph::{DEFAULT_CONCURRENCY, MAX_BATCH};
use crate::keymap::{Action, Context};
use crate::state::State;
use crate::ui::theme::{ACCENT, DIM, ERROR, KEY, SUCCESS, TITLE, WARN};
use crate::widgets::{popup, spinner, text};

const WIDTH: u16 = 66;

pub(super) fn render(dialog: &BulkProgress, state: &State, frame: &mut Frame, area: Rect) {
    let inner_width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let lines = lines(dialog, state, inner_width);
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, &dialog.job.title, ACCENT).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn lines(dialog: &BulkProgress, state: &State, width: usize) -> Vec<Line<'static>> {
    let p = &dialog.progress;
    let users = if p.total == 1 { "user" } else { "users" };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{} {users}", text::thousands(p.total as u64)),
                TITLE,
            ),
            Span::styled(
                format!(" · through $batch, {MAX_BATCH} a batch, {DEFAULT_CONCURRENCY} at a time"),
                DIM,
            ),
        ]),
        Line::raw(""),
        bar(p.done(), p.total, width),
    ];
    let mut counts = vec![
        Span::styled(
            format!("✓ {} done", text::thousands(p.succeeded as u64)),
            SUCCESS,
        ),
        Span::raw("   "),
        Span::styled(
            format!("✗ {} failed", text::thousands(p.failed as u64)),
            if p.failed > 0 { ERROR } else { DIM },
        ),
    ];
    if p.retrying > 0 {
        counts.push(Span::raw("   "));
        counts.push(Span::styled(
            format!("↻ {} to send again", text::thousands(p.retrying as u64)),
            WARN,
        ));
    }
    lines.push(Line::from(counts));
    lines.push(match super::state::rate(p) {
        Some(rate) => Line::styled(
            format!(
                "{} users/s · {:.1}s so far",
                rate_text(rate),
                p.elapsed.as_secs_f64()
            ),
            DIM,
        ),
        None => Line::styled("Waiting for Graph's first answers…", DIM),
    });
    if let Some(throttled) = dialog.throttled {
        let what = if throttled.status == 429 {
            "Throttled by Graph (429)".to_owned()
        } else {
            format!("Graph is busy ({})", throttled.status)
        };
        let line = format!(
            "{what}: {} of the last batch go again after its Retry-After ({}s)",
            throttled.items,
            throttled.wait.as_secs_f64().ceil()
        );
        for part in text::wrap(&line, width, 2) {
            lines.push(Line::styled(part, WARN));
        }
    }
    lines.push(Line::raw(""));
    let km = &state.keymap;
    if dialog.stopping {
        let line = format!(
            "{} Stopping: no new batches are sent; waiting for the ones already sent…",
            spinner(state.tick)
        );
        for part in text::wrap(&line, width, 2) {
            lines.push(Line::styled(part, KEY));
        }
    } else {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", spinner(state.tick)), KEY),
            Span::styled(km.short_in(Action::Back, Context::BulkProgress), KEY),
            Span::raw(" stop sending"),
            Span::styled(" (what is done stays done)", DIM),
        ]));
    }
    lines
}

/// "12", "3.4", "0.25": enough digits to be read.
fn rate_text(rate: f64) -> String {
    if rate >= 10.0 {
        text::thousands(rate.round() as u64)
    } else if rate >= 1.0 {
        format!("{rate:.1}")
    } else {
        format!("{rate:.2}")
    }
}

/// `█████░░░░  38 of 50  76%`: the bar takes the room the numbers leave.
fn bar(done: usize, total: usize, width: usize) -> Line<'static> {
    let ratio = if total == 0 {
        1.0
    } else {
        done as f64 / total as f64
    };
    let numbers = format!(
        "  {} of {}  {:>3}%",
        text::thousands(done as u64),
        text::thousands(total as u64),
        (ratio * 100.0).floor() as u64
    );
    let room = width.saturating_sub(numbers.len());
    let filled = ((ratio * room as f64).round() as usize).min(room);
    Line::from(vec![
        Span::styled("█".repeat(filled), KEY),
        Span::styled("░".repeat(room - filled), DIM),
        Span::raw(numbers),
    ])
}
