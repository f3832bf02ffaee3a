//! The reset password dialog through the reducer: opening with a generated password, typing
//! one's own (refused locally while Entra would refuse it), the checkboxes, success with the
//! password shown once, Graph's refusals keeping the dialog, read-only refusal, cancelling.

use crossterm::event::KeyCode;

use super::*;
use crate::fixtures::{
    self, api_error, cancels, ch, ctrl, fail, notice, ok, one_run, page, press, runs, type_text,
    users,
};
use crate::graph::User;
use crate::runtime::worker::Op;
use crate::screens::created_password::CreatedPassword;
use crate::screens::user_detail::UserDetail;
use crate::screens::user_list::Row;
use crate::update::{Effect, Msg, update};

const ADMIN: &[&str] = &["User.ReadWrite.All"];
const READER: &[&str] = &["User.Read.All"];
const GENERATED: &str = "Kx7#mQ2!vB9@pL4z";

/// Signed in with `roles`, the user list loaded (Ada Lovelace selected).
fn listed(roles: &[&str]) -> State {
    let mut state = fixtures::state();
    state.size = (120, 40);
    let id = fixtures::connect(&mut state, roles);
    update(&mut state, ok(id, page(users(), None, Some(10))));
    state
}

/// The request a reset of `user` to `password` sends.
fn reset_op(user: &User, password: &str, force_change: bool) -> Op {
    Op::ResetPassword {
        id: user.id.clone(),
        profile: PasswordProfile {
            password: password.to_owned(),
            force_change_password_next_sign_in: force_change,
        },
    }
}

fn ada(state: &State) -> User {
    state
        .screens
        .list()
        .and_then(|l| l.selected_row())
        .map(Row::to_user)
        .expect("a selected user")
}

/// `p`, and the generated password the app makes for it arriving.
fn opened(state: &mut State) {
    let fx = update(state, ch('p'));
    assert_eq!(fx, [Effect::GeneratePassword], "a password is made at once");
    update(state, Msg::PasswordGenerated(GENERATED.to_owned().into()));
}

fn dialog(state: &State) -> &ResetPassword {
    state
        .screens
        .top_as::<ResetPassword>()
        .expect("the reset password dialog is in front")
}

fn has_dialog(state: &State) -> bool {
    state.screens.has::<ResetPassword>()
}

fn denied() -> GraphError {
    api_error(
        403,
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
    )
}

