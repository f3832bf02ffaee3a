//! `m` on the detail: "who is the manager of …?". A popup with a search box: typing searches
//! the tenant's users through Graph (`$search` with `ConsistencyLevel: eventual`, built by the
//! same request as the user list's search) after a short pause, and lists display name, UPN
//! and job title. Enter makes the selected user the manager (`PUT …/manager/$ref`); the user
//! itself cannot be picked, and the picker says why. The current manager is read when the
//! picker opens and marked in the results. Esc closes it; while the manager is being set, Esc
//! cancels that.

pub mod state;
#[cfg(test)]
mod tests;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use super::{cursor, search_box};
use crate::effect::Effects;
use crate::graph::{GraphError, ListQuery};
use crate::keymap::{Action, Context};
use crate::runtime::worker::{Op, Reply};
use crate::state::{Notice, Operation, Pending, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
use crate::undo::{LastWrite, Reversal};

pub use state::{Current, ManagerPicker, Person, Request};

/// What the status line says while a request of the picker runs.
pub fn activity(request: &Request) -> String {
    match request {
        Request::Current => "Reading the current manager…".to_owned(),
        Request::Search { text } => format!("Searching users for '{text}'…"),
        Request::Set { user, manager } => {
            format!("Making {} the manager of {}…", manager.label, user.label)
        }
    }
}

/// The new manager is being sent: keys wait, Esc cancels.
fn setting(state: &State) -> bool {
    state.is_pending(|p| matches!(p, Pending::PickManager(Request::Set { .. })))
}

fn is_search(p: &Pending) -> bool {
    matches!(p, Pending::PickManager(Request::Search { .. }))
}

impl ScreenView for ManagerPicker {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn paste_handler(&self) -> Option<PasteHandler> {
        Some(on_paste)
    }

    fn context(&self) -> Context {
        Context::PickManager
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn is_typing(&self) -> bool {
        true
    }

    fn crumb(&self) -> Option<String> {
        Some("Set manager".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let c = Context::PickManager;
        if setting(state) {
            return vec![Hint::action_in(km, Action::Back, c, "cancel", 9)];
        }
        vec![
            Hint::action_in(km, Action::Submit, c, "make manager", 9),
            Hint::fixed(
                &format!(
                    "{}/{}",
                    km.short_in(Action::Up, c),
                    km.short_in(Action::Down, c)
                ),
                "move",
                7,
            ),
            Hint::action_in(km, Action::Back, c, "close", 8),
            Hint::fixed("Ctrl-C", "quit", 1),
        ]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Set manager", Context::PickManager)
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    if state.screens.top_as::<ManagerPicker>().is_none() {
        return;
    }
    let page = view::result_rows(state.size) as isize;
    match state.keymap.action(Context::PickManager, key) {
        Some(Action::Back) => close(state, fx),
        _ if setting(state) => {}
        Some(Action::Submit) => pick(state, fx),
        Some(Action::Up) => move_by(state, -1),
        Some(Action::Down) => move_by(state, 1),
        Some(Action::PageUp) => move_by(state, -page),
        Some(Action::PageDown) => move_by(state, page),
        _ => {
            let Some(picker) = state.screens.top_as_mut::<ManagerPicker>() else {
                return;
            };
            let typed = search_box::key(&mut picker.search, key);
            after_typing(state, typed, fx);
        }
    }
}

fn on_paste(state: &mut State, text: &str, fx: &mut Effects) {
    if setting(state) {
        return;
    }
    let Some(picker) = state.screens.top_as_mut::<ManagerPicker>() else {
        return;
    };
    let typed = search_box::paste(&mut picker.search, text);
    after_typing(state, typed, fx);
}

fn after_typing(state: &mut State, typed: search_box::Typed, fx: &mut Effects) {
    if typed.full {
        state.status.notice = Some(search_box::full_notice());
    }
    if !typed.changed {
        return;
    }
    let Some(picker) = state.screens.top_as_mut::<ManagerPicker>() else {
        return;
    };
    picker.search.generation += 1;
    if picker.search.text().is_some() {
        fx.debounce(picker.search.generation);
    } else {
        // Nothing typed: nothing to search, and nothing found.
        picker.results.clear();
        picker.answered = None;
        picker.selected = 0;
        picker.problem = None;
        picker.search.applied = None;
        fx.cancel(state, is_search);
    }
}

/// The pause after typing is over: ask Graph, if the text is still what was typed and was not
/// asked already.
pub fn search_due(state: &mut State, generation: u64, fx: &mut Effects) {
    let Some(picker) = state.screens.find_mut::<ManagerPicker>() else {
        return;
    };
    if generation != picker.search.generation {
        return;
    }
    let Some(text) = picker.search.text() else {
        return;
    };
    if picker.search.applied.as_deref() == Some(text.as_str()) {
        return;
    }
    picker.search.applied = Some(text.clone());
    fx.cancel(state, is_search);
    let query = ListQuery {
        search: Some(text.clone()),
        top: Some(state::RESULTS),
        ..ListQuery::default()
    };
    fx.run(
        state,
        Op::ListUsers(query),
        Pending::PickManager(Request::Search { text }),
    );
}

fn move_by(state: &mut State, delta: isize) {
    if let Some(picker) = state.screens.top_as_mut::<ManagerPicker>()
        && !picker.results.is_empty()
    {
        picker.selected = cursor::moved(picker.selected, delta, picker.results.len());
    }
}

/// Enter: the selected user becomes the manager, unless it is the user itself.
fn pick(state: &mut State, fx: &mut Effects) {
    let Some(picker) = state.screens.top_as::<ManagerPicker>() else {
        return;
    };
    let user = picker.user.clone();
    let Some(chosen) = picker.selected_user().map(Person::of) else {
        state.status.notice = Some(Notice::Info(
            "Type a name, UPN or mail to find the manager first".to_owned(),
        ));
        return;
    };
    if chosen.id == user.id {
        state.status.notice = Some(Notice::Refused(format!(
            "{} cannot be its own manager: pick someone else",
            user.label
        )));
        return;
    }
    if !state.allow_write(Action::SetManager) {
        return;
    }
    let op = Op::SetManager {
        id: user.id.clone(),
        manager: chosen.id.clone(),
    };
    fx.run(
        state,
        op,
        Pending::PickManager(Request::Set {
            user,
            manager: chosen,
        }),
    );
}

/// Esc: closes the picker, cancelling what it asked; a manager being set may already be set.
fn close(state: &mut State, fx: &mut Effects) {
    if setting(state) {
        state.status.notice = Some(Notice::Info(
            "Setting the manager cancelled: Graph may already have done it; reload the user to \
             check"
                .to_owned(),
        ));
    }
    fx.cancel(state, |p| matches!(p, Pending::PickManager(_)));
    state.screens.close::<ManagerPicker>();
}

pub(crate) fn on_reply(
    state: &mut State,
    request: Request,
    result: Result<Reply, GraphError>,
    fx: &mut Effects,
) {
    match (request, result) {
        (Request::Current, result) => {
            if let Some(picker) = state.screens.find_mut::<ManagerPicker>() {
                picker.current = match result {
                    Ok(Reply::Manager(Some(manager))) => Current::Some(Person::of(&manager)),
                    Ok(Reply::Manager(None)) => Current::None,
                    _ => Current::Unknown,
                };
            }
        }
        (Request::Search { text }, Ok(Reply::Page(page))) => {
            if let Some(picker) = state.screens.find_mut::<ManagerPicker>() {
                picker.results = page.users;
                picker.answered = Some(text);
                picker.selected = 0;
                picker.problem = None;
            }
        }
        (Request::Search { text }, Err(e)) => {
            if let Some(picker) = state.screens.find_mut::<ManagerPicker>() {
                picker.results.clear();
                picker.answered = Some(text);
                picker.search.applied = None;
                picker.problem = Some(e.clone());
            }
            state.failed(Operation::SearchUsers, e);
        }
        (Request::Set { user, manager }, Ok(_)) => {
            let before = state
                .screens
                .find::<ManagerPicker>()
                .and_then(|p| match &p.current {
                    Current::Some(person) => Some(Some(person.clone())),
                    Current::None => Some(None),
                    Current::Loading | Current::Unknown => None,
                });
            if let Some(before) = before {
                state.undo = Some(LastWrite {
                    user: user.id.clone(),
                    label: user.label.clone(),
                    upn: user.upn.clone(),
                    reversal: Reversal::Manager { before },
                });
            }
            state.screens.close::<ManagerPicker>();
            state.status.notice = Some(Notice::Success(format!(
                "{} is now the manager of {}",
                manager.label, user.label
            )));
            super::user_detail::reload_manager(state, &user.id, fx);
        }
        (Request::Set { .. }, Err(e)) => {
            // The picker stays, with what was typed, to pick again.
            state.failed(Operation::SetManager, e);
        }
        (request, Ok(reply)) => {
            tracing::warn!(?request, ?reply, "an answer that does not fit its request");
        }
    }
}
