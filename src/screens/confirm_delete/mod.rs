//! "Delete this user?": names the user and says where it goes. `y` sends the delete; Esc
//! keeps the user, or cancels a delete in flight.

pub mod state;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::screen_view::{KeyHandler, ScreenView};
use super::user_detail::state::UserDetail;
use super::user_list;
use crate::effect::Effects;
use crate::graph::GraphError;
use crate::keymap::{Action, Context};
use crate::runtime::worker::{Op, Reply};
use crate::state::{Notice, Operation, Pending, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
use crate::undo::{LastWrite, Reversal};

pub use state::{ConfirmDelete, Delete};
pub use view::activity;
use view::deleting;

impl ScreenView for ConfirmDelete {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::ConfirmDelete
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn crumb(&self) -> Option<String> {
        Some("Delete".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        if deleting(state) {
            return vec![Hint::action(km, Action::Back, "cancel", 9)];
        }
        vec![
            Hint::action(km, Action::Confirm, "delete", 9),
            Hint::action(km, Action::Cancel, "keep", 9),
        ]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Delete user", Context::ConfirmDelete)
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(target) = state.screens.top_as::<ConfirmDelete>() else {
        return;
    };
    match state.keymap.action(Context::ConfirmDelete, key) {
        Some(Action::Confirm | Action::Submit) if !deleting(state) => {
            let delete = Delete {
                id: target.id.clone(),
                label: target.label.clone(),
                upn: target.upn.clone(),
            };
            fx.run(
                state,
                Op::DeleteUser(delete.id.clone()),
                Pending::Delete(delete),
            );
        }
        Some(Action::Cancel | Action::Back) => {
            if deleting(state) {
                fx.cancel(state, |p| matches!(p, Pending::Delete(_)));
                state.status.notice = Some(Notice::Info(
                    "Delete cancelled: Graph may already have deleted the user; refresh to check"
                        .to_owned(),
                ));
            }
            state.screens.pop();
        }
        _ => {}
    }
}

pub(crate) fn on_reply(state: &mut State, delete: &Delete, result: Result<Reply, GraphError>) {
    state.screens.close::<ConfirmDelete>();
    match result {
        Ok(_) => {
            if state
                .screens
                .find::<UserDetail>()
                .is_some_and(|d| d.user.id == delete.id)
            {
                state.screens.close::<UserDetail>();
            }
            user_list::remove(state, &delete.id);
            state.undo = Some(LastWrite {
                user: delete.id.clone(),
                label: delete.label.clone(),
                upn: delete.upn.clone(),
                reversal: Reversal::Delete,
            });
            state.status.notice = Some(Notice::Success(format!(
                "Deleted {}: restorable from deleted users for 30 days",
                delete.label
            )));
        }
        Err(e) => state.failed(Operation::DeleteUser, e),
    }
}
