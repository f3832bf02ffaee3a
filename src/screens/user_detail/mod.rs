//! One user's properties, grouped as the Entra admin center groups them. Opening it shows
//! the list's copy at once and reads the user again in the background.

pub mod state;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::screen_view::{KeyHandler, ScreenView};
use super::stack::Screen;
use super::{open, user_list};
use crate::effect::Effects;
use crate::graph::{GraphError, User, UserId};
use crate::keymap::{Action, Context};
use crate::runtime::worker::Reply;
use crate::state::{Operation, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;

pub use state::{Load, UserDetail};
pub use view::{activity, body_rows, max_scroll};

impl ScreenView for UserDetail {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::Detail
    }

    fn crumb(&self) -> Option<String> {
        Some(self.user.label().to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let back = Hint::action(&state.keymap, Action::Back, "back", 8);
        Hint::acting_on_a_user(state, vec![back])
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "User details", Context::Detail)
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let page = body_rows(state.size).saturating_sub(1).max(1);
    let action = state.keymap.action(Context::Detail, key);
    let Some(detail) = state.screens.top_as_mut::<UserDetail>() else {
        return;
    };
    let user = detail.user.clone();
    let complete = detail.complete;
    match action {
        Some(Action::Up) => detail.scroll = detail.scroll.saturating_sub(1),
        Some(Action::Down) => detail.scroll = detail.scroll.saturating_add(1),
        Some(Action::PageUp) => detail.scroll = detail.scroll.saturating_sub(page),
        Some(Action::PageDown) => detail.scroll = detail.scroll.saturating_add(page),
        Some(Action::First) => detail.scroll = 0,
        Some(Action::Last) => detail.scroll = u16::MAX,
        Some(Action::Edit) => open::edit(state, &user, complete, fx),
        Some(Action::Delete) => open::delete(state, &user),
        Some(Action::Block) => open::block(state, &user),
        Some(Action::RevokeSessions) => open::revoke_sessions(state, &user),
        Some(Action::Refresh) => open::refresh_detail(state, &user, fx),
        Some(Action::Back) => {
            fx.cancel(state, open::is_detail_refresh);
            state.screens.pop();
            user_list::scroll_into_view(state);
            return;
        }
        _ => {}
    }
    let size = state.size;
    if let Some(detail) = state.screens.top_as_mut::<UserDetail>() {
        detail.scroll = detail.scroll.min(max_scroll(detail, size));
    }
}

pub(crate) fn on_reply(
    state: &mut State,
    load: Load,
    result: Result<Reply, GraphError>,
    fx: &mut Effects,
) {
    match (load, result) {
        (Load::Refresh { user_id, .. } | Load::ReadBack { user_id }, Ok(Reply::User(user))) => {
            read(state, &user_id, &user);
        }
        (Load::Edit { user_id, .. }, Ok(Reply::User(user))) => {
            read(state, &user_id, &user);
            // Only over the screen that asked: a dialog opened meanwhile keeps the front.
            let asked_here = match state.screens.top() {
                Screen::UserList(_) => true,
                Screen::UserDetail(d) => d.user.id == user_id,
                _ => false,
            };
            if asked_here {
                open::edit(state, &user, true, fx);
            }
        }
        // Right after a create Graph may not find the user yet (replication); what the create
        // returned is shown meanwhile, so this is not worth an error.
        (Load::ReadBack { user_id }, Err(e)) => {
            tracing::warn!(%user_id, "reading a new user back failed: {e}");
        }
        (Load::Refresh { user_id, .. } | Load::Edit { user_id, .. }, Err(e)) => {
            if let Some(detail) = state.screens.find_mut::<UserDetail>()
                && detail.user.id == user_id
                && e.is_not_found()
            {
                detail.gone = true;
            }
            state.failed(Operation::ReadUser, e);
        }
        (load, Ok(reply)) => {
            tracing::warn!(?load, ?reply, "an answer that does not fit its request");
        }
    }
}

/// Every property of user `user_id` arrived: into every copy, and an open detail of it is
/// complete.
fn read(state: &mut State, user_id: &UserId, user: &User) {
    user_list::update_user(state, user_id, |copy| copy.clone_from(user));
    for detail in state.screens.details_complete(user_id) {
        *detail = true;
    }
}
