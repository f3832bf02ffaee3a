//! End to end, without a terminal: key presses go into the same `App` (state, reducer, worker)
//! the real loop drives, against the Graph emulator, and after each step the emulator's own
//! state is checked. Waits poll until the app is idle, with a timeout; there are no sleeps.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lazyentra::config::Settings;
use lazyentra::keymap::Keymap;
use lazyentra::runtime::app::{App, AppConfig};
use lazyentra::screens::clear_manager::{ClearManager, Found};
use lazyentra::screens::connect::Connect;
use lazyentra::screens::created_password::{CreatedPassword, Reason};
use lazyentra::screens::manager_picker::ManagerPicker;
use lazyentra::screens::reset_password::{Message, ResetPassword};
use lazyentra::screens::user_detail::UserDetail;
use lazyentra::screens::user_form::UserForm;
use lazyentra::screens::user_list::UserList;
use lazyentra::update::Msg;
use lazyentra_emulator::{Emulator, EmulatorOptions, demo};

const LIMIT: Duration = Duration::from_secs(20);

async fn start_emulator(users: usize) -> Emulator {
    Emulator::start(EmulatorOptions {
        users,
        ..EmulatorOptions::default()
    })
    .await
    .expect("emulator starts")
}

fn app_for(emulator: &Emulator, client_id: &str, secret: &str) -> App {
    let base = emulator.base_url();
    let mut settings = Settings::default().with_demo(&base, demo::TENANT_ID, client_id, secret);
    settings.page_size = 100;
    app_with(&settings)
}

/// The demo admin's settings against `emulator`, with the page size as shipped (999).
fn admin_settings(emulator: &Emulator) -> Settings {
    Settings::default().with_demo(
        &emulator.base_url(),
        demo::TENANT_ID,
        demo::ADMIN_CLIENT_ID,
        demo::ADMIN_CLIENT_SECRET,
    )
}

/// The app with `settings`, in a 120x40 terminal.
fn app_with(settings: &Settings) -> App {
    let mut app = App::new(AppConfig::from_settings(settings, Keymap::default()));
    app.dispatch(Msg::Resize(120, 40));
    app
}

fn press(app: &mut App, code: KeyCode) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn notice(app: &App) -> String {
    lazyentra::fixtures::notice(&app.state)
}

fn loaded(app: &App) -> &UserList {
    app.state.screens.list().expect("the list is open")
}

/// A dialog (form, confirmation, password) is open.
fn has_popup(app: &App) -> bool {
    app.state.screens.top().as_dyn().is_overlay()
}

fn json_str<'a>(value: &'a serde_json::Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(serde_json::Value::as_str)
}

