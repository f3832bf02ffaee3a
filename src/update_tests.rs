//! Reducer tests: every transition, including failures and stale answers, without a terminal
//! or a runtime.

use crossterm::event::KeyCode;

use super::*;
use crate::fixtures::{
    self, api_error, cancels, ch, ctrl, fail, listing, many_users, new_user, notice, ok, one_run,
    page, press, runs, screen_text, shown, streamed, token, untracked, users,
};
use crate::graph::{Change, GraphError, ListQuery, User, UserPatch};
use crate::runtime::worker::{Op, Reply};
use crate::screens::confirm_delete::ConfirmDelete;
use crate::screens::confirm_sign_in::{Ask, ConfirmSignIn};
use crate::screens::connect::Connect;
use crate::screens::created_password::CreatedPassword;
use crate::screens::user_detail::UserDetail;
use crate::screens::user_form::{FormSubmission, UserForm};
use crate::screens::user_list::row::Values;
use crate::screens::user_list::{ListProblem, Row, UserList};
use crate::state::{Notice, Operation};
use crate::ui::status_bar;

const ADMIN: &[&str] = &["User.ReadWrite.All"];
const READER: &[&str] = &["User.Read.All"];

/// Connects with `roles`, answers the first listing with `first`; returns the state.
fn listed(roles: &[&str], first: Reply) -> State {
    let mut state = fixtures::state();
    state.size = (120, 40);
    let (id, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert_eq!(
        op,
        Op::Connect {
            profile: "default".into(),
            config: Box::new(fixtures::client_config())
        }
    );
    let fx = update(&mut state, ok(id, Reply::Connected(Box::new(token(roles)))));
    let (id, op) = listing(&fx);
    assert!(matches!(
        op,
        Op::ListRows(ListQuery {
            count: true,
            search: None,
            ..
        })
    ));
    update(&mut state, ok(id, first));
    untracked(&mut state);
    state
}

fn list(state: &State) -> &UserList {
    state.screens.list().expect("the list is open")
}

/// The selected row's properties, as a `User`.
fn selected(state: &State) -> User {
    list(state)
        .selected_row()
        .map(Row::to_user)
        .expect("a selected row")
}

/// What the list keeps of `user`: its columns.
fn as_listed(user: &User) -> User {
    Row::new(user, &mut Values::default()).to_user()
}

/// The full screen in front (dialogs aside).
fn front(state: &State) -> &'static str {
    match crate::ui::visible(state)[0] {
        crate::screens::Screen::Connect(_) => "connect",
        crate::screens::Screen::UserList(_) => "list",
        crate::screens::Screen::UserDetail(_) => "detail",
        _ => "a dialog",
    }
}

/// A dialog (form, confirmation, password) is open.
fn has_popup(state: &State) -> bool {
    state.screens.top().as_dyn().is_overlay()
}

fn shown_detail(state: &State) -> &UserDetail {
    state
        .screens
        .find::<UserDetail>()
        .expect("the detail is open")
}

fn activity(state: &State) -> Option<String> {
    status_bar::activity(state)
}

// ---- connect ----

#[test]
fn connect_success_opens_the_list_and_loads_with_count() {
    let state = listed(ADMIN, page(users(), None, Some(10)));
    assert_eq!(front(&state), "list");
    assert_eq!(list(&state).rows.len(), 10);
    assert_eq!(list(&state).total, Some(10));
    assert!(state.pending.is_empty());
    assert!(
        notice(&state).contains("User.ReadWrite.All"),
        "{}",
        notice(&state)
    );
}

#[test]
fn connect_failure_stays_on_the_connect_screen_with_the_reason() {
    let mut state = fixtures::state();
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let error = GraphError::Auth(Box::new(crate::graph::AuthError {
        failure: crate::graph::AuthFailure::InvalidSecret,
        status: 401,
        error: "invalid_client".into(),
        aadsts: Some(7_000_215),
        description: "AADSTS7000215: Invalid client secret provided.".into(),
        trace_id: None,
        correlation_id: Some("corr-1".into()),
    }));
    update(&mut state, fail(id, error));
    assert_eq!(front(&state), "connect");
    let shown = state
        .screens
        .find::<Connect>()
        .unwrap()
        .error
        .clone()
        .unwrap()
        .to_string();
    assert!(
        shown.contains("AADSTS7000215") && shown.contains("Secret ID"),
        "{shown}"
    );
    assert!(state.session.is_none() && state.pending.is_empty());
}

#[test]
fn an_app_without_consented_permissions_is_told_what_to_grant() {
    let state = listed(&[], page(Vec::new(), None, Some(0)));
    let said = notice(&state);
    assert!(said.contains("no application permissions"), "{said}");
    assert!(said.contains("grant it User.Read.All"), "{said}");
    assert!(
        matches!(state.status.notice, Some(Notice::Refused(_))),
        "shown as an error"
    );
}

#[test]
fn connect_twice_sends_one_request_and_esc_cancels_it() {
    let mut state = fixtures::state();
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert!(runs(&update(&mut state, press(KeyCode::Enter))).is_empty());
    let fx = update(&mut state, press(KeyCode::Esc));
    assert_eq!(cancels(&fx), vec![id]);
    // The answer arrives anyway (it was in the channel): dropped.
    update(&mut state, ok(id, Reply::Connected(Box::new(token(ADMIN)))));
    assert_eq!(front(&state), "connect");
    assert!(state.session.is_none());
}

#[test]
fn incomplete_settings_block_connecting_and_say_why() {
    let mut state = fixtures::state();
    state.profiles.rows[0].info.problems =
        vec!["client_secret is not set: set AZURE_CLIENT_SECRET".into()];
    let fx = update(&mut state, press(KeyCode::Enter));
    assert!(runs(&fx).is_empty());
    assert!(notice(&state).contains("AZURE_CLIENT_SECRET"));
    assert!(start(&mut state, true).is_empty(), "no auto-connect either");
}

#[test]
fn auto_connect_starts_signing_in() {
    let mut state = fixtures::state();
    let (_, op) = one_run(&start(&mut state, true));
    assert!(matches!(op, Op::Connect { .. }), "{op:?}");
    assert_eq!(activity(&state).as_deref(), Some("Signing in…"));
}

#[test]
fn quit_keys() {
    let mut state = listed(ADMIN, page(users(), None, None));
    assert_eq!(update(&mut state, ch('q')), vec![]);
    assert!(state.quit);
    let mut state = fixtures::state();
    update(&mut state, ctrl('c'));
    assert!(state.quit);
}

// ---- list: moving and infinite scroll ----

#[test]
fn moving_is_clamped_and_keeps_the_cursor_visible() {
    let mut state = listed(ADMIN, page(many_users(0, 100), None, Some(100)));
    state.size = (120, 24);
    update(&mut state, ch('k'));
    assert_eq!(list(&state).selected, 0);
    update(&mut state, ch('G'));
    assert_eq!(list(&state).selected, 99);
    let rows = crate::screens::user_list::table_rows(&state);
    assert_eq!(list(&state).offset, 100 - rows);
    update(&mut state, ch('g'));
    assert_eq!((list(&state).selected, list(&state).offset), (0, 0));
    update(&mut state, press(KeyCode::PageDown));
    assert_eq!(list(&state).selected, rows - 1);
    update(&mut state, press(KeyCode::Down));
    assert_eq!(list(&state).offset, 1);
}

#[test]
fn next_page_is_prefetched_once_before_the_end() {
    let mut state = listed(
        ADMIN,
        page(many_users(0, 100), Some("http://g/next1"), Some(250)),
    );
    let rows = crate::screens::user_list::table_rows(&state);
    // Far from the end: nothing.
    assert!(runs(&update(&mut state, ch('j'))).is_empty());
    // Within a page-height of the end: fetch, once.
    for _ in 0..(100 - rows - 3) {
        update(&mut state, ch('j'));
    }
    let (id, op) = one_run(&update(&mut state, ch('j')));
    assert!(matches!(op, Op::NextPage(ref n) if n.link == "http://g/next1"));
    assert!(
        runs(&update(&mut state, ch('j'))).is_empty(),
        "one page at a time"
    );
    update(
        &mut state,
        ok(id, page(many_users(100, 100), Some("http://g/next2"), None)),
    );
    assert_eq!(list(&state).rows.len(), 200);
    assert_eq!(
        list(&state).total,
        Some(250),
        "the count stays from the first page"
    );
    // G goes to the last loaded user and triggers the next prefetch.
    let (_, op) = one_run(&update(&mut state, ch('G')));
    assert!(matches!(op, Op::NextPage(ref n) if n.link == "http://g/next2"));
    assert_eq!(list(&state).selected, 199);
}

#[test]
fn a_failed_page_shows_the_error_and_keeps_what_is_loaded() {
    let mut state = listed(ADMIN, page(many_users(0, 10), Some("http://g/n"), Some(20)));
    let id = *state
        .pending
        .keys()
        .next()
        .expect("prefetch of a short page");
    update(
        &mut state,
        fail(id, api_error(503, "serviceNotAvailable", "try later")),
    );
    assert_eq!(list(&state).rows.len(), 10);
    assert!(notice(&state).contains("req-42"));
    assert!(list(&state).problem.is_none());
}

