//! Loading users: the first page of a query, infinite scroll (the next page is fetched before
//! the cursor reaches the end), `L` to pull every page through the same next-page path,
//! refresh that keeps the selection, and Esc to stop a load.

use crate::screens::cursor;
use chrono::{DateTime, Utc};

use super::decode::RowPage;
use super::filter::Sort;
use super::state::{ListProblem, Load, LoadAll, Restore, UserList};
use super::view::table_rows;
use crate::effect::Effects;
use crate::graph::ListQuery;
use crate::keymap::Action;
use crate::runtime::worker::Op;
use crate::state::{Notice, Pending, State};
use crate::widgets::text::thousands;

/// The most rows `L` makes room for up front.
const MAX_RESERVE: usize = 2_000_000;

/// A page of the listing (or of a round of changes) on its way; not a search, which runs
/// beside the pages, nor the listing's delta link.
fn is_loading(p: &Pending) -> bool {
    matches!(
        p,
        Pending::List(
            Load::FirstPage { .. } | Load::NextPage { .. } | Load::All | Load::Changes { .. }
        )
    )
}

/// Rows a PgUp/PgDn moves.
pub(super) fn page_step(state: &State) -> usize {
    table_rows(state).saturating_sub(1).max(1)
}

pub(super) fn move_by(state: &mut State, delta: isize, fx: &mut Effects) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    let len = list.shown.len();
    if len == 0 {
        return;
    }
    list.selected = cursor::moved(list.selected, delta, len);
    scroll_into_view(state);
    prefetch(state, fx);
}

/// Keeps the selected row inside the visible window.
pub fn scroll_into_view(state: &mut State) {
    let rows = table_rows(state).max(1);
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    (list.selected, list.offset) =
        cursor::window(list.selected, list.offset, list.shown.len(), rows);
}

/// Fetches the next page once the cursor is within a page-height of the end, so scrolling
/// never waits on the network.
fn prefetch(state: &mut State, fx: &mut Effects) {
    let rows = table_rows(state);
    let Some(list) = state.screens.list() else {
        return;
    };
    let Some(next) = list.next.clone() else {
        return;
    };
    let remaining = list.shown.len().saturating_sub(list.selected + 1);
    if !state.is_pending(is_loading) && remaining <= rows {
        let pending = Pending::List(Load::NextPage { restore: None });
        fx.run(state, Op::NextPage(next), pending);
    }
}

/// Starts listing from the first page, superseding any listing or search in flight (and `L`:
/// the new listing starts over, so the load says it stopped).
pub fn load(state: &mut State, restore: Option<Restore>, fx: &mut Effects) {
    start(state, restore, false, fx);
}

/// [`load`]; `expired` when it replaces a refresh by delta whose link Graph no longer serves.
/// The listing's delta link is asked for beside its first page (not after: the first rows
/// stay one round trip away), so what changes while the pages load comes in the next round.
pub(super) fn start(state: &mut State, restore: Option<Restore>, expired: bool, fx: &mut Effects) {
    fx.cancel(state, |p| matches!(p, Pending::List(_)));
    if let Some(list) = state.screens.list_mut() {
        list.delta = None;
    }
    if let Some(list) = state.screens.list_mut()
        && list.load_all.take().is_some()
    {
        let why = if restore.is_some() {
            "Refreshing"
        } else {
            "Reloading"
        };
        let at = stopped_at(list);
        state.status.notice = Some(Notice::Info(format!("{why} stopped the load at {at}")));
    }
    let also_select = match state.screens.list_mut() {
        Some(list) => {
            list.asked = list.columns.also_select();
            list.asked.clone()
        }
        None => Vec::new(),
    };
    let order_by = state.screens.list_mut().and_then(|list| {
        list.listed_by = list.sort.and_then(Sort::graph_order);
        list.listed_by.clone()
    });
    let query = ListQuery {
        count: true,
        also_select: also_select.clone(),
        order_by,
        ..ListQuery::default()
    };
    let pending = Pending::List(Load::FirstPage { restore, expired });
    fx.run(state, Op::ListRows(query), pending);
    fx.run(
        state,
        Op::TrackUsers(also_select),
        Pending::List(Load::Track),
    );
}

