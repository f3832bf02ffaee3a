//! The detail's relations: each loads on its own after the user, a failure stays in its
//! section, answers for a detail that is gone are dropped, and Enter on the manager or a
//! report opens that user.

use crossterm::event::KeyCode;

use super::*;
use crate::fixtures::{
    self, answer_relation, api_error, cancels, ch, fail, licenses, manager, memberships, ok,
    open_detail, page, press, related, related_with_more, relation_request, reports, runs, users,
};
use crate::graph::{Listing, Related};
use crate::runtime::worker::Op;
use crate::state::Pending;
use crate::update::update;

const ADMIN: &[&str] = &[
    "User.ReadWrite.All",
    "Directory.Read.All",
    "AuditLog.Read.All",
];

/// Signed in with `roles`, the list loaded with the sample users.
fn listed(roles: &[&str]) -> State {
    let mut state = fixtures::state();
    state.size = (120, 40);
    let id = fixtures::connect(&mut state, roles);
    update(&mut state, ok(id, page(users(), None, Some(10))));
    state
}

fn top(state: &State) -> &UserDetail {
    state
        .screens
        .top_as::<UserDetail>()
        .expect("a detail in front")
}

/// The detail's rows as text, one string each.
fn texts(state: &State) -> Vec<String> {
    rows(top(state), state, 120)
        .iter()
        .map(|r| r.line.to_string())
        .collect()
}

