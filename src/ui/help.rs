//! `?`: every key of the screen in front, generated from the live keymap, so a rebinding in
//! the config file shows here, with the action's name to use in `[keys]`. Keys that cannot be
//! rebound say "fixed"; unavailable writes say why.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::{ACCENT, DIM, ERROR, KEY};
use crate::graph::Permissions;
use crate::keymap::{Action, Context, Keymap};
use crate::state::{State, WriteBlock};
use crate::widgets::{popup, text};

/// The order the help lists actions in: moving first, then what acts on users, then leaving.
const ORDER: [Action; 57] = [
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::First,
    Action::Last,
    Action::NextSection,
    Action::PrevSection,
    Action::NextField,
    Action::PrevField,
    Action::Toggle,
    Action::MoveUp,
    Action::MoveDown,
    Action::Wider,
    Action::Narrower,
    Action::AutoWidth,
    Action::ChooseDomain,
    Action::GeneratePassword,
    Action::Connect,
    Action::Open,
    Action::Mark,
    Action::MarkAll,
    Action::Search,
    Action::Sort,
    Action::ReverseSort,
    Action::Columns,
    Action::New,
    Action::Edit,
    Action::Delete,
    Action::Block,
    Action::RevokeSessions,
    Action::ResetPassword,
    Action::SetManager,
    Action::ClearManager,
    Action::Restore,
    Action::Purge,
    Action::Undo,
    Action::AddProfile,
    Action::EditProfile,
    Action::RemoveProfile,
    Action::Submit,
    Action::Save,
    Action::Confirm,
    Action::Cancel,
    Action::Refresh,
    Action::LoadAll,
    Action::Export,
    Action::Import,
    Action::Disconnect,
    Action::SwitchProfile,
    Action::Errors,
    Action::DeletedUsers,
    Action::Overview,
    Action::Command,
    Action::Back,
    Action::Help,
    Action::Quit,
];

/// The help of one screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Help {
    pub title: String,
    pub rows: Vec<HelpRow>,
}

/// One line of the help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpRow {
    pub keys: String,
    pub what: String,
    /// Why the action is unavailable right now.
    pub disabled: Option<String>,
    /// The action's name in the config file's `[keys]` table; `None` for a fixed key.
    pub name: Option<&'static str>,
}

impl HelpRow {
    /// A key that cannot be rebound.
    pub fn fixed(keys: &str, what: &str) -> HelpRow {
        HelpRow {
            keys: keys.to_owned(),
            what: what.to_owned(),
            disabled: None,
            name: None,
        }
    }
}

/// Every action of `context` with its keys, then the fixed keys (text editing where keys are
/// typed, and Ctrl-C).
pub fn for_context(state: &State, title: &str, context: Context) -> Help {
    for_actions(state, title, context, |_| true)
}

/// As [`for_context`], listing only the actions `offered` keeps (a create-only key, say).
pub fn for_actions(
    state: &State,
    title: &str,
    context: Context,
    offered: impl Fn(Action) -> bool,
) -> Help {
    let mut rows: Vec<HelpRow> = ORDER
        .into_iter()
        .filter(|action| action.contexts().contains(&context) && offered(*action))
        .map(|action| HelpRow {
            keys: state.keymap.label_in(action, context),
            what: action.describe(context).to_owned(),
            disabled: state.write_blocked(action).map(blocked_reason),
            name: Some(action.name()),
        })
        .collect();
    if context.is_typing() {
        rows.push(HelpRow::fixed("←/→ Home/End", "move in the text"));
        rows.push(HelpRow::fixed("Backspace/Del", "delete a character"));
        rows.push(HelpRow::fixed("Ctrl-W/Ctrl-U", "delete word / line"));
    }
    rows.push(HelpRow::fixed("Ctrl-C", "quit from anywhere"));
    Help {
        title: title.to_owned(),
        rows,
    }
}

/// Why writes are unavailable, as the hints, help and status line say it.
pub fn blocked_reason(why: WriteBlock) -> String {
    match why {
        WriteBlock::ReadOnly => "read-only mode (read_only = true in settings)".to_owned(),
        WriteBlock::Permission => format!("needs {}", Permissions::WRITE_PERMISSION),
    }
}

/// Draws `help` as a popup over `area`, its rows scrolled down by `scroll` when they do not
/// all fit; the footer (how to rebind, how to close, whether more rows are hidden) always shows.
pub fn render(help: &Help, keymap: &Keymap, scroll: u16, frame: &mut Frame, area: Rect) {
    let Help { title, rows } = help.clone();
    let key_width = rows.iter().map(|r| text::width(&r.keys)).max().unwrap_or(0);
    // Only the rows that show a `[keys]` name line it up; a disabled row says why instead.
    let what_width = rows
        .iter()
        .filter(|r| r.disabled.is_none())
        .map(|r| text::width(&r.what))
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|row| {
            let pad = key_width - text::width(&row.keys);
            let mut spans = vec![Span::styled(
                format!("{}{}  ", row.keys, " ".repeat(pad)),
                KEY,
            )];
            if let Some(why) = row.disabled {
                spans.push(Span::styled(row.what, DIM));
                spans.push(Span::styled(format!(" — disabled: {why}"), ERROR));
            } else {
                let pad = what_width - text::width(&row.what);
                spans.push(Span::raw(format!("{}{}", row.what, " ".repeat(pad))));
                spans.push(Span::styled(
                    format!("  {}", row.name.unwrap_or("fixed")),
                    DIM,
                ));
            }
            Line::from(spans)
        })
        .collect();
    let footer = Line::styled(
        format!(
            "Rebind in the config file: [keys] name = \"key\". {} or {} closes.",
            keymap.short(Action::Help),
            keymap.short(Action::Back)
        ),
        DIM,
    );
    let width = lines
        .iter()
        .chain([&footer])
        .map(Line::width)
        .max()
        .unwrap_or(20) as u16
        + 4;
    // Rows, a gap, the footer, and the border.
    let wanted = lines.len() as u16 + 4;
    let outer = popup::centered(area, width, wanted);
    let inner =
        popup::frame(frame, outer, &format!("Help: {title}"), ACCENT).inner(Margin::new(1, 0));
    let room = inner.height.saturating_sub(2);
    let scroll = scroll.min((lines.len() as u16).saturating_sub(room));
    let hidden_below = lines.len() as u16 > scroll + room;
    let [rows_area, gap, footer_area] = Layout::vertical([
        Constraint::Length(room),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), rows_area);
    if scroll > 0 || hidden_below {
        let more = match (scroll > 0, hidden_below) {
            (true, true) => "↑↓ more",
            (true, false) => "↑ more",
            _ => "↓ more",
        };
        let keys = format!(
            "{more} ({}/{})",
            keymap.short(Action::Down),
            keymap.short(Action::Up)
        );
        frame.render_widget(Paragraph::new(Line::styled(keys, DIM)), gap);
    }
    frame.render_widget(Paragraph::new(footer), footer_area);
}
