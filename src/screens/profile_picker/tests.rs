//! `T`, `:tenant` and what a switch drops: the picker's keys, a switch's requests, and the
//! old profile's answers arriving after it.

use crossterm::event::KeyCode;

use super::ProfilePicker;
use crate::fixtures::{
    self, NEXT_LINK, cancels, ch, key, many_users, notice, ok, page, request, runs, shown,
    type_text,
};
use crate::graph::Organization;
use crate::runtime::worker::{Op, Reply, RequestId};
use crate::screens::connect::Connect;
use crate::state::{Pending, State};
use crate::update::update;

const ROLES: &[&str] = &["User.ReadWrite.All"];

fn token() -> Reply {
    Reply::Connected(Box::new(fixtures::token(ROLES)))
}

/// Connected to profile `contoso` of [`fixtures::profiles`] (contoso ready, fabrikam missing
/// its secret, lab ready), its first page answered with `users` and a nextLink.
fn on_contoso(users: Vec<crate::graph::User>) -> State {
    let mut state = fixtures::profiles_state();
    state.size = (120, 40);
    let id = fixtures::connect(&mut state, ROLES);
    update(&mut state, ok(id, page(users, Some(NEXT_LINK), Some(5000))));
    assert_eq!(state.connect.name, "contoso");
    state
}

fn picker(state: &State) -> Option<&ProfilePicker> {
    state.screens.top_as::<ProfilePicker>()
}

/// The profile names the picker shows.
fn listed(state: &State) -> Vec<String> {
    let picker = picker(state).expect("the picker is open");
    super::shown(state, picker)
        .into_iter()
        .map(|i| state.profiles.rows[i].name.clone())
        .collect()
}

/// The one sign-in these effects start: its id and profile.
fn sign_in(fx: &[crate::update::Effect]) -> (RequestId, String) {
    let connects: Vec<(RequestId, String)> = runs(fx)
        .into_iter()
        .filter_map(|(id, op)| match op {
            Op::Connect { profile, .. } => Some((id, profile)),
            _ => None,
        })
        .collect();
    assert_eq!(connects.len(), 1, "one sign-in: {fx:?}");
    connects[0].clone()
}

#[test]
fn t_opens_the_picker_on_the_current_profile_and_typing_filters_it() {
    let mut state = on_contoso(fixtures::users());
    update(&mut state, ch('T'));
    assert_eq!(listed(&state), ["contoso", "fabrikam", "lab"]);
    assert_eq!(
        picker(&state).unwrap().selected,
        0,
        "on the current profile"
    );
    // Letters are typed, not taken as keys: `l` `a` filter to lab.
    type_text(&mut state, "la");
    assert_eq!(listed(&state), ["lab"]);
    key(&mut state, KeyCode::Backspace);
    key(&mut state, KeyCode::Backspace);
    key(&mut state, KeyCode::Down);
    assert_eq!(picker(&state).unwrap().selected, 1);
    key(&mut state, KeyCode::Esc);
    assert!(picker(&state).is_none(), "Esc closes it");
    assert!(state.session.is_some(), "and changes nothing");
}

#[test]
fn enter_switches_dropping_everything_of_the_profile_left() {
    let mut state = on_contoso(fixtures::users());
    let in_flight: Vec<RequestId> = state.pending.keys().copied().collect();
    assert!(!in_flight.is_empty(), "the delta link is still being read");
    update(&mut state, ch('T'));
    type_text(&mut state, "lab");
    let fx = key(&mut state, KeyCode::Enter);
    let (id, profile) = sign_in(&fx);
    assert_eq!(profile, "lab");
    for old in in_flight {
        assert!(cancels(&fx).contains(&old), "{old} cancelled");
    }
    assert_eq!(state.connect.name, "lab");
    assert!(state.session.is_none());
    assert!(state.screens.top_as::<Connect>().is_some(), "signing in");
    assert_eq!(
        state.pending.values().collect::<Vec<_>>(),
        [&Pending::Connect]
    );
    // The sign-in goes on as from the connect screen: the list of lab.
    let fx = update(&mut state, ok(id, token()));
    assert!(
        runs(&fx)
            .iter()
            .any(|(_, op)| matches!(op, Op::ListRows(_)))
    );
    assert!(state.screens.list().is_some());
}

