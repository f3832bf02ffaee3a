//! Drawing the whole app: a pure function of `&State`. The frame is a breadcrumb row on top,
//! the screen in the middle, and two rows at the bottom: the status line and the key hints.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::{Action, Context};
use crate::screens::{confirm_delete, connect, help, password, user_detail, user_list};
use crate::state::{Notice, Popup, Screen, State};
use crate::widgets::{spinner, text};

/// Below this the layout cannot show a useful table, so the app says so instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// Rows taken by the breadcrumb (top) and the status and hint lines (bottom).
pub const CHROME_ROWS: u16 = 3;

pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const ERROR: Style = Style::new().fg(Color::Red);
pub const SUCCESS: Style = Style::new().fg(Color::Green);
pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);

pub fn render(state: &State, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    let [top, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    breadcrumb(state, frame, top);
    match &state.screen {
        Screen::Connect => connect::render(state, frame, body),
        Screen::List => user_list::render(state, frame, body),
        Screen::Detail(detail) => user_detail::render(state, detail, frame, body),
    }
    match &state.popup {
        Some(Popup::Form(form)) => form.render(frame, body, state.tick),
        Some(Popup::ConfirmDelete(target)) => confirm_delete::render(state, target, frame, body),
        Some(Popup::Password { upn, password }) => password::render(upn, password, frame, body),
        None => {}
    }
    if state.help {
        help::render(state, frame, body);
    }
    status_line(state, frame, status);
    key_hints(state, frame, hints);
}

fn too_small(frame: &mut Frame, area: Rect) {
    let lines = vec![
        Line::styled("Terminal too small", TITLE),
        Line::raw(format!("{}x{}", area.width, area.height)),
        Line::raw(format!("lazyentra needs at least {MIN_WIDTH}x{MIN_HEIGHT}")),
    ];
    let y = area.height.saturating_sub(3) / 2;
    let rect = Rect::new(area.x, area.y + y, area.width, area.height.min(3));
    frame.render_widget(
        Paragraph::new(lines).alignment(ratatui::layout::Alignment::Center),
        rect,
    );
}

/// `lazyentra › contoso › Users › Ada Lovelace › Edit`, and who is signed in on the right.
fn breadcrumb(state: &State, frame: &mut Frame, area: Rect) {
    let mut parts: Vec<String> = vec!["lazyentra".to_owned()];
    match &state.screen {
        Screen::Connect => parts.push("Connect".to_owned()),
        Screen::List | Screen::Detail(_) => {
            parts.push(state.tenant_label());
            parts.push("Users".to_owned());
        }
    }
    if let Screen::Detail(detail) = &state.screen {
        parts.push(detail.user.label().to_owned());
    }
    match &state.popup {
        Some(Popup::Form(form)) if form.is_create() => parts.push("New user".to_owned()),
        Some(Popup::Form(_)) => parts.push("Edit".to_owned()),
        Some(Popup::ConfirmDelete(_)) => parts.push("Delete".to_owned()),
        _ => {}
    }
    let right = match &state.session {
        Some(session) => {
            let app = session.token.app_name.as_deref().unwrap_or("app");
            let mode = if state.connect.read_only {
                "read-only mode"
            } else if session.permissions().can_update() {
                "read-write"
            } else {
                "read-only app"
            };
            format!("{app} · {mode} ")
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

/// What is happening (spinner + activity, throttling), then the last result or error.
fn status_line(state: &State, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    let mut used = 0;
    if let Some(activity) = state.activity() {
        let busy = format!("{} {activity}", spinner(state.tick));
        used += text::width(&busy);
        spans.push(Span::styled(busy, KEY));
        if let Some(throttled) = &state.status.throttled {
            let t = format!("  {throttled}");
            used += text::width(&t);
            spans.push(Span::styled(t, Style::new().fg(Color::Yellow)));
        }
        spans.push(Span::styled("  │ ", DIM));
        used += 4;
    }
    let room = (area.width as usize).saturating_sub(used);
    match &state.status.notice {
        Some(Notice::Error(e)) => spans.push(Span::styled(
            text::truncate_keep_request_id(&format!("✗ {e}"), room),
            ERROR,
        )),
        Some(Notice::Success(s)) => {
            spans.push(Span::styled(
                text::truncate(&format!("✓ {s}"), room),
                SUCCESS,
            ));
        }
        Some(Notice::Info(s)) => spans.push(Span::raw(text::truncate(s, room))),
        None if spans.is_empty() => spans.push(Span::styled("Ready", DIM)),
        None => {
            spans.pop();
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The keys that matter here, from the live keymap; unavailable writes are struck through.
fn key_hints(state: &State, frame: &mut Frame, area: Rect) {
    let mut hints: Vec<(String, String, bool)> = Vec::new();
    let km = &state.keymap;
    let mut add = |action: Action, what: &str, enabled: bool| {
        hints.push((km.short(action), what.to_owned(), enabled));
    };
    if state.help {
        add(Action::Help, "close help", true);
    } else if let Some(popup) = &state.popup {
        match popup {
            Popup::Form(form) => {
                for (k, what) in form.key_help() {
                    hints.push((k.to_owned(), what.to_owned(), true));
                }
            }
            Popup::ConfirmDelete(t) if t.deleting => {
                hints.push(("Esc".into(), "cancel".into(), true))
            }
            Popup::ConfirmDelete(_) => {
                add(Action::Confirm, "delete", true);
                add(Action::Cancel, "cancel", true);
            }
            Popup::Password { .. } => hints.push(("Enter/Esc".into(), "dismiss".into(), true)),
        }
    } else {
        match &state.screen {
            Screen::Connect => {
                add(
                    Action::Connect,
                    "connect",
                    state.connect.problems.is_empty(),
                );
                add(Action::Help, "help", true);
                add(Action::Quit, "quit", true);
            }
            Screen::List if state.list.search.focused => {
                hints.push(("Enter".into(), "keep search".into(), true));
                hints.push(("Esc".into(), "clear search".into(), true));
                hints.push(("↑/↓".into(), "move".into(), true));
            }
            Screen::List | Screen::Detail(_) => {
                let in_list = state.screen == Screen::List;
                if in_list {
                    add(Action::Open, "open", true);
                    add(Action::Search, "search", true);
                    add(
                        Action::New,
                        "new",
                        state.write_blocked(Action::New).is_none(),
                    );
                } else {
                    add(Action::Back, "back", true);
                }
                add(
                    Action::Edit,
                    "edit",
                    state.write_blocked(Action::Edit).is_none(),
                );
                add(
                    Action::Delete,
                    "delete",
                    state.write_blocked(Action::Delete).is_none(),
                );
                add(Action::Refresh, "refresh", true);
                add(Action::Disconnect, "disconnect", true);
                add(Action::Help, "help", true);
                add(Action::Quit, "quit", true);
            }
        }
    }
    let mut spans = Vec::new();
    for (key, what, enabled) in hints {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        if enabled {
            spans.push(Span::styled(key, KEY));
            spans.push(Span::raw(format!(" {what}")));
        } else {
            let off = DIM.add_modifier(Modifier::CROSSED_OUT);
            spans.push(Span::styled(format!("{key} {what}"), off));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The help context of the screen in front.
pub fn context(state: &State) -> Option<Context> {
    match (&state.popup, &state.screen) {
        (Some(Popup::ConfirmDelete(_)), _) => Some(Context::ConfirmDelete),
        (Some(_), _) => None,
        (None, Screen::Connect) => Some(Context::Connect),
        (None, Screen::List) => Some(Context::List),
        (None, Screen::Detail(_)) => Some(Context::Detail),
    }
}
