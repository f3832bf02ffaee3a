//! The import through the reducer: `I` and `:import FILE`, what goes to the shell (never a
//! read in the reducer), the domains used and where they came from, the review, nothing sent
//! before the yes, the passwords written before the run, the run itself, and the created
//! users in the list.

use std::path::PathBuf;

use crossterm::event::KeyCode;
use secrecy::SecretString;

use super::*;
use crate::fixtures::{self, ch, notice, ok, page, press, runs, type_text, users};
use crate::graph::{BatchReply, Domain, NewUser, PasswordProfile};
use crate::import::{Checked, CheckedFile, Refused, ToCreate};
use crate::runtime::worker::Op;
use crate::update::{Msg, update};

const WRITER: &[&str] = &["User.ReadWrite.All"];
const WITH_DOMAINS: &[&str] = &["User.ReadWrite.All", "Domain.Read.All"];

/// Signed in with `roles`, the list loaded; the domains answered with contoso.com when asked.
fn listed(roles: &[&str]) -> State {
    let mut state = fixtures::state();
    state.size = (120, 40);
    let fx = update(&mut state, press(KeyCode::Enter));
    let connect = fixtures::request(&fx);
    let fx = update(
        &mut state,
        ok(connect, Reply::Connected(Box::new(fixtures::token(roles)))),
    );
    let all = runs(&fx);
    update(&mut state, ok(all[0].0, page(users(), None, Some(3))));
    if let Some((id, _)) = all.iter().find(|(_, op)| *op == Op::ListDomains) {
        update(&mut state, ok(*id, Reply::Domains(vec![contoso()])));
    }
    state
}

fn import(state: &State) -> &Import {
    state.screens.find::<Import>().expect("the import screen")
}

fn review(state: &State) -> &Review {
    match &import(state).phase {
        Phase::Review(review) => review,
        other => panic!("not the review: {other:?}"),
    }
}

fn contoso() -> Domain {
    Domain {
        id: "contoso.com".into(),
        is_default: true,
        is_initial: false,
        is_verified: true,
    }
}

/// The one read the effects ask of the shell.
fn read_asked(fx: &[Effect]) -> (u64, String, Domains) {
    let reads: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::ReadImport { id, path, domains } => Some((*id, path.clone(), domains.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(reads.len(), 1, "{fx:?}");
    reads[0].clone()
}

fn new_user(upn: &str, password: &str, enabled: bool) -> NewUser {
    NewUser {
        account_enabled: enabled,
        display_name: upn.split('@').next().unwrap_or_default().to_owned(),
        mail_nickname: upn.split('@').next().unwrap_or_default().to_owned(),
        user_principal_name: upn.to_owned(),
        password_profile: PasswordProfile {
            password: password.to_owned(),
            force_change_password_next_sign_in: true,
        },
        ..NewUser::default()
    }
}

/// A file with two good rows (one generated password, one blocked) and two refused.
fn checked_file() -> CheckedFile {
    CheckedFile {
        path: PathBuf::from("/home/admin/hires.csv"),
        checked: Checked {
            create: vec![
                ToCreate {
                    line: 3,
                    user: new_user("ada@contoso.com", "", true),
                    generate_password: true,
                },
                ToCreate {
                    line: 4,
                    user: new_user("bob@contoso.com", "Xy7!secret-ok", false),
                    generate_password: false,
                },
            ],
            refused: vec![
                Refused {
                    line: 5,
                    who: "cy@fabrikam.com".into(),
                    problems: vec![
                        "fabrikam.com is not a verified domain of the tenant (verified: contoso.com)".into(),
                        "weak initial password: too short: use at least 8 characters (or write \"generate\")".into(),
                    ],
                },
                Refused {
                    line: 9,
                    who: "ada@contoso.com".into(),
                    problems: vec!["repeats the user name of line 3".into()],
                },
            ],
        },
    }
}

/// `:import FILE` typed and run; returns its effects.
fn command(state: &mut State, line: &str) -> Vec<Effect> {
    update(state, ch(':'));
    type_text(state, line);
    update(state, press(KeyCode::Enter))
}

/// Up to the review of [`checked_file`].
fn reviewing(roles: &[&str]) -> State {
    let mut state = listed(roles);
    let fx = command(&mut state, "import ~/hires.csv");
    let (id, _, _) = read_asked(&fx);
    update(
        &mut state,
        Msg::Import(ImportMsg::Checked {
            id,
            result: Ok(Box::new(checked_file())),
        }),
    );
    state
}

#[test]
fn i_asks_for_the_file_and_enter_hands_it_to_the_shell_with_the_verified_domains() {
    let mut state = listed(WITH_DOMAINS);
    update(&mut state, ch('I'));
    assert!(import(&state).is_typing());
    type_text(&mut state, "~/hi");
    let fx = update(&mut state, press(KeyCode::Tab));
    assert_eq!(fx, [Effect::CompletePath("~/hi".into())]);
    update(
        &mut state,
        fixtures::path_completed("~/hi", "~/hires-", &["hires-april.csv", "hires-march.csv"]),
    );
    assert_eq!(import(&state).path.value(), "~/hires-");
    assert_eq!(import(&state).candidates.len(), 2);
    type_text(&mut state, "april.csv");
    let fx = update(&mut state, press(KeyCode::Enter));
    let (_, path, domains) = read_asked(&fx);
    assert_eq!(path, "~/hires-april.csv");
    assert_eq!(domains, Domains::new(["contoso.com".to_owned()]));
    assert!(runs(&fx).is_empty(), "nothing goes to Graph: {fx:?}");
    assert!(state.is_animating(), "the reading spinner turns");
    let Phase::Reading {
        domains: Some(used),
        ..
    } = &import(&state).phase
    else {
        panic!("reading");
    };
    assert_eq!(used.source, DomainSource::Verified);
}

#[test]
fn without_domain_read_the_loaded_users_domains_and_the_config_are_used() {
    let mut state = fixtures::state();
    state.profiles.rows[0].info.domains =
        vec!["fabrikam.com".into(), "contoso.onmicrosoft.com".into()];
    state.size = (120, 40);
    let fx = update(&mut state, press(KeyCode::Enter));
    let connect = fixtures::request(&fx);
    let fx = update(
        &mut state,
        ok(connect, Reply::Connected(Box::new(fixtures::token(WRITER)))),
    );
    assert!(!runs(&fx).iter().any(|(_, op)| *op == Op::ListDomains));
    update(&mut state, ok(runs(&fx)[0].0, page(users(), None, Some(3))));
    let fx = command(&mut state, "import hires.csv");
    let (_, _, domains) = read_asked(&fx);
    assert!(
        domains.0.contains(&"fabrikam.com".to_owned()),
        "{domains:?}"
    );
    let Phase::Reading {
        domains: Some(used),
        ..
    } = &import(&state).phase
    else {
        panic!("reading");
    };
    assert_eq!(used.source, DomainSource::NoPermission);
    assert_eq!(
        used.from_config, 1,
        "contoso.onmicrosoft.com is a loaded user's domain too"
    );
}

#[test]
fn an_import_waits_for_the_domains_graph_is_still_listing() {
    let mut state = fixtures::state();
    let fx = update(&mut state, press(KeyCode::Enter));
    let connect = fixtures::request(&fx);
    let fx = update(
        &mut state,
        ok(
            connect,
            Reply::Connected(Box::new(fixtures::token(WITH_DOMAINS))),
        ),
    );
    let domains = runs(&fx)
        .into_iter()
        .find(|(_, op)| *op == Op::ListDomains)
        .expect("domains asked")
        .0;
    let fx = command(&mut state, "import hires.csv");
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::ReadImport { .. })),
        "{fx:?}"
    );
    let fx = update(&mut state, ok(domains, Reply::Domains(vec![contoso()])));
    let (_, _, used) = read_asked(&fx);
    assert_eq!(used, Domains::new(["contoso.com".to_owned()]));
}