#[test]
fn first_page_failure_is_shown_in_the_table() {
    let mut state = fixtures::state();
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let fx = update(&mut state, ok(id, Reply::Connected(Box::new(token(ADMIN)))));
    let (id, _) = listing(&fx);
    update(
        &mut state,
        fail(id, api_error(403, "Authorization_RequestDenied", "nope")),
    );
    let Some(ListProblem::Failed(error)) = &list(&state).problem else {
        panic!("no load error shown: {:?}", list(&state).problem);
    };
    assert!(error.to_string().contains("Authorization_RequestDenied"));
}

#[test]
fn a_success_replaces_the_error_it_supersedes_even_on_an_empty_list() {
    for users_after in [users(), Vec::new()] {
        let mut state = fixtures::state();
        let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
        let fx = update(&mut state, ok(id, Reply::Connected(Box::new(token(ADMIN)))));
        let (id, _) = listing(&fx);
        update(
            &mut state,
            fail(id, api_error(503, "ServiceUnavailable", "busy")),
        );
        assert!(notice(&state).contains("503"));
        let (id, _) = listing(&update(&mut state, ch('r')));
        update(&mut state, ok(id, page(users_after.clone(), None, Some(0))));
        assert!(
            !matches!(state.status.notice, Some(Notice::Failed { .. })),
            "stale: {}",
            notice(&state)
        );
        assert!(list(&state).problem.is_none());
        // The failure is still in the error history, with its request-id.
        assert_eq!(state.errors.len(), 1);
        assert_eq!(state.errors[0].operation, Operation::ListUsers);
        assert_eq!(state.errors[0].error.request_id(), Some("req-42"));
    }
}

#[test]
fn a_success_of_another_operation_leaves_an_error_in_place() {
    let mut state = listed(ADMIN, page(users(), Some("http://g/2"), Some(20)));
    // Ten users fill less than a screen, so the next page is already on its way.
    let more = *state.pending.keys().next().expect("a prefetch");
    update(&mut state, ch('d'));
    let (delete, _) = one_run(&update(&mut state, ch('y')));
    update(
        &mut state,
        fail(delete, api_error(403, "Authorization_RequestDenied", "no")),
    );
    // A page arriving afterwards is not an answer to the delete.
    update(&mut state, ok(more, page(many_users(100, 5), None, None)));
    assert!(
        notice(&state).contains("Deleting a user: 403"),
        "{}",
        notice(&state)
    );
}

#[test]
fn the_error_history_opens_from_anywhere_and_keeps_every_failure() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    for status in [503, 404, 403] {
        let (id, _) = listing(&update(&mut state, ch('r')));
        update(&mut state, fail(id, api_error(status, "Err", "failed")));
    }
    update(&mut state, ch('E'));
    let history = state
        .screens
        .top_as::<crate::screens::error_history::ErrorHistory>()
        .expect("the error history is open");
    assert_eq!(history.selected, 0, "newest first");
    assert_eq!(state.errors.len(), 3);
    assert!(state.errors.iter().all(|e| e.at == fixtures::answered_at()));
    update(&mut state, press(KeyCode::End));
    update(&mut state, press(KeyCode::Down));
    let history = state
        .screens
        .top_as::<crate::screens::error_history::ErrorHistory>()
        .unwrap();
    assert_eq!(history.selected, 2, "stays on the oldest");
    // `E` again does not stack a second history; Esc goes back to the list.
    update(&mut state, ch('E'));
    update(&mut state, press(KeyCode::Esc));
    assert_eq!(front(&state), "list");
    assert!(!has_popup(&state));
}

#[test]
fn users_repeated_within_and_across_pages_are_listed_once() {
    let ada = users()[0].clone();
    // A hostile or broken page: one user 5,000 times, and again on the next page.
    let first = vec![ada.clone(); 5_000];
    let mut state = listed(ADMIN, page(first, Some("http://g/2"), Some(3)));
    assert_eq!(list(&state).rows.len(), 1);
    let more = *state.pending.keys().next().expect("a prefetch");
    let mut second = vec![ada.clone(), users()[1].clone()];
    second.extend(vec![users()[1].clone(); 100]);
    update(&mut state, ok(more, page(second, None, None)));
    let ids: Vec<_> = list(&state).rows.iter().map(Row::id).collect();
    assert_eq!(ids, [ada.id.clone(), users()[1].id.clone()]);
    // Deleting it and creating it again lists it again.
    update(&mut state, ch('d'));
    let (id, _) = one_run(&update(&mut state, ch('y')));
    update(&mut state, ok(id, Reply::Deleted));
    assert_eq!(list(&state).rows.len(), 1);
}

// ---- refresh ----

#[test]
fn refresh_keeps_the_selected_user() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    update(&mut state, ch('j'));
    update(&mut state, ch('j'));
    let chosen = selected(&state).id.clone();
    let (id, op) = listing(&update(&mut state, ch('r')));
    assert!(matches!(op, Op::ListRows(ListQuery { count: true, .. })));
    assert_eq!(activity(&state).as_deref(), Some("Refreshing users…"));
    // Someone was added at the top meanwhile.
    let mut fresh = vec![fixtures::user(99, "Aaron New", "aaron")];
    fresh.extend(users());
    update(&mut state, ok(id, page(fresh, None, Some(11))));
    assert_eq!(selected(&state).id, chosen);
    assert_eq!(list(&state).selected, 3);
}

#[test]
fn refresh_loads_pages_until_the_selected_user_is_back() {
    let mut state = listed(
        ADMIN,
        page(many_users(0, 100), Some("http://g/2"), Some(300)),
    );
    let prefetch = state.pending.keys().copied().collect::<Vec<_>>();
    assert!(prefetch.is_empty());
    update(&mut state, ch('G'));
    let id = *state.pending.keys().next().unwrap();
    update(
        &mut state,
        ok(id, page(many_users(100, 100), Some("http://g/3"), None)),
    );
    // Stand on user 150, then refresh.
    update(&mut state, ch('g'));
    for _ in 0..150 {
        update(&mut state, ch('j'));
    }
    let pending: Vec<_> = state.pending.keys().copied().collect();
    let fx = update(&mut state, ch('r'));
    assert_eq!(cancels(&fx), pending, "the refresh supersedes the prefetch");
    let (id, _) = listing(&fx);
    let fx = update(
        &mut state,
        ok(id, page(many_users(0, 100), Some("http://g/2"), Some(300))),
    );
    let (id, op) = one_run(&fx);
    assert!(matches!(op, Op::NextPage(_)));
    update(
        &mut state,
        ok(id, page(many_users(100, 100), Some("http://g/3"), None)),
    );
    assert_eq!(list(&state).selected, 150);
    assert_eq!(
        list(&state).selected_row().unwrap().display_name(),
        Some("User 0150")
    );
}

// ---- load all (`L`) ----

/// A list of the first 100 of `total` users, with the rest behind `http://g/2`.
fn first_of(total: u64) -> State {
    listed(
        ADMIN,
        page(many_users(0, 100), Some("http://g/2"), Some(total)),
    )
}

/// The one next page these effects ask for, by its link: a page, or every page from it on.
fn next_link(fx: &[Effect]) -> (crate::runtime::worker::RequestId, String) {
    match one_run(fx) {
        (id, Op::NextPage(next) | Op::LoadAll(next)) => (id, next.link),
        (_, op) => panic!("expected a next page: {op:?}"),
    }
}

#[test]
fn load_all_takes_every_page_the_worker_sends_while_the_list_stays_usable() {
    let mut state = first_of(350);
    assert!(state.pending.is_empty(), "a full screen: no prefetch yet");
    let fx = update(&mut state, ch('L'));
    assert!(
        matches!(one_run(&fx).1, Op::LoadAll(_)),
        "the worker pulls every page on its own"
    );
    let (id, link) = next_link(&fx);
    assert_eq!(link, "http://g/2");
    // Moving meanwhile asks for nothing more.
    assert!(runs(&update(&mut state, ch('G'))).is_empty());
    // Pages come as the worker reads them; the load stays one request.
    let fx = update(
        &mut state,
        streamed(id, page(many_users(100, 100), Some("http://g/3"), None), 0),
    );
    assert!(runs(&fx).is_empty());
    assert_eq!(list(&state).rows.len(), 200);
    assert!(
        list(&state).rows.capacity() >= 350,
        "room for every counted user, made once, with the load's first page"
    );
    assert_eq!(list(&state).selected, 99, "the cursor stays where it was");
    // Opening a user does not stop the load.
    update(&mut state, press(KeyCode::Enter));
    assert_eq!(front(&state), "detail");
    update(
        &mut state,
        streamed(id, page(many_users(200, 100), Some("http://g/4"), None), 0),
    );
    update(&mut state, press(KeyCode::Esc));
    assert_eq!(front(&state), "list");
    assert!(
        list(&state).load_all.is_some(),
        "Esc on the detail only went back"
    );
    // The last page ends the load and says so.
    let fx = update(
        &mut state,
        streamed(id, page(many_users(300, 50), None, None), 0),
    );
    assert!(runs(&fx).is_empty());
    let ids: std::collections::HashSet<_> = list(&state).rows.iter().map(Row::id).collect();
    assert_eq!((list(&state).rows.len(), ids.len()), (350, 350));
    assert!(list(&state).load_all.is_none());
    assert_eq!(notice(&state), "Loaded all 350 users (3 more pages)");
    // The worker's word that it is done changes nothing more.
    update(&mut state, ok(id, Reply::AllLoaded));
    assert!(state.pending.is_empty());
    assert_eq!(notice(&state), "Loaded all 350 users (3 more pages)");
}

