//! The profile form and the removal dialog through the reducer, from the connect screen:
//! what is asked of the runtime, and what an answer (or a failure) does to the screens.

use std::path::PathBuf;

use crossterm::event::KeyCode;
use secrecy::{ExposeSecret as _, SecretString};

use crate::config::write::{CredentialChange, ProfileChange, Removed, Saved, WriteError};
use crate::config::{ProfileEntry, ProfileSource, Profiles, SecretSource, Settings};
use crate::fixtures::{self, CONFIG_FILE, ctrl, key, notice, one_run, profile_settings, type_text};
use crate::graph::Credential;
use crate::profile::{ProfileWrite, ProfilesWritten};
use crate::runtime::worker::Op;
use crate::screens::Screen;
use crate::state::State;
use crate::update::{Effect, Msg, update};

const GUID: &str = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

fn front(state: &State) -> &'static str {
    match state.screens.top() {
        Screen::Connect(_) => "connect",
        Screen::ProfileForm(_) => "form",
        Screen::ConfirmRemoveProfile(_) => "remove",
        _ => "other",
    }
}

fn tab(state: &mut State) {
    key(state, KeyCode::Tab);
}

/// The change the effects ask the runtime to save.
fn saved_change(fx: &[Effect]) -> ProfileChange {
    match fx {
        [Effect::SaveProfile(change)] => (**change).clone(),
        other => panic!("expected one save, got {other:?}"),
    }
}

/// The settings loaded again after a write: the fixtures' profiles plus `extra`.
fn reloaded(extra: Vec<(&str, Settings)>) -> Profiles {
    let mut entries: Vec<ProfileEntry> = ["contoso", "fabrikam", "lab"]
        .iter()
        .map(|name| ProfileEntry {
            name: (*name).to_owned(),
            source: ProfileSource::File,
            settings: Ok(profile_settings(
                name,
                fixtures::TENANT,
                None,
                Some("s"),
                false,
            )),
        })
        .collect();
    entries.extend(extra.into_iter().map(|(name, settings)| ProfileEntry {
        name: name.to_owned(),
        source: ProfileSource::File,
        settings: Ok(settings),
    }));
    Profiles {
        entries,
        chosen: None,
        top: Settings::default(),
    }
}

/// `a`, then a new profile `test` typed in: tenant, client ID and a secret.
fn typed_new_profile(state: &mut State) {
    key(state, KeyCode::Char('a'));
    assert_eq!(front(state), "form");
    type_text(state, "test");
    tab(state);
    type_text(state, "test.onmicrosoft.com");
    tab(state);
    type_text(state, GUID);
    tab(state); // the credential: a client secret
    tab(state);
    type_text(state, "Xy8Q~typed-secret");
}

#[test]
fn a_new_profile_is_saved_with_its_secret_for_this_session_only() {
    let mut state = fixtures::profiles_state();
    typed_new_profile(&mut state);
    let fx = update(&mut state, ctrl('s'));
    let change = saved_change(&fx);
    assert_eq!(
        change,
        ProfileChange {
            name: "test".into(),
            is_new: true,
            tenant_id: Some("test.onmicrosoft.com".into()),
            client_id: Some(GUID.into()),
            read_only: Some(false),
            credential: CredentialChange::SessionSecret(SecretString::from("Xy8Q~typed-secret")),
        }
    );
    // Keys wait while the runtime writes.
    assert!(update(&mut state, ctrl('s')).is_empty());

    // The file names no secret, so the reloaded profile lacks one; the typed one fills in.
    let settings = profile_settings("test", "test.onmicrosoft.com", None, None, false);
    let written = ProfilesWritten {
        result: Ok(ProfileWrite::Saved(Saved {
            name: "test".into(),
            config_file: CONFIG_FILE.into(),
            secret_file: None,
        })),
        profiles: Some(Ok(reloaded(vec![("test", settings)]))),
    };
    update(&mut state, Msg::ProfilesWritten(Box::new(written)));
    assert_eq!(front(&state), "connect");
    assert!(
        notice(&state).contains("Saved profile test in /home/admin/.config/lazyentra/config.toml; the secret is used this session only"),
        "{}",
        notice(&state)
    );
    let row = state.profiles.find("test").unwrap();
    assert!(row.info.problems.is_empty(), "{:?}", row.info.problems);
    let Some(Credential::Secret(secret)) = row.client.as_ref().map(|c| &c.credential) else {
        panic!("no secret");
    };
    assert_eq!(secret.expose_secret(), "Xy8Q~typed-secret");
    // The cursor is on it: Enter connects with it.
    let (_, op) = one_run(&key(&mut state, KeyCode::Enter));
    assert!(
        matches!(op, Op::Connect { ref profile, .. } if profile == "test"),
        "{op:?}"
    );
    assert_eq!(state.connect.name, "test");
}

