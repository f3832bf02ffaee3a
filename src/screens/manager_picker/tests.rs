//! The manager on the detail: the picker (`m`) and the removal (`M`), as the reducer sees
//! them: requests, answers, stale answers, refusals and what the status line says.

use crossterm::event::KeyCode;

use super::*;
use crate::fixtures::{
    self, api_error, ch, connect, fail, notice, ok, one_run, page, press, runs, users,
};
use crate::graph::{ListQuery, User};
use crate::screens::clear_manager::{ClearManager, Found};
use crate::update::{Effect, Msg, update};

const ADMIN: &[&str] = &["User.ReadWrite.All"];

/// Signed in with `roles`, the sample users listed, Ada's detail open.
fn on_ada(roles: &[&str]) -> (State, User) {
    let mut state = fixtures::state();
    state.size = (120, 40);
    let list = connect(&mut state, roles);
    update(&mut state, ok(list, page(users(), None, Some(10))));
    let ada = state.screens.list().unwrap().rows[0].to_user();
    let refresh = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert_eq!(refresh.1, Op::GetUser(ada.id.clone()));
    update(
        &mut state,
        ok(refresh.0, Reply::User(Box::new(ada.clone()))),
    );
    (state, ada)
}

fn grace() -> User {
    users()[6].clone()
}

fn picker(state: &State) -> &ManagerPicker {
    state
        .screens
        .top_as::<ManagerPicker>()
        .expect("the picker is open")
}

/// The debounce timer the effects start, fired.
fn fire(state: &mut State, fx: &[Effect]) -> Vec<Effect> {
    let generation = fx
        .iter()
        .rev()
        .find_map(|e| match e {
            Effect::Debounce { generation, .. } => Some(*generation),
            _ => None,
        })
        .expect("a search is due after the pause");
    update(state, Msg::SearchDue(generation))
}

/// Types `text` into the picker and lets the pause pass: the search request.
fn search(state: &mut State, text: &str) -> (crate::runtime::worker::RequestId, Op) {
    let mut last = Vec::new();
    for c in text.chars() {
        last = update(state, ch(c));
        assert!(runs(&last).is_empty(), "nothing is sent while typing");
    }
    one_run(&fire(state, &last))
}