#[test]
fn load_all_takes_over_a_page_already_on_its_way() {
    // Ten users fill less than a screen, so the next page is being prefetched.
    let mut state = listed(ADMIN, page(users(), Some("http://g/2"), Some(30)));
    let prefetch = *state.pending.keys().next().expect("a prefetch");
    assert!(
        runs(&update(&mut state, ch('L'))).is_empty(),
        "no second request"
    );
    let fx = update(
        &mut state,
        ok(
            prefetch,
            page(many_users(100, 10), Some("http://g/3"), None),
        ),
    );
    assert!(matches!(one_run(&fx).1, Op::LoadAll(_)));
    assert_eq!(next_link(&fx).1, "http://g/3");
    assert_eq!(state.pending.len(), 1);
}

#[test]
fn load_all_with_nothing_left_says_so() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    assert!(runs(&update(&mut state, ch('L'))).is_empty());
    assert_eq!(notice(&state), "All 10 users are loaded");
    assert!(list(&state).load_all.is_none());
}

#[test]
fn esc_stops_load_all_keeps_the_rows_and_drops_the_late_pages() {
    let mut state = first_of(350);
    let (id, _) = next_link(&update(&mut state, ch('L')));
    update(
        &mut state,
        streamed(id, page(many_users(100, 100), Some("http://g/3"), None), 0),
    );
    let fx = update(&mut state, press(KeyCode::Esc));
    assert_eq!(cancels(&fx), vec![id]);
    assert!(list(&state).load_all.is_none());
    assert_eq!(
        notice(&state),
        "Load stopped at 200 of 350 users; L continues"
    );
    // A page already in the channel: dropped, and nothing chained from it.
    let fx = update(
        &mut state,
        streamed(id, page(many_users(200, 100), Some("http://g/4"), None), 0),
    );
    assert!(runs(&fx).is_empty());
    assert_eq!(list(&state).rows.len(), 200);
    // L continues from where it stopped, and the stop message goes.
    assert_eq!(next_link(&update(&mut state, ch('L'))).1, "http://g/3");
    assert_eq!(notice(&state), "");
}

#[test]
fn a_failed_page_stops_load_all_with_the_error_and_keeps_the_rows() {
    let mut state = first_of(350);
    let (id, _) = next_link(&update(&mut state, ch('L')));
    update(
        &mut state,
        streamed(id, page(many_users(100, 100), Some("http://g/3"), None), 0),
    );
    // The client has retried already; this is its last word.
    let fx = update(
        &mut state,
        fail(id, api_error(503, "serviceNotAvailable", "try later")),
    );
    assert!(runs(&fx).is_empty(), "no further page");
    assert!(list(&state).load_all.is_none());
    assert_eq!(list(&state).rows.len(), 200);
    assert!(list(&state).problem.is_none(), "the rows stay on screen");
    assert!(notice(&state).contains("503") && notice(&state).contains("req-42"));
}

#[test]
fn a_search_runs_beside_load_all_and_a_refresh_replaces_it() {
    let mut state = first_of(350);
    let (id, _) = next_link(&update(&mut state, ch('L')));
    update(&mut state, ch('/'));
    fixtures::type_text(&mut state, "ada");
    let generation = list(&state).search.generation;
    let fx = update(&mut state, Msg::SearchDue(generation));
    assert!(cancels(&fx).is_empty(), "the load goes on");
    assert!(state.pending.contains_key(&id));
    assert!(matches!(
        one_run(&fx).1,
        Op::ListUsers(ListQuery {
            search: Some(_),
            ..
        })
    ));
    assert!(list(&state).load_all.is_some());

    let mut state = first_of(350);
    next_link(&update(&mut state, ch('L')));
    update(&mut state, ch('r'));
    assert_eq!(
        notice(&state),
        "Refreshing stopped the load at 100 of 350 users"
    );
}

#[test]
fn load_all_progress_comes_from_the_workers_time_stamps() {
    let mut state = first_of(1000);
    let (id, _) = next_link(&update(&mut state, ch('L')));
    assert_eq!(
        list(&state)
            .load_progress()
            .map(|p| (p.loaded, p.pages, p.rate)),
        Some((100, 0, None))
    );
    // The first page of the load starts the clock: no rate yet.
    update(
        &mut state,
        streamed(id, page(many_users(100, 100), Some("http://g/3"), None), 10),
    );
    let progress = list(&state).load_progress().unwrap();
    assert_eq!(
        (progress.loaded, progress.total, progress.pages),
        (200, Some(1000), 1)
    );
    assert_eq!((progress.rate, progress.left), (None, None));
    // 200 more users 4 seconds later: 50 users/s, 600 left → 12 s.
    update(
        &mut state,
        streamed(id, page(many_users(200, 200), Some("http://g/4"), None), 14),
    );
    let progress = list(&state).load_progress().unwrap();
    assert_eq!((progress.loaded, progress.pages), (400, 2));
    assert_eq!(progress.rate, Some(50.0));
    assert_eq!(progress.left, Some(std::time::Duration::from_secs(12)));
    assert_eq!(progress.ratio(), Some(0.4));
    let load = list(&state).load_all.clone().unwrap();
    assert_eq!(load.start.map(|(_, n)| n), Some(200));
    assert_eq!(
        load.latest,
        Some(fixtures::answered_at() + chrono::TimeDelta::seconds(14))
    );
}

// ---- filter, search, sort ----

/// Opens the box (if needed), replaces its text with `text`; returns the last key's effects.
fn filter_by(state: &mut State, text: &str) -> Vec<Effect> {
    if !list(state).search.focused {
        update(state, ch('/'));
    }
    while !list(state).search.input.value().is_empty() {
        update(state, press(KeyCode::Backspace));
    }
    let mut fx = Vec::new();
    for c in text.chars() {
        fx = update(state, ch(c));
    }
    fx
}

/// Everything listed (no next page), plus José Müller.
fn all_loaded() -> State {
    let mut all = users();
    all.push(fixtures::user(11, "José Müller", "jose.mueller"));
    listed(ADMIN, page(all, None, Some(11)))
}

#[test]
fn typing_filters_the_loaded_rows_at_once_ignoring_case_and_accents() {
    let mut state = all_loaded();
    // Everything is loaded: the filter is the whole answer, and Graph is not asked.
    let fx = filter_by(&mut state, "muller");
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(shown(&state), ["José Müller"]);
    filter_by(&mut state, "jose");
    assert_eq!(shown(&state), ["José Álvarez Núñez", "José Müller"]);
    filter_by(&mut state, "JOSÉ NUNEZ");
    assert_eq!(shown(&state), ["José Álvarez Núñez"]);
    // The UPN finds a name written in another script; CJK is matched as typed.
    filter_by(&mut state, "yamada");
    assert_eq!(shown(&state), ["山田 太郎"]);
    filter_by(&mut state, "研究");
    assert_eq!(shown(&state), ["山田 太郎"]);
    filter_by(&mut state, "angstrom");
    assert_eq!(shown(&state), ["Zoë Ångström"]);
    // Mail and job title count too.
    filter_by(&mut state, "linus@example");
    assert_eq!(shown(&state), ["Linus Guest"]);
    let due = Msg::SearchDue(list(&state).search.generation);
    assert_eq!(
        runs(&update(&mut state, due)),
        [],
        "no Graph search when everything is loaded"
    );
    // Moving and opening act on the shown rows.
    filter_by(&mut state, "jose");
    update(&mut state, press(KeyCode::Enter));
    update(&mut state, ch('j'));
    assert_eq!(selected(&state).label(), "José Müller");
    update(&mut state, ch('j'));
    assert_eq!(selected(&state).label(), "José Müller");
    update(&mut state, press(KeyCode::Enter));
    assert_eq!(shown_detail(&state).user.label(), "José Müller");
}

