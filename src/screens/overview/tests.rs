//! The overview through the reducer: opening from the list and the prompt, choosing a slice,
//! Enter narrowing the list to it, counting again, and the refusal before connecting.

use crossterm::event::KeyCode;

use super::*;
use crate::fixtures::{self, ch, notice, page, press, type_text, users};
use crate::screens::user_list::UserList;
use crate::update::update;

fn listed() -> State {
    let mut all = users();
    all[1].department = Some("Human Resources".to_owned());
    fixtures::listed_with(&["User.Read.All"], page(all, None, Some(10)))
}

fn overview(state: &State) -> &Overview {
    state.screens.top_as::<Overview>().expect("the overview")
}

fn shown_names(state: &State) -> Vec<String> {
    let list = state.screens.list().unwrap();
    list.shown
        .iter()
        .map(|&i| list.rows[i].label().to_owned())
        .collect()
}

#[test]
fn o_counts_the_loaded_users() {
    let mut state = listed();
    update(&mut state, ch('o'));
    let counts = &overview(&state).stats;
    assert_eq!(counts.loaded, 10);
    assert!(counts.complete, "no next page: these are all the users");
    assert_eq!((counts.members, counts.guests), (9, 1));
    assert_eq!((counts.enabled, counts.disabled), (9, 1));
    assert_eq!(counts.departments[0], ("Research".to_owned(), 7));
    assert_eq!(counts.no_department, 1, "the guest");
}

#[test]
fn enter_on_a_department_narrows_the_list_to_it() {
    let mut state = listed();
    update(&mut state, ch('o'));
    let slices = overview(&state).slices();
    let hr = slices
        .iter()
        .position(|s| *s == Slice::Department("Human Resources".to_owned()))
        .unwrap();
    for _ in 0..hr {
        update(&mut state, press(KeyCode::Down));
    }
    update(&mut state, press(KeyCode::Enter));
    assert!(
        state.screens.top_as::<UserList>().is_some(),
        "back on the list"
    );
    let list = state.screens.list().unwrap();
    assert_eq!(list.search.input.value(), "dept:\"Human Resources\"");
    assert_eq!(shown_names(&state), ["José Álvarez Núñez"]);
}

#[test]
fn enter_on_guests_or_disabled_uses_the_field_filters() {
    let mut state = listed();
    update(&mut state, ch('o'));
    update(&mut state, press(KeyCode::Down)); // Guests
    update(&mut state, press(KeyCode::Enter));
    assert_eq!(shown_names(&state), ["Linus Guest"]);
    update(&mut state, ch('o'));
    for _ in 0..3 {
        update(&mut state, press(KeyCode::Down));
    }
    assert_eq!(overview(&state).selected_slice(), Some(Slice::Disabled));
    update(&mut state, press(KeyCode::Enter));
    assert_eq!(shown_names(&state), ["Former Employee"]);
}

#[test]
fn r_counts_again_and_esc_goes_back() {
    let mut state = listed();
    update(&mut state, ch('o'));
    // Something changed in the list meanwhile (a page, a block).
    let list = state.screens.list_mut().unwrap();
    let first = list.rows[0].id();
    list.update_row(&first, |u| u.account_enabled = Some(false));
    assert_eq!(overview(&state).stats.disabled, 1, "counted when opened");
    update(&mut state, ch('r'));
    assert_eq!(overview(&state).stats.disabled, 2);
    update(&mut state, press(KeyCode::Esc));
    assert!(state.screens.top_as::<UserList>().is_some());
}

#[test]
fn the_prompt_opens_it_and_users_closes_it() {
    let mut state = listed();
    update(&mut state, ch(':'));
    type_text(&mut state, "overview");
    update(&mut state, press(KeyCode::Enter));
    assert!(state.screens.top_as::<Overview>().is_some());
    update(&mut state, ch(':'));
    type_text(&mut state, "users");
    update(&mut state, press(KeyCode::Enter));
    assert!(state.screens.top_as::<UserList>().is_some());
}

#[test]
fn before_connecting_it_says_to_connect_first() {
    let mut state = fixtures::state();
    update(&mut state, ch(':'));
    type_text(&mut state, "overview");
    update(&mut state, press(KeyCode::Enter));
    assert!(state.screens.top_as::<Overview>().is_none());
    assert_eq!(
        notice(&state),
        "The user list needs a connection: press Enter to connect first"
    );
}

/// The ids of the sign-in counts `fx` asks for.
fn sign_in_counts(fx: &[crate::effect::Effect]) -> Vec<crate::runtime::worker::RequestId> {
    fixtures::runs(fx)
        .into_iter()
        .filter(|(_, op)| *op == Op::CountSignInAges)
        .map(|(id, _)| id)
        .collect()
}

#[test]
fn the_overview_counts_every_users_last_sign_in_where_the_app_may() {
    let mut state = fixtures::listed_with(
        &["User.Read.All", "AuditLog.Read.All"],
        page(users(), None, Some(10)),
    );
    let fx = update(&mut state, ch('o'));
    let [id] = sign_in_counts(&fx)[..] else {
        panic!("one count asked: {fx:?}")
    };
    assert_eq!(overview(&state).sign_ins, SignIns::Counting);
    let ages = crate::graph::SignInAges {
        users: 2_000,
        stale: 312,
        never: 45,
    };
    update(&mut state, fixtures::ok(id, Reply::SignInAges(ages)));
    assert_eq!(overview(&state).sign_ins, SignIns::Counted(ages));

    // r counts again; a tenant without P1/P2 says so.
    let fx = update(&mut state, ch('r'));
    let [id] = sign_in_counts(&fx)[..] else {
        panic!("counted again: {fx:?}")
    };
    let error = fixtures::api_error(
        403,
        "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
        "Neither tenant is B2C or tenant doesn't have premium license",
    );
    update(&mut state, fixtures::fail(id, error));
    let SignIns::Unavailable(why) = &overview(&state).sign_ins else {
        panic!("{:?}", overview(&state).sign_ins)
    };
    assert!(why.contains("P1 or P2"), "{why}");
}

#[test]
fn without_audit_log_the_overview_says_why_and_asks_nothing() {
    let mut state = listed();
    let fx = update(&mut state, ch('o'));
    assert!(sign_in_counts(&fx).is_empty());
    let SignIns::Unavailable(why) = &overview(&state).sign_ins else {
        panic!("{:?}", overview(&state).sign_ins)
    };
    assert!(why.contains("AuditLog.Read.All"), "{why}");
    let fx = update(&mut state, ch('r'));
    assert!(sign_in_counts(&fx).is_empty());
}
