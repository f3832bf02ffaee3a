//! "Remove the manager?": the user, its manager, and what removing means; or that it has none.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::{ClearManager, Found, Request};
use crate::keymap::{Action, Context};
use crate::screens::answer_line;
use crate::state::{Pending, State};
use crate::ui::theme::{ACCENT, DANGER, DIM, ERROR, KEY, TITLE};
use crate::widgets::text::upn_lines;
use crate::widgets::{popup, spinner, text};

const WIDTH: u16 = 64;

/// The removal was sent and is awaited.
pub(crate) fn removing(state: &State) -> bool {
    state.is_pending(|p| matches!(p, Pending::ClearManager(Request::Clear { .. })))
}

/// A person as the dialog names one: the name, then its UPN on its own line(s).
fn person(lines: &mut Vec<Line<'static>>, label: &str, upn: &str, width: usize) {
    lines.push(Line::styled(
        format!("  {}", text::truncate(label, width - 2)),
        TITLE,
    ));
    for line in upn_lines(upn, width - 2) {
        lines.push(Line::raw(format!("  {line}")));
    }
}

pub(super) fn render(dialog: &ClearManager, state: &State, frame: &mut Frame, area: Rect) {
    let width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let km = &state.keymap;
    let c = Context::ConfirmManager;
    let user = &dialog.user;
    let mut lines = Vec::new();
    let mut colour = ACCENT;
    match &dialog.manager {
        Found::Loading => {
            lines.push(Line::raw(format!(
                "Remove the manager of {}?",
                text::truncate(&user.label, width.saturating_sub(24))
            )));
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!("{} Reading who it is…", spinner(state.tick)),
                KEY,
            ));
        }
        Found::None => {
            person(&mut lines, &user.label, &user.upn, width);
            lines.push(Line::raw(""));
            lines.push(Line::raw("has no manager: there is nothing to remove."));
        }
        Found::Failed(e) => {
            lines.push(Line::raw(format!(
                "Could not read the manager of {}:",
                text::truncate(&user.label, width.saturating_sub(30))
            )));
            for line in text::wrap(&e.to_string(), width, 0) {
                lines.push(Line::styled(line, ERROR));
            }
        }
        Found::Some(manager) => {
            colour = DANGER;
            lines.push(Line::raw("Remove this manager"));
            lines.push(Line::raw(""));
            person(&mut lines, &manager.label, &manager.upn, width);
            lines.push(Line::raw(""));
            lines.push(Line::raw("from this user?"));
            lines.push(Line::raw(""));
            person(&mut lines, &user.label, &user.upn, width);
            lines.push(Line::raw(""));
            let note = format!(
                "{} will have no manager, and no longer be among {}'s direct reports.",
                user.label, manager.label
            );
            for line in text::wrap(&note, width, 0) {
                lines.push(Line::styled(line, DIM));
            }
        }
    }
    lines.push(Line::raw(""));
    if removing(state) {
        lines.push(answer_line::working(km, c, state.tick, "Removing"));
    } else if matches!(dialog.manager, Found::Some(_)) {
        lines.push(answer_line::yes_no(km, c, "remove", "keep"));
    } else {
        lines.push(Line::from(vec![
            Span::styled(km.label_in(Action::Back, c), KEY),
            Span::raw(" close"),
        ]));
    }
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "Remove manager", colour).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