#[test]
fn field_filters_combine_with_free_text() {
    let mut state = all_loaded();
    filter_by(&mut state, "enabled:no");
    assert_eq!(shown(&state), ["Former Employee"]);
    filter_by(&mut state, "guest");
    assert_eq!(shown(&state), ["Linus Guest"]);
    filter_by(&mut state, "dept:研究 title:主任");
    assert_eq!(shown(&state), ["山田 太郎"]);
    filter_by(&mut state, "member dept:RESEARCH jose");
    assert_eq!(shown(&state), ["José Álvarez Núñez", "José Müller"]);
    filter_by(&mut state, "enabled:yes title:engineer grace");
    assert_eq!(shown(&state), ["Grace Hopper"]);
    // An unknown field is free text, found nowhere here.
    filter_by(&mut state, "site:redmond");
    assert!(shown(&state).is_empty());
    let screen = screen_text(&state);
    assert!(
        screen.contains("None of the 11 loaded users match 'site:redmond'"),
        "{screen}"
    );
}

#[test]
fn while_pages_remain_the_text_also_goes_to_graph_and_its_users_are_merged() {
    let mut state = first_of(350);
    update(&mut state, ch('/'));
    let first = update(&mut state, ch('a'));
    let second = update(&mut state, ch('d'));
    let generation = |fx: &[Effect]| match fx {
        [Effect::Debounce { generation, after }] => {
            assert_eq!(*after, SEARCH_DEBOUNCE);
            *generation
        }
        other => panic!("expected a debounce: {other:?}"),
    };
    let (g1, g2) = (generation(&first), generation(&second));
    assert!(
        shown(&state).is_empty(),
        "filtered at once, before Graph answers"
    );
    assert!(
        runs(&update(&mut state, Msg::SearchDue(g1))).is_empty(),
        "superseded timer"
    );
    let (id, op) = one_run(&update(&mut state, Msg::SearchDue(g2)));
    assert!(
        matches!(op, Op::ListUsers(ListQuery { search: Some(ref s), filter: None, count: true, .. }) if s == "ad")
    );
    assert_eq!(
        activity(&state).as_deref(),
        Some("Searching Graph for 'ad'…")
    );
    let screen = screen_text(&state);
    assert!(
        screen.contains("0 shown · searching Graph + 100 loaded"),
        "{screen}"
    );
    // Its users join the loaded rows, once each, and are filtered with them.
    let ada = fixtures::user(500, "Ada Lovelace", "ada");
    let again = many_users(5, 1);
    update(
        &mut state,
        ok(id, page(vec![ada.clone(), again[0].clone()], None, Some(2))),
    );
    assert_eq!(list(&state).rows.len(), 101);
    assert_eq!(shown(&state), ["Ada Lovelace"]);
    assert_eq!(list(&state).total, Some(350), "still the tenant's count");
    assert!(
        list(&state).next.is_some(),
        "the listing goes on where it was"
    );
    // `q` is text while typing.
    update(&mut state, ch('q'));
    assert!(!state.quit);
}

#[test]
fn field_filters_go_to_graph_as_filter() {
    let mut state = first_of(350);
    filter_by(&mut state, "enabled:no guest dept:O'Neil ada");
    let due = Msg::SearchDue(list(&state).search.generation);
    let (_, op) = one_run(&update(&mut state, due));
    let Op::ListUsers(query) = op else {
        panic!("{op:?}")
    };
    assert_eq!(query.search.as_deref(), Some("ada"));
    assert_eq!(
        query.filter.as_deref(),
        Some(
            "startswith(department,'O''Neil') and accountEnabled eq false and userType eq 'Guest'"
        )
    );
    filter_by(&mut state, "title:eng member");
    let due = Msg::SearchDue(list(&state).search.generation);
    let (_, op) = one_run(&update(&mut state, due));
    assert!(
        matches!(op, Op::ListUsers(ListQuery { search: None, filter: Some(ref f), .. })
        if f == "startswith(jobTitle,'eng') and userType eq 'Member'")
    );
}

#[test]
fn an_older_search_answer_arriving_late_is_dropped() {
    let mut state = first_of(350);
    filter_by(&mut state, "a");
    let g = list(&state).search.generation;
    let (old, _) = one_run(&update(&mut state, Msg::SearchDue(g)));
    update(&mut state, ch('d'));
    let g = list(&state).search.generation;
    let fx = update(&mut state, Msg::SearchDue(g));
    assert_eq!(cancels(&fx), vec![old]);
    let (new, _) = one_run(&fx);
    let ada = fixtures::user(500, "Ada Lovelace", "ada");
    update(&mut state, ok(new, page(vec![ada], None, Some(1))));
    assert_eq!(list(&state).rows.len(), 101);
    // The "a" results arrive after the "ad" ones: ignored.
    update(
        &mut state,
        ok(old, page(many_users(600, 10), None, Some(10))),
    );
    assert_eq!(list(&state).rows.len(), 101);
    assert_eq!(list(&state).search.applied.as_deref(), Some("ad"));
}

#[test]
fn enter_keeps_the_filter_and_esc_clears_it() {
    let mut state = first_of(350);
    // Every word somewhere: "User 0040" to "0049", and user0004@ by its UPN.
    filter_by(&mut state, "user 004");
    assert_eq!(shown(&state).len(), 11);
    // Enter sends at once (no waiting for the timer) and focuses the table.
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert!(!list(&state).search.focused);
    let stale_timer = list(&state).search.generation - 1;
    assert!(runs(&update(&mut state, Msg::SearchDue(stale_timer))).is_empty());
    update(&mut state, ok(id, page(vec![], None, Some(0))));
    assert_eq!(shown(&state).len(), 11);
    // Esc clears: every loaded row again, nothing to ask Graph.
    let fx = update(&mut state, press(KeyCode::Esc));
    assert!(runs(&fx).is_empty());
    assert_eq!(list(&state).search.input.value(), "");
    assert_eq!(list(&state).search.applied, None);
    assert_eq!(shown(&state).len(), 100);
}

#[test]
fn esc_in_the_box_before_the_timer_fires_sends_nothing() {
    let mut state = first_of(350);
    update(&mut state, ch('/'));
    update(&mut state, ch('x'));
    let g = list(&state).search.generation;
    assert!(runs(&update(&mut state, press(KeyCode::Esc))).is_empty());
    assert!(runs(&update(&mut state, Msg::SearchDue(g))).is_empty());
}

#[test]
fn the_selection_stays_on_its_user_while_it_is_shown() {
    let mut state = all_loaded();
    for _ in 0..6 {
        update(&mut state, ch('j'));
    }
    assert_eq!(selected(&state).label(), "Grace Hopper");
    filter_by(&mut state, "r");
    assert_eq!(selected(&state).label(), "Grace Hopper");
    filter_by(&mut state, "ra");
    assert_eq!(selected(&state).label(), "Grace Hopper");
    // Hidden: the cursor stays in range; cleared: back on the same row index.
    filter_by(&mut state, "zzz");
    assert!(list(&state).selected_row().is_none());
    filter_by(&mut state, "grace");
    assert_eq!(selected(&state).label(), "Grace Hopper");
    update(&mut state, press(KeyCode::Esc));
    assert_eq!(selected(&state).label(), "Grace Hopper");
}

#[test]
fn sort_cycles_the_columns_and_reverses() {
    let mut state = all_loaded();
    let first = |state: &State| shown(state)[0].clone();
    update(&mut state, ch('s'));
    assert_eq!(first(&state), "Ada Lovelace");
    assert_eq!(notice(&state), "Sorted by display name ↑");
    let names = shown(&state);
    assert!(
        names
            .windows(2)
            .all(|w| crate::screens::user_list::filter::fold(&w[0])
                <= crate::screens::user_list::filter::fold(&w[1]))
    );
    update(&mut state, ch('S'));
    assert_eq!(notice(&state), "Sorted by display name ↓");
    // Folded text in code point order: CJK after Hebrew and Arabic after Latin.
    assert_eq!(first(&state), "山田 太郎");
    let mut reversed = names.clone();
    reversed.reverse();
    assert_eq!(shown(&state), reversed);
    // The selection follows its user.
    update(&mut state, ch('g'));
    update(&mut state, ch('s'));
    assert_eq!(notice(&state), "Sorted by UPN ↑");
    assert_eq!(selected(&state).label(), "山田 太郎");
    for _ in 0..3 {
        update(&mut state, ch('s'));
    }
    assert_eq!(notice(&state), "Sorted by department ↑");
    // Stable: equal departments keep the loaded order; no department sorts last.
    assert_eq!(first(&state), "Ada Lovelace");
    assert_eq!(
        shown(&state).last().map(String::as_str),
        Some("Linus Guest")
    );
    update(&mut state, ch('s'));
    assert_eq!(notice(&state), "Sorted by type ↑");
    assert_eq!(first(&state), "Linus Guest", "guests first");
    update(&mut state, ch('s'));
    assert_eq!(notice(&state), "Sorted by enabled ↑");
    assert_eq!(
        shown(&state).last().map(String::as_str),
        Some("Former Employee")
    );
    update(&mut state, ch('s'));
    assert_eq!(notice(&state), "In the order Graph listed them");
    assert_eq!(list(&state).sort, None);
    assert_eq!(first(&state), "Ada Lovelace");
    // Filter and sort together.
    update(&mut state, ch('S'));
    filter_by(&mut state, "jose");
    assert_eq!(shown(&state), ["José Müller", "José Álvarez Núñez"]);
}

