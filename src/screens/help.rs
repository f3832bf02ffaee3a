//! `?`: every key of the screen in front, generated from the live keymap, so a rebinding in
//! the config file shows here. Unavailable writes say why.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::{Action, Context};
use crate::state::{Popup, Screen, State};
use crate::ui::{self, DIM, ERROR, KEY, TITLE};
use crate::widgets::{popup, text};

/// `(keys, what they do, why unavailable)` for the screen in front.
pub fn entries(state: &State) -> (String, Vec<(String, String, Option<String>)>) {
    let mut rows = Vec::new();
    if let Some(Popup::Form(form)) = &state.popup {
        for (keys, what) in form.key_help() {
            rows.push((keys.to_owned(), what.to_owned(), None));
        }
        rows.push(("Ctrl-C".to_owned(), "quit lazyentra".to_owned(), None));
        return (form.title(), rows);
    }
    if state.screen == Screen::List && state.list.search.focused {
        for (k, what) in [
            ("Enter", "keep the search, back to the table"),
            ("Esc", "clear the search"),
            ("↑/↓ PgUp/PgDn", "move in the table"),
            ("Ctrl-W/Ctrl-U", "delete word / line"),
            ("Ctrl-C", "quit lazyentra"),
        ] {
            rows.push((k.to_owned(), what.to_owned(), None));
        }
        return ("Search".to_owned(), rows);
    }
    let Some(context) = ui::context(state) else {
        return ("Keys".to_owned(), rows);
    };
    for action in Action::ALL {
        if !action.contexts().contains(&context) {
            continue;
        }
        let why = matches!(action, Action::New | Action::Edit | Action::Delete)
            .then(|| state.write_blocked(action))
            .flatten();
        rows.push((
            state.keymap.label(action),
            action.describe(context).to_owned(),
            why,
        ));
    }
    rows.push(("Ctrl-C".to_owned(), "quit from anywhere".to_owned(), None));
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
    let key_width = rows
        .iter()
        .map(|(k, _, _)| text::width(k))
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|(keys, what, why)| {
            let pad = key_width - text::width(&keys);
            let mut spans = vec![
                Span::styled(format!("{keys}{}", " ".repeat(pad)), KEY),
                Span::raw("  "),
            ];
            match why {
                Some(why) => {
                    spans.push(Span::styled(what, DIM));
                    spans.push(Span::styled(format!(" — disabled: {why}"), ERROR));
                }
                None => spans.push(Span::raw(what)),
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Keys can be changed in the config file's [keys] table. ? or Esc closes.",
        DIM,
    ));
    let width = lines.iter().map(Line::width).max().unwrap_or(20) as u16 + 4;
    let outer = popup::centered(area, width, lines.len() as u16 + 2);
    let inner =
        popup::frame(frame, outer, &format!("Help: {title}"), Color::Cyan).inner(Margin::new(1, 0));
    frame.render_widget(
        Paragraph::new(lines).style(TITLE.remove_modifier(ratatui::style::Modifier::BOLD)),
        inner,
    );
}