#[test]
fn p_opens_with_a_generated_password_and_change_at_sign_in_on_then_shows_it_once() {
    let mut state = listed(ADMIN);
    let ada = ada(&state);
    opened(&mut state);
    let shown = dialog(&state);
    assert_eq!(shown.target.label, "Ada Lovelace");
    assert_eq!(shown.password(), GENERATED);
    assert!(
        shown.is_generated() && shown.show,
        "a generated one is shown in clear"
    );
    assert!(
        shown.force_change,
        "require change at next sign-in defaults on"
    );
    assert_eq!(shown.focus, Focus::Password);

    let (id, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert_eq!(op, reset_op(&ada, GENERATED, true));
    assert_eq!(
        crate::ui::status_bar::activity(&state).as_deref(),
        Some("Resetting the password of Ada Lovelace…")
    );
    // While it is sent, keys do nothing but Esc: no second request, nothing typed.
    assert!(runs(&update(&mut state, press(KeyCode::Enter))).is_empty());
    update(&mut state, ch('x'));
    assert_eq!(dialog(&state).password(), GENERATED);

    update(&mut state, ok(id, Reply::Updated));
    assert!(!has_dialog(&state));
    let popup = state
        .screens
        .top_as::<CreatedPassword>()
        .expect("the password, shown once");
    assert_eq!(popup.upn, ada.upn());
    assert_eq!(
        secrecy::ExposeSecret::expose_secret(&popup.password),
        GENERATED
    );
    assert_eq!(popup.reason, Reason::Reset { force_change: true });
    assert_eq!(
        notice(&state),
        "Reset the password of Ada Lovelace: it must be changed at the next sign-in"
    );
    update(&mut state, press(KeyCode::Enter));
    assert!(!state.screens.has::<CreatedPassword>());
    assert!(
        !format!("{:?}", state.screens).contains(GENERATED),
        "dismissed, the password is gone"
    );
}

#[test]
fn the_generate_key_makes_another_and_typing_replaces_a_generated_one_masked() {
    let mut state = listed(ADMIN);
    opened(&mut state);
    assert_eq!(update(&mut state, ctrl('g')), [Effect::GeneratePassword]);
    update(
        &mut state,
        Msg::PasswordGenerated("Zz9!another-one".to_owned().into()),
    );
    assert_eq!(dialog(&state).password(), "Zz9!another-one");

    type_text(&mut state, "q");
    let typed = dialog(&state);
    assert_eq!(
        typed.password(),
        "q",
        "the first key replaces the generated one"
    );
    assert_eq!(typed.source, Source::Typed);
    assert!(!typed.show, "a typed password is masked");
    // Typed letters are text here, never the dialog's keys (`n`, `y`, `q`, `?`).
    type_text(&mut state, "ny?");
    assert_eq!(dialog(&state).password(), "qny?");
    assert!(has_dialog(&state) && !state.quit && !state.help);
    // Backspace over a generated password clears it too.
    update(&mut state, ctrl('g'));
    update(
        &mut state,
        Msg::PasswordGenerated(GENERATED.to_owned().into()),
    );
    update(&mut state, press(KeyCode::Backspace));
    assert_eq!(dialog(&state).password(), "");
    assert_eq!(dialog(&state).source, Source::Typed);
}

#[test]
fn a_typed_weak_password_is_refused_locally_with_the_rule_it_breaks() {
    let mut state = listed(ADMIN);
    let ada = ada(&state);
    opened(&mut state);
    type_text(&mut state, "abc");
    assert!(runs(&update(&mut state, press(KeyCode::Enter))).is_empty());
    assert_eq!(
        dialog(&state).message,
        Some(Message::Invalid(
            "too short: use at least 8 characters".to_owned()
        ))
    );
    type_text(&mut state, "defgh");
    assert_eq!(dialog(&state).message, None, "typing clears it");
    assert!(runs(&update(&mut state, press(KeyCode::Enter))).is_empty());
    assert_eq!(
        dialog(&state).message,
        Some(Message::Invalid(
            "needs 3 of: lowercase, uppercase, digit, symbol".to_owned()
        ))
    );
    // The same rules as the create form: one function decides both.
    assert_eq!(
        password_problem("abcdefgh").as_deref(),
        Some("needs 3 of: lowercase, uppercase, digit, symbol")
    );

    type_text(&mut state, "1!");
    let (id, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert_eq!(op, reset_op(&ada, "abcdefgh1!", true));
    update(&mut state, ok(id, Reply::Updated));
    assert!(!has_dialog(&state));
    assert!(
        !state.screens.has::<CreatedPassword>(),
        "a typed password is the admin's: not shown again"
    );
    assert!(notice(&state).starts_with("Reset the password of Ada Lovelace"));
}

#[test]
fn the_checkboxes_take_space_and_y_resets_n_leaves_from_them() {
    let mut state = listed(ADMIN);
    let ada = ada(&state);
    opened(&mut state);
    update(&mut state, press(KeyCode::Tab));
    assert_eq!(dialog(&state).focus, Focus::Show);
    update(&mut state, ch(' '));
    assert!(!dialog(&state).show, "shown → hidden");
    update(&mut state, press(KeyCode::Down));
    assert_eq!(dialog(&state).focus, Focus::ForceChange);
    update(&mut state, ch(' '));
    assert!(!dialog(&state).force_change);
    update(&mut state, press(KeyCode::Tab));
    assert_eq!(dialog(&state).focus, Focus::Password, "wraps around");
    update(&mut state, press(KeyCode::BackTab));
    assert_eq!(dialog(&state).focus, Focus::ForceChange);

    // `n` on a checkbox leaves, as Esc does anywhere.
    update(&mut state, ch('n'));
    assert!(!has_dialog(&state));

    opened(&mut state);
    update(&mut state, press(KeyCode::Up));
    update(&mut state, ch(' '));
    let (id, op) = one_run(&update(&mut state, ch('y')));
    assert_eq!(op, reset_op(&ada, GENERATED, false));
    update(&mut state, ok(id, Reply::Updated));
    assert_eq!(
        state.screens.top_as::<CreatedPassword>().map(|p| p.reason),
        Some(Reason::Reset {
            force_change: false
        })
    );
    assert_eq!(
        notice(&state),
        "Reset the password of Ada Lovelace: it stays until the user changes it"
    );
}

#[test]
fn a_403_keeps_the_dialog_and_the_password_and_says_which_role_to_grant() {
    let mut state = listed(ADMIN);
    opened(&mut state);
    type_text(&mut state, "Own-Passw0rd");
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    update(&mut state, fail(id, denied()));
    let kept = dialog(&state);
    assert_eq!(kept.password(), "Own-Passw0rd", "what was typed is kept");
    assert!(matches!(kept.message, Some(Message::Failed(_))));
    let shown = notice(&state);
    assert!(
        shown.starts_with(
            "Resetting a password: 403 Authorization_RequestDenied: Insufficient privileges to \
             complete the operation. → besides User.ReadWrite.All, an app needs an Entra role to \
             reset passwords"
        ),
        "{shown}"
    );
    for part in [
        "User Administrator for users without admin roles or with limited ones",
        "Privileged Authentication Administrator for any admin (Global Administrators included)",
        "assign it to the app in Roles & admins, then reconnect (X)",
        "(request-id req-42)",
    ] {
        assert!(shown.contains(part), "{part}: {shown}");
    }
    assert_eq!(
        state.errors.back().map(|e| e.operation),
        Some(Operation::ResetPassword)
    );
    // Enter tries again with the same password.
    let (_, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert!(matches!(op, Op::ResetPassword { profile, .. } if profile.password == "Own-Passw0rd"));
    assert_eq!(dialog(&state).message, None, "the old refusal goes");
}

#[test]
fn graphs_400_for_a_password_it_refuses_keeps_the_dialog() {
    let mut state = listed(ADMIN);
    opened(&mut state);
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let weak = api_error(
        400,
        "Request_BadRequest",
        "The specified password does not comply with password complexity requirements. \
         Please provide a different password.",
    );
    update(&mut state, fail(id, weak));
    assert_eq!(dialog(&state).password(), GENERATED);
    assert!(
        notice(&state).contains("→ choose another: Entra also refuses passwords that contain"),
        "{}",
        notice(&state)
    );
}

#[test]
fn read_only_or_without_the_permission_p_says_why_and_opens_nothing() {
    let mut state = listed(READER);
    let fx = update(&mut state, ch('p'));
    assert!(fx.is_empty(), "no password made for nothing");
    assert!(!has_dialog(&state));
    assert_eq!(
        notice(&state),
        "Reset password (p) is disabled: needs User.ReadWrite.All"
    );

    let mut state = listed(ADMIN);
    state.connect.read_only = true;
    update(&mut state, ch('p'));
    assert!(!has_dialog(&state));
    assert!(
        notice(&state).contains("read-only mode"),
        "{}",
        notice(&state)
    );

    // The narrow permission allows exactly this.
    let mut state = listed(&["User.Read.All", "User-PasswordProfile.ReadWrite.All"]);
    opened(&mut state);
    assert!(has_dialog(&state));
    update(&mut state, press(KeyCode::Esc));
    update(&mut state, ch('e'));
    assert!(notice(&state).starts_with("Edit (e) is disabled"));
}

#[test]
fn esc_leaves_and_cancels_a_reset_in_flight() {
    let mut state = listed(ADMIN);
    opened(&mut state);
    assert!(runs(&update(&mut state, press(KeyCode::Esc))).is_empty());
    assert!(!has_dialog(&state));

    opened(&mut state);
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert_eq!(cancels(&update(&mut state, press(KeyCode::Esc))), [id]);
    assert!(!has_dialog(&state));
    assert!(notice(&state).starts_with("Reset cancelled: Graph may already have set"));
    // A late answer is dropped: no password is shown for a reset the admin left.
    update(&mut state, ok(id, Reply::Updated));
    assert!(!state.screens.has::<CreatedPassword>());
}

#[test]
fn from_the_detail_it_resets_and_returns_to_the_detail() {
    let mut state = listed(ADMIN);
    update(&mut state, press(KeyCode::Enter));
    assert!(state.screens.has::<UserDetail>());
    opened(&mut state);
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    update(&mut state, ok(id, Reply::Updated));
    update(&mut state, press(KeyCode::Esc));
    assert!(state.screens.top_as::<UserDetail>().is_some());
}

#[test]
fn pastes_are_one_line_and_stop_at_entras_limit() {
    let mut state = listed(ADMIN);
    opened(&mut state);
    update(&mut state, Msg::Paste("Pass\nw0rd!".to_owned()));
    assert_eq!(dialog(&state).password(), "Pass w0rd!");
    update(&mut state, Msg::Paste("x".repeat(400)));
    assert_eq!(dialog(&state).password().chars().count(), PASSWORD_MAX);
    assert_eq!(dialog(&state).message, Some(Message::Capped));
}

#[test]
fn the_password_never_shows_in_debug_output() {
    let mut state = listed(ADMIN);
    opened(&mut state);
    let (_, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
    assert!(!format!("{:?}", dialog(&state)).contains(GENERATED));
    assert!(!format!("{op:?}").contains(GENERATED));
    assert!(!format!("{:?}", state.pending).contains(GENERATED));
}

#[test]
fn help_names_the_key_and_the_dialogs_keys() {
    let state = listed(READER);
    let help = state.screens.top().as_dyn().help(&state);
    let row = help
        .rows
        .iter()
        .find(|r| r.name == Some("reset_password"))
        .expect("a reset_password row");
    assert_eq!(row.keys, "p");
    assert_eq!(row.disabled.as_deref(), Some("needs User.ReadWrite.All"));

    let mut state = listed(ADMIN);
    opened(&mut state);
    let help = state.screens.top().as_dyn().help(&state);
    for name in ["submit", "confirm", "generate_password", "toggle", "back"] {
        assert!(
            help.rows.iter().any(|r| r.name == Some(name)),
            "{name}: {help:?}"
        );
    }
    // `?` is typed in the field, and opens the help on a checkbox.
    update(&mut state, ch('?'));
    assert!(!state.help);
    update(&mut state, press(KeyCode::Tab));
    update(&mut state, ch('?'));
    assert!(state.help);
}