/// The `$orderby` of each listing `fx` starts.
fn listed_by(fx: &[Effect]) -> Vec<Option<String>> {
    runs(fx)
        .into_iter()
        .filter_map(|(_, op)| match op {
            Op::ListRows(query) | Op::ListUsers(query) => Some(query.order_by),
            _ => None,
        })
        .collect()
}

#[test]
fn sorting_a_partial_list_by_a_column_graph_sorts_lists_again_in_that_order() {
    let mut state = first_of(350);
    let fx = update(&mut state, ch('S'));
    assert_eq!(listed_by(&fx), [Some("displayName desc".to_owned())]);
    assert_eq!(
        notice(&state),
        "Sorted by display name ↓: listing again in that order from Graph"
    );
    let id = runs(&fx)[0].0;
    update(
        &mut state,
        ok(
            id,
            page(many_users(250, 100), Some("http://g/2"), Some(350)),
        ),
    );
    assert_eq!(shown(&state)[0], "User 0349");
    assert_eq!(list(&state).listed_by.as_deref(), Some("displayName desc"));

    // UPN is listed again; mail Graph cannot sort by, so only the loaded rows are sorted.
    let fx = update(&mut state, ch('s'));
    assert_eq!(listed_by(&fx), [Some("userPrincipalName".to_owned())]);
    let fx = update(&mut state, ch('s'));
    assert!(listed_by(&fx).is_empty(), "no $orderby on mail");
    assert_eq!(
        notice(&state),
        "Sorted by mail ↑: sorted the 100 loaded; L loads all"
    );
}

#[test]
fn sorting_a_whole_list_asks_graph_nothing() {
    let mut state = all_loaded();
    let fx = update(&mut state, ch('S'));
    assert!(runs(&fx).is_empty(), "no $orderby");
    assert_eq!(notice(&state), "Sorted by display name ↓");
}

#[test]
fn paste_goes_into_the_search_box() {
    let mut state = first_of(350);
    update(&mut state, ch('/'));
    let fx = update(&mut state, Msg::Paste("user 0042\n".into()));
    assert!(matches!(fx.as_slice(), [Effect::Debounce { .. }]));
    assert_eq!(list(&state).search.input.value(), "user 0042");
    assert_eq!(shown(&state), ["User 0042"]);
}

#[test]
fn the_search_box_takes_one_line_and_at_most_256_characters() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    update(&mut state, ch('/'));
    update(&mut state, Msg::Paste("Ada\nLovelace".into()));
    assert_eq!(list(&state).search.input.value(), "Ada Lovelace");
    update(&mut state, Msg::Paste("z".repeat(10_000)));
    assert_eq!(list(&state).search.input.value().chars().count(), 256);
    assert!(notice(&state).contains("at most 256"), "{}", notice(&state));
    update(&mut state, ch('q'));
    assert_eq!(list(&state).search.input.value().chars().count(), 256);
}

// ---- detail ----

#[test]
fn opening_a_user_shows_list_data_at_once_and_refreshes_it() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    update(&mut state, ch('j'));
    let (id, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let listed_user = users()[1].clone();
    assert_eq!(op, Op::GetUser(listed_user.id.clone()));
    let detail = shown_detail(&state);
    assert_eq!(
        detail.user,
        as_listed(&listed_user),
        "the row's columns at once"
    );
    assert!(!detail.complete);
    let mut fresh = listed_user.clone();
    fresh.job_title = Some("Principal".into());
    update(&mut state, ok(id, Reply::User(Box::new(fresh.clone()))));
    let detail = shown_detail(&state);
    assert_eq!(detail.user, fresh);
    assert!(detail.complete);
    assert_eq!(
        list(&state).rows[1].to_user(),
        as_listed(&fresh),
        "the list row is refreshed too"
    );
}

#[test]
fn a_detail_answer_after_going_back_is_dropped() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let fx = update(&mut state, press(KeyCode::Esc));
    assert_eq!(cancels(&fx), vec![id]);
    assert_eq!(front(&state), "list");
    let mut fresh = users()[0].clone();
    fresh.job_title = Some("Changed".into());
    update(&mut state, ok(id, Reply::User(Box::new(fresh))));
    assert_eq!(front(&state), "list");
    assert_eq!(list(&state).rows[0].job_title(), Some("Engineer"));
}

#[test]
fn a_user_deleted_elsewhere_is_reported_on_its_detail() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    update(
        &mut state,
        fail(id, api_error(404, "Request_ResourceNotFound", "gone")),
    );
    let detail = shown_detail(&state);
    assert!(detail.gone);
    assert!(notice(&state).contains("refresh the list"));
}

#[test]
fn detail_cursor_moves_within_its_rows_and_the_rows_follow_it() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    state.size = (80, 24);
    update(&mut state, press(KeyCode::Enter));
    update(&mut state, ch('G'));
    let detail = shown_detail(&state);
    assert_eq!(
        detail.cursor.0,
        crate::screens::user_detail::Section::Groups
    );
    assert!(detail.offset > 0, "the rows scrolled to the cursor");
    update(&mut state, ch('g'));
    let detail = shown_detail(&state);
    assert_eq!(
        (detail.cursor, detail.offset),
        ((crate::screens::user_detail::Section::Identity, 0), 0)
    );
}

// ---- permissions ----

#[test]
fn a_read_only_app_cannot_start_writes_and_is_told_why() {
    let mut state = listed(READER, page(users(), None, Some(10)));
    for key in ['n', 'e', 'd', 'b', 'R', 'p'] {
        update(&mut state, ch(key));
        assert!(!has_popup(&state), "{key} opened something");
        assert!(
            notice(&state).contains("needs User.ReadWrite.All"),
            "{key}: {}",
            notice(&state)
        );
    }
    assert!(notice(&state).contains("disabled"));
}

#[test]
fn read_only_mode_disables_writes_even_for_an_admin_app() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    state.connect.read_only = true;
    update(&mut state, ch('d'));
    assert!(!has_popup(&state));
    assert!(notice(&state).contains("read-only mode"));
}

// ---- create / edit ----

fn open_form(state: &mut State, key: char) {
    let fx = update(state, ch(key));
    // The edit form opens once the user is read whole: answer with the fixture.
    if let Some((id, Op::GetUser(user_id))) = runs(&fx).pop() {
        let user = users()
            .into_iter()
            .find(|u| u.id == user_id)
            .expect("a fixture user");
        update(state, ok(id, Reply::User(Box::new(user))));
    }
    assert!(
        state.screens.top_as::<UserForm>().is_some(),
        "{key} opened no form"
    );
}

fn submit(state: &mut State, submission: FormSubmission) -> Vec<Effect> {
    let mut fx = Effects::default();
    crate::screens::user_form::submit(state, submission, &mut fx);
    fx.into_vec()
}

#[test]
fn the_create_form_suggests_the_tenant_domain() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    assert_eq!(state.suggested_domain().as_deref(), Some(fixtures::TENANT));
    open_form(&mut state, 'n');
    assert!(state.screens.find::<UserForm>().unwrap().is_create());
}

#[test]
fn a_created_user_is_inserted_and_selected() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    update(&mut state, ch('j'));
    open_form(&mut state, 'n');
    let (id, op) = one_run(&submit(
        &mut state,
        FormSubmission::Create(new_user("Alan Turing", "alan")),
    ));
    assert!(matches!(op, Op::CreateUser(_)));
    assert_eq!(activity(&state).as_deref(), Some("Creating Alan Turing…"));
    let created = fixtures::user(50, "Alan Turing", "alan");
    // Graph's 201 answer lacks accountEnabled and userType: filled in from what was sent.
    let mut answer = created.clone();
    answer.account_enabled = None;
    answer.user_type = None;
    let fx = update(&mut state, ok(id, Reply::Created(Box::new(answer))));
    assert!(!has_popup(&state), "no generated password: nothing to show");
    assert_eq!(selected(&state), as_listed(&created));
    assert_eq!(list(&state).total, Some(11));
    assert_eq!(notice(&state), "Created Alan Turing");
    // Then it is read back; right after a create Graph may not find it yet, which is no error.
    let (read_back, op) = one_run(&fx);
    assert_eq!(op, Op::GetUser(created.id.clone()));
    update(
        &mut state,
        fail(
            read_back,
            api_error(404, "Request_ResourceNotFound", "not yet"),
        ),
    );
    assert_eq!(notice(&state), "Created Alan Turing");
    assert_eq!(selected(&state), as_listed(&created));
}

/// Creates `created` through the form; returns the effects of Graph's answer.
fn create(state: &mut State, created: &User) -> Vec<Effect> {
    open_form(state, 'n');
    let name = created.label().to_owned();
    let (id, _) = one_run(&submit(state, FormSubmission::Create(new_user(&name, "x"))));
    update(state, ok(id, Reply::Created(Box::new(created.clone()))))
}

