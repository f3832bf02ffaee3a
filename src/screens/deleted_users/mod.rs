//! `D`: the users in deleted items, restorable for 30 days. Pages like the user list (the
//! next page loads before the cursor reaches the end), `/` searches with a debounced
//! `$search`, `u` restores after a confirmation and `P` deletes for good after the admin types
//! the user's UPN or name. The replies to both dialogs' requests come here: this screen owns
//! the rows they change, and a restored user goes back into the user list.

mod paging;
pub mod state;
#[cfg(test)]
mod tests;
mod view;

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::clear_marks::state::{ClearMarks, Marked};
use super::confirm_purge::state::ConfirmPurge;
use super::confirm_restore::state::ConfirmRestore;
use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use super::stack::Screen;
use super::user_list::state::ListProblem;
use super::{marked, search_box, user_list};
use crate::effect::Effects;
use crate::graph::{GraphError, User};
use crate::keymap::{Action, Context};
use crate::runtime::worker::Reply;
use crate::state::{Notice, Operation, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;

use paging::{is_loading, page_step};
pub use paging::{scroll_into_view, search_due};
pub use state::{DeletedUsers, Request, Target};
pub use view::activity;

impl ScreenView for DeletedUsers {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn paste_handler(&self) -> Option<PasteHandler> {
        Some(on_paste)
    }

    fn context(&self) -> Context {
        if self.search.focused {
            Context::Search
        } else {
            Context::Deleted
        }
    }

    fn is_typing(&self) -> bool {
        self.search.focused
    }

    fn crumb(&self) -> Option<String> {
        Some("Deleted users".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        if self.search.focused {
            let c = Context::Search;
            return vec![
                Hint::action_in(km, Action::Submit, c, "keep search", 9),
                Hint::action_in(km, Action::Back, c, "clear search", 9),
            ];
        }
        vec![
            Hint::write(state, Action::Restore, "restore", 8),
            Hint::write(state, Action::Purge, "delete for good", 6),
            Hint::action(km, Action::Search, "search", 7),
            Hint::action(km, Action::Mark, "mark", 5),
            Hint::action(km, Action::Refresh, "refresh", 4),
            Hint::action(km, Action::Back, "back", 7),
            Hint::action(km, Action::Help, "help", 9),
            Hint::action(km, Action::Quit, "quit", 5),
        ]
    }

    fn help(&self, state: &State) -> Help {
        if self.search.focused {
            help::for_context(state, "Search deleted users", Context::Search)
        } else {
            help::for_context(state, "Deleted users", Context::Deleted)
        }
    }
}

/// Opens the deleted users over the screen in front and lists them.
pub fn open(state: &mut State, fx: &mut Effects) {
    if state.screens.has::<DeletedUsers>() {
        return;
    }
    state.screens.push(Screen::DeletedUsers(Box::default()));
    paging::load(state, None, false, fx);
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(screen) = state.screens.top_as::<DeletedUsers>() else {
        return;
    };
    if screen.search.focused {
        search_key(state, key, fx);
        return;
    }
    let selected = screen.selected_user().map(Target::of);
    let search_visible = screen.search.visible();
    let marked = screen.marked_count();
    let page = page_step(state) as isize;
    match state.keymap.action(Context::Deleted, key) {
        Some(Action::Up) => paging::move_by(state, -1, fx),
        Some(Action::Down) => paging::move_by(state, 1, fx),
        Some(Action::PageUp) => paging::move_by(state, -page, fx),
        Some(Action::PageDown) => paging::move_by(state, page, fx),
        Some(Action::First) => paging::move_by(state, isize::MIN / 2, fx),
        Some(Action::Last) => paging::move_by(state, isize::MAX / 2, fx),
        Some(Action::Search) => {
            if let Some(screen) = state.screens.top_as_mut::<DeletedUsers>() {
                screen.search.focused = true;
            }
            scroll_into_view(state);
        }
        Some(Action::Refresh) => {
            let search = state
                .screens
                .top_as::<DeletedUsers>()
                .and_then(|s| s.search.applied.clone());
            paging::load(state, search, true, fx);
        }
        Some(Action::Mark) => toggle_mark(state, fx),
        Some(Action::MarkAll) => mark_all(state),
        Some(Action::Restore) if marked > 0 => marked::restore(state),
        Some(Action::Purge) if marked > 0 => marked::purge(state),
        Some(Action::Restore) => {
            if let Some(target) = selected
                && state.allow_write(Action::Restore)
            {
                let dialog = ConfirmRestore { target };
                state.screens.push(Screen::ConfirmRestore(Box::new(dialog)));
            }
        }
        Some(Action::Purge) => {
            if let Some(target) = selected
                && state.allow_write(Action::Purge)
            {
                let dialog = ConfirmPurge::new(target);
                state.screens.push(Screen::ConfirmPurge(Box::new(dialog)));
            }
        }
        Some(Action::Back) if search_visible => paging::clear_search(state, fx),
        Some(Action::Back) if marked > 0 => {
            let ask = ClearMarks {
                count: marked,
                on: Marked::DeletedUsers,
            };
            state.screens.push(Screen::ClearMarks(Box::new(ask)));
        }
        Some(Action::Back) => {
            fx.cancel(state, is_loading);
            state.screens.close::<DeletedUsers>();
        }
        _ => {}
    }
}

/// Space: marks or unmarks the selected user, then moves down.
fn toggle_mark(state: &mut State, fx: &mut Effects) {
    let marked = state
        .screens
        .top_as_mut::<DeletedUsers>()
        .is_some_and(DeletedUsers::toggle_mark);
    if marked {
        paging::move_by(state, 1, fx);
    }
}

/// `*`: marks every listed user, or unmarks them when all are marked.
fn mark_all(state: &mut State) {
    if let Some(screen) = state.screens.top_as_mut::<DeletedUsers>() {
        let (changed, marking) = screen.mark_all();
        let total = screen.marked_count();
        let verb = if marking { "Marked" } else { "Unmarked" };
        let users = if changed == 1 { "user" } else { "users" };
        state.status.notice = Some(Notice::Info(format!(
            "{verb} {changed} {users}: {total} marked"
        )));
    }
}

/// A key while the search box has focus: the search keys, else typing.
fn search_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let page = page_step(state) as isize;
    match state.keymap.action(Context::Search, key) {
        Some(Action::Back) => paging::clear_search(state, fx),
        Some(Action::Submit) => {
            if let Some(screen) = state.screens.top_as_mut::<DeletedUsers>() {
                screen.search.focused = false;
                screen.search.generation += 1;
            }
            paging::search_if_changed(state, fx);
        }
        Some(Action::Up) => paging::move_by(state, -1, fx),
        Some(Action::Down) => paging::move_by(state, 1, fx),
        Some(Action::PageUp) => paging::move_by(state, -page, fx),
        Some(Action::PageDown) => paging::move_by(state, page, fx),
        _ => {
            let Some(screen) = state.screens.top_as_mut::<DeletedUsers>() else {
                return;
            };
            let typed = search_box::key(&mut screen.search, key);
            after_typing(state, typed, fx);
        }
    }
}

fn on_paste(state: &mut State, text: &str, fx: &mut Effects) {
    let Some(screen) = state
        .screens
        .top_as_mut::<DeletedUsers>()
        .filter(|s| s.search.focused)
    else {
        return;
    };
    let typed = search_box::paste(&mut screen.search, text);
    after_typing(state, typed, fx);
}

fn after_typing(state: &mut State, typed: search_box::Typed, fx: &mut Effects) {
    if typed.full {
        state.status.notice = Some(search_box::full_notice());
    }
    if typed.changed {
        paging::edited(state, fx);
    }
}

pub(crate) fn on_reply(
    state: &mut State,
    request: Request,
    result: Result<Reply, GraphError>,
    at: DateTime<Utc>,
    fx: &mut Effects,
) {
    match (request, result) {
        (Request::FirstPage { search, refresh }, Ok(Reply::Page(page))) => {
            paging::first_page_arrived(state, search, refresh, page, at, fx);
        }
        (Request::NextPage, Ok(Reply::Page(page))) => {
            paging::next_page_arrived(state, page, at, fx);
        }
        (Request::Restore(target), Ok(Reply::Restored(user))) => restored(state, &target, *user),
        (Request::Purge(target), Ok(Reply::Purged)) => {
            state.screens.close::<ConfirmPurge>();
            forget_undo(state, &target);
            remove(state, &target);
            state.status.notice = Some(Notice::Success(format!(
                "Permanently deleted {}",
                target.label
            )));
        }
        (Request::Restore(target), Err(e)) => {
            state.screens.close::<ConfirmRestore>();
            match restore_conflict(&e) {
                Some(what) => {
                    state.status.notice = Some(Notice::Refused(conflict_line(&target, what)));
                }
                None => state.failed(Operation::RestoreUser, e),
            }
        }
        (Request::Purge(_), Err(e)) => {
            state.screens.close::<ConfirmPurge>();
            state.failed(Operation::PurgeUser, e);
        }
        (Request::FirstPage { .. } | Request::NextPage, Err(e)) => {
            if let Some(screen) = state
                .screens
                .find_mut::<DeletedUsers>()
                .filter(|s| !s.loaded)
            {
                screen.problem = Some(ListProblem::Failed(e.clone()));
            }
            state.failed(Operation::ListDeletedUsers, e);
        }
        (request, Ok(reply)) => {
            tracing::warn!(?request, ?reply, "an answer that does not fit its request");
        }
    }
}

/// Takes a restored or purged user off this screen.
fn remove(state: &mut State, target: &Target) -> Option<User> {
    let user = state
        .screens
        .find_mut::<DeletedUsers>()
        .and_then(|s| s.remove_user(&target.id));
    scroll_into_view(state);
    user
}

/// The user is live again: off this screen, and into the user list below it.
fn restored(state: &mut State, target: &Target, answer: User) {
    state.screens.close::<ConfirmRestore>();
    forget_undo(state, target);
    // The listed copy has what `$select` brought (enabled, type); Graph's answer has the UPN
    // the user has again.
    let mut user = remove(state, target).unwrap_or_else(|| answer.clone());
    user.user_principal_name = answer
        .user_principal_name
        .or_else(|| Some(target.upn.clone()));
    user.mail = answer.mail.or(user.mail);
    user.deleted_date_time = None;
    let hidden_by = user_list::insert_created(state, &user);
    state.status.notice = Some(Notice::Success(match hidden_by {
        None => format!("Restored {}", target.label),
        Some(text) => format!(
            "Restored {}; it does not match the user list's search '{text}', so it is not shown there",
            target.label
        ),
    }));
}

/// A restored user is back and a purged one gone for good: `z` no longer offers to restore
/// it (nor to edit a purged one).
fn forget_undo(state: &mut State, target: &Target) {
    if state
        .undo
        .as_ref()
        .is_some_and(|undo| undo.user == target.id)
    {
        state.undo = None;
    }
}

/// What a restore ran into: someone live holds the deleted user's UPN or mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Conflict {
    Upn,
    Mail,
}

/// Graph's 400 for a restore that would duplicate a unique value: `ObjectConflict` in the
/// details, or the message Graph documents for it.
fn restore_conflict(error: &GraphError) -> Option<Conflict> {
    let GraphError::Api(api) = error else {
        return None;
    };
    if api.status != 400 {
        return None;
    }
    let conflict = api
        .details
        .iter()
        .find(|(code, _)| code == "ObjectConflict");
    let documented = api
        .message
        .contains("Another object with the same value for property");
    if conflict.is_none() && !documented {
        return None;
    }
    let about_mail = conflict
        .and_then(|(_, target)| target.as_deref())
        .unwrap_or(&api.message)
        .to_ascii_lowercase()
        .contains("proxyaddresses");
    Some(if about_mail {
        Conflict::Mail
    } else {
        Conflict::Upn
    })
}

fn conflict_line(target: &Target, what: Conflict) -> String {
    match what {
        Conflict::Upn => format!(
            "Cannot restore {}: a live user now has this UPN ({}): rename or delete that one \
             first, then restore",
            target.label, target.upn
        ),
        Conflict::Mail => format!(
            "Cannot restore {}: a live user now has its mail address: change or delete that one \
             first, then restore",
            target.label
        ),
    }
}
