//! The `:` prompt through the reducer: opening, completing, running, and a wrong line kept
//! with its reason.

use crossterm::event::KeyCode;

use super::*;
use crate::fixtures::{self, ch, notice, one_run, page, press, type_text, users};
use crate::runtime::worker::Op;
use crate::screens::deleted_users::DeletedUsers;
use crate::screens::error_history::ErrorHistory;
use crate::update::update;

fn listed() -> State {
    fixtures::listed_with(&["User.ReadWrite.All"], page(users(), None, Some(10)))
}

fn prompt(state: &State) -> Option<&CommandPrompt> {
    state.screens.top_as::<CommandPrompt>()
}

#[test]
fn colon_opens_the_prompt_and_letters_are_typed_into_it() {
    let mut state = listed();
    update(&mut state, ch(':'));
    assert!(prompt(&state).is_some());
    // `q` and `?` are text here, not quit and help.
    type_text(&mut state, "q?");
    assert!(!state.quit && !state.help);
    assert_eq!(prompt(&state).unwrap().input.value(), "q?");
    update(&mut state, press(KeyCode::Esc));
    assert!(prompt(&state).is_none(), "Esc closes it");
    assert!(
        state
            .screens
            .top_as::<crate::screens::user_list::UserList>()
            .is_some()
    );
}

#[test]
fn deleted_opens_deleted_users_and_loads_them() {
    let mut state = listed();
    update(&mut state, ch(':'));
    type_text(&mut state, "deleted");
    let (_, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert!(matches!(op, Op::ListDeletedUsers(_)), "{op:?}");
    assert!(state.screens.top_as::<DeletedUsers>().is_some());
}

#[test]
fn tab_completes_and_the_completed_name_runs() {
    let mut state = listed();
    update(&mut state, ch(':'));
    type_text(&mut state, "er");
    update(&mut state, press(KeyCode::Tab));
    assert_eq!(prompt(&state).unwrap().input.value(), "errors ");
    update(&mut state, press(KeyCode::Enter));
    assert!(state.screens.top_as::<ErrorHistory>().is_some());
}

#[test]
fn a_wrong_line_stays_with_the_closest_command_and_an_edit_clears_the_reason() {
    let mut state = listed();
    update(&mut state, ch(':'));
    type_text(&mut state, "delted");
    update(&mut state, press(KeyCode::Enter));
    let shown = prompt(&state).expect("the prompt stays open");
    assert_eq!(shown.input.value(), "delted", "the text is kept");
    assert_eq!(
        shown.problem.as_ref().unwrap().to_string(),
        "no command \"delted\"; did you mean \"deleted\"? Tab completes"
    );
    update(&mut state, press(KeyCode::Backspace));
    assert!(prompt(&state).unwrap().problem.is_none());
}

#[test]
fn quit_and_help_run_from_the_prompt() {
    let mut state = listed();
    update(&mut state, ch(':'));
    type_text(&mut state, "help");
    update(&mut state, press(KeyCode::Enter));
    assert!(state.help && prompt(&state).is_none());
    update(&mut state, press(KeyCode::Esc));
    update(&mut state, ch(':'));
    type_text(&mut state, "q");
    update(&mut state, press(KeyCode::Enter));
    assert!(state.quit);
}

#[test]
fn deleted_users_before_connecting_says_to_connect_first() {
    let mut state = fixtures::state();
    update(&mut state, ch(':'));
    type_text(&mut state, "deleted");
    let fx = update(&mut state, press(KeyCode::Enter));
    assert!(fx.is_empty());
    assert_eq!(
        notice(&state),
        "Deleted users need a connection: press Enter to connect first"
    );
}

#[test]
fn a_pasted_line_is_one_line_and_capped() {
    let mut state = listed();
    update(&mut state, ch(':'));
    update(&mut state, crate::update::Msg::Paste("err\nors".to_owned()));
    assert_eq!(prompt(&state).unwrap().input.value(), "err ors");
    update(&mut state, crate::update::Msg::Paste("x".repeat(10_000)));
    assert_eq!(
        prompt(&state).unwrap().input.value().chars().count(),
        search_box::SEARCH_MAX
    );
    assert!(notice(&state).contains("at most 256 characters"));
}
