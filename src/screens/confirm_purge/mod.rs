//! "Delete this user for good?": the stronger confirmation. It says it cannot be undone, and
//! only once the admin has typed the user's UPN or display name exactly does Enter send the
//! purge; Esc keeps the user, or cancels a purge in flight. Letters are typed here, never
//! actions. The answer goes to the deleted users screen, which owns the row.

pub mod state;
mod view;

use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use tui_input::InputRequest;
use tui_input::backend::crossterm::to_input_request;

use super::deleted_users::state::Request;
use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use crate::effect::Effects;
use crate::keymap::{Action, Context};
use crate::runtime::worker::Op;
use crate::state::{Notice, Pending, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
use crate::widgets::text;
pub use state::ConfirmPurge;

/// Far beyond any UPN (113 characters at most) or display name (256).
const TYPED_MAX: usize = 300;

/// The purge was sent and is awaited.
pub(crate) fn purging(state: &State) -> bool {
    state.is_pending(|p| matches!(p, Pending::Deleted(Request::Purge(_))))
}

impl ScreenView for ConfirmPurge {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn paste_handler(&self) -> Option<PasteHandler> {
        Some(on_paste)
    }

    fn context(&self) -> Context {
        Context::ConfirmPurge
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn is_typing(&self) -> bool {
        true
    }

    fn crumb(&self) -> Option<String> {
        Some("Delete for good".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let c = Context::ConfirmPurge;
        if purging(state) {
            return vec![Hint::action_in(km, Action::Back, c, "cancel", 9)];
        }
        vec![
            Hint::action_in(km, Action::Submit, c, "delete for good", 9).enabled(self.matches()),
            Hint::action_in(km, Action::Back, c, "keep", 9),
        ]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Delete user for good", Context::ConfirmPurge)
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(dialog) = state.screens.top_as::<ConfirmPurge>() else {
        return;
    };
    let target = dialog.target.clone();
    let matches = dialog.matches();
    match state.keymap.action(Context::ConfirmPurge, key) {
        Some(Action::Submit) if matches && !purging(state) => {
            if !state.allow_write(Action::Purge) {
                state.screens.pop();
                return;
            }
            let op = Op::PurgeUser(target.id.clone());
            fx.run(state, op, Pending::Deleted(Request::Purge(target)));
        }
        Some(Action::Submit) => {}
        Some(Action::Back) => {
            if purging(state) {
                fx.cancel(state, |p| matches!(p, Pending::Deleted(Request::Purge(_))));
                state.status.notice = Some(Notice::Info(
                    "Cancelled: Graph may already have deleted the user for good; refresh to check"
                        .to_owned(),
                ));
            }
            state.screens.pop();
        }
        _ if purging(state) => {}
        _ => {
            let Some(dialog) = state.screens.top_as_mut::<ConfirmPurge>() else {
                return;
            };
            let request = to_input_request(&Event::Key(key));
            if matches!(request, Some(InputRequest::InsertChar(_)))
                && dialog.typed.value().chars().count() >= TYPED_MAX
            {
                return;
            }
            if let Some(request) = request {
                dialog.typed.handle(request);
            }
        }
    }
}

fn on_paste(state: &mut State, pasted: &str, _fx: &mut Effects) {
    if purging(state) {
        return;
    }
    let Some(dialog) = state.screens.top_as_mut::<ConfirmPurge>() else {
        return;
    };
    for c in text::single_line(pasted) {
        if dialog.typed.value().chars().count() >= TYPED_MAX {
            break;
        }
        dialog.typed.handle(InputRequest::InsertChar(c));
    }
}
