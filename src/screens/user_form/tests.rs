//! Behaviour of the form driven through its public API, key by key, as the app drives it.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde_json::json;

use super::field::FieldId;
use super::state::{FormOutcome, FormSubmission, Stage, UserForm};
use crate::graph::User;
use crate::keymap::Keymap;
use crate::password;

pub(super) fn press(form: &mut UserForm, code: KeyCode) -> FormOutcome {
    form.handle_key(KeyEvent::new(code, KeyModifiers::NONE), &Keymap::default())
}

pub(super) fn ctrl(form: &mut UserForm, c: char) -> FormOutcome {
    form.handle_key(
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
        &Keymap::default(),
    )
}

pub(super) fn type_text(form: &mut UserForm, text: &str) {
    for c in text.chars() {
        assert_eq!(press(form, KeyCode::Char(c)), FormOutcome::None);
    }
}

/// Moves focus to `id` with Tab.
pub(super) fn focus(form: &mut UserForm, id: FieldId) {
    for _ in 0..form.fields.len() {
        if form.fields[form.focus].id == id {
            return;
        }
        press(form, KeyCode::Tab);
    }
    panic!("{id:?} is not in this form");
}

pub(super) fn value(form: &UserForm, id: FieldId) -> &str {
    form.field(id).unwrap().text_value()
}

pub(super) fn ada() -> User {
    serde_json::from_value(json!({
        "id": "u-1",
        "displayName": "Ada Lovelace",
        "givenName": "Ada",
        "surname": "Lovelace",
        "userPrincipalName": "ada@contoso.com",
        "mailNickname": "ada",
        "jobTitle": "Analyst",
        "department": "Engines",
        "businessPhones": [],
        "usageLocation": "GB",
        "accountEnabled": true
    }))
    .unwrap()
}

/// A create form with every required field valid.
pub(super) fn filled_create() -> UserForm {
    let mut form = UserForm::create(Some("contoso.com"));
    type_text(&mut form, " Grace Hopper ");
    focus(&mut form, FieldId::UserPrincipalName);
    type_text(&mut form, "grace");
    focus(&mut form, FieldId::Password);
    type_text(&mut form, "Cobol-1959");
    focus(&mut form, FieldId::Department);
    type_text(&mut form, "Navy");
    focus(&mut form, FieldId::BusinessPhone);
    type_text(&mut form, "+1 555 0100");
    focus(&mut form, FieldId::UsageLocation);
    type_text(&mut form, "us");
    form
}

#[test]
fn create_prefills_the_upn_domain_with_the_cursor_before_the_at() {
    let mut form = UserForm::create(Some("contoso.com"));
    assert!(form.is_create());
    assert_eq!(form.title(), "New user");
    assert!(!form.is_dirty());
    focus(&mut form, FieldId::UserPrincipalName);
    type_text(&mut form, "ada");
    assert_eq!(value(&form, FieldId::UserPrincipalName), "ada@contoso.com");
    assert!(form.is_dirty());
    let without_domain = UserForm::create(None);
    assert_eq!(value(&without_domain, FieldId::UserPrincipalName), "");
}

#[test]
fn typing_or_pasting_another_domain_replaces_the_suggestion() {
    let mut form = UserForm::create(Some("contoso.com"));
    focus(&mut form, FieldId::UserPrincipalName);
    type_text(&mut form, "ada@fabrikam.com");
    assert_eq!(value(&form, FieldId::UserPrincipalName), "ada@fabrikam.com");
    let mut form = UserForm::create(Some("contoso.com"));
    focus(&mut form, FieldId::UserPrincipalName);
    form.handle_paste("ada@fabrikam.com");
    assert_eq!(value(&form, FieldId::UserPrincipalName), "ada@fabrikam.com");
    assert_eq!(value(&form, FieldId::MailNickname), "ada");
    // Once the domain part was edited it is the admin's text, not a suggestion.
    press(&mut form, KeyCode::Home);
    type_text(&mut form, "x@");
    assert_eq!(
        value(&form, FieldId::UserPrincipalName),
        "x@ada@fabrikam.com"
    );
}

#[test]
fn nickname_follows_the_upn_until_edited() {
    let mut form = UserForm::create(Some("contoso.com"));
    focus(&mut form, FieldId::UserPrincipalName);
    type_text(&mut form, "ada.l");
    assert_eq!(value(&form, FieldId::MailNickname), "ada.l");
    press(&mut form, KeyCode::Tab);
    press(&mut form, KeyCode::End);
    type_text(&mut form, "x");
    assert_eq!(value(&form, FieldId::MailNickname), "ada.lx");
    focus(&mut form, FieldId::UserPrincipalName);
    type_text(&mut form, "ove");
    assert_eq!(
        value(&form, FieldId::UserPrincipalName),
        "ada.love@contoso.com"
    );
    assert_eq!(value(&form, FieldId::MailNickname), "ada.lx");
}

