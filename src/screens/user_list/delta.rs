//! `r` on the whole list: a refresh by delta. Every listing asks Graph, beside its first page,
//! for a delta link as of now (`$deltatoken=latest`); once no page is left to load, `r` reads
//! only what changed since through that link (following a round's next links to its final
//! delta link, kept for the next `r`) and applies it to the rows in place
//! (<https://learn.microsoft.com/en-us/graph/delta-query-users>). A link Graph no longer
//! serves (it keeps changes for seven days) makes `r` load the whole list again, and says so.

use super::paging;
use super::state::{Applied, Load, Restore, UserList};
use crate::effect::Effects;
use crate::graph::{ChangesPage, DeltaLink, DeltaNext, GraphError};
use crate::runtime::worker::Op;
use crate::state::{Notice, Operation, Pending, State};
use crate::widgets::text::thousands;

/// A page of a round of changes on its way.
fn is_round(p: &Pending) -> bool {
    matches!(p, Pending::List(Load::Changes { .. }))
}

/// The link `r` reads changes from: only with every user loaded (no page left, so no row can
/// be missing from what the changes apply to) and a link for this listing at hand.
fn usable_link(list: &UserList) -> Option<DeltaLink> {
    list.delta
        .clone()
        .filter(|_| list.loaded && list.next.is_none())
}

/// `r`: only what changed when every user is loaded and the listing's delta link is at hand;
/// else the list again from its first page.
pub(super) fn refresh(state: &mut State, fx: &mut Effects) {
    match state.screens.list().and_then(usable_link) {
        Some(link) => start(state, link, fx),
        None => paging::refresh(state, fx),
    }
}

/// Starts a round of changes from `link`, superseding a round in flight.
fn start(state: &mut State, link: DeltaLink, fx: &mut Effects) {
    fx.cancel(state, is_round);
    let pending = Pending::List(Load::Changes {
        so_far: Applied::default(),
    });
    fx.run(state, Op::UserChanges(link), pending);
}

/// The listing's delta link arrived.
pub(super) fn tracked(state: &mut State, link: DeltaLink) {
    if let Some(list) = state.screens.list_mut() {
        list.delta = Some(link);
    }
}

/// Graph gave no delta link: `r` reloads the whole list instead. The failure is in the error
/// history; the status line is left to the listing.
pub(super) fn not_tracked(error: &GraphError) {
    tracing::warn!("no delta link for this listing, so r reloads every user: {error}");
}

/// A page of the round arrived: apply it, then ask for the next page or keep the round's
/// delta link and say what changed.
pub(super) fn arrived(state: &mut State, so_far: Applied, page: ChangesPage, fx: &mut Effects) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    let applied = list.apply_changes(&page.changes);
    list.total = list
        .total
        .map(|t| (t + applied.added as u64).saturating_sub(applied.removed as u64));
    let mut all = so_far;
    all += applied;
    match page.next {
        DeltaNext::More(link) => {
            let pending = Pending::List(Load::Changes { so_far: all });
            fx.run(state, Op::UserChanges(link), pending);
        }
        DeltaNext::Done(link) => {
            list.delta = Some(link);
            state.status.notice = Some(Notice::Success(summary(all)));
        }
    }
    paging::scroll_into_view(state);
}

/// "Refreshed: 3 added, 5 changed, 1 removed".
fn summary(applied: Applied) -> String {
    let Applied {
        added,
        changed,
        removed,
    } = applied;
    if added + changed + removed == 0 {
        return "Refreshed: nothing changed".to_owned();
    }
    let n = |n: usize| thousands(n as u64);
    format!(
        "Refreshed: {} added, {} changed, {} removed",
        n(added),
        n(changed),
        n(removed)
    )
}

/// A page of the round failed. An expired link: load the whole list again. Anything else:
/// what earlier pages changed stays applied, the link stays the last one Graph completed a
/// round for, and the error says what happened; `r` reads the changes again from there
/// (applying them again is harmless).
pub(super) fn failed(state: &mut State, error: GraphError, fx: &mut Effects) {
    if matches!(error, GraphError::DeltaExpired(_)) {
        let restore = state.screens.list().and_then(|list| {
            list.selected_row().map(|r| Restore {
                done: None,
                id: r.id(),
                index: list.selected,
            })
        });
        paging::start(state, restore, true, fx);
        state.status.notice = Some(Notice::Info(
            "Graph's change link expired: loading every user again".to_owned(),
        ));
        return;
    }
    state.failed(Operation::ListChanges, error);
}

#[cfg(test)]
#[path = "delta_tests.rs"]
mod tests;
