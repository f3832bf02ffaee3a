//! What the form looks like, as text snapshots of a `TestBackend` (colour is not in a text
//! snapshot, which is why focus and errors also carry `›` and `✗`), plus cursor placement.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;

use super::field::FieldId;
use super::state::UserForm;
use super::tests::{ada, ctrl, filled_create, focus, press, type_text};
use crate::graph::{ApiError, GraphError, User};
use crate::keymap::Keymap;

fn draw(form: &UserForm, width: u16, height: u16, tick: u64) -> Terminal<TestBackend> {
    draw_as(form, false, width, height, tick)
}

/// As the form looks while the app waits for Graph to answer the save.
fn draw_saving(form: &UserForm, width: u16, height: u16, tick: u64) -> Terminal<TestBackend> {
    draw_as(form, true, width, height, tick)
}

fn draw_as(
    form: &UserForm,
    saving: bool,
    width: u16,
    height: u16,
    tick: u64,
) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let keymap = Keymap::default();
    terminal
        .draw(|frame| super::view::render(form, &keymap, saving, tick, frame, frame.area()))
        .unwrap();
    terminal
}

fn international() -> User {
    serde_json::from_value(json!({
        "id": "u-2",
        "displayName": "山田 太郎 (Tarō Yamada)",
        "givenName": "José-María",
        "surname": "الفارسي",
        "userPrincipalName": "taro@contoso.com",
        "mailNickname": "taro",
        "jobTitle": "プロダクトマネージャー",
        "department": "Forschung & Entwicklung",
        "officeLocation": "Zürich HB, Gebäude 3",
        "mobilePhone": "+41 44 668 18 00",
        "businessPhones": ["+81 3-1234-5678"],
        "usageLocation": "JP",
        "accountEnabled": false
    }))
    .unwrap()
}

#[test]
fn empty_create_form_80x24() {
    let form = UserForm::create(Some("contoso.com"));
    let mut terminal = draw(&form, 80, 24, 0);
    assert_snapshot!(terminal.backend());
    // The cursor waits in the display name.
    let (x, y) = (2 + 2 + 20 + 1, 1);
    terminal.backend_mut().assert_cursor_position((x, y));
}

#[test]
fn filled_edit_form_with_international_names_120x40() {
    let mut form = UserForm::edit(&international());
    focus(&mut form, FieldId::JobTitle);
    assert_snapshot!(draw(&form, 120, 40, 0).backend());
}

#[test]
fn synced_user_edit_form_holds_what_the_cloud_owns_80x24() {
    let mut user = international();
    user.on_premises_sync_enabled = Some(true);
    let mut form = UserForm::edit(&user);
    let labels: Vec<&str> = form.fields.iter().map(|f| f.id.label()).collect();
    assert_eq!(labels, ["Usage location", "Account enabled"]);
    assert_snapshot!(draw(&form, 80, 24, 0).backend());
    // Graph's refusal, should the user have been synced since the form opened, says where.
    form.set_error(&GraphError::Api(Box::new(ApiError {
        status: 400,
        code: "Request_BadRequest".into(),
        message: "Unable to update the specified properties for on-premises mastered Directory \
                  Sync objects or objects currently undergoing migration."
            .into(),
        request_id: Some("r-7".into()),
        date: None,
        details: vec![],
    })));
    let line = super::view::message_text(form.message.as_ref().unwrap());
    assert!(line.contains("synced from on-premises Active Directory: change it there"));
}

#[test]
fn validation_errors_80x24() {
    let mut form = UserForm::create(Some("contoso.com"));
    type_text(&mut form, "Zoë");
    focus(&mut form, FieldId::UserPrincipalName);
    type_text(&mut form, "zoë");
    focus(&mut form, FieldId::Password);
    type_text(&mut form, "short");
    focus(&mut form, FieldId::UsageLocation);
    // Not two letters (a third would not be taken: the field holds two).
    type_text(&mut form, "f1");
    ctrl(&mut form, 's');
    assert_snapshot!(draw(&form, 80, 24, 0).backend());
}