#[test]
fn tab_order_wraps_both_ways() {
    let mut form = UserForm::create(None);
    let order: Vec<FieldId> = (0..form.fields.len())
        .map(|_| {
            let id = form.fields[form.focus].id;
            press(&mut form, KeyCode::Tab);
            id
        })
        .collect();
    assert_eq!(order, FieldId::CREATE);
    assert_eq!(form.focus, 0, "Tab on the last field wraps to the first");
    press(&mut form, KeyCode::BackTab);
    assert_eq!(form.fields[form.focus].id, FieldId::AccountEnabled);
    press(&mut form, KeyCode::Down);
    assert_eq!(form.focus, 0);
    press(&mut form, KeyCode::Up);
    assert_eq!(form.fields[form.focus].id, FieldId::AccountEnabled);
    form.handle_key(
        KeyEvent::new(KeyCode::Tab, KeyModifiers::SHIFT),
        &Keymap::default(),
    );
    assert_eq!(form.fields[form.focus].id, FieldId::UsageLocation);
}

#[test]
fn enter_moves_on_and_saves_on_the_last_field() {
    let mut form = filled_create();
    focus(&mut form, FieldId::DisplayName);
    press(&mut form, KeyCode::Enter);
    assert_eq!(form.fields[form.focus].id, FieldId::GivenName);
    focus(&mut form, FieldId::AccountEnabled);
    assert_eq!(press(&mut form, KeyCode::Enter), FormOutcome::None);
    assert_eq!(form.stage, Stage::Review);
}

#[test]
fn space_toggles_checkboxes_and_types_in_text_fields() {
    let mut form = UserForm::create(None);
    type_text(&mut form, "a b");
    assert_eq!(value(&form, FieldId::DisplayName), "a b");
    focus(&mut form, FieldId::AccountEnabled);
    assert!(!form.is_typing());
    assert!(form.field(FieldId::AccountEnabled).unwrap().is_checked());
    press(&mut form, KeyCode::Char(' '));
    assert!(!form.field(FieldId::AccountEnabled).unwrap().is_checked());
    press(&mut form, KeyCode::Char(' '));
    assert!(form.field(FieldId::AccountEnabled).unwrap().is_checked());
}

#[test]
fn ctrl_g_generates_a_visible_strong_password() {
    let mut form = UserForm::create(None);
    // The form asks; the app makes the password outside the reducer and hands it back.
    assert_eq!(ctrl(&mut form, 'g'), FormOutcome::GeneratePassword);
    form.use_generated_password(password::generate(&mut rand::rng()));
    let generated = value(&form, FieldId::Password).to_owned();
    assert_eq!(password::complexity_problem(&generated), None);
    assert!(form.password_visible);
    assert_eq!(form.generated_password(), Some(generated.as_str()));
    // Editing it makes it the admin's own password: masked, and not "generated" any more.
    focus(&mut form, FieldId::Password);
    type_text(&mut form, "x");
    assert!(!form.password_visible);
    assert_eq!(form.generated_password(), None);
}

#[test]
fn usage_location_is_upper_cased_as_typed() {
    let mut form = UserForm::create(None);
    focus(&mut form, FieldId::UsageLocation);
    type_text(&mut form, "jp");
    assert_eq!(value(&form, FieldId::UsageLocation), "JP");
}

#[test]
fn saving_an_invalid_form_focuses_the_first_problem() {
    let mut form = UserForm::create(Some("contoso.com"));
    focus(&mut form, FieldId::UsageLocation);
    type_text(&mut form, "usa");
    assert_eq!(ctrl(&mut form, 's'), FormOutcome::None);
    assert_eq!(form.stage, Stage::Editing);
    assert_eq!(form.fields[form.focus].id, FieldId::DisplayName);
    let message = form.message.as_ref().unwrap();
    assert!(
        super::view::message_text(message).contains("Display name: required"),
        "{message:?}"
    );
    // Every problem is now shown, touched or not.
    let index = form.index_of(FieldId::UserPrincipalName).unwrap();
    assert!(form.shown_problem(index).is_some());
}

#[test]
fn create_review_lists_what_is_sent_and_submits_a_new_user() {
    let mut form = filled_create();
    ctrl(&mut form, 's');
    assert_eq!(form.stage, Stage::Review);
    let review: Vec<String> = form
        .review_lines()
        .iter()
        .map(|l| format!("{}: {}", l.label, l.new))
        .collect();
    assert_eq!(
        review,
        [
            "Display name: Grace Hopper",
            "User principal name: grace@contoso.com",
            "Mail nickname: grace",
            "Password: •••••••• (set)",
            "Change at sign-in: yes",
            "Department: Navy",
            "Business phone: +1 555 0100",
            "Usage location: US",
            "Account enabled: yes",
        ]
    );
    assert!(!review.iter().any(|l| l.contains("Cobol")));
    let FormOutcome::Submit(FormSubmission::Create(user)) = press(&mut form, KeyCode::Enter) else {
        panic!("expected a create submission");
    };
    // Back to the fields: the app holds the save as pending and draws the form as saving.
    assert_eq!(form.stage, Stage::Editing);
    let body = serde_json::to_value(&user).unwrap();
    assert_eq!(
        body,
        json!({
            "accountEnabled": true,
            "displayName": "Grace Hopper",
            "mailNickname": "grace",
            "userPrincipalName": "grace@contoso.com",
            "passwordProfile": {"password": "Cobol-1959", "forceChangePasswordNextSignIn": true},
            "department": "Navy",
            "businessPhones": ["+1 555 0100"],
            "usageLocation": "US"
        })
    );
}