#[test]
fn save_secret_keeps_it_in_a_file_and_says_where() {
    let mut state = fixtures::profiles_state();
    typed_new_profile(&mut state);
    tab(&mut state);
    key(&mut state, KeyCode::Char(' '));
    let change = saved_change(&update(&mut state, ctrl('s')));
    assert_eq!(
        change.credential,
        CredentialChange::SavedSecret(SecretString::from("Xy8Q~typed-secret"))
    );
    let path = PathBuf::from("/home/admin/.config/lazyentra/secrets/test");
    let written = ProfilesWritten {
        result: Ok(ProfileWrite::Saved(Saved {
            name: "test".into(),
            config_file: CONFIG_FILE.into(),
            secret_file: Some(path.clone()),
        })),
        profiles: None,
    };
    update(&mut state, Msg::ProfilesWritten(Box::new(written)));
    assert!(
        notice(&state).contains(
            "its secret is in /home/admin/.config/lazyentra/secrets/test (only you can read it)"
        ),
        "{}",
        notice(&state)
    );
}

#[test]
fn invalid_fields_stop_the_save_and_point_at_the_first() {
    let mut state = fixtures::profiles_state();
    key(&mut state, KeyCode::Char('a'));
    type_text(&mut state, "contoso");
    tab(&mut state);
    type_text(&mut state, "common");
    assert!(update(&mut state, ctrl('s')).is_empty());
    let Screen::ProfileForm(form) = state.screens.top() else {
        panic!("the form closed");
    };
    assert!(
        matches!(&form.message, Some(super::state::Message::Invalid { label: "Profile name", problem }) if problem.contains("exists already")),
        "{:?}",
        form.message
    );
    assert!(
        form.shown_problem(1)
            .unwrap()
            .contains("multi-tenant alias")
    );
}

#[test]
fn a_failed_write_keeps_the_form_and_everything_typed() {
    let mut state = fixtures::profiles_state();
    typed_new_profile(&mut state);
    update(&mut state, ctrl('s'));
    let error = WriteError::Io {
        what: "write",
        path: CONFIG_FILE.into(),
        reason: "Permission denied (os error 13)".into(),
    };
    let written = ProfilesWritten {
        result: Err(error),
        profiles: None,
    };
    update(&mut state, Msg::ProfilesWritten(Box::new(written)));
    assert_eq!(front(&state), "form");
    assert!(
        notice(&state).contains("Permission denied"),
        "{}",
        notice(&state)
    );
    let Screen::ProfileForm(form) = state.screens.top() else {
        unreachable!()
    };
    assert_eq!(
        form.text(super::state::ProfileField::TenantId),
        "test.onmicrosoft.com"
    );
    assert!(!form.saving);
    // It can be saved again as it is.
    assert!(matches!(
        update(&mut state, ctrl('s')).as_slice(),
        [Effect::SaveProfile(_)]
    ));
    assert!(state.profiles.find("test").is_none());
}

#[test]
fn editing_writes_only_what_changed() {
    let mut state = fixtures::profiles_state();
    key(&mut state, KeyCode::Char('e'));
    assert_eq!(front(&state), "form");
    // The tenant, first: replaced.
    update(&mut state, ctrl('u'));
    type_text(&mut state, "contoso.com");
    let change = saved_change(&update(&mut state, ctrl('s')));
    assert_eq!(
        change,
        ProfileChange {
            name: "contoso".into(),
            is_new: false,
            tenant_id: Some("contoso.com".into()),
            client_id: None,
            read_only: None,
            credential: CredentialChange::Keep,
        }
    );
}

#[test]
fn editing_the_credential_to_a_variable() {
    let mut state = fixtures::profiles_state();
    key(&mut state, KeyCode::Down);
    key(&mut state, KeyCode::Down);
    key(&mut state, KeyCode::Char('e'));
    tab(&mut state);
    tab(&mut state);
    key(&mut state, KeyCode::Char(' ')); // secret → variable
    tab(&mut state);
    type_text(&mut state, "LAB_SECRET");
    let change = saved_change(&update(&mut state, ctrl('s')));
    assert_eq!(change.name, "lab");
    assert_eq!(
        change.credential,
        CredentialChange::SecretEnv("LAB_SECRET".into())
    );
}

#[test]
fn only_profiles_of_the_file_can_be_edited_or_removed() {
    let mut state = fixtures::state();
    key(&mut state, KeyCode::Char('e'));
    assert_eq!(front(&state), "connect");
    assert!(
        notice(&state).contains("top-level settings"),
        "{}",
        notice(&state)
    );
    key(&mut state, KeyCode::Char('d'));
    assert_eq!(front(&state), "connect");
    assert!(
        notice(&state).contains("Cannot remove default"),
        "{}",
        notice(&state)
    );
}