fn row_with<'a>(texts: &'a [String], start: &str) -> &'a str {
    texts
        .iter()
        .find(|t| t.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no row {start}: {texts:#?}"))
}

fn detail_details(state: &State) -> usize {
    state
        .screens
        .iter()
        .filter(|s| matches!(s, crate::screens::Screen::UserDetail(_)))
        .count()
}

#[test]
fn relations_are_asked_for_after_the_user_and_each_arrives_on_its_own() {
    let mut state = listed(ADMIN);
    let fx = update(&mut state, press(KeyCode::Enter));
    // Only the user at first: its properties come before its relations.
    assert!(matches!(&runs(&fx)[..], [(_, Op::GetUser(_))]));
    let id = runs(&fx)[0].0;
    let fx = update(
        &mut state,
        ok(
            id,
            crate::runtime::worker::Reply::User(Box::new(users()[0].clone())),
        ),
    );
    let asked: Vec<Relation> = runs(&fx)
        .into_iter()
        .filter_map(|(_, op)| match op {
            Op::Related { relation, .. } => Some(relation),
            _ => None,
        })
        .collect();
    assert_eq!(asked, Relation::ALL);
    // Each section loads until its own answer comes, in any order.
    let loading = |state: &State, r| builder::loading(state, top(state), r);
    for relation in [
        Relation::MemberOf,
        Relation::Manager,
        Relation::SignInActivity,
    ] {
        update(&mut state, answer_relation(&fx, relation).unwrap());
        assert!(!loading(&state, relation));
    }
    assert!(loading(&state, Relation::DirectReports) && loading(&state, Relation::Licenses));
    let texts = texts(&state);
    assert!(row_with(&texts, "Manager").contains("Grace Hopper"));
    assert!(row_with(&texts, "Last sign-in").contains("(3 days ago)"));
    row_with(&texts, "Group memberships (6)");
    let reports_at = texts.iter().position(|t| t == "Direct reports").unwrap();
    assert!(texts[reports_at + 1].contains("loading…"), "{texts:#?}");
    for relation in [Relation::DirectReports, Relation::Licenses] {
        update(&mut state, answer_relation(&fx, relation).unwrap());
    }
    let detail = top(&state);
    assert_eq!(detail.relations.reports.value, Some(reports()));
    assert_eq!(detail.relations.licenses.value, Some(licenses()));
    assert_eq!(
        detail.relations.manager.value,
        Some(Some(Box::new(manager())))
    );
    // Only the tenant's domains and organization (read after sign-in for the forms and the
    // header) and the listing's delta link may still be on their way.
    assert!(!state.is_pending(|p| !matches!(
        p,
        crate::state::Pending::Domains
            | crate::state::Pending::Organization
            | crate::state::Pending::List(crate::screens::user_list::Load::Track)
    )));
}

#[test]
fn each_kind_of_membership_is_named_with_a_dynamic_groups_rule() {
    let mut state = listed(ADMIN);
    open_detail(&mut state, &Relation::ALL);
    let texts = texts(&state);
    let kind = |name: &str| row_with(&texts, name).to_owned();
    assert!(kind("All Staff").ends_with("Microsoft 365"), "{texts:#?}");
    assert!(kind("VPN Users").contains("Security"));
    assert!(kind("Finance Approvers").contains("Mail-enabled security"));
    assert!(kind("Sales EMEA").contains("Distribution"));
    assert!(kind("Engineering (dynamic)").contains("Security · dynamic"));
    assert!(kind("rule").contains("(user.department -eq \"Engineering\")"));
    assert!(kind("Helpdesk Administrator").contains("Directory role"));
    // Roles come first.
    let roles = texts.iter().position(|t| t.contains("Helpdesk")).unwrap();
    let groups = texts.iter().position(|t| t.contains("All Staff")).unwrap();
    assert!(roles < groups);
    assert!(row_with(&texts, "SPE_E5").contains("3 service plans (1 turned off)"));
}

#[test]
fn a_failure_stays_in_its_section_and_r_asks_again() {
    let mut state = listed(ADMIN);
    let fx = open_detail(
        &mut state,
        &[
            Relation::Manager,
            Relation::DirectReports,
            Relation::Licenses,
        ],
    );
    state.status.notice = None;
    let groups = relation_request(&fx, Relation::MemberOf).unwrap();
    let e = api_error(503, "serviceNotAvailable", "Try again later.");
    update(&mut state, fail(groups, e.clone()));
    let detail = top(&state);
    assert_eq!(detail.relations.groups.error, Some(e));
    assert_eq!(
        detail.relations.manager.value,
        Some(Some(Box::new(manager())))
    );
    // Not on the status line: the section says it. The error history keeps it.
    assert_eq!(state.status.notice, None);
    assert_eq!(
        state.errors.back().unwrap().operation,
        crate::state::Operation::ListMemberships
    );
    let texts = texts(&state);
    let row = row_with(&texts, "✗");
    assert!(
        row.contains("r retries") && row.contains("(request-id req-42)"),
        "{row}"
    );
    // The other sections are usable: the cursor reaches the manager.
    for _ in 0..15 {
        update(&mut state, ch('j'));
    }
    assert_eq!(top(&state).cursor, (Section::Job, 6));
    // r reads the user again, then every relation; the failure goes as it is asked again.
    let fx = update(&mut state, ch('r'));
    let (id, op) = fixtures::one_run(&fx);
    assert!(matches!(op, Op::GetUser(_)));
    let fx = update(
        &mut state,
        ok(
            id,
            crate::runtime::worker::Reply::User(Box::new(users()[0].clone())),
        ),
    );
    assert_eq!(top(&state).relations.groups.error, None);
    assert!(builder::loading(&state, top(&state), Relation::MemberOf));
    update(
        &mut state,
        answer_relation(&fx, Relation::MemberOf).unwrap(),
    );
    assert_eq!(top(&state).relations.groups.value, Some(memberships()));
    // What was shown stayed shown while it was read again.
    assert_eq!(
        top(&state).relations.manager.value,
        Some(Some(Box::new(manager())))
    );
}

#[test]
fn answers_for_a_detail_that_was_left_are_dropped() {
    let mut state = listed(ADMIN);
    let fx = open_detail(&mut state, &[Relation::Manager]);
    let groups = relation_request(&fx, Relation::MemberOf).unwrap();
    let fx_back = update(&mut state, press(KeyCode::Esc));
    assert!(
        cancels(&fx_back).contains(&groups),
        "Esc stops its requests"
    );
    assert_eq!(detail_details(&state), 0);
    // The answer arriving anyway changes nothing and opens nothing.
    update(&mut state, ok(groups, related(Relation::MemberOf)));
    assert_eq!(detail_details(&state), 0);
    // Opening the user again starts over: the old answer is no use to it.
    open_detail(&mut state, &[]);
    update(&mut state, ok(groups, related(Relation::MemberOf)));
    assert_eq!(top(&state).relations.groups.value, None);
}

#[test]
fn enter_on_a_report_or_the_manager_opens_that_user_over_this_one() {
    let mut state = listed(ADMIN);
    open_detail(&mut state, &Relation::ALL);
    let ada = top(&state).user.clone();
    // Tab goes section by section: Job information, then Direct reports.
    update(&mut state, press(KeyCode::Tab));
    assert_eq!(top(&state).cursor, (Section::Job, 0));
    update(&mut state, press(KeyCode::Tab));
    assert_eq!(top(&state).cursor, (Section::Reports, 0));
    // On the heading Enter opens nothing; on a report it opens the report.
    update(&mut state, press(KeyCode::Enter));
    assert_eq!(detail_details(&state), 1);
    update(&mut state, ch('j'));
    let hints: Vec<String> = top(&state)
        .hints(&state)
        .iter()
        .map(|h| h.what.clone())
        .collect();
    assert!(hints.contains(&"open report".to_owned()), "{hints:?}");
    let fx = update(&mut state, press(KeyCode::Enter));
    assert_eq!(detail_details(&state), 2);
    assert_eq!(top(&state).user, reports()[0].user);
    assert!(matches!(fixtures::one_run(&fx).1, Op::GetUser(id) if id == reports()[0].user.id));
    let crumbs: Vec<String> = state
        .screens
        .iter()
        .filter_map(|s| s.as_dyn().crumb())
        .collect();
    assert_eq!(crumbs, ["Users", ada.label(), reports()[0].user.label()]);
    // Back to the manager's detail, as it was.
    update(&mut state, press(KeyCode::Esc));
    assert_eq!(top(&state).user.id, ada.id);
    assert_eq!(top(&state).cursor, (Section::Reports, 1));
    assert_eq!(top(&state).relations.reports.value, Some(reports()));
    // Shift-Tab goes to this section's heading, then the one before: Job information, whose
    // manager row opens the manager.
    update(&mut state, press(KeyCode::BackTab));
    assert_eq!(top(&state).cursor, (Section::Reports, 0));
    update(&mut state, press(KeyCode::BackTab));
    assert_eq!(top(&state).cursor, (Section::Job, 0));
    for _ in 0..6 {
        update(&mut state, ch('j'));
    }
    update(&mut state, press(KeyCode::Enter));
    assert_eq!(top(&state).user, manager().user);
}

#[test]
fn a_user_without_a_manager_says_none() {
    let mut state = listed(ADMIN);
    let fx = open_detail(&mut state, &[]);
    let id = relation_request(&fx, Relation::Manager).unwrap();
    update(
        &mut state,
        ok(
            id,
            crate::runtime::worker::Reply::Related(Box::new(Related::Manager(None))),
        ),
    );
    let texts = texts(&state);
    assert!(row_with(&texts, "Manager").ends_with("none"), "{texts:#?}");
}

#[test]
fn sign_ins_say_why_they_are_not_shown_instead_of_failing() {
    // Without AuditLog.Read.All the token already says so: nothing is asked.
    let mut state = listed(&["User.ReadWrite.All"]);
    let fx = open_detail(&mut state, &[]);
    assert_eq!(relation_request(&fx, Relation::SignInActivity), None);
    let shown = texts(&state);
    assert!(row_with(&shown, "Last sign-in").contains("needs AuditLog.Read.All"));

    // A tenant without Entra ID P1/P2: Graph's 403 becomes the reason, not an error.
    let mut state = listed(ADMIN);
    let fx = open_detail(&mut state, &[]);
    state.status.notice = None;
    let id = relation_request(&fx, Relation::SignInActivity).unwrap();
    let e = api_error(
        403,
        "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
        "Neither tenant is B2C or tenant doesn't have premium license",
    );
    update(&mut state, fail(id, e));
    let detail = top(&state);
    assert_eq!(detail.relations.sign_ins.error, None);
    let shown = texts(&state);
    assert!(row_with(&shown, "Last sign-in").contains("Microsoft Entra ID P1 or P2"));
    assert_eq!(state.status.notice, None);
}

/// A detail whose memberships answered a first page that says more follow; the state and
/// the request for the next page.
fn first_page_of_groups() -> (State, u64) {
    let mut state = listed(ADMIN);
    let fx = open_detail(&mut state, &[]);
    let id = relation_request(&fx, Relation::MemberOf).unwrap();
    let fx = update(
        &mut state,
        ok(id, related_with_more(Relation::MemberOf, "http://g/next")),
    );
    let (next, op) = fixtures::one_run(&fx);
    assert!(
        matches!(op, Op::RelatedNext { relation: Relation::MemberOf, next } if next.link == "http://g/next")
    );
    (state, next)
}

#[test]
fn further_pages_are_read_and_added() {
    let (mut state, next) = first_page_of_groups();
    assert_eq!(
        top(&state).relations.groups.value.as_ref().unwrap().len(),
        2
    );
    // The section shows what came and that more is coming.
    assert!(row_with(&texts(&state), "Group memberships (2)").contains("loading"));
    let rest = Listing {
        items: memberships()[2..].to_vec(),
        next: None,
    };
    update(
        &mut state,
        ok(
            next,
            crate::runtime::worker::Reply::Related(Box::new(Related::MemberOf(rest))),
        ),
    );
    assert_eq!(top(&state).relations.groups.value, Some(memberships()));
    // A later page that fails keeps the earlier ones.
    let (mut state, next) = first_page_of_groups();
    update(
        &mut state,
        fail(next, api_error(504, "GatewayTimeout", "late")),
    );
    let groups = &top(&state).relations.groups;
    assert_eq!(groups.value.as_ref().unwrap().len(), 2);
    assert!(groups.error.is_some());
    let texts = texts(&state);
    assert!(row_with(&texts, "All Staff").contains("Microsoft 365"));
    row_with(&texts, "✗");
}

#[test]
fn another_screen_can_reload_or_set_the_manager() {
    let mut state = listed(ADMIN);
    open_detail(&mut state, &Relation::ALL);
    let ada = top(&state).user.id.clone();
    let mut fx = crate::effect::Effects::default();
    reload_manager(&mut state, &ada, &mut fx);
    let fx = fx.into_vec();
    let id = relation_request(&fx, Relation::Manager).unwrap();
    assert!(state.pending.get(&id).is_some_and(|p| matches!(
        p,
        Pending::Detail(Load::Related {
            relation: Relation::Manager,
            ..
        })
    )));
    update(
        &mut state,
        ok(
            id,
            crate::runtime::worker::Reply::Related(Box::new(Related::Manager(None))),
        ),
    );
    assert_eq!(top(&state).relations.manager.value, Some(None));
    // Knowing the new manager, it shows at once without a request.
    manager_changed(&mut state, &ada, Some(&users()[6]));
    let texts = texts(&state);
    assert!(row_with(&texts, "Manager").contains("Grace Hopper"));
    // Another user's detail is left alone.
    manager_changed(&mut state, &users()[3].id, None);
    assert!(
        top(&state)
            .relations
            .manager
            .value
            .as_ref()
            .unwrap()
            .is_some()
    );
}

#[test]
fn hostile_names_in_relations_are_shown_harmless() {
    let mut state = listed(ADMIN);
    let fx = open_detail(&mut state, &[]);
    let id = relation_request(&fx, Relation::MemberOf).unwrap();
    let mut evil = memberships();
    evil[0].display_name = Some("\u{1b}[31mAll\u{202e}Staff".to_owned());
    evil[4].membership_rule = Some("(user.department -eq \"\n\u{1b}[2J\")".to_owned());
    let listing = Listing {
        items: evil,
        next: None,
    };
    update(
        &mut state,
        ok(
            id,
            crate::runtime::worker::Reply::Related(Box::new(Related::MemberOf(listing))),
        ),
    );
    for text in texts(&state) {
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{text:?}"
        );
    }
}