#[test]
fn validation_errors_beside_fields_120x40() {
    let mut form = UserForm::create(Some("contoso.com"));
    focus(&mut form, FieldId::UserPrincipalName);
    type_text(&mut form, ".a b");
    focus(&mut form, FieldId::UsageLocation);
    type_text(&mut form, "1");
    assert_snapshot!(draw(&form, 120, 40, 0).backend());
}

#[test]
fn generated_password_is_visible_80x24() {
    let mut form = UserForm::create(Some("contoso.com"));
    form.use_generated_password(crate::password::generate(&mut ChaCha20Rng::seed_from_u64(
        1,
    )));
    assert_snapshot!(draw(&form, 80, 24, 0).backend());
}

#[test]
fn review_popup_create_80x24() {
    let mut form = filled_create();
    form.use_generated_password(crate::password::generate(&mut ChaCha20Rng::seed_from_u64(
        1,
    )));
    ctrl(&mut form, 's');
    let terminal = draw(&form, 80, 24, 0);
    assert_snapshot!(terminal.backend());
    assert!(
        !terminal
            .backend()
            .to_string()
            .contains(form.generated_password().unwrap())
    );
}

#[test]
fn review_popup_edit_80x24() {
    let mut form = UserForm::edit(&ada());
    type_text(&mut form, " (Countess)");
    focus(&mut form, FieldId::JobTitle);
    form.handle_key(
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
        &Keymap::default(),
    );
    focus(&mut form, FieldId::MobilePhone);
    type_text(&mut form, "+44 7700 900123");
    focus(&mut form, FieldId::AccountEnabled);
    press(&mut form, KeyCode::Char(' '));
    ctrl(&mut form, 's');
    assert_snapshot!(draw(&form, 80, 24, 0).backend());
}

#[test]
fn saving_80x24() {
    let mut form = filled_create();
    ctrl(&mut form, 's');
    press(&mut form, KeyCode::Enter);
    assert_snapshot!(draw_saving(&form, 80, 24, 3).backend());
}

#[test]
fn graph_error_80x24() {
    let mut form = filled_create();
    ctrl(&mut form, 's');
    press(&mut form, KeyCode::Enter);
    form.set_error(&GraphError::Api(Box::new(ApiError {
        status: 400,
        code: "Request_BadRequest".into(),
        message:
            "Another object with the same value for property userPrincipalName already exists."
                .into(),
        request_id: Some("0f6b1c2e-7d1f-4c3e-9a51-2b8e0d4c6a10".into()),
        date: None,
        details: vec![("ObjectConflict".into(), Some("userPrincipalName".into()))],
    })));
    assert_snapshot!(draw(&form, 80, 24, 0).backend());
}

#[test]
fn discard_confirm_80x24() {
    let mut form = UserForm::edit(&ada());
    type_text(&mut form, "!");
    press(&mut form, KeyCode::Esc);
    assert_snapshot!(draw(&form, 80, 24, 0).backend());
}

#[test]
fn long_form_scrolls_to_keep_the_focused_field_visible() {
    let mut form = UserForm::create(Some("contoso.com"));
    focus(&mut form, FieldId::AccountEnabled);
    assert_snapshot!(draw(&form, 80, 14, 0).backend());
}

#[test]
fn cursor_after_wide_characters() {
    let mut user = ada();
    user.display_name = Some("山田太郎".into());
    let form = UserForm::edit(&user);
    // Edit labels are at most "User principal name" + `*` column = 20 wide; border,
    // padding, marker and gap come before the input.
    let input_x = 1 + 1 + 2 + 20 + 1;
    let mut terminal = draw(&form, 80, 24, 0);
    terminal
        .backend_mut()
        .assert_cursor_position((input_x + 8, 1));
}

