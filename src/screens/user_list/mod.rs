//! The user list: the loaded users, the cursor, infinite scroll, refresh that keeps the
//! selection, and the `/` search box. `paging` loads pages, `search` runs the box, `view`
//! draws the table.

pub mod columns;
pub mod decode;
mod delta;
pub mod filter;
mod fold;
mod listed;
mod paging;
pub mod row;
mod scan;
mod search;
mod sort;
pub mod state;
mod view;
pub mod views;
mod widths;

use super::Screen;
use super::clear_marks::state::{ClearMarks, Marked};
use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use super::user_detail::state::UserDetail;
use super::{marked, open};
use crate::effect::Effects;
use crate::graph::{GraphError, User, UserId, UserPatch};
use crate::keymap::{Action, Context};
use crate::runtime::worker::{Reply, RequestId};
use crate::state::{Notice, Operation, Pending, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

pub use decode::{RowPage, Rows};
pub use paging::{load, scroll_into_view};
pub use row::Row;
pub use search::{filter_to, search_due};
pub use state::{
    Applied, ListProblem, Load, LoadAll, Memory, Progress, Restore, SearchState, UserList,
};
pub use view::{activity, drawn_columns, table_rows};

impl ScreenView for UserList {
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
            Context::List
        }
    }

    fn is_typing(&self) -> bool {
        self.search.focused
    }

    fn crumb(&self) -> Option<String> {
        Some("Users".to_owned())
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
                Hint::fixed(
                    &format!(
                        "{}/{}",
                        km.short_in(Action::Up, c),
                        km.short_in(Action::Down, c)
                    ),
                    "move",
                    5,
                ),
            ];
        }
        let mut first = vec![
            Hint::action(km, Action::Open, "open", 7),
            Hint::action(km, Action::Search, "search", 7),
            Hint::write(state, Action::New, "new", 6),
            Hint::action(km, Action::Export, "export", 3),
            Hint::action(km, Action::Mark, "mark", 5),
        ];
        if self.load_all.is_some() {
            first.insert(0, Hint::action(km, Action::Back, "stop loading", 8));
        }
        Hint::acting_on_a_user(state, first)
    }

    fn help(&self, state: &State) -> Help {
        let mut help = if self.search.focused {
            help::for_context(state, "Search", Context::Search)
        } else {
            help::for_context(state, "User list", Context::List)
        };
        // What the `/` box understands (README "Filter syntax"), before Ctrl-C.
        let at = help.rows.len().saturating_sub(1);
        help.rows.splice(at..at, filter_syntax());
        help
    }
}

/// The filter syntax of the `/` box, as help rows.
fn filter_syntax() -> Vec<help::HelpRow> {
    [
        (
            "/ words",
            "filter: every word in name, UPN, mail, title or dept",
        ),
        (
            "dept:finance",
            "…whose department contains \"finance\" (title: too)",
        ),
        (
            "enabled:no",
            "…disabled accounts (enabled:yes, enabled ones)",
        ),
        (
            "city:lyon",
            "…shown columns too: company: office: country: usage: empid:",
        ),
        ("guest, member", "…guests (userType or #EXT# UPN), members"),
        (
            "\"a b\"",
            "…a phrase or value with blanks: dept:\"Human Resources\"",
        ),
    ]
    .into_iter()
    .map(|(keys, what)| help::HelpRow::fixed(keys, what))
    .collect()
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(list) = state.screens.list() else {
        return;
    };
    if list.search.focused {
        search::on_key(state, key, fx);
        return;
    }
    // The row's properties; the screens that need the rest read the user from Graph.
    let selected = list.selected_row().map(Row::to_user);
    let search_visible = list.search.visible();
    let loading_all = list.load_all.is_some();
    let marked = list.marked_count();
    let reading_for_edit = state.is_pending(open::is_edit_read);
    let Some(action) = state.keymap.action(Context::List, key) else {
        return;
    };
    let page = paging::page_step(state) as isize;
    match action {
        Action::Up => paging::move_by(state, -1, fx),
        Action::Down => paging::move_by(state, 1, fx),
        Action::PageUp => paging::move_by(state, -page, fx),
        Action::PageDown => paging::move_by(state, page, fx),
        Action::First => paging::move_by(state, isize::MIN / 2, fx),
        Action::Last => paging::move_by(state, isize::MAX / 2, fx),
        Action::Open => {
            if let Some(user) = selected {
                open::detail(state, user, fx);
            }
        }
        Action::Search => {
            if let Some(list) = state.screens.list_mut() {
                list.search.focused = true;
            }
            // The box takes a row from the table: keep the cursor on screen.
            scroll_into_view(state);
        }
        Action::New => open::create(state),
        Action::Mark => toggle_mark(state, fx),
        Action::MarkAll => mark_shown(state),
        Action::Edit if marked > 0 => marked::edit(state),
        Action::Delete if marked > 0 => marked::delete(state),
        Action::Block if marked > 0 => marked::block(state),
        Action::RevokeSessions if marked > 0 => marked::revoke(state),
        Action::ResetPassword if marked > 0 => marked::one_user_only(state, action),
        Action::Edit => {
            if let Some(user) = selected {
                open::edit(state, &user, false, fx);
            }
        }
        Action::Delete => {
            if let Some(user) = selected {
                open::delete(state, &user);
            }
        }
        Action::Block => {
            if let Some(user) = selected {
                open::block(state, &user);
            }
        }
        Action::RevokeSessions => {
            if let Some(user) = selected {
                open::revoke_sessions(state, &user);
            }
        }
        Action::ResetPassword => {
            if let Some(user) = selected {
                open::reset_password(state, &user, fx);
            }
        }
        Action::Refresh => delta::refresh(state, fx),
        Action::LoadAll => paging::load_all(state, fx),
        Action::Sort => sort::cycle(state, fx),
        Action::ReverseSort => sort::reverse(state, fx),
        Action::Export => export(state, fx),
        Action::Import => open::import(state),
        Action::Back if reading_for_edit => open::cancel_edit(state, fx),
        Action::Back if loading_all => paging::stop_load_all(state, fx),
        Action::Back if search_visible => search::clear(state, fx),
        Action::Back if marked > 0 => {
            let ask = ClearMarks {
                count: marked,
                on: Marked::Users,
            };
            state.screens.push(Screen::ClearMarks(Box::new(ask)));
        }
        Action::Back => paging::cancel_loading(state, fx),
        _ => {}
    }
}

