//! `z` through the reducer: what it offers after an edit, a delete, a block and an unblock,
//! that it goes through the review or confirmation, and what it says when there is nothing to
//! take back or writes are off.

use crossterm::event::KeyCode;

use super::*;
use crate::fixtures::{self, ch, ctrl, notice, ok, one_run, page, press, runs, type_text, users};
use crate::graph::{Change, UserPatch};
use crate::runtime::worker::{Op, Reply};
use crate::screens::confirm_restore::ConfirmRestore;
use crate::screens::confirm_sign_in::{Ask, ConfirmSignIn};
use crate::screens::user_form::UserForm;
use crate::ui::status_bar;

fn admin() -> State {
    fixtures::listed_with(&["User.ReadWrite.All"], page(users(), None, Some(10)))
}

/// The status line as drawn, 120 wide.
fn status_line(state: &State) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 1)).unwrap();
    terminal
        .draw(|frame| status_bar::render(state, frame, frame.area()))
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..120)
        .map(|x| buffer[(x, 0)].symbol())
        .collect::<String>()
}

/// Edits Ada's job title to `title` and saves; returns the state after Graph's 204.
fn job_title_changed(title: &str) -> State {
    let mut state = admin();
    // The row holds only the list's columns: `e` reads the user, then the form opens.
    let (read, _) = one_run(&update(&mut state, ch('e')));
    update(
        &mut state,
        ok(read, Reply::User(Box::new(users()[0].clone()))),
    );
    // Display name, given name, surname, user principal name, nickname, job title.
    for _ in 0..5 {
        update(&mut state, press(KeyCode::Tab));
    }
    update(&mut state, ctrl('u'));
    type_text(&mut state, title);
    update(&mut state, ctrl('s'));
    let (id, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let Op::UpdateUser { patch, .. } = op else {
        panic!("{op:?}")
    };
    assert_eq!(patch.job_title, Change::Set(title.to_owned()));
    update(&mut state, ok(id, Reply::Updated));
    state
}

#[test]
fn after_an_edit_z_reviews_the_old_values_of_exactly_the_changed_fields() {
    let mut state = job_title_changed("Chief Analyst");
    assert!(
        status_line(&state).contains("z: undo job title change on Ada Lovelace"),
        "{}",
        status_line(&state)
    );
    assert!(runs(&update(&mut state, ch('z'))).is_empty(), "asks first");
    let form = state
        .screens
        .top_as::<UserForm>()
        .expect("the form, at its review");
    assert!(form.is_reviewing(), "{form:?}");
    let (id, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert_eq!(
        op,
        Op::UpdateUser {
            id: users()[0].id.clone(),
            patch: Box::new(UserPatch {
                job_title: Change::Set("Engineer".to_owned()),
                ..UserPatch::default()
            }),
        }
    );
    update(&mut state, ok(id, Reply::Updated));
    let ada = &state.screens.list().unwrap().rows[0];
    assert_eq!(ada.job_title(), Some("Engineer"));
    // The undo is itself undoable: z now offers the change back.
    assert!(status_line(&state).contains("z: undo job title change on Ada Lovelace"));
}

#[test]
fn after_a_delete_z_asks_to_restore_the_user_and_then_forgets_it() {
    let mut state = admin();
    let ada = users()[0].clone();
    update(&mut state, ch('d'));
    let (id, _) = one_run(&update(&mut state, ch('y')));
    update(&mut state, ok(id, Reply::Deleted));
    assert!(status_line(&state).contains("z: undo delete: restore Ada Lovelace"));
    assert!(runs(&update(&mut state, ch('z'))).is_empty());
    let dialog = state
        .screens
        .top_as::<ConfirmRestore>()
        .expect("Restore this user?");
    assert_eq!(dialog.target.upn, "ada@contoso.onmicrosoft.com");
    let (id, op) = one_run(&update(&mut state, ch('y')));
    assert_eq!(op, Op::RestoreUser(ada.id.clone()));
    update(&mut state, ok(id, Reply::Restored(Box::new(ada.clone()))));
    assert_eq!(notice(&state), "Restored Ada Lovelace");
    assert!(
        state
            .screens
            .list()
            .unwrap()
            .rows
            .iter()
            .any(|u| u.id() == ada.id),
        "back in the list"
    );
    assert!(state.undo.is_none(), "nothing left to undo");
}

#[test]
fn after_a_block_z_asks_to_unblock_and_after_an_unblock_to_block() {
    let mut state = admin();
    update(&mut state, ch('b'));
    update(&mut state, press(KeyCode::Char(' '))); // no revoke
    let (id, _) = one_run(&update(&mut state, ch('y')));
    update(&mut state, ok(id, Reply::Updated));
    assert!(status_line(&state).contains("z: undo block: unblock Ada Lovelace"));
    update(&mut state, ch('z'));
    let dialog = state.screens.top_as::<ConfirmSignIn>().expect("asks first");
    assert_eq!(dialog.ask, Ask::Unblock);
    let (id, op) = one_run(&update(&mut state, ch('y')));
    assert_eq!(
        op,
        Op::SetAccountEnabled {
            id: users()[0].id.clone(),
            enabled: true
        }
    );
    update(&mut state, ok(id, Reply::Updated));
    assert!(status_line(&state).contains("z: undo unblock: block Ada Lovelace"));
    update(&mut state, ch('z'));
    let dialog = state.screens.top_as::<ConfirmSignIn>().unwrap();
    assert_eq!(dialog.ask, Ask::Block { revoke: true });
}

#[test]
fn z_with_nothing_to_undo_says_what_it_would_do() {
    let mut state = admin();
    assert!(update(&mut state, ch('z')).is_empty());
    assert_eq!(
        notice(&state),
        "Nothing to undo: z takes back this session's last edit, delete, block, unblock or \
         manager change"
    );
}

#[test]
fn undo_is_a_write_and_disconnecting_forgets_it() {
    let mut state = job_title_changed("Chief Analyst");
    // The token loses its write permission (as after reconnecting with a read-only app).
    if let Some(session) = &mut state.session {
        session.token.permissions = crate::graph::Permissions {
            roles: vec!["User.Read.All".to_owned()],
        };
    }
    update(&mut state, ch('z'));
    assert!(state.screens.top_as::<UserForm>().is_none());
    assert!(
        notice(&state).starts_with("Undo (z) is disabled"),
        "{}",
        notice(&state)
    );
    update(&mut state, ch('X'));
    assert!(state.undo.is_none());
}

#[test]
fn after_a_manager_change_z_offers_the_earlier_manager_or_asks_to_remove_it() {
    use crate::screens::clear_manager::ClearManager;
    use crate::screens::manager_picker::ManagerPicker;
    use crate::screens::manager_picker::state::Person;
    use crate::undo::{LastWrite, Reversal};
    let mut state = admin();
    let (ada, grace) = (Person::of(&users()[0]), Person::of(&users()[6]));
    let changed = |before| LastWrite {
        user: ada.id.clone(),
        label: ada.label.clone(),
        upn: ada.upn.clone(),
        reversal: Reversal::Manager { before },
    };
    state.undo = Some(changed(Some(grace.clone())));
    let line = status_line(&state);
    assert!(
        line.contains("z: undo manager change on Ada Lovelace (back to Grace"),
        "{line}"
    );
    let (_, op) = one_run(&update(&mut state, ch('z')));
    assert_eq!(
        op,
        Op::GetManager(ada.id.clone()),
        "the picker reads who it is now"
    );
    let picker = state.screens.top_as::<ManagerPicker>().expect("the picker");
    assert_eq!(
        picker.selected_user().unwrap().id,
        grace.id,
        "the earlier manager, selected"
    );
    let (_, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert_eq!(
        op,
        Op::SetManager {
            id: ada.id.clone(),
            manager: grace.id.clone()
        }
    );

    let mut state = admin();
    state.undo = Some(changed(None));
    let (_, op) = one_run(&update(&mut state, ch('z')));
    assert_eq!(op, Op::GetManager(ada.id.clone()));
    assert!(
        state.screens.top_as::<ClearManager>().is_some(),
        "asks to remove it"
    );
}

/// The list's rows hold only their columns: undoing an edit of a property they lack reads the
/// user first (as `e` does), then opens the review over what Graph has.
#[test]
fn undoing_an_edit_of_a_property_the_row_lacks_reads_the_user_first() {
    use crate::undo::{Before, BeforeValue, LastWrite, Reversal};
    let mut state = admin();
    let ada = users()[0].clone();
    state.undo = Some(LastWrite {
        user: ada.id.clone(),
        label: ada.label().to_owned(),
        upn: ada.upn().to_owned(),
        reversal: Reversal::Edit(vec![Before {
            property: "mobilePhone",
            label: "Mobile phone",
            value: BeforeValue::Text("+1 425 555 0199".to_owned()),
        }]),
    });
    let (read, op) = one_run(&update(&mut state, ch('z')));
    assert_eq!(op, Op::GetUser(ada.id.clone()));
    assert!(
        state.screens.top_as::<UserForm>().is_none(),
        "not before the read"
    );
    update(&mut state, ok(read, Reply::User(Box::new(ada))));
    let form = state
        .screens
        .top_as::<UserForm>()
        .expect("the undo's review");
    assert_eq!(form.text_of("Mobile phone"), Some("+1 425 555 0199"));
}
