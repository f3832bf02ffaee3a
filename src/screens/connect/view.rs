//! The start screen: which tenant and app the settings name (never the secret), what is
//! missing and where to set it, and the sign-in progress or failure.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::Connect;
use crate::graph::{GraphError, Permissions, TokenInfo};
use crate::keymap::Action;
use crate::state::{CredentialInfo, Pending, State};
use crate::ui::theme::{DIM, ERROR, KEY, TITLE};
use crate::widgets::{popup, spinner, text};

/// A sign-in is under way.
pub(super) fn signing_in(state: &State) -> bool {
    state.is_pending(|p| *p == Pending::Connect)
}

pub(super) fn render(connect: &Connect, state: &State, frame: &mut Frame, area: Rect) {
    let info = &state.connect;
    let width = area.width.saturating_sub(4).min(90);
    let text_width = width.saturating_sub(2) as usize;
    let wrapped = |text: &str, indent: usize, style: Style| -> Vec<Line<'static>> {
        text::wrap(text, text_width, indent)
            .into_iter()
            .map(|l| Line::styled(l, style))
            .collect()
    };
    let missing = || Span::styled("not set", ERROR);
    let value = |v: &Option<String>| {
        v.as_deref()
            .map_or_else(missing, |v| Span::raw(v.to_owned()))
    };
    let row = |label: &str, value: Span<'static>| {
        Line::from(vec![Span::styled(format!("{label:<16}"), DIM), value])
    };
    let mut lines = vec![
        Line::styled("Connect to a Microsoft Entra tenant", TITLE),
        Line::styled(
            "App-only sign-in (client credentials) to Microsoft Graph",
            DIM,
        ),
        Line::raw(""),
        row("Tenant ID", value(&info.tenant_id)),
        row("Client ID", value(&info.client_id)),
    ];
    lines.extend(credential_rows(&info.credential));
    lines.extend([
        row("Authority", Span::raw(info.authority_host.clone())),
        row("Graph endpoint", Span::raw(info.graph_endpoint.clone())),
        row(
            "Mode",
            if info.read_only {
                Span::styled(
                    "read-only (read_only = true)",
                    Style::new().fg(Color::Yellow),
                )
            } else {
                Span::raw("read-write (as far as the app's permissions allow)")
            },
        ),
    ]);
    if let Some(source) = &info.source {
        lines.push(row("Settings", Span::raw(source.clone())));
    }
    lines.push(Line::raw(""));
    for warning in &info.warnings {
        lines.extend(wrapped(
            &format!("! {warning}"),
            2,
            Style::new().fg(Color::Yellow),
        ));
    }
    if !info.problems.is_empty() {
        lines.push(Line::styled("Cannot connect yet:", ERROR));
        for problem in &info.problems {
            lines.extend(wrapped(&format!("• {problem}"), 2, ERROR));
        }
        lines.push(Line::styled(
            "Run `lazyentra config` to see where each setting comes from.",
            DIM,
        ));
    } else if signing_in(state) {
        lines.push(Line::styled(
            format!(
                "{} Signing in… ({} cancels)",
                spinner(state.tick),
                state.keymap.short(Action::Back)
            ),
            KEY,
        ));
    } else {
        if let Some(error) = &connect.error {
            lines.push(Line::styled("Sign-in failed:", ERROR));
            lines.extend(wrapped(&error.to_string(), 0, ERROR));
            lines.extend(support_ids(error));
            lines.push(Line::raw(""));
        }
        lines.push(Line::from(vec![
            Span::raw("Press "),
            Span::styled(state.keymap.short(Action::Connect), KEY),
            Span::raw(" to connect, "),
            Span::styled(state.keymap.short(Action::Quit), KEY),
            Span::raw(" to quit."),
        ]));
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let outer = popup::centered(area, width + 4, height);
    let inner = popup::frame(frame, outer, "lazyentra", Color::Cyan).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// What Microsoft support asks for about a refused sign-in: its trace and correlation ids.
fn support_ids(error: &GraphError) -> Vec<Line<'static>> {
    let GraphError::Auth(auth) = error else {
        return Vec::new();
    };
    [
        ("Trace ID", &auth.trace_id),
        ("Correlation ID", &auth.correlation_id),
    ]
    .into_iter()
    .filter_map(|(label, id)| {
        let id = id.as_ref()?;
        Some(Line::from(vec![
            Span::styled(format!("{label:<16}"), DIM),
            Span::styled(id.clone(), DIM),
        ]))
    })
    .collect()
}

/// Which credential signs in: its kind and, for a certificate, the file and thumbprint; never
/// a secret or a key.
fn credential_rows(credential: &CredentialInfo) -> Vec<Line<'static>> {
    let row = |label: &str, value: Span<'static>| {
        Line::from(vec![Span::styled(format!("{label:<16}"), DIM), value])
    };
    match credential {
        CredentialInfo::Secret => vec![row("Client secret", Span::raw("set (hidden)"))],
        CredentialInfo::Missing => vec![row("Client secret", Span::styled("not set", ERROR))],
        CredentialInfo::Certificate { path, thumbprint } => vec![
            row("Certificate", Span::raw(path.clone())),
            row("Thumbprint", Span::raw(thumbprint.clone())),
        ],
        CredentialInfo::BadCertificate { path } => vec![row(
            "Certificate",
            Span::styled(format!("{path} (cannot be used: see below)"), ERROR),
        )],
    }
}

/// "Connected as lazyentra-admin (User.ReadWrite.All)", and what the app cannot do.
pub(super) fn connected_text(token: &TokenInfo) -> String {
    let perms = &token.permissions;
    let roles = if perms.roles.is_empty() {
        "no application permissions".to_owned()
    } else {
        perms.roles.join(", ")
    };
    let app = token.app_name.as_deref().unwrap_or("the app");
    let write = Permissions::WRITE_PERMISSION;
    let limit = if !perms.can_read() {
        format!(": it cannot read users; grant it User.Read.All or {write}")
    } else if !perms.can_update() {
        format!(": read-only, writes need {write}")
    } else {
        String::new()
    };
    format!("Connected as {app} ({roles}){limit}")
}