#[test]
fn m_reads_the_manager_searches_graph_and_sets_the_picked_one() {
    let (mut state, ada) = on_ada(ADMIN);
    let (current, op) = one_run(&update(&mut state, ch('m')));
    assert_eq!(op, Op::GetManager(ada.id.clone()));
    assert_eq!(picker(&state).current, Current::Loading);
    assert_eq!(picker(&state).user.label, "Ada Lovelace");
    update(&mut state, ok(current, Reply::Manager(None)));
    assert_eq!(picker(&state).current, Current::None);

    // `q` and `j` are typed here, not quit or move.
    let (id, op) = search(&mut state, "gjq");
    assert_eq!(
        op,
        Op::ListUsers(ListQuery {
            search: Some("gjq".to_owned()),
            top: Some(state::RESULTS),
            ..ListQuery::default()
        })
    );
    assert!(!state.quit);
    for _ in 0..3 {
        update(&mut state, press(KeyCode::Backspace));
    }
    let (id2, _) = search(&mut state, "gr");
    assert!(
        !state.pending.contains_key(&id),
        "the older search is superseded"
    );
    update(&mut state, ok(id, page(vec![ada.clone()], None, None)));
    assert!(
        picker(&state).results.is_empty(),
        "a stale answer is dropped"
    );
    update(
        &mut state,
        ok(id2, page(vec![grace(), ada.clone()], None, None)),
    );
    assert_eq!(picker(&state).results.len(), 2);
    assert_eq!(picker(&state).answered.as_deref(), Some("gr"));

    // The user itself is listed but cannot be picked, and the picker says why.
    update(&mut state, press(KeyCode::Down));
    assert!(runs(&update(&mut state, press(KeyCode::Enter))).is_empty());
    assert_eq!(
        notice(&state),
        "Ada Lovelace cannot be its own manager: pick someone else"
    );

    update(&mut state, press(KeyCode::Up));
    let (set, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert_eq!(
        op,
        Op::SetManager {
            id: ada.id.clone(),
            manager: grace().id
        }
    );
    assert!(
        runs(&update(&mut state, press(KeyCode::Enter))).is_empty(),
        "no second set while one is on its way"
    );
    assert_eq!(
        crate::ui::status_bar::activity(&state).as_deref(),
        Some("Making Grace Hopper the manager of Ada Lovelace…")
    );
    let (_, reload) = one_run(&update(&mut state, ok(set, Reply::Updated)));
    assert_eq!(
        reload,
        Op::Related {
            id: ada.id.clone(),
            relation: crate::graph::Relation::Manager,
        },
        "the detail reloads"
    );
    assert!(!state.screens.has::<ManagerPicker>());
    assert_eq!(
        notice(&state),
        "Grace Hopper is now the manager of Ada Lovelace"
    );
}

#[test]
fn the_picker_marks_the_current_manager_and_an_emptied_box_forgets_the_results() {
    let (mut state, _) = on_ada(ADMIN);
    let (current, _) = one_run(&update(&mut state, ch('m')));
    update(
        &mut state,
        ok(current, Reply::Manager(Some(Box::new(grace())))),
    );
    assert!(picker(&state).is_current(&grace()));
    let (id, _) = search(&mut state, "g");
    update(&mut state, ok(id, page(vec![grace()], None, None)));
    let fx = update(&mut state, press(KeyCode::Backspace));
    assert!(runs(&fx).is_empty());
    assert!(picker(&state).results.is_empty());
    assert_eq!(picker(&state).answered, None);
    // A pause with nothing typed asks nothing.
    assert!(!fx.iter().any(|e| matches!(e, Effect::Debounce { .. })));
}

#[test]
fn a_refused_manager_keeps_the_picker_and_says_what_to_do() {
    let (mut state, ada) = on_ada(ADMIN);
    update(&mut state, ch('m'));
    let (id, _) = search(&mut state, "grace");
    update(&mut state, ok(id, page(vec![grace()], None, None)));
    let (set, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let gone = api_error(
        404,
        "Request_ResourceNotFound",
        "Resource '00000000-0000-4000-8000-000000000007' does not exist or one of its queried \
         reference-property objects are not present.",
    );
    update(&mut state, fail(set, gone));
    assert!(state.screens.has::<ManagerPicker>(), "the picker stays");
    assert_eq!(picker(&state).search.input.value(), "grace");
    let shown = notice(&state);
    assert!(shown.starts_with("Setting the manager: 404"), "{shown}");
    assert!(shown.contains("no longer exists"), "{shown}");
    assert!(shown.contains("req-42"), "{shown}");

    let (set, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let denied = api_error(
        403,
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
    );
    update(&mut state, fail(set, denied));
    assert!(notice(&state).contains("User.ReadWrite.All"));
    assert_eq!(
        state.errors.back().unwrap().operation,
        Operation::SetManager
    );
    assert_eq!(
        state
            .screens
            .find::<crate::screens::user_detail::UserDetail>()
            .unwrap()
            .user
            .id,
        ada.id
    );
}

#[test]
fn esc_closes_the_picker_and_cancels_a_set_in_flight() {
    let (mut state, _) = on_ada(ADMIN);
    update(&mut state, ch('m'));
    let (id, _) = search(&mut state, "grace");
    update(&mut state, ok(id, page(vec![grace()], None, None)));
    let (set, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let fx = update(&mut state, press(KeyCode::Esc));
    assert!(fixtures::cancels(&fx).contains(&set));
    assert!(
        !state.is_pending(|p| matches!(
            p,
            crate::state::Pending::PickManager(_) | crate::state::Pending::ClearManager(_)
        )),
        "the unanswered read goes too"
    );
    assert!(!state.screens.has::<ManagerPicker>());
    assert!(notice(&state).contains("may already have done it"));
    // Its late answer changes nothing.
    assert!(runs(&update(&mut state, ok(set, Reply::Updated))).is_empty());
}

#[test]
fn m_and_capital_m_are_disabled_without_user_read_write_all_or_in_read_only_mode() {
    for roles in [&["User.Read.All"][..], &["User.ReadUpdate.All"][..]] {
        let (mut state, _) = on_ada(roles);
        assert!(runs(&update(&mut state, ch('m'))).is_empty());
        assert!(!state.screens.has::<ManagerPicker>());
        assert_eq!(
            notice(&state),
            "Set manager (m) is disabled: needs User.ReadWrite.All"
        );
        update(&mut state, ch('M'));
        assert!(!state.screens.has::<ClearManager>());
        assert!(notice(&state).starts_with("Remove manager (M) is disabled"));
    }
    let (mut state, _) = on_ada(ADMIN);
    state.connect.read_only = true;
    update(&mut state, ch('m'));
    assert!(notice(&state).contains("read-only mode"));
    let help = state.screens.top().as_dyn().help(&state);
    let row = help
        .rows
        .iter()
        .find(|r| r.name == Some("set_manager"))
        .unwrap();
    assert_eq!(row.keys, "m");
    assert!(row.disabled.as_deref().unwrap().contains("read-only"));
}

// ---- M: remove the manager ----

fn dialog(state: &State) -> &ClearManager {
    state
        .screens
        .top_as::<ClearManager>()
        .expect("the dialog is open")
}

#[test]
fn capital_m_names_both_people_then_removes_the_manager() {
    let (mut state, ada) = on_ada(ADMIN);
    let (current, op) = one_run(&update(&mut state, ch('M')));
    assert_eq!(op, Op::GetManager(ada.id.clone()));
    assert_eq!(dialog(&state).manager, Found::Loading);
    assert!(
        runs(&update(&mut state, ch('y'))).is_empty(),
        "nothing to confirm before it is known whom"
    );
    update(
        &mut state,
        ok(current, Reply::Manager(Some(Box::new(grace())))),
    );
    assert_eq!(dialog(&state).manager, Found::Some(Person::of(&grace())));
    let (remove, op) = one_run(&update(&mut state, ch('y')));
    assert_eq!(op, Op::RemoveManager(ada.id.clone()));
    assert_eq!(
        crate::ui::status_bar::activity(&state).as_deref(),
        Some("Removing Grace Hopper as the manager of Ada Lovelace…")
    );
    let (_, reload) = one_run(&update(&mut state, ok(remove, Reply::Updated)));
    assert_eq!(
        reload,
        Op::Related {
            id: ada.id.clone(),
            relation: crate::graph::Relation::Manager,
        }
    );
    assert!(!state.screens.has::<ClearManager>());
    assert_eq!(
        notice(&state),
        "Removed Grace Hopper as the manager of Ada Lovelace: it has no manager now"
    );
}

#[test]
fn capital_m_on_a_user_without_a_manager_says_so_and_enter_closes() {
    let (mut state, _) = on_ada(ADMIN);
    let (current, _) = one_run(&update(&mut state, ch('M')));
    update(&mut state, ok(current, Reply::Manager(None)));
    assert_eq!(dialog(&state).manager, Found::None);
    assert!(runs(&update(&mut state, ch('y'))).is_empty());
    assert!(state.screens.has::<ClearManager>());
    update(&mut state, press(KeyCode::Enter));
    assert!(!state.screens.has::<ClearManager>());
}

#[test]
fn a_manager_removed_meanwhile_is_one_actionable_line_and_the_detail_reloads() {
    let (mut state, ada) = on_ada(ADMIN);
    let (current, _) = one_run(&update(&mut state, ch('M')));
    update(
        &mut state,
        ok(current, Reply::Manager(Some(Box::new(grace())))),
    );
    let (remove, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let none = api_error(
        404,
        "Request_ResourceNotFound",
        "Resource 'manager' does not exist or one of its queried reference-property objects are \
         not present.",
    );
    let (_, reload) = one_run(&update(&mut state, fail(remove, none)));
    assert_eq!(
        reload,
        Op::Related {
            id: ada.id.clone(),
            relation: crate::graph::Relation::Manager,
        }
    );
    let shown = notice(&state);
    assert!(shown.starts_with("Removing the manager: 404"), "{shown}");
    assert!(shown.contains("has no manager"), "{shown}");
    assert!(!state.screens.has::<ClearManager>());

    // Esc keeps it, and cancels the read.
    let (current, _) = one_run(&update(&mut state, ch('M')));
    let fx = update(&mut state, press(KeyCode::Esc));
    assert_eq!(fixtures::cancels(&fx), [current]);
    assert!(!state.screens.has::<ClearManager>());
}
