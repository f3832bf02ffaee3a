//! One user's properties, grouped as the Entra admin center groups them, and its relations
//! (manager, direct reports, last sign-ins, licences, group memberships), each arriving on
//! its own. The cursor's row is highlighted; the rows scroll to keep it in view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::rows::{index_of, rows};
use super::state::{Load, UserDetail};
use crate::keymap::Action;
use crate::screens::cursor;
use crate::state::{Pending, State};
use crate::ui::layout::CHROME_ROWS;
use crate::ui::theme::{DIM, ERROR, GUEST, KEY, SELECTED, TITLE, WARN};
use crate::widgets::{spinner, text};

/// What the status line says while a user or one of its relations is read.
pub fn activity(load: &Load) -> String {
    use crate::graph::Relation;
    match load {
        Load::Refresh { label, .. } => format!("Loading {label}…"),
        Load::ReadBack { .. } => "Reading the new user back…".to_owned(),
        Load::Edit { label, .. } => format!("Reading {label} to edit…"),
        Load::Undo { label, .. } => format!("Reading {label} to undo the edit…"),
        Load::Related {
            label, relation, ..
        } => {
            let what = match relation {
                Relation::Manager => "manager",
                Relation::DirectReports => "direct reports",
                Relation::MemberOf => "group memberships",
                Relation::Licenses => "licences",
                Relation::SignInActivity => "last sign-ins",
            };
            format!("Loading {label}'s {what}…")
        }
    }
}

/// Rows for the properties at terminal size `size` (below the title row).
pub fn body_rows(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(CHROME_ROWS + 2))
}

pub(super) fn render(detail: &UserDetail, state: &State, frame: &mut Frame, area: Rect) {
    let [title, gap, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let user = &detail.user;
    let mut spans = vec![Span::styled(text::clean(user.label()).into_owned(), TITLE)];
    if user.is_guest() {
        spans.push(Span::styled("  [guest]", GUEST));
    }
    if user.account_enabled == Some(false) {
        spans.push(Span::styled("  [sign-in blocked]", WARN));
    }
    let refreshing = |p: &Pending| {
        matches!(p, Pending::Detail(Load::Refresh { view, .. }) if *view == detail.view)
            || matches!(p, Pending::Detail(Load::Edit { user_id, .. }) if *user_id == detail.user.id)
    };
    if state.is_pending(refreshing) {
        spans.push(Span::styled(
            format!("  {} refreshing", spinner(state.tick)),
            KEY,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), title);
    if detail.gone {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "This user no longer exists: it was deleted or renamed. {} goes back.",
                    state.keymap.short(Action::Back)
                ),
                ERROR,
            )),
            gap,
        );
    }
    let all = rows(detail, state, body.width as usize);
    let shown = usize::from(body.height);
    let at = index_of(&all, detail.cursor);
    let (at, offset) = cursor::window(at, detail.offset, all.len(), shown);
    let lines: Vec<Line<'static>> = all
        .iter()
        .enumerate()
        .skip(offset)
        .take(shown)
        .map(|(i, row)| {
            if i == at {
                let mut line = row.line.clone().patch_style(SELECTED);
                // Highlight the whole width, so a short row is still plainly the cursor's.
                let fill = (body.width as usize).saturating_sub(line.width());
                line.spans.push(Span::styled(" ".repeat(fill), SELECTED));
                line
            } else {
                row.line.clone()
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
    let below = all.len().saturating_sub(offset + shown);
    if below > 0 || offset > 0 {
        let keys = format!(
            "{}/{} move, {} next section",
            state.keymap.short(Action::Down),
            state.keymap.short(Action::Up),
            state.keymap.short(Action::NextSection)
        );
        let more = if below > 0 {
            format!("↓ {below} more ({keys})")
        } else {
            format!("↑ ({keys})")
        };
        let w = text::width(&more) as u16;
        if body.width > w && at != offset + shown - 1 {
            let at = Rect::new(body.right() - w, body.bottom() - 1, w, 1);
            frame.render_widget(Paragraph::new(Line::styled(more, DIM)), at);
        }
    }
}
