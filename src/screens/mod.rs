//! The screens, one folder each. A folder owns its screen's state (`state.rs`, data only),
//! its keys and its answers from the worker (`mod.rs`), and its view (`view.rs`, pure).
//! `stack` holds them, `screen_view` is what each offers the router and the frame, and `open`
//! starts the screens that act on one user. Adding a screen is a folder and one line in
//! `stack::for_each_screen`.

pub mod answer_line;
pub mod bulk_form;
pub mod bulk_progress;
pub mod bulk_review;
pub mod bulk_summary;
pub mod clear_manager;
pub mod clear_marks;
pub mod column_chooser;
pub mod command_prompt;
pub mod confirm_delete;
pub mod confirm_purge;
pub mod confirm_remove_profile;
pub mod confirm_restore;
pub mod confirm_sign_in;
pub mod connect;
pub mod created_password;
pub mod cursor;
pub mod deleted_users;
pub mod error_history;
pub mod export_prompt;
pub mod form_field;
pub mod import;
pub mod manager_picker;
pub mod marked;
pub mod open;
pub mod overview;
pub mod profile_form;
pub mod profile_picker;
pub mod reset_password;
pub mod screen_view;
pub mod search_box;
pub mod stack;
pub mod target;
pub mod user_detail;
pub mod user_form;
pub mod user_list;

use crossterm::event::KeyEvent;

use crate::effect::Effects;
use crate::state::State;
pub use screen_view::ScreenView;
pub use stack::{OnStack, Screen, Screens};

/// Hands a key to the screen in front.
pub fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let handle = state.screens.top().as_dyn().key_handler();
    handle(state, key, fx);
}

/// Hands pasted text to the screen in front; only text fields take it.
pub fn on_paste(state: &mut State, text: &str, fx: &mut Effects) {
    if let Some(handle) = state.screens.top().as_dyn().paste_handler() {
        handle(state, text, fx);
    }
}
