//! The edit form, leaving a form, and what happens around a save (saving, Graph's refusal).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::field::FieldId;
use super::state::{FormOutcome, FormSubmission, Stage, UserForm};
use super::tests::{ada, ctrl, filled_create, focus, press, type_text, value};
use super::view::message_text;
use crate::graph::{ApiError, GraphError};
use crate::keymap::Keymap;

#[test]
fn edit_patch_has_only_changed_fields() {
    let mut form = UserForm::edit(&ada());
    assert_eq!(form.title(), "Edit Ada Lovelace");
    assert!(!form.is_create());
    type_text(&mut form, " "); // trailing space only: not a change Graph would see
    focus(&mut form, FieldId::JobTitle);
    form.handle_key(
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
        &Keymap::default(),
    );
    focus(&mut form, FieldId::BusinessPhone);
    type_text(&mut form, "+44 20 7946 0000");
    focus(&mut form, FieldId::AccountEnabled);
    press(&mut form, KeyCode::Char(' '));
    ctrl(&mut form, 's');
    assert_eq!(form.stage, Stage::Review);
    let review: Vec<String> = form
        .review_lines()
        .iter()
        .map(|l| format!("{}: {} → {}", l.label, l.old.as_deref().unwrap(), l.new))
        .collect();
    assert_eq!(
        review,
        [
            "Job title: Analyst → (empty)",
            "Business phone: (empty) → +44 20 7946 0000",
            "Account enabled: yes → no",
        ]
    );
    let FormOutcome::Submit(FormSubmission::Update { id, patch }) =
        press(&mut form, KeyCode::Enter)
    else {
        panic!("expected an update");
    };
    assert_eq!(id, crate::graph::UserId::from("u-1"));
    assert_eq!(
        serde_json::to_value(&patch).unwrap(),
        json!({"jobTitle": null, "businessPhones": ["+44 20 7946 0000"], "accountEnabled": false})
    );
}

#[test]
fn edit_without_changes_has_nothing_to_save() {
    let mut form = UserForm::edit(&ada());
    ctrl(&mut form, 's');
    assert_eq!(form.stage, Stage::Editing);
    assert_eq!(
        message_text(form.message.as_ref().unwrap()),
        "Nothing to save"
    );
}

#[test]
fn edit_refuses_to_clear_what_graph_cannot_clear() {
    let mut form = UserForm::edit(&ada());
    for id in [FieldId::MailNickname, FieldId::UsageLocation] {
        focus(&mut form, id);
        form.handle_key(
            KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
            &Keymap::default(),
        );
        assert_eq!(value(&form, id), "");
        assert!(form.shown_problem(form.focus).is_some(), "{id:?}");
    }
}

#[test]
fn esc_leaves_a_clean_form_and_asks_on_a_dirty_one() {
    let mut form = UserForm::edit(&ada());
    assert_eq!(press(&mut form, KeyCode::Esc), FormOutcome::Close);
    type_text(&mut form, "!");
    assert_eq!(press(&mut form, KeyCode::Esc), FormOutcome::None);
    assert_eq!(form.stage, Stage::ConfirmDiscard);
    let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    assert_eq!(
        Keymap::default().action_typing(form.context(), q, form.is_typing()),
        None,
        "y/n must reach the form, not the app's keymap"
    );
    assert_eq!(press(&mut form, KeyCode::Char('n')), FormOutcome::None);
    assert_eq!(form.stage, Stage::Editing);
    press(&mut form, KeyCode::Esc);
    assert_eq!(press(&mut form, KeyCode::Esc), FormOutcome::None);
    assert_eq!(form.stage, Stage::Editing);
    press(&mut form, KeyCode::Esc);
    assert_eq!(press(&mut form, KeyCode::Char('y')), FormOutcome::Close);
}

#[test]
fn set_error_keeps_the_text_and_points_at_the_conflicting_upn() {
    let mut form = filled_create();
    ctrl(&mut form, 's');
    assert!(matches!(
        press(&mut form, KeyCode::Enter),
        FormOutcome::Submit(_)
    ));
    form.set_error(&GraphError::Api(Box::new(ApiError {
        status: 400,
        code: "Request_BadRequest".into(),
        message:
            "Another object with the same value for property userPrincipalName already exists."
                .into(),
        request_id: Some("req-42".into()),
        date: None,
        details: vec![("ObjectConflict".into(), Some("userPrincipalName".into()))],
    })));
    assert_eq!(form.stage, Stage::Editing);
    assert_eq!(form.fields[form.focus].id, FieldId::UserPrincipalName);
    assert_eq!(value(&form, FieldId::DisplayName), " Grace Hopper ");
    assert_eq!(value(&form, FieldId::Password), "Cobol-1959");
    assert!(message_text(form.message.as_ref().unwrap()).contains("req-42"));
    let upn = form.focus;
    assert!(form.shown_problem(upn).unwrap().contains("already in use"));
    // Fixing the field clears Graph's complaint; the message stays for its request-id.
    press(&mut form, KeyCode::Char('2'));
    assert_eq!(form.shown_problem(upn), None);
    assert!(form.message.is_some());
}
