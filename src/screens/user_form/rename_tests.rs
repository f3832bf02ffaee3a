//! Renaming the sign-in name (UPN) on the edit form: the domain chosen from the tenant's
//! verified domains, the mail nickname following the new alias, the review's warning, and
//! Graph's refusals beside the field.

use crossterm::event::KeyCode;
use serde_json::json;

use super::field::FieldId;
use super::state::{DomainSource, FormOutcome, FormSubmission, Stage, UpnDomains, UserForm};
use super::tests::{ada, ctrl, focus, press, type_text, value};
use super::view::message_text;
use crate::graph::{ApiError, GraphError};

fn verified() -> UpnDomains {
    UpnDomains {
        names: vec![
            "contoso.com".into(),
            "contoso.onmicrosoft.com".into(),
            "fabrikam.com".into(),
        ],
        default: Some("contoso.com".into()),
        source: DomainSource::Verified,
    }
}

/// Ada's edit form with the cursor at the end of her UPN.
fn renaming() -> UserForm {
    let mut form = UserForm::edit(&ada()).with_domains(verified());
    focus(&mut form, FieldId::UserPrincipalName);
    form
}

fn submit(form: &mut UserForm) -> serde_json::Value {
    ctrl(form, 's');
    assert_eq!(form.stage, Stage::Review, "{:?}", form.message);
    let FormOutcome::Submit(FormSubmission::Update { patch, .. }) = press(form, KeyCode::Enter)
    else {
        panic!("expected an update");
    };
    serde_json::to_value(&patch).unwrap()
}

#[test]
fn the_domain_is_chosen_from_the_list_and_the_alias_is_kept() {
    let mut form = renaming();
    ctrl(&mut form, 'd');
    // The list opens at the domain the UPN has now.
    assert_eq!(form.stage, Stage::ChooseDomain { selected: 0 });
    press(&mut form, KeyCode::Down);
    press(&mut form, KeyCode::Down);
    press(&mut form, KeyCode::Down);
    assert_eq!(
        form.stage,
        Stage::ChooseDomain { selected: 2 },
        "stops at the last"
    );
    press(&mut form, KeyCode::Up);
    press(&mut form, KeyCode::Enter);
    assert_eq!(form.stage, Stage::Editing);
    assert_eq!(
        value(&form, FieldId::UserPrincipalName),
        "ada@contoso.onmicrosoft.com"
    );
    // The cursor waits at the end of the alias.
    type_text(&mut form, ".l");
    assert_eq!(
        value(&form, FieldId::UserPrincipalName),
        "ada.l@contoso.onmicrosoft.com"
    );
    // Esc leaves the list with the domain as it was.
    ctrl(&mut form, 'd');
    assert_eq!(form.stage, Stage::ChooseDomain { selected: 1 });
    press(&mut form, KeyCode::Down);
    press(&mut form, KeyCode::Esc);
    assert_eq!(form.stage, Stage::Editing);
    assert_eq!(
        value(&form, FieldId::UserPrincipalName),
        "ada.l@contoso.onmicrosoft.com"
    );
}

#[test]
fn the_nickname_follows_the_new_alias_when_it_was_the_old_one() {
    let mut form = renaming();
    for _ in 0.."@contoso.com".len() {
        press(&mut form, KeyCode::Left);
    }
    type_text(&mut form, ".lovelace");
    assert_eq!(value(&form, FieldId::MailNickname), "ada.lovelace");
    let patch = submit(&mut form);
    assert_eq!(
        patch,
        json!({"mailNickname": "ada.lovelace", "userPrincipalName": "ada.lovelace@contoso.com"})
    );

    // A nickname of its own is left alone.
    let mut user = ada();
    user.mail_nickname = Some("countess".into());
    let mut form = UserForm::edit(&user).with_domains(verified());
    focus(&mut form, FieldId::UserPrincipalName);
    ctrl(&mut form, 'u');
    type_text(&mut form, "lovelace@fabrikam.com");
    assert_eq!(value(&form, FieldId::MailNickname), "countess");
    assert_eq!(
        submit(&mut form),
        json!({"userPrincipalName": "lovelace@fabrikam.com"})
    );

    // Editing the nickname stops it following.
    let mut form = renaming();
    focus(&mut form, FieldId::MailNickname);
    type_text(&mut form, "1");
    focus(&mut form, FieldId::UserPrincipalName);
    ctrl(&mut form, 'u');
    type_text(&mut form, "lady@contoso.com");
    assert_eq!(value(&form, FieldId::MailNickname), "ada1");
}

