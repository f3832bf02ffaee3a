//! Drawing the whole app: a pure function of `&State`. The frame is a breadcrumb row on top,
//! the screens in the middle (the topmost full screen, then any dialogs over it, then help),
//! and two rows at the bottom: the status line and the key hints.

pub mod breadcrumb;
pub mod help;
pub mod hints;
pub mod status_bar;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::state::State;
use theme::TITLE;

/// Below this the layout cannot show a useful table, so the app says so instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// Rows taken by the breadcrumb (top) and the status and hint lines (bottom).
pub const CHROME_ROWS: u16 = 3;

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
    for screen in state.screens.visible() {
        screen.as_dyn().render(state, frame, body);
    }
    if state.help {
        help::render(state, frame, body);
    }
    status_bar::render(state, frame, status);
    hints::render(state, frame, hints);
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
