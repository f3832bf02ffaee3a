//! What every screen offers the router and the frame around it.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::stack::{Screen, for_each_screen};
use crate::effect::Effects;
use crate::keymap::Context;
use crate::state::State;
use crate::ui::help::Help;
use crate::ui::hints::Hint;

/// A screen's key handler. It takes the whole state (the screen is on its stack), so it is a
/// function of the screen's module rather than a method.
pub type KeyHandler = fn(&mut State, KeyEvent, &mut Effects);
/// A screen's handler of pasted text.
pub type PasteHandler = fn(&mut State, &str, &mut Effects);

/// What every screen offers the router and the frame around it. Drawing is pure: `&self` and
/// `&State` only.
pub trait ScreenView {
    /// Where the router sends a key when this screen is in front.
    fn key_handler(&self) -> KeyHandler;
    /// Where pasted text goes; `None` when the screen has no text field.
    fn paste_handler(&self) -> Option<PasteHandler> {
        None
    }
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

macro_rules! define_as_dyn {
    ($($variant:ident($ty:ident),)*) => {
        impl Screen {
            /// The router's table: what this screen offers, whatever its type.
            pub fn as_dyn(&self) -> &dyn ScreenView {
                match self {
                    $(Screen::$variant(s) => s.as_ref(),)*
                }
            }
        }
    };
}

for_each_screen!(define_as_dyn);
