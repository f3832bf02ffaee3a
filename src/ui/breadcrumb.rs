//! The top row: `lazyentra › contoso › Users › Ada Lovelace › Edit`, and who is signed in on
//! the right. Each screen on the stack adds its own part.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::{DIM, TITLE};
use crate::state::State;
use crate::widgets::text;

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let mut parts: Vec<String> = vec!["lazyentra".to_owned()];
    if state.session.is_some() {
        parts.push(tenant_label(state));
    }
    parts.extend(
        state
            .screens
            .iter()
            .filter_map(|s| s.as_dyn().crumb())
            .map(|crumb| text::clean(&crumb).into_owned()),
    );
    let right = match &state.session {
        Some(session) => {
            // The granted application permissions, as the token's roles claim lists them.
            let app = session.token.app_name.as_deref().unwrap_or("app");
            let roles = &session.permissions().roles;
            let mut text = if roles.is_empty() {
                format!("{app} · no permissions")
            } else {
                format!("{app} · {}", roles.join(", "))
            };
            if state.connect.read_only {
                text.push_str(" · read-only mode");
            }
            format!("{} ", text::truncate(&text, (area.width / 2) as usize))
        }
        None => String::new(),
    };
    let left_room = (area.width as usize).saturating_sub(text::width(&right) + 1);
    let mut spans = Vec::new();
    let count = parts.len();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" › ", DIM));
        }
        let style = if i + 1 == count { TITLE } else { Style::new() };
        spans.push(Span::styled(part, style));
    }
    let line = Line::from(spans);
    let left = text::truncate(&line.to_string(), left_room);
    let line = if text::width(&left) < line.width() {
        Line::raw(left)
    } else {
        line
    };
    let [l, r] = Layout::horizontal([
        Constraint::Min(1),
        Constraint::Length(text::width(&right) as u16),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(line), l);
    frame.render_widget(Paragraph::new(Line::styled(right, DIM)), r);
}

/// The tenant's short name: the first label of its domain, else the start of its id.
pub fn tenant_label(state: &State) -> String {
    let first_label = |d: &str| d.split('.').next().unwrap_or_default().to_owned();
    if let Some(tenant) = state
        .connect
        .tenant_id
        .as_deref()
        .filter(|t| t.contains('.'))
    {
        return first_label(tenant);
    }
    if let Some(domain) = state.session.as_ref().and_then(|s| s.domain.as_deref()) {
        return first_label(domain);
    }
    if let Some(domain) = state.suggested_domain() {
        return first_label(&domain);
    }
    let tenant = state
        .session
        .as_ref()
        .and_then(|s| s.token.tenant_id.as_deref());
    tenant
        .or(state.connect.tenant_id.as_deref())
        .unwrap_or_default()
        .chars()
        .take(8)
        .collect()
}