/// Connect with Enter and wait for the first page.
async fn connect(app: &mut App) {
    press(app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    assert!(app.state.screens.list().is_some(), "{}", notice(app));
}

/// Fills the create form: display name, UPN alias (the domain is suggested), generated
/// password; then review and save.
fn fill_create_form(app: &mut App, name: &str, alias: &str) {
    press(app, KeyCode::Char('n'));
    assert!(app.state.screens.top_as::<UserForm>().is_some());
    type_text(app, name);
    for _ in 0..3 {
        press(app, KeyCode::Tab);
    }
    type_text(app, alias);
    press(app, KeyCode::Tab);
    press(app, KeyCode::Tab);
    ctrl(app, 'g');
    ctrl(app, 's');
    press(app, KeyCode::Enter);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_list_search_open_edit_create_delete_disconnect() {
    let emulator = start_emulator(250).await;
    let mut app = app_for(&emulator, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);

    // Connect → the first page of the list, with the tenant's count.
    connect(&mut app).await;
    assert_eq!(loaded(&app).total, Some(250));
    assert!(loaded(&app).rows.len() >= 100);

    // Scroll past the first page: pages arrive before the cursor gets there.
    for _ in 0..150 {
        press(&mut app, KeyCode::Char('j'));
        app.settle(LIMIT).await.unwrap();
    }
    assert_eq!(loaded(&app).selected, 150);
    assert!(loaded(&app).rows.len() >= 200);
    press(&mut app, KeyCode::Char('G'));
    app.settle(LIMIT).await.unwrap();
    press(&mut app, KeyCode::Char('G'));
    app.settle(LIMIT).await.unwrap();
    assert_eq!(
        loaded(&app).rows.len(),
        250,
        "everything loads by scrolling"
    );
    assert!(loaded(&app).next.is_none());

    // Everything is loaded: the filter answers at once and Graph is not asked. Keep it. (A
    // cloud-only user: a synced one's job title is its on-premises directory's.)
    let target = loaded(&app).rows[42..]
        .iter()
        .map(lazyentra::screens::user_list::row::Row::to_user)
        .find(|u| u.on_premises_sync_enabled != Some(true))
        .unwrap();
    let word = target.display_name.clone().unwrap();
    let word = word.split(' ').next_back().unwrap().to_owned();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, &word);
    app.settle(LIMIT).await.unwrap();
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    let list = loaded(&app);
    assert_eq!(list.search.applied, None, "no Graph search");
    let shown: Vec<lazyentra::graph::UserId> =
        list.shown.iter().map(|&i| list.rows[i].id()).collect();
    assert!(shown.contains(&target.id), "{word} finds {target:?}");
    assert!(shown.len() < 250);
    assert_eq!(list.rows.len(), 250, "the loaded rows stay");
    assert_eq!(list.total, Some(250));

    // Open the user: the detail shows it and refreshes it from Graph.
    let index = shown.iter().position(|id| *id == target.id).unwrap();
    press(&mut app, KeyCode::Char('g'));
    for _ in 0..index {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    let Some(detail) = app.state.screens.find::<UserDetail>() else {
        panic!("no detail: {}", notice(&app));
    };
    assert_eq!(detail.user.id, target.id);

    // Edit the job title.
    press(&mut app, KeyCode::Char('e'));
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab);
    }
    ctrl(&mut app, 'u');
    type_text(&mut app, "Chief Emulator Officer");
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    assert!(!has_popup(&app), "form closed: {}", notice(&app));
    assert!(notice(&app).starts_with("Saved "), "{}", notice(&app));
    let stored = emulator.user(target.id.as_str()).unwrap();
    assert_eq!(
        json_str(&stored, "jobTitle"),
        Some("Chief Emulator Officer")
    );
    let Some(detail) = app.state.screens.find::<UserDetail>() else {
        panic!("left the detail");
    };
    assert_eq!(
        detail.user.job_title.as_deref(),
        Some("Chief Emulator Officer")
    );
    let row = loaded(&app).row(&target.id).unwrap();
    assert_eq!(row.job_title(), Some("Chief Emulator Officer"));

    // Back to the list, clear the search.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    app.settle(LIMIT).await.unwrap();
    assert_eq!(loaded(&app).search.applied, None);
    assert_eq!(loaded(&app).total, Some(250));

    // Create a user with a generated password, shown once.
    // The form suggests the tenant's most common member domain.
    let domain = app.state.suggested_domain().expect("a domain to suggest");
    let upn = format!("ada.e2e@{domain}");
    fill_create_form(&mut app, "Ada E2E Lovelace", "ada.e2e");
    app.settle(LIMIT).await.unwrap();
    assert!(
        notice(&app).contains("Created Ada E2E Lovelace"),
        "{}",
        notice(&app)
    );
    let created = emulator.user(&upn).expect("the user exists in the tenant");
    assert_eq!(json_str(&created, "displayName"), Some("Ada E2E Lovelace"));
    assert_eq!(emulator.user_count(), 251);
    let Some(CreatedPassword { upn: shown, .. }) = app.state.screens.top_as::<CreatedPassword>()
    else {
        panic!("no password popup: {:?}", app.state.screens);
    };
    assert_eq!(shown, &upn);
    press(&mut app, KeyCode::Enter);
    let selected = loaded(&app).selected_row().unwrap();
    assert_eq!(selected.upn(), upn);
    assert_eq!(loaded(&app).total, Some(251));

    // The same UPN again: Graph refuses, the form keeps everything and shows why.
    fill_create_form(&mut app, "Ada Again", "ada.e2e");
    app.settle(LIMIT).await.unwrap();
    let form = app
        .state
        .screens
        .find::<UserForm>()
        .expect("the form stays open");
    assert!(form.is_dirty());
    let shown = notice(&app);
    assert!(
        shown.contains("already") || shown.contains("ObjectConflict"),
        "{shown}"
    );
    assert_eq!(emulator.user_count(), 251);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(!has_popup(&app));

    // Delete the new user: confirm, the row goes, the user is in deleted items.
    let id = loaded(&app).selected_row().unwrap().id();
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    app.settle(LIMIT).await.unwrap();
    assert!(emulator.user(id.as_str()).is_none());
    assert!(emulator.deleted_user(id.as_str()).is_some());
    assert!(loaded(&app).row(&id).is_none());
    assert_eq!(loaded(&app).total, Some(250));
    assert!(notice(&app).contains("30 days"));

    // Disconnect: back to the connect screen with nothing loaded.
    press(&mut app, KeyCode::Char('X'));
    app.settle(LIMIT).await.unwrap();
    assert!(app.state.screens.top_as::<Connect>().is_some());
    assert!(app.state.session.is_none());
    assert!(app.state.screens.list().is_none());
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_is_picked_and_removed_and_a_upn_renamed_in_the_tenant() {
    let emulator = start_emulator(40).await;
    let mut app = app_for(&emulator, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    connect(&mut app).await;
    let tenant = emulator.users_snapshot();
    let id = |u: &serde_json::Value| json_str(u, "id").unwrap().to_owned();
    // The first user has no manager in the seed.
    let (user, boss) = (id(&tenant[0]), id(&tenant[9]));
    assert_eq!(emulator.manager_of(&user), None);
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();

    // m: search for the manager by name (Graph's $search, after the pause) and pick it.
    press(&mut app, KeyCode::Char('m'));
    let name = json_str(&tenant[9], "displayName").unwrap();
    type_text(&mut app, name);
    app.settle(LIMIT).await.unwrap();
    let picker = app
        .state
        .screens
        .top_as::<ManagerPicker>()
        .expect("the picker is open");
    let index = picker
        .results
        .iter()
        .position(|u| u.id.as_str() == boss)
        .unwrap_or_else(|| panic!("{name} is found: {:?}", picker.results));
    for _ in 0..index {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    assert!(!has_popup(&app), "{}", notice(&app));
    assert_eq!(emulator.manager_of(&user), Some(boss.clone()));
    assert!(
        notice(&app).contains("is now the manager of"),
        "{}",
        notice(&app)
    );

    // M: the dialog names the manager Graph has, then removes it.
    press(&mut app, KeyCode::Char('M'));
    app.settle(LIMIT).await.unwrap();
    let dialog = app
        .state
        .screens
        .top_as::<ClearManager>()
        .expect("asks first");
    assert!(matches!(&dialog.manager, Found::Some(p) if p.id.as_str() == boss));
    press(&mut app, KeyCode::Char('y'));
    app.settle(LIMIT).await.unwrap();
    assert_eq!(emulator.manager_of(&user), None);
    // Again: nothing to remove, and the dialog says so without a write.
    press(&mut app, KeyCode::Char('M'));
    app.settle(LIMIT).await.unwrap();
    let dialog = app.state.screens.top_as::<ClearManager>().expect("open");
    assert_eq!(dialog.manager, Found::None);
    press(&mut app, KeyCode::Esc);

    // e: rename the UPN, the domain chosen from the tenant's verified domains.
    let old = json_str(&tenant[0], "userPrincipalName")
        .unwrap()
        .to_owned();
    let taken = json_str(&tenant[1], "userPrincipalName")
        .unwrap()
        .to_owned();
    press(&mut app, KeyCode::Char('e'));
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    // First someone else's: Graph's conflict goes beside the field, nothing changes.
    ctrl(&mut app, 'u');
    type_text(&mut app, &taken);
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    assert!(notice(&app).contains("already exists"), "{}", notice(&app));
    assert!(
        app.state.screens.find::<UserForm>().is_some(),
        "the form stays"
    );
    assert_eq!(
        json_str(&emulator.user(&old).unwrap(), "id"),
        Some(user.as_str())
    );

    ctrl(&mut app, 'u');
    type_text(&mut app, "renamed.e2e");
    ctrl(&mut app, 'd');
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    assert!(!has_popup(&app), "{}", notice(&app));
    let new = format!("renamed.e2e@{}", demo::DEFAULT_DOMAIN);
    assert!(notice(&app).contains(&new), "{}", notice(&app));
    let stored = emulator.user(&new).expect("the new name resolves");
    assert_eq!(json_str(&stored, "id"), Some(user.as_str()));
    assert!(
        emulator.user(&old).is_none(),
        "the old name no longer resolves"
    );
    let detail = app.state.screens.find::<UserDetail>().unwrap();
    assert_eq!(detail.user.upn(), new);
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_app_sees_writes_disabled_with_the_reason() {
    let emulator = start_emulator(30).await;
    let mut app = app_for(
        &emulator,
        demo::READER_CLIENT_ID,
        demo::READER_CLIENT_SECRET,
    );
    connect(&mut app).await;
    assert!(notice(&app).contains("User.Read.All"), "{}", notice(&app));
    for key in ['n', 'e', 'd', 'p'] {
        press(&mut app, KeyCode::Char(key));
        assert!(!has_popup(&app), "{key} opened something");
        assert!(
            notice(&app).contains("needs User.ReadWrite.All"),
            "{key}: {}",
            notice(&app)
        );
    }
    assert_eq!(emulator.user_count(), 30);
    emulator.shutdown().await;
}

/// The stored password of the seeded user `upn`, as the emulator keeps it.
fn stored_password(emulator: &Emulator, upn: &str) -> serde_json::Value {
    emulator.user(upn).unwrap()["passwordProfile"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_a_password_then_be_refused_for_a_global_administrator() {
    let emulator = start_emulator(30).await;
    let mut app = app_for(&emulator, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    connect(&mut app).await;

    // An ordinary user: `p` opens with a generated password; Enter resets it.
    let bobby = "robert.tables@contoso.com";
    let before = stored_password(&emulator, bobby);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(loaded(&app).selected_row().unwrap().upn(), bobby);
    press(&mut app, KeyCode::Char('p'));
    let generated = app
        .state
        .screens
        .top_as::<ResetPassword>()
        .expect("the reset dialog")
        .password()
        .to_owned();
    assert_eq!(generated.chars().count(), 16, "{generated:?}");
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    let shown = app
        .state
        .screens
        .top_as::<CreatedPassword>()
        .expect("the new password, shown once");
    assert_eq!(
        secrecy::ExposeSecret::expose_secret(&shown.password),
        generated
    );
    assert_eq!(shown.reason, Reason::Reset { force_change: true });
    let stored = stored_password(&emulator, bobby);
    assert_ne!(stored, before);
    assert_eq!(json_str(&stored, "password"), Some(generated.as_str()));
    assert_eq!(stored["forceChangePasswordNextSignIn"], true);
    press(&mut app, KeyCode::Enter);
    assert!(!has_popup(&app));
    assert!(
        !format!("{:?}", app.state.screens).contains(&generated),
        "dismissed, it is gone"
    );

    // A Global Administrator: the demo app holds User Administrator only, so Graph refuses;
    // the dialog stays with the typed password and says which role to assign.
    let megan = demo::GLOBAL_ADMINISTRATOR_UPN;
    let before = stored_password(&emulator, megan);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "megan");
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    assert_eq!(loaded(&app).selected_row().unwrap().upn(), megan);
    press(&mut app, KeyCode::Char('p'));
    type_text(&mut app, "Own-Passw0rd!");
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    let dialog = app
        .state
        .screens
        .top_as::<ResetPassword>()
        .expect("the dialog stays");
    assert_eq!(dialog.password(), "Own-Passw0rd!");
    assert!(matches!(dialog.message, Some(Message::Failed(_))));
    let said = notice(&app);
    assert!(said.contains("403 Authorization_RequestDenied"), "{said}");
    assert!(
        said.contains("Privileged Authentication Administrator for any admin"),
        "{said}"
    );
    assert_eq!(stored_password(&emulator, megan), before);
    press(&mut app, KeyCode::Esc);
    assert!(!has_popup(&app));
    emulator.shutdown().await;
}

/// The app's screen as text, drawn as the terminal would show it.
fn screen_text(app: &App) -> String {
    lazyentra::fixtures::screen_text(&app.state)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_synced_user_is_edited_where_the_cloud_owns_it_and_its_reset_says_where_to_go() {
    let emulator = start_emulator(120).await;
    let synced = emulator
        .users_snapshot()
        .into_iter()
        .find(|u| u["onPremisesSyncEnabled"] == true)
        .expect("the demo's parent company is synced from on-premises");
    let upn = json_str(&synced, "userPrincipalName").unwrap().to_owned();
    let mut app = app_for(&emulator, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    connect(&mut app).await;
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, &upn);
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    assert_eq!(loaded(&app).selected_row().unwrap().upn(), upn);

    // The detail says so; its edit form holds what the cloud owns and says where the rest is
    // changed.
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    let screen = screen_text(&app);
    assert!(
        screen.contains("On-premises sync    Yes: synced from Active Directory"),
        "{screen}"
    );
    press(&mut app, KeyCode::Char('e'));
    assert!(app.state.screens.top_as::<UserForm>().is_some());
    let screen = screen_text(&app);
    assert!(
        screen.contains("Synced from on-premises Active Directory"),
        "{screen}"
    );
    assert!(
        screen.contains("Usage location") && !screen.contains("Job title"),
        "{screen}"
    );
    ctrl(&mut app, 'u');
    type_text(&mut app, "DE");
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    assert!(notice(&app).starts_with("Saved "), "{}", notice(&app));
    let stored = emulator.user(&upn).unwrap();
    assert_eq!(json_str(&stored, "usageLocation"), Some("DE"));
    assert_eq!(stored["displayName"], synced["displayName"]);

    // Graph refuses a password reset (no password writeback): the dialog says where to go.
    press(&mut app, KeyCode::Esc);
    assert!(app.state.screens.find::<UserDetail>().is_none());
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    assert!(
        app.state.screens.top_as::<ResetPassword>().is_some(),
        "the dialog stays"
    );
    let said = notice(&app);
    assert!(said.contains("400 Request_BadRequest"), "{said}");
    assert!(said.contains("password writeback"), "{said}");
    press(&mut app, KeyCode::Esc);
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_stays_on_the_connect_screen_with_the_reason() {
    let emulator = start_emulator(5).await;
    let mut app = app_for(&emulator, demo::ADMIN_CLIENT_ID, "not-the-secret");
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    assert!(app.state.screens.top_as::<Connect>().is_some());
    let shown = app
        .state
        .screens
        .find::<Connect>()
        .and_then(|c| c.error.as_ref())
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(shown.contains("AADSTS7000215"), "{shown}");
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_all_lists_every_user_of_a_5000_user_tenant_once() {
    let emulator = start_emulator(5_000).await;
    // The default page size (999): six pages.
    let settings = admin_settings(&emulator);
    assert_eq!(settings.page_size, 999);
    let mut app = app_with(&settings);
    connect(&mut app).await;
    assert_eq!(loaded(&app).rows.len(), 999);
    assert_eq!(loaded(&app).total, Some(5_000));

    // Graph throttles now and then: the client retries those pages and the load goes on.
    emulator.set_faults(lazyentra_emulator::Faults {
        throttle_every: Some(3),
        retry_after: Duration::from_millis(20),
        ..lazyentra_emulator::Faults::default()
    });
    press(&mut app, KeyCode::Char('L'));
    assert!(loaded(&app).load_all.is_some());
    // The list stays usable while the pages come in.
    press(&mut app, KeyCode::Char('j'));
    app.settle(LIMIT).await.unwrap();

    let list = loaded(&app);
    assert!(list.load_all.is_none());
    assert!(list.next.is_none());
    assert_eq!(list.selected, 1);
    let listed: Vec<String> = list.rows.iter().map(|r| r.id().to_string()).collect();
    let unique: std::collections::HashSet<&str> = listed.iter().map(String::as_str).collect();
    assert_eq!(
        (listed.len(), unique.len()),
        (5_000, 5_000),
        "each user once"
    );
    let tenant = emulator.users_snapshot();
    assert!(
        tenant
            .iter()
            .all(|u| json_str(u, "id").is_some_and(|id| unique.contains(id))),
        "every user of the tenant is listed"
    );
    assert_eq!(notice(&app), "Loaded all 5,000 users (5 more pages)");

    // Nothing left: L says so and asks Graph for nothing.
    let requests = emulator.request_count();
    press(&mut app, KeyCode::Char('L'));
    assert!(app.is_idle());
    assert_eq!(notice(&app), "All 5,000 users are loaded");
    assert_eq!(emulator.request_count(), requests);
    emulator.shutdown().await;
}

/// The worker pulls `L`'s pages itself: a page that still fails after the retries stops the
/// load with the error and keeps the rows, `L` goes on from that page, and Esc stops a load
/// under way with no page taken in after it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_all_stops_on_a_failed_page_and_on_esc_and_goes_on_with_l() {
    let emulator = start_emulator(5_000).await;
    let mut settings = admin_settings(&emulator);
    settings.max_retries = 0;
    let mut app = app_with(&settings);
    connect(&mut app).await;
    assert_eq!(loaded(&app).rows.len(), 999);

    // Every request fails: the load's first page does, and the load stops there.
    emulator.set_faults(lazyentra_emulator::Faults {
        unavailable_every: Some(1),
        retry_after: Duration::from_millis(10),
        ..lazyentra_emulator::Faults::default()
    });
    press(&mut app, KeyCode::Char('L'));
    app.settle(LIMIT).await.unwrap();
    let list = loaded(&app);
    assert!(list.load_all.is_none(), "the load stopped");
    assert_eq!(list.rows.len(), 999, "the rows stay");
    assert!(list.next.is_some(), "the failed page is still to come");
    assert!(notice(&app).contains("503"), "{}", notice(&app));

    // Slow pages now: Esc once the load has taken a page in.
    emulator.set_faults(lazyentra_emulator::Faults {
        latency: Duration::from_millis(300),
        ..lazyentra_emulator::Faults::default()
    });
    press(&mut app, KeyCode::Char('L'));
    while loaded(&app).rows.len() == 999 {
        assert!(app.step().await, "the load ended early: {}", notice(&app));
    }
    press(&mut app, KeyCode::Esc);
    let stopped_at = loaded(&app).rows.len();
    assert!(stopped_at < 5_000, "{stopped_at}");
    assert!(
        notice(&app).starts_with("Load stopped at"),
        "{}",
        notice(&app)
    );
    app.settle(LIMIT).await.unwrap();
    assert_eq!(loaded(&app).rows.len(), stopped_at, "no page after Esc");

    // L goes on from where it stopped, to the end, each user once.
    emulator.set_faults(lazyentra_emulator::Faults::default());
    press(&mut app, KeyCode::Char('L'));
    app.settle(LIMIT).await.unwrap();
    let list = loaded(&app);
    let unique: std::collections::HashSet<String> =
        list.rows.iter().map(|r| r.id().to_string()).collect();
    assert_eq!((list.rows.len(), unique.len()), (5_000, 5_000));
    assert!(list.next.is_none() && list.load_all.is_none());
    emulator.shutdown().await;
}

fn top_detail(app: &App) -> &UserDetail {
    app.state
        .screens
        .top_as::<UserDetail>()
        .unwrap_or_else(|| panic!("no detail in front: {}", notice(app)))
}

/// The detail reads the user, then each relation, from the emulator; Enter on a direct report
/// opens it over its manager, and Esc comes back. The reader app sees the reasons instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_detail_shows_relations_and_opens_a_report() {
    use lazyentra::graph::{MembershipKind, SignInUnavailable};
    use lazyentra::screens::user_detail::{Section, SignIns};
    let emulator = start_emulator(40).await;
    let seeded = emulator.users_snapshot();
    let mut app = app_for(&emulator, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    connect(&mut app).await;
    // The first user: no manager, five reports, and the Global Administrator role.
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    let detail = top_detail(&app);
    assert_eq!(detail.user.id.as_str(), seeded[0]["id"]);
    let relations = &detail.relations;
    assert_eq!(
        relations.manager.value,
        Some(None),
        "no manager is no error"
    );
    let reports = relations.reports.value.clone().unwrap();
    assert_eq!(reports.len(), 5);
    let groups = relations.groups.value.as_ref().unwrap();
    assert!(
        groups
            .iter()
            .any(|m| m.kind() == MembershipKind::DirectoryRole
                && m.display_name.as_deref() == Some("Global Administrator")),
        "{groups:?}"
    );
    assert!(relations.licenses.value.is_some());
    assert!(matches!(
        relations.sign_ins.value,
        Some(SignIns::Seen { .. })
    ));
    assert!(app.state.errors.is_empty(), "{:?}", app.state.errors);

    // Tab to the direct reports, down to the first, Enter: its detail, its manager the first.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(top_detail(&app).cursor, (Section::Reports, 0));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    let report = top_detail(&app);
    assert_eq!(report.user.id, reports[0].user.id);
    let manager = report.relations.manager.value.clone().flatten().unwrap();
    assert_eq!(manager.user.id.as_str(), seeded[0]["id"]);
    press(&mut app, KeyCode::Esc);
    assert_eq!(top_detail(&app).user.id.as_str(), seeded[0]["id"]);

    // The reader app: sign-ins not asked for, groups without names, nothing failed.
    let mut app = app_for(
        &emulator,
        demo::READER_CLIENT_ID,
        demo::READER_CLIENT_SECRET,
    );
    connect(&mut app).await;
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    let relations = &top_detail(&app).relations;
    assert_eq!(
        relations.sign_ins.value,
        Some(SignIns::Unavailable(SignInUnavailable::Permission))
    );
    let groups = relations.groups.value.as_ref().unwrap();
    assert!(groups.iter().all(|m| m.display_name.is_none()));
    assert!(app.state.errors.is_empty(), "{:?}", app.state.errors);
}

/// Block (with its sessions revoked), undo it, delete, undo that (restore), delete again and
/// delete for good from deleted users: after each step the emulator holds what the screen says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn block_undo_delete_restore_and_purge_change_the_tenant() {
    use lazyentra::screens::deleted_users::DeletedUsers;
    let emulator = start_emulator(60).await;
    let mut app = app_for(&emulator, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    connect(&mut app).await;
    let user = loaded(&app).selected_row().unwrap().to_user();
    let id = user.id.as_str().to_owned();
    let enabled = |emulator: &Emulator| emulator.user(&id).unwrap()["accountEnabled"].clone();

    // b: block, its sessions revoked too (on by default).
    press(&mut app, KeyCode::Char('b'));
    press(&mut app, KeyCode::Char('y'));
    app.settle(LIMIT).await.unwrap();
    assert_eq!(enabled(&emulator), serde_json::json!(false));
    assert!(
        notice(&app).contains("revoked its sessions"),
        "{}",
        notice(&app)
    );
    assert_eq!(
        loaded(&app).selected_row().unwrap().account_enabled(),
        Some(false)
    );

    // z: the unblock is asked for, then done.
    press(&mut app, KeyCode::Char('z'));
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    assert_eq!(enabled(&emulator), serde_json::json!(true));

    // d, then z: deleted, then restored from deleted items.
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    app.settle(LIMIT).await.unwrap();
    assert!(emulator.user(&id).is_none() && emulator.deleted_user(&id).is_some());
    press(&mut app, KeyCode::Char('z'));
    press(&mut app, KeyCode::Char('y'));
    app.settle(LIMIT).await.unwrap();
    assert!(emulator.user(&id).is_some(), "{}", notice(&app));
    assert!(emulator.deleted_user(&id).is_none());
    assert!(
        loaded(&app).rows.iter().any(|u| u.id() == user.id),
        "back in the list"
    );

    // Delete again, then P in deleted users with the UPN typed: gone for good.
    let at = loaded(&app)
        .rows
        .iter()
        .position(|u| u.id() == user.id)
        .unwrap();
    press(&mut app, KeyCode::Char('g'));
    for _ in 0..at {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(loaded(&app).selected_row().unwrap().id(), user.id);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    app.settle(LIMIT).await.unwrap();
    press(&mut app, KeyCode::Char('D'));
    app.settle(LIMIT).await.unwrap();
    let deleted = app
        .state
        .screens
        .top_as::<DeletedUsers>()
        .expect("deleted users");
    let row = deleted.users.iter().position(|u| u.id == user.id).unwrap();
    for _ in 0..row {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char('P'));
    type_text(&mut app, user.upn());
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    assert!(emulator.deleted_user(&id).is_none(), "{}", notice(&app));
    assert!(emulator.user(&id).is_none());
}

/// Another admin's Graph client for the emulator: changes the tenant behind the app's back.
fn other_admin(emulator: &Emulator) -> lazyentra::graph::GraphClient {
    use lazyentra::graph::{ClientConfig, Credential, GraphClient};
    let base = emulator.base_url();
    GraphClient::new(ClientConfig {
        tenant_id: demo::TENANT_ID.to_owned(),
        client_id: demo::ADMIN_CLIENT_ID.to_owned(),
        credential: Credential::Secret(demo::ADMIN_CLIENT_SECRET.to_owned().into()),
        authority_host: base.clone(),
        graph_endpoint: base,
        page_size: 999,
        request_timeout: Duration::from_secs(10),
        max_retries: 0,
        max_retry_wait: Duration::from_secs(1),
    })
    .unwrap()
}

/// Every row holds what the tenant holds for the list's columns, each user once.
fn rows_match_the_tenant(app: &App, emulator: &Emulator) {
    let list = loaded(app);
    let tenant = emulator.users_snapshot();
    assert_eq!(list.rows.len(), tenant.len());
    for user in &tenant {
        let id = lazyentra::graph::UserId::from(json_str(user, "id").unwrap());
        let row = list
            .row(&id)
            .unwrap_or_else(|| panic!("{id} is not listed"));
        assert_eq!(row.display_name(), json_str(user, "displayName"), "{id}");
        assert_eq!(row.upn(), json_str(user, "userPrincipalName").unwrap());
        assert_eq!(row.mail(), json_str(user, "mail"), "{id}");
        assert_eq!(row.job_title(), json_str(user, "jobTitle"), "{id}");
        assert_eq!(row.department(), json_str(user, "department"), "{id}");
        assert_eq!(
            row.account_enabled(),
            user.get("accountEnabled")
                .and_then(serde_json::Value::as_bool)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_on_a_whole_10000_user_tenant_reads_and_applies_only_what_changed() {
    use lazyentra::graph::{Change, NewUser, PasswordProfile, UserPatch};
    let emulator = start_emulator(10_000).await;
    let mut app = app_with(&admin_settings(&emulator));
    connect(&mut app).await;
    press(&mut app, KeyCode::Char('L'));
    app.settle(LIMIT).await.unwrap();
    assert_eq!(loaded(&app).rows.len(), 10_000);
    assert!(loaded(&app).delta.is_some(), "the listing's delta link");
    for _ in 0..20 {
        press(&mut app, KeyCode::PageDown);
    }
    let chosen = loaded(&app).selected_row().unwrap().id();

    // Another admin changes the tenant meanwhile.
    let other = other_admin(&emulator);
    // Cloud-only users: a synced one's title and department belong to its on-premises
    // directory, and Graph refuses to change them.
    let tenant: Vec<_> = emulator
        .users_snapshot()
        .into_iter()
        .filter(|u| u["onPremisesSyncEnabled"] != true)
        .collect();
    let id_at = |i: usize| lazyentra::graph::UserId::from(json_str(&tenant[i], "id").unwrap());
    let (retitled, cleared, deleted) = (id_at(10), id_at(20), id_at(30));
    assert!(![&retitled, &cleared, &deleted].contains(&&chosen));
    let domain = app.state.suggested_domain().unwrap();
    other
        .create_user(&NewUser {
            account_enabled: true,
            display_name: "Delta Newcomer".to_owned(),
            mail_nickname: "delta.newcomer".to_owned(),
            user_principal_name: format!("delta.newcomer@{domain}"),
            password_profile: PasswordProfile {
                password: "xWwvJ]6NMw+bWH-d".to_owned(),
                force_change_password_next_sign_in: true,
            },
            given_name: None,
            surname: None,
            job_title: Some("Newcomer".to_owned()),
            department: Some("Finance".to_owned()),
            office_location: None,
            mobile_phone: None,
            business_phones: Vec::new(),
            usage_location: None,
            street_address: None,
            city: None,
            state: None,
            postal_code: None,
            country: None,
        })
        .await
        .unwrap();
    let retitle = UserPatch {
        job_title: Change::Set("Chief Delta Officer".to_owned()),
        ..UserPatch::default()
    };
    other.update_user(&retitled, &retitle).await.unwrap();
    let clear = UserPatch {
        department: Change::Clear,
        ..UserPatch::default()
    };
    other.update_user(&cleared, &clear).await.unwrap();
    other.delete_user(&deleted).await.unwrap();

    // r reads only the changes: one request, not eleven pages.
    let requests = emulator.request_count();
    press(&mut app, KeyCode::Char('r'));
    app.settle(LIMIT).await.unwrap();
    assert_eq!(emulator.request_count(), requests + 1);
    assert_eq!(notice(&app), "Refreshed: 1 added, 2 changed, 1 removed");
    assert_eq!(loaded(&app).selected_row().unwrap().id(), chosen);
    assert_eq!(loaded(&app).total, Some(10_000));
    rows_match_the_tenant(&app, &emulator);

    // The selected user removed: the row after it is selected.
    let next = {
        let list = loaded(&app);
        list.shown_row(list.selected + 1).unwrap().id()
    };
    other.delete_user(&chosen).await.unwrap();
    press(&mut app, KeyCode::Char('r'));
    app.settle(LIMIT).await.unwrap();
    assert_eq!(notice(&app), "Refreshed: 0 added, 0 changed, 1 removed");
    assert_eq!(loaded(&app).selected_row().unwrap().id(), next);
    rows_match_the_tenant(&app, &emulator);

    // Graph forgot the changes (the link expired): every user is loaded again, and said so.
    emulator.expire_delta_links();
    press(&mut app, KeyCode::Char('r'));
    app.settle(LIMIT).await.unwrap();
    assert!(
        notice(&app).contains("every user loaded again"),
        "{}",
        notice(&app)
    );
    assert_eq!(loaded(&app).selected_row().unwrap().id(), next);
    emulator.shutdown().await;
}

/// Issue 9: `L` on a 10,000-user tenant, then the local filter and sort answered from the
/// loaded rows, checked against the emulator's own users: accents and case ignored (`muller`
/// finds José Müller), other scripts found as written and through their UPN (`山田`, `yamada`),
/// field filters combined with free text, and `s` sorting by the folded display name.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filter_and_sort_on_a_loaded_10000_user_tenant_match_the_tenant() {
    use lazyentra::screens::user_list::filter::fold;

    let emulator = start_emulator(10_000).await;
    let mut app = app_with(&admin_settings(&emulator));
    connect(&mut app).await;
    press(&mut app, KeyCode::Char('L'));
    app.settle(LIMIT).await.unwrap();
    assert_eq!(loaded(&app).rows.len(), 10_000);
    let requests = emulator.request_count();

    let tenant = emulator.users_snapshot();
    let text = |u: &serde_json::Value, key: &str| fold(json_str(u, key).unwrap_or_default());
    // What the filter should show, worked out from the tenant's JSON.
    let expected = |keep: &dyn Fn(&serde_json::Value) -> bool| -> Vec<String> {
        let mut names: Vec<String> = tenant
            .iter()
            .filter(|u| keep(u))
            .map(|u| {
                json_str(u, "userPrincipalName")
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        names.sort();
        names
    };
    let shown = |app: &App| -> Vec<String> {
        let list = loaded(app);
        let mut upns: Vec<String> = list
            .shown
            .iter()
            .map(|&i| list.rows[i].upn().to_owned())
            .collect();
        upns.sort();
        upns
    };
    let free = |u: &serde_json::Value, word: &str| {
        [
            "displayName",
            "userPrincipalName",
            "mail",
            "jobTitle",
            "department",
        ]
        .iter()
        .any(|key| text(u, key).contains(word))
    };
    press(&mut app, KeyCode::Char('/'));
    for (typed, keep) in [
        (
            "muller",
            &(|u: &serde_json::Value| free(u, "muller")) as &dyn Fn(&_) -> bool,
        ),
        ("MÜLLER", &|u: &serde_json::Value| free(u, "muller")),
        ("yamada", &|u: &serde_json::Value| free(u, "yamada")),
        ("山田", &|u: &serde_json::Value| free(u, "山田")),
        ("zoe nunez", &|u: &serde_json::Value| {
            free(u, "zoe") && free(u, "nunez")
        }),
        ("dept:fin enabled:no", &|u: &serde_json::Value| {
            text(u, "department").contains("fin") && u["accountEnabled"] == false
        }),
        ("a title:engineer", &|u: &serde_json::Value| {
            free(u, "a") && text(u, "jobTitle").contains("engineer")
        }),
        ("guest", &|u: &serde_json::Value| {
            json_str(u, "userType") == Some("Guest")
                || text(u, "userPrincipalName").contains("#ext#")
        }),
    ] {
        ctrl(&mut app, 'u');
        type_text(&mut app, typed);
        let want = expected(keep);
        assert!(!want.is_empty(), "{typed}: the tenant has such users");
        assert_eq!(shown(&app), want, "{typed}");
    }
    let list = loaded(&app);
    let names: Vec<&str> = list.shown.iter().map(|&i| list.rows[i].label()).collect();
    assert!(!names.is_empty());
    // 山田 太郎 and José Müller are found by what they are called.
    ctrl(&mut app, 'u');
    type_text(&mut app, "yamada");
    let list = loaded(&app);
    assert!(
        list.shown
            .iter()
            .any(|&i| list.rows[i].label() == "山田 太郎"),
        "yamada finds 山田 太郎"
    );
    ctrl(&mut app, 'u');
    type_text(&mut app, "muller");
    let list = loaded(&app);
    assert!(
        list.shown
            .iter()
            .any(|&i| list.rows[i].label() == "José Müller"),
        "muller finds José Müller"
    );

    // `s` sorts every loaded user by display name, case and accents folded; `S` reverses.
    ctrl(&mut app, 'u');
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('s'));
    let folded_names = |app: &App| -> Vec<String> {
        let list = loaded(app);
        list.shown
            .iter()
            .map(|&i| fold(list.rows[i].label()))
            .collect()
    };
    let ascending = folded_names(&app);
    assert_eq!(ascending.len(), 10_000);
    assert!(ascending.windows(2).all(|w| w[0] <= w[1]), "sorted by name");
    press(&mut app, KeyCode::Char('S'));
    let mut descending = folded_names(&app);
    descending.reverse();
    assert_eq!(descending, ascending, "S reverses");
    assert_eq!(
        emulator.request_count(),
        requests,
        "everything is loaded: Graph is not asked"
    );
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_marked_users_are_blocked_in_batches_and_the_administrators_refuse() {
    use lazyentra::screens::bulk_summary::{BulkSummary, Ended};
    let emulator = start_emulator(200).await;
    let mut app = app_for(&emulator, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    connect(&mut app).await;
    for _ in 0..50 {
        press(&mut app, KeyCode::Char(' '));
    }
    app.settle(LIMIT).await.unwrap();
    assert_eq!(loaded(&app).marked_count(), 50);

    // b: the review counts the ones blocked already; y sends the rest through $batch.
    press(&mut app, KeyCode::Char('b'));
    let review = app
        .state
        .screens
        .top_as::<lazyentra::screens::bulk_review::BulkReview>()
        .expect("the review");
    let to_block = review.count();
    press(&mut app, KeyCode::Char('y'));
    app.settle(LIMIT).await.unwrap();

    let summary = app
        .state
        .screens
        .top_as::<BulkSummary>()
        .expect("the summary")
        .clone();
    let (done, failed, not_sent) = summary.counts();
    assert_eq!((done + failed, not_sent), (to_block, 0));
    assert!(failed >= 1, "the administrators refuse");
    let refused: Vec<&str> = summary
        .failed()
        .map(|(item, _)| item.upn.as_str())
        .collect();
    assert!(
        refused.contains(&demo::GLOBAL_ADMINISTRATOR_UPN),
        "{refused:?}"
    );
    for (item, error) in summary.failed() {
        assert_eq!(error.status(), Some(403), "{}: {error}", item.upn);
        assert_eq!(error.code(), Some("Authorization_RequestDenied"));
        assert!(error.request_id().is_some_and(|id| !id.is_empty()));
    }
    // The tenant and the list agree with the summary, user by user.
    for item in &summary.items {
        let stored = emulator.user(&item.target).unwrap()["accountEnabled"].clone();
        let row = loaded(&app)
            .row(&item.target.as_str().into())
            .expect("still listed");
        match &item.ended {
            Ended::Done => {
                assert_eq!(stored, serde_json::json!(false), "{}", item.upn);
                assert_eq!(row.account_enabled(), Some(false));
            }
            Ended::Failed(_) => {
                assert_eq!(stored, serde_json::json!(true), "{}", item.upn);
                assert_eq!(row.account_enabled(), Some(true));
            }
            Ended::NotSent => panic!("nothing was stopped"),
        }
    }
    // Every failure is in the error history too.
    assert_eq!(app.state.errors.len(), failed);
    assert!(
        notice(&app).contains(&format!("{done} done, {failed} failed")),
        "{}",
        notice(&app)
    );
    // The marks stay for the next action; Esc closes the summary.
    press(&mut app, KeyCode::Esc);
    assert_eq!(loaded(&app).marked_count(), 50);
}

/// A 500-row bulk-create file: every 20th row broken in one of five ways (25 refused), the
/// rest alternating generated and typed passwords, every 7th with sign-in blocked.
fn bulk_create_file() -> String {
    use std::fmt::Write as _;
    let mut file = String::from(
        "\u{feff}version:v1.0\r\nName [displayName] Required,User name [userPrincipalName] Required,\
         Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,\
         Department [department],Usage location [usageLocation]\r\n",
    );
    for i in 0..500 {
        let (name, upn, password, block) = match (i % 20 == 19, i / 20 % 5) {
            (true, 0) => (
                format!("Bad Domain {i}"),
                format!("import{i}@fabrikam.com"),
                "generate".to_owned(),
                "No",
            ),
            (true, 1) => (
                format!("Weak {i}"),
                format!("import{i}@contoso.com"),
                "password".to_owned(),
                "No",
            ),
            (true, 2) => (
                format!("Again {i}"),
                "import0@contoso.com".to_owned(),
                "generate".to_owned(),
                "No",
            ),
            (true, 3) => (
                String::new(),
                format!("import{i}@contoso.com"),
                "generate".to_owned(),
                "No",
            ),
            (true, _) => (
                format!("Maybe {i}"),
                format!("import{i}@contoso.com"),
                "generate".to_owned(),
                "Maybe",
            ),
            (false, _) => (
                if i == 1 {
                    "\"Müller, José\"".to_owned()
                } else if i == 2 {
                    "山田 太郎".to_owned()
                } else {
                    format!("Import User {i}")
                },
                format!("import{i}@contoso.com"),
                if i % 2 == 0 {
                    "generate".to_owned()
                } else {
                    format!("Xy7!secret-{i}")
                },
                if i % 7 == 0 { "Yes" } else { "No" },
            ),
        };
        let _ = write!(file, "{name},{upn},{password},{block},Imports,GB\r\n");
    }
    file
}

/// `:import` of a 500-row file into the demo tenant: the bad rows are refused before anything
/// is sent, the rest are created (checked in the emulator), the generated passwords are in a
/// 0600 file beside the input and are the ones the tenant holds, and the list shows the users.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn importing_500_rows_refuses_the_bad_ones_and_creates_the_rest() {
    use lazyentra::screens::import::{Import, Phase};
    let emulator = start_emulator(40).await;
    let mut app = app_for(&emulator, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    connect(&mut app).await;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("new hires.csv");
    std::fs::write(&input, bulk_create_file()).unwrap();
    let before = emulator.user_count();

    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, &format!("import {}", input.display()));
    press(&mut app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    let import = app.state.screens.find::<Import>().expect("the review");
    let Phase::Review(review) = &import.phase else {
        panic!("not reviewed: {:?}", import.phase);
    };
    assert_eq!(review.file.checked.refused.len(), 25);
    assert_eq!(review.file.checked.create.len(), 475);
    let generated = review.generated();
    let refused_lines: Vec<u64> = review.file.checked.refused.iter().map(|r| r.line).collect();
    assert_eq!(refused_lines[0], 22, "row 19 is the file's line 22");
    assert_eq!(emulator.user_count(), before, "nothing sent before the yes");

    press(&mut app, KeyCode::Char('y'));
    app.settle(Duration::from_secs(60)).await.unwrap();
    assert_eq!(emulator.user_count(), before + 475, "{}", notice(&app));
    assert!(emulator.user("import19@fabrikam.com").is_none());
    assert!(
        emulator.user("import39@contoso.com").is_none(),
        "a weak password is refused"
    );
    assert_eq!(
        emulator.user("import7@contoso.com").unwrap()["accountEnabled"],
        serde_json::json!(false),
        "Block sign in Yes"
    );
    assert_eq!(
        emulator.user("import1@contoso.com").unwrap()["displayName"],
        serde_json::json!("Müller, José")
    );
    assert_eq!(
        emulator.user("import2@contoso.com").unwrap()["displayName"],
        serde_json::json!("山田 太郎")
    );
    let list = loaded(&app);
    let row = |upn: &str| list.rows.iter().find(|r| r.upn() == upn);
    let hire = row("import42@contoso.com").expect("the created users are in the list");
    assert_eq!(
        hire.department(),
        Some("Imports"),
        "what was sent fills the row"
    );
    assert_eq!(
        row("import7@contoso.com").unwrap().account_enabled(),
        Some(false),
        "shown blocked"
    );

    // The passwords file: beside the input, owner-only, the generated passwords Graph holds.
    let passwords: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("new hires.passwords-"))
        .collect();
    assert_eq!(passwords.len(), 1, "{passwords:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&passwords[0])
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    let text = std::fs::read_to_string(&passwords[0]).unwrap();
    let rows: Vec<(&str, &str)> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .collect();
    assert_eq!(rows.len(), generated);
    let (upn, password) = rows[1];
    assert_eq!(upn, "import2@contoso.com");
    assert_eq!(
        stored_password(&emulator, upn)["password"],
        serde_json::json!(password)
    );
    assert!(!notice(&app).contains(password), "never on the status line");

    // The summary says where the passwords are, and shows none of them.
    let summary = app
        .state
        .screens
        .top_as::<lazyentra::screens::bulk_summary::state::BulkSummary>()
        .expect("the summary");
    assert_eq!(summary.counts(), (475, 0, 0));
    assert!(
        summary.notes[0].contains(&passwords[0].display().to_string()),
        "{:?}",
        summary.notes
    );
    let drawn = format!("{:?}", app.state.screens);
    assert!(!drawn.contains(password), "no screen holds a password");
}
/// The app with the demo's two tenants as profiles (`contoso`, `fabrikam`), as `--demo` has
/// them, against `emulator`; not yet signed in.
fn app_with_demo_profiles(emulator: &Emulator) -> App {
    let profiles = lazyentra::config::Profiles::load_from(&lazyentra::config::Sources::default())
        .unwrap()
        .with_demos(&lazyentra::demo::demo_tenants(&emulator.base_url()));
    let config = AppConfig {
        profiles: lazyentra::profile::ProfileList::from_config(&profiles),
        store: None,
        keymap: Keymap::default(),
        auto_connect: false,
        views: std::collections::BTreeMap::new(),
    };
    let mut app = App::new(config);
    app.dispatch(Msg::Resize(120, 40));
    app
}

/// `:tenant NAME`, and the wait for its list.
async fn switch_to(app: &mut App, name: &str) {
    press(app, KeyCode::Char(':'));
    type_text(app, &format!("tenant {name}"));
    press(app, KeyCode::Enter);
    app.settle(LIMIT).await.unwrap();
    assert_eq!(app.state.connect.name, name);
    assert!(app.state.screens.list().is_some(), "{}", notice(app));
}

fn upns(app: &App) -> Vec<String> {
    loaded(app)
        .rows
        .iter()
        .map(|r| r.to_user().upn().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_profile_keeps_its_token_so_switching_back_asks_for_no_new_one() {
    let emulator = start_emulator(40).await;
    let mut app = app_with_demo_profiles(&emulator);
    connect(&mut app).await;
    assert_eq!(app.state.connect.name, "contoso");
    assert!(upns(&app).iter().any(|u| u.ends_with("@contoso.com")));
    let org = app.state.session.as_ref().unwrap().organization.clone();
    assert_eq!(org.as_deref(), Some(demo::TENANT_NAME));
    assert_eq!(emulator.token_requests_for(demo::TENANT_ID), 1);

    switch_to(&mut app, "fabrikam").await;
    assert_eq!(loaded(&app).total, Some(demo::FABRIKAM_USERS as u64));
    assert!(
        upns(&app).iter().all(|u| u.contains("fabrikam")),
        "{:?}",
        upns(&app)
    );
    assert!(app.state.connect.read_only);
    let org = app.state.session.as_ref().unwrap().organization.clone();
    assert_eq!(org.as_deref(), Some(demo::FABRIKAM_NAME));
    assert_eq!(emulator.token_requests_for(demo::FABRIKAM_TENANT_ID), 1);

    // Back and forth within the tokens' lifetime: no token request at all.
    switch_to(&mut app, "contoso").await;
    assert!(upns(&app).iter().any(|u| u.ends_with("@contoso.com")));
    switch_to(&mut app, "fabrikam").await;
    switch_to(&mut app, "contoso").await;
    assert_eq!(emulator.token_requests_for(demo::TENANT_ID), 1);
    assert_eq!(emulator.token_requests_for(demo::FABRIKAM_TENANT_ID), 1);
    assert_eq!(emulator.token_requests(), 2);
    assert_eq!(emulator.unauthorized_count(), 0);

    // X drops every token: connecting again asks for a new one.
    press(&mut app, KeyCode::Char('X'));
    app.settle(LIMIT).await.unwrap();
    connect(&mut app).await;
    assert_eq!(emulator.token_requests_for(demo::TENANT_ID), 2);
    switch_to(&mut app, "fabrikam").await;
    assert_eq!(emulator.token_requests_for(demo::FABRIKAM_TENANT_ID), 2);
}
