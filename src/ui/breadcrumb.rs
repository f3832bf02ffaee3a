//! The top row: `lazyentra › contoso · Contoso Ltd read-only › Users › Ada Lovelace › Edit`,
//! and which app is signed in with what on the right. Once connected it always names the
//! profile and the organisation, in the profile's accent colour (bold, so the name alone
//! tells profiles apart under `NO_COLOR`), and says when the profile is read-only: production
//! must never be mistaken for test. Each screen on the stack adds its own part.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::{self, DIM, TITLE, WARN};
use crate::state::{State, TenantDomains};
use crate::widgets::text;

const ROOT: &str = "lazyentra";
const SEPARATOR: &str = " › ";
const READ_ONLY: &str = " read-only";
/// A crumb trail is cut no shorter than this before the organisation's name is.
const MIN_CRUMBS: usize = 12;

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let crumbs: Vec<String> = state
        .screens
        .iter()
        .filter_map(|s| s.as_dyn().crumb())
        .map(|crumb| text::clean(&crumb).into_owned())
        .collect();
    // The app and its permissions get what the profile, the organisation and a short trail
    // leave, at most half the row.
    let width = area.width as usize;
    let right_room = (width / 2).min(width.saturating_sub(essential_width(state, &crumbs) + 2));
    let right = match &state.session {
        Some(session) if right_room >= 8 => {
            // The granted application permissions, as the token's roles claim lists them.
            let app = session.token.app_name.as_deref().unwrap_or("app");
            let roles = &session.permissions().roles;
            let text = if roles.is_empty() {
                format!("{app} · no permissions")
            } else {
                format!("{app} · {}", roles.join(", "))
            };
            format!("{} ", text::truncate(&text, right_room))
        }
        _ => String::new(),
    };
    let left_room = (area.width as usize).saturating_sub(text::width(&right) + 1);
    let line = left_line(state, &crumbs, left_room);
    let [l, r] = Layout::horizontal([
        Constraint::Min(1),
        Constraint::Length(text::width(&right) as u16),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(line), l);
    frame.render_widget(Paragraph::new(Line::styled(right, DIM)), r);
}

/// The left part in `room` cells. What goes last when it is too long: the crumbs, then the
/// organisation's name; the profile's name and "read-only" stay.
fn left_line(state: &State, crumbs: &[String], room: usize) -> Line<'static> {
    let mut spans = vec![Span::raw(ROOT)];
    let mut used = text::width(ROOT);
    if state.session.is_some() {
        let profile = text::clean(&state.connect.name).into_owned();
        let style = theme::profile(state.connect.accent);
        let read_only = if state.connect.read_only {
            READ_ONLY
        } else {
            ""
        };
        let trail = trail_width(crumbs);
        let fixed = used + text::width(SEPARATOR) + text::width(&profile) + read_only.len();
        let org_room = room.saturating_sub(fixed + trail.min(MIN_CRUMBS) + 3);
        let org = text::truncate(&organization_label(state), org_room);
        spans.push(Span::styled(SEPARATOR, DIM));
        spans.push(Span::styled(profile, style));
        if !org.is_empty() {
            spans.push(Span::styled(" · ", style));
            spans.push(Span::styled(org, style));
        }
        if !read_only.is_empty() {
            spans.push(Span::styled(read_only, WARN));
        }
        used = spans.iter().map(|s| text::width(&s.content)).sum();
    }
    let trail_room = room.saturating_sub(used);
    let trail = trail_width(crumbs);
    if trail <= trail_room {
        for (i, crumb) in crumbs.iter().enumerate() {
            spans.push(Span::styled(SEPARATOR, DIM));
            let style = if i + 1 == crumbs.len() {
                TITLE
            } else {
                Style::new()
            };
            spans.push(Span::styled(crumb.clone(), style));
        }
    } else if trail_room > text::width(SEPARATOR) {
        let joined = crumbs.iter().fold(String::new(), |mut out, c| {
            out.push_str(SEPARATOR);
            out.push_str(c);
            out
        });
        spans.push(Span::raw(text::truncate(&joined, trail_room)));
    }
    Line::from(spans)
}

/// Cells the left part needs before anything of it is cut: the root, the profile, the
/// organisation, "read-only" and the start of the crumbs.
fn essential_width(state: &State, crumbs: &[String]) -> usize {
    let mut width = text::width(ROOT) + trail_width(crumbs).min(MIN_CRUMBS);
    if state.session.is_some() {
        width += text::width(SEPARATOR)
            + text::width(&state.connect.name)
            + 3
            + text::width(&organization_label(state));
        if state.connect.read_only {
            width += READ_ONLY.len();
        }
    }
    width
}

/// Cells the crumbs take, each after a separator.
fn trail_width(crumbs: &[String]) -> usize {
    crumbs
        .iter()
        .map(|c| text::width(SEPARATOR) + text::width(c))
        .sum()
}

/// How the header names the tenant: the organisation's display name when the app may read it,
/// else its default domain (Graph's `/domains`), else the domain its users sign in with, else
/// the tenant as the settings give it.
pub fn organization_label(state: &State) -> String {
    let session = state.session.as_ref();
    if let Some(name) = session.and_then(|s| s.organization.as_deref()) {
        return text::clean(name).into_owned();
    }
    if let Some(TenantDomains::Verified {
        default: Some(domain),
        ..
    }) = session.map(|s| &s.domains)
    {
        return domain.clone();
    }
    if let Some(domain) = state.suggested_domain() {
        return domain;
    }
    let tenant = state
        .connect
        .tenant_id
        .as_deref()
        .or_else(|| session.and_then(|s| s.token.tenant_id.as_deref()))
        .unwrap_or_default();
    if tenant.contains('.') {
        return tenant.to_owned();
    }
    tenant.chars().take(8).collect()
}