#[test]
fn cursor_stays_in_the_box_when_wide_text_scrolls() {
    let mut user = ada();
    user.display_name = Some("漢".repeat(40));
    let mut form = UserForm::edit(&user);
    let input_x = 1 + 1 + 2 + 20 + 1;
    // 80 columns: 76 inside, 25 before the input, 53 left, input 31 wide.
    let input_width = 31;
    let mut terminal = draw(&form, 80, 24, 0);
    let cursor_x = terminal.get_cursor_position().unwrap().x;
    assert!(cursor_x < input_x + input_width, "{cursor_x}");
    assert!(cursor_x >= input_x + input_width - 2, "{cursor_x}");
    // Home scrolls back: cursor at the start of the box.
    press(&mut form, KeyCode::Home);
    let mut terminal = draw(&form, 80, 24, 0);
    terminal.backend_mut().assert_cursor_position((input_x, 1));
}

#[test]
fn renders_at_any_size_without_panicking() {
    let mut form = filled_create();
    form.set_error(&GraphError::Api(Box::new(ApiError {
        status: 400,
        code: "Request_BadRequest".into(),
        message: "Property mailNickname is invalid.".into(),
        request_id: None,
        date: None,
        details: vec![],
    })));
    let mut review = filled_create();
    ctrl(&mut review, 's');
    for form in [&form, &review, &UserForm::edit(&international())] {
        for width in (0..=130).step_by(7) {
            for height in (0..=30).step_by(3) {
                draw(form, width, height, 0);
            }
        }
    }
}

/// The review and discard popups sit over field values; a wide character just left of a popup
/// spills into its first column, and a terminal then hides the left border there. Every row of
/// each popup must keep that column free of a half-covered wide character.
#[test]
fn popups_keep_their_left_border_over_wide_characters() {
    let mut user = ada();
    // Several parities, so some value straddles the popup's left edge whatever its position.
    user.job_title = Some("a東京本社ビル東京本社ビル".into());
    user.department = Some("東京本社ビル東京本社ビル".into());
    user.office_location = Some("ab東京本社ビル東京本社".into());
    user.mobile_phone = Some("abc東京本社ビル東京本社".into());
    let mut discard = UserForm::edit(&user);
    type_text(&mut discard, "!");
    press(&mut discard, KeyCode::Esc);
    // The snapshot is what a terminal shows (the backend skips the cell after a wide
    // character, as a terminal does): the popup's left border is whole. At 86 columns the
    // border falls one column into the values.
    let mut terminal = Terminal::new(TestBackend::new(86, 14)).unwrap();
    let frame = terminal
        .draw(|frame| {
            super::view::render(&discard, &Keymap::default(), false, 0, frame, frame.area());
        })
        .unwrap();
    assert_left_border_visible(frame.buffer);
    assert_snapshot!(terminal.backend());

    // One short change keeps the review narrow, so its edge falls inside the values.
    let mut review = UserForm::edit(&user);
    focus(&mut review, FieldId::UsageLocation);
    press(&mut review, KeyCode::Backspace);
    press(&mut review, KeyCode::Backspace);
    type_text(&mut review, "FR");
    ctrl(&mut review, 's');
    for height in 12..=20 {
        let mut terminal = Terminal::new(TestBackend::new(80, height)).unwrap();
        let frame = terminal
            .draw(|frame| {
                super::view::render(&review, &Keymap::default(), false, 0, frame, frame.area());
            })
            .unwrap();
        assert_left_border_visible(frame.buffer);
    }
}

/// In the drawn buffer, the popup (the one `┌` inside the form) has no wide character just
/// left of any of its rows: a terminal would draw it over the border.
fn assert_left_border_visible(buffer: &ratatui::buffer::Buffer) {
    use unicode_width::UnicodeWidthStr as _;
    let area = buffer.area;
    let corners: Vec<(u16, u16)> = (area.top()..area.bottom())
        .flat_map(|y| (1..area.right()).map(move |x| (x, y)))
        .filter(|&(x, y)| buffer[(x, y)].symbol() == "┌")
        .collect();
    let [(x, top)] = corners[..] else {
        panic!("expected one popup, found corners at {corners:?}");
    };
    for y in top..area.bottom() {
        let left = buffer[(x - 1, y)].symbol();
        assert!(
            left.width() <= 1,
            "'{left}' at ({}, {y}) covers the popup's left border",
            x - 1
        );
        if buffer[(x, y)].symbol() == "└" {
            return;
        }
    }
    panic!("the popup at ({x}, {top}) has no bottom-left corner");
}
