//! "Restore this user?": the name, the UPN it gets back, and what restoring does.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::restoring;
use super::state::ConfirmRestore;
use crate::keymap::Context;
use crate::screens::answer_line;
use crate::state::State;
use crate::ui::theme::{ACCENT, DIM, TITLE};
use crate::widgets::{popup, text};

const WIDTH: u16 = 64;

pub(super) fn render(dialog: &ConfirmRestore, state: &State, frame: &mut Frame, area: Rect) {
    let target = &dialog.target;
    let inner_width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let note = "The user comes back under this UPN with its groups, licences and settings; \
                it can sign in again if its account was enabled.";
    let mut lines = popup::about_user(
        "Restore this user?",
        &target.label,
        &target.upn,
        inner_width,
        TITLE,
    );
    for line in text::wrap(note, inner_width, 0) {
        lines.push(Line::styled(line, DIM));
    }
    lines.push(Line::raw(""));
    let km = &state.keymap;
    let c = Context::ConfirmRestore;
    if restoring(state) {
        lines.push(answer_line::working(
            km,
            Context::ConfirmRestore,
            state.tick,
            "Restoring",
        ));
    } else {
        lines.push(answer_line::yes_no(km, c, "restore", "leave it deleted"));
    }
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "Restore user", ACCENT).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
