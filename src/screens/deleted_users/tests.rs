//! The deleted users screen and its dialogs through the reducer: opening, paging, search,
//! restore (success, conflict), the typed purge confirmation, read-only refusal and stale
//! answers.

use chrono::Duration;
use crossterm::event::KeyCode;

use super::*;
use crate::fixtures::{
    self, answered_at, api_error, ch, deleted_user, deleted_users, fail, many_users, notice, ok,
    one_run, page, press, runs, token, type_text, users,
};
use crate::graph::{ApiError, ListQuery};
use crate::runtime::worker::{Op, RequestId};
use crate::screens::confirm_purge::ConfirmPurge;
use crate::screens::confirm_restore::ConfirmRestore;
use crate::screens::user_list::UserList;
use crate::update::{Effect, Msg, update};

const ADMIN: &[&str] = &["User.ReadWrite.All"];
const READER: &[&str] = &["User.Read.All"];

/// Signed in with `roles`, the user list loaded; then `D` with its listing request.
fn opened(roles: &[&str]) -> (State, RequestId) {
    let mut state = fixtures::state();
    state.size = (120, 40);
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let fx = update(&mut state, ok(id, Reply::Connected(Box::new(token(roles)))));
    let (id, _) = fixtures::listing(&fx);
    update(&mut state, ok(id, page(users(), None, Some(10))));
    fixtures::untracked(&mut state);
    let (id, op) = one_run(&update(&mut state, ch('D')));
    assert_eq!(
        op,
        Op::ListDeletedUsers(ListQuery {
            count: true,
            ..ListQuery::default()
        })
    );
    (state, id)
}

fn listed(roles: &[&str]) -> State {
    let (mut state, id) = opened(roles);
    update(&mut state, ok(id, page(deleted_users(), None, Some(5))));
    state
}

fn screen(state: &State) -> &DeletedUsers {
    state.screens.find().expect("the deleted users are open")
}

fn list(state: &State) -> &UserList {
    state.screens.list().expect("the user list is open")
}

fn conflict() -> GraphError {
    GraphError::Api(Box::new(ApiError {
        status: 400,
        code: "Request_BadRequest".into(),
        message:
            "Another object with the same value for property userPrincipalName already exists."
                .into(),
        request_id: Some("req-7".into()),
        date: None,
        details: vec![("ObjectConflict".into(), Some("userPrincipalName".into()))],
    }))
}

#[test]
fn d_opens_the_deleted_users_with_their_original_upns() {
    let (state, _) = opened(ADMIN);
    assert!(state.screens.top_as::<DeletedUsers>().is_some());
    assert!(!screen(&state).loaded);
    let state = listed(ADMIN);
    let screen = screen(&state);
    assert_eq!(screen.users.len(), 5);
    assert_eq!(screen.total, Some(5));
    assert_eq!(screen.as_of, Some(answered_at()), "the worker's time, kept");
    assert_eq!(
        Target::of(&screen.users[0]).upn,
        format!("ada@{}", fixtures::TENANT)
    );
}

#[test]
fn d_works_from_the_detail_and_esc_goes_back_there() {
    let mut state = listed(ADMIN);
    update(&mut state, press(KeyCode::Esc));
    assert!(state.screens.top_as::<UserList>().is_some());
    update(&mut state, press(KeyCode::Enter));
    let fx = update(&mut state, ch('D'));
    assert!(
        runs(&fx)
            .iter()
            .any(|(_, op)| matches!(op, Op::ListDeletedUsers(_)))
    );
    update(&mut state, press(KeyCode::Esc));
    assert!(
        state
            .screens
            .top_as::<crate::screens::user_detail::UserDetail>()
            .is_some()
    );
}

#[test]
fn pages_load_before_the_cursor_reaches_the_end() {
    let (mut state, id) = opened(ADMIN);
    update(
        &mut state,
        ok(
            id,
            page(many_users(100, 60), Some(fixtures::NEXT_LINK), Some(90)),
        ),
    );
    assert!(runs(&update(&mut state, press(KeyCode::Down))).is_empty());
    let fx = update(&mut state, ch('G'));
    let (next, op) = one_run(&fx);
    assert!(matches!(op, Op::NextPage(_)));
    // No second fetch while one is under way.
    assert!(runs(&update(&mut state, press(KeyCode::Up))).is_empty());
    update(&mut state, ok(next, page(many_users(160, 30), None, None)));
    assert_eq!(screen(&state).users.len(), 90);
    assert!(screen(&state).next.is_none());
}