/// `r` when a refresh by delta cannot answer (pages remain, or no delta link): the list again
/// from its first page, the selected user selected again.
pub(super) fn refresh(state: &mut State, fx: &mut Effects) {
    let Some(list) = state.screens.list() else {
        return;
    };
    let restore = list.selected_row().map(|r| Restore {
        done: None,
        id: r.id(),
        index: list.selected,
    });
    load(state, restore, fx);
}

pub(super) fn first_page_arrived(
    state: &mut State,
    (restore, expired): (Option<Restore>, bool),
    page: RowPage,
    fx: &mut Effects,
) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    list.replace_rows(page.items);
    list.total = page.count;
    list.next = page.next;
    list.loaded = true;
    list.problem = None;
    list.search.applied = None;
    list.selected = 0;
    list.offset = 0;
    if expired {
        state.status.notice = Some(Notice::Success(
            "Refreshed: every user loaded again (Graph's change link had expired)".to_owned(),
        ));
    } else if let Some(restore) = &restore {
        // A refresh the admin asked for: say it happened, replacing any older message.
        let done = restore.done.as_deref().unwrap_or("Refreshed");
        state.status.notice = Some(Notice::Success(done.to_owned()));
    }
    let domain = state.suggested_domain();
    if let Some(session) = state.session.as_mut().filter(|s| s.domain.is_none()) {
        session.domain = domain;
    }
    place_cursor(state, restore, fx);
}

pub(super) fn next_page_arrived(
    state: &mut State,
    restore: Option<Restore>,
    page: RowPage,
    at: DateTime<Utc>,
    fx: &mut Effects,
) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    let loading_all = list.load_all.is_some();
    // `L` pressed while this page was on its way: the load of every further page starts
    // from it (pages of the load itself come while it stays pending).
    if loading_all
        && !state.is_pending(|p| matches!(p, Pending::List(Load::All)))
        && let Some(next) = page.next.clone()
    {
        fx.run(state, Op::LoadAll(next), Pending::List(Load::All));
    }
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    if list.load_all.as_ref().is_some_and(|load| load.pages == 0) {
        make_room(list);
    }
    append(list, page);
    if loading_all {
        load_all_progressed(state, at);
    }
    if restore.is_some() {
        place_cursor(state, restore, fx);
    } else {
        scroll_into_view(state);
        prefetch(state, fx);
    }
}

/// Room for the users `L` has still to load, made once, as its first page comes in: made on
/// `L` itself, faulting the memory in stood between `L` and its first request. Capped: a
/// count is Graph's word, not a promise.
fn make_room(list: &mut UserList) {
    if let Some(total) = list.total {
        let coming = usize::try_from(total).unwrap_or(usize::MAX);
        list.reserve(coming.saturating_sub(list.rows.len()).min(MAX_RESERVE));
    }
}

/// Adds a page's users, each once, and where the next page is.
fn append(list: &mut UserList, page: RowPage) {
    list.append_rows(page.items);
    list.next = page.next;
}

/// After a (re)load: select the remembered user, loading further pages while it may still be
/// ahead; else stay near where the cursor was.
fn place_cursor(state: &mut State, restore: Option<Restore>, fx: &mut Effects) {
    let rows = table_rows(state).max(1);
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    if let Some(restore) = restore
        && !list.select_id(&restore.id)
    {
        if let Some(next) = list.next.clone()
            && list.rows.len() <= restore.index + rows
        {
            let pending = Pending::List(Load::NextPage {
                restore: Some(restore),
            });
            fx.run(state, Op::NextPage(next), pending);
            return;
        }
        list.selected = restore.index;
    }
    // Start with the selection in the middle of the screen when it is far down.
    list.offset = list.selected.saturating_sub(rows / 2);
    scroll_into_view(state);
    prefetch(state, fx);
}

