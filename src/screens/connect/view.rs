//! The start screen: the profiles as a table (name, tenant, app, credential, mode, whether it
//! can connect), then the selected one in full (never the secret), what it lacks and where
//! to set it, and the sign-in progress or failure.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::Connect;
use super::{selected, shown};
use crate::graph::{GraphError, Permissions, TokenInfo};
use crate::keymap::Action;
use crate::profile::{ConnectInfo, CredentialInfo, Profile, SecretFrom};
use crate::screens::cursor;
use crate::screens::search_box;
use crate::state::{Pending, State};
use crate::ui::theme::{self, DIM, ERROR, KEY, SELECTED, SUCCESS, TITLE, WARN};
use crate::widgets::{popup, spinner, text};

/// Profile rows shown at once; more scroll.
const MAX_ROWS: usize = 6;
/// Labels of the selected profile's details.
const LABEL: usize = 16;

/// A sign-in is under way.
pub(super) fn signing_in(state: &State) -> bool {
    state.is_pending(|p| *p == Pending::Connect)
}

pub(super) fn render(connect: &Connect, state: &State, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(100);
    let text_width = width.saturating_sub(2) as usize;
    let rows = shown(state, connect);
    let table_rows = rows.len().clamp(1, MAX_ROWS);
    let mut lines: Vec<(Line<'static>, u8)> = vec![
        (
            Line::styled("Connect to a Microsoft Entra tenant", TITLE),
            0,
        ),
        (
            Line::styled(
                "App-only sign-in (client credentials) to Microsoft Graph",
                DIM,
            ),
            SUBTITLE,
        ),
        (Line::raw(""), 0),
    ];
    lines.extend(
        table(connect, state, &rows, table_rows, text_width)
            .into_iter()
            .map(|l| (l, 0)),
    );
    if connect.search.visible() {
        // The search box is drawn over this row.
        lines.push((Line::raw(SEARCH_ROW), 0));
    }
    lines.push((Line::raw(""), 0));
    match selected(state, connect) {
        Some(profile) => lines.extend(details(connect, state, profile, text_width)),
        None => lines.push((
            Line::styled(
                format!(
                    "No profile matches the filter ({} clears it).",
                    state.keymap.short(Action::Back)
                ),
                DIM,
            ),
            0,
        )),
    }
    // What does not fit goes, least needed first: the subtitle, where the settings come
    // from, the endpoints.
    let room = usize::from(area.height.saturating_sub(2));
    for drop in [SUBTITLE, SOURCE, ENDPOINTS] {
        if lines.len() > room {
            lines.retain(|(_, priority)| *priority != drop);
        }
    }
    let search_at = lines
        .iter()
        .position(|(l, _)| l.spans.first().is_some_and(|s| s.content == SEARCH_ROW));
    let lines: Vec<Line<'static>> = lines.into_iter().map(|(l, _)| l).collect();
    let height = (lines.len() as u16 + 2).min(area.height);
    let outer = popup::centered(area, width + 4, height);
    let inner = popup::frame(frame, outer, "lazyentra", Color::Cyan).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if let Some(at) = search_at.filter(|&at| (at as u16) < inner.height) {
        let row = Rect::new(inner.x, inner.y + at as u16, inner.width, 1);
        search_box::render(&connect.search, &state.keymap, frame, row);
    }
}

/// A placeholder line where the search box is drawn.
const SEARCH_ROW: &str = "\u{0}search";
/// Lines that go when the screen is short, first to last.
const SUBTITLE: u8 = 3;
const SOURCE: u8 = 2;
const ENDPOINTS: u8 = 1;