#[test]
fn search_is_debounced_and_esc_clears_it_then_goes_back() {
    let mut state = listed(ADMIN);
    update(&mut state, ch('/'));
    type_text(&mut state, "ada");
    assert_eq!(
        screen(&state).search.input.value(),
        "ada",
        "letters are typed"
    );
    let generation = screen(&state).search.generation;
    // A stale timer does nothing; the current one searches.
    assert!(runs(&update(&mut state, Msg::SearchDue(generation - 1))).is_empty());
    let (id, op) = one_run(&update(&mut state, Msg::SearchDue(generation)));
    assert_eq!(
        op,
        Op::ListDeletedUsers(ListQuery {
            search: Some("ada".into()),
            count: true,
            ..ListQuery::default()
        })
    );
    let ada = deleted_users().remove(0);
    update(&mut state, ok(id, page(vec![ada], None, Some(1))));
    assert_eq!(screen(&state).search.applied.as_deref(), Some("ada"));
    // Enter keeps it (nothing new to load); Esc clears it and lists everyone.
    assert!(runs(&update(&mut state, press(KeyCode::Enter))).is_empty());
    let (id, op) = one_run(&update(&mut state, press(KeyCode::Esc)));
    assert!(matches!(
        op,
        Op::ListDeletedUsers(ListQuery { search: None, .. })
    ));
    assert!(state.screens.top_as::<DeletedUsers>().is_some());
    update(&mut state, ok(id, page(deleted_users(), None, Some(5))));
    assert!(!screen(&state).search.visible());
    // Esc again leaves, cancelling a listing under way.
    update(&mut state, ch('r'));
    let fx = update(&mut state, press(KeyCode::Esc));
    assert_eq!(fixtures::cancels(&fx).len(), 1);
    assert!(!state.screens.has::<DeletedUsers>());
}

#[test]
fn r_refreshes_keeping_the_selected_user() {
    let mut state = listed(ADMIN);
    update(&mut state, press(KeyCode::Down));
    update(&mut state, press(KeyCode::Down));
    let (id, _) = one_run(&update(&mut state, ch('r')));
    let mut fresh = deleted_users();
    fresh.remove(0);
    update(&mut state, ok(id, page(fresh, None, Some(4))));
    let screen = screen(&state);
    assert_eq!(screen.selected_user().map(User::label), Some("山田 太郎"));
    assert_eq!(notice(&state), "Refreshed");
}

