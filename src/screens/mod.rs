//! The screens, one folder each. A folder owns its screen's state (`state.rs`, data only),
//! its keys and its answers from the worker (`mod.rs`), and its view (`view.rs`, pure).
//! `stack` holds them, `screen_view` is what each offers the frame, and `open` starts the
//! screens that act on one user. Adding a screen is a folder, a variant in [`Screen`], and
//! its line in [`Screen::as_dyn`] and [`on_key`].

pub mod confirm_delete;
pub mod connect;
pub mod created_password;
pub mod open;
pub mod screen_view;
pub mod stack;
pub mod user_detail;
pub mod user_form;
pub mod user_list;

use crossterm::event::KeyEvent;

use crate::effect::Effects;
use crate::state::State;
pub use screen_view::ScreenView;
pub use stack::{OnStack, Screen, Screens};

impl Screen {
    pub fn as_dyn(&self) -> &dyn ScreenView {
        match self {
            Screen::Connect(s) => s,
            Screen::UserList(s) => s.as_ref(),
            Screen::UserDetail(s) => s.as_ref(),
            Screen::UserForm(s) => s.as_ref(),
            Screen::ConfirmDelete(s) => s,
            Screen::CreatedPassword(s) => s,
        }
    }
}

/// Hands a key to the screen in front.
pub fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    match state.screens.top() {
        Screen::Connect(_) => connect::on_key(state, key, fx),
        Screen::UserList(_) => user_list::on_key(state, key, fx),
        Screen::UserDetail(_) => user_detail::on_key(state, key, fx),
        Screen::UserForm(_) => user_form::on_key(state, key, fx),
        Screen::ConfirmDelete(_) => confirm_delete::on_key(state, key, fx),
        Screen::CreatedPassword(_) => created_password::on_key(state, key, fx),
    }
}

/// Hands pasted text to the screen in front; only text fields take it.
pub fn on_paste(state: &mut State, text: &str, fx: &mut Effects) {
    match state.screens.top() {
        Screen::UserList(_) => user_list::on_paste(state, text, fx),
        Screen::UserForm(_) => user_form::on_paste(state, text),
        _ => {}
    }
}
