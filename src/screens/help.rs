//! `?`: every key of the screen in front, generated from the live keymap, so a rebinding in
//! the config file shows here, with the action's name to use in `[keys]`. Unavailable writes
//! say why.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::{Action, Context};
use crate::state::{Popup, Screen, State};
use crate::ui::{self, DIM, ERROR, KEY};
use crate::widgets::{popup, text};

/// The order the help lists actions in: moving first, then what acts on users, then leaving.
const ORDER: [Action; 19] = [
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::First,
    Action::Last,
    Action::Connect,
    Action::Open,
    Action::Search,
    Action::New,
    Action::Edit,
    Action::Delete,
    Action::Confirm,
    Action::Cancel,
    Action::Refresh,
    Action::Disconnect,
    Action::Back,
    Action::Help,
    Action::Quit,
];

/// One line of the help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpRow {
    pub keys: String,
    pub what: String,
    /// Why the action is unavailable right now.
    pub disabled: Option<String>,
    /// The action's name in the config file's `[keys]` table, when it can be rebound.
    pub name: Option<&'static str>,
}

fn fixed(keys: &str, what: &str) -> HelpRow {
    HelpRow {
        keys: keys.to_owned(),
        what: what.to_owned(),
        disabled: None,
        name: None,
    }
}

/// The title and rows of the help for the screen in front.
pub fn entries(state: &State) -> (String, Vec<HelpRow>) {
    if let Some(Popup::Form(form)) = &state.popup {
        let mut rows: Vec<HelpRow> = form
            .key_help()
            .into_iter()
            .map(|(k, w)| fixed(k, w))
            .collect();
        rows.push(fixed("Ctrl-C", "quit lazyentra"));
        return (form.title(), rows);
    }
    if state.screen == Screen::List && state.list.search.focused {
        let rows = [
            ("Enter", "keep the search, back to the table"),
            ("Esc", "clear the search"),
            ("↑/↓ PgUp/PgDn", "move in the table"),
            ("Ctrl-W/Ctrl-U", "delete word / line"),
            ("Ctrl-C", "quit lazyentra"),
        ];
        return (
            "Search".to_owned(),
            rows.iter().map(|(k, w)| fixed(k, w)).collect(),
        );
    }
    let Some(context) = ui::context(state) else {
        return ("Keys".to_owned(), Vec::new());
    };
    let mut rows: Vec<HelpRow> = ORDER
        .into_iter()
        .filter(|action| action.contexts().contains(&context))
        .map(|action| HelpRow {
            keys: state.keymap.label(action),
            what: action.describe(context).to_owned(),
            disabled: matches!(action, Action::New | Action::Edit | Action::Delete)
                .then(|| state.write_blocked(action))
                .flatten(),
            name: Some(action.name()),
        })
        .collect();
    rows.push(fixed("Ctrl-C", "quit from anywhere"));
    let title = match context {
        Context::Connect => "Connect",
        Context::List => "User list",
        Context::Detail => "User details",
        Context::ConfirmDelete => "Delete user",
    };
    (title.to_owned(), rows)
}

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let (title, rows) = entries(state);
    let key_width = rows.iter().map(|r| text::width(&r.keys)).max().unwrap_or(0);
    let what_width = rows.iter().map(|r| text::width(&r.what)).max().unwrap_or(0);
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|row| {
            let pad = key_width - text::width(&row.keys);
            let mut spans = vec![Span::styled(
                format!("{}{}  ", row.keys, " ".repeat(pad)),
                KEY,
            )];
            match row.disabled {
                Some(why) => {
                    spans.push(Span::styled(row.what, DIM));
                    spans.push(Span::styled(format!(" — disabled: {why}"), ERROR));
                }
                None => {
                    let pad = what_width - text::width(&row.what);
                    spans.push(Span::raw(format!("{}{}", row.what, " ".repeat(pad))));
                    if let Some(name) = row.name {
                        spans.push(Span::styled(format!("  {name}"), DIM));
                    }
                }
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Rebind in the config file: [keys] name = \"key\". ? or Esc closes.",
        DIM,
    ));
    let width = lines.iter().map(Line::width).max().unwrap_or(20) as u16 + 4;
    let outer = popup::centered(area, width, lines.len() as u16 + 2);
    let inner =
        popup::frame(frame, outer, &format!("Help: {title}"), Color::Cyan).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines), inner);
}
