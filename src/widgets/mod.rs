//! Small drawing helpers shared by the screens: display-width text fitting, popups, spinner,
//! and the last pass that makes the buffer lay text out as terminals do.

pub mod cells;
pub mod popup;
pub mod text;

/// Braille spinner frames; the frame is picked from `State::tick`, so drawing stays pure.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn spinner(tick: u64) -> &'static str {
    SPINNER[(tick % SPINNER.len() as u64) as usize]
}
