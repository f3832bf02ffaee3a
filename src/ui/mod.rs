//! Drawing the whole app: a pure function of `&State`. The frame is a breadcrumb row on top,
//! the screens in the middle (the topmost full screen, then any dialogs over it, then help),
//! and two rows at the bottom: the status line and the key hints.

pub mod breadcrumb;
pub mod help;
pub mod hints;
pub mod layout;
pub mod status_bar;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::keymap::Action;
use crate::screens::Screen;
use crate::state::State;
use hints::Hint;
use layout::{MIN_HEIGHT, MIN_WIDTH};
use theme::TITLE;

pub fn render(state: &State, frame: &mut Frame) {
    render_frame(state, frame);
    // Last: clusters of several narrow letters (Devanagari, Thai) get one cell per letter, as
    // the terminal shows them, so switching screens or scrolling leaves no stray glyphs.
    crate::widgets::cells::split_clusters(frame.buffer_mut());
}

fn render_frame(state: &State, frame: &mut Frame) {
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
    breadcrumb::render(state, frame, top);
    for screen in visible(state) {
        screen.as_dyn().render(state, frame, body);
    }
    let front = state.screens.top().as_dyn();
    if state.help {
        help::render(
            &front.help(state),
            &state.keymap,
            state.help_scroll,
            frame,
            body,
        );
    }
    status_bar::render(state, frame, status);
    let hint_list = if state.help {
        vec![Hint::action(&state.keymap, Action::Help, "close help", 9)]
    } else {
        front.hints(state)
    };
    let line = hints::line(hint_list, hints.width as usize);
    frame.render_widget(Paragraph::new(line), hints);
}

/// The screens drawn now: the topmost full screen and the dialogs above it.
pub fn visible(state: &State) -> Vec<&Screen> {
    let all: Vec<&Screen> = state.screens.iter().collect();
    let base = all
        .iter()
        .rposition(|s| !s.as_dyn().is_overlay())
        .unwrap_or(0);
    all[base..].to_vec()
}

fn too_small(frame: &mut Frame, area: Rect) {
    let lines = vec![
        Line::styled("Terminal too small", TITLE),
        Line::raw(format!("{}x{}", area.width, area.height)),
        Line::raw(format!("lazyentra needs at least {MIN_WIDTH}x{MIN_HEIGHT}")),
    ];
    let y = area.height.saturating_sub(3) / 2;
    let rect = Rect::new(area.x, area.y + y, area.width, area.height.min(3));
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), rect);
}
