//! The one set of styles every view draws with. Meaning never rests on colour alone: each
//! coloured state also has a text marker (`✗`, `[guest]`, `›`), so `NO_COLOR` terminals lose
//! nothing.

use ratatui::style::{Color, Modifier, Style};

/// Secondary text: labels, explanations, separators.
pub const DIM: Style = Style::new().fg(Color::DarkGray);
/// A key the user can press, and the focus marker.
pub const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
/// The focused field's label.
pub const FOCUS: Style = KEY;
pub const ERROR: Style = Style::new().fg(Color::Red);
pub const SUCCESS: Style = Style::new().fg(Color::Green);
/// Something to notice that is not an error: throttling, read-only mode, sign-in blocked.
pub const WARN: Style = Style::new().fg(Color::Yellow);
pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);
/// A group heading in the detail view.
pub const SECTION: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
/// A guest's row and tag.
pub const GUEST: Style = Style::new().fg(Color::Cyan);
/// A disabled account's row.
pub const DISABLED_USER: Style = Style::new().fg(Color::DarkGray);
/// An action that is unavailable here: dim and struck through.
pub const UNAVAILABLE: Style = DIM.add_modifier(Modifier::CROSSED_OUT);
/// A marked row, and the count of marks: bold as well as yellow, and its rows carry
/// [`MARK`], so `NO_COLOR` loses nothing.
pub const MARKED: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
/// Before a marked row's name.
pub const MARK: &str = "* ";
/// The selected table row.
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);

/// A profile's name in its own colour (`color` in its settings), bold so it reads as a name
/// under `NO_COLOR` too.
pub fn profile(accent: Option<Color>) -> Style {
    let style = Style::new().add_modifier(Modifier::BOLD);
    match accent {
        Some(color) => style.fg(color),
        None => style,
    }
}

/// Popup borders: the colour says what kind of dialog it is.
pub const ACCENT: Color = Color::Cyan;
pub const DANGER: Color = Color::Red;
pub const DONE: Color = Color::Green;