#[test]
fn a_file_the_shell_refuses_keeps_the_path_to_fix() {
    let mut state = listed(WITH_DOMAINS);
    let fx = command(&mut state, "import nope.csv");
    let (id, _, _) = read_asked(&fx);
    update(
        &mut state,
        Msg::Import(ImportMsg::Checked {
            id,
            result: Err(crate::import::ImportError::Missing(
                "/home/admin/nope.csv".into(),
            )),
        }),
    );
    let screen = import(&state);
    assert!(matches!(screen.phase, Phase::Refused(_)));
    assert_eq!(screen.path.value(), "nope.csv");
    type_text(&mut state, "x");
    assert!(
        matches!(import(&state).phase, Phase::Prompt),
        "an edit clears it"
    );
}

#[test]
fn the_review_sends_nothing_until_yes_and_esc_leaves_without_sending() {
    let mut state = reviewing(WITH_DOMAINS);
    let shown = review(&state);
    assert_eq!(shown.file.checked.create.len(), 2);
    assert_eq!((shown.generated(), shown.blocked()), (1, 1));
    for key in [KeyCode::Down, KeyCode::Down, KeyCode::Up, KeyCode::End] {
        let fx = update(&mut state, press(key));
        assert!(fx.is_empty(), "{fx:?}");
    }
    assert_eq!(review(&state).scroll, 1, "clamped to the last refused row");
    let fx = update(&mut state, press(KeyCode::Esc));
    assert!(fx.is_empty());
    assert!(state.screens.find::<Import>().is_none());
}