#[test]
fn removing_asks_first_and_offers_the_secret_file() {
    let mut state = fixtures::profiles_state();
    key(&mut state, KeyCode::End);
    key(&mut state, KeyCode::Char('d'));
    assert_eq!(front(&state), "remove");
    let secret = PathBuf::from("/home/admin/.config/lazyentra/secrets/lab");
    let Screen::ConfirmRemoveProfile(dialog) = state.screens.top() else {
        unreachable!()
    };
    assert_eq!(dialog.secret_file.as_ref(), Some(&secret));
    assert!(
        dialog.delete_secret,
        "lazyentra's own secret file is ticked"
    );
    // Space unticks it, again ticks it.
    key(&mut state, KeyCode::Char(' '));
    key(&mut state, KeyCode::Char(' '));
    let fx = update(&mut state, crate::fixtures::ch('y'));
    assert_eq!(
        fx,
        vec![Effect::RemoveProfile {
            name: "lab".into(),
            secret_file: Some(secret.clone()),
        }]
    );
    let mut profiles = reloaded(Vec::new());
    profiles.entries.retain(|e| e.name != "lab");
    let written = ProfilesWritten {
        result: Ok(ProfileWrite::Removed(Removed {
            name: "lab".into(),
            config_file: CONFIG_FILE.into(),
            secret_file: Some(secret),
        })),
        profiles: Some(Ok(profiles)),
    };
    update(&mut state, Msg::ProfilesWritten(Box::new(written)));
    assert_eq!(front(&state), "connect");
    assert!(state.profiles.find("lab").is_none());
    assert!(
        notice(&state).contains("Removed profile lab from /home/admin/.config/lazyentra/config.toml and deleted /home/admin/.config/lazyentra/secrets/lab"),
        "{}",
        notice(&state)
    );
}

#[test]
fn n_keeps_the_profile() {
    let mut state = fixtures::profiles_state();
    key(&mut state, KeyCode::Char('d'));
    let Screen::ConfirmRemoveProfile(dialog) = state.screens.top() else {
        unreachable!()
    };
    assert!(
        dialog.secret_file.is_none(),
        "contoso's secret is in a variable"
    );
    assert!(update(&mut state, crate::fixtures::ch('n')).is_empty());
    assert_eq!(front(&state), "connect");
}

#[test]
fn the_filter_narrows_the_profiles_and_enter_says_what_is_missing() {
    let mut state = fixtures::profiles_state();
    key(&mut state, KeyCode::Char('/'));
    type_text(&mut state, "fab");
    key(&mut state, KeyCode::Enter);
    let connect = state
        .screens
        .find::<crate::screens::connect::Connect>()
        .unwrap();
    assert_eq!(crate::screens::connect::shown(&state, connect), vec![1]);
    assert!(key(&mut state, KeyCode::Enter).is_empty());
    assert!(
        notice(&state)
            .contains("Cannot connect with fabrikam: client_secret_env names FABRIKAM_SECRET"),
        "{}",
        notice(&state)
    );
    // Esc clears the filter; the cursor stays in range.
    key(&mut state, KeyCode::Esc);
    let connect = state
        .screens
        .find::<crate::screens::connect::Connect>()
        .unwrap();
    assert_eq!(crate::screens::connect::shown(&state, connect).len(), 3);
}

#[test]
fn disconnecting_comes_back_to_the_profile_used() {
    let mut state = fixtures::profiles_state();
    key(&mut state, KeyCode::Down);
    key(&mut state, KeyCode::Down);
    let id = crate::fixtures::connect(&mut state, &["User.ReadWrite.All"]);
    assert!(id > 0);
    assert_eq!(state.connect.name, "lab");
    update(&mut state, crate::fixtures::ch('X'));
    assert_eq!(front(&state), "connect");
    let connect = state
        .screens
        .find::<crate::screens::connect::Connect>()
        .unwrap();
    assert_eq!(
        crate::screens::connect::selected(&state, connect).map(|p| p.name.as_str()),
        Some("lab")
    );
}

#[test]
fn a_profile_named_in_a_file_others_can_read_is_not_used() {
    // `SecretSource::File` with no secret read: the row says why it cannot connect.
    let mut settings = profile_settings(
        "x",
        fixtures::TENANT,
        Some(SecretSource::File("/tmp/x".into())),
        None,
        false,
    );
    settings.credential_problems.push(crate::config::Problem {
        key: Some("client_secret_file".into()),
        message: "client_secret_file /tmp/x can be read by other users".into(),
        short: Some("client secret file unusable (/tmp/x)".into()),
    });
    let profile = crate::profile::Profile::new("x", ProfileSource::File, Ok(settings));
    assert_eq!(
        profile.info.status.as_deref(),
        Some("client secret file unusable (/tmp/x)")
    );
    assert!(profile.client.is_none());
}
