//! The refresh by delta through the reducer: the listing's link, a round applied in place
//! (adds, partial changes, removals), the selection, filter and sort kept, paging of a round,
//! an expired link, a failed page, stale answers, and when `r` reloads instead.

use crossterm::event::KeyCode;

use crate::fixtures::{
    self, api_error, cancels, ch, fail, listing, notice, ok, one_run, page, press, runs, shown,
    token, type_text, users,
};
use crate::graph::{
    ApiError, Change, ChangesPage, DeltaLink, DeltaNext, GraphError, Removed, User, UserChange,
};
use crate::runtime::worker::{Op, Reply, RequestId};
use crate::state::{Notice, Operation, State};
use crate::ui::status_bar;
use crate::update::update;

const ADMIN: &[&str] = &["User.ReadWrite.All"];

fn link(n: u32) -> DeltaLink {
    DeltaLink(format!(
        "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=t{n}"
    ))
}

/// Signed in, `first` listed as the whole tenant (`next` a nextLink or none), and the
/// listing's delta link `link(0)` in.
fn tracked_with(first: Vec<User>, next: Option<&str>) -> State {
    let mut state = fixtures::state();
    state.size = (120, 40);
    let page_id = signed_in(&mut state);
    let total = first.len() as u64;
    update(&mut state, ok(page_id, page(first, next, Some(total))));
    update(&mut state, ok(page_id + 1, Reply::Tracking(link(0))));
    state
}

/// Signs in; returns the first page's request (its delta link's is the next id).
fn signed_in(state: &mut State) -> RequestId {
    let (id, _) = one_run(&update(state, press(KeyCode::Enter)));
    let fx = update(state, ok(id, Reply::Connected(Box::new(token(ADMIN)))));
    listing(&fx).0
}

/// `r`, and a first page of the round that retitles Ada and points at `link(7)`; returns the
/// request for the round's second page.
fn first_of_two_pages(state: &mut State) -> RequestId {
    let id = refresh(state, &link(0));
    let ada = edited(&users()[0], |c| c.job_title = set("Countess"));
    let fx = update(state, ok(id, changes(vec![ada], DeltaNext::More(link(7)))));
    let (next, op) = one_run(&fx);
    assert_eq!(op, Op::UserChanges(link(7)));
    next
}

fn tracked() -> State {
    tracked_with(users(), None)
}

fn list(state: &State) -> &crate::screens::user_list::UserList {
    state.screens.list().expect("the list is open")
}

fn selected(state: &State) -> String {
    list(state)
        .selected_row()
        .map(|r| r.label().to_owned())
        .unwrap_or_default()
}

/// Presses `r` and returns the round's first request, which reads from `from`.
fn refresh(state: &mut State, from: &DeltaLink) -> RequestId {
    let (id, op) = one_run(&update(state, ch('r')));
    assert_eq!(op, Op::UserChanges(from.clone()));
    id
}

/// The answer to round `id`, arriving after it was stopped: Ada removed.
fn late_removal(id: RequestId) -> crate::update::Msg {
    let round = vec![removed(&users()[0])];
    ok(id, changes(round, DeltaNext::Done(link(1))))
}

fn changes(changes: Vec<UserChange>, next: DeltaNext) -> Reply {
    Reply::Changes(ChangesPage { changes, next })
}

/// `r` from `link(from)`, answered in one page with `round` and the delta link `link(to)`.
fn one_round(state: &mut State, from: u32, round: Vec<UserChange>, to: u32) {
    let id = refresh(state, &link(from));
    update(state, ok(id, changes(round, DeltaNext::Done(link(to)))));
}

fn set(text: &str) -> Change<String> {
    Change::Set(text.to_owned())
}

/// `user` changed: only what `f` sets is sent.
fn edited(user: &User, f: impl FnOnce(&mut UserChange)) -> UserChange {
    let mut change = UserChange {
        id: user.id.clone(),
        ..UserChange::default()
    };
    f(&mut change);
    change
}

fn removed(user: &User) -> UserChange {
    UserChange {
        id: user.id.clone(),
        removed: Some(Removed {
            reason: "changed".to_owned(),
        }),
        ..UserChange::default()
    }
}

/// A new user as a round brings it: every selected property that is set.
fn added(n: usize, name: &str, alias: &str, department: &str) -> UserChange {
    let user = fixtures::user(n, name, alias);
    UserChange {
        id: user.id.clone(),
        display_name: set(name),
        user_principal_name: set(user.upn()),
        mail: Change::Set(user.mail.clone().unwrap_or_default()),
        job_title: set("Analyst"),
        department: set(department),
        user_type: set("Member"),
        account_enabled: Change::Set(true),
        created_date_time: user.created_date_time.map_or(Change::Keep, Change::Set),
        removed: None,
        ..UserChange::default()
    }
}