/// `L`: pull every remaining page, one request at a time, each asked for as the one before
/// arrives (`next_page_arrived`). A page already on its way is the load's first.
pub(super) fn load_all(state: &mut State, fx: &mut Effects) {
    let first_loading = state.is_pending(|p| {
        matches!(
            p,
            Pending::List(Load::FirstPage { .. } | Load::NextPage { restore: Some(_) })
        )
    });
    let km = &state.keymap;
    let (refresh, back, again) = (
        km.short(Action::Refresh),
        km.short(Action::Back),
        km.short(Action::LoadAll),
    );
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    let say = if first_loading {
        format!("Users are still loading; press {again} once they are listed")
    } else if list.load_all.is_some() {
        format!("Already loading every page; {back} stops")
    } else if !list.loaded {
        format!("No users are listed yet; {refresh} loads them")
    } else if let Some(next) = list.next.clone() {
        list.load_all = Some(LoadAll::default());
        // "Load stopped at …" and the like are over now; the summary row shows the load.
        if matches!(state.status.notice, Some(Notice::Info(_))) {
            state.status.notice = None;
        }
        if !state.is_pending(is_loading) {
            fx.run(state, Op::LoadAll(next), Pending::List(Load::All));
        }
        return;
    } else {
        format!("All {} users are loaded", thousands(list.rows.len() as u64))
    };
    state.status.notice = Some(Notice::Info(say));
}

/// A page of `L` is in: count it, or finish when it was the last.
fn load_all_progressed(state: &mut State, at: DateTime<Utc>) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    let listed = list.rows.len();
    let Some(load) = list.load_all.as_mut() else {
        return;
    };
    load.page_arrived(at, listed);
    if list.next.is_none() {
        let pages = load.pages;
        list.load_all = None;
        state.status.notice = Some(Notice::Success(format!(
            "Loaded all {} users ({pages} more {})",
            thousands(listed as u64),
            if pages == 1 { "page" } else { "pages" }
        )));
    }
}

/// "1,998 of 100,000 users", or "1,998 users" without a count.
fn stopped_at(list: &UserList) -> String {
    let loaded = thousands(list.rows.len() as u64);
    match list.total {
        Some(total) => format!("{loaded} of {} users", thousands(total)),
        None => format!("{loaded} users"),
    }
}

/// Esc while `L` runs: abort the page in flight, keep every row that arrived.
pub(super) fn stop_load_all(state: &mut State, fx: &mut Effects) {
    fx.cancel(state, is_loading);
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    list.load_all = None;
    let at = stopped_at(list);
    state.status.notice = Some(Notice::Info(format!(
        "Load stopped at {at}; {} continues",
        state.keymap.short(Action::LoadAll)
    )));
}

/// A listing request failed: `L` stops there, keeping the rows; the error says why.
pub(super) fn list_failed(state: &mut State) {
    if let Some(list) = state.screens.list_mut() {
        list.load_all = None;
    }
}

/// The listing's first page will not arrive (cancelled, failed): its delta link would not
/// match the rows shown, so it goes too, and `r` loads from the first page.
pub(super) fn forget_tracking(state: &mut State, fx: &mut Effects) {
    fx.cancel(state, |p| matches!(p, Pending::List(Load::Track)));
    if let Some(list) = state.screens.list_mut() {
        list.delta = None;
    }
}

/// Esc while a listing is loading: abort it and keep what is shown.
pub(super) fn cancel_loading(state: &mut State, fx: &mut Effects) {
    if !state.is_pending(is_loading) {
        return;
    }
    let first_page = state.is_pending(|p| matches!(p, Pending::List(Load::FirstPage { .. })));
    fx.cancel(state, is_loading);
    if first_page {
        forget_tracking(state, fx);
    }
    if let Some(list) = state.screens.list_mut().filter(|l| !l.loaded) {
        list.problem = Some(ListProblem::Cancelled);
    }
    state.status.notice = Some(Notice::Info(format!(
        "Loading cancelled ({} loads again)",
        state.keymap.short(Action::Refresh)
    )));
}
