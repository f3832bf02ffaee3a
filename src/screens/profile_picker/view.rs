//! The profile picker: a popup with the filter, one row per profile the filter shows (the
//! cursor `›`, the name in its accent, its tenant, read-only, "current", what it lacks) and a
//! line about the selected one. Meaning never rests on colour: names, `›`, words.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::shown;
use super::state::ProfilePicker;
use crate::profile::Profile;
use crate::screens::search_box;
use crate::state::State;
use crate::ui::theme::{self, ACCENT, DIM, ERROR, SELECTED, WARN};
use crate::widgets::{popup, text};

const MAX_WIDTH: u16 = 76;
/// Rows inside the border that are not profiles: the filter, a gap, the selected one's line.
const FIXED_ROWS: u16 = 3;
const MARKER: &str = "› ";
const LABEL: &str = "Filter: ";

pub(super) fn render(picker: &ProfilePicker, state: &State, frame: &mut Frame, area: Rect) {
    let rows = shown(state, picker);
    let wanted = u16::try_from(rows.len().max(1)).unwrap_or(u16::MAX);
    let outer = popup::centered(
        area,
        MAX_WIDTH.min(area.width.saturating_sub(2)),
        (wanted + FIXED_ROWS + 2).min(area.height.saturating_sub(2)),
    );
    let inner = popup::frame(frame, outer, "Switch to profile", ACCENT).inner(Margin::new(1, 0));
    let [filter, _, list, about] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    render_filter(picker, frame, filter);
    let selected = picker.selected.min(rows.len().saturating_sub(1));
    let profiles: Vec<&Profile> = rows
        .iter()
        .filter_map(|i| state.profiles.rows.get(*i))
        .collect();
    if profiles.is_empty() {
        let typed = text::clean(picker.filter.value()).into_owned();
        frame.render_widget(
            Paragraph::new(Line::styled(format!("No profile matches '{typed}'"), DIM)),
            list,
        );
        return;
    }
    let height = usize::from(list.height).max(1);
    let offset = selected.saturating_sub(height - 1);
    let name_width = profiles
        .iter()
        .map(|p| text::width(&p.name))
        .max()
        .unwrap_or(0)
        .min(24);
    let room = usize::from(list.width);
    let lines: Vec<Line> = profiles
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, p)| row(p, state, i == selected, name_width, room))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(profile) = profiles.get(selected) {
        frame.render_widget(Paragraph::new(about_line(profile, state, room)), about);
    }
}

fn render_filter(picker: &ProfilePicker, frame: &mut Frame, area: Rect) {
    let room = usize::from(area.width).saturating_sub(LABEL.len() + 1);
    let (value, cursor) = search_box::window(&picker.filter, room);
    let line = Line::from(vec![
        Span::styled(LABEL, WARN.add_modifier(Modifier::BOLD)),
        Span::raw(value),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    let x = area.x + LABEL.len() as u16 + cursor as u16;
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}

/// One profile: `› name  tenant  read-only  (current)  what it lacks`.
fn row(
    p: &Profile,
    state: &State,
    selected: bool,
    name_width: usize,
    room: usize,
) -> Line<'static> {
    let name = text::truncate(&text::clean(&p.name), name_width);
    let pad = " ".repeat(name_width.saturating_sub(text::width(&name)));
    let mut spans = vec![
        Span::raw(if selected { MARKER } else { "  " }),
        Span::styled(name, theme::profile(p.info.accent)),
        Span::raw(pad),
    ];
    let tenant = p.info.tenant_id.as_deref().unwrap_or("no tenant set");
    spans.push(Span::styled(format!("  {}", text::clean(tenant)), DIM));
    if p.info.read_only {
        spans.push(Span::styled("  read-only", WARN));
    }
    if state.session.is_some() && p.name == state.connect.name {
        spans.push(Span::raw("  (current)"));
    }
    if let Some(status) = &p.info.status {
        spans.push(Span::styled(format!("  ✗ {}", text::clean(status)), ERROR));
    }
    let line = Line::from(spans);
    let line = if line.width() > room {
        let plain = text::truncate(&line.to_string(), room);
        Line::styled(plain, theme::profile(p.info.accent))
    } else {
        line
    };
    if selected {
        line.patch_style(SELECTED)
    } else {
        line
    }
}

/// What Enter would do with the selected profile, or why it cannot.
fn about_line(p: &Profile, state: &State, room: usize) -> Line<'static> {
    let name = text::clean(&p.name).into_owned();
    let (textual, style) = if let Some(problem) = p.info.problems.first() {
        (format!("Cannot connect: {}", text::clean(problem)), ERROR)
    } else if state.session.is_some() && p.name == state.connect.name {
        (format!("The session is on {name}"), DIM)
    } else {
        let mode = if p.info.read_only { ", read-only" } else { "" };
        (format!("Enter signs in to {name}{mode}"), DIM)
    };
    Line::styled(text::truncate(&textual, room), style)
}
