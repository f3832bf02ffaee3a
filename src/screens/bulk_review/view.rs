//! The review: how many users are marked, the choice (block or unblock) with each one's
//! count and what it skips, the first names, what an edit sets, what the job does, the typed
//! count for deletes, and the keys.

use ratatui::Frame;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::FIRST_NAMES;
use super::state::BulkReview;
use crate::keymap::{Action, Context};
use crate::state::State;
use crate::ui::theme::{ACCENT, DANGER, DIM, KEY, SUCCESS, TITLE, UNAVAILABLE, WARN};
use crate::widgets::{popup, text};

const WIDTH: u16 = 72;
const FIELD: &str = "> ";

/// What confirming does: "block 47 users".
pub(super) fn verb(review: &BulkReview) -> &'static str {
    match review.job().map(|job| job.title.as_str()) {
        Some("Block sign-in") => "block them",
        Some("Unblock sign-in") => "unblock them",
        Some("Delete users") => "delete them",
        Some("Revoke sessions") => "revoke their sessions",
        Some("Edit users") => "apply the changes",
        Some("Restore users") => "restore them",
        Some("Delete users for good") => "delete them for good",
        _ => "go ahead",
    }
}

fn users(n: usize) -> String {
    format!(
        "{} {}",
        text::thousands(n as u64),
        if n == 1 { "user" } else { "users" }
    )
}

pub(super) fn render(review: &BulkReview, state: &State, frame: &mut Frame, area: Rect) {
    let width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let marked = format!(
        "{} marked {}",
        text::thousands(review.marked as u64),
        if review.marked == 1 { "user" } else { "users" }
    );
    let mut lines = vec![Line::from(vec![
        Span::raw(format!("{}: ", review.title)),
        Span::styled(marked, TITLE),
    ])];
    lines.push(Line::raw(""));
    choices(review, state, width, &mut lines);
    if let Some(job) = review.job() {
        for item in job.items.iter().take(FIRST_NAMES) {
            let name = text::truncate(&item.label, width.saturating_sub(4) / 2);
            let upn = text::truncate(&item.upn, width.saturating_sub(text::width(&name) + 4));
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(name, TITLE),
                Span::raw("  "),
                Span::styled(upn, DIM),
            ]));
        }
        if job.items.len() > FIRST_NAMES {
            lines.push(Line::styled(
                format!(
                    "  and {} more",
                    text::thousands((job.items.len() - FIRST_NAMES) as u64)
                ),
                DIM,
            ));
        }
    }
    if !review.changes.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Sets (fields left empty are not sent):",
            TITLE,
        ));
        for (label, value) in &review.changes {
            lines.push(Line::from(vec![
                Span::styled(format!("  {label:<18}"), WARN),
                Span::raw(text::truncate(value, width.saturating_sub(20))),
            ]));
        }
    }
    lines.push(Line::raw(""));
    for line in text::wrap(&review.note, width, 0) {
        lines.push(Line::styled(line, DIM));
    }
    lines.push(Line::raw(""));
    let mut field_row = None;
    if let Some(typed) = &review.typed {
        lines.push(Line::raw(format!("Type {} to confirm:", review.count())));
        field_row = Some(lines.len());
        let mark = if review.ready() {
            Span::styled(" ✓", SUCCESS)
        } else {
            Span::raw("")
        };
        lines.push(Line::from(vec![
            Span::styled(FIELD, WARN),
            Span::raw(text::truncate(typed.value(), 12)),
            mark,
        ]));
        lines.push(Line::raw(""));
    }
    lines.push(keys(review, state));
    let colour = if review.danger { DANGER } else { ACCENT };
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, &review.title, colour).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines), inner);
    if let (Some(row), Some(typed)) = (field_row, &review.typed) {
        let x = inner.x + FIELD.len() as u16 + typed.visual_cursor().min(12) as u16;
        let y = inner.y + row as u16;
        if y < inner.bottom() {
            frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
        }
    }
}

/// One line per job offered: `(•) Block sign-in  47 users  (3 already blocked: skipped)`;
/// a single job without a choice is one line without the radio.
fn choices(review: &BulkReview, state: &State, width: usize, lines: &mut Vec<Line<'static>>) {
    let choosing = review.jobs.len() > 1;
    if !choosing {
        // One job: the title line says it; only what it skips is worth a line.
        if let Some(skipped) = review.job().and_then(|job| job.skipped.as_ref()) {
            lines.push(Line::styled(
                text::truncate(&format!("Skipped: {skipped}."), width),
                DIM,
            ));
            lines.push(Line::raw(""));
        }
        return;
    }
    for (i, job) in review.jobs.iter().enumerate() {
        let chosen = i == review.chosen;
        let mut spans = Vec::new();
        if choosing {
            spans.push(Span::styled(
                if chosen { "(•) " } else { "( ) " },
                if chosen { KEY } else { DIM },
            ));
        }
        spans.push(Span::styled(
            format!("{:<16}", job.title),
            if chosen { TITLE } else { DIM },
        ));
        spans.push(Span::raw(format!(" {:>12}", users(job.items.len()))));
        if let Some(skipped) = &job.skipped {
            let room = width.saturating_sub(36);
            spans.push(Span::styled(
                format!(
                    "  {}",
                    text::truncate(&format!("({skipped}: skipped)"), room)
                ),
                DIM,
            ));
        }
        lines.push(Line::from(spans));
    }
    if choosing {
        let c = review_context(review);
        lines.push(Line::styled(
            format!(
                "{} switches between blocking and unblocking",
                state.keymap.short_in(Action::NextField, c)
            ),
            DIM,
        ));
    }
    lines.push(Line::raw(""));
}

fn review_context(review: &BulkReview) -> Context {
    if review.typed.is_some() {
        Context::BulkTyped
    } else {
        Context::BulkReview
    }
}

fn keys(review: &BulkReview, state: &State) -> Line<'static> {
    let km = &state.keymap;
    let c = review_context(review);
    let go = if review.typed.is_some() {
        km.short_in(Action::Submit, c)
    } else {
        format!(
            "{}/{}",
            km.label_in(Action::Confirm, c),
            km.label_in(Action::Submit, c)
        )
    };
    let what = format!(" {} ({})", verb(review), users(review.count()));
    let mut spans = if review.ready() {
        vec![Span::styled(go, KEY), Span::raw(what)]
    } else if review.count() == 0 {
        vec![
            Span::styled(format!("{go}{what}"), UNAVAILABLE),
            Span::styled(": nothing to send", DIM),
        ]
    } else {
        vec![
            Span::styled(format!("{go}{what}"), UNAVAILABLE),
            Span::styled(" (type the count)", DIM),
        ]
    };
    spans.push(Span::raw("    "));
    spans.push(Span::styled(km.short_in(Action::Back, c), KEY));
    spans.push(Span::raw(" back"));
    Line::from(spans)
}
