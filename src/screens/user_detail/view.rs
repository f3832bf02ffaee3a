//! One user's properties, grouped as the Entra admin center groups them: Identity, Job
//! information, Contact information, Settings. Scrolls when the terminal is short.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::state::{Load, UserDetail};
use crate::graph::User;
use crate::keymap::Action;
use crate::state::{Pending, State};
use crate::ui::layout::CHROME_ROWS;
use crate::ui::theme::{DIM, ERROR, GUEST, KEY, SECTION, TITLE, WARN};
use crate::widgets::{spinner, text};

/// What the status line says while a user is read.
pub fn activity(load: &Load) -> String {
    match load {
        Load::Refresh { label, .. } => format!("Loading {label}…"),
        Load::ReadBack { .. } => "Reading the new user back…".to_owned(),
        Load::Edit { label, .. } => format!("Reading {label} to edit…"),
    }
}

const LABEL_WIDTH: usize = 20;

/// `(group, [(label, value)])` for every property lazyentra reads.
pub fn groups(user: &User) -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    let t = |v: &Option<String>| v.clone().unwrap_or_default();
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "Yes".to_owned(),
        Some(false) => "No (sign-in blocked)".to_owned(),
        None => String::new(),
    };
    vec![
        (
            "Identity",
            vec![
                ("Display name", t(&user.display_name)),
                ("First name", t(&user.given_name)),
                ("Last name", t(&user.surname)),
                ("User principal name", t(&user.user_principal_name)),
                ("Object ID", user.id.to_string()),
                ("User type", t(&user.user_type)),
                (
                    "Created",
                    user.created_date_time
                        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
                        .unwrap_or_default(),
                ),
            ],
        ),
        (
            "Job information",
            vec![
                ("Job title", t(&user.job_title)),
                ("Department", t(&user.department)),
                ("Company name", t(&user.company_name)),
                ("Employee ID", t(&user.employee_id)),
                ("Office location", t(&user.office_location)),
            ],
        ),
        (
            "Contact information",
            vec![
                ("Email", t(&user.mail)),
                ("Mail nickname", t(&user.mail_nickname)),
                ("Mobile phone", t(&user.mobile_phone)),
                ("Business phone", user.business_phones.join(", ")),
                ("City", t(&user.city)),
                ("Country or region", t(&user.country)),
            ],
        ),
        (
            "Settings",
            vec![
                ("Account enabled", yes_no(user.account_enabled)),
                ("Usage location", t(&user.usage_location)),
                ("Preferred language", t(&user.preferred_language)),
            ],
        ),
    ]
}

/// The properties the list holds, which a detail opened from it shows before the rest is read.
const FROM_THE_LIST: [&str; 8] = [
    "Display name",
    "User principal name",
    "Object ID",
    "User type",
    "Job title",
    "Department",
    "Email",
    "Account enabled",
];

/// The property lines; until the user is read (`complete`), an empty property the list does
/// not hold shows `…`, not `—`: it is not known to be unset yet.
fn lines(user: &User, complete: bool, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, (group, fields)) in groups(user).into_iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(group, SECTION));
        for (label, value) in fields {
            let room = width.saturating_sub(LABEL_WIDTH + 2);
            let value = if value.is_empty() && !complete && !FROM_THE_LIST.contains(&label) {
                Span::styled("…", DIM)
            } else if value.is_empty() {
                Span::styled("—", DIM)
            } else {
                Span::raw(text::truncate(&value, room))
            };
            lines.push(Line::from(vec![
                Span::styled(format!("  {label:<LABEL_WIDTH$}"), DIM),
                value,
            ]));
        }
    }
    lines
}

/// Rows for the properties at terminal size `size` (below the title row).
pub fn body_rows(size: (u16, u16)) -> u16 {
    size.1.saturating_sub(CHROME_ROWS + 2)
}

/// The furthest the properties can scroll at terminal size `size`.
pub fn max_scroll(detail: &UserDetail, size: (u16, u16)) -> u16 {
    let total = lines(
        &detail.user,
        detail.complete || detail.gone,
        size.0 as usize,
    )
    .len() as u16;
    total.saturating_sub(body_rows(size))
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
    let refreshing = |p: &Pending| matches!(p, Pending::Detail(Load::Refresh { user_id, .. } | Load::Edit { user_id, .. }) if *user_id == user.id);
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
    let all = lines(user, detail.complete || detail.gone, body.width as usize);
    let max = (all.len() as u16).saturating_sub(body.height);
    let scroll = detail.scroll.min(max);
    frame.render_widget(Paragraph::new(all).scroll((scroll, 0)), body);
    if max > 0 {
        let keys = format!(
            "{}/{} scroll",
            state.keymap.short(Action::Down),
            state.keymap.short(Action::Up)
        );
        let more = if scroll < max {
            format!("↓ more ({keys})")
        } else {
            format!("↑ ({keys})")
        };
        let w = text::width(&more) as u16;
        if body.width > w {
            let at = Rect::new(body.right() - w, body.bottom() - 1, w, 1);
            frame.render_widget(Paragraph::new(Line::styled(more, DIM)), at);
        }
    }
}