#[test]
fn a_user_created_while_filtering_is_listed_and_shown_only_if_it_matches() {
    let mut state = all_loaded();
    filter_by(&mut state, "love");
    update(&mut state, press(KeyCode::Enter));
    assert_eq!(shown(&state), ["Ada Lovelace"]);

    // Matches the filter: shown, selected, counted, and read back.
    let match_ = fixtures::user(50, "Grace Lovelace-Hopper", "grace.lh");
    let fx = create(&mut state, &match_);
    assert_eq!(shown(&state), ["Grace Lovelace-Hopper", "Ada Lovelace"]);
    assert_eq!(selected(&state), as_listed(&match_));
    assert_eq!(list(&state).total, Some(12));
    assert_eq!(notice(&state), "Created Grace Lovelace-Hopper");
    assert_eq!(one_run(&fx).1, Op::GetUser(match_.id.clone()));

    // Does not match: listed and counted, but hidden; the status says why.
    update(&mut state, ch('j'));
    let other = fixtures::user(51, "Alan Turing", "alan");
    let fx = create(&mut state, &other);
    assert!(list(&state).row(&other.id).is_some());
    assert_eq!(shown(&state).len(), 2);
    assert_eq!(list(&state).total, Some(13));
    assert_eq!(selected(&state).label(), "Ada Lovelace");
    assert_eq!(
        notice(&state),
        "Created Alan Turing; it does not match 'love', so it is not in these results (Esc \
         clears the search)"
    );
    assert!(
        runs(&fx).is_empty(),
        "nothing to read back for a hidden row"
    );
    update(&mut state, press(KeyCode::Esc));
    assert_eq!(shown(&state).len(), 13);
}

#[test]
fn a_user_created_far_down_the_list_is_shown_at_the_top() {
    let mut state = listed(ADMIN, page(many_users(0, 100), None, Some(100)));
    update(&mut state, press(KeyCode::End));
    let created = fixtures::user(500, "Alan Turing", "alan");
    create(&mut state, &created);
    assert_eq!(list(&state).rows[0].to_user(), as_listed(&created));
    assert_eq!((list(&state).selected, list(&state).offset), (0, 0));
    assert_eq!(list(&state).total, Some(101));
}

#[test]
fn a_generated_password_is_shown_once_after_the_create() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    open_form(&mut state, 'n');
    let fx = update(&mut state, ctrl('g'));
    assert_eq!(
        fx,
        [Effect::GeneratePassword],
        "randomness stays out of the reducer"
    );
    update(
        &mut state,
        Msg::PasswordGenerated("Kx7#mQ2!vB9@pL4z".to_owned().into()),
    );
    let password = state
        .screens
        .find::<UserForm>()
        .unwrap()
        .generated_password()
        .unwrap()
        .to_owned();
    let (id, _) = one_run(&submit(
        &mut state,
        FormSubmission::Create(new_user("Alan", "alan")),
    ));
    let created = fixtures::user(50, "Alan", "alan");
    update(&mut state, ok(id, Reply::Created(Box::new(created))));
    let Some(CreatedPassword {
        upn,
        password: shown,
        ..
    }) = state.screens.top_as::<CreatedPassword>()
    else {
        panic!("no password popup: {:?}", state.screens);
    };
    assert_eq!(upn, &format!("alan@{}", fixtures::TENANT));
    assert_eq!(secrecy::ExposeSecret::expose_secret(shown), password);
    update(&mut state, press(KeyCode::Enter));
    assert!(!has_popup(&state));
}

#[test]
fn a_failed_save_keeps_the_form_and_shows_graphs_message() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    open_form(&mut state, 'n');
    for c in "Alan".chars() {
        update(&mut state, ch(c));
    }
    let (id, _) = one_run(&submit(
        &mut state,
        FormSubmission::Create(new_user("Alan", "ada")),
    ));
    let mut error = api_error(
        400,
        "Request_BadRequest",
        "Another object with the same value for property userPrincipalName already exists.",
    );
    if let GraphError::Api(e) = &mut error {
        e.details = vec![("ObjectConflict".into(), Some("userPrincipalName".into()))];
    }
    update(&mut state, fail(id, error));
    let form = state
        .screens
        .find::<UserForm>()
        .expect("the form stays open");
    assert!(form.is_dirty(), "what was typed is kept");
    assert!(notice(&state).contains("already exists"));
    assert!(state.pending.is_empty());
}

#[test]
fn saving_ignores_keys_and_paste_but_esc() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    open_form(&mut state, 'e');
    let before = format!("{:?}", state.screens.find::<UserForm>().expect("a form"));
    let (id, _) = one_run(&submit(
        &mut state,
        FormSubmission::Update {
            id: users()[0].id.clone(),
            patch: Box::default(),
        },
    ));
    for key in [
        ch('x'),
        press(KeyCode::Tab),
        press(KeyCode::Enter),
        ctrl('s'),
        ch('q'),
    ] {
        assert!(update(&mut state, key).is_empty());
    }
    update(&mut state, Msg::Paste("pasted".into()));
    assert!(!state.quit, "q is not quit while the form is open");
    let form = state.screens.top_as::<UserForm>().expect("the form stays");
    assert_eq!(format!("{form:?}"), before, "nothing moved while saving");
    assert!(!form.is_dirty(), "nothing was typed or pasted while saving");
    assert!(state.pending.contains_key(&id));
}

#[test]
fn esc_while_saving_cancels_the_request_and_keeps_the_form() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    open_form(&mut state, 'e');
    let (id, _) = one_run(&submit(
        &mut state,
        FormSubmission::Update {
            id: users()[0].id.clone(),
            patch: Box::default(),
        },
    ));
    let fx = update(&mut state, press(KeyCode::Esc));
    assert_eq!(cancels(&fx), vec![id]);
    assert!(state.screens.find::<UserForm>().is_some());
    assert!(notice(&state).contains("cancelled"));
    // A late answer changes nothing.
    update(&mut state, ok(id, Reply::Updated));
    assert!(state.screens.find::<UserForm>().is_some());
}

#[test]
fn a_saved_edit_updates_the_list_and_the_detail_in_place() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let (get, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    open_form(&mut state, 'e');
    let patch = UserPatch {
        job_title: Change::Set("Countess".into()),
        display_name: Change::Set("Augusta Ada King".into()),
        ..UserPatch::default()
    };
    let (id, _) = one_run(&submit(
        &mut state,
        FormSubmission::Update {
            id: users()[0].id.clone(),
            patch: Box::new(patch),
        },
    ));
    update(&mut state, ok(id, Reply::Updated));
    assert!(!has_popup(&state));
    assert_eq!(notice(&state), "Saved Augusta Ada King");
    assert_eq!(list(&state).rows[0].job_title(), Some("Countess"));
    let detail = shown_detail(&state);
    assert_eq!(
        detail.user.display_name.as_deref(),
        Some("Augusta Ada King")
    );
    // The detail's background read gave way to the edit's, which completed the detail.
    assert!(!state.pending.contains_key(&get));
    assert!(detail.complete);
}

#[test]
fn e_on_the_list_reads_the_user_then_opens_the_form_with_what_graph_has() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let (id, op) = one_run(&update(&mut state, ch('e')));
    let ada = users()[0].clone();
    assert_eq!(op, Op::GetUser(ada.id.clone()));
    assert!(
        state.screens.top_as::<UserForm>().is_none(),
        "not before the read"
    );
    assert_eq!(
        activity(&state).as_deref(),
        Some("Reading Ada Lovelace to edit…")
    );
    // The row holds no first name; Graph has one, changed meanwhile.
    let mut fresh = ada.clone();
    fresh.given_name = Some("Augusta".into());
    fresh.job_title = Some("Countess".into());
    update(&mut state, ok(id, Reply::User(Box::new(fresh))));
    let form = state.screens.top_as::<UserForm>().expect("the form opens");
    assert_eq!(form.text_of("Given name"), Some("Augusta"));
    assert_eq!(form.text_of("Job title"), Some("Countess"));
    assert_eq!(
        list(&state).rows[0].job_title(),
        Some("Countess"),
        "the row too"
    );
}

#[test]
fn esc_while_reading_for_the_edit_cancels_it() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let (id, _) = one_run(&update(&mut state, ch('e')));
    let fx = update(&mut state, press(KeyCode::Esc));
    assert_eq!(cancels(&fx), vec![id]);
    assert_eq!(notice(&state), "Edit cancelled");
    update(
        &mut state,
        ok(id, Reply::User(Box::new(users()[0].clone()))),
    );
    assert!(
        state.screens.top_as::<UserForm>().is_none(),
        "a late answer opens nothing"
    );
}

#[test]
fn a_dialog_opened_while_reading_for_the_edit_keeps_the_front() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let (id, _) = one_run(&update(&mut state, ch('e')));
    update(&mut state, ch('d'));
    update(
        &mut state,
        ok(id, Reply::User(Box::new(users()[0].clone()))),
    );
    assert!(state.screens.top_as::<ConfirmDelete>().is_some());
    assert!(!state.screens.has::<UserForm>());
}