#[test]
fn the_review_warns_that_the_old_sign_in_name_stops_working() {
    let mut form = renaming();
    ctrl(&mut form, 'u');
    type_text(&mut form, "countess@fabrikam.com");
    ctrl(&mut form, 's');
    assert_eq!(form.stage, Stage::Review);
    assert_eq!(
        form.upn_rename(),
        Some((
            "ada@contoso.com".to_owned(),
            "countess@fabrikam.com".to_owned()
        ))
    );
    let lines: Vec<String> = form
        .review_lines()
        .iter()
        .map(|l| format!("{}: {} → {}", l.label, l.old.as_deref().unwrap(), l.new))
        .collect();
    assert_eq!(
        lines,
        [
            "User principal name: ada@contoso.com → countess@fabrikam.com",
            "Mail nickname: ada → countess",
        ]
    );
    // Only a changed UPN warns.
    let mut form = UserForm::edit(&ada());
    focus(&mut form, FieldId::JobTitle);
    type_text(&mut form, "!");
    assert_eq!(form.upn_rename(), None);
}

#[test]
fn a_domain_graph_did_not_list_as_verified_is_refused_before_saving() {
    let mut form = renaming();
    ctrl(&mut form, 'u');
    type_text(&mut form, "ada@gmail.com");
    assert_eq!(
        form.shown_problem(form.focus).as_deref(),
        Some("not a verified domain of this tenant")
    );
    ctrl(&mut form, 's');
    assert_eq!(form.stage, Stage::Editing);
    assert!(message_text(form.message.as_ref().unwrap()).contains("not a verified domain"));
    // Case does not matter.
    ctrl(&mut form, 'u');
    type_text(&mut form, "ada.x@Contoso.COM");
    assert_eq!(form.shown_problem(form.focus), None);

    // Guessed domains are only offered, never enforced: Graph has the last word.
    let mut guessed = verified();
    guessed.source = DomainSource::NoPermission;
    let mut form = UserForm::edit(&ada()).with_domains(guessed);
    focus(&mut form, FieldId::UserPrincipalName);
    ctrl(&mut form, 'u');
    type_text(&mut form, "ada@elsewhere.org");
    assert_eq!(form.shown_problem(form.focus), None);
}

#[test]
fn without_domains_the_choice_says_to_type_one() {
    let mut form = UserForm::edit(&ada());
    ctrl(&mut form, 'd');
    assert_eq!(form.stage, Stage::Editing);
    assert_eq!(form.fields[form.focus].id, FieldId::UserPrincipalName);
    assert!(message_text(form.message.as_ref().unwrap()).contains("type the domain"));
    // Graph's list arriving later is used at once.
    form.set_domains(verified());
    ctrl(&mut form, 'd');
    assert_eq!(form.stage, Stage::ChooseDomain { selected: 0 });
}

fn refusal(message: &str, detail: (&str, Option<&str>)) -> GraphError {
    GraphError::Api(Box::new(ApiError {
        status: 400,
        code: "Request_BadRequest".into(),
        message: message.into(),
        request_id: Some("req-7".into()),
        date: None,
        details: vec![(detail.0.into(), detail.1.map(Into::into))],
    }))
}

#[test]
fn graphs_conflict_and_domain_errors_go_beside_the_upn() {
    let mut form = renaming();
    focus(&mut form, FieldId::JobTitle);
    type_text(&mut form, "!");
    focus(&mut form, FieldId::UserPrincipalName);
    ctrl(&mut form, 'u');
    type_text(&mut form, "grace@contoso.com");
    submit(&mut form);
    form.set_error(&refusal(
        "Another object with the same value for property userPrincipalName already exists.",
        ("ObjectConflict", Some("userPrincipalName")),
    ));
    assert_eq!(form.fields[form.focus].id, FieldId::UserPrincipalName);
    assert_eq!(
        value(&form, FieldId::UserPrincipalName),
        "grace@contoso.com"
    );
    assert_eq!(
        form.shown_problem(form.focus).as_deref(),
        Some("already in use: choose another")
    );
    assert!(message_text(form.message.as_ref().unwrap()).contains("req-7"));

    form.set_error(&refusal(
        "The domain portion of the userPrincipalName property is invalid. You must use one of \
         the verified domain names in your organization.",
        ("InvalidValue", Some("userPrincipalName")),
    ));
    assert_eq!(
        form.shown_problem(form.focus).as_deref(),
        Some("not a verified domain of this tenant: choose one")
    );
}

// ---- in the app: the tenant's domains, and the save ----

mod app {
    use crossterm::event::KeyCode;

    use crate::fixtures::{
        self, api_error, ch, ctrl, fail, notice, ok, one_run, page, press, runs, type_text, users,
    };
    use crate::graph::{Domain, UserId};
    use crate::runtime::worker::{Op, Reply};
    use crate::screens::user_form::UserForm;
    use crate::screens::user_form::state::DomainSource;
    use crate::state::{Operation, State, TenantDomains};
    use crate::update::update;

