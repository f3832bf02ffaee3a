//! The `/` search box both lists have (users, deleted users): typing and pasting into it with
//! its length limit, and drawing it. What a search loads is each list's own business.

use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

use super::user_list::state::SearchState;
use crate::keymap::{Action, Context, Keymap};
use crate::state::Notice;
use crate::ui::theme::{DIM, WARN};
use crate::widgets::text;

/// The most characters the box takes: beyond any name, short enough that a stray paste
/// cannot send Graph a megabyte of `$search`.
pub const SEARCH_MAX: usize = 256;

/// What a key or a paste did to the box.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Typed {
    /// The text changed: a search is due after the pause.
    pub changed: bool,
    /// Some of it was not taken: the box is full.
    pub full: bool,
}

/// A key that is not one of the box's actions: an edit of the text.
pub fn key(search: &mut SearchState, key: KeyEvent) -> Typed {
    edit(&mut search.input, key)
}

/// A key that edits a one-line text field of at most [`SEARCH_MAX`] characters (the search
/// box, the `:` prompt).
pub fn edit(input: &mut Input, key: KeyEvent) -> Typed {
    let request = to_input_request(&Event::Key(key));
    if matches!(request, Some(InputRequest::InsertChar(_)))
        && input.value().chars().count() >= SEARCH_MAX
    {
        return Typed {
            changed: false,
            full: true,
        };
    }
    let changed = request
        .and_then(|request| input.handle(request))
        .is_some_and(|changed| changed.value);
    Typed {
        changed,
        full: false,
    }
}

/// Pasted text, on one line, up to the limit.
pub fn paste(search: &mut SearchState, pasted: &str) -> Typed {
    paste_into(&mut search.input, pasted)
}

/// Pasted text into a one-line field: one line, up to [`SEARCH_MAX`] characters.
pub fn paste_into(input: &mut Input, pasted: &str) -> Typed {
    let mut typed = Typed::default();
    for c in text::single_line(pasted) {
        if input.value().chars().count() >= SEARCH_MAX {
            typed.full = true;
            break;
        }
        typed.changed |= input
            .handle(InputRequest::InsertChar(c))
            .is_some_and(|s| s.value);
    }
    typed
}

/// What the status line says when the box is full.
pub fn full_notice() -> Notice {
    Notice::Refused(format!(
        "The search holds at most {SEARCH_MAX} characters; the rest was not taken"
    ))
}

/// Draws the box on its row, with the cursor when it has focus.
pub fn render(search: &SearchState, keymap: &Keymap, frame: &mut Frame, area: Rect) {
    let label = "Search: ";
    let room = (area.width as usize).saturating_sub(label.len() + 1);
    let (value, cursor) = window(&search.input, room);
    let style = if search.focused { WARN } else { DIM };
    let mut spans = vec![Span::styled(label, style.add_modifier(Modifier::BOLD))];
    spans.push(Span::raw(value));
    if !search.focused {
        spans.push(Span::styled(
            format!(
                "  ({} to edit, {} to clear)",
                keymap.short(Action::Search),
                keymap.short_in(Action::Back, Context::Search)
            ),
            DIM,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if search.focused {
        let x = area.x + label.len() as u16 + cursor as u16;
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
    }
}

/// What of a one-line field fits in `room` cells, scrolled so the cursor shows, and the
/// cursor's cell in it.
pub fn window(input: &Input, room: usize) -> (String, usize) {
    let scroll = input.visual_scroll(room);
    // Skip `scroll` cells from the start, by display width.
    let mut skipped = 0;
    let mut out = String::new();
    for c in input.value().chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if skipped < scroll {
            skipped += w;
            continue;
        }
        out.push(c);
    }
    (text::truncate(&out, room), input.visual_cursor() - scroll)
}
