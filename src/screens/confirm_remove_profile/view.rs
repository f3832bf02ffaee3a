//! The removal dialog: the profile, the file it leaves, and the secret file checkbox.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::ConfirmRemoveProfile;
use crate::keymap::{Action, Context};
use crate::screens::answer_line;
use crate::state::State;
use crate::ui::theme::{DANGER, DIM, ERROR, KEY, TITLE};
use crate::widgets::{popup, text};

const WIDTH: u16 = 68;

pub(super) fn render(dialog: &ConfirmRemoveProfile, state: &State, frame: &mut Frame, area: Rect) {
    let inner_width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let wrapped = |s: &str, style| -> Vec<Line<'static>> {
        text::wrap(s, inner_width, 0)
            .into_iter()
            .map(|l| Line::styled(l, style))
            .collect()
    };
    let file = state
        .profiles
        .find(&dialog.name)
        .and_then(|p| p.settings.as_ref())
        .and_then(|s| s.config_file.path().map(|p| p.display().to_string()))
        .unwrap_or_else(|| "the config file".to_owned());
    let mut lines = vec![
        Line::raw("Remove this profile?"),
        Line::raw(""),
        Line::styled(format!("  {}", text::clean(&dialog.name)), TITLE),
        Line::raw(""),
    ];
    lines.extend(wrapped(
        &format!(
            "Its [profiles.{}] table is taken out of {file}; the rest of the file, comments \
             included, stays as it is.",
            dialog.name
        ),
        DIM,
    ));
    let km = &state.keymap;
    let c = Context::ConfirmProfile;
    if let Some(secret) = &dialog.secret_file {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::raw(if dialog.delete_secret { "[x]" } else { "[ ]" }),
            Span::raw(" Also delete its secret file  "),
            Span::styled(km.label_in(Action::Toggle, c), KEY),
            Span::raw(" toggles"),
        ]));
        lines.extend(wrapped(&format!("    {}", secret.display()), DIM));
    }
    if let Some(error) = &dialog.error {
        lines.push(Line::raw(""));
        lines.extend(wrapped(&format!("✗ {error}"), ERROR));
    }
    lines.push(Line::raw(""));
    lines.push(answer_line::yes_no(km, c, "remove", "keep it"));
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "Remove profile", DANGER).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