    /// Signed in with `roles` and the sample users listed; the domains request, if one.
    fn signed_in(roles: &[&str]) -> (State, Option<crate::runtime::worker::RequestId>) {
        let mut state = fixtures::state();
        state.size = (120, 40);
        let (connect, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
        let fx = update(
            &mut state,
            ok(connect, Reply::Connected(Box::new(fixtures::token(roles)))),
        );
        let runs = runs(&fx);
        assert!(matches!(runs[0].1, Op::ListRows(_)), "the list loads first");
        update(&mut state, ok(runs[0].0, page(users(), None, Some(10))));
        let domains = runs
            .iter()
            .find(|(_, op)| *op == Op::ListDomains)
            .map(|r| r.0);
        (state, domains)
    }

    /// `e` on the list: the user is read first (the row holds only the list's columns), then
    /// the form opens.
    fn edit(state: &mut State) {
        let (read, op) = one_run(&update(state, ch('e')));
        assert!(matches!(op, Op::GetUser(_)), "{op:?}");
        update(state, ok(read, Reply::User(Box::new(users()[0].clone()))));
    }

    fn domain(id: &str, verified: bool, default: bool) -> Domain {
        Domain {
            id: id.into(),
            is_verified: verified,
            is_default: default,
            is_initial: id.ends_with(".onmicrosoft.com"),
        }
    }

    fn form(state: &State) -> &UserForm {
        state.screens.find::<UserForm>().expect("the form is open")
    }

    #[test]
    fn verified_domains_are_read_after_sign_in_when_the_app_may() {
        let (mut state, asked) = signed_in(&["User.ReadWrite.All", "Domain.Read.All"]);
        let asked = asked.expect("the domains are asked for");
        // A form opened before they arrive offers the loaded users' domains meanwhile.
        edit(&mut state);
        assert_eq!(form(&state).domains.source, DomainSource::Loading);
        assert_eq!(form(&state).domains.names, [fixtures::TENANT]);
        let listed = vec![
            domain("contoso.onmicrosoft.com", true, false),
            domain("fabrikam.com", false, false),
            domain("contoso.com", true, true),
        ];
        assert!(runs(&update(&mut state, ok(asked, Reply::Domains(listed)))).is_empty());
        let domains = &form(&state).domains;
        assert_eq!(domains.source, DomainSource::Verified);
        assert_eq!(domains.names, ["contoso.com", "contoso.onmicrosoft.com"]);
        assert_eq!(domains.default.as_deref(), Some("contoso.com"));
        assert!(matches!(
            state.session.as_ref().unwrap().domains,
            TenantDomains::Verified { .. }
        ));
    }

    #[test]
    fn without_domain_read_all_the_forms_guess_and_say_why() {
        let (mut state, asked) = signed_in(&["User.ReadWrite.All"]);
        assert_eq!(asked, None, "Graph would answer 403: not asked");
        edit(&mut state);
        assert_eq!(form(&state).domains.source, DomainSource::NoPermission);

        // Consent missing despite the token: Graph's 403 is no status-line error.
        let (mut state, asked) = signed_in(&["User.ReadWrite.All", "Directory.Read.All"]);
        let denied = api_error(
            403,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
        );
        update(&mut state, fail(asked.unwrap(), denied));
        assert!(
            notice(&state).starts_with("Connected as"),
            "{}",
            notice(&state)
        );
        assert_eq!(
            state.errors.back().unwrap().operation,
            Operation::ListDomains
        );
        edit(&mut state);
        assert_eq!(form(&state).domains.source, DomainSource::Failed);
        assert!(!form(&state).domains.names.is_empty());

        // Read-only: no form, so no request while the header can name the organisation.
        let (_, asked) = signed_in(&["User.Read.All", "Domain.Read.All", "Organization.Read.All"]);
        assert_eq!(asked, None);
        // Otherwise the header names the tenant by its default domain: asked for that.
        let (_, asked) = signed_in(&["User.Read.All", "Domain.Read.All"]);
        assert!(asked.is_some());
    }

    #[test]
    fn a_saved_rename_says_the_old_name_no_longer_works() {
        let (mut state, _) = signed_in(&["User.ReadWrite.All"]);
        edit(&mut state);
        for _ in 0..3 {
            update(&mut state, press(KeyCode::Tab));
        }
        update(&mut state, ctrl('u'));
        type_text(&mut state, "countess@contoso.onmicrosoft.com");
        update(&mut state, ctrl('s'));
        let (save, op) = one_run(&update(&mut state, press(KeyCode::Enter)));
        let Op::UpdateUser { id, patch } = op else {
            panic!("expected an update, got {op:?}");
        };
        assert_eq!(id, UserId::from("00000000-0000-4000-8000-000000000001"));
        assert_eq!(
            serde_json::to_value(&patch).unwrap(),
            serde_json::json!({
                "mailNickname": "countess",
                "userPrincipalName": "countess@contoso.onmicrosoft.com"
            })
        );
        update(&mut state, ok(save, Reply::Updated));
        assert_eq!(
            notice(&state),
            "Saved Ada Lovelace: it signs in as countess@contoso.onmicrosoft.com now; the old \
             name no longer works"
        );
        // The row holds the list's columns only: the new nickname went in the patch above.
        let row = &state.screens.list().unwrap().rows[0];
        assert_eq!(row.upn(), "countess@contoso.onmicrosoft.com");
    }
}