#[test]
fn the_listing_asks_for_its_delta_link_beside_its_first_page_and_says_nothing_of_it() {
    let mut state = fixtures::state();
    // The page first, the link beside it: the first rows are still one round trip away.
    let page_id = signed_in(&mut state);
    assert_eq!(
        status_bar::activity(&state).as_deref(),
        Some("Loading users…")
    );
    update(&mut state, ok(page_id, page(users(), None, Some(10))));
    assert_eq!(
        status_bar::activity(&state),
        None,
        "the link is bookkeeping"
    );
    assert_eq!(list(&state).delta, None);
    update(&mut state, ok(page_id + 1, Reply::Tracking(link(0))));
    assert_eq!(list(&state).delta, Some(link(0)));
}

#[test]
fn r_on_the_whole_list_applies_only_what_changed_and_keeps_the_selection() {
    let mut state = tracked();
    update(&mut state, ch('j'));
    update(&mut state, ch('j'));
    assert_eq!(selected(&state), "山田 太郎");
    let all = users();
    let id = refresh(&mut state, &link(0));
    assert_eq!(
        status_bar::activity(&state).as_deref(),
        Some("Refreshing users: reading what changed…")
    );
    let round = vec![
        added(50, "Alan Turing", "alan", "Research"),
        // Only what changed: the rest of the row stays.
        edited(&all[0], |c| c.job_title = set("Countess")),
        // A property sent as null is cleared.
        edited(&all[1], |c| c.mail = Change::Clear),
        removed(&all[5]),
        // A removal of a user the list does not hold is nothing to count.
        removed(&fixtures::user(77, "Never Listed", "never")),
    ];
    update(&mut state, ok(id, changes(round, DeltaNext::Done(link(1)))));
    assert_eq!(notice(&state), "Refreshed: 1 added, 2 changed, 1 removed");
    assert_eq!(
        selected(&state),
        "山田 太郎",
        "the same user stays selected"
    );
    let list = list(&state);
    assert_eq!(list.rows[0].label(), "Alan Turing", "new users go on top");
    assert_eq!(list.rows.len(), 10);
    assert_eq!(list.total, Some(10));
    let ada = list.row(&all[0].id).unwrap();
    assert_eq!(ada.job_title(), Some("Countess"));
    assert_eq!(ada.display_name(), Some("Ada Lovelace"));
    assert_eq!(ada.mail(), Some("ada@contoso.com"), "not sent: kept");
    assert_eq!(ada.department(), Some("Research"));
    let jose = list.row(&all[1].id).unwrap();
    assert_eq!((jose.mail(), jose.label()), (None, "José Álvarez Núñez"));
    assert!(list.row(&all[5].id).is_none());
    // The round's delta link is the next round's start.
    assert_eq!(list.delta, Some(link(1)));
    refresh(&mut state, &link(1));
}

#[test]
fn a_removed_selected_user_hands_the_selection_to_the_row_after_it() {
    let mut state = tracked();
    update(&mut state, ch('j'));
    update(&mut state, ch('j'));
    let all = users();
    one_round(&mut state, 0, vec![removed(&all[2])], 1);
    assert_eq!(selected(&state), "מרים כהן");
    assert_eq!(list(&state).selected, 2);
    // The last row removed: the one before it.
    update(&mut state, press(KeyCode::End));
    assert_eq!(selected(&state), "Former Employee");
    one_round(&mut state, 1, vec![removed(&all[9])], 2);
    assert_eq!(selected(&state), "Linus Guest");
}

#[test]
fn the_filter_and_the_sort_stay_applied_after_the_changes() {
    let mut state = tracked();
    update(&mut state, ch('/'));
    type_text(&mut state, "dept:finance");
    update(&mut state, press(KeyCode::Enter));
    update(&mut state, ch('s'));
    assert!(shown(&state).is_empty());
    let all = users();
    let round = vec![
        edited(&all[6], |c| c.department = set("Finance")),
        added(51, "Aaron Finance", "aaron", "Finance"),
        edited(&all[0], |c| {
            c.display_name = set("Zoë Zed");
            c.department = set("Finance & Risk");
        }),
    ];
    one_round(&mut state, 0, round, 1);
    assert_eq!(shown(&state), ["Aaron Finance", "Grace Hopper", "Zoë Zed"]);
    assert_eq!(notice(&state), "Refreshed: 1 added, 2 changed, 0 removed");
}

#[test]
fn a_round_of_several_pages_is_followed_to_its_delta_link_and_counted_whole() {
    let mut state = tracked();
    let all = users();
    let next = first_of_two_pages(&mut state);
    assert_eq!(
        list(&state).rows[0].job_title(),
        Some("Countess"),
        "applied at once"
    );
    assert_eq!(
        list(&state).delta,
        Some(link(0)),
        "not before the round ends"
    );
    assert!(!notice(&state).starts_with("Refreshed"));
    update(
        &mut state,
        ok(
            next,
            changes(vec![removed(&all[3])], DeltaNext::Done(link(8))),
        ),
    );
    assert_eq!(notice(&state), "Refreshed: 0 added, 1 changed, 1 removed");
    assert_eq!(list(&state).delta, Some(link(8)));
}