#[test]
fn a_switch_in_the_middle_of_a_load_drops_the_old_tenants_pages() {
    let contoso = many_users(0, 30);
    let mut state = on_contoso(contoso.clone());
    // L: every page, back to back; the next page of contoso is on its way.
    update(&mut state, ch('L'));
    let track = Pending::List(crate::screens::user_list::Load::Track);
    let contoso_page = *state
        .pending
        .iter()
        .find(|(_, p)| matches!(p, Pending::List(_)) && **p != track)
        .expect("contoso's next page is on its way")
        .0;
    update(&mut state, ch('T'));
    type_text(&mut state, "lab");
    let (connect_id, _) = sign_in(&key(&mut state, KeyCode::Enter));
    // contoso's page arrives after the switch, before lab has signed in: dropped.
    let late = update(
        &mut state,
        ok(
            contoso_page,
            page(many_users(30, 30), Some(NEXT_LINK), None),
        ),
    );
    assert!(
        late.is_empty(),
        "no next page asked for the old tenant: {late:?}"
    );
    assert!(state.screens.list().is_none());
    assert!(state.screens.top_as::<Connect>().is_some());
    // lab signs in and lists its own users.
    let fx = update(&mut state, ok(connect_id, token()));
    let lab_first = request(&fx);
    let mut lab_user = fixtures::user(900, "Lab Tester", "tester");
    lab_user.user_principal_name = Some("tester@lab.example".to_owned());
    update(
        &mut state,
        ok(lab_first, page(vec![lab_user], None, Some(1))),
    );
    // contoso's page arrives again (a retry finishing late): still dropped.
    update(
        &mut state,
        ok(contoso_page, page(many_users(60, 30), None, None)),
    );
    assert_eq!(shown(&state), ["Lab Tester"]);
    let names: Vec<String> = contoso.iter().map(|u| u.label().to_owned()).collect();
    assert!(shown(&state).iter().all(|n| !names.contains(n)));
}

#[test]
fn a_profile_that_cannot_connect_or_the_current_one_is_not_switched_to() {
    let mut state = on_contoso(fixtures::users());
    update(&mut state, ch('T'));
    type_text(&mut state, "fabrikam");
    let fx = key(&mut state, KeyCode::Enter);
    assert!(runs(&fx).is_empty());
    assert!(
        notice(&state).starts_with("Cannot switch to fabrikam: client_secret_env names"),
        "{}",
        notice(&state)
    );
    assert!(state.session.is_some(), "still on contoso");
    update(&mut state, ch('T'));
    let fx = key(&mut state, KeyCode::Enter);
    assert!(runs(&fx).is_empty());
    assert_eq!(notice(&state), "Already on contoso");
}

#[test]
fn tenant_switches_by_name_completes_it_and_suggests_one() {
    let mut state = on_contoso(fixtures::users());
    update(&mut state, ch(':'));
    type_text(&mut state, "tenant l");
    key(&mut state, KeyCode::Tab);
    let prompt = state
        .screens
        .top_as::<crate::screens::command_prompt::CommandPrompt>()
        .unwrap();
    assert_eq!(prompt.input.value(), "tenant lab");
    let (_, profile) = sign_in(&key(&mut state, KeyCode::Enter));
    assert_eq!(profile, "lab");

    let mut state = on_contoso(fixtures::users());
    update(&mut state, ch(':'));
    type_text(&mut state, "tenant labb");
    let fx = key(&mut state, KeyCode::Enter);
    assert!(runs(&fx).is_empty());
    assert_eq!(notice(&state), "No profile labb: did you mean lab?");
    assert!(state.session.is_some());
}

#[test]
fn the_organisations_name_is_read_when_the_app_may() {
    let mut state = fixtures::profiles_state();
    let id = request(&key(&mut state, KeyCode::Enter));
    let reader = fixtures::token(&["User.Read.All", "Organization.Read.All"]);
    let fx = update(&mut state, ok(id, Reply::Connected(Box::new(reader))));
    let org = runs(&fx)
        .into_iter()
        .find(|(_, op)| *op == Op::GetOrganization)
        .expect("the organization is read")
        .0;
    let answer = Organization {
        id: "t".to_owned(),
        display_name: Some("Contoso Ltd".to_owned()),
        verified_domains: Vec::new(),
    };
    update(
        &mut state,
        ok(org, Reply::Organization(Some(Box::new(answer)))),
    );
    assert_eq!(
        crate::ui::breadcrumb::organization_label(&state),
        "Contoso Ltd"
    );
    // Without the permission it is not asked: Graph would answer 403.
    let mut state = fixtures::profiles_state();
    let id = request(&key(&mut state, KeyCode::Enter));
    let fx = update(&mut state, ok(id, token()));
    assert!(!runs(&fx).iter().any(|(_, op)| *op == Op::GetOrganization));
}
