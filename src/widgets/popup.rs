//! A bordered box centred over the screen, with what was under it cleared.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear};
use unicode_width::UnicodeWidthStr as _;

use super::text;

/// A `width` x `height` rectangle centred in `area`, shrunk to fit it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Empties `area` for a popup. A wide character (CJK, emoji) just left of it would spill into
/// its first column and hide the border there, so that cell is blanked too.
pub fn clear(frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    if area.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(cell) = buffer.cell_mut((area.x - 1, y))
            && cell.symbol().width() > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// Clears `area`, draws a titled border and returns the inside.
pub fn frame(frame: &mut Frame, area: Rect, title: &str, accent: Color) -> Rect {
    clear(frame, area);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(Style::new().fg(accent))
        .title(Line::styled(
            format!(" {title} "),
            Style::new().fg(accent).add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// How a dialog about one user opens: its question, then the user's name (in `name` style)
/// and UPN, indented, and a blank line. The UPN is shown whole (see `text::upn_lines`), since
/// it is what tells two users of one name apart. `width` is the dialog's inner width.
pub fn about_user(
    question: &str,
    label: &str,
    upn: &str,
    width: usize,
    name: Style,
) -> Vec<Line<'static>> {
    let room = width.saturating_sub(2);
    let mut lines = vec![
        Line::raw(question.to_owned()),
        Line::raw(""),
        Line::styled(format!("  {}", text::truncate(label, room)), name),
    ];
    for line in text::upn_lines(upn, room) {
        lines.push(Line::raw(format!("  {line}")));
    }
    lines.push(Line::raw(""));
    lines
}