#[test]
fn review_esc_goes_back_to_editing_with_everything_kept() {
    let mut form = filled_create();
    ctrl(&mut form, 's');
    assert_eq!(press(&mut form, KeyCode::Esc), FormOutcome::None);
    assert_eq!(form.stage, Stage::Editing);
    assert_eq!(value(&form, FieldId::DisplayName), " Grace Hopper ");
}

#[test]
fn paste_is_single_line_and_goes_to_the_focused_text_field() {
    let mut form = UserForm::create(Some("contoso.com"));
    // Line breaks become spaces (a CRLF counts once), so two pasted lines stay two words;
    // the break that ends a copied line goes.
    form.handle_paste("Ada\r\nLovelace\n");
    assert_eq!(value(&form, FieldId::DisplayName), "Ada Lovelace");
    focus(&mut form, FieldId::UserPrincipalName);
    form.handle_paste("ada");
    assert_eq!(value(&form, FieldId::UserPrincipalName), "ada@contoso.com");
    assert_eq!(value(&form, FieldId::MailNickname), "ada");
    focus(&mut form, FieldId::AccountEnabled);
    form.handle_paste("ignored");
    assert!(form.field(FieldId::AccountEnabled).unwrap().is_checked());
}

#[test]
fn key_releases_are_ignored() {
    let mut form = UserForm::create(None);
    let mut release = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    form.handle_key(release, &Keymap::default());
    assert_eq!(value(&form, FieldId::DisplayName), "");
}

#[test]
fn key_hints_follow_the_stage_and_the_keymap() {
    let keymap = Keymap::default();
    let keys = |form: &UserForm, keymap: &Keymap| -> Vec<(String, String)> {
        super::view::stage_hints(form, keymap)
            .into_iter()
            .map(|h| (h.key, h.what))
            .collect()
    };
    let mut form = filled_create();
    assert!(keys(&form, &keymap).iter().any(|(k, _)| k == "Ctrl-g"));
    ctrl(&mut form, 's');
    assert_eq!(keys(&form, &keymap)[0], ("Enter".into(), "save".into()));
    assert!(
        !keys(&UserForm::edit(&ada()), &keymap)
            .iter()
            .any(|(k, _)| k == "Ctrl-g")
    );
    // A rebinding shows in the form's own key line.
    let mut rebound = std::collections::BTreeMap::new();
    rebound.insert("save".to_owned(), vec!["f2".to_owned()]);
    let rebound = Keymap::from_config(&rebound).unwrap();
    let mut form = filled_create();
    assert!(keys(&form, &rebound).contains(&("F2".into(), "save".into())));
    press(&mut form, KeyCode::F(2));
    assert_eq!(form.stage, Stage::Editing, "F2 is not bound by default");
}

#[test]
fn debug_output_never_contains_the_password() {
    let form = filled_create();
    assert!(!format!("{form:?}").contains("Cobol"));
}

#[test]
fn fields_stop_at_graphs_length_limit_and_say_so() {
    let mut form = UserForm::create(Some("contoso.com"));
    // A 10,000-character paste into the display name keeps the first 256.
    form.handle_paste(&"x".repeat(10_000));
    assert_eq!(value(&form, FieldId::DisplayName).chars().count(), 256);
    let said = super::view::message_text(form.message.as_ref().unwrap());
    assert!(
        said.contains("Display name holds at most 256 characters"),
        "{said}"
    );
    // Typing on at the limit is refused the same way, and nothing moves.
    press(&mut form, KeyCode::Char('y'));
    assert_eq!(value(&form, FieldId::DisplayName).chars().count(), 256);
    // Deleting makes room again; the message goes with the next edit.
    press(&mut form, KeyCode::Backspace);
    press(&mut form, KeyCode::Char('y'));
    assert!(value(&form, FieldId::DisplayName).ends_with('y'));
    assert!(form.message.is_none());
    // Limits are in characters, not bytes: 64 ideographs fit a 64-character surname.
    focus(&mut form, FieldId::Surname);
    type_text(&mut form, &"山".repeat(70));
    assert_eq!(value(&form, FieldId::Surname).chars().count(), 64);
    focus(&mut form, FieldId::UsageLocation);
    type_text(&mut form, "usa");
    assert_eq!(value(&form, FieldId::UsageLocation), "US");
}
