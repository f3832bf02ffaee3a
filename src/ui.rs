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
    render_screen(state, frame);
    // Last: clusters of several narrow letters (Devanagari, Thai) get one cell per letter, as
    // the terminal shows them, so switching screens or scrolling leaves no stray glyphs.
    crate::widgets::cells::split_clusters(frame.buffer_mut());
}

fn render_screen(state: &State, frame: &mut Frame) {
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
        Some(Popup::Form(form)) => {
            // Room for the longest (create) form and its messages; no wider than reads well.
            let area = crate::widgets::popup::centered(body, 100, 24);
            crate::widgets::popup::clear(frame, area);
            form.render(frame, area, state.tick);
        }
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

/// What is happening (spinner + activity, throttling), then the last result or error.
fn status_line(state: &State, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    let mut used = 0;
    if let Some(activity) = state.activity() {
        let busy = format!("{} {activity}", spinner(state.tick));
        used += text::width(&busy);
        spans.push(Span::styled(busy, KEY));
        if let Some(throttled) = &state.status.throttled {
            let t = format!("  {}", throttled.text());
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

/// One hint: key, what it does, whether it is available, and how much it matters when the
/// line is too short for all of them (lowest goes first).
struct Hint {
    key: String,
    what: String,
    enabled: bool,
    priority: u8,
}

/// The keys that matter here, from the live keymap; unavailable writes are struck through.
fn key_hints(state: &State, frame: &mut Frame, area: Rect) {
    let mut hints: Vec<Hint> = Vec::new();
    let km = &state.keymap;
    let mut add = |action: Action, what: &str, enabled: bool, priority: u8| {
        hints.push(Hint {
            key: km.short(action),
            what: what.to_owned(),
            enabled,
            priority,
        });
    };
    let fixed = |key: &str, what: &str, priority: u8| Hint {
        key: key.to_owned(),
        what: what.to_owned(),
        enabled: true,
        priority,
    };
    if state.help {
        add(Action::Help, "close help", true, 9);
    } else if let Some(popup) = &state.popup {
        match popup {
            // The form shows its own keys inside its frame.
            Popup::Form(form) => {
                if !form.is_typing() {
                    add(Action::Help, "all keys", true, 9);
                }
                hints.push(fixed("Ctrl-C", "quit lazyentra", 8));
            }
            Popup::ConfirmDelete(t) if t.deleting => hints.push(fixed("Esc", "cancel", 9)),
            Popup::ConfirmDelete(_) => {
                add(Action::Confirm, "delete", true, 9);
                add(Action::Cancel, "keep", true, 9);
            }
            Popup::Password { .. } => hints.push(fixed("Enter/Esc", "dismiss", 9)),
        }
    } else {
        match &state.screen {
            Screen::Connect if state.is_pending(|p| *p == crate::state::Pending::Connect) => {
                add(Action::Back, "cancel", true, 9);
                add(Action::Quit, "quit", true, 8);
            }
            Screen::Connect => {
                add(
                    Action::Connect,
                    "connect",
                    state.connect.problems.is_empty(),
                    9,
                );
                add(Action::Help, "help", true, 8);
                add(Action::Quit, "quit", true, 8);
            }
            Screen::List if state.list.search.focused => {
                hints.push(fixed("Enter", "keep search", 9));
                hints.push(fixed("Esc", "clear search", 9));
                hints.push(fixed("↑/↓", "move", 5));
            }
            Screen::List | Screen::Detail(_) => {
                let in_list = state.screen == Screen::List;
                let can = |a: Action| state.write_blocked(a).is_none();
                if in_list {
                    add(Action::Open, "open", true, 7);
                    add(Action::Search, "search", true, 7);
                    add(Action::New, "new", can(Action::New), 6);
                } else {
                    add(Action::Back, "back", true, 8);
                }
                add(Action::Edit, "edit", can(Action::Edit), 6);
                add(Action::Delete, "delete", can(Action::Delete), 6);
                add(Action::Refresh, "refresh", true, 4);
                add(Action::Disconnect, "disconnect", true, 3);
                add(Action::Help, "help", true, 9);
                add(Action::Quit, "quit", true, 8);
            }
        }
    }
    let width = |hints: &[Hint]| -> usize {
        hints
            .iter()
            .map(|h| text::width(&h.key) + 1 + text::width(&h.what) + 2)
            .sum::<usize>()
            .saturating_sub(2)
    };
    while width(&hints) > area.width as usize && hints.len() > 1 {
        let lowest = hints
            .iter()
            .enumerate()
            .min_by_key(|(i, h)| (h.priority, std::cmp::Reverse(*i)))
            .map_or(0, |(i, _)| i);
        hints.remove(lowest);
    }
    let mut spans = Vec::new();
    for hint in hints {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        if hint.enabled {
            spans.push(Span::styled(hint.key, KEY));
            spans.push(Span::raw(format!(" {}", hint.what)));
        } else {
            let off = DIM.add_modifier(Modifier::CROSSED_OUT);
            spans.push(Span::styled(format!("{} {}", hint.key, hint.what), off));
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