fn on_paste(state: &mut State, text: &str, fx: &mut Effects) {
    if state.screens.list().is_some_and(|l| l.search.focused) {
        search::paste(state, text, fx);
    }
}

/// A page of `L`'s load (`Op::LoadAll`, request `id`), while the load goes on; dropped when
/// that load is no longer wanted (Esc, a reload, another profile).
pub(crate) fn page_streamed(
    state: &mut State,
    id: RequestId,
    page: RowPage,
    at: DateTime<Utc>,
    fx: &mut Effects,
) {
    if matches!(state.pending.get(&id), Some(Pending::List(Load::All))) {
        paging::next_page_arrived(state, None, page, at, fx);
    } else {
        tracing::debug!(id, "dropped a page of a load no longer wanted");
    }
}

pub(crate) fn on_reply(
    state: &mut State,
    load: Load,
    result: Result<Reply, GraphError>,
    at: DateTime<Utc>,
    fx: &mut Effects,
) {
    match (load, result) {
        (Load::FirstPage { restore, expired }, Ok(Reply::Rows(page))) => {
            paging::first_page_arrived(state, (restore, expired), page, fx);
            // The box's text goes to Graph again while the new listing is not complete.
            search::send(state, fx);
        }
        // The same page as users decoded whole (the reducer's tests answer so).
        (Load::FirstPage { restore, expired }, Ok(Reply::Page(page))) => {
            paging::first_page_arrived(state, (restore, expired), page.into(), fx);
            search::send(state, fx);
        }
        (Load::Search { .. }, Ok(Reply::Page(page))) => search::arrived(state, page),
        (Load::Search { .. }, Err(e)) => {
            // The local filter still answers; the error says why Graph did not.
            if let Some(list) = state.screens.list_mut() {
                list.search.applied = None;
            }
            state.failed(Operation::ListUsers, e);
        }
        // The last page, sent before this, ended the load.
        (Load::All, Ok(Reply::AllLoaded)) => {}
        (Load::NextPage { restore }, Ok(Reply::Page(page))) => {
            paging::next_page_arrived(state, restore, page.into(), at, fx);
        }
        (Load::Track, Ok(Reply::Tracking(link))) => delta::tracked(state, link),
        (Load::Track, Err(e)) => delta::not_tracked(&e),
        (Load::Changes { so_far }, Ok(Reply::Changes(page))) => {
            delta::arrived(state, so_far, page, fx);
        }
        (Load::Changes { .. }, Err(e)) => delta::failed(state, e, fx),
        (load, Err(e)) => {
            if matches!(load, Load::FirstPage { .. }) {
                paging::forget_tracking(state, fx);
            }
            paging::list_failed(state);
            if let Some(list) = state.screens.list_mut().filter(|l| !l.loaded) {
                list.problem = Some(ListProblem::Failed(e.clone()));
            }
            state.failed(Operation::ListUsers, e);
        }
        (load, Ok(reply)) => {
            tracing::warn!(?load, ?reply, "an answer that does not fit its request");
        }
    }
}

