//! `M` on the detail: "Remove the manager?". The dialog first reads who the manager is, so
//! the question names both people; `y` or Enter removes it (`DELETE …/manager/$ref`), `n` or
//! Esc keeps it (Esc also cancels a request in flight). A user without a manager is told so,
//! with nothing to confirm.

pub mod state;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::manager_picker::state::Person;
use super::screen_view::{KeyHandler, ScreenView};
use crate::effect::Effects;
use crate::graph::GraphError;
use crate::keymap::{Action, Context};
use crate::runtime::worker::{Op, Reply};
use crate::state::{Notice, Operation, Pending, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
use crate::undo::{LastWrite, Reversal};

pub use state::{ClearManager, Found, Request};
pub(crate) use view::removing;

/// What the status line says while a request of the dialog runs.
pub fn activity(request: &Request) -> String {
    match request {
        Request::Current => "Reading the current manager…".to_owned(),
        Request::Clear { user, manager } => {
            format!(
                "Removing {} as the manager of {}…",
                manager.label, user.label
            )
        }
    }
}

impl ScreenView for ClearManager {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::ConfirmManager
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn crumb(&self) -> Option<String> {
        Some("Remove manager".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        if removing(state) {
            return vec![Hint::action(km, Action::Back, "cancel", 9)];
        }
        if matches!(self.manager, Found::Some(_)) {
            vec![
                Hint::action(km, Action::Confirm, "remove", 9),
                Hint::action(km, Action::Cancel, "keep", 9),
            ]
        } else {
            vec![Hint::action(km, Action::Back, "close", 9)]
        }
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Remove manager", Context::ConfirmManager)
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(dialog) = state.screens.top_as::<ClearManager>() else {
        return;
    };
    let dialog = dialog.clone();
    let action = state.keymap.action(Context::ConfirmManager, key);
    match action {
        Some(Action::Confirm | Action::Submit) if !removing(state) => {
            let Found::Some(manager) = dialog.manager else {
                // Nothing to remove, or not known whom: Enter closes.
                if action == Some(Action::Submit) {
                    close(state, fx);
                }
                return;
            };
            if !state.allow_write(Action::ClearManager) {
                state.screens.pop();
                return;
            }
            let request = Request::Clear {
                user: dialog.user.clone(),
                manager,
            };
            fx.run(
                state,
                Op::RemoveManager(dialog.user.id.clone()),
                Pending::ClearManager(request),
            );
        }
        Some(Action::Cancel | Action::Back) => {
            if removing(state) {
                state.status.notice = Some(Notice::Info(
                    "Removing the manager cancelled: Graph may already have done it; reload the \
                     user to check"
                        .to_owned(),
                ));
            }
            close(state, fx);
        }
        _ => {}
    }
}

fn close(state: &mut State, fx: &mut Effects) {
    fx.cancel(state, |p| matches!(p, Pending::ClearManager(_)));
    state.screens.close::<ClearManager>();
}

pub(crate) fn on_reply(
    state: &mut State,
    request: Request,
    result: Result<Reply, GraphError>,
    fx: &mut Effects,
) {
    match (request, result) {
        (Request::Current, result) => {
            if let Some(dialog) = state.screens.find_mut::<ClearManager>() {
                dialog.manager = match result {
                    Ok(Reply::Manager(Some(manager))) => Found::Some(Person::of(&manager)),
                    Ok(Reply::Manager(None)) => Found::None,
                    Ok(reply) => {
                        tracing::warn!(?reply, "an answer that does not fit a manager read");
                        return;
                    }
                    Err(e) => Found::Failed(e),
                };
            }
        }
        (Request::Clear { user, manager }, Ok(_)) => {
            state.screens.close::<ClearManager>();
            state.undo = Some(LastWrite {
                user: user.id.clone(),
                label: user.label.clone(),
                upn: user.upn.clone(),
                reversal: Reversal::Manager {
                    before: Some(manager.clone()),
                },
            });
            state.status.notice = Some(Notice::Success(format!(
                "Removed {} as the manager of {}: it has no manager now",
                manager.label, user.label
            )));
            super::user_detail::reload_manager(state, &user.id, fx);
        }
        (Request::Clear { user, .. }, Err(e)) => {
            state.screens.close::<ClearManager>();
            // Someone removed it meanwhile: the detail shows it again either way.
            if e.is_no_manager() {
                super::user_detail::reload_manager(state, &user.id, fx);
            }
            state.failed(Operation::ClearManager, e);
        }
    }
}