#[test]
fn e_on_a_detail_that_was_read_opens_the_form_at_once() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let (get, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    update(
        &mut state,
        ok(get, Reply::User(Box::new(users()[0].clone()))),
    );
    assert!(shown_detail(&state).complete);
    let fx = update(&mut state, ch('e'));
    assert!(runs(&fx).is_empty());
    let form = state
        .screens
        .top_as::<UserForm>()
        .expect("the form at once");
    assert_eq!(form.text_of("Mobile phone"), Some("+1 425 555 0100"));
}

#[test]
fn help_while_typing_is_text_but_not_while_reviewing() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    open_form(&mut state, 'n');
    update(&mut state, ch('?'));
    assert!(!state.help);
    update(&mut state, ch('q'));
    assert!(!state.quit, "q is text in a field");
}

// ---- delete ----

#[test]
fn delete_asks_first_then_removes_the_row_without_a_reload() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    update(&mut state, ch('G'));
    update(&mut state, ch('k'));
    let doomed = selected(&state);
    assert!(runs(&update(&mut state, ch('d'))).is_empty());
    let Some(target) = state.screens.top_as::<ConfirmDelete>() else {
        panic!("no confirmation");
    };
    assert_eq!(target.label, doomed.label());
    // A navigation key does nothing in the dialog.
    assert!(runs(&update(&mut state, ch('j'))).is_empty());
    let (id, op) = one_run(&update(&mut state, ch('y')));
    assert_eq!(op, Op::DeleteUser(doomed.id.clone()));
    assert!(
        runs(&update(&mut state, ch('y'))).is_empty(),
        "no double delete"
    );
    update(&mut state, ok(id, Reply::Deleted));
    assert!(!has_popup(&state));
    assert_eq!(list(&state).rows.len(), 9);
    assert!(list(&state).row(&doomed.id).is_none());
    assert_eq!(list(&state).total, Some(9));
    assert_eq!(list(&state).selected, 8, "the cursor stays near");
    assert!(notice(&state).contains("30 days"));
}

#[test]
fn enter_confirms_a_delete_as_y_does() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let ada = list(&state).selected_row().unwrap().to_user();
    update(&mut state, ch('d'));
    let (_, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert_eq!(op, Op::DeleteUser(ada.id));
}

#[test]
fn delete_can_be_declined_and_failures_are_reported() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    update(&mut state, ch('d'));
    update(&mut state, ch('n'));
    assert!(!has_popup(&state));
    assert_eq!(list(&state).rows.len(), 10);
    update(&mut state, ch('d'));
    let (id, _) = one_run(&update(&mut state, ch('y')));
    update(
        &mut state,
        fail(
            id,
            api_error(
                403,
                "Authorization_RequestDenied",
                "Insufficient privileges",
            ),
        ),
    );
    assert!(!has_popup(&state));
    assert_eq!(list(&state).rows.len(), 10);
    assert!(notice(&state).contains("req-42"));
}

#[test]
fn deleting_from_the_detail_returns_to_the_list() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    update(&mut state, press(KeyCode::Enter));
    update(&mut state, ch('d'));
    let (id, _) = one_run(&update(&mut state, ch('y')));
    update(&mut state, ok(id, Reply::Deleted));
    assert_eq!(front(&state), "list");
}

// ---- help, throttling, disconnect ----

#[test]
fn help_scrolls_when_it_does_not_fit_and_opens_at_the_top() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    update(&mut state, ch('?'));
    update(&mut state, ch('j'));
    update(&mut state, press(KeyCode::Down));
    assert_eq!(state.help_scroll, 2);
    update(&mut state, ch('k'));
    assert_eq!(state.help_scroll, 1);
    assert!(state.help, "moving scrolls the help, it does not close it");
    update(&mut state, press(KeyCode::Esc));
    update(&mut state, ch('?'));
    assert_eq!(state.help_scroll, 0);
}

#[test]
fn help_opens_and_closes() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    update(&mut state, ch('?'));
    assert!(state.help);
    update(&mut state, ch('j'));
    assert_eq!(
        list(&state).selected,
        0,
        "keys do not reach the list under help"
    );
    update(&mut state, press(KeyCode::Esc));
    assert!(!state.help);
}

fn throttled(wait_ms: u64, attempt: u32) -> Msg {
    Msg::Worker(WorkerMsg::Notice(crate::graph::ClientNotice::Throttled {
        status: 429,
        wait: std::time::Duration::from_millis(wait_ms),
        attempt,
    }))
}

fn countdowns(fx: &[Effect]) -> Vec<(u64, u64)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Countdown { generation, after } => {
                Some((*generation, after.as_millis() as u64))
            }
            _ => None,
        })
        .collect()
}

fn throttle_text(state: &State) -> Option<String> {
    state
        .status
        .throttled
        .as_ref()
        .map(status_bar::throttle_text)
}

#[test]
fn throttling_counts_down_and_goes_when_the_answer_arrives() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let (id, _) = listing(&update(&mut state, ch('r')));
    let fx = update(&mut state, throttled(2500, 1));
    assert_eq!(
        throttle_text(&state).as_deref(),
        Some("Throttled by Graph (429), retrying in 3s (attempt 1)")
    );
    // The fraction first, so "3s" turns into "2s" when 2 seconds are left.
    let [(generation, 500)] = countdowns(&fx)[..] else {
        panic!("expected a countdown in 500 ms: {fx:?}");
    };
    let fx = update(&mut state, Msg::CountdownDue(generation));
    assert_eq!(
        throttle_text(&state).as_deref(),
        Some("Throttled by Graph (429), retrying in 2s (attempt 1)")
    );
    assert_eq!(countdowns(&fx), [(generation, 1000)]);
    update(&mut state, Msg::CountdownDue(generation));
    assert!(throttle_text(&state).unwrap().contains("retrying in 1s"));
    // At zero the retry is under way: the message goes and no timer is asked for.
    let fx = update(&mut state, Msg::CountdownDue(generation));
    assert_eq!(throttle_text(&state), None);
    assert!(countdowns(&fx).is_empty());

    // Throttled again: a new countdown; the old timer, should it fire, changes nothing.
    let fx = update(&mut state, throttled(2000, 2));
    let [(second, 1000)] = countdowns(&fx)[..] else {
        panic!("expected a countdown in 1 s: {fx:?}");
    };
    assert_ne!(second, generation);
    assert!(countdowns(&update(&mut state, Msg::CountdownDue(generation))).is_empty());
    assert_eq!(
        throttle_text(&state).as_deref(),
        Some("Throttled by Graph (429), retrying in 2s (attempt 2)")
    );
    update(&mut state, ok(id, page(users(), None, Some(10))));
    // The listing's delta link, asked for beside the page, is the last answer.
    let link = crate::graph::DeltaLink(
        "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=x".into(),
    );
    update(&mut state, ok(id + 1, Reply::Tracking(link)));
    assert_eq!(throttle_text(&state), None);
    // A timer left over after the answer does nothing either.
    assert!(countdowns(&update(&mut state, Msg::CountdownDue(second))).is_empty());
    assert_eq!(throttle_text(&state), None);
}

#[test]
fn disconnect_drops_everything_and_returns_to_connect() {
    let mut state = listed(ADMIN, page(many_users(0, 10), Some("http://g/2"), Some(20)));
    let prefetch: Vec<_> = state.pending.keys().copied().collect();
    let fx = update(&mut state, ch('X'));
    assert_eq!(cancels(&fx), prefetch);
    let (id, op) = one_run(&fx);
    assert_eq!(op, Op::Disconnect);
    assert_eq!(front(&state), "connect");
    assert!(state.session.is_none() && state.screens.list().is_none());
    update(&mut state, ok(id, Reply::Disconnected));
    assert!(state.pending.is_empty());
    // A page for the old session arriving late is dropped.
    update(
        &mut state,
        ok(prefetch[0], page(many_users(10, 10), None, None)),
    );
    assert!(state.screens.list().is_none());
}

#[test]
fn esc_aborts_a_listing_in_flight() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let (id, _) = listing(&update(&mut state, ch('r')));
    let fx = update(&mut state, press(KeyCode::Esc));
    // The listing's delta link goes with it: it would not match the rows kept.
    assert_eq!(cancels(&fx), vec![id, id + 1]);
    assert!(notice(&state).contains("cancelled"));
    update(&mut state, ok(id, page(vec![], None, Some(0))));
    assert_eq!(list(&state).rows.len(), 10, "the late answer is dropped");
}

#[test]
fn ticks_and_resizes() {
    let mut state = fixtures::state();
    update(&mut state, Msg::Tick);
    assert_eq!(state.tick, 1);
    update(&mut state, Msg::Resize(100, 30));
    assert_eq!(state.size, (100, 30));
}

// ---- block sign-in, unblock, revoke sessions ----

fn sign_in_dialog(state: &State) -> &ConfirmSignIn {
    state
        .screens
        .top_as::<ConfirmSignIn>()
        .expect("the sign-in dialog is open")
}