/// Lists a new user at the top of the loaded rows, counted, and selects it unless the filter
/// hides it. Returns the filter text that hides it.
///
/// The top, because the list has no order of its own (Graph lists users without `$orderby`),
/// and the top is where the admin looks and where it stays put while further pages load below;
/// a sort puts it in its place.
pub(crate) fn insert_created(state: &mut State, user: &User) -> Option<String> {
    insert_created_many(state, std::slice::from_ref(user))
}

/// [`insert_created`] for many at once (a bulk create or restore): the last one topmost and
/// selected.
pub(crate) fn insert_created_many(state: &mut State, users: &[User]) -> Option<String> {
    let list = state.screens.list_mut()?;
    let id = users.last()?.id.clone();
    let added = list.insert_first_many(users);
    list.total = list.total.map(|n| n + added as u64);
    let hidden_by = if list.select_id(&id) {
        list.offset = list.offset.min(list.selected);
        None
    } else {
        list.search.text()
    };
    scroll_into_view(state);
    hidden_by
}

/// Changes every copy of user `id` the screens hold (an open detail, its list row) with
/// `change`, then filters and sorts its row again, so a filter or sort sees the change at once.
/// The row holds only the list's columns: `change` sees those as a `User`, and what it sets
/// beyond them is not kept there.
pub(crate) fn update_user(state: &mut State, id: &UserId, mut change: impl FnMut(&mut User)) {
    for user in state.screens.details_mut(id) {
        change(user);
    }
    if let Some(list) = state.screens.list_mut() {
        list.update_row(id, change);
    }
    scroll_into_view(state);
}

/// Applies patches Graph accepted to many users at once (a bulk job): their rows and open
/// details show the new values, filtered and sorted once.
pub(crate) fn patch_users(state: &mut State, patches: &[(&UserId, &UserPatch)]) {
    for (id, patch) in patches {
        for user in state.screens.details_mut(id) {
            user.apply_patch(patch);
        }
    }
    if let Some(list) = state.screens.list_mut() {
        list.update_rows(
            patches
                .iter()
                .map(|(id, patch)| (*id, |user: &mut User| user.apply_patch(patch))),
        );
    }
    scroll_into_view(state);
}

/// Takes many deleted users out of the list at once.
pub(crate) fn remove_many(state: &mut State, ids: &[&UserId]) {
    if let Some(list) = state.screens.list_mut() {
        let removed = list.remove_users(ids.iter().copied());
        list.total = list.total.map(|n| n.saturating_sub(removed as u64));
    }
    scroll_into_view(state);
}

/// Takes a deleted user out of the list, keeping the cursor near where it was.
pub(crate) fn remove(state: &mut State, id: &UserId) {
    if let Some(list) = state.screens.list_mut()
        && list.remove_user(id).is_some()
    {
        list.total = list.total.map(|n| n.saturating_sub(1));
    }
    scroll_into_view(state);
}

/// The name of user `id` as the screens know it.
pub(crate) fn label_of(state: &State, id: &UserId) -> Option<String> {
    let row = state.screens.list().and_then(|l| l.row(id));
    row.map(|r| r.label().to_owned()).or_else(|| {
        state
            .screens
            .find::<UserDetail>()
            .filter(|d| d.user.id == *id)
            .map(|d| d.user.label().to_owned())
    })
}

/// Space: marks or unmarks the selected user, then moves down.
fn toggle_mark(state: &mut State, fx: &mut Effects) {
    if state.screens.list_mut().is_some_and(UserList::toggle_mark) {
        paging::move_by(state, 1, fx);
    }
}

/// `*`: marks every user shown, or unmarks them when all are marked, and says so.
fn mark_shown(state: &mut State) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    let (changed, marking) = list.mark_shown();
    let total = list.marked_count();
    let users = |n: usize| format!("{n} {}", if n == 1 { "user" } else { "users" });
    state.status.notice = Some(Notice::Info(if marking {
        format!("Marked {} shown: {total} marked", users(changed))
    } else {
        format!("Unmarked {} shown: {total} marked", users(changed))
    }));
}

/// `x`: the export dialog over the list, unless the list shows nothing to export; the shell
/// is asked the time for the suggested file name.
pub(crate) fn export(state: &mut State, fx: &mut Effects) {
    let Some(list) = state.screens.list() else {
        return;
    };
    if list.shown.is_empty() {
        let why = if list.filter.is_empty() {
            "Nothing to export: no users are listed".to_owned()
        } else {
            format!(
                "Nothing to export: the filter shows no users ({} clears it)",
                state.keymap.short(Action::Back)
            )
        };
        state.status.notice = Some(Notice::Refused(why));
        return;
    }
    state.screens.push(Screen::ExportPrompt(Box::default()));
    fx.export_stamp();
}
