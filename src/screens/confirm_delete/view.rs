//! "Delete this user?": names the user and says where it goes, so the admin knows both what
//! and how reversible.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::state::{ConfirmDelete, Delete};
use crate::keymap::Context;
use crate::screens::answer_line;
use crate::state::{Pending, State};
use crate::ui::theme::{DANGER, DIM, TITLE};
use crate::widgets::{popup, text};

const WIDTH: u16 = 64;

/// The delete was sent and is awaited.
pub(super) fn deleting(state: &State) -> bool {
    state.is_pending(|p| matches!(p, Pending::Delete(_)))
}

/// What the status line says while the delete runs.
pub fn activity(delete: &Delete) -> String {
    format!("Deleting {}…", delete.label)
}

pub(super) fn render(target: &ConfirmDelete, state: &State, frame: &mut Frame, area: Rect) {
    let inner_width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let note = "The user moves to deleted users, where it can be restored for 30 days.";
    let mut lines = popup::about_user(
        "Delete this user?",
        &target.label,
        &target.upn,
        inner_width,
        TITLE,
    );
    for line in text::wrap(note, inner_width, 0) {
        lines.push(Line::styled(line, DIM));
    }
    lines.push(Line::raw(""));
    if deleting(state) {
        lines.push(answer_line::working(
            &state.keymap,
            Context::ConfirmDelete,
            state.tick,
            "Deleting",
        ));
    } else {
        let km = &state.keymap;
        let c = Context::ConfirmDelete;
        lines.push(answer_line::yes_no(km, c, "delete", "keep"));
    }
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "Delete user", DANGER).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::widgets::text::upn_lines;

    #[test]
    fn a_long_guest_upn_is_shown_whole() {
        let state = crate::fixtures::state();
        let upn = "sean.wright_woodgrovebank.com#EXT#@lazyentra-demo.onmicrosoft.com";
        let target = ConfirmDelete {
            id: "u-1".into(),
            label: "Seán Wright".into(),
            upn: upn.into(),
        };
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|frame| render(&target, &state, frame, frame.area()))
            .unwrap();
        let shown: String = terminal
            .backend()
            .buffer()
            .content()
            .chunks(80)
            .map(|row| {
                let row: String = row.iter().map(ratatui::buffer::Cell::symbol).collect();
                row.trim_matches(|c: char| c == ' ' || c == '│').to_owned()
            })
            .collect();
        assert!(shown.contains(upn), "{}", terminal.backend());
        assert!(!shown.contains('…'), "{}", terminal.backend());
    }

    #[test]
    fn a_upn_too_wide_breaks_before_its_domain() {
        assert_eq!(upn_lines("ada@contoso.com", 20), ["ada@contoso.com"]);
        assert_eq!(
            upn_lines("ada_fabrikam.com#EXT#@contoso.onmicrosoft.com", 30),
            ["ada_fabrikam.com#EXT#", "@contoso.onmicrosoft.com"]
        );
        assert_eq!(upn_lines("abcdefgh@xy", 4), ["abcd", "efgh", "@xy"]);
    }
}