#[test]
fn yes_writes_the_passwords_first_then_sends_every_valid_row_as_one_bulk_run() {
    let mut state = reviewing(WITH_DOMAINS);
    let fx = update(&mut state, ch('y'));
    let Effect::ImportPasswords { id, input, upns } = &fx[0] else {
        panic!("passwords first: {fx:?}");
    };
    assert_eq!(input, &PathBuf::from("/home/admin/hires.csv"));
    assert_eq!(upns, &["ada@contoso.com".to_owned()]);
    assert!(
        runs(&fx).is_empty(),
        "nothing sent before the file is written"
    );
    let file = PathBuf::from("/home/admin/hires.passwords-20261202-070000.csv");
    let fx = update(
        &mut state,
        Msg::Import(ImportMsg::Passwords {
            id: *id,
            result: Ok(Generated {
                path: file.clone(),
                passwords: vec![SecretString::from("Kq7#vLp2!xR9mWz4")],
            }),
        }),
    );
    let (bulk, ops) = fixtures::bulk_run(&fx);
    let BatchOp::Create(ada) = &ops[0] else {
        panic!("creates");
    };
    assert_eq!(ada.password_profile.password, "Kq7#vLp2!xR9mWz4");
    let BatchOp::Create(bob) = &ops[1] else {
        panic!("creates");
    };
    assert!(!bob.account_enabled, "Block sign in Yes");
    assert_eq!(ops.len(), 2, "the refused rows are not sent");
    assert!(!format!("{fx:?}").contains("Kq7#"), "never in a Debug");
    assert!(matches!(review(&state).stage, Stage::Sent { .. }));
    assert!(
        state.screens.top_as::<BulkProgress>().is_some(),
        "the progress dialog over the review"
    );

    // Graph created Ada (its answer without accountEnabled); Bob's name was taken meanwhile.
    let mut made = fixtures::user(90, "ada", "ada");
    made.account_enabled = None;
    let report = fixtures::bulk_report(
        vec![
            Outcome::Succeeded(BatchReply::Created(Box::new(made))),
            Outcome::Failed(fixtures::api_error(
                400,
                "Request_BadRequest",
                "Another object with the same value for property userPrincipalName already exists.",
            )),
        ],
        1,
    );
    let fx = update(&mut state, ok(bulk, report));
    assert!(
        fx.contains(&Effect::KeepPasswords {
            path: file,
            created: vec!["ada@contoso.com".to_owned()],
        }),
        "{fx:?}"
    );
    assert!(
        state.screens.find::<Import>().is_none(),
        "the review is gone"
    );
    let summary = state
        .screens
        .top_as::<BulkSummary>()
        .expect("the summary in front");
    assert_eq!(summary.counts(), (1, 1, 0));
    assert!(
        summary.notes[0].contains("hires.passwords-20261202-070000.csv"),
        "{:?}",
        summary.notes
    );
    assert!(
        summary
            .skipped
            .as_deref()
            .unwrap_or_default()
            .contains("2 rows refused")
    );
    let list = state.screens.list().unwrap();
    assert_eq!(list.rows[0].label(), "ada");
    assert_eq!(list.rows[0].account_enabled(), Some(true));
}

#[test]
fn passwords_that_cannot_be_written_stop_everything_and_say_why() {
    let mut state = reviewing(WITH_DOMAINS);
    let fx = update(&mut state, ch('y'));
    let Effect::ImportPasswords { id, .. } = &fx[0] else {
        panic!("{fx:?}");
    };
    let fx = update(
        &mut state,
        Msg::Import(ImportMsg::Passwords {
            id: *id,
            result: Err(crate::import::ImportError::PasswordsWrite {
                folder: "/home/admin".into(),
                reason: "no permission to write there".into(),
            }),
        }),
    );
    assert!(runs(&fx).is_empty());
    assert!(matches!(review(&state).stage, Stage::Failed(_)));
    // y tries again.
    let fx = update(&mut state, ch('y'));
    assert!(matches!(fx[0], Effect::ImportPasswords { .. }), "{fx:?}");
}

#[test]
fn read_only_or_without_the_permission_the_import_is_refused_with_the_reason() {
    let mut state = listed(&["User.Read.All"]);
    update(&mut state, ch('I'));
    assert!(state.screens.find::<Import>().is_none());
    assert!(
        notice(&state).contains("User.ReadWrite.All"),
        "{}",
        notice(&state)
    );
    let fx = command(&mut state, "import x.csv");
    assert!(fx.is_empty(), "{fx:?}");
}

#[test]
fn without_users_to_create_yes_says_so() {
    let mut state = listed(WITH_DOMAINS);
    let fx = command(&mut state, "import x.csv");
    let (id, _, _) = read_asked(&fx);
    let mut file = checked_file();
    file.checked.create.clear();
    update(
        &mut state,
        Msg::Import(ImportMsg::Checked {
            id,
            result: Ok(Box::new(file)),
        }),
    );
    let fx = update(&mut state, ch('y'));
    assert!(fx.is_empty());
    assert!(notice(&state).contains("Nothing to create"));
}

#[test]
fn tab_after_import_in_the_command_prompt_completes_the_file() {
    let mut state = listed(WITH_DOMAINS);
    update(&mut state, ch(':'));
    type_text(&mut state, "import ~/hi");
    let fx = update(&mut state, press(KeyCode::Tab));
    assert_eq!(fx, [Effect::CompletePath("~/hi".into())]);
    update(
        &mut state,
        fixtures::path_completed("~/hi", "~/hires.csv", &[]),
    );
    let prompt = state
        .screens
        .top_as::<crate::screens::command_prompt::CommandPrompt>()
        .unwrap();
    assert_eq!(prompt.input.value(), "import ~/hires.csv");
}