fn enabled(state: &State, id: &crate::graph::UserId) -> Option<bool> {
    list(state).row(id).and_then(Row::account_enabled)
}

#[test]
fn block_asks_naming_the_user_then_blocks_and_revokes_its_sessions() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let ada = selected(&state);
    assert!(runs(&update(&mut state, ch('b'))).is_empty());
    let dialog = sign_in_dialog(&state);
    assert_eq!(dialog.target.label, "Ada Lovelace");
    assert_eq!(dialog.ask, Ask::Block { revoke: true }, "revoking is on");
    let (id, op) = one_run(&update(&mut state, ch('y')));
    assert_eq!(
        op,
        Op::SetAccountEnabled {
            id: ada.id.clone(),
            enabled: false
        }
    );
    assert!(runs(&update(&mut state, ch('y'))).is_empty(), "no double");
    let (revoke, op) = one_run(&update(&mut state, ok(id, Reply::Updated)));
    assert_eq!(op, Op::RevokeSessions(ada.id.clone()));
    assert!(!has_popup(&state));
    assert_eq!(
        enabled(&state, &ada.id),
        Some(false),
        "the row shows it at once"
    );
    assert!(notice(&state).contains("Blocked sign-in for Ada Lovelace; revoking"));
    update(
        &mut state,
        fixtures::ok_after(revoke, Reply::SessionsRevoked, 4),
    );
    assert_eq!(
        notice(&state),
        "Blocked sign-in for Ada Lovelace and revoked its sessions at 15:09:30 UTC"
    );
    assert!(state.pending.is_empty());
}

#[test]
fn block_from_the_detail_without_revoking_updates_the_detail_and_the_row() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let ada = selected(&state);
    update(&mut state, press(KeyCode::Enter));
    update(&mut state, ch('b'));
    update(&mut state, ch(' '));
    assert_eq!(sign_in_dialog(&state).ask, Ask::Block { revoke: false });
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert!(runs(&update(&mut state, ok(id, Reply::Updated))).is_empty());
    assert_eq!(front(&state), "detail");
    assert_eq!(shown_detail(&state).user.account_enabled, Some(false));
    assert_eq!(enabled(&state, &ada.id), Some(false));
    assert!(notice(&state).starts_with("Blocked sign-in for Ada Lovelace: tokens already issued"));
    assert!(notice(&state).contains("(R revokes them)"));
}

#[test]
fn a_blocked_user_leaves_an_enabled_yes_filter_at_once() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    update(&mut state, ch('/'));
    for c in "enabled:yes".chars() {
        update(&mut state, ch(c));
    }
    update(&mut state, press(KeyCode::Enter));
    let before = list(&state).shown.len();
    let ada = selected(&state);
    update(&mut state, ch('b'));
    update(&mut state, ch(' '));
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    update(&mut state, ok(id, Reply::Updated));
    assert_eq!(list(&state).shown.len(), before - 1);
    assert!(
        (0..list(&state).shown.len())
            .all(|row| list(&state).shown_row(row).unwrap().id() != ada.id)
    );
}

#[test]
fn b_on_a_blocked_user_asks_to_unblock_it() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    update(&mut state, ch('G'));
    let blocked = selected(&state);
    assert_eq!(blocked.account_enabled, Some(false));
    update(&mut state, ch('b'));
    assert_eq!(sign_in_dialog(&state).ask, Ask::Unblock);
    // No checkbox to toggle here.
    update(&mut state, ch(' '));
    assert_eq!(sign_in_dialog(&state).ask, Ask::Unblock);
    let (id, op) = one_run(&update(&mut state, ch('y')));
    assert_eq!(
        op,
        Op::SetAccountEnabled {
            id: blocked.id.clone(),
            enabled: true
        }
    );
    assert!(runs(&update(&mut state, ok(id, Reply::Updated))).is_empty());
    assert_eq!(enabled(&state, &blocked.id), Some(true));
    assert_eq!(
        notice(&state),
        format!("Unblocked sign-in for {}", blocked.label())
    );
}

#[test]
fn revoke_sessions_asks_then_says_when_it_was_done() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let ada = selected(&state);
    update(&mut state, ch('R'));
    assert_eq!(sign_in_dialog(&state).ask, Ask::Revoke);
    let (id, op) = one_run(&update(&mut state, ch('y')));
    assert_eq!(op, Op::RevokeSessions(ada.id.clone()));
    update(&mut state, ok(id, Reply::SessionsRevoked));
    assert!(!has_popup(&state));
    assert_eq!(
        enabled(&state, &ada.id),
        Some(true),
        "revoking does not block"
    );
    assert!(
        notice(&state).starts_with("Revoked the sessions of Ada Lovelace at 15:09:26 UTC"),
        "{}",
        notice(&state)
    );
}

#[test]
fn the_sign_in_dialogs_can_be_declined_or_cancelled_in_flight() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let ada = selected(&state);
    update(&mut state, ch('b'));
    assert!(runs(&update(&mut state, ch('n'))).is_empty());
    assert!(!has_popup(&state));
    update(&mut state, ch('R'));
    assert!(runs(&update(&mut state, press(KeyCode::Esc))).is_empty());
    assert!(!has_popup(&state));

    update(&mut state, ch('b'));
    let (id, _) = one_run(&update(&mut state, ch('y')));
    assert_eq!(cancels(&update(&mut state, press(KeyCode::Esc))), [id]);
    assert!(!has_popup(&state));
    assert!(notice(&state).contains("cancelled"));
    // A late answer is dropped.
    update(&mut state, ok(id, Reply::Updated));
    assert_eq!(enabled(&state, &ada.id), Some(true));
}

#[test]
fn a_refused_block_keeps_the_row_and_says_what_to_grant() {
    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    let ada = selected(&state);
    update(&mut state, ch('b'));
    let (id, _) = one_run(&update(&mut state, ch('y')));
    let denied = api_error(
        403,
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
    );
    assert!(
        runs(&update(&mut state, fail(id, denied))).is_empty(),
        "no revoke"
    );
    assert!(!has_popup(&state));
    assert_eq!(enabled(&state, &ada.id), Some(true));
    let shown = notice(&state);
    assert!(shown.starts_with("Blocking sign-in: 403"), "{shown}");
    for part in [
        "User.EnableDisableAccount.All",
        "User Administrator",
        "Privileged Authentication Administrator",
        "req-42",
    ] {
        assert!(shown.contains(part), "{part}: {shown}");
    }
    assert_eq!(
        state.errors.back().unwrap().operation,
        Operation::BlockSignIn
    );

    update(&mut state, ch('R'));
    let (id, _) = one_run(&update(&mut state, ch('y')));
    update(&mut state, fail(id, api_error(403, "Forbidden", "No.")));
    assert!(notice(&state).contains("User.RevokeSessions.All"));
}

#[test]
fn block_and_revoke_are_refused_without_the_permission_or_in_read_only_mode() {
    let mut state = listed(READER, page(users(), None, Some(10)));
    update(&mut state, ch('b'));
    assert!(!has_popup(&state));
    assert_eq!(
        notice(&state),
        "Block sign-in (b) is disabled: needs User.ReadWrite.All"
    );
    update(&mut state, ch('R'));
    assert!(!has_popup(&state));
    assert!(notice(&state).starts_with("Revoke sessions (R) is disabled"));

    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    state.connect.read_only = true;
    for key in ['b', 'R'] {
        update(&mut state, ch(key));
        assert!(!has_popup(&state));
        assert!(notice(&state).contains("read-only mode"), "{key}");
    }

    // The narrow permissions allow exactly their own action.
    let mut state = listed(
        &["User.Read.All", "User.EnableDisableAccount.All"],
        page(users(), None, Some(10)),
    );
    update(&mut state, ch('b'));
    assert!(has_popup(&state));
    update(&mut state, press(KeyCode::Esc));
    update(&mut state, ch('R'));
    assert!(!has_popup(&state));
}

#[test]
fn help_lists_block_and_revoke_from_the_keymap_and_why_they_are_off() {
    let state = listed(READER, page(users(), None, Some(10)));
    let help = state.screens.top().as_dyn().help(&state);
    let row = |name: &str| {
        help.rows
            .iter()
            .find(|r| r.name == Some(name))
            .unwrap_or_else(|| panic!("no {name} row"))
            .clone()
    };
    assert_eq!(row("block").keys, "b");
    assert_eq!(row("revoke_sessions").keys, "R");
    assert_eq!(
        row("block").disabled.as_deref(),
        Some("needs User.ReadWrite.All")
    );

    let mut state = listed(ADMIN, page(users(), None, Some(10)));
    update(&mut state, ch('b'));
    let help = state.screens.top().as_dyn().help(&state);
    assert!(help.rows.iter().any(|r| r.name == Some("toggle")));
    update(&mut state, press(KeyCode::Esc));
    update(&mut state, ch('R'));
    let help = state.screens.top().as_dyn().help(&state);
    assert!(!help.rows.iter().any(|r| r.name == Some("toggle")));
}