/// The header and the profile rows in view, the selected one marked.
fn table(
    connect: &Connect,
    state: &State,
    rows: &[usize],
    height: usize,
    width: usize,
) -> Vec<Line<'static>> {
    let profiles: Vec<&Profile> = rows.iter().map(|&i| &state.profiles.rows[i]).collect();
    let cells: Vec<[String; 6]> = profiles.iter().map(|p| row_cells(&p.info)).collect();
    let headers = ["Profile", "Tenant", "App", "Sign-in", "Mode", "Can connect"];
    // The marker column, then six columns with a space between each.
    let room = width.saturating_sub(2 + 5);
    let mut wanted: Vec<usize> = (0..6)
        .map(|c| {
            cells
                .iter()
                .map(|r| text::width(&r[c]))
                .chain([text::width(headers[c])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    // An app's client ID is long and its first part tells them apart; the status gets the rest.
    wanted[2] = wanted[2].min(9);
    wanted[1] = wanted[1].min(26);
    let widths = text::fit_columns(&wanted, 4, room);
    let line = |cells: &[String], styles: [Style; 6]| -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        for (c, cell) in cells.iter().enumerate() {
            let shown = text::truncate(&text::clean(cell), widths[c]);
            let pad = widths[c].saturating_sub(text::width(&shown));
            let sep = if c + 1 < cells.len() { " " } else { "" };
            spans.push(Span::styled(shown, styles[c]));
            spans.push(Span::raw(format!("{}{sep}", " ".repeat(pad))));
        }
        spans
    };
    let header: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
    let mut header_spans = vec![Span::raw("  ")];
    header_spans.extend(line(&header, [DIM; 6]));
    let mut out = vec![Line::from(header_spans)];
    if profiles.is_empty() {
        out.push(Line::styled("  (no profile matches the filter)", DIM));
        return out;
    }
    let (current, offset) = cursor::window(connect.selected, 0, profiles.len(), height);
    for (i, (profile, cells)) in profiles
        .iter()
        .zip(&cells)
        .enumerate()
        .skip(offset)
        .take(height)
    {
        let ready = profile.info.problems.is_empty();
        let styles = [
            theme::profile(profile.info.accent),
            Style::new(),
            DIM,
            Style::new(),
            if profile.info.read_only {
                WARN
            } else {
                Style::new()
            },
            if ready { SUCCESS } else { ERROR },
        ];
        let mut spans = vec![Span::styled(if i == current { "› " } else { "  " }, KEY)];
        spans.extend(line(cells, styles));
        let mut row = Line::from(spans);
        if i == current {
            row = row.patch_style(SELECTED);
        }
        out.push(row);
    }
    if profiles.len() > height {
        out.push(Line::styled(
            format!("  {} of {} profiles", current + 1, profiles.len()),
            DIM,
        ));
    }
    out
}

/// Name, tenant, app, credential kind, mode, and ready or what is missing.
fn row_cells(info: &ConnectInfo) -> [String; 6] {
    let unset = "—".to_owned();
    let credential = match &info.credential {
        CredentialInfo::Missing => "none",
        CredentialInfo::Secret {
            from: SecretFrom::Env { .. },
        } => "variable",
        CredentialInfo::Secret {
            from: SecretFrom::File { .. },
        } => "file",
        CredentialInfo::Secret {
            from: SecretFrom::Typed,
        } => "typed",
        CredentialInfo::Secret { .. } => "secret",
        CredentialInfo::Certificate { .. } | CredentialInfo::BadCertificate { .. } => "cert",
    };
    let status = if info.problems.is_empty() {
        "ready".to_owned()
    } else {
        info.status
            .clone()
            .unwrap_or_else(|| "cannot connect".to_owned())
    };
    [
        info.name.clone(),
        info.tenant_id.clone().unwrap_or_else(|| unset.clone()),
        info.client_id.clone().unwrap_or(unset),
        credential.to_owned(),
        if info.read_only {
            "read-only"
        } else {
            "read-write"
        }
        .to_owned(),
        status,
    ]
}

/// The selected profile in full, then what stops it, the sign-in under way, or its failure.
fn details(
    connect: &Connect,
    state: &State,
    profile: &Profile,
    text_width: usize,
) -> Vec<(Line<'static>, u8)> {
    let info = &profile.info;
    let wrapped = |text: &str, indent: usize, style: Style| -> Vec<Line<'static>> {
        text::wrap(text, text_width, indent)
            .into_iter()
            .map(|l| Line::styled(l, style))
            .collect()
    };
    let missing = || Span::styled("not set", ERROR);
    let value = |v: &Option<String>| {
        v.as_deref()
            .map_or_else(missing, |v| Span::raw(text::clean(v).into_owned()))
    };
    let mode = if info.read_only {
        Span::styled("read-only (read_only = true)", WARN)
    } else {
        Span::raw("read-write (as far as the app's permissions allow)")
    };
    let mut head = vec![
        row("Tenant ID", value(&info.tenant_id)),
        row("Client ID", value(&info.client_id)),
    ];
    head.extend(credential_rows(&info.credential));
    head.push(row("Mode", mode));
    // Each line with how much it is needed (0: always shown).
    let mut out: Vec<(Line<'static>, u8)> = head.into_iter().map(|l| (l, 0)).collect();
    out.extend([
        (
            row("Authority", Span::raw(info.authority_host.clone())),
            ENDPOINTS,
        ),
        (
            row("Graph endpoint", Span::raw(info.graph_endpoint.clone())),
            ENDPOINTS,
        ),
    ]);
    if let Some(source) = &info.source {
        let text = format!("{:<LABEL$}{source}", "Settings");
        out.extend(wrapped(&text, LABEL, DIM).into_iter().map(|l| (l, SOURCE)));
    }
    out.push((Line::raw(""), 0));
    let mut lines = Vec::new();
    for warning in &info.warnings {
        lines.extend(wrapped(&format!("! {warning}"), 2, WARN));
    }
    if !info.problems.is_empty() {
        lines.push(Line::styled("Cannot connect yet:", ERROR));
        for problem in &info.problems {
            lines.extend(wrapped(&format!("• {problem}"), 2, ERROR));
        }
        let advice = if profile.is_in_file() {
            format!(
                "Run `lazyentra config --profile {}` to see where each setting comes from; {} \
                 edits it here.",
                profile.name,
                state.keymap.short(Action::EditProfile)
            )
        } else {
            "Run `lazyentra config` to see where each setting comes from.".to_owned()
        };
        lines.extend(wrapped(&advice, 0, DIM));
    } else if signing_in(state) {
        lines.push(Line::styled(
            format!(
                "{} Signing in with {}… ({} cancels)",
                spinner(state.tick),
                state.connect.name,
                state.keymap.short(Action::Back)
            ),
            KEY,
        ));
    } else {
        if let Some(error) = &connect.error {
            lines.push(Line::styled(
                format!("Sign-in with {} failed:", state.connect.name),
                ERROR,
            ));
            lines.extend(wrapped(&error.to_string(), 0, ERROR));
            lines.extend(support_ids(error));
            lines.push(Line::raw(""));
        }
        lines.push(Line::from(vec![
            Span::raw("Press "),
            Span::styled(state.keymap.short(Action::Connect), KEY),
            Span::raw(" to connect, "),
            Span::styled(state.keymap.short(Action::AddProfile), KEY),
            Span::raw(" to add a profile, "),
            Span::styled(state.keymap.short(Action::Quit), KEY),
            Span::raw(" to quit."),
        ]));
    }
    out.extend(lines.into_iter().map(|l| (l, 0)));
    out
}

fn row(label: &str, value: Span<'static>) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{label:<LABEL$}"), DIM), value])
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
        Some(row(label, Span::styled(id.clone(), DIM)))
    })
    .collect()
}

/// Which credential signs in: its kind and where it comes from and, for a certificate, the
/// file and thumbprint; never a secret or a key.
fn credential_rows(credential: &CredentialInfo) -> Vec<Line<'static>> {
    match credential {
        CredentialInfo::Secret { from } => {
            let (text, style) = match from {
                SecretFrom::Setting(origin) if origin.is_empty() => {
                    ("set (hidden)".to_owned(), Style::new())
                }
                SecretFrom::Setting(origin) => {
                    (format!("set (hidden), from {origin}"), Style::new())
                }
                SecretFrom::Env { var, set: true } => {
                    (format!("set (hidden), from ${var}"), Style::new())
                }
                SecretFrom::Env { var, set: false } => (format!("${var}, which is not set"), ERROR),
                SecretFrom::File { path, usable: true } => {
                    (format!("set (hidden), in {path}"), Style::new())
                }
                SecretFrom::File {
                    path,
                    usable: false,
                } => (format!("{path} (cannot be used: see below)"), ERROR),
                SecretFrom::Typed => ("typed this session (not saved)".to_owned(), Style::new()),
            };
            vec![row("Client secret", Span::styled(text, style))]
        }
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