#[test]
fn restore_asks_then_puts_the_user_back_in_the_list() {
    let mut state = listed(ADMIN);
    let before = list(&state).rows.len();
    assert!(runs(&update(&mut state, ch('u'))).is_empty(), "asks first");
    let dialog = state.screens.top_as::<ConfirmRestore>().expect("asks");
    assert_eq!(dialog.target.label, "Ada Lovelace");
    assert_eq!(dialog.target.upn, format!("ada@{}", fixtures::TENANT));
    // n keeps it deleted; u and Enter restore.
    update(&mut state, ch('n'));
    assert!(!state.screens.has::<ConfirmRestore>());
    update(&mut state, ch('u'));
    let (id, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let ada = screen(&state).users[0].clone();
    assert_eq!(op, Op::RestoreUser(ada.id.clone()));
    // Graph answers with its default properties and the UPN the user has again.
    let answer = User {
        id: ada.id.clone(),
        display_name: ada.display_name.clone(),
        user_principal_name: Some(format!("ada@{}", fixtures::TENANT)),
        ..User::default()
    };
    update(&mut state, ok(id, Reply::Restored(Box::new(answer))));
    assert!(!state.screens.has::<ConfirmRestore>());
    assert_eq!(screen(&state).users.len(), 4);
    assert_eq!(screen(&state).total, Some(4));
    assert_eq!(notice(&state), "Restored Ada Lovelace");
    let list = list(&state);
    assert_eq!(list.rows.len(), before + 1);
    let back = list.rows[0].to_user();
    assert_eq!(back.id, ada.id);
    assert_eq!(back.upn(), format!("ada@{}", fixtures::TENANT));
    assert_eq!(
        back.account_enabled,
        Some(true),
        "the listed copy's properties"
    );
    assert!(back.deleted_date_time.is_none());
}

#[test]
fn a_restore_over_a_taken_upn_says_what_to_do() {
    let mut state = listed(ADMIN);
    update(&mut state, ch('u'));
    let (id, _) = one_run(&update(&mut state, ch('y')));
    update(&mut state, fail(id, conflict()));
    assert!(!state.screens.has::<ConfirmRestore>());
    let line = notice(&state);
    assert!(
        line.contains("a live user now has this UPN")
            && line.contains("rename or delete that one first, then restore")
            && line.contains("ada@"),
        "{line}"
    );
    assert_eq!(screen(&state).users.len(), 5, "still deleted, still listed");
    assert_eq!(
        state.errors.len(),
        1,
        "the request-id is in the error history"
    );
    // Without the details, Graph's documented message is recognised too.
    let GraphError::Api(mut bare) = conflict() else {
        unreachable!()
    };
    bare.details.clear();
    assert_eq!(
        restore_conflict(&GraphError::Api(bare)),
        Some(Conflict::Upn)
    );
    assert_eq!(restore_conflict(&api_error(400, "x", "bad")), None);
}

#[test]
fn purge_needs_the_upn_or_name_typed_exactly() {
    let mut state = listed(ADMIN);
    update(&mut state, press(KeyCode::Down));
    update(&mut state, ch('P'));
    let dialog = state.screens.top_as::<ConfirmPurge>().expect("asks");
    assert_eq!(dialog.target.label, "José Álvarez Núñez");
    // Letters are typed, not actions: `n`, `q` and `y` do not close or confirm.
    type_text(&mut state, "jose.alvarez@contoso.onmicrosoft.co");
    assert!(state.screens.has::<ConfirmPurge>());
    assert!(!state.quit);
    assert!(runs(&update(&mut state, press(KeyCode::Enter))).is_empty());
    type_text(&mut state, "m");
    let (id, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let jose = screen(&state).users[1].id.clone();
    assert_eq!(op, Op::PurgeUser(jose.clone()));
    update(&mut state, ok(id, Reply::Purged));
    assert!(!state.screens.has::<ConfirmPurge>());
    assert!(screen(&state).users.iter().all(|u| u.id != jose));
    assert_eq!(notice(&state), "Permanently deleted José Álvarez Núñez");

    // The display name works too, pasted; Esc keeps the user.
    update(&mut state, ch('P'));
    let name = screen(&state).selected_user().unwrap().label().to_owned();
    update(&mut state, Msg::Paste(name));
    assert!(
        state
            .screens
            .top_as::<ConfirmPurge>()
            .is_some_and(ConfirmPurge::matches)
    );
    update(&mut state, press(KeyCode::Esc));
    assert!(!state.screens.has::<ConfirmPurge>());
    assert_eq!(screen(&state).users.len(), 4);
}

#[test]
fn writes_are_refused_without_the_permission_or_in_read_only_mode() {
    let mut state = listed(READER);
    for key in ['u', 'P'] {
        let fx = update(&mut state, ch(key));
        assert!(runs(&fx).is_empty());
        assert!(
            state.screens.top_as::<DeletedUsers>().is_some(),
            "no dialog"
        );
        assert!(
            notice(&state).contains("needs User.ReadWrite.All"),
            "{}",
            notice(&state)
        );
    }
    let mut state = listed(ADMIN);
    state.connect.read_only = true;
    update(&mut state, ch('u'));
    assert!(notice(&state).contains("Restore (u) is disabled: read-only mode"));
    update(&mut state, ch('P'));
    assert!(notice(&state).contains("Delete for good (P) is disabled"));
    assert!(state.screens.top_as::<DeletedUsers>().is_some());
}

#[test]
fn stale_and_cancelled_answers_are_dropped() {
    // A listing superseded by a search: its answer changes nothing.
    let (mut state, first) = opened(ADMIN);
    update(&mut state, ch('/'));
    type_text(&mut state, "zz");
    let generation = screen(&state).search.generation;
    let (second, _) = one_run(&update(&mut state, Msg::SearchDue(generation)));
    update(&mut state, ok(first, page(deleted_users(), None, Some(5))));
    assert!(screen(&state).users.is_empty());
    update(&mut state, ok(second, page(vec![], None, Some(0))));
    assert!(screen(&state).loaded);

    // The screen closed before its answer: nothing breaks, nothing shows.
    let (mut state, id) = opened(ADMIN);
    update(&mut state, press(KeyCode::Esc));
    update(&mut state, ok(id, page(deleted_users(), None, Some(5))));
    assert!(!state.screens.has::<DeletedUsers>());

    // A restore cancelled with Esc: its late answer neither removes the row nor says restored.
    let mut state = listed(ADMIN);
    update(&mut state, ch('u'));
    let (id, _) = one_run(&update(&mut state, ch('y')));
    let fx = update(&mut state, press(KeyCode::Esc));
    assert!(fx.contains(&Effect::Send(crate::runtime::worker::Command::Cancel(id))));
    let ada = screen(&state).users[0].clone();
    update(&mut state, ok(id, Reply::Restored(Box::new(ada))));
    assert_eq!(screen(&state).users.len(), 5);
    assert!(notice(&state).starts_with("Restore cancelled"));
}

#[test]
fn a_failed_listing_shows_in_place_of_the_table() {
    let (mut state, id) = opened(ADMIN);
    update(
        &mut state,
        fail(id, api_error(403, "Authorization_RequestDenied", "no")),
    );
    assert!(matches!(
        screen(&state).problem,
        Some(crate::screens::user_list::ListProblem::Failed(_))
    ));
    assert!(notice(&state).starts_with("Loading deleted users: 403"));
    let _ = deleted_user(1, "x", "x", Duration::days(1));
}