#[test]
fn a_round_that_changes_nothing_says_so() {
    let mut state = tracked();
    // A replay of what the list already shows is no change.
    let replay = edited(&users()[0], |c| c.job_title = set("Engineer"));
    one_round(&mut state, 0, vec![replay], 1);
    assert_eq!(notice(&state), "Refreshed: nothing changed");
}

fn expired() -> GraphError {
    GraphError::DeltaExpired(Box::new(ApiError {
        status: 400,
        code: "syncStateNotFound".to_owned(),
        message: "The sync state generation is not found.".to_owned(),
        request_id: Some("req-7".to_owned()),
        date: None,
        details: Vec::new(),
    }))
}

#[test]
fn an_expired_link_reloads_every_user_and_says_why() {
    let mut state = tracked();
    update(&mut state, ch('j'));
    let id = refresh(&mut state, &link(0));
    let fx = update(&mut state, fail(id, expired()));
    let (page_id, _) = listing(&fx);
    assert!(
        notice(&state).contains("loading every user again"),
        "{}",
        notice(&state)
    );
    assert_eq!(list(&state).delta, None);
    let mut fresh = vec![fixtures::user(60, "Aaron New", "aaron")];
    fresh.extend(users());
    update(&mut state, ok(page_id, page(fresh, None, Some(11))));
    assert_eq!(selected(&state), "José Álvarez Núñez");
    assert!(matches!(state.status.notice, Some(Notice::Success(_))));
    assert!(
        notice(&state).contains("every user loaded again"),
        "{}",
        notice(&state)
    );
    // The new listing's link is the next round's start.
    update(&mut state, ok(page_id + 1, Reply::Tracking(link(5))));
    refresh(&mut state, &link(5));
}

#[test]
fn a_failed_page_keeps_what_arrived_and_the_last_link_and_r_reads_again_from_it() {
    let mut state = tracked();
    let next = first_of_two_pages(&mut state);
    update(
        &mut state,
        fail(next, api_error(503, "serviceNotAvailable", "busy")),
    );
    assert!(
        notice(&state).starts_with("Refreshing users (what changed): 503"),
        "{}",
        notice(&state)
    );
    assert_eq!(
        state.errors.back().map(|e| e.operation),
        Some(Operation::ListChanges)
    );
    assert_eq!(list(&state).rows[0].job_title(), Some("Countess"));
    assert_eq!(list(&state).rows.len(), 10);
    assert_eq!(list(&state).delta, Some(link(0)));
    refresh(&mut state, &link(0));
}

#[test]
fn esc_stops_a_round_and_its_late_answer_is_dropped() {
    let mut state = tracked();
    let id = refresh(&mut state, &link(0));
    let fx = update(&mut state, press(KeyCode::Esc));
    assert_eq!(cancels(&fx), vec![id]);
    update(&mut state, late_removal(id));
    assert_eq!(list(&state).rows.len(), 10);
    assert_eq!(list(&state).delta, Some(link(0)));
}

#[test]
fn a_round_answered_after_a_disconnect_is_dropped() {
    let mut state = tracked();
    let id = refresh(&mut state, &link(0));
    let fx = update(&mut state, ch('X'));
    assert!(cancels(&fx).contains(&id));
    update(&mut state, late_removal(id));
    assert!(state.screens.list().is_none());
    assert!(
        !notice(&state).starts_with("Refreshed"),
        "{}",
        notice(&state)
    );
}

#[test]
fn r_reloads_from_the_first_page_while_pages_remain_or_without_a_link() {
    // Pages remain: a round would miss the users not loaded yet.
    let mut state = tracked_with(users(), Some(fixtures::NEXT_LINK));
    let fx = update(&mut state, ch('r'));
    assert!(
        runs(&fx)
            .iter()
            .any(|(_, op)| matches!(op, Op::ListRows(_)))
    );
    listing(&fx);

    // Graph gave no link: the failure goes to the error history, the status line is left alone.
    let mut state = fixtures::state();
    let page_id = signed_in(&mut state);
    update(&mut state, ok(page_id, page(users(), None, Some(10))));
    let before = notice(&state);
    update(
        &mut state,
        fail(page_id + 1, api_error(501, "NotImplemented", "no delta")),
    );
    assert_eq!(notice(&state), before);
    assert_eq!(
        state.errors.back().map(|e| e.operation),
        Some(Operation::ListChanges)
    );
    let (_, op) = listing(&update(&mut state, ch('r')));
    assert!(matches!(op, Op::ListRows(_)));
}

#[test]
fn a_reload_cancelled_takes_its_link_along() {
    let mut state = tracked();
    let id = refresh(&mut state, &link(0));
    // The link expired: a reload from the top, with a link of its own, which Esc stops.
    let fx = update(&mut state, fail(id, expired()));
    let (page_id, _) = listing(&fx);
    let fx = update(&mut state, press(KeyCode::Esc));
    assert_eq!(
        cancels(&fx),
        vec![page_id, page_id + 1],
        "the page and its link"
    );
    // Its link would not match the rows kept, so r loads from the top again.
    assert_eq!(list(&state).delta, None);
    let (_, op) = listing(&update(&mut state, ch('r')));
    assert!(matches!(op, Op::ListRows(_)));
}
