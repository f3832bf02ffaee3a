//! What every screen offers the router and the frame around it.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::keymap::Context;
use crate::state::State;
use crate::ui::help::Help;
use crate::ui::hints::Hint;

/// What every screen offers the router and the frame around it. Drawing is pure: `&self` and
/// `&State` only.
pub trait ScreenView {
    /// Where a key pressed here is looked up in the keymap.
    fn context(&self) -> Context;
    /// Drawn over the screen below it (a dialog) instead of in its place.
    fn is_overlay(&self) -> bool {
        false
    }
    /// Printable keys are being typed (into a field or the search box): `q` and `?` are text.
    fn is_typing(&self) -> bool {
        false
    }
    /// This screen's part of the breadcrumb, if it adds one.
    fn crumb(&self) -> Option<String> {
        None
    }
    fn render(&self, state: &State, frame: &mut Frame, area: Rect);
    /// The key hints at the bottom, most important first when they do not all fit.
    fn hints(&self, state: &State) -> Vec<Hint>;
    /// The `?` popup: every key of this screen.
    fn help(&self, state: &State) -> Help;
}
